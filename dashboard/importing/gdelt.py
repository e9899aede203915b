"""GDELT events (1.0 daily files, 58 columns; 2.0 15-minute files, 61 columns),
plain or zipped as downloaded: one `Event` per usable row, between states."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from dashboard.core.geo import country_name
from dashboard.importing.cameo import is_cameo_code, quad_class
from dashboard.importing.report import (
    Event,
    ImportReport,
    lines,
    number,
    progress,
    slug,
)

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


def read_gdelt(path: Path, report: ImportReport) -> Iterator[Event]:
    """The events of one GDELT file; every other row is counted in ``report``."""
    bar = progress(path)
    for line_number, line, done in lines(path):
        bar.update(done - bar.n)
        if not line.strip():
            continue
        report.rows += 1
        where = f"{path.name}:{line_number}"
        fields = line.split("\t")
        layout = GDELT_LAYOUTS.get(len(fields))
        if layout is None:
            report.drop(
                f"wrong number of fields (expected 61 or 58, not {len(fields)})", where
            )
            continue
        origin, columns = layout
        row = dict(zip(columns, fields))
        day = report.event_day(row["SQLDATE"], _sqldate, "SQLDATE", where)
        if day is None:
            continue
        code = row["EventCode"]
        if not is_cameo_code(code):
            report.drop(f"unknown CAMEO event code ('{code[:10]}')", where)
            continue
        quad = number(row["QuadClass"], 0)
        if quad not in (1, 2, 3, 4):
            quad = quad_class(code[:2])
        a, b = row["Actor1CountryCode"], row["Actor2CountryCode"]
        if not a or not b:
            report.skip("an actor without a country code")
            continue
        yield Event(
            day=day,
            source=(slug(country_name(a)), country_name(a), "state"),
            target=(slug(country_name(b)), country_name(b), "state"),
            source_country=a,
            target_country=b,
            code=code,
            quad=quad,
            score=number(row["GoldsteinScale"], None),
            sources=number(row["NumSources"], 0),
            articles=number(row["NumArticles"], 0),
            mentions=number(row["NumMentions"], 0),
            tone=number(row["AvgTone"], None),
            reporter=urlparse(row["SOURCEURL"]).netloc or origin,
            url=row["SOURCEURL"],
            text=f"{row['Actor1Name'] or a} → {row['Actor2Name'] or b}: CAMEO {code}",
            event_id=row["GLOBALEVENTID"],
        )
    bar.close()


def _sqldate(text: str):
    """GDELT's day, written YYYYMMDD."""
    return datetime.strptime(text, "%Y%m%d").date()
