"""Themes for the figures: the light default, a dark one for screens, and large
type for projectors and slides, applied to a finished figure.

Theming a finished figure keeps the builders free of display concerns, and the
page, the presentation mode and the exported images share one look.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import numpy as np

__all__ = ["THEMES", "Theme", "themed"]


@dataclass(frozen=True)
class Theme:
    name: str
    paper: str
    ink: str
    ink_rgb: str  # the ink as "r,g,b", for labels that fade with their actor
    land: str
    ocean: str
    borders: str
    grid: str
    legend_bg: str
    neutral: str  # the neutral stance: grey must stay visible on the paper


THEMES = {
    "light": Theme(
        name="light",
        paper="#ffffff",
        ink="#1a1a1a",
        ink_rgb="20,20,20",
        land="#f2f1ec",
        ocean="#e8f1f7",
        borders="#b9b9b9",
        grid="#eeeeee",
        legend_bg="rgba(255,255,255,0.85)",
        neutral="#6E6E6E",
    ),
    "dark": Theme(
        name="dark",
        paper="#16191d",
        ink="#f0f0f0",
        ink_rgb="240,240,240",
        land="#2a2f36",
        ocean="#1b2630",
        borders="#5c646e",
        grid="#333940",
        legend_bg="rgba(22,25,29,0.85)",
        neutral="#B4B4B4",
    ),
}

_LIGHT = THEMES["light"]
_RGBA_INK = re.compile(r"^rgba\(20,20,20,")
_NEUTRAL_RGBA = "rgba(110,110,110,"  # the light neutral grey, as rgba() writes it


def themed(figure: dict, theme: str = "light", *, min_font: int = 0) -> dict:
    """A copy of ``figure`` in ``theme``, every text at least ``min_font`` px.

    ``min_font`` 0 keeps the sizes; the presentation mode and slides use 18,
    so that labels read from the back of a classroom.
    """
    colours = THEMES.get(theme, _LIGHT)
    if colours is _LIGHT and not min_font:
        return figure
    out = copy.deepcopy(figure)
    layout = out.setdefault("layout", {})
    base = layout.get("font", {}).get("size", 13)
    scale = max(min_font / base, 1.0) if min_font else 1.0
    _apply_fonts(layout, colours, scale, min_font)
    layout["paper_bgcolor"] = layout["plot_bgcolor"] = colours.paper
    for key in ("legend", "legend2"):
        if key in layout:
            layout[key]["bgcolor"] = colours.legend_bg
    if "geo" in layout:
        layout["geo"].update(
            bgcolor=colours.paper,
            landcolor=colours.land,
            oceancolor=colours.ocean,
            countrycolor=colours.borders,
            coastlinecolor=colours.borders,
        )
    for axis in ("xaxis", "yaxis"):
        if axis in layout and layout[axis].get("gridcolor"):
            layout[axis]["gridcolor"] = colours.grid
    if "margin" in layout and scale > 1:
        layout["margin"]["b"] = int(layout["margin"].get("b", 0) * scale)
    for trace in out.get("data", []):
        _theme_trace(trace, colours, scale, min_font)
    return out


def _apply_fonts(layout: dict, colours: Theme, scale: float, min_font: int) -> None:
    font = layout.setdefault("font", {})
    font["color"] = colours.ink
    font["size"] = _bigger(font.get("size", 13), scale, min_font)
    for key in ("legend", "legend2"):
        if key in layout:
            legend_font = layout[key].setdefault("font", {})
            # legends grow with the type but need not reach label size
            legend_font["size"] = _bigger(legend_font.get("size", 11), scale, 0)
            legend_font["color"] = colours.ink
    for annotation in layout.get("annotations", []):
        annotation_font = annotation.setdefault("font", {})
        annotation_font.setdefault("color", colours.ink)
        annotation_font["size"] = _bigger(
            annotation_font.get("size", 12), scale, min_font
        )


def _theme_trace(trace: dict, colours: Theme, scale: float, min_font: int) -> None:
    textfont = trace.get("textfont")
    if textfont:
        if "size" in textfont:
            textfont["size"] = _bigger(textfont["size"], scale, min_font)
        textfont["color"] = _recolour(textfont.get("color"), colours)
    for part in (trace.get("line"), trace.get("marker")):
        if part and "color" in part:
            part["color"] = _recolour(part["color"], colours)
            if isinstance(part.get("line"), dict) and "color" in part["line"]:
                part["line"]["color"] = _recolour(part["line"]["color"], colours)
    if trace.get("type") == "choropleth" and "marker" in trace:
        trace["marker"].setdefault("line", {})["color"] = colours.paper


def _bigger(size, scale: float, min_font: int):
    """A font size grown by ``scale`` and at least ``min_font`` (lists too)."""
    if isinstance(size, list):
        return [_bigger(one, scale, min_font) for one in size]
    if not isinstance(size, (int, float)):
        return size
    return max(round(size * scale), min_font)


def _recolour(colour, theme: Theme):
    """Swap the light theme's ink and neutral grey for the theme's own."""
    if isinstance(colour, np.ndarray):  # one colour per point: each distinct once
        distinct, inverse = np.unique(colour, return_inverse=True)
        return np.array([_recolour(one, theme) for one in distinct])[inverse]
    if isinstance(colour, list):
        return [_recolour(one, theme) for one in colour]
    if not isinstance(colour, str) or theme is _LIGHT:
        return colour
    if colour.upper() == _LIGHT.neutral.upper():
        return theme.neutral
    if colour.startswith(_NEUTRAL_RGBA):
        red, green, blue = (int(theme.neutral[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgba({red},{green},{blue}," + colour[len(_NEUTRAL_RGBA) :]
    if _RGBA_INK.match(colour):
        return f"rgba({theme.ink_rgb}," + colour[len("rgba(20,20,20,") :]
    if colour.lower() in ("#1a1a1a", "#333333"):
        return theme.ink
    return colour
