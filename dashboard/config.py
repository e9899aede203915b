"""Settings from the command line and the environment, with paths as pathlib objects."""

from __future__ import annotations

import argparse
import errno
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_DATA",
    "Settings",
    "data_directory",
    "default_image_jobs",
    "listen_problem",
    "parse_settings",
]

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def default_image_jobs() -> int:
    """How many images or decks may render at once on this machine: half its
    cores, at least one (``ATLAS_IMAGE_JOBS`` overrides). Each render runs a
    Chromium of about 450 MB and keeps a core busy, which the page's requests
    would otherwise wait for."""
    try:
        wanted = int(os.environ.get("ATLAS_IMAGE_JOBS", ""))
    except ValueError:
        wanted = 0
    return wanted if wanted > 0 else max(1, len(os.sched_getaffinity(0)) // 2)


@dataclass(frozen=True)
class Settings:
    """How to run the app: which data, where to listen, whether to debug, and
    how many images may render at once across the machine."""

    data_dirs: tuple[Path, ...] = field(default=(DEFAULT_DATA,))
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    image_jobs: int = field(default_factory=default_image_jobs)


def data_directory(text: str) -> Path:
    """An argparse type: ``text`` as a data directory's path (or an event
    store's: a directory too), refused when it names a file (an easy slip:
    ``--data data/relations.csv``) or nothing."""
    path = Path(text)
    if path.is_file():
        raise argparse.ArgumentTypeError(
            f"{text} is a file, not a data directory "
            "(give the folder that holds actors.csv and relations.csv)"
        )
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{text}: no such data directory")
    return path


def listen_problem(
    host: str, port: int, *, options: tuple[str, str] = ("--host", "--port")
) -> str | None:
    """Why the server could not listen on ``host``:``port`` (in use, not
    allowed, no such address), in one line; None when it can. ``options``:
    how the user chooses the host and the port (``make serve``: HOST=, PORT=).

    Checked by binding as the server will, so that a busy port stops the start
    with one line, before the data loads and before Dash says it is running.
    Werkzeug's reloader (``--debug``) holds the port for its child: its child
    does not check again.
    """
    if os.environ.get("WERKZEUG_RUN_MAIN") == "true":
        return None
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
    except socket.gaierror as error:
        return f"{host}: {error.strerror} (choose another with {options[0]})"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is in use: stop what listens there "
                    f"or choose another with {options[1]}"
                )
            return f"cannot listen on {host}:{port}: {error.strerror}"
    return None


def parse_settings(argv: list[str] | None = None) -> Settings:
    """Settings from ``app.py`` arguments; ``ATLAS_DATA`` sets the default data.

    A ``--data`` that is a file or does not exist stops with a one-line error
    (exit status 2), an ``ATLAS_DATA`` entry likewise (exit status 1).
    """
    parser = argparse.ArgumentParser(description="Alliance Atlas dashboard")
    parser.add_argument(
        "--data",
        type=data_directory,
        action="append",
        metavar="DIR",
        help="data directory, or event store (a directory with store.json: "
        "README 'Event store'); repeat to show several together "
        "(default: the bundled data; ATLAS_DATA overrides, ':'-separated)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument(
        "--debug", action="store_true", help="Dash debug mode (never in production)"
    )
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port {args.port}: give a port between 1 and 65535")
    default = [part for part in os.environ.get("ATLAS_DATA", "").split(":") if part]
    try:
        directories = args.data or [data_directory(part) for part in default]
    except argparse.ArgumentTypeError as error:  # not an argument: no usage
        raise SystemExit(f"Cannot start: ATLAS_DATA: {error}") from None
    return Settings(
        data_dirs=tuple(directories or [DEFAULT_DATA]),
        host=args.host,
        port=args.port,
        debug=args.debug,
    )
