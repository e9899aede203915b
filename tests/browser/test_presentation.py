"""Presentation mode on a classroom projector (1280x720) and a full-HD one
(1920x1080): one short header row, large labels, the figures using the
screen, and a story's caption, quote and source in full, never scrolled."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Atlas

SIZES = [(1280, 720), (1920, 1080)]
#: The longest step of the bundled story: its caption, quote and source.
LONGEST_STEP = "?story=guacamaya&step=8&present=1"


def _box(atlas: Atlas, selector: str) -> dict:
    box = atlas.page.locator(selector).bounding_box()
    assert box, f"{selector} is not shown"
    return box


def _inside(box: dict, width: int, height: int) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and box["y"] + box["height"] <= height
    )


def _clipped_header_texts(atlas: Atlas) -> list[str]:
    """The header's shown elements whose text is wider or taller than their
    box (cut, ending in an ellipsis, or lines clamped away)."""
    return atlas.page.evaluate(
        """() => [...document.querySelectorAll('.atlas-header *')]
            .filter(e => e.offsetParent !== null && e.clientWidth > 0
                && !e.closest('.visually-hidden'))
            .filter(e => e.scrollWidth > e.clientWidth + 1
                || e.scrollHeight > e.clientHeight + 1)
            .map(e => e.id || e.className || e.tagName)"""
    )


def _labels(atlas: Atlas, graph_id: str) -> list[dict]:
    """The actor labels a figure draws (SVG text): words, font size (px),
    and whether each lies inside the figure's plotting area."""
    return atlas.page.evaluate(
        """(id) => {
            const root = document.getElementById(id);
            const area = root.querySelector('.geo .bg rect, .nsewdrag')
                .getBoundingClientRect();
            return [...root.querySelectorAll('.scatterlayer text')]
                .filter(t => t.textContent.trim())
                .map(t => {
                    const b = t.getBoundingClientRect();
                    return {text: t.textContent,
                            size: parseFloat(getComputedStyle(t).fontSize),
                            inside: b.left >= area.left - 1 && b.right <= area.right + 1
                                && b.top >= area.top - 1 && b.bottom <= area.bottom + 1};
                });
        }""",
        graph_id,
    )


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_a_story_step_fits_the_projector(screen):
    atlas = screen.open(LONGEST_STEP)
    width, height = (atlas.page.viewport_size[k] for k in ("width", "height"))
    # one short header row, nothing in it cut
    assert _box(atlas, ".atlas-header")["height"] <= 64
    assert _clipped_header_texts(atlas) == []
    # the story's words in full, on screen, without scrolling
    seen = "#story-panel > :not(.atlas-story-sizer)"  # not the unseen copies
    for selector in (
        f"{seen} .atlas-story-step",
        "#story-panel > .atlas-story-caption:not(.atlas-story-sizer)",
        f"{seen} blockquote",
        f"{seen} .atlas-meta",
        "#story-prev",
        "#story-next",
        "#story-end",
    ):
        assert _inside(_box(atlas, selector), width, height), selector
    panel = atlas.page.eval_on_selector(
        "#story-panel", "e => [e.scrollHeight, e.clientHeight]"
    )
    assert panel[0] <= panel[1] + 1, "the story panel scrolls"
    assert atlas.page.evaluate("() => document.documentElement.scrollHeight") <= height
    assert "Source: Guacamaya" in atlas.page.inner_text(f"{seen} .atlas-meta")
    # large labels, each whole inside its figure
    for graph in ("geo-map", "network-graph"):
        labels = _labels(atlas, graph)
        assert labels and min(label["size"] for label in labels) >= 16, graph
        assert [label["text"] for label in labels if not label["inside"]] == [], graph
    # the figures use the screen: at 1280x720 the basemap was 410 x 230 px
    geo = _box(atlas, "#geo-map .geo .bg rect")
    assert geo["width"] >= 0.44 * width and geo["height"] >= 0.4 * height, geo
    atlas.screenshot(f"present-story-{width}x{height}")
    assert atlas.console_errors == [] and atlas.foreign_requests == []


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_the_figures_keep_their_place_from_step_to_step(screen):
    """A teacher stepping through a story saw the figures shrink and grow:
    the legends under them took 3 to 5 rows, and the story's bar a line more
    or less with each step's title."""
    atlas = screen.open("?present=1&story=guacamaya&step=1")
    boxes = []
    for step in range(1, 9):
        if step > 1:
            atlas.page.keyboard.press("ArrowRight")
            atlas.page.wait_for_function(
                f"() => location.search.includes('step={step}')", timeout=20_000
            )
            atlas.settle()
        boxes.append(
            tuple(
                round(_box(atlas, selector)[side])
                for selector in ("#geo-map .geo .bg rect", "#network-graph .nsewdrag")
                for side in ("y", "height", "width")
            )
        )
    assert len(set(boxes)) == 1, boxes
    # the bar's unseen copies of the longest words take no clicks or reading
    assert atlas.page.locator(".atlas-story-sizer[aria-hidden='true']").count() == 3


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_presentation_without_a_story(screen):
    atlas = screen.open("?present=1")
    width, height = (atlas.page.viewport_size[k] for k in ("width", "height"))
    assert _box(atlas, ".atlas-header")["height"] <= 64
    assert _clipped_header_texts(atlas) == []
    for selector in ("#geo-map", "#network-graph", "#time-bar", "#play-button"):
        assert _inside(_box(atlas, selector), width, height), selector
    for graph in ("geo-map", "network-graph"):
        labels = _labels(atlas, graph)
        assert labels and min(label["size"] for label in labels) >= 16, graph
        assert [label["text"] for label in labels if not label["inside"]] == [], graph
    # as large as the page's own type: larger on a full-HD screen
    large = width >= 1600
    for graph in ("geo-map", "network-graph"):
        sizes = {label["size"] for label in _labels(atlas, graph)}
        assert sizes == ({22} if large else {18}), (graph, sizes)
    figures = [_box(atlas, f"#{g}")["width"] for g in ("geo-map", "network-graph")]
    assert sum(figures) >= 0.9 * width
    atlas.screenshot(f"present-{width}x{height}")


def test_the_header_says_a_filtered_window_whole(atlas):
    """Beside a filter, "21 Nov – 24 Nov 2025 · 3 relations" ended where
    "among 4 actors" was cut away, with no sign of it."""
    atlas.open(
        "?present=1&theme=dark&kinds=call,meeting,threat"
        "&start=2025-11-21&end=2025-11-24"
    )
    assert atlas.page.inner_text("#header-window").endswith("among 4 actors")
    assert _clipped_header_texts(atlas) == []
    assert _box(atlas, ".atlas-header")["height"] <= 64
    atlas.screenshot("present-filtered-header")


def _boxes_apart(atlas: Atlas, selectors: list[str]) -> list[tuple[str, str]]:
    """Pairs of the shown elements matching ``selectors`` whose boxes overlap."""
    return atlas.page.evaluate(
        """(selectors) => {
            const shown = selectors.flatMap(s => [...document.querySelectorAll(s)])
                .filter(e => e.offsetParent !== null);
            const pairs = [];
            shown.forEach((a, i) => shown.slice(i + 1).forEach(b => {
                const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
                if (p.left < q.right - 1 && q.left < p.right - 1
                    && p.top < q.bottom - 1 && q.top < p.bottom - 1) {
                    pairs.push([a.id || a.innerText, b.id || b.innerText]);
                }
            }));
            return pairs;
        }""",
        selectors,
    )


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_a_filter_leaves_the_projected_header_as_it_is(screen):
    """The first filter made the header taller (40 -> 60 px at 1280x720, 46 ->
    70 at 1920x1080): its chip took the row's room from the window's words,
    which went onto a second line, every panel moved and the figures were
    drawn a second time. The chips sit in the time card's row of the player;
    the header keeps its height with three of them, and as they go."""
    from tests.browser.test_round_trips import FIGURES, Requests

    atlas = screen.open("?present=1")
    header = _box(atlas, ".atlas-header")
    atlas.open("?present=1&kinds=call,meeting,support&confidence=confirmed&states=1")
    for left in (3, 2, 1, 0):
        assert _box(atlas, ".atlas-header") == header, left
        assert _clipped_header_texts(atlas) == []
        chips = atlas.page.locator(".atlas-chip:not([hidden])")
        assert chips.count() == left
        # whole, apart from each other, the player and the time bar, in its card
        parts = [".atlas-chip", "#header-window", ".atlas-player", "#time-bar"]
        assert _boxes_apart(atlas, parts) == []
        cut = atlas.page.evaluate(
            "() => [...document.querySelectorAll('.atlas-chip-words')]"
            ".filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1)"
            ".map(e => e.innerText)"
        )
        assert cut == []
        card = _box(atlas, "#time-card")
        for index in range(left):
            chip = chips.nth(index).bounding_box()
            assert card["x"] <= chip["x"]
            assert chip["x"] + chip["width"] <= card["x"] + card["width"]
            assert card["y"] <= chip["y"] < _box(atlas, "#time-bar")["y"]
        if not left:
            break
        requests = Requests(atlas)
        chips.first.click()
        atlas.settle()
        atlas.page.wait_for_timeout(500)  # the panels' sizes are told after 150 ms
        atlas.settle()
        assert len(requests.asked(FIGURES)) == 1
    assert "kinds=" not in atlas.page.url and "states=" not in atlas.page.url
    atlas.screenshot(f"present-chips-{atlas.page.viewport_size['width']}")


def test_every_arcs_hover_fits_the_projected_map(atlas):
    """At 1280x720 a hover's lines of up to 64 characters at 18 px were
    wider than the map, cut off at its edges."""
    atlas.open("?present=1")
    points = atlas.page.evaluate(
        """() => [...document.querySelectorAll('#geo-map .scatterlayer .trace')]
            .filter(t => (t.__data__[0].trace.customdata || [])
                .some(c => c && c[0] === 'relation'))
            .flatMap(t => [...t.querySelectorAll('path.point')])
            .map(p => { const r = p.getBoundingClientRect();
                        return [r.x + r.width / 2, r.y + r.height / 2]; })"""
    )
    assert len(points) >= 10
    map_box = _box(atlas, "#geo-map")
    cut = []
    for x, y in points:
        atlas.page.mouse.move(x, y)
        label = atlas.page.locator("#geo-map .hoverlayer .hovertext")
        label.first.wait_for(timeout=2_000)
        box = label.first.bounding_box()
        if (
            box["x"] < map_box["x"]
            or box["x"] + box["width"] > map_box["x"] + map_box["width"]
        ):
            cut.append((x, y, box["width"]))
        atlas.page.mouse.move(1, 1)
    assert cut == []


@pytest.mark.parametrize(
    "query",
    [
        "kinds=call,meeting,support&confidence=confirmed&states=1"
        "&start=2025-11-01&end=2025-12-11",
        "kinds=call&actors=state,person&confidence=confirmed,reported"
        "&sources=2&states=1",
    ],
    ids=["three-chips", "five-chips"],
)
def test_the_header_keeps_the_window_beside_many_filters(atlas, query):
    """However many filters' chips, the window and its counts read whole: the
    chips took the row, cutting it to "1 Nov – 11 Dec…" beside three and to
    nothing at all beside five, at 1280x720."""
    atlas.open(f"?present=1&{query}")
    assert atlas.page.inner_text("#header-window").endswith(" actors")
    assert _box(atlas, "#header-window")["width"] > 200
    assert _clipped_header_texts(atlas) == []


def test_secondary_controls_wait_behind_more(atlas):
    """Presenting, the theme, the slides menu and Copy link show only from
    the "More" button (by keyboard too); on the desk they stand in the row."""
    atlas.open("?story=guacamaya&step=4&present=1")
    secondary = ("#theme-toggle", ".atlas-menu > summary", "#copy-link")
    assert not any(atlas.page.is_visible(s) for s in secondary)
    atlas.page.focus(".atlas-more-button")
    assert all(atlas.page.is_visible(s) for s in secondary)
    atlas.page.keyboard.press("Tab")
    assert atlas.page.evaluate("() => document.activeElement.id") == "theme-toggle"
    assert atlas.page.is_visible("#copy-link")
    atlas.page.mouse.click(640, 300)  # away: the menu closes
    atlas.page.mouse.move(640, 300)
    assert not atlas.page.is_visible("#copy-link")
    # a one-day window is that day, not "21 Nov – 21 Nov 2025"
    assert atlas.page.inner_text("#header-window").startswith("21 Nov 2025 · ")
    atlas.open("?story=guacamaya&step=4")
    assert not atlas.page.is_visible(".atlas-more-button")
    assert all(atlas.page.is_visible(s) for s in secondary)
    assert atlas.page.inner_text("#header-window").startswith("21 Nov 2025 · ")


def test_a_step_shuts_more(atlas):
    """Tabbing through "More" to its Dark theme and pressing Enter left the
    menu open over the network at every step of the story, the names of
    the actors the caption spoke of under it, until Escape."""
    atlas.open("?story=guacamaya&step=2&present=1")
    atlas.page.focus(".atlas-more-button")
    atlas.page.keyboard.press("Tab")
    assert atlas.page.evaluate("() => document.activeElement.id") == "theme-toggle"
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert atlas.query()["theme"] == "dark" and atlas.page.is_visible("#copy-link")
    atlas.page.keyboard.press("PageDown")
    atlas.settle()
    assert atlas.query()["step"] == "3"
    assert not atlas.page.is_visible("#copy-link")
    # the keyboard can open it again from its button
    assert "atlas-more-button" in atlas.page.evaluate(
        "() => document.activeElement.className"
    )


def test_escape_shuts_more_before_leaving_the_presentation(atlas):
    """Esc with "More" open shuts the menu, even with the pointer still on it,
    and the presentation stays; Esc with it shut leaves the presentation."""
    atlas.open("?present=1&story=guacamaya&step=2")
    focused = "() => document.activeElement.className"
    atlas.page.click(".atlas-more-button")
    assert atlas.page.is_visible("#copy-link")
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert atlas.query()["present"] == "1"
    assert not atlas.page.is_visible("#copy-link")
    # "More" pressed again (Enter) opens it; Esc from one of its controls
    # shuts it and gives the focus back to "More"
    atlas.page.keyboard.press("Enter")
    atlas.page.keyboard.press("Tab")
    assert atlas.page.evaluate("() => document.activeElement.id") == "theme-toggle"
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert not atlas.page.is_visible("#copy-link")
    assert "atlas-more-button" in atlas.page.evaluate(focused)
    assert atlas.query()["present"] == "1"
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert "present" not in atlas.query()
    assert atlas.page.locator("#atlas-root.present").count() == 0


def test_escape_shuts_more_from_the_slides_menu_too(atlas):
    """Esc shuts "More" from "Slides and images" (a summary, whose arrows and
    space are its own) and from its map / network radio buttons, as from the
    menu's other controls; the presentation stays."""
    atlas.open("?present=1")
    focused = "() => document.activeElement.className"
    on = "() => document.activeElement.tagName + ' ' + document.activeElement.type"
    for steps, target in (
        (["Tab", "Tab"], "SUMMARY undefined"),
        (["Enter", "Tab", "Tab", "Enter", "Tab"], "INPUT radio"),  # "More" again
    ):
        atlas.page.focus(".atlas-more-button")
        for key in steps:
            atlas.page.keyboard.press(key)
        assert atlas.page.evaluate(on) == target
        assert atlas.page.is_visible("#copy-link")
        atlas.page.keyboard.press("Escape")
        atlas.settle()
        assert not atlas.page.is_visible("#copy-link"), steps
        assert "atlas-more-button" in atlas.page.evaluate(focused)
        assert atlas.query()["present"] == "1"


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_the_desk_keeps_its_layout(screen):
    """Outside presentation mode nothing moved: filters, header row with
    every control, details card, small labels."""
    atlas = screen.open("?story=guacamaya&step=8")
    width, height = (atlas.page.viewport_size[k] for k in ("width", "height"))
    for selector in (
        "#present-toggle",
        "#theme-toggle",
        "#copy-link",
        ".atlas-details",
    ):
        assert atlas.page.is_visible(selector), selector
    assert _box(atlas, ".atlas-header")["height"] <= 64
    # the story takes the filter column, beside the figures
    story, figure = _box(atlas, "#story-panel"), _box(atlas, "#geo-map")
    assert story["x"] + story["width"] <= figure["x"]
    assert max(label["size"] for label in _labels(atlas, "network-graph")) < 16
    atlas.screenshot(f"desk-story-{width}x{height}")


#: 1280x720 at 150% browser zoom (or a larger OS font): the page's own width
ZOOMED = (853, 480)


@pytest.mark.parametrize("screen", [ZOOMED], indirect=True, ids=["150%"])
@pytest.mark.parametrize("present", ["", "&present=1"], ids=["desk", "present"])
def test_a_zoomed_in_page_stacks_in_one_column(screen, present):
    """Zoomed in, the page scrolls in one column: a story's caption stood one
    letter a line in a sliver of the filters' column, presenting squeezed the
    figures to their legends and ran the header off the screen, and the
    header cut the window's words to "1 Jan 2019 – 1…"."""
    atlas = screen.open("?story=guacamaya&step=4" + present)
    width = ZOOMED[0]
    assert atlas.page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert (
        _box(atlas, ".atlas-story-caption:not(.atlas-story-sizer)")["width"]
        > width * 0.8
    )
    # the plots' own areas, under their titles and over their legends
    for plot in ("#geo-map .geolayer .geo .bg", "#network-graph .nsewdrag"):
        assert _box(atlas, plot)["height"] > 200, plot
        assert _box(atlas, plot)["width"] > width * 0.8, plot
    assert _inside(_box(atlas, ".atlas-header"), width, 10_000)
    window = atlas.page.evaluate(
        "() => { const e = document.getElementById('header-window');"
        " return [e.scrollWidth <= e.clientWidth + 1,"
        " e.scrollHeight <= e.clientHeight + 1]; }"
    )
    assert window == [True, True]
    atlas.screenshot("zoomed-story" + present.replace("&", "-").replace("=", ""))


def _overlapping_header_parts(atlas: Atlas) -> list[tuple[str, str]]:
    """Pairs of the header's shown parts (title, window, each chip, each
    control) whose boxes cross."""
    return atlas.page.evaluate(
        """() => {
            const parts = [...document.querySelectorAll(
                '.atlas-header > div:first-child, #header-window, '
                + '.atlas-chip:not([hidden]), .atlas-display-links .atlas-button')]
                .filter(e => e.checkVisibility())
                .map(e => [e.id || e.className || e.tagName,
                           e.getBoundingClientRect()]);
            const pairs = [];
            for (let i = 0; i < parts.length; i++) {
                for (let j = i + 1; j < parts.length; j++) {
                    const [a, p] = parts[i], [b, q] = parts[j];
                    if (p.left < q.right - 1 && q.left < p.right - 1
                        && p.top < q.bottom - 1 && q.top < p.bottom - 1) {
                        pairs.push([a, b]);
                    }
                }
            }
            return pairs;
        }"""
    )


@pytest.mark.parametrize("screen", [ZOOMED], indirect=True, ids=["150%"])
@pytest.mark.parametrize("present", ["", "&present=1"], ids=["desk", "present"])
def test_a_zoomed_in_header_keeps_its_chips_off_the_title(screen, present):
    """Zoomed in, the filters' chips sat in the title's row squeezed to
    nothing, and spilled leftwards over the subtitle ("Who backs whom:
    Russia, Belarus, Turk" under "confirmed only ✕")."""
    atlas = screen.open("?kinds=call,meeting,support&confidence=confirmed" + present)
    assert _overlapping_header_parts(atlas) == []
    # the subtitle ends in "…" on any narrow screen, its whole on hover
    assert set(_clipped_header_texts(atlas)) <= {"subtitle"}
    assert _inside(_box(atlas, ".atlas-header"), ZOOMED[0], 10_000)


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_a_bad_link_says_what_was_wrong_while_presenting(screen):
    """Presenting hides the header's notices: a teacher's mistyped link fell
    back to defaults unsaid. It says so over the figures, under the header,
    in words a projector shows (16 px)."""
    width, height = screen.page.viewport_size.values()
    screen.open("?present=1&kinds=sanctoins&start=2025-13-01")
    notice = screen.page.locator("#notice")
    assert notice.is_visible()
    words = notice.inner_text()
    assert "sanctoins" in words and "2025-13-01" in words
    box, header = _box(screen, "#notice"), _box(screen, ".atlas-header")
    assert _inside(box, width, height)
    assert box["y"] >= header["y"] + header["height"]  # the title stays readable
    size = screen.page.evaluate(
        "() => parseFloat(getComputedStyle(document.getElementById('notice')).fontSize)"
    )
    assert size >= 16
    screen.screenshot(f"present-bad-link-{width}")
    # a click hides it before it fades: it covered the map's top for 15 s
    notice.click()
    assert not notice.is_visible()
    # another bad link, in the same page (the browser's Back), says its own
    screen.page.evaluate(
        "() => { history.pushState({}, '', '?present=1&start=2025-02-30');"
        " window.dispatchEvent(new PopStateEvent('popstate')); }"
    )
    screen.page.wait_for_function(
        "() => document.getElementById('notice').textContent.includes('2025-02-30')"
    )
    assert notice.is_visible()
    # a good link has nothing to say
    screen.open("?present=1&kinds=sanctions")
    assert not notice.is_visible()


def _settled_at_step(atlas, number: int) -> None:
    """Wait for a story's step ``number`` and for nothing more to come (a
    press taken twice would go on past it)."""
    atlas.page.wait_for_function(
        "(number) => document.querySelector('.atlas-story-count')"
        ".textContent.startsWith(`Step ${number} `)",
        arg=number,
        timeout=10_000,
    )
    atlas.settle()
    atlas.page.wait_for_timeout(500)


def _settled_at_window(atlas, words: str) -> None:
    """Wait for the header to say the window ``words``, and for nothing more
    to come."""
    atlas.page.wait_for_function(
        "(words) => document.getElementById('header-window').textContent === words",
        arg=words,
        timeout=10_000,
    )
    atlas.settle()
    atlas.page.wait_for_timeout(500)


def test_steps_pressed_quickly_are_each_taken(atlas):
    """A step takes about half a second; the next press within it (a clicker
    pressed twice) went to the same step as the first and was lost."""
    atlas.open("?story=guacamaya&step=1&present=1")
    for _ in range(3):
        atlas.page.keyboard.press("ArrowRight")
    _settled_at_step(atlas, 4)
    assert atlas.query()["step"] == "4"
    assert "Step 4 of 8" in atlas.page.inner_text("#story-panel")
    # the window's steps, outside a story: three presses at once reach where
    # three presses a step apart do
    atlas.open("?present=1&start=2019-01-01&end=2019-12-31")
    for _ in range(3):
        atlas.page.keyboard.press("ArrowRight")
        atlas.settle()
    apart = atlas.page.inner_text("#header-window")
    atlas.open("?present=1&start=2019-01-01&end=2019-12-31")
    for _ in range(3):
        atlas.page.keyboard.press("ArrowRight")
    _settled_at_window(atlas, apart)
    assert atlas.page.inner_text("#header-window") == apart


def _click_quickly(atlas, selector: str, times: int) -> None:
    """Click ``selector``'s middle ``times`` in a row, as fast as a hand on a
    mouse or a clicker can (no wait for the page in between)."""
    box = atlas.page.locator(selector).bounding_box()
    for _ in range(times):
        atlas.page.mouse.click(
            box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        )


def test_steps_clicked_quickly_are_each_taken(atlas):
    """The on-screen buttons wait for a step on its way as the keys do: a
    second click on "Next ▶" within the half second a step takes followed the
    link the page still showed, to the step the first click had reached."""
    atlas.open("?story=guacamaya&step=1")
    _click_quickly(atlas, "#story-next", 3)
    _settled_at_step(atlas, 4)
    assert atlas.query()["step"] == "4"
    # and back: two quick clicks on "◀ Previous" take two steps
    _click_quickly(atlas, "#story-prev", 2)
    _settled_at_step(atlas, 2)
    assert atlas.query()["step"] == "2"
    # the window's ▶: three quick clicks reach where three clicks a step apart do
    atlas.open("?start=2019-01-01&end=2019-12-31")
    for _ in range(3):
        atlas.page.click("#step-forward")
        atlas.settle()
    apart = atlas.page.inner_text("#header-window")
    atlas.open("?start=2019-01-01&end=2019-12-31")
    _click_quickly(atlas, "#step-forward", 3)
    _settled_at_window(atlas, apart)
    assert atlas.page.inner_text("#header-window") == apart


def test_a_step_that_goes_nowhere_holds_no_press(atlas):
    """▶ past the data's last step changes nothing; the ◀ pressed right after
    it is taken at once. It had waited for the ▶ to show something, for 5 s,
    and was lost."""
    link = "?present=1&start=2025-12-08&end=2025-12-11"  # the last step
    atlas.open(link)
    atlas.page.keyboard.press("ArrowLeft")
    atlas.settle()
    back = atlas.page.inner_text("#header-window")
    atlas.open(link)
    before = atlas.page.inner_text("#header-window")
    assert back != before
    for keys in (("ArrowRight", "ArrowLeft"), ("#step-forward", "#step-back")):
        atlas.open(link)
        for key in keys:
            if key.startswith("#"):
                _click_quickly(atlas, key, 1)
            else:
                atlas.page.keyboard.press(key)
            atlas.page.wait_for_timeout(100)
        atlas.page.wait_for_function(
            "(words) => document.getElementById('header-window').textContent === words",
            arg=back,
            timeout=3_000,
        )


def test_a_story_link_with_a_filter_added_keeps_its_step(atlas):
    """'?story=guacamaya&step=5&sources=2' showed the whole span under
    step 5's caption: the filter is laid over the step's window."""
    atlas.open("?story=guacamaya&step=5&present=1&sources=2")
    _settled_at_step(atlas, 5)
    header = atlas.page.inner_text("#header-window")
    assert header.startswith("21 Nov – 24 Nov 2025"), header
    assert not atlas.page.locator("#notice").is_visible()
    assert atlas.console_errors == []


def test_a_notice_goes_when_a_key_moves_the_view_on(atlas):
    """Presenting, '?start=2030-01-01&end=2030-12-31' says there is nothing
    to show; ← steps back into the data, and the notice went on saying
    "nothing to show" over the figures, with no control to dismiss it."""
    atlas.open("?present=1&start=2030-01-01&end=2030-12-31")
    notice = atlas.page.locator("#notice")
    assert "nothing to show" in notice.inner_text()
    atlas.page.keyboard.press("ArrowLeft")
    _settled_at_window(atlas, "8 Dec – 11 Dec 2025 · 22 relations among 14 actors")
    assert not notice.is_visible()
    assert notice.inner_text() == ""
    assert atlas.console_errors == []


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_a_clicked_relation_s_quote_is_shown_in_large_type(screen):
    """A teacher clicking a link for the class saw its quote only in a 14 px
    hover: presenting, the relation's details come over the network's lower
    part, whole on the screen and in the presentation's type; Escape takes
    them away with the choice and stays in the presentation."""
    atlas = screen.open("?present=1&tab=events")
    width, height = (atlas.page.viewport_size[k] for k in ("width", "height"))
    card = atlas.page.locator("#details-card")
    assert not card.is_visible()
    atlas.click_point("network-graph", "relation", "r15")
    assert atlas.query().get("relation") == "r15"
    card.wait_for(state="visible", timeout=10_000)
    box, graph = _box(atlas, "#details-card"), _box(atlas, ".atlas-graph")
    assert _inside(box, width, height)
    # within the network's card, its upper part left to the graph
    assert (
        graph["x"] <= box["x"]
        and box["x"] + box["width"] <= graph["x"] + graph["width"] + 1
    )
    assert box["y"] >= graph["y"] + 0.35 * graph["height"], (box, graph)
    assert "days are numbered" in card.inner_text()
    # the hover label of the marker clicked, under the details now, is gone
    # (it stayed on top of them, cut off, while the mouse did not move)
    assert atlas.page.locator(".hoverlayer .hovertext").count() == 0
    sizes = atlas.page.eval_on_selector_all(
        "#details-card p, #details-card blockquote, #details-card h3",
        "els => els.filter(e => e.offsetParent !== null)"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    assert sizes and min(sizes) >= 16, sizes
    # nothing of the desk's card: tabs, full screen, the pair's chart
    for hidden in (".atlas-tabbar", "#details-fullscreen", ".atlas-pair"):
        assert not atlas.page.locator(f"#details-card {hidden}").first.is_visible()
    # the Clear button on no words of the card
    clear = _box(atlas, "#clear-selection")
    title = _box(atlas, "#details-card .atlas-relation-title")
    assert clear["y"] + clear["height"] <= title["y"] + 1, (clear, title)
    atlas.screenshot(f"present-relation-{width}x{height}")
    atlas.page.keyboard.press("Escape")
    card.wait_for(state="hidden", timeout=10_000)
    assert "relation" not in atlas.query() and atlas.query().get("present") == "1"
    assert atlas.console_errors == [] and atlas.foreign_requests == []
