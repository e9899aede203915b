"""Where the overview of states (core/overview.py) draws its nodes: the states
spread evenly, each opened state's actors in a disc around it, the states
nearby moved out of the way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["cluster_radius", "evenly", "overview_positions"]

#: The golden angle: each member turned this far from the one before fills a
#: disc evenly, with no spokes (a sunflower's seeds).
_GOLDEN = np.pi * (3 - np.sqrt(5))
#: An opened state's disc, as a share of the layout's radius (1): this much
#: plus a little more per member.
_RADIUS, _PER_MEMBER = 0.1, 0.04
#: A few members drawn beside a state that is not opened (a selection's
#: neighbours) sit this close.
_BESIDE = 0.07


def evenly(positions: Mapping[str, Sequence[float]]) -> dict[str, tuple[float, float]]:
    """``positions`` moved so that they fill the unit disc evenly: each keeps
    its direction from their centre and its rank by distance. A force layout
    of two hundred states that all deal with each other is a dense ball with
    a few strays; the overview needs room around every node.

    >>> spread = evenly({"a": (0.0, 0.0), "b": (0.1, 0.0), "c": (9.0, 0.0)})
    >>> [round(spread[k][0], 2) for k in "abc"]
    [-0.71, 0.41, 0.91]
    """
    if not positions:
        return {}
    ids = list(positions)
    xy = np.array([positions[key][:2] for key in ids], dtype=float)
    offset = xy - np.median(xy, axis=0)
    angle = np.arctan2(offset[:, 1], offset[:, 0])
    order = np.argsort(np.hypot(offset[:, 0], offset[:, 1]), kind="stable")
    radius = np.empty(len(ids))
    # equal areas: the k-th nearest at the radius that holds k of n
    radius[order] = np.sqrt((np.arange(len(ids)) + 0.5) / len(ids))
    moved = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return {key: (float(x), float(y)) for key, (x, y) in zip(ids, moved.tolist())}


def cluster_radius(members: int) -> float:
    """The radius of the disc an opened state's ``members`` fill.

    >>> round(cluster_radius(24), 2)
    0.3
    """
    return float(_RADIUS + _PER_MEMBER * np.sqrt(members))


def overview_positions(
    states: Mapping[str, tuple[float, float]],
    members: Mapping[str, Sequence[str]],
    *,
    opened: Sequence[str] = (),
    elsewhere: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Every node of the overview: ``states`` where they are (`evenly`),
    except those near an ``opened`` state, pushed out to leave room for its
    disc; each state's ``members`` (in order, the first nearest) around it,
    in a disc as large as they need when it is opened, close beside it
    otherwise. Members of a state not in ``states`` (an actor with no
    state) are drawn at their place in ``elsewhere``.

    >>> spots = overview_positions({"s": (0.0, 0.0), "t": (0.2, 0.0)},
    ...     {"s": ["p", "q"]}, opened=["s"])
    >>> round(spots["t"][0], 2), all(abs(spots[k][0]) < 0.3 for k in "pq")
    (0.3, True)
    """
    ids = list(states)
    xy = np.array([states[key] for key in ids], dtype=float).reshape(-1, 2)
    centre_of = dict(zip(ids, range(len(ids))))
    discs = {
        state: cluster_radius(len(members.get(state, ())))
        for state in opened
        if state in centre_of
    }
    for state, radius in discs.items():
        xy = _make_room(xy, centre_of[state], radius)
    placed = {key: (float(x), float(y)) for key, (x, y) in zip(ids, xy.tolist())}
    elsewhere = elsewhere or {}
    for state, actors in members.items():
        if state not in centre_of:  # no state of their own: their usual places
            placed.update({a: tuple(elsewhere[a]) for a in actors if a in elsewhere})
            continue
        centre = xy[centre_of[state]]
        radius = discs.get(state, _BESIDE + 0.02 * np.sqrt(len(actors)))
        spots = centre + _sunflower(len(actors), radius)
        placed.update(
            {actor: (float(x), float(y)) for actor, (x, y) in zip(actors, spots)}
        )
    return placed


def _sunflower(count: int, radius: float) -> np.ndarray:
    """``count`` offsets filling a disc of ``radius`` evenly, the first
    nearest its centre (which keeps a hole for the state's own node).

    >>> _sunflower(3, 1.0).round(2).tolist()
    [[0.67, 0.0], [-0.62, 0.57], [0.08, -0.95]]
    """
    steps = np.arange(count)
    hole = 0.45
    reach = hole + (1 - hole) * np.sqrt((steps + 0.5) / max(count, 1))
    angle = steps * _GOLDEN
    return radius * reach[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])


def _make_room(xy: np.ndarray, centre: int, radius: float) -> np.ndarray:
    """``xy`` with the points within three ``radius`` of point ``centre``
    pushed away from it (the nearest to just outside ``radius``), in order:
    no point passes another on its way out."""
    offset = xy - xy[centre]
    distance = np.hypot(offset[:, 0], offset[:, 1])
    reach = 3 * radius
    near = (distance < reach) & (distance > 0)
    moved = xy.copy()
    # from [0, reach] onto [1.15 radius, reach]: steady at the edge
    wanted = 1.15 * radius + distance[near] * (reach - 1.15 * radius) / reach
    moved[near] = xy[centre] + offset[near] * (wanted / distance[near])[:, None]
    return moved
