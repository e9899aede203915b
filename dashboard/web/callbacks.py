"""Thin adapters between components and the pure functions: plain ``update_*``
functions, wired onto an app by ``register_callbacks``.

Per-user state lives in the browser (the URL and a dcc.Store), never here.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

from dash import ALL, Dash, Input, Output, Patch, State, ctx, dcc, no_update

from dashboard.core.analysis import rankings
from dashboard.core.describe import (
    ACTOR_FIELDS,
    actor_options,
    matching_options,
    records,
)
from dashboard.core.model import AppData
from dashboard.core.stories import step_view
from dashboard.core.urlstate import (
    Display,
    display_params,
    names_a_view,
    parse_display,
    parse_query,
    to_query,
)
from dashboard.core.view import View, show
from dashboard.core.vocabulary import CONFIDENCE_LEVELS
from dashboard.core.window import step_window, window_from_selection
from dashboard.figures.scene import make_scene
from dashboard.figures.style import packed
from dashboard.figures.theme import THEMES
from dashboard.figures.timebar import time_axis_range
from dashboard.outputs.briefing import (
    Slide,
    make_deck,
    story_slides,
    view_image,
    view_slide,
)
from dashboard.outputs.exports import FORMATS, export_view
from dashboard.outputs.imaging import ImageError
from dashboard.web import ids
from dashboard.web.layout import (
    OPTION_LIMIT,
    PANEL_TABS,
    events_grid,
    make_subtitle,
    rankings_grid,
)
from dashboard.web.panels import (
    event_note,
    event_rows,
    make_change_panel,
    make_details,
    make_path_panel,
)
from dashboard.web.story_panel import make_story_panel, step_href

__all__ = ["controls_to_view", "register_callbacks"]

_KINDS_ALL = {"type": ids.KINDS, "stance": ALL}
#: The controls that make up the view, in the order the update functions take them.
VIEW_CONTROLS = [
    (ids.DATE_RANGE, "start_date"),
    (ids.DATE_RANGE, "end_date"),
    (_KINDS_ALL, "value"),
    (ids.ACTOR_KINDS, "value"),
    (ids.CONFIDENCE, "value"),
    (ids.MIN_SOURCES, "value"),
    (ids.STATES_ONLY, "value"),
    (ids.SELECTION, "data"),
    (ids.FOCUS_DEPTH, "value"),
    (ids.PATH_FROM, "value"),
    (ids.PATH_TO, "value"),
    (ids.COLOUR_BY, "value"),
    (ids.COMPARE_DATE, "date"),
    (ids.ORIGINS, "value"),
]


def _as_date(value) -> date:
    return date.fromisoformat(str(value)[:10])


def controls_to_view(
    data: AppData, start, end, kind_groups, actor_kinds, confidence, min_sources,
    states, selection, depth, path_from, path_to, colour, compare, origins,
) -> View:  # fmt: skip
    """The View the controls describe; a filter that lets everything through is
    None, so the URL stays short."""
    kinds = sorted(kind for group in kind_groups or [] for kind in (group or []))
    actor_kinds = [k for k in data.actor_kinds if k in (actor_kinds or [])]
    confidence = [c for c in CONFIDENCE_LEVELS if c in (confidence or [])]
    start, end = _as_date(start), _as_date(end)
    compare_day = _as_date(compare) if compare else None
    return View(
        start=start,
        end=end,
        kinds=_chosen(kinds, data.kinds),
        actor_kinds=_chosen(actor_kinds, data.actor_kinds),
        confidence=_chosen(confidence, CONFIDENCE_LEVELS),
        min_sources=int(min_sources or 1),
        states=bool(states),
        focus=(selection or {}).get("actor"),
        depth=int(depth or 0),
        path=(path_from, path_to)
        if path_from and path_to and path_from != path_to
        else None,
        colour=colour or "country",
        compare=compare_day if compare_day and start < compare_day <= end else None,
        origins=_chosen(
            [o for o in data.origins if o in (origins or [])], data.origins
        ),
    )


def _chosen(chosen: list[str], every) -> tuple[str, ...] | None:
    """None when everything is chosen (no filter), else the choice."""
    return tuple(chosen) if len(chosen) < len(every) else None


def view_to_controls(data: AppData, view: View, stance_ids: list[dict]) -> list:
    """Control values for a view, in the order of VIEW_CONTROLS."""
    chosen = set(data.kinds if view.kinds is None else view.kinds)
    groups = [
        [kind for kind in data.kind_groups[i["stance"]] if kind in chosen]
        for i in stance_ids
    ]
    return [
        view.start.isoformat(),
        view.end.isoformat(),
        groups,
        list(data.actor_kinds if view.actor_kinds is None else view.actor_kinds),
        list(CONFIDENCE_LEVELS if view.confidence is None else view.confidence),
        view.min_sources,
        ["1"] if view.states else [],
        {"actor": view.focus} if view.focus else None,
        view.depth,
        view.path[0] if view.path else None,
        view.path[1] if view.path else None,
        view.colour,
        view.compare.isoformat() if view.compare else None,
        list(data.origins if view.origins is None else view.origins),
    ]


def update_url_and_controls(data: AppData, from_url: bool, search, *rest):
    """Keep the URL and the controls in step, both ways, in one callback.

    ``from_url``: the page was opened or its URL edited (a story step is a
    link too): set every control from it. Otherwise a control changed: write
    the URL, keeping how the view is shown.
    Returns (search, *controls, notice, display).
    """
    *values, stance_ids = rest
    display, display_notices = parse_display(
        search, {name: len(story.steps) for name, story in data.stories.items()}
    )
    if from_url:
        view = parse_query(
            search,
            span=data.span,
            kinds=data.kinds,
            actor_kinds=data.actor_kinds,
            confidence=list(CONFIDENCE_LEVELS),
            actors=set(data.dataset.actors["id"]),
            origins=data.origins,
        )
        if display.story and not names_a_view(search):  # the step is the view
            step = data.stories[display.story].steps[display.step - 1]
            view = replace(step_view(step), notices=view.notices)
        notices = [*view.notices, *display_notices]
        notice = (
            "Link partly invalid, defaults used: " + "; ".join(notices) + "."
            if notices
            else ""
        )
        # only the controls that change: a control set to the value it already
        # has re-renders, and a date picker then reports a change of its own
        # that runs this callback again and holds back the figures
        wanted = view_to_controls(data, view, stance_ids)
        controls = [_changed(new, old) for new, old in zip(wanted, values)]
        # the kind checklists are one output per stance: no_update for each
        groups = values[2] or [None] * len(wanted[2])
        controls[2] = [_changed(new, old) for new, old in zip(wanted[2], groups)]
        return no_update, *controls, notice, display.as_dict()
    view = controls_to_view(data, *values)
    unchanged = [no_update] * len(values)
    unchanged[2] = [no_update] * len(stance_ids)
    return to_query(view, display), *unchanged, no_update, no_update


def _changed(new, old):
    """``new``, or no_update when the control already has that value."""
    return no_update if new == old else new


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
    """Play/pause: start or stop the timer."""
    return not (bool(disabled) and bool(n_clicks))


def update_play_label(disabled):
    """The play button says what a click will do."""
    return "▶ Play" if disabled else "❚❚ Pause"


def update_selection(
    trigger, map_click, graph_click, searched, event_cell, rank_cell, pair_clicks=()
):
    """The selected actor or relation, from a click on a figure or a table row,
    the search box, or clear.

    ``trigger`` is the id of the component that fired. A click on a figure or
    a search brings the details tab forward; a click in a table leaves the
    table in view. Returns (selection, search box value, tab).
    """
    if trigger == ids.CLEAR_SELECTION:
        return None, None, no_update
    if trigger == ids.ACTOR_SEARCH:
        return ({"actor": searched} if searched else None), no_update, "details"
    if trigger == ids.EVENTS_TABLE and event_cell:
        return {"relation": event_cell["rowId"]}, no_update, no_update
    if trigger == ids.RANKINGS and rank_cell:
        return {"actor": rank_cell["rowId"]}, no_update, no_update
    if isinstance(trigger, dict) and trigger.get("type") == ids.PAIR_TIMELINE:
        click = next((c for c in pair_clicks if c), None)
    else:
        click = map_click if trigger == ids.GEO_MAP else graph_click
    try:
        kind, value = click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError, ValueError):
        return no_update, no_update, no_update
    return {kind: value}, no_update, "details"


def update_tab(triggered: set, path_from, path_to, compare):
    """Bring forward the tab that answers what the user just asked.

    ``triggered`` holds the ids of the components that changed.
    """
    if triggered & {ids.PATH_FROM, ids.PATH_TO} and path_from and path_to:
        return "path"
    if ids.COMPARE_DATE in triggered and compare:
        return "change"
    return no_update


def update_view(data: AppData, *controls, display: dict | None = None):
    """The figures and the words that follow the view: the date-window callback.

    ``controls`` are the values of VIEW_CONTROLS; ``display`` says how the view
    is shown (presentation mode, theme, story step).
    Returns (map, graph, time-bar patch, header, summary).
    """
    display = Display(**(display or {}))
    view = controls_to_view(data, *controls)
    scene = make_scene(
        data,
        view,
        selection=relation_highlight(data, controls[7], display),
        theme=display.theme,
        min_font=PRESENT_FONT if display.present else 0,
    )
    return (
        packed(scene.map),
        packed(scene.graph),
        shade_window(
            view.start, view.end, data.span, theme=display.theme, large=display.present
        ),
        scene.header,
        scene.summary,
    )


#: Where the page loads the tables' script from, once a table tab opens.
GRID_SCRIPT = "{prefix}_dash-component-suites/dash_ag_grid/dash_ag_grid.min.js"


def load_grid_script_on_demand() -> None:
    """Keep dash-ag-grid's main script out of the page's first load: Dash
    serves a "dynamic" resource without putting it in the page."""
    import dash_ag_grid

    dash_ag_grid._js_dist = [
        {**resource, "dynamic": True}
        if resource.get("relative_package_path") == "dash_ag_grid.min.js"
        else resource
        for resource in dash_ag_grid._js_dist
    ]


def relation_highlight(data: AppData, selection, display: Display) -> dict | None:
    """The relations to draw at full strength: those selected, else the open
    story step's; None leaves the view's own emphasis (a selected actor's)."""
    if selection and selection.get("relation"):
        return selection
    story = data.stories.get(display.story) if display.story else None
    step = story.steps[display.step - 1] if story else None
    return {"relation": "|".join(step.relations)} if step and step.relations else None


#: The smallest text on the figures in the presentation mode (px at 1920x1080).
PRESENT_FONT = 18


def update_display(data: AppData, search, display_data, story_links=()):
    """What follows how the view is shown: the presentation and theme links,
    the story bar and the story links.

    Returns (present href, present label, theme href, theme label, story bar,
    story link hrefs); ``story_links`` are the ids of the story links.
    """
    display = Display(**(display_data or {}))
    query = (search or "?").lstrip("?")
    present = replace(display, present=not display.present)
    themed = replace(display, theme="light" if display.theme == "dark" else "dark")
    story = data.stories.get(display.story) if display.story else None
    panel = make_story_panel(story, display, data.dataset.relations) if story else None
    return (
        _with_display(query, present),
        "Leave presentation (Esc)" if display.present else "Present",
        _with_display(query, themed),
        "Light theme" if display.theme == "dark" else "Dark theme",
        panel,
        [step_href(display, link["name"], 1) for link in story_links],
    )


def _with_display(query: str, display: Display) -> str:
    """``query`` with its display parameters replaced by ``display``'s."""
    kept = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if key not in ("present", "theme", "story", "step")
    ]
    return "?" + urlencode(kept + list(display_params(display).items()), safe=",")


def update_panel(data: AppData, tab: str, *values, grid_ready: bool = True):
    """The content of the visible tab of the details card; the hidden ones are
    left as they are and filled when shown (the tab is an input too). A table
    tab waits until the page has loaded the table script (``grid_ready``).

    Returns (details, event rows, ranking rows, path panel, change panel, and
    the note that says when the events table holds only part of the window).
    """
    if tab in ("events", "rankings") and not grid_ready:
        return (no_update,) * (len(PANEL_TABS) + 1)
    view = controls_to_view(data, *values)
    shown = show(data.dataset, view, data.names)
    relations, window = shown.relations, (view.start, view.end)
    history = data.dataset.relations
    if view.states:  # the pair timeline then follows pairs of states
        history = data.dataset.between_states
    panels = {
        "details": lambda: make_details(
            data.dataset.actors,
            relations,
            values[7],
            data.names,
            history=history,
            window=window,
        ),  # fmt: skip
        "events": lambda: events_grid(event_rows(relations, data.names)),
        "rankings": lambda: rankings_grid(_ranked(data, view)),
        "path": lambda: make_path_panel(
            shown.path, view.path, data.names, history, window
        ),
        "change": lambda: make_change_panel(
            shown.change, shown.compare_windows, data.names
        ),
    }
    contents = [panels[name]() if name == tab else no_update for name, _ in PANEL_TABS]
    note = event_note(relations) if tab == "events" else no_update
    return (*contents, note)


@lru_cache(maxsize=8)
def _ranked(data: AppData, view: View) -> list[dict]:
    """The rankings rows of a view, kept: on a large window betweenness takes
    most of a second, and analysts go back and forth between windows."""
    shown = show(data.dataset, view, data.names)
    return rankings(shown.actors, shown.relations).to_dict("records")


def update_download(data: AppData, trigger, *values):
    """The shown actors and relations as a file, in the format of the button."""
    if not isinstance(trigger, dict) or trigger.get("format") not in FORMATS:
        return no_update
    content, name, _ = export_view(
        data, controls_to_view(data, *values), trigger["format"]
    )
    return dcc.send_bytes(content, name)


#: The image buttons: format key -> (format, scale).
IMAGE_FORMATS = {"png2": ("png", 2), "png3": ("png", 3), "svg": ("svg", 1),
                 "pdf": ("pdf", 1)}  # fmt: skip


def update_briefing(data: AppData, trigger, figure, display_data, *values):
    """A slide-ready image of the map or graph, or a deck (of this view, or of
    every step of the story shown), rendered on the server.

    Returns (download, status line).
    """
    if not isinstance(trigger, dict):
        return no_update, no_update
    display = Display(**(display_data or {}))
    view = controls_to_view(data, *values)
    story = data.stories.get(display.story) if display.story else None
    selection = relation_highlight(data, values[7], display)
    title = data_title(data)
    stamp = to_query(view, display)
    try:
        if trigger["type"] == ids.IMAGE_EXPORT:
            fmt, scale = IMAGE_FORMATS[trigger["format"]]
            content = view_image(
                data,
                Slide(view=view, title=title, selection=selection),
                figure=figure or "map",
                format=fmt,
                scale=scale,
                theme=display.theme,
                keep_browser=True,
            )
            name = image_name(figure or "map", fmt, view, stamp, scale)
        else:
            fmt = trigger["format"]
            slides = (
                story_slides(data, story)
                if story
                else [view_slide(data, view, title, selection)]
            )
            content = make_deck(
                data,
                slides,
                format=fmt,
                figure=figure or "map",
                theme=display.theme,
                keep_browser=True,
            )
            name = image_name("deck", fmt, view, stamp)
    except ImageError as error:
        return no_update, f"No image: {error}"
    return dcc.send_bytes(content, name), f"Saved {name}."


def data_title(data: AppData) -> str:
    """The title of the data: "Who backs whom: Russia, Belarus and Venezuela"."""
    actors = data.dataset.actors
    return make_subtitle(list(actors.loc[actors["kind"] == "state", "name"]))


def image_name(what: str, fmt: str, view: View, query: str, scale=1) -> str:
    """``alliance-atlas-map_2025-11-21_2025-12-11_3f9a1c@2x.png``."""
    stamp = hashlib.sha1(query.encode()).hexdigest()[:6]
    size = f"@{scale}x" if fmt == "png" else ""
    return (
        f"alliance-atlas-{what}_{view.start.isoformat()}_{view.end.isoformat()}"
        f"_{stamp}{size}.{fmt}"
    )


def shade_window(
    start: date,
    end: date,
    span: tuple[date, date],
    *,
    theme: str = "light",
    large: bool = False,
) -> Patch:
    """Move the time bar's shaded window and frame it, in the page's theme and
    type size; the bars never change."""
    colours = THEMES.get(theme, THEMES["light"])
    patch = Patch()
    patch["layout"]["paper_bgcolor"] = colours.paper
    patch["layout"]["plot_bgcolor"] = colours.paper
    patch["layout"]["font"]["color"] = colours.ink
    patch["layout"]["font"]["size"] = 16 if large else 12
    patch["layout"]["yaxis"]["gridcolor"] = colours.grid
    patch["layout"]["shapes"][0]["x0"] = start.isoformat()
    patch["layout"]["shapes"][0]["x1"] = (end + timedelta(days=1)).isoformat()
    patch["layout"]["xaxis"]["range"] = time_axis_range((start, end), span)
    return patch


def register_callbacks(app: Dash, data: AppData) -> None:
    """Wire the update_* functions onto ``app`` (not the global callback list)."""
    view_inputs = [Input(component, prop) for component, prop in VIEW_CONTROLS]
    view_states = [State(component, prop) for component, prop in VIEW_CONTROLS]

    app.callback(
        Output(ids.URL, "search"),
        *[Output(component, prop) for component, prop in VIEW_CONTROLS],
        Output(ids.NOTICE, "children"),
        Output(ids.DISPLAY, "data"),
        Input(ids.URL, "search"),
        *view_inputs,
        State(_KINDS_ALL, "id"),
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
        Output(ids.PANEL_TABS, "value", allow_duplicate=True),
        Input(ids.GEO_MAP, "clickData"),
        Input(ids.NETWORK_GRAPH, "clickData"),
        Input(ids.ACTOR_SEARCH, "value"),
        Input({"type": ids.PAIR_TIMELINE, "panel": ALL}, "clickData"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        prevent_initial_call=True,
    )(
        lambda map_click, graph_click, searched, pairs, _clear: update_selection(
            ctx.triggered_id, map_click, graph_click, searched, None, None, pairs
        )
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
        )(
            lambda cell, grid=grid: update_selection(
                grid,
                None,
                None,
                None,
                cell if grid == ids.EVENTS_TABLE else None,
                cell if grid == ids.RANKINGS else None,
            )  # fmt: skip
        )

    if len(data.dataset.actors) > OPTION_LIMIT:  # menus filled as the user types
        options = actor_options(records(data.dataset.actors, ACTOR_FIELDS))
        for menu in (ids.ACTOR_SEARCH, ids.PATH_FROM, ids.PATH_TO):
            app.callback(
                Output(menu, "options"),
                Input(menu, "search_value"),
                Input(menu, "value"),
            )(lambda text, chosen: matching_options(options, text, chosen))

    # showing a tab's pane needs no server round trip
    app.clientside_callback(
        """(tab) => ["details", "events", "rankings", "path", "change"]
            .map(name => name !== tab)""",
        *[Output(f"pane-{value}", "hidden") for value, _ in PANEL_TABS],
        Input(ids.PANEL_TABS, "value"),
    )

    app.callback(
        Output(ids.PANEL_TABS, "value"),
        Input(ids.PATH_FROM, "value"),
        Input(ids.PATH_TO, "value"),
        Input(ids.COMPARE_DATE, "date"),
        prevent_initial_call=True,
    )(lambda *args: update_tab(set(ctx.triggered_prop_ids.values()), *args))

    app.callback(
        Output(ids.GEO_MAP, "figure"),
        Output(ids.NETWORK_GRAPH, "figure"),
        Output(ids.TIME_BAR, "figure"),
        Output(ids.HEADER_WINDOW, "children"),
        Output(ids.VIEW_SUMMARY, "children"),
        *view_inputs,
        Input(ids.DISPLAY, "data"),
        # on load the URL sets every control, which runs these anyway: running
        # them on the layout's defaults first would only draw everything twice
        prevent_initial_call=True,
    )(lambda *args: update_view(data, *args[:-1], display=args[-1]))

    app.callback(
        Output(ids.PRESENT_TOGGLE, "href"),
        Output(ids.PRESENT_TOGGLE, "children"),
        Output(ids.THEME_TOGGLE, "href"),
        Output(ids.THEME_TOGGLE, "children"),
        Output(ids.STORY_PANEL, "children"),
        Output({"type": ids.STORY_LINK, "name": ALL}, "href"),
        Input(ids.URL, "search"),
        Input(ids.DISPLAY, "data"),
        State({"type": ids.STORY_LINK, "name": ALL}, "id"),
        prevent_initial_call=True,
    )(lambda *args: update_display(data, *args))

    app.clientside_callback(
        """(display) => {
            const d = display || {};
            return ["atlas", d.present ? "present" : "", d.theme === "dark" ?
                "theme-dark" : "", d.story ? "story-on" : ""].join(" ").trim();
        }""",
        Output(ids.ROOT, "className"),
        Input(ids.DISPLAY, "data"),
    )

    app.callback(
        Output(ids.DETAILS, "children"),
        Output(ids.EVENTS_HOLDER, "children"),
        Output(ids.RANKINGS_HOLDER, "children"),
        Output(ids.PATH_PANEL, "children"),
        Output(ids.CHANGE_PANEL, "children"),
        Output(ids.EVENTS_NOTE, "children"),
        Input(ids.PANEL_TABS, "value"),
        *view_inputs,
        Input(ids.GRID_READY, "data"),
        prevent_initial_call=True,
    )(lambda tab, *args: update_panel(data, tab, *args[:-1], grid_ready=args[-1]))

    # the tables' script (1.3 MB) loads when a table tab first opens, not with
    # the page: a third of a second less before the figures are drawn
    app.clientside_callback(
        f"""(tab) => {{
            if (window.dash_ag_grid) {{ return true; }}
            if (tab !== "events" && tab !== "rankings") {{
                return window.dash_clientside.no_update;
            }}
            return new Promise((resolve) => {{
                const script = document.createElement("script");
                script.src = "{GRID_SCRIPT.format(prefix=app.config.requests_pathname_prefix)}";
                script.onload = () => resolve(true);
                script.onerror = () => resolve(false);
                document.head.appendChild(script);
            }});
        }}""",
        Output(ids.GRID_READY, "data"),
        Input(ids.PANEL_TABS, "value"),
    )

    app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input({"type": ids.EXPORT, "format": ALL}, "n_clicks"),
        *view_states,
        prevent_initial_call=True,
    )(lambda _clicks, *args: update_download(data, ctx.triggered_id, *args))

    app.callback(
        Output(ids.IMAGE_DOWNLOAD, "data"),
        Output(ids.IMAGE_STATUS, "children"),
        Input({"type": ids.IMAGE_EXPORT, "format": ALL}, "n_clicks"),
        Input({"type": ids.DECK_EXPORT, "format": ALL}, "n_clicks"),
        State(ids.IMAGE_FIGURE, "value"),
        State(ids.DISPLAY, "data"),
        *view_states,
        prevent_initial_call=True,
        running=[(Output(ids.IMAGE_STATUS, "children"), "Rendering…", "")],
    )(
        lambda _images, _decks, figure, display, *args: update_briefing(
            data, ctx.triggered_id, figure, display, *args
        )
    )
