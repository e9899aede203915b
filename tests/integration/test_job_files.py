"""An image job's temporary files (Chromium's profile, Kaleido's page) go
when the job ends, whether it finished, failed or was cancelled."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import diskcache
import psutil
import pytest

from dashboard.web.jobs import BoundedDiskcacheManager, queue_place

#: What a job's Chromium does with its temporary folder: it makes its own
#: beside the profile, from TMPDIR, and stays until killed.
CHROMIUM = 'mkdir "$TMPDIR/org.chromium.Chromium.x" && exec sleep 60'


def rendering(key, progress_key, args, context):
    """A job as an image's: a profile folder with a file, a browser started,
    then the image: done at once, failing, or never (waits to be cancelled)."""
    outcome, started = args
    profile = tempfile.mkdtemp()
    Path(profile, "Preferences").write_text("{}")
    browser = subprocess.Popen(["sh", "-c", CHROMIUM])
    # on with the image once the browser is up, as Kaleido goes on: a shell
    # killed while its mkdir ran left the mkdir to make the folder as the
    # job's was being removed, and it stayed (1 run in 100, the machine busy)
    wait_for(Path(os.environ["TMPDIR"], "org.chromium.Chromium.x").exists)
    Path(started).write_text(str(os.getpid()))
    try:
        if outcome == "fail":
            raise RuntimeError("the render failed")
        if outcome == "cancel":
            time.sleep(60)
    finally:  # a job that ends closes its browser (`browser_session`)
        browser.kill()
        browser.wait()


def left(tmp: Path) -> list[str]:
    """Everything under ``tmp`` but the folder of the jobs' folders. A folder
    removed as it is read (a job's, as the job ends) is gone: ``rglob`` had
    failed the test there (FileNotFoundError), ``os.walk`` passes over it."""
    found = []
    for folder, subfolders, files in os.walk(tmp):
        found += [str(Path(folder, name).relative_to(tmp)) for name in subfolders]
        found += [str(Path(folder, name).relative_to(tmp)) for name in files]
    return sorted(name for name in found if name != "atlas-job-files")


def wait_for(condition, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


@pytest.fixture
def jobs(tmp_path, monkeypatch):
    """A job manager as the app's, with TMPDIR (empty) where it keeps nothing
    else; returns (manager, TMPDIR, start a job). TMPDIR is short, as /tmp
    is: a job's Chromium then keeps its own folder in the job's too
    (`SOCKET_ROOM`)."""
    tmp = Path(tempfile.mkdtemp(prefix="aa", dir="/tmp"))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    cache = diskcache.Cache(str(tmp_path / "cache"))
    manager = BoundedDiskcacheManager(cache, slots=2, folder=tmp_path / "slots")
    started = tmp_path / "started"

    def start(outcome: str) -> int:
        started.unlink(missing_ok=True)
        pid = manager.call_job_fn("key", rendering, (outcome, str(started)), {})
        wait_for(started.exists)
        return pid

    yield manager, tmp, start
    cache.close()
    shutil.rmtree(tmp)


@pytest.mark.parametrize("outcome", ["finish", "fail"])
def test_a_job_that_ends_leaves_no_file(jobs, outcome):
    _, tmp, start = jobs
    start(outcome)
    wait_for(lambda: left(tmp) == [])


def every_place_free(manager: BoundedDiskcacheManager) -> bool:
    """Whether each place in the manager's queue could be taken now."""
    places = [
        queue_place(manager.folder, manager.waiting) for _ in range(manager.waiting)
    ]
    for place in places:
        if place is not None:
            place.close()
    return None not in places


@pytest.mark.parametrize("outcome", ["finish", "fail"])
def test_a_job_that_ends_frees_its_place_in_the_queue(jobs, outcome):
    """A place held after its job ended would stay taken for good: enough of
    them and every click is told the server is busy."""
    manager, _, start = jobs
    start(outcome)
    wait_for(lambda: every_place_free(manager))


def test_a_cancelled_job_leaves_no_file(jobs):
    """Cancel kills the job and its Chromium, which then removed nothing: each
    cancelled deck left its profile and Kaleido's page in the server's /tmp."""
    manager, tmp, start = jobs
    pid = start("cancel")
    assert len(left(tmp)) > 3  # its folder, the profile, Chromium's own
    manager.terminate_job(pid)
    assert left(tmp) == []


def test_a_job_killed_without_cancel_is_cleared_by_the_next(jobs):
    """A worker killed while its job ran never cancels it: the next job
    removes what the dead one left."""
    manager, tmp, start = jobs
    pid = start("cancel")
    browser = psutil.Process(pid).children()
    os.kill(pid, signal.SIGKILL)
    for process in browser:  # not the test's to leave running
        process.kill()
    wait_for(lambda: not manager.job_running(pid))
    assert left(tmp) != []
    start("finish")
    wait_for(lambda: left(tmp) == [])


def holding(key, progress_key, args, context):
    """A job as an image's callback (wrapped as the app wraps it): it writes
    what it answered, BUSY or "rendering", and then, rendering, holds its
    place until cancelled."""
    from dashboard.web.jobs import busy_when_full

    (said,) = args
    words = busy_when_full(lambda: (None, "rendering"))()[1]
    # whole or not at all: write_text makes the file (empty) first, and the
    # test, the machine busy, had read it so
    Path(said + ".part").write_text(words)
    os.replace(said + ".part", said)
    if words == "rendering":
        time.sleep(60)


def answers(said: Path) -> dict[str, str]:
    """What each `holding` job answered, by its name (none still writing)."""
    return {
        path.name: path.read_text() for path in said.iterdir() if path.suffix != ".part"
    }


def test_a_full_queue_answers_busy_at_once_and_leaves_no_process_waiting(tmp_path):
    """30 clicks in a second started 30 processes, each waiting for a slot;
    a fuzzer's run left hundreds, 4 GB. One slot: four places in the queue,
    the others answer at once."""
    from dashboard.web.jobs import BUSY, QUEUE_PER_SLOT

    cache = diskcache.Cache(str(tmp_path / "cache"))
    manager = BoundedDiskcacheManager(cache, slots=1, folder=tmp_path / "slots")
    said = tmp_path / "said"
    said.mkdir()
    count = QUEUE_PER_SLOT + 2
    pids = [
        manager.call_job_fn(f"key{n}", holding, (str(said / str(n)),), {})
        for n in range(count)
    ]
    wait_for(lambda: len(answers(said)) == 3)
    # one of the first four renders (whichever process takes the slot first,
    # not necessarily the first started), the other three wait for its slot,
    # the last two are told
    told = answers(said)
    assert (told.pop(str(count - 2)), told.pop(str(count - 1))) == (BUSY, BUSY)
    assert list(told.values()) == ["rendering"]
    assert told.keys() <= {str(n) for n in range(count - 2)}
    wait_for(lambda: not any(manager.job_running(pid) for pid in pids[-2:]))
    assert all(manager.job_running(pid) for pid in pids[:-2])
    for pid in pids[:-2]:  # cancelled (killed): their places are free again
        manager.terminate_job(pid)
    wait_for(lambda: not any(manager.job_running(pid) for pid in pids))
    again = manager.call_job_fn("again", holding, (str(said / "again"),), {})
    wait_for((said / "again").exists)
    assert (said / "again").read_text() == "rendering"
    manager.terminate_job(again)
    cache.close()
