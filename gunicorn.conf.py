"""gunicorn's settings for serving a team: ``make serve`` (or
``.venv/bin/gunicorn -c gunicorn.conf.py``); README "Serving a team".

From the environment, all optional: ``HOST`` (127.0.0.1) and ``PORT`` (8050),
``WORKERS`` (default: one per core this process may use) and ``THREADS``
(default 4), ``ATLAS_DATA`` (the data directories, ':'-separated; default the
bundled data) and ``ATLAS_IMAGE_JOBS`` (images rendering at once on the
machine; default half the cores).

Why these numbers: a date-window callback is Python holding the GIL for tens
of milliseconds, so one process per core uses the machine; a few threads per
process let it answer the page's small requests (progress polls, scripts)
while a large window is being computed, at little memory cost. Each process
draws one window at a time (`post_worker_init`), the others waiting their turn.
"""

import gc
import logging
import os


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
threads = _count("THREADS", 4)
worker_class = "gthread"
# Load the data once, in the arbiter, before forking: the workers share its
# pages copy-on-write (app.py's settle() freezes them out of the garbage
# collector, whose scans would otherwise touch, and so copy, every page).
preload_app = True
# a large window at 100,000 relations takes under a second; the limit only
# catches a stuck worker
timeout = 60
# no control socket in $HOME (gunicorn 25+): nothing here uses gunicornc
control_socket_disable = True
# Each worker listens on a socket of its own (SO_REUSEPORT), and the kernel
# spreads new connections evenly between them. On one shared socket the
# worker that accepted last takes the next connection too, and keep-alive
# connections stay where they landed: 42 of 50 users on one worker, each
# waiting five times as long as the other's 8 (p95 1.4 s, where a socket per
# worker gave 0.9 s).
reuse_port = True


def on_starting(server) -> None:
    """Refuse a port something listens on already, in one line: with
    `reuse_port`, a second server started by the same user would otherwise
    share the port with the first, each answering some of its connections."""
    from dashboard.config import listen_problem

    if _port.isdigit():  # else gunicorn says what is wrong with it
        problem = listen_problem(
            _host.strip("[]"), int(_port), options=("HOST=", "PORT=")
        )
        if problem:
            raise SystemExit(f"Cannot start: {problem}")
    server.log.info("Listening at: http://%s:%s, a socket per worker", _host, _port)
    server.log.error_log.addFilter(_no_empty_listeners)


def _no_empty_listeners(record: logging.LogRecord) -> bool:
    """Drop gunicorn's own "Listening at:  (pid)": with `reuse_port` its
    arbiter holds no socket, so the line names none; the one above says
    where the workers listen."""
    return not (record.msg == "Listening at: %s (%s)" and not record.args[0])


def post_worker_init(worker) -> None:
    """Each worker draws the figures of one window at a time, first come first
    served (web/serving.py `FiguresInTurn`): its threads would otherwise share
    its one core, taking a fifth more processor time to pass the interpreter
    lock between them. And its garbage collector waits for 20,000 new
    objects, not 700: a large window's answer holds some 3,000 lists and
    dicts until it is sent (then freed), and the collector scanned them some
    four times a window as they were made: 0.3 ms of its 12."""
    from dashboard.web.serving import FiguresInTurn

    gc.set_threshold(20_000, 10, 10)
    worker.wsgi = FiguresInTurn(worker.wsgi)
