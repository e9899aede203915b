"""The page's state in one place: the URL, the view's controls and the View
store kept in step, and the date window moved by steps, play and the time
bar (a preset moves it in the page: assets/clientside.js presetWindow).

The View is built here once per interaction and stored as its query string;
every other callback reads it from the store (see `view_from_store`).
"""

from __future__ import annotations

from dataclasses import replace

from dash import no_update

from dashboard.core.aggregate import states_ends
from dashboard.core.describe import window_label
from dashboard.core.model import AppData, shown_view, view_of
from dashboard.core.stories import step_view
from dashboard.core.urlstate import (
    Display,
    over_step,
    parse_day,
    parse_display,
    parse_relation,
    repeated_params,
    to_query,
)
from dashboard.core.view import View, filtered_rows
from dashboard.core.window import (
    step_window,
    step_windows,
    window_from_selection,
    within_span,
)
from dashboard.figures.overview import link_relations
from dashboard.web import ids
from dashboard.web.controls import (
    changed_controls,
    controls_to_view,
    filter_chips,
    filter_gesture,
    filtered_controls,
    unchanged_chips,
    unchanged_controls,
    view_to_controls,
)
from dashboard.web.inputs import (
    camera_store,
    clean_camera,
    clean_chip_ids,
    clean_controls,
    clean_pick,
    clean_selection,
    clean_stance_ids,
    clean_store,
    clean_tab,
    is_unicode,
    refit_key,
)

__all__ = [
    "relation_highlight",
    "update_state",
    "view_from_store",
    "view_store",
]

#: The longest link read; browsers and servers refuse longer ones anyway.
MAX_LINK = 16_000
#: The components that move the date window on the server (besides the date
#: picker itself; a preset sets the date picker in the page).
WINDOW_MOVERS = (ids.TIME_BAR, ids.STEP_BACK, ids.STEP_FORWARD, ids.PLAY_TIMER)


def view_store(view: View, selection: dict | None) -> dict:
    """What the View store holds: the view as its query string, and the
    selection (an actor, or relations, which the view does not name)."""
    return {"query": to_query(view), "selection": selection or None}


def view_from_store(data: AppData, store) -> tuple[View, dict | None]:
    """The View and the selection of a View store's value; the whole span when
    the store is empty (before the first state update) or unreadable."""
    store = clean_store(store)
    return view_of(data, store["query"]), store["selection"]


def update_state(
    data: AppData,
    trigger,
    *,
    from_url: bool,
    search: str | None,
    controls: dict,
    selected=None,
    current: dict | None = None,
    current_display: dict | None = None,
    stance_ids: list[dict] = (),
    timer_off: bool = True,
    picked=None,
    chip_ids: list[dict] | None = None,
    tab=None,
    camera=None,
) -> dict:
    """Keep the URL, the controls and the View store in step, in one callback.

    ``from_url``: the page was opened or its URL edited (a story step is a
    link too): set every control from it. ``trigger`` a window mover (step,
    play tick, time bar; ``selected`` is the time bar's selection): move the
    window, and stop playing (``timer_off`` False) unless the tick moved it;
    Play pressed at the last step moves it to the first (`_play_from_start`).
    Otherwise a control changed (a preset's dates among them): write the URL,
    keeping how the view is shown. The View store (``current``) is written
    only when it holds another view. Returns the outputs by name: search,
    controls, view, display, notice, stop (the play timer's ``disabled``) and
    tab (the details card's, ``tab`` now: a link sets it, and the URL follows
    it), and the filter chips when they say something new. A one-click
    filter (a stance's heading, an "only", a legend entry ``picked``, a
    chip's ✕) changes the view's filters and their controls. ``camera``:
    where the user took the map (its store), written into the URL while its
    frame stands; a link's own is written into that store.
    """
    opened = search  # as in the address bar
    search, link_notices = _readable_link(search)
    kept_notice = None
    if not from_url:
        controls, kept_notice = _window_kept(data, controls, current)
    controls, control_notices = clean_controls(data, controls)
    stance_ids = clean_stance_ids(stance_ids)
    chips = clean_chip_ids(chip_ids)
    display, display_notices = parse_display(
        search,
        {name: len(story.steps) for name, story in data.stories.items()},
        data.stories_left_out,
    )
    out = {
        "search": no_update,
        "controls": unchanged_controls(len(stance_ids)),
        "notice": no_update,
        "again": no_update,
        "link_shown": no_update,
        "stop": no_update,
        "tab": no_update,
        "camera": no_update,
        "chips": unchanged_chips(len(chips)),
    }
    selection = controls.get("selection")
    tab = clean_tab(tab)
    if from_url:
        if display.story:  # the step's view, with what the link adds
            step = data.stories[display.story].steps[display.step - 1]
            view = view_of(data, over_step(to_query(step_view(step)), search))
        else:
            view = view_of(data, search)
        relation, relation_notices = parse_relation(
            search, relations=data.labels, actors=data.names
        )
        notices = [*link_notices, *view.notices, *display_notices, *relation_notices]
        invalid = (
            "Link partly invalid, defaults used: " + "; ".join(notices) + "."
            if notices
            else ""
        )
        out["notice"] = " ".join(filter(None, (invalid, _window_outside(data, view))))
        # Copy link gives the view shown, not the parts the notice refused
        # (a colleague opening it was told of them again)
        out["link_shown"] = (
            {"search": opened, "query": to_query(view, display, relation=relation)}
            if notices and opened == search  # readable, as the page reads it
            else None
        )
        wanted = view_to_controls(data, view, stance_ids)
        if wanted["selection"] is None and relation:  # the focus comes first
            wanted["selection"] = {"relation": relation}
        out["controls"] = changed_controls(wanted, controls)
        selection = wanted["selection"]
        # the map where the link took it, in the frame the link opens on
        out["camera"] = camera_store(
            display.camera, refit_key(display, clean_selection(selection))
        )
        own = isinstance(camera, dict) and camera.get("address") == opened
        if own and _same_view(view, selection, display, tab, current, current_display):
            # the page wrote where the map looks into its address
            # (assets/panels.js): the notice shown, the controls and the view
            # stay as they are
            return {
                **dict.fromkeys(out, no_update),
                "controls": unchanged_controls(len(stance_ids)),
                "chips": unchanged_chips(len(chips)),
                "camera": out["camera"],
                "view": no_update,
                "display": no_update,
            }
        if display.tab != tab:
            out["tab"] = display.tab
        if not timer_off and _story_moved(display, current_display):
            out["stop"] = True  # the step's own window, not Play's next
    else:
        display = replace(display, tab=tab)
        view = controls_to_view(data, controls)
        kept = clean_camera(camera, refit_key(display, clean_selection(selection)))
        display = replace(display, camera=kept)
        if camera is not None and kept is None:  # framed anew: forgotten, or
            out["camera"] = None  # a selection undone brought a link's back
        gestured = filter_gesture(data, trigger, view, clean_pick(picked))
        if gestured is not None:  # a stance, an "only", a legend entry, a chip
            view = gestured
            out["controls"] = filtered_controls(data, view, stance_ids, controls)
        if trigger == ids.PLAY:  # the timer's ticks step; at the end, from the top
            window = _play_from_start(data, view) if timer_off else None
            if not isinstance(window, tuple):  # playing on, or nothing to play
                if window is None:
                    return {**out, "view": no_update, "display": no_update}
                return {
                    **out,
                    "view": no_update,
                    "display": no_update,
                    "notice": window,
                    "again": True,  # pressed again: said again
                }
        else:
            window = _moved_window(data, trigger, view, selected)
        if window is None and _is_mover(trigger):  # nothing further: stop playing
            stop = trigger in (ids.STEP_BACK, ids.STEP_FORWARD, ids.PLAY_TIMER)
            notice = (
                _step_nowhere(view, forward=trigger == ids.STEP_FORWARD)
                if trigger in (ids.STEP_BACK, ids.STEP_FORWARD)
                else _drag_outside(data, trigger, selected)
            )
            return {**out, "view": no_update, "display": no_update, "notice": notice,
                    # a press: said again (not at Play's ticks)
                    "again": True if trigger != ids.PLAY_TIMER else no_update,
                    "stop": True if stop and not timer_off else no_update}  # fmt: skip
        if window is not None:
            view = replace(view, start=window[0], end=window[1])
            out["controls"]["start"] = window[0].isoformat()
            out["controls"]["end"] = window[1].isoformat()
            if trigger == ids.TIME_BAR:  # a drag that took: not one beyond the data
                out["notice"] = ""
            if trigger != ids.PLAY_TIMER and not timer_off:  # a step
                out["stop"] = True  # stops playing
        out["search"] = to_query(
            view, display, relation=(selection or {}).get("relation")
        )
        if control_notices:
            out["notice"] = "Defaults used: " + "; ".join(control_notices) + "."
        elif kept_notice:  # a step moved it: the window did not stay
            out["notice"] = kept_notice if window is None else ""
        elif split_outside := _split_outside(controls, view, trigger):
            out["notice"] = split_outside
        elif trigger == ids.DATE_RANGE:  # dates that read well: no word of others
            out["notice"] = ""
    store = view_store(view, selection)
    # the store may hold this view already: a preset wrote it in the page
    # (assets/clientside.js presetWindow), or new data redrew it
    before = clean_store(current)
    same = current is not None and store == before
    if not same:
        shown = view_of(data, before["query"]) if before["query"] else None
        out["chips"] = filter_chips(data, view, chips, shown)
        if not from_url and out["notice"] is no_update:
            # the view moved on: a word about the one before (a link's
            # window outside the data, its invalid parts) no longer holds,
            # and a presenter stepping with the keys has nothing to click
            out["notice"] = ""
    return {
        **out,
        "view": no_update if same else store,
        "display": no_update
        if display.as_dict() == current_display
        else display.as_dict(),
    }


def _same_view(view: View, selection, display, tab, current, current_display) -> bool:
    """Whether a URL read as a link shows what the page shows already, but
    maybe for where the map looks."""
    return (
        current is not None
        and view_store(view, selection) == clean_store(current)
        and display.as_dict() == current_display
        and display.tab == tab
    )


def _story_moved(display, current_display: dict | None) -> bool:
    """Whether a link opened another story or another step of one: Play,
    running on, moved a story's step 3 on to the windows of steps 4 to 6
    within a second, under step 3's caption."""
    shown = current_display if isinstance(current_display, dict) else {}
    return bool(display.story) and (display.story, display.step) != (
        shown.get("story"),
        shown.get("step"),
    )


def _readable_link(search) -> tuple[str, list[str]]:
    """The URL's query string, or none (the defaults) and why: too long to
    read, or not text (a lone surrogate, which no link or notice can hold)."""
    if not isinstance(search, str):
        return "", []
    if len(search) > MAX_LINK:
        return "", [f"the link is longer than {MAX_LINK:,} characters"]
    if not is_unicode(search):
        return "", ["the link is not valid text"]
    return search, repeated_params(search)


def _window_kept(data: AppData, controls, current) -> tuple[dict, str | None]:
    """The controls with the window shown (the View store's, ``current``) in
    place of a date picker's start typed after its end, and the notice that
    says so; else the controls as they are and None. A start typed after the
    end is half of a new window: the whole span in its place redrew
    everything (a second at 100,000 relations) and said the dates could not
    be read, while the picker showed them."""
    values = controls if isinstance(controls, dict) else {}
    start, end = parse_day(values.get("start")), parse_day(values.get("end"))
    if start is None or end is None or start <= end:
        return controls, None
    shown, _ = view_from_store(data, current)
    notice = (
        f"The start, {window_label(start, start)}, is after the end, "
        f"{window_label(end, end)}: the window stays "
        f"{window_label(shown.start, shown.end)}."
    )
    kept = {**values, "start": shown.start.isoformat(), "end": shown.end.isoformat()}
    return kept, notice


def _window_outside(data: AppData, view: View) -> str | None:
    """The notice for a link's window that holds none of the data's days,
    else None: kept as asked (data kept current may reach it), but said, as a
    mistyped year showed an empty page with no word why."""
    first, last = data.span
    if first <= view.end and view.start <= last:
        return None
    return (
        f"The window {window_label(view.start, view.end)} holds none of the "
        f"data's days ({window_label(first, last)}): nothing to show."
    )


def _split_outside(controls: dict, view: View, trigger) -> str | None:
    """The notice for a "Change before / after" date the window has left (it
    splits the window again once the window holds it), else None: a step
    past it dropped the split from the view and the link unsaid, the field
    still showing its date. Not at Play's ticks: it says so at the first
    step, and a dismissed notice would come back at every tick."""
    split = parse_day(controls.get("compare"))
    if split is None or view.compare is not None or trigger == ids.PLAY_TIMER:
        return None
    day = window_label(split, split)
    if split == view.start:
        return (
            f"The change before / after {day} is the window's first day, with "
            "none before it: it splits the window again once the window starts "
            "earlier."
        )
    return (
        f"The change before / after {day} is outside the window: it splits the "
        "window again once the window holds it."
    )


def _is_mover(trigger) -> bool:
    return trigger in WINDOW_MOVERS


def _drag_outside(data: AppData, trigger, selected):
    """The notice for a drag on the time bar that covers none of the data's
    days (it moves nothing), else no_update: without it the drag looked lost."""
    if (
        trigger != ids.TIME_BAR
        or window_from_selection(selected, data.timeline) is None
    ):
        return no_update
    first, last = data.span
    return f"The selection is outside the data ({first} to {last}): window unchanged."


def _step_nowhere(view: View, *, forward: bool) -> str:
    """The notice for ◀ or ▶ (a click, an arrow key) that finds no step
    further: the press had done nothing, unsaid."""
    window = window_label(view.start, view.end)
    # "starts after 8 Dec – 11 Dec 2025" read as after a span: the day, then
    # the window
    if forward:
        day = window_label(view.end, view.end)
        return f"▶: nothing of this view starts after {day}; {window} is its last step."
    day = window_label(view.start, view.start)
    return f"◀: nothing of this view starts before {day}; {window} is its first step."


def _play_from_start(data: AppData, view: View) -> tuple | str | None:
    """Where Play, pressed, starts: None where the timer's first tick has a
    step to go to; the first step when the window is at the last (or past
    the data), as a player at its end plays again from the start; a notice
    when there is nothing to step through. Play at the last step had turned
    to Pause and back, unsaid."""
    shown, window = _filtered(data, view), (view.start, view.end)
    if step_window(shown, window, forward=True) is not None:
        return None
    steps = step_windows(shown)
    if not steps:
        return "▶ Play: nothing in this view to step through."
    if steps[0] == window:
        return (
            f"▶ Play: this view has one step, {window_label(*window)}: nothing to play."
        )
    return steps[0]


def _moved_window(data: AppData, trigger, view: View, selected):
    """The new window when ``trigger`` moves it, else None (also when a move
    finds nothing further)."""
    if trigger == ids.TIME_BAR:
        new = window_from_selection(selected, data.timeline)
        return None if new is None else within_span(new, data.span)
    if trigger in (ids.STEP_BACK, ids.STEP_FORWARD, ids.PLAY_TIMER):
        return step_window(
            _filtered(data, view),
            (view.start, view.end),
            forward=trigger != ids.STEP_BACK,
        )
    return None


def _filtered(data: AppData, view: View):
    """The relations ``view``'s filters keep, in every window: steps land on
    what the filters show, or a step could show nothing new."""
    _, table, rows = filtered_rows(data.dataset, view)
    return table[rows]


def relation_highlight(
    data: AppData, selection: dict | None, display: Display, *, view: View | None = None
) -> dict | None:
    """The relations to draw at full strength: those selected, else the open
    story step's; None leaves the view's own emphasis (a selected actor's).
    An overview's link (``states:a~b``) is every relation it stands for in
    ``view`` (without it, the two ends as a pair: figures/common.py)."""
    if selection and selection.get("relation"):
        if states_ends(selection["relation"]) and view is not None:
            shown = shown_view(data, view)
            link = link_relations(data, view, shown, selection["relation"])
            if link is not None and len(link.relations):
                return {"relation": "|".join(link.relations["id"].tolist())}
        return selection
    story = data.stories.get(display.story) if display.story else None
    step = story.steps[display.step - 1] if story else None
    return {"relation": "|".join(step.relations)} if step and step.relations else None
