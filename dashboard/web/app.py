"""The app factory: a Dash app on a data set, its layout and its callbacks."""

from __future__ import annotations

import atexit
import fcntl
import gc
import hashlib
import os
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from dash import CeleryManager, Dash, DiskcacheManager, html
from flask import Flask

from dashboard.config import Settings
from dashboard.core.live import LiveData, data_version, load_app_data
from dashboard.core.load import Dataset
from dashboard.core.model import AppData, per_data, prepare
from dashboard.figures import make_time_bar_figure
from dashboard.web.callbacks import register_callbacks
from dashboard.web.files import queue_full
from dashboard.web.freshness import data_seen
from dashboard.web.layout import make_layout
from dashboard.web.serving import (
    COMPRESSION,
    content_security_policy,
    refused_encodings_dropped,
    secure_headers,
    unknown_files_not_found,
    write_callbacks_in_one_pass,
)

__all__ = [
    "COLLECT_AFTER",
    "BoundedDiskcacheManager",
    "create_app",
    "job_files",
    "job_slot",
    "jobs_manager",
    "settle",
]

ASSETS = Path(__file__).resolve().parents[2] / "assets"
#: Where the image jobs of every app on this machine take a slot (see
#: `BoundedDiskcacheManager`): one lock file per slot.
IMAGE_SLOTS = Path(tempfile.gettempdir()) / "alliance-atlas-image-slots"


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
            load=lambda: load_app_data(directories)[0],
            version=lambda: data_version(directories),
        )
    else:  # a data set already loaded (tests, the bench): no files to follow
        live = LiveData(prepare(dataset), load=None, version=lambda: None)
    load_grid_script_on_demand()
    write_callbacks_in_one_pass()
    server = Flask(__name__)
    server.config.update(COMPRESSION)
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
    )


def refresh_seconds() -> float:
    """How often an open page asks for new data: ``ATLAS_REFRESH`` seconds
    (default 15; at least 1)."""
    try:
        return max(1.0, float(os.environ.get("ATLAS_REFRESH", "15")))
    except ValueError:
        return 15.0


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
    return BoundedDiskcacheManager(
        diskcache.Cache(str(folder)), slots=settings.image_jobs
    )


class BoundedDiskcacheManager(DiskcacheManager):
    """Dash's local background jobs, at most ``slots`` running at once across
    every worker and app on this machine; the others wait for a slot; each
    with its temporary files in a folder of its own, removed when it ends.

    Each image or deck job starts its own Chromium (about 450 MB) and keeps a
    core busy until it ends, so a handful of clicks in several workers could
    otherwise exhaust the machine. A slot is an exclusive ``flock`` on one of
    the files in `IMAGE_SLOTS`: the kernel frees it when the job's process
    ends, finished, failed or cancelled (killed) alike. A job's files
    (Chromium's profile, Kaleido's page, an MP4's frames) are in
    ``files``/<its process id> (`job_files`).
    """

    def __init__(
        self,
        cache,
        *,
        slots: int,
        folder: Path = IMAGE_SLOTS,
        files: Path | None = None,
        **kwargs,
    ):
        super().__init__(cache, **kwargs)
        self.slots = max(1, slots)
        self.waiting = QUEUE_PER_SLOT * self.slots
        self.folder = folder
        # a short name: Chromium's socket is in there (`job_files`)
        self.files = files or Path(tempfile.gettempdir()) / "atlas-job-files"
        self._starting = threading.Lock()

    def call_job_fn(self, key, job_fn, args, context):
        """Start the job's process with a place in the machine's queue, or,
        the queue full, one that answers at once that the server is busy: 30
        clicks in a second had started 30 processes, each waiting its turn
        to start a Chromium (hundreds of them, 4 GB, left a fuzzer's run)."""
        # one start at a time: a job started in another thread meanwhile would
        # inherit this one's place and hold it until it ended too
        with self._starting:
            place = queue_place(self.folder, self.waiting)

            def bounded(*job_args):
                if place is None:
                    with queue_full():
                        job_fn(*job_args)
                    return
                with job_slot(self.folder, self.slots), job_files(self.files):
                    job_fn(*job_args)

            try:
                # the job's process inherits the place (its lock) and holds
                # it until it ends, however it ends
                return super().call_job_fn(key, bounded, args, context)
            finally:
                if place is not None:
                    place.close()

    def terminate_job(self, job):
        """Cancel: Dash kills the job and its Chromium, which can then remove
        nothing; its folder is removed here. Each cancelled deck had left
        its Chromium's profile and Kaleido's page in the server's /tmp."""
        super().terminate_job(job)
        if job is not None:
            shutil.rmtree(self.files / str(int(job)), ignore_errors=True)


#: How many jobs may wait or run at once per slot (`BoundedDiskcacheManager`):
#: a PNG takes about 3 s on this machine, so 4 are 12 s of waiting at most.
QUEUE_PER_SLOT = 4


def queue_place(folder: Path, places: int) -> BinaryIO | None:
    """An open file holding an exclusive lock on one of ``places`` files
    under ``folder`` (a place in the queue of jobs, held until every copy of
    it is closed: a process it is inherited by holds it until it ends), or
    None when every place is taken."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(places):
        handle = open(folder / f"queue-{number}", "a+b")  # noqa: SIM115 (returned)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        return handle
    return None


@contextmanager
def job_slot(folder: Path, slots: int, *, interval: float = 0.2):
    """Hold one of ``slots`` lock files under ``folder`` while inside; wait,
    polling every ``interval`` seconds, while all are held."""
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        for number in range(slots):
            with open(folder / f"slot-{number}", "a+b") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                yield  # closing the file releases the lock
                return
        time.sleep(interval)


#: The longest TMPDIR in which Chromium starts: its socket,
#: ``$TMPDIR/.org.chromium.Chromium.XXXXXX/SingletonSocket``, must fit in a
#: socket address (108 bytes): a TMPDIR of 62 characters started it, one of 63
#: closed it at once and no image was made.
SOCKET_ROOM = 108 - len("/.org.chromium.Chromium.XXXXXX/SingletonSocket")


@contextmanager
def job_files(folder: Path):
    """Inside, this process and those it starts (Chromium) keep their temporary
    files in ``folder``/<process id>, removed on the way out; on the way in,
    the folders of jobs that died without removing theirs (a worker killed
    before it could cancel) are removed. Chromium's own small folder stays in
    the TMPDIR of the server when ``folder`` is too deep for its socket."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if not (old.name.isdigit() and _running(int(old.name))):
            shutil.rmtree(old, ignore_errors=True)
    own = folder / str(os.getpid())
    own.mkdir(exist_ok=True)  # a dead job of the same id left it: ours now
    before = os.environ.get("TMPDIR"), tempfile.tempdir
    tempfile.tempdir = str(own)  # Chromium's profile, Kaleido's page
    if len(str(own)) <= SOCKET_ROOM:  # Chromium's own folder
        os.environ["TMPDIR"] = str(own)
    try:
        yield own
    finally:
        if before[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = before[0]
        tempfile.tempdir = before[1]
        shutil.rmtree(own, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, ended but not yet waited for,
    does not)."""
    import psutil  # Dash's background jobs need it: installed with them

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


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
