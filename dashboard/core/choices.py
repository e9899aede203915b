"""One click on a filter: keep only a stance, a relation kind, a confidence
level or a kind of actor (a second click restores all), remove a filter;
and the few words that name each active filter, for the page's chips and
the images."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from dashboard.core.dates import format_partial
from dashboard.core.filters import FILTERS
from dashboard.core.text import isolated
from dashboard.core.view import View

__all__ = ["CHIPS", "filter_words", "keep_only", "only", "without_filter"]

#: What the header's chips name, in their order, with the value that lets
#: everything through: each filter of the table, then the focus's
#: neighbourhood, which keeps relations out too, then a path and a change's
#: split, which the figures show only as rings and emphasis (the page named
#: neither when presenting, while its images did).
CHIPS = {spec.field: spec.everything for spec in FILTERS} | {
    "depth": 0,
    "path": None,
    "compare": None,
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
    choice filter (core/filters.py), e.g. kinds, actor_kinds, confidence.

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
            (spec.field for spec in FILTERS
             if spec.shape == "choice" and name in every.get(spec.field, ())),
            None,
        )  # fmt: skip
        picked = [name]
    if field is None:
        return None
    return replace(view, **{field: only(getattr(view, field), picked, every[field])})


def without_filter(view: View, field: str) -> View:
    """``view`` with the filter ``field`` (one of CHIPS) removed."""
    if field not in CHIPS:
        return view
    return replace(view, **{field: CHIPS[field]})


def filter_words(
    view: View,
    names: dict[str, str] | None = None,
    *,
    kind_groups: dict[str, list[str]] | None = None,
    every: dict[str, Sequence[str]] | None = None,
) -> dict[str, str]:
    """Each active filter of ``view`` in a few words, by field, in the order
    of CHIPS: ``{"kinds": "conflictual only", "confidence": "confirmed
    only"}``. ``kind_groups`` (relation kinds by stance) and ``every`` (each
    filter's values, by field) make them shorter: "conflictual only" for all
    the conflictual kinds, "without support" for all kinds but one.

    >>> from datetime import date
    >>> filter_words(View(date(2025, 1, 1), date(2025, 2, 1), confidence=("confirmed",),
    ...                   states=True, min_sources=2))
    {'confidence': 'confirmed only', 'min_sources': '2+ sources', 'states': 'states only'}
    """
    every, kind_groups = every or {}, kind_groups or {}
    words = {
        spec.field: spec.words(value, every.get(spec.field), kind_groups)
        for spec in FILTERS
        if (value := getattr(view, spec.field)) != spec.everything
    }
    if view.depth and view.focus:
        focus = isolated(str((names or {}).get(view.focus, view.focus)))
        steps = f"{view.depth} step{'' if view.depth == 1 else 's'}"
        words["depth"] = f"within {steps} of {focus}"
    if view.path:
        ends = (isolated(str((names or {}).get(end, end))) for end in view.path)
        words["path"] = "path " + " → ".join(ends)
    if view.compare:
        words["compare"] = f"change at {format_partial(view.compare, 'day')}"
    return words
