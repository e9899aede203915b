"""The events files GDELT publishes and its lists of them: GDELT 2.0's
15-minute files (``gdeltv2/``: ``masterfilelist.txt`` lists each with its size
and MD5, ``lastupdate.txt`` the newest) and, for the days before GDELT 2.0
began (19 Feb 2015), GDELT 1.0's daily files (``events/``: MD5s in
``md5sums``, sizes in ``filesizes``); files chosen by publication time."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dashboard.importing.download import (
    LARGEST_LIST,
    DownloadOptions,
    Failure,
    text_lines,
)

__all__ = [
    "DEFAULT_URL",
    "V2_START",
    "GdeltFile",
    "ListingError",
    "address",
    "choose",
    "latest_file",
    "list_gdelt",
    "most_listed",
    "parse_file_list",
    "parse_filesizes",
    "parse_md5sums",
    "published_at",
    "v1_files",
]

DEFAULT_URL = "http://data.gdeltproject.org"
#: the first GDELT 2.0 file; GDELT 1.0 daily files serve the days before it
V2_START = datetime(2015, 2, 18, 23, 0)
V1_LAST_DAY = date(2015, 2, 18)
V1_FIRST_DAY = date(2013, 4, 1)  # earlier days: monthly and yearly archives

# ASCII digits only: \d takes any script's ("０"), a name no URL can carry
_V2_NAME = re.compile(r"([0-9]{14})\.export\.CSV\.zip")
_V1_NAME = re.compile(r"([0-9]{8})\.export\.CSV\.zip")
_V2_IN_LINE = re.compile(r"/([0-9]{14})\.export\.CSV\.zip\s*$")
_MD5 = re.compile(r"[0-9a-fA-F]{32}")


class ListingError(Exception):
    """No list of GDELT's files could be read: nothing to choose from."""


@dataclass(frozen=True)
class GdeltFile:
    """One events file as GDELT lists it; ``size`` and ``md5`` are None when
    the list does not say (GDELT 1.0 without ``filesizes``)."""

    name: str
    url: str
    published: datetime  # UTC; a 1.0 daily file: 00:00 of the day it covers
    size: int | None = None
    md5: str | None = None

    @property
    def version(self) -> int:
        return 2 if _V2_NAME.fullmatch(self.name) else 1

    @property
    def last_covered(self) -> datetime:
        """The last moment this file covers (a 1.0 file: its whole day)."""
        if self.version == 2:
            return self.published
        return self.published + timedelta(days=1, seconds=-1)


def address(base: str, name: str) -> str:
    """Where a GDELT events file named ``name`` is under ``base``."""
    return f"{base}/{'gdeltv2' if _V2_NAME.fullmatch(name) else 'events'}/{name}"


def published_at(name: str) -> datetime | None:
    """The publication time a GDELT events file's name gives, or None.

    >>> published_at("20150218230000.export.CSV.zip")
    datetime.datetime(2015, 2, 18, 23, 0)
    >>> published_at("20150217.export.CSV.zip"), published_at("201303.zip")
    (datetime.datetime(2015, 2, 17, 0, 0), None)
    """
    for pattern, layout in ((_V2_NAME, "%Y%m%d%H%M%S"), (_V1_NAME, "%Y%m%d")):
        found = pattern.fullmatch(name)
        if found:
            try:
                return datetime.strptime(found[1], layout)
            except ValueError:
                return None
    return None


def parse_file_list(
    lines: Iterable[str], base: str
) -> tuple[list[GdeltFile], list[str]]:
    """The events files of GDELT 2.0's ``masterfilelist.txt`` or
    ``lastupdate.txt`` (lines of size, MD5, URL), addressed under ``base``,
    and the lines that could not be read. Mentions and GKG files are left out.

    >>> files, bad = parse_file_list(
    ...     ["150383 297a16b493de7cf6ca809a7cc31d0b93 "
    ...      "http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip",
    ...      "318084 bb27f78ba45f69a17ea6ed7755e9f8ff "
    ...      "http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip",
    ...      "oops"], "http://mirror.example.org")
    >>> files[0].url, files[0].size, bad
    ('http://mirror.example.org/gdeltv2/20150218230000.export.CSV.zip', 150383, ['oops'])
    """
    files, bad = [], []
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        name = parts[-1].rsplit("/", 1)[-1]
        if len(parts) != 3 or not _count(parts[0]) or not _MD5.fullmatch(parts[1]):
            bad.append(line.strip()[:120])
            continue
        published = published_at(name)
        if published is None or not _V2_NAME.fullmatch(name):
            continue
        files.append(
            GdeltFile(name, address(base, name), published, int(parts[0]),
                      parts[1].lower())
        )  # fmt: skip
    return files, bad


def _count(text: str) -> bool:
    """Whether ``text`` is a count in ASCII digits ("²" is a digit to
    ``isdigit`` and no number to ``int``)."""
    return text.isascii() and text.isdigit()


def parse_md5sums(lines: Iterable[str]) -> dict[str, str]:
    """File name -> MD5 from GDELT 1.0's ``md5sums`` (``MD5  NAME`` lines).

    >>> parse_md5sums(["5d41402abc4b2a76b9719d911017c592  20150217.export.CSV.zip"])
    {'20150217.export.CSV.zip': '5d41402abc4b2a76b9719d911017c592'}
    """
    found = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and _MD5.fullmatch(parts[0]):
            found[parts[1].lstrip("*")] = parts[0].lower()
    return found


def parse_filesizes(lines: Iterable[str]) -> dict[str, int]:
    """File name -> bytes from GDELT 1.0's ``filesizes`` (a size and a name
    per line, in either order)."""
    found = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2:
            size, name = parts if _count(parts[0]) else parts[::-1]
            if _count(size):
                found[name] = int(size)
    return found


def v1_files(md5s: dict[str, str], sizes: dict[str, int], base: str) -> list[GdeltFile]:
    """GDELT 1.0's daily events files for the days before GDELT 2.0."""
    files = []
    for name, md5 in md5s.items():
        published = published_at(name)
        if _V1_NAME.fullmatch(name) and published and published.date() <= V1_LAST_DAY:
            files.append(
                GdeltFile(name, address(base, name), published, sizes.get(name), md5)
            )
    return files


def choose(
    files: Iterable[GdeltFile], since: datetime, until: datetime
) -> list[GdeltFile]:
    """The files published between ``since`` and ``until`` (both included),
    oldest first; a 1.0 daily file counts as published on its day. The events
    in a file keep their own dates, earlier ones too.

    >>> f = GdeltFile("20150217.export.CSV.zip", "", datetime(2015, 2, 17))
    >>> [g.name for g in choose([f], datetime(2015, 2, 17, 12), datetime(2015, 3, 1))]
    ['20150217.export.CSV.zip']
    """
    chosen = {}
    for file in files:
        if file.version == 2:
            inside = since <= file.published <= until
        else:
            inside = since.date() <= file.published.date() <= until.date()
        if inside:
            chosen[file.name] = file
    return sorted(chosen.values(), key=lambda f: (f.published, f.name))


def list_gdelt(
    base: str, since: datetime, until: datetime, options: DownloadOptions
) -> tuple[list[GdeltFile], list[str]]:
    """The files GDELT lists for ``since``..``until``, and notes on the lists.

    Raises:
        ListingError: no list needed could be read.
    """
    files: list[GdeltFile] = []
    notes: list[str] = []
    read = 0
    needed = []
    if since.date() <= V1_LAST_DAY:
        needed.append("v1")
        if since.date() < V1_FIRST_DAY:
            notes.append(
                "GDELT 1.0 has daily files from 1 April 2013; earlier days are in "
                "monthly and yearly archives, which are not fetched"
            )
    if until >= V2_START:
        needed.append("v2")
    for part in needed:
        url = (
            f"{base}/events/md5sums"
            if part == "v1"
            else f"{base}/gdeltv2/masterfilelist.txt"
        )
        try:
            if part == "v1":
                md5s = parse_md5sums(text_lines(url, options))
                try:
                    sizes = parse_filesizes(
                        text_lines(f"{base}/events/filesizes", options)
                    )
                except Failure as why:
                    sizes = {}
                    notes.append(f"{base}/events/filesizes: {why}; sizes not checked")
                files += v1_files(md5s, sizes, base)
            else:
                listed, bad = parse_file_list(
                    text_lines(
                        url, options, keep=_v2_between(since, until),
                        limit=LARGEST_LIST, most=most_listed(since, until),
                    ),
                    base,
                )  # fmt: skip
                files += listed
                if bad:
                    notes.append(f"{url}: {len(bad):,} line(s) unreadable, left out")
            read += 1
        except Failure as why:
            notes.append(f"cannot list GDELT {part[1]}.0 files: {url}: {why}")
    if needed and not read:
        raise ListingError("; ".join(notes))
    return choose(files, since, until), notes


#: unreadable lines a GDELT 2.0 list may have beside its files (they are kept
#: to be counted)
ODD_LINES = 1000


def most_listed(since: datetime, until: datetime) -> int:
    """The most lines of ``masterfilelist.txt`` kept for ``since``..``until``:
    GDELT 2.0 publishes one events file every 15 minutes, listed once; twice
    that, and `ODD_LINES`. A list of more (valid-looking lines of other
    times) is refused at that line, not held whole: up to its 1 GiB that had
    taken 1.9 GB of memory, and asked for as many downloads.

    >>> most_listed(datetime(2015, 2, 19), datetime(2015, 2, 19, 23, 59, 59))
    1192
    """
    quarters = max(0, (until - since) // timedelta(minutes=15)) + 1
    return 2 * quarters + ODD_LINES


def _v2_between(since: datetime, until: datetime) -> Callable[[str], bool]:
    """A cheap test on a masterfilelist line: an events file in the window
    (its 14 digits compared as text), so that the long list is not kept."""
    low, high = since.strftime("%Y%m%d%H%M%S"), until.strftime("%Y%m%d%H%M%S")

    def keep(line: str) -> bool:
        found = _V2_IN_LINE.search(line)
        if found is None:  # mentions and GKG files go; odd lines are counted
            return bool(line.strip()) and ".zip" not in line.lower()
        return low <= found[1] <= high

    return keep


def latest_file(base: str, options: DownloadOptions) -> GdeltFile:
    """The newest GDELT 2.0 events file, from ``lastupdate.txt``.

    Raises:
        ListingError: it cannot be read or names no events file.
    """
    url = f"{base}/gdeltv2/lastupdate.txt"
    try:
        files, _ = parse_file_list(text_lines(url, options), base)
    except Failure as why:
        raise ListingError(f"{url}: {why}") from None
    if not files:
        raise ListingError(f"{url} names no events file")
    return files[-1]
