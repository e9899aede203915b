"""A seeded generator of synthetic data directories, for testing at scale.

The same seed writes the same files. Activity is skewed (a few actors take
part in many relations, as in real event data), dates spread over ten years.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.geo import _countries_by_iso3
from dashboard.core.vocabulary import CONFIDENCE_LEVELS, RELATION_KINDS

__all__ = ["generate", "write_synthetic"]

_REPORTERS = [
    "Reuters",
    "AP",
    "AFP",
    "TASS",
    "Belta",
    "Anadolu",
    "EFE",
    "Xinhua",
    "BBC",
]


def generate(
    relations: int, actors: int, *, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(actors, relations) tables in the project's format."""
    rng = np.random.default_rng(seed)
    countries = sorted(_countries_by_iso3())
    states = countries[: min(actors, len(countries))]
    actor_rows = [
        {
            "id": f"s-{code.lower()}",
            "name": f"State {code}",
            "kind": "state",
            "country": code,
        }
        for code in states
    ]
    kinds = np.array(["person", "organization", "company"])
    for number in range(actors - len(states)):
        country = states[rng.integers(len(states))]
        kind = kinds[rng.choice(3, p=[0.6, 0.3, 0.1])]
        actor_rows.append(
            {"id": f"a-{number:06d}", "name": f"{kind.title()} {number}", "kind": kind,
             "country": country}
        )  # fmt: skip
    ids = np.array([row["id"] for row in actor_rows])
    # Zipf-like weights: a few busy actors, a long tail of quiet ones
    weights = 1 / np.arange(1, len(ids) + 1) ** 0.9
    weights /= weights.sum()
    order = rng.permutation(len(ids))
    sources = ids[order][rng.choice(len(ids), size=relations, p=weights)]
    targets = ids[order][rng.choice(len(ids), size=relations, p=weights)]
    clash = sources == targets
    targets[clash] = ids[(np.searchsorted(ids, targets[clash]) + 1) % len(ids)]
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(
        rng.integers(0, 4017, relations), "D"
    )
    precision = rng.choice(
        ["day", "month", "year"], size=relations, p=[0.85, 0.12, 0.03]
    )
    start = np.where(
        precision == "day", days.strftime("%Y-%m-%d"),
        np.where(precision == "month", days.strftime("%Y-%m"), days.strftime("%Y")),
    )  # fmt: skip
    lasting = rng.random(relations) < 0.08
    end = np.where(lasting, "ongoing", "")
    kind_names = np.array(list(RELATION_KINDS))
    relation_table = pd.DataFrame(
        {
            "id": [f"x{number:07d}" for number in range(relations)],
            "source": sources,
            "target": targets,
            "kind": kind_names[rng.integers(len(kind_names), size=relations)],
            "start": start,
            "end": end,
            "confidence": np.array(list(CONFIDENCE_LEVELS))[
                rng.choice(3, size=relations, p=[0.5, 0.4, 0.1])
            ],
            "summary": [f"Synthetic relation {number}" for number in range(relations)],
            "reported_by": np.array(_REPORTERS)[
                rng.integers(len(_REPORTERS), size=relations)
            ],
            "source_count": rng.integers(1, 6, size=relations),
            "origin": "synthetic",
        }
    )
    return pd.DataFrame(actor_rows), relation_table


def write_synthetic(
    directory: Path, relations: int, actors: int, *, seed: int = 0
) -> Path:
    """Write actors.csv and relations.csv of a synthetic data set into ``directory``."""
    actor_table, relation_table = generate(relations, actors, seed=seed)
    directory.mkdir(parents=True, exist_ok=True)
    actor_table.to_csv(directory / "actors.csv", index=False)
    relation_table.to_csv(directory / "relations.csv", index=False)
    return directory
