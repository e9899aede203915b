"""A date preset redraws the figures in one round trip (issue 13, item 5): the
page sets the View store itself (assets/clientside.js ``presetWindow``), so the
figures are asked for at once, beside the state callback, which writes the URL
and leaves the store as it is; the details card and the display links follow
the figures. Counted and ordered, not timed."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import Atlas


class Requests:
    """The page's callback requests and their answers, in the order they
    happen."""

    def __init__(self, atlas: Atlas):
        self.events: list[tuple[str, str, dict]] = []
        atlas.page.on("request", lambda r: self._add("asked", r))
        atlas.page.on("requestfinished", lambda r: self._add("answered", r))

    def _add(self, what: str, request) -> None:
        if "_dash-update-component" in request.url:
            body = json.loads(request.post_data)
            self.events.append((what, body["output"], body))

    def asked(self, output: str) -> list[dict]:
        """The bodies of the requests to the callback that writes ``output``."""
        return [body for what, name, body in self.events
                if what == "asked" and output in name]  # fmt: skip

    def at(self, what: str, output: str) -> int:
        """Where the first request (``what``: asked or answered) to the
        callback that writes ``output`` comes."""
        return next(i for i, (done, name, _) in enumerate(self.events)
                    if done == what and output in name)  # fmt: skip


FIGURES, STATE, DETAILS, LINKS = (
    "geo-map.figure",
    "url.search",
    "details.children",
    "present-toggle.title",
)


def click_preset(atlas: Atlas, name: str) -> Requests:
    requests = Requests(atlas)
    atlas.page.get_by_role("button", name=name, exact=True).click()
    atlas.settle()
    return requests


def url_view(atlas: Atlas) -> str:
    """The page's query without how the view is shown (theme, tab...): the
    view, as the View store holds it."""
    shown = ("present=", "theme=", "story=", "step=", "tab=")
    params = urlparse(atlas.page.url).query.split("&")
    return "?" + "&".join(p for p in params if not p.startswith(shown))


def drawn_query(requests: Requests) -> str:
    """The View store's query the figures were asked for."""
    (figures,) = requests.asked(FIGURES)
    return figures["inputs"][0]["value"]["query"]


def test_a_preset_asks_for_the_figures_without_waiting_for_the_state(atlas):
    atlas.open()
    requests = click_preset(atlas, "2019")
    # one redraw and one state callback: the store is not written twice
    assert len(requests.asked(FIGURES)) == 1 and len(requests.asked(STATE)) == 1
    # one round trip: the figures were asked for before the state answered
    assert requests.at("asked", FIGURES) < requests.at("answered", STATE)
    # what follows the figures is asked for once they are answered
    assert requests.at("answered", FIGURES) < requests.at("asked", DETAILS)
    assert requests.at("answered", FIGURES) < requests.at("asked", LINKS)
    # the view drawn is the one the URL names, written as the server writes it
    assert drawn_query(requests) == "?start=2019-01-01&end=2019-12-31"
    assert url_view(atlas) == drawn_query(requests)
    # and the date picker shows it
    assert atlas.page.locator("#date-range").input_value() == "1 Jan 2019"
    assert atlas.page.locator("#date-range-end-date").input_value() == "31 Dec 2019"
    assert atlas.shown("network-graph", "relation") == {"r01", "r02"}
    # the time bar, drawn after the figures, frames the window too
    detail = atlas.page.evaluate(
        "() => document.querySelector('#time-bar .js-plotly-plot').layout.xaxis2.range"
    )
    assert detail == ["2019-01-01", "2020-01-01"]
    assert atlas.console_errors == []


def test_a_preset_keeps_the_filters_and_a_compare_date_inside_its_window(atlas):
    atlas.open("?kinds=support,threat&focus=putin&compare=2025-11-21&theme=dark")
    requests = click_preset(atlas, "2019")
    query = drawn_query(requests)
    assert query == "?start=2019-01-01&end=2019-12-31&kinds=support,threat&focus=putin"
    (figures,) = requests.asked(FIGURES)
    assert figures["inputs"][0]["value"]["selection"] == {"actor": "putin"}
    assert url_view(atlas) == query and atlas.query()["theme"] == "dark"
    # back to the whole span: the compare date is inside again, as its control
    # still says
    requests = click_preset(atlas, "All")
    query = drawn_query(requests)
    assert query.endswith("&kinds=support,threat&focus=putin&compare=2025-11-21")
    assert url_view(atlas) == query and atlas.query()["theme"] == "dark"
    assert len(requests.asked(FIGURES)) == 1


def test_the_window_shown_already_makes_no_request(atlas):
    atlas.open("?start=2019-01-01&end=2019-12-31")
    assert click_preset(atlas, "2019").events == []


def test_a_preset_stops_play(atlas):
    atlas.open()
    atlas.page.click("#play-button")
    atlas.page.wait_for_selector("#play-button:has-text('Pause')", timeout=5_000)
    click_preset(atlas, "2019")
    assert "Play" in atlas.page.inner_text("#play-button")
    atlas.page.wait_for_timeout(1_600)  # a tick would have come by now
    assert (atlas.query()["start"], atlas.query()["end"]) == (
        "2019-01-01",
        "2019-12-31",
    )


def test_a_new_theme_redraws_the_figures_then_the_details_card_once(atlas):
    atlas.open()
    requests = Requests(atlas)
    atlas.page.click("#theme-toggle")
    atlas.settle()
    assert atlas.query()["theme"] == "dark"
    assert len(requests.asked(FIGURES)) == 1 and len(requests.asked(DETAILS)) == 1
    assert requests.at("answered", FIGURES) < requests.at("asked", DETAILS)


def test_the_first_filter_and_its_chip_redraw_the_figures_once(atlas):
    """A filter's chip sits in the header's row: in a row of its own it made
    the header taller as the first filter came and shorter as the last went,
    and the figures, drawn for the panels' old size, were asked for again
    for the new one (at 100,000 relations, 1.2 to 1.6 s instead of 0.6).
    Four chips of the usual length still fit the header's height at
    1280x720 (three had stacked in three rows)."""
    header = ".atlas-header"
    atlas.open()
    height = atlas.page.locator(header).bounding_box()["height"]
    for start in ("", "?confidence=confirmed&actors=state,person&states=1"):
        atlas.open(start)
        for button, query in (("only call", "kinds=call"), ("only call", None)):
            requests = Requests(atlas)
            atlas.page.get_by_role("button", name=button, exact=True).click()
            atlas.settle()
            # the panels' sizes are told 150 ms after a resize: long past here
            atlas.page.wait_for_timeout(500)
            atlas.settle()
            assert len(requests.asked(FIGURES)) == 1
            assert atlas.page.locator(header).bounding_box()["height"] == height
            if query:
                assert query in atlas.page.url
                atlas.screenshot(f"filter-chips-{len(start)}")
            else:
                assert "kinds=" not in atlas.page.url


def test_the_window_and_its_counts_read_whole_beside_a_long_chip(atlas):
    """At 1280x720 the window's words and the chips shared the room left
    equally: beside 'within 3 steps of Nicolás Maduro' the counts needed a
    third line and were cut to '27 relations among 14…' (and a large view's
    'within 1 step of Organization 1605' spilled over them)."""
    atlas.open("?focus=maduro&depth=3")
    header = atlas.page.locator(".atlas-header").bounding_box()
    window = atlas.page.evaluate(
        "() => { const e = document.getElementById('header-window');"
        " return [e.innerText, e.scrollHeight <= e.clientHeight + 1]; }"
    )
    assert window == ["1 Jan 2019 – 11 Dec 2025 · 27 relations among 14 actors", True]
    chip = atlas.page.locator(".atlas-chip:not([hidden])").bounding_box()
    words = atlas.page.locator("#header-window").bounding_box()
    assert chip["x"] >= words["x"] + words["width"]
    # no taller than without a filter (two lines, the title's height)
    atlas.open()
    assert atlas.page.locator(".atlas-header").bounding_box() == header


@pytest.mark.parametrize(
    "query",
    [
        "kinds=call,meeting,support&confidence=confirmed",
        "kinds=call,meeting,support&confidence=confirmed&states=1",
    ],
)
def test_two_rows_of_chips_keep_the_headers_height(atlas, query):
    """Two rows of chips (19 px each, 2 px apart) stood 1 px taller than the
    title and subtitle beside them: the second filter made the header, and
    every panel under it, move by a pixel."""
    atlas.open()
    height = atlas.page.locator(".atlas-header").bounding_box()["height"]
    atlas.open("?" + query)
    assert atlas.page.locator(".atlas-header").bounding_box()["height"] == height
