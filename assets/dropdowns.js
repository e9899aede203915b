// Dash 4's searchable menus ("Find an actor", "Path between"), made to work a
// second time. Reopened with a value, a menu puts the focus on the chosen
// option: typed letters went nowhere and Enter un-chose it. Here typing on
// an option goes to the menu's search box, and Enter never un-chooses the one
// value of a single-choice menu (it closes the menu instead).
(function () {
  function menuOf(target) {
    return target && target.closest ? target.closest(".dash-dropdown-content") : null;
  }
  function isOption(target) {
    return target.tagName === "INPUT" && target.closest(".dash-options-list-option");
  }
  // the first option shown is the chosen one of a single-choice menu
  function firstIsChosen(menu) {
    var first = menu.querySelector(".dash-options-list-option input");
    return Boolean(first && first.type === "radio" && first.checked);
  }
  function close(target) {
    target.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  }

  document.addEventListener("keydown", function (event) {
    var menu = menuOf(event.target);
    if (!menu || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var search = menu.querySelector(".dash-dropdown-search");
    if (!search || !isOption(event.target) || event.key.length !== 1) { return; }
    if (event.key === " " && !search.value) { return; }  // space picks an option
    search.focus();  // the letter itself lands there: the browser types it into the focus
  }, true);

  // Enter chooses on key-up in Dash's menus: stop it before React sees it
  document.addEventListener("keyup", function (event) {
    var menu = menuOf(event.target);
    if (!menu || event.key !== "Enter") { return; }
    var onChosen = isOption(event.target) && event.target.type === "radio" &&
      event.target.checked;
    var searchOnChosen = event.target.classList.contains("dash-dropdown-search") &&
      event.target.value && firstIsChosen(menu);
    if (onChosen || searchOnChosen) {
      event.stopPropagation();
      close(event.target);
    }
  }, true);
})();
