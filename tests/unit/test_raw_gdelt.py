"""Raw GDELT-shaped files (devtools/rawgdelt.py) through the event store's own
import: every row accounted for, the events among the countries kept as the
generator drew them; the same seed writes the same bytes. Small sizes only:
the bench (``bench --events N``) pushes millions the same way."""

from __future__ import annotations

import zipfile

import pytest

from dashboard.devtools.rawgdelt import write_raw_gdelt
from dashboard.importing.gdelt import GDELT_LAYOUTS, read_gdelt
from dashboard.importing.report import ImportReport
from dashboard.importing.store import ingest, open_store


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    return write_raw_gdelt(tmp_path_factory.mktemp("raw"), 2_000, files=4, seed=3)


def test_generated_files_are_gdelt_2_exports(raw):
    assert len(raw.paths) == 4 and raw.rows == 2_000
    names = GDELT_LAYOUTS[61][1]
    ids = set()
    for path in raw.paths:
        stamp = path.name.removesuffix(".export.CSV.zip")
        with zipfile.ZipFile(path) as archive:
            assert archive.namelist() == [f"{stamp}.export.CSV"]
            rows = archive.read(archive.namelist()[0]).decode().splitlines()
        assert len(rows) == 500
        for line in rows:
            row = dict(zip(names, line.split("\t"), strict=True))
            assert row["DATEADDED"] == stamp and row["SQLDATE"] <= stamp[:8]
            ids.add(row["GLOBALEVENTID"])
    assert len(ids) == 2_000


def test_the_store_import_keeps_what_was_drawn_among_the_countries(raw, tmp_path):
    report = ingest(tmp_path / "store", raw.paths, workers=1)
    total = report.totals()
    assert total["rows"] == 2_000 and total["bad"] == {}
    assert total["kept"] == raw.kept and 150 < raw.kept < 250  # a tenth
    assert sum(total["skipped"].values()) == 2_000 - raw.kept
    assert set(total["skipped"]) == {
        "an actor without a country code",
        "outside the chosen countries",
        "inside one actor (both ends the same)",
    }
    assert 0 < report.relations <= raw.kept
    assert len(open_store(tmp_path / "store").relations) == report.relations


def test_the_same_seed_writes_the_same_bytes(raw, tmp_path):
    again = write_raw_gdelt(tmp_path, 2_000, files=4, seed=3, jobs=2)
    assert [p.read_bytes() for p in again.paths] == [p.read_bytes() for p in raw.paths]
    assert again.kept == raw.kept
    other = write_raw_gdelt(tmp_path / "other", 2_000, files=4, seed=4)
    assert other.paths[0].read_bytes() != raw.paths[0].read_bytes()


def test_files_already_written_are_used_again(tmp_path):
    first = write_raw_gdelt(tmp_path, 300, files=3, seed=1)
    written = [p.stat().st_mtime_ns for p in first.paths]
    again = write_raw_gdelt(tmp_path, 300, files=3, seed=1)
    assert again == first and [p.stat().st_mtime_ns for p in again.paths] == written


@pytest.mark.parametrize(
    "arguments",
    [{"events": 0}, {"events": 10, "files": 11}, {"among": 2},
     {"countries": ("RUS",)}, {"countries": ("RUS", "XXX")}],
)  # fmt: skip
def test_bad_arguments_are_refused(tmp_path, arguments):
    with pytest.raises(ValueError):
        write_raw_gdelt(tmp_path, **({"events": 10} | arguments))


def test_every_row_of_a_repeated_day_is_read_and_every_bad_one_counted(tmp_path):
    # the reader remembers the days it has read: a bad one is dropped each time
    names = GDELT_LAYOUTS[61][1]

    def row(number: int, day: str) -> str:
        values = dict.fromkeys(names, "") | {
            "GLOBALEVENTID": str(number), "SQLDATE": day, "EventCode": "042",
            "QuadClass": "1", "Actor1CountryCode": "RUS", "Actor2CountryCode": "BLR",
            "SOURCEURL": "https://example.org/a",
        }  # fmt: skip
        return "\t".join(values[name] for name in names)

    path = tmp_path / "20150219000000.export.CSV"
    days = ["20150218", "2015021x", "20150218", "2015021x", "18000101", "18000101"]
    path.write_text("\n".join(row(n, day) for n, day in enumerate(days)) + "\n")
    report = ImportReport()
    events = list(read_gdelt(path, report))
    assert [e.event_id for e in events] == ["0", "2"]
    assert {reason: count for reason, (count, _) in report.bad.items()} == {
        "bad date in SQLDATE": 2,
        "SQLDATE outside 1900-01-01 to 2100-12-31": 2,
    }
    assert events[0].source == ("russia", "Russia", "state")
