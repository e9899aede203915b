"""The event store, in this process: real GDELT rows (tests/fixtures/gdelt)
sliced into several files, imported once each, every row accounted for, and
the store opened as the same relations as ``python -m dashboard import``."""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
import signal
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.cli import main
from dashboard.core import store as core_store
from dashboard.core.load import load_dataset, load_datasets
from dashboard.core.problems import DataError
from dashboard.devtools.synthetic import main as synthetic_main
from dashboard.importing.events import import_events, write_tables
from dashboard.importing.store import (
    StoreError,
    _interrupts_held,
    ingest,
    open_store,
)
from tests.conftest import BUNDLED, FIXTURES, ICEWS_SAMPLE
from tests.unit.test_importing import gdelt_row

GDELT_FILE = FIXTURES / "gdelt" / "20150218230000.export.CSV.zip"
# the fixture's 15-minute file cut in three, named as GDELT names its files
SLICES = ("20150218230000", "20150218231500", "20150218233000")


def gdelt_lines() -> list[str]:
    with zipfile.ZipFile(GDELT_FILE) as archive:
        return archive.read(archive.namelist()[0]).decode("utf-8").splitlines()


def zipped(folder: Path, stamp: str, lines: list[str]) -> Path:
    """``lines`` as GDELT ships them: ``<stamp>.export.CSV`` in a zip."""
    path = folder / f"{stamp}.export.CSV.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stamp}.export.CSV", "\n".join(lines) + "\n")
    return path


def sliced(folder: Path) -> list[Path]:
    """The fixture's rows, unmodified, dealt into three files of 757 rows each
    (one in three), so that repeated reports of an event fall in different
    files as well as in one."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = gdelt_lines()
    return [zipped(folder, stamp, lines[i::3]) for i, stamp in enumerate(SLICES)]


def imported_directory(files: list[Path], out: Path):
    """The same files through ``python -m dashboard import --out``'s path."""
    actors, relations, report = import_events("gdelt", sorted(files))
    return load_dataset(write_tables(out, actors, relations)), report


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    return sliced(tmp_path_factory.mktemp("raw"))


@pytest.fixture(scope="module")
def store(tmp_path_factory, files):
    store = tmp_path_factory.mktemp("store") / "gdelt"
    report = ingest(store, files, workers=1)
    return store, report


def test_every_row_is_accounted_for(store):
    path, report = store
    total = report.totals()
    assert total["rows"] == 2271 and total["kept"] == 15
    assert total["rows"] == (
        total["kept"] + sum(total["skipped"].values()) + sum(total["bad"].values())
    )
    assert total["skipped"] == {
        "an actor without a country code": 1631,
        "outside the chosen countries": 528,
        "inside one actor (both ends the same)": 97,
    }
    manifest = json.loads((path / "store.json").read_text())
    assert [entry["name"] for entry in manifest["files"]] == [
        f"{stamp}.export.CSV.zip" for stamp in SLICES
    ]
    for entry in manifest["files"]:  # and per file, with its Parquet part
        assert entry["rows"] == entry["kept"] + sum(entry["skipped"].values())
        assert all((path / part["path"]).is_file() for part in entry["parts"])
        assert [p["month"] for p in entry["parts"]] in ([], ["2015-02"])
    assert report.files == 3 and report.events == 15
    # among the five countries, between two different ones (fixtures/README.md)
    relations = open_store(path).relations
    pairs = relations.groupby(["source", "target"])["report_count"].apply(
        lambda counts: counts.astype(int).sum()
    )
    assert pairs.to_dict() == {
        ("united-states", "russia"): 5, ("russia", "united-states"): 3,
        ("belarus", "russia"): 2, ("russia", "belarus"): 2,
        ("russia", "turkey"): 1, ("turkey", "russia"): 1,
        ("turkey", "united-states"): 1,
    }  # fmt: skip


def test_the_store_opens_as_the_imported_directory_would(store, files, tmp_path):
    path, report = store
    opened = open_store(path)
    directory, imported = imported_directory(files, tmp_path / "dir")
    assert report.relations == imported.relations == len(opened.relations) == 9
    pd.testing.assert_frame_equal(opened.actors, directory.actors)
    # the same relations, provenance and all; the ids differ on purpose: a
    # store's are its relation's day and a hash, the same after every import
    pd.testing.assert_frame_equal(
        opened.relations.drop(columns="id"), directory.relations.drop(columns="id")
    )
    assert opened.relations["id"].str.fullmatch(r"gdelt-20150218-[0-9a-f]{12}").all()
    row = opened.relations.iloc[0]
    assert row["origin"] == "GDELT" and row["url"].startswith("http")
    assert {"goldstein", "avg_tone", "num_mentions", "event_ids"} <= set(row.index)
    # the whole file in one: its repeated reports merged inside the file
    whole = ingest(tmp_path / "whole", [GDELT_FILE], workers=1)
    assert whole.imported[0]["merged"] == 6
    directory, _ = imported_directory([GDELT_FILE], tmp_path / "dir-whole")
    pd.testing.assert_frame_equal(
        open_store(tmp_path / "whole").relations.drop(columns="id"),
        directory.relations.drop(columns="id"),
    )


def test_a_store_gives_cooperating_militarily_its_own_kind(tmp_path):
    """A store works each row's kind out again from its code as it opens (a
    part written before a mapping changed reads as a new one): it did so by
    the root alone, and "062" read as economic cooperation again."""
    path = tmp_path / "20251121.export.CSV"
    path.write_text("\n".join([
        gdelt_row(GLOBALEVENTID="1", EventCode="062", EventRootCode="06", QuadClass="2"),
        gdelt_row(GLOBALEVENTID="2", EventCode="061", EventRootCode="06", QuadClass="2"),
    ]) + "\n", encoding="utf-8")  # fmt: skip
    ingest(tmp_path / "store", [path], workers=1)
    relations = open_store(tmp_path / "store").relations
    kinds = dict(zip(relations["cameo_code"], relations["kind"]))
    assert kinds == {"062": "military cooperation", "061": "economic cooperation"}


def test_an_opened_store_is_read_from_its_cache(store, monkeypatch):
    path, _ = store
    first = open_store(path)

    def no_merge(*args, **kwargs):
        raise AssertionError("the cached tables must be read, not merged again")

    monkeypatch.setattr(core_store, "merged_tables", no_merge)
    again = open_store(path)
    pd.testing.assert_frame_equal(first.relations, again.relations)
    pd.testing.assert_frame_equal(first.actors, again.actors)
    assert len(list((path / "cache").glob("*.arrow"))) == 2


def test_nothing_is_imported_twice(tmp_path, files):
    store = tmp_path / "store"
    ingest(store, files[:2], workers=1)
    again = ingest(store, [*files, files[2]], workers=1)  # the third given twice
    assert [entry["name"] for entry in again.imported] == [files[2].name]
    assert again.passed == {
        **{f.name: "already imported" for f in files[:2]},
        files[2].name: "given twice, read once",
    }
    assert again.events == 15
    # the same content under another name is not counted again
    copy = tmp_path / "copy" / "20150218234500.export.CSV.zip"
    copy.parent.mkdir()
    copy.write_bytes(files[0].read_bytes())
    third = ingest(store, [copy], workers=1)
    assert third.imported == [] and third.events == 15
    assert "the same content as" in third.passed[copy.name]
    assert len(open_store(store).relations) == 9


def test_a_file_zipped_and_not_is_one_file(tmp_path):
    """GDELT's file as fetched (zipped) and as an analyst unzipped it: two
    contents, one file. The store had held both, every event twice (report
    counts and event ids doubled, 30 events for the file's 15)."""
    store = tmp_path / "store"
    plain = tmp_path / "20150218230000.export.CSV"
    plain.write_text("\n".join(gdelt_lines()) + "\n", encoding="utf-8")
    ingest(store, [GDELT_FILE], workers=1)
    report = ingest(store, [plain], workers=1)
    assert (report.files, report.events) == (1, 15)
    relations = open_store(store).relations
    assert relations["report_count"].astype(int).sum() == 15
    parts = [p.name for p in store.rglob("*.parquet")]
    assert parts == ["20150218230000.export.CSV.parquet"]
    # and back, or both in one import: once
    back = ingest(store, [GDELT_FILE], workers=1)
    assert (back.files, back.events) == (1, 15)
    both = ingest(tmp_path / "both", [GDELT_FILE, plain], workers=1)
    assert (both.files, both.events) == (1, 15)
    assert "read once" in both.passed[plain.name]


def test_a_store_that_holds_a_file_zipped_and_not_counts_it_once(tmp_path, caplog):
    """A store imported before one file zipped and not was kept once still
    listed both, and opened with every event twice (30 reports of the file's
    15). It opens with the last imported counted, says so, and is not
    rewritten; its next import counts the file once too."""
    store, other = tmp_path / "store", tmp_path / "other"
    plain = tmp_path / "20150218230000.export.CSV"
    plain.write_text("\n".join(gdelt_lines()) + "\n", encoding="utf-8")
    ingest(store, [GDELT_FILE], workers=1)
    ingest(other, [plain], workers=1)
    # as an import before the guard left it: both files listed, both parts
    manifest = json.loads((store / "store.json").read_text())
    added = json.loads((other / "store.json").read_text())["files"][0]
    added["imported"] = "2099-01-01T00:00:00+00:00"  # the later import
    manifest["files"].append(added)
    manifest["version"] = "before-the-guard"
    for part in added["parts"]:
        shutil.copy(other / part["path"], store / part["path"])
    written = json.dumps(manifest, indent=1)
    (store / "store.json").write_text(written)
    relations = open_store(store).relations
    assert relations["report_count"].astype(int).sum() == 15
    assert (
        f"{store}: 1 file(s) imported both zipped and not "
        f"({GDELT_FILE.name} beside {plain.name}): their events counted once"
    ) in caplog.text
    assert (store / "store.json").read_text() == written
    more = ingest(store, sliced(tmp_path / "slices")[1:2], workers=1)
    assert (more.files, more.events) == (2, 15 + more.imported[0]["kept"])
    assert "imported both zipped and not" in str(more)


def test_files_of_one_stem_keep_their_own_parts(tmp_path):
    """Two halves of one file named "half.tab" and "half.txt": each one's
    parts had been written to half.parquet, the second over the first, and
    the store said 15 events while holding the second half's only."""
    store, lines = tmp_path / "store", gdelt_lines()
    halves = [tmp_path / "half.tab", tmp_path / "half.txt"]
    for path, rows in zip(halves, (lines[::2], lines[1::2])):
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = ingest(store, halves, workers=1)
    assert (report.files, report.events) == (2, 15)
    relations = open_store(store).relations
    assert relations["report_count"].astype(int).sum() == 15


def test_a_changed_file_replaces_its_parts(tmp_path):
    store = tmp_path / "store"
    lines = gdelt_lines()
    first = zipped(tmp_path, "20150218230000", lines)
    ingest(store, [first], workers=1)
    # the same file name again, a month moved: its parts are replaced, not added
    moved = [line.replace("\t20150218\t", "\t20150118\t", 1) for line in lines]
    (tmp_path / "new").mkdir()
    second = zipped(tmp_path / "new", "20150218230000", moved)
    report = ingest(store, [second], workers=1)
    assert report.events == 15 and report.files == 1
    parts = sorted(p.relative_to(store).as_posix() for p in store.rglob("*.parquet"))
    assert parts == ["events/month=2015-01/20150218230000.export.CSV.zip.parquet"]
    relations = open_store(store).relations
    assert set(relations["start"]) == {"2015-01-18"}


def test_months_are_partitions(tmp_path):
    lines = gdelt_lines()
    half = len(lines) // 2
    moved = lines[:half] + [
        line.replace("\t20150218\t", "\t20150301\t", 1) for line in lines[half:]
    ]
    report = ingest(tmp_path / "store", [zipped(tmp_path, "20150301000000", moved)])
    months = [part["month"] for part in report.imported[0]["parts"]]
    assert months == ["2015-02", "2015-03"]
    assert sum(p["rows"] for p in report.imported[0]["parts"]) == 9


def test_bad_files_are_named_with_the_reason(tmp_path, files):
    truncated = tmp_path / "20150219000000.export.CSV.zip"
    truncated.write_bytes(files[0].read_bytes()[:5000])
    not_zip = tmp_path / "20150219001500.export.CSV.zip"
    not_zip.write_text("<html>Not found</html>")
    bad_rows = tmp_path / "20150219003000.export.CSV"
    lines = gdelt_lines()[:50]
    fields = lines[0].split("\t")
    bad_date = "\t".join([fields[0], "2015-02-18", *fields[2:]])
    bad_rows.write_text("\n".join([*lines, "1\t2\t3", bad_date]) + "\n")
    gone = tmp_path / "20150219004500.export.CSV.zip"
    report = ingest(
        tmp_path / "store", [truncated, not_zip, bad_rows, gone, GDELT_FILE], workers=1
    )
    assert report.unreadable[truncated.name].startswith("not a zip archive")
    assert report.unreadable[not_zip.name].startswith("not a zip archive")
    assert report.unreadable[gone.name].startswith("cannot be read")
    total = report.totals()
    assert total["bad"] == {
        "wrong number of fields (expected 61 or 58)": 1,
        "bad date in SQLDATE": 1,
    }
    assert total["rows"] == 2271 + 52 and report.events == 15
    assert "could not read 20150219000000.export.CSV.zip" in str(report)
    # a broken file is recorded (the same bytes are not read again), a missing
    # one is not (it may be there next time)
    again = ingest(tmp_path / "store", [truncated, not_zip], workers=1)
    assert again.passed[truncated.name].startswith("already imported (not a zip")
    names = [e["name"] for e in json.loads((tmp_path / "store/store.json").read_text())["files"]]  # fmt: skip
    assert gone.name not in names and truncated.name in names


def test_a_store_keeps_its_source_and_countries(tmp_path, files):
    store = tmp_path / "store"
    ingest(store, files[:1], workers=1)
    with pytest.raises(StoreError, match="countries"):
        ingest(store, files[1:], countries=("RUS", "USA"), workers=1)
    with pytest.raises(StoreError, match="gdelt events"):
        ingest(store, files[1:], source="icews", workers=1)
    # the same countries in another order and case are the same
    assert ingest(store, files[1:2], countries=("usa", "ven", "rus", "blr", "tur"), workers=1).imported  # fmt: skip


def test_a_store_fetched_into_and_not_imported_says_what_to_run(tmp_path, caplog):
    """``fetch --download-only`` (or a fetch whose files all failed) leaves a
    fetch log and no store.json: the app said "actors.csv: is missing",
    taking the store for a CSV folder, and would not show the article beside
    it. Alone, it is refused with the command that imports it; beside other
    data, it is left out with that word."""
    store = tmp_path / "dl-store"
    store.mkdir()
    (store / "fetch.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_dataset(store)
    (problem,) = refused.value.problems
    assert problem.file == "store.json" and "none imported yet" in problem.message
    assert f"python -m dashboard update {store}" in problem.message
    assert "actors.csv" not in str(refused.value)
    together = load_datasets([BUNDLED, store])
    assert len(together.relations) == len(load_dataset(BUNDLED).relations)
    assert "dl-store: left out" in caplog.text


def _sigint_ignored(answer) -> None:
    answer.put(signal.getsignal(signal.SIGINT) == signal.SIG_IGN)


def test_workers_started_for_an_import_leave_ctrl_c_to_it():
    """Ctrl+C in a terminal reaches every process of the group: Dask's local
    workers each printed a KeyboardInterrupt traceback under "interrupted:
    what was fetched is kept". Those started while interrupts are held
    ignore it; this process takes it again after."""
    spawn = multiprocessing.get_context("spawn")
    answer = spawn.Queue()
    with _interrupts_held():
        worker = spawn.Process(target=_sigint_ignored, args=(answer,))
        worker.start()
    assert answer.get(timeout=60) is True
    worker.join(timeout=60)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_empty_store_says_so(tmp_path):
    store = tmp_path / "store"
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("no")
    report = ingest(store, [not_zip], workers=1)
    assert report.events == 0 and report.relations == 0
    with pytest.raises(DataError, match="no event yet"):
        load_dataset(store)
    part = tmp_path / "part"
    ingest(part, [GDELT_FILE], workers=1)
    for path in [*part.rglob("*.parquet"), *part.rglob("*.arrow")]:
        path.unlink()
    with pytest.raises(DataError, match="parts that cannot be read"):
        load_dataset(part)
    (store / "store.json").write_text('{"format": 99}')
    with pytest.raises(DataError, match="format"):
        load_dataset(store)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"files": "abc"}, "files"),
        ({"files": [1]}, "files[1]"),
        ({"files": [{"name": "a.zip", "kept": 1, "parts": [{"path": 5}]}]}, "files[1].parts[1].path"),
        ({"files": [{"name": "a.zip", "kept": 1, "parts": [{}]}]}, "files[1].parts[1].path"),
        ({"files": [{"name": "a.zip", "kept": 1, "parts": [{"path": "../../x.parquet"}]}]},
         "files[1].parts[1].path"),
        ({"files": [{"parts": []}]}, "files[1].name"),
        ({"countries": "usa"}, "countries"),
        ({"relations": []}, "relations"),
        ({"relations": {"origin": 5}}, "relations.origin"),
        ({"files": [{"name": "a.zip", "parts": []}]}, "files[1].kept"),
    ],
)  # fmt: skip
def test_a_store_json_of_the_wrong_shape_is_refused_in_one_line(
    store, tmp_path, capsys, change, field
):
    """store.json changed by hand: "files" a text or a list of numbers, a part
    without its path had check, start-up and the next import end in a
    traceback (AttributeError, TypeError, KeyError); a path up and out of the
    store would have been read."""
    copy = tmp_path / "store"
    shutil.copytree(store[0], copy)
    manifest = json.loads((copy / "store.json").read_text())
    (copy / "store.json").write_text(json.dumps({**manifest, **change}))
    with pytest.raises(
        DataError, match=rf"store.json.*'{re.escape(field)}'.*should be"
    ):
        load_dataset(copy)
    assert main(["check", str(copy)]) == 1
    assert f"'{field}'" in capsys.readouterr().err
    argv = ["import", "gdelt", str(GDELT_FILE), "--store", str(copy), "--workers", "1"]
    assert main(argv) == 1
    assert "should be" in capsys.readouterr().err


def test_a_store_beside_a_data_directory(store):
    path, _ = store
    both = load_datasets([BUNDLED, path])
    assert len(both.relations) == 27 + 9
    assert set(both.relations["origin"]) == {"Guacamaya article (curated)", "GDELT"}
    assert (both.actors["id"] == "russia").sum() == 1


def test_import_command_into_a_store(tmp_path, files, capsys):
    store = tmp_path / "store"
    argv = ["import", "gdelt", *map(str, files), "--store", str(store)]
    assert main([*argv, "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "imported 3 file(s): read 2,271 rows" in out and "9 relations" in out
    assert main([*argv, "--workers", "1"]) == 0
    assert "already imported" in capsys.readouterr().out
    assert main([*argv, "--since", "2015-01-01"]) == 2
    assert main([*argv, "--workers", "0"]) == 2
    assert main(["import", "gdelt", str(files[0]), "--out", str(tmp_path / "o"),
                 "--workers", "2"]) == 2  # fmt: skip
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("no")
    assert main(["import", "gdelt", str(not_zip), "--store", str(tmp_path / "s2")]) == 1


def test_an_icews_store_opens_as_the_imported_directory_would(tmp_path):
    report = ingest(tmp_path / "store", [ICEWS_SAMPLE], source="icews", workers=1)
    assert (report.events, report.relations) == (71, 53)
    opened = open_store(tmp_path / "store")
    actors, relations, _ = import_events("icews", [ICEWS_SAMPLE])
    directory = load_dataset(write_tables(tmp_path / "dir", actors, relations))
    pd.testing.assert_frame_equal(opened.actors, directory.actors)
    pd.testing.assert_frame_equal(
        opened.relations.drop(columns="id"), directory.relations.drop(columns="id")
    )
    assert set(opened.relations["origin"]) == {"ICEWS"}


def test_a_part_of_an_earlier_import_reads_with_today_s_cameo_kinds(tmp_path):
    """Parts written before root 09 became 'investigation' (cooperative) hold
    'warning', conflictual, class 3; importing their file again is refused
    as done. Opened, the store gives each event the kind and stance of its
    code, so that a filter on 'investigation' finds the older events too."""
    store = tmp_path / "store"
    ingest(store, [ICEWS_SAMPLE], source="icews", workers=1)
    (part,) = store.glob("events/*/*.parquet")
    old = pq.read_table(part).to_pandas()
    investigate = old["code"].str.startswith("09")
    assert investigate.any()
    old.loc[investigate, ["kind", "stance"]] = ["warning", "conflictual"]
    old.loc[investigate, "quad"] = 3
    pq.write_table(pa.Table.from_pandas(old, schema=pq.read_schema(part)), part)
    shutil.rmtree(store / core_store.CACHE, ignore_errors=True)
    relations = open_store(store).relations
    opened = relations[relations["cameo_code"].str.startswith("09")]
    assert len(opened) == investigate.sum()
    assert set(zip(opened["kind"], opened["stance"], opened["quad_class"])) == {
        ("investigation", "cooperative", "2")
    }


def test_a_part_with_a_code_of_no_known_root_opens_with_its_own_kind(tmp_path):
    """The importers keep no code of an unknown root, but a part changed by
    hand may hold one: the store opens with the part's kind, stance and
    class for it, where it had stopped with a TypeError."""
    store = tmp_path / "store"
    ingest(store, [ICEWS_SAMPLE], source="icews", workers=1)
    (part,) = store.glob("events/*/*.parquet")
    old = pq.read_table(part).to_pandas()
    old.loc[0, ["code", "kind", "stance"]] = ["999", "pressure", "conflictual"]
    old.loc[0, "quad"] = 3
    pq.write_table(pa.Table.from_pandas(old, schema=pq.read_schema(part)), part)
    shutil.rmtree(store / core_store.CACHE, ignore_errors=True)
    relations = open_store(store).relations
    opened = relations[relations["cameo_code"] == "999"]
    assert list(zip(opened["kind"], opened["stance"], opened["quad_class"])) == [
        ("pressure", "conflictual", "3")
    ]


def _tree(folder: Path) -> list[Path]:
    """Every file and folder under ``folder``, hidden ones too."""
    return sorted(path.relative_to(folder) for path in folder.rglob("*"))


def test_a_data_directory_never_becomes_a_store(tmp_path, capsys):
    """``import gdelt ... --store data`` once made the bundled data directory
    a store (store.json, events/, cache/, .lock) and exited 0: the app then
    showed its 9 GDELT relations in place of the 27 curated ones. Every
    command that makes a store refuses a folder holding a data set, in one
    line, and leaves it as it was."""
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    before = _tree(data)
    said = f"{data}: holds a data set (actors.csv, relations.csv), not an event store; give a new directory"  # fmt: skip
    for argv in (
        ["import", "gdelt", str(GDELT_FILE), "--store", str(data), "--workers", "1"],
        ["import", "icews", str(ICEWS_SAMPLE), "--store", str(data)],
        ["fetch", "gdelt", "--since", "2015-02-19", "--out", str(data)],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert said in err and len(err.strip().splitlines()) == 1, err
    with pytest.raises(StoreError, match="holds a data set"):
        ingest(data, [GDELT_FILE], workers=1)
    # nor does the synthetic store's generator
    with pytest.raises(SystemExit):
        synthetic_main(["--relations", "10", "--store", str(data)])
    assert f"--store {said}" in capsys.readouterr().err
    assert _tree(data) == before
    assert len(load_dataset(data).relations) == 27


def test_a_data_set_with_its_own_cache_is_not_said_to_be_half_a_store(tmp_path):
    """A large data set keeps its layouts in its cache/ folder, as a store
    keeps its tables: it was refused as "beside an event store's files"."""
    from dashboard.importing.store import store_dir_problem

    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    (data / "cache").mkdir()
    assert store_dir_problem(data) == (
        "holds a data set (actors.csv, relations.csv), not an event store; give "
        "a new directory, or a store to add to"
    )


def test_a_folder_of_other_files_never_becomes_a_store(tmp_path, capsys):
    """Not a data set, but not a store's either (a downloads folder): it is
    refused as ``--out`` refuses a data set, naming what it holds."""
    other = tmp_path / "downloads"
    other.mkdir()
    for name in ("notes.txt", "a.pdf", "b.pdf", "c.pdf"):
        (other / name).write_text("x")
    argv = ["import", "gdelt", str(GDELT_FILE), "--store", str(other)]
    assert main([*argv, "--workers", "1"]) == 2
    assert capsys.readouterr().err == (
        f"--store {other}: holds files that are not an event store's (a.pdf, "
        "b.pdf, c.pdf and 1 more); give a new directory, or a store to add to\n"
    )
    assert len(_tree(other)) == 4
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert main(["import", "gdelt", str(GDELT_FILE), "--store", str(afile)]) == 2
    assert f"--store {afile}: is a file, not a directory" in capsys.readouterr().err


def test_a_data_directory_made_a_store_says_how_to_get_it_back(tmp_path, capsys):
    """A data directory that an import made a store before it was refused:
    the store is not added to, and the message names what to remove."""
    store = tmp_path / "store"
    ingest(store, [GDELT_FILE], workers=1)
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    shutil.copytree(store, data, dirs_exist_ok=True)
    json.dump({"base_url": "http://127.0.0.1:9/", "countries": ["RUS"], "files": {}},
              (data / "fetch.json").open("w"))  # fmt: skip
    before = _tree(data)
    argv = ["import", "gdelt", str(GDELT_FILE), "--store", str(data), "--workers", "1"]
    assert main(argv) == 2
    assert (
        "beside an event store's files; give a new directory (removing cache, "
        "events, fetch.json, store.json, .lock from it leaves the data set as it was)"
    ) in capsys.readouterr().err
    assert main(["update", str(data)]) == 2  # before asking GDELT for anything
    assert "holds a data set" in capsys.readouterr().err
    assert _tree(data) == before


def test_a_new_or_empty_folder_becomes_a_store_and_a_store_takes_more(
    tmp_path, files, capsys
):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".DS_Store").write_text("x")  # a desktop's, not data
    for store in (tmp_path / "new", empty):
        argv = ["import", "gdelt", str(files[0]), "--store", str(store)]
        assert main([*argv, "--workers", "1"]) == 0
    (empty / "NOTES.txt").write_text("mine")  # beside a store: its owner's
    argv = ["import", "gdelt", str(files[1]), "--store", str(empty), "--workers", "1"]
    assert main(argv) == 0
    assert "imported 1 file(s)" in capsys.readouterr().out
    assert len(open_store(empty).relations) > 0


def test_a_file_an_older_reader_imported_is_read_again(tmp_path):
    """A store skipped a file it held by name and content, so the readers'
    fixes (a byte-order mark, every file of a zip, ids of other scripts)
    never reached it; such a file is read again, its parts replaced."""
    store = tmp_path / "store"
    first = ingest(store, [ICEWS_SAMPLE], source="icews", workers=1)
    manifest = json.loads((store / "store.json").read_text())
    for entry in manifest["files"]:
        del entry["reader"]  # as an import before the reader was numbered
    (store / "store.json").write_text(json.dumps(manifest))
    again = ingest(store, [ICEWS_SAMPLE], source="icews", workers=1)
    assert [entry["name"] for entry in again.imported] == [ICEWS_SAMPLE.name]
    assert again.events == first.events  # replaced, not added
    third = ingest(store, [ICEWS_SAMPLE], source="icews", workers=1)
    assert third.imported == [] and third.passed == {
        ICEWS_SAMPLE.name: "already imported"
    }
