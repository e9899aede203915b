"""Screens narrower than 1280 px: a 1024x768 or 1152x864 classroom
projector, a window made smaller. The details card's tabs and buttons, the
header's parts and the time bar's dates each show whole, apart, and within
reach of the mouse."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Atlas
from tests.browser.test_presentation import _boxes_apart

NARROW = [(1024, 768), (1152, 864)]
NARROW_IDS = ["1024x768", "1152x864"]
FILTERS = "kinds=call,meeting,support&confidence=confirmed"

#: each of ``selector``'s shown elements: its words, its box, and whether the
#: element at its centre is it (or inside it): nothing covers it there
_REACHABLE = """(selector) => [...document.querySelectorAll(selector)]
    .filter(e => e.checkVisibility())
    .map(e => { const r = e.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return {words: e.innerText || e.getAttribute('aria-label'),
                left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                reached: !!top && (top === e || e.contains(top))}; })"""


def _reachable(atlas: Atlas, selector: str) -> list[dict]:
    return atlas.page.evaluate(_REACHABLE, selector)


def _inside(part: dict, box: dict) -> bool:
    return (
        box["x"] - 0.5 <= part["left"]
        and part["right"] <= box["x"] + box["width"] + 0.5
        and box["y"] - 0.5 <= part["top"]
        and part["bottom"] <= box["y"] + box["height"] + 0.5
    )


@pytest.mark.parametrize("screen", NARROW, indirect=True, ids=NARROW_IDS)
def test_every_details_tab_shows_whole_and_answers_a_click(screen):
    """Under about 1150 px the tabs ran under the card's ⤢ and "Clear (Esc)"
    buttons: "Path" read "Patl", "Change" was hidden, and neither could be
    clicked. Each tab and button lies whole inside the tab bar's row, in the
    card, nothing over its centre; a click on each tab shows its pane."""
    atlas = screen.open()
    card = atlas.page.locator(".atlas-details").bounding_box()
    row = atlas.page.locator(".atlas-tabbar-row").bounding_box()
    tabs = _reachable(atlas, ".atlas-tabbar label")
    buttons = _reachable(atlas, ".atlas-card-buttons button")
    assert [tab["words"] for tab in tabs] == [
        "Details",
        "Events",
        "Rankings",
        "Path",
        "Change",
    ]
    assert len(buttons) == 2
    for part in tabs + buttons:
        assert _inside(part, card) and _inside(part, row), part
        assert part["reached"], part
    # the tab bar shows its tabs whole: nothing to scroll to
    assert atlas.page.evaluate(
        "() => { const bar = document.querySelector('.atlas-tabbar');"
        " return bar.scrollWidth <= bar.clientWidth + 1; }"
    )
    assert _boxes_apart(atlas, [".atlas-tabbar label", ".atlas-card-buttons"]) == []
    for tab, pane in (("Change", "change"), ("Path", "path"), ("Details", "details")):
        atlas.page.locator(".atlas-tabbar label", has_text=tab).click()
        atlas.page.wait_for_function(
            "(id) => !document.getElementById(id).hidden", arg=f"pane-{pane}"
        )
    width = screen.page.viewport_size["width"]
    atlas.screenshot(f"narrow-tabs-{width}")


@pytest.mark.parametrize("screen", NARROW, indirect=True, ids=NARROW_IDS)
@pytest.mark.parametrize("present", ["", "present=1&"], ids=["desk", "present"])
def test_the_header_parts_stand_apart_and_its_chips_within_reach(screen, present):
    """At 1024 px two chips ran leftwards over the window's counts ("7
    relations among 6 act…" under "confirmed only ✕"), and a single one
    too: their row is aligned to its right end, and what ran out at its left
    was unseen by the folding. Presenting, the chips stood above the screen,
    out of reach. The title, the window's words, each chip (or the one they
    fold into) and each control stand apart; each chip or fold is reached
    by the mouse."""
    atlas = screen.open(f"?{present}{FILTERS}")
    parts = [
        ".atlas-header > div:first-child",
        "#header-window",
        ".atlas-chip:not([hidden])",
        "#chips-more",
        ".atlas-display-links .atlas-button",
    ]
    assert _boxes_apart(atlas, parts) == []
    chips = _reachable(atlas, ".atlas-chip:not([hidden]), #chips-more")
    assert chips, "no chip nor fold shown"
    width, height = (screen.page.viewport_size[k] for k in ("width", "height"))
    for chip in chips:
        assert chip["reached"], chip
        assert 0 <= chip["left"] and chip["right"] <= width, chip
        assert 0 <= chip["top"] and chip["bottom"] <= height, chip
    words_cut = atlas.page.evaluate(
        "() => [...document.querySelectorAll('.atlas-chip-words')]"
        ".filter(w => w.checkVisibility() && w.scrollWidth > w.clientWidth + 1)"
        ".map(w => w.textContent)"
    )
    assert words_cut == []
    atlas.screenshot(f"narrow-header-{present[:7] or 'desk'}-{width}")


@pytest.mark.parametrize("screen", NARROW, indirect=True, ids=NARROW_IDS)
def test_the_overview_dates_stand_level_above_the_standing_strip(screen):
    """Where the overview's dates touched, Plotly turned them 30°, down into
    the standing strip's words under them ("Jan 2025" through "◂ 2
    standing"). Each date stands apart from the next and above the strip's
    words."""
    atlas = screen.open()
    boxes = atlas.page.evaluate(
        """() => {
            const plot = document.querySelector('#time-bar');
            const box = e => { const r = e.getBoundingClientRect();
                return {words: e.textContent, left: r.left, right: r.right,
                        top: r.top, bottom: r.bottom}; };
            return {
                dates: [...plot.querySelectorAll('.subplot.xy .xaxislayer-above .xtick text')]
                    .filter(t => t.textContent).map(box),
                strip: [...plot.querySelectorAll('.annotation')]
                    .filter(a => a.textContent && a.checkVisibility()).map(box),
            };
        }"""
    )
    dates, strip = boxes["dates"], boxes["strip"]
    assert len(dates) >= 3 and any("standing" in a["words"] for a in strip), boxes
    for before, after in zip(dates, dates[1:]):
        assert before["right"] <= after["left"], (before, after)
    lowest = max(date["bottom"] for date in dates)
    assert all(lowest <= words["top"] for words in strip), (dates, strip)
    width = screen.page.viewport_size["width"]
    atlas.screenshot(f"narrow-time-bar-{width}")
