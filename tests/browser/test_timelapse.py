"""The time-lapse buttons in a real Chromium: a background job that says which
frame it renders, downloads the file, and stops on Cancel."""

from __future__ import annotations

import io

import imageio.v3 as iio

from tests.browser.conftest import Atlas

GIF = "[id*='timelapse-export'][id*='gif']"
MP4 = "[id*='timelapse-export'][id*='mp4']"


def _open_menu(atlas: Atlas) -> None:
    atlas.page.click(".atlas-menu > summary")
    atlas.page.wait_for_selector(GIF, state="visible")


def test_time_lapse_of_the_window_downloads_with_progress(atlas):
    atlas.open("?start=2025-11-21&end=2025-12-11")
    _open_menu(atlas)
    atlas.page.click("#timelapse-figure input[value='both']")
    with atlas.page.expect_download(timeout=120_000) as info:
        atlas.page.click(GIF)
        atlas.page.wait_for_selector(
            "#timelapse-progress:not([hidden])", timeout=10_000
        )
        assert atlas.page.is_visible("#timelapse-cancel")
        atlas.page.wait_for_function(
            "() => /Rendering frame [1-3] of 3/.test("
            "document.getElementById('timelapse-status').innerText)",
            timeout=60_000,
        )
        atlas.screenshot("timelapse-rendering")
    download = info.value
    name = download.suggested_filename
    assert name.startswith("alliance-atlas-timelapse-map-network_2025-11-21_2025-12-11")
    with open(download.path(), "rb") as handle:
        frames = iio.imread(io.BytesIO(handle.read()), index=None, extension=".gif")
    # 21 Nov, 1 and 8 Dec; those standing as of 11 Dec in the last, with no
    # frame of their own (it said "0 begin here")
    assert frames.shape == (3, 900, 1600, 3)
    atlas.page.wait_for_selector("#timelapse-progress", state="hidden", timeout=10_000)
    assert "Saved" in atlas.page.inner_text("#timelapse-status")
    assert atlas.console_errors == [] and atlas.foreign_requests == []


def test_time_lapse_of_a_story_can_be_cancelled(atlas):
    atlas.open("?story=guacamaya&step=1")
    downloads = []
    atlas.page.on("download", lambda download: downloads.append(download))
    _open_menu(atlas)
    atlas.page.click(MP4)
    atlas.page.wait_for_function(
        "() => document.getElementById('timelapse-status').innerText.includes('of 8')",
        timeout=60_000,
    )
    atlas.page.click("#timelapse-cancel")
    atlas.page.wait_for_selector("#timelapse-progress", state="hidden", timeout=10_000)
    atlas.page.wait_for_timeout(3000)
    assert downloads == []
    assert atlas.page.inner_text("#timelapse-status") == "Cancelled: nothing saved."
