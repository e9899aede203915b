"""The component tree of the one page: header, filters, map, graph, time bar, details.

No data access here beyond the option lists passed in; every value that depends
on the URL is filled in by the callbacks on load.
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash_ag_grid as dag
from dash import dcc, html

from dashboard.core.describe import actor_options
from dashboard.core.vocabulary import CONFIDENCE_LEVELS
from dashboard.figures.map import TOPOJSON_URL
from dashboard.figures.style import STANCE_COLOURS, STANCE_SYMBOLS
from dashboard.web import ids

__all__ = ["make_layout"]

_SYMBOL_GLYPHS = {"circle": "●", "diamond": "◆", "x": "✕"}


def graph_config(filename: str) -> dict:
    """Plotly config: offline basemap, a clean modebar, camera saves at 3x."""
    return {
        "topojsonURL": TOPOJSON_URL,
        "displaylogo": False,
        "scrollZoom": True,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "scale": 3, "filename": filename},
    }


def make_layout(
    *,
    actors: list[dict],
    kinds_by_stance: dict[str, list[str]],
    actor_kinds: list[str],
    presets: list[str],
    span: tuple[str, str],
    time_bar: dict,
    states: list[str],
    origins: list[str],
    stories: list[tuple[str, str]] = (),
) -> html.Main:
    """The whole page. ``actors`` are records with id, name and label;
    ``stories`` are (name, title) pairs."""
    return html.Main(
        id=ids.ROOT,
        className="atlas",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.SELECTION, data=None),
            dcc.Store(id=ids.DISPLAY, data=None),
            dcc.Store(id=ids.GRID_READY, data=False),
            dcc.Interval(id=ids.PLAY_TIMER, interval=1400, disabled=True),
            _header(make_subtitle(states)),
            html.Section(
                id=ids.STORY_PANEL,
                className="atlas-card atlas-story",
                **{"aria-label": "Story", "aria-live": "polite"},
            ),
            _filters(actors, kinds_by_stance, actor_kinds, origins, span, stories),
            _figure_card("Map", ids.GEO_MAP, "atlas-map", "alliance-atlas-map"),
            _figure_card(
                "Network", ids.NETWORK_GRAPH, "atlas-graph", "alliance-atlas-graph"
            ),
            _time_card(presets, span, time_bar),
            _details_card(),
        ],
    )


def make_subtitle(states: list[str]) -> str:
    """``Who backs whom: Russia, Belarus and Venezuela`` (or how many states)."""
    if not states:
        return "Who backs whom"
    if len(states) > 6:
        return f"Who backs whom among {len(states)} states"
    named = [f"the {name}" if name.startswith("United") else name for name in states]
    listed = (
        named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    )
    return f"Who backs whom: {listed}"


def _header(subtitle: str) -> html.Header:
    return html.Header(
        className="atlas-header",
        children=[
            html.Div(
                [
                    html.H1("Alliance Atlas"),
                    html.Span(subtitle, className="atlas-subtitle"),
                ]
            ),
            html.Div(id=ids.HEADER_WINDOW, className="atlas-window"),
            html.Nav(
                className="atlas-display-links",
                **{"aria-label": "Display"},
                children=[
                    dcc.Link(
                        "Present",
                        id=ids.PRESENT_TOGGLE,
                        href="?present=1",
                        className="atlas-button atlas-link-button",
                        title="Presentation mode: figures fill the screen, large "
                        "type; arrows step, space plays, Escape leaves",
                    ),
                    dcc.Link(
                        "Dark theme",
                        id=ids.THEME_TOGGLE,
                        href="?theme=dark",
                        className="atlas-button atlas-link-button",
                    ),
                    html.Details(
                        className="atlas-menu",
                        children=[
                            html.Summary("Slides and images", className="atlas-button"),
                            _image_controls(),
                        ],
                    ),
                ],
            ),
            html.Div(id=ids.NOTICE, className="atlas-notice", role="status"),
            html.P(
                id=ids.VIEW_SUMMARY,
                className="visually-hidden",
                **{"aria-live": "polite"},
            ),
        ],
    )


def _filters(
    actors, kinds_by_stance, actor_kinds, origins, span, stories
) -> html.Aside:
    stance_groups = [
        html.Fieldset(
            className="atlas-fieldset",
            children=[
                html.Legend(
                    [
                        html.Span(
                            _SYMBOL_GLYPHS[STANCE_SYMBOLS[stance]],
                            className="stance-glyph",
                            style={"color": STANCE_COLOURS[stance]},
                            **{"aria-hidden": "true"},
                        ),
                        f" {stance.capitalize()}",
                    ]
                ),
                dcc.Checklist(
                    id={"type": ids.KINDS, "stance": stance},
                    options=[{"label": kind, "value": kind} for kind in kinds],
                    value=list(kinds),
                    className="atlas-checklist",
                ),
            ],
        )
        for stance, kinds in kinds_by_stance.items()
        if kinds
    ]
    return html.Aside(
        className="atlas-filters",
        **{"aria-label": "Filters"},
        children=[
            html.Label(
                "Find an actor", htmlFor=ids.ACTOR_SEARCH, className="atlas-label"
            ),
            dcc.Dropdown(
                id=ids.ACTOR_SEARCH,
                options=_first_options(actors),
                placeholder="Type a name…",
                clearable=True,
                searchable=True,
            ),
            _story_links(stories),
            _analysis_controls(actors, span),
            html.H2("Filters", className="atlas-section"),
            dcc.Checklist(
                id=ids.STATES_ONLY,
                options=[
                    {
                        "label": "States only (merge people into their state)",
                        "value": "1",
                    }
                ],
                value=[],
                className="atlas-checklist atlas-switch",
            ),
            html.H2("Relation kinds", className="atlas-section"),
            *stance_groups,
            html.H2("Actors", className="atlas-section"),
            dcc.Checklist(
                id=ids.ACTOR_KINDS,
                options=[{"label": kind, "value": kind} for kind in actor_kinds],
                value=list(actor_kinds),
                className="atlas-checklist",
            ),
            html.H2("Confidence", className="atlas-section"),
            dcc.Checklist(
                id=ids.CONFIDENCE,
                options=[
                    {"label": level, "value": level} for level in CONFIDENCE_LEVELS
                ],
                value=list(CONFIDENCE_LEVELS),
                className="atlas-checklist",
            ),
            html.H2("Data", className="atlas-section"),
            dcc.Checklist(
                id=ids.ORIGINS,
                options=[{"label": origin, "value": origin} for origin in origins],
                value=list(origins),
                className="atlas-checklist",
            ),
            html.Label("Evidence", htmlFor=ids.MIN_SOURCES, className="atlas-section"),
            dcc.RadioItems(
                id=ids.MIN_SOURCES,
                options=[
                    {"label": "any number of sources", "value": 1},
                    {"label": "2 or more sources", "value": 2},
                    {"label": "3 or more sources", "value": 3},
                ],
                value=1,
                className="atlas-checklist",
            ),
            html.H2("Export what is shown", className="atlas-section"),
            html.Div(
                className="atlas-exports", children=_buttons(ids.EXPORT, DATA_BUTTONS)
            ),
            dcc.Download(id=ids.DOWNLOAD),
        ],
    )


def _story_links(stories: list[tuple[str, str]]) -> html.Div:
    """A link per story; each opens the story at its first step."""
    if not stories:
        return html.Div()
    return html.Div(
        className="atlas-stories",
        children=[
            html.H2("Stories", className="atlas-section"),
            html.Ul(
                className="atlas-story-list",
                children=[
                    html.Li(
                        dcc.Link(
                            f"▶ {title}",
                            id={"type": ids.STORY_LINK, "name": name},
                            href="?" + urlencode({"story": name, "step": 1}),
                        )
                    )
                    for name, title in stories
                ],
            ),
        ],
    )


def _image_controls() -> html.Div:
    """Slide-ready images of the map or the graph, and briefing decks (in the
    header's menu, so that they are at hand in a story too)."""
    return html.Div(
        className="atlas-images",
        children=[
            html.Fieldset(
                className="atlas-fieldset atlas-inline",
                children=[
                    html.Legend("Figure"),
                    dcc.RadioItems(
                        id=ids.IMAGE_FIGURE,
                        options=[
                            {"label": "map", "value": "map"},
                            {"label": "network", "value": "graph"},
                        ],
                        value="map",
                        inline=True,
                        className="atlas-checklist",
                    ),
                ],
            ),
            html.Div(
                className="atlas-exports",
                children=_buttons(ids.IMAGE_EXPORT, IMAGE_BUTTONS)
                + _buttons(ids.DECK_EXPORT, DECK_BUTTONS),
            ),
            html.P(id=ids.IMAGE_STATUS, className="atlas-hint", role="status"),
            dcc.Download(id=ids.IMAGE_DOWNLOAD),
        ],
    )


def _buttons(button_type: str, specs: list[tuple[str, str, str]]) -> list:
    """A button per (format, label, tooltip), with a pattern-matching id."""
    return [
        html.Button(
            label,
            id={"type": button_type, "format": fmt},
            className="atlas-button",
            n_clicks=0,
            title=title,
        )
        for fmt, label, title in specs
    ]


DATA_BUTTONS = [
    ("csv", "CSV", "actors.csv and relations.csv, zipped"),
    ("graphml", "GraphML", "for yEd, Cytoscape, networkx"),
    ("gexf", "GEXF", "for Gephi, with time spells"),
    ("json", "JSON", "networkx node-link JSON"),
]
#: Image buttons: (format key, label, tooltip); the key names format and scale.
IMAGE_BUTTONS = [
    ("png2", "PNG 2x", "3200 x 1800 pixels, for slides"),
    ("png3", "PNG 3x", "4800 x 2700 pixels, for print"),
    ("svg", "SVG", "vector, for editing"),
    ("pdf", "PDF", "vector, one page"),
]
DECK_BUTTONS = [
    ("pptx", "Deck: PowerPoint", "a slide for this view, or one per story step"),
    ("pdf", "Deck: PDF", "a page for this view, or one per story step"),
]


def _analysis_controls(actors: list[dict], span: tuple[str, str]) -> html.Div:
    """Neighbourhood depth, path between two actors, bloc colouring, change."""
    options = _first_options(actors)
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


#: Above this many actors the actor menus are filled as the user types (a page
#: with three menus of 5,000 names each is slow to load and to draw).
OPTION_LIMIT = 300


def _first_options(actors: list[dict]) -> list[dict]:
    """The actor menus' options in the page: all of them, or none for large
    data (a callback then offers the names that match what is typed)."""
    return actor_options(actors) if len(actors) <= OPTION_LIMIT else []


def _figure_card(title: str, graph_id: str, area: str, filename: str) -> html.Section:
    return html.Section(
        className=f"atlas-card {area}",
        **{"aria-label": title},
        children=[
            html.H2(title, className="atlas-card-title"),
            dcc.Graph(
                id=graph_id,
                className="atlas-figure",
                config=graph_config(filename),
                responsive=True,
                style={"height": "100%", "width": "100%"},
            ),
        ],
    )


def _time_card(
    presets: list[str], span: tuple[str, str], time_bar: dict
) -> html.Section:
    return html.Section(
        className="atlas-card atlas-time",
        **{"aria-label": "Time"},
        children=[
            html.Div(
                className="atlas-time-controls",
                children=[
                    dcc.DatePickerRange(
                        id=ids.DATE_RANGE,
                        min_date_allowed=span[0],
                        max_date_allowed=span[1],
                        display_format="D MMM YYYY",
                        first_day_of_week=1,
                        start_date=span[0],
                        end_date=span[1],
                    ),
                    html.Div(
                        className="atlas-presets",
                        role="group",
                        **{"aria-label": "Preset windows"},
                        children=[
                            html.Button(
                                name,
                                id={"type": ids.PRESETS, "name": name},
                                className="atlas-button",
                                n_clicks=0,
                            )
                            for name in presets
                        ],
                    ),
                    html.Div(
                        className="atlas-player",
                        role="group",
                        **{"aria-label": "Step through time"},
                        children=[
                            html.Button(
                                "◀",
                                id=ids.STEP_BACK,
                                className="atlas-button",
                                title="Previous window",
                                n_clicks=0,
                                **{"aria-label": "Previous window"},
                            ),
                            html.Button(
                                "▶ Play",
                                id=ids.PLAY,
                                className="atlas-button atlas-play",
                                n_clicks=0,
                            ),
                            html.Button(
                                "▶",
                                id=ids.STEP_FORWARD,
                                className="atlas-button",
                                title="Next window",
                                n_clicks=0,
                                **{"aria-label": "Next window"},
                            ),
                        ],
                    ),
                ],
            ),
            dcc.Graph(
                id=ids.TIME_BAR,
                figure=time_bar,
                className="atlas-timebar",
                config={"displayModeBar": False, "responsive": True},
                style={"height": "100%", "width": "100%"},
            ),
        ],
    )


#: The tabs of the details card: (value, label).
PANEL_TABS = [
    ("details", "Details"),
    ("events", "Events"),
    ("rankings", "Rankings"),
    ("path", "Path"),
    ("change", "Change"),
]


def _details_card() -> html.Section:
    """Details, events, rankings, path and change: one card, one tab each.

    The tab bar is a radio group (keyboard-friendly: arrows move between tabs);
    a client-side callback shows the chosen pane.
    """
    return html.Section(
        className="atlas-card atlas-details",
        **{"aria-label": "Details and analysis"},
        children=[
            html.H2("Details and analysis", className="visually-hidden"),
            html.Div(
                className="atlas-tabbar-row",
                children=[
                    dcc.RadioItems(
                        id=ids.PANEL_TABS,
                        options=[
                            {"label": label, "value": value}
                            for value, label in PANEL_TABS
                        ],
                        value="details",
                        inline=True,
                        className="atlas-tabbar",
                    ),
                    html.Button(
                        "Clear (Esc)",
                        id=ids.CLEAR_SELECTION,
                        className="atlas-button atlas-clear",
                        title="Clear the selection",
                        n_clicks=0,
                    ),
                ],
            ),
            html.Div(
                id="pane-details",
                className="atlas-pane",
                children=html.Div(
                    id=ids.DETAILS,
                    className="atlas-details-body",
                    tabIndex="0",  # scrollable: reachable by keyboard
                    **{"aria-live": "polite"},
                ),
            ),
            html.Div(
                id="pane-events",
                className="atlas-pane",
                hidden=True,
                children=[
                    html.P(id=ids.EVENTS_NOTE, className="atlas-hint atlas-note-small"),
                    # the grids mount when their tab is first opened: AG Grid
                    # costs half a second that the first view should not wait for
                    html.Div(id=ids.EVENTS_HOLDER, className="atlas-pane"),
                ],
            ),
            html.Div(
                id="pane-rankings",
                className="atlas-pane",
                hidden=True,
                children=html.Div(id=ids.RANKINGS_HOLDER, className="atlas-pane"),
            ),
            html.Div(
                id="pane-path",
                className="atlas-pane",
                hidden=True,
                children=html.Div(
                    id=ids.PATH_PANEL, className="atlas-details-body", tabIndex="0"
                ),
            ),
            html.Div(
                id="pane-change",
                className="atlas-pane",
                hidden=True,
                children=html.Div(
                    id=ids.CHANGE_PANEL, className="atlas-details-body", tabIndex="0"
                ),
            ),
        ],
    )


def events_grid(rows: list[dict]):
    """The events table (id ``events-table``) holding ``rows``."""
    return _grid(ids.EVENTS_TABLE, EVENT_COLUMNS, rows)


def rankings_grid(rows: list[dict]):
    """The rankings table (id ``rankings``) holding ``rows``."""
    return _grid(ids.RANKINGS, RANKING_COLUMNS, rows)


def _grid(grid_id: str, columns: list[dict], rows: list[dict]):
    """A sortable, filterable AG Grid table; rows are keyed by id for clicks."""
    return dag.AgGrid(
        id=grid_id,
        columnDefs=columns,
        rowData=rows,
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "minWidth": 70,
        },
        getRowId="params.data.id",
        dashGridOptions={
            "rowHeight": 28,
            "headerHeight": 30,
            "animateRows": False,
            "tooltipShowDelay": 300,
        },
        className="ag-theme-quartz atlas-grid",
        style={"height": "100%", "width": "100%"},
    )


EVENT_COLUMNS = [
    {
        # sorted and filtered on the first day (ISO text), shown as its label
        "field": "first",
        "headerName": "Date",
        "sort": "asc",
        "width": 190,
        "valueFormatter": {"function": "params.data.date"},
        "tooltipField": "date",
        "filter": "agDateColumnFilter",
        "filterParams": {"comparator": {"function": "isoDateComparator"}},
    },
    {"field": "source_name", "headerName": "From", "width": 120},
    {"field": "kind", "headerName": "Kind", "width": 130},
    {"field": "target_name", "headerName": "To", "width": 120},
    {"field": "stance", "headerName": "Stance", "width": 110},
    {"field": "confidence", "headerName": "Confidence", "width": 115},
    {
        "field": "sources",
        "headerName": "Sources",
        "width": 95,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "summary",
        "headerName": "Summary",
        "flex": 1,
        "minWidth": 220,
        "tooltipField": "summary",
    },
    {"field": "reported_by", "headerName": "Reported by", "width": 160},
]
RANKING_COLUMNS = [
    {"field": "name", "headerName": "Actor", "width": 170, "pinned": "left"},
    {"field": "kind", "headerName": "Kind", "width": 100},
    {
        "field": "degree",
        "headerName": "Relations",
        "width": 110,
        "sort": "desc",
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "cooperative",
        "headerName": "Cooperative",
        "width": 120,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "conflictual",
        "headerName": "Conflictual",
        "width": 115,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "neutral",
        "headerName": "Neutral",
        "width": 95,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "betweenness",
        "headerName": "Betweenness",
        "width": 125,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "sources",
        "headerName": "Sources",
        "width": 100,
        "filter": "agNumberColumnFilter",
    },
]
