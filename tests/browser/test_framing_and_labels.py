"""The map frames what it shows and fills its panel; no label covers another
label, another actor's marker or a relation's, on either figure, at the projector's size
and full HD, on the desk, in a story and in presentation mode. Measured from
the drawn SVG, not from the figure's data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core.describe import actor_label
from dashboard.core.load import load_dataset
from tests.browser.conftest import Atlas, serve_in_background
from tests.conftest import BUNDLED

SIZES = [(1280, 720), (1920, 1080)]
VIEWS = {
    "overview": "",
    "story": "?story=guacamaya&step=5",
    "present": "?present=1",
    "present-story": "?story=guacamaya&step=3&present=1",
    # "Russia" lay across the United States' conflictual line to Maduro
    "present-story-2019": "?story=guacamaya&step=1&present=1",
    # "Putin" sat on the ring round him
    "focus": "?kinds=call&focus=putin&depth=1",
}
#: the fewest names each view shows (most show eight and more)
FEWEST_NAMES = {"focus": 2}

#: Every actor marker (path.point of a trace of actors), every label (non-blank
#: SVG text) with the index of its own marker, in px. The names beside their
#: markers are one trace whose invisible points sit on their actors' markers.
_DRAWN = """(id) => {
    const plot = document.querySelector('#' + id + ' .js-plotly-plot');
    const box = (e) => { const r = e.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    // where a point is drawn (its box's middle is not a triangle's)
    const at = (p) => p.getAttribute('transform');
    const markers = [], places = [], labels = [], relations = [], rings = [];
    for (const layer of plot.querySelectorAll('.scatterlayer .trace')) {
        const trace = layer.__data__ && layer.__data__[0] && layer.__data__[0].trace;
        if (!trace) { continue; }
        const points = [...layer.querySelectorAll('path.point')];
        const kind = (trace.customdata || []).length > 0 && trace.customdata[0][0];
        if (kind === 'actor') {
            points.forEach((p) => { markers.push(box(p)); places.push(at(p)); });
        }
        if (kind === 'relation') { points.forEach((p) => relations.push(box(p))); }
        if (trace.name === 'anchors') { points.forEach((p) => rings.push(box(p))); }
        if (!(trace.mode || '').includes('text')) { continue; }
        // a point's text sits in the point's own group, in the points' order
        [...layer.querySelectorAll('text')].forEach((t, i) => {
            if (!t.textContent.trim()) { return; }
            const own = trace.name === 'names' ? places.indexOf(at(points[i])) : -1;
            labels.push({text: t.textContent, box: box(t), own});
        });
    }
    return {markers, labels, relations, rings};
}"""


def boxes_overlap(a, b, slack: float = 1.0) -> bool:
    """Whether boxes (left, top, right, bottom) overlap by more than ``slack`` px."""
    return (
        a[0] < b[2] - slack
        and b[0] < a[2] - slack
        and a[1] < b[3] - slack
        and b[1] < a[3] - slack
    )


def _collisions(drawn: dict) -> list[tuple[str, str]]:
    """Pairs of labels that overlap, and labels over another actor's marker,
    over a relation's (the marker that names it on hover and click) or over
    the ring round a focus."""
    labels, markers = drawn["labels"], drawn["markers"]
    found = []
    for number, label in enumerate(labels):
        for other in labels[number + 1 :]:
            if boxes_overlap(label["box"], other["box"]):
                found.append((label["text"], other["text"]))
        for index, marker in enumerate(markers):
            if index != label["own"] and boxes_overlap(label["box"], marker):
                found.append((label["text"], f"marker {index}"))
        for index, marker in enumerate(drawn["relations"]):
            if boxes_overlap(label["box"], marker):
                found.append((label["text"], f"relation marker {index}"))
        for index, ring in enumerate(drawn["rings"]):  # its own actor's too
            if boxes_overlap(label["box"], ring):
                found.append((label["text"], f"ring {index}"))
    return found


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_labels_never_collide(screen, view):
    atlas = screen.open(VIEWS[view])
    width = atlas.page.viewport_size["width"]
    for graph in ("geo-map", "network-graph"):
        drawn = atlas.page.evaluate(_DRAWN, graph)
        assert len(drawn["labels"]) >= FEWEST_NAMES.get(view, 8), (graph, drawn)
        assert drawn["rings"] or view != "focus", graph  # the ring is there
        assert _collisions(drawn) == [], graph
        if graph == "network-graph" and view in ("overview", "present"):
            # all fourteen at full strength: each named (Turkish Airlines, at
            # the right end when presenting at 1280x720, was not)
            assert len({label["text"] for label in drawn["labels"]}) == 14
    atlas.screenshot(f"labels-{view}-{width}")
    assert atlas.console_errors == []


#: The map's actor markers by id and its names on leader lines, in px.
_AWAY = """() => {
    const plot = document.querySelector('#geo-map .js-plotly-plot');
    const box = (e) => { const r = e.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    const markers = {}, away = [];
    for (const layer of plot.querySelectorAll('.scatterlayer .trace')) {
        const trace = layer.__data__ && layer.__data__[0] && layer.__data__[0].trace;
        if (!trace) { continue; }
        const data = trace.customdata || [];
        if (data.length && data[0][0] === 'actor') {
            layer.querySelectorAll('path.point').forEach((p, i) => {
                markers[data[i][1]] = box(p); });
        }
        if (trace.name === 'labels') {
            layer.querySelectorAll('text').forEach((t) => {
                if (t.textContent.trim()) { away.push([t.textContent, box(t)]); } });
        }
    }
    return {markers, away};
}"""


def _gap(box, marker) -> float:
    """From a marker's edge (its box's middle, half its width out) to a box."""
    x, y = (marker[0] + marker[2]) / 2, (marker[1] + marker[3]) / 2
    across = max(box[0] - x, x - box[2], 0)
    down = max(box[1] - y, y - box[3], 0)
    return (across**2 + down**2) ** 0.5


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
@pytest.mark.parametrize(
    "query", ["?start=2025-11-01&end=2025-11-11&present=1", "", "?present=1"]
)
def test_a_map_name_on_a_leader_line_sits_nearer_its_own_marker(screen, query):
    """Presenting at 1280, 1-11 Nov 2025: "Lukashenko" went down a long line
    from Minsk to just under Turkey's marker, and read as Turkey's."""
    actors = load_dataset(BUNDLED).actors
    ids_of = {actor_label(row): row["id"] for _, row in actors.iterrows()}
    drawn = screen.open(query).page.evaluate(_AWAY)
    markers = drawn["markers"]
    for text, box in drawn["away"]:
        own = markers[ids_of[text]]
        reach = _gap(box, own)
        nearer = [
            other
            for other, marker in markers.items()
            if marker != own
            and _gap(box, marker) - (marker[2] - marker[0]) / 2 < reach / 2
        ]
        assert nearer == [], (text, query)


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
@pytest.mark.parametrize("view", ["overview", "present"])
def test_the_map_frames_its_actors_and_fills_its_panel(screen, view):
    atlas = screen.open(VIEWS[view])
    found = atlas.page.evaluate(
        """() => {
            const plot = document.querySelector('#geo-map .js-plotly-plot');
            const map = plot.querySelector('.geo .bg rect').getBoundingClientRect();
            const size = plot._fullLayout._size;
            const actors = [];
            for (const layer of plot.querySelectorAll('.scatterlayer .trace')) {
                const trace = layer.__data__ && layer.__data__[0] && layer.__data__[0].trace;
                const data = trace && trace.customdata || [];
                if (!data.length || data[0][0] !== 'actor') { continue; }
                for (const p of layer.querySelectorAll('path.point')) {
                    const r = p.getBoundingClientRect();
                    actors.push([r.left + r.width / 2, r.top + r.height / 2]);
                }
            }
            return {map: [map.left, map.top, map.right, map.bottom],
                    panel: [size.w, size.h], actors};
        }"""
    )
    left, top, right, bottom = found["map"]
    panel_w, panel_h = found["panel"]
    # the drawn map covers its panel: no empty bands above and below
    assert (right - left) * (bottom - top) >= 0.9 * panel_w * panel_h, found
    # every actor inside the map's visible extent
    assert len(found["actors"]) == 14
    outside = [
        (x, y)
        for x, y in found["actors"]
        if not (left <= x <= right and top <= y <= bottom)
    ]
    assert outside == []
    # framed: the actors spread over the map, not huddled in a corner of an ocean
    xs = [x for x, _ in found["actors"]]
    assert max(xs) - min(xs) >= 0.6 * (right - left)


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
@pytest.mark.parametrize("view", ["overview", "present"])
def test_each_legend_sits_below_its_plot_inside_its_panel(screen, view):
    atlas = screen.open(VIEWS[view])
    for graph in ("geo-map", "network-graph"):
        found = atlas.page.evaluate(
            """(id) => {
                const plot = document.querySelector('#' + id + ' .js-plotly-plot');
                const size = plot._fullLayout._size;
                const top = plot.getBoundingClientRect().top;
                const legend = plot.querySelector('.legend').getBoundingClientRect();
                return {plot_bottom: top + size.t + size.h,
                        figure_bottom: top + plot._fullLayout.height,
                        legend: [legend.top, legend.bottom]};
            }""",
            graph,
        )
        legend_top, legend_bottom = found["legend"]
        # under the plot, not over the map or the network, and not cut off
        assert legend_top >= found["plot_bottom"] - 1, (graph, found)
        assert legend_bottom <= found["figure_bottom"] + 1, (graph, found)


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_fit_brings_back_the_frame_after_a_users_zoom(screen):
    atlas = screen.open()
    scale = """() => document.querySelector('#geo-map .js-plotly-plot')
        ._fullLayout.geo.projection.scale"""
    assert atlas.page.evaluate(scale) == 1

    def zoom_in():  # as a user does: the mouse wheel over the map
        box = atlas.page.locator("#geo-map .geo .bg rect").bounding_box()
        atlas.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(3):
            atlas.page.mouse.wheel(0, -200)
            atlas.page.wait_for_timeout(100)
        atlas.page.wait_for_timeout(300)

    framed = atlas.page.evaluate(_LOOKING)
    zoom_in()  # then drawn there, its names placed again: the width tells
    zoomed = atlas.page.evaluate(_LOOKING)
    assert zoomed["width"] < framed["width"] / 1.2, zoomed
    # the user's zoom is kept while the window changes (drawn there anew)
    atlas.page.get_by_role("button", name="2025", exact=True).click()
    atlas.settle()
    kept = atlas.page.evaluate(_LOOKING)
    for key in ("lon", "lat", "width"):
        assert kept[key] == pytest.approx(zoomed[key], abs=0.05), key
    atlas.page.click("#map-fit")
    atlas.page.wait_for_timeout(300)
    assert atlas.page.evaluate(scale) == 1
    # a selection frames the map again, after a user's zoom too
    zoom_in()
    assert atlas.page.evaluate(_LOOKING)["width"] < framed["width"] / 1.2
    atlas.click_point("network-graph", "actor", "lukashenko")
    assert atlas.page.evaluate(scale) == 1


#: Where the map looks as plotly.js shows it: its centre, how far it is zoomed
#: and the width of the world it shows (degrees of longitude).
_LOOKING = """() => {
    const plot = document.querySelector('#geo-map .js-plotly-plot');
    const geo = plot._fullLayout.geo, range = geo.lonaxis.range;
    return {lon: geo.center.lon, lat: geo.center.lat, scale: geo.projection.scale,
            width: (range[1] - range[0]) / geo.projection.scale,
            camera: !!(plot.layout.meta && plot.layout.meta.fit)};
}"""


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_a_link_opens_the_map_where_the_user_took_it(screen, browser):
    """Copy link, the images and the next windows kept the map's zoom only in
    the page that made it: a colleague's link opened on the whole frame."""
    atlas = screen.open("?start=2025-11-01&end=2025-12-11")
    framed = atlas.page.evaluate(_LOOKING)
    box = atlas.page.locator("#geo-map .geo .bg rect").bounding_box()
    atlas.page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    for _ in range(3):
        atlas.page.mouse.wheel(0, -200)
        atlas.page.wait_for_timeout(100)
    atlas.page.wait_for_function(
        "() => location.search.includes('map=')", timeout=5_000
    )
    atlas.settle()
    zoomed = atlas.page.evaluate(_LOOKING)
    # drawn where the zoom settled (its names placed for that scale)
    assert zoomed["width"] < framed["width"] / 1.2 and zoomed["camera"], zoomed
    link = atlas.page.url
    assert "start=2025-11-01" in link
    atlas.screenshot("camera-zoomed-720p")

    # the next window is drawn there, and the address keeps it
    atlas.page.get_by_role("button", name="2025", exact=True).click()
    atlas.settle()
    moved = atlas.page.evaluate(_LOOKING)
    assert moved["camera"] and "map=" in atlas.page.url
    assert moved["width"] == pytest.approx(zoomed["width"], abs=0.05)

    # a colleague opens the link: the same part of the world, as wide
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        other = Atlas(context.new_page(), atlas.base_url)
        other.page.goto(link)
        other.wait_drawn()
        opened = other.page.evaluate(_LOOKING)
        assert opened["camera"] and opened["scale"] == 1
        for key in ("lon", "lat", "width"):
            assert opened[key] == pytest.approx(zoomed[key], abs=0.05), key
        other.screenshot("camera-opened-720p")
        assert other.console_errors == []
        # Fit frames the actors again, and the address forgets the camera
        other.page.click("#map-fit")
        other.page.wait_for_function(
            "() => !location.search.includes('map=')", timeout=5_000
        )
        fitted = other.page.evaluate(_LOOKING)
        assert fitted["width"] > opened["width"] + 10
        assert "start=2025-11-01" in other.page.url
    finally:
        context.close()
    assert atlas.console_errors == []


#: How many degrees of longitude the map shows across its plot, measured
#: on the projection plotly.js draws with, at the map's centre.
_SHOWN_DEGREES = """() => {
    const plot = document.querySelector('#geo-map .js-plotly-plot');
    const geo = plot._fullLayout.geo, project = geo._subplot.projection;
    const c = geo.center, step = 1;
    const dx = project([c.lon + step, c.lat])[0] - project([c.lon - step, c.lat])[0];
    const width = Number(plot.querySelector('.geo .bg rect').getAttribute('width'));
    return {lon: c.lon, degrees: width / (dx / (2 * step))};
}"""


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_a_map_panned_to_the_pacific_keeps_its_frame_when_the_window_moves(screen):
    """After a pan towards the Pacific, the next window drew the whole world
    in a thin strip: the kept view's box of axes' ranges, from before the
    pan, was laid on a map drawn on the pan's new centre."""
    atlas = screen.open()
    box = atlas.page.locator("#geo-map .geo .bg rect").bounding_box()
    y = box["y"] + box["height"] * 0.85  # the southern ocean: no marker there
    atlas.page.mouse.move(box["x"] + box["width"] * 0.1, y)
    atlas.page.mouse.down()
    atlas.page.mouse.move(box["x"] + box["width"] * 0.9, y, steps=20)
    atlas.page.mouse.up()
    atlas.page.wait_for_function(
        "() => location.search.includes('map=')", timeout=5_000
    )
    atlas.settle()
    panned = atlas.page.evaluate(_SHOWN_DEGREES)
    assert abs(panned["lon"]) > 90, panned  # centred on the Pacific half
    atlas.page.get_by_role("button", name="2025", exact=True).click()
    atlas.settle()
    atlas.page.wait_for_timeout(300)
    moved = atlas.page.evaluate(_SHOWN_DEGREES)
    atlas.screenshot("camera-panned-pacific-next-window-720p")
    assert moved["lon"] == pytest.approx(panned["lon"], abs=0.1)
    assert moved["degrees"] == pytest.approx(panned["degrees"], rel=0.02)
    assert atlas.console_errors == []


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_names_are_placed_again_once_a_wheel_zoom_settles(screen):
    """Zoomed out with the mouse wheel, the map kept the names placed for
    the closer view: Minsk's and Moscow's names lay on one another until the
    window moved."""
    atlas = screen.open("?map=32,52,24")  # close in on Minsk, Moscow, Ankara
    close = atlas.page.evaluate(_DRAWN, "geo-map")
    assert len(close["labels"]) >= 4 and _collisions(close) == [], close
    box = atlas.page.locator("#geo-map .geo .bg rect").bounding_box()
    atlas.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(6):  # out, a notch at a time, as a hand turns it
        atlas.page.mouse.wheel(0, 200)
        atlas.page.wait_for_timeout(80)
    atlas.page.wait_for_timeout(1_000)
    atlas.settle()
    wide = atlas.page.evaluate(_LOOKING)
    assert wide["width"] > 60, wide  # zoomed out, and drawn where it looks
    assert wide["camera"] and wide["scale"] == 1, wide
    assert _collisions(atlas.page.evaluate(_DRAWN, "geo-map")) == []
    atlas.screenshot("names-after-wheel-zoom-720p")
    assert atlas.console_errors == []


#: The relations a figure draws (the ids its relation markers stand for).
_RELATIONS_DRAWN = """(id) => {
    const plot = document.querySelector('#' + id + ' .js-plotly-plot');
    const found = new Set();
    for (const trace of plot.data) {
        for (const item of trace.customdata || []) {
            if (item && item[0] === 'relation') {
                item[1].split('|').forEach((one) => found.add(one));
            }
        }
    }
    return [...found].sort();
}"""


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_a_settled_zooms_late_map_gives_way_to_a_new_window(screen):
    """The map drawn where a zoom settled came late (a slow server) after a
    click on "2019": it drew 2019-2025 under a header and a network of
    2019, until the next change."""
    atlas = screen.open()
    held = []

    def hold_the_settled_map(route):
        body = json.loads(route.request.post_data or "{}")
        if body.get("changedPropIds") == ["map-settled.data"]:
            held.append(route)
        else:
            route.continue_()

    atlas.page.route("**/_dash-update-component*", hold_the_settled_map)
    box = atlas.page.locator("#geo-map .geo .bg rect").bounding_box()
    atlas.page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] / 2)
    for _ in range(3):
        atlas.page.mouse.wheel(0, -200)
        atlas.page.wait_for_timeout(80)
    for _ in range(50):  # asked for 400 ms after the last step
        if held:
            break
        atlas.page.wait_for_timeout(100)
    assert len(held) == 1
    atlas.page.get_by_role("button", name="2019", exact=True).click()
    atlas.page.wait_for_function(
        "() => document.querySelector('#header-window').innerText.includes('2019')"
        " && !document.querySelector('#header-window').innerText.includes('2025')",
        timeout=10_000,
    )
    atlas.page.wait_for_timeout(500)
    held[0].continue_()  # the settled map's answer, after the window's
    atlas.page.wait_for_timeout(1_000)
    atlas.settle()
    on_map = atlas.page.evaluate(_RELATIONS_DRAWN, "geo-map")
    assert on_map == atlas.page.evaluate(_RELATIONS_DRAWN, "network-graph")
    assert 0 < len(on_map) < 5, on_map  # 2019's, not every year's
    assert atlas.console_errors == []


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_a_map_a_window_drew_where_the_zoom_ended_is_not_drawn_again(screen):
    """A window asked for as a zoom ended is drawn at its camera: the map
    asked for once the zoom settled was the same map, sent twice."""
    atlas = screen.open()
    settled = []

    def count(request):
        if request.url.split("?")[0].endswith("/_dash-update-component"):
            body = json.loads(request.post_data or "{}")
            if body.get("changedPropIds") == ["map-settled.data"]:
                settled.append(body)

    box = atlas.page.locator("#geo-map .geo .bg rect").bounding_box()
    atlas.page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] / 2)
    atlas.page.on("request", count)
    for _ in range(3):
        atlas.page.mouse.wheel(0, -200)
        atlas.page.wait_for_timeout(80)
    atlas.page.get_by_role("button", name="2025", exact=True).click()  # at once
    atlas.page.wait_for_timeout(2_000)
    atlas.settle()
    looking = atlas.page.evaluate(_LOOKING)
    assert looking["camera"] and looking["scale"] == 1, looking  # drawn there
    assert settled == []
    # a zoom on its own is drawn again where it settles, once
    atlas.page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] / 2)
    for _ in range(2):
        atlas.page.mouse.wheel(0, 200)
        atlas.page.wait_for_timeout(80)
    atlas.page.wait_for_timeout(2_000)
    atlas.settle()
    assert len(settled) == 1
    assert atlas.console_errors == []


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_a_pan_begun_on_a_marker_selects_nothing(screen):
    """plotly.js took a press on a marker and a release 120 px away as a
    click on it: a pan begun on Maduro selected him, and a path view's
    details card left its Path tab."""
    atlas = screen.open("?path=lukashenko,trump&tab=path")
    markers = {actor: (x, y) for x, y, actor in atlas.page.evaluate(_ACTOR_MARKERS)}
    x, y = markers["maduro"]
    atlas.page.mouse.move(x, y)
    atlas.page.wait_for_timeout(300)  # hovered, as a user's pointer would be
    atlas.page.mouse.down()
    atlas.page.mouse.move(x + 120, y + 10, steps=12)
    atlas.page.mouse.up()
    atlas.page.wait_for_function(
        "() => location.search.includes('map=')", timeout=5_000
    )
    atlas.settle()
    assert "focus=" not in atlas.page.url and "relation=" not in atlas.page.url
    assert "tab=path" in atlas.page.url or "tab=" not in atlas.page.url
    assert atlas.page.locator("#panel-tabs input:checked").input_value() == "path"
    # a click, the mouse still, selects as ever
    markers = {actor: (x, y) for x, y, actor in atlas.page.evaluate(_ACTOR_MARKERS)}
    atlas.page.mouse.click(*markers["maduro"])
    atlas.page.wait_for_function(
        "() => location.search.includes('maduro')", timeout=5_000
    )
    assert atlas.console_errors == []


#: Each arrowhead drawn on a figure: [the way its triangle points, the way
#: its arc goes on screen at its tip, from the point before it in the arc's
#: own line], in degrees clockwise from up. Read from what plotly.js drew:
#: each marker's path and the figure's projection (map) or axes (graph).
_ARROWHEADS = """(id) => {
    const plot = document.querySelector('#' + id + ' .js-plotly-plot');
    const full = plot._fullLayout;
    const geo = full.geo && full.geo._subplot;
    const toScreen = geo ? geo.projection
        : ([x, y]) => [full.xaxis.c2p(x), full.yaxis.c2p(y)];
    const xs = t => t.lon || t.x, ys = t => t.lat || t.y;
    const before = new Map();
    for (const trace of plot.data) {
        if (trace.mode !== 'lines' || !xs(trace)) { continue; }
        const x = xs(trace), y = ys(trace);
        for (let i = 1; i < x.length; i++) {
            if (x[i] !== null && x[i - 1] !== null) {
                before.set(x[i] + ',' + y[i], [x[i - 1], y[i - 1]]);
            }
        }
    }
    const layers = [...plot.querySelectorAll('.scatterlayer .trace')];
    const found = [];
    plot.data.forEach((trace, index) => {
        if (!trace.marker || !trace.marker.angleref) { return; }
        const layer = layers.find(l => l.__data__ && l.__data__[0] &&
            l.__data__[0].trace.index === index);
        layer.querySelectorAll('path.point').forEach(point => {
            const d = point.__data__;
            const at = d.lonlat || [d.x, d.y];
            const back = before.get(at[0] + ',' + at[1]);
            if (!d.mrc || !back) { return; }  // a tip's point before it, at size 0
            const corners = point.getAttribute('d').match(/-?[0-9.]+(e-?[0-9]+)?/g)
                .map(Number);
            let apex = [0, -1];  // a triangle not turned
            if (!point.getAttribute('d').includes('H')) {
                const v = [0, 2, 4].map(i => [corners[i], corners[i + 1]]);
                const side = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
                const sides = [side(v[1], v[2]), side(v[0], v[2]), side(v[0], v[1])];
                const k = sides.indexOf(Math.max(...sides));
                const base = v.filter((_, i) => i !== k);
                apex = [0, 1].map(i => v[k][i] - (base[0][i] + base[1][i]) / 2);
            }
            const from = toScreen(back), to = toScreen(at);
            found.push([
                Math.atan2(apex[0], -apex[1]) * 180 / Math.PI,
                Math.atan2(to[0] - from[0], -(to[1] - from[1])) * 180 / Math.PI,
            ]);
        });
    });
    return found;
}"""


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_arrowheads_point_along_their_arcs(screen):
    """On the map (turned by each arc's bearing) and on the graph (turned by
    plotly.js along the step before the tip), every arrowhead points the way
    its arc goes, after a user's zoom too. On the map they all pointed east
    while plotly.js turned them: it cannot on a map."""
    atlas = screen.open()

    def turns(figure):
        drawn = atlas.page.evaluate(_ARROWHEADS, figure)
        assert len(drawn) >= 5, figure
        return [abs((apex - arc + 180) % 360 - 180) for apex, arc in drawn]

    assert max(turns("geo-map")) < 3
    assert max(turns("network-graph")) < 3
    box = atlas.page.locator("#geo-map .geo .bg rect").bounding_box()
    atlas.page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    for _ in range(3):
        atlas.page.mouse.wheel(0, -200)
        atlas.page.wait_for_timeout(100)
    atlas.page.wait_for_timeout(300)
    assert max(turns("geo-map")) < 3


@pytest.mark.parametrize("screen", [(1920, 1080)], indirect=True, ids=["1080p"])
def test_the_legends_and_the_key_list_only_what_is_shown(screen):
    atlas = screen.open("?kinds=threat,sanctions,pressure,military+pressure")
    for graph in ("geo-map", "network-graph"):
        names = atlas.page.evaluate(
            """(id) => [...document.querySelectorAll('#' + id + ' .legend .traces text')]
                .map(t => t.textContent)""",
            graph,
        )
        assert "conflictual" in names and "cooperative" not in names, names
        assert "neutral" not in names, names
    key = atlas.page.evaluate(
        """() => [...document.querySelectorAll('#geo-map .legend .traces text')]
            .map(t => t.textContent)"""
    )
    assert {"Venezuela", "United States"} <= set(key), key


@pytest.fixture(scope="module")
def crowd_url(tmp_path_factory):
    """A server on 20,000 generated relations among 2,000 actors, and the
    busiest actor's id and label."""
    directory = tmp_path_factory.mktemp("crowd")
    assert main(["generate", "--relations", "20000", "--actors", "2000", "--seed", "5",
                 "--out", str(directory)]) == 0  # fmt: skip
    dataset = load_dataset(directory)
    relations = dataset.relations
    busiest = pd.concat([relations["source"], relations["target"]]).value_counts()
    actor = busiest.index[0]
    row = dataset.actors.set_index("id").loc[actor]
    label = actor_label({"id": actor, **row.to_dict()})
    process, url = serve_in_background(directory)
    yield url, actor, label
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("screen", SIZES, indirect=True, ids=["720p", "1080p"])
def test_a_selected_actor_is_named_on_both_figures_in_a_crowd(screen, crowd_url):
    url, actor, label = crowd_url
    atlas = Atlas(screen.page, url).open(f"?focus={actor}")
    for graph in ("geo-map", "network-graph"):
        drawn = atlas.page.evaluate(_DRAWN, graph)
        named = [item for item in drawn["labels"] if item["text"] == label]
        assert named, (graph, label)
        # whole, inside the figure, and clear of every other label
        area = atlas.page.locator(f"#{graph} .js-plotly-plot").bounding_box()
        left, top, right, bottom = named[0]["box"]
        assert left >= area["x"] - 1 and right <= area["x"] + area["width"] + 1
        assert top >= area["y"] - 1 and bottom <= area["y"] + area["height"] + 1
        others = [item["box"] for item in drawn["labels"] if item is not named[0]]
        assert not any(boxes_overlap(named[0]["box"], box) for box in others), graph
    width = atlas.page.viewport_size["width"]
    atlas.screenshot(f"crowd-selected-{width}")


#: The middle of each actor's marker the map draws (page pixels), and its id.
_ACTOR_MARKERS = """() => {
    const plot = document.querySelector('#geo-map .js-plotly-plot');
    const found = [];
    for (const layer of plot.querySelectorAll('.scatterlayer .trace')) {
        const trace = layer.__data__ && layer.__data__[0] && layer.__data__[0].trace;
        if (!trace || !trace.customdata || trace.mode !== 'markers') { continue; }
        layer.querySelectorAll('path.point').forEach(point => {
            const data = trace.customdata[point.__data__.i];
            if (!data || data[0] !== 'actor') { return; }
            const box = point.getBoundingClientRect();
            if (!box.width) { return; }
            found.push([box.x + box.width / 2, box.y + box.height / 2, data[1]]);
        });
    }
    return found;
}"""


@pytest.fixture(scope="module")
def small_crowd_url(tmp_path_factory):
    """A server on 300 generated relations among 150 actors: at most 300
    arcs, each drawn with its marker off the actors' (`MANY`)."""
    directory = tmp_path_factory.mktemp("small-crowd")
    assert main(["generate", "--relations", "300", "--actors", "150", "--seed", "5",
                 "--out", str(directory)]) == 0  # fmt: skip
    process, url = serve_in_background(directory)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_the_pointer_on_an_actors_marker_gets_that_actor_in_a_crowd(
    screen, small_crowd_url
):
    """plotly.js gives a pointer inside two markers on a map to the smaller:
    an arc's marker on an actor's square took its hover and its click (a
    click on Samoa opened a relation between two actors in Suva). Arcs'
    markers now sit off the actors' markers (in views of up to 300 arcs)."""
    atlas = Atlas(screen.page, small_crowd_url).open()
    atlas.page.evaluate(
        """() => { const plot = document.querySelector('#geo-map .js-plotly-plot');
        plot.on('plotly_hover', event => {
            window.atlasHovered = event.points[0].customdata; }); }"""
    )
    markers = atlas.page.evaluate(_ACTOR_MARKERS)
    assert len(markers) >= 40
    others = []
    for x, y, actor in markers[:60]:
        atlas.page.evaluate("() => { window.atlasHovered = null; }")
        atlas.page.mouse.move(x, y)
        atlas.page.wait_for_timeout(60)
        hovered = atlas.page.evaluate("() => window.atlasHovered")
        if hovered and hovered[0] != "actor":
            others.append((actor, hovered))
    assert others == []


@pytest.fixture(scope="module")
def pacific_url(tmp_path_factory):
    """A server on three island states either side of the antimeridian, an
    organisation in Paris and one with no country (no place on the map)."""
    directory = tmp_path_factory.mktemp("pacific")
    (directory / "actors.csv").write_text(
        "id,name,kind,country\nfiji,Fiji,state,FJI\nsamoa,Samoa,state,WSM\n"
        "tonga,Tonga,state,TON\nparis,Paris Club,organization,FRA\n"
        "forum,Pacific Forum,organization,\n"
    )
    quote = "Fiji and Samoa agreed"
    rows = [("p0", "paris", "fiji", "06-01"), ("p4", "forum", "tonga", "06-02"),
            ("p1", "fiji", "samoa", "06-01"),
            ("p2", "samoa", "tonga", "06-02"), ("p3", "tonga", "fiji", "06-03")]  # fmt: skip
    (directory / "relations.csv").write_text(
        "id,source,target,kind,start,summary,reported_by,source_document,quote,"
        "confidence\n"
        + "".join(
            f"{id_},{a},{b},agreement,2025-{day},{quote}.,Test,Test,{quote},confirmed\n"
            for id_, a, b, day in rows
        )
    )
    process, url = serve_in_background(directory)
    yield url
    process.terminate()
    process.wait(timeout=10)


#: The map's drawn box, each arc's box and each actor marker's middle, px.
_ARCS = """() => {
    const plot = document.querySelector('#geo-map .js-plotly-plot');
    const box = (e) => { const r = e.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    const arcs = [], actors = [];
    for (const layer of plot.querySelectorAll('.scatterlayer .trace')) {
        const trace = layer.__data__ && layer.__data__[0] && layer.__data__[0].trace;
        if (!trace) { continue; }
        if (trace.mode === 'lines') {
            layer.querySelectorAll('path.js-line').forEach((p) => arcs.push(box(p)));
        }
        if ((trace.customdata || []).length && trace.customdata[0][0] === 'actor') {
            layer.querySelectorAll('path.point').forEach((p) => actors.push(box(p)));
        }
    }
    return {map: box(plot.querySelector('.geo .bg rect')), arcs, actors,
            scale: plot._fullLayout.geo.projection.scale};
}"""


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_islands_either_side_of_the_antimeridian_are_drawn_close_in(
    screen, pacific_url
):
    """Fiji, Samoa and Tonga, 10 degrees apart across the antimeridian: the
    map took the whole world and drew Fiji to Samoa round it, through
    Africa. It is now framed on them, each arc short; a user's zoom is kept
    as the window moves, on this frame too."""
    atlas = Atlas(screen.page, pacific_url).open("?actors=state")
    found = atlas.page.evaluate(_ARCS)
    left, top, right, bottom = found["map"]
    width = right - left
    # the arcs of a look share a line (its path holds them all, a gap between)
    arcs = [arc for arc in found["arcs"] if arc[2] > arc[0]]
    assert len(found["actors"]) == 3 and arcs
    assert atlas.page.locator("#map-drawn").inner_text() == ""  # every one drawn
    xs = [(a[0] + a[2]) / 2 for a in found["actors"]]
    # framed on them (10 degrees of the narrowest view's 40), not the world (3%)
    assert max(xs) - min(xs) >= 0.2 * width
    for arc in arcs:  # between the islands: none round the world
        assert min(xs) - 10 <= arc[0] and arc[2] <= max(xs) + 10, (arc, found)
    atlas.screenshot("pacific-720p")

    box = atlas.page.locator("#geo-map .geo .bg rect").bounding_box()
    atlas.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    atlas.page.mouse.wheel(0, -200)
    atlas.page.wait_for_timeout(400)
    zoomed = atlas.page.evaluate(_ARCS)
    assert zoomed["scale"] > 1.1
    # with the organisation in Paris, the frame would be Greenwich's: the
    # user's view of the Pacific is kept (its box too: Plotly zooms in the
    # box of the axes' ranges, and the kept zoom in Greenwich's box showed
    # the world)
    looking = atlas.page.evaluate(_LOOKING)
    atlas.page.get_by_role("checkbox", name="organization").check()
    atlas.settle()
    kept = atlas.page.evaluate(_ARCS)
    drawn = atlas.page.evaluate(_LOOKING)
    for key in ("lon", "lat", "width"):
        assert drawn[key] == pytest.approx(looking[key], abs=0.05), key
    assert len(kept["actors"]) == 4  # the forum has no place: named instead
    note = atlas.page.locator("#map-drawn")
    assert note.inner_text() == "not on the map, no known place: Pacific Forum"
    assert note.is_visible()
    islands = sorted(a[0] for a in kept["actors"])[:3]  # Paris: off the view
    assert islands == pytest.approx(sorted(a[0] for a in zoomed["actors"]), abs=2)


#: Each relation marker's middle (px) by relation id, and the map's box.
_MIDDLES = """() => {
    const plot = document.querySelector('#geo-map .js-plotly-plot');
    const r = plot.querySelector('.geo .bg rect').getBoundingClientRect();
    const middles = {};
    for (const layer of plot.querySelectorAll('.scatterlayer .trace')) {
        const trace = layer.__data__ && layer.__data__[0] && layer.__data__[0].trace;
        if (!trace || trace.mode !== 'markers') { continue; }
        const points = layer.querySelectorAll('path.point');
        (trace.customdata || []).forEach((item, i) => {
            if (item && item[0] === 'relation' && points[i]) {
                const p = points[i].getBoundingClientRect();
                for (const id of item[1].split('|')) { middles[id] = p.x + p.width / 2; }
            }
        });
    }
    return {middles, left: r.left, width: r.width};
}"""


@pytest.mark.parametrize("screen", [(1280, 720)], indirect=True, ids=["720p"])
def test_an_arc_across_the_edge_of_a_greenwich_map_goes_the_short_way(
    screen, pacific_url
):
    """With Paris on the map, the map is centred on Greenwich: Fiji (178 E)
    to Samoa (172 W) was drawn 350 degrees round the world, through Africa,
    its middle in the middle of the map. It goes the short way, across the
    map's edge: its middle at an edge, as Tonga to Fiji's. Paris to Fiji
    keeps its way east."""
    atlas = Atlas(screen.page, pacific_url).open()
    found = atlas.page.evaluate(_MIDDLES)
    where = {
        relation: (x - found["left"]) / found["width"]
        for relation, x in found["middles"].items()
    }
    assert {"p0", "p1"} <= where.keys(), where
    # Fiji to Samoa, Tonga to Fiji: at an edge; Tonga to Fiji's arc may lie
    # wholly under the two islands' markers at this zoom, and then has no
    # marker of its own (it took the islands' clicks)
    for across in ("p1", "p3"):
        if across in where:
            assert min(where[across], 1 - where[across]) < 0.1, (across, where)
    assert 0.3 < where["p0"] < 0.9, where  # Paris to Fiji: over Asia
    atlas.screenshot("pacific-greenwich-720p")
