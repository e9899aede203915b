"""Every control from the keyboard: Tab reaches each in the order it is seen,
and a menu opened by typing chooses with Enter, as with the mouse."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Atlas

#: The control that has the focus: its own id, or its nearest ancestor's (a
#: radio of a group stands for the group); "aria-hidden" when the focus is on
#: an element hidden from assistive technology.
FOCUSED = """() => {
    const element = document.activeElement;
    if (element.closest('[aria-hidden="true"]')) { return 'aria-hidden'; }
    const owner = element.closest('[id]');
    return owner ? owner.id : element.tagName;
}"""


def _focused(atlas: Atlas) -> str:
    return atlas.page.evaluate(FOCUSED)


def _tab(atlas: Atlas, key: str = "Tab") -> str:
    atlas.page.keyboard.press(key)
    # a11y.js repairs on the frame after a change: two frames on, it has
    atlas.page.evaluate(
        "() => new Promise(done => requestAnimationFrame("
        "() => requestAnimationFrame(done)))"
    )
    return _focused(atlas)


#: Whether the open menu lists only options that hold the text typed: the
#: options come from a callback as one types, after the first letters' ones.
FILTERED = """(typed) => {
    const options = [...document.querySelectorAll('.dash-dropdown-option')]
        .map(option => option.textContent.toLowerCase());
    return options.length > 0 && options.every(text => text.includes(typed));
}"""


def _type_and_enter(atlas: Atlas, typed: str) -> None:
    """Type on a focused menu button (it opens on the first letter), wait for
    the options that match, then Enter."""
    atlas.page.keyboard.type(typed, delay=60)
    _choose(atlas, typed)


def _choose(atlas: Atlas, typed: str) -> None:
    """Wait for the open menu's options that match ``typed``, then Enter."""
    atlas.page.wait_for_function(FILTERED, arg=typed.lower(), timeout=20_000)
    atlas.page.keyboard.press("Enter")
    atlas.settle()


def test_tab_reaches_find_an_actor_and_typing_selects(atlas):
    atlas.open()
    atlas.page.focus("#copy-link")
    assert _tab(atlas) == "actor-search"
    assert "story-link" in _tab(atlas)
    assert _tab(atlas, "Shift+Tab") == "actor-search"
    _type_and_enter(atlas, "Erdo")
    assert atlas.query()["focus"] == "erdogan"
    assert "Erdogan" in atlas.page.inner_text("#actor-search")


def test_tab_reaches_both_path_boxes_in_order_and_typing_picks(atlas):
    atlas.open()
    atlas.page.focus("#focus-depth input:checked")
    assert _tab(atlas) == "path-from"
    assert _tab(atlas) == "path-to"
    assert _tab(atlas) == "colour-by"
    # back one box a step: the hidden input Dash puts back in the Tab order as
    # a box loses the focus is taken out again (assets/a11y.js)
    assert _tab(atlas, "Shift+Tab") == "path-to"
    assert _tab(atlas, "Shift+Tab") == "path-from"
    _type_and_enter(atlas, "Lukash")
    assert _focused(atlas) == "path-from"  # the menu gives the focus back
    assert _tab(atlas) == "path-to"
    _type_and_enter(atlas, "Trump")
    assert atlas.query()["path"] == "lukashenko,trump"
    assert "Lukashenko → Maduro → Trump" in atlas.page.inner_text("#path-panel")


#: The text in the search box that has the focus.
SEARCH_TYPED = """() => document.activeElement.matches('.dash-dropdown-search')
    ? document.activeElement.value : null"""


#: Each frame the page asks for comes half a second late.
LATE_FRAMES = """() => {
    const frame = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = callback =>
        setTimeout(() => frame(callback), 500);
}"""


def test_a_letter_typed_as_the_menu_opens_is_kept(atlas):
    """Dash opens a menu on the first letter's key-up and moves the focus to
    its search box a frame later: on a slow machine the next letter went down
    on the button and up in the search box, and was lost ("Tump" for
    "Trump"). Here frames come late, as on a busy page, and the one that
    moves the focus comes while the "r" is held."""
    atlas.open()
    atlas.page.focus("#focus-depth input:checked")
    _tab(atlas)
    assert _tab(atlas) == "path-to"
    atlas.page.evaluate(LATE_FRAMES)
    atlas.page.keyboard.press("T")
    atlas.page.keyboard.down("r")
    atlas.page.wait_for_function(SEARCH_TYPED)  # the focus has moved
    atlas.page.keyboard.up("r")
    atlas.page.keyboard.type("ump", delay=60)
    assert atlas.page.evaluate(SEARCH_TYPED) == "Trump"
    _choose(atlas, "trump")
    assert "Trump" in atlas.page.inner_text("#path-to")


def test_letters_pressed_together_as_the_menu_opens_are_kept(atlas):
    """A quick typist presses the next letter before letting go of the first:
    both go down on the closed menu's button, and the second comes up in the
    search box the first opened."""
    atlas.open()
    atlas.page.focus("#copy-link")
    assert _tab(atlas) == "actor-search"
    atlas.page.keyboard.down("E")
    atlas.page.keyboard.down("r")
    atlas.page.keyboard.up("E")
    atlas.page.wait_for_function(SEARCH_TYPED)
    atlas.page.keyboard.up("r")
    atlas.page.keyboard.type("do", delay=60)
    assert atlas.page.evaluate(SEARCH_TYPED) == "Erdo"
    _choose(atlas, "erdo")
    assert atlas.query()["focus"] == "erdogan"


def test_a_focused_menu_shows_its_focus_ring(atlas):
    atlas.open()
    atlas.page.focus("#copy-link")
    assert _tab(atlas) == "actor-search"
    outline = atlas.page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] == "solid" and outline[1] >= 2
    atlas.screenshot("find-an-actor-focused")


#: What has the focus in the relation kinds: a box by its kind, an "only" by
#: its label ("only alliance"), a stance's heading by its text.
KIND_FOCUSED = """() => {
    const element = document.activeElement;
    if (element.type === 'checkbox') { return element.value; }
    return element.getAttribute('aria-label') || element.innerText.trim();
}"""


def test_tab_goes_from_each_kind_to_its_only(atlas):
    """Tab, and a screen reader, go from a kind's box to its "only": the page
    reads them in the order they stand (it read all the boxes of a stance
    first, then all the "only" buttons)."""
    atlas.open()
    first = atlas.page.locator(".atlas-kinds").first
    kinds = first.locator(".atlas-checklist input")
    read = [
        line.strip("- ").removesuffix(" [checked]")
        for line in first.aria_snapshot().splitlines()
        if line.lstrip("- ").startswith(("checkbox", "button"))
    ]
    names = [kinds.nth(i).get_attribute("value") for i in range(kinds.count())]
    assert read == [
        line for name in names for line in (f'checkbox "{name}"',
                                            f'button "only {name}": only')
    ]  # fmt: skip
    kinds.first.focus()
    expected = [step for name in names for step in (name, f"only {name}")]
    seen = [atlas.page.evaluate(KIND_FOCUSED)]
    for _ in expected[1:]:
        atlas.page.keyboard.press("Tab")
        seen.append(atlas.page.evaluate(KIND_FOCUSED))
    assert seen == expected
    # past the last "only": the next stance's heading; and back again
    atlas.page.keyboard.press("Tab")
    next_heading = atlas.page.locator(".atlas-stance-only").nth(1).inner_text()
    assert atlas.page.evaluate(KIND_FOCUSED) == next_heading.strip()
    for step in reversed(expected[-3:]):
        atlas.page.keyboard.press("Shift+Tab")
        assert atlas.page.evaluate(KIND_FOCUSED) == step
    # the "only" reached by Tab works from the keyboard
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert atlas.query()["kinds"] == names[-2]


def test_the_split_dates_clear_button_works_from_the_keyboard(atlas):
    """The date picker's "Clear date" was a link without a target: out of the
    Tab order, and with no role for its name."""
    atlas.open("?compare=2025-11-20&tab=change")
    atlas.page.focus("#compare-date")
    atlas.page.keyboard.press("Tab")
    clear = atlas.page.evaluate(
        "() => [document.activeElement.className,"
        " document.activeElement.getAttribute('role')]"
    )
    assert clear == ["dash-datepicker-clear", "button"]
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert "compare" not in atlas.query()
    assert _focused(atlas) == "compare-date"  # not lost with the button


def test_a_skip_link_passes_the_filters_to_the_player_in_the_order_seen(atlas):
    """The first Tab shows a link past the filter column (sixty-odd stops
    before the time bar); from it, Tab goes through the time controls as they
    are seen: the dates, the player beside them, then the presets below
    (the presets came before the player)."""
    atlas.open()
    atlas.page.keyboard.press("Tab")
    link = atlas.page.locator(".atlas-skip a").first
    assert atlas.page.evaluate("() => document.activeElement.innerText") == (
        "Skip to the time controls"
    )
    box = link.bounding_box()
    assert box["width"] > 100 and box["y"] >= 0  # seen once it has the focus
    atlas.page.keyboard.press("Enter")
    assert _focused(atlas) == "time-card"
    seen = [_tab(atlas) for _ in range(6)]
    assert seen[:5] == [
        "date-range", "date-range-end-date", "step-back", "play-button",
        "step-forward",
    ]  # fmt: skip
    assert '"type":"preset"' in seen[5]
    assert "#" not in atlas.page.url  # "Copy link" copies no fragment


def test_the_slides_menu_shuts_when_the_focus_or_a_click_leaves_it(atlas):
    """Tab past the last control of "Slides and images", or a click
    elsewhere, shuts it, as menus do: it stayed open over the page."""
    atlas.open()
    is_open = "() => document.querySelector('.atlas-menu').open"
    atlas.page.focus(".atlas-menu > summary")
    atlas.page.keyboard.press("Enter")
    assert atlas.page.evaluate(is_open)
    # the menu's last control, then on: the focus leaves the menu
    atlas.page.evaluate(
        "() => { const all = document.querySelectorAll("
        "'.atlas-menu button:not([hidden]), .atlas-menu input');"
        " all[all.length - 1].focus(); }"
    )
    atlas.page.keyboard.press("Tab")
    assert not atlas.page.evaluate(
        "() => document.activeElement.closest('.atlas-menu')"
    )
    assert not atlas.page.evaluate(is_open)
    # Shift+Tab from the menu's first control back onto its button keeps it
    atlas.page.keyboard.press("Shift+Tab")
    atlas.page.focus(".atlas-menu > summary")
    atlas.page.keyboard.press("Enter")
    atlas.page.keyboard.press("Tab")
    assert atlas.page.evaluate(is_open)
    atlas.page.keyboard.press("Shift+Tab")
    assert atlas.page.evaluate(is_open)
    # a click elsewhere: on the map card's heading
    atlas.page.click("h2.atlas-card-title >> nth=0")
    assert not atlas.page.evaluate(is_open)


def test_escape_shuts_the_slides_menu_and_keeps_the_selection(atlas):
    """Esc inside "Slides and images" shuts it, the focus back on it: the
    menu stayed open over the network, and Esc cleared the selection."""
    atlas.open("?focus=maduro")
    atlas.page.focus(".atlas-menu > summary")
    atlas.page.keyboard.press("Enter")
    atlas.page.keyboard.press("Tab")
    atlas.page.keyboard.press("Tab")  # the first image button
    assert "image-export" in _focused(atlas)
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert not atlas.page.evaluate("() => document.querySelector('.atlas-menu').open")
    assert atlas.page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    assert atlas.query()["focus"] == "maduro"


#: The date picker's state: which element has the focus, whether the calendar
#: is open (Radix's data-state on the fields' box), the fields' words.
PICKER = """() => ({
    focused: document.activeElement.id,
    open: document.getElementById('date-range-wrapper').dataset.state,
    start: document.getElementById('date-range').value,
    end: document.getElementById('date-range-end-date').value,
})"""


def test_enter_in_a_date_field_takes_the_date_and_keeps_the_focus(atlas):
    """Enter opened Dash's calendar with the focus in it, on the typed day: a
    second Enter there began a new window, the end cleared, and the view fell
    back to the whole span ("the dates could not be read")."""
    atlas.open()
    atlas.page.focus("#date-range")
    atlas.page.keyboard.press("Control+a")
    atlas.page.keyboard.type("1 Nov 2025")
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2025-11-01",
        "2025-12-11",
    )
    assert atlas.page.evaluate(PICKER) == {
        "focused": "date-range",
        "open": "closed",
        "start": "1 Nov 2025",
        "end": "11 Dec 2025",
    }
    atlas.page.keyboard.press("Enter")  # again: nothing more to take
    atlas.page.keyboard.press("Tab")
    atlas.page.keyboard.press("Control+a")
    atlas.page.keyboard.type("30 Nov 2025")
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2025-11-01",
        "2025-11-30",
    )
    assert atlas.page.evaluate(PICKER)["focused"] == "date-range-end-date"
    assert atlas.page.inner_text("#notice") == ""
    # a date that cannot be read goes back to the window's, as on Tab
    atlas.page.keyboard.press("Control+a")
    atlas.page.keyboard.type("31 Foo")
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert atlas.page.evaluate(PICKER)["end"] == "30 Nov 2025"
    assert atlas.query()["end"] == "2025-11-30"


def test_enter_in_a_date_field_shuts_the_calendar_a_click_opened(atlas):
    atlas.open()
    atlas.page.click("#date-range")  # a click on the field opens the calendar
    atlas.page.wait_for_selector(".dash-datepicker-content")
    atlas.page.keyboard.press("Control+a")
    atlas.page.keyboard.type("1 Nov 2025")
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert atlas.query()["start"] == "2025-11-01"
    state = atlas.page.evaluate(PICKER)
    assert (state["focused"], state["open"]) == ("date-range", "closed")
    # the arrow down still opens the calendar, the focus on the window's start
    atlas.page.keyboard.press("ArrowDown")
    atlas.page.wait_for_selector(".dash-datepicker-content")
    assert atlas.page.evaluate("() => document.activeElement.textContent") == "1"


def test_a_first_day_picked_in_the_calendar_keeps_the_window(atlas):
    """Half a window picked (its first day) was sent on its own: the view fell
    back to the whole span with "the dates could not be read" until the
    second day was picked."""
    atlas.open("?start=2025-11-01&end=2025-11-30")
    atlas.page.click("#date-range-wrapper .dash-datepicker-caret-icon")
    days = atlas.page.locator(".dash-datepicker-calendar-date-inside")
    days.filter(has_text="10").first.click()
    atlas.settle()
    assert atlas.page.inner_text("#notice") == ""
    assert "1 Nov – 30 Nov 2025" in atlas.page.inner_text("#header-window")
    days.filter(has_text="20").first.click()
    atlas.settle()
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2025-11-10",
        "2025-11-20",
    )


@pytest.mark.parametrize("leave", ["Escape", "click elsewhere"])
def test_a_calendar_left_half_picked_shows_the_window_again(atlas, leave):
    """Shut after its first day, the calendar left that day and an empty end
    in the fields, above figures that still showed the old window."""
    atlas.open("?start=2025-11-01&end=2025-11-30")
    atlas.page.click("#date-range-wrapper .dash-datepicker-caret-icon")
    days = atlas.page.locator(".dash-datepicker-calendar-date-inside")
    days.filter(has_text="10").first.click()
    atlas.settle()
    assert atlas.page.evaluate(PICKER)["end"] == ""  # half a window picked
    if leave == "Escape":
        atlas.page.keyboard.press("Escape")
    else:
        atlas.page.click("#header-window")
    atlas.page.wait_for_function(
        "() => document.getElementById('date-range-end-date').value !== ''"
    )
    atlas.settle()
    state = atlas.page.evaluate(PICKER)
    assert (state["open"], state["start"], state["end"]) == (
        "closed",
        "1 Nov 2025",
        "30 Nov 2025",
    )
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2025-11-01",
        "2025-11-30",
    )
    assert "1 Nov – 30 Nov 2025" in atlas.page.inner_text("#header-window")
    # the calendar still picks a whole window after it
    atlas.page.click("#date-range-wrapper .dash-datepicker-caret-icon")
    days.filter(has_text="12").first.click()
    days.filter(has_text="14").first.click()
    atlas.settle()
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2025-11-12",
        "2025-11-14",
    )


def test_a_preset_clicked_with_half_a_window_picked_keeps_its_window(atlas):
    """All and Last 30 days end on the same day: a preset clicked after a
    first day picked changed the start only, and the fields, put back to the
    window the calendar opened on, sent All back and undid the preset."""
    atlas.open()  # All: 1 Jan 2019 to 11 Dec 2025
    atlas.page.click("#date-range-wrapper .dash-datepicker-caret-icon")
    days = atlas.page.locator(".dash-datepicker-calendar-date-inside")
    days.filter(has_text="10").first.click()
    atlas.page.get_by_role("button", name="Last 30 days").click()
    atlas.page.wait_for_function(
        "() => document.getElementById('date-range-end-date').value !== ''"
    )
    atlas.page.wait_for_timeout(1_000)  # a restore sent back would be on its way
    atlas.settle()
    state = atlas.page.evaluate(PICKER)
    assert (state["start"], state["end"]) == ("12 Nov 2025", "11 Dec 2025")
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2025-11-12",
        "2025-12-11",
    )


def test_a_story_opened_with_enter_puts_the_focus_on_its_next_step(atlas):
    """Enter on a story's link under "Stories" opened it, and the focus fell
    to the page's body: a keyboard user tabbed again from the top to reach
    "Next ▶"."""
    atlas.open()
    atlas.page.focus(".atlas-story-list a")
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert atlas.query()["step"] == "1"
    atlas.page.wait_for_function(
        "() => document.activeElement.id === 'story-next'", timeout=5_000
    )
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert atlas.query()["step"] == "2"


def test_a_story_link_pressed_with_enter_keeps_the_focus(atlas):
    """Enter on "Next ▶" moved one step, then the focus fell to the page's
    body: the next Enters did nothing, and Tab began again at the top."""
    atlas.open("?story=guacamaya&step=6")
    atlas.page.focus("#story-next")
    for step in ("7", "8"):
        atlas.page.keyboard.press("Enter")
        atlas.settle()
        assert atlas.query()["step"] == step
        atlas.page.wait_for_function(
            "() => document.activeElement.id === 'story-next'", timeout=5_000
        )
    # at the last step it is a disabled look-alike: Enter there does nothing
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert atlas.query()["step"] == "8"
    # and the way back is one Shift+Tab away
    assert _tab(atlas, "Shift+Tab") == "story-prev"
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    assert atlas.query()["step"] == "7"
    atlas.page.wait_for_function(
        "() => document.activeElement.id === 'story-prev'", timeout=5_000
    )
