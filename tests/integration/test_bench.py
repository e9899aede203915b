"""The bench at a small size: it runs, and its report adds up (servers in
subprocesses, both apps measured)."""

from __future__ import annotations

import re

import pytest

from dashboard.cli import main
from dashboard.devtools.bench import start_server
from dashboard.devtools.rendering import time_windows_while_rendering
from dashboard.web.app import create_app


def test_bench_command_at_a_small_size(capsys):
    assert (
        main(["bench", "--relations", "500", "--actors", "60", "--windows", "5"]) == 0
    )
    out = capsys.readouterr().out
    assert "synthetic, 500 relations among 60 actors (seed 0)" in out
    assert "5 random (seed 0) for the dashboard, 5 for the straightforward" in out
    rows = {}
    for line in out.splitlines():
        match = re.match(r"(.*?)\s{2,}([\d,.]+)\s+([\d,.]+)\s+([\d,.]+)x$", line)
        if match:
            label, *numbers = match.groups()
            rows[label.strip()] = [float(n.replace(",", "")) for n in numbers]
    assert set(rows) >= {
        "date-window callback, median ms",
        "date-window callback, p95 ms",
        "largest window response, KiB",
        "the same gzipped, KiB",
        "server start-up (to first answer), s",
        "server peak resident memory, MB",
    }
    for ours, theirs, ratio in rows.values():
        assert ours >= 0 and theirs >= 0
        if ours >= 1 and theirs >= 1:  # the ratio is theirs over ours, as printed
            # each figure is printed to 0.1 (under 100) and the ratio from the
            # unrounded ones: it lies between the extremes the rounding allows
            low = (theirs - 0.05) / (ours + 0.05)
            high = (theirs + 0.05) / (ours - 0.05)
            assert low * 0.94 - 0.05 <= ratio <= high * 1.06 + 0.05
    median, p95 = (
        rows["date-window callback, median ms"],
        rows["date-window callback, p95 ms"],
    )
    assert median[0] <= p95[0] and median[1] <= p95[1]
    # gzip shrinks the responses, and each tab of the details card is measured
    gzipped = rows["the same gzipped, KiB"]
    raw = rows["largest window response, KiB"]
    assert gzipped[0] < raw[0] and gzipped[1] < raw[1]
    for tab in ("details", "events", "rankings", "path", "change"):
        assert re.search(rf"^  {tab} +\d+ ms +\d+ KiB \(\d+ KiB gzipped\)$", out, re.M)
    # and the window callback with each analysis on (a failing one stops the bench)
    for view in ("states only", "neighbourhood, 1 step", "colour by bloc", "shortest path",
                 "change between dates"):  # fmt: skip
        found = re.search(rf"^  {view} +\d+ ms +(\d+) KiB", out, re.M)
        assert found and int(found.group(1)) > 0


@pytest.mark.parametrize(
    "browser, rendered", [(None, 1), ("/bin/false", 0)], ids=["chromium", "broken"]
)
def test_images_beside_the_window_count_only_those_rendered(
    monkeypatch, bundled_dataset, bundled_data, browser, rendered
):
    """``bench --images``: a render that failed (a Chromium that will not
    start) answers too, and was counted as an image done."""
    if browser:
        monkeypatch.setenv("BROWSER_PATH", browser)  # the server inherits it
    process, url, _ = start_server()
    try:
        got = time_windows_while_rendering(
            url, create_app(dataset=bundled_dataset), bundled_data, images=1, windows=3
        )
    finally:
        process.terminate()
        process.wait()
    assert got["images"] == rendered
    assert got["idle"]["count"] == 3 and got["rendering"]["count"] >= 1
