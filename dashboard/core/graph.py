"""The relations as a graph: the date window, the states-only collapse,
neighbourhoods and betweenness, as pure functions over the validated tables.
Layouts live in positions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import igraph
import networkx as nx
import numpy as np
import pandas as pd

from dashboard.core.codes import distinct
from dashboard.core.timeline import day_number

__all__ = [
    "DaySpans",
    "active_between",
    "active_mask",
    "betweenness",
    "collapse_to_states",
    "neighbourhood",
    "standing_mask",
    "state_of",
    "states_of",
    "touching",
    "touching_mask",
]


def active_between(
    relations: pd.DataFrame, start: date | str | None, end: date | str | None
) -> pd.DataFrame:
    """The relations that overlap the window [start, end], both bounds inclusive.

    A one-off event is active on the days its date covers (all of November for
    ``2025-11``); an ongoing relation runs to the end of the data. Either bound
    may be None for an open window.
    """
    if start is None and end is None:
        return relations
    return relations[active_mask(relations, start, end)]


def active_mask(
    relations: pd.DataFrame, start: date | str | None, end: date | str | None
) -> np.ndarray:
    """Which rows of ``relations`` `active_between` keeps, as a boolean array."""
    mask = np.ones(len(relations), dtype=bool)
    if start is not None:
        last = relations["last"].to_numpy()
        bound = _bound(pd.Timestamp(start), last.dtype)
        if _as_integers(last, bound):  # NaT, the lowest integer, is never after
            mask &= last.view(np.int64) >= bound.astype(np.int64)
        else:
            mask &= last >= bound
    if end is not None:
        first = relations["first"].to_numpy()
        bound = _bound(pd.Timestamp(end), first.dtype)
        if _as_integers(first, bound):
            mask &= first.view(np.int64) <= bound.astype(np.int64)
            mask &= first.view(np.int64) != _NOT_A_TIME  # as dates, NaT is never
        else:
            mask &= first <= bound
    return mask


@dataclass(frozen=True, eq=False)
class DaySpans:
    """The days each row of ``table`` (a relations table) covers, as 32-bit
    day numbers, made once per table: a window's rows are then two compares
    of small integers, where `active_mask` read both columns and compared
    them as 64-bit times in every callback (0.3 ms at 100,000 relations).

    ``firsts`` rounds ``first`` up to a whole day and ``lasts`` rounds
    ``last`` down (NaT: past every day, and before), so that a window of
    whole days keeps the rows `active_mask` keeps.

    >>> spans = DaySpans.of(pd.DataFrame({
    ...     "first": np.array(["2025-11-20", "2025-12-01T12", "NaT"], "datetime64[s]"),
    ...     "last": np.array(["2025-11-30", "2025-12-02", "2025-12-02"], "datetime64[s]")}))
    >>> spans.mask(date(2025, 11, 30), date(2025, 12, 1)).tolist()
    [True, False, False]
    >>> active_mask(spans.table, date(2025, 11, 30), date(2025, 12, 1)).tolist()
    [True, False, False]
    """

    table: pd.DataFrame
    firsts: np.ndarray
    lasts: np.ndarray

    @classmethod
    def of(cls, table: pd.DataFrame) -> DaySpans | None:
        """The spans of ``table``; None when its dates are not datetime64
        (`active_mask` compares those as they are)."""
        first, last = table["first"].to_numpy(), table["last"].to_numpy()
        if first.dtype.kind != "M" or last.dtype.kind != "M":
            return None
        floor = first.astype("datetime64[D]")
        # a first day past midnight (never, from the loader) is the next day's
        ceiling = floor.view(np.int64) + (floor != first)
        return cls(
            table=table,
            firsts=_day_numbers(ceiling, np.isnat(first), missing=_LAST_DAY),
            lasts=_day_numbers(
                last.astype("datetime64[D]").view(np.int64), np.isnat(last),
                missing=_FIRST_DAY,
            ),
        )  # fmt: skip

    def mask(self, start: date, end: date) -> np.ndarray:
        """`active_mask` of the table for the window [start, end]: whole
        days (`date`, not `datetime`), both given, as a View holds them."""
        inside = self.lasts >= day_number(start)
        inside &= self.firsts <= day_number(end)
        return inside


#: the ends of 32-bit day numbers: a NaT ``last`` never after any start, a
#: NaT ``first`` never before any end
_FIRST_DAY, _LAST_DAY = np.iinfo(np.int32).min, np.iinfo(np.int32).max


def _day_numbers(days: np.ndarray, nat: np.ndarray, *, missing: int) -> np.ndarray:
    """Day numbers (int64) as 32-bit ones, ``nat`` as ``missing``; those
    beyond 32 bits (no date reaches them) held inside its ends."""
    inside = np.clip(days, _FIRST_DAY + 1, _LAST_DAY - 1)
    return np.where(nat, missing, inside).astype(np.int32)


#: NaT as the integer numpy keeps it as
_NOT_A_TIME = np.datetime64("NaT").astype(np.int64)


def _as_integers(dates: np.ndarray, bound: np.datetime64) -> bool:
    """Whether ``dates`` compare with ``bound`` as the integers they are kept
    as (both in one unit): numpy compares dates one by one, minding NaT, and
    took 0.28 ms a window over 100,000 relations; integers take 0.04 ms."""
    return dates.dtype.kind == "M" and bound.dtype == dates.dtype


def _bound(day: pd.Timestamp, dtype: np.dtype) -> np.datetime64:
    """``day`` in the unit of the dates it is compared with, when that loses
    nothing: numpy then compares them as they are, five times sooner than
    after converting 100,000 dates to the unit of ``day``."""
    bound = np.datetime64(day)
    if dtype.kind == "M" and bound.astype(dtype) == bound:
        return bound.astype(dtype)
    return bound


def standing_mask(relations: pd.DataFrame) -> np.ndarray:
    """Which relations are *standing*: known to hold as of a date (precision
    ``as-of``: "a loyal ally", "does not recognize"), with no word on when
    they began. Their date is when the source vouches for them, not a start:
    they never count as appearing then.

    >>> standing_mask(pd.DataFrame({"precision": ["day", "as-of"]})).tolist()
    [False, True]
    """
    if "precision" not in relations:
        return np.zeros(len(relations), dtype=bool)
    return relations["precision"].to_numpy(dtype=object) == "as-of"


def collapse_to_states(actors: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Relations redrawn between states: each person, organisation or company is
    replaced by the state of its ``country``.

    The original endpoints are kept in ``via_source`` and ``via_target``.
    Relations inside one state (the US appointing its own envoy) and relations
    with an actor that has no state in the data are left out.
    """
    state_of = states_of(actors)
    collapsed = relations.assign(
        via_source=relations["source"],
        via_target=relations["target"],
        source=relations["source"].map(state_of),
        target=relations["target"].map(state_of),
    )
    keep = (
        collapsed["source"].notna()
        & collapsed["target"].notna()
        & (collapsed["source"] != collapsed["target"])
    )
    return collapsed[keep]


def states_of(actors: pd.DataFrame) -> dict[str, str | None]:
    """Each actor's state in the states-only view: the state of its
    ``country``, the first listed when the data has two (a rival government),
    as `state_of` finds it; a state's is itself; None when the data has none.
    (The last listed had taken every relation of the country, its other
    state's too.)

    >>> states_of(pd.DataFrame({"id": ["s-ven", "rival", "maduro", "x"],
    ...     "kind": ["state", "state", "person", "person"],
    ...     "country": ["VEN", "VEN", "VEN", "ZZZ"]}))
    {'s-ven': 's-ven', 'rival': 'rival', 'maduro': 's-ven', 'x': None}
    """
    is_state = (actors["kind"] == "state").to_numpy()
    states = actors[is_state]
    first_state: dict[str, str] = {}
    for country, state in zip(states["country"], states["id"]):
        if country:
            first_state.setdefault(country, state)
    return {
        actor_id: actor_id if state else first_state.get(country)
        for actor_id, country, state in zip(actors["id"], actors["country"], is_state)
    }


def touching(relations: pd.DataFrame, actor: str) -> pd.DataFrame:
    """The relations ``actor`` takes part in, also where the states-only view
    merged it into its state (``via_source``/``via_target``)."""
    return relations[touching_mask(relations, actor)]


def touching_mask(relations: pd.DataFrame, actor: str) -> np.ndarray:
    """Which rows of ``relations`` `touching` keeps, as a boolean array."""
    # numpy compares object arrays three times faster than pandas compares strings
    ends = ["source", "target"] + ["via_source", "via_target"] * (
        "via_source" in relations
    )
    mask = np.zeros(len(relations), dtype=bool)
    for end in ends:
        mask |= relations[end].to_numpy(dtype=object) == actor
    return mask


def state_of(actors: pd.DataFrame, actor: str) -> str:
    """The state an actor belongs to (itself for a state, or when it has none)."""
    row = actors[actors["id"] == actor]
    if row.empty or row.iloc[0]["kind"] == "state":
        return actor
    state = actors[
        (actors["kind"] == "state") & (actors["country"] == row.iloc[0]["country"])
    ]
    return state.iloc[0]["id"] if len(state) and row.iloc[0]["country"] else actor


def neighbourhood(graph: nx.Graph, actor: str, depth: int = 1) -> set[str]:
    """The actors within ``depth`` relations of ``actor``, in either direction."""
    if actor not in graph:
        return set()
    if graph.is_directed():
        graph = graph.to_undirected(as_view=True)
    # a breadth-first search, not ego_graph: that copies the subgraph, a second
    # for the busiest actor of 100,000 relations
    return set(nx.single_source_shortest_path_length(graph, actor, cutoff=depth))


#: Above this many actors betweenness is estimated from SAMPLE sources: the
#: exact measure grows with actors x relations and would take minutes.
EXACT_LIMIT, SAMPLE = 500, 200


def betweenness(
    nodes: list[str], sources: np.ndarray, targets: np.ndarray
) -> dict[str, float]:
    """Normalised betweenness of ``nodes`` in the simple undirected graph of
    the relations from ``sources[i]`` to ``targets[i]`` (ids; either
    direction, repeats counted once).

    Exact (networkx) up to EXACT_LIMIT actors; beyond, estimated like
    networkx's ``k`` sample, from SAMPLE seeded sources, by igraph in C: a
    quarter of a second for 5,000 actors where networkx takes ten. The
    edges are found on integer codes: a million relations' in a fraction
    of a second, where a set of sorted tuples took two.
    """
    if len(nodes) <= EXACT_LIMIT:
        simple = nx.Graph()
        simple.add_nodes_from(nodes)
        simple.add_edges_from(
            (a, b) for a, b in zip(sources.tolist(), targets.tolist()) if a != b
        )
        return nx.betweenness_centrality(simple) if len(simple) > 2 else {}
    index = pd.Index(np.asarray(nodes, dtype=object), dtype=object)
    a, b = (
        index.get_indexer(pd.Index(ends, dtype=object)) for ends in (sources, targets)
    )
    low, high = np.minimum(a, b), np.maximum(a, b)
    n = len(nodes)
    # each pair once, in the order of (low, high): the edges igraph is given
    apart = low != high
    keys = distinct(low[apart].astype(np.int64) * n + high[apart])
    fast = igraph.Graph(n=n, edges=np.column_stack([keys // n, keys % n]).tolist())
    sampled = np.random.default_rng(0).choice(n, size=SAMPLE, replace=False)
    # igraph counts each pair once; scale the sample up to all n sources and
    # divide by the (n-1)(n-2)/2 pairs that could pass through a node
    sums = fast.betweenness(directed=False, sources=sampled.tolist(), targets=None)
    scale = n / SAMPLE / ((n - 1) * (n - 2) / 2)
    return {node: value * scale for node, value in zip(nodes, sums)}
