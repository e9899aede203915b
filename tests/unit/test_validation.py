"""Each validation error names its file, line, column and value; nothing half-loads."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.core import csvfile
from dashboard.core.load import load_dataset
from dashboard.core.problems import DataError
from tests.conftest import ACTORS, RELATIONS


def problems_of(directory):
    with pytest.raises(DataError) as caught:
        load_dataset(directory)
    return caught.value.problems


def only_problem(directory):
    problems = problems_of(directory)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_valid_directory_loads(write_dir):
    dataset = load_dataset(write_dir())
    assert list(dataset.relations["id"]) == ["r1", "r2"]


def test_the_summary_counts_one_relation_in_the_singular(write_dir):
    one = "\n".join(RELATIONS.splitlines()[:2]) + "\n"
    summary = load_dataset(write_dir(relations=one)).summary()
    assert summary.splitlines()[1] == "1 relation from 08 Dec 2025 to 08 Dec 2025"


def test_missing_column(write_dir):
    problem = only_problem(write_dir(relations=RELATIONS.replace(",kind,", ",type,")))
    assert (problem.file, problem.line, problem.column) == ("relations.csv", 1, "kind")


def test_empty_file(write_dir):
    problem = only_problem(write_dir(actors=""))
    assert problem.file == "actors.csv" and "empty" in problem.message


def test_header_without_rows(write_dir):
    problem = only_problem(
        write_dir(relations="id,source,target,kind,start,confidence\n")
    )
    assert problem.file == "relations.csv" and "no rows" in problem.message


def test_unknown_relation_kind_suggests(write_dir):
    problem = only_problem(write_dir(relations=RELATIONS.replace(",call,", ",cal,")))
    assert (problem.line, problem.column, problem.value) == (2, "kind", "cal")
    assert "did you mean 'call'" in problem.message


@pytest.mark.parametrize(
    "written, meant",
    [("military support", "support"), ("economic pressure", "pressure"),
     ("Phone Call", "call"), ("military  pressure", "military pressure"),
     ("militray cooperation", "military cooperation"),
     ("militry pressure", "military pressure")],
)  # fmt: skip
def test_a_kind_of_several_words_is_told_the_kind_of_its_last_word(
    write_dir, written, meant
):
    """Spelled alike, "military support" was told "did you mean 'military
    pressure'?", the opposite stance; "economic pressure", "economic
    cooperation". A near miss of a whole kind is still told that kind."""
    problem = only_problem(
        write_dir(relations=RELATIONS.replace(",call,", f",{written},"))
    )
    assert (problem.column, problem.value) == ("kind", written)
    assert problem.message.endswith(f"(did you mean '{meant}'?)")


def test_unknown_actor_kind(write_dir):
    problem = only_problem(write_dir(actors=ACTORS.replace("person,VEN", "persn,VEN")))
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "actors.csv",
        5,
        "kind",
        "persn",
    )


@pytest.mark.parametrize(
    "bad, message",
    [
        ("2025-13-01", "real calendar"),
        ("2025-02-30", "real calendar"),
        ("Dec 2025", "not a date"),
    ],
)
def test_bad_start_dates(write_dir, bad, message):
    problem = only_problem(write_dir(relations=RELATIONS.replace("2025-12-08", bad)))
    assert (problem.line, problem.column, problem.value) == (2, "start", bad)
    assert message in problem.message


def test_end_before_start(write_dir):
    problem = only_problem(
        write_dir(relations=RELATIONS.replace("2025-11,ongoing", "2025-11,2025-10"))
    )
    assert (problem.line, problem.column, problem.value) == (3, "end", "2025-10")
    assert "before the start" in problem.message


def test_precision_finer_than_written(write_dir):
    text = RELATIONS.replace("end,confidence", "end,date_precision,confidence")
    text = text.replace(",,confirmed", ",,day,confirmed").replace(
        "ongoing,confirmed", "ongoing,day,confirmed"
    )
    problem = only_problem(write_dir(relations=text))
    assert (problem.line, problem.column) == (3, "date_precision")


def test_duplicate_ids_name_both_lines(write_dir):
    problem = only_problem(write_dir(relations=RELATIONS.replace("r2,", "r1,")))
    assert (problem.line, problem.column, problem.value) == (3, "id", "r1")
    assert "line 2" in problem.message


def test_relation_names_unknown_actor(write_dir):
    problem = only_problem(
        write_dir(relations=RELATIONS.replace("putin,maduro", "putin,maduor"))
    )
    assert (problem.line, problem.column, problem.value) == (2, "target", "maduor")
    assert "did you mean 'maduro'" in problem.message


def test_unknown_country_code(write_dir):
    problem = only_problem(write_dir(actors=ACTORS.replace("state,VEN", "state,VZ")))
    assert (problem.line, problem.column, problem.value) == (3, "country", "VZ")


def test_country_required_for_person(write_dir):
    problem = only_problem(write_dir(actors=ACTORS.replace("person,RUS", "person,")))
    assert (problem.line, problem.column) == (4, "country")


def _putin_at(lat: str, lon: str) -> str:
    """The actors, Putin's coordinates written as given."""
    return (
        "id,name,kind,country,lat,lon\n"
        "russia,Russia,state,RUS,,\n"
        "venezuela,Venezuela,state,VEN,,\n"
        f"putin,Vladimir Putin,person,RUS,{lat},{lon}\n"
        "maduro,Nicolás Maduro,person,VEN,,\n"
    )


@pytest.mark.parametrize(
    "lat, lon, column",
    [
        ("95", "10", "lat"),
        ("10", "-181", "lon"),
        ("ten", "10", "lat"),
        ("10", "", "lon"),
        # float() reads these, source_count and dates refuse such digits
        ("٥٥.٧", "37.6", "lat"),
        ("55.7", "３７.６", "lon"),
        ("5_5.7", "37.6", "lat"),
        ("55.7", "inf", "lon"),
    ],
)
def test_bad_coordinates(write_dir, lat, lon, column):
    problem = only_problem(write_dir(actors=_putin_at(lat, lon)))
    assert (problem.line, problem.column) == (4, column)


@pytest.mark.parametrize(
    "lat, lon", [("55.75", "37.62"), ("-3.5", "+40"), (".5", "10.")]
)
def test_coordinates_written_with_a_point_load(write_dir, lat, lon):
    placed = load_dataset(write_dir(actors=_putin_at(lat, lon))).actors.set_index("id")
    assert tuple(placed.loc["putin", ["lat", "lon"]]) == (float(lat), float(lon))


def _as_excel_saves(text: str) -> bytes:
    """``text`` as Excel's "CSV UTF-8" writes it: a byte-order mark, lines
    ending in CRLF and two empty, unnamed columns that once held formatting."""
    lines = [line + ",," for line in text.splitlines()]
    return b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"


def test_a_file_saved_by_excel_loads_as_written(write_dir):
    """An analyst's spreadsheet: the byte-order mark and the empty columns at
    the end had each refused the whole directory."""
    plain = load_dataset(write_dir())
    directory = write_dir(
        actors=_as_excel_saves(ACTORS), relations=_as_excel_saves(RELATIONS)
    )
    excel = load_dataset(directory)
    pd.testing.assert_frame_equal(excel.actors, plain.actors)
    pd.testing.assert_frame_equal(excel.relations, plain.relations)


def test_an_unnamed_column_with_cells_is_still_reported(write_dir):
    relations = "\n".join(line + ",x" for line in RELATIONS.splitlines()) + "\n"
    problem = only_problem(
        write_dir(relations=relations.replace(",quote,x", ",quote,"))
    )
    assert "column 9 of the header has no name" in problem.message


def test_not_utf8_names_line(write_dir):
    problem = only_problem(
        write_dir(actors=ACTORS.replace("Nicolás", "Nicol\xe1s").encode("latin-1"))
    )
    assert (
        problem.line == 5
        and "not UTF-8" in problem.message
        and problem.value == "Nicol\\xe1s Maduro"
    )


def test_wrong_number_of_fields(write_dir):
    problem = only_problem(
        write_dir(relations=RELATIONS.replace('"In force."', '"In force.",extra'))
    )
    assert problem.line == 3 and "fields" in problem.message


def test_line_numbers_follow_multiline_quotes(write_dir):
    text = RELATIONS.replace('"He called."', '"He\ncalled."').replace(
        ",treaty,", ",treatty,"
    )
    problem = only_problem(write_dir(relations=text))
    assert problem.line == 4


def test_every_problem_reported_at_once(write_dir):
    relations = RELATIONS.replace(",call,", ",cal,").replace("2025-11,", "2025-99,")
    actors = ACTORS.replace("state,VEN", "state,VZ")
    problems = problems_of(write_dir(actors=actors, relations=relations))
    assert {(p.file, p.column) for p in problems} == {
        ("actors.csv", "country"),
        ("relations.csv", "kind"),
        ("relations.csv", "start"),
    }


def test_extra_columns_are_kept(write_dir):
    relations = RELATIONS.replace("quote\n", "quote,analyst_note\n")
    relations = relations.replace('called."\n', 'called.",check twice\n').replace(
        'force."\n', 'force.",\n'
    )
    dataset = load_dataset(write_dir(relations=relations))
    assert dataset.relations.set_index("id").loc["r1", "analyst_note"] == "check twice"


def test_missing_directory_is_a_problem_not_a_traceback(tmp_path):
    problems = problems_of(tmp_path / "nowhere")
    assert {p.file for p in problems} == {"actors.csv", "relations.csv"}


@pytest.mark.parametrize("saved", ["actors.xlsx", "Actors.CSV"])
def test_a_missing_file_names_what_the_folder_holds_instead(tmp_path, saved):
    """An analyst's actors saved as a workbook, or named in other case (a
    folder copied from Windows): 'actors.csv is missing' left her looking at
    the file she had saved."""
    (tmp_path / saved).write_text(ACTORS, encoding="utf-8")
    (tmp_path / "relations.csv").write_text(RELATIONS, encoding="utf-8")
    problem = only_problem(tmp_path)
    assert problem.message == (
        f"is missing from {tmp_path} (it holds {saved}: save it as actors.csv, "
        "in Excel as 'CSV UTF-8')"
    )


def test_a_bad_row_does_not_hide_the_others(write_dir):
    text = RELATIONS.replace('"He called."', '"He called.",stray').replace(
        ",treaty,", ",treatty,"
    )
    problems = problems_of(write_dir(relations=text))
    assert {(p.line, p.column) for p in problems} == {(2, None), (3, "kind")}


def test_unclosed_quote_is_named(write_dir):
    text = RELATIONS.replace('"He called."', '"He called.')
    problem = problems_of(write_dir(relations=text))[0]
    assert problem.line == 2 and "never closed" in problem.message


def test_a_row_whose_own_quote_closes_the_one_left_open_is_not_lost(write_dir):
    """A column after the quote: the next row's quote closed the one left open,
    its row read as part of the quote, the fields still as many as the
    header's; the file was called valid, and r2 was gone."""
    text = (
        RELATIONS.replace(",quote\n", ",quote,url\n")
        .replace('"He called."', '"He called.,')
        .replace('"In force."', '"In force.",')
    )
    problem = only_problem(write_dir(relations=text))
    assert (problem.line, problem.column) == (2, "quote")
    assert "never closed" in problem.message


def test_a_quoted_list_over_lines_is_a_cell_not_a_swallowed_row(write_dir):
    """A role listing five backers on a line of its own, a row's number of
    commas: it was refused as a quote never closed, and the data with it."""
    role = "Backed by:\nRussia, China, Iran, Cuba, Nicaragua\nSee the annex."
    actors = ACTORS.replace("Venezuelan leader", f'"{role}"')
    dataset = load_dataset(write_dir(actors=actors))
    assert dataset.actors.set_index("id").loc["maduro", "role"] == role


def test_a_file_saved_as_excels_western_csv_names_the_cell_and_its_reading(
    write_dir,
):
    """Excel's plain "CSV" on Western Windows (Windows-1252): the problem gave
    only the byte ('\\xe1'), not which name on the line held it; it names the
    column and the cell, and what the cell reads as in Windows-1252."""
    problem = only_problem(write_dir(actors=ACTORS.encode("cp1252")))
    assert (problem.file, problem.line, problem.column) == ("actors.csv", 5, "name")
    assert problem.value == "Nicol\\xe1s Maduro"
    assert problem.message == (
        "is not UTF-8 (in Windows-1252: 'Nicolás Maduro'); "
        "save the file as UTF-8 (Excel: 'CSV UTF-8')"
    )


def test_a_western_byte_in_a_cell_over_lines_names_that_cell(write_dir):
    """A role over two lines, its second holding the byte: that line, read
    alone as a row of five cells, had its cell named 'name'; and a file
    starting with a blank line had no column named at all."""
    actors = ACTORS.replace(
        "Venezuelan leader", '"Venezuelan leader,\nsince 2013, Nicolás, x"'
    )
    problem = only_problem(write_dir(actors=actors.encode("cp1252")))
    assert (problem.line, problem.column) == (5, "name")
    second = actors.replace("maduro,Nicolás Maduro", "maduro,Nicolas Maduro")
    problem = only_problem(write_dir(actors=second.encode("cp1252")))
    assert (problem.line, problem.column) == (6, "role")
    assert problem.value == "since 2013, Nicol\\xe1s, x"
    problem = only_problem(write_dir(actors=("\n" + ACTORS).encode("cp1252")))
    assert (problem.line, problem.column) == (6, "name")


def test_a_header_in_other_case_names_the_formats_columns(write_dir):
    """A spreadsheet's "ID", "Name", "Kind" header: 'id', 'name' and 'kind'
    were each said to be missing from the header that plainly held them. Both
    readers (Arrow's, and the csv module's for files with a problem to tell)
    read it so."""
    actors = ACTORS.replace("id,name,kind", "ID,Name ,KIND")
    relations = RELATIONS.replace("id,source", "Id,Source")
    dataset = load_dataset(write_dir(actors=actors, relations=relations))
    assert list(dataset.actors["id"]) == ["russia", "venezuela", "putin", "maduro"]
    assert set(dataset.relations["source"]) == {"putin", "russia"}
    table, _ = csvfile._read_slowly(actors, "actors.csv", ("id",), [], ("id", "kind"))
    assert list(table.columns) == ["id", "Name", "kind", "country", "role"]


def test_a_tab_separated_file_is_read_as_written(write_dir):
    """A table copied out of a spreadsheet: tabs between the cells. It was
    refused ("save it as comma-separated CSV"); it reads as the same table."""
    tabs = load_dataset(write_dir(actors=ACTORS.replace(",", "\t")))
    assert tabs.actors.equals(load_dataset(write_dir()).actors)


def test_a_separator_line_a_blank_first_line_and_decimal_commas_in_a_copied_table(
    write_dir,
):
    """Excel's "sep=;" line before the header, a blank line before it, a
    table copied with tabs and decimal commas: read, each row on its line."""
    table = (
        "id\tname\tkind\tcountry\tlat\tlon\n"
        "russia\tRussia\tstate\tRUS\t55,75\t37,62\n"
        "venezuela\tVenezuela\tstate\tVEN\t\t\n"
        "putin\tVladimir Putin\tperson\tRUS\t\t\n"
        "maduro\tNicolás Maduro\tperson\tVEN\t\t\n"
    )
    tabs = load_dataset(write_dir(actors="\n" + table))
    assert float(tabs.actors.set_index("id").loc["russia", "lat"]) == 55.75
    hinted = "sep=;\n" + ACTORS.replace(",", ";")
    assert load_dataset(write_dir(actors=hinted)).actors.equals(
        load_dataset(write_dir()).actors
    )
    comma = "sep=,\n" + ACTORS
    assert len(load_dataset(write_dir(actors=comma)).actors) == 4
    # a quote never closed: said so, on its line, as in a comma file
    broken = ACTORS.replace(",", ";").replace("Vladimir Putin", '"Vladimir Putin')
    problem = only_problem(write_dir(actors=broken))
    assert "semicolons" in problem.message and "quote" in problem.message


def test_a_semicolon_file_not_in_utf8_names_its_cell(write_dir):
    """Excel's "CSV" on a European Windows: semicolons and Windows-1252. The
    row was cut at commas, so the whole row was the value and no column
    was named."""
    actors = ACTORS.replace(",", ";").encode("cp1252")
    problem = only_problem(write_dir(actors=actors))
    assert (problem.line, problem.column) == (5, "name")
    assert problem.value == "Nicol\\xe1s Maduro" and "Nicolás" in problem.message


def test_excels_semicolon_csv_is_read_as_written(write_dir):
    """Excel's "CSV" where the comma is the decimal mark (most of Europe):
    semicolons between cells, a signature (BOM) and Windows line ends, and
    commas in the numbers. "Save it as comma-separated CSV" could not be
    done in Excel without changing Windows' regional settings. A cell's own
    semicolon or comma is kept, and a problem still names its line."""
    actors = (
        "id;name;kind;country;lat;lon\r\n"
        "russia;Russia;state;RUS;;\r\n"
        "venezuela;Venezuela;state;VEN;;\r\n"
        'putin;"Putin; Vladimir";person;RUS;55,7558;37,6173\r\n'
        "maduro;Maduro, Nicolás;person;VEN;10,4806;-66,9036\r\n"
    )
    relations = (
        "id;source;target;kind;start;end;confidence;quote\r\n"
        'r1;putin;maduro;call;2025-12-08;;confirmed;"He called;\r\nthen wrote."\r\n'
        "r2;russia;venezuela;treaty;2025-11;ongoing;confirmed;In force, 1 Dec.\r\n"
    )
    dataset = load_dataset(
        write_dir(actors=b"\xef\xbb\xbf" + actors.encode(), relations=relations)
    )
    people = dataset.actors.set_index("id")
    assert people.loc["putin", "name"] == "Putin; Vladimir"
    assert people.loc["maduro", "name"] == "Maduro, Nicolás"
    assert float(people.loc["putin", "lat"]) == 55.7558
    assert float(people.loc["maduro", "lon"]) == -66.9036
    quotes = dataset.relations.set_index("id")["quote"]
    assert (
        quotes["r1"] == "He called;\nthen wrote." and quotes["r2"] == "In force, 1 Dec."
    )
    # a bad date after a cell of two lines: named on its own line, 5
    bad = relations + "r3;putin;russia;call;12/08/2025;;confirmed;Called.\r\n"
    problem = only_problem(write_dir(actors=actors, relations=bad))
    assert (problem.file, problem.line, problem.value) == (
        "relations.csv",
        5,
        "12/08/2025",
    )


def test_a_day_a_spreadsheet_wrote_with_its_midnight_is_that_day(write_dir):
    """Excel writes a date cell as "2025-12-08 00:00:00" in some exports:
    refused as no date, though it names one day and no other."""
    relations = RELATIONS.replace("2025-12-08", "2025-12-08 00:00:00").replace(
        "2025-11,ongoing", "2025-11-01T00:00,2025-11-30 00:00:00"
    )
    dataset = load_dataset(write_dir(relations=relations)).relations.set_index("id")
    assert dataset.loc["r1", "date_label"] == "8 Dec 2025"
    assert str(dataset.loc["r2", "last"].date()) == "2025-11-30"


@pytest.mark.parametrize(
    "written, said",
    [
        ("08/12/2025", "which of day and month comes first differs by country"),
        ("12.8.2025", "which of day and month comes first differs by country"),
        ("2025-12-08 14:30:00", "a time of day is not kept: give the day alone"),
    ],
)
def test_a_spreadsheets_other_dates_are_refused_saying_what_to_do(
    write_dir, written, said
):
    problem = only_problem(
        write_dir(relations=RELATIONS.replace("2025-12-08", written))
    )
    assert (problem.line, problem.column, problem.value) == (2, "start", written)
    assert said in problem.message


def test_nul_byte(write_dir):
    """A NUL in a cell is that cell's problem, named with its column; the
    rest of the file is checked (it had stopped there)."""
    problem = only_problem(
        write_dir(actors=ACTORS.replace("Venezuela,state", "Venez\x00uela,state"))
    )
    assert (problem.line, problem.column) == (3, "name")
    assert "U+0000" in problem.message


def test_between_needs_an_end(write_dir):
    text = RELATIONS.replace("end,confidence", "end,date_precision,confidence")
    text = text.replace("2025-12-08,,confirmed", "2025-12-08,,between,confirmed")
    text = text.replace("ongoing,confirmed", "ongoing,,confirmed")
    problem = only_problem(write_dir(relations=text))
    assert (problem.line, problem.column) == (
        2,
        "end",
    ) and "latest day" in problem.message


def test_a_between_event_the_latest_of_its_data_keeps_its_days(write_dir):
    """ "Between 8 and 11 Dec", the latest relation of its data: the data
    ended on 8 December (a between event's end did not count), so the event
    was cut to its first day and a window of 9 to 11 December held nothing."""
    text = RELATIONS.replace("end,confidence", "end,date_precision,confidence")
    text = text.replace(
        "2025-12-08,,confirmed", "2025-12-08,2025-12-11,between,confirmed"
    )
    text = text.replace("ongoing,confirmed", "ongoing,,confirmed")
    data = load_dataset(write_dir(relations=text))
    by_id = data.relations.set_index("id")
    assert str(by_id.loc["r1", "last"].date()) == "2025-12-11"
    assert str(by_id.loc["r2", "last"].date()) == "2025-12-11"  # ongoing: to the end
    assert data.date_span[1].isoformat() == "2025-12-11"


def test_as_of_needs_a_full_date(write_dir):
    text = RELATIONS.replace("end,confidence", "end,date_precision,confidence")
    text = text.replace("2025-12-08,,confirmed", "2025-12,,as-of,confirmed")
    text = text.replace("ongoing,confirmed", "ongoing,,confirmed")
    problem = only_problem(write_dir(relations=text))
    assert (problem.line, problem.column, problem.value) == (
        2,
        "date_precision",
        "as-of",
    )


def test_a_quote_with_a_long_list_on_a_line_of_its_own_is_a_quote(write_dir):
    """A well-quoted cell over two lines whose second line listed twenty
    countries was taken for a quote never closed: its relation refused, and
    the directory with it."""
    listed = ", ".join(f"country {number}" for number in range(20))
    text = RELATIONS.replace('"He called."', f'"He listed them:\n{listed}."')
    dataset = load_dataset(write_dir(relations=text))
    assert listed in dataset.relations.set_index("id").loc["r1", "quote"]


def test_an_actor_row_refused_is_named_and_its_relations_say_so(write_dir):
    """A stray comma in Putin's row: the row is refused, named by its id, and
    his relation says why it names no actor, with no guess at another."""
    actors = ACTORS.replace("putin,Vladimir Putin,", "putin,Vladimir, Putin,")
    problems = problems_of(write_dir(actors=actors))
    assert [(p.file, p.value) for p in problems] == [
        ("actors.csv", "putin"),
        ("relations.csv", "putin"),
    ]
    assert "fields but the header has" in problems[0].message
    assert problems[1].message == (
        "names an actor whose row in actors.csv (line 4) is refused (see there)"
    )


def test_a_quote_never_closed_in_a_file_saved_by_excel_is_reported(write_dir):
    """Excel's empty end columns give each swallowed line two commas more
    than the header left once they are dropped: the quote never closed went
    unseen, and the relations after it were loaded as part of its quote."""
    text = RELATIONS.replace('"He called."', '"He called.').replace(
        '"In force."', "In force."
    )
    problem = only_problem(write_dir(relations=_as_excel_saves(text)))
    assert (problem.line, problem.column) == (2, "quote")
    assert "never closed" in problem.message


def test_an_actor_row_refused_for_a_quote_never_closed_is_named_too(write_dir):
    """A quote opened in Putin's role and never closed swallows the rows after
    it, and the problem names the column; his row is refused all the same, so
    his relation says so rather than that he is no actor."""
    actors = ACTORS.replace(",President of Russia", ',"President of Russia')
    problems = problems_of(write_dir(actors=actors))
    quote, putin = problems[0], problems[1]
    assert (quote.file, quote.line, quote.column) == ("actors.csv", 4, "role")
    assert (putin.column, putin.value) == ("source", "putin")
    assert putin.message == (
        "names an actor whose row in actors.csv (line 4) is refused (see there)"
    )


def test_an_actor_row_a_quote_never_closed_took_in_is_named_by_its_relations(
    write_dir,
):
    """The rows a quote never closed takes into its cell are not in the table
    either: Maduro's relation said he was no actor (and offered another), as if
    his row were not in the file, where it is on line 5."""
    actors = ACTORS.replace(",President of Russia", ',"President of Russia')
    problems = problems_of(write_dir(actors=actors))
    maduro = [p for p in problems if p.value == "maduro"]
    assert [(p.file, p.line, p.column) for p in maduro] == [
        ("relations.csv", 2, "target")
    ]
    assert maduro[0].message == (
        "names an actor whose row in actors.csv (line 5) went into the quote "
        "opened on line 4 and never closed (see there)"
    )


def test_the_rows_a_quote_closed_rows_later_took_in_are_named_too(write_dir):
    """A quote that opens a cell and is closed rows later at the end of a cell
    has its quotes in place (Arrow reads the file): the rows between are
    named all the same."""
    actors = ACTORS.replace(",President of Russia", ',"President of Russia')
    actors += 'trump,Donald Trump,person,USA,"\n'
    assert csvfile._read_quickly(actors.encode(), "actors.csv", ("id",)) is not None
    problems = problems_of(write_dir(actors=actors))
    maduro = [p for p in problems if p.value == "maduro"]
    assert [(p.line, p.message) for p in maduro] == [
        (
            2,
            "names an actor whose row in actors.csv (line 5) went into the quote "
            "opened on line 4 and never closed (see there)",
        )
    ]


def test_a_row_is_not_named_by_a_cell_a_stray_comma_moved(write_dir):
    """With the id in the second column, a comma in the name before it moves
    the name's second half into the id's place: the row was named 'Putin'."""
    actors = "\n".join(
        ",".join([line.split(",")[1], line.split(",")[0], *line.split(",")[2:]])
        for line in ACTORS.splitlines()
    )
    actors = actors.replace("Vladimir Putin,putin", "Vladimir, Putin,putin")
    problem = problems_of(write_dir(actors=actors + "\n"))[0]
    assert (problem.file, problem.line, problem.value) == ("actors.csv", 4, None)


@pytest.mark.parametrize(
    "written, meant",
    [("ven", "VEN"), ("Ven", "VEN"), ("ve", "VEN"), ("Venezuela", "VEN"),
     ("usa", "USA"), ("united states", "USA")],
)  # fmt: skip
def test_a_country_in_small_letters_or_by_name_is_told_its_code(
    write_dir, written, meant
):
    """An analyst's spreadsheet wrote 'ven' (or 'VE', or 'Venezuela'): it was
    refused with only "e.g. RUS, VEN", while a kind written 'Person' gets
    its 'person'. Refused as that kind is, with the code to write."""
    actors = ACTORS.replace("state,VEN", f"state,{written}")
    problem = only_problem(write_dir(actors=actors))
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "actors.csv", 3, "country", written,
    )  # fmt: skip
    assert problem.message.endswith(f"(did you mean '{meant}'?)")
    assert "e.g." not in problem.message


def test_a_country_that_means_none_is_shown_examples(write_dir):
    problem = only_problem(write_dir(actors=ACTORS.replace("state,VEN", "state,VZZ")))
    assert problem.message.endswith("(e.g. RUS, VEN)")


def test_a_header_spelled_with_spaces_or_hyphens_names_the_formats_columns(
    write_dir,
):
    """A spreadsheet's "Date Precision", "Reported By", "source-document":
    read as columns of the user's own, `check` said valid while each relation
    had no source (0 sources: the evidence filter hid it) and a 'between'
    event read as a relation lasting from its start to its end."""
    relations = (
        "ID,Source,Target,Kind,Start,End,Date Precision,Reported By,"
        "source-document,Confidence,Quote\n"
        "r1,putin,maduro,call,2025-12-08,2025-12-10,between,Reuters; TASS,"
        "Guacamaya,confirmed,He called.\n"
    )
    row = load_dataset(write_dir(relations=relations)).relations.iloc[0]
    assert (row["precision"], row["date_label"]) == (
        "between", "between 8 and 10 Dec 2025",
    )  # fmt: skip
    assert (row["reported_by"], row["sources"], row["source_document"]) == (
        "Reuters; TASS", 2, "Guacamaya",
    )  # fmt: skip
    # named both ways, neither is taken for the other (as with case)
    both = RELATIONS.replace("quote\n", "quote,Reported By\n").replace('."\n', '.",x\n')
    both = both.replace("confidence,", "confidence,reported_by,").replace(
        "confirmed,", "confirmed,Reuters,"
    )
    table = load_dataset(write_dir(relations=both)).relations
    assert list(table["reported_by"]) == ["Reuters", "Reuters"]
    assert list(table["Reported By"]) == ["x", "x"]
