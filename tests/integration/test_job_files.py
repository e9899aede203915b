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

from dashboard.web.app import BoundedDiskcacheManager

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
    """Everything under ``tmp`` but the folder of the jobs' folders."""
    found = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*"))
    return [name for name in found if name != "atlas-job-files"]


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
