"""Rows of event files as every importer reads them: the lines of a plain file
or of each file in a zip, the `Event` one usable row becomes, and the
`ImportReport` of what became of every row (kept, skipped by a filter, or
dropped as bad, with the reason and the first lines where it happened) and of
every file (read, or not readable and why; a zip's files read)"""

from __future__ import annotations

import hashlib
import io
import re
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from anyascii import anyascii
from tqdm import tqdm

from dashboard.core.dates import RANGE_TEXT, in_range
from dashboard.core.text import limit_of, visible

__all__ = [
    "READER",
    "Event",
    "ImportReport",
    "UnreadableFile",
    "article_totals",
    "unzipped_limit",
    "by_article",
    "LONGEST_LINE",
    "Lines",
    "number",
    "progress",
    "slug",
    "source_total",
    "texts",
    "too_large_unzipped",
    "totals",
]

#: How files are read, as a number a store records with each file it imported
#: (importing/store.py): a file an older reader imported is read again. 2: a
#: byte-order mark no longer loses an ICEWS file's rows, every file of a zip
#: is read (not the first alone), and names of other scripts than Latin keep
#: ids of their own (`slug`).
READER = 2


class UnreadableFile(Exception):
    """An input file that cannot be read at all (an empty or broken zip), and why."""


@dataclass
class ImportReport:
    """What happened to every row of the input."""

    files: list[str] = field(default_factory=list)
    rows: int = 0
    kept: int = 0  # events that passed every check and filter
    relations: int = 0  # after merging repeated reports
    bad: dict[str, list] = field(default_factory=dict)  # reason -> [count, first lines]
    skipped: dict[str, int] = field(default_factory=dict)  # filter -> count
    #: texts changed to fit the data format (shortened, cleaned): reason -> count
    changed: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # file -> why
    #: zip -> (its files read, those passed over and why), for a zip of
    #: several files or of folders and hidden files beside its one
    unzipped: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    def drop(self, reason: str, where: str) -> None:
        entry = self.bad.setdefault(reason, [0, []])
        entry[0] += 1
        if len(entry[1]) < 5:
            entry[1].append(where)

    def too_long(self, where: str) -> None:
        """A row dropped for a line longer than `LONGEST_LINE` (`lines`
        passed over it unread)."""
        self.rows += 1
        self.drop(f"a line longer than {LONGEST_LINE:,} characters", where)

    def event_day(self, text: str, parse, column: str, where: str) -> date | None:
        """The day ``parse`` reads in ``text`` (the cell of ``column``), or
        None with the row dropped as bad: unreadable, or outside the range the
        data accepts (core/dates.py)."""
        try:
            day = parse(text)
        except ValueError:
            self.drop(f"bad date in {column} ('{text[:20]}')", where)
            return None
        if not in_range(day):
            self.drop(f"{column} outside {RANGE_TEXT} ('{text[:20]}')", where)
            return None
        return day

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def change(self, reason: str, count: int = 1) -> None:
        self.changed[reason] = self.changed.get(reason, 0) + count

    def fail(self, file: str, reason: str) -> None:
        """A file that could not be read (or not to its end); a zip's files
        that break are named one after the other."""
        had = self.unreadable.get(file)
        self.unreadable[file] = f"{had}; {reason}" if had else reason

    def unzip(self, file: str, read: list[str], passed: list[str]) -> None:
        """The files read in the zip ``file``, in order, and those passed over
        ("__MACOSX/ (a folder)"): kept when there is more to say than "its
        one file", as GDELT zips one."""
        if len(read) > 1 or passed:
            self.unzipped[file] = (read, passed)

    def __str__(self) -> str:
        lines = [
            f"could not read {file}: {why}" for file, why in self.unreadable.items()
        ]
        if self.unreadable:
            lines.append(
                f"{len(self.unreadable)} of {len(self.files)} file(s) unreadable"
            )
        lines += [
            f"read {self.rows:,} rows from {len(self.files)} file(s)",
            *self._unzipped_lines(),
            f"kept {self.kept:,} events, merged into {self.relations:,} relations "
            f"({self.kept - self.relations:,} repeated reports merged)",
        ]
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"skipped {count:,}: {reason}")
        for reason, (count, where) in sorted(self.bad.items()):
            lines.append(
                f"dropped {count:,} bad rows: {reason} (first at {', '.join(where)})"
            )
        for reason, count in sorted(self.changed.items()):
            lines.append(f"changed {count:,}: {reason}")
        return "\n".join(lines)

    def _unzipped_lines(self, most: int = 5) -> list[str]:
        """What was read in the first ``most`` zips of several files."""
        lines = []
        for file, (read, passed) in list(self.unzipped.items())[:most]:
            if len(read) > 1:
                lines.append(f"read {len(read)} files in {file}: {_first(read)}")
            if passed:
                lines.append(f"passed over {len(passed)} in {file}: {_first(passed)}")
        if len(self.unzipped) > most:
            lines.append(
                f"… and {len(self.unzipped) - most:,} more zips of several files"
            )
        return lines


@dataclass
class Event:
    """One usable row, normalised across formats."""

    day: date
    source: tuple[str, str, str]  # (actor id, name, kind)
    target: tuple[str, str, str]
    source_country: str
    target_country: str
    code: str
    quad: int
    score: float | None  # Goldstein (GDELT) or intensity (ICEWS)
    sources: int
    articles: int
    mentions: int
    tone: float | None
    reporter: str
    url: str
    text: str
    event_id: str
    #: where in its story ICEWS coded the event: its Story ID and Sentence
    #: Number, "47400351#2" (ICEWS's Event ID alone is not unique); "" for GDELT
    sentence: str = ""


def source_total(events: list[Event]) -> int:
    """The sources behind repeated reports of one event: each article (its
    URL) once, at the most sources any of its reports gives. GDELT codes one
    article into several events; their NumSources added up had made one
    dw.de article "2 sources", past the evidence filter."""
    return article_totals(events)[0]


def article_totals(events: list[Event]) -> tuple[int, int, int]:
    """(sources, articles, mentions) behind repeated reports of one event,
    each article (its URL) counted once at the most any of its reports gives,
    then added up over the articles; reports without a URL are added as they
    are. GDELT's three events Russia -> United States coded from one
    sputniknews.com article (NumArticles 2, 6 and 2) are 6 articles, not 10:
    as `source_total` counts their sources."""
    return totals(by_article(events))


def by_article(events: list[Event]) -> dict[str, tuple[int, int, int]]:
    """Each article's URL (in the order first met; "" for the reports without
    one) -> its (sources, articles, mentions): the most of each that one of its
    reports gives, or, under "", their sums."""
    if len(events) == 1:  # most events: reported once
        event = events[0]
        return {event.url: (event.sources, event.articles, event.mentions)}
    found: dict[str, tuple[int, int, int]] = {}
    for event in events:
        counts = (event.sources, event.articles, event.mentions)
        had = found.get(event.url)
        if had is None:
            found[event.url] = counts
        elif event.url:
            found[event.url] = tuple(map(max, had, counts))
        else:
            found[""] = tuple(a + b for a, b in zip(had, counts))
    return found


def totals(found: dict[str, tuple[int, int, int]]) -> tuple[int, int, int]:
    """(sources, articles, mentions) in all of `by_article`'s articles."""
    sources = articles = mentions = 0
    for s, a, m in found.values():
        sources, articles, mentions = sources + s, articles + a, mentions + m
    return sources, articles, mentions


#: Characters a line may have: a GDELT or ICEWS row has a few thousand. A
#: longer one (a zip of a few MB can unzip to one line of gigabytes) is
#: skipped, not held: it had taken twice its size in memory.
LONGEST_LINE = 1 << 20


#: How much more a zip's files may hold than the zip: GDELT's and ICEWS's text
#: unzips to about 6 times its zipped size; a zip bomb unzips to 1,000 times
#: (about 4 s of reading per 2 GB). At least `SMALLEST_UNZIP_LIMIT`, at most
#: `LARGEST_UNZIPPED`.
UNZIP_RATIO = 100
SMALLEST_UNZIP_LIMIT = 64 << 20
LARGEST_UNZIPPED = 2 << 30


def unzipped_limit(zipped: int) -> int:
    """The most the files of a zip of ``zipped`` bytes may unzip to.

    >>> f"{unzipped_limit(149_508):,}", f"{unzipped_limit(30 << 20):,}"
    ('67,108,864', '2,147,483,648')
    """
    return min(LARGEST_UNZIPPED, max(SMALLEST_UNZIP_LIMIT, UNZIP_RATIO * zipped))


def too_large_unzipped(path: Path, infos: list[zipfile.ZipInfo]) -> str | None:
    """Why the files ``infos`` of the zip at ``path`` are not read (they
    unzip to more than `unzipped_limit`), or None. Their sizes as the zip
    lists them are enough: zipfile never unzips more than a file's listed size
    (a file that holds more fails its CRC)."""
    zipped, unzipped = path.stat().st_size, sum(info.file_size for info in infos)
    limit = unzipped_limit(zipped)
    if unzipped <= limit:
        return None
    what = infos[0].filename if len(infos) == 1 else f"its {len(infos)} files"
    return (
        f"{what} would unzip to {unzipped:,} bytes, more than {limit:,} for a "
        f"zip of {zipped:,}: not read"
    )


#: UTF-8, a byte-order mark at the start dropped (Excel and Notepad write one)
_ENCODING = "utf-8-sig"

#: the lines of a text, as `texts` gives them: (line number, text or None,
#: characters so far)
Lines = Iterator[tuple[int, str | None, int]]


def texts(path: Path, report: ImportReport) -> Iterator[tuple[str, Lines]]:
    """(name, lines) of each text of a plain or zipped file: the file, or
    every data file of a zip in name order (one file split in two had been
    read to the end of its first half, in silence), named "x.zip/part.CSV"
    when there are several; a zip's folders and hidden files (``__MACOSX/``,
    ``._x``) are passed over, named in ``report``. The lines are (line
    number, text, characters so far, counted on from the texts before); the
    text is None for a line longer than `LONGEST_LINE`, for the reader to
    count as bad. Only a line feed ends a line (a carriage return before it
    is dropped): a lone carriage return inside a row had split it in pieces,
    each read as a row of its own. A byte-order mark at the start is not
    text: left in, it made an ICEWS header's "Event ID" unknown (every row
    lost) and a GDELT row's first event id "\\ufeff410412347".

    Raises:
        UnreadableFile: not a zip archive, an empty one, one holding only
            folders and hidden files, one that would unzip too large, or a
            file the system cannot read; the lines before a break are
            yielded first. A zip's file that cannot be read to its end
            (encrypted, broken) is named in ``report`` and the next one read.
    """
    if path.suffix.lower() != ".zip":
        yield path.name, _plain(path)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            infos = sorted(archive.infolist(), key=lambda info: info.filename)
            why = {info.filename: _passed_over(info.filename) for info in infos}
            files = [info for info in infos if not why[info.filename]]
            passed = [
                f"{visible(name)} ({reason})" for name, reason in why.items() if reason
            ]
            if not files:
                raise UnreadableFile(_nothing_to_read(why))
            too_large = too_large_unzipped(path, files)
            if too_large:
                raise UnreadableFile(too_large)
            report.unzip(path.name, [visible(info.filename) for info in files], passed)
            before, several = 0, len(files) > 1
            for info in files:
                name = f"{path.name}/{visible(info.filename)}" if several else path.name
                numbered = _member(archive, info, before, report, path.name, several)
                yield name, numbered
                numbered.close()  # a reader may leave a file before its end
                before += info.file_size
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or error})") from error
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"not a zip archive, or a broken one ({error})") from error
    except (RuntimeError, NotImplementedError, zlib.error, EOFError) as error:
        raise UnreadableFile(f"the zip archive cannot be read ({error})") from error


def _plain(path: Path) -> Lines:
    try:
        with open(path, encoding=_ENCODING, errors="replace", newline="\n") as handle:
            yield from _numbered(handle)
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or error})") from error


def _member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    before: int,
    report: ImportReport,
    file: str,
    several: bool,
) -> Lines:
    """The lines of one file of a zip; one that breaks is named in
    ``report`` (the lines read before the break kept), and is not the end of
    the zip's other files."""
    try:
        with archive.open(info) as raw:
            handle = io.TextIOWrapper(
                raw, encoding=_ENCODING, errors="replace", newline="\n"
            )
            for number, text, done in _numbered(handle):
                yield number, text, before + done
        return
    except zipfile.BadZipFile as error:
        why = f"not a zip archive, or a broken one ({error})"
    except (RuntimeError, NotImplementedError, zlib.error, EOFError) as error:
        # an encrypted file, an unknown compression, truncated data
        why = f"the zip archive cannot be read ({error})"
    except OSError as error:
        why = f"cannot be read ({error.strerror or error})"
    report.fail(file, f"{visible(info.filename)}: {why}" if several else why)


def _passed_over(name: str) -> str | None:
    """Why a file of a zip holds no events to read, or None: "a folder", or
    "hidden" (a name or a folder's starting with ".", as macOS's ``._x``
    beside each file, or in its ``__MACOSX/``)."""
    if name.endswith("/"):
        return "a folder"
    parts = [part for part in name.split("/") if part not in ("", ".", "..")]
    if parts[:1] == ["__MACOSX"] or any(part.startswith(".") for part in parts):
        return "hidden"
    return None


def _nothing_to_read(why: dict[str, str | None]) -> str:
    """Why a zip without a data file is not read."""
    if not why:
        return "the zip archive is empty"
    if all(reason == "a folder" for reason in why.values()):
        return "the zip archive holds only folders"
    hidden = [visible(name) for name, reason in why.items() if reason == "hidden"]
    return f"the zip archive holds only folders and hidden files ({_first(hidden)})"


def _first(names: list[str], most: int = 5) -> str:
    """The first ``most`` of ``names``, and how many there are in all."""
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown}, … ({len(names):,} in all)"


def _numbered(handle) -> Lines:
    done, number, read = 0, 0, handle.readline
    while line := read(LONGEST_LINE + 1):
        number += 1
        done += len(line)
        if len(line) <= LONGEST_LINE or line.endswith("\n"):
            yield number, line.rstrip("\r\n"), done
            continue
        while not line.endswith("\n") and (line := read(LONGEST_LINE)):
            done += len(line)  # the rest of the long line, passed over
        yield number, None, done


def progress(path: Path):
    """A progress bar over the bytes of ``path``."""
    size = path.stat().st_size
    # a bar only where it helps: large inputs, and a person watching
    return tqdm(
        total=size, unit="B", unit_scale=True, desc=path.name, leave=False,
        disable=size < 20_000_000 or not sys.stderr.isatty(),
    )  # fmt: skip


def number(text: str, default=0):
    """An int or a float as written, or ``default`` when it is neither."""
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return default


def slug(text: str) -> str:
    """An actor id from a name: ASCII (every script transliterated with
    anyascii), lower case, words joined by '-', at most the id's length limit.
    A name with letters of a script other than Latin gets a short hash of
    itself appended: transliterated, such names meet (王毅 and 王义 are both
    "wangyi"), and two actors had become one. So does a name cut to fit; one
    with no letter or digit left is "x-" and the hash. The hash is of the
    name composed alike (NFKC) and spaced alike: the same name gives the
    same id in every import. Latin names that differ only in accents, case or punctuation
    ("Nicolás", "Nicolas") share their id: they are one name.

    >>> slug("Nicolás Maduro"), slug("Recep Tayyip Erdoğan")
    ('nicolas-maduro', 'recep-tayyip-erdogan')
    >>> slug("王毅"), slug("王义"), slug("Владимир Путин")
    ('wangyi-1b538ed178', 'wangyi-d8069da7f9', 'vladimir-putin-dbb941d457')
    >>> slug("ъ"), slug(" 王毅 ") == slug("王毅"), slug("王 毅") == slug("王  毅")
    ('x-e4cedbc81a', True, True)
    """
    # spaces as one, none at the ends: "王毅 " is "王毅"
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    found = re.sub(r"[^a-z0-9]+", "-", anyascii(normal).lower()).strip("-")
    limit = limit_of("actors.csv", "id")
    if found and len(found) <= limit and _latin(normal):
        return found
    # saved decomposed (as macOS does) or not, one name is one id
    digest = hashlib.sha1(normal.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if not found:
        return f"x-{digest}"
    return f"{found[: limit - 11].rstrip('-')}-{digest}"


def _latin(text: str) -> bool:
    """Whether every letter of ``text`` is Latin, with or without accents:
    names that transliterating keeps apart, but for their accents.

    >>> _latin("Devlet Bahçeli"), _latin("Сергей Лавров"), _latin("Xi 习")
    (True, False, False)
    """
    return text.isascii() or all(
        unicodedata.name(character, "").startswith("LATIN ")
        for character in text
        if character.isalpha()
    )
