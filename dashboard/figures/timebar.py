"""The time bar: relations per week, stacked by stance, with the window shaded
and the standing relations in a strip of their own."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.core.graph import standing_mask
from dashboard.figures.style import (
    STANCE_COLOURS,
    base_layout,
    figure,
    stance_colours,
)
from dashboard.figures.theme import LIGHT, Theme

__all__ = [
    "make_time_bar_figure",
    "standing_strip",
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
    in ``theme``. Standing relations (known only as of a date) are not counted
    in the week of that date: they get a hatched strip of their own above the
    bars (`standing_strip`).

    Drag across the bars (box select) to choose a new window.
    """
    standing = standing_mask(relations)
    counts = weekly_counts(relations[~standing])
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
    strip, label = standing_strip(relations[standing], span, theme=theme)
    bars.append(strip)
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
        annotations=[label],
        hovermode="x",
    )
    if standing.any():  # the bars make room for the strip above them
        layout["yaxis"]["domain"] = [0, 0.78]
        layout["yaxis2"] = {"domain": [0.82, 1], "range": [0, 1], "visible": False,
                            "fixedrange": True}  # fmt: skip
    return figure(bars, layout)


#: The standing strip's hatching: grey, readable on either theme's paper.
STANDING_GREY = "#8C8C8C"


def standing_strip(
    standing: pd.DataFrame, span: tuple[date, date], *, theme: Theme = LIGHT
) -> tuple[dict, dict]:
    """The strip of the standing relations on the time bar, and its label: a
    hatched band on the second y axis from beyond the left of the axis (their
    start is unknown) to the last day they are known as of, and at its left
    "◂ 6 standing as of 11 Dec 2025 (start unknown)". Both are there, empty,
    when nothing is standing, so that a theme can always patch the label's
    colours (`time_bar_theme_parts`)."""
    label = {
        "text": "", "xref": "paper", "yref": "paper", "x": 0.005, "y": 0.91,
        "xanchor": "left", "yanchor": "middle", "showarrow": False,
        "font": {"size": theme.font_size, "color": theme.ink},
        "bgcolor": theme.legend_bg,
    }  # fmt: skip
    strip = {"type": "scatter", "x": [], "y": [], "mode": "lines", "hoverinfo": "skip",
             "name": "standing", "showlegend": False}  # fmt: skip
    if standing.empty:
        return strip, label
    days = sorted({day.date() for day in standing["first"]})
    known = f"{days[-1].day} {days[-1]:%b %Y}"
    if len(days) > 1:
        known = f"{days[0].day} {days[0]:%b %Y} to {known}"
    label["text"] = f"◂ {len(standing):,} standing as of {known} (start unknown)"
    left = (span[0] - timedelta(days=400)).isoformat()  # off the axis, always
    right = (days[-1] + timedelta(days=1)).isoformat()
    strip.update(
        x=[left, right, right, left, left],
        y=[0, 0, 1, 1, 0],
        yaxis="y2",
        fill="toself",
        fillcolor="rgba(140,140,140,0.18)",
        fillpattern={"shape": "/", "fgcolor": STANDING_GREY, "size": 7,
                     "solidity": 0.25},
        line={"color": STANDING_GREY, "width": 1},
        name=label["text"],
    )  # fmt: skip
    return strip, label


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
        ("layout", "annotations", 0, "font", "color"): theme.ink,
        ("layout", "annotations", 0, "font", "size"): theme.font_size,
        ("layout", "annotations", 0, "bgcolor"): theme.legend_bg,
    }
    for side, pixels in _margin(theme).items():
        parts[("layout", "margin", side)] = pixels
    return parts
