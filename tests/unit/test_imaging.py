"""Kaleido's Chromium closing under a render: the render fails loudly, once,
and its shutdown prints no second report (no browser here: the task is
asyncio's, the error choreographer's)."""

from __future__ import annotations

import asyncio
import gc
import logging
import threading

import pytest
from choreographer.errors import ChannelClosedError

from dashboard.outputs import imaging


def _task_left_failing(error: BaseException) -> None:
    """A task that fails and whose error nobody asks for, as Kaleido leaves
    its render's when Chromium's channel closes under it (the render itself
    raised it already): asyncio reports it when the task is collected."""

    async def fails():
        raise error

    def run() -> None:
        loop = asyncio.new_event_loop()
        task = loop.create_task(fails())
        loop.run_until_complete(asyncio.sleep(0.01))
        loop.close()
        del task
        gc.collect()

    # in a thread of its own: Playwright's sync API, used by the browser
    # tests in the same process, leaves an event loop running in this one
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()


def test_a_closed_chromiums_left_task_prints_no_traceback(caplog):
    """A deck whose Chromium closed under a slide printed "Task exception was
    never retrieved" and a traceback of ChannelClosedError when its session
    ended, after the deck had failed with an ImageError saying so."""
    imaging._configure()
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        _task_left_failing(ChannelClosedError("Executor is closed."))
    assert not [r for r in caplog.records if r.name == "asyncio"], caplog.text


@pytest.mark.parametrize("error", [ValueError("a real error"), RuntimeError("x")])
def test_any_other_left_task_error_stays_loud(caplog, error):
    imaging._configure()
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        _task_left_failing(error)
    assert "Task exception was never retrieved" in caplog.text
