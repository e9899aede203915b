"""Shared fixtures: the bundled data (loaded once per run), the real-data files
in tests/fixtures/, and small data directories written per test."""

from __future__ import annotations

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
