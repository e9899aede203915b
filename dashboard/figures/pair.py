"""The pair timeline: every relation between two actors over time, by stance."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard.figures.style import (
    STANCE_COLOURS,
    STANCE_SYMBOLS,
    base_layout,
    figure,
    stance_colours,
)
from dashboard.figures.theme import LIGHT, Theme

__all__ = ["PAIR_MARGIN", "make_pair_timeline_figure", "pair_range"]


#: The least room either side of a pair's relations: a single one-day event
#: is shown with a few weeks around it, not on an axis of hours.
PAIR_MARGIN = timedelta(days=21)


#: The timeline's dates by how far apart its ticks are (plotly.js takes the
#: first stop whose range holds the tick step, ends included).
PAIR_TICKS = [
    {"dtickrange": ["M12", None], "value": "%Y"},
    {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
    {"dtickrange": [None, "M1"], "value": "%-d %b %Y"},
]


def pair_range(relations: pd.DataFrame) -> list[str] | None:
    """The time axis of a pair's timeline: from its first relation's first day
    to its last one's last day, with a tenth of that (at least PAIR_MARGIN)
    either side; None (Plotly's own) for no relations.

    >>> one = pd.DataFrame({"first": [pd.Timestamp("2025-11-21")],
    ...                     "last": [pd.Timestamp("2025-11-21")]})
    >>> pair_range(one)
    ['2025-10-31', '2025-12-12']
    """
    if relations.empty:
        return None
    first, last = relations["first"].min().date(), relations["last"].max().date()
    margin = max((last - first) / 10, PAIR_MARGIN)
    return [(first - margin).isoformat(), (last + margin).isoformat()]


def make_pair_timeline_figure(
    relations: pd.DataFrame,
    window: tuple[date, date] | None = None,
    *,
    theme: Theme = LIGHT,
) -> dict:
    """One row per stance; a marker where each relation starts and a bar over
    the time it lasts; the current window shaded; in ``theme``. Hover gives
    kind and summary. The time axis spans the pair's own relations
    (`pair_range`), not the whole data."""
    traces = []
    for stance, colour in stance_colours(theme).items():
        rows = relations[relations["stance"] == stance]
        if rows.empty:
            continue
        spans_x, spans_y = [], []
        for first, last in zip(rows["first"], rows["last"]):
            if last > first:
                spans_x += [first.date().isoformat(), last.date().isoformat(), None]
                spans_y += [stance, stance, None]
        if spans_x:
            traces.append(
                {
                    "type": "scatter", "x": spans_x, "y": spans_y, "mode": "lines",
                    "line": {"color": colour, "width": 6}, "opacity": 0.45,
                    "hoverinfo": "skip", "showlegend": False,
                }
            )  # fmt: skip
        traces.append(
            {
                "type": "scatter",
                "x": [first.date().isoformat() for first in rows["first"]],
                "y": [stance] * len(rows),
                "mode": "markers",
                "marker": {"symbol": STANCE_SYMBOLS[stance], "size": 12, "color": colour,
                           "line": {"width": 1.5, "color": colour}},
                "customdata": [["relation", rid] for rid in rows["id"]],
                "hovertext": rows["hover"].tolist() if "hover" in rows else None,
                "hoverinfo": "text",
                "showlegend": False,
            }
        )  # fmt: skip
    layout = base_layout(theme=theme)
    layout.update(
        margin={"l": 90, "r": 10, "t": 6, "b": 26},
        xaxis={
            "type": "date",
            "showgrid": True,
            "gridcolor": theme.grid,
            "range": pair_range(relations),
            # one line, day first as everywhere else here: Plotly's own
            # "Nov 2" put the year on a second line, cut off under the axis
            "tickformatstops": PAIR_TICKS,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(STANCE_COLOURS),
            "range": [-0.5, len(STANCE_COLOURS) - 0.5],
        },
        height=150,
        hovermode="closest",
    )
    if window:
        layout["shapes"] = [
            {
                "type": "rect", "xref": "x", "yref": "paper",
                "x0": window[0].isoformat(), "x1": window[1].isoformat(), "y0": 0, "y1": 1,
                "fillcolor": theme.window(0.10), "line": {"width": 0}, "layer": "below",
            }
        ]  # fmt: skip
    return figure(traces, layout)
