"""Where each actor sits on the map: its own coordinates, or its capital's,
with actors that share a point spread on a ring around it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["map_places", "spread_colocated"]


def map_places(actors: pd.DataFrame) -> dict[str, tuple[float, float, str]]:
    """(lon, lat, label position) for every located actor; actors that share a
    place are spread on a ring, their labels pointing outward."""
    placed = spread_colocated(actors).dropna(subset=["lat", "lon"])
    return {
        actor_id: (float(lon), float(lat), position)
        for actor_id, lon, lat, position in zip(
            placed["id"], placed["lon"], placed["lat"], placed["label_position"]
        )
    }


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
