"""What the subcommands share: saying why they failed and writing a file."""

from __future__ import annotations

import sys
from pathlib import Path


def fail(message: object, status: int = 2) -> int:
    """Say why on standard error; the exit status (2: a bad argument)."""
    print(message, file=sys.stderr)
    return status


def write(path: str | Path, content: bytes) -> Path:
    """Write ``content`` to ``path``, making its folders; the path written."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    return out


def window_dates(args) -> dict:
    """The ``--start`` and ``--end`` given, as dates by name (ValueError when
    one is not YYYY-MM-DD)."""
    from datetime import date

    return {
        name: date.fromisoformat(value)
        for name, value in (("start", args.start), ("end", args.end))
        if value
    }
