"""The date window: presets, stepping through time, reading a drag on the time bar."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.core.codes import distinct
from dashboard.core.graph import standing_mask
from dashboard.core.timeline import (
    TimeAxis,
    day_date,
    day_numbers,
    relation_start_lasts,
)

__all__ = [
    "PLAY_STEPS",
    "STEP_UNITS",
    "burst_presets",
    "bursts",
    "spikes",
    "month_span_label",
    "presets",
    "step_unit",
    "step_window",
    "step_windows",
    "window_from_selection",
    "within_span",
]

#: Playing the whole data takes at most about this many steps.
PLAY_STEPS = 10
#: What one step covers, finest first: each day something starts on, then
#: calendar weeks (from Monday), months, quarters and years.
STEP_UNITS = ("event", "week", "month", "quarter", "year")
_PERIODS = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
#: The fewest days of a step of each unit: a window shorter than its data's
#: step is stepped by its own width (a month of data that steps by years).
_UNIT_DAYS = {"event": 0, "week": 7, "month": 28, "quarter": 90, "year": 365}


def presets(
    span: tuple[date, date], years: list[int] | None = None
) -> dict[str, tuple[date, date]]:
    """Named windows: all, the last 30 days of the data, and each of ``years``;
    each window once, under its first name: on two days of event data, "All",
    "Last 30 days" and "2018" were three buttons for one window.

    >>> list(presets((date(2018, 6, 1), date(2018, 6, 2)), [2018]))
    ['All']
    """
    first, last = span
    named = {"All": span, "Last 30 days": (max(first, last - timedelta(days=29)), last)}
    for year in years or []:
        named[str(year)] = (max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))
    return _each_window_once(named)


def _each_window_once(
    named: dict[str, tuple[date, date]],
) -> dict[str, tuple[date, date]]:
    """``named`` with each window kept under its first name only."""
    seen: set[tuple[date, date]] = set()
    kept = {}
    for name, window in named.items():
        if window not in seen:
            seen.add(window)
            kept[name] = window
    return kept


def bursts(
    relations: pd.DataFrame,
    span: tuple[date, date],
    *,
    least: float = 0.2,
    limit: int = 2,
) -> list[tuple[date, date]]:
    """The windows around the bursts of ``relations``, busiest first: the
    stretches in which at least ``least`` of them start, the days they start
    on no further apart than a hundredth of ``span`` (and two weeks), none
    longer than a third of ``span`` (data that starts all the time has no
    burst). A window runs from the first start to the last, or to the last
    day its relations cover if that is sooner than the next pause.

    >>> rows = pd.DataFrame({"first": pd.to_datetime(["2019-01-01", "2025-11-01",
    ...     "2025-11-21", "2025-12-08"]), "last": pd.to_datetime(["2019-12-31",
    ...     "2025-12-11", "2025-11-24", "2025-12-11"])})
    >>> bursts(rows, (date(2019, 1, 1), date(2025, 12, 11)), least=0.5)
    [(datetime.date(2025, 11, 1), datetime.date(2025, 12, 11))]
    """
    if relations.empty:
        return []
    first, last = span
    total = (last - first).days + 1
    pause = max(14, total // 100)
    days = relations["first"].dt.normalize()
    order = np.sort(days.unique())
    cluster = np.concatenate(
        [[0], np.cumsum(np.diff(order) > np.timedelta64(pause, "D"))]
    )
    of_day = dict(zip(order, cluster))
    member = days.map(of_day).to_numpy()
    found = []
    for number in np.unique(cluster):
        mine = member == number
        starts = order[cluster == number]
        low, high = pd.Timestamp(starts[0]), pd.Timestamp(starts[-1])
        covered = relations.loc[mine, "last"].max()
        high = max(high, min(covered, high + pd.Timedelta(days=pause)))
        long = (high - low).days + 1 > total / 3
        if mine.sum() >= least * len(relations) and not long:
            window = (low.date(), min(high.date(), last))
            found.append((int(mine.sum()), window))
    found.sort(key=lambda item: (-item[0], item[1]))
    windows = [window for _, window in found[:limit]]
    # an event feed never pauses: its bursts are the days it spikes on
    for window in spikes(relations, span):
        if len(windows) < limit and not any(_overlap(window, w) for w in windows):
            windows.append(window)
    return windows


#: A day spikes when this many times as many relations start on it as on the
#: usual day of the month around it (its median), and stands this many
#: standard deviations above it (chance alone triples a day of two or three),
SPIKE_RATIO = 3.0
SPIKE_SIGMAS = 5.0
#: days on which relations start this often, around which the usual is taken,
SPIKE_MONTH = 29
#: spiking days this few apart are one spike,
SPIKE_GAP = 3
#: which counts when it brings as many more relations as this many usual days.
SPIKE_DAYS = 5


def spikes(
    relations: pd.DataFrame,
    span: tuple[date, date],
    *,
    limit: int = 2,
) -> list[tuple[date, date]]:
    """The windows around the spikes of ``relations``, most marked first:
    the stretches of days on which relations start twice as often as usual,
    around a day of at least SPIKE_RATIO times (the usual: that of the month
    around them), far beyond chance, and bringing as many more as
    SPIKE_DAYS usual days. Data that pauses between its bursts has its bursts
    found by `bursts`; a feed that never pauses (GDELT, ICEWS) has none of
    those, only these. Only relations dated to the day count, and within
    ``span``.

    >>> days = pd.to_datetime(["2025-01-01"] + [f"2025-03-{d:02d}" for d in
    ...     range(1, 32)] + ["2025-03-14"] * 9 + ["2025-03-15"] * 6)
    >>> spikes(pd.DataFrame({"first": days}), (date(2025, 1, 1), date(2025, 3, 31)))
    [(datetime.date(2025, 3, 14), datetime.date(2025, 3, 15))]
    """
    firsts = day_numbers(relations["first"].to_numpy())
    # only those dated to the day: each relation of "March 2024" is counted
    # on its 1st, and every 1st of a month spiked; nor the standing, dated
    # when a source vouched for them
    exact = relation_start_lasts(relations) == firsts
    if "precision" in relations:
        exact &= ~standing_mask(relations)
    low, high = day_numbers(span)
    days = firsts[exact & (firsts >= low) & (firsts <= high)]
    if not len(days):
        return []
    counts = np.bincount(days - low, minlength=high - low + 1)
    # the usual day: the month's mean, of days cut to a few times its median
    # (a spike is not usual); a median alone is a poor mean of small counts
    # (1 where 2.2 a day is usual), which made chance look like spikes
    month = pd.Series(counts).rolling(SPIKE_MONTH, center=True, min_periods=1)
    capped = np.minimum(counts, SPIKE_RATIO * np.maximum(month.median().to_numpy(), 1))
    usual = np.maximum(
        pd.Series(capped).rolling(SPIKE_MONTH, center=True, min_periods=1).mean(), 1.0
    ).to_numpy()  # a quiet month: one a day is still usual
    # a count of events by chance varies as a Poisson count does: by the
    # square root of the usual
    least = np.maximum(SPIKE_RATIO * usual, usual + SPIKE_SIGMAS * np.sqrt(usual))
    # a spike's days: those past half that far, around a day past it all (a
    # spike from Friday to Sunday is a spike, though its weekend is quieter)
    warm = np.flatnonzero(counts >= (usual + least) / 2)
    found = []
    for days in np.split(warm, np.flatnonzero(np.diff(warm) > SPIKE_GAP) + 1):
        more = float((counts[days] - usual[days]).sum())
        if (
            len(days)
            and (counts[days] >= least[days]).any()
            and more >= SPIKE_DAYS * usual[days].mean()
        ):
            found.append((-more, (day_date(low + days[0]), day_date(low + days[-1]))))
    found.sort()
    return [window for _, window in found[:limit]]


def _overlap(one: tuple[date, date], other: tuple[date, date]) -> bool:
    return one[0] <= other[1] and other[0] <= one[1]


def month_span_label(start: date, end: date) -> str:
    """The months a window covers, in few words.

    >>> month_span_label(date(2025, 11, 1), date(2025, 12, 11))
    'Nov–Dec 2025'
    >>> month_span_label(date(2024, 12, 20), date(2025, 1, 5))
    'Dec 2024–Jan 2025'
    """
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%b %Y}"
    if start.year == end.year:
        return f"{start:%b}–{end:%b %Y}"
    return f"{start:%b %Y}–{end:%b %Y}"


def burst_presets(
    relations: pd.DataFrame, span: tuple[date, date]
) -> dict[str, tuple[date, date]]:
    """Named windows for the `bursts` of the data: "Nov–Dec 2025",
    "Mar 2019". The page writes beside each how many relations the filters
    show in it (web/views.py `preset_labels`): counted here, with no filter
    on, it read "25 relations" beside a filter that showed none. Bursts
    that share their months are named by their days ("1–3 Mar 2019"): under
    one name, all but one were lost. So are those under two weeks long (a
    spike of two days named "Mar 2025" promised the month).

    >>> days = pd.to_datetime(["2019-03-01"] * 5 + ["2019-03-28"] * 5)
    >>> sorted(burst_presets(pd.DataFrame({"first": days, "last": days}),
    ...                      (date(2019, 1, 1), date(2019, 12, 31))))
    ['1 Mar 2019', '28 Mar 2019']
    """
    found = bursts(relations, span)
    months = Counter(month_span_label(*window) for window in found)

    def name(start: date, end: date) -> str:
        month = month_span_label(start, end)
        if months[month] == 1 and (end - start).days + 1 >= DAYS_NAMED:
            return month
        return day_span_label(start, end)

    return {name(*window): window for window in found}


#: A burst shorter than this many days is named by its days, not its months.
DAYS_NAMED = 14


def day_span_label(start: date, end: date) -> str:
    """The days a window covers, in few words.

    >>> day_span_label(date(2019, 3, 1), date(2019, 3, 3))
    '1–3 Mar 2019'
    >>> day_span_label(date(2019, 3, 28), date(2019, 4, 2))
    '28 Mar–2 Apr 2019'
    >>> day_span_label(date(2019, 3, 28), date(2019, 3, 28))
    '28 Mar 2019'
    """
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b}–{end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y}–{end.day} {end:%b %Y}"


def _bins(firsts: pd.Series, unit: str) -> tuple[pd.Series, pd.Series]:
    """The first and last day of the ``unit`` each of ``firsts`` falls in."""
    if unit == "event":
        return firsts, firsts
    periods = firsts.dt.to_period(_PERIODS[unit])
    return periods.dt.start_time, periods.dt.end_time.dt.normalize()


def step_unit(relations: pd.DataFrame, *, limit: int = PLAY_STEPS) -> str:
    """The finest of STEP_UNITS in which the days ``relations`` start on fall
    into at most ``limit`` steps ("year" when none does).

    >>> days = pd.to_datetime(["2025-11-18", "2025-11-21", "2025-12-08"])
    >>> step_unit(pd.DataFrame({"first": days}), limit=2)
    'week'
    """
    # counted on day, week, month and quarter numbers (numpy's calendar):
    # pandas' periods took 0.1 s a click at a million relations
    firsts = relations["first"].to_numpy()
    days = firsts[~np.isnat(firsts)].astype("datetime64[D]")
    day = days.astype(np.int64)
    month = days.astype("datetime64[M]").astype(np.int64)
    numbers = {
        "event": day,
        "week": (day + 3) // 7,  # from Monday: 1 Jan 1970 was a Thursday
        "month": month,
        "quarter": month // 3,
    }
    for unit in STEP_UNITS[:-1]:
        if len(distinct(numbers[unit])) <= limit:
            return unit
    return STEP_UNITS[-1]


def step_windows(
    relations: pd.DataFrame, *, limit: int = PLAY_STEPS, unit: str | None = None
) -> list[tuple[date, date]]:
    """The windows ◀/▶ and Play step through, in order: one per stretch of
    time in which something starts, so every step shows something new.

    The rule:

    1. the unit of a step is `step_unit`: the finest of event (each distinct
       day a relation starts on), week, month, quarter or year that needs at
       most ``limit`` steps for the whole of ``relations``, so that a burst
       of many days takes a few steps, not one per day;
    2. each unit with a start in it is one step; its window starts on the
       unit's first day and ends on the last day its relations cover, or the
       unit's own last day if that is later, but always before the next
       step's start (empty stretches between them are skipped) and never past
       the last day of the data.

    Every window thus holds the relations that start in it, none of which
    the windows before held. Standing relations start a step only where
    no other does (`_starting`).

    >>> rows = pd.DataFrame({
    ...     "first": pd.to_datetime(["2019-01-01", "2025-11-21", "2025-12-08"]),
    ...     "last": pd.to_datetime(["2019-12-31", "2025-11-24", "2025-12-11"])})
    >>> [f"{a} {b}" for a, b in step_windows(rows)]
    ['2019-01-01 2019-12-31', '2025-11-21 2025-11-24', '2025-12-08 2025-12-11']
    """
    starting = _starting(relations, limit)
    if starting.empty:
        return []
    unit = unit or step_unit(starting, limit=limit)  # given: counted already
    return _windows(starting, unit, relations["last"].max())


def _windows(starting: pd.DataFrame, unit: str, data_end) -> list[tuple[date, date]]:
    """`step_windows` of the relations ``starting`` steps, by ``unit``, none
    past ``data_end``."""
    starts, ends = _bins(starting["first"].dt.normalize(), unit)
    groups = (
        pd.DataFrame({"start": starts, "end": ends, "last": starting["last"]})
        .groupby("start")
        .agg(end=("end", "max"), last=("last", "max"))
    )
    following = list(groups.index[1:] - pd.Timedelta(days=1)) + [data_end]
    return [
        (start.date(), min(max(end, last), before).date())
        for start, end, last, before in zip(
            groups.index, groups["end"], groups["last"], following
        )
    ]


def _starting(relations: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The relations that start steps: those that begin on their first day,
    and those standing (`standing_mask`: their date says when a source
    vouched for them) on a day no step of the others holds, so that every
    relation is in some step. A step of the day the article's standing ones
    were vouched for showed "0 begin here" beside the step that held it."""
    standing = standing_mask(relations)
    if not standing.any() or standing.all():
        return relations
    begins = relations[~standing]
    steps = _windows(begins, step_unit(begins, limit=limit), relations["last"].max())
    firsts = np.array([np.datetime64(first, "D") for first, _ in steps])
    lasts = np.array([np.datetime64(last, "D") for _, last in steps])
    days = relations["first"].to_numpy()[standing].astype("datetime64[D]")
    step = np.searchsorted(firsts, days, side="right") - 1
    held = (step >= 0) & (days <= lasts[np.maximum(step, 0)])
    keep = ~standing
    keep[standing] = ~held
    return relations[keep]


def step_window(
    relations: pd.DataFrame,
    window: tuple[date, date],
    *,
    forward: bool = True,
) -> tuple[date, date] | None:
    """The window ◀ (``forward`` False) or ▶ and Play move to from ``window``,
    among `step_windows` of ``relations``; None when there is none further
    (Play then stops).

    ▶ goes to the first step that starts after ``window`` ends, ◀ to the last
    that ends before it starts: from one step, to the next or the previous
    one. With none there, a window that holds the starts of several steps
    (All, the last 30 days) is entered: at its first step (▶, so that Play
    plays it) or its last (◀). A window shorter than one step (a month of a
    decade stepped by years) moves by its own width instead (`_own_width`).
    """
    starting = _starting(relations, PLAY_STEPS)
    if starting.empty:
        return None
    start, end = window
    unit = step_unit(starting)
    steps = _windows(starting, unit, relations["last"].max())
    # a step itself moves among the steps, even the last one, cut short at
    # the data's last day
    if window not in steps and (end - start).days + 1 < _UNIT_DAYS[unit]:
        return _own_width(starting, window, forward=forward)
    if forward:
        beyond = [step for step in steps if step[0] > end][:1]
    else:
        beyond = [step for step in steps if step[1] < start][-1:]
    if beyond:
        return beyond[0]
    # a step of weeks, months or years begins on its unit's first day, which
    # can lie before the data's (and All's) first: what counts is its first start
    firsts = np.sort(starting["first"].dt.normalize().to_numpy())
    opens = firsts[np.searchsorted(firsts, [np.datetime64(s) for s, _ in steps])]
    inside = [
        step
        for step, first in zip(steps, opens)
        if start <= pd.Timestamp(first).date() <= end
    ]
    if len(inside) > 1:
        return inside[0] if forward else inside[-1]
    return None


def _own_width(
    relations: pd.DataFrame, window: tuple[date, date], *, forward: bool
) -> tuple[date, date] | None:
    """The window as wide as ``window`` just after it (▶) or before it (◀);
    where nothing starts there, the nearest one further on in which
    something does (empty stretches skipped); None when nothing starts
    further on. Whole calendar months move by months (March, then April),
    other windows by their days; neither is cut at the data's last day, so
    that ◀ from the last goes back by the same width.

    >>> rows = pd.DataFrame({"first": pd.to_datetime(["2024-01-05", "2024-04-02",
    ...     "2024-06-30"]), "last": pd.to_datetime(["2024-01-05", "2024-04-02",
    ...     "2024-06-30"])})
    >>> march = (date(2024, 3, 1), date(2024, 3, 31))
    >>> _own_width(rows, march, forward=True), _own_width(rows, march, forward=False)
    ((datetime.date(2024, 4, 1), datetime.date(2024, 4, 30)), (datetime.date(2024, 1, 1), datetime.date(2024, 1, 31)))
    >>> _own_width(rows, (date(2024, 4, 2), date(2024, 4, 8)), forward=True)
    (datetime.date(2024, 6, 30), datetime.date(2024, 7, 6))
    """
    start, end = window
    starts = np.sort(relations["first"].dt.normalize().to_numpy())
    months = _whole_months(window)
    if forward:
        after = starts[starts > np.datetime64(end)]
        if not len(after):
            return None
        found = pd.Timestamp(after[0]).date()
        if months:  # the block of months after this one, or the one found's
            begin = max(_add_months(start, months), _month_start(found))
            new = (begin, _add_months(begin, months) - timedelta(days=1))
        else:
            width = timedelta(days=(end - start).days)
            begin = end + timedelta(days=1)
            new = (
                (begin, begin + width)
                if found <= begin + width
                else (found, found + width)
            )
        return new
    before = starts[starts < np.datetime64(start)]
    if not len(before):
        return None
    found = pd.Timestamp(before[-1]).date()
    if months:
        stop = min(start, _add_months(_month_start(found), 1))
        begin = _add_months(stop, -months)
        return begin, stop - timedelta(days=1)
    width = timedelta(days=(end - start).days)
    stop = start - timedelta(days=1)
    stop = stop if found >= stop - width else found
    return stop - width, stop


def _whole_months(window: tuple[date, date]) -> int:
    """How many calendar months ``window`` covers exactly, else 0."""
    start, end = window
    after = end + timedelta(days=1)
    if start.day != 1 or after.day != 1:
        return 0
    return (after.year - start.year) * 12 + after.month - start.month


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def window_from_selection(
    selected: dict | None, axis: TimeAxis | None = None
) -> tuple[date, date] | None:
    """The window a box-select drag on the time bar covers, if it was one (and
    None for anything else the browser might send): a drag on the detail
    (axis ``x2``) covers dates, one on the overview (``x``) positions of
    ``axis``. A window holds every day the drag touches.

    >>> window_from_selection({"range": {"x2": ["2025-11-20 06:00", "2025-12-12"]}})
    (datetime.date(2025, 11, 20), datetime.date(2025, 12, 11))
    >>> window_from_selection({"range": {"x": ["9999-99-99", 3]}}) is None
    True
    """
    try:
        ranges = selected["range"]
        key = "x2" if "x2" in ranges else "x"
        ends = list(ranges[key])
        if len(ends) != 2:
            return None
        if axis is not None and key == "x" and all(_is_number(end) for end in ends):
            days = sorted(axis.day(float(end)) for end in ends)
        else:
            days = sorted(
                (pd.Timestamp(end) - pd.Timestamp(0)) / pd.Timedelta(days=1)
                for end in ends
            )
    except (TypeError, KeyError, ValueError, OverflowError, AttributeError):
        return None
    if not all(np.isfinite(days)):
        return None
    low = math.floor(days[0])
    high = max(low, math.ceil(days[1]) - 1)
    try:
        return day_date(low), day_date(high)
    except OverflowError:
        return None


def within_span(
    window: tuple[date, date], span: tuple[date, date]
) -> tuple[date, date] | None:
    """``window`` cut to ``span``, or None when they share no day: a drag
    beyond the data's ends (or a hand-made one) picks no window, rather than
    one that ends before it starts.

    >>> span = (date(2019, 1, 1), date(2025, 12, 11))
    >>> within_span((date(2025, 12, 1), date(2026, 2, 1)), span)
    (datetime.date(2025, 12, 1), datetime.date(2025, 12, 11))
    >>> within_span((date(2026, 1, 1), date(2026, 2, 1)), span) is None
    True
    """
    start, end = max(window[0], span[0]), min(window[1], span[1])
    return (start, end) if start <= end else None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
