"""The straightforward approach, kept only as the benchmark's yardstick.

What Plotly's network-graph tutorial does, on every change of the date window:
rebuild the networkx graph from the DataFrame, run ``networkx.spring_layout``,
and draw every relation (one line trace for the edges, one marker trace for the
nodes), with a map that draws every relation too. Same data, same page ids for
the map and the graph, none of the dashboard's caching or aggregation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html
from flask import send_from_directory

from dashboard.core.graph import active_between
from dashboard.core.load import Dataset
from dashboard.web import ids

__all__ = ["create_naive_app", "naive_figures"]

TOPOJSON = Path(__file__).resolve().parents[2] / "assets" / "topojson"


def naive_figures(dataset: Dataset, start: date, end: date) -> tuple[go.Figure, ...]:
    """(map, network) of the relations active in [start, end], the tutorial way."""
    window = active_between(dataset.relations, start, end)
    graph = nx.from_pandas_edgelist(window, "source", "target")
    positions = nx.spring_layout(graph, seed=7)  # inside the callback, every time
    edge_x, edge_y = [], []
    for a, b in graph.edges():
        edge_x += [positions[a][0], positions[b][0], None]
        edge_y += [positions[a][1], positions[b][1], None]
    nodes = list(graph.nodes())
    network = go.Figure(
        data=[
            go.Scatter(x=edge_x, y=edge_y, mode="lines", hoverinfo="none"),
            go.Scatter(
                x=[positions[n][0] for n in nodes],
                y=[positions[n][1] for n in nodes],
                mode="markers",
                text=[f"{n}: {graph.degree(n)} connections" for n in nodes],
                marker={"color": [graph.degree(n) for n in nodes], "size": 10},
            ),
        ],
        layout=go.Layout(showlegend=False, hovermode="closest"),
    )
    places = dataset.actors.set_index("id")[["lon", "lat"]]
    lon, lat = [], []
    for source, target in zip(window["source"], window["target"]):
        lon += [places.at[source, "lon"], places.at[target, "lon"], None]
        lat += [places.at[source, "lat"], places.at[target, "lat"], None]
    geo = go.Figure(
        data=[go.Scattergeo(lon=lon, lat=lat, mode="lines")],
        layout=go.Layout(geo={"showcountries": True}, showlegend=False),
    )
    return geo, network


def create_naive_app(dataset: Dataset) -> Dash:
    """A one-callback Dash page: a date range, the map and the graph."""
    first, last = dataset.date_span
    app = Dash(__name__, title="Naive", serve_locally=True)
    app.layout = html.Div(
        [
            dcc.DatePickerRange(
                id=ids.DATE_RANGE,
                start_date=first.isoformat(),
                end_date=last.isoformat(),
            ),
            # the basemap from the bundled files: plotly's default is a CDN
            dcc.Graph(id=ids.GEO_MAP, config={"topojsonURL": "/topojson/"}),
            dcc.Graph(id=ids.NETWORK_GRAPH),
        ]
    )
    app.server.add_url_rule(
        "/topojson/<path:name>",
        "topojson",
        lambda name: send_from_directory(TOPOJSON, name),
    )
    app.callback(
        Output(ids.GEO_MAP, "figure"),
        Output(ids.NETWORK_GRAPH, "figure"),
        Input(ids.DATE_RANGE, "start_date"),
        Input(ids.DATE_RANGE, "end_date"),
    )(
        lambda start, end: naive_figures(
            dataset, date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
        )
    )
    return app


if (
    __name__ == "__main__"
):  # python -m dashboard.devtools.naive DIR PORT (for the bench)
    import sys

    from dashboard.core.load import load_dataset

    create_naive_app(load_dataset(sys.argv[1])).run(port=int(sys.argv[2]))
