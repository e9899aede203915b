"""Hostile links and callback payloads: a notice and defaults, never a 500."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from dash import no_update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core.model import view_of
from dashboard.web import ids
from dashboard.web.app import create_app
from dashboard.web.freshness import data_seen, update_freshness
from dashboard.web.state import update_state
from dashboard.web.views import update_figures, update_panel, update_selection
from tests.conftest import RELATIONS
from tests.unit.test_callbacks import STANCES, controls
from tests.unit.test_live import NEW, live_on

#: Where the page asks for its callbacks' answers.
CALLBACK = "/_dash-update-component"
#: A lone surrogate: JSON carries it ("\ud800"); UTF-8, links and answers cannot.
LONE = "\ud800"
#: The figures' sizes, as the page measures them.
SIZES = {"map": [800, 600], "graph": [800, 600]}


@pytest.fixture(scope="module")
def data(bundled_data):
    return bundled_data


@pytest.fixture(scope="module")
def app(bundled_dataset):
    app = create_app(dataset=bundled_dataset)
    app.server.test_client().get("/")  # Dash adds its own callbacks on first use
    return app


def opened(data, search: str) -> dict:
    return update_state(
        data, None, from_url=True, search=search, controls=controls(data),
        stance_ids=STANCES,
    )  # fmt: skip


@pytest.mark.parametrize("search", ["?end=9999-12-31", "?start=0001-01-01"])
def test_dates_beyond_the_calendar_give_a_notice_and_the_span(data, search):
    out = opened(data, search)
    assert "is not a date between 1900-01-01 and 2100-12-31" in out["notice"]
    view = view_of(data, out["view"]["query"])
    assert (view.start, view.end) == data.span
    update_figures(data, out["view"])  # draws


def test_a_window_that_ends_before_it_starts_says_so(data):
    out = opened(data, "?start=2030-01-01")  # after the data's end
    assert "ends before it starts: showing the whole span" in out["notice"]
    assert view_of(data, out["view"]["query"]).start == data.span[0]


@pytest.mark.parametrize(
    "search", ["?start=2030-01-01&end=2030-12-31", "?start=1950-01-01&end=1950-02-01"]
)
def test_a_window_outside_the_data_is_kept_and_said_to_hold_nothing(data, search):
    """A mistyped year showed "0 relations among 0 actors" and no word why."""
    out = opened(data, search)
    assert out["notice"].endswith(
        "holds none of the data's days (1 Jan 2019 – 11 Dec 2025): nothing to show."
    )
    assert "invalid" not in out["notice"]  # nothing was, and no default used
    view = view_of(data, out["view"]["query"])
    assert view.start.year in (2030, 1950)  # as asked: live data may reach it
    assert (
        "holds none" not in opened(data, "?start=2025-12-05&end=2031-01-01")["notice"]
    )  # a window that holds some of the data's days says nothing


def test_a_start_typed_after_the_end_keeps_the_window_and_says_why(data):
    # November 2025 is shown; a new start, 1 Dec 2025, is typed before the end
    shown = {"query": "?start=2025-11-01&end=2025-11-30", "selection": None}

    def typed(start: date, end: date) -> dict:
        return update_state(
            data, ids.DATE_RANGE, from_url=False, search=shown["query"],
            controls=controls(data, start=start, end=end), stance_ids=STANCES,
            current=shown,
        )  # fmt: skip

    out = typed(date(2025, 12, 1), date(2025, 11, 30))
    assert out["notice"] == (
        "The start, 1 Dec 2025, is after the end, 30 Nov 2025: "
        "the window stays 1 Nov – 30 Nov 2025."
    )
    assert out["view"] is no_update  # nothing redrawn, not the whole span
    assert out["search"] == shown["query"]
    assert out["controls"]["start"] is no_update  # the typed start stays
    # the end typed next: that window, and the notice gone
    out = typed(date(2025, 12, 1), date(2025, 12, 10))
    assert view_of(data, out["view"]["query"]).start == date(2025, 12, 1)
    assert out["notice"] == ""


@pytest.mark.parametrize("name", ["kinds", "origins"])
def test_only_unknown_filter_values_show_everything(data, name):
    out = opened(data, f"?{name}=nope,nothing")
    assert (
        f"{name} not in this data, ignored: nope, nothing; showing all" in out["notice"]
    )
    view = view_of(data, out["view"]["query"])
    assert getattr(view, name) is None  # all, not an empty view
    assert "0 relations" not in update_figures(data, out["view"])[3]
    # a known one among unknown ones is kept; an empty list still means none
    assert view_of(data, "?kinds=call,nope").kinds == ("call",)
    assert view_of(data, "?kinds=").kinds == ()


def test_a_story_step_of_thousands_of_digits(data):
    out = opened(data, "?story=guacamaya&step=" + "9" * 5000)
    assert "showing step 8" in out["notice"] and out["display"]["step"] == 8
    assert len(out["notice"]) < 300  # the value is cut in the notice


def test_malformed_control_values_use_defaults(data):
    values = controls(data)
    values.update(start="garbage", depth="x", selection=[1, 2], colour=7,
                  kinds={"a": 1}, min_sources=None, compare="9999-01-01")  # fmt: skip
    out = update_state(
        data, ids.FOCUS_DEPTH, from_url=False, search="?", controls=values,
        stance_ids=[{"stance": "cooperative"}, "x", None],
    )  # fmt: skip
    assert out["notice"].startswith("Defaults used:") and "depth" in out["notice"]
    view = view_of(data, out["view"]["query"])
    assert (view.start, view.end) == data.span and view.depth == 0
    assert view.focus is None and view.colour == "country"


def test_malformed_store_display_and_clicks(data):
    for store in (None, [], {"query": 5, "selection": "x"}, {"query": "?end=x"}):
        assert update_figures(data, store, {"story": 3, "step": "9"})[3]
        update_panel(data, "details", store, "garbage")
    update_panel(data, "no-such-tab", {}, None)
    assert update_selection(ids.EVENTS_TABLE, table_cell={"x": 1})[0]
    chosen = update_selection(ids.ACTOR_SEARCH, searched=["putin"])
    assert chosen[0] is no_update  # nothing was selected, nothing is
    chosen = update_selection(
        ids.ACTOR_SEARCH, searched=["putin"], current={"actor": "maduro"}
    )
    assert chosen[0] is None
    odd_click = {"points": [{"customdata": [["actor"], "putin"]}]}
    assert update_selection(ids.GEO_MAP, map_click=odd_click)[0]


# --- a drag on the time bar beyond the data ----------------------------------


@pytest.mark.parametrize(
    "selected",
    [
        {"range": {"x2": ["2026-01-01", "2026-02-01"]}},  # after the data
        # before it (the overview ends where the data does: a drag on it
        # stays in the data's days)
        {"range": {"x2": ["2018-01-01", "2018-06-01"]}},
        {"range": {"x2": ["2262-04-11", "2262-04-11"]}},  # after the year 2100
    ],
)
def test_a_drag_beyond_the_data_keeps_the_window_and_says_so(data, selected):
    out = dragged(data, selected)
    assert out["view"] is no_update and out["controls"]["start"] is no_update
    first, last = data.span
    assert f"outside the data ({first} to {last}): window unchanged" in out["notice"]


def test_a_drag_that_takes_clears_the_notice_of_one_that_did_not(data):
    """The notice stayed, still saying "window unchanged", after a drag
    that moved the window."""
    assert (
        dragged(data, {"range": {"x2": ["2025-10-01", "2025-10-20"]}})["notice"] == ""
    )


@settings(max_examples=60, deadline=None)
@given(
    ends=st.lists(st.dates(date(1677, 9, 22), date(2262, 4, 11)), min_size=2,
                  max_size=2).map(lambda days: [d.isoformat() for d in days])
    | st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=2),
    axis=st.sampled_from(["x", "x2"]),
)  # fmt: skip
def test_a_drag_gives_a_window_within_the_data_or_none(data, ends, axis):
    out = dragged(data, {"range": {axis: ends}})
    if out["view"] is not no_update:
        view = view_of(data, out["view"]["query"])
        assert not view.notices
        assert data.span[0] <= view.start <= view.end <= data.span[1]


def dragged(data, selected) -> dict:
    """The state callback's answer to a drag on the time bar (``selected``)
    while November 2025 is shown."""
    return update_state(
        data, ids.TIME_BAR, from_url=False, search="?start=2025-11-01&end=2025-11-30",
        controls=controls(data, start=date(2025, 11, 1), end=date(2025, 11, 30)),
        selected=selected, stance_ids=STANCES,
    )  # fmt: skip


# --- every callback over HTTP ----------------------------------------------


def assert_sendable(response) -> None:
    """The answer holds only text UTF-8 can write: what came in with a lone
    surrogate was refused where it entered, not echoed back (escaped)."""
    if response.data:
        again = json.dumps(json.loads(response.data), ensure_ascii=False)
        assert not re.search("[\ud800-\udfff]", again), response.data[:500]


def sent_to(app, name: str, trigger: str, values: dict) -> dict:
    """A request as the page sends it to the server callback that outputs
    ``name`` and reads ``trigger`` ("id.property"), which fired: ``values``
    by "id.property", None for the other inputs, no pattern's components."""
    key, spec = next(
        (key, spec) for key, spec in app.callback_map.items()
        if spec.get("callback") and key.strip(".").startswith(name)
        and any(f"{d['id']}.{d['property']}" == trigger for d in spec["inputs"])
    )  # fmt: skip

    def dependency(dep):
        if '["ALL"]' in dep["id"]:
            return []
        value = values.get(f"{dep['id']}.{dep['property']}")
        return {"id": dep["id"], "property": dep["property"], "value": value}

    many = isinstance(spec["output"], list)
    outputs = [
        [] if '["ALL"]' in output.component_id_str()
        else {"id": output.component_id_str(), "property": output.component_property}
        for output in (spec["output"] if many else [spec["output"]])
    ]  # fmt: skip
    return {
        "output": key,
        "outputs": outputs if many else outputs[0],
        "inputs": [dependency(dep) for dep in spec["inputs"]],
        "state": [dependency(dep) for dep in spec["state"]],
        "changedPropIds": [trigger],
    }


def test_json_nested_too_deeply_to_read_is_turned_away(app):
    body = b"[" * 100_000 + b"]" * 100_000
    response = app.server.test_client().post(
        CALLBACK, data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json == {
        "error": "malformed callback request: the JSON is nested too deeply"
    }


@pytest.mark.parametrize(
    "store",
    [
        {"query": f"?focus={LONE}"},
        {"query": f"?start={LONE}"},
        {"query": f"?kinds=call,{LONE}"},
        {"query": f"?{LONE}=1"},
        {"query": f"?story={LONE}"},
        {"query": "?", "selection": {"actor": LONE}},
        {"query": "?", "selection": {"relation": LONE}},
    ],
)
def test_a_view_store_with_a_lone_surrogate_draws_the_defaults(app, store):
    body = sent_to(app, "geo-map.figure", "view.data",
                   {"view.data": store, "panel-sizes.data": SIZES})  # fmt: skip
    response = app.server.test_client().post(CALLBACK, json=body)
    assert response.status_code == 200
    assert_sendable(response)
    drawn = response.json["response"][ids.FIGURES_VIEW]["data"]
    assert drawn["query"] in (None, "?") and drawn["selection"] is None


def test_a_link_with_a_lone_surrogate_says_so_and_shows_the_defaults(app, data):
    search = f"?start=2025-11-01&focus={LONE}"
    body = sent_to(app, "url.search", "url.search", {"url.search": search})
    response = app.server.test_client().post(CALLBACK, json=body)
    assert response.status_code == 200
    assert_sendable(response)
    answer = response.json["response"]
    assert "the link is not valid text" in answer[ids.NOTICE]["children"]
    view = view_of(data, answer[ids.VIEW]["data"]["query"])
    assert (view.start, view.end, view.focus) == (*data.span, None)
    # the display links read the URL too
    body = sent_to(app, "present-toggle.title", "url.search", {"url.search": LONE})
    response = app.server.test_client().post(CALLBACK, json=body)
    assert response.status_code == 200
    assert_sendable(response)


def test_a_search_for_a_lone_surrogate_selects_nothing(app):
    body = sent_to(app, "selection.data", "actor-search.value",
                   {"actor-search.value": LONE})  # fmt: skip
    response = app.server.test_client().post(CALLBACK, json=body)
    assert response.status_code in (200, 204)
    assert_sendable(response)
    assert update_selection(ids.ACTOR_SEARCH, searched=LONE)[0] is no_update


def test_new_data_redraws_a_view_store_with_a_lone_surrogate_as_the_defaults(
    write_dir,
):
    directory = write_dir()
    live = live_on(directory)
    seen = data_seen(live)
    (directory / "relations.csv").write_text(RELATIONS + NEW, encoding="utf-8")
    live.check(wait=True)
    words, _, redrawn, *_ = update_freshness(live, seen, {"query": f"?focus={LONE}"})
    assert "1 new relation" in words
    assert redrawn == {"query": None, "selection": None, "data": "1"}


#: Text JSON can carry but UTF-8 cannot: a lone surrogate ("\ud800"), in a
#: link's parameter or among other characters.
UNPAIRED = st.builds(
    lambda before, lone, after: before + lone + after,
    st.sampled_from(["", "?focus=", "?start=", "?kinds="]) | st.text(max_size=8),
    st.characters(categories=["Cs"]),
    st.text(max_size=8),
)

#: The View store's shape, its text any text (a lone surrogate as often as not).
STORE = st.fixed_dictionaries({
    "query": st.text(max_size=20) | UNPAIRED,
    "selection": st.none() | st.fixed_dictionaries(
        {"actor": st.text(max_size=8) | UNPAIRED}
    ) | st.fixed_dictionaries({"relation": st.text(max_size=8) | UNPAIRED}),
})  # fmt: skip

ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats()
    | st.text(max_size=20) | UNPAIRED
    | st.sampled_from(["2025-11-21", "9999-12-31", "putin", "r01", "?end=x"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["actor", "relation", "query", "x"]), inner,
                      max_size=3),
    max_leaves=8,
)  # fmt: skip

#: A callback's input: any value, or text no answer can hold, or the View
#: store's shape holding such text (a third of the time each: among any
#: values they were seldom drawn, and the fuzz missed them).
VALUE = st.one_of(ANY, UNPAIRED, STORE)


def _id(text: str):
    return json.loads(text) if text.startswith("{") else text


def _concrete(pattern: dict, n: int) -> dict:
    return {k: (f"v{n}" if v == ["ALL"] else v) for k, v in pattern.items()}


#: Every server callback of the page, by an output it has (images and decks
#: are background jobs: their adapter is tested directly, not by starting jobs).
CALLBACKS = ["url.search", "play-timer.disabled", "geo-map.figure",
             "details.children", "present-toggle.title", "panel-tabs.value",
             "selection.data", "download.data", "image-cancel.id",
             "events-holder.children", "events-table.rowData",
             "data-status.children", "preset-windows.data"]  # fmt: skip


@st.composite
def payloads(draw, app, name: str):
    """A request shaped as the page sends it, to a server callback that
    outputs ``name``, with any values at all."""
    keys = [k for k, v in app.callback_map.items()
            if v.get("callback") and not v.get("background")
            and k.strip(".").startswith(name)]  # fmt: skip
    key = draw(st.sampled_from(keys))
    spec = app.callback_map[key]
    count = draw(st.integers(0, 3))  # components each pattern matched

    def dependency(dep):
        if '["ALL"]' in dep["id"]:
            return [
                {"id": _concrete(_id(dep["id"]), n), "property": dep["property"],
                 "value": draw(VALUE)}
                for n in range(count)
            ]  # fmt: skip
        return {"id": _id(dep["id"]), "property": dep["property"], "value": draw(VALUE)}

    inputs = [dependency(dep) for dep in spec["inputs"]]
    declared = spec["output"] if isinstance(spec["output"], list) else [spec["output"]]
    outputs = [
        [{"id": _concrete(_id(o.component_id_str()), n), "property":
          o.component_property} for n in range(count)]
        if '["ALL"]' in o.component_id_str()
        else {"id": _id(o.component_id_str()), "property": o.component_property}
        for o in declared
    ]  # fmt: skip
    changed = [f"{dep['id']}.{dep['property']}" for dep in spec["inputs"]]
    for dep in spec["inputs"]:  # a concrete component of a pattern, any value
        if '["ALL"]' in dep["id"]:
            concrete = {k: (draw(VALUE) if v == ["ALL"] else v)
                        for k, v in _id(dep["id"]).items()}  # fmt: skip
            changed.append(json.dumps(concrete, sort_keys=True) + "." + dep["property"])
    return {
        "output": key,
        "outputs": outputs if isinstance(spec["output"], list) else outputs[0],
        "inputs": inputs,
        "state": [dependency(dep) for dep in spec["state"]],
        "changedPropIds": draw(st.lists(st.sampled_from(changed), max_size=2)),
    }


@pytest.mark.parametrize("name", CALLBACKS)
@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(drawn=st.data())
def test_no_callback_answers_500_to_any_values(app, name, drawn):
    client = app.server.test_client()
    payload = drawn.draw(payloads(app, name))
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code in (200, 204), (payload, response.data[:500])
    assert_sendable(response)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(body=ANY | st.fixed_dictionaries({"output": st.text(), "inputs": ANY}))
def test_a_request_of_the_wrong_shape_is_turned_away(app, body):
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 400
    assert b"malformed callback request" in response.data


@pytest.mark.parametrize("name", CALLBACKS)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(drawn=st.data())
def test_outputs_not_as_the_page_sends_them_are_turned_away(app, name, drawn):
    """Dash checks the outputs a request names only by raising: a 500."""
    payload = drawn.draw(payloads(app, name))
    sent = payload["outputs"]
    named = st.fixed_dictionaries(  # shaped as outputs are, naming anything
        {"id": st.sampled_from(["geo-map", "play-timer", "x", "view"]) | ANY,
         "property": st.sampled_from(["figure", "disabled", "data", "data@1"]) | ANY}
    )  # fmt: skip
    outputs = ANY | named | st.lists(named | st.lists(named, max_size=2), max_size=12)
    payload["outputs"] = drawn.draw(outputs.filter(lambda outputs: outputs != sent))
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code != 500, (payload, response.data[:300])
    if response.status_code == 400:
        assert b"malformed callback request" in response.data


@pytest.mark.parametrize(
    "name, trigger, outputs",
    [
        ("play-timer.disabled", "play-button.n_clicks", []),
        ("play-timer.disabled", "play-button.n_clicks", {}),
        ("play-timer.disabled", "play-button.n_clicks", {"id": "x"}),
        ("play-timer.disabled", "play-button.n_clicks",
         {"id": "play-timer", "property": "nope"}),
        ("play-timer.disabled", "play-button.n_clicks",
         {"id": 1, "property": "disabled"}),
        ("play-timer.disabled", "play-button.n_clicks",
         [{"id": "play-timer", "property": "disabled"}]),
        ("geo-map.figure", "view.data", [None]),
        ("geo-map.figure", "view.data", [5]),
        ("geo-map.figure", "view.data", [{}]),
        ("geo-map.figure", "view.data", {"id": "geo-map", "property": "figure"}),
        ("geo-map.figure", "view.data", "duplicated"),
        ("geo-map.figure", "view.data", "swapped"),
    ],
)  # fmt: skip
def test_each_wrong_outputs_is_turned_away(app, name, trigger, outputs):
    payload = sent_to(app, name, trigger, {})
    sent = payload["outputs"]
    if outputs == "duplicated":
        outputs = [*sent, sent[0]]
    elif outputs == "swapped":
        outputs = sent[::-1]
    client = app.server.test_client()
    assert client.post("/_dash-update-component", json=payload).status_code in (
        200,
        204,
    )  # as the page sends it
    payload["outputs"] = outputs
    response = client.post("/_dash-update-component", json=payload)
    assert response.status_code == 400
    assert b"outputs: not the callback's" in response.data


def test_an_output_named_with_dashs_suffix_is_taken(app):
    """The page names an output another callback also writes
    (``allow_duplicate``) as the callback's key does: with Dash's "@" suffix."""
    payload = sent_to(app, "panel-tabs.value", "path-from.value", {})
    component, _, prop = payload["output"].partition(".")
    assert (component, prop.split("@")[0]) == ("panel-tabs", "value") and "@" in prop
    payload["outputs"] = {"id": component, "property": prop}
    response = app.server.test_client().post("/_dash-update-component", json=payload)
    assert response.status_code in (200, 204), response.data[:300]


def test_a_request_with_one_input_missing_is_turned_away(app, data):
    key = next(k for k in app.callback_map if k.startswith("..geo-map.figure"))
    body = {"output": key, "outputs": [], "changedPropIds": [],
            "inputs": [{"id": "view", "property": "data", "value": None}]}  # fmt: skip
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 400 and b"inputs: 4 expected" in response.data
    assert app.server.test_client().get("/_dash-layout").status_code == 200


def test_triggers_with_odd_ids_change_nothing(data):
    from dashboard.web.files import update_download

    odd = {"type": ids.PRESETS, "name": ["2019"]}  # unhashable: not a preset
    out = update_state(data, odd, from_url=False, search="", controls=controls(data),
                       stance_ids=STANCES)  # fmt: skip
    assert (
        out["view"] is no_update
        or view_of(data, out["view"]["query"]).start == (data.span[0])
    )
    assert update_download(data, {"type": ids.EXPORT, "format": ["csv"]}, {}) is (
        no_update
    )


@pytest.mark.parametrize("start", ["2025-11-21XYZ", "20251121", "2025-W47-1"])
def test_a_link_date_not_written_as_yyyy_mm_dd_is_named_not_guessed(
    bundled_data, start
):
    """Python reads "20251121" and "2025-W47-1" as days, and the first ten
    characters of "2025-11-21XYZ" were taken: each silently."""
    view = view_of(bundled_data, f"?start={start}")
    assert view.start == bundled_data.span[0]
    assert any(start in notice for notice in view.notices)


@pytest.mark.parametrize("odd", [[], {}, ["neutral"], {"a": 1}])
def test_kind_checklists_with_ids_not_of_text_change_nothing(app, odd):
    """A kind checklist's id whose stance or kind is a list or a dict (a
    hand-made request): the stance was looked up in a dict, a 500."""
    body = sent_to(app, "url.search", "url.search", {"url.search": ""})
    body["changedPropIds"] = [
        json.dumps({"kind": "call", "type": ids.KIND_ONLY}) + ".n_clicks"
    ]
    odd_id = {"type": ids.KINDS, "stance": odd, "kind": odd}
    spec = app.callback_map[body["output"]]
    for part, prop, value in (("inputs", "value", ["call"]), ("state", "id", odd_id)):
        for i, dep in enumerate(spec[part]):
            if dep["id"].startswith("{") and json.loads(dep["id"])["type"] == ids.KINDS:
                body[part][i] = [{"id": odd_id, "property": prop, "value": value}]
    for i, output in enumerate(spec["output"]):
        if (
            ids.KINDS in output.component_id_str()
            and "ALL" in output.component_id_str()
        ):
            body["outputs"][i] = [{"id": odd_id, "property": "value"}]
    response = app.server.test_client().post(CALLBACK, json=body)
    assert response.status_code == 200, response.data[:300]


@pytest.mark.parametrize(
    "prop_id",
    ['{"kind":"call","type":"kind-only".n_clicks', "{.n_clicks",
     "{" * 5000 + ".n_clicks"],
)  # fmt: skip
def test_a_trigger_whose_id_is_not_json_is_turned_away(app, prop_id):
    """Dash reads an id starting with "{" as JSON when a callback asks what
    fired: one that is not JSON failed inside Dash, a 500."""
    body = sent_to(app, "url.search", "url.search", {"url.search": ""})
    body["changedPropIds"] = [prop_id]
    response = app.server.test_client().post(CALLBACK, json=body)
    assert response.status_code == 400
    assert b"not JSON" in response.data


@pytest.mark.parametrize("trigger", [ids.STEP_BACK, ids.STEP_FORWARD])
def test_a_step_after_a_start_typed_after_the_end_moves_and_says_no_more(data, trigger):
    """A step taken while the picker holds a start after its end: the window
    moved, and the notice had said that it stayed where it was."""
    shown = {"query": "?start=2025-11-01&end=2025-11-30", "selection": None}
    out = update_state(
        data, trigger, from_url=False, search=shown["query"],
        controls=controls(data, start=date(2025, 12, 1), end=date(2025, 11, 30)),
        stance_ids=STANCES, current=shown,
    )  # fmt: skip
    moved = view_of(data, out["view"]["query"])
    assert (moved.start, moved.end) != (date(2025, 11, 1), date(2025, 11, 30))
    assert out["controls"]["start"] == moved.start.isoformat()
    assert out["notice"] == ""
