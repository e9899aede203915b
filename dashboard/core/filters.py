"""The view's filters, as one table: for each, its field on the View, its URL
parameter, the value that lets everything through, the values it offers, the
rows it keeps and its words on the page's chips and the images.

The link (core/urlstate.py), the rows shown (core/view.py), the chips and the
captions (core/choices.py) and the controls (web/controls.py) all read this
table, so a filter is added here, as a field on `View` and as a control.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.core.graph import collapse_to_states
from dashboard.core.vocabulary import ACTOR_KINDS, CONFIDENCE_LEVELS

__all__ = ["FILTERS", "Filter", "filtered", "visible"]

#: The words of one filter's value: (value, every value it offers or None,
#: relation kinds by stance) -> "conflictual only".
Words = Callable[[object, Sequence[str] | None, dict[str, list[str]]], str]


@dataclass(frozen=True)
class Filter:
    """One filter of the View.

    Its shape follows from what it offers: ``values`` (read from the data:
    a choice among them, kept as a tuple, None for all), ``levels`` (a
    number: at least that many) or neither (a switch, on or off).
    """

    field: str  # the View's field
    param: str  # the URL parameter
    everything: object  # the value that keeps every row
    words: Words
    #: the relations' column it keeps rows by (None: `visible` applies it)
    column: str | None = None
    values: Callable[[pd.DataFrame, pd.DataFrame], list[str]] | None = None
    levels: tuple[int, ...] = ()

    @property
    def shape(self) -> str:
        """ "choice", "level" or "switch"."""
        return "choice" if self.values else "level" if self.levels else "switch"


def _kinds_words(chosen, every, kind_groups) -> str:
    """The relation kinds kept, in few words."""
    if not chosen:
        return "no relation kinds"
    kept = set(chosen)
    stances = [s for s, kinds in kind_groups.items() if kinds and set(kinds) <= kept]
    if stances and kept == {k for s in stances for k in kind_groups[s]}:
        return " and ".join(stances) + " only"
    if len(chosen) == 1:
        return f"{chosen[0]} only"
    missing = [kind for kind in every or () if kind not in kept]
    if every and not missing:  # every kind, named one by one
        return "all relation kinds"
    if every and len(missing) <= 2:
        return "without " + ", ".join(missing)
    if len(chosen) <= 3 or not every:
        return ", ".join(chosen) + " only"
    return f"{len(chosen)} of {len(every)} relation kinds"


def _actor_words(chosen, every, kind_groups) -> str:
    if len(chosen) == 1:
        return f"{chosen[0]} actors only"
    return "actors: " + (", ".join(chosen) or "none")


def _confidence_words(chosen, every, kind_groups) -> str:
    return " or ".join(chosen) + " only" if chosen else "no confidence level"


def _in_order(column: pd.Series) -> list[str]:
    """The distinct values of ``column`` in the order they first appear
    (hashed a column at a time: a million rows one by one took half a
    second).

    >>> _in_order(pd.Series(["b", "a", "b"]))
    ['b', 'a']
    """
    return column.unique().tolist()


FILTERS: tuple[Filter, ...] = (
    Filter(
        "kinds", "kinds", None, _kinds_words, column="kind",
        values=lambda actors, relations: sorted(set(relations["kind"].unique())),
    ),
    Filter(
        "actor_kinds", "actors", None, _actor_words,
        values=lambda actors, relations: [
            kind for kind in ACTOR_KINDS if kind in set(actors["kind"])
        ],
    ),
    Filter(
        "confidence", "confidence", None, _confidence_words, column="confidence",
        values=lambda actors, relations: list(CONFIDENCE_LEVELS),
    ),
    Filter(
        "min_sources", "sources", 1, lambda n, every, groups: f"{n}+ sources",
        column="sources", levels=(1, 2, 3),
    ),
    Filter(
        "origins", "origins", None,
        lambda chosen, every, groups: "data: " + (", ".join(chosen) or "none"),
        column="origin",
        values=lambda actors, relations: _in_order(relations["origin"]),
    ),
    Filter("states", "states", False, lambda on, every, groups: "states only"),
)  # fmt: skip


def filtered(table: pd.DataFrame, rows: np.ndarray, chosen: dict) -> np.ndarray:
    """``rows`` (a boolean array over ``table``) narrowed by each filter of
    the table that keeps rows by a column, with its value in ``chosen`` (by
    field); a value that lets everything through costs nothing."""
    for spec in FILTERS:
        value = chosen.get(spec.field, spec.everything)
        if spec.column is None or value == spec.everything:
            continue
        column = table[spec.column].to_numpy()
        if spec.shape == "level":
            rows &= column >= value
        else:
            rows &= np.isin(column.astype(object), list(value))
    return rows


def visible(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    *,
    actor_kinds: list[str] | tuple[str, ...] | None = None,
    states_only: bool = False,
    between_states: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """(actors, table, rows): the actors to draw, and the relations the actor
    kinds keep, as the rows of ``table`` where ``rows`` (a boolean array) is
    true; the filters by a column of the relations are `filtered`'s.

    None for ``actor_kinds`` means no filtering. In the states-only view,
    persons and organisations are merged into their state and only states are
    drawn, and ``table`` holds the relations redrawn between states.

    A mask rather than a table: copying the rows of 100,000 relations costs a
    callback 25 ms, and the figures of a large window need only their codes.
    ``between_states``: the relations already redrawn between states, if made.
    """
    if states_only:
        relations = (
            collapse_to_states(actors, relations)
            if between_states is None
            else between_states
        )
    rows = np.ones(len(relations), dtype=bool)
    if actor_kinds is not None:
        allowed = actors.loc[actors["kind"].isin(actor_kinds), "id"].to_numpy()
        # the actors themselves, also where the states-only view merged them
        ends = ("via_source", "via_target") if states_only else ("source", "target")
        for end in ends:
            rows &= np.isin(relations[end].to_numpy(dtype=object), allowed)
    if states_only:
        return actors[actors["kind"] == "state"], relations, rows
    if actor_kinds is not None:
        actors = actors[actors["kind"].isin(actor_kinds)]
    return actors, relations, rows
