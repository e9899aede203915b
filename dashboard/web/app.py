"""The app factory: a Dash app on a data set, its layout and its callbacks."""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from pathlib import Path

from dash import Dash

from dashboard.config import Settings
from dashboard.core.load import Dataset, load_datasets
from dashboard.core.model import prepare
from dashboard.core.stories import load_stories
from dashboard.figures import make_time_bar_figure
from dashboard.web.callbacks import load_grid_script_on_demand, register_callbacks
from dashboard.web.layout import make_layout

__all__ = ["create_app", "settle"]

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def create_app(
    settings: Settings | None = None, *, dataset: Dataset | None = None
) -> Dash:
    """Build a Dash app on a data directory (or a dataset already loaded).

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


def settle() -> None:
    """Set what start-up loaded aside from garbage collection, once the app is
    built: it lives as long as the server, and the collector scanning its
    hundreds of thousands of objects again and again paused callbacks by up to
    0.1 s at 100,000 relations."""
    gc.collect()
    gc.freeze()
