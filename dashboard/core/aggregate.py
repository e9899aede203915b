"""Large windows drawn legibly: relations merged per pair of actors, the busiest
pairs kept, and a line that says so on screen.

Tens of thousands of arcs are neither readable nor fast to send; an analyst
asks first who deals with whom, and how much. Counting runs on integer codes
(codes.py), so that a window of 100,000 relations is counted in milliseconds.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from pandas.api.internals import create_dataframe_from_blocks

from dashboard.core.codes import (
    ACTOR_CODE,
    CONFIDENCE_ORDER,
    STANCE_ORDER,
    Codes,
    descending,
)

__all__ = [
    "DRAW_LIMIT",
    "PAIR_PREFIX",
    "STATES_PREFIX",
    "DrawnPairs",
    "PairTexts",
    "Pairs",
    "busiest_pairs",
    "count_pairs",
    "draw_busiest",
    "pair_ends",
    "pair_ids",
    "states_ends",
    "states_ids",
]

#: Above this many relations in a view, figures draw this many pairs instead:
#: more arcs are no more legible, and slower to send and draw.
DRAW_LIMIT = 750
PAIR_PREFIX = "pair:"
#: The links of the overview of states (core/overview.py) with an end that is
#: a state: each stands for the relations of that state's actors not drawn
#: as themselves, not only the state's own.
STATES_PREFIX = "states:"


def pair_ids(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The ids of the pairs drawn for all relations between ``low[i]`` and
    ``high[i]`` (ids in alphabetical order; ``~`` because ``|`` already joins
    relation ids on the map), all at once.

    >>> pair_ids(np.array(["a"], dtype=object), np.array(["b"], dtype=object))
    array(['pair:a~b'], dtype=object)
    """
    return PAIR_PREFIX + low + "~" + high


def pair_ends(pair_id: str) -> tuple[str, str] | None:
    """(a, b) of an aggregated pair's id ``pair:a~b``, or of an overview
    link's ``states:a~b`` (`states_ends`: which relations it stands for
    depends on the view), else None."""
    if not pair_id.startswith(PAIR_PREFIX):
        return states_ends(pair_id)
    a, _, b = pair_id[len(PAIR_PREFIX) :].partition("~")
    return a, b


def states_ids(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The ids of the overview's links between ``low[i]`` and ``high[i]``
    (ids in alphabetical order), at least one of them a state standing for
    its actors: `pair_ids` with their own prefix, so that a selection says
    which relations it means.

    >>> states_ids(np.array(["s-a"], dtype=object), np.array(["s-b"], dtype=object))
    array(['states:s-a~s-b'], dtype=object)
    """
    return STATES_PREFIX + low + "~" + high


def states_ends(link_id: str | None) -> tuple[str, str] | None:
    """(a, b) of an overview link's id ``states:a~b``, else None.

    >>> states_ends("states:s-a~s-b"), states_ends("pair:a~b")
    (('s-a', 's-b'), None)
    """
    if not isinstance(link_id, str) or not link_id.startswith(STATES_PREFIX):
        return None
    a, _, b = link_id[len(STATES_PREFIX) :].partition("~")
    return a, b


@dataclass(frozen=True)
class Pairs:
    """Relations counted per pair of actors (either direction), pairs in the
    order of their ids (``a`` before ``b``), busiest first in ``ranked``.

    How many of a pair's relations go each way, or have each stance or
    confidence, is counted for the pairs asked about only (`mixes`): a large
    window's figures draw its few hundred busiest of hundreds of thousands of
    pairs. Those of the busiest are kept once counted (`busiest_mixes`).
    """

    actors: np.ndarray  # ids; a and b are positions here
    a: np.ndarray
    b: np.ndarray
    count: np.ndarray
    ranked: np.ndarray  # pair positions by count (descending), then pair order
    #: the relations counted, and the pairs counted as rows of its ``pairs``
    codes: Codes = field(repr=False, compare=False)
    present: np.ndarray = field(repr=False, compare=False)

    @property
    def relations(self) -> int:
        return int(self.count.sum())

    @property
    def involved(self) -> int:
        """How many actors take part in the relations counted (the actors
        at either end of a pair: those the relations' counts name)."""
        return len(self.codes.actor_counts())

    def mixes(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Of the pairs at ``rows`` (distinct positions): how many of each
        one's relations go from ``a`` to ``b``, and have each stance (one
        column each, in STANCE_ORDER) and confidence (CONFIDENCE_ORDER). The
        relations of other pairs are left out before counting, into tables
        as long as ``rows``."""
        codes = self.codes
        # the relations of the pairs asked about found by a table of flags
        # (a quarter of the bytes to look up, no comparison over the window),
        # then placed through the table of rows among those few; np.take, as
        # indexing by 32-bit codes takes numpy's slow path, twice the time
        asked = self.present[rows]
        # a slot past the last pair for relations not drawn (pair -1), which
        # would otherwise be read as the last pair's
        taken = np.zeros(len(codes.pairs) + 1, dtype=bool)
        taken[asked] = True
        chosen = codes.at(np.flatnonzero(np.take(taken, codes.pair)))
        place = np.empty(len(codes.pairs), dtype=ACTOR_CODE)
        place[asked] = np.arange(len(rows))
        slot = np.take(place, chosen.pair)
        forward = chosen.source < chosen.target
        forward = self._tally(slot, forward, 2, len(rows))[:, 1]
        # stance and confidence counted at once (`Codes.kind`), then apart
        kinds = len(STANCE_ORDER) * len(CONFIDENCE_ORDER)
        both = self._tally(slot, chosen.kind, kinds, len(rows))
        both = both.reshape(len(rows), len(STANCE_ORDER), len(CONFIDENCE_ORDER))
        # summed by products with ones: numpy's sum over an axis of three took
        # 0.15 ms, adding plane by plane 12-22 us, these 6-18 us
        stances = both @ np.ones(len(CONFIDENCE_ORDER), dtype=both.dtype)
        confidence = np.ones(len(STANCE_ORDER), dtype=both.dtype) @ both
        return forward, stances, confidence

    def busiest_mixes(self, limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`mixes` of the ``limit`` busiest pairs (the first ``limit`` of
        ``ranked``), kept (read-only) under ``_busiest_mixes``: a window's
        figures and its summary ask for the same few."""
        limit = min(max(limit, 0), len(self.ranked))
        kept = self.__dict__.get("_busiest_mixes")
        if kept is None or len(kept[0]) < limit:
            kept = self.mixes(self.ranked[:limit])
            for table in kept:
                table.flags.writeable = False
            self.__dict__["_busiest_mixes"] = kept
        return kept[0][:limit], kept[1][:limit], kept[2][:limit]

    @staticmethod
    def _tally(
        slot: np.ndarray, values: np.ndarray, width: int, rows: int
    ) -> np.ndarray:
        """A table of ``rows`` by ``width`` values: how many relations of each
        (``slot``: their rows) have each."""
        keys = np.multiply(slot, width, dtype=np.intp)
        keys += values
        return np.bincount(keys, minlength=rows * width).reshape(rows, width)


def count_pairs(codes: Codes) -> Pairs:
    """Count the relations of ``codes`` per pair (a bincount on pair codes: no
    sorting of relations, no hashing).

    >>> from dashboard.core.codes import encode
    >>> rows = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
    ...     "stance": ["cooperative"] * 3, "confidence": ["confirmed"] * 3})
    >>> pairs = count_pairs(encode(rows))
    >>> pairs.count.tolist(), pairs.involved
    ([2, 1], 3)
    >>> [table.tolist() for table in pairs.mixes(np.arange(2))]
    [[1, 1], [[0, 2, 0], [0, 1, 0]], [[2, 0, 0], [1, 0, 0]]]
    """
    present, a, b, count = codes.pair_counts()
    return Pairs(
        actors=codes.actors,
        a=a,
        b=b,
        count=count,
        ranked=descending(count),
        codes=codes,
        present=present,
    )


def busiest_pairs(
    pairs: Pairs,
    names: dict[str, str],
    limit: int,
    *,
    ids: np.ndarray | None = None,
    texts: PairTexts | None = None,
) -> pd.DataFrame:
    """One row per pair, the ``limit`` busiest, each drawn like a relation: in
    the direction most of its relations go, with the stance and confidence most
    of them have (ties: alphabetical); ``count`` says how many it stands for.
    ``ids``: the rows' ids where they are not `pair_ids` (the overview's links),
    one per pair drawn. ``texts``: the pairs' ids and hovers' openings kept
    for ``pairs``' table of pairs (with ``names``), else written here.
    Made by `draw_busiest`, which also hands back the columns read again.

    >>> from dashboard.core.codes import encode
    >>> rows = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
    ...     "stance": ["cooperative"] * 3, "confidence": ["confirmed"] * 3})
    >>> drawn = busiest_pairs(count_pairs(encode(rows)), {}, limit=2)
    >>> list(drawn["id"]), list(drawn["count"])
    (['pair:a~b', 'pair:a~c'], [2, 1])
    >>> drawn["hover"][1]
    '<b>a – c</b><br>1 relation in the window<br>(1 cooperative)'
    """
    return draw_busiest(pairs, names, limit, ids=ids, texts=texts).table


class DrawnPairs(NamedTuple):
    """`busiest_pairs`' table beside the columns its caller reads again,
    as they were made: a column read from the table costs 8 us or more.
    They are the table's own arrays, not copies: read them, never write."""

    table: pd.DataFrame
    ids: np.ndarray  # the "id" column
    count: np.ndarray  # the "count" column
    #: whether each pair is drawn from its first actor (``Pairs.a``) to its
    #: second, not back
    forward: np.ndarray


def draw_busiest(
    pairs: Pairs,
    names: dict[str, str],
    limit: int,
    *,
    ids: np.ndarray | None = None,
    texts: PairTexts | None = None,
) -> DrawnPairs:
    """`busiest_pairs`, with the columns a large window's scene reads again."""
    top = pairs.ranked[:limit]
    a, b = pairs.actors[pairs.a[top]], pairs.actors[pairs.b[top]]
    count = pairs.count[top]
    forward, stances, confidence = pairs.busiest_mixes(len(top))
    forward = 2 * forward >= count
    if texts is not None and texts.pairs is pairs.codes.pairs:
        pair_id, heads = texts.at(pairs.present[top])
    else:
        pair_id, heads = pair_ids(a, b), _heads(a, b, names)
    table = np.empty((len(_TEXT_COLUMNS), len(top)), dtype=object)
    table[0] = pair_id if ids is None else ids
    table[1] = np.where(forward, a, b)
    table[2] = np.where(forward, b, a)
    table[3] = _STANCES[stances.argmax(axis=1)]
    table[4] = _CONFIDENCES[confidence.argmax(axis=1)]
    table[5] = list(map(operator.add, heads, _mix_words(count, stances)))
    # texts as Python objects in one block, as pandas would hold them given
    # dtype=object, and the counts beside them: made as they are, with none of
    # the constructor's checks and copies (a third of this function's time,
    # for a table that lives one callback)
    frame = create_dataframe_from_blocks(
        [(table, _TEXT_AT), (count.reshape(1, -1), _COUNT_AT)],
        index=pd.RangeIndex(len(top)),
        columns=_COLUMNS,
    )
    return DrawnPairs(frame, table[0], count, forward)


class PairTexts:
    """The ids (`pair_ids`) and hovers' openings ("<b>A – B</b><br>", with the
    actors' ``names``) of the pairs of a table of pairs (`Codes.pairs`,
    rows by pair code), each written when first drawn and kept: a data set's
    windows draw much the same busiest pairs, and writing 750 of them again
    took a fifth of `busiest_pairs`' time. Keep one per table (a data set's
    codes share theirs); filling a pair twice writes the same texts.

    >>> texts = PairTexts(np.array(["a", "b"], dtype=object), np.array([[0, 1]]),
    ...     {"a": "A"})
    >>> texts.at(np.array([0]))
    (array(['pair:a~b'], dtype=object), ['<b>A – b</b><br>'])
    """

    def __init__(
        self, actors: np.ndarray, pairs: np.ndarray, names: dict[str, str]
    ) -> None:
        self.actors, self.pairs, self.names = actors, pairs, names
        self._ids = np.empty(len(pairs), dtype=object)
        self._heads = np.empty(len(pairs), dtype=object)
        self._written = np.zeros(len(pairs), dtype=bool)

    def at(self, codes: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """The ids and openings of the pairs with these codes."""
        new = codes[~self._written[codes]]
        if len(new):
            a, b = self.actors[self.pairs[new, 0]], self.actors[self.pairs[new, 1]]
            self._ids[new] = pair_ids(a, b)
            self._heads[new] = _heads(a, b, self.names)
            self._written[new] = True  # after the texts: a reader finds them
        return self._ids[codes], self._heads[codes].tolist()


def _heads(a: np.ndarray, b: np.ndarray, names: dict[str, str]) -> list[str]:
    """The openings of the hovers of the pairs of ``a[i]`` and ``b[i]``."""
    return [
        f"<b>{names.get(first, first)} – {names.get(second, second)}</b><br>"
        for first, second in zip(a.tolist(), b.tolist())
    ]


# the labels as pandas makes them once core/load.py has set its strings'
# storage, whichever module is imported first
_COLUMNS = pd.Index(
    ["id", "source", "target", "stance", "confidence", "count", "hover"],
    dtype=pd.StringDtype("python", na_value=np.nan),
)
_TEXT_COLUMNS = ["id", "source", "target", "stance", "confidence", "hover"]
_TEXT_AT = _COLUMNS.get_indexer(_TEXT_COLUMNS)
_COUNT_AT = _COLUMNS.get_indexer(["count"])
_STANCES = np.array(STANCE_ORDER, dtype=object)
_CONFIDENCES = np.array(CONFIDENCE_ORDER, dtype=object)


def _mix_words(count: np.ndarray, stances: np.ndarray) -> list[str]:
    """`_pair_words` of each pair (``count[i]`` relations, ``stances[i]``
    of each stance). A pair's words are those of its count and mix: a few
    hundred distinct among the 750 drawn, and much the same from window to
    window; looked up by the four numbers as one 64-bit integer (`_WORDS`),
    a quarter sooner than by a tuple of them, while each fits in 16 bits.

    >>> _mix_words(np.array([3, 1]), np.array([[2, 0, 1], [0, 1, 0]]))
    ['3 relations in the window<br>(2 conflictual, 1 neutral)', '1 relation in the window<br>(1 cooperative)']
    """
    if len(count) and max(count.max(), stances.max()) >= 2**_MIX_BITS:
        return list(map(_pair_words, zip(count.tolist(), *stances.T.tolist())))
    keys = count.astype(np.uint64)
    for column in stances.T:
        keys <<= np.uint64(_MIX_BITS)
        keys |= column.astype(np.uint64)
    return list(map(_WORDS.__getitem__, keys.tolist()))


class _Words(dict):
    """`_pair_words` by a pair's numbers as one integer (`_mix_words`), written
    when first asked for; emptied when full, which is rare: 150 random
    windows of 100,000 relations asked for 8,700 mixes, and 32,768 take
    about 6 MB."""

    def __missing__(self, key: int) -> str:
        if len(self) >= 2**15:
            self.clear()
        mask = 2**_MIX_BITS - 1
        counts = tuple([(key >> shift) & mask for shift in _MIX_SHIFTS])
        words = self[key] = _pair_words(counts)
        return words


_MIX_BITS = 64 // (len(STANCE_ORDER) + 1)
#: where each of a pair's numbers sits in its key, the count first
_MIX_SHIFTS = tuple(_MIX_BITS * i for i in reversed(range(len(STANCE_ORDER) + 1)))
_WORDS = _Words()


def _pair_words(counts: tuple[int, ...]) -> str:
    """A pair's count of relations, then its stances (counts in STANCE_ORDER)
    present, in words (kept by `_Words`). A large window's pairs bring
    about 130 mixes not seen before, each written here: their numbers
    come from `_grouped`, not formatted with "," every time, and the
    words are not kept twice (an `lru_cache` here kept the same words as
    `_Words`), 4.8 -> 3.5 M instructions a window.

    >>> _pair_words((3, 2, 0, 1))
    '3 relations in the window<br>(2 conflictual, 1 neutral)'
    """
    count, *mix = counts
    stances = ", ".join(
        [_grouped(n) + " " + stance for stance, n in zip(STANCE_ORDER, mix) if n]
    )
    many = "s" if count != 1 else ""
    # three short lines with the names': one of them ran off the panel
    return f"{_grouped(count)} relation{many} in the window<br>({stances})"


@lru_cache(maxsize=4096)
def _grouped(number: int) -> str:
    """``number`` with its thousands grouped ("1,234"): kept, as a window's
    pairs count mostly the same few hundred numbers.

    >>> _grouped(1234)
    '1,234'
    """
    return f"{number:,}"
