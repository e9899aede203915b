"""Command line: ``python -m dashboard check|import|export|render|deck|generate|bench``
(``--help``)."""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

from dashboard.config import DEFAULT_DATA
from dashboard.core.describe import plural
from dashboard.core.load import DataError, Dataset, load_dataset, load_datasets


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
    from dashboard.core.stories import load_stories

    try:
        dataset = load_dataset(directory)
    except DataError as error:
        print(f"{directory}: {error}", file=sys.stderr)
        return 1
    stories, problems = load_stories([directory], dataset)
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        print(f"{directory}: {len(problems)} problem(s) in the stories:\n{lines}",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"{directory}: valid\n{summarise(dataset)}")
    for name, story in stories.items():
        print(f"story '{name}': {story.title} ({plural(len(story.steps), 'step')})")
    return 0


def _briefing_data(directories: list[str] | None):
    """The app's data and stories for the render and deck commands."""
    from dashboard.core.model import prepare
    from dashboard.core.stories import load_stories

    directories = directories or [str(DEFAULT_DATA)]
    dataset = load_datasets(directories)
    stories, problems = load_stories(directories, dataset)
    for problem in problems:
        print(f"story left out: {problem}", file=sys.stderr)
    return dataclasses.replace(prepare(dataset), stories=stories)


def _write(path: str, content: bytes) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    return out


def render(args) -> int:
    """A slide-ready image of a view's map or graph. Exit 2 on a bad argument."""
    from dashboard.core.view import View
    from dashboard.outputs.briefing import Slide, view_image
    from dashboard.outputs.imaging import ImageError
    from dashboard.web.callbacks import data_title

    try:
        data = _briefing_data(args.data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        start = date.fromisoformat(args.start) if args.start else data.span[0]
        end = date.fromisoformat(args.end) if args.end else data.span[1]
    except ValueError as error:
        print(f"--start/--end: {error} (use YYYY-MM-DD)", file=sys.stderr)
        return 2
    if end < start:
        print(f"--end {end} is before --start {start}", file=sys.stderr)
        return 2
    if args.focus and args.focus not in data.names:
        print(f"--focus: no actor '{args.focus}' in the data", file=sys.stderr)
        return 2
    if args.scale <= 0 or args.scale > 6:
        print("--scale must be between 0 and 6", file=sys.stderr)
        return 2
    view = View(start=start, end=end, focus=args.focus, states=args.states)
    try:
        content = view_image(
            data,
            Slide(view=view, title=data_title(data)),
            figure=args.view,
            format=args.format,
            scale=args.scale,
            theme=args.theme,
        )
    except ImageError as error:
        print(error, file=sys.stderr)
        return 1
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    print(
        f"{out}: the {args.view} of {start} to {end} ({args.format}, {len(content):,} bytes)"
    )
    return 0


def deck(args) -> int:
    """A briefing deck of a story, one slide per step."""
    from dashboard.outputs.briefing import make_deck, story_slides
    from dashboard.outputs.imaging import ImageError

    try:
        data = _briefing_data(args.data)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    if args.story not in data.stories:
        known = ", ".join(data.stories) or "none"
        print(f"--story: no story '{args.story}' (stories: {known})", file=sys.stderr)
        return 2
    slides = story_slides(data, data.stories[args.story])
    try:
        content = make_deck(
            data, slides, format=args.format, figure=args.view, theme=args.theme
        )
    except ImageError as error:
        print(error, file=sys.stderr)
        return 1
    out = _write(args.out, content)
    print(f"{out}: {plural(len(slides), 'slide')} ({args.format})")
    return 0


def bench(args) -> int:
    """Measure the dashboard and, in the same run, the straightforward approach."""
    import tempfile

    from dashboard.devtools.synthetic import write_synthetic

    if args.relations is not None:
        with tempfile.TemporaryDirectory() as directory:
            write_synthetic(
                Path(directory), args.relations, args.actors, seed=args.seed
            )
            described = (
                f"synthetic, {args.relations:,} relations among {args.actors:,} "
                f"actors (seed {args.seed})"
            )
            return _bench(directory, described, args)
    return _bench(args.data, args.data, args)


def _bench(directory: str, described: str, args) -> int:
    from dashboard.core.model import prepare
    from dashboard.core.view import View
    from dashboard.devtools import bench as measure
    from dashboard.devtools.naive import create_naive_app
    from dashboard.web.app import create_app, settle

    try:
        dataset = load_dataset(directory)
    except DataError as error:
        print(f"{directory}: {error}", file=sys.stderr)
        return 1
    many = len(dataset.relations) > 5000
    naive_windows = args.naive_windows or (3 if many else args.windows)
    print(f"data: {described}: {summarise(dataset).splitlines()[1]}", flush=True)
    started = time.perf_counter()
    app = create_app(dataset=dataset)
    ours_startup = time.perf_counter() - started
    data = prepare(dataset)
    settle()  # as the server does once it is built
    ours = measure.time_window_callback(app, data, windows=args.windows, seed=args.seed)
    panels = measure.time_panels(app, data)
    views = measure.time_views(app, data)
    whole = View(start=data.span[0], end=data.span[1])
    ours_payload = measure.window_payload(app, data, whole)
    del app, data
    started = time.perf_counter()
    naive_app = create_naive_app(dataset)
    naive_startup = time.perf_counter() - started
    naive = measure.time_naive_callback(
        naive_app, dataset, windows=naive_windows, seed=args.seed
    )
    naive_request = measure.naive_payload(naive_app, *dataset.date_span)
    servers = {
        "ours": _serve_and_load(
            directory, ours_payload, args.browser, many=many, naive=False
        ),
        "naive": _serve_and_load(
            directory, naive_request, args.browser and 1, many=many, naive=True
        ),
    }
    rows = [
        ("date-window callback, median ms", ours["median_ms"], naive["median_ms"]),
        ("date-window callback, p95 ms", ours["p95_ms"], naive["p95_ms"]),
        ("largest window response, KiB", ours["max_response_bytes"] / 1024,
         naive["max_response_bytes"] / 1024),
        ("  the same gzipped, KiB", ours["max_response_gzip"] / 1024,
         naive["max_response_gzip"] / 1024),
        ("app start-up in process, s", ours_startup, naive_startup),
        ("server start-up (to first answer), s", servers["ours"]["startup"],
         servers["naive"]["startup"]),
        ("server peak resident memory, MB", servers["ours"]["rss"],
         servers["naive"]["rss"]),
    ]  # fmt: skip
    if args.browser:
        rows.append(
            ("page ready in headless Chromium, s", servers["ours"]["ready"],
             servers["naive"]["ready"])
        )  # fmt: skip
    print(
        f"windows: {ours['windows']} random (seed {args.seed}) for the dashboard, "
        f"{naive['windows']} for the straightforward approach (rebuild the graph "
        "and run networkx.spring_layout in every callback, draw every relation)"
    )
    print(f"{'figure':40} {'dashboard':>11} {'straightforward':>16} {'them/us':>8}")
    for label, mine, theirs in rows:
        print(
            f"{label:40} {_figure(mine):>11} {_figure(theirs):>16} {_ratio(mine, theirs):>8}"
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
    return 0


def _serve_and_load(
    directory: str, payload: dict, loads: int, *, many: bool, naive: bool
) -> dict:
    """Start-up, peak memory and page-ready seconds of a server process (the
    straightforward app's, ``naive``); ``payload``: a request for the whole span."""
    from dashboard.devtools import bench as measure

    process, url, startup = measure.start_server(Path(directory), naive=naive)
    try:
        ready = None
        if loads:
            timeout = 600 if naive and many else 60
            timings = measure.page_ready_seconds(url, loads, timeout=timeout)
            drawn = [t for t in timings if t is not None]
            ready = statistics.median(drawn) if drawn else f">{timeout}"
        else:  # draw the whole span once, so that memory is measured in use
            measure.post(url, payload)
        return {"startup": startup, "rss": measure.peak_rss_mb(process), "ready": ready}
    finally:
        process.terminate()
        process.wait()


def _figure(value) -> str:
    return (
        value
        if isinstance(value, str)
        else f"{value:,.1f}"
        if value < 100
        else f"{value:,.0f}"
    )


def _ratio(mine, theirs) -> str:
    if isinstance(mine, str) or mine is None:
        return "-"
    if isinstance(theirs, str):  # did not finish within the timeout
        return f"{theirs[0]}{float(theirs[1:]) / mine:,.0f}x"
    return f"{theirs / mine:,.1f}x" if mine else "-"


def export(args) -> int:
    """Write what a view shows; the view as on the page (``--view``, a URL query)
    and/or by flags, which win. Exit 2 on a bad argument, 1 when nothing shows."""
    from dashboard.core.model import prepare
    from dashboard.core.urlstate import parse_query
    from dashboard.core.vocabulary import CONFIDENCE_LEVELS
    from dashboard.outputs.exports import export_view

    def refuse(message: str) -> int:
        print(message, file=sys.stderr)
        return 2

    try:
        dataset = load_datasets(args.data or [str(DEFAULT_DATA)])
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    data = prepare(dataset)
    view = parse_query(
        args.view or "", span=data.span, kinds=data.kinds, actor_kinds=data.actor_kinds,
        confidence=list(CONFIDENCE_LEVELS), actors=set(dataset.actors["id"]),
        origins=data.origins,
    )  # fmt: skip
    if view.notices:
        return refuse("--view: " + "; ".join(view.notices))
    try:
        changes = {
            name: date.fromisoformat(value)
            for name, value in (("start", args.start), ("end", args.end))
            if value
        }
    except ValueError as error:
        return refuse(f"--start/--end: {error} (use YYYY-MM-DD)")
    if args.kinds is not None:
        kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
        unknown = [k for k in kinds if k not in data.kinds]
        if unknown:
            return refuse(
                f"--kinds: no relation of kind {', '.join(unknown)} in the data"
            )
        changes["kinds"] = kinds
    if args.focus is not None:
        if args.focus not in set(dataset.actors["id"]):
            return refuse(f"--focus: no actor '{args.focus}' in the data")
        changes["focus"] = args.focus
    if args.depth is not None:
        if not (args.focus or view.focus):
            return refuse("--depth needs --focus: whose neighbourhood?")
        changes["depth"] = args.depth
    if args.states:
        changes["states"] = True
    view = dataclasses.replace(view, **changes)
    if view.end < view.start:
        return refuse(f"--end {view.end} is before --start {view.start}")
    out = Path(args.out)
    unzip = args.format == "csv" and out.suffix != ".zip"
    if out.is_dir() and not unzip:
        return refuse(f"--out {out} is a directory: give a file name")
    content, _, count = export_view(data, view, args.format)
    if count == 0:
        print("nothing to export: no relation in this view", file=sys.stderr)
        return 1
    if unzip:
        out.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            archive.extractall(out)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    print(
        f"{out}: {plural(count, 'relation')}, {view.start} to {view.end} ({args.format})"
    )
    return 0


def import_command(args) -> int:
    from dashboard.importing.events import import_events

    try:
        since = date.fromisoformat(args.since) if args.since else None
        until = date.fromisoformat(args.until) if args.until else None
    except ValueError as error:
        print(f"--since/--until: {error} (use YYYY-MM-DD)", file=sys.stderr)
        return 2
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    countries = tuple(c.strip().upper() for c in args.countries.split(",") if c.strip())
    actors, relations, report = import_events(
        args.format, [Path(f) for f in args.files], countries=countries,
        since=since, until=until, min_sources=args.min_sources,
    )  # fmt: skip
    print(report)
    if relations.empty:
        print("nothing usable was read: no data directory written", file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    actors.to_csv(out / "actors.csv", index=False)
    relations.to_csv(out / "relations.csv", index=False)
    try:
        dataset = load_dataset(out)
    except DataError as error:  # a bug of ours, not of the input: say so plainly
        print(f"{out}: the imported data does not validate:\n{error}", file=sys.stderr)
        return 1
    print(f"{out}: valid\n{summarise(dataset)}")
    return 0


def generate(args) -> int:
    from dashboard.devtools.synthetic import write_synthetic

    if args.actors < 2 or args.relations < 1:
        print("--actors must be at least 2 and --relations at least 1", file=sys.stderr)
        return 2
    out = write_synthetic(Path(args.out), args.relations, args.actors, seed=args.seed)
    print(
        f"{out}: {args.relations} synthetic relations among {args.actors} actors (seed {args.seed})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate a data directory")
    check_parser.add_argument("directory")
    bench_parser = commands.add_parser(
        "bench", help="measure speed, size and memory, beside the straightforward way"
    )
    bench_parser.add_argument("--data", default=str(DEFAULT_DATA))
    bench_parser.add_argument(
        "--relations",
        type=int,
        help="bench on a synthetic data set of this size (with --actors) instead",
    )
    bench_parser.add_argument("--actors", type=int, default=5_000)
    bench_parser.add_argument("--windows", type=int, default=50)
    bench_parser.add_argument(
        "--naive-windows",
        type=int,
        help="windows for the straightforward approach (default: as --windows, "
        "3 above 5,000 relations: each takes minutes there)",
    )
    bench_parser.add_argument("--seed", type=int, default=0)
    bench_parser.add_argument(
        "--browser",
        type=int,
        default=0,
        metavar="N",
        help="also load the page N times in headless Chromium and time it",
    )
    export_parser = commands.add_parser(
        "export", help="write the actors and relations of a view for other tools"
    )
    export_parser.add_argument(
        "--data", action="append", help="data directory; repeat for several"
    )
    export_parser.add_argument(
        "--view",
        help="a view as in the page's URL: '?start=...&kinds=...&confidence=...'",
    )
    export_parser.add_argument(
        "--start", help="YYYY-MM-DD (default: start of the data)"
    )
    export_parser.add_argument("--end", help="YYYY-MM-DD (default: end of the data)")
    export_parser.add_argument("--kinds", help="relation kinds, comma-separated")
    export_parser.add_argument("--states", action="store_true", help="states only")
    export_parser.add_argument("--focus", help="an actor id: only its neighbourhood")
    export_parser.add_argument("--depth", type=int, choices=(1, 2, 3))
    export_parser.add_argument(
        "--format", required=True, choices=("csv", "graphml", "gexf", "json")
    )
    export_parser.add_argument(
        "--out", required=True, help="file; for csv a directory or a .zip"
    )
    import_parser = commands.add_parser(
        "import", help="import GDELT or ICEWS event files into a data directory"
    )
    import_parser.add_argument("format", choices=("gdelt", "icews"))
    import_parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="GDELT .CSV or .CSV.zip files, or ICEWS .tab files",
    )
    import_parser.add_argument(
        "--out", required=True, help="the data directory to write"
    )
    import_parser.add_argument(
        "--countries",
        default="RUS,BLR,TUR,USA,VEN",
        help="keep events whose two actors both belong to these (ISO 3166 alpha-3)",
    )
    import_parser.add_argument("--since", help="YYYY-MM-DD: drop earlier events")
    import_parser.add_argument("--until", help="YYYY-MM-DD: drop later events")
    import_parser.add_argument(
        "--min-sources",
        type=int,
        default=1,
        help="GDELT: drop events from fewer sources",
    )
    generate_parser = commands.add_parser(
        "generate", help="write a seeded synthetic data directory, for testing at scale"
    )
    generate_parser.add_argument("--relations", type=int, default=100_000)
    generate_parser.add_argument("--actors", type=int, default=5_000)
    generate_parser.add_argument("--seed", type=int, default=0)
    generate_parser.add_argument("--out", required=True)
    render_parser = commands.add_parser(
        "render", help="a slide-ready image of a view's map or graph"
    )
    render_parser.add_argument(
        "--data", action="append", help="data directory; repeat for several"
    )
    render_parser.add_argument("--view", choices=("map", "graph"), default="map")
    render_parser.add_argument("--start", help="YYYY-MM-DD (default: start of data)")
    render_parser.add_argument("--end", help="YYYY-MM-DD (default: end of the data)")
    render_parser.add_argument("--focus", help="an actor id to highlight")
    render_parser.add_argument("--states", action="store_true", help="states only")
    render_parser.add_argument("--theme", choices=("light", "dark"), default="light")
    render_parser.add_argument("--format", choices=("png", "svg", "pdf"), default="png")
    render_parser.add_argument(
        "--scale", type=float, default=2, help="PNG pixels per CSS pixel (1600x900)"
    )
    render_parser.add_argument("--out", required=True)
    deck_parser = commands.add_parser(
        "deck", help="a briefing deck of a story: one slide per step"
    )
    deck_parser.add_argument(
        "--data", action="append", help="data directory; repeat for several"
    )
    deck_parser.add_argument("--story", required=True, help="the story's name")
    deck_parser.add_argument("--format", choices=("pptx", "pdf"), default="pptx")
    deck_parser.add_argument("--view", choices=("map", "graph"), default="map")
    deck_parser.add_argument("--theme", choices=("light", "dark"), default="light")
    deck_parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command == "render":
        return render(args)
    if args.command == "deck":
        return deck(args)
    if args.command == "generate":
        return generate(args)
    if args.command == "import":
        return import_command(args)
    if args.command == "export":
        return export(args)
    if args.command == "check":
        return check(args.directory)
    if args.command == "bench":
        return bench(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
