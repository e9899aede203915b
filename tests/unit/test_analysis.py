"""Analyses on the bundled data, with answers worked out by hand from the article."""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import pytest

from dashboard.core import graph
from dashboard.core.analysis import (
    blocs,
    compare_windows,
    focus_relations,
    pair_relations,
    rankings,
    shortest_paths,
)
from dashboard.core.graph import active_between


@pytest.fixture
def data(bundled_dataset):
    """The bundled data set, loaded once per run (tests/conftest.py)."""
    return bundled_dataset


def ids(frame):
    return set(frame["id"])


def test_path_from_lukashenko_to_trump(data):
    # Trump's only relations are with Maduro (the 21 Nov call, the threat), and
    # Lukashenko has several with Maduro: one chain of two steps.
    result = shortest_paths(data.relations, "lukashenko", "trump")
    assert result.paths == [["lukashenko", "maduro", "trump"]]
    (a, b, first), (c, d, second) = result.steps
    assert (a, b, c, d) == ("lukashenko", "maduro", "maduro", "trump")
    assert ids(first) == {"r06", "r08", "r09", "r11"}
    assert ids(second) == {"r04", "r15"}


def test_no_path_in_2019(data):
    window = active_between(data.relations, "2019-01-01", "2019-12-31")
    assert shortest_paths(window, "lukashenko", "trump").paths == []


def test_change_at_a_21_november_split_worked_out_by_hand(data):
    # the whole span split at 21 Nov, as ?compare=2025-11-21 does it
    before = (date(2019, 1, 1), date(2025, 11, 20))
    after = (date(2025, 11, 21), date(2025, 12, 11))
    change = compare_windows(data.relations, before, after)
    assert ids(change.appeared) == {
        "r04",  # Maduro's call to Trump, on 21 Nov itself
        "r05",  # first Minsk meeting, between 21 and 24 Nov
        "r06",  # the agreement at that first meeting, between 21 and 24 Nov
        "r07",  # second Minsk meeting, "this week": between 8 and 11 Dec
        "r08",  # the suspected negotiations after it, between 8 and 11 Dec
        "r10",  # Putin's support in his call to Maduro, between 8 and 11 Dec
        "r11",  # Lukashenko's support, "this week": between 8 and 11 Dec
        "r12",  # Caracas named CIAN venue during Putin's call, 8 to 11 Dec
        "r16",  # Moscow's warning to Washington, "meanwhile": 1 to 11 Dec
        "r22",  # Maduro's call with Erdogan, "days ago": 1 to 10 Dec
        "r23",  # Turkey as a possible refuge, reported around it: 1 to 10 Dec
        "r24",  # Turkish Airlines' return, sealed in that call: 1 to 10 Dec
        "r26",  # Putin's call to Maduro itself, between 8 and 11 Dec
    }
    # known only as of 11 Dec, since when unknown: never "appeared"
    assert ids(change.standing) == {
        "r09",  # Lukashenko "had already stated" Maduro would be welcome
        "r13",  # the US does not recognise Maduro
        "r17",  # Lukashenko, "a loyal Kremlin ally"
        "r19",  # the partial easing of US sanctions on Belarus
        "r25",  # Lukashenko's close relations with Caracas
        "r27",  # the US sanctions on Belarus still in force
    }
    assert ids(change.ended) == {
        "r01",  # Russia's support of Maduro in 2019: over by the end of 2019
        "r02",  # Trump's first maximum pressure, 2019
    }
    # in both halves, so neither appeared nor ended: the treaty (November,
    # ongoing), the deployments and the dialogue (from September), the envoy
    # and his mandate (2025) and the Politico threat (12 Nov to 11 Dec).
    # No pair changes stance: Trump-Maduro is conflictual before (the threat)
    # and after (the threat ties with the 21 Nov call, and a tie goes to
    # conflictual); Russia-Venezuela stays cooperative, the US-Venezuela
    # deployments conflictual, and the dialogue, the envoy and his mandate
    # neutral; every other pair has relations on one side only.
    assert ids(change.flipped) == set()


def test_a_pair_that_turns_neutral_is_flipped_standing_ones_aside(data):
    # 21 Nov to 11 Dec split at 8 Dec: Lukashenko-Maduro is cooperative
    # before (the r06 agreement) and neutral after (r08 negotiations tie with
    # r11 support; a tie goes to neutral); the standing r09 invitation, as of
    # 11 Dec, is left out of the stances
    change = compare_windows(
        data.relations,
        (date(2025, 11, 21), date(2025, 12, 7)),
        (date(2025, 12, 8), date(2025, 12, 11)),
    )
    assert ids(change.flipped) == {"r06", "r08", "r11"}
    assert "r09" in ids(change.standing) and "r09" not in ids(change.flipped)


def test_an_ongoing_relation_never_ends(data):
    # a window past the end of the data: what is ongoing did not end
    change = compare_windows(
        data.relations,
        (date(2025, 12, 1), date(2025, 12, 11)),
        (date(2025, 12, 12), date(2026, 1, 31)),
    )
    assert not change.ended["ongoing"].any()
    assert "r14" not in ids(change.ended) and "r22" in ids(change.ended)


def test_stance_change_is_detected():
    import pandas as pd

    relations = pd.DataFrame(
        {
            "id": ["a", "b"], "source": ["x", "x"], "target": ["y", "y"],
            "stance": ["cooperative", "conflictual"],
            "first": pd.to_datetime(["2020-01-01", "2021-01-01"]),
            "last": pd.to_datetime(["2020-01-01", "2021-01-01"]),
        }
    )  # fmt: skip
    change = compare_windows(
        relations,
        (date(2020, 1, 1), date(2020, 12, 31)),
        (date(2021, 1, 1), date(2021, 12, 31)),
    )
    assert ids(change.flipped) == {"a", "b"}


def test_blocs_of_cooperative_ties(data):
    names = dict(
        zip(
            data.actors["id"],
            data.actors["label"].where(data.actors["label"] != "", data.actors["name"]),
        )
    )
    membership = blocs(data.relations, names)
    # the easing of sanctions on Belarus is Washington's only cooperative tie:
    # the US and Belarus form their own bloc, named after both
    assert (
        membership["united-states"]
        == membership["belarus"]
        == ("Belarus / United States bloc")
    )
    # Lukashenko's three gestures towards Maduro weigh: he is in Maduro's bloc,
    # with Putin, Russia and Turkey (Maduro's possible refuge)
    assert membership["putin"] == membership["maduro"] == "Maduro bloc"
    assert membership["lukashenko"] == "Maduro bloc"
    # actors with no cooperative tie belong to no bloc
    assert "trump" not in membership and "erdogan" not in membership


def test_rankings_put_maduro_first(data):
    table = rankings(data.actors, data.relations).set_index("id")
    assert table.index[0] == "maduro"
    maduro = table.loc["maduro"]
    counts = tuple(
        maduro[c] for c in ("degree", "cooperative", "neutral", "conflictual")
    )
    # neutral: the calls with Trump, Erdogan and Putin, and the suspected talks
    assert counts == (13, 6, 4, 3)
    # Guacamaya, Reuters, Belta, Kremlin, Politico, US media
    assert maduro["sources"] == 6
    assert maduro["betweenness"] == table["betweenness"].max()


def test_focus_neighbourhood(data):
    assert ids(focus_relations(data.relations, "erdogan", 1)) == {"r22"}
    two = focus_relations(data.relations, "erdogan", 2)
    assert "r10" in ids(two)  # Putin -> Maduro, two steps from Erdogan
    assert focus_relations(data.relations, "nobody", 2).empty


def test_pair_relations_in_date_order(data):
    pair = pair_relations(data.relations, "salazar", "lukashenko")
    assert list(pair["id"]) == ["r05", "r07"]


def test_betweenness_of_many_actors_counts_each_pair_once(monkeypatch):
    """Above EXACT_LIMIT actors betweenness is estimated by igraph from a
    sample of sources; with every actor a source it is the exact measure of
    the simple graph: repeats, reversed pairs and self-relations aside."""
    rng = np.random.default_rng(3)
    nodes = [f"a{n:02d}" for n in range(60)]
    ends = rng.integers(0, 60, (400, 2))
    sources = np.array([nodes[n] for n in ends[:, 0]], dtype=object)
    targets = np.array([nodes[n] for n in ends[:, 1]], dtype=object)
    monkeypatch.setattr(graph, "EXACT_LIMIT", 10)
    monkeypatch.setattr(graph, "SAMPLE", len(nodes))
    found = graph.betweenness(nodes, sources, targets)
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from((a, b) for a, b in zip(sources, targets) if a != b)
    exact = nx.betweenness_centrality(simple)
    assert set(found) == set(nodes)
    assert max(abs(found[n] - exact[n]) for n in nodes) < 1e-9
    assert max(exact.values()) > 0


def test_a_path_of_more_chains_than_listed_says_how_many(tmp_path):
    """Five chains were listed as "5 shortest chains" where eleven exist."""
    import networkx as nx
    import pandas as pd

    from dashboard.core.analysis import _undirected, shortest_paths
    from dashboard.core.describe import chains_words

    # a ladder: from a to z through any of 3 middles, then any of 4: 12 chains
    rows = [("a", f"m{i}") for i in range(3)]
    rows += [(f"m{i}", f"n{j}") for i in range(3) for j in range(4)]
    rows += [(f"n{j}", "z") for j in range(4)]
    relations = pd.DataFrame(rows, columns=["source", "target"]).assign(
        id=[f"r{i}" for i in range(len(rows))], first=pd.Timestamp("2025-01-01")
    )
    found = shortest_paths(relations, "a", "z")
    assert len(found.paths) == 5 and found.total == 12
    assert found.total == len(
        list(nx.all_shortest_paths(_undirected(relations), "a", "z"))
    )
    heading, said = chains_words(found.paths, ("a", "z"), {}, found.total)
    assert heading == "5 of the 12 shortest chains of 3 steps from a to z"
    assert len(said) == 5
    few = shortest_paths(relations, "m0", "z")
    assert len(few.paths) == few.total == 4
