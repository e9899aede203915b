"""Stories, display state in the URL, themes and slide figures (images and decks
are made in tests/integration/test_images.py)."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core.stories import load_stories, read_story
from dashboard.core.urlstate import Display, parse_display, to_query
from dashboard.core.view import View
from dashboard.figures.scene import make_scene
from dashboard.figures.theme import theme_for
from dashboard.outputs.briefing import step_slide
from dashboard.outputs.slides import (
    SLIDE_POINTS,
    filters_label,
    slide_figure,
    sources_label,
)
from dashboard.web import ids
from dashboard.web.state import update_state, view_store
from dashboard.web.views import update_display, update_figures
from tests.conftest import BUNDLED
from tests.unit.test_callbacks import STANCES, controls, from_url


@pytest.fixture
def dataset(bundled_dataset):
    """The bundled data set, loaded once per run (tests/conftest.py)."""
    return bundled_dataset


@pytest.fixture
def data(bundled_data):
    """The bundled data prepared with its stories, once per run."""
    return bundled_data


# --- stories ---------------------------------------------------------------


def test_bundled_story_walks_the_article_in_order(data):
    story = data.stories["guacamaya"]
    assert len(story.steps) == 8
    ends = [step.end for step in story.steps]
    assert ends == sorted(ends) and story.steps[0].start == date(2019, 1, 1)
    relations = data.dataset.relations.set_index("id")
    for step in story.steps:
        assert step.caption and step.relations and step.quote in step.relations
        for relation in step.relations:  # every highlight is in its window
            row = relations.loc[relation]
            assert row["first"].date() <= step.end and row["last"].date() >= step.start


def _story(tmp_path, text: str):
    folder = tmp_path / "stories"
    folder.mkdir(exist_ok=True)
    path = folder / "walk.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_STEP = """
  - title: A call
    caption: Putin calls Maduro.
    start: 2025-12-08
    end: 2025-12-11
    relations: [r10]
"""


def test_story_problems_name_file_line_and_value(tmp_path, dataset):
    path = _story(
        tmp_path,
        "title: Walk\nsteps:"
        + GOOD_STEP
        + """
  - title: Wrong
    caption: Bad ids and dates.
    start: 2025-12-11
    end: 2025-12-01
    focus: nobody
    relations: [r99]
    colour: red
""",
    )
    story, problems = read_story(path, dataset)
    assert story is None
    text = [str(problem) for problem in problems]
    assert any("line 13" in t and "'nobody'" in t and "not an actor" in t for t in text)
    assert any("line 14" in t and "'r99'" in t and "not a relation" in t for t in text)
    assert any("line 12" in t and "before start" in t for t in text)
    assert any("colour" in t and "unknown field" in t for t in text)
    assert all(str(path) in t and "(step 2)" in t for t in text)


def test_story_relation_outside_its_window_is_refused(tmp_path, dataset):
    path = _story(tmp_path, "title: Walk\nsteps:" + GOOD_STEP.replace("r10", "r01"))
    _, problems = read_story(path, dataset)
    assert "not active between 2025-12-08 and 2025-12-11" in str(problems[0])


@pytest.mark.parametrize(
    ("settings", "relation", "why"),
    [
        ("kinds: [call]", "r10", "its kind is not among the step's kinds (call)"),
        ("states: true", "r20", "states-only view"),
        ("focus: maduro\n    depth: 1", "r21", "focus's neighbourhood at depth 1"),
        # both would: the first applied is named, as the view applies them
        ("states: true\n    kinds: [support]", "r20", "states-only view"),
        ("kinds: []", "r10", "among the step's kinds (none)"),
    ],
)
def test_story_highlight_its_own_view_hides_is_refused(
    tmp_path, dataset, settings, relation, why
):
    # r10 is a show of support, r20 the US naming its own envoy (inside one
    # state), r21 that envoy's talks with Belarus (two steps from Maduro)
    step = GOOD_STEP.replace("2025-12-08", "2025-01-01")
    step = step.replace("r10", f"r10, {relation}" if relation != "r10" else "r10")
    path = _story(tmp_path, "title: Walk\nsteps:" + step + f"    {settings}\n")
    story, problems = read_story(path, dataset)
    assert story is None and len(problems) == 1, problems
    text = str(problems[0])
    assert f"'{relation}'" in text and "left out by the step's own settings" in text
    assert why in text and "line 7" in text
    # without the setting, the same step is a good one
    path = _story(tmp_path, "title: Walk\nsteps:" + step)
    assert read_story(path, dataset)[1] == []


def test_story_yaml_syntax_error_gives_its_line(tmp_path, dataset):
    path = _story(tmp_path, "title: Walk\nsteps:\n  - title: [unclosed\n")
    _, problems = read_story(path, dataset)
    assert len(problems) == 1 and "not valid YAML" in str(problems[0])
    assert problems[0].line is not None


def test_a_bad_story_does_not_hide_the_good_ones(tmp_path, dataset):
    _story(tmp_path, "title: Walk\nsteps:" + GOOD_STEP)
    (tmp_path / "stories" / "bad.json").write_text('{"title": "x"}')
    stories, problems = load_stories([tmp_path], dataset)
    assert list(stories) == ["walk"] and stories["walk"].steps[0].relations == ("r10",)
    assert len(problems) == 1 and "bad.json" in problems[0].file


def test_check_command_reports_bad_stories(tmp_path, capsys):
    shutil.copytree(BUNDLED, tmp_path / "data")
    (tmp_path / "data" / "stories" / "broken.yaml").write_text("title: x\nsteps: 3\n")
    assert main(["check", str(tmp_path / "data")]) == 1
    said = capsys.readouterr().err
    assert "broken.yaml" in said
    # the exit status is the stories': the data itself is said to be fine
    assert said.rstrip().endswith(
        "the actors and relations are valid (14 actors, 27 relations); the app "
        "starts on them without the stories above (1 other story kept)"
    )
    assert main(["check", str(BUNDLED)]) == 0
    assert "story 'guacamaya'" in capsys.readouterr().out


# --- display state in the URL ----------------------------------------------


def test_display_round_trips_through_the_url(data):
    display = Display(present=True, theme="dark", story="guacamaya", step=4)
    query = to_query(View(date(2025, 1, 1), date(2025, 2, 1)), display)
    assert parse_display(query, {"guacamaya": 8}) == (display, [])
    parsed, notices = parse_display("?present=yes&theme=blue&story=x", {})
    assert parsed == Display() and len(notices) == 3


def test_story_link_sets_the_view_of_its_step(data):
    out = from_url(data, "?story=guacamaya&step=5&present=1", controls(data))
    set_to = out["controls"]
    assert (set_to["start"], set_to["end"]) == ("2025-11-21", "2025-11-24")
    assert set_to["selection"] == {"actor": "lukashenko"}
    assert out["display"] == {"present": True, "theme": "light",
                              "story": "guacamaya", "step": 5}  # fmt: skip


def test_controls_keep_the_display_in_the_url(data):
    values = controls(data)
    url = update_state(
        data, ids.COLOUR_BY, from_url=False,
        search="?present=1&theme=dark&story=guacamaya&step=2", controls=values,
        stance_ids=STANCES,
    )["search"]  # fmt: skip
    assert "present=1" in url and "theme=dark" in url and "step=2" in url


def test_the_story_bar_and_links_follow_the_display(data):
    display = Display(present=False, theme="dark", story="guacamaya", step=2)
    tip, panel, links = update_display(
        data, "?start=2025-01-01&story=guacamaya&step=2&theme=dark",
        display.as_dict(), [{"name": "guacamaya"}],
    )  # fmt: skip
    assert tip.startswith("Presentation mode")
    # presenting, the link's tooltip says how to leave
    presenting = Display(present=True, theme="dark").as_dict()
    tip, *_ = update_display(data, "?present=1", presenting, [])
    assert tip.startswith("Leave presentation")
    assert links == ["?theme=dark&story=guacamaya&step=1"]
    assert panel is not None


# --- themes and large type -------------------------------------------------


def test_presentation_mode_draws_labels_at_least_18px(data):
    view = View(date(2025, 11, 21), date(2025, 12, 11))
    value = view_store(view, None)
    normal = update_figures(data, value)[1]
    large = update_figures(data, value, {"present": True})[1]

    def label_sizes(figure):
        return [
            size
            for trace in figure["data"]
            if trace.get("mode", "").endswith("text")
            for size in [trace["textfont"]["size"]]
        ]

    assert min(label_sizes(large)) >= 18 > min(label_sizes(normal))


def test_dark_theme_colours_paper_land_and_ink(data):
    scene = make_scene(data, View(*data.span))
    dark = make_scene(data, View(*data.span), theme=theme_for("dark")).map
    assert dark["layout"]["paper_bgcolor"] == "#16191d"
    assert dark["layout"]["geo"]["landcolor"] != scene.map["layout"]["geo"]["landcolor"]
    label_colours = [
        colour
        for trace in dark["data"]
        if trace.get("textfont", {}).get("color") and trace.get("text")
        for colour in (
            trace["textfont"]["color"]
            if isinstance(trace["textfont"]["color"], list)
            else [trace["textfont"]["color"]]
        )
    ]
    assert label_colours and all(
        c.startswith("rgba(240,240,240") for c in label_colours
    )
    assert scene.map["layout"]["paper_bgcolor"] == "white"  # the original is kept


# --- slide figures ---------------------------------------------------------


def test_slide_carries_title_window_filters_legend_and_sources(data):
    view = View(date(2025, 11, 21), date(2025, 12, 11), states=True, focus="russia")
    scene = make_scene(data, view)
    slide = slide_figure(
        scene.graph, title="Who backs whom", view=view,
        relations=scene.relations, names=data.names,
    )  # fmt: skip
    texts = " | ".join(note["text"] for note in slide["layout"]["annotations"])
    assert "Who backs whom" in texts and "21 Nov – 11 Dec 2025" in texts
    assert "states only" in texts and "Russia highlighted" in texts
    assert "Source: Guacamaya, 11 Dec 2025" in texts
    # a 16:9 slide's points, one CSS px each (PNGs render it at 1600 x 900 and up)
    assert (slide["layout"]["width"], slide["layout"]["height"]) == SLIDE_POINTS
    legend = [t["name"] for t in slide["data"] if t.get("showlegend", True)]
    assert {"cooperative", "conflictual", "speculative"} <= set(legend)


def test_filters_and_sources_in_words(data):
    view = View(date(2025, 1, 1), date(2025, 12, 11), kinds=("call",), min_sources=2)
    assert filters_label(view, data.names) == "call only · 2+ sources"
    # as the page's chips say it: all the conflictual kinds, all but one kind
    conflictual = replace(view, kinds=tuple(data.kind_groups["conflictual"]))
    choices = {"kind_groups": data.kind_groups, "every": {"kinds": data.kinds}}
    assert filters_label(conflictual, data.names, **choices) == (
        "conflictual only · 2+ sources"
    )
    most = replace(view, kinds=tuple(k for k in data.kinds if k != "support"))
    assert filters_label(most, data.names, **choices).startswith("without support")
    relations = data.dataset.relations
    assert sources_label(relations).startswith("Guacamaya, 11 Dec 2025")
    assert sources_label(relations.iloc[:0]) == "no relation shown"
    # imported events have no document: they count under their origin
    events = relations.assign(source_document="", origin="ICEWS").iloc[:3]
    label = sources_label(pd.concat([relations, events, events.iloc[:1]]))
    assert label.startswith("Guacamaya, 11 Dec 2025") and label.endswith("; ICEWS")
    assert sources_label(pd.concat([relations] + [events] * 10)).startswith("ICEWS; ")
    # one document of 300 characters is cut with a sign of it
    long = relations.assign(source_document="Word " * 60).iloc[:2]
    assert sources_label(long).endswith("…") and len(sources_label(long)) <= 190


def test_a_slide_names_the_kinds_it_shows_when_many_are_left_out(data):
    """9 of 21 kinds kept, 12 left out: "9 of 21 relation kinds" alone left a
    slide's audience guessing; the first kept are named, then how many more."""
    every = [f"event kind {n:02}" for n in range(21)]
    kept = tuple(every[:9])
    view = View(date(2025, 1, 1), date(2025, 12, 11), kinds=kept)
    label = filters_label(view, data.names, every={"kinds": every})
    head, rest = label.split(": ", 1)
    assert head == "9 of 21 relation kinds"
    named = rest.rsplit(" and ", 1)[0].split(", ")
    assert named == list(kept[: len(named)]) and 2 <= len(named) < 9
    assert rest.endswith(f" and {9 - len(named)} more")
    assert len(label) <= 110  # one line of a slide
    # every kind named one by one is every kind ("without " had been said)
    every_kind = replace(view, kinds=tuple(every))
    assert filters_label(every_kind, data.names, every={"kinds": every}) == (
        "all relation kinds"
    )


def test_odd_story_shapes_are_problems_not_crashes(tmp_path, dataset):
    path = _story(
        tmp_path,
        "title: Walk\nsteps:\n  - title: A\n    caption: B\n    start: 2025-12-08 10:00\n"
        "    end: 2025-12-11\n    focus: [maduro]\n    relations: 5\n    kinds: 5\n",
    )
    story, problems = read_story(path, dataset)
    assert story is None
    text = " ".join(str(problem) for problem in problems)
    assert "focus" in text and "relations" in text and "line 7" in text


def test_story_link_with_a_view_keeps_that_view(data):
    search = "?story=guacamaya&step=5&start=2025-01-01&end=2025-12-11"
    out = from_url(data, search, controls(data))
    assert out["controls"]["start"] == "2025-01-01"  # the user's window
    assert out["display"]["step"] == 5
    odd, notices = parse_display("?story=guacamaya&step=²", {"guacamaya": 8})
    assert odd.step == 1 and notices


def test_a_step_without_its_story_is_said():
    """'?step=3' alone was ignored unsaid: the link was cut short."""
    display, notices = parse_display("?present=1&step=3", {"guacamaya": 8})
    assert display.story is None and display.present
    assert notices == ["step '3' needs a story (story=NAME): not shown"]


def test_a_story_link_with_a_filter_added_keeps_the_step_under_it(data):
    """'?story=guacamaya&step=5&sources=2' showed the whole span with no
    focus under step 5's caption: a filter added by hand is now laid over the
    step's window and focus, in the page and in the step's image alike."""
    out = from_url(data, "?story=guacamaya&step=5&sources=2", controls(data))
    set_to = out["controls"]
    assert (set_to["start"], set_to["end"]) == ("2025-11-21", "2025-11-24")
    assert set_to["selection"] == {"actor": "lukashenko"}
    assert set_to["min_sources"] == 2 and out["notice"] == ""
    # the link's own focus wins over the step's; a bad part is said
    other = from_url(
        data, "?story=guacamaya&step=5&focus=putin&depth=9", controls(data)
    )
    assert other["controls"]["selection"] == {"actor": "putin"}
    assert other["controls"]["start"] == "2025-11-21" and "depth" in other["notice"]
    slide, notices = step_slide(data, "?story=guacamaya&step=5&sources=2")
    assert (slide.view.start, slide.view.focus) == (date(2025, 11, 21), "lukashenko")
    assert slide.view.min_sources == 2 and notices == []
    slide, notices = step_slide(data, "?story=guacamaya&step=5&depth=9")
    assert slide.view.focus == "lukashenko" and "depth" in notices[0]
    # a window of its own: the link is the view, not the step's
    assert step_slide(data, "?story=guacamaya&step=5&start=2025-01-01")[0] is None


def test_a_story_deck_says_what_each_step_highlights_and_has_speaker_notes(
    data, monkeypatch
):
    """A step that highlights relations says how many on its slide (its
    filters alone said "all relations"); the PowerPoint deck carries each
    slide's words as speaker notes, and the data's title as its own."""
    from pptx import Presentation

    from dashboard.outputs import briefing

    monkeypatch.setattr(briefing, "render_image", lambda figure, **_: PNG)
    story = data.stories["guacamaya"]
    slides = briefing.story_slides(data, story)
    deck = Presentation(io.BytesIO(briefing.make_deck(data, slides)))
    assert deck.core_properties.title == data.title
    for step, slide, page in zip(story.steps, slides, deck.slides):
        words = "\n".join(s.text_frame.text for s in page.shapes if s.has_text_frame)
        said = page.notes_slide.notes_text_frame.text
        assert slide.title in said and step.caption in said
        if step.relations:
            shown = make_scene(data, slide.view).relations
            count = int(shown["id"].isin(step.relations).sum())
            assert count and f"{count} relation" in words
            assert "highlighted" in words.split("Shown: ")[1]
        elif not step.focus:
            assert "highlighted" not in words


#: The smallest PNG: a deck's picture, where rendering is not tested here.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def test_a_deck_of_data_with_a_long_title_is_made(data, monkeypatch):
    """PowerPoint holds a title of 255 characters at most; six states of long
    names make a longer one, which raised and lost the deck."""
    from pptx import Presentation

    from dashboard.outputs import briefing

    monkeypatch.setattr(briefing, "render_image", lambda figure, **_: PNG)
    monkeypatch.setattr(type(data), "title", property(lambda _: "Who backs whom " * 30))
    slides = briefing.story_slides(data, data.stories["guacamaya"])[:1]
    deck = Presentation(io.BytesIO(briefing.make_deck(data, slides)))
    title = deck.core_properties.title
    assert 200 < len(title) <= 255 and title.startswith("Who backs whom")


def test_a_story_decks_file_is_named_after_the_story_not_the_open_step(
    data, monkeypatch
):
    """Asked for at step 3, the story's deck of 8 slides was named after
    step 3's window ("deck_2025-11-01_2025-11-20"), as if it held that alone."""
    from dashboard.web import files

    monkeypatch.setattr(files, "make_deck", lambda data, slides, **_: b"pptx")
    story = data.stories["guacamaya"]
    step = story.steps[2]
    store = view_store(View(step.start, step.end), None)
    display = {"story": "guacamaya", "step": 3}
    trigger = {"type": ids.DECK_EXPORT, "format": "pptx"}
    sent, said = files.update_briefing(
        lambda _: None, data, trigger, "map", display, store
    )
    assert sent["filename"].startswith("alliance-atlas-deck-guacamaya_2019-01-01_")
    assert "2025-12-11" in sent["filename"] and sent["filename"].endswith(".pptx")
    assert sent["filename"] in said
    # the same deck, the same name, whichever step is open
    other = {"story": "guacamaya", "step": 6}
    again, _ = files.update_briefing(lambda _: None, data, trigger, "map", other, store)
    assert again["filename"] == sent["filename"]
    # a deck of the view alone keeps the view's window
    sent, _ = files.update_briefing(lambda _: None, data, trigger, "map", {}, store)
    assert sent["filename"].startswith(
        f"alliance-atlas-deck_{step.start.isoformat()}_{step.end.isoformat()}_"
    )


def test_a_paths_slide_says_its_chains(data):
    """A deck of a path's view listed the busiest pairs beside it; only its
    footer named the path."""
    from dashboard.outputs.briefing import view_slide

    view = View(date(2025, 11, 1), date(2025, 12, 11), path=("lukashenko", "trump"))
    slide = view_slide(data, view, "Path")
    assert slide.caption == (
        "1 shortest chain of 2 steps from Lukashenko to Trump: "
        "Lukashenko → Maduro → Trump."
    )
    none = view_slide(
        data, replace(view, start=date(2019, 1, 1), end=date(2019, 12, 31)), "Path"
    )
    assert none.caption.startswith("No chain of relations links Lukashenko and Trump")
    plain = view_slide(data, replace(view, path=None), "All")
    assert plain.caption.startswith("The busiest pairs: ")


def test_a_script_given_a_dark_links_query_draws_it_dark(monkeypatch, tmp_path):
    """The page draws the image, and the time-lapse, of a ``theme=dark`` link
    dark; ``render --query`` and ``timelapse --query`` of that link drew
    them light unless ``--theme dark`` was said again. ``--theme`` still
    wins."""
    from contextlib import nullcontext

    from dashboard.outputs import briefing, imaging, timelapse

    papers: list[str] = []
    monkeypatch.setattr(
        briefing,
        "render_image",
        lambda figure, **_: papers.append(figure["layout"]["paper_bgcolor"]) or PNG,
    )
    themes: list[str] = []
    monkeypatch.setattr(
        timelapse,
        "make_timelapse",
        lambda data, frames, *, theme, **_: themes.append(theme) or b"GIF89a",
    )
    monkeypatch.setattr(imaging, "browser_session", nullcontext)
    out = str(tmp_path / "x")
    query = "?theme=dark&start=2025-11-01&end=2025-12-11&kinds=call"
    assert main(["render", "--query", query, "--out", out]) == 0
    assert main(["render", "--query", query, "--theme", "light", "--out", out]) == 0
    assert main(["render", "--query", "?start=2025-11-01", "--out", out]) == 0
    assert papers == [theme_for("dark").paper, "white", "white"]
    for extra in ([], ["--theme", "light"]):
        code = main(["timelapse", "--query", query, "--format", "gif", *extra,
                     "--out", out])  # fmt: skip
        assert code == 0
    assert themes == ["dark", "light"]


def test_render_reads_a_whole_address_and_names_a_bad_date(
    monkeypatch, tmp_path, capsys
):
    """``render --query`` of a whole address dropped its start unsaid; of
    '?start=2025-13-01' it said "--end 2025-12-11 is before --start
    2025-13-01", and of a date that is none "…: ignored", writing nothing."""
    from dashboard.outputs import briefing

    drawn: list[str] = []
    monkeypatch.setattr(
        briefing,
        "render_image",
        lambda figure, *, title, **_: drawn.append(title) or PNG,
    )
    out = str(tmp_path / "x.png")
    link = "http://127.0.0.1:8050/?start=2025-11-21&end=2025-11-24"
    assert main(["render", "--query", link, "--out", out]) == 0
    assert "21 Nov – 24 Nov 2025 · 9 relations" in drawn[0]
    capsys.readouterr()
    for query in ("?start=2025-13-01", "?start=2025-02-30&end=2025-12-01"):
        assert main(["render", "--query", query, "--out", out]) == 2
        err = capsys.readouterr().err
        day = query[7:17]
        assert f"--query, nothing written: start '{day}' is not a date" in err
        assert "before" not in err and "ignored" not in err


def test_a_script_given_a_focus_and_a_relation_draws_the_focus_as_the_page(
    monkeypatch, tmp_path
):
    """A link with ``focus`` and ``relation`` shows the focus on the page
    (the relation is ignored beside it), and its image from the page said
    "Maduro highlighted"; ``render --query`` of the same link highlighted the
    relation too ("· 1 relation highlighted") and framed the map on it."""
    import json

    from dashboard.outputs import briefing

    said: list[str] = []
    monkeypatch.setattr(
        briefing,
        "render_image",
        lambda figure, **_: said.append(json.dumps(figure["layout"])) or PNG,
    )
    out = str(tmp_path / "x.png")
    query = "?start=2025-11-01&end=2025-12-11&focus=maduro&relation=r04"
    assert main(["render", "--query", query, "--out", out]) == 0
    assert main(["render", "--query", "?relation=r04", "--focus", "maduro",
                 "--out", out]) == 0  # fmt: skip
    assert main(["render", "--query", "?relation=r04", "--out", out]) == 0
    assert ["Maduro highlighted" in words for words in said] == [True, True, False]
    assert ["relation highlighted" in words for words in said] == [False, False, True]


def test_a_story_steps_image_from_the_page_is_titled_as_the_step(data, monkeypatch):
    """The page's image of an open story step was titled with the data's
    title, while ``render --query '?story=...&step=N'`` of that page's link
    (and the story's deck) titled it "N. <the step's title>". A control
    changed, the view is the user's own and keeps the data's title."""
    from dashboard.core.stories import step_view
    from dashboard.web import files

    titles: list[str] = []
    monkeypatch.setattr(
        files, "view_image", lambda data, slide, **_: titles.append(slide.title) or PNG
    )
    story = data.stories["guacamaya"]
    step = story.steps[6]
    display = {"story": "guacamaya", "step": 7}
    trigger = {"type": ids.IMAGE_EXPORT, "format": "png2"}
    for view in (step_view(step), replace(step_view(step), kinds=("call",))):
        files.update_briefing(
            lambda _: None, data, trigger, "map", display, view_store(view, None)
        )
    assert titles == [f"7. {step.title}", data.title]


def test_a_path_with_no_chain_says_so_on_the_page_and_the_image(data, monkeypatch):
    """Trump to CIAN in November: no chain, and CIAN (no relation in the
    window) drawn faded. The Path tab said it, hidden when presenting; the
    header and the image's filter line say it now, and why the end fades."""
    from dashboard.outputs import briefing

    view = View(date(2025, 11, 1), date(2025, 11, 30), path=("trump", "cian"))
    header = update_figures(data, view_store(view, None))[3]
    assert header.endswith("· no chain: CIAN has no relation shown")
    seen = {}
    monkeypatch.setattr(
        briefing, "render_image", lambda figure, **_: seen.setdefault("fig", figure)
    )
    briefing.view_image(data, briefing.view_slide(data, view, "Path"))
    words = [a.get("text", "") for a in seen["fig"]["layout"]["annotations"]]
    shown = next(text for text in words if "Shown:" in text)
    assert "path Trump → CIAN · no chain: CIAN has no relation shown" in shown.replace(
        "\u2068", ""
    ).replace("\u2069", "")
    # within a focus's neighbourhood, the neighbourhood is named: an end with
    # relations in the window was said to have none (ICEWS: Lavrov, 1 step,
    # a path to Maduro)
    from types import SimpleNamespace

    from dashboard.core.notes import no_chain_words

    near = replace(view, path=("lukashenko", "maduro"), focus="lukashenko", depth=1)
    shown = SimpleNamespace(
        path=SimpleNamespace(paths=[]),
        relations=pd.DataFrame({"source": ["lukashenko"], "target": ["salazar"]}),
        focus_hidden="",
    )
    assert no_chain_words(data, near, shown) == (
        "no chain: Maduro has no relation shown within 1 step of Lukashenko"
    )
    # a focus the filters hide draws no neighbourhood: none is named
    shown.focus_hidden = "Lukashenko hidden: a person"
    assert no_chain_words(data, near, shown) == "no chain: Maduro has no relation shown"
    # a path that finds its chain says nothing more
    found = replace(view, path=("trump", "maduro"))
    assert "chain" not in update_figures(data, view_store(found, None))[3]


def test_an_image_with_a_relation_highlighted_has_a_name_of_its_own(data, monkeypatch):
    """An image with one relation highlighted had the name of the same view's
    image without: two different slides, one name in the Downloads folder."""
    from dashboard.web import files

    monkeypatch.setattr(files, "view_image", lambda *_, **__: b"png")
    view = View(date(2025, 11, 1), date(2025, 12, 11))
    trigger = {"type": ids.IMAGE_EXPORT, "format": "png2"}

    def name(selection):
        store = view_store(view, selection)
        return files.update_briefing(lambda _: None, data, trigger, "graph", {}, store)[
            0
        ]["filename"]

    plain, chosen = name(None), name({"relation": "r18"})
    assert plain != chosen
    assert chosen == name({"relation": "r18"}) and chosen != name({"relation": "r15"})
    # with a focus too (the link then names the focus alone)
    view = replace(view, focus="maduro")
    assert name(None) != name({"relation": "r18"})


def test_an_image_of_the_network_is_named_as_the_page_names_it(data, monkeypatch):
    """The page says "Network"; its images were "alliance-atlas-graph_…"."""
    from dashboard.web import files

    monkeypatch.setattr(files, "view_image", lambda data, slide, **_: b"png")
    store = view_store(View(date(2025, 11, 1), date(2025, 12, 11)), None)
    png = {"type": ids.IMAGE_EXPORT, "format": "png2"}
    sent, _ = files.update_briefing(lambda _: None, data, png, "graph", {}, store)
    assert sent["filename"].startswith("alliance-atlas-network_2025-11-01_2025-12-11_")
    sent, _ = files.update_briefing(lambda _: None, data, png, "map", {}, store)
    assert sent["filename"].startswith("alliance-atlas-map_2025-11-01_2025-12-11_")
