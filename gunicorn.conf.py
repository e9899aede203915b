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
while a large window is being computed, at little memory cost.
"""

import os


def _count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name}={value}: give a whole number, 1 or more")
    return int(value)


wsgi_app = "app:server"
bind = [f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or 8050}"]
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
