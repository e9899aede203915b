"""The network graph: actors at fixed positions, relations as curved arrows."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from dashboard.core.describe import ACTOR_FIELDS, actor_label, records, wrap
from dashboard.core.geo import country_name
from dashboard.core.text import markup
from dashboard.figures.common import (
    ChangeMarks,
    actor_colour,
    by_kind,
    change_traces,
    colour_legend_layout,
    labelled,
    legend_layout,
    legend_margin,
    legend_traces,
    relation_counts,
    relation_paths,
    relation_traces,
    rgba,
)
from dashboard.figures.style import (
    DIM_OPACITY,
    KIND_SYMBOLS,
    base_layout,
    figure,
)
from dashboard.figures.theme import LIGHT, Theme

__all__ = ["make_network_figure"]

_BASE_SIZE = {"state": 26, "person": 18, "organization": 17, "company": 16}
#: Nodes grow with their relations in the window, up to this many pixels more:
#: at 100,000 relations a busy actor has thousands.
_MAX_GROWTH = 18
#: Above this many actors drawn, nodes are drawn at half size.
_CROWD = 150


def make_network_figure(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    positions: dict[str, tuple[float, float]],
    *,
    strong: tuple[set[str] | None, set[str] | None] = (None, None),
    node_colours: dict[str, str] | None = None,
    colour_legend: list[tuple[str, str]] = (),
    marks: ChangeMarks | None = None,
    widths: dict[str, float] | None = None,
    names: dict[str, str] | None = None,
    degree: dict[str, int] | None = None,
    frame: Iterable[str] | None = None,
    theme: Theme = LIGHT,
) -> dict:
    """The graph of ``relations`` (already filtered to the window) among ``actors``.

    Every actor is drawn at its fixed position; those with no relation in the
    window are faded, so the picture changes without nodes jumping around.
    ``degree``: relations per actor in the window, when ``relations`` are pairs
    drawn for more (default: counted from ``relations``). ``frame``: the actors
    the axes fit (default: every position, so that the frame holds still while
    the window moves). ``marks``: the relations to ring as changed, when a
    window is split. ``theme``: the colours and type sizes to draw in.
    """
    names = names or {
        row["id"]: actor_label(row) for row in records(actors, ACTOR_FIELDS)
    }
    strong_actors, strong_relations = strong
    paths = relation_paths(relations, positions, names)
    traces = relation_traces(
        paths, strong=strong_relations, scatter=_scatter, widths=widths, theme=theme
    )
    rings = change_traces(paths, marks, scatter=_scatter)
    traces += rings
    degree = relation_counts(relations) if degree is None else degree
    traces += _node_traces(
        actors, positions, degree, strong_actors, node_colours, theme
    )
    legend = legend_traces(
        _scatter,
        colour_legend,
        sorted(actors["kind"].unique(), key=list(KIND_SYMBOLS).index),
        theme=theme,
    )
    traces += legend
    framed = (
        list(positions.values())
        if frame is None
        else [positions[actor] for actor in frame if actor in positions]
    )
    # the graph's text is its labels
    layout = base_layout(theme=theme, font_size=theme.label_size)
    layout["margin"] = {
        "l": 4,
        "r": 4,
        "t": 4,
        "b": legend_margin(rings + legend, theme=theme),  # rings: an entry each
    }
    layout.update(
        showlegend=True,
        legend=legend_layout(theme),
        legend2=colour_legend_layout(theme),
        xaxis={"visible": False, "range": _padded([x for x, _ in framed], 0.16)},
        yaxis={
            "visible": False,
            "range": _padded([y for _, y in framed], 0.1, below=0.22),
        },
        dragmode="pan",
        clickmode="event",
        hovermode="closest",
    )
    return figure(traces, layout)


def _padded(
    values: list[float], share: float, *, below: float | None = None
) -> list[float] | None:
    """An axis range around ``values`` with room for labels (and the legend below)."""
    if not values:
        return None
    low, high = min(values), max(values)
    extent = max(high - low, 1e-6)
    return [low - extent * (share if below is None else below), high + extent * share]


def _scatter(xs, ys, **kwargs) -> dict:
    return {"type": "scatter", "x": xs, "y": ys, **kwargs}


def _node_traces(
    actors, positions, degree, strong, node_colours, theme: Theme
) -> list[dict]:
    traces = []
    named = labelled(actors, degree, strong)
    # hundreds of nodes at full size hide each other and the lines between them
    scale = 1.0 if len(actors) <= _CROWD else 0.5
    for kind, rows in by_kind(actors).items():
        rows = [row for row in rows if row["id"] in positions]
        if not rows:
            continue
        active = [degree.get(row["id"], 0) > 0 for row in rows]
        alphas = [
            1.0
            if is_active and (strong is None or row["id"] in strong)
            else DIM_OPACITY + 0.1
            for row, is_active in zip(rows, active)
        ]
        colours = [
            rgba(actor_colour(row, node_colours), a) for row, a in zip(rows, alphas)
        ]
        traces.append(
            _scatter(
                [positions[row["id"]][0] for row in rows],
                [positions[row["id"]][1] for row in rows],
                mode="markers+text",
                text=[
                    markup(actor_label(row)) if row["id"] in named else ""
                    for row in rows
                ],
                textposition="bottom center",
                textfont={
                    "size": theme.label_size,
                    "color": [theme.label_ink(max(a, 0.45)) for a in alphas],
                },
                marker={
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": [
                        scale
                        * (
                            _BASE_SIZE.get(kind, 16)
                            + min(3 * math.sqrt(degree.get(row["id"], 0)), _MAX_GROWTH)
                        )
                        for row in rows
                    ],
                    "color": colours,
                    "line": {
                        "width": 1.5,
                        "color": [rgba(theme.halo, a) for a in alphas],
                    },
                },
                customdata=[["actor", row["id"]] for row in rows],
                hovertext=[_actor_hover(row, degree.get(row["id"], 0)) for row in rows],
                hoverinfo="text",
                showlegend=False,
                name=kind,
            )
        )
    return traces


def _actor_hover(actor: dict, degree: int) -> str:
    lines = [f"<b>{markup(actor['name'])}</b>"]
    if actor.get("role"):
        lines.append(wrap(actor["role"], 50))  # escaped as it is wrapped
    if actor.get("country"):
        lines.append(country_name(actor["country"]))
    lines.append(f"{degree} relation{'s' if degree != 1 else ''} in the window")
    return "<br>".join(lines)
