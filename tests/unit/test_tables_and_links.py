"""Tables that keep up and links that reopen: the tab and the selected relation
in the URL, the tables' rows and selected row, the search box that follows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from dash import no_update

from dashboard.core.urlstate import (
    TABS,
    Display,
    display_params,
    over_step,
    parse_display,
    parse_relation,
    to_query,
)
from dashboard.core.view import View
from dashboard.web import ids
from dashboard.web.controls import view_to_controls
from dashboard.web.inputs import clean_filled, clean_tab
from dashboard.web.layout import PANEL_TABS
from dashboard.web.state import update_state, view_store
from dashboard.web.story_panel import step_href
from dashboard.web.tables import DATE_WIDTH, FULL_NAME_WIDTH, date_width
from dashboard.web.views import (
    selected_relations,
    update_grids,
    update_selection,
    update_tables,
)

STANCES = [
    {"type": ids.KINDS, "stance": s} for s in ("cooperative", "neutral", "conflictual")
]


@pytest.fixture
def data(bundled_data):
    return bundled_data


def whole(data, **changes) -> View:
    return replace(View(start=data.span[0], end=data.span[1]), **changes)


def store(data, selection=None, **changes) -> dict:
    view = whole(data, **changes)
    if selection is None and view.focus:
        selection = {"actor": view.focus}
    return view_store(view, selection)


def state(data, *, search="", trigger=None, tab=None, selection=None, **changes):
    """update_state for a link (``trigger`` None) or a control of the page."""
    controls = view_to_controls(data, whole(data, **changes), STANCES)
    if selection is not None:
        controls["selection"] = selection
    return update_state(
        data, trigger, from_url=trigger is None, search=search, controls=controls,
        stance_ids=STANCES, tab=tab,
    )  # fmt: skip


# --- the URL parameters ------------------------------------------------------


def test_the_tab_is_a_display_parameter():
    assert [value for value, _ in PANEL_TABS] == list(TABS)  # the page's tabs
    display, notices = parse_display("?tab=events", {})
    assert display == Display(tab="events") and notices == []
    assert display_params(Display(tab="rankings")) == {"tab": "rankings"}
    assert display_params(Display()) == {}  # the default tab is left out
    bad, notices = parse_display("?tab=<script>", {})
    assert bad.tab == "details" and notices == [
        "tab must be one of details, events, rankings, path, change, not '<script>'"
    ]
    # it says how the view is shown, not what: a step's link with a tab shows
    # the step's view
    step = "?start=2025-12-01&end=2025-12-11&focus=maduro"
    assert over_step(step, "?story=walk&step=2&tab=events") == (
        step + "&story=walk&step=2&tab=events"
    )
    # the display store leaves it out: a tab click must not redraw the figures
    assert "tab" not in Display(tab="events").as_dict()


def test_the_selected_relation_is_checked_against_the_data(data):
    def parsed(search):
        return parse_relation(search, relations=data.labels, actors=data.names)

    assert parsed("?relation=r05") == ("r05", [])
    assert parsed("?relation=r05|r07") == ("r05|r07", [])
    assert parsed("?relation=pair:maduro~putin") == ("pair:maduro~putin", [])
    assert parsed("?start=2019-01-01") == (None, [])
    for bad in ("r99", "r05|nope", "pair:maduro~maduro", "pair:maduro~nobody", ""):
        relation, notices = parsed(f"?relation={bad}")
        assert relation is None and notices == [f"no relation '{bad}' to select"]
    many = "|".join(["r05"] * 501)
    assert parsed(f"?relation={many}")[0] is None


def test_to_query_writes_the_relation_and_the_tab(data):
    view = whole(data)
    query = to_query(view, Display(tab="events"), relation="r05|r07")
    assert query == "?start=2019-01-01&end=2025-12-11&relation=r05%7Cr07&tab=events"
    # a selected actor is the selection: the relation is not written beside it
    assert "relation" not in to_query(replace(view, focus="putin"), relation="r05")
    assert parse_relation(query, relations=data.labels, actors=data.names)[0] == (
        "r05|r07"
    )


def test_clean_tab_and_filled():
    assert clean_tab("rankings") == "rankings"
    for odd in (None, 3, ["events"], "Events", "x" * 5000):
        assert clean_tab(odd) == "details"
    assert clean_filled({"events": "?start=x", "rankings": 5, "other": "?"}) == {
        "events": "?start=x"
    }
    assert clean_filled([1]) == {}


# --- the state callback: a link reopens with its tab and selection -------------


def test_a_link_sets_the_tab_and_selects_its_relation(data):
    out = state(data, search="?start=2025-11-01&relation=r05&tab=events")
    assert out["tab"] == "events"
    assert out["controls"]["selection"] == {"relation": "r05"}
    assert out["view"]["selection"] == {"relation": "r05"}
    assert out["notice"] == ""
    # the tab already open is left alone
    assert state(data, search="?tab=events", tab="events")["tab"] is no_update
    # no tab in the link: the details tab
    assert state(data, search="?start=2025-11-01", tab="rankings")["tab"] == "details"


def test_a_link_with_a_focus_selects_the_actor_not_the_relation(data):
    out = state(data, search="?focus=putin&relation=r05")
    assert out["controls"]["selection"] == {"actor": "putin"}


def test_a_bad_tab_or_relation_says_so(data):
    out = state(data, search="?relation=r99&tab=nowhere", tab="events")
    assert out["tab"] == "details"
    assert out["controls"]["selection"] is no_update  # nothing was selected
    assert "no relation 'r99' to select" in out["notice"]
    assert "tab must be one of" in out["notice"]


def test_the_url_follows_the_tab_and_the_selected_relation(data):
    out = state(
        data, trigger=ids.PANEL_TABS, tab="rankings", selection={"relation": "r05"},
        search="?present=1",
    )  # fmt: skip
    assert out["search"] == (
        "?start=2019-01-01&end=2025-12-11&relation=r05&present=1&tab=rankings"
    )
    # the View store changes only with the view or the selection, not the tab
    current = store(data, selection={"relation": "r05"})
    again = update_state(
        data, ids.PANEL_TABS, from_url=False, search="", tab="events",
        controls={**view_to_controls(data, whole(data), STANCES),
                  "selection": {"relation": "r05"}},
        current=current, stance_ids=STANCES,
    )  # fmt: skip
    assert again["view"] is no_update and again["search"].endswith("&tab=events")


def test_the_story_links_keep_the_tab():
    assert step_href(Display(tab="rankings"), "walk", 2) == (
        "?story=walk&step=2&tab=rankings"
    )


# --- the tables: made once, then only rows and the selected row ---------------


def test_the_grids_are_made_once_the_script_has_loaded(data):
    assert update_grids(data, False) == (no_update, no_update)
    assert update_grids(data, None, "events", store(data)) == (no_update, no_update)
    events, rankings = update_grids(data, True)
    assert [getattr(part, "id", None) for part in events] == [
        ids.TABLES_FILLED, ids.EVENTS_NOTE, ids.EVENTS_TABLE,
    ]  # fmt: skip
    grid = events[-1]
    assert grid.rowData == [] and grid.getRowId == "params.data.id"
    assert grid.persisted_props == ["columnState", "filterModel"]
    assert rankings.id == ids.RANKINGS
    assert rankings.columnDefs[0] == {
        "field": "name", "headerName": "Actor", "width": 170, "pinned": "left",
        "tooltipField": "name", "context": {"fullWidth": FULL_NAME_WIDTH},
    }  # fmt: skip
    # every other column scrolls beside the name, wide enough for its heading
    assert all("pinned" not in c and c["width"] >= 100
               for c in rankings.columnDefs[1:])  # fmt: skip
    # the stances in the order the filters and legends give them
    headers = [column["headerName"] for column in rankings.columnDefs]
    at = headers.index("Cooperative")
    assert headers[at : at + 3] == ["Cooperative", "Neutral", "Conflictual"]


def test_the_date_column_shows_the_widest_date_of_the_data_whole(data):
    """ "between 12 Nov and 11 Dec 2025" was cut to "between 12 Nov and 1…",
    even in full screen."""
    from dashboard.figures.labels import text_width

    events, _ = update_grids(data, True)
    date = events[-1].columnDefs[0]
    assert date["headerName"] == "Date"
    labels = data.dataset.relations["date_label"]
    widest = max(labels, key=lambda label: text_width(label, 14))
    assert widest.startswith("between")  # the bundled data's widest kind
    # in full screen (assets/clientside.js fitColumns): the label and the
    # cell's padding on both sides (17 px each in AG Grid)
    assert date["context"]["fullWidth"] >= text_width(widest, 14) + 2 * 17
    # so are the names and kinds (the bundled data's longest: a kind)
    kind = next(c for c in events[-1].columnDefs if c["field"] == "kind")
    longest = max(data.kinds, key=lambda kind: text_width(kind, 14))
    assert kind["context"]["fullWidth"] >= text_width(longest, 14) + 2 * 17
    # in the card, narrower: From, Kind and To beside it in a 1366 px window
    beside = sum(column["width"] for column in events[-1].columnDefs[1:4])
    assert date["minWidth"] + beside <= 500
    # a data set of years keeps the narrow column
    assert date_width(["2019", "≈ 2025"]) == DATE_WIDTH[0]


def test_the_open_table_is_made_with_its_rows_and_selected_row(data):
    value = store(data, selection={"relation": "r05"})
    (filled, note, events), rankings = update_grids(data, True, "events", value)
    assert "r05" in {row["id"] for row in events.rowData}
    assert events.selectedRows == {"ids": ["r05"]}
    assert set(filled.data) == {"events"} and note.children == ""
    assert rankings.rowData == []  # filled when its tab opens
    # the tables' callback, as the grids appear, then sends only the selection
    again = update_tables(data, "events", value, filled.data)
    assert again["events_rows"] is no_update
    assert again["events_selected"] == {"ids": ["r05"]}


def test_a_table_gets_its_rows_once_per_view(data):
    window = {"start": date(2025, 11, 1), "end": date(2025, 12, 11)}
    first = update_tables(data, "events", store(data, **window))
    rows = first["events_rows"]
    assert rows and "r01" not in {row["id"] for row in rows}  # r01 is of 2019
    assert first["note"] == "" and first["events_selected"] == {"ids": []}
    assert first["rankings_rows"] is no_update
    filled = first["filled"]
    assert set(filled) == {"events"}
    # a row click: the same view, a selection: only the selected row is sent
    value = store(data, selection={"relation": "r05"}, **window)
    click = update_tables(data, "events", value, filled)
    assert click["events_rows"] is no_update and click["filled"] is no_update
    assert click["events_selected"] == {"ids": ["r05"]}
    # another view: new rows
    moved = update_tables(data, "events", store(data), filled)
    assert len(moved["events_rows"]) > len(rows)
    # the rankings fill when their tab opens, and select the selected actor
    ranks = update_tables(data, "rankings", store(data, focus="maduro"), filled)
    assert ranks["rankings_selected"] == {"ids": ["maduro"]}
    assert ranks["filled"]["events"] == filled["events"]
    assert {row["id"] for row in ranks["rankings_rows"]} >= {"maduro", "putin"}


def test_other_tabs_leave_the_tables_alone(data):
    for tab in ("details", "path", None, ["events"]):
        out = update_tables(data, tab, store(data))
        assert all(value is no_update for value in out.values())


def test_a_pair_selects_each_of_its_relations(data):
    relations = data.dataset.relations
    pair = selected_relations(relations, "pair:maduro~putin")
    between = relations[
        relations[["source", "target"]].isin(["maduro", "putin"]).all(axis=1)
    ]
    assert sorted(pair) == sorted(between["id"]) and pair
    assert selected_relations(relations, "r05|r07") == ["r05", "r07"]
    assert selected_relations(relations, None) == []


# --- the search box: follows the selection, works a second time ---------------


def test_a_search_box_that_only_follows_the_selection_changes_nothing():
    putin = {"actor": "putin"}
    # the box caught up with a selection made elsewhere: nothing more to do,
    # and the table that made it stays in view
    assert update_selection(ids.ACTOR_SEARCH, searched="putin", current=putin) == (
        no_update, no_update, no_update,
    )  # fmt: skip
    # emptied because a relation is selected: the relation stays selected
    relation = {"relation": "r05"}
    assert update_selection(ids.ACTOR_SEARCH, searched=None, current=relation) == (
        no_update, no_update, no_update,
    )  # fmt: skip
    # a second actor, searched right after the first
    assert update_selection(ids.ACTOR_SEARCH, searched="trump", current=putin) == (
        {"actor": "trump"}, no_update, "details",
    )  # fmt: skip
    # emptied by the user: the actor is let go
    assert update_selection(ids.ACTOR_SEARCH, searched=None, current=putin)[0] is None


def test_actors_of_one_name_are_told_apart_in_the_menus():
    """Two ministries of defence were the same option twice in "Find an actor"
    and the path menus: one could not tell which one to choose."""
    from dashboard.core.describe import actor_options

    options = actor_options([
        {"id": "mod-ru", "name": "Ministry of Defence", "country": "RUS", "kind": "organization"},
        {"id": "mod-by", "name": "Ministry of Defence", "country": "BLR", "kind": "organization"},
        {"id": "putin", "name": "Vladimir Putin", "country": "RUS", "kind": "person"},
    ])  # fmt: skip
    assert [(o["label"], o["value"]) for o in options] == [
        ("Ministry of Defence · RUS", "mod-ru"),
        ("Ministry of Defence · BLR", "mod-by"),
        ("Vladimir Putin", "putin"),
    ]
