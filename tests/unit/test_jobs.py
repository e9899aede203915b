"""Where images and decks render: local processes by default, Celery with Redis."""

from __future__ import annotations

import tempfile

import pytest
from dash import DiskcacheManager

from dashboard.config import Settings
from dashboard.web.jobs import jobs_manager


def test_local_processes_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    manager = jobs_manager(Settings())
    assert isinstance(manager, DiskcacheManager)
    # one folder per data set, shared by the workers that serve it
    assert [p.name.startswith("alliance-atlas-jobs-") for p in tmp_path.iterdir()] == [
        True
    ]
    other = jobs_manager(Settings(data_dirs=(tmp_path,)))
    assert other.handle.directory != manager.handle.directory


def _render(view):
    """A stand-in for a background callback, whose source goes in the key."""
    return view


def test_each_server_answers_only_its_own_results(monkeypatch, tmp_path):
    """Two servers on the same data share its cache: a result one left (an
    image of the data before an edit, another test's image) is not the
    other's answer to the same request, which each keys the same way."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first, second = jobs_manager(Settings()), jobs_manager(Settings())
    assert first.handle.directory == second.handle.directory
    request = (_render, [{"start": "2025-11-01"}], [], None)
    mine, theirs = first.build_cache_key(*request), second.build_cache_key(*request)
    assert mine == first.build_cache_key(*request) and mine != theirs
    first.handle.set(mine, "an image")
    assert second.get_result(theirs, None) is second.UNDEFINED
    assert first.get_result(mine, None) == "an image"


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
