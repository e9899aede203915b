"""The details panel: an actor and its relations, or one relation, with the evidence."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.data import RELATION_COLUMNS, RELATION_OPTIONAL
from dashboard.describe import records
from dashboard.figures.style import STANCE_COLOURS
from dashboard.geo import country_name

__all__ = ["make_details"]

_DERIVED = {
    "first",
    "last",
    "precision",
    "approximate",
    "ongoing",
    "stance",
    "date_label",
    "via_source",
    "via_target",
    "hover",
}
_KNOWN = set(RELATION_COLUMNS) | set(RELATION_OPTIONAL) | _DERIVED


def make_details(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    selection: dict | None,
    names: dict[str, str],
) -> list:
    """Components for the panel; ``relations`` are those shown in the window."""
    ordered = relations.sort_values(["first", "id"])
    if selection and selection.get("actor"):
        actor_id = selection["actor"]
        match = actors[actors["id"] == actor_id]
        if match.empty:
            return [
                html.P("That actor is not in the current view.", className="atlas-hint")
            ]
        touching = ordered[
            (ordered["source"] == actor_id) | (ordered["target"] == actor_id)
        ]
        return [
            _actor_block(match.iloc[0]),
            _relation_list(touching, names, "in this window"),
        ]
    if selection and selection.get("relation"):
        chosen = ordered[ordered["id"].isin(selection["relation"].split("|"))]
        if chosen.empty:
            return [
                html.P(
                    "That relation is not in the current window.",
                    className="atlas-hint",
                )
            ]
        return [_relation_list(chosen, names, "selected")]
    return [
        html.P(
            "Click an actor or a relation's marker on the map or the graph for its "
            "sources and quotes.",
            className="atlas-hint",
        ),
        _relation_list(ordered, names, "in this window", compact=True),
    ]


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
        ],
    )


def _relation_list(
    relations: pd.DataFrame, names: dict[str, str], what: str, *, compact: bool = False
) -> html.Div:
    count = len(relations)
    heading = f"{count} relation{'s' if count != 1 else ''} {what}"
    items = [
        _relation_item(row, names, compact=compact)
        for row in records(relations, tuple(relations.columns))
    ]
    return html.Div([html.H4(heading), html.Ol(items, className="atlas-relations")])


def _relation_item(row: dict, names: dict[str, str], *, compact: bool) -> html.Li:
    source, target = (
        names.get(row["source"], row["source"]),
        names.get(row["target"], row["target"]),
    )
    if row.get("via_source") and (row["via_source"], row["via_target"]) != (
        row["source"],
        row["target"],
    ):
        via = (
            f" (via {names.get(row['via_source'], row['via_source'])} → "
            f"{names.get(row['via_target'], row['via_target'])})"
        )
    else:
        via = ""
    title = html.Div(
        className="atlas-relation-title",
        children=[
            html.Span(row["date_label"], className="atlas-date"),
            html.Span(f" {source} → {target}{via}: "),
            html.Strong(
                row["kind"], style={"color": STANCE_COLOURS.get(row["stance"])}
            ),
            html.Span(
                f" {row['confidence']}",
                className=f"atlas-badge atlas-{row['confidence']}",
            ),
        ],
    )
    if compact:
        return html.Li(
            title, className="atlas-relation", **{"data-relation": row["id"]}
        )
    body = [title]
    if row.get("summary"):
        body.append(html.P(row["summary"]))
    if row.get("quote"):
        body.append(html.Blockquote(f"“{row['quote']}”"))
    source_line = " · ".join(
        part for part in (row.get("reported_by"), row.get("source_document")) if part
    )
    if source_line:
        body.append(html.P(["Source: ", source_line], className="atlas-meta"))
    if row.get("url"):
        body.append(html.A(row["url"], href=row["url"], className="atlas-meta"))
    date_facts = f"{row['precision']} precision" + (
        ", approximate" if row.get("approximate") else ""
    )
    if row.get("date_note"):
        date_facts += f": {row['date_note']}"
    body.append(html.P(f"Date: {date_facts}", className="atlas-meta"))
    extras = [
        f"{key}: {value}"
        for key, value in row.items()
        if key not in _KNOWN and isinstance(value, str) and value
    ]
    if extras:
        body.append(html.P(" · ".join(extras), className="atlas-meta atlas-extra"))
    return html.Li(body, className="atlas-relation", **{"data-relation": row["id"]})
