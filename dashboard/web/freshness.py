"""New data while a page is open: the page asks now and then, says what
arrived ("updated 14:15, 312 new relations") and redraws the view it shows
on the new data, keeping the user's window, filters and selection."""

from __future__ import annotations

from dash import no_update

from dashboard.core.live import LiveData
from dashboard.web.inputs import clean_store, text

__all__ = ["data_seen", "update_freshness"]


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
