"""New data without a restart: the app's data follows its files, a bad edit
keeps what is served, and an open page hears of it once."""

from __future__ import annotations

import gc
import itertools
import os
import weakref
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from dash import Patch, no_update

from dashboard.core.live import LiveData, data_version, load_app_data
from dashboard.core.load import load_dataset
from dashboard.core.model import prepare
from dashboard.core.view import View
from dashboard.devtools.synthetic import write_synthetic
from dashboard.web.freshness import data_seen, update_freshness
from dashboard.web.inputs import clean_store
from dashboard.web.layout import preset_windows
from dashboard.web.state import view_from_store, view_store
from dashboard.web.views import update_figures
from tests.conftest import ACTORS, RELATIONS

NEW = 'r3,putin,maduro,meeting,2025-12-10,,confirmed,"They met."\n'


def live_on(directory) -> LiveData:
    data, problems = load_app_data([directory])
    assert problems == []
    return LiveData(
        data,
        load=lambda before: load_app_data([directory], before=before)[0],
        version=lambda: data_version([directory]),
        every=0,
    )


def test_an_edited_file_is_served_after_its_reload(write_dir):
    directory = write_dir()
    live = live_on(directory)
    assert len(live.data.dataset.relations) == 2 and live.update is None
    (directory / "relations.csv").write_text(RELATIONS + NEW, encoding="utf-8")
    live.check(wait=True)
    assert len(live.data.dataset.relations) == 3
    assert (live.generation, live.update.added) == (1, 1)
    assert live.update.words().endswith(", 1 new relation")
    live.check(wait=True)  # the same files: nothing loads again
    assert live.generation == 1


def test_an_update_says_when_its_files_changed_in_utc_with_the_day(write_dir):
    """It said "updated 02:52": the server's clock when a page next asked
    (hours after the update, with no page open), with no day or zone."""
    directory = write_dir()
    live = live_on(directory)
    path = directory / "relations.csv"
    path.write_text(RELATIONS + NEW, encoding="utf-8")
    written = datetime(2025, 12, 4, 2, 51, 33, tzinfo=UTC).timestamp()
    for file in directory.glob("*.csv"):  # the newest change is the time
        os.utime(file, (written - 3600, written - 3600))
    os.utime(path, (written, written))
    live.check(wait=True)
    assert live.update.words() == "updated 4 Dec 02:51 UTC, 1 new relation"
    # a file removed leaves older times only: the change is now's, not an
    # earlier time than the last (and each such change is a new one)
    path.unlink()
    live.check(wait=True)
    seen = data_seen(live)
    assert live.update.problem and live.update.at > datetime.fromtimestamp(written, UTC)
    live.check(wait=True)  # the same files: nothing new
    assert data_seen(live) == seen


def test_one_relation_removed_is_said_in_the_singular(write_dir):
    directory = write_dir()
    live = live_on(directory)
    (directory / "relations.csv").write_text(
        "\n".join(RELATIONS.splitlines()[:2]) + "\n", encoding="utf-8"
    )
    live.check(wait=True)
    assert (live.update.added, live.update.removed) == (0, 1)
    assert live.update.words().endswith(", 1 relation removed")


def test_relations_changed_in_place_are_said_not_nothing_new(write_dir):
    """A store's update merges events into relations already there: none is
    new, but their report counts rose; "0 new relations" hid that."""
    directory = write_dir()
    live = live_on(directory)
    edited = RELATIONS.replace('"He called."', '"He called twice."')
    (directory / "relations.csv").write_text(edited + NEW, encoding="utf-8")
    live.check(wait=True)
    assert (live.update.added, live.update.removed, live.update.changed) == (1, 0, 1)
    assert live.update.words().endswith(", 1 new relation, 1 changed")
    (directory / "relations.csv").write_text(RELATIONS + NEW, encoding="utf-8")
    live.check(wait=True)
    assert live.update.words().endswith(", 1 relation changed")
    (directory / "stories").mkdir()  # a story added: the relations are the same
    (directory / "stories" / "a.yaml").write_text(STORY.format("A"))
    live.check(wait=True)
    assert live.update.words().endswith(", no relation changed")


def test_a_bad_edit_keeps_the_data_served_and_says_why(write_dir):
    directory = write_dir()
    live = live_on(directory)
    served = live.data
    bad = RELATIONS + "r3,putin,maduro,cal,2025-12-10,,confirmed,x\n"
    (directory / "relations.csv").write_text(bad, encoding="utf-8")
    live.check(wait=True)
    assert live.data is served and live.generation == 0
    assert "relations.csv" in live.update.problem
    assert live.update.words().startswith("new data at ")


def test_a_reload_that_fails_unexpectedly_keeps_the_data_and_says_so(write_dir):
    """Not only a file that fails validation: any error while reloading (two
    directories once made pandas refuse duplicate ids) keeps what is served
    and tells the page, instead of a traceback in the server's log alone."""
    directory = write_dir()
    live = live_on(directory)
    served = live.data

    def broken(_before):
        raise ValueError("Reindexing only valid with uniquely valued Index objects")

    live._load = broken
    (directory / "relations.csv").write_text(RELATIONS + NEW, encoding="utf-8")
    live.check(wait=True)
    assert live.data is served and live.generation == 0
    assert live.update.problem == "the new data could not be read (ValueError)"
    live._load = lambda before: load_app_data([directory], before=before)[0]
    live.check(wait=True)  # the same files: not read again until they change
    assert live.generation == 0


def test_a_download_log_is_not_new_data(write_dir):
    directory = write_dir()
    before = data_version([directory])
    (directory / "fetch.json").write_text("{}", encoding="utf-8")
    assert data_version([directory]) == before
    (directory / "store.json").write_text("{}", encoding="utf-8")
    assert data_version([directory]) != before


def test_an_open_page_hears_of_new_data_once_and_keeps_its_view(write_dir):
    directory = write_dir()
    live = live_on(directory)
    store = {"query": "?start=2025-12-01&end=2025-12-11&focus=putin",
             "selection": None}  # fmt: skip
    seen = data_seen(live)
    assert update_freshness(live, seen, store) == (no_update,) * 6
    (directory / "relations.csv").write_text(RELATIONS + NEW, encoding="utf-8")
    live.check(wait=True)
    words, now, redrawn, *moved = update_freshness(live, seen, store)
    assert "1 new relation" in words and moved == [no_update] * 3
    assert redrawn["query"] == store["query"] and redrawn["data"] == "1"
    assert update_freshness(live, now, redrawn) == (no_update,) * 6


def test_a_page_on_the_whole_data_takes_in_the_new_days(write_dir):
    """A wall screen on "All" said "updated 14:15, 9 new relations" over the
    old days' count, the new days drawn nowhere, not even on the time bar's
    overview. It goes on showing the whole data, its address too; a page on
    some days keeps them."""
    directory = write_dir()
    live = live_on(directory)
    before, seen = live.data.span, data_seen(live)
    windows = preset_windows(live.data.presets)
    whole = view_store(View(*before), None)
    some = view_store(View(before[0], before[0] + timedelta(days=6)), None)
    (directory / "relations.csv").write_text(RELATIONS + NEW, encoding="utf-8")
    live.check(wait=True)
    after = live.data.span
    assert after[1] > before[1]
    search = whole["query"] + "&theme=dark"
    _, _, redrawn, address, *days = update_freshness(live, seen, whole, windows, search)
    view, _ = view_from_store(live.data, redrawn)
    assert (view.start, view.end) == after
    # the page reads the wider window from its address, as from any link
    assert address == (
        f"?start={after[0].isoformat()}&end={after[1].isoformat()}&theme=dark"
    )
    assert days == [after[0].isoformat(), after[1].isoformat()]  # the picker too
    _, _, kept, *moved = update_freshness(live, seen, some, windows, search)
    assert kept["query"] == some["query"] and moved == [no_update] * 3
    # the time bar is made anew on the new data's bins, then patched again
    time_bar = update_figures(live.data, redrawn)[2]
    assert isinstance(time_bar, dict)
    overview = [float(p) for p in live.data.timeline.positions]
    assert time_bar["data"][0]["x"] == overview
    assert isinstance(update_figures(live.data, clean_store(redrawn))[2], Patch)


def test_a_column_added_or_removed_with_a_value_changes_its_relation(write_dir):
    """A column added to the file with a note for one relation (and then
    removed) changed that relation; only the columns both loads had were
    compared, and the reload said "no relation changed"."""
    directory = write_dir()
    live = live_on(directory)
    empty = RELATIONS.replace("quote\n", "quote,note\n").replace('."\n', '.",\n')
    noted = empty.replace('"He called.",', '"He called.",checked by phone')
    (directory / "relations.csv").write_text(noted, encoding="utf-8")
    live.check(wait=True)
    assert live.update.changed == 1
    assert live.update.words().endswith(", 1 relation changed")
    (directory / "relations.csv").write_text(RELATIONS, encoding="utf-8")
    live.check(wait=True)
    assert live.update.words().endswith(", 1 relation changed")
    (directory / "relations.csv").write_text(empty, encoding="utf-8")
    live.check(wait=True)
    assert live.update.words().endswith(", no relation changed")


def test_new_data_with_other_presets_gives_the_page_their_buttons(write_dir):
    """A month of calls made a burst and a year the open page had no button
    for: the buttons are made again, named and counted for the view shown;
    new data with the same presets keeps the buttons (and the keyboard's
    place on them), their windows moved."""
    from dashboard.web.freshness import update_presets
    from dashboard.web.layout import preset_windows

    directory = write_dir()
    live = live_on(directory)
    held = preset_windows(live.data.presets)
    store = {"query": "?start=2025-11-01&end=2025-12-11", "selection": None}
    calls = "".join(
        NEW.replace("r3", f"r{10 + day}").replace("2025-12-10", f"2026-03-{day:02d}")
        for day in range(1, 13)
    )
    (directory / "relations.csv").write_text(RELATIONS + calls, encoding="utf-8")
    live.check(wait=True)
    windows, buttons = update_presets(live.data, held, store)
    assert list(windows) == list(live.data.presets) and "2026" in windows
    *buttons, more = buttons  # "More ▾": those with no room (assets/folding.js)
    assert sorted(b.id["name"] for b in buttons) == sorted(live.data.presets)
    assert more.hidden and not hasattr(more, "id")
    burst = next(b for b in buttons if b.id["name"] == "1–12 Mar 2026")
    assert burst.children == "1–12 Mar 2026: 13 relations"
    (directory / "relations.csv").write_text(
        RELATIONS + calls + NEW.replace("r3", "r9")
    )
    live.check(wait=True)
    assert update_presets(live.data, windows, store)[1] is no_update


def page_on(data) -> None:
    """What an open page asks of ``data``: its layout, the whole span and a
    month (figures, header, time bar, presets), the details, both tables,
    the actors' menu, and a story's step when the data has stories."""
    from dashboard.core.view import View
    from dashboard.web.app import page_layout
    from dashboard.web.callbacks import _options
    from dashboard.web.state import view_store
    from dashboard.web.views import update_figures, update_panel, update_tables

    page_layout(data, seen=None, refresh=15)
    _options(data)
    story = next(iter(data.stories), None)
    first, last = data.span
    for start in (first, last - timedelta(days=30)):
        store = view_store(View(start=start, end=last), None)
        update_figures(data, store, {"story": story, "step": 0} if story else None)
        update_panel(data, "details", store)
        update_tables(data, "events", store)
        update_tables(data, "rankings", store)


@pytest.mark.parametrize("source", ["bundled", "synthetic"])
def test_the_data_reloaded_away_is_freed(source, bundled_data, tmp_path):
    """Only the data served stays in memory after reloads: the caches of
    the callbacks kept the data sets they were asked of (up to 64 of them, by
    the query's), and a server whose events update every 15 minutes held 20
    data sets, 1.3 GB at 100,000 relations, after five hours. The synthetic
    data is large enough to draw its network as the overview of states."""
    if source == "bundled":  # its layouts kept nowhere: not in data/cache
        dataset = replace(bundled_data.dataset, caches=())
        stories = bundled_data.stories
    else:
        dataset, stories = load_dataset(write_synthetic(tmp_path, 600, 200)), {}
    versions = itertools.count()
    live = LiveData(
        replace(prepare(dataset), stories=stories),
        load=lambda before: replace(prepare(dataset, before=before), stories=stories),
        version=lambda: next(versions),  # new data at every check
        every=3600,  # checked here alone, not when the data is asked for
    )
    served = []
    for _ in range(4):
        page_on(live.data)
        served.append(weakref.ref(live.data))
        live.check(wait=True)
    page_on(live.data)
    gc.collect()
    assert [data() for data in served] == [None] * 4


def test_new_data_with_other_kinds_or_data_sets_gives_the_page_their_boxes(write_dir):
    """A statement, a kind the page was opened without, and a data set of its
    own arrived: the page kept the boxes it was opened with, so neither could
    be chosen, and the next filter changed left them out unsaid. Their boxes
    are made again, ticked as the view filters (a kind the user unticked
    stays so; one new to a link that lists its kinds is not in it), and the
    change date reaches the new days; the same offer keeps the boxes."""
    from dashboard.web.filter_panel import filter_offer
    from dashboard.web.freshness import update_filters

    directory = write_dir()
    live = live_on(directory)
    held = filter_offer(live.data.kind_groups, live.data.choices)
    choice_ids = [{"type": "choice-group", "field": "origins"}]
    days = ["2025-11-01", "2025-12-08"]
    statement = 'r3,putin,maduro,statement,2026-03-02,,confirmed,"He said.",Wire\n'
    with_origin = RELATIONS.replace("quote\n", "quote,origin\n").replace(
        '."\n', '.",\n'
    )
    (directory / "relations.csv").write_text(with_origin + statement)
    live.check(wait=True)

    def ticked(out) -> dict[str, bool]:
        boxes = [box for group in out["kinds"] for box in group.children[1].children]
        return {b.id["kind"]: b.value == [b.id["kind"]] for b in boxes[::2]}

    unticked = update_filters(
        live.data, held, {"query": "?kinds=call"}, choice_ids, days
    )
    assert ticked(unticked) == {"call": True, "statement": False, "treaty": False}
    everything = update_filters(live.data, held, {"query": ""}, choice_ids, days)
    assert set(ticked(everything).values()) == {True}
    origins = everything["choices"][0]
    assert "Wire" in [option["value"] for option in origins.options]
    assert origins.value == [option["value"] for option in origins.options]
    assert everything["days"] == ["2025-11-01", "2026-03-02"]
    again = update_filters(
        live.data, everything["offer"], None, choice_ids, everything["days"]
    )
    assert again == {
        "offer": no_update, "kinds": no_update, "choices": [no_update],
        "days": [no_update, no_update],
    }  # fmt: skip


STORY = """title: {}
steps:
  - {{title: A call, caption: He called., start: 2025-12-08, end: 2025-12-08}}
"""


def test_a_story_broken_while_the_page_is_open_says_why_where_it_was(write_dir):
    """A typo in an open story's file, while the app ran: the story bar went
    empty, and the filters with it (the page was still in the story), while
    the status said "no relation changed"; a link to it said only "no
    story". The reason is in all three places, and the mended file brings
    the story back."""
    from dashboard.core.urlstate import Display
    from dashboard.web.views import update_display

    directory = write_dir()
    (directory / "stories").mkdir()
    path = directory / "stories" / "walk.yaml"
    path.write_text(STORY.format("Walk"), encoding="utf-8")
    live = live_on(directory)
    assert list(live.data.stories) == ["walk"]
    path.write_text(STORY.format("Walk").replace("2025-12-08}", "2025-12-32}"))
    live.check(wait=True)
    assert "walk" not in live.data.stories
    reason = live.data.stories_left_out["walk"]
    assert reason.startswith("walk.yaml, line 3") and "2025-12-32" in reason
    assert live.update.words().endswith(
        "; story 'walk' could not be read (python -m dashboard check)"
    )
    display = Display(story="walk", step=1).as_dict()
    panel = update_display(live.data, "?story=walk&step=1", display)[1]
    words = repr(panel)
    assert "This story could not be read" in words and reason in words
    assert "End story" in words
    notice = update_state_notice(live.data, "?story=walk&step=1")
    assert f"story 'walk' could not be read: {reason}" in notice
    path.write_text(STORY.format("Walk"), encoding="utf-8")
    live.check(wait=True)
    assert "walk" in live.data.stories and not live.data.stories_left_out
    panel = update_display(live.data, "?story=walk&step=1", display)[1]
    assert "A call" in repr(panel)


def update_state_notice(data, search: str) -> str:
    from dashboard.web.state import update_state

    out = update_state(data, None, from_url=True, search=search, controls={})
    return out["notice"]


def links_in(children) -> list:
    """The story links in the story list's children, as (words, href)."""
    if not children:
        return []
    items = children[-1].children
    return [(item.children.children, item.children.href) for item in items]


def test_new_data_gives_the_page_its_subtitle_stories_and_network_bar(write_dir):
    """A state, a story and 150 people arrived: the open page kept naming
    the states it was opened with under its title, had no link for the new
    story, and drew the grown data as its states with the "States / All
    actors" bar hidden, so every actor could not be drawn. They follow the
    new data (a new link keeping the presentation mode, theme and tab); the
    same data keeps them, and a story renamed gets its new title."""
    from dashboard.web.app import page_layout
    from dashboard.web.freshness import update_page

    directory = write_dir()
    live = live_on(directory)
    layout = page_layout(live.data, seen=None, refresh=15)
    subtitle, bar = (layout[name] for name in ("subtitle", "network-bar"))
    assert subtitle.children == "Who backs whom: Russia and Venezuela"
    assert bar.hidden is True
    display, search = {"present": True, "theme": "dark"}, "?start=2025-12-01&tab=path"
    page = {"subtitle": subtitle.children, "bar_hidden": bar.hidden,
            "story_ids": [], "story_words": [], "display": display, "search": search}  # fmt: skip
    same = {"subtitle": [no_update] * 2, "bar_hidden": no_update, "stories": no_update}
    assert update_page(live.data, **page) == same

    people = "".join(f"p{n},Person {n},person,CUB,\n" for n in range(150))
    (directory / "actors.csv").write_text(ACTORS + "cuba,Cuba,state,CUB,\n" + people)
    (directory / "stories").mkdir()
    (directory / "stories" / "cuba.yaml").write_text(STORY.format("Cuba joins"))
    live.check(wait=True)
    out = update_page(live.data, **page)
    assert out["subtitle"] == ["Who backs whom: Russia, Venezuela and Cuba"] * 2
    assert out["bar_hidden"] is False
    [(words, href)] = links_in(out["stories"])
    assert words == "▶ Cuba joins"
    assert href == "?present=1&theme=dark&story=cuba&step=1&tab=path"

    page |= {"subtitle": out["subtitle"][0], "bar_hidden": False,
             "story_ids": [{"type": "story-link", "name": "cuba"}],
             "story_words": [words]}  # fmt: skip
    assert update_page(live.data, **page) == same
    (directory / "stories" / "cuba.yaml").write_text(STORY.format("Cuba calls"))
    live.check(wait=True)
    out = update_page(live.data, **page)
    assert [words for words, _ in links_in(out["stories"])] == ["▶ Cuba calls"]
    assert (out["subtitle"], out["bar_hidden"]) == ([no_update] * 2, no_update)


def test_new_data_gives_the_actor_menus_its_actors(write_dir):
    """Cuba joined and Maduro left the files: a menu opened without typing
    listed the page's first actors (no Cuba, still Maduro) until something
    was typed. Each menu is given the new data's actors, for what is typed
    in it and chosen; a menu that holds them already keeps its options."""
    from dashboard.web.app import page_layout
    from dashboard.web.callbacks import _options
    from dashboard.web.freshness import update_menus

    directory = write_dir()
    live = live_on(directory)
    layout = page_layout(live.data, seen=None, refresh=15)
    putin = {"label": "Vladimir Putin", "value": "putin"}
    # the last menu shows what matches "vla" (`_selection`'s callback)
    held = [layout["actor-search"].options, layout["path-from"].options, [putin]]
    typed, chosen = [None, None, "vla"], [None, "putin", "putin"]
    unchanged = update_menus(_options(live.data), held, typed, chosen)
    assert unchanged == [no_update] * 3

    actors = ACTORS.replace("maduro,Nicolás Maduro,person,VEN,Venezuelan leader\n", "")
    relations = RELATIONS.replace("putin,maduro", "putin,russia")
    (directory / "actors.csv").write_text(actors + "cuba,Cuba,state,CUB,\n")
    (directory / "relations.csv").write_text(relations)
    live.check(wait=True)
    out = update_menus(_options(live.data), held, typed, chosen)
    names = ["Cuba", "Russia", "Venezuela", "Vladimir Putin"]
    assert [[o["label"] for o in options] for options in out[:2]] == [names] * 2
    assert out[2] is no_update
    out[2] = [putin]
    again = update_menus(_options(live.data), out, typed, chosen)
    assert again == [no_update] * 3


def test_actor_menus_of_data_grown_large_are_filled_as_one_types(write_dir):
    """A server started on four actors whose data grew to 400 (an event store
    updated) sent every name to each menu, as it was wired at start-up: the
    open page's three menus got the 400 names with the update, and a name
    typed, then cleared, brought them back. The menus of data grown past
    OPTION_LIMIT hold what is typed for, and the chosen actor, as a page
    opened on it does."""
    from dash import Dash

    from dashboard.web.callbacks import _options, _selection
    from dashboard.web.controls import OPTION_LIMIT
    from dashboard.web.freshness import update_menus
    from dashboard.web.views import path_menus_follow

    directory = write_dir()
    live = live_on(directory)
    app = Dash(__name__)
    _selection(app, live)  # wired for small data: every name in the page
    typing = app.callback_map["actor-search.options"]["callback"].__wrapped__
    assert len(typing("", None)) == 4
    ends = {"path_from": "putin", "path_to": "russia"}  # a link's path
    assert path_menus_follow(_options(live.data), ends) == [no_update] * 2
    held = [_options(live.data)] * 3  # the menus of a page open on it
    people = "".join(f"p{n},Person {n},person,CUB,\n" for n in range(OPTION_LIMIT))
    (directory / "actors.csv").write_text(ACTORS + people)
    live.check(wait=True)
    assert typing("", "putin") == [{"label": "Vladimir Putin", "value": "putin"}]
    assert len(typing("person", None)) == 30
    assert [[o["value"] for o in menu] for menu in path_menus_follow(
        _options(live.data), ends)] == [["putin"], ["russia"]]  # fmt: skip
    out = update_menus(_options(live.data), held, ["person 12", "", None],
                       [None, "putin", None])  # fmt: skip
    assert [[o["value"] for o in options] for options in out] == [
        ["p12", *(f"p{n}" for n in range(120, 130))], ["putin"], [],
    ]  # fmt: skip


def test_a_store_waiting_for_its_first_import_is_said_on_the_page(write_dir, tmp_path):
    """A store fetched into and nothing imported yet is left out beside other
    data: only the log said so, and a page showing the article alone read as
    GDELT being quiet. The page says it, under the header."""
    from dashboard.web import ids
    from dashboard.web.app import page_layout

    directory = write_dir()
    store = tmp_path / "gdelt-store"
    store.mkdir()
    (store / "fetch.json").write_text("{}", encoding="utf-8")
    data, _ = load_app_data([directory, store])
    assert data.dataset.waiting == (str(store),)
    page = page_layout(data, seen=None, refresh=15)
    status = next(
        node
        for node in page._traverse()
        if getattr(node, "id", None) == ids.DATA_STATUS
    )
    assert status.children.startswith(f"{store} is not shown yet: nothing is imported")
    assert f"python -m dashboard update {store}" in status.children
    alone, _ = load_app_data([directory])
    assert alone.dataset.waiting == ()
    page = page_layout(alone, seen=None, refresh=15)
    status = next(
        node
        for node in page._traverse()
        if getattr(node, "id", None) == ids.DATA_STATUS
    )
    assert not status.children
    # an update of the other data keeps saying it (its notice had taken the
    # store's place)
    folders = [directory, store]
    live = LiveData(
        data, load=lambda before: load_app_data(folders, before=before)[0],
        version=lambda: data_version(folders), every=0,
    )  # fmt: skip
    (directory / "relations.csv").write_text(RELATIONS + NEW, encoding="utf-8")
    live.check(wait=True)
    words = update_freshness(live, None, None)[0]
    assert "1 new relation" in words and f"{store} is not shown yet" in words
