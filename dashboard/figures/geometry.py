"""Plane geometry for drawing: curved relation paths, spreading co-located actors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["bend_offsets", "curve", "spread_colocated"]


def curve(
    start: tuple[float, float], end: tuple[float, float], bend: float, points: int = 16
) -> tuple[list[float], list[float]]:
    """A quadratic Bezier from start to end, bowed sideways by ``bend`` x its length.

    A positive bend bows to the left of the direction of travel; zero is a line.
    """
    (x0, y0), (x1, y1) = start, end
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    control = (mid_x - (y1 - y0) * bend, mid_y + (x1 - x0) * bend)
    t = np.linspace(0.0, 1.0, points)
    xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * control[0] + t**2 * x1
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * control[1] + t**2 * y1
    return xs.tolist(), ys.tolist()


def bend_offsets(count: int, spacing: float = 0.18) -> list[float]:
    """Bends for ``count`` parallel paths between one pair, spread around 0.08.

    A single path still bends a little so that A->B and B->A never overlap.
    """
    return [0.08 + spacing * (i - (count - 1) / 2) for i in range(count)]


def spread_colocated(actors: pd.DataFrame, radius: float = 4.0) -> pd.DataFrame:
    """Move actors that share a point onto a ring around it, the state staying put.

    Persons sit at their capital by default, right on top of their state; this
    keeps each of them visible and clickable. Returns a copy with new lat/lon.
    """
    placed = actors.copy()
    placed["label_position"] = "bottom center"
    located = placed.dropna(subset=["lat", "lon"])
    keys = list(zip(located["lat"].round(1), located["lon"].round(1)))
    groups: dict[tuple[float, float], list] = {}
    for index, key in zip(located.index, keys):
        groups.setdefault(key, []).append(index)
    for members in groups.values():
        centre = placed.loc[members[0], ["lat", "lon"]].to_numpy(dtype=float)
        ring = [i for i in members if placed.at[i, "kind"] != "state"]
        if len(ring) == len(members) == 1:
            continue
        for position, index in enumerate(
            sorted(ring, key=lambda i: placed.at[i, "id"])
        ):
            angle = math.pi / 2 + 2 * math.pi * position / max(len(ring), 1) + 0.6
            placed.at[index, "lat"] = centre[0] + radius * math.sin(angle)
            placed.at[index, "lon"] = centre[1] + radius * math.cos(angle) * 1.4
            placed.at[index, "label_position"] = _outward(angle)
    return placed


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
