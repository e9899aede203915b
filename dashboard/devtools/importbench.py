"""The event store's import at scale: raw GDELT-shaped events files
(`rawgdelt`) pushed through ``python -m dashboard import gdelt --store``, the
command an analyst runs, once per number of Dask workers on the same files;
its rows per second, wall time and peak memory; then the store it made
benched as any data is (`benchreport.run_bench`).

``python -m dashboard bench --events N [--files F] [--import-workers 1,2]
[--keep DIR] [--windows W] [--browser B]``
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.devtools.benchreport import run_bench
from dashboard.devtools.rawgdelt import write_raw_gdelt

__all__ = ["ImportRun", "run_import_bench", "time_import"]

ROOT = Path(__file__).resolve().parents[2]
_READ = re.compile(
    r"imported (\d+) file\(s\): read ([\d,]+) rows in ([\d.]+) s .*?, "
    r"kept ([\d,]+) events"
)
_STORE = re.compile(
    r": (\d+) file\(s\), ([\d,]+) events, ([\d,]+) relations "
    r"\(version (\w+); ([\d.]+) s in all\)"
)


@dataclass(frozen=True)
class ImportRun:
    """One ``import --store`` of raw files, timed from outside."""

    workers: int
    files: int
    rows: int
    kept: int
    relations: int
    version: str
    wall_s: float  # the command, from its start to its exit
    reading_s: float  # as it reports: reading the files (with Dask's start)
    in_all_s: float  # as it reports: with merging, checking and caching
    peak_mb: float  # the largest process's peak resident memory
    tree_peak_mb: float  # the process and its Dask workers together, sampled

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.wall_s

    def line(self) -> str:
        # the report gives its seconds to a tenth: a small import may read in "0.0"
        reading = f"{self.rows / self.reading_s:,.0f}" if self.reading_s else "-"
        return (
            f"import, {self.workers} worker(s): {self.rows:,} rows in "
            f"{self.wall_s:.1f} s = {self.rows_per_s:,.0f} rows/s (reading "
            f"{self.reading_s:.1f} s = {reading} rows/s; "
            f"merge, checks and cache {self.in_all_s - self.reading_s:.1f} s); "
            f"{self.kept:,} events kept, {self.relations:,} relations; peak "
            f"memory {self.peak_mb:,.0f} MB in one process, {self.tree_peak_mb:,.0f} "
            f"MB with the workers"
        )


def time_import(paths: list[Path], store: Path, *, workers: int) -> ImportRun:
    """Run ``python -m dashboard import gdelt PATHS --store STORE --workers N``
    in a process of its own and measure it.

    Raises:
        RuntimeError: the import failed (its output says why).
    """
    command = [
        sys.executable, "-m", "dashboard", "import", "gdelt", *map(str, paths),
        "--store", str(store), "--workers", str(workers),
    ]  # fmt: skip
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
        tree_peak = _Sampler(process.pid)
        tree_peak.start()
        # wait4, not wait: the child's resource usage comes with its status
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        tree_peak.stop()
        output.seek(0)
        text = output.read().decode(errors="replace")
    read, made = _READ.search(text), _STORE.search(text)
    if process.returncode or not read or not made:
        raise RuntimeError(f"{' '.join(command[:6])} ... failed:\n{text[-3000:]}")

    def count(text: str) -> int:
        return int(text.replace(",", ""))

    return ImportRun(
        workers=workers, files=int(read.group(1)), rows=count(read.group(2)),
        kept=count(read.group(4)), relations=count(made.group(3)),
        version=made.group(4), wall_s=wall, reading_s=float(read.group(3)),
        in_all_s=float(made.group(5)), peak_mb=usage.ru_maxrss / 1024,
        tree_peak_mb=max(tree_peak.peak, usage.ru_maxrss * 1024) / 2**20,
    )  # fmt: skip


class _Sampler(threading.Thread):
    """The most resident memory a process and its descendants held at once,
    sampled four times a second from ``/proc`` (bytes; Linux)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak = pid, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.25):
            self.peak = max(self.peak, sum(map(_rss, _tree(self.pid))))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    """``pid`` and the processes it started, and theirs."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # the parent is the second field after the command's ")"
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo += children.get(found[-1], [])
    return found


def _rss(pid: int) -> int:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def run_import_bench(
    events: int,
    *,
    files: int | None = None,
    seed: int = 0,
    workers: tuple[int, ...] = (1, 2),
    keep: str | Path | None = None,
    windows: int = 60,
    browser: int = 0,
) -> int:
    """Write ``events`` raw GDELT 2.0 rows in ``files`` files, import them
    into a new store once per count of ``workers`` (1: in the importing
    process, without Dask), check that every run made the same store, and
    bench that store; print the figures. The files and stores are written
    in ``keep`` and left there (the files are used again by the next run
    with the same arguments), else in a temporary directory. The exit
    status: 1 when an import failed or the runs disagree.
    """
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="atlas-import-"))
    try:
        started = time.perf_counter()
        try:
            raw = write_raw_gdelt(
                work / "raw", events, files=files, seed=seed,
                jobs=len(os.sched_getaffinity(0)),
            )  # fmt: skip
        except ValueError as error:
            print(f"--events/--files: {error}", file=sys.stderr)
            return 2
        size = sum(path.stat().st_size for path in raw.paths)
        print(
            f"raw: {len(raw.paths):,} GDELT 2.0 events files (seed {seed}), "
            f"{raw.rows:,} rows, {size / 1e6:,.0f} MB zipped, {raw.kept:,} of them "
            f"between two of {','.join(raw.countries)}; written in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        runs = []
        for count in workers:
            store = work / f"store-{count}"
            shutil.rmtree(store, ignore_errors=True)
            try:
                runs.append(time_import(raw.paths, store, workers=count))
            except RuntimeError as error:
                print(error, file=sys.stderr)
                return 1
            print(runs[-1].line(), flush=True)
        disagree = [
            run for run in runs
            if (run.rows, run.kept, run.relations, run.version)
            != (raw.rows, raw.kept, runs[0].relations, runs[0].version)
        ]  # fmt: skip
        if disagree:
            print(f"the runs disagree: {disagree}", file=sys.stderr)
            return 1
        for count in workers[1:]:  # the same store: bench one
            shutil.rmtree(work / f"store-{count}", ignore_errors=True)
        print(
            f"the store of {raw.rows:,} raw events ({runs[0].relations:,} relations):"
        )
        return run_bench(
            work / f"store-{workers[0]}", windows=windows, naive_windows=0,
            seed=seed, browser=browser,
        )  # fmt: skip
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
