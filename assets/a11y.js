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
    root.querySelectorAll(".dash-options-list-option[role='option']").forEach(function (el) {
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
  }
  var scheduled = false;
  new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; repair(document); });
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["role", "aria-expanded", "aria-hidden", "tabindex"]
  });
})();
