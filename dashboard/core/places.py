"""Where each actor sits on the map: its own coordinates, or its capital's.
People and organisations that share a place with others are put on rings
around it, measured in pixels, so that they sit as close to their capital at
any zoom: each has an angle and a radius here, and the map's frame turns
them into a place for each view (figures/map.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["FIRST_RING", "map_places", "ring_slots"]

#: The first ring's radius around a shared place, the room between rings and
#: the room each actor takes along a ring (px): a marker and a little gap.
FIRST_RING = 20.0
RING_STEP = 15.0
MARKER_ROOM = 15.0


def map_places(actors: pd.DataFrame) -> dict[str, tuple[float, float, float, float]]:
    """(lon, lat, angle, radius) for every located actor: its place, and where
    it sits on a ring around that place (radians anticlockwise from east, and
    px), NaN for an actor alone at its place and for a state, which stays at
    the middle."""
    lat = actors["lat"].to_numpy(dtype=float)
    lon = actors["lon"].to_numpy(dtype=float)
    kinds, ids = actors["kind"].tolist(), actors["id"].tolist()
    angle = np.full(len(actors), np.nan)
    radius = np.full(len(actors), np.nan)
    # plain arrays and lists, not DataFrame cells: thousands of actors at start-up
    groups: dict[tuple[float, float], list[int]] = {}
    for number in np.flatnonzero(~(np.isnan(lat) | np.isnan(lon))):
        key = (round(lat[number], 1), round(lon[number], 1))
        groups.setdefault(key, []).append(number)
    for members in groups.values():
        ring = sorted((i for i in members if kinds[i] != "state"), key=ids.__getitem__)
        if len(members) == 1:
            continue
        for number, (a, r) in zip(ring, ring_slots(len(ring))):
            angle[number], radius[number] = a, r
    return {
        ids[n]: (float(lon[n]), float(lat[n]), float(angle[n]), float(radius[n]))
        for n in np.flatnonzero(~(np.isnan(lat) | np.isnan(lon)))
    }


def ring_slots(count: int) -> list[tuple[float, float]]:
    """(angle, radius px) of ``count`` actors around one place: the first ring
    filled before the next, each spaced evenly, the first of each ring
    starting below the place and to its right.

    >>> [(round(math.degrees(a)), r) for a, r in ring_slots(3)]
    [(-56, 20.0), (64, 20.0), (184, 20.0)]
    """
    slots: list[tuple[float, float]] = []
    radius = FIRST_RING
    while len(slots) < count:
        room = max(int(2 * math.pi * radius // MARKER_ROOM), 1)
        here = min(room, count - len(slots))
        start = -math.pi / 2 + 0.6
        slots += [(start + 2 * math.pi * k / here, radius) for k in range(here)]
        radius += RING_STEP
    return slots
