"""The component tree of the one page: header, filters, map, graph, time bar, details.

No data access here beyond the option lists passed in; every value that depends
on the URL is filled in by the callbacks on load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from urllib.parse import urlencode

from dash import dcc, html

from dashboard.core.choices import CHIPS
from dashboard.core.dates import EARLIEST, LATEST
from dashboard.core.overview import OVERVIEW_FROM
from dashboard.figures.map import TOPOJSON_URL
from dashboard.web import ids
from dashboard.web.controls import PRESENT_TIP, analysis_controls, search_box
from dashboard.web.filter_panel import filter_controls, filter_offer
from dashboard.web.menus import DATA_BUTTONS, buttons, image_controls

__all__ = [
    "make_layout",
    "network_bar_hidden",
    "preset_buttons",
    "preset_windows",
    "story_label",
    "story_links",
]

_SYMBOL_GLYPHS = {"circle": "●", "diamond": "◆", "x": "✕"}


def graph_config(filename: str) -> dict:
    """Plotly config: offline basemap, a clean modebar, camera saves at 3x;
    no "Share chart..." (plotly.js 4 offers by default to upload the figure to
    Plotly Cloud: not from an air-gapped page)."""
    return {
        "topojsonURL": TOPOJSON_URL,
        "displaylogo": False,
        "showSendToCloud": False,
        "scrollZoom": True,
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "scale": 3, "filename": filename},
    }


def make_layout(
    *,
    actors: list[dict],
    kinds_by_stance: dict[str, list[str]],
    choices: dict[str, list[str]],
    presets: Mapping[str, tuple[date, date]],
    span: tuple[str, str],
    time_bar: dict,
    title: str,
    stories: list[tuple[str, str]] = (),
    data_seen: str | None = None,
    refresh_seconds: float = 15.0,
    status: str = "",
) -> html.Main:
    """The whole page. ``actors`` are records with id, name and label;
    ``presets`` the preset windows by name; ``title`` says what the data is
    about (`AppData.title`, under the page's name); ``stories`` are (name,
    title) pairs; ``data_seen`` names the data it shows and ``refresh_seconds`` how
    often it asks for newer data; ``status`` what the page says of its data
    before any update (a store left out)."""
    return html.Main(
        id=ids.ROOT,
        className="atlas",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.SELECTION, data=None),
            dcc.Store(id=ids.SEARCH_ASKS, data=None),
            dcc.Store(id=ids.VIEW, data=None),
            dcc.Store(id=ids.LINK_SHOWN, data=None),
            dcc.Store(id=ids.NOTICE_AGAIN, data=None),
            # what follows the figures (details card, tables) reads the view
            # from here: asked for once the figures are answered
            dcc.Store(id=ids.FIGURES_VIEW, data=None),
            dcc.Store(id=ids.PANEL_SIZES, data=None),  # assets/panels.js
            dcc.Store(id=ids.MAP_CAMERA, data=None),  # assets/panels.js
            dcc.Store(id=ids.MAP_SETTLED, data=None),  # assets/panels.js
            dcc.Store(id=ids.DISPLAY, data=None),
            dcc.Store(id=ids.GRID_READY, data=False),
            dcc.Store(id=ids.LEGEND_PICK, data=None),  # assets/clientside.js
            dcc.Interval(id=ids.PLAY_TIMER, interval=1400, disabled=True),
            dcc.Store(id=ids.DATA_SEEN, data=data_seen),
            # what the filters offer: new data that offers more makes them again
            dcc.Store(id=ids.FILTER_OFFER, data=filter_offer(kinds_by_stance, choices)),
            dcc.Interval(id=ids.DATA_CHECK, interval=int(refresh_seconds * 1000)),
            _skip_links(),
            _header(title, status),
            html.Section(
                id=ids.STORY_PANEL,
                className="atlas-card atlas-story",
                **{"aria-label": "Story", "aria-live": "polite"},
            ),
            html.Aside(
                className="atlas-filters",
                **{"aria-label": "Filters"},
                children=[
                    *search_box(actors),
                    story_links(stories),
                    analysis_controls(actors, span),
                    *filter_controls(kinds_by_stance, choices),
                    html.H2("Export what is shown", className="atlas-section"),
                    html.Div(
                        className="atlas-exports",
                        children=buttons(ids.EXPORT, DATA_BUTTONS),
                    ),
                    dcc.Download(id=ids.DOWNLOAD),
                ],
            ),
            _figure_card("Map", ids.GEO_MAP, "atlas-map", "alliance-atlas-map"),
            _figure_card(
                "Network",
                ids.NETWORK_GRAPH,
                "atlas-graph",
                "alliance-atlas-network",
                controls=_network_bar(hidden=network_bar_hidden(len(actors))),
            ),  # fmt: skip
            _time_card(presets, span, time_bar),
            _details_card(),
        ],
    )


def _skip_links() -> html.Nav:
    """Links that the first Tab shows, past the filter column's sixty-odd
    boxes to the time controls (to step and play) or to the details card
    (assets/a11y.js moves the focus there; the URL keeps no "#")."""
    return html.Nav(
        className="atlas-skip",
        **{"aria-label": "Skip links"},
        children=[
            html.A("Skip to the time controls", href=f"#{ids.TIME_CARD}"),
            html.A(
                "Skip to the details and tables",
                href=f"#{ids.DETAILS_CARD}",
                className="atlas-skip-details",
            ),
        ],
    )


def _header(title: str, status: str = "") -> html.Header:
    return html.Header(
        className="atlas-header",
        children=[
            html.Div(
                [
                    html.H1("Alliance Atlas"),
                    # cut with "…" on a narrow screen: whole on hover; new
                    # data rewrites it (web/freshness.py)
                    html.Span(
                        title, id=ids.SUBTITLE, className="atlas-subtitle", title=title
                    ),
                ]
            ),
            # the room left, the window's words at its right end
            html.Div(
                html.Div(id=ids.HEADER_WINDOW, className="atlas-window"),
                className="atlas-window-room",
            ),
            _filter_chips(),
            html.Nav(
                className="atlas-display-links",
                **{"aria-label": "Display"},
                children=[
                    dcc.Link(
                        "Present",
                        id=ids.PRESENT_TOGGLE,
                        href="?present=1",
                        className="atlas-button atlas-link-button",
                        title=PRESENT_TIP,
                    ),
                    _secondary(
                        dcc.Link(
                            "Dark theme",
                            id=ids.THEME_TOGGLE,
                            href="?theme=dark",
                            className="atlas-button atlas-link-button",
                        ),
                        html.Details(
                            className="atlas-menu",
                            children=[
                                html.Summary(
                                    "Slides and images", className="atlas-button"
                                ),
                                image_controls(),
                            ],
                        ),
                        _copy_link(),
                    ),
                ],
            ),
            html.Div(id=ids.NOTICE, className="atlas-notice", role="status"),
            html.Div(
                status, id=ids.DATA_STATUS, className="atlas-update", role="status"
            ),
            html.P(
                id=ids.VIEW_SUMMARY,
                className="visually-hidden",
                **{"aria-live": "polite"},
            ),
        ],
    )


def _secondary(*controls) -> html.Div:
    """The header's secondary controls: in a row beside "Present" on the
    desk; in the presentation mode, behind one "More" button, so that the
    header keeps to one short row (assets/atlas.css ``.atlas-more``: they show
    while the button, or one of them, has the focus or the pointer)."""
    return html.Div(
        className="atlas-more",
        children=[
            html.Button(
                "More ▾",
                className="atlas-button atlas-more-button",
                title="Theme, slides and images, copy link",
            ),
            html.Div(className="atlas-more-items", children=list(controls)),
        ],
    )


def _copy_link() -> html.Span:
    """A button that copies the page's link (the whole view, its tab and
    selection); where the clipboard refuses, the link shows, selected, for
    Ctrl+C (assets/clientside.js ``copyLink``). What it says floats under it
    (assets/atlas.css ``.atlas-copy-said``): in the header's row, "Link
    copied" moved the window's words onto a second line and cut a chip."""
    return html.Span(className="atlas-copy", children=[
        html.Button(
            "Copy link",
            id=ids.COPY_LINK,
            className="atlas-button",
            n_clicks=0,
            title="Copy the link to this view, with its open tab and selection",
        ),
        html.Span(className="atlas-copy-said", children=[
            html.Span(id=ids.COPY_STATUS, className="atlas-copy-status", role="status"),
            html.Label(
                "Link to this view", htmlFor=ids.COPY_FIELD, className="visually-hidden"
            ),
            dcc.Textarea(
                id=ids.COPY_FIELD,
                readOnly=True,
                hidden="hidden",  # a text on dcc.Textarea (True failed its check)
                rows=1,
                className="atlas-copy-field",
            ),
        ]),
    ])  # fmt: skip


def _filter_chips() -> html.Div:
    """A chip per active filter ("conflictual only ✕"): a click removes it.
    One per filter, hidden while it lets everything through (`update_figures`
    writes them). Those with no room whole fold into "+2 more", which shows
    them (assets/folding.js): squeezed, they read "c… ✕"."""
    return html.Div(
        id=ids.FILTER_CHIPS,
        className="atlas-chips",
        role="group",
        **{"aria-label": "Active filters"},
        children=[
            *[
                html.Button(
                    id={"type": ids.FILTER_CHIP, "filter": name},
                    className="atlas-chip",
                    hidden=True,
                    n_clicks=0,
                    title="Remove this filter",
                )
                for name in CHIPS
            ],
            html.Button(
                id=ids.CHIPS_MORE,
                className="atlas-chips-more",
                hidden=True,
                type="button",
            ),
        ],
    )


def story_links(
    stories: list[tuple[str, str]], href: Callable[[str], str] | None = None
) -> html.Div:
    """A link per story, each opening the story at its step ``href(name)``
    (its first step, by default); nothing when there is none. The Div stays,
    empty, for new data's stories (web/freshness.py)."""
    href = href or (lambda name: "?" + urlencode({"story": name, "step": 1}))
    items = [
        html.Li(
            dcc.Link(
                story_label(title),
                id={"type": ids.STORY_LINK, "name": name},
                href=href(name),
            )
        )
        for name, title in stories
    ]
    heading = [html.H2("Stories", className="atlas-section")] if items else []
    return html.Div(
        id=ids.STORY_LINKS,
        className="atlas-stories",
        children=[
            *heading,
            *([html.Ul(className="atlas-story-list", children=items)] if items else []),
        ],
    )


def story_label(title: str) -> str:
    """A story link's words."""
    return f"▶ {title}"


def network_bar_hidden(actors: int) -> bool:
    """Whether the network's "States / All actors" bar is hidden for data of
    ``actors`` actors: data small enough is always drawn whole, so it has
    nothing to choose."""
    return actors <= OVERVIEW_FROM


def _network_bar(*, hidden: bool) -> html.Div:
    """Over a large view's network: its overview of states or every actor,
    and a button that folds every opened state back (core/overview.py). The
    data's own size decides whether it shows (`network_bar_hidden`)."""
    return html.Div(
        id=ids.NETWORK_BAR,
        className="atlas-network-bar",
        hidden=hidden,
        role="group",
        **{"aria-label": "How the network draws a large view"},
        children=[
            dcc.RadioItems(
                id=ids.NETWORK_MODE,
                options=[
                    {"label": "States", "value": "overview"},
                    {"label": "All actors", "value": "all"},
                ],
                value="overview",
                inline=True,
                className="atlas-checklist atlas-inline",
            ),
            html.Button(
                "Fold all",
                id=ids.FOLD_ALL,
                className="atlas-button",
                title="Fold every opened state back into its node",
                disabled=True,
            ),
            dcc.Store(id=ids.EXPANDED, data=[]),
        ],
    )


def _figure_card(
    title: str, graph_id: str, area: str, filename: str, controls=None
) -> html.Section:
    fit = [controls] if controls is not None else []
    heading: list = [title]
    if graph_id == ids.GEO_MAP:  # a user's own zoom stays until this
        # what a large view draws, where it is seen: the header's words end
        # in "…" on a narrow screen before they say it
        heading.append(html.Span(id=ids.MAP_DRAWN, className="atlas-card-note"))
        fit = [
            html.Button(
                "Fit",
                id=ids.MAP_FIT,
                className="atlas-button atlas-fit",
                title="Frame the map on the actors in view again",
            )
        ]
    return html.Section(
        className=f"atlas-card {area}",
        **{"aria-label": title},
        children=[
            html.H2(heading, className="atlas-card-title"),
            *fit,
            dcc.Graph(
                id=graph_id,
                className="atlas-figure",
                config=graph_config(filename),
                responsive=True,
                style={"height": "100%", "width": "100%"},
            ),
        ],
    )


def preset_windows(presets: Mapping[str, tuple[date, date]]) -> dict[str, list[str]]:
    """Each preset's window as the page holds it: [start, end], ISO dates."""
    return {
        name: [start.isoformat(), end.isoformat()]
        for name, (start, end) in presets.items()
    }


def preset_buttons(
    presets: Iterable[str], labels: Mapping[str, str] | None = None
) -> list[html.Button]:
    """A button per preset, by name, showing its label when ``labels`` gives
    one (a burst's count: web/views.py preset_labels), in `preset_order`;
    then "More ▾", which shows those with no room in the row's one line
    (assets/folding.js: they fold from the last)."""
    labels = labels or {}
    return [
        *[
            html.Button(
                labels.get(name, name),
                id={"type": ids.PRESETS, "name": name},
                className="atlas-button",
                n_clicks=0,
            )
            for name in preset_order(presets)
        ],
        html.Button(
            "More ▾",
            className="atlas-button atlas-presets-more",
            hidden=True,
            type="button",
            **{"aria-expanded": "false"},
        ),
    ]


def preset_order(names: Iterable[str]) -> list[str]:
    """The presets as the row shows them: All, the last 30 days and the
    bursts, then the years, the latest first. The row keeps one line, and
    what has no room folds from its end: the oldest years first, not the
    bursts (at 1280 px, six years and two bursts wrapped onto two lines and
    squeezed the time bar).

    >>> preset_order(["All", "Last 30 days", "2019", "2025", "Nov–Dec 2025"])
    ['All', 'Last 30 days', 'Nov–Dec 2025', '2025', '2019']
    """
    names = list(names)
    years = sorted((name for name in names if name.isdigit()), reverse=True)
    return [name for name in names if not name.isdigit()] + years


def _time_card(
    presets: Mapping[str, tuple[date, date]], span: tuple[str, str], time_bar: dict
) -> html.Section:
    return html.Section(
        id=ids.TIME_CARD,
        className="atlas-card atlas-time",
        tabIndex="-1",  # a skip link's target
        **{"aria-label": "Time"},
        children=[
            html.Div(
                className="atlas-time-controls",
                children=[
                    dcc.DatePickerRange(
                        id=ids.DATE_RANGE,
                        # any day a link may name, not only the data's: a
                        # window may reach past the data, and typed dates stay
                        min_date_allowed=EARLIEST.isoformat(),
                        max_date_allowed=LATEST.isoformat(),
                        display_format="D MMM YYYY",
                        first_day_of_week=1,
                        # a first day picked in the calendar waits for the
                        # last: sent alone, the view fell back to the whole
                        # span, "the dates could not be read"
                        updatemode="bothdates",
                        start_date=span[0],
                        end_date=span[1],
                    ),
                    # a preset moves the window in the page, at once
                    # (assets/clientside.js presetWindow)
                    dcc.Store(id=ids.PRESET_WINDOWS, data=preset_windows(presets)),
                    # their labels, a burst's count following the filters
                    # (web/views.py preset_labels, clientside.js presetLabels)
                    dcc.Store(id=ids.PRESET_LABELS),
                    # in the order they are seen, which is the Tab order: the
                    # player beside the dates, the presets on the next line,
                    # which they keep to (assets/folding.js)
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
                                title="Play: step the window through time",
                                n_clicks=0,
                                # its name follows its state (clientside.js
                                # playLabel), without the symbol
                                **{"aria-label": "Play"},
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
                    html.Div(
                        id=ids.PRESET_GROUP,
                        className="atlas-presets",
                        role="group",
                        **{"aria-label": "Preset windows"},
                        children=preset_buttons(presets),
                    ),
                ],
            ),
            # the time bar's figure as the window callback patches it; the
            # graph draws it after the map and the network (assets/
            # clientside.js drawLater)
            dcc.Store(id=ids.TIME_BAR_NEXT, data=time_bar),
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
        id=ids.DETAILS_CARD,
        className="atlas-card atlas-details",
        tabIndex="-1",  # a skip link's target
        **{"aria-label": "Details and analysis"},
        children=[
            # drag (or arrow keys) to make the card taller: assets/resize.js
            html.Div(
                id=ids.RESIZE_HANDLE,
                className="atlas-resize-handle",
                role="separator",
                tabIndex="0",
                title="Drag to resize the card (double-click: back to its size)",
                **{
                    "aria-label": "Resize the details card",
                    "aria-orientation": "horizontal",
                    # how far the card reaches up: 0 at its place, 100 up to
                    # the header
                    "aria-valuemin": "0",
                    "aria-valuemax": "100",
                    "aria-valuenow": "0",
                },
            ),
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
                    html.Div(
                        className="atlas-card-buttons",
                        children=[
                            html.Button(
                                "Full screen",
                                id=ids.FULLSCREEN,
                                className="atlas-button atlas-clear",
                                title="Fill the window with this card (Esc leaves)",
                                n_clicks=0,
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
                    # the grids mount when a table tab is first opened (with the
                    # note on a partial table): AG Grid costs half a second that
                    # the first view should not wait for (web/views.py update_grids)
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
