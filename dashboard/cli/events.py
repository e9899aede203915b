"""The event commands: ``import`` event files into a data directory or an
event store, ``fetch`` GDELT's files into a store, ``update`` it since its
last run."""

from __future__ import annotations

import signal
import sys
from datetime import date
from pathlib import Path

from dashboard.cli.common import data_out_problem, fail, option_day
from dashboard.core.describe import plural
from dashboard.core.load import load_dataset
from dashboard.core.problems import DataError


def import_command(args) -> int:
    """Event files (GDELT, ICEWS) into a data directory; exit 1 when nothing is
    usable, 2 on a bad argument."""
    from dashboard.importing.events import import_events, write_tables

    if args.store:
        return import_to_store(args)
    if args.scheduler or args.workers:
        return fail("--scheduler and --workers are for --store")
    try:
        since = option_day("--since", args.since)
        until = option_day("--until", args.until)
        countries = _countries(args.countries)
        files, notes = _events_files(args.format, args.files)
    except ValueError as error:
        return fail(error)
    if since and until and until < since:
        return fail(f"--until {until} is before --since {since}")
    problem = data_out_problem(Path(args.out), replace=args.replace)
    if problem:
        return fail(problem)
    if notes:
        print("\n".join(notes))
    actors, relations, report = import_events(
        args.format, files, countries=countries,
        since=since, until=until, min_sources=args.min_sources,
    )  # fmt: skip
    print(report)
    if relations.empty:
        return fail(f"{_nothing_kept(report)}: no data directory written", 1)
    try:
        out = write_tables(Path(args.out), actors, relations)
    except OSError as error:  # nothing written: write_tables is all or nothing
        return fail(
            f"--out {args.out}: cannot be written ({error.strerror or error})", 1
        )
    try:
        dataset = load_dataset(out)
    except DataError as error:  # a bug of ours, not of the input: say so plainly
        return fail(f"{out}: the imported data does not validate:\n{error}", 1)
    print(f"{out}: valid\n{dataset.summary()}")
    _stories_left_out(out, dataset)
    return 0


def _stories_left_out(out: Path, dataset) -> None:
    """Say the stories kept in ``out`` (`--replace` leaves its stories/) that
    the new data no longer holds: the import said "valid" and `check` then
    found 27 problems in them."""
    from dashboard.core.stories import load_stories

    _stories, problems = load_stories([out], dataset)
    if problems:
        print(f"{out}/stories: {plural(len(problems), 'problem')} with the new data "
              f"(the first: {problems[0]}): the app leaves those stories out; "
              f"`python -m dashboard check {out}` lists every one", file=sys.stderr)  # fmt: skip


def _nothing_kept(report) -> str:
    """Why an import kept no relation, in words that say what to change:
    "nothing usable was read" followed counts of rows skipped by the
    options, as if the file were at fault."""
    if not report.rows:
        return "no row was read"
    said = f"no relation kept: each of the {report.rows:,} rows read was "
    if not report.skipped:
        return said + "bad (counted above)"
    return (
        said + "skipped or bad (counted above); --since, --until, --countries "
        "and --min-sources choose what is kept"
    )


def import_to_store(args) -> int:
    """``import --store``: event files into an event store, each read once, on
    Dask (local processes, or the cluster of ``--scheduler``). Exit 1 when the
    store cannot take them or holds no event, 2 on a bad argument."""
    from dashboard.importing.store import StoreError, ingest, store_dir_problem

    if args.since or args.until or args.min_sources != 1:
        return fail("--since, --until and --min-sources are for --out: a store "
                    "keeps every event among its countries")  # fmt: skip
    if args.workers is not None and args.workers < 1:
        return fail("--workers: 1 or more (1: in this process, no Dask)")
    try:
        countries = _countries(args.countries)
        files, notes = _events_files(args.format, args.files)
    except ValueError as error:
        return fail(error)
    problem = store_dir_problem(Path(args.store))
    if problem:
        return fail(f"--store {args.store}: {problem}")
    if notes:
        print("\n".join(notes))

    def said(done: int, total: int, name: str) -> None:
        if sys.stderr.isatty():
            print(f"\rfile {done} of {total}: {name}", end="", file=sys.stderr)

    try:
        report = ingest(
            Path(args.store), files, countries=countries,
            scheduler=args.scheduler, workers=args.workers, progress=said,
            source=args.format,
        )  # fmt: skip
    except StoreError as error:
        return fail(error, 1)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report)
    if report.problem:
        return 1
    if not report.events:
        return fail(f"{args.store}: no event yet, nothing to show", 1)
    return 0


def _countries(text: str) -> tuple[str, ...]:
    """``--countries`` as ISO 3166 alpha-3 codes. ValueError naming the unknown
    ones: an event is kept only among countries the gazetteer knows, so an
    unknown code had ended an import in "nothing usable was read"."""
    from dashboard.core.geo import country_meant, known_country_codes

    codes = tuple(dict.fromkeys(c.strip().upper() for c in text.split(",")))
    codes = tuple(code for code in codes if code)
    if not codes:
        raise ValueError("--countries: give ISO 3166 alpha-3 codes (RUS,USA)")
    unknown = [code for code in codes if code not in known_country_codes()]
    if unknown:
        said = [
            f"{code} ({country_meant(code)}?)" if country_meant(code) else code
            for code in unknown
        ]
        raise ValueError(
            f"--countries: unknown ISO 3166 alpha-3 code(s): {', '.join(said)}"
        )
    return codes


def _events_files(fmt: str, given: list[str]) -> tuple[list[Path], list[str]]:
    """The files given, a folder standing for the events files in it (a year
    of GDELT 2.0 is 35,040 files, more names than a command line takes), and
    a line per folder saying what it gave. ValueError: a file is missing, or
    a folder holds no events file."""
    from dashboard.importing.events import EVENTS_FILES, events_files_in

    files: list[Path] = []
    notes: list[str] = []
    missing = [name for name in given if not Path(name).exists()]
    if missing:
        raise ValueError(f"no such file: {', '.join(missing)}")
    patterns = " or ".join(EVENTS_FILES[fmt])
    for name in given:
        path = Path(name)
        if not path.is_dir():
            files.append(path)
            continue
        found = events_files_in(path, fmt)
        if not found:
            raise ValueError(
                f"{name}: is a folder holding no {fmt} events file ({patterns}); "
                "give the files"
            )
        shown = [e for e in path.iterdir() if not e.name.startswith(".")]
        folders = sum(1 for e in shown if e.is_dir())
        others = _left_alone(sorted(set(shown) - set(found)), found)
        notes.append(
            f"{name}: {plural(len(found), 'events file')} ({patterns})"
            + (f"; left alone: {others}" if others else "")
            + (f"; {plural(folders, 'folder')} not looked into" if folders else "")
        )
        files += found
    return files, notes


def _left_alone(others: list[Path], found: list[Path], named: int = 5) -> str:
    """The files of a folder an import leaves alone, named (the first
    ``named``): a file whose zip is read says so. "1 other file left
    alone" had not said which, nor why.

    >>> _left_alone([Path("a.tab"), Path("notes.txt")], [Path("a.tab.zip")])
    'a.tab (its zip is read), notes.txt'
    """
    zips = {path.name.lower() for path in found}
    files = [path for path in others if not path.is_dir()]
    said = [
        f"{path.name} (its zip is read)"
        if f"{path.name.lower()}.zip" in zips
        else path.name
        for path in files[:named]
    ]
    if len(files) > named:
        said.append(f"{len(files) - named:,} more")
    return ", ".join(said)


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

    # the one given wrong named alone, with what it was
    if not 1 <= args.downloads <= 16:
        raise ValueError(f"--downloads {args.downloads}: give 1 to 16")
    if not 1 <= args.timeout <= 3600:
        raise ValueError(f"--timeout {args.timeout:g}: give 1 to 3600 seconds")
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
            return fail(f"not imported: {error}", 1)
    # a file whose import failed for a reason not its own is passed again
    done = {entry["name"] for entry in result.imported} | set(result.passed)
    mark_imported(store, [f for f in files if f.name in done])
    print(result, flush=True)
    return 0


def _none_had(report) -> int:
    """1, said on stderr, when no file could be had and every one that
    failed was new to this run and got no answer (the server or the way to
    it down): a run from cron that fetched nothing read as a success. A file
    of its own fault (404, md5), or one that failed before and is tried
    again, does not fail the run: GDELT's lists name a few that never come,
    and a cron job failed at each run for one."""
    if report.reached_none:
        print(f"none of the {plural(len(report.failed), 'file')} tried could be "
              "had: the server did not answer (above, by reason)",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _store_manifest(store: Path) -> dict:
    """What an event store says of itself: its source and countries ({}: no
    store yet, or one its import will say is unreadable)."""
    from dashboard.core.store import is_store
    from dashboard.core.store import read_manifest as read_store

    try:
        return read_store(store) if is_store(store) else {}
    except DataError:
        return {}


def _not_gdelt(store: Path, held: dict) -> str:
    """Why GDELT files cannot be fetched into ``store``, which says ``held``
    of itself (`_store_manifest`); "" when they can: an ICEWS store was
    refused only at the import, after the download."""
    source = held.get("source")
    if source in (None, "gdelt"):
        return ""
    return f"{store} holds {str(source).upper()} events, not GDELT's: fetch into another store"


def fetch_command(args) -> int:
    """GDELT events files published between two moments into an event store,
    checked, then imported. Exit 2 on a bad argument, 1 when GDELT's lists
    could not be read or no new file could be had for want of an answer
    (`_none_had`); other files that failed are in the report (exit 0)."""
    import os
    from datetime import UTC, datetime

    from dashboard.importing.download import base_url
    from dashboard.importing.events import DEFAULT_COUNTRIES
    from dashboard.importing.fetch import (
        StoreBusy,
        fetch_gdelt,
        read_manifest,
        store_lock,
    )  # fmt: skip
    from dashboard.importing.gdeltfiles import DEFAULT_URL, ListingError
    from dashboard.importing.store import store_dir_problem

    store = Path(args.out)
    try:
        since = _utc_moment(args.since)
        until = _utc_moment(args.until, end=True) if args.until else None
        options = _gdelt_options(args)
    except ValueError as error:
        return fail(f"fetch: {error}")
    until = until or datetime.now(UTC).replace(tzinfo=None)
    if until < since:
        return fail(f"--until {until} is before --since {since}")
    problem = store_dir_problem(store)
    if problem:
        return fail(f"--out {store}: {problem}")
    try:
        manifest = read_manifest(store) if store.is_dir() else None
    except (OSError, ValueError) as error:
        return fail(f"{store}/fetch.json cannot be read: {error}", 1)
    stored = (manifest or {}).get("base_url")
    try:
        base = base_url(
            args.base_url or stored or os.environ.get("ATLAS_GDELT_URL") or DEFAULT_URL
        )
    except ValueError as error:
        return fail(f"--base-url (or ATLAS_GDELT_URL): {error}")
    if args.countries is None:
        countries = tuple((manifest or {}).get("countries") or DEFAULT_COUNTRIES)
    else:
        try:
            countries = _countries(args.countries)
        except ValueError as error:
            return fail(error)
    store_says = _store_manifest(store)  # read once: its source, its countries
    refused = _not_gdelt(store, store_says)
    if refused:
        return fail(refused)
    held = (manifest or {}).get("countries") or store_says.get("countries")
    if held and sorted(held) != sorted(countries):
        return fail(f"{store} holds events among {','.join(held)}: a store "
                    "keeps its countries (start another for others)")  # fmt: skip
    try:
        with store_lock(store):
            report = fetch_gdelt(
                store, since=since, until=until, base=base, countries=countries,
                options=options,
            )  # fmt: skip
            print(report, flush=True)
            return _import_fetched(store, countries, args) or _none_had(report)
    except StoreBusy as error:
        return fail(error, 1)
    except ListingError as error:
        return fail(f"nothing could be listed: {error}", 1)
    except KeyboardInterrupt:
        return fail("interrupted: what was fetched is kept; run again to go on", 130)


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def _every(text: str) -> float:
    """Seconds from '15m', '1h', '90s' or '900' (a bare number is seconds);
    at least a minute.

    >>> _every("15")
    Traceback (most recent call last):
    ...
    ValueError: --every '15': at least a minute (15 seconds: '15m' for minutes); GDELT publishes every 15 minutes
    """
    import re

    found = re.fullmatch(r"\s*(\d+)\s*([smh]?)\s*", text)
    if not found:
        raise ValueError(f"--every '{text}': give a number and s, m or h ('15m')")
    seconds = int(found[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[found[2]]
    if seconds < 60:
        # a bare number is seconds: "15" was refused as under a minute, unsaid why
        unit = (
            f" ({found[1]} seconds: '{found[1]}m' for minutes)" if not found[2] else ""
        )
        raise ValueError(f"--every '{text}': at least a minute{unit}; GDELT "
                         "publishes every 15 minutes")  # fmt: skip
    return float(seconds)


def update(args) -> int:
    """Fetch and import what GDELT published since the store's last run; with
    ``--every``, again and again until Ctrl+C or TERM. Exit 2 on a bad
    argument or a store never fetched into, 1 when GDELT's lists could not be
    read or no new file could be had for want of an answer (`_none_had`)."""
    import time
    from datetime import UTC, datetime

    from dashboard.importing.fetch import (
        StoreBusy,
        read_manifest,
        store_lock,
        update_gdelt,
    )  # fmt: skip
    from dashboard.importing.gdeltfiles import ListingError
    from dashboard.importing.store import store_dir_problem

    store = Path(args.store)
    try:
        every = _every(args.every) if args.every else None
        options = _gdelt_options(args)
        manifest = read_manifest(store)
    except (OSError, ValueError) as error:
        return fail(f"update: {error}")
    if manifest is None and not store.is_dir():
        return fail(f"{store}: no such folder: start a store with "
                    f"python -m dashboard fetch gdelt --since DATE --out {store}")  # fmt: skip
    problem = store_dir_problem(store)  # a data set's folder: not a store
    if problem:
        return fail(f"{store}: {problem}")
    refused = _not_gdelt(store, _store_manifest(store))
    if refused:
        return fail(refused)
    if manifest is None:
        return fail(f"{store} has no fetch.json: start it with "
                    f"python -m dashboard fetch gdelt --since DATE --out {store}")  # fmt: skip
    countries = tuple(manifest["countries"])
    # files, not attempts: one failing at each check was counted at each
    rounds, fetched, failing, status = 0, 0, set(), 0
    if every:  # TERM (systemd, `docker stop`) ends it as Ctrl+C does
        was = signal.signal(signal.SIGTERM, _interrupted)
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
                    status = status or _none_had(report)
                rounds += 1
                fetched += len(report.fetched)
                failing = (failing | set(report.failed)) - set(report.fetched)
            except (StoreBusy, ListingError) as error:
                status = fail(f"nothing could be listed: {error}"
                              if isinstance(error, ListingError) else error, 1)  # fmt: skip
            if every is None:
                return status
            pause = max(0.0, every - (time.monotonic() - started))
            print(f"next check in {pause / 60:.0f} min (Ctrl+C ends)", flush=True)
            time.sleep(pause)
    except KeyboardInterrupt:
        if every:  # a second TERM while the summary is said ends it plainly
            signal.signal(signal.SIGTERM, was)
        print(f"\nstopped after {plural(rounds, 'check')}: {plural(fetched, 'file')} "
              f"fetched, {len(failing)} failing", flush=True)  # fmt: skip
        return 0 if every else 130
