// The details card's handle (#details-resize): drag it up, or press the up
// and down arrows on it, to make the card taller over the network graph;
// double-click or Home gives the card back its place in the page's grid.
(function () {
  var STEP = 40;  // pixels per arrow key
  function card() { return document.getElementById("details-card"); }
  // from the card's place in the grid up to just below the header
  function limits(element) {
    var header = document.querySelector(".atlas-header");
    var bottom = element.getBoundingClientRect().bottom;
    var top = header ? header.getBoundingClientRect().bottom + 6 : 6;
    var natural = element.parentElement ? gridRowHeight(element) : 200;
    return [natural, Math.max(natural, bottom - top)];
  }
  function gridRowHeight(element) {
    var rows = getComputedStyle(element.parentElement).gridTemplateRows.split(" ");
    return parseFloat(rows[rows.length - 1]) || element.offsetHeight;
  }
  function setHeight(element, height) {
    var range = limits(element);
    height = Math.round(Math.min(Math.max(height, range[0]), range[1]));
    if (height <= range[0] + 1) {
      element.classList.remove("atlas-resized");
      element.style.removeProperty("height");
    } else {
      element.classList.add("atlas-resized");
      element.style.setProperty("height", height + "px");
    }
    var handle = document.getElementById("details-resize");
    if (handle) {  // 0 at its place, 100 up to the header (as the page sets it)
      var share = range[1] > range[0] ? (height - range[0]) / (range[1] - range[0]) : 0;
      handle.setAttribute("aria-valuenow", String(Math.round(100 * share)));
    }
  }

  document.addEventListener("pointerdown", function (event) {
    var handle = event.target.closest && event.target.closest("#details-resize");
    var element = card();
    if (!handle || !element || event.button !== 0) { return; }
    event.preventDefault();
    var startY = event.clientY;
    var startHeight = element.getBoundingClientRect().height;
    handle.setPointerCapture(event.pointerId);
    element.classList.add("atlas-resizing");
    function move(e) { setHeight(element, startHeight + (startY - e.clientY)); }
    function stop() {
      element.classList.remove("atlas-resizing");
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", stop);
      handle.removeEventListener("pointercancel", stop);
    }
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", stop);
    handle.addEventListener("pointercancel", stop);
  });

  document.addEventListener("dblclick", function (event) {
    var element = card();
    if (element && event.target.closest && event.target.closest("#details-resize")) {
      setHeight(element, 0);
    }
  });

  document.addEventListener("keydown", function (event) {
    var element = card();
    if (!element || event.target.id !== "details-resize") { return; }
    var height = element.getBoundingClientRect().height;
    var moves = { ArrowUp: height + STEP, ArrowDown: height - STEP, Home: 0, End: 1e6 };
    if (!(event.key in moves)) { return; }
    setHeight(element, moves[event.key]);
    event.preventDefault();
  });
})();
