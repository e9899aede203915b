"""The data a running app serves, kept current: when its files change (an
analyst edits a CSV, an update adds events to a store) it is loaded again in
the background and swapped in whole, without a restart.

A reload that fails keeps the data already served and says why; a request
never waits for a reload, it is answered with the data it finds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from dashboard.core.describe import plural
from dashboard.core.load import load_datasets
from dashboard.core.model import AppData, prepare
from dashboard.core.problems import DataError
from dashboard.core.stories import load_stories

__all__ = ["LiveData", "Update", "data_version", "load_app_data"]

_log = logging.getLogger(__name__)

#: The files whose change means new data: tables, stories and a store's
#: manifest (rewritten by each import; its download log is not data).
DATA_FILES = ("*.csv", "stories/*.yaml", "stories/*.yml", "stories/*.json",
              "store.json")  # fmt: skip


def data_version(directories: Sequence[str | Path]) -> tuple:
    """What the data files of ``directories`` look like now (names, sizes,
    modification times): equal versions, equal data."""
    found = []
    for directory in directories:
        for pattern in DATA_FILES:
            for path in sorted(Path(directory).glob(pattern)):
                try:
                    stat = path.stat()
                except OSError:  # removed while we looked
                    continue
                found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def load_app_data(directories: Sequence[str | Path]) -> tuple[AppData, list]:
    """The data of ``directories`` prepared for the app, with its stories, and
    the stories left out (problems).

    Raises:
        DataError: when the data fails validation.
    """
    dataset = load_datasets(list(directories))
    stories, problems = load_stories(list(directories), dataset)
    return replace(prepare(dataset), stories=stories), problems


@dataclass(frozen=True)
class Update:
    """One reload: when, and how many relations it added (or removed)."""

    at: datetime
    relations: int  # the relations now
    added: int  # now minus before (negative: fewer)
    problem: str | None = None  # why the new files were not taken

    def words(self) -> str:
        """ "updated 14:15, 312 new relations"."""
        clock = self.at.strftime("%H:%M")
        if self.problem:
            return f"new data at {clock} could not be read: {self.problem}"
        if self.added >= 0:
            return f"updated {clock}, {plural(self.added, 'new relation')}"
        return f"updated {clock}, {plural(-self.added, 'relation')} fewer"


class LiveData:
    """The app's data, reloaded when ``version()`` changes.

    ``data`` answers at once; at most every ``every`` seconds it compares the
    version and, when it changed, loads the new data in a thread and swaps it
    in when ready. ``generation`` counts the swaps; ``update`` says what the
    last one brought.
    """

    def __init__(
        self,
        data: AppData,
        *,
        load: Callable[[], AppData],
        version: Callable[[], object],
        every: float = 5.0,
    ):
        self._data = data
        self._load = load
        self._version_of = version
        self._version = version()
        self._every = every
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        self._loading = False
        self.generation = 0
        self.update: Update | None = None

    @property
    def data(self) -> AppData:
        """The data to answer with now; may start a reload."""
        if time.monotonic() - self._checked >= self._every:
            self.check()
        return self._data

    def check(self, *, wait: bool = False) -> None:
        """Reload if the files changed (``wait``: before returning)."""
        with self._lock:
            self._checked = time.monotonic()
            if self._loading:
                return
            version = self._version_of()
            if version == self._version:
                return
            self._loading = True
        loader = threading.Thread(target=self._reload, args=(version,), daemon=True)
        loader.start()
        if wait:
            loader.join()

    def _reload(self, version) -> None:
        before = len(self._data.dataset.relations)
        try:
            data = self._load()
        except DataError as error:
            first = str(error.problems[0]) if error.problems else str(error)
            more = len(error.problems) - 1
            problem = first + (f" (and {more} more)" if more > 0 else "")
            self.update = Update(datetime.now(), before, 0, problem=problem)
        except Exception as error:  # a defect, or a file changing as it is read
            _log.exception("reloading the data failed")
            problem = f"the new data could not be read ({type(error).__name__})"
            self.update = Update(datetime.now(), before, 0, problem=problem)
        else:
            now = len(data.dataset.relations)
            self._data = data
            self.update = Update(datetime.now(), now, now - before)
            self.generation += 1
        finally:
            with self._lock:
                self._version = version  # a bad file is not read again until it changes
                self._loading = False
