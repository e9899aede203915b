"""Words for people: labels and hover texts for actors and relations.

Labels and names are plain text; a hover text is Plotly markup, its data text
escaped here (`text.markup`), once.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from dashboard.core.aggregate import Pairs
from dashboard.core.codes import STANCE_ORDER
from dashboard.core.text import markup

__all__ = [
    "ACTOR_FIELDS",
    "RELATION_FIELDS",
    "actor_label",
    "actor_options",
    "matching_options",
    "plural",
    "quote_or_summary",
    "records",
    "relation_hover",
    "wrap",
]

#: The columns figures read; converting only these to dicts keeps callbacks fast.
ACTOR_FIELDS = ("id", "name", "label", "kind", "country", "role")
RELATION_FIELDS = (
    "id",
    "source",
    "target",
    "kind",
    "stance",
    "confidence",
    "date_label",
    "reported_by",
    "quote",
    "summary",
    "hover",
)


def records(frame: pd.DataFrame, fields: tuple[str, ...]) -> list[dict]:
    """Rows as dicts, with only ``fields`` (those the frame has).

    Column lists zipped by hand: several times faster than DataFrame.to_dict
    on small frames, which matters inside a callback.
    """
    columns = [f for f in fields if f in frame.columns]
    values = [frame[column].tolist() for column in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def actor_label(actor: dict | pd.Series) -> str:
    """The short label drawn on figures: ``label`` when given, else the name."""
    label = actor.get("label", "") if hasattr(actor, "get") else ""
    return str(label) if isinstance(label, str) and label else str(actor["name"])


def actor_options(actors: list[dict]) -> list[dict]:
    """Menu options for actors: full names, with the short label where it
    differs, sorted by name."""
    return [
        {
            "label": a["name"]
            if actor_label(a) == a["name"]
            else f"{a['name']} ({actor_label(a)})",
            "value": a["id"],
        }
        for a in sorted(actors, key=lambda a: a["name"])
    ]


def matching_options(
    options: list[dict], text: str | None, chosen: str | None, limit: int = 30
) -> list[dict]:
    """The options whose label contains ``text`` (any case), at most ``limit``,
    and always the chosen one, so that the menu can show it.

    >>> people = [{"label": "Vladimir Putin", "value": "putin"},
    ...           {"label": "Nicolás Maduro", "value": "maduro"}]
    >>> matching_options(people, "put", "maduro")
    [{'label': 'Vladimir Putin', 'value': 'putin'}, {'label': 'Nicolás Maduro', 'value': 'maduro'}]
    """
    needle = (text or "").strip().lower()
    found = [o for o in options if needle and needle in o["label"].lower()][:limit]
    if chosen and all(o["value"] != chosen for o in found):
        found += [o for o in options if o["value"] == chosen]
    return found


def quote_or_summary(relation) -> str:
    """A relation's verbatim quote, or its summary when it has none."""
    quote = relation.get("quote")
    if isinstance(quote, str) and quote:
        return quote
    summary = relation.get("summary")
    return summary if isinstance(summary, str) else ""


def plural(count: int, noun: str) -> str:
    """``1 relation``, ``2 relations``, ``41,300 relations``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def wrap(text: str, width: int = 60) -> str:
    """Long text as Plotly markup for a hover label (which only breaks on
    <br>): escaped, wrapped at ``width``.

    >>> wrap("Trade <and> transport ties", 12)
    'Trade &lt;and&gt;<br>transport<br>ties'
    """
    if not text:
        return ""
    text = str(text)
    if len(text) <= width and text.isprintable() and text == text.strip():
        # what textwrap returns, ten times sooner (100,000 at start-up)
        return markup(text)
    return "<br>".join(markup(line) for line in textwrap.wrap(text, width))


def relation_hover(relation: dict | pd.Series, names: dict[str, str]) -> str:
    """A relation as a hover label (Plotly markup, every text of the data
    escaped): who, what, when, how sure, who said so, the quote."""
    source = markup(names.get(relation["source"], relation["source"]))
    target = markup(names.get(relation["target"], relation["target"]))
    by = relation.get("reported_by")
    lines = [
        f"<b>{source} → {target}</b>: {relation['kind']} ({relation['stance']})",
        f"{relation['date_label']} · {relation['confidence']}"
        + (f" · {markup(by)}" if by else ""),
    ]
    if relation.get("quote"):
        lines.append("<i>“" + wrap(relation["quote"], 64) + "”</i>")
    elif relation.get("summary"):
        lines.append(wrap(relation["summary"], 64))
    return "<br>".join(lines)


def window_label(start, end) -> str:
    """``21 Nov – 11 Dec 2025``; the year is said once when both ends share it,
    and a window of one day is that day (a step of Play can be one).

    >>> from datetime import date
    >>> window_label(date(2025, 12, 11), date(2025, 12, 11))
    '11 Dec 2025'
    """
    if start == end:
        return f"{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def summarise_view(start, end, pairs: Pairs, names: dict[str, str]) -> str:
    """A plain-language summary of what is shown, for screen readers and captions:
    the window, how many relations among how many actors, the busiest pairs.

    >>> from datetime import date; from dashboard.core.codes import encode
    >>> from dashboard.core.aggregate import count_pairs
    >>> rows = pd.DataFrame({"source": ["a"], "target": ["b"],
    ...     "stance": ["cooperative"], "confidence": ["confirmed"]})
    >>> summarise_view(date(2025, 11, 21), date(2025, 12, 11),
    ...     count_pairs(encode(rows)), {"a": "A", "b": "B"})
    '21 Nov – 11 Dec 2025: 1 relation among 2 actors; A–B: 1 cooperative.'
    """
    window = window_label(start, end)
    if not pairs.relations:
        return f"{window}: no relations shown."
    parts = []
    for pair in pairs.ranked[:4]:
        a, b = pairs.actors[pairs.a[pair]], pairs.actors[pairs.b[pair]]
        label = "–".join(sorted((names.get(a, a), names.get(b, b))))
        mix = sorted(
            (-int(n), stance)
            for stance, n in zip(STANCE_ORDER, pairs.stances[pair])
            if n
        )
        parts.append(f"{label}: " + ", ".join(f"{-n} {s}" for n, s in mix))
    return (
        f"{window}: {plural(pairs.relations, 'relation')} among "
        f"{plural(pairs.involved, 'actor')}; " + "; ".join(parts) + "."
    )


def make_subtitle(states: list[str]) -> str:
    """``Who backs whom: Russia, Belarus and Venezuela`` (or how many states)."""
    if not states:
        return "Who backs whom"
    if len(states) > 6:
        return f"Who backs whom among {len(states)} states"
    named = [f"the {name}" if name.startswith("United") else name for name in states]
    listed = (
        named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    )
    return f"Who backs whom: {listed}"
