"""Shared fixtures: the bundled data (loaded once per run), the real-data files
in tests/fixtures/, and small data directories written per test; and a run
that leaves nothing behind (no temporary folders, no Chromium running)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard.core.load import Dataset, load_dataset
from dashboard.core.model import AppData, prepare
from dashboard.core.stories import load_stories

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"  # see its README.md
SOURCE_TEXT = FIXTURES / "guacamaya-2025-12-11-putin-lukashenko-maduro.txt"
ICEWS_SAMPLE = FIXTURES / "icews-events.2018.sample.tab"

ACTORS = """id,name,kind,country,role
russia,Russia,state,RUS,
venezuela,Venezuela,state,VEN,
putin,Vladimir Putin,person,RUS,President of Russia
maduro,Nicolás Maduro,person,VEN,Venezuelan leader
"""

RELATIONS = """id,source,target,kind,start,end,confidence,quote
r1,putin,maduro,call,2025-12-08,,confirmed,"He called."
r2,russia,venezuela,treaty,2025-11,ongoing,confirmed,"In force."
"""


@pytest.fixture(scope="session", autouse=True)
def private_temp(tmp_path_factory):
    """Every temporary folder of the run in one, removed when it ends: the
    jobs' disk caches the app keeps per set of data folders
    (``alliance-atlas-jobs-*``, one per test's data directory), and those of
    the servers and Chromiums the tests start (they inherit ``TMPDIR``). A
    run had left some 70 of them in /tmp. pytest's own folders stay where
    they were (its basetemp is fixed first), kept as pytest keeps them."""
    tmp_path_factory.getbasetemp()
    folder = tempfile.mkdtemp(prefix="alliance-atlas-tests-")
    before = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = tempfile.tempdir = folder
    yield Path(folder)
    if before[0] is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = before[0]
    tempfile.tempdir = before[1]
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def no_chromium_left():
    """Fails a test that leaves Kaleido's shared Chromium running (an image
    with ``keep_browser`` outside `browser_session`): it stayed up for the
    rest of the run, and the next test's images used it. Stopped here."""
    yield
    kaleido = sys.modules.get("kaleido")
    server = getattr(kaleido, "_global_server", None)
    if server is not None and server.is_running():
        kaleido.stop_sync_server(silence_warnings=True)
        pytest.fail("Kaleido's shared Chromium was left running: use browser_session()")


@pytest.fixture
def write_dir(tmp_path):
    """Write a data directory from CSV texts; the defaults form a valid one."""

    def write(actors: str | bytes = ACTORS, relations: str | bytes = RELATIONS) -> Path:
        for name, content in (("actors.csv", actors), ("relations.csv", relations)):
            path = tmp_path / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture(scope="session")
def bundled_dataset() -> Dataset:
    """The bundled data (data/), loaded once for the whole run: read only."""
    return load_dataset(BUNDLED)


@pytest.fixture(scope="session")
def bundled_data(bundled_dataset) -> AppData:
    """The bundled data prepared as the app prepares it, with its stories:
    read only."""
    stories, problems = load_stories([BUNDLED], bundled_dataset)
    assert problems == []
    return replace(prepare(bundled_dataset), stories=stories)
