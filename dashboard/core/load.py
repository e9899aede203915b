"""Load a data directory (actors.csv, relations.csv) or an event store
(store.json, `store.py`) into two DataFrames, or several into one data set.

Every problem in a directory is collected and reported at once (the rules are
in `validate.py`), each naming the file, the line, the column and the value.
Nothing is loaded when anything is wrong: a half-loaded data set could show a
briefer a wrong picture without saying so.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
from anyascii import anyascii

from dashboard.core.columns import compact
from dashboard.core.csvfile import read_table
from dashboard.core.describe import plural
from dashboard.core.graph import collapse_to_states
from dashboard.core.problems import DataError, Problem
from dashboard.core.store import CACHE, MANIFEST, awaits_import, is_store, read_store
from dashboard.core.text import neutralised
from dashboard.core.validate import (
    ACTOR_COLUMNS,
    ACTOR_OPTIONAL,
    RELATION_COLUMNS,
    RELATION_OPTIONAL,
    validate_actors,
    validate_relations,
)

__all__ = ["Dataset", "csv_safe", "load_dataset", "load_datasets", "read_table"]

_log = logging.getLogger(__name__)

# Text columns hold Python strings (`columns.TEXT`), which the model and the
# callbacks read cell by cell at no cost; files are read and checked as Arrow
# columns (`csvfile.read_table`, `cells.py`) and then made so, each distinct
# text once (`columns.compact`).
pd.set_option("mode.string_storage", "python")


@dataclass
class Dataset:
    """Validated actors and relations, with the derived columns the app needs.

    ``relations`` gains ``first`` and ``last`` (the days the relation covers, as
    timestamps; ``last`` of an ongoing relation is the end of the data),
    ``precision``, ``approximate``, ``ongoing``, ``stance`` and ``date_label``.
    ``actors`` gains ``lat``/``lon`` filled from the capital of ``country``.
    """

    actors: pd.DataFrame
    relations: pd.DataFrame
    #: relation ids `load_datasets` renamed, by directory (resolved path): the
    #: id in the directory's files -> the id in the data
    renamed: dict[str, dict[str, str]] = field(default_factory=dict)
    #: folders where what is worked out from the data (the network layouts,
    #: `positions.LayoutCache`) may be kept: each directory's ``cache``
    caches: tuple[Path, ...] = ()
    #: actors `load_datasets` found under two ids (the same name, kind and
    #: country): the later directory's id -> the id shown
    merged: dict[str, str] = field(default_factory=dict)
    #: event stores `load_datasets` left out for now, nothing imported into
    #: them yet (as given): the page says so, and shows them once `update`
    #: imports into them
    waiting: tuple[str, ...] = ()

    @cached_property
    def between_states(self) -> pd.DataFrame:
        """The relations redrawn between states, for the states-only view:
        made once, not in every callback (0.1 s for 100,000 relations)."""
        return collapse_to_states(self.actors, self.relations)

    @cached_property
    def left_out_of_states(self) -> pd.DataFrame:
        """The relations the states-only view cannot draw: with an actor
        that has no state in the data, or within one state."""
        kept = self.relations.index.isin(self.between_states.index)
        return self.relations[~kept]

    @property
    def data_end(self) -> date:
        """The last day anything is known to happen: where "ongoing" runs to."""
        return self.relations["last"].max().date()

    def origin_ends(self) -> dict[str, pd.Timestamp]:
        """Each origin's last day: where its "ongoing" relations run to (each
        origin's data its own, `validate_relations`)."""
        return self.relations.groupby("origin")["last"].max().to_dict()

    @property
    def date_span(self) -> tuple[date, date]:
        """From the first day of the data to its end: the default window."""
        return self.relations["first"].min().date(), self.data_end

    def summary(self) -> str:
        """A few lines that tell a user what the data holds: actors by kind,
        relations and their dates, kinds, confidence."""
        first, last = self.date_span
        relations, actors = self.relations, self.actors

        def counts(column) -> str:
            return ", ".join(
                f"{value} {n:,}" for value, n in column.value_counts().items()
            )

        kinds = ", ".join(
            f"{n:,} {kind}" for kind, n in actors["kind"].value_counts().items()
        )
        return (
            f"{plural(len(actors), 'actor')} ({kinds})\n"
            f"{plural(len(relations), 'relation')} from {first:%d %b %Y} to "
            f"{last:%d %b %Y}\n"
            f"kinds: {counts(relations['kind'])}\n"
            f"confidence: {counts(relations['confidence'])}"
        )


def load_dataset(directory: str | Path) -> Dataset:
    """Load and validate a data directory, or open an event store (a directory
    holding store.json: its events were validated when they were imported).

    Raises:
        DataError: listing every problem found, when there is any.
    """
    directory = Path(directory)
    if directory.is_file():
        raise DataError(
            [Problem(str(directory), None, None, None,
                     "is a file, not a data directory (one holding actors.csv "
                     "and relations.csv) or an event store (store.json)")]
        )  # fmt: skip
    caches = (directory / CACHE,)
    if awaits_import(directory):
        raise DataError(
            [Problem(MANIFEST, None, None, None,
                     "is missing: this event store has files fetched and none "
                     "imported yet; import them with `python -m dashboard update "
                     f"{directory}`")]
        )  # fmt: skip
    if is_store(directory):
        actors, relations = read_store(directory)
        return _loaded(actors, relations, caches)
    problems: list[Problem] = []
    actors, actor_lines = read_table(
        directory / "actors.csv", ACTOR_COLUMNS, problems, ACTOR_OPTIONAL
    )
    relations, relation_lines = read_table(
        directory / "relations.csv", RELATION_COLUMNS, problems, RELATION_OPTIONAL
    )
    refused = _refused_actors(problems)
    if actors is not None:
        actors = validate_actors(actors, actor_lines, problems)
    if relations is not None:
        relations = validate_relations(
            relations,
            relation_lines,
            set(actors["id"]) if actors is not None else None,
            problems,
            refused,
        )
    if problems:
        raise DataError(problems)
    if not (relations["origin"] != "").all():
        relations["origin"] = relations["origin"].where(
            relations["origin"] != "", directory.resolve().name
        )
    return _loaded(actors, relations, caches)


def _refused_actors(problems: list[Problem]) -> dict[str, str]:
    """Why each row of actors.csv left out whole is not there, by its id (a
    stray comma, a quote never closed; the rows that quote took into its
    cell): what names that id says so, not that it names no actor."""
    refused: dict[str, str] = {}
    for problem in problems:
        if problem.file != "actors.csv":
            continue
        for row_id, line in problem.swallowed:
            refused.setdefault(
                row_id,
                f"names an actor whose row in actors.csv (line {line}) went into "
                f"the quote opened on line {problem.line} and never closed "
                "(see there)",
            )
        if problem.row:
            refused.setdefault(
                problem.row,
                f"names an actor whose row in actors.csv (line {problem.line}) "
                "is refused (see there)",
            )
    return refused


def _loaded(
    actors: pd.DataFrame, relations: pd.DataFrame, caches: tuple[Path, ...]
) -> Dataset:
    """The data set of these checked tables, their texts the model's."""
    dataset = Dataset(compact(actors), compact(relations), caches=caches)
    # what reading and checking took, given back (Arrow's allocator keeps it)
    pa.default_memory_pool().release_unused()
    return dataset


def load_datasets(directories: list[str | Path]) -> Dataset:
    """Several data directories or event stores shown together (the curated
    article over an imported event stream): every problem of every directory at once, actors
    merged by id, and by name, kind and country (`_same_actors`), each
    relation keeping its ``origin``.

    Raises:
        DataError: naming the directory of each problem.
    """
    # a store nothing is imported into yet is left out beside other data
    # (the article before the first `update`): alone, it is refused
    waiting = [d for d in directories if awaits_import(d)]
    if waiting and len(waiting) < len(directories):
        for directory in waiting:
            _log.warning(
                "%s: left out: an event store with nothing imported yet "
                "(python -m dashboard update %s)", directory, directory,
            )  # fmt: skip
        directories = [d for d in directories if d not in waiting]
    loaded, problems = [], []
    for directory in directories:
        try:
            loaded.append(load_dataset(directory))
        except DataError as error:
            name = Path(directory).name
            problems += [replace(p, file=f"{name}/{p.file}") for p in error.problems]
    if problems:
        raise DataError(problems)
    waiting = tuple(str(directory) for directory in waiting)
    if len(loaded) == 1:
        return replace(loaded[0], waiting=waiting) if waiting else loaded[0]
    problems = _kind_clashes(directories, loaded)
    if problems:
        raise DataError(problems)
    merged = _same_actors(loaded)
    actors = pd.concat(
        [d.actors[~d.actors["id"].isin(same)] for d, same in zip(loaded, merged)],
        ignore_index=True,
    )
    relations, seen, renamed = [], set(), {}
    for directory, dataset, same in zip(directories, loaded, merged):
        table = _renamed_ends(dataset.relations, same)
        clash = table["id"].isin(seen)
        if clash.any():  # the same id in two directories: prefix the later one
            ids = _unclashed(table["id"], clash, _prefix(directory), seen)
            key = str(Path(directory).resolve())
            renamed[key] = dict(zip(table["id"][clash], ids[clash]))
            table = table.assign(id=ids)
        seen.update(table["id"])
        relations.append(table)
    return Dataset(
        actors=actors.drop_duplicates("id", ignore_index=True),
        relations=pd.concat(relations, ignore_index=True).fillna(""),
        renamed=renamed,
        caches=tuple(folder for dataset in loaded for folder in dataset.caches),
        merged={old: new for same in merged for old, new in same.items()},
        waiting=waiting,
    )


def _kind_clashes(directories: list, loaded: list[Dataset]) -> list[Problem]:
    """An actor id that a later directory gives another kind or country than
    an earlier one: a problem of the later directory's actors.csv, naming the
    earlier one (the two cannot be one node)."""
    first: dict[str, tuple[str, str, str]] = {}  # id -> kind, country, where
    problems = []
    for directory, dataset in zip(directories, loaded):
        where = f"{Path(directory).name}/actors.csv"
        actors = dataset.actors
        for actor_id, kind, country in zip(
            actors["id"].tolist(), actors["kind"].tolist(), actors["country"].tolist()
        ):
            known = first.setdefault(actor_id, (kind, country, where))
            if known[:2] != (kind, country):
                problems.append(
                    Problem(
                        where,
                        None,
                        "id",
                        actor_id,
                        f"is a {kind} of '{country}' here and a {known[0]} of "
                        f"'{known[1]}' in {known[2]}: give one of them another id",
                    )
                )
    return problems


def _folded(name: str) -> str:
    """A name as `_same_actors` compares it: every script in ASCII letters,
    accents, case and punctuation aside.

    >>> _folded("Recep Tayyip Erdoğan") == _folded("recep tayyip erdogan")
    True
    """
    plain = anyascii(unicodedata.normalize("NFKC", str(name))).lower()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def _same_actors(loaded: list[Dataset]) -> list[dict[str, str]]:
    """For each data set, its actors that an earlier one holds under another
    id, with the same name (scripts, accents and case aside), kind and
    country: their id -> the earlier id. An import names Maduro
    'nicolas-maduro' where the article says 'maduro': shown apart, every
    count, path and ranking of his was split between two nodes.

    Never within one data set (two actors it keeps apart stay apart, as
    when it names both), nor where a relation would then join an actor to
    itself; an id an earlier data set merged is merged again in every later
    one (two imports beside the article)."""
    known: dict[tuple[str, str, str], str] = {}  # earlier data sets' names
    resolved: dict[str, str] = {}  # every id seen -> the id shown
    merged = []
    for dataset in loaded:
        actors = dataset.actors
        keys = [
            (_folded(name), kind, country)
            for name, kind, country in zip(
                actors["name"], actors["kind"], actors["country"]
            )
        ]
        twice = {key for key, count in Counter(keys).items() if count > 1}
        same = {}
        for actor_id, key in zip(actors["id"], keys):
            if actor_id in resolved:  # the same id as before: as it was shown
                if resolved[actor_id] != actor_id and key not in twice:
                    same[actor_id] = resolved[actor_id]
            elif key in known and key not in twice:
                same[actor_id] = known[key]
        _keep_apart(dataset.relations, same)
        for actor_id, key in zip(actors["id"], keys):
            resolved.setdefault(actor_id, same.get(actor_id, actor_id))
            if key not in twice:
                known.setdefault(key, resolved[actor_id])
        merged.append(same)
    return merged


def _keep_apart(relations: pd.DataFrame, same: dict[str, str]) -> None:
    """Take out of ``same`` the ids of any relation that merging would turn
    into one between an actor and itself."""
    if not same or relations.empty:
        return
    source, target = relations["source"], relations["target"]
    joined = (source != target) & (
        source.map(same).fillna(source) == target.map(same).fillna(target)
    )
    for actor_id in set(source[joined]) | set(target[joined]):
        same.pop(actor_id, None)


def _renamed_ends(relations: pd.DataFrame, same: dict[str, str]) -> pd.DataFrame:
    """``relations`` with their ends' ids changed as ``same`` says."""
    if not same:
        return relations
    ends = {
        end: relations[end].where(~relations[end].isin(same), relations[end].map(same))
        for end in ("source", "target")
    }
    return relations.assign(**ends)


def _unclashed(
    ids: pd.Series, clash: pd.Series, prefix: str, seen: set[str]
) -> pd.Series:
    """``ids`` with those that ``clash`` renamed ``prefix`` + id, and, where
    that is taken too (by an earlier directory or by an id of this one, "b.r01"
    beside "r01"), + "-2", "-3"... (ids stay slugs, as `check` wants them):
    two relations sharing an id stopped the
    start with pandas' "uniquely valued Index" error.

    >>> ids = pd.Series(["r01", "b.r01"])
    >>> _unclashed(ids, ids == "r01", "b.", {"r01"}).tolist()
    ['b.r01-2', 'b.r01']
    """
    taken = seen | set(ids[~clash])
    renamed = []
    for old in ids[clash].tolist():
        new, number = prefix + old, 1
        while new in taken:
            number += 1
            new = f"{prefix}{old}-{number}"
        taken.add(new)
        renamed.append(new)
    result = ids.copy()
    result[clash] = renamed
    return result


def _prefix(directory: str | Path) -> str:
    """What `load_datasets` puts before a relation id that an earlier
    directory already uses: the directory's name, "imported.r01"."""
    return re.sub(r"[^a-z0-9]+", "-", Path(directory).resolve().name.lower()) + "."


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` to be written as CSV a spreadsheet may open: every text cell
    starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
    leading ``'`` (OWASP's advice against CSV injection), numbers and numeric
    columns are left alone (``-66.9``); `read_table` takes the ``'`` off again.
    """
    safe = table.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):  # numbers stay numbers
            safe[column] = safe[column].map(neutralised)
    return safe
