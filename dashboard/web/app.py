"""The app factory: a Dash app on a data set, its layout and its callbacks."""

from __future__ import annotations

import atexit
import gc
import os
import sys
from pathlib import Path

from dash import Dash, html
from flask import Flask

from dashboard.config import Settings
from dashboard.core.live import LiveData, data_version, load_app_data, waiting_words
from dashboard.core.load import Dataset
from dashboard.core.model import AppData, per_data, prepare
from dashboard.figures import make_time_bar_figure
from dashboard.web.callbacks import register_callbacks
from dashboard.web.freshness import data_seen
from dashboard.web.jobs import jobs_manager
from dashboard.web.layout import make_layout
from dashboard.web.serving import (
    COMPRESSION,
    MAX_REQUEST,
    content_security_policy,
    refused_encodings_dropped,
    secure_headers,
    unknown_files_not_found,
    write_callbacks_in_one_pass,
)

__all__ = ["COLLECT_AFTER", "create_app", "settle"]

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
    if dataset is None:
        directories = list(settings.data_dirs)
        data, problems = load_app_data(directories)
        for problem in problems:  # a bad story is left out; the others load
            print(f"story left out: {problem}", file=sys.stderr)
        live = LiveData(
            data,
            load=lambda before: load_app_data(directories, before=before)[0],
            version=lambda: data_version(directories),
        )
    else:  # a data set already loaded (tests, the bench): no files to follow
        live = LiveData(prepare(dataset), load=None, version=lambda: None)
    load_grid_script_on_demand()
    write_callbacks_in_one_pass()
    server = Flask(__name__)
    server.config.update(COMPRESSION, MAX_CONTENT_LENGTH=MAX_REQUEST)
    secure_headers(server)
    refused_encodings_dropped(server)
    unknown_files_not_found(server)
    app = Dash(
        __name__,
        server=server,
        title="Alliance Atlas",
        assets_folder=str(ASSETS),
        update_title=None,
        background_callback_manager=jobs or jobs_manager(settings),
        # the events and rankings grids mount when their tab opens
        suppress_callback_exceptions=True,
        serve_locally=True,
        # zstd, br or gzip as the browser asks (flask-compress, COMPRESSION):
        # a large window's answer is 650 KiB of JSON raw, 100 KiB compressed
        compress=True,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    # a function: a page opened after new data arrived gets its kinds, data
    # sets, presets and span
    every = refresh_seconds()
    app.layout = lambda: page_layout(live.data, seen=data_seen(live), refresh=every)
    register_callbacks(app, live)
    server.config["CONTENT_SECURITY_POLICY"] = content_security_policy(app)
    return app


@per_data(maxsize=2)
def page_layout(data: AppData, *, seen: str | None, refresh: float) -> html.Main:
    """The page for ``data`` (made once per data, not per page load), which
    knows what data it shows (``seen``) and asks for new data every
    ``refresh`` seconds."""
    actors, relations = data.dataset.actors, data.dataset.relations
    return make_layout(
        actors=actors.to_dict("records"),
        kinds_by_stance=data.kind_groups,
        choices=data.choices,
        presets=data.presets,
        span=tuple(day.isoformat() for day in data.span),
        time_bar=make_time_bar_figure(relations, data.span, data.span),
        title=data.title,
        stories=[(name, story.title) for name, story in data.stories.items()],
        data_seen=seen,
        refresh_seconds=refresh,
        status=waiting_words(data.dataset.waiting),
    )


def refresh_seconds() -> float:
    """How often an open page asks for new data: ``ATLAS_REFRESH`` seconds
    (default 15; at least 1)."""
    try:
        return max(1.0, float(os.environ.get("ATLAS_REFRESH", "15")))
    except ValueError:
        return 15.0


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


#: The garbage collector's first threshold while serving: 20,000 new objects,
#: not 700. A large window's answer holds some 3,000 lists and dicts until it
#: is sent (then freed), and the collector scanned them some four times a
#: window as they were made: 0.3 ms of its 12.
COLLECT_AFTER = 20_000


def settle() -> None:
    """Set what start-up loaded aside from garbage collection, once the app is
    built: it lives as long as the server, and the collector scanning its
    hundreds of thousands of objects again and again paused callbacks by up to
    0.1 s at 100,000 relations. Given back at exit, so that extension
    modules (DuckDB's) find their objects freed and print no leak report.
    From then on the collector waits for `COLLECT_AFTER` new objects: in the
    development server, gunicorn's workers (forked after it, they inherit it)
    and the bench alike, so that the bench measures what is served."""
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)
    gc.set_threshold(COLLECT_AFTER, *gc.get_threshold()[1:])
