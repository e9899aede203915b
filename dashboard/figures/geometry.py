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
    "clear_of_nodes",
    "curves",
    "detour_bends",
    "NodeGrid",
    "nearest_reach",
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


def clear_of_nodes(
    xs: np.ndarray,
    ys: np.ndarray,
    to_pixels: Callable[[np.ndarray], np.ndarray],
    centres: np.ndarray,
    sizes,
    gap: float = 6.0,
) -> np.ndarray:
    """For each relation's curve (rows of ``xs``, ``ys``; ``to_pixels`` maps
    (n, 2) points to pixels), the point nearest its middle that lies
    ``gap`` px or more outside every node (at ``centres``, px,
    ``sizes`` px wide): where its marker goes. Plotly gives a click to the
    nearest marker, and a small one wins over a large node within about
    5 px of it. Where no point is clear (a crowd), the point least deep in
    a node, measured in that node's size: a marker at a node's middle took
    the clicks meant to open it. Where even that point is inside a node
    (a link wholly within a large state's node, at 1280 px), -1: no marker,
    the node's clicks are its own (the link is in the state's actors)."""
    count, points = xs.shape
    middle = points // 2
    chosen = np.full(count, middle)
    if not count or not len(centres):
        return chosen
    sizes = np.asarray(sizes, dtype=float)
    grid = NodeGrid(centres, (sizes / 2 + gap) ** 2)  # squared, as apart
    # most middles are clear: only the curves of the others are searched
    near = grid.nearest(to_pixels(np.column_stack([xs[:, middle], ys[:, middle]])))
    crowded = np.flatnonzero(near <= 1)
    if not len(crowded):
        return chosen
    here = to_pixels(np.column_stack([xs[crowded].ravel(), ys[crowded].ravel()]))
    # how far each point is from the nearest node's middle, in that node's
    # reaches (a small node's middle matters as much as a large one's)
    nearest = grid.nearest(here).reshape(len(crowded), points)
    # from the middle outwards: the first point clear (beyond every reach),
    # else the first least deep
    outwards = np.argsort(np.abs(np.arange(points) - middle), kind="stable")
    nearest = nearest[:, outwards]
    clear = nearest > 1
    first = np.where(clear.any(axis=1), clear.argmax(axis=1), nearest.argmax(axis=1))
    best = outwards[first]
    spots = here.reshape(len(crowded), points, 2)[np.arange(len(crowded)), best]
    inside = grid.nearest(spots, sizes**2 / 4) < 1
    chosen[crowded] = np.where(inside, -1, best)
    return chosen


def nearest_reach(
    points: np.ndarray, nodes: np.ndarray, reach: np.ndarray
) -> np.ndarray:
    """For each of ``points`` (x, y px), its least squared distance to a
    node's middle (``nodes``) in that node's squared ``reach``: exact where
    it is at most 1 (within a node's reach); above 1 (infinite when no node
    is near), else. Coordinates and reaches are finite (as drawn).

    Each point is measured against the nodes near it only, found on a grid:
    all against all, an overview's 1,900 points of links against its 250
    states took 0.7 ms of every window.

    >>> nearest_reach(np.array([[0.0, 0.0], [9.0, 0.0], [50.0, 0.0]]),
    ...          np.array([[3.0, 4.0], [9.0, 2.0]]), np.array([100.0, 16.0])).tolist()
    [0.25, 0.25, inf]
    """
    return NodeGrid(nodes, reach).nearest(points)


class NodeGrid:
    """Nodes (x, y px) and their squared reaches on a grid, to measure many
    points against the nodes near each only (`nearest_reach`): all against
    all, an overview's 1,900 points of links against its 250 states took
    0.7 ms of every window. Made once, asked several times."""

    def __init__(self, nodes: np.ndarray, reach: np.ndarray) -> None:
        self.reach = np.asarray(reach, dtype=float)
        nx, ny = np.array(np.asarray(nodes, dtype=float).T)
        self.nx, self.ny = nx, ny
        # cells at least as wide as the widest reach (and a pixel, that no
        # rounding loses a node): the box of a node's reach, at most two
        # cells wide, falls in the 2 x 2 or 3 x 3 cells around its middle; a
        # point looks in its own cell, with few nodes in it. Wider where the
        # nodes are spread far apart, that the grid has some 16 cells a
        # node, not one for every reach's width of a huge figure
        wide = np.sqrt(self.reach) + 1
        span = max(np.ptp(nx), np.ptp(ny)) + 2 * wide.max()
        cell = max(wide.max(), span / np.sqrt(16 * len(nx)))
        left, right = np.floor((nx - wide) / cell), np.floor((nx + wide) / cell)
        top, bottom = np.floor((ny - wide) / cell), np.floor((ny + wide) / cell)
        self.first_column, self.first_row = left.min(), top.min()
        self.columns = int(right.max() - self.first_column) + 1
        self.rows = int(bottom.max() - self.first_row) + 1
        self.cell = cell
        # of the 3 x 3 cells from the top left of each node's reach, those
        # it reaches; a cell as one number, column after column
        column = (left - self.first_column)[:, None] + np.repeat(np.arange(3), 3)
        row = (top - self.first_row)[:, None] + np.tile(np.arange(3), 3)
        reached = (column <= (right - self.first_column)[:, None]) & (
            row <= (bottom - self.first_row)[:, None]
        )
        keys = (column * self.rows + row)[reached].astype(np.intp)
        owner = np.repeat(np.arange(len(nx)), 9)[reached.ravel()]
        # a cell's nodes in any order (not a stable sort): the least is the
        # same
        self.owner = owner[np.argsort(keys)]
        # how many nodes each cell holds, and where they start among
        # ``owner``; one cell more, empty, for the points off the grid
        self.held = np.bincount(keys, minlength=self.columns * self.rows + 1)
        self.starts_at = np.cumsum(self.held) - self.held

    def nearest(self, points: np.ndarray, reach: np.ndarray | None = None):
        """`nearest_reach` of ``points``; ``reach``: other squared reaches
        of the nodes, none wider than those the grid was made with."""
        reach = self.reach if reach is None else reach
        px, py = np.array(np.asarray(points, dtype=float).reshape(-1, 2).T)
        at_column = np.floor(px / self.cell) - self.first_column
        at_row = np.floor(py / self.cell) - self.first_row
        on_grid = (at_column >= 0) & (at_column < self.columns) & (at_row >= 0)
        on_grid &= at_row < self.rows
        mine = np.where(
            on_grid, at_column * self.rows + at_row, self.columns * self.rows
        )
        mine = mine.astype(np.intp)
        first, many = self.starts_at[mine], self.held[mine]
        # every (point, node of its cell) pair, point after point
        starts = np.cumsum(many) - many
        point = np.repeat(np.arange(len(px)), many)
        node = self.owner[np.repeat(first - starts, many) + np.arange(len(point))]
        across = px[point] - self.nx[node]
        down = py[point] - self.ny[node]
        apart = across * across
        apart += down * down
        apart /= reach[node]
        nearest = np.full(len(px), np.inf)
        some = many > 0
        if some.any():
            nearest[some] = np.minimum.reduceat(apart, starts[some])
        return nearest
