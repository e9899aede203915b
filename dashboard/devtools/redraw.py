"""What a person feels: from a click on a date preset until both figures have
redrawn (Plotly's ``plotly_afterplot`` on the map and on the network), in
headless Chromium, and how many callback requests the click made.

``python -m dashboard bench --browser N`` prints the median beside page ready.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Redraws:
    """Click-to-redraw times (ms) and callback requests, per click."""

    ms: list[float]
    requests: list[int]

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.ms) if self.ms else None


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
    for name in (order * clicks)[:clicks]:
        sent.clear()
        page.evaluate("window.atlasDrawn = []")
        # clicked in the page, timed from there: Playwright's own round
        # trips before a click are not what a person waits for
        started = page.evaluate(_CLICK, name)
        page.wait_for_function(_BOTH_DRAWN, timeout=60_000)
        drawn = page.evaluate("Math.max(...window.atlasDrawn.map(d => d[1]))")
        page.wait_for_timeout(600)  # what the click still sets settles
        times.append(drawn - started)
        requests.append(len(sent))
    context.close()
    return Redraws(times, requests)
