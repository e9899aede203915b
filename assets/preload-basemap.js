// Fetch the bundled basemap while the page starts, so the map does not wait for it.
// plotly.js reads window.PlotlyGeoAssets before it fetches topojsonURL itself.
window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
fetch("/assets/topojson/world_110m.json")
  .then(function (response) { return response.ok ? response.json() : null; })
  .then(function (topojson) {
    if (topojson) { window.PlotlyGeoAssets.topojson.world_110m = topojson; }
  })
  .catch(function () { /* plotly.js then fetches it through topojsonURL */ });
