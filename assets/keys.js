// Keyboard: Escape shuts the open "Slides and images" menu (so do the focus
// leaving it and a click elsewhere), the presentation
// mode's open "More" menu, else clears a selection and then leaves
// the presentation mode, then a full-screen details card (also from inside its
// tables), else clears the selection.
// In the presentation mode or a story, the arrows (and Page Up/Down) step the
// story or the date window; the space bar plays and pauses, or in a story
// goes to the next step.
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
  // (a box or a radio button has nothing of its own to close)
  var OWN_ESCAPE = "input:not([type='checkbox']):not([type='radio']), textarea, select, " +
    ".ag-popup, .dash-dropdown-content, .dash-datepicker-content";
  function ownsEscape(target) {
    return Boolean(target.closest && target.closest(OWN_ESCAPE));
  }
  // an actor or a relation selected: the page's link names it
  function selected() {
    var query = new URLSearchParams(window.location.search);
    return query.has("focus") || query.has("relation");
  }
  function leavesFullScreen(target) {
    return Boolean(document.querySelector(".atlas-fullscreen")) && !ownsEscape(target);
  }
  // The "More" menu shows while it has the pointer or the focus (assets/atlas.css
  // .atlas-more): Escape shuts it, the focus kept on its button, until a new
  // visit (the pointer or the focus coming in again) or a press of "More".
  function shutMoreMenu() {
    var more = document.querySelector(".atlas.present .atlas-more");
    var items = more && more.querySelector(".atlas-more-items");
    if (!items || getComputedStyle(items).display === "none") { return false; }
    if (more.contains(document.activeElement)) { more.querySelector(".atlas-more-button").focus(); }
    more.classList.add("atlas-more-shut");
    return true;
  }
  // a new visit: the pointer or the focus coming in from outside the menu
  function reopenOnEntry(event) {
    var more = event.target.closest && event.target.closest(".atlas-more");
    if (more && !(event.relatedTarget && more.contains(event.relatedTarget))) {
      more.classList.remove("atlas-more-shut");
    }
  }
  document.addEventListener("pointerover", reopenOnEntry);
  document.addEventListener("focusin", reopenOnEntry);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".atlas-more-button");
    if (button) { button.parentElement.classList.remove("atlas-more-shut"); }
  });
  // "Slides and images" shuts when the focus leaves it (Tab on past its last
  // control) or a click lands elsewhere, as menus do: it stayed open over
  // the page. A focus lost to nothing (a click on the menu's own words, the
  // window left) keeps it open, and so does a render in progress: its
  // progress and Cancel are in the menu (Esc or the menu's button shut it).
  function shut(menu) {
    if (!menu.querySelector("progress:not([hidden])")) { menu.open = false; }
  }
  function shutMenusBut(keep) {
    document.querySelectorAll("details.atlas-menu[open]").forEach(function (menu) {
      if (!(keep && menu.contains(keep))) { shut(menu); }
    });
  }
  document.addEventListener("focusout", function (event) {
    var menu = event.target.closest && event.target.closest("details.atlas-menu[open]");
    if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) {
      shut(menu);
    }
  });
  document.addEventListener("pointerdown", function (event) {
    shutMenusBut(event.target);
  });
  // A step pressed while the last is still on its way waits for it, then
  // goes on from it: the story's links and the window's buttons step from
  // the step on screen, so a second press within the half second a step
  // takes (a clicker pressed twice, a double click) went where the first had
  // and was lost. Keys and clicks on the buttons alike.
  // A step has arrived when what it shows changes. One that changes nothing
  // (▶ at the data's end) has arrived when the page has heard back from the
  // server and asked nothing more for a quarter second: a press after it is
  // not held (for 5 s it was), one held meanwhile goes on from where it is.
  var pending = null;  // the press on its way: {story, shown, since, queued}
  var ours = false;  // while a queued press clicks its button itself
  var STEPPERS = {"step-back": [false, false], "step-forward": [false, true],
    "story-prev": [true, false], "story-next": [true, true]};
  // the page's callbacks on their way to the server and back: one is back
  // when its answer is read (Dash reads it as JSON, then shows it), or at
  // once when it has none to read (204: nothing to change)
  var asking = 0, quiet = null;
  var fetchOf = window.fetch;
  window.fetch = function (resource) {
    var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    if (url.indexOf("_dash-update-component") === -1) { return fetchOf.apply(this, arguments); }
    asking += 1;
    clearTimeout(quiet);
    var back = false;
    function heard() {
      if (back) { return; }
      back = true;
      asking -= 1;
      if (!asking) { quiet = setTimeout(arrivedUnchanged, 250); }
    }
    return fetchOf.apply(this, arguments).then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (type.indexOf("application/json") === -1) { heard(); return response; }
      var read = response.json;
      response.json = function () {
        return read.call(response).finally(heard);
      };
      return response;
    }, function (error) { heard(); throw error; });
  };
  function shown(story) {
    var element = story ? document.querySelector(".atlas-story-count") :
      document.getElementById("header-window");
    return element ? element.textContent : null;
  }
  function track(story, before, queued) {
    pending = {story: story, shown: before, since: Date.now(), queued: queued};
    arrivals.observe(document.getElementById("atlas-root"),
      {childList: true, subtree: true, characterData: true});
    setTimeout(arrivedUnchanged, 500);  // in case it asked the server nothing
  }
  function press(story, forward, queued) {
    var before = shown(story);
    var id = story ? (forward ? "story-next" : "story-prev") :
      (forward ? "step-forward" : "step-back");
    ours = true;
    var clicked = click(id);
    ours = false;
    if (clicked) { track(story, before, queued); } else { pending = null; }
  }
  function arrived() {
    var done = pending;
    pending = null;
    arrivals.disconnect();
    if (done.queued) {
      var forward = done.queued > 0;
      press(done.story, forward, done.queued + (forward ? -1 : 1));
    }
  }
  var arrivals = new MutationObserver(function () {
    if (pending && shown(pending.story) !== pending.shown) { arrived(); }
  });
  function arrivedUnchanged() {
    if (pending && !asking && Date.now() - pending.since >= 250 &&
        shown(pending.story) === pending.shown) { arrived(); }
  }
  // whether a press now waits for one on its way (a story's or the window's)
  function waits(story) {
    return Boolean(pending) && pending.story === story &&
      shown(story) === pending.shown && Date.now() - pending.since < 5000;
  }
  function step(story, forward) {
    if (waits(story)) {
      pending.queued += forward ? 1 : -1;
      return;
    }
    press(story, forward, 0);
  }
  // a click on a step button, before the page hears it: queued while a step
  // is on its way (neither the page nor the link sees it), else let through
  // and followed
  document.addEventListener("click", function (event) {
    var button = !ours && event.target.closest &&
      event.target.closest("#step-back, #step-forward, #story-prev, #story-next");
    if (!button || button.classList.contains("atlas-disabled")) { return; }
    var story = STEPPERS[button.id][0];
    if (waits(story)) {
      pending.queued += STEPPERS[button.id][1] ? 1 : -1;
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    track(story, shown(story), 0);
  }, true);
  // a Space the page took for Play: its key coming up must not press
  // the button that has the focus
  var spaceTaken = false;
  // the button a pointer last pressed, until Tab moves the focus on (at a
  // key press :focus-visible holds for any focused button: no help here)
  var clicked = null;
  document.addEventListener("pointerdown", function (event) {
    clicked = event.target.closest ? event.target.closest("button") : null;
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Tab") { clicked = null; }
  }, true);
  document.addEventListener("keyup", function (event) {
    if (event.key === " " && spaceTaken) { event.preventDefault(); }
    if (event.key === " ") { spaceTaken = false; }
  }, true);
  document.addEventListener("keydown", function (event) {
    var root = document.getElementById("atlas-root");
    if (!root || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var present = root.classList.contains("present");
    var story = root.classList.contains("story-on");
    // "Slides and images" shuts from inside, the focus back on it (it had
    // stayed open, and Escape cleared the selection behind it); presenting,
    // "More" shuts with it below
    var menu = event.key === "Escape" && !event.defaultPrevented &&
      !ownsEscape(event.target) && event.target.closest &&
      event.target.closest("details.atlas-menu[open]");
    if (menu) {
      menu.open = false;
      if (!present) {
        menu.querySelector("summary").focus();
        event.preventDefault();
        return;
      }
    }
    if (event.key === "Escape" && !present && !event.defaultPrevented &&
        leavesFullScreen(event.target)) {
      click("details-fullscreen");
      event.preventDefault();
      return;
    }
    // before the check for keys a control uses itself: the menu's summary
    // ("Slides and images") and radio buttons use the arrows, not Escape
    if (event.key === "Escape" && present && !event.defaultPrevented &&
        !ownsEscape(event.target) && shutMoreMenu()) {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented || typing(event.target)) { return; }
    if (event.key === "Escape") {
      // presenting, a selection goes first (a teacher undoing a click was
      // thrown out of the projector's view); a story step's own focus is
      // the step's, and Escape leaves it as before
      if (present && (story || !selected())) { click("present-toggle"); }
      else { click("clear-selection"); }
      return;
    }
    if (!(present || story)) { return; }
    var back = event.key === "ArrowLeft" || event.key === "PageUp";
    var forward = event.key === "ArrowRight" || event.key === "PageDown";
    // a step shuts the "More" menu: opened on the way (Tab passes through
    // it), it stayed over the network at every step until Escape
    if (back || forward) {
      shutMoreMenu();
      step(story, forward);
      event.preventDefault();
    } else if (event.key === " " && present) {
      // a button the keyboard reached presses itself; one a click left
      // the focus on does not (▶ clicked, Space stepped again, no Play); a
      // link never does (the space bar never follows one)
      var button = (event.target.tagName || "").toLowerCase() === "button";
      if (button && event.target !== clicked) { return; }
      // in a story, the next step, as the space bar goes to the next slide
      // (Play moved the window on under the step's caption and quote)
      shutMoreMenu();
      if (story) { step(story, true); } else { click("play-button"); }
      event.preventDefault();
      spaceTaken = button;
    }
  });
})();


// The Events and Rankings tables: Enter on a row's cell selects it, as a
// click does (the page hears AG Grid's cellClicked only: the keyboard could
// reach a row but not select it).
(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var cell = event.target.closest && event.target.closest(".atlas-grid .ag-cell");
    if (!cell || cell !== event.target) { return; }
    event.preventDefault();
    cell.click();
  });
})();


// The date pickers' fields: Enter takes the typed date, as Tab does, and
// leaves the focus in the field, the calendar shut. Dash's picker opened its
// calendar on Enter and moved the focus into it, on the typed day, where the
// next Enter began a new window (its end cleared); the arrow down still opens
// it. The picker is asked in its own words: a Tab, on which it reads the field
// (an unreadable date goes back to the window's), then an Escape, which shuts
// its calendar (Radix's popover) where a click on the field had opened it.
(function () {
  function key(name) { return new KeyboardEvent("keydown", {key: name, bubbles: true}); }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.isComposing) { return; }
    var field = event.target;
    if (!(field.classList && field.classList.contains("dash-datepicker-input"))) { return; }
    // before React hears it (at the page's root, under the document)
    event.stopPropagation();
    event.preventDefault();
    field.dispatchEvent(key("Tab"));
    var box = field.closest(".dash-datepicker-input-wrapper");
    if (box && box.getAttribute("data-state") === "open") { field.dispatchEvent(key("Escape")); }
  }, true);
})();
