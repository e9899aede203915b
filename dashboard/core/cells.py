"""Checks that run down a whole column of a table (ids, texts, the number of
sources behind each relation) and what lets a rule run on a column at once:
each distinct value looked at once, and the problems found given back in the
order a pass row by row would find them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.core.problems import Problem
from dashboard.core.text import control_at, limit_of, visible

__all__ = [
    "PRINTABLE",
    "Findings",
    "arrow_text",
    "check_ids",
    "check_text",
    "distinct",
    "has_control",
    "is_slug",
    "matches",
    "source_counts",
    "source_names",
]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# the same for Arrow (RE2), whose "$" is the end of the text only: Python's
# also matches before a last line break
_SLUG_RE2 = r"^[a-z0-9][a-z0-9._-]*\n?$"


def is_slug(text: str) -> bool:
    """Whether ``text`` is written as an id must be."""
    return _SLUG.match(text) is not None


# `text.control_at`'s characters as RE2 sees them (no surrogate is in UTF-8),
# and as their UTF-8 bytes, searched in a column's bytes at once
_CONTROL_RE2 = "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\x{2028}\\x{2029}\\x{fffe}\\x{ffff}]"
_CONTROL_BYTES = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]"
)


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


def arrow_text(column: pd.Series) -> pa.ChunkedArray | None:
    """The texts of ``column`` as Arrow, without a copy when Arrow holds them;
    None when they cannot be (not all texts, or a lone surrogate)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        return column.array.__arrow_array__()
    try:
        return pa.chunked_array([pa.array(column.to_numpy(dtype=object), pa.string())])
    except (pa.ArrowException, TypeError, ValueError, UnicodeError):
        return None


def matches(column: pd.Series, python: re.Pattern, re2: str) -> np.ndarray:
    """Which values of ``column`` ``python`` matches at their start, as a
    boolean array; ``re2`` is the same pattern for Arrow, which runs it on the
    whole column at once."""
    texts = arrow_text(column)
    if texts is not None:
        return _flat(pc.match_substring_regex(texts, re2))
    return np.fromiter(
        (bool(python.match(value)) for value in column), bool, len(column)
    )


def _flat(result: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A boolean Arrow result as numpy, a null (no value) as False."""
    return np.asarray(pc.fill_null(result, False), dtype=bool)


def distinct(*columns: pd.Series) -> tuple[np.ndarray, list[tuple]]:
    """Each row's number among the distinct combinations of ``columns``'
    values, and those combinations as tuples, numbered in the order they first
    appear: a rule then looks at each combination once, not at every row.

    >>> numbers, values = distinct(pd.Series(["a", "b", "a"]), pd.Series(["x", "x", "x"]))
    >>> numbers.tolist(), values
    ([0, 1, 0], [('a', 'x'), ('b', 'x')])
    """
    numbers = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, found = pd.factorize(column, use_na_sentinel=False)
        # numbered again after each column, in the order they first appear:
        # the numbers stay below the rows'
        numbers = pd.factorize(numbers * len(found) + codes)[0]
    numbers = np.asarray(numbers, dtype=np.int64)
    # numbered as they appear: a combination's first row is where the
    # numbers reach a new highest
    highest = np.maximum.accumulate(numbers) if len(numbers) else numbers
    firsts = np.flatnonzero(np.diff(highest, prepend=-1) > 0)
    values = [column.iloc[firsts].tolist() for column in columns]
    return numbers, list(zip(*values))


class Findings:
    """The problems of one file found rule by rule, each at its row, given
    back as a pass row by row finds them: by row, and in one row in the
    order of the rules."""

    def __init__(self, name: str, lines: Sequence[int]):
        self.name = name
        self.lines = np.asarray(lines, dtype=np.int64)
        self._found: list[tuple[int, Problem]] = []

    def add(
        self,
        rows: np.ndarray,
        column: str | None,
        values: Sequence | str | None,
        message: str | Sequence[str] | Callable[[str], str],
    ) -> None:
        """A problem at each of ``rows`` (positions): the value each row holds
        (or one value for all), and the message: one for all, one per row, or
        the function of the value that writes it."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return
        if values is None or isinstance(values, str):
            values = [values] * len(rows)
        if isinstance(message, str):
            messages = [message] * len(rows)
        elif callable(message):
            messages = map(message, values)
        else:
            messages = message
        for row, line, value, said in zip(
            rows.tolist(), self.lines[rows].tolist(), values, messages
        ):
            self._found.append((row, Problem(self.name, line, column, value, said)))

    def add_where(
        self,
        mask: np.ndarray,
        column: str,
        values: pd.Series | str,
        message: str | Sequence[str] | Callable[[str], str],
    ) -> None:
        """A problem at each row where ``mask`` is true, with the row's value
        of ``values`` (a column) or the one value given."""
        rows = np.flatnonzero(mask)
        if isinstance(values, pd.Series):
            values = values.iloc[rows].tolist()
        self.add(rows, column, values, message)

    def into(self, problems: list[Problem]) -> None:
        """Add what was found to ``problems``, row by row."""
        self._found.sort(key=lambda found: found[0])  # stable: rules keep their order
        problems.extend(problem for _, problem in self._found)
        self._found = []


def source_counts(
    relations: pd.DataFrame, lines: Sequence[int], problems: list[Problem]
) -> np.ndarray:
    """How many independent sources back each relation: ``source_count`` when
    given (machine-coded data counts its own), else the sources in ``reported_by``."""
    given_numbers, givens = distinct(relations["source_count"])
    named_numbers, reporters = distinct(relations["reported_by"])
    named = np.array([len(source_names(by)) for (by,) in reporters], dtype=np.int64)
    counted = np.full(len(givens), -1, dtype=np.int64)  # -1: none given
    bad = np.zeros(len(givens), dtype=bool)
    for number, (given,) in enumerate(givens):
        if not given:
            continue
        if not (given.isascii() and given.isdigit()):
            bad[number], counted[number] = True, 0
        else:
            # a count past its length limit is reported by check_text; int()
            # refuses numbers of more than 4,300 digits
            counted[number] = int(given) if len(given) <= 9 else 0
    counts = counted[given_numbers]
    unsaid = counts < 0
    counts[unsaid] = named[named_numbers[unsaid]]
    found = Findings("relations.csv", lines)
    found.add_where(
        bad[given_numbers], "source_count", relations["source_count"],
        "is not a whole number",
    )  # fmt: skip
    found.into(problems)
    return counts


def check_ids(
    table: pd.DataFrame, lines: Sequence[int], name: str, problems: list[Problem]
) -> None:
    """Every ``id`` given, a slug, and not one an earlier row has."""
    found = Findings(name, lines)
    ids = table["id"]
    empty = (ids == "").to_numpy(dtype=bool)
    slug = ~empty & matches(ids, _SLUG, _SLUG_RE2)
    repeated = slug & ids.duplicated(keep="first").to_numpy(dtype=bool)
    found.add_where(empty, "id", "", "is empty")
    found.add_where(
        ~empty & ~slug, "id", ids,
        "is not a slug: use lower-case letters, digits, '-', '_' or '.'",
    )  # fmt: skip
    if repeated.any():
        # the line of each repeated id's first row
        again = set(ids[repeated])
        firsts = np.flatnonzero(slug & ~repeated & ids.isin(again).to_numpy(dtype=bool))
        line_of = dict(zip(ids.iloc[firsts].tolist(), found.lines[firsts].tolist()))
        found.add_where(
            repeated,
            "id",
            ids,
            lambda value: f"is a duplicate of line {line_of[value]}",
        )
    found.into(problems)


def check_text(
    table: pd.DataFrame, lines: Sequence[int], name: str, problems: list[Problem]
) -> None:
    """Every text of ``table`` (the file ``name``): no control character but
    tab and line breaks, none longer than its column's limit (`text.py`).

    Each column is searched in one pass over its bytes and only the rare
    offending rows are looked at: a million relations are checked in about
    a tenth of a second.
    """
    for column in table.columns:
        limit = limit_of(name, column)
        texts = arrow_text(table[column])
        if texts is not None:
            if not any(_controls_or_longer(chunk, limit) for chunk in texts.chunks):
                continue
            suspect = np.flatnonzero(
                _flat(pc.match_substring_regex(texts, _CONTROL_RE2))
                | (pc.utf8_length(texts).fill_null(0).to_numpy() > limit)
            )
            values = table[column].iloc[suspect].tolist()
        else:
            values = table[column].to_numpy(dtype=object)  # not tolist(): 10x sooner
            if control_at("".join(values)) is None and (
                max(map(len, values), default=0) <= limit
            ):
                continue
            suspect = np.arange(len(values))
        for index, value in zip(suspect.tolist(), values):
            where = control_at(value)
            if where is not None:
                problems.append(
                    Problem(
                        name,
                        int(lines[index]),
                        column,
                        visible(value, 60, around=where),
                        f"holds the invisible character U+{ord(value[where]):04X} "
                        f"at character {where + 1}: a text may hold tabs and "
                        "line breaks, no other control character, separator or "
                        "noncharacter",
                    )
                )
            elif len(value) > limit:
                problems.append(
                    Problem(
                        name,
                        int(lines[index]),
                        column,
                        visible(value, 40),
                        f"is {len(value):,} characters long: '{column}' holds at "
                        f"most {limit:,}",
                    )
                )


def _controls_or_longer(chunk: pa.Array, limit: int) -> bool:
    """Whether a chunk of texts may hold a control character or a text
    longer than ``limit``: its bytes searched at once, its longest text
    measured in bytes (never fewer than its characters)."""
    if len(chunk) == 0:
        return False
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    _, offsets, data = chunk.buffers()
    offsets = np.frombuffer(offsets, dtype=width)[
        chunk.offset : chunk.offset + len(chunk) + 1
    ]
    if np.diff(offsets).max() > limit:
        return True
    if data is None:  # every text empty
        return False
    return has_control(memoryview(data)[offsets[0] : offsets[-1]])


def has_control(data: bytes | memoryview) -> bool:
    """Whether UTF-8 ``data`` holds a character `text.control_at` finds.

    Printable ASCII is taken out first (in one fast pass): what is left is
    little in most files, and UTF-8 keeps each character's bytes together.

    >>> has_control("a\\u2028b".encode()), has_control("a\\tb\\n".encode())
    (True, False)
    """
    return _CONTROL_BYTES.search(bytes(data).translate(None, PRINTABLE)) is not None


#: the bytes of printable ASCII, a space to a tilde
PRINTABLE = bytes(range(0x20, 0x7F))
