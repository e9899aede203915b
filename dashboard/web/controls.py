"""The controls that make up the view: their components, and their values to
and from the View, as one named group (a dict) through the callbacks.

Adding a filter: docs/architecture.md, "Where to add", lists every place; here
it is an entry in FILTER_CONTROLS (its id and its words on the page): its
conversions, checks and component follow from its shape in core/filters.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from dash import ALL, Input, dcc, html, no_update

from dashboard.core.choices import (
    CHIPS,
    filter_words,
    keep_only,
    only,
    without_filter,
)
from dashboard.core.describe import actor_options
from dashboard.core.filters import FILTERS, Filter
from dashboard.core.model import AppData
from dashboard.core.view import View
from dashboard.web import ids

__all__ = [
    "PRESENT_TIP",
    "OPTION_LIMIT",
    "VIEW_CONTROLS",
    "controls",
    "controls_to_view",
    "analysis_controls",
    "every_name",
    "FILTER_CONTROLS",
    "FILTERS_SHOWN",
    "filter_chips",
    "filter_gesture",
    "filtered_controls",
    "search_box",
    "view_to_controls",
]

#: The Present link's tooltip when not presenting (presenting: how to leave).
PRESENT_TIP = (
    "Presentation mode: figures fill the screen, large type; "
    "arrows step, space plays, Escape leaves"
)

KINDS_ALL = {"type": ids.KINDS, "stance": ALL, "kind": ALL}


@dataclass(frozen=True)
class FilterControl:
    """A filter's control on the page: its id, heading and, for a level, the
    words of each level (core/filters.py has the rest)."""

    id: str
    heading: str
    levels: tuple[str, ...] = ()


#: The filters' controls, in the order the page shows them. The relation
#: kinds are a checklist per kind, grouped by stance (`stance_groups`).
FILTER_CONTROLS = {
    "states": FilterControl(
        ids.STATES_ONLY, "States only (merge people into their state)"
    ),
    "kinds": FilterControl(ids.KINDS, "Relation kinds"),
    "actor_kinds": FilterControl(ids.ACTOR_KINDS, "Actors"),
    "confidence": FilterControl(ids.CONFIDENCE, "Confidence"),
    "origins": FilterControl(ids.ORIGINS, "Data"),
    "min_sources": FilterControl(
        ids.MIN_SOURCES,
        "Evidence",
        ("any number of sources", "2 or more sources", "3 or more sources"),
    ),
}
#: The filters by field, in the page's order.
FILTERS_SHOWN = {field: spec for field in FILTER_CONTROLS
            for spec in FILTERS if spec.field == field}  # fmt: skip
#: The property each shape of control holds its value in.
_PROPERTY = "value"
#: Every control that is part of the view: name -> (component id, property).
VIEW_CONTROLS = {
    "start": (ids.DATE_RANGE, "start_date"),
    "end": (ids.DATE_RANGE, "end_date"),
    "kinds": (KINDS_ALL, "value"),  # a list: one checklist per kind
    **{field: (control.id, _PROPERTY) for field, control in FILTER_CONTROLS.items()
       if field != "kinds"},
    "selection": (ids.SELECTION, "data"),
    "depth": (ids.FOCUS_DEPTH, "value"),
    "path_from": (ids.PATH_FROM, "value"),
    "path_to": (ids.PATH_TO, "value"),
    "colour": (ids.COLOUR_BY, "value"),
    "network": (ids.NETWORK_MODE, "value"),
    "expand": (ids.EXPANDED, "data"),
    "compare": (ids.COMPARE_DATE, "date"),
}  # fmt: skip


def controls(dependency=Input) -> dict:
    """The view's controls as one group of ``dependency`` (Input, State or
    Output): a callback gets (or returns) them as one dict."""
    return {name: dependency(*where) for name, where in VIEW_CONTROLS.items()}


def as_date(value) -> date:
    return date.fromisoformat(str(value)[:10])


def controls_to_view(data: AppData, values: dict) -> View:
    """The View the controls describe; a filter that lets everything through is
    None, so the URL stays short."""
    kinds = sorted(kind for group in values["kinds"] or [] for kind in (group or []))
    start, end = as_date(values["start"]), as_date(values["end"])
    compare = as_date(values["compare"]) if values["compare"] else None
    path = (values["path_from"], values["path_to"])
    filters = {
        field: control_to_filter(spec, values[field], data.choices.get(field, []))
        for field, spec in FILTERS_SHOWN.items()
        if field != "kinds"
    }
    return View(
        start=start,
        end=end,
        kinds=_chosen([k for k in data.kinds if k in kinds], data.kinds),
        **filters,
        focus=(values["selection"] or {}).get("actor"),
        depth=int(values["depth"] or 0),
        path=path if all(path) and path[0] != path[1] else None,
        colour=values["colour"] or "country",
        network=values.get("network") or "overview",
        expand=tuple(sorted(values.get("expand") or ())),
        compare=compare if compare and start < compare <= end else None,
    )


def control_to_filter(spec: Filter, value, offered: list[str]):
    """The value of filter ``spec`` that its control's ``value`` shows;
    ``offered``: what a choice offers."""
    if spec.shape == "choice":
        return _chosen([v for v in offered if v in (value or [])], offered)
    if spec.shape == "level":
        return int(value or spec.everything)
    return bool(value)


def filter_to_control(spec: Filter, value, offered: list[str]):
    """The value of the control of filter ``spec`` that shows its ``value``."""
    if spec.shape == "choice":
        return list(offered if value is None else value)
    if spec.shape == "level":
        return value
    return ["1"] if value else []


def _chosen(chosen: list[str], every) -> tuple[str, ...] | None:
    """None when everything is chosen (no filter), else the choice."""
    return tuple(chosen) if len(chosen) < len(every) else None


def view_to_controls(data: AppData, view: View, stance_ids: list[dict]) -> dict:
    """Control values for a view; ``stance_ids`` are the kind checklists' ids
    (a stance, and the kind when a checklist holds one)."""
    chosen = set(data.kinds if view.kinds is None else view.kinds)
    filters = {
        field: filter_to_control(
            spec, getattr(view, field), data.choices.get(field, [])
        )
        for field, spec in FILTERS_SHOWN.items()
        if field != "kinds"
    }
    return {
        "start": view.start.isoformat(),
        "end": view.end.isoformat(),
        "kinds": [
            [
                kind
                for kind in data.kind_groups.get(i["stance"], [])
                if kind in chosen and i.get("kind", kind) == kind
            ]
            for i in stance_ids
        ],
        **filters,
        "selection": {"actor": view.focus} if view.focus else None,
        "depth": view.depth,
        "path_from": view.path[0] if view.path else None,
        "path_to": view.path[1] if view.path else None,
        "colour": view.colour,
        "network": view.network,
        "expand": list(view.expand),
        "compare": view.compare.isoformat() if view.compare else None,
    }


def changed_controls(wanted: dict, current: dict) -> dict:
    """``wanted``, with no_update for each control that has that value already:
    a control set to its own value re-renders, and a date picker then reports
    a change of its own that runs the state callback again."""
    out = {name: no_update if value == current.get(name) else value
           for name, value in wanted.items()}  # fmt: skip
    # the kind checklists are one output each: no_update for each
    groups = current.get("kinds") or [None] * len(wanted["kinds"])
    out["kinds"] = [no_update if new == old else new
                    for new, old in zip(wanted["kinds"], groups)]  # fmt: skip
    return out


def unchanged_controls(stance_count: int) -> dict:
    """no_update for every control."""
    out = {name: no_update for name in VIEW_CONTROLS}
    out["kinds"] = [no_update] * stance_count
    return out


def filter_gesture(data: AppData, trigger, view: View, picked=None) -> View | None:
    """``view`` after a one-click change to its filters, or None when
    ``trigger`` (the id of what fired) is none: a stance's heading or a
    legend entry (``picked``: its name) keeps only what it names, the "only"
    beside a kind keeps that kind (a second click restores all), a chip's ✕
    removes its filter."""
    every = data.choices
    if trigger == ids.LEGEND_PICK:
        if not picked:
            return None
        return keep_only(view, picked, kind_groups=data.kind_groups, every=every)
    if not isinstance(trigger, dict):
        return None
    kind, name = trigger.get("type"), trigger.get(_NAMED_BY.get(trigger.get("type")))
    if not isinstance(name, str):
        return None
    if kind == ids.STANCE_ONLY and data.kind_groups.get(name):
        return keep_only(view, name, kind_groups=data.kind_groups, every=every)
    if kind == ids.KIND_ONLY and name in data.kinds:
        return replace(view, kinds=only(view.kinds, [name], data.kinds))
    if kind == ids.FILTER_CHIP and name in CHIPS:
        return without_filter(view, name)
    return None


#: What names the stance, kind or filter in the id of a one-click control.
_NAMED_BY = {
    ids.STANCE_ONLY: "stance",
    ids.KIND_ONLY: "kind",
    ids.FILTER_CHIP: "filter",
}


def filtered_controls(
    data: AppData, view: View, stance_ids: list[dict], current: dict
) -> dict:
    """The controls' values that show ``view``'s filters; no_update for the
    other controls and for those that show them already."""
    changed = changed_controls(view_to_controls(data, view, stance_ids), current)
    out = unchanged_controls(len(stance_ids))
    before = controls_to_view(data, current)
    for name in CHIPS:
        # a path half picked, a split the window has left: no part of the
        # view (both None), kept in their controls unless their chip went
        if name in _CHIP_CONTROLS and getattr(view, name) == getattr(before, name):
            continue
        for control in _CHIP_CONTROLS.get(name, (name,)):
            out[control] = changed[control]
    return out


#: The controls of the chips whose controls may hold more than the view
#: (`controls_to_view`), by chip.
_CHIP_CONTROLS = {"path": ("path_from", "path_to"), "compare": ("compare",)}


def filter_chips(
    data: AppData, view: View, chips: list[str | None], shown: View | None = None
) -> dict:
    """The header's ``chips`` (the filter each removes, as the page lists
    them): the words of each active filter with a ✕ that removes it, and
    which are hidden (their filter lets everything through); no_update for
    each when the chips of ``shown``, the view the page shows, say the same
    (a window moved: nothing to redraw)."""

    def words_of(view: View) -> dict[str, str]:
        return filter_words(
            view, data.names, kind_groups=data.kind_groups, every=data.choices
        )

    words = words_of(view)
    if shown is not None and words_of(shown) == words:
        return unchanged_chips(len(chips))
    cross = html.Span(" ✕", className="atlas-chip-x", **{"aria-hidden": "true"})
    return {
        # the words apart from the ✕: a chip short of room ends them in "…"
        # and keeps its ✕ (assets/atlas.css), the whole on hover
        "words": [
            [html.Span(words[name], className="atlas-chip-words"), cross]
            if name in words
            else ""
            for name in chips
        ],
        "hidden": [name not in words for name in chips],
        "titles": [
            f"Remove this filter: {words[name]}" if name in words else ""
            for name in chips
        ],
    }


def unchanged_chips(count: int) -> dict:
    """no_update for each of ``count`` chips."""
    return {key: [no_update] * count for key in ("words", "hidden", "titles")}


#: Above this many actors the actor menus are filled as the user types (a page
#: with three menus of 5,000 names each is slow to load and to draw).
OPTION_LIMIT = 300


def first_options(actors: list[dict]) -> list[dict]:
    """The actor menus' options in the page: all of them, or none for large
    data (a callback then offers the names that match what is typed)."""
    return actor_options(actors) if every_name(actors) else []


def every_name(actors: list) -> bool:
    """Whether the actor menus hold every name of data of these ``actors``
    (or their options), asked of the data of the moment: data that grows
    past OPTION_LIMIT while pages are open is not sent whole to each."""
    return len(actors) <= OPTION_LIMIT


def search_box(actors: list[dict]) -> list:
    """Find an actor by name: selecting it selects the actor everywhere."""
    return [
        html.Label("Find an actor", htmlFor=ids.ACTOR_SEARCH, className="atlas-label"),
        dcc.Dropdown(
            id=ids.ACTOR_SEARCH,
            options=first_options(actors),
            placeholder="Type a name…",
            clearable=True,
            searchable=True,
        ),
    ]


def analysis_controls(actors: list[dict], span: tuple[str, str]) -> html.Div:
    """Neighbourhood depth, path between two actors, bloc colouring, change."""
    options = first_options(actors)
    return html.Div(
        className="atlas-analysis",
        children=[
            html.Label(
                "Neighbourhood of the selected actor",
                htmlFor=ids.FOCUS_DEPTH,
                className="atlas-label",
            ),
            dcc.RadioItems(
                id=ids.FOCUS_DEPTH,
                options=[{"label": "all", "value": 0}]
                + [
                    {"label": f"{n} step{'s' if n > 1 else ''}", "value": n}
                    for n in (1, 2, 3)
                ],
                value=0,
                inline=True,
                className="atlas-checklist atlas-inline",
            ),
            html.Label("Path between", htmlFor=ids.PATH_FROM, className="atlas-label"),
            dcc.Dropdown(
                id=ids.PATH_FROM, options=options, placeholder="from…", clearable=True
            ),
            dcc.Dropdown(
                id=ids.PATH_TO,
                options=options,
                placeholder="to…",
                clearable=True,
                className="atlas-path-to",
            ),
            html.Label(
                "Colour actors by", htmlFor=ids.COLOUR_BY, className="atlas-label"
            ),
            dcc.RadioItems(
                id=ids.COLOUR_BY,
                options=[
                    {"label": "country", "value": "country"},
                    {"label": "bloc", "value": "bloc"},
                ],
                value="country",
                inline=True,
                className="atlas-checklist atlas-inline",
            ),
            html.Label(
                "Change before / after",
                htmlFor=ids.COMPARE_DATE,
                className="atlas-label",
            ),
            dcc.DatePickerSingle(
                id=ids.COMPARE_DATE,
                min_date_allowed=span[0],
                max_date_allowed=span[1],
                placeholder="split the window at…",
                display_format="D MMM YYYY",
                first_day_of_week=1,
                clearable=True,
            ),
        ],
    )
