"""Figure builders: what they draw for the bundled data, windows and selections."""

from __future__ import annotations

import copy
import html
import json
import re
from dataclasses import fields, replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.core.filters import visible
from dashboard.core.graph import active_between
from dashboard.core.places import FIRST_RING, map_places, ring_slots
from dashboard.core.positions import network_positions
from dashboard.core.timeline import day_numbers, overview_axis
from dashboard.core.view import View
from dashboard.figures import make_map_figure, make_network_figure, make_time_bar_figure
from dashboard.figures.common import (
    DEFAULT_SIZE,
    ChangeMarks,
    colour_legend_layout,
    legend_margin,
)
from dashboard.figures.geoframe import mercator_y
from dashboard.figures.geometry import curves
from dashboard.figures.labels import text_width
from dashboard.figures.map import group_for_map
from dashboard.figures.pair import make_pair_timeline_figure
from dashboard.figures.scene import make_scene
from dashboard.figures.style import bloc_colours
from dashboard.figures.theme import DARK, LIGHT, Theme, theme_for
from dashboard.figures.timebar import (
    DETAIL_TRACES,
    EMPTY_NOTE,
    OVERVIEW_TRACES,
    SPLIT_SHAPES,
    STRIP_TRACE,
    detail_counts,
    overview_counts,
    time_bar_parts,
)
from dashboard.outputs.slides import (
    SlideWords,
    plot_size,
    slide_figure,
    slide_frame,
    slide_theme,
)


@pytest.fixture(scope="module")
def data(bundled_dataset):
    """The bundled data set, loaded once per run (tests/conftest.py)."""
    return bundled_dataset


@pytest.fixture(scope="module")
def positions(data):
    return network_positions(data.actors, data.relations)


def drawn(figure: dict, kind: str) -> set[str]:
    ids = set()
    for trace in figure["data"]:
        for item in trace.get("customdata", []):
            if item[0] == kind:
                ids.update(item[1].split("|"))
    return ids


def alpha(colour: str) -> float:
    return float(colour.rsplit(",", 1)[1].rstrip(")"))


def test_network_draws_every_actor_and_only_window_relations(data, positions):
    window = active_between(data.relations, "2019-01-01", "2019-12-31")
    figure = make_network_figure(data.actors, window, positions)
    assert drawn(figure, "relation") == {"r01", "r02"}
    assert drawn(figure, "actor") == set(data.actors["id"])


def test_network_positions_are_stable_across_windows(data, positions):
    def node_xy(figure):
        return {
            item[1]: (x, y)
            for trace in figure["data"]
            for item, x, y in zip(trace.get("customdata", []), trace["x"], trace["y"])
            if item[0] == "actor"
        }

    early = make_network_figure(
        data.actors, active_between(data.relations, "2019", "2019"), positions
    )
    late = make_network_figure(
        data.actors, active_between(data.relations, "2025-12-01", None), positions
    )
    assert node_xy(early) == node_xy(late)


def test_confidence_is_line_style_and_stance_is_colour_and_symbol(data, positions):
    figure = make_network_figure(data.actors, data.relations, positions)
    lines = [
        t
        for t in figure["data"]
        if t.get("mode") == "lines" and t["x"][0] and "dash" in t["line"]
    ]
    dashes = {(t["line"]["dash"], t["line"]["color"]) for t in lines}
    assert ("dot", "rgba(110,110,110,0.9)") in dashes  # speculative negotiation
    assert ("solid", "rgba(0,158,115,0.9)") in dashes  # confirmed cooperative
    symbols = {
        t["marker"]["symbol"] for t in figure["data"] if t.get("name") == "relations"
    }
    assert symbols == {"circle", "diamond", "x"}


def test_every_relation_has_an_arrowhead(data, positions):
    figure = make_network_figure(data.actors, data.relations, positions)
    heads = [t for t in figure["data"] if t.get("marker", {}).get("angleref")]
    colours = [head["marker"]["color"] for head in heads]
    assert len(set(colours)) == len(colours) <= 6  # one trace per colour
    sizes = [size for head in heads for size in head["marker"]["size"]]
    assert sum(1 for size in sizes if size) == len(data.relations)
    # each head follows the point before it, which is drawn at size 0
    assert all(size == 0 for size in sizes[::2]) and all(sizes[1::2])


def test_selection_dims_everything_else(data, positions):
    from dashboard.figures.common import highlighted

    strong = highlighted(data.relations, {"actor": "erdogan"})
    figure = make_network_figure(data.actors, data.relations, positions, strong=strong)
    markers = [t for t in figure["data"] if t.get("name") == "relations"]
    strong = {
        item[1]
        for t in markers
        for item, colour in zip(t["customdata"], each(t["marker"]["color"], t))
        if alpha(colour) == 1
    }
    assert strong == {"r22"}  # Maduro's call with Erdogan


def each(value, trace: dict) -> list:
    """A per-point property of ``trace`` as a list: the figures write one
    value for all its points when they share it (`uniform`)."""
    return value if isinstance(value, list) else [value] * len(trace["customdata"])


def test_markers_that_share_a_colour_send_it_once(data, positions):
    """Nothing dimmed: each stance's relation markers, and each kind's actors,
    share their fill and outline, sent as one value, not one per point; a
    selection dims some, and they are sent per point again."""
    from dashboard.figures.common import highlighted

    plain = make_network_figure(data.actors, data.relations, positions)
    markers = [t for t in plain["data"] if t.get("name") == "relations"]
    assert markers and all(len(t["customdata"]) > 1 for t in markers[:1])
    for trace in markers:
        assert isinstance(trace["marker"]["color"], str)
        assert trace["marker"]["line"]["color"] == trace["marker"]["color"]
    strong = highlighted(data.relations, {"actor": "erdogan"})
    focused = make_network_figure(data.actors, data.relations, positions, strong=strong)
    mixed = [
        t["marker"]["color"] for t in focused["data"] if t.get("name") == "relations"
    ]
    assert any(
        isinstance(colours, list) and len(set(colours)) == 2 for colours in mixed
    )


def test_the_maps_arrowheads_are_one_marker_each_turned_by_bearing(data, positions):
    """The map turns each arrowhead by its bearing from the top (angleref
    "up"; Mercator keeps north up), one marker per arrowhead; the graph, whose axes may be zoomed out of
    proportion, still draws each tip after the point before it (size 0), and
    plotly.js turns it along that step."""
    from dashboard.figures.geoframe import mercator_bearing

    def heads(figure):
        return [
            t
            for t in figure["data"]
            if t.get("marker", {}).get("symbol") == "triangle-up"
            and "angleref" in t["marker"]
        ]

    arcs = make_map_figure(data.actors, data.relations)
    arrows = heads(arcs)
    drawn = sum(
        len(t["customdata"]) for t in arcs["data"] if t.get("name") == "relations"
    )
    assert arrows and sum(len(t["lon"]) for t in arrows) == drawn
    for trace in arrows:
        marker = trace["marker"]
        assert marker["angleref"] == "up"
        assert len(marker["angle"]) == len(marker["size"]) == len(trace["lon"])
        assert min(marker["size"]) > 0
    graph = make_network_figure(data.actors, data.relations, positions)
    for trace in heads(graph):
        assert trace["marker"]["angleref"] == "previous"
        assert list(trace["marker"]["size"][::2]) == [0] * (len(trace["x"]) // 2)
    assert mercator_bearing(27.6, 53.9, -66.9, 10.5) < 0  # Minsk -> Caracas: west


def test_uniform_keeps_a_list_that_differs():
    from dashboard.figures.actors import uniform

    assert uniform(["#fff", "#fff", "#fff"]) == "#fff"
    assert uniform(["#fff", "#000", "#fff"]) == ["#fff", "#000", "#fff"]
    assert uniform([]) == []


def test_parallel_relations_bow_apart(data, positions):
    meetings = data.relations[data.relations["id"].isin(["r05", "r07"])]
    figure = make_network_figure(data.actors, meetings, positions)
    markers = [t for t in figure["data"] if t.get("name") == "relations"]
    middles = {
        item[1]: (x, y)
        for t in markers
        for item, x, y in zip(t["customdata"], t["x"], t["y"])
    }
    assert middles["r05"] != middles["r07"]


def test_map_highlights_the_five_countries(data):
    figure = make_map_figure(data.actors, data.relations)
    choropleth = figure["data"][0]
    assert choropleth["type"] == "choropleth"
    assert sorted(choropleth["locations"]) == ["BLR", "RUS", "TUR", "USA", "VEN"]


def test_map_groups_a_pairs_relations_into_one_wider_arc(data):
    names = dict(zip(data.actors["id"], data.actors["name"]))
    groups = group_for_map(data.relations, names).set_index("id")
    # the two Minsk meetings (same kind of line) share one arc
    assert groups.loc["r05|r07", "width"] > groups.loc["r22", "width"]
    assert "between 21 and 24 Nov 2025" in groups.loc["r05|r07", "hover"]
    assert "between 8 and 11 Dec 2025" in groups.loc["r05|r07", "hover"]
    # Lukashenko-Maduro: four relations drawn as three arcs (stance, confidence),
    # each as wide as the pair's four and each listing all four on hover, two
    # lines each: with their whole quotes they hid the whole map at 1280x720
    pair = groups[groups.index.str.contains("r06|r08|r09|r11", regex=True)]
    assert len(pair) == 3 and pair["width"].nunique() == 1
    quotes = data.relations.set_index("id")["quote"]
    reporters = data.relations.set_index("id")["reported_by"]
    for hover in pair["hover"]:
        title, *lines, click = hover.split("<br>")
        assert title == "<b>Alexander Lukashenko → Nicolás Maduro</b>: 4 relations"
        assert len(lines) == 8 and click.startswith("Click an arc")
        said = {}  # relation: its quote's start and its reporter, as shown
        for line in lines[1::2]:
            quote, _, by = line.partition("</i> · ")
            assert len(quote + by) <= len("<i>“”") + 64
            (relation,) = [r for r in ("r06", "r08", "r09", "r11")
                           if quote.startswith("<i>“" + quotes[r][:20])]  # fmt: skip
            said[relation] = by
        assert said == {r: reporters[r] for r in ("r06", "r08", "r09", "r11")}
    # a relation alone on its arc keeps its whole quote
    assert quotes["r22"][-20:] in groups.loc["r22", "hover"].replace("<br>", " ")


def test_a_map_arc_of_many_relations_lists_the_latest(data):
    one = data.relations[data.relations["id"] == "r22"].iloc[0]
    days = pd.date_range("2025-01-01", periods=9, freq="7D")
    many = pd.DataFrame(
        [
            {**one, "id": f"m{n}", "first": day, "date_label": f"{day:%-d %b %Y}"}
            for n, day in enumerate(days)
        ]
    )
    hover = group_for_map(many, {})["hover"].iloc[0].split("<br>")
    assert hover[1] == "… 5 earlier ones"
    assert [line.split(":")[0] for line in hover[2:-1:2]] == [
        f"{day:%-d %b %Y}" for day in days[5:]
    ]


def test_a_map_arcs_lines_stay_as_narrow_as_a_quote_with_a_long_reporter(data):
    """ICEWS names up to ten publishers as a relation's reporter: beside a
    summary they made a line of 98 characters, and the hover of Russia - United
    States wider than the map at 1280x720, cut off at its left edge."""
    one = data.relations[data.relations["id"] == "r22"].iloc[0]
    by = "ITAR Tass; Trend News Agency (Azerbaijan); WPS: What the Papers Say"
    rows = pd.DataFrame(
        [
            {**one, "id": "e1", "quote": "", "reported_by": by,
             "summary": "Make an appeal or request"},
            {**one, "id": "e2", "quote": "Moscow has called on Washington to act",
             "reported_by": by},
        ]
    )  # fmt: skip
    _, *lines = group_for_map(rows, {})["hover"].iloc[0].split("<br>")
    said = [re.sub("<[^>]+>", "", html.unescape(line)) for line in lines[1::2]]
    assert said[0].startswith("Make an appeal or request · ITAR Tass;")
    assert said[1].startswith("“Moscow has called")
    assert all(len(line) <= 64 and line.endswith("…") for line in said)


def test_map_window_changes_the_arcs(data):
    early = make_map_figure(data.actors, active_between(data.relations, "2019", "2019"))
    late = make_map_figure(
        data.actors, active_between(data.relations, "2025-12-01", "2025-12-11")
    )
    assert drawn(early, "relation") == {"r01", "r02"}
    assert "r22" in drawn(late, "relation") and "r01" not in drawn(late, "relation")


def test_map_frames_every_actor(data):
    figure = make_map_figure(data.actors, data.relations)
    lon_range = figure["layout"]["geo"]["lonaxis"]["range"]
    assert lon_range[0] < -77 and lon_range[1] > 37  # Washington to Moscow


def test_people_sit_on_a_ring_of_pixels_around_their_capital(data):
    places = map_places(data.actors)
    moscow = (37.61781, 55.75204)
    assert places["russia"][:2] == pytest.approx(moscow)
    assert np.isnan(places["russia"][2])  # the state stays at the middle
    assert places["putin"][:2] == pytest.approx(moscow)  # placed for each view
    capitals = {"putin": "russia", "lukashenko": "belarus", "maduro": "venezuela"}
    for size in ((1600, 900), (420, 300)):  # zoomed in, and out
        figure = make_map_figure(data.actors, data.relations, size=size)
        at = {
            actor[1]: (lon, lat)
            for trace in figure["data"]
            for actor, lon, lat in zip(
                trace.get("customdata") or (),
                trace.get("lon", ()),
                trace.get("lat", ()),
            )
            if actor and actor[0] == "actor"
        }
        west, east = figure["layout"]["geo"]["lonaxis"]["range"]
        scale = size[0] / np.radians(east - west)  # px per radian: the map's width
        for person, state in capitals.items():
            (lon0, lat0), (lon, lat) = at[state], at[person]
            dx = np.radians(lon - lon0) * scale
            dy = (mercator_y(lat) - mercator_y(lat0)) * scale
            assert np.hypot(dx, dy) == pytest.approx(FIRST_RING, abs=1), (size, person)


def test_ring_slots_fill_one_ring_before_the_next():
    slots = ring_slots(40)
    radii = sorted({radius for _, radius in slots})
    assert radii[0] == FIRST_RING and len(radii) >= 2
    first = [angle for angle, radius in slots if radius == radii[0]]
    # evenly spaced, at least a marker's room apart
    assert np.allclose(np.diff(first), 2 * np.pi / len(first))
    assert 2 * np.pi * FIRST_RING / len(first) >= 14


def test_curves_start_and_end_at_their_points():
    xs, ys = curves([(0, 0), (2, 2)], [(1, 0), (2, 0)], [0.2, -0.1])
    assert (xs[0, 0], ys[0, 0], xs[0, -1], ys[0, -1]) == (0, 0, 1, 0)
    assert (xs[1, 0], ys[1, 0], xs[1, -1], ys[1, -1]) == (2, 2, 2, 0)
    assert ys[0].max() > 0  # a positive bend bows to the left of travel
    assert xs[1].min() < 2  # going south, a negative bend bows right (west)


def bar_sum(figure: dict, traces) -> int:
    return sum(sum(figure["data"][index]["y"]) for index in traces)


def test_time_bar_overview_counts_every_dated_relation_and_frames_the_window(data):
    figure = make_time_bar_figure(
        data.relations, (date(2025, 11, 1), date(2025, 12, 11)), data.date_span
    )
    standing = int((data.relations["precision"] == "as-of").sum())
    # (the bars carry shares to four decimals)
    assert bar_sum(figure, OVERVIEW_TRACES) == pytest.approx(
        len(data.relations) - standing, abs=0.01
    )
    # the window framed on the overview: from 1 November to 11 December
    axis = overview_axis(day_numbers(data.relations["first"]), data.date_span)
    frame = figure["layout"]["shapes"][0]
    ends = axis.position(day_numbers(["2025-11-01", "2025-12-12"]))
    assert (frame["x0"], frame["x1"]) == pytest.approx(tuple(ends))
    # the detail is the window, by day, and adds up to what the header counts
    layout = figure["layout"]
    assert layout["xaxis2"]["range"] == ["2025-11-01", "2025-12-12"]
    meta = layout["meta"]
    assert (meta["unit"], meta["started"], meta["before"], meta["standing"]) == (
        "day", 15, 4, 6,
    )  # fmt: skip
    assert bar_sum(figure, DETAIL_TRACES) == pytest.approx(15, abs=0.01)
    assert layout["annotations"][1]["text"] == "by day: 15 begin here · 4 began earlier"


def test_a_roughly_dated_relation_counts_on_each_day_it_may_have_begun(data):
    """Six meetings "between 8 and 11 December" were a spike on the 8th, and
    the two relations known only to the year 2019 a spike in January: each
    now counts on every day (or month) it may have begun on, by its share."""
    meetings = data.relations[
        data.relations["id"].isin(["r07", "r08", "r10", "r11", "r12", "r26"])
    ]
    detail = detail_counts(meetings, (date(2025, 12, 1), date(2025, 12, 11)))
    per_day = sum(detail.counts.values())
    assert per_day[:7].tolist() == [0] * 7  # 1 to 7 December
    assert per_day[7:].tolist() == pytest.approx([1.5] * 4)  # 8 to 11
    assert detail.started == 6 and detail.before == 0
    # a window that ends on the 9th keeps all six, on the two days it shows
    cut = detail_counts(meetings, (date(2025, 12, 8), date(2025, 12, 9)))
    assert sum(cut.counts.values()).tolist() == pytest.approx([3, 3])
    # the overview: 2019's two relations by the days of 2019 each bin holds,
    # a week's share in its first week, the rest in the narrow stretch after
    # it (no start known to fall there, but these may)
    year = data.relations[data.relations["id"].isin(["r01", "r02"])]
    axis = overview_axis(day_numbers(data.relations["first"]), data.date_span)
    counted = sum(overview_counts(year, axis).values())
    assert counted.sum() == pytest.approx(2)
    first_week = 2 * 6 / 365  # 1 to 6 January 2019
    assert counted[0] == pytest.approx(first_week)
    assert counted[axis.gaps[0]] == pytest.approx(2 - first_week)
    # to the day: one bin, a whole count
    call = data.relations[data.relations["id"] == "r04"]
    assert (
        sum(
            detail_counts(call, (date(2025, 11, 1), date(2025, 11, 30))).counts.values()
        ).max()
        == 1
    )


@pytest.mark.parametrize(
    ("theme", "width"),
    [(LIGHT, 496), (theme_for(present=True), 1250), (LIGHT, 804)],
    ids=["1280x720", "presenting-1280x720", "1920x1080"],
)
def test_the_time_bars_words_never_run_into_each_other(data, theme, width):
    """At 1280x720 "◂ 12,345 standing as of 30 Sep 2025 to 24 Dec 2025" ran
    into "by week: 12,345 begin here · 1,234 began earlier" over the
    standing strip: the label is as long as the bar, as the page measured
    it, leaves room for."""
    window = (date(2025, 9, 1), date(2025, 12, 31))
    detail = detail_counts(active_between(data.relations, *window), window)
    days = day_numbers([date(2025, 9, 30), date(2025, 12, 24)])
    detail = replace(
        detail,
        counts={s: c * 12_345 / detail.started for s, c in detail.counts.items()},
        before=1_234,
        standing=np.sort(np.resize(days, 12_345)),
    )
    axis = overview_axis(day_numbers(data.relations["first"]), data.date_span)
    overview = overview_counts(data.relations, axis)
    parts = time_bar_parts(
        axis, overview, detail, window, data.date_span, theme=theme, width=width
    )
    label, words = (parts[("layout", "annotations", i, "text")] for i in (0, 1))
    assert words == "by week: 12,345 begin here · 1,234 began earlier"
    assert label.startswith("◂ 12,345 standing")
    # Plotly's annotations: the label from 0.5 % of the plot, the words to its
    # right end, each in a box 1 px wider a side
    size = theme.font_size
    plot = width - parts[("layout", "margin", "l")] - parts[("layout", "margin", "r")]
    label_end = 0.005 * plot + text_width(label, size) + 2
    assert label_end + size < plot - text_width(words, size) - 2
    if theme.font_size > LIGHT.font_size:  # the whole projector's width: all of it
        assert label == "◂ 12,345 standing as of 30 Sep 2025 to 24 Dec 2025"


def test_a_split_window_has_a_line_at_its_split_on_both_bars(data):
    """Change before / after split the window with no mark on the time bar:
    where the split fell was said only in the Change tab."""
    window = (date(2025, 11, 1), date(2025, 12, 11))
    axis = overview_axis(day_numbers(data.relations["first"]), data.date_span)
    args = (axis, overview_counts(data.relations, axis),
            detail_counts(data.relations, window), window, data.date_span)  # fmt: skip
    parts = time_bar_parts(*args, theme=DARK, split=date(2025, 11, 21))
    overview, detail = (("layout", "shapes", n) for n in SPLIT_SHAPES)
    assert parts[(*overview, "visible")] and parts[(*detail, "visible")]
    assert parts[(*detail, "x0")] == parts[(*detail, "x1")] == "2025-11-21"
    at = axis.position(day_numbers(["2025-11-21"]))[0]
    assert parts[(*overview, "x0")] == parts[(*overview, "x1")] == pytest.approx(at)
    frame = [parts[("layout", "shapes", 0, end)] for end in ("x0", "x1")]
    assert frame[0] < at < frame[1]
    assert parts[(*detail, "line", "color")] == DARK.ink
    # not split: no line, on either bar, in the figure the page draws first
    plain = time_bar_parts(*args, theme=DARK)
    assert not plain[(*overview, "visible")] and not plain[(*detail, "visible")]
    drawn = make_time_bar_figure(data.relations, window, data.date_span)
    shapes = drawn["layout"]["shapes"]
    assert [shapes[n]["visible"] for n in SPLIT_SHAPES] == [False, False]
    assert [shapes[n]["xref"] for n in SPLIT_SHAPES] == ["x", "x2"]


@pytest.mark.parametrize("theme", [LIGHT, theme_for("dark", present=True)])
def test_a_window_with_no_relation_says_so_across_the_detail(data, theme):
    """A story step in 2022, where the data holds no relation, drew the
    detail as an empty axis of 0 to 1 under "by month: 0 begin here": it
    looked broken on a slide. It says so across the detail, with no count
    ticks or lines; a window with relations keeps its axis and says nothing."""
    empty = make_time_bar_figure(
        data.relations, (date(2022, 1, 1), date(2022, 12, 31)), data.date_span,
        theme=theme,
    )  # fmt: skip
    layout = empty["layout"]
    note = layout["annotations"][2]
    assert note["text"] == EMPTY_NOTE == "No relations shown in this window"
    assert (note["xref"], note["yref"], note["x"], note["y"]) == (
        "x2 domain", "y2 domain", 0.5, 0.5,
    )  # fmt: skip
    assert note["font"]["color"] == theme.ink
    assert note["visible"] is True
    assert layout["annotations"][1]["text"] == ""  # not "by month: 0 begin here"
    assert layout["annotations"][1]["visible"] is False
    assert layout["yaxis2"]["showticklabels"] is False
    assert layout["yaxis2"]["showgrid"] is False
    assert layout["xaxis2"]["range"] == ["2022-01-01", "2023-01-01"]  # its dates
    shown = make_time_bar_figure(
        data.relations, (date(2025, 11, 1), date(2025, 12, 11)), data.date_span,
        theme=theme,
    )  # fmt: skip
    assert shown["layout"]["annotations"][2]["text"] == ""
    # hidden, not only empty: an empty note still drew its box, a dot of the
    # paper's colour in the middle of the bars
    assert shown["layout"]["annotations"][2]["visible"] is False
    assert shown["layout"]["yaxis2"]["showticklabels"] is True
    # a relation that began before the window, none in it: the words say so,
    # and no empty axis counts them
    deployment = data.relations[data.relations["id"] == "r14"]  # since Sep 2025
    before = make_time_bar_figure(
        deployment, (date(2025, 10, 1), date(2025, 10, 31)), data.date_span,
        theme=theme,
    )  # fmt: skip
    words = before["layout"]["annotations"][1]["text"]
    assert words == "by day: 0 begin here · 1 began earlier"
    assert before["layout"]["annotations"][2]["text"] == ""
    assert before["layout"]["yaxis2"]["showticklabels"] is False


def test_relations_dated_by_the_year_say_why_their_bars_are_slivers(data):
    """Two relations dated 2019 alone, in the window of 2019: "by week: 2
    begin here" stood over slivers of 1/52 a week, which looked like nothing
    drawn. The words say why; dated by the day, they do not."""
    year = (date(2019, 1, 1), date(2019, 12, 31))
    rough = make_time_bar_figure(data.relations, year, data.date_span)
    assert rough["layout"]["annotations"][1]["text"] == (
        "by week: 2 begin here, dated too roughly to show by week"
    )
    exact = data.relations[data.relations["id"] == "r04"]  # 21 Nov 2025
    fine = make_time_bar_figure(
        exact, (date(2025, 11, 1), date(2025, 11, 30)), data.date_span
    )
    assert fine["layout"]["annotations"][1]["text"] == "by day: 1 begin here"


def test_time_bar_draws_standing_relations_in_a_strip_of_their_own(data):
    figure = make_time_bar_figure(data.relations, data.date_span, data.date_span)
    strip = figure["data"][STRIP_TRACE]
    # the six relations known only as of 11 Dec are not counted in a bin
    assert bar_sum(figure, DETAIL_TRACES) == pytest.approx(
        len(data.relations) - 6, abs=0.01
    )
    # the strip runs from off the axis's left to 11 Dec, above the detail
    assert strip["x"][0] < figure["layout"]["xaxis2"]["range"][0]
    assert max(strip["x"]) == "2025-12-12" and strip["yaxis"] == "y3"
    assert strip["fillpattern"]["shape"] == "/"
    label = figure["layout"]["annotations"][0]["text"]
    assert label == "◂ 6 standing as of 11 Dec 2025"
    assert strip["text"] == label + " (start unknown)"
    # without standing relations: an empty strip and label, the same traces
    dated = data.relations[data.relations["precision"] != "as-of"]
    plain = make_time_bar_figure(dated, data.date_span, data.date_span)
    assert plain["data"][STRIP_TRACE]["x"] == []
    assert plain["layout"]["annotations"][0]["text"] == ""
    assert len(plain["data"]) == len(figure["data"])


def test_changes_wear_their_own_rings_with_a_legend(data, positions):
    marks = ChangeMarks(
        split=date(2025, 11, 21),
        appeared=frozenset({"r04"}),
        ended=frozenset({"r01", "r02"}),
        flipped=frozenset({"r06", "r08"}),
    )
    labels = {
        "appeared": "appeared",
        "ended": "ended",
        "flipped": "stance changed",
    }
    assert marks.labels() == labels
    # no wider than a country's name: the legend's columns are as wide as its
    # widest entry, and the split's day made them two to a 500 px panel
    assert max(map(len, labels.values())) <= len("United States") + 1
    for figure, x in (
        (make_network_figure(data.actors, data.relations, positions, marks=marks), "x"),
        (make_map_figure(data.actors, data.relations, marks=marks), "lon"),
    ):
        rings = {
            trace["name"]: trace
            for trace in figure["data"]
            if trace.get("name") in labels.values()
        }
        assert set(rings) == set(labels.values())  # a legend entry each
        assert all(trace["showlegend"] for trace in rings.values())
        symbols = {trace["marker"]["symbol"] for trace in rings.values()}
        assert len(symbols) == 3  # a mark of its own each
        assert len(rings[labels["appeared"]][x]) == 1  # r04
        assert len(rings[labels["ended"]][x]) == 2  # r01, r02
    without = make_network_figure(data.actors, data.relations, positions)
    assert not [t for t in without["data"] if t.get("name") == "stance changed"]


def test_pair_timeline_spans_the_pairs_own_relations(data):
    pair = data.relations[data.relations["id"].isin(["r04", "r15"])]  # Maduro-Trump
    low, high = make_pair_timeline_figure(pair)["layout"]["xaxis"]["range"]
    # 12 Nov to 11 Dec, with three weeks either side: not 2019-2026
    assert (low, high) == ("2025-10-22", "2026-01-01")
    one = data.relations[data.relations["id"] == "r04"]
    assert make_pair_timeline_figure(one)["layout"]["xaxis"]["range"] == [
        "2025-10-31",
        "2025-12-12",
    ]
    # a pair over years gets a tenth of its span either side
    years = data.relations[data.relations["id"].isin(["r02", "r13"])]  # US-Maduro
    low, high = make_pair_timeline_figure(years)["layout"]["xaxis"]["range"]
    assert (low, high) == ("2018-04-23", "2026-08-21")


def test_states_only_view_draws_states(data):
    actors, table, rows = visible(data.actors, data.relations, states_only=True)
    relations = table[rows]
    states = data.actors[data.actors["kind"] == "state"]
    positions = network_positions(states, relations)
    figure = make_network_figure(actors, relations, positions)
    assert drawn(figure, "actor") == set(states["id"])


def test_busy_actors_grow_but_stay_nodes(data, positions):
    # at 100,000 relations one actor has thousands in a window
    busy = {actor: 10_000 for actor in data.actors["id"]}
    figure = make_network_figure(data.actors, data.relations, positions, degree=busy)
    sizes = [
        size
        for trace in figure["data"]
        if trace.get("customdata") is not None and trace["customdata"][0][0] == "actor"
        for size in trace["marker"]["size"]
    ]
    assert len(sizes) == len(data.actors) and max(sizes) <= 26 + 18


def test_actors_without_relations_do_not_shrink_the_graph():
    import pandas as pd

    ids = [f"a{i}" for i in range(40)]
    relations = pd.DataFrame(
        {"source": ids[:30], "target": ids[1:31]}  # a chain; a31-a39 unconnected
    )
    positions = network_positions(pd.DataFrame({"id": ids}), relations)
    spread = pd.DataFrame(positions, index=["x", "y"]).T
    chain, alone = spread.loc[ids[:31]], spread.loc[ids[31:]]
    # the connected actors fill the square; the others sit in columns beside
    # it, each clear of the next, the frame at most half as wide again
    assert np.isclose(chain.abs().max(), 1).any() and chain.abs().max().max() <= 1
    assert alone["x"].between(1.1, 2.0).all() and alone["y"].between(-1, 1).all()
    gaps = np.hypot(*(alone.to_numpy()[:, None] - alone.to_numpy()[None]).T)
    assert gaps[~np.eye(len(alone), dtype=bool)].min() >= 0.2


def test_the_graph_holds_its_frame_when_a_neighbourhood_is_shown(data, positions):
    # only large views frame what they draw; a focus does not zoom the graph
    whole = make_network_figure(data.actors, data.relations, positions)
    near = data.actors[data.actors["id"].isin(["lukashenko", "putin", "maduro"])]
    focused = make_network_figure(near, data.relations, positions)
    for axis in ("xaxis", "yaxis"):
        assert focused["layout"][axis]["range"] == whole["layout"][axis]["range"]
    framed = make_network_figure(near, data.relations, positions, frame=near["id"])
    assert framed["layout"]["xaxis"]["range"] != whole["layout"]["xaxis"]["range"]


# --- themes ------------------------------------------------------------------


def every_figure(data, positions, theme: Theme) -> dict[str, dict]:
    """Each builder's figure of the bundled data in ``theme``, the bloc legend
    included."""
    window = (date(2025, 11, 21), date(2025, 12, 11))
    blocs = {
        actor: "west" if i % 2 else "east" for i, actor in enumerate(data.actors["id"])
    }
    node_colours, colour_legend = bloc_colours(blocs, actors=data.actors["id"])
    options = {"node_colours": node_colours, "colour_legend": colour_legend}
    pair = data.relations[data.relations["source"] == "putin"]
    return {
        "map": make_map_figure(data.actors, data.relations, theme=theme, **options),
        "network": make_network_figure(
            data.actors, data.relations, positions, theme=theme, **options
        ),
        "time bar": make_time_bar_figure(
            data.relations, window, data.date_span, theme=theme
        ),
        "pair": make_pair_timeline_figure(pair, window, theme=theme),
    }


def strings(value):
    """Every string in a figure: dicts, lists and numpy arrays walked through."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, (list, tuple, np.ndarray)):
        for item in value:
            yield from strings(item)


def rgb_prefix(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},"


def colours_of(theme: Theme) -> tuple[set[str], set[str]]:
    """A theme's colours, and the rgba() prefixes its faded colours start with."""
    colours = {
        getattr(theme, field.name).lower()
        for field in fields(Theme)
        if field.type == "str" and field.name not in ("name", "label_rgb")
    }
    hexes = [c for c in colours if c.startswith("#") and len(c) == 7]
    return colours, {f"rgba({theme.label_rgb},"} | {rgb_prefix(c) for c in hexes}


@pytest.mark.parametrize("present", [False, True])
def test_dark_figures_hold_no_light_ink_or_paper(data, positions, present):
    theme = theme_for("dark", present=present)
    light, faded = colours_of(LIGHT)
    own, own_faded = colours_of(theme)
    # white is the light paper, but the ink of the high-contrast dark look
    light = (light | {"#fff", "#ffffff", "white"}) - own
    prefixes = tuple(faded - own_faded)
    for name, figure in every_figure(data, positions, theme).items():
        found = {
            text
            for text in strings(figure)
            if text.lower() in light or text.startswith(prefixes)
        }
        assert not found, (name, found)
        assert figure["layout"]["paper_bgcolor"] == DARK.paper


def fonts(value, path=()):
    """(path, font size) of every font in a figure; a list of sizes counts each."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("font", "textfont") and isinstance(item, dict):
                sizes = item.get("size")
                for size in sizes if isinstance(sizes, list) else [sizes]:
                    yield (*path, key), size
            yield from fonts(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from fonts(item, path)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_presentation_theme_sets_every_text_at_least_its_minimum(data, positions, name):
    theme = theme_for(name, present=True)
    assert theme.min_font == 18 and theme.legend_size > LIGHT.legend_size
    for figure_name, figure in every_figure(data, positions, theme).items():
        for trace in figure["data"]:  # labels are sized, not left to the layout
            if "text" in trace.get("mode", ""):
                assert trace["textfont"]["size"] >= theme.min_font
        sizes = list(fonts(figure))
        assert sizes, figure_name
        for path, size in sizes:
            # legends grow with the type but need not reach label size, nor
            # hovers (read up close, and as wide as the map at 1280x720)
            least = (
                theme.legend_size
                if {"legend", "legend2"} & set(path)
                else theme.hover_size
                if "hoverlabel" in path
                else 18
            )
            assert size is not None and size >= least, (figure_name, path, size)


def test_light_theme_is_the_default(data, positions):
    default = make_network_figure(data.actors, data.relations, positions)
    light = make_network_figure(
        data.actors, data.relations, positions, theme=theme_for("light")
    )
    assert default["layout"] == light["layout"]
    assert light["layout"]["paper_bgcolor"] == "white"
    assert theme_for("blue") is LIGHT  # unknown names fall back


def test_time_bar_parts_turn_the_drawn_bar_into_any_view_and_theme(data):
    # the page draws the bar once and patches these parts (views.patch_time_bar)
    axis = overview_axis(day_numbers(data.relations["first"]), data.date_span)
    drawn = make_time_bar_figure(data.relations, data.date_span, data.date_span)
    threats = data.relations[data.relations["kind"] == "threat"]
    window = (date(2025, 11, 1), date(2025, 11, 30))
    for theme in (DARK, theme_for(present=True), theme_for("dark", present=True)):
        shown = active_between(threats, *window)
        patched = copy.deepcopy(drawn)
        parts = time_bar_parts(
            axis, overview_counts(threats, axis), detail_counts(shown, window),
            window, data.date_span, theme=theme,
        )  # fmt: skip
        for path, value in parts.items():
            part = patched
            for key in path[:-1]:
                part = part[key]
            part[path[-1]] = value
        assert patched == make_time_bar_figure(
            threats, window, data.date_span, theme=theme, axis=axis
        )


def test_the_overview_dates_thin_out_to_stand_level_on_a_narrow_bar(data):
    """On a bar narrower than at 1280 px (a 1024 or 1152 px window) the
    overview's dates touched, and Plotly turned them 30°, down into the
    standing strip's words. They are drawn level, as many as the bar holds
    apart; at 1280 px (a bar 496 px wide) and wider, all of them as before."""
    axis = overview_axis(day_numbers(data.relations["first"]), data.date_span)
    overview = overview_counts(data.relations, axis)
    detail = detail_counts(data.relations, data.date_span)

    def dates(width: float | None) -> tuple[list[float], list[str]]:
        parts = time_bar_parts(
            axis, overview, detail, data.date_span, data.date_span, width=width
        )
        return parts[("layout", "xaxis", "tickvals")], parts[
            ("layout", "xaxis", "ticktext")
        ]

    drawn = make_time_bar_figure(data.relations, data.date_span, data.date_span)
    assert drawn["layout"]["xaxis"]["tickangle"] == 0
    assert dates(None) == dates(496) == dates(800) == axis.ticks()
    for width in (368, 432):  # the bar at 1024 and 1152 px
        values, labels = dates(width)
        assert len(labels) >= 4 and labels[0] == "Jan 2019"
        room = width - 38  # its margins
        for i in range(len(values) - 1):
            apart = (values[i + 1] - values[i]) / axis.length * room
            halves = (text_width(labels[i], 12) + text_width(labels[i + 1], 12)) / 2
            assert apart >= halves + 6, (width, labels[i], labels[i + 1])


def test_a_few_days_window_ticks_each_day_once(data):
    """Plotly ticks a three-day axis every twelve hours; named by day, each
    day would be written twice."""
    short = make_time_bar_figure(
        data.relations, (date(2025, 12, 9), date(2025, 12, 11)), data.date_span
    )
    assert short["layout"]["xaxis2"]["dtick"] == 24 * 3600 * 1000
    # each day's name sits under the middle of its bin, not at its first
    # instant: a one-day window named its day at the left edge only
    assert short["layout"]["xaxis2"]["ticklabelmode"] == "period"
    long = make_time_bar_figure(
        data.relations, (date(2025, 6, 1), date(2025, 12, 11)), data.date_span
    )
    assert long["layout"]["xaxis2"].get("dtick") is None
    assert long["layout"]["xaxis2"]["ticklabelmode"] == "instant"


def test_a_window_of_weeks_ticked_by_month_names_months_and_years(data):
    """Half a year of weeks read "1 Mar, 1 May ... 1 Jan" (days, in weeks'
    format), the year nowhere. Wherever Plotly ticks months on a window of
    days or weeks (it chooses by the width), they are named by month and
    year; its ticks of days or weeks keep the day's format."""
    weeks = make_time_bar_figure(
        data.relations, (date(2025, 3, 1), date(2025, 12, 11)), data.date_span
    )["layout"]["xaxis2"]
    assert weeks["tickformat"] == "%-d %b"
    # plotly.js takes the first stop that holds the dtick, ends included: a
    # tick a year reads "2025", not "Jan 2025"
    assert weeks["tickformatstops"] == [
        {"dtickrange": ["M12", None], "value": "%Y"},
        {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
    ]
    months = make_time_bar_figure(
        data.relations, (date(2019, 1, 1), date(2025, 12, 11)), data.date_span
    )["layout"]["xaxis2"]
    assert months["tickformat"] == "%b %Y" and months["tickformatstops"] == []


def test_names_have_a_halo_of_the_papers_colour(bundled_data):
    """Names stay legible over the lines and markers of a crowd: each is
    drawn with a halo of the theme's paper colour, on the map and the graph,
    beside their markers and on leader lines."""
    view = View(start=date(2019, 1, 1), end=date(2025, 12, 11))
    for theme in (LIGHT, DARK):
        small = {"map": (500, 380), "graph": (500, 380)}  # some on leader lines
        scene = make_scene(bundled_data, view, theme=theme, sizes=small)
        named = [
            trace
            for figure in (scene.map, scene.graph)
            for trace in figure["data"]
            if "text" in trace.get("mode", "") and any(trace.get("text") or [])
        ]
        assert len(named) >= 3
        for trace in named:
            assert theme.halo in trace["textfont"]["shadow"]


def _rgba(colour: str) -> tuple[list[float], float]:
    """(r, g, b) and alpha of a CSS colour as the themes write them."""
    colour = {"white": "#ffffff"}.get(colour, colour)
    if colour.startswith("#"):
        return [int(colour[i : i + 2], 16) for i in (1, 3, 5)], 1.0
    *rgb, alpha = [
        float(part) for part in colour[colour.index("(") + 1 : -1].split(",")
    ]
    return rgb, alpha


def _over(colour: str, background: str) -> list[float]:
    """``colour`` as it shows over the opaque ``background``."""
    (ink, alpha), (under, _) = _rgba(colour), _rgba(background)
    return [alpha * a + (1 - alpha) * b for a, b in zip(ink, under)]


def _contrast(one: list[float], other: list[float]) -> float:
    """WCAG's contrast ratio of two sRGB colours (0-255)."""

    def luminance(rgb):
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (value / 255 for value in rgb)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "theme",
    [LIGHT, DARK, theme_for("light", present=True), theme_for("dark", present=True)],
    ids=["light", "dark", "present-light", "present-dark"],
)
def test_every_text_of_the_figures_reads_at_4_5_to_1(bundled_data, theme):
    """Faded names (actors outside a focus) were drawn at 45% of the names'
    ink: 2.95:1 on white paper, under WCAG AA's 4.5:1 for text of their
    size. Every colour the map and the network write text in (names, faded
    or not; axes, legends and notes in the layout's font) reads at 4.5:1 or
    more on the paper, the land and the ocean, and the faded names stay
    lighter than the others."""
    view = View(start=date(2019, 1, 1), end=date(2025, 12, 11), focus="putin")
    scene = make_scene(bundled_data, view, theme=theme)
    inks, faded = set(), set()
    for figure in (scene.map, scene.graph):
        layout = figure["layout"]
        inks.add(layout["font"]["color"])
        inks.update(note["font"]["color"] for note in layout.get("annotations", []))
        for trace in figure["data"]:
            colour = trace.get("textfont", {}).get("color")
            if colour is not None and any(trace.get("text") or []):
                colours = [colour] if isinstance(colour, str) else colour
                inks.update(colours)
                faded.update(set(colours) - {theme.label_ink(1.0)})
    assert faded  # actors outside the focus are named in a fainter ink
    for ink in inks:
        for background in (theme.paper, theme.land, theme.ocean):
            ratio = _contrast(_over(ink, background), _over(background, theme.paper))
            assert ratio >= 4.5, (ink, background, round(ratio, 2))
    for ink in faded:  # visibly fainter than a name at full strength
        full = _contrast(
            _over(theme.label_ink(1.0), theme.paper), _rgba(theme.paper)[0]
        )
        assert _contrast(_over(ink, theme.paper), _rgba(theme.paper)[0]) < 0.5 * full


def test_nodes_are_as_opaque_as_the_legends_swatches(bundled_data):
    """plotly.js draws markers sized one by one at 0.7 opacity unless told:
    the graph's nodes then showed muddier colours than the legend's (Turkey
    brown on the dark theme). Full-strength nodes are opaque; faded ones
    fade by their colour's alpha."""
    view = View(start=date(2019, 1, 1), end=date(2025, 12, 11), focus="putin")
    graph = make_scene(bundled_data, view).graph
    nodes = [
        t for t in graph["data"] if (t.get("customdata") or [[""]])[0][0] == "actor"
    ]
    assert nodes
    colours = [c for t in nodes for c in t["marker"]["color"]]
    assert any(c.endswith(",1.0)") for c in colours)
    assert any(not c.endswith(",1.0)") for c in colours)  # the faded
    assert all(t["marker"]["opacity"] == 1 for t in nodes)


def test_the_map_names_states_as_well_as_people(bundled_data):
    """A slide of who backs whom among states named no state: the map left
    them to the country key's colours (Russia and Belarus two blues)."""
    states = {"Russia", "Belarus", "Venezuela", "United States", "Turkey"}
    for only_states in (True, False):
        view = View(date(2019, 1, 1), date(2025, 12, 11), states=only_states)
        geo = make_scene(bundled_data, view).map
        names = {
            text
            for trace in geo["data"]
            if "text" in trace.get("mode", "")
            for text in trace.get("text") or []
        }
        assert states <= names
        assert only_states or {"Maduro", "Putin", "Lukashenko"} <= names


@pytest.mark.parametrize("size", [(496, 377), (760, 540)])
def test_the_blocs_legend_sits_below_the_figure_not_over_its_actors(bundled_data, size):
    """Laid over the figure's top left, the blocs' legend hid Putin and took
    his hover and clicks; it now sits in the bottom margin, over the main
    legend, and each figure keeps the room for both."""
    view = View(date(2019, 1, 1), date(2025, 12, 11), colour="bloc")
    scene = make_scene(bundled_data, view, sizes={"map": size, "graph": size})
    for figure in (scene.map, scene.graph):
        layout = figure["layout"]
        blocs = [t for t in figure["data"] if t.get("legend") == "legend2"]
        assert len(blocs) >= 3  # Maduro's, Belarus / United States', no bloc
        legend = layout["legend2"]
        assert (legend["yref"], legend["yanchor"], legend["orientation"]) == (
            "container", "bottom", "h",
        )  # fmt: skip
        lift = legend["y"] * size[1]
        assert 20 < lift < layout["margin"]["b"] - 15  # over the main legend
    # dozens of blocs: those beyond the palette's colours are one entry, and
    # the legend takes two rows at most (the rest scrolls), not the map's room
    many = {f"a{n}": f"Bloc {n % 34}" for n in range(340)}
    names = [name for name, _ in bloc_colours(many, actors=[*many, "loner"])[1]]
    assert len(names) == 8 and names[-2:] == ["28 smaller blocs", "no bloc"]
    # "no bloc" only when an actor drawn is in none (it was said beside five
    # states all in one bloc)
    assert bloc_colours(many, actors=list(many))[1][-1][0] == "28 smaller blocs"
    entries = [{"name": f"Bloc number {n}", "legend": "legend2"} for n in range(34)]
    assert legend_margin(entries, size[0]) < 0.25 * size[1]
    assert colour_legend_layout(entries, size)["maxheight"] < 0.15 * size[1]
    # a slide puts them in its one legend
    slide = slide_figure(
        scene.map, title="Blocs", view=view, relations=scene.relations,
        names=bundled_data.names,
    )  # fmt: skip
    assert "legend2" not in slide["layout"]
    assert not [t for t in slide["data"] if t.get("legend") == "legend2"]
    assert "Maduro bloc" in {t.get("name") for t in slide["data"]}
    # beside a caption, a long bloc's name still leaves the graph its room:
    # the legend's columns measured as DejaVu Sans draws them, not by a
    # generous mean letter (which made that name a column of its own)
    words = SlideWords("Blocs", "", "Shown: all", "Source: x", caption="A " * 200)
    box = slide_frame(words).figure
    look = slide_theme("light")
    assert (
        plot_size(scene.graph, box, theme=look, legend_below=True)[1] > 0.4 * box.height
    )


def _detail_axis(relations, window, span) -> tuple[float, list, float]:
    """The detail's tallest stacked bar, its count axis's range (when none
    is set, Plotly's autorange: to the tallest bar) and step."""
    figure = make_time_bar_figure(relations, window, span)
    bars = [trace for trace in figure["data"] if trace.get("yaxis") == "y2"]
    tallest = max(map(sum, zip(*(trace["y"] for trace in bars))))
    axis = figure["layout"]["yaxis2"]
    return tallest, axis.get("range", [0, tallest or 1]), axis["dtick"]


@pytest.mark.parametrize(
    "ids, window",
    [
        (None, (date(2019, 1, 1), date(2019, 12, 31))),  # two year-dated
        (["r21"], (date(2025, 1, 1), date(2025, 6, 30))),  # 2025, ongoing
        (["r21"], (date(2025, 3, 1), date(2025, 3, 31))),  # only begun earlier
    ],
)
def test_a_detail_of_shares_is_drawn_on_an_axis_of_whole_relations(data, ids, window):
    """One relation dated to a year and ongoing is about 0.02 of one a week:
    the count axis ran 0 to 0.02, its one line "0.01", and that share of one
    relation filled the bar's height. The axis reaches one relation, its
    lines whole relations, and the share is the sliver it is."""
    relations = data.relations
    if ids:
        relations = relations[relations["id"].isin(ids)]
    tallest, (low, high), step = _detail_axis(relations, window, data.date_span)
    assert tallest < 1 and low == 0 and 1 <= high < 1.2 and step == 1
    assert tallest / high < 0.05


def test_the_detail_of_a_busy_window_keeps_its_tallest_bar_whole(data):
    window = (date(2025, 11, 21), date(2025, 12, 11))
    tallest, (low, high), step = _detail_axis(data.relations, window, data.date_span)
    assert low == 0 and tallest <= high < 1.2 * tallest
    assert isinstance(step, int) and high / step >= 1  # at least one line above 0


def test_coloured_by_bloc_the_maps_countries_are_one_grey(bundled_data):
    """The blocs' key gives the countries' colours to blocs: a bloc's blue
    square sat on a tan Turkey, a pink one on a blue Belarus."""
    view = View(*bundled_data.span)
    countries = make_scene(bundled_data, view).map["data"][0]
    blocs = make_scene(bundled_data, replace(view, colour="bloc")).map["data"][0]
    assert countries["type"] == blocs["type"] == "choropleth"
    hues = {colour.rsplit(",", 1)[0] for _, colour in blocs["colorscale"]}
    assert len(hues) == 1  # one grey, stronger where actors are involved
    assert len({c.rsplit(",", 1)[0] for _, c in countries["colorscale"]}) > 1


def test_the_dark_maps_markers_are_outlined_in_light(bundled_data):
    """Russia's blue square on Russia's blue, outlined in the dark paper's
    colour, nearly vanished."""
    from dashboard.figures.theme import DARK

    scene = make_scene(bundled_data, View(*bundled_data.span), theme=DARK)
    edges = {
        colour
        for trace in scene.map["data"]
        if trace.get("customdata") and trace["customdata"][0][0] == "actor"
        for colour in each(trace["marker"]["line"]["color"], trace)
    }
    assert edges and all(
        colour.startswith(("#e6e6e6", "rgba(230,230,230")) for colour in edges
    )


@pytest.mark.parametrize("figure", ["map", "graph"])
def test_the_dark_themes_dimmed_actors_stay_in_sight(bundled_data, figure):
    """Dimmed at 0.28, Russia's blue and Venezuela's ochre were all but unseen
    on the dark paper: there they are dimmed at 0.5, on white as before."""
    from dashboard.figures.theme import DARK, LIGHT

    view = View(date(2025, 11, 21), date(2025, 11, 24))  # few actors in it
    alphas = {}
    for theme in (LIGHT, DARK):
        scene = make_scene(bundled_data, view, theme=theme)
        alphas[theme.name] = {
            float(colour.rsplit(",", 1)[1].rstrip(")"))
            for trace in getattr(scene, figure)["data"]
            if trace.get("customdata") and trace["customdata"][0][0] == "actor"
            for colour in each(trace["marker"]["color"], trace)
        }
    assert alphas == {"light": {1.0, LIGHT.marker_dim}, "dark": {1.0, 0.5}}


def test_an_arcs_hover_wraps_long_names_as_it_wraps_quotes():
    """Two names of 120 characters (the most a name may hold) made the
    hover's first line 245 characters wide: at 1280x720 the whole hover was
    wider than the map, cut off at both edges."""
    from dashboard.core.describe import HOVER_LINE, pair_hover

    rows = [
        {"source": "a", "target": "b", "kind": "call", "stance": "neutral",
         "date_label": f"{day} Dec 2025", "confidence": "reported",
         "reported_by": "TASS", "quote": "They spoke"}
        for day in (1, 2)
    ]  # fmt: skip
    names = {"a": "W" * 120, "b": "Org <b>" + "x" * 113}
    hover = pair_hover(rows, names)
    lines = [re.sub("<[^>]+>", "", line) for line in hover.split("<br>")]
    lines = [html.unescape(line) for line in lines]
    assert max(len(line) for line in lines) <= HOVER_LINE + len(": 2 relations")
    title = "".join(lines)
    assert "W" * 120 in title and "Org <b>" + "x" * 113 in title  # whole, as text
    assert "<b>Org" not in hover  # the name's own markup escaped


def test_a_data_sets_own_count_column_changes_nothing_drawn(data):
    """The map took relations with a ``count`` column for a large view's
    pairs: data with a column of that name drew one arc per relation, each
    1.5 px wide, with its own hover instead of its pair's."""
    from plotly.utils import PlotlyJSONEncoder

    def drawn(relations):
        return json.dumps(
            make_map_figure(data.actors, relations), cls=PlotlyJSONEncoder
        )

    assert drawn(data.relations.assign(count="1")) == drawn(data.relations)


def test_every_country_with_a_capital_in_the_gazetteer_is_placed():
    """The gazetteer spells some capitals one way for the country and another
    for the city ("Brasilia", "Brasília"; "Nur-Sultan", "Astana"): Brazil,
    Colombia, Kazakhstan and a dozen more had no capital, and their actors
    without coordinates were left off the map, their arcs too, unsaid."""
    import pandas as pd

    from dashboard.core.geo import capital_of
    from dashboard.core.validate import validate_actors

    assert capital_of("BRA") == pytest.approx((-15.78, -47.93), abs=0.01)
    assert capital_of("KAZ") == pytest.approx((51.18, 71.45), abs=0.01)  # Astana
    assert capital_of("CRI") == pytest.approx(
        (9.93, -84.08), abs=0.01
    )  # the capital's San José
    codes = ["BRA", "COL", "KAZ", "ISL", "PRY", "CRI", "MNG", "CMR", "TGO", "TON"]
    actors = pd.DataFrame(
        {"id": [c.lower() for c in codes], "name": codes, "kind": "state", "country": codes}
    )  # fmt: skip
    validated = validate_actors(actors, list(range(2, 12)), problems := [])
    assert problems == []
    assert sorted(map_places(validated)) == sorted(actors["id"])


def test_the_map_names_the_actors_it_has_no_place_for(tmp_path):
    """An organisation with no country and no coordinates has no place on the
    map: the header counted it and the map left it out, arcs too, unsaid.
    The note beside the map's title names it, and a map image's notes; once
    its relations leave the window, it is not named."""
    import shutil

    from dashboard.core.load import load_dataset
    from dashboard.core.model import prepare
    from dashboard.outputs.briefing import _scene_and_words, view_slide
    from dashboard.web.state import view_store
    from dashboard.web.views import update_figures
    from tests.conftest import BUNDLED

    shutil.copytree(
        BUNDLED, tmp_path / "data", ignore=shutil.ignore_patterns("stories")
    )
    with open(tmp_path / "data" / "actors.csv", "a", encoding="utf-8") as actors:
        actors.write("nato,NATO,,organization,,,,,\n")
    with open(tmp_path / "data" / "relations.csv", "a", encoding="utf-8") as rows:
        rows.write(
            "r99,nato,russia,warning,2025-12-10,,day,,NATO warns Russia.,Guacamaya,"
            "Guacamaya,,Russia already played a significant role,reported,,test\n"
        )
    data = prepare(load_dataset(tmp_path / "data"))
    view = View(start=date(2025, 12, 10), end=date(2025, 12, 10))
    scene = make_scene(data, view)
    note = "not on the map, no known place: NATO"
    assert scene.unplaced == note
    involved = set(scene.relations["source"]) | set(scene.relations["target"])
    assert "nato" in involved and f"among {len(involved)} actors" in scene.header
    assert "nato" not in json.dumps(scene.map["data"], default=str)  # not drawn
    assert "nato" in json.dumps(scene.graph["data"], default=str)
    assert (
        scene.map_words() == note
        and update_figures(data, view_store(view, None))[5] == note
    )
    slide = view_slide(data, view, "NATO warns")
    for figure, said in [("map", True), ("graph", False), ("both", True)]:
        assert (note in scene.notes_of(figure)) is said
        words = _scene_and_words(data, slide, "light", True, figure)[2]
        assert (note in words.shown) is said  # the image's filter line
    # a window without its relation: nothing to say
    earlier = View(start=date(2025, 12, 1), end=date(2025, 12, 8))
    assert make_scene(data, earlier).unplaced == ""
    assert update_figures(data, view_store(earlier, None))[5] == ""


def test_a_large_view_names_only_the_placeless_actors_of_the_pairs_it_draws(tmp_path):
    """A large view's map draws its busiest pairs: of the actors it cannot
    place, it names those of the pairs drawn, busiest first, and counts the
    rest; one name shared by two actors is said once."""
    from dashboard.core.aggregate import DRAW_LIMIT
    from dashboard.core.load import load_dataset
    from dashboard.core.model import prepare
    from dashboard.devtools.synthetic import generate

    actors, relations = generate(4000, 300, seed=3)
    lost = pd.DataFrame(
        {"id": [f"org-{n}" for n in range(6)], "name": ["NATO", "NATO", "UN", "OSCE", "AU", "Quiet"],
         "kind": "organization", "country": ""}
    )  # fmt: skip
    busiest = relations["source"].value_counts().index[:1].tolist()
    extra = pd.DataFrame(
        {"id": [f"z{n}" for n in range(51)], "source": ["org-0"] * 20 + ["org-1"] * 15
         + ["org-2"] * 10 + ["org-3"] * 4 + ["org-4"] * 1 + ["org-5"],
         "target": busiest[0], "kind": "warning", "start": "2020-06-01",
         "confidence": "reported", "source_count": 1, "origin": "synthetic"}
    )  # fmt: skip
    folder = tmp_path / "data"
    folder.mkdir()
    pd.concat([actors, lost]).to_csv(folder / "actors.csv", index=False)
    pd.concat([relations, extra]).to_csv(folder / "relations.csv", index=False)
    data = prepare(load_dataset(folder))
    whole = View(start=date(2015, 1, 1), end=date(2025, 12, 31))
    scene = make_scene(data, whole)
    assert len(scene.relations) > DRAW_LIMIT  # a large view: pairs drawn
    # NATO twice (20 and 15 relations), UN 10, OSCE 4; AU's and Quiet's
    # single relations are not among the pairs drawn
    assert scene.unplaced == "not on the map, no known place: NATO, UN, OSCE"
    quiet = make_scene(data, replace(whole, focus="org-5"))  # named: a focus
    assert quiet.unplaced.endswith("UN, OSCE and 1 more")


def test_a_network_laid_out_in_a_row_keeps_its_links_in_the_panel(tmp_path):
    """Two chains of actors (Samoa-Fiji-US-Japan, New Zealand-Tonga) were laid
    out in one row: the y axis was a millionth wide, and each link's slight
    bow was stretched into a vertical line off the panel. Each axis now spans
    at least half the other's extent, and every link stays inside both."""
    from dashboard.core.load import load_dataset

    (tmp_path / "actors.csv").write_text(
        "id,name,kind,country\nfiji,Fiji,state,FJI\nsamoa,Samoa,state,WSM\n"
        "tonga,Tonga,state,TON\nnz,New Zealand,state,NZL\nusa,United States,state,USA\n"
        "japan,Japan,state,JPN\n"
    )
    pairs = [("fiji", "samoa"), ("usa", "japan"), ("nz", "tonga"), ("usa", "fiji")]
    (tmp_path / "relations.csv").write_text(
        "id,source,target,kind,start,summary,reported_by,source_document,quote,"
        "confidence\n"
        + "".join(
            f"p{n},{a},{b},meeting,2025-01-0{n + 1},They met.,T,T,They met,reported\n"
            for n, (a, b) in enumerate(pairs)
        )
    )
    data = load_dataset(tmp_path)
    # the case: every actor in one row, as a layout of components drew them
    row = ["samoa", "fiji", "usa", "japan", "nz", "tonga"]
    positions = {actor: (float(n), 0.0) for n, actor in enumerate(row)}
    graph = make_network_figure(data.actors, data.relations, positions, size=(496, 300))
    (x0, x1), (y0, y1) = (
        graph["layout"]["xaxis"]["range"],
        graph["layout"]["yaxis"]["range"],
    )
    assert y1 - y0 >= 0.5 * (len(row) - 1)
    lines = [trace for trace in graph["data"] if trace.get("mode") == "lines"]
    points = [
        (x, y)
        for trace in lines
        for x, y in zip(trace["x"], trace["y"])
        if x is not None and not (isinstance(x, float) and np.isnan(x))
    ]
    assert lines and points
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points)


def test_a_pair_apart_from_the_rest_is_laid_out_clear_of_it():
    """A component of two (New Zealand and Tonga, who deal only with each
    other) sat at a lone actor's size and place: the two nodes lay on each
    other and on Japan, at the largest component's edge. Each smaller
    component sits in a column to the right of the largest, clear of it and
    of each other, a lone actor too."""
    actors = pd.DataFrame(
        {"id": ["fiji", "samoa", "usa", "japan", "nz", "tonga", "alone"]}
    )
    relations = pd.DataFrame(
        {
            "source": ["fiji", "usa", "usa", "nz"],
            "target": ["samoa", "japan", "fiji", "tonga"],
        }
    )
    where = {k: np.array(v) for k, v in network_positions(actors, relations).items()}
    main = ["fiji", "samoa", "usa", "japan"]
    assert np.linalg.norm(where["nz"] - where["tonga"]) >= 0.4
    for other in ("nz", "tonga", "alone"):
        assert min(np.linalg.norm(where[other] - where[m]) for m in main) >= 0.3
        assert 1.1 < where[other][0] <= 2.0 and -1 <= where[other][1] <= 1
    assert (
        min(np.linalg.norm(where["alone"] - where[i]) for i in ("nz", "tonga")) >= 0.3
    )


def _marker_sizes(graph: dict) -> list[float]:
    """The node markers' sizes (px) of a network figure."""
    return [
        float(size)
        for trace in graph["data"]
        if trace.get("mode") == "markers"
        and trace.get("name") == "state"
        and trace.get("showlegend") is False
        for size in np.atleast_1d(trace["marker"]["size"])
    ]


def test_nodes_close_together_are_drawn_smaller_all_alike(tmp_path):
    """63 states of a day of GDELT events, drawn at full size, lay on each
    other in a heap. Nodes packed closer than their size are drawn smaller,
    all by one factor (the busiest stays the largest); nodes with room keep
    their size."""
    from dashboard.core.load import load_dataset

    ids = [f"s{i}" for i in range(36)]
    (tmp_path / "actors.csv").write_text(
        "id,name,kind,country\n" + "".join(f"{a},{a},state,USA\n" for a in ids)
    )
    (tmp_path / "relations.csv").write_text(
        "id,source,target,kind,start,summary,reported_by,source_document,quote,"
        "confidence\n"
        + "".join(
            f"r{n},s0,{a},meeting,2025-01-01,They met.,T,T,They met,reported\n"
            for n, a in enumerate(ids[1:])
        )
    )
    data = load_dataset(tmp_path)
    actors, relations = data.actors, data.relations
    grid = {actor: (i % 6, i // 6) for i, actor in enumerate(ids)}  # 6 x 6

    def sizes(panel: int) -> list[float]:
        graph = make_network_figure(actors, relations, grid, size=(panel, panel))
        return _marker_sizes(graph)

    roomy, packed = sizes(1600), sizes(200)  # some 250 px apart, or 25
    assert len(roomy) == len(packed) == 36
    assert min(roomy) >= 26  # a state's own size, and more for its relations
    assert max(packed) < max(roomy) and min(packed) < 26
    # one factor for all: the hub is still the largest, in the same ratio
    assert max(packed) / min(packed) == pytest.approx(max(roomy) / min(roomy))


def test_a_focus_and_a_paths_ends_are_ringed_on_both_figures(bundled_data):
    """In a neighbourhood of hundreds the selected actor was one marker among
    them, found only by its name's leader line."""
    from dashboard.core.view import View
    from dashboard.figures.scene import make_scene

    span = bundled_data.span

    def rings(view):
        scene = make_scene(bundled_data, view)
        found = {}
        for name, figure in (("map", scene.map), ("graph", scene.graph)):
            traces = [t for t in figure["data"] if t.get("name") == "anchors"]
            found[name] = [
                (round(float(x), 2), round(float(y), 2))
                for t in traces
                for x, y in zip(t.get("x", t.get("lon")), t.get("y", t.get("lat")))
            ]
        return found

    assert rings(View(start=span[0], end=span[1])) == {"map": [], "graph": []}
    ringed = rings(View(start=span[0], end=span[1], focus="putin", depth=1))
    x, y = bundled_data.positions["putin"][:2]
    assert ringed["graph"] == [(round(x, 2), round(y, 2))]
    assert len(ringed["map"]) == 1
    ends = rings(View(start=span[0], end=span[1], path=("lukashenko", "trump")))
    assert len(ends["graph"]) == len(ends["map"]) == 2


@pytest.mark.parametrize(
    ("theme", "size"),
    [(theme_for(present=True), (614, 458)), (LIGHT, (496, 390))],
    ids=["presenting-1280x720", "1280x720"],
)
def test_a_graph_of_a_few_actors_names_every_one(bundled_data, theme, size):
    """Presenting at 1280x720, Turkish Airlines at the graph's right end had
    a link's marker in the way of every place for its name and went
    unnamed: a class saw a grey triangle with no name."""
    view = View(start=date(2019, 1, 1), end=date(2025, 12, 11))
    scene = make_scene(bundled_data, view, theme=theme, sizes={"graph": size})
    drawn = {
        text
        for trace in scene.graph["data"]
        if trace.get("name") in ("names", "labels")
        for text in trace["text"]
    }
    actors = bundled_data.dataset.actors
    every = {label or name for label, name in zip(actors["label"], actors["name"])}
    assert drawn == every and len(drawn) == 14


def test_many_links_of_one_pair_fan_close_and_stay_in_the_panel(data, positions):
    """Fifteen ICEWS events between two states bowed out 1.3 times their
    length, and the network's frame, made from the actors' places alone, cut
    them off at the panel's top edge."""
    one = data.relations[data.relations["id"] == "r02"]  # United States -> Maduro
    many = pd.concat([one] * 15, ignore_index=True)
    many["id"] = [f"m{number:02d}" for number in range(15)]
    placed = dict(positions)
    ys = [y for _, y in placed.values()]
    placed["united-states"], placed["maduro"] = (-1.0, max(ys)), (1.0, max(ys))
    figure = make_network_figure(data.actors, many, placed)
    top = figure["layout"]["yaxis"]["range"][1]
    links = [
        y
        for trace in figure["data"]
        if trace.get("mode") == "lines" and trace.get("hoverinfo") == "skip"
        for y in trace["y"]
        if y is not None
    ]
    assert len(links) >= 15 * 8
    assert max(links) <= top  # every link inside the frame
    # the fan bows out at most a quarter of the pair's distance (2.0) apart
    assert max(links) - max(ys) <= 0.5
    assert min(links) - max(ys) >= -0.5


def test_a_link_is_led_round_a_node_it_would_cross(data, positions):
    """Lukashenko -> United States ran straight under Russia's node, between
    them: it read as two links through Russia, and its marker was hidden."""
    link = data.relations[data.relations["id"] == "r18"]  # Lukashenko -> US
    placed = dict(positions)
    placed["lukashenko"], placed["russia"], placed["united-states"] = (
        (-1.0, 0.0),
        (0.0, 0.0),
        (1.0, 0.0),
    )
    # Russia busy elsewhere in the window: drawn large
    busy = {"lukashenko": 1, "united-states": 1, "russia": 100}
    figure = make_network_figure(data.actors, link, placed, degree=busy)
    layout = figure["layout"]
    (x0, x1), (y0, y1) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    width, height = DEFAULT_SIZE[0] - 8, DEFAULT_SIZE[1] - 8 - layout["margin"]["b"]
    points = np.array(
        [
            (x, y)
            for trace in figure["data"]
            if trace.get("mode") == "lines" and trace.get("hoverinfo") == "skip"
            for x, y in zip(trace["x"], trace["y"])
            if np.isfinite(x)
        ]
    )
    assert len(points) >= 8
    pixels = (points - (0.0, 0.0)) / (x1 - x0, y1 - y0) * (width, height)
    # clear of Russia's square (its half diagonal, at most 25 px) and more
    (size,) = [
        np.asarray(trace["marker"]["size"])[list(trace["customdata"]).index(chosen)]
        for trace in figure["data"]
        for chosen in [["actor", "russia"]]
        if chosen in list(trace.get("customdata", []))
    ]
    assert size >= 30  # as drawn, large
    # clear of Russia's square: its half diagonal
    assert np.hypot(*pixels.T).min() > size / np.sqrt(2)
    # and still a link between its own two ends
    assert {tuple(points[0]), tuple(points[-1])} == {(-1.0, 0.0), (1.0, 0.0)}


@pytest.mark.parametrize(
    "window",
    [
        (date(2025, 11, 1), date(2025, 12, 11)),  # 0 to 2 a day
        (date(2019, 1, 1), date(2025, 12, 11)),  # 0 to 10 a month
        (date(2019, 1, 1), date(2019, 12, 31)),  # shares of one a week
    ],
)
def test_the_detail_counts_name_no_zero_and_keep_off_its_top(data, window):
    """The count axis's "0" lay over the first date under it ("2 Nov"), and
    a count at the axis's top ("10") over the strip of standing relations."""
    figure = make_time_bar_figure(data.relations, window, data.date_span)
    axis = figure["layout"]["yaxis2"]
    ticks, (_, top) = axis["tickvals"], axis["range"]
    assert ticks and 0 not in ticks
    assert max(ticks) <= 0.85 * top
    assert all(b - a == axis["dtick"] for a, b in zip(ticks, ticks[1:]))
