"""Load a data directory (actors.csv, relations.csv) or an event store
(store.json, `store.py`) into two DataFrames, or several into one data set.

Every problem in a directory is collected and reported at once (the rules are
in `validate.py`), each naming the file, the line, the column and the value.
Nothing is loaded when anything is wrong: a half-loaded data set could show a
briefer a wrong picture without saying so.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from dashboard.core.graph import collapse_to_states
from dashboard.core.problems import DataError, Problem
from dashboard.core.store import is_store, read_store
from dashboard.core.text import NEUTRALISED, neutralised, restored
from dashboard.core.validate import (
    ACTOR_COLUMNS,
    RELATION_COLUMNS,
    validate_actors,
    validate_relations,
)

__all__ = ["Dataset", "csv_safe", "load_dataset", "load_datasets", "read_table"]

# Text columns hold Python strings, as before pyarrow came in (for the event
# store): the checks and the model walk them row by row, and over Arrow-backed
# strings a 100,000-relation directory loaded in 2.6 s instead of 2.0 s.
pd.set_option("mode.string_storage", "python")


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

    def summary(self) -> str:
        """A few lines that tell a user what the data holds: actors by kind,
        relations and their dates, kinds, confidence."""
        first, last = self.date_span
        relations, actors = self.relations, self.actors

        def counts(column) -> str:
            return ", ".join(
                f"{value} {n}" for value, n in column.value_counts().items()
            )

        kinds = ", ".join(
            f"{n} {kind}" for kind, n in actors["kind"].value_counts().items()
        )
        return (
            f"{len(actors)} actors ({kinds})\n"
            f"{len(relations)} relations from {first:%d %b %Y} to {last:%d %b %Y}\n"
            f"kinds: {counts(relations['kind'])}\n"
            f"confidence: {counts(relations['confidence'])}"
        )


def load_dataset(directory: str | Path) -> Dataset:
    """Load and validate a data directory, or open an event store (a directory
    holding store.json: its events were validated when they were imported).

    Raises:
        DataError: listing every problem found, when there is any.
    """
    directory = Path(directory)
    if directory.is_file():
        raise DataError(
            [Problem(str(directory), None, None, None,
                     "is a file, not a data directory (one holding actors.csv "
                     "and relations.csv) or an event store (store.json)")]
        )  # fmt: skip
    if is_store(directory):
        actors, relations = read_store(directory)
        return Dataset(actors=actors, relations=relations)
    problems: list[Problem] = []
    actors, actor_lines = read_table(directory / "actors.csv", ACTOR_COLUMNS, problems)
    relations, relation_lines = read_table(
        directory / "relations.csv", RELATION_COLUMNS, problems
    )
    if actors is not None:
        actors = validate_actors(actors, actor_lines, problems)
    if relations is not None:
        relations = validate_relations(
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
    """Several data directories or event stores shown together (the curated
    article over an imported event stream): every problem of every directory at once, actors
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


def read_table(
    path: Path, required: tuple[str, ...], problems: list[Problem]
) -> tuple[pd.DataFrame | None, list[int]]:
    """Read one CSV file as text columns, with the line each record starts on.

    The csv module does the parsing so that every record's physical line number
    is known (quoted fields may span lines) and rows with the wrong number of
    fields are reported, not silently padded or dropped. What is wrong is added
    to ``problems``; the table is None when the file cannot be used at all.
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
    # a line break written by Windows inside a quoted cell is a line break,
    # not a carriage return (a control character) before one
    text = text.replace("\r\n", "\n")
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
    table = pd.DataFrame.from_records(good, columns=header)
    quoted = "'" in text  # else no cell can have been neutralised
    for column in header:
        table[column] = _cells(table[column], quoted=quoted)
    return table, good_lines


def _cells(column: pd.Series, *, quoted: bool = True) -> pd.Series:
    """A column's cells as meant: spaces around them dropped, and the ``'``
    that our CSV writers put before a formula character (``'=``, ``'-``; see
    `text.neutralised`) taken off again, so that what was written reads back."""
    column = column.str.strip()
    # one search of the whole column (NUL, refused in a file, parts its cells)
    # passes over the columns with no such cell, nearly all
    cells = "\x00" + "\x00".join(column.to_numpy(dtype=object)) if quoted else ""
    if NEUTRALISED.search(cells):
        column = column.map(restored)
    return column


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` to be written as CSV a spreadsheet may open: every text cell
    starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
    leading ``'`` (OWASP's advice against CSV injection), numbers and numeric
    columns are left alone (``-66.9``); `read_table` takes the ``'`` off again.
    """
    safe = table.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):  # numbers stay numbers
            safe[column] = safe[column].map(neutralised)
    return safe


def _swallowed_row(row: list[str], width: int) -> int | None:
    """The index of a field that holds a whole row of the file after a newline:
    the mark of a quote that was never closed. None when there is none."""
    for index, cell in enumerate(row):
        for piece in cell.split("\n")[1:]:
            if piece.count(",") >= width - 1:
                return index
    return None
