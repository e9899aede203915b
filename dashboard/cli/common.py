"""What the subcommands share: saying why they failed and writing a file."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path


def fail(message: object, status: int = 2) -> int:
    """Say why on standard error; the exit status (2: a bad argument)."""
    print(message, file=sys.stderr)
    return status


def write(path: str | Path, content: bytes) -> Path:
    """Write ``content`` to ``path``, making its folders; the path written."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        out.write_bytes(content)
    except OSError as error:  # a full disk names no file: this one
        error.filename = error.filename or str(out)
        raise
    return out


#: The files that make a folder a data directory (`check`, `--data`).
DATA_FILES = ("actors.csv", "relations.csv")


def data_out_problem(
    out: Path, *, replace: bool, reading: list[str | Path] = ()
) -> str | None:
    """Why ``out`` may not receive a data directory's files, or None: a
    file of that name; a directory being read (``reading``); one that holds
    a data set already, unless ``replace``. An export once wrote a filtered
    view over the data it had read, 27 relations becoming 3, and an import
    over curated data, each without a word.

    >>> data_out_problem(Path("/nonexistent/new"), replace=False) is None
    True
    """
    if out.exists() and not out.is_dir():
        return f"--out {out}: is a file, not a directory"
    if any(out.resolve() == Path(d).resolve() for d in reading):
        return f"--out {out}: is the data being read; give another directory"
    folders = [name for name in DATA_FILES if (out / name).is_dir()]
    if folders:  # found before writing: the other table would be half a set
        return f"--out {out}: holds a folder named {folders[0]}, where a table goes"
    held = [name for name in DATA_FILES if (out / name).exists()]
    if held and not replace:
        return (
            f"--out {out}: holds a data set already ({', '.join(held)}); give a new "
            "directory, or --replace to replace its files"
        )
    return None


def inside_data(out: Path, reading: list[str | Path]) -> str | None:
    """Why a file ``out`` may not be written: it lies in a directory being
    read (an export written as its own relations.csv), or None."""
    folder = out.resolve().parent
    for directory in reading:
        if (
            folder == Path(directory).resolve()
            or Path(directory).resolve() in folder.parents
        ):
            return f"--out {out}: is inside the data being read; give another place"
    return None


#: The one way a date option is written (YYYY-MM-DD).
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def option_day(option: str, text: str | None) -> date | None:
    """A date option's value (YYYY-MM-DD), None when not given. ValueError
    naming the option and the value: "--start/--end: month must be in 1..12"
    said neither. Only that form: Python's ``date.fromisoformat`` also reads a
    week's day ("2025-W49-1") and digits alone ("20251201"), which a slip
    could give.

    >>> option_day("--since", "2015-02-30")
    Traceback (most recent call last):
    ValueError: --since 2015-02-30: day is out of range for month (use YYYY-MM-DD)
    >>> option_day("--end", "2025-W49-1")
    Traceback (most recent call last):
    ValueError: --end 2025-W49-1: not a date (use YYYY-MM-DD)
    """
    if not text:
        return None
    if not _DAY.fullmatch(text):
        raise ValueError(f"{option} {text}: not a date (use YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        # Python's own "Invalid isoformat string: 'soon'" repeats the value
        why = "not a date" if "isoformat" in str(error) else error
        raise ValueError(f"{option} {text}: {why} (use YYYY-MM-DD)") from None


def window_dates(args) -> dict:
    """The ``--start`` and ``--end`` given, as dates by name (ValueError, as
    `option_day`, also when one is outside the dates the data may hold)."""
    from dashboard.core.dates import RANGE_TEXT, in_range

    dates = {}
    for name, value in (("start", args.start), ("end", args.end)):
        day = option_day(f"--{name}", value)
        if day is None:
            continue
        if not in_range(day):
            raise ValueError(f"--{name} {value}: outside {RANGE_TEXT}")
        dates[name] = day
    return dates


def what_is_wrong(notice: str) -> str:
    """A link's notice as the page words it, without what the page does
    instead (": ignored", "; showing all"): export refuses the link, and
    "start 'xx' is not a date: ignored" before the refusal read as if it
    went on without it (and render's, which wrote nothing)."""
    notice = notice.removesuffix("; showing all").removesuffix(": ignored")
    return notice.replace(" not in this data, ignored:", " not in this data:")
