"""Raw event files into an event store (`core.store` reads it): each file read
once, on Dask workers or in this process, kept as Parquet parts by month, and
the store's manifest (``store.json``) rewritten whole after every batch.

A file is imported once: by name and content hash, and a re-import of a name
whose content changed, or that an older reader read (`texts.READER`),
replaces that file's parts. Every row of every file is
accounted for in ``store.json`` and in the returned `StoreReport`; a file that
cannot be read is named with the reason, never stops the import.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.core.describe import plural
from dashboard.core.load import Dataset, load_dataset
from dashboard.core.problems import DataError
from dashboard.core.store import (
    CACHE,
    MANIFEST,
    PART_FORMAT,
    STORE_FORMAT,
    doubled,
    doubled_note,
    read_manifest,
    twin,
)
from dashboard.importing.events import DEFAULT_COUNTRIES, TABLES
from dashboard.importing.parts import PART_SCHEMA, SOURCES, Part, read_part
from dashboard.importing.report import ImportReport
from dashboard.importing.texts import READER

__all__ = ["StoreError", "StoreReport", "ingest", "open_store", "store_dir_problem"]

#: files imported between two writes of store.json: what an import that stops
#: half-way (a killed process) has to do again
COMMIT_EVERY = 200


#: what a store's directory holds besides its hidden locks and files being
#: written (README "Event store"): the downloader's raw/ and fetch.json too
STORE_ENTRIES = frozenset({MANIFEST, "events", CACHE, "raw", "fetch.json"})


class StoreError(Exception):
    """A store that cannot take these files at all (another source or other
    countries than it holds, a store of another format, not writable)."""


@dataclass
class StoreReport:
    """What an import into a store did: per file, and in all."""

    store: Path
    #: files imported now (new, or a name whose content changed): their entries
    #: as store.json keeps them (rows, kept, merged, skipped, bad, parts)
    imported: list[dict] = field(default_factory=list)
    #: files left alone, and why ("already imported", "the same content as X")
    passed: dict[str, str] = field(default_factory=dict)
    #: files that could not be read (or not to their end), and why
    unreadable: dict[str, str] = field(default_factory=dict)
    files: int = 0  # files the store holds now
    events: int = 0  # events kept in the store, before merging across files
    #: why files the store lists twice, zipped and not, count once (imported
    #: before an import kept one: `core.store.doubled`); "" when none are
    doubled: str = ""
    relations: int = 0  # after merging repeated reports across files
    version: str = ""
    #: why the store's relations do not open (a bug of the import, not of a
    #: file: the merged tables break a rule of the data format); "" when they do
    problem: str = ""
    reading: float = 0.0  # seconds reading the files (on Dask: with its start)
    seconds: float = 0.0  # in all, with the merge, checks and cache of the store

    def totals(self) -> dict:
        """The rows of the files imported now: read, kept, merged inside their
        file, skipped and dropped as bad, and texts changed to fit, by
        reason."""
        total = {"rows": 0, "kept": 0, "merged": 0, "skipped": {}, "bad": {},
                 "changed": {}}  # fmt: skip
        for entry in self.imported:
            for key in ("rows", "kept", "merged"):
                total[key] += entry[key]
            for key in ("skipped", "bad", "changed"):
                # an entry of a store written before it counted the changes
                for reason, count in entry.get(key, {}).items():
                    count = count[0] if key == "bad" else count
                    total[key][reason] = total[key].get(reason, 0) + count
        return total

    def __str__(self) -> str:
        total = self.totals()
        lines = [
            f"could not read {name}: {why}" for name, why in self.unreadable.items()
        ]
        lines += [
            f"left alone {name}: {why}" for name, why in sorted(self.passed.items())
        ]
        rate = total["rows"] / self.reading if self.reading else 0
        lines.append(
            f"imported {len(self.imported)} file(s): read {total['rows']:,} rows "
            f"in {self.reading:.1f} s ({rate:,.0f} rows/s), kept {total['kept']:,} "
            f"events ({total['merged']:,} repeated reports merged in their file)"
        )
        for reason, count in sorted(total["skipped"].items()):
            lines.append(f"skipped {count:,}: {reason}")
        for reason, count in sorted(total["bad"].items()):
            lines.append(f"dropped {plural(count, 'bad row')}: {reason}")
        # as an import to a folder says them: a store's import said none
        for reason, count in sorted(total["changed"].items()):
            lines.append(f"changed {count:,}: {reason}")
        if self.doubled:
            lines.append(self.doubled)
        if self.problem:
            lines.append(f"the store's relations do not open:\n{self.problem}")
        lines.append(
            f"{self.store}: {self.files} file(s), {self.events:,} events, "
            f"{self.relations:,} relations (version {self.version}; "
            f"{self.seconds:.1f} s in all)"
        )
        return "\n".join(lines)


def open_store(path: str | Path) -> Dataset:
    """The store at ``path`` as a data set (what ``--data STORE`` shows).

    Raises:
        DataError: it is not a store, or holds no event yet.
    """
    return load_dataset(path)


def store_dir_problem(directory: Path) -> str | None:
    """Why ``directory`` may not hold an event store, or None: it is a file,
    holds a data set, or holds other files and is no store yet. An import
    into the bundled data directory once made it a store, whose events the
    app then showed in place of its curated relations, without a word.

    >>> store_dir_problem(Path("/nonexistent/new")) is None
    True
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        return "is a file, not a directory"
    if not directory.is_dir():
        return None
    # hidden names are the store's locks and files being written, or a
    # desktop's (.DS_Store): no data
    try:
        names = sorted(
            e.name for e in directory.iterdir() if not e.name.startswith(".")
        )
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    held = [name for name in TABLES if name in names]
    own = [name for name in names if name in STORE_ENTRIES]
    if own == [CACHE]:  # a large data set keeps its layouts there: no store's
        own = []
    if held and own:  # as that import left it: say how to get the data back
        locks = [n for n in (".lock", ".fetch.lock") if (directory / n).exists()]
        return (
            f"holds a data set ({', '.join(held)}) beside an event store's files; "
            f"give a new directory (removing {', '.join(own + locks)} from it "
            "leaves the data set as it was)"
        )
    if held:
        return (
            f"holds a data set ({', '.join(held)}), not an event store; give a "
            "new directory, or a store to add to"
        )
    if MANIFEST in names or "fetch.json" in names:
        return None  # a store, or one being fetched: its owner's files may be beside
    others = [name for name in names if name not in STORE_ENTRIES]
    if others:
        shown = ", ".join(others[:3]) + (
            f" and {len(others) - 3} more" if others[3:] else ""
        )
        return (
            f"holds files that are not an event store's ({shown}); give a new "
            "directory, or a store to add to"
        )
    return None


def ingest(
    store: Path,
    files: list[Path],
    *,
    countries: tuple[str, ...] = DEFAULT_COUNTRIES,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    source: str = "gdelt",
) -> StoreReport:
    """Import raw event files into the store at ``store`` (made if missing).

    Files already imported (the same name and content, or the same content
    under another name) are left alone; the others are read by `read_part`:
    on the Dask cluster at ``scheduler`` (``tcp://HOST:8786``; its workers
    must see the files at the same paths), else in ``workers`` local
    processes (default: one per core, at most one per file), else, with
    ``workers=1`` or a single file, in this process. ``progress(done, total,
    name)`` is called as each file is done. The merged relations are then
    made and validated once, so that opening the store reads them whole.

    Raises:
        StoreError: the store holds another source or other countries, is of
            another format, cannot be written, or ``store`` is no place for
            one (`store_dir_problem`). One bad file never raises.
    """
    started = time.monotonic()
    store = Path(store)
    if source not in SOURCES:
        raise StoreError(f"unknown source '{source}' (known: {', '.join(SOURCES)})")
    problem = store_dir_problem(store)
    if problem:
        raise StoreError(f"{store}: {problem}")
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{store}: cannot be written ({error})") from error
    report = StoreReport(store=store)
    with _locked(store):
        for left in store.glob("events/*/.*.tmp"):  # by an import that was stopped
            left.unlink(missing_ok=True)
        manifest = _manifest(store, source, countries)
        todo = _to_import(manifest, files, report)
        entries: dict[str, dict] = manifest["files"]
        staged: list[tuple[Path, Path]] = []  # (written, its place)
        replaced: list[str] = []  # parts of a previous content of a file
        done = 0
        for part, digest, size in _read_all(
            todo, source, countries, scheduler, workers
        ):
            done += 1
            if progress:
                progress(done, len(todo), part.name)
            if part.report.unreadable:
                report.unreadable[part.name] = part.report.unreadable[part.name]
            if part.retry:
                continue
            entry, moves = _stage(store, part, digest, size)
            staged += moves
            new = {p["path"] for p in entry["parts"]}
            # the same file, zipped or not, replaces the other: never both
            earlier = [entries.pop(n, {}) for n in (part.name, twin(part.name))]
            old = [p for e in earlier for p in e.get("parts", [])]
            replaced += [p["path"] for p in old if p["path"] not in new]
            entries[part.name] = entry
            report.imported.append(entry)
            if len(report.imported) % COMMIT_EVERY == 0:
                _commit(store, manifest, staged, replaced)
                staged, replaced = [], []
        _commit(store, manifest, staged, replaced)
        report.reading = time.monotonic() - started
    left = doubled({"files": list(manifest["files"].values())})
    if left:
        report.doubled = doubled_note(store, left)
    counted = [e for name, e in manifest["files"].items() if name not in left]
    report.files = len(counted)
    report.events = sum(entry["kept"] for entry in counted)
    report.version = manifest["version"]
    if report.events:
        try:  # merged, validated and cached now, not when a server starts
            report.relations = len(open_store(store).relations)
        except DataError as error:
            report.problem = str(error)
    report.seconds = time.monotonic() - started
    return report


@contextmanager
def _locked(store: Path) -> Iterator[None]:
    """One import at a time into a store (the downloader's and a user's)."""
    with open(store / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _manifest(store: Path, source: str, countries: tuple[str, ...]) -> dict:
    """The store's manifest, with ``files`` by name; a new one for a new store.

    Raises:
        StoreError: the store is of another format, source or countries.
    """
    wanted = sorted({c.strip().upper() for c in countries if c.strip()})
    if not (store / MANIFEST).exists():
        return {
            "format": STORE_FORMAT, "source": source, "countries": wanted,
            "relations": SOURCES[source], "version": "", "files": {},
        }  # fmt: skip
    try:
        manifest = read_manifest(store)
    except DataError as error:
        raise StoreError(f"{store}: {error}") from error
    if manifest.get("source") != source:
        raise StoreError(
            f"{store} holds {manifest.get('source')} events, not {source}: "
            "import these into another store"
        )
    if sorted(manifest.get("countries", [])) != wanted:
        raise StoreError(
            f"{store} holds the events among {','.join(manifest.get('countries', []))}, "
            f"not {','.join(wanted)}: give those countries, or another store"
        )
    manifest["files"] = {entry["name"]: entry for entry in manifest.get("files", [])}
    return manifest


def _to_import(
    manifest: dict, files: list[Path], report: StoreReport
) -> list[tuple[Path, str, int]]:
    """(path, SHA-256, size) of the files to read, each content once; the
    others are in ``report`` with the reason."""
    by_hash = {entry["sha256"]: name for name, entry in manifest["files"].items()}
    todo, seen = [], {}
    for path in map(Path, files):
        name = path.name
        try:
            digest, size = _sha256(path)
        except OSError as error:
            report.unreadable[name] = f"cannot be read ({error.strerror or error})"
            continue
        if twin(name) in seen:
            report.passed[name] = f"given zipped and not ({twin(name)}), read once"
            continue
        if name in seen:
            if seen[name] != digest:
                report.unreadable[name] = "given twice, with different contents"
            else:
                report.passed[name] = "given twice, read once"
            continue
        seen[name] = digest
        known = manifest["files"].get(name, {})
        # read again when an older reader read it (`READER`): its rows then
        # replace those it left (a zip's first file alone, say)
        if known.get("sha256") == digest and known.get("reader", 1) >= READER:
            why = known.get("unreadable")
            report.passed[name] = "already imported" + (f" ({why})" if why else "")
        elif by_hash.get(digest, name) != name:
            report.passed[name] = f"the same content as {by_hash[digest]}, imported"
        else:
            by_hash[digest] = name
            todo.append((path, digest, size))
    return todo


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _read_all(
    todo: list[tuple[Path, str, int]],
    source: str,
    countries: tuple[str, ...],
    scheduler: str | None,
    workers: int | None,
) -> Iterator[tuple[Part, str, int]]:
    """(part, hash, size) of every file of ``todo``, in the order they finish:
    `read_part` on Dask (a cluster, or local processes) or in this process.
    A file whose task fails (a bug, a worker lost) is a part with no event,
    unreadable with the reason, and tried again by the next import."""
    if not todo:
        return
    local = min(workers or len(os.sched_getaffinity(0)), len(todo))
    if scheduler is None and local <= 1:
        for path, digest, size in todo:
            yield _guarded(path, source, countries), digest, size
        return
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    try:
        if scheduler is None:
            with _interrupts_held():
                cluster = LocalCluster(
                    n_workers=local, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=40,
                )  # fmt: skip
        try:
            client = Client(scheduler or cluster)
        except (OSError, TimeoutError) as error:
            raise StoreError(
                f"cannot reach the Dask scheduler at {scheduler}: {error}"
            ) from error
        with client:
            futures = {
                client.submit(
                    read_part, str(path.resolve()), source=source,
                    countries=countries, pure=False,
                ): (path, digest, size)
                for path, digest, size in todo
            }  # fmt: skip
            for future in as_completed(futures):
                path, digest, size = futures[future]
                try:
                    part = future.result()
                except Exception as error:  # the task, not the file: say so
                    part = _failed(path, f"its task failed on Dask: {error!r}")
                future.release()
                yield part, digest, size
    finally:
        if cluster is not None:
            cluster.close()


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl+C ignored while the local workers start: they keep it ignored
    (an ignored signal stays so in a new process; a blocked one did not in
    Dask's workers), so the terminal's Ctrl+C, sent to them all, stops this
    process alone, which closes them. Sent to each, it had printed a
    traceback per worker, and another as Dask closed a cluster half started.
    A press in the second or two they take to start is lost (press again).
    In the main thread only, where Python takes its signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _guarded(path: Path, source: str, countries: tuple[str, ...]) -> Part:
    try:
        return read_part(path, source=source, countries=countries)
    except Exception as error:  # a bug of ours: one file, not the import
        return _failed(path, f"its import failed: {error!r}")


def _failed(path: Path, why: str) -> Part:
    """A file whose import failed, not for what it holds: tried again next time."""
    report = ImportReport(files=[path.name])
    report.fail(path.name, why)
    return Part(path.name, PART_SCHEMA.empty_table(), report, retry=True)


def _stage(store: Path, part: Part, digest: str, size: int) -> tuple[dict, list]:
    """The file's store.json entry, its events written as one hidden Parquet
    file per month, and the (staged, final) paths `_commit` moves them to."""
    # the whole name: files of one stem ("x.tab", "x.txt") are two files
    report, stem = part.report, part.name
    entry = {
        "name": part.name, "sha256": digest, "size": size,
        "imported": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": report.rows, "kept": report.kept, "merged": part.merged,
        "skipped": dict(report.skipped), "bad": dict(report.bad),
        "changed": dict(report.changed),
        "unreadable": report.unreadable.get(part.name),
        "part_format": PART_FORMAT, "reader": READER, "parts": [],
    }  # fmt: skip
    moves = []
    table = part.table
    months = pc.strftime(table["day"], format="%Y-%m") if table.num_rows else None
    for month in sorted(set(months.to_pylist())) if months is not None else []:
        rows = table.filter(pc.equal(months, month))
        final = Path("events") / f"month={month}" / f"{stem}.parquet"
        staging = store / final.parent / f".{stem}.{uuid.uuid4().hex[:8]}.tmp"
        staging.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(rows, staging)
        moves.append((staging, store / final))
        entry["parts"].append(
            {"path": final.as_posix(), "month": month, "rows": rows.num_rows}
        )
    return entry, moves


def _commit(
    store: Path, manifest: dict, staged: list[tuple[Path, Path]], replaced: list[str]
) -> None:
    """Move the staged parts into place and write store.json whole, with the
    version the merged tables are cached under; then remove the ``replaced``
    parts, which it no longer lists."""
    for staging, final in staged:
        os.replace(staging, final)
    files = [manifest["files"][name] for name in sorted(manifest["files"])]
    key = json.dumps(
        [manifest["source"], manifest["countries"]]
        + [(e["name"], e["sha256"]) for e in files]
    )
    manifest["version"] = hashlib.sha256(key.encode()).hexdigest()[:16]
    manifest["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
    fetched = _fetched_from(store)
    if fetched:
        manifest["fetched_from"] = fetched
    written = dict(manifest, files=files)
    staging = store / f".{MANIFEST}.{uuid.uuid4().hex[:8]}.tmp"
    staging.write_text(json.dumps(written, indent=1, ensure_ascii=False) + "\n")
    os.replace(staging, store / MANIFEST)
    for path in replaced:
        (store / path).unlink(missing_ok=True)


def _fetched_from(store: Path) -> str | None:
    """Where the downloader fetched the raw files (its fetch.json), if it did."""
    try:
        fetched = json.loads((store / "fetch.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(fetched, dict):
        return None
    url = fetched.get("base_url") or fetched.get("base")
    return url if isinstance(url, str) else None
