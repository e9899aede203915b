"""Relations as integers: actor, pair, stance and confidence codes, made once at
start-up.

Counting 100,000 relations by pair of actors takes a millisecond with numpy on
integer codes and a second with pandas on strings (hashing every id again in
every callback). Codes are looked up by the row labels of the prepared
relations table, which every filtered view keeps.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property

import numpy as np
import pandas as pd

from dashboard.core.vocabulary import CONFIDENCE_LEVELS, STANCES

__all__ = [
    "ACTOR_CODE",
    "CONFIDENCE_ORDER",
    "STANCE_ORDER",
    "ActorCounts",
    "Codes",
    "descending",
    "distinct",
    "encode",
]

#: Stance and confidence in the alphabetical order their counts are listed in.
STANCE_ORDER = tuple(sorted(STANCES))
CONFIDENCE_ORDER = tuple(sorted(CONFIDENCE_LEVELS))
#: Actor and pair codes as 32-bit integers, stance and confidence as one
#: 8-bit code: a million relations' codes take 13 MB, not 40, and a window's
#: are copied out of them in about half the time.
ACTOR_CODE = np.int32


def distinct(values: np.ndarray, *, counts: bool = False):
    """The distinct values of an array of integers, in order (and, with
    ``counts``, how many of each): `np.unique` by sorting. numpy 2's
    `np.unique` hashes integers instead, 20 to 170 times slower here (a
    million pair keys: 1.2 s, where sorting takes 7 ms).

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    >>> [found.tolist() for found in distinct(np.array([3, 1, 3]), counts=True)]
    [[1, 3], [1, 2]]
    """
    ordered = np.sort(np.asarray(values).ravel())
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    starts = starts[: len(ordered)]  # none when there are no values
    if not counts:
        return ordered[starts]
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def descending(count: np.ndarray) -> np.ndarray:
    """Positions by ``count``, descending, ties in order (a stable sort): a
    window's pairs, or actors, busiest first. Those with the least come last
    in order, unsorted: most pairs of a window have one relation. The others'
    counts as 16-bit keys when they fit: numpy sorts those by radix, in a
    tenth of the time it takes over 64-bit ones.

    >>> descending(np.array([1, 3, 1, 2])).tolist()
    [1, 3, 0, 2]
    """
    if not len(count):
        return np.zeros(0, dtype=np.intp)
    least = count.min()
    quiet = count == least
    more = np.flatnonzero(~quiet)
    rest = count[more]
    most = int(count.max())
    keys = (most - rest).astype(np.uint16) if most - least < 2**16 else -rest
    return np.concatenate(
        [more[np.argsort(keys, kind="stable")], np.flatnonzero(quiet)]
    )


@dataclass(frozen=True)
class Codes:
    """One entry per relation: the codes of its two ends (positions in
    ``actors``, which is sorted, so that codes compare as the ids do), of its
    pair of actors (a row of ``pairs``: the two ends' codes, lower first, rows
    sorted), and of its stance (in STANCE_ORDER) and confidence
    (CONFIDENCE_ORDER) as one ``kind``: ``stance * len(CONFIDENCE_ORDER) +
    confidence``, so that a window's are copied out in one gather, not two.
    An end or pair of -1 is a relation that is not drawn."""

    actors: np.ndarray
    pairs: np.ndarray
    source: np.ndarray
    target: np.ndarray
    pair: np.ndarray
    kind: np.ndarray

    @property
    def stance(self) -> np.ndarray:
        """Each relation's stance, as its place in STANCE_ORDER."""
        return self.kind // len(CONFIDENCE_ORDER)

    @property
    def confidence(self) -> np.ndarray:
        """Each relation's confidence, as its place in CONFIDENCE_ORDER."""
        return self.kind % len(CONFIDENCE_ORDER)

    def at(self, labels: np.ndarray) -> Codes:
        """The codes of the relations with these row labels (integers; a
        mask is made positions first). A column is taken when first read
        (`__getattr__`): a window's figures read every relation's pair, but
        its ends and kinds only for its busiest pairs' relations
        (`Pairs.mixes`), a sixth of them; taking all four columns for every
        relation was a twentieth of a window's time. The labels are kept
        until then, so they must not be changed afterwards (no caller does:
        a view's are read-only)."""
        labels = np.asarray(labels)
        if labels.dtype == bool:  # a mask of a mask would pick other rows
            labels = np.flatnonzero(labels)
        taken = object.__new__(Codes)
        taken.__dict__.update(actors=self.actors, pairs=self.pairs)
        pending, composed = {}, {}
        for name in _COLUMNS:
            if name in self.__dict__:
                pending[name] = self.__dict__[name], labels
            else:  # not read here either: taken from where it would have been
                column, before = self.__dict__["_pending"][name]
                if id(before) not in composed:
                    composed[id(before)] = before[labels]
                pending[name] = column, composed[id(before)]
        taken.__dict__["_pending"] = pending
        return taken

    def __getattr__(self, name: str) -> np.ndarray:
        # only called for an attribute not set: a column `at` has not taken
        # yet; taking it twice (two threads at once) takes the same values
        try:
            column, labels = self.__dict__["_pending"][name]
        except KeyError:
            raise AttributeError(name) from None
        taken = self.__dict__[name] = column[labels]
        return taken

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
        made for a figure that looks a few hundred up. Counted once: the
        header, the summary and the figures of a window all ask."""
        return self._actor_counts

    @cached_property
    def _actor_counts(self) -> ActorCounts:
        # from the pairs' counts, each end of each pair present weighted by
        # its count: a few thousand pairs, not each relation's ends (which a
        # window's codes then need not take); a pair's ends are its
        # relations', and a pair of -1 has ends of -1, counted nowhere
        _, low, high, count = self.pair_counts()
        width = len(self.actors) + 1
        weights = count.astype(np.float64)  # whole numbers: exact to 2**53
        counts = sum(
            np.bincount(
                np.add(ends, 1, dtype=np.intp), weights=weights, minlength=width
            )[1:]
            for ends in (low, high)
        )
        return ActorCounts(self.actors, counts.astype(np.intp))

    def pair_counts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The pairs with relations: their rows in ``pairs``, their ends
        (codes, lower first) and how many relations each has (those not
        drawn, of pair -1, left out). Counted once: `count_pairs` and
        `actor_counts` both start from them."""
        return self._pair_counts

    @cached_property
    def _pair_counts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        # shifted by one, so that -1 falls in a slot of its own; written as
        # the 64-bit integers bincount would otherwise have copied them to
        counted = np.bincount(
            np.add(self.pair, 1, dtype=np.intp), minlength=len(self.pairs) + 1
        )[1:]
        present = np.flatnonzero(counted > 0)  # of a boolean array: ten times sooner
        # an end's column, then the pairs present: a third sooner than both at once
        low, high = self.pairs[:, 0][present], self.pairs[:, 1][present]
        return present, low, high, counted[present]

    def merged(self, into: np.ndarray) -> Codes:
        """The same relations with each end ``e`` replaced by ``into[e]`` (an
        actor's code, -1 for none): those left with an end of -1, or with
        both ends one actor, are not drawn (-1). The states-only view's codes
        from integers, as `with_ends` finds them from the ids of
        `graph.collapse_to_states`'s table.

        >>> codes = encode(pd.DataFrame({"source": ["a", "b", "c"],
        ...     "target": ["c", "a", "b"], "stance": ["neutral"] * 3,
        ...     "confidence": ["reported"] * 3}))
        >>> states = codes.merged(np.array([0, 0, 2]))  # b is part of a
        >>> states.source.tolist(), states.target.tolist(), states.pair.tolist()
        ([0, -1, 2], [2, -1, 0], [0, -1, 0])
        """
        # an end of -1 (not among the actors) stays -1: it takes the last place
        lookup = np.append(into, -1).astype(ACTOR_CODE)
        source, target = lookup[self.source], lookup[self.target]
        drawn = (source >= 0) & (target >= 0) & (source != target)
        source[~drawn] = target[~drawn] = -1
        pairs, kept = _pairs(source[drawn], target[drawn], len(self.actors))
        pair = np.full(len(source), -1, dtype=ACTOR_CODE)
        pair[drawn] = kept
        return replace(self, pairs=pairs, source=source, target=target, pair=pair)

    def with_ends(self, relations: pd.DataFrame) -> Codes:
        """The same relations with the ends ``relations`` (some of them) gives
        them now: the states-only view redraws them between states."""
        moved = encode(relations, self.actors)
        labels = relations.index.to_numpy()
        source, target, pair = (
            np.full(len(self.source), -1, dtype=ACTOR_CODE) for _ in range(3)
        )
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
            counts = self.counts[present]
            if 0 < limit < len(counts):
                # those with at least the limit-th count, in order, ranked:
                # the same first ``limit`` as all of them ranked, a few
                # dozen of thousands sorted
                least = np.partition(counts, len(counts) - limit)[len(counts) - limit]
                kept = counts >= least
                present, counts = present[kept], counts[kept]
            order = descending(counts)[:limit]
            self._busiest[limit] = self.actors[present[order]].tolist()
        return self._busiest[limit]

    def of(self, ids: np.ndarray) -> np.ndarray:
        """The counts of many actors at once (0 for one with none).

        >>> ActorCounts(np.array(["a", "c"], dtype=object), np.array([2, 1])).of(
        ...     np.array(["c", "b", "a"], dtype=object)).tolist()
        [1, 0, 2]
        """
        ids = np.asarray(ids, dtype=object)
        if not len(self.actors) or not len(ids):
            return np.zeros(len(ids), dtype=np.int64)
        codes = np.minimum(np.searchsorted(self.actors, ids), len(self.actors) - 1)
        return np.where(self.actors[codes] == ids, self.counts[codes], 0)

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
    >>> codes.stance.tolist(), codes.confidence.tolist()
    ([2, 1, 2], [1, 1, 1])
    """
    source = relations["source"].to_numpy(dtype=object)
    target = relations["target"].to_numpy(dtype=object)
    if actors is None:
        actors = np.array(sorted(set(source) | set(target)), dtype=object)
    index = pd.Index(actors)
    source = index.get_indexer(source).astype(ACTOR_CODE)
    target = index.get_indexer(target).astype(ACTOR_CODE)
    pairs, pair = _pairs(source, target, len(actors))
    return Codes(
        actors=actors,
        pairs=pairs,
        source=source,
        target=target,
        pair=pair,
        kind=_codes(relations["stance"], STANCE_ORDER) * len(CONFIDENCE_ORDER)
        + _codes(relations["confidence"], CONFIDENCE_ORDER),
    )


def _pairs(
    source: np.ndarray, target: np.ndarray, actors: int
) -> tuple[np.ndarray, np.ndarray]:
    """(pairs, pair): the distinct pairs of ends, lower code first, in order,
    and each relation's row among them. Each pair is one integer while they
    are found: `np.unique` of rows sorts them as opaque bytes, two seconds for
    a million relations where integers take a few milliseconds.

    >>> pairs, pair = _pairs(np.array([2, 0, -1]), np.array([0, 2, 1]), 3)
    >>> pairs.tolist(), pair.tolist()
    ([[-1, 1], [0, 2]], [1, 1, 0])
    """
    # shifted by one, so that -1 (an end not among the actors) sorts first
    # as it does among rows
    width = actors + 1
    low = np.minimum(source, target).astype(np.int64) + 1
    high = np.maximum(source, target).astype(np.int64) + 1
    distinct, pair = np.unique(low * width + high, return_inverse=True)
    pairs = np.column_stack([distinct // width - 1, distinct % width - 1])
    return pairs.astype(ACTOR_CODE), pair.astype(ACTOR_CODE)


#: The columns of codes with one entry per relation, which `Codes.at` takes:
#: every field but the two tables (`at` makes its codes without __init__).
_COLUMNS = tuple(
    column.name for column in fields(Codes) if column.name not in ("actors", "pairs")
)


def _codes(column: pd.Series, order: tuple[str, ...]) -> np.ndarray:
    return pd.Index(order).get_indexer(column.to_numpy(dtype=object)).astype(np.int8)
