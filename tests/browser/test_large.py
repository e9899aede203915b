"""A large data directory in the browser: pairs drawn, short lists, a graph that
fills its panel, and a focus that stays drawn."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from dashboard.core.aggregate import DRAW_LIMIT
from dashboard.core.load import load_dataset
from dashboard.web.panels import LIST_LIMIT
from tests.browser.conftest import Atlas, serve_in_background


@pytest.fixture(scope="module")
def large_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("large")
    assert main(["generate", "--relations", "6000", "--actors", "600", "--seed", "2",
                 "--out", str(directory)]) == 0  # fmt: skip
    return directory


@pytest.fixture(scope="module")
def large_url(large_dir):
    process, url = serve_in_background(large_dir)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_a_large_window_in_the_browser(browser, large_dir, large_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    atlas = Atlas(context.new_page(), large_url).open()
    assert atlas.console_errors == [] and atlas.foreign_requests == []
    header = atlas.page.inner_text("#header-window")
    # what is drawn of them is said beside the map's title, not again here: at
    # 1280 px the header's second line then ended "4,999 actors…", the note cut
    assert "6,000 relations" in header and "drawn:" not in header
    # the window and its counts are read whole, on two lines if need be (at
    # 1280 px the header said "6,000 relations among 599 acto…")
    counts_in_sight = atlas.page.evaluate(
        """() => { const words = document.querySelector('#header-window');
           const box = words.getBoundingClientRect();
           // the header is in parts (web/views.py header_words): the text
           // node that says 'actors', wherever it is
           const walk = document.createTreeWalker(words, NodeFilter.SHOW_TEXT);
           let text = walk.nextNode();
           while (text && !text.data.includes('actors')) text = walk.nextNode();
           const range = document.createRange();
           range.setStart(words, 0);
           range.setEnd(text, text.data.indexOf('actors') + 'actors'.length);
           return [...range.getClientRects()].every(
               r => r.bottom <= box.bottom + 0.5 && r.right <= box.right + 0.5); }"""
    )
    assert counts_in_sight
    # said beside the map's title, cut with "…" short of room (the whole on hover)
    note = atlas.page.locator("#map-drawn")
    assert note.inner_text().startswith(f"drawn: the {DRAW_LIMIT:,} busiest")
    clear = atlas.page.evaluate(
        """() => { const title = document.querySelector('.atlas-map .atlas-card-title');
           const box = title.getBoundingClientRect();
           const text = box.right - parseFloat(getComputedStyle(title).paddingRight);
           return text <= document.querySelector('#map-fit').getBoundingClientRect().left; }"""
    )
    assert clear  # cut with "…" before the Fit button, not under it
    # the details card lists a few relations and says how many there are
    assert atlas.page.locator("#details li").count() == LIST_LIMIT
    # each relation's confidence and sources in one piece ("confirmed · 1 /
    # source" was broken over two lines at 1280)
    broken = atlas.page.evaluate(
        """() => [...document.querySelectorAll('#details .atlas-badge')]
            .filter(badge => badge.getClientRects().length > 1
                || badge.getBoundingClientRect().height > 22).length"""
    )
    assert broken == 0
    assert "6,000 relations in this window (the first" in atlas.page.inner_text(
        "#details"
    )
    # the graph's nodes spread over its panel, not a dot in a corner
    spread = atlas.page.evaluate(
        """() => {
            const plot = document.querySelector('#network-graph .nsewdrag')
                .getBoundingClientRect();
            const xs = [], ys = [];
            document.querySelectorAll('#network-graph .scatterlayer .point')
                .forEach(p => { const b = p.getBoundingClientRect();
                    if (b.width) { xs.push(b.x); ys.push(b.y); } });
            return [(Math.max(...xs) - Math.min(...xs)) / plot.width,
                    (Math.max(...ys) - Math.min(...ys)) / plot.height];
        }"""
    )
    assert spread[0] > 0.4 and spread[1] > 0.4
    atlas.screenshot(f"large-{width}x{height}")
    # the header is one row whatever the window says (a header that changed
    # height resized the figures, and every resize drew them again)
    row = atlas.page.evaluate(
        """() => document.querySelector('.atlas-header').getBoundingClientRect().height"""
    )
    assert row < 70
    assert atlas.page.get_attribute("#header-window", "title") == header
    # projected, the note is said over the map, whole (the header's one line
    # ends before it, and the cards' titles are hidden)
    atlas.open("?present=1")
    note_box = atlas.page.evaluate(
        """() => { const note = document.querySelector('#map-drawn');
           const box = note.getBoundingClientRect();
           const map = document.querySelector('#geo-map').getBoundingClientRect();
           return [box.height, note.scrollWidth <= note.clientWidth + 1 || box.width
                   >= note.scrollWidth, box.bottom <= map.top + 1,
                   parseFloat(getComputedStyle(note).fontSize),
                   getComputedStyle(note).textOverflow]; }"""
    )
    assert note_box[0] > 0 and note_box[1] and note_box[2] and note_box[3] >= 16
    # a longer one ends in its own "…" (at 100,000 relations it was cut
    # "16,570 of the 100,000 relati", the title's "…" drawn at its size of 0)
    assert note_box[4] == "ellipsis"
    assert atlas.page.get_attribute("#map-drawn", "title").startswith("drawn: the")
    # ...and the header keeps its one line for the window and its counts
    assert "drawn:" not in atlas.page.inner_text("#header-window")
    assert atlas.page.evaluate(
        """() => { const words = document.querySelector('#header-window');
           return words.scrollHeight <= words.clientHeight + 1
               && words.scrollWidth <= words.clientWidth + 1; }"""
    )
    atlas.screenshot(f"large-present-{width}x{height}")
    atlas.open()
    # a focus on a quiet actor: none of its pairs is among the busiest, yet it
    # is drawn, and its name is in the details
    dataset = load_dataset(large_dir)
    ends = dataset.relations["source"].tolist() + dataset.relations["target"].tolist()
    quiet = min(sorted(set(ends)), key=ends.count)
    atlas.open(f"?focus={quiet}")
    assert quiet in atlas.shown("network-graph", "actor")
    name = dataset.actors.set_index("id").loc[quiet, "name"]
    assert name in atlas.page.inner_text("#details")
    context.close()


def test_a_link_with_a_path_keeps_it_in_a_large_view(atlas, large_dir, large_url):
    """The path menus of a large view are filled as the user types: a link's
    ``path=`` set their values before they offered those actors, the menus
    cleared them, and the view opened without the path, saying nothing."""
    dataset = load_dataset(large_dir)
    first = dataset.relations.iloc[0]
    ends = f"{first['source']},{first['target']}"
    atlas.base_url = large_url
    atlas.open(f"?path={ends}")
    assert atlas.query().get("path") == ends
    names = dataset.actors.set_index("id")["name"]
    assert atlas.page.inner_text("#path-from") == names[first["source"]]
    assert atlas.page.inner_text("#path-to") == names[first["target"]]
    # and traced: its ends are linked by that relation
    said = atlas.page.inner_text("#path-panel")
    assert names[first["source"]] in said and "No chain" not in said


def test_rankings_write_counts_with_their_thousands(atlas, large_dir, large_url):
    """The header wrote "6,000 relations" and the rankings "1266"."""
    relations = load_dataset(large_dir).relations
    busiest = relations[["source", "target"]].stack().value_counts().iloc[0]
    assert busiest >= 1000  # the case itself
    atlas.base_url = large_url
    atlas.open("?tab=rankings")
    cell = atlas.page.locator("#rankings .ag-row[row-index='0'] [col-id='degree']")
    cell.wait_for()
    assert cell.inner_text() == f"{busiest:,}"
