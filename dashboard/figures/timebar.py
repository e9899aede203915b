"""The time bar: relations per week, stacked by stance, with the window shaded."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.figures.style import STANCE_COLOURS, base_layout, figure

__all__ = ["make_time_bar_figure", "weekly_counts", "time_axis_range"]


def weekly_counts(relations: pd.DataFrame) -> pd.DataFrame:
    """Relations counted by the week (from Monday) they start in, one column per
    stance. Weeks, not months: a window of a few weeks must still show its shape."""
    if relations.empty:
        return pd.DataFrame(columns=list(STANCE_COLOURS))
    weeks = relations["first"].dt.to_period("W-SUN").dt.start_time
    counts = pd.crosstab(weeks, relations["stance"])
    # every week, empty ones as zero (and one after the last), so that steps
    # drop to zero between events instead of carrying a count across a gap
    every_week = pd.date_range(
        weeks.min(), weeks.max() + pd.Timedelta(days=7), freq="W-MON"
    )
    return counts.reindex(index=every_week, columns=list(STANCE_COLOURS), fill_value=0)


def time_axis_range(window: tuple[date, date], span: tuple[date, date]) -> list[str]:
    """The stretch of time the bar shows: the whole span for a wide window, else
    the window with as much again on either side, so that a few weeks in a
    span of years stay wide enough to see and to drag across (the All preset
    goes back to the whole span).

    >>> time_axis_range((date(2025, 11, 1), date(2025, 11, 30)), (date(2019, 1, 1), date(2025, 12, 11)))
    ['2025-10-02', '2025-12-30']
    """
    (start, end), (first, last) = window, span
    margin = timedelta(days=20)
    width = end - start
    if width >= (last - first) * 0.5:
        return [(first - margin).isoformat(), (last + margin).isoformat()]
    pad = max(width, timedelta(days=30))
    return [
        max(start - pad, first - margin).isoformat(),
        min(end + pad, last + margin).isoformat(),
    ]


def make_time_bar_figure(
    relations: pd.DataFrame,
    window: tuple[date, date],
    span: tuple[date, date],
    *,
    font_size: int = 12,
) -> dict:
    """A histogram of all relations over time; the selected window is shaded.

    Drag across the bars (box select) to choose a new window.
    """
    counts = weekly_counts(relations)
    # Stacked step areas rather than bars: the page ships plotly.js's geo bundle
    # (scatter, scattergeo, choropleth), a third of the full one, to load fast.
    weeks = [week.strftime("%Y-%m-%d") for week in counts.index]
    bars = [
        {
            "type": "scatter",
            "x": weeks,
            "y": counts[stance].tolist(),
            "name": stance,
            "mode": "lines",
            "stackgroup": "stance",
            "line": {"color": colour, "width": 1, "shape": "hv"},
            "fillcolor": colour,
            "hovertemplate": "week of %{x|%d %b %Y}: %{y} "
            + stance
            + "<extra></extra>",
        }
        for stance, colour in STANCE_COLOURS.items()
    ]
    start, end = window
    shade = {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": start.isoformat(),
        "x1": (end + timedelta(days=1)).isoformat(),
        "y0": 0,
        "y1": 1,
        "fillcolor": "rgba(0,114,178,0.14)",
        "line": {"color": "#0072B2", "width": 1.5},
        "layer": "below",
    }
    first, last = span
    layout = base_layout(font_size=font_size)
    layout.update(
        margin={"l": 30, "r": 8, "t": 6, "b": 24},
        shapes=[shade],
        showlegend=False,
        dragmode="select",
        selectdirection="h",
        xaxis={
            "type": "date",
            "range": time_axis_range(window, span),
            "fixedrange": True,
            "showgrid": False,
        },
        yaxis={"fixedrange": True, "gridcolor": "#eeeeee", "rangemode": "tozero"},
        hovermode="x",
    )
    return figure(bars, layout)
