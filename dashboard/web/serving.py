"""How the app answers over HTTP: security headers on every response,
compression settings, callback answers written in one pass, the figures drawn
one request at a time per process, the development server's ``Server``
header, and the first request answered before serving."""

from __future__ import annotations

import html
import io
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

import numpy as np
import orjson
from dash import Dash
from dash.exceptions import DependencyException
from flask import Flask, request
from plotly.io.json import to_json_plotly
from werkzeug.http import parse_accept_header
from werkzeug.serving import WSGIRequestHandler

from dashboard.web import ids

__all__ = [
    "CALLBACK_PATH",
    "MAX_REQUEST",
    "COMPRESSION",
    "FiguresInTurn",
    "SECURITY_HEADERS",
    "PlainRequestHandler",
    "REFUSAL_POLICY",
    "accepted_encodings",
    "callback_json",
    "content_security_policy",
    "refusal",
    "refused_encodings_dropped",
    "secure_headers",
    "unknown_files_not_found",
    "warm_up",
    "write_callbacks_in_one_pass",
]

#: Where Dash answers callbacks, after the app's own prefix.
CALLBACK_PATH = "/_dash-update-component"
#: The largest request body taken (bytes): the page's largest callback
#: request is a few KB; a 400 MB one was read whole, then parsed twice, a
#: worker growing from 186 MB to 1.4 GB. Larger ones are answered 413.
MAX_REQUEST = 2 << 20
#: Sent with every response, beside the Content-Security-Policy.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
}
#: The policy of the page a server sends for a request it refuses before the
#: app sees it (`refusal`): it loads nothing and is framed by this site only.
REFUSAL_POLICY = "default-src 'none'; frame-ancestors 'self'"
#: flask-compress's settings, read when Dash sets it up. The fastest first
#: among those the browser accepts; gzip at level 4, not 6, and brotli at 3, not
#: 4: on a 650 KiB window 4.4 ms instead of 12 ms (114 KiB instead of 103), and
#: 2.9 ms instead of 3.9 ms (101 KiB instead of 96); zstd at 1, not 3: on a
#: 410 KiB window 0.67 ms instead of 0.92 (87 KiB instead of 84).
COMPRESSION = {
    "COMPRESS_ALGORITHM": ["zstd", "br", "gzip"],
    "COMPRESS_LEVEL": 4,
    "COMPRESS_BR_LEVEL": 3,
    "COMPRESS_ZSTD_LEVEL": 1,
}


def content_security_policy(app: Dash) -> str:
    """The page's Content-Security-Policy: everything from this server only;
    scripts only from files, but for Dash's one inline script, allowed by its
    hash (the app's callbacks must all be registered), and no ``eval``.

    Each exception was found missing in Chromium: Plotly, Dash's renderer and
    its core components write ``<style>`` elements (inline styles); the
    tables draw their icons as ``data:`` images; the modebar's camera draws
    the figure through a ``blob:`` image.
    """
    scripts = " ".join(["'self'", *app.csp_hashes()])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def secure_headers(server: Flask) -> None:
    """Send the security headers on every response of ``server``: the page's
    policy (``server.config["CONTENT_SECURITY_POLICY"]``, set once its
    callbacks are registered), no MIME sniffing, framing by this site only, no
    address leaking to other sites.

    Registered before Dash's compression so that it runs after it (Flask runs
    these hooks last registered first) and drops the ``Date`` that Werkzeug's
    conditional responses add: the HTTP server always sends its own.
    """

    @server.after_request
    def _add_headers(response):
        response.headers.update(SECURITY_HEADERS)
        policy = server.config.get("CONTENT_SECURITY_POLICY")
        if policy:
            response.headers["Content-Security-Policy"] = policy
        response.headers.pop("Date", None)
        return response


def refused_encodings_dropped(server: Flask) -> None:
    """Rewrite a request's ``Accept-Encoding`` as flask-compress 1.25 reads it
    right, before Dash's compression reads it (`accepted_encodings`): it took
    "q=0" (not acceptable) as one more choice, and answered ``gzip;q=0``
    with gzip."""

    @server.before_request
    def _drop_refused():
        asked = request.environ.get("HTTP_ACCEPT_ENCODING")
        if asked:
            request.environ["HTTP_ACCEPT_ENCODING"] = accepted_encodings(
                asked, server.config["COMPRESS_ALGORITHM"]
            )


def accepted_encodings(asked: str, ours: Sequence[str]) -> str:
    """``asked`` (an ``Accept-Encoding``) without the encodings it refuses
    (``q=0``, in any case), and its ``*`` as those of ``ours`` it names
    nowhere: flask-compress answered ``*`` with its first, refused or not.

    >>> accepted_encodings("zstd;q=0, br;Q=0.5, *", ["zstd", "br", "gzip"])
    'br;q=0.5, gzip;q=1'
    """
    accepted = parse_accept_header(asked)
    named = {coding.lower() for coding, _ in accepted}
    kept = []
    for coding, quality in accepted:
        if quality <= 0:
            continue
        if coding == "*":
            kept += [(other, quality) for other in ours if other not in named]
        else:
            kept.append((coding.lower(), quality))
    return ", ".join(f"{coding};q={quality:g}" for coding, quality in kept)


def unknown_files_not_found(server: Flask) -> None:
    """Answer 404 to a request for a file Dash does not serve
    (``/_dash-component-suites/os/path.py``): Dash raises for it, which Flask
    would answer as a server error (500), listing the files it does serve."""
    server.register_error_handler(
        DependencyException, lambda _error: ("No such file.", 404)
    )


def refusal(status: int, reason: str, message: str) -> bytes:
    """The whole HTTP answer to a request gunicorn refuses before the app sees
    it (a request line over 8 KB, a header over its limit, a malformed
    request): its own page (`gunicorn.util.write_error`), with the headers
    every answer carries. ``message`` is gunicorn's, which may quote the
    request: it is escaped.

    >>> answer = refusal(414, "Request-URI Too Long", "<line>")
    >>> answer.splitlines()[0], b"nosniff" in answer, b"&lt;line&gt;" in answer
    (b'HTTP/1.1 414 Request-URI Too Long', True, True)
    """
    body = (
        f"<html><head><title>{reason}</title></head><body><h1>{reason}</h1>"
        f"<p>{html.escape(message)}</p></body></html>"
    ).encode()
    headers = {
        "Connection": "close",
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": str(len(body)),
        **SECURITY_HEADERS,
        "Content-Security-Policy": REFUSAL_POLICY,
    }
    head = [f"HTTP/1.1 {status} {reason}", *(f"{k}: {v}" for k, v in headers.items())]
    return "\r\n".join([*head, "", ""]).encode("latin-1") + body


class PlainRequestHandler(WSGIRequestHandler):
    """The development server's request handler (``app.run``), naming itself
    ``Werkzeug`` in the ``Server`` header without its and Python's versions
    (gunicorn's header says ``gunicorn`` alone), and sending the security
    headers with the answers it gives before the app sees a request (a line
    over 64 KB, an unknown HTTP version)."""

    _refusing = False

    def version_string(self) -> str:
        return "Werkzeug"

    def send_error(self, code, message=None, explain=None) -> None:
        self._refusing = True
        try:
            super().send_error(code, message, explain)
        finally:
            self._refusing = False

    def end_headers(self) -> None:
        if self._refusing:
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.send_header("Content-Security-Policy", REFUSAL_POLICY)
        super().end_headers()


def callback_json(value, *, fallback: Callable[[object], str]) -> bytes | str:
    """A callback's answer as JSON (UTF-8 bytes), in one pass; ``fallback``
    (Dash's own writer) writes anything this does not know, as text.

    Dash hands the answer to plotly, whose fast path fails as soon as one
    value is not plain (the time bar's `Patch`, a text array, a component),
    and then copies the whole answer, a value at a time, before writing it:
    10 ms of a 100,000-relation window's 60. Here orjson asks for those few
    values only (`_plain`) and writes the rest as it is. Text both refuse
    (a lone surrogate) is written as an escape (``\\ud800``): never a 500.

    It decodes to what Dash writes, but without plotly's escapes of ``<``,
    ``>``, ``/`` and the line separators (``\\u003c``...): those keep JSON
    safe inside an HTML ``<script>``, and this is never one (an
    ``application/json`` answer, sent with ``nosniff``). They took five
    passes over a 650 KiB answer and made it 9% longer (1 ms to write, and
    more to compress); the bytes go to Flask as they are, not decoded into
    text only to be encoded again.
    """
    try:
        return orjson.dumps(
            value,
            default=_plain,
            option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS,
        )
    except TypeError:
        pass
    try:
        return fallback(value)
    except (TypeError, UnicodeEncodeError):
        # text that is not UTF-8 (a lone surrogate that slipped past the
        # inputs' checks): the standard library writes it as an escape
        return to_json_plotly(value, engine="json")


def _plain(value):
    """What orjson cannot write, as what it can: Dash components and patches
    as their JSON dicts, numpy text or object arrays as lists, numpy scalars
    as Python numbers; anything else goes back to Dash's own writer."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    as_json = getattr(value, "to_plotly_json", None)
    if as_json is not None:
        return as_json()
    raise TypeError(type(value).__name__)


def write_callbacks_in_one_pass() -> None:
    """Have Dash write callback answers with `callback_json`, once per process.

    Dash offers no supported way to choose how answers are written (its
    callback module calls its own ``to_json``), so this replaces that name
    there, keeping the original as the fallback.
    """
    import dash._callback

    if getattr(dash._callback.to_json, "one_pass", False):
        return
    writer = partial(callback_json, fallback=dash._callback.to_json)
    writer.one_pass = True
    dash._callback.to_json = writer


def warm_up(app: Dash) -> None:
    """Answer the page once, in-process, before serving anyone.

    Dash sets itself up on its first request (it registers the scripts it
    may serve, among other things) and marks that done before it is: in a
    threaded server, a request arriving meanwhile is refused its script
    ("not a registered library", a 500), as a browser loading 16 scripts at
    once from a fresh gunicorn worker found. Done here, before gunicorn forks,
    every worker starts set up."""
    app.server.test_client().get("/")


class FiguresInTurn:
    """A WSGI app that computes the figures' callback (the date-window
    callback: the map, the network, the time bar) one request at a time, in
    the order they came, each once its request has been read whole; every
    other request (the page, its files, the other callbacks) passes at once.

    For a server with one process per core (gunicorn.conf.py): a window is
    Python holding the interpreter lock, so threads drawing windows side by
    side in one process pass the lock back and forth every few milliseconds
    and each time numpy lets it go (some 130 hand-overs a large window), and
    take a fifth more processor time for no gain, the process having one
    core: at 100,000 relations 15 ms a window four at a time, 12 ms one at a
    time. In turn, each is also answered sooner than when all share the core.
    The other callbacks are not held: some take a second (rankings, exports)
    and would hold every window behind them.
    """

    def __init__(self, app: Callable) -> None:
        self.app = app
        self._lock = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._busy = False

    def __call__(self, environ: dict, start_response: Callable):
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "POST" or not path.endswith(CALLBACK_PATH):
            return self.app(environ, start_response)
        # read before its turn: a slow client holds no one up
        if not _draws_figures(_read_body(environ)):
            return self.app(environ, start_response)
        with self._turn():
            # Flask's answer is made by now (not streamed): it is sent after
            return self.app(environ, start_response)

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Hold the turn while inside; wait for it behind those that came
        first (each hands it to the next: first come, first served)."""
        with self._lock:
            mine = None
            if self._busy:
                mine = threading.Lock()
                mine.acquire()
                self._waiting.append(mine)
            self._busy = True
        if mine is not None:
            mine.acquire()  # released by the one before, when it is done
        try:
            yield
        finally:
            with self._lock:
                if self._waiting:
                    self._waiting.popleft().release()
                else:
                    self._busy = False


def _read_body(environ: dict) -> bytes:
    """The request's body, read now and given to the app from memory (as
    Werkzeug reads it: the announced length, or to the end of a chunked one)."""
    stream = environ["wsgi.input"]
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        return b""  # the app answers that (400)
    if length > MAX_REQUEST:
        _discard(stream, length)
        return b""  # the app answers that (413: `MAX_REQUEST`)
    if length >= 0:
        body = stream.read(length)
    elif environ.get("wsgi.input_terminated"):
        # no more than one byte over the limit, which the app then refuses
        body = stream.read(MAX_REQUEST + 1)
        if len(body) > MAX_REQUEST:
            _discard(stream, DISCARDED_MOST)
        environ.pop("HTTP_TRANSFER_ENCODING", None)  # now a body of known length
        environ["CONTENT_LENGTH"] = str(len(body))
    else:
        return b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


#: The most of a refused body read and dropped, so that its sender, still
#: sending, gets the 413: a server that closes with a body unread resets the
#: connection, and the answer sent before is lost with it. A larger body is
#: left unread (its sender sees the connection reset).
DISCARDED_MOST = 16 << 20


def _discard(stream, length: int) -> None:
    """Read and drop up to ``length`` bytes of ``stream`` (none when that is
    over `DISCARDED_MOST`), a piece at a time: nothing of it is kept."""
    if length > DISCARDED_MOST:
        return
    while length > 0:
        piece = stream.read(min(length, 1 << 16))
        if not piece:
            return
        length -= len(piece)


def _draws_figures(body: bytes) -> bool:
    """Whether a callback request is the figures' (its outputs: the map's)."""
    try:
        output = orjson.loads(body).get("output")
    except (orjson.JSONDecodeError, AttributeError):
        return False  # the app answers that
    return isinstance(output, str) and f"{ids.GEO_MAP}.figure" in output
