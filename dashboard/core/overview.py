"""A large network as structure: every actor drawn as its state, the states a
user opens (and a selection's) drawn as their busiest actors around them.

Thousands of actors are a hairball; two hundred states, sized by their
actors' relations, are a picture, and any actor is one click away (the way
graph tools such as Linkurious expand a node). Everything here runs on the
integer codes of codes.py: a window of 100,000 relations is regrouped in a
few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.core.codes import ACTOR_CODE, Codes
from dashboard.core.graph import states_of
from dashboard.core.view import View

__all__ = [
    "MAX_EXPANDED",
    "MEMBERS_LIMIT",
    "NEIGHBOURS_LIMIT",
    "OVERVIEW_FROM",
    "OVERVIEW_PAIRS",
    "Overview",
    "busiest_neighbours",
    "home_states",
    "link_rows",
    "opened_by",
    "overview_codes",
    "plan_overview",
    "wants_overview",
]

#: Above this many actors drawn, the network opens on the overview of states:
#: beyond it nodes are drawn at half size and only the busiest are named.
OVERVIEW_FROM = 150
#: The most actors an opened state shows around it, busiest first.
MEMBERS_LIMIT = 24
#: The most of a selected actor's neighbours drawn as themselves.
NEIGHBOURS_LIMIT = 24
#: The most pairs the overview draws: more lines between two hundred states
#: are no more legible.
OVERVIEW_PAIRS = 120
#: The most states one view opens (a link naming more opens the first ones).
MAX_EXPANDED = 8


def wants_overview(view: View, drawn: int) -> bool:
    """Whether ``view``'s network is drawn as the overview of states: it
    would draw more than OVERVIEW_FROM actors (``drawn``), the user has not
    asked for every actor, and it is not already a view of states or of one
    actor's neighbourhood.

    >>> from datetime import date
    >>> view = View(start=date(2025, 1, 1), end=date(2025, 12, 31))
    >>> wants_overview(view, 5000), wants_overview(view, 14)
    (True, False)
    >>> from dataclasses import replace
    >>> wants_overview(replace(view, network="all"), 5000)
    False
    """
    return (
        drawn > OVERVIEW_FROM
        and view.network != "all"
        and not view.states
        and view.depth == 0
    )


@dataclass(frozen=True)
class Overview:
    """How the overview draws each actor (by code, as `Codes.actors`).

    ``into[a]`` is the code drawn for actor ``a``: its own where it is drawn
    as itself (a state, an opened state's member, a selection), its state's
    otherwise, -1 where it has no state (not drawn). ``members`` lists, by
    state code, the actors drawn as themselves around it, in the order of
    their places (busiest first); ``hidden`` how many of an opened state's
    actors stay folded into it.
    """

    into: np.ndarray
    states: np.ndarray  # the codes of the states, each a node
    opened: tuple[int, ...]  # the states whose actors are shown, in order
    members: dict[int, list[int]]
    hidden: dict[int, int]

    @property
    def alone(self) -> np.ndarray:
        """Which actors are drawn as themselves and are not states."""
        alone = np.zeros(len(self.into), dtype=bool)
        for codes in self.members.values():
            alone[codes] = True
        return alone

    @property
    def drawn(self) -> np.ndarray:
        """The codes of every node: the states, then their members."""
        extra = [code for codes in self.members.values() for code in codes]
        return np.concatenate([self.states, np.array(extra, dtype=self.states.dtype)])

    @property
    def stateless(self) -> int:
        """How many actors have no state, and so no node in the overview."""
        return int(np.count_nonzero(self.into < 0))


def home_states(actors: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """The code (a place in ``ids``) of each actor's state, in the order of
    ``ids``; a state's is its own, -1 for an actor whose country has no state
    in the data.

    >>> actors = pd.DataFrame({"id": ["maduro", "s-ven", "x"],
    ...     "kind": ["person", "state", "person"], "country": ["VEN", "VEN", "ZZZ"]})
    >>> home_states(actors, np.array(["maduro", "s-ven", "x"], dtype=object)).tolist()
    [1, 1, -1]
    """
    state_of = states_of(actors)
    found = pd.Index(ids).get_indexer([state_of.get(actor) for actor in ids.tolist()])
    return found.astype(ACTOR_CODE)


def plan_overview(
    home: np.ndarray,
    counts: np.ndarray,
    *,
    opened: Iterable[int] = (),
    alone: Iterable[int] = (),
    allowed: np.ndarray | None = None,
    rank: np.ndarray | None = None,
    limit: int = MEMBERS_LIMIT,
) -> Overview:
    """Which actors the overview draws as themselves: the ``limit`` busiest
    (``counts``: relations per actor code in the window) of each ``opened``
    state, then its quiet ones up to ``limit``, and every actor of ``alone``
    (a selection and its neighbours); every other actor is drawn as its
    state (``home``, `home_states`). ``allowed``: which actors the view's
    filters keep (default: all); ``rank``: each actor's place in a steady
    order (default: by code), in which members take their places around
    their state, so that a moving window moves few of them.

    >>> home = np.array([0, 0, 0, 3, 3])  # a state (0) and two people, another
    >>> plan = plan_overview(home, np.array([5, 1, 4, 2, 2]), opened=[0], limit=1)
    >>> plan.into.tolist(), plan.members, plan.hidden
    ([0, 0, 2, 3, 3], {0: [2]}, {0: 1})
    """
    home = np.asarray(home, dtype=ACTOR_CODE)
    codes = np.arange(len(home))
    states = codes[home == codes]
    allowed = np.ones(len(home), dtype=bool) if allowed is None else allowed
    rank = codes if rank is None else rank
    opened = tuple(dict.fromkeys(int(s) for s in opened if 0 <= s < len(home)))
    opened = tuple(state for state in opened if home[state] == state)
    into = home.copy()
    chosen: dict[int, set[int]] = {}
    hidden: dict[int, int] = {}
    for state in opened:
        others = np.flatnonzero((home == state) & (codes != state) & allowed)
        # busiest first; ties (and the quiet) in the steady order
        order = np.lexsort((rank[others], -counts[others]))
        chosen[state] = set(others[order[:limit]].tolist())
        hidden[state] = max(len(others) - limit, 0)
    for actor in alone:
        actor = int(actor)
        if 0 <= actor < len(home) and home[actor] != actor:
            # an actor with no state sits on its own, as its own "state"
            chosen.setdefault(int(home[actor]) if home[actor] >= 0 else -1, set()).add(
                actor
            )
    members = {}
    for state, found in chosen.items():
        found = np.array(sorted(found), dtype=np.intp)
        members[state] = found[np.argsort(rank[found], kind="stable")].tolist()
        into[found] = found
    return Overview(
        into=into, states=states, opened=opened, members=members, hidden=hidden
    )


def overview_codes(
    codes: Codes,
    states: Codes,
    overview: Overview,
    *,
    rows: np.ndarray,
    kept: np.ndarray | None = None,
) -> Codes:
    """The relations of ``codes`` (a window's, between actors, at the row
    labels ``rows``) as the overview draws them: ``states`` are every
    relation between states (`AppData.state_codes`), taken at ``rows`` once
    (not copied and then taken again), rewritten only where an end is drawn
    as itself, whose pairs follow the states' pairs.
    The relations not drawn (those within a folded state, or with an end
    that has no node) have a pair of -1, which `count_pairs` leaves out; where
    an end is drawn as itself they are left out here. ``kept``: which of them
    ``states`` draws, exactly ``states.pair[rows] >= 0``, when the caller has
    looked them up (a new array: it is overwritten).

    >>> from dashboard.core.codes import encode
    >>> rows = pd.DataFrame({"source": ["a", "b", "c"], "target": ["c", "c", "d"],
    ...     "stance": ["neutral"] * 3, "confidence": ["reported"] * 3})
    >>> codes = encode(rows)  # a is a state, b one of its people; c, d another
    >>> home = np.array([0, 0, 2, 2])
    >>> plan = plan_overview(home, np.zeros(4, dtype=int), alone=[1])
    >>> drawn = overview_codes(codes, codes.merged(home), plan, rows=np.arange(3))
    >>> drawn.source.tolist(), drawn.target.tolist()
    ([0, 1], [2, 2])
    """
    if len(rows) != len(codes.source):
        raise ValueError(f"{len(rows)} rows for {len(codes.source)} relations")
    if kept is not None and len(kept) != len(rows):
        raise ValueError(f"{len(kept)} kept for {len(rows)} rows")
    alone = np.append(overview.alone, False)  # an end of -1 is not alone
    touched = np.zeros(0, dtype=np.intp)
    if alone.any():  # else (nothing opened nor selected) no pass over the ends
        touched = np.flatnonzero(alone[codes.source] | alone[codes.target])
    if len(touched) == 0:  # every end drawn as its state: the states' codes,
        # those not drawn too (pair -1, counted nowhere): leaving them out
        # took a pass over the window's rows, a sixth of `count_pairs`' time
        return states.at(rows)
    if kept is None:
        kept = states.pair[rows] >= 0
    into = np.append(overview.into, -1).astype(ACTOR_CODE)
    source, target = into[codes.source[touched]], into[codes.target[touched]]
    drawn = (source >= 0) & (target >= 0) & (source != target)
    source, target, touched_drawn = source[drawn], target[drawn], touched[drawn]
    # the new pairs numbered in the order of their ends' codes, as the
    # states' are: counted on the few nodes' ranks (a table of a few
    # hundred squared), not sorted among hundreds of thousands of relations
    nodes = np.flatnonzero(np.bincount(np.concatenate([source, target])))
    rank = np.zeros(len(into), dtype=np.int64)
    rank[nodes] = np.arange(len(nodes))
    keys = np.minimum(rank[source], rank[target]) * len(nodes)
    keys += np.maximum(rank[source], rank[target])
    present = np.bincount(keys, minlength=len(nodes) ** 2) > 0
    new = np.flatnonzero(present)
    slot = np.cumsum(present)[keys] - 1
    pairs = np.vstack(
        [
            states.pairs,
            np.column_stack([nodes[new // len(nodes)], nodes[new % len(nodes)]]),
        ]
    )
    # the relations drawn, taken once from the states' codes; those with an
    # end drawn as itself then rewritten where they landed
    kept[touched] = False
    kept[touched_drawn] = True
    result = replace(states.at(rows[kept]), pairs=pairs.astype(ACTOR_CODE))
    moved = (np.cumsum(kept, dtype=np.int32) - 1)[touched_drawn]  # where each landed
    result.source[moved], result.target[moved] = source, target
    result.pair[moved] = len(states.pairs) + slot
    return result


def link_rows(codes: Codes, into: np.ndarray, a: int, b: int) -> np.ndarray:
    """The positions in ``codes`` (a window's, between actors) of the
    relations the overview's link between nodes ``a`` and ``b`` (codes)
    stands for: those whose ends it draws as ``a`` and ``b`` (``into``:
    `Overview.into`), either way; what `overview_codes` counts for it.

    >>> from dashboard.core.codes import encode
    >>> rows = pd.DataFrame({"source": ["a", "b", "c", "b"], "target": ["c", "d", "a", "a"],
    ...     "stance": ["neutral"] * 4, "confidence": ["reported"] * 4})
    >>> codes = encode(rows)  # a is a state, b one of its people; c, d another
    >>> link_rows(codes, np.array([0, 0, 2, 2]), 0, 2).tolist()
    [0, 1, 2]
    """
    if a == b or min(a, b) < 0:
        return np.zeros(0, dtype=np.intp)
    lookup = np.append(into, -1).astype(ACTOR_CODE)  # an end of -1: no node
    source, target = lookup[codes.source], lookup[codes.target]
    return np.flatnonzero(
        ((source == a) & (target == b)) | ((source == b) & (target == a))
    )


def busiest_neighbours(
    codes: Codes, actor: int, limit: int = NEIGHBOURS_LIMIT
) -> np.ndarray:
    """The codes of the ``limit`` actors with the most relations with
    ``actor`` among ``codes``, most first (ties by code).

    >>> from dashboard.core.codes import encode
    >>> rows = pd.DataFrame({"source": ["a", "a", "c", "b"], "target": ["b", "c", "a", "c"],
    ...     "stance": ["neutral"] * 4, "confidence": ["reported"] * 4})
    >>> busiest_neighbours(encode(rows), 0).tolist()
    [2, 1]
    """
    if actor < 0:
        return np.zeros(0, dtype=np.intp)
    ends = np.concatenate(
        [codes.target[codes.source == actor], codes.source[codes.target == actor]]
    )
    ends = ends[(ends >= 0) & (ends != actor)]
    counts = np.bincount(ends, minlength=len(codes.actors))
    present = np.flatnonzero(counts)
    order = np.lexsort((present, -counts[present]))[:limit]
    return present[order]


def opened_by(view: View, home: np.ndarray, actors: np.ndarray) -> list[int]:
    """The codes of the states ``view`` opens, each once: those it names
    (``expand``: a state, or any actor, whose state opens), then its
    selection's and its path's ends'. ``actors``: the sorted ids the codes
    are places in (`Codes.actors`).

    >>> from datetime import date
    >>> view = View(date(2025, 1, 1), date(2025, 2, 1), expand=("b",), focus="c")
    >>> opened_by(view, np.array([0, 0, 2]), np.array(["a", "b", "c"], dtype=object))
    [0, 2]
    """
    named = [*view.expand, *([view.focus] if view.focus else []), *(view.path or ())]
    codes = np.searchsorted(actors, np.array(named, dtype=object))
    found = [
        int(home[code])
        for code, actor in zip(codes.tolist(), named)
        if code < len(actors) and actors[code] == actor and home[code] >= 0
    ]
    return list(dict.fromkeys(found))
