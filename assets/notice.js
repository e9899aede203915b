// A notice floats over the panels' tops (assets/atlas.css), presenting until
// it fades: a click on it hides it at once, so a teacher need not wait 15 s
// for the top of the map. A new notice (other words) shows again.
(function () {
  var DISMISSED = "data-dismissed";
  document.addEventListener("click", function (event) {
    var notice = event.target.closest && event.target.closest(".atlas-header .atlas-notice");
    if (!notice || notice.hasAttribute(DISMISSED)) { return; }
    notice.setAttribute(DISMISSED, "");
    var watch = new MutationObserver(function () {
      notice.removeAttribute(DISMISSED);
      watch.disconnect();
    });
    watch.observe(notice, { childList: true, characterData: true, subtree: true });
  });
})();
