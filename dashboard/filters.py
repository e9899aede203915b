"""What the filters leave on screen: one pure function from the view to two tables."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dashboard.graph import active_between, collapse_to_states

__all__ = ["visible"]


def visible(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    *,
    start: date | str | None,
    end: date | str | None,
    kinds: list[str] | tuple[str, ...] | None = None,
    actor_kinds: list[str] | tuple[str, ...] | None = None,
    confidence: list[str] | tuple[str, ...] | None = None,
    states_only: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(actors, relations) to draw: the window, then kinds, actor kinds, confidence.

    None for a filter means no filtering. In the states-only view, persons and
    organisations are merged into their state and only states are drawn.
    """
    shown = active_between(relations, start, end)
    mask = np.ones(len(shown), dtype=bool)
    if kinds is not None:
        mask &= np.isin(shown["kind"].to_numpy(), list(kinds))
    if confidence is not None:
        mask &= np.isin(shown["confidence"].to_numpy(), list(confidence))
    if actor_kinds is not None:
        allowed = actors.loc[actors["kind"].isin(actor_kinds), "id"].to_numpy()
        mask &= np.isin(shown["source"].to_numpy(), allowed)
        mask &= np.isin(shown["target"].to_numpy(), allowed)
    if not mask.all():  # a copy of 100,000 rows costs a callback 10 ms
        shown = shown[mask]
    if states_only:
        return actors[actors["kind"] == "state"], collapse_to_states(actors, shown)
    if actor_kinds is not None:
        actors = actors[actors["kind"].isin(actor_kinds)]
    return actors, shown
