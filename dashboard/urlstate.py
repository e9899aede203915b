"""The view as a URL query string, and back: a link reproduces what its sender saw.

Parameters: ``start`` and ``end`` (ISO dates), ``kinds`` (comma-separated
relation kinds), ``focus`` (an actor id), ``states`` (1 for the states-only view).
Anything invalid falls back to its default and says so in a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

__all__ = ["View", "parse_query", "to_query"]


@dataclass(frozen=True)
class View:
    """What the user is looking at; every field has a default."""

    start: date
    end: date
    kinds: tuple[str, ...] = ()  # empty: every kind
    focus: str | None = None
    states: bool = False
    notices: tuple[str, ...] = field(default=(), compare=False)


def parse_query(
    search: str | None,
    *,
    span: tuple[date, date],
    kinds: list[str],
    actors: set[str],
) -> View:
    """Read a query string (``?start=2019-01-01&end=2019-12-31``) into a View.

    ``span`` is the default window, ``kinds`` and ``actors`` the valid values.
    """
    params = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
    notices: list[str] = []
    view = View(start=span[0], end=span[1])

    start = _date_param(params, "start", notices)
    end = _date_param(params, "end", notices)
    if start and end and end < start:
        notices.append(f"end {end} is before start {start}: showing the whole span")
        start = end = None
    view = replace(view, start=start or view.start, end=end or view.end)

    if "kinds" in params:
        asked = [k.strip() for k in params["kinds"].split(",") if k.strip()]
        unknown = [k for k in asked if k not in kinds]
        if unknown:
            notices.append(f"unknown relation kind(s) ignored: {', '.join(unknown)}")
        known = tuple(k for k in asked if k in kinds)
        view = replace(view, kinds=known if len(known) < len(kinds) else ())
    if "focus" in params:
        if params["focus"] in actors:
            view = replace(view, focus=params["focus"])
        else:
            notices.append(f"no actor '{params['focus']}' to focus on")
    if "states" in params:
        if params["states"] in ("0", "1"):
            view = replace(view, states=params["states"] == "1")
        else:
            notices.append(f"states must be 0 or 1, not '{params['states']}'")
    return replace(view, notices=tuple(notices))


def to_query(view: View) -> str:
    """The query string for a view; defaults are left out except the window."""
    params = {"start": view.start.isoformat(), "end": view.end.isoformat()}
    if view.kinds:
        params["kinds"] = ",".join(view.kinds)
    if view.focus:
        params["focus"] = view.focus
    if view.states:
        params["states"] = "1"
    return "?" + urlencode(params, safe=",")


def _date_param(params: dict[str, str], name: str, notices: list[str]) -> date | None:
    if name not in params:
        return None
    try:
        return date.fromisoformat(params[name])
    except ValueError:
        notices.append(f"{name} '{params[name]}' is not a date (YYYY-MM-DD): ignored")
        return None
