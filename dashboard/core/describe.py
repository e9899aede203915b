"""Words for people: labels and hover texts for actors and relations.

Labels and names are plain text; a hover text is Plotly markup, its data text
escaped here (`text.markup`), once.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.core.aggregate import Pairs
from dashboard.core.codes import STANCE_ORDER
from dashboard.core.columns import ARROW_TEXT, joined_chunks
from dashboard.core.text import folded, isolated, markup, shortened

__all__ = [
    "ACTOR_FIELDS",
    "RELATION_FIELDS",
    "actor_label",
    "actor_options",
    "chains_words",
    "event_line",
    "matching_options",
    "menu_options",
    "pair_hover",
    "plural",
    "quote_or_summary",
    "records",
    "relation_hover",
    "source_line",
    "relation_hovers",
    "with_article",
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
    differs, sorted by name. A name with accents, or written decomposed
    (NFD), also has a ``search`` text (composed, and `folded`) for the
    menu's own search and `matching_options`: "nicolas" found no "Nicolás".

    >>> actor_options([{"id": "m", "name": "Nicolás Maduro", "label": "Maduro"}])
    [{'label': 'Nicolás Maduro (Maduro)', 'value': 'm', 'search': 'nicolás maduro (maduro) nicolas maduro (maduro)'}]
    """
    options = []
    actors = sorted(actors, key=lambda a: a["name"])
    labels = [
        a["name"] if actor_label(a) == a["name"] else f"{a['name']} ({actor_label(a)})"
        for a in actors
    ]
    for a, label in zip(actors, _told_apart(actors, labels), strict=True):
        option = {"label": label, "value": a["id"]}
        composed = unicodedata.normalize("NFC", label).casefold()
        if folded(label) != label.casefold() or composed != label.casefold():
            option["search"] = f"{composed} {folded(label)}"
        options.append(option)
    return options


def _told_apart(actors: list[dict], labels: list[str]) -> list[str]:
    """``labels`` with the country code after each one that two actors share
    (two "Ministry of Defence" were the same option twice), and the id after
    one still shared.

    >>> _told_apart([{"id": "a", "country": "RUS"}, {"id": "b", "country": "BLR"},
    ...              {"id": "c", "country": "BLR"}], ["MoD", "MoD", "MoD"])
    ['MoD · RUS', 'MoD · BLR · b', 'MoD · BLR · c']
    """
    for part in ("country", "id"):
        counts = Counter(labels)
        labels = [
            f"{label} · {a.get(part) or '?'}" if counts[label] > 1 else label
            for a, label in zip(actors, labels, strict=True)
        ]
    return labels


def matching_options(
    options: list[dict], text: str | None, chosen: str | None, limit: int = 30
) -> list[dict]:
    """The options whose label contains ``text`` (any case, with or without
    accents on either side: `folded`), at most ``limit``, and always the
    chosen one, so that the menu can show it.

    The menu searches the options it is given again, for the letters typed
    (in any case): an option found for a text with accents or other letters
    that `folded` changes gets that text in its ``search``, or the menu hid
    "Lukashenko" found for "Lukashénko".

    >>> people = [{"label": "Vladimir Putin", "value": "putin"},
    ...           {"label": "Nicolás Maduro", "value": "maduro",
    ...            "search": "nicolás maduro nicolas maduro"}]
    >>> matching_options(people, "put", "maduro") == people
    True
    >>> [o["value"] for o in matching_options(people, "NICOLÁS", None)]
    ['maduro']
    >>> matching_options(people, "Pútin", None)
    [{'label': 'Vladimir Putin', 'value': 'putin', 'search': 'vladimir putin Pútin'}]
    """
    typed = (text or "").strip()
    needle = folded(typed)
    found = [
        o
        for o in options
        if needle and needle in o.get("search", o["label"].casefold())
    ][:limit]
    if not typed.isascii():
        found = [
            {**o, "search": f"{o.get('search', o['label'].casefold())} {typed}"}
            for o in found
        ]
    if chosen and all(o["value"] != chosen for o in found):
        found += [o for o in options if o["value"] == chosen]
    return found


def menu_options(
    options: list[dict], text: str | None, chosen: str | None, every: bool
) -> list[dict]:
    """What a searchable actor menu offers for ``text`` typed: the options
    that match (`matching_options`); with nothing typed, only the chosen one,
    or every option when ``every`` (data small enough to offer every name:
    all that match are offered too)."""
    if every:
        if not (text or "").strip():
            return options
        return matching_options(options, text, chosen, limit=len(options))
    return matching_options(options, text, chosen)


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


def with_article(noun: str) -> str:
    """``noun`` after "a", or "an" before a vowel's letter (the actors'
    kinds: person, state, organization, company).

    >>> with_article("person"), with_article("organization")
    ('a person', 'an organization')
    """
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


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


#: The most characters of a line of a hover: quotes and summaries are
#: wrapped there, a first line (who → whom: kind (stance)) broken after its
#: arrow, a map arc's quote and reporter cut to it; and of a reporter. ICEWS'
#: long names ("High Ranking Military Personnel (Vietnam)") and its lists of
#: up to ten publishers made hovers wider than the map at 1280x720, cut off.
HOVER_LINE = 64
HOVER_REPORTER = 32


def _reporter(by: str) -> str:
    """A reporter as a hover shows it: cut at `HOVER_REPORTER` characters (the
    details give it whole)."""
    return markup(shortened(by, HOVER_REPORTER))


def relation_hover(relation: dict | pd.Series, names: dict[str, str]) -> str:
    """A relation as a hover label (Plotly markup, every text of the data
    escaped): who, what, when, how sure, who said so, the quote."""
    source = markup(names.get(relation["source"], relation["source"]))
    target = markup(names.get(relation["target"], relation["target"]))
    by = relation.get("reported_by")
    title = len(source) + len(target) + len(relation["kind"]) + len(relation["stance"])
    between = " → " if title + 8 <= HOVER_LINE else " →<br>"
    lines = [
        f"<b>{source}{between}{target}</b>: {relation['kind']} ({relation['stance']})",
        f"{relation['date_label']} · {relation['confidence']}"
        + (f" · {_reporter(by)}" if by else ""),
    ]
    if relation.get("quote"):
        lines.append("<i>“" + wrap(relation["quote"], HOVER_LINE) + "”</i>")
    elif relation.get("summary"):
        lines.append(wrap(relation["summary"], HOVER_LINE))
    return "<br>".join(lines)


#: At most this many relations in a map arc's hover: four with their whole
#: quotes hid the whole map at 1280x720. The details panel, a click away,
#: has them.
PAIR_HOVER_RELATIONS = 4


def pair_hover(rows: list[dict], names: dict[str, str]) -> str:
    """The hover of a map arc: the relations of its pair (``rows``, in date
    order). One is shown whole (`relation_hover`); several two lines each,
    the latest `PAIR_HOVER_RELATIONS`: when, what, how sure, who said so,
    and the start of the quote.

    >>> rows = [{"source": "a", "target": "b", "kind": kind, "stance": "neutral",
    ...          "date_label": day, "confidence": "reported", "reported_by": "TASS",
    ...          "quote": quote}
    ...         for kind, day, quote in (("call", "1 Dec 2025", "They spoke"),
    ...                                  ("meeting", "3 Dec 2025", "x " * 40))]
    >>> rows[1]["source"], rows[1]["target"] = "b", "a"
    >>> print(pair_hover(rows, {"a": "A", "b": "B"}).replace("<br>", "\\n"))
    <b>A ⇄ B</b>: 2 relations
    → 1 Dec 2025: call (neutral), reported
    <i>“They spoke”</i> · TASS
    ← 3 Dec 2025: meeting (neutral), reported
    <i>“x x x x x x x x x x x x x x x x x x x x x x x x x x x…”</i> · TASS
    Click an arc for its relations in the details
    """
    if len(rows) == 1:
        return rows[0].get("hover") or relation_hover(rows[0], names)
    first, second = rows[0]["source"], rows[0]["target"]
    one_way = all(row["source"] == first for row in rows)
    a, b = (isolated(str(names.get(actor, actor))) for actor in (first, second))
    arrow = "→" if one_way else "⇄"
    # the names wrapped as the quotes are: two of 120 characters made a line
    # three times the map's width, the whole hover cut off at its edges
    title = wrap(f"{a} {arrow} {b}", HOVER_LINE)
    lines = [f"<b>{title}</b>: {plural(len(rows), 'relation')}"]
    if len(rows) > PAIR_HOVER_RELATIONS:
        lines.append(f"… {plural(len(rows) - PAIR_HOVER_RELATIONS, 'earlier one')}")
    for row in rows[-PAIR_HOVER_RELATIONS:]:
        facts = (
            f"{row['date_label']}: {row['kind']} ({row['stance']}), {row['confidence']}"
        )
        if not one_way:
            facts = ("→ " if row["source"] == first else "← ") + facts
        lines.append(wrap(facts, HOVER_LINE))
        # the start of the quote (or summary) and who said so, on one line
        by = row.get("reported_by")
        by = shortened(by, HOVER_REPORTER) if isinstance(by, str) else ""
        words = quote_or_summary(row)
        quoted = bool(words) and words == row.get("quote")
        room = HOVER_LINE - len(by) - 3 * bool(by) - 2 * quoted  # " · ", “”
        said = markup(shortened(words, room)) if words else ""
        if quoted:
            said = f"<i>“{said}”</i>"
        lines.append(" · ".join(part for part in (said, markup(by)) if part))
    # a pair is drawn as an arc per stance and confidence: a click selects one
    lines.append("Click an arc for its relations in the details")
    return "<br>".join(lines)


def relation_hovers(
    relations: pd.DataFrame, names: dict[str, str]
) -> pd.api.extensions.ExtensionArray:
    """`relation_hover` of every row of ``relations`` (with the columns of
    `RELATION_FIELDS` but ``hover``), made a column at a time: each distinct
    actor, list of sources and text written once, a plain short text (most
    are) taken as it is, the pieces joined by Arrow. A million relations take
    about a second, not ten, and a third of the memory of Python strings.

    >>> rows = pd.DataFrame({"source": ["a"], "target": ["b"], "kind": ["call"],
    ...     "stance": ["neutral"], "date_label": ["1 Dec 2025"],
    ...     "confidence": ["reported"], "reported_by": ["TASS"],
    ...     "quote": [""], "summary": ["A & B talk"]})
    >>> list(relation_hovers(rows, {"a": "A"})) == [
    ...     relation_hover(rows.iloc[0].to_dict(), {"a": "A"})]
    True
    """
    labels: dict[str, str] = {}  # each actor's markup, written once

    def name_of(actor: str) -> str:
        if actor not in labels:
            labels[actor] = markup(names.get(actor, actor))
        return labels[actor]

    # a slice at a time: what the pieces take is a slice's, not the table's
    step = 200_000
    chunks = [
        _hovers_of(relations.iloc[start : start + step], name_of)
        for start in range(0, len(relations), step)
    ]
    # kept in Arrow: 130 bytes of UTF-8 each, where a Python string would
    # take 320 (the arrow makes it two bytes a character)
    hovers = pd.array(joined_chunks(chunks), dtype=ARROW_TEXT)
    pa.default_memory_pool().release_unused()  # the pieces', to the system
    return hovers


def _hovers_of(relations: pd.DataFrame, name_of) -> pa.Array:
    """`relation_hovers` of a slice of the relations."""

    def each(name: str, write) -> pa.Array:
        """``write`` of each distinct value of a column, for every row."""
        numbers, distinct = pd.factorize(
            _column(relations, name), use_na_sentinel=False
        )
        return pa.array([write(value) for value in distinct], _TEXTS).take(numbers)

    source, target = each("source", name_of), each("target", name_of)
    kind, stance = _texts(relations, "kind"), _texts(relations, "stance")
    title = pc.add(
        pc.add(pc.utf8_length(source), pc.utf8_length(target)),
        pc.add(pc.utf8_length(kind), pc.utf8_length(stance)),
    )
    between = pc.if_else(
        pc.greater(title, HOVER_LINE - 8),
        pa.scalar(" →<br>", _TEXTS),
        pa.scalar(" → ", _TEXTS),
    )
    pieces = [
        "<b>", source, between, target, "</b>: ", kind, " (", stance, ")<br>",
        _texts(relations, "date_label"), " · ", _texts(relations, "confidence"),
        each("reported_by", lambda by: f" · {_reporter(by)}" if _given(by) else ""),
        _last_lines(relations),
    ]  # fmt: skip
    joined = pc.binary_join_element_wise(
        *(pa.scalar(p, _TEXTS) if isinstance(p, str) else p for p in pieces),
        pa.scalar("", _TEXTS),
    )
    return joined.combine_chunks() if isinstance(joined, pa.ChunkedArray) else joined


_TEXTS = pa.large_string()
#: A text `wrap` gives back as it is: printable ASCII but for what markup
#: escapes, at most 64 characters, no space at either end (as RE2 reads it).
_PLAIN = r"^[!-%'-;=?-~](?:[ -%'-;=?-~]{0,62}[!-%'-;=?-~])?$"


def _given(value) -> bool:
    return isinstance(value, str) and bool(value)


def _column(relations: pd.DataFrame, name: str) -> pd.Series:
    """A column of texts, empty where the table has none."""
    if name not in relations:
        return pd.Series([""] * len(relations), dtype=object)
    return relations[name].fillna("")


def _texts(relations: pd.DataFrame, name: str) -> pa.ChunkedArray:
    """A column of texts as Arrow (no copy when Arrow holds it)."""
    column = _column(relations, name)
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        return column.array.__arrow_array__().cast(_TEXTS)
    return pa.chunked_array([pa.array(column.astype(str).to_numpy(object), _TEXTS)])


def _last_lines(relations: pd.DataFrame) -> pa.ChunkedArray:
    """The last line of each relation's hover: its quote, or its summary when
    it has none, wrapped; nothing when it has neither. A plain summary (see
    `_PLAIN`) is taken as it is; the others are wrapped one distinct text at
    a time."""
    quotes, summaries = _texts(relations, "quote"), _texts(relations, "summary")
    quoted = pc.not_equal(quotes, "").to_numpy()
    plain = ~quoted & pc.match_substring_regex(summaries, _PLAIN).to_numpy()
    lines = pc.if_else(
        pa.chunked_array([pa.array(plain)]),
        pc.binary_join_element_wise(
            pa.scalar("<br>", _TEXTS), summaries, pa.scalar("", _TEXTS)
        ),
        pa.scalar("", _TEXTS),
    )
    rest = np.flatnonzero(~plain & (quoted | pc.not_equal(summaries, "").to_numpy()))
    if not len(rest):
        return lines
    picked = pa.array(rest)
    pairs = pd.MultiIndex.from_arrays(
        [quotes.take(picked).to_pylist(), summaries.take(picked).to_pylist()]
    )
    numbers, distinct = pd.factorize(pairs)
    written = pa.array(
        [
            "<br><i>“" + wrap(quote, HOVER_LINE) + "”</i>" if quote
            else "<br>" + wrap(summary, HOVER_LINE)
            for quote, summary in distinct
        ],
        _TEXTS,
    )  # fmt: skip
    # every row's own line, but the others' from ``written``
    where = np.arange(len(relations))
    where[rest] = len(relations) + numbers
    everything = pa.chunked_array(lines.chunks + [written], _TEXTS)
    return everything.take(pa.array(where))


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


def chains_words(
    chains: list[list[str]],
    ends: tuple[str, str],
    names: dict[str, str],
    total: int = 0,
) -> tuple[str, list[str]]:
    """The shortest ``chains`` (actor ids) between ``ends`` in words: a
    heading and each chain, as the Path tab and a path's slide say them;
    ``total``: how many there are, when more than listed.

    >>> chains_words([["a", "x", "b"]], ("a", "b"), {"a": "A", "b": "B", "x": "X"})
    ('1 shortest chain of 2 steps from A to B', ['A → X → B'])
    >>> chains_words([["a", "x", "b"]], ("a", "b"), {}, total=11)[0]
    '1 of the 11 shortest chains of 2 steps from a to b'
    >>> chains_words([], ("a", "b"), {})[0]
    'No chain of relations links a and b in this window and filters.'
    """
    # each name in its own direction: a chain of right-to-left names read
    # the other way round, from its last actor to its first
    a, b = (isolated(str(names.get(end, end))) for end in ends)
    if not chains:
        return (
            f"No chain of relations links {a} and {b} in this window and filters.",
            [],
        )
    steps = len(chains[0]) - 1
    counted = (
        f"{len(chains)} of the {total:,} shortest chains"
        if total > len(chains)
        else f"{len(chains)} shortest chain{'s' if len(chains) > 1 else ''}"
    )
    heading = f"{counted} of {plural(steps, 'step')} from {a} to {b}"
    return heading, [
        " → ".join(isolated(str(names.get(actor, actor))) for actor in chain)
        for chain in chains
    ]


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
    # these four pairs' stances alone: not a table of every pair's
    for pair, stances in zip(pairs.ranked[:4], pairs.busiest_mixes(4)[1]):
        a, b = pairs.actors[pairs.a[pair]], pairs.actors[pairs.b[pair]]
        label = "–".join(
            isolated(str(n)) for n in sorted((names.get(a, a), names.get(b, b)))
        )
        mix = sorted((-int(n), stance) for stance, n in zip(STANCE_ORDER, stances) if n)
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
    named = [
        f"the {name}" if name.startswith("United") else isolated(name)
        for name in states
    ]
    listed = (
        named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    )
    return f"Who backs whom: {listed}"


def source_line(reported_by: object, document: object) -> str:
    """Who reported a relation and the document it is in, as one line; the
    reporter left out where the document starts with its name (the outlet
    that wrote it), which would say it twice.

    >>> source_line("Kremlin", "Guacamaya, 11 Dec 2025: Putin and Lukashenko")
    'Kremlin · Guacamaya, 11 Dec 2025: Putin and Lukashenko'
    >>> source_line("Guacamaya", "Guacamaya, 11 Dec 2025: Putin and Lukashenko")
    'Guacamaya, 11 Dec 2025: Putin and Lukashenko'
    >>> source_line("AP", "APA-OTS press release")
    'AP · APA-OTS press release'
    >>> source_line(None, "")
    ''
    >>> source_line("Kyodo;Reuters ;", "")
    'Kyodo; Reuters'
    """
    if isinstance(reported_by, str) and ";" in reported_by:
        # several reporters, as a spreadsheet leaves them: "Kyodo;Reuters"
        reported_by = "; ".join(
            name.strip() for name in reported_by.split(";") if name.strip()
        )
    parts = [part for part in (reported_by, document) if isinstance(part, str) and part]
    if len(parts) == 2:
        reporter, text = parts[0].casefold(), parts[1].casefold()
        after = text[len(reporter) : len(reporter) + 1]
        if (
            text.startswith(reporter) and not after.isalnum()
        ):  # a word, not 'AP' in 'APA'
            parts = parts[1:]
    # each part's direction marks end with it (an RLO of the reporter's
    # turned the document's title around)
    return " · ".join(isolated(part) for part in parts)


def event_line(event_ids: object, sentences: object = "", total: object = 0) -> str:
    """The event-data events behind a relation (its ``event_ids``), each with
    the story and sentence ICEWS coded it from (``story_sentences``, in the
    same order), and how many there are in all when ``total`` says more.

    >>> event_line("32891795;32892026", "47403208#3;47404321#3")
    '32891795 (story 47403208, sentence 3); 32892026 (story 47404321, sentence 3)'
    >>> event_line("410412686;410412687", "", "25")
    '410412686; 410412687 (the first 2 of 25)'
    >>> event_line("", "")
    ''
    """
    if not isinstance(event_ids, str) or not event_ids:
        return ""
    ids = event_ids.split(";")
    where = sentences.split(";") if isinstance(sentences, str) and sentences else []
    named = []
    for number, event in enumerate(ids):
        story, _, sentence = (where[number] if number < len(where) else "").partition(
            "#"
        )
        found = [f"story {story}"] if story else []
        found += [f"sentence {sentence}"] if sentence else []
        named.append(f"{event} ({', '.join(found)})" if found else event)
    line = "; ".join(named)
    count = int(total) if str(total).isdigit() else 0  # a file's text, or a number
    if count > len(ids):
        line += f" (the first {len(ids)} of {count:,})"
    return line
