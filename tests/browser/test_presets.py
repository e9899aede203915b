"""The date presets keep to one line under the dates and the player, however
many the data has: those with no room fold into "3 more ▾", which shows them
(assets/folding.js)."""

from __future__ import annotations

import shutil

from tests.browser.conftest import SCREENSHOTS, Atlas, served
from tests.browser.test_live import ADDED
from tests.conftest import BUNDLED

ROW = """() => {
    const box = (el) => el.getBoundingClientRect();
    const row = document.querySelector('#preset-group');
    const shown = [...row.querySelectorAll('button')].filter(b => b.offsetParent);
    return {row: box(row).height, bar: box(document.querySelector('#time-bar')),
            card: box(document.querySelector('#time-card')),
            tops: shown.map(b => Math.round(box(b).top)),
            button: box(shown[0]).height,
            plot: document.querySelector('#time-bar .js-plotly-plot')._fullLayout.height};
}"""


def many_presets(directory):
    """The article's data and a call in each of four more years and in twelve
    days of March 2026: All, the last 30 days, six years and two bursts."""
    data = shutil.copytree(BUNDLED, directory)
    calls = [("2025-12-10", f"2026-03-{day:02d}") for day in range(1, 13)]
    calls += [("2025-12-10", f"{year}-06-01") for year in (2020, 2021, 2022, 2023)]
    with (data / "relations.csv").open("a", encoding="utf-8") as file:
        for number, (old, new) in enumerate(calls):
            file.write(ADDED.replace("r99", f"r{100 + number}").replace(old, new))
    return data


def test_ten_presets_keep_one_line_and_the_time_bar_its_height(
    browser, tmp_path, server_url
):
    """Six years and two bursts wrapped onto a second line at 1280x720 and
    took the time bar's room: 136 px of the 163 it has beside the article's
    five presets.
    The row keeps one line; the presets with no room are each a press of
    "7 more ▾" away, by mouse and by keyboard."""
    with served(many_presets(tmp_path / "data")) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        few = Atlas(page, server_url).open()
        row = page.evaluate(ROW)
        assert set(row["tops"]) == {min(row["tops"])}  # the article's five: whole
        steady = row["bar"]["height"]

        atlas = Atlas(page, url).open()
        row = page.evaluate(ROW)
        assert row["row"] <= row["button"] + 1 and len(set(row["tops"])) == 1
        # the time bar takes the card's room under one line of presets
        assert row["bar"]["top"] - row["card"]["top"] < 2.5 * 32 + 8
        assert row["bar"]["height"] == steady
        assert abs(row["plot"] - steady) <= 2  # drawn for that room
        more = page.locator(".atlas-presets-more")
        folded = page.locator("#preset-group [data-folded]")
        assert more.inner_text() == f"{folded.count()} more ▾"
        assert folded.count() >= 2 and not folded.first.is_visible()
        assert page.get_by_role("button", name="Nov 2025–Jan 2026: 25 relations")

        more.click()
        assert folded.first.is_visible() and folded.last.is_visible()
        page.screenshot(path=str(SCREENSHOTS / "presets-more-1280x720.png"))
        page.get_by_role("button", name="2020", exact=True).click()
        atlas.settle()
        assert (atlas.query()["start"], atlas.query()["end"]) == (
            "2020-01-01", "2020-12-31"
        )  # fmt: skip
        assert not folded.first.is_visible()  # folded again once chosen

        more.focus()
        page.keyboard.press("Enter")
        first = folded.first.inner_text()
        assert page.evaluate("() => document.activeElement.innerText") == first
        page.keyboard.press("Tab")
        chosen = page.evaluate("() => document.activeElement.innerText")
        page.keyboard.press("Enter")
        atlas.settle()
        assert chosen in page.inner_text("#header-window")  # "2026" or "2025"
        # the focus stays on the row, on "7 more ▾"; Escape shuts it unchosen
        assert page.evaluate("() => document.activeElement.innerText") == (
            more.inner_text()
        )
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        assert not folded.first.is_visible()
        assert few.console_errors == [] and atlas.console_errors == []

        page.set_viewport_size({"width": 1920, "height": 1080})
        atlas.settle()
        row = page.evaluate(ROW)
        assert row["row"] <= row["button"] + 1 and folded.count() < 7
        page.close()
