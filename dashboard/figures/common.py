"""Pieces shared by the map and the network figure: selection, legend, relation traces."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from dashboard.core.aggregate import pair_ends
from dashboard.core.describe import (
    ACTOR_FIELDS,
    RELATION_FIELDS,
    records,
    relation_hover,
)
from dashboard.core.graph import touching
from dashboard.core.text import markup
from dashboard.figures.geometry import bend_offsets, curves
from dashboard.figures.style import (
    CHANGE_MARKS,
    CONFIDENCE_DASH,
    DIM_OPACITY,
    KIND_SYMBOLS,
    NO_COUNTRY_COLOUR,
    STANCE_SYMBOLS,
    country_colour,
    stance_colours,
)
from dashboard.figures.theme import LIGHT, Theme


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


@cache
def rgba(hex_colour: str, alpha: float) -> str:
    """``rgba(r,g,b,alpha)``; cached, as figures ask for the same few thousands of times."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


#: Points per curve: smooth for a few relations, fewer for many (a curve of a
#: large view is a few pixels long, and every point is bytes to send and draw).
SMOOTH_POINTS, MANY_POINTS, MANY = 16, 8, 300
#: Coordinates are sent with this many decimals: a hundredth of a degree on the
#: map (a kilometre), a thousandth of the graph's extent (below a pixel).
MAP_DECIMALS, GRAPH_DECIMALS = 2, 3


@dataclass(frozen=True)
class Paths:
    """Drawable relations (a table with id, source, target, stance, confidence
    and hover) and their curves (x and y: one row of points per relation)."""

    relations: pd.DataFrame
    xs: np.ndarray
    ys: np.ndarray


def relation_paths(
    relations: pd.DataFrame,
    positions: Mapping[str, Sequence[float]],
    names: dict[str, str],
    *,
    decimals: int = GRAPH_DECIMALS,
) -> Paths:
    """Each relation whose two ends have a position (x, y first), with its
    curved path; parallel ones bow apart.

    Array operations throughout, no loop over relations: a large view draws
    up to DRAW_LIMIT of them on each figure in every callback.
    """
    source = relations["source"].to_numpy(dtype=object)
    target = relations["target"].to_numpy(dtype=object)
    # sorted ids: codes compare as the ids do
    ends, codes = np.unique(np.concatenate([source, target]), return_inverse=True)
    codes = codes.reshape(2, -1)
    missing = (np.nan, np.nan)
    where = np.array([positions.get(end, missing)[:2] for end in ends], dtype=float)
    where = where.reshape(-1, 2)
    drawable = ~np.isnan(where[codes, 0]).any(axis=0)
    codes, table = codes[:, drawable], relations[drawable].reset_index(drop=True)
    points = SMOOTH_POINTS if len(table) <= MANY else MANY_POINTS
    if table.empty:
        return Paths(table.assign(hover=[]), *(np.empty((0, points)),) * 2)
    low, high = codes.min(axis=0), codes.max(axis=0)
    pairs = (low * len(ends) + high).tolist()
    rank, count = [], {}  # each path's rank among its pair's, and their number
    for pair in pairs:
        rank.append(count.get(pair, 0))
        count[pair] = rank[-1] + 1
    bends = bend_offsets(np.array(rank), np.array([count[pair] for pair in pairs]))
    # bends are measured against the pair's sorted order, so that A->B and
    # B->A bow to different sides instead of overlapping
    bends = np.where(codes[0] == low, bends, -bends)
    xs, ys = curves(where[codes[0]], where[codes[1]], bends, points)
    return Paths(_with_hover(table, names), xs.round(decimals), ys.round(decimals))


def _with_hover(relations: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``relations`` with a hover text on every row: the one written at start-up
    (or for a drawn pair) where there is one."""
    hover = (
        relations["hover"].fillna("").to_numpy(dtype=object)
        if "hover" in relations
        else np.full(len(relations), "", dtype=object)
    )
    blank = np.flatnonzero(hover == "")
    if len(blank):
        rows = records(relations.iloc[blank], RELATION_FIELDS)
        hover[blank] = [relation_hover(row, names) for row in rows]
    return relations.assign(hover=hover)


def _with_gaps(values: np.ndarray) -> np.ndarray:
    """Rows of points as one array for a trace, a gap (NaN, sent as null) after
    each. An array, not a list: the JSON encoder writes it in one go."""
    return np.hstack([values, np.full((len(values), 1), np.nan)]).ravel()


def relation_traces(
    paths: Paths,
    *,
    strong: set[str] | None,
    scatter: Callable[..., dict],
    widths: dict[str, float] | None = None,
    arrow_at: float = 13 / 15,
    theme: Theme = LIGHT,
) -> list[dict]:
    """Line traces (one per stance, confidence, width and dimming) with arrowheads
    ``arrow_at`` of the way along, then one midpoint-marker trace per stance
    that carries hover and click.

    ``scatter`` builds a trace dict from x/y arrays: a scatter trace for the
    graph, a scattergeo one (lon/lat) for the map.
    """
    table = paths.relations
    colour_of = stance_colours(theme)
    # plain lists and sets: a thousand relations, each looked up once
    ids = table["id"].tolist()
    stance = table["stance"].to_numpy(dtype=object)
    dim = np.array([strong is not None and i not in strong for i in ids], dtype=bool)
    width = [(widths or {}).get(i, 2.0) for i in ids]
    points = paths.xs.shape[1]
    tip = round(arrow_at * (points - 1))
    traces = []
    arrows: dict[str, tuple[list[int], list[float]]] = {}  # colour -> rows, sizes
    groups: dict[tuple, list[int]] = {}
    keys = zip(stance, table["confidence"].tolist(), width, dim)
    for number, key in enumerate(keys):
        groups.setdefault(key, []).append(number)
    for (line_stance, confidence, line_width, dimmed), members in groups.items():
        colour = rgba(colour_of[line_stance], DIM_OPACITY if dimmed else 0.9)
        traces.append(
            scatter(
                _with_gaps(paths.xs[members]),
                _with_gaps(paths.ys[members]),
                mode="lines",
                line={
                    "color": colour,
                    "width": line_width,
                    "dash": CONFIDENCE_DASH[confidence],
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
        rows, sizes = arrows.setdefault(colour, ([], []))
        rows += members
        sizes += [9 + line_width] * len(members)
    for colour, (rows, sizes) in arrows.items():
        # the arrowheads of a colour in one trace: the point before each tip
        # gives its direction (angleref "previous") and is drawn at size 0;
        # markers on the lines themselves would draw one at every point
        before_tip = slice(tip - 1, tip + 1)
        traces.append(
            scatter(
                paths.xs[rows, before_tip].ravel(),
                paths.ys[rows, before_tip].ravel(),
                mode="markers",
                marker={
                    "symbol": "triangle-up",
                    "size": np.column_stack([np.zeros(len(rows)), sizes]).ravel(),
                    "color": colour,
                    "angleref": "previous",
                    "line": {"width": 0},
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
    middle = points // 2
    hover = table["hover"].to_numpy(dtype=str)
    id_array = np.array(ids, dtype=str)
    for marker_stance, hex_colour in colour_of.items():
        members = np.flatnonzero(stance == marker_stance)
        if not len(members):
            continue
        colours = np.where(
            dim[members], rgba(hex_colour, DIM_OPACITY), rgba(hex_colour, 1)
        )
        traces.append(
            scatter(
                paths.xs[members, middle],
                paths.ys[members, middle],
                mode="markers",
                marker={
                    "symbol": STANCE_SYMBOLS[marker_stance],
                    "size": 9,
                    "color": colours,
                    "line": {"width": 1.5, "color": colours},
                },
                customdata=np.column_stack(
                    [np.full(len(members), "relation"), id_array[members]]
                ),
                hovertext=hover[members],
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
        """The legend's words for each mark."""
        day = f"{self.split.day} {self.split:%b %Y}"
        return {
            "appeared": f"appeared from {day}",
            "ended": f"ended before {day}",
            "flipped": "pair's stance changed",
        }


def change_traces(
    paths: Paths, marks: ChangeMarks | None, *, scatter: Callable[..., dict]
) -> list[dict]:
    """A ring around the midpoint of each relation that changed, one trace
    (and legend entry) per kind of change, all three whenever a window is
    split, so the legend says what each ring means. An arc of the map stands
    for several relations ("r05|r07"): it is ringed for any of them."""
    if marks is None:
        return []
    ids = paths.relations["id"].tolist()
    middle = paths.xs.shape[1] // 2
    traces = []
    for change, label in marks.labels().items():
        chosen = getattr(marks, change)
        rows = [n for n, rid in enumerate(ids) if not chosen.isdisjoint(rid.split("|"))]
        symbol, colour = CHANGE_MARKS[change]
        traces.append(
            scatter(
                paths.xs[rows, middle] if rows else [None],
                paths.ys[rows, middle] if rows else [None],
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": 21 if change == "flipped" else 18,
                    "color": colour,
                    "line": {"width": 2.2, "color": colour},
                },
                hoverinfo="skip",
                name=label,
                showlegend=True,
            )
        )
    return traces


def actor_colour(actor: dict, node_colours: dict[str, str] | None) -> str:
    """The actor's colour: from ``node_colours`` (blocs) when given, else its country's."""
    if node_colours is not None:
        return node_colours.get(actor["id"], NO_COUNTRY_COLOUR)
    return country_colour(actor["country"])


def legend_traces(
    scatter: Callable[..., dict],
    colour_legend: Iterable[tuple[str, str]],
    kinds: Iterable[str],
    *,
    theme: Theme = LIGHT,
) -> list[dict]:
    """Legend-only entries: stance (colour and symbol), confidence (line), actor
    kind, and named node colours (blocs) when nodes are not coloured by country."""
    entries = []
    for stance, colour in stance_colours(theme).items():
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


#: Above this many actors on screen, only the busiest are labelled (and hover
#: names the rest): thousands of labels are a grey smear, not information.
LABEL_LIMIT = 30


def relation_counts(relations: pd.DataFrame) -> dict[str, int]:
    """How many of ``relations`` each actor takes part in, by actor id."""
    return Counter(relations["source"].tolist() + relations["target"].tolist())


def by_kind(actors: pd.DataFrame) -> dict[str, list[dict]]:
    """Actors as rows, by kind (in order of appearance): one trace per kind.
    Plain lists: grouping a DataFrame costs a callback tens of milliseconds."""
    kinds: dict[str, list[dict]] = {}
    for row in records(actors, ACTOR_FIELDS):
        kinds.setdefault(row["kind"], []).append(row)
    return kinds


def labelled(
    actors: pd.DataFrame, degree: dict[str, int], strong: set[str] | None
) -> set[str]:
    """Actors whose names are drawn: all of a small view; else the emphasised
    ones (the LABEL_LIMIT busiest of them, when there are more) and the
    LABEL_LIMIT with the most relations in the window."""
    if len(actors) <= LABEL_LIMIT:
        return set(actors["id"])
    busiest = set(heapq.nlargest(LABEL_LIMIT, degree, key=degree.__getitem__))
    strong = strong or set()
    if len(strong) > LABEL_LIMIT:
        strong = heapq.nlargest(LABEL_LIMIT, strong, key=lambda a: degree.get(a, 0))
    return busiest | set(strong)


def legend_margin(legend: list[dict], per_row: int = 4, *, theme: Theme = LIGHT) -> int:
    """Bottom margin (px) that fits the horizontal legend below the figure
    (the bloc legend sits on the figure itself and takes no room); a row is
    19 px at the light theme's legend size."""
    below = [entry for entry in legend if entry.get("legend") != "legend2"]
    row = round(19 * theme.legend_size / LIGHT.legend_size)
    return 12 + row * -(-len(below) // per_row)


def colour_legend_layout(theme: Theme = LIGHT) -> dict:
    """Where named node colours (blocs) are explained: over the figure's top
    left, one per line, so that long bloc names do not push the figure away."""
    return {
        "x": 0, "y": 1, "xanchor": "left", "yanchor": "top", "orientation": "v",
        "bgcolor": theme.legend_bg, "font": {"size": theme.legend_size},
        "itemclick": False, "itemdoubleclick": False,
    }  # fmt: skip


def legend_layout(theme: Theme = LIGHT) -> dict:
    """The horizontal legend below the figure."""
    return {
        "orientation": "h",
        "yanchor": "top",
        "y": 0,
        "x": 0,
        "font": {"size": theme.legend_size},
        "itemclick": False,
        "itemdoubleclick": False,
        "itemwidth": 30,
        "tracegroupgap": 0,
        "bgcolor": theme.legend_bg,
    }
