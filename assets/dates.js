// The date picker's window, half picked and left. A first day picked in the
// calendar empties the end field until the last day is picked; the picker
// tells Dash nothing until then, and the figures keep their window. Shut
// there (Escape, a click elsewhere), the calendar left that first day and an
// empty end in the fields, above figures still showing the old window. The
// fields now go back to the window Dash holds as the picker's dates: the
// one shown, or the one a click elsewhere (a preset) has just chosen.
//
// Setting those dates again changes nothing in the picker (it follows its
// dates only when they change), so the fields are given their words as a
// person types them, and read with the Tab on which the picker reads a
// field: it then holds the dates Dash holds, and sends nothing.
(function () {
  var PICKER = "date-range";
  // a last day picked shuts the calendar a render before the picker writes
  // it in the end field, and a preset's dates come a moment after the click
  // that shut it: the fields are looked at once both have
  var SETTLED_MS = 300;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // "2025-11-01" as the picker writes it (web/layout.py's display_format
  // "D MMM YYYY"): "1 Nov 2025"
  function words(day) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(day || "");
    return parts ? Number(parts[3]) + " " + MONTHS[Number(parts[2]) - 1] + " " + parts[1] : null;
  }
  // the picker's dates as Dash holds them (its renderer's store, which the
  // page's own callbacks read and write)
  function held() {
    var state = window.store && window.store.getState && window.store.getState();
    var path = state && state.paths && state.paths.strs && state.paths.strs[PICKER];
    var node = path ? state.layout : null;
    for (var i = 0; node && path && i < path.length; i++) { node = node[path[i]]; }
    return node && node.props ? [words(node.props.start_date), words(node.props.end_date)] : [];
  }
  var typeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  function typeIn(field, text) {
    typeValue.call(field, text);
    field.dispatchEvent(new Event("input", {bubbles: true}));
  }
  function tab(field) {
    field.dispatchEvent(new KeyboardEvent("keydown", {key: "Tab", bubbles: true}));
  }
  function shut(box) {
    setTimeout(function () {
      if (box.getAttribute("data-state") === "open") { return; }  // back in it
      var start = document.getElementById(PICKER);
      var end = document.getElementById(PICKER + "-end-date");
      if (!start || !end || !start.value || end.value) { return; }  // not half
      var dates = held();
      if (!dates[0] || !dates[1]) { return; }
      typeIn(start, dates[0]);
      typeIn(end, dates[1]);
      // the picker reads its fields as they were last drawn: once they are
      setTimeout(function () { tab(start); tab(end); }, 0);
    }, SETTLED_MS);
  }
  // Radix writes the calendar's state on the fields' box (data-state)
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      var box = change.target;
      if (box.id === PICKER + "-wrapper" && box.getAttribute("data-state") !== "open") {
        shut(box);
      }
    });
  }).observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ["data-state"],
  });
})();
