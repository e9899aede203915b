"""Does the page stay fast while images render? The date-window callback timed
on a running server, idle and while N PNG images render as background jobs
(``python -m dashboard bench --images N``)."""

from __future__ import annotations

import json
import re
import statistics
import time
import urllib.parse
import urllib.request

from dash import Dash

from dashboard.core.model import AppData
from dashboard.core.view import View
from dashboard.devtools.bench import random_windows, window_payload
from dashboard.web import ids

__all__ = ["time_windows_while_rendering"]


def time_windows_while_rendering(
    url: str, app: Dash, data: AppData, *, images: int, windows: int = 30, seed=0
) -> dict:
    """Median and p95 ms of the window callback on the server at ``url``, idle
    and while ``images`` PNGs (2x, the whole span) render; how long the images
    took and how many came back. ``app`` is the same app built in process, for
    the callbacks' keys."""
    end_id = _end_id(url)
    chosen = random_windows(data.span, windows, seed)
    idle = [_timed(url, window_payload(app, View(*w))) for w in chosen]
    started = time.perf_counter()
    jobs = [
        json.loads(_post(url, _image_payload(app, data, n), {"endId": end_id}))
        for n in range(images)
    ]
    busy, done = [], {}  # job number -> its download (empty: it failed)
    while len(done) < len(jobs) and time.perf_counter() - started < 600:
        window = chosen[len(busy) % len(chosen)]
        busy.append(_timed(url, window_payload(app, View(*window))))
        for number, job in enumerate(jobs):
            if number not in done:
                answer = _answer(url, app, data, number, job, end_id)
                if answer is not None:
                    done[number] = answer
    return {
        "idle": _stats(idle),
        "rendering": _stats(busy),
        # only those that came back as images: a failed render answers too
        "images": sum(1 for image in done.values() if image),
        "images_s": time.perf_counter() - started,
    }


def _stats(timings: list[float]) -> dict:
    ordered = sorted(timings)
    return {
        "median_ms": statistics.median(ordered),
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
        "count": len(ordered),
    }


def _end_id(url: str) -> str:
    """The page's signed id, which background jobs' handles are tied to."""
    with urllib.request.urlopen(url + "/", timeout=60) as response:
        page = response.read().decode()
    config = re.search(r'id="_dash-config"[^>]*>(.*?)</script>', page, re.S)
    return json.loads(config.group(1))["end_id"]


def _image_payload(app: Dash, data: AppData, clicks: int) -> dict:
    """The request of a click on "PNG 2x" (the ``clicks``-th)."""
    key = next(key for key in app.callback_map if f"{ids.IMAGE_DOWNLOAD}.data" in key)
    button = {"format": "png2", "type": ids.IMAGE_EXPORT}
    store = {"query": f"?start={data.span[0]}&end={data.span[1]}", "selection": None}
    return {
        "output": key,
        "outputs": [
            {"id": ids.IMAGE_DOWNLOAD, "property": "data"},
            {"id": ids.IMAGE_STATUS, "property": "children"},
        ],
        "inputs": [
            [{"id": button, "property": "n_clicks", "value": clicks + 1}],
            [],
        ],
        "state": [
            {"id": ids.IMAGE_FIGURE, "property": "value", "value": "map"},
            {"id": ids.DISPLAY, "property": "data", "value": None},
            {"id": ids.VIEW, "property": "data", "value": store},
            {"id": ids.MAP_CAMERA, "property": "data", "value": None},
        ],
        "changedPropIds": [
            json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"
        ],
    }


def _answer(url, app, data, number: int, job: dict, end_id: str) -> dict | None:
    """A finished job's download (empty when it failed), or None while it
    runs (the page polls the same way)."""
    params = {"endId": end_id, "cacheKey": job["cacheKey"], "job": job["job"]}
    answer = json.loads(_post(url, _image_payload(app, data, number), params))
    if "response" not in answer:
        return None
    return (answer["response"].get(ids.IMAGE_DOWNLOAD) or {}).get("data") or {}


def _timed(url: str, payload: dict) -> float:
    started = time.perf_counter()
    _post(url, payload)
    return (time.perf_counter() - started) * 1000


def _post(url: str, payload: dict, params: dict | None = None) -> bytes:
    query = "?" + urllib.parse.urlencode(params) if params else ""
    request = urllib.request.Request(
        url + "/_dash-update-component" + query,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.read()
