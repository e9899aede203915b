"""The developers' commands: ``bench`` and ``load``, the only ones that import
Dash (``bench`` serves the page, ``load`` speaks to it)."""

from __future__ import annotations

from dashboard.cli.common import fail


def bench(args) -> int:
    """Measure the dashboard and, in the same run, the straightforward approach.
    Exit 1 when ``--browser`` or ``--images`` cannot be timed, said before
    any work."""
    if args.browser:
        from dashboard.devtools.bench import browser_bench_problem

        problem = browser_bench_problem()
        if problem:
            return fail(problem, 1)
    if args.images:
        from dashboard.outputs.imaging import images_problem

        problem = images_problem()
        if problem:
            return fail(f"--images: {problem}", 1)
    if args.events is not None:
        return _import_bench(args)
    from dashboard.devtools.benchreport import run_bench

    return run_bench(
        args.data, relations=args.relations, actors=args.actors, windows=args.windows,
        naive_windows=args.naive_windows, seed=args.seed, browser=args.browser,
        images=args.images,
    )  # fmt: skip


def _import_bench(args) -> int:
    """``bench --events N``: raw events through the store's import, then the
    store benched."""
    from dashboard.devtools.importbench import run_import_bench

    if args.relations is not None:
        return fail("--events and --relations: one or the other")
    try:
        workers = tuple(int(n) for n in args.import_workers.split(","))
    except ValueError:
        workers = ()
    if not workers or min(workers) < 1:
        return fail("--import-workers: counts of 1 or more, comma-separated")
    if args.events < 1 or (args.files is not None and not 1 <= args.files):
        return fail("--events and --files: 1 or more")
    return run_import_bench(
        args.events, files=args.files, seed=args.seed, workers=workers,
        keep=args.keep, windows=args.windows, browser=args.browser,
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
