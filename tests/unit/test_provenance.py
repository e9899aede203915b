"""Quotes checked against source documents: typography aside, verbatim or reported."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.cli.data import SOURCE_LIMIT
from dashboard.core.provenance import missing_quotes, normalise

SOURCE = (
    "Guacamaya, 11 December 2025.\n"
    "Putin called Maduro to reiterate his “support” in the face of\n"
    "“mounting external pressure” — according to the Kremlin.\n"
    "Maduro’s “days are numbered,” Trump said.\n"
)

RELATIONS = (
    "id,source,target,kind,start,confidence,quote\n"
    # straight quotes, a hyphen for the em dash, one line for two
    'r1,putin,maduro,call,2025-12-08,confirmed,"Putin called Maduro to reiterate '
    'his ""support"" in the face of ""mounting external pressure"" - according to '
    'the Kremlin."\n'
    # a word changed
    'r2,putin,maduro,support,2025-12-08,confirmed,"Putin called Maduro to repeat '
    'his ""support"""\n'
    "r3,russia,venezuela,treaty,2025-11,confirmed,\n"  # no quote: nothing to check
    # a straight apostrophe where the document has a curly one
    "r4,maduro,putin,call,2025-12-08,confirmed,\"Maduro's “days are numbered,” "
    'Trump said."\n'
)


def test_typography_is_normalised_and_case_kept():
    assert normalise("a\u00a0 ‘b’ “c” – d — e ‐ f −1") == "a 'b' \"c\" - d - e - f -1"
    assert normalise("Days\t\n are") == "Days are" != normalise("days are")


def test_a_quote_differing_only_in_typography_is_found():
    table = pd.DataFrame(
        {"id": ["r1", "r2"], "quote": ['his "support"  in the face', "Days are"]}
    )
    assert [m.relation for m in missing_quotes(table, [SOURCE])] == ["r2"]


def test_a_quote_is_found_within_one_document_not_across_two():
    table = pd.DataFrame({"id": ["r1"], "quote": ["one two"], "line": [7]})
    (missing,) = missing_quotes(table, ["one", "two"])
    assert (missing.relation, missing.line) == ("r1", 7)
    assert missing_quotes(table, ["one", "one two three"]) == []


def test_check_command_names_file_line_and_relation(write_dir, tmp_path, capsys):
    directory = write_dir(
        actors="id,name,kind,country\nputin,Putin,person,RUS\n"
        "maduro,Maduro,person,VEN\nrussia,Russia,state,RUS\n"
        "venezuela,Venezuela,state,VEN\n",
        relations=RELATIONS,
    )
    source = tmp_path / "article.txt"
    source.write_text(SOURCE, encoding="utf-8")
    assert main(["check", str(directory), "--source", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"{directory / 'relations.csv'}:3: relation r2: quote not found" in err
    assert "r1" not in err and "r3" not in err and "r4" not in err
    assert "1 quote not found verbatim" in err
    assert err.rstrip().endswith(
        "the actors and relations are valid (4 actors, 4 relations); the quotes "
        "above are in none of the sources given"
    )


def test_check_command_passes_when_every_quote_is_found(write_dir, tmp_path, capsys):
    directory = write_dir()  # quotes "He called." and "In force."
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("He called.", encoding="utf-8")
    second.write_text("The treaty is in force. In  force.", encoding="utf-8")
    arguments = ["check", str(directory), "--source", str(first)]
    assert main(arguments) == 1
    assert "relation r2" in capsys.readouterr().err
    assert main([*arguments, "--source", str(second)]) == 0
    assert "quotes: all 2 found verbatim in 2 source documents" in (
        capsys.readouterr().out
    )


def test_check_command_refuses_a_missing_source(write_dir, tmp_path, capsys):
    code = main(["check", str(write_dir()), "--source", str(tmp_path / "nope.txt")])
    assert code == 2 and "nope.txt: no such file" in capsys.readouterr().err


def test_check_command_names_the_source_it_cannot_read(write_dir, tmp_path, capsys):
    """Of several sources, one not UTF-8 was reported as "--source: 'utf-8'
    codec can't decode byte 0xb8 in position 11": which one?"""
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(SOURCE, encoding="utf-8")
    bad.write_bytes("Caf\u00e9 Minsk".encode("latin-1"))
    code = main(
        ["check", str(write_dir()), "--source", str(good), "--source", str(bad)]
    )
    err = capsys.readouterr().err
    assert (
        code == 2 and f"--source {bad}: not UTF-8 text (byte 0xe9 at position 3)" in err
    )
    assert str(good) not in err and "Traceback" not in err
    assert main(["check", str(write_dir()), "--source", str(tmp_path)]) == 2
    assert f"--source {tmp_path}: is a folder" in capsys.readouterr().err


def test_check_command_refuses_a_device_or_a_pipe_unread(write_dir, tmp_path, capsys):
    """``--source /dev/zero`` read until the memory ran out; a pipe waited for
    a writer, forever."""
    os.mkfifo(tmp_path / "pipe")  # the project runs on Linux (README)
    for source in (Path("/dev/zero"), tmp_path / "pipe"):
        assert main(["check", str(write_dir()), "--source", str(source)]) == 2
        err = capsys.readouterr().err
        said = "is not a file (a device or a pipe); give a document"
        assert err == f"--source {source}: {said}\n"


def test_check_command_refuses_a_source_over_its_limit(write_dir, tmp_path, capsys):
    """A source is read no further than its limit: one larger is no document."""
    source = tmp_path / "huge.txt"
    with source.open("wb") as file:
        file.truncate(SOURCE_LIMIT + 1)  # sparse: nothing written
    assert main(["check", str(write_dir()), "--source", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"--source {source}: holds more than 16 MiB")
    assert err.count("\n") == 1
    source.write_bytes(SOURCE.encode() + b" " * (SOURCE_LIMIT - len(SOURCE.encode())))
    assert main(["check", str(write_dir()), "--source", str(source)]) != 2


def test_check_command_refuses_a_missing_directory(tmp_path, capsys):
    """It said "actors.csv: is missing from /nonexistent", and the same of
    relations.csv, as if the folder were there."""
    with pytest.raises(SystemExit) as stop:
        main(["check", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "nowhere: no such data directory" in err
    assert "is missing" not in err


def test_quotes_under_a_spreadsheets_header_are_checked(write_dir, tmp_path, capsys):
    """A header's "Quote" (or "QUOTE") is the quotes when the data loads, but
    the quote check read the file for a 'quote' column alone: finding none,
    it said every quote was found verbatim, of a quote no source holds."""
    relations = "\n".join(RELATIONS.splitlines()[:3]).replace(",quote", ",Quote")
    directory = write_dir(
        actors="id,name,kind,country\nputin,Putin,person,RUS\n"
        "maduro,Maduro,person,VEN\n",
        relations=relations + "\n",
    )
    source = tmp_path / "article.txt"
    source.write_text(SOURCE, encoding="utf-8")
    assert main(["check", str(directory), "--source", str(source)]) == 1
    err = capsys.readouterr().err
    assert f"{directory / 'relations.csv'}:3: relation r2: quote not found" in err
