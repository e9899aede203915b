// The filters' chips (#filter-chips) in the room they have: in one row beside
// the player when presenting, two rows in the header on the desk. Squeezed,
// three chips read "c… ✕" on a 1280x720 projector, and a teacher could not
// tell what was filtered. The chips that do not fit whole fold, from the last,
// into one "+2 more" chip, its name listing them; where not even the first fits
// beside it, all fold into "3 filters". Pressing it shows the folded chips
// under the row, whole, each with its ✕ (the focus goes to the first of them,
// so the keyboard reaches them in order); Escape, a second press or a click
// elsewhere folds them again. The row itself never changes size.
(function () {
  var FOLDED = "data-folded";
  var OPEN = "atlas-chips-open";

  function shownChips(box) {
    return Array.prototype.slice.call(box.querySelectorAll(".atlas-chip:not([hidden])"));
  }
  function wordsOf(chip) {
    var words = chip.querySelector(".atlas-chip-words");
    return words ? words.textContent : chip.textContent.replace(/\s*✕\s*$/, "");
  }
  // every unfolded chip within the row, and its words whole
  function fits(box, chips) {
    if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
      return false;
    }
    return chips.every(function (chip) {
      var words = chip.querySelector(".atlas-chip-words");
      return chip.hasAttribute(FOLDED) || !words || words.scrollWidth <= words.clientWidth + 1;
    });
  }
  function setFolded(chips, count, more) {
    chips.forEach(function (chip, index) {
      var fold = index >= chips.length - count;
      if (fold !== chip.hasAttribute(FOLDED)) {
        if (fold) { chip.setAttribute(FOLDED, ""); } else { chip.removeAttribute(FOLDED); }
      }
      // its line in the column the folded chips show in (assets/atlas.css)
      if (fold) { chip.style.setProperty("--fold", index - (chips.length - count)); }
      else { chip.style.removeProperty("--fold"); }
    });
    var folded = chips.slice(chips.length - count).map(wordsOf);
    var label = count === chips.length ? count + " filters" : "+" + count + " more";
    more.hidden = count === 0;
    more.textContent = label;
    var name = (count === chips.length ? "Filters: "
      : count + (count === 1 ? " more filter: " : " more filters: ")) + folded.join(", ");
    more.setAttribute("aria-label", name);
    more.title = name;
  }

  // the fewest folded that fit: none, the last, ..., all but the first, all
  function fold(box) {
    var more = box.querySelector(".atlas-chips-more");
    if (!more) { return; }
    var chips = shownChips(box);
    for (var count = 0; count <= chips.length; count++) {
      setFolded(chips, count, more);
      // one chip alone ends its words in "…", the whole on hover
      if (chips.length < 2 || fits(box, chips)) { break; }
    }
    if (!more.hidden) {
      more.setAttribute("aria-expanded", String(box.classList.contains(OPEN)));
    } else { shut(box, false); }
  }

  function shut(box, focusMore) {
    if (!box.classList.contains(OPEN)) { return false; }
    // asked before the folded chips, the focused one among them, are hidden
    var focused = box.contains(document.activeElement);
    box.classList.remove(OPEN);
    var more = box.querySelector(".atlas-chips-more");
    more.setAttribute("aria-expanded", "false");
    if (focusMore && focused) { more.focus(); }
    return true;
  }
  function toggle(box) {
    if (shut(box, false)) { return; }
    box.classList.add(OPEN);
    box.querySelector(".atlas-chips-more").setAttribute("aria-expanded", "true");
    var first = box.querySelector(".atlas-chip[" + FOLDED + "]:not([hidden])");
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
  // the chips appear when Dash renders the layout
  new MutationObserver(function () {
    var found = document.getElementById("filter-chips");
    if (!found || found === box) { return; }
    box = found;
    changes.observe(box, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ["hidden"],
    });
    sizes.observe(box);
    // presenting moves the row (and its room) without resizing it, at times
    var root = document.getElementById("atlas-root");
    if (root) { changes.observe(root, { attributes: true, attributeFilter: ["class"] }); }
    refold();
  }).observe(document.documentElement, { childList: true, subtree: true });

  document.addEventListener("click", function (event) {
    if (!box) { return; }
    var more = event.target.closest && event.target.closest(".atlas-chips-more");
    if (more && box.contains(more)) { toggle(box); }
    else if (!box.contains(event.target)) { shut(box, false); }
  });
  // before assets/keys.js, whose Escape would leave the presentation
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && box && shut(box, true)) { event.preventDefault(); }
  }, true);
  document.addEventListener("focusout", function (event) {
    if (box && box.contains(event.target) && event.relatedTarget &&
        !box.contains(event.relatedTarget)) { shut(box, false); }
  });
})();
