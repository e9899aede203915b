"""Importers on real ICEWS rows and on GDELT rows written from the documented layout."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.core.cameo import CAMEO_KINDS, quad_class
from dashboard.core.cameo import stance as cameo_stance
from dashboard.core.load import load_dataset
from dashboard.core.vocabulary import RELATION_KINDS
from dashboard.importing.events import import_events
from dashboard.importing.gdelt import GDELT_LAYOUTS
from dashboard.importing.icews import _icews_actor, country_code
from tests.conftest import ICEWS_SAMPLE

GDELT_SAMPLE = (
    Path(__file__).parents[1] / "fixtures" / "gdelt" / "20150218230000.export.CSV.zip"
)


def gdelt_row(columns: int = 61, **values) -> str:
    """One tab-separated GDELT events row; unnamed fields are empty."""
    names = GDELT_LAYOUTS[columns][1]
    defaults = {
        "GLOBALEVENTID": "1", "SQLDATE": "20251121", "Actor1CountryCode": "VEN",
        "Actor2CountryCode": "USA", "Actor1Name": "VENEZUELA", "Actor2Name": "UNITED STATES",
        "EventCode": "040", "EventBaseCode": "040", "EventRootCode": "04", "QuadClass": "1",
        "GoldsteinScale": "1.0", "NumMentions": "4", "NumSources": "2", "NumArticles": "4",
        "AvgTone": "-1.5", "SOURCEURL": "https://news.example.org/story",
        "Actor1Geo_CountryCode": "VE", "Actor2Geo_CountryCode": "US",
    }  # fmt: skip
    defaults.update(values)
    return "\t".join(defaults.get(name, "") for name in names)


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def icews():
    return import_events("icews", [ICEWS_SAMPLE])


def test_icews_sample_rows_are_all_accounted_for(icews):
    _, relations, report = icews
    assert report.rows == 253  # of the sample's 3,705: see tests/fixtures/README.md
    skipped = sum(report.skipped.values())
    bad = sum(count for count, _ in report.bad.values())
    assert report.kept + skipped + bad == report.rows
    # the one row of "Crimea" (a place: Russia) on "Citizen (Russia)" is inside Russia
    assert report.kept == 71 and len(relations) == report.relations == 53
    assert report.skipped["outside the chosen countries"] == 141
    assert bad == 0  # every country name in the sample is known


def test_icews_russia_to_united_states(icews):
    actors, relations, _ = icews
    country = dict(zip(actors["id"], actors["country"]))
    pair = relations[
        (relations["source"].map(country) == "RUS")
        & (relations["target"].map(country) == "USA")
    ]
    # the sample's README counts 14 such events, on 1 and 2 June 2018
    assert pair["report_count"].sum() == 14
    assert set(pair["start"]) == {"2018-06-01", "2018-06-02"}
    lavrov = actors.set_index("id").loc["sergey-viktorovich-lavrov"]
    assert (lavrov["kind"], lavrov["country"]) == ("person", "RUS")
    # a generic actor such as "Foreign Affairs (Russia)" becomes the state
    assert "foreign-affairs-russia" not in set(actors["id"])


def test_icews_codes_keep_leading_zeros_and_map_to_kinds(icews):
    _, relations, _ = icews
    row = relations[relations["cameo_code"] == "042"].iloc[0]
    assert (row["kind"], row["stance"], row["quad_class"]) == (
        "meeting",
        "cooperative",
        1,
    )
    assert (relations["confidence"] == "reported").all()


def test_icews_a_country_named_otherwise_is_its_state(tmp_path):
    """Real rows: ICEWS writes "Netherlands" and "Swaziland", the gazetteer
    "The Netherlands" and "Eswatini"; each had become a person beside its
    own state (two Netherlands nodes, rankings split, none in the overview)."""
    header = ICEWS_SAMPLE.read_text(encoding="utf-8").splitlines()[0]
    rows = [
        "32900239\t2018-06-02\tNetherlands\tNA\tNetherlands\tReduce relations"
        "\t160\t-4\tPoland\tNA\tPoland\t47410643\t6\tAgence Europe\tNA\tNA"
        "\tNA\tNetherlands\t52.374\t4.88969",
        "32887934\t2018-06-01\tForeign Affairs (Netherlands)\tForeign Ministry,"
        "Executive,Government\tNetherlands\tMake a visit\t042\t1.9\tPeter Gajdos"
        "\tDefense / Security Ministry,Government,Executive\tSlovakia\t47405305\t1"
        "\tTASR - Tlacova Agentura Slovenskej Republiky\tBratislava\tNA"
        "\tBratislavsky kraj\tSlovakia\t48.1482\t17.1067",
        "32890564\t2018-06-01\tWang Yi\tGovernment,Executive,Foreign Ministry"
        "\tChina\tMake an appeal or request\t020\t3\tSwaziland\tNA\tSwaziland"
        "\t47402180\t4\tReuters News\tBeijing\tNA\tBeijing Shi\tChina"
        "\t39.9075\t116.397",
    ]
    path = write(tmp_path, "named.tab", [header, *rows])
    actors, relations, _ = import_events(
        "icews", [path], countries=("NLD", "POL", "SVK", "CHN", "SWZ")
    )
    kinds = actors.groupby("country")["kind"].apply(sorted).to_dict()
    assert kinds["NLD"] == ["state"] and kinds["SWZ"] == ["state"]
    dutch = actors.loc[actors["country"] == "NLD", "id"].item()
    assert (relations["source"] == dutch).sum() == 2


def test_icews_a_place_is_its_state_not_a_person(tmp_path):
    """Real rows: ICEWS codes the region "Crimea" as an actor without sectors;
    it had become a person of Russia (a ● node, among the people in the
    rankings and the actor filter). People without sectors stay people."""
    lines = ICEWS_SAMPLE.read_text(encoding="utf-8").splitlines()
    crimea = next(line for line in lines if line.split("\t")[2] == "Crimea")
    # the same row on a state of another country, so that it is not inside one
    on_turkey = "\t".join(
        value if n not in (8, 9, 10) else ("Turkey", "NA", "Turkey")[n - 8]
        for n, value in enumerate(crimea.split("\t"))
    )
    oneill = next(line for line in lines if line.split("\t")[2] == "Michelle O'Neill")
    path = write(tmp_path, "places.tab", [lines[0], crimea, on_turkey, oneill])
    actors, relations, report = import_events("icews", [path])
    assert "crimea" not in set(actors["id"])
    assert report.skipped["inside one actor (both ends the same)"] == 1
    pairs = set(zip(relations["source"], relations["target"]))
    assert pairs == {("russia", "turkey"), ("michelle-o-neill", "united-states")}
    assert actors.set_index("id").loc["michelle-o-neill", "kind"] == "person"


def test_icews_places_of_several_words_are_their_states_not_people(tmp_path):
    """ICEWS codes regions as actors without sectors, and only those of one
    word ("Crimea") were taken for places: "Indian Administered Kashmir",
    "West Bank" or "Northern Ireland" became people, each a ● node beside its
    state. Rows as ICEWS writes them (the sample's own shape); a person
    without sectors ("Michelle O'Neill", a real row) stays a person."""
    header = ICEWS_SAMPLE.read_text(encoding="utf-8").splitlines()[0]

    def row(number, source, source_country, target, target_country):
        return "\t".join([
            str(32900000 + number), "2018-06-01", source, "NA", source_country,
            "Make an appeal or request", "020", "3", target, "NA",
            target_country, str(47400000 + number), "1", "Reuters News", "NA",
            "NA", "NA", source_country, "0", "0",
        ])  # fmt: skip

    rows = [
        row(1, "Indian Administered Kashmir", "India", "Pakistan", "Pakistan"),
        row(2, "West Bank", "Occupied Palestinian Territory", "Israel", "Israel"),
        row(3, "Gaza Strip", "Occupied Palestinian Territory", "Egypt", "Egypt"),
        row(4, "Northern Ireland", "United Kingdom", "Ireland", "Ireland"),
        row(5, "Republika Srpska", "Bosnia and Herzegovina", "Serbia", "Serbia"),
        row(6, "Michelle O'Neill", "United States", "Ireland", "Ireland"),
    ]
    path = write(tmp_path, "places.tab", [header, *rows])
    countries = ("IND", "PAK", "PSE", "ISR", "EGY", "GBR", "IRL", "BIH", "SRB",
                 "USA")  # fmt: skip
    actors, relations, _ = import_events("icews", [path], countries=countries)
    kinds = dict(zip(actors["id"], actors["kind"]))
    assert {id for id, kind in kinds.items() if kind != "state"} == {"michelle-o-neill"}
    country = dict(zip(actors["id"], actors["country"]))
    pairs = {(country[a], country[b])
             for a, b in zip(relations["source"], relations["target"])}  # fmt: skip
    assert pairs == {("IND", "PAK"), ("PSE", "ISR"), ("PSE", "EGY"),
                     ("GBR", "IRL"), ("BIH", "SRB"), ("USA", "IRL")}  # fmt: skip


@pytest.mark.parametrize(
    "name, country",
    [("Central Bank", "Venezuela"), ("Central Committee", "China"),
     ("Northern Alliance", "Afghanistan"), ("Upper House", "United Kingdom"),
     ("Lower Chamber", "Russian Federation")],
)  # fmt: skip
def test_icews_an_organisation_named_for_a_side_is_not_its_state(name, country):
    """A name of a side's word and another ("Northern Ireland") is a place,
    its country's state: "Central Bank" or "Upper House" without sectors
    had become the state too, its relations the country's own."""
    actor_id, actor_name, kind = _icews_actor(name, country_code(country), "NA")
    assert (actor_name, kind) == (name, "organization")
    # a place of the same shape is still its state
    assert _icews_actor("Northern Ireland", "GBR", "NA")[2] == "state"


def test_icews_import_command_writes_a_valid_directory(tmp_path, capsys):
    assert main(["import", "icews", str(ICEWS_SAMPLE), "--out", str(tmp_path)]) == 0
    dataset = load_dataset(tmp_path)
    assert len(dataset.relations) == 53
    assert "read 253 rows" in capsys.readouterr().out
    # extra columns are kept and typed as text, leading zeros intact
    assert set(dataset.relations["cameo_code"]) >= {"042", "043"}


def test_icews_bad_rows_are_counted_by_reason(tmp_path):
    lines = ICEWS_SAMPLE.read_text(encoding="utf-8").splitlines()[:4]
    bad_date = lines[1].replace("2018-06-01", "2018-13-01", 1)
    short = "\t".join(lines[2].split("\t")[:12])
    unknown = lines[3].replace("\t014\t", "\t999\t")
    path = write(tmp_path, "bad.tab", [lines[0], bad_date, short, unknown])
    _, _, report = import_events("icews", [path], countries=("BGD", "VNM"))
    assert report.bad["bad date in Event Date"] == [1, ["bad.tab:2 '2018-13-01'"]]
    assert report.bad["wrong number of fields (expected 20)"] == [1, ["bad.tab:3 (12)"]]
    assert list(report.bad["unknown CAMEO code"]) == [1, ["bad.tab:4 '999'"]]


def test_icews_rows_a_spreadsheet_saved_are_read_or_said_so(tmp_path):
    """Saved from a spreadsheet: a row with an empty cell after the last
    column was dropped as "wrong number of fields", the event whole; a code
    whose leading zero the spreadsheet dropped ('40' for '040') was "unknown"
    with no word of why."""
    lines = ICEWS_SAMPLE.read_text(encoding="utf-8").splitlines()[:4]
    trailing = lines[1] + "\t"
    zero_lost = lines[3].replace("\t014\t", "\t14\t")
    assert zero_lost != lines[3]
    path = write(tmp_path, "saved.tab", [lines[0], trailing, lines[2], zero_lost])
    _, _, whole = import_events(
        "icews", [write(tmp_path, "whole.tab", lines[:3])], countries=("BGD", "VNM")
    )
    _, _, report = import_events("icews", [path], countries=("BGD", "VNM"))
    assert report.kept == whole.kept and report.rows == 3
    assert report.changed == {"empty cells after the last column dropped": 1}
    ((reason, (count, where)),) = report.bad.items()
    assert "leading zero lost" in reason and where == ["saved.tab:4 '14'"]


@pytest.mark.parametrize("columns, origin", [(61, "GDELT 2.0"), (58, "GDELT 1.0")])
def test_gdelt_csv(tmp_path, columns, origin):
    assert GDELT_LAYOUTS[columns][0] == origin
    path = write(tmp_path, "20251121.export.CSV", [
        gdelt_row(columns, GLOBALEVENTID="1"),
        gdelt_row(columns, GLOBALEVENTID="2", SOURCEURL="https://other.example.com/x"),
        gdelt_row(columns, GLOBALEVENTID="3", Actor2CountryCode="CHN"),
        gdelt_row(columns, GLOBALEVENTID="4", EventCode="173", EventRootCode="17",
                  QuadClass="4", Actor1CountryCode="RUS", Actor2CountryCode="TUR"),
    ])  # fmt: skip
    actors, relations, report = import_events("gdelt", [path])
    assert (report.rows, report.kept, report.relations) == (4, 3, 2)
    assert report.skipped == {"outside the chosen countries": 1}
    merged = relations[relations["report_count"] == 2].iloc[0]
    # two reports of one call: one relation, sources and reporters added up
    assert (merged["source"], merged["target"], merged["kind"]) == (
        "venezuela",
        "united-states",
        "meeting",
    )
    assert merged["source_count"] == 4 and merged["start"] == "2025-11-21"
    assert merged["reported_by"] == "news.example.org; other.example.com"
    coerce = relations[relations["cameo_code"] == "173"].iloc[0]
    assert (coerce["kind"], coerce["stance"]) == ("pressure", "conflictual")
    assert set(actors["id"]) == {"venezuela", "united-states", "russia", "turkey"}


def test_gdelt_reports_of_one_article_are_one_source(tmp_path):
    """GDELT's first file codes one dw.de article as two events Minsk ->
    Russia (410412686, 410412687, NumSources 1 each): one relation from one
    source, not "2 sources" (the evidence filter's threshold)."""
    dw = "http://www.dw.de/debaltseve-under-rebel-control-ukraine-troops-retreat/a-18267982"
    minsk = dict(SQLDATE="20150218", Actor1Name="MINSK", Actor1CountryCode="BLR",
                 Actor2Name="RUSSIA", Actor2CountryCode="RUS", EventCode="1056",
                 EventRootCode="10", QuadClass="3", NumSources="1", SOURCEURL=dw)  # fmt: skip
    path = write(tmp_path, "20150218230000.export.CSV", [
        gdelt_row(GLOBALEVENTID="410412686", **minsk),
        gdelt_row(GLOBALEVENTID="410412687", **minsk),
    ])  # fmt: skip
    _, relations, _ = import_events("gdelt", [path])
    assert relations["report_count"].tolist() == [2]
    assert relations["source_count"].tolist() == [1]


def test_gdelt_summaries_say_what_was_done_in_the_code_book_s_words(tmp_path):
    """GDELT rows carry a bare CAMEO code: "MINSK → RUSSIA: CAMEO 1056" told
    an analyst nothing. A code the book does not list is named by its parent."""
    path = write(tmp_path, "20150218230000.export.CSV", [
        gdelt_row(GLOBALEVENTID="1", Actor1Name="MINSK", Actor1CountryCode="BLR",
                  Actor2Name="RUSSIA", Actor2CountryCode="RUS", EventCode="1056",
                  EventRootCode="10", QuadClass="3"),
        gdelt_row(GLOBALEVENTID="2", EventCode="0429"),
        gdelt_row(GLOBALEVENTID="3", EventCode="114", Actor2Name=""),
    ])  # fmt: skip
    _, relations, _ = import_events("gdelt", [path])
    assert sorted(relations["summary"]) == [
        "MINSK → RUSSIA: Demand de-escalation of military engagement (CAMEO 1056)",
        "VENEZUELA → UNITED STATES: Make a visit (CAMEO 0429)",
        "VENEZUELA → USA: Complain officially (CAMEO 114)",
    ]


def test_cooperating_militarily_is_military_not_economic_cooperation(tmp_path):
    """CAMEO's "062 Cooperate militarily" is under "06 Engage in material
    cooperation", whose kind is economic cooperation: it was drawn as trade."""
    path = write(tmp_path, "20251121.export.CSV", [
        gdelt_row(GLOBALEVENTID="1", EventCode="062", EventRootCode="06", QuadClass="2"),
        gdelt_row(GLOBALEVENTID="2", EventCode="061", EventRootCode="06", QuadClass="2"),
    ])  # fmt: skip
    _, relations, _ = import_events("gdelt", [path])
    kinds = dict(zip(relations["cameo_code"], relations["kind"]))
    assert kinds == {"062": "military cooperation", "061": "economic cooperation"}
    assert set(relations["stance"]) == {"cooperative"}


def test_gdelt_zip_as_downloaded(tmp_path):
    csv_path = write(
        tmp_path,
        "20251121.export.CSV",
        [gdelt_row(), gdelt_row(GLOBALEVENTID="2", SQLDATE="20251122")],
    )
    archive = tmp_path / "20251121.export.CSV.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(csv_path, csv_path.name)
    _, relations, report = import_events("gdelt", [archive])
    assert report.relations == 2 and sorted(relations["start"]) == [
        "2025-11-21",
        "2025-11-22",
    ]


def test_gdelt_bad_rows_never_stop_the_import(tmp_path):
    path = write(tmp_path, "mixed.CSV", [
        gdelt_row(),
        "1\t2\t3",
        gdelt_row(SQLDATE="2025-11-21"),
        gdelt_row(EventCode="999", EventRootCode="99"),
        gdelt_row(GLOBALEVENTID="5", SQLDATE="20251123"),
    ])  # fmt: skip
    _, relations, report = import_events("gdelt", [path])
    assert report.relations == 2
    assert report.bad["wrong number of fields (expected 61 or 58)"] == [
        1,
        ["mixed.CSV:2 (3)"],
    ]
    assert report.bad["bad date in SQLDATE"][1] == ["mixed.CSV:3 '2025-11-21'"]
    assert report.bad["unknown CAMEO event code"][1] == ["mixed.CSV:4 '999'"]


def test_gdelt_filters(tmp_path):
    path = write(tmp_path, "f.CSV", [
        gdelt_row(GLOBALEVENTID="1", SQLDATE="20251101", NumSources="1"),
        gdelt_row(GLOBALEVENTID="2", SQLDATE="20251121", NumSources="5"),
        gdelt_row(GLOBALEVENTID="3", SQLDATE="20251201", NumSources="5"),
    ])  # fmt: skip
    _, relations, report = import_events(
        "gdelt",
        [path],
        since=date(2025, 11, 10),
        until=date(2025, 11, 30),
        min_sources=2,
    )
    assert list(relations["start"]) == ["2025-11-21"]
    assert report.skipped == {"before --since": 1, "after --until": 1}


def test_min_sources_counts_a_relation_s_sources_as_the_page_does(icews, tmp_path):
    """--min-sources keeps the relations whose source_count reaches it, once
    merged. It was asked of each row: an ICEWS row has one publisher, so
    README's `import icews ... --min-sources 2` kept nothing of the sample's
    eight relations of two or three publishers, and two GDELT articles of one
    source each, one event, were dropped though the page counts 2 sources."""
    _, everything, _ = icews
    _, relations, report = import_events("icews", [ICEWS_SAMPLE], min_sources=2)
    wanted = everything[everything["source_count"] >= 2]
    assert len(relations) == len(wanted) == 8
    assert sorted(relations["report_count"]) == sorted(wanted["report_count"])
    skipped = sum(report.skipped.values())
    bad = sum(count for count, _ in report.bad.values())
    assert report.kept + skipped + bad == report.rows == 253
    assert report.kept == relations["report_count"].sum()

    one = dict(NumSources="1", SQLDATE="20251121")
    path = write(tmp_path, "two.CSV", [
        gdelt_row(GLOBALEVENTID="1", SOURCEURL="https://a.example.org/1", **one),
        gdelt_row(GLOBALEVENTID="2", SOURCEURL="https://b.example.org/2", **one),
        gdelt_row(GLOBALEVENTID="3", SQLDATE="20251122", NumSources="1"),
    ])  # fmt: skip
    _, relations, report = import_events("gdelt", [path], min_sources=2)
    assert relations[["start", "source_count"]].values.tolist() == [["2025-11-21", 2]]
    assert report.skipped == {"fewer sources than --min-sources": 1}


def test_min_sources_is_0_or_more(tmp_path, capsys):
    """0 keeps the events GDELT counts no source for (NumSources blank), which
    1, the default, drops; less was accepted, a slip ("-1") unsaid."""
    path = write(tmp_path, "none.CSV", [gdelt_row(NumSources="")])
    assert len(import_events("gdelt", [path], min_sources=0)[1]) == 1
    assert len(import_events("gdelt", [path])[1]) == 0
    out = str(tmp_path / "out")
    with pytest.raises(SystemExit) as stop:
        main(["import", "gdelt", str(path), "--out", out, "--min-sources", "-1"])
    assert stop.value.code == 2
    assert "--min-sources: -1: give 0 or more" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_import_exits_non_zero_only_when_nothing_is_usable(tmp_path, capsys):
    empty = write(tmp_path, "bad.CSV", ["not\tgdelt"])
    assert main(["import", "gdelt", str(empty), "--out", str(tmp_path / "out")]) == 1
    assert "no data directory written" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_import_that_keeps_nothing_says_which_options_choose(tmp_path, capsys):
    """Every event before --since: it said "nothing usable was read", as if
    the file were at fault."""
    path = write(tmp_path, "a.CSV", [gdelt_row(), gdelt_row()])
    out = str(tmp_path / "out")
    assert (
        main(["import", "gdelt", str(path), "--out", out, "--since", "2030-01-01"]) == 1
    )
    err = capsys.readouterr().err
    assert "no relation kept: each of the 2 rows read was skipped or bad" in err
    assert "--since, --until, --countries and --min-sources choose" in err
    assert not (tmp_path / "out").exists()


def test_cameo_roots_map_to_known_kinds():
    assert set(CAMEO_KINDS) == {f"{n:02d}" for n in range(1, 21)}
    assert set(CAMEO_KINDS.values()) <= set(RELATION_KINDS)
    # every kind used for a root lists that root in the vocabulary
    for root, kind in CAMEO_KINDS.items():
        assert root in RELATION_KINDS[kind].cameo_roots, (root, kind)
    assert [quad_class(r) for r in ("04", "06", "11", "19")] == [1, 2, 3, 4]


def test_a_root_s_kind_never_contradicts_its_stance():
    """An event's stance comes from its quad class, its kind from its root: a
    kind of the other stance drew "09 investigate" (cooperation to CAMEO) as a
    green "warning". Neutral kinds (a meeting, a statement) go with either."""
    for root, kind in CAMEO_KINDS.items():
        allowed = {"neutral", cameo_stance(quad_class(root))}
        assert RELATION_KINDS[kind].stance in allowed, (root, kind)


def test_quad_classes_agree_with_gdelt_s_own():
    """Real rows: GDELT writes each event's QuadClass, ICEWS does not, so
    ICEWS's come from `quad_class`. It had put roots 09 (investigate) and 14
    (protest) a class higher than GDELT does: an ICEWS investigation was
    conflictual where GDELT's same code was cooperative."""
    with zipfile.ZipFile(GDELT_SAMPLE) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    names = GDELT_LAYOUTS[61][1]
    root, quad = names.index("EventRootCode"), names.index("QuadClass")
    pairs = {
        (f[root], int(f[quad]))
        for f in (line.split("\t") for line in text.splitlines())
    }
    assert {r for r, _ in pairs} >= {"09", "14"}
    assert {(r, quad_class(r)) for r, _ in pairs} == pairs


def test_country_names_as_event_data_writes_them():
    assert country_code("Russian Federation") == "RUS"
    assert country_code("Turkey") == "TUR"
    assert country_code("Moldova, Republic of") == "MDA"
    assert country_code("Atlantis") is None


def test_several_data_directories_together(tmp_path):
    from dashboard.core.load import load_datasets
    from dashboard.core.problems import DataError
    from tests.conftest import BUNDLED

    assert (
        main(["import", "icews", str(ICEWS_SAMPLE), "--out", str(tmp_path / "icews")])
        == 0
    )
    both = load_datasets([BUNDLED, tmp_path / "icews"])
    assert len(both.relations) == 27 + 53
    assert set(both.relations["origin"]) == {"Guacamaya article (curated)", "ICEWS"}
    assert both.relations["id"].is_unique
    # actors known to both (the five states) appear once
    assert (both.actors["id"] == "russia").sum() == 1
    # and so do the leaders ICEWS names in full ("nicolas-maduro"), with
    # their accents of its own ("Erdoğan"): one node each, their relations
    # together, not split between two
    assert both.merged == {
        "alexander-lukashenko": "lukashenko",
        "donald-trump": "trump",
        "nicolas-maduro": "maduro",
        "recep-tayyip-erdogan": "erdogan",
        "vladimir-putin": "putin",
    }
    ids = set(both.actors["id"])
    assert not ids & set(both.merged) and set(both.merged.values()) <= ids
    ends = set(both.relations["source"]) | set(both.relations["target"])
    assert ends <= ids
    imported = both.relations[both.relations["origin"] == "ICEWS"]
    assert {"maduro", "putin"} <= set(imported["source"]) | set(imported["target"])
    # people of other names stay as they are
    assert "dmitry-peskov" in ids
    # a link naming an import's own id shows the actor it was merged into
    from dashboard.core.model import prepare, view_of

    view = view_of(prepare(both), "?focus=nicolas-maduro&path=vladimir-putin,trump")
    assert (view.focus, view.path, view.notices) == ("maduro", ("putin", "trump"), ())
    # a clash between directories is a problem, named with its directory
    clash = tmp_path / "clash"
    clash.mkdir()
    (clash / "actors.csv").write_text(
        "id,name,kind,country\nrussia,Russia,person,RUS\nx,X,state,FRA\n"
    )
    (clash / "relations.csv").write_text(
        "id,source,target,kind,start,confidence\nr01,russia,x,call,2020,reported\n"
    )
    with pytest.raises(DataError) as error:
        load_datasets([BUNDLED, clash])
    assert str(error.value.problems[0]) == (
        "clash/actors.csv, column 'id': 'russia' is a person of 'RUS' here and a "
        "state of 'RUS' in data/actors.csv: give one of them another id"
    )


def test_a_renamed_relation_never_takes_an_id_in_use(tmp_path):
    """The later directory's r01 becomes b.r01, which it already uses: then
    b.r01-2 (two relations of one id stopped the start)."""
    from dashboard.core.load import load_datasets
    from dashboard.core.model import prepare
    from tests.conftest import BUNDLED

    second = tmp_path / "b"
    second.mkdir()
    (second / "actors.csv").write_text(
        "id,name,kind,country\nputin,Vladimir Putin,person,RUS\n"
        "maduro,Nicolás Maduro,person,VEN\n"
    )
    (second / "relations.csv").write_text(
        "id,source,target,kind,start,confidence\n"
        "r01,putin,maduro,call,2025-11-30,confirmed\n"
        "b.r01,putin,maduro,call,2025-11-29,confirmed\n"
    )
    both = load_datasets([BUNDLED, second])
    assert both.relations["id"].is_unique
    assert both.renamed == {str(second.resolve()): {"r01": "b.r01-2"}}
    starts = both.relations.set_index("id")["start"]
    assert (starts["b.r01-2"], starts["b.r01"]) == ("2025-11-30", "2025-11-29")
    # the app starts on both: it stopped with pandas' "uniquely valued Index"
    assert len(prepare(both).dataset.relations) == 27 + 2


def test_a_story_names_its_own_directorys_relations(tmp_path):
    from dashboard.core.load import load_datasets
    from dashboard.core.stories import load_stories
    from tests.conftest import BUNDLED

    # the same folder name as the bundled data's: "data"
    second = tmp_path / "import" / "data"
    (second / "stories").mkdir(parents=True)
    (second / "actors.csv").write_text(
        "id,name,kind,country\nrussia,Russia,state,RUS\nfrance,France,state,FRA\n"
    )
    (second / "relations.csv").write_text(  # r01 is also the article's first id
        "id,source,target,kind,start,confidence\n"
        "r01,russia,france,call,2024-03-02,reported\n"
    )
    (second / "stories" / "calls.yaml").write_text(
        "title: Calls\nsteps:\n  - title: One call\n    caption: Moscow calls Paris.\n"
        "    start: 2024-03-01\n    end: 2024-03-31\n    relations: [r01]\n"
    )
    dataset = load_datasets([BUNDLED, second])
    stories, problems = load_stories([BUNDLED, second], dataset)
    assert problems == []
    step = stories["calls"].steps[0]
    assert step.relations == ("data.r01",) and step.quote == "data.r01"
    named = dataset.relations.set_index("id").loc["data.r01"]
    assert (named["source"], named["target"]) == ("russia", "france")
    # the article's own story still names the article's relations
    assert not any(
        relation.startswith("data.")
        for guacamaya in stories["guacamaya"].steps
        for relation in guacamaya.relations
    )


def test_actors_merged_by_name_only_across_directories_and_never_into_a_loop(
    tmp_path,
):
    from dashboard.core.load import load_datasets

    def directory(name: str, actors: str, relations: str):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "actors.csv").write_text("id,name,kind,country\n" + actors)
        (folder / "relations.csv").write_text(
            "id,source,target,kind,start,confidence\n" + relations
        )
        return folder

    article = directory(
        "article",
        "maduro,Nicolás Maduro,person,VEN\nvenezuela,Venezuela,state,VEN\n"
        "police-a,Police,organization,VEN\npolice-b,Police,organization,VEN\n",
        "r01,maduro,venezuela,call,2020,reported\n"
        "r02,police-a,police-b,call,2020,reported\n",
    )
    icews = "nicolas-maduro,Nicolas Maduro,person,VEN\nvenezuela,Venezuela,state,VEN\n"
    first = directory(
        "first", icews, "e01,nicolas-maduro,venezuela,call,2021,reported\n"
    )
    second = directory(
        "second", icews, "f01,nicolas-maduro,venezuela,call,2022,reported\n"
    )
    # maduro, and his own full name in the same file: kept apart there
    both = directory(
        "both",
        "maduro,Maduro,person,VEN\nnicolas-maduro,Nicolás Maduro,person,VEN\n",
        "g01,maduro,nicolas-maduro,call,2023,reported\n",
    )
    data = load_datasets([article, first, second])
    # one directory's two "Police" stay two, and r02 is no loop
    assert {"police-a", "police-b"} <= set(data.actors["id"])
    assert (data.relations["source"] != data.relations["target"]).all()
    # two imports beside the article: Maduro is one actor in both
    assert data.merged == {"nicolas-maduro": "maduro"}
    assert "nicolas-maduro" not in set(data.actors["id"])
    assert set(data.relations.set_index("id").loc[["e01", "f01"], "source"]) == {
        "maduro"
    }
    # a merge that would join an actor to itself is not made
    looped = load_datasets([article, both])
    assert "nicolas-maduro" in set(looped.actors["id"])
    assert (looped.relations["source"] != looped.relations["target"]).all()
    # merged in one directory, kept apart in a later one: a link to the id
    # of the actor shown keeps it (the page writes it on a click)
    from dashboard.core.model import prepare, view_of

    mixed = load_datasets([article, first, both])
    assert mixed.merged == {"nicolas-maduro": "maduro"}
    assert "nicolas-maduro" in set(mixed.actors["id"])
    assert view_of(prepare(mixed), "?focus=nicolas-maduro").focus == "nicolas-maduro"


def test_an_import_over_a_folder_with_stories_says_which_no_longer_fit(
    tmp_path, capsys
):
    """`--replace` keeps the folder's stories/: the import said "valid", and
    `check` then found 27 problems in stories naming the old actors."""
    import shutil

    from tests.conftest import BUNDLED

    out = tmp_path / "copy"
    shutil.copytree(BUNDLED, out)
    argv = ["import", "icews", str(ICEWS_SAMPLE), "--out", str(out), "--replace"]
    assert main(argv) == 0
    said = capsys.readouterr()
    assert f"{out}: valid" in said.out
    assert f"{out}/stories:" in said.err and "leaves those stories out" in said.err
    assert f"check {out}" in said.err
    # without stories, nothing more is said
    shutil.rmtree(out / "stories")
    assert main(argv) == 0
    assert "stories" not in capsys.readouterr().err
