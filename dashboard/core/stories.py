"""Stories: guided walk-throughs written as small YAML (or JSON) files, one per file
in a data directory's ``stories/`` folder, checked against the data they walk.

A teacher writes one without code (see docs/stories.md); every problem is
reported with its file, line and value, and a bad story never stops the others.
A story file is read with limits (`yamlfile.read_yaml`), so that no file can
exhaust the memory or the stack of the app, and every text in it is checked
as the data's are before it can reach the page: no control character, at
most `TEXT_LIMITS` characters, dates written as the data's (`dates.parse_full_day`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from dashboard.core.dates import RANGE_TEXT, DateError, in_range, parse_full_day
from dashboard.core.load import Dataset
from dashboard.core.problems import Problem
from dashboard.core.text import visible
from dashboard.core.view import View, show
from dashboard.core.vocabulary import RELATION_KINDS
from dashboard.core.yamlfile import read_yaml

__all__ = [
    "Step",
    "Story",
    "TEXT_LIMITS",
    "hidden_highlights",
    "load_stories",
    "read_story",
    "step_view",
    "stories_left_out",
]

STORY_SUFFIXES = (".yaml", ".yml", ".json")
#: The longest text of each field, in characters, spaces around it not
#: counted (docs/stories.md): as the data's (`text.FIELD_LIMITS`), room for
#: any real title or caption, none for one that freezes the page or a slide.
TEXT_LIMITS = {
    "story": {"title": 200, "description": 2_000},
    "step": {"title": 200, "caption": 2_000},
}
_STORY_KEYS = {"title", "description", "steps"}
_STEP_KEYS = {
    "title",
    "caption",
    "start",
    "end",
    "focus",
    "relations",
    "quote",
    "states",
    "kinds",
    "depth",
}


@dataclass(frozen=True)
class Step:
    """One saved view of a story, with what to say about it."""

    title: str
    caption: str
    start: date
    end: date
    focus: str | None = None
    relations: tuple[str, ...] = ()  # highlighted; the rest is dimmed
    quote: str | None = None  # the relation whose quote the step rests on
    states: bool = False
    kinds: tuple[str, ...] | None = None
    depth: int = 0


@dataclass(frozen=True)
class Story:
    name: str  # the file's stem: ?story=NAME in the URL
    title: str
    description: str
    steps: tuple[Step, ...]
    file: str


def step_view(step: Step) -> View:
    """The view a step shows (its highlight is carried separately)."""
    return View(
        start=step.start,
        end=step.end,
        kinds=step.kinds,
        states=step.states,
        focus=step.focus,
        depth=step.depth,
    )


def load_stories(
    directories: list[str | Path], dataset: Dataset
) -> tuple[dict[str, Story], list[Problem]]:
    """Every story in the ``stories/`` folder of each data directory.

    Returns the valid stories by name and the problems of the others; one bad
    file never hides the good ones.
    """
    stories: dict[str, Story] = {}
    problems: list[Problem] = []
    for directory in directories:
        folder = Path(directory) / "stories"
        if not folder.is_dir():
            if folder.exists():  # a file so named was passed over, unsaid
                problems.append(
                    Problem(visible(str(folder), 1_000), None, None, None, "is a "
                            "file; stories go in a folder named stories/")
                )  # fmt: skip
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in STORY_SUFFIXES:
                continue
            story, found = read_story(path, dataset, ids_of=own_ids(directory, dataset))
            if story and story.name in stories:
                found.append(
                    Problem(str(path), None, None, story.name, "a story of this name "
                            f"is already in {stories[story.name].file}")
                )  # fmt: skip
            if found:
                problems.extend(found)
            elif story:
                stories[story.name] = story
    return stories, problems


def stories_left_out(
    problems: list[Problem], stories: dict[str, Story]
) -> dict[str, str]:
    """Why each story file that `load_stories` left out was, by the name a
    link gives it (its file's name without the suffix): its first problem,
    located in its file, and how many more (``check`` lists them all)."""
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        path = Path(problem.file)
        if path.suffix.lower() in STORY_SUFFIXES and path.stem not in stories:
            found.setdefault(path.stem, []).append(problem)
    return {
        name: str(replace(listed[0], file=Path(listed[0].file).name))
        + (f" (and {len(listed) - 1} more)" if len(listed) > 1 else "")
        for name, listed in found.items()
    }


def own_ids(directory: str | Path, dataset: Dataset) -> Callable[[str], str]:
    """The relation id, in ``dataset``, that an id written in a story of
    ``directory`` names: its own directory's relation, also where loading
    several directories renamed it because an earlier one had the same id."""
    renamed = dataset.renamed.get(str(Path(directory).resolve()), {})
    return lambda written: renamed.get(written, written)


def read_story(
    path: Path, dataset: Dataset, *, ids_of: Callable[[str], str] = str
) -> tuple[Story | None, list[Problem]]:
    """Read and check one story file against ``dataset``; ``ids_of`` gives the
    id in ``dataset`` of a relation id written in the file."""
    file = visible(str(path), 1_000)  # a file name is text from outside too
    node, document, problems = read_yaml(path, file)
    if problems:
        return None, problems
    if not isinstance(document, dict):
        return None, [
            Problem(file, 1, None, None, "must be a mapping with title and steps")
        ]
    problems: list[Problem] = []
    lines = _key_lines(node)
    for key in document:
        if key not in _STORY_KEYS:
            problems.append(
                Problem(file, lines.get(key), visible(str(key), 60), None, "unknown field; "
                        f"expected {', '.join(sorted(_STORY_KEYS))}")
            )  # fmt: skip
    title = document.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(file, 1, "title", None, "a story needs a title"))
    for key, limit in TEXT_LIMITS["story"].items():
        text = document.get(key)
        if isinstance(text, str) and len(text.strip()) > limit:
            problems.append(
                Problem(file, lines.get(key, 1), key, visible(text.strip(), 40),
                        f"is {len(text.strip()):,} characters long: a story's "
                        f"{key} holds at most {limit:,}")
            )  # fmt: skip
    raw_steps = document.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append(
            Problem(file, lines.get("steps", 1), "steps", None,
                    "a story needs a list of steps")
        )  # fmt: skip
        return None, problems
    step_nodes = _value_node(node, "steps").value
    steps = []
    for number, (raw, step_node) in enumerate(zip(raw_steps, step_nodes), start=1):
        try:
            step = _read_step(raw, step_node, number, file, dataset, problems, ids_of)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            # a shape the checks did not foresee: say where, never crash the app
            line = step_node.start_mark.line + 1
            problems.append(Problem(file, line, None, None, f"(step {number}) "
                                    f"cannot be read: {error}"))  # fmt: skip
            step = None
        if step:
            steps.append(step)
    if problems:
        return None, problems
    return Story(
        name=path.stem,
        title=title.strip(),
        description=str(document.get("description") or "").strip(),
        steps=tuple(steps),
        file=file,
    ), []


def _read_step(
    raw, node, number: int, file: str, dataset: Dataset, problems, ids_of=str
):
    """One step, or None with its problems added."""
    before = len(problems)
    line = node.start_mark.line + 1

    def problem(key, value, message):
        where = _key_lines(node).get(key, line) if isinstance(raw, dict) else line
        shown = None if value is None else str(value)
        column = None if key is None else visible(str(key), 60)
        problems.append(
            Problem(file, where, column, shown, f"(step {number}) {message}")
        )

    if not isinstance(raw, dict):
        problem(None, raw, "a step must be a mapping of fields")
        return None
    for key in raw:
        if key not in _STEP_KEYS:
            expected = ", ".join(sorted(_STEP_KEYS))
            problem(key, None, f"unknown field; expected {expected}")
    for key, limit in TEXT_LIMITS["step"].items():
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            problem(key, raw.get(key), f"needs a {key} (text)")
        elif len(raw[key].strip()) > limit:
            text = raw[key].strip()
            problem(key, visible(text, 40), f"is {len(text):,} characters long: "
                    f"a step's {key} holds at most {limit:,}")  # fmt: skip
    start, end = _date(raw, "start", problem), _date(raw, "end", problem)
    if start and end and end < start:
        problem("end", end, f"is before start {start}")
    actors = set(dataset.actors["id"])
    focus = raw.get("focus")
    if isinstance(focus, str):  # an actor an earlier directory holds too
        focus = dataset.merged.get(focus, focus)
    if focus is not None and (not isinstance(focus, str) or focus not in actors):
        problem("focus", focus, "is not an actor id in the data")
    relations = raw.get("relations") or []
    if isinstance(relations, str):
        relations = [relations]
    if not isinstance(relations, list) or not all(
        isinstance(relation, str) for relation in relations
    ):
        problem("relations", relations, "must be a list of relation ids")
        return None
    known = dataset.relations.set_index("id")
    for relation in relations:
        if ids_of(relation) not in known.index:
            problem("relations", relation, "is not a relation id in the data")
        elif start and end and not _active(known.loc[ids_of(relation)], start, end):
            problem("relations", relation, f"is not active between {start} and {end}")
    quote = raw.get("quote", relations[0] if relations else None)
    if quote is not None and quote not in relations:
        problem("quote", quote, "must be one of the step's relations")
    kinds = raw.get("kinds")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not isinstance(kinds, list):
            problem("kinds", kinds, "must be a list of relation kinds")
            return None
        for kind in kinds:
            if kind not in RELATION_KINDS:
                problem("kinds", kind, "is not a relation kind")
    states = raw.get("states", False)
    if not isinstance(states, bool):
        problem("states", states, "must be true or false")
    depth = raw.get("depth", 0)
    if type(depth) is not int or depth not in (0, 1, 2, 3):
        problem("depth", depth, "must be 0, 1, 2 or 3")
    if len(problems) > before:
        return None
    step = Step(
        title=raw["title"].strip(),
        caption=" ".join(raw["caption"].split()),
        start=start,
        end=end,
        focus=focus,
        relations=tuple(ids_of(relation) for relation in relations),
        quote=ids_of(quote) if quote is not None else None,
        states=states,
        kinds=tuple(kinds) if kinds is not None else None,
        depth=depth,
    )
    for relation, why in hidden_highlights(step, dataset).items():
        written = next(given for given in relations if ids_of(given) == relation)
        problem("relations", written, f"is left out by the step's own settings: {why}")
    return None if len(problems) > before else step


def hidden_highlights(step: Step, dataset: Dataset) -> dict[str, str]:
    """The step's highlighted relations that its own settings leave out,
    each with the setting that does: a class would be told to look at a
    relation that is not on screen. Only the settings the step has are
    applied, one after another as `show` applies them, so that the first
    that leaves a relation out is named; a step without them costs nothing
    (a story is checked at start-up and on every reload)."""
    window = View(start=step.start, end=step.end)
    kinds = ", ".join(step.kinds or ()) or "none"
    settings = [
        (step.states, replace(window, states=True), "the states-only view "
         "(states: true) draws no relation within one state or with an actor "
         "that has no state"),
        (step.kinds is not None, replace(window, states=step.states,
         kinds=step.kinds), f"its kind is not among the step's kinds ({kinds})"),
        (bool(step.focus and step.depth), step_view(step), "it is outside the "
         f"focus's neighbourhood at depth {step.depth}"),
    ]  # fmt: skip
    if not step.relations or not any(applies for applies, _, _ in settings):
        return {}
    relations = dataset.relations
    wanted = relations.index[pd.Index(relations["id"]).get_indexer(step.relations)]
    ids = dict(zip(wanted.tolist(), step.relations))
    hidden: dict[str, str] = {}
    for applies, view, why in settings:
        if not applies:
            continue
        kept = np.isin(wanted, show(dataset, view, {}).labels)
        hidden.update((ids[label], why) for label in wanted[~kept].tolist())
        wanted = wanted[kept]
    return hidden


def _date(raw: dict, key: str, problem) -> date | None:
    value = raw.get(key)
    if isinstance(value, datetime):  # YAML reads 2025-12-08 10:00 as a datetime:
        # read as the same words quoted are (a time of day refused, not cut off)
        value = value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        day = value
    elif value is None:
        problem(key, None, "needs a date written YYYY-MM-DD")
        return None
    else:  # as the data's dates: fromisoformat takes "2025-W47-5", "20251121"
        try:
            day = parse_full_day(str(value).removesuffix("+00:00"))
        except DateError as error:
            problem(key, value, str(error))
            return None
    if not in_range(day):
        problem(key, day, f"is outside the dates the atlas can show ({RANGE_TEXT})")
        return None
    return day


def _active(relation, start: date, end: date) -> bool:
    return relation["first"].date() <= end and relation["last"].date() >= start


def _key_lines(node) -> dict:
    """The line of each key of a YAML mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value}


def _value_node(node, key: str):
    return next(value for k, value in node.value if k.value == key)
