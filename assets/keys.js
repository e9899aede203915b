// Keyboard: Escape leaves the presentation mode, then a full-screen details
// card (also from inside its tables), else clears the selection.
// In the presentation mode or a story, the arrows (and Page Up/Down) step the
// story or the date window, and the space bar plays and pauses.
(function () {
  function click(id) {
    var element = document.getElementById(id);
    if (element && !element.classList.contains("atlas-disabled")) { element.click(); return true; }
    return false;
  }
  // keys that a control uses itself: typing, a calendar, a menu, the tabs
  var OWN_KEYS = ".dash-datepicker-content, .dash-datepicker, .dash-dropdown, " +
    ".dash-dropdown-wrapper, [role='tab'], [role='slider'], summary, .ag-root-wrapper";
  function typing(target) {
    var tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable ||
      Boolean(target.closest && target.closest(OWN_KEYS));
  }
  // where Escape closes something of its own first: a menu, a calendar, a field
  var OWN_ESCAPE = "input, textarea, select, .ag-popup, .dash-dropdown-content, " +
    ".dash-datepicker-content";
  function leavesFullScreen(target) {
    return Boolean(document.querySelector(".atlas-fullscreen")) &&
      !(target.closest && target.closest(OWN_ESCAPE));
  }
  document.addEventListener("keydown", function (event) {
    var root = document.getElementById("atlas-root");
    if (!root || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var present = root.classList.contains("present");
    var story = root.classList.contains("story-on");
    if (event.key === "Escape" && !present && !event.defaultPrevented &&
        leavesFullScreen(event.target)) {
      click("details-fullscreen");
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented || typing(event.target)) { return; }
    if (event.key === "Escape") {
      if (present) { click("present-toggle"); } else { click("clear-selection"); }
      return;
    }
    if (!(present || story)) { return; }
    var back = event.key === "ArrowLeft" || event.key === "PageUp";
    var forward = event.key === "ArrowRight" || event.key === "PageDown";
    if (back || forward) {
      if (story) { click(back ? "story-prev" : "story-next"); }
      else { click(back ? "step-back" : "step-forward"); }
      event.preventDefault();
    } else if (event.key === " " && present) {
      var focused = (event.target.tagName || "").toLowerCase();
      if (focused === "button" || focused === "a") { return; }  // let it press itself
      click("play-button");
      event.preventDefault();
    }
  });
})();
