"""Thin adapters between components and the pure functions: plain ``update_*``
functions, wired onto an app by ``register_callbacks``.

Per-user state lives in the browser (the URL and a dcc.Store), never here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from dash import ALL, Dash, Input, Output, Patch, State, ctx, no_update

from dashboard import ids
from dashboard.data import Dataset
from dashboard.describe import (
    ACTOR_FIELDS,
    RELATION_FIELDS,
    actor_label,
    records,
    relation_hover,
    summarise_view,
    window_label,
)
from dashboard.details import make_details
from dashboard.figures import make_map_figure, make_network_figure
from dashboard.figures.map import map_places
from dashboard.filters import visible
from dashboard.graph import collapse_to_states
from dashboard.positions import network_positions
from dashboard.urlstate import View, parse_query, to_query
from dashboard.window import presets, step_window, window_from_selection

__all__ = ["AppData", "prepare", "register_callbacks"]


@dataclass(frozen=True)
class AppData:
    """Read-only data shared by every user: the tables and what is derived from
    them once at start-up (layouts, map places, names), never per callback."""

    dataset: Dataset
    positions: dict[str, tuple[float, float]]
    state_positions: dict[str, tuple[float, float]]
    places: dict[str, tuple[float, float]]
    names: dict[str, str]
    kinds: list[str]
    presets: dict[str, tuple[date, date]]

    @property
    def span(self) -> tuple[date, date]:
        return self.dataset.date_span


def prepare(dataset: Dataset) -> AppData:
    """Everything the callbacks need that does not depend on the view."""
    actors, relations = dataset.actors, dataset.relations
    states = actors[actors["kind"] == "state"]
    years = sorted(set(relations["first"].dt.year))[-6:]
    names = {row["id"]: actor_label(row) for row in records(actors, ACTOR_FIELDS)}
    # hover texts depend on the relation alone: write them once, not per callback
    hovers = [relation_hover(row, names) for row in records(relations, RELATION_FIELDS)]
    return AppData(
        dataset=replace(dataset, relations=relations.assign(hover=hovers)),
        positions=network_positions(actors, relations),
        state_positions=network_positions(
            states, collapse_to_states(actors, relations)
        ),
        places=map_places(actors),
        names=names,
        kinds=sorted(set(relations["kind"])),
        presets=presets(dataset.date_span, years),
    )


def _as_date(value) -> date:
    return date.fromisoformat(str(value)[:10])


def update_url_and_controls(
    data: AppData,
    from_url: bool,
    search,
    start,
    end,
    kind_groups,
    states,
    selection,
    stance_ids,
):
    """Keep the URL and the controls in step, both ways, in one callback.

    ``from_url``: the page was opened or the URL edited; set every control from
    it. Otherwise a control changed: write the URL.
    Returns (search, start, end, kind groups, states, selection, notice).
    """
    keep = [no_update] * len(stance_ids)
    if from_url:
        view = parse_query(
            search,
            span=data.span,
            kinds=data.kinds,
            actors=set(data.dataset.actors["id"]),
        )
        chosen = set(view.kinds) or set(data.kinds)
        groups = [
            sorted(set(options) & chosen)
            for options in _stance_options(data, stance_ids)
        ]
        notice = (
            ("Link partly invalid, defaults used: " + "; ".join(view.notices) + ".")
            if view.notices
            else ""
        )
        return (
            no_update,
            view.start.isoformat(),
            view.end.isoformat(),
            groups,
            ["1"] if view.states else [],
            {"actor": view.focus} if view.focus else None,
            notice,
        )
    kinds = sorted(kind for group in kind_groups for kind in (group or []))
    view = View(
        start=_as_date(start),
        end=_as_date(end),
        kinds=tuple(kinds) if len(kinds) < len(data.kinds) else (),
        focus=(selection or {}).get("actor"),
        states=bool(states),
    )
    return to_query(view), no_update, no_update, keep, no_update, no_update, no_update


def _stance_options(data: AppData, stance_ids: list[dict]) -> list[list[str]]:
    relations = data.dataset.relations
    return [
        sorted(set(relations.loc[relations["stance"] == i["stance"], "kind"]))
        for i in stance_ids
    ]


def update_window(data: AppData, trigger, selected, start, end):
    """A new date window from a drag on the time bar, a preset, a step or a play tick.

    ``trigger`` is the id of the component that fired.
    Returns (start, end, play timer disabled).
    """
    window = (_as_date(start), _as_date(end))
    if isinstance(trigger, dict) and trigger.get("type") == ids.PRESETS:
        new = data.presets[trigger["name"]]
    elif trigger == ids.TIME_BAR:
        new = window_from_selection(selected)
        if new is None:
            return no_update, no_update, no_update
        new = (max(new[0], data.span[0]), min(new[1], data.span[1]))
    else:
        forward = trigger != ids.STEP_BACK
        new = step_window(data.dataset.relations, window, data.span, forward=forward)
        if new is None:  # nothing further: stop playing
            return no_update, no_update, True
    return (
        new[0].isoformat(),
        new[1].isoformat(),
        no_update if trigger == ids.PLAY_TIMER else True,
    )


def update_play(n_clicks, disabled):
    """Play/pause: start or stop the timer; the label says what a click will do."""
    playing = bool(disabled) and bool(n_clicks)
    return not playing


def update_play_label(disabled):
    return "▶ Play" if disabled else "❚❚ Pause"


def update_selection(trigger, map_click, graph_click, searched):
    """The selected actor or relation, from a click, the search box, or clear.

    ``trigger`` is the id of the component that fired.
    Returns (selection, search box value).
    """
    if trigger == ids.CLEAR_SELECTION:
        return None, None
    if trigger == ids.ACTOR_SEARCH:
        return ({"actor": searched} if searched else None), no_update
    click = map_click if trigger == ids.GEO_MAP else graph_click
    try:
        kind, value = click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError, ValueError):
        return no_update, no_update
    return {kind: value}, no_update


def update_view(
    data: AppData, start, end, kind_groups, actor_kinds, confidence, states, selection
):
    """Every figure and text that follows the view.

    Returns (map, graph, time bar, details, header window, summary).
    """
    start, end = _as_date(start), _as_date(end)
    kinds = [kind for group in kind_groups for kind in (group or [])]
    actors, relations = visible(
        data.dataset.actors,
        data.dataset.relations,
        start=start,
        end=end,
        kinds=kinds,
        actor_kinds=actor_kinds,
        confidence=confidence,
        states_only=bool(states),
    )
    names = data.names
    positions = data.state_positions if states else data.positions
    summary = summarise_view(start, end, relations, names)
    shown_actors = set(relations["source"]) | set(relations["target"])
    header = (
        f"{window_label(start, end)} · {len(relations)} relations among "
        f"{len(shown_actors)} actors"
    )
    return (
        make_map_figure(
            actors, relations, selection=selection, places=data.places, names=names
        ),
        make_network_figure(
            actors, relations, positions, selection=selection, names=names
        ),
        shade_window(start, end),
        make_details(data.dataset.actors, relations, selection, names),
        header,
        summary,
    )


def shade_window(start: date, end: date) -> Patch:
    """Move the time bar's shaded window; the bars themselves never change."""
    patch = Patch()
    patch["layout"]["shapes"][0]["x0"] = start.isoformat()
    patch["layout"]["shapes"][0]["x1"] = (end + timedelta(days=1)).isoformat()
    return patch


def register_callbacks(app: Dash, data: AppData) -> None:
    """Wire the update_* functions onto ``app`` (not the global callback list)."""
    kinds_all = {"type": ids.KINDS, "stance": ALL}

    app.callback(
        Output(ids.URL, "search"),
        Output(ids.DATE_RANGE, "start_date"),
        Output(ids.DATE_RANGE, "end_date"),
        Output(kinds_all, "value"),
        Output(ids.STATES_ONLY, "value"),
        Output(ids.SELECTION, "data"),
        Output(ids.NOTICE, "children"),
        Input(ids.URL, "search"),
        Input(ids.DATE_RANGE, "start_date"),
        Input(ids.DATE_RANGE, "end_date"),
        Input(kinds_all, "value"),
        Input(ids.STATES_ONLY, "value"),
        Input(ids.SELECTION, "data"),
        State(kinds_all, "id"),
    )(
        lambda *args: update_url_and_controls(
            data,
            ctx.triggered_id is None or f"{ids.URL}.search" in ctx.triggered_prop_ids,
            *args,
        )
    )

    app.callback(
        Output(ids.DATE_RANGE, "start_date", allow_duplicate=True),
        Output(ids.DATE_RANGE, "end_date", allow_duplicate=True),
        Output(ids.PLAY_TIMER, "disabled", allow_duplicate=True),
        Input(ids.TIME_BAR, "selectedData"),
        Input({"type": ids.PRESETS, "name": ALL}, "n_clicks"),
        Input(ids.STEP_BACK, "n_clicks"),
        Input(ids.STEP_FORWARD, "n_clicks"),
        Input(ids.PLAY_TIMER, "n_intervals"),
        State(ids.DATE_RANGE, "start_date"),
        State(ids.DATE_RANGE, "end_date"),
        prevent_initial_call=True,
    )(
        lambda selected, _presets, _back, _forward, _ticks, start, end: update_window(
            data, ctx.triggered_id, selected, start, end
        )
    )

    app.callback(
        Output(ids.PLAY_TIMER, "disabled"),
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAY_TIMER, "disabled"),
        prevent_initial_call=True,
    )(update_play)

    app.callback(Output(ids.PLAY, "children"), Input(ids.PLAY_TIMER, "disabled"))(
        update_play_label
    )

    app.callback(
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Output(ids.ACTOR_SEARCH, "value"),
        Input(ids.GEO_MAP, "clickData"),
        Input(ids.NETWORK_GRAPH, "clickData"),
        Input(ids.ACTOR_SEARCH, "value"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        prevent_initial_call=True,
    )(
        lambda map_click, graph_click, searched, _clear: update_selection(
            ctx.triggered_id, map_click, graph_click, searched
        )
    )

    app.callback(
        Output(ids.GEO_MAP, "figure"),
        Output(ids.NETWORK_GRAPH, "figure"),
        Output(ids.TIME_BAR, "figure"),
        Output(ids.DETAILS, "children"),
        Output(ids.HEADER_WINDOW, "children"),
        Output(ids.VIEW_SUMMARY, "children"),
        Input(ids.DATE_RANGE, "start_date"),
        Input(ids.DATE_RANGE, "end_date"),
        Input(kinds_all, "value"),
        Input(ids.ACTOR_KINDS, "value"),
        Input(ids.CONFIDENCE, "value"),
        Input(ids.STATES_ONLY, "value"),
        Input(ids.SELECTION, "data"),
    )(lambda *args: update_view(data, *args))
