"""A GDELT-shaped tree built from the real rows of tests/fixtures/gdelt/ and
served from 127.0.0.1 for the fetch tests: nothing reaches the internet.

The tree, as GDELT lays it out (``gdeltv2/`` and ``events/``):

- GDELT 2.0: the real first 15-minute file, and slices of its rows under
  later timestamps (their event ids moved out of the real file's range and
  DATEADDED set to their own time, so that no event is in two files), listed
  in ``masterfilelist.txt`` with mentions and GKG lines beside them; one
  listed with a wrong MD5, one listed but missing (404), one truncated on the
  server, one served slowly; ``lastupdate.txt`` names the newest.
- GDELT 1.0: daily files of 58 columns for 16 and 17 Feb 2015 made from the
  rows, one for 15 Feb that is an HTML page, ``md5sums`` and ``filesizes``
  (with lines for monthly archives and a day after GDELT 2.0 began, which a
  fetch leaves alone).
"""

from __future__ import annotations

import hashlib
import io
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.importing.gdelt import GDELT_LAYOUTS

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "gdelt"
REAL = FIXTURE / "20150218230000.export.CSV.zip"
GDELT_HOST = "http://data.gdeltproject.org"  # as GDELT's lists write addresses

#: what a fetch of 15-20 Feb 2015 makes of each file: fetched, or why not
EXPECTED = {
    "20150215.export.CSV.zip": "not a zip",
    "20150216.export.CSV.zip": "fetched",
    "20150217.export.CSV.zip": "fetched",
    "20150218230000.export.CSV.zip": "fetched",
    "20150219000000.export.CSV.zip": "fetched",
    "20150219001500.export.CSV.zip": "fetched",
    "20150219003000.export.CSV.zip": "md5",
    "20150219004500.export.CSV.zip": "missing (404)",
    "20150219010000.export.CSV.zip": "truncated",
    "20150219011500.export.CSV.zip": "fetched",
    "20150220000000.export.CSV.zip": "fetched",
}
SLOW = "/gdeltv2/20150219011500.export.CSV.zip"


def real_rows() -> list[list[str]]:
    """The 2,271 rows of GDELT 2.0's first file, as lists of 61 fields."""
    with zipfile.ZipFile(REAL) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    return [line.split("\t") for line in text.split("\n") if line]


def _zipped(member: str, rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    # a fixed time in the zip: the same rows make the same bytes, MD5 and all
    info = zipfile.ZipInfo(member, date_time=(2015, 2, 19, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, "".join("\t".join(row) + "\n" for row in rows))
    return buffer.getvalue()


def v2_rows(rows: list[list[str]], stamp: str, offset: int) -> list[list[str]]:
    """Rows as another 15-minute file would hold them: ids moved by
    ``offset``, DATEADDED its own time; the events keep their dates."""
    return [[str(int(row[0]) + offset), *row[1:59], stamp, row[60]] for row in rows]


def v1_rows(rows: list[list[str]], day: str, offset: int) -> list[list[str]]:
    """Rows in GDELT 1.0's 58 columns (no ADM2 codes), added on ``day``."""
    names61, names58 = GDELT_LAYOUTS[61][1], GDELT_LAYOUTS[58][1]
    converted = []
    for row in rows:
        values = dict(zip(names61, row))
        values["GLOBALEVENTID"] = str(int(row[0]) + offset)
        values["DATEADDED"] = day
        converted.append([values[name] for name in names58])
    return converted


def _md5(content: bytes) -> str:
    return hashlib.md5(content).hexdigest()


@dataclass
class GdeltTree:
    """The files of a GDELT-shaped tree under ``root`` and their lists."""

    root: Path
    rows: list[list[str]] = field(default_factory=real_rows)
    master: list[str] = field(default_factory=list)  # masterfilelist.txt lines
    md5sums: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)

    def add_v2(
        self, stamp: str, content: bytes | None, *, listed: bytes | None = None,
        md5: str | None = None, latest: bool = False,
    ) -> str:  # fmt: skip
        """A 15-minute events file: ``content`` served (None: missing),
        ``listed`` (default: ``content``) in the master list with ``md5``
        (default: its own); with ``latest`` also in ``lastupdate.txt``."""
        name = f"{stamp}.export.CSV.zip"
        listed = content if listed is None else listed
        if content is not None:
            (self.root / "gdeltv2" / name).write_bytes(content)
        lines = [
            f"{len(listed)} {md5 or _md5(listed)} {GDELT_HOST}/gdeltv2/{name}",
            f"318084 bb27f78ba45f69a17ea6ed7755e9f8ff {GDELT_HOST}/gdeltv2/"
            f"{stamp}.mentions.CSV.zip",
            f"10768507 ea8dde0beb0ba98810a92db068c0ce99 {GDELT_HOST}/gdeltv2/"
            f"{stamp}.gkg.csv.zip",
        ]
        self.master += lines
        self.write_lists(lastupdate=lines if latest else None)
        return name

    def add_v1(self, day: str, content: bytes) -> str:
        name = f"{day}.export.CSV.zip"
        (self.root / "events" / name).write_bytes(content)
        self.md5sums.append(f"{_md5(content)}  {name}")
        self.sizes.append(f"{len(content)} {name}")
        self.write_lists()
        return name

    def slice_v2(self, stamp: str, start: int, stop: int) -> bytes:
        """A zipped 15-minute file of the real rows ``start:stop``."""
        offset = 10_000_000 * (1 + int(stamp[8:12]))  # distinct per file
        rows = v2_rows(self.rows[start:stop], stamp, offset)
        return _zipped(f"{stamp}.export.CSV", rows)

    def write_lists(self, lastupdate: list[str] | None = None) -> None:
        v2, v1 = self.root / "gdeltv2", self.root / "events"
        (v2 / "masterfilelist.txt").write_text("\n".join(self.master) + "\n")
        if lastupdate:
            (v2 / "lastupdate.txt").write_text("\n".join(lastupdate) + "\n")
        (v1 / "md5sums").write_text("\n".join(self.md5sums) + "\n")
        (v1 / "filesizes").write_text("\n".join(self.sizes) + "\n")


def build_tree(root: Path) -> GdeltTree:
    """The tree of the module's docstring under ``root`` (see `EXPECTED`)."""
    for folder in ("gdeltv2", "events"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    tree = GdeltTree(root)
    rows = tree.rows
    # GDELT 1.0 daily files, and lines a fetch must leave alone
    tree.md5sums += [
        "0123456789abcdef0123456789abcdef  GDELT.MASTERREDUCEDV2.1979-2013.zip",
        "fedcba9876543210fedcba9876543210  201303.zip",
        "00112233445566778899aabbccddeeff  20150219.export.CSV.zip",
    ]
    tree.add_v1("20150215", b"<html><body>Service unavailable</body></html>\n")
    for number, day in enumerate(("20150216", "20150217")):
        start = 1900 + 150 * number
        content = _zipped(
            f"{day}.export.CSV",
            v1_rows(rows[start : start + 150], day, -(number + 1) * 10**8),
        )
        tree.add_v1(day, content)
    # GDELT 2.0: the real file, then slices under later timestamps
    tree.add_v2("20150218230000", REAL.read_bytes())
    tree.add_v2("20150219000000", tree.slice_v2("20150219000000", 0, 300))
    tree.add_v2("20150219001500", tree.slice_v2("20150219001500", 300, 600))
    tree.add_v2("20150219003000", tree.slice_v2("20150219003000", 600, 900),
                md5="0" * 32)  # fmt: skip
    tree.add_v2("20150219004500", None, listed=tree.slice_v2("20150219004500", 0, 10))
    whole = tree.slice_v2("20150219010000", 900, 1200)
    tree.add_v2("20150219010000", whole[: len(whole) // 2], listed=whole)
    tree.add_v2("20150219011500", tree.slice_v2("20150219011500", 1200, 1500))
    tree.master.append("not a line of three fields")
    tree.add_v2(
        "20150220000000", tree.slice_v2("20150220000000", 1500, 1800), latest=True
    )
    return tree


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        served = self.server.served
        path = urlsplit(self.path).path
        with served.lock:
            served.requests[path] += 1
            failing = served.unavailable.get(path, 0)
            if failing:
                served.unavailable[path] = failing - 1
        if failing:
            self._answer(503, b"busy", {"Retry-After": "0"})
            return
        time.sleep(served.slow.get(path, 0))
        if path in served.redirect:
            self._answer(302, b"", {"Location": served.redirect[path]})
            return
        if path in served.endless or path in served.trickle:
            self._stream(path)
            return
        file = (served.root / path.lstrip("/")).resolve()
        if served.root not in file.parents or not file.is_file():
            self._answer(404, b"not found")
            return
        body = file.read_bytes()
        if path in served.cut:  # the whole length announced, half of it sent
            self._answer(
                200, body[: len(body) // 2], {"Content-Length": str(len(body))}
            )
            self.close_connection = True
            return
        self._answer(200, body)

    def _stream(self, path: str) -> None:
        """No length: zeros until the client leaves (at most 64 MB), or a
        byte every ``trickle`` seconds (40 of them); the bytes counted."""
        served, pause = self.server.served, self.server.served.trickle.get(path)
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk, count = (b"P", 40) if pause else (b"\0" * 65536, 1024)
        try:
            for _ in range(count):
                self.wfile.write(chunk)
                self.wfile.flush()
                with served.lock:
                    served.sent[path] += len(chunk)
                time.sleep(pause or 0)
        except OSError:
            pass  # the client gave up: what it should do

    def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        headers = {"Content-Length": str(len(body)), **(headers or {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # quiet tests
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    served: GdeltServer

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up (a timeout test) is no error of the server


@dataclass
class GdeltServer:
    """``root`` served on 127.0.0.1: the requests counted by path; paths
    answered slowly (seconds), with 503 a number of times, cut short, with
    no end (``endless``) or a byte at a time (``trickle``: seconds between
    bytes), the bytes of those two counted in ``sent``, or redirected
    (``redirect``: to its Location)."""

    root: Path
    requests: Counter = field(default_factory=Counter)
    slow: dict[str, float] = field(default_factory=dict)
    unavailable: dict[str, int] = field(default_factory=dict)
    cut: set[str] = field(default_factory=set)
    endless: set[str] = field(default_factory=set)
    trickle: dict[str, float] = field(default_factory=dict)
    redirect: dict[str, str] = field(default_factory=dict)  # path -> Location
    sent: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def __enter__(self) -> GdeltServer:
        self.root = self.root.resolve()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.served = self
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def files_requested(self) -> Counter:
        """Requests of events files (not of the lists), by file name."""
        with self.lock:
            return Counter({
                path.rsplit("/", 1)[-1]: count
                for path, count in self.requests.items()
                if path.endswith(".zip")
            })  # fmt: skip

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
