"""The date window: presets, stepping through time, reading a drag on the time bar."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.core.graph import active_between

__all__ = ["PLAY_WIDTH_DAYS", "presets", "step_window", "window_from_selection"]

#: The window width that play starts with when the whole span is shown.
PLAY_WIDTH_DAYS = 30


def presets(
    span: tuple[date, date], years: list[int] | None = None
) -> dict[str, tuple[date, date]]:
    """Named windows: all, the last 30 days of the data, and each of ``years``."""
    first, last = span
    named = {"All": span, "Last 30 days": (max(first, last - timedelta(days=29)), last)}
    for year in years or []:
        named[str(year)] = (max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))
    return named


def step_window(
    relations: pd.DataFrame,
    window: tuple[date, date],
    span: tuple[date, date],
    *,
    forward: bool = True,
) -> tuple[date, date] | None:
    """The next (or previous) window of the same width, skipping stretches with no
    relation; None at the end of the data.

    From the whole span, stepping forward starts a 30-day window at its start.
    """
    start, end = window
    if start <= span[0] and end >= span[1]:
        return (
            (span[0], span[0] + timedelta(days=PLAY_WIDTH_DAYS - 1))
            if forward
            else None
        )
    width = (end - start).days + 1
    if forward:
        new_start = end + timedelta(days=1)
        if new_start > span[1]:
            return None
        if active_between(
            relations, new_start, new_start + timedelta(days=width - 1)
        ).empty:
            later = relations.loc[relations["first"] > pd.Timestamp(end), "first"]
            if later.empty:
                return None
            new_start = later.min().date()
        return new_start, new_start + timedelta(days=width - 1)
    new_end = start - timedelta(days=1)
    if new_end < span[0]:
        return None
    if active_between(relations, new_end - timedelta(days=width - 1), new_end).empty:
        earlier = relations.loc[relations["last"] < pd.Timestamp(start), "last"]
        if earlier.empty:
            return None
        new_end = earlier.max().date()
    return new_end - timedelta(days=width - 1), new_end


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
