"""Node positions for the network graph, computed once per data set and kept.

Positions never change while the user filters: an actor stays where the eye
left it. That is why no callback ever computes a layout.
"""

from __future__ import annotations

import random

import igraph
import networkx as nx
import pandas as pd

__all__ = ["network_positions"]


def network_positions(
    actors: pd.DataFrame, relations: pd.DataFrame, *, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Seeded positions for every actor, from all relations of the whole data set.

    Kamada-Kawai (networkx) gives small connected graphs an even, readable
    spread. Anything larger gets igraph's Fruchterman-Reingold, written in C:
    5,000 actors and 100,000 relations take about a second, where networkx's
    spring layout takes over a minute.
    """
    graph = nx.Graph()
    graph.add_nodes_from(actors["id"])
    graph.add_edges_from(zip(relations["source"], relations["target"]))
    if len(graph) == 0:
        return {}
    if len(graph) <= 300 and nx.is_connected(graph):
        layout = nx.kamada_kawai_layout(graph)
        return {node: (float(x), float(y)) for node, (x, y) in layout.items()}
    nodes = list(graph.nodes)
    index = {node: number for number, node in enumerate(nodes)}
    fast = igraph.Graph(
        n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges]
    )
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coordinates = fast.layout_fruchterman_reingold(grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coordinates)}
