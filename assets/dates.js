// The date picker's window, half picked and left. A first day picked in the
// calendar empties the end field until the last day is picked; the picker
// tells Dash nothing until then, and the figures keep their window. Shut
// there (Escape, a click elsewhere), the calendar left that first day and an
// empty end in the fields, above figures still showing the old window. The
// fields now go back to the window they showed when the calendar opened, as
// a typed date that cannot be read goes back to the window's.
//
// Dash still holds that window as the picker's dates, so setting them again
// changes nothing in the picker; the fields are given their words back as a
// person types them, and read with the Tab the picker reads a field on.
(function () {
  var PICKER = "date-range";
  // a last day picked shuts the calendar a render before the picker writes
  // it in the end field: the fields are looked at once it has
  var SETTLED_MS = 300;
  function fields() {
    return [document.getElementById(PICKER),
            document.getElementById(PICKER + "-end-date")];
  }
  var typeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  function typeIn(field, words) {
    typeValue.call(field, words);
    field.dispatchEvent(new Event("input", {bubbles: true}));
  }
  function tab(field) {
    field.dispatchEvent(new KeyboardEvent("keydown", {key: "Tab", bubbles: true}));
  }

  var opened = null;  // the fields' words when the calendar opened
  function shut(box) {
    var shown = opened;
    opened = null;
    if (!shown) { return; }
    setTimeout(function () {
      var now = fields(), start = now[0], end = now[1];
      if (box.getAttribute("data-state") === "open") { return; }  // back in it
      if (!start || !end || !start.value || end.value) { return; }  // not half
      typeIn(start, shown[0]);
      typeIn(end, shown[1]);
      // the picker reads its fields as they were last drawn: once they are
      setTimeout(function () { tab(start); tab(end); }, 0);
    }, SETTLED_MS);
  }
  // Radix writes the calendar's state on the fields' box (data-state)
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      var box = change.target;
      if (box.id !== PICKER + "-wrapper") { return; }
      if (box.getAttribute("data-state") !== "open") { shut(box); return; }
      var now = fields(), start = now[0], end = now[1];
      opened = start && end && start.value && end.value ? [start.value, end.value] : null;
    });
  }).observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ["data-state"],
  });
})();
