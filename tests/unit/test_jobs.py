"""Where images and decks render: local processes by default, Celery with Redis."""

from __future__ import annotations

import pytest
from dash import DiskcacheManager

from dashboard.config import Settings
from dashboard.web.jobs import jobs_manager


def test_local_processes_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    manager = jobs_manager(Settings())
    assert isinstance(manager, DiskcacheManager)
    # one folder per data set, shared by the workers that serve it
    assert [p.name.startswith("alliance-atlas-jobs-") for p in tmp_path.iterdir()] == [
        True
    ]
    other = jobs_manager(Settings(data_dirs=(tmp_path,)))
    assert other.handle.directory != manager.handle.directory


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
