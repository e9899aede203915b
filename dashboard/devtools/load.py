"""A load test of a running dashboard: many users moving the date window at once.

``python -m dashboard load --url URL --users N --requests M [--seed S]
[--max-seconds T]`` replays the page's date-window callback (the figures of a
view: map, graph, time bar, header) with random windows from N simultaneous
users, each on its own connection (kept alive while the server keeps it, as
a browser's), and prints the throughput, the 50th, 95th and 99th
percentiles of latency and the errors.

It learns everything from the server, as the page does: the callback from
``/_dash-dependencies``, the data's span from the date picker's first window
in ``/_dash-layout``; so it measures any server (``make run``, ``make
serve``). It only ever talks to this machine (loopback addresses) and is
bounded in users, requests and time. Standard library only (and the View
store's format, from the page's own code).
"""

from __future__ import annotations

import http.client
import itertools
import json
import math
import statistics
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from dashboard.core.view import View
from dashboard.devtools.bench import PANEL_SIZES, random_windows
from dashboard.web import ids
from dashboard.web.state import view_store

__all__ = [
    "LOOPBACK",
    "MAX_REQUESTS",
    "MAX_SECONDS",
    "MAX_USERS",
    "LoadError",
    "LoadResult",
    "check_url",
    "page_span",
    "percentile",
    "run_load",
    "window_request",
]

#: The only hosts a load test may target: this machine.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_USERS = 200
MAX_REQUESTS = 100_000
MAX_SECONDS = 3_600
#: What a browser accepts (Chromium); the bodies are counted, not decoded.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"


class LoadError(Exception):
    """The load test cannot run: a bad argument or a server that is not a
    dashboard; the message says which in plain words."""


@dataclass
class LoadResult:
    """What a load test measured. ``latencies_ms`` are the successful
    requests' times from sending to the last byte of the answer;
    ``by_user`` the same, user by user (a server that keeps some users
    waiting longer than others shows there)."""

    url: str
    users: int
    planned: int
    seed: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    body_bytes: int = 0
    stopped_at_limit: bool = False
    by_user: list[list[float]] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return len(self.latencies_ms) + self.errors

    @property
    def throughput(self) -> float:
        """Answered requests (errors included) per second of the run."""
        return self.sent / self.seconds if self.seconds else 0.0

    def report(self) -> str:
        """The figures, one per line, for people."""
        done = sorted(self.latencies_ms)
        rows = [
            ("requests", f"{self.sent:,} in {self.seconds:.1f} s"),
            ("throughput", f"{self.throughput:.1f} requests/s"),
        ]
        for share in (50, 95, 99):
            value = f"{percentile(done, share):.0f} ms" if done else "none"
            rows.append((f"latency p{share}", value))
        medians = sorted(statistics.median(times) for times in self.by_user if times)
        if len(medians) > 1:
            rows.append(
                ("users' p50", f"{medians[0]:.0f} to {medians[-1]:.0f} ms "
                 "(the fastest user's to the slowest's)")
            )  # fmt: skip
        if done:
            mean = self.body_bytes / len(done) / 1024
            rows.append(("answer, mean", f"{mean:.0f} KiB as sent ({ACCEPT_ENCODING})"))
        rows.append(("errors", f"{self.errors:,}"))
        lines = [
            f"load: {self.url}, the date-window callback, {self.users} users, "
            f"{self.planned:,} random windows (seed {self.seed})",
            *(f"  {label:<14}{value}" for label, value in rows),
            *(f"    {sample}" for sample in self.error_samples),
        ]
        if self.stopped_at_limit:
            lines.append(
                f"  stopped at the time limit: {self.sent:,} of "
                f"{self.planned:,} requests sent"
            )
        return "\n".join(lines)


def percentile(ordered: list[float], share: float) -> float:
    """The ``share``-th percentile of ``ordered`` (sorted), nearest rank.

    >>> percentile([10.0, 20.0, 30.0, 40.0], 50)
    20.0
    >>> percentile([10.0, 20.0, 30.0, 40.0], 99)
    40.0
    """
    if not ordered:
        raise ValueError("no value to take a percentile of")
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


def check_url(url: str) -> str:
    """``url`` without a trailing slash, when it is an http(s) address on this
    machine; else `LoadError`.

    >>> check_url("http://127.0.0.1:8050/")
    'http://127.0.0.1:8050'
    >>> check_url("http://example.org")
    Traceback (most recent call last):
    ...
    dashboard.devtools.load.LoadError: --url http://example.org: a load test only targets this machine (127.0.0.1, ::1, localhost), not example.org
    """
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # a bad port raises here
    except ValueError as error:
        raise LoadError(f"--url {url}: {error}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise LoadError(f"--url {url}: give an address like http://127.0.0.1:8050")
    if host not in LOOPBACK:
        raise LoadError(
            f"--url {url}: a load test only targets this machine "
            f"({', '.join(sorted(LOOPBACK))}), not {host}"
        )
    if parts.query or parts.fragment:
        raise LoadError(f"--url {url}: give the server's address, without ?query")
    return url.rstrip("/")


def window_request(dependencies: list[dict], store: dict) -> dict:
    """The body the page posts to ``/_dash-update-component`` when the View
    store holds ``store``: the callback that draws the map, found in the
    server's ``/_dash-dependencies``."""
    wanted = f"{ids.GEO_MAP}.figure"
    for callback in dependencies:
        if callback.get("clientside_function") or callback.get("background"):
            continue
        key = callback.get("output", "")
        parts = key.strip(".").split("...") if key.startswith("..") else [key]
        if wanted not in parts:
            continue
        values = {f"{ids.VIEW}.data": store, f"{ids.PANEL_SIZES}.data": PANEL_SIZES}
        return {
            "output": key,
            "outputs": [
                dict(zip(("id", "property"), part.rsplit(".", 1))) for part in parts
            ],
            "inputs": [
                {**given, "value": values.get(f"{given['id']}.{given['property']}")}
                for given in callback.get("inputs", [])
            ],
            "changedPropIds": [f"{ids.VIEW}.data"],
            "state": [{**given, "value": None} for given in callback.get("state", [])],
        }
    raise LoadError(f"the server has no callback that draws '{wanted}'")


def page_span(layout: dict) -> tuple[date, date]:
    """The first and last day of the data: the window the page's date picker
    opens on (it allows more, any day a link may name)."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and props.get("id") == ids.DATE_RANGE:
                try:
                    return (
                        date.fromisoformat(str(props["start_date"])[:10]),
                        date.fromisoformat(str(props["end_date"])[:10]),
                    )
                except (KeyError, ValueError) as error:
                    raise LoadError(
                        f"the page's date picker has no span: {error}"
                    ) from None
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise LoadError(f"the page has no date picker ('{ids.DATE_RANGE}')")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects refused: the load only targets this machine (`check_url`),
    and a redirect could send it elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise LoadError(
            f"{req.full_url}: the server redirects to {newurl}; give the "
            "dashboard's own address as --url"
        )


_OPENER = urllib.request.build_opener(_NoRedirects)


def _get_json(url: str, timeout: float):
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return json.loads(response.read())
    except (OSError, ValueError) as error:  # HTTPError too: "HTTP Error 500: …"
        if isinstance(getattr(error, "reason", None), ConnectionRefusedError):
            # "<urlopen error [Errno 111] Connection refused>" said no more
            raise LoadError(
                f"{url}: nothing answers there; start the dashboard first "
                "(make run, or make serve) or give its --url"
            ) from None
        raise LoadError(f"{url}: {error}") from None


def _connection(base: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(base)
    kind = (
        http.client.HTTPSConnection
        if parts.scheme == "https"
        else http.client.HTTPConnection
    )
    return kind(parts.hostname, parts.port, timeout=timeout)


def run_load(
    url: str,
    *,
    users: int,
    requests: int,
    seed: int = 0,
    max_seconds: float = 120,
    timeout: float = 30,
) -> LoadResult:
    """Post ``requests`` date-window callbacks (random windows, reproducible
    from ``seed``) from ``users`` threads, each on its own connection (kept
    while the server keeps it), and measure. New requests stop after
    ``max_seconds``.

    Raises:
        LoadError: on a bad argument or a server that does not answer as a
            dashboard.
    """
    base = check_url(url)
    if not 1 <= users <= MAX_USERS:
        raise LoadError(f"--users {users}: give 1 to {MAX_USERS}")
    if not 1 <= requests <= MAX_REQUESTS:
        raise LoadError(f"--requests {requests}: give 1 to {MAX_REQUESTS:,}")
    if not 0 < max_seconds <= MAX_SECONDS:
        raise LoadError(f"--max-seconds {max_seconds:g}: give 1 to {MAX_SECONDS}")
    prefix = urlsplit(base).path
    dependencies = _get_json(base + "/_dash-dependencies", timeout)
    span = page_span(_get_json(base + "/_dash-layout", timeout))
    bodies = [
        json.dumps(
            window_request(dependencies, view_store(View(start=a, end=b), None))
        ).encode()
        for a, b in random_windows(span, requests, seed)
    ]
    result = LoadResult(url=base, users=users, planned=requests, seed=seed)
    turns = itertools.count()  # next() on it is atomic: each body is sent once
    lock = threading.Lock()
    headers = {"Content-Type": "application/json", "Accept-Encoding": ACCEPT_ENCODING}
    started = time.perf_counter()
    deadline = started + max_seconds

    result.by_user = [[] for _ in range(users)]

    def user(mine: list[float]) -> None:
        connection = _connection(base, timeout)
        try:
            while (turn := next(turns)) < requests:
                if time.perf_counter() > deadline:
                    result.stopped_at_limit = True
                    return
                sent = time.perf_counter()
                try:
                    connection.request(
                        "POST",
                        prefix + "/_dash-update-component",
                        bodies[turn],
                        headers,
                    )
                    response = connection.getresponse()
                    body = response.read()
                    failure = (
                        None
                        if response.status == 200 and body
                        else f"HTTP {response.status}: {body[:120]!r}"
                    )
                except (OSError, http.client.HTTPException) as error:
                    connection.close()  # reconnects on the next request
                    failure, body = f"{type(error).__name__}: {error}", b""
                elapsed = (time.perf_counter() - sent) * 1000
                with lock:
                    if failure:
                        result.errors += 1
                        if len(result.error_samples) < 5:
                            result.error_samples.append(failure)
                    else:
                        result.latencies_ms.append(elapsed)
                        mine.append(elapsed)
                        result.body_bytes += len(body)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=user, args=(mine,), daemon=True)
        for mine in result.by_user
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result
