"""The text panels: details of a selection, the path, the change between two
windows, and the rows of the events and rankings tables. Every relation shown
carries its date, confidence, sources and quote."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from dashboard.core.aggregate import pair_ends, states_ends
from dashboard.core.analysis import Change, PathResult, pair_relations
from dashboard.core.describe import (
    chains_words,
    event_line,
    plural,
    records,
    source_line,
    window_label,
)
from dashboard.core.geo import country_name
from dashboard.core.graph import touching
from dashboard.core.text import isolated
from dashboard.core.validate import (
    ACTOR_COLUMNS,
    ACTOR_OPTIONAL,
    RELATION_COLUMNS,
    RELATION_DERIVED,
    RELATION_OPTIONAL,
)
from dashboard.core.view import first_few
from dashboard.figures.overview import LinkRelations
from dashboard.figures.pair import make_pair_timeline_figure
from dashboard.figures.theme import LIGHT, Theme
from dashboard.web import ids

__all__ = [
    "event_note",
    "event_rows",
    "make_change_panel",
    "make_details",
    "make_path_panel",
]

_DERIVED = {*RELATION_DERIVED, "approximate", "stance"}  # as the app writes them
#: event data's columns the details show on lines of their own
_EVENT_COLUMNS = {"event_ids", "story_sentences", "more_urls"}
_KNOWN = set(RELATION_COLUMNS) | set(RELATION_OPTIONAL) | _DERIVED | _EVENT_COLUMNS
_ACTOR_KNOWN = set(ACTOR_COLUMNS) | set(ACTOR_OPTIONAL)


def _hint(text: str) -> html.P:
    return html.P(text, className="atlas-hint")


#: The details of a selected actor the actor filter hides.
#: Why a focus is not drawn, by `Shown.focus_hidden`'s reason: the view is
#: then not focused on it, and its relations are not listed
HIDDEN_FOCUS = {
    "kind": "Hidden by the actor filter: not drawn, and the view is not focused "
    "on it. The filter's chip ✕, at the top, shows every kind of actor.",
    "states": "Not drawn in the states-only view: it has no country, so no state "
    "to be drawn as, and the view is not focused on it. Untick 'States only' "
    "to see it.",
}


def make_details(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    selection: dict | None,
    names: dict[str, str],
    *,
    history: pd.DataFrame | None = None,
    window=None,
    theme: Theme = LIGHT,
    link: LinkRelations | None = None,
    total: int | None = None,
    filtered_out: int = 0,
    hidden: str = "",
    left_out: str = "",
) -> list:
    """Components for the details tab; ``relations`` are those shown in the window,
    ``history`` all relations (for the pair timeline of a selected relation,
    drawn in ``theme``; between states for an overview link's). ``link``: the
    relations a selected overview link (``states:a~b``) stands for
    (figures/overview.py `link_relations`). With nothing selected only the
    first by date are listed: ``relations`` may be those alone
    (`Shown.earliest`), and ``total`` how many the window shows;
    ``filtered_out``: how many of the window's relations the filters leave
    out, said when they leave out all ("0 relations in this window" read as
    an empty window); ``hidden``: why the actor selected is not drawn
    (`Shown.focus_hidden`: the view is then not focused on it);
    ``left_out``: what the states-only view leaves out (`left_out_words`),
    said above the list (the header's words are cut short at 1280 px)."""
    start = window[0] if window else None
    if selection and selection.get("actor"):
        actor_id = selection["actor"]
        match = actors[actors["id"] == actor_id]
        if match.empty:
            return [_hint("That actor is not in the current view.")]
        # a focus the filters hide: why its relations are not listed
        said = [_hint(HIDDEN_FOCUS[hidden])] if hidden else []
        own = _in_order(touching(relations, actor_id), begun_from=start)
        return [
            _actor_block(match.iloc[0]),
            *said,
            _relation_list(
                own,
                names,
                _window_words(own, start),
                events_too=False,  # the Events tab lists the view's, not its own
            ),
        ]
    if selection and selection.get("relation"):
        if states_ends(selection["relation"]):
            return _link_details(link, names, history, window, theme)
        ends = pair_ends(selection["relation"])
        if ends:  # a pair drawn for all its relations in a large view
            between = pair_relations(relations, *ends)
            return [
                _relation_list(between, names, "between this pair in the window"),
                pair_timeline(
                    history, *ends, names, window, panel="details", theme=theme
                )
                if history is not None
                else None,
            ]
        chosen = relations[relations["id"].isin(selection["relation"].split("|"))]
        chosen = _in_order(chosen)
        if chosen.empty:
            return [_hint(_not_shown(selection["relation"], history, names))]
        blocks = [_relation_list(chosen, names, "selected")]
        if history is not None:
            a, b = chosen.iloc[0]["source"], chosen.iloc[0]["target"]
            blocks.append(
                pair_timeline(
                    history, a, b, names, window, panel="details", theme=theme
                )
            )
        return blocks
    count = len(relations) if total is None else total
    if not count and filtered_out:
        return [
            _hint(
                f"Nothing shown: the filters leave out all "
                f"{plural(filtered_out, 'relation')} of this window. Widen them "
                "(relation kinds, actor kinds, confidence, sources, the "
                "neighbourhood or path) to see them."
            )
        ]
    said = f" {left_out[0].upper()}{left_out[1:]}." if left_out else ""
    listed = _in_order(relations, LIST_LIMIT, begun_from=start)
    return [
        _hint(
            "Click an actor or a relation's marker on the map or the graph, or a row "
            "of the Events or Rankings tab, for its sources and quotes." + said
        ),
        _relation_list(
            listed,
            names,
            _window_words(listed, start),
            compact=True,
            total=len(relations) if total is None else total,
        ),
    ]


def _not_shown(chosen: str, history: pd.DataFrame | None, names: dict) -> str:
    """What a relation selected (a link's ``relation=r04``) that the window
    or the filters leave out is, and where to find it: "That relation is not
    in the current window" named neither."""
    ids = chosen.split("|")
    found = None if history is None else history[history["id"].isin(ids)]
    if found is None or found.empty:
        return "That relation is not in the data."
    first = found.iloc[0]
    source, target = (names.get(first[end], first[end]) for end in ("source", "target"))
    return (
        f"{first['id']}, {source} → {target}: {first['kind']} ({first['start']}), is "
        "outside the current window or left out by the filters. Widen the window "
        "(All) or the filters to see it."
    )


def _link_details(
    link: LinkRelations | None,
    names: dict[str, str],
    history: pd.DataFrame | None,
    window,
    theme: Theme,
) -> list:
    """The relations an overview link stands for, under a heading that says
    whose they are: a state's end is its actors, not the state alone; and the
    two states' timeline when both ends are states (``history``: the
    relations between states)."""
    if link is None:
        return [_hint("That link is not in the current view.")]
    a, b = (
        f"the actors of {isolated(str(names.get(end, end)))}"
        if state
        else isolated(str(names.get(end, end)))
        for end, state in zip(link.ends, link.states)
    )
    blocks = [
        _relation_list(
            _in_order(link.relations, LIST_LIMIT),
            names,
            f"between {a} and {b} in the window",
            total=len(link.relations),
        )
    ]
    if history is not None and all(link.states):
        blocks.append(
            pair_timeline(
                history, *link.ends, names, window, panel="details", theme=theme
            )
        )
    return blocks


def _in_order(
    relations: pd.DataFrame, limit: int | None = None, *, begun_from=None
) -> pd.DataFrame:
    """Relations by date (then id); with ``limit``, only about the first so many
    are sorted: sorting 100,000 rows would cost every window change 0.1 s.
    ``begun_from`` (a window's first day): those begun before it after those
    begun in it (`Shown.earliest`)."""
    if begun_from is not None and _begun_both_sides(relations, begun_from):
        new = relations["first"] >= pd.Timestamp(begun_from)
        return pd.concat(
            [_in_order(relations[new], limit), _in_order(relations[~new], limit)]
        )
    if limit is not None:
        relations = relations[first_few(relations["first"].to_numpy(), limit)]
    return relations.sort_values(["first", "id"])


def _begun_both_sides(relations: pd.DataFrame, begun_from) -> bool:
    """Whether some of ``relations`` began before ``begun_from`` and some on
    it or after."""
    before = relations["first"] < pd.Timestamp(begun_from)
    return bool(before.any()) and not bool(before.all())


def _window_words(listed: pd.DataFrame, start) -> str:
    """What a window's list says after its count: which come first when
    some of those it lists (``listed``, in order: the first LIST_LIMIT)
    began before the window's first day ``start``, and some in it."""
    if start is not None and _begun_both_sides(listed.iloc[:LIST_LIMIT], start):
        return "in this window, those begun in it first"
    return "in this window"


def pair_timeline(
    history: pd.DataFrame,
    a: str,
    b: str,
    names: dict[str, str],
    window,
    *,
    panel: str,
    theme: Theme = LIGHT,
):
    """How one relationship moved over time: all its relations, by stance.

    ``history`` is every relation as the view draws them (between states in the
    states-only view); ``panel`` keeps the chart's id unique on the page. None
    when the two share no relation (a path's ends linked only through others:
    "0 relations over time" over nothing).
    """
    pair = pair_relations(history, a, b)
    if pair.empty:
        return None
    first, second = (isolated(str(names.get(end, end))) for end in (a, b))
    title = f"{first} – {second}: {plural(len(pair), 'relation')} over time"
    return html.Div(
        className="atlas-pair",
        children=[
            html.H4(title),
            dcc.Graph(
                id={"type": ids.PAIR_TIMELINE, "panel": panel},
                figure=make_pair_timeline_figure(pair, window, theme=theme),
                config={"displayModeBar": False},
                style={"height": "150px"},
            ),
        ],
    )


def make_path_panel(
    path: PathResult | None,
    ends: tuple[str, str] | None,
    names: dict[str, str],
    history: pd.DataFrame,
    window,
    theme: Theme = LIGHT,
) -> list:
    """The shortest chains between two actors, step by step, with the evidence."""
    if not ends:
        return [
            _hint(
                "Pick two actors under “Path between” to trace the chains that link them."
            )
        ]
    heading, chains = chains_words(
        path.paths if path else [], ends, names, path.total if path else 0
    )
    if not chains:
        return [
            _hint(heading),
            pair_timeline(history, *ends, names, window, panel="path", theme=theme),
        ]
    blocks = [
        # under the card's h2, as the steps' own lists below it
        html.H3(heading, className="atlas-list-heading"),
        html.Ul([html.Li(chain, className="atlas-chain") for chain in chains]),
    ]
    for first, second, between in path.steps:
        blocks.append(
            _relation_list(
                between,
                names,
                f"between {isolated(str(names.get(first, first)))} and "
                f"{isolated(str(names.get(second, second)))}",
            )
        )
    blocks.append(
        pair_timeline(history, *ends, names, window, panel="path", theme=theme)
    )
    return blocks


#: The glyph beside each list of the Change tab: the ring its relations wear
#: on the figures (figures/style.py CHANGE_MARKS), in the same colour.
_CHANGE_GLYPHS = {"appeared": "○", "ended": "⊗", "flipped": "□", "standing": "◁"}


def make_change_panel(change: Change | None, windows, names: dict[str, str]) -> list:
    """Relations that appeared, ended or changed stance between two windows,
    each under its own heading, and the standing ones apart: known only as of
    a date, they are not counted as appeared."""
    if change is None:
        return [
            _hint(
                "Pick a date under “Change before / after” to compare the part of the "
                "window before it with the part after it."
            )
        ]
    before, after = windows
    split = f"{after[0].day} {after[0]:%b %Y}"
    days = sorted({day.date() for day in change.standing["first"]})
    known = f"{days[0].day} {days[0]:%b %Y}" if len(days) == 1 else "several dates"
    lists = {
        "appeared": (change.appeared, f"appeared from {split}"),
        "ended": (change.ended, f"ended before {split}, or happened only before"),
        "flipped": (change.flipped, "in pairs whose stance changed"),
        "standing": (
            change.standing,
            f"standing, known as of {known}: since when is unknown, so not counted"
            " as appeared",
        ),
    }
    blocks = [
        html.P(
            f"Before: {window_label(*before)} · After: {window_label(*after)}",
            className="atlas-meta",
        )
    ]
    for name, (relations, what) in lists.items():
        if name == "standing" and relations.empty:
            continue
        blocks.append(
            _relation_list(
                _in_order(relations, LIST_LIMIT),
                names,
                what,
                compact=True,
                total=len(relations),
                glyph=(_CHANGE_GLYPHS[name], f"atlas-change-{name}"),
            )
        )
    return blocks


#: Rows sent to the events table at most: a browser grid can hold more, but
#: not as one quick response.
EVENT_LIMIT = 2000


def event_note(relations: pd.DataFrame) -> str:
    """What the events table holds, when it cannot hold everything."""
    if len(relations) <= EVENT_LIMIT:
        return ""
    return (
        f"Showing the first {EVENT_LIMIT:,} of {len(relations):,} relations, in date "
        "order: narrow the window or the filters to see the rest."
    )


def event_rows(relations: pd.DataFrame, names: dict[str, str]) -> list[dict]:
    """Rows of the events table: one per relation, in date order (at most
    EVENT_LIMIT)."""
    fields = ("id", "date_label", "first", "source", "target", "kind", "stance",
              "confidence", "sources", "summary", "reported_by")  # fmt: skip
    rows = records(relations.sort_values(["first", "id"]).iloc[:EVENT_LIMIT], fields)
    for row in rows:
        row["date"] = row.pop("date_label")
        row["first"] = row["first"].date().isoformat()
        row["source_name"] = names.get(row["source"], row["source"])
        row["target_name"] = names.get(row["target"], row["target"])
    return rows


def _actor_block(actor: pd.Series) -> html.Div:
    facts = [actor["kind"]]
    if actor.get("country"):
        facts.append(country_name(actor["country"]))
    return html.Div(
        className="atlas-actor",
        children=[
            html.H3(actor["name"]),
            html.P(actor["role"], className="atlas-role")
            if actor.get("role")
            else None,
            html.P(" · ".join(facts), className="atlas-meta"),
            html.P(actor["notes"], className="atlas-note")
            if actor.get("notes")
            else None,
            _extras(actor.to_dict(), _ACTOR_KNOWN),
        ],
    )


def _extras(row: dict, known: set[str]) -> html.P | None:
    """Columns a user added to the files: shown as they are, never dropped."""
    extras = [
        f"{key}: {value}"
        for key, value in row.items()
        if key not in known and isinstance(value, str) and value
    ]
    if not extras:
        return None
    return html.P(" · ".join(extras), className="atlas-meta atlas-extra")


#: Relations listed at most in one panel list; the rest are counted. Every
#: element on the page costs Dash's renderer time on every update: 200 listed
#: relations (1,400 elements) made a large window's first load 7 s slower.
LIST_LIMIT = 40


def _relation_list(
    relations: pd.DataFrame,
    names: dict[str, str],
    what: str,
    *,
    compact: bool = False,
    total: int | None = None,
    glyph: tuple[str, str] | None = None,
    events_too: bool = True,
) -> html.Div:
    """A heading and the relations (the first LIST_LIMIT); ``total``: how many
    there are, when ``relations`` holds only the first of them; ``glyph``: a
    sign and its class, put before the heading; ``events_too``: the Events
    tab's table holds these relations (the view's), and the heading says so."""
    count = len(relations) if total is None else total
    heading = f"{plural(count, 'relation')} {what}"
    if count > LIST_LIMIT:
        heading += f" (the first {LIST_LIMIT} listed: narrow the window or the filters"
        heading += "; the Events tab has a table of them)" if events_too else ")"
        relations = relations.iloc[:LIST_LIMIT]
    items = [
        _relation_item(row, names, compact=compact)
        for row in records(relations, tuple(relations.columns))
    ]
    return html.Div(
        [
            html.H3(
                [html.Span(glyph[0], className=glyph[1]), " ", heading]
                if glyph
                else heading,
                className="atlas-list-heading",
            ),
            html.Ol(items, className="atlas-relations"),
        ]
    )


def _relation_item(row: dict, names: dict[str, str], *, compact: bool) -> html.Li:
    # a name's direction marks end with it: an RLO turned the kind after it
    # around ("meeting" read "gniteem")
    source, target, via_source, via_target = (
        isolated(str(names.get(row.get(end), row.get(end))))
        for end in ("source", "target", "via_source", "via_target")
    )
    via = ""
    if row.get("via_source") and (row["via_source"], row["via_target"]) != (
        row["source"],
        row["target"],
    ):
        via = f" (via {via_source} → {via_target})"
    sources = row.get("sources", 1)
    evidence = f"{row['confidence']} · " + (
        f"{sources} sources" if sources > 1 else "1 source"
    )
    # few elements per entry: lists run to LIST_LIMIT entries (see there)
    title = [
        html.Span(row["date_label"], className="atlas-date"),
        f" {source} → {target}{via}: ",
        html.Strong(row["kind"], className=f"stance-text stance-{row['stance']}"),
        html.Span(evidence, className=f"atlas-badge atlas-{row['confidence']}"),
    ]
    if compact:
        return html.Li(
            title, className="atlas-relation", **{"data-relation": row["id"]}
        )
    body = [html.Div(title, className="atlas-relation-title")]
    if row.get("summary"):
        body.append(html.P(row["summary"]))
    if row.get("quote"):
        body.append(html.Blockquote(f"“{row['quote']}”"))
    source = source_line(row.get("reported_by"), row.get("source_document"))
    if source:
        body.append(html.P(["Source: ", source], className="atlas-meta"))
    # an address a line: side by side, inline, they ran together into one
    # word wider than the panel ("...1671.htmlhttp://...")
    for url in [row.get("url"), *str(row.get("more_urls") or "").split()]:
        if url:  # more_urls checked when loaded, as url
            link = html.A(url, href=url, className="atlas-meta")
            body.append(html.P(link, className="atlas-meta"))
    events = event_line(
        row.get("event_ids"), row.get("story_sentences"), row.get("report_count")
    )
    if events:
        body.append(html.P(f"Events: {events}", className="atlas-meta"))
    if row.get("origin"):
        body.append(html.P(f"Data: {row['origin']}", className="atlas-meta"))
    date_facts = f"{row['precision']} precision" + (
        ", approximate" if row.get("approximate") else ""
    )
    if row.get("date_note"):
        date_facts += f": {row['date_note']}"
    body.append(html.P(f"Date: {date_facts}", className="atlas-meta"))
    extras = _extras(row, _KNOWN)
    if extras:
        body.append(extras)
    return html.Li(body, className="atlas-relation", **{"data-relation": row["id"]})
