"""A click on a link of the overview of states (figures/overview.py) lists,
selects and highlights every relation it stands for: those of the two states'
actors not drawn as themselves, as many as its hover says."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from dashboard.cli import main
from dashboard.core.aggregate import pair_ends, states_ends
from dashboard.core.analysis import pair_relations
from dashboard.core.load import load_dataset
from dashboard.core.model import prepare, shown_view
from dashboard.core.view import View
from dashboard.figures.scene import make_scene
from dashboard.figures.theme import LIGHT
from dashboard.outputs.timelapse import TimelapseError
from dashboard.web import files, ids
from dashboard.web.controls import view_to_controls
from dashboard.web.state import update_state, view_store
from dashboard.web.views import (
    TEXT_PANELS,
    selected_relations,
    update_figures,
    update_panel,
    update_tables,
)

STANCES = [
    {"type": ids.KINDS, "stance": s} for s in ("cooperative", "neutral", "conflictual")
]
COUNT = re.compile(r"</b><br>(\d+) relations? in the window")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """6,000 relations among 600 actors: a network drawn as its overview."""
    folder = tmp_path_factory.mktemp("links")
    main(["generate", "--relations", "6000", "--actors", "600", "--seed", "2",
          "--out", str(folder)])  # fmt: skip
    return prepare(load_dataset(folder))


def whole(data, **changes) -> View:
    return replace(View(start=data.span[0], end=data.span[1]), **changes)


def links(graph: dict) -> dict[str, int]:
    """The links a network figure draws, by id, with the count each one's
    hover gives."""
    found = {}
    for trace in graph["data"]:
        for item, hover in zip(
            trace.get("customdata") or [], trace.get("hovertext") or []
        ):
            if item[0] == "relation":
                found[item[1]] = int(COUNT.search(hover).group(1))
    return found


def texts(component) -> list[str]:
    """Every text inside a tree of Dash components."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [t for part in component for t in texts(part)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def ends_of(link: str) -> tuple[str, str] | None:
    """The two nodes a link of the network joins, whatever its id."""
    return states_ends(link) or pair_ends(link)


def states(data) -> set[str]:
    return set(data.dataset.actors.query("kind == 'state'")["id"])


def check_link(data, view: View, link: str, count: int) -> list[str]:
    """The details and the events table of ``link`` selected in ``view``
    say and select ``count`` relations; returns the ids selected."""
    store = view_store(view, {"relation": link})
    selected = update_tables(data, "events", store)["events_selected"]["ids"]
    assert len(selected) == len(set(selected)) == count
    details = update_panel(data, "details", store)[TEXT_PANELS.index("details")]
    headings = [t for t in texts(details) if "in the window" in t]
    assert headings and re.match(rf"{count:,} relations? between ", headings[0])
    return selected


def test_a_link_between_two_states_lists_every_relation_it_stands_for(generated):
    view = whole(generated)
    graph = update_figures(generated, view_store(view, None))[1]
    drawn = links(graph)
    both = {
        link: count
        for link, count in drawn.items()
        if set(ends_of(link) or ()) <= states(generated)
    }
    assert both, "the overview draws links between states"
    # the busiest: many more relations than between the two states alone
    link = max(both, key=both.__getitem__)
    a, b = ends_of(link)
    relations = shown_view(generated, view).relations
    own = pair_relations(relations, a, b)
    assert len(own) < both[link]
    selected = check_link(generated, view, link, both[link])
    assert set(own["id"]) <= set(selected)
    # every selected relation is between an actor of each state
    chosen = relations[relations["id"].isin(selected)]
    country = generated.dataset.actors.set_index("id")["country"]
    ends = {
        frozenset((country[s], country[t]))
        for s, t in zip(chosen["source"], chosen["target"])
    }
    assert ends == {frozenset((country[a], country[b]))}
    names = generated.names
    details = update_panel(generated, "details", view_store(view, {"relation": link}))
    heading = next(t for t in texts(details[0]) if "in the window" in t)
    assert f"the actors of {names[a]} and the actors of {names[b]}" in heading
    for other, count in sorted(both.items())[:5]:  # a few quieter ones
        check_link(generated, view, other, count)


def test_links_of_an_opened_state_and_of_a_selection_count_alike(generated):
    busy = generated.codes.per_actor()
    busiest = max(states(generated), key=lambda actor: busy.get(actor, 0))
    person = max(set(busy) - states(generated), key=busy.__getitem__)
    for view in (
        whole(generated, expand=(busiest,)),
        whole(generated, focus=busiest),
        whole(generated, focus=person),
    ):
        drawn = links(update_figures(generated, view_store(view, None))[1])
        merged = {
            link: n
            for link, n in drawn.items()
            if set(ends_of(link)) & states(generated)
        }
        assert merged
        for link, count in sorted(merged.items())[:6]:
            check_link(generated, view, link, count)
        for link, count in sorted(drawn.items()):  # two actors drawn alone
            if not set(ends_of(link)) & states(generated):
                relations = shown_view(generated, view).relations
                assert len(selected_relations(relations, link)) == count


def test_a_selected_link_is_highlighted_and_round_trips_through_the_url(generated):
    view = whole(generated)
    drawn = links(update_figures(generated, view_store(view, None))[1])
    link = max(drawn, key=drawn.__getitem__)  # between two states
    plain = update_figures(generated, view_store(view, None))[0]
    chosen = update_figures(generated, view_store(view, {"relation": link}))[0]
    assert json.dumps(plain, default=str) != json.dumps(chosen, default=str)
    controls = view_to_controls(generated, view, STANCES)
    controls["selection"] = {"relation": link}
    out = update_state(
        generated, ids.CLEAR_SELECTION, from_url=False, search="",
        controls=controls, stance_ids=STANCES,
    )  # fmt: skip
    assert link.startswith("states:") and "relation=states" in out["search"]
    back = update_state(
        generated, None, from_url=True, search=out["search"],
        controls=view_to_controls(generated, view, STANCES), stance_ids=STANCES,
    )  # fmt: skip
    assert back["notice"] == ""
    assert back["view"]["selection"] == {"relation": link}


def bright(figure: dict) -> set[str]:
    """The relations (or pairs, or links) a figure draws at full strength:
    those whose hover marker is opaque."""
    return {
        item[1]
        for trace in figure["data"]
        if trace.get("name") == "relations"
        for item, colour in zip(trace["customdata"], trace["marker"]["color"])
        if colour.endswith(",1)")
    }


def test_images_decks_and_time_lapses_highlight_a_link_as_the_page_does(
    generated, monkeypatch
):
    view = whole(generated)
    drawn = links(update_figures(generated, view_store(view, None))[1])
    link = max(drawn, key=drawn.__getitem__)  # between two states
    store = view_store(view, {"relation": link})
    page = update_figures(generated, store)
    # the page highlights every relation the link stands for, on the map too
    assert link in bright(page[1]) and len(bright(page[1])) < len(links(page[1]))
    assert 0 < len(bright(page[0])) < len(links(page[0]))
    # only names drawn at full strength (the link's ends) move out on leader
    # lines: a faded node's name on a long line across others read as theirs
    ends = {generated.names[end] for end in ends_of(link)}
    for moved in (t for t in page[1]["data"] if t.get("name") == "labels"):
        inks = moved["textfont"]["color"]
        inks = [inks] * len(moved["text"]) if isinstance(inks, str) else inks
        assert set(moved["text"]) <= ends
        assert set(inks) == {LIGHT.label_ink(1.0)}
    faded = [
        text
        for trace in page[1]["data"]
        if "text" in trace.get("mode", "") and trace.get("name") != "labels"
        for text in trace.get("text") or []
        if text and text not in ends
    ]
    assert faded  # the other nodes still named beside their markers
    # (the link's two ends alone, as exports drew it, highlight fewer)
    ends_only = make_scene(generated, view, selection={"relation": link})
    assert bright(ends_only.map) < bright(page[0])

    given = []
    monkeypatch.setattr(
        files, "view_image", lambda data, slide, **_: given.append(slide) or b"png"
    )
    monkeypatch.setattr(
        files, "make_deck", lambda data, slides, **_: given.extend(slides) or b"pptx"
    )

    def planned(data, view, *, story, selection, camera=None):
        given.append(selection)
        raise TimelapseError("stopped here")

    monkeypatch.setattr(files, "plan_frames", planned)
    for trigger in (
        {"type": ids.IMAGE_EXPORT, "format": "png2"},
        {"type": ids.DECK_EXPORT, "format": "pptx"},
    ):
        files.update_briefing(lambda _: None, generated, trigger, "map", {}, store)
    files.update_timelapse(
        lambda _: None, generated, {"format": "gif"}, "map", {}, store
    )
    assert len(given) == 3
    for chosen in (given[0].selection, given[1].selection, given[2]):
        scene = make_scene(generated, view, selection=chosen)
        assert bright(scene.map) == bright(page[0])
        assert bright(scene.graph) == bright(page[1])
