"""What is wrong with a data file, located precisely: one Problem per fault,
and the error that carries them all."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.core.text import visible

__all__ = ["DataError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, located precisely enough to fix it."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    #: the id of the row this problem leaves out whole (a stray comma, a quote
    #: never closed), when it can be read: what names that id can say why
    row: str | None = None
    #: the rows a quote never closed took into its cell, each as (id, line):
    #: what names one of them can say where it went, not that it is no row
    swallowed: tuple[tuple[str, int], ...] = ()

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        # a value from a file nobody here wrote: its control characters
        # escaped and its length bounded, so that the message can be read
        value = f" '{visible(self.value)}'" if self.value is not None else ""
        return f"{where}:{value} {self.message}"


class DataError(Exception):
    """A data directory that failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0))
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n{lines}")
