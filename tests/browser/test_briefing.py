"""Briefing and classroom in a real Chromium: presentation mode and its keys,
stories, the dark theme, slide-ready images and decks, and an axe-core audit."""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from pptx import Presentation

from dashboard.web import ids
from tests.browser.conftest import Atlas


@pytest.fixture
def projector(browser, server_url):
    """A page at a projector's 1920x1080."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    yield Atlas(context.new_page(), server_url)
    context.close()


def _label_sizes(atlas: Atlas, graph_id: str) -> list[float]:
    """Font sizes (px) of the actor labels a figure draws."""
    return atlas.page.eval_on_selector_all(
        f"#{graph_id} .scatterlayer text",
        "texts => texts.filter(t => t.textContent.trim())"
        ".map(t => parseFloat(getComputedStyle(t).fontSize))",
    )


def _window(atlas: Atlas) -> str:
    return atlas.page.inner_text("#header-window")


def test_presentation_mode_is_large_and_hides_the_controls(projector):
    atlas = projector.open("?present=1")
    assert atlas.page.locator(".atlas-filters").is_hidden()
    assert atlas.page.locator(".atlas-details").is_hidden()
    for graph in ("network-graph", "geo-map"):
        sizes = _label_sizes(atlas, graph)
        assert sizes and min(sizes) >= 18, (graph, sizes)
    # the figures fill the screen: together nearly its whole width
    widths = [atlas.page.locator(f"#{g}").bounding_box()["width"] for g in
              ("geo-map", "network-graph")]  # fmt: skip
    assert sum(widths) > 1800
    atlas.screenshot("present-1920x1080")
    assert atlas.console_errors == [] and atlas.foreign_requests == []


def test_present_button_enters_and_escape_leaves(atlas):
    atlas.open("?start=2025-11-01&end=2025-12-11")
    atlas.page.click("#present-toggle")
    atlas.settle()
    assert atlas.query()["present"] == "1"
    assert atlas.query()["start"] == "2025-11-01"  # the view is kept
    assert atlas.page.locator(".atlas-filters").is_hidden()
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert "present" not in atlas.query()
    assert atlas.page.locator(".atlas-filters").is_visible()
    assert min(_label_sizes(atlas, "network-graph")) < 18


def test_presentation_keys_step_and_play(projector):
    atlas = projector.open("?present=1&start=2025-11-01&end=2025-11-20")
    before = _window(atlas)
    atlas.page.keyboard.press("ArrowRight")
    atlas.settle()
    after = _window(atlas)
    assert after != before and atlas.query()["start"] > "2025-11-01"
    atlas.page.keyboard.press("ArrowLeft")
    atlas.settle()
    assert _window(atlas) != after
    atlas.page.keyboard.press(" ")
    atlas.page.wait_for_timeout(300)
    assert "Pause" in atlas.page.inner_text("#play-button")
    atlas.page.keyboard.press(" ")
    atlas.page.wait_for_timeout(300)
    assert "Play" in atlas.page.inner_text("#play-button")


def test_space_plays_right_after_the_present_button(atlas):
    """A click on *Present* (or Enter on it) leaves the focus on that link,
    now *Leave presentation*: the space bar was left to it, and a link does
    nothing with it, so Play never started."""
    atlas.open("?start=2025-11-01&end=2025-11-20")
    atlas.page.click("#present-toggle")
    atlas.settle()
    assert atlas.page.evaluate("document.activeElement.id") == "present-toggle"
    atlas.page.keyboard.press(" ")
    atlas.page.wait_for_function(
        "() => document.getElementById('play-button').innerText.includes('Pause')"
    )
    assert atlas.query()["present"] == "1"  # still presenting
    atlas.page.keyboard.press(" ")
    atlas.page.wait_for_function(
        "() => document.getElementById('play-button').innerText.includes('Play')"
    )


def test_space_plays_after_a_click_on_a_step_button_and_esc_clears_first(atlas):
    """Presenting, ▶ clicked with the mouse kept the focus, and Space pressed
    ▶ again instead of playing (a button the keyboard reached still presses
    itself). Esc with an actor selected left the presentation, the actor
    still selected: the selection goes first, then the presentation."""
    atlas.open("?present=1&start=2019-01-01&end=2019-12-31")
    atlas.page.click("#step-forward")
    atlas.settle()
    stepped = atlas.query()["start"]
    atlas.page.keyboard.press(" ")
    atlas.page.wait_for_function(
        "() => document.getElementById('play-button').innerText.includes('Pause')"
    )
    atlas.page.keyboard.press(" ")
    atlas.page.wait_for_function(
        "() => document.getElementById('play-button').innerText.includes('Play')"
    )
    atlas.settle()
    assert atlas.query()["start"] >= stepped
    # the keyboard's own focus on ◀ still presses it
    atlas.page.focus("#step-back")
    atlas.page.keyboard.press("Shift+Tab")
    atlas.page.keyboard.press("Tab")
    before = atlas.query()["start"]
    atlas.page.keyboard.press(" ")
    atlas.settle()
    assert atlas.query()["start"] < before
    assert "Play" in atlas.page.inner_text("#play-button")
    # Esc: the selection first, then the presentation
    atlas.open("?present=1&start=2025-11-01&end=2025-12-11")
    atlas.click_point("network-graph", "actor", "maduro")
    assert atlas.query()["focus"] == "maduro"
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert "focus" not in atlas.query() and atlas.query()["present"] == "1"
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert "present" not in atlas.query()
    assert atlas.console_errors == []


def test_dark_theme(atlas):
    atlas.open("?theme=dark")
    background = atlas.page.eval_on_selector(
        "#atlas-root", "e => getComputedStyle(e).backgroundColor"
    )
    assert background == "rgb(14, 16, 19)"
    paper = atlas.page.evaluate(
        "() => document.querySelector('#network-graph .js-plotly-plot')"
        ".layout.paper_bgcolor"
    )
    assert paper == "#16191d"
    atlas.screenshot("dark-1280x720")
    atlas.page.click("#theme-toggle")
    atlas.settle()
    assert "theme" not in atlas.query()


def test_story_steps_by_button_key_and_url(projector):
    atlas = projector.open("?story=guacamaya&step=3")
    panel = atlas.page.locator("#story-panel")
    assert "Step 3 of 8" in panel.inner_text()
    assert "treaty enters into force" in panel.inner_text()
    assert _window(atlas).startswith("1 Nov – 20 Nov 2025")  # the step's window
    atlas.page.click("#story-next")
    atlas.settle()
    assert atlas.query()["step"] == "4" and "Step 4 of 8" in panel.inner_text()
    assert "Maduro–Trump call" in panel.inner_text()
    atlas.page.keyboard.press("ArrowRight")
    atlas.settle()
    step5 = panel.inner_text()
    assert atlas.query()["step"] == "5" and "first Minsk meeting" in step5
    # the quote the step rests on, verbatim from the data
    assert "during their first meeting they agreed" in step5
    highlighted = atlas.page.evaluate(
        """() => document.querySelector('#network-graph .js-plotly-plot').data
            .filter(t => (t.customdata || []).some(c => c && c[0] === 'relation'))
            .filter(t => !(t.opacity < 1)).length"""
    )
    assert highlighted > 0
    window, url = _window(atlas), atlas.page.url
    atlas.screenshot("story-step5-1920x1080")
    # the step's URL reproduces it in a fresh page
    atlas.page.goto(url)
    atlas.wait_drawn()
    assert _window(atlas) == window and "Step 5 of 8" in panel.inner_text()
    atlas.page.keyboard.press("ArrowLeft")
    atlas.settle()
    assert atlas.query()["step"] == "4"
    atlas.page.click("#story-end")
    atlas.settle()
    assert "story" not in atlas.query() and panel.is_hidden()


def test_space_in_a_story_goes_to_the_next_step(projector):
    """Presenting a story, Space played the window on under the step's
    caption and quote: it goes to the next step, as in slides."""
    atlas = projector.open("?story=guacamaya&step=2&present=1")
    atlas.page.keyboard.press(" ")
    atlas.settle()
    assert atlas.query()["step"] == "3"
    assert "Step 3 of 8" in atlas.page.inner_text("#story-panel")
    assert _window(atlas).startswith("1 Nov – 20 Nov 2025")  # the step's own
    assert "Play" in atlas.page.inner_text("#play-button")  # not playing


def test_story_in_presentation_mode_fits(projector):
    atlas = projector.open("?story=guacamaya&step=7&present=1")
    assert "Step 7 of 8" in atlas.page.inner_text("#story-panel")
    height = atlas.page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 1080
    atlas.screenshot("story-present-1920x1080")


def test_invalid_story_link_gives_a_notice(atlas):
    atlas.open("?story=nope&step=2")
    assert "no story 'nope'" in atlas.page.inner_text("#notice")
    atlas.open("?story=guacamaya&step=99")
    assert "steps 1 to 8" in atlas.page.inner_text("#notice")
    assert "Step 8 of 8" in atlas.page.inner_text("#story-panel")


def _download(atlas: Atlas, selector: str):
    if not atlas.page.locator(selector).is_visible():
        atlas.page.click(".atlas-menu > summary")  # open the header's menu
    with atlas.page.expect_download(timeout=90_000) as info:
        atlas.page.click(selector)
    download = info.value
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read()


def test_png_export_at_two_and_three_times(atlas):
    atlas.open("?start=2025-11-21&end=2025-12-11")
    name, png = _download(atlas, "[id*='png2']")
    assert name.endswith("@2x.png") and "map" in name
    image = Image.open(io.BytesIO(png))
    assert image.size == (3200, 1800)
    image.save(atlas.screenshot("export-map-2x").with_name("export-map-2x.png"))
    atlas.page.click("#image-figure input[value='graph']")
    name, png = _download(atlas, "[id*='png3']")
    assert "network" in name and Image.open(io.BytesIO(png)).size == (4800, 2700)
    assert "Saved" in atlas.page.inner_text("#image-status")


def test_svg_and_pdf_exports(atlas):
    atlas.open("?start=2019-01-01&end=2019-12-31")
    name, svg = _download(atlas, "[id*='\"svg\"']")
    assert name.endswith(".svg") and svg.lstrip().startswith(b"<svg")
    assert b"1 Jan" in svg and b"Guacamaya" in svg  # window and source on it
    name, pdf = _download(atlas, "[id*='image-export'][id*='pdf']")
    assert name.endswith(".pdf") and pdf.startswith(b"%PDF")


def test_story_deck_has_a_slide_per_step(atlas):
    atlas.open("?story=guacamaya&step=1")
    name, content = _download(atlas, "[id*='deck-export'][id*='pptx']")
    deck = Presentation(io.BytesIO(content))
    assert name.endswith(".pptx") and len(deck.slides) == 8
    for slide in deck.slides:
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert len(pictures) == 1 and "Source: Guacamaya" in text


@pytest.mark.parametrize("query", ["", "?present=1", "?theme=dark",
                                   "?story=guacamaya&step=5&present=1&theme=dark",
                                   # controls whose value the link changed (Dash
                                   # marks their options again) and a split date
                                   # (the picker's "Clear date")
                                   "?tab=events&colour=bloc&kinds=call,support"
                                   "&compare=2025-11-20"])  # fmt: skip
def test_no_serious_accessibility_violation(projector, query):
    atlas = projector.open(query)
    results = Axe().run(atlas.page)
    serious = [
        (violation["id"], [node["target"] for node in violation["nodes"][:3]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert results.response["passes"]  # the audit really ran


def test_view_summary_follows_the_view(atlas):
    atlas.open("?start=2019-01-01&end=2019-12-31")
    summary = atlas.page.locator("#view-summary")
    assert summary.get_attribute("aria-live") == "polite"
    text = summary.inner_text()
    assert text.startswith("1 Jan – 31 Dec 2019: 2 relations")
    atlas.open("?start=2025-11-21&end=2025-12-11")
    assert summary.inner_text() != text and "Dec 2025" in summary.inner_text()


def test_a_deck_renders_in_the_background_with_progress_and_cancel(atlas):
    """An 8-slide deck renders as a background job: the page shows its
    progress, keeps answering, and Cancel stops it with no download."""
    atlas.open("?story=guacamaya&step=1")
    downloads = []
    atlas.page.on("download", lambda download: downloads.append(download))
    atlas.page.click(".atlas-menu > summary")
    atlas.page.click("[id*='deck-export'][id*='pptx']")
    atlas.page.wait_for_selector("#image-progress:not([hidden])", timeout=10_000)
    assert atlas.page.is_visible("#image-cancel")
    assert "Rendering" in atlas.page.inner_text("#image-status")
    # another image waits for it: a click on PNG had cancelled the deck unsaid
    png = atlas.page.locator("[id*='image-export'][id*='png2']")
    assert png.is_disabled()
    assert atlas.page.locator("[id*='timelapse-export']").first.is_enabled()
    atlas.page.wait_for_function(
        "() => document.getElementById('image-progress').value >= 1"
        " && document.getElementById('image-progress').max === 8",
        timeout=60_000,
    )
    # the page answers while the job runs: the next story step redraws
    before = atlas.page.inner_text("#header-window")
    atlas.page.click("#story-next")
    atlas.page.wait_for_function(
        f"() => document.getElementById('header-window').innerText !== {before!r}",
        timeout=10_000,
    )
    assert atlas.page.is_visible("#image-progress")  # still rendering
    atlas.page.click("#image-cancel")
    atlas.page.wait_for_selector("#image-progress", state="hidden", timeout=10_000)
    atlas.page.wait_for_timeout(3000)
    assert downloads == []
    # said: the status line had gone blank, as if nothing had been asked
    assert atlas.page.inner_text("#image-status") == "Cancelled: nothing saved."
    assert png.is_enabled()
    atlas.screenshot("deck-cancelled")


def test_leaving_presentation_the_dates_keep_clear_of_the_player(atlas):
    """Opened presenting, the date fields were sized for the presentation's
    larger type while hidden, and after Esc the start date's field ran
    under ◀ (the picker's arrow over the button)."""
    atlas.open("?present=1")
    atlas.page.keyboard.press("ArrowLeft")
    atlas.settle()
    atlas.page.keyboard.press("Escape")
    atlas.settle()
    assert "present" not in atlas.query()
    boxes = atlas.page.evaluate(
        """() => { const box = s => document.querySelector(s).getBoundingClientRect();
            const fields = [...document.querySelectorAll(
                '.atlas-time .dash-datepicker input')].map(i => i.getBoundingClientRect());
            return {picker: box('.atlas-time .dash-datepicker').right,
                    back: box('#step-back').left,
                    fields: fields.map(f => [f.width, f.right])}; }"""
    )
    assert boxes["picker"] <= boxes["back"], boxes
    # each date's field as wide as on a page opened at the desk
    atlas.open(f"?start={atlas.query()['start']}&end={atlas.query()['end']}")
    desk = atlas.page.evaluate(
        """() => [...document.querySelectorAll('.atlas-time .dash-datepicker input')]
            .map(i => i.getBoundingClientRect().width)"""
    )
    assert [width for width, _ in boxes["fields"]] == pytest.approx(desk, abs=1)


def test_the_next_story_step_stops_play(atlas):
    """Play ran on after Next: step 3's window showed for under a second,
    then Play moved on through the windows after it, under step 3's caption."""
    atlas.open("?story=guacamaya&step=2")
    atlas.page.click("#play-button")
    atlas.page.wait_for_function(
        "() => document.getElementById('play-button').innerText.includes('Pause')"
    )
    atlas.page.keyboard.press("PageDown")
    atlas.page.wait_for_function(
        "() => document.getElementById('play-button').innerText.includes('Play')"
    )
    atlas.page.wait_for_timeout(3500)  # two and a half of Play's ticks
    atlas.settle()
    query = atlas.query()
    assert query["step"] == "3"
    assert "start" not in query and "end" not in query  # the step's own window
    assert atlas.page.inner_text(f"#{ids.HEADER_WINDOW}").startswith(
        "1 Nov – 20 Nov 2025"
    )
