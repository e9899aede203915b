"""Colours, line styles and symbols shared by every figure (Okabe-Ito, colour-blind safe).

Stance is shown by colour *and* by the symbol on each relation's midpoint;
confidence by line style. Neither relies on colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from dashboard.figures.theme import LIGHT, Theme

STANCE_COLOURS = {
    "cooperative": "#009E73",  # bluish green
    "neutral": LIGHT.neutral,  # grey; each theme has its own (stance_colours)
    "conflictual": "#D55E00",  # vermillion
}
STANCE_SYMBOLS = {"cooperative": "circle", "neutral": "diamond", "conflictual": "x"}
CONFIDENCE_DASH = {"confirmed": "solid", "reported": "dash", "speculative": "dot"}
#: The ring around the midpoint of a relation that changed at the split of a
#: window ("change before / after"): a symbol and a colour (Okabe-Ito) each,
#: apart from the stances' and readable on both themes' paper.
CHANGE_MARKS = {
    "appeared": ("circle-open", "#0072B2"),  # a ring: blue
    "ended": ("circle-x-open", "#CC79A7"),  # a crossed-out ring: reddish purple
    "flipped": ("square-open", "#E69F00"),  # a square around both: orange
}
KIND_SYMBOLS = {
    "state": "square",
    "person": "circle",
    "organization": "hexagon",
    "company": "triangle-up",
}
# Countries of the first case get fixed colours; any other country cycles through the rest.
COUNTRY_COLOURS = {
    "RUS": "#0072B2",  # blue
    "BLR": "#56B4E9",  # sky blue
    "TUR": "#E69F00",  # orange
    "USA": "#CC79A7",  # reddish purple
    "VEN": "#8C6D00",  # dark ochre: told from orange with any colour vision
}
_SPARE_COLOURS = ["#882255", "#44AA99", "#117733", "#999933", "#AA4499", "#332288"]
NO_COUNTRY_COLOUR = "#999999"
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
DIM_OPACITY = 0.18
#: The ink of a faded actor's name (its marker at `Theme.marker_dim`): lighter
#: than a full name, but text still to read, at WCAG AA's 4.5:1 or more on the
#: paper, land and ocean of every theme (4.9:1 at the least, the light land;
#: at 0.45 it was 2.95:1 on white).
FADED_LABEL = 0.62


def stance_colours(theme: Theme = LIGHT) -> dict[str, str]:
    """Colour per stance in ``theme``: the neutral grey is the theme's own,
    to stay visible on its paper."""
    return {**STANCE_COLOURS, "neutral": theme.neutral}


def country_colour(iso3: str) -> str:
    """A stable colour per country code."""
    if not iso3:
        return NO_COUNTRY_COLOUR
    if iso3 in COUNTRY_COLOURS:
        return COUNTRY_COLOURS[iso3]
    return _SPARE_COLOURS[sum(map(ord, iso3)) % len(_SPARE_COLOURS)]


@cache
def rgba(hex_colour: str, alpha: float) -> str:
    """``rgba(r,g,b,alpha)``; cached, as figures ask for the same few thousands of times."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def figure(data: list[dict], layout: dict) -> dict:
    """A figure as the plain dict plotly.js reads.

    Dicts skip plotly.py's validation, which cost most of a callback's time.
    """
    return {"data": data, "layout": layout}


def base_layout(*, theme: Theme = LIGHT, font_size: int | None = None) -> dict:
    """Layout settings every figure shares, in ``theme``; ``font_size`` (the
    theme's by default) for a figure whose text is its labels."""
    return {
        "font": {
            "family": FONT_FAMILY,
            "size": font_size or theme.font_size,
            "color": theme.ink,
        },
        "paper_bgcolor": theme.paper,
        "plot_bgcolor": theme.paper,
        "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
        "hoverlabel": {
            "font": {"family": FONT_FAMILY, "size": theme.hover_size},
            "align": "left",
        },
        "uirevision": "keep",
    }


BLOC_COLOURS = [
    "#0072B2",
    "#E69F00",
    "#CC79A7",
    "#009E73",
    "#56B4E9",
    "#D55E00",
    "#8C6D00",
]


def bloc_colours(
    blocs: dict[str, str], *, actors: Iterable[str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Node colours and legend entries for blocs, the largest bloc first.

    Actors in no bloc stay grey, and the legend says "no bloc" when one of
    ``actors`` (those drawn) is (it did when every one was in a bloc); blocs
    beyond the palette share its last colour, and one legend entry ("28
    smaller blocs"): 34 blocs named one by one took a legend taller than the
    map.

    >>> blocs = {f"a{n}": f"bloc {n % 9}" for n in range(90)}
    >>> _, legend = bloc_colours(blocs, actors=["x"])
    >>> [name for name, _ in legend][-3:]
    ['bloc 5', '3 smaller blocs', 'no bloc']
    >>> bloc_colours({"a": "A bloc", "b": "A bloc"}, actors=["a", "b"])[1]
    [('A bloc', '#0072B2')]
    """
    sizes: dict[str, int] = {}
    for bloc in blocs.values():
        sizes[bloc] = sizes.get(bloc, 0) + 1
    order = sorted(sizes, key=lambda bloc: (-sizes[bloc], bloc))
    colour_of = {
        bloc: BLOC_COLOURS[min(i, len(BLOC_COLOURS) - 1)]
        for i, bloc in enumerate(order)
    }
    node_colours = {actor: colour_of[bloc] for actor, bloc in blocs.items()}
    named = len(BLOC_COLOURS) - (1 if len(order) > len(BLOC_COLOURS) else 0)
    legend = [(bloc, colour_of[bloc]) for bloc in order[:named]]
    if len(order) > named:
        legend.append((f"{len(order) - named} smaller blocs", BLOC_COLOURS[-1]))
    if any(actor not in blocs for actor in actors):
        legend.append(("no bloc", NO_COUNTRY_COLOUR))
    return node_colours, legend
