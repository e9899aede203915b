"""Where each actor's name goes: beside its marker where no other name or
marker is, further out on a leader line where it must move, or nowhere (the
hover names it) when there is no room, the most important named first."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
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
#: The side of `_crowded`'s cells of markers (px): about a marker's reach
#: (24 px took a tenth fewer instructions than 16 or 32 on a large view).
_CELL = 24.0

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
    links: np.ndarray | None = None,
    ringed: np.ndarray | None = None,
    rings: np.ndarray | None = None,
    nearest_own: bool = False,
    keep_out: np.ndarray | None = None,
) -> Placement:
    """Labels for markers at ``anchors`` (pixels from the plot's top left, one
    row per marker, NaN for none), each ``radii`` px wide around its centre,
    in an ``area`` (width, height) of pixels, at ``size`` px.

    Labels are placed greedily in ``order`` (indices, most important first;
    default: as given): beside the marker where the box touches no earlier
    label and no marker, else away on a leader line, else not at all. An
    empty text is never placed, nor the label of a marker outside the area.
    ``obstacles``: more (x, y, radius) rows, markers of actors that have no
    label here. ``must``: labels (bool) named
    even in a crowd of markers, over them if no place is clear (a selected
    actor); labels still never cover each other. ``movable``: labels (bool)
    that may move away on a leader line (default: all); the others are named
    beside their marker or not at all (a faded actor's name on a long line
    across others' markers read as theirs). ``links``: more
    (x, y, radius) rows, the links' markers, kept clear of as the
    ``obstacles`` are, but a ``movable`` label with no such place may
    cover them, never an actor's marker nor an obstacle (a graph of a few
    actors names each it draws at full strength). ``ringed``: markers
    (bool) drawn with a ring (a focus, a path's end), and ``rings``: more
    (x, y, radius) rows, rings drawn over relations (a change's): a label
    that ``must`` be named covers markers before it covers these, and a
    ringed marker's ring only if it is ringed itself: the others go unnamed
    (the hover names them) rather than across it ("United States" across
    Lavrov's focus ring read as a second selection). ``nearest_own``: a
    label on a leader line goes nowhere another marker is much nearer than
    its own (on a map a name so placed reads as that actor's, and as in its
    country). ``keep_out``: boxes (left, top, right, bottom rows, px) no
    label covers, even one that must be named: the page's buttons over a
    figure ("Salazar" ran under the map's Fit button). No leader line
    crosses another ("Putin" and "Russia" read as each other's) but a
    must-named label's with no other place.

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
    tried = range(count) if order is None else order.tolist()
    named = [number for number in tried if texts[number]]
    box_h = size * LINE + 2 * GAP
    todo, shapes = [], []  # the labels to place, in order, and their sizes
    for number, (x, y), radius in zip(
        named, anchors[named].tolist(), radii[named].tolist()
    ):
        # no place, or out of the frame (a name there would seem to be
        # elsewhere): no label
        if math.isfinite(x + y + radius) and 0 <= x <= area[0] and 0 <= y <= area[1]:
            todo.append(number)
            box_w = text_width(texts[number], size) + 2 * GAP
            shapes.append((1.0, radius, box_w, box_h))
    if not todo:
        return Placement(position, moved, centre, anchors, boxes)
    # every place of every label at once, and which are inside the area and
    # clear of markers (neither changes while labels are placed): the loop
    # below only tries a label's clear places against the few labels placed.
    # One product a label, as `_SHAPES` @ its shape (one product of all the
    # labels' shapes sums in another order: other last bits).
    places = _SHAPES.reshape(-1, 4) @ np.array(shapes)[:, :, None]
    at = anchors[todo]
    places = places.reshape(len(todo), -1, 6) + np.hstack([at, at, at])[:, None]
    inside = ~_outside(places, area)
    if keep_out is not None and len(keep_out):
        kept = np.asarray(keep_out, dtype=float).reshape(-1, 4)
        for left, top, right, bottom in kept.tolist():
            inside &= ~(
                (places[..., 0] < right) & (places[..., 2] > left)
                & (places[..., 1] < bottom) & (places[..., 3] > top)
            )  # fmt: skip
    marks = [np.column_stack([anchors, radii])]
    if obstacles is not None and len(obstacles):
        marks.append(np.asarray(obstacles, dtype=float).reshape(-1, 3))
    hard = sum(len(rows) for rows in marks)  # the markers no name covers
    if links is not None and len(links):
        marks.append(np.asarray(links, dtype=float).reshape(-1, 3))
    # column ``number``: its own marker (never in its label's way)
    x, y, reach = np.concatenate(marks).T
    reach = reach + CLEARANCE
    markers = np.stack([x - reach, y - reach, x + reach, y + reach])
    if nearest_own:
        inside &= _own_nearest(places, at, np.array(todo), anchors, radii)
    clear = inside.copy()
    own = np.repeat(todo, places.shape[1])[inside.ravel()]
    clear[inside] = ~_crowded(places[inside][:, :4].T.copy(), own, markers)
    clear, inside = clear.tolist(), inside.tolist()
    names: list[list[float]] = []  # the boxes of the labels placed
    leaders: list[tuple[float, ...]] = []  # the lines drawn, and their bounds
    hard_markers = markers[:, :hard]
    ring_tiers = _ring_tiers(markers, count, ringed, rings)
    any_ringed = ringed is not None and bool(np.any(ringed))

    def tiers(row: int, number: int, beside_only: bool):
        """A label's places to try in turn, each worked out only if the one
        before had no room: clear of markers and labels; then clear of all
        but the links' markers, for a label that may move (a faded actor's
        name stays off them); then, for one that must be named, clear of
        rings and labels (`_ring_tiers`); then of labels only, over
        another's ring only for a name that has one itself; the last of
        these once more with its leader line across others'. Each with
        whether its line may cross another's."""
        yield clear[row], False
        if hard < markers.shape[1] and not beside_only:
            yield _clear_of(places[row], inside[row], number, hard_markers), False
        if must is not None and must[number]:
            last = clear[row]
            for rings_only in ring_tiers:
                last = _clear_of(places[row], inside[row], number, rings_only)
                yield last, False
            if not any_ringed or ringed[number]:
                last = inside[row]
                yield last, False
            yield last, True

    for row, number in enumerate(todo):
        x, y = anchors[number].tolist()
        beside_only = movable is not None and not movable[number]
        end = len(_BESIDE) if beside_only else len(_SHAPES)
        for free, crossing in tiers(row, number, beside_only):
            spot = _spot(
                places[row], compress(range(end), free), (x, y),
                names=names, leaders=leaders, crossing=crossing,
            )  # fmt: skip
            if spot is not None:
                name, box, middle = spot
                position[number] = name
                if middle is not None:
                    moved[number] = True
                    centre[number] = middle
                    leaders.append(_bounded((x, y, *middle)))
                boxes[number] = box
                names.append(box)
                break
    return Placement(position, moved, centre, anchors, boxes)


def _ring_tiers(markers, count: int, ringed, rings) -> list[np.ndarray]:
    """What a label that must be named keeps clear of, in turn, before it
    covers anything: the rings round the ``ringed`` markers (the first
    ``count`` columns of ``markers``: left, top, right, bottom) and the
    ``rings`` over relations ((x, y, radius) rows); then the markers' rings
    only (a name on an "ended" ring misleads less than one across the
    focus). A marker not ringed is NaN, meeting nothing, and keeps its
    column: a label's own ring is still its own."""
    own = markers[:, :count].copy()
    ring = np.zeros(count, dtype=bool) if ringed is None else np.asarray(ringed, bool)
    own[:, ~ring] = np.nan
    tiers = [own] if np.isfinite(own).any() else []
    if rings is not None and len(rings):
        x, y, reach = np.asarray(rings, dtype=float).reshape(-1, 3).T
        reach = reach + CLEARANCE
        found = np.stack([x - reach, y - reach, x + reach, y + reach])
        tiers.insert(0, np.hstack([own, found]))
    return tiers


def _own_nearest(places, at, todo, anchors, radii) -> np.ndarray:
    """Which of the labels' ``places`` (one row of places per label, its
    marker ``at``) are beside their marker, or away where no other marker
    (centres ``anchors``, ``radii``; label ``todo[n]``'s own in row
    ``todo[n]``) is within half the way to its own: a name away on
    a leader line beside another actor's marker read as that actor's
    ("Lukashenko" under Turkey, its line from Minsk unnoticed). Measured
    at once, roughly: each box grown by half its way to its marker's centre
    (a square's growth, so up to 1.4 times that on its diagonals), against
    the other markers' boxes."""
    ok = np.ones(places.shape[:2], dtype=bool)
    boxes = places[:, len(_BESIDE) :, :4]
    x, y = at[:, 0, None], at[:, 1, None]
    across = np.maximum(np.maximum(boxes[..., 0] - x, x - boxes[..., 2]), 0)
    down = np.maximum(np.maximum(boxes[..., 1] - y, y - boxes[..., 3]), 0)
    half = np.hypot(across, down)[..., None] / 2
    grown = (boxes + np.concatenate([-half, -half, half, half], axis=-1)).reshape(-1, 4)
    own = np.repeat(todo, boxes.shape[1])
    left, top = (anchors - radii[:, None]).T
    right, bottom = (anchors + radii[:, None]).T
    markers = np.stack([left, top, right, bottom])
    ok[:, len(_BESIDE) :] = ~_crowded(grown.T.copy(), own, markers).reshape(
        boxes.shape[:2]
    )
    return ok


def _clear_of(places, inside: list[bool], own: int, markers) -> list[bool]:
    """Which of a label's ``places`` are ``inside`` the area and meet none
    of the ``markers`` but its ``own`` (its column there)."""
    kept = np.flatnonzero(inside)
    clear = [False] * len(inside)
    if len(kept):
        boxes = places[kept][:, :4].T.copy()
        owners = np.full(len(kept), own)
        for place in kept[~_crowded(boxes, owners, markers)].tolist():
            clear[place] = True
    return clear


def _spot(places, free, anchor, *, names, leaders, crossing: bool = False):
    """The first of the ``places`` (rows of `_SHAPES`' columns) numbered in
    ``free`` (clear of markers) where the box meets none of the ``names``
    placed (boxes) and crosses none of the ``leaders`` drawn (`_bounded`):
    (text position, box, None) beside its marker at ``anchor``, or ("", box,
    centre) away from it where its leader line crosses none of the ``names``
    (a line through "Maduro" read "Madu|ro") nor, unless ``crossing``, one
    of the ``leaders``; None when there is none."""
    for first in free:
        place = places[first].tolist()
        box = place[:4]
        if _meets(box, names) or _crossed(box, leaders):
            continue  # no name over another, nor over a leader line
        if first < len(_BESIDE):
            return _BESIDE[first][0], box, None
        middle = place[4:]
        line = _bounded((*anchor, *middle))
        if _through(line, names):
            continue  # its leader line through a name
        if not crossing and _meets_line(line, leaders):
            continue  # across another's line, each name reads as the other's
        return "", box, middle
    return None


# `_spot`'s tests of a place against the names and lines drawn, a few dozen
# each, a hundred places a map: plain loops, where any() of a generator took
# a sixth of `place_labels`' time.


def _meets(box: list[float], boxes: list[list[float]]) -> bool:
    """Whether ``box`` (left, top, right, bottom) overlaps one of ``boxes``."""
    left, top, right, bottom = box
    for other_left, other_top, other_right, other_bottom in boxes:
        if (
            other_left < right
            and other_right > left
            and other_top < bottom
            and other_bottom > top
        ):
            return True
    return False


def _crossed(box: list[float], lines: list[tuple[float, ...]]) -> bool:
    """Whether one of the ``lines`` (`_bounded`) crosses ``box``."""
    left, top, right, bottom = box
    for line in lines:
        if (
            line[6] > left and line[4] < right and line[7] > top and line[5] < bottom
            and _crosses(line, box)
        ):  # fmt: skip
            return True
    return False


def _through(line: tuple[float, ...], boxes: list[list[float]]) -> bool:
    """Whether the ``line`` (`_bounded`) crosses one of ``boxes``."""
    *_, left, top, right, bottom = line
    for other in boxes:
        if (
            other[2] > left and other[0] < right
            and other[3] > top and other[1] < bottom
            and _crosses(line, other)
        ):  # fmt: skip
            return True
    return False


def _meets_line(line: tuple[float, ...], lines: list[tuple[float, ...]]) -> bool:
    """Whether the ``line`` (`_bounded`) crosses one of ``lines`` (also):
    each one's ends on opposite sides of the other (touching is not).

    >>> _meets_line(_bounded((0, 0, 10, 10)), [_bounded((0, 10, 10, 0))])
    True
    >>> _meets_line(_bounded((0, 0, 10, 10)), [_bounded((20, 0, 30, 10))])
    False
    """
    x0, y0, x1, y1, left, top, right, bottom = line
    for other in lines:
        if (
            other[6] <= left
            or other[4] >= right
            or other[7] <= top
            or other[5] >= bottom
        ):
            continue  # apart: most of them
        u0, v0, u1, v1 = other[:4]
        if _side(x0, y0, x1, y1, u0, v0) * _side(x0, y0, x1, y1, u1, v1) < 0 and (
            _side(u0, v0, u1, v1, x0, y0) * _side(u0, v0, u1, v1, x1, y1) < 0
        ):
            return True
    return False


def _side(x0, y0, x1, y1, x, y) -> float:
    """Which side of the line (x0, y0)-(x1, y1) the point (x, y) is on, by sign."""
    return (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)


def _bounded(line: tuple[float, float, float, float]) -> tuple[float, ...]:
    """A ``line`` (x0, y0, x1, y1) and its bounds (left, top, right, bottom):
    most lines and boxes are apart, told by the bounds without `_crosses`.
    Conditional expressions, as `min` and `max` of two choose (the first of
    equals), at a third of their cost."""
    x0, y0, x1, y1 = line
    return (
        *line,
        x1 if x1 < x0 else x0,
        y1 if y1 < y0 else y0,
        x1 if x1 > x0 else x0,
        y1 if y1 > y0 else y0,
    )


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


def _crosses(line: tuple[float, ...], box) -> bool:
    """Whether the ``line`` (x0, y0, x1, y1, then anything) passes through
    the inside of ``box`` (left, top, right, bottom): the Liang-Barsky clip.
    Plain Python: a handful of lines and boxes per label, where numpy's calls
    cost more.

    >>> _crosses((0, 0, 10, 0), (4, -1, 6, 1)), _crosses((0, 0, 0, 10), (4, -1, 6, 1))
    (True, False)
    """
    x0, y0, x1, y1 = line[:4]
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


def _outside(places, area) -> np.ndarray:
    """Which ``places`` (rows: left, top, right, bottom, ...) cross the
    edge of the ``area``: a box touching an edge is inside."""
    width, height = area
    return (
        (places[..., 0] < 0)
        | (places[..., 1] < 0)
        | (places[..., 2] > width)
        | (places[..., 3] > height)
    )


def _crowded(boxes, own, markers) -> np.ndarray:
    """Which ``boxes`` meet (overlap, not only touch) one of the ``markers``
    (both columns: left, top, right, bottom) but their ``own`` (its column
    in ``markers``).

    Every box against every marker is 100,000s of pairs, though few are
    near each other: the markers are put in the cells of a grid by their
    top left corner, so that each box is tried only against those in the
    cells from which a marker can reach it."""
    left, top, right, bottom = boxes
    wide, tall = markers[2] - markers[0], markers[3] - markers[1]
    extent = np.maximum(wide, tall)  # NaN: no place, meets nothing
    # markers over twice the mean (a button, a ring around a selection), or
    # endless, are few: each is tried against every box, the grid's cells
    # stay sized by the others
    finite = np.isfinite(extent)
    small = extent <= 2 * extent[finite].mean() if finite.any() else finite
    hit = np.zeros(len(left), dtype=bool)
    rest = np.flatnonzero(~small & ~np.isnan(extent))
    if len(rest):
        meets = _overlap(boxes[:, :, None], markers[:, None, rest])
        hit = (meets & (own[:, None] != rest)).any(axis=1)
    kept = np.flatnonzero(small)
    if not len(kept) or not len(left):
        return hit
    # the grid: from left of and above the boxes by the widest and tallest
    # marker (no marker further can reach one) to their right and bottom;
    # a marker out there goes to the nearest cell, where it meets no box
    stretch = max(float(wide[kept].max()), 0.0) + 1.0
    reach = max(float(tall[kept].max()), 0.0) + 1.0
    x0, y0 = float(left.min()) - stretch, float(top.min()) - reach
    x1, y1 = float(right.max()), float(bottom.max())
    across = int((x1 - x0) / _CELL) + 1
    down = int((y1 - y0) / _CELL) + 1
    near = np.take(markers, kept, axis=1)
    key = ((np.clip(near[1], y0, y1) - y0) / _CELL).astype(np.int64) * across
    key += ((np.clip(near[0], x0, x1) - x0) / _CELL).astype(np.int64)
    by_key = np.argsort(key)
    kept, near = np.take(kept, by_key), np.take(near, by_key, axis=1)
    # ``before[k]``: how many markers are in the cells before cell k
    before = np.zeros(down * across + 1, dtype=np.int64)
    np.cumsum(np.bincount(key, minlength=down * across), out=before[1:])
    # each box: the rows of cells a marker reaching it is in (one row of
    # ``start`` and ``counts`` each), and in each the run of cells from its
    # left less the widest marker to its right
    first = ((left - stretch - x0) / _CELL).astype(np.int64)
    last = ((right - x0) / _CELL).astype(np.int64) + 1
    low = ((top - reach - y0) / _CELL).astype(np.int64)
    high = ((bottom - y0) / _CELL).astype(np.int64)
    rows = (low + np.arange(int((high - low).max()) + 1)[:, None]) * across
    start = np.take(before, rows + first, mode="clip")
    counts = np.take(before, rows + last, mode="clip") - start
    # a first try: each box against the middle marker of each run, which
    # most boxes in a crowd meet; only the others against whole runs
    probe = np.minimum(start + counts // 2, len(kept) - 1)
    # the markers probed taken as rows of a copy, then turned into columns:
    # a take of ``near``'s columns costs a copy an element, thrice as much
    probed = np.take(near.T.copy(), probe, axis=0).transpose(2, 0, 1).copy()
    meets = _overlap(boxes[:, None], probed)
    meets &= (counts > 0) & (own != np.take(kept, probe))
    hit |= meets.any(axis=0)
    counts *= ~hit
    start, counts = start.ravel(), counts.ravel()
    total = int(counts.sum())
    if not total:
        return hit
    # every box with every marker in those runs
    run = np.repeat(np.arange(len(counts)), counts)
    pair = np.arange(total) + np.take(start - np.cumsum(counts) + counts, run)
    which = run % len(left)
    meets = _overlap(np.take(boxes, which, axis=1), np.take(near, pair, axis=1))
    meets &= np.take(own, which) != np.take(kept, pair)
    hit[which[meets]] = True
    return hit


def _overlap(boxes, others) -> np.ndarray:
    """Whether ``boxes`` meet (overlap, not only touch) the ``others``
    beside them (broadcast columns: left, top, right, bottom first)."""
    return (
        (others[0] < boxes[2])
        & (others[2] > boxes[0])
        & (others[1] < boxes[3])
        & (others[3] > boxes[1])
    )
