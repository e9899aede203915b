"""The image commands: ``render`` a view, a ``deck`` of a story, a
``timelapse`` of a view stepped through time."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from dashboard.cli.common import fail, what_is_wrong, window_dates, write
from dashboard.config import DEFAULT_DATA
from dashboard.core.describe import plural
from dashboard.core.load import load_datasets
from dashboard.core.problems import DataError


def briefing_data(directories: list[str] | None):
    """The app's data and stories for the render and deck commands."""
    from dashboard.core.model import prepare
    from dashboard.core.stories import load_stories

    directories = directories or [str(DEFAULT_DATA)]
    dataset = load_datasets(directories)
    stories, problems = load_stories(directories, dataset)
    for problem in problems:
        print(f"story left out: {problem}", file=sys.stderr)
    return dataclasses.replace(prepare(dataset), stories=stories)


def render(args) -> int:
    """A slide-ready image of a view's map or graph. Exit 2 on a bad argument."""
    from dashboard.core.model import view_of
    from dashboard.core.urlstate import parse_relation
    from dashboard.outputs.briefing import Slide, step_slide, view_image
    from dashboard.outputs.imaging import ImageError

    try:
        data = briefing_data(args.data)
    except DataError as error:
        return fail(error, 1)
    try:
        dates = window_dates(args)
    except ValueError as error:
        return fail(error)
    if not 0 < args.scale <= 6:  # NaN too
        return fail("--scale must be more than 0 and at most 6")
    # a story step's link: its slide, the options over the step's view
    slide, problems = step_slide(data, args.query or "")
    if slide is not None:
        if args.focus and args.focus not in data.names:
            return fail(f"--focus: no actor '{args.focus}' in the data")
        changes = {**dates, **({"focus": args.focus} if args.focus else {})}
        view = dataclasses.replace(
            slide.view, **changes, states=slide.view.states or args.states
        )
        if view.end < view.start:
            return fail(f"--end {view.end} is before --start {view.start}")
        # the map where the link took it, as the page draws the step
        slide = dataclasses.replace(
            slide, view=view, camera=_display(args.query)[0].camera
        )
    else:  # the options over the query's own, then read as the page reads its
        # URL: a window, focus or split the page would refuse is refused here too
        try:
            query = _with_options(args.query or "", args, data)
        except ValueError as error:
            return fail(error)
        view = view_of(data, query)
        relation, unread = parse_relation(
            query, relations=set(data.dataset.relations["id"]), actors=data.names
        )
        problems += [*view.notices, *unread]
        # the focus comes first, as on the page: it ignores a relation beside it
        selection = {"relation": relation} if relation and not view.focus else None
        # the map where the link took it (map=lon,lat,width), as the page shows it
        slide = Slide(
            view=view, title=data.title, selection=selection,
            camera=_display(query)[0].camera,
        )  # fmt: skip
    if problems:
        wrong = "; ".join(what_is_wrong(problem) for problem in problems)
        return fail(f"--query, nothing written: {wrong}")
    view = slide.view
    try:
        content = view_image(
            data, slide,
            figure=args.view, format=args.format, scale=args.scale, theme=_theme(args),
        )  # fmt: skip
    except ImageError as error:
        return fail(error, 1)
    out = write(args.out, content)
    print(
        f"{out}: the {args.view} of {view.start} to {view.end} ({args.format}, "
        f"{len(content):,} bytes)"
    )
    return 0


def _theme(args) -> str:
    """``--theme``, else the query's own (``theme=dark``): the page draws the
    image of a dark link dark, and so must a script given that link."""
    return args.theme or _display(args.query)[0].theme


def _display(query: str | None, data=None):
    """How ``query`` shows its view (`urlstate.Display`: its theme, its
    map's camera) and what it names wrongly there (its story among
    ``data``'s, when given)."""
    from dashboard.core.urlstate import parse_display

    stories = (
        {name: len(story.steps) for name, story in data.stories.items()} if data else {}
    )
    return parse_display(query or "", stories)


def _with_options(query: str, args, data) -> str:
    """``query`` with ``--start``, ``--end``, ``--focus`` and ``--states``
    in place of its own (ValueError: a window that ends before it starts)."""
    from urllib.parse import parse_qsl, urlencode

    from dashboard.core.urlstate import parse_day, query_part

    params = dict(parse_qsl(query_part(query), keep_blank_values=True))
    for name in ("start", "end", "focus"):
        if getattr(args, name, None):
            params[name] = getattr(args, name)
    start = parse_day(params.get("start") or data.span[0].isoformat())
    end = parse_day(params.get("end") or data.span[1].isoformat())
    # a date that is none (2025-13-01) is the view's to refuse, by name: it
    # was called the later of the two ("--end 2025-12-11 is before --start
    # 2025-13-01")
    if start and end and end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    if args.states:
        params["states"] = "1"
    return "?" + urlencode(params, safe=",|:~")


def deck(args) -> int:
    """A briefing deck of a story, one slide per step."""
    from dashboard.outputs.briefing import make_deck, story_slides
    from dashboard.outputs.imaging import ImageError, browser_session

    try:
        data = briefing_data(args.data)
    except DataError as error:
        return fail(error, 1)
    if args.story not in data.stories:
        known = ", ".join(data.stories) or "none"
        return fail(f"--story: no story '{args.story}' (stories: {known})")
    story = data.stories[args.story]
    slides = story_slides(data, story)
    try:
        with browser_session():  # one Chromium for every slide, closed after
            content = make_deck(
                data, slides, format=args.format, figure=args.view,
                theme=args.theme, title=story.title, keep_browser=True,
            )  # fmt: skip
    except ImageError as error:
        return fail(error, 1)
    out = write(args.out, content)
    print(f"{out}: {plural(len(slides), 'slide')} ({args.format})")
    return 0


FIGURE_WORDS = {"map": "the map", "graph": "the network", "both": "map and network"}


def timelapse(args) -> int:
    """The view stepped through time as an animated GIF or an MP4: through a
    story's steps, consecutive windows of ``--step``, or the windows the
    data asks for (as Play). Exit 2 on a bad argument, 1 when nothing can
    be rendered."""
    from dashboard.core.describe import window_label
    from dashboard.core.model import view_of
    from dashboard.outputs.imaging import ImageError, browser_session
    from dashboard.outputs.timelapse import TimelapseError, make_timelapse, plan_frames

    if args.story and (args.start or args.end or args.step):
        return fail("--story takes its windows from the story: leave out "
                    "--start, --end and --step")  # fmt: skip
    if not 0.1 <= args.seconds <= 10:
        return fail("--seconds must be between 0.1 and 10")
    out = Path(args.out)
    if out.is_dir():
        return fail(f"--out {out} is a directory: give a file name")
    try:
        data = briefing_data(args.data)
    except DataError as error:
        return fail(error, 1)
    view = view_of(data, args.query or "")  # read as the page reads its URL
    display, unread = _display(args.query, data)
    if view.notices or unread:
        return fail("--query: " + "; ".join([*view.notices, *unread]))
    try:
        changes = window_dates(args)
    except ValueError as error:
        return fail(error)
    view = dataclasses.replace(view, **changes)
    if view.end < view.start:
        return fail(f"--end {view.end} is before --start {view.start}")
    story = None
    if args.story:
        story = data.stories.get(args.story)
        if story is None:
            known = ", ".join(data.stories) or "none"
            return fail(f"--story: no story '{args.story}' (stories: {known})")
    try:  # the map where the query took it (map=); a story's steps frame their own
        frames = plan_frames(
            data, view, story=story, step=args.step, camera=display.camera
        )
    except TimelapseError as error:  # the window or step asked for
        return fail(error)

    def said(done: int) -> None:
        if sys.stderr.isatty():
            print(f"\rframe {done} of {len(frames)}", end="", file=sys.stderr)

    try:
        with browser_session():  # one Chromium for every frame, closed after
            content = make_timelapse(
                data, frames, format=args.format, figure=args.view,
                theme=args.theme or display.theme, seconds=args.seconds,
                keep_browser=True, progress=said, one_map=story is None,
            )  # fmt: skip
    except (ImageError, TimelapseError) as error:
        return fail(f"no time-lapse: {error}", 1)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    write(out, content)
    first, last = frames[0].view, frames[-1].view
    print(
        f"{out}: {plural(len(frames), 'frame')} of {FIGURE_WORDS[args.view]}, "
        f"{window_label(first.start, first.end)} first, "
        f"{window_label(last.start, last.end)} last "
        f"({args.format}, {len(content):,} bytes)"
    )
    return 0
