"""Where images and decks render: local processes by default, Celery with Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from dash import DiskcacheManager

from dashboard.config import Settings
from dashboard.web.jobs import jobs_manager


def test_local_processes_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    manager = jobs_manager(Settings())
    assert isinstance(manager, DiskcacheManager)
    assert [p.name.startswith("alliance-atlas-jobs-") for p in tmp_path.iterdir()] == [
        True
    ]


def test_each_server_answers_only_its_own_results(monkeypatch, tmp_path):
    """Two servers on the same data: a result one left (an image of the data
    before an edit) is not the other's answer to the same request."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first, second = jobs_manager(Settings()), jobs_manager(Settings())
    first.handle.set("same request", "an image")
    assert second.get_result("same request", None) is second.UNDEFINED
    assert first.get_result("same request", None) == "an image"


def test_a_servers_results_go_when_it_exits_not_when_a_fork_does(tmp_path):
    script = """
import os, sys
from dashboard.config import Settings
from dashboard.web.jobs import jobs_manager
folder = jobs_manager(Settings()).handle.directory
child = os.fork()
if child == 0:
    sys.exit(0)  # a gunicorn worker or a job ending: exit handlers run
os.waitpid(child, 0)
print(folder, os.path.isdir(folder))
"""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    ran = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).parents[2],  # the repository: the package it imports
        capture_output=True,
        text=True,
    )
    folder, after_fork = ran.stdout.split()
    assert Path(folder).parent == tmp_path and after_fork == "True"
    assert not Path(folder).exists()


def test_redis_without_celery_says_what_to_install(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import celery  # noqa: F401
    except ImportError:
        with pytest.raises(SystemExit, match="requirements-redis.txt"):
            jobs_manager(Settings())
    else:
        from dash import CeleryManager

        assert isinstance(jobs_manager(Settings()), CeleryManager)
