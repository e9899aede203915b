"""Where the map looks: a Mercator frame around the actors in view that fills
its panel, and where each place falls in it, in pixels, as Plotly draws it.

Plotly fits the box of ``lonaxis`` and ``lataxis`` ranges into the panel (its
top and bottom edges drawn as great-circle arcs, which bulge poleward) and
puts ``center`` in the panel's middle. The frame chooses ranges whose box has
the panel's shape, so the map fills it, and knows every place's pixel, so
that labels can be placed where they do not collide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from dashboard.core.urlstate import MapCamera

__all__ = [
    "MapFrame",
    "camera_frame",
    "camera_of",
    "frame_map",
    "mercator_bearing",
    "mercator_y",
    "unwrapped",
]

#: Mercator stretches without bound towards the poles: no view goes further.
MAX_LAT = 84.0
#: The narrowest view, in degrees of longitude: one capital alone, or two
#: neighbours (Minsk and Moscow), framed with their region and its
#: neighbours around them. The basemap names no place: at 24 degrees a
#: selection in Minsk showed a blue blob of Belarus and Russia.
MIN_SPAN = 40.0
#: Room kept between the outermost actors and the panel's edges (px), for
#: their labels.
MARGIN = (70.0, 44.0)
#: How much narrower (degrees of longitude) the band across the antimeridian
#: must be than the usual one before the map is centred on the Pacific, and
#: how wide it may be at most: a view of most of the world keeps its seam in
#: the Pacific, as world maps do (centred on the widest gap between actors,
#: a world of synthetic data put it across North America), and a map that
#: jumped between the two as the window moved would be hard to follow.
ACROSS_PACIFIC = 30.0
PACIFIC_BAND = 180.0


def mercator_y(lat) -> np.ndarray:
    """Mercator's northing (radians) of latitudes in degrees. Clipped by
    maximum and minimum, the same values as `np.clip` in half its time: a map
    asks 16 times."""
    lat = np.minimum(np.maximum(np.asarray(lat, dtype=float), -MAX_LAT), MAX_LAT)
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def mercator_bearing(lon0, lat0, lon1, lat1) -> np.ndarray:
    """Which way each step from (lon0, lat0) to (lon1, lat1) points as the
    map draws it: degrees clockwise from north, which is up all over a
    Mercator map, so a marker turned by this from the top of the figure
    (plotly.js's ``angleref`` "up") points along the step at any zoom or pan
    (the shorter way round the antimeridian), as the map keeps angles."""
    east = np.radians((np.asarray(lon1, dtype=float) - lon0 + 180) % 360 - 180)
    return np.degrees(np.arctan2(east, mercator_y(lat1) - mercator_y(lat0)))


def _latitude(y) -> np.ndarray:
    return np.degrees(2 * np.arctan(np.exp(np.asarray(y, dtype=float))) - np.pi / 2)


@dataclass(frozen=True)
class MapFrame:
    """A view of the map: ``centre`` (lon, lat) at the middle of an ``area``
    (width, height px) at ``scale`` px per radian of longitude."""

    centre: tuple[float, float]
    scale: float
    area: tuple[float, float]
    #: centred across the antimeridian (on the Pacific): the places drawn are
    #: given as it shows them (`unwrapped`), or their arcs would go round
    across: bool = False

    def pixels(self, lon, lat) -> np.ndarray:
        """(x, y) pixels from the area's top left of each (lon, lat)."""
        lon0 = self.centre[0]
        dx = np.radians((np.asarray(lon, dtype=float) - lon0 + 180) % 360 - 180)
        dy = mercator_y(lat) - self._northing
        return np.column_stack(
            [self.area[0] / 2 + self.scale * dx, self.area[1] / 2 - self.scale * dy]
        )

    def places(self, pixels: np.ndarray) -> np.ndarray:
        """(lon, lat) of pixels: the inverse of `pixels`."""
        pixels = np.asarray(pixels, dtype=float).reshape(-1, 2)
        lon0 = self.centre[0]
        lon = lon0 + np.degrees((pixels[:, 0] - self.area[0] / 2) / self.scale)
        y = self._northing - (pixels[:, 1] - self.area[1] / 2) / self.scale
        return np.column_stack([lon, _latitude(y)])

    def cut(self, lon, lat, reach: float) -> np.ndarray:
        """Which (lon, lat) lie within ``reach`` px of the area's edges, on
        either side: a marker drawn there is cut by the edge."""
        x, y = self.pixels(lon, lat).T
        width, height = self.area
        near = (x > -reach) & (x < width + reach) & (y > -reach) & (y < height + reach)
        clear = (x > reach) & (x < width - reach) & (y > reach) & (y < height - reach)
        return near & ~clear

    @cached_property
    def _northing(self) -> float:
        """`mercator_y` of the centre: `pixels` and `places` ask in turn."""
        return mercator_y(self.centre[1])

    def geo(self) -> dict:
        """The ``layout.geo`` keys that make Plotly draw this frame."""
        lon0, lat0 = self.centre
        half_lon = math.degrees(self.area[0] / self.scale) / 2
        low, high = _lat_range(lat0, self.area[1] / self.scale, half_lon)
        return {
            "projection": {"type": "mercator", "rotation": {"lon": lon0}},
            "center": {"lon": lon0, "lat": lat0},
            "lonaxis": {"range": [lon0 - half_lon, lon0 + half_lon]},
            "lataxis": {"range": [low, high]},
        }


def frame_map(
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    area: tuple[float, float],
    margin: tuple[float, float] = MARGIN,
) -> MapFrame:
    """The frame that shows every (lon, lat) given, ``margin`` px inside the
    edges of an ``area`` of (width, height) px, as closely as `MIN_SPAN` and
    the whole world allow. No place: the whole world.

    >>> frame = frame_map(np.array([-66.9, 37.6]), np.array([10.5, 55.8]),
    ...                   area=(600, 400))
    >>> [round(v) for v in frame.pixels([-66.9, 37.6], [10.5, 55.8]).ravel()]
    [70, 325, 530, 75]
    """
    width, height = area
    lon = np.asarray(lon, dtype=float)
    lat = np.minimum(np.maximum(np.asarray(lat, dtype=float), 4 - MAX_LAT), MAX_LAT - 4)
    known = ~(np.isnan(lon) | np.isnan(lat))
    world = width / (2 * math.pi)  # the whole world's width fills the panel
    if not known.any():
        return MapFrame((0.0, 20.0), world, (float(width), float(height)))
    lon, lat = lon[known], lat[known]
    lon0, across = _middle_longitude(lon)
    xs = np.radians(unwrapped(lon, lon0) - lon0)
    ys = mercator_y(lat)
    room_x = max(width - 2 * margin[0], width / 3)
    room_y = max(height - 2 * margin[1], height / 3)
    west, east, south, north = xs.min(), xs.max(), ys.min(), ys.max()
    spans = (max(float(east - west), 1e-9), max(float(north - south), 1e-9))
    closest = width / math.radians(MIN_SPAN)
    scale = min(room_x / spans[0], room_y / spans[1], closest)
    scale = max(scale, world)
    middle_x = float(west + east) / 2
    middle_y = float(south + north) / 2
    # the panel's height in northing, kept inside what Mercator can show
    middle_y = _inside(middle_y, height / scale / 2)
    centre = (lon0 + math.degrees(middle_x), float(_latitude(middle_y)))
    return MapFrame(centre, float(scale), (float(width), float(height)), across)


def _inside(northing: float, half: float) -> float:
    """``northing``, moved so that ``half`` of a panel's height either side
    of it stays inside what Mercator shows; the middle of the world when the
    panel is taller than it (a portrait panel of the whole world was centred
    near the South Pole)."""
    if 2 * half >= _TOP - _BOTTOM:
        return (_TOP + _BOTTOM) / 2
    return min(max(northing, _BOTTOM + half), _TOP - half)


def camera_frame(camera: MapCamera, *, area: tuple[float, float]) -> MapFrame:
    """The frame a user's zoom shows (``camera``) in an ``area`` (width,
    height px) of any shape: its centre in the middle, its width across,
    its top and bottom within what Mercator shows. Centred on the Pacific
    half of the world, it gives places as it draws them (`unwrapped`).

    >>> frame = camera_frame(MapCamera(-40.0, 20.0, 90.0), area=(900, 400))
    >>> [round(v) for v in frame.pixels([-85.0, 5.0], [20.0, 20.0]).ravel()]
    [0, 200, 900, 200]
    """
    width, height = area
    scale = max(width / math.radians(camera.width), width / (2 * math.pi))
    northing = _inside(float(mercator_y(camera.lat)), height / scale / 2)
    centre = (camera.lon, float(_latitude(northing)))
    return MapFrame(centre, scale, (float(width), float(height)), abs(camera.lon) > 90)


def camera_of(frame: MapFrame) -> MapCamera:
    """The camera that shows ``frame`` in an area of its shape: a frame
    kept across images of other content (a time-lapse's).

    >>> camera_of(camera_frame(MapCamera(-40.0, 20.0, 90.0), area=(900, 400))).param()
    '-40,20,90'
    """
    lon, lat = frame.centre
    return MapCamera(lon, lat, math.degrees(frame.area[0] / frame.scale))


def _middle_longitude(lon: np.ndarray) -> tuple[float, bool]:
    """The middle of the narrowest band of longitude holding ``lon``, and
    whether it lies across the antimeridian: the usual band (west to east of
    Greenwich's map), unless the band across is `ACROSS_PACIFIC` narrower and
    at most `PACIFIC_BAND` wide (Fiji and Samoa, 10 degrees apart, are 350
    apart the usual way).

    >>> middle, across = _middle_longitude(np.array([-66.9, 37.6]))
    >>> round(middle, 2), across
    (-14.65, False)
    >>> middle, across = _middle_longitude(np.array([178.4, -171.8]))
    >>> round(middle, 1), across
    (-176.7, True)
    """
    west, east = float(lon.min()), float(lon.max())
    usual = (west + east) / 2
    ordered = np.sort(lon)
    gaps = np.diff(ordered)  # the widest gap inside is left out across
    across = 360 - float(gaps.max()) if len(gaps) else 360.0
    if across > PACIFIC_BAND or (east - west) - across < ACROSS_PACIFIC:
        return usual, False
    widest = int(np.argmax(gaps))
    start, stop = float(ordered[widest + 1]), float(ordered[widest]) + 360
    middle = (start + stop) / 2
    return (middle - 360 if middle > 180 else middle), True


def unwrapped(lon: np.ndarray, lon0: float) -> np.ndarray:
    """``lon`` as a frame centred on ``lon0`` draws it (`MapFrame.pixels`):
    each within 180 degrees of ``lon0``, those further taken round the world,
    so that an arc between two of them goes the way the map shows them.
    Unchanged, bit for bit, where all are within it.

    >>> unwrapped(np.array([178.4, -171.8, -150.0]), -176.7).tolist()
    [-181.6, -171.8, -150.0]
    """
    lon = np.asarray(lon, dtype=float)
    offset = lon - lon0
    far = (offset >= 180) | (offset < -180)  # as `pixels` wraps them
    if not far.any():
        return lon
    return np.where(far, lon - 360 * np.floor((offset + 180) / 360), lon)


@lru_cache(maxsize=256)
def _lat_range(lat0: float, northing: float, half_lon: float):
    """The latitude range whose box, its edges bulging as Plotly draws them,
    is ``northing`` tall (radians of Mercator) around ``lat0``. Kept: a large
    view's windows come back to the same few frames (`map._framed`), and
    the bisection cost 3% of a map."""
    middle = float(mercator_y(lat0))
    bulge = _bulge(half_lon)
    low, high = 0.0, northing / 2
    for _ in range(40):  # bisection: the box's height grows with its half-height
        half = (low + high) / 2
        if _bulged_height(middle - half, middle + half, bulge) > northing:
            high = half
        else:
            low = half
    half = low
    return float(_latitude(middle - half)), float(_latitude(middle + half))


def _box_height(bottom: float, top: float, half_lon: float) -> float:
    """The Mercator height of the box from northing ``bottom`` to ``top``
    whose top and bottom edges are four great-circle arcs each, as Plotly
    makes it (its makeRangeBox), ``half_lon`` degrees either side of its
    middle."""
    return _bulged_height(bottom, top, _bulge(half_lon))


def _bulge(half_lon: float) -> float:
    """The cosine of half the span of each of a box's arcs (a quarter of its
    width, ``2 * half_lon`` degrees)."""
    return math.cos(math.radians(half_lon / 4))


def _bulged_height(bottom: float, top: float, bulge: float) -> float:
    """`_box_height` with the arcs' `_bulge` given: an arc between two points
    on one parallel reaches furthest from it halfway, at
    ``atan(tan(lat) / bulge)``. Plain comparisons, not min and max: the
    bisection of `_lat_range` asks 40 times a map."""
    highest, lowest = top, bottom
    for northing in (bottom, top):
        edge = 2 * math.atan(math.exp(northing)) - math.pi / 2
        furthest = math.atan(math.tan(edge) / bulge)
        if furthest > _MAX_PHI:
            furthest = _MAX_PHI
        elif furthest < -_MAX_PHI:
            furthest = -_MAX_PHI
        y = math.log(math.tan(math.pi / 4 + furthest / 2))
        if y > highest:
            highest = y
        if y < lowest:
            lowest = y
    return highest - lowest


_MAX_PHI = math.radians(MAX_LAT)
#: The northing of the highest and the lowest latitude shown.
_TOP, _BOTTOM = float(mercator_y(MAX_LAT)), float(mercator_y(-MAX_LAT))
