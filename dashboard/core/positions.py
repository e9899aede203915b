"""Node positions for the network graph, computed once per data set and kept.

Positions never change while the user filters: an actor stays where the eye
left it. That is why no callback ever computes a layout.
"""

from __future__ import annotations

import random

import igraph
import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["network_positions"]

#: Up to this many actors, the slower and more even Kamada-Kawai layout.
KAMADA_KAWAI_LIMIT = 100


def network_positions(
    actors: pd.DataFrame, relations: pd.DataFrame, *, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Seeded positions for every actor, from all relations of the whole data set.

    Kamada-Kawai (networkx) gives small connected graphs an even, readable
    spread, but its cost grows fast: 250 states took over 10 s. Anything larger
    gets igraph's Fruchterman-Reingold, written in C: 5,000 actors and 100,000
    relations take about a second, where networkx's spring layout takes over a
    minute.
    """
    ends = [relations["source"].to_numpy(object), relations["target"].to_numpy(object)]
    nodes = pd.unique(np.concatenate([actors["id"].to_numpy(object), *ends]))
    if len(nodes) == 0:
        return {}
    if len(nodes) <= KAMADA_KAWAI_LIMIT:
        graph = nx.Graph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from(zip(*ends))
        if nx.is_connected(graph):
            layout = nx.kamada_kawai_layout(graph)
            return {node: (float(x), float(y)) for node, (x, y) in layout.items()}
    # each pair of actors once, as integers: no networkx graph of 100,000 edges
    index = pd.Index(nodes)
    codes = np.sort(np.column_stack([index.get_indexer(end) for end in ends]), axis=1)
    edges = np.unique(codes[codes[:, 0] != codes[:, 1]], axis=0)
    fast = igraph.Graph(n=len(nodes), edges=edges.tolist())
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coordinates = _by_component(fast)
    finally:
        igraph.set_random_number_generator(random)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coordinates)}


#: Where the smaller components sit: on a ring this far from the centre of the
#: largest (which fills the square from -1 to 1), each this large.
RING, SMALL = 1.25, 0.08


def _by_component(graph: igraph.Graph) -> np.ndarray:
    """Fruchterman-Reingold positions for each connected component on its own:
    the largest fills the square from -1 to 1, the others (often actors with
    no relation at all) sit small on a ring around it. Laid out together, the
    repulsion flings them far out, and the graph that matters shrinks to a dot
    in the middle of an empty figure."""
    coordinates = np.zeros((graph.vcount(), 2))
    components = sorted(graph.connected_components(), key=len, reverse=True)
    for number, members in enumerate(components):
        layout = np.zeros((1, 2))
        if len(members) > 1:
            part = graph.subgraph(members).layout_fruchterman_reingold(grid="auto")
            layout = np.array(part.coords)
        layout -= layout.mean(axis=0)
        layout /= np.abs(layout).max() or 1.0
        if number == 0:
            coordinates[members] = layout
            continue
        angle = 2 * np.pi * (number - 1) / (len(components) - 1)
        centre = RING * np.array([np.cos(angle), np.sin(angle)])
        coordinates[members] = centre + SMALL * layout
    return coordinates
