"""Time-lapses rendered by Kaleido and encoded: the command line on the bundled
data writes a GIF and an MP4 that read back with the planned frames."""

from __future__ import annotations

import base64
from datetime import date

import imageio.v3 as iio
import numpy as np
import pytest

from dashboard.cli import main
from dashboard.core.view import View
from dashboard.figures.style import country_colour, stance_colours
from dashboard.outputs import timelapse
from dashboard.outputs.timelapse import (
    HOLD_SECONDS,
    frame_figure,
    held_frames,
    make_timelapse,
    plan_frames,
)
from dashboard.web import ids
from dashboard.web.files import update_timelapse
from dashboard.web.state import view_store
from tests.conftest import BUNDLED

D = date.fromisoformat
GREEN = np.array(
    [int(stance_colours()["cooperative"][i : i + 2], 16) for i in (1, 3, 5)]
)


@pytest.fixture
def data(bundled_data):
    """The bundled data prepared with its stories, once per run (tests/conftest.py)."""
    return bundled_data


def _differ(first: np.ndarray, last: np.ndarray) -> float:
    """The share of pixels that differ clearly between two frames."""
    return float((np.abs(first.astype(int) - last.astype(int)).max(axis=2) > 40).mean())


def test_gif_of_weeks_has_a_frame_per_planned_window(data, tmp_path, capsys):
    window = ["--start", "2025-11-01", "--end", "2025-12-11", "--step", "week"]
    out = tmp_path / "weeks.gif"
    code = main(["timelapse", "--data", str(BUNDLED), *window, "--view", "map",
                 "--format", "gif", "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    plan = plan_frames(data, View(D("2025-11-01"), D("2025-12-11")), step="week")
    said = capsys.readouterr().out
    assert (
        "6 frames of the map, 1 Nov – 7 Nov 2025 first, 6 Dec – 11 Dec 2025 last"
        in said
    )
    frames = iio.imread(out, index=None)
    assert frames.shape == (len(plan), 900, 1600, 3)
    # each window on screen a second, the last held longer, looping
    assert iio.immeta(out, index=0)["duration"] == 1000
    assert iio.immeta(out, index=len(plan) - 1)["duration"] == HOLD_SECONDS * 1000
    assert iio.immeta(out, index=0)["loop"] == 0
    assert _differ(frames[0], frames[-1]) > 0.005  # the arcs of December


def test_a_gifs_colours_are_the_legends_in_every_frame(data, monkeypatch):
    """One palette for every frame: where a rendered frame shows a stance's
    or one of the five states' colour (a legend swatch, a shape), the GIF's
    frame shows it within a few levels; a palette per frame merged Turkey's
    and Venezuela's into one olive in the last steps. And the legend stays
    at one place: a legend moving below the figures resized them."""
    rendered = []

    def kept(*args):
        for image in original(*args):
            rendered.append(image.astype(int))
            yield image

    original = timelapse._rendered
    monkeypatch.setattr(timelapse, "_rendered", kept)
    plan = plan_frames(data, View(*data.span), story=data.stories["guacamaya"])
    gif = make_timelapse(data, plan, format="gif", figure="both")
    frames = iio.imread(gif, index=None, extension=".gif")[..., :3].astype(int)
    keys = [country_colour(c) for c in ("TUR", "VEN", "USA", "RUS", "BLR")]
    keys += list(stance_colours().values())
    keys = [np.array([int(key[i : i + 2], 16) for i in (1, 3, 5)]) for key in keys]
    checked = 0
    for number, (before, after) in enumerate(zip(rendered, frames)):
        for key in keys:
            exact = (before == key).all(axis=2)
            if exact.sum() >= 30:
                checked += 1
                assert np.abs(after[exact] - key).max() <= 4, (number, key)
    assert checked >= 4 * len(frames)
    # the legend below the figures in every frame
    drawn = [frame_figure(data, frame, figure="both")["layout"] for frame in plan]
    assert {
        (layout["legend"]["y"], layout["legend"]["yanchor"]) for layout in drawn
    } == {(0, "top")}
    # and the figures as wide in each (the legend beside them narrowed them)
    assert (
        len({(layout["margin"]["l"], layout["margin"]["r"]) for layout in drawn}) == 1
    )


def test_mp4_of_the_story_side_by_side_plays_everywhere(data, tmp_path, capsys):
    out = tmp_path / "story.mp4"
    code = main(["timelapse", "--story", "guacamaya", "--view", "both",
                 "--format", "mp4", "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    plan = plan_frames(data, View(*data.span), story=data.stories["guacamaya"])
    meta = iio.immeta(out, plugin="FFMPEG")
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    assert meta["fps"] == 1.0
    frames = iio.imread(out, index=None, plugin="FFMPEG")
    # one frame a step; the last repeated to hold it (one frame rate in a video)
    assert frames.shape[0] == len(plan) + held_frames() - 1 == 10
    height, width = frames.shape[1:3]
    assert (width, height) == (1600, 900) and width % 2 == height % 2 == 0
    assert _differ(frames[0], frames[len(plan) - 1]) > 0.005
    assert (
        np.array_equal(frames[-1], frames[-2])
        or _differ(frames[-1], frames[-2]) < 0.001
    )


def test_the_page_renders_a_time_lapse_with_progress(data):
    progress = []
    store = view_store(View(D("2025-11-21"), D("2025-12-11")), None)
    trigger = {"type": ids.TIMELAPSE_EXPORT, "format": "mp4"}
    download, status = update_timelapse(
        progress.append, data, trigger, "graph", {"theme": "dark"}, store
    )
    plan = plan_frames(data, View(D("2025-11-21"), D("2025-12-11")))
    total = str(len(plan))
    assert [done for done, _, _ in progress] == [str(n) for n in range(len(plan) + 1)]
    assert progress[2] == ("2", total, f"Rendering frame 3 of {total}…")
    assert progress[-1] == (total, total, "Writing the MP4…")
    assert download["filename"].startswith(
        "alliance-atlas-timelapse-network_2025-11-21"
    )
    assert f"({total} frames)" in status
    content = base64.b64decode(download["content"])
    frames = iio.imread(content, index=None, extension=".mp4", plugin="FFMPEG")
    assert frames.shape[0] == len(plan) + held_frames() - 1
    assert frames[0].mean() < 100  # the dark theme
