"""Benchmarks: server time of the date-window callback, measured through Dash's own
HTTP endpoint (routing, callback, JSON) as a browser would call it, and the time
until the page is drawn in headless Chromium.

``python -m dashboard bench [--data DIR] [--windows N] [--seed S] [--browser N]``
"""

from __future__ import annotations

import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from dash import Dash

from dashboard import ids
from dashboard.callbacks import VIEW_CONTROLS, AppData, view_to_controls
from dashboard.view import View
from dashboard.vocabulary import STANCES

__all__ = [
    "page_ready_seconds",
    "random_windows",
    "serve_in_background",
    "time_window_callback",
]

ROOT = Path(__file__).resolve().parent.parent

_VIEW_OUTPUTS = f"{ids.GEO_MAP}.figure"


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


def _payload(app: Dash, controls: list) -> dict:
    """The request the page sends when the view changes (``controls`` in the
    order of VIEW_CONTROLS)."""
    output = next(key for key in app.callback_map if _VIEW_OUTPUTS in key)
    inputs = []
    for (component, prop), value in zip(VIEW_CONTROLS, controls):
        if isinstance(component, dict):  # the kind checklists, one per stance
            inputs.append(
                [
                    {"id": {"type": ids.KINDS, "stance": stance}, "property": prop,
                     "value": kinds}
                    for stance, kinds in zip(STANCES, value)
                ]
            )  # fmt: skip
        else:
            inputs.append({"id": component, "property": prop, "value": value})
    inputs.append({"id": ids.DISPLAY, "property": "data", "value": None})
    outputs = [
        {"id": part.split(".")[0], "property": part.split(".")[1]}
        for part in output.strip(".").split("...")
    ]
    return {
        "output": output,
        "outputs": outputs,
        "inputs": inputs,
        "changedPropIds": [f"{ids.DATE_RANGE}.start_date"],
        "state": [],
    }


def time_window_callback(
    app: Dash, data: AppData, *, windows: int = 50, seed: int = 0
) -> dict[str, float]:
    """Median, p95 and max milliseconds, and the largest response in bytes, over
    random windows; every other one with a random actor selected."""
    client = app.server.test_client()
    client.get("/")  # first request initialises Dash
    rng = random.Random(seed)
    actors = sorted(data.dataset.actors["id"])
    stances = [{"stance": stance} for stance in STANCES]
    timings, sizes = [], []
    for number, (start, end) in enumerate(random_windows(data.span, windows, seed)):
        focus = rng.choice(actors) if number % 2 else None
        controls = view_to_controls(
            data, View(start=start, end=end, focus=focus), stances
        )
        body = json.dumps(_payload(app, controls))
        started = time.perf_counter()
        response = client.post(
            "/_dash-update-component", data=body, content_type="application/json"
        )
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(
                f"callback failed ({response.status_code}): {response.data[:300]}"
            )
        sizes.append(len(response.data))
    timings.sort()
    return {
        "windows": windows,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * (len(timings) - 1))],
        "max_ms": timings[-1],
        "max_response_bytes": max(sizes),
    }


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


def serve_in_background(*data_dirs: Path, timeout: float = 60):
    """Start ``app.py`` on a free local port on the data directories given (the
    bundled data when none); returns (process, base URL)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, str(ROOT / "app.py"), "--port", str(port)]
    for data_dir in data_dirs:
        command += ["--data", str(data_dir)]
    # the server logs every request: to a file, since an unread pipe fills up
    # and then blocks the server
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode(errors="replace"))
        try:
            urllib.request.urlopen(url, timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the dashboard did not start within {timeout:.0f} s")


def page_ready_seconds(url: str, loads: int = 5) -> list[float]:
    """Seconds from navigation to map and graph drawn, each load in a fresh context."""
    from playwright.sync_api import sync_playwright  # test dependency, loaded on use

    timings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(url)
            for selector in READY_SELECTORS:
                page.wait_for_selector(selector, timeout=30_000)
            timings.append(time.perf_counter() - started)
            context.close()
        browser.close()
    return timings
