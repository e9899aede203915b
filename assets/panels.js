// The figures are drawn for the size of their panels: the server frames the
// map and places the labels for it (dashboard/figures/geoframe.py, labels.py),
// and fits the time bar's words to its width (dashboard/figures/timebar.py).
// A ResizeObserver tells it each figure's size (the panel-sizes store) when
// the page is laid out, resized, or switched to presentation mode; changes
// of a few pixels are let pass. A user's own zoom of the map is kept across
// redraws; the map's "Fit" button brings back the frame the server chose.
(function () {
  var FIGURES = { map: "geo-map", graph: "network-graph", time: "time-bar" };
  var sent = null;
  var timer = null;

  function measure() {
    var sizes = {};
    Object.keys(FIGURES).forEach(function (name) {
      var element = document.getElementById(FIGURES[name]);
      if (!element) { return; }
      var box = element.getBoundingClientRect();
      if (box.width >= 80 && box.height >= 80) {
        sizes[name] = [Math.round(box.width), Math.round(box.height)];
      }
    });
    // the page's, for the presentation's larger type where the page's own
    // grows (atlas.css, dashboard/figures/theme.py on_a_large_screen)
    if (Object.keys(sizes).length) { sizes.page = [window.innerWidth, window.innerHeight]; }
    return sizes;
  }

  function moved(sizes) {
    if (!sent) { return true; }
    return Object.keys(sizes).some(function (name) {
      var before = sent[name];
      return !before || Math.abs(before[0] - sizes[name][0]) > 4 ||
        Math.abs(before[1] - sizes[name][1]) > 4;
    });
  }

  function report() {
    timer = null;
    var sizes = measure();
    if (!Object.keys(sizes).length || !moved(sizes)) { return; }
    if (!window.dash_clientside || !window.dash_clientside.set_props) {
      timer = setTimeout(report, 50);
      return;
    }
    sent = sizes;
    window.dash_clientside.set_props("panel-sizes", { data: sizes });
  }

  function soon(delay) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(report, delay);
  }

  var observer = new ResizeObserver(function () { soon(sent ? 150 : 0); });
  var watched = {};
  // the graphs appear when Dash renders the layout: watch them as they come
  new MutationObserver(function () {
    Object.keys(FIGURES).forEach(function (name) {
      var element = document.getElementById(FIGURES[name]);
      if (element && watched[name] !== element) {
        watched[name] = element;
        observer.observe(element);
      }
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // A relation's details, shown over the network while presenting, cover
  // the marker just clicked: the mouse, on them, no longer moved over the
  // figure, whose hover label stayed on top of them, cut off, until the
  // mouse left. Their arrival takes the figures' hover labels away.
  var chosenShown = null;
  new MutationObserver(function () {
    var chosen = document.querySelector(".atlas.present #details .atlas-chosen");
    if (chosen === chosenShown) { return; }
    chosenShown = chosen;
    if (!chosen || !window.Plotly || !window.Plotly.Fx) { return; }
    Object.keys(FIGURES).forEach(function (name) {
      var plot = document.querySelector("#" + FIGURES[name] + " .js-plotly-plot");
      if (plot) { window.Plotly.Fx.unhover(plot); }
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  // The map's view a user chose by zooming or panning, kept across redraws
  // (a new window, new data) until the frame is due again: a story step or a
  // selection (the figure's geo.uirevision changes) or the Fit button.
  var chosen = null;  // {revision, camera}: cameraOf when the user chose it
  var restoring = false;

  function mapPlot() { return document.querySelector("#geo-map .js-plotly-plot"); }

  // Whether the map now shows another camera than ``camera`` (a redraw
  // asked for before the user's pan reached the server, framed on the actors)
  function differs(plot, camera) {
    var now = cameraOf(plot);
    return !!now && !sameCamera(now, camera);
  }

  // Whether cameras ``a`` and ``b`` show the same (to a thousandth of b's width)
  function sameCamera(a, b) {
    var near = b.width / 1000;
    var lon = Math.abs(((a.lon - b.lon) % 360 + 540) % 360 - 180);
    return lon <= near && Math.abs(a.lat - b.lat) <= near &&
      Math.abs(a.width - b.width) <= near;
  }

  // The relayout that shows ``camera`` in the figure drawn now: its box of
  // axes' ranges (what Plotly fits, and zooms in) as wide as drawn, centred
  // on the camera. A pan turns the map and leaves the box where it was: the
  // box kept from before a pan, laid on a map drawn on the pan's new centre,
  // framed the whole world in a thin strip.
  function cameraUpdate(plot, camera) {
    var geo = plot._fullLayout.geo;
    var range = geo.lonaxis.range, width = range[1] - range[0];
    var update = { "geo.projection.scale": width / camera.width,
      "geo.projection.rotation.lon": camera.lon, "geo.center.lon": camera.lon,
      "geo.center.lat": camera.lat,
      "geo.lonaxis.range": [camera.lon - width / 2, camera.lon + width / 2] };
    var lat = geo.lataxis && geo.lataxis.range;
    if (lat && (camera.lat < lat[0] || camera.lat > lat[1])) {  // moved to it too
      var by = camera.lat - (lat[0] + lat[1]) / 2;
      update["geo.lataxis.range"] = [lat[0] + by, lat[1] + by];
    }
    return update;
  }

  // Where the user took the map, told to the server (the camera's store: a
  // window drawn next and the images keep it, dashboard/web/inputs.py
  // clean_camera) and to the address bar (map=lon,lat,width: a copied link
  // opens the map there). null: framed on the actors again.
  function cameraOf(plot) {
    var geo = plot._fullLayout.geo;
    var range = geo.lonaxis && geo.lonaxis.range, scale = geo.projection && geo.projection.scale;
    if (!range || !scale || !geo.center) { return null; }
    var clamp = function (value, low, high) { return Math.min(Math.max(value, low), high); };
    return {
      lon: ((geo.center.lon + 180) % 360 + 360) % 360 - 180,
      lat: clamp(geo.center.lat, -80, 80),
      width: clamp((range[1] - range[0]) / scale, 1, 360),
      revision: plot.layout.geo && plot.layout.geo.uirevision
    };
  }

  var toldLater = null, settledLater = null;

  // Whether the page waits on the server: a callback Dash holds or has on its
  // way (its own store, as the browser tests read it), or an element marked
  // loading. A settled map asked for then would take the place of the
  // window's answer on its way (the same callback: the page keeps the last)
  function waiting() {
    if (document.querySelector('[data-dash-is-loading="true"]')) { return true; }
    var state = window.store && window.store.getState && window.store.getState();
    var callbacks = (state && state.callbacks) || {};
    return ["requested", "prioritized", "blocked", "executing", "watched"].some(
      function (stage) { return (callbacks[stage] || []).length > 0; });
  }

  // ``moved``: by the user's zoom, pan or Fit. Once it has settled, the map is
  // drawn again where it looks (web/callbacks.py `_map_when_settled`): its
  // names placed for the scale shown, or a map zoomed out kept those placed
  // for the closer view, one on another, until the window moved.
  function tell(camera, moved) {
    var clientside = window.dash_clientside || {};
    if (clientside.set_props) { clientside.set_props("map-camera", { data: camera }); }
    clearTimeout(settledLater);  // framed anew since, or moved on
    if (moved) {
      var waits = 40;
      settledLater = setTimeout(function settled() {
        var plot = mapPlot();
        var revision = plot && plot.layout.geo && plot.layout.geo.uirevision;
        if (!plot || (camera && revision !== camera.revision)) { return; }
        if (waiting() && waits-- > 0) {
          settledLater = setTimeout(settled, 150);  // a redraw on its way first
          return;
        }
        // drawn there already (a window asked for as the zoom ended)
        var drawn = plot.layout.meta && plot.layout.meta.camera;
        if (camera && drawn && sameCamera(drawn, camera)) { return; }
        if (clientside.set_props) { clientside.set_props("map-settled", { data: Date.now() }); }
      }, 400);
    }
    clearTimeout(toldLater);  // a wheel's zoom is many: the address once, after
    var tries = 40;
    toldLater = setTimeout(function address() {
      var plot = mapPlot();
      var revision = plot && plot.layout.geo && plot.layout.geo.uirevision;
      if (camera && revision !== camera.revision) { return; }  // framed anew since
      // a control's change on its way: its address first (told now, this
      // address would be read as a link, and the change undone)
      if (document.querySelector('[data-dash-is-loading="true"]') && tries-- > 0) {
        toldLater = setTimeout(address, 150);
        return;
      }
      var params = new URLSearchParams(window.location.search);
      if (camera) {
        var round = function (value) { return String(Math.round(value * 100) / 100); };
        params.set("map", [camera.lon, camera.lat, camera.width].map(round).join(","));
      } else if (params.has("map")) {
        params.delete("map");
      } else {
        return;
      }
      var search = params.toString().replace(/%2C/g, ",");
      search = search ? "?" + search : "";
      // replaced, not pushed: Back goes to the view before, not to each
      // zoom. Then the page's Location is told, or it would put its own
      // address back at its next update; the server reads it as the same
      // view, and keeps only the camera (web/state.py `update_state`)
      window.history.replaceState(window.history.state, "",
        window.location.pathname + search + window.location.hash);
      if (clientside.set_props) {
        // the address marked as the page's own: not a link followed, whose
        // invalid parts are said again
        var own = Object.assign({}, camera || {}, { address: search });
        clientside.set_props("map-camera", { data: own });
        clientside.set_props("url", { search: search, href: window.location.href });
      }
    }, 150);
  }

  function restore(plot, update) {
    restoring = true;
    window.Plotly.relayout(plot, update).then(
      function () { restoring = false; }, function () { restoring = false; });
  }

  (function attach(tries) {
    var plot = mapPlot();
    if (!plot || !plot.on || !window.Plotly) {
      if (tries > 0) { setTimeout(function () { attach(tries - 1); }, 100); }
      return;
    }
    plot.on("plotly_relayout", function (event) {
      if (restoring || !event) { return; }
      var byUser = Object.keys(event).some(function (key) {
        return key.indexOf("geo.projection") === 0 || key.indexOf("geo.center") === 0;
      });
      if (byUser) {
        var camera = cameraOf(plot);
        chosen = camera && { revision: camera.revision, camera: camera };
        tell(camera, true);
      }
    });
    plot.on("plotly_afterplot", function () {
      if (restoring || !chosen) { return; }
      var revision = plot.layout.geo && plot.layout.geo.uirevision;
      if (revision !== chosen.revision) {
        chosen = null;
        // framed anew, unless drawn where a camera said (Back to a zoomed
        // address: the server drew the camera it put in the store)
        if (!(plot.layout.meta && plot.layout.meta.fit)) { tell(null); }
        return;
      }
      if (differs(plot, chosen.camera)) { restore(plot, cameraUpdate(plot, chosen.camera)); }
    });
  })(100);

  // A pan is no click. plotly.js takes a press and a release on the map as
  // a click on the point hovered at the press, however far the mouse went
  // between: a pan begun on a marker or a name selected it (and the details
  // card left the Path tab). The click after a press that moved is dropped
  // before it reaches the map.
  // Only a mouse's own click is weighed (Enter on a button, a script's
  // click() are not), against the main button's press; a press no click
  // follows (released outside the window) is forgotten. Further than
  // plotly.js's own least drag (8 px) is a pan.
  var pressedAt = null;
  document.addEventListener("mousedown", function (event) {
    var onMap = event.button === 0 && event.target.closest &&
      event.target.closest("#geo-map");
    pressedAt = onMap ? [event.clientX, event.clientY] : null;
  }, true);
  document.addEventListener("mouseup", function () {
    setTimeout(function () { pressedAt = null; }, 0);  // after its click
  }, true);
  document.addEventListener("click", function (event) {
    var from = pressedAt;
    pressedAt = null;
    if (!from || !event.isTrusted || event.detail === 0) { return; }
    if (Math.hypot(event.clientX - from[0], event.clientY - from[1]) > 8) {
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#map-fit");
    var plot = mapPlot();
    if (!button || !plot || !window.Plotly) { return; }
    var geo = plot._fullLayout && plot._fullLayout.geo;
    var initial = geo && geo._subplot && geo._subplot.viewInitial;
    // a map drawn where the user took it (or a link did) has its actors'
    // frame beside (dashboard/figures/map.py): its first view is the camera's
    var fit = plot.layout.meta && plot.layout.meta.fit;
    chosen = null;
    tell(null, !!fit);  // drawn at a camera: its names were placed for it
    var update = {};
    if (fit) {
      update = { "geo.projection.scale": 1, "geo.projection.rotation.lon": fit.projection.rotation.lon,
        "geo.center.lon": fit.center.lon, "geo.center.lat": fit.center.lat,
        "geo.lonaxis.range": fit.lonaxis.range, "geo.lataxis.range": fit.lataxis.range };
    } else if (initial) {
      Object.keys(initial).forEach(function (key) { update["geo." + key] = initial[key]; });
    } else {
      return;
    }
    restore(plot, update);
  });
})();
