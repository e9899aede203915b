"""Slide-ready images and decks, rendered by Kaleido in the local Chromium."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date

import pytest
from PIL import Image

from dashboard.cli import main
from dashboard.core.view import View
from dashboard.outputs.briefing import (
    PICTURE_SCALE,
    Slide,
    make_deck,
    story_slides,
    view_image,
)
from dashboard.outputs.imaging import browser_session
from dashboard.outputs.slides import slide_theme


@pytest.fixture
def data(bundled_data):
    """The bundled data prepared with its stories, once per run (tests/conftest.py)."""
    return bundled_data


def _land_share(png: bytes) -> float:
    """The share of the image in the basemap's land colour (#f2f1ec)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = list(image.get_flattened_data())
    land = sum(
        1 for r, g, b in pixels if abs(r - 242) < 4 and abs(g - 241) < 4 and b > 228
    )
    return land / len(pixels)


def test_map_image_draws_the_bundled_basemap_offline(data):
    slide = Slide(view=View(date(2025, 11, 21), date(2025, 12, 11)), title="Map")
    png = view_image(data, slide, figure="map", scale=1)
    assert Image.open(io.BytesIO(png)).size == (1600, 900)
    assert _land_share(png) > 0.1  # countries drawn, not an empty ocean


def test_render_command_writes_each_format(tmp_path, capsys):
    for fmt, scale, check in (
        ("png", "2", lambda b: Image.open(io.BytesIO(b)).size == (3200, 1800)),
        ("svg", "1", lambda b: b.lstrip().startswith(b"<svg") and b"Guacamaya" in b),
        # a 16:9 slide's page, 13.333 x 7.5 in: 1200 x 675 pt had to be shrunk
        ("pdf", "2", lambda b: _page_sizes(b) == [(960, 540)]),
    ):
        out = tmp_path / f"graph.{fmt}"
        code = main(["render", "--view", "graph", "--start", "2025-11-21",
                     "--end", "2025-12-11", "--focus", "putin", "--theme", "dark",
                     "--format", fmt, "--scale", scale, "--out", str(out)])  # fmt: skip
        assert code == 0 and check(out.read_bytes()), fmt
    assert main(["render", "--focus", "nobody", "--out", str(tmp_path / "x")]) == 2
    assert "no actor 'nobody'" in capsys.readouterr().err
    # the view on screen, from its URL's query; --end changes it
    out = tmp_path / "calls.svg"
    code = main(["render", "--query", "?kinds=call&states=1&start=2025-11-01",
                 "--end", "2025-12-10", "--format", "svg", "--out", str(out)])  # fmt: skip
    assert code == 0
    assert "2025-11-01 to 2025-12-10" in capsys.readouterr().out
    svg = out.read_text()
    assert "Shown: call only · states only" in svg and "1 Nov – 10 Dec 2025" in svg
    assert main(["render", "--query", "?kinds=nonsense", "--out", str(out)]) == 2
    # what is wrong, not what the page does instead (it writes nothing)
    err = capsys.readouterr().err
    assert "--query, nothing written: kinds not in this data: nonsense" in err
    # a split outside the window the options leave is refused, as the page
    # refuses it; a selection in the query is drawn at full strength
    code = main(["render", "--query", "?compare=2025-12-01", "--end", "2025-11-15",
                 "--out", str(out)])  # fmt: skip
    assert code == 2 and "is not inside the window" in capsys.readouterr().err
    code = main(["render", "--query", "?relation=r07", "--format", "svg",
                 "--out", str(out)])  # fmt: skip
    assert code == 0 and "1 relation highlighted" in out.read_text()
    # a story step's address (no window of its own) is the step's slide: it
    # was the whole span, nothing highlighted
    code = main(["render", "--query", "?present=1&story=guacamaya&step=7",
                 "--format", "svg", "--out", str(out)])  # fmt: skip
    assert code == 0
    assert "2025-12-08 to 2025-12-11" in capsys.readouterr().out
    svg = out.read_text()
    assert "7. This week: Putin" in svg and "5 relations highlighted" in svg
    code = main(["render", "--query", "?story=guacamaya&step=7&start=2025-12-01",
                 "--format", "svg", "--out", str(out)])  # fmt: skip
    assert code == 0  # a control changed: the link names its own view
    assert "2025-12-01 to 2025-12-11" in capsys.readouterr().out
    # options change the step's view, as they change any other
    code = main(["render", "--query", "?story=guacamaya&step=7", "--start",
                 "2025-12-09", "--format", "svg", "--out", str(out)])  # fmt: skip
    assert code == 0 and "2025-12-09 to 2025-12-11" in capsys.readouterr().out
    assert "7. This week: Putin" in out.read_text()
    assert main(["render", "--query", "?story=nope", "--out", str(out)]) == 2
    assert "no story 'nope'" in capsys.readouterr().err


def test_story_decks_have_a_slide_per_step(data):
    from pptx import Presentation
    from pypdf import PdfReader

    slides = story_slides(data, data.stories["guacamaya"])[:3]
    with browser_session():  # one Chromium for both decks, closed after
        pptx = make_deck(data, slides, keep_browser=True)
        pdf = make_deck(data, slides, format="pdf", figure="graph", keep_browser=True)
    deck = Presentation(io.BytesIO(pptx))
    assert len(deck.slides) == 3
    first = " ".join(
        s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame
    )
    assert "1. 2019: Russia props Maduro up" in first and "Source:" in first
    assert "Russia already played a significant role in 2019" in first  # the quote
    # the picture's labels (16 CSS px on a canvas of its size on the slide in
    # pt) keep 16 pt: font px x picture width pt / image width px
    theme = slide_theme()
    for slide in deck.slides:
        (picture,) = [s for s in slide.shapes if s.shape_type == 13]
        width_px = picture.image.size[0]
        points = theme.label_size * PICTURE_SCALE * picture.width.pt / width_px
        assert points >= 14, points
        assert width_px >= 2 * picture.width.pt  # sharp: over 144 pixels an inch
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    assert _page_sizes(pdf) == [(960, 540)] * 3  # each page a 16:9 slide, in pt


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's width and height in pt."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return [(float(page.mediabox.width), float(page.mediabox.height)) for page in pages]


def test_a_dark_images_legend_lies_on_the_paper_itself(tmp_path):
    """The legend's box, the theme's legend colour laid over the paper, came
    out a shade off the paper: a box round the legend of a dark image."""
    out = tmp_path / "map.png"
    argv = ["render", "--view", "map", "--theme", "dark", "--format", "png",
            "--scale", "1", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    image = Image.open(out).convert("RGB")
    paper = image.getpixel((2, 2))
    assert paper == (22, 25, 29)
    colours = image.getcolors(maxcolors=1 << 20)
    off = sum(n for n, c in colours if c != paper and max(map(abs, (
        c[0] - paper[0], c[1] - paper[1], c[2] - paper[2]))) <= 1)  # fmt: skip
    assert off < 0.01 * image.width * image.height, off


def test_a_dark_pdf_has_no_white_frame():
    """Chromium prints Kaleido's PDFs with 0.1 in margins it leaves white: a
    dark slide, and each page of a dark deck, had a white frame. The page
    is painted in the paper's colour first, edge to edge."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    from dashboard.outputs.imaging import render_image

    paper = "#16191d"
    figure = {"data": [], "layout": {"width": 320, "height": 180,
                                     "paper_bgcolor": paper}}  # fmt: skip
    reader = PdfReader(io.BytesIO(render_image(figure, format="pdf", title="Dark")))
    # titled as asked, not after Kaleido's page ("Kaleido-fier")
    assert reader.metadata.title == "Dark"
    page = reader.pages[0]
    operations = ContentStream(page.get_contents(), page.pdf).operations
    colour, fill = None, None
    for (operands, operator), (_, then) in zip(operations, operations[1:]):
        if operator == b"rg":
            colour = "#" + "".join(f"{round(float(c) * 255):02x}" for c in operands)
        elif operator == b"re" and then == b"f":  # the first area filled
            fill = [float(v) for v in operands]
            break
    box = page.mediabox
    assert colour == paper  # the first thing painted is the paper...
    assert fill == [float(box.left), float(box.bottom), float(box.width),
                    float(box.height)]  # ...over the whole page  # fmt: skip


def test_the_deck_command_starts_one_chromium_for_every_slide(tmp_path, monkeypatch):
    """`dashboard deck` started a Chromium for each slide (27 s for the
    bundled story's eight, against 9 s in one): a briefer's deck waited
    on browser starts. The command's slides share one, as the page's do."""
    from kaleido.kaleido import Kaleido

    started = []
    own_init = Kaleido.__init__

    def counted(self, *args, **kwargs):
        started.append(1)
        own_init(self, *args, **kwargs)

    monkeypatch.setattr(Kaleido, "__init__", counted)
    out = tmp_path / "deck.pdf"
    command = ["deck", "--story", "guacamaya", "--format", "pdf", "--out", str(out)]
    assert main(command) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert len(started) == 1


@pytest.mark.parametrize(
    "command",
    [
        ["render", "--format", "png", "--out", "{out}/x.png"],
        ["deck", "--story", "guacamaya", "--format", "pdf", "--out", "{out}/x.pdf"],
        ["timelapse", "--format", "gif", "--out", "{out}/x.gif"],
    ],
    ids=["render", "deck", "timelapse"],
)
@pytest.mark.parametrize(
    "browser, words",
    [("/nonexistent/chromium", "no Chromium at /nonexistent/chromium"),
     ("/bin/false", "the Chromium at /bin/false closed")],
    ids=["missing", "broken"],
)  # fmt: skip
def test_without_chromium_each_image_command_says_so_at_once(
    command, browser, words, tmp_path
):
    """Without Chromium, `deck` and `timelapse` printed Kaleido's thread's
    traceback and then waited forever; `render` said to download Chrome.
    Each now says in a line what to install, and exits 1; with a broken one,
    choreographer's "Wait expired, Browser is being closed by watchdog." no
    longer comes first."""
    done = subprocess.run(
        [sys.executable, "-m", "dashboard",
         *(part.replace("{out}", str(tmp_path)) for part in command)],
        env={**os.environ, "BROWSER_PATH": browser},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    said = done.stderr.strip()
    assert done.returncode == 1, said
    assert len(said.splitlines()) == 1, said
    assert words in said
    assert "apt-get install chromium" in said and "get_chrome" not in said
    assert list(tmp_path.iterdir()) == []
