"""Event data traced to its sources: ICEWS's story and sentence of every event,
GDELT's articles counted once each (sources, articles, mentions) and every
article's address kept, in an import and in the event store alike, and shown
in the details and carried by the exports. Real rows (tests/fixtures) where
the data has the case; made-up GDELT rows where it does not."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest
from dash import html

from dashboard.core.load import load_dataset
from dashboard.core.problems import DataError
from dashboard.importing.events import import_events, write_tables
from dashboard.importing.store import ingest, open_store
from dashboard.outputs.exports import export_bytes
from dashboard.web.panels import make_details
from tests.conftest import FIXTURES, ICEWS_SAMPLE
from tests.unit.test_importing import gdelt_row, write
from tests.unit.test_store import sliced

GDELT_FILE = FIXTURES / "gdelt" / "20150218230000.export.CSV.zip"
SPUTNIK = "http://sputniknews.com/politics/20150219/1018453671.html"


def one(relations: pd.DataFrame, source: str, target: str, code: str) -> pd.Series:
    rows = relations[
        (relations["source"] == source)
        & (relations["target"] == target)
        & (relations["cameo_code"] == code)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_icews_events_name_their_story_and_sentence():
    """ICEWS's Event ID alone is not unique: each event of a merged relation
    keeps its Story ID and Sentence Number, in the order of its ids."""
    _, relations, _ = import_events("icews", [ICEWS_SAMPLE])
    oreshkin = relations[relations["source"] == "maxim-oreshkin"].iloc[0]
    assert oreshkin["event_ids"] == "32891795;32892026"
    assert oreshkin["story_sentences"] == "47403208#3;47404321#3"


def test_icews_details_and_exports_say_story_and_sentence(tmp_path):
    actors, relations, _ = import_events("icews", [ICEWS_SAMPLE])
    data = load_dataset(write_tables(tmp_path / "icews", actors, relations))
    names = dict(zip(data.actors["id"], data.actors["name"]))
    relation = data.relations[data.relations["source"] == "maxim-oreshkin"].iloc[0]
    shown = str(
        make_details(data.actors, data.relations, {"relation": relation["id"]}, names)
    )
    assert (
        "Events: 32891795 (story 47403208, sentence 3); "
        "32892026 (story 47404321, sentence 3)"
    ) in shown
    content = export_bytes("csv", data.actors, data.relations)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        exported = pd.read_csv(io.BytesIO(archive.read("relations.csv")), dtype=str)
    row = exported[exported["source"] == "maxim-oreshkin"].iloc[0]
    assert row["story_sentences"] == "47403208#3;47404321#3"


def test_icews_store_keeps_story_and_sentence(tmp_path):
    ingest(tmp_path / "store", [ICEWS_SAMPLE], source="icews", workers=1)
    relations = open_store(tmp_path / "store").relations
    oreshkin = relations[relations["source"] == "maxim-oreshkin"].iloc[0]
    assert oreshkin["story_sentences"] == "47403208#3;47404321#3"


def test_gdelt_articles_and_mentions_of_one_article_count_once():
    """GDELT's first file codes one sputniknews.com article as three events
    Russia -> United States (030; NumArticles and NumMentions 2, 6 and 2):
    6 articles and 6 mentions, as its one source; they had been added to 10."""
    _, relations, _ = import_events("gdelt", [GDELT_FILE])
    relation = one(relations, "russia", "united-states", "030")
    assert relation["report_count"] == 3 and relation["url"] == SPUTNIK
    assert relation["source_count"] == 1
    assert (relation["num_articles"], relation["num_mentions"]) == (6, 6)


def test_gdelt_store_counts_an_article_once_across_files(tmp_path):
    """The three events of that article fall in three files of the store."""
    ingest(tmp_path / "store", sliced(tmp_path / "raw"), workers=1)
    relations = open_store(tmp_path / "store").relations
    relation = one(relations, "russia", "united-states", "030")
    assert relation["report_count"] == "3"
    assert (relation["num_articles"], relation["num_mentions"]) == ("6", "6")


def articles(tmp_path, name: str, urls: list[str]):
    """One event (Venezuela -> United States, 040) reported from each URL."""
    return write(
        tmp_path,
        name,
        [
            gdelt_row(GLOBALEVENTID=str(n), SOURCEURL=url, NumSources="1",
                      NumArticles="2", NumMentions="3")
            for n, url in enumerate(urls, start=1)
        ],
    )  # fmt: skip


A, B, C = (f"https://news{n}.example.org/story" for n in "abc")


def test_gdelt_keeps_every_article_of_a_relation(tmp_path):
    """A relation merged from three articles links all three, not the first
    alone; each counted once."""
    path = articles(tmp_path, "20251121000000.export.CSV", [A, B, A, C])
    _, relations, _ = import_events("gdelt", [path])
    relation = relations.iloc[0]
    assert (relation["url"], relation["more_urls"]) == (A, f"{B} {C}")
    assert relation["source_count"] == 3
    assert (relation["num_articles"], relation["num_mentions"]) == (6, 9)
    data = load_dataset(
        write_tables(tmp_path / "out", *import_events("gdelt", [path])[:2])
    )
    names = dict(zip(data.actors["id"], data.actors["name"]))
    shown = str(
        make_details(
            data.actors, data.relations, {"relation": data.relations["id"][0]}, names
        )
    )
    assert all(f"href='{url}'" in shown for url in (A, B, C))


def links_by_parent(component) -> list[tuple[object, list[str]]]:
    """Each element holding links, with the addresses of its own links."""
    children = getattr(component, "children", None)
    if children is None:
        return []
    children = children if isinstance(children, list) else [children]
    own = [child.href for child in children if isinstance(child, html.A)]
    found = [(component, own)] if own else []
    for child in children:
        found += links_by_parent(child)
    return found


def test_gdelt_articles_are_listed_an_address_a_line(tmp_path):
    """The details give each article's address its own line: the links of a
    relation's url and more_urls sat side by side, inline, with nothing
    between them, and read as one address wider than the panel."""
    path = articles(tmp_path, "20251121000000.export.CSV", [A, B, C])
    data = load_dataset(
        write_tables(tmp_path / "out", *import_events("gdelt", [path])[:2])
    )
    names = dict(zip(data.actors["id"], data.actors["name"]))
    details = make_details(
        data.actors, data.relations, {"relation": data.relations["id"][0]}, names
    )
    holders = links_by_parent(html.Div(details))
    assert [own for _, own in holders] == [[A], [B], [C]]
    assert all(isinstance(holder, html.P) for holder, _ in holders)


def test_gdelt_store_counts_each_article_once_whatever_file_it_is_in(tmp_path):
    """Articles A and B in one file, C and A in the next: three articles (the
    store had counted A's file totals under each file's first address: 4)."""
    files = [
        articles(tmp_path, "20251121000000.export.CSV", [A, B]),
        articles(tmp_path, "20251121001500.export.CSV", [C, A]),
    ]
    ingest(tmp_path / "store", files, workers=1)
    stored = open_store(tmp_path / "store").relations.iloc[0]
    assert (stored["source_count"], stored["num_articles"]) == ("3", "6")
    assert (stored["url"], stored["more_urls"]) == (A, f"{B} {C}")
    _, relations, _ = import_events("gdelt", files)
    assert relations["source_count"].tolist() == [3]


@pytest.mark.parametrize("earlier", [1, 3])
def test_a_store_of_earlier_parts_still_opens(tmp_path, earlier):
    """Parts written before they kept each article's counts (``by_url``) and
    ICEWS's sentences open as before, alone or beside new ones: each row
    stands for its first address."""
    store = tmp_path / "store"
    ingest(store, sliced(tmp_path / "raw"), workers=1)
    manifest = json.loads((store / "store.json").read_text())
    for entry in manifest["files"][:earlier]:  # as an earlier import wrote them
        del entry["part_format"]
        for part in entry["parts"]:
            table = pq.read_table(store / part["path"])
            pq.write_table(
                table.drop_columns(["by_url", "sentences"]), store / part["path"]
            )
    manifest["version"] += "-earlier"  # not the cache of the new parts
    (store / "store.json").write_text(json.dumps(manifest))
    relations = open_store(store).relations
    assert len(relations) == 9
    assert set(relations["more_urls"]) == {""}


def test_more_urls_of_a_file_are_web_addresses(tmp_path):
    """The details link every address of ``more_urls``: a file's own are
    checked as ``url`` is."""
    from dashboard.core.load import load_dataset as load

    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "actors.csv").write_text(
        "id,name,kind,country\nven,Venezuela,state,VEN\nusa,United States,state,USA\n"
    )
    (folder / "relations.csv").write_text(
        "id,source,target,kind,start,confidence,more_urls\n"
        "r1,ven,usa,statement,2025-11-21,reported,https://a.org/1 javascript:alert(1)\n"
    )
    with pytest.raises(DataError, match="more_urls"):
        load(folder)
