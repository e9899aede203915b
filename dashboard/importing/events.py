"""Import machine-coded event data (GDELT 1.0 and 2.0 events, ICEWS coded events)
into a data directory in the project's own format.

Every row is accounted for: kept, merged into a repeated report of the same
event, skipped by a filter, or dropped as bad, with the reason and the first
lines where it happened. A bad row never stops an import.
"""

from __future__ import annotations

import io
import re
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pycountry
from tqdm import tqdm

from dashboard.core.geo import _countries_by_iso3, country_name

__all__ = [
    "CAMEO_KINDS",
    "DEFAULT_COUNTRIES",
    "ImportReport",
    "country_code",
    "import_events",
    "quad_class",
]

DEFAULT_COUNTRIES = ("RUS", "BLR", "TUR", "USA", "VEN")

#: CAMEO event root code -> relation kind (see docs/data-format.md).
CAMEO_KINDS = {
    "01": "statement", "02": "statement", "03": "agreement", "04": "meeting",
    "05": "support", "06": "economic cooperation", "07": "support",
    "08": "sanctions relief", "09": "warning", "10": "warning", "11": "warning",
    "12": "non-recognition", "13": "threat", "14": "pressure",
    "15": "military pressure", "16": "sanctions", "17": "pressure",
    "18": "use of force", "19": "use of force", "20": "use of force",
}  # fmt: skip

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
ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
    "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
    "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
    "Province", "Country", "Latitude", "Longitude",
]  # fmt: skip
# ICEWS names that neither the gazetteer nor ISO 3166 (pycountry) spell this way.
_COUNTRY_ALIASES = {
    "Occupied Palestinian Territory": "PSE",
    "the former Yugoslav Republic of Macedonia": "MKD",
    "Democratic Republic of Congo": "COD",
    "Ivory Coast": "CIV",
    "Cote d'Ivoire": "CIV",
    "Holy See": "VAT",
    "Swaziland": "SWZ",
}
_ORGANISATION_WORDS = re.compile(
    r"\b(Department|Ministry|Party|Council|Court|Police|Army|Navy|Bank|Government|"
    r"Agency|Committee|University|Company|Corporation|Union|Association|Front|"
    r"Movement|Office|Parliament|Assembly|Commission|Service|Forces?|Media|News|"
    r"Group|Organization|Organisation|Federation|Republic|Kingdom|State|Nations)\b"
)


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


def quad_class(root: str) -> int:
    """CAMEO's four classes: 1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict."""
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def _stance(quad: int) -> str:
    return "cooperative" if quad in (1, 2) else "conflictual"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


@dataclass
class _Event:
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


def _lines(path: Path) -> Iterator[tuple[int, str, int]]:
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


def _progress(path: Path):
    size = path.stat().st_size
    # a bar only where it helps: large inputs, and a person watching
    return tqdm(
        total=size, unit="B", unit_scale=True, desc=path.name, leave=False,
        disable=size < 20_000_000 or not sys.stderr.isatty(),
    )  # fmt: skip


def _number(text: str, default=0):
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return default


def _gdelt_events(path: Path, report: ImportReport) -> Iterator[_Event]:
    bar = _progress(path)
    for number, line, done in _lines(path):
        bar.update(done - bar.n)
        if not line.strip():
            continue
        report.rows += 1
        where = f"{path.name}:{number}"
        fields = line.split("\t")
        layout = GDELT_LAYOUTS.get(len(fields))
        if layout is None:
            report.drop(
                f"wrong number of fields (expected 61 or 58, not {len(fields)})", where
            )
            continue
        origin, columns = layout
        row = dict(zip(columns, fields))
        try:
            day = datetime.strptime(row["SQLDATE"], "%Y%m%d").date()
        except ValueError:
            report.drop(f"bad date in SQLDATE ('{row['SQLDATE'][:20]}')", where)
            continue
        code = row["EventCode"]
        if not re.fullmatch(r"\d{3,4}", code) or code[:2] not in CAMEO_KINDS:
            report.drop(f"unknown CAMEO event code ('{code[:10]}')", where)
            continue
        quad = _number(row["QuadClass"], 0)
        if quad not in (1, 2, 3, 4):
            quad = quad_class(code[:2])
        a, b = row["Actor1CountryCode"], row["Actor2CountryCode"]
        if not a or not b:
            report.skip("an actor without a country code")
            continue
        yield _Event(
            day=day,
            source=(_slug(country_name(a)), country_name(a), "state"),
            target=(_slug(country_name(b)), country_name(b), "state"),
            source_country=a,
            target_country=b,
            code=code,
            quad=quad,
            score=_number(row["GoldsteinScale"], None),
            sources=_number(row["NumSources"], 0),
            articles=_number(row["NumArticles"], 0),
            mentions=_number(row["NumMentions"], 0),
            tone=_number(row["AvgTone"], None),
            reporter=urlparse(row["SOURCEURL"]).netloc or origin,
            url=row["SOURCEURL"],
            text=f"{row['Actor1Name'] or a} → {row['Actor2Name'] or b}: CAMEO {code}",
            event_id=row["GLOBALEVENTID"],
        )
    bar.close()


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO 3166 alpha-3 for a country name as event data writes it ("Russian
    Federation", "Turkey", "Moldova, Republic of"), or None. Exact matches only:
    a fuzzy guess could put an event in the wrong country."""
    if name in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[name]
    by_name = {country["name"]: iso3 for iso3, country in _countries_by_iso3().items()}
    if name in by_name:
        return by_name[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def _icews_actor(name: str, country_iso3: str) -> tuple[str, str, str]:
    """(id, name, kind): the state for a country or a generic actor such as
    "Police (Venezuela)"; a person or an organisation for a named actor."""
    country = country_name(country_iso3)
    if "(" in name or name in (country, "NA", "") or _slug(name) == _slug(country):
        return _slug(country), country, "state"
    kind = "organization" if _ORGANISATION_WORDS.search(name) else "person"
    return _slug(name), name, kind


def _icews_events(path: Path, report: ImportReport) -> Iterator[_Event]:
    bar = _progress(path)
    header: list[str] | None = None
    for number, line, done in _lines(path):
        bar.update(done - bar.n)
        if not line.strip():
            continue
        fields = line.split("\t")
        if header is None:
            header = [f.strip() for f in fields]
            missing = [c for c in ICEWS_COLUMNS if c not in header]
            if missing:
                report.drop(
                    f"not an ICEWS header (missing {', '.join(missing[:3])})",
                    f"{path.name}:{number}",
                )
                return
            continue
        report.rows += 1
        where = f"{path.name}:{number}"
        if len(fields) != len(header):
            report.drop(f"wrong number of fields (expected {len(header)})", where)
            continue
        row = dict(zip(header, fields))
        try:
            day = date.fromisoformat(row["Event Date"])
        except ValueError:
            report.drop(f"bad date in Event Date ('{row['Event Date'][:20]}')", where)
            continue
        code = row["CAMEO Code"]
        if not re.fullmatch(r"\d{3,4}", code) or code[:2] not in CAMEO_KINDS:
            report.drop(f"unknown CAMEO code ('{code[:10]}')", where)
            continue
        a_name, b_name = row["Source Country"], row["Target Country"]
        if a_name == "NA" or b_name == "NA" or not a_name or not b_name:
            report.skip("an actor without a country")
            continue
        a, b = country_code(a_name), country_code(b_name)
        if a is None or b is None:
            report.drop(
                f"unknown country name ('{a_name if a is None else b_name}')", where
            )
            continue
        yield _Event(
            day=day,
            source=_icews_actor(row["Source Name"], a),
            target=_icews_actor(row["Target Name"], b),
            source_country=a,
            target_country=b,
            code=code,
            quad=quad_class(code[:2]),
            score=_number(row["Intensity"], None),
            sources=1,
            articles=1,
            mentions=1,
            tone=None,
            reporter=row["Publisher"] if row["Publisher"] != "NA" else "ICEWS",
            url="",
            text=row["Event Text"],
            event_id=row["Event ID"],
        )
    bar.close()


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
    relation with a ``report_count``.
    """
    report = ImportReport(files=[str(f) for f in files])
    reader = _gdelt_events if fmt == "gdelt" else _icews_events
    wanted = set(countries)
    merged: dict[tuple, list[_Event]] = {}
    for path in files:
        for event in reader(Path(path), report):
            if event.source_country not in wanted or event.target_country not in wanted:
                report.skip("outside the chosen countries")
            elif since and event.day < since:
                report.skip("before --since")
            elif until and event.day > until:
                report.skip("after --until")
            elif event.sources < min_sources:
                report.skip("fewer sources than --min-sources")
            elif event.source[0] == event.target[0]:
                report.skip("inside one actor (both ends the same)")
            else:
                report.kept += 1
                key = (event.day, event.source[0], event.target[0], event.code)
                merged.setdefault(key, []).append(event)
    actors, relations = _tables(merged, fmt)
    report.relations = len(relations)
    return actors, relations, report


def _tables(
    merged: dict[tuple, list[_Event]], fmt: str
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
        rows.append(
            {
                "id": f"{prefix}-{number:07d}",
                "source": first.source[0],
                "target": first.target[0],
                "kind": CAMEO_KINDS[code[:2]],
                "stance": _stance(first.quad),
                "start": day.isoformat(),
                "end": "",
                "confidence": "reported",
                "summary": first.text,
                "reported_by": "; ".join(reporters[:10]),
                "source_count": sum(e.sources for e in events)
                if fmt == "gdelt"
                else len(reporters),
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
                "num_mentions": sum(e.mentions for e in events),
                "num_articles": sum(e.articles for e in events),
                "avg_tone": round(sum(tones) / len(tones), 3) if tones else "",
                "report_count": len(events),
                "event_ids": ";".join(e.event_id for e in events[:20]),
            }
        )
    actor_table = pd.DataFrame(
        sorted(actors.values(), key=lambda a: (a["kind"] != "state", a["id"])),
        columns=["id", "name", "kind", "country"],
    )
    return actor_table, pd.DataFrame(rows)
