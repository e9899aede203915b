"""The time bar's overview and detail, the bursts, and the one-click filters
with their chips: the pure parts and the state callback (issue 14, items 1
and 4)."""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from dash import no_update

from dashboard.cli import main
from dashboard.core.choices import (
    CHIPS,
    filter_words,
    keep_only,
    only,
    without_filter,
)
from dashboard.core.load import load_dataset
from dashboard.core.model import AppData, prepare
from dashboard.core.timeline import (
    StartSlots,
    bin_edges,
    count_detail,
    day_numbers,
    detail_unit,
    floor_days,
    overview_axis,
)
from dashboard.core.urlstate import to_query
from dashboard.core.view import View, filtered_rows, show, shown_counts
from dashboard.core.vocabulary import STANCES as STANCE_NAMES
from dashboard.core.vocabulary import kinds_by_stance
from dashboard.core.window import burst_presets, bursts, window_from_selection
from dashboard.devtools.synthetic import write_synthetic
from dashboard.figures.timebar import DETAIL_TRACES, make_time_bar_figure
from dashboard.web import ids
from dashboard.web.controls import filter_chips, filter_gesture
from dashboard.web.views import patch_time_bar, update_figures
from tests.conftest import ICEWS_SAMPLE
from tests.unit.test_callbacks import STANCES, controls, store

CONFLICTUAL = (
    "military pressure", "non-recognition", "pressure", "sanctions", "threat",
    "warning",
)  # fmt: skip


@pytest.fixture
def data(bundled_data):
    return bundled_data


def dates(numbers) -> list[str]:
    return [str(np.datetime64(int(n), "D")) for n in numbers]


# --- the overview's axis ----------------------------------------------------


def test_the_overview_draws_the_empty_years_narrow(data):
    """Over the article's span (Jan 2019 to Dec 2025), the six empty years
    and the empty months of 2025 take little room: November and December
    2025 take a good part of the overview, not 6 px of 458."""
    axis = data.timeline
    assert axis.unit == "week"
    gaps = [(axis.edges[i], axis.edges[i + 1]) for i in axis.gaps]
    assert [dates(gap) for gap in gaps] == [
        ["2019-01-07", "2024-12-30"],  # nothing starts after the 2019 relations
        ["2025-01-06", "2025-09-01"],  # nor between January and September 2025
    ]
    burst = axis.position(day_numbers(["2025-11-01", "2025-12-12"]))
    share = (burst[1] - burst[0]) / axis.length
    assert share > 0.25  # at 458 px: more than 110 px, one easy drag
    assert all(axis.positions[i + 1] - axis.positions[i] < 11 for i in axis.gaps)
    # positions and days go back and forth
    for day in ("2019-01-01", "2025-09-01", "2025-11-21", "2025-12-11"):
        number = day_numbers([day])[0]
        assert axis.day(float(axis.position(number))) == pytest.approx(number)
    values, labels = axis.ticks()
    assert labels[:2] == ["Jan 2019", "Jan 2025"] and "Nov" in labels
    assert axis.bin_label(axis.gaps[0]) == (
        "7 Jan 2019 to 29 Dec 2024: no start known to fall here"
    )


@pytest.mark.parametrize(
    ("first", "last", "values", "labels"),
    [
        # one GDELT file's day: no first of a month to name before
        ("2015-02-18", "2015-02-18", [0.5], ["18 Feb 2015"]),
        ("2024-12-28", "2025-01-02", [0.5, 2.5, 4.5],
         ["28 Dec 2024", "30 Dec", "1 Jan 2025"]),
    ],
)  # fmt: skip
def test_a_short_span_names_its_days_mid_bin(first, last, values, labels):
    """An overview of a few days ticked only the first of a month: a day of
    GDELT events had no date under it at all. Up to two months it names
    days, each under the middle of its bin, the year when it changes."""
    days = pd.date_range(first, last)
    span = (date.fromisoformat(first), date.fromisoformat(last))
    axis = overview_axis(day_numbers(days), span)
    assert axis.ticks(count=3) == (values, labels)


def test_two_days_a_year_apart_are_both_named():
    """A GDELT file of 18 Feb 2015 holds events of 18 Feb 2014: two days
    drawn, a year apart, the gap narrow. Both are named, the second after
    the gap."""
    days = pd.to_datetime(["2014-02-18"] * 5 + ["2015-02-18"] * 200)
    axis = overview_axis(day_numbers(days), (date(2014, 2, 18), date(2015, 2, 18)))
    values, labels = axis.ticks()
    assert labels == ["18 Feb 2014", "18 Feb 2015"]
    second = day_numbers(["2015-02-18"])[0] + 0.5
    assert values[1] == pytest.approx(float(axis.position(second)))


def test_a_stretch_after_a_gap_with_no_first_of_a_month_is_named():
    """Data from Jul 2023 to Apr 2024, then two days of Jan 2025 after a
    gap: the ticks ran "Aug 2023, Sep, Feb 2024, Mar, Apr", and 2025's bars
    stood after "Apr" with no year, read as April 2024."""
    days = pd.to_datetime(
        ["2023-07-27", "2023-07-28", "2023-07-30", "2023-08-01", "2023-09-16",
         "2023-09-16", "2024-01-24", "2024-01-28", "2024-03-05", "2024-03-26",
         "2025-01-12", "2025-01-29"]
    )  # fmt: skip
    axis = overview_axis(day_numbers(days), (date(2023, 7, 27), date(2025, 1, 29)))
    last_gap = axis.gaps[-1]
    assert dates([axis.edges[last_gap + 1]])[0].startswith("2025-01")
    values, labels = axis.ticks()
    # "Apr" stood where the gap begins, nothing of April drawn, and crowded
    # out the tick after the gap
    assert labels == ["Aug 2023", "Sep", "Feb 2024", "Mar", "Jan 2025"], labels
    first = axis.edges[last_gap + 1]
    assert values[-1] == pytest.approx(float(axis.position(first)))


def test_data_that_starts_all_the_time_is_not_compressed():
    days = pd.date_range("2015-01-01", "2025-12-30", freq="3D")
    axis = overview_axis(day_numbers(days), (date(2015, 1, 1), date(2025, 12, 30)))
    assert axis.unit == "month" and axis.gaps == ()
    # the span's days, its last month cut at its last day
    assert axis.length == (date(2025, 12, 31) - date(2015, 1, 1)).days


def test_the_overview_ends_where_the_data_does_so_all_covers_every_bar(data):
    """The bundled data ends on Thursday 11 Dec 2025; its last week was drawn
    to Sunday 14 Dec, its bar (the tallest) standing out of the window "All"
    shades, as if All left it out."""
    axis = data.timeline
    first, last = data.span
    assert axis.unit == "week"
    assert (axis.edges[0], axis.edges[-1]) == tuple(
        day_numbers([first, last + timedelta(days=1)])
    )
    low, high = axis.position(day_numbers([first, last + timedelta(days=1)]))
    assert (low, high) == (0, axis.length)
    # the last bin is still the week of 8 December, four days of it drawn
    assert axis.bin_label(len(axis.edges) - 2) == "week of 8 Dec 2025"
    assert axis.positions[-1] - axis.positions[-2] == 4


def test_bins_follow_the_calendar():
    week = floor_days(day_numbers(["2025-11-30", "2025-12-01"]), "week")
    assert dates(week) == ["2025-11-24", "2025-12-01"]  # Mondays
    assert dates(floor_days(day_numbers(["2025-11-15"]), "quarter")) == ["2025-10-01"]
    assert dates(bin_edges(date(2025, 11, 29), date(2025, 12, 1), "day")) == [
        "2025-11-29", "2025-11-30", "2025-12-01", "2025-12-02",
    ]  # fmt: skip
    assert dates(bin_edges(date(2024, 12, 31), date(2025, 1, 1), "year")) == [
        "2024-01-01", "2025-01-01", "2026-01-01",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "unit"),
    [
        (date(2025, 12, 11), date(2025, 12, 11), "day"),
        (date(2025, 11, 1), date(2025, 12, 31), "day"),  # two months: 61 days
        (date(2025, 9, 1), date(2025, 12, 11), "week"),
        (date(2024, 9, 1), date(2025, 12, 11), "week"),
        (date(2019, 1, 1), date(2025, 12, 11), "month"),
        (date(1900, 1, 1), date(2025, 12, 11), "year"),
    ],
)
def test_the_detail_counts_by_a_bin_readable_at_the_windows_length(start, end, unit):
    assert detail_unit(start, end) == unit
    # at most about a hundred bins in these windows
    assert len(bin_edges(start, end, unit)) - 1 <= 130


def test_the_detail_adds_up_to_every_relation_shown(data):
    relations = data.dataset.relations
    window = (date(2025, 11, 1), date(2025, 12, 11))
    active = relations[
        (relations["last"] >= "2025-11-01") & (relations["first"] <= "2025-12-11")
    ]
    detail = count_detail(
        day_numbers(active["first"]), active["stance"].to_numpy(dtype=object),
        (active["precision"] == "as-of").to_numpy(), window,
        ["cooperative", "neutral", "conflictual"],
    )  # fmt: skip
    assert detail.unit == "day" and len(detail.edges) == 42
    assert (detail.before, len(detail.standing), detail.total) == (4, 6, 25)
    # the call of 21 November, the meeting and the agreement: three that day
    day = list(detail.edges).index(day_numbers(["2025-11-21"])[0])
    assert sum(counts[day] for counts in detail.counts.values()) == 3


#: A window of the bundled data counted in each unit of the detail.
WINDOWS_BY_UNIT = [
    (date(2025, 11, 20), date(2025, 12, 11)),  # days
    (date(2025, 1, 1), date(2025, 12, 11)),  # weeks
    (date(2019, 1, 1), date(2025, 12, 11)),  # months
    (date(1980, 1, 1), date(2025, 12, 11)),  # years
]


@pytest.mark.parametrize(
    "window",
    [*WINDOWS_BY_UNIT, (date(2010, 1, 1), date(2010, 3, 1))],  # and before any
)
def test_the_detail_from_slots_is_the_detail_of_the_columns(window):
    """The page's time bar counts a window's relations by their slots, made
    once per data set: every count, share of a roughly dated relation (to
    the last bit), the standing days and those that began earlier are what
    `count_detail` finds from the columns, for any relations shown, in any
    order, and with one starting after the window."""
    rng = np.random.default_rng(1)
    low, high = day_numbers([date(2018, 1, 1), date(2025, 12, 11)])
    firsts = rng.integers(low, high + 1, 5_000)
    lasts = firsts + np.where(rng.random(5_000) < 0.3, rng.integers(1, 400, 5_000), 0)
    stances = rng.integers(0, 3, 5_000).astype(np.int8)
    standing = rng.random(5_000) < 0.05
    slots = StartSlots.of(firsts, stances, standing, lasts, 3)
    later = np.flatnonzero(firsts > day_numbers([window[1]])[0])
    chosen = np.sort(rng.choice(5_000, 3_000, replace=False))
    for labels in (chosen, chosen[::-1], np.setdiff1d(chosen, later)):
        rough = np.flatnonzero(lasts[labels] > firsts[labels])
        expected = count_detail(
            firsts[labels], stances[labels], standing[labels], window, range(3),
            rough=rough, lasts=lasts[labels][rough],
        )  # fmt: skip
        detail = slots.detail(labels, window)
        assert (detail.unit, detail.before) == (expected.unit, expected.before)
        assert detail.edges.tolist() == expected.edges.tolist()
        assert detail.standing.tolist() == expected.standing.tolist()
        for code in range(3):
            assert detail.counts[code].dtype == expected.counts[code].dtype
            assert detail.counts[code].tolist() == expected.counts[code].tolist()


@pytest.mark.parametrize("window", WINDOWS_BY_UNIT)
def test_the_detail_counts_stance_codes_as_it_counts_names(window):
    """Codes counted in one pass (the page's time bar) give each stance's
    counts as counting each name does, and a relation starting past the
    window lengthens its stance's counts in both."""
    rng = np.random.default_rng(0)
    low, high = day_numbers([date(2018, 1, 1), date(2025, 12, 11)])
    firsts = rng.integers(low, high + 1, 5_000)
    codes = rng.integers(0, 3, 5_000)
    standing = rng.random(5_000) < 0.05
    names = np.array(STANCE_NAMES, dtype=object)
    by_code = count_detail(firsts, codes, standing, window, range(3))
    by_name = count_detail(firsts, names[codes], standing, window, STANCE_NAMES)
    assert (by_code.unit, by_code.before) == (by_name.unit, by_name.before)
    assert by_code.total == by_name.total == 5_000
    for code, name in enumerate(STANCE_NAMES):
        assert by_code.counts[code].tolist() == by_name.counts[name].tolist()
    later = np.append(firsts, high + 400)  # after the window's end
    codes, standing = np.append(codes, 1), np.append(standing, False)
    by_code = count_detail(later, codes, standing, window, range(3))
    by_name = count_detail(later, names[codes], standing, window, STANCE_NAMES)
    for code, name in enumerate(STANCE_NAMES):
        assert by_code.counts[code].tolist() == by_name.counts[name].tolist()
    assert len(by_code.counts[1]) > len(by_code.edges) - 1


@pytest.mark.parametrize(
    "window", [*WINDOWS_BY_UNIT, (date(2010, 1, 1), date(2010, 3, 1))]
)
def test_a_windows_detail_from_its_filters_counts_is_its_detail(window):
    """A window that shows every relation its filters keep in it is counted
    from the filters' counts, made once (`StartSlots.starts_of`): the same
    `Detail` as from its relations' labels, to the last bit of a share, the
    standing and those that began earlier alike; not at all when a relation
    is active on days its start day does not begin."""
    rng = np.random.default_rng(2)
    low, high = day_numbers([date(2018, 1, 1), date(2025, 12, 11)])
    firsts = rng.integers(low, high + 1, 5_000)
    ends = firsts + rng.integers(0, 300, 5_000)  # the last day each is active
    lasts = firsts + np.where(rng.random(5_000) < 0.3, rng.integers(1, 400, 5_000), 0)
    stances = rng.integers(0, 3, 5_000).astype(np.int8)
    standing = rng.random(5_000) < 0.05
    slots = StartSlots.of(firsts, stances, standing, lasts, 3)
    kept = np.sort(rng.choice(5_000, 3_000, replace=False))  # by the filters
    starts = slots.starts_of(kept, firsts[kept], ends[kept])
    first_day, last_day = day_numbers(window)
    inside = kept[(ends[kept] >= first_day) & (firsts[kept] <= last_day)]
    expected = slots.detail(inside, window)
    detail = slots.window_detail(starts, len(inside), window)
    assert (detail.unit, detail.before) == (expected.unit, expected.before)
    assert detail.edges.tolist() == expected.edges.tolist()
    assert detail.standing.dtype == expected.standing.dtype
    assert detail.standing.tolist() == expected.standing.tolist()
    for code in range(3):
        assert detail.counts[code].dtype == expected.counts[code].dtype
        assert detail.counts[code].tobytes() == expected.counts[code].tobytes()
    assert slots.starts_of(kept, firsts[kept] + 1, ends[kept]) is None  # past midnight
    assert slots.starts_of(kept, firsts[kept], firsts[kept] - 1) is None  # ends before


# --- bursts and presets -----------------------------------------------------


def test_the_articles_burst_is_a_preset(data):
    relations = data.dataset.relations
    assert bursts(relations, data.span) == [(date(2025, 11, 1), date(2025, 12, 11))]
    named = burst_presets(relations, data.span)
    assert named == {"Nov–Dec 2025": (date(2025, 11, 1), date(2025, 12, 11))}
    assert data.presets["Nov–Dec 2025"] == (date(2025, 11, 1), date(2025, 12, 11))
    assert data.bursts == ("Nov–Dec 2025",)
    assert list(data.presets)[:2] == ["All", "Last 30 days"]  # still first


def test_each_preset_is_a_window_of_its_own(tmp_path):
    """On two days of ICEWS events, "All", "Last 30 days", "2018" and the
    burst "1–2 Jun 2018" were four buttons for one window: one, "All", is."""
    assert (
        main(["import", "icews", str(ICEWS_SAMPLE), "--out", str(tmp_path / "x")]) == 0
    )
    data = prepare(load_dataset(tmp_path / "x"))
    assert data.span[1] - data.span[0] == timedelta(days=1)
    assert list(data.presets) == ["All"] and data.bursts == ()


def test_a_bursts_count_follows_the_filters(data):
    """The burst preset said "Nov–Dec 2025: 25 relations" beside a filter
    that showed none: its count is what the filters show in its window, the
    header's count once it is chosen; the other presets have none."""
    window = data.presets["Nov–Dec 2025"]
    for changes, count in [({}, "25 relations"), ({"kinds": ("pressure",)}, "0 relations"),
                           ({"kinds": CONFLICTUAL}, "5 relations")]:  # fmt: skip
        labels = update_figures(data, store(data, **changes))[-1]
        assert labels["Nov–Dec 2025"] == f"Nov–Dec 2025: {count}"
        assert labels["All"] == "All" and labels["2019"] == "2019"
        chosen = store(data, **changes, start=window[0], end=window[1])
        assert f"· {count} among" in update_figures(data, chosen)[3]


@pytest.mark.parametrize(
    "changes, count",
    [(dict(focus="maduro"), 25), (dict(focus="maduro", depth=1), 12),
     (dict(focus="salazar", depth=1, path=("salazar", "trump")), 8),
     (dict(focus="maduro", depth=1, states=True), 23),
     (dict(focus="maduro", depth=1, actor_kinds=("state",)), 5),
     (dict(focus="maduro", depth=1, kinds=CONFLICTUAL), 2)],
)  # fmt: skip
def test_a_bursts_count_is_what_choosing_it_shows(data, changes, count):
    """In Maduro's neighbourhood the burst said "25 relations" and choosing
    it showed 12: its count is the header's once it is chosen, whatever the
    focus, depth, path or filters (a focus that only highlights, or one the
    actor filter hides, narrows nothing)."""
    window = data.presets["Nov–Dec 2025"]
    label = update_figures(data, store(data, **changes))[-1]["Nov–Dec 2025"]
    chosen = store(data, **changes, start=window[0], end=window[1])
    header = update_figures(data, chosen)[3]
    said = f"{count} relation{'s' if count != 1 else ''}"
    assert f"· {said} among" in header
    assert label == f"Nov–Dec 2025: {said}"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """4,000 relations among 400 actors: neighbourhoods of every size, and
    paths with more shortest chains than are drawn."""
    folder = write_synthetic(tmp_path_factory.mktemp("counts"), 4000, 400, seed=5)
    return prepare(load_dataset(folder))


def counted_views(data: AppData, rng: random.Random) -> list[View]:
    """Views whose neighbourhood or path narrows what is shown: the busiest
    actors and random ones, at each depth, with paths, in the states-only
    view and behind filters that hide the focus or its relations."""
    busy = data.codes.actor_counts().busiest(2)
    ids = sorted(data.dataset.actors["id"])
    kinds = sorted(set(data.dataset.relations["kind"]))
    whole = View(start=data.span[0], end=data.span[1])
    views = []
    for focus in busy + rng.sample(ids, 2):
        for depth in (1, 2, 3):
            views.append(replace(whole, focus=focus, depth=depth))
        other = rng.choice(ids)
        views += [
            replace(whole, focus=focus, depth=1, path=(focus, other)),
            replace(whole, focus=focus, depth=2, path=(rng.choice(ids), other)),
            replace(whole, focus=focus, depth=1, states=True, path=(focus, other)),
            replace(whole, focus=focus, depth=2, states=True),
            replace(whole, focus=focus, depth=1, actor_kinds=("state", "person")),
            replace(whole, focus=focus, depth=2, kinds=tuple(kinds[::2])),
        ]
    return views


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_counts_in_windows_are_what_show_shows(data, synthetic, which):
    """The bursts' counts are counted on the codes (`shown_counts`), not
    shown (a graph of ids per burst, up to 0.6 s a click on an actor): in
    any window, for any focus, depth, path and filters, what `show` shows."""
    data = data if which == "bundled" else synthetic
    rng = random.Random(7)
    span = data.span
    windows = [data.presets[name] for name in ("All", *data.bursts)]
    for _ in range(3):
        low, high = sorted(rng.randint(0, (span[1] - span[0]).days) for _ in "ab")
        windows.append((span[0] + timedelta(low), span[0] + timedelta(high)))
    for view in counted_views(data, rng):
        codes = data.state_codes if view.states else data.codes
        got = shown_counts(data.dataset, view, windows, codes)
        shown = [
            show(data.dataset, replace(view, start=start, end=end), data.names).count
            for start, end in windows
        ]
        assert got == shown, view


def test_only_views_that_show_all_their_filters_keep_are_counted_from_them(data):
    """The time bar counts a view from its filters' counts (made once) only
    while its rows are every relation the filters keep in the window: never
    once a focus's neighbourhood or a path has changed them, or anything has
    since."""
    narrowed = 0
    for view in counted_views(data, random.Random(3)):
        shown = show(data.dataset, view, data.names)
        plain = show(
            data.dataset, replace(view, focus=None, depth=0, path=None), data.names
        )
        assert plain.filters_in_window
        if shown.filters_in_window:  # e.g. a focus its filters hide
            assert shown.rows.tolist() == plain.rows.tolist()
        else:
            narrowed += 1
    assert narrowed > len(counted_views(data, random.Random(3))) // 2
    plain.relations = plain.relations.iloc[:2]
    assert not plain.filters_in_window


def test_data_without_a_burst_has_no_burst_preset():
    days = pd.date_range("2015-01-01", "2025-12-30", freq="D")
    rows = pd.DataFrame({"first": days, "last": days})
    assert bursts(rows, (date(2015, 1, 1), date(2025, 12, 30))) == []


def event_feed(spikes=(), *, per_day=20, seed=5):
    """Two years of an event feed that never pauses, as GDELT's: about
    ``per_day`` events a day, fewer at weekends, and ``spikes`` (first day,
    days, times as many) on top."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", "2025-12-31", freq="D")
    usual = np.where(days.day_of_week >= 5, 0.6, 1.1) * per_day
    for first, length, times in spikes:
        hit = (days >= pd.Timestamp(first)) & (
            days < pd.Timestamp(first) + pd.Timedelta(days=length)
        )
        usual = np.where(hit, usual * times, usual)
    firsts = days.repeat(rng.poisson(usual))
    return pd.DataFrame({"first": firsts, "last": firsts})


FEED_SPAN = (date(2024, 1, 1), date(2025, 12, 31))


def test_an_event_feeds_spikes_are_its_bursts():
    """A feed never pauses, so it had no burst at all: its one cluster is the
    whole span. Its spikes are: the days on which events come at several
    times the month's usual rate, the most marked first, named by their
    days."""
    rows = event_feed([("2025-03-14", 3, 6.0), ("2024-09-02", 2, 4.0)])
    assert bursts(rows, FEED_SPAN) == [
        (date(2025, 3, 14), date(2025, 3, 16)),
        (date(2024, 9, 2), date(2024, 9, 3)),
    ]
    assert list(burst_presets(rows, FEED_SPAN)) == ["14–16 Mar 2025", "2–3 Sep 2024"]


def test_a_feeds_weekly_rhythm_and_noise_are_no_burst():
    assert bursts(event_feed(), FEED_SPAN) == []
    assert bursts(event_feed(per_day=2, seed=9), FEED_SPAN) == []


def test_a_spike_too_small_to_matter_is_no_burst():
    """A day at three times the usual rate, among two years of events, is a
    fiftieth of a percent of them: noise, not a preset."""
    assert bursts(event_feed([("2025-03-14", 1, 3.5)]), FEED_SPAN) == []


# --- a drag on either bar ---------------------------------------------------


def test_a_drag_on_the_overview_reads_its_positions_as_days(data):
    axis = data.timeline
    low, high = axis.position(day_numbers(["2025-11-01", "2025-12-12"]))
    selected = {"range": {"x": [float(low) + 0.2, float(high) + 3], "y": [0, 5]}}
    assert window_from_selection(selected, axis) == (
        date(2025, 11, 1), date(2025, 12, 11),
    )  # fmt: skip
    # on the detail (its dates), a drag to the right edge ends the day before
    detail = {"range": {"x2": ["2025-11-21 08:00", "2025-12-12"], "y2": [0, 3]}}
    assert window_from_selection(detail, axis) == (
        date(2025, 11, 21),
        date(2025, 12, 11),
    )
    for odd in (None, {}, {"range": {"x": [1]}}, {"range": {"x": [float("nan"), 3]}},
                {"range": {"x": [True, 3]}}, {"range": {"x2": ["soon", "later"]}}):  # fmt: skip
        assert window_from_selection(odd, axis) is None


def test_a_drag_on_the_overview_sets_the_window_through_the_state(data):
    from tests.unit.test_callbacks import update_window

    low, high = data.timeline.position(day_numbers(["2025-11-01", "2025-12-12"]))
    selected = {"range": {"x": [float(low) + 0.2, float(high) + 30]}}
    start, end, _ = update_window(
        data, ids.TIME_BAR, selected, "2019-01-01", "2025-12-11"
    )
    assert (start, end) == ("2025-11-01", "2025-12-11")  # clipped to the data


# --- both bars count what the filters show ----------------------------------


def test_the_time_bar_counts_what_the_filters_show(data):
    view = View(data.span[0], data.span[1], kinds=CONFLICTUAL)
    header = update_figures(data, store(data, kinds=CONFLICTUAL))[3]
    assert "6 relations" in header
    patch = patch_time_bar(data, view, _shown(data, view), theme=_light())
    parts = _parts(patch)
    detail = sum(sum(parts[("data", i, "y")]) for i in DETAIL_TRACES)
    meta = parts[("layout", "meta")]
    assert detail + meta["before"] + meta["standing"] == pytest.approx(6, abs=0.01)
    overview = sum(sum(parts[("data", i, "y")]) for i in (0, 1, 2))
    assert overview == pytest.approx(4, abs=0.01)  # r02, r14-r16; r13, r27 standing
    assert sum(parts[("data", 0, "y")]) == 0  # no cooperative relation


def test_the_patch_makes_the_figure_of_the_view(data):
    """Patching the bar the page drew at start gives the bar of the view."""
    relations = data.dataset.relations
    view = View(date(2025, 11, 1), date(2025, 12, 11), kinds=CONFLICTUAL)
    drawn = make_time_bar_figure(relations, data.span, data.span)
    patched = copy.deepcopy(drawn)
    for path, value in _parts(patch_time_bar(data, view, _shown(data, view),
                                             theme=_light())).items():  # fmt: skip
        part = patched
        for key in path[:-1]:
            part = part[key]
        part[path[-1]] = value
    kept = relations[relations["kind"].isin(CONFLICTUAL)]
    expected = make_time_bar_figure(
        kept, (view.start, view.end), data.span, axis=data.timeline
    )
    assert _plain(patched) == _plain(expected)


def _shown(data, view):
    from dashboard.core.model import shown_view

    return shown_view(data, view)


def _light():
    from dashboard.figures.theme import LIGHT

    return LIGHT


def _parts(patch) -> dict:
    """A Patch's assignments, by path."""
    return {
        tuple(operation["location"]): operation["params"]["value"]
        for operation in patch.to_plotly_json()["operations"]
        if operation["operation"] == "Assign"
    }


def _plain(value):
    """A figure with numpy numbers made plain, to compare."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


# --- one-click filters --------------------------------------------------------


def test_only_keeps_the_picked_and_a_second_click_restores():
    every = ["a", "b", "c"]
    assert only(None, ["b"], every) == ("b",)
    assert only(("b",), ["b"], every) is None  # again: all
    assert only(("a", "c"), ["b", "c"], every) == ("b", "c")
    assert only(None, ["a", "b", "c"], every) is None  # all is no filter
    assert only(None, ["z"], every) is None  # nothing known: no filter


def test_a_stance_keeps_only_its_kinds_and_again_all(data):
    view = View(data.span[0], data.span[1])
    every = {"kinds": data.kinds, "actor_kinds": data.actor_kinds,
             "confidence": ["confirmed", "reported", "speculative"]}  # fmt: skip
    conflictual = keep_only(
        view, "conflictual", kind_groups=data.kind_groups, every=every
    )
    assert conflictual.kinds == CONFLICTUAL
    assert keep_only(conflictual, "conflictual", kind_groups=data.kind_groups,
                     every=every).kinds is None  # fmt: skip
    # from conflictual only, another stance: that stance only
    cooperative = keep_only(conflictual, "cooperative", kind_groups=data.kind_groups,
                            every=every)  # fmt: skip
    assert set(cooperative.kinds) == set(data.kind_groups["cooperative"])
    confirmed = keep_only(view, "confirmed", kind_groups=data.kind_groups, every=every)
    assert confirmed.confidence == ("confirmed",)
    states = keep_only(view, "state", kind_groups=data.kind_groups, every=every)
    assert states.actor_kinds == ("state",)
    # a legend entry that is no filter (a change mark, a bloc): nothing
    assert (
        keep_only(view, "appeared", kind_groups=data.kind_groups, every=every) is None
    )


def test_a_kind_stands_under_the_stance_its_relations_have(write_dir, data):
    """Event data codes its meetings and statements cooperative: listed
    under "Neutral", "neutral only" showed them all drawn cooperative, and
    "cooperative only" left them out. A kind stands under the stance most
    of its relations have; the bundled data's kinds under their own."""
    from tests.conftest import RELATIONS

    text = RELATIONS.replace(",quote\n", ",quote,stance\n")
    text = text.replace('"He called."', '"He called.",cooperative')
    text = text.replace('"In force."', '"In force.",')
    text += 'r3,putin,maduro,threat,2025-12-09,,confirmed,"He warned.",\n'
    coded = prepare(load_dataset(write_dir(relations=text)))
    assert coded.kind_groups["cooperative"] == ["treaty", "call"]
    assert coded.kind_groups["neutral"] == []
    view = View(coded.span[0], coded.span[1])
    kept = keep_only(view, "cooperative", kind_groups=coded.kind_groups,
                     every=coded.choices)  # fmt: skip
    assert set(kept.kinds) == {"treaty", "call"}
    _, _, rows = filtered_rows(coded.dataset, kept)
    assert int(np.count_nonzero(rows)) == 2
    # the bundled data's: each kind under its own stance
    usual = kinds_by_stance()
    present = set(data.kinds)
    assert data.kind_groups == {
        stance: [kind for kind in kinds if kind in present]
        for stance, kinds in usual.items()
    }


def test_without_a_filter_is_the_view_that_lets_it_through():
    view = View(date(2025, 1, 1), date(2025, 12, 31), kinds=("call",), states=True,
                min_sources=3, focus="putin", depth=2,
                path=("lukashenko", "trump"), compare=date(2025, 6, 1))  # fmt: skip
    assert without_filter(view, "kinds").kinds is None
    assert without_filter(view, "path") == replace(view, path=None)
    assert without_filter(view, "compare") == replace(view, compare=None)
    assert without_filter(view, "states").states is False
    assert without_filter(view, "min_sources").min_sources == 1
    assert without_filter(view, "depth") == replace(view, depth=0)
    assert without_filter(view, "start") == view  # not a filter
    assert set(CHIPS) == {
        "kinds", "actor_kinds", "confidence", "min_sources", "origins", "states", "depth",
        "path", "compare",
    }  # fmt: skip


def test_the_chips_name_each_active_filter(data):
    view = View(data.span[0], data.span[1], kinds=CONFLICTUAL, confidence=("confirmed",),
                actor_kinds=("state",), states=True, min_sources=2, origins=(),
                focus="putin", depth=1, path=("lukashenko", "trump"),
                compare=date(2025, 12, 1))  # fmt: skip
    chips = filter_chips(data, view, list(CHIPS))
    words = [chip[0].children if chip else "" for chip in chips["words"]]
    assert words == [
        "conflictual only", "state actors only", "confirmed only", "2+ sources",
        "data: none", "states only", "within 1 step of Putin",
        # a path, a change's split: shown only as rings and emphasis, named
        # nowhere else when presenting
        "path Lukashenko → Trump", "change at 1 Dec 2025",
    ]  # fmt: skip
    assert chips["hidden"] == [False] * 9
    # the whole words on hover too: a chip short of room cuts them
    assert chips["titles"][0] == "Remove this filter: conflictual only"
    # no filter: every chip hidden
    plain = filter_chips(data, View(data.span[0], data.span[1]), list(CHIPS))
    assert plain["hidden"] == [True] * 9 and plain["words"] == [""] * 9
    # the kinds in few words
    every = {"kinds": data.kinds}
    groups = data.kind_groups
    assert filter_words(replace(view, kinds=("call",)), every=every,
                        kind_groups=groups)["kinds"] == "call only"  # fmt: skip
    most = tuple(k for k in data.kinds if k not in ("call", "support"))
    assert filter_words(replace(view, kinds=most), every=every,
                        kind_groups=groups)["kinds"] == "without call, support"  # fmt: skip
    two = tuple(sorted(groups["neutral"] + groups["conflictual"]))
    assert filter_words(replace(view, kinds=two), every=every,
                        kind_groups=groups)["kinds"] == "neutral and conflictual only"  # fmt: skip
    assert filter_words(replace(view, kinds=()))["kinds"] == "no relation kinds"


# --- through the state callback -----------------------------------------------


def gesture(data, trigger, *, picked=None, **changes):
    from dashboard.web.state import update_state

    view = View(data.span[0], data.span[1], **changes)
    return update_state(
        data, trigger, from_url=False, search=to_query(view),
        controls=controls(data, **changes), stance_ids=STANCES, picked=picked,
        current={"query": to_query(view), "selection": None},
        chip_ids=[{"type": ids.FILTER_CHIP, "filter": name} for name in CHIPS],
    )  # fmt: skip


def test_a_stance_heading_sets_the_kind_boxes_and_the_url(data):
    out = gesture(data, {"type": ids.STANCE_ONLY, "stance": "conflictual"})
    assert (
        "kinds=military+pressure" in out["search"]
        or "kinds=military%20pressure" in out["search"]
    )
    # the other stances' boxes emptied; the conflictual ones were all checked
    assert out["controls"]["kinds"] == [[], [], no_update]
    # the other controls are left alone
    assert (
        out["controls"]["start"] is no_update and out["controls"]["depth"] is no_update
    )
    assert out["chips"]["words"][0][0].children == "conflictual only"
    again = gesture(data, {"type": ids.STANCE_ONLY, "stance": "conflictual"},
                    kinds=CONFLICTUAL)  # fmt: skip
    assert "kinds" not in again["search"]
    assert again["controls"]["kinds"][0] == list(data.kind_groups["cooperative"])
    assert again["chips"]["hidden"][0] is True


def test_only_a_legend_pick_and_a_chip_change_one_filter(data):
    call = gesture(data, {"type": ids.KIND_ONLY, "kind": "call"})
    assert "kinds=call&" in call["search"] or call["search"].endswith("kinds=call")
    confirmed = gesture(data, ids.LEGEND_PICK, picked={"name": "confirmed", "at": 1})
    assert "confidence=confirmed" in confirmed["search"]
    assert confirmed["controls"]["confidence"] == ["confirmed"]
    removed = gesture(data, {"type": ids.FILTER_CHIP, "filter": "confidence"},
                      confidence=("confirmed",), states=True)  # fmt: skip
    assert "confidence" not in removed["search"] and "states=1" in removed["search"]
    assert removed["controls"]["confidence"] == ["confirmed", "reported", "speculative"]
    assert removed["controls"]["states"] is no_update
    # a path's chip clears both of its menus, and nothing else
    path = gesture(data, {"type": ids.FILTER_CHIP, "filter": "path"},
                   path=("lukashenko", "trump"), states=True)  # fmt: skip
    assert "path" not in path["search"] and "states=1" in path["search"]
    assert path["controls"]["path_from"] is None and path["controls"]["path_to"] is None
    assert path["controls"]["states"] is no_update
    assert path["chips"]["hidden"][list(CHIPS).index("path")] is True
    # a change's chip clears its date
    split = gesture(data, {"type": ids.FILTER_CHIP, "filter": "compare"},
                    compare=date(2025, 12, 1))  # fmt: skip
    assert "compare" not in split["search"] and split["controls"]["compare"] is None
    # a path half picked and a split the window has left are no part of the
    # view, and stay in their controls through another filter's click
    from dashboard.web.state import update_state

    half = {**controls(data, start=date(2025, 11, 1), end=date(2025, 11, 30)),
            "path_from": "lukashenko", "compare": "2025-12-05"}  # fmt: skip
    view = View(date(2025, 11, 1), date(2025, 11, 30))
    kept = update_state(
        data, ids.LEGEND_PICK, from_url=False, search=to_query(view),
        controls=half, stance_ids=STANCES, picked={"name": "confirmed", "at": 1},
        current={"query": to_query(view), "selection": None},
        chip_ids=[{"type": ids.FILTER_CHIP, "filter": name} for name in CHIPS],
    )  # fmt: skip
    assert "confidence=confirmed" in kept["search"]
    assert kept["controls"]["path_from"] is no_update
    assert kept["controls"]["compare"] is no_update
    # what the browser might send instead: nothing changes, nothing breaks
    for odd, picked in (
        ({"type": ids.KIND_ONLY, "kind": "no such kind"}, None),
        ({"type": ids.FILTER_CHIP, "filter": "start"}, None),
        ({"type": ids.STANCE_ONLY, "stance": ["x"]}, None),
        (ids.LEGEND_PICK, {"name": 3}),
        (ids.LEGEND_PICK, "conflictual"),
        (ids.LEGEND_PICK, {"name": "appeared (from 21 Nov)"}),
    ):
        out = gesture(data, odd, picked=picked)
        assert out["view"] is no_update, odd
    assert filter_gesture(data, ids.LEGEND_PICK, View(*data.span), None) is None


def test_relations_dated_to_the_month_are_no_spike_on_its_first():
    """Each relation dated "March 2025" counts from the 1st: every month's
    1st stood at ten times the usual day of an event feed."""
    rows = event_feed()
    months = pd.date_range("2024-01-01", "2025-12-01", freq="MS").repeat(200)
    rough = pd.DataFrame(
        {"first": months, "last": months + pd.offsets.MonthEnd(), "precision": "month"}
    )
    rows = pd.concat([rows.assign(precision="day"), rough], ignore_index=True)
    assert bursts(rows, FEED_SPAN) == []


def test_time_bar_bin_dates_are_iso_dates_of_every_day():
    """The detail's bin dates, written in one numpy call, are what
    `date.isoformat` writes, from year 1 to 9999 (zero-padded years, leap
    days, the days before 1970)."""
    from datetime import timedelta

    from dashboard.figures.timebar import _isos

    days = np.arange(-719162, 2932897, 997)
    days = np.concatenate([days, [-719162, -1, 0, 11016, 2932896]])
    expected = [(date(1970, 1, 1) + timedelta(days=int(n))).isoformat() for n in days]
    assert _isos(days) == expected
