"""The data model shared by every user: a data set prepared once at start-up
(hover texts, layouts, places, integer codes), read-only afterwards."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache, wraps

import numpy as np
import pandas as pd

from dashboard.core.codes import Codes, encode
from dashboard.core.columns import text_array
from dashboard.core.describe import (
    ACTOR_FIELDS,
    actor_label,
    make_subtitle,
    records,
    relation_hovers,
)
from dashboard.core.filters import FILTERS
from dashboard.core.graph import DaySpans, states_of
from dashboard.core.load import Dataset
from dashboard.core.places import map_places
from dashboard.core.positions import network_positions
from dashboard.core.stories import Story
from dashboard.core.timeline import TimeAxis, day_numbers, overview_axis
from dashboard.core.urlstate import parse_query
from dashboard.core.view import Shown, View, show
from dashboard.core.vocabulary import kinds_by_stance
from dashboard.core.window import burst_presets, presets

__all__ = ["AppData", "day_spans", "per_data", "prepare", "shown_view", "view_of"]


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of cached results
class AppData:
    """Read-only data shared by every user: the tables and what is derived from
    them once at start-up (layouts, map places, names), never per callback."""

    dataset: Dataset
    positions: dict[str, tuple[float, float]]
    state_positions: dict[str, tuple[float, float]]
    places: dict[str, tuple[float, float, str]]
    names: dict[str, str]
    #: what each choice filter offers, by field (core/filters.py): the
    #: relation kinds, actor kinds, confidence levels and data sets present
    choices: dict[str, list[str]]
    kind_groups: dict[
        str, list[str]
    ]  # the kind checklists: kinds by their usual stance
    presets: dict[str, tuple[date, date]]
    codes: Codes  # the relations as integers, by row label, for counting
    state_codes: Codes  # the same with the ends of the states-only view
    labels: pd.Index  # relation id -> row label

    def codes_of(self, labels: np.ndarray, states: bool) -> Codes:
        """The codes of the relations with these row labels (in the prepared
        table), as drawn."""
        codes = self.state_codes if states else self.codes
        return codes.at(labels)

    def labels_shown(self, shown: Shown, relations) -> np.ndarray:
        """The row labels of the relations ``relations`` (ids) that ``shown``
        shows: kept by the view when they are its emphasis (a busy actor's
        hundred thousand need no lookup), else looked up and kept to the
        window (by a mask, not np.isin: a window holds a million)."""
        if relations is shown.strong_relations and shown.strong_labels is not None:
            return shown.strong_labels
        labels = self.labels.get_indexer(list(relations))
        window = np.zeros(len(self.labels) + 1, dtype=bool)  # -1: no relation
        window[shown.labels] = True
        return labels[window[labels]]

    stories: dict[str, Story] = field(default_factory=dict)
    #: why each story file left out was (by its name): a link to one says so,
    #: not only the server's log (`core/stories.py` `stories_left_out`)
    stories_left_out: dict[str, str] = field(default_factory=dict)
    #: the time bar's overview axis (empty stretches narrow), by the data's starts
    timeline: TimeAxis | None = None
    #: the presets that are bursts of the data (core/window.py
    #: `burst_presets`), by name; the page counts what each shows beside it
    #: (web/views.py `preset_labels`)
    bursts: tuple[str, ...] = ()
    #: what `per_data` functions worked out from this data, by function: it
    #: goes when the data goes (not copied by `replace`, whose data differs)
    kept: dict = field(default_factory=dict, init=False, repr=False)

    @property
    def kinds(self) -> list[str]:
        return self.choices["kinds"]

    @property
    def actor_kinds(self) -> list[str]:
        return self.choices["actor_kinds"]

    @property
    def origins(self) -> list[str]:
        """The data sets (the relations' origin)."""
        return self.choices["origins"]

    @cached_property  # read several times per callback: 0.2 ms each at 100,000
    def span(self) -> tuple[date, date]:
        return self.dataset.date_span

    @property
    def title(self) -> str:
        """The data's title on the page, images and decks: "Who backs whom:
        Russia, Belarus and Venezuela"."""
        actors = self.dataset.actors
        return make_subtitle(list(actors.loc[actors["kind"] == "state", "name"]))


def kinds_by_their_stance(
    relations: pd.DataFrame, present: set[str]
) -> dict[str, list[str]]:
    """The kinds ``present`` under the stance most of their ``relations``
    have (a tie: the kind's own), in the vocabulary's order: the stance
    headings of the filters. Event data codes a meeting cooperative (its
    CAMEO quad class): under "Neutral", "neutral only" kept its meetings,
    every one drawn cooperative, and "cooperative only" lost them.
    """
    usual = kinds_by_stance()
    own = {kind: stance for stance, kinds in usual.items() for kind in kinds}
    counts = relations.groupby(["kind", "stance"], observed=True).size()
    groups: dict[str, list[str]] = {stance: [] for stance in usual}
    for kind, stance in own.items():
        if kind in present:
            of_kind = counts[kind]
            if of_kind.get(stance, 0) < of_kind.max():
                stance = str(of_kind.idxmax())
            groups[stance].append(kind)
    return groups


def _looked_up(index: pd.Index) -> pd.Index:
    """``index`` with its hash table built: at start-up, not in a first callback
    (0.03 s for 100,000 ids)."""
    index.get_indexer(index[:1])
    return index


def prepare(dataset: Dataset, *, before: AppData | None = None) -> AppData:
    """Everything the callbacks need that does not depend on the view.
    ``before``: the data this replaces under a running server; the network's
    actors start where they were (`network_positions`)."""
    actors, relations = dataset.actors, dataset.relations
    states = actors[actors["kind"] == "state"]
    years = sorted(relations["first"].dt.year.unique().tolist())[-6:]
    named = presets(dataset.date_span, years)
    # a burst that is a named window already (all of two days' data) is not
    # offered twice
    burst_windows = {
        name: window
        for name, window in burst_presets(relations, dataset.date_span).items()
        if window not in named.values()
    }
    names = {row["id"]: actor_label(row) for row in records(actors, ACTOR_FIELDS)}
    # hover texts depend on the relation alone: write them once, not per
    # callback, a column at a time
    relations = relations.assign(hover=relation_hovers(relations, names))
    # sourced, quoted relations last, so that they are drawn over the event
    # stream (not copied when they already are: a million rows take a second)
    order = np.argsort(relations["quote"].ne("").to_numpy(), kind="stable")
    in_place = relations.index.equals(pd.RangeIndex(len(relations)))
    if not (in_place and np.array_equal(order, np.arange(len(order)))):
        relations = relations.iloc[order].reset_index(drop=True)
    prepared = replace(dataset, relations=relations)
    present = set(relations["kind"].unique())
    codes = encode(relations, np.array(sorted(actors["id"]), dtype=object))
    # the relations' ends between states, for the states-only codes, from the
    # codes (`graph.collapse_to_states` matches a million ids twice); the
    # whole table (`Dataset.between_states`) is made when a view needs it
    state_codes = codes.merged(_state_codes(actors, codes.actors))
    # a layout reads which actors are linked: each pair once, not every
    # relation's ids hashed again (unless an end is not among the actors)
    linked = _linked(codes) if not (codes.pairs < 0).any() else relations
    return AppData(
        dataset=prepared,
        positions=network_positions(
            actors,
            linked,
            cache=dataset.caches,
            previous=before.positions if before else None,
        ),
        state_positions=network_positions(
            states,
            _linked(state_codes),
            cache=dataset.caches,
            previous=before.state_positions if before else None,
        ),
        places=map_places(actors),
        names=names,
        choices={
            spec.field: spec.values(actors, relations)
            for spec in FILTERS
            if spec.values
        },
        kind_groups=kinds_by_their_stance(relations, present),
        presets={**named, **burst_windows},
        bursts=tuple(burst_windows),
        codes=codes,
        state_codes=state_codes,
        labels=_looked_up(pd.Index(relations["id"])),
        timeline=overview_axis(day_numbers(relations["first"]), dataset.date_span),
    )


def _linked(codes: Codes) -> pd.DataFrame:
    """The pairs of actors with a relation, each once, as ``source`` and
    ``target`` ids: all that `network_positions` reads of the relations."""
    ends = codes.pairs.T
    return pd.DataFrame(
        {
            "source": text_array(codes.actors, ends[0]),
            "target": text_array(codes.actors, ends[1]),
        }
    )


def _state_codes(actors: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """The code (a place in ``ids``) of each actor's state, in the order of
    ``ids``; -1 for an actor whose country has no state in the data."""
    state_of = states_of(actors)
    return pd.Index(ids).get_indexer([state_of.get(actor) for actor in ids.tolist()])


def per_data(maxsize: int) -> Callable:
    """`functools.lru_cache` for a function of (data, ...), its results kept on
    the data (`AppData.kept`), ``maxsize`` of them per data set.

    Kept in a cache of the module, keyed on the data, a data set reloaded away
    (core/live.py) stayed reachable until ``maxsize`` newer keys pushed it out:
    a server whose events update every 15 minutes held twenty data sets (1.3
    GB at 100,000 relations) after five hours. Kept on the data, what was
    worked out from it goes with it.
    """

    def decorate(function: Callable) -> Callable:
        @wraps(function)
        def kept(data: AppData, *args, **kwargs):
            cached = data.kept.get(kept)
            if cached is None:
                # the data by a weak reference: its cache holding it would make
                # a cycle, freed only by the collector, never once frozen
                # (web/app.py `settle`)
                ref = weakref.ref(data)
                cached = data.kept.setdefault(
                    kept,
                    lru_cache(maxsize)(lambda *a, **k: function(ref(), *a, **k)),
                )
            return cached(*args, **kwargs)

        kept.cache_info = lambda data: data.kept[kept].cache_info()
        return kept

    return decorate


@per_data(maxsize=64)
def view_of(data: AppData, query: str | None) -> View:
    """The View a query string names, checked against the data (invalid
    parameters fall back to defaults and are listed in ``View.notices``).
    Kept: every callback of one interaction reads the same query."""
    return parse_query(
        query, span=data.span, choices=data.choices, actors=data.names,
        aliases=data.dataset.merged,
    )  # fmt: skip


def shown_view(data: AppData, view: View) -> Shown:
    """``view`` applied to the data, once per view and process: the figures,
    the details card, the tables and the exports of one interaction share it.
    The figures and the details card ask at the same moment, from two
    requests: a lock makes the second wait for the first's answer."""
    with _showing:
        return _shown_view(data, view)


_showing = threading.Lock()


#: A few views: the one on screen and those an analyst goes back to; each
#: can hold a table of a large window's rows (100 MB at 100,000 relations).
@per_data(maxsize=4)
def _shown_view(data: AppData, view: View) -> Shown:
    return show(
        data.dataset, view, data.names, codes=data.codes,
        spans=day_spans(data, view.states),
    )  # fmt: skip


@per_data(maxsize=2)
def day_spans(data: AppData, states: bool) -> DaySpans | None:
    """The days of the relations a view draws from (``states``: those
    redrawn between states), for its window: made once per data set."""
    dataset = data.dataset
    return DaySpans.of(dataset.between_states if states else dataset.relations)
