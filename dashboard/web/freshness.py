"""New data while a page is open: the page asks now and then, says what
arrived ("updated 4 Dec 14:15 UTC, 312 new relations") and redraws the view
it shows on the new data, keeping the user's window (the whole data's, new
days too, on a page that showed the whole), filters and selection; its
presets, the kinds and data sets its filters offer, the days its change
date may take, the header's subtitle, the story links and the network's
"States / All actors" bar become the new data's. Each is made again only
when the new data offers something else: the same offer keeps the
components, and the keyboard's place on them."""

from __future__ import annotations

from dataclasses import replace

from dash import no_update

from dashboard.core.describe import menu_options
from dashboard.core.live import LiveData, waiting_words
from dashboard.core.model import AppData
from dashboard.core.urlstate import with_window
from dashboard.web.controls import FILTERS_SHOWN, every_name, filter_to_control
from dashboard.web.filter_panel import (
    CHOICES,
    choice_checklist,
    filter_offer,
    stance_groups,
)
from dashboard.web.inputs import clean_store, text
from dashboard.web.layout import (
    network_bar_hidden,
    preset_buttons,
    preset_windows,
    story_label,
    story_links,
)
from dashboard.web.state import view_from_store, view_store
from dashboard.web.story_panel import step_href
from dashboard.web.views import preset_labels, shown_display

__all__ = [
    "data_seen",
    "update_filters",
    "update_freshness",
    "update_menus",
    "update_page",
    "update_presets",
]


def data_seen(live: LiveData) -> str | None:
    """What a page drawn now shows: the data's generation and its last
    update, or None before any update."""
    if live.update is None:
        return None
    return f"{live.generation}|{live.update.at.isoformat()}"


def _said(live: LiveData) -> str:
    """The last update's words, and the stores still left out (an update of
    other data had taken their notice's place)."""
    waiting = waiting_words(live.data.dataset.waiting)
    return "; ".join(part for part in (live.update.words(), waiting) if part)


def update_freshness(live: LiveData, seen, store, windows=None, search=None) -> tuple:
    """(notice, seen, View store, address, window start, window end): the
    words of an update the page has not seen, and the View store again, so
    that its figures, card and tables are made on the new data; no_update
    when nothing new arrived. A page on the whole data ("All" of
    ``windows``, the presets it holds) goes on showing the whole, the new
    days too: it had kept the old days alone under "updated 14:15, 9 new
    relations", none of them drawn. Its address (``search``) takes the new
    window, and the page reads its view from it as from any link; its date
    picker takes it in the same answer, so that what the new filters' boxes
    set off next reads the new days (in a slower browser, the old window
    had come back)."""
    live.data  # noqa: B018 - asking is what starts a reload when files changed
    now = data_seen(live)
    seen = text(seen)
    nothing = (no_update,) * 3  # the address and the date picker's days
    if now is None or now == seen:
        return no_update, no_update, no_update, *nothing
    generation = now.split("|")[0]
    redraw = seen is None or seen.split("|")[0] != generation
    if not redraw or store is None:  # a reload that failed, or no view yet
        return _said(live), now, no_update, *nothing
    store, moved = clean_store(store), nothing
    data = live.data
    view, selection = view_from_store(data, store)
    whole = windows.get("All") if isinstance(windows, dict) else None
    window = [view.start.isoformat(), view.end.isoformat()]
    if window == whole and (view.start, view.end) != data.span:
        view = replace(view, start=data.span[0], end=data.span[1])
        store = view_store(view, selection)
        moved = (
            with_window(text(search), *data.span),
            *(day.isoformat() for day in data.span),
        )
    return _said(live), now, {**store, "data": generation}, *moved


def update_presets(data: AppData, held, store) -> tuple:
    """(preset windows, preset buttons) for new data: the windows always (the
    last 30 days move), the buttons only when the presets' names changed
    (``held``: the windows the page holds, by name), labelled for the view
    in ``store``. New calls in March once made a burst and a year the page
    had no button for, and renamed the article's burst: its old button kept
    its old name, without a count, and did nothing. Buttons made again lose
    the keyboard's place, so the same names keep theirs."""
    windows = preset_windows(data.presets)
    names = set(held) if isinstance(held, dict) else set()
    if names == set(data.presets):  # a JSON object's order is not kept
        return windows, no_update
    view, _ = view_from_store(data, store)
    return windows, preset_buttons(data.presets, preset_labels(data, view))


def update_filters(data: AppData, held, store, choice_ids, compare_days) -> dict:
    """What the filters offer, for new data: the kinds' boxes (``kinds``) and
    each choice's checklist (``choices``, in the order of ``choice_ids``)
    made again where the new data offers other kinds or values than the page
    holds (``held``, the FILTER_OFFER store: its new value is ``offer``),
    ticked as the view in ``store`` filters (a kind unticked stays so; one
    new to a page that showed all is ticked); and the change date's first
    and last days (``days``) when the span moved (``compare_days``: the page's).
    The page once offered the data it was opened on until a reload: a kind
    or a data set new to the files could not be chosen, and the next filter
    a user changed left it out unsaid. The same offer keeps the components
    (and the keyboard's place on them)."""
    offer = filter_offer(data.kind_groups, data.choices)
    held = held if isinstance(held, dict) else {}
    span = [day.isoformat() for day in data.span]
    out = {
        "offer": no_update if held == offer else offer,
        "kinds": no_update,
        "choices": [no_update] * len(choice_ids or []),
        "days": [no_update] * 2 if list(compare_days or []) == span else span,
    }
    if held == offer:
        return out
    view, _ = view_from_store(data, store)
    if held.get("kinds") != offer["kinds"]:
        out["kinds"] = stance_groups(data.kind_groups, view.kinds)
    for index, item in enumerate(choice_ids or []):
        field = item.get("field") if isinstance(item, dict) else None
        if field in CHOICES and held.get(field) != offer.get(field):
            offered = offer[field]
            chosen = filter_to_control(
                FILTERS_SHOWN[field], getattr(view, field), offered
            )
            out["choices"][index] = choice_checklist(field, offered, chosen)
    return out


def update_page(
    data: AppData, subtitle, bar_hidden, story_ids, story_words, display, search
) -> dict:
    """What the page says of its data, for new data: the header's subtitle
    (``subtitle``, its text and its title on hover), the network bar's
    ``hidden`` and the story links (``stories``: the list's children), each
    no_update while the page holds the same (its subtitle, ``bar_hidden``, the
    links' ids and words). The page once kept them until a reload: a state
    new to the data was not named under the page's title, a story added to
    the files had no link (and a renamed one its old title), and data grown
    past `network_bar_hidden`'s size was drawn as its states with no way to
    draw every actor. New links keep the presentation mode, theme and tab,
    as `update_display` writes them."""
    title = data.title
    hidden = network_bar_hidden(len(data.dataset.actors))
    stories = [(name, story.title) for name, story in data.stories.items()]
    ids = story_ids if isinstance(story_ids, list) else []
    words = story_words if isinstance(story_words, list) else []
    names = [item.get("name") if isinstance(item, dict) else None for item in ids]
    held = list(zip(names, words, strict=False))
    offered = [(name, story_label(title)) for name, title in stories]
    links = no_update
    if held != offered:
        shown = shown_display(data, search, display)
        links = story_links(stories, lambda name: step_href(shown, name)).children
    return {
        "subtitle": [no_update] * 2 if text(subtitle) == title else [title] * 2,
        "bar_hidden": no_update if bar_hidden is hidden else hidden,
        "stories": links,
    }


def update_menus(options: list[dict], held, typed, chosen) -> list:
    """The actor menus' options for new data (``options``: each of its
    actors', `actor_options`), one per menu in the order of ``held`` (the
    options each holds), ``typed`` (its search text) and ``chosen`` (its
    value): what `menu_options` offers for them (every name while the data
    has few enough: `every_name`), no_update where that is what the menu
    holds. A menu finds a new actor by name as it is typed (from the data of
    the moment), but small data puts every name in it unasked: opened, it
    listed the actors of the page's first data until something was typed,
    and an actor removed from the files could still be chosen."""
    every = every_name(options)
    lists = [value if isinstance(value, list) else [] for value in (typed, chosen)]
    menus = zip(held if isinstance(held, list) else [], *lists, strict=False)
    out = []
    for options_held, text_typed, value in menus:
        offer = menu_options(options, text(text_typed), text(value), every=every)
        out.append(no_update if offer == options_held else offer)
    return out
