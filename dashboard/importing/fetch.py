"""Fetch GDELT events files into a store and follow GDELT as it publishes:
the files chosen by publication time (`gdeltfiles`) are downloaded four at a
time and checked (`download`) into ``STORE/raw/``, and ``STORE/fetch.json``
remembers where they came from and what became of each (fetched, or failed
and why), so that a run fetches only what the store lacks and the next run
tries the failed ones again. A missing, truncated or corrupt file is counted
and named, and never stops the others.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tqdm import tqdm

from dashboard.core.store import FETCH_LOG
from dashboard.importing.download import (
    DownloadOptions,
    Failure,
    base_url,
    download,
    matches,
)
from dashboard.importing.gdeltfiles import (
    DEFAULT_URL,
    V2_START,
    GdeltFile,
    address,
    choose,
    latest_file,
    list_gdelt,
)

__all__ = [
    "MANIFEST",
    "FetchReport",
    "StoreBusy",
    "fetch_gdelt",
    "mark_imported",
    "pending_imports",
    "read_manifest",
    "store_lock",
    "update_gdelt",
]

MANIFEST = FETCH_LOG


class StoreBusy(Exception):
    """Another fetch or update is writing the store."""


@dataclass
class FetchReport:
    """What a fetch or update did: the files chosen, those the store already
    had, those fetched, and those that failed with their reasons."""

    base_url: str
    chosen: int = 0
    already: int = 0
    fetched: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # name -> reason (detail)
    reasons: dict[str, str] = field(default_factory=dict)  # name -> reason
    #: failed files, new to this run, whose server could not be reached or
    #: did not answer in time (a timeout, a trickle, a cut connection, a 5xx
    #: or 429: what is tried again), as against a file of its own fault
    #: (404, md5, ...) or one that failed before (tried again at each run: a
    #: cron job had failed at each)
    unreached: set[str] = field(default_factory=set)
    bytes: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    #: files held, listed anew with another MD5 or size: fetched again
    relisted: list[str] = field(default_factory=list)
    #: the files GDELT lists in the window asked for (`fetch`; None: `update`)
    listed: int | None = None
    first: datetime | None = None
    last: datetime | None = None

    @property
    def reached_none(self) -> bool:
        """Nothing fetched, and every file tried failed for want of an
        answer: the server, or the way to it, is down."""
        return (
            bool(self.failed)
            and not self.fetched
            and self.unreached >= set(self.failed)
        )

    def counts(self) -> Counter:
        """Failed files by reason ("missing (404)", "md5", "truncated", ...)."""
        return Counter(self.reasons.values())

    def __str__(self) -> str:
        lines = list(self.notes)
        if not self.chosen:
            # none listed is not "you have them all"
            none = (
                "lists no events file in that window"
                if self.listed == 0
                else ("no new file to fetch")
            )
            lines.append(f"GDELT at {self.base_url}: {none}")
            return "\n".join(lines)
        span = (
            f", published {_when(self.first)} to {_when(self.last)}"
            if self.first
            else ""
        )
        lines.append(f"GDELT at {self.base_url}: {self.chosen} file(s){span}")
        if self.already:
            lines.append(f"already in the store: {self.already}")
        if self.relisted:
            lines.append(
                f"listed anew with another MD5 or size, fetched again: "
                f"{len(self.relisted)} ({self.relisted[0]}"
                f"{', ...' if len(self.relisted) > 1 else ''})"
            )
        rate = len(self.fetched) / self.seconds if self.seconds else 0.0
        lines.append(
            f"fetched {len(self.fetched)} ({_size(self.bytes)} in "
            f"{self.seconds:.1f} s, {rate:.1f} files/s, "
            f"{_size(self.bytes / self.seconds if self.seconds else 0)}/s)"
        )
        if self.failed:
            counts = ", ".join(f"{why} {n}" for why, n in sorted(self.counts().items()))
            lines.append(
                f"failed {len(self.failed)}: {counts} (the next run tries again)"
            )
            lines += [f"  {name}: {why}" for name, why in sorted(self.failed.items())]
        return "\n".join(lines)


def _sharing(options: DownloadOptions, files: int) -> DownloadOptions:
    """``options`` with no more downloads at once than ``files``: each must
    keep up its share of the link's slowest rate (download.py `SLOWEST`),
    and a lone file had been held to a quarter of it, its failure saying
    "1,000 shared by 4 downloads at once".

    >>> _sharing(DownloadOptions(downloads=4), 1).downloads
    1
    >>> _sharing(DownloadOptions(downloads=4), 9).downloads
    4
    """
    return replace(options, downloads=max(1, min(options.downloads, files)))


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _size(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    raise AssertionError("unreachable")


# --- the store's manifest ----------------------------------------------------


def read_manifest(store: Path) -> dict | None:
    """``STORE/fetch.json``, or None when the store has none yet.

    Raises:
        ValueError: it is not JSON, or not a fetch manifest.
        OSError: it cannot be read.
    """
    path = Path(store) / MANIFEST
    if not path.is_file():
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if not (
        isinstance(manifest, dict)
        and isinstance(manifest.get("base_url"), str)
        and isinstance(manifest.get("countries"), list)
        and isinstance(manifest.setdefault("files", {}), dict)
    ):
        raise ValueError(f"{path} is not a manifest of fetched files")
    return manifest


def _save(store: Path, manifest: dict) -> None:
    """``fetch.json`` replaced whole: written beside it, then renamed."""
    manifest["files"] = dict(sorted(manifest["files"].items()))
    temp = store / f".{MANIFEST}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, store / MANIFEST)
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def store_lock(store: Path) -> Iterator[None]:
    """Hold ``store`` for one fetch or update (and its import) at a time. A
    store made here that nothing was written into (nothing could be listed)
    is removed again: an empty folder holding only the lock was left behind.

    Raises:
        StoreBusy: another process holds it.
    """
    store = Path(store)
    made = not store.exists()
    store.mkdir(parents=True, exist_ok=True)
    lock = store / ".fetch.lock"
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(f"{store}: another fetch or update is running") from None
        try:
            yield
        finally:  # still holding the lock: no other fetch is in the store
            if made and [path.name for path in store.iterdir()] == [lock.name]:
                lock.unlink()
                with suppress(OSError):
                    store.rmdir()


def pending_imports(store: Path) -> list[Path]:
    """The files fetched into ``store`` and not yet imported, oldest first."""
    manifest = read_manifest(store) or {"files": {}}
    raw = Path(store) / "raw"
    waiting = [
        (record["published"], name)
        for name, record in manifest["files"].items()
        if record.get("status") == "fetched"
        and not record.get("imported")
        and (raw / name).is_file()
    ]
    return [raw / name for _, name in sorted(waiting)]


def mark_imported(store: Path, files: Iterable[Path]) -> None:
    """Record that ``files`` were imported into ``store``: not passed again."""
    manifest = read_manifest(store)
    if manifest is None:
        return
    for path in files:
        record = manifest["files"].get(Path(path).name)
        if record is not None:
            record["imported"] = _now()
    _save(Path(store), manifest)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _from_record(base: str, name: str, record: dict) -> GdeltFile:
    return GdeltFile(
        name, address(base, name), datetime.fromisoformat(record["published"]),
        record.get("size"), record.get("md5"),
    )  # fmt: skip


# --- a run -----------------------------------------------------------------


def fetch_gdelt(
    store: Path,
    *,
    since: datetime,
    until: datetime,
    base: str = DEFAULT_URL,
    countries: tuple[str, ...],
    options: DownloadOptions | None = None,
) -> FetchReport:
    """Fetch the GDELT events files published from ``since`` to ``until``
    (UTC, both included) into ``store/raw/`` and record them in
    ``store/fetch.json``; what the store has already is not fetched again.

    Raises:
        ValueError: a bad base address, or ``countries`` other than the store's.
        ListingError: GDELT's lists could not be read.
    """
    store, options = Path(store), options or DownloadOptions()
    base = base_url(base)
    manifest = read_manifest(store) or {
        "format": 1, "source": "GDELT events", "base_url": base,
        "countries": list(countries), "files": {},
    }  # fmt: skip
    if sorted(manifest["countries"]) != sorted(countries):
        raise ValueError(
            f"{store} holds events among {','.join(manifest['countries'])}: "
            "a store keeps its countries (start another store for others)"
        )
    notes = []
    if manifest["base_url"] != base:
        notes.append(f"base address changed from {manifest['base_url']} to {base}")
        manifest["base_url"] = base
    files, listed_notes = list_gdelt(base, since, until, options)
    report = FetchReport(base, notes=notes + listed_notes, listed=len(files))
    _run(store, manifest, files, options, report)
    return report


def update_gdelt(store: Path, *, options: DownloadOptions | None = None) -> FetchReport:
    """Fetch what GDELT published since the store's newest file: the newest
    from ``lastupdate.txt``, and when runs were missed, those between from
    ``masterfilelist.txt``; files that failed before are tried again.

    Raises:
        FileNotFoundError: ``store`` has no ``fetch.json`` (never fetched).
        ListingError: GDELT's lists could not be read.
    """
    store, options = Path(store), options or DownloadOptions()
    manifest = read_manifest(store)
    if manifest is None:
        raise FileNotFoundError(f"{store} has no {MANIFEST}: fetch into it first")
    base = manifest["base_url"]
    latest = latest_file(base, options)
    known = [_from_record(base, n, r) for n, r in manifest["files"].items()]
    # a file named for a time to come (a server's wrong lastupdate.txt) is no
    # file GDELT published: taken as the newest, no later run found anything new
    soon = datetime.now(UTC).replace(tzinfo=None) + FUTURE_SLACK
    covered = max(
        (file.last_covered for file in known if file.published <= soon), default=None
    )
    notes: list[str] = []
    if latest.published > soon:
        notes.append(
            f"lastupdate.txt names {latest.name}, published after now: "
            "ignored (the server's list is wrong)"
        )
        latest = None
    if latest is None:
        new = []
    elif covered is None:
        new = [latest]
    elif latest.published <= covered:
        new = []
    elif covered >= V2_START and latest.published - covered <= timedelta(minutes=15):
        new = [latest]
    else:  # runs were missed: everything published since, from the full list
        new, notes = list_gdelt(base, covered + timedelta(seconds=1),
                                latest.published, options)  # fmt: skip
        new = choose([*new, latest], covered + timedelta(seconds=1), latest.published)
    if latest is not None:
        manifest["lastupdate"] = {
            "name": latest.name, "published": latest.published.isoformat(),
            "checked": _now(),
        }  # fmt: skip
    failed = [f for f in known if manifest["files"][f.name]["status"] == "failed"]
    doubtful = sorted(
        (f for f in failed if _listing_doubtful(manifest["files"][f.name])),
        key=lambda f: f.published,
    )
    again = [f for f in failed if f not in doubtful]
    if doubtful:
        first, last = doubtful[0].published, doubtful[-1].published
        notes.append(
            f"{len(doubtful)} file(s) failed GDELT's listed MD5 or size "
            f"{GIVE_UP_AFTER} times ({doubtful[0].name}...), not tried again: "
            f"`python -m dashboard fetch gdelt --since {first:%Y-%m-%dT%H:%M} --until "
            f"{last:%Y-%m-%dT%H:%M} --out {store}` reads GDELT's list again"
        )
    files = sorted(
        {f.name: f for f in again + new}.values(), key=lambda f: (f.published, f.name)
    )
    report = FetchReport(base, notes=notes)
    _run(store, manifest, files, options, report)
    return report


#: How far past this machine's clock a GDELT file may be published (clocks
#: differ); later, it is a wrong list's.
FUTURE_SLACK = timedelta(days=1)

#: Tries after which `update` leaves a file whose bytes fail GDELT's listed
#: MD5 or size: the listing it read once may be what is wrong, and only a
#: `fetch` over its window reads the list again.
GIVE_UP_AFTER = 3
#: failures that set a file's bytes against its listing; only these count
#: towards `GIVE_UP_AFTER` (a busy answer, retried, is a request, not one)
LISTING_FAILURES = ("md5", "size")


def _listing_doubtful(record: dict) -> bool:
    return record.get("reason") in LISTING_FAILURES and (
        record.get("mismatches", 0) >= GIVE_UP_AFTER
    )


def _run(
    store: Path,
    manifest: dict,
    files: list[GdeltFile],
    options: DownloadOptions,
    report: FetchReport,
) -> None:
    """Fetch ``files`` into ``store`` except those it has, four at a time;
    the outcomes go into ``report`` and ``manifest``, saved as they come."""
    raw = store / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for leftover in raw.glob(".*.part"):  # of a run that was killed
        leftover.unlink(missing_ok=True)
    report.chosen = len(files)
    if files:
        report.first, report.last = files[0].published, files[-1].published
    todo = []
    for file in files:
        record = manifest["files"].get(file.name, {})
        path = raw / file.name
        if (
            record.get("status") == "fetched"
            and path.is_file()
            and _relisted(file, record)
        ):
            # GDELT lists it anew, other bytes: fetched and imported again
            # (it was kept as it was, unsaid)
            report.relisted.append(file.name)
            todo.append(file)
        elif record.get("status") == "fetched" and path.is_file():
            report.already += 1
        elif path.is_file() and matches(path, size=file.size, md5=file.md5):
            # downloaded and checked by a run killed before it recorded it
            manifest["files"][file.name] = _record(file, "fetched", record)
            report.already += 1
        else:
            todo.append(file)
    show = sys.stderr.isatty() if options.progress is None else options.progress
    bar = tqdm(
        total=sum(f.size or 0 for f in todo) or None, unit="B", unit_scale=True,
        desc="GDELT", disable=not show or not todo, dynamic_ncols=True,
    )  # fmt: skip
    stop = threading.Event()
    options = _sharing(options, len(todo))
    pool = ThreadPoolExecutor(options.downloads, "gdelt-fetch")
    started = time.monotonic()
    saved = started
    try:
        futures = {
            pool.submit(
                download, file.url, raw / file.name, size=file.size, md5=file.md5,
                options=options, stop=stop, progress=bar.update,
            ): file
            for file in todo
        }  # fmt: skip
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for future in done:
                _settle(manifest, report, futures[future], future)
            bar.set_postfix_str(
                f"{len(report.fetched)} of {len(todo)} files, "
                f"{len(report.failed)} failed", refresh=False,
            )  # fmt: skip
            if time.monotonic() - saved > 5:  # a killed run loses little
                _save(store, manifest)
                saved = time.monotonic()
    finally:
        stop.set()  # Ctrl+C: the downloads under way stop at their next chunk
        pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
        report.seconds = time.monotonic() - started
        _save(store, manifest)


def _relisted(file: GdeltFile, record: dict) -> bool:
    """Whether GDELT lists ``file`` with another MD5 or size than the
    ``record`` of the one fetched (both known)."""
    return bool(
        (file.md5 and record.get("md5") and file.md5 != record["md5"])
        or (file.size and record.get("size") and file.size != record["size"])
    )


def _record(file: GdeltFile, status: str, previous: dict, attempts: int = 0) -> dict:
    record = {
        "url": file.url, "size": file.size, "md5": file.md5,
        "published": file.published.isoformat(), "version": file.version,
        "status": status, "attempts": previous.get("attempts", 0) + attempts,
    }  # fmt: skip
    if status == "fetched":
        record["fetched"] = _now()
    if previous.get("imported"):  # its events are in the store: not again
        record["imported"] = previous["imported"]
    return record


def _settle(manifest: dict, report: FetchReport, file: GdeltFile, future: Future):
    previous = manifest["files"].get(file.name, {})
    relisted = file.name in report.relisted
    try:
        size, attempts = future.result()
    except Failure as why:
        if why.reason == "interrupted":
            return
        report.failed[file.name] = str(why)
        report.reasons[file.name] = why.reason
        if why.retry and previous.get("status") != "failed":
            report.unreached.add(file.name)
        if relisted:  # the file held stays, imported: a wrong list is no loss
            return
        record = _record(file, "failed", previous, why.attempts)
        mismatches = previous.get("mismatches", 0) + (why.reason in LISTING_FAILURES)
        record.update(
            reason=why.reason, detail=why.detail, tried=_now(), mismatches=mismatches
        )
        manifest["files"][file.name] = record
        return
    if relisted:  # other bytes: imported again
        previous = {k: v for k, v in previous.items() if k != "imported"}
    manifest["files"][file.name] = _record(file, "fetched", previous, attempts)
    report.fetched.append(file.name)
    report.bytes += size
