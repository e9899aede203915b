"""Pure figure builders: tables in, plotly Figures out."""

from dashboard.figures.map import make_map_figure
from dashboard.figures.network import make_network_figure
from dashboard.figures.timebar import make_time_bar_figure

__all__ = ["make_map_figure", "make_network_figure", "make_time_bar_figure"]
