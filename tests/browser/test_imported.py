"""An imported event-data directory opens in the dashboard like the bundled one."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from tests.browser.conftest import Atlas, serve_in_background
from tests.conftest import BUNDLED, ICEWS_SAMPLE


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
