"""Large windows drawn legibly: relations merged per pair of actors, the busiest
pairs kept, and a line that says so on screen.

Tens of thousands of arcs are neither readable nor fast to send; an analyst
asks first who deals with whom, and how much.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["DRAW_LIMIT", "PAIR_PREFIX", "aggregate_pairs", "pair_ends", "pair_id"]

#: Above this many relations in a view, figures draw pairs instead.
DRAW_LIMIT = 1500
PAIR_PREFIX = "pair:"


def pair_id(a: str, b: str) -> str:
    """The id of the pair drawn for all relations between ``a`` and ``b``
    (``~`` because ``|`` already joins relation ids on the map)."""
    low, high = sorted((a, b))
    return f"{PAIR_PREFIX}{low}~{high}"


def pair_ends(pair_id: str) -> tuple[str, str] | None:
    """(a, b) of an aggregated pair's id ``pair:a~b``, else None."""
    if not pair_id.startswith(PAIR_PREFIX):
        return None
    a, _, b = pair_id[len(PAIR_PREFIX) :].partition("~")
    return a, b


def aggregate_pairs(
    relations: pd.DataFrame, names: dict[str, str], *, limit: int = DRAW_LIMIT
) -> tuple[pd.DataFrame, int]:
    """One row per pair of actors (either direction), the ``limit`` busiest.

    Each row is drawn like a relation: its stance and confidence are the most
    common among the pair's relations, ``count`` says how many it stands for.
    Returns the rows and the number of pairs there were.

    >>> rows = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "c"],
    ...     "stance": ["cooperative"] * 3, "confidence": ["confirmed"] * 3})
    >>> pairs, total = aggregate_pairs(rows, {}, limit=1)
    >>> (list(pairs["id"]), list(pairs["count"]), total)
    (['pair:a~b'], [2], 2)
    """
    source = relations["source"].to_numpy(dtype=object)
    target = relations["target"].to_numpy(dtype=object)
    forward = source < target
    keyed = pd.DataFrame(
        {
            "a": np.where(forward, source, target),
            "b": np.where(forward, target, source),
            "forward": forward,
            "stance": relations["stance"].to_numpy(),
            "confidence": relations["confidence"].to_numpy(),
        }
    )
    # one integer per pair, so that every step below is a vectorised groupby
    keyed["pair"] = keyed.groupby(["a", "b"], sort=False).ngroup()
    counts = keyed["pair"].value_counts()
    total = len(counts)
    top = counts.nlargest(limit)
    chosen = keyed[keyed["pair"].isin(top.index)]
    ends = chosen.drop_duplicates("pair").set_index("pair")[["a", "b"]]
    by_stance = chosen.groupby(["pair", "stance"]).size().unstack(fill_value=0)
    stance = by_stance.idxmax(axis=1)
    confidence = (
        chosen.groupby(["pair", "confidence"])
        .size()
        .unstack(fill_value=0)
        .idxmax(axis=1)
    )
    mostly_forward = chosen.groupby("pair")["forward"].mean() >= 0.5
    rows = []
    for pair, count in top.items():
        a, b = ends.at[pair, "a"], ends.at[pair, "b"]
        mix = by_stance.loc[pair]
        described = ", ".join(f"{int(n)} {kind}" for kind, n in mix[mix > 0].items())
        first, second = (a, b) if mostly_forward[pair] else (b, a)
        rows.append(
            {
                "id": pair_id(a, b),
                "source": first,
                "target": second,
                "stance": stance[pair],
                "confidence": confidence[pair],
                "count": int(count),
                "hover": f"<b>{names.get(a, a)} – {names.get(b, b)}</b>: "
                f"{int(count)} relations in the window ({described})",
            }
        )
    return pd.DataFrame(rows), total
