"""The component tree of the one page: header, filters, map, graph, time bar, details.

No data access here beyond the option lists passed in; every value that depends
on the URL is filled in by the callbacks on load.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.describe import actor_label
from dashboard.figures.map import TOPOJSON_URL
from dashboard.figures.style import STANCE_COLOURS, STANCE_SYMBOLS
from dashboard.vocabulary import CONFIDENCE_LEVELS

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
) -> html.Div:
    """The whole page. ``actors`` are records with id, name and label."""
    return html.Div(
        className="atlas",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.SELECTION, data=None),
            dcc.Interval(id=ids.PLAY_TIMER, interval=1400, disabled=True),
            _header(),
            _filters(actors, kinds_by_stance, actor_kinds),
            _figure_card("Map", ids.GEO_MAP, "atlas-map", "alliance-atlas-map"),
            _figure_card(
                "Network", ids.NETWORK_GRAPH, "atlas-graph", "alliance-atlas-graph"
            ),
            _time_card(presets, span, time_bar),
            _details_card(),
        ],
    )


def _header() -> html.Header:
    return html.Header(
        className="atlas-header",
        children=[
            html.Div(
                [
                    html.H1("Alliance Atlas"),
                    html.Span(
                        "Who backs whom: Russia, Belarus, Turkey, the United States and Venezuela",
                        className="atlas-subtitle",
                    ),
                ]
            ),
            html.Div(id=ids.HEADER_WINDOW, className="atlas-window"),
            html.Div(id=ids.NOTICE, className="atlas-notice", role="status"),
            html.P(
                id=ids.VIEW_SUMMARY,
                className="visually-hidden",
                **{"aria-live": "polite"},
            ),
        ],
    )


def _filters(actors, kinds_by_stance, actor_kinds) -> html.Aside:
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
                options=[
                    {
                        "label": actor_label(a)
                        if actor_label(a) == a["name"]
                        else f"{a['name']} ({actor_label(a)})",
                        "value": a["id"],
                    }
                    for a in sorted(actors, key=lambda a: a["name"])
                ],
                placeholder="Type a name…",
                clearable=True,
                searchable=True,
            ),
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
        ],
    )


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


def _details_card() -> html.Section:
    return html.Section(
        className="atlas-card atlas-details",
        **{"aria-label": "Details"},
        children=[
            html.Div(
                className="atlas-details-head",
                children=[
                    html.H2("Details", className="atlas-card-title"),
                    html.Button(
                        "Clear selection (Esc)",
                        id=ids.CLEAR_SELECTION,
                        className="atlas-button",
                        n_clicks=0,
                    ),
                ],
            ),
            html.Div(
                id=ids.DETAILS,
                className="atlas-details-body",
                **{"aria-live": "polite"},
            ),
        ],
    )
