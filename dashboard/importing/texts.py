"""The lines of event files as every importer reads them: of a plain file or of
each file in a zip (folders and hidden files passed over, a zip bomb
refused), as UTF-8 with a byte-order mark dropped (bytes that are not UTF-8
read as Windows-1252, counted), a line too long to hold passed over."""

from __future__ import annotations

import codecs
import io
import re
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

from dashboard.core.text import visible
from dashboard.importing.report import (
    LONGEST_LINE,
    ImportReport,
    UnreadableFile,
    first_names,
)

__all__ = [
    "READER",
    "Lines",
    "progress",
    "texts",
    "too_large_unzipped",
    "unzipped_limit",
]

#: How files are read, as a number a store records with each file it imported
#: (importing/store.py): a file an older reader imported is read again. 2: a
#: byte-order mark no longer loses an ICEWS file's rows, every file of a zip
#: is read (not the first alone), and names of other scripts than Latin keep
#: ids of their own (`ids.slug`). 3: a GDELT row's summary names its CAMEO
#: code in the code book's words (`core.cameo_names`), and "062 Cooperate
#: militarily" is military cooperation (`core.cameo.cameo_kind`). 4: a GDELT
#: row's link that no relation may hold (not http(s), too long, control
#: characters) is left empty, and its host is no source (`gdelt._link_refused`).
READER = 4


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
#: Bytes that are not UTF-8 kept as lone surrogates while lines are read,
#: for `_numbered` to find and read as Windows-1252 (`_as_western`)
_ERRORS = "surrogateescape"
_ESCAPED = re.compile("[\udc80-\udcff]")


def _as_western(error: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 read as Windows-1252, as a file saved by
    Excel or Notepad on Western Windows would be: read as U+FFFD, "José
    Ñúñez" had become the actor "Jos\ufffd \ufffd\ufffd\ufffdez" unsaid."""
    piece = error.object[error.start : error.end]
    return bytes(piece).decode("cp1252", errors="replace"), error.end


codecs.register_error("atlas-western", _as_western)

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
        yield path.name, _plain(path, report)
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
                numbered = _member(archive, info, before, report, name, path.name)
                yield name, numbered
                numbered.close()  # a reader may leave a file before its end
                before += info.file_size
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or error})") from error
    except zipfile.BadZipFile as error:
        raise UnreadableFile(f"not a zip archive, or a broken one ({error})") from error
    except (RuntimeError, NotImplementedError, zlib.error, EOFError) as error:
        raise UnreadableFile(f"the zip archive cannot be read ({error})") from error


def _plain(path: Path, report: ImportReport) -> Lines:
    try:
        with open(path, encoding=_ENCODING, errors=_ERRORS, newline="\n") as handle:
            yield from _numbered(handle, report, path.name)
    except OSError as error:
        raise UnreadableFile(f"cannot be read ({error.strerror or error})") from error


def _member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    before: int,
    report: ImportReport,
    name: str,
    file: str,
) -> Lines:
    """The lines of one file of a zip, ``name``d as `texts` names it, in the
    zip ``file``; one that breaks is named in ``report`` (the lines read
    before the break kept), and is not the end of the zip's other files."""
    try:
        with archive.open(info) as raw:
            handle = io.TextIOWrapper(
                raw, encoding=_ENCODING, errors=_ERRORS, newline="\n"
            )
            for number, text, done in _numbered(handle, report, name):
                yield number, text, before + done
        return
    except zipfile.BadZipFile as error:
        why = f"not a zip archive, or a broken one ({error})"
    except (RuntimeError, NotImplementedError, zlib.error, EOFError) as error:
        # an encrypted file, an unknown compression, truncated data
        why = f"the zip archive cannot be read ({error})"
    except OSError as error:
        why = f"cannot be read ({error.strerror or error})"
    report.fail(file, why if name == file else f"{visible(info.filename)}: {why}")


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
    return (
        f"the zip archive holds only folders and hidden files ({first_names(hidden)})"
    )


def _numbered(handle, report: ImportReport, name: str) -> Lines:
    """The lines of ``handle`` (`Lines`), read with `_ERRORS`: those with
    bytes that are not UTF-8 read as Windows-1252 and counted in ``report``
    under one reason for the file ``name``, which names the first."""
    done, number, read, reason = 0, 0, handle.readline, None
    while line := read(LONGEST_LINE + 1):
        number += 1
        done += len(line)
        if not line.isascii() and _ESCAPED.search(line):
            line = line.encode("utf-8", "surrogateescape").decode(
                "utf-8", "atlas-western"
            )
            reason = reason or (
                f"lines of {name} not UTF-8, read as Windows-1252 (the first: "
                f"line {number}; save the file as UTF-8)"
            )
            report.change(reason)
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
