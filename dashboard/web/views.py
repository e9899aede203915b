"""Adapters from the View store to what the page shows: the figures, the
details card and its tables, the selection, the tabs and the display links.

Each reads the View from the store (`view_from_store`) and the shown data
from `shown_view`, both kept per view: one interaction applies its view once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from dash import Patch, no_update

from dashboard.core.analysis import rankings
from dashboard.core.model import AppData, shown_view
from dashboard.core.view import View
from dashboard.figures.scene import make_scene
from dashboard.figures.style import packed
from dashboard.figures.theme import Theme, theme_for
from dashboard.figures.timebar import time_axis_range, time_bar_theme_parts
from dashboard.web import ids
from dashboard.web.inputs import clean_display, clean_selection, text
from dashboard.web.layout import PANEL_TABS
from dashboard.web.panels import (
    event_note,
    event_rows,
    make_change_panel,
    make_details,
    make_path_panel,
)
from dashboard.web.state import relation_highlight, view_from_store, with_display
from dashboard.web.story_panel import make_story_panel, step_href
from dashboard.web.tables import events_grid, rankings_grid

__all__ = [
    "update_display",
    "update_figures",
    "update_panel",
    "update_play",
    "update_selection",
    "update_tab",
]


def update_figures(data: AppData, store: dict | None, display_data: dict | None = None):
    """The figures and the words that follow the view: the date-window callback.

    Returns (map, graph, time-bar patch, header, summary).
    """
    display = clean_display(display_data, data)
    view, selection = view_from_store(data, store)
    theme = theme_for(display.theme, present=display.present)
    scene = make_scene(
        data, view, selection=relation_highlight(data, selection, display), theme=theme
    )
    return (
        packed(scene.map),
        packed(scene.graph),
        shade_window(view.start, view.end, data.span, theme=theme),
        scene.header,
        scene.summary,
    )


def shade_window(
    start: date,
    end: date,
    span: tuple[date, date],
    *,
    theme: Theme,
) -> Patch:
    """Move the time bar's shaded window and frame it, in ``theme``; the counts
    never change."""
    patch = Patch()
    for path, value in time_bar_theme_parts(theme).items():
        part = patch
        for key in path[:-1]:
            part = part[key]
        part[path[-1]] = value
    patch["layout"]["shapes"][0]["x0"] = start.isoformat()
    patch["layout"]["shapes"][0]["x1"] = (end + timedelta(days=1)).isoformat()
    patch["layout"]["xaxis"]["range"] = time_axis_range((start, end), span)
    return patch


def update_panel(
    data: AppData,
    tab: str,
    store: dict | None,
    display_data: dict | None = None,
    *,
    grid_ready: bool = True,
):
    """The content of the visible tab of the details card; the hidden ones are
    left as they are and filled when shown (the tab is an input too). A table
    tab waits until the page has loaded the table script (``grid_ready``).

    Returns (details, event rows, ranking rows, path panel, change panel, and
    the note that says when the events table holds only part of the window).
    The pair timelines are drawn in the display's theme.
    """
    if tab in ("events", "rankings") and not grid_ready:
        return (no_update,) * (len(PANEL_TABS) + 1)
    display = clean_display(display_data, data)
    theme = theme_for(display.theme, present=display.present)
    view, selection = view_from_store(data, store)
    shown = shown_view(data, view)
    relations, window = shown.relations, (view.start, view.end)
    history = data.dataset.relations
    if view.states:  # the pair timeline then follows pairs of states
        history = data.dataset.between_states
    panels = {
        "details": lambda: make_details(
            data.dataset.actors,
            relations,
            selection,
            data.names,
            history=history,
            window=window,
            theme=theme,
        ),  # fmt: skip
        "events": lambda: events_grid(event_rows(relations, data.names)),
        "rankings": lambda: rankings_grid(_ranked(data, view)),
        "path": lambda: make_path_panel(
            shown.path, view.path, data.names, history, window, theme
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
    shown = shown_view(data, view)
    return rankings(shown.actors, shown.relations).to_dict("records")


def update_selection(
    trigger,
    *,
    map_click=None,
    graph_click=None,
    searched=None,
    table_cell=None,
    pair_clicks=(),
):
    """The selected actor or relation, from a click on a figure, a table row
    (``table_cell``, of the table ``trigger``), the search box, or clear.

    ``trigger`` is the id of the component that fired. A click on a figure or
    a search brings the details tab forward; a click in a table leaves the
    table in view. Returns (selection, search box value, tab).
    """
    if trigger == ids.CLEAR_SELECTION:
        return None, None, no_update
    if trigger == ids.ACTOR_SEARCH:
        chosen = clean_selection({"actor": searched})
        return chosen, no_update, "details"
    if trigger in (ids.EVENTS_TABLE, ids.RANKINGS):
        cell = table_cell
        row = text(cell.get("rowId")) if isinstance(cell, dict) else None
        kind = "relation" if trigger == ids.EVENTS_TABLE else "actor"
        return ({kind: row}, no_update, no_update) if row else (no_update,) * 3
    if isinstance(trigger, dict) and trigger.get("type") == ids.PAIR_TIMELINE:
        clicks = pair_clicks if isinstance(pair_clicks, list) else []
        click = next((c for c in clicks if c), None)
    else:
        click = map_click if trigger == ids.GEO_MAP else graph_click
    try:
        kind, value = click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError, ValueError, AttributeError):
        return no_update, no_update, no_update
    chosen = clean_selection({kind: value}) if isinstance(kind, str) else None
    return (chosen, no_update, "details") if chosen else (no_update,) * 3


def update_tab(triggered: set, path_from, path_to, compare):
    """Bring forward the tab that answers what the user just asked.

    ``triggered`` holds the ids of the components that changed.
    """
    if triggered & {ids.PATH_FROM, ids.PATH_TO} and path_from and path_to:
        return "path"
    if ids.COMPARE_DATE in triggered and compare:
        return "change"
    return no_update


def update_play(n_clicks, disabled):
    """Play/pause: start or stop the timer."""
    return not (bool(disabled) and bool(n_clicks))


def update_display(data: AppData, search, display_data, story_links=()):
    """What follows how the view is shown: the presentation and theme links,
    the story bar and the story links.

    Returns (present href, present label, theme href, theme label, story bar,
    story link hrefs); ``story_links`` are the ids of the story links.
    """
    display = clean_display(display_data, data)
    query = (text(search) or "?").lstrip("?")
    present = replace(display, present=not display.present)
    other_theme = replace(display, theme="light" if display.theme == "dark" else "dark")
    story = data.stories.get(display.story) if display.story else None
    panel = make_story_panel(story, display, data.dataset.relations) if story else None
    story_links = story_links if isinstance(story_links, list) else []
    return (
        with_display(query, present),
        "Leave presentation (Esc)" if display.present else "Present",
        with_display(query, other_theme),
        "Light theme" if display.theme == "dark" else "Dark theme",
        panel,
        [
            step_href(display, link.get("name") if isinstance(link, dict) else None, 1)
            for link in story_links
        ],
    )
