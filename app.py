"""Start the dashboard: ``python app.py [--data DIR] [--host H] [--port N] [--debug]``.

``--data`` names a data directory or an event store (``--data data --data
STORE`` shows both). Under a WSGI server (``make serve``: gunicorn with
``gunicorn.conf.py``) the data comes from the ``ATLAS_DATA`` environment
variable, or the bundled data.
"""

from __future__ import annotations

import sys

from dashboard.allocator import one_heap

one_heap()  # first: before any import starts a thread

from dash import Dash  # noqa: E402

from dashboard.config import Settings, listen_problem, parse_settings  # noqa: E402
from dashboard.core.problems import DataError  # noqa: E402
from dashboard.web.app import create_app, settle  # noqa: E402
from dashboard.web.jobs import jobs_manager  # noqa: E402
from dashboard.web.serving import PlainRequestHandler, warm_up  # noqa: E402


def _built(settings: Settings, jobs=None) -> Dash:
    """The app on the settings' data; invalid data exits with the full report.
    Not warmed up under ``--debug``: Dash adds its debugging tools when it
    starts serving, which Flask refuses once the app has answered a request."""
    try:
        app = create_app(settings, jobs=jobs)
    except DataError as error:
        folders = ", ".join(map(str, settings.data_dirs))
        print(f"Cannot start: {folders} is not valid.\n{error}", file=sys.stderr)
        raise SystemExit(1) from None
    if not settings.debug:
        warm_up(app)
    settle()
    return app


def main(argv: list[str] | None = None) -> int:
    settings = parse_settings(argv)
    # before the data loads (seconds at scale) and before Dash says it runs
    # `make run` passes the options from HOST= and PORT= (a user who typed
    # "make run --port 8060" had make refuse it)
    problem = listen_problem(
        settings.host,
        settings.port,
        options=("--host (make run HOST=)", "--port (make run PORT=)"),
    )
    if problem:
        print(f"Cannot start: {problem}", file=sys.stderr)
        return 1
    app = _built(settings)
    app.run(
        host=settings.host,
        port=settings.port,
        debug=settings.debug,
        # offline, always: debug mode would otherwise ask plotly.com for updates
        dev_tools_disable_version_check=True,
        request_handler=PlainRequestHandler,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
else:  # under gunicorn (app:server) or a Celery worker (app:celery_app)
    _settings = parse_settings([])
    _jobs = jobs_manager(_settings)
    server = _built(_settings, _jobs).server
    celery_app = getattr(_jobs, "handle", None)  # set with REDIS_URL only
