"""Counting a window's relations per pair: the shortcuts taken for speed
(ranking, counting the pairs asked about, hovers' words looked up by number)
give what the plain computation gives."""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd

from dashboard.core.aggregate import _mix_words, _pair_words, busiest_pairs, count_pairs
from dashboard.core.codes import (
    CONFIDENCE_ORDER,
    STANCE_ORDER,
    ActorCounts,
    descending,
    encode,
)


def test_pairs_are_ranked_by_count_descending_ties_in_order():
    """The quietest pairs are put last without sorting: the order is still a
    stable sort by descending count, whether the quietest have one relation
    or more, and whatever the spread of counts (past 16 bits too)."""
    rng = np.random.default_rng(7)
    cases = [np.zeros(0, dtype=np.int64), np.array([4]), np.array([2, 2, 2])]
    for high in (2, 5, 300, 70_000, 2**40):
        for low in (0, 1, 3):
            cases.append(rng.integers(low, low + high, 500))
    for count in cases:
        expected = np.argsort(-count, kind="stable")
        assert descending(count).tolist() == expected.tolist()


def test_mixes_count_only_the_relations_of_the_pairs_asked_about():
    """Each pair asked about (in any order) gets its relations' directions,
    stances and confidence levels; relations of other pairs are left out."""
    rng = np.random.default_rng(11)
    actors = [f"a{n}" for n in range(12)]
    n = 3_000
    rows = pd.DataFrame(
        {"source": rng.choice(actors, n), "target": rng.choice(actors, n),
         "stance": rng.choice(STANCE_ORDER, n),
         "confidence": rng.choice(CONFIDENCE_ORDER, n)}
    )  # fmt: skip
    rows = rows[rows["source"] != rows["target"]].reset_index(drop=True)
    counted = count_pairs(encode(rows))
    asked = rng.permutation(len(counted.count))[:20]
    forward, stances, confidence = counted.mixes(asked)
    for i, position in enumerate(asked):
        a, b = counted.actors[[counted.a[position], counted.b[position]]]
        ends = {a, b}
        theirs = rows[[{s, t} == ends for s, t in zip(rows["source"], rows["target"])]]
        assert forward[i] == (theirs["source"] == a).sum()
        assert stances[i].tolist() == [
            (theirs["stance"] == s).sum() for s in STANCE_ORDER
        ]
        assert confidence[i].tolist() == [
            (theirs["confidence"] == c).sum() for c in CONFIDENCE_ORDER
        ]


def test_mixes_leave_out_the_relations_not_drawn():
    """Relations of pair -1 (not drawn: merged within one actor) are in no
    pair's mix, the last pair's included, which they were once read as."""
    rows = pd.DataFrame(
        {"source": ["a", "a", "b"], "target": ["b", "c", "c"],
         "stance": ["cooperative", "neutral", "neutral"],
         "confidence": ["confirmed"] * 3}
    )  # fmt: skip
    codes = encode(rows).merged(np.array([0, 0, 2]))  # b is part of a
    assert codes.pair.tolist() == [-1, 0, 0]
    counted = count_pairs(codes)
    forward, stances, confidence = counted.mixes(np.arange(len(counted.count)))
    assert counted.count.tolist() == [2]
    assert stances.tolist() == [[0, 0, 2]]  # both neutral
    assert confidence.sum() == forward.sum() == 2


def test_hover_words_are_each_pairs_own_whatever_their_numbers():
    """The words looked up by a pair's numbers packed into one integer are
    those written for its numbers: counts past 16 bits (which would not fit)
    and more distinct mixes than are kept are written right."""
    rng = np.random.default_rng(5)
    stances = rng.integers(0, 70, (40_000, len(STANCE_ORDER)))
    count = stances.sum(axis=1)
    expected = [_pair_words((c, *s)) for c, s in zip(count.tolist(), stances.tolist())]
    assert _mix_words(count, stances) == expected
    assert _mix_words(count, stances) == expected  # once kept, and again
    large = np.array([[2**16, 0, 1], [1, 2**16, 0]])
    words = _mix_words(large.sum(axis=1), large)
    assert words == [
        "65,537 relations in the window<br>(65,536 conflictual, 1 neutral)",
        "65,537 relations in the window<br>(1 conflictual, 65,536 cooperative)",
    ]
    assert (
        _mix_words(np.zeros(0, dtype=np.int64), np.zeros((0, 3), dtype=np.int64)) == []
    )


def test_busiest_actors_are_those_heapq_names_ties_in_order_of_ids():
    """`ActorCounts.busiest` ranks through `descending`: the same actors, in
    the same order, as `heapq.nlargest` over the counts by id."""
    rng = np.random.default_rng(2)
    actors = np.array([f"a{n:04d}" for n in range(3_000)], dtype=object)
    for low, high in ((0, 3), (2, 6), (0, 70_000)):
        counts = ActorCounts(actors, rng.integers(low, high, len(actors)))
        for limit in (1, 30, 5_000):
            expected = heapq.nlargest(limit, counts, key=counts.__getitem__)
            assert counts.busiest(limit) == expected


def test_codes_taken_at_labels_are_those_of_the_plain_gather():
    """`Codes.at` takes each column when first read, and again at labels
    of its own before any is read: the same codes as taking every column at
    once; actors counted from the pairs' counts are those of each end's,
    with ends of -1 (not drawn, or unknown) counted nowhere."""
    rng = np.random.default_rng(3)
    actors = [f"a{n}" for n in range(40)]
    n = 4_000
    rows = pd.DataFrame(
        {"source": rng.choice(actors, n), "target": rng.choice(actors, n),
         "stance": rng.choice(STANCE_ORDER, n),
         "confidence": rng.choice(CONFIDENCE_ORDER, n)}
    )  # fmt: skip
    known = np.array(sorted(actors)[5:], dtype=object)  # some ends unknown: -1
    for codes in (encode(rows, known), encode(rows).merged(np.arange(40) // 3 * 3)):
        labels = np.flatnonzero(rng.random(n) < 0.5)
        again = rng.permutation(len(labels))[:700]
        read_first = codes.at(labels)
        read_first.pair  # noqa: B018 - one column read before it is taken again
        for taken in (
            codes.at(labels),
            codes.at(labels).at(again),
            read_first.at(again),
        ):
            at = labels if len(taken.pair) == len(labels) else labels[again]
            for column in ("source", "target", "pair", "kind"):
                assert (
                    getattr(taken, column).tolist()
                    == getattr(codes, column)[at].tolist()
                )
            width = len(codes.actors) + 1
            expected = sum(
                np.bincount(getattr(codes, end)[at] + 1, minlength=width)[1:]
                for end in ("source", "target")
            )
            counted = taken.actor_counts().counts
            assert counted.dtype == expected.dtype
            assert counted.tolist() == expected.tolist()
            drawn = codes.pair[at][codes.pair[at] >= 0]
            present, low, high, count = taken.pair_counts()
            assert present.tolist() == np.unique(drawn).tolist()
            assert count.tolist() == np.unique(drawn, return_counts=True)[1].tolist()
            assert [low.tolist(), high.tolist()] == codes.pairs[present].T.tolist()


def test_codes_taken_by_a_mask_then_by_labels_are_the_rows_picked():
    """A mask given to `Codes.at` is made positions first: composed with
    later labels as a mask, the taken columns were other rows."""
    rows = pd.DataFrame(
        {"source": [f"a{n}" for n in range(10)], "target": ["b"] * 10,
         "stance": [STANCE_ORDER[0]] * 10, "confidence": [CONFIDENCE_ORDER[0]] * 10}
    )  # fmt: skip
    codes = encode(rows)
    even = np.arange(10) % 2 == 0
    again = np.array([0, 1, 2, 3, 4, 4, 3, 2, 1, 0])
    taken = codes.at(even).at(again)
    assert taken.source.tolist() == codes.source[np.flatnonzero(even)[again]].tolist()


def test_a_pairs_hover_is_lines_short_enough_for_a_panel():
    """'State DZA – State TCD: 66 relations in the window (12 conflictual,
    37 cooperative, 17 neutral)' was one line of about 680 px, wider than
    the network's panel at 1280: the names, the count and the mix are now a
    line each."""
    rows = pd.DataFrame(
        {
            "source": ["s-dza"] * 66,
            "target": ["s-tcd"] * 66,
            "stance": ["conflictual"] * 12 + ["cooperative"] * 37 + ["neutral"] * 17,
            "confidence": ["confirmed"] * 66,
        }
    )
    names = {"s-dza": "State DZA", "s-tcd": "State TCD"}
    (hover,) = busiest_pairs(count_pairs(encode(rows)), names, limit=1)["hover"]
    assert hover.split("<br>") == [
        "<b>State DZA – State TCD</b>",
        "66 relations in the window",
        "(12 conflictual, 37 cooperative, 17 neutral)",
    ]
