"""Briefing output: slide-ready images of a view, and decks (PowerPoint or PDF)
with one slide per view or per story step.

The page's buttons, the command line and the tests all come through here, so
an image looks the same wherever it is made.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dashboard.core.describe import quote_or_summary
from dashboard.core.stories import Story, step_view
from dashboard.core.view import View
from dashboard.core.vocabulary import CONFIDENCE_LEVELS
from dashboard.figures.scene import make_scene
from dashboard.outputs.imaging import render_image
from dashboard.outputs.slides import slide_figure, slide_theme, sources_label

if TYPE_CHECKING:
    from dashboard.core.model import AppData

__all__ = ["Slide", "make_deck", "story_slides", "view_image", "view_slide"]


@dataclass(frozen=True)
class Slide:
    """One slide: a view, what to highlight, and the words that go with it."""

    view: View
    title: str
    caption: str = ""
    quote: str = ""  # verbatim, with its source
    selection: dict | None = None  # {"relation": "r1|r2"} drawn at full strength


def view_slide(data: AppData, view: View, title: str, selection=None) -> Slide:
    """The current view as a slide; its caption is the plain-language summary."""
    return Slide(
        view=view,
        title=title,
        caption=make_scene(data, view, selection=selection).summary,
        selection=selection,
    )


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
    legend and sources on it); ``caption`` adds the slide's words above it."""
    finished, _ = _finished(data, slide, figure, theme, caption)
    return render_image(finished, format=format, scale=scale, keep_browser=keep_browser)


def _finished(data, slide: Slide, figure: str, theme: str, caption: bool):
    """The slide figure and the relations it shows."""
    look = slide_theme(theme)
    scene = make_scene(data, slide.view, selection=slide.selection, theme=look)
    words = ""
    if caption:
        words = "<br>".join(
            textwrap.wrap(slide.caption, 150) + textwrap.wrap(slide.quote, 150)
        )
    finished = slide_figure(
        scene.map if figure == "map" else scene.graph,
        title=slide.title,
        view=slide.view,
        relations=scene.relations,
        names=data.names,
        theme=look,
        caption=words,
        kind_groups=data.kind_groups,
        every={"kinds": data.kinds, "actor_kinds": data.actor_kinds,
               "confidence": list(CONFIDENCE_LEVELS)},
    )  # fmt: skip
    return finished, scene.relations


def make_deck(
    data: AppData,
    slides: list[Slide],
    *,
    format: str = "pptx",
    figure: str = "map",
    theme: str = "light",
    keep_browser: bool = False,
    progress: Callable[[int], object] = lambda done: None,
) -> bytes:
    """A deck of ``slides``: PowerPoint (a picture and its words per slide) or
    PDF (one vector page per slide). ``progress`` hears how many slides are
    done after each one."""
    if format == "pdf":
        return _pdf_deck(data, slides, figure, theme, keep_browser, progress)
    return _pptx_deck(data, slides, figure, theme, keep_browser, progress)


def _pptx_deck(data, slides, figure, theme, keep_browser, progress) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    for done, slide in enumerate(slides, start=1):
        finished, relations = _finished(data, slide, figure, theme, caption=False)
        image = render_image(finished, format="png", scale=2, keep_browser=keep_browser)
        page = deck.slides.add_slide(blank)
        _text(page, slide.title, (0.4, 0.25, 12.5, 0.8), Pt(28), bold=True)
        page.shapes.add_picture(
            io.BytesIO(image), Inches(0.4), Inches(1.1), width=Inches(9.0)
        )
        words = [slide.caption] + ([slide.quote] if slide.quote else [])
        _text(page, "\n\n".join(words), (9.6, 1.1, 3.4, 4.6), Pt(14))
        _text(
            page,
            "Source: " + sources_label(relations),
            (0.4, 6.35, 12.5, 0.8),
            Pt(11),
        )
        progress(done)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _text(page, text: str, box: tuple, size, *, bold: bool = False) -> None:
    from pptx.util import Inches

    left, top, width, height = (Inches(value) for value in box)
    frame = page.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for number, paragraph_text in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = paragraph_text
        paragraph.font.size = size
        paragraph.font.bold = bold


def _pdf_deck(data, slides, figure, theme, keep_browser, progress) -> bytes:
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
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
