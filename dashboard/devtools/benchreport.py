"""The bench's report: the dashboard and the straightforward approach measured
in one run on one data directory, printed as a table of figures side by side
(``python -m dashboard bench``; the measurements themselves are in bench.py)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from dashboard.core.load import load_dataset
from dashboard.core.model import prepare
from dashboard.core.problems import DataError
from dashboard.core.view import View
from dashboard.devtools import bench as measure
from dashboard.devtools.naive import create_naive_app
from dashboard.devtools.redraw import click_to_redraw
from dashboard.devtools.synthetic import write_synthetic
from dashboard.web.app import create_app, settle

__all__ = ["NAIVE_MOST", "run_bench"]

#: Above this many relations the straightforward approach is not run unless
#: asked (``--naive-windows``): one of its windows takes hours, and its
#: server minutes to start.
NAIVE_MOST = 200_000


def run_bench(
    directory: str | Path,
    *,
    relations: int | None = None,
    actors: int = 5_000,
    windows: int = 50,
    naive_windows: int | None = None,
    seed: int = 0,
    browser: int = 0,
    images: int = 0,
) -> int:
    """Measure the dashboard and the straightforward approach on the data in
    ``directory``, or on synthetic data of ``relations`` among ``actors``, and
    print the figures; the exit status (1: the data is not valid).

    Args:
        windows: random date windows timed on the dashboard.
        naive_windows: those timed on the straightforward approach (default: as
            ``windows``, 3 above 5,000 relations: each takes minutes there; none
            above `NAIVE_MOST` relations, where one takes hours, nor with 0).
        seed: the seed of the synthetic data and of the random windows.
        browser: page loads timed in headless Chromium (0: none).
        images: PNGs rendered at once while the window callback is timed on a
            running server (0: none).
    """
    options = {"windows": windows, "naive_windows": naive_windows, "seed": seed,
               "browser": browser, "images": images}  # fmt: skip
    if relations is None:
        return _bench(directory, str(directory), **options)
    with tempfile.TemporaryDirectory() as synthetic:
        write_synthetic(Path(synthetic), relations, actors, seed=seed)
        described = (
            f"synthetic, {relations:,} relations among {actors:,} actors (seed {seed})"
        )
        return _bench(synthetic, described, **options)


def _bench(
    directory: str | Path,
    described: str,
    *,
    windows: int,
    naive_windows: int | None,
    seed: int,
    browser: int,
    images: int,
) -> int:
    started = time.perf_counter()
    try:
        dataset = load_dataset(directory)
    except DataError as error:
        print(f"{directory}: {error}", file=sys.stderr)
        return 1
    loaded = time.perf_counter() - started
    print(f"data: {described}: {dataset.summary().splitlines()[1]}", flush=True)
    many = len(dataset.relations) > 5000
    if naive_windows is None:
        naive_windows = (
            0 if len(dataset.relations) > NAIVE_MOST else 3 if many else windows
        )
    started = time.perf_counter()
    app = create_app(dataset=dataset)
    ours_startup = time.perf_counter() - started
    data = prepare(dataset)
    settle()  # as the server does once it is built
    ours = measure.time_window_callback(app, data, windows=windows, seed=seed)
    panels = measure.time_panels(app, data)
    views = measure.time_views(app, data)
    whole = View(start=data.span[0], end=data.span[1])
    ours_payload = measure.window_payload(app, whole)
    rendering = _while_rendering(directory, app, data, images) if images else None
    del app, data
    servers = {
        "ours": _serve_and_load(
            directory, ours_payload, browser, many=many, naive=False
        )
    }
    if naive_windows:
        started = time.perf_counter()
        naive_app = create_naive_app(dataset)
        naive_startup = time.perf_counter() - started
        naive = measure.time_naive_callback(
            naive_app, dataset, windows=naive_windows, seed=seed
        )
        naive_request = measure.naive_payload(naive_app, *dataset.date_span)
        servers["naive"] = _serve_and_load(
            directory, naive_request, browser and 1, many=many, naive=True
        )
    else:  # not run: every figure of that column "-"
        naive = dict.fromkeys(ours, "-") | {"windows": 0}
        naive_startup = "-"
        servers["naive"] = dict.fromkeys(servers["ours"], "-")
    rows = [
        ("date-window callback, median ms", ours["median_ms"], naive["median_ms"]),
        ("date-window callback, p95 ms", ours["p95_ms"], naive["p95_ms"]),
        ("largest window response, KiB", _kib(ours["max_response_bytes"]),
         _kib(naive["max_response_bytes"])),
        ("  the same gzipped, KiB", _kib(ours["max_response_gzip"]),
         _kib(naive["max_response_gzip"])),
        ("data loaded and checked in process, s", loaded, "-"),
        ("app start-up in process, s", ours_startup, naive_startup),
        ("server start-up (to first answer), s", servers["ours"]["startup"],
         servers["naive"]["startup"]),
        ("server peak resident memory, started, MB", servers["ours"]["rss_started"],
         servers["naive"]["rss_started"]),
        ("server peak resident memory, MB", servers["ours"]["rss"],
         servers["naive"]["rss"]),
    ]  # fmt: skip
    if browser:
        rows.append(
            ("page ready in headless Chromium, s", servers["ours"]["ready"],
             servers["naive"]["ready"])
        )  # fmt: skip
    # medians: ms, requests per click, ms until answered, the longest wait for
    # an answer's first byte, ms from the answer to both figures redrawn
    redraw = servers["ours"]["redraw"]
    print(
        f"windows: {ours['windows']} random (seed {seed}) for the dashboard, "
        f"{naive['windows'] or 'none'} for the straightforward approach (rebuild "
        "the graph and run networkx.spring_layout in every callback, draw every "
        "relation)"
        + ("" if naive_windows else f"; not run above {NAIVE_MOST:,} relations")
    )
    print(f"{'figure':40} {'dashboard':>11} {'straightforward':>16} {'them/us':>8}")
    for label, mine, theirs in rows:
        print(
            f"{label:40} {_figure(mine):>11} {_figure(theirs):>16} {_ratio(mine, theirs):>8}"
        )
    if browser and redraw:
        print(
            f"click on a date preset to both figures redrawn (headless Chromium): "
            f"median {redraw[0]:,.0f} ms, {redraw[1]:.0f} callback requests"
        )
        if redraw[2] is not None:
            print(
                f"  of which: the figures' answer arrived after {redraw[2]:,.0f} ms "
                f"(the longest wait for an answer's first byte {redraw[3]:,.0f} ms), "
                f"both figures redrawn {redraw[4]:,.0f} ms after it (the map "
                f"{redraw[5]:,.0f} ms after the click, the network {redraw[6]:,.0f})"
            )
    print("details card, whole span, first opening (the straightforward app has none):")
    for tab, (ms, raw, packed) in panels.items():
        print(
            f"  {tab:10} {ms:8.0f} ms {raw / 1024:8.0f} KiB ({packed / 1024:.0f} KiB gzipped)"
        )
    print("the window callback on the whole span with an analysis on (no cache):")
    for name, (ms, raw, packed) in views.items():
        print(
            f"  {name:22} {ms:8.0f} ms {raw / 1024:8.0f} KiB ({packed / 1024:.0f} KiB gzipped)"
        )
    if rendering:
        print(
            f"the window callback over HTTP while {images} PNG images render as "
            f"background jobs ({rendering['images']} of them rendered, in "
            f"{rendering['images_s']:.1f} s):"
        )
        for name in ("idle", "rendering"):
            got = rendering[name]
            print(
                f"  {name:10} median {got['median_ms']:6.1f} ms, p95 "
                f"{got['p95_ms']:6.1f} ms ({got['count']} windows)"
            )
    return 0


def _while_rendering(directory: str | Path, app, data, images: int) -> dict:
    """The window callback on a served app, idle and while images render."""
    from dashboard.devtools.rendering import time_windows_while_rendering

    process, url, _ = measure.start_server(Path(directory))
    try:
        return time_windows_while_rendering(url, app, data, images=images)
    finally:
        process.terminate()
        process.wait()


def _serve_and_load(
    directory: str | Path, payload: dict, loads: int, *, many: bool, naive: bool
) -> dict:
    """Start-up, peak memory and page-ready seconds of a server process (the
    straightforward app's, ``naive``); ``payload``: a request for the whole span."""
    process, url, startup = measure.start_server(Path(directory), naive=naive)
    try:
        started = measure.peak_rss_mb(process)  # built, before any view
        ready = redraw = None
        if loads:
            timeout = 600 if naive and many else 60
            timings = measure.page_ready_seconds(url, loads, timeout=timeout)
            drawn = [t for t in timings if t is not None]
            ready = statistics.median(drawn) if drawn else f">{timeout}"
            if not naive:  # a preset clicked until both figures redrew
                redraws = click_to_redraw(url, clicks=max(loads, 6))
                redraw = (
                    redraws.median_ms, statistics.median(redraws.requests),
                    redraws.median("answered_ms"), redraws.median("server_ms"),
                    redraws.median("drawing_ms"), redraws.median("geo-map"),
                    redraws.median("network-graph"),
                )  # fmt: skip
        else:  # draw the whole span once, so that memory is measured in use
            measure.post(url, payload)
        rss = measure.peak_rss_mb(process)
        return {"startup": startup, "rss_started": started, "rss": rss,
                "ready": ready, "redraw": redraw}  # fmt: skip
    finally:
        process.terminate()
        process.wait()


def _kib(size) -> float | str:
    return size / 1024 if isinstance(size, int | float) else size


def _figure(value) -> str:
    return (
        value
        if isinstance(value, str)
        else f"{value:,.1f}"
        if value < 100
        else f"{value:,.0f}"
    )


def _ratio(mine, theirs) -> str:
    if isinstance(mine, str) or mine is None or theirs in ("-", None):
        return "-"
    if isinstance(theirs, str):  # did not finish within the timeout
        return f"{theirs[0]}{float(theirs[1:]) / mine:,.0f}x"
    return f"{theirs / mine:,.1f}x" if mine else "-"
