"""The developers' commands refuse, in a line and before any work, what they
could only fail at afterwards (the bench itself runs in
tests/integration/test_bench.py)."""

from __future__ import annotations

import sys

import pytest

from dashboard.cli import main

BENCH = ["bench", "--relations", "500", "--actors", "100", "--seed", "1",
         "--windows", "10", "--browser", "1"]  # fmt: skip


@pytest.fixture
def no_work(monkeypatch):
    """Fails a bench that begins: the refusal must come first."""

    def begun(*args, **kwargs):
        pytest.fail("the bench began")

    monkeypatch.setattr("dashboard.devtools.benchreport.run_bench", begun)
    monkeypatch.setattr("dashboard.devtools.importbench.run_import_bench", begun)


@pytest.mark.parametrize(
    "command", [BENCH, ["bench", "--events", "100", "--browser", "1"]],
    ids=["relations", "events"],
)  # fmt: skip
def test_bench_browser_without_playwright_says_how_to_get_it(
    command, monkeypatch, capsys, no_work
):
    """Playwright is a test dependency: ``bench --browser 1`` without it
    benched for minutes, then ended in ModuleNotFoundError."""
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    assert main(command) == 1
    said = capsys.readouterr().err.strip()
    assert said == (
        "--browser needs Playwright, a test dependency: run 'make install-test' "
        "and try again"
    )


def test_bench_browser_without_chromium_says_how_to_get_it(
    monkeypatch, capsys, no_work
):
    monkeypatch.setattr("dashboard.devtools.bench.CHROMIUM", "/nonexistent/chromium")
    assert main(BENCH) == 1
    said = capsys.readouterr().err
    assert "--browser needs Chromium at /nonexistent/chromium" in said
    assert "make install-test" in said and "Traceback" not in said


def test_bench_images_without_chromium_says_so_before_any_work(
    monkeypatch, capsys, no_work
):
    """``bench --images 2`` without a Chromium benched for its seconds, then
    said "2 done" of two renders that had failed."""
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    command = ["bench", "--relations", "500", "--windows", "5", "--images", "2"]
    assert main(command) == 1
    said = capsys.readouterr().err.strip()
    assert said.startswith("--images: no Chromium at /nonexistent/chromium")
    assert "\n" not in said


@pytest.mark.parametrize(
    "command, option",
    [(["render", "--out", "x.png", "--query", "?focus=\udcff"], "--query"),
     (["render", "--out", "x.png", "--focus", "\udcff"], "--focus"),
     (["export", "--format", "csv", "--out", "x", "--view", "?kinds=\udcff"], "--view"),
     (["deck", "--story", "\udcff", "--format", "pdf", "--out", "x.pdf"], "--story"),
     (["import", "gdelt", "x.CSV", "--out", "x", "--countries", "V\udcffN"],
      "--countries")],
    ids=["query", "focus", "view", "story", "countries"],
)  # fmt: skip
def test_text_that_is_not_utf8_names_its_option_and_value(command, option, capsys):
    """A shell's $'\\xff' ended in "'utf-8' codec can't encode character
    '\\udcff' in position 0: surrogates not allowed", naming neither."""
    with pytest.raises(SystemExit) as stop:
        main(command)
    assert stop.value.code == 2
    said = capsys.readouterr().err
    assert f"argument {option}: " in said and "\\xff" in said
    assert "is not UTF-8 text" in said and "codec" not in said
