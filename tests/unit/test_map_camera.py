"""Where a user took the map (its camera): kept in the URL (`map=lon,lat,width`),
through the next windows, in the images and time-lapses; refused when hostile;
and a time-lapse of one view's windows keeps one frame."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest
from dash import no_update
from plotly.io import to_json

from dashboard.core.urlstate import MapCamera, parse_display, to_query
from dashboard.core.view import View
from dashboard.figures.scene import make_scene
from dashboard.outputs.timelapse import frame_figure, plan_frames, steady_frames
from dashboard.web import files, ids
from dashboard.web.controls import view_to_controls
from dashboard.web.inputs import camera_store, clean_camera
from dashboard.web.state import update_state, view_store
from dashboard.web.views import update_figures, update_map

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
    """Centred on 150 E, the map's seam is at 30 W, in the Atlantic. The
    arcs from Moscow, Minsk and Ankara to Caracas and Washington went 256
    degrees east, over Asia and the Pacific, a wall of arcs across the map;
    they now cross the seam, the short way over the Atlantic, as they do on
    a map framed the usual way. No arc goes more than 210 degrees round."""
    view = View(D("2025-11-01"), D("2025-12-11"))
    camera = MapCamera(150.0, 20.0, 200.0)
    geo = make_scene(data, view, sizes={"map": (800, 450)}, camera=camera).map
    seam = 150.0 - 180.0
    spans, across_the_seam = [], 0
    for trace in geo["data"]:
        if trace.get("mode") != "lines":
            continue
        lons = [math.nan if lon is None else lon for lon in trace["lon"]]
        arc: list[float] = []
        for lon in [*lons, math.nan]:
            if math.isfinite(lon):
                arc.append(lon)
                continue
            if arc:
                spans.append(max(arc) - min(arc))
                across_the_seam += min(arc) < seam < max(arc)
            arc = []
    assert spans and max(spans) <= 210
    # Russia, Belarus and Turkey to the Americas: the most of the window's arcs
    assert across_the_seam >= 3


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


def test_the_map_alone_is_the_windows_map_where_a_zoom_settled(data):
    """Once a zoom settles, the map is drawn alone where it looks (its names
    placed for that scale): the same map the next window draws there."""
    camera = camera_store(CARIBBEAN, "::")
    store = view_store(View(D("2025-11-01"), D("2025-12-11")), None)
    alone = update_map(data, store, {}, SIZES, camera)
    windows = update_figures(data, store, {}, SIZES, camera)[0]
    assert to_json(alone) == to_json(windows)
    assert _width(alone["layout"]["geo"]) == pytest.approx(40.0)
    wider = camera_store(replace(CARIBBEAN, width=120.0), "::")
    assert to_json(update_map(data, store, {}, SIZES, wider)) != to_json(alone)


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


def test_the_page_putting_its_camera_in_the_address_changes_nothing_else(data):
    """The page writes map= into its address after a zoom, which the server
    reads as a link: it cleared the notice shown and set every control
    again. Only the camera's store is answered."""
    search = "?start=2025-11-01&end=2025-12-11&focus=nobody"
    controls = view_to_controls(data, View(*data.span), STANCES)
    opened = update_state(data, None, from_url=True, search=search,
                          controls=controls, stance_ids=STANCES)  # fmt: skip
    assert "no actor 'nobody'" in opened["notice"]
    shown = view_to_controls(data, View(D("2025-11-01"), D("2025-12-11")), STANCES)
    own = search + "&map=-70,15,40"
    told = {**camera_store(CARIBBEAN, "::"), "address": own}  # assets/panels.js
    out = update_state(
        data, None, from_url=True, search=own, controls=shown, stance_ids=STANCES,
        current=opened["view"], current_display=opened["display"], tab="details",
        camera=told,
    )  # fmt: skip
    assert clean_camera(out["camera"], "::") == CARIBBEAN
    for name in ("notice", "view", "display", "search", "link_shown", "tab"):
        assert out[name] is no_update, name
    # the same view by a link followed (Back, an address typed): said again
    out = update_state(
        data, None, from_url=True, search=search, controls=shown, stance_ids=STANCES,
        current=opened["view"], current_display=opened["display"], tab="details",
        camera=told,
    )  # fmt: skip
    assert "no actor 'nobody'" in out["notice"]
    # another window in the address is a link opened: read as one
    other = search.replace("2025-11-01", "2025-11-02") + "&map=-70,15,40"
    out = update_state(
        data, None, from_url=True, search=other, controls=shown, stance_ids=STANCES,
        current=opened["view"], current_display=opened["display"], tab="details",
        camera={**told, "address": other},
    )  # fmt: skip
    assert out["view"] is not no_update


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
    assert steady_frames(data, frames).camera is None  # unless told: one_map
    steady = steady_frames(data, frames, one_map=True)
    assert steady.camera is not None
    figures = [frame_figure(data, frame, steady=steady) for frame in frames]
    drawn = [figure["layout"] for figure in figures]
    centres = {(layout["geo"]["center"]["lon"], layout["geo"]["center"]["lat"])
               for layout in drawn}  # fmt: skip
    assert len(centres) == 1
    widths = {round(_width(layout["geo"]), 6) for layout in drawn}
    assert len(widths) == 1
    # every frame's actors in view
    west, east = drawn[0]["geo"]["lonaxis"]["range"]
    south, north = drawn[0]["geo"]["lataxis"]["range"]
    for figure in figures:
        for trace in figure["data"]:
            if trace.get("name") not in ("state", "person", "organization"):
                continue
            for lon, lat in zip(trace["lon"], trace["lat"]):
                if lon is None or not math.isfinite(lon):
                    continue
                assert west <= lon <= east and south <= lat <= north, (lon, lat)
    # the user's camera, when there is one, is every frame's
    kept = [replace(frame, camera=CARIBBEAN) for frame in frames]
    steady = steady_frames(data, kept, one_map=True)
    layout = frame_figure(data, kept[0], steady=steady)["layout"]
    assert layout["geo"]["center"]["lon"] == -70.0


def test_a_story_timelapse_frames_each_step(data, monkeypatch):
    """The page's time-lapse keeps one map for a view's windows, not for a
    story's steps (even steps that differ only in their windows)."""
    told = []
    monkeypatch.setattr(
        files, "make_timelapse",
        lambda data, frames, **options: told.append(options["one_map"]) or b"GIF89a",
    )  # fmt: skip
    monkeypatch.setattr(files, "browser_session", _Nothing)
    store = view_store(View(D("2025-11-01"), D("2025-12-11")), None)
    gif = {"type": ids.TIMELAPSE_EXPORT, "format": "gif"}
    files.update_timelapse(lambda _: None, data, gif, "map", {}, store)
    story = {"story": "guacamaya", "step": 1}
    files.update_timelapse(lambda _: None, data, gif, "map", story, store)
    assert told == [True, False]


class _Nothing:
    """Stands for `browser_session` where nothing is rendered."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_timelapse_over_the_whole_world_keeps_the_whole_world():
    """Nine points along a box of the whole world left 45 degrees out as the
    gap between them: Japan and New Zealand fell off the map."""
    from dashboard.outputs.timelapse import _taking_in

    world = {"lonaxis": {"range": [-180.0, 180.0]}, "lataxis": {"range": [-60.0, 75.0]}}
    camera = _taking_in([world], (1200.0, 600.0))
    assert camera.width >= 350.0
    europe = {"lonaxis": {"range": [-10.0, 40.0]}, "lataxis": {"range": [35.0, 60.0]}}
    pacific = {
        "lonaxis": {"range": [150.0, 200.0]},
        "lataxis": {"range": [-20.0, 10.0]},
    }
    camera = _taking_in([europe, pacific], (1200.0, 600.0))
    for lon in (-10.0, 40.0, 150.0, 200.0):  # each box's edges are in view
        off = (lon - camera.lon + 180) % 360 - 180
        assert abs(off) <= camera.width / 2 + 1e-6, (lon, camera)


@pytest.mark.parametrize("area", [(400, 600), (800, 800), (300, 900)])
def test_a_panel_taller_than_the_world_is_centred_on_it(area):
    """A portrait panel of the whole world was centred near the South Pole."""
    from dashboard.figures.geoframe import camera_frame

    frame = camera_frame(MapCamera(0.0, 50.0, 360.0), area=area)
    assert abs(frame.centre[1]) < 1e-6


def test_a_selection_undone_does_not_bring_a_links_camera_back(data):
    """Opened on a link's camera, a selection framed the map again; undone,
    the link's camera came back (the store still held it)."""
    controls = view_to_controls(data, View(*data.span), STANCES)
    camera = camera_store(CARIBBEAN, "::")
    selected = {**controls, "selection": {"actor": "putin"}}
    out = update_state(
        data, ids.DATE_RANGE, from_url=False, search="?map=-70,15,40",
        controls=selected, stance_ids=STANCES, camera=camera,
    )  # fmt: skip
    assert out["camera"] is None and "map=" not in out["search"]


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
    step = "?story=guacamaya&step=2&map=-70,15,40"
    assert main(["render", "--query", step, "--out", str(tmp_path / "s.png")]) == 0
    assert made.pop().camera == CARIBBEAN  # a story step's link, as the page
    bad = ["timelapse", "--query", "?map=0,89,40", "--format", "gif",
           "--out", str(tmp_path / "bad.gif")]  # fmt: skip
    assert main(bad) == 2 and made == []  # refused, as render refuses it
    out = tmp_path / "map.png"
    assert main(["render", "--query", query, "--out", str(out)]) == 0
    assert made[-1].camera == CARIBBEAN
    gif = tmp_path / "map.gif"
    assert main(["timelapse", "--query", query, "--step", "week", "--format", "gif",
                 "--out", str(gif)]) == 0  # fmt: skip
    assert len(made) > 2 and all(frame.camera == CARIBBEAN for frame in made[1:])
