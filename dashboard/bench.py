"""Benchmarks: server time of the date-window callback, measured through Dash's own
HTTP endpoint (routing, callback, JSON), as a browser would call it.

``python -m dashboard bench [--data DIR] [--windows N] [--seed S]``
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import date, timedelta

from dash import Dash

from dashboard import ids
from dashboard.vocabulary import CONFIDENCE_LEVELS, kinds_by_stance

__all__ = ["random_windows", "time_window_callback"]

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


def _payload(app: Dash, window: tuple[date, date], actor_kinds: list[str]) -> dict:
    """The request the page sends when the date window changes."""
    output = next(key for key in app.callback_map if _VIEW_OUTPUTS in key)
    spec = app.callback_map[output]
    values = {
        (ids.DATE_RANGE, "start_date"): window[0].isoformat(),
        (ids.DATE_RANGE, "end_date"): window[1].isoformat(),
        (ids.ACTOR_KINDS, "value"): actor_kinds,
        (ids.CONFIDENCE, "value"): list(CONFIDENCE_LEVELS),
        (ids.STATES_ONLY, "value"): [],
        (ids.SELECTION, "data"): None,
    }
    inputs = []
    for dependency in spec["inputs"]:
        if dependency["id"].startswith("{"):  # the kind checklists, one per stance
            inputs.append(
                [
                    {
                        "id": {"type": ids.KINDS, "stance": stance},
                        "property": "value",
                        "value": kinds,
                    }
                    for stance, kinds in kinds_by_stance().items()
                ]
            )
        else:
            key = (dependency["id"], dependency["property"])
            inputs.append({**dependency, "value": values[key]})
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
    app: Dash,
    span: tuple[date, date],
    actor_kinds: list[str],
    *,
    windows: int = 50,
    seed: int = 0,
) -> dict[str, float]:
    """Median, p95 and max milliseconds, and the largest response in bytes."""
    client = app.server.test_client()
    client.get("/")  # first request initialises Dash
    timings, sizes = [], []
    for window in random_windows(span, windows, seed):
        body = json.dumps(_payload(app, window, actor_kinds))
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
