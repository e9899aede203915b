"""Slide-ready figures: the title, the date window, the active filters, the
legend and a source line stamped on the figure itself, sized for a 16:9 slide.

A 16:9 slide is 13.333 x 7.5 in, 960 x 540 pt. Slide figures are drawn on a
canvas of that many CSS pixels, one pixel per point, so that a type size in
pixels is the size in points the text has on a slide the image fills (and no
text is under `MIN_POINTS`); PNGs are rendered `IMAGE_SCALE` times larger,
which sharpens everything alike, and a PDF's page is the slide's 960 x 540
pt (`PDF_SCALE`). A deck's picture is drawn the same way at
its size on the slide (`slide_frame`), so its labels keep their points too.
A briefer puts the image on a slide as it is; nothing needs retouching.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.core.choices import filter_words
from dashboard.core.describe import plural, window_label
from dashboard.core.text import isolated, markup, shortened
from dashboard.core.view import View
from dashboard.figures.common import entry_width, legend_rows
from dashboard.figures.theme import LIGHT, Theme, larger_type, theme_for

__all__ = [
    "IMAGE_SCALE",
    "MIN_POINTS",
    "PDF_SCALE",
    "SLIDE_POINTS",
    "SLIDE_SIZE",
    "Box",
    "SlideFrame",
    "SlideWords",
    "filters_label",
    "picture_figure",
    "plot_box",
    "plot_size",
    "shared_box",
    "slide_figure",
    "slide_frame",
    "slide_theme",
    "slide_words",
    "sources_label",
]

SLIDE_POINTS = (960, 540)  # a 16:9 slide in points: the canvas, in CSS px
SLIDE_SIZE = (1600, 900)  # a PNG's pixels at 1x: 3200 x 1800 at 2x
IMAGE_SCALE = SLIDE_SIZE[0] / SLIDE_POINTS[0]
#: A PDF's page is the slide itself, 960 x 540 pt: Chromium prints 96 CSS px
#: to the inch and PDF counts 72 pt, so the canvas is printed 4/3 larger
#: (at IMAGE_SCALE it was 1200 x 675 pt, which a slide tool had to shrink).
PDF_SCALE = 96 / 72
MIN_POINTS = 14  # no text on a slide smaller than this
SLIDE_FONT = 16  # the figures' labels on a slide, px = pt
#: Type sizes of the slide's own words (pt): title, subtitle, caption, quote,
#: and the filter and source lines.
TITLE, SUBTITLE, CAPTION, QUOTE, NOTE = 26, 18, 16, 15, MIN_POINTS
SMALLEST_TITLE = 20  # a long title shrinks to this to keep to one line
_MARGIN, _COLUMN, _GAP = 24, 300, 20  # sides, the words' column and the gap
#: Mean character widths (em) and line height: generous for DejaVu Sans
#: (0.52 and 0.59 measured in its regular and bold), wider than Calibri.
_CHAR, _BOLD_CHAR, _LINE = 0.6, 0.62, 1.3


def slide_theme(name: str = "light") -> Theme:
    """The theme slide figures are drawn in: ``name``'s colours, labels of
    SLIDE_FONT and no text under MIN_POINTS (legends included).

    >>> slide_theme("dark").label_size, slide_theme().legend_size
    (16, 15)
    """
    theme = larger_type(theme_for(name), SLIDE_FONT)
    # larger_type lets legends lag behind the labels; on a slide not that far
    return replace(theme, legend_size=max(theme.legend_size, MIN_POINTS))


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points from its top left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class SlideWords:
    """What a slide says besides its figure, each once: the title, the window
    and counts, the caption and quote (optional), the filters and sources."""

    title: str
    subtitle: str
    shown: str
    source: str
    caption: str = ""
    quote: str = ""
    drawn: str = ""  # "Drawn: ...": what the figure draws, when not every relation


@dataclass(frozen=True)
class SlideFrame:
    """Where each part of a slide goes, and its words wrapped to fit."""

    title: Box
    subtitle: Box
    figure: Box  # the figure with its legend
    words: Box | None  # the caption and quote, right of the figure
    notes: Box  # the filter and source lines
    title_lines: list[str]
    title_size: int
    note_lines: list[str]
    caption_lines: list[str]
    quote_lines: list[str]
    caption_size: int
    quote_size: int
    caption: str = ""  # the words as the slide shows them: cut when too long
    quote: str = ""
    title_text: str = ""


def slide_words(
    view: View,
    relations: pd.DataFrame,
    names: dict[str, str],
    *,
    title: str,
    caption: str = "",
    quote: str = "",
    kind_groups: dict[str, list[str]] | None = None,
    every: dict[str, Sequence[str]] | None = None,
    drawn: str = "",
    highlighted: int = 0,
    notes: Sequence[str] = (),
    faded: int = 0,
) -> SlideWords:
    """The words of a slide of ``view`` showing ``relations``; a one-day
    window is that day ("21 Nov 2025"). ``drawn``: what the figure draws of
    them when not every one (`Scene.drawn_words`); ``highlighted``: how many
    of them a selection (a story step's) draws at full strength; ``notes``:
    see `filters_label`; ``faded``: how many actors the figure draws faded
    for having no relation shown (`Scene.faded_count`), which the subtitle
    counts beside those it shows: "2 relations among 3 actors · 11 actors
    with none, faded"."""
    shown = filters_label(
        view, names, kind_groups=kind_groups, every=every, notes=notes
    )
    if highlighted:
        shown += f" · {plural(highlighted, 'relation')} highlighted"
    involved = set(relations["source"]) | set(relations["target"])
    subtitle = (
        f"{window_label(view.start, view.end)} · "
        f"{plural(len(relations), 'relation')} among {plural(len(involved), 'actor')}"
    )
    if faded:
        subtitle += f" · {plural(faded, 'actor')} with none, faded"
    return SlideWords(
        title=title,
        subtitle=subtitle,
        shown=f"Shown: {shown}",
        source="Source: " + sources_label(relations) + " · made with Alliance Atlas",
        caption=caption,
        quote=quote,
        drawn=f"Drawn: {drawn}" if drawn else "",
    )


def _paragraphs(
    text: str, size: float, width: float, *, bold: bool = False
) -> list[list[str]]:
    """Each of ``text``'s own lines (a quote's, as written; a blank one
    kept) in lines that fit ``width`` pt at ``size`` pt (a generous estimate
    of DejaVu Sans, wider than Calibri, so both fit)."""
    per_line = max(int(width / (size * (_BOLD_CHAR if bold else _CHAR))), 8)
    return [textwrap.wrap(line, per_line) or [""] for line in text.splitlines()]


def _wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """``text`` in lines that fit ``width`` pt at ``size`` pt, broken where
    it breaks too, as the page shows a quote (white-space: pre-line)."""
    return [
        line for lines in _paragraphs(text, size, width, bold=bold) for line in lines
    ]


def _shortened(
    text: str, size: float, width: float, room: int
) -> tuple[list[str], str]:
    """The first ``room`` lines of ``text`` wrapped (see `_wrap`), the last
    ending in "…", and the words they say, with ``text``'s own line breaks."""
    lines: list[str] = []
    said: list[list[str]] = []
    for paragraph in _paragraphs(text, size, width):
        taken = paragraph[: max(room - len(lines), 0)]
        if not taken:
            break
        lines += taken
        said.append(taken)
    if not lines:
        return [], ""
    lines[-1] = said[-1][-1] = lines[-1].rstrip(".,;: ") + " …"
    return lines, "\n".join(" ".join(paragraph) for paragraph in said)


def _lines_height(lines: int, size: float) -> float:
    return lines * size * _LINE


def slide_frame(words: SlideWords) -> SlideFrame:
    """The slide's layout in points: title and subtitle on top, the figure
    (and, when there are words, the caption and quote in a column at its
    right), the filter and source lines at the bottom. Text that would not
    fit its column is made smaller, down to MIN_POINTS, then cut with "…".

    >>> frame = slide_frame(SlideWords("T", "1 Dec 2025", "Shown: all", "Source: x"))
    >>> frame.words is None, frame.figure.width
    (True, 912)
    """
    width, height = SLIDE_POINTS
    inner = width - 2 * _MARGIN
    title_size = next(
        (size for size in range(TITLE, SMALLEST_TITLE - 1, -2)
         if len(words.title) * size * _BOLD_CHAR <= inner),
        TITLE,
    )  # fmt: skip
    title_lines = _wrap(words.title, title_size, inner, bold=True)
    title_text = words.title
    if len(title_lines) > 2:  # a title, not a paragraph
        title_lines = [title_lines[0], title_lines[1].rstrip(".,;: ") + " …"]
        title_text = " ".join(title_lines)
    top = 14
    title = Box(_MARGIN, top, inner, _lines_height(len(title_lines), title_size))
    subtitle = Box(_MARGIN, title.bottom + 4, inner, _lines_height(1, SUBTITLE))
    note_lines = [
        line
        for text in (words.shown, words.drawn, words.source)
        for line in _wrap(text, NOTE, inner)
    ]
    notes_height = _lines_height(len(note_lines), NOTE)
    notes = Box(_MARGIN, height - 10 - notes_height, inner, notes_height)
    figure_top = subtitle.bottom + 12
    figure_height = notes.top - 8 - figure_top
    if not (words.caption or words.quote):
        return SlideFrame(
            title, subtitle, Box(_MARGIN, figure_top, inner, figure_height), None,
            notes, title_lines, title_size, note_lines, [], [], CAPTION, QUOTE,
            title_text=title_text,
        )  # fmt: skip
    figure = Box(_MARGIN, figure_top, inner - _COLUMN - _GAP, figure_height)
    column = Box(figure.left + figure.width + _GAP, figure_top, _COLUMN, figure_height)
    texts = [words.caption, words.quote]
    for caption_size, quote_size in ((CAPTION, QUOTE), (MIN_POINTS, MIN_POINTS)):
        caption = _wrap(words.caption, caption_size, _COLUMN)
        quote = _wrap(words.quote, quote_size, _COLUMN)
        used = _lines_height(len(caption), caption_size) + _lines_height(
            len(quote), quote_size
        )
        if used + (quote_size if caption and quote else 0) <= column.height:
            break
    else:  # still too long at the smallest size: cut the quote, then the caption
        room = int(column.height // (MIN_POINTS * _LINE))
        if len(caption) > room:
            caption, texts[0] = _shortened(words.caption, MIN_POINTS, _COLUMN, room)
            quote, texts[1] = [], ""
        else:  # a blank line between them
            quote, texts[1] = _shortened(
                words.quote, MIN_POINTS, _COLUMN, room - len(caption) - 1
            )
    return SlideFrame(
        title, subtitle, figure, column, notes, title_lines, title_size, note_lines,
        caption, quote, caption_size, quote_size, *texts, title_text,
    )  # fmt: skip


def _legend_entries(figure: dict) -> list[str]:
    """The names the figure's legends list (a slide puts the blocs' in the
    main legend: `_one_legend`)."""
    return [
        str(trace["name"])
        for trace in figure.get("data", [])
        if trace.get("showlegend", True)
        and trace.get("legend", "legend") in ("legend", "legend2")
        and trace.get("name")
    ]


def _legend_room(
    figure: dict, box: Box, size: float, *, below: bool = False
) -> tuple[str, float]:
    """Where ``figure``'s legend goes in ``box`` (pt) and the room it takes:
    ("right", width) beside a wide box (the map keeps its height: the world
    is wide), else, or always when ``below``, ("below", height), its entries
    in rows of columns as wide as the widest, as plotly wraps them."""
    # each entry as DejaVu Sans draws it (a mean letter's width made a long
    # bloc's name a column alone)
    items = [entry_width(name, size) for name in _legend_entries(figure)]
    if not items:
        return "below", 0
    row = size * 1.75
    column = max(items) + 12
    if (
        not below
        and box.width >= 2 * box.height
        and len(items) * row + 10 <= box.height
        and column <= 0.3 * box.width
    ):
        return "right", column
    return "below", 10 + legend_rows(items, box.width) * row


def plot_size(
    figure: dict, box: Box, *, theme: Theme = LIGHT, legend_below: bool = False
) -> tuple[float, float]:
    """The room (width, height pt = CSS px) ``figure`` has for its map or
    graph in ``box`` of a slide, once its legend has its place (below it,
    whatever its entries, with ``legend_below``): what the figure is drawn
    again for, so that the map fills it and its labels sit where they do
    not collide."""
    plot = plot_box(figure, box, theme=theme, legend_below=legend_below)[1]
    return plot.width, plot.height


def plot_box(
    figure: dict, box: Box, *, theme: Theme = LIGHT, legend_below: bool = False
) -> tuple[str, Box]:
    """Where ``figure``'s legend goes in ``box`` ("right" or "below") and
    the box left for its map or graph (see `plot_size`)."""
    where, room = _legend_room(figure, box, theme.legend_size, below=legend_below)
    if where == "right":
        return where, Box(box.left, box.top, box.width - room, box.height)
    return where, Box(box.left, box.top, box.width, box.height - room)


def shared_box(boxes: Sequence[Box]) -> Box:
    """The part of the slide all ``boxes`` cover: where the frames of a
    time-lapse draw their figure, so that it keeps its place and size.

    >>> shared_box([Box(10, 80, 900, 300), Box(10, 70, 900, 290)])
    Box(left=10, top=80, width=900, height=280)
    """
    left, top = max(box.left for box in boxes), max(box.top for box in boxes)
    right = min(box.left + box.width for box in boxes)
    return Box(left, top, right - left, min(box.bottom for box in boxes) - top)


def _one_legend(figure: dict) -> None:
    """The blocs' entries moved into ``figure``'s main legend: a slide places
    one legend, beside or below the figure."""
    for trace in figure.get("data", []):
        if trace.get("legend") == "legend2":
            trace["legend"] = "legend"
    figure.get("layout", {}).pop("legend2", None)


def _place_legend(layout: dict, where: str, gap: float, plot: Box) -> None:
    """The legend below the plot, or at its right ``gap`` pt away."""
    if "legend" not in layout:
        return
    if where == "right":
        layout["legend"].update(
            orientation="v", x=1 + gap / plot.width, xanchor="left", y=1,
            yref="paper", yanchor="top",
        )  # fmt: skip
    else:
        layout["legend"].update(yref="paper", y=0, yanchor="top", x=0, xanchor="left")


def picture_figure(figure: dict, box: Box, *, theme: Theme = LIGHT) -> dict:
    """``figure`` (drawn in the `slide_theme`) alone, with its legend, at the
    size ``box`` has on the slide: a deck's picture, whose title, window,
    filters and sources are the slide's own text. Its map or graph fills
    what its legend leaves, the room `plot_size` gave the labels, as in
    `slide_figure`: the network kept the page's 4 px margins, and its names,
    placed for 592 px, were drawn in 584, nearer the markers than in the PNG
    or PDF of the same slide."""
    out = copy.deepcopy(figure)
    _one_legend(out)
    layout = out["layout"]
    layout.update(width=round(box.width), height=round(box.height))
    layout.pop("title", None)
    layout.pop("uirevision", None)
    layout["annotations"] = []
    where, room = _legend_room(out, box, theme.legend_size)
    margin = {"l": 0, "r": 0, "t": 0, "b": 0, "autoexpand": False}
    margin["r" if where == "right" else "b"] = room
    layout["margin"] = margin
    plot = Box(0, 0, box.width - (room if where == "right" else 0), box.height)
    _place_legend(layout, where, 12, plot)
    return out


def slide_figure(
    figure: dict,
    *,
    title: str,
    view: View,
    relations: pd.DataFrame,
    names: dict[str, str],
    theme: Theme = LIGHT,
    caption: str = "",
    quote: str = "",
    kind_groups: dict[str, list[str]] | None = None,
    every: dict[str, Sequence[str]] | None = None,
    drawn: str = "",
    highlighted: int = 0,
    legend_below: bool = False,
    plot: Box | None = None,
    notes: Sequence[str] = (),
    faded: int = 0,
) -> dict:
    """``figure`` (drawn in ``theme``, for large type the `slide_theme`) as a
    finished slide: title and window on top, the ``caption`` and ``quote``
    (when given) in a column at the right, filters, what is ``drawn`` and
    ``highlighted`` (see `slide_words`) and sources at the bottom, the
    actors drawn ``faded`` counted under the title, legend kept (below the
    figure with ``legend_below``, see `plot_size`); 960 x 540 CSS
    px, one per point of a slide, the words in ``theme``'s ink; the filters
    as the page's chips name them (``kind_groups`` and ``every``: see
    `filters_label`). ``plot``: the figure's own box, its legend below it
    (default: what the words and the legend leave; see `shared_box`)."""
    words = slide_words(
        view, relations, names, title=title, caption=caption, quote=quote,
        kind_groups=kind_groups, every=every, drawn=drawn, highlighted=highlighted,
        notes=notes, faded=faded,
    )  # fmt: skip
    frame = slide_frame(words)
    out = copy.deepcopy(figure)
    _one_legend(out)
    layout = out["layout"]
    width, height = SLIDE_POINTS
    if plot is None:
        where, plot = plot_box(
            out, frame.figure, theme=theme, legend_below=legend_below
        )
    else:  # a time-lapse's, its legend below
        where = "below"
    layout.update(width=width, height=height)
    layout.pop("title", None)
    layout.pop("uirevision", None)
    layout["margin"] = {
        "l": plot.left,
        "r": width - plot.left - plot.width,
        "t": plot.top,
        "b": height - plot.bottom,
        "autoexpand": False,
    }
    _place_legend(layout, where, 12, plot)

    def note(lines, left, top, size, *, bold=False, italic=False):
        """Lines of text whose top left corner is at (left, top) pt."""
        text = "<br>".join(markup(line) for line in lines)
        if bold:
            text = f"<b>{text}</b>"
        if italic:
            text = f"<i>{text}</i>"
        return {
            "text": text,
            "xref": "paper",
            "yref": "paper",
            "x": (left - plot.left) / plot.width,
            "xanchor": "left",
            "y": (height - top - (height - plot.bottom)) / plot.height,
            "yanchor": "top",
            "showarrow": False,
            "font": {"size": size, "color": theme.ink},
            "align": "left",
        }

    notes = [
        note(
            frame.title_lines,
            frame.title.left,
            frame.title.top,
            frame.title_size,
            bold=True,
        ),
        note([words.subtitle], frame.subtitle.left, frame.subtitle.top, SUBTITLE),
        note(frame.note_lines, frame.notes.left, frame.notes.top, NOTE),
    ]
    if frame.words is not None:
        top = frame.words.top
        if frame.caption_lines:
            notes.append(
                note(frame.caption_lines, frame.words.left, top, frame.caption_size)
            )
            top += _lines_height(len(frame.caption_lines), frame.caption_size)
            top += frame.quote_size
        if frame.quote_lines:
            notes.append(
                note(frame.quote_lines, frame.words.left, top, frame.quote_size,
                     italic=True)
            )  # fmt: skip
    layout["annotations"] = list(layout.get("annotations", [])) + notes
    return out


def filters_label(
    view: View,
    names: dict[str, str],
    *,
    kind_groups: dict[str, list[str]] | None = None,
    every: dict[str, Sequence[str]] | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The view's filters in words, as the page's chips say them, and its
    analyses: ``conflictual only · confirmed only · Russia highlighted``.
    ``kind_groups`` and ``every`` (see `filter_words`) shorten the kinds;
    ``notes``: what the view's counts need said beside them (`Scene.notes`).

    >>> from datetime import date
    >>> filters_label(View(date(2025, 1, 1), date(2025, 2, 1), states=True), {})
    'all relation kinds · states only'
    >>> filters_label(View(date(2025, 1, 1), date(2025, 2, 1),
    ...                    compare=date(2025, 1, 8)), {})
    'all relation kinds · change at 8 Jan 2025'
    >>> kinds = ("call", "meeting", "support", "threat")
    >>> every = {"kinds": [*kinds, *"abcdefghi"]}
    >>> filters_label(View(date(2025, 1, 1), date(2025, 2, 1), kinds=kinds), {},
    ...               every=every)
    'call, meeting, support, threat only'
    >>> filters_label(View(date(2025, 1, 1), date(2025, 2, 1),
    ...                    kinds=(*kinds, *"abcde")), {}, every=every)
    'all relation kinds but f, g, h, i'
    >>> filters_label(View(date(2025, 1, 1), date(2025, 2, 1),
    ...                    kinds=tuple("abcdefghi")), {}, every={"kinds": "abcdefghijklmnopqrstu"})
    '9 of 21 relation kinds: a, b, c, d, e, f, g, h, i'
    >>> filters_label(View(date(2025, 1, 1), date(2025, 2, 1), kinds=()), {},
    ...               every=every)
    'no relation kinds'
    """
    words = filter_words(view, names, kind_groups=kind_groups, every=every)
    # a slide has the room a chip has not: "call, meeting, support, threat
    # only", or "all relation kinds but ...", where "4 of 21 relation kinds"
    # left the audience guessing
    chosen = view.kinds or ()
    left_out = [kind for kind in (every or {}).get("kinds", ()) if kind not in chosen]
    # none left out: every kind named one by one, "all relation kinds" already
    if chosen and left_out and words.get("kinds", "").endswith(" relation kinds"):
        if len(chosen) <= 8:
            words["kinds"] = ", ".join(chosen) + " only"
        elif len(left_out) <= 6:
            words["kinds"] = "all relation kinds but " + ", ".join(left_out)
        else:  # too many either way: the first kept, and how many more
            words["kinds"] = f"{words['kinds']}: {_first_few(chosen)}"
    # "all relations · confirmed only" read as a contradiction
    parts = [] if "kinds" in words else ["all relation kinds"]
    parts += words.values()
    if view.focus and "depth" not in words:
        parts.append(f"{isolated(str(names.get(view.focus, view.focus)))} highlighted")
    return " · ".join([*parts, *notes])


def _first_few(names: Sequence[str], limit: int = 80) -> str:
    """``names`` joined while they fit in ``limit`` characters, then how many
    more.

    >>> _first_few(["call", "meeting", "support"], limit=14)
    'call, meeting and 1 more'
    """
    text = names[0]
    for shown, name in enumerate(names[1:], start=1):
        if len(text) + 2 + len(name) > limit:
            return f"{text} and {len(names) - shown} more"
        text += ", " + name
    return text


def sources_label(relations: pd.DataFrame, limit: int = 150) -> str:
    """The documents behind the relations shown, most used first, shortened
    to fit one line of a slide; a relation without one (GDELT's, ICEWS's)
    counts under its origin: an image of the article over 1,843 imported
    events had said "Source: Guacamaya" alone."""
    if relations.empty:
        return "no relation shown"
    blank = pd.Series("", index=relations.index)
    documents = relations.get("source_document", blank).fillna("").astype(str)
    origins = relations.get("origin", blank).fillna("").astype(str)
    documents = documents.where(documents.str.strip() != "", origins)
    documents = documents[documents.str.strip() != ""]
    counts = documents.value_counts()
    text = ""
    for shown, document in enumerate(counts.index, start=1):
        # each in its own direction: two right-to-left titles side by side ran
        # together as one, the "; " between them moved, and so read as others
        document = isolated(str(document))
        candidate = f"{text}; {document}" if text else document
        rest = len(counts) - shown
        if len(candidate) > limit and text:
            return f"{text} and {plural(rest + 1, 'other source')}"
        text = candidate
    return shortened(text, limit + 40)  # one long title: cut, and says so
