"""Controlled vocabularies of the data format: actor and relation kinds, confidence.

Each relation kind carries its stance and the CAMEO event root codes it stands for,
so that machine-coded event data (GDELT, ICEWS) can be mapped onto the same kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTOR_KINDS",
    "CONFIDENCE_LEVELS",
    "RELATION_KINDS",
    "STANCES",
    "RelationKind",
    "kinds_by_stance",
    "stance_of",
]

ACTOR_KINDS: dict[str, str] = {
    "state": "A sovereign state; `country` is its own ISO 3166-1 alpha-3 code.",
    "person": "A named individual; `country` is the state they act for.",
    "organization": "An intergovernmental or non-state body; `country` optional.",
    "company": "A business; `country` is where it is registered.",
}

#: Kinds of actor whose `country` column is required.
ACTORS_NEEDING_COUNTRY = frozenset({"state", "person"})

STANCES = ("cooperative", "neutral", "conflictual")

CONFIDENCE_LEVELS: dict[str, str] = {
    "confirmed": "Stated as fact by the source, or on the record from a named party.",
    "reported": "Attributed to unnamed sources or to one party's account.",
    "speculative": "Suspected, possible or rumoured in the source's own words.",
}


@dataclass(frozen=True)
class RelationKind:
    """One relation kind: its stance, CAMEO root codes and a one-line meaning."""

    name: str
    stance: str
    cameo_roots: tuple[str, ...]
    meaning: str


_KINDS = [
    RelationKind("alliance", "cooperative", ("05",), "A standing political alliance."),
    RelationKind("partnership", "cooperative", ("05",), "Close, standing relations."),
    RelationKind("treaty", "cooperative", ("05", "06"), "A treaty signed or in force."),
    RelationKind(
        "support", "cooperative", ("05", "07"), "Political or material backing."
    ),
    RelationKind(
        "agreement", "cooperative", ("03", "05"), "An agreement to act together."
    ),
    RelationKind(
        "invitation", "cooperative", ("03",), "An invitation to visit or to stay."
    ),
    RelationKind(
        "refuge", "cooperative", ("03", "07"), "A possible or offered refuge."
    ),
    RelationKind(
        "economic cooperation",
        "cooperative",
        ("06",),
        "Trade, transport or investment ties.",
    ),
    RelationKind(
        "military cooperation",
        "cooperative",
        ("06",),
        "Arms, training, exercises or basing shared.",
    ),
    RelationKind(
        "hosting", "cooperative", ("04",), "Hosting a meeting or body on its soil."
    ),
    RelationKind(
        "sanctions relief", "cooperative", ("08",), "Sanctions eased or lifted."
    ),
    RelationKind(
        "investigation",
        "cooperative",
        ("09",),
        "An inquiry into crimes, abuses or acts (cooperation, as CAMEO counts it).",
    ),
    RelationKind("call", "neutral", ("04",), "A phone or video call."),
    RelationKind("meeting", "neutral", ("04",), "An in-person meeting or visit."),
    RelationKind("dialogue", "neutral", ("04",), "A sustained diplomatic dialogue."),
    RelationKind("negotiation", "neutral", ("04",), "Negotiations, actual or alleged."),
    RelationKind(
        "envoy appointment", "neutral", ("04",), "An envoy named for a relationship."
    ),
    RelationKind("statement", "neutral", ("01", "02"), "A public statement or appeal."),
    RelationKind(
        "warning", "conflictual", ("10", "11"), "A demand, warning or accusation."
    ),
    RelationKind("threat", "conflictual", ("13",), "A threat, explicit or implied."),
    RelationKind(
        "non-recognition", "conflictual", ("12", "16"), "Legitimacy not recognised."
    ),
    RelationKind(
        "sanctions", "conflictual", ("16",), "Sanctions, embargoes, cut relations."
    ),
    RelationKind(
        "pressure", "conflictual", ("14", "17"), "Coercive political pressure."
    ),
    RelationKind(
        "military pressure", "conflictual", ("15",), "Deployments and shows of force."
    ),
    RelationKind(
        "use of force", "conflictual", ("18", "19", "20"), "Attacks and fighting."
    ),
]

RELATION_KINDS: dict[str, RelationKind] = {kind.name: kind for kind in _KINDS}


def stance_of(kind: str) -> str:
    """The stance of a relation kind (``neutral`` for a kind we do not know)."""
    found = RELATION_KINDS.get(kind)
    return found.stance if found else "neutral"


def kinds_by_stance() -> dict[str, list[str]]:
    """Relation kinds grouped by stance, in the order of `STANCES`."""
    groups: dict[str, list[str]] = {stance: [] for stance in STANCES}
    for kind in _KINDS:
        groups[kind.stance].append(kind.name)
    return groups
