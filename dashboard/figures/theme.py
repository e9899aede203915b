"""Themes as values: the colours and type sizes every figure builder draws with.

A builder takes a `Theme` and writes its colours and sizes as it draws, so a
figure is born in its theme: the light default, the dark one for screens, the
presentation look (large type, high contrast) for projectors, and slides.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = [
    "DARK",
    "LIGHT",
    "PRESENT_FONT",
    "Theme",
    "larger_type",
    "on_a_large_screen",
    "theme_for",
]

#: The smallest text of the presentation look, in CSS px at 1920x1080: labels
#: must read from the back of a classroom.
PRESENT_FONT = 18
#: ... and on a large screen, where the page's own type grows by as much
#: (assets/atlas.css): at 18 px the figures' names read smaller than the header
PRESENT_FONT_LARGE = 22
#: The page's size (CSS px) from which a presentation's type is larger: the
#: media query of assets/atlas.css that makes the page's own larger
LARGE_SCREEN = (1600, 900)


@dataclass(frozen=True)
class Theme:
    """How figures look: colours (CSS colour strings) and type sizes (px).

    ``halo`` outlines markers and country borders and ``neutral`` colours the
    neutral stance; both fade with what they draw, so they are ``#rrggbb``;
    so is ``edge``, the outline of the map's markers, which lie on their
    country's tint (the paper's dark halo hid Russia's blue square on
    Russia's blue).
    """

    name: str
    paper: str
    ink: str
    label_rgb: str  # the actors' names, as "r,g,b": they fade with their actor
    land: str
    ocean: str
    borders: str
    coastline: str
    grid: str
    legend_bg: str
    legend_line: str  # the confidence samples in the legend
    neutral: str  # the neutral stance: grey that stays visible on the paper
    halo: str
    window_rgb: str  # the date window on the time bars, as "r,g,b"
    symbol: str  # the kind-of-actor samples in the legend
    edge: str  # the map markers' outline
    font_size: int = 12  # axes and the figure's own text
    label_size: int = 13  # actors' names on the graph
    map_label_size: int = 11  # actors' names on the map, where they crowd more
    legend_size: int = 11
    hover_size: int = 13
    min_font: int = 0  # no text but the legends smaller than this
    #: a dimmed actor's marker, its opacity: on the dark paper 0.28 left
    #: Russia's blue and Venezuela's ochre all but unseen
    marker_dim: float = 0.28

    def label_ink(self, alpha: float) -> str:
        """The colour of an actor's name at ``alpha``."""
        return f"rgba({self.label_rgb},{alpha})"

    @property
    def label_shadow(self) -> str:
        """A halo in the paper's colour around actors' names (CSS
        text-shadow): legible over the lines and markers of a crowd."""
        return f"0 0 2px {self.halo}, 0 0 2px {self.halo}, 0 0 3px {self.halo}"

    def window(self, alpha: float = 1.0) -> str:
        """The date window's colour at ``alpha``."""
        return f"rgba({self.window_rgb},{alpha})"


LIGHT = Theme(
    name="light",
    paper="white",
    ink="#1a1a1a",
    label_rgb="20,20,20",
    land="#f2f1ec",
    ocean="#e8f1f7",
    borders="#b9b9b9",
    coastline="#9a9a9a",
    grid="#eeeeee",
    legend_bg="rgba(255,255,255,0.85)",
    legend_line="#333333",
    neutral="#6E6E6E",
    halo="#ffffff",
    window_rgb="0,114,178",
    symbol="#888888",
    edge="#ffffff",
)

DARK = Theme(
    name="dark",
    paper="#16191d",
    ink="#f0f0f0",
    label_rgb="240,240,240",
    land="#2a2f36",
    ocean="#1b2630",
    borders="#5c646e",
    coastline="#5c646e",
    grid="#333940",
    legend_bg="rgba(22,25,29,0.85)",
    legend_line="#f0f0f0",
    neutral="#B4B4B4",
    halo="#16191d",
    window_rgb="86,180,233",
    symbol="#9a9a9a",
    edge="#e6e6e6",
    marker_dim=0.5,
)

_THEMES = {"light": LIGHT, "dark": DARK}
#: High contrast for projectors: pure black (white) ink, as the page's own
#: presentation mode (assets/atlas.css).
_CONTRAST = {
    "light": {"ink": "#000000", "label_rgb": "0,0,0", "legend_line": "#000000"},
    "dark": {"ink": "#ffffff", "label_rgb": "255,255,255", "legend_line": "#ffffff"},
}


def theme_for(
    name: str = "light", *, present: bool = False, large: bool = False
) -> Theme:
    """The theme called ``name`` ("light" or "dark"; others fall back to light),
    in the presentation look when ``present``, its type larger when ``large``
    (`on_a_large_screen`).

    >>> theme_for("dark").paper
    '#16191d'
    >>> theme_for(present=True).map_label_size
    18
    >>> theme_for(present=True, large=True).legend_size
    20
    """
    theme = _THEMES.get(name, LIGHT)
    if not present:
        return theme
    font = PRESENT_FONT_LARGE if large else PRESENT_FONT
    return larger_type(replace(theme, **_CONTRAST[theme.name]), font)


def on_a_large_screen(sizes: dict[str, tuple[float, float]]) -> bool:
    """Whether the page the figures are on (``sizes["page"]``: (width,
    height) px, as the page measured it) is one whose own type grows.

    >>> on_a_large_screen({"page": (1920, 1080)}), on_a_large_screen({"page": (1280, 720)})
    (True, False)
    >>> on_a_large_screen({})
    False
    """
    width, height = sizes.get("page", (0, 0))
    return width >= LARGE_SCREEN[0] and height >= LARGE_SCREEN[1]


def larger_type(theme: Theme, min_font: int) -> Theme:
    """``theme`` with no text under ``min_font`` px: slides and the
    presentation mode. Legends grow as much as the base type, but need not
    reach ``min_font``: they would take half the figure.

    >>> slide = larger_type(LIGHT, 16)
    >>> slide.label_size, slide.map_label_size, slide.legend_size, slide.hover_size
    (16, 16, 15, 13)
    """
    if min_font <= theme.min_font:
        return theme
    scale = max(min_font / theme.font_size, 1.0)
    return replace(
        theme,
        font_size=max(theme.font_size, min_font),
        label_size=max(theme.label_size, min_font),
        map_label_size=max(theme.map_label_size, min_font),
        legend_size=max(theme.legend_size, round(theme.legend_size * scale)),
        # a hover's lines are up to 64 characters (quotes are wrapped there):
        # at 18 px one was wider than the projected map at 1280x720, cut off
        # (14 px in presentation there, near the desk's 13)
        hover_size=max(theme.hover_size, min_font - 4),
        min_font=min_font,
    )
