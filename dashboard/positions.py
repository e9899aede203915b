"""Node positions for the network graph, computed once per data set and kept.

Positions never change while the user filters: an actor stays where the eye
left it. That is why no callback ever computes a layout.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = ["network_positions"]


def network_positions(
    actors: pd.DataFrame, relations: pd.DataFrame, *, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Seeded positions for every actor, from all relations of the whole data set.

    Kamada-Kawai gives small graphs an even, readable spread; larger ones get a
    seeded spring layout, which is fast enough to run once at start-up.
    """
    graph = nx.Graph()
    graph.add_nodes_from(actors["id"])
    graph.add_edges_from(zip(relations["source"], relations["target"]))
    if len(graph) == 0:
        return {}
    if len(graph) <= 300 and nx.is_connected(graph):
        layout = nx.kamada_kawai_layout(graph)
    else:
        layout = nx.spring_layout(graph, seed=seed, k=1.5 / max(len(graph), 1) ** 0.5)
    return {node: (float(x), float(y)) for node, (x, y) in layout.items()}
