"""Exports re-read with networkx's own readers: every attribute round-trips."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest

from dashboard.__main__ import main
from dashboard.data import load_dataset
from dashboard.exports import export_bytes, export_graph
from dashboard.graph import active_between
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def data():
    return load_dataset(BUNDLED)


def read(fmt: str, content: bytes) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(content), force_multigraph=True)
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(content))
    return nx.node_link_graph(json.loads(content), edges="edges")


@pytest.mark.parametrize("fmt", ["graphml", "json"])
def test_graph_formats_round_trip_every_attribute(data, fmt):
    expected = export_graph(data.actors, data.relations)
    graph = read(fmt, export_bytes(fmt, data.actors, data.relations))
    assert graph.number_of_nodes() == expected.number_of_nodes() == 14
    assert graph.number_of_edges() == expected.number_of_edges() == 27
    assert dict(graph.nodes["salazar"]) == dict(expected.nodes["salazar"])
    edge = graph.edges["putin", "maduro", "r10"]
    assert edge == expected.edges["putin", "maduro", "r10"]
    assert "mounting external pressure" in edge["quote"]
    assert edge["first"] == "2025-12-08" and edge["sources"] == 1


def test_gexf_carries_time_spells_for_gephi(data):
    content = export_bytes("gexf", data.actors, data.relations)
    assert b'mode="dynamic"' in content and b'timeformat="date"' in content
    graph = read("gexf", content)
    edges = {key: attrs for _, _, key, attrs in graph.edges(keys=True, data=True)}
    assert (edges["r04"]["start"], edges["r04"]["end"]) == ("2025-11-21", "2025-11-21")
    assert (
        edges["r03"]["date_start"] == "2025-11"
        and edges["r03"]["date_end"] == "ongoing"
    )
    assert graph.nodes["russia"]["start"] == "2019-01-01"
    assert edges["r10"]["quote"].startswith("Russian President Vladimir Putin called")


def test_csv_export_opens_again_as_a_data_directory(data, tmp_path):
    window = active_between(data.relations, "2025-11-20", "2025-12-12")
    content = export_bytes("csv", data.actors, window)
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path)
    again = load_dataset(tmp_path)
    assert set(again.relations["id"]) == set(window["id"])
    row = again.relations.set_index("id").loc["r07"]
    assert row["reported_by"] == "Guacamaya; Belta (Belarusian state agency); Reuters"
    assert row["date_label"] == data.relations.set_index("id").loc["r07", "date_label"]


@pytest.mark.parametrize(
    "fmt, name", [("graphml", "x.graphml"), ("gexf", "x.gexf"), ("json", "x.json")]
)
def test_export_command(tmp_path, capsys, fmt, name):
    out = tmp_path / name
    code = main(["export", "--data", str(BUNDLED), "--start", "2019-01-01", "--end", "2019-12-31",
                 "--format", fmt, "--out", str(out)])  # fmt: skip
    assert code == 0
    graph = read(fmt, out.read_bytes())
    assert graph.number_of_edges() == 2
    assert "2 relations among 3 actors" in capsys.readouterr().out


def test_export_command_csv_directory_with_kinds(tmp_path):
    code = main(["export", "--data", str(BUNDLED), "--kinds", "call", "--format", "csv",
                 "--out", str(tmp_path / "calls")])  # fmt: skip
    assert code == 0
    assert set(load_dataset(tmp_path / "calls").relations["kind"]) == {"call"}


def test_export_command_rejects_unknown_kind(tmp_path, capsys):
    code = main(
        ["export", "--kinds", "hugs", "--format", "json", "--out", str(tmp_path / "x")]
    )
    assert code == 2 and "hugs" in capsys.readouterr().err
