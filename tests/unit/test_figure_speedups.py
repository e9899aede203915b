"""The date-window callback's shortcuts draw what the plain way draws: actor
tables made once, counts kept as arrays, pairs counted on codes, paths from
the table, window bounds in the dates' own unit. Behaviour only: the bench
(tests/integration/test_bench.py) and `python -m dashboard load` time them."""

from __future__ import annotations

import heapq
import json
import random
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.core import codes as codes_module
from dashboard.core.aggregate import busiest_pairs, count_pairs
from dashboard.core.codes import ActorCounts, Codes, encode
from dashboard.core.graph import active_mask
from dashboard.core.load import load_dataset
from dashboard.core.model import prepare
from dashboard.core.places import map_places
from dashboard.core.view import View
from dashboard.devtools.synthetic import write_synthetic
from dashboard.figures import scene as scene_module
from dashboard.figures.actors import actor_table, busiest
from dashboard.figures.common import labelled, relation_paths
from dashboard.figures.scene import make_scene
from dashboard.figures.theme import theme_for


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """4,000 relations among 400 actors: large windows draw the busiest pairs."""
    folder = write_synthetic(tmp_path_factory.mktemp("synthetic"), 4000, 400, seed=2)
    return prepare(load_dataset(folder))


def as_json(figure: dict) -> object:
    """A figure as plotly.js reads it: arrays and lists alike, numbers as
    numbers (1 and 1.0 are the same number to it)."""

    def plain(value):
        if isinstance(value, np.ndarray):
            return value.tolist()
        if isinstance(value, np.generic):
            return value.item()
        raise TypeError(type(value).__name__)

    return json.loads(json.dumps(figure, default=plain))


def plain_scene(monkeypatch, data, view, **options):
    """The scene drawn without the shortcuts: no actor tables made once (each
    builder makes its own from the actors it is given) and counts per actor
    as the dict `Codes.per_actor` gives."""
    arrays = Codes.actor_counts
    with monkeypatch.context() as patched:
        patched.setattr(scene_module, "_drawn_at", lambda data, where: None)
        patched.setattr(Codes, "actor_counts", lambda codes: dict(arrays(codes)))
        return make_scene(data, view, **options)


def views_of(data) -> list[View]:
    first, last = data.span
    middle = first + (last - first) / 2
    busy = data.codes.per_actor()
    hub = max(busy, key=busy.__getitem__)
    whole = View(start=first, end=last)
    return [
        whole,
        replace(whole, start=middle),
        replace(whole, start=middle, end=middle),  # a few relations, drawn one by one
        replace(whole, states=True),
        replace(whole, focus=hub),
        replace(whole, colour="bloc"),
        replace(whole, compare=middle),
        replace(whole, actor_kinds=("state", "person")),
    ]


@pytest.mark.parametrize("look", ["light", "dark"])
def test_scene_draws_what_the_plain_builders_draw(monkeypatch, synthetic, look):
    theme = theme_for(look, present=look == "dark")
    for view in views_of(synthetic):
        fast = make_scene(synthetic, view, theme=theme)
        plain = plain_scene(monkeypatch, synthetic, view, theme=theme)
        assert fast.header == plain.header
        assert as_json(fast.map) == as_json(plain.map), view
        assert as_json(fast.graph) == as_json(plain.graph), view


def test_bundled_scene_draws_what_the_plain_builders_draw(monkeypatch, bundled_data):
    first, last = bundled_data.span
    relation = bundled_data.dataset.relations["id"].iloc[0]
    for view, selection in [
        (View(start=first, end=last), None),
        (View(start=first, end=last, focus="putin"), None),
        (View(start=first, end=last), {"relation": relation}),
        (View(start=date(2025, 11, 21), end=last, states=True), None),
    ]:
        fast = make_scene(bundled_data, view, selection=selection)
        plain = plain_scene(monkeypatch, bundled_data, view, selection=selection)
        assert as_json(fast.map) == as_json(plain.map)
        assert as_json(fast.graph) == as_json(plain.graph)


def test_actor_counts_are_per_actor_as_arrays(synthetic):
    codes = synthetic.codes.at(np.arange(0, len(synthetic.codes.source), 3))
    counts, plain = codes.actor_counts(), codes.per_actor()
    assert list(counts.items()) == list(plain.items())  # same order: by id
    assert len(counts) == len(plain)
    absent = next(a for a in synthetic.codes.actors.tolist() if a not in plain)
    assert absent not in counts and counts.get(absent, 0) == 0
    with pytest.raises(KeyError):
        counts["no such actor"]


def test_the_busiest_labelled_are_those_heapq_picks_ties_included():
    rng = random.Random(4)
    for size in (5, 30, 31, 200):
        ids = sorted(f"a{n:03d}" for n in range(size))
        degree = {actor: rng.choice([1, 2, 2, 3, 3, 3]) for actor in ids}
        expected = set(heapq.nlargest(30, degree, key=degree.__getitem__))
        assert busiest(degree) == expected
        counts = ActorCounts(
            np.array(ids, dtype=object), np.array(list(degree.values()))
        )
        assert busiest(counts) == expected
    actors = [f"a{n:03d}" for n in range(40)]
    assert labelled(actors, {"a000": 1}, {"a001"}) == {"a000", "a001"}
    assert labelled(actors[:3], {}, None) == set(actors[:3])


def test_pairs_are_counted_as_a_plain_count_counts():
    rng = np.random.default_rng(5)
    ids = [f"x{n}" for n in range(30)]
    rows = pd.DataFrame(
        {
            "source": rng.choice(ids, 2000),
            "target": rng.choice(ids, 2000),
            "stance": rng.choice(["cooperative", "neutral", "conflictual"], 2000),
            "confidence": rng.choice(["confirmed", "reported", "speculative"], 2000),
        }
    )
    codes = encode(rows)
    shown = codes.at(np.flatnonzero(rng.random(2000) < 0.4))
    pairs = count_pairs(shown)
    ends = np.sort(np.column_stack([shown.source, shown.target]), axis=1)
    frame = pd.DataFrame(
        {"a": ends[:, 0], "b": ends[:, 1], "stance": shown.stance,
         "confidence": shown.confidence,
         "forward": shown.source < shown.target}
    )  # fmt: skip
    plain = frame.groupby(["a", "b"])
    assert pairs.count.tolist() == plain.size().tolist()
    assert pairs.a.tolist() == [a for a, _ in plain.size().index]
    forward, every_stance, _ = pairs.mixes(np.arange(len(pairs.count)))
    assert forward.tolist() == plain["forward"].sum().tolist()
    stances = pd.crosstab([frame["a"], frame["b"]], frame["stance"])
    stances = stances.reindex(columns=range(3), fill_value=0)
    assert every_stance.tolist() == stances.to_numpy().tolist()
    assert pairs.relations == len(frame)
    drawn = busiest_pairs(pairs, {"x1": "<One>"}, limit=5)
    assert drawn["count"].tolist() == sorted(pairs.count, reverse=True)[:5]
    for hover, mix in zip(drawn["hover"], every_stance[pairs.ranked[:5]].tolist()):
        words = [
            f"{n} {s}"
            for s, n in zip(("conflictual", "cooperative", "neutral"), mix)
            if n
        ]
        assert hover.endswith(f"in the window<br>({', '.join(words)})")


def test_pairs_counted_for_some_pairs_are_those_counted_for_all():
    rng = np.random.default_rng(6)
    ids = [f"x{n}" for n in range(40)]
    rows = pd.DataFrame(
        {
            "source": rng.choice(ids, 3000),
            "target": rng.choice(ids, 3000),
            "stance": rng.choice(["cooperative", "neutral", "conflictual"], 3000),
            "confidence": rng.choice(["confirmed", "reported", "speculative"], 3000),
        }
    )
    codes = encode(rows)
    # a window with some pairs absent, and one with every pair
    for shown in (codes.at(np.flatnonzero(rng.random(3000) < 0.3)), codes):
        pairs = count_pairs(shown)
        chosen = rng.permutation(len(pairs.count))[:25]
        every = pairs.mixes(np.arange(len(pairs.count)))
        for some, all_ in zip(pairs.mixes(chosen), every):
            assert some.tolist() == all_[chosen].tolist()
        levels = pd.crosstab(shown.pair, shown.confidence).reindex(
            columns=range(3), fill_value=0
        )
        assert every[2].tolist() == levels.to_numpy().tolist()
        # the busiest's, kept: the same as counted afresh, and not to be changed
        busiest = pairs.busiest_mixes(10)
        for kept, fresh in zip(busiest, pairs.mixes(pairs.ranked[:10])):
            assert kept.tolist() == fresh.tolist() and not kept.flags.writeable
        assert [len(t) for t in pairs.busiest_mixes(4)] == [4, 4, 4]
        assert [len(t) for t in pairs.busiest_mixes(-1)] == [0, 0, 0]
        assert pairs.involved == len(np.unique(np.r_[pairs.a, pairs.b]))
        assert pairs.ranked.tolist() == np.argsort(-pairs.count, kind="stable").tolist()


def test_pair_codes_are_those_of_the_distinct_rows_of_ends():
    rng = np.random.default_rng(7)
    source, target = rng.integers(-1, 50, 5000), rng.integers(-1, 50, 5000)
    rows = np.sort(np.column_stack([source, target]), axis=1)
    expected, inverse = np.unique(rows, axis=0, return_inverse=True)
    pairs, pair = codes_module._pairs(source, target, 50)
    assert pairs.tolist() == expected.tolist()
    assert pair.tolist() == inverse.ravel().tolist()
    # counts past 16 bits are ranked as the plain stable sort ranks them
    count = np.array([70_000, 3, 70_000, 1, 65_536])
    assert codes_module.descending(count).tolist() == [0, 2, 4, 1, 3]


def test_paths_from_the_table_are_those_from_the_positions():
    actors = pd.DataFrame(
        {"id": ["c", "a", "b", "d"], "name": ["C", "A", "B", "D"],
         "kind": ["person"] * 4, "country": ["RUS", "", "VEN", "BLR"]}
    )  # fmt: skip
    positions = {"a": (0.0, 0.0), "b": (1.0, 0.5), "c": (0.2, 1.0), "e": (2.0, 2.0)}
    relations = pd.DataFrame(
        {"id": ["r1", "r2", "r3", "r4", "r5"],
         "source": ["a", "b", "a", "c", "d"], "target": ["b", "a", "b", "a", "a"],
         "kind": ["call"] * 5, "stance": ["neutral"] * 5,
         "confidence": ["reported"] * 5, "date_label": ["2025"] * 5,
         "hover": ["one", "", "three", "four", "five"]}
    )  # fmt: skip
    table = actor_table(actors).at(positions)
    for rows in (relations, relations.iloc[:4], relations.assign(target="e")):
        fast = relation_paths(rows, positions, {}, table=table)
        plain = relation_paths(rows, positions, {})
        assert fast.ids.tolist() == plain.ids.tolist()
        assert fast.hover.tolist() == plain.hover.tolist()
        assert np.array_equal(fast.xs, plain.xs) and np.array_equal(fast.ys, plain.ys)
    # d has no position: r5 is not drawn; r2 had no hover text: one is written
    assert "r5" not in fast.ids.tolist()
    assert relation_paths(relations, positions, {}).hover[1] != ""


def test_window_bounds_in_another_unit_keep_the_same_relations():
    days = pd.to_datetime(["2025-11-20", "2025-11-21", "2025-11-22"]).as_unit("s")
    relations = pd.DataFrame({"first": days, "last": days})
    noon = pd.Timestamp("2025-11-21 12:00")
    assert active_mask(relations, noon, None).tolist() == [False, False, True]
    assert active_mask(relations, None, noon).tolist() == [True, True, False]
    day = date(2025, 11, 21)
    assert active_mask(relations, day, day).tolist() == [False, True, False]


def test_a_busy_pair_s_hover_writes_its_counts_with_separators():
    """A pair of 1,500 relations: '1500 relations in the window (1200 ...)'
    beside a header that said '1,500 relations'."""
    rows = pd.DataFrame(
        {"source": ["a"] * 1500, "target": ["b"] * 1500,
         "stance": ["cooperative"] * 1200 + ["conflictual"] * 300,
         "confidence": ["confirmed"] * 1500}
    )  # fmt: skip
    (hover,) = busiest_pairs(count_pairs(encode(rows)), {}, limit=5)["hover"]
    assert hover.endswith(
        "1,500 relations in the window<br>(300 conflictual, 1,200 cooperative)"
    )


def plain_clear_of_nodes(xs, ys, centres, sizes, gap=6.0):
    """Where `clear_of_nodes` puts each curve's marker, point by point from
    the middle outwards against every node: the first point clear of all,
    else the first least deep in one; -1 if that is inside a node."""
    chosen = []
    points = xs.shape[1]
    outwards = sorted(range(points), key=lambda index: abs(index - points // 2))
    reach = (np.asarray(sizes) / 2 + gap) ** 2
    for curve_xs, curve_ys in zip(xs, ys):
        best, at = -np.inf, points // 2
        for index in outwards:
            across = curve_xs[index] - centres[:, 0]
            down = curve_ys[index] - centres[:, 1]
            nearest = ((across * across + down * down) / reach).min()
            if nearest > 1:
                at = index
                break
            if nearest > best:
                best, at = nearest, index
        inside = np.hypot(curve_xs[at] - centres[:, 0], curve_ys[at] - centres[:, 1])
        chosen.append(-1 if (inside < np.asarray(sizes) / 2).any() else at)
    return chosen


@pytest.mark.parametrize("seed", range(6))
def test_markers_clear_of_nodes_are_where_the_plain_search_puts_them(seed):
    """The grid of `nearest_reach` measures a point against the nodes near it
    only: the markers go where measuring against every node puts them, in
    a crowd (no point clear) as well as in the open."""
    from dashboard.figures.common import Paths
    from dashboard.figures.geometry import clear_of_nodes

    rng = np.random.default_rng(seed)
    side = 600 if seed % 2 else 250  # 300 nodes in the open, or a crowd
    centres = rng.uniform(0, side, (300, 2))
    sizes = rng.uniform(5, 40, 300)
    starts, ends = rng.uniform(-20, side + 20, (2, 50, 2))
    t = np.linspace(0, 1, 16)
    xs = starts[:, :1] + (ends - starts)[:, :1] * t
    ys = starts[:, 1:] + (ends - starts)[:, 1:] * t
    ids = np.array(["r"] * 50, dtype=object)
    paths = Paths(ids, ids, ids, ids, xs, ys, np.zeros(50))
    chosen = clear_of_nodes(
        paths.xs, paths.ys, lambda xy: np.asarray(xy, float), centres, sizes
    )
    assert chosen.tolist() == plain_clear_of_nodes(xs, ys, centres, sizes)


@pytest.mark.parametrize(
    "spread", [300.0, 10_000.0, 1e9], ids=["figure", "huge figure", "far apart"]
)
def test_nearest_node_is_the_plain_searchs_within_reach(spread):
    """`nearest_reach`'s grid finds every node within reach, as measuring
    against all of them does, and stays a few cells a node however far
    apart the nodes are (one cell a reach's width: 10^15 cells, no memory)."""
    from dashboard.figures.geometry import nearest_reach

    rng = np.random.default_rng(int(spread) % 97)
    nodes = rng.uniform(0, spread, (200, 2))
    nodes[1] = [0.0, 0.0]
    nodes[2] = [spread, spread]  # the grid's far corner
    reach = rng.uniform(4, 1600, 200)
    near = nodes[rng.integers(0, 200, 3_000)] + rng.normal(0, 20, (3_000, 2))
    points = np.concatenate([near, rng.uniform(-50, spread + 50, (500, 2))])
    got = nearest_reach(points, nodes, reach)
    apart = ((points[:, None, :] - nodes[None, :, :]) ** 2).sum(axis=2) / reach
    plain = apart.min(axis=1)
    within = plain <= 1
    assert within.sum() > 1_000
    assert got[within].tolist() == plain[within].tolist()
    assert (got[~within] > 1).all()


def test_a_point_on_a_node_at_a_cell_border_is_within_its_reach():
    """Rounding put this node's reach over three cells of the old grid, of
    which it looked in two: the point on the node was clear of it."""
    from dashboard.figures.geometry import nearest_reach

    at = np.array([[62.73801136506913, 0.0]])
    assert nearest_reach(at, at.copy(), np.array([396.5144446503476])).tolist() == [0.0]


def test_the_actors_on_their_rings_are_kept_per_frame():
    """`_framed` keeps what `on_rings` gives per frame: the next window's
    frame, made anew but equal, finds the actors drawn before, and those it
    draws first are added where `on_rings` puts them (people on their ring,
    the state at its capital); those not drawn stay at their capitals."""
    from dashboard.figures.geoframe import frame_map
    from dashboard.figures.map import _framed, on_rings

    actors = pd.DataFrame(
        {"id": [f"a{n}" for n in range(6)], "name": list("ABCDEF"),
         "kind": ["person"] * 5 + ["state"], "country": ["RUS"] * 6,
         "lat": [55.75] * 6, "lon": [37.62] * 6}
    )  # fmt: skip
    table = actor_table(actors).at(map_places(actors))

    def view():
        lon, lat = np.array([37.62, 27.56]), np.array([55.75, 53.9])
        return frame_map(lon, lat, area=(600, 400))

    xy, pixels = _framed(table, view(), np.array([1, 3]))
    again, _ = _framed(table, view(), np.array([1, 2, 5]))
    assert again is xy  # the same frame's places, two more worked out
    rows = [1, 2, 3, 5]
    assert np.array_equal(xy[rows], on_rings(table, view(), np.arange(6))[rows])
    assert not np.isclose(xy[[1, 2, 3]], table.xy[[1, 2, 3]]).all(axis=1).any()
    assert np.array_equal(pixels[rows], view().pixels(xy[rows, 0], xy[rows, 1]))
    assert np.array_equal(xy[[0, 4]], table.xy[[0, 4]])  # not drawn yet


def test_a_relation_without_a_hover_text_gets_one_written():
    """Hover texts missing (None, NaN) or empty are written from the
    relation, as any blank one; those written at start-up are kept."""
    positions = {"a": (0.0, 0.0), "b": (1.0, 0.5)}
    relations = pd.DataFrame(
        {"id": ["r1", "r2", "r3", "r4"], "source": ["a", "b", "a", "b"],
         "target": ["b", "a", "b", "a"], "kind": ["call"] * 4,
         "stance": ["neutral"] * 4, "confidence": ["reported"] * 4,
         "date_label": ["2025"] * 4, "hover": ["one", None, np.nan, ""]}
    )  # fmt: skip
    hover = relation_paths(relations, positions, {"a": "A", "b": "B"}).hover.tolist()
    assert hover[0] == "one"
    assert all(isinstance(text, str) and "B" in text for text in hover[1:])


def test_a_few_ids_are_found_in_the_table_as_many_are(synthetic):
    """`ActorTable.rows` of a few ids (a dict's lookups) gives what the
    pandas Index gives for many: each id's position, -1 for one it lacks,
    in the order asked."""
    table = actor_table(synthetic.dataset.actors)
    ids = table.ids.tolist()
    asked = [ids[7], "no such actor", ids[0], ids[7], ids[-1]]
    by_index = replace(table, row_of=None)
    for many in (asked, asked * 300):  # below and above the dict's limit
        assert table.rows(many).tolist() == by_index.rows(many).tolist()
    assert table.rows(asked).tolist() == [7, -1, 0, 7, len(ids) - 1]
    assert table.rows([]).tolist() == []


def test_the_overviews_states_alone_are_looked_up_once_per_frame(
    monkeypatch, synthetic
):
    """The rows of the overview's states alone are looked up in their first
    window and kept while the frame is the same; another frame (a data set's
    new states) is looked up again."""
    states = synthetic.dataset.actors.iloc[:5]
    calls = []
    lookup = scene_module.lookup
    monkeypatch.setattr(
        scene_module, "lookup", lambda *args: calls.append(1) or lookup(*args)
    )
    first = scene_module._states_rows(synthetic, states)
    again = scene_module._states_rows(synthetic, states)
    assert again is first and len(calls) == 1
    table = scene_module._states_placed(synthetic)
    assert table.ids[first].tolist() == states["id"].tolist()
    other = synthetic.dataset.actors.iloc[5:8]
    rows = scene_module._states_rows(synthetic, other)
    assert len(calls) == 2 and table.ids[rows].tolist() == other["id"].tolist()
