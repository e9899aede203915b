"""What a view puts on screen: the map and graph figures and the words around
them, for the page, the images and the decks alike.
"""

from __future__ import annotations

import threading
from collections.abc import Container
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pandas.api.internals import create_dataframe_from_blocks
from pandas.api.types import is_float_dtype

from dashboard.core.aggregate import (
    DRAW_LIMIT,
    PairTexts,
    count_pairs,
    draw_busiest,
    pair_ids,
)
from dashboard.core.codes import Codes, distinct
from dashboard.core.describe import plural, summarise_view, window_label
from dashboard.core.model import per_data, shown_view
from dashboard.core.notes import hidden_focus_words, left_out_words, no_chain_words
from dashboard.core.overview import wants_overview
from dashboard.core.text import markup
from dashboard.core.urlstate import MapCamera
from dashboard.core.view import Shown, View, what_is_shown
from dashboard.figures import make_map_figure, make_network_figure
from dashboard.figures.actors import ActorTable, actor_table, lookup
from dashboard.figures.common import DEFAULT_SIZE, ChangeMarks, LegendKeys, highlighted
from dashboard.figures.overview import network_overview, state_colours, state_places
from dashboard.figures.style import bloc_colours
from dashboard.figures.theme import LIGHT, Theme

if TYPE_CHECKING:  # the callbacks hold AppData and use this module
    from dashboard.core.model import AppData

__all__ = ["Scene", "make_scene", "story_legend", "views_legend"]


@dataclass
class Scene:
    map: dict
    graph: dict
    #: the window and its counts, then what they need said beside them
    #: (`notes`): "21 Nov – 11 Dec 2025 · 9 relations among 8 actors"
    header: str
    summary: str  # the plain-language summary screen readers read
    shown: Shown
    #: what a figure draws when it is not every relation shown, by figure
    #: ("map", "graph"), in words for an image's notes (the map's note,
    #: `map_words`, and the overview's note say it on screen)
    drawn: dict[str, str] = field(default_factory=dict)
    #: the actors among the counts that the map cannot place (no coordinates
    #: and no capital known for their country), busiest first: "not on the
    #: map, no known place: NATO"; "" when the map holds every one
    unplaced: str = ""
    #: what the states-only view leaves out ("2 relations left out: no
    #: state, or within one"), for an image's filter line (the page says it
    #: in the Details tab: beside the header's counts it was cut at 1280 px)
    left_out: str = ""
    #: what the view's counts need said beside them, for the header and an
    #: image's filter line: a path that found no chain ("no chain: CIAN has
    #: no relation shown"), a focus the actor filter hides
    notes: tuple[str, ...] = ()
    #: the ids of the actors the figures were given, and where each figure
    #: draws an actor ("map": the places, "graph": the positions; none for
    #: an overview of states): what `faded_count` counts among
    actor_ids: pd.Series | None = None
    drawn_at: dict[str, Container[str]] = field(default_factory=dict)

    def faded_count(self, figure: str) -> int:
        """How many actors ``figure`` ("map", "graph", or else the more of
        the two) draws faded for having no relation shown: an image's
        subtitle counts them, or its "among 3 actors" disagreed with the 14
        markers it showed. Counted when asked: the page never asks."""
        relations = self.shown.relations
        involved = set(relations["source"].tolist()) | set(relations["target"].tolist())
        ids = [] if self.actor_ids is None else self.actor_ids.tolist()
        lonely = [actor for actor in ids if actor not in involved]
        figures = (figure,) if figure in ("map", "graph") else ("map", "graph")
        return max(
            (
                sum(actor in self.drawn_at[name] for actor in lonely)
                for name in figures
                if name in self.drawn_at
            ),
            default=0,
        )

    def map_words(self) -> str:
        """What the map draws of a large view, then who it cannot place: the
        note beside its title."""
        drawn = self.drawn.get("map", "")
        return " · ".join(filter(None, [drawn and f"drawn: {drawn}", self.unplaced]))

    def drawn_words(self, figure: str) -> str:
        """`drawn` of ``figure`` ("map", "graph", or else both side by side)."""
        if figure in ("map", "graph"):
            return self.drawn.get(figure, "")
        on_map, on_graph = self.drawn.get("map", ""), self.drawn.get("graph", "")
        if on_map == on_graph:
            return on_map
        return "; ".join(
            f"{name}: {words}"
            for name, words in (("map", on_map), ("network", on_graph))
            if words
        )

    def notes_of(self, figure: str) -> tuple[str, ...]:
        """`notes` for an image of ``figure`` ("map", "graph", or else both),
        with what states only leaves out; a map's with the actors it cannot
        place."""
        notes = (*self.notes, self.left_out) if self.left_out else self.notes
        if figure == "graph" or not self.unplaced:
            return notes
        return (*notes, self.unplaced)

    @property
    def relations(self) -> pd.DataFrame:
        """Every relation shown (before any aggregation)."""
        return self.shown.relations


def make_scene(
    data: AppData,
    view: View,
    *,
    selection: dict | None = None,
    theme: Theme = LIGHT,
    sizes: dict[str, tuple[float, float]] | None = None,
    plots: dict[str, tuple[float, float]] | None = None,
    refit: str = "",
    legend_keys: LegendKeys | None = None,
    camera: MapCamera | None = None,
    with_graph: bool = True,
) -> Scene:
    """Both figures of ``view``, drawn in ``theme``; ``selection`` ({"actor":
    id} or {"relation": "r1|r2"}) is drawn at full strength and the rest dimmed.
    ``sizes``: each figure's (width, height) in px, "map" and "graph", where
    known; ``plots``: the room (width, height) an image gives a figure's map
    or graph, its legend placed outside, by figure; ``refit``: the map frames its actors again when it changes (a
    user's own zoom is kept until then); ``legend_keys``: what both legends
    list (default: what each figure draws); ``camera``: where the user took
    the map (default: framed on the actors drawn); ``with_graph``: False for
    the map alone (its names placed again where a user's zoom settled), the
    graph then an empty dict.
    """
    shown = shown_view(data, what_is_shown(view))
    strong = (shown.strong_actors, shown.strong_relations)
    selected = False  # relations the user selected (not a focus's or a change's)
    if selection and selection.get("relation"):
        chosen = highlighted(shown.relations, selection)
        if chosen[1]:  # none of them shown (filtered out): keep the usual emphasis
            strong, selected = chosen, True
    node_colours, colour_legend = (None, [])
    if view.colour == "bloc":
        node_colours, colour_legend = bloc_colours(
            shown.blocs, actors=shown.actors["id"]
        )
    positions = data.state_positions if view.states else data.positions
    figure_options = {
        "strong": strong,
        "node_colours": node_colours,
        "colour_legend": colour_legend,
        "names": data.names,
        "theme": theme,
        # a focus and a path's ends named before all others, however quiet
        "first": sorted(shown.anchors),
        "legend_keys": legend_keys,
    }
    if shown.change is not None:
        figure_options["marks"] = ChangeMarks(
            split=shown.compare_windows[1][0],
            **{
                change: frozenset(getattr(shown.change, change)["id"].tolist())
                for change in ("appeared", "ended", "flipped")
            },
        )
    window = (view.start, view.end)
    labels = shown.labels
    codes = data.codes_of(labels, view.states)
    pairs = count_pairs(codes)
    notes = tuple(
        filter(
            None,
            (no_chain_words(data, view, shown), hidden_focus_words(data, view, shown)),
        )
    )
    header = " · ".join(
        [
            f"{window_label(*window)} · {plural(shown.count, 'relation')} among "
            f"{plural(pairs.involved, 'actor')}",
            *notes,
        ]
    )
    actors, frame, said, ends = shown.actors, None, {}, None
    kept, named = None, set()  # a large view's: the ends of the pairs drawn
    # the emphasis by actor and relation, before it is carried over to pairs
    by_relation = (figure_options["strong"], figure_options.get("marks"))
    pairs_drawn = shown.count > DRAW_LIMIT
    if not pairs_drawn:
        drawn = shown.relations
    else:  # the rows of a large window are not even copied: codes are enough
        made = draw_busiest(
            pairs, _names_markup(data), DRAW_LIMIT, texts=_pair_texts(data, view.states)
        )
        # the columns as made, none read back: a column of a DataFrame costs
        # 8 us a read
        drawn, ids, counts = made.table, made.ids.tolist(), made.count
        drawn_ids = set(ids)
        figure_options["strong"] = _strong_pairs(
            data, shown, view.states, drawn_ids, figure_options["strong"]
        )
        if "marks" in figure_options:
            figure_options["marks"] = _pair_marks(
                data, shown, view.states, drawn_ids, figure_options["marks"]
            )
        figure_options["degree"] = codes.actor_counts()
        # whole and half pixels, so that pairs share a few traces, not one each
        widths = np.minimum(np.round(2 + np.sqrt(counts)), 18) / 2
        figure_options["widths"] = dict(zip(ids, widths.tolist()))
        top = pairs.ranked[:DRAW_LIMIT]  # the pairs drawn, whose ends are kept
        named = set(shown.anchors)  # the focus and the path's ends, always
        if len(strong[0] or ()) <= DRAW_LIMIT // 10:  # a focus's few neighbours
            named |= strong[0] or set()
        actors, rows = _kept(data, actors, pairs.a[top], pairs.b[top], named)
        kept = np.concatenate([pairs.a[top], pairs.b[top]])
        figure_options["rows"] = rows
        ends = _pair_end_rows(data, made.forward, pairs.a[top], pairs.b[top])
        busiest = (
            f"the {len(drawn):,} busiest of {len(pairs.count):,} pairs"
            f" ({counts.sum():,} of the {shown.count:,} relations)"
            if len(drawn) < len(pairs.count)  # else nothing is left out
            else f"each of the {len(drawn):,} pairs as one line "
            f"(all {shown.count:,} relations)"
        )
        said = {"map": busiest, "graph": busiest}
    actor_ids = actors["id"]  # read once: a column of a DataFrame costs 8 us a read
    if pairs_drawn:  # the busiest crowd the middle of thousands: frame those drawn
        frame = actor_ids.tolist()
    sizes, plots = sizes or {}, plots or {}
    geo = make_map_figure(
        actors, drawn, places=data.places, table=_drawn_at(data, "map"),
        frame=figure_options["strong"][0] or None, refit=refit, ends=ends,
        pairs=pairs_drawn, size=sizes.get("map", DEFAULT_SIZE),
        plot=plots.get("map"), camera=camera, **figure_options,
    )  # fmt: skip
    overview = wants_overview(view, len(actors))
    if not with_graph:
        graph = {}
    elif overview:  # thousands of actors: their states
        states = network_overview(
            data, view, shown, codes, names=_names_markup(data),
            strong=by_relation[0], marks=by_relation[1], selected=selected,
            texts=_pair_texts(data, True),
        )  # fmt: skip
        options = {**figure_options, **states.options}
        options.pop("rows", None)  # the actors' rows, not those of the nodes
        said["graph"] = states.said
        if node_colours:  # blocs: a state as most of its actors
            options["node_colours"] = state_colours(data, node_colours)
        if states.states_alone:  # the same nodes and places in every window
            options["rows"] = _states_rows(data, states.actors)
        graph = make_network_figure(
            states.actors, states.pairs, states.positions,
            size=sizes.get("graph", DEFAULT_SIZE), plot=plots.get("graph"),
            table=(
                _states_placed(data) if states.states_alone
                else _placed_at(data, states.positions)
            ), **options,
        )  # fmt: skip
    else:
        if frame is None:
            frame = _neighbourhood_frame(data, view)
        graph = make_network_figure(
            actors, drawn, positions, frame=frame, size=sizes.get("graph", DEFAULT_SIZE),
            plot=plots.get("graph"), ends=ends,
            table=_drawn_at(data, "states" if view.states else "graph"),
            **figure_options,
        )  # fmt: skip
    return Scene(
        map=geo,
        graph=graph,
        header=header,
        summary=summarise_view(*window, pairs, data.names),
        shown=shown,
        drawn=said,
        unplaced=_unplaced_words(data, codes, kept, named),
        left_out=left_out_words(data, view),
        notes=notes,
        actor_ids=actor_ids,
        drawn_at={"map": data.places, **({} if overview else {"graph": positions})},
    )


def _unplaced_words(
    data: AppData, codes: Codes, kept: np.ndarray | None, named: set[str]
) -> str:
    """`Scene.unplaced`: the actors with relations in ``codes`` (the view's,
    as drawn) that the map has no place for, busiest first; in a large view
    only those of the pairs drawn (``kept``: their ends' codes) and those
    ``named`` (a focus). An analyst counting "4 actors" and finding three on
    the map was not told why; now the fourth is named."""
    placeless = _placeless(data)
    if not len(placeless):  # most data: every actor placed
        return ""
    counts = codes.actor_counts().counts
    busy = placeless[counts[placeless] > 0]
    if kept is not None:
        drawn = np.zeros(len(codes.actors), dtype=bool)  # by code: no search
        drawn[kept[kept >= 0]] = True  # -1, no actor, is not the last one
        wanted = drawn[busy]
        if named:
            wanted |= np.isin(codes.actors[busy], list(named))
        busy = busy[wanted]
    if not len(busy):
        return ""
    busy = busy[np.argsort(-counts[busy], kind="stable")]
    # the first three names, each once (two actors may share one), and how
    # many actors are left beside those they name
    names: list[str] = []
    said = 0
    for actor in codes.actors[busy].tolist():
        name = data.names.get(actor, actor)
        if name not in names:
            if len(names) == 3:
                break
            names.append(name)
        said += 1
    more = len(busy) - said
    listed = ", ".join(names) + (f" and {more:,} more" if more else "")
    return f"not on the map, no known place: {listed}"


@per_data(maxsize=1)
def _placeless(data: AppData) -> np.ndarray:
    """The codes of the actors the map cannot place, found once per data
    set (the states-only view's codes number the same actors)."""
    ids = data.codes.actors.tolist()
    return np.flatnonzero([actor not in data.places for actor in ids])


def _neighbourhood_frame(data: AppData, view: View) -> list[str] | None:
    """What the network frames for a focus's neighbourhood (``depth``): its
    actors over the whole span, so that the frame holds still while the
    window moves. Two nodes in a corner of the whole layout, the rest of it
    empty, looked unfinished on a slide. None for any other view: the
    whole layout, still as ever."""
    if not (view.focus and view.depth):
        return None
    whole = replace(view, start=data.span[0], end=data.span[1], compare=None)
    ids = shown_view(data, what_is_shown(whole)).actors["id"].tolist()
    return ids if len(ids) >= 2 else None


def views_legend(data: AppData, views) -> LegendKeys:
    """What the legends list when the figures of ``views`` follow one another
    (a story's steps, a time-lapse's frames): every entry any of them draws,
    so that none comes or goes between them, moving the others and resizing
    the figures."""
    legend = LegendKeys()
    for view in views:
        shown = shown_view(data, what_is_shown(view))
        actors = shown.actors
        legend |= LegendKeys.of(shown.relations, actors, actors["country"].tolist())
    return legend


@per_data(maxsize=8)
def story_legend(data: AppData, name: str) -> LegendKeys:
    """`views_legend` of the steps of the story ``name`` (of ``data``): the
    figures kept their place from step to step only where the legends did
    (three rows under a figure at one step, five at the next)."""
    from dashboard.core.stories import step_view

    return views_legend(data, [step_view(step) for step in data.stories[name].steps])


def _kept(
    data: AppData, actors: pd.DataFrame, a: np.ndarray, b: np.ndarray, named: set[str]
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The rows of ``actors`` at either end of the pairs drawn (``a``, ``b``:
    codes, as `Codes.actors`) or ``named`` (ids), found by the actor table's
    positions: the ends' codes are those positions, no thousand ids hashed;
    and their positions in that table (None: an actor it lacks), which the
    figures would otherwise look up again."""
    table = _actor_table(data)
    every = actors is data.dataset.actors
    rows = _all_rows(data) if every else lookup(table, actors)
    ends = np.concatenate([a, b])
    if rows is None:  # an actor the data does not hold: compare ids
        keep = set(data.codes.actors[ends].tolist()) | named
        return actors[actors["id"].isin(keep)], None
    if table.ids is not data.codes.actors:  # not the codes' order: look them up
        ends = table.rows(data.codes.actors[ends])
    chosen = np.zeros(len(table.ids), dtype=bool)
    chosen[ends[ends >= 0]] = True  # -1, no actor, is not the last one
    found = table.rows(list(named))
    chosen[found[found >= 0]] = True
    kept = np.flatnonzero(chosen[rows])
    return (_actors_at(data, kept) if every else actors.iloc[kept]), rows[kept]


def _actors_at(data: AppData, at: np.ndarray) -> pd.DataFrame:
    """The rows ``at`` (positions) of the data's actors, as ``iloc`` gives
    them, taken from `_actor_blocks` and made into a table as they are:
    ``iloc``'s checks took half of the time of taking them."""
    index, columns, blocks = _actor_blocks(data)
    return create_dataframe_from_blocks(
        [(rows.take(at, axis=0).T, where) for rows, where in blocks],
        index=index.take(at),
        columns=columns,
    )


@per_data(maxsize=1)
def _actor_blocks(
    data: AppData,
) -> tuple[pd.Index, pd.Index, list[tuple[np.ndarray, np.ndarray]]]:
    """The data's actors (index, columns and blocks), their coordinates in
    one block of floats and every other column in one of objects: their own
    table holds a block per column (pandas' strings), and picking a few
    hundred rows of nine blocks was most of `_kept`'s time. The same rows
    and values, in two takes. Each block a row per actor: a row's values
    side by side are taken in half the time of a column's."""
    actors = data.dataset.actors
    floats = [is_float_dtype(dtype) for dtype in actors.dtypes]
    at = [np.flatnonzero(np.logical_not(floats)), np.flatnonzero(floats)]
    blocks = [
        (
            np.array([actors.iloc[:, n].to_numpy(dtype=dtype) for n in where]).T.copy(),
            where,
        )
        for where, dtype in zip(at, (object, float))
        if len(where)
    ]
    return actors.index, actors.columns, blocks


def _pair_end_rows(
    data: AppData, forward: np.ndarray, a: np.ndarray, b: np.ndarray
) -> np.ndarray | None:
    """`end_rows` of the pairs drawn of actors ``a`` and ``b`` (codes, as
    `Codes.actors`) in the actor table, from those codes: each pair goes from
    its first actor to its second (``forward``, `DrawnPairs.forward`) or
    back, no 1,500 ids hashed per figure. None when the table's order is
    not the codes'."""
    if _actor_table(data).ids is not data.codes.actors:
        return None
    return np.concatenate([np.where(forward, a, b), np.where(forward, b, a)])


@per_data(maxsize=1)
def _all_rows(data: AppData) -> np.ndarray | None:
    """Where each row of the data's actors table is in `_actor_table`."""
    return lookup(_actor_table(data), data.dataset.actors)


def _actor_table(data: AppData) -> ActorTable:
    """What the figures draw for each actor, written once per data set."""
    with _making:  # a worker's first windows come at once: made once, not four times
        return _table_of(data)


def _drawn_at(data: AppData, where: str) -> ActorTable:
    """The actors at their places on the map (``where``: "map"), or their
    positions in the graph ("graph") or in the states-only graph ("states")."""
    with _making:
        return _placed(data, where)


_making = threading.RLock()


def _placed_at(data: AppData, positions: dict[str, tuple[float, float]]) -> ActorTable:
    """Every actor, those of ``positions`` drawn there (the overview's few
    hundred nodes: placed by their rows, not by a pass over every actor)."""
    table = _actor_table(data)
    rows = table.rows(list(positions))
    xy = np.full((len(table.ids), 2), np.nan)
    places = np.array(list(positions.values()), dtype=float).reshape(-1, 2)
    xy[rows[rows >= 0]] = places[rows >= 0]
    extent = None
    if len(places):
        low, high = places.min(axis=0), places.max(axis=0)
        extent = (float(low[0]), float(high[0]), float(low[1]), float(high[1]))
    return replace(table, xy=xy, extent=extent)


@per_data(maxsize=1)
def _states_placed(data: AppData) -> ActorTable:
    """`_placed_at` the overview's states alone (nothing opened or selected:
    most windows), whose places are the same in every window."""
    return _placed_at(data, state_places(data))


# Made on the first window of a data set, kept on it (`per_data`).
def _states_rows(data: AppData, states: pd.DataFrame) -> np.ndarray | None:
    """`lookup` of the overview's states alone (``states``, its nodes) in
    `_states_placed`: the same rows of the same table in every window that
    draws them, looked up once (per data set, while ``states`` is the frame
    the overview keeps for them)."""
    kept = _states_lookup(data)
    last = kept[0] if kept else None  # read once: another thread may set it
    if last is None or last[0] is not states:
        last = (states, lookup(_states_placed(data), states))
        kept[:] = [last]
    return last[1]


@per_data(maxsize=1)
def _states_lookup(data: AppData) -> list[tuple[pd.DataFrame, np.ndarray | None]]:
    """Where `_states_rows` keeps its one lookup (the frame looked up with
    it, that another is not taken for it)."""
    return []


@per_data(maxsize=1)
def _table_of(data: AppData) -> ActorTable:
    # its ids those of the codes when they are the same (they are: both
    # sorted), so that the figures pick `Codes.actor_counts` by position
    table = actor_table(data.dataset.actors)
    if np.array_equal(table.ids, data.codes.actors):
        table = replace(table, ids=data.codes.actors)
    return table


@per_data(maxsize=3)
def _placed(data: AppData, where: str) -> ActorTable:
    places = {
        "map": data.places,
        "graph": data.positions,
        "states": data.state_positions,
    }[where]
    return _table_of(data).at(places)


@per_data(maxsize=1)
def _names_markup(data: AppData) -> dict[str, str]:
    """The actors' names as Plotly markup, for the hover texts `busiest_pairs`
    writes with them; escaped once per data set, not in every callback."""
    return {actor: markup(name) for actor, name in data.names.items()}


@per_data(maxsize=2)
def _pair_texts(data: AppData, states: bool) -> PairTexts:
    """The pairs' ids and hovers' openings, kept as they are written: the
    actors' pairs, or the states-only view's (``states``)."""
    codes = data.state_codes if states else data.codes
    return PairTexts(codes.actors, codes.pairs, _names_markup(data))


def _strong_pairs(data: AppData, shown: Shown, states: bool, drawn: set[str], strong):
    """The emphasis of relations among those ``shown``, carried over to the
    pairs drawn for them."""
    strong_actors, strong_relations = strong
    if strong_relations is None:
        return strong
    labels = data.labels_shown(shown, strong_relations)
    codes = (data.state_codes if states else data.codes).at(labels)
    # each pair once, its id written for all at once: a change between two
    # halves of 100,000 relations emphasises most of them
    low, high = codes.pairs[distinct(codes.pair[codes.pair >= 0])].T
    ids = pair_ids(codes.actors[low], codes.actors[high])
    return strong_actors, set(ids.tolist()) & drawn


def _pair_marks(data: AppData, shown: Shown, states: bool, drawn: set[str], marks):
    """The change rings of relations among those ``shown``, carried over to
    the pairs drawn for them."""

    def pairs(relations: frozenset[str]) -> frozenset[str]:
        strong = (None, set(relations))
        return frozenset(_strong_pairs(data, shown, states, drawn, strong)[1])

    return replace(
        marks,
        appeared=pairs(marks.appeared),
        ended=pairs(marks.ended),
        flipped=pairs(marks.flipped),
    )
