"""The rules a data directory's tables must follow, and the problems that break them.

Each rule adds a `Problem` naming the file, the line, the column and the value,
and goes on: every problem of a directory is reported at once, so that a user
fixes them in one pass. `load.py` reads the files and raises `DataError` with
everything found. What any text field may hold (no control characters, a
length limit per column) is in `text.py`.

A rule runs on a whole column at once, and what needs Python (a date, an
address) is worked out once per distinct value (`cells.distinct`): a million
relations hold a few thousand distinct dates. The problems still come out as
a pass row by row would find them (`cells.Findings`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from dashboard.core.cells import (
    Findings,
    check_ids,
    check_text,
    distinct,
    matches,
    source_counts,
)
from dashboard.core.columns import text_array
from dashboard.core.dates import RANGE_TEXT, DateError, format_partial, parse_partial
from dashboard.core.geo import capital_of, country_meant, known_country_codes
from dashboard.core.problems import Problem
from dashboard.core.suggest import Suggestions
from dashboard.core.text import (
    PLAIN_WEB_URL,
    control_at,
    is_web_url,
    neutralised,
    visible,
)
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
    "data_end",
)
#: Columns the app works out for each relation (`Dataset`): a file's own
#: column of one of these names would be lost under the app's, without a word.
RELATION_DERIVED = (
    "first", "last", "sources", "precision", "ongoing", "date_label", "hover",
    "via_source", "via_target",  # the states-only view's (core/graph.py)
)  # fmt: skip
_YES = {"yes", "true", "1", "y"}
_NO = {"no", "false", "0", "n", ""}
_PLAIN_WEB_URL = PLAIN_WEB_URL  # a million relations imported from GDELT each have one
_PLAIN_WEB = re.compile(_PLAIN_WEB_URL)
#: A latitude or longitude as written: ASCII digits, a sign, a decimal point.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def _flags(mask: pd.Series | np.ndarray) -> np.ndarray:
    return np.asarray(mask, dtype=bool)


def check_columns(
    columns: Sequence[str], name: str, problems: list[Problem], derived=()
) -> None:
    """The header's own names: none with a character a text may not hold
    (the XML exports write them as attributes), none a spreadsheet would run
    as a formula (exports write them as they are), none of the ``derived``
    columns the app adds itself."""
    for column in columns:
        where = control_at(column)
        if where is not None:
            problems.append(
                Problem(
                    name,
                    1,
                    visible(column, 60, around=where),
                    None,
                    f"column name holds the invisible character "
                    f"U+{ord(column[where]):04X}: rename it",
                )  # fmt: skip
            )
        elif neutralised(column) != column:
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    None,
                    "column name begins like a spreadsheet formula (=, +, -, @): "
                    "rename it",
                )  # fmt: skip
            )
        elif column in derived:
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    None,
                    "is a column the app works out itself "
                    f"({', '.join(derived)}): rename yours",
                )  # fmt: skip
            )


def validate_actors(
    actors: pd.DataFrame, lines: Sequence[int], problems: list[Problem]
) -> pd.DataFrame:
    """Check the actors (``lines``: the line each row starts on), adding to
    ``problems``; the table with the optional columns and coordinates filled."""
    name = "actors.csv"
    check_columns(actors.columns, name, problems)
    kind_suggestions = Suggestions(ACTOR_KINDS)
    for column in ACTOR_OPTIONAL:
        if column not in actors:
            actors[column] = ""
    check_text(actors, lines, name, problems)
    check_ids(actors, lines, name, problems)
    found = Findings(name, lines)
    kind, country = actors["kind"], actors["country"]
    found.add_where(_flags(actors["name"] == ""), "name", "", "is empty")
    found.add_where(
        ~_flags(kind.isin(list(ACTOR_KINDS))), "kind", kind, kind_suggestions.unknown
    )
    given = _flags(country != "")
    found.add_where(
        given & ~_flags(country.isin(list(known_country_codes()))), "country",
        country, _not_a_country,
    )  # fmt: skip
    needing = np.flatnonzero(~given & _flags(kind.isin(list(ACTORS_NEEDING_COUNTRY))))
    found.add(
        needing, "country", "",
        [f"is required for a {k}" for k in kind.iloc[needing].tolist()],
    )  # fmt: skip
    numbers, places = distinct(actors["lat"], actors["lon"], country)
    located = [_coordinates(lat, lon, where) for lat, lon, where in places]
    faulty = np.array([bool(faults) for _, _, faults in located], dtype=bool)
    for row in np.flatnonzero(faulty[numbers] if len(located) else []).tolist():
        for column, value, message in located[numbers[row]][2]:
            found.add(np.array([row]), column, value, message)
    found.into(problems)
    coordinates = np.array([(lat, lon) for lat, lon, _ in located], dtype=float)
    coordinates = coordinates.reshape(-1, 2)[numbers]
    actors["lat"] = coordinates[:, 0]
    actors["lon"] = coordinates[:, 1]
    return actors


def _not_a_country(value: str) -> str:
    """The message for a ``country`` that is no alpha-3 code, with the code it
    plainly means: a spreadsheet's "ven" or "Venezuela" is refused as the
    other vocabularies' "Person" is (values are exact, and a country's code
    is compared across data sets), but told what to write.

    >>> _not_a_country("ven")
    "is not an ISO 3166-1 alpha-3 country code (did you mean 'VEN'?)"
    """
    meant = country_meant(value)
    hint = f"did you mean '{meant}'?" if meant else "e.g. RUS, VEN"
    return f"is not an ISO 3166-1 alpha-3 country code ({hint})"


def _coordinates(lat: str, lon: str, country: str) -> tuple[float, float, list]:
    """Given coordinates, else the capital of the actor's country, else NaN;
    and what is wrong with them, as (column, value, message)."""
    given, faults = {}, []
    for column, text, limit in (("lat", lat, 90), ("lon", lon, 180)):
        if not text:
            continue
        # as source_count's: digits 0-9 only (float() took "٣٥", "1_0", "inf")
        if not _DECIMAL.fullmatch(text):
            faults.append((column, text, "is not a number (digits 0-9, a point: 10.5)"))
            continue
        value = float(text)
        if not -limit <= value <= limit:
            faults.append((column, text, f"is out of range (-{limit} to {limit})"))
            continue
        given[column] = value
    if bool(lat) != bool(lon):
        faults.append(
            ("lon" if lat else "lat", "", "is empty: give both lat and lon, or neither")
        )
    if len(given) == 2:
        return given["lat"], given["lon"], faults
    capital = capital_of(country) if country else None
    return (*(capital if capital else (float("nan"), float("nan"))), faults)


def validate_relations(
    relations: pd.DataFrame,
    lines: Sequence[int],
    actor_ids: set[str] | None,
    problems: list[Problem],
    refused_actors: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Check the relations against the rules and the actor ids (None when the
    actors could not be read; ``refused_actors``: ids on rows of actors.csv
    left out for their own problem, each with what a relation naming it is
    told), adding to ``problems``; when there is
    none, the table with its derived columns (see `Dataset`)."""
    name = "relations.csv"
    check_columns(relations.columns, name, problems, RELATION_DERIVED)
    for column in RELATION_OPTIONAL:
        if column not in relations:
            relations[column] = ""
    check_text(relations, lines, name, problems)
    check_ids(relations, lines, name, problems)
    found = Findings(name, lines)
    _check_ends(relations, actor_ids, refused_actors or {}, found)
    source, target = relations["source"], relations["target"]
    found.add_where(
        _flags((source != "") & (source == target)), "target", target,
        "is the same actor as the source",
    )  # fmt: skip
    for column, vocabulary, optional in (
        ("kind", RELATION_KINDS, False),
        ("stance", STANCES, True),
        ("confidence", CONFIDENCE_LEVELS, False),
    ):
        values = relations[column]
        wrong = ~_flags(values.isin(list(vocabulary)))
        if optional:
            wrong &= _flags(values != "")
        found.add_where(wrong, column, values, Suggestions(vocabulary).unknown)
    _check_urls(relations["url"], found)
    if "more_urls" in relations:  # event data's other articles, linked too
        _check_more_urls(relations["more_urls"], found)
    approximate_numbers, approximates = distinct(relations["approximate"])
    answers = [text.lower() for (text,) in approximates]
    found.add_where(
        np.isin(approximate_numbers, [n for n, a in enumerate(answers) if a not in _YES | _NO]),
        "approximate", relations["approximate"], "is not yes or no",
    )  # fmt: skip
    end_numbers, ends_written = distinct(relations["data_end"])
    data_ends = [_data_end(text) for (text,) in ends_written]
    found.add_where(
        np.isin(end_numbers, [n for n, end in enumerate(data_ends) if end is None]),
        "data_end", relations["data_end"],
        "is not a day the atlas can show (YYYY-MM-DD, from "
        f"{RANGE_TEXT}): the last day the relation's data set knows of",
    )  # fmt: skip
    date_numbers, written = distinct(
        relations["start"], relations["date_precision"], relations["end"]
    )
    dated = [_relation_dates(*texts) for texts in written]
    faulty = np.flatnonzero([bool(d[5]) for d in dated])
    for row in np.flatnonzero(np.isin(date_numbers, faulty)).tolist():
        for column, value, message in dated[date_numbers[row]][5]:
            found.add(np.array([row]), column, value, message)
    found.into(problems)
    counts = source_counts(relations, lines, problems)
    if problems:
        return relations
    approximate = np.array([a in _YES for a in answers], dtype=bool)[
        approximate_numbers
    ]
    first, last, precision, ongoing, explicit_end = (
        [d[i] for d in dated] for i in range(5)
    )
    relations["sources"] = counts
    relations["first"] = _days(first, date_numbers, relations.index)
    relations["last"] = _days(last, date_numbers, relations.index)
    relations["precision"] = text_array(precision, date_numbers)
    relations["approximate"] = approximate
    relations["ongoing"] = np.array(ongoing, dtype=bool)[date_numbers]
    # The data ends on the last day anything is known to happen. "ongoing" runs
    # to it, and nothing reaches past it: "2025" or "Dec 2025" in an article of
    # 11 December cannot cover the rest of the month. Each origin's data its
    # own, as each directory's beside others: a file exported from an article
    # and an event stream that goes on after it ran the article's "ongoing"
    # to the stream's last day.
    # A file exported from a window says where its data set ended
    # (``data_end``): its ongoing relations ran to the window's last relation.
    known = [max(day, end) if end else day for day, end in zip(first, explicit_end)]
    said = [end or date.min for end in data_ends]
    known_days = np.maximum(
        _days(known, date_numbers, relations.index),
        _days(said, end_numbers, relations.index),
    )
    origins, _ = distinct(relations["origin"])
    data_end = known_days.groupby(origins).transform("max")
    relations.loc[relations["ongoing"], "last"] = data_end
    relations["last"] = relations["last"].clip(upper=data_end)
    # the kind gives the stance unless the row says otherwise (event data
    # carries its own: CAMEO's QuadClass)
    kind_numbers, kinds = distinct(relations["kind"])
    usual = text_array([stance_of(kind) for (kind,) in kinds], kind_numbers)
    given = relations["stance"]
    relations["stance"] = given.where(_flags(given != ""), usual)
    label_numbers, labelled = distinct(pd.Series(date_numbers), pd.Series(approximate))
    relations["date_label"] = text_array(
        [
            _date_label(first[n], precision[n], about, last[n], written[n][2])
            for n, about in labelled
        ],
        label_numbers,
    )
    return relations


def _date_label(
    first: date, precision: str, approximate: bool, last: date, end: str
) -> str:
    """A relation's date as the details, hovers and tables say it: the start,
    then the end as written (``Aug 2023 – 22 Dec 2023``, ``… – ongoing``), so
    that a relation that lasted never reads as a one-off event on its start.

    >>> _date_label(date(2023, 8, 1), "month", False, date(2024, 6, 30), "2024-06")
    'Aug 2023 – Jun 2024'
    """
    label = format_partial(first, precision, approximate=approximate, last=last)
    if end.lower() == "ongoing":
        return f"{label} – ongoing"
    if not end or precision == "between":  # a between's end is in its label
        return label
    ended = parse_partial(end)
    until = format_partial(ended.first, ended.precision)
    return label if until == label else f"{label} – {until}"


def _data_end(text: str) -> date | None | bool:
    """A ``data_end`` cell: its day; False when empty; None when it is not a
    whole date the atlas can show.

    >>> _data_end("2025-12-11"), _data_end(""), _data_end("2025-12"), _data_end("9999-12-31")
    (datetime.date(2025, 12, 11), False, None, None)
    """
    if not text:
        return False
    try:
        written = parse_partial(text)
    except DateError:
        return None
    return written.first if written.first == written.last else None


def _days(days: list[date], numbers: np.ndarray, index: pd.Index) -> pd.Series:
    """Each row's day (``days`` by distinct number) as a timestamp column."""
    return pd.Series(
        np.array(days, dtype="datetime64[D]").astype("datetime64[s]")[numbers],
        index=index,
    )


def _check_ends(
    relations: pd.DataFrame,
    actor_ids: set[str] | None,
    refused: Mapping[str, str],
    found: Findings,
) -> None:
    """A source and a target given, each an actor of actors.csv; a name that
    is not gets the one it may have meant, looked up in the order a pass row
    by row meets them (`Suggestions` spends a budget as it goes). A name on
    a row of actors.csv refused for its own problem (``refused``: what to
    say, by id) is said to be so: a stray comma in one actor's row, or a
    quote never closed before it, had also reported each of its relations
    as naming no actor."""
    suggestions = Suggestions(actor_ids or ())
    ends = {column: relations[column] for column in ("source", "target")}
    empty = {column: _flags(values == "") for column, values in ends.items()}
    unknown = {column: np.zeros(len(relations), dtype=bool) for column in ends}
    if actor_ids is not None:
        known = list(actor_ids)
        for column, values in ends.items():
            unknown[column] = ~empty[column] & ~_flags(values.isin(known))
        # the unknown names in the order a pass row by row meets them
        rows = {column: np.flatnonzero(unknown[column]) for column in ends}
        met = np.argsort(
            np.concatenate([2 * rows["source"], 2 * rows["target"] + 1]), kind="stable"
        )
        names = np.array(
            ends["source"].iloc[rows["source"]].tolist()
            + ends["target"].iloc[rows["target"]].tolist(),
            dtype=object,
        )
        for value in pd.unique(names[met]):
            if value not in refused:
                suggestions.did_you_mean(value)

    def unknown_actor(value: str) -> str:
        if value in refused:
            return refused[value]
        return "names no actor in actors.csv" + suggestions.did_you_mean(value)

    for column, values in ends.items():
        found.add_where(empty[column], column, "", "is empty")
        found.add_where(unknown[column], column, values, unknown_actor)


def _check_urls(urls: pd.Series, found: Findings) -> None:
    """Every ``url`` given an http or https address (`text.is_web_url`),
    each distinct address that is not plainly one looked at once."""
    given = _flags(urls != "")
    if not given.any():
        return
    doubtful = given & ~matches(urls, _PLAIN_WEB, _PLAIN_WEB_URL)
    rows = np.flatnonzero(doubtful)
    if not len(rows):
        return
    numbers, addresses = distinct(urls.iloc[rows])
    wrong = [n for n, (address,) in enumerate(addresses) if not is_web_url(address)]
    bad = rows[np.isin(numbers, wrong)]
    found.add(
        bad, "url", urls.iloc[bad].tolist(),
        "is not a web address: only http:// and https:// links are allowed",
    )  # fmt: skip


def _check_more_urls(lists: pd.Series, found: Findings) -> None:
    """Every address of ``more_urls`` (space-separated) an http or https one:
    the details link each."""
    given = np.flatnonzero(_flags(lists != ""))
    if not len(given):
        return
    numbers, texts = distinct(lists.iloc[given])
    wrong = [
        n for n, (text,) in enumerate(texts)
        if not all(_PLAIN_WEB.match(url) or is_web_url(url) for url in text.split())
    ]  # fmt: skip
    bad = given[np.isin(numbers, wrong)]
    found.add(
        bad, "more_urls", lists.iloc[bad].tolist(),
        "holds an address that is not a web address: only http:// and https:// "
        "links, separated by spaces, are allowed",
    )  # fmt: skip


def _relation_dates(start: str, precision_text: str, end: str):
    """(first, last, precision, ongoing, explicit end, faults) of a relation
    written with these ``start``, ``date_precision`` and ``end``; faults as
    (column, value, message).

    ``end`` is when a lasting relation ended, ``ongoing``, or empty for a
    one-off event; with precision ``between`` it is the latest day the one-off
    event can have happened.
    """
    first = last = explicit_end = None
    precision = ""
    faults = []
    try:
        parsed = parse_partial(start, precision_text)
        first, last, precision = parsed.first, parsed.last, parsed.precision
    except DateError as error:
        value = precision_text if error.column == "date_precision" else start
        faults.append((error.column, value, str(error)))
    ongoing = end.lower() == "ongoing"
    if precision == "between" and (not end or ongoing):
        faults.append(
            ("end", end, "must be a date with precision between: the latest day "
             "it can have happened")
        )  # fmt: skip
    elif end and not ongoing:
        try:
            ended = parse_partial(end)
        except DateError as error:
            faults.append(("end", end, f"{error}, or 'ongoing'"))
            return first, last, precision, ongoing, explicit_end, faults
        if first is not None and ended.last < first:
            faults.append(("end", end, f"is before the start ({start})"))
        # the day it ended, or the last it can have happened on (between):
        # either is a day the data knows of (a "between 8 and 11 Dec" event
        # the latest of its data had been cut to its 8 December)
        last = explicit_end = ended.last
    return first, last, precision, ongoing, explicit_end, faults
