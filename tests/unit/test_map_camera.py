"""Where a user took the map (its camera): kept in the URL (`map=lon,lat,width`),
through the next windows, in the images and time-lapses; refused when hostile;
and a time-lapse of one view's windows keeps one frame."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest

from dashboard.core.urlstate import MapCamera, parse_display, to_query
from dashboard.core.view import View
from dashboard.figures.scene import make_scene
from dashboard.outputs.timelapse import frame_figure, plan_frames, steady_frames
from dashboard.web import files, ids
from dashboard.web.controls import view_to_controls
from dashboard.web.inputs import camera_store, clean_camera
from dashboard.web.state import update_state, view_store
from dashboard.web.views import update_figures

D = date.fromisoformat
STANCES = [
    {"type": ids.KINDS, "stance": s} for s in ("cooperative", "neutral", "conflictual")
]
CARIBBEAN = MapCamera(-70.0, 15.0, 40.0)
SIZES = {"map": [800, 450], "graph": [600, 450], "time": [800, 200]}


@pytest.fixture
def data(bundled_data):
    """The bundled data prepared as the app does, once per run (tests/conftest.py)."""
    return bundled_data


def _width(geo: dict) -> float:
    west, east = geo["lonaxis"]["range"]
    return east - west


def test_a_link_holds_the_map_where_the_user_took_it():
    display, notices = parse_display("?map=-70,15,40", {})
    assert display.camera == CARIBBEAN and notices == []
    query = to_query(View(D("2025-11-01"), D("2025-12-11")), display)
    assert query.endswith("&map=-70,15,40")
    # round the world: the same place
    assert parse_display("?map=290,15,40", {})[0].camera == CARIBBEAN


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("-70,15", "is not a centre and a width"),
        ("a,b,c", "is not a centre and a width"),
        ("nan,15,40", "is not a centre and a width"),
        ("-70,1e999,40", "is not a centre and a width"),
        ("-70,89,40", "the latitude must be -80 to 80"),
        ("-70,15,0", "the width must be 1 to 360 degrees"),
        ("-70,15,9000", "the width must be 1 to 360 degrees"),
    ],
)
def test_a_bad_map_parameter_is_named_and_the_map_framed(value, said):
    display, notices = parse_display(f"?map={value}", {})
    assert display.camera is None
    assert len(notices) == 1 and f"map '{value}'" in notices[0] and said in notices[0]


def test_the_map_is_drawn_where_the_camera_says_and_can_fit_again(data):
    view = View(D("2025-11-01"), D("2025-12-11"))
    framed = make_scene(data, view, sizes={"map": (800, 450)}).map["layout"]
    kept = make_scene(data, view, sizes={"map": (800, 450)}, camera=CARIBBEAN)
    geo = kept.map["layout"]["geo"]
    assert geo["center"] == {"lon": -70.0, "lat": pytest.approx(15.0)}
    assert geo["projection"]["rotation"]["lon"] == -70.0
    assert _width(geo) == pytest.approx(40.0)
    # the actors' own frame goes with it, for the Fit button
    assert kept.map["layout"]["meta"]["fit"]["lonaxis"] == framed["geo"]["lonaxis"]
    assert "meta" not in framed


def test_a_camera_centred_on_the_pacific_draws_arcs_the_short_way(data):
    """Centred on 170 E, the map's seam is at 10 W: each arc is drawn
    within the map, none through the seam and round behind it."""
    view = View(D("2025-11-01"), D("2025-12-11"))
    camera = MapCamera(170.0, 20.0, 360.0)
    geo = make_scene(data, view, sizes={"map": (800, 450)}, camera=camera).map
    west, east = geo["layout"]["geo"]["lonaxis"]["range"]
    arcs = [trace for trace in geo["data"] if trace.get("mode") == "lines"]
    assert arcs
    for trace in arcs:
        lons = [lon for lon in trace["lon"] if lon is not None and math.isfinite(lon)]
        assert all(west - 1 <= lon <= east + 1 for lon in lons), (west, east, lons)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "map",
        [1, 2, 3],
        {"lon": True, "lat": 1, "width": 40, "revision": "::"},
        {"lon": 10**400, "lat": 1, "width": 40, "revision": "::"},
        {"lon": "10", "lat": 1, "width": 40, "revision": "::"},
        {"lon": float("nan"), "lat": 1, "width": 40, "revision": "::"},
        {"lon": 10, "lat": 1, "width": 0.1, "revision": "::"},
        {"lon": 10, "lat": 1, "width": 40, "revision": ["::"]},
        {"lon": 10, "lat": 1, "width": 40},
    ],
)
def test_a_hostile_camera_store_is_no_camera(value):
    assert clean_camera(value, "::") is None


def test_the_camera_holds_while_its_frame_does(data):
    """A window moved keeps it (drawn there, and written in the URL); a
    selection frames the map again, and drops it."""
    camera = camera_store(CARIBBEAN, "::")
    assert clean_camera(camera, "::") == CARIBBEAN
    assert clean_camera(camera, "::actor=putin") is None
    view = View(D("2025-11-01"), D("2025-12-11"))
    store = view_store(view, None)
    drawn = update_figures(data, store, {}, SIZES, camera)[0]["layout"]["geo"]
    assert drawn["center"]["lon"] == -70.0 and _width(drawn) == pytest.approx(40.0)
    chosen = view_store(view, {"actor": "putin"})
    framed = update_figures(data, chosen, {}, SIZES, camera)[0]["layout"]["geo"]
    assert framed["center"]["lon"] != -70.0

    controls = view_to_controls(data, view, STANCES)
    out = update_state(
        data, ids.DATE_RANGE, from_url=False, search="", controls=controls,
        stance_ids=STANCES, camera=camera,
    )  # fmt: skip
    assert out["search"].endswith("&map=-70,15,40")
    selected = {**controls, "selection": {"actor": "putin"}}
    out = update_state(
        data, ids.DATE_RANGE, from_url=False, search="", controls=selected,
        stance_ids=STANCES, camera=camera,
    )  # fmt: skip
    assert "map=" not in out["search"]


def test_a_link_puts_its_camera_in_the_store(data):
    controls = view_to_controls(data, View(*data.span), STANCES)
    out = update_state(
        data, None, from_url=True, search="?start=2025-11-01&end=2025-12-11&map=-70,15,40",
        controls=controls, stance_ids=STANCES,
    )  # fmt: skip
    assert clean_camera(out["camera"], "::") == CARIBBEAN
    out = update_state(
        data, None, from_url=True, search="?focus=putin&map=-70,15,40",
        controls=controls, stance_ids=STANCES,
    )  # fmt: skip
    # in the frame the link opens on: the focus's
    assert clean_camera(out["camera"], "::actor=putin") == CARIBBEAN
    out = update_state(
        data, None, from_url=True, search="?start=2025-11-01", controls=controls,
        stance_ids=STANCES,
    )  # fmt: skip
    assert out["camera"] is None


def test_an_image_and_a_deck_of_the_view_keep_the_camera(data, monkeypatch):
    made = []
    monkeypatch.setattr(
        files, "view_image", lambda data, slide, **_: made.append(slide) or b"png"
    )
    monkeypatch.setattr(
        files, "make_deck", lambda data, slides, **_: made.extend(slides) or b"pptx"
    )
    store = view_store(View(D("2025-11-01"), D("2025-12-11")), None)
    png = {"type": ids.IMAGE_EXPORT, "format": "png2"}
    camera = camera_store(CARIBBEAN, "::")
    zoomed, _ = files.update_briefing(
        lambda _: None, data, png, "map", {}, store, camera
    )
    framed, _ = files.update_briefing(lambda _: None, data, png, "map", {}, store)
    assert made[0].camera == CARIBBEAN and made[1].camera is None
    assert zoomed["filename"] != framed["filename"]  # two images, two names
    deck = {"type": ids.DECK_EXPORT, "format": "pptx"}
    files.update_briefing(lambda _: None, data, deck, "map", {}, store, camera)
    assert made[-1].camera == CARIBBEAN
    # a story's deck: each step frames its own
    story = {"story": "guacamaya", "step": 1}
    files.update_briefing(lambda _: None, data, deck, "map", story, store, camera)
    assert all(slide.camera is None for slide in made[-8:])


def test_a_timelapse_of_one_view_keeps_one_frame(data):
    """Each window framed its own actors: the Caribbean, then the Atlantic,
    then Europe. Now every frame shows the frame that takes in all of them."""
    frames = plan_frames(data, View(D("2025-09-01"), D("2025-12-11")), step="month")
    alone = {
        tuple(frame_figure(data, frame)["layout"]["geo"]["lonaxis"]["range"])
        for frame in frames
    }
    assert len(alone) > 1  # else this tests nothing
    steady = steady_frames(data, frames)
    assert steady.camera is not None
    drawn = [frame_figure(data, frame, steady=steady)["layout"] for frame in frames]
    centres = {(layout["geo"]["center"]["lon"], layout["geo"]["center"]["lat"])
               for layout in drawn}  # fmt: skip
    assert len(centres) == 1
    widths = {round(_width(layout["geo"]), 6) for layout in drawn}
    assert len(widths) == 1
    # wide enough for each frame's own box
    assert widths.pop() >= max(east - west for west, east in alone) - 1e-6
    # the user's camera, when there is one, is every frame's
    kept = [replace(frame, camera=CARIBBEAN) for frame in frames]
    steady = steady_frames(data, kept)
    layout = frame_figure(data, kept[0], steady=steady)["layout"]
    assert layout["geo"]["center"]["lon"] == -70.0


def test_a_story_timelapse_frames_each_step(data):
    frames = plan_frames(data, View(*data.span), story=data.stories["guacamaya"])
    assert steady_frames(data, frames).camera is None


def test_a_camera_is_where_the_width_says_whatever_the_shape(data):
    """An image is wider than the page's panel: the same width of the world
    across, the height following the image's shape."""
    view = View(D("2025-11-01"), D("2025-12-11"))
    for size in ((800, 450), (1600, 500), (400, 600)):
        geo = make_scene(data, view, sizes={"map": size}, camera=CARIBBEAN).map
        assert _width(geo["layout"]["geo"]) == pytest.approx(40.0)
        south, north = geo["layout"]["geo"]["lataxis"]["range"]
        assert south < 15.0 < north and math.isfinite(north)


def test_the_command_line_draws_a_links_camera(tmp_path, monkeypatch):
    """`render --query` and `timelapse --query` of a link from the page draw
    its map as the page does."""
    from dashboard.cli import main
    from dashboard.outputs import briefing, timelapse

    made = []
    monkeypatch.setattr(
        briefing, "view_image", lambda data, slide, **_: made.append(slide) or b"png"
    )
    monkeypatch.setattr(
        timelapse, "make_timelapse",
        lambda data, frames, **_: made.extend(frames) or b"GIF89a",
    )  # fmt: skip
    query = "?start=2025-11-01&end=2025-12-11&map=-70,15,40"
    out = tmp_path / "map.png"
    assert main(["render", "--query", query, "--out", str(out)]) == 0
    assert made[-1].camera == CARIBBEAN
    gif = tmp_path / "map.gif"
    assert main(["timelapse", "--query", query, "--step", "week", "--format", "gif",
                 "--out", str(gif)]) == 0  # fmt: skip
    assert len(made) > 2 and all(frame.camera == CARIBBEAN for frame in made[1:])
