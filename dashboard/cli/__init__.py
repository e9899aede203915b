"""Command line: ``python -m dashboard check|import|fetch|update|export|render|deck|timelapse|generate|bench|load``
(``--help``): one function per subcommand, each taking the parsed arguments and
returning the exit status (0 done, 1 the data or the work failed, 2 a bad
argument). Dash is imported only by ``bench``, which serves the page, and by
``load``, which speaks to it.

The commands live by job: ``data`` (check, export, generate), ``images``
(render, deck, timelapse), ``events`` (import, fetch, update), ``dev`` (bench,
load); ``parser`` builds the parser, ``common`` holds what they share."""

from __future__ import annotations

from dashboard.cli.common import fail
from dashboard.cli.events import _every as _every  # tests read the parsing helpers
from dashboard.cli.events import _utc_moment as _utc_moment
from dashboard.cli.parser import build_parser

__all__ = ["build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the subcommand of ``argv`` (default: ``sys.argv[1:]``); its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except OSError as error:  # a file that cannot be read or written: which, in a line
        where = f"{error.filename}: " if error.filename else ""
        return fail(f"{where}{error.strerror or error}", 1)
