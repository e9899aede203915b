"""The header's filter chips and the window's words, where the room is short:
a story on a 1280x720 projector, five filters at the desk, a note after the
counts at 1280 px. Each chip shown reads whole; those with no room fold into
one "+2 more" (or "3 filters") chip that names them and shows them, each with
its ✕, from the keyboard too; the header keeps its height."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser.conftest import Atlas

SIZES = [(1280, 720), (1920, 1080)]
THREE = "kinds=call,meeting,support&confidence=confirmed&states=1"
FIVE = "kinds=call&actors=state,person&confidence=confirmed,reported&sources=2&states=1"
#: five chips too long for the time card's row at 1280 px
LONG = (
    "kinds=alliance,partnership,treaty,call,warning&actors=state,person,organization"
    "&confidence=confirmed,reported&sources=2&focus=maduro&depth=2"
)
#: two chips and a focus the actor filter hides ("Maduro hidden: a person")
HIDDEN = "focus=maduro&actors=state,organization&confidence=confirmed"


def _header_height(atlas: Atlas) -> float:
    return atlas.page.locator(".atlas-header").bounding_box()["height"]


def _chips(atlas: Atlas) -> list[dict]:
    """Each chip drawn, its words (without the ✕), whether they read whole,
    and its box. Whole: the text no wider than its box to the hundredth of a
    pixel (a tenth over shows "…", where scrollWidth, whole pixels, saw none)."""
    return atlas.page.evaluate(
        """() => [...document.querySelectorAll('.atlas-chip:not([hidden])')]
            .filter(c => c.checkVisibility())
            .map(c => { const w = c.querySelector('.atlas-chip-words');
                        const r = c.getBoundingClientRect();
                        const text = document.createRange();
                        text.selectNodeContents(w);
                        return {words: w.textContent,
                                whole: w.scrollWidth <= w.clientWidth + 1
                                    && text.getBoundingClientRect().width
                                       <= w.getBoundingClientRect().width + 0.01,
                                right: r.right, bottom: r.bottom}; })"""
    )


def _more(atlas: Atlas) -> dict:
    return atlas.page.evaluate(
        """() => { const m = document.getElementById('chips-more');
            if (!m) { return {shown: false, text: '', name: '', expanded: null}; }
            return {shown: m.checkVisibility(), text: m.textContent,
                    name: m.getAttribute('aria-label') || '',
                    expanded: m.getAttribute('aria-expanded')}; }"""
    )


STORY = "?present=1&story=guacamaya&step=2"


@pytest.mark.parametrize(
    "screen, plain, filters",
    [
        ((1280, 720), STORY, THREE),
        ((1920, 1080), STORY, THREE),
        ((1280, 720), "?present=1", LONG),
        ((1280, 720), "?", FIVE),
    ],
    indirect=["screen"],
    ids=["story-720p", "story-1080p", "present-five-720p", "desk-five-720p"],
)
def test_each_filter_reads_whole_or_folds_into_one_that_names_it(
    screen, plain, filters
):
    """A story on a 1280x720 projector squeezed three chips to "c… ✕", "c… ✕",
    "s… ✕": a teacher could not tell what was filtered. At the desk five
    chips took a third row and the header grew (53 -> 73 px at 1280x720)."""
    atlas = screen.open(plain)
    height = _header_height(atlas)
    atlas.open(f"{plain}&{filters}")
    assert _header_height(atlas) == height
    expected = atlas.page.evaluate(
        "() => [...document.querySelectorAll('.atlas-chip:not([hidden])"
        " .atlas-chip-words')].map(w => w.textContent)"
    )
    assert len(expected) >= 3
    shown = _chips(atlas)
    assert all(chip["whole"] for chip in shown), shown
    more = _more(atlas)
    folded = [words for words in expected if words not in {c["words"] for c in shown}]
    if folded:  # named by the chip they fold into
        assert more["shown"] and all(words in more["name"] for words in folded)
        assert more["text"] in (f"+{len(folded)} more", f"{len(expected)} filters")
    else:
        assert not more["shown"]
    width = screen.page.viewport_size["width"]
    atlas.screenshot(f"header-chips-{width}-{plain.count('&')}-{len(expected)}")


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_two_chips_with_room_read_whole(screen):
    """Each chip's words were cut by a few pixels, room or not ("within 1 step
    of Lukashen…" beside a hand's width of empty room at 1920 px): the ✕ was
    narrower than the room its words left it."""
    atlas = screen.open("?kinds=call,meeting,support,agreement,pressure"
                        "&focus=lukashenko&depth=1")  # fmt: skip
    shown = _chips(atlas)
    assert [chip["words"] for chip in shown] == [
        "5 of 21 relation kinds",
        "within 1 step of Lukashenko",
    ]
    assert all(chip["whole"] for chip in shown), shown
    assert not _more(atlas)["shown"]


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_the_folded_chips_show_and_go_from_the_keyboard(screen):
    """Pressing "3 filters" shows each folded chip whole, the focus on the
    first; Tab goes through them, Enter on one removes its filter, Escape
    folds them again and keeps the presentation; the header never moves."""
    atlas = screen.open(f"?present=1&story=guacamaya&step=2&{THREE}")
    height = _header_height(atlas)
    assert _more(atlas)["text"] == "3 filters"
    atlas.page.focus("#chips-more")
    atlas.page.keyboard.press("Enter")
    assert _more(atlas)["expanded"] == "true"
    shown = _chips(atlas)
    assert [chip["words"] for chip in shown] == [
        "call, meeting, support only",
        "confirmed only",
        "states only",
    ]
    assert all(chip["whole"] for chip in shown)
    assert all(chip["right"] <= 1280 and chip["bottom"] <= 720 for chip in shown)
    assert _header_height(atlas) == height
    atlas.screenshot("header-chips-open-720")
    focused = "() => document.activeElement.innerText"
    assert atlas.page.evaluate(focused).startswith("call, meeting, support only")
    atlas.page.keyboard.press("Tab")
    assert atlas.page.evaluate(focused).startswith("confirmed only")
    atlas.page.keyboard.press("Escape")
    assert _more(atlas)["expanded"] == "false" and _chips(atlas) == []
    assert atlas.page.evaluate("() => document.activeElement.id") == "chips-more"
    assert "present=1" in atlas.page.url
    # open again: Enter on a chip removes its filter
    atlas.page.keyboard.press("Enter")
    atlas.page.keyboard.press("Tab")
    atlas.page.keyboard.press("Enter")
    atlas.page.wait_for_function("() => !location.search.includes('confidence=')")
    atlas.settle()
    assert "kinds=" in atlas.page.url and "states=1" in atlas.page.url
    assert _header_height(atlas) == height


def _line_boxes(atlas: Atlas, words: str) -> list[dict]:
    """The boxes, line by line, of ``words`` in the header's window."""
    return atlas.page.evaluate(
        """(needle) => {
            const root = document.getElementById('header-window');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const nodes = []; let all = '';
            while (walker.nextNode()) {
                nodes.push([walker.currentNode, all.length]);
                all += walker.currentNode.data;
            }
            const at = all.indexOf(needle);
            if (at < 0) { return null; }
            const place = (i, end) => {
                for (const [node, offset] of nodes) {
                    const length = node.data.length;
                    if (end ? i <= offset + length : i < offset + length) {
                        return [node, i - offset];
                    }
                }
            };
            const range = document.createRange();
            range.setStart(...place(at, false));
            range.setEnd(...place(at + needle.length, true));
            const lines = {};
            for (const r of range.getClientRects()) {
                if (!r.width) { continue; }
                const key = Math.round(r.top);
                const line = lines[key] || {top: r.top, bottom: r.bottom,
                                            left: r.left, right: r.right};
                line.left = Math.min(line.left, r.left);
                line.right = Math.max(line.right, r.right);
                lines[key] = line;
            }
            return Object.values(lines);
        }""",
        words,
    )


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
@pytest.mark.parametrize("present", ["", "present=1&"], ids=["desk", "present"])
def test_the_window_and_its_counts_read_whole_beside_a_note(screen, present):
    """At the desk at 1280 px, two chips and a focus the actor filter hides
    cut the header to "· 6 / relations among 5 actors · Maduro…", the count
    a line apart from its noun; presenting at 1280x720, the note took a
    second line and the header grew (40 -> 60 px), every panel under it
    moving. At the desk at 1280 px the note was cut inside the name a
    briefer's screenshot needs: "· Madur…". The window, each count and the
    note's "Maduro hidden" read whole on their line, inside the header; the
    note ends in "…" where the room ends, between words, whole in the
    title."""
    atlas = screen.open(f"?{present}".rstrip("&"))
    height = _header_height(atlas)
    atlas.open(f"?{present}{HIDDEN}")
    assert _header_height(atlas) == height
    window = atlas.page.locator("#header-window").bounding_box()
    words_read = (
        "1 Jan 2019 – 11 Dec 2025",
        "6 relations",
        "5 actors",
        "Maduro hidden",
    )
    for words in words_read:
        lines = _line_boxes(atlas, words)
        assert lines and len(lines) == 1, (words, lines)
        (line,) = lines
        assert window["x"] - 1 <= line["left"] and line["right"] <= (
            window["x"] + window["width"] + 1
        ), words
        assert line["bottom"] <= window["y"] + window["height"] + 1, words
    title = atlas.page.get_attribute("#header-window", "title")
    assert title.endswith(" · Maduro hidden: a person")
    width = screen.page.viewport_size["width"]
    atlas.screenshot(f"header-note-{present[:7] or 'desk'}-{width}")


@pytest.mark.parametrize("screen", [(1920, 1080)], indirect=True, ids=["1080p"])
def test_a_wide_screen_reads_the_counts_on_one_line_beside_a_chip(screen):
    """At 1920 px the window's words and the chips had the header's room in
    halves: "25 relations among / 5 actors" wrapped beside one short chip
    and a hand's width of empty room. They read on one line."""
    atlas = screen.open("?states=1")
    assert [chip["words"] for chip in _chips(atlas)] == ["states only"]
    lines = atlas.page.evaluate(
        """() => { const range = document.createRange();
            range.selectNodeContents(document.getElementById('header-window'));
            return new Set([...range.getClientRects()].map(r => Math.round(r.top)))
                .size; }"""
    )
    assert lines == 1


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
@pytest.mark.parametrize("present", ["", "present=1&"], ids=["desk", "present"])
def test_the_header_copies_as_one_line(screen, present):
    """Presenting, the header's words copied as two lines, a break before
    "· Maduro hidden: a person" (its parts were laid out as boxes side by
    side): pasted into a brief, the note stood apart from its counts. The
    whole header copies as the one line it reads."""
    atlas = screen.open(f"?{present}{HIDDEN}")
    copied = atlas.page.evaluate(
        """() => { const range = document.createRange();
            range.selectNodeContents(document.getElementById('header-window'));
            const selection = window.getSelection();
            selection.removeAllRanges(); selection.addRange(range);
            return selection.toString(); }"""
    )
    assert copied == (
        "1 Jan 2019 – 11 Dec 2025 · 6 relations among 5 actors · Maduro hidden: a person"
    )
    assert atlas.page.inner_text("#header-window") == copied


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_folded_chips_shown_stand_clear_of_the_figures(screen, theme):
    """Pressed, "+2 more" shows its chips over the figures. In the dark theme
    their shadow was unseen, and the map's Fit button and the network's
    title showed between and beside them ("2+ sources ✕rk"): each stands in
    a ring of the card's colour, which closes the gaps between them."""
    atlas = screen.open(f"?theme={theme}&{FIVE}")
    assert _more(atlas)["text"] == "+2 more"
    atlas.page.click("#chips-more")
    atlas.page.mouse.move(5, 700)
    atlas.page.wait_for_timeout(300)
    boxes = atlas.page.evaluate(
        """() => [...document.querySelectorAll('.atlas-chip[data-folded]')]
            .filter(c => !c.hidden).map(c => { const r = c.getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom]; })"""
    )
    assert len(boxes) == 2
    card = atlas.page.evaluate(
        "() => getComputedStyle(document.querySelector('.atlas-header'))"
        ".backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"
    )
    shot = Image.open(io.BytesIO(atlas.page.screenshot())).convert("RGB")
    # 2 px outside each chip's border: its straight edges, and the gap under it
    ring = []
    for left, top, right, bottom in boxes:
        middle = round((top + bottom) / 2)
        ring += [
            (x, round(top) - 3) for x in range(round(left) + 14, round(right) - 14)
        ]
        ring += [
            (x, round(bottom) + 2) for x in range(round(left) + 14, round(right) - 14)
        ]
        ring += [(round(left) - 3, middle), (round(right) + 2, middle)]
    off = [
        (point, shot.getpixel(point))
        for point in ring
        if max(abs(a - b) for a, b in zip(shot.getpixel(point), card)) > 6
    ]
    assert not off, off[:5]
    atlas.screenshot(f"header-chips-open-{theme}")


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_copy_link_says_so_without_moving_the_header(screen):
    """ "Link copied" stood in the header's row: the window's words went onto
    a second line and a path's chip was cut, until the next view. It floats
    under the button now, and goes."""
    atlas = screen.open("?kinds=call,meeting&path=trump,lukashenko")
    before = {
        part: atlas.page.locator(part).bounding_box()
        for part in (".atlas-header", "#header-window", ".atlas-chips")
    }
    chips = _chips(atlas)
    atlas.page.get_by_role("button", name="Copy link").click()
    said = atlas.page.locator("#copy-status")
    said.wait_for(state="visible")
    assert said.inner_text() == "Link copied"
    button = atlas.page.locator("#copy-link").bounding_box()
    assert said.bounding_box()["y"] >= button["y"] + button["height"]  # under it
    for part, box in before.items():
        assert atlas.page.locator(part).bounding_box() == box, part
    assert _chips(atlas) == chips
    atlas.screenshot(f"link-copied-{atlas.page.viewport_size['width']}")
    said.wait_for(state="hidden", timeout=5_000)  # gone after 3 s
    atlas.page.get_by_role("button", name="Copy link").click()  # said again
    said.wait_for(state="visible", timeout=2_000)
    assert atlas.console_errors == []
