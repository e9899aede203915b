"""A seeded generator of synthetic data directories and event stores, for
testing at scale.

The same seed writes the same files. Activity is skewed (a few actors take
part in many relations, as in real event data), dates spread over ten years.
``python -m dashboard.devtools.synthetic --relations N --actors M --seed S
--store DIR`` writes an event store of the same relations (`write_synthetic_store`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.core.cameo import CAMEO_KINDS, quad_class, stance
from dashboard.core.geo import _countries_by_iso3, capital_of
from dashboard.core.store import MANIFEST, PART_FORMAT, STORE_FORMAT
from dashboard.core.vocabulary import CONFIDENCE_LEVELS, RELATION_KINDS
from dashboard.importing.parts import PART_SCHEMA, SOURCES
from dashboard.importing.store import store_dir_problem

__all__ = ["generate", "write_synthetic", "write_synthetic_store"]

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


#: The relations a spike of `generate` takes, as a share of all, and its days.
SPIKE_SHARE = 0.02
SPIKE_DAYS = 3


def generate(
    relations: int, actors: int, *, seed: int = 0, spikes: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(actors, relations) tables in the project's format. ``spikes``: that
    many stretches of SPIKE_DAYS days each holding SPIKE_SHARE of the
    relations, dated to the day, as a crisis makes in an event feed (the
    rest as without them: the same seed draws the same data)."""
    rng = np.random.default_rng(seed)
    # states the map can place (a capital in the gazetteer): a state drawn
    # nowhere, with its people, is real data's exception, not the norm
    countries = [code for code in sorted(_countries_by_iso3()) if capital_of(code)]
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
    # a relation of an actor with itself goes to the next actor instead (ids
    # are not sorted: states first, so found by position, not searched)
    clash = np.flatnonzero(sources == targets)
    if len(clash):
        position = {actor: number for number, actor in enumerate(ids.tolist())}
        after = [(position[actor] + 1) % len(ids) for actor in targets[clash].tolist()]
        targets[clash] = ids[after]
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(
        rng.integers(0, 4017, relations), "D"
    )
    precision = rng.choice(
        ["day", "month", "year"], size=relations, p=[0.85, 0.12, 0.03]
    )
    if spikes:
        days, precision = _spiked(days, precision, spikes, seed)
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


def _spiked(
    days: pd.DatetimeIndex, precision: np.ndarray, spikes: int, seed: int
) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """``days`` and ``precision`` with ``spikes`` spikes: some relations moved
    into them, each dated to the day (drawn apart from the rest, so that the
    others stay as the seed draws them)."""
    rng = np.random.default_rng(seed + 2)
    first, last = days.min(), days.max() - pd.Timedelta(days=SPIKE_DAYS)
    starts = first + pd.to_timedelta(
        rng.integers(0, max((last - first).days, 1), spikes), "D"
    )
    each = max(1, round(SPIKE_SHARE * len(days)))
    moved = rng.choice(len(days), size=min(spikes * each, len(days)), replace=False)
    spike = np.arange(len(moved)) // each
    days = days.to_numpy().copy()
    days[moved] = (
        starts[spike] + pd.to_timedelta(rng.integers(0, SPIKE_DAYS, len(moved)), "D")
    ).to_numpy()
    precision = precision.copy()
    precision[moved] = "day"
    return pd.DatetimeIndex(days), precision


def write_synthetic(
    directory: Path, relations: int, actors: int, *, seed: int = 0, spikes: int = 0
) -> Path:
    """Write actors.csv and relations.csv of a synthetic data set into ``directory``."""
    actor_table, relation_table = generate(relations, actors, seed=seed, spikes=spikes)
    directory.mkdir(parents=True, exist_ok=True)
    actor_table.to_csv(directory / "actors.csv", index=False)
    relation_table.to_csv(directory / "relations.csv", index=False)
    return directory


def write_synthetic_store(
    directory: Path, relations: int, actors: int, *, seed: int = 0
) -> Path:
    """Write an event store (README "Event store") of ``relations`` GDELT-like
    events among ``actors``, as one imported file's parts by month, without
    raw files to read: opening it merges, checks and caches them as an import
    does (`core.store.read_store`). Events of one day, pair and CAMEO code
    are one relation, so that a few of the relations asked for may merge.
    """
    actor_table, relation_table = generate(relations, actors, seed=seed)
    rng = np.random.default_rng(seed + 1)
    actor_table = actor_table.set_index("id")
    codes = np.array(sorted(f"{root}{leaf}" for root in CAMEO_KINDS for leaf in "0123"))
    code = codes[rng.integers(len(codes), size=relations)]
    quads = {root: quad_class(root) for root in CAMEO_KINDS}  # as an import gives them
    quad = np.array([quads[c[:2]] for c in code], dtype=np.int8)
    day = pd.to_datetime(relation_table["start"].str.pad(10, "right", "-")
                         .str.replace(r"-+$", "", regex=True), format="mixed")  # fmt: skip
    ends = {
        end: actor_table.loc[relation_table[end]].reset_index(drop=True)
        for end in ("source", "target")
    }
    text = pa.string()
    columns = {
        "file": pa.array(["synthetic.export.CSV"] * relations, text),
        "day": pa.array(day.dt.date, pa.date32()),
        "source": pa.array(relation_table["source"], text),
        "source_name": pa.array(ends["source"]["name"], text),
        "source_kind": pa.array(ends["source"]["kind"], text),
        "source_country": pa.array(ends["source"]["country"], text),
        "target": pa.array(relation_table["target"], text),
        "target_name": pa.array(ends["target"]["name"], text),
        "target_kind": pa.array(ends["target"]["kind"], text),
        "target_country": pa.array(ends["target"]["country"], text),
        "code": pa.array(code, text),
        "kind": pa.array([CAMEO_KINDS[c[:2]] for c in code], text),
        "stance": pa.array([stance(q) for q in quad.tolist()], text),
        "quad": pa.array(quad, pa.int8()),
        "summary": pa.array(relation_table["summary"], text),
        "url": pa.array([f"https://example.org/{n}" for n in range(relations)], text),
        "scores": pa.array(rng.normal(0, 4, relations).round(1)[:, None].tolist(),
                           pa.list_(pa.float64())),
        "tones": pa.array(rng.normal(0, 3, relations).round(2)[:, None].tolist(),
                          pa.list_(pa.float64())),
        "sources": pa.array(relation_table["source_count"], pa.int64()),
        "mentions": pa.array(rng.integers(1, 20, relations), pa.int64()),
        "articles": pa.array(rng.integers(1, 10, relations), pa.int64()),
        "reports": pa.array(np.ones(relations, dtype=np.int64)),
        "reporters": pa.array(relation_table["reported_by"].map(lambda r: [r.lower()]),
                              pa.list_(text)),
        "event_ids": pa.array([[str(n)] for n in range(relations)], pa.list_(text)),
        "sentences": pa.array([[]] * relations, pa.list_(text)),
    }  # fmt: skip
    # one article per relation, its counts the relation's
    columns["by_url"] = pa.StructArray.from_arrays(
        [columns[name] for name in ("url", "sources", "articles", "mentions")],
        names=["url", "sources", "articles", "mentions"],
    )
    columns["by_url"] = pa.ListArray.from_arrays(
        pa.array(np.arange(relations + 1, dtype=np.int32)), columns["by_url"]
    )
    table = pa.table(columns, schema=PART_SCHEMA)
    months = day.dt.strftime("%Y-%m").to_numpy()
    directory.mkdir(parents=True, exist_ok=True)
    parts = []
    for month in sorted(set(months)):
        path = Path("events") / f"month={month}" / "synthetic.export.parquet"
        (directory / path).parent.mkdir(parents=True, exist_ok=True)
        rows = table.filter(pa.array(months == month))
        pq.write_table(rows, directory / path)
        parts.append({"path": path.as_posix(), "month": month, "rows": rows.num_rows})
    digest = hashlib.sha256(
        f"synthetic {relations} {actors} {seed}".encode()
    ).hexdigest()
    countries = sorted(set(actor_table["country"]))
    entry = {
        "name": "synthetic.export.CSV", "sha256": digest, "size": 0,
        "imported": "2026-01-01T00:00:00+00:00", "rows": relations,
        "kept": relations, "merged": 0, "skipped": {}, "bad": {}, "changed": {},
        "unreadable": None, "part_format": PART_FORMAT, "parts": parts,
    }  # fmt: skip
    manifest = {
        "format": STORE_FORMAT, "source": "gdelt", "countries": countries,
        "relations": SOURCES["gdelt"], "version": digest[:16],
        "updated": entry["imported"], "files": [entry],
    }  # fmt: skip
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    return directory


def main(argv: list[str] | None = None) -> int:
    """``python -m dashboard.devtools.synthetic``: a synthetic event store."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.devtools.synthetic")
    parser.add_argument("--relations", type=int, required=True)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--store", type=Path, required=True, metavar="DIR")
    args = parser.parse_args(argv)
    problem = store_dir_problem(args.store)  # never into a data set's folder
    if problem:
        parser.error(f"--store {args.store}: {problem}")
    write_synthetic_store(args.store, args.relations, args.actors, seed=args.seed)
    print(f"{args.store}: an event store of {args.relations:,} synthetic events among "
          f"{args.actors:,} actors (seed {args.seed})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
