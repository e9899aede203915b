"""The data and its meaning, without Dash or Plotly: loading, validation, the model, the view and the analyses."""
