"""The rules a data directory's tables must follow, and the problems that break them.

Each rule adds a `Problem` naming the file, the line, the column and the value,
and goes on: every problem of a directory is reported at once, so that a user
fixes them in one pass. `load.py` reads the files and raises `DataError` with
everything found. What any text field may hold (no control characters, a
length limit per column) is in `text.py`.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from dashboard.core.cells import check_ids, check_text, source_counts
from dashboard.core.dates import DateError, format_partial, parse_partial
from dashboard.core.geo import capital_of, known_country_codes
from dashboard.core.problems import Problem
from dashboard.core.suggest import Suggestions
from dashboard.core.text import is_web_url
from dashboard.core.vocabulary import (
    ACTOR_KINDS,
    ACTORS_NEEDING_COUNTRY,
    CONFIDENCE_LEVELS,
    RELATION_KINDS,
    STANCES,
    stance_of,
)

__all__ = [
    "ACTOR_COLUMNS",
    "ACTOR_OPTIONAL",
    "RELATION_COLUMNS",
    "RELATION_OPTIONAL",
    "validate_actors",
    "validate_relations",
]

#: The columns each file must have, and those it may have (docs/data-format.md).
ACTOR_COLUMNS = ("id", "name", "kind", "country")
ACTOR_OPTIONAL = ("label", "role", "lat", "lon", "notes")
RELATION_COLUMNS = ("id", "source", "target", "kind", "start", "confidence")
RELATION_OPTIONAL = (
    "end",
    "date_precision",
    "approximate",
    "summary",
    "reported_by",
    "source_document",
    "url",
    "quote",
    "date_note",
    "source_count",
    "stance",
    "origin",
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_YES = {"yes", "true", "1", "y"}
_NO = {"no", "false", "0", "n", ""}


def validate_actors(
    actors: pd.DataFrame, lines: list[int], problems: list[Problem]
) -> pd.DataFrame:
    """Check the actors (``lines``: the line each row starts on), adding to
    ``problems``; the table with the optional columns and coordinates filled."""
    name = "actors.csv"
    countries = known_country_codes()
    kind_suggestions = Suggestions(ACTOR_KINDS)
    for column in ACTOR_OPTIONAL:
        if column not in actors:
            actors[column] = ""
    check_text(actors, lines, name, problems)
    check_ids(actors, lines, name, problems)
    lats, lons = [], []
    for index, row in enumerate(actors.itertuples(index=False)):
        line = lines[index]
        if not row.name:
            problems.append(Problem(name, line, "name", "", "is empty"))
        if row.kind not in ACTOR_KINDS:
            problems.append(
                Problem(
                    name, line, "kind", row.kind, kind_suggestions.unknown(row.kind)
                )
            )
        if row.country and row.country not in countries:
            problems.append(
                Problem(
                    name,
                    line,
                    "country",
                    row.country,
                    "is not an ISO 3166-1 alpha-3 country code (e.g. RUS, VEN)",
                )
            )
        elif not row.country and row.kind in ACTORS_NEEDING_COUNTRY:
            problems.append(
                Problem(name, line, "country", "", f"is required for a {row.kind}")
            )
        lat, lon = _coordinates(row, line, problems)
        lats.append(lat)
        lons.append(lon)
    actors["lat"] = lats
    actors["lon"] = lons
    return actors


def _coordinates(row, line: int, problems: list[Problem]) -> tuple[float, float]:
    """Given coordinates, else the capital of the actor's country, else NaN."""
    given = {}
    for column, limit in (("lat", 90), ("lon", 180)):
        text = getattr(row, column)
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            problems.append(
                Problem("actors.csv", line, column, text, "is not a number")
            )
            continue
        if not -limit <= value <= limit:
            problems.append(
                Problem(
                    "actors.csv",
                    line,
                    column,
                    text,
                    f"is out of range (-{limit} to {limit})",
                )
            )
            continue
        given[column] = value
    if bool(row.lat) != bool(row.lon):
        problems.append(
            Problem(
                "actors.csv",
                line,
                "lon" if row.lat else "lat",
                "",
                "is empty: give both lat and lon, or neither",
            )
        )
    if len(given) == 2:
        return given["lat"], given["lon"]
    capital = capital_of(row.country) if row.country else None
    return capital if capital else (float("nan"), float("nan"))


def validate_relations(
    relations: pd.DataFrame,
    lines: list[int],
    actor_ids: set[str] | None,
    problems: list[Problem],
) -> pd.DataFrame:
    """Check the relations against the rules and the actor ids (None when the
    actors could not be read), adding to ``problems``; when there is none, the
    table with its derived columns (see `Dataset`)."""
    name = "relations.csv"
    for column in RELATION_OPTIONAL:
        if column not in relations:
            relations[column] = ""
    check_text(relations, lines, name, problems)
    check_ids(relations, lines, name, problems)
    # each distinct unknown value is looked up once, in bounded time: a file
    # of thousands of unknown actors is checked in a second, not minutes
    actor_suggestions = Suggestions(actor_ids or ())
    kind_suggestions = Suggestions(RELATION_KINDS)
    stance_suggestions = Suggestions(STANCES)
    confidence_suggestions = Suggestions(CONFIDENCE_LEVELS)
    firsts, lasts, precisions, approximates, ongoings = [], [], [], [], []
    explicit_ends: list[date] = []
    for index, row in enumerate(relations.itertuples(index=False)):
        line = lines[index]
        for column in ("source", "target"):
            value = getattr(row, column)
            if not value:
                problems.append(Problem(name, line, column, "", "is empty"))
            elif actor_ids is not None and value not in actor_ids:
                problems.append(
                    Problem(
                        name,
                        line,
                        column,
                        value,
                        "names no actor in actors.csv"
                        + actor_suggestions.did_you_mean(value),
                    )
                )
        if row.source and row.source == row.target:
            problems.append(
                Problem(
                    name, line, "target", row.target, "is the same actor as the source"
                )
            )
        if row.kind not in RELATION_KINDS:
            problems.append(
                Problem(
                    name, line, "kind", row.kind, kind_suggestions.unknown(row.kind)
                )
            )
        if row.stance and row.stance not in STANCES:
            problems.append(
                Problem(
                    name,
                    line,
                    "stance",
                    row.stance,
                    stance_suggestions.unknown(row.stance),
                )
            )
        if row.confidence not in CONFIDENCE_LEVELS:
            problems.append(
                Problem(
                    name,
                    line,
                    "confidence",
                    row.confidence,
                    confidence_suggestions.unknown(row.confidence),
                )
            )
        if row.url and not is_web_url(row.url):
            problems.append(
                Problem(
                    name,
                    line,
                    "url",
                    row.url,
                    "is not a web address: only http:// and https:// links are allowed",
                )
            )
        approximate = row.approximate.lower()
        if approximate not in _YES | _NO:
            problems.append(
                Problem(name, line, "approximate", row.approximate, "is not yes or no")
            )
        first, last, precision, ongoing, explicit_end = _relation_dates(
            row, line, problems
        )
        if explicit_end is not None:
            explicit_ends.append(explicit_end)
        firsts.append(first)
        lasts.append(last)
        precisions.append(precision)
        approximates.append(approximate in _YES)
        ongoings.append(ongoing)
    counts = source_counts(relations, lines, problems)
    if problems:
        return relations
    relations["sources"] = counts
    relations["first"] = pd.to_datetime(pd.Series(firsts, index=relations.index))
    relations["last"] = pd.to_datetime(pd.Series(lasts, index=relations.index))
    relations["precision"] = precisions
    relations["approximate"] = approximates
    relations["ongoing"] = ongoings
    # The data ends on the last day anything is known to happen. "ongoing" runs
    # to it, and nothing reaches past it: "2025" or "Dec 2025" in an article of
    # 11 December cannot cover the rest of the month.
    data_end = pd.Timestamp(max([max(firsts), *explicit_ends]))
    relations.loc[relations["ongoing"], "last"] = data_end
    relations["last"] = relations["last"].clip(upper=data_end)
    # the kind gives the stance unless the row says otherwise (event data
    # carries its own: CAMEO's QuadClass)
    relations["stance"] = [
        given or stance_of(kind)
        for given, kind in zip(relations["stance"], relations["kind"])
    ]
    relations["date_label"] = [
        format_partial(first, precision, approximate=approximate, last=last)
        + (" – ongoing" if ongoing else "")
        for first, last, precision, approximate, ongoing in zip(
            firsts, lasts, precisions, relations["approximate"], ongoings
        )
    ]
    return relations


def _relation_dates(row, line: int, problems: list[Problem]):
    """(first, last, precision, ongoing, explicit end) of one relation row.

    ``end`` is when a lasting relation ended, ``ongoing``, or empty for a
    one-off event; with precision ``between`` it is the latest day the one-off
    event can have happened.
    """
    name = "relations.csv"
    first = last = explicit_end = None
    precision = ""
    try:
        start = parse_partial(row.start, row.date_precision)
        first, last, precision = start.first, start.last, start.precision
    except DateError as error:
        value = row.date_precision if error.column == "date_precision" else row.start
        problems.append(Problem(name, line, error.column, value, str(error)))
    ongoing = row.end.lower() == "ongoing"
    if precision == "between" and (not row.end or ongoing):
        problems.append(
            Problem(
                name,
                line,
                "end",
                row.end,
                "must be a date with precision between: the latest day it can "
                "have happened",
            )
        )
    elif row.end and not ongoing:
        try:
            end = parse_partial(row.end)
        except DateError as error:
            problems.append(
                Problem(name, line, "end", row.end, f"{error}, or 'ongoing'")
            )
            return first, last, precision, ongoing, explicit_end
        if first is not None and end.last < first:
            problems.append(
                Problem(
                    name, line, "end", row.end, f"is before the start ({row.start})"
                )
            )
        last = end.last
        if precision != "between":
            explicit_end = end.last
    return first, last, precision, ongoing, explicit_end
