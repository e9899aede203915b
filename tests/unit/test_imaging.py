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


def test_no_chromium_is_said_before_kaleido_starts_one(monkeypatch):
    """A deck without Chromium hung: Kaleido's shared browser died in its
    thread with a traceback, and the first slide waited on it forever. The
    one image said to run ``kaleido_get_chrome``, a download, where Debian's
    chromium is the way."""
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(imaging.ImageError) as refused:
        with imaging.browser_session():
            pytest.fail("the session began without a Chromium")
    said = str(refused.value)
    assert said.startswith("no Chromium at /nonexistent/chromium to render images")
    assert "apt-get install chromium" in said and "BROWSER_PATH" in said
    with pytest.raises(imaging.ImageError, match="apt-get install chromium") as one:
        imaging.render_image({"data": [], "layout": {}})
    assert "get_chrome" not in str(one.value)


class _ClosesAtOnce:
    """Stands for Kaleido with a Chromium that closes as it starts."""

    def __init__(self, *args, **kwargs):
        pass

    async def __aenter__(self):
        raise RuntimeError("The browser seemed to close immediately after starting.")

    async def __aexit__(self, *exception):
        return False


def test_a_shared_chromium_that_cannot_start_fails_the_image_not_hangs(monkeypatch):
    """A Chromium that is there but closes at once (a broken install) left
    the deck's first slide waiting forever, as a missing one did."""
    import kaleido

    monkeypatch.setenv("BROWSER_PATH", "/bin/sh")  # is there: passes the check
    monkeypatch.setattr(kaleido, "Kaleido", _ClosesAtOnce)
    assert _deck_outcome("close immediately") == ["failed"]


class _DiesWhileDrawing(_ClosesAtOnce):
    """Stands for Kaleido whose Chromium dies during a render: its watchdog
    cancels every render, the shared browser's own loop among them."""

    async def __aenter__(self):
        return self

    async def calc_fig(self, *args, **kwargs):
        raise asyncio.CancelledError


def test_a_shared_chromium_that_dies_while_drawing_fails_the_image_not_hangs(
    monkeypatch,
):
    """The cancellation ended the shared browser's thread, and the call
    waiting on it (holding the images' lock) waited forever."""
    import kaleido

    monkeypatch.setenv("BROWSER_PATH", "/bin/sh")
    monkeypatch.setattr(kaleido, "Kaleido", _DiesWhileDrawing)
    assert _deck_outcome("Chromium closed during the render") == ["failed"]


def _deck_outcome(said: str) -> list:
    """A deck of two slides made in a thread (a hang must not stop pytest):
    ["failed"] when each slide failed saying ``said``."""
    outcome = []

    def deck() -> None:
        try:
            with imaging.browser_session():
                for _ in range(2):  # each slide is told, not only the first
                    with pytest.raises(imaging.ImageError, match=said):
                        imaging.render_image({"data": []}, keep_browser=True)
            outcome.append("failed")
        except BaseException as error:  # the test says what, not the thread
            outcome.append(error)

    worker = threading.Thread(target=deck, daemon=True)
    worker.start()
    worker.join(timeout=20)
    return outcome or ["the image waited on a dead browser"]
