"""Callbacks as plain functions: URL in, controls out; window, selection, view."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

import pandas as pd
import pytest
from dash import no_update

from dashboard.core.dates import EARLIEST, LATEST
from dashboard.core.graph import active_between
from dashboard.core.urlstate import parse_query, to_query
from dashboard.core.view import View
from dashboard.core.window import (
    PLAY_STEPS,
    presets,
    step_unit,
    step_window,
    step_windows,
    window_from_selection,
)
from dashboard.web import ids
from dashboard.web.app import create_app
from dashboard.web.controls import VIEW_CONTROLS, controls_to_view, view_to_controls
from dashboard.web.files import update_download
from dashboard.web.state import update_state, view_from_store, view_store
from dashboard.web.views import (
    TEXT_PANELS,
    update_figures,
    update_panel,
    update_selection,
    update_tab,
    update_tables,
)

STANCES = [
    {"type": ids.KINDS, "stance": s} for s in ("cooperative", "neutral", "conflictual")
]


@pytest.fixture
def data(bundled_data):
    """The bundled data prepared as the app does, once per run (tests/conftest.py)."""
    return bundled_data


def panel(data, tab: str, **changes):
    """The content of one tab of the details card for a view (a table's rows)."""
    if tab in ("events", "rankings"):
        return update_tables(data, tab, store(data, **changes))[f"{tab}_rows"]
    return update_panel(data, tab, store(data, **changes))[TEXT_PANELS.index(tab)]


def controls(data, **changes) -> dict:
    """Control values for the whole span with some view fields changed."""
    view = replace(View(start=data.span[0], end=data.span[1]), **changes)
    return view_to_controls(data, view, STANCES)


def store(data, **changes) -> dict:
    """The View store's value for the whole span with some fields changed."""
    view = replace(View(start=data.span[0], end=data.span[1]), **changes)
    return view_store(view, {"actor": view.focus} if view.focus else None)


def from_url(data, search, current):
    return update_state(
        data, None, from_url=True, search=search, controls=current,
        stance_ids=STANCES,
    )  # fmt: skip


def update_window(data, trigger, selected, start, end, *, timer_off=False):
    """(start, end, stop) after ``trigger`` moved the window from start-end
    (while playing, unless ``timer_off``)."""
    current = controls(data, start=date.fromisoformat(start),
                       end=date.fromisoformat(end))  # fmt: skip
    out = update_state(
        data, trigger, from_url=False, search="", controls=current,
        selected=selected, stance_ids=STANCES, timer_off=timer_off,
    )  # fmt: skip
    return out["controls"]["start"], out["controls"]["end"], out["stop"]


def parse(data, search):
    return parse_query(
        search, span=data.span, choices=data.choices,
        actors=set(data.dataset.actors["id"]),
    )  # fmt: skip


def test_url_sets_the_controls(data):
    search = (
        "?start=2019-01-01&end=2019-12-31&kinds=support,threat&focus=putin&states=1"
    )
    out = from_url(data, search, controls(data))
    assert out["search"] is no_update
    set_to = out["controls"]
    # the start is the data's already: left as it is, so that nothing re-renders
    assert (set_to["start"], set_to["end"]) == (no_update, "2019-12-31")
    assert set_to["kinds"] == [["support"], [], ["threat"]]
    assert set_to["states"] == ["1"] and set_to["selection"] == {"actor": "putin"}
    assert out["notice"] == ""
    # the View store holds the view the URL names, once
    assert out["view"]["query"] == (
        "?start=2019-01-01&end=2019-12-31&kinds=support,threat&states=1&focus=putin"
    )


def test_controls_write_the_url(data):
    values = controls(
        data, start=date(2025, 11, 20), end=date(2025, 12, 12), kinds=("call", "support"),
        focus="maduro", states=True, depth=2, path=("lukashenko", "trump"), colour="bloc",
        compare=date(2025, 11, 21), min_sources=2, confidence=("confirmed",),
    )  # fmt: skip
    out = update_state(data, ids.STATES_ONLY, from_url=False, search="",
                       controls=values, stance_ids=STANCES)  # fmt: skip
    url = out["search"]
    assert url == (
        "?start=2025-11-20&end=2025-12-12&kinds=call,support&confidence=confirmed"
        "&sources=2&states=1&focus=maduro&depth=2&path=lukashenko,trump&colour=bloc"
        "&compare=2025-11-21"
    )
    # and the URL gives back the same view, which the View store holds
    assert parse(data, url) == controls_to_view(data, values)
    assert parse(data, out["view"]["query"]) == controls_to_view(data, values)


def test_bad_url_gives_a_notice_and_defaults(data):
    search = "?start=yesterday&end=2019-01-01&states=2&depth=9&path=putin&colour=red"
    current = controls(data, start=date(2025, 1, 1), depth=2)
    out = from_url(data, search, current)
    set_to = out["controls"]
    assert set_to["start"] == "2019-01-01" and set_to["end"] == "2019-01-01"
    assert set_to["depth"] == 0  # the default
    notice = out["notice"]
    for expected in (
        "start 'yesterday'",
        "states must be 0 or 1",
        "depth",
        "path",
        "colour",
    ):
        assert expected in notice


def test_url_round_trip(data):
    view = View(
        start=date(2019, 1, 1), end=date(2019, 12, 31), kinds=("call",), focus="putin"
    )
    assert parse(data, to_query(view)) == view


def test_presets(data):
    named = presets(data.span, [2019, 2025])
    assert named["Last 30 days"] == (date(2025, 11, 12), date(2025, 12, 11))
    assert named["2019"] == (date(2019, 1, 1), date(2019, 12, 31))
    assert named["All"] == (date(2019, 1, 1), date(2025, 12, 11))


def test_presets_reach_the_page_with_their_windows(data):
    """A preset moves the window in the page (assets/clientside.js
    ``presetWindow``), from the windows the page is given."""
    page = create_app(dataset=data.dataset).layout
    windows = (page() if callable(page) else page)[ids.PRESET_WINDOWS].data
    assert list(windows) == list(data.presets)
    assert windows["2019"] == ["2019-01-01", "2019-12-31"]
    assert windows["All"] == [day.isoformat() for day in data.span]


def test_the_presets_follow_new_data(data):
    """New data (a new DATA_SEEN) gives the page the presets' windows anew;
    their buttons stay when their names do (tests/unit/test_live.py)."""
    app = create_app(dataset=data.dataset)
    body = {
        "output": "..preset-windows.data...preset-group.children..",
        "outputs": [{"id": "preset-windows", "property": "data"},
                    {"id": "preset-group", "property": "children"}],
        "inputs": [{"id": "data-seen", "property": "data", "value": "2|now"}],
        "changedPropIds": ["data-seen.data"],
        "state": [{"id": "preset-windows", "property": "data",
                   "value": dict.fromkeys(data.presets, ["2000-01-01"] * 2)},
                  {"id": "view", "property": "data", "value": None}],
    }  # fmt: skip
    response = app.server.test_client().post("/_dash-update-component", json=body)
    answer = response.get_json()["response"]
    assert answer["preset-windows"]["data"]["2019"] == ["2019-01-01", "2019-12-31"]
    assert "preset-group" not in answer


def test_a_presets_dates_write_the_url_and_leave_the_view_the_page_set(data):
    """The page sets the date picker and the View store at once; the state
    callback, run by the new dates, writes the URL and leaves the store (no
    second redraw) unless the store holds another view."""
    window = {"start": date(2019, 1, 1), "end": date(2019, 12, 31)}
    values = controls(data, **window, kinds=("call",))
    written = store(data, **window, kinds=("call",))  # as presetWindow writes it

    def state(current):
        return update_state(
            data, ids.DATE_RANGE, from_url=False, search="?kinds=call",
            controls=values, current=current, stance_ids=STANCES,
        )  # fmt: skip

    out = state(written)
    assert out["search"] == "?start=2019-01-01&end=2019-12-31&kinds=call"
    assert out["view"] is no_update
    assert out["chips"]["words"] == [no_update] * len(out["chips"]["words"])
    # new data redrew the view (the store names its generation): the same view
    assert state({**written, "data": "2"})["view"] is no_update
    # the page wrote an older view (a filter changed on the way): corrected
    assert state(store(data, **window))["view"] == written


def test_a_window_that_moves_leaves_the_chips_as_they_are(data):
    """The header's chips are drawn again only when they would say something
    else: a step keeps them."""
    chips = [{"type": ids.FILTER_CHIP, "filter": "kinds"}]

    def state(trigger, values):
        return update_state(
            data, trigger, from_url=False, search="", controls=values,
            current=store(data, kinds=("call",)), stance_ids=STANCES,
            chip_ids=chips,
        )  # fmt: skip

    stepped = state(ids.STEP_FORWARD, controls(data, kinds=("call",)))
    assert stepped["view"] is not no_update
    assert stepped["chips"]["words"] == [no_update]
    other = state(ids.KINDS, controls(data, kinds=("call", "support")))
    assert other["chips"]["words"][0][0].children == "call, support only"


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


#: The windows Play visits from "All" on the bundled data, worked out by hand.
#: Relations start on 9 distinct days, at most PLAY_STEPS (10): a step per
#: such day. Each window starts on it and ends on the last day of what started
#: there, but before the next such day: the years 2020-2024 are skipped.
PLAYED = [
    ("2019-01-01", "2019-12-31"),  # r01, r02: Russia and Trump around Maduro, 2019
    ("2025-01-01", "2025-08-31"),  # r20, r21: the envoy, "recently" (2025), to Sep
    ("2025-09-01", "2025-10-31"),  # r14, r18: "in recent months": from about Sep
    ("2025-11-01", "2025-11-11"),  # r03: the treaty in force in November, to 12 Nov
    ("2025-11-12", "2025-11-20"),  # r15: the Politico threat (12 Nov - 11 Dec)
    ("2025-11-21", "2025-11-24"),  # r04, r05, r06: the call to Trump, first meeting
    ("2025-12-01", "2025-12-07"),  # r16, r22, r23, r24: the warning, the Erdogan call
    # r07, r08, r10, r11, r12, r26: "this week"; and in sight from 11 Dec, those
    # standing as of that day (r09, r13, r17, r19, r25, r27), which begin no step
    # of their own: a last step of 11 Dec alone showed "0 begin here"
    ("2025-12-08", "2025-12-11"),
]


def test_play_from_all_visits_only_windows_with_something_new(data):
    window, visited = (data.span[0].isoformat(), data.span[1].isoformat()), []
    while True:
        start, end, stopped = update_window(data, ids.PLAY_TIMER, None, *window)
        if start is no_update:
            assert stopped is True  # the end: play stops
            break
        assert stopped is no_update  # a tick while playing goes on
        window = (start, end)
        visited.append(window)
    assert visited == PLAYED
    assert len(visited) <= PLAY_STEPS and visited[-1][0].startswith("2025-12")
    relations = data.dataset.relations
    shown_before: set[str] = set()
    for start, end in visited:
        shown = set(active_between(relations, start, end)["id"])
        assert shown - shown_before, f"nothing new in {start} - {end}"
        shown_before = shown


def test_step_back_from_the_last_window_returns_the_same_way(data):
    window, visited = PLAYED[-1], []
    while True:
        start, end, _ = update_window(data, ids.STEP_BACK, None, *window)
        if start is no_update:
            break
        window = (start, end)
        visited.append(window)
    assert visited == PLAYED[-2::-1]
    # and ▶ from each goes to the next
    for here, after in zip(PLAYED, PLAYED[1:]):
        assert update_window(data, ids.STEP_FORWARD, None, *here)[:2] == after


def test_steps_from_other_windows(data):
    relations = data.dataset.relations
    step = partial(step_window, relations)
    # a window of no step: to the next one after it, or the previous before it
    empty_years = (date(2021, 1, 1), date(2022, 12, 31))
    assert step(empty_years) == (date(2025, 1, 1), date(2025, 8, 31))
    assert step(empty_years, forward=False) == (date(2019, 1, 1), date(2019, 12, 31))
    # a window of several steps, with more after it: ▶ and ◀ go past it
    first_20_days = (date(2025, 11, 1), date(2025, 11, 20))
    assert step(first_20_days) == (date(2025, 11, 21), date(2025, 11, 24))
    assert step(first_20_days, forward=False) == (date(2025, 9, 1), date(2025, 10, 31))
    # with nothing after it (the last 30 days), it is played from its first
    last_30_days = (date(2025, 11, 12), date(2025, 12, 11))
    assert step(last_30_days) == (date(2025, 11, 12), date(2025, 11, 20))
    assert step(last_30_days, forward=False) == (date(2025, 11, 1), date(2025, 11, 11))
    # and All, with nothing before it either, entered at its last by ◀
    assert step(data.span, forward=False) == (date(2025, 12, 8), date(2025, 12, 11))
    # the last step, and a window past the data: nothing further
    assert step((date(2025, 12, 11), date(2025, 12, 11))) is None
    assert step((date(2025, 12, 11), date(2026, 1, 31))) is None
    assert step((date(2019, 1, 1), date(2019, 12, 31)), forward=False) is None


def test_a_relation_standing_where_no_step_is_starts_one():
    """Standing relations start no step of their own where another holds
    their day (the article's, as of its last day), but one vouched for after
    every relation that begins, or data of nothing else, had no step at all:
    ◀/▶ and Play never showed them."""
    days = pd.to_datetime(["2025-12-01", "2025-12-05", "2025-12-20"])
    relations = pd.DataFrame(
        {"first": days, "last": days, "precision": ["day", "day", "as-of"]}
    )
    assert step_windows(relations) == [
        (date(2025, 12, 1), date(2025, 12, 1)),
        (date(2025, 12, 5), date(2025, 12, 5)),
        (date(2025, 12, 20), date(2025, 12, 20)),
    ]
    assert step_window(relations, (date(2025, 12, 5),) * 2) == (date(2025, 12, 20),) * 2
    standing = relations.assign(precision="as-of")
    assert len(step_windows(standing)) == 3
    # held by a step of the others: none of its own
    held = relations.assign(
        last=pd.to_datetime(["2025-12-01", "2025-12-25", "2025-12-20"])
    )
    assert step_windows(held)[-1] == (date(2025, 12, 5), date(2025, 12, 25))


def test_step_from_all_enters_at_the_first_stretch_of_weeks():
    """Steps of weeks begin on a Monday, here before the data's first day
    (Wednesday 18 Feb 2015): ▶ from All had skipped that first week, so Play
    never showed it (GDELT's sample over ICEWS's)."""
    days = pd.to_datetime(
        ["2015-02-18", "2015-02-19", "2015-02-20", "2018-06-01", "2018-06-02"]
        + [f"2025-{month:02d}-{day:02d}" for month in (10, 11, 12) for day in (15, 17)]
    )
    relations = pd.DataFrame({"first": days, "last": days})
    assert step_unit(relations) == "week"
    everything = (date(2015, 2, 18), date(2025, 12, 17))
    assert step_window(relations, everything) == (date(2015, 2, 16), date(2015, 2, 22))
    assert step_window(relations, everything, forward=False)[0] == date(2025, 12, 15)


def test_steps_land_on_what_the_filters_show(data):
    # only calls: Maduro-Trump (21 Nov), Maduro-Erdogan (1-10 Dec), Putin (8-11 Dec)
    values = controls(data, kinds=("call",))
    out = update_state(data, ids.STEP_FORWARD, from_url=False, search="",
                       controls=values, stance_ids=STANCES)  # fmt: skip
    assert (out["controls"]["start"], out["controls"]["end"]) == (
        "2025-11-21",
        "2025-11-21",
    )


def test_a_step_with_nowhere_to_go_says_so(data):
    """▶ at the data's last step (and ◀ at its first) did nothing, unsaid."""
    last = controls(data, start=date(2025, 12, 8), end=date(2025, 12, 11))
    out = update_state(data, ids.STEP_FORWARD, from_url=False, search="",
                       controls=last, stance_ids=STANCES)  # fmt: skip
    assert out["view"] is no_update
    assert out["notice"] == (
        "▶: nothing of this view starts after 11 Dec 2025; "
        "8 Dec – 11 Dec 2025 is its last step."
    )
    # pressed again, said again: the page shows the same words once more
    # (assets/notice.js), which a filter changed does not
    assert out["again"] is True
    kinds = update_state(data, ids.DATE_RANGE, from_url=False, search="",
                         controls=last, stance_ids=STANCES)  # fmt: skip
    assert kinds["again"] is no_update
    back = update_state(data, ids.STEP_BACK, from_url=False, search="",
                        controls=last, stance_ids=STANCES)  # fmt: skip
    assert back["view"] is not no_update and back["notice"] == ""  # it moved
    first = controls(data, start=date(2019, 1, 1), end=date(2019, 12, 31))
    out = update_state(data, ids.STEP_BACK, from_url=False, search="",
                       controls=first, stance_ids=STANCES)  # fmt: skip
    assert out["notice"] == (
        "◀: nothing of this view starts before 1 Jan 2019; "
        "1 Jan – 31 Dec 2019 is its first step."
    )


def test_play_at_the_last_step_plays_again_from_the_first(data):
    """Play pressed at the last step turned to Pause and back, unsaid: it
    starts again from the first step, as a player at its end does."""

    def play(start, end, *, timer_off=True, **changes):
        current = controls(data, start=start, end=end, **changes)
        return update_state(data, ids.PLAY, from_url=False, search="",
                            controls=current, stance_ids=STANCES,
                            timer_off=timer_off)  # fmt: skip

    last = play(date(2025, 12, 8), date(2025, 12, 11))
    assert (last["controls"]["start"], last["controls"]["end"]) == PLAYED[0]
    assert "start=2019-01-01&end=2019-12-31" in last["search"]
    assert last["stop"] is no_update  # the click itself starts the timer
    # with a step ahead, the timer's first tick moves it: the click, nothing
    ahead = play(date(2025, 11, 1), date(2025, 11, 11))
    assert ahead["view"] is no_update and ahead["search"] is no_update
    # a click that pauses moves nothing, even at the end
    paused = play(date(2025, 12, 8), date(2025, 12, 11), timer_off=False)
    assert paused["view"] is no_update and paused["notice"] is no_update
    # a view of one step has nothing to play, and says so
    one = play(date(2019, 1, 1), date(2019, 12, 31), kinds=("pressure",))
    assert one["view"] is no_update
    assert one["notice"] == (
        "▶ Play: this view has one step, 1 Jan – 31 Dec 2019: nothing to play."
    )


def test_another_story_step_stops_play(data):
    """Play ran on after Next: step 3's window showed for under a second,
    then Play moved on to the windows of steps 4 to 6 under step 3's caption."""
    assert "guacamaya" in data.stories

    def opened(search, shown_step, *, timer_off=False):
        return update_state(
            data, None, from_url=True, search=search, controls=controls(data),
            stance_ids=STANCES, timer_off=timer_off,
            current_display={"present": False, "theme": "light",
                             "story": "guacamaya", "step": shown_step},
        )  # fmt: skip

    assert opened("?story=guacamaya&step=3", 2)["stop"] is True
    assert opened("?story=guacamaya&step=2", 3)["stop"] is True  # back a step
    # the step shown again (its link reread), or Play not running: as it was
    assert opened("?story=guacamaya&step=3", 3)["stop"] is no_update
    assert opened("?story=guacamaya&step=3", 2, timer_off=True)["stop"] is no_update


def test_a_window_finer_than_the_steps_moves_by_its_own_width():
    """A decade with something every few days steps by years from All; a
    month, a week or a day of it steps by months, weeks or days, skipping
    only stretches in which nothing starts (README: by its own width)."""
    days = pd.date_range("2015-01-01", "2025-12-30", freq="3D")
    days = days[(days < "2024-06-01") | (days >= "2024-09-15")]  # a quiet summer
    relations = pd.DataFrame({"first": days, "last": days})
    step = partial(step_window, relations)
    assert step_unit(relations) == "year"
    assert step((date(2015, 1, 1), date(2025, 12, 30))) == (
        date(2015, 1, 1),
        date(2015, 12, 31),
    )
    march = (date(2024, 3, 1), date(2024, 3, 31))
    assert step(march) == (date(2024, 4, 1), date(2024, 4, 30))
    assert step(march, forward=False) == (date(2024, 2, 1), date(2024, 2, 29))
    # the empty summer skipped: from May to September, and back
    may, september = (
        (date(2024, 5, 1), date(2024, 5, 31)),
        (date(2024, 9, 1), date(2024, 9, 30)),
    )
    assert step(may) == september and step(september, forward=False) == may
    two_months = (date(2024, 1, 1), date(2024, 2, 29))
    assert step(two_months) == (date(2024, 3, 1), date(2024, 4, 30))
    week = (date(2024, 3, 4), date(2024, 3, 10))
    assert step(week) == (date(2024, 3, 11), date(2024, 3, 17))
    assert step(week, forward=False) == (date(2024, 2, 26), date(2024, 3, 3))
    # a day with nothing on the next two: the next day something starts
    day = days[days >= "2024-03-01"][0].date()
    assert step((day, day)) == (day + timedelta(days=3),) * 2
    # Play from a month reaches the last month, whole, and ◀ goes back by months
    window, played = march, 0
    while (nxt := step(window)) is not None:
        assert nxt[0] > window[1]
        window, played = nxt, played + 1
    assert window == (date(2025, 12, 1), date(2025, 12, 31)) and played == 18
    assert step(window, forward=False) == (date(2025, 11, 1), date(2025, 11, 30))
    # the data's own last step, cut at its last day: ◀ to the step before
    steps = step_windows(relations)
    assert (
        steps[-1][1] == days[-1].date() and step(steps[-1], forward=False) == steps[-2]
    )


def test_a_step_unit_coarsens_for_bursts():
    # 30 days in a row: a step each would be 30; weeks take five
    days = pd.date_range("2025-11-03", periods=30, freq="D")
    relations = pd.DataFrame({"first": days, "last": days})
    assert step_unit(relations) == "week"
    windows = step_windows(relations)
    assert len(windows) == 5 and windows[0] == (date(2025, 11, 3), date(2025, 11, 9))
    # a decade of monthly events: by year
    months = pd.date_range("2010-01-01", periods=120, freq="MS")
    assert step_unit(pd.DataFrame({"first": months, "last": months})) == "year"


def test_typed_dates_after_the_data_are_kept(data):
    values = controls(data, start=date(2025, 11, 1), end=date(2026, 1, 31))
    out = update_state(data, ids.DATE_RANGE, from_url=False, search="",
                       controls=values, stance_ids=STANCES)  # fmt: skip
    assert out["search"] == "?start=2025-11-01&end=2026-01-31"
    assert view_from_store(data, out["view"])[0].end == date(2026, 1, 31)
    # and the date picker lets them be typed
    page = create_app(dataset=data.dataset).layout
    picker = (page() if callable(page) else page)[ids.DATE_RANGE]
    assert (picker.min_date_allowed, picker.max_date_allowed) == (
        EARLIEST.isoformat(),
        LATEST.isoformat(),
    )


def test_selection_from_clicks_search_tables_and_clear():
    def select(
        trigger, map_click=None, graph_click=None, searched=None, event=None, rank=None
    ):
        return update_selection(
            trigger, map_click=map_click, graph_click=graph_click, searched=searched,
            table_cell=event or rank,
        )  # fmt: skip

    click = {"points": [{"customdata": ["actor", "putin"]}]}
    assert select(ids.NETWORK_GRAPH, graph_click=click) == (
        {"actor": "putin"},
        no_update,
        "details",
    )
    relation = {"points": [{"customdata": ["relation", "r05|r07"]}]}
    assert select(ids.GEO_MAP, map_click=relation)[0] == {"relation": "r05|r07"}
    assert select(ids.ACTOR_SEARCH, searched="trump")[0] == {"actor": "trump"}
    # a table row selects without hiding the table
    assert select(ids.EVENTS_TABLE, event={"rowId": "r04"}) == (
        {"relation": "r04"},
        no_update,
        no_update,
    )
    assert select(ids.RANKINGS, rank={"rowId": "maduro"})[0] == {"actor": "maduro"}
    assert select(ids.CLEAR_SELECTION, searched="trump") == (None, None, no_update)
    # a click on the map's countries (no customdata) changes nothing
    assert select(ids.GEO_MAP, map_click={"points": [{}]})[0] is no_update


def test_tab_follows_the_question():
    assert update_tab({ids.PATH_TO}, "lukashenko", "trump", None) == "path"
    assert update_tab({ids.PATH_TO}, "lukashenko", None, None) is no_update
    assert update_tab({ids.COMPARE_DATE}, None, None, "2025-11-21") == "change"
    # a link that sets several controls at once
    both = {ids.PATH_FROM, ids.PATH_TO, ids.COMPARE_DATE}
    assert update_tab(both, None, None, "2025-11-21") == "change"


def test_view_follows_the_window(data):
    window = {"start": date(2019, 1, 1), "end": date(2019, 12, 31)}
    map_figure, network, time_patch, header, summary, drawn, _ = update_figures(
        data, store(data, **window)
    )
    assert header == "1 Jan – 31 Dec 2019 · 2 relations among 3 actors"
    assert drawn == ""  # every relation drawn: nothing to say beside the map
    assert summary.startswith("1 Jan – 31 Dec 2019: 2 relations among 3 actors")
    assert "Maduro–Russia: 1 cooperative" in summary
    assert [row["id"] for row in panel(data, "events", **window)] == ["r01", "r02"]
    ranks = panel(data, "rankings", **window)
    assert {row["id"] for row in ranks} == {"russia", "united-states", "maduro"}


def test_only_the_visible_tab_is_computed(data):
    out = update_panel(data, "path", store(data))
    assert [item is no_update for item in out] == [True, False, True]
    assert all(
        item is no_update for item in update_panel(data, "rankings", store(data))
    )
    tables = update_tables(data, "rankings", store(data))
    assert tables["events_rows"] is no_update and tables["note"] is no_update
    assert tables["rankings_rows"] is not no_update


def test_view_with_selection_lists_quotes(data):
    text = str(panel(data, "details", focus="putin"))
    assert "Vladimir Putin" in text and "mounting external pressure" in text


def test_view_filters_confidence_and_evidence(data):
    header = update_figures(data, store(data, confidence=("speculative",)))[3]
    assert "2 relations" in header
    header = update_figures(data, store(data, min_sources=2))[3]
    assert "2 relations" in header  # the two Minsk meetings


def test_focus_depth_limits_the_view(data):
    one = panel(data, "events", focus="erdogan", depth=1)
    assert [row["id"] for row in one] == ["r22"]
    two = panel(data, "events", focus="erdogan", depth=2)
    assert len(two) > 1 and "r22" in {row["id"] for row in two}


def test_path_panel_lists_each_step(data):
    text = str(panel(data, "path", path=("lukashenko", "trump")))
    assert "Lukashenko → Maduro → Trump" in text
    assert "full guarantees of legal amnesty" in text  # the quote of a step
    # not linked directly: no "Lukashenko – Trump: 0 relations over time"
    assert "over time" not in text
    linked = str(panel(data, "path", path=("maduro", "trump")))
    assert "Maduro – Trump: " in linked and "relations over time" in linked


def _heading_levels(component) -> list[int]:
    """The levels of the headings in a panel's content, in order."""
    if isinstance(component, (list, tuple)):
        return [level for child in component for level in _heading_levels(child)]
    name = type(component).__name__
    levels = [int(name[1])] if name in {"H1", "H2", "H3", "H4", "H5", "H6"} else []
    return levels + _heading_levels(getattr(component, "children", None) or [])


def test_path_panel_headings_follow_the_cards_h2(data):
    """The card's heading is an h2: the chains' heading was an h4 before the
    steps' h3s, a skipped level that screen readers' heading lists show."""
    levels = _heading_levels(panel(data, "path", path=("lukashenko", "trump")))
    assert levels[0] == 3
    assert all(b - a <= 1 for a, b in zip([2, *levels], levels))


def test_a_path_to_an_unknown_actor_names_it(data):
    from dashboard.core.model import view_of

    view = view_of(data, "?path=putin,nobody")
    assert view.path is None
    assert view.notices == ("no actor 'nobody' to trace a path to",)


def test_details_say_the_filters_left_out_a_full_window(data):
    """No confidence level at all: "0 relations in this window" read as an
    empty window, while the filters had left out its 27."""
    text = str(panel(data, "details", confidence=()))
    assert "the filters leave out all 27 relations of this window" in text
    assert "0 relations in this window" not in text
    empty = str(
        panel(data, "details", start=date(2025, 12, 20), end=date(2025, 12, 31))
    )
    assert "0 relations in this window" in empty and "filters leave out" not in empty


def test_change_panel(data):
    text = str(panel(data, "change", compare=date(2025, 11, 21)))
    assert "13 relations appeared from 21 Nov 2025" in text
    assert "2 relations ended before 21 Nov 2025" in text
    assert "0 relations in pairs whose stance changed" in text
    assert "6 relations standing, known as of 11 Dec 2025" in text


def test_download_applies_the_view(data):
    values = store(data, start=date(2019, 1, 1), end=date(2019, 12, 31))
    sent = update_download(data, {"type": ids.EXPORT, "format": "csv"}, values)
    assert sent["filename"].startswith("alliance-atlas_2019-01-01_2019-12-31_")
    assert sent["filename"].endswith(".zip")
    import base64

    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(sent["content"])))
    relations = archive.read("relations.csv").decode()
    assert relations.count("\nr0") == 2  # r01 and r02 only
    # the file says which view it shows
    assert (
        "view: ?start=2019-01-01&end=2019-12-31" in archive.read("README.txt").decode()
    )


def test_states_only_view_keeps_a_persons_selection(data):
    out = update_figures(data, store(data, focus="putin", states=True))
    details = str(panel(data, "details", focus="putin", states=True))
    # Putin's relations are drawn between Russia and Venezuela, and listed
    assert "Vladimir Putin" in details and "mounting external pressure" in details
    assert "via Putin" in details
    network = out[1]
    strong = {
        item[1]
        for trace in network["data"]
        if trace.get("name") == "relations"
        for item, colour in zip(trace["customdata"], trace["marker"]["color"])
        if colour.endswith(",1)")
    }
    assert strong == {"r10", "r26"}


def test_origins_round_trip_through_the_url(data):
    view = View(start=data.span[0], end=data.span[1], origins=())
    back = parse_query(
        to_query(view), span=data.span, choices=data.choices,
        actors=set(data.dataset.actors["id"]),
    )  # fmt: skip
    assert back.origins == ()  # nothing chosen stays nothing
    header = update_figures(data, store(data, origins=()))[3]
    assert "0 relations" in header


def test_one_window_change_applies_its_view_once(data):
    """The figures and the details card of one view share one `show`."""
    from dashboard.core.model import _shown_view, view_of

    data = replace(data)  # its caches empty (they are kept on the data)
    value = store(data, start=date(2025, 11, 1), end=date(2025, 12, 11))
    update_figures(data, value)
    update_panel(data, "details", value)
    update_tables(data, "events", value)
    shown = _shown_view.cache_info(data)
    assert shown.misses == 1 and shown.hits == 2
    assert view_of.cache_info(data).misses == 1


def test_a_filter_travels_as_one_value(data):
    """Controls -> View -> controls gives the controls back, by name."""
    values = controls(data, kinds=("call",), states=True, depth=2, focus="putin")
    view = controls_to_view(data, values)
    assert view_to_controls(data, view, STANCES) == values
    assert set(values) == set(VIEW_CONTROLS)


def test_an_actors_long_list_does_not_send_to_the_events_tab(data):
    """The Events tab lists the view's relations, not one actor's: pointing
    there from an actor's 1,265 sent an analyst to 4,695 others."""
    from dashboard.web.panels import make_details

    many = pd.concat([data.dataset.relations] * 4, ignore_index=True)
    actor = str(
        make_details(data.dataset.actors, many, {"actor": "maduro"}, data.names)
    )
    assert "relations in this window (the first 40 listed" in actor
    assert "Events tab" not in actor
    window = str(make_details(data.dataset.actors, many, None, data.names))
    assert "the Events tab has a table of them" in window


@pytest.mark.parametrize("depth", [0, 1])
def test_a_focus_the_actor_filter_hides_is_said_and_fades_nothing(data, depth):
    """Maduro (a person) with state actors only: his neighbourhood was "0
    relations among 0 actors" (depth 1), or every state drawn faded about a
    person not drawn (depth 0). The view is shown as without the focus, and
    the header says why; the filter's chip beside it is the way back."""
    from dashboard.core.model import shown_view
    from dashboard.web.panels import HIDDEN_FOCUS

    states = View(start=data.span[0], end=data.span[1], actor_kinds=("state",))
    view = replace(states, focus="maduro", depth=depth)
    shown, plain = shown_view(data, view), shown_view(data, states)
    assert shown.strong_actors is None and shown.strong_relations is None
    assert shown.count == plain.count == 5
    header = update_figures(data, view_store(view, {"actor": "maduro"}))[3]
    assert header.endswith("· 5 relations among 4 actors · Maduro hidden: a person")
    details = update_panel(data, "details", view_store(view, {"actor": "maduro"}))[0]
    assert HIDDEN_FOCUS["kind"] in str(details)
    # shown, a focus is applied as ever
    people = replace(view, actor_kinds=None)
    assert shown_view(data, people).strong_actors
    drawn = update_figures(data, view_store(people, {"actor": "maduro"}))[3]
    assert "hidden" not in drawn
    details = update_panel(data, "details", view_store(people, {"actor": "maduro"}))
    assert HIDDEN_FOCUS["kind"] not in str(details[0])


def test_a_focus_hidden_is_said_with_the_reason_that_hides_it(data):
    """CIAN (an organization with no country) is not drawn in the
    states-only view, no actor filter on: the header blamed the actor filter
    ("CIAN hidden: a organization") and the details card pointed at a chip
    that was not there. Each reason is said as it is."""
    from dashboard.web.panels import HIDDEN_FOCUS

    whole = View(start=data.span[0], end=data.span[1], focus="cian", depth=1)
    states = replace(whole, states=True)
    store = view_store(states, {"actor": "cian"})
    assert update_figures(data, store)[3].endswith("· CIAN hidden: no state")
    details = str(update_panel(data, "details", store)[0])
    assert HIDDEN_FOCUS["states"] in details and HIDDEN_FOCUS["kind"] not in details
    by_kind = replace(whole, actor_kinds=("state", "person"))
    header = update_figures(data, view_store(by_kind, {"actor": "cian"}))[3]
    assert header.endswith("· CIAN hidden: an organization")


def test_the_states_only_view_says_what_it_leaves_out(data):
    """Venezuela -> CIAN (no state) and the United States -> Coale (within
    one state) cannot be drawn between states: '25 relations' beside 27 in
    every other view, and nothing said where two had gone. The Details tab
    and an image's filter line say so (the header's counts keep their
    room: a note beside them was cut at 1280 px)."""
    from dashboard.core.model import shown_view
    from dashboard.figures.scene import make_scene

    whole = View(start=data.span[0], end=data.span[1])
    states = replace(whole, states=True)
    said = "2 relations left out: no state, or within one"
    details = str(update_panel(data, "details", view_store(states, None))[0])
    assert said[0].upper() + said[1:] + "." in details
    assert "left out" not in str(
        update_panel(data, "details", view_store(whole, None))[0]
    )
    assert make_scene(data, states).notes_of("graph") == (said,)
    assert make_scene(data, whole).notes_of("graph") == ()
    # through the filters: neither is a call, one is hosting
    calls = replace(states, kinds=("call",))
    assert make_scene(data, calls).notes_of("graph") == ()
    hosting = replace(states, kinds=("call", "hosting"))
    assert make_scene(data, hosting).notes_of("map") == (
        "1 relation left out: no state, or within one",
    )
    assert shown_view(data, states).count == 25


def test_a_relation_selected_outside_the_window_is_named_with_its_date(data):
    """A link's relation=r04 outside its window said only "That relation is
    not in the current window": neither which one nor when."""
    view = View(start=date(2025, 12, 1), end=date(2025, 12, 11))
    (said,) = update_panel(data, "details", view_store(view, {"relation": "r04"}))[0]
    assert said.children.startswith(
        "r04, Maduro → Trump: call (2025-11-21), is outside"
    )


def test_a_right_to_left_name_in_the_header_keeps_the_words_in_order():
    """A hidden focus named in Hebrew or Arabic (event data's names) was put
    in the header bare: its direction ran on into ": no state" and the words
    after it, which then read in another order."""
    from types import SimpleNamespace

    from dashboard.figures.scene import hidden_focus_words

    data = SimpleNamespace(names={"abbas": "עבאס"}, dataset=None)
    shown = SimpleNamespace(focus_hidden="states")
    view = View(start=date(2025, 1, 1), end=date(2025, 12, 31), focus="abbas")
    words = hidden_focus_words(data, view, shown)
    assert words == "\u2068עבאס\u2069 hidden: no state"


def test_every_pair_timeline_of_the_path_tab_is_in_the_display_theme(data):
    """The path tab's timeline of its two ends was drawn light in the dark
    theme: a white box in the dark card."""
    from dashboard.figures.theme import DARK

    value = store(data, path=("maduro", "lukashenko"))
    path = update_panel(data, "path", value, {"theme": "dark"})[1]
    figures = [
        node.figure for node in _walk(path) if getattr(node, "figure", None) is not None
    ]
    assert figures, "the two share relations: their timeline is drawn"
    assert {figure["layout"]["paper_bgcolor"] for figure in figures} == {DARK.paper}


def _walk(node):
    """Every component under ``node`` (a component or a list of them)."""
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from _walk(item)
        return
    if node is None or isinstance(node, (str, int, float)):
        return
    yield node
    yield from _walk(getattr(node, "children", None))


def test_a_window_that_leaves_the_split_date_says_so(data):
    """A step past "Change before / after" dropped the split from the view
    and the link unsaid, the field still showing its date; once the window
    holds the date again, it splits it again."""
    split = date(2025, 12, 1)

    def state(trigger, start, end):
        current = controls(data, start=start, end=end)
        current["compare"] = split.isoformat()  # the field, as the user left it
        return update_state(
            data, trigger, from_url=False, search="", controls=current,
            stance_ids=STANCES,
        )  # fmt: skip

    left = state(ids.DATE_RANGE, date(2025, 11, 1), date(2025, 11, 30))
    assert "compare" not in left["search"]
    assert left["notice"] == (
        "The change before / after 1 Dec 2025 is outside the window: it splits "
        "the window again once the window holds it."
    )
    first = state(ids.DATE_RANGE, split, date(2025, 12, 11))
    assert "is the window's first day, with none before it" in first["notice"]
    # playing past it, the notice said at the first step is not said anew at
    # every tick (a dismissed one came back)
    assert state(ids.PLAY_TIMER, date(2025, 11, 1), date(2025, 11, 30))["notice"] in (
        no_update,
        "",
    )
    back = state(ids.DATE_RANGE, date(2025, 11, 1), date(2025, 12, 11))
    assert "compare=2025-12-01" in back["search"] and back["notice"] == ""


def test_a_notice_about_the_view_before_goes_when_the_view_moves_on(data):
    """A link's window outside the data said "nothing to show"; stepped into
    the data with ←, the notice stayed over the figures, saying the opposite
    of the header, and a presenter with the keys had nothing to click."""
    outside = controls(data, start=date(2030, 1, 1), end=date(2030, 12, 31))
    opened = from_url(data, "?start=2030-01-01&end=2030-12-31", outside)
    assert "holds none of the data's days" in opened["notice"]

    def moved(trigger, now, current_view):
        return update_state(
            data, trigger, from_url=False, search="", controls=now,
            current=current_view, stance_ids=STANCES,
        )  # fmt: skip

    back = moved(ids.STEP_BACK, outside, opened["view"])
    assert back["controls"]["end"] == data.span[1].isoformat()  # it moved
    assert back["notice"] == ""
    # a filter changed under a link's invalid parts: the link is replaced too
    invalid = from_url(data, "?depth=9", controls(data))
    assert "depth" in invalid["notice"]
    ticked = moved(ids.STATES_ONLY, controls(data, states=True), invalid["view"])
    assert ticked["notice"] == ""
    # nothing changed in the view: a notice still true is left as it is
    same = moved(ids.STATES_ONLY, controls(data), invalid["view"])
    assert same["view"] is no_update and same["notice"] is no_update


def test_a_link_with_invalid_parts_is_copied_as_the_view_it_shows(data):
    """Copy link gave the refused parts back (``assets/clientside.js``
    copyLink uses this link while the address is the one opened)."""
    bad = "?start=2025-13-45&end=2025-12-11&focus=nobody&present=1"
    out = from_url(data, bad, controls(data))
    assert out["link_shown"] == {
        "search": bad,
        "query": "?start=2019-01-01&end=2025-12-11&present=1",
    }
    assert from_url(data, "?start=2025-11-01", controls(data))["link_shown"] is None
    unreadable = from_url(data, "?focus=" + chr(0xD800), controls(data))
    assert unreadable["link_shown"] is None  # never echoed back


def test_a_link_splitting_the_window_on_its_first_day_says_why(data):
    """The page says a split on the window's first day has none before it;
    the same in a link was said to be "not inside the window", which it is."""
    first = parse(data, "?start=2025-12-01&end=2025-12-11&compare=2025-12-01")
    assert first.compare is None
    assert first.notices == (
        "compare date 2025-12-01 is the window's first day, with none before it",
    )
    outside = parse(data, "?start=2025-12-01&end=2025-12-11&compare=2025-11-30")
    assert outside.notices == ("compare date 2025-11-30 is not inside the window",)
    inside = parse(data, "?start=2025-12-01&end=2025-12-11&compare=2025-12-02")
    assert inside.compare == date(2025, 12, 2) and inside.notices == ()


def test_presenting_a_chosen_relation_s_details_are_filled_whatever_the_tab(data):
    """Presenting, the details card is shown over the network for a chosen
    relation (its quote was only in a 14 px hover): filled even when the URL's
    tab is another, and marked for the presentation's style."""
    chosen = view_store(View(start=data.span[0], end=data.span[1]), {"relation": "r15"})
    present = {"present": True, "theme": "light"}
    details = update_panel(data, "events", chosen, present)[0]
    assert details is not no_update
    assert details[0].className == "atlas-chosen"
    assert "days are numbered" in str(details)
    assert "pair-timeline" not in str(details)  # hidden there: not made
    # at the desk the hidden tab waits until it is shown
    assert update_panel(data, "events", chosen, {"present": False})[0] is no_update
    desk = update_panel(data, "details", chosen, {"present": False})[0]
    assert "atlas-chosen" not in str(desk) and "days are numbered" in str(desk)
    assert "pair-timeline" in str(desk)
    # an actor chosen, or nothing: nothing is shown, nothing made (Play sent a
    # hidden list of 40 relations at each step)
    assert update_panel(data, "details", store(data, focus="maduro"), present) == (
        [],
        no_update,
        no_update,
    )
    assert update_panel(data, "path", store(data), present)[0] == []


def test_a_large_screen_has_larger_names_and_legends(data):
    """Presenting on a screen of 1600x900 and up the page's type grows
    (assets/atlas.css), and the figures' names and legends grow with it: they
    stayed at 1280's size."""
    present = {"present": True, "theme": "light"}

    def sizes_of(display, page, figure):
        sizes = {"page": page, "map": figure, "graph": figure}
        graph = update_figures(data, store(data), display, sizes)[1]
        names = [t for t in graph["data"] if t.get("name") == "names"]
        return names[0]["textfont"]["size"], graph["layout"]["legend"]["font"]["size"]

    assert sizes_of(present, [1280, 720], [614, 458]) == (18, 16)
    large = sizes_of(present, [1920, 1080], [934, 782])
    assert large[0] == 22 and large[1] >= 19
    # by the page, as the page's type: a story's short figures at 1600x900 too
    assert sizes_of(present, [1600, 900], [774, 331])[0] == 22
    assert sizes_of(present, [1599, 1200], [774, 1000])[0] == 18
    # at the desk, the same size whatever the screen
    assert sizes_of(None, [1920, 1080], [934, 782])[0] < 18
