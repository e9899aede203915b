"""Pieces shared by the map and the network figure: selection, legend, relation traces."""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import unescape
from itertools import repeat

import numpy as np
import pandas as pd

from dashboard.core.aggregate import pair_ends
from dashboard.core.codes import ActorCounts
from dashboard.core.describe import (
    RELATION_FIELDS,
    records,
    relation_hover,
)
from dashboard.core.geo import country_name
from dashboard.core.graph import touching
from dashboard.core.text import markup
from dashboard.figures.actors import (
    LABEL_LIMIT,
    ActorTable,
    among,
    busiest,
    counts_of,
    either,
    uniform,
)
from dashboard.figures.geometry import bend_offsets, curves
from dashboard.figures.labels import Placement, text_width
from dashboard.figures.style import (
    CHANGE_MARKS,
    CONFIDENCE_DASH,
    DIM_OPACITY,
    FADED_LABEL,
    KIND_SYMBOLS,
    STANCE_SYMBOLS,
    country_colour,
    rgba,
    stance_colours,
)
from dashboard.figures.theme import LIGHT, Theme

#: The country key names the countries drawn when they are at most this many.
COUNTRY_KEY_LIMIT = 8
#: A figure's size (px) when the page has not measured its panel yet.
DEFAULT_SIZE = (800.0, 520.0)
#: In a change between dates, the emphasised are named even over other markers
#: when at most this many: a change emphasises most actors, and twenty names
#: laid over markers hid the changes' rings.
MUST_NAMED_MOST = 8


def must_named(
    first: Sequence[str], strong: set[str] | None, *, change: bool = False
) -> list[str]:
    """The actors named even over other markers: ``first`` (a focus, a path's
    ends), then the emphasised ``strong`` ones (a focus's neighbourhood, a
    path, a change's actors), in a ``change`` only when they are few: a
    focus or a path is the user's choice, a change's actors are not.

    >>> must_named(["a"], {"c", "b"}), must_named([], set("abcdefghi"), change=True)
    (['a', 'b', 'c'], [])
    """
    strong = strong or set()
    if change and len(strong) > MUST_NAMED_MOST:
        return list(first)
    return [*first, *sorted(strong)]


def highlighted(
    relations: pd.DataFrame, selection: dict | None
) -> tuple[set[str] | None, set[str] | None]:
    """(actor ids, relation ids) to draw at full strength; None means everything."""
    if not selection:
        return None, None
    if selection.get("actor"):
        actor = selection["actor"]
        mine = touching(relations, actor)
        return {actor} | set(mine["source"]) | set(mine["target"]), set(mine["id"])
    if selection.get("relation"):
        ends = pair_ends(selection["relation"])
        if ends:  # a pair drawn for all its relations in a large view
            chosen = relations[
                relations["source"].isin(ends) & relations["target"].isin(ends)
            ]
            return set(ends), set(chosen["id"]) | {selection["relation"]}
        # a map arc stands for several relations: "r05|r07"
        chosen = relations[relations["id"].isin(selection["relation"].split("|"))]
        return set(chosen["source"]) | set(chosen["target"]), set(chosen["id"])
    return None, None


#: Points per curve: smooth for a few relations, fewer for many (a curve of a
#: large view is a few pixels long, and every point is bytes to send and draw).
SMOOTH_POINTS, MANY_POINTS, MANY = 16, 8, 300
#: Coordinates are sent with this many decimals: a hundredth of a degree on the
#: map (a kilometre), a thousandth of the graph's extent (below a pixel).
MAP_DECIMALS, GRAPH_DECIMALS = 2, 3


@dataclass(frozen=True)
class Paths:
    """Drawable relations: their ids, stances, confidence levels and hover
    texts (object arrays, an entry per relation) and their curves (x and y:
    one row of points per relation)."""

    ids: np.ndarray
    stance: np.ndarray
    confidence: np.ndarray
    hover: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    #: each curve's bow (`geometry.curves`), for a path drawn again bowed otherwise
    bends: np.ndarray


def relation_paths(
    relations: pd.DataFrame,
    positions: Mapping[str, Sequence[float]],
    names: dict[str, str],
    *,
    decimals: int = GRAPH_DECIMALS,
    table: ActorTable | None = None,
    ends: np.ndarray | None = None,
    round_the_world: float | None = None,
) -> Paths:
    """Each relation whose two ends have a position (x, y first), with its
    curved path; parallel ones bow apart. ``table``: the actors drawn at
    ``positions`` (`ActorTable.at`), to look the ends up in, when at hand;
    ``ends``: their rows there (`end_rows`), when looked up already.
    ``round_the_world`` (the map): a path whose ends are more x apart than
    this (degrees of longitude) goes the other way round, across the
    antimeridian.

    Array operations throughout, no loop over relations: a large view draws
    up to DRAW_LIMIT of them on each figure in every callback.
    """
    # codes that compare as the ids do: the table's rows (sorted by id), or
    # the sorted ids of the ends
    codes = None
    if table is not None:
        codes = end_rows(relations, table) if ends is None else ends
    if codes is not None and (codes >= 0).all():
        where, count = table.xy, len(table.ids)
    else:
        ends = np.concatenate(
            [_column(relations, "source"), _column(relations, "target")]
        )
        ends, codes = np.unique(ends, return_inverse=True)
        missing = (np.nan, np.nan)
        where = np.array([positions.get(end, missing)[:2] for end in ends], dtype=float)
        where, count = where.reshape(-1, 2), len(ends)
    # the two ends' rows compared elementwise: numpy's reductions across the
    # two rows (`.any(axis=0)`, `.min(axis=0)`) cost several times as much
    codes = codes.reshape(2, -1)
    unplaced = np.isnan(where[codes, 0])
    kept = np.flatnonzero(~(unplaced[0] | unplaced[1]))
    codes = codes[:, kept]
    points = SMOOTH_POINTS if len(kept) <= MANY else MANY_POINTS
    xs = ys = np.empty((0, points))
    bends = np.empty(0)
    if len(kept):
        low, high = np.minimum(codes[0], codes[1]), np.maximum(codes[0], codes[1])
        rank, size = _ranks(low * count + high)
        bends = bend_offsets(rank, size)
        # bends are measured against the pair's sorted order, so that A->B and
        # B->A bow to different sides instead of overlapping
        bends = np.where(codes[0] == low, bends, -bends)
        starts, stops = where[codes[0]], where[codes[1]]
        if round_the_world is not None:
            stops = _shorter_way(starts, stops, round_the_world)
        xs, ys = curves(starts, stops, bends, points)
    return Paths(
        *(_column(relations, name)[kept] for name in ("id", "stance", "confidence")),
        _hovers(relations, kept, names),
        xs.round(decimals),
        ys.round(decimals),
        bends,
    )


def _shorter_way(starts: np.ndarray, stops: np.ndarray, limit: float) -> np.ndarray:
    """``stops`` with each more than ``limit`` degrees of longitude from its
    start moved a turn round the world towards it: Fiji (178) to Samoa (-172)
    went 350 degrees round, through Africa, not 10 across the Pacific.

    >>> _shorter_way(np.array([[178.0, 0]]), np.array([[-172.0, 0]]), 270).tolist()
    [[188.0, 0.0]]
    """
    apart = stops[:, 0] - starts[:, 0]
    far = np.abs(apart) > limit
    if not far.any():
        return stops
    stops = stops.copy()
    stops[far, 0] -= 360 * np.sign(apart[far])
    return stops


def end_rows(relations: pd.DataFrame, table: ActorTable) -> np.ndarray:
    """The rows of ``table`` of the sources of ``relations``, then of their
    targets (-1: not in it)."""
    ends = [_column(relations, "source"), _column(relations, "target")]
    return table.rows(np.concatenate(ends))


def _column(relations: pd.DataFrame, name: str) -> np.ndarray:
    return relations[name].to_numpy(dtype=object)


def _ranks(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each entry's rank among the entries of its key, in their order, and
    how many share its key.

    >>> [values.tolist() for values in _ranks(np.array([7, 3, 7, 7]))]
    [[0, 0, 1, 2], [3, 1, 3, 3]]
    >>> [values.tolist() for values in _ranks(np.array([7, 3]))]
    [[0, 0], [1, 1]]
    """
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.ones(len(keys), dtype=bool)  # where a key's entries start
    starts[1:] = ordered[1:] != ordered[:-1]
    if starts.all():  # each key once, as the pairs of a large view
        return np.zeros_like(order), np.ones_like(order)
    first = np.flatnonzero(starts)
    sizes = np.diff(np.append(first, len(keys)))
    group = np.repeat(np.arange(len(first)), sizes)
    rank, size = np.empty_like(order), np.empty_like(order)
    rank[order] = np.arange(len(keys)) - first[group]
    size[order] = sizes[group]
    return rank, size


def _hovers(relations: pd.DataFrame, rows: np.ndarray, names: dict[str, str]):
    """The hover texts of ``rows`` (positions) of ``relations``: the one
    written at start-up (or for a drawn pair) where there is one."""
    if "hover" not in relations:
        hover = np.full(len(rows), "", dtype=object)
    else:
        hover = _column(relations, "hover")[rows]
    texts = hover.tolist()
    # a large view's are all written (its pairs'): seen to be text, none
    # empty, at a third of the cost of pandas' look for missing values
    if set(map(type, texts)) <= {str} and "" not in texts:
        return hover
    blank = np.flatnonzero(pd.isna(hover) | (hover == ""))
    if len(blank):
        written = records(relations.iloc[rows[blank]], RELATION_FIELDS)
        hover[blank] = [relation_hover(row, names) for row in written]
    return hover


def _with_gaps(values: np.ndarray) -> np.ndarray:
    """Rows of points with a gap (NaN, sent as null) after each: a trace takes
    some rows, raveled. An array, not a list: the JSON encoder writes it in
    one go."""
    return np.hstack([values, np.full((len(values), 1), np.nan)])


def grouped(*columns: Sequence) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The rows grouped by the distinct combinations of ``columns``' values:
    every row, group after group (in the order of their first rows, each in
    row order), and where each group starts and stops in that order.

    >>> order, bounds = grouped(["a", "b", "a"], [1, 1, 1])
    >>> order.tolist(), bounds
    ([0, 2, 1], [(0, 2), (2, 3)])
    """
    # each row's group, numbered as first met: a dict of a few dozen tuples,
    # where factorizing each column (pandas) cost four times as much
    numbers: dict[tuple, int] = {}
    rows = zip(*(_listed(column) for column in columns))
    group = np.fromiter(
        (numbers.setdefault(key, len(numbers)) for key in rows),
        dtype=np.int64,
        count=len(columns[0]),
    )
    stops = np.cumsum(np.bincount(group)).tolist()
    return np.argsort(group, kind="stable"), list(zip([0, *stops[:-1]], stops))


def _listed(values: Sequence) -> list:
    """``values`` as a list of Python objects (an array's items, which hash
    as their values, not numpy's scalars)."""
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def relation_traces(
    paths: Paths,
    *,
    strong: set[str] | None,
    scatter: Callable[..., dict],
    widths: dict[str, float] | None = None,
    default_width: float = 2.0,
    arrow_at: float = 13 / 15,
    theme: Theme = LIGHT,
    marker_at: np.ndarray | None = None,
    bearing: Callable[..., np.ndarray] | None = None,
) -> list[dict]:
    """Line traces (one per stance, confidence, width and dimming) with arrowheads
    ``arrow_at`` of the way along, then one midpoint-marker trace per stance
    that carries hover and click: at each curve's middle point, or at the
    point ``marker_at`` gives (an index per relation; -1: none).

    ``bearing(x0, y0, x1, y1)`` (the map) turns each arrowhead by the
    direction, in degrees clockwise from the top of the figure, of the step
    from the point before its tip to the tip: one marker per arrowhead.
    Without it (the graph, whose axes may be zoomed out of proportion) each
    tip is drawn after the point before it, at size 0, and plotly.js turns
    the tip along that step: two markers per arrowhead. (On a map plotly.js
    4.1 cannot: a scattergeo marker turned by "previous" or "north" points
    east whatever its angle.)

    ``scatter`` builds a trace dict from x/y arrays: a scatter trace for the
    graph, a scattergeo one (lon/lat) for the map. ``widths``: each line's
    width (px) by relation id, ``default_width`` for those it lacks.
    """
    colour_of = stance_colours(theme)
    ids, stance, confidence = paths.ids, paths.stance, paths.confidence
    dim = np.zeros(len(ids), dtype=bool) if strong is None else ~among(ids, strong)
    # looked up by `map`, without a Python step per relation
    width = list(map((widths or {}).get, ids.tolist(), repeat(default_width)))
    points = paths.xs.shape[1]
    tip = round(arrow_at * (points - 1))
    order, bounds = grouped(stance, confidence, width, dim)
    # every curve with its gap after it, group after group: each trace takes
    # a slice (no copy)
    xs, ys = (_with_gaps(values)[order] for values in (paths.xs, paths.ys))
    traces = []
    arrows: dict[str, tuple[list, list]] = {}  # colour -> rows, sizes
    of_stance: dict[str, list] = {}  # stance -> its groups' rows
    # a group's look from its first row, read from lists: a large view has
    # dozens of groups
    firsts = order[[start for start, _ in bounds]].tolist()
    stances, dashes, dims = stance.tolist(), confidence.tolist(), dim.tolist()
    for (start, stop), first in zip(bounds, firsts):
        members = order[start:stop]
        line_stance, line_width = stances[first], width[first]
        colour = rgba(colour_of[line_stance], DIM_OPACITY if dims[first] else 0.9)
        traces.append(
            scatter(
                xs[start:stop].ravel(),
                ys[start:stop].ravel(),
                mode="lines",
                line={
                    "color": colour,
                    "width": line_width,
                    "dash": CONFIDENCE_DASH[dashes[first]],
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
        rows, sizes = arrows.setdefault(colour, ([], []))
        rows.append(members)
        of_stance.setdefault(line_stance, []).append(members)
        sizes.append((9 + line_width, stop - start))
    for colour, (rows, sizes) in arrows.items():
        # the arrowheads of a colour in one trace (markers on the lines
        # themselves would draw one at every point)
        rows = np.concatenate(rows)
        sizes = np.repeat(*(np.array(column) for column in zip(*sizes)))
        xs_tip, ys_tip = paths.xs[rows, tip], paths.ys[rows, tip]
        xs_before, ys_before = paths.xs[rows, tip - 1], paths.ys[rows, tip - 1]
        if bearing is None:
            heads = {
                "size": np.column_stack([np.zeros(len(rows)), sizes]).ravel(),
                "angleref": "previous",
            }
            xs_tip = np.column_stack([xs_before, xs_tip]).ravel()
            ys_tip = np.column_stack([ys_before, ys_tip]).ravel()
        else:
            angles = bearing(xs_before, ys_before, xs_tip, ys_tip)
            heads = {"size": sizes, "angle": np.round(angles, 1), "angleref": "up"}
        traces.append(
            scatter(
                xs_tip,
                ys_tip,
                mode="markers",
                marker={
                    "symbol": "triangle-up",
                    **heads,
                    "color": colour,
                    "line": {"width": 0},
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
    at = np.full(len(ids), points // 2) if marker_at is None else marker_at
    for marker_stance, hex_colour in colour_of.items():
        if marker_stance not in of_stance:
            continue
        # its groups' rows in row order: as comparing every relation's
        # stance with each stance finds them, at a fraction of the cost
        members = np.sort(np.concatenate(of_stance[marker_stance]))
        members = members[at[members] >= 0]
        if not len(members):
            continue
        # one colour when none is dimmed, as `uniform` makes it, without a
        # list of hundreds made to find that out
        colours = rgba(hex_colour, 1)
        if dim[members].any():
            colours = uniform(
                either(dim[members], rgba(hex_colour, DIM_OPACITY), colours)
            )
        traces.append(
            scatter(
                paths.xs[members, at[members]],
                paths.ys[members, at[members]],
                mode="markers",
                marker={
                    "symbol": STANCE_SYMBOLS[marker_stance],
                    "size": 9,
                    "color": colours,
                    "line": {"width": 1.5, "color": colours},
                },
                customdata=[["relation", one] for one in ids[members].tolist()],
                hovertext=paths.hover[members].tolist(),
                hoverinfo="text",
                showlegend=False,
                name="relations",
            )
        )
    return traces


@dataclass(frozen=True)
class ChangeMarks:
    """The relations (or drawn pairs, by id) to ring because they appeared,
    ended or are in a pair whose stance flipped at ``split``."""

    split: date
    appeared: frozenset[str] = frozenset()
    ended: frozenset[str] = frozenset()
    flipped: frozenset[str] = frozenset()

    def labels(self) -> dict[str, str]:
        """The legend's words for each mark: short, as the legend puts its
        entries in columns as wide as the widest (the split's day, in the
        filters and the Change tab, made every column 24 letters wide)."""
        return {"appeared": "appeared", "ended": "ended", "flipped": "stance changed"}


def ring_entries(marks: ChangeMarks | None) -> list[dict]:
    """The legend entries `change_traces` adds, for the room the legend takes
    before the rings are drawn: one per kind of change whenever a window is
    split."""
    return [{"name": words} for words in (marks.labels() if marks else {}).values()]


def change_traces(
    paths: Paths, marks: ChangeMarks | None, *, scatter: Callable[..., dict]
) -> list[dict]:
    """A ring around the midpoint of each relation that changed, one trace
    (and legend entry) per kind of change, all three whenever a window is
    split, so the legend says what each ring means. An arc of the map stands
    for several relations ("r05|r07"): it is ringed for any of them."""
    if marks is None:
        return []
    middle = paths.xs.shape[1] // 2
    traces = []
    for change, label, rows in _changed_rows(paths, marks):
        symbol, colour = CHANGE_MARKS[change]
        traces.append(
            scatter(
                paths.xs[rows, middle] if rows else [None],
                paths.ys[rows, middle] if rows else [None],
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": _RING_SIZES[change],
                    "color": colour,
                    "line": {"width": 2.2, "color": colour},
                },
                hoverinfo="skip",
                name=label,
                showlegend=True,
            )
        )
    return traces


#: Each change ring's size (px), the flipped stance's wider than the others.
_RING_SIZES = {"appeared": 18, "ended": 18, "flipped": 21}


def _changed_rows(paths: Paths, marks: ChangeMarks):
    """(change, its legend label, the rows of ``paths`` ringed for it)."""
    ids = paths.ids.tolist()
    for change, label in marks.labels().items():
        chosen = getattr(marks, change)
        rows = [n for n, rid in enumerate(ids) if not chosen.isdisjoint(rid.split("|"))]
        yield change, label, rows


def change_rings(
    paths: Paths, marks: ChangeMarks | None, to_pixels: Callable
) -> np.ndarray | None:
    """Where `change_traces` draws its rings, as (x, y, radius) rows in pixels
    (``to_pixels`` takes the paths' x and y arrays), for names to keep clear
    of them as of markers: an "ended" ring was drawn over a name."""
    if marks is None:
        return None
    middle = paths.xs.shape[1] // 2
    rings = [
        np.column_stack(
            [
                *to_pixels(paths.xs[rows, middle], paths.ys[rows, middle]),
                np.full(len(rows), _RING_SIZES[change] / 2 + 1.1),
            ]
        )  # fmt: skip
        for change, _, rows in _changed_rows(paths, marks)
        if rows
    ]
    return np.concatenate(rings) if rings else None


#: Above this many relations drawn, names need not keep clear of their
#: markers (`label_obstacles`): a large view's hundreds would leave few names
#: a place, and it draws the busiest pairs' markers only
RELATION_SPOTS_MOST = 200
#: a relation marker's radius (px): `relation_traces` draws it 9 px wide,
#: outlined 1.5 px
_RELATION_SPOT = 9 / 2 + 1.5


def label_obstacles(
    rings: np.ndarray | None,
    paths: Paths,
    to_pixels: Callable,
    marker_at: np.ndarray | None = None,
) -> np.ndarray | None:
    """What names keep clear of besides the actors' markers, as (x, y,
    radius) rows in pixels: the change ``rings`` (`change_rings`) and the
    relations' markers (`link_spots`). None: nothing to keep clear of."""
    found = [rings, link_spots(paths, to_pixels, marker_at)]
    found = [spots for spots in found if spots is not None]
    return np.concatenate(found) if found else None


def link_spots(
    paths: Paths, to_pixels: Callable, marker_at: np.ndarray | None = None
) -> np.ndarray | None:
    """In a view of up to RELATION_SPOTS_MOST relations, each relation's
    marker where `relation_traces` draws it (its middle point, or
    ``marker_at``), as (x, y, radius) rows in pixels, for names to keep
    clear of: "Russia" lay across the United States' conflictual line to
    Maduro, beside its ✕, as if it named that line. None above."""
    count = len(paths.ids)
    if not 0 < count <= RELATION_SPOTS_MOST:
        return None
    at = np.full(count, paths.xs.shape[1] // 2) if marker_at is None else marker_at
    rows = np.flatnonzero(at >= 0)  # -1: no marker drawn
    x, y = to_pixels(paths.xs[rows, at[rows]], paths.ys[rows, at[rows]])
    return np.column_stack([x, y, np.full(len(rows), _RELATION_SPOT)])


def legend_traces(
    scatter: Callable[..., dict],
    colour_legend: Iterable[tuple[str, str]],
    kinds: Iterable[str],
    *,
    stances: Iterable[str] | None = None,
    confidences: Iterable[str] | None = None,
    countries: Iterable[tuple[str, str]] = (),
    theme: Theme = LIGHT,
) -> list[dict]:
    """Legend-only entries for what the figure shows: stance (colour and
    symbol), confidence (line), actor kind, the countries' colours (name,
    colour) and named node colours (blocs) when nodes are not coloured by
    country. ``stances``, ``confidences``: those drawn (default: all)."""
    entries = []
    drawn_stances = None if stances is None else set(stances)
    drawn_confidences = None if confidences is None else set(confidences)
    for stance, colour in stance_colours(theme).items():
        if drawn_stances is not None and stance not in drawn_stances:
            continue
        entries.append(
            scatter(
                [None],
                [None],
                mode="lines+markers",
                name=stance,
                line={"color": colour, "width": 3},
                marker={"symbol": STANCE_SYMBOLS[stance], "size": 9, "color": colour},
            )
        )
    for confidence, dash in CONFIDENCE_DASH.items():
        if drawn_confidences is not None and confidence not in drawn_confidences:
            continue
        entries.append(
            scatter(
                [None],
                [None],
                mode="lines",
                name=confidence,
                line={"color": theme.legend_line, "width": 2.5, "dash": dash},
            )
        )
    for kind in kinds:
        entries.append(
            scatter(
                [None],
                [None],
                mode="markers",
                name=kind,
                marker={
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": 11,
                    "color": theme.symbol,
                },
            )
        )
    for name, colour in countries:  # the country key: which colour is whose
        entries.append(
            scatter(
                [None],
                [None],
                mode="markers",
                name=markup(name),
                marker={"symbol": "square", "size": 11, "color": colour},
            )
        )
    for label, colour in colour_legend:  # blocs, named after their actors
        entries.append(
            scatter(
                [None],
                [None],
                mode="markers",
                name=markup(label),
                marker={"symbol": "circle", "size": 11, "color": colour},
                legend="legend2",
            )
        )
    return entries


@dataclass(frozen=True)
class LegendKeys:
    """What a legend lists, decided before drawing: the frames of a
    time-lapse list every entry any of them draws, so that no entry comes or
    goes between frames, moving the others and resizing the figure."""

    stances: frozenset[str] = frozenset()
    confidences: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # codes

    @classmethod
    def of(
        cls, relations: pd.DataFrame, actors: pd.DataFrame, countries: Iterable[str]
    ) -> LegendKeys:
        """The entries of a figure drawing ``relations`` among ``actors``,
        of ``countries`` (codes; "" or missing: none)."""
        return cls(
            frozenset(relations["stance"].tolist()),
            frozenset(relations["confidence"].tolist()),
            frozenset(actors["kind"].tolist()),
            frozenset(code for code in countries if isinstance(code, str) and code),
        )

    def __or__(self, other: LegendKeys) -> LegendKeys:
        return LegendKeys(
            self.stances | other.stances,
            self.confidences | other.confidences,
            self.kinds | other.kinds,
            self.countries | other.countries,
        )


def drawn_legend(
    scatter: Callable[..., dict],
    keys: LegendKeys,
    *,
    colour_legend: Iterable[tuple[str, str]] = (),
    by_country: bool = True,
    theme: Theme = LIGHT,
) -> list[dict]:
    """`legend_traces` of ``keys``: stances and confidences in their own
    order, kinds as `KIND_SYMBOLS` lists them, the country key when nodes are
    coloured ``by_country`` (else by bloc: ``colour_legend``)."""
    return legend_traces(
        scatter,
        colour_legend,
        sorted(keys.kinds, key=list(KIND_SYMBOLS).index),
        stances=keys.stances,
        confidences=keys.confidences,
        countries=country_key(keys.countries) if by_country else (),
        theme=theme,
    )


def country_key(
    countries: Iterable[str], limit: int = COUNTRY_KEY_LIMIT
) -> list[tuple[str, str]]:
    """(name, colour) of the countries of the actors drawn, in name order;
    none when there are more than ``limit`` (hover names the country: a key
    of a few out of hundreds would mislead).

    >>> [name for name, _ in country_key(["RUS", "VEN", "RUS", ""])]
    ['Russia', 'Venezuela']
    """
    codes = {code for code in countries if code}
    if len(codes) > limit:
        return []
    named = sorted((country_name(code), code) for code in codes)
    return [(name, country_colour(code)) for name, code in named]


def relation_counts(relations: pd.DataFrame) -> dict[str, int]:
    """How many of ``relations`` each actor takes part in, by actor id."""
    return Counter(relations["source"].tolist() + relations["target"].tolist())


def labelled(
    actors: Sequence[str], degree: dict[str, int], strong: set[str] | None
) -> set[str]:
    """Actors (of the ids ``actors``) whose names are drawn: all of a small
    view; else the emphasised ones (the LABEL_LIMIT busiest of them, when
    there are more) and the LABEL_LIMIT with the most relations in the window."""
    if len(actors) <= LABEL_LIMIT:
        return set(actors)
    strong = strong or set()
    if len(strong) > LABEL_LIMIT:
        # the busiest, ties in id order, not in the set's (which changes from
        # one process to the next)
        ordered = np.array(sorted(strong), dtype=object)
        if isinstance(degree, ActorCounts):  # thousands: counted at once
            counts = degree.of(ordered)
        else:
            counts = np.array([degree.get(a, 0) for a in ordered.tolist()])
        strong = ordered[np.argsort(-counts, kind="stable")[:LABEL_LIMIT]].tolist()
    return busiest(degree) | set(strong)


def importance(
    table: ActorTable, rows: np.ndarray, degree: Mapping[str, int], strong
) -> np.ndarray:
    """The order in which the actors at ``rows`` of ``table`` are named when
    room is short: the emphasised (a selection, a focus) first, then by
    relations in the window, most first; ties in row order."""
    counts = counts_of(degree, table, rows).astype(float)
    if strong:
        counts += among(table.ids[rows], strong) * 1e12
    return np.lexsort((np.arange(len(rows)), -counts))


def naming_order(
    table: ActorTable, rows: np.ndarray, order: np.ndarray, first: list[str]
) -> np.ndarray:
    """The order in which the actors at ``rows`` of ``table`` are named:
    those in ``first`` (a selection, then what it reaches) in the order
    given, then the rest in ``order``.

    >>> table = ActorTable(*[np.array(["a", "b", "c"], dtype=object)] * 8)
    >>> naming_order(table, np.arange(3), np.array([0, 1, 2]), ["c", "b"]).tolist()
    [2, 1, 0]
    """
    if not first:
        return order
    rank = {actor: number for number, actor in enumerate(first)}
    ids = table.ids[rows][order].tolist()
    chosen = np.array([actor in rank for actor in ids], dtype=bool)
    keys = np.array([rank[actor] for actor, yes in zip(ids, chosen) if yes])
    return np.concatenate(
        [order[chosen][np.argsort(keys, kind="stable")], order[~chosen]]
    )


def labels_uid(name: str, texts: list[str]) -> str:
    """A trace ``uid`` that changes with its labels: Plotly never draws a
    point's text again once it was empty (Plotly.react keeps the point and
    its missing text), so a trace whose labels change is drawn anew."""
    return f"{name}-{zlib.crc32(chr(31).join(texts).encode()):08x}"


#: How far (px) the ring round an anchor (`anchor_rings`) lies outside its
#: marker, and how wide it is at least: round a dot of a crowd of hundreds,
#: a ring of the dot's size was lost in the crowd.
RING_GAP, RING_LEAST = 6, 26
#: the width (px) of that ring's line
RING_LINE = 2.5


def ring_sizes(sizes: np.ndarray) -> np.ndarray:
    """The width (px) of the ring round each marker ``sizes`` px wide."""
    return np.maximum(np.asarray(sizes, dtype=float) + 2 * RING_GAP, RING_LEAST)


def ringed(sizes: np.ndarray, ids: np.ndarray, anchors: Sequence[str]) -> np.ndarray:
    """``sizes`` (px) of the markers of ``ids``, those of ``anchors`` as wide
    as the ring round them (`anchor_rings`), line and all: what a name
    beside one keeps clear of (the focus's name sat on its ring)."""
    if not len(anchors):
        return sizes
    sizes = np.asarray(sizes, dtype=float)
    return np.where(among(ids, anchors), ring_sizes(sizes) + RING_LINE, sizes)


def anchor_rings(
    table: ActorTable,
    rows: np.ndarray,
    sizes: np.ndarray,
    anchors: Sequence[str],
    *,
    scatter: Callable[..., dict],
    theme: Theme,
) -> list[dict]:
    """A ring round each of ``anchors`` (the focus, a path's ends) drawn at
    ``rows`` of ``table`` (markers ``sizes`` px wide): in a neighbourhood of
    hundreds, the selected actor was one marker among them, found only by
    its name's leader line. No trace without anchors."""
    if not len(anchors) or not len(rows):
        return []
    at = np.flatnonzero(among(table.ids[rows], anchors))
    if not len(at):
        return []
    return [
        scatter(
            table.xy[rows[at], 0],
            table.xy[rows[at], 1],
            mode="markers",
            marker={
                "symbol": "circle-open",
                "size": ring_sizes(np.asarray(sizes, dtype=float)[at]),
                "color": theme.ink,
                "line": {"width": RING_LINE, "color": theme.ink},
            },
            hoverinfo="skip",
            showlegend=False,
            name="anchors",
        )
    ]


def names_beside(
    placement: Placement,
    table: ActorTable,
    rows: np.ndarray,
    sizes: np.ndarray,
    *,
    scatter: Callable[..., dict],
    size: float,
    theme: Theme,
    full: np.ndarray,
) -> dict:
    """The names placed beside their markers (the actors at ``rows`` of
    ``table``, markers ``sizes`` px wide) in one trace, to be drawn after
    every marker: in its kind's own trace, a name lay under the markers of
    the kinds drawn after it (56 on a large view's map with a focus).
    ``full``: which are drawn at full strength, the others faded.

    Its markers are invisible and as large as the actors' own: Plotly sets a
    name off from its point by the point's marker, as beside the actor's
    (with no marker a name sat on the middle of its point). It takes no
    hover or click (nor customdata, what a click sends): the markers under
    it do."""
    beside = np.flatnonzero(np.array(placement.position, dtype=object) != "")
    members = rows[beside]
    text = table.label[members].tolist()
    return scatter(
        table.xy[members, 0],
        table.xy[members, 1],
        mode="markers+text",
        text=text,
        uid=labels_uid("names", text),
        textposition=[placement.position[one] for one in beside.tolist()],
        textfont={
            "shadow": theme.label_shadow,
            "size": size,
            "color": uniform(
                either(full[beside], theme.label_ink(1.0), theme.label_ink(FADED_LABEL))
            ),
        },
        marker={"size": sizes[beside], "color": "rgba(0,0,0,0)", "line": {"width": 0}},
        hoverinfo="skip",
        showlegend=False,
        name="names",
    )


def moved_labels(
    placement: Placement,
    labels: np.ndarray,
    to_data: Callable[[np.ndarray], np.ndarray],
    scatter: Callable[..., dict],
    size: float,
    theme: Theme,
    full: np.ndarray | None = None,
) -> list[dict]:
    """The names that had to move away from their markers: a text trace at
    their places and thin leader lines back to the markers. ``to_data`` turns
    pixels into the figure's coordinates; ``full``: which are drawn at full
    strength (default: all), the others faded as the names beside markers."""
    moved = np.flatnonzero(placement.moved)
    if not len(moved):
        return []
    ink = theme.label_ink(1.0)
    if full is not None and not full[moved].all():
        ink = uniform(either(full[moved], ink, theme.label_ink(FADED_LABEL)))
    centres, anchors = placement.centre[moved], placement.anchor[moved]
    ends = _leader_ends(centres, anchors, placement.box[moved])
    # the names' places, their markers' and their leaders' ends turned into
    # the figure's coordinates in one call (row by row, as in three)
    count = len(moved)
    points = to_data(np.concatenate([centres, anchors, ends]))
    at, anchors, ends = points[:count], points[count : 2 * count], points[2 * count :]
    xs = np.column_stack([anchors[:, 0], ends[:, 0], np.full(len(moved), np.nan)])
    ys = np.column_stack([anchors[:, 1], ends[:, 1], np.full(len(moved), np.nan)])
    return [
        scatter(
            xs.ravel(),
            ys.ravel(),
            mode="lines",
            line={"color": theme.label_ink(0.55), "width": 1},
            hoverinfo="skip",
            showlegend=False,
            name="leader lines",
        ),
        scatter(
            at[:, 0],
            at[:, 1],
            mode="text",
            text=labels[moved].tolist(),
            textposition="middle center",
            textfont={"size": size, "color": ink, "shadow": theme.label_shadow},
            hoverinfo="skip",
            showlegend=False,
            name="labels",
        ),
    ]


def _leader_ends(centres: np.ndarray, anchors: np.ndarray, boxes: np.ndarray):
    """Where a leader line from each anchor meets its label's box."""
    half = np.column_stack(
        [(boxes[:, 2] - boxes[:, 0]) / 2, (boxes[:, 3] - boxes[:, 1]) / 2]
    )
    towards = anchors - centres
    # the box's edge along the line from its centre to the anchor
    reach = np.min(
        np.abs(half / np.where(np.abs(towards) < 1e-9, 1e-9, towards)), axis=1
    )
    return centres + towards * np.minimum(reach, 1.0)[:, None]


def legend_margin(
    legend: list[dict], width: float | None = None, *, theme: Theme = LIGHT
) -> int:
    """Bottom margin (px) that fits the horizontal legends below a figure
    ``width`` px wide (unknown: four entries a row), as Plotly packs them:
    the main one, and over it the blocs' (`colour_legend_layout`)."""
    main, blocs = _legend_rows(legend, width, theme.legend_size)
    row = _legend_row(theme.legend_size)
    return round(12 + row * main + (_bloc_room(row, blocs) if blocs else 0))


#: Room between the main legend and the blocs' legend over it (px), and the
#: blocs' legend's own padding.
_BLOC_GAP, _BLOC_PADDING = 6, 10
#: The most rows the blocs' legend takes; more scroll (a large view has
#: dozens of blocs: named one by one they took a legend taller than the map).
_BLOC_ROWS = 2


def _bloc_room(row: float, rows: int) -> float:
    """The room (px) the blocs' legend of ``rows`` rows takes, with its gap."""
    return _BLOC_GAP + _BLOC_PADDING + row * min(rows, _BLOC_ROWS)


def _legend_row(size: float) -> float:
    """The height of a legend's row (px) as plotly.js makes it: its text's
    line (1.3 times the type, at least 16 px) and 3 px; 19 px at 11 px type,
    29 at 20 (a line fitted to the desk's sizes said 27.5, and two rows of
    the blocs' legend at the projector's 16 px took 0.1 px more than their
    box: a scroll bar beside them).

    >>> _legend_row(11), _legend_row(20)
    (19.0, 29.0)
    """
    return max(1.3 * size, 16.0) + 3.0


def entry_width(name: str, size: float) -> float:
    """The room (px) a legend entry takes at ``size`` px: its text as DejaVu
    Sans draws it, and 45 px of symbol and gaps."""
    return text_width(unescape(name), size) + 45


def legend_rows(widths: Sequence[float], width: float) -> int:
    """How many rows entries ``widths`` px wide take in a horizontal legend
    ``width`` px wide: Plotly puts entries that wrap in columns as wide as
    the widest.

    >>> legend_rows([60, 100, 80], 250), legend_rows([], 250)
    (2, 0)
    """
    if not widths:
        return 0
    return -(-len(widths) // max(int((width + 1) // max(widths)), 1))


def _legend_rows(
    legend: list[dict], width: float | None, size: float
) -> tuple[int, int]:
    """How many rows the main legend and the blocs' legend take (unknown
    width: four entries a row)."""

    def rows(entries: list[dict]) -> int:
        if width is None:
            return -(-len(entries) // 4)
        return legend_rows(
            [entry_width(entry["name"], size) for entry in entries], width
        )

    blocs = [entry for entry in legend if entry.get("legend") == "legend2"]
    main = [entry for entry in legend if entry.get("legend") != "legend2"]
    return rows(main), rows(blocs)


def colour_legend_layout(
    legend: list[dict],
    size: tuple[float, float],
    theme: Theme = LIGHT,
) -> dict:
    """Where named node colours (blocs) are explained: below the figure,
    over the main legend (``legend``: every entry of both), in the room
    `legend_margin` keeps for them. Laid over the figure, the legend's box
    had hidden the actors under it and taken their hovers and clicks."""
    width, height = size
    main, _ = _legend_rows(legend, width, theme.legend_size)
    row = _legend_row(theme.legend_size)
    lift = 4 + row * main + _BLOC_GAP
    return {
        "orientation": "h", "yref": "container", "yanchor": "bottom", "x": 0,
        "y": min(lift / max(height, 1), 1), "bgcolor": "rgba(0,0,0,0)",
        "font": {"size": theme.legend_size}, "itemclick": False,
        "itemdoubleclick": False, "itemwidth": 30,
        # px: the rest scrolls (1 px spare: two rows' own sums come out a
        # hair over it, and scrolled)
        "maxheight": _BLOC_PADDING + row * _BLOC_ROWS + 1,
    }  # fmt: skip


def legend_layout(theme: Theme = LIGHT) -> dict:
    """The horizontal legend below the figure, on the figure's bottom edge
    (the room the margin keeps for it): placed against the plot's bottom
    instead, Plotly draws a legend of four rows 74 px too high, over the map,
    in a 496 x 377 px panel (a 1280 x 720 window)."""
    return {
        "orientation": "h",
        "yref": "container",
        "yanchor": "bottom",
        "y": 0,
        "x": 0,
        "font": {"size": theme.legend_size},
        "itemclick": False,
        "itemdoubleclick": False,
        "itemwidth": 30,
        "tracegroupgap": 0,
        # in the margin, over nothing: the paper itself (the theme's legend
        # colour, laid over the paper, came out a shade off it, a box in
        # a dark image); the colours' legend above it too
        "bgcolor": "rgba(0,0,0,0)",
    }
