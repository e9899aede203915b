"""What the filters leave on screen: one pure function from the filters to the
actors and the rows of relations they keep."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.core.graph import collapse_to_states

__all__ = ["visible"]


def visible(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    *,
    kinds: list[str] | tuple[str, ...] | None = None,
    actor_kinds: list[str] | tuple[str, ...] | None = None,
    confidence: list[str] | tuple[str, ...] | None = None,
    states_only: bool = False,
    between_states: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """(actors, table, rows): the actors to draw, and the relations the filters
    (kinds, actor kinds, confidence) keep, as the rows of ``table`` where
    ``rows`` (a boolean array) is true.

    None for a filter means no filtering. In the states-only view, persons and
    organisations are merged into their state and only states are drawn, and
    ``table`` holds the relations redrawn between states.

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
    if kinds is not None:
        rows &= np.isin(relations["kind"].to_numpy(dtype=object), list(kinds))
    if confidence is not None:
        rows &= np.isin(
            relations["confidence"].to_numpy(dtype=object), list(confidence)
        )
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
