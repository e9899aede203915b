"""Where each actor's name goes: beside its marker where no other name or
marker is, further out on a leader line where it must move, or nowhere (the
hover names it) when there is no room, the most important named first."""

from __future__ import annotations

import math
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
#: Room kept between a label and any other actor's marker (px): a name
#: touching the next marker ("Russia" against the United States' square)
#: reads as that actor's.
CLEARANCE = 4.0

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
    movable: np.ndarray | None = None,
) -> Placement:
    """Labels for markers at ``anchors`` (pixels from the plot's top left, one
    row per marker, NaN for none), each ``radii`` px wide around its centre,
    in an ``area`` (width, height) of pixels, at ``size`` px.

    Labels are placed greedily in ``order`` (indices, most important first;
    default: as given): beside the marker where the box touches no earlier
    label and no marker, else away on a leader line, else not at all. An
    empty text is never placed, nor the label of a marker outside the area. ``obstacles``: more (x, y, radius) rows,
    markers of actors that have no label here. ``must``: labels (bool) named
    even in a crowd of markers, over them if no place is clear (a selected
    actor); labels still never cover each other. ``movable``: labels (bool)
    that may move away on a leader line (default: all); the others are named
    beside their marker or not at all (a faded actor's name on a long line
    across others' markers read as theirs).

    >>> spot = place_labels(np.array([[50.0, 50.0], [56.0, 50.0]]), ["A", "B"],
    ...                     np.array([5.0, 5.0]), size=12, area=(200, 200))
    >>> spot.position[0], bool(spot.moved[1]) or spot.position[1] != ""
    ('middle left', True)
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
    # row ``number``: its own marker (never in its label's way)
    markers = _Markers(np.concatenate(marks) + [0.0, 0.0, CLEARANCE])
    tried = range(count) if order is None else order.tolist()
    # the boxes in the way: the area's four edges, then the labels as placed
    placed = np.empty((len(tried) + 4, 4))
    placed[:4] = _edges(area)
    done = 4
    leaders: list[tuple[float, float, float, float]] = []  # the lines drawn
    line = size * LINE
    for number in tried:
        text = texts[number]
        if not text:
            continue
        x, y = anchors[number]
        if not math.isfinite(x + y + radii[number]):  # no place: no label
            continue
        if not (0 <= x <= area[0] and 0 <= y <= area[1]):
            continue  # out of the frame: a name there would seem to be elsewhere
        box_w = text_width(text, size) + 2 * GAP
        box_h = line + 2 * GAP
        # clear of markers and labels; then, for a label that must be named,
        # clear of labels only
        for markers_in_the_way in (
            (True, False) if must is not None and must[number] else (True,)
        ):
            spot = _spot(
                (x, y, radii[number], box_w, box_h), placed[:done],
                markers if markers_in_the_way else None, number,
                beside_only=movable is not None and not movable[number],
                names=placed[4:done], leaders=leaders,
            )  # fmt: skip
            if spot is not None:
                name, box, middle = spot
                position[number] = name
                if middle is not None:
                    moved[number] = True
                    centre[number] = middle
                    leaders.append((x, y, *middle.tolist()))
                boxes[number] = placed[done] = box
                done += 1
                break
    return Placement(position, moved, centre, anchors, boxes)


class _Markers:
    """The markers' boxes (left, top, right, bottom) sorted by their left
    edge, so that those near a place are found by search, not by a pass over
    thousands. NaN rows (no place) never meet a box."""

    def __init__(self, markers: np.ndarray) -> None:
        centres, radii = markers[:, :2], markers[:, 2:]
        boxes = np.column_stack([centres - radii, centres + radii])
        self.order = np.argsort(boxes[:, 0], kind="stable")
        self.boxes = boxes[self.order]
        self.rank = np.empty(len(self.order), dtype=int)
        self.rank[self.order] = np.arange(len(self.order))
        widths = self.boxes[:, 2] - self.boxes[:, 0]
        self.widest = float(np.nanmax(widths)) if len(widths) else 0.0

    def near(self, low: np.ndarray, high: np.ndarray, own: int) -> np.ndarray:
        """The boxes that meet the rectangle from ``low`` to ``high`` (x, y),
        but marker ``own``'s."""
        lefts = self.boxes[:, 0]
        first = np.searchsorted(lefts, low[0] - self.widest, side="right")
        last = np.searchsorted(lefts, high[0], side="left")
        boxes = self.boxes[first:last]
        meets = (
            (boxes[:, 2] > low[0]) & (boxes[:, 1] < high[1]) & (boxes[:, 3] > low[1])
        )
        mine = self.rank[own] - first if own < len(self.rank) else -1
        if 0 <= mine < len(meets):
            meets[mine] = False
        return boxes[meets]


def _spot(
    label,
    placed,
    markers: _Markers | None,
    own: int,
    *,
    beside_only: bool = False,
    names: np.ndarray | None = None,
    leaders: list[tuple[float, float, float, float]] = (),
):
    """The first free place for a ``label`` (x, y, radius, box width, box
    height): (text position, box, None) beside its marker, or ("", box,
    centre) away from it (not with ``beside_only``) where its leader line
    crosses none of the ``names`` placed (boxes: a line through "Maduro"
    read "Madu|ro"), and off the ``leaders`` drawn (x0, y0, x1, y1 rows);
    None when there is none. It keeps clear of the boxes ``placed`` and of
    the ``markers`` (None: over them if need be)."""
    x, y, radius, box_w, box_h = label
    shapes = _SHAPES[: len(_BESIDE)] if beside_only else _SHAPES
    places = shapes @ np.array((1.0, radius, box_w, box_h))
    places += (x, y, x, y, x, y)
    boxes = places[:, :4]
    in_the_way = placed
    if markers is not None:  # those near any place: crowds hold hundreds
        low, high = boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)
        in_the_way = np.concatenate([markers.near(low, high, own), placed])
    # every place at once, then the first free one, beside before away:
    # most labels that are named at all are moved or not named
    named = None  # the names placed, as Python numbers, once asked for
    for first in np.flatnonzero(~_meets(boxes, in_the_way)).tolist():
        if leaders:  # no name over a leader line
            box = places[first, :4].tolist()
            if any(_crosses(leader, box) for leader in leaders):
                continue
        if first < len(_BESIDE):
            return _BESIDE[first][0], places[first, :4], None
        line = (x, y, *places[first, 4:].tolist())
        if named is None:
            named = [] if names is None else names.tolist()
        if any(_crosses(line, other) for other in named):
            continue  # its leader line through a name
        return "", places[first, :4], places[first, 4:]
    return None


def _candidates(radius: float, box_w: float, box_h: float) -> np.ndarray:
    """Every place a label may take around a marker at (0, 0), in the order
    they are tried, one row each: its box (left, top, right, bottom) and its
    centre (x, y). First Plotly's text positions around a marker of
    ``radius`` px (Plotly sets text ``radius / 0.8 + 1`` px from the
    centre), then further out on rings of directions, for a label on a
    leader line."""
    rows = []
    reach = radius / 0.8 + 1 - GAP
    for _, across, down in _BESIDE:
        left = {0: -box_w / 2, 1: reach, -1: -reach - box_w}[across]
        top = {0: -box_h / 2, 1: reach, -1: -reach - box_h}[down]
        rows.append((left, top, left + box_w, top + box_h, left + box_w / 2, top))
    for distance in (2.2, 3.4, 4.8):
        reach = radius + distance * box_h
        for dx, dy in _AWAY:
            middle = (dx * (reach + box_w / 2 * abs(dx)), dy * reach)
            left, top = middle[0] - box_w / 2, middle[1] - box_h / 2
            rows.append((left, top, left + box_w, top + box_h, *middle))
    return np.array(rows)


#: Each place of `_candidates` is linear in (1, radius, box_w, box_h): their
#: coefficients, so that a label's places are one product, not a loop.
_SHAPES = np.stack(
    [_candidates(0, 0, 0)]
    + [_candidates(*unit) - _candidates(0, 0, 0) for unit in np.eye(3)],
    axis=-1,
)


def _edges(area: tuple[float, float]) -> np.ndarray:
    """The area's edges as four boxes reaching out of it without end: a box
    inside the area meets none of them (as `_meets` counts, a box touching an
    edge is inside), one that crosses an edge meets that edge."""
    width, height = area
    return np.array(
        [
            (-np.inf, -np.inf, 0.0, np.inf),
            (-np.inf, -np.inf, np.inf, 0.0),
            (width, -np.inf, np.inf, np.inf),
            (-np.inf, height, np.inf, np.inf),
        ]
    )


def _crosses(line: tuple[float, float, float, float], box) -> bool:
    """Whether the ``line`` (x0, y0, x1, y1) passes through the inside of
    ``box`` (left, top, right, bottom): the Liang-Barsky clip. Plain Python:
    a handful of lines and boxes per label, where numpy's calls cost more.

    >>> _crosses((0, 0, 10, 0), (4, -1, 6, 1)), _crosses((0, 0, 0, 10), (4, -1, 6, 1))
    (True, False)
    """
    x0, y0, x1, y1 = line
    left, top, right, bottom = box
    if max(x0, x1) <= left or min(x0, x1) >= right:  # apart: most of them
        return False
    if max(y0, y1) <= top or min(y0, y1) >= bottom:
        return False
    dx, dy = x1 - x0, y1 - y0
    enter, leave = 0.0, 1.0
    for step, room in (
        (-dx, x0 - left),
        (dx, right - x0),
        (-dy, y0 - top),
        (dy, bottom - y0),
    ):
        if step == 0:
            if room < 0:
                return False
            continue
        along = room / step
        if step < 0:
            enter = max(enter, along)
        else:
            leave = min(leave, along)
    return enter < leave


def _meets(boxes, taken) -> np.ndarray:
    """Which ``boxes`` meet (overlap, not only touch) some box ``taken``."""
    left, top, right, bottom = boxes.T[:, :, None]
    return (
        (taken[:, 0] < right)
        & (taken[:, 2] > left)
        & (taken[:, 1] < bottom)
        & (taken[:, 3] > top)
    ).any(axis=1)
