"""An open page follows its data: a relation added to the files appears
without a restart or a reload, with a word of it, and the view stays; and
what the files say is shown as written."""

from __future__ import annotations

import re
import shutil

from tests.browser.conftest import SCREENSHOTS, Atlas, served
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
    with served(data) as url:
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
        assert re.fullmatch(
            r"updated \d\d? \w{3} \d\d:\d\d UTC, 1 new relation", status.inner_text()
        )
        assert page.url == address  # the same window and selection
        assert "Putin" in page.locator("#details").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "live-update-1280x720.png"))
        assert atlas.console_errors == []


def test_a_quote_keeps_its_own_line_breaks_in_the_details(browser, tmp_path):
    """A quote over two lines of the file (a quoted cell) is shown on two
    lines, as written: the details had run them together."""
    data = shutil.copytree(BUNDLED, tmp_path / "data")
    two_lines = ADDED.replace("They spoke again.", '"They spoke.\nThen again."')
    with (data / "relations.csv").open("a", encoding="utf-8") as file:
        file.write(two_lines)
    with served(data) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        Atlas(page, url).open("?relation=r99")
        quote = page.locator("#details blockquote").first
        assert quote.inner_text() == "“They spoke.\nThen again.”"
        page.close()


def test_the_presets_follow_new_data_in_an_open_page(browser, tmp_path, monkeypatch):
    """A month of new calls made a burst of its own and a year preset, and
    stretched the article's burst into another name: the open page kept the
    old buttons, the old burst's without its count and doing nothing when
    clicked, and had none for the new ones until it was reloaded. The new
    buttons, unclicked, then moved the window to "All" (the new span)."""
    data = shutil.copytree(BUNDLED, tmp_path / "data")
    monkeypatch.setenv("ATLAS_REFRESH", "1")
    with served(data) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        atlas = Atlas(page, url).open("?start=2025-11-01&end=2025-12-11")
        address = page.url
        buttons = page.locator(".atlas-presets button")
        page.locator(".atlas-presets button", has_text="relations").wait_for()
        assert "Nov–Dec 2025: 25 relations" in buttons.all_inner_texts()

        calls = "".join(
            ADDED.replace("r99", f"r{100 + day}").replace(
                "2025-12-10", f"2026-03-{day:02d}"
            )
            for day in range(1, 13)
        )
        with (data / "relations.csv").open("a", encoding="utf-8") as file:
            file.write(calls)
        page.locator("#data-status").filter(has_text="12 new relations").wait_for(
            timeout=30_000
        )
        burst = page.locator(".atlas-presets button", has_text="Mar 2026: ")
        burst.wait_for(state="attached", timeout=15_000)
        atlas.settle()
        assert page.url == address  # the window the user chose stays
        assert "1 Nov – 11 Dec 2025" in page.locator("#header-window").inner_text()
        # the new month's calls, and the relations still ongoing then
        assert buttons.all_inner_texts()[:-1] == [
            "All", "Last 30 days", "Nov 2025–Jan 2026: 25 relations",
            "1–12 Mar 2026: 21 relations", "2026", "2025", "2019",
        ]  # fmt: skip
        if not burst.is_visible():  # no room in the row: "3 more ▾" shows it
            page.locator(".atlas-presets-more").click()
        burst.click()
        page.wait_for_function(
            "() => document.querySelector('#header-window').innerText"
            ".includes('Mar 2026 · 21 relations')",
            timeout=15_000,
        )
        page.screenshot(path=str(SCREENSHOTS / "live-presets-1280x720.png"))
        assert atlas.console_errors == []


def test_the_filters_offer_new_kinds_data_sets_and_days_in_an_open_page(
    browser, tmp_path, monkeypatch
):
    """Statements, a kind the page was opened without, arrived from a data
    set of its own in March: the open page kept the kinds' boxes and the data
    sets it was opened with (an analyst could neither show nor hide them
    until a reload; the next filter changed hid the new data set unsaid) and
    its change date ended at the old data's last day. The boxes follow the
    new data, ticked as the view filters: "call", unticked, stays so; the
    link lists the kinds it shows, so a new kind is not among them; it
    showed every data set, so the new one is."""
    data = shutil.copytree(BUNDLED, tmp_path / "data")
    monkeypatch.setenv("ATLAS_REFRESH", "1")
    with served(data) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        atlas = Atlas(page, url).open()
        kinds = page.locator(".atlas-filters")
        kinds.get_by_label("call", exact=True).uncheck()
        atlas.settle()
        address = page.url
        assert "call" not in atlas.query()["kinds"].split(",")

        statements = "".join(
            ADDED.replace("r99", f"r{100 + day}")
            .replace(",call,", ",statement,")
            .replace("2025-12-10", f"2026-03-{day:02d}")
            .replace("Guacamaya article (curated)", "Wire reports")
            for day in range(1, 4)
        )
        with (data / "relations.csv").open("a", encoding="utf-8") as file:
            file.write(statements)
        page.locator("#data-status").filter(has_text="3 new relations").wait_for(
            timeout=30_000
        )
        statement = kinds.get_by_label("statement", exact=True)
        statement.wait_for(timeout=15_000)
        atlas.settle()
        # on the whole data, the page takes in the new days, and only them
        assert page.url == address.replace("end=2025-12-11", "end=2026-03-03")
        assert "2019 – 3 Mar 2026" in page.locator("#header-window").inner_text()
        assert page.input_value("#date-range-end-date") == "3 Mar 2026"
        assert not statement.is_checked()
        assert not kinds.get_by_label("call", exact=True).is_checked()
        assert kinds.get_by_label("meeting", exact=True).is_checked()
        wire = page.locator("#origins").get_by_label("Wire reports")
        assert wire.is_checked()

        statement.check()
        atlas.settle()
        assert "statement" in atlas.query()["kinds"].split(",")
        wire.uncheck()
        atlas.settle()
        assert atlas.query()["origins"] == "Guacamaya article (curated)"
        wire.check()
        page.locator(".atlas-presets button", has_text="All").click()
        atlas.settle()
        shown = atlas.query()
        assert (shown["start"], shown["end"]) == ("2019-01-01", "2026-03-03")
        assert "origins" not in shown
        assert atlas.shown("network-graph", "relation") >= {"r101", "r102", "r103"}
        # the change date reaches the new days
        page.locator("#compare-date").fill("2 Mar 2026")
        page.locator("#compare-date").press("Enter")
        atlas.settle()
        assert atlas.query().get("compare") == "2026-03-02"
        page.screenshot(path=str(SCREENSHOTS / "live-filters-1280x720.png"))
        assert atlas.console_errors == []


CUBA = "cuba,Cuba,,state,CUB,,,,\n"
CUBA_CALL = ADDED.replace("r99,putin,", "r99,cuba,").replace(
    "Another call.", "Havana called Caracas."
)
CUBA_STORY = """title: "Cuba joins"
steps:
  - {title: "Havana calls", caption: "Cuba calls Maduro.",
     start: 2025-12-10, end: 2025-12-10, focus: cuba, relations: [r99]}
"""


def test_the_subtitle_story_links_and_network_bar_follow_new_data(
    browser, tmp_path, monkeypatch
):
    """Cuba, a story of its call to Maduro and 140 people arrived: the open
    page went on naming five states under its title, listed one story, and
    kept the "States / All actors" bar hidden, though the data now opened
    its network on its states. They follow the new data; the new story's
    link keeps the dark theme and the open tab, and opens the story."""
    data = shutil.copytree(BUNDLED, tmp_path / "data")
    monkeypatch.setenv("ATLAS_REFRESH", "1")
    with served(data) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        atlas = Atlas(page, url).open("?theme=dark&tab=path")
        subtitle, bar = page.locator(".atlas-subtitle"), page.locator("#network-bar")
        assert "Cuba" not in subtitle.get_attribute("title") and bar.is_hidden()
        links = page.locator(".atlas-story-list a")
        assert links.all_inner_texts() == [
            "▶ Backing Maduro: from 2019 to December 2025"
        ]

        people = "".join(f"p{n},Person {n},,person,CUB,,,,\n" for n in range(140))
        with (data / "actors.csv").open("a", encoding="utf-8") as file:
            file.write(CUBA + people)
        with (data / "relations.csv").open("a", encoding="utf-8") as file:
            file.write(CUBA_CALL)
        (data / "stories" / "cuba.yaml").write_text(CUBA_STORY, encoding="utf-8")
        page.locator("#data-status").filter(has_text="1 new relation").wait_for(
            timeout=30_000
        )
        links.filter(has_text="Cuba joins").wait_for(timeout=15_000)
        atlas.settle()
        assert subtitle.get_attribute("title") == (
            "Who backs whom: Russia, Belarus, Turkey, the United States, "
            "Venezuela and Cuba"
        )
        assert links.all_inner_texts() == [  # by file name, as a page loaded now
            "▶ Cuba joins", "▶ Backing Maduro: from 2019 to December 2025",
        ]  # fmt: skip
        assert bar.is_visible()
        page.screenshot(path=str(SCREENSHOTS / "live-page-1280x720.png"))
        bar.get_by_label("All actors").check()
        atlas.settle()
        assert atlas.query()["network"] == "all"

        cuba = links.filter(has_text="Cuba joins")
        assert cuba.get_attribute("href") == "?theme=dark&story=cuba&step=1&tab=path"
        cuba.click()
        page.locator("#story-panel").filter(has_text="Havana calls").wait_for()
        atlas.settle()
        assert (atlas.query()["story"], atlas.query()["theme"]) == ("cuba", "dark")
        assert atlas.console_errors == []


def test_the_actor_menus_offer_new_actors_in_an_open_page(
    browser, tmp_path, monkeypatch
):
    """Cuba arrived: the actor menus, opened, listed the actors the page was
    opened with (it could be found only by typing its name). They list the
    new data's, and Cuba chosen from the list is selected."""
    data = shutil.copytree(BUNDLED, tmp_path / "data")
    monkeypatch.setenv("ATLAS_REFRESH", "1")
    with served(data) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        atlas = Atlas(page, url).open()
        with (data / "actors.csv").open("a", encoding="utf-8") as file:
            file.write(CUBA)
        with (data / "relations.csv").open("a", encoding="utf-8") as file:
            file.write(CUBA_CALL)
        page.locator("#data-status").filter(has_text="1 new relation").wait_for(
            timeout=30_000
        )
        atlas.settle()
        options = page.locator(".dash-dropdown-option:visible")
        for menu in ("#path-from", "#actor-search"):
            page.click(menu)
            options.first.wait_for()
            assert options.count() == 15 and "Cuba" in options.all_inner_texts()
            page.keyboard.press("Escape")
        page.click("#actor-search")
        options.filter(has_text="Cuba").click()
        atlas.settle()
        assert atlas.query()["focus"] == "cuba"
        assert "Havana called Caracas" in page.locator("#details").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "live-menus-1280x720.png"))
        assert atlas.console_errors == []


def test_an_actor_is_selected_and_a_path_kept_once_the_data_grew_large(
    browser, tmp_path, monkeypatch
):
    """An event store grew past 300 actors under a server started on fewer:
    its menus were wired for small data, which hold every name, but now held
    none. An actor clicked on the map was put into "Find an actor", which
    did not offer it and cleared it, and the selection with it: the click
    did nothing, on the open page and on a page opened then; a link's path
    was dropped the same way. The menus are given the chosen names."""
    data = shutil.copytree(BUNDLED, tmp_path / "data")
    monkeypatch.setenv("ATLAS_REFRESH", "1")
    with served(data) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        window = "?start=2025-12-01&end=2025-12-11"
        atlas = Atlas(page, url).open(window)
        people = "".join(f"p{n},Person {n},,person,CUB,,,,\n" for n in range(400))
        with (data / "actors.csv").open("a", encoding="utf-8") as file:
            file.write(people)
        with (data / "relations.csv").open("a", encoding="utf-8") as file:
            file.write(ADDED)
        page.locator("#data-status").filter(has_text="1 new relation").wait_for(
            timeout=30_000
        )
        atlas.settle()
        for opened in ("before", "after"):
            if opened == "after":
                atlas.open(window)
            atlas.click_point("geo-map", "actor", "putin")
            atlas.settle()
            assert atlas.query().get("focus") == "putin", opened
            assert page.inner_text("#actor-search") == "Vladimir Putin (Putin)"
            assert "President of Russia" in page.locator("#details").inner_text()
        page.screenshot(path=str(SCREENSHOTS / "live-grown-1280x720.png"))
        atlas.open(window + "&path=putin,lukashenko")
        assert atlas.query().get("path") == "putin,lukashenko"
        assert page.inner_text("#path-from") == "Vladimir Putin (Putin)"
        assert page.inner_text("#path-to") == "Alexander Lukashenko (Lukashenko)"
        assert atlas.console_errors == []
