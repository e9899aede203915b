"""New data while a page is open: the page asks now and then, says what
arrived ("updated 14:15, 312 new relations") and redraws the view it shows
on the new data, keeping the user's window, filters and selection; its
presets become the new data's."""

from __future__ import annotations

from dash import no_update

from dashboard.core.live import LiveData
from dashboard.core.model import AppData
from dashboard.web.inputs import clean_store, text
from dashboard.web.layout import preset_buttons, preset_windows
from dashboard.web.state import view_from_store
from dashboard.web.views import preset_labels

__all__ = ["data_seen", "update_freshness", "update_presets"]


def data_seen(live: LiveData) -> str | None:
    """What a page drawn now shows: the data's generation and its last
    update, or None before any update."""
    if live.update is None:
        return None
    return f"{live.generation}|{live.update.at.isoformat()}"


def update_freshness(live: LiveData, seen, store) -> tuple:
    """(notice, seen, View store): the words of an update the page has not
    seen, and the View store again, so that its figures, card and tables
    are made on the new data; no_update when nothing new arrived."""
    live.data  # noqa: B018 - asking is what starts a reload when files changed
    now = data_seen(live)
    seen = text(seen)
    if now is None or now == seen:
        return no_update, no_update, no_update
    generation = now.split("|")[0]
    redraw = seen is None or seen.split("|")[0] != generation
    if not redraw or store is None:  # a reload that failed, or no view yet
        return live.update.words(), now, no_update
    return live.update.words(), now, {**clean_store(store), "data": generation}


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
