"""Callbacks as plain functions: URL in, controls out; window, selection, view."""

from __future__ import annotations

from datetime import date

import pytest
from dash import no_update

from dashboard import ids
from dashboard.callbacks import (
    prepare,
    update_selection,
    update_url_and_controls,
    update_view,
    update_window,
)
from dashboard.data import load_dataset
from dashboard.urlstate import View, parse_query, to_query
from dashboard.window import presets, step_window, window_from_selection
from tests.conftest import BUNDLED

STANCES = [
    {"type": ids.KINDS, "stance": s} for s in ("cooperative", "neutral", "conflictual")
]
ALL_ACTOR_KINDS = ["state", "person", "organization", "company"]
ALL_CONFIDENCE = ["confirmed", "reported", "speculative"]


@pytest.fixture(scope="module")
def data():
    return prepare(load_dataset(BUNDLED))


def all_kinds(data):
    return [list(data.kinds)]


def test_url_sets_the_controls(data):
    out = update_url_and_controls(
        data,
        True,
        "?start=2019-01-01&end=2019-12-31&kinds=support,threat&focus=putin&states=1",
        None,
        None,
        [[], [], []],
        [],
        None,
        STANCES,
    )
    search, start, end, groups, states, selection, notice = out
    assert (start, end) == ("2019-01-01", "2019-12-31")
    assert groups == [["support"], [], ["threat"]]
    assert states == ["1"] and selection == {"actor": "putin"} and notice == ""
    assert search is no_update


def test_controls_write_the_url(data):
    out = update_url_and_controls(
        data,
        False,
        "",
        "2025-11-20",
        "2025-12-12",
        [["support"], ["call"], []],
        ["1"],
        {"actor": "maduro"},
        STANCES,
    )
    assert (
        out[0]
        == "?start=2025-11-20&end=2025-12-12&kinds=call,support&focus=maduro&states=1"
    )


def test_bad_url_gives_a_notice_and_defaults(data):
    out = update_url_and_controls(
        data,
        True,
        "?start=yesterday&end=2019-01-01&states=2",
        None,
        None,
        [[], [], []],
        [],
        None,
        STANCES,
    )
    assert out[1] == "2019-01-01" and out[2] == "2019-01-01"
    assert "start 'yesterday'" in out[6] and "states must be 0 or 1" in out[6]


def test_url_round_trip():
    view = View(
        start=date(2019, 1, 1), end=date(2019, 12, 31), kinds=("call",), focus="x"
    )
    back = parse_query(
        to_query(view),
        span=(date(2019, 1, 1), date(2025, 12, 11)),
        kinds=["call", "support"],
        actors={"x"},
    )
    assert back == view


def test_presets(data):
    named = presets(data.span, [2019, 2025])
    assert named["Last 30 days"] == (date(2025, 11, 12), date(2025, 12, 11))
    assert named["2019"] == (date(2019, 1, 1), date(2019, 12, 31))
    assert named["All"] == (date(2019, 1, 1), date(2025, 12, 11))


def test_preset_button_sets_window(data):
    start, end, stopped = update_window(
        data, {"type": ids.PRESETS, "name": "2019"}, None, "2025-01-01", "2025-12-11"
    )
    assert (start, end, stopped) == ("2019-01-01", "2019-12-31", True)


def test_drag_on_time_bar_sets_window(data):
    selected = {"range": {"x": ["2025-11-20 06:00:00", "2025-12-12 18:00:00"]}}
    assert window_from_selection(selected) == (date(2025, 11, 20), date(2025, 12, 12))
    start, end, _ = update_window(
        data, ids.TIME_BAR, selected, "2019-01-01", "2025-12-11"
    )
    assert (start, end) == ("2025-11-20", "2025-12-11")  # clipped to the data
    assert (
        update_window(data, ids.TIME_BAR, None, "2019-01-01", "2025-12-11")[0]
        is no_update
    )


def test_stepping_skips_empty_stretches_and_stops_at_the_end(data):
    relations, span = data.dataset.relations, data.span
    # after 2019 nothing happens until 2025: the next window starts with the next event
    after_2019 = step_window(relations, (date(2019, 12, 2), date(2019, 12, 31)), span)
    assert after_2019 == (date(2025, 1, 1), date(2025, 1, 30))
    assert step_window(relations, (date(2025, 12, 1), date(2025, 12, 11)), span) is None
    back = step_window(
        relations, (date(2025, 1, 1), date(2025, 1, 30)), span, forward=False
    )
    assert back == (date(2019, 12, 2), date(2019, 12, 31))
    # from the whole span, play starts with a 30-day window at the start
    assert step_window(relations, span, span) == (date(2019, 1, 1), date(2019, 1, 30))


def test_play_tick_stops_at_the_end(data):
    assert (
        update_window(data, ids.PLAY_TIMER, None, "2025-12-01", "2025-12-11")[2] is True
    )


def test_selection_from_clicks_search_and_clear():
    click = {"points": [{"customdata": ["actor", "putin"]}]}
    assert update_selection(ids.NETWORK_GRAPH, None, click, None) == (
        {"actor": "putin"},
        no_update,
    )
    relation = {"points": [{"customdata": ["relation", "r05|r07"]}]}
    assert update_selection(ids.GEO_MAP, relation, None, None)[0] == {
        "relation": "r05|r07"
    }
    assert update_selection(ids.ACTOR_SEARCH, None, None, "trump")[0] == {
        "actor": "trump"
    }
    assert update_selection(ids.CLEAR_SELECTION, None, None, "trump") == (None, None)
    # a click on the map's countries (no customdata) changes nothing
    assert update_selection(ids.GEO_MAP, {"points": [{}]}, None, None)[0] is no_update


def test_view_follows_the_window(data):
    out = update_view(
        data,
        "2019-01-01",
        "2019-12-31",
        all_kinds(data),
        ALL_ACTOR_KINDS,
        ALL_CONFIDENCE,
        [],
        None,
    )
    map_figure, network, time_patch, details, header, summary = out
    assert header == "1 Jan – 31 Dec 2019 · 2 relations among 3 actors"
    assert summary.startswith("1 Jan – 31 Dec 2019: 2 relations among 3 actors")
    assert "Maduro–Russia: 1 cooperative" in summary


def test_view_with_selection_lists_quotes(data):
    details = update_view(
        data,
        "2019-01-01",
        "2025-12-11",
        all_kinds(data),
        ALL_ACTOR_KINDS,
        ALL_CONFIDENCE,
        [],
        {"actor": "putin"},
    )[3]
    text = str(details)
    assert "Vladimir Putin" in text and "mounting external pressure" in text


def test_view_filters_confidence(data):
    header = update_view(
        data,
        "2019-01-01",
        "2025-12-11",
        all_kinds(data),
        ALL_ACTOR_KINDS,
        ["speculative"],
        [],
        None,
    )[4]
    assert "2 relations" in header
