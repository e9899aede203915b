"""Command line: ``python -m dashboard check|import|fetch|update|export|render|deck|timelapse|generate|bench|load``
(``--help``): one function per subcommand, each taking the parsed arguments and
returning the exit status (0 done, 1 the data or the work failed, 2 a bad
argument). Dash is imported only by ``bench``, which serves the page, and by
``load``, which speaks to it."""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys
import zipfile
from datetime import date
from pathlib import Path

from dashboard.config import DEFAULT_DATA, data_directory
from dashboard.core.describe import plural
from dashboard.core.load import load_dataset, load_datasets
from dashboard.core.problems import DataError


def _fail(message: object, status: int = 2) -> int:
    """Say why on standard error; the exit status (2: a bad argument)."""
    print(message, file=sys.stderr)
    return status


def check(args) -> int:
    """Validate a data directory and its stories; with ``--source``, also find
    every quote verbatim in the source documents."""
    from dashboard.core.stories import load_stories

    directory = args.directory
    try:
        dataset = load_dataset(directory)
    except DataError as error:
        return _fail(f"{directory}: {error}", 1)
    try:
        documents = [Path(f).read_text(encoding="utf-8") for f in args.source]
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"--source: {error}")
    stories, problems = load_stories([directory], dataset)
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        print(f"{directory}: {len(problems)} problem(s) in the stories:\n{lines}",
              file=sys.stderr)  # fmt: skip
    missing = _missing_quotes(Path(directory), documents) if args.source else []
    if problems or missing:
        return 1
    print(f"{directory}: valid\n{dataset.summary()}")
    for name, story in stories.items():
        print(f"story '{name}': {story.title} ({plural(len(story.steps), 'step')})")
    if args.source:
        quoted = int((dataset.relations["quote"] != "").sum())
        print(f"quotes: all {quoted} found verbatim in "
              f"{plural(len(documents), 'source document')}")  # fmt: skip
    return 0


def _missing_quotes(directory: Path, documents: list[str]) -> list:
    """Print, and return, the relations of ``directory`` (valid) whose quote is
    in none of ``documents``, each with its line in relations.csv."""
    from dashboard.core.load import read_table
    from dashboard.core.provenance import missing_quotes
    from dashboard.core.validate import RELATION_COLUMNS

    path = directory / "relations.csv"
    table, lines = read_table(path, RELATION_COLUMNS, [])
    if "quote" not in table:
        return []
    missing = missing_quotes(table.assign(line=lines), documents)
    for quote in missing:
        print(f"{path}:{quote.line}: {quote}", file=sys.stderr)
    if missing:
        print(f"{path}: {plural(len(missing), 'quote')} not found verbatim in the "
              "sources", file=sys.stderr)  # fmt: skip
    return missing


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


def _write(path: str | Path, content: bytes) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    return out


def render(args) -> int:
    """A slide-ready image of a view's map or graph. Exit 2 on a bad argument."""
    from dashboard.core.view import View
    from dashboard.outputs.briefing import Slide, view_image
    from dashboard.outputs.imaging import ImageError

    try:
        data = _briefing_data(args.data)
    except DataError as error:
        return _fail(error, 1)
    try:
        start = date.fromisoformat(args.start) if args.start else data.span[0]
        end = date.fromisoformat(args.end) if args.end else data.span[1]
    except ValueError as error:
        return _fail(f"--start/--end: {error} (use YYYY-MM-DD)")
    if end < start:
        return _fail(f"--end {end} is before --start {start}")
    if args.focus and args.focus not in data.names:
        return _fail(f"--focus: no actor '{args.focus}' in the data")
    if args.scale <= 0 or args.scale > 6:
        return _fail("--scale must be between 0 and 6")
    view = View(start=start, end=end, focus=args.focus, states=args.states)
    try:
        content = view_image(
            data, Slide(view=view, title=data.title), figure=args.view, format=args.format,
            scale=args.scale, theme=args.theme,
        )  # fmt: skip
    except ImageError as error:
        return _fail(error, 1)
    out = _write(args.out, content)
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
        return _fail(error, 1)
    if args.story not in data.stories:
        known = ", ".join(data.stories) or "none"
        return _fail(f"--story: no story '{args.story}' (stories: {known})")
    slides = story_slides(data, data.stories[args.story])
    try:
        content = make_deck(
            data, slides, format=args.format, figure=args.view, theme=args.theme
        )
    except ImageError as error:
        return _fail(error, 1)
    out = _write(args.out, content)
    print(f"{out}: {plural(len(slides), 'slide')} ({args.format})")
    return 0


FIGURE_WORDS = {"map": "the map", "graph": "the network", "both": "map and network"}


def timelapse(args) -> int:
    """The view stepped through time as an animated GIF or an MP4: through a
    story's steps, consecutive windows of ``--step``, or the windows the
    data asks for (as Play). Exit 2 on a bad argument, 1 when nothing can
    be rendered."""
    from dashboard.core.describe import window_label
    from dashboard.core.model import view_of
    from dashboard.outputs.imaging import ImageError, browser_session
    from dashboard.outputs.timelapse import TimelapseError, make_timelapse, plan_frames

    if args.story and (args.start or args.end or args.step):
        return _fail("--story takes its windows from the story: leave out "
                     "--start, --end and --step")  # fmt: skip
    if not 0.1 <= args.seconds <= 10:
        return _fail("--seconds must be between 0.1 and 10")
    out = Path(args.out)
    if out.is_dir():
        return _fail(f"--out {out} is a directory: give a file name")
    try:
        data = _briefing_data(args.data)
    except DataError as error:
        return _fail(error, 1)
    view = view_of(data, args.query or "")  # read as the page reads its URL
    if view.notices:
        return _fail("--query: " + "; ".join(view.notices))
    try:
        changes = {
            name: date.fromisoformat(value)
            for name, value in (("start", args.start), ("end", args.end))
            if value
        }
    except ValueError as error:
        return _fail(f"--start/--end: {error} (use YYYY-MM-DD)")
    view = dataclasses.replace(view, **changes)
    if view.end < view.start:
        return _fail(f"--end {view.end} is before --start {view.start}")
    story = None
    if args.story:
        story = data.stories.get(args.story)
        if story is None:
            known = ", ".join(data.stories) or "none"
            return _fail(f"--story: no story '{args.story}' (stories: {known})")
    try:
        frames = plan_frames(data, view, story=story, step=args.step)
    except TimelapseError as error:  # the window or step asked for
        return _fail(error)

    def said(done: int) -> None:
        if sys.stderr.isatty():
            print(f"\rframe {done} of {len(frames)}", end="", file=sys.stderr)

    try:
        with browser_session():  # one Chromium for every frame, closed after
            content = make_timelapse(
                data, frames, format=args.format, figure=args.view,
                theme=args.theme, seconds=args.seconds, keep_browser=True,
                progress=said,
            )  # fmt: skip
    except (ImageError, TimelapseError) as error:
        return _fail(f"no time-lapse: {error}", 1)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    _write(out, content)
    first, last = frames[0].view, frames[-1].view
    print(
        f"{out}: {plural(len(frames), 'frame')} of {FIGURE_WORDS[args.view]}, "
        f"{window_label(first.start, first.end)} first, "
        f"{window_label(last.start, last.end)} last "
        f"({args.format}, {len(content):,} bytes)"
    )
    return 0


def bench(args) -> int:
    """Measure the dashboard and, in the same run, the straightforward approach."""
    from dashboard.devtools.benchreport import run_bench

    return run_bench(
        args.data, relations=args.relations, actors=args.actors, windows=args.windows,
        naive_windows=args.naive_windows, seed=args.seed, browser=args.browser,
        images=args.images,
    )  # fmt: skip


def export(args) -> int:
    """Write what a view shows; the view as on the page (``--view``, a URL query)
    and/or by flags, which win. Exit 2 on a bad argument, 1 when nothing shows."""
    from dashboard.core.model import prepare, view_of
    from dashboard.outputs.exports import export_view

    try:
        dataset = load_datasets(args.data or [str(DEFAULT_DATA)])
    except DataError as error:
        return _fail(error, 1)
    data = prepare(dataset)
    view = view_of(data, args.view or "")  # read as the page reads its URL
    if view.notices:
        return _fail("--view: " + "; ".join(view.notices))
    try:
        changes = {
            name: date.fromisoformat(value)
            for name, value in (("start", args.start), ("end", args.end))
            if value
        }
    except ValueError as error:
        return _fail(f"--start/--end: {error} (use YYYY-MM-DD)")
    if args.kinds is not None:
        kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
        unknown = [k for k in kinds if k not in data.kinds]
        if unknown:
            return _fail(
                f"--kinds: no relation of kind {', '.join(unknown)} in the data"
            )
        changes["kinds"] = kinds
    if args.focus is not None:
        if args.focus not in set(dataset.actors["id"]):
            return _fail(f"--focus: no actor '{args.focus}' in the data")
        changes["focus"] = args.focus
    if args.depth is not None:
        if not (args.focus or view.focus):
            return _fail("--depth needs --focus: whose neighbourhood?")
        changes["depth"] = args.depth
    if args.states:
        changes["states"] = True
    view = dataclasses.replace(view, **changes)
    if view.end < view.start:
        return _fail(f"--end {view.end} is before --start {view.start}")
    out = Path(args.out)
    unzip = args.format == "csv" and out.suffix != ".zip"
    if out.is_dir() and not unzip:
        return _fail(f"--out {out} is a directory: give a file name")
    content, _, count = export_view(data, view, args.format)
    if count == 0:
        return _fail("nothing to export: no relation in this view", 1)
    if unzip:
        out.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            archive.extractall(out)
    else:
        _write(out, content)
    print(
        f"{out}: {plural(count, 'relation')}, {view.start} to {view.end} ({args.format})"
    )
    return 0


def import_command(args) -> int:
    """Event files (GDELT, ICEWS) into a data directory; exit 1 when nothing is
    usable, 2 on a bad argument."""
    from dashboard.importing.events import import_events, write_tables

    if args.store:
        return import_to_store(args)
    if args.scheduler or args.workers:
        return _fail("--scheduler and --workers are for --store")
    try:
        since = date.fromisoformat(args.since) if args.since else None
        until = date.fromisoformat(args.until) if args.until else None
    except ValueError as error:
        return _fail(f"--since/--until: {error} (use YYYY-MM-DD)")
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        return _fail(f"no such file: {', '.join(missing)}")
    countries = tuple(c.strip().upper() for c in args.countries.split(",") if c.strip())
    actors, relations, report = import_events(
        args.format, [Path(f) for f in args.files], countries=countries,
        since=since, until=until, min_sources=args.min_sources,
    )  # fmt: skip
    print(report)
    if relations.empty:
        return _fail("nothing usable was read: no data directory written", 1)
    out = write_tables(Path(args.out), actors, relations)
    try:
        dataset = load_dataset(out)
    except DataError as error:  # a bug of ours, not of the input: say so plainly
        return _fail(f"{out}: the imported data does not validate:\n{error}", 1)
    print(f"{out}: valid\n{dataset.summary()}")
    return 0


def import_to_store(args) -> int:
    """``import --store``: event files into an event store, each read once, on
    Dask (local processes, or the cluster of ``--scheduler``). Exit 1 when the
    store cannot take them or holds no event, 2 on a bad argument."""
    from dashboard.importing.store import StoreError, ingest

    if args.since or args.until or args.min_sources != 1:
        return _fail("--since, --until and --min-sources are for --out: a store "
                     "keeps every event among its countries")  # fmt: skip
    if args.workers is not None and args.workers < 1:
        return _fail("--workers: 1 or more (1: in this process, no Dask)")
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        return _fail(f"no such file: {', '.join(missing)}")
    countries = tuple(c.strip().upper() for c in args.countries.split(",") if c.strip())

    def said(done: int, total: int, name: str) -> None:
        if sys.stderr.isatty():
            print(f"\rfile {done} of {total}: {name}", end="", file=sys.stderr)

    try:
        report = ingest(
            Path(args.store), [Path(f) for f in args.files], countries=countries,
            scheduler=args.scheduler, workers=args.workers, progress=said,
            source=args.format,
        )  # fmt: skip
    except StoreError as error:
        return _fail(error, 1)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report)
    if report.problem:
        return 1
    if not report.events:
        return _fail(f"{args.store}: no event yet, nothing to show", 1)
    return 0


def generate(args) -> int:
    """A seeded synthetic data directory, for testing at scale."""
    from dashboard.devtools.synthetic import write_synthetic

    if args.actors < 2 or args.relations < 1:
        return _fail("--actors must be at least 2 and --relations at least 1")
    out = write_synthetic(Path(args.out), args.relations, args.actors, seed=args.seed)
    print(
        f"{out}: {args.relations} synthetic relations among {args.actors} actors (seed {args.seed})"
    )
    return 0


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
        return _fail(error)
    print(result.report())
    return 1 if result.errors or not result.latencies_ms else 0


def _utc_moment(text: str, *, end: bool = False):
    """A date (its first second, or with ``end`` its last) or a date and time,
    as a naive UTC datetime, from the command line."""
    from datetime import UTC, datetime, timedelta

    try:
        return datetime.combine(date.fromisoformat(text), datetime.min.time()) + (
            timedelta(days=1, seconds=-1) if end else timedelta()
        )
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"'{text}': use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)"
        ) from None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _gdelt_options(args):
    from dashboard.importing.download import DownloadOptions

    if not 1 <= args.downloads <= 16 or not 1 <= args.timeout <= 3600:
        raise ValueError("--downloads: 1 to 16; --timeout: 1 to 3600 seconds")
    return DownloadOptions(downloads=args.downloads, timeout=args.timeout)


def _import_fetched(store: Path, countries: tuple[str, ...], args) -> int:
    """Import into the store the files fetched and not imported yet (also
    those of an earlier run that stopped before importing them)."""
    from dashboard.importing.fetch import mark_imported, pending_imports

    files = pending_imports(store)
    if not files:
        return 0
    if args.download_only:
        print(f"{plural(len(files), 'file')} fetched, not imported yet "
              "(the next fetch or update without --download-only imports them)")  # fmt: skip
        return 0
    from tqdm import tqdm

    from dashboard.importing.store import StoreError, ingest

    with tqdm(total=len(files), unit="file", desc="import", leave=False,
              disable=not sys.stderr.isatty()) as bar:  # fmt: skip
        try:
            result = ingest(
                store, files, countries=countries, scheduler=args.scheduler,
                workers=args.workers, progress=lambda done, total, name: bar.update(),
            )  # fmt: skip
        except StoreError as error:
            return _fail(f"not imported: {error}", 1)
    # a file whose import failed for a reason not its own is passed again
    done = {entry["name"] for entry in result.imported} | set(result.passed)
    mark_imported(store, [f for f in files if f.name in done])
    print(result, flush=True)
    return 0


def _store_countries(store: Path) -> list[str] | None:
    """The countries an event store already holds (None: no store yet, or
    one its import will say is unreadable)."""
    from dashboard.core.store import is_store
    from dashboard.core.store import read_manifest as read_store

    try:
        return read_store(store).get("countries") if is_store(store) else None
    except DataError:
        return None


def fetch_command(args) -> int:
    """GDELT events files published between two moments into an event store,
    checked, then imported. Exit 2 on a bad argument, 1 when GDELT's lists
    could not be read; files that failed are in the report (exit 0)."""
    import os
    from datetime import UTC, datetime

    from dashboard.core.geo import known_country_codes
    from dashboard.importing.download import base_url
    from dashboard.importing.events import DEFAULT_COUNTRIES
    from dashboard.importing.fetch import (
        StoreBusy,
        fetch_gdelt,
        read_manifest,
        store_lock,
    )  # fmt: skip
    from dashboard.importing.gdeltfiles import DEFAULT_URL, ListingError

    store = Path(args.out)
    try:
        since = _utc_moment(args.since)
        until = _utc_moment(args.until, end=True) if args.until else None
        options = _gdelt_options(args)
    except ValueError as error:
        return _fail(f"fetch: {error}")
    until = until or datetime.now(UTC).replace(tzinfo=None)
    if until < since:
        return _fail(f"--until {until} is before --since {since}")
    if store.exists() and not store.is_dir():
        return _fail(f"--out {store} is a file: give the store's directory")
    try:
        manifest = read_manifest(store) if store.is_dir() else None
    except (OSError, ValueError) as error:
        return _fail(f"{store}/fetch.json cannot be read: {error}", 1)
    stored = (manifest or {}).get("base_url")
    try:
        base = base_url(
            args.base_url or stored or os.environ.get("ATLAS_GDELT_URL") or DEFAULT_URL
        )
    except ValueError as error:
        return _fail(f"--base-url (or ATLAS_GDELT_URL): {error}")
    if args.countries is None:
        countries = tuple((manifest or {}).get("countries") or DEFAULT_COUNTRIES)
    else:
        countries = tuple(
            c.strip().upper() for c in args.countries.split(",") if c.strip()
        )
    unknown = sorted(set(countries) - known_country_codes())
    if not countries or unknown:
        return _fail(
            f"--countries: unknown ISO 3166 alpha-3 code(s): {', '.join(unknown)}"
        )
    held = (manifest or {}).get("countries") or _store_countries(store)
    if held and sorted(held) != sorted(countries):
        return _fail(f"{store} holds events among {','.join(held)}: a store "
                     "keeps its countries (start another for others)")  # fmt: skip
    try:
        with store_lock(store):
            report = fetch_gdelt(
                store, since=since, until=until, base=base, countries=countries,
                options=options,
            )  # fmt: skip
            print(report, flush=True)
            return _import_fetched(store, countries, args)
    except StoreBusy as error:
        return _fail(error, 1)
    except ListingError as error:
        return _fail(f"nothing could be listed: {error}", 1)
    except KeyboardInterrupt:
        return _fail("interrupted: what was fetched is kept; run again to go on", 130)


def _every(text: str) -> float:
    """Seconds from '15m', '1h', '90s' or '900'; at least a minute."""
    import re

    found = re.fullmatch(r"\s*(\d+)\s*([smh]?)\s*", text)
    if not found:
        raise ValueError(f"--every '{text}': give a number and s, m or h ('15m')")
    seconds = int(found[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[found[2]]
    if seconds < 60:
        raise ValueError(f"--every '{text}': at least a minute (GDELT publishes "
                         "every 15 minutes)")  # fmt: skip
    return float(seconds)


def update(args) -> int:
    """Fetch and import what GDELT published since the store's last run; with
    ``--every``, again and again until Ctrl+C. Exit 2 on a bad argument or a
    store never fetched into, 1 when GDELT's lists could not be read."""
    import time
    from datetime import UTC, datetime

    from dashboard.importing.fetch import (
        StoreBusy,
        read_manifest,
        store_lock,
        update_gdelt,
    )  # fmt: skip
    from dashboard.importing.gdeltfiles import ListingError

    store = Path(args.store)
    try:
        every = _every(args.every) if args.every else None
        options = _gdelt_options(args)
        manifest = read_manifest(store)
    except (OSError, ValueError) as error:
        return _fail(f"update: {error}")
    if manifest is None:
        return _fail(f"{store} has no fetch.json: start it with "
                     f"python -m dashboard fetch gdelt --since DATE --out {store}")  # fmt: skip
    countries = tuple(manifest["countries"])
    rounds, fetched, failed, status = 0, 0, 0, 0
    try:
        while True:
            started = time.monotonic()
            if every:
                print(f"-- {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC", flush=True)
            try:
                with store_lock(store):
                    report = update_gdelt(store, options=options)
                    print(report, flush=True)
                    status = _import_fetched(store, countries, args)
                rounds += 1
                fetched += len(report.fetched)
                failed += len(report.failed)
            except (StoreBusy, ListingError) as error:
                status = _fail(f"nothing could be listed: {error}"
                               if isinstance(error, ListingError) else error, 1)  # fmt: skip
            if every is None:
                return status
            pause = max(0.0, every - (time.monotonic() - started))
            print(f"next check in {pause / 60:.0f} min (Ctrl+C ends)", flush=True)
            time.sleep(pause)
    except KeyboardInterrupt:
        print(f"\nstopped after {plural(rounds, 'check')}: {plural(fetched, 'file')} "
              f"fetched, {failed} failed", flush=True)  # fmt: skip
        return 0 if every else 130


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser; each subcommand sets ``func``, its function."""
    from dashboard.outputs.exports import FORMATS as EXPORT_FORMATS

    parser = argparse.ArgumentParser(prog="python -m dashboard")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, func, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help)
        sub.set_defaults(func=func)
        return sub

    def data_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--data", action="append", type=data_directory, metavar="DIR",
            help="data directory; repeat for several",
        )  # fmt: skip

    sub = command("check", check, "validate a data directory")
    sub.add_argument("directory")
    sub.add_argument(
        "--source", action="append", default=[], metavar="FILE",
        help="a source document (UTF-8 text); repeat for several: report every "
        "relation whose quote is in none of them (see docs/data-format.md)",
    )  # fmt: skip
    sub = command(
        "bench", bench, "measure speed, size and memory, beside the straightforward way"
    )
    sub.add_argument("--data", default=str(DEFAULT_DATA))
    sub.add_argument(
        "--relations", type=int,
        help="bench on a synthetic data set of this size (with --actors) instead",
    )  # fmt: skip
    sub.add_argument("--actors", type=int, default=5_000)
    sub.add_argument("--windows", type=int, default=50)
    sub.add_argument(
        "--naive-windows", type=int,
        help="windows for the straightforward approach (default: as --windows, "
        "3 above 5,000 relations: each takes minutes there)",
    )  # fmt: skip
    sub.add_argument("--seed", type=int, default=0)
    sub.add_argument(
        "--browser", type=int, default=0, metavar="N",
        help="also load the page N times in headless Chromium and time it",
    )  # fmt: skip
    sub.add_argument(
        "--images", type=int, default=0, metavar="N",
        help="also time the window callback while N PNG images render",
    )  # fmt: skip
    sub = command(
        "export", export, "write the actors and relations of a view for other tools"
    )
    data_option(sub)
    sub.add_argument(
        "--view",
        help="a view as in the page's URL: '?start=...&kinds=...&confidence=...'",
    )
    sub.add_argument("--start", help="YYYY-MM-DD (default: start of the data)")
    sub.add_argument("--end", help="YYYY-MM-DD (default: end of the data)")
    sub.add_argument("--kinds", help="relation kinds, comma-separated")
    sub.add_argument("--states", action="store_true", help="states only")
    sub.add_argument("--focus", help="an actor id: only its neighbourhood")
    sub.add_argument("--depth", type=int, choices=(1, 2, 3))
    sub.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    sub.add_argument("--out", required=True, help="file; for csv a directory or a .zip")
    sub = command(
        "import", import_command,
        "GDELT or ICEWS files to a data directory, or into an event store",
    )  # fmt: skip
    sub.add_argument("format", choices=("gdelt", "icews"))
    sub.add_argument(
        "files", nargs="+", metavar="FILE",
        help="GDELT .CSV or .CSV.zip files, or ICEWS .tab files",
    )  # fmt: skip
    into = sub.add_mutually_exclusive_group(required=True)
    into.add_argument("--out", help="the data directory to write")
    into.add_argument(
        "--store", metavar="STORE",
        help="the event store to import into, made if missing: each file once, "
        "its events kept as Parquet by month (README 'Event store')",
    )  # fmt: skip
    sub.add_argument(
        "--scheduler", metavar="tcp://HOST:8786",
        help="--store: read the files on this Dask cluster, whose workers see "
        "them at the same paths (default: local processes)",
    )  # fmt: skip
    sub.add_argument(
        "--workers", type=int, metavar="N",
        help="--store: local processes (default: one per core, at most one "
        "per file; 1: this process, without Dask)",
    )  # fmt: skip
    sub.add_argument(
        "--countries", default="RUS,BLR,TUR,USA,VEN",
        help="keep events whose two actors both belong to these (ISO 3166 alpha-3)",
    )  # fmt: skip
    sub.add_argument("--since", help="YYYY-MM-DD: drop earlier events")
    sub.add_argument("--until", help="YYYY-MM-DD: drop later events")
    sub.add_argument("--min-sources", type=int, default=1,
                     help="GDELT: drop events from fewer sources")  # fmt: skip
    sub = command("generate", generate, "a seeded synthetic data directory, at scale")
    sub.add_argument("--relations", type=int, default=100_000)
    sub.add_argument("--actors", type=int, default=5_000)
    sub.add_argument("--seed", type=int, default=0)
    sub.add_argument("--out", required=True)
    sub = command(
        "load", load, "many users moving the date window of a running dashboard"
    )
    sub.add_argument(
        "--url", default="http://127.0.0.1:8050",
        help="the dashboard's address; this machine only (default: %(default)s)",
    )  # fmt: skip
    sub.add_argument("--users", type=int, default=10, help="at once, up to 200")
    sub.add_argument(
        "--requests", type=int, default=1_000, help="in all, up to 100,000"
    )
    sub.add_argument("--seed", type=int, default=0, help="for the random windows")
    sub.add_argument(
        "--max-seconds", type=float, default=120,
        help="send no new request after this long (default: %(default)s)",
    )  # fmt: skip
    sub = command("render", render, "a slide-ready image of a view's map or graph")
    data_option(sub)
    sub.add_argument("--view", choices=("map", "graph"), default="map")
    sub.add_argument("--start", help="YYYY-MM-DD (default: start of data)")
    sub.add_argument("--end", help="YYYY-MM-DD (default: end of the data)")
    sub.add_argument("--focus", help="an actor id to highlight")
    sub.add_argument("--states", action="store_true", help="states only")
    sub.add_argument("--theme", choices=("light", "dark"), default="light")
    sub.add_argument("--format", choices=("png", "svg", "pdf"), default="png")
    sub.add_argument(
        "--scale", type=float, default=2, help="PNG pixels per CSS pixel (1600x900)"
    )
    sub.add_argument("--out", required=True)
    sub = command(
        "timelapse", timelapse, "the view stepped through time as a GIF or an MP4"
    )
    data_option(sub)
    sub.add_argument("--story", help="a story's name: a frame per step")
    sub.add_argument("--start", help="YYYY-MM-DD (default: start of the data)")
    sub.add_argument("--end", help="YYYY-MM-DD (default: end of the data)")
    sub.add_argument(
        "--step", choices=("day", "week", "month"),
        help="consecutive windows of one step (default: the windows Play "
        "visits, one per stretch in which something starts)",
    )  # fmt: skip
    sub.add_argument(
        "--query",
        help="the filters of a view as in the page's URL: '?kinds=...&states=1'",
    )
    sub.add_argument("--view", choices=("map", "graph", "both"), default="map",
                     help="both: map and network side by side")  # fmt: skip
    sub.add_argument("--format", required=True, choices=("gif", "mp4"))
    sub.add_argument("--theme", choices=("light", "dark"), default="light")
    sub.add_argument(
        "--seconds", type=float, default=1.0,
        help="each frame's time on screen (default: %(default)s; the last "
        "stays 3 s)",
    )  # fmt: skip
    sub.add_argument("--out", required=True)
    sub = command("deck", deck, "a briefing deck of a story: one slide per step")
    data_option(sub)
    sub.add_argument("--story", required=True, help="the story's name")
    sub.add_argument("--format", choices=("pptx", "pdf"), default="pptx")
    sub.add_argument("--view", choices=("map", "graph"), default="map")
    sub.add_argument("--theme", choices=("light", "dark"), default="light")
    sub.add_argument("--out", required=True)

    def gdelt_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--downloads", type=int, default=4,
                         help="files downloaded at once (default: %(default)s)")  # fmt: skip
        sub.add_argument("--timeout", type=float, default=60,
                         help="seconds a silent server is given (default: %(default)s)")  # fmt: skip
        sub.add_argument("--download-only", action="store_true",
                         help="fetch and check, import later (the next run does)")  # fmt: skip
        sub.add_argument("--scheduler", help="passed to the store's import")
        sub.add_argument("--workers", type=int, help="passed to the store's import")

    sub = command(
        "fetch", fetch_command, "download GDELT events files into an event store"
    )
    sub.add_argument("source", choices=("gdelt",))
    sub.add_argument(
        "--since", required=True,
        help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC): files published from then",
    )  # fmt: skip
    sub.add_argument(
        "--until", help="the same: files published until then (default: now)"
    )
    sub.add_argument("--out", required=True, metavar="STORE", help="the event store")
    sub.add_argument(
        "--base-url",
        help="GDELT or a mirror (default: the store's, else ATLAS_GDELT_URL, "
        "else http://data.gdeltproject.org)",
    )
    sub.add_argument(
        "--countries",
        help="keep events whose two actors both belong to these (ISO 3166 alpha-3; "
        "default: the store's, else RUS,BLR,TUR,USA,VEN)",
    )
    gdelt_options(sub)
    sub = command(
        "update", update, "fetch what GDELT published since the store's last run"
    )
    sub.add_argument("store", metavar="STORE")
    sub.add_argument("--every", help="again every so long ('15m', '1h') until Ctrl+C")
    gdelt_options(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
