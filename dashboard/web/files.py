"""Adapters for what the page hands over as files: data exports in the request,
images, decks and time-lapses in background jobs (rendering takes seconds and
a browser).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from dash import dcc, no_update

from dashboard.core.model import AppData
from dashboard.core.stories import step_view
from dashboard.core.urlstate import to_query
from dashboard.core.view import View
from dashboard.outputs import timelapse
from dashboard.outputs.briefing import (
    Slide,
    make_deck,
    story_slides,
    view_image,
    view_slide,
)
from dashboard.outputs.exports import FORMATS, export_view
from dashboard.outputs.imaging import ImageError, browser_session
from dashboard.outputs.timelapse import TimelapseError, make_timelapse, plan_frames
from dashboard.web import ids
from dashboard.web.inputs import clean_camera, clean_display, refit_key, text
from dashboard.web.state import relation_highlight, view_from_store

__all__ = [
    "image_name",
    "update_briefing",
    "update_download",
    "update_timelapse",
]

#: The image buttons: format key -> (format, scale).
IMAGE_FORMATS = {"png2": ("png", 2), "png3": ("png", 3), "svg": ("svg", 1),
                 "pdf": ("pdf", 1)}  # fmt: skip


def update_download(data: AppData, trigger, store: dict | None):
    """The shown actors and relations as a file, in the format of the button."""
    if not isinstance(trigger, dict) or text(trigger.get("format")) not in FORMATS:
        return no_update
    view, _ = view_from_store(data, store)
    content, name, _ = export_view(data, view, trigger["format"])
    return dcc.send_bytes(content, name)


def update_briefing(
    set_progress,
    data: AppData,
    trigger,
    figure,
    display_data,
    store: dict | None,
    camera_data: dict | None = None,
):
    """A slide-ready image of the map or graph, or a deck (of this view, or of
    every step of the story shown), rendered in a background job; the map
    where the user took it (``camera_data``), but for a story's deck, whose
    steps each frame their own.

    ``set_progress`` takes (done, total) as the job goes on.
    Returns (download, status line).
    """
    if not isinstance(trigger, dict) or "type" not in trigger:
        return no_update, no_update
    display = clean_display(display_data, data)
    view, selection = view_from_store(data, store)
    display = replace(
        display, camera=clean_camera(camera_data, refit_key(display, selection))
    )
    story = data.stories.get(display.story) if display.story else None
    title = data.title
    if story and view == step_view(story.steps[display.step - 1]):
        # the step as its link shows it: titled as `render --query` of that
        # link and the story's deck title it ("3. ..."), not as any view
        title = story_slides(data, story)[display.step - 1].title
    # the relation drawn highlighted too: two images told apart by it alone
    # had the same name
    chosen = (selection or {}).get("relation")
    stamp = to_query(view, display) + (f"&relation={chosen}" if chosen else "")
    figure = figure if figure in ("map", "graph") else "map"
    # as the page draws it: an overview's link is every relation it stands for
    highlight = relation_highlight(data, selection, display, view=view)
    try:
        if trigger["type"] == ids.IMAGE_EXPORT:
            fmt, scale = IMAGE_FORMATS.get(text(trigger.get("format")), ("png", 2))
            set_progress(("0", "1"))
            content = view_image(
                data,
                Slide(
                    view=view, title=title, selection=highlight, camera=display.camera
                ),
                figure=figure,
                format=fmt,
                scale=scale,
                theme=display.theme,
            )
            # named as the page names it: "network", not "graph"
            what = "network" if figure == "graph" else figure
            name = image_name(what, fmt, view, stamp, scale)
        else:
            fmt = trigger.get("format") if trigger.get("format") == "pdf" else "pptx"
            slides = (
                story_slides(data, story)
                if story
                else [
                    replace(
                        view_slide(data, view, title, highlight),
                        camera=display.camera,
                    )
                ]
            )
            set_progress(("0", str(len(slides))))
            with browser_session():  # one browser for every slide, closed after
                content = make_deck(
                    data,
                    slides,
                    format=fmt,
                    figure=figure,
                    theme=display.theme,
                    keep_browser=True,
                    progress=lambda done: set_progress((str(done), str(len(slides)))),
                    title=story.title if story else title,
                )
            # a story's deck: named after the story and the span of its
            # steps, not the window of the step open when it was asked for
            spanned = replace(
                view,
                start=min(slide.view.start for slide in slides),
                end=max(slide.view.end for slide in slides),
            )
            what = f"deck-{story.name}" if story else "deck"
            # a story's deck is the same whichever step is open
            mark = f"{story.name}|{figure}|{display.theme}" if story else stamp
            name = image_name(what, fmt, spanned, mark)
    except ImageError as error:
        return no_update, f"No image: {error}"
    return dcc.send_bytes(content, name), f"Saved {name}."


def update_timelapse(
    set_progress,
    data: AppData,
    trigger,
    figure,
    display_data,
    store: dict | None,
    camera_data: dict | None = None,
):
    """The view stepped through time as a GIF or an MP4, in a background job:
    the windows Play visits inside the view's window, or the open story's
    steps. The map stays where the user took it (``camera_data``), or on a
    frame that takes in every window's (`timelapse.steady_frames`); a
    story's steps each frame their own.

    ``set_progress`` takes (done, total, words) as the frames render.
    Returns (download, status line).
    """
    if (
        not isinstance(trigger, dict)
        or text(trigger.get("format")) not in timelapse.FORMATS
    ):
        return no_update, no_update
    fmt = trigger["format"]
    figure = figure if figure in timelapse.FIGURES else "map"
    display = clean_display(display_data, data)
    view, selection = view_from_store(data, store)
    story = data.stories.get(display.story) if display.story else None
    if story is None:
        display = replace(
            display, camera=clean_camera(camera_data, refit_key(display, selection))
        )
    try:
        frames = plan_frames(
            data,
            view,
            story=story,
            selection=relation_highlight(data, selection, display, view=view),
            camera=display.camera,
        )
    except TimelapseError as error:
        return no_update, f"No time-lapse: {error}."
    total = len(frames)

    def said(done: int) -> None:
        words = (
            f"Rendering frame {done + 1} of {total}…"
            if done < total
            else f"Writing the {fmt.upper()}…"
        )
        set_progress((str(done), str(total), words))

    said(0)
    try:
        with browser_session():  # one browser for every frame, closed after
            content = make_timelapse(
                data, frames, format=fmt, figure=figure, theme=display.theme,
                keep_browser=True, progress=said, one_map=story is None,
            )  # fmt: skip
    except (ImageError, TimelapseError) as error:
        return no_update, f"No time-lapse: {error}"
    spanned = replace(
        view,
        start=min(frame.view.start for frame in frames),
        end=max(frame.view.end for frame in frames),
    )
    what = {"map": "map", "graph": "network", "both": "map-network"}[figure]
    if story:
        what = f"{story.name}-{what}"
    name = image_name(f"timelapse-{what}", fmt, spanned, to_query(view, display))
    return dcc.send_bytes(content, name), f"Saved {name} ({len(frames)} frames)."


def image_name(what: str, fmt: str, view: View, query: str, scale=1) -> str:
    """``alliance-atlas-map_2025-11-21_2025-12-11_3f9a1c@2x.png``."""
    stamp = hashlib.sha1(query.encode()).hexdigest()[:6]
    size = f"@{scale}x" if fmt == "png" else ""
    return (
        f"alliance-atlas-{what}_{view.start.isoformat()}_{view.end.isoformat()}"
        f"_{stamp}{size}.{fmt}"
    )
