"""Settings from the command line and the environment, with paths as pathlib objects."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEFAULT_DATA", "Settings", "parse_settings"]

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Settings:
    """How to run the app: which data, where to listen, whether to debug."""

    data_dirs: tuple[Path, ...] = field(default=(DEFAULT_DATA,))
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False


def parse_settings(argv: list[str] | None = None) -> Settings:
    """Settings from ``app.py`` arguments; ``ATLAS_DATA`` sets the default data."""
    parser = argparse.ArgumentParser(description="Alliance Atlas dashboard")
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        metavar="DIR",
        help="data directory, repeat to show several together "
        "(default: the bundled data; ATLAS_DATA overrides, ':'-separated)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument(
        "--debug", action="store_true", help="Dash debug mode (never in production)"
    )
    args = parser.parse_args(argv)
    default = [
        Path(part) for part in os.environ.get("ATLAS_DATA", "").split(":") if part
    ] or [DEFAULT_DATA]
    return Settings(
        data_dirs=tuple(args.data or default),
        host=args.host,
        port=args.port,
        debug=args.debug,
    )
