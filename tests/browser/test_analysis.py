"""Analyst tools in the real browser: focus, path, tables, change, blocs, downloads."""

from __future__ import annotations

import io
import json
import re
import zipfile

import networkx as nx
import pytest

from dashboard.figures.timebar import SPLIT_SHAPES


def test_focus_depth_shows_only_the_neighbourhood(atlas):
    atlas.open("?focus=erdogan")
    assert len(atlas.shown("network-graph", "actor")) == 14  # highlight only
    atlas.page.locator("#focus-depth label", has_text="1 step").click()
    atlas.settle()
    assert atlas.shown("network-graph", "actor") == {"erdogan", "maduro"}
    assert atlas.shown("geo-map", "relation") == {"r22"}
    assert atlas.query()["depth"] == "1"
    atlas.page.locator("#focus-depth label", has_text="2 steps").click()
    atlas.settle()
    assert "putin" in atlas.shown("network-graph", "actor")


def _pick(atlas, dropdown_id: str, text: str) -> None:
    atlas.page.click(f"#{dropdown_id}")
    atlas.page.locator(".dash-dropdown-search:visible").fill(text)
    atlas.page.locator(".dash-dropdown-option:visible").first.click()
    atlas.settle()


def test_path_from_lukashenko_to_trump(atlas):
    atlas.open()
    _pick(atlas, "path-from", "Lukashenko")
    _pick(atlas, "path-to", "Trump")
    assert atlas.query()["path"] == "lukashenko,trump"
    panel = atlas.page.inner_text("#path-panel")
    assert "Lukashenko → Maduro → Trump" in panel
    assert "full guarantees of legal amnesty" in panel  # each step with its quote
    assert atlas.page.locator("#pane-path").is_visible()
    # the chain is drawn strong on the graph, everything else faded
    strong = atlas.page.evaluate(
        """() => document.querySelector('#network-graph .js-plotly-plot').data
            .filter(t => t.name === 'relations')
            .flatMap(t => t.customdata.filter((c, i) => t.marker.color[i].endsWith(',1)'))
            .map(c => c[1]))"""
    )
    assert set(strong) == {"r04", "r06", "r08", "r09", "r11", "r15"}
    atlas.screenshot("path-lukashenko-trump")


def test_the_path_tabs_pair_timeline_shows_whole_dates_in_the_theme(atlas):
    """Its dates read "Nov 2" with the year on a second line, cut off under
    the axis; and it was white in the dark theme."""
    atlas.open("?path=maduro,lukashenko&tab=path&theme=dark")
    chart = atlas.page.locator("#path-panel .atlas-pair .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    ticks = chart.evaluate(
        """plot => {
            const bottom = plot.getBoundingClientRect().bottom;
            return [...plot.querySelectorAll('.xtick text')].map(t => [
                t.textContent, t.getBoundingClientRect().bottom <= bottom]);
        }"""
    )
    assert len(ticks) >= 2
    for words, inside in ticks:
        assert re.fullmatch(r"(\d{1,2} )?([A-Z][a-z]{2} )?\d{4}", words), words
        assert inside, words
    background = chart.locator(".main-svg").first.evaluate(
        "svg => getComputedStyle(svg).backgroundColor"
    )
    assert background != "rgb(255, 255, 255)"


def test_events_table_row_selects_the_relation(atlas):
    atlas.open("?start=2025-11-20&end=2025-12-12")
    atlas.page.locator("#panel-tabs label", has_text="Events").click()
    row = atlas.page.locator("#events-table .ag-row[row-id='r04'] .ag-cell").first
    row.click()
    atlas.settle()
    # still on the table; the relation is highlighted on the graph and the map
    assert atlas.page.locator("#pane-events").is_visible()
    atlas.page.locator("#panel-tabs label", has_text="Details").click()
    atlas.settle()
    assert "full guarantees of legal amnesty" in atlas.page.inner_text("#details")
    assert "relations over time" in atlas.page.inner_text("#details")  # pair timeline
    atlas.screenshot("events-table")


def test_events_table_sorts_and_filters(atlas):
    atlas.open()
    atlas.page.locator("#panel-tabs label", has_text="Events").click()
    atlas.column_in_view("events-table", "confidence")  # past the dates, whole
    atlas.page.locator("#events-table .ag-header-cell[col-id='confidence']").click()
    atlas.page.wait_for_timeout(300)
    first = atlas.page.locator(
        "#events-table .ag-row[row-index='0'] [col-id='confidence']"
    )
    assert first.inner_text() == "confirmed"
    atlas.page.locator("#events-table .ag-header-cell[col-id='confidence']").click()
    atlas.page.wait_for_timeout(300)
    assert first.inner_text() == "speculative"


def test_rankings_row_selects_the_actor(atlas):
    atlas.open()
    atlas.page.locator("#panel-tabs label", has_text="Rankings").click()
    top = atlas.page.locator("#rankings .ag-row[row-index='0'] [col-id='name']")
    assert top.inner_text() == "Nicolás Maduro"
    atlas.page.locator("#rankings .ag-row[row-id='lukashenko'] [col-id='name']").click()
    atlas.settle()
    assert atlas.query()["focus"] == "lukashenko"
    atlas.page.locator("#panel-tabs label", has_text="Details").click()
    atlas.settle()
    assert "Alexander Lukashenko" in atlas.page.inner_text("#details")


def test_change_between_before_and_after(atlas):
    atlas.open("?start=2019-01-01&end=2025-12-11&compare=2025-11-21")
    assert atlas.page.locator("#pane-change").is_visible()
    panel = atlas.page.inner_text("#change-panel")
    assert "13 relations appeared from 21 Nov 2025" in panel
    assert "2 relations ended before 21 Nov 2025" in panel
    # known only as of 11 Dec: apart, not among those that appeared
    assert "6 relations standing, known as of 11 Dec 2025" in panel
    # a list of ten or more has room for its numbers: "10." was cut to "l0."
    room = atlas.page.evaluate(
        """() => [...document.querySelectorAll('#change-panel ol')].map(list => {
            const style = getComputedStyle(list);
            const pen = document.createElement('canvas').getContext('2d');
            pen.font = `${style.fontSize} ${style.fontFamily}`;
            return parseFloat(style.paddingLeft) - pen.measureText('100. ').width;
        })"""
    )
    assert room and min(room) >= 0, room
    # each change has its mark on the figures, and a legend entry saying so
    names = {trace["name"] for trace in atlas.figure_data("network-graph")}
    assert {"appeared", "ended", "stance changed"} <= names
    # and the split is marked on the time bar's detail and overview
    assert _split_lines(atlas) == [["2025-11-21", True], [True]]
    atlas.screenshot("change-split-time-bar")
    atlas.open("?start=2019-01-01&end=2025-12-11")
    assert _split_lines(atlas) == [[False], [False]]


def _split_lines(atlas) -> list[list]:
    """The time bar's split lines as drawn: the detail's date when it shows
    and whether it is drawn, whether the overview's is drawn."""
    return atlas.page.evaluate(
        """([overview, detail]) => {
            const gd = document.querySelector('#time-bar .js-plotly-plot');
            const drawn = (index) =>
                !!gd.querySelector(`.shapelayer path[data-index="${index}"]`);
            const line = gd.layout.shapes[detail];
            return [line.visible ? [line.x0.slice(0, 10), drawn(detail)]
                                 : [drawn(detail)],
                    [drawn(overview)]];
        }""",
        list(SPLIT_SHAPES),
    )


def test_blocs_colour_the_actors(atlas):
    atlas.open("?colour=bloc")
    names = {t["name"] for t in atlas.figure_data("network-graph")}
    assert "Maduro bloc" in names and "no bloc" in names
    # the blocs' legend below each figure, not over it: laid over the top
    # left, it hid Putin and took his hover
    for graph in ("geo-map", "network-graph"):
        box = atlas.page.evaluate(
            """(id) => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
               const top = gd.getBoundingClientRect().top, size = gd._fullLayout._size;
               const blocs = gd.querySelector('g.legend2').getBoundingClientRect();
               return {plot: size.t + size.h, blocs: blocs.top - top, end: blocs.bottom - top,
                       height: gd.getBoundingClientRect().height}; }""",
            graph,
        )
        assert box["plot"] <= box["blocs"] < box["end"] <= box["height"], (graph, box)
    putin = atlas.page.evaluate(
        """() => { const gd = document.querySelector('#network-graph .js-plotly-plot');
           for (const g of gd.querySelectorAll('g.trace')) {
             const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
             const at = t && t.customdata ? t.customdata.findIndex(
               c => c && c[0] === 'actor' && c[1] === 'putin') : -1;
             const point = at >= 0 && g.querySelectorAll('path.point')[at];
             if (point) { const r = point.getBoundingClientRect();
               return [r.x + r.width / 2, r.y + r.height / 2]; } }
           return null; }"""
    )
    atlas.page.mouse.move(*putin)
    atlas.page.wait_for_timeout(200)
    hovered = atlas.page.evaluate(
        "() => (document.querySelector('#network-graph .js-plotly-plot')._hoverdata"
        " || [{}])[0].customdata"
    )
    assert hovered == ["actor", "putin"]
    atlas.screenshot("blocs")


@pytest.mark.parametrize(
    "screen", [(1280, 720), (1920, 1080)], indirect=True, ids=["720p", "1080p"]
)
@pytest.mark.parametrize("query", ["?colour=bloc", "?colour=bloc&present=1"])
def test_the_blocs_legend_shows_its_rows_without_a_scroll_bar(screen, query):
    """Presenting at 1280x720, the blocs' two rows took 0.1 px more than
    their box: a scroll bar stood beside them."""
    atlas = screen.open(query)
    for graph in ("geo-map", "network-graph"):
        legend = atlas.page.evaluate(
            """(id) => { const box = document.querySelector('#' + id + ' g.legend2');
               const bar = box.querySelector('rect.scrollbar');
               const inside = box.querySelector('rect.bg').getBoundingClientRect();
               const shown = [...box.querySelectorAll('.traces')].filter((t) => {
                 const r = t.getBoundingClientRect();
                 return r.top >= inside.top - 1 && r.bottom <= inside.bottom + 1; });
               return {bar: bar ? Number(bar.getAttribute('height')) : 0,
                       shown: shown.length}; }""",
            graph,
        )
        # the four blocs, every one whole, and nothing to scroll
        assert legend == {"bar": 0, "shown": 4}, (graph, legend)
    width = atlas.page.viewport_size["width"]
    atlas.screenshot(f"blocs-legend{'-present' if 'present' in query else ''}-{width}")


@pytest.mark.parametrize("fmt", ["csv", "graphml", "gexf", "json"])
def test_each_download(atlas, tmp_path, fmt):
    atlas.open("?start=2019-01-01&end=2019-12-31")
    with atlas.page.expect_download() as caught:
        atlas.page.click(f'[id=\'{{"format":"{fmt}","type":"export"}}\']')
    path = tmp_path / caught.value.suggested_filename
    caught.value.save_as(path)
    assert path.name.startswith("alliance-atlas_2019-01-01_2019-12-31_")
    if fmt == "csv":
        archive = zipfile.ZipFile(path)
        assert sorted(archive.namelist()) == [
            "README.txt",
            "actors.csv",
            "relations.csv",
        ]
        relations = archive.read("relations.csv").decode()
        assert relations.count("\nr0") == 2
        return
    if fmt == "json":
        graph = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    elif fmt == "graphml":
        graph = nx.read_graphml(path, force_multigraph=True)
    else:
        graph = nx.read_gexf(io.BytesIO(path.read_bytes()))
    assert graph.number_of_edges() == 2
    assert set(graph.nodes) == {"russia", "united-states", "maduro"}


def test_the_focus_is_ringed_on_both_drawn_figures(atlas):
    """In a neighbourhood of hundreds the selected actor was one marker among
    them: a ring round it on the map and the network, as Plotly drew them."""
    drawn = """(sel) => document.querySelector(sel + ' .js-plotly-plot').calcdata
        .filter(trace => trace[0].trace.name === 'anchors')
        .map(trace => trace.length)"""
    atlas.open("?focus=putin&depth=1")
    for graph in ("#geo-map", "#network-graph"):
        assert atlas.page.evaluate(drawn, graph) == [1], graph
    atlas.open("?kinds=support")  # no focus: no ring
    for graph in ("#geo-map", "#network-graph"):
        assert atlas.page.evaluate(drawn, graph) == [], graph
