"""The map: the actors' countries highlighted, actors at their places, relations as arcs."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from html import unescape

import numpy as np
import pandas as pd

from dashboard.core.describe import (
    ACTOR_FIELDS,
    RELATION_FIELDS,
    actor_label,
    pair_hover,
    records,
)
from dashboard.core.geo import country_name
from dashboard.core.places import map_places
from dashboard.core.urlstate import MapCamera
from dashboard.figures.actors import (
    LABEL_LIMIT,
    ActorTable,
    actor_table,
    among,
    bright,
    clicked_as,
    counts_of,
    either,
    faded,
    involved,
    lookup,
    node_colours_of,
    uniform,
)
from dashboard.figures.common import (
    DEFAULT_SIZE,
    MANY,
    MAP_DECIMALS,
    ChangeMarks,
    LegendKeys,
    anchor_rings,
    change_rings,
    change_traces,
    colour_legend_layout,
    drawn_legend,
    end_rows,
    importance,
    label_obstacles,
    labelled,
    legend_layout,
    legend_margin,
    moved_labels,
    must_named,
    names_beside,
    naming_order,
    relation_counts,
    relation_paths,
    relation_traces,
    ring_entries,
    ringed,
)
from dashboard.figures.geoframe import (
    MapFrame,
    camera_frame,
    frame_map,
    mercator_bearing,
    unwrapped,
)
from dashboard.figures.geometry import clear_of_nodes
from dashboard.figures.labels import Placement, place_labels
from dashboard.figures.style import (
    KIND_SYMBOLS,
    NO_COUNTRY_COLOUR,
    base_layout,
    country_colour,
    figure,
    rgba,
)
from dashboard.figures.theme import LIGHT, PRESENT_FONT, Theme

__all__ = ["TOPOJSON_URL", "group_for_map", "make_map_figure"]

#: The page's "Fit" button over the map's top right corner when presenting
#: (assets/atlas.css; at the desk it sits on the card's title line, above
#: the figure): (left from the right edge, top, right from the right edge,
#: bottom) px, with a little room: no label goes there, not even one that
#: must be named.
FIT_BUTTON = (-62.0, 0.0, 0.0, 40.0)

#: An arc whose ends lie more than this many degrees of longitude apart the
#: way the map shows them goes the other way round, across the map's edge:
#: Fiji to Samoa, 350 degrees through Africa, is 10 across the Pacific; on a
#: map centred on the Pacific, Moscow to Caracas, 256 degrees over Asia and
#: the Pacific, is 104 over the Atlantic (a user who panned there saw a wall
#: of arcs where none belongs). Up to this, the way across the map is looks,
#: as flat world maps draw Beijing to Washington (193 degrees over Europe,
#: not 167 over the Pacific, cut in two at the map's edges): only ends
#: nearly opposite round the world (150 to 180 degrees apart the short way)
#: may be drawn one way in one frame and the other in another.
ROUND_THE_WORLD = 210.0

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
    frame: Iterable[str] | None = None,
    first: Sequence[str] = (),
    size: tuple[float, float] = DEFAULT_SIZE,
    plot: tuple[float, float] | None = None,
    refit: str = "",
    theme: Theme = LIGHT,
    table: ActorTable | None = None,
    legend_keys: LegendKeys | None = None,
    rows: np.ndarray | None = None,
    ends: np.ndarray | None = None,
    pairs: bool = False,
    camera: MapCamera | None = None,
) -> dict:
    """A map of ``relations`` (already filtered to the window), framed on
    ``frame`` (actor ids; default: every actor drawn) to fill a figure of
    ``size`` (width, height px), its labels placed where they do not collide.

    Relations of one direction, stance and confidence between two actors share
    one arc whose width grows with their number; its hover lists the pair's
    latest relations (`pair_hover`).
    ``first``: actors named before any other, even in a crowd (a focus, a
    path's ends). ``places`` (from `map_places`) and ``names`` can be
    computed once and passed.
    ``marks``: the relations to ring as changed, when a window is split.
    ``degree``: relations per actor in the window, when ``relations`` are pairs
    drawn for more (default: counted from ``relations``). ``plot``: the room
    (width, height px) an image gives the map itself, its legend placed
    outside (instead of ``size``). ``refit``: a user's
    own zoom is kept until it changes (a story step, a selection). ``theme``:
    the colours and type sizes to draw in. ``table``: every actor (a superset
    of ``actors``) at ``places`` (`ActorTable.at`), made once per data set,
    when at hand. ``legend_keys``: what the legend lists (default: what is
    drawn). ``rows``: the positions of ``actors`` in ``table``, and ``ends``:
    those of the ends of ``relations`` (`end_rows`; pairs drawn for a large
    view), when the caller knows them. ``pairs``: ``relations`` are a large
    view's busiest pairs (`busiest_pairs`), one arc each already; asked of the
    caller, as a data set's own ``count`` column had made its relations read
    as pairs. ``camera``: where a user zoomed the map, shown instead of the
    frame on the actors (a link's, an image's of that view).
    """
    names = names or {
        row["id"]: actor_label(row) for row in records(actors, ACTOR_FIELDS)
    }
    where = places if places is not None else map_places(actors)
    if table is None:
        rows = None
    elif rows is None:
        rows = lookup(table, actors)
    if rows is None:  # made here: ``actors`` are few, or the caller has none
        table = actor_table(actors).at(where)
        rows, ends = lookup(table, actors), None
    if pairs:  # as wide as ``widths`` says, else 1.5 px (below)
        groups = relations
    else:
        ends = None  # those of the relations, not of their arcs
        groups = group_for_map(relations, names)
        widths = {
            **dict(zip(groups["id"].tolist(), groups["width"].tolist())),
            **(widths or {}),
        }
    strong_actors, strong_relations = strong
    strong_groups = None
    if strong_relations is not None:
        strong_groups = {
            group
            for group in groups["id"].tolist()
            if not strong_relations.isdisjoint(group.split("|"))
        }
    degree = relation_counts(relations) if degree is None else degree
    legend = drawn_legend(  # what this figure draws, unless told
        _scatter, legend_keys or LegendKeys.of(groups, actors, table.country[rows]),
        colour_legend=colour_legend, by_country=node_colours is None, theme=theme,
    )  # fmt: skip
    legends = legend + ring_entries(marks)
    bottom = legend_margin(legends, size[0], theme=theme)
    area = plot or (size[0], max(size[1] - bottom, 60))
    located = rows[~np.isnan(table.xy[rows, 0])]
    framed = located if frame is None else table.rows(list(frame))
    # only those drawn: a split window's changed actors are thousands, most
    # of them not among a large view's busiest pairs, and the frame took in
    # their places too, empty on the map (by a mask of the rows drawn:
    # `np.isin` sorted both)
    drawn = np.zeros(len(table.ids), dtype=bool)
    drawn[rows] = True
    framed = framed[(framed >= 0) & drawn[framed]] if len(framed) else located
    framed = framed if len(framed) else located
    fitted = frame_map(table.xy[framed, 0], table.xy[framed, 1], area=area)
    if frame is not None and len(located) <= LABEL_LIMIT:
        fitted = _taking_in_cut(fitted, table.xy, framed, located, area)
    view = fitted if camera is None else camera_frame(camera, area=area)
    ends = end_rows(groups, table) if ends is None else ends
    looks = _looks_of(table)  # of the table itself, not of the one on rings
    sizes = looks.marker[located]
    # only the actors drawn and the ends of the arcs are moved onto their rings
    xy, pixels = _framed(table, view, np.concatenate([rows, ends[ends >= 0]]))
    table = replace(table, xy=xy)
    paths = relation_paths(
        groups, where, names, decimals=MAP_DECIMALS, table=table, ends=ends,
        round_the_world=ROUND_THE_WORLD,
    )  # fmt: skip
    traces: list[dict] = [
        _countries(looks, table, rows, degree, theme, blocs=node_colours is not None)
    ]
    # each arc's marker (its hover and click) off the actors' markers:
    # plotly.js gives a pointer inside two markers on a map to the smaller,
    # so an arc's marker on Samoa's square took the clicks meant for Samoa.
    # Up to MANY arcs: above, a crowd of hundreds of actors, a fifth of the
    # arcs lie wholly among them and the search took a tenth of a window
    marker_at = None
    if len(paths.ids) <= MANY:
        placed = located[np.isfinite(pixels[located]).all(axis=1)]
        marker_at = clear_of_nodes(
            paths.xs, paths.ys,
            lambda lonlat: view.pixels(lonlat[:, 0], lonlat[:, 1]),
            pixels[placed], looks.marker[placed],
        )  # fmt: skip
    traces += relation_traces(
        paths,
        strong=strong_groups,
        scatter=_scatter,
        widths=widths,
        default_width=1.5,
        arrow_at=12 / 15,
        theme=theme,
        marker_at=marker_at,
        bearing=mercator_bearing,
    )
    traces += change_traces(paths, marks, scatter=_scatter)
    full = bright(
        counts_of(degree, table, located) > 0, table.ids[located], strong_actors
    )

    def to_pixels(xs, ys):
        return view.pixels(xs, ys).T

    rings = change_rings(paths, marks, to_pixels)
    clear_of = label_obstacles(rings, paths, to_pixels, marker_at)
    # a name beside an anchor is set off from its ring, not its marker
    named_sizes = ringed(sizes, table.ids[located], first)
    labels = _map_labels(
        table, located, degree, strong_actors, view, theme,
        fit_button=plot is None and theme.min_font >= PRESENT_FONT,
        first=list(first), movable=full, clear_of=clear_of,
        rings=rings, texts=looks.text[located], sizes=named_sizes,
        anchors=pixels[located], change=marks is not None,
    )  # fmt: skip
    traces += _actor_markers(
        looks, table, located, degree, strong_actors, node_colours, theme
    )
    traces += anchor_rings(table, located, sizes, first, scatter=_scatter, theme=theme)
    traces.append(
        names_beside(
            labels,
            table,
            located,
            named_sizes,
            scatter=_scatter,
            size=theme.map_label_size,
            theme=theme,
            full=full,
        )
    )
    traces += moved_labels(
        labels, table.label[located], view.places, _scatter, theme.map_label_size,
        theme, full,
    )  # fmt: skip
    traces += legend
    layout = base_layout(theme=theme)
    layout["margin"] = {"l": 0, "r": 0, "t": 0, "b": bottom}
    layout.update(
        showlegend=True,
        legend=legend_layout(theme),
        legend2=colour_legend_layout(legends, size, theme),
        geo=_geo_view(view, refit, theme),
        clickmode="event",
        hovermode="closest",
    )
    if camera is not None:  # the page's Fit button frames the actors again
        # and the camera drawn at: the page asks for no map drawn there again
        # once a zoom settles (assets/panels.js)
        drawn_at = {"lon": camera.lon, "lat": camera.lat, "width": camera.width}
        layout["meta"] = {"fit": fitted.geo(), "camera": drawn_at}
    return figure(traces, layout)


#: How far (px) either side of the map's edges an actor's place has its
#: marker, or the ring of actors around it, cut by the edge.
EDGE_REACH = 30.0


def _taking_in_cut(
    view: MapFrame,
    xy: np.ndarray,
    framed: np.ndarray,
    located: np.ndarray,
    area: tuple[float, float],
) -> MapFrame:
    """``view`` widened to take in the actors drawn (``located``: rows of
    ``xy``) that its edges would cut: a story step framed on Maduro and
    Erdogan drew half of Lukashenko's marker at the top, Belarus and Russia
    beyond it. Those further out stay out. A few rounds, as taking one in
    moves the edges onto the next."""
    for _ in range(3):
        cut = located[view.cut(xy[located, 0], xy[located, 1], EDGE_REACH)]
        cut = np.setdiff1d(cut, framed)
        if not len(cut):
            break
        framed = np.union1d(framed, cut)
        view = frame_map(xy[framed, 0], xy[framed, 1], area=area)
    return view


def _framed(
    table: ActorTable, view: MapFrame, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where `on_rings` puts the actors of ``table`` in ``view``, as (lon,
    lat) and in the frame's pixels, right for those at ``rows`` (the rest:
    where an earlier window put them, or at their capitals). Kept per frame
    and filled in as windows draw actors: a large view's windows frame the
    ends of their busiest pairs, which span the world in much the same few
    frames (5 in 25 windows of the bench), and moving the same actors onto
    their rings and into pixels again in every window cost a twentieth of
    the map. Only those drawn, even then: a table has thousands more, each
    a few trigonometric operations."""
    kept = _FRAMES.get(table)
    if kept is None:
        table_of = weakref.ref(table)  # not kept alive by its own cache
        kept = _FRAMES.setdefault(
            table, lru_cache(maxsize=FRAMES_KEPT)(lambda view: _Frame(table_of()))
        )
    frame = kept(view)
    todo = np.unique(rows[~frame.done[rows]])  # an actor ends many arcs
    if len(todo):
        xy = on_rings(table, view, todo)
        frame.xy[todo] = xy
        frame.pixels[todo] = view.pixels(xy[:, 0], xy[:, 1])
        frame.done[todo] = True  # after the places: another thread reads them
    return frame.xy, frame.pixels


class _Frame:
    """`_framed`'s places of a table's actors in one frame: at first their
    capitals, no pixels, none worked out."""

    def __init__(self, table: ActorTable) -> None:
        self.xy = table.xy.copy()
        self.pixels = np.full_like(self.xy, np.nan)
        self.done = np.zeros(len(self.xy), dtype=bool)


#: How many frames `_framed` keeps per actor table: a user's panel size and a
#: few frames of the world each (three arrays of the table's length apiece).
FRAMES_KEPT = 16
_FRAMES: weakref.WeakKeyDictionary[ActorTable, Callable] = weakref.WeakKeyDictionary()


def on_rings(table: ActorTable, view: MapFrame, rows: np.ndarray) -> np.ndarray:
    """The places (lon, lat) of the actors at ``rows`` of ``table``, those on
    a ring around a shared place (`core/places.py`) put on it as this frame
    shows it: as many pixels from their capital whatever the zoom. In a
    frame across the antimeridian, their longitudes are given as it shows
    them (`unwrapped`): Fiji to Samoa went round the world. Elsewhere they
    stay as they are: in a frame zoomed on the Americas, an arc from Algeria
    to the Philippines still leaves it eastwards."""
    xy = table.xy[rows]
    if view.across:  # the places drawn as the frame shows them: arcs go short
        xy[:, 0] = unwrapped(xy[:, 0], view.centre[0])
    if table.ring is None:  # a table placed without rings
        return xy
    ring = table.ring[rows]
    on = np.flatnonzero(~np.isnan(ring[:, 0]))
    if len(on):
        angle, radius = ring[on, 0], ring[on, 1]
        middle = view.pixels(xy[on, 0], xy[on, 1])
        pixels = middle + np.column_stack(
            [radius * np.cos(angle), -radius * np.sin(angle)]
        )
        xy[on] = view.places(pixels)
        lon = (xy[on, 0] + 180) % 360 - 180
        xy[on, 0] = unwrapped(lon, view.centre[0]) if view.across else lon
    return xy


def group_for_map(relations: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Arcs for the map: one per (source, target, stance, confidence), ids
    joined with '|'. Every arc of a pair is as wide as the pair's number of
    relations in the window, and its hover lists them in date order
    (`pair_hover`)."""
    columns = ["id", "source", "target", "stance", "confidence", "width", "hover"]
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
                "hover": pair_hover(pair, names),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _scatter(xs, ys, **kwargs) -> dict:
    return {"type": "scattergeo", "lon": xs, "lat": ys, **kwargs}


def _countries(
    looks: _ActorLooks,
    table: ActorTable,
    rows: np.ndarray,
    degree: dict[str, int],
    theme: Theme,
    *,
    blocs: bool = False,
) -> dict:
    """The countries of the actors at ``rows``, tinted in their colour;
    stronger when the actors involved in the window (those in ``degree``)
    belong to them. Coloured by ``blocs``, all in one grey: the blocs' key
    gives the countries' colours to blocs (a blue bloc's square on a tan
    Turkey, a pink one on a blue Belarus). Picked by position from the
    table's countries (``looks``): a large view tints 170 of them."""
    # by each actor's country's position in ``looks.codes``; -1 (none) marks
    # a last place, left out
    drawn = np.zeros(len(looks.codes) + 1, dtype=bool)
    drawn[looks.country[rows]] = True
    active = np.zeros_like(drawn)
    active[looks.country[rows[involved(degree, table, rows)]]] = True
    drawn = drawn[:-1]
    active = active[:-1][drawn]
    codes = looks.codes[drawn].tolist()
    names, strong, weak = (part[drawn] for part in looks.countries[blocs])
    colours = np.where(active, strong, weak).tolist()
    last = max(len(codes) - 1, 1)
    return dict(
        type="choropleth",
        locations=codes,
        locationmode="ISO-3",
        z=np.arange(len(codes), dtype=float),
        colorscale=[[i / last, c] for i, c in enumerate(colours)]
        if len(codes) > 1
        else [
            [0, colours[0] if colours else theme.paper],
            [1, colours[0] if colours else theme.paper],
        ],
        showscale=False,
        marker={"line": {"color": theme.halo, "width": 0.8}},
        hovertext=names.tolist(),
        hoverinfo="text",
        showlegend=False,
    )


@dataclass(frozen=True)
class _ActorLooks:
    """What the map draws of each actor of a table that no window changes,
    one row per actor: worked out once per table (`_looks_of`), picked by
    position in every window."""

    marker: np.ndarray  # its marker's size (px)
    kind: np.ndarray  # its kind, numbered (`_by_kind`)
    #: what a click on its marker sends (`clicked_as`); the same lists in
    #: every figure, which none changes
    click: np.ndarray
    text: np.ndarray  # its label as text (unescaped), for `place_labels`
    bright: np.ndarray  # its country's colour at full strength (rgba)
    dim: np.ndarray  # and dimmed (`_actor_markers`)
    country: np.ndarray  # its country's position in ``codes``; -1: none
    codes: np.ndarray  # every country of the table, sorted
    #: each country's name and its tints with and without actors in the
    #: window (`_country_look`), coloured by blocs (True) or not (False)
    countries: dict[bool, tuple[np.ndarray, np.ndarray, np.ndarray]]


#: `_ActorLooks` by actor table: the one a data set keeps (`per_data`) is
#: the same object in every window; gone with it.
_LOOKS: weakref.WeakKeyDictionary[ActorTable, _ActorLooks] = weakref.WeakKeyDictionary()


def _looks_of(table: ActorTable) -> _ActorLooks:
    """`_ActorLooks` of ``table``, worked out on its first window."""
    looks = _LOOKS.get(table)
    if looks is None:
        looks = _LOOKS.setdefault(table, _work_out_looks(table))
    return looks


def _work_out_looks(table: ActorTable) -> _ActorLooks:
    """`_ActorLooks` of every actor of ``table``."""
    countries, kinds = table.country.tolist(), table.kind.tolist()
    codes = sorted({code for code in countries if code})
    position = {code: number for number, code in enumerate(codes)}
    numbered = {kind: number for number, kind in enumerate(dict.fromkeys(kinds))}
    colours = table.colour.tolist()
    country_looks = {
        blocs: [_country_look(code, blocs) for code in codes] for blocs in (False, True)
    }
    return _ActorLooks(
        marker=_marker_sizes(table.kind),
        kind=np.array([numbered[kind] for kind in kinds], dtype=np.intp),
        click=_objects(clicked_as("actor", table.ids)),
        text=_objects([unescape(label) for label in table.label.tolist()]),
        bright=_objects([rgba(colour, 1.0) for colour in colours]),
        dim=_objects([rgba(colour, MARKER_DIM) for colour in colours]),
        country=np.array([position.get(code, -1) for code in countries], np.intp),
        codes=_objects(codes),
        countries={
            blocs: tuple(_objects([look[part] for look in found]) for part in range(3))
            for blocs, found in country_looks.items()
        },
    )


def _objects(values: list) -> np.ndarray:
    """``values`` as a column of objects (lists stay items, not rows)."""
    return np.fromiter(values, dtype=object, count=len(values))


@cache
def _country_look(code: str, blocs: bool) -> tuple[str, str, str]:
    """A country's name and its tints (with actors in the window, without):
    in its colour, or coloured by ``blocs`` in one grey. Kept: a large view
    tints a hundred and more countries in every window."""
    colour = NO_COUNTRY_COLOUR if blocs else country_colour(code)
    return country_name(code), rgba(colour, 0.35), rgba(colour, 0.12)


def _map_labels(
    table: ActorTable,
    located: np.ndarray,
    degree: dict[str, int],
    strong: set[str] | None,
    view: MapFrame,
    theme: Theme,
    *,
    fit_button: bool,
    first: list[str] = (),
    movable: np.ndarray | None = None,
    clear_of: np.ndarray | None = None,
    rings: np.ndarray | None = None,
    texts: np.ndarray,
    sizes: np.ndarray,
    anchors: np.ndarray,
    change: bool = False,
) -> Placement:
    """Where the names of the actors at ``located`` rows go: states too (the
    country key's colours alone are a puzzle on a slide), the emphasised
    first, then the busiest; every marker kept clear, ``clear_of`` ((x, y,
    radius) px: `label_obstacles`) and the page's Fit button when it lies
    over the map (``fit_button``: on screen, presenting); those in ``first`` (a focus, a path's ends)
    before any other; only the ``movable`` (those drawn at full strength) on
    leader lines; a name that must be shown kept off the anchors' rings and
    the change ``rings`` while it can (in a ``change``, only when few are
    emphasised: `must_named`); none on a leader line beside another
    actor's marker (it read as in that country). ``texts``: their labels as
    text; ``sizes``: their markers'; ``anchors``: their places in the
    frame's pixels."""
    ids = table.ids[located]
    named = labelled(ids, degree, strong) | set(first)
    strong = strong or set()
    texts = np.where(_at_rows_of(table, named)[located], texts, "").tolist()
    radii = sizes / 2 + 1.2  # with the halo
    chosen = must_named(first, strong, change=change)  # most windows: none
    must = among(ids, chosen) if chosen else np.zeros(len(ids), dtype=bool)
    obstacles = [] if clear_of is None else [clear_of]
    keep_out = None
    if fit_button:
        keep_out = np.array([FIT_BUTTON]) + [view.area[0], 0, view.area[0], 0]
    return place_labels(
        anchors,
        texts,
        radii,
        size=theme.map_label_size,
        area=view.area,
        order=naming_order(
            table, located, importance(table, located, degree, strong), first
        ),
        obstacles=np.concatenate(obstacles) if obstacles else None,
        must=must,
        movable=movable,
        ringed=among(ids, first) if first else None,
        rings=rings,
        nearest_own=True,
        keep_out=keep_out,
    )


def _at_rows_of(table: ActorTable, chosen: set[str]) -> np.ndarray:
    """Which actors of ``table`` are ``chosen`` (a few dozen ids, those
    named), by their rows: `among` hashed every actor drawn."""
    found = table.rows(list(chosen))
    marked = np.zeros(len(table.ids), dtype=bool)
    marked[found[found >= 0]] = True
    return marked


#: an actor's marker size (px) on the map: a state's, any other's
STATE_MARKER, ACTOR_MARKER = 15, 11
#: the opacity of a dimmed actor's marker in the light theme (`_ActorLooks.dim`)
MARKER_DIM = LIGHT.marker_dim


def _marker_sizes(kinds: np.ndarray) -> np.ndarray:
    """Each actor's marker size (px) on the map, by its kind."""
    return np.where(kinds == "state", STATE_MARKER, ACTOR_MARKER)


def _actor_markers(
    looks: _ActorLooks,
    table: ActorTable,
    located: np.ndarray,
    degree,
    strong,
    node_colours,
    theme: Theme,
) -> list[dict]:
    """A trace per kind of actor (in order of appearance) of the actors at
    ``located`` rows of ``table``; their names are drawn over every kind's
    markers (`names_beside`)."""
    kinds = table.kind[located]
    # every actor's look at once, kind after kind; each trace takes a slice
    order, bounds = _by_kind(looks.kind[located])
    members = located[order]
    ids = table.ids[members]
    full = bright(counts_of(degree, table, members) > 0, ids, strong)
    dim = theme.marker_dim
    if node_colours is None and dim == MARKER_DIM:  # written once (``looks``)
        colours = np.where(full, looks.bright[members], looks.dim[members]).tolist()
    else:
        colours = faded(node_colours_of(table, members, node_colours), full, dim)
    edges = either(full, theme.edge, rgba(theme.edge, dim))
    clicks = looks.click[members].tolist()
    hovers = table.map_hover[members].tolist()
    xs, ys = table.xy[members, 0], table.xy[members, 1]
    traces = []
    for start, stop in bounds:
        kind = kinds[order[start]]
        traces.append(
            _scatter(
                xs[start:stop],
                ys[start:stop],
                mode="markers",
                marker={
                    "symbol": KIND_SYMBOLS.get(kind, "circle"),
                    "size": STATE_MARKER if kind == "state" else ACTOR_MARKER,
                    "color": uniform(colours[start:stop]),
                    "line": {"width": 1.2, "color": uniform(edges[start:stop])},
                },
                customdata=clicks[start:stop],
                hovertext=hovers[start:stop],
                hoverinfo="text",
                showlegend=False,
                name=kind,
            )
        )
    return traces


def _by_kind(kinds: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """`grouped` of actors' ``kinds`` (numbers, `_ActorLooks.kind`): every actor,
    kind after kind in the order of their first actors, and where each kind
    starts and stops in that order. By numpy: a dict of each actor's kind
    took a tenth of the map's markers' time.

    >>> order, bounds = _by_kind(np.array([3, 1, 3, 0]))
    >>> order.tolist(), bounds
    ([0, 2, 1, 3], [(0, 2), (2, 3), (3, 4)])
    """
    distinct, first = np.unique(kinds, return_index=True)
    # each kind's group, numbered as first met
    number = np.zeros(int(kinds.max(initial=0)) + 1, dtype=np.int64)
    number[distinct[np.argsort(first)]] = np.arange(len(distinct))
    group = number[kinds]
    stops = np.cumsum(np.bincount(group)).tolist()
    return np.argsort(group, kind="stable"), list(zip([0, *stops[:-1]], stops))


def _geo_view(view: MapFrame, refit: str, theme: Theme) -> dict:
    """A Mercator map showing ``view``; a user's zoom is kept until ``refit``
    changes."""
    return {
        **view.geo(),
        "uirevision": refit,
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
