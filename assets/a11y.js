// Accessibility repairs to Dash 4's own components, applied as they render:
// - checklists and radio items are marked as listboxes of options, but hold
//   real inputs (nested controls): they become groups of those inputs (a
//   checklist of one box, a relation kind's, is no group: just its box);
// - the date pickers' wrappers carry aria-expanded without a role;
// - dropdowns put a hidden input marked aria-hidden in the Tab order, to pass
//   the focus on to the menu's button (Safari skips buttons when tabbing): an
//   aria-hidden element must not take the focus, so it leaves the Tab order
//   and the button, which Dash keeps out of it, takes its place. Dash puts
//   the input back each time the button loses the focus: hence "tabindex"
//   below. (Safari reaches the menus as it reaches every other button here.)
// - a skip link moves the focus to its target without a "#" in the URL,
//   which "Copy link" would copy;
// - a date picker's "Clear date" is a link without a target, named but with
//   no role and out of the Tab order: it becomes a button that the keyboard
//   reaches and presses.
(function () {
  // only when it differs: each write is a mutation the observer below sees
  function setTabIndex(el, value) {
    if (el.getAttribute("tabindex") !== value) { el.setAttribute("tabindex", value); }
  }
  function repair(root) {
    root.querySelectorAll("[role='listbox']").forEach(function (el) {
      if (el.querySelector("input[type='radio']")) { el.setAttribute("role", "radiogroup"); }
      else if (el.querySelectorAll("input[type='checkbox']").length > 1) { el.setAttribute("role", "group"); }
      else if (el.querySelector("input[type='checkbox']")) { el.setAttribute("role", "none"); }
    });
    // Dash sets aria-selected again each time the value changes (a tab
    // opened, a box ticked): without the role, it is not allowed
    root.querySelectorAll(".dash-options-list-option[role='option'], " +
        ".dash-options-list-option[aria-selected]").forEach(function (el) {
      el.removeAttribute("role");
      el.removeAttribute("aria-selected");
    });
    root.querySelectorAll("[id$='-wrapper'][aria-expanded]:not([role])").forEach(function (el) {
      el.removeAttribute("aria-expanded");
    });
    root.querySelectorAll("input.dash-dropdown-focus-target[aria-hidden='true']").forEach(function (el) {
      setTabIndex(el, "-1");
      var button = el.nextElementSibling;
      if (button && button.matches("button.dash-dropdown")) { setTabIndex(button, "0"); }
    });
    root.querySelectorAll("a.dash-datepicker-clear:not([href])").forEach(function (el) {
      if (el.getAttribute("role") !== "button") { el.setAttribute("role", "button"); }
      setTabIndex(el, "0");
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".atlas-skip a");
    var target = link && document.getElementById(link.hash.slice(1));
    if (!target) { return; }
    event.preventDefault();
    target.focus();
  });
  // Enter or Space presses it, as a button; the focus goes back to its date
  // field (the button leaves with the date)
  document.addEventListener("keydown", function (event) {
    var clear = event.target.closest && event.target.closest("a.dash-datepicker-clear");
    if (!clear || (event.key !== "Enter" && event.key !== " ")) { return; }
    event.preventDefault();
    var picker = clear.closest(".dash-datepicker");
    var field = picker && picker.querySelector("input.dash-datepicker-input");
    clear.click();
    if (field) { field.focus(); }
  });
  var scheduled = false;
  new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; repair(document); });
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["role", "aria-expanded", "aria-hidden", "aria-selected", "tabindex"]
  });
})();

// A story's step links are made anew at every step: the one the keyboard
// pressed (Enter on "Next ▶") left the page, and the focus with it, to the
// page's body; the next Enter did nothing and Tab began again at the top.
// The focus goes to the new link of the same name; at the story's end,
// where that is a disabled look-alike, to it (Enter there does nothing).
// A story opened from the keyboard (Enter on its link under "Stories") puts
// the focus on its "Next ▶": it fell to the body, Tab began at the top.
(function () {
  var wanted = null;  // {id, node, since}: the link pressed with the focus on it
  document.addEventListener("click", function (event) {
    var link = event.target.closest &&
      event.target.closest("#story-prev, #story-next, .atlas-story-list a");
    var opens = link && !/^story-(prev|next)$/.test(link.id);
    wanted = link && document.activeElement === link ?
      {id: opens ? "story-next" : link.id, node: link, since: Date.now()} : null;
  }, true);
  new MutationObserver(function () {
    if (!wanted) { return; }
    var focused = document.activeElement;
    if (Date.now() - wanted.since > 5000 ||
        (focused && focused !== document.body && focused !== wanted.node)) {
      wanted = null;  // too late, or the focus went on somewhere itself
      return;
    }
    var link = document.getElementById(wanted.id);
    if (!link || (link === wanted.node && focused === link)) { return; }
    if (!link.hasAttribute("href")) { link.setAttribute("tabindex", "-1"); }
    wanted = null;
    link.focus();
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
