"""Time-lapses planned: which windows, in which order, each frame's stamp, and
the clear refusals; no Kaleido (tests/integration/test_timelapse.py renders)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import imageio.v3 as iio
import numpy as np
import pytest
from dash import no_update

from dashboard.cli import main
from dashboard.core.describe import window_label
from dashboard.core.view import View
from dashboard.core.window import step_window
from dashboard.outputs.slides import SLIDE_POINTS
from dashboard.outputs.timelapse import (
    MAX_FRAMES,
    TimelapseError,
    _gif,
    frame_figure,
    plan_frames,
    steady_frames,
    stepped_windows,
)
from dashboard.web import ids
from dashboard.web.files import update_timelapse
from dashboard.web.state import view_store

D = date.fromisoformat


@pytest.fixture
def data(bundled_data):
    """The bundled data prepared with its stories, once per run (tests/conftest.py)."""
    return bundled_data


def windows(frames) -> list[tuple[date, date]]:
    return [(frame.view.start, frame.view.end) for frame in frames]


# --- consecutive windows of a step --------------------------------------------


@pytest.mark.parametrize(
    ("step", "count", "first", "last"),
    [
        ("day", 41, ("2025-11-01", "2025-11-01"), ("2025-12-11", "2025-12-11")),
        ("week", 6, ("2025-11-01", "2025-11-07"), ("2025-12-06", "2025-12-11")),
        ("month", 2, ("2025-11-01", "2025-11-30"), ("2025-12-01", "2025-12-11")),
    ],
)
def test_a_step_makes_consecutive_windows_cut_at_the_end(
    data, step, count, first, last
):
    view = View(D("2025-11-01"), D("2025-12-11"))
    frames = plan_frames(data, view, step=step)
    found = windows(frames)
    assert len(frames) == count
    assert found[0] == (D(first[0]), D(first[1]))
    assert found[-1] == (D(last[0]), D(last[1]))
    # no gap and no overlap: each window starts the day after the last ended
    assert all((b[0] - a[1]).days == 1 for a, b in zip(found, found[1:]))


def test_months_are_counted_from_the_start_and_do_not_drift():
    found = stepped_windows(D("2025-01-31"), D("2025-05-15"), "month")
    assert found == [
        (D("2025-01-31"), D("2025-02-27")),
        (D("2025-02-28"), D("2025-03-30")),
        (D("2025-03-31"), D("2025-04-29")),
        (D("2025-04-30"), D("2025-05-15")),
    ]
    assert stepped_windows(D("2024-12-31"), D("2024-12-31"), "week") == [
        (D("2024-12-31"), D("2024-12-31"))
    ]
    # the calendar's end is an end too
    assert stepped_windows(D("9999-12-01"), date.max, "month") == [
        (D("9999-12-01"), date.max)
    ]
    assert stepped_windows(date.max, date.max, "day") == [(date.max, date.max)]


def test_steps_refuse_bad_windows_and_too_many_frames():
    with pytest.raises(TimelapseError, match="before the start"):
        stepped_windows(D("2025-12-11"), D("2025-11-01"), "day")
    with pytest.raises(TimelapseError, match="one of day, week, month"):
        stepped_windows(D("2025-11-01"), D("2025-12-11"), "hour")
    with pytest.raises(TimelapseError, match=f"more than {MAX_FRAMES} frames"):
        stepped_windows(D("2020-01-01"), D("2025-12-11"), "day")
    # exactly the cap is fine
    assert len(stepped_windows(D("2025-01-01"), D("2025-01-01"), "day", limit=1)) == 1


# --- windows by the data, as Play steps -----------------------------------------


def test_by_the_data_the_frames_are_the_windows_play_visits(data):
    frames = plan_frames(data, View(*data.span))
    assert len(frames) == 8  # the article in 8 steps, as Play goes from All
    assert windows(frames)[0] == (D("2019-01-01"), D("2019-12-31"))
    # the last week's, with those standing as of its last day (no step of theirs)
    assert windows(frames)[-1] == (D("2025-12-08"), D("2025-12-11"))
    played, window = [], data.span
    relations = data.dataset.relations
    while (window := step_window(relations, window)) is not None:
        played.append(window)
    assert windows(frames) == played
    assert all(frame.title == data.title for frame in frames)


def test_by_the_data_inside_a_window_and_under_filters(data):
    view = View(D("2025-11-15"), D("2025-12-11"), kinds=("call", "meeting"))
    frames = plan_frames(data, view)
    # the calls and meetings that start in the window: 21 Nov, 1 and 8 Dec
    assert [start for start, _ in windows(frames)] == [
        D("2025-11-21"), D("2025-12-01"), D("2025-12-08")
    ]  # fmt: skip
    assert all(view.start <= s <= e <= view.end for s, e in windows(frames))
    assert all(frame.view.kinds == ("call", "meeting") for frame in frames)


def test_frames_keep_the_filters_focus_and_highlight_but_not_a_comparison(data):
    view = View(D("2025-11-01"), D("2025-12-11"), states=True, focus="russia",
                compare=D("2025-11-20"))  # fmt: skip
    chosen = {"relation": "r03"}
    frames = plan_frames(data, view, step="month", title="Russia", selection=chosen)
    assert {(f.view.states, f.view.focus, f.view.compare) for f in frames} == {
        (True, "russia", None)
    }
    assert {(f.title, f.selection["relation"]) for f in frames} == {("Russia", "r03")}


def test_a_story_has_a_frame_per_step(data):
    story = data.stories["guacamaya"]
    frames = plan_frames(data, View(*data.span), story=story)
    assert len(frames) == len(story.steps) == 8
    first, last = story.steps[0], story.steps[-1]
    assert windows(frames)[0] == (first.start, first.end)
    assert windows(frames)[-1] == (last.start, last.end)
    assert frames[0].title == "1. 2019: Russia props Maduro up"
    assert frames[0].selection == {"relation": "r01|r02"}


def test_nothing_to_step_through_and_too_many_frames_are_refused(data):
    with pytest.raises(TimelapseError, match="nothing to step through"):
        plan_frames(data, View(D("2020-01-01"), D("2024-12-31")))
    with pytest.raises(TimelapseError, match="at most 5"):
        plan_frames(data, View(*data.span), limit=5)


# --- each frame stamped -----------------------------------------------------------


def _stamps(figure: dict) -> str:
    return " ".join(note["text"] for note in figure["layout"]["annotations"])


@pytest.mark.parametrize("figure", ["map", "graph", "both"])
def test_every_frame_is_stamped_with_title_window_filters_and_sources(data, figure):
    view = View(D("2025-11-01"), D("2025-12-11"), kinds=("call",))
    frames = plan_frames(data, view, step="week")
    for frame in (frames[0], frames[-1]):
        finished = frame_figure(data, frame, figure=figure, theme="dark")
        words = _stamps(finished)
        layout = finished["layout"]
        assert (layout["width"], layout["height"]) == SLIDE_POINTS
        assert data.title in words
        assert window_label(frame.view.start, frame.view.end) in words
        assert "Shown: call" in words  # the filters, as the chips say them
        assert "Source: " in words
    types = {trace.get("type") for trace in finished["data"]}
    assert ({"scattergeo", "scatter"} <= types) == (figure == "both")
    if figure == "both":  # side by side, the map on the left
        layout = finished["layout"]
        assert layout["geo"]["domain"]["x"][1] < layout["xaxis"]["domain"][0]
        named = [
            t.get("name") for t in finished["data"] if t.get("showlegend") is not False
        ]
        assert len(named) == len(set(named))  # each legend entry once, not twice


def test_the_last_frame_shows_what_the_first_does_not(data):
    frames = plan_frames(data, View(*data.span))
    first, last = (frame_figure(data, f, figure="map") for f in (frames[0], frames[-1]))
    assert "1 Jan – 31 Dec 2019" in _stamps(first)
    assert "11 Dec 2025" in _stamps(last) and "2019" not in _stamps(last).split("·")[0]


def _legend(figure: dict) -> list[str]:
    """The entries of the figure's main legend, in order."""
    return [
        trace["name"]
        for trace in figure["data"]
        if trace.get("showlegend", True) and trace.get("legend", "legend") == "legend"
        and trace.get("name")
    ]  # fmt: skip


@pytest.mark.parametrize("figure", ["map", "both"])
def test_nothing_but_the_window_moves_from_frame_to_frame(data, figure):
    # each window's own legend and words differ: 2019 has no neutral
    # relation, and a longer legend took room from the map, resizing it
    frames = plan_frames(data, View(*data.span))
    alone = [frame_figure(data, frame, figure=figure) for frame in frames]
    assert len({tuple(_legend(finished)) for finished in alone}) > 1
    assert len({str(finished["layout"]["margin"]) for finished in alone}) > 1
    steady = steady_frames(data, frames, figure=figure)
    drawn = [
        frame_figure(data, frame, figure=figure, steady=steady) for frame in frames
    ]
    legends = {tuple(_legend(finished)) for finished in drawn}
    assert len(legends) == 1  # every entry any frame draws, in every frame
    assert {name for finished in alone for name in _legend(finished)} <= set(*legends)
    assert "neutral" in _legend(drawn[0])
    assert len({str(finished["layout"]["margin"]) for finished in drawn}) == 1
    assert len({str(finished["layout"]["legend"]) for finished in drawn}) == 1
    # the map drawn for that one room: framed and labelled alike
    rooms = {str(finished["layout"].get("geo", {}).get("domain")) for finished in drawn}
    assert len(rooms) == 1


def test_a_long_step_title_does_not_move_the_figure_of_its_frame(data):
    frames = plan_frames(data, View(*data.span), story=data.stories["guacamaya"])
    long = "The treaty of strategic partnership between Russia and Venezuela, "
    frames[2] = replace(frames[2], title=long + "ratified by both sides in November")
    alone = [frame_figure(data, frame)["layout"]["margin"] for frame in frames[1:4]]
    assert alone[1]["t"] > alone[0]["t"] == alone[2]["t"]  # two lines of title
    steady = steady_frames(data, frames)
    drawn = [frame_figure(data, frame, steady=steady) for frame in frames]
    assert len({str(finished["layout"]["margin"]) for finished in drawn}) == 1
    assert drawn[0]["layout"]["margin"]["t"] == alone[1]["t"]  # below the longest
    assert long.split()[0] in _stamps(drawn[2])


# --- the command line and the page refuse clearly, before any rendering ----------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--story", "nope"], "no story 'nope' (stories: guacamaya)"),
        (["--start", "2025-12-11", "--end", "2025-11-01"], "is before --start"),
        (["--start", "2025-13-01"], "use YYYY-MM-DD"),
        (["--step", "day", "--start", "2020-01-01"], "more than 400 frames"),
        (["--start", "2020-01-01", "--end", "2024-12-31"], "nothing to step through"),
        # steps of a window that shows nothing: twelve empty frames, exit 0
        (
            ["--step", "day", "--start", "2025-12-20", "--end", "2025-12-31"],
            "nothing to step through",
        ),
        (["--story", "guacamaya", "--step", "week"], "leave out --start, --end"),
        (["--seconds", "0"], "--seconds must be between"),
        (["--query", "?kinds=nothing"], "--query: kinds not in this data"),
    ],
)
def test_the_command_says_why_it_cannot(tmp_path, capsys, arguments, message):
    out = tmp_path / "lapse.gif"
    code = main(["timelapse", *arguments, "--format", "gif", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2 and message in captured.err, captured.err
    assert "Traceback" not in captured.err and not out.exists()


def test_the_command_refuses_a_directory_as_out(tmp_path, capsys):
    assert main(["timelapse", "--format", "mp4", "--out", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_the_page_ignores_strange_triggers_and_says_why_it_cannot(data):
    progress = []
    empty = view_store(View(D("2020-01-01"), D("2024-12-31")), None)
    for trigger in (None, "x", {"type": ids.TIMELAPSE_EXPORT, "format": "avi"}):
        assert update_timelapse(progress.append, data, trigger, "map", {}, empty) == (
            no_update,
            no_update,
        )
    gif = {"type": ids.TIMELAPSE_EXPORT, "format": "gif"}
    download, status = update_timelapse(progress.append, data, gif, "map", {}, empty)
    assert download is no_update and status.startswith("No time-lapse: nothing")
    assert progress == []  # refused before any frame


class _nothing:
    """Stands for `browser_session` where nothing is rendered."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_page_plans_the_open_story_or_the_view(data, monkeypatch):
    planned = {}

    def fake(data, frames, **options):
        planned.update(frames=frames, **options)
        options["progress"](len(frames))
        return b"GIF89a"

    monkeypatch.setattr("dashboard.web.files.make_timelapse", fake)
    monkeypatch.setattr("dashboard.web.files.browser_session", _nothing)
    progress = []
    gif = {"type": ids.TIMELAPSE_EXPORT, "format": "gif"}
    store = view_store(View(D("2025-11-15"), D("2025-12-11")), None)
    download, status = update_timelapse(progress.append, data, gif, "both", {}, store)
    assert [start for start, _ in windows(planned["frames"])][0] == D("2025-11-21")
    assert planned["figure"] == "both" and planned["format"] == "gif"
    assert download["filename"].startswith("alliance-atlas-timelapse-map-network_")
    assert download["filename"].endswith(".gif") and "Saved" in status
    total = str(len(planned["frames"]))
    assert progress[0] == ("0", total, f"Rendering frame 1 of {total}…")
    assert progress[-1] == (total, total, "Writing the GIF…")
    story = {"story": "guacamaya", "step": 3, "theme": "dark"}
    download, _ = update_timelapse(progress.append, data, gif, "evil", story, store)
    assert len(planned["frames"]) == 8 and planned["theme"] == "dark"
    assert planned["figure"] == "map"  # an unknown figure falls back to the map
    assert "timelapse-guacamaya-map_2019-01-01_2025-12-11" in download["filename"]


def test_frames_are_views_of_their_own(data):
    """A frame is a whole view: its window in its View, nothing shared."""
    frames = plan_frames(data, View(*data.span), step="month", limit=MAX_FRAMES)
    assert len({frame.view for frame in frames}) == len(frames)
    assert frames[0].view == replace(View(*data.span), end=D("2019-01-31"))


def test_a_gif_keeps_a_colour_seen_in_one_frame_of_many():
    """The GIF's palette holds each frame's commonest colours exactly, not
    only those of the frames its other colours are chosen from: a colour
    that appears in one frame of 40 (a country, a ring) stays itself."""
    rng = np.random.default_rng(0)
    ramp = np.linspace(0, 255, 320).astype(np.uint8)
    frames = []
    for number in range(40):
        frame = np.stack(
            np.broadcast_arrays(ramp[None, :], ramp[:, None][:180], 90), -1
        )
        frame = frame.astype(np.uint8).copy()
        frame += rng.integers(0, 3, frame.shape, dtype=np.uint8)
        if number == 1:
            frame[20:60, 20:60] = (250, 200, 0)
        frames.append(frame)
    decoded = iio.imread(
        _gif(iter(frames), len(frames), 1.0), index=None, extension=".gif"
    )
    assert decoded.shape[0] == 40
    assert (decoded[1][20:60, 20:60, :3] == (250, 200, 0)).all()
