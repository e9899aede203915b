"""The view: every choice a user makes, as one value, and what it puts on screen.

The same `View` drives the page (from its controls or its URL), the exports
and the command line, so a link, a download and a CLI call all agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.core.analysis import (
    Change,
    PathResult,
    blocs,
    compare_windows,
    focus_relations,
    near_codes,
    on_shortest_paths,
    shortest_paths,
)
from dashboard.core.codes import Codes
from dashboard.core.filters import FILTERS, filtered, visible
from dashboard.core.graph import DaySpans, active_mask, state_of, touching_mask
from dashboard.core.load import Dataset

__all__ = [
    "Shown",
    "View",
    "filtered_rows",
    "first_few",
    "parse_compare",
    "show",
    "shown_counts",
    "what_is_shown",
]


def first_few(firsts: np.ndarray, limit: int) -> np.ndarray:
    """Which of ``firsts`` (dates) come first: about ``limit`` of them, every
    one of the last date they reach (all when there are no more), found
    without sorting them all.

    >>> first_few(np.array([3, 1, 2, 1]), 2).tolist()
    [False, True, False, True]
    """
    if len(firsts) <= limit:
        return np.ones(len(firsts), dtype=bool)
    return firsts <= np.partition(firsts, limit - 1)[limit - 1]


@dataclass(frozen=True)
class View:
    """What the user is looking at. A filter of None lets everything through;
    an empty tuple lets nothing through."""

    start: date
    end: date
    kinds: tuple[str, ...] | None = None
    actor_kinds: tuple[str, ...] | None = None
    confidence: tuple[str, ...] | None = None
    min_sources: int = 1
    states: bool = False
    focus: str | None = None  # the selected actor
    depth: int = 0  # 0: highlight the focus; 1-3: show only its neighbourhood
    path: tuple[str, str] | None = None
    colour: str = "country"  # or "bloc"
    compare: date | None = None  # split the window here: change before / after
    origins: tuple[str, ...] | None = None  # data sets shown (None: all)
    #: how the network draws a large view: "overview" (its states, those in
    #: ``expand`` opened: core/overview.py) or "all" (every actor)
    network: str = "overview"
    expand: tuple[str, ...] = ()  # the states opened in the overview, sorted
    notices: tuple[str, ...] = field(default=(), compare=False)


def what_is_shown(view: View) -> View:
    """``view`` without how its network is drawn (``network``, ``expand``):
    the part `show` reads, so that opening a state reuses the rows shown.

    >>> view = View(date(2025, 1, 1), date(2025, 2, 1), expand=("s-ven",))
    >>> what_is_shown(view) == View(date(2025, 1, 1), date(2025, 2, 1))
    True
    """
    if view.network == "overview" and not view.expand:
        return view
    return replace(view, network="overview", expand=())


@dataclass
class Shown:
    """The tables a view puts on screen, and what to emphasise in them.

    The relations shown are the rows ``rows`` (positions) of ``table``, made
    into a table of their own only when asked for: copying the rows of a large
    window costs more than everything else its figures need, which are only
    the rows' codes (see `labels`).
    """

    actors: pd.DataFrame
    table: pd.DataFrame
    rows: np.ndarray
    anchors: set[str] = field(default_factory=set)  # focus, path ends: as drawn
    strong_actors: set[str] | None = None  # None: everything at full strength
    strong_relations: set[str] | None = None
    #: the row labels of ``strong_relations``, where they were found as rows
    #: (a focus): a busy state's hundred thousand need not be looked up again
    strong_labels: np.ndarray | None = None
    path: PathResult | None = None
    change: Change | None = None
    compare_windows: tuple[tuple[date, date], tuple[date, date]] | None = None
    blocs: dict[str, str] = field(default_factory=dict)
    #: why the focus is not drawn, so not applied: "kind" (the actor filter
    #: hides its kind), "states" (the states-only view, where an actor with
    #: no country has no state to be drawn as); "" when it is drawn
    focus_hidden: str = ""
    #: the table and rows the view's filters keep in its window, as `show`
    #: found them before a focus or a path changed them
    _in_window: tuple[pd.DataFrame, np.ndarray] | None = field(default=None, repr=False)
    _relations: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def filters_in_window(self) -> bool:
        """Whether ``rows`` are every row the view's filters keep in its
        window and no other (no focus's neighbourhood, no path's relations
        beside): the time bar then counts them from what it counted for the
        filters. Known by identity, so never stale: whatever changes the
        rows makes them another array."""
        if self._in_window is None:
            return False
        table, rows = self._in_window
        return self.table is table and self.rows is rows

    @property
    def relations(self) -> pd.DataFrame:
        """The relations shown, as a table."""
        if self._relations is None:
            self._relations = self.table.iloc[self.rows]
        return self._relations

    @relations.setter
    def relations(self, relations: pd.DataFrame) -> None:
        self.table, self.rows = relations, np.arange(len(relations))
        self._relations = relations

    def earliest(self, limit: int, *, begun_from: date | None = None) -> pd.DataFrame:
        """The relations shown that come first by date, as a table: about
        ``limit`` of them (every one of the last date they reach), for a list
        of the first few. A large window's rows are not copied for them (a
        year of a million relations: 40 MB, kept with the view, and 0.1 s).
        ``begun_from``: the window's first day; those begun before it come
        after those begun in it (a three-day burst's list opened on 40
        relations begun years before, "2015 – ongoing", not on the burst)."""
        rows = self.rows
        firsts = self.table["first"].to_numpy()[rows]
        if begun_from is None:
            return self.table.iloc[rows[first_few(firsts, limit)]]
        new = firsts >= np.datetime64(begun_from)
        kept = np.zeros(len(rows), dtype=bool)
        kept[new] = first_few(firsts[new], limit)
        left = limit - int(kept.sum())
        if left > 0:
            kept[~new] = first_few(firsts[~new], left)
        return self.table.iloc[rows[kept]]

    @property
    def labels(self) -> np.ndarray:
        """The row labels of the relations shown (AppData's codes use them)."""
        return self.labels_at(self.rows)

    def labels_at(self, rows: np.ndarray) -> np.ndarray:
        """The row labels of the relations at ``rows`` (positions) of the table."""
        index = self.table.index
        if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
            # labels are positions: the rows themselves, not a copy of a
            # million of them in every callback of a large window
            labels = rows.view()
            labels.flags.writeable = False
            return labels
        return index.to_numpy()[rows]

    @property
    def count(self) -> int:
        """How many relations are shown."""
        return len(self.rows)


def parse_compare(
    text: str | None, window: tuple[date, date]
) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """The two windows of ``compare``: a date splits the window there, "before"
    ending the day before. None when it is not a date inside the window.

    >>> parse_compare("2025-11-21", (date(2025, 11, 1), date(2025, 12, 11)))[0]
    (datetime.date(2025, 11, 1), datetime.date(2025, 11, 20))
    """
    try:
        split = date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None
    if split is None or not window[0] < split <= window[1]:
        return None
    return (window[0], split - timedelta(days=1)), (split, window[1])


def filtered_rows(
    dataset: Dataset, view: View
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """(actors, table, rows): what the view's filters (core/filters.py) keep
    at any date, as `visible` gives it; the window, focus and path are not
    applied."""
    actors, table, rows = visible(
        dataset.actors,
        dataset.relations,
        actor_kinds=view.actor_kinds,
        states_only=view.states,
        between_states=dataset.between_states if view.states else None,
    )
    chosen = {spec.field: getattr(view, spec.field) for spec in FILTERS}
    return actors, table, filtered(table, rows, chosen)


def _hidden_by(
    every: pd.DataFrame,
    drawn: pd.DataFrame,
    actor: str,
    node: str,
    actor_kinds: tuple[str, ...] | None,
) -> str:
    """Why the filters do not draw ``actor`` (as ``node``: its state in the
    states-only view): "kind" when its kind is not among ``actor_kinds``,
    "states" when ``node`` is not among the actors ``drawn`` otherwise (the
    states-only view draws states alone); "" when it is drawn."""
    if actor_kinds is not None:
        kinds = every.loc[every["id"] == actor, "kind"]
        if len(kinds) and kinds.iloc[0] not in actor_kinds:
            return "kind"
    return "" if (drawn["id"] == node).any() else "states"


def _drawn_as(dataset: Dataset, view: View, actor: str) -> str:
    """``actor`` as the view draws it: in the states-only view, its state."""
    return state_of(dataset.actors, actor) if view.states else actor


def _focus_node(
    dataset: Dataset, view: View, actors: pd.DataFrame
) -> tuple[str | None, str]:
    """(node, hidden): the focus as drawn (`_drawn_as`), None when there is
    none or the filters, which draw ``actors``, hide it; and why they hide it
    (`_hidden_by`). A hidden focus had faded everything else and left its
    neighbourhood empty ("0 relations among 0 actors"), about an actor not
    drawn: the view is shown as without it, and says why."""
    if not view.focus:
        return None, ""
    node = _drawn_as(dataset, view, view.focus)
    hidden = _hidden_by(dataset.actors, actors, view.focus, node, view.actor_kinds)
    return (None, hidden) if hidden else (node, "")


def shown_counts(
    dataset: Dataset, view: View, windows: list[tuple[date, date]], codes: Codes
) -> list[int]:
    """How many relations `show` shows of ``view`` in each of ``windows``
    (its start and end), counted on ``codes`` (the relations' ends by row
    label as the view draws them: AppData.state_codes in the states-only
    view) rather than shown: a focus's neighbourhood and a path each built a
    graph of the window's ids, 0.1 to 0.4 s for a burst of 100,000
    relations, on every click on an actor."""
    if not windows:
        return []
    actors, table, rows = filtered_rows(dataset, view)
    node, _ = _focus_node(dataset, view, actors)
    windows_rows = [rows & active_mask(table, start, end) for start, end in windows]
    if node is None or view.depth == 0:
        # the whole window is shown: a path runs through it, adding nothing
        return [int(inside.sum()) for inside in windows_rows]
    labels = table.index.to_numpy()
    source, target = codes.source[labels], codes.target[labels]
    width = len(codes.actors)
    ends = (
        [_code(codes, _drawn_as(dataset, view, end)) for end in view.path]
        if view.path
        else None
    )
    counts = []
    for inside in windows_rows:
        inner, outer = source[inside], target[inside]
        near = near_codes(inner, outer, _code(codes, node), view.depth, width)
        among = near[inner] & near[outer]
        if ends:  # the path's relations outside the neighbourhood are drawn too
            among |= on_shortest_paths(inner, outer, *ends, width)
        counts.append(int(among.sum()))
    return counts


def _code(codes: Codes, actor: str) -> int:
    """``actor``'s code, -1 when it has none."""
    code = int(np.searchsorted(codes.actors, actor))
    found = code < len(codes.actors) and codes.actors[code] == actor
    return code if found else -1


def show(
    dataset: Dataset,
    view: View,
    names: dict[str, str],
    *,
    codes: Codes | None = None,
    spans: DaySpans | None = None,
) -> Shown:
    """Apply the view: window, filters, evidence, states-only, focus, path,
    change and blocs, in that order. ``codes`` (the relations' integer codes,
    by row label) find the focus's relations faster, when given; ``spans``
    (those of the table the view draws from, kept) its window."""
    actors, table, rows = filtered_rows(dataset, view)
    filtered = rows.copy()  # before the window: the change between dates needs it
    if spans is not None and spans.table is table:
        rows &= spans.mask(view.start, view.end)
    else:
        rows &= active_mask(table, view.start, view.end)
    in_window = np.flatnonzero(rows)
    shown = Shown(
        actors=actors, table=table, rows=in_window, _in_window=(table, in_window)
    )

    window = shown.relations if view.depth > 0 or view.path else None
    node, shown.focus_hidden = _focus_node(dataset, view, actors)
    if node and view.depth > 0:
        shown.relations = focus_relations(window, node, view.depth)
        ends = shown.relations["source"].tolist() + shown.relations["target"].tolist()
        near = set(ends) | {node}
        shown.actors = actors[actors["id"].isin(near)]
    if node:
        shown.anchors.add(node)
        if codes is not None and shown.table is dataset.relations:
            touching = codes.touching(view.focus)[shown.labels]
        else:
            touching = touching_mask(shown.table, view.focus)[shown.rows]
        hits = shown.rows[touching]
        # the three columns only, as arrays: the busiest actor of a million
        # relations has 100,000 of them, whose rows took 0.1 s to copy whole
        # and read back one by one
        ids, sources, targets = (
            shown.table[column].take(hits).to_numpy(dtype=object)
            for column in ("id", "source", "target")
        )
        shown.strong_relations = set(ids)
        shown.strong_labels = shown.labels_at(hits)
        shown.strong_actors = {node} | set(sources) | set(targets)
    if view.path:
        # the path searches the whole window, not just a focused neighbourhood,
        # and whatever it runs through is drawn
        ends = tuple(_drawn_as(dataset, view, end) for end in view.path)
        shown.anchors |= set(ends)
        shown.path = shortest_paths(window, *ends)
        extra = shown.path.relations[
            ~shown.path.relations["id"].isin(shown.relations["id"])
        ]
        if len(extra):
            shown.relations = pd.concat([shown.relations, extra])
            on_path = set(extra["source"]) | set(extra["target"])
            shown.actors = actors[actors["id"].isin(set(shown.actors["id"]) | on_path)]
        shown.strong_relations = set(shown.path.relations["id"])
        shown.strong_labels = None  # not found as rows
        shown.strong_actors = {
            actor for path in shown.path.paths for actor in path
        } | set(ends)
    windows = parse_compare(
        view.compare and view.compare.isoformat(), (view.start, view.end)
    )
    if windows:
        # the filters apply, the focus does not: change is about the whole picture
        shown.change = compare_windows(table[filtered], *windows)
        shown.compare_windows = windows
        change = shown.change
        changed = set(
            change.appeared["id"].tolist()
            + change.flipped["id"].tolist()
            + change.ended["id"].tolist()
        )
        if not view.path:  # a path keeps its own highlight
            shown.strong_relations = changed
            shown.strong_labels = None  # not found as rows
            rows = shown.relations[shown.relations["id"].isin(changed)]
            shown.strong_actors = set(rows["source"].tolist() + rows["target"].tolist())
    if view.colour == "bloc":
        shown.blocs = blocs(shown.relations, names)
    return shown
