// A notice floats over the panels' tops (assets/atlas.css) and goes after a
// while (30 s at the desk, 15 s presenting) or at a click on it, so the map's
// title and Fit button, under it, are never covered for long. New words show
// again, for as long, and so do the same words answering another press: a
// second press of ▶ at the last step had seemed to do nothing. (A CSS fade had not come
// back for a second notice.)
(function () {
  var DISMISSED = "data-dismissed";
  var SHOWN_MS = 30000;
  var SHOWN_PRESENTING_MS = 15000;
  var timer = null;

  function hide(notice) {
    clearTimeout(timer);
    notice.setAttribute(DISMISSED, "");
  }

  function show(notice) {
    clearTimeout(timer);
    notice.removeAttribute(DISMISSED);
    if (!notice.textContent.trim()) { return; }
    // presenting then (it may begin or end meanwhile), 15 s; else 30 s
    timer = setTimeout(function () {
      if (notice.closest(".atlas.present")) { hide(notice); return; }
      timer = setTimeout(function () { hide(notice); }, SHOWN_MS - SHOWN_PRESENTING_MS);
    }, SHOWN_PRESENTING_MS);
  }

  // The same words answering another press (▶ twice at the last step)
  // change nothing the observer sees: the page says so through this
  // (dashboard/web/callbacks.py, atlas.noticeWritten on NOTICE_AGAIN).
  window.atlasNotice = {
    written: function () {
      var notice = document.querySelector(".atlas-header .atlas-notice");
      if (notice) { show(notice); }
    }
  };

  function watch(notice) {
    show(notice);
    new MutationObserver(function () { show(notice); })
      .observe(notice, { childList: true, characterData: true, subtree: true });
  }

  document.addEventListener("click", function (event) {
    var notice = event.target.closest && event.target.closest(".atlas-header .atlas-notice");
    if (notice) { hide(notice); }
  });

  // Escape takes a notice away first, before it clears a selection or
  // leaves the presentation (presenting, a notice over both figures' tops
  // for 15 s could only be clicked away; Escape left the projector's view);
  // not from a field, a menu or a calendar, whose own Escape comes first
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented) { return; }
    var notice = document.querySelector(".atlas-header .atlas-notice");
    if (!notice || notice.hasAttribute(DISMISSED) || !notice.textContent.trim()) { return; }
    var target = event.target;
    if (target.closest && target.closest(
      "input, textarea, select, details[open], .dash-dropdown, .dash-datepicker, [aria-expanded='true']")) { return; }
    hide(notice);
    event.preventDefault();
  }, true);

  // Dash draws the page after this script runs: wait for the notice
  var finding = setInterval(function () {
    var notice = document.querySelector(".atlas-header .atlas-notice");
    if (notice) {
      clearInterval(finding);
      watch(notice);
    }
  }, 100);
})();
