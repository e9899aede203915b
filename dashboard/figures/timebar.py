"""The time bar: relations per month, stacked by stance, with the window shaded."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.figures.style import STANCE_COLOURS, base_layout, figure

__all__ = ["make_time_bar_figure", "monthly_counts"]


def monthly_counts(relations: pd.DataFrame) -> pd.DataFrame:
    """Relations counted by the month they start in, one column per stance."""
    if relations.empty:
        return pd.DataFrame(columns=list(STANCE_COLOURS))
    months = relations["first"].dt.to_period("M").dt.to_timestamp()
    counts = pd.crosstab(months, relations["stance"])
    # every month, empty ones as zero (and one after the last), so that steps
    # drop to zero between events instead of carrying a count across a gap
    every_month = pd.date_range(
        months.min(), months.max() + pd.offsets.MonthBegin(1), freq="MS"
    )
    return counts.reindex(index=every_month, columns=list(STANCE_COLOURS), fill_value=0)


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
    counts = monthly_counts(relations)
    # Stacked step areas rather than bars: the page ships plotly.js's geo bundle
    # (scatter, scattergeo, choropleth), a third of the full one, to load fast.
    months = [month.strftime("%Y-%m-%d") for month in counts.index]
    bars = [
        {
            "type": "scatter",
            "x": months,
            "y": counts[stance].tolist(),
            "name": stance,
            "mode": "lines",
            "stackgroup": "stance",
            "line": {"color": colour, "width": 1, "shape": "hv"},
            "fillcolor": colour,
            "hovertemplate": "%{x|%b %Y}: %{y} " + stance + "<extra></extra>",
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
            "range": [
                (first - timedelta(days=20)).isoformat(),
                (last + timedelta(days=20)).isoformat(),
            ],
            "fixedrange": True,
            "showgrid": False,
        },
        yaxis={"fixedrange": True, "gridcolor": "#eeeeee", "rangemode": "tozero"},
        hovermode="x",
    )
    return figure(bars, layout)
