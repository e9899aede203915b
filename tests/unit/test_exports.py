"""Exports re-read with networkx's own readers: every attribute round-trips."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest

from dashboard.cli import main
from dashboard.core.graph import active_between
from dashboard.core.load import load_dataset
from dashboard.outputs.exports import export_bytes, export_graph
from tests.conftest import BUNDLED


@pytest.fixture
def data(bundled_dataset):
    """The bundled data set, loaded once per run (tests/conftest.py)."""
    return bundled_dataset


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
    # the count the page shows, though the data leaves it to ``reported_by``
    assert data.relations["source_count"].eq("").all()
    counts = {
        key: attrs["source_count"]
        for _, _, key, attrs in graph.edges(keys=True, data=True)
    }
    assert counts == dict(zip(data.relations["id"], data.relations["sources"]))
    assert counts["r07"] == 3


def test_gexf_carries_time_spells_for_gephi(data):
    content = export_bytes("gexf", data.actors, data.relations)
    assert b'mode="dynamic"' in content and b'timeformat="date"' in content
    graph = read("gexf", content)
    edges = {attrs["id"]: attrs for _, _, attrs in graph.edges(data=True)}
    assert (edges["r04"]["start"], edges["r04"]["end"]) == ("2025-11-21", "2025-11-21")
    assert (
        edges["r03"]["date_start"] == "2025-11"
        and edges["r03"]["date_end"] == "ongoing"
    )
    # an actor exists on the timeline only while it has relations
    assert graph.nodes["russia"]["spells"][0] == ("2019-01-01", "2019-12-31")
    assert len(graph.nodes["russia"]["spells"]) == 2
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
    assert (row["source_count"], row["sources"]) == ("3", 3)  # as the page counts


def test_a_csv_export_keeps_event_datas_own_stances(data, tmp_path):
    """An ICEWS "statement" coded as verbal cooperation (QuadClass 1) is
    cooperative, not the kind's neutral: the export dropped the column, and
    31 of the ICEWS sample's 54 relations loaded back in other colours."""
    window = active_between(data.relations, "2025-11-20", "2025-12-12")
    event = window["id"] == "r04"  # Maduro's call to Trump, neutral by its kind
    window = window.assign(stance=window["stance"].mask(event, "cooperative"))
    content = export_bytes("csv", data.actors, window)
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path)
    again = load_dataset(tmp_path).relations.set_index("id")["stance"]
    assert again.to_dict() == window.set_index("id")["stance"].to_dict()
    # the curated data's stances are its kinds': written as before, without one
    plain = export_bytes("csv", data.actors, window[~event])
    header = zipfile.ZipFile(io.BytesIO(plain)).read("relations.csv").splitlines()[0]
    assert b"stance" not in header


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
    assert "2 relations, 2019-01-01 to 2019-12-31" in capsys.readouterr().out


def test_export_command_csv_directory_with_kinds(tmp_path):
    code = main(["export", "--data", str(BUNDLED), "--kinds", "call", "--format", "csv",
                 "--out", str(tmp_path / "calls")])  # fmt: skip
    assert code == 0
    assert set(load_dataset(tmp_path / "calls").relations["kind"]) == {"call"}


def test_a_csv_export_never_writes_over_data(tmp_path, capsys):
    """An export into the directory it read once left 3 of its 27 relations;
    one into another data set replaced it. Both are refused and nothing is
    written, unless --replace names the other data set's files as the
    export's to replace; the data being read, never."""
    import shutil

    data = shutil.copytree(BUNDLED, tmp_path / "data")
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    calls = ["--kinds", "call", "--format", "csv"]
    code = main(["export", "--data", str(data), *calls, "--out", str(data)])
    assert code == 2
    assert "is the data being read" in capsys.readouterr().err
    code = main(
        ["export", "--data", str(data), *calls, "--out", str(data), "--replace"]
    )
    assert code == 2
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == before
    other = shutil.copytree(BUNDLED, tmp_path / "other")
    code = main(["export", "--data", str(data), *calls, "--out", str(other)])
    assert code == 2
    assert "holds a data set already (actors.csv, relations.csv)" in (
        capsys.readouterr().err
    )
    assert len(load_dataset(other).relations) == 27
    code = main(
        ["export", "--data", str(data), *calls, "--out", str(other), "--replace"]
    )
    assert code == 0 and len(load_dataset(other).relations) == 3


def test_export_command_rejects_unknown_kind(tmp_path, capsys):
    code = main(
        ["export", "--kinds", "hugs", "--format", "json", "--out", str(tmp_path / "x")]
    )
    assert code == 2 and "hugs" in capsys.readouterr().err


def test_export_carries_its_view(data):
    from dashboard.core.model import prepare
    from dashboard.core.view import View
    from dashboard.outputs.exports import export_view

    app_data = prepare(data)
    view = View(
        start=data.date_span[0], end=data.date_span[1], confidence=("speculative",)
    )
    content, name, count = export_view(app_data, view, "graphml")
    graph = read("graphml", content)
    assert count == 2 and graph.graph["view"].endswith("&confidence=speculative")
    assert graph.graph["data"] == "Guacamaya article (curated)"
    other = export_view(app_data, View(start=view.start, end=view.end), "graphml")[1]
    assert name != other  # two different views never share a file name


def test_empty_view_exports_no_actors(data):
    empty = data.relations.iloc[0:0]
    graph = read("json", export_bytes("json", data.actors, empty))
    assert graph.number_of_nodes() == 0


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--start", "2025-12-11", "--end", "2025-11-01"], "is before"),
        (["--focus", "nobody"], "no actor 'nobody'"),
        (["--depth", "2"], "needs --focus"),
        (["--view", "?depth=9"], "depth must be"),
        # what is wrong, not what the page does instead: "...: ignored", then
        # nothing written, read as if it went on without them
        (
            ["--view", "?start=xx&kinds=nope"],
            "--view, nothing written: start 'xx' is not a date between 1900-01-01 "
            "and 2100-12-31 (YYYY-MM-DD); kinds not in this data: nope",
        ),
    ],
)
def test_export_command_refuses_bad_arguments(tmp_path, capsys, arguments, message):
    code = main(
        ["export", *arguments, "--format", "json", "--out", str(tmp_path / "x.json")]
    )
    err = capsys.readouterr().err
    assert code == 2 and message in err and "ignored" not in err
    assert not (tmp_path / "x.json").exists()


def test_export_command_takes_the_pages_view(tmp_path):
    out = tmp_path / "v.json"
    code = main(["export", "--view", "?confidence=speculative&path=lukashenko,trump",
                 "--format", "json", "--out", str(out)])  # fmt: skip
    assert code == 0
    assert read("json", out.read_bytes()).number_of_edges() == 2


def test_export_command_takes_a_whole_address_as_copy_link_gives_it(tmp_path):
    """A briefer pastes what Copy link gives, a whole address: its start was
    read as a parameter named "http://…/?start" and dropped unsaid (11
    relations from 2019 instead of the window's 9)."""
    link = "http://127.0.0.1:8050/?start=2025-11-21&end=2025-11-24#map"
    out = tmp_path / "v.json"
    assert main(["export", "--view", link, "--format", "json", "--out", str(out)]) == 0
    query = tmp_path / "q.json"
    assert main(["export", "--view", link[link.index("?") : link.index("#")],
                 "--format", "json", "--out", str(query)])  == 0  # fmt: skip
    assert out.read_bytes() == query.read_bytes()
    assert read("json", out.read_bytes()).number_of_edges() == 9


def test_export_command_empty_view_writes_nothing(tmp_path, capsys):
    out = tmp_path / "e.json"
    code = main(["export", "--start", "2030-01-01", "--end", "2030-12-31",
                 "--format", "json", "--out", str(out)])  # fmt: skip
    assert code == 1 and not out.exists()


def test_gexf_carries_the_view_it_holds(bundled_data):
    from datetime import date as day

    from dashboard.core.view import View
    from dashboard.outputs.exports import export_view

    content, _, _ = export_view(
        bundled_data, View(start=day(2019, 1, 1), end=day(2019, 12, 31)), "gexf"
    )
    assert b"<description>view: ?start=2019-01-01&amp;end=2019-12-31" in content


def test_an_export_file_is_never_written_in_the_data_it_reads(tmp_path, capsys):
    """A json export given the data's own relations.csv as --out replaced it;
    a csv export into a folder holding a folder named relations.csv wrote
    actors.csv before it failed."""
    import shutil

    data = shutil.copytree(BUNDLED, tmp_path / "data")
    before = (data / "relations.csv").read_bytes()
    out = data / "relations.csv"
    code = main(["export", "--data", str(data), "--format", "json", "--out", str(out)])
    assert code == 2 and "is inside the data being read" in capsys.readouterr().err
    assert (data / "relations.csv").read_bytes() == before
    other = tmp_path / "other"
    (other / "relations.csv").mkdir(parents=True)
    code = main(["export", "--data", str(data), "--format", "csv", "--out", str(other),
                 "--replace"])  # fmt: skip
    assert code == 2 and "holds a folder named relations.csv" in capsys.readouterr().err
    assert not (other / "actors.csv").exists()


def test_generate_never_writes_over_a_data_set(tmp_path, capsys):
    import shutil

    data = shutil.copytree(BUNDLED, tmp_path / "data")
    made = ["generate", "--relations", "50", "--actors", "10", "--out", str(data)]
    assert main(made) == 2
    assert "holds a data set already" in capsys.readouterr().err
    assert len(load_dataset(data).relations) == 27
    assert main([*made, "--replace"]) == 0
    assert len(load_dataset(data).relations) == 50


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["export", "--format", "json", "--out", "/dev/full"], "/dev/full: "),
        (["export", "--format", "json", "--start", "1800-01-01", "--out", "x.json"],
         "--start 1800-01-01: outside 1900-01-01 to 2100-12-31"),
        # the option and its value named ("--start/--end: month must be in 1..12")
        (["export", "--format", "json", "--end", "2025-13-01", "--out", "x.json"],
         "--end 2025-13-01: month must be in 1..12 (use YYYY-MM-DD)"),
        (["render", "--view", "map", "--start", "soon", "--out", "x.png"],
         "--start soon: not a date (use YYYY-MM-DD)"),
        # a week's day, which Python's date.fromisoformat reads, is no date here
        (["export", "--format", "json", "--start", "2025-W49-1", "--out", "x.json"],
         "--start 2025-W49-1: not a date (use YYYY-MM-DD)"),
        (["render", "--view", "map", "--format", "png", "--scale", "nan",
          "--out", "x.png"], "--scale must be more than 0 and at most 6"),
        # 0 is refused, so the message may not say it is in the range
        (["render", "--view", "map", "--format", "png", "--scale", "0",
          "--out", "x.png"], "--scale must be more than 0 and at most 6"),
    ],
)  # fmt: skip
def test_commands_fail_in_one_line_not_a_traceback(
    tmp_path, monkeypatch, capsys, arguments, message
):
    """A disk that is full, a date no data may hold, a scale that is no
    number: each said in a line (a traceback, or an image at NaN scale)."""
    monkeypatch.chdir(tmp_path)
    assert main(arguments) in (1, 2)
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert list(tmp_path.iterdir()) == []


def test_export_of_a_story_steps_address_is_the_steps_view(tmp_path, capsys):
    """A step's address carries no window: read as a view it was the whole
    span."""
    out = tmp_path / "step.json"
    view = "?present=1&story=guacamaya&step=7"
    assert main(["export", "--view", view, "--format", "json", "--out", str(out)]) == 0
    assert "22 relations, 2025-12-08 to 2025-12-11" in capsys.readouterr().out
    assert main(["export", "--view", "?story=nope", "--format", "json",
                 "--out", str(out)]) == 2  # fmt: skip
    assert "--view, nothing written: no story 'nope'" in capsys.readouterr().err


def test_a_states_only_csv_export_loads_back(tmp_path):
    """Its relations between states carry the actors behind them under the
    file's own names: as via_source and via_target, which the app works out
    itself, `check` refuses them."""
    out = tmp_path / "states"
    assert main(["export", "--states", "--format", "csv", "--out", str(out)]) == 0
    relations = load_dataset(out).relations.set_index("id")
    assert {"source_actor", "target_actor"} <= set(relations.columns)
    assert relations.loc["r10", "source_actor"] != relations.loc["r10", "source"]


def test_a_states_only_csv_export_keeps_a_datas_own_source_actor(tmp_path):
    """Data with a column of its own named source_actor: the export wrote the
    column twice, and failed `check`. The actors behind each relation take the
    next free name; the data's column is kept as it was."""
    import pandas as pd

    data = tmp_path / "data"
    data.mkdir()
    (data / "actors.csv").write_bytes((BUNDLED / "actors.csv").read_bytes())
    table = pd.read_csv(BUNDLED / "relations.csv", dtype=str, keep_default_na=False)
    table.assign(source_actor="analyst's own").to_csv(
        data / "relations.csv", index=False
    )
    out = tmp_path / "states"
    argv = [
        "export",
        "--data",
        str(data),
        "--states",
        "--format",
        "csv",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    relations = load_dataset(out).relations.set_index("id")
    assert (relations["source_actor"] == "analyst's own").all()
    assert relations.loc["r10", "source_actor_2"] == "putin"
    assert relations.loc["r10", "source"] != "putin"


LATER_ACTORS = """id,name,label,kind,country,role,lat,lon,notes
france,France,,state,FRA,,,,
germany,Germany,,state,DEU,,,,
"""
LATER_RELATIONS = """id,source,target,kind,start,end,confidence,origin
b1,france,germany,treaty,2026-01-10,ongoing,confirmed,later data
b2,france,germany,meeting,2026-03-20,,confirmed,later data
"""


def test_two_data_sets_exported_together_open_with_their_own_ends(tmp_path):
    """An ongoing relation runs to the end of its own data set: the article's
    treaty (r03) to 11 Dec 2025 on the page beside a data set that goes on
    to March 2026. Its CSV export, opened again, had run it to 20 March
    2026 (the file's last day), so the export and its time bar, windows and
    counts said it held three months longer than the page had shown."""
    later = tmp_path / "later"
    later.mkdir()
    (later / "actors.csv").write_text(LATER_ACTORS, encoding="utf-8")
    (later / "relations.csv").write_text(LATER_RELATIONS, encoding="utf-8")
    out = tmp_path / "both"
    arguments = ["export", "--data", str(BUNDLED), "--data", str(later)]
    assert main([*arguments, "--format", "csv", "--out", str(out)]) == 0
    again = load_dataset(out).relations.set_index("id")
    assert str(again.loc["r03", "last"].date()) == "2025-12-11"  # as on the page
    assert str(again.loc["b1", "last"].date()) == "2026-03-20"
    assert again.loc["r03", "date_label"] == "Nov 2025 – ongoing"
    # and nothing of the article reaches past its own last day
    article = again[again["origin"] == "Guacamaya article (curated)"]
    assert str(article["last"].max().date()) == "2025-12-11"


def test_a_windows_csv_export_opens_with_the_ends_the_page_showed(tmp_path):
    """Exported from September-October 2025, the relations still ongoing (or
    dated only "2025") opened again ending on 1 September, the file's last
    day, not on 11 December, the article's: the export says where its data
    set ends (``data_end``), and the loader runs them to it."""
    out = tmp_path / "window"
    argv = ["export", "--start", "2025-09-01", "--end", "2025-10-31", "--format", "csv"]
    assert main([*argv, "--out", str(out)]) == 0
    again = load_dataset(out).relations.set_index("id")
    whole = load_dataset(BUNDLED).relations.set_index("id").loc[again.index]
    assert sorted(again.index) == ["r14", "r18", "r20", "r21"]
    assert (again["last"] == whole["last"]).all()
    assert str(again.loc["r20", "last"].date()) == "2025-12-11"
    assert (again["date_label"] == whole["date_label"]).all()
    assert set(again["data_end"]) == {"2025-12-11"}


@pytest.mark.parametrize("written", ["2025-12", "11/12/2025", "9999-12-31"])
def test_a_data_end_that_is_not_a_day_is_refused(tmp_path, capsys, written):
    import pandas as pd

    (tmp_path / "actors.csv").write_bytes((BUNDLED / "actors.csv").read_bytes())
    table = pd.read_csv(BUNDLED / "relations.csv", dtype=str, keep_default_na=False)
    table = table.assign(data_end=[written] + [""] * (len(table) - 1))
    table.to_csv(tmp_path / "relations.csv", index=False)
    assert main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"line 2, column 'data_end': '{written}' is not a day" in err


@pytest.fixture
def columns_named_as_the_writers_own(tmp_path):
    """The bundled data with columns named as the graph writers name their
    own: a relation's ``key`` had every graph export answer 500, ``viz`` and
    ``spells`` broke GEXF, and ``weight``/``type`` wrote a file Gephi refuses."""
    import pandas as pd

    for name in ("actors.csv", "relations.csv"):
        table = pd.read_csv(BUNDLED / name, dtype=str, keep_default_na=False)
        if name == "actors.csv":
            table = table.assign(viz="big", start="hello", parents="x")
        else:
            table = table.assign(
                key="k1", viz="v", spells="s", weight="heavy", type="t",
                date_start="mine", date_end="mine too",
            )  # fmt: skip
        table.to_csv(tmp_path / name, index=False)
    return load_dataset(tmp_path)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_columns_named_as_the_writers_own_are_exported_as_data(
    columns_named_as_the_writers_own, fmt
):
    """``key`` is renamed in every format (networkx's add_edge takes it); the
    names GEXF takes as its own only in GEXF: elsewhere ``weight`` is the
    data's, as a user who wrote it would want."""
    data = columns_named_as_the_writers_own
    graph = read(fmt, export_bytes(fmt, data.actors, data.relations))
    assert graph.number_of_edges() == 27
    _, _, edge = next(iter(graph.edges(data=True)))
    node = graph.nodes["putin"]
    assert edge["data_key"] == "k1"
    if fmt == "gexf":
        assert (edge["data_viz"], edge["data_spells"]) == ("v", "s")
        assert (edge["data_weight"], edge["data_type"]) == ("heavy", "t")
        # the data's own start and end texts beside them, not over them
        assert (edge["data_date_start"], edge["data_date_end"]) == ("mine", "mine too")
        assert (
            edge["date_start"]
            == data.relations.set_index("id").loc[edge["id"], "start"]
        )
        assert (node["data_viz"], node["data_start"], node["data_parents"]) == (
            "big", "hello", "x"
        )  # fmt: skip
        assert "weight" not in edge and node["spells"][0][0] == "2025-12-08"
    else:
        assert (edge["viz"], edge["spells"], edge["weight"], edge["type"]) == (
            "v", "s", "heavy", "t"
        )  # fmt: skip
        assert (edge["date_start"], edge["date_end"]) == ("mine", "mine too")
        assert (node["viz"], node["start"], node["parents"]) == ("big", "hello", "x")


def test_a_path_views_export_marks_the_relations_on_its_chains(data, tmp_path):
    """A path view's export holds the window: its chains' relations are
    marked (a column of their own, in every format) and named in the view's
    words, so an analyst can pick them out in Gephi or a spreadsheet."""
    from dashboard.core.model import prepare, shown_view
    from dashboard.core.view import View
    from dashboard.outputs.exports import export_view

    app_data = prepare(data)
    view = View(*data.date_span, path=("lukashenko", "trump"))
    on_path = set(shown_view(app_data, view).path.relations["id"])
    assert on_path and len(on_path) < 27
    for fmt in ("graphml", "gexf", "json"):
        graph = read(fmt, export_view(app_data, view, fmt)[0])
        marked = {
            key if fmt != "gexf" else attrs["id"]
            for _, _, key, attrs in graph.edges(keys=True, data=True)
            if attrs["on_path"] is True
        }
        assert marked == on_path, fmt
        assert graph.number_of_edges() == 27
    graph = read("graphml", export_view(app_data, view, "graphml")[0])
    assert graph.graph["path"].endswith("Lukashenko → Maduro → Trump")
    content = export_view(app_data, view, "csv")[0]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path / "out")
        readme = archive.read("README.txt").decode()
    assert "path: 1 shortest chain of 2 steps from Lukashenko to Trump" in readme
    relations = load_dataset(tmp_path / "out").relations
    assert set(relations.loc[relations["on_path"] == "yes", "id"]) == on_path
    # another view's export has no such column
    plain = read("graphml", export_view(app_data, View(*data.date_span), "graphml")[0])
    assert not any("on_path" in attrs for *_, attrs in plain.edges(data=True))


def test_a_path_that_finds_no_chain_says_why_and_marks_nothing(data):
    from dashboard.core.model import prepare
    from dashboard.core.view import View
    from dashboard.outputs.exports import export_view

    app_data = prepare(data)
    view = View(data.date_span[0], data.date_span[0], path=("lukashenko", "trump"))
    graph = read("json", export_view(app_data, view, "json")[0])
    assert graph.graph["path"].startswith("no chain")
    assert not any("on_path" in attrs for *_, attrs in graph.edges(data=True))


def test_a_datas_own_on_path_column_is_kept_beside_the_mark(data):
    relations = data.relations.assign(on_path="theirs")
    graph = read(
        "graphml", export_bytes("graphml", data.actors, relations, on_path={"r04"})
    )
    edge = graph.edges["maduro", "trump", "r04"]
    assert edge["on_path"] == "theirs" and edge["on_path_2"] is True
