"""What a person feels: from a click on a date preset until both figures have
redrawn (Plotly's ``plotly_afterplot`` on the map and on the network), in
headless Chromium, and how many callback requests the click made.

``python -m dashboard bench --browser N`` prints the median beside page ready.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from dashboard.devtools.bench import CHROMIUM, CHROMIUM_ARGS, READY_SELECTORS

__all__ = ["Redraws", "click_to_redraw"]

#: Each figure's element, whose ``plotly_afterplot`` says it has redrawn.
FIGURES = ("geo-map", "network-graph")
#: Listens for both figures' redraws, kept in ``window.atlasDrawn``.
_LISTEN = """ids => {
  window.atlasDrawn = [];
  for (const id of ids) {
    const plot = document.querySelector('#' + id + ' .js-plotly-plot');
    plot.on('plotly_afterplot', () => window.atlasDrawn.push([id, performance.now()]));
  }
}"""
#: Clicks the preset named so, and says when (ms, the page's clock).
_CLICK = """name => {
  const preset = [...document.querySelectorAll('button[id*="preset"]')]
    .find(button => button.innerText.trim() === name);
  const now = performance.now();
  preset.click();
  return now;
}"""
_BOTH_DRAWN = "new Set(window.atlasDrawn.map(d => d[0])).size === 2"
#: The callback requests made since ``started`` (the page's clock): each one's
#: [sent, first byte of the answer, last byte], from the Resource Timing API.
_CALLS = """started => performance.getEntriesByType('resource')
  .filter(e => e.name.includes('_dash-update-component') && e.startTime >= started)
  .map(e => [e.startTime, e.responseStart, e.responseEnd])"""
_FORGET_CALLS = """() => {
  performance.setResourceTimingBufferSize(10000);
  performance.clearResourceTimings();
}"""


@dataclass(frozen=True)
class Redraws:
    """Click-to-redraw times (ms) and callback requests, per click; and where
    each click's time went: until the last answer before the redraw arrived
    (``answered_ms``), the longest wait for an answer's first byte among its
    requests (``server_ms``: the server's work, and the way there and back on
    this machine), and from that answer until both figures had redrawn
    (``drawing_ms``: the browser's work)."""

    ms: list[float]
    requests: list[int]
    answered_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    drawing_ms: list[float] = field(default_factory=list)
    #: per click, each figure's last redraw (ms after the click), by its id
    figures_ms: list[dict[str, float]] = field(default_factory=list)

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.ms) if self.ms else None

    def median(self, name: str) -> float | None:
        """The median of ``name`` ("answered_ms", "server_ms", "drawing_ms"),
        or of a figure's redraw, by its id ("geo-map", "network-graph")."""
        values = (
            getattr(self, name) if name.endswith("_ms")
            else [drawn[name] for drawn in self.figures_ms if name in drawn]
        )  # fmt: skip
        return statistics.median(values) if values else None


def click_to_redraw(
    url: str,
    clicks: int = 8,
    *,
    width: int = 1280,
    height: int = 720,
    browser=None,
) -> Redraws:
    """Click the page's date presets in turn (each differs from the last),
    ``clicks`` times, and time each until both figures have redrawn; in
    ``browser`` (a Playwright browser) when given, else in a Chromium of its
    own."""
    if browser is not None:
        return _timed(browser, url, clicks, width, height)
    from playwright.sync_api import sync_playwright  # a test dependency

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            return _timed(browser, url, clicks, width, height)
        finally:
            browser.close()


def _timed(browser, url: str, clicks: int, width: int, height: int) -> Redraws:
    times: list[float] = []
    requests: list[int] = []
    # the measuring script runs beside the page's strict CSP
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=True
    )
    page = context.new_page()
    sent: list[float] = []
    page.on(
        "request",
        lambda r: "_dash-update-component" in r.url and sent.append(time.time()),
    )
    page.goto(url)
    for selector in READY_SELECTORS:
        page.wait_for_selector(selector, timeout=120_000)
    page.wait_for_timeout(1_500)  # the first answers settle
    page.evaluate(_LISTEN, list(FIGURES))
    presets = page.locator('[id*=\'"type":"preset"\']')
    names = [presets.nth(i).inner_text() for i in range(presets.count())]
    # alternate the whole span with each other preset: every click changes
    order = [name for other in names[1:] for name in (other, names[0])]
    answered: list[float] = []
    server: list[float] = []
    drawing: list[float] = []
    figures: list[dict[str, float]] = []
    for name in (order * clicks)[:clicks]:
        sent.clear()
        page.evaluate("window.atlasDrawn = []")
        page.evaluate(_FORGET_CALLS)
        # clicked in the page, timed from there: Playwright's own round
        # trips before a click are not what a person waits for
        started = page.evaluate(_CLICK, name)
        page.wait_for_function(_BOTH_DRAWN, timeout=60_000)
        drawn = page.evaluate("Math.max(...window.atlasDrawn.map(d => d[1]))")
        each = {
            figure: at - started
            for figure, at in page.evaluate("window.atlasDrawn")
            if at <= drawn
        }
        page.wait_for_timeout(600)  # what the click still sets settles
        times.append(drawn - started)
        requests.append(len(sent))
        figures.append(each)
        calls = [c for c in page.evaluate(_CALLS, started) if c[2] <= drawn]
        if calls:
            last = max(end for _, _, end in calls)
            answered.append(last - started)
            server.append(max(first - sent_at for sent_at, first, _ in calls))
            drawing.append(drawn - last)
    context.close()
    return Redraws(times, requests, answered, server, drawing, figures)
