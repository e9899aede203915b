"""The time bar: an overview of the whole span, its empty stretches drawn
narrow and the window framed on it, above a detail of the window at a bin
that reads well at its length (day, week or month). Both count the relations
the filters show, by stance, in the bin they start in; the standing ones
(known only as of a date) get a strip of their own in the detail; a window
that shows none says so across the detail. A window split to compare
(Change before / after) has a line at its split on both bars.

A drag across either selects a window (`core.window.window_from_selection`).
The page draws the bar once and patches `time_bar_parts` per view.
"""

from __future__ import annotations

import functools
import math
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.core.graph import active_between, standing_mask
from dashboard.core.timeline import (
    Detail,
    TimeAxis,
    count_by_bin,
    count_detail,
    day_date,
    day_numbers,
    overview_axis,
    relation_start_lasts,
)
from dashboard.core.vocabulary import STANCES
from dashboard.figures.labels import text_width
from dashboard.figures.style import base_layout, figure, stance_colours
from dashboard.figures.theme import LIGHT, Theme

__all__ = [
    "OVERVIEW_TRACES",
    "DETAIL_TRACES",
    "EMPTY_NOTE",
    "STRIP_TRACE",
    "SPLIT_SHAPES",
    "WINDOW_SHAPE",
    "detail_counts",
    "make_time_bar_figure",
    "time_bar_figure",
    "overview_counts",
    "time_bar_parts",
]

#: The traces of the figure, by position: the overview's stacked areas, the
#: detail's, the standing strip.
OVERVIEW_TRACES = (0, 1, 2)
DETAIL_TRACES = (3, 4, 5)
STRIP_TRACE = 6
#: The shapes, by position: the window framed on the overview, the split of a
#: compared window on the overview and on the detail; the narrow stretches.
WINDOW_SHAPE, SPLIT_SHAPES, GAP_SHAPES_FROM = 0, (1, 2), 3
#: What the detail says across itself when the window shows no relation.
EMPTY_NOTE = "No relations shown in this window"
#: The standing strip's hatching: grey, readable on either theme's paper.
STANDING_GREY = "#8C8C8C"
DAY_MS = 86_400_000
_DETAIL_TICKS = {"day": "%-d %b", "week": "%-d %b", "month": "%b %Y", "year": "%Y"}
#: plotly.js takes the first stop whose range holds the dtick, ends included:
#: years before months, or a tick a year read "Jan 2025"
_COARSER_TICKS = [
    {"dtickrange": ["M12", None], "value": "%Y"},
    {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
]
_DETAIL_HOVER = {
    "day": "%{x|%-d %b %Y}",
    "week": "week of %{x|%-d %b %Y}",
    "month": "%{x|%b %Y}",
    "year": "%{x|%Y}",
}


def overview_counts(
    relations: pd.DataFrame, axis: TimeAxis, *, rows: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """``relations`` (their ``rows``, positions or a mask, when given) by the
    overview bin they start in, per stance; the standing ones are left out."""
    firsts, stances, standing, lasts = _columns(relations, rows)
    return count_by_bin(
        firsts[~standing], np.asarray(axis.edges), stances[~standing], STANCES,
        lasts=lasts[~standing],
    )  # fmt: skip


def detail_counts(
    relations: pd.DataFrame,
    window: tuple[date, date],
    *,
    rows: np.ndarray | None = None,
) -> Detail:
    """The `Detail` of the relations shown in ``window``: ``relations`` (their
    ``rows``, when given: a large window's rows are never copied)."""
    firsts, stances, standing, lasts = _columns(relations, rows)
    rough = np.flatnonzero(lasts > firsts)
    return count_detail(
        firsts, stances, standing, window, STANCES, rough=rough, lasts=lasts[rough]
    )


def _columns(relations: pd.DataFrame, rows) -> tuple[np.ndarray, ...]:
    """The first days (day numbers), stances, standing flags and last days
    each may have begun on (`start_lasts`) of ``rows``."""
    lasts = relation_start_lasts(relations)
    firsts = day_numbers(relations["first"].to_numpy())
    stances = relations["stance"].to_numpy(dtype=object)
    standing = standing_mask(relations)
    if rows is not None:
        firsts, stances, standing = firsts[rows], stances[rows], standing[rows]
        lasts = lasts[rows]
    return firsts, stances, standing, lasts


def make_time_bar_figure(
    relations: pd.DataFrame,
    window: tuple[date, date],
    span: tuple[date, date],
    *,
    theme: Theme = LIGHT,
    shown: pd.DataFrame | None = None,
    axis: TimeAxis | None = None,
) -> dict:
    """The time bar of ``relations`` (those the filters keep, at any date:
    the overview counts them) with ``window`` framed, in ``theme``. The detail
    counts ``shown`` (by default the ``relations`` active in the window).
    ``axis``: the overview's, by default made from ``relations``' starts."""
    axis = axis or overview_axis(day_numbers(relations["first"]), span)
    shown = active_between(relations, *window) if shown is None else shown
    parts = time_bar_parts(
        axis,
        overview_counts(relations, axis),
        detail_counts(shown, window),
        window,
        span,
        theme=theme,
    )
    return time_bar_figure(axis, parts)


def time_bar_figure(axis: TimeAxis, parts: dict[tuple, object]) -> dict:
    """The whole time bar of ``axis`` with ``parts`` (`time_bar_parts`) in
    place: what the page patches, made anew (new data has other bins)."""
    drawn = _skeleton(axis)
    for path, value in parts.items():
        part = drawn
        for key in path[:-1]:
            part = part[key]
        part[path[-1]] = value
    return drawn


def _skeleton(axis: TimeAxis) -> dict:
    """What never changes while the page is open: the traces and axes, the
    overview's bins and narrow stretches; its dates, as the page draws them
    before it has measured the bar (`time_bar_parts` fits them to it)."""
    starts = [float(p) for p in axis.positions]  # the last: the end of the axis
    labels = [axis.bin_label(i) for i in range(len(axis.edges) - 1)] + [""]
    overview = [
        {"type": "scatter", "x": starts, "y": [], "customdata": labels,
         "name": stance, "mode": "lines", "stackgroup": "overview",
         "xaxis": "x", "yaxis": "y",
         "hovertemplate": "%{customdata}: %{y:,.2~f} " + stance + "<extra></extra>"}
        for stance in STANCES
    ]  # fmt: skip
    # stacked step areas rather than bars: the page ships plotly.js's geo
    # bundle (scatter, scattergeo, choropleth), a third of the full one
    detail = [
        {"type": "scatter", "x": [], "y": [], "name": stance, "mode": "lines",
         "stackgroup": "detail", "xaxis": "x2", "yaxis": "y2"}
        for stance in STANCES
    ]  # fmt: skip
    strip = {"type": "scatter", "x": [], "y": [], "mode": "lines",
             "hoverinfo": "skip", "name": "standing", "showlegend": False}  # fmt: skip
    gaps = [
        {"type": "rect", "xref": "x", "yref": "y domain", "layer": "below",
         "x0": axis.positions[i], "x1": axis.positions[i + 1], "y0": 0, "y1": 1,
         "line": {"width": 0}}
        for i in axis.gaps
    ]  # fmt: skip
    tickvals, ticktext = axis.ticks()
    layout = {
        "margin": {},
        "showlegend": False,
        "dragmode": "select",
        "selectdirection": "h",
        "hovermode": "closest",  # the overview's axis is positions, not dates
        "shapes": [{"type": "rect", "xref": "x", "yref": "y domain", "y0": 0,
                    "y1": 1, "layer": "above"}, *_split_lines(), *gaps],
        "annotations": [
            {"xref": "paper", "yref": "paper", "x": 0.005, "xanchor": "left",
             "yanchor": "middle", "showarrow": False},
            {"xref": "paper", "yref": "paper", "x": 1, "xanchor": "right",
             "yanchor": "middle", "showarrow": False},
            {"xref": "x2 domain", "yref": "y2 domain", "x": 0.5, "y": 0.5,
             "xanchor": "center", "yanchor": "middle", "showarrow": False},
        ],
        "xaxis": {"type": "linear", "range": [0, axis.length], "fixedrange": True,
                  "showgrid": False, "zeroline": False, "anchor": "y",
                  "tickmode": "array", "tickvals": tickvals, "ticktext": ticktext,
                  "tickangle": 0},
        "yaxis": {"fixedrange": True, "showgrid": False, "zeroline": False,
                  "showticklabels": False, "rangemode": "tozero", "anchor": "x"},
        "xaxis2": {"type": "date", "fixedrange": True, "showgrid": False,
                   "anchor": "y2"},
        "yaxis2": {"fixedrange": True, "autorange": False, "anchor": "x2"},
        "yaxis3": {"range": [0, 1], "visible": False, "fixedrange": True,
                   "anchor": "x2"},
    }  # fmt: skip
    return figure([*overview, *detail, strip], layout)


def _split_lines() -> list[dict]:
    """Where a compared window splits, on the overview and on the detail:
    hidden until a split is chosen (`time_bar_parts`)."""
    return [
        {"type": "line", "xref": xref, "yref": f"{yref} domain", "y0": 0, "y1": 1,
         "layer": "above", "visible": False, "line": {"width": 2, "dash": dash}}
        # the overview's is solid: its bar is too short for dashes to show
        for xref, yref, dash in (("x", "y", "solid"), ("x2", "y2", "dash"))
    ]  # fmt: skip


def time_bar_parts(
    axis: TimeAxis,
    overview: dict[str, np.ndarray],
    detail: Detail,
    window: tuple[date, date],
    span: tuple[date, date],
    *,
    theme: Theme = LIGHT,
    width: float | None = None,
    split: date | None = None,
) -> dict[tuple, object]:
    """Every part of the time bar that follows the view or the theme, by its
    path in the figure: the counts of both bars, the window, the detail's
    bins and words, the standing strip, the colours and sizes. The page
    patches these; `make_time_bar_figure` writes them into its skeleton.
    ``width``: the figure's in px, as the page measured it, which the words
    over the standing strip are fitted to (None: as wide as they need).
    ``split``: the first day after a compared window's split, None when the
    window is not split."""
    start, end = window
    colours = stance_colours(theme)
    parts: dict[tuple, object] = dict(_theme_parts(theme))
    for index, stance in zip(OVERVIEW_TRACES, STANCES):
        parts[("data", index, "y")] = [*_shown(overview[stance]), 0]
        parts[("data", index, "line")] = {"color": colours[stance], "width": 1,
                                          "shape": "hv"}  # fmt: skip
        parts[("data", index, "fillcolor")] = colours[stance]
    days = _isos(detail.edges)
    hover = _DETAIL_HOVER[detail.unit]
    for index, stance in zip(DETAIL_TRACES, STANCES):
        parts[("data", index, "x")] = days
        # shares to what a bar can show: short in the page's answer
        parts[("data", index, "y")] = [*_shown(detail.counts[stance]), 0]
        parts[("data", index, "line")] = {"color": colours[stance], "width": 1,
                                          "shape": "hv"}  # fmt: skip
        parts[("data", index, "fillcolor")] = colours[stance]
        parts[("data", index, "hovertemplate")] = (
            f"{hover}: %{{y:,.2~f}} {stance}<extra></extra>"
        )
    strip, labels = _standing(detail.standing, span)
    parts[("data", STRIP_TRACE)] = strip
    # nothing shown in the window: a note across the detail, not "by week: 0
    # begin here" over an empty axis of 0 to 1, which looked broken on a slide
    words = _detail_words(detail) if detail.total else ""
    margin = _margin(theme.font_size)
    room = None if width is None else width - margin["l"] - margin["r"]
    tickvals, ticktext = _overview_ticks(axis, room, theme.font_size)
    parts[("layout", "xaxis", "tickvals")] = tickvals
    parts[("layout", "xaxis", "ticktext")] = ticktext
    texts = (
        _fitted(labels, words, room, theme.font_size),
        words,
        "" if detail.total else EMPTY_NOTE,
    )
    for number, text in enumerate(texts):
        parts[("layout", "annotations", number, "text")] = text
        # an empty one still draws its box: a paper-coloured dot on the bars
        parts[("layout", "annotations", number, "visible")] = bool(text)
    low, high = axis.position(day_numbers([start, end + timedelta(days=1)]))
    least = axis.length / 150  # a day in years still shows
    if high - low < least:
        low, high = (low + high - least) / 2, (low + high + least) / 2
    parts[("layout", "shapes", WINDOW_SHAPE, "x0")] = round(float(low), 3)
    parts[("layout", "shapes", WINDOW_SHAPE, "x1")] = round(float(high), 3)
    overview_split, detail_split = SPLIT_SHAPES
    parts[("layout", "shapes", overview_split, "visible")] = split is not None
    parts[("layout", "shapes", detail_split, "visible")] = split is not None
    if split is not None:
        at = round(float(axis.position(day_numbers([split]))[0]), 3)
        parts[("layout", "shapes", overview_split, "x0")] = at
        parts[("layout", "shapes", overview_split, "x1")] = at
        parts[("layout", "shapes", detail_split, "x0")] = split.isoformat()
        parts[("layout", "shapes", detail_split, "x1")] = split.isoformat()
        for number in SPLIT_SHAPES:
            parts[("layout", "shapes", number, "line", "color")] = theme.ink
    parts[("layout", "xaxis2", "tickformat")] = _DETAIL_TICKS[detail.unit]
    # by day while Plotly ticks days or weeks, by month once it ticks months:
    # a year of weeks read "1 Mar, 1 May ... 1 Jan", the year nowhere
    parts[("layout", "xaxis2", "tickformatstops")] = (
        _COARSER_TICKS if detail.unit in ("day", "week") else []
    )
    dtick = _day_ticks(detail.unit, start, end)
    parts[("layout", "xaxis2", "dtick")] = dtick
    # a tick a day names the day under it, mid-bin, not its first instant:
    # one day's window had its only date at its left edge
    parts[("layout", "xaxis2", "ticklabelmode")] = (
        "period" if dtick == DAY_MS else "instant"
    )
    tallest = _tallest(list(detail.counts.values()))
    parts[("layout", "yaxis2", "dtick")] = _step(tallest)
    parts[("layout", "yaxis2", "tickvals")] = _count_ticks(tallest)
    # no bar to measure: no counts' ticks or lines (an axis of 0 to 1 counted
    # nothing)
    parts[("layout", "yaxis2", "showticklabels")] = bool(tallest)
    parts[("layout", "yaxis2", "showgrid")] = bool(tallest)
    parts[("layout", "yaxis2", "range")] = _count_range(tallest)
    parts[("layout", "xaxis2", "range")] = [
        start.isoformat(),
        (end + timedelta(days=1)).isoformat(),
    ]
    parts[("layout", "meta")] = {
        "started": detail.started,
        "before": detail.before,
        "standing": len(detail.standing),
        "unit": detail.unit,
    }
    for number in range(len(axis.gaps)):  # the narrow stretches: no bars there
        parts[("layout", "shapes", GAP_SHAPES_FROM + number, "fillcolor")] = theme.grid
    parts[("layout", "selections")] = []  # the drag's box: the window shows it
    return parts


def _shown(counts: np.ndarray) -> list:
    """Counts as the page's answer carries them: whole numbers as they are,
    shares of roughly dated relations to four decimals.

    >>> _shown(np.array([2, 0])), _shown(np.array([1 / 3, 2.0]))
    ([2, 0], [0.3333, 2.0])
    """
    if counts.dtype.kind == "f":
        counts = np.round(counts, 4)
    return counts.tolist()


def _tallest(counts: list[np.ndarray]):
    """The tallest of the bars ``counts`` (each stance's, by bin) stack up
    to, 0 for none: added an array at a time, in the order a sum over each
    bin's counts adds them (the same number), not a Python sum per bin.

    >>> _tallest([np.array([1, 2]), np.array([0.5, 0.25])]), _tallest([])
    (np.float64(2.25), 0)
    """
    if not counts or not len(counts[0]):
        return 0
    return functools.reduce(np.add, counts).max()


def _day_ticks(unit: str, start: date, end: date) -> int | None:
    """A tick every day or two (ms) on a window of days short enough that
    Plotly would tick every few hours, each naming the same day again;
    None: as Plotly chooses.

    >>> _day_ticks("day", date(2025, 12, 9), date(2025, 12, 11))
    86400000
    >>> _day_ticks("day", date(2025, 11, 1), date(2025, 12, 11)) is None
    True
    """
    days = (end - start).days + 1
    if unit != "day" or days > 14:
        return None
    return DAY_MS * (1 if days <= 7 else 2)


def _step(tallest: float) -> int:
    """The step between the detail's count lines, about three of them, in
    whole relations.

    >>> _step(1), _step(1.2), _step(7), _step(40), _step(0.04), _step(0)
    (1, 1, 5, 20, 1, 1)
    """
    rough = max(tallest / 3, 1)
    power = 10 ** math.floor(math.log10(rough))
    return next(n * power for n in (1, 2, 5, 10) if n * power >= rough - 1e-12)


def _count_ticks(tallest: float) -> list[int]:
    """The detail's count lines, every `_step` below the top of its axis,
    none at 0 nor near the top: the axis's "0" lay over the first date under
    it ("2 Nov"), and a number at the top over the strip above ("10" on
    "6 standing"); the bars stand on the axis anyway.

    >>> _count_ticks(7), _count_ticks(0.02), _count_ticks(1.9), _count_ticks(90)
    ([5], [1], [1], [50])
    """
    step, top = _step(tallest), _count_range(tallest)[1]
    highest = max(math.floor(TICKS_UP_TO * top), step)
    return list(range(step, highest + 1, step))


#: How high up its axis the detail's highest count line may be.
TICKS_UP_TO = 0.85


def _count_range(tallest: float) -> list[float]:
    """The detail's count axis, from 0 to a little over its tallest bar, and
    at least to one relation: a year-dated relation is 0.02 of one a week, and
    an axis of 0 to 0.02 drew that share of one as tall as a full bar (the
    axis read "0.01"); on one of 0 to 1 it is the sliver it is.

    >>> _count_range(0.02), _count_range(0), _count_range(8)
    ([0, 1.1765], [0, 1.1765], [0, 8.4])
    """
    # and high enough that its highest line keeps off its top (`_count_ticks`)
    return [0, round(max(max(tallest, 1) * 1.05, _step(tallest) / TICKS_UP_TO), 4)]


def _isos(numbers: np.ndarray) -> list[str]:
    """Day ``numbers`` (from 1 January 1970) as ISO dates, the same as
    `date.isoformat` for every day of years 1 to 9999: in one numpy call, not
    a date made per bin (a window's 50-100 bins: 65 -> 14 us).

    >>> _isos(np.array([0, 20423, -719162]))
    ['1970-01-01', '2025-12-01', '0001-01-01']
    """
    return np.datetime_as_string(np.asarray(numbers).astype("datetime64[D]")).tolist()


def _detail_words(detail: Detail) -> str:
    """What the detail counts, so that it adds up to the header's count with
    the standing strip: "by day: 15 begin here · 4 began earlier" (the bars'
    unit, then the window's total: "per month: 100,000" read as a rate).
    When no bar reaches one relation, each that begins here is dated less
    closely than a bin (2019 spread over its 52 weeks): the words say why
    "2 begin here" stands over slivers, which had looked like nothing."""
    words = f"by {detail.unit}: {detail.started:,} begin here"
    if detail.started and _tallest(list(detail.counts.values())) < 1:
        words += f", dated too roughly to show by {detail.unit}"
    if detail.before:
        words += f" · {detail.before:,} began earlier"
    return words


@functools.lru_cache(maxsize=32)
def _overview_ticks(
    axis: TimeAxis, room: float | None, size: float
) -> tuple[list[float], list[str]]:
    """The overview's dates, as many as its ``room`` px holds side by side,
    a space as wide as half a letter between them: where they touched,
    Plotly turned them 30° down into the standing strip's words (a card
    under 450 px, a window under about 1150 px). No room given: all of
    `TimeAxis.ticks`. Read them, never change them in place."""
    ticks = axis.ticks()
    if room is None:
        return ticks
    for count in range(8, 1, -1):  # 8: as many as `TimeAxis.ticks` gives
        values, labels = ticks = axis.ticks(count)
        places = [value / axis.length * room for value in values]
        halves = [text_width(label, size) / 2 for label in labels]
        if all(
            places[i + 1] - places[i] >= halves[i] + halves[i + 1] + size / 2
            for i in range(len(places) - 1)
        ):
            break
    return ticks


def _fitted(labels: list[str], words: str, room: float | None, size: float) -> str:
    """The first of the standing strip's ``labels`` (longest first) that
    leaves the detail's ``words`` room on their line, ``room`` px wide: at
    1280x720, "◂ 6 standing as of 30 Sep 2025 to 24 Dec 2025" ran into "per
    week: …". None left room: none (the strip's hover says it whole).

    >>> labels = ["◂ 6 standing as of 1 Dec to 9 Dec 2025", "◂ 6 standing"]
    >>> _fitted(labels, "by day: 4 begin here", 520, 12)
    '◂ 6 standing as of 1 Dec to 9 Dec 2025'
    >>> _fitted(labels, "by day: 4 begin here", 300, 12)
    '◂ 6 standing'
    >>> _fitted(labels, "by day: 4 begin here", 200, 12)
    ''
    """
    if room is None or not labels:
        return labels[0] if labels else ""
    # each annotation's box: its text, 1 px of padding and border a side; and
    # a space between them as wide as two letters
    needed = text_width(words, size) + 2 * size + 8
    return next(
        (label for label in labels if text_width(label, size) + needed <= room), ""
    )


def _standing(days: np.ndarray, span: tuple[date, date]) -> tuple[dict, list[str]]:
    """The standing strip and its labels, longest first: a hatched band
    above the detail's bars from beyond the left of the axis (their start is
    unknown) to the last day they are known as of; at its left "◂ 6 standing
    as of 11 Dec 2025", shorter where the bar is narrow ("◂ 6 standing as of
    30 Sep – 24 Dec 2025", "◂ 6 standing"). An empty trace (and no label)
    when nothing shown is standing."""
    strip = {"type": "scatter", "x": [], "y": [], "mode": "lines",
             "hoverinfo": "skip", "name": "standing", "showlegend": False}  # fmt: skip
    if not len(days):
        return strip, []
    first, last = day_date(days[0]), day_date(days[-1])
    known = f"{last.day} {last:%b %Y}"
    count = f"◂ {len(days):,} standing"
    labels = [f"{count} as of {known}"]
    if first != last:
        labels = [f"{count} as of {first.day} {first:%b %Y} to {known}"]
        if first.year == last.year:
            labels.append(f"{count} as of {first.day} {first:%b} – {known}")
    labels.append(count)
    label = labels[0]
    left = (span[0] - timedelta(days=400)).isoformat()  # off the axis, always
    right = (last + timedelta(days=1)).isoformat()
    strip.update(
        x=[left, right, right, left, left],
        y=[0, 0, 1, 1, 0],
        xaxis="x2",
        yaxis="y3",
        fill="toself",
        fillcolor="rgba(140,140,140,0.18)",
        fillpattern={"shape": "/", "fgcolor": STANDING_GREY, "size": 7,
                     "solidity": 0.25},
        line={"color": STANDING_GREY, "width": 1},
        hoverinfo="text",
        hoveron="fills",
        text=f"{label} (start unknown)",
    )  # fmt: skip
    return strip, labels


def _geometry(theme: Theme) -> dict[tuple, object]:
    """Where the two bars sit, for the height the page gives the bar (about
    150 px, 160 in the presentation mode, whose large type leaves the
    overview without dates): the overview on top, its dates, the line of the
    detail's words over the standing strip, the detail."""
    size = theme.font_size
    present = size > LIGHT.font_size + 2
    margin = _margin(size)
    plot = (160 if present else 150) - margin["t"] - margin["b"]
    overview = 1 - (28 if present else 30) / plot
    words = overview - ((4 if present else size + 8) + size + 6) / plot
    detail = words - 2 / plot

    def share(value: float) -> float:
        return round(max(value, 0.05), 3)

    parts: dict[tuple, object] = {
        ("layout", "yaxis", "domain"): [share(overview), 1],
        ("layout", "yaxis3", "domain"): [
            share(words),
            share(words + (size + 6) / plot),
        ],
        ("layout", "yaxis2", "domain"): [0, share(detail)],
        ("layout", "xaxis", "showticklabels"): not present,
    }
    for side, pixels in margin.items():
        parts[("layout", "margin", side)] = pixels
    middle = share(words + (size + 6) / plot / 2)
    for index in (0, 1):
        parts[("layout", "annotations", index, "y")] = middle
    return parts


def _margin(size: float) -> dict[str, int]:
    """The plot's margins (px) for type of ``size`` px: the counts' axis at
    the left, the detail's dates under it."""
    return {"l": round(2.5 * size), "r": 8, "t": 2, "b": round(1.8 * size)}


@functools.lru_cache(maxsize=8)
def _theme_parts(theme: Theme) -> dict[tuple, object]:
    """Every part of the time bar that ``theme`` sets, by its path: written
    once per theme (a base layout made in every window). Its values are the
    same objects in every answer: read them, never change them in place."""
    layout = base_layout(theme=theme)
    parts: dict[tuple, object] = {
        ("layout", "paper_bgcolor"): theme.paper,
        ("layout", "plot_bgcolor"): theme.paper,
        ("layout", "font"): layout["font"],
        ("layout", "hoverlabel"): layout["hoverlabel"],
        ("layout", "uirevision"): layout["uirevision"],
        ("layout", "yaxis2", "gridcolor"): theme.grid,
        ("layout", "shapes", WINDOW_SHAPE, "fillcolor"): theme.window(0.14),
        ("layout", "shapes", WINDOW_SHAPE, "line"): {
            "color": theme.window(),
            "width": 1.5,
        },
    }
    for number in range(3):
        parts[("layout", "annotations", number, "font")] = {
            "size": theme.font_size,
            "color": theme.ink,
        }
        parts[("layout", "annotations", number, "bgcolor")] = theme.legend_bg
    return {**parts, **_geometry(theme)}
