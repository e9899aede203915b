"""The network of a large view as its overview (core/overview.py): what
`make_network_figure` draws for it, the pairs, nodes, places, emphasis,
clicks and the line that says so, from a window's codes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.core.aggregate import (
    Pairs,
    PairTexts,
    count_pairs,
    draw_busiest,
    pair_ids,
    states_ends,
    states_ids,
)
from dashboard.core.codes import ACTOR_CODE, ActorCounts, Codes, distinct
from dashboard.core.describe import plural
from dashboard.core.model import per_data
from dashboard.core.overview import (
    NEIGHBOURS_LIMIT,
    OVERVIEW_PAIRS,
    Overview,
    busiest_neighbours,
    home_states,
    link_rows,
    opened_by,
    overview_codes,
    plan_overview,
    wants_overview,
)
from dashboard.core.overview_layout import evenly, overview_positions
from dashboard.core.text import markup
from dashboard.core.view import Shown, View
from dashboard.figures.common import ChangeMarks

if TYPE_CHECKING:  # the scene holds AppData
    from dashboard.core.model import AppData

__all__ = [
    "LinkRelations",
    "NetworkOverview",
    "first_pairs",
    "link_relations",
    "network_overview",
    "overview_note",
    "overview_said",
    "state_places",
]

#: The states the overview tries to name (the busiest first; as many as fit).
NAMED_STATES = 30
#: The busiest states named even over other states' markers (never over
#: another name), when nothing is selected.
NAMED_HUBS = 8
#: The most pairs of a selection drawn before the busiest of the others.
FIRST_PAIRS = 60


@dataclass
class NetworkOverview:
    """What the network draws for a large view's overview: the keyword
    arguments of `make_network_figure` beside its actors, pairs and places."""

    actors: pd.DataFrame
    pairs: pd.DataFrame
    positions: dict[str, tuple[float, float]]
    options: dict  # strong, marks, degree, widths, named, must, clicks, note, ...
    plan: Overview
    said: str  # what it draws, for an image's notes (`overview_said`)
    #: the states alone, nothing opened or selected (most windows): its
    #: nodes and ``positions`` those of every window (`state_places`)
    states_alone: bool = False


def network_overview(
    data: AppData,
    view: View,
    shown: Shown,
    codes: Codes,
    *,
    names: dict[str, str],
    strong: tuple[set[str] | None, set[str] | None],
    marks: ChangeMarks | None = None,
    selected: bool = False,
    texts: PairTexts | None = None,
) -> NetworkOverview:
    """The overview of ``view``'s network: ``codes`` are the window's
    relations (`AppData.codes_of`), ``names`` the actors' names as markup
    (for the pairs' hovers), ``strong`` the view's emphasis and ``marks``
    its change rings, both by actor and relation id; they are carried over
    to the nodes and pairs drawn. ``selected``: ``strong`` is relations the
    user selected (an overview's link), drawn at full strength with their
    ends; otherwise, without a focus, the states opened and their relations
    are the emphasis. ``texts``: the hovers' openings kept for the states'
    pairs (`draw_busiest`), used while no actor is drawn as itself."""
    ids = data.codes.actors
    plan = _plan(data, view, shown, codes)
    # the window's relations looked up once, for the links and the nodes
    parts = _relation_parts(data)[shown.labels]
    drawn_codes = overview_codes(
        codes, data.state_codes, plan, rows=shown.labels, kept=parts == -1
    )
    counted = count_pairs(drawn_codes)
    node_load = _pair_loads(counted)  # the relations drawn, per node
    # a selection's relations, or else an opened state's, are drawn first,
    # however quiet (FIRST_PAIRS at most), then the busiest of the others
    anchors = [actor for actor in (view.focus, *(view.path or ())) if actor]
    first = [_code(ids, actor) for actor in anchors]
    member_codes = np.array(
        [code for codes_ in plan.members.values() for code in codes_], dtype=int
    )
    if not anchors:  # an opened state's actors; one with none, its own
        # relations (a state's own are the busiest: beside its actors', they
        # took every first place)
        first = member_codes.tolist()
        first += [state for state in plan.opened if not plan.members.get(state)]
    ranked = first_pairs(counted, first)
    theirs = min(_count_first(counted, first), FIRST_PAIRS)
    # a link with a state at an end stands for its actors: its own id says so
    top = ranked[: OVERVIEW_PAIRS + theirs]
    low = np.minimum(counted.a[top], counted.b[top])
    high = np.maximum(counted.a[top], counted.b[top])
    link_ids = _link_ids(ids, _home(data), low, high)
    made = draw_busiest(
        replace(counted, ranked=ranked), names, len(top), ids=link_ids, texts=texts
    )
    pairs = made.table
    # the pairs' ids and counts as given and counted, not read from the
    # table (a column read costs 8 us, the first of a new table 50)
    drawn_ids, drawn_counts = link_ids.tolist(), counted.count[top]
    # each link's ends (codes): from its lower end (`Pairs.a`) or back
    forward = made.forward
    link_ends = np.concatenate(
        [np.where(forward, low, high), np.where(forward, high, low)]
    ).astype(np.intp)  # as `end_rows` gives them
    members = ids[member_codes].tolist()
    opened = ids[list(plan.opened)].tolist()
    # the states by the relations they draw, busiest first
    busiest_states = _busiest(ids, node_load, plan.states, NAMED_STATES)
    if anchors:
        strong, marks = _carried(data, shown, plan, set(drawn_ids), strong, marks)
        reached = set(members) & (strong[0] or set())
        must = list(dict.fromkeys([*anchors, *sorted(reached)]))
    else:
        chosen, marks = _carried(data, shown, plan, set(drawn_ids), strong, marks)
        # the busiest states named even in the crowd at the middle: the
        # overview says who the hubs are; before them, what the user opened
        # to see: the opened states and their actors, the busiest first
        hubs = busiest_states[:NAMED_HUBS]  # NAMED_HUBS <= NAMED_STATES
        named_first = [*opened, *_busiest(ids, node_load, member_codes, len(members))]
        strong, must = (None, None), [*named_first, *hubs]
        if selected and chosen[1] is not None:  # a link selected: its links
            strong = chosen
        elif plan.opened:  # what opened, its links and what they reach
            linked = drawn_ids[:theirs]
            ends = pairs["source"].tolist()[:theirs] + pairs["target"].tolist()[:theirs]
            strong = (set(opened) | set(members) | set(ends), set(linked))
    clicks = _clicks(view, plan, ids, _home(data))
    # the actors as the header counts them
    involved = _counts(codes) > 0
    home = _home(data)[involved]  # the states of the actors involved
    counts = {
        "actors_shown": len(codes.actor_counts()),
        "states_shown": len(distinct(home[home >= 0])),
        "pairs": (len(pairs), counted),
        "stateless": int(np.count_nonzero(plan.into[involved] < 0)),
    }
    options = {
        "strong": strong,
        "marks": marks,
        "degree": _node_counts(data, node_load, codes, plan, parts),
        "widths": dict(zip(drawn_ids, _widths(drawn_counts).tolist())),
        # the busiest states are the crowded middle: those around are named too
        "named": members + busiest_states,
        "must": must,
        "clicks": clicks,
        "note": overview_note(
            data,
            plan,
            **counts,
            folds=any(what == "collapse" for what in clicks.values()),
        ),
        # no frame: the axes hold every node, a selection's view's too
        # (framed on the actors it reached, the states they and the rest
        # deal with were left outside, their links cut at the figure's edge)
        "fill": True,
        # a new selection or state opened frames again; a user's zoom stays
        "refit": "|".join([*anchors, "", *opened]),
        # the links' ends as rows of a table of every actor by code: no ids
        # looked up again
        "ends": link_ends,
        "ends_of": ids,
    }
    actors = _node_actors(data, plan)
    said = overview_said(data, plan, **counts)
    states_alone = not plan.members and not plan.opened
    return NetworkOverview(
        actors, pairs, _positions(data, plan), options, plan, said, states_alone
    )


def _plan(data: AppData, view: View, shown: Shown, codes: Codes) -> Overview:
    """Which actors ``view``'s overview draws as themselves: the opened
    states' busiest, and a selection with its busiest neighbours (or a
    path's actors)."""
    ids = data.codes.actors
    home = _home(data)
    focus = _code(ids, view.focus)
    alone = [focus] if focus >= 0 else []
    alone += busiest_neighbours(codes, focus).tolist()
    if shown.path is not None:  # every actor on the path, as itself
        on_path = {actor for path in shown.path.paths for actor in path}
        alone += [_code(ids, actor) for actor in sorted(on_path)][:NEIGHBOURS_LIMIT]
    alone += [_code(ids, actor) for actor in view.path or ()]
    return plan_overview(
        home,
        _counts(codes),
        opened=opened_by(view, home, ids),
        alone=[code for code in alone if code >= 0],
        allowed=_allowed(data, shown.actors),
        rank=_steady_rank(data),
    )


def _carried(
    data: AppData, shown: Shown, plan: Overview, drawn: set[str], strong, marks
):
    """The emphasis (actors, relations) and change rings of the view, by
    actor and relation id, carried over to the nodes and pairs drawn."""
    strong_actors, strong_relations = strong
    ids, into = data.codes.actors, plan.into
    if strong_actors is not None:
        strong_actors = _as_drawn(ids, into, strong_actors)
    if strong_relations is not None:
        strong_relations = _drawn_pairs(data, shown, into, strong_relations) & drawn
    if marks is not None:
        marks = replace(
            marks,
            **{
                change: frozenset(
                    _drawn_pairs(data, shown, into, getattr(marks, change)) & drawn
                )
                for change in ("appeared", "ended", "flipped")
            },
        )
    return (strong_actors, strong_relations), marks


def _count_first(pairs: Pairs, actors: list[int]) -> int:
    """How many pairs ``actors`` (codes) take part in."""
    if not actors:
        return 0
    return int(np.count_nonzero(np.isin(pairs.a, actors) | np.isin(pairs.b, actors)))


def overview_note(
    data: AppData,
    plan: Overview,
    *,
    actors_shown: int,
    states_shown: int,
    pairs,
    stateless: int = 0,
    folds: bool = False,
) -> str:
    """The words above the overview, as markup: what it draws, how to open a
    state, and which are open (parts " · " the figure breaks into lines as
    it needs).

    ``actors_shown``: the actors the window's relations involve (the
    header's count), ``states_shown`` their states; ``pairs``: (how many drawn, the counted `Pairs`);
    ``folds``: a click folds an opened state back (the user opened it, not a
    selection)."""
    drawn, opened = _overview_words(
        data, plan, actors_shown, states_shown, pairs, stateless
    )
    words = " · ".join(["Overview: " + drawn[0], *drawn[1:]])
    words += " · click a state for its actors"
    if opened:
        words += "<br>Open: " + ", ".join(markup(state) for state in opened)
        words += " · click again to fold" if folds else ""
    return words


def overview_said(
    data: AppData,
    plan: Overview,
    *,
    actors_shown: int,
    states_shown: int,
    pairs,
    stateless: int = 0,
) -> str:
    """What the overview draws, in plain words for an image's notes, where
    nothing is clicked: `overview_note` without its hints, on one line."""
    drawn, opened = _overview_words(
        data, plan, actors_shown, states_shown, pairs, stateless
    )
    return " · ".join(drawn) + ("; open: " + ", ".join(opened) if opened else "")


def _overview_words(
    data: AppData,
    plan: Overview,
    actors_shown: int,
    states_shown: int,
    pairs,
    stateless: int = 0,
) -> tuple[list[str], list[str]]:
    """(what the overview draws, the opened states with how many of their
    actors it shows), in words (names as they are, not markup). Actors whose
    country has no state in the data (CIAN, a person of a state never named
    itself) have no node: said, or "554 actors as 131 states" hid 22."""
    drawn, counted = pairs
    parts = [f"{actors_shown:,} actors as {plural(states_shown, 'state')}"]
    if stateless:
        parts[0] += f" ({stateless:,} without a state, not drawn)"
    if drawn < len(counted.count):
        parts.append(f"{drawn:,} of {len(counted.count):,} links")
    ids = data.codes.actors
    opened = []
    for state in plan.opened:
        members = len(plan.members.get(state, ()))
        name = data.names.get(ids[state], ids[state])
        hidden = plan.hidden.get(state, 0)
        opened.append(f"{name} ({members} of {members + hidden})" if hidden else name)
    return parts, opened


def first_pairs(
    pairs: Pairs, actors: list[int], limit: int = FIRST_PAIRS
) -> np.ndarray:
    """``pairs.ranked`` with the ``limit`` busiest pairs of ``actors`` (codes)
    first: a selection's relations are drawn, however quiet.

    >>> from dashboard.core.codes import encode
    >>> rows = pd.DataFrame({"source": ["a", "a", "b", "c"], "target": ["b", "b", "c", "d"],
    ...     "stance": ["neutral"] * 4, "confidence": ["reported"] * 4})
    >>> pairs = count_pairs(encode(rows))
    >>> pairs.ranked.tolist(), first_pairs(pairs, [3]).tolist()
    ([0, 1, 2], [2, 0, 1])
    """
    if not actors:
        return pairs.ranked
    ranked = pairs.ranked
    theirs = np.isin(pairs.a[ranked], actors) | np.isin(pairs.b[ranked], actors)
    chosen = ranked[theirs][:limit]
    rest = np.ones(len(ranked), dtype=bool)
    rest[np.flatnonzero(theirs)[:limit]] = False
    return np.concatenate([chosen, ranked[rest]])


def _widths(counts: np.ndarray) -> np.ndarray:
    """Each pair's line width (px) in the overview: by its share of the
    busiest's relations, from half a pixel to two and a half, in half
    pixels (so that pairs share a few traces): hundreds of heavy lines
    between states hide them."""
    if not len(counts):
        return np.zeros(0)
    share = np.sqrt(counts / counts.max())
    return np.round(2 * (0.5 + 2 * share)) / 2


def _busiest(
    ids: np.ndarray, counts: np.ndarray, among: np.ndarray, limit: int
) -> list[str]:
    """The ids of the ``limit`` actors of ``among`` (codes) with the most
    relations (``counts``, by code)."""
    chosen = among[np.argsort(-counts[among], kind="stable")[:limit]]
    return ids[chosen].tolist()


def _pair_loads(pairs: Pairs) -> np.ndarray:
    """How many of the relations counted in ``pairs`` each actor (by code)
    takes part in: summed over the few thousand pairs, not counted again
    over the hundred thousand relations' ends."""
    size = len(pairs.actors)
    # each end apart: no copies of the thousands of pairs' ends and counts
    found = np.bincount(pairs.a, weights=pairs.count, minlength=size)
    found += np.bincount(pairs.b, weights=pairs.count, minlength=size)
    return found.astype(np.int64)  # whole numbers, exact in a float's 53 bits


def _counts(codes: Codes) -> np.ndarray:
    """How many relations of ``codes`` each actor has, by code."""
    counted = codes.actor_counts()
    if isinstance(counted, ActorCounts):
        return counted.counts
    return np.array([counted.get(actor, 0) for actor in codes.actors.tolist()])


def _code(ids: np.ndarray, actor: str | None) -> int:
    """The code of ``actor`` among the sorted ``ids``, -1 when it has none."""
    if not actor:
        return -1
    code = int(np.searchsorted(ids, actor))
    return code if code < len(ids) and ids[code] == actor else -1


def _as_drawn(ids: np.ndarray, into: np.ndarray, actors: set[str]) -> set[str]:
    """The nodes that draw ``actors``: each itself, or its state."""
    if not actors:
        return set()
    wanted = np.array(sorted(actors), dtype=object)
    codes = np.searchsorted(ids, wanted)
    known = codes < len(ids)
    known[known] = ids[codes[known]] == wanted[known]
    drawn = into[codes[known]]
    return set(ids[drawn[drawn >= 0]].tolist())


def _drawn_pairs(data: AppData, shown: Shown, into: np.ndarray, relations) -> set[str]:
    """The ids of the pairs the overview draws for the ``relations`` (ids)
    among those ``shown``."""
    if not relations:
        return set()
    labels = data.labels_shown(shown, relations)
    codes = data.codes
    lookup = np.append(into, -1)
    source, target = lookup[codes.source[labels]], lookup[codes.target[labels]]
    kept = (source >= 0) & (target >= 0) & (source != target)
    low = np.minimum(source[kept], target[kept])
    high = np.maximum(source[kept], target[kept])
    # each link once before its id is written: a busy state's hundred
    # thousand relations fall into a few hundred links
    count = len(codes.actors)
    low, high = np.divmod(distinct(low.astype(np.int64) * count + high), count)
    return set(_link_ids(codes.actors, _home(data), low, high).tolist())


def _link_ids(
    ids: np.ndarray, home: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """The ids of the overview's links between nodes ``low[i]`` and
    ``high[i]`` (codes, ``low`` first): ``states:a~b`` where an end is a
    state, which stands for its actors not drawn as themselves, else
    ``pair:a~b`` (two actors drawn as themselves: their own relations)."""
    merged = (home[low] == low) | (home[high] == high)
    # each id written once, of its kind (most links are between states)
    found = np.empty(len(low), dtype=object)
    found[merged] = states_ids(ids[low[merged]], ids[high[merged]])
    found[~merged] = pair_ids(ids[low[~merged]], ids[high[~merged]])
    return found


@dataclass(frozen=True)
class LinkRelations:
    """The relations an overview link (``states:a~b``) stands for."""

    ends: tuple[str, str]  # the ids of its nodes
    states: tuple[bool, bool]  # whether each end is a state, for its actors
    relations: pd.DataFrame  # of those shown, in their order


def link_relations(
    data: AppData, view: View, shown: Shown, link_id: str | None
) -> LinkRelations | None:
    """The relations of ``shown`` the overview link ``link_id`` stands for:
    those whose ends the overview of ``view`` draws as its two nodes (the
    count its hover gives); None when ``link_id`` is not such a link or
    names an actor the data does not hold. A view drawn otherwise (every
    actor, states only, a neighbourhood) has no actor drawn as itself: the
    link then stands for every relation between its states' actors."""
    ends = states_ends(link_id)
    if ends is None:
        return None
    ids, home = data.codes.actors, _home(data)
    a, b = _code(ids, ends[0]), _code(ids, ends[1])
    if a < 0 or b < 0 or a == b:
        return None
    codes = data.codes_of(shown.labels, False)
    if wants_overview(view, len(shown.actors)):
        into = _plan(data, view, shown, codes).into
    else:
        into = np.where(home >= 0, home, np.arange(len(home)))
    rows = link_rows(codes, into, a, b)
    return LinkRelations(
        ends=ends,
        states=(bool(home[a] == a), bool(home[b] == b)),
        relations=shown.relations.iloc[rows],
    )


def _clicks(
    view: View, plan: Overview, ids: np.ndarray, home: np.ndarray
) -> dict[str, str]:
    """What a click on each state does: show its actors, or fold them back
    when the user opened it; a state a selection opened is selected as any
    actor is."""
    chosen = [_code(ids, actor) for actor in (view.focus, *(view.path or ()))]
    by_selection = {int(home[code]) for code in chosen if code >= 0}
    named = {_code(ids, actor) for actor in view.expand}
    by_user = {int(home[code]) for code in named if code >= 0}
    clicks = dict.fromkeys(ids[plan.states].tolist(), "expand")
    for state in plan.opened:
        if state in by_selection:
            del clicks[ids[state]]
        elif state in by_user:
            clicks[ids[state]] = "collapse"
    return clicks


def _node_actors(data: AppData, plan: Overview) -> pd.DataFrame:
    """The rows of the data's actors the overview draws as nodes: with
    nothing opened or selected (most windows) the states alone, the same
    rows in every window, taken once per data set (shared: read only)."""
    if not plan.members:
        return _state_actors(data)
    return data.dataset.actors.iloc[_actor_rows(data)[plan.drawn]]


@per_data(maxsize=1)
def _state_actors(data: AppData) -> pd.DataFrame:
    """The rows of the data's states (`Overview.states`), by code."""
    home = _home(data)
    states = np.flatnonzero(home == np.arange(len(home)))
    return data.dataset.actors.iloc[_actor_rows(data)[states]]


def _positions(data: AppData, plan: Overview) -> dict[str, tuple[float, float]]:
    """Where the overview draws each node (core/overview_layout.py): with
    nothing opened or selected, where the states are in every window,
    placed once per data set (shared: read only)."""
    if not plan.members and not plan.opened:
        return state_places(data)
    ids = data.codes.actors
    members = {
        (ids[state] if state >= 0 else ""): ids[codes].tolist()
        for state, codes in plan.members.items()
    }
    return overview_positions(
        _even_states(data),
        members,
        opened=ids[list(plan.opened)].tolist(),
        elsewhere=data.positions,
    )


def state_colours(data: AppData, node_colours: dict[str, str]) -> dict[str, str]:
    """``node_colours`` (blocs, by actor) with each state that has none of
    its own coloured as most of its actors are: in the overview a state
    stands for them, and is often in no bloc itself (its people deal, not
    it)."""
    ids = data.codes.actors
    home = _home(data)
    votes: dict[str, Counter] = {}
    for code, actor in enumerate(ids.tolist()):
        colour = node_colours.get(actor)
        if colour is not None and home[code] >= 0:
            votes.setdefault(ids[home[code]], Counter())[colour] += 1
    painted = {
        state: counted.most_common(1)[0][0]
        for state, counted in votes.items()
        if state not in node_colours
    }
    return {**node_colours, **painted}


def _node_counts(
    data: AppData, loads: np.ndarray, codes: Codes, plan: Overview, parts: np.ndarray
) -> ActorCounts:
    """The relations each node stands for: those it draws (``loads``, by
    code), and a state's relations among its own actors folded into it
    (``codes``, whose `_relation_parts` are ``parts``), which no link draws.
    A node's size and hover count every relation of its actors (the hover
    said 168 for Canada, whose actors had 169)."""
    if plan.alone.any():  # an opened state's actors: drawn as themselves
        alone = np.append(plan.alone, True)
        parts = np.where(alone[codes.source] | alone[codes.target], -1, parts)
    extra = np.bincount(parts[parts >= 0], minlength=len(loads))
    return ActorCounts(data.codes.actors, loads + extra)


@per_data(maxsize=1)
def _relation_parts(data: AppData) -> np.ndarray:
    """What the overview of states makes of each relation, by row label:
    its state's code when both its ends are of it (a relation among a
    state's own actors, folded into its node), -1 when it is drawn between
    two states (`AppData.state_codes` pairs it), -2 otherwise (an end with
    no state). Found once per data set, then picked for a window's rows once
    for its links and its nodes (as 32-bit codes: a third sooner). Both
    ends' states are `graph.states_of`'s, there and here: a relation is
    never both among one state's actors and between two."""
    home = np.append(_home(data), -1)
    source, target = home[data.codes.source], home[data.codes.target]
    inner = np.where((source == target) & (source >= 0), source, -2)
    return np.where(data.state_codes.pair >= 0, -1, inner).astype(ACTOR_CODE)


# Made once per data set, kept on it (`per_data`).
@per_data(maxsize=1)
def _home(data: AppData) -> np.ndarray:
    """Each actor's state's code, by code."""
    return home_states(data.dataset.actors, data.codes.actors)


@per_data(maxsize=1)
def state_places(data: AppData) -> dict[str, tuple[float, float]]:
    """The overview's nodes when it draws the states alone (shared: read
    only)."""
    return overview_positions(_even_states(data), {})


@per_data(maxsize=1)
def _even_states(data: AppData) -> dict[str, tuple[float, float]]:
    """The states' places in the states-only layout, spread evenly."""
    return evenly(data.state_positions)


@per_data(maxsize=1)
def _steady_rank(data: AppData) -> np.ndarray:
    """Each actor's place by its relations in all the data, busiest first:
    the order in which an opened state's actors take their places."""
    counts = data.codes.actor_counts().counts
    rank = np.empty(len(counts), dtype=np.intp)
    rank[np.argsort(-counts, kind="stable")] = np.arange(len(counts))
    return rank


@per_data(maxsize=1)
def _actor_rows(data: AppData) -> np.ndarray:
    """For each actor code, its row in the data's actors table."""
    order = pd.Index(data.dataset.actors["id"].to_numpy(dtype=object))
    return order.get_indexer(pd.Index(data.codes.actors, dtype=object))


def _allowed(data: AppData, actors: pd.DataFrame) -> np.ndarray | None:
    """Which actors (by code) the view's filters keep; None: all."""
    if actors is data.dataset.actors:
        return None
    allowed = np.zeros(len(data.codes.actors), dtype=bool)
    codes = np.searchsorted(data.codes.actors, actors["id"].to_numpy(dtype=object))
    allowed[codes[codes < len(allowed)]] = True
    return allowed
