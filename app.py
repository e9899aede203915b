"""Start the dashboard: ``python app.py [--data DIR] [--host H] [--port N] [--debug]``.

Under a WSGI server (``gunicorn app:server``) the data directory comes from the
``ATLAS_DATA`` environment variable, or the bundled data.
"""

from __future__ import annotations

import sys

from dashboard import create_app
from dashboard.config import parse_settings
from dashboard.data import DataError


def main(argv: list[str] | None = None) -> int:
    settings = parse_settings(argv)
    try:
        app = create_app(settings)
    except DataError as error:
        print(
            f"Cannot start: {settings.data_dirs[0]} is not valid.\n{error}",
            file=sys.stderr,
        )
        return 1
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
else:
    server = create_app(parse_settings([])).server
