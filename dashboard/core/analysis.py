"""Questions analysts ask the network of a window: paths, rankings, blocs, change.

Pure functions over the relations table (already filtered to a window); the
networkx algorithms do the graph work.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import islice

import igraph
import networkx as nx
import numpy as np
import pandas as pd

from dashboard.core.cells import source_names
from dashboard.core.graph import (
    active_mask,
    betweenness,
    neighbourhood,
    standing_mask,
)
from dashboard.core.vocabulary import STANCES

__all__ = [
    "Change",
    "PathResult",
    "blocs",
    "compare_windows",
    "focus_relations",
    "near_codes",
    "on_shortest_paths",
    "pair_relations",
    "rankings",
    "shortest_paths",
]


def _undirected(relations: pd.DataFrame) -> nx.Graph:
    """Who is tied to whom: each pair once (in the order of the relations, so
    that paths come out the same every time)."""
    graph = nx.Graph()
    graph.add_edges_from(dict.fromkeys(_pairs(relations)))
    return graph


def focus_relations(relations: pd.DataFrame, actor: str, depth: int) -> pd.DataFrame:
    """The relations among the actors within ``depth`` steps of ``actor``."""
    near = neighbourhood(_undirected(relations), actor, depth)
    return relations[relations["source"].isin(near) & relations["target"].isin(near)]


def near_codes(
    source: np.ndarray, target: np.ndarray, actor: int, depth: int, actors: int
) -> np.ndarray:
    """Which of ``actors`` actor codes lie within ``depth`` relations of
    ``actor`` (a code, -1 for none), the relations' ends given as codes
    (core/codes.py): `focus_relations`'s neighbourhood, found on integers, a
    millisecond where a graph of the window's ids takes 0.1 s. An end of -1
    (not drawn) joins nothing.

    >>> near_codes(np.array([0, 1, 3]), np.array([1, 2, 4]), 0, 1, 5).tolist()
    [True, True, False, False, False]
    """
    near = np.zeros(actors + 1, dtype=bool)  # the last: the ends of -1
    if actor >= 0:
        near[actor] = True
    for _ in range(depth):
        touching = near[source] | near[target]
        near[source[touching]] = near[target[touching]] = True
        near[-1] = False
    return near[:-1]


#: How many shortest chains `shortest_paths` lists (and draws) at most.
PATHS = 5


def on_shortest_paths(
    source: np.ndarray, target: np.ndarray, start: int, end: int, actors: int
) -> np.ndarray:
    """Which relations (ends given as codes, as in `near_codes`) lie on the
    chains `shortest_paths` finds from ``start`` to ``end``: the same chains,
    as networkx lists them from the same graph, but searched only among the
    actors on some shortest chain, whose order networkx's search keeps (an
    actor's earlier neighbours are all on such a chain), so that a chain's
    relations are counted without a graph of the whole window.

    >>> on_shortest_paths(np.array([0, 1, 0, 3]), np.array([1, 2, 3, 2]),
    ...                   0, 2, 4).tolist()
    [True, True, True, True]
    """
    none = np.zeros(len(source), dtype=bool)
    if start < 0 or end < 0 or start == end:
        return none
    steps, back = _steps_from(source, target, [start, end], actors)
    far = steps[end]
    if far < 0:  # no chain, or an end without relations here
        return none
    low, high = np.minimum(source, target), np.maximum(source, target)
    keys = low.astype(np.int64) * (actors + 1) + high
    on = (steps[low] >= 0) & (back[high] >= 0) & (steps[low] + back[high] + 1 == far)
    on |= (steps[high] >= 0) & (back[low] >= 0) & (steps[high] + back[low] + 1 == far)
    # each pair once, in the order of the relations, as `_undirected` adds them
    _, first = np.unique(keys[on], return_index=True)
    order = np.sort(first)
    graph = nx.Graph()
    graph.add_edges_from(zip(low[on][order].tolist(), high[on][order].tolist()))
    chains = islice(nx.all_shortest_paths(graph, start, end), PATHS)
    pairs = [min(a, b) * (actors + 1) + max(a, b) for chain in chains
             for a, b in zip(chain, chain[1:])]  # fmt: skip
    return np.isin(keys, pairs)


def _steps_from(
    source: np.ndarray, target: np.ndarray, ends: list[int], actors: int
) -> np.ndarray:
    """How many relations each actor code is from each of ``ends`` (a row
    each; -1: not reached), and one more column, last, of -1 for the ends
    of -1 (not drawn). igraph's search in C: a search on numpy, a pass over
    every relation per step, took seconds along a chain of thousands."""
    drawn = (source >= 0) & (target >= 0)
    graph = igraph.Graph(n=actors, edges=np.column_stack([source, target])[drawn])
    steps = np.array(graph.distances(source=ends, mode="all"), dtype=float)
    steps[np.isinf(steps)] = -1
    return np.column_stack([steps, np.full(len(ends), -1)]).astype(np.int64)


@dataclass(frozen=True)
class PathResult:
    """Shortest chains between two actors and the relations along them."""

    paths: list[list[str]]
    relations: pd.DataFrame  # every relation on any of the paths
    steps: list[tuple[str, str, pd.DataFrame]]  # (actor, next actor, their relations)
    total: int = 0  # how many shortest chains there are, of which ``paths``


def shortest_paths(
    relations: pd.DataFrame, start: str, end: str, *, limit: int = PATHS
) -> PathResult:
    """All shortest chains of relations from ``start`` to ``end`` (either
    direction counts: a chain is who is connected to whom), at most ``limit``,
    and how many there are (`PathResult.total`)."""
    graph = _undirected(relations)
    empty = PathResult([], relations.iloc[0:0], [])
    if start not in graph or end not in graph or start == end:
        return empty
    try:
        paths = []
        for path in nx.all_shortest_paths(graph, start, end):
            paths.append(path)
            if len(paths) == limit:
                break
    except nx.NetworkXNoPath:
        return empty
    steps, ids = [], set()
    seen_steps = set()
    on_paths = {actor for path in paths for actor in path}
    relations = relations[  # those among the actors on the paths, searched once
        relations["source"].isin(on_paths) & relations["target"].isin(on_paths)
    ]
    for path in paths:
        for a, b in zip(path, path[1:]):
            between = pair_relations(relations, a, b)
            ids.update(between["id"])
            if (a, b) not in seen_steps:
                seen_steps.add((a, b))
                steps.append((a, b, between))
    total = len(paths) if len(paths) < limit else _count_shortest(graph, start, end)
    return PathResult(paths, relations[relations["id"].isin(ids)], steps, total)


def _count_shortest(graph: nx.Graph, start: str, end: str) -> int:
    """How many shortest chains join ``start`` to ``end``: counted layer by
    layer out from ``start`` (each node: the sum of its neighbours' counts one
    step nearer), not listed, as thousands may.

    >>> _count_shortest(nx.Graph([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]), "a", "d")
    2
    """
    distance = nx.single_source_shortest_path_length(graph, start)
    far = distance[end]
    counts = {start: 1}
    for node in sorted(
        (n for n, d in distance.items() if 0 < d <= far), key=distance.get
    ):
        counts[node] = sum(
            counts[near]
            for near in graph[node]
            if distance.get(near) == distance[node] - 1
        )
    return counts[end]


def pair_relations(relations: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Every relation between two actors, either direction, in date order."""
    mask = ((relations["source"] == a) & (relations["target"] == b)) | (
        (relations["source"] == b) & (relations["target"] == a)
    )
    return relations[mask].sort_values(["first", "id"])


def rankings(actors: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """One row per actor with relations in the window: name, degree, ties by
    stance, betweenness and the number of distinct sources behind its relations.

    Counted with pandas over both ends of every relation, and sources parsed
    once per distinct ``reported_by`` text: a window of 100,000 relations
    takes well under a second (betweenness: see `betweenness`).
    """
    columns = [
        "id", "name", "kind", "country", "degree", "cooperative", "neutral",
        "conflictual", "betweenness", "sources",
    ]  # fmt: skip
    if relations.empty:
        return pd.DataFrame(columns=columns)
    source, target = (relations[end].to_numpy(object) for end in ("source", "target"))
    ends = pd.DataFrame(
        {
            "actor": np.concatenate([source, target]),
            "stance": np.tile(relations["stance"].to_numpy(object), 2),
            "reported_by": np.tile(relations["reported_by"].to_numpy(object), 2),
        }
    )
    degree = ends.groupby("actor").size()
    stances = ends.groupby(["actor", "stance"]).size().unstack(fill_value=0)
    sources: dict[str, set[str]] = {}
    reports = ends[["actor", "reported_by"]].drop_duplicates()
    parsed = {text: source_names(text) for text in reports["reported_by"].unique()}
    # as Python lists: iterating pandas' columns costs a call per value
    for actor, text in zip(reports["actor"].tolist(), reports["reported_by"].tolist()):
        sources.setdefault(actor, set()).update(parsed[text])
    nodes = list(dict.fromkeys(ends["actor"].tolist()))
    between = betweenness(nodes, source, target)
    table = actors[actors["id"].isin(degree.index)][["id", "name", "kind", "country"]]
    table = table.assign(
        degree=degree.reindex(table["id"]).to_numpy(),
        **{
            stance: stances[stance].reindex(table["id"], fill_value=0).to_numpy()
            if stance in stances
            else 0
            for stance in STANCES
        },
        betweenness=[round(float(between.get(a, 0.0)), 3) for a in table["id"]],
        sources=[len(sources[a]) for a in table["id"]],
    )
    return table.sort_values(
        ["degree", "betweenness"], ascending=False, ignore_index=True
    )[columns]


def blocs(relations: pd.DataFrame, names: dict[str, str]) -> dict[str, str]:
    """Actor id -> bloc name, from communities of the cooperative ties.

    Ties are weighted by how many cooperative relations a pair has (three
    gestures of support weigh more than one). Greedy modularity is deterministic,
    so a bloc keeps its colour between two looks at the same window. A bloc is
    named after its member with the most cooperative relations; when two tie,
    after both. Actors with no cooperative tie belong to no bloc.
    """
    cooperative = relations[relations["stance"] == "cooperative"]
    weights = Counter(pair for pair in _pairs(cooperative) if pair[0] != pair[1])
    if not weights:
        return {}
    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, n) for (a, b), n in weights.items())
    if len(graph) <= 500:
        communities = nx.community.greedy_modularity_communities(graph, weight="weight")
    else:  # greedy modularity slows down badly on large graphs
        communities = _louvain(graph)
    strength = dict(graph.degree(weight="weight"))
    membership = {}
    for members in communities:
        top = max(strength[actor] for actor in members)
        leaders = sorted(names.get(a, a) for a in members if strength[a] == top)
        label = " / ".join(leaders[:2]) + (" …" if len(leaders) > 2 else "") + " bloc"
        membership.update({actor: label for actor in members})
    return membership


def _louvain(graph: nx.Graph) -> list[set[str]]:
    """Seeded Louvain communities, by igraph in C: 50 ms for 5,000 actors where
    networkx's takes a second."""
    nodes = list(graph)
    index = {node: number for number, node in enumerate(nodes)}
    fast = igraph.Graph(
        n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges]
    )
    weights = [weight for _, _, weight in graph.edges(data="weight")]
    igraph.set_random_number_generator(random.Random(0))
    try:
        found = fast.community_multilevel(weights=weights)
    finally:
        igraph.set_random_number_generator(random)
    return [{nodes[number] for number in members} for members in found]


@dataclass(frozen=True)
class Change:
    """What changed between two windows, and what the data cannot date."""

    appeared: pd.DataFrame  # active in the second window, not in the first
    ended: pd.DataFrame  # active in the first window, not in the second
    flipped: pd.DataFrame  # relations of pairs whose prevailing stance changed
    # standing relations (`standing_mask`) active in the second window only:
    # known as of a day in it, their start unknown, so not counted as appeared
    standing: pd.DataFrame


def compare_windows(
    relations: pd.DataFrame, before: tuple[date, date], after: tuple[date, date]
) -> Change:
    """Relations that appeared, ended, or whose pair changed stance between two windows.

    A pair's prevailing stance is the most frequent stance of its relations in
    a window (ties go to conflictual, then neutral: pressure weighs more).
    Standing relations (known only as of a date) never appear: they are
    listed apart, and left out of the stances, since nothing says they did
    not hold before. An ongoing relation never ends (a second window past
    the end of the data holds nothing). Each list keeps the table's order.

    Counted on integer codes (pairs by `pd.factorize`, stances by a
    bincount): the two halves of 100,000 relations compared in milliseconds,
    where a dict per pair took a second.
    """
    first = active_mask(relations, *before)
    second = active_mask(relations, *after)
    undated = standing_mask(relations)
    ongoing = (
        relations["ongoing"].to_numpy(dtype=bool)
        if "ongoing" in relations
        else np.zeros(len(relations), dtype=bool)
    )
    pair = _pair_codes(relations)
    stance = _STANCE_RANK.get_indexer(relations["stance"].to_numpy(dtype=object))
    dated_first, dated_second = first & ~undated, second & ~undated
    held_before = _prevailing(pair, stance, dated_first)
    held_after = _prevailing(pair, stance, dated_second)
    turned = (held_before >= 0) & (held_after >= 0) & (held_before != held_after)
    new = second & ~first
    return Change(
        appeared=relations[new & ~undated],
        ended=relations[first & ~second & ~ongoing],
        flipped=relations[(dated_first | dated_second) & turned[pair]],
        standing=relations[new & undated],
    )


#: Stances from the one that weighs most to the least: a tie between two
#: counts goes to the first (pressure weighs more).
_STANCE_RANK = pd.Index(["conflictual", "neutral", "cooperative"], dtype=object)


def _pair_codes(relations: pd.DataFrame) -> np.ndarray:
    """Each relation's pair of actors (either direction) as a code."""
    ends = np.concatenate(
        [relations[end].to_numpy(dtype=object) for end in ("source", "target")]
    )
    codes, actors = pd.factorize(ends)
    source, target = codes[: len(relations)], codes[len(relations) :]
    low = np.minimum(source, target).astype(np.int64)
    return pd.factorize(low * len(actors) + np.maximum(source, target))[0]


def _prevailing(pair: np.ndarray, stance: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each pair's most frequent stance (a position in _STANCE_RANK) among
    the relations at ``rows`` (a mask); -1 for a pair with none there."""
    pairs = int(pair.max()) + 1 if len(pair) else 0
    width = len(_STANCE_RANK)
    counts = np.bincount(
        pair[rows] * width + stance[rows], minlength=pairs * width
    ).reshape(pairs, width)
    return np.where(counts.any(axis=1), counts.argmax(axis=1), -1)


def _pairs(relations: pd.DataFrame) -> list[tuple[str, str]]:
    """Each relation's pair of actors, in either direction (alphabetical)."""
    return [
        (source, target) if source <= target else (target, source)
        for source, target in zip(
            relations["source"].tolist(), relations["target"].tolist()
        )
    ]
