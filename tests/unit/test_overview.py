"""A large view's network opens on its states (core/overview.py,
figures/overview.py): states as nodes, a state opened on a click or by a
selection, the opened states in the URL, small data drawn as before."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from dashboard.core.aggregate import count_pairs
from dashboard.core.load import load_dataset
from dashboard.core.model import prepare, shown_view
from dashboard.core.overview import (
    MAX_EXPANDED,
    MEMBERS_LIMIT,
    OVERVIEW_FROM,
    home_states,
    overview_codes,
    plan_overview,
    wants_overview,
)
from dashboard.core.overview_layout import cluster_radius, evenly, overview_positions
from dashboard.core.urlstate import parse_query, to_query
from dashboard.core.view import View
from dashboard.devtools.synthetic import write_synthetic
from dashboard.figures.network import CLICK_HINTS
from dashboard.figures.overview import (
    network_overview,
    overview_note,
    overview_said,
)
from dashboard.figures.scene import make_scene
from dashboard.outputs import briefing
from dashboard.outputs.briefing import Slide, make_deck, view_image
from dashboard.web import ids
from dashboard.web.controls import controls_to_view, view_to_controls
from dashboard.web.inputs import clean_controls
from dashboard.web.state import update_state

STANCES = [
    {"type": ids.KINDS, "stance": s} for s in ("cooperative", "neutral", "conflictual")
]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """6,000 relations among 900 actors: far more than the overview's threshold."""
    folder = write_synthetic(tmp_path_factory.mktemp("overview"), 6000, 900, seed=4)
    return prepare(load_dataset(folder))


def whole(data, **changes) -> View:
    return replace(View(start=data.span[0], end=data.span[1]), **changes)


def nodes(graph: dict) -> dict[str, str]:
    """What a click on each node of a network figure does, by actor id."""
    return {
        item[1]: item[0]
        for trace in graph["data"]
        if "markers" in trace.get("mode", "")
        for item in trace.get("customdata") or []
        if item[0] != "relation"
    }


def labels(graph: dict) -> set[str]:
    """Every name written on a figure (beside a marker or on a leader line)."""
    return {
        text
        for trace in graph["data"]
        for text in (trace.get("text") or [])
        if isinstance(text, str) and text
    }


def as_json(figure: dict) -> str:
    return json.dumps(figure, default=lambda value: value.tolist(), sort_keys=True)


def state_of(data, actor: str) -> str:
    home = home_states(data.dataset.actors, data.codes.actors)
    return data.codes.actors[home[np.searchsorted(data.codes.actors, actor)]]


def test_a_large_view_opens_on_its_states_and_says_so(large):
    scene = make_scene(large, whole(large))
    drawn = nodes(scene.graph)
    states = set(large.dataset.actors.query("kind == 'state'")["id"])
    # one node per state, each opened by a click, and nothing else
    assert set(drawn) == states and set(drawn.values()) == {"expand"}
    assert len(drawn) < len(large.dataset.actors) / 3
    note = scene.graph["layout"]["annotations"][0]["text"]
    # as many actors as the header counts (those the window's relations involve)
    involved = re.search(r"among ([\d,]+) actors", scene.header).group(1)
    assert involved != "900" and f"Overview: {involved} actors as" in note
    assert "click a state for its actors" in note
    hovers = [h for t in scene.graph["data"] for h in (t.get("hovertext") or [])]
    assert any(CLICK_HINTS["expand"] in hover for hover in hovers)
    # the map draws every actor as before
    assert scene.map_words().startswith("drawn: the")
    # a month: its actors' states, not every state (the rest drawn faded)
    month = whole(large, start=date(2020, 3, 1), end=date(2020, 3, 31))
    note = make_scene(large, month).graph["layout"]["annotations"][0]["text"]
    shown = shown_view(large, month).relations
    involved = set(shown["source"]) | set(shown["target"])
    theirs = {state_of(large, actor) for actor in involved}
    assert len(theirs) < len(drawn)
    assert f"Overview: {len(involved):,} actors as {len(theirs)} states" in note


def test_the_overview_says_which_actors_it_cannot_draw(tmp_path):
    """An actor whose country has no state in the data (the article's CIAN;
    ICEWS people of 19 countries never named themselves) has no node: the
    note says so, where "554 actors as 131 states" had hidden 22 of them."""
    folder = write_synthetic(tmp_path, 3000, 400, seed=2)
    actors = pd.read_csv(folder / "actors.csv", dtype=str, keep_default_na=False)
    relations = pd.read_csv(folder / "relations.csv", dtype=str)
    people = actors.index[actors["kind"] == "person"]
    busy = actors.loc[people, "id"].isin(relations["source"])
    alone = people[busy.to_numpy()][:3]
    actors.loc[alone, "kind"], actors.loc[alone, "country"] = "organization", ""
    actors.to_csv(folder / "actors.csv", index=False)
    data = prepare(load_dataset(folder))
    scene = make_scene(data, whole(data))
    note = scene.graph["layout"]["annotations"][0]["text"]
    assert "actors as" in note and "(3 without a state, not drawn)" in note
    drawn = nodes(scene.graph)
    assert not set(actors.loc[alone, "id"]) & set(drawn)


def test_every_actor_when_asked_and_small_data_as_before(large, bundled_data):
    everyone = make_scene(large, whole(large, network="all"))
    assert len(nodes(everyone.graph)) > OVERVIEW_FROM
    assert "annotations" not in everyone.graph["layout"]
    small = whole(bundled_data)
    assert not wants_overview(small, len(bundled_data.dataset.actors))
    drawn, all_actors = (
        make_scene(bundled_data, view).graph
        for view in (small, replace(small, network="all", expand=("s-rus",)))
    )
    assert as_json(drawn) == as_json(all_actors)
    assert "annotations" not in drawn["layout"]
    assert set(nodes(drawn).values()) == {"actor"}


def test_opening_a_state_draws_its_busiest_actors_around_it(large):
    state = "s-" + large.dataset.actors.query("kind == 'person'")["country"].iloc[0]
    state = state.lower()
    assert state in large.names
    scene = make_scene(large, whole(large, expand=(state,)))
    drawn = nodes(scene.graph)
    assert drawn[state] == "collapse"  # a second click folds it back
    members = set(drawn) - set(large.dataset.actors.query("kind == 'state'")["id"])
    own = set(
        large.dataset.actors.query(
            f"kind != 'state' and country == '{state[2:].upper()}'"
        )["id"]
    )
    assert members and members <= own and len(members) == min(len(own), MEMBERS_LIMIT)
    assert set(drawn[m] for m in members) == {"actor"}  # a click selects them
    # their relations are drawn, to the states of the others
    pairs = {
        item[1]
        for trace in scene.graph["data"]
        for item in trace.get("customdata") or []
        if item[0] == "relation"
    }
    assert any(any(m in pair for m in members) for pair in pairs)
    assert "Open: " in scene.graph["layout"]["annotations"][0]["text"]


def test_an_opened_states_actors_keep_their_links_beside_its_own(large):
    """The state's own links, the busiest, took every first place once an
    opened state's own relations were drawn first too: Myanmar's 3 actors
    were placed around it with none of their 12 links."""
    scene = make_scene(large, whole(large, expand=("s-mmr",)))
    drawn = nodes(scene.graph)
    members = {actor for actor, click in drawn.items() if click == "actor"}
    links = [
        item[1][len("states:") :].split("~")
        for trace in scene.graph["data"]
        for item in trace.get("customdata") or []
        if item[0] == "relation" and item[1].startswith("states:")
    ]
    assert members and sum(bool(members & set(ends)) for ends in links) >= 12


def test_an_opened_states_actors_are_named_in_the_crowd(large):
    """The user opened the states to see who is in them: their actors were
    drawn in the crowded middle, and left unnamed for want of room (1 of
    17 named here). Names still never cover each other, so a few may not
    find a place."""
    actors = large.dataset.actors
    busiest = actors.query("kind != 'state'")["country"].value_counts().index[:2]
    opened = tuple(sorted("s-" + country.lower() for country in busiest))
    scene = make_scene(large, whole(large, expand=opened))
    drawn = {actor for actor, click in nodes(scene.graph).items() if click == "actor"}
    assert len(drawn) >= 6
    names = actors.set_index("id")["name"]
    named = {names[actor] for actor in drawn} & labels(scene.graph)
    assert len(named) >= 0.75 * len(drawn)


def test_opening_a_state_of_no_actors_draws_its_own_relations(large):
    """A state with no actor of its own opened onto nothing: the overview
    faded and none of its relations was drawn (they were not among the
    busiest 120 links)."""
    actors = large.dataset.actors
    countries = set(actors.loc[actors["kind"] != "state", "country"])
    lonely = sorted(
        f"s-{code.lower()}"
        for code in set(actors.loc[actors["kind"] == "state", "country"]) - countries
    )
    relations = large.dataset.relations
    ends = relations["source"].tolist() + relations["target"].tolist()
    state = max(lonely, key=ends.count)
    assert ends.count(state) > 0
    scene = make_scene(large, whole(large, expand=(state,)))
    links = [
        item[1]
        for trace in scene.graph["data"]
        for item in trace.get("customdata") or []
        if item[0] == "relation"
    ]
    own = [link for link in links if state in link.split(":", 1)[1].split("~")]
    assert own  # its links are drawn, at full strength (the rest faded)
    assert nodes(scene.graph)[state] == "collapse"


def test_a_selection_opens_its_state_names_it_and_is_framed(large):
    busy = large.codes.per_actor()
    people = set(large.dataset.actors.query("kind == 'person'")["id"])
    states = set(large.dataset.actors.query("kind == 'state'")["id"])
    # the quietest person with a neighbour other than a state: one drawn as
    # itself when its state is opened
    focus = min(
        (
            one
            for one in sorted(people & set(busy))
            if _neighbours(large, one) - states - {one}
        ),
        key=busy.__getitem__,
    )
    scene = make_scene(large, whole(large, focus=focus))
    drawn = nodes(scene.graph)
    label = large.names[focus]
    assert focus in drawn and label in labels(scene.graph)
    assert state_of(large, focus) in drawn  # its state, opened: a click selects it
    assert drawn[state_of(large, focus)] == "actor"
    # the axes hold the focus
    x, y = _position(scene.graph, focus)
    layout = scene.graph["layout"]
    assert layout["xaxis"]["range"][0] <= x <= layout["xaxis"]["range"][1]
    assert layout["yaxis"]["range"][0] <= y <= layout["yaxis"]["range"][1]
    # its neighbours drawn as themselves, most of them named
    neighbours = (set(drawn) & _neighbours(large, focus)) - states - {focus}
    named = {a for a in neighbours if large.names[a] in labels(scene.graph)}
    assert neighbours and len(named) >= len(neighbours) / 2


def outside(graph: dict) -> list[tuple[str, float, float]]:
    """Every point a trace of ``graph`` draws (a node, a point of a link's
    curve, its marker, a name) outside the axes' ranges: cut at the edge."""
    (x0, x1), (y0, y1) = (graph["layout"][axis]["range"] for axis in ("xaxis", "yaxis"))
    found = []
    for trace in graph["data"]:
        xs = np.array(trace.get("x", []), dtype=float).ravel()
        ys = np.array(trace.get("y", []), dtype=float).ravel()
        cut = (xs < x0) | (xs > x1) | (ys < y0) | (ys > y1)  # NaN: a gap
        kind = trace.get("name") or trace.get("mode", "")
        found += [(kind, x, y) for x, y in zip(xs[cut].tolist(), ys[cut].tolist())]
    return found


@pytest.mark.parametrize("size", [(490, 300), (760, 560)], ids=["720p", "1080p"])
def test_a_selection_draws_every_node_and_link_inside_the_frame(large, size):
    """A selection framed the overview on itself and the actors it reached:
    the states it and the other nodes deal with stayed outside, their links
    (faded, or the selection's own at full strength) cut at the figure's
    edge. The quietest, a middling and the busiest actor, a path, an opened
    state, and a selected link's relations."""
    busy = large.codes.per_actor()
    people = sorted(
        set(large.dataset.actors.query("kind == 'person'")["id"]) & set(busy),
        key=busy.__getitem__,
    )
    views = [whole(large, focus=people[at]) for at in (0, len(people) // 2, -1)]
    views.append(whole(large, path=(people[0], people[-1])))
    views.append(whole(large, expand=(state_of(large, people[-1]),)))
    for view in views:
        graph = make_scene(large, view, sizes={"graph": size}).graph
        assert not outside(graph), (view.focus, view.expand, outside(graph)[:3])
    link = next(
        item[1]
        for trace in make_scene(large, whole(large)).graph["data"]
        for item in trace.get("customdata") or []
        if item[0] == "relation"
    )
    picked = make_scene(large, whole(large), selection={"relation": link})
    assert not outside(picked.graph)


def _position(graph: dict, actor: str) -> tuple[float, float]:
    for trace in graph["data"]:
        for number, item in enumerate(trace.get("customdata") or []):
            if item[1] == actor and item[0] != "relation":
                return trace["x"][number], trace["y"][number]
    raise AssertionError(f"{actor} is not drawn")


def _neighbours(data, actor: str) -> set[str]:
    rows = data.dataset.relations
    touching = rows[(rows["source"] == actor) | (rows["target"] == actor)]
    return set(touching["source"]) | set(touching["target"])


def test_the_overview_draws_the_relations_merged_as_the_plain_way_does(large):
    """The rewritten codes count the same pairs as merging every relation's
    ends again (`Codes.merged`), the slow and obvious way."""
    home = home_states(large.dataset.actors, large.codes.actors)
    labels = np.arange(0, len(large.codes.source), 2)
    codes = large.codes.at(labels)
    counts = codes.actor_counts().counts
    opened = sorted(set(home[home >= 0].tolist()))[:3]
    loners = np.flatnonzero(counts)[-5:]
    plan = plan_overview(home, counts, opened=opened, alone=loners, limit=6)
    drawn = overview_codes(codes, large.state_codes, plan, rows=labels)
    plain = codes.merged(plan.into)

    def pairs(codes) -> Counter:
        counted = count_pairs(codes.at(np.flatnonzero(codes.pair >= 0)))
        ends = zip(counted.actors[counted.a], counted.actors[counted.b])
        return Counter(dict(zip(ends, counted.count.tolist())))

    assert pairs(drawn) == pairs(plain) and sum(pairs(drawn).values()) > 0


def test_the_states_alone_are_drawn_as_the_plain_way_draws_any_plan(large):
    """With nothing opened nor selected (most windows), the overview's nodes,
    their places (kept once per data set) and its relations (the states'
    codes, no pass over the ends) are what the plain way finds: the rows of
    the plan's nodes, their places laid out, every relation's ends merged."""
    made = []
    for view in (whole(large), whole(large, expand=("s-mmr",)), whole(large)):
        shown = shown_view(large, view)
        codes = large.codes_of(shown.labels, False)
        drawn = network_overview(
            large, view, shown, codes, names={}, strong=(None, None)
        )
        plan, ids = drawn.plan, large.codes.actors
        assert bool(plan.opened) == bool(plan.members) == bool(view.expand)
        actors = large.dataset.actors.set_index("id", drop=False)
        expected = actors.loc[ids[plan.drawn]].reset_index(drop=True)
        pd.testing.assert_frame_equal(drawn.actors.reset_index(drop=True), expected)
        members = {ids[s]: ids[m].tolist() for s, m in plan.members.items()}
        opened = ids[list(plan.opened)].tolist()
        assert drawn.positions == overview_positions(
            evenly(large.state_positions), members, opened=opened,
            elsewhere=large.positions,
        )  # fmt: skip
        merged = overview_codes(codes, large.state_codes, plan, rows=shown.labels)
        assert _pairs(merged) == _pairs(codes.merged(plan.into))
        made.append(drawn)
    # the states alone: found for the first window, not again for the next
    assert made[0].positions is made[2].positions
    assert made[0].actors is made[2].actors


def test_the_states_alone_are_placed_once_as_their_window_would_place_them(large):
    """The network's table of places for the states alone (nothing opened
    nor selected: the same in every window, so made once per data set) is
    the one made from the overview's positions; a window with a state
    opened places its own."""
    from dashboard.figures.scene import _placed_at, _states_placed

    for view, alone in ((whole(large), True), (whole(large, expand=("s-mmr",)), False)):
        shown = shown_view(large, view)
        codes = large.codes_of(shown.labels, False)
        drawn = network_overview(
            large, view, shown, codes, names={}, strong=(None, None)
        )
        assert drawn.states_alone is alone
        if alone:
            kept, made = _states_placed(large), _placed_at(large, drawn.positions)
            assert kept.ids is made.ids and kept.extent == made.extent
            np.testing.assert_array_equal(kept.xy, made.xy)
            assert _states_placed(large) is kept


def _pairs(codes) -> Counter:
    """How many relations of ``codes`` each pair of actors (ids) has."""
    counted = count_pairs(codes.at(np.flatnonzero(codes.pair >= 0)))
    ends = zip(counted.actors[counted.a], counted.actors[counted.b])
    return Counter(dict(zip(ends, counted.count.tolist())))


def test_a_plan_opens_states_up_to_the_limit_and_keeps_the_filters():
    #          state a, its people b c d, state e, its person f, g: no state
    home = np.array([0, 0, 0, 0, 4, 4, -1])
    counts = np.array([9, 1, 5, 0, 3, 2, 1])
    plan = plan_overview(home, counts, opened=[0, 1], limit=2)  # 1: not a state
    assert plan.opened == (0,) and plan.members == {0: [1, 2]}  # steady order
    assert plan.hidden == {0: 1} and plan.into.tolist() == [0, 1, 2, 0, 4, 4, -1]
    assert plan.stateless == 1 and plan.drawn.tolist() == [0, 4, 1, 2]
    allowed = np.array([True, False, True, True, True, True, True])
    plan = plan_overview(home, counts, opened=[0], alone=[5, 6], allowed=allowed)
    assert plan.members == {0: [2, 3], 4: [5], -1: [6]}  # b filtered out
    assert plan.alone.tolist() == [False, False, True, True, False, True, True]


def test_places_leave_room_around_an_opened_state():
    states = evenly({f"s{n}": (np.cos(n), np.sin(n * 1.3)) for n in range(60)})
    radii = np.hypot(*np.array(list(states.values())).T)
    assert radii.max() <= 1 and radii.min() > 0
    members = [f"p{n}" for n in range(20)]
    spots = overview_positions(states, {"s3": members}, opened=["s3"])
    centre = np.array(spots["s3"])
    reach = cluster_radius(len(members))
    for name in members:  # around their state, within its disc
        assert 0 < np.hypot(*(np.array(spots[name]) - centre)) <= reach + 1e-9
    for name in states:  # no other state inside it
        if name != "s3":
            assert np.hypot(*(np.array(spots[name]) - centre)) > reach


def test_opened_states_round_trip_through_the_url(large):
    view = whole(large, expand=("s-aaa", "s-bbb"), network="overview")
    query = to_query(view)
    assert "expand=s-aaa,s-bbb" in query and "network" not in query
    known = set(large.names) | {"s-aaa", "s-bbb"}
    parse = lambda q: parse_query(  # noqa: E731
        q, span=large.span, choices=large.choices, actors=known
    )
    assert parse(query) == view
    assert parse(to_query(whole(large, network="all"))).network == "all"
    bad = parse("?network=some&expand=nobody," + ",".join(sorted(large.names)[:20]))
    assert bad.network == "overview" and len(bad.expand) == MAX_EXPANDED
    assert len(bad.notices) == 3


def test_the_controls_carry_the_opened_states_into_the_url(large):
    state = sorted(a for a in large.names if a.startswith("s-"))[0]
    view = whole(large, expand=(state,))
    values = view_to_controls(large, view, STANCES)
    assert values["expand"] == [state] and values["network"] == "overview"
    assert controls_to_view(large, values) == view
    cleaned, notices = clean_controls(
        large, {**values, "expand": [state, 3, "nobody", state], "network": "x"}
    )
    assert cleaned["expand"] == [state] and cleaned["network"] == "overview"
    out = update_state(
        large, ids.EXPANDED, from_url=False, search="", controls=values,
        stance_ids=STANCES,
    )  # fmt: skip
    assert (
        f"expand={state}" in out["search"]
        and f"expand={state}" in (out["view"]["query"])
    )
    # a link opens it again: the store control follows
    back = update_state(
        large, None, from_url=True, search=out["search"],
        controls=view_to_controls(large, whole(large), STANCES), stance_ids=STANCES,
    )  # fmt: skip
    assert back["controls"]["expand"] == [state]


def test_a_links_marker_moves_off_a_node_it_passes_through():
    """Plotly gives a click to the nearest marker: a link's marker in the
    middle of a state's node would take the clicks meant for the state."""
    from dashboard.figures.common import Paths
    from dashboard.figures.geometry import clear_of_nodes

    xs = np.array([np.linspace(0, 100, 11), np.linspace(0, 100, 11)])
    ys = np.array([np.zeros(11), np.full(11, 50.0)])
    paths = Paths(*[np.array(["a", "b"], dtype=object)] * 4, xs, ys, np.zeros(2))
    centres = np.array([[50.0, 0.0]])  # a node 30 px wide on the first link
    chosen = clear_of_nodes(
        paths.xs, paths.ys, lambda xy: np.asarray(xy), centres, [30.0]
    )
    first_at = xs[0, chosen[0]]
    assert abs(first_at - 50) > 15 + 6  # outside the node, with room
    assert abs(first_at - 50) <= 30  # and as near the middle as that allows
    assert chosen[1] == 5  # the other link passes nowhere near: its middle
    # in a crowd no point is clear: the marker goes where it is least deep
    # in a node's reach, not to a node's middle (the link's own middle here)
    crowd = np.array([[50.0, 0.0], [10.0, 0.0], [90.0, 0.0]])
    chosen = clear_of_nodes(
        paths.xs, paths.ys, lambda xy: np.asarray(xy), crowd, [30.0] * 3
    )
    nearest = np.abs(xs[0, chosen[0]] - crowd[:, 0]).min()
    assert nearest == 20  # halfway between two nodes, 40 px apart
    assert chosen[1] == 5
    # a link wholly inside nodes gets no marker: at 1280 px the largest
    # state's middle gave its clicks to a link within it
    packed = np.array([[x, 0.0] for x in range(0, 101, 20)])
    chosen = clear_of_nodes(
        paths.xs, paths.ys, lambda xy: np.asarray(xy), packed, [30.0] * 6
    )
    assert chosen.tolist() == [-1, 5]


def test_colour_by_bloc_paints_the_overviews_states(large):
    """A state node stands for its actors: coloured by their bloc, even when
    the state itself has no relation of its own to be in a bloc by."""
    from dashboard.figures.style import NO_COUNTRY_COLOUR

    graph = make_scene(large, whole(large, colour="bloc")).graph
    colours = [
        colour
        for trace in graph["data"]
        if "markers" in trace.get("mode", "")
        for item, colour in zip(
            trace.get("customdata") or [], trace["marker"].get("color") or []
        )
        if item[0] != "relation" and item[1].startswith("s-")
    ]
    assert len(colours) > 100
    red, green, blue = (int(NO_COUNTRY_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    grey = sum(f"({red},{green},{blue}," in str(colour) for colour in colours)
    assert grey <= len(colours) / 20  # one in seven, when states went by their own


def test_the_notes_names_are_text_and_an_image_says_it_without_hints():
    actors = np.array(["s-a", "s-b", "x"], dtype=object)
    data = SimpleNamespace(
        codes=SimpleNamespace(actors=actors),
        names={"s-a": '<a href="http://x">A</a>', "s-b": "B", "x": "X"},
    )
    plan = plan_overview(np.array([0, 1, 0]), np.array([3, 1, 2]), opened=[0], limit=0)
    counted = SimpleNamespace(count=np.array([4, 2, 1]))
    counts = {"actors_shown": 3, "states_shown": 2, "pairs": (2, counted)}
    note = overview_note(data, plan, **counts, folds=True)
    assert "Open: &lt;a href=" in note and "<a href" not in note
    assert "click a state for its actors" in note and "click again to fold" in note
    said = overview_said(data, plan, **counts)
    # plain words (the slide writes them as text), no clicks on an image
    assert (
        said
        == '3 actors as 2 states · 2 of 3 links; open: <a href="http://x">A</a> (0 of 1)'
    )


def test_images_and_decks_of_a_large_view_say_what_their_figures_draw(
    large, monkeypatch
):
    """The page's header and the overview's note say what is drawn of a
    large view; an image says it in its notes, where the note would cover
    the window's line, and no click hint is shown."""
    rendered = []
    monkeypatch.setattr(
        briefing, "render_image", lambda figure, **_: rendered.append(figure) or PNG
    )
    slide = Slide(view=whole(large), title="Large")
    for figure in ("map", "graph"):
        view_image(large, slide, figure=figure)
    notes = [
        "<br>".join(note["text"] for note in drawn["layout"]["annotations"])
        for drawn in rendered
    ]
    assert re.search(r"<br>Drawn: the 750 busiest of [\d,]+ pairs", notes[0])
    drawn = re.search(r"<br>(Drawn: [\d,]+ actors as \d+ states[^<]*)<br>", notes[1])
    assert drawn and "Overview" not in notes[1] and "click" not in notes[1]
    # the screen's figure keeps its note
    screen = make_scene(large, whole(large)).graph["layout"]["annotations"]
    assert screen[0]["text"].startswith("Overview: ")

    from pptx import Presentation

    deck = Presentation(io.BytesIO(make_deck(large, [slide], figure="graph")))
    words = [
        shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame
    ]
    assert any(drawn.group(1) in text for text in words)


#: The smallest PNG: what a deck's picture is, where rendering is not tested.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def test_a_change_view_keeps_an_opened_states_emphasis(large):
    """The emphasis of a change between dates (its changed relations) is not
    a selection: an opened state keeps its emphasis and its frame."""
    state = "s-" + large.dataset.actors.query("kind == 'person'")["country"].iloc[0]
    opened = whole(large, expand=(state.lower(),))
    mid = large.span[0] + (large.span[1] - large.span[0]) / 2
    plain, change = (
        make_scene(large, view).graph for view in (opened, replace(opened, compare=mid))
    )

    def full(graph):
        return {
            item[1]
            for trace in graph["data"]
            if trace.get("customdata") and trace["customdata"][0][0] != "relation"
            for item, colour in zip(trace["customdata"], trace["marker"]["color"])
            if colour.endswith(",1.0)")
        }

    assert full(plain) and full(change) == full(plain)
    assert change["layout"]["xaxis"]["range"] == plain["layout"]["xaxis"]["range"]


def test_a_state_node_counts_every_relation_of_its_actors(large):
    """A state's node is sized by, and its hover counts, the relations of all
    its actors: those among its own actors, drawn by no link, were left out
    (168 for Canada where its actors had 169)."""
    import re

    scene = make_scene(large, whole(large))
    actors = large.dataset.actors
    home = dict(zip(actors["id"], "s-" + actors["country"].str.lower()))
    relations = large.dataset.relations
    states = relations["source"].map(home), relations["target"].map(home)
    checked = 0
    for trace in scene.graph["data"]:
        for item, hover in zip(
            trace.get("customdata") or [], trace.get("hovertext") or []
        ):
            if item[0] == "relation" or not item[1].startswith("s-"):
                continue
            said = int(
                re.search(r"([\d,]+) relations? in the window", hover)[1].replace(
                    ",", ""
                )
            )
            assert said == int(
                ((states[0] == item[1]) | (states[1] == item[1])).sum()
            ), item[1]
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("which", ["large", "bundled"])
def test_no_relation_is_both_within_a_state_and_between_two(which, large, bundled_data):
    """The overview folds a relation among one state's actors into its node
    (from `home_states`) and draws one between two states as a link (from
    `AppData.state_codes`): two lookups that must agree, or a relation
    would be counted twice, or not at all."""
    from dashboard.figures.overview import _home

    data = large if which == "large" else bundled_data
    home = np.append(_home(data), -1)
    source, target = home[data.codes.source], home[data.codes.target]
    within = (source == target) & (source >= 0)
    between = data.state_codes.pair >= 0
    assert within.any() and between.any()
    assert not (within & between).any()
    # and every relation whose two ends have different states is a link
    assert (between == ((source != target) & (source >= 0) & (target >= 0))).all()
