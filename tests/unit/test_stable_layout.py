"""New data under a running server leaves the network's actors about where
the eye left them: the layout starts from the one it replaces. Laid out
afresh, every actor moved at each update (a median of a quarter of the
frame on the bundled data, a third on 300 actors)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.core.live import LiveData, data_version, load_app_data
from dashboard.core.load import load_dataset
from dashboard.core.positions import REACH, network_positions
from dashboard.devtools.synthetic import write_synthetic


def _moved(before: dict, after: dict) -> np.ndarray:
    """How far each actor of ``before`` moved, in the layout's units (the
    largest component spans -1 to 1)."""
    return np.array([np.hypot(*np.subtract(after[a], before[a])) for a in before])


def _grown(actors: pd.DataFrame, relations: pd.DataFrame, count: int, seed: int = 1):
    """``actors`` and ``relations`` with ``count`` relations more among
    them, and a new actor tied to the fourth: what an update brings."""
    rng = np.random.default_rng(seed)
    ids = actors["id"].tolist()
    new = pd.DataFrame([{**actors.iloc[0].to_dict(), "id": "newcomer"}])
    added = pd.DataFrame({
        "source": [*rng.choice(ids, count).tolist(), "newcomer"],
        "target": [*rng.choice(ids, count).tolist(), ids[3]],
    })  # fmt: skip
    return (
        pd.concat([actors, new], ignore_index=True),
        pd.concat([relations[["source", "target"]], added], ignore_index=True),
    )


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """300 actors, laid out by igraph (above Kamada-Kawai's 100)."""
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("s"), 3000, 300))


def test_an_update_leaves_the_actors_where_they_were(synthetic):
    before = network_positions(synthetic.actors, synthetic.relations)
    actors, relations = _grown(synthetic.actors, synthetic.relations, 20)
    after = network_positions(actors, relations, previous=before)
    # each within REACH of its place on either axis, and the frame as it was
    assert _moved(before, after).max() < 0.12
    # the newcomer beside the actor it is tied to, not anywhere (laid out
    # afresh, or unbounded, it went to a far corner of the frame)
    tied = after[actors["id"].iloc[3]]
    assert np.hypot(*np.subtract(after["newcomer"], tied)) < 8 * REACH


def test_the_same_actors_and_pairs_keep_their_places(synthetic):
    """igraph hands a start back turned half round: every actor went to the
    other side of the frame until turned back."""
    before = network_positions(synthetic.actors, synthetic.relations)
    again = network_positions(synthetic.actors, synthetic.relations, previous=before)
    assert _moved(before, again).max() < 2 * REACH


def test_a_small_graph_keeps_its_places(bundled_dataset):
    """Up to 100 actors, laid out afresh by networkx's Kamada-Kawai, which
    started from the places before moved Putin across the frame for two new
    ties; and every actor moved a tenth of it while each component was
    drawn anew to fill its box."""
    actors, relations = bundled_dataset.actors, bundled_dataset.relations
    before = network_positions(actors, relations)
    ties = pd.DataFrame(
        {"source": ["putin", "erdogan"], "target": ["salazar", "trump"]}
    )
    grown = pd.concat([relations[["source", "target"]], ties], ignore_index=True)
    after = network_positions(actors, grown, previous=before)
    moved = _moved(before, after)
    assert np.median(moved) < 0.02 and moved.max() < 2 * REACH, moved
    xy = np.array(list(after.values()))
    assert np.abs(xy).max() == pytest.approx(1.0, abs=0.05)  # the frame as it was


def test_a_reload_starts_from_the_layout_it_replaces(tmp_path):
    data = write_synthetic(tmp_path / "data", 3000, 300)
    served, _ = load_app_data([data])
    live = LiveData(
        served,
        load=lambda before: load_app_data([data], before=before)[0],
        version=lambda: data_version([data]),
        every=0,
    )
    path = data / "relations.csv"
    relations = pd.read_csv(path, dtype=str, keep_default_na=False)
    more = relations.sample(20, random_state=2).assign(
        id=[f"update-{number}" for number in range(20)],
        target=relations["source"].sample(20, random_state=3).to_numpy(),
    )
    more = more[more["source"] != more["target"]]
    pd.concat([relations, more]).to_csv(path, index=False)
    live.check(wait=True)
    assert live.generation == 1 and live.update.added == len(more), live.update
    assert _moved(served.positions, live.data.positions).max() < 0.12
    # kept beside the data: another worker, a restart or the images command
    # draws the actors where the page does, not laid out afresh
    again, _ = load_app_data([data])
    assert again.positions == live.data.positions
