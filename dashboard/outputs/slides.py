"""Slide-ready figures: the title, the date window, the active filters, the
legend and a source line stamped on the figure itself, at a slide's 16:9 size.

A briefer puts the image on a slide as it is; nothing needs retouching.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import pandas as pd

from dashboard.core.choices import filter_words
from dashboard.core.describe import plural, window_label
from dashboard.core.text import markup
from dashboard.core.view import View
from dashboard.figures.theme import LIGHT, Theme, larger_type, theme_for

__all__ = [
    "SLIDE_SIZE",
    "filters_label",
    "slide_figure",
    "slide_theme",
    "sources_label",
]

SLIDE_SIZE = (1600, 900)  # CSS pixels: 3200 x 1800 at 2x, 4800 x 2700 at 3x
SLIDE_FONT = 16  # the smallest text on a slide, in CSS pixels
_TOP, _LEGEND, _BOTTOM = 96, 40, 60  # room for title, legend and source lines


def slide_theme(name: str = "light") -> Theme:
    """The theme slide figures are drawn in: ``name``'s colours, and no text
    under SLIDE_FONT.

    >>> slide_theme("dark").label_size
    16
    """
    return larger_type(theme_for(name), SLIDE_FONT)


def slide_figure(
    figure: dict,
    *,
    title: str,
    view: View,
    relations: pd.DataFrame,
    names: dict[str, str],
    theme: Theme = LIGHT,
    caption: str = "",
    kind_groups: dict[str, list[str]] | None = None,
    every: dict[str, Sequence[str]] | None = None,
) -> dict:
    """``figure`` (drawn in ``theme``, for large type the `slide_theme`) as a
    finished slide: title and window on top, filters and sources at the
    bottom, legend kept, 1600 x 900, the words in ``theme``'s ink; the
    filters as the page's chips name them (``kind_groups`` and ``every``:
    see `filters_label`)."""
    out = copy.deepcopy(figure)
    layout = out["layout"]
    width, height = SLIDE_SIZE
    if "legend" in layout:
        layout["legend"].update(y=0, yanchor="top", x=0, xanchor="left")
    involved = set(relations["source"]) | set(relations["target"])
    subtitle = (
        f"{window_label(view.start, view.end)} · "
        f"{plural(len(relations), 'relation')} among {plural(len(involved), 'actor')}"
    )
    caption_lines = caption.split("<br>") if caption else []
    top = _TOP + (26 * len(caption_lines) + 10 if caption_lines else 0)
    layout.update(width=width, height=height)
    layout.pop("title", None)
    # a one-row legend under the plot, then the filter and source lines
    layout["margin"] = {"l": 24, "r": 24, "t": top, "b": _LEGEND + _BOTTOM}
    plot_height = height - top - _LEGEND - _BOTTOM

    def note(text, pixels_from_bottom, size, *, bold=False, y_anchor="bottom"):
        """A line of text placed in pixels from the bottom of the image."""
        return {
            "text": f"<b>{text}</b>" if bold else text,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "xanchor": "left",
            "y": (pixels_from_bottom - _LEGEND - _BOTTOM) / plot_height,
            "yanchor": y_anchor,
            "showarrow": False,
            "font": {"size": size, "color": theme.ink},
            "align": "left",
        }

    notes = [
        note(_escape(title), height - 16, 28, bold=True, y_anchor="top"),
        note(_escape(subtitle), height - 56, 20, y_anchor="top"),
        note(
            "Shown: "
            + _escape(filters_label(view, names, kind_groups=kind_groups, every=every)),
            34,
            15,
        ),
        note(
            "Source: " + _escape(sources_label(relations)) + " · made with Alliance "
            "Atlas",
            12,
            15,
        ),
    ]
    for number, line in enumerate(caption_lines):
        notes.append(note(_escape(line), height - _TOP - 4 - 26 * number, 18,
                          y_anchor="top"))  # fmt: skip
    layout["annotations"] = list(layout.get("annotations", [])) + notes
    layout.pop("uirevision", None)
    return out


def filters_label(
    view: View,
    names: dict[str, str],
    *,
    kind_groups: dict[str, list[str]] | None = None,
    every: dict[str, Sequence[str]] | None = None,
) -> str:
    """The view's filters in words, as the page's chips say them, and its
    analyses: ``conflictual only · confirmed only · Russia highlighted``.
    ``kind_groups`` and ``every`` (see `filter_words`) shorten the kinds.

    >>> from datetime import date
    >>> filters_label(View(date(2025, 1, 1), date(2025, 2, 1), states=True), {})
    'all relations · states only'
    """
    words = filter_words(view, names, kind_groups=kind_groups, every=every)
    parts = [] if "kinds" in words else ["all relations"]
    parts += words.values()
    if view.focus and "depth" not in words:
        parts.append(f"{names.get(view.focus, view.focus)} highlighted")
    if view.path:
        parts.append("path " + " → ".join(names.get(end, end) for end in view.path))
    if view.compare:
        parts.append(f"change at {view.compare:%d %b %Y}")
    return " · ".join(parts)


def sources_label(relations: pd.DataFrame, limit: int = 150) -> str:
    """The documents behind the relations shown, most used first, shortened
    to fit one line of a slide."""
    if relations.empty:
        return "no relation shown"
    documents = relations.get("source_document", pd.Series(dtype=str)).fillna("")
    documents = documents[documents.str.strip() != ""]
    if documents.empty:
        documents = relations["origin"] if "origin" in relations else documents
    counts = documents.value_counts()
    text = ""
    for shown, document in enumerate(counts.index, start=1):
        candidate = f"{text}; {document}" if text else str(document)
        rest = len(counts) - shown
        if len(candidate) > limit and text:
            return f"{text} and {plural(rest + 1, 'other source')}"
        text = candidate
    return text[: limit + 40]


def _escape(text: str) -> str:
    """Plotly reads a subset of HTML in texts: keep '<' and '&' literal (the
    words of a slide are plain text; only the figure's annotations need this,
    never the PowerPoint text boxes of `briefing`)."""
    return markup(text)
