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
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from dashboard.core.describe import plural
from dashboard.core.load import load_datasets
from dashboard.core.model import AppData, prepare
from dashboard.core.problems import DataError
from dashboard.core.stories import load_stories, stories_left_out
from dashboard.core.validate import RELATION_DERIVED

__all__ = [
    "LiveData",
    "Update",
    "changed_at",
    "data_version",
    "load_app_data",
    "relation_changes",
    "waiting_words",
]

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


def changed_at(version) -> datetime:
    """When the files of a `data_version` last changed (the newest of their
    modification times); now for a version that holds none.

    >>> changed_at(((("a.csv", 10, 1_764_815_460 * 10**9),))).isoformat()
    '2025-12-04T02:31:00+00:00'
    """
    try:
        newest = max(entry[2] for entry in version)
    except (TypeError, ValueError, IndexError):
        return datetime.now(UTC)
    return datetime.fromtimestamp(newest / 1e9, UTC)


def load_app_data(
    directories: Sequence[str | Path], *, before: AppData | None = None
) -> tuple[AppData, list]:
    """The data of ``directories`` prepared for the app, with its stories, and
    the stories left out (problems); ``before``: the data it replaces
    (`prepare`).

    Raises:
        DataError: when the data fails validation.
    """
    dataset = load_datasets(list(directories))
    stories, problems = load_stories(list(directories), dataset)
    left_out = stories_left_out(problems, stories)
    return replace(
        prepare(dataset, before=before), stories=stories, stories_left_out=left_out
    ), problems


def waiting_words(waiting: Sequence[str]) -> str:
    """What the page says of event stores left out, nothing imported into
    them yet (`Dataset.waiting`): the log said it, and a page showing the
    article alone read as GDELT being quiet.

    >>> print(waiting_words(["/srv/gdelt"]))
    /srv/gdelt is not shown yet: nothing is imported into it (python -m dashboard update /srv/gdelt)
    >>> print(waiting_words(["a", "b"]))
    a, b are not shown yet: nothing is imported into them (python -m dashboard update a; python -m dashboard update b)
    """
    if not waiting:
        return ""
    verb, them = ("is", "it") if len(waiting) == 1 else ("are", "them")
    commands = "; ".join(f"python -m dashboard update {store}" for store in waiting)
    return (
        f"{', '.join(waiting)} {verb} not shown yet: nothing is imported into "
        f"{them} ({commands})"
    )


def relation_changes(before: pd.DataFrame, after: pd.DataFrame) -> tuple[int, int, int]:
    """How many relations are new, removed and changed from ``before`` to
    ``after``, matched by id: an update that merges events into relations
    already there (a store's report counts rising) adds none, and it must
    not read as "nothing new".

    >>> before = pd.DataFrame({"id": ["a", "b", "c"], "report_count": [1, 1, 1]})
    >>> after = pd.DataFrame({"id": ["b", "c", "d"], "report_count": [1, 3, 1]})
    >>> relation_changes(before, after)
    (1, 1, 1)
    >>> relation_changes(before, before.assign(note=["", "fixed", ""]))
    (0, 0, 1)
    """
    # as read, not as derived: an ongoing relation's last day moves with the data's
    derived = set(RELATION_DERIVED)
    columns = [
        c for c in dict.fromkeys([*before.columns, *after.columns]) if c not in derived
    ]

    def rows(frame: pd.DataFrame) -> pd.Series:
        # a column only the other has reads as empty here (as a file's empty
        # cells do): one added, or removed, with a relation's note changed it
        cells = {c: frame[c] if c in frame else "" for c in columns}
        table = pd.DataFrame(cells, index=frame.index)
        hashes = pd.util.hash_pandas_object(table, index=False)
        rows = pd.Series(hashes.to_numpy(), index=frame["id"].to_numpy())
        return rows[~rows.index.duplicated()]

    old, new = rows(before), rows(after)
    both = old.index.intersection(new.index)
    changed = int((old[both].to_numpy() != new[both].to_numpy()).sum())
    return len(new) - len(both), len(old) - len(both), changed


@dataclass(frozen=True)
class Update:
    """One reload: when its files changed, and which relations it added,
    removed or changed."""

    at: datetime  # aware
    relations: int  # the relations now
    added: int = 0
    removed: int = 0
    changed: int = 0
    problem: str | None = None  # why the new files were not taken
    #: the stories the new files left out that were not left out before
    stories_left_out: tuple[str, ...] = ()

    def words(self) -> str:
        """ "updated 4 Dec 14:15 UTC, 312 new relations, 9 changed": when the
        files changed, in UTC with the day (a bare "14:15", the server's
        clock when a page next asked, read as the viewer's time today)."""
        at = self.at.astimezone(UTC)
        clock = f"{at.day} {at:%b %H:%M} UTC"
        if self.problem:
            return f"new data at {clock} could not be read: {self.problem}"
        told = [
            plural(self.added, "new relation") if self.added else "",
            f"{plural(self.removed, 'relation')} removed" if self.removed else "",
            f"{self.changed:,} changed" if self.changed else "",
        ]
        told = [part for part in told if part]
        if told and not self.added and not self.removed:
            told[0] = f"{plural(self.changed, 'relation')} changed"
        said = f"updated {clock}, {', '.join(told) or 'no relation changed'}"
        if self.stories_left_out:
            names = ", ".join(f"'{name}'" for name in self.stories_left_out)
            said += f"; {'story' if len(self.stories_left_out) == 1 else 'stories'} "
            said += f"{names} could not be read (python -m dashboard check)"
        return said


class LiveData:
    """The app's data, reloaded when ``version()`` changes.

    ``data`` answers at once; at most every ``every`` seconds it compares the
    version and, when it changed, loads the new data in a thread (``load``,
    given the data it replaces) and swaps it in when ready. ``generation`` counts the swaps; ``update`` says what the
    last one brought.
    """

    def __init__(
        self,
        data: AppData,
        *,
        load: Callable[[AppData], AppData],
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
        at = changed_at(version)
        if self.update is not None and at <= self.update.at:
            # a file removed, or the same files again: a change of now (the
            # page is told of each, and no time goes back)
            at = datetime.now(UTC)
        try:
            data = self._load(self._data)
        except DataError as error:
            first = str(error.problems[0]) if error.problems else str(error)
            more = len(error.problems) - 1
            problem = first + (f" (and {more} more)" if more > 0 else "")
            self.update = Update(at, before, problem=problem)
        except Exception as error:  # a defect, or a file changing as it is read
            _log.exception("reloading the data failed")
            problem = f"the new data could not be read ({type(error).__name__})"
            self.update = Update(at, before, problem=problem)
        else:
            changes = relation_changes(
                self._data.dataset.relations, data.dataset.relations
            )
            broken = tuple(
                name for name in data.stories_left_out
                if name not in self._data.stories_left_out
            )  # fmt: skip
            self._data = data
            self.update = Update(
                at,
                len(data.dataset.relations),
                *changes,
                stories_left_out=broken,
            )
            self.generation += 1
        finally:
            with self._lock:
                self._version = version  # a bad file is not read again until it changes
                self._loading = False
