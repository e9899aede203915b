"""Command line: ``python -m dashboard check DIR`` and ``python -m dashboard bench``."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from dashboard.config import DEFAULT_DATA
from dashboard.data import DataError, Dataset, load_dataset


def summarise(dataset: Dataset) -> str:
    """A few lines that tell a user what a valid data directory holds."""
    first, last = dataset.date_span
    relations = dataset.relations
    kinds = relations["kind"].value_counts()
    lines = [
        f"{len(dataset.actors)} actors ("
        + ", ".join(
            f"{n} {kind}" for kind, n in dataset.actors["kind"].value_counts().items()
        )
        + ")",
        f"{len(relations)} relations from {first:%d %b %Y} to {last:%d %b %Y}",
        "kinds: " + ", ".join(f"{kind} {n}" for kind, n in kinds.items()),
        "confidence: "
        + ", ".join(
            f"{c} {n}" for c, n in relations["confidence"].value_counts().items()
        ),
    ]
    return "\n".join(lines)


def check(directory: str) -> int:
    try:
        dataset = load_dataset(directory)
    except DataError as error:
        print(f"{directory}: {error}", file=sys.stderr)
        return 1
    print(f"{directory}: valid\n{summarise(dataset)}")
    return 0


def bench(directory: str, windows: int, seed: int, loads: int) -> int:
    from dashboard import create_app
    from dashboard.bench import (
        page_ready_seconds,
        serve_in_background,
        time_window_callback,
    )

    try:
        dataset = load_dataset(directory)
    except DataError as error:
        print(f"{directory}: {error}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    app = create_app(dataset=dataset)
    startup = time.perf_counter() - started
    figures = time_window_callback(
        app,
        dataset.date_span,
        sorted(set(dataset.actors["kind"])),
        windows=windows,
        seed=seed,
    )
    print(
        f"data: {directory} ({len(dataset.actors)} actors, {len(dataset.relations)} relations)"
    )
    print(f"app start-up (layouts, caches): {startup * 1000:.0f} ms")
    print(
        f"date-window callback over {figures['windows']} random windows: "
        f"median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
        f"max {figures['max_ms']:.1f} ms; largest response {figures['max_response_bytes'] / 1024:.0f} KiB"
    )
    if loads:
        process, url = serve_in_background(Path(directory))
        try:
            ready = page_ready_seconds(url, loads)
        finally:
            process.terminate()
        print(
            f"page ready in headless Chromium over {loads} loads: "
            f"median {statistics.median(ready):.2f} s, max {max(ready):.2f} s"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate a data directory")
    check_parser.add_argument("directory")
    bench_parser = commands.add_parser(
        "bench", help="measure the date-window callback's server time"
    )
    bench_parser.add_argument("--data", default=str(DEFAULT_DATA))
    bench_parser.add_argument("--windows", type=int, default=50)
    bench_parser.add_argument("--seed", type=int, default=0)
    bench_parser.add_argument(
        "--browser",
        type=int,
        default=0,
        metavar="N",
        help="also load the page N times in headless Chromium and time it",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.directory)
    if args.command == "bench":
        return bench(args.data, args.windows, args.seed, args.browser)
    return 2


if __name__ == "__main__":
    sys.exit(main())
