"""The header's menu of slides and images, and the rows of buttons that
export what is shown (data files, images, decks, time-lapses)."""

from __future__ import annotations

from dash import dcc, html

from dashboard.web import ids

__all__ = [
    "DATA_BUTTONS",
    "DECK_BUTTONS",
    "IMAGE_BUTTONS",
    "TIMELAPSE_BUTTONS",
    "buttons",
    "image_controls",
    "timelapse_controls",
]


def image_controls() -> html.Div:
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
            # disabled while one renders (web/callbacks.py ``running``): a
            # second click cancelled the first job unsaid, a deck lost to a PNG
            html.Fieldset(
                id=ids.IMAGE_BUTTONS,
                className="atlas-exports",
                children=buttons(ids.IMAGE_EXPORT, IMAGE_BUTTONS)
                + buttons(ids.DECK_EXPORT, DECK_BUTTONS),
                **{"aria-label": "Images and decks"},
            ),
            html.Div(
                className="atlas-job",
                children=[
                    html.Progress(
                        id=ids.IMAGE_PROGRESS,
                        max="1",
                        value="0",
                        hidden=True,
                        **{"aria-label": "Rendering"},
                    ),
                    html.Button(
                        "Cancel",
                        id=ids.IMAGE_CANCEL,
                        className="atlas-button",
                        n_clicks=0,
                        hidden=True,
                    ),
                ],
            ),
            html.P(id=ids.IMAGE_STATUS, className="atlas-hint", role="status"),
            dcc.Download(id=ids.IMAGE_DOWNLOAD),
            timelapse_controls(),
        ],
    )


def timelapse_controls() -> html.Div:
    """The view stepped through time as a GIF or an MP4 (the story's steps
    when one is open), rendered in a background job with its own progress,
    Cancel and status: an image can be made while it runs."""
    return html.Div(
        className="atlas-timelapse",
        children=[
            html.Fieldset(
                className="atlas-fieldset atlas-inline",
                children=[
                    html.Legend("Time-lapse"),
                    dcc.RadioItems(
                        id=ids.TIMELAPSE_FIGURE,
                        options=[
                            {"label": "map", "value": "map"},
                            {"label": "network", "value": "graph"},
                            {"label": "both", "value": "both"},
                        ],
                        value="map",
                        inline=True,
                        className="atlas-checklist",
                    ),
                ],
            ),
            html.Fieldset(
                id=ids.TIMELAPSE_BUTTONS,
                className="atlas-exports",
                children=buttons(ids.TIMELAPSE_EXPORT, TIMELAPSE_BUTTONS),
                **{"aria-label": "Time-lapses"},
            ),
            html.Div(
                className="atlas-job",
                children=[
                    html.Progress(
                        id=ids.TIMELAPSE_PROGRESS,
                        max="1",
                        value="0",
                        hidden=True,
                        **{"aria-label": "Rendering the time-lapse"},
                    ),
                    html.Button(
                        "Cancel",
                        id=ids.TIMELAPSE_CANCEL,
                        className="atlas-button",
                        n_clicks=0,
                        hidden=True,
                    ),
                ],
            ),
            html.P(id=ids.TIMELAPSE_STATUS, className="atlas-hint", role="status"),
            dcc.Download(id=ids.TIMELAPSE_DOWNLOAD),
        ],
    )


def buttons(button_type: str, specs: list[tuple[str, str, str]]) -> list:
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
TIMELAPSE_BUTTONS = [
    ("gif", "Time-lapse: GIF", "this window step by step as Play goes, or the "
     "story's steps; loops, for web pages and chats"),
    ("mp4", "Time-lapse: MP4", "the same as a video (H.264), for slides and phones"),
]  # fmt: skip
