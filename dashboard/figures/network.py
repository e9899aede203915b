"""The network graph: actors at fixed positions, relations as curved arrows."""

from __future__ import annotations

from collections.abc import Iterable
from html import unescape

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
    DEFAULT_SIZE,
    ChangeMarks,
    change_traces,
    colour_legend_layout,
    country_key,
    importance,
    labelled,
    labels_uid,
    legend_layout,
    legend_margin,
    legend_traces,
    moved_labels,
    relation_counts,
    relation_paths,
    relation_traces,
)
from dashboard.figures.labels import place_labels
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
    size: tuple[float, float] = DEFAULT_SIZE,
    plot: tuple[float, float] | None = None,
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
    window is split. ``size``: the figure's (width, height) px, for which
    the labels are placed; ``plot``: the room (width, height px) an image
    gives the graph itself, its legend placed outside. ``theme``: the colours and type sizes to draw in.
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
    legend = legend_traces(
        _scatter,
        colour_legend,
        sorted(actors["kind"].unique(), key=list(KIND_SYMBOLS).index),
        stances=pd.unique(relations["stance"]).tolist(),
        confidences=pd.unique(relations["confidence"]).tolist(),
        countries=country_key(table.country[rows]) if node_colours is None else (),
        theme=theme,
    )
    if frame is None:  # every position: the table knows their extent
        low_x, high_x, low_y, high_y = table.extent or (None,) * 4
        framed = [] if table.extent is None else [(low_x, low_y), (high_x, high_y)]
    else:
        framed = [positions[actor] for actor in frame if actor in positions]
    bottom = legend_margin(rings + legend, size[0], theme=theme)  # rings: an entry each
    x_range = _padded([x for x, _ in framed], 0.16)
    y_range = _padded([y for _, y in framed], 0.1, below=0.22)
    area = plot or (max(size[0] - 8, 60), max(size[1] - 8 - bottom, 60))
    nodes = rows[~np.isnan(table.xy[rows, 0])]
    to_pixels, to_data = _scales(x_range, y_range, area)
    sizes = _node_sizes(table, nodes, degree)
    named = labelled(table.ids[nodes], degree, strong_actors)
    labels = place_labels(
        to_pixels(table.xy[nodes]),
        [
            unescape(label) if actor in named else ""
            for actor, label in zip(
                table.ids[nodes].tolist(), table.label[nodes].tolist()
            )
        ],
        sizes / 2 + 1.5,
        size=theme.label_size,
        area=area,
        order=importance(table, nodes, degree, strong_actors),
        must=np.isin(table.ids[nodes], list(strong_actors or ())),
    )
    traces += _node_traces(
        table, nodes, sizes, labels.position, degree, strong_actors, node_colours, theme
    )
    traces += moved_labels(
        labels, table.label[nodes], to_data, _scatter, theme.label_size, theme
    )
    traces += legend
    # the graph's text is its labels
    layout = base_layout(theme=theme, font_size=theme.label_size)
    layout["margin"] = {"l": 4, "r": 4, "t": 4, "b": 4 + bottom}
    layout.update(
        showlegend=True,
        legend=legend_layout(theme),
        legend2=colour_legend_layout(theme),
        xaxis={"visible": False, "range": x_range},
        yaxis={"visible": False, "range": y_range},
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


def _scales(x_range, y_range, area):
    """Functions from data to pixels of the plot ``area`` and back, for the
    axes' ranges (None: a unit range)."""
    (x0, x1), (y0, y1) = x_range or (0.0, 1.0), y_range or (0.0, 1.0)
    width, height = area
    span = np.array([max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)])

    def to_pixels(xy: np.ndarray) -> np.ndarray:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return np.column_stack(
            [(xy[:, 0] - x0) / span[0] * width, (y1 - xy[:, 1]) / span[1] * height]
        )

    def to_data(pixels: np.ndarray) -> np.ndarray:
        pixels = np.asarray(pixels, dtype=float).reshape(-1, 2)
        return np.column_stack(
            [x0 + pixels[:, 0] / width * span[0], y1 - pixels[:, 1] / height * span[1]]
        )

    return to_pixels, to_data


def _node_sizes(table: ActorTable, nodes: np.ndarray, degree) -> np.ndarray:
    """Each node's diameter (px): by kind, growing with its relations in the
    window; half as large in a crowd."""
    scale = 1.0 if len(nodes) <= _CROWD else 0.5
    base = np.array([_BASE_SIZE.get(kind, 16) for kind in table.kind[nodes].tolist()])
    growth = np.minimum(3 * np.sqrt(counts_of(degree, table, nodes)), _MAX_GROWTH)
    return scale * (base + growth)


def _node_traces(
    table: ActorTable,
    nodes: np.ndarray,
    sizes: np.ndarray,
    positions: list[str],
    degree,
    strong,
    node_colours,
    theme: Theme,
) -> list[dict]:
    """A trace per kind of actor (in order of appearance) of the actors at
    ``nodes`` rows of ``table``, ``sizes`` px wide, each named at its
    ``positions`` ("": not beside it)."""
    traces = []
    positions = np.array(positions, dtype=object)
    kinds = table.kind[nodes]
    dim = DIM_OPACITY + 0.1
    for kind in pd.unique(kinds):
        chosen = kinds == kind
        members = nodes[chosen]
        ids = table.ids[members]
        counts = counts_of(degree, table, members)
        full = bright(counts > 0, ids, strong)
        beside = positions[chosen]
        text = np.where(beside != "", table.label[members], "").tolist()
        traces.append(
            _scatter(
                table.xy[members, 0],
                table.xy[members, 1],
                mode="markers+text",
                text=text,
                uid=labels_uid(kind, text),
                textposition=np.where(beside != "", beside, "bottom center").tolist(),
                textfont={
                    "size": theme.label_size,
                    "color": either(
                        full, theme.label_ink(1.0), theme.label_ink(max(dim, 0.45))
                    ),
                },
                marker={
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": sizes[chosen],
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
