"""An imported event-data directory opens in the dashboard like the bundled one."""

from __future__ import annotations

import pytest

from dashboard.__main__ import main
from dashboard.bench import serve_in_background
from tests.browser.conftest import Atlas
from tests.unit.test_importing import ICEWS_SAMPLE


@pytest.fixture(scope="module")
def imported_url(tmp_path_factory):
    directory = tmp_path_factory.mktemp("icews")
    assert main(["import", "icews", str(ICEWS_SAMPLE), "--out", str(directory)]) == 0
    process, url = serve_in_background(directory)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_imported_icews_directory_in_the_browser(browser, imported_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    atlas = Atlas(context.new_page(), imported_url).open()
    assert atlas.console_errors == [] and atlas.foreign_requests == []
    assert "54 relations among 26 actors" in atlas.page.inner_text("#header-window")
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
