"""One click on a filter: keep only a stance, a relation kind, a confidence
level or a kind of actor (a second click restores all), remove a filter;
and the few words that name each active filter, for the page's chips and
the images."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from dashboard.core.view import View

__all__ = ["FILTERS", "filter_words", "keep_only", "only", "without_filter"]

#: The filters of a View that keep relations out, in the order they are
#: named (the header's chips), with the value that lets everything through.
FILTERS = {
    "kinds": None,
    "actor_kinds": None,
    "confidence": None,
    "min_sources": 1,
    "origins": None,
    "states": False,
    "depth": 0,
}


def only(
    chosen: Sequence[str] | None, picked: Iterable[str], every: Sequence[str]
) -> tuple[str, ...] | None:
    """The choice that keeps only ``picked`` of ``every``, in the order of
    ``every``; everything again (None) when it keeps only those already, so
    that a second click restores.

    >>> only(None, ["b"], ["a", "b", "c"]), only(("b",), ["b"], ["a", "b", "c"])
    (('b',), None)
    """
    picked = set(picked)
    kept = [item for item in every if item in picked]
    current = list(every) if chosen is None else [i for i in every if i in chosen]
    if not kept or kept == current or len(kept) == len(every):
        return None
    return tuple(kept)


def keep_only(
    view: View,
    name: str,
    *,
    kind_groups: dict[str, list[str]],
    every: dict[str, Sequence[str]],
) -> View | None:
    """``view`` keeping only what ``name`` stands for, on a second click
    everything again: a stance (its relation kinds), a relation kind, a
    confidence level or a kind of actor. None when ``name`` is none of them
    (the legend's other entries). ``every`` holds each filter's values by
    field: kinds, actor_kinds, confidence.

    >>> from datetime import date
    >>> view = View(date(2025, 1, 1), date(2025, 12, 31))
    >>> keep_only(view, "conflictual", kind_groups={"conflictual": ["threat"]},
    ...           every={"kinds": ["call", "threat"]}).kinds
    ('threat',)
    """
    if name in kind_groups and kind_groups[name]:
        picked, field = kind_groups[name], "kinds"
    else:
        field = next(
            (field for field in ("kinds", "confidence", "actor_kinds")
             if name in every.get(field, ())),
            None,
        )  # fmt: skip
        picked = [name]
    if field is None:
        return None
    return replace(view, **{field: only(getattr(view, field), picked, every[field])})


def without_filter(view: View, field: str) -> View:
    """``view`` with the filter ``field`` (one of FILTERS) removed."""
    if field not in FILTERS:
        return view
    return replace(view, **{field: FILTERS[field]})


def filter_words(
    view: View,
    names: dict[str, str] | None = None,
    *,
    kind_groups: dict[str, list[str]] | None = None,
    every: dict[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """Each active filter of ``view`` in a few words, by field, in the order
    of FILTERS: ``{"kinds": "conflictual only", "confidence": "confirmed
    only"}``. ``kind_groups`` (relation kinds by stance) and ``every`` (each
    filter's values, by field) make them shorter: "conflictual only" for all
    the conflictual kinds, "without support" for all kinds but one.

    >>> from datetime import date
    >>> filter_words(View(date(2025, 1, 1), date(2025, 2, 1), confidence=("confirmed",),
    ...                   states=True, min_sources=2))
    {'confidence': 'confirmed only', 'min_sources': '2+ sources', 'states': 'states only'}
    """
    every = every or {}
    words = {}
    if view.kinds is not None:
        words["kinds"] = _kinds_words(view.kinds, kind_groups or {}, every.get("kinds"))
    if view.actor_kinds is not None:
        chosen = view.actor_kinds
        words["actor_kinds"] = (
            f"{chosen[0]} actors only" if len(chosen) == 1
            else "actors: " + (", ".join(chosen) or "none")
        )  # fmt: skip
    if view.confidence is not None:
        words["confidence"] = (
            " or ".join(view.confidence) + " only"
            if view.confidence
            else "no confidence level"
        )
    if view.min_sources > 1:
        words["min_sources"] = f"{view.min_sources}+ sources"
    if view.origins is not None:
        words["origins"] = "data: " + (", ".join(view.origins) or "none")
    if view.states:
        words["states"] = "states only"
    if view.depth and view.focus:
        focus = (names or {}).get(view.focus, view.focus)
        steps = f"{view.depth} step{'' if view.depth == 1 else 's'}"
        words["depth"] = f"within {steps} of {focus}"
    return words


def _kinds_words(
    chosen: Sequence[str],
    kind_groups: dict[str, list[str]],
    every: Sequence[str] | None,
) -> str:
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
    if every and len(missing) <= 2:
        return "without " + ", ".join(missing)
    if len(chosen) <= 3 or not every:
        return ", ".join(chosen) + " only"
    return f"{len(chosen)} of {len(every)} relation kinds"
