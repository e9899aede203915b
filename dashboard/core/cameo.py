"""CAMEO, the event coding of GDELT and ICEWS: which relation kind each root
code becomes, its quad class and its stance (see docs/data-format.md)."""

from __future__ import annotations

import re

__all__ = [
    "CAMEO_KINDS",
    "CAMEO_KINDS_BY_CODE",
    "cameo_kind",
    "is_cameo_code",
    "quad_class",
    "stance",
]

#: CAMEO event root code -> relation kind (see docs/data-format.md).
CAMEO_KINDS = {
    "01": "statement", "02": "statement", "03": "agreement", "04": "meeting",
    "05": "support", "06": "economic cooperation", "07": "support",
    "08": "sanctions relief", "09": "investigation", "10": "warning", "11": "warning",
    "12": "non-recognition", "13": "threat", "14": "pressure",
    "15": "military pressure", "16": "sanctions", "17": "pressure",
    "18": "use of force", "19": "use of force", "20": "use of force",
}  # fmt: skip

#: Codes whose kind is not their root's: "062 Cooperate militarily" is under
#: "06 Engage in material cooperation", and had been drawn as economic ties.
CAMEO_KINDS_BY_CODE = {"062": "military cooperation"}


def cameo_kind(code: str) -> str:
    """The relation kind of a CAMEO event code (see `CAMEO_KINDS`).

    >>> cameo_kind("061"), cameo_kind("062"), cameo_kind("0431")
    ('economic cooperation', 'military cooperation', 'meeting')
    """
    return CAMEO_KINDS_BY_CODE.get(code[:3]) or CAMEO_KINDS[code[:2]]


def is_cameo_code(code: str) -> bool:
    """Three or four digits under a known root ("042", "1711").

    >>> is_cameo_code("042"), is_cameo_code("42"), is_cameo_code("999")
    (True, False, False)
    """
    return bool(re.fullmatch(r"\d{3,4}", code)) and code[:2] in CAMEO_KINDS


def quad_class(root: str) -> int:
    """CAMEO's four classes: 1 verbal and 2 material cooperation, 3 verbal and
    4 material conflict, as GDELT codes them (roots 01-05, 06-09, 10-14,
    15-20): ICEWS files carry no QuadClass, and its events must get the same
    class and stance as GDELT's ("09 Investigate" is cooperation).

    >>> [quad_class(root) for root in ("05", "09", "14", "15")]
    [1, 2, 3, 4]
    """
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 9 else 3 if number <= 14 else 4


def stance(quad: int) -> str:
    """The stance of a quad class: cooperative (1, 2) or conflictual (3, 4)."""
    return "cooperative" if quad in (1, 2) else "conflictual"
