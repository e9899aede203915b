"""A wall screen through a crisis: `update` brings a new GDELT file into the
store, and the dashboard open on it shows the new relations by itself."""

from __future__ import annotations

import re

from dashboard.cli import main
from dashboard.importing.gdelt import GDELT_LAYOUTS
from tests.browser.conftest import SCREENSHOTS, Atlas, served
from tests.gdelt_server import GdeltServer, _zipped, build_tree, v2_rows

FIVE = {"RUS", "BLR", "TUR", "USA", "VEN"}


def reported_again(rows: list[list[str]], day: str) -> list[list[str]]:
    """The real events between two of the five countries, as if they
    happened again on ``day`` (new relations: a relation is a day's)."""
    names = GDELT_LAYOUTS[61][1]
    one, two = names.index("Actor1CountryCode"), names.index("Actor2CountryCode")
    date = names.index("SQLDATE")
    chosen = [row for row in rows
              if row[one] in FIVE and row[two] in FIVE and row[one] != row[two]]  # fmt: skip
    return [[*row[:date], day, *row[date + 1 :]] for row in chosen]


def test_update_brings_new_events_into_an_open_dashboard(
    browser, tmp_path, monkeypatch
):
    tree = build_tree(tmp_path / "gdelt")
    store = tmp_path / "store"
    with GdeltServer(tree.root) as server:
        fetch = ["fetch", "gdelt", "--since", "2015-02-18", "--until", "2015-02-18",
                 "--out", str(store), "--base-url", server.url, "--workers", "1"]  # fmt: skip
        assert main(fetch) == 0
        monkeypatch.setenv("ATLAS_REFRESH", "1")
        with served(store) as url:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            atlas = Atlas(page, url).open("?start=2015-01-01&end=2015-03-31")
            header = page.locator("#header-window")
            before = int(re.search(r"(\d+) relations", header.inner_text()).group(1))

            stamp = "20150220001500"
            rows = v2_rows(reported_again(tree.rows, "20150220"), stamp, 90_000_000)
            tree.add_v2(stamp, _zipped(f"{stamp}.export.CSV", rows), latest=True)
            assert main(["update", str(store), "--workers", "1"]) == 0

            status = page.locator("#data-status")
            status.filter(has_text="new relation").wait_for(timeout=30_000)
            added = int(re.search(r"([\d,]+) new relation", status.inner_text())[1])
            assert added > 0
            page.wait_for_function(
                "(want) => document.querySelector('#header-window').innerText"
                ".includes(want)",
                arg=f"{before + added} relations",
                timeout=15_000,
            )
            page.screenshot(path=str(SCREENSHOTS / "store-update-1280x720.png"))
            assert atlas.console_errors == []
