"""A seeded generator of raw GDELT 2.0 events files, zipped as GDELT ships
them, for pushing millions of events through the event store's import.

Every row is a real row of GDELT 2.0's first file (``tests/fixtures/gdelt``)
with its id, dates, actors' countries (and their codes and names) and the
time it was added drawn anew; its event code, scores, counts, places and
address are the real row's. A file is published at its own quarter hour, the
files spread evenly over 2015-2025; most of its events are of that day, some
of the days or months before, as in GDELT. A share of the rows (``among``)
have both actors in the chosen countries; the others an actor without a
country, or one outside them. The same seed writes the same files.

``python -m dashboard.devtools.rawgdelt --events N [--files F] [--seed S]
--out DIR`` writes them; ``python -m dashboard import gdelt DIR/*.zip --store
STORE`` imports them.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np

from dashboard.core.geo import country_name, known_country_codes
from dashboard.importing.events import DEFAULT_COUNTRIES
from dashboard.importing.gdelt import GDELT_LAYOUTS

__all__ = ["RawGdelt", "write_raw_gdelt"]

FIXTURE = (
    Path(__file__).resolve().parents[2]
    / "tests" / "fixtures" / "gdelt" / "20150218230000.export.CSV.zip"
)  # fmt: skip
#: rows per file when not told: more than a GDELT 2.0 file (1,000 to 3,000),
#: fewer than a 1.0 daily one (100,000 and more)
ROWS_PER_FILE = 10_000
FIRST = datetime(2015, 2, 19)  # GDELT 2.0's first full day
LAST = datetime(2025, 12, 31, 23, 45)
#: countries of actors outside the chosen ones (GDELT's busiest)
OTHERS = (
    "CHN", "GBR", "FRA", "DEU", "IND", "ISR", "IRN", "UKR", "JPN", "PAK",
    "SYR", "AFG", "IRQ", "EGY", "CAN", "AUS", "ITA", "ESP", "BRA", "MEX",
    "COL", "CUB", "PRK", "KOR", "SAU", "POL", "NGA", "ZAF", "KEN", "GRC",
)  # fmt: skip
_COLUMNS = GDELT_LAYOUTS[61][1]
#: the columns drawn anew, in the order `_lines` fills them
_DRAWN = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "DATEADDED",
)  # fmt: skip
MANIFEST = "raw.json"


@dataclass(frozen=True)
class RawGdelt:
    """Files written, and what an import of them keeps."""

    paths: list[Path]
    rows: int
    #: rows whose actors are two different countries among those chosen: the
    #: events an import keeps (every other row is skipped by a filter)
    kept: int
    seed: int
    countries: tuple[str, ...]


def write_raw_gdelt(
    directory: str | Path,
    events: int,
    *,
    files: int | None = None,
    seed: int = 0,
    among: float = 0.125,
    countries: tuple[str, ...] = DEFAULT_COUNTRIES,
    jobs: int = 1,
) -> RawGdelt:
    """Write ``events`` GDELT 2.0 rows into ``files`` zipped events files
    (default: one per `ROWS_PER_FILE` rows) in ``directory``, in ``jobs``
    processes; ``among`` of the rows have both actors in ``countries``.

    A directory that already holds the same files (its ``raw.json`` says the
    same events, files, seed, share and countries) is used as it is.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     raw = write_raw_gdelt(folder, 2_000, files=2, seed=1)
    >>> [path.name for path in raw.paths], raw.rows
    (['20150219000000.export.CSV.zip', '20251231234500.export.CSV.zip'], 2000)
    """
    if events < 1:
        raise ValueError("events: 1 or more")
    files = files or max(1, -(-events // ROWS_PER_FILE))
    slots = int((LAST - FIRST).total_seconds() // 900)
    if not 1 <= files <= min(events, slots):
        raise ValueError(f"files: 1 to one per event, at most {slots:,}")
    if not 0 <= among <= 1:
        raise ValueError("among: a share, 0 to 1")
    countries = tuple(sorted({c.upper() for c in countries}))
    if len(countries) < 2 or not set(countries) <= known_country_codes():
        raise ValueError("countries: two or more ISO 3166 alpha-3 codes")
    directory = Path(directory)
    asked = {"events": events, "files": files, "seed": seed, "among": among,
             "countries": list(countries)}  # fmt: skip
    written = _written(directory, asked)
    if written is not None:
        return written
    directory.mkdir(parents=True, exist_ok=True)
    sizes = [events // files + (index < events % files) for index in range(files)]
    first_ids = np.cumsum([0, *sizes[:-1]])
    tasks = [
        (directory, sizes[index], seed, index, int(first_ids[index]),
         FIRST + timedelta(minutes=15 * (slots * index // max(files - 1, 1))),
         among, countries)
        for index in range(files)
    ]  # fmt: skip
    if jobs > 1 and files > 1:
        with ProcessPoolExecutor(min(jobs, files)) as pool:
            done = list(pool.map(_write_file, *zip(*tasks), chunksize=4))
    else:
        done = [_write_file(*task) for task in tasks]
    raw = RawGdelt(
        paths=[path for path, _ in done], rows=events,
        kept=sum(kept for _, kept in done), seed=seed, countries=countries,
    )  # fmt: skip
    record = asked | {"kept": raw.kept, "paths": [p.name for p in raw.paths]}
    (directory / MANIFEST).write_text(json.dumps(record, indent=1) + "\n")
    return raw


def _written(directory: Path, asked: dict) -> RawGdelt | None:
    """The files of an earlier run with the same arguments, when all are there."""
    try:
        record = json.loads((directory / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or {k: record.get(k) for k in asked} != asked:
        return None
    paths = [directory / name for name in record["paths"]]
    if not all(path.is_file() for path in paths):
        return None
    return RawGdelt(paths, asked["events"], record["kept"], asked["seed"],
                    tuple(asked["countries"]))  # fmt: skip


@lru_cache(maxsize=1)
def _templates() -> list[str]:
    """Each fixture row as a %-format whose fields `_DRAWN` are to be filled."""
    with zipfile.ZipFile(FIXTURE) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    drawn = {_COLUMNS.index(name) for name in _DRAWN}
    templates = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) != len(_COLUMNS):
            continue
        templates.append(
            "\t".join(
                "%s" if i in drawn else field.replace("%", "%%")
                for i, field in enumerate(fields)
            )
        )
    return templates


@lru_cache(maxsize=1)
def _actors_of_templates() -> tuple[list[str], list[str]]:
    """Each fixture row's own actor codes and names (kept when the drawn
    country is blank): ([code1, name1, code2, name2] per row)."""
    with zipfile.ZipFile(FIXTURE) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    rows = [line.split("\t") for line in text.splitlines()]
    at = [_COLUMNS.index(n) for n in ("Actor1Code", "Actor1Name", "Actor2Code",
                                      "Actor2Name")]  # fmt: skip
    return [[row[i] for i in at] for row in rows if len(row) == len(_COLUMNS)]


def _write_file(
    directory: Path,
    rows: int,
    seed: int,
    index: int,
    first_id: int,
    published: datetime,
    among: float,
    countries: tuple[str, ...],
) -> tuple[Path, int]:
    """One zipped events file of ``rows`` rows: its path and the rows an
    import keeps."""
    rng = np.random.default_rng([seed, index])
    templates, own = _templates(), _actors_of_templates()
    chosen = rng.integers(len(templates), size=rows)
    # most events are of the day they are published, some earlier
    lag = np.where(
        rng.random(rows) < 0.75, 0,
        np.where(rng.random(rows) < 0.6, rng.integers(1, 8, rows),
                 rng.integers(8, 366, rows)),
    )  # fmt: skip
    days = np.datetime64(published.date(), "D") - lag.astype("timedelta64[D]")
    first, second, kept = _countries(rng, rows, among, countries)
    stamp = published.strftime("%Y%m%d%H%M%S")
    names = {code: country_name(code).upper() for code in {*first, *second} - {""}}
    lines = []
    for n, (t, day, a, b) in enumerate(zip(chosen, days.tolist(), first, second)):
        code1, name1, code2, name2 = own[t]
        ordinal = day.timetuple().tm_yday
        lines.append(
            templates[t]
            % (
                first_id + n + 1, f"{day:%Y%m%d}", f"{day:%Y%m}", day.year,
                f"{day.year + ordinal / 365:.4f}",
                a or code1, names[a] if a else name1, a,
                b or code2, names[b] if b else name2, b, stamp,
            )
        )  # fmt: skip
    path = directory / f"{stamp}.export.CSV.zip"
    # dated by its publication, not by the clock: the same seed, the same bytes
    member = zipfile.ZipInfo(f"{stamp}.export.CSV", published.timetuple()[:6])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, "\n".join(lines) + "\n", zipfile.ZIP_DEFLATED)
    return path, kept


def _countries(
    rng: np.random.Generator, rows: int, among: float, countries: tuple[str, ...]
) -> tuple[list[str], list[str], int]:
    """Each row's two actors' countries ("" for none) and how many rows have
    two different ones among ``countries``."""
    chosen = np.array(countries)
    others = np.array([c for c in OTHERS if c not in countries] or ["ZZZ"])
    inside = rng.random(rows) < among
    first = chosen[rng.integers(len(chosen), size=rows)]
    second = chosen[rng.integers(len(chosen), size=rows)]
    # outside: an actor without a country (most rows in GDELT), or one of
    # another country beside any
    blank = rng.random(rows) < 0.7
    which = rng.random(rows) < 0.5
    other = others[rng.integers(len(others), size=rows)]
    anyone = np.concatenate([chosen, others])[
        rng.integers(len(chosen) + len(others), size=rows)
    ]
    out_first = np.where(which, np.where(blank, "", other), anyone)
    out_second = np.where(which, anyone, np.where(blank, "", other))
    first = np.where(inside, first, out_first)
    second = np.where(inside, second, out_second)
    kept = int(np.sum(inside & (first != second)))
    return first.tolist(), second.tolist(), kept


def main(argv: list[str] | None = None) -> int:
    """``python -m dashboard.devtools.rawgdelt``: raw GDELT files to import."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.devtools.rawgdelt")
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--files", type=int, help=f"default: one per {ROWS_PER_FILE:,}")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--among", type=float, default=0.125,
        help="share of rows with both actors among the countries (default: 0.125)",
    )  # fmt: skip
    parser.add_argument("--countries", default=",".join(DEFAULT_COUNTRIES))
    parser.add_argument("--jobs", type=int, default=1, help="processes writing")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    args = parser.parse_args(argv)
    raw = write_raw_gdelt(
        args.out, args.events, files=args.files, seed=args.seed, among=args.among,
        countries=tuple(args.countries.split(",")), jobs=args.jobs,
    )  # fmt: skip
    print(f"{args.out}: {len(raw.paths):,} GDELT 2.0 events files, {raw.rows:,} "
          f"rows, {raw.kept:,} of them between two of {','.join(raw.countries)} "
          f"(seed {raw.seed})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
