"""The view as a URL query string, and back: a link reproduces what its sender saw.

| parameter    | value                                           |
|--------------|-------------------------------------------------|
| `start`,`end`| ISO dates of the window                          |
| `kinds`      | relation kinds, comma-separated (default: all; empty: none) |
| `actors`     | actor kinds, comma-separated (default: all)      |
| `confidence` | confidence levels, comma-separated (default: all)|
| `sources`    | minimum number of sources behind a relation      |
| `states`     | 1 for the states-only view                       |
| `focus`      | the selected actor's id                          |
| `depth`      | 1-3: show only the focus's neighbourhood         |
| `path`       | two actor ids, comma-separated                   |
| `colour`     | `bloc` to colour actors by bloc                  |
| `compare`    | a date that splits the window into before/after  |
| `origins`    | data sets shown, comma-separated (default: all)  |

Anything invalid falls back to its default and says so in a notice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from dashboard.view import View

__all__ = ["parse_query", "to_query"]


def parse_query(
    search: str | None,
    *,
    span: tuple[date, date],
    kinds: list[str],
    actor_kinds: list[str],
    confidence: list[str],
    actors: set[str],
    origins: list[str] = (),
) -> View:
    """Read a query string (``?start=2019-01-01&end=2019-12-31``) into a View.

    ``span`` is the default window; the lists and the set are the valid values.
    """
    query = (search or "").lstrip("?")
    params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    notices: list[str] = []
    view = View(start=span[0], end=span[1])

    start = _date(params, "start", notices)
    end = _date(params, "end", notices)
    if start and end and end < start:
        notices.append(f"end {end} is before start {start}: showing the whole span")
        start = end = None
    view = replace(view, start=start or view.start, end=end or view.end)

    chosen = {}
    for name, valid in (
        ("kinds", kinds),
        ("actors", actor_kinds),
        ("confidence", confidence),
        ("origins", origins),
    ):
        if name in params:
            asked = [k.strip() for k in params[name].split(",") if k.strip()]
            unknown = [k for k in asked if k not in valid]
            if unknown:
                notices.append(f"unknown {name} ignored: {', '.join(unknown)}")
            known = tuple(k for k in valid if k in asked)
            chosen[name] = known if len(known) < len(valid) else None
    view = replace(
        view,
        kinds=chosen.get("kinds"),
        actor_kinds=chosen.get("actors"),
        confidence=chosen.get("confidence"),
        origins=chosen.get("origins"),
    )
    if "sources" in params:
        if params["sources"] in ("1", "2", "3"):
            view = replace(view, min_sources=int(params["sources"]))
        else:
            notices.append(f"sources must be 1, 2 or 3, not '{params['sources']}'")
    if "states" in params:
        if params["states"] in ("0", "1"):
            view = replace(view, states=params["states"] == "1")
        else:
            notices.append(f"states must be 0 or 1, not '{params['states']}'")
    if "focus" in params:
        if params["focus"] in actors:
            view = replace(view, focus=params["focus"])
        else:
            notices.append(f"no actor '{params['focus']}' to focus on")
    if "depth" in params:
        if params["depth"] in ("0", "1", "2", "3"):
            view = replace(view, depth=int(params["depth"]))
        else:
            notices.append(f"depth must be 1, 2 or 3, not '{params['depth']}'")
    if "path" in params:
        ends = params["path"].split(",")
        if len(ends) == 2 and all(end in actors for end in ends) and ends[0] != ends[1]:
            view = replace(view, path=(ends[0], ends[1]))
        else:
            notices.append(
                f"path needs two different actor ids, not '{params['path']}'"
            )
    if "colour" in params:
        if params["colour"] in ("country", "bloc"):
            view = replace(view, colour=params["colour"])
        else:
            notices.append(f"colour must be country or bloc, not '{params['colour']}'")
    if "compare" in params:
        split = _date(params, "compare", notices)
        if split and view.start < split <= view.end:
            view = replace(view, compare=split)
        elif split:
            notices.append(f"compare date {split} is not inside the window")
    return replace(view, notices=tuple(notices))


def to_query(view: View) -> str:
    """The query string for a view; defaults are left out except the window."""
    params = {"start": view.start.isoformat(), "end": view.end.isoformat()}
    for name, chosen in (
        ("kinds", view.kinds),
        ("actors", view.actor_kinds),
        ("confidence", view.confidence),
        ("origins", view.origins),
    ):
        if chosen is not None:  # an empty list is a choice too: nothing
            params[name] = ",".join(chosen)
    if view.min_sources > 1:
        params["sources"] = str(view.min_sources)
    if view.states:
        params["states"] = "1"
    if view.focus:
        params["focus"] = view.focus
    if view.depth:
        params["depth"] = str(view.depth)
    if view.path:
        params["path"] = ",".join(view.path)
    if view.colour != "country":
        params["colour"] = view.colour
    if view.compare:
        params["compare"] = view.compare.isoformat()
    return "?" + urlencode(params, safe=",")


def _date(params: dict[str, str], name: str, notices: list[str]) -> date | None:
    if name not in params:
        return None
    try:
        return date.fromisoformat(params[name])
    except ValueError:
        notices.append(f"{name} '{params[name]}' is not a date (YYYY-MM-DD): ignored")
        return None
