"""Wiring: the update_* adapters registered on an app (not on Dash's global
callback list, so that every app a process builds keeps its own).

Per-user state lives in the browser (the URL and dcc.Store), never here. The
path of one interaction: a control or link -> `update_state` (the View store;
a preset sets the store in the page and `update_state` runs beside the
figures) -> `update_figures` -> `update_panel` and `update_tables`.
"""

from __future__ import annotations

from dash import (
    ALL,
    ClientsideFunction,
    Dash,
    Input,
    Output,
    State,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate
from flask import jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.core.describe import (
    ACTOR_FIELDS,
    actor_options,
    menu_options,
    records,
)
from dashboard.core.live import LiveData
from dashboard.core.model import AppData, per_data
from dashboard.web import ids
from dashboard.web.controls import KINDS_ALL, OPTION_LIMIT, controls, every_name
from dashboard.web.files import update_briefing, update_download, update_timelapse
from dashboard.web.freshness import (
    update_filters,
    update_freshness,
    update_menus,
    update_page,
    update_presets,
)
from dashboard.web.inputs import clean_store, malformed_request, text
from dashboard.web.jobs import busy_when_full
from dashboard.web.layout import PANEL_TABS
from dashboard.web.state import update_state
from dashboard.web.views import (
    header_words,
    path_menus_follow,
    search_follows,
    update_display,
    update_figures,
    update_grids,
    update_map,
    update_panel,
    update_play,
    update_selection,
    update_tab,
    update_tables,
)

__all__ = ["register_callbacks"]


def register_callbacks(app: Dash, live: LiveData) -> None:
    """Wire the update_* functions onto ``app``. Each call reads the data
    from ``live`` as it is then: new data is served without a restart."""
    _turn_away_malformed(app)
    _state(app, live)
    _view(app, live)
    _selection(app, live)
    _files(app, live)
    _client_side(app)
    _freshness(app, live)


def _turn_away_malformed(app: Dash) -> None:
    """Answer 400, with the reason, to a callback request of the wrong shape."""

    def check():
        if request.method == "POST" and request.path.endswith("_dash-update-component"):
            # a body over MAX_CONTENT_LENGTH: 413. Werkzeug refuses one whose
            # length is given, but cuts a chunked one at the limit, unsaid
            if len(request.get_data(cache=True)) >= request.max_content_length:
                raise RequestEntityTooLarge()
            try:
                body = request.get_json(silent=True)
            except RecursionError:  # silent covers ValueError only
                reason = "the JSON is nested too deeply"
            else:
                reason = malformed_request(app.callback_map, body)
            if reason:
                return jsonify({"error": f"malformed callback request: {reason}"}), 400
        return None

    app.server.before_request(check)


def _state(app: Dash, live: LiveData) -> None:
    """URL, controls, window movers -> the View store (one callback, so that
    a preset or a link builds the View once)."""
    # menus filled as the user types get a link's path ends with their values
    # (whatever the data's size at start-up: it may grow past OPTION_LIMIT)
    menus = [Output(menu, "options", allow_duplicate=True)
             for menu in (ids.PATH_FROM, ids.PATH_TO)]  # fmt: skip

    def state(_moves, _gestures, **values) -> dict:
        out = update_state(
            live.data,
            ctx.triggered_id,
            from_url=ctx.triggered_id is None
            or f"{ids.URL}.search" in ctx.triggered_prop_ids,
            **values,
        )
        out["menus"] = path_menus_follow(_options(live.data), out["controls"])
        return out

    app.callback(
        output={
            "search": Output(ids.URL, "search"),
            "controls": controls(Output),
            # duplicates: the renderer then holds nothing that reads the View
            # or the display back while this callback runs (a preset's
            # figures are asked for beside it: `_preset`)
            "view": Output(ids.VIEW, "data", allow_duplicate=True),
            "display": Output(ids.DISPLAY, "data", allow_duplicate=True),
            "notice": Output(ids.NOTICE, "children"),
            "again": Output(ids.NOTICE_AGAIN, "data"),
            "link_shown": Output(ids.LINK_SHOWN, "data"),
            "stop": Output(ids.PLAY_TIMER, "disabled", allow_duplicate=True),
            "tab": Output(ids.PANEL_TABS, "value", allow_duplicate=True),
            "camera": Output(ids.MAP_CAMERA, "data"),
            "chips": {
                "words": Output({"type": ids.FILTER_CHIP, "filter": ALL}, "children"),
                "hidden": Output({"type": ids.FILTER_CHIP, "filter": ALL}, "hidden"),
                "titles": Output({"type": ids.FILTER_CHIP, "filter": ALL}, "title"),
            },
            "menus": menus,
        },
        inputs={
            "search": Input(ids.URL, "search"),
            "controls": controls(Input),
            "tab": Input(ids.PANEL_TABS, "value"),
            "selected": Input(ids.TIME_BAR, "selectedData"),
            "_moves": [
                Input(ids.STEP_BACK, "n_clicks"),
                Input(ids.STEP_FORWARD, "n_clicks"),
                Input(ids.PLAY_TIMER, "n_intervals"),
                Input(ids.PLAY, "n_clicks"),  # at the end: from the first step
            ],
            # one-click filters: a stance's heading, "only" beside a kind, a
            # chip's remove button, a legend entry (its name: "picked")
            "_gestures": [
                Input({"type": ids.STANCE_ONLY, "stance": ALL}, "n_clicks"),
                Input({"type": ids.KIND_ONLY, "kind": ALL}, "n_clicks"),
                Input({"type": ids.FILTER_CHIP, "filter": ALL}, "n_clicks"),
            ],
            "picked": Input(ids.LEGEND_PICK, "data"),
        },
        state={
            "current": State(ids.VIEW, "data"),
            "current_display": State(ids.DISPLAY, "data"),
            "stance_ids": State(KINDS_ALL, "id"),
            "chip_ids": State({"type": ids.FILTER_CHIP, "filter": ALL}, "id"),
            "timer_off": State(ids.PLAY_TIMER, "disabled"),
            "camera": State(ids.MAP_CAMERA, "data"),
        },
        prevent_initial_call="initial_duplicate",
    )(state)
    _preset(app)
    app.callback(
        Output(ids.PLAY_TIMER, "disabled"),
        Input(ids.PLAY, "n_clicks"),
        State(ids.PLAY_TIMER, "disabled"),
        prevent_initial_call=True,
    )(update_play)


def _preset(app: Dash) -> None:
    """A date preset sets the date picker and the View store in the page
    (assets/clientside.js ``presetWindow``): the figures' request starts at
    once, beside the state callback's, which the new dates run and which
    writes the URL (and the View store only if its view differs)."""
    app.clientside_callback(
        ClientsideFunction("atlas", "presetWindow"),
        Output(ids.VIEW, "data", allow_duplicate=True),
        Output(ids.DATE_RANGE, "start_date", allow_duplicate=True),
        Output(ids.DATE_RANGE, "end_date", allow_duplicate=True),
        Output(ids.PLAY_TIMER, "disabled", allow_duplicate=True),
        Input({"type": ids.PRESETS, "name": ALL}, "n_clicks"),
        State(ids.PRESET_WINDOWS, "data"),
        State(ids.VIEW, "data"),
        State(ids.DATE_RANGE, "start_date"),
        State(ids.DATE_RANGE, "end_date"),
        State(ids.COMPARE_DATE, "date"),
        State(ids.PLAY_TIMER, "disabled"),
        prevent_initial_call=True,
    )


def _view(app: Dash, live: LiveData) -> None:
    """The View store -> figures, then the details card and the tables;
    the URL -> display links."""
    # the figures pass on the view they drew (FIGURES_VIEW): the details card
    # and the tables are asked for once the figures are answered, so that
    # neither their work on the server nor their drawing in the page holds
    # the figures back (while the figures are asked for, Dash's renderer
    # holds back what reads FIGURES_VIEW, a display change included). The
    # time bar's patch goes to TIME_BAR_NEXT, drawn after the map and the
    # network have been: Plotly draws every figure of an answer in one go,
    # and the map and the network are done only when all are (`_client_side`)
    app.callback(
        Output(ids.GEO_MAP, "figure"),
        Output(ids.NETWORK_GRAPH, "figure"),
        Output(ids.TIME_BAR_NEXT, "data"),
        Output(ids.HEADER_WINDOW, "children"),
        Output(ids.VIEW_SUMMARY, "children"),
        Output(ids.MAP_DRAWN, "children"),
        # one row, cut short on a narrow screen: the whole of it on hover
        Output(ids.HEADER_WINDOW, "title"),
        Output(ids.MAP_DRAWN, "title"),
        Output(ids.FIGURES_VIEW, "data"),
        # a burst preset's count follows the filters (written into the
        # buttons in the page: `_client_side`)
        Output(ids.PRESET_LABELS, "data"),
        Input(ids.VIEW, "data"),
        Input(ids.DISPLAY, "data"),
        Input(ids.PANEL_SIZES, "data"),
        # the map alone, once a zoom or a pan has settled: its names placed
        # for the scale it shows. In this callback, not one of its own: the
        # page then drops its answer when a new window's is asked for after
        # it (from another callback, a late answer drew the window before)
        Input(ids.MAP_SETTLED, "data"),
        # not an input: the map is already where the user took it (and the
        # store is set at every step of a wheel's zoom)
        State(ids.MAP_CAMERA, "data"),
        prevent_initial_call=True,  # the store is empty until the URL is read
    )(_when_measured(live))

    app.callback(
        Output(ids.DETAILS, "children"),
        Output(ids.PATH_PANEL, "children"),
        Output(ids.CHANGE_PANEL, "children"),
        Input(ids.PANEL_TABS, "value"),
        Input(ids.FIGURES_VIEW, "data"),
        Input(ids.DISPLAY, "data"),
        prevent_initial_call=True,
    )(lambda tab, store, display: update_panel(live.data, tab, store, display))

    # the grids are made once, when the table script has loaded, the open one
    # filled; then only their rows and selected row change (also as the grids
    # appear: no prevent_initial_call, and the Store says what they hold)
    app.callback(
        Output(ids.EVENTS_HOLDER, "children"),
        Output(ids.RANKINGS_HOLDER, "children"),
        Input(ids.GRID_READY, "data"),
        State(ids.PANEL_TABS, "value"),
        State(ids.FIGURES_VIEW, "data"),
        prevent_initial_call=True,
    )(lambda ready, tab, store: update_grids(live.data, ready, tab, store))
    app.callback(
        output={
            "events_rows": Output(ids.EVENTS_TABLE, "rowData"),
            "events_selected": Output(ids.EVENTS_TABLE, "selectedRows"),
            "rankings_rows": Output(ids.RANKINGS, "rowData"),
            "rankings_selected": Output(ids.RANKINGS, "selectedRows"),
            "note": Output(ids.EVENTS_NOTE, "children"),
            "filled": Output(ids.TABLES_FILLED, "data"),
        },
        inputs={
            "tab": Input(ids.PANEL_TABS, "value"),
            "store": Input(ids.FIGURES_VIEW, "data"),
            "filled": State(ids.TABLES_FILLED, "data"),
        },
    )(lambda tab, store, filled: update_tables(live.data, tab, store, filled))

    app.callback(
        Output(ids.PRESENT_TOGGLE, "title"),
        Output(ids.STORY_PANEL, "children"),
        Output({"type": ids.STORY_LINK, "name": ALL}, "href"),
        Input(ids.URL, "search"),
        Input(ids.DISPLAY, "data"),
        # not read: while the figures are asked for, the renderer holds this
        # back (FIGURES_VIEW is theirs), then asks once, after them
        Input(ids.FIGURES_VIEW, "data"),
        State({"type": ids.STORY_LINK, "name": ALL}, "id"),
        prevent_initial_call=True,
    )(
        lambda search, display, _drawn, links: update_display(
            live.data, search, display, links
        )
    )

    # every output to the tab allows duplicates: the state callback reads the
    # tab (for the URL) and writes it (from a link); a plain output here,
    # reached from the state's own outputs (the path), would make Dash's
    # renderer hold the state callback back while an image job runs
    app.callback(
        Output(ids.PANEL_TABS, "value", allow_duplicate=True),
        Input(ids.PATH_FROM, "value"),
        Input(ids.PATH_TO, "value"),
        Input(ids.COMPARE_DATE, "date"),
        prevent_initial_call=True,
    )(lambda *args: update_tab(set(ctx.triggered_prop_ids.values()), *args))


def _selection(app: Dash, live: LiveData) -> None:
    """Clicks on the figures, the tables and the pair timelines, the search
    box and clear -> the selection."""
    app.callback(
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Output(ids.ACTOR_SEARCH, "value"),
        Output(ids.PANEL_TABS, "value", allow_duplicate=True),
        Input(ids.GEO_MAP, "clickData"),
        Input(ids.NETWORK_GRAPH, "clickData"),
        Input(ids.ACTOR_SEARCH, "value"),
        Input({"type": ids.PAIR_TIMELINE, "panel": ALL}, "clickData"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )(
        lambda map_click, graph_click, searched, pairs, _clear, current: (
            update_selection(
                ctx.triggered_id,
                map_click=map_click,
                graph_click=graph_click,
                searched=searched,
                pair_clicks=pairs,
                current=current,
            )
        )  # fmt: skip
    )
    # the grids exist once their tab has been opened: a callback each, so that
    # the figures' clicks do not wait for a grid that is not there yet
    for grid in (ids.EVENTS_TABLE, ids.RANKINGS):
        app.callback(
            Output(ids.SELECTION, "data", allow_duplicate=True),
            Output(ids.ACTOR_SEARCH, "value", allow_duplicate=True),
            Output(ids.PANEL_TABS, "value", allow_duplicate=True),
            Input(grid, "cellClicked"),
            prevent_initial_call=True,
        )(lambda cell, grid=grid: update_selection(grid, table_cell=cell))
    # the box follows the selection in the page (`_client_side`), and asks
    # here for an actor its menu does not offer (large data, or data grown
    # large): its name among the options, in one answer, as a value the menu
    # does not offer would be cleared, and the selection with it
    app.callback(
        Output(ids.ACTOR_SEARCH, "options", allow_duplicate=True),
        Output(ids.ACTOR_SEARCH, "value", allow_duplicate=True),
        Input(ids.SEARCH_ASKS, "data"),
        State(ids.SELECTION, "data"),
        State(ids.ACTOR_SEARCH, "value"),
        prevent_initial_call=True,
    )(lambda _asked, chosen, now: search_follows(_options(live.data), chosen, now))
    large = len(live.data.dataset.actors) > OPTION_LIMIT  # filled as one types
    # small data too: the menu's own search compares the letters as typed, and
    # found no "Lukashenko" for "Lukashénko" (`matching_options` folds them)
    for menu in (ids.ACTOR_SEARCH, ids.PATH_FROM, ids.PATH_TO):
        app.callback(
            Output(menu, "options"),
            Input(menu, "search_value"),
            Input(menu, "value"),
            prevent_initial_call=not large,  # the page holds every name
        )(lambda typed, chosen: _menu_options(live.data, typed, chosen))


def _menu_options(data: AppData, typed, chosen) -> list[dict]:
    """An actor menu's options for what is typed in it and chosen, every name
    or not as the data now has (`every_name`): once wired by its size at
    start-up, a server started on small data sent each menu every name of
    the thousands its events grew to when a typed name was cleared."""
    options = _options(data)
    return menu_options(options, text(typed), text(chosen), every_name(options))


@per_data(maxsize=1)
def _options(data: AppData) -> list[dict]:
    """Every actor as a menu option, once per data."""
    return actor_options(records(data.dataset.actors, ACTOR_FIELDS))


def _files(app: Dash, live: LiveData) -> None:
    """Exports in the request; images, decks and time-lapses as background
    jobs with progress and cancel."""
    app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input({"type": ids.EXPORT, "format": ALL}, "n_clicks"),
        State(ids.VIEW, "data"),
        prevent_initial_call=True,
    )(lambda _clicks, store: update_download(live.data, ctx.triggered_id, store))

    app.callback(
        Output(ids.IMAGE_DOWNLOAD, "data"),
        Output(ids.IMAGE_STATUS, "children"),
        Input({"type": ids.IMAGE_EXPORT, "format": ALL}, "n_clicks"),
        Input({"type": ids.DECK_EXPORT, "format": ALL}, "n_clicks"),
        State(ids.IMAGE_FIGURE, "value"),
        State(ids.DISPLAY, "data"),
        State(ids.VIEW, "data"),
        State(ids.MAP_CAMERA, "data"),
        background=True,
        progress=[
            Output(ids.IMAGE_PROGRESS, "value"),
            Output(ids.IMAGE_PROGRESS, "max"),
        ],  # fmt: skip
        running=[
            (Output(ids.IMAGE_STATUS, "children"), "Rendering…", ""),
            (Output(ids.IMAGE_PROGRESS, "hidden"), False, True),
            (Output(ids.IMAGE_CANCEL, "hidden"), False, True),
            (Output(ids.IMAGE_BUTTONS, "disabled"), True, False),
        ],
        cancel=[Input(ids.IMAGE_CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )(
        busy_when_full(
            # the states: figure, display, View store, camera
            lambda set_progress, _images, _decks, *states: update_briefing(
                set_progress, live.data, ctx.triggered_id, *states
            )
        )
    )

    # a time-lapse has its own progress, Cancel and status: an image can be
    # made while it renders
    app.callback(
        Output(ids.TIMELAPSE_DOWNLOAD, "data"),
        Output(ids.TIMELAPSE_STATUS, "children"),
        Input({"type": ids.TIMELAPSE_EXPORT, "format": ALL}, "n_clicks"),
        State(ids.TIMELAPSE_FIGURE, "value"),
        State(ids.DISPLAY, "data"),
        State(ids.VIEW, "data"),
        State(ids.MAP_CAMERA, "data"),
        background=True,
        progress=[
            Output(ids.TIMELAPSE_PROGRESS, "value"),
            Output(ids.TIMELAPSE_PROGRESS, "max"),
            Output(ids.TIMELAPSE_STATUS, "children"),
        ],
        running=[
            (Output(ids.TIMELAPSE_STATUS, "children"), "Planning the frames…", ""),
            (Output(ids.TIMELAPSE_PROGRESS, "hidden"), False, True),
            (Output(ids.TIMELAPSE_CANCEL, "hidden"), False, True),
            (Output(ids.TIMELAPSE_BUTTONS, "disabled"), True, False),
        ],
        cancel=[Input(ids.TIMELAPSE_CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )(
        busy_when_full(
            lambda set_progress, _clicks, *states: update_timelapse(
                set_progress, live.data, ctx.triggered_id, *states
            )
        )
    )


def _client_side(app: Dash) -> None:
    """What needs no server: the tab panes, the presets' and the play
    button's labels, the root's classes, the tables' script, the time bar
    drawn after the other figures (assets/clientside.js)."""
    app.clientside_callback(
        ClientsideFunction("atlas", "drawLater"),
        Output(ids.TIME_BAR, "figure"),
        Input(ids.TIME_BAR_NEXT, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "noticeWritten"),
        Input(ids.NOTICE_AGAIN, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "showPane"),
        *[Output(f"pane-{value}", "hidden") for value, _ in PANEL_TABS],
        Input(ids.PANEL_TABS, "value"),
    )
    # a click on a state's node in a large view's overview opens it or folds
    # it back; the expanded store is a control of the view (update_state)
    app.clientside_callback(
        ClientsideFunction("atlas", "expandState"),
        Output(ids.EXPANDED, "data", allow_duplicate=True),
        Input(ids.NETWORK_GRAPH, "clickData"),
        Input(ids.FOLD_ALL, "n_clicks"),
        State(ids.EXPANDED, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "foldAllDisabled"),
        Output(ids.FOLD_ALL, "disabled"),
        Input(ids.EXPANDED, "data"),
        Input(ids.NETWORK_MODE, "value"),
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "presetLabels"),
        Output({"type": ids.PRESETS, "name": ALL}, "children"),
        Input(ids.PRESET_LABELS, "data"),
        State({"type": ids.PRESETS, "name": ALL}, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "dateOrder"),
        Output(ids.DATE_RANGE, "className"),
        Input(ids.DATE_RANGE, "start_date"),
        Input(ids.DATE_RANGE, "end_date"),
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "playLabel"),
        Output(ids.PLAY, "children"),
        Output(ids.PLAY, "aria-label"),
        Output(ids.PLAY, "title"),
        Input(ids.PLAY_TIMER, "disabled"),
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "rootClass"),
        Output(ids.ROOT, "className"),
        Input(ids.DISPLAY, "data"),
    )
    # with the root's classes, not after the figures (update_display waits
    # for them): "?theme=dark" had read "Dark theme" for a second, and Escape
    # had left presenting for "?present=1", the window and theme lost
    app.clientside_callback(
        ClientsideFunction("atlas", "displayLinks"),
        Output(ids.PRESENT_TOGGLE, "children"),
        Output(ids.PRESENT_TOGGLE, "href"),
        Output(ids.THEME_TOGGLE, "children"),
        Output(ids.THEME_TOGGLE, "href"),
        Input(ids.DISPLAY, "data"),
        Input(ids.URL, "search"),
    )
    # a click on a legend entry filters by what it names (assets/clientside.js
    # sets the LEGEND_PICK store) instead of hiding a trace
    app.clientside_callback(
        ClientsideFunction("atlas", "legendFilters"),
        Input(ids.GEO_MAP, "figure"),
        Input(ids.NETWORK_GRAPH, "figure"),
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "loadGridScript"),
        Output(ids.GRID_READY, "data"),
        Input(ids.PANEL_TABS, "value"),
        State(ids.GRID_READY, "data"),
    )
    for grid in (ids.EVENTS_TABLE, ids.RANKINGS):  # the selected row in view
        app.clientside_callback(
            ClientsideFunction("atlas", "revealSelected"),
            Output(grid, "scrollTo"),
            Input(grid, "selectedRows"),
            State(grid, "id"),
        )
    # the search box shows the selected actor, or asks the server for its
    # option when its menu does not offer it (`_selection`)
    app.clientside_callback(
        ClientsideFunction("atlas", "searchFollows"),
        Output(ids.ACTOR_SEARCH, "value", allow_duplicate=True),
        Output(ids.SEARCH_ASKS, "data"),
        Input(ids.SELECTION, "data"),
        State(ids.ACTOR_SEARCH, "value"),
        State(ids.ACTOR_SEARCH, "options"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("atlas", "fullScreen"),
        Output(ids.DETAILS_CARD, "className"),
        Output(ids.FULLSCREEN, "children"),
        Output(ids.FULLSCREEN, "title"),
        Input(ids.FULLSCREEN, "n_clicks"),
        State(ids.DETAILS_CARD, "className"),
        prevent_initial_call=True,
    )
    for cancel, status in ((ids.IMAGE_CANCEL, ids.IMAGE_STATUS),
                           (ids.TIMELAPSE_CANCEL, ids.TIMELAPSE_STATUS)):  # fmt: skip
        app.clientside_callback(
            ClientsideFunction("atlas", "cancelled"),
            Output(status, "children", allow_duplicate=True),
            Input(cancel, "n_clicks"),
            prevent_initial_call=True,
        )
    app.clientside_callback(
        ClientsideFunction("atlas", "copyLink"),
        Output(ids.COPY_STATUS, "children"),
        Output(ids.COPY_FIELD, "value"),
        Output(ids.COPY_FIELD, "hidden"),
        Input(ids.COPY_LINK, "n_clicks"),
        Input(ids.URL, "search"),
        State(ids.LINK_SHOWN, "data"),
        prevent_initial_call=True,
    )


def _freshness(app: Dash, live: LiveData) -> None:
    """Now and then (`web/app.py` `refresh_seconds`) the page asks whether
    new data arrived: it then says so and redraws the same view on it."""
    app.callback(
        Output(ids.DATA_STATUS, "children"),
        Output(ids.DATA_SEEN, "data"),
        Output(ids.VIEW, "data", allow_duplicate=True),
        # a page on the whole data reads its wider window from its address
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.DATE_RANGE, "start_date", allow_duplicate=True),
        Output(ids.DATE_RANGE, "end_date", allow_duplicate=True),
        Input(ids.DATA_CHECK, "n_intervals"),
        State(ids.DATA_SEEN, "data"),
        State(ids.VIEW, "data"),
        State(ids.PRESET_WINDOWS, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(lambda _n, *states: update_freshness(live, *states))
    # the presets move the window in the page: they follow the new data,
    # their buttons too when new data has other presets
    app.callback(
        Output(ids.PRESET_WINDOWS, "data"),
        Output(ids.PRESET_GROUP, "children"),
        Input(ids.DATA_SEEN, "data"),
        State(ids.PRESET_WINDOWS, "data"),
        State(ids.VIEW, "data"),
        prevent_initial_call=True,
    )(lambda _seen, held, store: update_presets(live.data, held, store))
    # and the filters offer its kinds and data sets, the change date its days
    app.callback(
        output={
            "offer": Output(ids.FILTER_OFFER, "data"),
            "kinds": Output(ids.KIND_GROUPS, "children"),
            "choices": Output({"type": ids.CHOICE_GROUP, "field": ALL}, "children"),
            "days": [
                Output(ids.COMPARE_DATE, "min_date_allowed"),
                Output(ids.COMPARE_DATE, "max_date_allowed"),
            ],
        },
        inputs={
            "_seen": Input(ids.DATA_SEEN, "data"),
            "held": State(ids.FILTER_OFFER, "data"),
            "store": State(ids.VIEW, "data"),
            "choice_ids": State({"type": ids.CHOICE_GROUP, "field": ALL}, "id"),
            "compare_days": [
                State(ids.COMPARE_DATE, "min_date_allowed"),
                State(ids.COMPARE_DATE, "max_date_allowed"),
            ],
        },
        prevent_initial_call=True,
    )(lambda _seen, **states: update_filters(live.data, **states))
    # and the page names what the data is about, its stories and whether its
    # network may be drawn as its states
    app.callback(
        output={
            "subtitle": [
                Output(ids.SUBTITLE, "children"),
                Output(ids.SUBTITLE, "title"),
            ],
            "bar_hidden": Output(ids.NETWORK_BAR, "hidden"),
            "stories": Output(ids.STORY_LINKS, "children"),
        },
        inputs={
            "_seen": Input(ids.DATA_SEEN, "data"),
            "subtitle": State(ids.SUBTITLE, "children"),
            "bar_hidden": State(ids.NETWORK_BAR, "hidden"),
            "story_ids": State({"type": ids.STORY_LINK, "name": ALL}, "id"),
            "story_words": State({"type": ids.STORY_LINK, "name": ALL}, "children"),
            "display": State(ids.DISPLAY, "data"),
            "search": State(ids.URL, "search"),
        },
        prevent_initial_call=True,
    )(lambda _seen, **states: update_page(live.data, **states))
    # and the actor menus its actors
    menus = (ids.ACTOR_SEARCH, ids.PATH_FROM, ids.PATH_TO)
    app.callback(
        [Output(menu, "options", allow_duplicate=True) for menu in menus],
        inputs={
            "_seen": Input(ids.DATA_SEEN, "data"),
            "held": [State(menu, "options") for menu in menus],
            "typed": [State(menu, "search_value") for menu in menus],
            "chosen": [State(menu, "value") for menu in menus],
        },
        prevent_initial_call=True,
    )(
        lambda _seen, held, typed, chosen: update_menus(
            _options(live.data), held, typed, chosen
        )
    )


def _figures_answer(data: AppData, store, display, sizes, camera) -> tuple:
    """The figures' callback's answer: `update_figures` with the header's
    words in their parts (`header_words`), the whole of it and of the map's
    note as their titles, the view drawn, and the presets' labels."""
    *drawn, labels = update_figures(data, store, display, sizes, camera)
    header, map_note = drawn[3], drawn[5]
    drawn[3] = header_words(header)
    return (*drawn, header, map_note, clean_store(store), labels)


def _when_measured(live: LiveData):
    """The figures' callback: `_figures_answer`, or the map alone where a
    zoom settled (`update_map`, every other output left as it is), once the
    page has read the view from its URL and measured the figures' panels
    (assets/panels.js): a figure drawn before is drawn for the wrong size,
    then again."""

    def when_measured(store, display, sizes, _settled, camera):
        if store is None or sizes is None:
            raise PreventUpdate
        if ctx.triggered_prop_ids.keys() == {f"{ids.MAP_SETTLED}.data"}:
            kept = (no_update,) * (len(ctx.outputs_list) - 1)
            return update_map(live.data, store, display, sizes, camera), *kept
        return _figures_answer(live.data, store, display, sizes, camera)

    return when_measured
