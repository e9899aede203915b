"""Checks that run down a whole column of a table: ids, texts, and the
number of sources behind each relation."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.core.problems import Problem
from dashboard.core.text import control_at, limit_of, visible

__all__ = ["check_ids", "check_text", "source_counts", "source_names"]

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


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


def source_counts(relations: pd.DataFrame, lines: list[int], problems: list[Problem]):
    """How many independent sources back each relation: ``source_count`` when
    given (machine-coded data counts its own), else the sources in ``reported_by``."""
    counts = []
    for line, given, reported_by in zip(
        lines, relations["source_count"], relations["reported_by"]
    ):
        if given:
            if not (given.isascii() and given.isdigit()):
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
            # a count past its length limit is reported by check_text; int()
            # refuses numbers of more than 4,300 digits
            counts.append(int(given) if len(given) <= 9 else 0)
        else:
            counts.append(len(source_names(reported_by)))
    return counts


def check_ids(
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


def check_text(
    table: pd.DataFrame, lines: list[int], name: str, problems: list[Problem]
) -> None:
    """Every text of ``table`` (the file ``name``): no control character but
    tab and line breaks, none longer than its column's limit (`text.py`).

    Each column is searched in one pass and only the rare offending rows are
    looked at: 100,000 relations are checked in about a tenth of a second.
    """
    for column in table.columns:
        values = table[column].to_numpy(dtype=object)  # not tolist(): 10x sooner
        limit = limit_of(name, column)
        joined = "".join(values)
        if control_at(joined) is None and max(map(len, values), default=0) <= limit:
            continue
        for index, value in enumerate(values):
            where = control_at(value)
            if where is not None:
                problems.append(
                    Problem(
                        name,
                        lines[index],
                        column,
                        visible(value, 60, around=where),
                        f"holds the invisible character U+{ord(value[where]):04X} "
                        f"at character {where + 1}: a text may hold tabs and "
                        "line breaks, no other control character or separator",
                    )
                )
            elif len(value) > limit:
                problems.append(
                    Problem(
                        name,
                        lines[index],
                        column,
                        visible(value, 40),
                        f"is {len(value):,} characters long: '{column}' holds at "
                        f"most {limit:,}",
                    )
                )
