"""Importers and CSV files under hostile input: unreadable files are named and
counted, names in any script get ids, what is written always loads (or nothing
is written), and no cell of a CSV file we write runs as a spreadsheet formula
while every cell still loads back as it was."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core.load import load_dataset
from dashboard.core.problems import DataError
from dashboard.core.text import neutralised, restored
from dashboard.importing.events import import_events, write_tables
from dashboard.importing.icews import ICEWS_COLUMNS
from dashboard.importing.report import LONGEST_LINE, ImportReport
from dashboard.importing.store import ingest, open_store
from dashboard.outputs.exports import export_bytes
from tests.unit.test_importing import GDELT_SAMPLE, gdelt_row, write


def icews_file(tmp_path: Path, rows: list[dict]) -> Path:
    """An ICEWS file of ``rows`` (column -> value; the rest filled in)."""
    defaults = {
        "Event ID": "1", "Event Date": "2018-06-01", "Source Sectors": "",
        "Source Country": "Russian Federation", "Event Text": "Consult",
        "CAMEO Code": "040", "Intensity": "1", "Target Country": "China",
        "Target Sectors": "", "Story ID": "1", "Sentence Number": "1",
        "Publisher": "Interfax", "City": "NA", "District": "NA", "Province": "NA",
        "Country": "Russian Federation", "Latitude": "55.75", "Longitude": "37.61",
    }  # fmt: skip
    lines = ["\t".join(ICEWS_COLUMNS)]
    for number, row in enumerate(rows, start=1):
        values = {**defaults, "Event ID": str(number), **row}
        lines.append("\t".join(values.get(column, "") for column in ICEWS_COLUMNS))
    return write(tmp_path, "events.tab", lines)


# --- files that are not what they say -------------------------------------------


def empty_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w"):
        pass


def folder_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("events/", "")


def not_a_zip(path: Path) -> None:
    path.write_text("GLOBALEVENTID\tSQLDATE\n", encoding="utf-8")


def cut_zip(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("e.CSV", "\n".join([gdelt_row()] * 2_000))
    path.write_bytes(buffer.getvalue()[:-200])  # its directory cut off


def zip_bomb(path: Path) -> None:
    """65 MiB of zeros in 65 KB: over the 64 MiB a small zip may unzip to."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("e.CSV", "w") as member:
            for _ in range(65):
                member.write(bytes(1 << 20))


@pytest.mark.parametrize(
    "make, reason",
    [
        (zip_bomb, "e.CSV would unzip to 68,157,440 bytes, more than 67,108,864"),
        (empty_zip, "the zip archive is empty"),
        (folder_zip, "the zip archive holds only folders"),
        (not_a_zip, "not a zip archive"),
        (cut_zip, "not a zip archive, or a broken one"),
    ],
)
def test_an_unreadable_zip_is_named_and_counted_and_the_others_read(
    tmp_path, make, reason
):
    bad = tmp_path / "20251121.export.CSV.zip"
    make(bad)
    good = write(tmp_path, "20251122.export.CSV", [gdelt_row()])
    _, relations, report = import_events("gdelt", [bad, good])
    assert list(report.unreadable) == [bad.name]
    assert report.unreadable[bad.name].startswith(reason)
    assert len(relations) == 1  # the good file is read all the same
    assert f"could not read {bad.name}: {reason}" in str(report)
    assert "1 of 2 file(s) unreadable" in str(report)


def test_every_file_of_a_zip_is_read_in_name_order_and_named(tmp_path):
    """A zip of GDELT's file split in two was read to the end of its first
    half, in silence ("read 1,135 rows from 1 file(s)" of 2,271); folders and
    the hidden files macOS adds are passed over, named."""
    with zipfile.ZipFile(GDELT_SAMPLE) as sample:
        rows = sample.read(sample.namelist()[0]).decode("utf-8").splitlines()
    half = len(rows) // 2
    split = tmp_path / "split.export.CSV.zip"
    with zipfile.ZipFile(split, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part2.export.CSV", "\n".join(rows[half:]) + "\n")
        archive.writestr("part1.export.CSV", "\n".join(rows[:half]) + "\n")
        archive.writestr("__MACOSX/", "")
        archive.writestr("__MACOSX/._part1.export.CSV", "\x00\x05\x16\x07")
        archive.writestr(".DS_Store", "\x00")
    whole, relations, report = import_events("gdelt", [GDELT_SAMPLE])
    _, in_parts, parts = import_events("gdelt", [split])
    assert parts.rows == report.rows == len(rows) == 2_271
    pd.testing.assert_frame_equal(in_parts, relations)
    said = str(parts)
    assert (
        f"read {len(rows):,} rows from 1 file(s)\n"
        f"read 2 files in {split.name}: part1.export.CSV, part2.export.CSV\n"
        f"passed over 3 in {split.name}: .DS_Store (hidden), __MACOSX/ (a folder), "
        "__MACOSX/._part1.export.CSV (hidden)\n"
    ) in said
    assert not parts.unreadable and not parts.bad
    # a bad row names the file of the zip it is in, by its own line
    archive = tmp_path / "two.export.CSV.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("a.CSV", gdelt_row() + "\n")
        packed.writestr("b.CSV", gdelt_row() + "\n" + gdelt_row(EventCode="bad"))
    _, _, two = import_events("gdelt", [archive])
    assert "(first at two.export.CSV.zip/b.CSV:2 'bad')" in str(two)


def test_bad_values_are_grouped_by_kind_and_printed_escaped(tmp_path):
    """A country of 'Bang\\x1b[31m...\\x07' dropped its row with a report
    line that set the terminal's title and colours; 200,000 unknown
    countries made a report line each (17 MB) and store.json as large."""
    rows = [
        {"Source Country": "B\x1b[31m\x1b]0;PWN\x07"},
        {"Event Date": "2018-\x1b[2J06-01"},
        *({"Source Country": f"Nowhere{number}"} for number in range(300)),
    ]
    _, _, report = import_events("icews", [icews_file(tmp_path, rows)])
    said = str(report)
    assert "\x1b" not in said and "\x07" not in said
    assert "\\x1b[31m" in said and "\\x07" in said
    assert report.bad["unknown country name"][0] == 301
    assert len(report.bad["unknown country name"][1]) == 5
    assert len(said.splitlines()) < 10
    store = tmp_path / "store"
    ingest(store, [icews_file(tmp_path, rows)], workers=1)
    assert (store / "store.json").stat().st_size < 5_000


def test_an_icews_zip_s_files_each_have_their_header(tmp_path):
    one = icews_file(tmp_path, [{"Source Name": "Sergey Lavrov"}]).read_text("utf-8")
    archive = tmp_path / "events.tab.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("events.1.tab", one)
        packed.writestr("events.2.tab", one.replace("Sergey Lavrov", "Xi Jinping"))
    _, relations, report = import_events("icews", [archive], countries=("RUS", "CHN"))
    assert (report.rows, report.kept, report.bad) == (2, 2, {})
    assert set(relations["source"]) == {"sergey-lavrov", "xi-jinping"}


def test_a_broken_file_of_a_zip_is_named_and_the_next_one_read(tmp_path):
    """One file of a zip that breaks is named, and costs no other file's rows."""
    archive = tmp_path / "e.export.CSV.zip"
    with zipfile.ZipFile(archive, "w") as packed:  # stored: its bytes as written
        packed.writestr("a.CSV", gdelt_row(GLOBALEVENTID="1", Actor1Name="ALPHA"))
        packed.writestr("b.CSV", gdelt_row(SQLDATE="20251122"))
    data = archive.read_bytes()
    archive.write_bytes(data.replace(b"ALPHA", b"OMEGA", 1))  # a's CRC now fails
    _, relations, report = import_events("gdelt", [archive])
    assert relations["start"].tolist() == ["2025-11-22"]  # b's row
    assert report.unreadable[archive.name].startswith(
        "a.CSV: not a zip archive, or a broken one (Bad CRC-32"
    )


def test_import_of_only_unreadable_files_fails_clearly_and_writes_nothing(
    tmp_path, capsys
):
    bad = tmp_path / "events.zip"
    empty_zip(bad)
    out = tmp_path / "out"
    assert main(["import", "gdelt", str(bad), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert "could not read events.zip: the zip archive is empty" in printed.out
    assert "Traceback" not in printed.err
    assert not out.exists()


def test_an_import_never_replaces_data_unasked_nor_half(tmp_path, capsys):
    """--out holding a data set is refused (an import once replaced curated
    data without a word) unless --replace; a table that cannot be replaced
    (a folder of its name) leaves both as they were, and a file given as
    --out is named, each in one line, not a traceback."""
    path = write(tmp_path, "e.CSV", [gdelt_row()])
    out = tmp_path / "curated"
    out.mkdir()
    (out / "actors.csv").write_text("id,name,kind,country\n", encoding="utf-8")
    assert main(["import", "gdelt", str(path), "--out", str(out)]) == 2
    assert "holds a data set already (actors.csv)" in capsys.readouterr().err
    assert (out / "actors.csv").read_text(encoding="utf-8") == "id,name,kind,country\n"
    (out / "relations.csv").mkdir()
    assert main(["import", "gdelt", str(path), "--out", str(out), "--replace"]) == 2
    printed = capsys.readouterr()
    assert f"--out {out}: holds a folder named relations.csv" in printed.err
    assert "Traceback" not in printed.err
    assert (out / "actors.csv").read_text(encoding="utf-8") == "id,name,kind,country\n"
    # and write_tables itself writes neither table then
    actors, relations, _ = import_events("gdelt", [path])
    with pytest.raises(IsADirectoryError):
        write_tables(out, actors, relations)
    assert (out / "actors.csv").read_text(encoding="utf-8") == "id,name,kind,country\n"
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert main(["import", "gdelt", str(path), "--out", str(afile)]) == 2
    assert f"--out {afile}: is a file, not a directory" in capsys.readouterr().err
    (out / "relations.csv").rmdir()
    assert main(["import", "gdelt", str(path), "--out", str(out), "--replace"]) == 0
    assert len(load_dataset(out).relations) == 1


@pytest.mark.parametrize("zipped", [False, True])
def test_a_lone_carriage_return_in_a_row_does_not_split_it(tmp_path, zipped):
    """A row holding a lone CR was read as several rows, the last of them
    taken for a GDELT 1.0 row ("bad date"), and every later line misnumbered."""
    rows = [
        gdelt_row(GLOBALEVENTID="1", Actor1Name="VENE\rZUELA"),
        gdelt_row(GLOBALEVENTID="2", SQLDATE="20251122", EventCode="bad"),
    ]
    path = write(tmp_path, "e.CSV", rows)
    if zipped:
        archive = tmp_path / "e.CSV.zip"
        with zipfile.ZipFile(archive, "w") as packed:
            packed.write(path, "e.CSV")
        path = archive
    _, relations, report = import_events("gdelt", [path])
    assert len(relations) == 1 and relations["start"].tolist() == ["2025-11-21"]
    said = str(report)
    assert "bad date" not in said and ":3" not in said
    assert f"{path.name}:2" in said  # the bad code, on its own line


@pytest.mark.parametrize("zipped", [False, True])
def test_a_byte_order_mark_is_not_read_as_text(tmp_path, zipped):
    """A file saved with a byte-order mark (Excel's "CSV UTF-8", Notepad) lost
    every ICEWS row to "not an ICEWS header (missing Event ID)", and gave the
    first GDELT event the id "\\ufeff1"."""
    icews = icews_file(tmp_path, [{"Source Name": "Sergey Lavrov"}])
    gdelt = write(tmp_path, "e.CSV", [gdelt_row()])
    for path in (icews, gdelt):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        if zipped:
            archive = path.with_name(path.name + ".zip")
            with zipfile.ZipFile(archive, "w") as packed:
                packed.write(path, path.name)
            path.unlink()
    suffix = ".zip" if zipped else ""
    for fmt, path in (("icews", icews), ("gdelt", gdelt)):
        path = path.with_name(path.name + suffix)
        countries = ("RUS", "CHN", "VEN", "USA")
        _, relations, report = import_events(fmt, [path], countries=countries)
        assert (report.rows, report.bad) == (1, {})
        assert relations["event_ids"].tolist() == ["1"]


@pytest.mark.parametrize("zipped", [False, True])
def test_a_line_too_long_for_a_row_is_dropped_by_number_and_not_held(tmp_path, zipped):
    """A zip of a few MB can unzip to one line of gigabytes: it was read
    whole (4.4 GB of memory for a 2 MB zip of 2 GB of zeros) before being
    dropped. It is passed over in pieces and named; the rows around it read."""
    long = "\t".join(["x" * 1000] * (LONGEST_LINE // 1000 + 5))
    rows = [
        gdelt_row(GLOBALEVENTID="1"),
        long,
        gdelt_row(GLOBALEVENTID="3", SQLDATE="20251122", EventCode="bad"),
        gdelt_row(GLOBALEVENTID="4", SQLDATE="20251123"),
    ]
    path = write(tmp_path, "e.CSV", rows)
    if zipped:
        archive = tmp_path / "e.CSV.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
            packed.write(path, "e.CSV")
        path = archive
    _, relations, report = import_events("gdelt", [path])
    assert relations["start"].tolist() == ["2025-11-21", "2025-11-23"]
    said = str(report)
    assert report.rows == 4
    assert (
        f"a line longer than {LONGEST_LINE:,} characters (first at {path.name}:2)"
        in said
    )
    assert f"{path.name}:3" in said  # the bad code, on its own line


# --- names in any script ----------------------------------------------------------


@pytest.mark.parametrize("zipped", [False, True], ids=["plain", "zipped"])
def test_a_file_saved_as_windows_1252_is_read_so_and_said(tmp_path, zipped):
    """A file saved by Excel on Western Windows: "José Ñúñez" became the
    actor "Jos\ufffd \ufffd\ufffd\ufffdez", the import said nothing."""
    rows = [
        {"Source Name": "Sergey Lavrov"},
        {"Source Name": "José Ñúñez", "Target Name": "Wang Yi — minister"},
    ]
    path = icews_file(tmp_path, rows)
    # the second row's bytes as Windows-1252, the first's (ASCII) as they are
    lines = path.read_text("utf-8").split("\n")
    data = "\n".join(lines[:2]).encode() + b"\n" + "\n".join(lines[2:]).encode("cp1252")
    if zipped:
        path = tmp_path / "events.tab.zip"
        with zipfile.ZipFile(path, "w") as packed:
            packed.writestr("events.tab", data)
    else:
        path.write_bytes(data)
    actors, _, report = import_events("icews", [path], countries=("RUS", "CHN"))
    assert {"Sergey Lavrov", "José Ñúñez", "Wang Yi — minister"} <= set(actors["name"])
    assert report.changed == {
        f"lines of {path.name} not UTF-8, read as Windows-1252 (the first: line 3; "
        "save the file as UTF-8)": 1
    }
    assert "changed 1: lines of" in str(report)


def test_icews_names_in_any_script_get_stable_ids_and_the_import_loads(tmp_path):
    path = icews_file(
        tmp_path,
        [
            {"Source Name": "Владимир Путин", "Target Name": "习近平"},
            {"Source Name": "Сергей Лавров", "Target Name": "ъ"},
            {"Source Name": "Владимир Путин", "Target Name": "王毅"},
        ],
    )
    actors, _, report = import_events("icews", [path], countries=("RUS", "CHN"))
    ids = dict(zip(actors["name"], actors["id"]))
    # transliterated, and a hash of the name: see the next test
    assert re.fullmatch("vladimir-putin-[0-9a-f]{10}", ids["Владимир Путин"])
    assert re.fullmatch("xijinping-[0-9a-f]{10}", ids["习近平"])
    assert re.fullmatch("wangyi-[0-9a-f]{10}", ids["王毅"])
    assert re.fullmatch("sergey-lavrov-[0-9a-f]{10}", ids["Сергей Лавров"])
    assert ids["ъ"].startswith("x-") and len(ids["ъ"]) == 12  # nothing left: a hash
    again, _, _ = import_events("icews", [path], countries=("RUS", "CHN"))
    assert list(again["id"]) == list(actors["id"])  # the same in every import
    out = tmp_path / "out"
    assert main(["import", "icews", str(path), "--countries", "RUS,CHN",
                 "--out", str(out)]) == 0  # fmt: skip
    assert len(load_dataset(out).relations) == 3


def test_names_that_transliterate_alike_stay_two_actors(tmp_path):
    """王毅 and 王义 are both "wangyi" in ASCII: they were made one actor, and
    one's threat was credited to the other, in silence. A name in another
    script than Latin keeps a hash of itself in its id: two names, two
    actors; one name, one id, in every import, composed alike or not."""
    rows = [
        {"Source Name": "王毅", "Source Country": "China", "Target Name": "Sergei Lavrov",
         "Target Country": "Russian Federation"},
        {"Source Name": "王义", "Source Country": "China", "Target Name": "Sergei Lavrov",
         "Target Country": "Russian Federation", "CAMEO Code": "130",
         "Event Text": "Threaten"},
        {"Source Name": "Сергей Лавров", "Target Name": "Xi Jinping"},
        {"Source Name": "Sergei Lavrov", "Target Name": "Xi Jinping"},
    ]  # fmt: skip
    path = icews_file(tmp_path, rows)
    actors, relations, _ = import_events("icews", [path], countries=("RUS", "CHN"))
    ids = dict(zip(actors["name"], actors["id"]))
    assert len(ids) == len(set(ids.values())) == 5
    assert ids["王毅"] != ids["王义"]
    assert ids["王毅"].startswith("wangyi-") and ids["王义"].startswith("wangyi-")
    threat = relations[relations["cameo_code"] == "130"]
    assert threat["source"].tolist() == [ids["王义"]]
    assert ids["Sergei Lavrov"] == "sergei-lavrov"  # Latin names as they were
    # the same names alone, in another import, or saved decomposed: same ids
    alone = icews_file(tmp_path, rows[1:3])
    again, _, _ = import_events("icews", [alone], countries=("RUS", "CHN"))
    assert dict(zip(again["name"], again["id"])) == {
        name: ids[name]
        for name in ("王义", "Сергей Лавров", "Sergei Lavrov", "Xi Jinping")
    }
    lavrov = unicodedata.normalize("NFD", "Сергей Лавров")  # й as и and a breve
    assert lavrov != "Сергей Лавров"
    path = icews_file(tmp_path, [{"Source Name": lavrov, "Target Name": "Xi Jinping"}])
    decomposed, _, _ = import_events("icews", [path], countries=("RUS", "CHN"))
    assert ids["Сергей Лавров"] in set(decomposed["id"])


# --- what an import writes always loads ------------------------------------------


def test_imported_texts_are_fit_to_the_format_and_counted(tmp_path):
    path = icews_file(
        tmp_path,
        [
            {"Source Name": "Vladimir " + "Putin" * 600, "Target Name": "Xi Jinping",
             "Event Text": "Consult\x07 \u2028again\uffff"},
            {"Source Name": "Sergey\x1b Lavrov", "Target Name": "Wang Yi"},
        ],
    )  # fmt: skip
    actors, relations, report = import_events("icews", [path], countries=("RUS", "CHN"))
    assert report.changed == {
        "name: longer than 120 characters, shortened": 1,
        "name: control characters made spaces": 1,
        "summary: control characters made spaces": 1,
    }
    assert "changed 1: name: longer than 120 characters, shortened" in str(report)
    assert actors["name"].str.len().max() <= 120
    assert actors["id"].str.len().max() <= 64
    assert "Consult   again " in set(relations["summary"])
    out = write_tables(tmp_path / "out", actors, relations)
    assert len(load_dataset(out).actors) == 4


def test_gdelt_urls_that_are_not_web_addresses_are_left_empty(tmp_path):
    path = write(tmp_path, "e.CSV", [
        gdelt_row(GLOBALEVENTID="1", SOURCEURL="javascript:alert(1)"),
        gdelt_row(GLOBALEVENTID="2", SQLDATE="20251122", SOURCEURL="BBC Monitoring"),
        gdelt_row(GLOBALEVENTID="3", SQLDATE="20251123"),
    ])  # fmt: skip
    _, relations, report = import_events("gdelt", [path])
    assert list(relations["url"]) == ["", "", "https://news.example.org/story"]
    assert report.changed == {"url: not an http(s) address, left empty": 2}


@pytest.mark.parametrize("url", ["http://[oops/x", "http://ex\u2100ample.com/x"])
def test_a_gdelt_url_that_cannot_be_read_costs_no_row(tmp_path, url):
    """An unclosed IPv6 bracket (or a host that Unicode folds into a '/') made
    the address parser raise, and the whole import stopped with a traceback;
    in a store, every good row of the file was lost."""
    path = write(tmp_path, "e.CSV", [
        gdelt_row(SOURCEURL=url),
        gdelt_row(GLOBALEVENTID="2", SQLDATE="20251122"),
    ])  # fmt: skip
    _, relations, report = import_events("gdelt", [path])
    assert list(relations["url"]) == ["", "https://news.example.org/story"]
    assert list(relations["reported_by"]) == ["GDELT 2.0", "news.example.org"]
    assert report.changed == {"url: not an http(s) address, left empty": 1}
    store = tmp_path / "store"
    ingest(store, [path], workers=1)
    assert len(open_store(store).relations) == 2


@pytest.mark.parametrize(
    "column, value",
    [("NumSources", "12345678901"), ("NumSources", "-5"), ("NumArticles", "1e999."),
     ("NumMentions", "many")],
)  # fmt: skip
def test_a_gdelt_count_out_of_range_drops_its_row_alone(tmp_path, column, value):
    """12345678901 sources had the import write a source_count too long for
    the data: the import failed with a traceback, and a store took it and
    then could not be opened."""
    path = write(tmp_path, "e.CSV", [
        gdelt_row(**{column: value}),
        gdelt_row(GLOBALEVENTID="2", SQLDATE="20251122"),
    ])  # fmt: skip
    _, relations, report = import_events("gdelt", [path])
    assert list(relations["start"]) == ["2025-11-22"]
    reason = f"{column} not a count from 0 to 1,000,000"
    assert report.bad == {reason: [1, [f"e.CSV:1 '{value}'"]]}
    store = tmp_path / "store"
    ingest(store, [path], workers=1)
    assert list(open_store(store).relations["start"]) == ["2025-11-22"]


def test_the_sources_of_many_reports_are_cut_to_what_the_data_holds(tmp_path):
    """One event reported by 1,001 articles of a million sources each: its
    relation's source_count is cut to nine digits, in a directory and in a
    store, and both load."""
    rows = [
        gdelt_row(GLOBALEVENTID=str(n), NumSources="1000000",
                  SOURCEURL=f"https://news.example.org/{n}")
        for n in range(1001)
    ]  # fmt: skip
    path = write(tmp_path, "e.CSV", rows)
    actors, relations, _ = import_events("gdelt", [path])
    assert list(relations["source_count"]) == [999_999_999]
    assert (
        len(load_dataset(write_tables(tmp_path / "out", actors, relations)).relations)
        == 1
    )
    store = tmp_path / "store"
    ingest(store, [path], workers=1)
    assert list(open_store(store).relations["source_count"]) == ["999999999"]


@pytest.mark.parametrize("day", ["00010101", "99991231", "18991231"])
def test_gdelt_dates_outside_the_range_are_dropped_as_bad(tmp_path, day):
    path = write(
        tmp_path, "e.CSV", [gdelt_row(SQLDATE=day), gdelt_row(GLOBALEVENTID="2")]
    )
    _, relations, report = import_events("gdelt", [path])
    assert len(relations) == 1
    (reason,) = report.bad
    assert "outside 1900-01-01 to 2100-12-31" in reason
    assert report.bad[reason] == [1, [f"e.CSV:1 '{day}'"]]


def test_icews_dates_outside_the_range_are_dropped_as_bad(tmp_path):
    path = icews_file(tmp_path, [
        {"Event Date": "0001-01-01", "Source Name": "A B", "Target Name": "C D"},
        {"Event Date": "9999-12-31", "Source Name": "A B", "Target Name": "C D"},
        {"Source Name": "A B", "Target Name": "C D"},
    ])  # fmt: skip
    _, relations, report = import_events("icews", [path], countries=("RUS", "CHN"))
    assert len(relations) == 1
    assert sum(count for count, _ in report.bad.values()) == 2
    assert all("outside 1900-01-01 to 2100-12-31" in reason for reason in report.bad)


def test_an_import_that_does_not_load_writes_nothing(tmp_path):
    actors = pd.DataFrame(
        {"id": ["russia"], "name": ["Russia"], "kind": ["state"], "country": ["RUS"]}
    )
    relations = pd.DataFrame(
        {"id": ["r1"], "source": ["russia"], "target": ["nobody"], "kind": ["call"],
         "start": ["2025-12-08"], "confidence": ["reported"]}
    )  # fmt: skip
    out = tmp_path / "out"
    with pytest.raises(DataError, match="names no actor"):
        write_tables(out, actors, relations)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # nor anything beside it
    # into a directory that exists: what it held is kept as it was
    out.mkdir()
    (out / "actors.csv").write_text("before\n")
    with pytest.raises(DataError):
        write_tables(out, actors, relations)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (out / "actors.csv").read_text() == "before\n"
    assert not (out / "relations.csv").exists()


# --- CSV injection --------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+1 ally", "-2+3", "@SUM(A1)", "'=quoted"]


@pytest.mark.parametrize(
    "cell",
    [*FORMULAS, "\tx", "\rx", "''=x", "'tis", "-", "-66.9", "+5", "1e-3", "", "plain"],
)
def test_a_neutralised_cell_reads_back_as_it_was(cell):
    assert restored(neutralised(cell)) == cell


def test_csv_export_neutralises_formulas_and_loads_back_identically(
    write_dir, tmp_path
):
    actors = (
        "id,name,kind,country,role,lat,lon,notes\n"
        "russia,Russia,state,RUS,,,,\n"
        f'venezuela,"{FORMULAS[0].replace(chr(34), chr(34) * 2)}",state,VEN,'
        f"{FORMULAS[1]},10.5,-66.9,{FORMULAS[3]}\n"
        # written as an export writes it: loads as "'=quoted"
        f"putin,Vladimir Putin,person,RUS,'{FORMULAS[4]},-10,-0.5,\n"
        "maduro,Nicolás Maduro,person,VEN,,,,\n"
    )
    relations = (
        "id,source,target,kind,start,end,confidence,summary,goldstein\n"
        f"r1,putin,maduro,call,2025-12-08,,confirmed,{FORMULAS[2]},-10\n"
        "r2,russia,venezuela,treaty,2025-11,ongoing,confirmed,@once,2.5\n"
    )
    before = load_dataset(write_dir(actors=actors, relations=relations))
    content = export_bytes("csv", before.actors, before.relations)
    exported = tmp_path / "exported"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(exported)
    raw = {
        name: list(csv.DictReader((exported / name).open(encoding="utf-8")))
        for name in ("actors.csv", "relations.csv")
    }
    venezuela, putin = raw["actors.csv"][1], raw["actors.csv"][2]
    assert venezuela["name"] == "'" + FORMULAS[0]
    assert (venezuela["role"], venezuela["notes"]) == ("'+1 ally", "'@SUM(A1)")
    assert before.actors.set_index("id").loc["putin", "role"] == "'=quoted"
    assert putin["role"] == "''=quoted"  # one quote more than it had
    # numbers are never neutralised: coordinates and scores stay numbers
    assert (venezuela["lat"], venezuela["lon"]) == ("10.5", "-66.9")
    assert (putin["lat"], putin["lon"]) == ("-10.0", "-0.5")
    assert [row["goldstein"] for row in raw["relations.csv"]] == ["-10", "2.5"]
    assert raw["relations.csv"][0]["summary"] == "'-2+3"
    after = load_dataset(exported)
    columns = ["id", "name", "role", "notes", "lat", "lon"]
    pd.testing.assert_frame_equal(after.actors[columns], before.actors[columns])
    columns = ["id", "summary", "goldstein", "start", "end"]
    pd.testing.assert_frame_equal(after.relations[columns], before.relations[columns])
    assert after.actors.set_index("id").loc["venezuela", "lon"] == -66.9


def test_imported_data_is_written_neutralised_and_loads_back(tmp_path):
    path = write(tmp_path, "e.CSV", [
        gdelt_row(Actor1Name='=HYPERLINK("http://x","y")', GoldsteinScale="-10"),
    ])  # fmt: skip
    _, relations, _ = import_events("gdelt", [path])
    summary = relations["summary"].iloc[0]
    assert summary.startswith("=HYPERLINK")
    out = tmp_path / "out"
    assert main(["import", "gdelt", str(path), "--out", str(out)]) == 0
    (row,) = csv.DictReader((out / "relations.csv").open(encoding="utf-8"))
    assert row["summary"] == "'" + summary and row["goldstein"] == "-10.0"
    loaded = load_dataset(out).relations.iloc[0]
    assert (loaded["summary"], loaded["goldstein"]) == (summary, "-10.0")


def test_a_report_writes_every_count_with_separators():
    """A large import's rows dropped or changed read as its other counts do:
    'dropped 12345 bad rows' beside 'read 1,000,000 rows'."""
    report = ImportReport(
        files=["a.CSV"], rows=1_000_000, kept=20_000, relations=15_000,
        bad={"bad date in SQLDATE": [12_345, ["a.CSV:2"]]},
        skipped={"not among the countries": 967_655},
        changed={"summary: longer than 300 characters, shortened": 2_345},
    )  # fmt: skip
    assert str(report).splitlines() == [
        "read 1,000,000 rows from 1 file(s)",
        "kept 20,000 events, merged into 15,000 relations "
        "(5,000 repeated reports merged)",
        "skipped 967,655: not among the countries",
        "dropped 12,345 bad rows: bad date in SQLDATE (first at a.CSV:2)",
        "changed 2,345: summary: longer than 300 characters, shortened",
    ]


@pytest.mark.parametrize(
    "given, message",
    [
        (["--since", "2015-02-30"],
         "--since 2015-02-30: day is out of range for month (use YYYY-MM-DD)"),
        (["--until", "yesterday"], "--until yesterday: not a date (use YYYY-MM-DD)"),
        (["--until", "20251201"], "--until 20251201: not a date (use YYYY-MM-DD)"),
        (["--since", "2015-02-20", "--until", "2015-02-19"],
         "--until 2015-02-19 is before --since 2015-02-20"),
        (["--countries", "RUS,XXX"],
         "--countries: unknown ISO 3166 alpha-3 code(s): XXX"),
        (["--countries", "RUS,XXX,ve"],
         "--countries: unknown ISO 3166 alpha-3 code(s): XXX, VE (VEN?)"),
        (["--countries", " , "], "--countries: give ISO 3166 alpha-3 codes (RUS,USA)"),
    ],
)  # fmt: skip
def test_a_bad_option_is_named_with_its_value(tmp_path, capsys, given, message):
    """``--since 2015-02-30`` said "--since/--until: day is out of range for
    month"; ``--countries RUS,XXX`` was taken, and the import ended "nothing
    usable was read" (an event is kept only among countries the gazetteer
    knows). Each is now refused up front, in one line, writing nothing."""
    path = write(tmp_path, "e.CSV", [gdelt_row()])
    out = tmp_path / "out"
    assert main(["import", "gdelt", str(path), "--out", str(out), *given]) == 2
    assert capsys.readouterr().err == message + "\n"
    assert not out.exists()
    if given[0] == "--countries":
        store = tmp_path / "store"
        assert main(["import", "gdelt", str(path), "--store", str(store), *given]) == 2
        assert capsys.readouterr().err == message + "\n"
        assert not store.exists()


def test_a_folder_given_stands_for_the_events_files_in_it(tmp_path, capsys):
    """``import gdelt FOLDER`` said "no such file: FOLDER" of a folder that
    exists. A folder stands for its events files (a year of GDELT 2.0 is
    35,040 files, more names than a command line takes): GDELT's mentions
    beside them are left alone, and a file there zipped and not is read once."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    one = write(folder, "20251121000000.export.CSV", [gdelt_row()])
    with zipfile.ZipFile(folder / f"{one.name}.zip", "w") as archive:
        archive.write(one, one.name)
    write(folder, "20251121001500.export.csv", [gdelt_row(GLOBALEVENTID="2", SQLDATE="20251122")])  # fmt: skip
    write(folder, "20251121000000.mentions.CSV", ["not\tevents"])
    # macOS's "._" twin of a copied file, and a folder: neither read, each said
    (folder / f"._{one.name}.zip").write_bytes(b"\x00\x05\x16\x07")
    (folder / "older").mkdir()
    write(folder / "older", "20250101000000.export.CSV", [gdelt_row()])
    out = tmp_path / "out"
    assert main(["import", "gdelt", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(
        f"{folder}: 2 events files (*.export.CSV or *.export.CSV.zip); "
        "left alone: 20251121000000.export.CSV (its zip is read), "
        "20251121000000.mentions.CSV; 1 folder not looked into\n"
        "read 2 rows from 2 file(s)"
    )
    assert len(load_dataset(out).relations) == 2
    store = tmp_path / "store"
    assert main(["import", "gdelt", str(folder), "--store", str(store), "--workers", "1"]) == 0  # fmt: skip
    assert "imported 2 file(s): read 2 rows" in capsys.readouterr().out
    nothing = tmp_path / "empty"
    nothing.mkdir()
    assert main(["import", "icews", str(nothing), "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err == (
        f"{nothing}: is a folder holding no icews events file (*.tab or "
        "*.tab.zip); give the files\n"
    )


def test_a_file_of_the_other_source_names_the_importer_to_use(tmp_path):
    """An ICEWS file given to the GDELT importer lost its every row, one by
    one, to "wrong number of fields"; a GDELT file given to the ICEWS one
    said "read 0 rows ... dropped 1 bad rows". Neither named the importer."""
    icews = icews_file(tmp_path, [{"Source Name": "Sergey Lavrov"}])
    gdelt = write(tmp_path, "e.CSV", [gdelt_row()])
    for fmt, path, other in (("gdelt", icews, "icews"), ("icews", gdelt, "gdelt")):
        _, relations, report = import_events(fmt, [path], countries=("RUS", "VEN"))
        assert relations.empty and report.bad == {} and report.rows == 0
        said = str(report)
        assert f"could not read {path.name}: line 1 is" in said
        assert f"`python -m dashboard import {other}`" in said


def test_each_event_s_unusable_link_is_left_out_and_counted(tmp_path):
    """Four reports of one event, three with links no relation may hold: the
    report said "changed 1", and the ftp link's host counted as a source."""
    rows = [
        gdelt_row(GLOBALEVENTID=str(number), SOURCEURL=url)
        for number, url in enumerate(
            [
                "ftp://bad.example/x",
                "http://ok.example/\x07",
                "https://long.example/" + "a" * 3000,
                "https://good.example/story",
            ],
            start=1,
        )  # fmt: skip
    ]
    # a row skipped (its countries not asked for): its link is not counted
    rows.append(gdelt_row(GLOBALEVENTID="9", Actor1CountryCode="CHN",
                          Actor2CountryCode="JPN", SOURCEURL="BBC Monitoring"))  # fmt: skip
    path = write(tmp_path, "e.CSV", rows)
    _, relations, report = import_events("gdelt", [path], countries=("VEN", "USA"))
    (relation,) = relations.to_dict("records")
    assert sum(report.changed.values()) == 3, report.changed
    hosts = relation["reported_by"].split("; ")
    assert "good.example" in hosts
    assert not {"bad.example", "ok.example", "long.example"} & set(hosts)
    assert (
        relation["url"] == "" and relation["more_urls"] == "https://good.example/story"
    )
    # an import into a store says the same (it said none of its changes)
    report = ingest(tmp_path / "store", [path], countries=("VEN", "USA"), workers=1)
    said = str(report)
    assert said.count("changed ") == len(report.totals()["changed"]) > 0
    assert sum(report.totals()["changed"].values()) == 3
