"""Shared fixtures: the bundled data and small data directories written per test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data"
SOURCE_TEXT = (
    ROOT.parent
    / "shared"
    / "sources"
    / "guacamaya-2025-12-11-putin-lukashenko-maduro.txt"
)

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
