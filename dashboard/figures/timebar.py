"""The time bar: relations per week, stacked by stance, with the window shaded."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.figures.style import (
    STANCE_COLOURS,
    base_layout,
    figure,
    stance_colours,
)
from dashboard.figures.theme import LIGHT, Theme

__all__ = [
    "make_time_bar_figure",
    "time_axis_range",
    "time_bar_theme_parts",
    "weekly_counts",
]


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
    theme: Theme = LIGHT,
) -> dict:
    """A histogram of all relations over time; the selected window is shaded,
    in ``theme``.

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
        for stance, colour in stance_colours(theme).items()
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
        "fillcolor": theme.window(0.14),
        "line": {"color": theme.window(), "width": 1.5},
        "layer": "below",
    }
    layout = base_layout(theme=theme)
    layout.update(
        margin=_margin(theme),
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
        yaxis={"fixedrange": True, "gridcolor": theme.grid, "rangemode": "tozero"},
        hovermode="x",
    )
    return figure(bars, layout)


def _margin(theme: Theme) -> dict:
    """Room for the axes' numbers and dates, which grow with the type."""
    return {"l": round(2.5 * theme.font_size), "r": 8, "t": 6, "b": 2 * theme.font_size}


def time_bar_theme_parts(theme: Theme) -> dict[tuple, object]:
    """Every part of a `make_time_bar_figure` figure that ``theme`` sets, by
    its path in the figure: the page draws the bar once and patches these when
    the theme changes (the bars' counts never do)."""
    neutral = list(STANCE_COLOURS).index("neutral")
    parts: dict[tuple, object] = {
        ("layout", "paper_bgcolor"): theme.paper,
        ("layout", "plot_bgcolor"): theme.paper,
        ("layout", "font", "color"): theme.ink,
        ("layout", "font", "size"): theme.font_size,
        ("layout", "hoverlabel", "font", "size"): theme.hover_size,
        ("layout", "yaxis", "gridcolor"): theme.grid,
        ("data", neutral, "line", "color"): theme.neutral,
        ("data", neutral, "fillcolor"): theme.neutral,
        ("layout", "shapes", 0, "fillcolor"): theme.window(0.14),
        ("layout", "shapes", 0, "line", "color"): theme.window(),
    }
    for side, pixels in _margin(theme).items():
        parts[("layout", "margin", side)] = pixels
    return parts
