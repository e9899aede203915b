"""ICEWS coded events (tab-separated, one header row, 20 columns): one `Event`
per usable row, with people and organisations as well as states."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import pycountry

from dashboard.core.cameo import is_cameo_code, quad_class
from dashboard.core.geo import _countries_by_iso3, country_name
from dashboard.core.text import without_controls
from dashboard.importing.gdelt import GDELT_LAYOUTS
from dashboard.importing.ids import slug
from dashboard.importing.report import Event, ImportReport, number
from dashboard.importing.texts import Lines, progress, texts

__all__ = ["ICEWS_COLUMNS", "country_code", "read_icews"]

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
    r"Group|Organization|Organisation|Federation|Republic|Kingdom|State|Nations|"
    r"Alliance|Coalition|House|Chamber|Senate)\b"
)


#: words of a place's name: ICEWS codes regions as actors without sectors
#: ("Indian Administered Kashmir", "Gaza Strip", "Golan Heights")
_PLACE_WORDS = re.compile(
    r"\b(Administered|Occupied|Territory|Territories|Strip|Heights|Region|"
    r"Province|Oblast|Krai|Peninsula|Valley)\b"
)
#: a place named for its side of a country, in two words ("West Bank",
#: "Northern Ireland", "South Ossetia")
_COMPASS = re.compile(
    r"(North|South|East|West|Northern|Southern|Eastern|Western|Central|Upper|"
    r"Lower) \S+"
)
#: the side of a river, a place, though "Bank" names organisations
_RIVER_BANK = re.compile(r"(West|East|North|South) Bank")


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


@lru_cache(maxsize=65536)
def _icews_actor(name: str, country_iso3: str, sectors: str) -> tuple[str, str, str]:
    """(id, name, kind): the state for a country or a generic actor such as
    "Police (Venezuela)"; a person or an organisation for a named actor.
    A country named otherwise than the gazetteer names it ("Netherlands",
    "Swaziland", "Cote d'Ivoire") is its state too, not a person beside it,
    and so is a place in it (`_is_place`)."""
    country = country_name(country_iso3)
    if (
        "(" in name
        or name in (country, "NA", "")
        or slug(name) == slug(country)
        or country_code(name) == country_iso3
        or (sectors.strip() in ("", "NA") and _is_place(name, country_iso3))
    ):
        return slug(country), country, "state"
    kind = "organization" if _ORGANISATION_WORDS.search(name) else "person"
    return slug(name), name, kind


def _is_place(name: str, country_iso3: str) -> bool:
    """Whether an actor without sectors is a place of its country: ICEWS
    names people in full ("Rex Tillerson"; "Michelle O'Neill" has no sectors
    either) and codes regions as actors without sectors: of one word
    ("Crimea", "Catalonia"), a country or territory ("Puerto Rico" of the
    United States), a subdivision of the country in ISO 3166-2 ("Northern
    Ireland", "Republika Srpska"), or a name of a place's words ("Indian
    Administered Kashmir", "West Bank", "Gaza Strip"); a side and an
    organisation's word is an organisation ("Central Bank", "Upper House"),
    but a river's bank is a place."""
    side = (
        bool(_COMPASS.fullmatch(name))
        and name.istitle()
        and (not _ORGANISATION_WORDS.search(name) or bool(_RIVER_BANK.fullmatch(name)))
    )
    return (
        _one_cased_word(name)
        or country_code(name) is not None
        or bool(_PLACE_WORDS.search(name))
        or side
        or name in _subdivisions(country_iso3)
    )


@lru_cache(maxsize=256)
def _subdivisions(country_iso3: str) -> frozenset[str]:
    """The names of a country's ISO 3166-2 subdivisions."""
    country = pycountry.countries.get(alpha_3=country_iso3)
    if country is None:
        return frozenset()
    found = pycountry.subdivisions.get(country_code=country.alpha_2) or []
    return frozenset(subdivision.name for subdivision in found)


def _one_cased_word(name: str) -> bool:
    """A name of one word, in a script that writes words apart (one with
    capitals): "Crimea" is one word, "习近平" may be a person's full name."""
    return len(name.split()) == 1 and name.istitle()


def _sentence(story: str, number: str) -> str:
    """ "STORY#SENTENCE", as much of it as ICEWS gives ("" for neither); each
    at most 40 characters (ICEWS's are numbers of a few digits), so that 20 of
    them fit the column of any relation, however the file was written."""
    story, number = (
        "" if v.strip() == "NA" else without_controls(v.strip())[:40]
        for v in (story, number)
    )
    return f"{story}#{number}" if story or number else ""


def read_icews(path: Path, report: ImportReport) -> Iterator[Event]:
    """The events of one ICEWS file (of each file in a zip, each with its
    header); every other row is counted in ``report``."""
    bar = progress(path)
    for name, numbered in texts(path, report):
        yield from _events(name, numbered, report, bar)
    bar.close()


def _events(name: str, numbered: Lines, report: ImportReport, bar) -> Iterator[Event]:
    """The events of one text, ``name``'s `texts` lines: its header, then its
    rows."""
    header: list[str] | None = None
    for line_number, line, done in numbered:
        bar.update(done - bar.n)
        if line is None:
            report.too_long(f"{name}:{line_number}")
            continue
        if not line.strip():
            continue
        fields = line.split("\t")
        if header is None:
            header = [f.strip() for f in fields]
            missing = [c for c in ICEWS_COLUMNS if c not in header]
            if missing:
                # GDELT's events files have no header, and 61 or 58 fields
                if len(fields) in GDELT_LAYOUTS:  # a file, not a row: said once
                    report.fail(
                        name,
                        f"line {line_number} is a GDELT event, not an ICEWS "
                        "header: a GDELT events file; import it with "
                        "`python -m dashboard import gdelt`",
                    )
                    return
                report.drop(
                    f"not an ICEWS header (missing {', '.join(missing[:3])})",
                    f"{name}:{line_number}",
                )
                return
            continue
        report.rows += 1
        where = f"{name}:{line_number}"
        if len(fields) > len(header) and not "".join(fields[len(header) :]).strip():
            # a spreadsheet's empty cells after the last column: the event
            # is whole (it was dropped as "wrong number of fields")
            fields = fields[: len(header)]
            report.change("empty cells after the last column dropped")
        if len(fields) != len(header):
            report.drop(
                f"wrong number of fields (expected {len(header)})",
                f"{where} ({len(fields)})",
            )
            continue
        row = dict(zip(header, fields))
        day = report.event_day(
            row["Event Date"], date.fromisoformat, "Event Date", where
        )
        if day is None:
            continue
        code = row["CAMEO Code"]
        if not is_cameo_code(code):
            # two digits: a three-digit code that began with 0 ('999' might
            # be a 4-digit one's, or a typing slip: said as unknown)
            lost = len(code.strip()) == 2 and is_cameo_code("0" + code.strip())
            reason = (
                "unknown CAMEO code, its leading zero lost? ('40' for '040': "
                "a spreadsheet drops it; keep the column as text)"
                if lost
                else "unknown CAMEO code"
            )
            report.drop(reason, where, code)
            continue
        a_name, b_name = row["Source Country"], row["Target Country"]
        if a_name == "NA" or b_name == "NA" or not a_name or not b_name:
            report.skip("an actor without a country")
            continue
        a, b = country_code(a_name), country_code(b_name)
        if a is None or b is None:
            report.drop("unknown country name", where, a_name if a is None else b_name)
            continue
        yield Event(
            day=day,
            source=_icews_actor(row["Source Name"], a, row["Source Sectors"]),
            target=_icews_actor(row["Target Name"], b, row["Target Sectors"]),
            source_country=a,
            target_country=b,
            code=code,
            quad=quad_class(code[:2]),
            score=number(row["Intensity"], None),
            sources=1,
            articles=1,
            mentions=1,
            tone=None,
            reporter=row["Publisher"] if row["Publisher"] != "NA" else "ICEWS",
            url="",
            text=row["Event Text"],
            event_id=row["Event ID"],
            sentence=_sentence(row["Story ID"], row["Sentence Number"]),
        )
