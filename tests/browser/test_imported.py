"""An imported event-data directory opens in the dashboard like the bundled one."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from dashboard.cli import main
from dashboard.core.geo import known_country_codes
from tests.browser.conftest import Atlas, serve_in_background
from tests.browser.test_framing_and_labels import _DRAWN, boxes_overlap
from tests.conftest import BUNDLED, FIXTURES, ICEWS_SAMPLE

GDELT_DAY = FIXTURES / "gdelt" / "20150218230000.export.CSV.zip"


@pytest.fixture(scope="module")
def imported_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("icews")
    assert main(["import", "icews", str(ICEWS_SAMPLE), "--out", str(directory)]) == 0
    return directory


@pytest.fixture(scope="module")
def imported_url(imported_dir):
    process, url = serve_in_background(imported_dir)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def together_url(imported_dir):
    process, url = serve_in_background(BUNDLED, imported_dir)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_imported_icews_directory_in_the_browser(browser, imported_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    atlas = Atlas(context.new_page(), imported_url).open()
    assert atlas.console_errors == [] and atlas.foreign_requests == []
    assert "53 relations among 25 actors" in atlas.page.inner_text("#header-window")
    # event data carries its own stance (QuadClass): a cooperative "meeting" is
    # still listed, and checked, under its usual group
    assert atlas.page.locator(".atlas-filters input[value='meeting']").is_checked()
    assert "kinds" not in atlas.query()
    assert "sergey-viktorovich-lavrov" in atlas.shown("network-graph", "actor")
    atlas.click_point("network-graph", "actor", "sergey-viktorovich-lavrov")
    details = atlas.page.inner_text("#details")
    assert (
        "Sergey Viktorovich Lavrov" in details and "Make optimistic comment" in details
    )
    assert "cameo_code: 013" in details  # the importer's extra columns are shown
    atlas.screenshot("imported-icews")
    context.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
def test_no_name_lies_across_a_ring_in_a_dense_event_view(browser, imported_url, size):
    """Lavrov in focus among ICEWS's crowd of ministers: "United States",
    emphasised, lay across his ring, as did "Nationalist Movement Party"
    with the window split, and "United States" with a path to it."""
    context = browser.new_context(viewport=dict(zip(("width", "height"), size)))
    atlas = Atlas(context.new_page(), imported_url)
    for query in (
        "?focus=sergey-viktorovich-lavrov",
        "?focus=sergey-viktorovich-lavrov&compare=2018-06-02",
        "?path=sergey-viktorovich-lavrov,united-states&compare=2018-06-02",
    ):
        atlas.open(query)
        for graph in ("geo-map", "network-graph"):
            drawn = atlas.page.evaluate(_DRAWN, graph)
            # (7 on the map at 1280 with the path: a name that would have sat
            # on a leader line beside other markers goes unnamed)
            assert drawn["rings"] and len(drawn["labels"]) >= 7, (query, graph)
            across = [
                label["text"]
                for label in drawn["labels"]
                for ring in drawn["rings"]
                if boxes_overlap(label["box"], ring)
            ]
            assert across == [], (query, graph)
    atlas.screenshot(f"icews-rings-{size[0]}")
    assert atlas.console_errors == []
    context.close()


def test_curated_and_imported_data_together(browser, together_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    atlas = Atlas(context.new_page(), together_url).open()
    assert "80 relations" in atlas.page.inner_text("#header-window")
    # each relation's origin is visible and filterable
    atlas.page.locator(".atlas-filters label", has_text="ICEWS").click()
    atlas.settle()
    assert atlas.query()["origins"] == "Guacamaya article (curated)"
    assert "27 relations" in atlas.page.inner_text("#header-window")
    atlas.open("?origins=ICEWS")
    assert "53 relations" in atlas.page.inner_text("#header-window")
    atlas.click_point("network-graph", "actor", "sergey-viktorovich-lavrov")
    assert "Data: ICEWS" in atlas.page.inner_text("#details")
    atlas.screenshot("curated-and-imported")
    context.close()


@pytest.fixture(scope="module")
def gdelt_world_url(tmp_path_factory):
    """A quarter hour of GDELT events among every state it names: 63 states,
    on 17 and 18 Feb 2015 and (events it dates a year back) 18 Feb 2014."""
    with zipfile.ZipFile(GDELT_DAY) as archive:
        text = archive.read(archive.namelist()[0]).decode()
    rows = csv.reader(io.StringIO(text), delimiter="\t")
    # the states among its actors' codes (not CAMEO's regions, "EUR", "AFR",
    # which --countries refuses)
    codes = {row[i] for row in rows for i in (7, 17)} & known_country_codes()
    directory = tmp_path_factory.mktemp("gdelt-world")
    given = ["--out", str(directory), "--countries", ",".join(sorted(codes))]
    assert main(["import", "gdelt", str(GDELT_DAY), *given]) == 0
    process, url = serve_in_background(directory)
    yield url
    process.terminate()
    process.wait(timeout=10)


TICKS = """(axis) => [...document.querySelectorAll('#time-bar .' + axis + 'tick text')]
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent, middle: r.x + r.width / 2}; })"""
NODES = """() => {
    const plot = document.querySelector('#network-graph .js-plotly-plot');
    const layers = [...plot.querySelectorAll('.scatterlayer .trace')];
    const boxes = [];
    plot.data.forEach((trace, t) => {
        const cd = trace.customdata || [];
        if (trace.mode !== 'markers' || !cd.some(c => c && c[0] === 'actor')) return;
        const layer = layers.find(l => l.__data__ && l.__data__[0] &&
                                  l.__data__[0].trace.index === t);
        layer.querySelectorAll('path.point').forEach(p => {
            const r = p.getBoundingClientRect();
            boxes.push([r.x + r.width / 2, r.y + r.height / 2, r.width]);
        });
    });
    return boxes;
}"""


def test_a_day_of_world_events_reads_in_the_time_bar_and_the_network(
    browser, gdelt_world_url
):
    """A day of GDELT events among 63 states: the time bar's overview had no
    date under it (it named only the first of a month), an empty note drew a
    dot over the bars, and the network's states lay on each other in a heap
    in the middle third of the panel, the pairs that deal only with each
    other on a ring round them."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    atlas = Atlas(context.new_page(), gdelt_world_url).open()
    assert atlas.console_errors == [] and atlas.foreign_requests == []
    assert "among 63 actors" in atlas.page.inner_text("#header-window")
    overview = [tick["text"] for tick in atlas.page.evaluate(TICKS, "x")]
    assert overview == ["18 Feb 2014", "17 Feb 2015", "18 Feb"]
    # no annotation without words is drawn (its box was the dot)
    notes = atlas.page.eval_on_selector_all(
        "#time-bar .annotation-text", "(ns) => ns.map(n => n.textContent)"
    )
    assert "" not in notes
    # a day's window: its one date under the middle of the detail
    atlas.open("?start=2015-02-18&end=2015-02-18")
    (day,) = atlas.page.evaluate(TICKS, "x2")
    plot = atlas.page.locator("#time-bar .draglayer .x2y2 .nsewdrag").bounding_box()
    assert day["text"] == "18 Feb"
    assert day["middle"] == pytest.approx(plot["x"] + plot["width"] / 2, abs=4)
    atlas.open()
    # the year's window of weeks, ticked by month: each tick says its year
    months = [tick["text"] for tick in atlas.page.evaluate(TICKS, "x2")]
    assert len(months) >= 3 and all(text[-4:] in ("2014", "2015") for text in months)
    nodes = atlas.page.evaluate(NODES)
    assert len(nodes) == 63
    panel = atlas.page.locator("#network-graph .nsewdrag").bounding_box()
    # most nodes clear of their nearest neighbour (55 of 63 touched one)
    touching = 0
    for n, (x, y, width) in enumerate(nodes):
        gaps = [
            ((x - x2) ** 2 + (y - y2) ** 2) ** 0.5 - (width + width2) / 2
            for m, (x2, y2, width2) in enumerate(nodes)
            if m != n
        ]
        touching += min(gaps) < 0
    assert touching <= 0.25 * len(nodes), touching
    # and spread over the panel: the middle half of the nodes across at
    # least a fifth of its width and of its height (it was 70 of 488 px
    # wide, 27 of 338 high)
    for axis, side in ((0, "width"), (1, "height")):
        ordered = sorted(node[axis] for node in nodes)
        middle = ordered[3 * len(ordered) // 4] - ordered[len(ordered) // 4]
        assert middle >= panel[side] / 5, (axis, middle, panel[side])
    atlas.screenshot("gdelt-world-day")
    context.close()
