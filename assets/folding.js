// Rows that keep to the room they have: the items with no room fold, from the
// last, into one "more" button, its name listing them. Pressing it shows them
// whole, one a line, the focus on the first (so the keyboard reaches them in
// order); Escape, a second press or a click elsewhere folds them again. The
// row itself never changes size. Two rows fold so (`foldingRow` at the end):
// - the filters' chips (#filter-chips), in one row beside the player when
//   presenting, two rows in the header on the desk: squeezed, three chips read
//   "c… ✕" on a 1280x720 projector, and a teacher could not tell what was
//   filtered. They fold into "+2 more"; where not even the first fits beside
//   it, all into "3 filters". Their folded chips show under the row, each
//   with its ✕.
// - the date presets (#preset-group), one line under the dates and the player:
//   six years and two bursts wrapped onto a second line at 1280x720 and took
//   the time bar's room. They fold, from the oldest year (web/layout.py
//   preset_order), into "3 more ▾", shown above the row; choosing one folds
//   them again.
(function () {
  var FOLDED = "data-folded";

  function foldingRow(row) {
    var box = null;

    function itemsOf() {
      return Array.prototype.slice.call(box.querySelectorAll(row.items));
    }
    function setFolded(items, count, more) {
      var first = items.length - count;
      items.forEach(function (item, index) {
        var fold = index >= first;
        if (fold !== item.hasAttribute(FOLDED)) {
          if (fold) { item.setAttribute(FOLDED, ""); } else { item.removeAttribute(FOLDED); }
        }
        // its line in the column the folded items show in (assets/atlas.css)
        if (fold) { item.style.setProperty("--fold", row.line(index, first, items.length)); }
        else { item.style.removeProperty("--fold"); }
      });
      var words = row.words(items.slice(first), count, items.length);
      more.hidden = count === 0;
      more.textContent = words.label;
      more.setAttribute("aria-label", words.name);
      more.title = words.name;
    }
    // the fewest folded that fit: none, the last, ..., all that may fold
    function fold() {
      var more = box.querySelector(row.more);
      if (!more) { return; }
      var items = itemsOf();
      for (var count = 0; count <= row.most(items.length); count++) {
        setFolded(items, count, more);
        if (row.fits(box, items)) { break; }
      }
      if (more.hidden) { shut(false); }
      else { more.setAttribute("aria-expanded", String(box.classList.contains(row.open))); }
    }
    function shut(focusMore) {
      if (!box || !box.classList.contains(row.open)) { return false; }
      // asked before the folded items, the focused one among them, are hidden
      var focused = box.contains(document.activeElement);
      box.classList.remove(row.open);
      var more = box.querySelector(row.more);
      if (more) {
        more.setAttribute("aria-expanded", "false");
        if (focusMore && focused) { more.focus(); }
      }
      return true;
    }
    function toggle() {
      if (shut(false)) { return; }
      box.classList.add(row.open);
      box.querySelector(row.more).setAttribute("aria-expanded", "true");
      var first = box.querySelector(row.firstFolded);
      if (first) { first.focus(); }
    }

    var changes = new MutationObserver(refold);
    var sizes = new ResizeObserver(refold);
    function refold() {
      if (!box) { return; }
      fold();
      changes.takeRecords();  // its own writes: nothing new to fold for
    }
    // the row appears when Dash renders the layout, and again as it is made anew
    new MutationObserver(function () {
      var found = document.getElementById(row.id);
      if (!found || found === box) { return; }
      box = found;
      changes.observe(box, row.watch);
      sizes.observe(box);
      // presenting moves a row (and its room) without resizing it, at times
      var root = document.getElementById("atlas-root");
      if (root) { changes.observe(root, { attributes: true, attributeFilter: ["class"] }); }
      refold();
    }).observe(document.documentElement, { childList: true, subtree: true });

    document.addEventListener("click", function (event) {
      if (!box) { return; }
      var more = event.target.closest && event.target.closest(row.more);
      if (more && box.contains(more)) { toggle(); }
      else if (!box.contains(event.target)) { shut(row.chosenFolds); }
      else if (row.chosenFolds && event.target.closest("[" + FOLDED + "]")) {
        shut(true);  // a folded preset chosen: its window is shown
      }
    });
    // before assets/keys.js, whose Escape would leave the presentation or
    // clear the selection
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && shut(true)) { event.preventDefault(); }
    }, true);
    document.addEventListener("focusout", function (event) {
      if (box && box.contains(event.target) && event.relatedTarget &&
          !box.contains(event.relatedTarget)) { shut(false); }
    });
  }

  function scrolls(box) {
    return box.scrollWidth > box.clientWidth + 1;
  }

  foldingRow({
    id: "filter-chips",
    items: ".atlas-chip:not([hidden])",
    more: ".atlas-chips-more",
    open: "atlas-chips-open",
    firstFolded: ".atlas-chip[" + FOLDED + "]:not([hidden])",
    watch: { subtree: true, childList: true, characterData: true, attributes: true,
             attributeFilter: ["hidden"] },
    chosenFolds: false,
    most: function (count) { return count; },  // all, into "3 filters"
    // every unfolded chip within the row, and its words whole; one chip alone
    // ends its words in "…", the whole on hover
    fits: function (box, chips) {
      if (chips.length < 2) { return true; }
      if (scrolls(box) || box.scrollHeight > box.clientHeight + 1) { return false; }
      return chips.every(function (chip) {
        var words = chip.querySelector(".atlas-chip-words");
        return chip.hasAttribute(FOLDED) || !words || words.scrollWidth <= words.clientWidth + 1;
      });
    },
    line: function (index, first) { return index - first; },  // under the row
    words: function (folded, count, all) {
      var names = folded.map(function (chip) {
        var words = chip.querySelector(".atlas-chip-words");
        return words ? words.textContent : chip.textContent.replace(/\s*✕\s*$/, "");
      }).join(", ");
      if (count === all) { return { label: count + " filters", name: "Filters: " + names }; }
      return { label: "+" + count + " more",
               name: count + (count === 1 ? " more filter: " : " more filters: ") + names };
    },
  });

  foldingRow({
    id: "preset-group",
    items: "button:not(.atlas-presets-more)",
    more: ".atlas-presets-more",
    open: "atlas-presets-open",
    firstFolded: "button[" + FOLDED + "]",
    watch: { subtree: true, childList: true, characterData: true },
    most: function (count) { return count - 1; },  // the first always shows
    fits: function (box) { return !scrolls(box); },
    // above the row, the first folded at the top
    line: function (index, first, all) { return all - 1 - index; },
    words: function (folded, count) {
      var names = folded.map(function (preset) { return preset.textContent; });
      return { label: count + " more ▾",
               name: count + (count === 1 ? " more preset: " : " more presets: ") +
                 names.join(", ") };
    },
    // choosing a folded preset folds them; the focus goes back to "3 more ▾"
    chosenFolds: true,
  });
})();
