"""Plane geometry for drawing: curved relation paths."""

from __future__ import annotations

from functools import cache

import numpy as np

__all__ = ["WIDEST_FAN", "bend_offsets", "curves"]


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
