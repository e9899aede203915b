"""Briefing output: slide-ready images of a view, and decks (PowerPoint or PDF)
with one slide per view or per story step.

The page's buttons, the command line and the tests all come through here, so
an image looks the same wherever it is made.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.core.describe import chains_words, quote_or_summary
from dashboard.core.stories import Story, step_view
from dashboard.core.text import shortened
from dashboard.core.urlstate import MapCamera, over_step, parse_display, to_query
from dashboard.core.view import View
from dashboard.figures.common import highlighted
from dashboard.figures.scene import make_scene
from dashboard.outputs.imaging import render_image, title_pdf
from dashboard.outputs.slides import (
    CAPTION,
    IMAGE_SCALE,
    NOTE,
    PDF_SCALE,
    SLIDE_POINTS,
    SUBTITLE,
    Box,
    picture_figure,
    plot_size,
    slide_figure,
    slide_frame,
    slide_theme,
    slide_words,
)

if TYPE_CHECKING:
    from dashboard.core.model import AppData

__all__ = [
    "Slide",
    "make_deck",
    "step_slide",
    "story_slides",
    "view_image",
    "view_slide",
]


@dataclass(frozen=True)
class Slide:
    """One slide: a view, what to highlight, and the words that go with it."""

    view: View
    title: str
    caption: str = ""
    quote: str = ""  # verbatim, with its source
    selection: dict | None = None  # {"relation": "r1|r2"} drawn at full strength
    camera: MapCamera | None = None  # where the user took the map; None: framed


def view_slide(data: AppData, view: View, title: str, selection=None) -> Slide:
    """The current view as a slide; its caption is a path's shortest chains
    when it traces one (as the Path tab says them), else the plain-language
    summary's busiest pairs (its window and counts are the slide's subtitle
    already)."""
    scene = make_scene(data, view, selection=selection)
    if view.path:
        path = scene.shown.path
        heading, said = chains_words(
            path.paths if path else [], view.path, data.names, path.total if path else 0
        )
        caption = f"{heading}: {'; '.join(said)}." if said else heading
    else:
        _, _, pairs = scene.summary.partition("; ")
        caption = f"The busiest pairs: {pairs}" if pairs else ""
    return Slide(view=view, title=title, caption=caption, selection=selection)


def story_slides(data: AppData, story: Story) -> list[Slide]:
    """A slide per step of ``story``, with its caption and quote."""
    relations = data.dataset.relations.set_index("id")
    slides = []
    for number, step in enumerate(story.steps, start=1):
        quote = ""
        if step.quote:
            row = relations.loc[step.quote]
            by = row["reported_by"] if isinstance(row["reported_by"], str) else ""
            quote = f"“{quote_or_summary(row)}” ({by or row['origin']})"
        slides.append(
            Slide(
                view=step_view(step),
                title=f"{number}. {step.title}",
                caption=step.caption,
                quote=quote,
                selection={"relation": "|".join(step.relations)}
                if step.relations
                else None,
            )
        )
    return slides


def step_slide(data: AppData, query: str) -> tuple[Slide | None, list[str]]:
    """The slide of the story step a link shows (``?story=NAME&step=N``,
    as the page's address says it), its view with what the link adds (a
    filter), as the page shows it (`over_step`); None when the link names a
    window of its own (once a control changes, the link is the view); and
    notices for what it names wrongly. A step's link carries no window: read
    as a view, it was the whole span, highlighting nothing."""
    from dashboard.core.model import view_of

    steps = {name: len(story.steps) for name, story in data.stories.items()}
    display, notices = parse_display(query, steps)
    if display.story is None:
        return None, notices
    slide = story_slides(data, data.stories[display.story])[display.step - 1]
    shown = over_step(to_query(slide.view), query)
    if shown == (query or ""):  # the link names its own window
        return None, notices
    view = view_of(data, shown)
    return replace(slide, view=replace(view, notices=())), [*notices, *view.notices]


def view_image(
    data: AppData,
    slide: Slide,
    *,
    figure: str = "map",
    format: str = "png",
    scale: float = 2,
    theme: str = "light",
    caption: bool = False,
    keep_browser: bool = False,
) -> bytes:
    """The slide's map or graph as a finished image (title, window, filters,
    legend and sources on it), a 16:9 slide's worth: a PNG is 1600 x 900
    pixels times ``scale``, a PDF's page a slide, 960 x 540 pt, whatever
    ``scale``; ``caption`` adds the slide's caption and quote in a column at
    the right. A PDF's document title is the slide's title, figure and
    subtitle (`document_title`)."""
    finished, words = _finished(data, slide, figure, theme, caption)
    return render_image(
        finished,
        format=format,
        scale=PDF_SCALE if format == "pdf" else scale * IMAGE_SCALE,
        keep_browser=keep_browser,
        title=document_title(words.title, figure, words.subtitle),
    )


def document_title(title: str, figure: str, subtitle: str) -> str:
    """What a PDF of one view is called in a viewer's title bar and its file's
    properties: the slide's title, then the figure, window and counts.

    >>> document_title("Who backs whom", "graph", "1 Dec 2025 · 2 relations")
    'Who backs whom — network, 1 Dec 2025 · 2 relations'
    """
    what = "network" if figure == "graph" else "map"
    return f"{title} — {what}, {subtitle}"


def _scene_and_words(data, slide: Slide, theme: str, caption: bool, figure: str):
    """The slide's scene in the slide theme, its ``figure`` drawn for the
    room the slide gives it, and its words."""
    look = slide_theme(theme)
    scene = make_scene(
        data, slide.view, selection=slide.selection, theme=look, camera=slide.camera
    )
    words = slide_words(
        slide.view, scene.relations, data.names, title=slide.title,
        caption=slide.caption if caption else "",
        quote=slide.quote if caption else "",
        kind_groups=data.kind_groups,
        every=data.choices,
        drawn=scene.drawn_words(figure),
        faded=scene.faded_count(figure),
        notes=scene.notes_of(figure),
        highlighted=highlighted_count(scene.relations, slide.selection),
    )  # fmt: skip
    drawn = scene.map if figure == "map" else scene.graph
    room = plot_size(drawn, slide_frame(words).figure, theme=look)
    scene = make_scene(
        data, slide.view, selection=slide.selection, theme=look,
        plots={figure: room}, camera=slide.camera,
    )  # fmt: skip
    return look, scene, words


def _finished(data, slide: Slide, figure: str, theme: str, caption: bool):
    """The slide figure and its words."""
    look, scene, words = _scene_and_words(data, slide, theme, caption, figure)
    finished = slide_figure(
        scene.map if figure == "map" else scene.graph,
        title=words.title,
        view=slide.view,
        relations=scene.relations,
        names=data.names,
        theme=look,
        caption=words.caption,
        quote=words.quote,
        kind_groups=data.kind_groups,
        every=data.choices,
        drawn=scene.drawn_words(figure),
        faded=scene.faded_count(figure),
        notes=scene.notes_of(figure),
        highlighted=highlighted_count(scene.relations, slide.selection),
    )  # fmt: skip
    return finished, words


def highlighted_count(relations: pd.DataFrame, selection: dict | None) -> int:
    """How many of ``relations`` (shown) a relation ``selection`` draws at
    full strength (a story step's, a map arc's pair); 0 for none."""
    if not selection or not selection.get("relation"):
        return 0
    chosen = highlighted(relations, selection)[1] or set()
    return int(relations["id"].isin(chosen).sum())


def make_deck(
    data: AppData,
    slides: list[Slide],
    *,
    format: str = "pptx",
    figure: str = "map",
    theme: str = "light",
    keep_browser: bool = False,
    progress: Callable[[int], object] = lambda done: None,
    title: str = "",
) -> bytes:
    """A deck of ``slides``: PowerPoint (a picture and its words per slide) or
    PDF (one vector page per slide), titled ``title`` in its file's
    properties (a story's title; default: the data's). ``progress`` hears
    how many slides are done after each one."""
    title = shortened(title or data.title, 255)  # PowerPoint's limit: longer raised
    if format == "pdf":
        return _pdf_deck(data, slides, figure, theme, keep_browser, progress, title)
    return _pptx_deck(data, slides, figure, theme, keep_browser, progress, title)


#: How much sharper than its size on the slide a deck's picture is rendered:
#: 1 pt -> 3.3 px, about 240 pixels per inch.
PICTURE_SCALE = 2 * IMAGE_SCALE


def _pptx_deck(data, slides, figure, theme, keep_browser, progress, title) -> bytes:
    """A 16:9 deck: per slide, the title, window, caption, quote, filters and
    sources as text (each once, editable) and the figure with its legend as a
    picture drawn at its size on the slide, so its labels keep their points."""
    from pptx import Presentation
    from pptx.util import Pt

    deck = Presentation()
    deck.core_properties.title = title
    deck.slide_width, deck.slide_height = (Pt(size) for size in SLIDE_POINTS)
    blank = deck.slide_layouts[6]
    for done, slide in enumerate(slides, start=1):
        look, scene, words = _scene_and_words(data, slide, theme, True, figure)
        frame = slide_frame(words)
        picture = picture_figure(
            scene.map if figure == "map" else scene.graph, frame.figure, theme=look
        )
        image = render_image(
            picture, format="png", scale=PICTURE_SCALE, keep_browser=keep_browser
        )
        page = deck.slides.add_slide(blank)
        colour = _paint(page, look)
        _text(page, frame.title, [(frame.title_text, frame.title_size, "bold")], colour)
        _text(page, frame.subtitle, [(words.subtitle, SUBTITLE, "")], colour)
        box = frame.figure
        page.shapes.add_picture(
            io.BytesIO(image), Pt(box.left), Pt(box.top), width=Pt(box.width)
        )
        if frame.words is not None:
            paragraphs = [
                (text, size, style)
                for text, size, style in (
                    (frame.caption, frame.caption_size, ""),
                    (frame.quote, frame.quote_size, "italic"),
                )
                if text
            ]
            _text(page, frame.words, paragraphs, colour, gap=CAPTION)
        notes = (words.shown, words.drawn, words.source)
        _text(page, frame.notes, [(n, NOTE, "") for n in notes if n], colour)
        # the speaker's notes: what the slide says, to read from while presenting
        said = (frame.title_text, words.subtitle, words.caption, words.quote, *notes)
        page.notes_slide.notes_text_frame.text = "\n\n".join(n for n in said if n)
        progress(done)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _paint(page, theme):
    """The slide's background in the theme's paper (the dark theme's slides
    are dark around their picture too); returns the text colour, or None for
    the default black."""
    from pptx.dml.color import RGBColor

    if not theme.paper.startswith("#"):  # the light theme: white, black ink
        return None
    page.background.fill.solid()
    page.background.fill.fore_color.rgb = RGBColor.from_string(theme.paper[1:])
    return RGBColor.from_string(theme.ink[1:])


def _text(page, box: Box, paragraphs: list, colour=None, *, gap: float = 0) -> None:
    """A text box at ``box`` (pt) holding ``paragraphs``, each (text, size in
    pt, "bold", "italic" or ""), ``gap`` pt between them; sizes are set on
    the runs, so that PowerPoint lets a user change them."""
    from pptx.util import Pt

    shape = page.shapes.add_textbox(
        Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)
    )
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    frame.margin_top = frame.margin_bottom = 0
    for number, (text, size, style) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        if number and gap:
            paragraph.space_before = Pt(gap)
        # a quote's own line breaks as breaks within its paragraph: a run's
        # text holds none, <a:br/> between runs is PowerPoint's line break
        for line_number, line in enumerate(text.splitlines()):
            if line_number:
                paragraph.add_line_break()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = style == "bold"
            run.font.italic = style == "italic"
            if colour is not None:
                run.font.color.rgb = colour


def _pdf_deck(data, slides, figure, theme, keep_browser, progress, title) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for done, slide in enumerate(slides, start=1):
        page = view_image(
            data,
            slide,
            figure=figure,
            format="pdf",
            scale=1,
            theme=theme,
            caption=True,
            keep_browser=keep_browser,
        )
        for pdf_page in PdfReader(io.BytesIO(page)).pages:
            writer.add_page(pdf_page)
        progress(done)
    title_pdf(writer, title)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
