"""Start the dashboard: ``python app.py [--data DIR] [--host H] [--port N] [--debug]``.

Under a WSGI server (``gunicorn app:server``) the data directory comes from the
``ATLAS_DATA`` environment variable, or the bundled data.
"""

from __future__ import annotations

import sys

from dashboard.config import parse_settings
from dashboard.core.load import DataError
from dashboard.web.app import create_app, settle


def main(argv: list[str] | None = None) -> int:
    settings = parse_settings(argv)
    try:
        app = create_app(settings)
    except DataError as error:
        print(
            f"Cannot start: {', '.join(map(str, settings.data_dirs))} is not valid.\n{error}",
            file=sys.stderr,
        )
        return 1
    settle()
    app.run(
        host=settings.host,
        port=settings.port,
        debug=settings.debug,
        # offline, always: debug mode would otherwise ask plotly.com for updates
        dev_tools_disable_version_check=True,
    )
    return 0


def wsgi_server():
    """The Flask server for gunicorn; invalid data exits with the report."""
    settings = parse_settings([])
    try:
        app = create_app(settings)
    except DataError as error:
        print(
            f"Cannot start: {', '.join(map(str, settings.data_dirs))} is not valid.\n{error}",
            file=sys.stderr,
        )
        raise SystemExit(1) from None
    settle()
    return app.server


if __name__ == "__main__":
    sys.exit(main())
else:
    server = wsgi_server()
