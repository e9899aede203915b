"""The app factory: a Dash app on a data set, its layout and its callbacks."""

from __future__ import annotations

import gc
import hashlib
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from dash import CeleryManager, Dash, DiskcacheManager

from dashboard.config import Settings
from dashboard.core.load import Dataset, load_datasets
from dashboard.core.model import prepare
from dashboard.core.stories import load_stories
from dashboard.figures import make_time_bar_figure
from dashboard.web.callbacks import register_callbacks
from dashboard.web.layout import make_layout

__all__ = ["create_app", "jobs_manager", "settle"]

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def create_app(
    settings: Settings | None = None, *, dataset: Dataset | None = None, jobs=None
) -> Dash:
    """Build a Dash app on a data directory (or a dataset already loaded);
    ``jobs`` runs its background jobs (default: `jobs_manager`).

    Raises:
        DataError: when the data directory fails validation.
    """
    settings = settings or Settings()
    stories, problems = {}, []
    if dataset is None:
        dataset = load_datasets(list(settings.data_dirs))
        stories, problems = load_stories(list(settings.data_dirs), dataset)
    actors, relations = dataset.actors, dataset.relations
    for problem in problems:  # a bad story is left out; the others still load
        print(f"story left out: {problem}", file=sys.stderr)
    data = replace(prepare(dataset), stories=stories)
    load_grid_script_on_demand()
    app = Dash(
        __name__,
        title="Alliance Atlas",
        assets_folder=str(ASSETS),
        update_title=None,
        background_callback_manager=jobs or jobs_manager(settings),
        # the events and rankings grids mount when their tab opens
        suppress_callback_exceptions=True,
        serve_locally=True,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    span = tuple(day.isoformat() for day in data.span)
    app.layout = make_layout(
        actors=actors.to_dict("records"),
        kinds_by_stance=data.kind_groups,
        actor_kinds=data.actor_kinds,
        presets=list(data.presets),
        span=span,
        time_bar=make_time_bar_figure(relations, data.span, data.span),
        states=list(actors.loc[actors["kind"] == "state", "name"]),
        origins=data.origins,
        stories=[(name, story.title) for name, story in stories.items()],
    )
    register_callbacks(app, data)
    return app


def jobs_manager(settings: Settings):
    """Where images and decks render, off the request path: Celery workers when
    ``REDIS_URL`` is set (``celery -A app:celery_app worker``), else local
    processes that share a disk cache (so any gunicorn worker can answer a
    job's progress)."""
    url = os.environ.get("REDIS_URL")
    if url:
        try:
            from celery import Celery
        except ImportError:
            raise SystemExit(
                "REDIS_URL is set but Celery is not installed: "
                "pip install -r requirements-redis.txt"
            ) from None
        return CeleryManager(Celery(__name__, broker=url, backend=url))
    import diskcache

    data_key = "|".join(str(path.resolve()) for path in settings.data_dirs)
    folder = Path(tempfile.gettempdir()) / (
        "alliance-atlas-jobs-" + hashlib.sha1(data_key.encode()).hexdigest()[:10]
    )
    return DiskcacheManager(diskcache.Cache(str(folder)))


def load_grid_script_on_demand() -> None:
    """Keep dash-ag-grid's main script (1.3 MB) out of the page's first load:
    Dash serves a "dynamic" resource without putting it in the page, and
    assets/clientside.js loads it when a table tab first opens.

    Dash offers an app no supported way to defer a component package's script
    (only the package's own ``_js_dist`` says which are dynamic), so this marks
    it there, once, before the app collects its resources.
    """
    import dash_ag_grid

    dash_ag_grid._js_dist = [
        {**resource, "dynamic": True}
        if resource.get("relative_package_path") == "dash_ag_grid.min.js"
        else resource
        for resource in dash_ag_grid._js_dist
    ]


def settle() -> None:
    """Set what start-up loaded aside from garbage collection, once the app is
    built: it lives as long as the server, and the collector scanning its
    hundreds of thousands of objects again and again paused callbacks by up to
    0.1 s at 100,000 relations."""
    gc.collect()
    gc.freeze()
