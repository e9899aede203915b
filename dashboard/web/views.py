"""Adapters from the View store to what the page shows: the figures, the
details card and its tables, the selection, the tabs and the display links.

Each reads the View from the store (`view_from_store`) and the shown data
from `shown_view`, both kept per view: one interaction applies its view once.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import replace

import numpy as np
from dash import Patch, dcc, html, no_update

from dashboard.core.aggregate import pair_ends, states_ends
from dashboard.core.analysis import pair_relations, rankings
from dashboard.core.codes import STANCE_ORDER
from dashboard.core.describe import matching_options, plural
from dashboard.core.graph import standing_mask
from dashboard.core.model import AppData, day_spans, per_data, shown_view
from dashboard.core.notes import left_out_words
from dashboard.core.timeline import (
    FilteredStarts,
    StartSlots,
    day_numbers,
    relation_start_lasts,
)
from dashboard.core.urlstate import Display, parse_display, to_query
from dashboard.core.view import Shown, View, filtered_rows, shown_counts
from dashboard.figures.overview import link_relations
from dashboard.figures.scene import make_scene, story_legend, views_legend
from dashboard.figures.theme import Theme, on_a_large_screen, theme_for
from dashboard.figures.timebar import overview_counts, time_bar_figure, time_bar_parts
from dashboard.web import ids
from dashboard.web.controls import PRESENT_TIP, every_name
from dashboard.web.inputs import (
    clean_camera,
    clean_display,
    clean_filled,
    clean_selection,
    clean_sizes,
    refit_key,
    text,
)
from dashboard.web.panels import (
    LIST_LIMIT,
    event_note,
    event_rows,
    make_change_panel,
    make_details,
    make_path_panel,
)
from dashboard.web.state import relation_highlight, view_from_store
from dashboard.web.story_panel import (
    make_story_panel,
    make_unread_story_panel,
    step_href,
)
from dashboard.web.tables import events_grid, full_widths, rankings_grid

__all__ = [
    "header_words",
    "patch_time_bar",
    "shown_display",
    "update_display",
    "update_figures",
    "update_grids",
    "update_map",
    "update_panel",
    "update_play",
    "update_selection",
    "update_tab",
    "update_tables",
]


def update_figures(
    data: AppData,
    store: dict | None,
    display_data: dict | None = None,
    sizes: dict | None = None,
    camera_data: dict | None = None,
):
    """The figures and the words that follow the view: the date-window callback.
    ``sizes``: the figures' sizes the page measured, for the map's frame and
    the labels' places; ``camera_data``: where the user took the map
    (`clean_camera`), kept while the frame it was taken in stands.

    Returns (map, graph, time-bar patch, header, summary, what the map
    draws of a large view and who it cannot place (`Scene.map_words`: ""
    when it draws every relation and actor), the presets' labels by name).
    """
    scene, view, theme, measured = _scene_of(
        data, store, display_data, sizes, camera_data
    )
    # the builders write long lists as numpy arrays (numbers) or lists (texts),
    # which the JSON writer takes whole (web/serving.py callback_json)
    return (
        scene.map,
        scene.graph,
        patch_time_bar(
            data,
            view,
            scene.shown,
            theme=theme,
            width=measured.get("time", (None,))[0],
            # the View store again on new data (web/freshness.py)
            whole=isinstance(store, dict) and "data" in store,
        ),
        scene.header,
        scene.summary,
        scene.map_words(),
        preset_labels(data, view),
    )


def update_map(
    data: AppData,
    store: dict | None,
    display_data: dict | None = None,
    sizes: dict | None = None,
    camera_data: dict | None = None,
) -> dict:
    """The map alone, drawn where the user's zoom or pan settled
    (``camera_data``; assets/panels.js): its names placed anew for that
    scale. Zoomed out, the names placed for the closer view lay on one
    another until the window moved."""
    scene, *_ = _scene_of(
        data, store, display_data, sizes, camera_data, with_graph=False
    )
    return scene.map


def _scene_of(data, store, display_data, sizes, camera_data, *, with_graph=True):
    """The scene of the View ``store`` as the page shows it, with the view,
    the theme and the figures' measured sizes it was drawn with."""
    display = clean_display(display_data, data)
    view, selection = view_from_store(data, store)
    measured = clean_sizes(sizes)
    theme = theme_for(
        display.theme, present=display.present, large=on_a_large_screen(measured)
    )
    refit = refit_key(display, selection)
    scene = make_scene(
        data,
        view,
        selection=relation_highlight(data, selection, display, view=view),
        theme=theme,
        sizes=measured,
        refit=refit,
        camera=clean_camera(camera_data, refit),
        # a story's steps keep one legend: the figures stay where they are
        legend_keys=story_legend(data, display.story) | views_legend(data, [view])
        if display.story in data.stories
        else None,
        with_graph=with_graph,
    )
    return scene, view, theme, measured


def header_words(header: str) -> list:
    """The header's words (`Scene.header`) in the parts the page wraps
    and cuts apart: the window and each count never broken inside (at 1280 px
    "6 / relations" stood a line apart), what follows them ("Maduro hidden: a
    person") after, where the room ends it in "…" between two
    of its words (the whole in the title; assets/atlas.css). The window's
    words hold no " · ", nor do the counts: ``"{window} · {n} relations among
    {m} actors[ · notes]"``.

    >>> counts, space, notes = header_words("9 Dec 2025 · 1 relation among 2 "
    ...                                     "actors · X hidden: a person")
    >>> [getattr(part, "children", part) for part in counts.children]
    ['9 Dec 2025', ' · ', '1 relation', ' among ', '2 actors']
    >>> space + "".join(getattr(part, "children", part) for part in notes.children)
    ' · X hidden: a person'
    """
    window, _, rest = header.partition(" · ")
    counts, _, notes = rest.partition(" · ")
    relations, among, actors = counts.partition(" among ")
    parts = [_span(window, "atlas-window-part"), " · "]
    if among:
        parts += [
            _span(relations, "atlas-window-part"),
            " among ",
            _span(actors, "atlas-window-part"),
        ]
    else:  # not the usual counts: whole, as they are
        parts.append(counts)
    counted = _span(parts, "atlas-window-counts")
    if not notes:
        return [counted]
    # each word a box of its own: cut, the note ends between words, never
    # inside a name ("Madur…")
    words: list = ["·"]
    for word in notes.split(" "):
        words += [" ", _span(word, "atlas-window-word")]
    # the space outside the note's box, which would drop it
    return [counted, " ", _span(words, "atlas-window-notes")]


def _span(children, class_name: str) -> html.Span:
    """``html.Span(children, className=class_name)``, as a copy of an empty
    one: Dash checks every argument of a new component (15 us a Span, and a
    large view's header has a Span a word: 0.3 ms a window); a copy, 2 us.

    >>> _span("9 Dec", "part").to_plotly_json() == html.Span(
    ...     "9 Dec", className="part").to_plotly_json()
    True
    """
    span = copy.copy(_empty_span(class_name))
    span.children = children
    return span


@functools.lru_cache(maxsize=16)
def _empty_span(class_name: str) -> html.Span:
    return html.Span(className=class_name)


def preset_labels(data: AppData, view: View) -> dict[str, str]:
    """Each preset's label by name: a burst's with how many relations
    choosing it shows, the header's count once it is chosen ("Nov–Dec 2025:
    3 relations"): those ``view``'s filters show (counted with no filter on,
    it said 25 beside a filter that showed none) and, when the view shows
    only a focus's neighbourhood, those in it (it said 25 beside Maduro's,
    whose 12 the header then said)."""
    counts = _burst_counts(data, _counted(data, view))
    return {
        name: f"{name}: {plural(counts[name], 'relation')}" if name in counts else name
        for name in data.presets
    }


def _counted(data: AppData, view: View) -> View:
    """What a burst's count depends on: the filters, and the focus (with the
    path, whose relations are drawn beside its neighbourhood) when only its
    neighbourhood is shown; not the window, the colours or a compare date.
    A focus that only highlights leaves the count as it is: a click on an
    actor counts nothing again."""
    filters = _filters_only(data, view)
    if view.focus is None or view.depth == 0:
        return filters
    return replace(filters, focus=view.focus, depth=view.depth, path=view.path)


@per_data(maxsize=16)
def _burst_counts(data: AppData, counted: View) -> dict[str, int]:
    """How many relations ``counted`` shows in each burst preset, kept: a
    window moves more often than the filters or the focus change. Counted on
    the codes, not shown: on every click on an actor with its neighbourhood
    shown, showing each burst added up to 0.6 s to the redraw."""
    counts = shown_counts(
        data.dataset,
        counted,
        [data.presets[name] for name in data.bursts],
        data.state_codes if counted.states else data.codes,
    )
    return dict(zip(data.bursts, counts))


def patch_time_bar(
    data: AppData,
    view: View,
    shown: Shown,
    *,
    theme: Theme,
    width: float | None = None,
    whole: bool = False,
) -> Patch | dict:
    """The time bar of ``view``, in ``theme``: both bars counted again from
    what the filters show (the detail from the relations ``shown``, whose sum
    is the header's count), the window framed on the overview, the detail's
    bins and dates, its words and the overview's dates fitted to the bar's
    ``width`` (px), the split of a compared window. The overview's bins
    change only with the data: ``whole``, the figure made anew (a page open
    while new days arrived had drawn them nowhere on the overview)."""
    window = (view.start, view.end)
    filters = _filters_only(data, view)
    starts = _filtered_starts(data, filters) if shown.filters_in_window else None
    if starts is None:
        detail = _start_slots(data).detail(shown.labels, window)
    else:
        detail = _start_slots(data).window_detail(starts, shown.count, window)
    detail = replace(
        detail, counts={STANCE_ORDER[code]: n for code, n in detail.counts.items()}
    )
    parts = time_bar_parts(
        data.timeline,
        _overview(data, filters),
        detail,
        window,
        data.span,
        theme=theme,
        width=width,
        split=shown.compare_windows[1][0] if shown.compare_windows else None,
    )
    return time_bar_figure(data.timeline, parts) if whole else _assigning(parts)


def _assigning(parts: dict[tuple, object]) -> Patch:
    """A Patch that assigns each of ``parts`` (values by path) in order: its
    operations written as Patch writes them, all at once, not a Patch made
    and checked per part (~70 parts, 110 -> 40 us a window). Patch keeps
    its operations in a private list (checked against dash 4.4.1, pinned):
    the doctest fails if a later Dash writes them otherwise.

    >>> parts = {("data", 0, "y"): [1, 2], ("layout", "meta"): {"unit": "day"}}
    >>> patch = Patch()
    >>> patch["data"][0]["y"] = [1, 2]
    >>> patch["layout"]["meta"] = {"unit": "day"}
    >>> _assigning(parts).to_plotly_json() == patch.to_plotly_json()
    True
    """
    patch = Patch()
    patch._operations.extend(
        {"operation": "Assign", "location": list(path), "params": {"value": value}}
        for path, value in parts.items()
    )
    return patch


def _filtered_out(data: AppData, view: View, shown: Shown) -> int:
    """How many of the window's relations the filters leave out, when they
    leave out every one (else 0: nothing to explain)."""
    if shown.count:
        return 0
    return shown_view(data, View(start=view.start, end=view.end)).count


def _filters_only(data: AppData, view: View) -> View:
    """``view``'s filters over the whole span: what the overview counts."""
    return replace(
        view, start=data.span[0], end=data.span[1], focus=None, depth=0,
        path=None, colour="country", compare=None, network="overview", expand=(),
    )  # fmt: skip


@per_data(maxsize=1)
def _start_slots(data: AppData) -> StartSlots:
    """Each relation's first day, stance code (STANCE_ORDER), whether it is
    standing and the last day it may have begun on, by row label, as the
    slots a window's detail is counted in: made once, so that a large
    window's time bar takes a millisecond."""
    relations = data.dataset.relations
    return StartSlots.of(
        day_numbers(relations["first"]), data.codes.stance,
        standing_mask(relations), relation_start_lasts(relations),
        len(STANCE_ORDER),
    )  # fmt: skip


@per_data(maxsize=16)
def _filtered_starts(data: AppData, filters: View) -> FilteredStarts | None:
    """The start slots of the relations ``filters`` keep, counted once for
    the windows they are shown in (`StartSlots.window_detail`); None when
    their table has no day spans or its dates are not whole days."""
    _, table, rows = filtered_rows(data.dataset, filters)
    spans = day_spans(data, filters.states)
    if spans is None or spans.table is not table:
        return None
    at = np.flatnonzero(rows)
    labels = table.index.to_numpy()[at]
    return _start_slots(data).starts_of(labels, spans.firsts[at], spans.lasts[at])


@per_data(maxsize=16)
def _overview(data: AppData, filters: View) -> dict:
    """The overview's counts under ``filters``, kept: a window moves more
    often than the filters change."""
    _, table, rows = filtered_rows(data.dataset, filters)
    return overview_counts(table, data.timeline, rows=rows)


#: The tabs of the details card written as text; the tables have their own
#: callback (`update_tables`).
TEXT_PANELS = ("details", "path", "change")


def update_panel(
    data: AppData,
    tab: str,
    store: dict | None,
    display_data: dict | None = None,
):
    """The content of the visible text tab of the details card; the hidden
    ones are left as they are and filled when shown (the tab is an input too).
    Presenting, the card shows nothing but a chosen relation's details
    (`_presented`); the tabs are filled again when the desk comes back (the
    display is an input too).

    Returns (details, path panel, change panel). The pair timelines are drawn
    in the display's theme.
    """
    display = clean_display(display_data, data)
    if display.present:
        return _presented(data, store, display), no_update, no_update
    if tab not in TEXT_PANELS:
        return (no_update,) * len(TEXT_PANELS)
    theme = theme_for(display.theme)
    view, selection = view_from_store(data, store)
    shown = shown_view(data, view)
    window = (view.start, view.end)
    history = data.dataset.relations
    # the pair timeline then follows pairs of states
    if view.states or states_ends((selection or {}).get("relation")):
        history = data.dataset.between_states
    panels = {
        "details": lambda: _details(data, view, shown, selection, history, theme),
        "path": lambda: make_path_panel(
            shown.path, view.path, data.names, history, window, theme
        ),
        "change": lambda: make_change_panel(
            shown.change, shown.compare_windows, data.names
        ),
    }
    return tuple(panels[name]() if name == tab else no_update for name in TEXT_PANELS)


def _details(data: AppData, view, shown, selection, history, theme) -> list:
    """The details tab of ``view`` (`make_details`); ``history``: the
    relations of the pair timeline, None for none."""
    return make_details(
        data.dataset.actors,
        # nothing selected: the first few are listed, the rest counted
        shown.relations
        if selection
        else shown.earliest(LIST_LIMIT, begun_from=view.start),
        selection,
        data.names,
        history=history,
        window=(view.start, view.end),
        theme=theme,
        link=link_relations(data, view, shown, (selection or {}).get("relation")),
        total=shown.count,
        filtered_out=_filtered_out(data, view, shown),
        hidden=shown.focus_hidden,
        left_out=left_out_words(data, view),
    )


def _presented(data: AppData, store: dict | None, display: Display) -> list:
    """The details card's content while presenting: a chosen relation's
    details, in a block shown over the network in large type (assets/atlas.css
    ``.atlas-chosen``), without the pair's timeline; else nothing. A teacher's
    click on a link had shown its quote only in a 14 px hover."""
    view, selection = view_from_store(data, store)
    if not (selection or {}).get("relation"):
        return []
    theme = theme_for(display.theme, present=True)
    details = _details(data, view, shown_view(data, view), selection, None, theme)
    # a block of its own per relation (assets/panels.js sees each arrive)
    key = str(selection["relation"])
    return [html.Div(details, className="atlas-chosen", key=key)]


def update_grids(data: AppData, ready, tab=None, store: dict | None = None) -> tuple:
    """The events and rankings grids, made once, when the page has loaded the
    table script (``ready``), the open one (``tab``) with its rows and
    selected row at once; from then on only their rows and selected row
    change (`update_tables`), so that they keep their sort, filters, scroll
    and column widths.

    Returns (events pane, rankings pane): the events pane also holds the note
    on a partial table and the Store of the view each table holds.
    """
    if ready is not True:
        return no_update, no_update
    first = update_tables(data, tab, store)

    def given(name, default):
        return default if first[name] is no_update else first[name]

    events = [
        dcc.Store(id=ids.TABLES_FILLED, data=given("filled", {})),
        html.P(
            given("note", ""),
            id=ids.EVENTS_NOTE,
            className="atlas-hint atlas-note-small",
        ),
        events_grid(
            given("events_rows", []),
            given("events_selected", None),
            full_widths=_full_widths(data),
        ),
    ]
    return events, rankings_grid(
        given("rankings_rows", []), given("rankings_selected", None)
    )


@per_data(maxsize=1)
def _full_widths(data: AppData) -> dict[str, int]:
    """The events table's full-screen widths for ``data`` (`full_widths`),
    worked out once: they read every relation's date."""
    return full_widths(
        data.dataset.relations["date_label"].unique().tolist(),
        data.names.values(),
        data.kinds,
    )


def update_tables(data: AppData, tab, store: dict | None, filled=None) -> dict:
    """The rows and the selected row of the visible table; the hidden one is
    filled when shown. Rows are sent only when the view differs from the one
    the table holds (``filled``: the query of each table's rows), so a row
    click sends only the selection.

    Returns by name: events_rows, events_selected, rankings_rows,
    rankings_selected, note (on a partial events table) and filled.
    """
    out = dict.fromkeys(
        ("events_rows", "events_selected", "rankings_rows", "rankings_selected",
         "note", "filled"),
        no_update,
    )  # fmt: skip
    if tab not in ("events", "rankings"):
        return out
    filled = clean_filled(filled)
    view, selection = view_from_store(data, store)
    query = to_query(view)
    shown = shown_view(data, view)
    if filled.get(tab) != query:
        if tab == "events":
            out["events_rows"] = event_rows(shown.relations, data.names)
            out["note"] = event_note(shown.relations)
        else:
            out["rankings_rows"] = _ranked(data, view)
        out["filled"] = {**filled, tab: query}
    selection = selection or {}
    if tab == "events":
        chosen = selection.get("relation")
        link = link_relations(data, view, shown, chosen)
        out["events_selected"] = {
            "ids": list(link.relations["id"])
            if link is not None
            else selected_relations(shown.relations, chosen)
        }
    else:
        actor = selection.get("actor")
        out["rankings_selected"] = {"ids": [actor] if actor else []}
    return out


def selected_relations(relations, chosen: str | None) -> list[str]:
    """The ids of the events table's rows that ``chosen`` selects: relation
    ids joined by ``|``, or every relation of a pair (``pair:a~b``); an
    overview link (``states:a~b``) needs its view (`link_relations`)."""
    if not chosen or states_ends(chosen):
        return []
    ends = pair_ends(chosen)
    if ends:
        return list(pair_relations(relations, *ends)["id"])
    return chosen.split("|")


@per_data(maxsize=8)
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
    current=None,
):
    """The selected actor or relation, from a click on a figure, a table row
    (``table_cell``, of the table ``trigger``), the search box, or clear.

    ``trigger`` is the id of the component that fired. A click on a figure or
    a search brings the details tab forward; a click in a table leaves the
    table in view. ``current`` is the selection now: the search box follows
    it (assets/clientside.js ``searchFollows``), and a box that only caught
    up with it changes nothing. Returns (selection, search box value, tab).
    """
    if trigger == ids.CLEAR_SELECTION:
        return None, None, no_update
    if trigger == ids.ACTOR_SEARCH:
        chosen = clean_selection({"actor": searched})
        current = clean_selection(current)
        if chosen == current or (chosen is None and "actor" not in (current or {})):
            return no_update, no_update, no_update
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
    """What follows how the view is shown, after the figures: the
    presentation link's tooltip, the story bar and the story links (the
    presentation and theme links change in the page at once:
    assets/clientside.js ``displayLinks``).

    Returns (present tooltip, story bar, story link hrefs); ``story_links``
    are the ids of the story links.
    """
    display = shown_display(data, search, display_data)
    story = data.stories.get(display.story) if display.story else None
    panel = make_story_panel(story, display, data.dataset.relations) if story else None
    kept = display_data.get("story") if isinstance(display_data, dict) else None
    if isinstance(kept, str) and kept and story is None and len(kept) <= 200:
        # the page is in a story whose file broke (or went) while it was open
        # (the store keeps the page in it: no filters shown)
        panel = make_unread_story_panel(
            replace(display, story=kept), data.stories_left_out.get(kept)
        )
    story_links = story_links if isinstance(story_links, list) else []
    return (
        "Leave presentation mode (Escape)" if display.present else PRESENT_TIP,
        panel,
        [
            step_href(display, link.get("name") if isinstance(link, dict) else None, 1)
            for link in story_links
        ],
    )


def shown_display(data: AppData, search, display_data) -> Display:
    """How the page shows its view: the display store's, with the URL's tab
    (not in the store), which the display and story links keep."""
    query = (text(search) or "?").lstrip("?")
    tab = parse_display(query, {})[0].tab
    return replace(clean_display(display_data, data), tab=tab)


def search_follows(options: list[dict], selection, now) -> tuple:
    """The search box's options and value when the selection changes to an
    actor its menu does not offer (data too large to put every name in it):
    the selected actor's name is offered with it. Returns (options, value)."""
    chosen = clean_selection(selection) or {}
    actor = chosen.get("actor")
    if actor == text(now):
        return no_update, no_update
    return matching_options(options, None, actor), actor


def path_menus_follow(options: list[dict], controls: dict) -> list:
    """The path menus' options when the state callback sets their values (a
    link's ``path=``), for data too large to put every name in the menus
    (`every_name`, asked of the data now: it may have grown since the
    server started): each chosen actor offered in the same answer. A menu
    handed a value it does not offer clears it, and the link's path was
    dropped unsaid."""
    ends = (controls.get("path_from"), controls.get("path_to"))
    if every_name(options):  # the menus hold every name
        return [no_update] * 2
    return [
        matching_options(options, None, chosen)
        if isinstance(chosen, str)
        else no_update
        for chosen in ends
    ]
