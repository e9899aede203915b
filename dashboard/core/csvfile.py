"""One CSV file of a data directory read as text columns, each row with the
line it starts on, and what is wrong with the file (`read_table`).

A file whose quotes are all in place is parsed by Arrow (a million rows in
a second); any other is read by the csv module row by row, which says what
is wrong with it. Both give the same table and the same problems.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from dashboard.core.cells import PRINTABLE, is_slug
from dashboard.core.columns import ARROW_TEXT
from dashboard.core.problems import Problem
from dashboard.core.text import in_western, restored

__all__ = ["WHITESPACE", "read_table"]

#: The longest cell the csv module reads (characters), far over any field's own
#: limit (`text.limit_of`): at its default of 131,072 a long quote stopped
#: `check` at its line ("field larger than field limit"), no column named and
#: every later problem unsaid; at this, the cell's check says it is too long.
FIELD_LIMIT = 1 << 26
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))


def read_table(
    path: Path,
    required: tuple[str, ...],
    problems: list[Problem],
    optional: tuple[str, ...] = (),
) -> tuple[pd.DataFrame | None, np.ndarray]:
    """Read one CSV file as text columns, with the line each record starts on.

    Every record's physical line number is known (quoted fields may span
    lines) and rows with the wrong number of fields are reported, not
    silently padded or dropped. What is wrong is added to ``problems``; the
    table is None when the file cannot be used at all. A column of the
    format (``required`` or ``optional``) named in other case ("ID", "Kind")
    is read as the format's (`_header_of`).

    A file whose quotes are all in place is parsed by Arrow (`_read_quickly`:
    a million rows in a second); any other goes through the csv module row by
    row (`_read_slowly`), which says what is wrong with it. Both give the
    same table and the same problems.
    """
    name = path.name
    if not path.is_file():
        problems.append(
            Problem(
                name, None, None, None, f"is missing from {path.parent}{_near(path)}"
            )
        )
        return None, _NO_LINES
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):  # UTF-8's signature: Excel's "CSV UTF-8"
        raw = raw[3:]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(_not_utf8(raw, error.start, name))
        return None, _NO_LINES
    # NUL bytes throughout: another format (UTF-16 text, a binary file); a
    # few are a cell's control characters, each said with its line and
    # column by the checks of the cells, the rest of the file read
    if raw.count(b"\x00") > max(len(raw) // 100, 16):
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        problems.append(
            Problem(
                name, line, None, "\\x00", "holds NUL bytes: is it really a CSV file?"
            )
        )
        return None, _NO_LINES
    # a line break written by Windows inside a quoted cell is a line break,
    # not a carriage return (a control character) before one
    raw = raw.replace(b"\r\n", b"\n")
    raw = _comma_separated(raw)
    known = required + optional
    quick = _read_quickly(raw, name, required, known)
    if quick is None:
        return _read_slowly(raw.decode("utf-8"), name, required, problems, known)
    table, lines, found = quick
    problems += found
    return table, lines


_NO_LINES = np.zeros(0, dtype=np.int64)


def _near(path: Path) -> str:
    """What the folder holds in place of ``path``, missing: the same name in
    other case ("Actors.csv") or another format ("actors.xlsx"), said with
    what to do; else nothing."""
    stem = path.stem.casefold()
    try:
        near = sorted(
            other.name
            for other in path.parent.iterdir()
            if other.name.casefold().partition(".")[0] == stem and other.is_file()
        )
    except OSError:
        return ""
    if not near:
        return ""
    return (
        f" (it holds {', '.join(near)}: save it as {path.name}, in Excel "
        "as 'CSV UTF-8')"
    )


def _not_utf8(raw: bytes, at: int, name: str) -> Problem:
    """The problem of a file that is not UTF-8 (its first bad byte ``at``):
    the cell that holds the byte, and what it reads as in Windows-1252, what
    Excel's plain "CSV" writes on Western Windows, so that the analyst sees
    which name it is. The file is not read so: Excel writes Windows-1250 or
    -1251 on Central European or Cyrillic Windows, whose bytes read as
    Windows-1252 too, as other letters ("Путин" as "Ïóòèí"), unsaid.

    >>> print(_not_utf8(b"id,name\\nm,Nicol\\xe1s\\n", 12, "actors.csv"))
    actors.csv, line 2, column 'name': 'Nicol\\xe1s' is not UTF-8 (in Windows-1252: 'Nicolás'); save the file as UTF-8 (Excel: 'CSV UTF-8')
    """
    line_number = raw[:at].count(b"\n") + 1
    header, record = _record_at(raw, line_number)
    bad = raw[at : at + 1].decode("utf-8", "surrogateescape")
    index = next((i for i, cell in enumerate(record) if bad in cell), None)
    cell = record[index] if index is not None else bad
    # of a cell over lines, the line with the byte (a message on one line)
    cell = next(part for part in cell.split("\n") if bad in part).strip()
    # a long cell cut to the words around the byte; found as text, where the
    # bad byte is itself and no other letter's part
    shown, western = in_western(cell, cell.find(bad))
    western = f" (in Windows-1252: '{western}')" if western else ""
    named = index is not None and record is not header and len(record) == len(header)
    return Problem(
        name,
        line_number,
        header[index].strip() if named else None,
        shown,
        f"is not UTF-8{western}; save the file as UTF-8 (Excel: 'CSV UTF-8')",
    )


def _record_at(raw: bytes, line_number: int) -> tuple[list[str], list[str]]:
    """(header, record) of a file that is not UTF-8: its first row with a
    cell, and the row that holds line ``line_number`` (a quoted cell runs over
    lines: a line of its own read as a row had named another column), its
    other bytes kept as surrogates. The line's own cells when the csv module
    refuses the file (a lone carriage return).

    >>> _record_at(b'id,notes\\na,"one\\ntwo, three"\\n', 3)
    (['id', 'notes'], ['a', 'one\\ntwo, three'])
    """
    lines = raw.decode("utf-8", "surrogateescape").split("\n")
    header: list[str] | None = None
    first = next((line for line in lines if line.strip()), "")
    delimiter = _delimiter_of(first)  # Excel's semicolons: cut there
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter)
    try:
        for row in reader:
            if header is None and any(cell.strip() for cell in row):
                header = row
            if reader.line_num >= line_number:
                return header or [], row
    except csv.Error:
        pass
    return header or [], _cells(
        lines[line_number - 1].encode("utf-8", "surrogateescape"), delimiter
    )


def _cells(line: bytes, delimiter: str = ",") -> list[str]:
    """The cells of one line of a file that is not UTF-8, its other bytes
    kept as surrogates (the whole line as one cell when the csv module
    refuses it: a lone carriage return)."""
    text = line.decode("utf-8", "surrogateescape")
    try:
        return next(csv.reader([text.rstrip("\r")], delimiter=delimiter), [text])
    except csv.Error:
        return [text]


#: What str.strip() takes off a cell (Python's whitespace), for Arrow.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# the same characters in UTF-8, but for the space and the line break: a file
# with none of these, and no space beside a comma, quote or line break, has
# no cell to strip (a carriage return is left only inside a quoted cell)
_OTHER_WHITESPACE = re.compile(
    rb"[\t\r\x0b\x0c\x1c-\x1f]|\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]"
    rb"|\xe2\x81\x9f|\xe3\x80\x80"
)
#: what is beside a cell in a file, by byte: a comma, a line break, a quote
_BESIDE_CELLS = np.isin(np.arange(256), [ord(","), ord("\n"), ord('"')])
#: `text.NEUTRALISED` for one cell, as RE2 (Arrow) reads it
_NEUTRALISED_RE2 = r"^'+[=+\-@\t\r]"


def _read_quickly(
    data: bytes, name: str, required: tuple[str, ...], known: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, np.ndarray, list[Problem]] | None:
    """The table, its rows' lines and its rows' problems, parsed by Arrow; None
    when the csv module must read the file (`_read_slowly`): a quote out of
    place, a lone carriage return, a header to complain about, no rows.

    Where every quote opens or closes a cell (or is doubled inside one), the
    csv module and Arrow split a file alike, and numpy finds each record's
    line: a line break ends a record unless an odd number of quotes precede
    it. The rare rows that need a closer look (a cell over several lines, the
    wrong number of fields) are read again by the csv module, one by one.
    """
    if b"\r" in data:
        return None
    buffer = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(buffer == ord('"'))
    if not _well_quoted(buffer, quotes):
        return None
    breaks = np.flatnonzero(buffer == ord("\n"))
    inside = np.searchsorted(quotes, breaks) % 2 == 1
    starts = np.concatenate([[0], breaks[~inside] + 1])
    stops = np.concatenate([breaks[~inside], [len(data)]])
    if (stops - starts).max() > csv.field_size_limit():
        return None  # a cell the csv module may refuse
    lines = np.searchsorted(breaks, starts) + 1
    records = np.flatnonzero(stops > starts)  # an empty line is no record
    header, header_at = None, None
    for record in records[:1000].tolist():
        row = _record(data, starts[record], stops[record])
        if any(cell.strip() for cell in row):
            header, header_at = _header_of(row, known), record
            break
    if header is None or _header_faults(header, required):
        return None
    width = len(header)
    body = records[records > header_at]
    if not len(body):
        return None
    parsed_table, skipped = _arrow_rows(data[starts[body[0]] :], width, inside.any())
    if parsed_table is None:
        return None
    widths = np.full(len(starts), width)
    if skipped:  # count each record's fields: its commas outside quotes
        commas = np.flatnonzero(buffer == ord(","))
        commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
        record_of = np.searchsorted(starts, commas, side="right") - 1
        widths = np.bincount(record_of, minlength=len(starts)) + 1
    spans = np.ones(len(starts), dtype=np.int64)
    if inside.any():
        record_of = np.searchsorted(starts, breaks[inside], side="right") - 1
        spans += np.bincount(record_of, minlength=len(starts))
    parsed = body[widths[body] == width]
    if parsed_table.num_rows != len(parsed):
        return None
    found: list[Problem] = []
    dropped = np.zeros(len(parsed), dtype=bool)
    for record in body[(widths[body] != width) | (spans[body] > 1)].tolist():
        row = _record(data, starts[record], stops[record])
        if (len(row) == width) != (widths[record] == width):
            return None  # the two parsers disagree: the csv module reads it
        if not any(cell.strip() for cell in row):
            continue  # blank: left out below, as by the csv module
        problem = _row_fault(row, header, name, int(lines[record]), int(spans[record]))
        if problem is not None:
            found.append(problem)
            if len(row) == width:
                dropped[np.searchsorted(parsed, record)] = True
    columns = _cleaned(list(parsed_table.columns), data)
    blank = np.logical_and.reduce(
        [pc.equal(pc.binary_length(column), 0).to_numpy() for column in columns]
    )
    kept = ~blank & ~dropped
    if not kept.any():
        return None
    table = pa.table(columns, names=header)
    if not kept.all():
        table = table.filter(pa.array(kept))
    return _frame(table), lines[parsed[kept]], found


def _arrow_rows(
    data: bytes, width: int, multiline: bool
) -> tuple[pa.Table | None, int]:
    """The records of ``data`` with ``width`` fields, as texts in columns
    "0", "1"...; and how many records had another number of fields (left
    out). None for the table when Arrow cannot read it."""
    skipped = 0

    def skip(row) -> str:
        nonlocal skipped
        skipped += 1
        return "skip"

    names = [str(number) for number in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=bool(multiline), invalid_row_handler=skip
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # checked: the file decodes as UTF-8
            ),
        )
    except pa.ArrowException:
        return None, skipped
    return table, skipped


def _well_quoted(buffer: np.ndarray, quotes: np.ndarray) -> bool:
    """Whether every quote (``quotes``: their positions) opens a cell, closes
    one, or is doubled inside one: an opening quote follows a comma, a line
    break or a closing quote (doubled), a closing quote comes before one of
    these or ends the file. A file without quotes has them all in place."""
    if len(quotes) % 2:
        return False
    if not len(quotes):
        return True
    opening, closing = quotes[0::2], quotes[1::2]
    before = buffer[np.maximum(opening - 1, 0)]
    after = buffer[np.minimum(closing + 1, len(buffer) - 1)]
    return bool(
        np.all((opening == 0) | _BESIDE_CELLS[before])
        and np.all((closing == len(buffer) - 1) | _BESIDE_CELLS[after])
    )


def _record(data: bytes, start: int, stop: int) -> list[str]:
    """The cells of the one record between ``start`` and ``stop``, as the
    csv module reads them."""
    text = data[start:stop].decode("utf-8")
    return next(csv.reader(io.StringIO(text, newline="")), [])


def _header_of(row: list[str], known: tuple[str, ...]) -> list[str]:
    """The header row's names, stripped; one that is a ``known`` column's
    spelled otherwise (a spreadsheet's "ID", "Kind", "Reported By",
    "date-precision") made that column's, when the header names it no other
    way: "column 'id' is missing" beside "ID" puzzled, and an optional column
    so spelled was a column of the user's own, its relations read without
    it: "Reported By" gave each relation no source, "Date Precision"'s
    'between' read as a relation lasting to its end.

    >>> known = ("id", "kind", "reported_by")
    >>> _header_of([" ID", "Name", "kind", "KIND", "Reported By"], known)
    ['id', 'Name', 'kind', 'KIND', 'reported_by']
    """
    header = [cell.strip() for cell in row]
    spellings = Counter(_spelling(cell) for cell in header)
    by_spelling = {_spelling(column): column for column in known}
    return [
        by_spelling[_spelling(cell)]
        if _spelling(cell) in by_spelling and spellings[_spelling(cell)] == 1
        else cell
        for cell in header
    ]


def _spelling(name: str) -> str:
    """A column's name as `_header_of` compares it: case, and spaces or
    hyphens for its underscores, aside.

    >>> _spelling("Source - Document")
    'source_document'
    """
    return re.sub(r"[\s_-]+", "_", name.strip().casefold())


def _header_faults(
    header: list[str],
    required: tuple[str, ...],
    name: str = "",
    problems: list[Problem] | None = None,
) -> bool:
    """Whether the header is wrong (adding to ``problems``, when given, what
    is): separated by semicolons or tabs, a required column missing, a column twice
    or one without a name."""
    problems = [] if problems is None else problems
    if len(header) == 1 and _separator(header[0]):
        problems.append(
            Problem(
                name,
                1,
                None,
                None,
                f"looks separated by {_separator(header[0])}, and a quote in it "
                "is never closed: close it, or save the file as comma-separated "
                "CSV to be told on which line",
            )
        )
        return True
    before = len(problems)
    for column in required:
        if column not in header:
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
    return len(problems) > before


#: Other separators a spreadsheet writes: Excel's "CSV" where the comma is
#: the decimal mark (in most of Europe) uses semicolons, and a table copied
#: out of one tabs. Such a file is read as it is written: "save it as
#: comma-separated" could not be done in Excel without changing Windows'
#: own regional settings.
SEPARATORS = (";", "\t")
#: Cells of these columns are numbers: where semicolons or tabs separate the
#: cells, a comma in them is a decimal mark ("55,75").
_DECIMAL_COLUMNS = frozenset({"lat", "lon"})
_DECIMAL_COMMA = re.compile(r"\s*-?\d+,\d+\s*")


def _comma_separated(raw: bytes) -> bytes:
    """``raw`` (UTF-8, "\\n" line ends) rewritten with commas between its
    cells when its header is separated by semicolons or tabs (`SEPARATORS`;
    Excel's ``sep=;`` line before it left blank), line for line (a quoted
    cell keeps its line breaks, and so every row its line number); a
    decimal comma in ``lat`` and ``lon`` becomes a point. Else ``raw``
    itself, and so when its quotes do not close (the csv module would take
    the rest of the file as one cell: the reader of comma files says where
    the quote opens, `_header_faults` that the file looks so separated).

    >>> _comma_separated(b"id;name;lat\\nminsk;Minsk, Belarus;53,9\\n").decode()
    'id,name,lat\\nminsk,"Minsk, Belarus",53.9\\n'
    """
    lines = raw.split(b"\n")
    at = next((n for n, line in enumerate(lines) if line.strip()), None)
    if at is None:
        return raw
    first = lines[at].decode("utf-8")
    hinted = first.strip().casefold().startswith("sep=")
    if hinted:  # Excel's line naming the separator: blank, its number kept
        separator = first.strip()[4:5]
        lines[at] = b""
        if separator == ",":
            return b"\n".join(lines)
        if separator not in SEPARATORS:
            return raw
    else:
        separator = _delimiter_of(first)
        if separator == ",":
            return raw
    text = b"\n".join(lines).decode("utf-8")
    if text.count('"') % 2:  # a quote never closed: said as such elsewhere
        return raw
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:  # a cell over the csv module's limit: said elsewhere
        return raw
    header = next((row for row in rows if row), [])
    numbers = [
        n for n, name in enumerate(header) if _spelling(name) in _DECIMAL_COLUMNS
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        for n in numbers:
            if row is not header and n < len(row) and _DECIMAL_COMMA.fullmatch(row[n]):
                row[n] = row[n].replace(",", ".")
        writer.writerow(row)
    written = out.getvalue()
    if not text.endswith("\n"):
        written = written[:-1]
    if written.count("\n") != text.count("\n"):  # a line lost or made
        return raw
    return written.encode("utf-8")


def _delimiter_of(header: str) -> str:
    """What separates the cells of a file whose header line is ``header``: a
    comma, unless the header is one cell by commas holding semicolons or
    tabs (`SEPARATORS`: the one that cuts it into the most cells).

    >>> _delimiter_of("id;name;notes, more"), _delimiter_of("id\\tname;x\\tk")
    (',', '\\t')
    """
    try:
        cells = next(csv.reader([header]), [])
    except csv.Error:
        return ","
    if len(cells) != 1:
        return ","
    separator = max(SEPARATORS, key=header.count)
    return separator if separator in header else ","


def _separator(cell: str) -> str | None:
    """The separator a header of one cell seems to use: Excel's "CSV" where
    the comma is the decimal mark uses semicolons, a copied table tabs: the
    one that cuts it into the most cells, as `_delimiter_of` reads it."""
    found = max(SEPARATORS, key=cell.count)
    return {";": "semicolons", "\t": "tabs"}[found] if found in cell else None


def _row_fault(
    row: list[str],
    header: list[str],
    name: str,
    line: int,
    span: int,
    written: int | None = None,
) -> Problem | None:
    """What is wrong with a row that is not blank: a quote never closed (a
    cell holding what looks like more rows), or the wrong number of fields.
    Such rows are reported and left out of the other checks, so that one
    stray comma does not hide the problems of every other row. A problem of
    the whole row (no column) has the row's id for its value, when it has
    one: the row is named, and what refers to it can say it was left out
    (``Problem.row``, whether or not the problem has a column). The id is
    read only where no stray comma or quote can have moved it: in the first
    column, or before the quote never closed. ``written``: the fields of the
    file's lines, when its empty end columns were left out
    (`_without_empty_end_columns`)."""
    at = header.index("id") if "id" in header else len(row)
    widths = {len(header), written or len(header)}
    id_at = header.index("id") if "id" in header else None
    swallowed = _swallowed_row(row, widths, id_at) if span > 1 else None
    trusted = at == 0 if swallowed is None else at < swallowed
    row_id = row[at].strip() or None if trusted and at < len(row) else None
    if swallowed is not None:
        column = header[swallowed] if len(row) == len(header) else None
        return Problem(
            name,
            line,
            column,
            None if column else row_id,
            f"a quoted field runs over {span} lines and holds what looks "
            "like more rows: is a quote opened here and never closed?",
            row_id,
            _swallowed_ids(row, widths, id_at, line) if id_at is not None else (),
        )
    if len(row) == len(header):
        return None
    hint = (
        f" (it runs over {span} lines: is a quote opened here and never closed?)"
        if span > 1
        else ""
    )
    return Problem(
        name,
        line,
        None,
        row_id,
        f"has {len(row)} fields but the header has {len(header)}{hint}",
        row_id,
    )


def _read_slowly(
    text: str,
    name: str,
    required: tuple[str, ...],
    problems: list[Problem],
    known: tuple[str, ...] = (),
) -> tuple[pd.DataFrame | None, np.ndarray]:
    """`read_table` by the csv module, row by row: for the files Arrow cannot
    be trusted to read as the csv module does, which have something to report."""
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
                    header = _header_of(row, known)
                else:
                    records.append(row)
                    lines.append(start_line)
                    spans.append(reader.line_num - start_line + 1)
            start_line = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            Problem(name, reader.line_num, None, None, f"is not valid CSV: {error}")
        )
        return None, _NO_LINES
    if header is None:
        problems.append(
            Problem(name, None, None, None, "is empty: it needs a header row")
        )
        return None, _NO_LINES
    written = len(header)
    header, records = _without_empty_end_columns(header, records)
    wrong = _header_faults(header, required, name, problems)
    if len(header) == 1 and _separator(header[0]):
        return None, _NO_LINES
    if not records:
        problems.append(Problem(name, None, None, None, "has a header but no rows"))
    if wrong or not records:
        return None, _NO_LINES
    good, good_lines = [], []
    for row, line, span in zip(records, lines, spans):
        problem = _row_fault(row, header, name, line, span, written)
        if problem is None:
            good.append(row)
            good_lines.append(line)
        else:
            problems.append(problem)
    cells = list(zip(*good)) or [()] * len(header)
    columns = [pa.chunked_array([pa.array(column, pa.string())]) for column in cells]
    table = pa.table(_cleaned(columns, text.encode("utf-8")), names=header)
    return _frame(table), np.array(good_lines, dtype=np.int64)


def _without_empty_end_columns(
    header: list[str], records: list[list[str]]
) -> tuple[list[str], list[list[str]]]:
    """The header and records without the columns at the end that have no
    name and no cell: a spreadsheet saves columns that once held formatting
    so ("quote,,"). A row with another number of fields is left as it is, to
    be reported.

    >>> _without_empty_end_columns(["id", "", ""], [["a", "", ""], ["b", " ", ""]])
    (['id'], [['a'], ['b']])
    >>> _without_empty_end_columns(["id", ""], [["a", "x"]])
    (['id', ''], [['a', 'x']])
    """
    width = len(header)
    named = width
    while (
        named > 1
        and not header[named - 1]
        and all(len(row) != width or not row[named - 1].strip() for row in records)
    ):
        named -= 1
    if named == width:
        return header, records
    return header[:named], [
        row[:named] if len(row) == width else row for row in records
    ]


def _cleaned(columns: list[pa.ChunkedArray], data: bytes) -> list[pa.ChunkedArray]:
    """The cells as meant: spaces around them dropped (what str.strip() drops),
    and the ``'`` that our CSV writers put before a formula character (``'=``,
    ``'-``; see `text.neutralised`) taken off again, so that what was written
    reads back. ``data``: the file's bytes, which tell when there is neither."""
    unusual = data.translate(None, PRINTABLE)  # UTF-8 keeps characters whole
    if _OTHER_WHITESPACE.search(unusual) or _spaces_beside_cells(data):
        columns = [pc.utf8_trim(column, characters=WHITESPACE) for column in columns]
    if b"'" not in data:  # else no cell can have been neutralised
        return columns
    cleaned = []
    for column in columns:
        rows = np.flatnonzero(
            pc.match_substring_regex(column, _NEUTRALISED_RE2).to_numpy()
        )
        if len(rows):
            values = column.to_pylist()
            for row in rows.tolist():
                values[row] = restored(values[row])
            column = pa.chunked_array([pa.array(values, pa.string())])
        cleaned.append(column)
    return cleaned


def _spaces_beside_cells(data: bytes) -> bool:
    """Whether a space may start or end a cell: one at either end of the
    file or beside a comma, a quote or a line break; or a line break beside
    a quote (a quoted cell may start or end with it)."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    if not len(buffer):
        return False
    last = len(buffer) - 1
    quotes = np.flatnonzero(buffer == ord('"'))
    beside = np.concatenate(
        [buffer[np.maximum(quotes - 1, 0)], buffer[np.minimum(quotes + 1, last)]]
    )
    if (beside == ord("\n")).any():
        return True
    spaces = np.flatnonzero(buffer == ord(" "))
    if not len(spaces):
        return False
    before = buffer[np.maximum(spaces - 1, 0)]
    after = buffer[np.minimum(spaces + 1, last)]
    return bool(
        spaces[0] == 0
        or spaces[-1] == last
        or _BESIDE_CELLS[before].any()
        or _BESIDE_CELLS[after].any()
    )


def _frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table of texts as a DataFrame of Arrow text columns, as the
    checks read them (`load_dataset` makes them the model's, `columns.compact`)."""
    return table.to_pandas(
        types_mapper={pa.string(): ARROW_TEXT, pa.large_string(): ARROW_TEXT}.get
    )


def _swallowed_row(row: list[str], widths: set[int], at: int | None) -> int | None:
    """The index of a field that holds a whole row of the file after a newline:
    the mark of a quote that was never closed. None when there is none.

    A row swallowed so holds no quote (the next one would have closed the
    cell), a row's number of fields (``widths``: the header's, and the
    file's lines' with the empty end columns a spreadsheet saves): a line of
    exactly as many commas, and an id at ``at`` (the id column, if any). A
    quote that lists more things than that on a line of its own is a quote
    (one of twenty countries was refused, and the data with it), and so is
    a list of as many names ("Russia, China, ..." in a note was refused).
    A swallowed row's own quoted cell closes the one left open: its line then
    holds as many commas as the cell's column has cells before it (a row
    taken in so vanished with the file called valid).
    """
    commas = {width - 1 for width in widths}
    for index, cell in enumerate(row):
        for piece in cell.split("\n")[1:]:
            if _looks_like_row(piece, commas | {index}, at):
                return index
    return None


def _looks_like_row(piece: str, commas: set[int], at: int | None) -> bool:
    """Whether a line inside a cell is written as a row is: as many commas
    (one of ``commas``) and, at ``at``, an id."""
    if piece.count(",") not in commas:
        return False
    return at is None or is_slug(piece.split(",")[at].strip())


def _swallowed_ids(
    row: list[str], widths: set[int], at: int, line: int
) -> tuple[tuple[str, int], ...]:
    """The id (the ``at``-th field) and line of each row of the file that a
    quote never closed took into ``row`` (which starts on ``line``): the
    lines inside its cells with a row's number of commas (`_swallowed_row`).

    >>> _swallowed_ids(['a', 'x\\nb,y\\nc,z\\nd'], {2}, 0, 4)
    (('b', 5), ('c', 6))
    """
    commas = {width - 1 for width in widths}
    found, breaks = [], 0
    for index, cell in enumerate(row):
        pieces = cell.split("\n")
        for number, piece in enumerate(pieces[1:], start=1):
            if _looks_like_row(piece, commas | {index}, at):
                found.append((piece.split(",")[at].strip(), line + breaks + number))
        breaks += len(pieces) - 1
    return tuple(found)
