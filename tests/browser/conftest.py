"""Real-browser fixtures: the app in a subprocess, Debian's chromium driven by playwright."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from dashboard.devtools.bench import CHROMIUM, CHROMIUM_ARGS, start_server

SCREENSHOTS = Path(__file__).parent / "screenshots"


def serve_in_background(*data_dirs: Path):
    """``app.py`` on a free local port on the data directories given (the
    bundled data when none); returns (process, base URL)."""
    process, url, _ = start_server(*data_dirs)
    return process, url


@contextmanager
def served(*data_dirs: Path) -> Iterator[str]:
    """A dashboard of its own on ``data_dirs`` for one test, its base URL;
    stopped when the test ends, however it ends."""
    process, url, _ = start_server(*data_dirs)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server_url():
    process, url = serve_in_background()
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run 'make test' (it installs Debian's chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Atlas:
    """A page of the dashboard, with the problems it reported while it was open."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on(
            "console",
            lambda m: m.type == "error" and self.console_errors.append(m.text),
        )
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("request", self._check_request)

    def _check_request(self, request) -> None:
        host = request.url.split("/")[2] if "://" in request.url else ""
        if request.url.startswith(("data:", "blob:")):
            return
        if not host.startswith(("127.0.0.1", "localhost")):
            self.foreign_requests.append(request.url)

    def open(self, query: str = "") -> Atlas:
        self.page.goto(self.base_url + "/" + query)
        self.wait_drawn()
        return self

    def wait_drawn(self) -> None:
        self.page.wait_for_selector("#geo-map .geo .countries path", timeout=20_000)
        self.page.wait_for_selector(
            "#network-graph .scatterlayer .trace", timeout=20_000
        )
        self.settle()

    def column_in_view(self, grid: str, column: str) -> None:
        """Scroll ``grid``'s (its id) ``column`` into view, as an analyst
        would: a column past the card's edge is not drawn at all."""
        self.page.wait_for_selector(f"#{grid} .ag-header-cell", timeout=20_000)
        self.page.evaluate(
            "([grid, column]) => dash_ag_grid.getApi(grid).ensureColumnVisible(column)",
            [grid, column],
        )
        self.page.wait_for_selector(f"#{grid} .ag-header-cell[col-id='{column}']")

    def settle(self) -> None:
        """Wait until Dash has no callback pending or in flight, twice in a row
        (a callback's answer can start the next one), then let the page paint."""
        idle = """() => {
            const state = window.store && window.store.getState();
            if (!state) { return false; }
            const callbacks = Object.assign({}, state.callbacks);
            delete callbacks.stored;
            delete callbacks.completed;
            return [].concat(...Object.values(callbacks)).length === 0;
        }"""
        for _ in range(2):
            self.page.wait_for_function(idle, timeout=20_000)
            self.page.wait_for_timeout(200)

    def figure_data(self, graph_id: str) -> list[dict]:
        return self.page.evaluate(
            "(id) => document.querySelector('#' + id + ' .js-plotly-plot').data"
            ".map(t => ({name: t.name, customdata: t.customdata || [], text: t.text}))",
            graph_id,
        )

    def shown(self, graph_id: str, kind: str) -> set[str]:
        """Ids of the actors or relations a figure currently draws."""
        found = set()
        for trace in self.figure_data(graph_id):
            for item in trace["customdata"] or []:
                if isinstance(item, list) and item[0] == kind:
                    found.update(item[1].split("|"))
        return found

    def click_point(self, graph_id: str, kind: str, item_id: str) -> None:
        """Click the marker of an actor or relation as a user would, with the mouse."""
        box = self.page.evaluate(
            """([graphId, kind, itemId]) => {
                const plot = document.querySelector('#' + graphId + ' .js-plotly-plot');
                const layers = plot.querySelectorAll('.scatterlayer .trace');
                for (let t = 0; t < plot.data.length; t++) {
                    const cd = plot.data[t].customdata || [];
                    for (let i = 0; i < cd.length; i++) {
                        if (cd[i] && cd[i][0] === kind && cd[i][1].split('|').includes(itemId)) {
                            const trace = [...layers].find(l => l.__data__ && l.__data__[0] &&
                                l.__data__[0].trace.index === t);
                            const point = trace.querySelectorAll('path.point')[i];
                            const r = point.getBoundingClientRect();
                            return {x: r.x + r.width / 2, y: r.y + r.height / 2};
                        }
                    }
                }
                return null;
            }""",
            [graph_id, kind, item_id],
        )
        assert box, f"{kind} {item_id} is not drawn on {graph_id}"
        self.page.mouse.move(box["x"], box["y"])
        self.page.wait_for_timeout(150)
        self.page.mouse.click(box["x"], box["y"])
        self.settle()

    def query(self) -> dict[str, str]:
        from urllib.parse import parse_qs, urlparse

        return {k: v[-1] for k, v in parse_qs(urlparse(self.page.url).query).items()}

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def atlas(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    yield Atlas(page, server_url)
    context.close()


@pytest.fixture
def screen(browser, server_url, request):
    """A page of the bundled data's dashboard at the size ``request.param``
    (width, height): parametrize with ``indirect=True``."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield Atlas(context.new_page(), server_url)
    context.close()
