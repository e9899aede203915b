"""Starting the app: a bad data directory stops the start with the report, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys

from tests.conftest import ROOT


def free_port() -> int:
    """A port nothing listens on (any user may bind it, unlike port 1)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_bad_data_directory_stops_the_start_with_the_report(write_dir):
    directory = write_dir(
        relations="id,source,target,kind,start,confidence\nr1,putin,maduro,cal,2025,confirmed\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "app.py"),
            "--data",
            str(directory),
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "relations.csv, line 2, column 'kind': 'cal'" in result.stderr
    assert "Traceback" not in result.stderr


def test_wsgi_import_with_bad_data_exits_cleanly(write_dir, monkeypatch):
    directory = write_dir(actors="id,name,kind,country\nx,X,state,XXX\n")
    result = subprocess.run(
        [sys.executable, "-c", "import app"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={"ATLAS_DATA": str(directory), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "actors.csv, line 2, column 'country': 'XXX'" in result.stderr
    assert "Traceback" not in result.stderr
