"""The command line's parser: a subparser per command, each setting ``func``."""

from __future__ import annotations

import argparse

from dashboard.cli.data import check, export, generate
from dashboard.cli.dev import bench, load
from dashboard.cli.events import fetch_command, import_command, update
from dashboard.cli.images import deck, render, timelapse
from dashboard.config import DEFAULT_DATA, data_directory


def sources(text: str) -> int:
    """An argparse type: ``--min-sources``, a count of 0 or more (0 keeps
    also the relations GDELT counts no source for, a row's NumSources
    blank or 0; 1, the default, drops those). Less, accepted, kept every
    relation as 0 does, and said nothing of a slip (``-1`` for ``1``).

    >>> sources("2")
    2
    """
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text}: not a whole number") from None
    if count < 0:
        raise argparse.ArgumentTypeError(
            f"{text}: give 0 or more (0 keeps every relation)"
        )
    return count


def words(text: str) -> str:
    """An argparse type: an option's text (a query, an actor id, kinds, a
    story), refused when it holds bytes that are not UTF-8 (a shell's
    ``$'\\xff'``): they went on to end in "'utf-8' codec can't encode
    character '\\udcff'", naming neither option nor value. Paths are not
    checked: a file's name may be any bytes.

    >>> words("putin")
    'putin'
    """
    if any("\udc80" <= character <= "\udcff" for character in text):
        raw = text.encode("utf-8", "surrogateescape")
        shown = raw.decode("utf-8", "backslashreplace")
        raise argparse.ArgumentTypeError(f"'{shown}' is not UTF-8 text")
    return text


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser; each subcommand sets ``func``, its function."""
    from dashboard.outputs.exports import FORMATS as EXPORT_FORMATS

    parser = argparse.ArgumentParser(prog="python -m dashboard")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, func, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help)
        sub.set_defaults(func=func)
        return sub

    def data_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--data", action="append", type=data_directory, metavar="DIR",
            help="data directory; repeat for several",
        )  # fmt: skip

    sub = command("check", check, "validate a data directory")
    sub.add_argument(
        "directory", type=data_directory, nargs="+",
        help="a data directory or event store; several are checked together, "
        "as the app shows them (--data A --data B)",
    )  # fmt: skip
    sub.add_argument(
        "--source", action="append", default=[], metavar="FILE",
        help="a source document (UTF-8 text); repeat for several: report every "
        "relation whose quote is in none of them (see docs/data-format.md)",
    )  # fmt: skip
    sub = command(
        "bench", bench, "measure speed, size and memory, beside the straightforward way"
    )
    sub.add_argument("--data", default=str(DEFAULT_DATA))
    sub.add_argument(
        "--relations", type=int,
        help="bench on a synthetic data set of this size (with --actors) instead",
    )  # fmt: skip
    sub.add_argument("--actors", type=int, default=5_000)
    sub.add_argument("--windows", type=int, default=50)
    sub.add_argument(
        "--naive-windows", type=int,
        help="windows for the straightforward approach; 0: none (default: as "
        "--windows, 3 above 5,000 relations, where each takes minutes, none "
        "above 200,000, where each takes hours)",
    )  # fmt: skip
    sub.add_argument("--seed", type=int, default=0)
    sub.add_argument(
        "--browser", type=int, default=0, metavar="N",
        help="also load the page N times in headless Chromium and time it",
    )  # fmt: skip
    sub.add_argument(
        "--images", type=int, default=0, metavar="N",
        help="also time the window callback while N PNG images render",
    )  # fmt: skip
    sub.add_argument(
        "--events", type=int, metavar="N",
        help="instead: N raw GDELT-shaped events (seeded) through the event "
        "store's import, timed per count of --import-workers, then the store "
        "it made benched",
    )  # fmt: skip
    sub.add_argument(
        "--files", type=int, metavar="N",
        help="--events: in N files (default: one per 10,000 events)",
    )  # fmt: skip
    sub.add_argument(
        "--import-workers", default="1,2", metavar="N,N",
        help="--events: Dask workers of each import (1: in the importing "
        "process; default: %(default)s)",
    )  # fmt: skip
    sub.add_argument(
        "--keep", metavar="DIR",
        help="--events: write the raw files and the store here and keep them "
        "(the files are used again by a run with the same arguments)",
    )  # fmt: skip
    sub = command(
        "export", export, "write the actors and relations of a view for other tools"
    )
    data_option(sub)
    sub.add_argument(
        "--view",
        type=words,
        help="a view as in the page's URL: '?start=...&kinds=...&confidence=...'",
    )
    sub.add_argument("--start", help="YYYY-MM-DD (default: start of the data)")
    sub.add_argument("--end", help="YYYY-MM-DD (default: end of the data)")
    sub.add_argument("--kinds", type=words, help="relation kinds, comma-separated")
    sub.add_argument("--states", action="store_true", help="states only")
    sub.add_argument("--focus", type=words, help="an actor id: only its neighbourhood")
    sub.add_argument("--depth", type=int, choices=(1, 2, 3))
    sub.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    sub.add_argument("--out", required=True, help="file; for csv a directory or a .zip")
    sub.add_argument("--replace", action="store_true",
                     help="csv: replace the data set a directory --out holds")  # fmt: skip
    sub = command(
        "import", import_command,
        "GDELT or ICEWS files to a data directory, or into an event store",
    )  # fmt: skip
    sub.add_argument("format", choices=("gdelt", "icews"))
    sub.add_argument(
        "files", nargs="+", metavar="FILE",
        help="GDELT .CSV or .CSV.zip files, or ICEWS .tab files, or a folder of them",
    )  # fmt: skip
    into = sub.add_mutually_exclusive_group(required=True)
    into.add_argument("--out", help="the data directory to write")
    sub.add_argument("--replace", action="store_true",
                     help="--out: replace the data set it holds")  # fmt: skip
    into.add_argument(
        "--store", metavar="STORE",
        help="the event store to import into, made if missing: each file once, "
        "its events kept as Parquet by month (README 'Event store')",
    )  # fmt: skip
    sub.add_argument(
        "--scheduler", metavar="tcp://HOST:8786",
        help="--store: read the files on this Dask cluster, whose workers see "
        "them at the same paths (default: local processes)",
    )  # fmt: skip
    sub.add_argument(
        "--workers", type=int, metavar="N",
        help="--store: local processes (default: one per core, at most one "
        "per file; 1: this process, without Dask)",
    )  # fmt: skip
    sub.add_argument(
        "--countries", default="RUS,BLR,TUR,USA,VEN", type=words,
        help="keep events whose two actors both belong to these (ISO 3166 alpha-3)",
    )  # fmt: skip
    sub.add_argument("--since", help="YYYY-MM-DD: drop earlier events")
    sub.add_argument("--until", help="YYYY-MM-DD: drop later events")
    sub.add_argument("--min-sources", type=sources, default=1, metavar="N",
                     help="drop relations of fewer sources (source_count: GDELT's "
                     "sources, each article once; ICEWS's publishers); 0 keeps "
                     "every relation (default: 1)")  # fmt: skip
    sub = command("generate", generate, "a seeded synthetic data directory, at scale")
    sub.add_argument("--relations", type=int, default=100_000)
    sub.add_argument("--actors", type=int, default=5_000)
    sub.add_argument("--seed", type=int, default=0)
    sub.add_argument("--spikes", type=int, default=0,
                     help="days of a crisis: that many 3-day spikes, each with "
                     "2%% of the relations")  # fmt: skip
    sub.add_argument("--out", required=True)
    sub.add_argument("--replace", action="store_true",
                     help="replace the data set --out holds")  # fmt: skip
    sub = command(
        "load", load, "many users moving the date window of a running dashboard"
    )
    sub.add_argument(
        "--url", default="http://127.0.0.1:8050",
        help="the dashboard's address; this machine only (default: %(default)s)",
    )  # fmt: skip
    sub.add_argument("--users", type=int, default=10, help="at once, up to 200")
    sub.add_argument(
        "--requests", type=int, default=1_000, help="in all, up to 100,000"
    )
    sub.add_argument("--seed", type=int, default=0, help="for the random windows")
    sub.add_argument(
        "--max-seconds", type=float, default=120,
        help="send no new request after this long (default: %(default)s)",
    )  # fmt: skip
    sub = command("render", render, "a slide-ready image of a view's map or graph")
    data_option(sub)
    sub.add_argument("--view", choices=("map", "graph"), default="map")
    sub.add_argument("--start", help="YYYY-MM-DD (default: start of data)")
    sub.add_argument("--end", help="YYYY-MM-DD (default: end of the data)")
    sub.add_argument("--focus", type=words, help="an actor id to highlight")
    sub.add_argument("--states", action="store_true", help="states only")
    sub.add_argument(
        "--query",
        type=words,
        help="a view as in the page's URL: '?kinds=...&focus=putin&depth=1' "
        "(--start, --end, --focus and --states change it)",
    )
    sub.add_argument(
        "--theme", choices=("light", "dark"),
        help="default: the query's theme=, else light",
    )  # fmt: skip
    sub.add_argument("--format", choices=("png", "svg", "pdf"), default="png")
    sub.add_argument(
        "--scale", type=float, default=2, help="PNG pixels per CSS pixel (1600x900)"
    )
    sub.add_argument("--out", required=True)
    sub = command(
        "timelapse", timelapse, "the view stepped through time as a GIF or an MP4"
    )
    data_option(sub)
    sub.add_argument("--story", type=words, help="a story's name: a frame per step")
    sub.add_argument("--start", help="YYYY-MM-DD (default: start of the data)")
    sub.add_argument("--end", help="YYYY-MM-DD (default: end of the data)")
    sub.add_argument(
        "--step", choices=("day", "week", "month"),
        help="consecutive windows of one step (default: the windows Play "
        "visits, one per stretch in which something starts)",
    )  # fmt: skip
    sub.add_argument(
        "--query",
        type=words,
        help="the filters of a view as in the page's URL: '?kinds=...&states=1'",
    )
    sub.add_argument("--view", choices=("map", "graph", "both"), default="map",
                     help="both: map and network side by side")  # fmt: skip
    sub.add_argument("--format", required=True, choices=("gif", "mp4"))
    sub.add_argument(
        "--theme", choices=("light", "dark"),
        help="default: the query's theme=, else light",
    )  # fmt: skip
    sub.add_argument(
        "--seconds", type=float, default=1.0,
        help="each frame's time on screen (default: %(default)s; the last "
        "stays 3 s)",
    )  # fmt: skip
    sub.add_argument("--out", required=True)
    sub = command("deck", deck, "a briefing deck of a story: one slide per step")
    data_option(sub)
    sub.add_argument("--story", type=words, required=True, help="the story's name")
    sub.add_argument("--format", choices=("pptx", "pdf"), default="pptx")
    sub.add_argument("--view", choices=("map", "graph"), default="map")
    sub.add_argument("--theme", choices=("light", "dark"), default="light")
    sub.add_argument("--out", required=True)

    def gdelt_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--downloads", type=int, default=4,
                         help="files downloaded at once (default: %(default)s)")  # fmt: skip
        sub.add_argument("--timeout", type=float, default=60,
                         help="seconds a silent server is given (default: %(default)s)")  # fmt: skip
        sub.add_argument("--download-only", action="store_true",
                         help="fetch and check, import later (the next run does)")  # fmt: skip
        sub.add_argument("--scheduler", help="passed to the store's import")
        sub.add_argument("--workers", type=int, help="passed to the store's import")

    sub = command(
        "fetch", fetch_command, "download GDELT events files into an event store"
    )
    sub.add_argument("source", choices=("gdelt",))
    sub.add_argument(
        "--since", required=True,
        help="YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC): files published from then",
    )  # fmt: skip
    sub.add_argument(
        "--until", help="the same: files published until then (default: now)"
    )
    sub.add_argument("--out", required=True, metavar="STORE", help="the event store")
    sub.add_argument(
        "--base-url",
        help="GDELT or a mirror (default: the store's, else ATLAS_GDELT_URL, "
        "else http://data.gdeltproject.org)",
    )
    sub.add_argument(
        "--countries",
        type=words,
        help="keep events whose two actors both belong to these (ISO 3166 alpha-3; "
        "default: the store's, else RUS,BLR,TUR,USA,VEN)",
    )
    gdelt_options(sub)
    sub = command(
        "update", update, "fetch what GDELT published since the store's last run"
    )
    sub.add_argument("store", metavar="STORE")
    sub.add_argument("--every", help="again every so long ('15m', '1h') until Ctrl+C")
    gdelt_options(sub)
    return parser
