"""Date windows at the edges, the states-only collapse, neighbourhoods, centrality."""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from dashboard.core.analysis import rankings
from dashboard.core.dates import parse_partial
from dashboard.core.graph import (
    active_between,
    active_mask,
    collapse_to_states,
    neighbourhood,
)
from dashboard.core.load import load_dataset
from dashboard.core.model import prepare, shown_view
from dashboard.core.view import View


@pytest.fixture
def bundled(bundled_dataset):
    """The bundled data set, loaded once per run (tests/conftest.py)."""
    return bundled_dataset


def ids(frame):
    return set(frame["id"])


def test_partial_dates_cover_their_period():
    assert parse_partial("2025-11") == parse_partial("2025-11-01", "month")
    month = parse_partial("2025-02")
    assert (month.first, month.last) == (date(2025, 2, 1), date(2025, 2, 28))
    week = parse_partial("2025-12-08", "week")
    assert (week.first, week.last) == (date(2025, 12, 8), date(2025, 12, 14))
    assert parse_partial("2019").last == date(2019, 12, 31)


def test_one_off_event_active_on_its_day_only(bundled):
    relations = bundled.relations
    assert "r04" in ids(active_between(relations, "2025-11-21", "2025-11-21"))
    assert "r04" not in ids(active_between(relations, "2025-11-22", "2025-11-30"))
    assert "r04" not in ids(active_between(relations, "2025-11-01", "2025-11-20"))


def test_bounds_are_inclusive(bundled):
    relations = bundled.relations
    assert "r04" in ids(active_between(relations, "2025-11-10", "2025-11-21"))
    assert "r04" in ids(active_between(relations, "2025-11-21", "2025-11-30"))


def test_month_precision_overlaps_whole_month(bundled):
    # r03, the treaty in force since "2025-11", is active from 1 November.
    relations = bundled.relations
    assert "r03" in ids(active_between(relations, "2025-11-01", "2025-11-01"))
    assert "r03" not in ids(active_between(relations, "2025-10-01", "2025-10-31"))


def test_ongoing_runs_to_end_of_data(bundled):
    relations = bundled.relations
    # the treaty is ongoing: still active on the article's date
    assert "r03" in ids(active_between(relations, "2025-12-11", "2025-12-11"))
    assert bundled.relations.set_index("id").loc["r03", "last"].date() == date(
        2025, 12, 11
    )


def test_year_2019_window(bundled):
    assert ids(active_between(bundled.relations, "2019-01-01", "2019-12-31")) == {
        "r01",
        "r02",
    }


def test_open_window_is_everything(bundled):
    assert len(active_between(bundled.relations, None, None)) == len(bundled.relations)


def test_states_only_collapse(bundled):
    collapsed = collapse_to_states(bundled.actors, bundled.relations)
    by_id = collapsed.set_index("id")
    # Putin -> Maduro becomes Russia -> Venezuela, remembering who acted
    assert tuple(by_id.loc["r10", ["source", "target", "via_source"]]) == (
        "russia",
        "venezuela",
        "putin",
    )
    # the US appointing its own envoy is internal; CIAN has no state
    assert "r20" not in by_id.index and "r12" not in by_id.index
    # Coale's mandate becomes a US -> Belarus relation
    assert tuple(by_id.loc["r21", ["source", "target"]]) == ("united-states", "belarus")
    states = set(bundled.actors.query("kind == 'state'")["id"])
    assert set(collapsed["source"]) | set(collapsed["target"]) <= states


def test_neighbourhood(bundled):
    graph = nx.from_pandas_edgelist(
        bundled.relations, create_using=nx.MultiDiGraph, edge_key="id"
    )
    assert neighbourhood(graph, "erdogan", 1) == {"erdogan", "maduro"}
    assert "putin" in neighbourhood(graph, "erdogan", 2)
    assert neighbourhood(graph, "nobody", 2) == set()


def test_centrality_in_a_window(bundled):
    window = active_between(bundled.relations, "2025-11-20", "2025-12-12")
    ranks = rankings(bundled.actors, window).set_index("id")
    # Maduro is the hub of the crisis: most relations and most betweenness
    assert ranks["degree"].idxmax() == "maduro"
    assert ranks["betweenness"].idxmax() == "maduro"
    assert ranks.loc["erdogan", "betweenness"] == 0.0


def test_a_relation_that_lasted_is_labelled_with_its_end(write_dir):
    """Sanctions from 30 Jul 2023 to 24 Feb 2024 were labelled "30 Jul 2023"
    in the details, hovers and events table: read as a one-off event."""
    relations = (
        "id,source,target,kind,start,end,date_precision,approximate,confidence\n"
        "r1,russia,venezuela,sanctions,2023-07-30,2024-02-24,,,confirmed\n"
        "r2,russia,venezuela,support,2023-08,2023-12-22,,yes,reported\n"
        "r3,putin,maduro,meeting,2023-09,2023-09,,,confirmed\n"
        "r4,putin,maduro,call,2023-12-08,2023-12-11,between,,confirmed\n"
        "r5,russia,venezuela,treaty,2023-11,ongoing,,,confirmed\n"
    )
    labels = load_dataset(write_dir(relations=relations)).relations["date_label"]
    assert labels.tolist() == [
        "30 Jul 2023 – 24 Feb 2024",
        "≈ Aug 2023 – 22 Dec 2023",
        "Sep 2023",
        "between 8 and 11 Dec 2023",
        "Nov 2023 – ongoing",
    ]


@pytest.mark.parametrize("unit", ["s", "D", "ns"])
def test_a_window_compares_dates_as_dates_whatever_their_unit(unit):
    """Dates kept in the window's unit are compared as integers (fast): the
    bounds stay inclusive, a bound finer than the unit is compared as the
    instant it is, and a missing date (NaT) is never in a window, as when
    numpy compares them as dates."""
    dates = pd.DataFrame({
        "first": np.array(["NaT", "2020-01-01", "2020-02-01", "NaT", "2020-01-10"],
                          dtype=f"datetime64[{unit}]"),
        "last": np.array(["2020-03-01", "NaT", "2020-02-05", "NaT", "2020-01-10"],
                         dtype=f"datetime64[{unit}]"),
    })  # fmt: skip
    assert active_mask(dates, date(2020, 1, 10), date(2020, 2, 1)).tolist() == [
        False, False, True, False, True,
    ]  # fmt: skip
    assert active_mask(dates, None, "2020-01-10").tolist() == [
        False, True, False, False, True,
    ]  # fmt: skip
    assert active_mask(dates, "2020-01-10 00:00:01", None).tolist() == [
        True, False, True, False, False,
    ]  # fmt: skip


RIVALS_ACTORS = """id,name,kind,country
venezuela,Venezuela,state,VEN
rival-government,Rival government,state,VEN
usa,United States,state,USA
russia,Russia,state,RUS
maduro,Nicolás Maduro,person,VEN
"""
RIVALS_RELATIONS = """id,source,target,kind,start,confidence
r1,usa,rival-government,support,2025-11-01,confirmed
r2,usa,venezuela,sanctions,2025-11-02,confirmed
r3,russia,venezuela,support,2025-11-03,confirmed
r4,venezuela,rival-government,non-recognition,2025-11-04,confirmed
r5,russia,maduro,support,2025-11-05,confirmed
"""


def test_two_states_of_one_country_keep_their_own_relations(tmp_path):
    """A country with two states (a rival government): the states-only view
    moved every relation of the first onto the last, and dropped those
    between them. Each state is itself; its people go to the first listed."""
    (tmp_path / "actors.csv").write_text(RIVALS_ACTORS, encoding="utf-8")
    (tmp_path / "relations.csv").write_text(RIVALS_RELATIONS, encoding="utf-8")
    data = prepare(load_dataset(tmp_path))
    span = (date(2025, 11, 1), date(2025, 11, 30))
    shown = shown_view(data, View(start=span[0], end=span[1], states=True))
    ends = {
        row["id"]: (row["source"], row["target"])
        for row in shown.relations.to_dict("records")
    }
    assert ends == {
        "r1": ("usa", "rival-government"),
        "r2": ("usa", "venezuela"),
        "r3": ("russia", "venezuela"),
        "r4": ("venezuela", "rival-government"),
        "r5": ("russia", "venezuela"),
    }
    collapsed = collapse_to_states(data.dataset.actors, data.dataset.relations)
    assert (
        dict(zip(collapsed["id"], zip(collapsed["source"], collapsed["target"])))
        == ends
    )
