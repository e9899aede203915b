// The date presets (#preset-group) keep to one line under the dates and the
// player: six years and two bursts wrapped onto a second line at 1280x720 and
// took the time bar's room. The presets with no room fold, from the last (the
// oldest year: dashboard/web/layout.py preset_order), into "3 more ▾", its
// name listing them. Pressing it shows them above the row, one a line (the
// focus goes to the first, so the keyboard reaches them in order); choosing
// one, Escape, a second press or a click elsewhere folds them again.
(function () {
  var FOLDED = "data-folded";
  var OPEN = "atlas-presets-open";

  function presetsOf(box) {
    return Array.prototype.slice.call(
      box.querySelectorAll("button:not(.atlas-presets-more)"));
  }
  function fits(box) {
    return box.scrollWidth <= box.clientWidth + 1;
  }
  function setFolded(presets, count, more) {
    var first = presets.length - count;
    presets.forEach(function (preset, index) {
      var fold = index >= first;
      if (fold !== preset.hasAttribute(FOLDED)) {
        if (fold) { preset.setAttribute(FOLDED, ""); } else { preset.removeAttribute(FOLDED); }
      }
      // its line above the row, the first folded at the top (assets/atlas.css)
      if (fold) { preset.style.setProperty("--fold", presets.length - 1 - index); }
      else { preset.style.removeProperty("--fold"); }
    });
    var names = presets.slice(first).map(function (preset) { return preset.textContent; });
    more.hidden = count === 0;
    more.textContent = count + " more ▾";
    var name = count + (count === 1 ? " more preset: " : " more presets: ") + names.join(", ");
    more.setAttribute("aria-label", name);
    more.title = name;
  }

  // the fewest folded that fit: none, the last, ..., all but the first
  function fold(box) {
    var more = box.querySelector(".atlas-presets-more");
    if (!more) { return; }
    var presets = presetsOf(box);
    for (var count = 0; count < presets.length; count++) {
      setFolded(presets, count, more);
      if (fits(box)) { break; }
    }
    if (more.hidden) { shut(box, false); }
    else { more.setAttribute("aria-expanded", String(box.classList.contains(OPEN))); }
  }

  function shut(box, focusMore) {
    if (!box.classList.contains(OPEN)) { return false; }
    // asked before the folded presets, the focused one among them, are hidden
    var focused = box.contains(document.activeElement);
    box.classList.remove(OPEN);
    var more = box.querySelector(".atlas-presets-more");
    if (more) {
      more.setAttribute("aria-expanded", "false");
      if (focusMore && focused) { more.focus(); }
    }
    return true;
  }
  function toggle(box) {
    if (shut(box, false)) { return; }
    box.classList.add(OPEN);
    box.querySelector(".atlas-presets-more").setAttribute("aria-expanded", "true");
    var first = box.querySelector("button[" + FOLDED + "]");
    if (first) { first.focus(); }
  }

  var box = null;
  var changes = new MutationObserver(refold);
  var sizes = new ResizeObserver(refold);
  function refold() {
    if (!box) { return; }
    fold(box);
    changes.takeRecords();  // its own writes: nothing new to fold for
  }
  // the presets appear when Dash renders the layout; new data makes them
  // again (web/freshness.py update_presets) and a burst's count changes them
  new MutationObserver(function () {
    var found = document.getElementById("preset-group");
    if (!found || found === box) { return; }
    box = found;
    changes.observe(box, { subtree: true, childList: true, characterData: true });
    sizes.observe(box);
    refold();
  }).observe(document.documentElement, { childList: true, subtree: true });

  document.addEventListener("click", function (event) {
    if (!box) { return; }
    var more = event.target.closest && event.target.closest(".atlas-presets-more");
    if (more && box.contains(more)) { toggle(box); }
    else if (!box.contains(event.target) ||
             (event.target.closest && event.target.closest("[" + FOLDED + "]"))) {
      shut(box, true);  // a folded preset chosen: its window is shown
    }
  });
  // before assets/keys.js, whose Escape clears the selection
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && box && shut(box, true)) { event.preventDefault(); }
  }, true);
  document.addEventListener("focusout", function (event) {
    if (box && box.contains(event.target) && event.relatedTarget &&
        !box.contains(event.relatedTarget)) { shut(box, false); }
  });
})();
