"""Data files nobody here wrote: each hostile case gets a clear problem naming
file, line and value, the app's loading never crashes, and text reaches the
figures and slides as text, never as markup."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dashboard.core.load import load_dataset
from dashboard.core.model import prepare
from dashboard.core.problems import DataError
from dashboard.core.stories import load_stories
from dashboard.core.view import View
from dashboard.figures.scene import make_scene
from dashboard.outputs.slides import slide_figure
from tests.conftest import ACTORS, RELATIONS


def problems_of(directory):
    with pytest.raises(DataError) as caught:
        load_dataset(directory)
    return caught.value.problems


def only_problem(directory):
    problems = problems_of(directory)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# --- stories -----------------------------------------------------------------

STEP = {"title": "The call", "caption": "Putin calls Maduro.",
        "start": "2025-12-08", "end": "2025-12-08", "relations": ["r1"]}  # fmt: skip
GOOD_STORY = (
    "title: Fine\nsteps:\n  - {title: a, caption: b, start: 2025-12-08, "
    "end: 2025-12-08}\n"
)


def stories_beside(write_dir, **files: str | bytes):
    """Load the stories ``files`` (name -> text, or bytes) of a valid data
    directory, with a good story beside them, as the app loads them."""
    directory = write_dir()
    folder = directory / "stories"
    folder.mkdir()
    (folder / "fine.yaml").write_text(GOOD_STORY, encoding="utf-8")
    for name, text in files.items():
        if isinstance(text, bytes):
            (folder / name).write_bytes(text)
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return load_stories([directory], load_dataset(directory))


def test_emoji_escaped_as_json_writes_it_is_one_character(write_dir):
    story = {"title": "Bomb \U0001f4a3", "steps": [STEP]}
    text = json.dumps(story)
    assert "\\ud83d\\udca3" in text  # as json.dumps writes it
    stories, problems = stories_beside(write_dir, **{"emoji.json": text})
    assert problems == []
    title = stories["emoji"].title
    assert title == "Bomb \U0001f4a3"
    title.encode("utf-8")  # the page's JSON can carry it


@pytest.mark.parametrize(
    "name, text",
    [
        ("lone.json", '{"title": "half \\ud83d", "steps": []}'),
        ("lone.yaml", 'title: ok\nsteps: []\ndescription: "low \\udca3 half"\n'),
    ],
)
def test_lone_surrogate_leaves_the_story_out_naming_line_and_value(
    write_dir, name, text
):
    stories, problems = stories_beside(write_dir, **{name: text})
    assert list(stories) == ["fine"]
    (problem,) = problems
    assert problem.file.endswith(name) and "lone surrogate" in problem.message
    assert problem.line == (1 if name.endswith("json") else 3)
    assert "\\ud83d" in str(problem) or "\\udca3" in str(problem)
    str(problem).encode("utf-8")  # printable in a terminal


def test_yaml_alias_bomb_is_refused_and_the_others_load(write_dir):
    # "billion laughs": each line nine times the one before; as a caption it
    # would be written out in full in a problem message
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [
        f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 7)
    ]
    text = "\n".join(lines) + (
        "\ntitle: Laughs\nsteps:\n  - {title: a, caption: *a6, "
        "start: 2025-12-08, end: 2025-12-08}\n"
    )
    stories, problems = stories_beside(write_dir, **{"bomb.yaml": text})
    assert list(stories) == ["fine"]
    (problem,) = problems
    assert problem.line == 1 and "alias" in problem.message


def test_deeply_nested_story_is_refused_not_a_recursion_error(write_dir):
    text = "title: Deep\nsteps: " + "[" * 50_000 + "]" * 50_000 + "\n"
    stories, problems = stories_beside(write_dir, **{"deep.yaml": text})
    assert list(stories) == ["fine"]
    (problem,) = problems
    assert problem.line == 2 and "deeper than" in problem.message


def test_oversized_story_is_refused_unread(write_dir):
    text = GOOD_STORY + "# padding\n" * 30_000
    stories, problems = stories_beside(write_dir, **{"huge.yaml": text})
    assert list(stories) == ["fine"]
    assert "at most" in problems[0].message


@pytest.mark.parametrize(
    "start, message",
    [
        ("0001-01-01", "outside the dates"),
        ("9999-12-31", "outside the dates"),
        ("2025-13-45", "cannot be read"),
    ],
)
def test_story_dates_outside_the_range_are_problems(write_dir, start, message):
    text = f"title: Far\nsteps:\n  - title: a\n    caption: b\n    start: {start}\n"
    text += "    end: 2025-12-08\n"
    stories, problems = stories_beside(write_dir, **{"far.yaml": text})
    assert list(stories) == ["fine"]
    assert problems[0].line == 5 and message in problems[0].message


def test_story_integer_of_thousands_of_digits_is_a_problem(write_dir):
    text = GOOD_STORY.replace("}", ", depth: " + "9" * 5_000 + "}")
    stories, problems = stories_beside(write_dir, **{"digits.yaml": text})
    assert list(stories) == ["fine"] and problems[0].line == 3


def test_story_number_of_thousands_of_digits_says_so_in_our_words(write_dir):
    """It said Python's "use sys.set_int_max_str_digits() to increase the
    limit" to the teacher."""
    story = {"title": "t", "steps": [{**STEP, "depth": "DIGITS"}]}
    text = json.dumps(story).replace('"DIGITS"', "9" * 5_000)
    stories, problems = stories_beside(write_dir, **{"digits.json": text})
    assert list(stories) == ["fine"]
    (problem,) = problems
    assert problem.file.endswith("digits.json") and problem.line == 1
    assert "5,000 digits" in problem.message and "sys." not in str(problem)
    assert len(str(problem)) < 300


def test_story_not_utf8_names_line_and_reads_it_in_windows_1252(write_dir):
    """As a CSV file's: it said "'utf-8' codec can't decode byte 0xe1 in
    position 13", no line, no word."""
    text = GOOD_STORY.replace("title: Fine", 'title: Fine\ndescription: "Nicolás"')
    latin = text.encode("cp1252")
    stories, problems = stories_beside(write_dir, **{"latin.yaml": latin})
    assert list(stories) == ["fine"]
    (problem,) = problems
    assert problem.line == 2 and problem.value == 'description: "Nicol\\xe1s"'
    assert "(in Windows-1252: 'description: \"Nicolás\"')" in problem.message
    assert "codec" not in str(problem)


@pytest.mark.parametrize(
    "where, key, limit",
    [("story", "title", 200), ("story", "description", 2_000),
     ("step", "title", 200), ("step", "caption", 2_000)],
)  # fmt: skip
def test_story_texts_have_length_limits(write_dir, where, key, limit):
    """A title of 100,000 characters was valid, and reached the page and the
    slides."""

    def story(length: int) -> str:
        step = {**STEP, key: "A" * length} if where == "step" else STEP
        told = {key: "A" * length} if where == "story" else {}
        return json.dumps({"title": "Long", **told, "steps": [step]})

    stories, problems = stories_beside(
        write_dir, **{"most.json": story(limit), "long.json": story(limit + 1)}
    )
    assert sorted(stories) == ["fine", "most"]
    (problem,) = problems
    assert problem.file.endswith("long.json") and problem.column == key
    assert f"is {limit + 1:,} characters long" in problem.message
    assert f"at most {limit:,}" in problem.message and len(str(problem)) < 300


@pytest.mark.parametrize(
    "name, text, line, key",
    [
        ("twice.yaml", GOOD_STORY.replace("title: Fine", "title: Fine\ntitle: Two"),
         2, "title"),
        ("step.yaml", GOOD_STORY.replace("end: 2025-12-08", "end: 2025-12-08, "
         "start: 2025-12-09"), 3, "start"),
        ("twice.json", '{"title": "Fine",\n "steps": [' + json.dumps(STEP)
         + '],\n "title": "Two"}', 3, "title"),
    ],
)  # fmt: skip
def test_story_key_given_twice_is_refused(write_dir, name, text, line, key):
    """YAML and JSON keep the last of two keys, unsaid: a step's second
    start silently replaced its first."""
    stories, problems = stories_beside(write_dir, **{name: text})
    assert list(stories) == ["fine"]
    (problem,) = problems
    assert (problem.line, problem.value) == (line, key)
    assert "given twice" in problem.message


@pytest.mark.parametrize("start", ['"2025-W50-1"', "20251208", '"20251208"'])
def test_story_dates_are_written_as_the_datas(write_dir, start):
    """Python's date.fromisoformat takes a week's day and digits alone, which
    the data's dates and docs/stories.md do not."""
    text = GOOD_STORY.replace("start: 2025-12-08", f"start: {start}")
    stories, problems = stories_beside(write_dir, **{"week.yaml": text})
    assert list(stories) == ["fine"]
    (problem,) = problems
    assert problem.line == 3 and problem.column == "start"
    assert "expected YYYY-MM-DD" in problem.message


@pytest.mark.parametrize(
    "start", ["2025-12-08 10:00:00", "2025-12-08T10:00:00Z", '"2025-12-08 10:00"']
)
def test_a_story_date_with_a_time_of_day_is_refused_quoted_or_not(write_dir, start):
    """Unquoted, YAML reads it as a date and time, and the time was cut off
    without a word, where the same words quoted were refused."""
    text = GOOD_STORY.replace("start: 2025-12-08", f"start: {start}")
    stories, problems = stories_beside(write_dir, **{"timed.yaml": text})
    assert list(stories) == ["fine"]
    (problem,) = problems
    assert problem.line == 3 and problem.column == "start"
    assert "a time of day is not kept: give the day alone" in problem.message


@pytest.mark.parametrize("start", ["2025-12-08 00:00:00", "2025-12-08T00:00:00Z"])
def test_a_story_date_at_midnight_is_its_day(write_dir, start):
    """What a spreadsheet writes for a day alone."""
    text = GOOD_STORY.replace("start: 2025-12-08", f"start: {start}")
    stories, problems = stories_beside(write_dir, **{"midnight.yaml": text})
    assert problems == [] and "midnight" in stories
    assert stories["midnight"].steps[0].start == date(2025, 12, 8)


def test_a_file_named_stories_is_a_problem(write_dir):
    """It was passed over, and the folder reported valid."""
    directory = write_dir()
    (directory / "stories").write_text(GOOD_STORY, encoding="utf-8")
    stories, problems = load_stories([directory], load_dataset(directory))
    assert stories == {}
    (problem,) = problems
    assert problem.file == str(directory / "stories")
    assert "stories go in a folder named stories/" in problem.message


# --- text fields ---------------------------------------------------------------


@pytest.mark.parametrize(
    "character",
    [
        "\x00",  # a cell's NUL: the rest of the file was left unchecked
        "\x07",
        "\x1b",
        "\x0b",
        "\r",
        "\x7f",
        "\x85",
        "\u2028",
        "\u2029",
        "\ufffe",
        "\uffff",
    ],
)
def test_control_characters_are_refused_with_file_line_column_and_value(
    write_dir, character
):
    actors = ACTORS.replace("Venezuela,state", f'"Venez{character}uela",state')
    problem = only_problem(write_dir(actors=actors))
    escaped = repr(character)[1:-1]
    assert (problem.file, problem.line, problem.column) == ("actors.csv", 3, "name")
    assert problem.value == f"Venez{escaped}uela"
    assert f"U+{ord(character):04X}" in problem.message
    assert escaped in str(problem) and character not in str(problem)


@pytest.mark.parametrize("stray_quote", [False, True])
def test_a_cell_over_the_csv_module_s_limit_is_one_problem_among_the_others(
    write_dir, stray_quote
):
    """A 200,000-character quote stopped `check` at its line ("field larger
    than field limit (131072)"), no column named and every later problem
    unsaid; read by Arrow, or by the csv module (a quote out of place)."""
    head, *rows = RELATIONS.splitlines()
    cells = next(csv.reader([rows[0]]))
    cells[head.split(",").index("quote")] = "x" * 200_000
    rows[0] = ",".join(f'"{cell}"' for cell in cells)
    rows[-1] = rows[-1].replace("2025-", "2025-13-", 1)  # a bad date after it
    if stray_quote:
        rows[1] = rows[1].replace(",", ',x"y', 1)
    problems = problems_of(write_dir(relations="\n".join([head, *rows]) + "\n"))
    found = {(p.line, p.column) for p in problems}
    assert (2, "quote") in found and any(line == len(rows) + 1 for line, _ in found)
    assert not any("field limit" in p.message for p in problems)


def test_a_utf16_file_is_said_not_to_be_csv(write_dir):
    """NUL bytes all through a file (UTF-16 text of ASCII letters, which is
    UTF-8 too): another format, said once, not a NUL in every cell."""
    ascii_only = ACTORS.encode("ascii", "ignore").decode("ascii")
    (problem,) = problems_of(write_dir(actors=ascii_only.encode("utf-16-le")))
    assert problem.file == "actors.csv" and "really a CSV file" in problem.message


@pytest.mark.parametrize("character", ["\x07", "\u2028", "\uffff"])
def test_a_column_name_with_a_control_character_is_refused(write_dir, character):
    """The XML exports write column names as attributes: one with a control
    character or a noncharacter passed `check`, then GraphML answered 500."""
    head, *rows = RELATIONS.splitlines()
    relations = "\n".join([f"{head},no{character}te", *(r + "," for r in rows)])
    problem = only_problem(write_dir(relations=relations + "\n"))
    assert (problem.file, problem.line) == ("relations.csv", 1)
    assert problem.column == "no" + repr(character)[1:-1] + "te"
    assert f"U+{ord(character):04X}" in problem.message


def test_tabs_and_line_breaks_are_text(write_dir):
    relations = RELATIONS.replace('"He called."', '"He\tcalled,\r\nthen left."')
    dataset = load_dataset(write_dir(relations=relations))
    assert dataset.relations.set_index("id").loc["r1", "quote"] == (
        "He\tcalled,\nthen left."
    )


@pytest.mark.parametrize(
    "file, column, limit",
    [
        ("actors.csv", "name", 120),
        ("actors.csv", "label", 60),
        ("actors.csv", "role", 200),
        ("actors.csv", "notes", 2_000),
        ("relations.csv", "quote", 2_000),
        ("relations.csv", "summary", 500),
        ("relations.csv", "reported_by", 300),
        ("relations.csv", "analyst_note", 2_000),  # a column of one's own
    ],
)
def test_each_field_has_a_length_limit(write_dir, file, column, limit):
    def with_value(value: str) -> Path:
        text = ACTORS if file == "actors.csv" else RELATIONS
        head, *rows = text.splitlines()
        if column in head.split(","):
            at = head.split(",").index(column)
            first = rows[1].split(",")
            first[at] = value
            rows[1] = ",".join(first)
        else:
            head += f",{column}"
            rows = [rows[0] + ",", rows[1] + "," + value] + [r + "," for r in rows[2:]]
        content = "\n".join([head, *rows]) + "\n"
        return write_dir(**{file.removesuffix(".csv"): content})

    load_dataset(with_value("x" * limit))  # at the limit: fine
    problem = only_problem(with_value("x" * (limit + 1)))
    assert (problem.file, problem.line, problem.column) == (file, 3, column)
    assert f"{limit + 1:,} characters" in problem.message
    assert len(problem.value) < 50  # a long value is shown shortened


def test_every_text_problem_is_reported_at_once_and_no_good_row_named(write_dir):
    actors = ACTORS.replace("Russia,state", "Rus\x01sia,state")
    actors = actors.replace("Venezuelan leader", "x" * 201)
    problems = problems_of(write_dir(actors=actors))
    assert {(p.line, p.column) for p in problems} == {(2, "name"), (5, "role")}


# --- dates and links ------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, column",
    [
        ("0001-01-01", "", "start"),
        ("9999-12-31", "", "start"),
        ("1899-12-31", "", "start"),
        ("2025-12-08", "2101-01-01", "end"),
        ("2025-12-08", "9999-12-31", "end"),
    ],
)
def test_dates_outside_1900_to_2100_are_refused(write_dir, start, end, column):
    relations = RELATIONS.replace("2025-12-08,,", f"{start},{end},")
    problem = only_problem(write_dir(relations=relations))
    assert (problem.line, problem.column) == (2, column)
    assert "1900-01-01 to 2100-12-31" in problem.message


@pytest.mark.parametrize("start", ["٢٠٢٥-12-08", "２０２５-12-08", "2025-１２-08"])
def test_dates_in_other_digits_are_refused(write_dir, start):
    """Python's \\d takes Arabic-Indic and full-width digits: such a date
    passed check and was exported as written, where the format says
    YYYY-MM-DD."""
    relations = RELATIONS.replace(
        "r1,putin,maduro,call,2025-12-08", f"r1,putin,maduro,call,{start}"
    )
    problem = only_problem(write_dir(relations=relations))
    assert (problem.line, problem.column, problem.value) == (2, "start", start)


def test_dates_at_the_ends_of_the_range_load(write_dir):
    relations = RELATIONS.replace("2025-12-08,,", "1900-01-01,2100-12-31,")
    dataset = load_dataset(write_dir(relations=relations))
    assert dataset.date_span == (date(1900, 1, 1), date(2100, 12, 31))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/a",
        "www.example.org",
        "http://",
        "http://[::1",
        "https://example.org:99999/a",
        "https://example.org:0/a",
        "https://example.org:port/a",
        "http://exa mple.org/",
    ],
)
def test_only_http_and_https_urls(write_dir, url):
    relations = RELATIONS.replace(",quote\n", ",quote,url\n")
    relations = relations.replace('called."\n', f'called.","{url}"\n')
    relations = relations.replace('force."\n', 'force.",https://example.org/x\n')
    problem = only_problem(write_dir(relations=relations))
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "relations.csv",
        2,
        "url",
        url,
    )


def test_a_url_with_a_port_loads(write_dir):
    relations = RELATIONS.replace(",quote\n", ",quote,url\n")
    relations = relations.replace('called."\n', 'called.",https://example.org:8443/a\n')
    relations = relations.replace('force."\n', 'force.",http://localhost:8050/x\n')
    urls = load_dataset(write_dir(relations=relations)).relations["url"]
    assert set(urls) >= {"https://example.org:8443/a", "http://localhost:8050/x"}


@pytest.mark.parametrize(
    ("file", "column", "message"),
    [
        ("actors.csv", "=1+2", "column name begins like a spreadsheet formula"),
        ("relations.csv", "@SUM(A1:A2)", "column name begins like a spreadsheet"),
        ("relations.csv", "precision", "is a column the app works out itself"),
        ("relations.csv", "hover", "is a column the app works out itself"),
        # the states-only view's: selecting an actor then answered 500
        ("relations.csv", "via_source", "is a column the app works out itself"),
    ],
)
def test_column_names_an_export_would_betray_are_refused(
    write_dir, file, column, message
):
    """Exports write the header as it is (a formula there ran in a
    spreadsheet), and a column named as one the app works out was replaced by
    the app's, in every export, without a word."""
    tables = {"actors.csv": ACTORS, "relations.csv": RELATIONS}
    header, _, rows = tables[file].partition("\n")
    tables[file] = f"{header},{column}\n" + "".join(
        f"{row},x\n" for row in rows.splitlines()
    )
    problem = only_problem(
        write_dir(actors=tables["actors.csv"], relations=tables["relations.csv"])
    )
    assert (problem.file, problem.line, problem.column) == (file, 1, column)
    assert problem.message.startswith(message)


def test_thousands_of_unknown_actors_are_all_reported_with_suggestions(tmp_path):
    ids = [f"a-{n:06d}" for n in range(5_000)]
    actors = "id,name,kind,country\n" + "".join(
        f"{i},Actor {i},organization,\n" for i in ids
    )
    rows = []
    for n in range(2_000):
        # typos and ids from another data set
        target = ids[n].replace("-", "_") if n % 2 else f"b-{n:06d}-x"
        rows.append(f"r{n},{ids[n + 1]},{target},call,2025-12-08,reported\n")
    relations = "id,source,target,kind,start,confidence\n" + "".join(rows)
    (tmp_path / "actors.csv").write_text(actors, encoding="utf-8")
    (tmp_path / "relations.csv").write_text(relations, encoding="utf-8")
    problems = problems_of(tmp_path)
    assert len(problems) == 2_000
    assert {p.column for p in problems} == {"target"}
    assert [p.line for p in problems] == list(range(2, 2_002))
    typo = next(p for p in problems if p.value == "a_000011")
    assert "did you mean 'a-000011'?" in typo.message
    assert all("names no actor" in p.message for p in problems)


# --- HTML in names, labels, roles and quotes ----------------------------------------

LINK = '<a href="http://x">L</a>'
BIG = '<span style="font-size:60px">big</span>'


@pytest.fixture
def marked_up(write_dir):
    """Prepared data whose texts hold Plotly's HTML subset."""
    actors = (
        "id,name,label,kind,country,role\n"
        "russia,Russia,,state,RUS,\n"
        "venezuela,Venezuela,,state,VEN,\n"
        f'putin,"{BIG.replace(chr(34), chr(34) * 2)}",'
        f'"{LINK.replace(chr(34), chr(34) * 2)}",person,RUS,"<b>President</b> & co"\n'
        "maduro,Nicolás Maduro,,person,VEN,Venezuelan leader\n"
    )
    relations = RELATIONS.replace(",call,", ",support,")  # a bloc, named for Putin
    relations = relations.replace('"He called."', f'"He said {BIG} & left."')
    relations = relations.replace(",quote\n", ",quote,reported_by\n")
    relations = relations.replace('left."\n', f'left.","{LINK.replace(chr(34), "")}"\n')
    relations = relations.replace('force."\n', 'force.",\n')
    dataset = load_dataset(write_dir(actors=actors, relations=relations))
    return prepare(dataset)


def as_json(figure: dict) -> str:
    """The figure's JSON with '<' kept as it is (plotly's encoder writes it
    \\u003c, which would hide a tag from the test)."""
    return json.dumps(figure, default=lambda value: value.tolist(), ensure_ascii=False)


def assert_escaped(text: str) -> None:
    assert "&lt;a href" in text and "&lt;span style" in text
    assert "<a href" not in text and "<span" not in text
    assert "&amp;lt;" not in text  # escaped once, not twice


@pytest.mark.parametrize("colour", ["country", "bloc"])
def test_html_in_texts_is_shown_escaped_on_map_and_graph(marked_up, colour):
    view = View(date(2025, 11, 1), date(2025, 12, 11), colour=colour)
    scene = make_scene(marked_up, view)
    for figure in (scene.map, scene.graph):
        assert_escaped(as_json(figure))


def test_html_in_texts_is_escaped_on_slides(marked_up):
    view = View(date(2025, 11, 1), date(2025, 12, 11), focus="putin")
    scene = make_scene(marked_up, view)
    slide = slide_figure(
        scene.graph,
        title=f"Title {LINK}",
        view=view,
        relations=scene.relations,
        names=marked_up.names,
        caption=f"Caption {BIG}",
    )
    text = as_json(slide)
    assert_escaped(text)
    notes = [note["text"] for note in slide["layout"]["annotations"]]
    assert any("Title &lt;a href" in note for note in notes)  # the title
    # the focus, named in the filters line
    assert any("&lt;a href" in note and "highlighted" in note for note in notes)


def test_html_in_names_is_escaped_in_the_busiest_pairs_of_a_large_view(marked_up):
    relations = marked_up.dataset.relations
    many = relations.loc[relations.index.repeat(400)].reset_index(drop=True)
    many["id"] = [f"m{n}" for n in range(len(many))]
    data = prepare(replace(marked_up.dataset, relations=many.drop(columns="hover")))
    scene = make_scene(data, View(date(2025, 11, 1), date(2025, 12, 11)))
    # pairs, each its own hover
    assert scene.map_words().startswith("drawn: each of the 2 pairs")
    assert_escaped(as_json(scene.graph))


def test_slide_text_in_a_pptx_deck_is_plain_text_not_escaped(marked_up, monkeypatch):
    from pptx import Presentation

    from dashboard.outputs import briefing

    # a blank picture: the figure's image is Kaleido's (integration tier)
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    monkeypatch.setattr(briefing, "render_image", lambda *args, **kwargs: png)
    view = View(date(2025, 11, 1), date(2025, 12, 11))
    slide = briefing.Slide(view=view, title=f"Title {LINK}", caption=f"See {BIG} & co")
    deck = Presentation(io.BytesIO(briefing.make_deck(marked_up, [slide])))
    texts = [
        shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame
    ]
    assert f"Title {LINK}" in texts and f"See {BIG} & co" in texts
    assert not any("&lt;" in text or "&amp;" in text for text in texts)


# --- direction marks -----------------------------------------------------------

RLO = "\u202e"  # right-to-left override: turns the text after it around


def left_open(text: str) -> int:
    """How many embeddings, overrides and isolates are still open at the end
    of ``text``."""
    return len(open_at(text, len(text)))


def open_at(text: str, end: int) -> list[str]:
    """The embeddings, overrides and isolates open before ``text[end]``, as
    Unicode's bidi algorithm closes them (a PDF closes an embedding or
    override, a PDI its isolate and all opened after it)."""
    stack: list[str] = []
    for character in text[:end]:
        if character in "\u202a\u202b\u202d\u202e":
            stack.append("embedding")
        elif character in "\u2066\u2067\u2068":
            stack.append("isolate")
        elif character == "\u202c" and stack and stack[-1] == "embedding":
            stack.pop()
        elif character == "\u2069" and "isolate" in stack:
            while stack.pop() != "isolate":
                pass
    return stack


def test_a_direction_mark_in_data_ends_with_its_text_in_an_arcs_hover():
    """A reporter or a name with a right-to-left override left open turned
    the hover's own words around: "6 relations" read "snoitaler 6"."""
    from dashboard.core.describe import pair_hover

    rows = [
        {"source": a, "target": b, "kind": "call", "stance": "neutral",
         "date_label": "1 Dec 2025", "confidence": "reported",
         "reported_by": f"X{RLO}Y", "quote": f"{RLO}txet"}
        for a, b in (("a", "b"), ("b", "a"))
    ]  # fmt: skip
    hover = pair_hover(rows, {"a": f"North {RLO}Carolina", "b": "B"})
    for line in hover.split("<br>"):
        assert left_open(line) == 0, line
    assert hover.count(RLO) == 5  # shown as written
    # nor does one name's turn the other around
    assert "embedding" not in open_at(hover, hover.index("⇄"))


def test_a_direction_mark_in_a_link_is_named_not_obeyed(bundled_data):
    """A link whose kinds held an RLO turned the notice's words around
    ("; showing all" read ".lla gniwohs ;")."""
    from dashboard.web.state import update_state
    from tests.unit.test_callbacks import STANCES, controls

    out = update_state(
        bundled_data, None, from_url=True, search="?kinds=%E2%80%AEllac",
        controls=controls(bundled_data), stance_ids=STANCES,
    )  # fmt: skip
    assert "\\u202ellac" in out["notice"] and RLO not in out["notice"]


def test_a_direction_mark_in_a_name_ends_with_it_in_the_details():
    """An actor's RLO turned the details' words after it around: the kind
    ("meeting" read "gniteem") and the source's document."""
    from dashboard.web.panels import _relation_item

    row = {"id": "r1", "source": "a", "target": "b", "kind": "meeting",
           "stance": "neutral", "confidence": "reported", "date_label": "1 Dec",
           "precision": "day", "reported_by": f"X{RLO}", "source_document": "Doc"}  # fmt: skip
    item = _relation_item(row, {"a": f"A{RLO}", "b": f"B{RLO}"}, compact=False)
    texts = []

    def collect(node):
        if isinstance(node, str):
            texts.append(node)
        for child in getattr(node, "children", None) or []:
            collect(child) if not isinstance(child, str) else texts.append(child)

    collect(item)
    assert sum(RLO in text for text in texts) == 2
    for text in texts:
        assert left_open(text) == 0, text


# --- right-to-left names ---------------------------------------------------------

#: Abbas (Arabic) and Netanyahu (Hebrew): names in right-to-left scripts, with
#: no direction mark of their own
ABBAS, NETANYAHU = "محمود عباس", "בנימין נתניהו"
RTL_NAMES = {"abbas": ABBAS, "netanyahu": NETANYAHU, "trump": "Donald Trump"}


def right_to_left_outside_isolates(text: str) -> bool:
    """Whether a letter of a right-to-left script stands in ``text`` outside
    any isolate: Unicode's bidi algorithm then gives the neutrals beside it
    (an arrow, a dash, a colon) its direction, and two such names around an
    arrow read the other way round ("עבאס → נתניהו" drawn "נתניהו → עבאס")."""
    depth = 0
    for character in text:
        if character in "\u2066\u2067\u2068":
            depth += 1
        elif character == "\u2069":
            depth = max(depth - 1, 0)
        elif not depth and ("\u0590" <= character <= "\u08ff"):
            return True
    return False


def test_right_to_left_names_keep_a_relations_direction_in_the_details():
    """Abbas's call to Netanyahu was listed as "1 Dec 2025 נתניהו → عباس:
    call" on the page: both names and the arrow ran right to left, so the
    relation read the wrong way round."""
    from dashboard.web.panels import _relation_item

    row = {"id": "r1", "source": "abbas", "target": "netanyahu", "kind": "call",
           "stance": "neutral", "confidence": "confirmed", "date_label": "1 Dec",
           "precision": "day", "reported_by": "الجزيرة", "source_document": ""}  # fmt: skip
    line = _relation_item(row, RTL_NAMES, compact=True).children[1]
    assert ABBAS in line and NETANYAHU in line
    assert not right_to_left_outside_isolates(line), line


def test_right_to_left_names_keep_a_paths_order():
    """A path from Abbas to Trump through Netanyahu read "נתניהו → عباس →
    Trump" in the Path tab: as if it went from Netanyahu through Abbas."""
    from dashboard.core.describe import chains_words

    heading, chains = chains_words(
        [["abbas", "netanyahu", "trump"]], ("abbas", "trump"), RTL_NAMES
    )
    for text in (heading, *chains):
        assert not right_to_left_outside_isolates(text), text


@pytest.mark.parametrize("which", ["hover", "timeline", "chip", "slide", "summary"])
def test_right_to_left_names_stay_in_their_place_beside_the_apps_words(which):
    """Every other text that sets two names or a name beside the app's own
    words: a relation's hover (who → whom), a pair's timeline, the
    neighbourhood's chip, a slide's filters (a path's ends), the summary."""
    import pandas as pd

    from dashboard.core.aggregate import count_pairs
    from dashboard.core.choices import filter_words
    from dashboard.core.codes import encode
    from dashboard.core.describe import relation_hover, summarise_view
    from dashboard.outputs.slides import filters_label

    view = View(date(2025, 1, 1), date(2025, 12, 31), focus="abbas", depth=1)
    row = {"source": "abbas", "target": "netanyahu", "kind": "call",
           "stance": "neutral", "confidence": "confirmed", "date_label": "1 Dec"}  # fmt: skip
    if which == "hover":
        text = relation_hover(row, RTL_NAMES)
    elif which == "timeline":
        from dashboard.web.panels import pair_timeline

        history = pd.DataFrame([{**row, "id": "r1", "first": pd.Timestamp("2025-12-01"),
                                 "last": pd.Timestamp("2025-12-01"), "precision": "day"}])  # fmt: skip
        timeline = pair_timeline(
            history,
            "abbas",
            "netanyahu",
            RTL_NAMES,
            (view.start, view.end),
            panel="path",
        )
        text = timeline.children[0].children
    elif which == "chip":
        text = filter_words(view, RTL_NAMES)["depth"]
    elif which == "slide":
        text = filters_label(replace(view, path=("abbas", "netanyahu")), RTL_NAMES)
    else:
        pairs = count_pairs(encode(pd.DataFrame([row])))
        text = summarise_view(date(2025, 12, 1), date(2025, 12, 11), pairs, RTL_NAMES)
    assert ABBAS in text or NETANYAHU in text
    assert not right_to_left_outside_isolates(text), text


# --- names written in other Unicode forms ------------------------------------------


@pytest.mark.parametrize(
    "typed", ["nicolas", "Nicol\u00e1s", "NICOLA\u0301S", "maduro"]
)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_name_is_found_however_its_accents_are_written_or_typed(typed, form):
    """A name saved decomposed (NFD: "a" and a combining accent, as macOS
    writes files) was not found by the same name typed on a keyboard, nor
    by "nicolas" without its accent."""
    import unicodedata

    from dashboard.core.describe import actor_options, matching_options

    actors = [{"id": "maduro", "name": unicodedata.normalize(form, "Nicolás Maduro"),
               "label": "Maduro"}, {"id": "putin", "name": "Vladimir Putin"}]  # fmt: skip
    found = matching_options(actor_options(actors), typed, None)
    assert [option["value"] for option in found] == ["maduro"]


def _menu_shows(option: dict, typed: str) -> bool:
    """Whether a Dash menu's own search shows ``option`` for ``typed``: each
    word typed is part of a word of its label or ``search``, in any case."""
    words = f"{option['label']} {option.get('search', '')}".lower().split()
    return all(any(t in word for word in words) for t in typed.lower().split())


@pytest.mark.parametrize("typed", ["Lukashénko", "LUKASHENKO", "Aléxander Luka"])
@pytest.mark.parametrize("every", [True, False])  # small data; large
def test_a_name_typed_with_accents_the_data_lacks_is_found(typed, every):
    """ "Lukashénko" found "Alexander Lukashenko" on the server (large data)
    but the menu searched what it was given again, letter for letter, and
    hid it; with every name in the page (small data) nothing folded at all."""
    from dashboard.core.describe import actor_options, menu_options

    actors = [{"id": "lukashenko", "name": "Alexander Lukashenko",
               "label": "Lukashenko"}, {"id": "putin", "name": "Vladimir Putin"}]  # fmt: skip
    found = menu_options(actor_options(actors), typed, None, every)
    assert [o["value"] for o in found if _menu_shows(o, typed)] == ["lukashenko"]


def test_the_page_of_small_data_folds_what_is_typed_in_its_menus(bundled_dataset):
    from dashboard.web.app import create_app

    app = create_app(dataset=bundled_dataset)
    for menu in ("actor-search", "path-from", "path-to"):
        callback = app.callback_map[f"{menu}.options"]["callback"].__wrapped__
        found = callback("Lukashénko", None)
        assert [o["value"] for o in found if _menu_shows(o, "Lukashénko")] == [
            "lukashenko"
        ]
        assert len(callback(None, "lukashenko")) == len(bundled_dataset.actors)


# --- links ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "search, said",
    [
        ("?start=2019-01-01&end=2019-12-31&start=2025-12-01", "start given 2 times"),
        ("?kinds=call&kinds=", "kinds given 2 times ('call', '')"),
    ],
)
def test_a_parameter_given_twice_is_said(bundled_data, search, said):
    """A link pasted onto another gave the window twice, or the kinds: the
    last was used without a word (``kinds=call&kinds=`` showed no relation
    at all)."""
    from dashboard.web.state import update_state
    from tests.unit.test_callbacks import STANCES, controls

    out = update_state(
        bundled_data, None, from_url=True, search=search,
        controls=controls(bundled_data), stance_ids=STANCES,
    )  # fmt: skip
    assert said in out["notice"] and "the last used" in out["notice"]


@pytest.mark.parametrize("unseen", ["\u200b", "\u200d", "\u2060", "\u200f", "\ufeff"])
def test_an_invisible_character_is_written_out_in_the_problem(write_dir, unseen):
    """An id copied from a web page with a zero-width space in it was
    reported as "'putin' names no actor in actors.csv", beside the actor
    putin: the message showed nothing of what was wrong."""
    problem = only_problem(
        write_dir(relations=RELATIONS.replace("r1,putin,", f"r1,putin{unseen},"))
    )
    assert f"'putin\\u{ord(unseen):04x}'" in str(problem), str(problem)


def test_right_to_left_sources_keep_their_order_on_a_slide():
    """An image's source line of a Hebrew and an Arabic document read
    "...de مقالة في ;ידיעות אחרונות IRNA": the two titles ran together as one
    right-to-left run, the "; " between them moved, and the reader took one
    title's words for the other's."""
    import pandas as pd

    from dashboard.outputs.slides import sources_label

    documents = ["ידיעות אחרונות", "مقالة في IRNA", "Reuters"]
    relations = pd.DataFrame({"source_document": documents, "origin": ["RTL test"] * 3})
    label = sources_label(relations)
    assert not right_to_left_outside_isolates(label), label
    assert [part.strip("\u2068\u2069") for part in label.split("; ")] == documents
