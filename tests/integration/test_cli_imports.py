"""The command line imports Dash only to serve or bench the page."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import BUNDLED

PROBE = """
import sys
from dashboard.cli import main
status = main(sys.argv[1:])
page = sorted(m for m in sys.modules if m.split(".")[0] in ("dash", "flask", "dash_ag_grid"))
print("PAGE-MODULES", page)
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["check", str(BUNDLED)],
        [
            "export",
            "--data",
            str(BUNDLED),
            "--format",
            "graphml",
            "--out",
            "{out}/x.graphml",
        ],
        ["generate", "--relations", "50", "--actors", "10", "--out", "{out}/gen"],
    ],
    ids=["check", "export", "generate"],
)
def test_commands_do_not_import_the_page(argv, tmp_path):
    argv = [part.replace("{out}", str(tmp_path)) for part in argv]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "PAGE-MODULES []" in done.stdout, done.stdout + done.stderr
