"""Time-lapses: a view stepped through time as an animated GIF or an MP4, every
frame a finished slide (title, window, filters and sources stamped on it).

Planning the frames (`plan_frames`: which windows, in which order) is kept
apart from rendering and encoding them (`make_timelapse`), so that the plan
can be checked in milliseconds and the page, the command line and the tests
all step through the same windows.
"""

from __future__ import annotations

import calendar
import io
import math
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.core.codes import distinct
from dashboard.core.describe import plural
from dashboard.core.model import shown_view
from dashboard.core.stories import Story
from dashboard.core.urlstate import MapCamera
from dashboard.core.view import View, filtered_rows, what_is_shown
from dashboard.core.window import step_windows
from dashboard.figures.common import LegendKeys
from dashboard.figures.geoframe import camera_of, frame_map
from dashboard.figures.scene import make_scene, views_legend
from dashboard.outputs.briefing import Slide, highlighted_count, story_slides
from dashboard.outputs.imaging import render_image
from dashboard.outputs.slides import (
    IMAGE_SCALE,
    Box,
    SlideWords,
    plot_box,
    shared_box,
    slide_figure,
    slide_frame,
    slide_theme,
    slide_words,
)

if TYPE_CHECKING:
    from dashboard.core.model import AppData

__all__ = [
    "FIGURES",
    "FORMATS",
    "HOLD_SECONDS",
    "MAX_FRAMES",
    "STEPS",
    "STEP_SECONDS",
    "Steady",
    "TimelapseError",
    "data_windows",
    "frame_figure",
    "held_frames",
    "make_timelapse",
    "plan_frames",
    "steady_frames",
    "stepped_windows",
]

FORMATS = ("gif", "mp4")
FIGURES = ("map", "graph", "both")  # both: map and network side by side
STEPS = ("day", "week", "month")
#: The most frames a time-lapse has: at a second each, almost seven minutes,
#: some five minutes of rendering; and a GIF holds its frames in memory
#: until it is written (1600 x 900 x 3 bytes each, about 1.7 GB at the cap).
MAX_FRAMES = 400
STEP_SECONDS = 1.0  # each window's time on screen
HOLD_SECONDS = 3.0  # the last window's: time to read where the story ends
#: The shares of a frame's width the map (left) and the network take side by
#: side (the world is wide), a thin rule between.
MAP_SHARE, GRAPH_SHARE = 0.56, 0.42
_ONE_DAY = timedelta(days=1)
_MP4_QUALITY = ["-crf", "20", "-tune", "stillimage", "-movflags", "+faststart"]


class TimelapseError(ValueError):
    """A time-lapse cannot be made as asked; the message says why in plain words."""


# --- planning: which windows, pure and fast ---------------------------------


def stepped_windows(
    start: date, end: date, step: str, *, limit: int = MAX_FRAMES
) -> list[tuple[date, date]]:
    """Consecutive windows of one ``step`` (day, week or month) from
    ``start``, the last one cut at ``end``. A month runs to the day before the
    same day of the next month (the month's last day when it has no such day).

    >>> stepped_windows(date(2025, 1, 30), date(2025, 3, 5), "month")
    [(datetime.date(2025, 1, 30), datetime.date(2025, 2, 27)), (datetime.date(2025, 2, 28), datetime.date(2025, 3, 5))]

    Raises TimelapseError for an unknown step, an end before the start, or
    more than ``limit`` windows.
    """
    if step not in STEPS:
        raise TimelapseError(
            f"the step must be one of {', '.join(STEPS)}, not '{step}'"
        )
    if end < start:
        raise TimelapseError(f"the end {end} is before the start {start}")
    windows: list[tuple[date, date]] = []
    number = 0
    while True:
        first = _advance(start, step, number)
        if first is None or first > end:
            return windows
        if len(windows) == limit:
            raise TimelapseError(
                f"one {step} at a time from {start} to {end} makes more than "
                f"{limit} frames, the most a time-lapse may have: choose a "
                "longer step or a shorter window"
            )
        number += 1
        following = _advance(start, step, number)
        windows.append(
            (first, end if following is None else min(end, following - _ONE_DAY))
        )


def _advance(start: date, step: str, count: int) -> date | None:
    """``count`` steps after ``start``, each counted from ``start`` itself, so
    that months do not drift (31 Jan, 28 Feb, 31 Mar); None past the
    calendar's end."""
    try:
        if step == "day":
            return start + timedelta(days=count)
        if step == "week":
            return start + timedelta(weeks=count)
        years, month = divmod(start.month - 1 + count, 12)
        year = start.year + years
        last = calendar.monthrange(year, month + 1)[1]
        return date(year, month + 1, min(start.day, last))
    except (OverflowError, ValueError):  # past the year 9999
        return None


def data_windows(data: AppData, view: View) -> list[tuple[date, date]]:
    """The windows Play visits inside ``view``'s window (`step_windows`): one
    per stretch in which something the filters show starts, in the unit the
    data asks for, each cut at the view's end. Relations that started before
    the window are shown in its frames but start no step."""
    _, table, rows = filtered_rows(data.dataset, view)
    firsts = table["first"]
    rows = rows & (firsts >= pd.Timestamp(view.start)).to_numpy()
    rows &= (firsts <= pd.Timestamp(view.end)).to_numpy()
    windows = step_windows(table[rows])
    return [(start, min(end, view.end)) for start, end in windows]


def plan_frames(
    data: AppData,
    view: View,
    *,
    story: Story | None = None,
    step: str | None = None,
    title: str | None = None,
    selection: dict | None = None,
    limit: int = MAX_FRAMES,
    camera: MapCamera | None = None,
) -> list[Slide]:
    """The frames of a time-lapse, in order, each a `Slide` whose view holds
    its window:

    - ``story``: one per step of the story, as its deck has them;
    - ``step`` (day, week or month): consecutive windows of that step over
      ``view``'s window (`stepped_windows`);
    - neither: the windows the data asks for, as Play steps (`data_windows`).

    Every frame keeps ``view``'s filters, focus and path (a comparison date
    belongs to one window, so it is dropped), and is titled ``title`` (the
    data's title by default) with ``selection`` highlighted, and its map
    where ``camera`` says (a story's steps frame their own).

    Raises TimelapseError when there is nothing to step through or more than
    ``limit`` frames.
    """
    if story is not None:
        frames = story_slides(data, story)
    else:
        if step is None:
            windows = data_windows(data, view)
        else:
            windows = stepped_windows(view.start, view.end, step, limit=limit)
        base = replace(view, compare=None, notices=())
        frames = [
            Slide(
                view=replace(base, start=start, end=end),
                title=title or data.title,
                selection=selection,
                camera=camera,
            )
            for start, end in windows
        ]
        if step is not None and not shown_view(data, what_is_shown(base)).count:
            frames = []  # steps of a window that shows nothing: empty frames
    if not frames:
        raise TimelapseError(
            f"nothing to step through: no relation shown starts between "
            f"{view.start} and {view.end}"
        )
    if len(frames) > limit:
        raise TimelapseError(
            f"{plural(len(frames), 'frame')}: a time-lapse has at most {limit}"
        )
    return frames


# --- rendering and encoding -------------------------------------------------


@dataclass(frozen=True)
class Steady:
    """What the frames of a time-lapse share, so that only what changed
    moves from one to the next: the legend's entries (all that any frame
    draws, `LegendKeys`), the figure's box on the slide (the room every
    frame's words and legend leave, `shared_box`) and, for the windows of
    one view, where the map looks (None: each frame frames its own)."""

    legend: LegendKeys
    plot: Box
    camera: MapCamera | None = None


def steady_frames(
    data: AppData,
    frames: list[Slide],
    *,
    figure: str = "map",
    theme: str = "light",
    one_map: bool = False,
) -> Steady:
    """The `Steady` of ``frames``: each is drawn once to learn its words,
    legend and map's frame (milliseconds, against a second to render it).
    ``one_map``: the frames are windows of one view, whose map keeps a frame
    that takes in each window's (it went from the Caribbean to the Atlantic
    to Europe); else each frames its own, as a story's steps do on the
    page."""
    legend = views_legend(data, [frame.view for frame in frames])
    look = slide_theme(theme)
    boxes, maps = [], []
    for frame in frames:
        scene = make_scene(
            data, frame.view, selection=frame.selection, theme=look,
            legend_keys=legend, camera=frame.camera,
        )  # fmt: skip
        box = slide_frame(_frame_words(data, frame, scene, figure)).figure
        drawn = scene.graph if figure == "graph" else scene.map
        boxes.append(plot_box(drawn, box, theme=look, legend_below=True)[1])
        maps.append(scene.map["layout"]["geo"])
    plot = shared_box(boxes)
    camera = None
    if one_map and figure != "graph" and frames[0].camera is None:
        camera = _taking_in(maps, _map_room(figure, (plot.width, plot.height)))
    return Steady(legend, plot, camera)


def _taking_in(maps: list[dict], area: tuple[float, float]) -> MapCamera:
    """The camera whose frame, in an ``area`` (width, height px), takes in
    what each of ``maps`` (their ``layout.geo``) shows: their boxes' edges,
    a few points along each (the narrower way round the world, as
    `frame_map` finds it)."""
    lons, lats = [], []
    for geo in maps:
        west, east = geo["lonaxis"]["range"]
        south, north = geo["lataxis"]["range"]
        # 10 degrees apart at most: no gap between them reads as the one to
        # leave out (nine points over the whole world left out 45 degrees)
        count = math.ceil((east - west) / 10) + 1
        along = np.linspace(west, east, count)
        lons += [along, along]
        lats += [np.full(count, south), np.full(count, north)]
    lon = (np.concatenate(lons) + 180) % 360 - 180
    return camera_of(frame_map(lon, np.concatenate(lats), area=area, margin=(0, 0)))


def _map_room(figure: str, plot: tuple[float, float]) -> tuple[float, float]:
    """The room (width, height px) the map has in a frame's figure's box:
    all of it, or its part beside the network (`frame_figure`)."""
    width, height = plot
    return (width, height) if figure == "map" else (MAP_SHARE * width, height)


def frame_figure(
    data: AppData,
    frame: Slide,
    *,
    figure: str = "map",
    theme: str = "light",
    steady: Steady | None = None,
) -> dict:
    """The finished figure of one frame: the map, the network or ``both`` side
    by side, stamped as a slide (title, window, filters as the page's chips
    say them, sources), 1600 x 900; in a time-lapse, with the legend and the
    figure's box all its frames share (``steady``: `steady_frames`)."""
    steady = steady or steady_frames(data, [frame], figure=figure, theme=theme)
    look = slide_theme(theme)
    width, height = steady.plot.width, steady.plot.height
    plots = {figure: (width, height)}
    if figure not in ("map", "graph"):  # side by side, as `_side_by_side` splits
        plots = {
            "map": _map_room(figure, (width, height)),
            "graph": (GRAPH_SHARE * width, height),
        }
    # drawn for the room the slide gives it: the map framed and the labels
    # placed for that room
    scene = make_scene(
        data, frame.view, selection=frame.selection, theme=look, plots=plots,
        legend_keys=steady.legend, camera=frame.camera or steady.camera,
    )  # fmt: skip
    drawn = {"map": scene.map, "graph": scene.graph}.get(figure)
    if drawn is None:
        drawn = _side_by_side(scene.map, scene.graph)
    return slide_figure(
        drawn,
        title=frame.title,
        view=frame.view,
        relations=scene.relations,
        names=data.names,
        theme=look,
        kind_groups=data.kind_groups,
        every=data.choices,
        drawn=scene.drawn_words(figure),
        faded=scene.faded_count(figure),
        notes=scene.notes_of(figure),
        highlighted=highlighted_count(scene.relations, frame.selection),
        plot=steady.plot,
    )


def _frame_words(data: AppData, frame: Slide, scene, figure: str) -> SlideWords:
    """What ``frame``'s slide says besides its figure (as `slide_figure`
    words it)."""
    return slide_words(
        frame.view, scene.relations, data.names, title=frame.title,
        kind_groups=data.kind_groups, every=data.choices,
        drawn=scene.drawn_words(figure),
        faded=scene.faded_count(figure),
        notes=scene.notes_of(figure),
        highlighted=highlighted_count(scene.relations, frame.selection),
    )  # fmt: skip


def _side_by_side(geo: dict, graph: dict) -> dict:
    """One figure of the map (left, the wider: the world is wide) and the
    network (right). Their legends say the same: the network's entries are
    left out."""
    layout = dict(geo["layout"])
    layout["geo"] = {**layout["geo"], "domain": {"x": [0, MAP_SHARE], "y": [0, 1]}}
    layout["xaxis"] = {
        **graph["layout"].get("xaxis", {}),
        "domain": [1 - GRAPH_SHARE, 1],
    }
    layout["yaxis"] = {**graph["layout"].get("yaxis", {}), "domain": [0, 1]}
    layout["shapes"] = [
        {"type": "line", "xref": "paper", "yref": "paper", "x0": 0.57, "x1": 0.57,
         "y0": 0, "y1": 1, "line": {"color": "rgba(128,128,128,0.35)", "width": 1}}
    ]  # fmt: skip
    network = [{**trace, "showlegend": False} for trace in graph["data"]]
    return {"data": list(geo["data"]) + network, "layout": layout}


def held_frames(seconds: float = STEP_SECONDS, hold: float = HOLD_SECONDS) -> int:
    """How many times an MP4 shows its last frame (it has one frame rate:
    the hold is the last frame repeated; a GIF gives it a longer delay).

    >>> held_frames(1, 3)
    3
    """
    return max(1, round(hold / seconds))


def make_timelapse(
    data: AppData,
    frames: list[Slide],
    *,
    format: str = "gif",
    figure: str = "map",
    theme: str = "light",
    seconds: float = STEP_SECONDS,
    keep_browser: bool = False,
    progress: Callable[[int], object] = lambda done: None,
    one_map: bool = False,
) -> bytes:
    """``frames`` rendered (`frame_figure`) and encoded as an animated GIF
    (looping) or an MP4 (H.264, yuv420p: it plays in browsers, PowerPoint
    and phones), each frame on screen ``seconds``, the last HOLD_SECONDS.
    ``progress`` hears how many frames are rendered after each one;
    ``one_map``: the frames are windows of one view, which keep one map
    frame (`steady_frames`)."""
    if format not in FORMATS:
        raise TimelapseError(
            f"format must be one of {', '.join(FORMATS)}, not '{format}'"
        )
    if figure not in FIGURES:
        raise TimelapseError(
            f"figure must be one of {', '.join(FIGURES)}, not '{figure}'"
        )
    if not frames:
        raise TimelapseError("no frame to write")
    steady = steady_frames(data, frames, figure=figure, theme=theme, one_map=one_map)
    images = _rendered(data, frames, figure, theme, steady, keep_browser, progress)
    if format == "gif":
        return _gif(images, len(frames), seconds)
    return _mp4(images, seconds)


def _rendered(data, frames, figure, theme, steady, keep_browser, progress) -> Iterator:
    """Each frame as an RGB array of even width and height, one at a time."""
    import imageio.v3 as iio

    for done, frame in enumerate(frames, start=1):
        finished = frame_figure(data, frame, figure=figure, theme=theme, steady=steady)
        png = render_image(
            finished, format="png", scale=IMAGE_SCALE, keep_browser=keep_browser
        )
        yield _even(iio.imread(png, extension=".png")[..., :3])
        progress(done)


def _even(image: np.ndarray) -> np.ndarray:
    """``image`` with an edge row or column repeated where a side is odd: H.264
    in yuv420p needs even sides."""
    height, width = image.shape[:2]
    return np.pad(image, ((0, height % 2), (0, width % 2), (0, 0)), mode="edge")


def _gif(images: Iterator, count: int, seconds: float) -> bytes:
    """An animated GIF in one palette for every frame (`_palette`), so that
    a colour is the same in each and the legend's are exact. A palette per
    frame (as imageio writes them) gave Turkey and Venezuela one olive in
    one frame, and the United States a grey."""
    from PIL import Image

    frames = [Image.fromarray(image) for image in images]
    step = round(seconds * 1000)
    durations = [step] * (count - 1) + [round(HOLD_SECONDS * 1000)]
    palette, exact = _palette(frames)
    shared = [_in_palette(frame, palette, exact) for frame in frames]
    out = io.BytesIO()
    shared[0].save(
        out, format="GIF", save_all=True, append_images=shared[1:],
        duration=durations, loop=0, optimize=False,
    )  # fmt: skip
    return out.getvalue()


#: How many of a GIF palette's 256 colours are the frames' commonest
#: exactly (flat fills, lines, text, legend swatches: each frame's counted
#: at half size), the rest chosen for the others by octree from up to
#: PALETTE_FRAMES frames (evenly spread) at half size.
EXACT_COLOURS = 128
PALETTE_FRAMES = 16


def _packed(pixels: np.ndarray) -> np.ndarray:
    """RGB pixels (..., 3) as one integer each."""
    pixels = pixels.astype(np.int32)
    return (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]


def _palette(frames: list) -> tuple[object, np.ndarray]:
    """One 256-colour palette (a Pillow image) for ``frames``, and its exact
    colours (`_packed`, sorted; their entries come first): each frame's
    commonest counted, so that a colour seen in one frame only (a country
    appearing, a change ring) is one of them."""
    from PIL import Image

    counted: Counter = Counter()
    for frame in frames:
        colours, counts = distinct(_packed(np.asarray(frame.reduce(2))), counts=True)
        commonest = np.argsort(-counts, kind="stable")[:EXACT_COLOURS]
        counted.update(
            dict(zip(colours[commonest].tolist(), counts[commonest].tolist()))
        )
    exact = np.sort(
        np.array([colour for colour, _ in counted.most_common(EXACT_COLOURS)])
    )
    chosen = frames[:: max(1, -(-len(frames) // PALETTE_FRAMES))]
    halves = [frame.reduce(2) for frame in chosen]
    stacked = Image.new("RGB", (halves[0].width, sum(half.height for half in halves)))
    top = 0
    for half in halves:
        stacked.paste(half, (0, top))
        top += half.height
    rest = stacked.quantize(
        colors=256 - len(exact), method=Image.Quantize.FASTOCTREE,
        dither=Image.Dither.NONE,
    )  # fmt: skip
    others = rest.getpalette()[: 3 * (256 - len(exact))]
    first = np.column_stack([exact >> 16, (exact >> 8) & 255, exact & 255])
    palette = Image.new("P", (1, 1))
    palette.putpalette(first.astype(np.uint8).ravel().tolist() + others)
    return palette, exact


def _in_palette(frame, palette, exact: np.ndarray):
    """``frame`` in ``palette``: its exact colours as they are (Pillow maps
    to a palette by an approximate lookup), the others to the nearest."""
    from PIL import Image

    mapped = np.asarray(frame.quantize(palette=palette, dither=Image.Dither.NONE))
    packed = _packed(np.asarray(frame))
    entry = np.minimum(np.searchsorted(exact, packed), len(exact) - 1)
    hit = exact[entry] == packed
    indices = np.where(hit, entry, mapped).astype(np.uint8)
    out = Image.fromarray(indices, mode="P")
    out.putpalette(palette.getpalette())
    return out


def _mp4(images: Iterator, seconds: float) -> bytes:
    import imageio.v2 as imageio

    with tempfile.TemporaryDirectory(prefix="alliance-atlas-") as folder:
        path = Path(folder) / "timelapse.mp4"  # ffmpeg writes a file, not a pipe
        writer = imageio.get_writer(
            path, format="FFMPEG", mode="I", fps=1 / Fraction(seconds).limit_denominator(1000),
            codec="libx264", pixelformat="yuv420p", macro_block_size=2,
            output_params=_MP4_QUALITY, ffmpeg_log_level="error",
        )  # fmt: skip
        with writer:
            image = None
            for image in images:
                writer.append_data(image)
            for _ in range(held_frames(seconds) - 1):
                writer.append_data(image)
        return path.read_bytes()
