"""Large windows drawn legibly: relations merged per pair of actors, the busiest
pairs kept, and a line that says so on screen.

Tens of thousands of arcs are neither readable nor fast to send; an analyst
asks first who deals with whom, and how much. Counting runs on integer codes
(codes.py), so that a window of 100,000 relations is counted in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard.core.codes import CONFIDENCE_ORDER, STANCE_ORDER, Codes

__all__ = [
    "DRAW_LIMIT",
    "PAIR_PREFIX",
    "Pairs",
    "busiest_pairs",
    "count_pairs",
    "pair_ends",
    "pair_ids",
]

#: Above this many relations in a view, figures draw this many pairs instead:
#: more arcs are no more legible, and slower to send and draw.
DRAW_LIMIT = 750
PAIR_PREFIX = "pair:"


def pair_ids(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The ids of the pairs drawn for all relations between ``low[i]`` and
    ``high[i]`` (ids in alphabetical order; ``~`` because ``|`` already joins
    relation ids on the map), all at once.

    >>> pair_ids(np.array(["a"], dtype=object), np.array(["b"], dtype=object))
    array(['pair:a~b'], dtype=object)
    """
    return PAIR_PREFIX + low + "~" + high


def pair_ends(pair_id: str) -> tuple[str, str] | None:
    """(a, b) of an aggregated pair's id ``pair:a~b``, else None."""
    if not pair_id.startswith(PAIR_PREFIX):
        return None
    a, _, b = pair_id[len(PAIR_PREFIX) :].partition("~")
    return a, b


@dataclass(frozen=True)
class Pairs:
    """Relations counted per pair of actors (either direction), pairs in the
    order of their ids (``a`` before ``b``), busiest first in ``ranked``."""

    actors: np.ndarray  # ids; a and b are positions here
    a: np.ndarray
    b: np.ndarray
    count: np.ndarray
    forward: np.ndarray  # how many of them go from a to b
    stances: np.ndarray  # one column per stance, in STANCE_ORDER
    confidence: np.ndarray  # one column per confidence level, CONFIDENCE_ORDER
    ranked: np.ndarray  # pair positions by count (descending), then pair order

    @property
    def relations(self) -> int:
        return int(self.count.sum())

    @property
    def involved(self) -> int:
        """How many actors take part in the relations counted."""
        ends = np.concatenate([self.a, self.b])
        return int(np.count_nonzero(np.bincount(ends, minlength=len(self.actors))))


def count_pairs(codes: Codes) -> Pairs:
    """Count the relations of ``codes`` per pair (a bincount on pair codes: no
    sorting, no hashing).

    >>> from dashboard.core.codes import encode
    >>> rows = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
    ...     "stance": ["cooperative"] * 3, "confidence": ["confirmed"] * 3})
    >>> pairs = count_pairs(encode(rows))
    >>> pairs.count.tolist(), pairs.forward.tolist(), pairs.involved
    ([2, 1], [1, 1], 3)
    """
    count = np.bincount(codes.pair, minlength=len(codes.pairs))
    seen = count > 0
    present = np.flatnonzero(seen)  # of a boolean array: ten times sooner
    count = count[present]
    # each relation's pair as its place among the pairs present: the tables
    # below are as long as the window's pairs, not all of the data's
    slot = (np.cumsum(seen) - 1)[codes.pair]

    def tally(values: np.ndarray, width: int) -> np.ndarray:
        table = np.bincount(slot * width + values, minlength=len(present) * width)
        return table.reshape(len(present), width)

    forward = codes.source < codes.target
    return Pairs(
        actors=codes.actors,
        a=codes.pairs[present, 0],
        b=codes.pairs[present, 1],
        count=count,
        forward=np.bincount(slot[forward], minlength=len(present)),
        stances=tally(codes.stance, len(STANCE_ORDER)),
        confidence=tally(codes.confidence, len(CONFIDENCE_ORDER)),
        # pairs are in the order of their ids already: a stable sort keeps it
        ranked=np.argsort(-count, kind="stable"),
    )


def busiest_pairs(pairs: Pairs, names: dict[str, str], limit: int) -> pd.DataFrame:
    """One row per pair, the ``limit`` busiest, each drawn like a relation: in
    the direction most of its relations go, with the stance and confidence most
    of them have (ties: alphabetical); ``count`` says how many it stands for.

    >>> from dashboard.core.codes import encode
    >>> rows = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
    ...     "stance": ["cooperative"] * 3, "confidence": ["confirmed"] * 3})
    >>> drawn = busiest_pairs(count_pairs(encode(rows)), {}, limit=1)
    >>> list(drawn["id"]), list(drawn["count"])
    (['pair:a~b'], [2])
    """
    top = pairs.ranked[:limit]
    a, b = pairs.actors[pairs.a[top]], pairs.actors[pairs.b[top]]
    forward = 2 * pairs.forward[top] >= pairs.count[top]
    stances = pairs.stances[top]
    hovers = [
        f"<b>{names.get(first, first)} – {names.get(second, second)}</b>: "
        f"{count} relations in the window ({_mix_words(mix)})"
        for first, second, count, mix in zip(
            a.tolist(),
            b.tolist(),
            pairs.count[top].tolist(),
            map(tuple, stances.tolist()),
        )
    ]
    columns = {
        "id": pair_ids(a, b),
        "source": np.where(forward, a, b),
        "target": np.where(forward, b, a),
        "stance": np.array(STANCE_ORDER, dtype=object)[stances.argmax(axis=1)],
        "confidence": np.array(CONFIDENCE_ORDER, dtype=object)[
            pairs.confidence[top].argmax(axis=1)
        ],
        "hover": np.array(hovers, dtype=object).reshape(len(hovers)),
    }
    # texts as Python objects: pandas' own (Arrow) strings take longer to make
    # than this table lives, and the figures read them back as objects
    table = pd.DataFrame(columns, dtype=object)
    table.insert(5, "count", pairs.count[top])
    return table


@lru_cache(maxsize=8192)
def _mix_words(mix: tuple[int, ...]) -> str:
    """The stances of a pair's relations (counts in STANCE_ORDER), those
    present, in words: kept, as windows share most of their mixes.

    >>> _mix_words((2, 0, 1))
    '2 conflictual, 1 neutral'
    """
    return ", ".join([f"{n} {stance}" for stance, n in zip(STANCE_ORDER, mix) if n])
