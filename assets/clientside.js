// Client-side callbacks: what needs no server round trip. Named here, wired in
// dashboard/web/callbacks.py with ClientsideFunction("atlas", NAME).
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.atlas = {
  // Show the pane of the chosen tab, hide the others (the order of PANEL_TABS
  // in dashboard/web/layout.py).
  showPane: function (tab) {
    return ["details", "events", "rankings", "path", "change"].map(function (name) {
      return name !== tab;
    });
  },

  // The play button says what a click will do.
  playLabel: function (disabled) {
    return disabled ? "\u25B6 Play" : "\u275A\u275A Pause";
  },

  // The page root's classes: presentation mode, dark theme, a story open.
  rootClass: function (display) {
    var d = display || {};
    return ["atlas", d.present ? "present" : "", d.theme === "dark" ? "theme-dark" : "",
      d.story ? "story-on" : ""].filter(Boolean).join(" ");
  },

  // The tables' script (1.3 MB) loads when a table tab first opens, not with
  // the page: a third of a second less before the figures are drawn.
  loadGridScript: function (tab) {
    if (window.dash_ag_grid) { return true; }
    if (tab !== "events" && tab !== "rankings") { return window.dash_clientside.no_update; }
    var config = JSON.parse(document.getElementById("_dash-config").textContent);
    return new Promise(function (resolve) {
      var script = document.createElement("script");
      script.src = config.requests_pathname_prefix +
        "_dash-component-suites/dash_ag_grid/dash_ag_grid.min.js";
      script.onload = function () { resolve(true); };
      script.onerror = function () { resolve(false); };
      document.head.appendChild(script);
    });
  }
};
