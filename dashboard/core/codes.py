"""Relations as integers: actor, pair, stance and confidence codes, made once at
start-up.

Counting 100,000 relations by pair of actors takes a millisecond with numpy on
integer codes and a second with pandas on strings (hashing every id again in
every callback). Codes are looked up by the row labels of the prepared
relations table, which every filtered view keeps.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.core.vocabulary import CONFIDENCE_LEVELS, STANCES

__all__ = ["CONFIDENCE_ORDER", "STANCE_ORDER", "ActorCounts", "Codes", "encode"]

#: Stance and confidence in the alphabetical order their counts are listed in.
STANCE_ORDER = tuple(sorted(STANCES))
CONFIDENCE_ORDER = tuple(sorted(CONFIDENCE_LEVELS))


@dataclass(frozen=True)
class Codes:
    """One entry per relation: the codes of its two ends (positions in
    ``actors``, which is sorted, so that codes compare as the ids do), of its
    pair of actors (a row of ``pairs``: the two ends' codes, lower first, rows
    sorted), of its stance (in STANCE_ORDER) and confidence (CONFIDENCE_ORDER).
    An end or pair of -1 is a relation that is not drawn."""

    actors: np.ndarray
    pairs: np.ndarray
    source: np.ndarray
    target: np.ndarray
    pair: np.ndarray
    stance: np.ndarray
    confidence: np.ndarray

    def at(self, labels: np.ndarray) -> Codes:
        """The codes of the relations with these row labels."""
        return replace(
            self,
            source=self.source[labels],
            target=self.target[labels],
            pair=self.pair[labels],
            stance=self.stance[labels],
            confidence=self.confidence[labels],
        )

    def touching(self, actor: str) -> np.ndarray:
        """Which relations (by row label) have ``actor`` at one end: integers
        compared, twenty times faster than ids."""
        code = np.searchsorted(self.actors, actor)
        if code == len(self.actors) or self.actors[code] != actor:
            return np.zeros(len(self.source), dtype=bool)
        return (self.source == code) | (self.target == code)

    def per_actor(self) -> dict[str, int]:
        """How many relations each actor takes part in, by id (none: left out)."""
        counts = self.actor_counts().counts
        present = np.flatnonzero(counts)
        return dict(zip(self.actors[present].tolist(), counts[present].tolist()))

    def actor_counts(self) -> ActorCounts:
        """`per_actor` as arrays, by actor code: no dict of thousands of ids
        made for a figure that looks a few hundred up."""
        ends = np.concatenate([self.source, self.target])
        counts = np.bincount(ends[ends >= 0], minlength=len(self.actors))
        return ActorCounts(self.actors, counts)

    def with_ends(self, relations: pd.DataFrame) -> Codes:
        """The same relations with the ends ``relations`` (some of them) gives
        them now: the states-only view redraws them between states."""
        moved = encode(relations, self.actors)
        labels = relations.index.to_numpy()
        source, target, pair = (np.full(len(self.source), -1) for _ in range(3))
        source[labels], target[labels] = moved.source, moved.target
        pair[labels] = moved.pair
        return replace(self, pairs=moved.pairs, source=source, target=target, pair=pair)


class ActorCounts(Mapping):
    """How many relations each actor takes part in: ``counts[i]`` for
    ``actors[i]`` (sorted ids, as `Codes.actors`). As a mapping, the actors
    with any, in the order of their ids, like `Codes.per_actor`'s dict.

    >>> counts = ActorCounts(np.array(["a", "b", "c"], dtype=object), np.array([2, 0, 1]))
    >>> dict(counts), counts.get("b", 0), "c" in counts
    ({'a': 2, 'c': 1}, 0, True)
    """

    def __init__(self, actors: np.ndarray, counts: np.ndarray) -> None:
        self.actors, self.counts = actors, counts
        self._busiest: dict[int, list[str]] = {}

    def busiest(self, limit: int) -> list[str]:
        """The ``limit`` actors with the most relations, ties in the order of
        their ids (as `heapq.nlargest` over the mapping); kept, as both
        figures ask."""
        if limit not in self._busiest:
            present = np.flatnonzero(self.counts)
            order = np.argsort(-self.counts[present], kind="stable")[:limit]
            self._busiest[limit] = self.actors[present[order]].tolist()
        return self._busiest[limit]

    def __getitem__(self, actor: str) -> int:
        code = int(np.searchsorted(self.actors, actor))
        if code < len(self.actors) and self.actors[code] == actor and self.counts[code]:
            return int(self.counts[code])
        raise KeyError(actor)

    def __iter__(self) -> Iterator[str]:
        return iter(self.actors[self.counts > 0].tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self.counts))


def encode(relations: pd.DataFrame, actors: np.ndarray | None = None) -> Codes:
    """Codes of every row of ``relations``; ``actors`` (sorted) defaults to the
    ids the relations name.

    >>> rows = pd.DataFrame({"source": ["b", "a", "c"], "target": ["a", "c", "a"],
    ...     "stance": ["neutral", "cooperative", "neutral"],
    ...     "confidence": ["reported"] * 3})
    >>> codes = encode(rows)
    >>> list(codes.actors), codes.source.tolist(), codes.target.tolist()
    (['a', 'b', 'c'], [1, 0, 2], [0, 2, 0])
    >>> codes.pairs.tolist(), codes.pair.tolist()
    ([[0, 1], [0, 2]], [0, 1, 1])
    """
    source = relations["source"].to_numpy(dtype=object)
    target = relations["target"].to_numpy(dtype=object)
    if actors is None:
        actors = np.array(sorted(set(source) | set(target)), dtype=object)
    index = pd.Index(actors)
    source, target = index.get_indexer(source), index.get_indexer(target)
    ends = np.sort(np.column_stack([source, target]), axis=1)
    pairs, pair = np.unique(ends, axis=0, return_inverse=True)
    return Codes(
        actors=actors,
        pairs=pairs,
        source=source,
        target=target,
        pair=pair.ravel(),
        stance=_codes(relations["stance"], STANCE_ORDER),
        confidence=_codes(relations["confidence"], CONFIDENCE_ORDER),
    )


def _codes(column: pd.Series, order: tuple[str, ...]) -> np.ndarray:
    return pd.Index(order).get_indexer(column.to_numpy(dtype=object))
