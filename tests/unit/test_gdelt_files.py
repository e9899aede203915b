"""GDELT's lists of its files read, files chosen by publication time, and
downloaded files checked: pure, no network."""

from __future__ import annotations

import threading
import zipfile
from datetime import datetime

import pytest

from dashboard.cli import _every, _utc_moment
from dashboard.importing import download as download_module
from dashboard.importing.download import (
    DownloadOptions,
    Failure,
    _transient,
    _whole,
    base_url,
    check_zip,
    matches,
)
from dashboard.importing.fetch import FetchReport
from dashboard.importing.gdeltfiles import (
    GdeltFile,
    ListingError,
    choose,
    list_gdelt,
    parse_file_list,
    parse_filesizes,
    parse_md5sums,
    published_at,
    v1_files,
)
from tests.gdelt_server import REAL

# the first lines of GDELT 2.0's masterfilelist.txt, as GDELT writes them
MASTER = """\
150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip
318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip
10768507 ea8dde0beb0ba98810a92db068c0ce99 http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip
149211 2a91041d7e72b0fc6a629e2ff867b240 http://data.gdeltproject.org/gdeltv2/20150218231500.export.CSV.zip

 http://data.gdeltproject.org/gdeltv2/20150218233000.export.CSV.zip
149723 12268e821823aae2da90882621feda18 http://data.gdeltproject.org/gdeltv2/20150218233000.export.CSV.zip
""".splitlines()
BASE = "http://127.0.0.1:8000"


def test_master_list_gives_the_events_files_under_the_base():
    files, bad = parse_file_list(MASTER, BASE)
    assert [f.name for f in files] == [
        "20150218230000.export.CSV.zip",
        "20150218231500.export.CSV.zip",
        "20150218233000.export.CSV.zip",
    ]
    first = files[0]
    assert first.url == f"{BASE}/gdeltv2/20150218230000.export.CSV.zip"
    assert (first.size, first.md5) == (150383, "297a16b493de7cf6ca809a7cc31d0b93")
    assert first.published == datetime(2015, 2, 18, 23, 0) and first.version == 2
    assert bad == ["http://data.gdeltproject.org/gdeltv2/20150218233000.export.CSV.zip"]


def test_lists_with_digits_of_other_scripts_are_bad_lines_not_a_crash():
    """'²' is a digit to isdigit() and no number to int(), and \\d took a
    fullwidth '０' into a file name no URL can carry: either stopped the
    whole fetch with a traceback."""
    md5 = "297a16b493de7cf6ca809a7cc31d0b93"
    lines = [
        f"\u00b2 {md5} http://x/gdeltv2/20150218230000.export.CSV.zip",
        f"5 {md5} http://x/gdeltv2/2015021823150\uff10.export.CSV.zip",
        f"\u0661\u0662 {md5} http://x/gdeltv2/20150218233000.export.CSV.zip",
    ]
    files, bad = parse_file_list(lines, BASE)
    assert files == [] and bad == [lines[0], lines[2]]
    assert published_at("2015021823150\uff10.export.CSV.zip") is None
    assert parse_filesizes(["\u00b2 20150217.export.CSV.zip"]) == {}
    # nor in a Content-Length: the download it came with stopped the fetch
    assert _whole(10, "\u00b2") is None
    assert parse_md5sums([f"{md5}  2015021\uff17.export.CSV.zip"]) != {} and (
        v1_files(parse_md5sums([f"{md5}  2015021\uff17.export.CSV.zip"]), {}, BASE)
        == []
    )


def test_version_1_lists():
    md5s = parse_md5sums([
        "d41d8cd98f00b204e9800998ecf8427e  20150217.export.CSV.zip",
        "0123456789abcdef0123456789abcdef  201303.zip",
        "00112233445566778899aabbccddeeff  20150219.export.CSV.zip",
        "garbage",
    ])  # fmt: skip
    sizes = parse_filesizes(["1234 20150217.export.CSV.zip", "201303.zip 99", "x"])
    assert sizes == {"20150217.export.CSV.zip": 1234, "201303.zip": 99}
    files = v1_files(md5s, sizes, BASE)
    # only daily files, and only for days before GDELT 2.0 began
    assert [(f.name, f.size, f.version) for f in files] == [
        ("20150217.export.CSV.zip", 1234, 1)
    ]
    assert files[0].url == f"{BASE}/events/20150217.export.CSV.zip"
    assert files[0].last_covered == datetime(2015, 2, 17, 23, 59, 59)


def test_published_at_refuses_what_is_no_time():
    assert published_at("20151399000000.export.CSV.zip") is None
    assert published_at("20150218230000.mentions.CSV.zip") is None
    assert published_at("x20150218.export.CSV.zip") is None


def v2(stamp: str) -> GdeltFile:
    return GdeltFile(
        f"{stamp}.export.CSV.zip", "", published_at(f"{stamp}.export.CSV.zip")
    )


def test_choose_by_publication_time_both_ends_included():
    files = [v2("20150219001500"), v2("20150219000000"), v2("20150219003000"),
             v2("20150219000000")]  # fmt: skip
    chosen = choose(files, datetime(2015, 2, 19, 0, 0), datetime(2015, 2, 19, 0, 15))
    assert [f.name[:14] for f in chosen] == ["20150219000000", "20150219001500"]


def test_choose_takes_a_daily_file_by_its_day():
    day = GdeltFile("20150217.export.CSV.zip", "", datetime(2015, 2, 17))
    inside = choose([day], datetime(2015, 2, 17, 18), datetime(2015, 2, 17, 19))
    assert inside == [day]
    assert choose([day], datetime(2015, 2, 18), datetime(2015, 2, 19)) == []


@pytest.mark.parametrize(
    "text", ["ftp://mirror.example.org", "file:///srv/gdelt", "http://", "mirror.org",
             "http://mirror.example.org/?q=1"],
)  # fmt: skip
def test_base_url_only_http_with_a_host(text):
    with pytest.raises(ValueError):
        base_url(text)


def test_check_zip_names_what_is_wrong(tmp_path):
    good = tmp_path / "good.zip"
    good.write_bytes(REAL.read_bytes())
    check_zip(good)
    assert matches(good, size=good.stat().st_size, md5=None)
    cases = {
        "truncated": REAL.read_bytes()[:70_000],
        "not a zip": b"<html>Service unavailable</html>",
    }
    corrupt = bytearray(REAL.read_bytes())
    corrupt[5_000] ^= 0xFF  # a byte of the compressed data, the directory intact
    cases["corrupt"] = bytes(corrupt)
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    for reason, content in cases.items():
        path = tmp_path / f"{reason}.zip"
        path.write_bytes(content)
        with pytest.raises(Failure) as caught:
            check_zip(path)
        assert caught.value.reason == reason
        assert not matches(path, size=None, md5=None)
    with pytest.raises(Failure, match="corrupt"):
        check_zip(empty)


def test_check_zip_refuses_a_zip_bomb_without_unzipping_it(tmp_path):
    """A zip's files were read to their end whatever they unzipped to (4 s
    per 2 GB): more than 100 times the zip (at least 64 MiB) is refused."""
    bomb = tmp_path / "20150219000000.export.CSV.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("20150219000000.export.CSV", "w") as member:
            for _ in range(65):
                member.write(bytes(1 << 20))
    with pytest.raises(Failure) as caught:
        check_zip(bomb)
    assert str(caught.value) == (
        "too large unzipped (20150219000000.export.CSV would unzip to 68,157,440 "
        f"bytes, more than 67,108,864 for a zip of {bomb.stat().st_size:,}: "
        "not read)"
    )
    assert not matches(bomb, size=None, md5=None)


class _SlowLink:
    """An answer of ``REAL`` at 400 bytes a second of a clock that moves only
    when it is read from (`download_module.time` replaced)."""

    headers: dict = {}

    def __init__(self):
        self.body, self.now = REAL.read_bytes(), 0.0

    def read1(self, size):
        self.now += 1.0
        chunk, self.body = self.body[:400], self.body[400:]
        return chunk

    def monotonic(self):
        return self.now

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


@pytest.mark.parametrize("downloads", [1, 4])
def test_the_slowest_rate_is_the_link_s_shared_by_the_downloads(
    tmp_path, monkeypatch, downloads
):
    """Four downloads at once each had to reach 1,000 bytes/s: a link under
    4 KB/s failed every file "too slow", and nothing said --downloads 1 helps.
    Four share the 1,000 now, and the message says what to do."""
    link = _SlowLink()
    monkeypatch.setattr(download_module, "_open", lambda url, options: link)
    monkeypatch.setattr(download_module, "time", link)
    options = DownloadOptions(downloads=downloads, timeout=10, retries=0)

    def fetch():
        return download_module.download(
            "http://127.0.0.1/x.zip", tmp_path / "x.zip", size=None, md5=None,
            options=options, stop=threading.Event(),
        )  # fmt: skip

    if downloads == 4:  # 400 bytes/s each: 1,600 for the link
        assert fetch() == (REAL.stat().st_size, 1)
        return
    with pytest.raises(Failure) as caught:
        fetch()
    assert str(caught.value) == "too slow (4,000 bytes in 10 s, under 1,000 bytes/s)"
    link.body, link.now = b"\0" * 100_000, 0.0
    monkeypatch.setattr(download_module, "SLOWEST", 2000)  # 500 for each of 4
    options = DownloadOptions(downloads=4, timeout=10, retries=0)
    with pytest.raises(Failure) as caught:
        fetch()
    assert str(caught.value) == (
        "too slow (4,000 bytes in 10 s, under 500 bytes/s: 2,000 shared by 4 "
        "downloads at once; on a slow link, --downloads 1 gives one file all of it)"
    )


class _Flood:
    """A masterfilelist.txt of ``count`` valid lines, each an events file of
    its own second of 19 Feb 2015; ``sent`` counts the bytes read of it."""

    headers: dict = {}

    def __init__(self, count: int):
        stamps = (datetime(2015, 2, 19, s // 3600, s // 60 % 60, s % 60)
                  for s in range(count))  # fmt: skip
        self.lines = (
            f"150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject."
            f"org/gdeltv2/{stamp:%Y%m%d%H%M%S}.export.CSV.zip\n".encode()
            for stamp in stamps
        )
        self.sent = 0

    def read1(self, size):
        chunk = b"".join(line for line, _ in zip(self.lines, range(400)))
        self.sent += len(chunk)
        return chunk

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


def test_a_flood_of_listed_files_is_refused_where_it_passes_what_a_day_holds(
    monkeypatch,
):
    """Every valid-looking line in the window was kept, up to the list's
    1 GiB (1.9 GB of memory), and each became a download: a day of GDELT 2.0
    is 96 files, so its list is cut after 2 x 96 + 1,000 lines kept."""
    flood = _Flood(50_000)
    monkeypatch.setattr(download_module, "_open", lambda url, options: flood)
    options = DownloadOptions(retries=0)
    day = datetime(2015, 2, 19), datetime(2015, 2, 19, 23, 59, 59)
    with pytest.raises(ListingError) as caught:
        list_gdelt("http://127.0.0.1", *day, options)
    assert str(caught.value) == (
        "cannot list GDELT 2.0 files: http://127.0.0.1/gdeltv2/masterfilelist.txt:"
        " size (more than 1,192 lines to keep)"
    )
    assert flood.sent < 200_000  # stopped after 1,193 lines, not 50,000 (5 MB)
    fair = _Flood(96)  # as many files as a day has: all listed
    monkeypatch.setattr(download_module, "_open", lambda url, options: fair)
    files, notes = list_gdelt("http://127.0.0.1", *day, options)
    assert len(files) == 96 and notes == []


def test_report_says_what_happened():
    report = FetchReport(
        "http://data.gdeltproject.org", chosen=4, already=1,
        fetched=["20150219000000.export.CSV.zip"], bytes=150_000, seconds=0.5,
        first=datetime(2015, 2, 18, 23), last=datetime(2015, 2, 19, 0, 30),
    )  # fmt: skip
    report.failed = {"20150219001500.export.CSV.zip": "missing (404)",
                     "20150219003000.export.CSV.zip": "md5 (abc, listed def)"}  # fmt: skip
    report.reasons = {"20150219001500.export.CSV.zip": "missing (404)",
                      "20150219003000.export.CSV.zip": "md5"}  # fmt: skip
    text = str(report)
    assert "4 file(s), published 2015-02-18 23:00 to 2015-02-19 00:30" in text
    assert "already in the store: 1" in text
    assert "fetched 1 (150.0 KB in 0.5 s, 2.0 files/s, 300.0 KB/s)" in text
    assert "failed 2: md5 1, missing (404) 1 (the next run tries again)" in text
    assert "  20150219003000.export.CSV.zip: md5 (abc, listed def)" in text
    assert "no new file" in str(FetchReport("http://x.org"))
    # none listed in the window asked for: not "you have them all"
    none = str(FetchReport("http://x.org", listed=0))
    assert none == "GDELT at http://x.org: lists no events file in that window"


def test_a_server_that_refuses_is_a_connection_failed():
    """The README names "connection failed"; a refused connection was
    "connection lost (ConnectionRefusedError)", as if one had been made."""
    failure = _transient(ConnectionRefusedError(111, "Connection refused"))
    assert (failure.reason, failure.retry) == ("connection failed", True)
    assert _transient(ConnectionResetError()).reason == "connection lost"


def test_command_line_times_and_intervals():
    assert _utc_moment("2015-02-19") == datetime(2015, 2, 19)
    assert _utc_moment("2015-02-19", end=True) == datetime(2015, 2, 19, 23, 59, 59)
    assert _utc_moment("2015-02-19T01:00+01:00") == datetime(2015, 2, 19, 0, 0)
    assert (_every("15m"), _every("1h"), _every("90")) == (900, 3600, 90)
    for bad in ("5s", "soon", "15 minutes"):
        with pytest.raises(ValueError):
            _every(bad)
