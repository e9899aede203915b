"""Benchmarks: server time and size of the callbacks, measured through Dash's own
HTTP endpoint (routing, callback, JSON) as a browser would call them; start-up,
memory and the time until the page is drawn, on a server process; and the same
figures for the straightforward approach (naive.py), measured in the same run.

``python -m dashboard bench [--data DIR | --relations N --actors M] [--windows N]
[--naive-windows N] [--seed S] [--browser N]``
"""

from __future__ import annotations

import gzip
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from dash import Dash

from dashboard.core.load import Dataset
from dashboard.core.model import AppData
from dashboard.core.view import View
from dashboard.web import ids
from dashboard.web.layout import PANEL_TABS
from dashboard.web.state import view_store

__all__ = [
    "browser_bench_problem",
    "naive_payload",
    "page_ready_seconds",
    "post",
    "peak_rss_mb",
    "random_windows",
    "start_server",
    "summary",
    "time_naive_callback",
    "time_panels",
    "time_views",
    "time_window_callback",
    "window_payload",
]

ROOT = Path(__file__).resolve().parents[2]


def random_windows(
    span: tuple[date, date], count: int, seed: int
) -> list[tuple[date, date]]:
    """``count`` random windows inside ``span``, reproducible from ``seed``."""
    rng = random.Random(seed)
    days = (span[1] - span[0]).days
    windows = []
    for _ in range(count):
        a, b = sorted(rng.randint(0, days) for _ in range(2))
        windows.append((span[0] + timedelta(days=a), span[0] + timedelta(days=b)))
    return windows


def _payload(
    app: Dash, output: str, inputs: list[tuple], changed: str, state: list[tuple] = ()
) -> dict:
    """The request the page sends to the callback that has ``output``;
    ``inputs`` (and ``state``) are (component, property, value) in the
    callback's order."""
    key = next(key for key in app.callback_map if output in key)

    def sent(values):
        return [
            {"id": component, "property": prop, "value": value}
            for component, prop, value in values
        ]

    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]}
        for part in key.strip(".").split("...")
    ]
    return {
        "output": key,
        "outputs": outputs,
        "inputs": sent(inputs),
        "changedPropIds": [changed],
        "state": sent(state),
    }


def _store(view: View) -> dict:
    """The View store's value for ``view``, its focus selected."""
    return view_store(view, {"actor": view.focus} if view.focus else None)


def _post(client, payload: dict) -> tuple[float, int, int]:
    """(milliseconds, response bytes, gzipped bytes) of one callback request."""
    body = json.dumps(payload)
    started = time.perf_counter()
    response = client.post(
        "/_dash-update-component", data=body, content_type="application/json"
    )
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(
            f"callback failed ({response.status_code}): {response.data[:300]}"
        )
    return elapsed, len(response.data), len(gzip.compress(response.data))


def summary(results: list[tuple[float, int, int]]) -> dict[str, float]:
    """Median, p95 and max milliseconds, largest response raw and gzipped."""
    timings = sorted(ms for ms, _, _ in results)
    return {
        "windows": len(timings),
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * (len(timings) - 1))],
        "max_ms": timings[-1],
        "max_response_bytes": max(raw for _, raw, _ in results),
        "max_response_gzip": max(packed for _, _, packed in results),
    }


#: The figures' sizes (px) in a 1920 x 1080 window, as the page measures them.
PANEL_SIZES = {"map": [804, 703], "graph": [804, 703]}


def window_payload(app: Dash, view: View) -> dict:
    """The dashboard's date-window request for ``view``."""
    return _payload(
        app, f"{ids.GEO_MAP}.figure",
        [(ids.VIEW, "data", _store(view)), (ids.DISPLAY, "data", None),
         (ids.PANEL_SIZES, "data", PANEL_SIZES), (ids.MAP_SETTLED, "data", None)],
        f"{ids.VIEW}.data", state=[(ids.MAP_CAMERA, "data", None)],
    )  # fmt: skip


def naive_payload(app: Dash, start: date, end: date) -> dict:
    """The straightforward app's request for a window."""
    return _payload(
        app, f"{ids.GEO_MAP}.figure",
        [(ids.DATE_RANGE, "start_date", start.isoformat()),
         (ids.DATE_RANGE, "end_date", end.isoformat())],
        f"{ids.DATE_RANGE}.start_date",
    )  # fmt: skip


def time_window_callback(
    app: Dash, data: AppData, *, windows: int = 50, seed: int = 0
) -> dict[str, float]:
    """The date-window callback (map, graph, time bar, header) over random
    windows; every other one with a random actor selected."""
    client = app.server.test_client()
    client.get("/")  # first request initialises Dash
    rng = random.Random(seed)
    actors = sorted(data.dataset.actors["id"])
    results = []
    for number, (start, end) in enumerate(random_windows(data.span, windows, seed)):
        focus = rng.choice(actors) if number % 2 else None
        view = View(start=start, end=end, focus=focus)
        results.append(_post(client, window_payload(app, view)))
    return summary(results)


def time_panels(app: Dash, data: AppData) -> dict[str, tuple[float, int, int]]:
    """Each tab of the details card on the whole span (its largest view), the
    first time it is asked for: tab -> (ms, bytes, gzipped bytes)."""
    client = app.server.test_client()
    client.get("/")
    whole = _store(View(start=data.span[0], end=data.span[1]))
    return {
        tab: _post(client, _panel_payload(app, tab, whole)) for tab, _ in PANEL_TABS
    }


def _panel_payload(app: Dash, tab: str, store: dict) -> dict:
    """The request that fills ``tab``: the tables' rows (a table that holds
    none yet), or the text tabs' content."""
    opened = (ids.PANEL_TABS, "value", tab)
    if tab in ("events", "rankings"):
        return _payload(
            app, f"{ids.EVENTS_TABLE}.rowData", [opened, (ids.VIEW, "data", store)],
            f"{ids.PANEL_TABS}.value", state=[(ids.TABLES_FILLED, "data", {})],
        )  # fmt: skip
    return _payload(
        app, f"{ids.DETAILS}.children",
        [opened, (ids.VIEW, "data", store), (ids.DISPLAY, "data", None)],
        f"{ids.PANEL_TABS}.value",
    )  # fmt: skip


def time_views(app: Dash, data: AppData) -> dict[str, tuple[float, int, int]]:
    """The date-window callback on the whole span with each analysis on, once
    (none is cached): name -> (ms, bytes, gzipped bytes). The analyses centre
    on the actor with the most relations."""
    client = app.server.test_client()
    client.get("/")
    busiest = data.codes.per_actor()
    ranked = sorted(busiest, key=busiest.__getitem__, reverse=True)
    whole = View(start=data.span[0], end=data.span[1])
    middle = data.span[0] + (data.span[1] - data.span[0]) / 2
    views = {
        "states only": replace(whole, states=True),
        "neighbourhood, 1 step": replace(whole, focus=ranked[0], depth=1),
        "colour by bloc": replace(whole, colour="bloc"),
        "shortest path": replace(
            whole, path=(ranked[0], ranked[min(9, len(ranked) - 1)])
        ),
        "change between dates": replace(whole, compare=middle),
    }
    return {
        name: _post(client, window_payload(app, view)) for name, view in views.items()
    }


def time_naive_callback(
    app: Dash, dataset: Dataset, *, windows: int, seed: int = 0
) -> dict[str, float]:
    """The straightforward app's callback (naive.py) over the same random windows."""
    client = app.server.test_client()
    client.get("/")
    return summary(
        [
            _post(client, naive_payload(app, start, end))
            for start, end in random_windows(dataset.date_span, windows, seed)
        ]
    )


def post(url: str, payload: dict, timeout: float = 600) -> bytes:
    """Send a callback request to a running server; the response body."""
    request = urllib.request.Request(
        url + "/_dash-update-component",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: The page is ready when the map has drawn its countries and the graph its traces.
READY_SELECTORS = (
    "#geo-map .geo .countries path",
    "#network-graph .scatterlayer .trace",
)


def start_server(
    *data_dirs: Path,
    naive: bool = False,
    timeout: float = 300,
    options: Sequence[str] = (),
) -> tuple[subprocess.Popen, str, float]:
    """Start ``app.py`` (or, ``naive``, the straightforward app) on a free local
    port on the data directories given (the bundled data when none), with
    more of its ``options`` (``--debug``).

    Returns (process, base URL, seconds until it answered: its start-up).
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    if naive:
        command = [
            sys.executable,
            "-m",
            "dashboard.devtools.naive",
            str(data_dirs[0]),
            str(port),
        ]
    else:
        command = [sys.executable, str(ROOT / "app.py"), "--port", str(port), *options]
        for data_dir in data_dirs:
            command += ["--data", str(data_dir)]
    # the server logs every request: to a file, since an unread pipe fills up
    # and then blocks the server
    log = tempfile.TemporaryFile()
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    while time.monotonic() < started + timeout:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode(errors="replace"))
        try:
            urllib.request.urlopen(url, timeout=1)
            return process, url, time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the dashboard did not start within {timeout:.0f} s")


def peak_rss_mb(process: subprocess.Popen) -> float:
    """The most resident memory the process has used so far (Linux), in MB."""
    status = Path(f"/proc/{process.pid}/status").read_text()
    kib = next(
        line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")
    )
    return int(kib) / 1024


def browser_bench_problem() -> str | None:
    """Why the page cannot be timed in a browser (``bench --browser``), or
    None: Playwright is a test dependency, and the browser is Debian's
    chromium. Asked before the bench begins: it ended, after minutes of
    other work, in ``ModuleNotFoundError: No module named 'playwright'``."""
    try:
        import playwright.sync_api  # noqa: F401  (only whether it loads)
    except ImportError:
        return (
            "--browser needs Playwright, a test dependency: run "
            "'make install-test' and try again"
        )
    if not Path(CHROMIUM).is_file():
        return (
            f"--browser needs Chromium at {CHROMIUM}: run 'make install-test' "
            "(or 'sudo apt-get install chromium') and try again"
        )
    return None


def page_ready_seconds(
    url: str, loads: int = 5, timeout: float = 30
) -> list[float | None]:
    """Seconds from navigation to map and graph drawn, each load in a fresh
    context; None for a load that was not drawn within ``timeout`` seconds."""
    # a test dependency, loaded on use
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            started = time.perf_counter()
            try:
                page.goto(url, timeout=timeout * 1000)
                for selector in READY_SELECTORS:
                    left = timeout - (time.perf_counter() - started)
                    page.wait_for_selector(selector, timeout=max(left, 0.1) * 1000)
                timings.append(time.perf_counter() - started)
            except PlaywrightTimeout:
                timings.append(None)
            context.close()
        browser.close()
    return timings
