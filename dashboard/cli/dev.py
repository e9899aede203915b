"""The developers' commands: ``bench`` and ``load``, the only ones that import
Dash (``bench`` serves the page, ``load`` speaks to it)."""

from __future__ import annotations

from dashboard.cli.common import fail


def bench(args) -> int:
    """Measure the dashboard and, in the same run, the straightforward approach."""
    from dashboard.devtools.benchreport import run_bench

    return run_bench(
        args.data, relations=args.relations, actors=args.actors, windows=args.windows,
        naive_windows=args.naive_windows, seed=args.seed, browser=args.browser,
        images=args.images,
    )  # fmt: skip


def load(args) -> int:
    """Many users moving the date window of a running dashboard at once: the
    throughput, latency percentiles and errors. Exit 1 when any request
    failed, 2 on a bad argument (a host other than this machine, say)."""
    from dashboard.devtools.load import LoadError, run_load

    try:
        result = run_load(
            args.url, users=args.users, requests=args.requests, seed=args.seed,
            max_seconds=args.max_seconds,
        )  # fmt: skip
    except LoadError as error:
        return fail(error)
    print(result.report())
    return 1 if result.errors or not result.latencies_ms else 0
