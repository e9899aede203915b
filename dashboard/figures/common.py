"""Pieces shared by the map and the network figure: selection, legend, relation traces."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from dashboard.aggregate import pair_ends
from dashboard.describe import RELATION_FIELDS, records, relation_hover
from dashboard.figures.geometry import bend_offsets, curve
from dashboard.figures.style import (
    CONFIDENCE_DASH,
    DIM_OPACITY,
    KIND_SYMBOLS,
    NO_COUNTRY_COLOUR,
    STANCE_COLOURS,
    STANCE_SYMBOLS,
    country_colour,
)
from dashboard.graph import touching

Point = tuple[float, float]


def highlighted(
    relations: pd.DataFrame, selection: dict | None
) -> tuple[set[str] | None, set[str] | None]:
    """(actor ids, relation ids) to draw at full strength; None means everything."""
    if not selection:
        return None, None
    if selection.get("actor"):
        actor = selection["actor"]
        mine = touching(relations, actor)
        return {actor} | set(mine["source"]) | set(mine["target"]), set(mine["id"])
    if selection.get("relation"):
        ends = pair_ends(selection["relation"])
        if ends:  # a pair drawn for all its relations in a large view
            chosen = relations[
                relations["source"].isin(ends) & relations["target"].isin(ends)
            ]
            return set(ends), set(chosen["id"]) | {selection["relation"]}
        # a map arc stands for several relations: "r05|r07"
        chosen = relations[relations["id"].isin(selection["relation"].split("|"))]
        return set(chosen["source"]) | set(chosen["target"]), set(chosen["id"])
    return None, None


def rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def relation_paths(
    relations: pd.DataFrame, position: Callable[[str], Point | None]
) -> list[tuple[dict, list[float], list[float]]]:
    """Each drawable relation with its curved path; parallel ones bow apart."""
    drawable = [
        row
        for row in records(relations, RELATION_FIELDS)
        if position(row["source"]) is not None and position(row["target"]) is not None
    ]
    by_pair: dict[tuple[str, str], list[dict]] = {}
    for row in drawable:
        by_pair.setdefault(tuple(sorted((row["source"], row["target"]))), []).append(
            row
        )
    paths = []
    for (first, _), rows in by_pair.items():
        for row, bend in zip(rows, bend_offsets(len(rows))):
            # bend is measured against the pair's sorted order, so that A->B and
            # B->A bow to different sides instead of overlapping
            signed = bend if row["source"] == first else -bend
            xs, ys = curve(position(row["source"]), position(row["target"]), signed)
            paths.append((row, xs, ys))
    return paths


def relation_traces(
    paths: list[tuple[dict, list[float], list[float]]],
    *,
    names: dict[str, str],
    strong: set[str] | None,
    scatter: Callable[..., dict],
    widths: dict[str, float] | None = None,
    arrow_at: int = -3,
) -> list[dict]:
    """Line traces (one per stance, confidence, width and dimming) with arrowheads,
    then one midpoint-marker trace per stance that carries hover and click.

    ``scatter`` builds a trace dict from x/y lists: a scatter trace for the
    graph, a scattergeo one (lon/lat) for the map.
    """
    groups: dict[tuple, list[tuple[list[float], list[float]]]] = {}
    for row, xs, ys in paths:
        dim = strong is not None and row["id"] not in strong
        width = (widths or {}).get(row["id"], 2.0)
        key = (row["stance"], row["confidence"], width, dim)
        groups.setdefault(key, []).append((xs, ys))
    traces = []
    for (stance, confidence, width, dim), segments in groups.items():
        xs, ys, sizes = [], [], []
        for seg_x, seg_y in segments:
            xs += seg_x + [None]
            ys += seg_y + [None]
            marker_sizes = [0] * len(seg_x) + [0]
            marker_sizes[len(seg_x) + arrow_at] = 9 + width
            sizes += marker_sizes
        colour = rgba(STANCE_COLOURS[stance], DIM_OPACITY if dim else 0.9)
        traces.append(
            scatter(
                xs,
                ys,
                mode="lines+markers",
                line={
                    "color": colour,
                    "width": width,
                    "dash": CONFIDENCE_DASH[confidence],
                },
                marker={
                    "symbol": "triangle-up",
                    "size": sizes,
                    "color": colour,
                    "angleref": "previous",
                    "line": {"width": 0},
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for stance in STANCE_COLOURS:
        rows = [(row, xs, ys) for row, xs, ys in paths if row["stance"] == stance]
        if not rows:
            continue
        mid = [len(xs) // 2 for _, xs, _ in rows]
        colours = [
            rgba(
                STANCE_COLOURS[stance],
                DIM_OPACITY if strong is not None and row["id"] not in strong else 1,
            )
            for row, _, _ in rows
        ]
        traces.append(
            scatter(
                [xs[m] for (_, xs, _), m in zip(rows, mid)],
                [ys[m] for (_, _, ys), m in zip(rows, mid)],
                mode="markers",
                marker={
                    "symbol": STANCE_SYMBOLS[stance],
                    "size": 9,
                    "color": colours,
                    "line": {"width": 1.5, "color": colours},
                },
                customdata=[["relation", row["id"]] for row, _, _ in rows],
                hovertext=[
                    row.get("hover") or relation_hover(row, names) for row, _, _ in rows
                ],
                hoverinfo="text",
                showlegend=False,
                name="relations",
            )
        )
    return traces


def actor_colour(actor: dict, node_colours: dict[str, str] | None) -> str:
    """The actor's colour: from ``node_colours`` (blocs) when given, else its country's."""
    if node_colours is not None:
        return node_colours.get(actor["id"], NO_COUNTRY_COLOUR)
    return country_colour(actor["country"])


def legend_traces(
    scatter: Callable[..., dict],
    colour_legend: Iterable[tuple[str, str]],
    kinds: Iterable[str],
) -> list[dict]:
    """Legend-only entries: stance (colour and symbol), confidence (line), actor
    kind, and named node colours (blocs) when nodes are not coloured by country."""
    entries = []
    for stance, colour in STANCE_COLOURS.items():
        entries.append(
            scatter(
                [None],
                [None],
                mode="lines+markers",
                name=stance,
                line={"color": colour, "width": 3},
                marker={"symbol": STANCE_SYMBOLS[stance], "size": 9, "color": colour},
            )
        )
    for confidence, dash in CONFIDENCE_DASH.items():
        entries.append(
            scatter(
                [None],
                [None],
                mode="lines",
                name=confidence,
                line={"color": "#333333", "width": 2.5, "dash": dash},
            )
        )
    for kind in kinds:
        entries.append(
            scatter(
                [None],
                [None],
                mode="markers",
                name=kind,
                marker={
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": 11,
                    "color": "#888888",
                },
            )
        )
    for label, colour in colour_legend:
        entries.append(
            scatter(
                [None],
                [None],
                mode="markers",
                name=label,
                marker={"symbol": "circle", "size": 11, "color": colour},
                legend="legend2",
            )
        )
    return entries


#: Above this many actors on screen, only the busiest are labelled (and hover
#: names the rest): thousands of labels are a grey smear, not information.
LABEL_LIMIT = 30


def labelled(
    actors: pd.DataFrame, degree: pd.Series, strong: set[str] | None
) -> set[str]:
    """Actors whose names are drawn: all of a small view; else the emphasised
    ones and the LABEL_LIMIT with the most relations in the window."""
    if len(actors) <= LABEL_LIMIT:
        return set(actors["id"])
    busiest = set(degree.nlargest(LABEL_LIMIT).index)
    return busiest | (strong or set())


def legend_margin(legend: list[dict], per_row: int = 4) -> int:
    """Bottom margin (px) that fits the horizontal legend below the figure
    (the bloc legend sits on the figure itself and takes no room)."""
    below = [entry for entry in legend if entry.get("legend") != "legend2"]
    return 12 + 19 * -(-len(below) // per_row)


#: Where named node colours (blocs) are explained: over the figure's top left,
#: one per line, so that long bloc names do not push the figure away.
COLOUR_LEGEND = {
    "x": 0, "y": 1, "xanchor": "left", "yanchor": "top", "orientation": "v",
    "bgcolor": "rgba(255,255,255,0.85)", "font": {"size": 11},
    "itemclick": False, "itemdoubleclick": False,
}  # fmt: skip


LEGEND = {
    "orientation": "h",
    "yanchor": "top",
    "y": 0,
    "x": 0,
    "font": {"size": 11},
    "itemclick": False,
    "itemdoubleclick": False,
    "itemwidth": 30,
    "tracegroupgap": 0,
    "bgcolor": "rgba(255,255,255,0.85)",
}
