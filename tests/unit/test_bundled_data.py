"""The bundled data validates, traces to the article and holds each of its facts."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from tests.conftest import BUNDLED, SOURCE_TEXT


@pytest.fixture
def relations(bundled_dataset):
    return bundled_dataset.relations


def find(relations, source, target, kind):
    found = relations[
        (relations["source"] == source)
        & (relations["target"] == target)
        & (relations["kind"] == kind)
    ]
    assert len(found), f"no {kind} from {source} to {target}"
    return found


def test_every_quote_is_verbatim_from_the_article(relations):
    # the article's text is in tests/fixtures/, so that this runs offline
    article = SOURCE_TEXT.read_text(encoding="utf-8")
    for quote, relation_id in zip(relations["quote"], relations["id"]):
        assert quote and quote in article, relation_id


def test_check_command_finds_every_quote_in_the_article(capsys):
    assert main(["check", str(BUNDLED), "--source", str(SOURCE_TEXT)]) == 0
    out = capsys.readouterr().out
    assert "quotes: all 27 found verbatim in 1 source document" in out


def test_every_relation_is_sourced(relations):
    assert (relations["reported_by"] != "").all()
    assert relations["source_document"].str.startswith("Guacamaya, 11 Dec 2025").all()


def test_relative_dates_are_marked_approximate_with_a_note(relations):
    approximate = relations[relations["approximate"]]
    assert len(approximate) >= 15
    assert (approximate["date_note"] != "").all()


@pytest.mark.parametrize(
    "source, target, kind, first, precision, confidence",
    [
        ("putin", "maduro", "call", "2025-12-08", "between", "confirmed"),
        ("putin", "maduro", "support", "2025-12-08", "between", "confirmed"),
        ("maduro", "trump", "call", "2025-11-21", "day", "reported"),
        ("lukashenko", "maduro", "agreement", "2025-11-21", "between", "reported"),
        ("lukashenko", "maduro", "invitation", "2025-12-11", "as-of", "confirmed"),
        ("lukashenko", "maduro", "negotiation", "2025-12-08", "between", "speculative"),
        (
            "united-states",
            "maduro",
            "non-recognition",
            "2025-12-11",
            "as-of",
            "confirmed",
        ),
        (
            "united-states",
            "venezuela",
            "military pressure",
            "2025-09-01",
            "month",
            "confirmed",
        ),
        ("trump", "maduro", "threat", "2025-11-12", "between", "confirmed"),
        ("russia", "united-states", "warning", "2025-12-01", "between", "confirmed"),
        ("venezuela", "cian", "hosting", "2025-12-08", "between", "confirmed"),
        ("russia", "venezuela", "treaty", "2025-11-01", "month", "confirmed"),
        ("lukashenko", "russia", "alliance", "2025-12-11", "as-of", "confirmed"),
        ("lukashenko", "united-states", "dialogue", "2025-09-01", "month", "confirmed"),
        (
            "united-states",
            "belarus",
            "sanctions relief",
            "2025-12-11",
            "as-of",
            "confirmed",
        ),
        ("united-states", "belarus", "sanctions", "2025-12-11", "as-of", "confirmed"),
        (
            "united-states",
            "coale",
            "envoy appointment",
            "2025-01-01",
            "year",
            "confirmed",
        ),
        ("coale", "belarus", "negotiation", "2025-01-01", "year", "confirmed"),
        ("maduro", "erdogan", "call", "2025-12-01", "between", "confirmed"),
        ("maduro", "turkey", "refuge", "2025-12-01", "between", "speculative"),
        (
            "turkish-airlines",
            "venezuela",
            "economic cooperation",
            "2025-12-01",
            "between",
            "reported",
        ),
        ("russia", "maduro", "support", "2019-01-01", "year", "confirmed"),
        ("united-states", "maduro", "pressure", "2019-01-01", "year", "confirmed"),
    ],
)
def test_article_fact_present_with_date(
    relations, source, target, kind, first, precision, confidence
):
    row = find(relations, source, target, kind).iloc[0]
    assert str(row["first"].date()) == first
    assert row["precision"] == precision
    assert row["confidence"] == confidence


def test_two_minsk_meetings_17_days_apart(relations):
    meetings = find(relations, "lukashenko", "salazar", "meeting").sort_values("first")
    assert len(meetings) == 2
    # each meeting is known to a span of days; the spans sit 17 days apart
    assert (meetings["first"].iloc[1] - meetings["first"].iloc[0]).days == 17
    assert (meetings["last"].iloc[1] - meetings["last"].iloc[0]).days == 17
    assert list(meetings["date_label"]) == [
        "between 21 and 24 Nov 2025",
        "between 8 and 11 Dec 2025",
    ]


def test_nothing_reaches_past_the_article(relations):
    assert relations["last"].max().date().isoformat() == "2025-12-11"
    # standing facts say "as of" the article, not a start date
    standing = relations.set_index("id").loc["r13"]
    assert standing["date_label"] == "as of 11 Dec 2025 – ongoing"


def test_trump_call_quotes_the_amnesty(relations):
    quote = find(relations, "maduro", "trump", "call")["quote"].iloc[0]
    assert "November 21" in quote and "amnesty" in quote


def test_check_command_summarises_valid_data(capsys):
    assert main(["check", str(BUNDLED)]) == 0
    out = capsys.readouterr().out
    assert "14 actors" in out and "27 relations" in out


def test_check_command_lists_every_problem(write_dir, capsys):
    directory = write_dir(
        actors="id,name,kind,country\nx,X,stat,RUS\n", relations="id\n"
    )
    assert main(["check", str(directory)]) == 1
    err = capsys.readouterr().err
    assert "actors.csv, line 2, column 'kind': 'stat'" in err
    assert "relations.csv, line 1, column 'source'" in err
    assert "Traceback" not in err


def test_data_format_documents_every_kind():
    from dashboard.core.vocabulary import ACTOR_KINDS, RELATION_KINDS
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for kind in RELATION_KINDS.values():
        row = f"| {kind.name} | {kind.stance} | {', '.join(kind.cameo_roots)} |"
        assert row in doc, kind.name
    for kind in ACTOR_KINDS:
        assert f"`{kind}`" in doc, kind


def test_the_first_minsk_meeting_step_quotes_the_first_meeting(bundled_dataset):
    """Step 5 is the first Minsk meeting: r05's quote speaks of the second
    ("for the second time in 17 days"), r06's of what the first agreed."""
    from dashboard.core.stories import load_stories

    stories, problems = load_stories([BUNDLED], bundled_dataset)
    step = stories["guacamaya"].steps[4]
    assert problems == [] and "first Minsk meeting" in step.title
    quote = bundled_dataset.relations.set_index("id").loc[step.quote, "quote"]
    assert "first meeting" in quote and "second time" not in quote


def test_check_takes_several_directories_as_the_app_shows_them(tmp_path, capsys):
    """An analyst's own directory, shown beside the article's (`app.py --data
    data --data mine`): valid alone, but its 'putin' is an organization where
    the article's is a person, which only the two together show. `check`
    takes both, as the app loads them: the clash named with its directory;
    fixed, the actors merged by id."""
    mine = tmp_path / "mine"
    mine.mkdir()
    actors = (
        "id,name,kind,country\nputin,Vladimir Putin,{kind},RUS\n"
        "desk,Analyst desk,organization,\n"
    )
    (mine / "actors.csv").write_text(actors.format(kind="organization"))
    (mine / "relations.csv").write_text(
        "id,source,target,kind,start,summary,reported_by,quote,confidence\n"
        "m1,desk,putin,statement,2025-12-12,The desk notes Putin.,Desk,,reported\n"
    )
    assert main(["check", str(mine)]) == 0
    capsys.readouterr()
    assert main(["check", str(BUNDLED), str(mine)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{BUNDLED} + {mine}: ") and "mine/actors.csv" in err
    assert "'putin'" in err and "give one of them another id" in err
    (mine / "actors.csv").write_text(actors.format(kind="person"))
    assert main(["check", str(BUNDLED), str(mine)]) == 0
    out = capsys.readouterr().out
    assert f"{BUNDLED} + {mine}: valid" in out
    assert "15 actors" in out and "28 relations" in out  # Putin once
