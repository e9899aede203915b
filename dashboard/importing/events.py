"""Import machine-coded event data (GDELT 1.0 and 2.0 events, ICEWS coded events)
into the tables of a data directory in the project's own format.

Every row is accounted for: kept, merged into a repeated report of the same
event, skipped by a filter, or dropped as bad, with the reason and the first
lines where it happened (`report.ImportReport`). A bad row never stops an
import, nor does a file that cannot be read. The readers are one module per
source (`gdelt`, `icews`); `core.cameo` maps the event codes to relation kinds.
What is written always loads: texts are fit to the data format (counted), and
a directory is written whole or not at all.
"""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from collections.abc import Callable, Collection, Iterator
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.core.cameo import cameo_kind, stance
from dashboard.core.geo import known_country_codes
from dashboard.core.load import csv_safe, load_dataset
from dashboard.core.text import (
    control_at,
    is_web_url,
    limit_of,
    more_urls,
    most_sources,
    shortened,
    without_controls,
)
from dashboard.importing.gdelt import read_gdelt
from dashboard.importing.icews import read_icews
from dashboard.importing.report import (
    Event,
    ImportReport,
    UnreadableFile,
    by_article,
    totals,
)

__all__ = [
    "DEFAULT_COUNTRIES",
    "EVENTS_FILES",
    "READERS",
    "events_files_in",
    "import_events",
    "skip_reason",
    "write_tables",
]

DEFAULT_COUNTRIES = ("RUS", "BLR", "TUR", "USA", "VEN")
#: The events of a merged relation named in its `event_ids` (and, for ICEWS,
#: `story_sentences`): the first, in the order they were read.
EVENT_IDS = 20
#: What `write_tables` writes into a data directory.
TABLES = ("actors.csv", "relations.csv")

#: format -> the reader of one file of it
READERS: dict[str, Callable[[Path, ImportReport], Iterator[Event]]] = {
    "gdelt": read_gdelt,
    "icews": read_icews,
}


#: format -> the names of its events files (any case): what a folder given to
#: an import stands for; GDELT's mentions and GKG files beside them are not
EVENTS_FILES = {
    "gdelt": ("*.export.CSV", "*.export.CSV.zip"),
    "icews": ("*.tab", "*.tab.zip"),
}


def events_files_in(folder: Path, fmt: str) -> list[Path]:
    """The events files of ``fmt`` in ``folder`` (not in its folders, nor
    hidden: macOS writes "._X.export.CSV.zip" beside each file copied), by
    name; of a file there both zipped and not, the zip alone, as fetched:
    read twice, its events would count as two reports each."""
    ends = tuple(pattern[1:].lower() for pattern in EVENTS_FILES[fmt])
    found = [
        path
        for path in Path(folder).iterdir()
        if path.name.lower().endswith(ends)
        and not path.name.startswith(".")
        and path.is_file()
    ]
    zips = {path.name.lower() for path in found}
    return sorted(
        (path for path in found if f"{path.name.lower()}.zip" not in zips),
        key=lambda path: path.name,
    )


def import_events(
    fmt: str,
    files: list[Path],
    *,
    countries: tuple[str, ...] = DEFAULT_COUNTRIES,
    since: date | None = None,
    until: date | None = None,
    min_sources: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame, ImportReport]:
    """Read event files into (actors, relations) in the project's format.

    Events whose two actors both belong to ``countries`` are kept; repeated
    reports of one event (same day, same actors, same code) become one
    relation with a ``report_count``. ``min_sources`` drops the relations
    whose ``source_count`` (the count the page filters on) is lower, once
    merged: an ICEWS row has one publisher, so a filter on rows had dropped
    every ICEWS event at ``--min-sources 2``.
    """
    report = ImportReport(files=[str(f) for f in files])
    reader = READERS[fmt]
    wanted = set(countries)
    known = known_country_codes()
    merged: dict[tuple, list[Event]] = {}
    for path in files:
        for event in _readable(reader, Path(path), report):
            reason = skip_reason(event, wanted, known, since=since, until=until)
            if reason:
                report.skip(reason)
            else:
                report.keep(event)
                key = (event.day, event.source[0], event.target[0], event.code)
                merged.setdefault(key, []).append(event)
    for key, events in list(merged.items()):
        if _source_count(events, fmt) < min_sources:
            del merged[key]
            report.kept -= len(events)
            for _ in events:
                report.skip("fewer sources than --min-sources")
    actors, relations = _tables(merged, fmt)
    actors = _fit(actors, "actors.csv", report)
    relations = _fit(relations, "relations.csv", report)
    report.relations = len(relations)
    return actors, relations, report


def skip_reason(
    event: Event,
    wanted: Collection[str],
    known: Collection[str],
    *,
    since: date | None = None,
    until: date | None = None,
) -> str | None:
    """Why a readable event is left out (a filter's words), or None to keep it:
    the one rule of `import_events` and of the event store's import."""
    if event.source_country not in wanted or event.target_country not in wanted:
        return "outside the chosen countries"
    if event.source_country not in known or event.target_country not in known:
        return "a country code the gazetteer does not know"
    if since and event.day < since:
        return "before --since"
    if until and event.day > until:
        return "after --until"
    if event.source[0] == event.target[0]:
        return "inside one actor (both ends the same)"
    return None


def _source_count(events: list[Event], fmt: str) -> int:
    """The ``source_count`` of the relation that repeated reports of one event
    make: GDELT's sources, each article once; ICEWS's publishers."""
    if fmt == "gdelt":
        return min(totals(by_article(events))[0], most_sources())
    return len({e.reporter for e in events})


def _readable(reader, path: Path, report: ImportReport) -> Iterator[Event]:
    """The events of one file; one that cannot be read (or not to its end) is
    named in ``report``, and the events before the break are kept."""
    try:
        yield from reader(path, report)
    except UnreadableFile as error:
        report.fail(path.name, str(error))


def _fit(table: pd.DataFrame, file: str, report: ImportReport) -> pd.DataFrame:
    """``table``'s texts made to fit the data format (`core.text`), each change
    counted in ``report``: control characters made spaces, texts longer than
    their column's limit shortened, a ``url`` that is not http(s) left empty.
    Columns with nothing to change are passed over in one look each."""
    table = table.copy()
    for column in table.columns:
        values = table[column].tolist()
        if not all(isinstance(value, str) for value in values):
            continue  # numbers, or numbers with blanks
        limit = limit_of(file, column)
        if control_at("".join(values)) is not None:
            values = [without_controls(value) for value in values]
            changed = sum(a != b for a, b in zip(values, table[column]))
            report.change(f"{column}: control characters made spaces", changed)
        if max(map(len, values), default=0) > limit:
            report.change(
                f"{column}: longer than {limit:,} characters, shortened",
                sum(len(value) > limit for value in values),
            )
            values = [shortened(value, limit) for value in values]
        if column == "url":
            bad = [bool(value) and not is_web_url(value) for value in values]
            if any(bad):
                report.change("url: not an http(s) address, left empty", sum(bad))
                values = [
                    value if not wrong else "" for value, wrong in zip(values, bad)
                ]
        table[column] = values
    return table


def _tables(
    merged: dict[tuple, list[Event]], fmt: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    actors: dict[str, dict] = {}
    rows = []
    prefix = "gdelt" if fmt == "gdelt" else "icews"
    for number, ((day, _, _, code), events) in enumerate(
        sorted(merged.items()), start=1
    ):
        first = events[0]
        for (actor_id, name, kind), iso3 in (
            (first.source, first.source_country),
            (first.target, first.target_country),
        ):
            actors.setdefault(
                actor_id, {"id": actor_id, "name": name, "kind": kind, "country": iso3}
            )
        scores = [e.score for e in events if e.score is not None]
        tones = [e.tone for e in events if e.tone is not None]
        reporters = sorted({e.reporter for e in events})
        articles = by_article(events)
        _, article_count, mentions = totals(articles)
        row = {
            "id": f"{prefix}-{number:07d}",
            "source": first.source[0],
            "target": first.target[0],
            "kind": cameo_kind(code),
            "stance": stance(first.quad),
            "start": day.isoformat(),
            "end": "",
            "confidence": "reported",
            "summary": first.text,
            "reported_by": "; ".join(reporters[:10]),
            "source_count": _source_count(events, fmt),
            "url": first.url,
            "quote": "",
            "origin": "GDELT" if fmt == "gdelt" else "ICEWS",
            "cameo_code": code,
            "quad_class": first.quad,
            "goldstein" if fmt == "gdelt" else "intensity": round(
                sum(scores) / len(scores), 2
            )
            if scores
            else "",
            "num_mentions": mentions,
            "num_articles": article_count,
            "avg_tone": round(sum(tones) / len(tones), 3) if tones else "",
            "report_count": len(events),
            "event_ids": ";".join(e.event_id for e in events[:EVENT_IDS]),
        }
        if fmt == "gdelt":
            row["more_urls"] = more_urls(articles, first.url)
        else:
            sentences = [e.sentence for e in events[:EVENT_IDS]]
            row["story_sentences"] = ";".join(sentences) if any(sentences) else ""
        rows.append(row)
    actor_table = pd.DataFrame(
        sorted(actors.values(), key=lambda a: (a["kind"] != "state", a["id"])),
        columns=["id", "name", "kind", "country"],
    )
    return actor_table, pd.DataFrame(rows)


def write_tables(
    directory: Path, actors: pd.DataFrame, relations: pd.DataFrame
) -> Path:
    """Write imported tables as a data directory (actors.csv, relations.csv),
    whole or not at all: written to a folder beside ``directory``, loaded
    there, and only then moved into it, so that ``directory`` never holds a
    half-written or invalid import. Text cells that a spreadsheet would run
    as a formula are neutralised (`core.load.csv_safe`).

    Raises:
        DataError: the tables do not load (then nothing is written).
        OSError: ``directory`` cannot be written (a file of that name).
    """
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    # not mkdtemp: its folder is private (0700), and becomes the data directory
    staging = directory.parent / f".{directory.name}.{uuid.uuid4().hex[:12]}.tmp"
    staging.mkdir()
    try:
        for name, table in zip(TABLES, (actors, relations)):
            csv_safe(table).to_csv(staging / name, index=False)
        load_dataset(staging)
        if directory.exists():  # each file replaced whole, or neither
            folders = [name for name in TABLES if (directory / name).is_dir()]
            if folders:
                target = directory / folders[0]
                raise IsADirectoryError(
                    errno.EISDIR, "a folder, not a file", str(target)
                )
            for name in TABLES:
                os.replace(staging / name, directory / name)
        else:
            os.replace(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory
