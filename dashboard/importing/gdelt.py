"""GDELT events (1.0 daily files, 58 columns; 2.0 15-minute files, 61 columns),
plain or zipped as downloaded: one `Event` per usable row, between states."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.core.cameo import is_cameo_code, quad_class
from dashboard.core.cameo_names import cameo_name
from dashboard.core.geo import country_name
from dashboard.core.text import is_usable_link, is_web_url, limit_of
from dashboard.importing.ids import slug
from dashboard.importing.report import Event, ImportReport, number
from dashboard.importing.texts import Lines, progress, texts

__all__ = ["GDELT_LAYOUTS", "read_gdelt"]

_GEO = [
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
]
_ACTOR = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
]  # fmt: skip
_EVENT = [
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
]  # fmt: skip


def _gdelt_columns(geo: list[str]) -> list[str]:
    return (
        ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
        + [f"Actor1{name}" for name in _ACTOR]
        + [f"Actor2{name}" for name in _ACTOR]
        + _EVENT
        + [f"{who}Geo_{name}" for who in ("Actor1", "Actor2", "Action") for name in geo]
        + ["DATEADDED", "SOURCEURL"]
    )


#: GDELT 2.0 events: 61 columns; GDELT 1.0 daily files: 58 (no ADM2Code).
GDELT_LAYOUTS = {
    61: ("GDELT 2.0", _gdelt_columns(_GEO)),
    58: ("GDELT 1.0", _gdelt_columns([g for g in _GEO if g != "ADM2Code"])),
}


#: the columns an event is made of, and where each layout has them
_USED = (
    "GLOBALEVENTID", "SQLDATE", "EventCode", "QuadClass", "Actor1CountryCode",
    "Actor2CountryCode", "Actor1Name", "Actor2Name", "GoldsteinScale",
    "NumSources", "NumArticles", "NumMentions", "AvgTone", "SOURCEURL",
)  # fmt: skip
_AT = {
    size: (origin, itemgetter(*(columns.index(name) for name in _USED)))
    for size, (origin, columns) in GDELT_LAYOUTS.items()
}


def read_gdelt(path: Path, report: ImportReport) -> Iterator[Event]:
    """The events of one GDELT file (of each file in a zip); every other row
    is counted in ``report``."""
    bar = progress(path)
    days: dict[str, date | None] = {}  # a file holds few distinct days
    for name, numbered in texts(path, report):
        yield from _events(name, numbered, report, bar, days)
    bar.close()


def _events(
    name: str,
    numbered: Lines,
    report: ImportReport,
    bar,
    days: dict[str, date | None],
) -> Iterator[Event]:
    """The events of one text, ``name``'s `texts` lines."""
    for line_number, line, done in numbered:
        bar.update(done - bar.n)
        if line is None:
            report.too_long(f"{name}:{line_number}")
            continue
        if not line.strip():
            continue
        fields = line.split("\t")
        layout = _AT.get(len(fields))
        if layout is None and _is_icews_header(fields):
            # its every row had been dropped, one by one, for its number of
            # fields, the right importer unnamed
            report.fail(
                name,
                f"line {line_number} is an ICEWS header: an ICEWS file, not "
                "GDELT's; import it with `python -m dashboard import icews`",
            )
            return
        report.rows += 1
        if layout is None:
            report.drop(
                "wrong number of fields (expected 61 or 58)",
                f"{name}:{line_number} ({len(fields)})",
            )
            continue
        origin, used = layout
        (event_id, sqldate, code, quad, a, b, name_a, name_b, score, sources,
         articles, mentions, tone, url) = used(fields)  # fmt: skip
        day = days.get(sqldate)
        if day is None:  # read anew, so that each bad row is counted
            day = report.event_day(
                sqldate, _sqldate, "SQLDATE", f"{name}:{line_number}"
            )
            if day is None:
                continue
            days[sqldate] = day
        if not _is_cameo_code(code):
            report.drop("unknown CAMEO event code", f"{name}:{line_number}", code)
            continue
        quad = number(quad, 0)
        if quad not in (1, 2, 3, 4):
            quad = quad_class(code[:2])
        if not a or not b:
            report.skip("an actor without a country code")
            continue
        cells = (sources, articles, mentions)
        counts = [_count(cell) for cell in cells]
        if None in counts:
            column, text = _COUNTS[counts.index(None)], cells[counts.index(None)]
            report.drop(
                f"{column} not a count from 0 to {MOST_REPORTED:,}",
                f"{name}:{line_number}",
                text,
            )
            continue
        refused = _link_refused(url)
        url = "" if refused else url
        yield Event(
            day=day,
            source=_state(a),
            target=_state(b),
            source_country=a,
            target_country=b,
            code=code,
            quad=quad,
            score=number(score, None),
            sources=counts[0],
            articles=counts[1],
            mentions=counts[2],
            tone=number(tone, None),
            reporter=_host(url) or origin,
            url=url,
            text=_summary(name_a or a, name_b or b, code),
            event_id=event_id,
            link_refused=refused,
        )


#: GDELT's counts of a row, in the order `read_gdelt` reads them,
_COUNTS = ("NumSources", "NumArticles", "NumMentions")
#: and the most any may be: far beyond a real row's (a few thousand). The sum
#: of an event's reports is cut to what ``source_count`` holds on writing
#: (`core.text.most_sources`).
MOST_REPORTED = 1_000_000


def _count(text: str) -> int | None:
    """One of GDELT's counts, or None when it is not a whole number from 0 to
    `MOST_REPORTED` (a corrupt row: 12345678901 sources had made the import
    fail on the data it wrote). Blank is 0.

    >>> _count("3"), _count(""), _count("-5"), _count("1e999."), _count("12345678901")
    (3, 0, None, None, None)
    """
    if not text:
        return 0
    value = number(text, None)
    if value is None or not 0 <= value <= MOST_REPORTED or value != int(value):
        return None
    return int(value)


def _is_icews_header(fields: list[str]) -> bool:
    return {"Event ID", "Event Date"} <= {field.strip() for field in fields}


def _link_refused(url: str) -> str:
    """Why a row's SOURCEURL is no link of a relation ("" when it is one):
    left empty, counted for the events kept (`Event.link_refused`). An
    ``ftp://`` link's host had counted as a source of its relation, and only
    the first of a relation's events had its link checked."""
    if not url or is_usable_link(url):
        return ""
    if not is_web_url(url):
        return "url: not an http(s) address, left empty"
    return f"url: longer than {URL_LIMIT:,} characters or with control characters, left empty"


#: The longest link a relation holds (docs/data-format.md).
URL_LIMIT = limit_of("relations.csv", "url")


def _host(url: str) -> str:
    """The host part of a row's SOURCEURL, the publisher it counts as; "" for
    one that cannot be read (``http://[oops/x``: an unclosed IPv6 bracket had
    stopped the whole import)."""
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""


def _summary(source: str, target: str, code: str) -> str:
    """What a row says, in the code book's words: GDELT's own names of its two
    actors and what one did to the other, with the code for those who search
    by it.

    >>> _summary("MINSK", "RUSSIA", "1056")
    'MINSK → RUSSIA: Demand de-escalation of military engagement (CAMEO 1056)'
    """
    name = cameo_name(code)
    return (
        f"{source} → {target}: {name} (CAMEO {code})"
        if name
        else (f"{source} → {target}: CAMEO {code}")
    )


@lru_cache(maxsize=4096)
def _state(iso3: str) -> tuple[str, str, str]:
    """A country code's actor: (id, name, "state")."""
    return slug(country_name(iso3)), country_name(iso3), "state"


@lru_cache(maxsize=4096)
def _is_cameo_code(code: str) -> bool:
    return is_cameo_code(code)


def _sqldate(text: str):
    """GDELT's day, written YYYYMMDD."""
    return datetime.strptime(text, "%Y%m%d").date()
