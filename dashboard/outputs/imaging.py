"""Static images of figures (PNG, SVG, PDF), rendered by Kaleido in the local
Chromium with the bundled basemap and plotly.js, so that nothing is fetched.

Kaleido is told where Chromium is (``BROWSER_PATH``), where the basemap is
(``plotly.io.defaults.topojson``), and to load no MathJax (its default is a CDN).
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import os
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import plotly
import plotly.io as pio

__all__ = [
    "FORMATS",
    "ImageError",
    "browser_problem",
    "browser_session",
    "finished_pdf",
    "images_problem",
    "render_image",
    "title_pdf",
]

FORMATS = ("png", "svg", "pdf")
TOPOJSON_DIR = Path(__file__).resolve().parents[2] / "assets" / "topojson"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CHROMIUM = "/usr/bin/chromium"

_lock = threading.Lock()  # one Chromium per process, one render at a time


class ImageError(Exception):
    """An image could not be made; the message says why in plain words."""


def render_image(
    figure: dict,
    *,
    format: str = "png",
    scale: float = 1,
    keep_browser: bool = False,
    title: str = "",
) -> bytes:
    """``figure`` as ``format`` bytes; its layout's width and height are the
    page size in CSS pixels, ``scale`` multiplies the PNG's pixels; a PDF's
    document title is ``title`` (see `finished_pdf`).

    ``keep_browser`` keeps one Chromium running for the next image (the
    server's choice: the first image then costs the start, the others not).
    """
    if format not in FORMATS:
        raise ImageError(f"format must be one of {', '.join(FORMATS)}, not '{format}'")
    _configure()
    _check_browser()
    import kaleido  # imported late: the dashboard starts without it

    layout = figure.get("layout", {})
    opts = {
        "format": format,
        "scale": scale,
        "width": layout.get("width", 1600),
        "height": layout.get("height", 900),
    }
    with _lock:
        try:
            if keep_browser:
                _ensure_server(kaleido)
                image = kaleido.calc_fig_sync(
                    figure, opts=opts, topojson=pio.defaults.topojson
                )
            else:
                image = kaleido.calc_fig_sync(
                    figure,
                    opts=opts,
                    topojson=pio.defaults.topojson,
                    kopts={"mathjax": False, "plotlyjs": PLOTLY_JS.as_uri()},
                )
        except Exception as error:  # Kaleido raises many kinds; say what happened
            if keep_browser:  # start afresh next time rather than reuse a broken one
                kaleido.stop_sync_server(silence_warnings=True)
            raise ImageError(_failure_words(error)) from error
    if format == "pdf":
        return finished_pdf(image, layout.get("paper_bgcolor", "white"), title)
    return image


def finished_pdf(pdf: bytes, colour: str, title: str = "") -> bytes:
    """``pdf`` titled ``title`` in its metadata, made by Alliance Atlas, with
    each page first painted in ``colour`` (``#rrggbb``; any other is left
    alone, as white is). Chromium names Kaleido's PDFs after Kaleido's page,
    "Kaleido-fier", which a viewer showed in its title bar and file
    properties; and prints them with margins of 0.1 in that it leaves white,
    so a dark slide had a white frame."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if re.fullmatch("#[0-9a-fA-F]{6}", colour or ""):
        _paint_pages(writer, colour)
    title_pdf(writer, title)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def title_pdf(writer, title: str) -> None:
    """``writer``'s document titled ``title`` (untitled when empty, not
    Chromium's), its creator Alliance Atlas rather than Chromium's user agent."""
    kept = {
        key: value
        for key, value in (writer.metadata or {}).items()
        if key not in ("/Title", "/Creator")
    }
    writer.metadata = {
        **kept,
        "/Creator": "Alliance Atlas",
        **({"/Title": title} if title else {}),
    }


def _paint_pages(writer, colour: str) -> None:
    """Each page of ``writer`` first painted in ``colour`` (``#rrggbb``)."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, NameObject

    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    for page in writer.pages:
        box = page.mediabox
        paint = DecodedStreamObject()
        paint.set_data(
            f"{red:.4f} {green:.4f} {blue:.4f} rg "
            f"{box.left} {box.bottom} {box.width} {box.height} re f".encode()
        )
        paper = PageObject.create_blank_page(writer, box.width, box.height)
        paper[NameObject("/Contents")] = writer._add_object(paint)
        page.merge_page(paper, over=False)
        page.compress_content_streams()  # merging wrote them out plain


@contextmanager
def browser_session():
    """One Chromium for the images made inside (with ``keep_browser``), closed
    afterwards: a deck's slides share it, and no idle browser stays behind.
    Without a Chromium it fails at once (`ImageError`), before any slide."""
    _configure()
    _check_browser()
    import kaleido

    try:
        yield
    finally:
        with _lock:
            kaleido.stop_sync_server(silence_warnings=True)


def browser_problem(path: str) -> str | None:
    """Why Kaleido cannot start a Chromium at ``path``, or None. Said before
    Kaleido tries: its own word was to download Chrome (``kaleido_get_chrome``),
    where Debian's chromium is the way and there is no internet at run time.

    >>> browser_problem("/bin/sh") is None, browser_problem("sh") is None
    (True, True)
    >>> browser_problem("/nonexistent/chromium").split(":")[0]
    'no Chromium at /nonexistent/chromium to render images'
    """
    # a bare name ("chromium") is looked up on the PATH, as it is started
    found = shutil.which(path) if path and os.sep not in path else path
    if found and Path(found).is_file() and os.access(found, os.X_OK):
        return None
    where = f"at {path}" if path else f"at {CHROMIUM} nor on the PATH"
    return (
        f"no Chromium {where} to render images: install Debian's chromium "
        "(apt-get install chromium; make test does) or set BROWSER_PATH to one"
    )


def _failure_words(error: Exception) -> str:
    """Why a render failed, in a line. A Chromium that closes as it starts
    gets its own words: choreographer's advise a download (``choreo_get_chrome``),
    which Debian's chromium replaces."""
    path = os.environ["BROWSER_PATH"]
    # which of these comes depends on when the Chromium closed: a deck's
    # shared one met it as choreographer's "communication channel was either
    # never opened or closed"
    closed = {
        "BrowserFailedError": "as soon as it started",
        "ChannelClosedError": "before the image was made",
        "BrowserClosedError": "before the image was made",
    }.get(type(error).__name__)
    if closed and type(error).__module__.startswith("choreographer"):
        return (
            f"the image could not be rendered: the Chromium at {path} closed "
            f"{closed}; reinstall Debian's chromium (apt-get install chromium) or "
            "set BROWSER_PATH to one that works"
        )
    return (
        f"the image could not be rendered ({type(error).__name__}: {error}); "
        f"is Chromium installed at {path}?"
    )


def images_problem() -> str | None:
    """Why no image can be rendered here (no Chromium), or None: for a
    command to say before its other work (``bench --images``)."""
    _configure()
    return browser_problem(os.environ["BROWSER_PATH"])


def _check_browser() -> None:
    """Raise `ImageError` when there is no Chromium to start (``BROWSER_PATH``
    as `_configure` left it)."""
    problem = browser_problem(os.environ["BROWSER_PATH"])
    if problem:
        raise ImageError(problem)


def _ensure_server(kaleido) -> None:
    """Start Kaleido's shared browser, or restart it when its thread has died
    (a crashed Chromium would otherwise leave every later call waiting)."""
    server = kaleido._global_server  # Kaleido keeps no public handle on it
    thread = getattr(server, "_thread", None)
    if server.is_running() and thread is not None and not thread.is_alive():
        kaleido.stop_sync_server(silence_warnings=True)  # joins a dead thread at once
    if not server.is_running():  # open() runs server._server in its thread: ours
        server._server = functools.partial(_serve, server, kaleido.Kaleido)
    kaleido.start_sync_server(
        mathjax=False, plotlyjs=PLOTLY_JS.as_uri(), silence_warnings=True
    )


async def _serve(server, make_browser, *args, **kwargs) -> None:
    """Kaleido's shared browser served as Kaleido serves it (each task from
    ``server``'s queue run, its result or error put on the answers; a name it
    lacks answered as an AttributeError), except when the browser cannot
    start (a Chromium that closes at once), or a render is cancelled
    (`_as_error`): then each call is answered with why, until the server is
    closed. Kaleido let that
    error end its thread with a traceback on standard error, and the call
    waiting on the thread waited forever: a deck hung. (Kaleido's own loop
    could not be wrapped instead: it starts the browser inside the loop, so a
    failure to start could not be told from one as it closed.)"""
    tasks, answers = server._task_queue, server._return_queue
    try:
        browser = await make_browser(*args, **kwargs).__aenter__()
    except (Exception, asyncio.CancelledError) as error:  # the call says which
        while (task := tasks.get()) is not None:
            answers.put(_as_error(error))
            tasks.task_done()
        tasks.task_done()
        return
    try:
        while (task := tasks.get()) is not None:
            try:
                answer = await getattr(browser, task.fn)(*task.args, **task.kwargs)
            except (Exception, asyncio.CancelledError) as error:  # the caller raises it
                answer = _as_error(error)
            answers.put(answer)
            tasks.task_done()
        tasks.task_done()
    finally:
        await browser.__aexit__(None, None, None)


def _as_error(error: BaseException) -> Exception:
    """An error the waiting call can raise as any other (`render_image`
    catches Exception): Kaleido's watchdog, when Chromium dies, cancels every
    render and this loop's own task with them, and the CancelledError had
    ended the thread with the call waiting on it forever."""
    if isinstance(error, asyncio.CancelledError):
        return RuntimeError("Chromium closed during the render")
    return error


def _configure() -> None:
    """Point Kaleido at the local Chromium and plotly at the bundled basemap."""
    if not os.environ.get("BROWSER_PATH"):  # unset or empty: found here
        os.environ["BROWSER_PATH"] = (
            CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium") or ""
        )
    pio.defaults.topojson = TOPOJSON_DIR.as_uri() + "/"
    for name, said in (("asyncio", _said_already), (_WATCHDOG, _watchdog_said)):
        log = logging.getLogger(name)
        if said not in log.filters:
            log.addFilter(said)


#: choreographer's logger that says when a Chromium it started has ended
_WATCHDOG = "choreographer.browser_async"


def _watchdog_said(record: logging.LogRecord) -> bool:
    """False for choreographer's "Wait expired, Browser is being closed by
    watchdog.": a Chromium that ended, which the render's own error then says
    in words (`_failure_words`); printed first, it read as the failure."""
    return not str(record.msg).startswith("Wait expired")


def _said_already(record: logging.LogRecord) -> bool:
    """False for asyncio's report of a task whose Chromium closed under it:
    Kaleido leaves its render's task unread when it hands the error over,
    and the render raised it already (an `ImageError`). Collected as the
    session ended, the task printed "Task exception was never retrieved"
    and a traceback of ``ChannelClosedError`` after the deck had said why it
    failed. Any other error a task is left with stays loud."""
    error = record.exc_info[1] if record.exc_info else None
    closed = type(error).__name__ in ("ChannelClosedError", "BrowserClosedError")
    return not (
        closed
        and type(error).__module__.startswith("choreographer.")
        and str(record.msg).startswith("Task exception was never retrieved")
    )
