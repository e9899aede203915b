"""gunicorn's settings for serving a team: ``make serve`` (or
``.venv/bin/gunicorn -c gunicorn.conf.py``); README "Serving a team".

From the environment, all optional: ``HOST`` (127.0.0.1) and ``PORT`` (8050),
``WORKERS`` (default: one per core this process may use), ``THREADS``
(requests a worker holds at once; default 2), ``ATLAS_DATA`` (the data
directories, ':'-separated; default the bundled data) and
``ATLAS_IMAGE_JOBS`` (images rendering at once on the machine; default half
the cores).

Why these numbers: a date-window callback is Python holding the GIL for tens
of milliseconds, so one process per core uses the machine; a second thread
per process lets it answer a small request (a progress poll, a script)
beside a large window, or read the next window while it draws one. Each
process draws one window at a time (`post_worker_init`).

Every request waits in one queue, the kernel's, for the first worker with
room: a worker holds at most ``threads`` requests, each on a connection of
its own (no keep-alive). A kept-alive connection stays with the worker that
took it, and the kernel's split of 50 users is rarely 25 and 25: those on
the busier worker waited longest (p95 at 50 users up to 1.6 times the
median; with one queue 1.1 to 1.2).
"""

import os
import socket


def _count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name}={value}: give a whole number, 1 or more")
    return int(value)


_host = os.environ.get("HOST") or "127.0.0.1"
_port = os.environ.get("PORT") or "8050"

wsgi_app = "app:server"
bind = [f"{_host}:{_port}"]
workers = _count("WORKERS", len(os.sched_getaffinity(0)))
threads = _count("THREADS", 2)
worker_class = "gthread"
# One queue for every request (the module's docstring): a worker takes a new
# connection only while it holds fewer than `threads`, and closes each after
# its answer, so the next request joins the queue again.
worker_connections = threads
keepalive = 0
# Load the data once, in the arbiter, before forking: the workers share its
# pages copy-on-write (app.py's settle() freezes them out of the garbage
# collector, whose scans would otherwise touch, and so copy, every page).
preload_app = True
# a large window at 100,000 relations takes under a second; the limit only
# catches a stuck worker
timeout = 60
# no control socket in $HOME (gunicorn 25+): nothing here uses gunicornc
control_socket_disable = True
# a link of up to 8 KB opens the page (gunicorn's most; its default, 4 KB,
# answered a long link with a bare "414 URI Too Long" and none of the page's
# notices or security headers)
limit_request_line = 8190
#: How long the kernel holds a new connection that has sent nothing before a
#: worker sees it (s). A browser opens connections before it needs them
#: (Chromium's preconnects); one a worker took would hold one of its
#: `threads` for gthread's 5 s wait for a request: six idle ones kept a
#: two-worker server from answering for 4.5 s.
DEFER_ACCEPT = 30


def on_starting(server) -> None:
    """Refuse a port something listens on already, in one line (gunicorn
    would retry five times, a second apart, and then say it cannot connect).
    Not when the sockets are handed over, in use by design: a new master
    started by USR2 (an upgrade in place) or systemd's socket activation."""
    from dashboard.config import listen_problem

    if server.master_pid or os.environ.get("LISTEN_FDS"):
        return
    if _port.isdigit():  # else gunicorn says what is wrong with it
        problem = listen_problem(
            _host.strip("[]"), int(_port), options=("HOST=", "PORT=")
        )
        if problem:
            raise SystemExit(f"Cannot start: {problem}")


def when_ready(server) -> None:
    """Hand a worker only connections that have sent their request
    (`DEFER_ACCEPT`), on every TCP socket the server listens on (Linux; other
    systems have no such option)."""
    option = getattr(socket, "TCP_DEFER_ACCEPT", None)
    for listener in server.LISTENERS:
        if option and listener.sock.family in (socket.AF_INET, socket.AF_INET6):
            listener.sock.setsockopt(socket.IPPROTO_TCP, option, DEFER_ACCEPT)


def post_worker_init(worker) -> None:
    """Each worker draws the figures of one window at a time, first come first
    served (web/serving.py `FiguresInTurn`): its threads would otherwise share
    its one core, taking a fifth more processor time to pass the interpreter
    lock between them. (Its garbage collector's setting it has from the
    arbiter, which loaded the app: app.py's settle().) And what gunicorn
    refuses itself is answered with the security headers."""
    from dashboard.web.serving import FiguresInTurn

    worker.wsgi = FiguresInTurn(worker.wsgi)
    _refusals_with_headers()


def _refusals_with_headers() -> None:
    """A request gunicorn refuses itself (a line over `limit_request_line`,
    a malformed one) gets its page with the security headers every answer
    carries (web/serving.py `refusal`): gunicorn has no setting for them."""
    from gunicorn import util

    from dashboard.web.serving import refusal

    def write_error(sock, status, reason, message):
        util.write_nonblock(sock, refusal(status, reason, message))

    util.write_error = write_error
