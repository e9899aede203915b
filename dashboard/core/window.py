"""The date window: presets, stepping through time, reading a drag on the time bar."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

__all__ = [
    "PLAY_STEPS",
    "STEP_UNITS",
    "presets",
    "step_unit",
    "step_window",
    "step_windows",
    "window_from_selection",
]

#: Playing the whole data takes at most about this many steps.
PLAY_STEPS = 10
#: What one step covers, finest first: each day something starts on, then
#: calendar weeks (from Monday), months, quarters and years.
STEP_UNITS = ("event", "week", "month", "quarter", "year")
_PERIODS = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}


def presets(
    span: tuple[date, date], years: list[int] | None = None
) -> dict[str, tuple[date, date]]:
    """Named windows: all, the last 30 days of the data, and each of ``years``."""
    first, last = span
    named = {"All": span, "Last 30 days": (max(first, last - timedelta(days=29)), last)}
    for year in years or []:
        named[str(year)] = (max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))
    return named


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
    firsts = relations["first"].dt.normalize()
    for unit in STEP_UNITS[:-1]:
        if _bins(firsts, unit)[0].nunique() <= limit:
            return unit
    return STEP_UNITS[-1]


def step_windows(
    relations: pd.DataFrame, *, limit: int = PLAY_STEPS
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
    the windows before held.

    >>> rows = pd.DataFrame({
    ...     "first": pd.to_datetime(["2019-01-01", "2025-11-21", "2025-12-08"]),
    ...     "last": pd.to_datetime(["2019-12-31", "2025-11-24", "2025-12-11"])})
    >>> [f"{a} {b}" for a, b in step_windows(rows)]
    ['2019-01-01 2019-12-31', '2025-11-21 2025-11-24', '2025-12-08 2025-12-11']
    """
    if relations.empty:
        return []
    unit = step_unit(relations, limit=limit)
    starts, ends = _bins(relations["first"].dt.normalize(), unit)
    groups = (
        pd.DataFrame({"start": starts, "end": ends, "last": relations["last"]})
        .groupby("start")
        .agg(end=("end", "max"), last=("last", "max"))
    )
    data_end = relations["last"].max()
    following = list(groups.index[1:] - pd.Timedelta(days=1)) + [data_end]
    return [
        (start.date(), min(max(end, last), before).date())
        for start, end, last, before in zip(
            groups.index, groups["end"], groups["last"], following
        )
    ]


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
    plays it) or its last (◀).
    """
    steps = step_windows(relations)
    start, end = window
    if forward:
        beyond = [step for step in steps if step[0] > end][:1]
    else:
        beyond = [step for step in steps if step[1] < start][-1:]
    if beyond:
        return beyond[0]
    inside = [step for step in steps if start <= step[0] <= end]
    if len(inside) > 1:
        return inside[0] if forward else inside[-1]
    return None


def window_from_selection(selected: dict | None) -> tuple[date, date] | None:
    """The window a box-select drag on the time bar covers, if it was one (and
    None for anything else the browser might send).

    >>> window_from_selection({"range": {"x": ["2025-11-20 06:00", "2025-12-12"]}})
    (datetime.date(2025, 11, 20), datetime.date(2025, 12, 12))
    >>> window_from_selection({"range": {"x": ["9999-99-99", 3]}}) is None
    True
    """
    try:
        low, high = sorted(pd.Timestamp(end).date() for end in selected["range"]["x"])
    except (TypeError, KeyError, ValueError, OverflowError, AttributeError):
        return None
    return low, high
