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
    return counts.reindex(columns=list(STANCE_COLOURS), fill_value=0)


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
    bars = [
        {
            "type": "bar",
            "x": [month.strftime("%Y-%m-%d") for month in counts.index],
            "y": counts[stance].tolist(),
            "name": stance,
            "marker": {"color": colour, "line": {"width": 0}},
            "xperiod": "M1",
            "xperiodalignment": "start",
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
        barmode="stack",
        bargap=0.05,
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
