"""Hostile links and callback payloads: a notice and defaults, never a 500."""

from __future__ import annotations

import json

import pytest
from dash import no_update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core.model import view_of
from dashboard.web import ids
from dashboard.web.app import create_app
from dashboard.web.state import update_state
from dashboard.web.views import update_figures, update_panel, update_selection
from tests.unit.test_callbacks import STANCES, controls


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


@pytest.mark.parametrize("name", ["kinds", "origins"])
def test_only_unknown_filter_values_show_everything(data, name):
    out = opened(data, f"?{name}=nope,nothing")
    assert f"unknown {name} ignored: nope, nothing; showing all" in out["notice"]
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


# --- every callback over HTTP ----------------------------------------------

ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["2025-11-21", "9999-12-31", "putin", "r01", "?end=x"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["actor", "relation", "query", "x"]), inner,
                      max_size=3),
    max_leaves=8,
)  # fmt: skip


def _id(text: str):
    return json.loads(text) if text.startswith("{") else text


def _concrete(pattern: dict, n: int) -> dict:
    return {k: (f"v{n}" if v == ["ALL"] else v) for k, v in pattern.items()}


#: Every server callback of the page, by an output it has (images and decks
#: are background jobs: their adapter is tested directly, not by starting jobs).
CALLBACKS = ["url.search", "play-timer.disabled", "geo-map.figure",
             "details.children", "present-toggle.href", "panel-tabs.value",
             "selection.data", "download.data", "image-cancel.id",
             "events-holder.children", "events-table.rowData"]  # fmt: skip


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
                 "value": draw(ANY)}
                for n in range(count)
            ]  # fmt: skip
        return {"id": _id(dep["id"]), "property": dep["property"], "value": draw(ANY)}

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
            concrete = {k: (draw(ANY) if v == ["ALL"] else v)
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


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(body=ANY | st.fixed_dictionaries({"output": st.text(), "inputs": ANY}))
def test_a_request_of_the_wrong_shape_is_turned_away(app, body):
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 400
    assert b"malformed callback request" in response.data


def test_a_request_with_one_input_missing_is_turned_away(app, data):
    key = next(k for k in app.callback_map if k.startswith("..geo-map.figure"))
    body = {"output": key, "outputs": [], "changedPropIds": [],
            "inputs": [{"id": "view", "property": "data", "value": None}]}  # fmt: skip
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 400 and b"inputs: 3 expected" in response.data
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
