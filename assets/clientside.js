// Client-side callbacks: what needs no server round trip. Named here, wired in
// dashboard/web/callbacks.py with ClientsideFunction("atlas", NAME).
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.atlas = {
  // A View store's query for another window, as core/urlstate.py to_query
  // writes it (start and end first, compare last): the compare date (the
  // control's) is kept only inside the window, as controls_to_view keeps it.
  withWindow: function (query, start, end, compare) {
    var kept = query.replace(/^\?/, "").split("&").filter(function (param) {
      var key = param.split("=")[0];
      return param && key !== "start" && key !== "end" && key !== "compare";
    });
    var split = compare ? String(compare).slice(0, 10) : null;
    var params = ["start=" + start, "end=" + end].concat(kept);
    if (split && start < split && split <= end) { params.push("compare=" + split); }
    return "?" + params.join("&");
  },

  // A press answered with a notice (▶ at the last step): shown again, for
  // its while, even in the words it holds (assets/notice.js; new words are
  // shown when the page draws them). Not at other updates: a notice
  // dismissed is not brought back by a filter changed.
  noticeWritten: function () {
    if (window.atlasNotice) { window.atlasNotice.written(); }
  },

  // Show the pane of the chosen tab, hide the others (the order of PANEL_TABS
  // in dashboard/web/layout.py).
  showPane: function (tab) {
    return ["details", "events", "rankings", "path", "change"].map(function (name) {
      return name !== tab;
    });
  },

  // A date preset moves the window in the page, with no round trip first: the
  // date picker gets the preset's dates and the View store the view in that
  // window, so the figures are asked for at once; update_state then sees the
  // dates change and writes the URL (and the store again only if it finds
  // another view). ``windows``: each preset's [start, end] (the layout's
  // preset-windows store); ``store``: the View store. A preset stops Play.
  // Buttons made for new data (web/freshness.py update_presets) fire this
  // too, unclicked: they once moved an open page's window to "All".
  presetWindow: function (clicks, windows, store, start, end, compare, timerOff) {
    var no = window.dash_clientside.no_update;
    var context = window.dash_clientside.callback_context;
    var trigger = context.triggered_id;
    var pressed = (context.triggered || []).some(function (t) { return t.value > 0; });
    var chosen = pressed && trigger && windows ? windows[trigger.name] : null;
    if (!chosen) { return [no, no, no, no]; }
    var first = chosen[0], last = chosen[1];
    var stop = timerOff === false ? true : no;
    if (first === String(start || "").slice(0, 10) &&
        last === String(end || "").slice(0, 10)) {
      return [no, no, no, stop];  // the window already
    }
    var view = no;
    if (store && typeof store.query === "string") {
      var atlas = window.dash_clientside.atlas;
      view = {query: atlas.withWindow(store.query, first, last, compare),
        selection: store.selection || null};
    }
    return [view, first, last, stop];
  },

  // A figure, handed on after the page has painted what it drew (the time
  // bar's, after the map and the network: drawn in the same task, it would
  // hold their redraw back by its own).
  drawLater: function (figure) {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        setTimeout(function () { resolve(figure); }, 0);
      });
    });
  },

  // The states opened in a large view's overview (the expanded store, a
  // control of the view: update_state writes it into the URL): a click on a
  // state's node opens it or folds it back (its customdata says which:
  // dashboard/figures/overview.py), Fold all folds every one. Other clicks
  // (an actor, a relation) are selections, for update_selection.
  expandState: function (click, foldAll, expanded) {
    var no = window.dash_clientside.no_update;
    var trigger = window.dash_clientside.callback_context.triggered_id;
    if (trigger === "fold-all") { return (expanded || []).length ? [] : no; }
    var point = click && click.points && click.points[0];
    var chosen = point && point.customdata;
    if (!Array.isArray(chosen) || (chosen[0] !== "expand" && chosen[0] !== "collapse")) {
      return no;
    }
    var now = (expanded || []).filter(function (id) { return id !== chosen[1]; });
    if (chosen[0] === "expand") { now.push(chosen[1]); }
    return now.sort();
  },

  // Fold all has something to do only while a state is open.
  foldAllDisabled: function (expanded, mode) {
    return !(expanded && expanded.length) || mode === "all";
  },

  // The presets' labels, from the figures' answer (web/views.py
  // preset_labels): a burst's count follows the filters. ``buttons``: their
  // ids; a name the labels lack keeps its own.
  presetLabels: function (labels, buttons) {
    return (buttons || []).map(function (button) {
      return (labels && labels[button.name]) || button.name;
    });
  },

  // The window's picker marked while its end is before its start (typed so,
  // or a start picked after the end): the window stays as it was, and once
  // the notice saying so had gone, the picker contradicted the header
  // unmarked. Kept as typed: half of the next window.
  dateOrder: function (start, end) {
    var inverted = Boolean(start && end) &&
      String(end).slice(0, 10) < String(start).slice(0, 10);
    return inverted ? "atlas-dates-inverted" : "";
  },

  // The play button says what a click will do, and so does its name to a
  // screen reader: the symbol alone on the screen ("▶ Play" was read out
  // with its triangle, and the name stayed "Play" while it played).
  playLabel: function (disabled) {
    return disabled
      ? ["\u25B6 Play", "Play", "Play: step the window through time"]
      : ["\u275A\u275A Pause", "Pause", "Pause"];
  },

  // The page root's classes: presentation mode, dark theme, a story open.
  rootClass: function (display) {
    var d = display || {};
    return ["atlas", d.present ? "present" : "", d.theme === "dark" ? "theme-dark" : "",
      d.story ? "story-on" : ""].filter(Boolean).join(" ");
  },

  // The presentation and theme links, with the root's classes (the server's
  // answers come after the figures): each the page's own address with one
  // thing toggled, and words saying which. Short words: beside them the
  // window's words keep one line at 1280 px.
  displayLinks: function (display, search) {
    var d = display || {};
    function toggled(key, value) {
      var params = new URLSearchParams(search || "");
      if (value) { params.set(key, value); } else { params.delete(key); }
      return "?" + params.toString().replace(/%2C/g, ",");
    }
    var dark = d.theme === "dark";
    return [d.present ? "Leave (Esc)" : "Present", toggled("present", d.present ? "" : "1"),
      dark ? "Light theme" : "Dark theme", toggled("theme", dark ? "" : "dark")];
  },

  // A click on a legend entry of the map or the network filters by what it
  // names (a stance, a confidence level, a kind of actor): the entry's name
  // goes to the legend-pick store, and update_state keeps only that, or all
  // again. Returning false leaves Plotly's own hide-a-trace undone. Attached
  // once per figure, when its graph exists.
  legendFilters: function () {
    ["geo-map", "network-graph"].forEach(function (id) {
      var tries = 50;
      (function attach() {
        var plot = document.querySelector("#" + id + " .js-plotly-plot");
        if (!plot || !plot.on) {
          if (tries-- > 0) { setTimeout(attach, 100); }
          return;
        }
        if (plot._atlasLegend) { return; }
        plot._atlasLegend = true;
        plot.on("plotly_legendclick", function (event) {
          var trace = (event.data || [])[event.curveNumber] || {};
          if (trace.name && (trace.legend || "legend") === "legend") {
            window.dash_clientside.set_props("legend-pick",
              {data: {name: trace.name, at: Date.now()}});
          }
          return false;
        });
      })();
    });
  },

  // The tables' script (1.3 MB) loads when a table tab first opens, not with
  // the page: a third of a second less before the figures are drawn. Once
  // loaded, the store stays as it is: the grids are made once.
  loadGridScript: function (tab, ready) {
    if (ready) { return window.dash_clientside.no_update; }
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
  },

  // Scroll a table to its selected row when the row is out of view (a
  // selection made on a figure or by a link); a row just clicked stays put.
  revealSelected: function (selected, id) {
    var grids = window.dash_ag_grid;
    if (grids && grids.getApiAsync) {
      grids.getApiAsync(id).then(function (api) {
        requestAnimationFrame(function () {
          var nodes = api.isDestroyed() ? [] : api.getSelectedNodes();
          if (nodes.length) { api.ensureNodeVisible(nodes[0]); }
        });
      }, function () {});
    }
    return window.dash_clientside.no_update;
  },

  // "Find an actor" shows the selected actor, wherever it was selected (a
  // click on a figure or a table, a link), and is empty for a relation. An
  // actor its menu does not offer (large data, or data grown large since the
  // server started) is asked of the server (the search-asks store: the
  // time asked), which answers its option with it: the menu cleared a value
  // it did not offer, and with it the selection.
  searchFollows: function (selection, value, options) {
    var noUpdate = window.dash_clientside.no_update;
    var actor = selection && selection.actor ? selection.actor : null;
    if (actor === (value || null)) { return [noUpdate, noUpdate]; }
    var offered = actor === null || (options || []).some(function (option) {
      return option && option.value === actor;
    });
    return offered ? [actor, noUpdate] : [noUpdate, Date.now()];
  },

  // The tables' columns that a full-screen card widens (their `context`'s
  // fullWidth, dashboard/web/tables.py): the Date column to the data's
  // longest date, the names; back in the card, to the widths they had
  // there (a user's own too). `only`: the grids to fit (default both). The
  // state wanted is read when a grid answers, not when asked: on, then off
  // before the grids were made, could otherwise answer in either order.
  fitColumns: function (on, only) {
    var atlas = window.dash_clientside.atlas;
    atlas.fullWanted = on;
    var grids = window.dash_ag_grid;
    if (!grids || !grids.getApiAsync) { return; }
    var cardWidths = atlas.cardWidths = atlas.cardWidths || {};
    (only || ["events-table", "rankings"]).forEach(function (id) {
      grids.getApiAsync(id).then(function (api) {
        if (api.isDestroyed()) { return; }
        var full = atlas.fullWanted;
        var fitted = api.getColumns().filter(function (column) {
          return (column.getColDef().context || {}).fullWidth;
        });
        var widths = {};  // column id -> its full-screen width
        fitted.forEach(function (column) {
          widths[column.getColId()] = column.getColDef().context.fullWidth;
        });
        // only their widths: a sort chosen in full screen stays
        var now = api.getColumnState().filter(function (state) {
          return state.colId in widths;
        }).map(function (state) {
          return {colId: state.colId, width: state.width, flex: state.flex || null};
        });
        var wide = now.some(function (state) {
          return state.width === widths[state.colId] && !state.flex;
        });
        var state;
        if (full) {
          if (!wide) { cardWidths[id] = now; }
          state = Object.keys(widths).map(function (colId) {
            return {colId: colId, width: widths[colId], flex: null};
          });
        } else if (wide) {
          // the card's widths: as they were before, else the grid's own (a
          // session's saved columns can hold the full-screen ones)
          state = cardWidths[id] || fitted.map(function (column) {
            var own = column.getColDef();
            return {colId: column.getColId(), width: own.width || own.minWidth,
                    flex: own.flex || null};
          });
        }
        if (state && state.length) { api.applyColumnState({state: state}); }
      }, function () {});
    });
  },

  // The details card fills the window, or goes back to its place (the
  // button, or Escape: assets/keys.js).
  fullScreen: function (clicks, className) {
    var classes = (className || "").split(" ").filter(function (name) {
      return name && name !== "atlas-fullscreen";
    });
    var on = classes.length === (className || "").split(" ").filter(Boolean).length;
    if (on) { classes.push("atlas-fullscreen"); }
    window.dash_clientside.atlas.fitColumns(on);
    // figures inside (the pair timeline) follow the window's size
    requestAnimationFrame(function () { window.dispatchEvent(new Event("resize")); });
    return [
      classes.join(" "),
      on ? "Leave full screen (Esc)" : "Full screen",
      on ? "Back to the card's place" : "Fill the window with this card (Esc leaves)"
    ];
  },

  // Copy the page's link. Where the clipboard API is missing or refuses (a
  // page served over plain http), the link shows in a text field, selected,
  // and the browser's own copy command is tried: Ctrl+C copies it otherwise.
  // A new view clears the message. A link opened with invalid parts copies
  // as the view it shows (`shown`: the server's link of it, for that query).
  copyLink: function (clicks, search, shown) {
    var no = window.dash_clientside.no_update;
    var triggered = (window.dash_clientside.callback_context.triggered || [])
      .map(function (t) { return t.prop_id; });
    // `hidden` is a text on dcc.Textarea: "hidden" hides it, null shows it
    if (triggered.indexOf("copy-link.n_clicks") < 0) { return ["", no, "hidden"]; }
    var href = window.location.href;
    if (shown && shown.search === window.location.search) {
      href = window.location.origin + window.location.pathname + shown.query;
    }
    // said again at each press: its fading (assets/atlas.css) starts anew
    var said = document.querySelector(".atlas-copy-said");
    if (said) {
      said.style.animation = "none";
      void said.offsetWidth;
      said.style.animation = "";
    }
    return new Promise(function (resolve) {
      function inField() {
        var field = document.getElementById("copy-field");
        var copied = false;
        if (field) {
          field.hidden = false;
          field.value = href;
          field.focus();
          field.select();
          try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
        }
        resolve([copied ? "Link copied" : "Press Ctrl+C to copy the link", href, null]);
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(href).then(function () {
          resolve(["Link copied", href, "hidden"]);
        }, inField);
      } else {
        inField();
      }
    });
  },

  // Cancel pressed: said, once the job has stopped and its own words are
  // gone (Dash puts its status back to "" as it stops: a cancelled deck or
  // time-lapse said nothing). "image-cancel" -> "image-progress", hidden then.
  cancelled: function (clicks) {
    var no = window.dash_clientside.no_update;
    if (!clicks) { return no; }
    var triggered = (window.dash_clientside.callback_context.triggered || [])[0];
    var name = triggered ? triggered.prop_id.split(".")[0] : "";
    var progress = name.replace(/-cancel$/, "-progress");
    return new Promise(function (resolve) {
      var tries = 100;
      (function wait() {
        var bar = document.getElementById(progress);
        if (bar && !bar.hidden && tries-- > 0) { setTimeout(wait, 100); return; }
        setTimeout(function () { resolve("Cancelled: nothing saved."); }, 300);
      })();
    });
  }
};

// A grid made (at its tab's first opening, or again) fits the card as it
// is: the columns a session saved with it (persistence) can be the
// full-screen ones, which in the card hid To; a grid made in full screen
// widens.
(function () {
  var made = {};
  new MutationObserver(function () {
    ["events-table", "rankings"].forEach(function (id) {
      var root = document.querySelector("#" + id + " .ag-root");
      if (root && made[id] !== root) {
        made[id] = root;
        var fit = function () {
          var full = Boolean(document.querySelector(".atlas-fullscreen"));
          window.dash_clientside.atlas.fitColumns(full, [id]);
        };
        fit();
        // the saved columns are laid on the grid as its first rows come
        // (dash-ag-grid), after it was made: fitted again then
        var grids = window.dash_ag_grid;
        if (grids && grids.getApiAsync) {
          grids.getApiAsync(id).then(function (api) {
            api.addEventListener("firstDataRendered", function () { setTimeout(fit, 0); });
            setTimeout(fit, 1000);
          }, function () {});
        }
      }
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
