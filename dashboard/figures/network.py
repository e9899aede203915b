"""The network graph: actors at fixed positions, relations as curved arrows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from html import unescape

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from dashboard.core.describe import ACTOR_FIELDS, actor_label, records
from dashboard.figures.actors import (
    LABEL_LIMIT,
    ActorTable,
    actor_table,
    among,
    bright,
    clicked_as,
    counts_of,
    either,
    faded,
    lookup,
    node_colours_of,
    uniform,
)
from dashboard.figures.common import (
    DEFAULT_SIZE,
    GRAPH_DECIMALS,
    ChangeMarks,
    LegendKeys,
    Paths,
    anchor_rings,
    change_rings,
    change_traces,
    colour_legend_layout,
    drawn_legend,
    importance,
    label_obstacles,
    labelled,
    legend_layout,
    legend_margin,
    link_spots,
    moved_labels,
    must_named,
    names_beside,
    naming_order,
    relation_counts,
    relation_paths,
    relation_traces,
    ring_entries,
    ringed,
)
from dashboard.figures.geometry import (
    clear_of_nodes,
    curves,
    detour_bends,
    through_nodes,
)
from dashboard.figures.labels import LINE, place_labels, text_width
from dashboard.figures.style import (
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
#: The share of nodes allowed to touch their nearest neighbour (`_spacing`)
#: and the least factor nodes are drawn at to keep the others apart.
SPACED_SHARE = 0.2
SPACED_LEAST = 0.4
#: Each axis spans at least this share of the other's extent of positions.
ASPECT_LEAST = 0.5


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
    legend_keys: LegendKeys | None = None,
    named: Iterable[str] = (),
    must: Sequence[str] | None = None,
    first: Sequence[str] = (),
    clicks: dict[str, str] | None = None,
    note: str = "",
    fill: bool = False,
    refit: str = "",
    rows: np.ndarray | None = None,
    ends: np.ndarray | None = None,
    ends_of: np.ndarray | None = None,
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
    (`ActorTable.at`), made once per data set, when at hand. ``legend_keys``:
    what the legend lists (default: what is drawn). ``rows``: the positions
    of ``actors`` in ``table``, and ``ends``: those of the ends of
    ``relations`` (`end_rows`), when the caller knows them; ``ends_of``:
    the ids ``ends`` are positions among, when the caller knows them
    without ``table`` (used only when they are ``table``'s).

    The overview of a large view (figures/overview.py) says more:
    ``named``, actors named as well as the busiest (an opened state's);
    ``first``, actors named before all others (a focus, a path's ends);
    ``must``, those named even over other markers, first to last (default:
    the emphasised);
    ``clicks``, what a click on a node does when it is not a selection, by
    actor ("expand", "collapse": a state's actors shown or folded back);
    ``note``, a line at the top that says what is drawn (on screen; an
    image, given ``plot``, says it in its notes); ``fill``, nodes
    sized by their share of the busiest's relations, as large as the room
    per node allows; ``refit``, the axes frame again when it changes (a
    user's own zoom is kept until then).
    """
    names = names or {
        row["id"]: actor_label(row) for row in records(actors, ACTOR_FIELDS)
    }
    if table is None:
        rows = None
    elif rows is None:
        rows = lookup(table, actors)
    if rows is None:  # made here: ``actors`` are few, or the caller has none
        table = actor_table(actors).at(positions)
        rows, ends = lookup(table, actors), None
    if ends_of is not None and ends_of is not table.ids:
        ends = None
    strong_actors, strong_relations = strong
    paths = relation_paths(relations, positions, names, table=table, ends=ends)
    degree = relation_counts(relations) if degree is None else degree
    legend = drawn_legend(  # what this figure draws, unless told
        _scatter, legend_keys or LegendKeys.of(relations, actors, table.country[rows]),
        colour_legend=colour_legend, by_country=node_colours is None, theme=theme,
    )  # fmt: skip
    legends = legend + ring_entries(marks)
    bottom = legend_margin(legends, size[0], theme=theme)
    # on screen only: an image's notes say it in words (Scene.drawn), and
    # nothing is clicked there
    note = note if plot is None else ""
    if note:  # the lines beside Plotly's modebar keep clear of it
        beside = math.ceil(MODEBAR_HEIGHT / (theme.label_size * LINE))
        narrow = (beside, size[0] - 16 - MODEBAR_WIDTH)
        note = _wrapped(note, size[0] - 16, theme.label_size, narrow=narrow)
    top = round(theme.label_size * LINE * (note.count("<br>") + 1) + 6) if note else 0
    area = plot or (max(size[0] - 8, 60), max(size[1] - 8 - bottom - top, 60))
    nodes = rows[~np.isnan(table.xy[rows, 0])]

    x_range, y_range = _ranges(
        _framed(paths, table, positions, frame, fill), least=0.4 if fill else 1e-6
    )
    to_pixels, to_data = _scales(x_range, y_range, area)
    centres = to_pixels(table.xy[nodes])  # the nodes' middles, px
    sizes = (
        _filled_sizes(table, nodes, degree, area)
        if fill
        else _node_sizes(table, nodes, degree)
        * _spacing(_node_sizes(table, nodes, None), centres)
    )
    if not fill:  # links round the nodes they would cross, inside this frame
        paths = _round_nodes(
            paths, to_pixels, centres, _reach(table, nodes, sizes), area
        )
    # a link's marker (its hover and click) clear of the nodes in an
    # overview, whose large nodes would otherwise lose clicks to it
    marker_at = (
        clear_of_nodes(paths.xs, paths.ys, to_pixels, centres, sizes) if fill else None
    )
    traces = relation_traces(
        paths, strong=strong_relations, scatter=_scatter, widths=widths, theme=theme,
        marker_at=marker_at,
    )  # fmt: skip
    traces += change_traces(paths, marks, scatter=_scatter)
    # given: named in that order; else the emphasised, the busiest first
    order = importance(table, nodes, degree, strong_actors)
    named = labelled(table.ids[nodes], degree, strong_actors) | set(named) | set(first)
    if must is None:  # the emphasised, when few, may cover markers; anchors first
        must = must_named(first, strong_actors, change=marks is not None)
        order = naming_order(table, nodes, order, list(first))
    else:
        must = list(must)
        order = naming_order(table, nodes, order, must)
        named |= set(must)
    # only the names of actors drawn at full strength move out on leader lines
    full = bright(counts_of(degree, table, nodes) > 0, table.ids[nodes], strong_actors)

    def pixels(xs, ys):
        return to_pixels(np.column_stack([xs, ys])).T

    # a name beside an anchor is set off from its ring, not its marker
    named_sizes = ringed(sizes, table.ids[nodes], first)

    # a graph that names every actor (`labelled`) names each over a link's
    # marker if it must (never over a change ring): a company at the graph's
    # edge, a link's marker beside it, went unnamed on a projector
    rings = change_rings(paths, marks, pixels)
    if len(nodes) <= LABEL_LIMIT:
        obstacles, links = rings, link_spots(paths, pixels, marker_at)
    else:
        obstacles, links = label_obstacles(rings, paths, pixels, marker_at), None
    labels = place_labels(
        centres,
        [
            unescape(label) if actor in named else ""
            for actor, label in zip(
                table.ids[nodes].tolist(), table.label[nodes].tolist()
            )
        ],
        named_sizes / 2 + 1.5,
        size=theme.label_size,
        area=area,
        order=order,
        must=among(table.ids[nodes], must),
        movable=full,
        obstacles=obstacles,
        links=links,
        ringed=among(table.ids[nodes], first),
        rings=rings,
    )
    # the nodes sent where they are to a tenth of a pixel (`_decimals`), not
    # as full floats (0.9509876618176222: a seventh of the graph's bytes
    # compressed); what is placed above is placed at the exact places
    sent = _rounded(table, _decimals(x_range, y_range, area))
    traces += _node_traces(
        sent, nodes, sizes, degree, strong_actors, node_colours, theme, clicks or {}
    )
    traces += anchor_rings(sent, nodes, sizes, first, scatter=_scatter, theme=theme)
    traces.append(
        names_beside(
            labels,
            sent,
            nodes,
            named_sizes,
            scatter=_scatter,
            size=theme.label_size,
            theme=theme,
            full=full,
        )
    )
    traces += moved_labels(
        labels, table.label[nodes], to_data, _scatter, theme.label_size, theme, full
    )
    traces += legend
    # the graph's text is its labels
    layout = base_layout(theme=theme, font_size=theme.label_size)
    layout["margin"] = {"l": 4, "r": 4, "t": 4 + top, "b": 4 + bottom}
    axis = {"visible": False, **({"uirevision": refit} if refit else {})}
    layout.update(
        showlegend=True,
        legend=legend_layout(theme),
        legend2=colour_legend_layout(legends, size, theme),
        xaxis={**axis, "range": x_range},
        yaxis={**axis, "range": y_range},
        dragmode="pan",
        clickmode="event",
        hovermode="closest",
    )
    if note:
        layout["annotations"] = [_note(note, theme)]
    return figure(traces, layout)


#: The room Plotly's modebar takes at the top right of the graph on screen
#: while the mouse is over it (its six buttons: 192 by 23 px in Chromium).
MODEBAR_WIDTH = 200
MODEBAR_HEIGHT = 26


def _wrapped(
    text: str, width: float, size: float, *, narrow: tuple[int, float] = (0, 0.0)
) -> str:
    """``text`` broken into lines (``<br>``) no wider than ``width`` px at
    ``size`` px, between its parts (" · "), its own lines kept; ``narrow``:
    (n, px), the first n lines no wider than px.

    >>> _wrapped("one · two · three", 10_000, 12)
    'one · two · three'
    >>> _wrapped("one · two · three", 30, 12)
    'one<br>two<br>three'
    >>> _wrapped("one · two · three", 10_000, 12, narrow=(1, 30))
    'one<br>two · three'
    """
    lines = []
    for line in text.split("<br>"):
        current = ""
        for part in line.split(" · "):
            joined = f"{current} · {part}" if current else part
            room = narrow[1] if len(lines) < narrow[0] else width
            if current and text_width(unescape(joined), size) > room:
                lines.append(current)
                current = part
            else:
                current = joined
        lines.append(current)
    return "<br>".join(lines)


def _note(text: str, theme: Theme) -> dict:
    """The line above the graph that says what it draws (the overview's)."""
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 1,
        "yshift": 4,
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "align": "left",
        "font": {"size": theme.label_size, "color": theme.ink},
    }


def _framed(
    paths: Paths,
    table: ActorTable,
    positions: dict[str, tuple[float, float]],
    frame: Iterable[str] | None,
    fill: bool,
) -> list[tuple[float, float]]:
    """The points the axes fit: the actors in ``frame``, else every
    position (the table knows their extent) and, but in an overview
    (``fill``), how far the links bow out past their ends."""
    if frame is not None:
        return [positions[actor] for actor in frame if actor in positions]
    low_x, high_x, low_y, high_y = table.extent or (None,) * 4
    framed = [] if table.extent is None else [(low_x, low_y), (high_x, high_y)]
    if not fill and len(paths.xs):
        framed += [
            (float(np.nanmin(paths.xs)), float(np.nanmin(paths.ys))),
            (float(np.nanmax(paths.xs)), float(np.nanmax(paths.ys))),
        ]
    return framed


def _ranges(framed: list[tuple[float, float]], *, least: float):
    """The axes' ranges round the ``framed`` points, with room for names and
    the legend below: each at least ``least`` wide (an overview's a fifth of
    its unit disc, however close its nodes lie: a few states in a row), and
    each half as wide as the other at least (a chain laid out in a row, y
    all but equal, had a y axis a millionth wide, every link's bow stretched
    into a line off the panel)."""
    xs, ys = [x for x, _ in framed], [y for _, y in framed]
    x_span, y_span = (max(v) - min(v) if v else 0.0 for v in (xs, ys))
    x_range = _padded(xs, 0.16, least=max(least, ASPECT_LEAST * y_span))
    y_range = _padded(ys, 0.1, below=0.22, least=max(least, ASPECT_LEAST * x_span))
    return x_range, y_range


#: Links are led round the nodes they cross in graphs of at most this many
#: links times nodes (a few milliseconds); in a larger one lines cross
#: nodes everywhere, and no bow would clear them.
DETOUR_BUDGET = 40_000
#: How far a link passes from a node it is led round, beyond its edge (px):
#: room for the link's own marker (its stance) on the way.
DETOUR_GAP = 6.0


def _reach(table: ActorTable, nodes: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """How near a link may pass to each node's middle (px): `DETOUR_GAP`
    beyond its edge, a square's corner for a state (a link led round
    Russia's square at its side's distance cut its corner)."""
    half = np.where(table.kind[nodes] == "state", np.sqrt(0.5), 0.5)
    return half * np.asarray(sizes, dtype=float) + DETOUR_GAP


def _round_nodes(paths: Paths, to_pixels, centres, reach, area) -> Paths:
    """``paths`` with the links that cross a node not their own, within its
    ``reach`` (px, `_reach`), bowed round it (`geometry.detour_bends`), inside
    the plot's ``area`` (width, height px) as framed: a straight link under
    another actor's node read as two links through that actor, and a long
    one bowed out of the frame would have to shrink the whole graph. ``paths``
    itself when none crosses one, or the graph is too large to tell
    (`DETOUR_BUDGET`)."""
    count, points = paths.xs.shape
    if not count or count * len(centres) > DETOUR_BUDGET:
        return paths
    starts = np.column_stack([paths.xs[:, 0], paths.ys[:, 0]])
    stops = np.column_stack([paths.xs[:, -1], paths.ys[:, -1]])
    # a path's ends are its nodes' places rounded (`GRAPH_DECIMALS`): its own
    # nodes lie within that of them, many pixels in a narrow frame
    rounding = np.ptp(to_pixels([[0.0, 0.0], [0.5, 0.5]]) * 10.0**-GRAPH_DECIMALS, 0)
    own = 1.5 + float(np.hypot(*rounding))

    def crosses(rows: np.ndarray, bends: np.ndarray) -> np.ndarray:
        xs, ys = curves(starts[rows], stops[rows], bends, points)
        here = to_pixels(np.column_stack([xs.ravel(), ys.ravel()]))
        here = here.reshape(len(rows), points, 2)
        outside = ((here < 0) | (here > area)).any(axis=(1, 2))
        return outside | through_nodes(here, centres, reach, own=own)

    bends = detour_bends(starts, stops, paths.bends, crosses)
    if bends is paths.bends:
        return paths
    xs, ys = curves(starts, stops, bends, points)
    return replace(
        paths, xs=xs.round(GRAPH_DECIMALS), ys=ys.round(GRAPH_DECIMALS), bends=bends
    )


def _padded(
    values: list[float],
    share: float,
    *,
    below: float | None = None,
    least: float = 1e-6,
) -> list[float] | None:
    """An axis range around ``values`` with room for labels (and the legend
    below), at least ``least`` wide before the room is added.

    >>> _padded([0.0, 0.0], 0.5, least=1.0)
    [-1.0, 1.0]
    """
    if not values:
        return None
    low, high = min(values), max(values)
    if high - low < least:
        middle = (low + high) / 2
        low, high = middle - least / 2, middle + least / 2
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


def _decimals(x_range, y_range, area: tuple[float, float]) -> int:
    """The fewest decimals that keep a point within a tenth of a pixel of its
    place in the plot ``area`` (width, height px) for the axes' ranges (None:
    a unit range): a pixel as the figure is drawn, which a screen five times
    as large still shows within half a pixel.

    >>> _decimals([-1.3, 1.3], [-1.3, 1.3], (1912, 700))  # an overview, 1920 px
    4
    >>> _decimals([0.2, 0.21], None, (1912, 700))  # a neighbourhood's frame
    7
    """
    (x0, x1), (y0, y1) = x_range or (0.0, 1.0), y_range or (0.0, 1.0)
    finest = max(area[0] / max(x1 - x0, 1e-9), area[1] / max(y1 - y0, 1e-9))
    return max(0, math.ceil(math.log10(finest)) + 1)


@lru_cache(maxsize=8)
def _rounded(table: ActorTable, decimals: int) -> ActorTable:
    """``table`` with its places rounded to ``decimals``: kept (by the
    table itself), as a data set's tables (its states', its whole network's)
    are drawn in every window at the same size or a few, and rounding
    thousands of places cost as much as it saved in writing the answer."""
    return replace(table, xy=table.xy.round(decimals))


def _node_sizes(table: ActorTable, nodes: np.ndarray, degree) -> np.ndarray:
    """Each node's diameter (px): by kind, growing with its relations in the
    window (``degree``; None: as large as it grows); half as large in a
    crowd."""
    scale = 1.0 if len(nodes) <= _CROWD else 0.5
    base = np.array([_BASE_SIZE.get(kind, 16) for kind in table.kind[nodes].tolist()])
    growth = (
        _MAX_GROWTH
        if degree is None
        else np.minimum(3 * np.sqrt(counts_of(degree, table, nodes)), _MAX_GROWTH)
    )
    return scale * (base + growth)


def _spacing(sizes: np.ndarray, centres: np.ndarray) -> float:
    """The factor nodes are drawn at so that most clear their nearest
    neighbour at ``centres`` (px), at ``sizes`` (px): 63 states of a day of
    GDELT events, drawn at full size, lay on each other in a heap. One factor
    for all, so that sizes still compare; ``sizes`` as large as the nodes
    grow, not as their relations in the window make them, so that a node
    keeps its size from one window to the next (Play, a timelapse) and the
    busiest still clear their neighbours; never below `SPACED_LEAST`.

    >>> _spacing(np.array([20.0, 20.0, 20.0]), np.array([[0, 0], [10, 0], [20, 0]]))
    0.5
    >>> _spacing(np.array([20.0, 20.0, 20.0]), np.array([[0, 0], [90, 0], [180, 0]]))
    1.0
    """
    if len(sizes) < 2:
        return 1.0
    distances, nearest = cKDTree(centres).query(centres, k=2)
    # the factor at which each node would just touch its nearest neighbour
    touching = 2 * distances[:, 1] / (sizes + sizes[nearest[:, 1]])
    factor = np.quantile(touching, SPACED_SHARE)
    return float(np.clip(factor, SPACED_LEAST, 1.0))


def _filled_sizes(
    table: ActorTable, nodes: np.ndarray, degree, area: tuple[float, float]
) -> np.ndarray:
    """Each node's diameter (px) in the overview: the busiest as large as the
    room per node allows (the nodes fill an ellipse in ``area``), the others
    by their share of its relations (by area), the quietest a dot. States and
    the actors shown around them are sized apart: a state holds the
    relations of all its actors."""
    counts = counts_of(degree, table, nodes).astype(float)
    room = np.sqrt(np.pi / 4 * area[0] * area[1] / max(len(nodes), 1))
    largest = float(np.clip(0.6 * room, 9, 26))
    sizes = np.zeros(len(nodes))
    states = table.kind[nodes] == "state"
    for group, most in ((states, largest), (~states, max(0.8 * largest, 12))):
        least = max(5.0, 0.3 * most)
        found = counts[group]
        share = np.sqrt(found / found.max()) if len(found) and found.max() else found
        sizes[group] = least + (most - least) * share
    return sizes


def _node_traces(
    table: ActorTable,
    nodes: np.ndarray,
    sizes: np.ndarray,
    degree,
    strong,
    node_colours,
    theme: Theme,
    clicks: dict[str, str],
) -> list[dict]:
    """A trace per kind of actor (in order of appearance) of the actors at
    ``nodes`` rows of ``table``, ``sizes`` px wide; their names are drawn
    over every kind's markers (`names_beside`)."""
    traces = []
    kinds = table.kind[nodes]
    dim = theme.marker_dim
    for kind in dict.fromkeys(kinds.tolist()):  # in order of appearance
        chosen = kinds == kind
        members = nodes[chosen]
        ids = table.ids[members]
        counts = counts_of(degree, table, members)
        full = bright(counts > 0, ids, strong)
        traces.append(
            _scatter(
                table.xy[members, 0],
                table.xy[members, 1],
                mode="markers",
                marker={
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": sizes[chosen],
                    # opaque, as the legend's swatches: plotly.js draws markers
                    # sized one by one (a "bubble" chart) at 0.7 by default
                    "opacity": 1,
                    "color": uniform(
                        faded(node_colours_of(table, members, node_colours), full, dim)
                    ),
                    "line": {
                        "width": 1.5,
                        "color": uniform(
                            either(full, rgba(theme.halo, 1.0), rgba(theme.halo, dim))
                        ),
                    },
                },
                customdata=_clicked(ids, clicks),
                hovertext=counted_hover(
                    table.graph_hover[members], counts, ids=ids, clicks=clicks
                ),
                hoverinfo="text",
                showlegend=False,
                name=kind,
            )
        )
    return traces


#: What the hover of a node says a click on it does, when not a selection.
CLICK_HINTS = {
    "expand": "Click to show its actors",
    "collapse": "Click to fold its actors back",
}


def _clicked(ids: np.ndarray, clicks: dict[str, str]) -> list[list[str]]:
    """The customdata a click on each node sends: [what, id], "actor" (a
    selection) unless ``clicks`` says otherwise."""
    if not clicks:
        return clicked_as("actor", ids)
    return [[clicks.get(actor, "actor"), actor] for actor in ids.tolist()]


#: The hint lines, written once: an overview hints on each of its hundreds
#: of states in every window.
_HINT_LINES = {what: f"<br><i>{hint}</i>" for what, hint in CLICK_HINTS.items()}


def counted_hover(
    hovers: np.ndarray,
    counts: np.ndarray,
    *,
    ids: np.ndarray | None = None,
    clicks: dict[str, str] | None = None,
) -> list[str]:
    """Each hover text (up to its last line) with the count of its actor's
    relations in the window, and the line that says what a click does where
    ``clicks`` names one for its actor (``ids``): in one pass over hundreds
    of nodes, not one for each.

    >>> counted_hover(np.array(["<b>A</b><br>"] * 2, dtype=object), np.array([1, 8493]))
    ['<b>A</b><br>1 relation in the window', '<b>A</b><br>8,493 relations in the window']
    >>> counted_hover(np.array(["A<br>"] * 2, dtype=object), np.array([1, 2]),
    ...     ids=np.array(["a", "b"], dtype=object), clicks={"b": "expand"})
    ['A<br>1 relation in the window', 'A<br>2 relations in the window<br><i>Click to show its actors</i>']
    """
    if not clicks:
        return [
            hover + _in_the_window(count)
            for hover, count in zip(hovers.tolist(), counts.tolist())
        ]
    if ids is None:
        raise ValueError("counted_hover: clicks are by actor, so ids are needed")
    what, hint = clicks.get, _HINT_LINES.get
    return [
        hover + _in_the_window(count) + hint(what(actor), "")
        for hover, count, actor in zip(hovers.tolist(), counts.tolist(), ids.tolist())
    ]


@lru_cache(maxsize=4096)
def _in_the_window(count: int) -> str:
    """The hover's last line for ``count`` relations: kept, as the counts of
    hundreds of nodes in every window are mostly the same few hundred."""
    return f"{count:,} relation{'s' if count != 1 else ''} in the window"
