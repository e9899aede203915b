"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) and the days each one covers.

A date written as ``2025-11`` means "some time in November 2025": it covers the
whole month, and a one-off event with that date is active in any window that
overlaps the month. A ``week`` precision covers seven days from the given day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

__all__ = [
    "DATE_PRECISIONS",
    "DateError",
    "EARLIEST",
    "LATEST",
    "PRECISIONS",
    "PartialDate",
    "RANGE_TEXT",
    "format_partial",
    "in_range",
    "parse_full_day",
    "parse_partial",
]

#: Periods a date can stand for, from finest to coarsest.
PRECISIONS = ("day", "week", "month", "year")
#: Every value of ``date_precision``: the periods, and two forms for dates the
#: source does not give exactly. ``between``: a one-off event some day from
#: ``start`` to ``end``. ``as-of``: known to hold on ``start``; when it began
#: is not given.
DATE_PRECISIONS = (*PRECISIONS, "between", "as-of")
#: The days a date may fall on (docs/data-format.md). Wider ranges break
#: further on: pandas' timestamps end in 2262, and a week or a window
#: reaching past year 9999 cannot be computed at all.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
RANGE_TEXT = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"


def in_range(day: date) -> bool:
    """Whether ``day`` is one the data may hold (`EARLIEST` to `LATEST`).

    >>> in_range(date(2025, 12, 11)), in_range(date(9999, 12, 31))
    (True, False)
    """
    return EARLIEST <= day <= LATEST


class DateError(ValueError):
    """A date that cannot be read, and the column to blame."""

    def __init__(self, message: str, column: str = "start"):
        super().__init__(message)
        self.column = column


# ASCII digits only: Python's \d takes "٢٠٢٥" and "２０２５" for 2025
_FORMS = {
    "year": re.compile(r"^([0-9]{4})$"),
    "month": re.compile(r"^([0-9]{4})-([0-9]{2})$"),
    "day": re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"),
}


#: the midnight a spreadsheet writes after a day it holds as a date and time
#: ("2025-12-11 00:00:00"): the day, as written without it
_MIDNIGHT = re.compile(r"(?<=^[0-9]{4}-[0-9]{2}-[0-9]{2})[ T]00:00(?::00)?$")
_TIMED = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{1,2}:[0-9]{2}")
_SLASHED = re.compile(r"^[0-9]{1,4}[/.][0-9]{1,2}[/.][0-9]{1,4}$")


def _not_a_date(text: str, forms: str = "YYYY-MM-DD, YYYY-MM or YYYY") -> str:
    """Why ``text`` is no date (one of ``forms``), with what a spreadsheet's
    own formats need.

    >>> _not_a_date("11/12/2025")
    "is not a date: write it YYYY-MM-DD (with slashes or dots, which of day and month comes first differs by country; in Excel, format the column as 'yyyy-mm-dd')"
    """
    expected = f"is not a date: expected {forms}"
    if _SLASHED.match(text):
        return (
            "is not a date: write it YYYY-MM-DD (with slashes or dots, which of "
            "day and month comes first differs by country; in Excel, format the "
            "column as 'yyyy-mm-dd')"
        )
    if _TIMED.match(text):
        return f"{expected}; a time of day is not kept: give the day alone"
    return expected


@dataclass(frozen=True)
class PartialDate:
    """The first and last day a partial date covers, and how precise it is."""

    first: date
    last: date
    precision: str


def parse_full_day(text: str) -> date:
    """A day written ``YYYY-MM-DD`` in a file (a story's), read as
    `parse_partial` reads one: the one way a full date is written here
    (docs/data-format.md), where Python's ``date.fromisoformat`` also takes a
    week's day ("2025-W47-5") and digits alone ("20251121"). (What the page
    sends, a time of day allowed, is read by `urlstate.parse_day`.)

    Raises:
        DateError: with a message fit for a user.

    >>> parse_full_day("2025-11-21")
    datetime.date(2025, 11, 21)
    >>> parse_full_day("2025-W47-5")
    Traceback (most recent call last):
    dashboard.core.dates.DateError: is not a date: expected YYYY-MM-DD
    """
    text = _MIDNIGHT.sub("", text.strip())
    if not _FORMS["day"].match(text):
        raise DateError(_not_a_date(text, "YYYY-MM-DD"))
    return parse_partial(text).first


def parse_partial(text: str, precision: str = "") -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally coarsened.

    Args:
        text: the date as written in the data file.
        precision: an explicit precision (``day``, ``week``, ``month``, ``year``,
            ``between``, ``as-of``); empty means the precision of the written
            form. A period may be coarser than the written form (``2025-12-08``
            with ``week``), never finer; ``as-of`` needs a full date.

    Raises:
        DateError: with a message fit for a user and the column to blame.

    >>> parse_partial("2025-11").last
    datetime.date(2025, 11, 30)
    """
    text = _MIDNIGHT.sub("", text.strip())
    written = next((name for name, form in _FORMS.items() if form.match(text)), None)
    if written is None:
        raise DateError(_not_a_date(text))
    parts = [int(part) for part in text.split("-")]
    try:
        first = date(
            parts[0],
            parts[1] if len(parts) > 1 else 1,
            parts[2] if len(parts) > 2 else 1,
        )
    except ValueError:
        raise DateError("is not a real calendar date") from None
    if not in_range(first):
        raise DateError(f"is outside the dates the atlas can show ({RANGE_TEXT})")
    precision = precision.strip().lower() or written
    if precision not in DATE_PRECISIONS:
        raise DateError(
            f"is not a precision: use one of {', '.join(DATE_PRECISIONS)}",
            "date_precision",
        )
    if precision == "between":
        return replace(parse_partial(text), precision="between")
    if precision == "as-of":
        if written != "day":
            raise DateError("needs a full start date (YYYY-MM-DD)", "date_precision")
        return PartialDate(first=first, last=first, precision="as-of")
    if PRECISIONS.index(precision) < PRECISIONS.index(written):
        raise DateError(
            f"is finer than the start date, which gives only the {written}",
            "date_precision",
        )
    return PartialDate(
        first=_period_start(first, precision),
        last=_period_end(first, precision),
        precision=precision,
    )


def _period_start(day: date, precision: str) -> date:
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def _period_end(day: date, precision: str) -> date:
    if precision == "week":
        return day + timedelta(days=6)
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == "year":
        return day.replace(month=12, day=31)
    return day


def format_partial(
    first: date, precision: str, *, approximate: bool = False, last: date | None = None
) -> str:
    """A label for a date: ``21 Nov 2025``, ``≈ Nov 2025``, ``week of 8 Dec 2025``,
    ``between 8 and 11 Dec 2025`` (``last`` needed), ``as of 11 Dec 2025``.

    >>> format_partial(date(2025, 11, 28), "between", last=date(2025, 12, 3))
    'between 28 Nov and 3 Dec 2025'

    Two ends on one day are that day, not "between 21 and 21 Nov 2025":

    >>> format_partial(date(2025, 11, 21), "between", last=date(2025, 11, 21))
    '21 Nov 2025'
    """
    if precision == "between" and last == first:
        precision = "day"
    if precision == "between" and last is not None:
        if (first.year, first.month) == (last.year, last.month):
            return f"between {first.day} and {last.day} {last:%b %Y}"
        if first.year == last.year:
            return f"between {first.day} {first:%b} and {last.day} {last:%b %Y}"
        return f"between {first.day} {first:%b %Y} and {last.day} {last:%b %Y}"
    if precision == "as-of":
        return f"as of {first.day} {first:%b %Y}"
    if precision == "year":
        label = f"{first.year}"
    elif precision == "month":
        label = first.strftime("%b %Y")
    elif precision == "week":
        label = f"week of {first.day} {first.strftime('%b %Y')}"
    else:
        label = f"{first.day} {first.strftime('%b %Y')}"
    return f"≈ {label}" if approximate else label
