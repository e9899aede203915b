// Accessibility repairs to Dash 4's own components, applied as they render:
// - checklists and radio items are marked as listboxes of options, but hold
//   real inputs (nested controls): they become groups of those inputs;
// - the date pickers' wrappers carry aria-expanded without a role;
// - dropdowns keep a hidden, focusable input marked aria-hidden.
(function () {
  function repair(root) {
    root.querySelectorAll("[role='listbox']").forEach(function (el) {
      if (el.querySelector("input[type='radio']")) { el.setAttribute("role", "radiogroup"); }
      else if (el.querySelector("input[type='checkbox']")) { el.setAttribute("role", "group"); }
    });
    root.querySelectorAll(".dash-options-list-option[role='option']").forEach(function (el) {
      el.removeAttribute("role");
      el.removeAttribute("aria-selected");
    });
    root.querySelectorAll("[id$='-wrapper'][aria-expanded]:not([role])").forEach(function (el) {
      el.removeAttribute("aria-expanded");
    });
    root.querySelectorAll("input.dash-dropdown-focus-target[aria-hidden='true']").forEach(function (el) {
      el.setAttribute("tabindex", "-1");
    });
  }
  var scheduled = false;
  new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    requestAnimationFrame(function () { scheduled = false; repair(document); });
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["role", "aria-expanded", "aria-hidden"]
  });
})();
