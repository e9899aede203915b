"""Alliance Atlas: who backs whom, on a map and as a network, for any window of time.

Layers, data flowing one way: ``core`` (no Dash, no Plotly) -> ``figures`` ->
``outputs`` and ``web``; ``importing`` and ``devtools`` sit beside them.
docs/architecture.md draws the picture.
"""
