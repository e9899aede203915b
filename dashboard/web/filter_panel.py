"""The filters' part of the page: a control for each entry of
FILTER_CONTROLS, shaped by its filter (core/filters.py), and the relation
kinds by stance, each with a one-click "only" button. What the data offers
(its kinds, its data sets) sits in a group of its own, which new data on an
open page makes again (web/freshness.py)."""

from __future__ import annotations

from dash import dcc, html

from dashboard.figures.style import STANCE_COLOURS, STANCE_SYMBOLS
from dashboard.web import ids
from dashboard.web.controls import FILTER_CONTROLS, FILTERS_SHOWN, filter_to_control

__all__ = [
    "CHOICES",
    "choice_checklist",
    "filter_controls",
    "filter_offer",
    "stance_groups",
]

_SYMBOL_GLYPHS = {"circle": "●", "diamond": "◆", "x": "✕"}
#: The choice filters: a checklist each, of what the data offers.
CHOICES = [field for field, spec in FILTERS_SHOWN.items()
           if spec.shape == "choice" and field != "kinds"]  # fmt: skip


def filter_controls(kinds_by_stance: dict, choices: dict[str, list[str]]) -> list:
    """The filters, as FILTER_CONTROLS orders them: a switch, the relation
    kinds by stance, checklists of what each choice offers (``choices``, by
    field) and radio items for a level."""
    children = [html.H2("Filters", className="atlas-section")]
    for field, control in FILTER_CONTROLS.items():
        spec = FILTERS_SHOWN[field]
        if field == "kinds":
            children += [
                html.H2(control.heading, className="atlas-section"),
                html.Div(id=ids.KIND_GROUPS, children=stance_groups(kinds_by_stance)),
            ]
        elif spec.shape == "switch":
            children.append(
                dcc.Checklist(
                    id=control.id,
                    options=[{"label": control.heading, "value": "1"}],
                    value=filter_to_control(spec, spec.everything, []),
                    className="atlas-checklist atlas-switch",
                )
            )
        elif spec.shape == "choice":
            offered = choices.get(field, [])
            children += [
                html.H2(control.heading, className="atlas-section"),
                html.Div(
                    id={"type": ids.CHOICE_GROUP, "field": field},
                    children=choice_checklist(field, offered, offered),
                ),
            ]
        else:
            children += [
                html.Label(control.heading, htmlFor=control.id,
                           className="atlas-section"),
                dcc.RadioItems(
                    id=control.id,
                    options=[{"label": words, "value": level}
                             for words, level in zip(control.levels, spec.levels)],
                    value=spec.everything,
                    className="atlas-checklist",
                ),
            ]  # fmt: skip
    return children


def filter_offer(kinds_by_stance: dict, choices: dict[str, list[str]]) -> dict:
    """What the filters offer, as the page holds it (the FILTER_OFFER store):
    new data that offers the same keeps the filters' components."""
    return {
        "kinds": {stance: list(kinds) for stance, kinds in kinds_by_stance.items()},
        **{field: list(choices.get(field, [])) for field in CHOICES},
    }


def choice_checklist(field: str, offered: list[str], chosen) -> dcc.Checklist:
    """The checklist of choice filter ``field``: a box per value ``offered``,
    those ``chosen`` ticked."""
    return dcc.Checklist(
        id=FILTER_CONTROLS[field].id,
        options=[{"label": value, "value": value} for value in offered],
        value=[value for value in offered if value in chosen],
        className="atlas-checklist",
    )


def stance_groups(kinds_by_stance: dict[str, list[str]], chosen=None) -> list:
    """The relation kinds by stance, a box for each, those ``chosen`` ticked
    (all when None): the stance's heading keeps only its kinds, the "only"
    beside a kind keeps that kind."""
    return [
        html.Fieldset(
            className="atlas-fieldset",
            children=[
                html.Legend(
                    html.Button(
                        [
                            html.Span(
                                _SYMBOL_GLYPHS[STANCE_SYMBOLS[stance]],
                                className=f"stance-glyph stance-{stance}",
                                style={"color": STANCE_COLOURS[stance]},
                                **{"aria-hidden": "true"},
                            ),
                            f" {stance.capitalize()}",
                        ],
                        id={"type": ids.STANCE_ONLY, "stance": stance},
                        className="atlas-stance-only",
                        n_clicks=0,
                        title=f"Show only the {stance} kinds (again: all kinds)",
                    )
                ),
                # a row per kind, its box then its "only": the page reads and
                # tabs through them in the order they stand (a box's name stays
                # its kind: the "only" is beside it, not in its label)
                html.Div(
                    className="atlas-kinds",
                    children=[
                        part
                        for kind in kinds
                        for part in (
                            _kind_box(stance, kind, chosen is None or kind in chosen),
                            _only_button(kind),
                        )
                    ],
                ),
            ],
        )
        for stance, kinds in kinds_by_stance.items()
        if kinds
    ]


def _kind_box(stance: str, kind: str, ticked: bool) -> dcc.Checklist:
    return dcc.Checklist(
        id={"type": ids.KINDS, "stance": stance, "kind": kind},
        options=[{"label": kind, "value": kind}],
        value=[kind] if ticked else [],
        className="atlas-checklist",
    )


def _only_button(kind: str) -> html.Button:
    return html.Button(
        "only",
        id={"type": ids.KIND_ONLY, "kind": kind},
        className="atlas-only",
        n_clicks=0,
        title=f"Show only {kind} (again: all kinds)",
        **{"aria-label": f"only {kind}"},
    )
