"""An event store opens in the dashboard: its relations drawn and counted."""

from __future__ import annotations

import pytest

from dashboard.importing.store import ingest
from tests.browser.conftest import Atlas, serve_in_background
from tests.unit.test_store import sliced


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gdelt")
    store = folder / "store"
    ingest(store, sliced(folder / "raw"), workers=1)
    process, url = serve_in_background(store)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_a_store_in_the_browser(browser, store_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    atlas = Atlas(context.new_page(), store_url).open()
    assert atlas.console_errors == [] and atlas.foreign_requests == []
    # 15 events among the five countries, 9 relations once repeated reports merge
    assert "9 relations among 4 actors" in atlas.page.inner_text("#header-window")
    assert {"russia", "united-states", "belarus", "turkey"} <= atlas.shown(
        "network-graph", "actor"
    )
    atlas.click_point("network-graph", "actor", "belarus")
    details = atlas.page.inner_text("#details")
    assert "Data: GDELT" in details and "cameo_code" in details
    context.close()
