"""Synthetic data and large views: the generator, pair aggregation (the bench
itself runs in tests/integration/test_bench.py)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core.aggregate import (
    DRAW_LIMIT,
    PairTexts,
    busiest_pairs,
    count_pairs,
    draw_busiest,
    pair_ends,
)
from dashboard.core.codes import encode
from dashboard.core.load import load_dataset
from dashboard.core.model import prepare
from dashboard.core.view import View
from dashboard.figures.actors import LABEL_LIMIT
from dashboard.figures.common import end_rows
from dashboard.web.state import view_store
from dashboard.web.views import update_figures

STANCES = [{"stance": s} for s in ("cooperative", "neutral", "conflictual")]


def test_generator_is_seeded_and_valid(tmp_path):
    assert (
        main(
            [
                "generate",
                "--relations",
                "3000",
                "--actors",
                "300",
                "--out",
                str(tmp_path / "a"),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "generate",
                "--relations",
                "3000",
                "--actors",
                "300",
                "--out",
                str(tmp_path / "b"),
            ]
        )
        == 0
    )
    first, second = (
        (tmp_path / "a" / "relations.csv"),
        (tmp_path / "b" / "relations.csv"),
    )
    assert first.read_bytes() == second.read_bytes()
    dataset = load_dataset(tmp_path / "a")
    assert (len(dataset.actors), len(dataset.relations)) == (300, 3000)
    # activity is skewed: the busiest actor takes part in far more than its share
    busiest = dataset.relations["source"].value_counts().iloc[0]
    assert busiest > 5 * 3000 / 300


@pytest.mark.parametrize(("actors", "seed"), [(260, 5), (300, 1), (2000, 5)])
def test_generated_relations_never_join_an_actor_to_itself(actors, seed):
    """A relation drawn with one actor at both ends goes to the next actor.
    The next was looked up in ids that are not sorted (states come first),
    and found the same actor again: 20,000 relations among 2,000 actors
    (seed 5) held two that `check` refused, and no server started on them."""
    from dashboard.devtools.synthetic import generate

    table, relations = generate(20_000, actors, seed=seed)
    assert not (relations["source"] == relations["target"]).any()
    assert set(relations["target"]) <= set(table["id"])


def test_generated_spikes_are_the_datas_bursts(tmp_path, capsys):
    """``generate --spikes 2``: bursty data to try the dashboard on, as a
    crisis makes in an event feed; the rest of the data as without them."""
    plain, spiked = tmp_path / "plain", tmp_path / "spiked"
    for out, more in ((plain, []), (spiked, ["--spikes", "2"])):
        args = ["generate", "--relations", "20000", "--actors", "300", "--seed", "4"]
        assert main([*args, *more, "--out", str(out)]) == 0
    assert "(seed 4, 2 spikes)" in capsys.readouterr().out
    data = prepare(load_dataset(spiked))
    windows = [data.presets[name] for name in data.bursts]
    assert len(windows) == 2
    firsts = data.dataset.relations["first"].dt.date
    for start, end in windows:
        assert (end - start).days < 3
        assert ((firsts >= start) & (firsts <= end)).sum() >= 0.02 * 20000
    assert prepare(load_dataset(plain)).bursts == ()
    before, after = (pd.read_csv(d / "relations.csv") for d in (plain, spiked))
    assert (before["start"] != after["start"]).sum() <= 2 * 0.02 * 20000
    assert main(["generate", "--spikes", "-1", "--out", str(tmp_path / "x")]) == 2
    assert "--spikes must be 0 or more" in capsys.readouterr().err


def test_a_large_view_of_few_pairs_says_none_is_left_out(tmp_path):
    """More relations than are drawn one by one, but fewer pairs than the
    limit: every pair is drawn, and "the 267 busiest of 267 pairs" read as
    if some were missing."""
    main(["generate", "--relations", "2000", "--actors", "20", "--out", str(tmp_path)])
    data = prepare(load_dataset(tmp_path))
    view = View(start=date(2000, 1, 1), end=date(2030, 12, 31), network="all")
    _, _, _, header, _, said, _ = update_figures(data, store_of(view))
    pairs = count_pairs(data.codes)
    assert len(pairs.count) < DRAW_LIMIT < 2000
    assert said == (
        f"drawn: each of the {len(pairs.count):,} pairs as one line "
        "(all 2,000 relations)"
    )
    assert "busiest" not in header and "drawn" not in header


def test_large_views_draw_the_busiest_pairs_and_say_so(tmp_path):
    main(
        ["generate", "--relations", "4000", "--actors", "400", "--seed", "2"]
        + ["--out", str(tmp_path)]
    )
    data = prepare(load_dataset(tmp_path))
    # every actor asked for (the network opens on its overview of states:
    # tests/unit/test_overview.py)
    view = View(start=date(2015, 1, 1), end=date(2025, 12, 31), network="all")
    _, network, _, header, _, said, _ = update_figures(data, store_of(view))
    # said beside the map's title, not again in the header (whose counts then
    # ended "4,999 actors…" at 1280 px, the note cut whole)
    assert said.startswith(f"drawn: the {DRAW_LIMIT:,} busiest of")
    assert "drawn" not in header and header.endswith(" actors")
    drawn = {
        item[1]
        for trace in network["data"]
        for item in trace.get("customdata", [])
        if item[0] == "relation"
    }
    assert len(drawn) == DRAW_LIMIT and all(pair_ends(pair) for pair in drawn)


#: Four relations of three pairs, b-a's three in both directions.
FOUR_RELATIONS = pd.DataFrame(
    {"source": ["a", "b", "b", "c"], "target": ["b", "a", "a", "a"],
     "stance": ["cooperative", "conflictual", "conflictual", "neutral"],
     "confidence": ["confirmed", "reported", "reported", "reported"]}
)  # fmt: skip


def test_aggregate_pairs_counts_both_directions():
    rows = FOUR_RELATIONS
    counted = count_pairs(encode(rows))
    pairs = busiest_pairs(counted, {"a": "A", "b": "B"}, limit=1500)
    first = pairs.iloc[0]
    assert len(counted.count) == len(pairs) == 2 and first["count"] == 3
    # drawn the way most of its relations go, in the stance most of them have
    assert (first["source"], first["target"], first["stance"]) == (
        "b",
        "a",
        "conflictual",
    )
    assert (
        "3 relations in the window<br>(2 conflictual, 1 cooperative)" in first["hover"]
    )


def test_busiest_pairs_is_the_table_pandas_would_make_with_the_ids_given():
    """The pairs' table, made from its blocks, reads, compares and changes as
    one made by pandas' constructor does; ``ids`` name its rows (the
    overview's links) in place of the pairs' own."""
    rows = FOUR_RELATIONS
    counted = count_pairs(encode(rows))
    drawn = busiest_pairs(counted, {"a": "A"}, limit=5, ids=["states:a~b", "x"])
    made = pd.DataFrame(
        {"id": ["states:a~b", "x"], "source": ["b", "c"], "target": ["a", "a"],
         "stance": ["conflictual", "neutral"], "confidence": ["reported"] * 2,
         "hover": ["<b>A – b</b><br>3 relations in the window"
                   "<br>(2 conflictual, 1 cooperative)",
                   "<b>A – c</b><br>1 relation in the window<br>(1 neutral)"]},
        dtype=object,
    )  # fmt: skip
    made.insert(5, "count", np.array([3, 1], dtype=np.int64))
    pd.testing.assert_frame_equal(drawn, made)
    drawn["id"] = ["y", "z"]  # the block is its own: changing it changes no other
    assert busiest_pairs(counted, {}, limit=1)["id"].tolist() == ["pair:a~b"]
    assert busiest_pairs(counted, {}, limit=0).empty


def test_pairs_texts_kept_per_data_set_write_what_each_window_would():
    """A window's pairs' ids and hovers taken from the texts kept for the data
    set's table of pairs (written by earlier windows, some pairs new) are
    those written for that window alone; texts kept for another table of
    pairs are not used."""
    rng = np.random.default_rng(3)
    ids = np.array([f"x{n:02d}" for n in range(30)], dtype=object)
    rows = pd.DataFrame(
        {"source": rng.choice(ids, 2_000), "target": rng.choice(ids, 2_000),
         "stance": rng.choice(["cooperative", "neutral", "conflictual"], 2_000),
         "confidence": ["reported"] * 2_000}
    )  # fmt: skip
    rows = rows[rows["source"] != rows["target"]].reset_index(drop=True)
    codes = encode(rows)
    names = {actor: f"Name of {actor}" for actor in ids[::2]}
    texts = PairTexts(codes.actors, codes.pairs, names)
    other = PairTexts(codes.actors, codes.pairs.copy(), {})
    for labels in (np.arange(0, 600), np.arange(300, len(rows)), np.arange(50)):
        counted = count_pairs(codes.at(labels))
        alone = busiest_pairs(counted, names, limit=40)
        for kept in (texts, other):
            pd.testing.assert_frame_equal(
                busiest_pairs(counted, names, limit=40, texts=kept), alone
            )
    assert texts._written.sum() > 40 and not other._written.any()


def test_large_data_fills_the_actor_menus_as_the_user_types(tmp_path):
    from dashboard.web.app import create_app
    from dashboard.web.controls import OPTION_LIMIT

    main(["generate", "--relations", "2000", "--actors", str(OPTION_LIMIT + 100),
          "--seed", "3", "--out", str(tmp_path / "big")])  # fmt: skip
    dataset = load_dataset(tmp_path / "big")
    app = create_app(dataset=dataset)
    layout = str(app.layout())  # a function: the page of the data as it is now
    assert "options=[]" in layout.replace(" ", "")  # no 400-name menus in the page
    menu = next(k for k in app.callback_map if k == "actor-search.options")
    callback = app.callback_map[menu]["callback"].__wrapped__
    name = dataset.actors["name"].iloc[7]
    found = callback(name[:6].lower(), None)
    assert 0 < len(found) <= 30
    assert all(name[:6].lower() in option["label"].lower() for option in found)
    chosen = dataset.actors["id"].iloc[0]
    assert callback("", chosen) == [
        option for option in callback(dataset.actors["name"].iloc[0], None)
        if option["value"] == chosen
    ]  # fmt: skip


def _elements(component) -> int:
    """How many Dash components ``component`` holds, itself included."""
    if isinstance(component, (list, tuple)):
        return sum(_elements(part) for part in component)
    children = getattr(component, "children", None)
    if not hasattr(component, "_type"):
        return 0  # text
    return 1 + (_elements(children) if children is not None else 0)


def test_a_large_window_lists_a_few_relations_in_few_elements(tmp_path):
    # every element costs Dash's renderer time on every update of the page
    from dashboard.web.panels import LIST_LIMIT, make_details

    main(["generate", "--relations", "3000", "--actors", "300", "--out", str(tmp_path)])
    data = prepare(load_dataset(tmp_path))
    relations = data.dataset.relations
    panel = make_details(data.dataset.actors, relations, None, data.names)
    listed = panel[1].children[1].children
    assert len(listed) == LIST_LIMIT <= 50
    assert "3,000 relations in this window (the first" in panel[1].children[0].children
    assert _elements(panel) <= 6 * LIST_LIMIT
    busiest = relations["source"].value_counts().index[0]
    panel = make_details(data.dataset.actors, relations, {"actor": busiest}, data.names)
    assert len(panel[1].children[1].children) == LIST_LIMIT
    assert _elements(panel) <= 12 * LIST_LIMIT


def test_the_details_list_the_same_first_relations_without_copying_the_window(
    tmp_path,
):
    # Shown.earliest takes the few listed rows only; the panel is the same
    from dashboard.core.model import shown_view
    from dashboard.web.panels import LIST_LIMIT, make_details

    main(["generate", "--relations", "3000", "--actors", "300", "--out", str(tmp_path)])
    data = prepare(load_dataset(tmp_path))
    middle = data.span[0] + (data.span[1] - data.span[0]) / 2
    for view in (
        View(start=data.span[0], end=data.span[1]),
        View(start=data.span[0], end=middle, confidence=("high",)),
        View(start=middle, end=middle),
    ):
        shown = shown_view(data, view)
        earliest = shown.earliest(LIST_LIMIT, begun_from=view.start)
        assert shown._relations is None  # the window's rows not copied
        assert len(earliest) >= min(LIST_LIMIT, shown.count)
        window = (view.start, view.end)
        whole = make_details(
            data.dataset.actors, shown.relations, None, data.names, window=window
        )
        listed = make_details(
            data.dataset.actors, earliest, None, data.names, total=shown.count,
            window=window,
        )  # fmt: skip
        assert repr(listed) == repr(whole)


def test_a_windows_list_opens_on_the_relations_begun_in_it(tmp_path):
    """A burst's list opened on relations begun years before and going on
    ("2015 – ongoing"), not on the burst's own."""
    from dashboard.core.model import shown_view
    from dashboard.web.panels import LIST_LIMIT, make_details

    main(["generate", "--relations", "3000", "--actors", "300", "--spikes", "2",
          "--seed", "3", "--out", str(tmp_path)])  # fmt: skip
    data = prepare(load_dataset(tmp_path))
    start, end = data.span[1] - pd.Timedelta(days=20), data.span[1]
    shown = shown_view(data, View(start=start, end=end))
    began = shown.relations["first"] >= pd.Timestamp(start)
    assert 0 < began.sum() < LIST_LIMIT < len(began)  # most began before it
    details = make_details(
        data.dataset.actors, shown.earliest(LIST_LIMIT, begun_from=start), None,
        data.names, total=shown.count, window=(start, end),
    )  # fmt: skip
    heading, items = details[1].children
    assert "relations in this window, those begun in it first" in heading.children
    listed = [getattr(item, "data-relation") for item in items.children]
    new = set(shown.relations.loc[began, "id"])
    assert set(listed[: len(new)]) == new and len(listed) == LIST_LIMIT


def test_blocs_and_change_of_a_large_window_come_quickly(tmp_path):
    # Louvain by igraph beyond 500 actors; the change between dates in one pass
    from dashboard.core.analysis import blocs, compare_windows
    from dashboard.core.graph import active_between

    main(["generate", "--relations", "6000", "--actors", "800", "--seed", "5",
          "--out", str(tmp_path)])  # fmt: skip
    relations = load_dataset(tmp_path).relations
    found = blocs(relations, {})
    cooperative = relations[relations["stance"] == "cooperative"]
    tied = set(cooperative["source"]) | set(cooperative["target"])
    assert len(tied) > 500 and set(found) == tied
    assert found == blocs(relations, {})  # seeded: the same colours next time
    assert 1 < len(set(found.values())) < len(tied)
    first, last = relations["first"].min(), relations["first"].max()
    middle = first + (last - first) / 2
    before = (first.date(), middle.date())
    after = ((middle + pd.Timedelta(days=1)).date(), last.date())
    change = compare_windows(relations, before, after)
    assert len(change.flipped) > 0

    def prevailing(rows):  # the same rule, counted another way
        keyed = rows.assign(
            pair=[tuple(sorted(p)) for p in zip(rows["source"], rows["target"])],
            weight=rows["stance"].map(
                {"conflictual": 0, "neutral": 1, "cooperative": 2}
            ),
        )
        counts = keyed.groupby(["pair", "stance", "weight"]).size()
        best = (
            counts.reset_index(name="n")
            .sort_values(["pair", "n", "weight"], ascending=[True, False, True])
            .drop_duplicates("pair")
        )
        return dict(zip(best["pair"], best["stance"]))

    was = prevailing(active_between(relations, *before))
    now = prevailing(active_between(relations, *after))
    turned = {pair for pair in now if pair in was and was[pair] != now[pair]}
    flipped = change.flipped
    assert {tuple(sorted(p)) for p in zip(flipped["source"], flipped["target"])} == (
        turned
    )


def test_a_busy_actors_neighbourhood_stays_within_the_caps(tmp_path):
    # the busiest actor's neighbours are hundreds: not all drawn, not all named
    from dashboard.figures.common import LABEL_LIMIT

    main(
        ["generate", "--relations", "4000", "--actors", "400", "--seed", "2"]
        + ["--out", str(tmp_path)]
    )
    data = prepare(load_dataset(tmp_path))
    busiest = data.dataset.relations["source"].value_counts().index[0]
    view = View(start=date(2015, 1, 1), end=date(2025, 12, 31), focus=busiest, depth=1)
    _, network, _, header, _, drawn, _ = update_figures(data, store_of(view))
    assert drawn.startswith(f"drawn: the {DRAW_LIMIT:,} busiest of")
    nodes = [
        item[1]
        for trace in network["data"]
        if trace.get("customdata") is not None and trace["customdata"][0][0] == "actor"
        for item in trace["customdata"]
    ]
    assert len(set(nodes)) <= 2 * DRAW_LIMIT
    named = [  # beside their markers, over all of them, or away on leader lines
        text
        for trace in network["data"]
        if trace.get("name") in ("names", "labels")
        for text in trace["text"]
    ]
    assert data.names[busiest] in named and len(named) <= 2 * LABEL_LIMIT


def test_a_selected_actors_pairs_stay_strong_when_pairs_are_drawn(tmp_path):
    main(
        ["generate", "--relations", "4000", "--actors", "400", "--seed", "2"]
        + ["--out", str(tmp_path)]
    )
    data = prepare(load_dataset(tmp_path))
    busiest = data.dataset.relations["source"].value_counts().index[0]
    view = View(start=date(2015, 1, 1), end=date(2025, 12, 31), focus=busiest)
    _, network, *_ = update_figures(data, store_of(view))
    alpha = {
        item[1]: float(colour.rsplit(",", 1)[1].rstrip(")"))
        for trace in network["data"]
        if trace.get("name") == "relations"
        for item, colour in zip(trace["customdata"], trace["marker"]["color"])
    }
    strong = {pair for pair, value in alpha.items() if value == 1}
    assert strong and len(strong) < len(alpha)
    assert all(busiest in pair_ends(pair) for pair in strong)
    assert all(busiest not in pair_ends(pair) for pair in set(alpha) - strong)


def test_the_focus_is_drawn_even_when_none_of_its_pairs_is_among_the_busiest(tmp_path):
    import itertools

    from dashboard.figures.scene import make_scene

    people = [f"p{i:02d}" for i in range(60)]
    others = [f"h{i:02d}" for i in range(90)]
    actors = ["id,name,kind,country"] + [
        f"{a},{a},person,RUS" for a in ["hub", *people, *others]
    ]
    rows = ["id,source,target,kind,start,confidence"]
    busy = list(itertools.islice(itertools.combinations(people, 2), 1600))
    for number, (a, b) in enumerate(busy * 2):  # two relations per busy pair
        rows.append(f"b{number},{a},{b},call,2020-01-{1 + number % 28:02d},reported")
    for number, other in enumerate(others):  # one each for the hub's 90 ties
        rows.append(f"h{number},hub,{other},call,2020-02-01,reported")
    (tmp_path / "actors.csv").write_text("\n".join(actors) + "\n")
    (tmp_path / "relations.csv").write_text("\n".join(rows) + "\n")
    data = prepare(load_dataset(tmp_path))
    view = View(start=date(2020, 1, 1), end=date(2020, 12, 31), focus="hub")
    scene = make_scene(data, view)
    assert scene.map_words().startswith(f"drawn: the {DRAW_LIMIT:,} busiest")
    drawn = {
        item[1]
        for trace in scene.graph["data"]
        if trace.get("customdata") is not None and trace["customdata"][0][0] == "actor"
        for item in trace["customdata"]
    }
    assert "hub" in drawn and not drawn & set(others)


def store_of(view: View) -> dict:
    """The View store's value for ``view`` (its focus selected)."""
    return view_store(view, {"actor": view.focus} if view.focus else None)


def test_change_rings_follow_the_pairs_drawn_for_a_large_view(tmp_path):
    # beyond DRAW_LIMIT pairs are drawn, not relations: a pair is ringed when
    # any of its relations appeared, ended or flipped
    from dashboard.figures.scene import make_scene

    main(["generate", "--relations", "3000", "--actors", "200", "--seed", "3",
          "--out", str(tmp_path)])  # fmt: skip
    data = prepare(load_dataset(tmp_path))
    first, last = data.span
    split = first + (last - first) / 2
    scene = make_scene(data, View(start=first, end=last, compare=split))
    assert scene.shown.count > DRAW_LIMIT
    drawn = {
        rid
        for trace in scene.graph["data"]
        for kind, rid in trace.get("customdata", [])
        if kind == "relation"
    }
    rings = [t for t in scene.graph["data"] if t.get("name", "").startswith("appeared")]
    assert len(rings) == 1 and 0 < len(rings[0]["x"]) <= len(drawn)


def test_a_selected_actor_is_named_before_its_many_busier_neighbours(tmp_path):
    """A person with dozens of neighbours, more than thirty of them busier:
    the emphasis is too large to name whole, and the selected actor is
    still named first, on the map and on the network."""
    main(
        ["generate", "--relations", "14000", "--actors", "300", "--out", str(tmp_path)]
    )
    data = prepare(load_dataset(tmp_path))
    relations = data.dataset.relations
    counts = pd.concat([relations["source"], relations["target"]]).value_counts()
    around: dict[str, set[str]] = {}
    for source, target in zip(relations["source"], relations["target"]):
        around.setdefault(source, set()).add(target)
        around.setdefault(target, set()).add(source)
    people = data.dataset.actors.query("kind == 'person'")["id"]
    busier = {a: sum(counts[n] > counts[a] for n in around[a]) for a in people}
    chosen = max(busier, key=busier.get)
    assert busier[chosen] > LABEL_LIMIT  # the case: more busier than are named
    view = View(start=date(2015, 1, 1), end=date(2025, 12, 31), focus=chosen)
    geo, network, *_ = update_figures(data, store_of(view))
    for figure in (geo, network):
        beside = {  # the names drawn beside their markers, over every marker
            text
            for trace in figure["data"]
            if trace.get("name") == "names"
            for text in trace.get("text") or ()
        }
        away = {  # or moved away from its marker, on a leader line
            text
            for trace in figure["data"]
            if trace.get("mode") == "text"
            for text in trace.get("text") or ()
        }
        assert data.names[chosen] in beside | away


def test_names_are_drawn_over_every_marker_in_a_large_view(tmp_path):
    """With a focus in a large view, a name drawn in its kind's marker trace
    lay under the markers of the kinds drawn after it (56 names' boxes met
    a later marker on the map at 100,000 relations). Every name is drawn
    after every marker, on the map and the network, on screen and in an
    image, and the focus is among them."""
    from dashboard.figures.scene import make_scene

    main(
        ["generate", "--relations", "4000", "--actors", "400", "--seed", "2"]
        + ["--out", str(tmp_path)]
    )
    data = prepare(load_dataset(tmp_path))
    busiest = data.dataset.relations["source"].value_counts().index[0]
    view = View(start=date(2015, 1, 1), end=date(2025, 12, 31), focus=busiest)
    image = {"map": (1000.0, 560.0), "graph": (1000.0, 560.0)}
    for scene in (make_scene(data, view), make_scene(data, view, plots=image)):
        for figure in (scene.map, scene.graph):
            traces = figure["data"]
            markers = [  # actors' and relations' markers, not the legend's
                number
                for number, trace in enumerate(traces)
                if "markers" in trace.get("mode", "") and trace.get("customdata")
            ]
            named = [
                number
                for number, trace in enumerate(traces)
                if any(text for text in trace.get("text") or [])
            ]
            assert len(markers) >= 4 and named
            assert min(named) > max(markers)
            names = {text for number in named for text in traces[number]["text"]}
            assert data.names[busiest] in names and len(names) >= 8


def test_a_large_window_keeps_the_actors_of_the_pairs_drawn_and_those_named(
    bundled_data,
):
    """The actors a large window draws: each end of a pair drawn and each
    actor named (a focus), in the table's order, whether the view's filters
    keep every actor or some."""
    from dashboard.figures.scene import _actor_table, _kept

    data = bundled_data
    pairs = count_pairs(data.codes)
    top = pairs.ranked[:5]
    ends = set(pairs.actors[pairs.a[top]]) | set(pairs.actors[pairs.b[top]])
    quiet = sorted(set(data.dataset.actors["id"]) - ends)[0]
    every = data.dataset.actors
    some = every.iloc[::2]
    table = _actor_table(data)
    for actors in (every, some):
        kept, rows = _kept(data, actors, pairs.a[top], pairs.b[top], {quiet})
        wanted = actors[actors["id"].isin(ends | {quiet})]
        pd.testing.assert_frame_equal(kept, wanted, check_dtype=False)
        # where the figures find them in the table, without looking them up
        assert table.ids[rows].tolist() == wanted["id"].tolist()
        assert 0 < len(kept) < len(actors)


def test_a_large_windows_pairs_ends_are_found_from_their_codes(bundled_data):
    """The table rows of the ends of the pairs a large window draws, worked
    out from the pairs' codes, are those the figures would look up by id,
    whichever way each pair is drawn."""
    from dashboard.figures.scene import (
        _actor_table,
        _names_markup,
        _pair_end_rows,
    )

    data = bundled_data
    pairs = count_pairs(data.codes)
    top = pairs.ranked[:40]
    made = draw_busiest(pairs, _names_markup(data), 40)
    drawn = made.table
    table = _actor_table(data)
    ends = _pair_end_rows(data, made.forward, pairs.a[top], pairs.b[top])
    assert ends.tolist() == end_rows(drawn, table).tolist()
    # the columns given beside the table are its own
    assert made.ids.tolist() == drawn["id"].tolist()
    assert made.count.tolist() == drawn["count"].tolist()
    # some drawn from their first actor to their second, some back
    backwards = drawn["source"].to_numpy() != pairs.actors[pairs.a[top]]
    assert 0 < backwards.sum() < len(drawn)
