"""What a view's counts need said beside them, in the header and in an
image's filter line: a path that found no chain, a focus the filters hide.
Words, so they live with the data they describe (the figures only draw)."""

from __future__ import annotations

import numpy as np

from dashboard.core.describe import plural, with_article
from dashboard.core.filters import FILTERS, filtered
from dashboard.core.graph import active_mask, state_of
from dashboard.core.model import AppData
from dashboard.core.text import isolated
from dashboard.core.view import Shown, View

__all__ = ["hidden_focus_words", "left_out_words", "no_chain_words"]


def hidden_focus_words(data: AppData, view: View, shown: Shown) -> str:
    """What a focus the filters hide says, short for the header ("Maduro
    hidden: a person", "CIAN hidden: no state"; the details card says more):
    the view is shown as without it (`show`); "" else."""
    if not shown.focus_hidden:
        return ""
    name = isolated(str(data.names.get(view.focus, view.focus)))
    if shown.focus_hidden == "states":
        return f"{name} hidden: no state"
    actors = data.dataset.actors
    kinds = actors.loc[actors["id"] == view.focus, "kind"]
    kind = f": {with_article(kinds.iloc[0])}" if len(kinds) else ""
    return f"{name} hidden{kind}"


def no_chain_words(data: AppData, view: View, shown: Shown) -> str:
    """What a path that found no chain says, and why its ends may be drawn
    faded (an actor with no relation in the window is): the page said it
    only in the Path tab, hidden when presenting, and an image not at all.
    "" when there is no path, or it found a chain."""
    if not view.path or shown.path is None or shown.path.paths:
        return ""
    ends = [state_of(data.dataset.actors, end) if view.states else end
            for end in view.path]  # fmt: skip
    # a right-to-left name isolated: the header's words keep their order
    names = [isolated(str(data.names.get(end, end))) for end in ends]
    relations = shown.relations
    touched = set(relations["source"].tolist()) | set(relations["target"].tolist())
    lonely = [name for end, name in zip(ends, names) if end not in touched]
    # a focus's neighbourhood shows only what is near it: an end with
    # relations of its own was said to have none, the neighbourhood unnamed
    # (the chain itself is sought in the whole window)
    within = ""
    if view.depth and view.focus and not shown.focus_hidden:
        focus = isolated(str(data.names.get(view.focus, view.focus)))
        steps = plural(view.depth, "step")
        within = f" within {steps} of {focus}"
    if len(lonely) == 2:
        return (
            f"no chain: neither {names[0]} nor {names[1]} has a relation shown{within}"
        )
    if lonely:
        return f"no chain: {lonely[0]} has no relation shown{within}"
    return f"no chain links {names[0]} and {names[1]}"


def left_out_words(data: AppData, view: View) -> str:
    """How many of the window's relations the states-only view leaves out
    (`Dataset.left_out_of_states`: an actor with no state, or both ends in
    one), through the same filters: 25 relations were shown of 27 in every
    other view, and nothing said where the two had gone. "" when none."""
    if not view.states:
        return ""
    left = data.dataset.left_out_of_states
    if left.empty:
        return ""
    chosen = {spec.field: getattr(view, spec.field) for spec in FILTERS}
    rows = active_mask(left, view.start, view.end)
    count = int(np.count_nonzero(filtered(left, rows, chosen)))
    if not count:
        return ""
    return f"{plural(count, 'relation')} left out: no state, or within one"
