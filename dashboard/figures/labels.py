"""Where each actor's name goes: beside its marker where no other name or
marker is, further out on a leader line where it must move, or nowhere (the
hover names it) when there is no room, the most important named first."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["Placement", "place_labels", "text_width"]

#: The page's and the images' font (atlas.css, Theme.font): its metrics size
#: the labels' boxes. Debian's fonts-dejavu-core installs it.
_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
#: Mean width of a DejaVu Sans character (em), when the font file is missing.
_MEAN_CHAR = 0.62
#: The height of a line of text (em), and the room kept around each box (px).
LINE = 1.2
GAP = 2.0

#: Plotly's nine text positions around a marker, nearest first: the sides
#: before the corners, below and above before left and right.
_BESIDE = (
    ("bottom center", 0, 1),
    ("top center", 0, -1),
    ("middle right", 1, 0),
    ("middle left", -1, 0),
    ("bottom right", 1, 1),
    ("bottom left", -1, 1),
    ("top right", 1, -1),
    ("top left", -1, -1),
)
#: Directions of a label moved away on a leader line (unit steps).
_AWAY = tuple(
    (float(np.cos(a)), float(np.sin(a)))
    for a in np.radians([90, 270, 0, 180, 45, 135, 315, 225, 67.5, 112.5, 22.5, 157.5])
)


@dataclass(frozen=True)
class Placement:
    """Where the labels went, one row per label: ``position`` is the Plotly
    textposition of a label beside its marker ("" when it is not there);
    ``moved`` marks a label drawn away from its marker at ``centre`` (pixels)
    with a leader line; neither: not named (too crowded)."""

    position: list[str]
    moved: np.ndarray  # bool
    centre: np.ndarray  # (n, 2) pixels, NaN where not moved
    anchor: np.ndarray  # (n, 2) pixels: each marker's centre
    box: np.ndarray  # (n, 4) pixels (left, top, right, bottom), NaN: not named

    @property
    def named(self) -> np.ndarray:
        """Which labels are drawn, beside or away."""
        return np.array([bool(p) for p in self.position]) | self.moved


@lru_cache(maxsize=65536)
def text_width(text: str, size: float) -> float:
    """The width in pixels of one line of ``text`` at ``size`` px (names
    come back with every redraw: measured once)."""
    font = _font(round(size * 4))  # quarter-pixel sizes share a font
    if font is None:
        return len(text) * size * _MEAN_CHAR
    return font.getlength(text) / 4


@lru_cache(maxsize=32)
def _font(size: int):
    try:
        from PIL import ImageFont

        return ImageFont.truetype(str(_FONT), size)
    except OSError:  # no DejaVu Sans here: the mean width will do
        return None


def place_labels(
    anchors: np.ndarray,
    texts: list[str],
    radii: np.ndarray,
    *,
    size: float,
    area: tuple[float, float],
    order: np.ndarray | None = None,
    obstacles: np.ndarray | None = None,
    must: np.ndarray | None = None,
) -> Placement:
    """Labels for markers at ``anchors`` (pixels from the plot's top left, one
    row per marker, NaN for none), each ``radii`` px wide around its centre,
    in an ``area`` (width, height) of pixels, at ``size`` px.

    Labels are placed greedily in ``order`` (indices, most important first;
    default: as given): beside the marker where the box touches no earlier
    label and no marker, else away on a leader line, else not at all. An
    empty text is never placed. ``obstacles``: more (x, y, radius) rows,
    markers of actors that have no label here. ``must``: labels (bool) named
    even in a crowd of markers, over them if no place is clear (a selected
    actor); labels still never cover each other.

    >>> spot = place_labels(np.array([[50.0, 50.0], [56.0, 50.0]]), ["A", "B"],
    ...                     np.array([5.0, 5.0]), size=12, area=(200, 200))
    >>> spot.position[0], bool(spot.moved[1]) or spot.position[1] != ""
    ('bottom center', True)
    """
    count = len(texts)
    position = [""] * count
    moved = np.zeros(count, dtype=bool)
    centre = np.full((count, 2), np.nan)
    boxes = np.full((count, 4), np.nan)
    anchors = np.asarray(anchors, dtype=float).reshape(-1, 2)
    radii = np.asarray(radii, dtype=float)
    marks = [np.column_stack([anchors, radii])]
    if obstacles is not None and len(obstacles):
        marks.append(np.asarray(obstacles, dtype=float).reshape(-1, 3))
    markers = np.concatenate(marks)  # row ``number``: that label's own marker
    # marker boxes, then each label's as it is placed: (left, top, right, bottom);
    # NaN rows (no place) never meet a box
    taken = np.column_stack(
        [markers[:, :2] - markers[:, 2:], markers[:, :2] + markers[:, 2:]]
    )
    line = size * LINE
    for number in range(count) if order is None else order.tolist():
        text = texts[number]
        x, y = anchors[number]
        if not text or np.isnan(x):
            continue
        box_w = text_width(text, size) + 2 * GAP
        box_h = line + 2 * GAP
        # clear of markers and labels; then, for a label that must be named,
        # clear of labels only
        for clear_of in (
            (0, len(markers)) if must is not None and must[number] else (0,)
        ):
            spot = _spot(
                x, y, radii[number], box_w, box_h, taken, area, number, clear_of
            )
            if spot is not None:
                name, box, middle = spot
                position[number] = name
                if middle is not None:
                    moved[number] = True
                    centre[number] = middle
                boxes[number] = box
                taken = np.vstack([taken, box])
                break
    return Placement(position, moved, centre, anchors, boxes)


def _spot(x, y, radius, box_w, box_h, taken, area, own, skip):
    """The first free place for a label: (text position, box, None) beside
    its marker, or ("", box, centre) away from it; None when there is none.
    The first ``skip`` boxes ``taken`` (markers) are not in the way."""
    boxes, middles = _candidates(x, y, radius, box_w, box_h)
    others = taken[skip:]
    # only boxes within reach of a candidate can be in the way
    reach = boxes.min(axis=0)[:2], boxes.max(axis=0)[2:]
    near = (
        (others[:, 0] < reach[1][0])
        & (others[:, 2] > reach[0][0])
        & (others[:, 1] < reach[1][1])
        & (others[:, 3] > reach[0][1])
    )
    if 0 <= own - skip < len(near):
        near[own - skip] = False
    free = _free(boxes, others[near], area)
    if not free.any():
        return None
    first = int(free.argmax())
    if first < len(_BESIDE):
        return _BESIDE[first][0], boxes[first], None
    return "", boxes[first], middles[first]


#: Where each candidate box sits, in units of the box: for Plotly's text
#: positions, (left, top) = x + reach * a + box_w * b, y + reach * c + box_h * d.
_SIDES = np.array(
    [
        {0: (0, -0.5), 1: (1, 0), -1: (-1, -1)}[across]
        + {0: (0, -0.5), 1: (1, 0), -1: (-1, -1)}[down]
        for _, across, down in _BESIDE
    ],
    dtype=float,
)
_RINGS = np.array([2.2, 3.4, 4.8])
_DIRECTIONS = np.array(_AWAY)


def _candidates(x, y, radius, box_w, box_h):
    """Every box a label may take, in the order they are tried, and each
    box's centre (NaN beside the marker): first at Plotly's text positions
    around a marker of ``radius`` px (Plotly sets text ``radius / 0.8 + 1`` px
    from the centre), then further out on rings of directions, for a label on
    a leader line."""
    reach = radius / 0.8 + 1 - GAP
    left = x + reach * _SIDES[:, 0] + box_w * _SIDES[:, 1]
    top = y + reach * _SIDES[:, 2] + box_h * _SIDES[:, 3]
    beside = np.column_stack([left, top])
    rings = radius + _RINGS[:, None] * box_h  # (rings, 1)
    dx, dy = _DIRECTIONS[:, 0], _DIRECTIONS[:, 1]
    middle_x = x + dx * (rings + box_w / 2 * np.abs(dx))
    middle_y = y + dy * rings + 0 * dx
    middles = np.column_stack([middle_x.ravel(), middle_y.ravel()])
    away = middles - [box_w / 2, box_h / 2]
    corners = np.concatenate([beside, away])
    boxes = np.column_stack([corners, corners + [box_w, box_h]])
    centres = np.concatenate([np.full((len(beside), 2), np.nan), middles])
    return boxes, centres


def _free(boxes, taken, area) -> np.ndarray:
    """Which ``boxes`` lie inside ``area`` and clear of every box ``taken``."""
    left, top, right, bottom = (boxes[:, k : k + 1] for k in range(4))
    inside = (left[:, 0] >= 0) & (top[:, 0] >= 0)
    inside &= (right[:, 0] <= area[0]) & (bottom[:, 0] <= area[1])
    hits = (
        (taken[:, 0] < right)
        & (taken[:, 2] > left)
        & (taken[:, 1] < bottom)
        & (taken[:, 3] > top)
    )
    return inside & ~hits.any(axis=1)
