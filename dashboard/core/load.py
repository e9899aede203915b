"""Load and validate a data directory (actors.csv, relations.csv) into two DataFrames.

Every problem in a directory is collected and reported at once, each naming the
file, the line, the column and the value, so that a user fixes them in one pass.
Nothing is loaded when anything is wrong: a half-loaded data set could show a
briefer a wrong picture without saying so.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from dashboard.core.dates import DateError, format_partial, parse_partial
from dashboard.core.geo import capital_of, known_country_codes
from dashboard.core.graph import collapse_to_states
from dashboard.core.vocabulary import (
    ACTOR_KINDS,
    ACTORS_NEEDING_COUNTRY,
    CONFIDENCE_LEVELS,
    RELATION_KINDS,
    STANCES,
    stance_of,
)

__all__ = [
    "DataError",
    "Dataset",
    "Problem",
    "load_dataset",
    "load_datasets",
    "source_names",
]

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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, located precisely enough to fix it."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        value = f" '{self.value}'" if self.value is not None else ""
        return f"{where}:{value} {self.message}"


class DataError(Exception):
    """A data directory that failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n{lines}")


@dataclass
class Dataset:
    """Validated actors and relations, with the derived columns the app needs.

    ``relations`` gains ``first`` and ``last`` (the days the relation covers, as
    timestamps; ``last`` of an ongoing relation is the end of the data),
    ``precision``, ``approximate``, ``ongoing``, ``stance`` and ``date_label``.
    ``actors`` gains ``lat``/``lon`` filled from the capital of ``country``.
    """

    actors: pd.DataFrame
    relations: pd.DataFrame
    #: relation ids `load_datasets` renamed, by directory (resolved path): the
    #: id in the directory's files -> the id in the data
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)

    @cached_property
    def between_states(self) -> pd.DataFrame:
        """The relations redrawn between states, for the states-only view:
        made once, not in every callback (0.1 s for 100,000 relations)."""
        return collapse_to_states(self.actors, self.relations)

    @property
    def data_end(self) -> date:
        """The last day anything is known to happen: where "ongoing" runs to."""
        return self.relations["last"].max().date()

    @property
    def date_span(self) -> tuple[date, date]:
        """From the first day of the data to its end: the default window."""
        return self.relations["first"].min().date(), self.data_end


def load_dataset(directory: str | Path) -> Dataset:
    """Load and validate a data directory.

    Raises:
        DataError: listing every problem found, when there is any.
    """
    directory = Path(directory)
    problems: list[Problem] = []
    actors, actor_lines = _read_table(directory / "actors.csv", ACTOR_COLUMNS, problems)
    relations, relation_lines = _read_table(
        directory / "relations.csv", RELATION_COLUMNS, problems
    )
    if actors is not None:
        actors = _validate_actors(actors, actor_lines, problems)
    if relations is not None:
        relations = _validate_relations(
            relations,
            relation_lines,
            set(actors["id"]) if actors is not None else None,
            problems,
        )
    if problems:
        raise DataError(problems)
    if not relations["origin"].astype(bool).all():
        relations["origin"] = relations["origin"].where(
            relations["origin"] != "", directory.resolve().name
        )
    return Dataset(actors=actors, relations=relations)


def load_datasets(directories: list[str | Path]) -> Dataset:
    """Several data directories shown together (the curated article over an
    imported event stream): every problem of every directory at once, actors
    merged by id, each relation keeping its ``origin``.

    Raises:
        DataError: naming the directory of each problem.
    """
    loaded, problems = [], []
    for directory in directories:
        try:
            loaded.append(load_dataset(directory))
        except DataError as error:
            name = Path(directory).name
            problems += [replace(p, file=f"{name}/{p.file}") for p in error.problems]
    if problems:
        raise DataError(problems)
    if len(loaded) == 1:
        return loaded[0]
    actors = pd.concat([d.actors for d in loaded], ignore_index=True)
    for actor_id, group in actors.groupby("id"):
        kinds = set(zip(group["kind"], group["country"]))
        if len(kinds) > 1:
            described = " and ".join(f"a {k} of '{c}'" for k, c in sorted(kinds))
            problems.append(
                Problem(
                    "actors.csv",
                    None,
                    "id",
                    actor_id,
                    f"is {described} in different directories",
                )
            )
    if problems:
        raise DataError(problems)
    relations, seen, renamed = [], set(), {}
    for directory, dataset in zip(directories, loaded):
        table = dataset.relations
        clash = table["id"].isin(seen)
        if clash.any():  # the same id in two directories: prefix the later one
            ids = table["id"].where(~clash, _prefix(directory) + table["id"])
            key = str(Path(directory).resolve())
            renamed[key] = dict(zip(table["id"][clash], ids[clash]))
            table = table.assign(id=ids)
        seen.update(table["id"])
        relations.append(table)
    return Dataset(
        actors=actors.drop_duplicates("id", ignore_index=True),
        relations=pd.concat(relations, ignore_index=True).fillna(""),
        renamed=renamed,
    )


def _prefix(directory: str | Path) -> str:
    """What `load_datasets` puts before a relation id that an earlier
    directory already uses: the directory's name, "imported.r01"."""
    return re.sub(r"[^a-z0-9]+", "-", Path(directory).resolve().name.lower()) + "."


def _read_table(
    path: Path, required: tuple[str, ...], problems: list[Problem]
) -> tuple[pd.DataFrame | None, list[int]]:
    """Read one CSV file as text columns, with the line each record starts on.

    The csv module does the parsing so that every record's physical line number
    is known (quoted fields may span lines) and rows with the wrong number of
    fields are reported, not silently padded or dropped.
    """
    name = path.name
    if not path.is_file():
        problems.append(
            Problem(name, None, None, None, f"is missing from {path.parent}")
        )
        return None, []
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                name,
                1,
                None,
                None,
                "starts with a byte-order mark (BOM); "
                "save it as plain UTF-8 without BOM",
            )
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        problems.append(
            Problem(
                name, line, None, f"\\x{byte}", "is not UTF-8; save the file as UTF-8"
            )
        )
        return None, []
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(
            Problem(
                name, line, None, "\\x00", "holds a NUL byte: is it really a CSV file?"
            )
        )
        return None, []
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    lines: list[int] = []
    spans: list[int] = []  # physical lines each record takes
    header: list[str] | None = None
    start_line = 1
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                if header is None:
                    header = [cell.strip() for cell in row]
                else:
                    records.append(row)
                    lines.append(start_line)
                    spans.append(reader.line_num - start_line + 1)
            start_line = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            Problem(name, reader.line_num, None, None, f"is not valid CSV: {error}")
        )
        return None, []
    if header is None:
        problems.append(
            Problem(name, None, None, None, "is empty: it needs a header row")
        )
        return None, []
    if len(header) == 1 and ";" in header[0]:
        problems.append(
            Problem(
                name,
                1,
                None,
                None,
                "looks separated by semicolons: save it as comma-separated CSV",
            )
        )
        return None, []
    missing = [column for column in required if column not in header]
    for column in missing:
        problems.append(
            Problem(name, 1, column, None, "column is missing from the header")
        )
    for column in {c for c in header if c and header.count(c) > 1}:
        problems.append(
            Problem(name, 1, column, None, "column appears twice in the header")
        )
    for position, column in enumerate(header, start=1):
        if not column:
            problems.append(
                Problem(
                    name,
                    1,
                    None,
                    None,
                    f"column {position} of the header has no name (a stray comma?)",
                )
            )
    if not records:
        problems.append(Problem(name, None, None, None, "has a header but no rows"))
    if missing or not records or len(set(header)) != len(header) or not all(header):
        return None, []
    # Rows of the wrong width are reported and left out of the other checks, so
    # that one stray comma does not hide the problems of every other row.
    good, good_lines = [], []
    for row, line, span in zip(records, lines, spans):
        swallowed = _swallowed_row(row, len(header)) if span > 1 else None
        if swallowed is not None:
            problems.append(
                Problem(
                    name,
                    line,
                    header[swallowed] if len(row) == len(header) else None,
                    None,
                    f"a quoted field runs over {span} lines and holds what looks "
                    "like more rows: is a quote opened here and never closed?",
                )
            )
            continue
        if len(row) == len(header):
            good.append(row)
            good_lines.append(line)
            continue
        hint = (
            f" (it runs over {span} lines: is a quote opened here and never closed?)"
            if span > 1
            else ""
        )
        problems.append(
            Problem(
                name,
                line,
                None,
                None,
                f"has {len(row)} fields but the header has {len(header)}{hint}",
            )
        )
    table = pd.DataFrame.from_records(good, columns=header).apply(
        lambda col: col.str.strip()
    )
    return table, good_lines


def _swallowed_row(row: list[str], width: int) -> int | None:
    """The index of a field that holds a whole row of the file after a newline:
    the mark of a quote that was never closed. None when there is none."""
    for index, cell in enumerate(row):
        for piece in cell.split("\n")[1:]:
            if piece.count(",") >= width - 1:
                return index
    return None


def _validate_actors(
    actors: pd.DataFrame, lines: list[int], problems: list[Problem]
) -> pd.DataFrame:
    name = "actors.csv"
    countries = known_country_codes()
    for column in ACTOR_OPTIONAL:
        if column not in actors:
            actors[column] = ""
    _check_ids(actors, lines, name, problems)
    lats, lons = [], []
    for index, row in enumerate(actors.itertuples(index=False)):
        line = lines[index]
        if not row.name:
            problems.append(Problem(name, line, "name", "", "is empty"))
        if row.kind not in ACTOR_KINDS:
            problems.append(
                Problem(name, line, "kind", row.kind, _unknown(row.kind, ACTOR_KINDS))
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


def _validate_relations(
    relations: pd.DataFrame,
    lines: list[int],
    actor_ids: set[str] | None,
    problems: list[Problem],
) -> pd.DataFrame:
    name = "relations.csv"
    for column in RELATION_OPTIONAL:
        if column not in relations:
            relations[column] = ""
    _check_ids(relations, lines, name, problems)
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
                        "names no actor in actors.csv" + _suggest(value, actor_ids),
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
                    name, line, "kind", row.kind, _unknown(row.kind, RELATION_KINDS)
                )
            )
        if row.stance and row.stance not in STANCES:
            problems.append(
                Problem(name, line, "stance", row.stance, _unknown(row.stance, STANCES))
            )
        if row.confidence not in CONFIDENCE_LEVELS:
            problems.append(
                Problem(
                    name,
                    line,
                    "confidence",
                    row.confidence,
                    _unknown(row.confidence, CONFIDENCE_LEVELS),
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
    source_counts = _source_counts(relations, lines, problems)
    if problems:
        return relations
    relations["sources"] = source_counts
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


def source_names(reported_by: str) -> set[str]:
    """The distinct sources in a ``reported_by`` text: ';'-separated, qualifiers
    in brackets ignored, so "Reuters" and "Reuters (unnamed sources)" are one.

    >>> sorted(source_names("Guacamaya; Reuters (unnamed sources)"))
    ['guacamaya', 'reuters']
    """
    names = set()
    for part in str(reported_by or "").split(";"):
        name = part.split("(")[0].strip().lower()
        if name:
            names.add(name)
    return names


def _source_counts(relations: pd.DataFrame, lines: list[int], problems: list[Problem]):
    """How many independent sources back each relation: ``source_count`` when
    given (machine-coded data counts its own), else the sources in ``reported_by``."""
    counts = []
    for line, given, reported_by in zip(
        lines, relations["source_count"], relations["reported_by"]
    ):
        if given:
            if not given.isdigit():
                problems.append(
                    Problem(
                        "relations.csv",
                        line,
                        "source_count",
                        given,
                        "is not a whole number",
                    )
                )
                counts.append(0)
                continue
            counts.append(int(given))
        else:
            counts.append(len(source_names(reported_by)))
    return counts


def _check_ids(
    table: pd.DataFrame, lines: list[int], name: str, problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    for index, value in enumerate(table["id"]):
        line = lines[index]
        if not value:
            problems.append(Problem(name, line, "id", "", "is empty"))
        elif not _SLUG.match(value):
            problems.append(
                Problem(
                    name,
                    line,
                    "id",
                    value,
                    "is not a slug: use lower-case letters, digits, '-', '_' or '.'",
                )
            )
        elif value in seen:
            problems.append(
                Problem(
                    name, line, "id", value, f"is a duplicate of line {seen[value]}"
                )
            )
        else:
            seen[value] = line


def _unknown(value: str, known) -> str:
    return f"is not one of: {', '.join(known)}" + _suggest(value, known)


def _suggest(value: str, known) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
