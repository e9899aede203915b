"""Plane geometry for drawing: curved relation paths, spreading co-located actors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["bend_offsets", "curves", "spread_colocated"]


def curves(
    starts: np.ndarray, ends: np.ndarray, bends: np.ndarray, points: int = 16
) -> tuple[np.ndarray, np.ndarray]:
    """Quadratic Beziers from each start to its end (rows of (x, y)), each bowed
    sideways by its bend x its length: x and y arrays of shape (paths, points).

    A positive bend bows to the left of the direction of travel; zero is a line.
    All paths at once: a thousand curves one by one cost a callback 30 ms.

    >>> xs, ys = curves(np.array([[0, 0]]), np.array([[1, 0]]), np.array([0.2]), 3)
    >>> xs.tolist(), ys.tolist()
    ([[0.0, 0.5, 1.0]], [[0.0, 0.1, 0.0]])
    """
    starts, ends = np.asarray(starts, float), np.asarray(ends, float)
    bends = np.asarray(bends, float)[:, None]
    x0, y0, x1, y1 = starts[:, :1], starts[:, 1:], ends[:, :1], ends[:, 1:]
    control_x = (x0 + x1) / 2 - (y1 - y0) * bends
    control_y = (y0 + y1) / 2 + (x1 - x0) * bends
    t = np.linspace(0.0, 1.0, points)[None, :]
    xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * control_x + t**2 * x1
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * control_y + t**2 * y1
    return xs, ys


def bend_offsets(
    rank: np.ndarray, count: np.ndarray, spacing: float = 0.18
) -> np.ndarray:
    """Bends of parallel paths between one pair, spread around 0.08: for each
    path, the ``rank``-th of ``count`` (arrays, one entry per path).

    A single path still bends a little so that A->B and B->A never overlap.

    >>> bend_offsets(np.array([0, 0, 1]), np.array([1, 2, 2])).round(2).tolist()
    [0.08, -0.01, 0.17]
    """
    return 0.08 + spacing * (rank - (count - 1) / 2)


def spread_colocated(actors: pd.DataFrame, radius: float = 4.0) -> pd.DataFrame:
    """Move actors that share a point onto a ring around it, the state staying put.

    Persons sit at their capital by default, right on top of their state; this
    keeps each of them visible and clickable. Returns a copy with new lat/lon.
    """
    lat = actors["lat"].to_numpy(dtype=float, copy=True)
    lon = actors["lon"].to_numpy(dtype=float, copy=True)
    kinds, ids = actors["kind"].tolist(), actors["id"].tolist()
    labels = ["bottom center"] * len(actors)
    # plain arrays and lists, not DataFrame cells: thousands of actors at start-up
    groups: dict[tuple[float, float], list[int]] = {}
    for number in np.flatnonzero(~(np.isnan(lat) | np.isnan(lon))):
        key = (round(lat[number], 1), round(lon[number], 1))
        groups.setdefault(key, []).append(number)
    for members in groups.values():
        centre = lat[members[0]], lon[members[0]]
        ring = [i for i in members if kinds[i] != "state"]
        if len(ring) == len(members) == 1:
            continue
        for position, number in enumerate(sorted(ring, key=lambda i: ids[i])):
            angle = math.pi / 2 + 2 * math.pi * position / max(len(ring), 1) + 0.6
            lat[number] = centre[0] + radius * math.sin(angle)
            lon[number] = centre[1] + radius * math.cos(angle) * 1.4
            labels[number] = _outward(angle)
    return actors.assign(lat=lat, lon=lon, label_position=labels)


def _outward(angle: float) -> str:
    """A plotly textposition pointing away from the ring's centre."""
    degrees = math.degrees(angle) % 360
    if 45 <= degrees < 135:
        return "top center"
    if 135 <= degrees < 225:
        return "middle left"
    if 225 <= degrees < 315:
        return "bottom center"
    return "middle right"
