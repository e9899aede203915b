"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) and the days each one covers.

A date written as ``2025-11`` means "some time in November 2025": it covers the
whole month, and a one-off event with that date is active in any window that
overlaps the month. A ``week`` precision covers seven days from the given day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["PRECISIONS", "PartialDate", "format_partial", "parse_partial"]

#: From finest to coarsest.
PRECISIONS = ("day", "week", "month", "year")

_FORMS = {
    "year": re.compile(r"^(\d{4})$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "day": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
}


@dataclass(frozen=True)
class PartialDate:
    """The first and last day a partial date covers, and how precise it is."""

    first: date
    last: date
    precision: str


def parse_partial(text: str, precision: str = "") -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally coarsened.

    Args:
        text: the date as written in the data file.
        precision: an explicit precision (``day``, ``week``, ``month``, ``year``);
            empty means the precision of the written form. It may be coarser than
            the written form (``2025-12-08`` with ``week``), never finer.

    Raises:
        ValueError: with a message fit for a user, naming what was expected.

    >>> parse_partial("2025-11").last
    datetime.date(2025, 11, 30)
    """
    text = text.strip()
    written = next((name for name, form in _FORMS.items() if form.match(text)), None)
    if written is None:
        raise ValueError("is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY")
    parts = [int(part) for part in text.split("-")]
    try:
        first = date(
            parts[0],
            parts[1] if len(parts) > 1 else 1,
            parts[2] if len(parts) > 2 else 1,
        )
    except ValueError:
        raise ValueError("is not a real calendar date") from None
    precision = precision.strip().lower() or written
    if precision not in PRECISIONS:
        raise ValueError(f"has an unknown precision '{precision}'")
    if PRECISIONS.index(precision) < PRECISIONS.index(written):
        raise ValueError(
            f"is written to the {written} but the precision says {precision}"
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


def format_partial(first: date, precision: str, *, approximate: bool = False) -> str:
    """A label for a date: ``21 Nov 2025``, ``week of 8 Dec 2025``, ``≈ Nov 2025``."""
    if precision == "year":
        label = f"{first.year}"
    elif precision == "month":
        label = first.strftime("%b %Y")
    elif precision == "week":
        label = f"week of {first.day} {first.strftime('%b %Y')}"
    else:
        label = f"{first.day} {first.strftime('%b %Y')}"
    return f"≈ {label}" if approximate else label
