"""Files over http(s), whole and checked or not at all: timeouts, retries with
a growing pause for what may pass (a 5xx answer, a timeout, a cut connection),
none for what will not (404), and a downloaded zip checked against the size
and MD5 its publisher lists and read to its end."""

from __future__ import annotations

import hashlib
import http.client
import os
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.importing.texts import too_large_unzipped

__all__ = [
    "USER_AGENT",
    "DownloadOptions",
    "Failure",
    "base_url",
    "check_zip",
    "download",
    "matches",
    "retrying",
    "text_lines",
]

USER_AGENT = "alliance-atlas-fetch/0.1"
_CHUNK = 1 << 16
#: the most a file is let grow to when its list gives no size, or a larger
#: one: a GDELT events file has a few MB (a 1.0 daily file some tens); an
#: endless answer had filled the disk at the network's speed
LARGEST_FILE = 1 << 30
#: the most of a list read (GDELT's masterfilelist.txt has some 120 MB,
#: its other lists a few KB), and of one of its lines
LARGEST_LIST = 1 << 30
LONGEST_LIST_LINE = 1 << 12
#: bytes a second a server must send, on average over ``timeout`` seconds:
#: one that trickles a byte now and then is never silent for a timeout. The
#: downloads at once share it: four at 1,000 each had failed every file on a
#: link under 4 KB/s
SLOWEST = 1000


@dataclass(frozen=True)
class DownloadOptions:
    """How to download: files at once, seconds before a silent server counts as
    a timeout, retries of what may pass and the first pause before one
    (doubled each time), and whether to show a progress bar (None: when
    standard error is a terminal)."""

    downloads: int = 4
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    progress: bool | None = None


class Failure(Exception):
    """Why a request or a file failed, in a word or two (``reason``: "missing
    (404)", "timeout", "md5", ...) and a detail; ``retry`` when trying again
    may help, ``wait`` the least pause the server asked for (Retry-After),
    ``attempts`` the requests made."""

    def __init__(
        self, reason: str, detail: str = "", *, retry: bool = False, wait: float = 0
    ) -> None:
        super().__init__(reason)
        self.reason, self.detail, self.retry, self.wait = reason, detail, retry, wait
        self.attempts = 1

    def __str__(self) -> str:
        return f"{self.reason} ({self.detail})" if self.detail else self.reason


def base_url(text: str) -> str:
    """``text`` as a base address: http or https, with a host, no query.

    >>> base_url("https://mirror.example.org/gdelt/")
    'https://mirror.example.org/gdelt'

    Raises:
        ValueError: another scheme, no host, or a query or fragment.
    """
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{text!r} is not an http(s) address with a host")
    if parts.query or parts.fragment:
        raise ValueError(f"{text!r}: a base address has no query or fragment")
    return text.strip().rstrip("/")


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Redirects followed only to http(s) addresses; one elsewhere is named
    (urllib refuses file:// itself, but as a bare "HTTP 302", and follows
    ftp://)."""

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("Location") or headers.get("URI") or ""
        if urlsplit(target).scheme not in ("http", "https", ""):  # "": relative
            fp.close()
            raise Failure("redirected away from http(s)", f"to {target[:100]}")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_HttpOnly)


def _open(url: str, options: DownloadOptions):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return _OPENER.open(request, timeout=options.timeout)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code in (404, 410):
            raise Failure(f"missing ({error.code})") from None
        if error.code >= 500 or error.code == 429:
            raise Failure(
                f"HTTP {error.code}", retry=True, wait=_retry_after(error.headers)
            ) from None
        raise Failure(f"HTTP {error.code}") from None
    except urllib.error.URLError as error:
        raise _transient(error.reason) from None
    except (OSError, http.client.HTTPException) as error:
        raise _transient(error) from None


def _retry_after(headers) -> float:
    try:
        return min(float(headers.get("Retry-After", 0)), 60.0)
    except (TypeError, ValueError):  # a date: the usual pause will do
        return 0.0


def _transient(error: object) -> Failure:
    """A network error as a failure worth retrying."""
    if isinstance(error, TimeoutError):
        return Failure("timeout", retry=True)
    if isinstance(error, http.client.IncompleteRead):
        return Failure("truncated", "the connection closed early", retry=True)
    if isinstance(error, ConnectionRefusedError):  # never connected: nothing lost
        return Failure("connection failed", "refused", retry=True)
    if isinstance(error, ConnectionError | http.client.HTTPException):
        return Failure("connection lost", type(error).__name__, retry=True)
    detail = getattr(error, "strerror", None) or str(error)
    return Failure("connection failed", str(detail)[:100], retry=True)


def retrying(action: Callable, options: DownloadOptions, stop: threading.Event):
    """``action()``, tried again after a growing pause while it fails in a way
    that may pass: its result and the number of attempts.

    Raises:
        Failure: the last attempt's, with ``attempts`` set.
    """
    for attempt in range(options.retries + 1):
        try:
            return action(), attempt + 1
        except Failure as why:
            why.attempts = attempt + 1
            if not why.retry or attempt == options.retries or stop.is_set():
                raise
            pause = max(why.wait, options.backoff * 2**attempt)
            if stop.wait(min(pause, 300.0) * random.uniform(1.0, 1.25)):
                raise
    raise AssertionError("unreachable")


def text_lines(
    url: str,
    options: DownloadOptions,
    keep: Callable[[str], bool] | None = None,
    *,
    limit: int = 1 << 24,
    most: int | None = None,
) -> list[str]:
    """The lines of a text file (those ``keep`` accepts: a long list need not
    be held whole), read to its end or not at all; at most ``limit`` bytes,
    and at most ``most`` lines kept. A line longer than `LONGEST_LIST_LINE`
    comes as its start, marked.

    Raises:
        Failure: it could not be read, or is larger than ``limit`` or has more
            than ``most`` lines to keep ("size": the reading stops there).
    """

    def read() -> list[str]:
        kept, received = [], [0]
        with _open(url, options) as response:
            expected = response.headers.get("Content-Length")
            chunks = _chunks(response, options, threading.Event(), received, limit)
            for line in _split(chunks):
                if keep is None or keep(line):
                    if len(kept) == most:
                        raise Failure("size", f"more than {most:,} lines to keep")
                    kept.append(line)
        _whole(received[0], expected)
        return kept

    return retrying(read, options, threading.Event())[0]


def _split(chunks) -> Iterator[str]:
    r"""The lines of ``chunks`` (with their line feed); one longer than
    `LONGEST_LIST_LINE` as its start, marked, its rest never held. However
    the chunks fall: a long line that came whole in one was let through.

    >>> long = b"1 " + b"x" * LONGEST_LIST_LINE
    >>> for chunks in ([long + b"\nshort\n"], [long[:10], long[10:] + b"\nshort\n"]):
    ...     print([line[:40] for line in _split(chunks)])
    ['(a line longer than 4,096 bytes) 1 xxxxx', 'short\n']
    ['(a line longer than 4,096 bytes) 1 xxxxx', 'short\n']
    """
    pending, cut = b"", None
    for chunk in chunks:
        *whole, rest = chunk.split(b"\n")
        for piece in whole:
            line = pending + piece
            if cut is None and len(line) > LONGEST_LIST_LINE:
                cut = line[:100]
            yield _line(line, cut) + "\n"
            pending, cut = b"", None
        pending += rest
        if len(pending) > LONGEST_LIST_LINE:
            cut, pending = cut or pending[:100], b""
    if pending or cut is not None:
        yield _line(pending, cut)


def _line(raw: bytes, cut: bytes | None) -> str:
    if cut is None:
        return raw.decode("utf-8", "replace")
    start = cut.decode("utf-8", "replace")
    return f"(a line longer than {LONGEST_LIST_LINE:,} bytes) {start}"


def _chunks(
    response, options: DownloadOptions, stop: threading.Event, received: list,
    limit: int, listed: str = "", shared: int = 1,
) -> Iterator[bytes]:  # fmt: skip
    """The body of ``response`` as it comes (``received[0]`` counts it),
    stopped when ``stop`` is set, when it passes ``limit`` bytes ("size"),
    or when it comes slower than its share of `SLOWEST` (``shared`` among
    downloads at once) over ``timeout`` seconds."""
    slowest = SLOWEST / shared
    since, then = time.monotonic(), 0
    while True:
        if stop.is_set():
            raise Failure("interrupted")
        try:
            chunk = response.read1(_CHUNK)  # what has come: stop is seen
        except (OSError, http.client.HTTPException) as error:
            raise _transient(error) from None
        if not chunk:
            return
        received[0] += len(chunk)
        if received[0] > limit:
            raise Failure("size", f"more than {limit:,} bytes{listed}")
        now = time.monotonic()
        if now - since >= options.timeout:
            if received[0] - then < slowest * (now - since):
                raise Failure("too slow", _too_slow(received[0] - then,
                              now - since, shared), retry=True)  # fmt: skip
            since, then = now, received[0]
        yield chunk


def _too_slow(got: int, seconds: float, shared: int) -> str:
    """How slow, and what to do on a slow link."""
    if shared == 1:
        return f"{got:,} bytes in {seconds:.0f} s, under {SLOWEST:,} bytes/s"
    return (
        f"{got:,} bytes in {seconds:.0f} s, under {SLOWEST / shared:,.0f} bytes/s: "
        f"{SLOWEST:,} shared by {shared} downloads at once; on a slow link, "
        "--downloads 1 gives one file all of it"
    )


def _whole(received: int, expected: str | None) -> None:
    if (
        expected
        and expected.isascii()
        and expected.isdigit()
        and received < int(expected)
    ):
        raise Failure(
            "truncated", f"{received:,} of {int(expected):,} bytes", retry=True
        )


def download(
    url: str,
    path: Path,
    *,
    size: int | None,
    md5: str | None,
    options: DownloadOptions,
    stop: threading.Event,
    progress: Callable[[int], object] = lambda done: None,
) -> tuple[int, int]:
    """``url`` to ``path`` (written under a temporary name beside it, checked,
    then renamed): its bytes and the attempts made. ``progress`` is told of
    every chunk (less what a failed attempt had counted); ``stop`` ends it
    at the next chunk.

    Raises:
        Failure: it could not be fetched ("missing (404)", "timeout", ...),
            or what came is not what was listed ("size", "md5", "truncated",
            "not a zip", "too large unzipped", "corrupt"), or ``stop`` was set ("interrupted").
    """

    limit = min(size, LARGEST_FILE) if size is not None else LARGEST_FILE
    listed = f", listed {size:,}" if size is not None else ", no size listed"

    def attempt() -> int:
        temp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.part"
        received, digest = [0], hashlib.md5()
        try:
            with _open(url, options) as response, open(temp, "wb") as out:
                expected = response.headers.get("Content-Length")
                chunks = _chunks(
                    response, options, stop, received, limit, listed,
                    max(1, options.downloads),
                )  # fmt: skip
                for chunk in chunks:
                    out.write(chunk)
                    digest.update(chunk)
                    progress(len(chunk))
            _whole(received[0], expected)
            _verify(temp, received[0], digest.hexdigest(), size=size, md5=md5)
            os.replace(temp, path)
            return received[0]
        except BaseException:
            progress(-received[0])
            raise
        finally:
            temp.unlink(missing_ok=True)

    return retrying(attempt, options, stop)


def _verify(path: Path, got: int, digest: str, *, size, md5) -> None:
    """What arrived against the list: its size, its MD5, then a zip whose
    members read to their end with their checksums right."""
    if size is not None and got < size:
        raise Failure("truncated", f"{got:,} of {size:,} bytes")
    if size is not None and got != size:
        raise Failure("size", f"{got:,} bytes, listed {size:,}")
    if md5 is not None and digest != md5:
        raise Failure("md5", f"{digest}, listed {md5}")
    check_zip(path)


def check_zip(path: Path) -> None:
    """Raises `Failure` unless ``path`` is a zip archive whose files all read
    to their end with the right CRC: "not a zip", "truncated" (the start of
    a zip without its end), "too large unzipped" (a zip bomb: not read) or
    "corrupt"."""
    try:
        with zipfile.ZipFile(path) as archive:
            if all(info.is_dir() for info in archive.infolist()):
                raise Failure("corrupt", "the zip archive holds no file")
            too_large = too_large_unzipped(path, archive.infolist())
            if too_large:
                raise Failure("too large unzipped", too_large)
            bad = archive.testzip()
    except zipfile.BadZipFile:
        with open(path, "rb") as handle:
            head = handle.read(4)
        if head == b"PK\x03\x04":
            raise Failure("truncated", "the zip archive ends early") from None
        raise Failure("not a zip") from None
    except EOFError:
        raise Failure("truncated", "a file in the zip ends early") from None
    except (zlib.error, NotImplementedError, RuntimeError) as error:
        raise Failure("corrupt", str(error)[:100]) from None
    if bad is not None:
        raise Failure("corrupt", f"{bad} fails its CRC check")


def matches(path: Path, *, size: int | None, md5: str | None) -> bool:
    """Whether ``path``, already on disk, is the file listed with ``size``
    and ``md5`` (with neither listed: a zip that reads to its end)."""
    try:
        if size is not None and path.stat().st_size != size:
            return False
        if md5 is None:
            check_zip(path)
            return True
        digest = hashlib.md5()
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest() == md5
    except (OSError, Failure):
        return False
