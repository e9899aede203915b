"""Fetching and following GDELT against a GDELT-shaped tree served from
127.0.0.1 (tests/gdelt_server.py): counts by reason, resuming, update,
retries; nothing reaches the internet."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime

import pytest

from dashboard.cli import main
from dashboard.cli.events import _none_had
from dashboard.importing.download import (
    DownloadOptions,
    Failure,
    download,
    text_lines,
)
from dashboard.importing.fetch import (
    FetchReport,
    fetch_gdelt,
    mark_imported,
    pending_imports,
    read_manifest,
    update_gdelt,
)
from dashboard.importing.gdeltfiles import ListingError
from tests.conftest import ROOT
from tests.gdelt_server import EXPECTED, SLOW, GdeltServer, build_tree

COUNTRIES = ("RUS", "BLR", "TUR", "USA", "VEN")
FAST = DownloadOptions(downloads=4, timeout=10, retries=2, backoff=0.05)
WINDOW = {"since": datetime(2015, 2, 15), "until": datetime(2015, 2, 20, 23, 59, 59)}


@pytest.fixture
def gdelt(tmp_path):
    """A GDELT-shaped tree served on 127.0.0.1, one file of it slow."""
    tree = build_tree(tmp_path / "gdelt")
    with GdeltServer(tree.root, slow={SLOW: 0.8}) as server:
        server.tree = tree
        yield server


def fetch(server, store, **window):
    return fetch_gdelt(
        store, **(window or WINDOW), base=server.url, countries=COUNTRIES, options=FAST
    )


def test_fetch_counts_every_file_by_outcome(gdelt, tmp_path, capsys):
    store = tmp_path / "store"
    report = fetch(gdelt, store)
    fetched = sorted(n for n, why in EXPECTED.items() if why == "fetched")
    assert report.chosen == len(EXPECTED) == 11
    assert sorted(report.fetched) == fetched
    assert report.counts() == {
        "md5": 1,
        "missing (404)": 1,
        "truncated": 1,
        "not a zip": 1,
    }
    assert report.reasons == {n: why for n, why in EXPECTED.items() if why != "fetched"}
    # checked files only, each whole, and nothing half-written left behind
    assert sorted(p.name for p in (store / "raw").iterdir()) == fetched
    assert (store / "raw" / "20150218230000.export.CSV.zip").read_bytes() == (
        gdelt.root / "gdeltv2" / "20150218230000.export.CSV.zip"
    ).read_bytes()
    manifest = read_manifest(store)
    assert manifest["base_url"] == gdelt.url and manifest["countries"] == list(
        COUNTRIES
    )
    record = manifest["files"]["20150219003000.export.CSV.zip"]
    assert record["status"] == "failed" and record["reason"] == "md5"
    assert record["url"] == f"{gdelt.url}/gdeltv2/20150219003000.export.CSV.zip"
    good = manifest["files"]["20150217.export.CSV.zip"]
    assert good["status"] == "fetched" and good["published"] == "2015-02-17T00:00:00"
    assert good["version"] == 1 and good["attempts"] == 1
    # a 404 is not retried; a file of the wrong MD5 is not either
    requested = gdelt.files_requested()
    assert requested["20150219004500.export.CSV.zip"] == 1
    assert requested["20150219003000.export.CSV.zip"] == 1
    # mentions, GKG, monthly archives and 1.0 days after 2.0 began: not touched
    assert set(requested) == set(EXPECTED)
    text = str(report)
    assert "failed 4: md5 1, missing (404) 1, not a zip 1, truncated 1" in text
    assert "20150219004500.export.CSV.zip: missing (404)" in text
    assert "fetched 7 (" in text and "files/s" in text
    assert "1 line(s) unreadable" in text  # the odd line of the master list
    assert capsys.readouterr().err == ""  # no progress bar off a terminal
    assert pending_imports(store)[0].name == "20150216.export.CSV.zip"
    assert len(pending_imports(store)) == 7


def test_a_second_run_fetches_nothing_new(gdelt, tmp_path):
    store = tmp_path / "store"
    fetch(gdelt, store)
    gdelt.reset()
    again = fetch(gdelt, store)
    assert again.fetched == [] and again.already == 7
    # only the files that failed are asked for again, once each (no retry)
    requested = gdelt.files_requested()
    assert set(requested) == {n for n, why in EXPECTED.items() if why != "fetched"}
    assert sum(requested.values()) == 4
    record = read_manifest(store)["files"]["20150219004500.export.CSV.zip"]
    assert record["attempts"] == 2


def test_a_file_fixed_on_the_server_is_fetched_by_the_next_run(gdelt, tmp_path):
    store = tmp_path / "store"
    fetch(gdelt, store)
    name = "20150219004500.export.CSV.zip"  # listed, missing: now it comes
    listed = gdelt.tree.slice_v2("20150219004500", 0, 10)
    (gdelt.root / "gdeltv2" / name).write_bytes(listed)
    again = fetch(gdelt, store)
    assert again.fetched == [name]
    assert read_manifest(store)["files"][name]["status"] == "fetched"


def test_a_file_listed_anew_with_other_bytes_is_fetched_again(gdelt, tmp_path):
    """GDELT lists a file it fetched with another MD5 and size (a corrected
    file): it was "already in the store", kept as it was, unsaid. It is
    fetched again, said, and imported again (its record loses "imported")."""
    store = tmp_path / "store"
    fetch(gdelt, store)
    name = "20150219000000.export.CSV.zip"
    manifest = read_manifest(store)
    manifest["files"][name]["imported"] = "2015-02-19T00:20:00+00:00"
    (store / "fetch.json").write_text(json.dumps(manifest), encoding="utf-8")
    old = manifest["files"][name]
    corrected = gdelt.tree.slice_v2("20150219000000", 0, 12)
    (gdelt.root / "gdeltv2" / name).write_bytes(corrected)
    new_md5 = hashlib.md5(corrected).hexdigest()
    tree = gdelt.tree
    tree.master = [
        f"{len(corrected)} {new_md5} {line.split(' ', 2)[2]}" if name in line else line
        for line in tree.master
    ]
    tree.write_lists()
    again = fetch(gdelt, store)
    assert again.fetched == [name] and again.relisted == [name]
    assert f"fetched again: 1 ({name})" in str(again)
    record = read_manifest(store)["files"][name]
    assert (record["md5"], record["size"]) == (new_md5, len(corrected))
    assert record["md5"] != old["md5"] and "imported" not in record
    assert (store / "raw" / name).read_bytes() == corrected
    assert fetch(gdelt, store).relisted == []  # once
    # listed anew wrongly (GDELT's list at fault): the file held stays, imported
    mark_imported(store, [store / "raw" / name])
    tree.master = [line.replace(new_md5, "f" * 32) for line in tree.master]
    tree.write_lists()
    wrong = fetch(gdelt, store)
    assert wrong.relisted == [name] and wrong.reasons[name] == "md5"
    kept = read_manifest(store)["files"][name]
    assert (kept["status"], kept["md5"]) == ("fetched", new_md5) and kept["imported"]
    assert (store / "raw" / name).read_bytes() == corrected


def test_a_killed_run_is_resumed_without_downloading_again(gdelt, tmp_path):
    store = tmp_path / "store"
    fetch(gdelt, store)
    (store / "fetch.json").unlink()  # as if killed before it recorded anything
    (store / "raw" / ".20150216.export.CSV.zip.1234abcd.part").write_bytes(b"PK")
    gdelt.reset()
    again = fetch(gdelt, store)
    assert again.already == 7 and again.fetched == []
    assert not list((store / "raw").glob(".*"))  # the half-written file went
    assert "20150216.export.CSV.zip" not in gdelt.files_requested()


def test_window_chooses_files_by_publication_time(gdelt, tmp_path):
    store = tmp_path / "store"
    report = fetch(
        gdelt,
        store,
        since=datetime(2015, 2, 19, 0, 15),
        until=datetime(2015, 2, 19, 0, 30),
    )
    assert report.chosen == 2
    assert report.fetched == ["20150219001500.export.CSV.zip"]
    assert report.reasons == {"20150219003000.export.CSV.zip": "md5"}
    # a window before GDELT 2.0 reads only 1.0's lists
    gdelt.reset()
    fetch(
        gdelt,
        tmp_path / "old",
        since=datetime(2015, 2, 16),
        until=datetime(2015, 2, 16),
    )
    assert "/gdeltv2/masterfilelist.txt" not in gdelt.requests
    assert set(gdelt.files_requested()) == {"20150216.export.CSV.zip"}


def test_update_fetches_exactly_the_new_file(gdelt, tmp_path):
    store = tmp_path / "store"
    fetch(gdelt, store)
    quiet = update_gdelt(store, options=FAST)
    assert quiet.fetched == [] and quiet.chosen == 4  # the failed ones, again
    name = gdelt.tree.add_v2(
        "20150220001500", gdelt.tree.slice_v2("20150220001500", 1800, 2100), latest=True
    )
    gdelt.reset()
    report = update_gdelt(store, options=FAST)
    assert report.fetched == [name]
    assert gdelt.files_requested()[name] == 1
    assert "/gdeltv2/masterfilelist.txt" not in gdelt.requests  # no run was missed
    manifest = read_manifest(store)
    assert manifest["lastupdate"]["name"] == name
    assert manifest["files"][name]["published"] == "2015-02-20T00:15:00"


def test_update_after_missed_runs_catches_up_from_the_master_list(gdelt, tmp_path):
    store = tmp_path / "store"
    fetch(gdelt, store)
    tree = gdelt.tree
    missed = tree.add_v2("20150220001500", tree.slice_v2("20150220001500", 1800, 1900))
    newest = tree.add_v2(
        "20150220003000", tree.slice_v2("20150220003000", 1900, 2000), latest=True
    )
    gdelt.reset()
    report = update_gdelt(store, options=FAST)
    assert sorted(report.fetched) == [missed, newest]
    assert gdelt.requests["/gdeltv2/masterfilelist.txt"] == 1


def test_unavailable_server_is_retried_with_back_off(gdelt, tmp_path):
    name = "20150219000000.export.CSV.zip"
    gdelt.unavailable[f"/gdeltv2/{name}"] = 2
    started = time.monotonic()
    report = fetch(
        gdelt,
        tmp_path / "store",
        since=datetime(2015, 2, 19),
        until=datetime(2015, 2, 19, 0, 0),
    )
    assert report.fetched == [name]
    assert gdelt.files_requested()[name] == 3
    assert time.monotonic() - started >= 0.05 + 0.1  # two pauses, doubling
    assert read_manifest(tmp_path / "store")["files"][name]["attempts"] == 3


def test_still_unavailable_after_the_retries_is_named(gdelt, tmp_path):
    name = "20150219000000.export.CSV.zip"
    gdelt.unavailable[f"/gdeltv2/{name}"] = 10
    gdelt.cut.add("/gdeltv2/20150219001500.export.CSV.zip")
    report = fetch(
        gdelt,
        tmp_path / "store",
        since=datetime(2015, 2, 19),
        until=datetime(2015, 2, 19, 0, 15),
    )
    assert report.reasons == {
        name: "HTTP 503",
        "20150219001500.export.CSV.zip": "truncated",
    }
    assert gdelt.files_requested()[name] == 3  # the first try and two retries
    # nothing had, and for want of an answer only: the run fails (exit 1)
    assert report.reached_none and _none_had(report) == 1
    # tried again by the next run, failing again: no new file failed, and
    # a cron job is not told of the same two files at every run
    again = fetch(
        gdelt, tmp_path / "store", since=datetime(2015, 2, 19),
        until=datetime(2015, 2, 19, 0, 15),
    )  # fmt: skip
    assert set(again.failed) == set(report.failed) and not again.reached_none


def test_a_run_fails_only_when_the_server_answered_for_no_file(capsys):
    """A run from cron that fetched nothing because the server was down read
    as a success; a file of its own fault (a 404, an MD5), alone or beside
    others fetched, does not fail a run (GDELT lists a few that never
    come)."""
    down = FetchReport("http://127.0.0.1:9", chosen=2)
    for name, reason in (("a.zip", "too slow"), ("b.zip", "timeout")):
        down.failed[name], down.reasons[name] = reason, reason
        down.unreached.add(name)
    assert _none_had(down) == 1
    assert "none of the 2 files tried could be had" in capsys.readouterr().err
    gone = replace(down, unreached={"a.zip"})  # b.zip: a 404, say
    assert _none_had(gone) == 0
    some = replace(down, fetched=["c.zip"])
    assert _none_had(some) == 0
    assert _none_had(FetchReport("http://127.0.0.1:9")) == 0  # nothing to fetch


def test_a_silent_server_times_out(gdelt, tmp_path):
    options = DownloadOptions(timeout=0.3, retries=0)
    report = fetch_gdelt(
        tmp_path / "store", since=datetime(2015, 2, 19, 1, 15),
        until=datetime(2015, 2, 19, 1, 15), base=gdelt.url, countries=COUNTRIES,
        options=options,
    )  # fmt: skip
    assert report.reasons == {"20150219011500.export.CSV.zip": "timeout"}


def test_an_answer_longer_than_listed_is_cut_off_at_the_listed_size(gdelt, tmp_path):
    """An endless answer was written on until the disk was full (3.6 GB in
    12 s from 127.0.0.1) and only then compared with the listed size."""
    name = "20150219000000.export.CSV.zip"
    gdelt.endless.add(f"/gdeltv2/{name}")
    options = DownloadOptions(timeout=5, retries=0)
    report = fetch_gdelt(
        tmp_path / "store", since=datetime(2015, 2, 19), until=datetime(2015, 2, 19),
        base=gdelt.url, countries=COUNTRIES, options=options,
    )  # fmt: skip
    listed = len((gdelt.root / "gdeltv2" / name).read_bytes())
    assert report.failed == {
        name: f"size (more than {listed:,} bytes, listed {listed:,})"
    }
    assert list((tmp_path / "store" / "raw").iterdir()) == []
    # the client hung up at once: what the server sent fits in its buffers
    assert gdelt.sent[f"/gdeltv2/{name}"] < 16 << 20


def test_a_trickle_is_too_slow_and_a_stop_is_heard_at_once(gdelt, tmp_path):
    """A byte now and then is never a silence of --timeout: a download read
    64 KB before it looked again, so it lasted days (a byte a second), and
    Ctrl+C waited for it."""
    path = "/gdeltv2/20150219000000.export.CSV.zip"
    gdelt.trickle[path] = 0.1  # 40 bytes in 4 s, then the end
    (tmp_path / "raw").mkdir()
    url, target = f"{gdelt.url}{path}", tmp_path / "raw" / "file.zip"
    started = time.monotonic()
    with pytest.raises(Failure, match="too slow"):
        download(url, target, size=None, md5=None, stop=threading.Event(),
                 options=DownloadOptions(timeout=1, retries=0))  # fmt: skip
    assert time.monotonic() - started < 2.5
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with pytest.raises(Failure, match="interrupted"):
        download(url, target, size=None, md5=None, stop=stop,
                 options=DownloadOptions(timeout=30, retries=0))  # fmt: skip
    assert time.monotonic() - started < 1.5
    assert list((tmp_path / "raw").iterdir()) == []


def test_a_redirect_away_from_http_is_named_with_its_target(gdelt, tmp_path):
    """A redirect to file:// was reported as "HTTP 302" (urllib refuses it
    itself), one to ftp:// as "redirected away from http(s)" without saying
    where; a redirect to another http address is followed."""
    name = "20150219000000.export.CSV.zip"
    gdelt.redirect[f"/gdeltv2/{name}"] = "file:///etc/passwd"
    gdelt.redirect["/gdeltv2/lastupdate.txt"] = "ftp://example.org/lastupdate.txt"
    gdelt.redirect["/moved.txt"] = f"{gdelt.url}/gdeltv2/masterfilelist.txt"
    report = fetch_gdelt(
        tmp_path / "store", since=datetime(2015, 2, 19), until=datetime(2015, 2, 19),
        base=gdelt.url, countries=COUNTRIES, options=FAST,
    )  # fmt: skip
    assert report.failed == {
        name: "redirected away from http(s) (to file:///etc/passwd)"
    }
    with pytest.raises(Failure, match=r"\(to ftp://example.org/lastupdate.txt\)"):
        text_lines(f"{gdelt.url}/gdeltv2/lastupdate.txt", FAST)
    assert text_lines(f"{gdelt.url}/moved.txt", FAST)[0].endswith(".zip\n")


def test_lists_that_never_end_are_refused_with_memory_bounded(gdelt, tmp_path):
    """An endless masterfilelist.txt of one line was held whole (7 GB in
    20 s); a list is read in bounded pieces up to its limit."""
    gdelt.endless.add("/gdeltv2/lastupdate.txt")
    with pytest.raises(Failure, match=r"size \(more than 1,048,576 bytes\)"):
        text_lines(f"{gdelt.url}/gdeltv2/lastupdate.txt",
                   DownloadOptions(timeout=5, retries=0), limit=1 << 20)  # fmt: skip
    long = "1 " + "0" * 32 + " x" * 5000
    (gdelt.root / "gdeltv2" / "long.txt").write_text(f"{long}\nshort\n")
    lines = text_lines(f"{gdelt.url}/gdeltv2/long.txt", FAST)
    assert lines == [f"(a line longer than 4,096 bytes) {long[:100]}\n", "short\n"]


def test_nothing_listed_is_an_error_and_leaves_no_store(tmp_path):
    kept = tmp_path / "kept"
    kept.mkdir()
    with GdeltServer(tmp_path) as empty:  # serves nothing: every list is a 404
        with pytest.raises(ListingError, match="masterfilelist"):
            fetch(empty, tmp_path / "store")
        for out in (tmp_path / "s", kept):
            assert main(["fetch", "gdelt", "--since", "2015-02-19", "--out",
                         str(out), "--base-url", empty.url]) == 1  # fmt: skip
    # an empty folder holding only the lock was left behind: not a store
    assert not (tmp_path / "s").exists()
    assert kept.is_dir()  # a folder that was there is left there


def test_cli_fetch_and_update_download_only(gdelt, tmp_path, capsys):
    store = tmp_path / "store"
    argv = ["fetch", "gdelt", "--since", "2015-02-15", "--until", "2015-02-20",
            "--out", str(store), "--base-url", gdelt.url, "--download-only"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "fetched 7" in out and "failed 4" in out
    assert "7 files fetched, not imported yet" in out
    assert main(["update", str(store), "--download-only"]) == 0
    assert "fetched 0" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--since", "2015-02-20", "--until", "2015-02-19"], "before --since"),
        (["--since", "yesterday"], "use YYYY-MM-DD"),
        (
            ["--since", "2015-02-19", "--base-url", "ftp://mirror.example.org"],
            "http(s)",
        ),
        (["--since", "2015-02-19", "--countries", "RUS,XXX"], "XXX"),
        (["--since", "2015-02-19", "--downloads", "0"], "--downloads"),
    ],
)
def test_cli_bad_arguments(argv, message, tmp_path, capsys):
    assert main(["fetch", "gdelt", "--out", str(tmp_path / "s"), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_cli_update_needs_a_fetched_store(tmp_path, capsys):
    assert main(["update", str(tmp_path)]) == 2
    assert "has no fetch.json" in capsys.readouterr().err
    # a data set's folder: it had told of a fetch into it, which refuses it
    (tmp_path / "actors.csv").write_text("id\n", encoding="utf-8")
    assert main(["update", str(tmp_path)]) == 2
    said = capsys.readouterr().err
    assert "holds a data set (actors.csv), not an event store" in said
    assert "fetch gdelt" not in said
    (tmp_path / "actors.csv").unlink()
    assert main(["update", str(tmp_path / "nowhere")]) == 2
    assert "nowhere: no such folder" in capsys.readouterr().err
    assert main(["update", str(tmp_path), "--every", "5s"]) == 2


@pytest.mark.parametrize(
    "stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"]
)
def test_cli_update_every_ends_cleanly_on_ctrl_c(gdelt, tmp_path, stop):
    """Ctrl+C, or TERM as systemd and `docker stop` send: the summary, exit
    status 0 (TERM had ended it without a word)."""
    store = tmp_path / "store"
    fetch(gdelt, store)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "update", str(store), "--every", "15m",
         "--download-only"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("next check in"):
            break
    process.send_signal(stop)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped after 1 check: 0 files fetched, 4 failing" in out
    assert "Traceback" not in err
    assert json.loads((store / "fetch.json").read_text())["lastupdate"]


def store_events(store) -> tuple[int, int]:
    """(files, events) that the store's store.json counts."""
    from dashboard.core.store import read_manifest as read_store_manifest

    files = read_store_manifest(store)["files"]
    return len(files), sum(entry["kept"] for entry in files)


def test_cli_fetch_imports_the_fixture_into_an_openable_store(gdelt, tmp_path):
    from dashboard.importing.events import import_events
    from dashboard.importing.store import open_store
    from tests.gdelt_server import REAL

    store = tmp_path / "store"
    argv = ["fetch", "gdelt", "--since", "2015-02-18", "--until", "2015-02-18",
            "--out", str(store), "--base-url", gdelt.url, "--workers", "1"]  # fmt: skip
    assert main(argv) == 0
    relations = open_store(store).relations
    _, expected, _ = import_events("gdelt", [REAL])
    columns = ["source", "target", "start", "cameo_code", "report_count"]

    def rows(table):
        return sorted(tuple(str(v) for v in row) for row in table[columns].values)

    assert rows(relations) == rows(expected)
    assert relations["report_count"].astype(int).sum() == 15  # the 15 events
    assert pending_imports(store) == []


def test_events_keep_their_dates_and_count_once_across_runs(gdelt, tmp_path):
    from dashboard.importing.store import open_store

    store = tmp_path / "store"
    argv = ["fetch", "gdelt", "--since", "2015-02-19", "--until", "2015-02-20",
            "--out", str(store), "--base-url", gdelt.url, "--workers", "1"]  # fmt: skip
    assert main(argv) == 0
    # files published from 19 Feb hold events of 18 Feb: they keep that date
    assert set(open_store(store).relations["start"]) == {"2015-02-18"}
    files, events = store_events(store)
    assert files == 4
    assert main(argv) == 0  # nothing fetched, nothing imported twice
    assert store_events(store) == (files, events)
    tree = gdelt.tree
    tree.add_v2("20150220001500", tree.slice_v2("20150220001500", 1800, 2100),
                latest=True)  # fmt: skip
    assert main(["update", str(store), "--workers", "1"]) == 0
    assert store_events(store)[0] == files + 1
    assert pending_imports(store) == []


def test_base_address_from_the_setting_then_from_the_store(
    gdelt, tmp_path, monkeypatch, capsys
):
    store = tmp_path / "store"
    monkeypatch.setenv("ATLAS_GDELT_URL", gdelt.url)
    argv = ["fetch", "gdelt", "--since", "2015-02-19T00:00", "--until",
            "2015-02-19T00:00", "--out", str(store), "--download-only"]  # fmt: skip
    assert main(argv) == 0
    assert read_manifest(store)["base_url"] == gdelt.url
    monkeypatch.setenv("ATLAS_GDELT_URL", "http://127.0.0.1:9")  # nothing there
    assert main(argv) == 0  # the store remembers where it came from
    assert "already in the store: 1" in capsys.readouterr().out


def test_progress_bar_shows_rate_and_time_left_when_asked(gdelt, tmp_path, capsys):
    options = DownloadOptions(progress=True, backoff=0.05)
    fetch_gdelt(
        tmp_path / "store", since=datetime(2015, 2, 19), until=datetime(2015, 2, 19, 0, 15),
        base=gdelt.url, countries=COUNTRIES, options=options,
    )  # fmt: skip
    err = capsys.readouterr().err
    assert "GDELT" in err and "B/s" in err and "<" in err  # rate, then time left
    assert "2 of 2 files, 0 failed" in err


def test_a_store_keeps_its_countries(gdelt, tmp_path, capsys):
    store = tmp_path / "store"
    argv = ["fetch", "gdelt", "--since", "2015-02-18", "--until", "2015-02-18",
            "--out", str(store), "--base-url", gdelt.url, "--workers", "1"]  # fmt: skip
    assert main(argv) == 0
    (store / "fetch.json").unlink()  # the store itself still says
    gdelt.reset()
    assert main([*argv, "--countries", "RUS,USA"]) == 2
    assert "holds events among" in capsys.readouterr().err
    assert not gdelt.requests  # refused before anything was asked of GDELT


def test_a_store_of_icews_events_is_refused_before_any_download(
    gdelt, tmp_path, capsys
):
    """`fetch` into an ICEWS store downloaded and checked GDELT's files, then
    refused them at the import, and left them in the store for every later
    `update` to fetch and refuse again."""
    from tests.conftest import ICEWS_SAMPLE

    store = tmp_path / "icews-store"
    assert main(["import", "icews", str(ICEWS_SAMPLE), "--store", str(store),
                 "--workers", "1"]) == 0  # fmt: skip
    capsys.readouterr()
    before = sorted(path.name for path in store.iterdir())
    argv = ["fetch", "gdelt", "--since", "2015-02-18", "--until", "2015-02-18",
            "--out", str(store), "--base-url", gdelt.url, "--workers", "1"]  # fmt: skip
    assert main(argv) == 2
    assert "holds ICEWS events, not GDELT's" in capsys.readouterr().err
    assert main(["update", str(store)]) == 2
    assert "holds ICEWS events" in capsys.readouterr().err
    assert not gdelt.requests  # nothing was asked of GDELT
    assert sorted(path.name for path in store.iterdir()) == before


@pytest.mark.parametrize(
    ("option", "said"),
    [(["--downloads", "0"], "--downloads 0: give 1 to 16"),
     (["--timeout", "9999"], "--timeout 9999: give 1 to 3600 seconds")],
)  # fmt: skip
def test_a_fetch_option_out_of_range_is_named_alone(option, said, tmp_path, capsys):
    """`--downloads 0` was told "--downloads: 1 to 16; --timeout: 1 to 3600
    seconds": which of the two, and what was given?"""
    argv = ["fetch", "gdelt", "--since", "2015-02-18", "--out", str(tmp_path / "s")]
    assert main([*argv, *option]) == 2
    err = capsys.readouterr().err
    assert said in err and err.count("--") == 1


def test_update_leaves_a_file_whose_listing_fails_it_and_says_how_to_refetch(
    gdelt, tmp_path
):
    """A file failing its listed MD5 run after run: `update` compares it with
    the MD5 it read once, so when GDELT's list was what was wrong it failed
    every 15 minutes for ever. After three tries it is left, with the fetch
    that reads the list again; that fetch then gets it."""
    store = tmp_path / "store"
    name = "20150219003000.export.CSV.zip"  # listed with a wrong MD5
    fetch(gdelt, store)
    update_gdelt(store, options=FAST)
    third = update_gdelt(store, options=FAST)
    assert third.reasons[name] == "md5"
    gdelt.reset()
    fourth = update_gdelt(store, options=FAST)
    assert name not in gdelt.files_requested() and name not in fourth.failed
    (note,) = [n for n in fourth.notes if "not tried again" in n]
    assert name in note
    # the command as it can be typed: with the store (it said no --out)
    assert (
        "`python -m dashboard fetch gdelt --since 2015-02-19T00:30 --until "
        f"2015-02-19T00:30 --out {store}`" in note
    )
    served = hashlib.md5((gdelt.root / "gdeltv2" / name).read_bytes()).hexdigest()
    tree = gdelt.tree  # GDELT corrects its list
    tree.master = [line.replace("0" * 32, served) for line in tree.master]
    tree.write_lists()
    again = fetch(
        gdelt,
        store,
        since=datetime(2015, 2, 19, 0, 30),
        until=datetime(2015, 2, 19, 0, 30),
    )
    assert again.fetched == [name]


def test_a_lastupdate_from_the_future_is_ignored_and_updates_go_on(gdelt, tmp_path):
    """A server's lastupdate.txt naming a file of the year 9999: it was
    fetched (and failed), counted as covering the store up to then, and no
    later update found anything new."""
    store = tmp_path / "store"
    fetch(gdelt, store)
    tree = gdelt.tree
    future = tree.add_v2("99991231234500", None, listed=b"x" * 10, latest=True)
    report = update_gdelt(store, options=FAST)
    assert future not in report.failed and future not in gdelt.files_requested()
    assert any(future in note and "ignored" in note for note in report.notes)
    newest = tree.add_v2(
        "20150220001500", tree.slice_v2("20150220001500", 1800, 1900), latest=True
    )
    assert update_gdelt(store, options=FAST).fetched == [newest]


def test_update_counts_only_listing_failures_before_leaving_a_file(gdelt, tmp_path):
    """`update` left a file after one MD5 failure when busy answers (503s,
    retried in the same run) had made up its three attempts: it counted
    every request, not the failures against GDELT's listing."""
    store = tmp_path / "store"
    name = "20150219003000.export.CSV.zip"  # listed with a wrong MD5
    gdelt.unavailable[f"/gdeltv2/{name}"] = 2  # two busy answers, then the file
    first = fetch(gdelt, store)
    assert first.reasons[name] == "md5"
    assert read_manifest(store)["files"][name]["attempts"] == 3
    second = update_gdelt(store, options=FAST)  # its second MD5 failure only
    assert second.reasons[name] == "md5"
    assert not any("not tried again" in note for note in second.notes)
    gdelt.reset()
    third = update_gdelt(store, options=FAST)
    assert third.reasons[name] == "md5"  # tried a third time, then left
    fourth = update_gdelt(store, options=FAST)
    assert name not in fourth.failed
    assert any(name in n and "not tried again" in n for n in fourth.notes)
