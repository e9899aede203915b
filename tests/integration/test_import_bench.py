"""``bench --events`` at a small size: raw files through ``import --store`` in
a process of its own, once in that process and once on two Dask workers, the
same store each time, then that store benched (a server in a subprocess)."""

from __future__ import annotations

import re

from dashboard.cli import main
from dashboard.devtools.importbench import ImportRun, time_import
from dashboard.devtools.rawgdelt import write_raw_gdelt


def test_bench_events_at_a_small_size(tmp_path, capsys):
    arguments = ["bench", "--events", "2000", "--files", "2", "--windows", "3"]
    assert main([*arguments, "--keep", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    raw = re.search(r"^raw: 2 GDELT 2.0 events files .*?2,000 rows, .*?(\d+) of", out)
    assert raw, out
    runs = re.findall(
        r"^import, (\d) worker\(s\): 2,000 rows in [\d.]+ s = [\d,]+ rows/s .*?"
        r"(\d+) events kept, (\d+) relations; peak memory ([\d,]+) MB",
        out, re.M,
    )  # fmt: skip
    assert [run[0] for run in runs] == ["1", "2"]
    assert {run[1] for run in runs} == {raw.group(1)}
    assert len({run[2] for run in runs}) == 1
    assert all(int(run[3].replace(",", "")) > 0 for run in runs)
    assert re.search(r"^date-window callback, p95 ms +[\d.]+ +- +-$", out, re.M)
    # the raw files are kept, and the store of the first run only
    assert (tmp_path / "store-1" / "store.json").is_file()
    assert not (tmp_path / "store-2").exists()


def test_a_failed_import_says_why(tmp_path):
    raw = write_raw_gdelt(tmp_path / "raw", 10, files=1)
    (tmp_path / "store").write_text("a file, not a store")
    try:
        time_import(raw.paths, tmp_path / "store", workers=1)
    except RuntimeError as error:
        assert "is a file, not a directory" in str(error)
    else:
        raise AssertionError("no error")


def test_bad_arguments(capsys):
    assert main(["bench", "--events", "10", "--relations", "10"]) == 2
    assert main(["bench", "--events", "10", "--import-workers", "0"]) == 2
    assert main(["bench", "--events", "10", "--files", "11"]) == 2
    assert "--events/--files" in capsys.readouterr().err


def test_a_report_read_in_no_time_is_printed():
    run = ImportRun(1, 2, 2000, 204, 200, "v", 0.8, 0.0, 0.3, 280.0, 280.0)
    assert "reading 0.0 s = - rows/s" in run.line()
