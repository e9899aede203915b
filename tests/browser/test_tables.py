"""Tables that keep up and links that reopen, in a real Chromium: the grids keep
their sort, filters, scroll and selected row; the details card goes full screen
and grows; the tab and the selection travel in the link; the search box works
a second time and shows the selected actor."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Atlas

EVENTS = "#events-table"


def _open_tab(atlas: Atlas, label: str) -> None:
    atlas.page.locator("#panel-tabs label", has_text=label).click()
    atlas.settle()


def _row_order(atlas: Atlas, grid: str = EVENTS) -> list[str]:
    """The row ids the grid shows, top to bottom (as sorted and filtered)."""
    return atlas.page.evaluate(
        """(id) => {
            const api = dash_ag_grid.getApi(id);
            const ids = [];
            api.forEachNodeAfterFilterAndSort(node => ids.push(node.id));
            return ids;
        }""",
        grid.lstrip("#"),
    )


def _sorted_by(atlas: Atlas, grid: str = EVENTS) -> list[str]:
    """The grid's sort, from its own state: a header scrolled out of sight
    is not in the page."""
    return atlas.page.evaluate(
        """(id) => dash_ag_grid.getApi(id).getColumnState()
            .filter(s => s.sort)
            .map(s => s.colId + ' ' + (s.sort === 'asc' ? 'ascending' : 'descending'))""",
        grid.lstrip("#"),
    )


def _selected(atlas: Atlas, grid: str = EVENTS) -> list[str]:
    return atlas.page.evaluate(
        "(id) => dash_ag_grid.getApi(id).getSelectedNodes().map(n => n.id)",
        grid.lstrip("#"),
    )


def _scroll_top(atlas: Atlas, grid: str = EVENTS) -> float:
    return atlas.page.eval_on_selector(
        f"{grid} .ag-body-viewport", "viewport => viewport.scrollTop"
    )


def test_a_tables_sort_filter_and_scroll_survive_a_row_click_and_a_view_change(atlas):
    atlas.open()
    _open_tab(atlas, "Events")
    # the grid is made once: a mark on its element stays as long as it lives
    atlas.page.eval_on_selector(EVENTS, "grid => { grid.atlasMark = 'made once'; }")
    atlas.column_in_view(EVENTS.lstrip("#"), "confidence")  # past the dates, whole
    atlas.page.locator(f"{EVENTS} .ag-header-cell[col-id='confidence']").click()
    atlas.settle()
    assert _sorted_by(atlas) == ["confidence ascending"]
    # a column filter, as the filter menu sets it: only the cooperative rows
    atlas.page.evaluate(
        """() => dash_ag_grid.getApi('events-table').setFilterModel(
            {stance: {filterType: 'text', type: 'equals', filter: 'cooperative'}})"""
    )
    atlas.settle()
    rows = _row_order(atlas)
    assert rows and len(rows) < 27
    # scrolled a little, then a row clicked: nothing moves, the row is selected
    atlas.page.eval_on_selector(
        f"{EVENTS} .ag-body-viewport", "viewport => { viewport.scrollTop = 60; }"
    )
    atlas.page.wait_for_timeout(300)
    scrolled = _scroll_top(atlas)
    assert scrolled > 0
    row_id = rows[4]
    atlas.page.locator(f"{EVENTS} .ag-row[row-id='{row_id}'] [col-id='kind']").click()
    atlas.settle()
    assert atlas.query()["relation"] == row_id and atlas.query()["tab"] == "events"
    assert _sorted_by(atlas) == ["confidence ascending"]
    assert _row_order(atlas) == rows
    assert _selected(atlas) == [row_id]
    assert _scroll_top(atlas) == scrolled
    # the relation is highlighted on the figures as well
    assert row_id in atlas.shown("network-graph", "relation")
    # a new window: the same grid, still sorted and filtered, the row still selected
    atlas.page.get_by_role("button", name="Last 30 days").click()
    atlas.settle()
    assert atlas.query()["start"] == "2025-11-12"
    assert _sorted_by(atlas) == ["confidence ascending"]
    stances = atlas.page.evaluate(
        """() => { const out = [];
            dash_ag_grid.getApi('events-table').forEachNodeAfterFilterAndSort(
                n => out.push(n.data.stance)); return out; }"""
    )
    assert stances and set(stances) == {"cooperative"}
    assert _selected(atlas) == [row_id]
    assert atlas.page.evaluate(
        "() => dash_ag_grid.getApi('events-table').getFilterModel()"
    ) == {"stance": {"filterType": "text", "type": "equals", "filter": "cooperative"}}
    assert atlas.page.eval_on_selector(EVENTS, "grid => grid.atlasMark") == "made once"
    assert atlas.console_errors == []


def test_rankings_keep_their_sort_and_reach_every_column_at_1280(atlas):
    atlas.open()
    _open_tab(atlas, "Rankings")
    atlas.page.locator("#rankings .ag-header-cell[col-id='kind']").click()
    atlas.settle()
    assert _sorted_by(atlas, "#rankings") == ["kind ascending"]
    order = _row_order(atlas, "#rankings")
    actor = order[1]
    atlas.page.locator(f"#rankings .ag-row[row-id='{actor}'] [col-id='name']").click()
    atlas.settle()
    assert atlas.query()["focus"] == actor
    assert _sorted_by(atlas, "#rankings") == ["kind ascending"]
    assert _row_order(atlas, "#rankings") == order
    assert _selected(atlas, "#rankings") == [actor]
    # every column is reachable: scrolled to the right end, the last one shows
    # beside the pinned name
    card = atlas.page.locator("#details-card").bounding_box()
    atlas.page.eval_on_selector(
        "#rankings .ag-body-horizontal-scroll-viewport",
        "viewport => { viewport.scrollLeft = viewport.scrollWidth; }",
    )
    atlas.page.wait_for_timeout(300)
    for column in ("name", "sources"):
        header = atlas.page.locator(f"#rankings .ag-header-cell[col-id='{column}']")
        box = header.bounding_box()
        assert (
            box
            and card["x"] <= box["x"]
            and (box["x"] + box["width"] <= card["x"] + card["width"] + 1)
        ), column


def test_a_link_reopens_with_its_tab_and_selection(atlas):
    atlas.open("?start=2025-11-12&end=2025-12-11&tab=events&relation=r15")
    assert atlas.page.locator("#pane-events").is_visible()
    assert _selected(atlas) == ["r15"]
    assert "r15" in atlas.shown("network-graph", "relation")
    # the rankings with a selected actor, who also shows in the search box
    atlas.open("?tab=rankings&focus=maduro")
    assert atlas.page.locator("#pane-rankings").is_visible()
    assert _selected(atlas, "#rankings") == ["maduro"]
    assert "Nicolás Maduro" in atlas.page.inner_text("#actor-search")
    # a tab opened is in the URL, and the reloaded page opens it again
    _open_tab(atlas, "Events")
    assert atlas.query()["tab"] == "events" and atlas.query()["focus"] == "maduro"
    atlas.page.reload()
    atlas.wait_drawn()
    assert atlas.page.locator("#pane-events").is_visible()
    assert "Nicolás Maduro" in atlas.page.inner_text("#actor-search")


def test_copy_link_copies_the_pages_link(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    atlas = Atlas(context.new_page(), server_url).open("?tab=rankings&focus=putin")
    atlas.page.get_by_role("button", name="Copy link").click()
    atlas.page.wait_for_selector("#copy-status:has-text('Link copied')")
    copied = atlas.page.evaluate("() => navigator.clipboard.readText()")
    assert copied == atlas.page.url and "tab=rankings" in copied
    context.close()


def test_copy_link_of_a_link_with_invalid_parts_gives_the_view_shown(
    browser, server_url
):
    """A link with a month 13 and an unknown focus shows the whole span with
    no focus, and says so; Copy link gave the same bad link, and whoever
    opened it was told again. It gives the view shown; once a control
    moves the view, the page's own link."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    atlas = Atlas(context.new_page(), server_url)
    atlas.open("?start=2025-13-45&end=2025-12-11&focus=nobody&tab=rankings")
    assert "Link partly invalid" in atlas.page.inner_text("#notice")
    atlas.page.get_by_role("button", name="Copy link").click()
    atlas.page.wait_for_selector("#copy-status:has-text('Link copied')")
    copied = atlas.page.evaluate("() => navigator.clipboard.readText()")
    assert copied.endswith("/?start=2019-01-01&end=2025-12-11&tab=rankings"), copied
    # the copied link opens the same view, with nothing to say
    again = Atlas(context.new_page(), server_url)
    again.page.goto(copied)
    again.wait_drawn()
    assert again.page.inner_text("#notice") == ""
    assert again.page.inner_text("#header-window") == atlas.page.inner_text(
        "#header-window"
    )
    # a step later the address is the page's own, and copied as it is
    atlas.page.click("#step-back")
    atlas.settle()
    atlas.page.get_by_role("button", name="Copy link").click()
    atlas.page.wait_for_function(
        "() => document.getElementById('copy-field').value === location.href"
    )
    assert "2025-13-45" not in atlas.page.url
    context.close()


def test_copy_link_falls_back_to_a_selected_field(atlas):
    atlas.open("?tab=events")
    # a browser without the clipboard API (a page served over plain http)
    atlas.page.evaluate(
        "() => Object.defineProperty(navigator, 'clipboard', {value: undefined})"
    )
    atlas.page.get_by_role("button", name="Copy link").click()
    atlas.page.wait_for_selector("#copy-status:not(:empty)")
    field = atlas.page.locator("#copy-field")
    assert field.is_visible() and field.input_value() == atlas.page.url
    selected = atlas.page.evaluate(
        "() => { const f = document.activeElement;"
        " return f.id + ' ' + f.value.slice(f.selectionStart, f.selectionEnd); }"
    )
    assert selected == f"copy-field {atlas.page.url}"


def _search(atlas: Atlas, typed: str) -> None:
    """Open "Find an actor", type, press Enter: what a user does."""
    atlas.page.click("#actor-search")
    atlas.page.wait_for_timeout(300)  # the menu puts the focus where it wants
    atlas.page.keyboard.type(typed, delay=60)  # at a fast typist's pace
    atlas.page.wait_for_timeout(200)
    atlas.page.keyboard.press("Enter")
    atlas.settle()


def test_a_second_search_selects_the_second_actor(atlas):
    atlas.open()
    _search(atlas, "Erdo")
    assert atlas.query()["focus"] == "erdogan"
    assert "Erdogan" in atlas.page.inner_text("#actor-search")
    _search(atlas, "Putin")
    assert atlas.query()["focus"] == "putin"
    assert "Vladimir Putin" in atlas.page.inner_text("#details")
    assert "Vladimir Putin" in atlas.page.inner_text("#actor-search")
    # Enter on the chosen one keeps it chosen
    _search(atlas, "")
    assert atlas.query()["focus"] == "putin"
    _search(atlas, "Vladimir")
    assert atlas.query()["focus"] == "putin"
    # an actor clicked on a figure shows in the box too
    atlas.click_point("network-graph", "actor", "trump")
    assert "Donald Trump" in atlas.page.inner_text("#actor-search")
    # and a relation clicked empties it, leaving the relation selected
    atlas.click_point("network-graph", "relation", "r15")
    assert "relation" in atlas.query() and "focus" not in atlas.query()
    assert "Type a name" in atlas.page.inner_text("#actor-search")


def _columns_in_view(atlas: Atlas, grid: str = EVENTS) -> dict[str, tuple]:
    """Each column's header: its left and right edges from the left of the
    grid's visible part, and that part's width."""
    return atlas.page.evaluate(
        """(grid) => {
            const view = document.querySelector(grid + ' .ag-body-viewport')
                .getBoundingClientRect();
            const seen = {};
            for (const cell of document.querySelectorAll(grid + ' .ag-header-cell')) {
                const box = cell.getBoundingClientRect();
                seen[cell.getAttribute('col-id')] = [box.left - view.left,
                                                     box.right - view.left, view.width];
            }
            return seen;
        }""",
        grid,
    )


def _cut_cells(atlas: Atlas, column: str) -> list[str]:
    """The cells of ``column`` whose label does not show whole."""
    return atlas.page.eval_on_selector_all(
        f"{EVENTS} .ag-cell[col-id='{column}']",
        "cells => cells.filter(c => {"
        " const text = c.querySelector('.ag-cell-value') || c;"
        " return text.scrollWidth > text.clientWidth + 1; })"
        ".map(c => c.textContent)",
    )


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_the_events_table_shows_who_did_what_to_whom_in_the_card(
    browser, server_url, size
):
    """In the card of a laptop's window the Date column, as wide as the
    data's longest date, left From and Kind in sight and To out of it
    ("Russia ... support", no target); full screen shows every date, name
    and kind whole, and the rankings' long names."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    atlas = Atlas(context.new_page(), server_url)
    atlas.open("?tab=events")
    atlas.page.wait_for_selector(f"{EVENTS} .ag-row")
    columns = _columns_in_view(atlas)
    for name in ("first", "source_name", "kind", "target_name"):
        left, right, seen = columns[name]
        assert left >= 0 and right <= seen + 1, (name, columns[name])
    atlas.screenshot(f"events-card-{width}x{height}")
    atlas.page.get_by_role("button", name="Full screen").click()
    atlas.settle()
    atlas.page.wait_for_function(
        """() => document.querySelector("#events-table .ag-header-cell[col-id='first']")
            .getBoundingClientRect().width > 200""",
        timeout=10_000,
    )
    for column in ("first", "source_name", "kind", "target_name"):
        assert _cut_cells(atlas, column) == [], column
    # and what happened is in sight beside them, not past the badges
    left, right, seen = _columns_in_view(atlas)["summary"]
    assert left >= 0 and right <= seen + 1, (left, right, seen)
    _open_tab(atlas, "Rankings")
    atlas.page.wait_for_selector("#rankings .ag-row")
    widths = atlas.page.eval_on_selector_all(
        "#rankings .ag-cell[col-id='name']",
        "cells => cells.filter(c => c.textContent.includes('Salazar'))"
        ".map(c => c.scrollWidth <= c.clientWidth)",
    )
    assert widths == [True]  # "Jesús Rafael Salazar Velázquez" whole
    atlas.screenshot(f"rankings-full-screen-{width}x{height}")
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    _open_tab(atlas, "Events")
    left, right, _ = _columns_in_view(atlas)["first"]
    assert right - left < 200  # back to the card's width
    # the session keeps a grid's columns: reloaded after a full screen, the
    # card has its own widths, To in sight
    atlas.page.get_by_role("button", name="Full screen").click()
    atlas.settle()
    atlas.page.reload()
    atlas.page.wait_for_selector(f"{EVENTS} .ag-row")
    atlas.page.wait_for_function(
        """() => document.querySelector("#events-table .ag-header-cell[col-id='first']")
            .getBoundingClientRect().width < 200""",
        timeout=10_000,
    )
    left, right, seen = _columns_in_view(atlas)["target_name"]
    assert right <= seen + 1
    assert atlas.console_errors == []
    context.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_details_card_goes_full_screen_and_grows(browser, server_url, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    atlas = Atlas(context.new_page(), server_url)
    atlas.open("?start=2025-11-12&end=2025-12-11&tab=events&relation=r15")
    atlas.page.wait_for_selector(f"{EVENTS} .ag-row")
    atlas.screenshot(f"events-tab-{width}x{height}")
    card = atlas.page.locator("#details-card")
    placed = card.bounding_box()
    # every tab and both buttons fit on the tab bar
    for label in ("Details", "Events", "Rankings", "Path", "Change"):
        tab = atlas.page.locator("#panel-tabs label", has_text=label).bounding_box()
        assert tab["x"] + tab["width"] <= placed["x"] + placed["width"], label
    atlas.page.get_by_role("button", name="Full screen").click()
    atlas.settle()
    full = card.bounding_box()
    assert full["width"] >= width - 40 and full["height"] >= height - 40
    grid = atlas.page.locator(EVENTS).bounding_box()
    assert grid["height"] >= height - 140  # the table takes the room
    assert _selected(atlas) == ["r15"]
    atlas.screenshot(f"details-full-screen-{width}x{height}")
    # Escape leaves full screen, also from inside the table, and keeps the selection
    atlas.page.locator(f"{EVENTS} .ag-row[row-id='r15'] [col-id='kind']").click()
    atlas.settle()
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert card.bounding_box() == placed
    assert atlas.query()["relation"] == "r15"
    # the button leaves too
    atlas.page.get_by_role("button", name="Full screen").click()
    atlas.page.get_by_role("button", name="Leave full screen (Esc)").click()
    atlas.settle()
    assert card.bounding_box() == placed
    # the handle on the card's top edge makes it taller, within the page
    handle = atlas.page.locator("#details-resize").bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    atlas.page.mouse.move(x, y)
    atlas.page.mouse.down()
    atlas.page.mouse.move(x, y - 200, steps=8)
    atlas.page.mouse.up()
    atlas.page.wait_for_timeout(300)
    taller = card.bounding_box()
    assert taller["height"] >= placed["height"] + 190
    assert abs(taller["y"] + taller["height"] - (placed["y"] + placed["height"])) < 2
    assert atlas.page.evaluate("() => document.documentElement.scrollHeight") <= height
    atlas.screenshot(f"details-taller-{width}x{height}")
    # the arrow keys on the handle, and a double click gives the card its place
    atlas.page.focus("#details-resize")
    atlas.page.keyboard.press("ArrowUp")
    assert card.bounding_box()["height"] >= taller["height"] + 30
    atlas.page.dblclick("#details-resize")
    assert card.bounding_box() == placed
    assert atlas.console_errors == []
    context.close()


@pytest.mark.parametrize(
    ("tab", "grid", "key"),
    [("Events", EVENTS, "relation"), ("Rankings", "#rankings", "focus")],
)
def test_enter_on_a_row_selects_it_as_a_click_does(atlas, tab, grid, key):
    """From the keyboard: a row reached with Tab and the arrows is selected
    with Enter (only a click selected it)."""
    atlas.open()
    _open_tab(atlas, tab)
    atlas.page.focus(f"{grid} .ag-row[row-index='0'] .ag-cell")
    atlas.page.keyboard.press("ArrowDown")  # the second row
    atlas.page.keyboard.press("Enter")
    atlas.settle()
    second = _row_order(atlas, grid)[1]
    assert atlas.query()[key] == second
    assert _selected(atlas, grid) == [second]
