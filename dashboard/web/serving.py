"""How the app answers over HTTP: security headers on every response,
compression settings, callback answers written in one pass, the development
server's ``Server`` header, and the first request answered before serving."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import orjson
from dash import Dash
from flask import Flask
from werkzeug.serving import WSGIRequestHandler

__all__ = [
    "COMPRESSION",
    "SECURITY_HEADERS",
    "PlainRequestHandler",
    "callback_json",
    "content_security_policy",
    "secure_headers",
    "warm_up",
    "write_callbacks_in_one_pass",
]

#: Sent with every response, beside the Content-Security-Policy.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
}
#: flask-compress's settings, read when Dash sets it up. The fastest first
#: among those the browser accepts; gzip at level 4, not 6, and brotli at 3, not
#: 4: on a 650 KiB window 4.4 ms instead of 12 ms (114 KiB instead of 103), and
#: 2.9 ms instead of 3.9 ms (101 KiB instead of 96); zstd (level 3) takes 1.1 ms.
COMPRESSION = {
    "COMPRESS_ALGORITHM": ["zstd", "br", "gzip"],
    "COMPRESS_LEVEL": 4,
    "COMPRESS_BR_LEVEL": 3,
}
#: What Dash (through plotly) escapes in its JSON answers.
_ESCAPED = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("/", "\\u002f"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


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


class PlainRequestHandler(WSGIRequestHandler):
    """The development server's request handler (``app.run``), naming itself
    ``Werkzeug`` in the ``Server`` header without its and Python's versions
    (gunicorn's header says ``gunicorn`` alone)."""

    def version_string(self) -> str:
        return "Werkzeug"


def callback_json(value, *, fallback: Callable[[object], str]) -> str:
    """A callback's answer as JSON, as Dash writes it (plotly's orjson
    engine, ``<``, ``>``, ``/`` and the line separators escaped), in one pass;
    ``fallback`` (Dash's own) writes anything this does not know.

    Dash hands the answer to plotly, whose fast path fails as soon as one
    value is not plain (the time bar's `Patch`, a text array, a component),
    and then copies the whole answer, a value at a time, before writing it:
    10 ms of a 100,000-relation window's 60. Here orjson asks for those few
    values only (`_plain`) and writes the rest as it is.
    """
    try:
        text = orjson.dumps(
            value,
            default=_plain,
            option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS,
        ).decode()
    except TypeError:
        return fallback(value)
    for unsafe, safe in _ESCAPED:
        if unsafe in text:
            text = text.replace(unsafe, safe)
    return text


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
