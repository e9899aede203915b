"""Node positions for the network graph, computed once per data set and kept.

Positions never change while the user filters: an actor stays where the eye
left it. That is why no callback ever computes a layout. A large layout is
also kept beside the data (`LayoutCache`), so that the next start on the same
actors and pairs reads it instead of computing it again.
"""

from __future__ import annotations

import hashlib
import os
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import igraph
import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.linalg import orthogonal_procrustes

__all__ = ["LayoutCache", "network_positions"]

#: Up to this many actors, the slower and more even Kamada-Kawai layout.
KAMADA_KAWAI_LIMIT = 100


def network_positions(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    *,
    seed: int = 7,
    cache: Sequence[Path] = (),
    previous: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Seeded positions for every actor, from all relations of the whole data set.

    Kamada-Kawai (networkx) gives small connected graphs an even, readable
    spread, but its cost grows fast: 250 states took over 10 s. Anything larger
    gets igraph's Fruchterman-Reingold, written in C: 5,000 actors and 100,000
    relations take about a second, where networkx's spring layout takes over a
    minute; 20,000 actors and a million relations five seconds, which a start
    on the same data reads back from ``cache`` (folders, the first writable
    one written; see `LayoutCache`).

    ``previous``: the positions before the data changed under a running
    server (new events): the layout starts from them (`_starting_places`),
    so that the actors stay about where the eye left them. Laid out afresh,
    every one moved at each update.
    """
    # every actor, then any end that is not one, each once, in order; and the
    # ends as positions among them (Arrow's hashing, no Python string each)
    ends = [relations["source"], relations["target"]]
    codes, found = pd.factorize(
        pd.concat([actors["id"], *ends], ignore_index=True), use_na_sentinel=False
    )
    nodes = np.asarray(found, dtype=object)
    if len(nodes) == 0:
        return {}
    source, target = np.split(codes[len(actors) :], 2)
    start = _starting_places(nodes, source, target, previous, seed)
    # each pair of actors once, as integers, lower first, in order: no
    # networkx graph of a million edges
    low, high = np.minimum(source, target), np.maximum(source, target)
    pairs = np.sort((low * len(nodes) + high)[low != high])
    # sorted, then each once (np.unique's hashing took two seconds on these)
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    edges = np.column_stack([pairs // len(nodes), pairs % len(nodes)])
    kept = LayoutCache(cache, nodes, edges, seed, eased=start is not None)
    coordinates = kept.read()
    if coordinates is None:
        coordinates = _laid_out(len(nodes), edges, start, seed)
        kept.write(coordinates)
    return {node: (x, y) for node, (x, y) in zip(nodes.tolist(), coordinates.tolist())}


def _laid_out(
    count: int, edges: np.ndarray, start: Start | None, seed: int
) -> np.ndarray:
    """Positions of ``count`` nodes joined by ``edges`` (pairs of their
    numbers): a small connected graph by networkx's Kamada-Kawai, whole;
    else, or from a ``start``, each component on its own (`_by_component`)."""
    if count <= KAMADA_KAWAI_LIMIT and start is None:
        graph = nx.Graph()
        graph.add_nodes_from(range(count))
        graph.add_edges_from(edges.tolist())
        if nx.is_connected(graph):
            layout = nx.kamada_kawai_layout(graph)
            return np.array([layout[node] for node in range(count)])
    # from a start, igraph's, which keeps each actor near its place
    # (networkx's moved Putin across the frame for two new ties)
    fast = igraph.Graph(n=count, edges=edges.tolist())
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coordinates = _by_component(fast, start)
    finally:
        igraph.set_random_number_generator(random)
    return coordinates if start is None else _fitted_to(coordinates, start)


def _fitted_to(coordinates: np.ndarray, start: Start) -> np.ndarray:
    """``coordinates`` scaled and moved as a whole to lie as near the places
    their actors had (``start``) as they can: each component drawn to fill
    its box anew moved every actor a little (a tenth of the frame, on the
    bundled data) however still each stood in it."""
    new, old = coordinates[start.known], start.places[start.known]
    centred = new - new.mean(axis=0)
    spread = float((centred**2).sum())
    scale = (
        float((centred * (old - old.mean(axis=0))).sum()) / spread if spread else 1.0
    )
    scale = scale if scale > 0 else 1.0
    return (coordinates - new.mean(axis=0)) * scale + old.mean(axis=0)


#: The smaller components sit in columns to the right of the largest (which
#: fills the square from -1 to 1), from the top down, the largest first: a
#: pair (two that deal only with each other) this wide, more members wider
#: (to twice that), a lone actor this wide; each at least ``LOW`` high and
#: ``GAP`` from the next (twice that between columns, which must not read as
#: rows). On a ring around the largest, as before, they made the frame a
#: square of 3.7 units in a panel half as wide again as it is tall: 52 states
#: of a day of GDELT events lay in a heap in its middle third.
GROUP, SMALL, LOW, GAP = 0.5, 0.16, 0.25, 0.1
#: The columns take at most this much width; more components are drawn
#: smaller to fit (hundreds of actors with no relation: dots).
BAND = 1.0


@dataclass(frozen=True)
class Start:
    """Where a layout starts (`_starting_places`): ``places`` by node, and
    which nodes had one before (``known``)."""

    places: np.ndarray
    known: np.ndarray


def _starting_places(
    nodes: np.ndarray,
    source: np.ndarray,
    target: np.ndarray,
    previous: Mapping[str, tuple[float, float]] | None,
    seed: int,
) -> Start | None:
    """Where a layout of ``nodes`` starts: each where ``previous`` had it, a
    new one a little off the middle of its neighbours that were there (else
    anywhere in the square); None without ``previous`` or with none of
    ``nodes`` in it."""
    if not previous:
        return None
    known = np.array([node in previous for node in nodes.tolist()])
    if not known.any():
        return None
    rng = np.random.default_rng(seed)
    places = rng.uniform(-1, 1, (len(nodes), 2))
    places[known] = [previous[node] for node in nodes[known].tolist()]
    # a new actor's neighbours that were placed: the sum of their places
    ends = np.concatenate([source, target]), np.concatenate([target, source])
    placed = known[ends[1]] & ~known[ends[0]]
    total = np.zeros((len(nodes), 2))
    np.add.at(total, ends[0][placed], places[ends[1][placed]])
    count = np.bincount(ends[0][placed], minlength=len(nodes))
    near = count > 0
    offset = rng.normal(0, 0.05, (int(near.sum()), 2))
    places[near] = total[near] / count[near, None] + offset
    return Start(places, known)


#: How far an actor that had a place may move from it when the data grows,
#: in the layout's units (the largest component spans -1 to 1): igraph's
#: layouts, started where they were, still moved a tenth of them by 0.1 to
#: 0.25 (a force layout drifts on from where it stopped).
REACH = 0.05


def _eased(start: Start) -> dict:
    """igraph's arguments for a layout of one component from ``start`` (its
    nodes' places): the places as a seed, their edges about a unit long as
    those layouts make them (within the square from -1 to 1 they were pushed
    apart, and shuffled); each node that had a place kept within `REACH` of
    it, the new ones within three times as far of where they start (beside
    their neighbours: unbounded, the repulsion of the rest flung one to the
    frame's far corner), and within the box of the others."""
    places = start.places
    scale = np.sqrt(len(places)) / (np.ptp(places, axis=0).max() or 1.0)
    seed = places * scale
    reach = np.where(start.known, REACH, 3 * REACH)[:, None] * scale
    low, high = seed[start.known].min(axis=0), seed[start.known].max(axis=0)
    lowest = np.clip(seed - reach, low, high)
    highest = np.clip(seed + reach, low, high)
    return {
        "seed": seed.tolist(),
        "minx": lowest[:, 0].tolist(),
        "maxx": highest[:, 0].tolist(),
        "miny": lowest[:, 1].tolist(),
        "maxy": highest[:, 1].tolist(),
    }


def _turned_to(layout: np.ndarray, start: np.ndarray) -> np.ndarray:
    """``layout`` turned (or mirrored) to lie as near ``start`` as it can: a
    layout is the same turned, and igraph's returns a start turned half
    round, every actor to the other side."""
    turn, _ = orthogonal_procrustes(
        layout - layout.mean(axis=0), start - start.mean(axis=0)
    )
    return layout @ turn


def _by_component(graph: igraph.Graph, start: Start | None = None) -> np.ndarray:
    """Positions for each connected component on its own (Kamada-Kawai up to
    `KAMADA_KAWAI_LIMIT` actors, Fruchterman-Reingold above):
    the largest fills the square from -1 to 1, the others (often actors with
    no relation at all) sit small in columns beside it (`_columns`). Laid out
    together, the repulsion flings them far out, and the graph that matters
    shrinks to a dot in the middle of an empty figure. ``start``: where each
    node starts (`_starting_places`), each component then only eased."""
    coordinates = np.zeros((graph.vcount(), 2))
    components = sorted(graph.connected_components(), key=len, reverse=True)
    layouts = []
    for members in components:
        layout = np.zeros((1, 2))
        if len(members) > 1:
            part = graph.subgraph(members)
            eased = (
                _eased(Start(start.places[members], start.known[members]))
                if start is not None and start.known[members].any()
                else {}  # all new: laid out afresh
            )
            # from a start: eased, not shaken up (a tenth of the heat)
            heat = {"start_temp": np.sqrt(len(members)) / 100} if eased else {}
            # as for a whole small graph: FR heaped 52 states round their hubs
            layout = np.array(
                part.layout_kamada_kawai(**eased)
                if len(members) <= KAMADA_KAWAI_LIMIT
                else part.layout_fruchterman_reingold(grid="auto", **eased, **heat)
            )
            if eased:
                layout = _turned_to(layout, np.array(eased["seed"]))
        layout -= (layout.max(axis=0) + layout.min(axis=0)) / 2
        layouts.append(layout / (np.abs(layout).max() or 1.0))  # within -1 to 1
    coordinates[components[0]] = layouts[0]
    # a pair this wide, more members wider: three in a row at a pair's width
    # lay on each other (Venezuela, Maduro and Delcy Rodríguez in ICEWS)
    widths = np.array(
        [
            min(GROUP * np.sqrt(len(m) - 1), 2 * GROUP) if len(m) > 1 else SMALL
            for m in components[1:]
        ]
    )
    heights = np.array([np.ptp(layout[:, 1]) / 2 for layout in layouts[1:]])
    centres, scale = _columns(widths, np.maximum(widths * heights, LOW))
    for members, layout, width, centre in zip(
        components[1:], layouts[1:], widths, centres
    ):
        coordinates[members] = centre + scale * width / 2 * layout
    return coordinates


def _columns(widths: np.ndarray, heights: np.ndarray) -> tuple[np.ndarray, float]:
    """Where the middles of boxes of these ``widths`` and ``heights`` sit: in
    columns from x = 1 (the largest's right edge), each from the top (y = 1)
    down; and the factor they are drawn at for the columns to fit `BAND`.

    >>> centres, scale = _columns(np.array([0.5, 0.5, 0.16]), np.array([0.5, 0.25, 0.25]))
    >>> centres.round(3).tolist(), scale
    ([[1.45, 0.75], [1.45, 0.275], [1.45, -0.075]], 1.0)
    """
    # a first guess from the boxes' area against the band's (both shrink as
    # the square of the factor), then smaller until they fit: a pass stacks
    # every box, 0.4 s at 300,000 actors with no relation
    needed = float(np.sum((widths + GAP) * (heights + GAP)))
    scale = min(1.0, np.sqrt(2 * BAND / needed)) if needed else 1.0
    for _ in range(50):
        centres, width = _stacked(widths * scale, heights * scale, GAP * scale)
        if width <= BAND:
            break
        scale *= 0.9
    return centres, scale


def _stacked(
    widths: np.ndarray, heights: np.ndarray, gap: float
) -> tuple[np.ndarray, float]:
    """Boxes (the widest first) stacked in columns from the top of the square
    from -1 to 1 down, a new column to the right of the last when one is
    full; their middles, and the columns' width."""
    centres = np.zeros((len(widths), 2))
    left, top, widest = 1.0 + 2 * gap, 1.0, 0.0
    for number, (width, height) in enumerate(zip(widths.tolist(), heights.tolist())):
        if top - height < -1 and widest:  # full: the next column
            left, top, widest = left + widest + 2 * gap, 1.0, 0.0
        widest = max(widest, width)
        centres[number] = (left + widest / 2, top - height / 2)
        top -= height + gap
    return centres, (left + widest - 1.0) if len(widths) else 0.0


class LayoutCache:
    """A layout kept in a file beside the data, named by a hash of what it is
    computed from (the actors in order, the pairs, the seed, this code and
    igraph's version): a layout of other data is never read, however the
    files changed. A file that cannot be read is computed again; a folder that
    cannot be written (a read-only data directory) keeps nothing, and the
    layout is computed at every start. Only layouts of at least ``SMALLEST``
    pairs are kept (smaller ones take less time than reading a file), and
    those eased from the layout before new data; any is read.
    """

    #: part of the files' names: raise it when the layout's code changes
    FORMAT = 3
    SMALLEST = 20_000
    #: layout files kept per folder (the newest used): those of the data now
    #: and of the version before, each with its states-only layout
    KEEP = 4

    def __init__(
        self,
        folders: Sequence[Path],
        nodes: np.ndarray,
        edges: np.ndarray,
        seed: int,
        *,
        eased: bool = False,
    ):
        self.folders = [Path(folder) for folder in folders]
        self.shape = (len(nodes), 2)
        self.wanted = bool(self.folders)
        # a small layout is kept only when eased from the one before new
        # data (`network_positions`' ``previous``): every process then reads
        # the same (another worker, a restart, the images command), or each
        # drew the actors where its own history of the data had put them
        self.kept = self.wanted and (eased or len(edges) >= self.SMALLEST)
        self.name = self._name(nodes, edges, seed) if self.wanted else ""

    def _name(self, nodes: np.ndarray, edges: np.ndarray, seed: int) -> str:
        ids = pa.array(nodes, pa.large_string())
        digest = hashlib.sha256(
            f"layout {self.FORMAT} {seed} {KAMADA_KAWAI_LIMIT} {GROUP} {SMALL} {LOW} {GAP} {BAND} "
            f"igraph {igraph.__version__} {len(nodes)} {len(edges)}".encode()
        )
        for buffer in ids.buffers()[1:]:  # offsets and characters: unambiguous
            digest.update(buffer or b"")
        digest.update(np.ascontiguousarray(edges, dtype=np.int64).tobytes())
        return f"layout-{digest.hexdigest()[:32]}.npy"

    def read(self) -> np.ndarray | None:
        """The kept layout, or None."""
        if not self.wanted:
            return None
        for folder in self.folders:
            path = folder / self.name
            try:
                coordinates = np.load(path, allow_pickle=False)
            except (OSError, ValueError, EOFError):
                continue
            if (
                coordinates.shape == self.shape
                and coordinates.dtype == np.float64
                and np.isfinite(coordinates).all()
            ):
                try:
                    os.utime(path)  # used: kept longest
                except OSError:
                    pass
                return coordinates
        return None

    def write(self, coordinates: np.ndarray) -> None:
        """Keep ``coordinates`` in the first folder that takes them, whole or
        not at all (written aside, then renamed)."""
        if not self.kept:
            return
        for folder in self.folders:
            staging = folder / f".{self.name}.{uuid.uuid4().hex[:8]}.tmp"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with open(staging, "wb") as sink:
                    np.save(sink, coordinates, allow_pickle=False)
                os.replace(staging, folder / self.name)
            except OSError:
                try:
                    staging.unlink(missing_ok=True)
                except OSError:  # no folder to write in
                    pass
                continue
            self._prune(folder)
            return

    def _prune(self, folder: Path) -> None:
        """Remove all but the ``KEEP`` layouts used last."""
        try:
            found = sorted(
                folder.glob("layout-*.npy"),
                key=lambda path: path.stat().st_mtime_ns,
                reverse=True,
            )
            for old in found[self.KEEP :]:
                old.unlink(missing_ok=True)
        except OSError:  # removed meanwhile by another process: fine
            pass
