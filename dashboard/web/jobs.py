"""Where images, decks and time-lapses render: Dash's background jobs, in
processes of their own on this machine (or Celery workers), bounded across
every worker and app on it: a few render at once, a few more wait, and the
others answer at once that the server is busy."""

from __future__ import annotations

import fcntl
import hashlib
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from pathlib import Path
from typing import BinaryIO

import multiprocess
from dash import CeleryManager, DiskcacheManager, no_update

from dashboard.config import Settings

__all__ = [
    "BUSY",
    "QUEUE_PER_SLOT",
    "SOCKET_ROOM",
    "BoundedDiskcacheManager",
    "busy_when_full",
    "job_files",
    "job_slot",
    "jobs_manager",
    "queue_place",
]

#: Where the image jobs of every app on this machine take a slot (see
#: `BoundedDiskcacheManager`): one lock file per slot.
IMAGE_SLOTS = Path(tempfile.gettempdir()) / "alliance-atlas-image-slots"

#: What a job says when the machine's queue of jobs was full as it was asked
#: for (`busy_when_full`).
BUSY = "The server is busy making other images and time-lapses: try again in a minute."
#: How job processes start (`BoundedDiskcacheManager.call_job_fn`).
FORK = multiprocess.get_context("fork")
#: Set in a job's own process when the queue was full as it was asked for.
_queue_full: ContextVar[bool] = ContextVar("queue_full", default=False)


def busy_when_full(update: Callable) -> Callable:
    """``update`` (a background callback answering (download, status)), or,
    in a job asked for while the machine's queue was full, `BUSY` at once:
    every such callback is wrapped, none can run unbounded."""

    @wraps(update)
    def answer(*args, **kwargs):
        if _queue_full.get():
            return no_update, BUSY
        return update(*args, **kwargs)

    return answer


def jobs_manager(settings: Settings):
    """Where images and decks render, off the request path: Celery workers when
    ``REDIS_URL`` is set (``celery -A app:celery_app worker``), else local
    processes that share a disk cache, one per set of data folders (so any
    gunicorn worker can answer a job's progress, loaded before the fork or
    not), each server's results apart in it (`BoundedDiskcacheManager`)."""
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

    A job's result is kept under a key of Dash's request and this manager's
    own ``run``: the cache is shared by every server on the same data, and
    one had answered a job with a result another left under the same request
    (an image made before the data was edited, another test's image).
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
        self.run = secrets.token_hex(8)

    def build_cache_key(self, fn, args, cache_args_to_ignore, triggered):
        """Dash's key of a request, and this manager's ``run``."""
        key = super().build_cache_key(fn, args, cache_args_to_ignore, triggered)
        return f"{key}-{self.run}"

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
                    _queue_full.set(True)  # this process's own: it ends next
                    job_fn(*job_args)
                    return
                with job_slot(self.folder, self.slots), job_files(self.files):
                    job_fn(*job_args)

            # forked, always (as Dash's own, the default on Linux before
            # Python 3.14): the job's process inherits the place (its lock)
            # and holds it until it ends, however it ends; a process started
            # afresh would not, and the queue would never fill
            process = FORK.Process(
                target=bounded, args=(key, self._make_progress_key(key), args, context)
            )
            try:
                process.start()
            finally:
                if place is not None:
                    place.close()
            return process.pid

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
