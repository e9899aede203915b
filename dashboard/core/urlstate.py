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
| `relation`   | the selected relation's id (several: `r1|r2`; a pair: `pair:a~b`); ignored beside `focus` |
| `depth`      | 1-3: show only the focus's neighbourhood         |
| `path`       | two actor ids, comma-separated                   |
| `colour`     | `bloc` to colour actors by bloc                  |
| `compare`    | a date that splits the window into before/after  |
| `origins`    | data sets shown, comma-separated (default: all)  |
| `network`    | `all` to draw every actor of a large view (default: its overview of states) |
| `expand`     | the states opened in that overview, comma-separated |
| `present`    | 1 for the presentation mode                      |
| `theme`      | `dark` for the dark theme (default: `light`)     |
| `story`, `step` | a story's name and the step shown (from 1)    |
| `tab`        | the details card's open tab (default: `details`) |
| `map`        | where the map looks: centre longitude, latitude and the width shown in degrees of longitude (`map=-40.5,20,90`; default: framed on the actors in view) |

Anything invalid falls back to its default and says so in a notice. The
filters' parameters come from their table (core/filters.py `FILTERS`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from dashboard.core.aggregate import pair_ends
from dashboard.core.dates import EARLIEST, LATEST, in_range
from dashboard.core.filters import FILTERS, Filter
from dashboard.core.overview import MAX_EXPANDED
from dashboard.core.text import visible
from dashboard.core.view import View

__all__ = [
    "Display",
    "MapCamera",
    "parse_camera",
    "parse_display",
    "parse_query",
    "parse_relation",
    "query_part",
    "repeated_params",
    "to_query",
    "with_window",
]

THEMES = ("light", "dark")
#: The details card's tabs, in the order the page shows them.
TABS = ("details", "events", "rankings", "path", "change")
#: The most relations one link may select (an edge drawn for a busy pair).
MAX_SELECTED = 500


#: The furthest north or south a map may be centred (Mercator stretches
#: without bound towards the poles).
CAMERA_LAT = 80.0
#: The narrowest and widest a map may show, in degrees of longitude: a city's
#: surroundings, the whole world.
CAMERA_WIDTH = (1.0, 360.0)


@dataclass(frozen=True)
class MapCamera:
    """Where a user zoomed and panned the map: its centre (``lon``, ``lat``)
    and the ``width`` it shows, in degrees of longitude, whatever the size of
    the panel or image that draws it (its height follows that one's shape)."""

    lon: float
    lat: float
    width: float

    def param(self) -> str:
        """The ``map`` parameter's value, to a hundredth of a degree.

        >>> MapCamera(-66.91234, 10.5, 90.0).param()
        '-66.91,10.5,90'
        """
        values = (self.lon, self.lat, self.width)
        return ",".join(f"{round(value, 2):g}" for value in values)


def parse_camera(text: str) -> tuple[MapCamera | None, str]:
    """The map's camera of a ``map`` parameter (``lon,lat,width``), the
    longitude taken round the world into -180 to 180; else None and why.

    >>> parse_camera("190,20,90")
    (MapCamera(lon=-170.0, lat=20.0, width=90.0), '')
    >>> parse_camera("0,89,90")[1]
    "map '0,89,90': the latitude must be -80 to 80"
    """
    parts = text.split(",")
    try:
        lon, lat, width = (float(part) for part in parts) if len(parts) == 3 else ()
    except ValueError:
        lon = lat = width = math.nan
    shown = _shown(text)
    if not all(math.isfinite(value) for value in (lon, lat, width)):
        return None, (
            f"map '{shown}' is not a centre and a width: give longitude, "
            "latitude and the width in degrees, like map=-40.5,20,90"
        )
    if not -CAMERA_LAT <= lat <= CAMERA_LAT:
        return (
            None,
            f"map '{shown}': the latitude must be -{CAMERA_LAT:g} to {CAMERA_LAT:g}",
        )
    low, high = CAMERA_WIDTH
    if not low <= width <= high:
        return None, f"map '{shown}': the width must be {low:g} to {high:g} degrees"
    return MapCamera((lon + 180) % 360 - 180, lat, width), ""


@dataclass(frozen=True)
class Display:
    """How the view is shown, beside what it shows: also kept in the URL."""

    present: bool = False
    theme: str = "light"
    story: str | None = None
    step: int = 1  # from 1, as the page says it
    tab: str = "details"  # the details card's open tab
    #: where a user zoomed the map; None: framed on the actors in view
    camera: MapCamera | None = None

    def as_dict(self) -> dict:
        """What the display store holds. The tab and the camera are left
        out: the tab control and the camera's own store hold them, and
        neither must redraw the figures that follow this store (the map is
        already where the user took it)."""
        return {
            "present": self.present,
            "theme": self.theme,
            "story": self.story,
            "step": self.step,
        }


def parse_display(
    search: str | None,
    stories: dict[str, int],
    left_out: dict[str, str] | None = None,
) -> tuple[Display, list[str]]:
    """The display parameters of a query string, and notices for the invalid ones.

    ``stories`` gives the number of steps of each story by name; ``left_out``
    why each story file not loaded was, by name (a teacher's story with a
    mistake was only "no story").

    >>> parse_display("?present=1&story=walk&step=9", {"walk": 3})[0].step
    3
    """
    params = _params(search)
    notices: list[str] = []
    display = Display()
    if "present" in params:
        if params["present"] in ("0", "1"):
            display = replace(display, present=params["present"] == "1")
        else:
            notices.append(f"present must be 0 or 1, not '{_shown(params['present'])}'")
    if theme := _one_of(params, "theme", THEMES, "light or dark", notices):
        display = replace(display, theme=theme)
    if tab := _one_of(params, "tab", TABS, f"one of {', '.join(TABS)}", notices):
        display = replace(display, tab=tab)
    if "map" in params:
        camera, said = parse_camera(params["map"])
        display = replace(display, camera=camera)
        if said:
            notices.append(said)
    if "story" in params:
        name = params["story"]
        if name in stories:
            display = replace(display, story=name)
            step = params.get("step", "1")
            number = None
            if step.isascii() and step.isdecimal():  # thousands of digits, say:
                number = int(step) if len(step) <= 6 else 10**6  # past the end
            if number is not None and 1 <= number <= stories[name]:
                display = replace(display, step=number)
            else:
                last = stories[name]
                shown = min(max(number, 1), last) if number is not None else 1
                notices.append(
                    f"story '{name}' has steps 1 to {last}, not '{_shown(step)}': "
                    f"showing step {shown}"
                )
                display = replace(display, step=shown)
        elif name in (left_out or {}):
            notices.append(
                f"story '{_shown(name)}' could not be read: {left_out[name]}"
            )
        else:
            notices.append(f"no story '{_shown(name)}'")
    elif "step" in params:  # a step alone is a link cut short: say so
        notices.append(
            f"step '{_shown(params['step'])}' needs a story (story=NAME): not shown"
        )
    return display, notices


#: The parameters of the view itself (as opposed to how it is shown).
VIEW_PARAMS = ("start", "end", *(spec.param for spec in FILTERS),
               "focus", "depth", "path", "colour", "network", "expand",
               "compare")  # fmt: skip
#: Every parameter the page reads: the view's, its selection and its display.
READ_PARAMS = frozenset({*VIEW_PARAMS, "relation", "present", "theme", "story",
                         "step", "tab", "map"})  # fmt: skip


def over_step(step: str, search: str | None) -> str:
    """The query a story step's link shows, ``step`` being the query of the
    step's view: the step's, with the link's own view parameters on top (a
    filter added by hand had dropped the step's window and focus); but the
    link's alone once it names a window, as the page writes it when a
    control changes: the link is then the view.

    >>> over_step("?start=2025-12-01&end=2025-12-11&focus=x", "?story=w&step=2&sources=2")
    '?start=2025-12-01&end=2025-12-11&focus=x&story=w&step=2&sources=2'
    >>> over_step("?start=2025-12-01&end=2025-12-11", "?story=w&step=2&end=2025-12-31")
    '?story=w&step=2&end=2025-12-31'
    """
    link = _params(search)
    if "start" in link or "end" in link:
        return search or ""
    return "?" + urlencode({**_params(step), **link}, safe=",")


def with_window(search: str | None, start: date, end: date) -> str:
    """The query ``search`` with the window ``start`` to ``end``, its other
    parameters as they were (as assets/clientside.js `withWindow`).

    >>> with_window("?start=2025-01-01&end=2025-02-01&kinds=call,treaty",
    ...             date(2025, 1, 1), date(2025, 3, 1))
    '?start=2025-01-01&end=2025-03-01&kinds=call,treaty'
    """
    kept = {k: v for k, v in _params(search).items() if k not in ("start", "end")}
    window = {"start": start.isoformat(), "end": end.isoformat()}
    return "?" + urlencode({**window, **kept}, safe=",")


def query_part(link: str | None) -> str:
    """The query of a view's ``link``, without its "?": a whole address as
    Copy link gives it (a briefer pastes that into ``--view``, whose start
    was read as a parameter named "http://…/?start" and dropped unsaid), or
    a query string with or without its "?". A "#…" fragment is no part.

    >>> query_part("http://127.0.0.1:8050/?start=2025-11-21&end=2025-11-24#map")
    'start=2025-11-21&end=2025-11-24'
    >>> query_part("start=2025-11-21"), query_part(None)
    ('start=2025-11-21', '')
    """
    text = link or ""
    if "?" in text:
        text = text.split("?", 1)[1]
    return text.split("#", 1)[0]


def _params(search: str | None) -> dict[str, str]:
    query = query_part(search)
    return {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}


def repeated_params(search: str | None) -> list[str]:
    """Notices for the parameters a query string gives twice or more with
    different values: the last is used (as by every reader of the query),
    and the notice says so, so that a link pasted onto another does not
    show the wrong window, or no relations (``kinds=call&kinds=``), unsaid.

    A parameter the page does not read (a tracker's ``utm_source``) is left
    alone, as it is when given once.

    >>> repeated_params("?start=2019-01-01&kinds=call&start=2025-12-01&kinds=call")
    ["start given 2 times ('2019-01-01', '2025-12-01'): the last used"]
    >>> repeated_params("?utm_source=a&utm_source=b")
    []
    """
    query = query_part(search)
    notices = []
    for name, values in parse_qs(query, keep_blank_values=True).items():
        if name in READ_PARAMS and len(set(values)) > 1:
            quoted = [f"'{_shown(value, 20)}'" for value in values[:3]]
            more = ", …" if len(values) > 3 else ""
            notices.append(
                f"{_shown(name)} given {len(values)} times "
                f"({', '.join(quoted)}{more}): the last used"
            )
    return notices


def parse_query(
    search: str | None,
    *,
    span: tuple[date, date],
    choices: dict[str, Sequence[str]],
    actors: set[str],
    aliases: Mapping[str, str] | None = None,
) -> View:
    """Read a query string (``?start=2019-01-01&end=2019-12-31``) into a View.

    ``span`` is the default window; ``choices`` holds the values each choice
    filter offers, by field (`AppData.choices`); ``actors`` the valid ids;
    ``aliases`` other ids of theirs (an import's, merged with an earlier
    directory's actor: `Dataset.merged`), read as theirs.
    """
    params = _params(search)
    for key in ("focus", "path", "expand"):
        if aliases and key in params:
            ids = params[key].split(",")  # an actor's own id is never an alias
            params[key] = ",".join(
                part if part in actors else aliases.get(part, part) for part in ids
            )
    notices: list[str] = []
    view = View(start=span[0], end=span[1])

    start = _date(params, "start", notices)
    end = _date(params, "end", notices)
    if (start or view.start) > (end or view.end):
        notices.append(
            f"the window {start or view.start} to {end or view.end} ends before it "
            "starts: showing the whole span"
        )
        start = end = None
    view = replace(view, start=start or view.start, end=end or view.end)
    filters = {
        spec.field: _filter_value(spec, params[spec.param], choices, notices)
        for spec in FILTERS
        if spec.param in params
    }
    view = replace(view, **filters)
    if "focus" in params:
        if params["focus"] in actors:
            view = replace(view, focus=params["focus"])
        else:
            notices.append(f"no actor '{_shown(params['focus'])}' to focus on")
    if "depth" in params:
        if params["depth"] in ("0", "1", "2", "3"):
            view = replace(view, depth=int(params["depth"]))
        else:
            notices.append(
                f"depth must be 1, 2 or 3 (0: all), not '{_shown(params['depth'])}'"
            )
    if "path" in params:
        ends = params["path"].split(",")
        unknown = [end for end in ends if end not in actors]
        if len(ends) == 2 and not unknown and ends[0] != ends[1]:
            view = replace(view, path=(ends[0], ends[1]))
        elif len(ends) == 2 and ends[0] != ends[1] and len(unknown) < 2:
            notices.append(f"no actor '{_shown(unknown[0])}' to trace a path to")
        else:
            notices.append(
                f"path needs two different actor ids, not '{_shown(params['path'])}'"
            )
    colours = ("country", "bloc")
    if colour := _one_of(params, "colour", colours, "country or bloc", notices):
        view = replace(view, colour=colour)
    if network := _one_of(params, "network", NETWORKS, "overview or all", notices):
        view = replace(view, network=network)
    if "expand" in params:
        view = replace(view, expand=_expanded(params["expand"], actors, notices))
    if "compare" in params:
        split = _date(params, "compare", notices)
        if split and view.start < split <= view.end:
            view = replace(view, compare=split)
        elif split == view.start:  # as the page's own notice says it
            notices.append(
                f"compare date {split} is the window's first day, with none before it"
            )
        elif split:
            notices.append(f"compare date {split} is not inside the window")
    return replace(view, notices=tuple(notices))


#: How the network draws a large view (`View.network`).
NETWORKS = ("overview", "all")


def _expanded(text: str, actors, notices: list[str]) -> tuple[str, ...]:
    """The states ``expand`` opens: known actor ids, each once, sorted, at
    most MAX_EXPANDED of them (the first named), with a notice for the rest.

    >>> _expanded("s-b,s-a,s-a,zz", {"s-a", "s-b"}, notes := [])
    ('s-a', 's-b')
    >>> notes
    ["no actor 'zz' to expand"]
    """
    asked = list(dict.fromkeys(part for part in text.split(",") if part))
    unknown = [part for part in asked if part not in actors]
    if unknown:
        notices.append(f"no actor '{_shown(', '.join(unknown))}' to expand")
    known = [part for part in asked if part in actors]
    if len(known) > MAX_EXPANDED:
        notices.append(f"at most {MAX_EXPANDED} states open at once")
    return tuple(sorted(known[:MAX_EXPANDED]))


def _filter_value(
    spec: Filter, text: str, choices: dict[str, Sequence[str]], notices: list[str]
):
    """The value of the filter ``spec`` that its URL parameter ``text``
    names; its "everything" with a notice when it names nothing valid."""
    if spec.shape == "choice":
        valid = choices.get(spec.field, ())
        asked = [k.strip() for k in text.split(",") if k.strip()]
        unknown = [k for k in asked if k not in valid]
        known = tuple(k for k in valid if k in asked)
        if unknown:
            listed = _shown(", ".join(unknown))
            notices.append(
                f"{spec.param} not in this data, ignored: {listed}"
                + ("; showing all" if not known else "")
            )
        if asked and not known:  # only unknown ones: all, not an empty view
            return spec.everything
        return known if len(known) < len(valid) else spec.everything
    levels = spec.levels or (0, 1)
    if text in {str(level) for level in levels}:
        return int(text) if spec.levels else text == "1"
    words = ", ".join(str(level) for level in levels[:-1]) + f" or {levels[-1]}"
    notices.append(f"{spec.param} must be {words}, not '{_shown(text)}'")
    return spec.everything


def parse_relation(
    search: str | None, *, relations, actors
) -> tuple[str | None, list[str]]:
    """The relation a query string selects (``relation=``), checked against
    the relation ids (``relations``, any container) and, for a pair, the actor
    ids; and notices for what could not be read.

    >>> parse_relation("?relation=r1|r2", relations={"r1", "r2"}, actors={})
    ('r1|r2', [])
    >>> parse_relation("?relation=pair:a~b", relations=(), actors={"a", "b"})[0]
    'pair:a~b'
    >>> parse_relation("?relation=r9", relations={"r1"}, actors={})
    (None, ["no relation 'r9' to select"])
    """
    params = _params(search)
    if "relation" not in params:
        return None, []
    value = params["relation"]
    ends = pair_ends(value)
    if ends:
        known = ends[0] != ends[1] and all(end in actors for end in ends)
    else:
        chosen = value.split("|")
        known = len(chosen) <= MAX_SELECTED and all(r in relations for r in chosen)
    if known:
        return value, []
    return None, [f"no relation '{_shown(value)}' to select"]


def to_query(
    view: View, display: Display | None = None, *, relation: str | None = None
) -> str:
    """The query string for a view (and how it is shown, and the selected
    ``relation``); defaults are left out except the window."""
    params = {"start": view.start.isoformat(), "end": view.end.isoformat()}
    for spec in FILTERS:
        value = getattr(view, spec.field)
        if value != spec.everything:  # an empty choice is a choice too: nothing
            params[spec.param] = (
                ",".join(value) if spec.shape == "choice" else str(int(value))
            )
    if view.focus:
        params["focus"] = view.focus
    elif relation:
        params["relation"] = relation
    if view.depth:
        params["depth"] = str(view.depth)
    if view.path:
        params["path"] = ",".join(view.path)
    if view.colour != "country":
        params["colour"] = view.colour
    if view.network != "overview":
        params["network"] = view.network
    if view.expand:
        params["expand"] = ",".join(view.expand)
    if view.compare:
        params["compare"] = view.compare.isoformat()
    params.update(display_params(display or Display()))
    return "?" + urlencode(params, safe=",")


def display_params(display: Display) -> dict[str, str]:
    """The URL parameters of a display; the defaults are left out."""
    params = {}
    if display.present:
        params["present"] = "1"
    if display.theme != "light":
        params["theme"] = display.theme
    if display.story:
        params["story"] = display.story
        params["step"] = str(display.step)
    if display.tab != "details":
        params["tab"] = display.tab
    if display.camera is not None:
        params["map"] = display.camera.param()
    return params


#: A day as the date pickers and links write it, a time of day allowed.
_ISO_DAY = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?"
)


def parse_day(value) -> date | None:
    """``value`` as a day the data may hold (`dates.in_range`: beyond them date
    arithmetic and formatting overflow), else None; the date pickers send ISO
    dates, sometimes with a time.

    >>> parse_day("2025-11-21T00:00:00"), parse_day("9999-12-31"), parse_day(3)
    (datetime.date(2025, 11, 21), None, None)
    >>> parse_day("2025-11-21XYZ"), parse_day("20251121"), parse_day("2025-W47-1")
    (None, None, None)
    """
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if in_range(day) else None


def _date(params: dict[str, str], name: str, notices: list[str]) -> date | None:
    if name not in params:
        return None
    day = parse_day(params[name])
    if day is None:
        notices.append(
            f"{name} '{_shown(params[name])}' is not a date between "
            f"{EARLIEST} and {LATEST} (YYYY-MM-DD): ignored"
        )
    return day


def _one_of(
    params: dict[str, str], name: str, allowed, words: str, notices: list[str]
) -> str | None:
    """Parameter ``name``'s value when it is one of ``allowed``; else None,
    with a notice saying what it must be (``words``)."""
    if name not in params:
        return None
    if params[name] in allowed:
        return params[name]
    notices.append(f"{name} must be {words}, not '{_shown(params[name])}'")
    return None


def _shown(value: str, limit: int = 40) -> str:
    """A parameter's value as a notice quotes it: cut, so a hostile link
    cannot fill the page, and its control characters and direction marks
    written as escapes (an RLO turned the notice's own words around)."""
    return visible(value, limit + 1)
