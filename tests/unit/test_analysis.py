"""Analyses on the bundled data, with answers worked out by hand from the article."""

from __future__ import annotations

from datetime import date

import pytest

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


def test_relations_that_appear_between_20_november_and_12_december(data):
    before = (date(2019, 1, 1), date(2025, 11, 19))
    after = (date(2025, 11, 20), date(2025, 12, 12))
    change = compare_windows(data.relations, before, after)
    # everything the article dates from the 21 Nov call to its publication
    assert ids(change.appeared) == {
        "r04", "r05", "r06", "r07", "r08", "r09", "r10", "r11", "r12", "r13",
        "r16", "r17", "r19", "r22", "r23", "r24", "r25", "r26", "r27",
    }  # fmt: skip
    assert ids(change.ended) == {"r01", "r02"}  # the 2019 relations
    # the treaty, the deployments, the dialogue, the envoy and the "recent"
    # Politico interview (from 12 Nov) are in both windows
    assert ids(change.flipped) == set()


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
