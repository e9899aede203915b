"""Loading at scale: the files read by Arrow as the csv module reads them,
every problem of a large bad file still named by file, line, column and
value, texts kept compact, hover texts written a column at a time, and the
network layout kept beside the data and read back while the data is the same."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.core import csvfile, positions
from dashboard.core.columns import ARROW_TEXT, TEXT, model_texts
from dashboard.core.csvfile import WHITESPACE, read_table
from dashboard.core.describe import (
    ACTOR_FIELDS,
    RELATION_FIELDS,
    actor_label,
    records,
    relation_hover,
    relation_hovers,
)
from dashboard.core.graph import collapse_to_states
from dashboard.core.load import load_dataset
from dashboard.core.model import prepare
from dashboard.core.positions import LayoutCache, network_positions
from dashboard.core.problems import DataError
from dashboard.core.validate import RELATION_COLUMNS
from dashboard.devtools.synthetic import write_synthetic, write_synthetic_store
from tests.conftest import ACTORS, BUNDLED


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """20,000 synthetic relations among 400 actors: several Arrow blocks."""
    return write_synthetic(tmp_path_factory.mktemp("large"), 20_000, 400, seed=3)


def test_whitespace_is_what_strip_takes_off():
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


TRICKY = (
    "id,source,target,kind,start,confidence,summary\n"
    "\n"
    'r1,a,b,call,2025-01-01,confirmed,"two\nlines, and ""quotes"""\n'
    "  r2 ,a,b,call,2025-01-02,confirmed,  padded\t\n"
    ",,,,,,\n"
    "r3,a,b,call,2025-01-03,confirmed,'=SUM(A1)\n"
    "r4,a,b,call,2025-01-04,confirmed,too,many\n"
    'r5,a,b,call,2025-01-05,confirmed,"\u00a0nbsp \u2003"\r\n'
    'r6,a,b,call,2025-01-06,confirmed,"a quote never closed\n'
    "r7,a,b,call,2025-01-07,confirmed,swallowed\n"
    'r8,a,b,call,2025-01-08,confirmed,""\n'
)


@pytest.mark.parametrize(
    "text",
    [
        TRICKY.replace('"a quote never closed', '"a quote closed"'),  # Arrow reads it
        TRICKY,  # a quote opened and never closed: the csv module reads it
        TRICKY.replace("\r\n", "\n").replace("r7,", "r7\r,"),  # a lone CR
    ],
    ids=["quick", "unclosed", "carriage-return"],
)
def test_arrow_reads_files_as_the_csv_module_does(tmp_path, text):
    path = tmp_path / "relations.csv"
    path.write_bytes(text.encode())
    quick_problems: list = []
    table, lines = read_table(path, RELATION_COLUMNS, quick_problems)
    raw = text.encode().replace(b"\r\n", b"\n").decode()
    slow_problems: list = []
    expected, expected_lines = csvfile._read_slowly(
        raw, "relations.csv", RELATION_COLUMNS, slow_problems
    )
    assert quick_problems == slow_problems
    assert lines.tolist() == expected_lines.tolist()
    pd.testing.assert_frame_equal(table, expected)


def test_the_quick_reading_strips_and_restores_cells(tmp_path):
    text = TRICKY.replace('"a quote never closed', '"a quote closed"')
    path = tmp_path / "relations.csv"
    path.write_text(text)
    problems: list = []
    table, lines = read_table(path, RELATION_COLUMNS, problems)
    data = text.encode().replace(b"\r\n", b"\n")
    assert csvfile._read_quickly(
        data, "relations.csv", RELATION_COLUMNS
    )  # Arrow read it
    rows = dict(zip(table["id"], table["summary"]))
    assert rows["r1"] == 'two\nlines, and "quotes"'
    assert rows["r2"] == "padded" and rows["r3"] == "=SUM(A1)"
    assert rows["r5"] == "nbsp" and rows["r8"] == ""
    assert lines.tolist() == [3, 5, 7, 9, 10, 11, 12]
    assert [(p.line, p.message) for p in problems] == [
        (8, "has 8 fields but the header has 7")
    ]


def test_cells_are_stripped_of_any_whitespace_alone(tmp_path):
    # a carriage return (or a no-break space) at a cell's end, and no other
    # whitespace in the file: stripped as str.strip() strips it
    path = tmp_path / "relations.csv"
    for cell, meant in (('"late\r"', "late"), ("\u00a0nbsp", "nbsp")):
        path.write_text(
            "id,source,target,kind,start,summary,confidence\n"
            f"r1,a,b,call,2025-01-01,{cell},confirmed\n",
            newline="",
        )
        table, _ = read_table(path, RELATION_COLUMNS, [])
        assert table["summary"].tolist() == [meant]


def corrupted(directory: Path, out: Path) -> tuple[Path, dict[int, str]]:
    """``directory``'s data with a fault on some lines: the lines and ids."""
    out.mkdir()
    (out / "actors.csv").write_bytes((directory / "actors.csv").read_bytes())
    lines = (directory / "relations.csv").read_text().split("\n")
    faults = {
        101: lambda cells: cells[:3] + ["cal"] + cells[4:],  # kind
        2_345: lambda cells: cells + ["extra"],  # fields
        5_000: lambda cells: cells[:1] + ["a-00x001"] + cells[2:],  # source
        9_999: lambda cells: cells[:4] + ["2019-02-30"] + cells[5:],  # date
        12_000: lambda cells: [lines[1].split(",")[0]] + cells[1:],  # id again
        15_500: lambda cells: cells[:7] + ["bell\x07rings"] + cells[8:],  # control
        19_000: lambda cells: cells[:9] + ["x"] + cells[10:],  # source_count
    }
    for line, fault in faults.items():
        lines[line - 1] = ",".join(fault(lines[line - 1].split(",")))
    (out / "relations.csv").write_text("\n".join(lines))
    return out, {line: lines[line - 1].split(",")[0] for line in faults}


def test_a_large_bad_file_names_every_problem(large, tmp_path):
    bad, ids = corrupted(large, tmp_path / "bad")
    with pytest.raises(DataError) as caught:
        load_dataset(bad)
    found = [(p.file, p.line, p.column, p.value) for p in caught.value.problems]
    first_id = (large / "relations.csv").read_text().split("\n")[1].split(",")[0]
    assert found == [
        ("relations.csv", 101, "kind", "cal"),
        ("relations.csv", 2_345, None, ids[2_345]),  # the row, named by its id
        ("relations.csv", 5_000, "source", "a-00x001"),
        ("relations.csv", 9_999, "start", "2019-02-30"),
        ("relations.csv", 12_000, "id", first_id),
        ("relations.csv", 15_500, "summary", "bell\\x07rings"),
        ("relations.csv", 19_000, "source_count", "x"),
    ]
    messages = [p.message for p in caught.value.problems]
    assert "did you mean 'call'" in messages[0]
    assert messages[1] == "has 12 fields but the header has 11"
    assert messages[2].startswith("names no actor in actors.csv (did you mean 'a-0")
    assert messages[3] == "is not a real calendar date"
    assert messages[4] == "is a duplicate of line 2"
    assert "U+0007 at character 5" in messages[5]
    assert messages[6] == "is not a whole number"


def test_texts_are_kept_compact(large):
    relations = load_dataset(large).relations
    kinds = relations["kind"].array
    assert relations["kind"].dtype == TEXT and relations["id"].dtype == TEXT
    first = {}
    for number, kind in enumerate(kinds[:200]):
        assert first.setdefault(kind, kinds[number]) is kinds[number]  # one object
    many = pd.Series([f"text {n}" for n in range(60_000)], dtype=ARROW_TEXT)
    arrow = many.array.__arrow_array__()
    assert model_texts(arrow, name="summary").dtype == ARROW_TEXT
    assert model_texts(arrow, name="id").dtype == TEXT
    assert model_texts(arrow[:100], name="summary").dtype == TEXT


def test_hovers_written_a_column_at_a_time_are_those_of_each_row(bundled_dataset):
    relations = pd.concat([bundled_dataset.relations] * 2, ignore_index=True)
    relations.loc[0, "summary"] = "x" * 70  # wrapped
    relations.loc[1, "summary"] = " <b>bold</b> & co "
    relations.loc[2, ["quote", "summary"]] = ""
    relations.loc[3, "reported_by"] = ""
    relations.loc[4, ["quote", "summary"]] = ["", "Ünïcode — dash"]
    relations.loc[5, "reported_by"] = "; ".join(f"Publisher {n}" for n in range(10))
    actors = bundled_dataset.actors
    names = {row["id"]: actor_label(row) for row in records(actors, ACTOR_FIELDS)}
    # ICEWS' names: two on one line were wider than the map at 1280x720
    names[relations.loc[6, "source"]] = "High Ranking Military Personnel (Vietnam)"
    names[relations.loc[6, "target"]] = "Foreign Affairs (Bangladesh)"
    expected = [
        relation_hover(row, names) for row in records(relations, RELATION_FIELDS)
    ]
    hovers = list(relation_hovers(relations, names))
    assert hovers == expected
    assert "Publisher 9" not in hovers[5] and "…" in hovers[5]
    assert hovers[6].startswith("<b>High Ranking Military Personnel (Vietnam) →<br>")
    assert max(len(line) for hover in hovers for line in hover.split("<br>")) <= 80


def test_states_only_layout_and_codes_as_from_the_whole_table(large):
    data = prepare(load_dataset(large))
    dataset = data.dataset
    assert "between_states" not in vars(dataset)  # made when a view needs it
    states = dataset.actors[dataset.actors["kind"] == "state"]
    whole = dataset.between_states
    assert data.state_positions == network_positions(states, whole)
    # the layouts are made from each pair of actors once: as from every relation
    assert data.positions == network_positions(dataset.actors, dataset.relations)
    expected = data.codes.with_ends(whole)
    for field in ("source", "target", "pair", "pairs"):
        assert np.array_equal(
            getattr(data.state_codes, field), getattr(expected, field)
        )
    assert whole.equals(collapse_to_states(dataset.actors, dataset.relations))


@pytest.fixture
def small_layouts(monkeypatch):
    """Layouts kept from 50 pairs up, computed by a counted function."""
    monkeypatch.setattr(LayoutCache, "SMALLEST", 50)
    computed = []
    by_component = positions._by_component

    def counted(graph, start=None):
        computed.append(graph.vcount())
        return by_component(graph, start)

    monkeypatch.setattr(positions, "_by_component", counted)
    return computed


def chain(count: int, *, shift: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [f"a{n}" for n in range(count)]
    relations = pd.DataFrame(
        {"source": ids, "target": ids[shift + 1 :] + ids[: shift + 1]}
    )
    return pd.DataFrame({"id": ids}), relations


def test_a_layout_is_kept_and_read_back(tmp_path, small_layouts):
    actors, relations = chain(300)
    folder = tmp_path / "cache"
    first = network_positions(actors, relations, cache=[folder])
    assert small_layouts == [300] and len(list(folder.glob("layout-*.npy"))) == 1
    again = network_positions(actors, relations, cache=[folder])
    assert again == first and small_layouts == [300]  # read, not computed
    assert network_positions(actors, relations) == first  # as without a cache


def test_a_layout_of_other_data_is_not_read(tmp_path, small_layouts):
    folder = tmp_path / "cache"
    network_positions(*chain(300), cache=[folder])
    other = network_positions(*chain(300, shift=1), cache=[folder])
    assert small_layouts == [300, 300]  # computed again: another pair
    assert other == network_positions(*chain(300, shift=1))
    assert len(list(folder.glob("layout-*.npy"))) == 2


def test_a_broken_or_unwritable_cache_is_ignored(tmp_path, small_layouts):
    actors, relations = chain(300)
    folder = tmp_path / "cache"
    expected = network_positions(actors, relations, cache=[folder])
    (kept,) = folder.glob("layout-*.npy")
    kept.write_bytes(b"not a layout")
    assert network_positions(actors, relations, cache=[folder]) == expected
    assert len(small_layouts) == 2 and np.load(kept).shape == (300, 2)  # rewritten
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert network_positions(actors, relations, cache=[blocked / "cache"]) == expected


def test_only_the_layouts_used_last_are_kept(tmp_path, small_layouts):
    folder = tmp_path / "cache"
    for shift in range(LayoutCache.KEEP + 2):
        network_positions(*chain(300, shift=shift), cache=[folder])
    assert len(list(folder.glob("layout-*.npy"))) == LayoutCache.KEEP


def test_a_data_directory_keeps_its_layouts(tmp_path, small_layouts):
    directory = write_synthetic(tmp_path / "data", 1_000, 400, seed=1)
    first = prepare(load_dataset(directory))
    assert len(small_layouts) == 2  # the actors' and the states'
    assert len(list((directory / "cache").glob("layout-*.npy"))) == 2
    again = prepare(load_dataset(directory))
    assert len(small_layouts) == 2  # both read back
    assert again.positions == first.positions
    assert again.state_positions == first.state_positions
    # a relation edited: its layout is computed anew, not read
    lines = (directory / "relations.csv").read_text().split("\n")
    cells = lines[1].split(",")
    cells[2] = "a-000077" if cells[2] != "a-000077" else "a-000078"
    lines[1] = ",".join(cells)
    (directory / "relations.csv").write_text("\n".join(lines))
    prepare(load_dataset(directory))
    assert small_layouts[2] == 400  # the actors' (and maybe the states')


def test_the_bundled_data_keeps_no_layout():
    # small layouts take less time than reading a file
    prepare(load_dataset(BUNDLED))
    assert not (BUNDLED / "cache").exists()


def test_a_synthetic_store_opens_from_its_cache(tmp_path):
    store = write_synthetic_store(tmp_path / "store", 2_000, 200, seed=2)
    opened = load_dataset(store)  # merged, checked and cached
    assert len(list((store / "cache").glob("*.arrow"))) == 2
    again = load_dataset(store)  # from the cache
    pd.testing.assert_frame_equal(again.relations, opened.relations)
    pd.testing.assert_frame_equal(again.actors, opened.actors)
    assert len(opened.relations) > 1_990 and set(opened.relations["origin"]) == {
        "GDELT"
    }
    # its parts hold what an import writes: a code's own class and stance
    parts = pd.read_parquet(next(store.glob("events/*/*.parquet")))
    root = parts["code"].str[:2].astype(int)
    assert (
        parts["quad"] == np.select([root <= 5, root <= 9, root <= 14], [1, 2, 3], 4)
    ).all()
    assert (
        parts["stance"] == np.where(parts["quad"] <= 2, "cooperative", "conflictual")
    ).all()


def test_read_table_gives_line_numbers_for_the_quotes_check(write_dir):
    directory = write_dir(actors=ACTORS)
    table, lines = read_table(directory / "relations.csv", RELATION_COLUMNS, [])
    rows = list(csv.reader(io.StringIO((directory / "relations.csv").read_text())))
    assert lines.tolist() == [2, 3] and list(table["id"]) == [r[0] for r in rows[1:]]


def test_a_large_summary_writes_its_counts_with_separators(large):
    """``check``'s lines: '20,000 relations' beside 'confirmed 10011'."""
    lines = load_dataset(large).summary().splitlines()
    assert lines[1].startswith("20,000 relations")
    for line in (lines[0], *lines[2:]):
        assert not re.search(r"\d{4}", line), line
