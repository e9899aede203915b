"""The per-file work of an import into the event store: one raw file read,
its events filtered to the countries, their CAMEO codes mapped and their
repeated reports merged, as an Arrow table and the file's row report.

`read_part` depends on nothing but the file and its arguments, so the same
function runs in this process or on any Dask worker that sees the file
(`dashboard.importing.store` sends it there). The table's columns are those
`core.store` merges across files: one row per event of the file, repeated
reports of one event (same day, actors and code) as one row with their
reports counted and their scores, tones, reporters and ids listed in order.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dashboard.core.cameo import cameo_kind, stance
from dashboard.core.geo import known_country_codes
from dashboard.core.text import without_controls
from dashboard.importing.events import (
    DEFAULT_COUNTRIES,
    EVENT_IDS,
    READERS,
    _fit,
    _readable,
    skip_reason,
)
from dashboard.importing.report import Event, ImportReport, by_article, totals

__all__ = ["PART_SCHEMA", "SOURCES", "Part", "read_part"]

#: what each source's relations are called and counted by (store.json keeps it
#: for `core.store`, which knows no source): as `importing.events` writes them
SOURCES = {
    "gdelt": {"origin": "GDELT", "id_prefix": "gdelt",
              "score_column": "goldstein", "source_count": "sum"},
    "icews": {"origin": "ICEWS", "id_prefix": "icews",
              "score_column": "intensity", "source_count": "reporters"},
}  # fmt: skip

_TEXT = pa.string()
#: one article's reports of an event in a file, counted once (`by_article`):
#: what `core.store` counts each article by across files
_ARTICLE = pa.struct(
    [("url", _TEXT), ("sources", pa.int64()), ("articles", pa.int64()),
     ("mentions", pa.int64())]
)  # fmt: skip
PART_SCHEMA = pa.schema(
    [
        ("file", _TEXT), ("day", pa.date32()),
        ("source", _TEXT), ("source_name", _TEXT), ("source_kind", _TEXT),
        ("source_country", _TEXT),
        ("target", _TEXT), ("target_name", _TEXT), ("target_kind", _TEXT),
        ("target_country", _TEXT),
        ("code", _TEXT), ("kind", _TEXT), ("stance", _TEXT), ("quad", pa.int8()),
        ("summary", _TEXT), ("url", _TEXT),
        ("scores", pa.list_(pa.float64())), ("tones", pa.list_(pa.float64())),
        ("sources", pa.int64()), ("mentions", pa.int64()),
        ("articles", pa.int64()), ("reports", pa.int64()),
        ("reporters", pa.list_(_TEXT)), ("event_ids", pa.list_(_TEXT)),
        ("sentences", pa.list_(_TEXT)), ("by_url", pa.list_(_ARTICLE)),
    ]
)  # fmt: skip


@dataclass
class Part:
    """One raw file imported: its events (`PART_SCHEMA`) and what became of
    every row (kept, skipped by a filter, dropped as bad; the file unreadable,
    or not to its end, in ``report.unreadable``)."""

    name: str
    table: pa.Table
    report: ImportReport
    #: the file could not be opened where this ran (a worker that does not see
    #: it), or its task failed: nothing to record, the next import tries again
    retry: bool = False

    @property
    def merged(self) -> int:
        """Repeated reports merged inside the file."""
        return self.report.kept - self.table.num_rows


def read_part(
    path: str | Path,
    *,
    source: str = "gdelt",
    countries: Collection[str] = DEFAULT_COUNTRIES,
) -> Part:
    """Read one raw file of ``source`` into a `Part`; never raises for what is
    in the file (a bad row is counted, an unreadable file named, the events
    before a break kept).

    >>> from tests.conftest import FIXTURES  # GDELT 2.0's first file
    >>> part = read_part(FIXTURES / "gdelt" / "20150218230000.export.CSV.zip")
    >>> part.report.rows, part.report.kept, part.table.num_rows, part.merged
    (2271, 15, 9, 6)
    """
    path = Path(path)
    report = ImportReport(files=[path.name])
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        report.fail(path.name, f"cannot be opened here ({error.strerror or error})")
        return Part(path.name, PART_SCHEMA.empty_table(), report, retry=True)
    wanted, known = set(countries), known_country_codes()
    merged: dict[tuple, list[Event]] = {}
    for event in _readable(READERS[source], path, report):
        reason = skip_reason(event, wanted, known)
        if reason:
            report.skip(reason)
            continue
        report.keep(event)
        key = (event.day, event.source[0], event.target[0], event.code)
        merged.setdefault(key, []).append(event)
    table = _table(path.name, merged, report, sentences=source == "icews")
    return Part(path.name, table, report)


def _table(
    name: str,
    merged: dict[tuple, list[Event]],
    report: ImportReport,
    *,
    sentences: bool = False,
):
    """The file's merged events as an Arrow table, its texts fit to the data
    format as `importing.events` fits them (each change counted); with
    ``sentences``, each event id's (ICEWS's) beside it."""
    rows, by_url = [], []
    for (day, source, target, code), events in sorted(merged.items()):
        first = events[0]
        articles = by_article(events)
        sources, article_count, mentions = totals(articles)
        rows.append(
            {
                "file": name, "day": day,
                "source": source, "source_name": first.source[1],
                "source_kind": first.source[2], "source_country": first.source_country,
                "target": target, "target_name": first.target[1],
                "target_kind": first.target[2], "target_country": first.target_country,
                "code": code, "kind": cameo_kind(code),
                "stance": stance(first.quad), "quad": first.quad,
                "summary": first.text, "url": first.url,
                "scores": [e.score for e in events if e.score is not None],
                "tones": [e.tone for e in events if e.tone is not None],
                "sources": sources, "mentions": mentions, "articles": article_count,
                "reports": len(events),
                "reporters": sorted({e.reporter for e in events}),
                "event_ids": [e.event_id for e in events[:EVENT_IDS]],
                "sentences": [e.sentence for e in events[:EVENT_IDS]]
                if sentences else [],
            }
        )  # fmt: skip
        by_url.append(articles)
    if not rows:
        return PART_SCHEMA.empty_table()
    table = pd.DataFrame(rows)
    texts = _fit(table[["summary", "url"]], "relations.csv", report)
    table[["summary", "url"]] = texts
    for column in ("source_name", "target_name"):  # as actors.csv's "name"
        names = _fit(table[[column]].set_axis(["name"], axis=1), "actors.csv", report)
        table[column] = names["name"]
    reporters = [[without_controls(r) for r in group] for group in table["reporters"]]
    changed = sum(a != b for a, b in zip(reporters, table["reporters"]))
    if changed:
        report.change("reported_by: control characters made spaces", changed)
    table["reporters"] = reporters
    # most events come from one article, the row's own: none beside it
    table["by_url"] = [
        None
        if len(articles) == 1 and url in articles
        else [
            {"url": key, "sources": s, "articles": a, "mentions": m}
            for key, (s, a, m) in articles.items()
        ]
        for articles, url in zip(by_url, table["url"].tolist())
    ]
    return pa.Table.from_pandas(table, schema=PART_SCHEMA, preserve_index=False)
