"""Every actor's part of a figure (label, hover text, colour, place), written
once per data set: a callback then picks the drawn actors' by array indexing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.core.codes import ActorCounts
from dashboard.core.describe import ACTOR_FIELDS, actor_label, records, wrap
from dashboard.core.geo import country_name
from dashboard.core.text import markup
from dashboard.figures.style import NO_COUNTRY_COLOUR, country_colour, rgba

__all__ = [
    "among",
    "LABEL_LIMIT",
    "ActorTable",
    "actor_table",
    "bright",
    "busiest",
    "clicked_as",
    "counts_of",
    "either",
    "faded",
    "involved",
    "lookup",
    "node_colours_of",
    "uniform",
]

#: Above this many actors on screen, only the busiest are labelled (and hover
#: names the rest): thousands of labels are a grey smear, not information.
LABEL_LIMIT = 30


@dataclass(frozen=True, eq=False)
class ActorTable:
    """The actors of a table, sorted by id (so that their positions here
    compare as the ids do), each with what the figures draw for it; ``at``
    adds where each one is drawn."""

    ids: np.ndarray  # object
    index: pd.Index  # ids, hashed once
    kind: np.ndarray
    country: np.ndarray  # "" for none
    label: np.ndarray  # the label drawn, as markup
    map_hover: np.ndarray  # the map's hover: name and role (or kind)
    graph_hover: np.ndarray  # the graph's, up to the count of relations
    colour: np.ndarray  # the country's colour
    #: where each actor is drawn ((x, y) or (lon, lat); NaN: nowhere) and, on
    #: the map, its (angle, radius px) on a ring around that place (NaN: at it)
    xy: np.ndarray | None = None
    ring: np.ndarray | None = None
    #: (lowest x, highest x, lowest y, highest y) of every place given to `at`
    extent: tuple[float, float, float, float] | None = None
    #: the position of each id, for `rows` of a few hundred (none: `index`)
    row_of: dict[str, int] | None = None

    def rows(self, ids: Iterable[str]) -> np.ndarray:
        """The positions of ``ids`` here; -1 for an id the table lacks."""
        ids = np.asarray(ids, dtype=object)
        if self.row_of is not None and len(ids) < _FEW:
            # a dict's lookups: a pandas Index made to look them up costs
            # 12 us before the first, twice a dict's time at 250 ids
            get = self.row_of.get
            return np.fromiter(
                (get(one, -1) for one in ids.tolist()), np.intp, len(ids)
            )
        # an Index of objects: pandas would otherwise copy the ids into its
        # own strings first (Arrow's, when installed), four times slower
        return self.index.get_indexer(pd.Index(ids, dtype=object))

    def at(self, where: Mapping[str, Sequence]) -> ActorTable:
        """The same actors drawn at ``where``: (x, y) or (lon, lat, angle,
        radius) by id, as `network_positions` or `map_places` give them."""
        missing = (np.nan,) * 4
        found = [where.get(actor, missing) for actor in self.ids.tolist()]
        xy = np.array([place[:2] for place in found], dtype=float).reshape(-1, 2)
        ring = np.array([(*place[2:4], np.nan, np.nan)[:2] for place in found])
        extent = None
        if where:
            every = np.array([place[:2] for place in where.values()], dtype=float)
            low, high = every.min(axis=0), every.max(axis=0)
            extent = (float(low[0]), float(high[0]), float(low[1]), float(high[1]))
        ring = ring.astype(float).reshape(-1, 2)
        return replace(self, xy=xy, ring=ring, extent=extent)


#: Below this many ids, `ActorTable.rows` looks them up in a dict; above, a
#: pandas Index's hash table is the faster (1,500: 64 against 74 us).
_FEW = 1000


def actor_table(actors: pd.DataFrame) -> ActorTable:
    """What the figures draw for each of ``actors``: written once per data set,
    where a callback would write it again for every actor drawn."""
    rows = sorted(records(actors, ACTOR_FIELDS), key=lambda row: row["id"])
    ids = np.array([row["id"] for row in rows], dtype=object)

    def column(values) -> np.ndarray:
        return np.array(list(values), dtype=object).reshape(len(rows))

    return ActorTable(
        ids=ids,
        index=_hashed(pd.Index(ids, dtype=object)),
        row_of={actor: row for row, actor in enumerate(ids.tolist())},
        kind=column(row["kind"] for row in rows),
        country=column(row.get("country") or "" for row in rows),
        label=column(markup(actor_label(row)) for row in rows),
        map_hover=column(
            f"<b>{markup(row['name'])}</b><br>{markup(row.get('role') or row['kind'])}"
            for row in rows
        ),
        graph_hover=column(_graph_hover(row) for row in rows),
        colour=column(country_colour(row.get("country")) for row in rows),
    )


def _graph_hover(actor: dict) -> str:
    """The graph's hover text of ``actor`` up to the line that counts its
    relations in the window, which each view adds (`counted_hover`)."""
    lines = [f"<b>{markup(actor['name'])}</b>"]
    if actor.get("role"):
        lines.append(wrap(actor["role"], 50))  # escaped as it is wrapped
    if actor.get("country"):
        lines.append(country_name(actor["country"]))
    return "<br>".join(lines) + "<br>"


def _hashed(index: pd.Index) -> pd.Index:
    """``index`` with its hash table built now, not in a first callback."""
    index.get_indexer(index[:1])
    return index


def lookup(table: ActorTable, actors: pd.DataFrame) -> np.ndarray | None:
    """The positions in ``table`` of the rows of ``actors`` (in their order),
    or None when ``table`` lacks one of them."""
    rows = table.rows(actors["id"].to_numpy(dtype=object))
    return None if (rows < 0).any() else rows


def counts_of(
    degree: Mapping[str, int], table: ActorTable, rows: np.ndarray
) -> np.ndarray:
    """How many relations each actor at ``rows`` of ``table`` has in
    ``degree`` (none: 0): picked by position from `ActorCounts` over the
    table's own ids, else looked up one by one."""
    if isinstance(degree, ActorCounts) and degree.actors is table.ids:
        return degree.counts[rows]
    return np.array([degree.get(a, 0) for a in table.ids[rows].tolist()], dtype=int)


def involved(degree: Mapping[str, int], table: ActorTable, rows: np.ndarray):
    """Which actors at ``rows`` of ``table`` are in ``degree``."""
    if isinstance(degree, ActorCounts) and degree.actors is table.ids:
        return degree.counts[rows] > 0
    found = [actor in degree for actor in table.ids[rows].tolist()]
    return np.array(found, dtype=bool).reshape(len(rows))


def among(ids: np.ndarray, chosen) -> np.ndarray:
    """Which of ``ids`` are in ``chosen`` (a set or a list of ids): one hash
    lookup each, where `np.isin` sorts both sides as Python objects (a
    selection of a busy state emphasises tens of thousands of actors).

    >>> among(np.array(["a", "b", "c"], dtype=object), {"c", "a"}).tolist()
    [True, False, True]
    """
    chosen = chosen if isinstance(chosen, (set, frozenset)) else set(chosen)
    return np.fromiter(map(chosen.__contains__, ids.tolist()), bool, len(ids))


def bright(active: np.ndarray, ids: np.ndarray, strong: set[str] | None) -> np.ndarray:
    """Which actors are drawn at full strength: ``active`` ones (with
    relations in the window) that are emphasised (``strong``; None: all)."""
    if strong is None:
        return active
    chosen = np.array([actor in strong for actor in ids.tolist()], dtype=bool)
    return active & chosen.reshape(len(ids))


def faded(hexes: np.ndarray, full: np.ndarray, alpha: float) -> list[str]:
    """``rgba()`` of each colour (hex) at full strength where ``full``, else
    at ``alpha``; each distinct colour written once."""
    # by dicts of the few distinct colours: pandas' factorize cost a third more
    colours = hexes.tolist()
    strong = {colour: rgba(colour, 1.0) for colour in set(colours)}
    weak = {colour: rgba(colour, alpha) for colour in strong}
    return [
        strong[colour] if chosen else weak[colour]
        for colour, chosen in zip(colours, full.tolist())
    ]


def either(chosen: np.ndarray, yes: str, no: str) -> list[str]:
    """``yes`` where ``chosen``, else ``no``."""
    return [yes if one else no for one in chosen.tolist()]


def uniform(values: list):
    """One value for a per-point list whose values are all the same, else the
    list: plotly.js draws both alike, and a large view's markers mostly share
    one colour and outline (nothing dimmed), which as lists were a tenth of
    its answer, and a colour parsed per point in the browser."""
    if values and values.count(values[0]) == len(values):
        return values[0]
    return values


def clicked_as(kind: str, ids: np.ndarray) -> list[list[str]]:
    """The customdata a click on each of ``ids`` sends: [kind, id]."""
    return [[kind, one] for one in ids.tolist()]


def node_colours_of(
    table: ActorTable, rows: np.ndarray, node_colours: dict[str, str] | None
) -> np.ndarray:
    """Each actor's colour (hex): from ``node_colours`` (blocs) when given,
    else its country's."""
    if node_colours is None:
        return table.colour[rows]
    return np.array(
        [node_colours.get(actor, NO_COUNTRY_COLOUR) for actor in table.ids[rows]],
        dtype=object,
    ).reshape(len(rows))


def busiest(degree: Mapping[str, int], limit: int = LABEL_LIMIT) -> set[str]:
    """The ``limit`` actors with the most relations; ties go to those met
    first in ``degree``, as `heapq.nlargest` gives them."""
    if isinstance(degree, ActorCounts):
        return set(degree.busiest(limit))
    if len(degree) <= limit:
        return set(degree)
    counts = np.fromiter(degree.values(), dtype=float, count=len(degree))
    least = np.partition(counts, len(counts) - limit)[len(counts) - limit]
    above = np.flatnonzero(counts > least)
    tied = np.flatnonzero(counts == least)[: limit - len(above)]
    keys = np.fromiter(degree.keys(), dtype=object, count=len(degree))
    return set(keys[above].tolist()) | set(keys[tied].tolist())
