"""The map: the actors' countries highlighted, actors at their places, relations as arcs."""

from __future__ import annotations

import pandas as pd

from dashboard.core.describe import (
    ACTOR_FIELDS,
    RELATION_FIELDS,
    actor_label,
    records,
    relation_hover,
)
from dashboard.core.geo import country_name
from dashboard.core.places import map_places
from dashboard.core.text import markup
from dashboard.figures.common import (
    MAP_DECIMALS,
    ChangeMarks,
    actor_colour,
    by_kind,
    change_traces,
    colour_legend_layout,
    labelled,
    legend_layout,
    legend_margin,
    legend_traces,
    relation_counts,
    relation_paths,
    relation_traces,
    rgba,
)
from dashboard.figures.style import (
    DIM_OPACITY,
    KIND_SYMBOLS,
    base_layout,
    country_colour,
    figure,
)
from dashboard.figures.theme import LIGHT, Theme

__all__ = ["TOPOJSON_URL", "group_for_map", "make_map_figure"]

#: Where the page finds the bundled Natural Earth basemap (see assets/topojson).
TOPOJSON_URL = "/assets/topojson/"


def make_map_figure(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    *,
    strong: tuple[set[str] | None, set[str] | None] = (None, None),
    node_colours: dict[str, str] | None = None,
    colour_legend: list[tuple[str, str]] = (),
    marks: ChangeMarks | None = None,
    widths: dict[str, float] | None = None,
    places: dict[str, tuple[float, float, str]] | None = None,
    names: dict[str, str] | None = None,
    degree: dict[str, int] | None = None,
    theme: Theme = LIGHT,
) -> dict:
    """A world map of ``relations`` (already filtered to the window).

    Relations of one direction, stance and confidence between two actors share
    one arc whose width grows with their number; hover lists them all.
    ``places`` (from `map_places`) and ``names`` can be computed once and passed.
    ``marks``: the relations to ring as changed, when a window is split.
    ``degree``: relations per actor in the window, when ``relations`` are pairs
    drawn for more (default: counted from ``relations``). ``theme``: the
    colours and type sizes to draw in.
    """
    where = places if places is not None else map_places(actors)
    names = names or {
        row["id"]: actor_label(row) for row in records(actors, ACTOR_FIELDS)
    }
    located = actors[actors["id"].isin(where.keys())]
    groups = group_for_map(relations, names)
    strong_actors, strong_relations = strong
    strong_groups = None
    if strong_relations is not None:
        strong_groups = {
            group
            for group in groups["id"].tolist()
            if not strong_relations.isdisjoint(group.split("|"))
        }
    paths = relation_paths(groups, where, names, decimals=MAP_DECIMALS)
    widths = {**dict(zip(groups["id"], groups["width"])), **(widths or {})}
    degree = relation_counts(relations) if degree is None else degree
    traces: list[dict] = [_countries(actors, set(degree), theme)]
    traces += relation_traces(
        paths,
        strong=strong_groups,
        scatter=_scatter,
        widths=widths,
        arrow_at=12 / 15,
        theme=theme,
    )
    rings = change_traces(paths, marks, scatter=_scatter)
    traces += rings
    traces += _actor_markers(located, where, degree, strong_actors, node_colours, theme)
    legend = legend_traces(
        _scatter,
        colour_legend,
        sorted(actors["kind"].unique(), key=list(KIND_SYMBOLS).index),
        theme=theme,
    )
    traces += legend
    layout = base_layout(theme=theme)
    layout["margin"] = {
        "l": 0,
        "r": 0,
        "t": 0,
        "b": legend_margin(rings + legend, theme=theme),  # rings: an entry each
    }
    layout.update(
        showlegend=True,
        legend=legend_layout(theme),
        legend2=colour_legend_layout(theme),
        geo=_geo_view([place[:2] for place in where.values()], theme),
        clickmode="event",
        hovermode="closest",
    )
    return figure(traces, layout)


def group_for_map(relations: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Arcs for the map: one per (source, target, stance, confidence), ids
    joined with '|'. Every arc of a pair is as wide as the pair's number of
    relations in the window, and its hover lists all of them in date order."""
    columns = ["id", "source", "target", "stance", "confidence", "width", "hover"]
    if "count" in relations:  # pairs drawn for a large view: one arc each already
        return relations.assign(width=1.5)[columns]
    arcs: dict[tuple, list[dict]] = {}
    pairs: dict[tuple, list[dict]] = {}
    ordered = relations.sort_values("first") if "first" in relations else relations
    for row in records(ordered, RELATION_FIELDS):
        arcs.setdefault(
            (row["source"], row["target"], row["stance"], row["confidence"]), []
        ).append(row)
        pairs.setdefault(tuple(sorted((row["source"], row["target"]))), []).append(row)
    rows = []
    for (source, target, stance, confidence), members in arcs.items():
        pair = pairs[tuple(sorted((source, target)))]
        rows.append(
            {
                "id": "|".join(row["id"] for row in members),
                "source": source,
                "target": target,
                "stance": stance,
                "confidence": confidence,
                "width": min(1.5 + 1.2 * (len(pair) - 1), 8.0),
                "hover": "<br><br>".join(
                    row.get("hover") or relation_hover(row, names) for row in pair
                ),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _scatter(xs, ys, **kwargs) -> dict:
    return {"type": "scattergeo", "lon": xs, "lat": ys, **kwargs}


def _countries(actors: pd.DataFrame, involved: set[str], theme: Theme) -> dict:
    """The countries of the data, tinted in their colour; stronger when the
    actors ``involved`` in the window belong to them."""
    codes = sorted({c for c in actors["country"].tolist() if c})
    active_codes = set(actors.loc[actors["id"].isin(involved), "country"].tolist())
    colours = [
        rgba(country_colour(code), 0.35 if code in active_codes else 0.12)
        for code in codes
    ]
    return dict(
        type="choropleth",
        locations=codes,
        locationmode="ISO-3",
        z=list(range(len(codes))),
        colorscale=[[i / max(len(codes) - 1, 1), c] for i, c in enumerate(colours)]
        if len(codes) > 1
        else [
            [0, colours[0] if colours else theme.paper],
            [1, colours[0] if colours else theme.paper],
        ],
        showscale=False,
        marker={"line": {"color": theme.halo, "width": 0.8}},
        hovertext=[country_name(code) for code in codes],
        hoverinfo="text",
        showlegend=False,
    )


def _actor_markers(
    located, where, degree, strong, node_colours, theme: Theme
) -> list[dict]:
    named = labelled(located, degree, strong)
    traces = []
    for kind, rows in by_kind(located).items():
        alphas = [
            1.0
            if degree.get(row["id"], 0) and (strong is None or row["id"] in strong)
            else DIM_OPACITY + 0.1
            for row in rows
        ]
        traces.append(
            _scatter(
                [where[row["id"]][0] for row in rows],
                [where[row["id"]][1] for row in rows],
                mode="markers+text",
                text=[
                    markup(actor_label(row))
                    if kind != "state" and row["id"] in named
                    else ""
                    for row in rows
                ],
                textposition=[where[row["id"]][2] for row in rows],
                textfont={
                    "size": theme.map_label_size,
                    "color": [theme.label_ink(max(a, 0.45)) for a in alphas],
                },
                marker={
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": 15 if kind == "state" else 11,
                    "color": [
                        rgba(actor_colour(row, node_colours), a)
                        for row, a in zip(rows, alphas)
                    ],
                    "line": {"width": 1.2, "color": theme.halo},
                },
                customdata=[["actor", row["id"]] for row in rows],
                hovertext=[
                    f"<b>{markup(row['name'])}</b><br>{markup(row.get('role') or kind)}"
                    for row in rows
                ],
                hoverinfo="text",
                showlegend=False,
                name=kind,
            )
        )
    return traces


def _geo_view(places: list[tuple[float, float]], theme: Theme) -> dict:
    """A natural-earth view framing every located actor, with some margin."""
    view = {
        "projection": {"type": "natural earth"},
        "resolution": 110,
        "showland": True,
        "landcolor": theme.land,
        "showcountries": True,
        "countrycolor": theme.borders,
        "showocean": True,
        "oceancolor": theme.ocean,
        "showlakes": False,
        "showframe": False,
        "coastlinecolor": theme.coastline,
        "bgcolor": theme.paper,
    }
    if places:
        lons, lats = [lon for lon, _ in places], [lat for _, lat in places]
        view["lonaxis"] = {"range": [min(lons) - 25, max(lons) + 25]}
        view["lataxis"] = {"range": [max(min(lats) - 18, -60), min(max(lats) + 14, 85)]}
    return view
