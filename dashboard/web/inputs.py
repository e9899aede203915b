"""What the browser sends, checked where it enters: every callback argument is
made into the type its code expects, or its default, so that no payload (a
hand-made one included) can raise inside a callback.

The URL is checked by core/urlstate.py; these are the other inputs.
"""

from __future__ import annotations

import json

from dash import Output

from dashboard.core.filters import FILTERS, Filter
from dashboard.core.model import AppData
from dashboard.core.overview import MAX_EXPANDED
from dashboard.core.urlstate import (
    NETWORKS,
    TABS,
    Display,
    MapCamera,
    parse_camera,
    parse_day,
)

__all__ = [
    "camera_store",
    "clean_camera",
    "clean_controls",
    "clean_chip_ids",
    "clean_display",
    "clean_expanded",
    "clean_pick",
    "clean_filled",
    "clean_selection",
    "clean_stance_ids",
    "clean_store",
    "clean_tab",
    "is_unicode",
    "refit_key",
    "text",
]

#: The longest id or query a callback accepts (the URL has its own limit).
MAX_TEXT = 4_000


def text(value, default: str | None = None) -> str | None:
    """``value`` if it is a string of sensible length that `is_unicode`,
    else ``default``."""
    if isinstance(value, str) and len(value) <= MAX_TEXT and is_unicode(value):
        return value
    return default


def is_unicode(value: str) -> bool:
    """Whether ``value`` is text that can be sent back: JSON may carry a lone
    surrogate ("\\ud800"), which no answer, link or notice can be written with.

    >>> is_unicode("Nicolás"), is_unicode("\\ud800")
    (True, False)
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_selection(value) -> dict | None:
    """{"actor": id} or {"relation": "r1|r2"}, else None."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (kind, chosen), *_ = value.items()
    if kind in ("actor", "relation") and text(chosen):
        return {kind: chosen}
    return None


def clean_tab(value) -> str:
    """The details card's tab: one of its tabs, else the first (details)."""
    return value if isinstance(value, str) and value in TABS else TABS[0]


def clean_filled(value) -> dict[str, str]:
    """The tables' Store: the query whose rows each table holds, by table."""
    value = value if isinstance(value, dict) else {}
    return {
        table: value[table]
        for table in ("events", "rankings")
        if text(value.get(table)) is not None
    }


def _known_selection(data: AppData, value) -> dict | None:
    """A selection whose actor is in the data (relations are matched later)."""
    selection = clean_selection(value)
    if selection and "actor" in selection and selection["actor"] not in data.names:
        return None
    return selection


def clean_chip_ids(value) -> list[str | None]:
    """The filter each chip of the header removes, from the chips' ids (one
    per chip: their number is the number of values the page expects back)."""
    if not isinstance(value, list):
        return []
    return [text(item.get("filter")) if isinstance(item, dict) else None
            for item in value]  # fmt: skip


def clean_pick(value) -> str | None:
    """The name of the legend entry a click picked ({"name": ...}), or None."""
    return text(value.get("name")) if isinstance(value, dict) else None


def clean_stance_ids(value) -> list[dict]:
    """The kind checklists' ids, one per checklist (their number is the
    number of outputs the page expects back): a stance, and a kind when the
    checklist holds one (anything else, or not text, names nothing: a list
    for a stance was looked up in a dict, a 500).

    >>> clean_stance_ids([{"stance": "neutral", "kind": "call"}, "x", {"stance": []}])
    [{'stance': 'neutral', 'kind': 'call'}, {'stance': None}, {'stance': None}]
    """
    if not isinstance(value, list):
        return []
    cleaned = []
    for item in value:
        item = item if isinstance(item, dict) else {}
        stance, kind = (
            part if isinstance(part, str) else None
            for part in (item.get("stance"), item.get("kind"))
        )
        cleaned.append({"stance": stance} | ({"kind": kind} if kind else {}))
    return cleaned


def clean_camera(value, revision: str) -> MapCamera | None:
    """Where the user took the map, from the camera's store ({"lon", "lat",
    "width", "revision"}: assets/panels.js), while the map's frame is the one
    it was taken in: ``revision``, its `refit_key` (a story step or a
    selection frames the map again). None otherwise, or when not a camera.

    >>> clean_camera({"lon": 10, "lat": 5, "width": 40, "revision": "::"}, "::")
    MapCamera(lon=10.0, lat=5.0, width=40.0)
    >>> clean_camera({"lon": 10, "lat": 95, "width": 40, "revision": "::"}, "::")
    """
    if not isinstance(value, dict) or value.get("revision") != revision:
        return None
    numbers = [value.get(key) for key in ("lon", "lat", "width")]
    if not all(
        isinstance(number, int | float) and not isinstance(number, bool)
        for number in numbers
    ):
        return None
    try:
        said = ",".join(repr(float(number)) for number in numbers)
    except OverflowError:  # an integer of hundreds of digits
        return None
    return parse_camera(said)[0]


def camera_store(camera: MapCamera | None, revision: str) -> dict | None:
    """What the camera's store holds for ``camera`` in the frame
    ``revision`` (`clean_camera`)."""
    if camera is None:
        return None
    return {
        "lon": camera.lon,
        "lat": camera.lat,
        "width": camera.width,
        "revision": revision,
    }


def refit_key(display: Display, selection: dict | None) -> str:
    """What the map frames again when it changes: a story step or a
    selection; a user's own zoom is kept otherwise.

    >>> refit_key(Display(story="s", step=2), {"actor": "putin"})
    's:2:actor=putin'
    """
    chosen = ",".join(f"{key}={value}" for key, value in (selection or {}).items())
    return f"{display.story or ''}:{display.step if display.story else ''}:{chosen}"


def clean_sizes(value) -> dict[str, tuple[float, float]]:
    """The figures' sizes the page measured: (width, height) px by figure,
    "map", "graph" and "time" (the time bar), and the "page"'s; anything else
    is left out (the figures' defaults).

    >>> clean_sizes({"map": [640, 360], "graph": ["x", 2], "other": [1, 1]})
    {'map': (640.0, 360.0)}
    """
    if not isinstance(value, dict):
        return {}
    sizes = {}
    for name in ("map", "graph", "time", "page"):
        size = value.get(name)
        if (
            isinstance(size, list)
            and len(size) == 2
            and all(isinstance(v, (int, float)) and 80 <= v <= 10_000 for v in size)
        ):
            sizes[name] = (float(size[0]), float(size[1]))
    return sizes


def clean_store(value) -> dict:
    """The View store's value: a query string (or None) and a selection."""
    value = value if isinstance(value, dict) else {}
    return {
        "query": text(value.get("query")),
        "selection": clean_selection(value.get("selection")),
    }


def clean_display(value, data: AppData) -> Display:
    """How the view is shown, from the display store's value: a story of the
    data and one of its steps, or no story."""
    value = value if isinstance(value, dict) else {}
    story = data.stories.get(text(value.get("story")) or "")
    step = value.get("step")
    if story is None or not isinstance(step, int) or not 1 <= step <= len(story.steps):
        step = 1
    return Display(
        present=value.get("present") is True,
        theme="dark" if value.get("theme") == "dark" else "light",
        story=value.get("story") if story else None,
        step=step,
    )


def _chosen(value, valid) -> list[str]:
    """The valid strings of a checklist's value (a list)."""
    if not isinstance(value, list):
        return list(valid)
    return [item for item in value if isinstance(item, str) and item in valid]


def clean_controls(data: AppData, values) -> tuple[dict, list[str]]:
    """The view's controls with every value of the expected type (defaults for
    the rest), and what was replaced, for the notice."""
    values = values if isinstance(values, dict) else {}
    notices: list[str] = []
    start, end = parse_day(values.get("start")), parse_day(values.get("end"))
    if start is None or end is None or start > end:
        if values.get("start") is not None or values.get("end") is not None:
            notices.append("the dates could not be read: showing the whole span")
        start, end = data.span
    groups = values.get("kinds")
    kinds = [
        _chosen(group, data.kinds)
        for group in (groups if isinstance(groups, list) else [])
    ]
    if not isinstance(groups, list):
        kinds = [list(data.kinds)]
    choices = {
        "depth": (values.get("depth"), (0, 1, 2, 3), 0),
        "colour": (values.get("colour"), ("country", "bloc"), "country"),
        "network": (values.get("network"), NETWORKS, "overview"),
    }
    picked = {}
    for name, (value, valid, default) in choices.items():
        picked[name] = (
            value if value in valid and type(value) is type(default) else default
        )
        if value is not None and picked[name] != value:
            notices.append(f"{name} could not be read: {default} used")
    filters = {
        spec.field: _clean_filter(spec, values.get(spec.field), data, notices)
        for spec in FILTERS
        if spec.field != "kinds"  # a checklist per kind: above
    }
    compare = values.get("compare")
    path = [text(values.get(end)) for end in ("path_from", "path_to")]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "kinds": kinds,
        **filters,
        "selection": _known_selection(data, values.get("selection")),
        "depth": picked["depth"],
        "path_from": path[0] if path[0] in data.names else None,
        "path_to": path[1] if path[1] in data.names else None,
        "colour": picked["colour"],
        "network": picked["network"],
        "expand": clean_expanded(data, values.get("expand")),
        "compare": compare if parse_day(compare) else None,
    }, notices


def clean_expanded(data: AppData, value) -> list[str]:
    """The states opened in the overview: known actor ids, each once, at
    most MAX_EXPANDED of them."""
    if not isinstance(value, list):
        return []
    known = [item for item in value if isinstance(item, str) and item in data.names]
    return list(dict.fromkeys(known))[:MAX_EXPANDED]


def _clean_filter(spec: Filter, value, data: AppData, notices: list[str]):
    """A filter control's value as its shape holds it (core/filters.py): the
    offered values of a choice, one of the levels, a switch on or off."""
    if spec.shape == "choice":
        return _chosen(value, data.choices.get(spec.field, []))
    if spec.shape == "switch":
        return ["1"] if value == ["1"] else []
    if value in spec.levels and type(value) is int:
        return value
    if value is not None:
        notices.append(f"{spec.field} could not be read: {spec.everything} used")
    return spec.everything


def malformed_request(callback_map: dict, body) -> str | None:
    """Why a callback request does not fit any callback of the page, or None.

    Dash reads a request by position before any callback runs, so a request
    of the wrong shape (a hand-made one) must be turned away here, as a 400,
    instead of failing inside Dash as a 500.
    """
    if not isinstance(body, dict):
        return "the request is not a JSON object"
    spec = (
        callback_map.get(body.get("output"))
        if isinstance(body.get("output"), str)
        else None
    )
    if spec is None or not spec.get("callback"):
        return "no such callback"
    for part in ("inputs", "state"):
        sent, expected = body.get(part, []), spec.get(part, [])
        if not isinstance(sent, list) or len(sent) != len(expected):
            return f"{part}: {len(expected)} expected"
        for item, dependency in zip(sent, expected):
            many = '["ALL"]' in dependency["id"] or '["ALLSMALLER"]' in dependency["id"]
            items = item if many and isinstance(item, list) else [item]
            if many != isinstance(item, list) or not all(
                isinstance(one, dict) and "id" in one and "property" in one
                for one in items
            ):
                return f"{part}: {dependency['id'][:60]} is not as the page sends it"
    lengths = _wildcard_lengths(spec, body)
    if any(len(set(found)) > 1 for found in lengths.values()):
        return "the lists of one pattern-matching id differ in length"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings"
    if not all(_readable_id(prop_id) for prop_id in changed):
        return "changedPropIds names a component id that is not JSON"
    if not isinstance(body.get("outputs"), (list, dict)):
        return "outputs missing"
    if _outputs_differ(spec.get("output"), body["outputs"]):
        return "outputs: not the callback's"
    return None


def _outputs_differ(declared, sent) -> bool:
    """Whether the ``sent`` outputs are not the ``declared`` ones, as Dash's
    own check finds (`validate_output_spec`), which raises, a 500: one per
    output (a list of them for a pattern's ``ALL``), each naming the
    component and property declared (the property may carry Dash's "@"
    suffix)."""
    if isinstance(declared, list):
        if not declared:  # a callback without outputs does not read them
            return False
        if not isinstance(sent, list) or len(sent) != len(declared):
            return True
        pairs = zip(declared, sent)
    else:
        pairs = [(declared, sent)]
    for output, item in pairs:
        many = '["ALL"]' in output.component_id_str()
        if many != isinstance(item, list):
            return True
        for one in item if many else [item]:
            if not (
                isinstance(one, dict)
                and isinstance(one.get("id"), (str, dict))
                and isinstance(one.get("property"), str)
                and Output(one["id"], one["property"].split("@")[0]) == output
            ):
                return True
    return False


def _readable_id(prop_id: str) -> bool:
    """Whether Dash can read the component of ``prop_id`` ("id.property"): an
    id starting with "{" is read as JSON (ctx.triggered_id), and one that is
    not JSON failed inside Dash, a 500."""
    component = prop_id.rpartition(".")[0]
    if not component.startswith("{"):
        return True
    try:
        json.loads(component)
    except (ValueError, RecursionError):
        return False
    return True


def _wildcard_lengths(spec: dict, body: dict) -> dict[str, list[int]]:
    """How many components each pattern-matching id matched, in every place
    the request lists them (inputs, state and outputs must agree)."""
    found: dict[str, list[int]] = {}
    for part in ("inputs", "state"):
        for item, dependency in zip(body.get(part, []), spec.get(part, [])):
            if isinstance(item, list):
                found.setdefault(dependency["id"], []).append(len(item))
    outputs = body.get("outputs")
    declared = spec.get("output") or []
    declared = declared if isinstance(declared, list) else [declared]
    sent = outputs if isinstance(outputs, list) else [outputs]
    if len(declared) == len(sent):
        for item, dependency in zip(sent, declared):
            pattern = dependency.component_id_str()
            if '["ALL"]' in pattern:
                found.setdefault(pattern, []).append(
                    len(item) if isinstance(item, list) else -1
                )
    return found
