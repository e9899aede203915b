"""Plane geometry for drawing: curved relation paths."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
from scipy.spatial import cKDTree

__all__ = [
    "DETOURS",
    "WIDEST_FAN",
    "bend_offsets",
    "curves",
    "detour_bends",
    "through_nodes",
]


def curves(
    starts: np.ndarray, ends: np.ndarray, bends: np.ndarray, points: int = 16
) -> tuple[np.ndarray, np.ndarray]:
    """Quadratic Beziers from each start to its end (rows of (x, y)), each bowed
    sideways by its bend x its length: x and y arrays of shape (paths, points),
    column-ordered views (worked out step by step; indexing or ravel copies).

    A positive bend bows to the left of the direction of travel; zero is a line.
    All paths at once: a thousand curves one by one cost a callback 30 ms.

    >>> xs, ys = curves(np.array([[0, 0]]), np.array([[1, 0]]), np.array([0.2]), 3)
    >>> xs.tolist(), ys.tolist()
    ([[0.0, 0.5, 1.0]], [[0.0, 0.1, 0.0]])
    """
    starts, ends = np.asarray(starts, float), np.asarray(ends, float)
    bends = np.asarray(bends, float)
    x0, y0, x1, y1 = starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1]
    control_x = (x0 + x1) / 2 - (y1 - y0) * bends
    control_y = (y0 + y1) / 2 + (x1 - x0) * bends
    start, middle, end = _weights(points)
    # worked out a row per step along the curves, then transposed (a view):
    # numpy's loops then run along the hundreds of paths, not the few steps
    # (a third less time). The terms added in place: as written out, each
    # took a new array
    xs, ys = start * x0, start * y0
    xs += middle * control_x
    ys += middle * control_y
    xs += end * x1
    ys += end * y1
    return xs.T, ys.T


@cache
def _weights(points: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Bezier weights of a curve's start, control point and end at each
    of ``points`` steps along it (columns: read-only, shared)."""
    t = np.linspace(0.0, 1.0, points)[:, None]
    weights = ((1 - t) ** 2, 2 * (1 - t) * t, t**2)
    for weight in weights:
        weight.flags.writeable = False
    return weights


#: More parallel paths than this share the spread of this many, closer
#: together: fifteen ICEWS events between two states bowed out 1.3 times
#: their length, far off the network's panel.
WIDEST_FAN = 5


def bend_offsets(
    rank: np.ndarray, count: np.ndarray, spacing: float = 0.18
) -> np.ndarray:
    """Bends of parallel paths between one pair, spread around 0.08: for each
    path, the ``rank``-th of ``count`` (arrays, one entry per path), ``spacing``
    apart up to `WIDEST_FAN` paths, closer beyond.

    A single path still bends a little so that A->B and B->A never overlap.

    >>> bend_offsets(np.array([0, 0, 1]), np.array([1, 2, 2])).round(2).tolist()
    [0.08, -0.01, 0.17]
    >>> bend_offsets(np.array([0, 8]), np.array([9, 9])).round(2).tolist()
    [-0.28, 0.44]
    """
    count = np.asarray(count)
    step = spacing * np.minimum(1.0, (WIDEST_FAN - 1) / np.maximum(count - 1, 1))
    return 0.08 + step * (rank - (count - 1) / 2)


#: How much further a pair's links bow, in turn, to pass round a node they
#: would cross: a straight link from Lukashenko to the United States ran
#: under Russia's node and read as two links through Russia.
DETOURS = (0.2, -0.2, 0.35, -0.35, 0.5, -0.5, 0.7, -0.7, 0.9, -0.9)


def through_nodes(
    here: np.ndarray, centres: np.ndarray, reach: np.ndarray, *, own: float = 1.5
) -> np.ndarray:
    """Which paths (``here``: points in px, shape (paths, points, 2)) pass
    within ``reach`` (px, one per node) of a node's centre (``centres``, px)
    other than the nodes at their own two ends (centres within ``own`` px of
    a path's first or last point). Each point is measured against the few
    nodes nearest it (`NEAREST`), found in a k-d tree.

    >>> line = np.array([[[0.0, 0.0], [5.0, 0.0], [10.0, 0.0]]])
    >>> nodes = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 1.0]])
    >>> through_nodes(line, nodes, np.array([3.0, 3.0, 2.0])).tolist()
    [True]
    >>> through_nodes(line, nodes[:2], np.array([3.0, 3.0])).tolist()
    [False]
    """
    count, points = here.shape[:2]
    if not count or not len(centres):
        return np.zeros(count, dtype=bool)
    tree = cKDTree(centres)
    nearest = min(NEAREST, len(centres))
    apart, node = tree.query(
        here.reshape(-1, 2), k=nearest, distance_upper_bound=float(reach.max())
    )
    apart, node = apart.reshape(count, -1), node.reshape(count, -1)
    found = node < len(centres)  # beyond the widest reach: no node
    near = np.zeros_like(found)
    near[found] = apart[found] < reach[node[found]]
    # the nodes at each path's ends, by the same tree
    ends = tree.query(here[:, [0, -1]].reshape(-1, 2), distance_upper_bound=own)[1]
    ends = ends.reshape(count, 2)
    ends_own = (node == ends[:, :1]) | (node == ends[:, 1:])
    return (near & ~ends_own).any(axis=1)


#: The nodes nearest each point of a path that `through_nodes` measures it
#: against: its own two ends and a few more.
NEAREST = 5


def detour_bends(
    starts: np.ndarray,
    stops: np.ndarray,
    bends: np.ndarray,
    crosses: Callable[[np.ndarray, np.ndarray], np.ndarray],
) -> np.ndarray:
    """``bends`` with each pair of ends whose paths cross a node bowed
    further, all its paths by the same amount (a fan stays a fan): the first
    of `DETOURS` with which none of them ``crosses`` (rows, their bends ->
    a flag per row), else as they were. ``bends`` itself when no path
    crosses one.

    >>> apart = lambda rows, bends: np.abs(bends) < 0.3  # crossing when flat
    >>> ends = np.array([[0.0, 0.0], [1.0, 0.0]])
    >>> detour_bends(ends[:1], ends[1:], np.array([0.08]), apart).round(2).tolist()
    [0.43]
    """
    crossing = crosses(np.arange(len(bends)), bends)
    if not crossing.any():
        return bends
    # a pair's ends in one order whichever way its paths run, and the side
    # its bends bow to in that order (a path back has its bend negated)
    forward = (starts[:, 0] < stops[:, 0]) | (
        (starts[:, 0] == stops[:, 0]) & (starts[:, 1] < stops[:, 1])
    )
    low = np.where(forward[:, None], starts, stops)
    high = np.where(forward[:, None], stops, starts)
    _, pair = np.unique(np.hstack([low, high]), axis=0, return_inverse=True)
    pair = pair.ravel()
    side = np.where(forward, 1.0, -1.0)
    bends = np.array(bends, dtype=float)
    # every pair still crossing tried at once, one push after another
    todo = np.unique(pair[crossing])
    for push in DETOURS:
        rows = np.flatnonzero(np.isin(pair, todo))
        tried = bends[rows] + side[rows] * push
        todo = np.unique(pair[rows][crosses(rows, tried)])
        cleared = ~np.isin(pair[rows], todo)
        bends[rows[cleared]] = tried[cleared]
        if not len(todo):
            break
    return bends
