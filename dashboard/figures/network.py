"""The network graph: actors at fixed positions, relations as curved arrows."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.core.describe import ACTOR_FIELDS, actor_label, records
from dashboard.figures.actors import (
    ActorTable,
    actor_table,
    bright,
    clicked_as,
    counts_of,
    either,
    faded,
    lookup,
    node_colours_of,
)
from dashboard.figures.common import (
    ChangeMarks,
    change_traces,
    colour_legend_layout,
    labelled,
    legend_layout,
    legend_margin,
    legend_traces,
    relation_counts,
    relation_paths,
    relation_traces,
)
from dashboard.figures.style import (
    DIM_OPACITY,
    KIND_SYMBOLS,
    base_layout,
    figure,
    rgba,
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
    table: ActorTable | None = None,
) -> dict:
    """The graph of ``relations`` (already filtered to the window) among ``actors``.

    Every actor is drawn at its fixed position; those with no relation in the
    window are faded, so the picture changes without nodes jumping around.
    ``degree``: relations per actor in the window, when ``relations`` are pairs
    drawn for more (default: counted from ``relations``). ``frame``: the actors
    the axes fit (default: every position, so that the frame holds still while
    the window moves). ``marks``: the relations to ring as changed, when a
    window is split. ``theme``: the colours and type sizes to draw in.
    ``table``: every actor (a superset of ``actors``) drawn at ``positions``
    (`ActorTable.at`), made once per data set, when at hand.
    """
    names = names or {
        row["id"]: actor_label(row) for row in records(actors, ACTOR_FIELDS)
    }
    rows = None if table is None else lookup(table, actors)
    if rows is None:  # made here: ``actors`` are few, or the caller has none
        table = actor_table(actors).at(positions)
        rows = lookup(table, actors)
    strong_actors, strong_relations = strong
    paths = relation_paths(relations, positions, names, table=table)
    traces = relation_traces(
        paths, strong=strong_relations, scatter=_scatter, widths=widths, theme=theme
    )
    rings = change_traces(paths, marks, scatter=_scatter)
    traces += rings
    degree = relation_counts(relations) if degree is None else degree
    traces += _node_traces(table, rows, degree, strong_actors, node_colours, theme)
    legend = legend_traces(
        _scatter,
        colour_legend,
        sorted(actors["kind"].unique(), key=list(KIND_SYMBOLS).index),
        theme=theme,
    )
    traces += legend
    if frame is None:  # every position: the table knows their extent
        low_x, high_x, low_y, high_y = table.extent or (None,) * 4
        framed = [] if table.extent is None else [(low_x, low_y), (high_x, high_y)]
    else:
        framed = [positions[actor] for actor in frame if actor in positions]
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
    table: ActorTable, rows: np.ndarray, degree, strong, node_colours, theme: Theme
) -> list[dict]:
    """A trace per kind of actor (in order of appearance) of the actors at
    ``rows`` of ``table``: every array written for all of them at once."""
    traces = []
    named = labelled(table.ids[rows], degree, strong)
    # hundreds of nodes at full size hide each other and the lines between them
    scale = 1.0 if len(rows) <= _CROWD else 0.5
    kinds = table.kind[rows]
    dim = DIM_OPACITY + 0.1
    for kind in pd.unique(kinds):
        members = rows[kinds == kind]
        members = members[~np.isnan(table.xy[members, 0])]
        if not len(members):
            continue
        ids = table.ids[members]
        counts = counts_of(degree, table, members)
        full = bright(counts > 0, ids, strong)
        shown = np.array([actor in named for actor in ids.tolist()], dtype=bool)
        growth = np.minimum(3 * np.sqrt(counts), _MAX_GROWTH)
        traces.append(
            _scatter(
                table.xy[members, 0],
                table.xy[members, 1],
                mode="markers+text",
                text=np.where(shown, table.label[members], "").tolist(),
                textposition="bottom center",
                textfont={
                    "size": theme.label_size,
                    "color": either(
                        full, theme.label_ink(1.0), theme.label_ink(max(dim, 0.45))
                    ),
                },
                marker={
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": scale * (_BASE_SIZE.get(kind, 16) + growth),
                    "color": faded(
                        node_colours_of(table, members, node_colours), full, dim
                    ),
                    "line": {
                        "width": 1.5,
                        "color": either(
                            full, rgba(theme.halo, 1.0), rgba(theme.halo, dim)
                        ),
                    },
                },
                customdata=clicked_as("actor", ids),
                hovertext=counted_hover(table.graph_hover[members], counts),
                hoverinfo="text",
                showlegend=False,
                name=kind,
            )
        )
    return traces


def counted_hover(hovers: np.ndarray, counts: np.ndarray) -> list[str]:
    """Each hover text (up to its last line) with the count of its actor's
    relations in the window.

    >>> counted_hover(np.array(["<b>A</b><br>"], dtype=object), np.array([1]))
    ['<b>A</b><br>1 relation in the window']
    """
    return [
        f"{hover}{count} relation{'s' if count != 1 else ''} in the window"
        for hover, count in zip(hovers.tolist(), counts.tolist())
    ]
