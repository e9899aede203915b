// Dash 4's searchable menus ("Find an actor", "Path between"), made to work a
// second time. Reopened with a value, a menu puts the focus on the chosen
// option: typed letters went nowhere and Enter un-chose it. Here typing on
// an option goes to the menu's search box, and Enter never un-chooses the one
// value of a single-choice menu (it closes the menu instead).
//
// And no letter is lost while a menu opens. Typed on the closed menu's
// button, a letter opens it on key-up, and the focus moves to the search box
// a frame later: on a busy page the next letter's key-down reached the button
// (which ignores it) and its key-up the search box ("Tump" for "Trump").
// A letter pressed on the button of an open menu now goes to its search box;
// one whose key-up lands in the search box, its key-down on the button, is
// added there.
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

  function isLetter(event) {
    return event.key.length === 1 && !event.altKey && !event.ctrlKey && !event.metaKey;
  }
  // the search box of a menu's button, when its menu is open
  function searchOf(button) {
    if (button.getAttribute("aria-expanded") !== "true") { return null; }
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    return menu && menu.querySelector(".dash-dropdown-search");
  }
  // letters pressed on a menu's button, not yet released, by key: the letter
  // (Shift let go first, "T" comes up as "t")
  var pressedOnButton = new Map();

  document.addEventListener("keydown", function (event) {
    var button = event.target.closest && event.target.closest("button.dash-dropdown");
    if (!button || !isLetter(event)) {
      pressedOnButton.delete(event.code);  // pressed again elsewhere
      return;
    }
    var search = searchOf(button);
    if (!search) {
      pressedOnButton.set(event.code, event.key);  // the button opens the menu with it on key-up
    } else if (event.key !== " " || search.value) {  // a first space is the button's
      search.focus();  // the letter lands there
    }
  }, true);
  // a key let go while the page had no focus never comes up here
  window.addEventListener("blur", function () { pressedOnButton.clear(); });

  document.addEventListener("keyup", function (event) {
    var letter = pressedOnButton.get(event.code);
    if (!pressedOnButton.delete(event.code)) { return; }
    var search = event.target;
    if (!search.classList || !search.classList.contains("dash-dropdown-search")) { return; }
    // the focus moved to the search box between its key-down and key-up: the
    // button never saw the letter; type it as the browser would
    var setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setValue.call(search, search.value + letter);
    search.dispatchEvent(new Event("input", { bubbles: true }));
  }, true);

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
