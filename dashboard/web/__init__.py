"""The Dash page: the only layer that imports Dash."""
