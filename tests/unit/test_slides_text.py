"""Slides that read at slide size: each thing said once, no text under 14 pt
on a 16:9 slide (the picture's text included) and a one-day window said as
that day. The pictures are Kaleido's (tests/integration/test_images.py);
here the deck is built around a blank one and the figure it was given."""

from __future__ import annotations

import io
import re
from datetime import date

import numpy as np
import pytest
from pptx import Presentation

from dashboard.core.dates import format_partial
from dashboard.core.describe import window_label
from dashboard.core.view import View
from dashboard.figures.geoframe import _box_height, mercator_y
from dashboard.figures.scene import make_scene
from dashboard.outputs import briefing
from dashboard.outputs.slides import (
    MIN_POINTS,
    SLIDE_POINTS,
    SlideWords,
    slide_figure,
    slide_frame,
    slide_theme,
    slide_words,
)

#: A 1 x 1 PNG: the deck's picture when no browser renders it.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
ONE_DAY = date(2025, 11, 21)


@pytest.fixture
def data(bundled_data):
    """The bundled data prepared with its stories, once per run."""
    return bundled_data


def _font_sizes(node, key: str = "") -> list[float]:
    """Every type size a figure (or part of it) sets, hover labels aside:
    they are not on a picture."""
    if isinstance(node, dict):
        sizes = []
        for name, value in node.items():
            if name == "hoverlabel":
                continue
            if name == "size" and key in ("font", "textfont"):
                sizes += value if isinstance(value, list) else [value]
            else:
                sizes += _font_sizes(value, name)
        return sizes
    if isinstance(node, list):
        return [size for item in node for size in _font_sizes(item, key)]
    return []


def _deck(data, monkeypatch, slides, **options):
    """The PowerPoint deck of ``slides`` and the figures its pictures show."""
    pictures = []

    def render(figure, **kwargs):
        pictures.append(figure)
        return BLANK_PNG

    monkeypatch.setattr(briefing, "render_image", render)
    deck = Presentation(io.BytesIO(briefing.make_deck(data, slides, **options)))
    return deck, pictures


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


# --- a one-day window ---------------------------------------------------------


def test_a_one_day_window_is_that_day():
    assert window_label(ONE_DAY, ONE_DAY) == "21 Nov 2025"
    assert window_label(date(2025, 11, 21), date(2025, 12, 11)) == (
        "21 Nov – 11 Dec 2025"
    )
    assert window_label(date(2024, 12, 30), date(2025, 1, 2)) == (
        "30 Dec 2024 – 2 Jan 2025"
    )
    assert format_partial(ONE_DAY, "between", last=ONE_DAY) == "21 Nov 2025"


def test_a_one_day_window_on_images_and_slides(data, monkeypatch):
    view = View(ONE_DAY, ONE_DAY)
    scene = make_scene(data, view)
    image = slide_figure(
        scene.map, title="A day", view=view, relations=scene.relations,
        names=data.names,
    )  # fmt: skip
    words = " | ".join(note["text"] for note in image["layout"]["annotations"])
    assert "21 Nov 2025 · " in words and "21 Nov –" not in words
    assert scene.header.startswith("21 Nov 2025 · ")  # the page's header
    story = data.stories["guacamaya"]
    step = briefing.story_slides(data, story)[3]  # "21 November: the call"
    deck, _ = _deck(data, monkeypatch, [step])
    texts = _texts(deck.slides[0])
    assert any(text.startswith("21 Nov 2025 · ") for text in texts), texts
    assert not any("21 Nov –" in text for text in texts)


# --- images: a slide's worth, read at slide size ------------------------------


@pytest.mark.parametrize("figure", ["map", "graph"])
@pytest.mark.parametrize("caption", [False, True])
def test_image_text_reads_on_a_16_9_slide(data, figure, caption):
    """An image laid across a 16:9 slide (960 pt wide) shows no text under
    14 pt: font px x 960 / image width px >= 14."""
    slide = briefing.story_slides(data, data.stories["guacamaya"])[7]
    finished, _ = briefing._finished(data, slide, figure, "light", caption)
    layout = finished["layout"]
    assert (layout["width"], layout["height"]) == SLIDE_POINTS  # 16:9
    sizes = _font_sizes(finished)
    assert sizes and min(sizes) * SLIDE_POINTS[0] / layout["width"] >= MIN_POINTS
    words = [note["text"] for note in layout["annotations"]]
    assert sum("Source:" in text for text in words) == 1
    assert sum(slide.title in text for text in words) == 1
    if caption:  # the PDF deck's page: caption and quote beside the figure
        assert any("Trump says Maduro" in text for text in words)
        assert any("Moscow has called on Washington" in text for text in words)


def test_an_image_map_is_framed_for_the_room_its_slide_gives_it(data):
    """The map of an image is framed for the plot area of the finished slide
    (its size less its margins), not for a screen's: it fills that area."""
    slide = briefing.story_slides(data, data.stories["guacamaya"])[4]
    finished, _ = briefing._finished(data, slide, "map", "light", False)
    layout = finished["layout"]
    margin = layout["margin"]
    width = layout["width"] - margin["l"] - margin["r"]
    height = layout["height"] - margin["t"] - margin["b"]
    geo = layout["geo"]
    west, east = geo["lonaxis"]["range"]
    south, north = geo["lataxis"]["range"]
    scale = width / np.radians(east - west)  # px per radian, filling the width
    bottom, top = mercator_y([south, north])
    box = _box_height(bottom, top, (east - west) / 2)
    assert box * scale == pytest.approx(height, abs=1)  # and the height


# --- PowerPoint: each thing once, everything at least 14 pt -------------------


def test_a_deck_slide_says_each_thing_once_and_reads(data, monkeypatch):
    slides = briefing.story_slides(data, data.stories["guacamaya"])
    deck, pictures = _deck(data, monkeypatch, [slides[3], slides[7]])
    slide_width = deck.slide_width.pt
    assert (slide_width, deck.slide_height.pt) == SLIDE_POINTS  # 16:9
    for page, picture, slide in zip(deck.slides, pictures, [slides[3], slides[7]]):
        texts = _texts(page)
        joined = "\n".join(texts)
        # the title, the window and the source: each once, and only as text
        assert sum(slide.title in text for text in texts) == 1, texts
        assert joined.count("Source:") == 1 and joined.count("Shown:") == 1
        assert joined.count(window_label(slide.view.start, slide.view.end)) == 1
        assert slide.caption.strip()[:40] in joined
        layout = picture["layout"]
        assert "title" not in layout and not layout.get("annotations")
        # every run of text on the slide: at least 14 pt
        runs = [
            run.font.size.pt
            for shape in page.shapes
            if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs
            for run in paragraph.runs
        ]
        assert runs and min(runs) >= MIN_POINTS
        # the picture's text at its size on the slide: font px x the
        # picture's width in pt / the figure's width in px
        (shape,) = [s for s in page.shapes if s.shape_type == 13]
        sizes = _font_sizes(picture)
        points = min(sizes) * shape.width.pt / layout["width"]
        assert points >= MIN_POINTS, points
        # and the picture beside its words, not under them
        pic = (shape.left.pt, shape.top.pt, shape.width.pt, layout["height"])
        assert pic[0] + pic[2] <= slide_width + 0.5
        for box in page.shapes:
            if box.has_text_frame:
                assert _apart(pic, box), box.text_frame.text[:40]


def _apart(picture: tuple, shape) -> bool:
    """Whether a text box and the picture (left, top, width, height in pt)
    do not overlap."""
    left, top, width, height = picture
    other = (shape.left.pt, shape.top.pt, shape.width.pt, shape.height.pt)
    return (
        other[0] >= left + width - 0.5
        or other[0] + other[2] <= left + 0.5
        or other[1] >= top + height - 0.5
        or other[1] + other[3] <= top + 0.5
    )


def test_a_view_deck_says_its_window_once(data, monkeypatch):
    """A deck of the page's view: its caption is the busiest pairs, not the
    window and counts again."""
    view = View(date(2025, 11, 21), date(2025, 12, 11))
    slide = briefing.view_slide(data, view, data.title)
    assert slide.caption.startswith("The busiest pairs: ")
    deck, _ = _deck(data, monkeypatch, [slide], theme="dark")
    joined = "\n".join(_texts(deck.slides[0]))
    assert joined.count("21 Nov – 11 Dec 2025") == 1
    assert joined.count(data.title) == 1


def test_words_too_long_for_their_column_are_cut_not_overflowing():
    words = SlideWords(
        "T", "1 Dec 2025", "Shown: all", "Source: x",
        caption="word " * 200, quote="quoted " * 200,
    )  # fmt: skip
    frame = slide_frame(words)
    assert frame.caption_size == frame.quote_size == MIN_POINTS
    lines = len(frame.caption_lines) + len(frame.quote_lines)
    assert lines * MIN_POINTS * 1.3 <= frame.words.height
    assert frame.caption.endswith("…") and frame.quote == ""
    short = slide_frame(
        SlideWords("T", "1 Dec 2025", "Shown: all", "Source: x", caption="Short.")
    )
    assert short.caption == "Short." and short.caption_size > MIN_POINTS


def test_slide_words_name_the_filters_and_sources(data):
    view = View(date(2025, 11, 1), date(2025, 12, 11), focus="putin")
    scene = make_scene(data, view, theme=slide_theme())
    words = slide_words(view, scene.relations, data.names, title="T")
    assert words.shown == "Shown: all relation kinds · Putin highlighted"
    assert words.source.startswith("Source: Guacamaya, 11 Dec 2025")
    assert words.source.endswith("· made with Alliance Atlas")


# --- a quote's own line breaks ------------------------------------------------

TWO_LINES = "“They spoke.\nThen again.” (Reuters)"


def test_a_quote_keeps_its_own_line_breaks_on_slides(data, monkeypatch):
    """A quote over two lines of the file is on two lines on the slide, as
    the page's details show it (white-space: pre-line): the image's and PDF's
    annotation and the PowerPoint's text box had run them into one line."""
    view = View(date(2025, 11, 21), date(2025, 12, 11))
    slide = briefing.Slide(view, "Two lines", caption="A caption.", quote=TWO_LINES)
    frame = slide_frame(
        SlideWords("T", "1 Dec 2025", "Shown: all", "Source: x", quote=TWO_LINES)
    )
    assert frame.quote_lines == ["“They spoke.", "Then again.” (Reuters)"]
    finished, _ = briefing._finished(data, slide, "map", "light", True)
    said = [note["text"] for note in finished["layout"]["annotations"]]
    assert "<i>“They spoke.<br>Then again.” (Reuters)</i>" in said, said
    deck, _ = _deck(data, monkeypatch, [slide])
    (quote,) = [
        paragraph
        for shape in deck.slides[0].shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        if "They spoke." in paragraph.text
    ]
    # a line break inside the quote's paragraph (python-pptx reads <a:br/> as
    # a vertical tab), italic and of one size throughout
    assert quote.text == "“They spoke.\vThen again.” (Reuters)"
    assert {run.font.italic for run in quote.runs} == {True}
    assert len({run.font.size for run in quote.runs}) == 1


def test_a_long_quote_cut_keeps_its_line_breaks_before_the_cut():
    """Cut to its column, a quote keeps the breaks of what is left of it."""
    words = SlideWords(
        "T", "1 Dec 2025", "Shown: all", "Source: x",
        caption="word " * 120, quote="First line.\n" + "quoted " * 200,
    )  # fmt: skip
    frame = slide_frame(words)
    assert frame.quote_lines[0] == "First line."
    assert frame.quote.startswith("First line.\nquoted quoted")
    assert frame.quote.endswith("…")


# --- a PDF's document title -----------------------------------------------------


def _chromium_pdf() -> bytes:
    """A one-page PDF with the metadata Chromium gives Kaleido's PDFs."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(960, 540)
    writer.add_metadata(
        {"/Title": "Kaleido-fier", "/Creator": "Mozilla/5.0 HeadlessChrome/156"}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def chromium_pdf(monkeypatch):
    """Kaleido stood in for by one that prints `_chromium_pdf` for any figure."""
    import sys
    from types import SimpleNamespace

    fake = SimpleNamespace(calc_fig_sync=lambda figure, **options: _chromium_pdf())
    monkeypatch.setitem(sys.modules, "kaleido", fake)


def _metadata(pdf: bytes) -> dict:
    from pypdf import PdfReader

    return dict(PdfReader(io.BytesIO(pdf)).metadata or {})


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_pdf_is_titled_as_its_view_not_kaleido_fier(data, chromium_pdf, theme):
    """A briefer's PDF showed "Kaleido-fier" (Kaleido's own page) in the
    viewer's title bar and its file's properties: it is titled as the view,
    what it shows and its window, whatever its paper."""
    view = View(date(2025, 11, 21), date(2025, 12, 11))
    slide = briefing.Slide(view=view, title=data.title)
    pdf = briefing.view_image(data, slide, figure="graph", format="pdf", theme=theme)
    metadata = _metadata(pdf)
    words = slide_words(view, make_scene(data, view).relations, data.names, title="")
    assert metadata["/Title"] == f"{data.title} — network, {words.subtitle}"
    assert metadata["/Creator"] == "Alliance Atlas"
    assert b"Kaleido-fier" not in pdf and b"HeadlessChrome" not in pdf


def test_a_deck_is_titled_as_its_story(data, chromium_pdf, monkeypatch):
    slides = briefing.story_slides(data, data.stories["guacamaya"])[:2]
    story = data.stories["guacamaya"].title
    pdf = briefing.make_deck(data, slides, format="pdf", title=story)
    assert _metadata(pdf)["/Title"] == story and b"Kaleido-fier" not in pdf
    assert _metadata(briefing.make_deck(data, slides, format="pdf"))["/Title"] == (
        data.title
    )  # a deck of the page's view: the data's title
    deck, _ = _deck(data, monkeypatch, slides, title=story)
    assert deck.core_properties.title == story


# --- the subtitle counts what the picture draws ---------------------------------


def _actors_drawn(figure: dict) -> set[str]:
    """The actors whose markers ``figure`` draws."""
    return {
        item[1]
        for trace in figure["data"]
        for item in trace.get("customdata") or []
        if isinstance(item, list) and item and item[0] == "actor"
    }


@pytest.mark.parametrize("figure", ["map", "graph"])
@pytest.mark.parametrize(
    "view",
    [
        View(date(2025, 1, 1), date(2025, 6, 30)),  # 2 relations, 11 alone
        View(date(2025, 1, 1), date(2025, 6, 30), states=True),
        View(date(2025, 11, 21), date(2025, 12, 11)),  # every actor busy
    ],
)
def test_an_images_subtitle_counts_the_actors_it_draws_faded(data, figure, view):
    """An image of a quiet window said "2 relations among 3 actors" over 14
    markers: the 11 drawn faded, with no relation shown, went uncounted. The
    subtitle counts them, so its actors are the picture's."""
    slide = briefing.Slide(view=view, title="T")
    finished, words = briefing._finished(data, slide, figure, "light", False)
    counted = [int(n) for n in re.findall(r"(\d+) actors?\b", words.subtitle)]
    assert sum(counted) == len(_actors_drawn(finished)), words.subtitle
    if len(counted) > 1:
        assert words.subtitle.endswith(f"{counted[1]} actors with none, faded")


# --- a deck's picture and the PNG of the same slide -------------------------------


def _plot_area(figure: dict) -> tuple[float, float]:
    """The width and height (px) a figure leaves its map or graph."""
    layout, margin = figure["layout"], figure["layout"]["margin"]
    return (
        round(layout["width"] - margin.get("l", 80) - margin.get("r", 80)),
        round(layout["height"] - margin.get("t", 100) - margin.get("b", 80)),
    )


def _names(figure: dict) -> list[tuple]:
    """The names a figure writes beside its markers, where and how."""
    return sorted(
        (str(text), str(position), str(x), str(y))
        for trace in figure["data"]
        if "text" in (trace.get("mode") or "") and trace.get("text") is not None
        for text, position, x, y in zip(
            np.atleast_1d(trace["text"]),
            np.atleast_1d(trace.get("textposition", "")),
            np.atleast_1d(trace.get("x", trace.get("lon"))),
            np.atleast_1d(trace.get("y", trace.get("lat"))),
        )
        if text
    )


@pytest.mark.parametrize("figure", ["map", "graph"])
def test_a_decks_picture_draws_its_names_as_the_png_of_its_slide(
    data, monkeypatch, figure
):
    """A deck's network kept the page's 4 px margins: its names, placed for
    the 592 px the slide gives the graph, were drawn in 584, nearer their
    markers than in the PNG (and PDF) of the same slide. Both now draw the
    figure in the room its names were placed for, so they agree."""
    slide = briefing.story_slides(data, data.stories["guacamaya"])[6]
    png, _ = briefing._finished(data, slide, figure, "light", True)
    _, pictures = _deck(data, monkeypatch, [slide], figure=figure)
    (picture,) = pictures
    assert _plot_area(picture) == _plot_area(png)
    assert _names(picture) == _names(png)
