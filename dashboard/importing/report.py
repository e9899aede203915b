"""Rows of event files as every importer reads them: the lines of a plain or
zipped file, the `Event` one usable row becomes, and the `ImportReport` of what
became of every row (kept, skipped by a filter, or dropped as bad, with the
reason and the first lines where it happened)."""

from __future__ import annotations

import io
import re
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tqdm import tqdm

__all__ = ["Event", "ImportReport", "lines", "number", "progress", "slug"]


@dataclass
class ImportReport:
    """What happened to every row of the input."""

    files: list[str] = field(default_factory=list)
    rows: int = 0
    kept: int = 0  # events that passed every check and filter
    relations: int = 0  # after merging repeated reports
    bad: dict[str, list] = field(default_factory=dict)  # reason -> [count, first lines]
    skipped: dict[str, int] = field(default_factory=dict)  # filter -> count

    def drop(self, reason: str, where: str) -> None:
        entry = self.bad.setdefault(reason, [0, []])
        entry[0] += 1
        if len(entry[1]) < 5:
            entry[1].append(where)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def __str__(self) -> str:
        lines = [
            f"read {self.rows} rows from {len(self.files)} file(s)",
            f"kept {self.kept} events, merged into {self.relations} relations "
            f"({self.kept - self.relations} repeated reports merged)",
        ]
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"skipped {count}: {reason}")
        for reason, (count, where) in sorted(self.bad.items()):
            lines.append(
                f"dropped {count} bad rows: {reason} (first at {', '.join(where)})"
            )
        return "\n".join(lines)


@dataclass
class Event:
    """One usable row, normalised across formats."""

    day: date
    source: tuple[str, str, str]  # (actor id, name, kind)
    target: tuple[str, str, str]
    source_country: str
    target_country: str
    code: str
    quad: int
    score: float | None  # Goldstein (GDELT) or intensity (ICEWS)
    sources: int
    articles: int
    mentions: int
    tone: float | None
    reporter: str
    url: str
    text: str
    event_id: str


def lines(path: Path) -> Iterator[tuple[int, str, int]]:
    """(line number, text, bytes so far) of a plain or zipped text file."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            member = next(n for n in archive.namelist() if not n.endswith("/"))
            with archive.open(member) as raw:
                yield from _numbered(
                    io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
                )
        return
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        yield from _numbered(handle)


def _numbered(handle) -> Iterator[tuple[int, str, int]]:
    done = 0
    for number, line in enumerate(handle, start=1):
        done += len(line)
        yield number, line.rstrip("\r\n"), done


def progress(path: Path):
    """A progress bar over the bytes of ``path``."""
    size = path.stat().st_size
    # a bar only where it helps: large inputs, and a person watching
    return tqdm(
        total=size, unit="B", unit_scale=True, desc=path.name, leave=False,
        disable=size < 20_000_000 or not sys.stderr.isatty(),
    )  # fmt: skip


def number(text: str, default=0):
    """An int or a float as written, or ``default`` when it is neither."""
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return default


def slug(text: str) -> str:
    """An actor id from a name: ASCII, lower case, words joined by '-'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
