"""The header's menu of slides and images, and the rows of buttons that
export what is shown (data files, images, decks)."""

from __future__ import annotations

from dash import dcc, html

from dashboard.web import ids

__all__ = ["DATA_BUTTONS", "DECK_BUTTONS", "IMAGE_BUTTONS", "buttons", "image_controls"]


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
            html.Div(
                className="atlas-exports",
                children=buttons(ids.IMAGE_EXPORT, IMAGE_BUTTONS)
                + buttons(ids.DECK_EXPORT, DECK_BUTTONS),
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
