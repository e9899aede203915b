"""An open page follows its data: a relation added to the files appears
without a restart or a reload, with a word of it, and the view stays; and
what the files say is shown as written."""

from __future__ import annotations

import re
import shutil

from dashboard.devtools.bench import start_server
from tests.browser.conftest import SCREENSHOTS, Atlas
from tests.conftest import BUNDLED

ADDED = (
    "r99,putin,maduro,call,2025-12-10,,day,,Another call.,Kremlin,"
    "A test document,,They spoke again.,confirmed,,Guacamaya article (curated)\n"
)


def test_new_relations_appear_in_an_open_page_without_a_reload(
    browser, tmp_path, monkeypatch
):
    data = shutil.copytree(BUNDLED, tmp_path / "data")
    monkeypatch.setenv("ATLAS_REFRESH", "1")
    process, url, _ = start_server(data)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        atlas = Atlas(page, url).open("?start=2025-12-01&end=2025-12-11&focus=putin")
        header = page.locator("#header-window")
        before = int(re.search(r"(\d+) relations", header.inner_text()).group(1))
        address = page.url

        with (data / "relations.csv").open("a", encoding="utf-8") as file:
            file.write(ADDED)
        status = page.locator("#data-status")
        status.filter(has_text="1 new relation").wait_for(timeout=30_000)
        page.wait_for_function(
            "(want) => document.querySelector('#header-window').innerText"
            ".includes(want)",
            arg=f"{before + 1} relations",
            timeout=15_000,
        )
        assert re.fullmatch(r"updated \d\d:\d\d, 1 new relation", status.inner_text())
        assert page.url == address  # the same window and selection
        assert "Putin" in page.locator("#details").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "live-update-1280x720.png"))
        assert atlas.console_errors == []
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_quote_keeps_its_own_line_breaks_in_the_details(browser, tmp_path):
    """A quote over two lines of the file (a quoted cell) is shown on two
    lines, as written: the details had run them together."""
    data = shutil.copytree(BUNDLED, tmp_path / "data")
    two_lines = ADDED.replace("They spoke again.", '"They spoke.\nThen again."')
    with (data / "relations.csv").open("a", encoding="utf-8") as file:
        file.write(two_lines)
    process, url, _ = start_server(data)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        Atlas(page, url).open("?relation=r99")
        quote = page.locator("#details blockquote").first
        assert quote.inner_text() == "“They spoke.\nThen again.”"
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
