// Dates typed by hand in numbers, read as the page writes dates: day first.
// The picker reads what its own format ("5 Dec 2025") cannot through the
// browser's Date, month first: "05/12/2025" became 12 May, "1.12.2025"
// 12 Jan, and "2025-11-31" rolled over to 1 Dec; a day that does not exist
// or lies outside the days a window may hold emptied the field unsaid.
//
// A date typed in numbers (day/month/year with "/", "." or "-", or
// year-month-day) is written in words as soon as it is whole, so that the
// reader sees how it is read; one that names no such day is not read at all
// (Enter, Tab and leaving the field are held back from the picker) and a
// line under the picker says why.
(function () {
  var FIELDS = ["date-range", "date-range-end-date"];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var DAY_FIRST = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/;
  var YEAR_FIRST = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;
  // web/layout.py's min_date_allowed and max_date_allowed (core/dates.py)
  var FIRST_YEAR = 1900, LAST_YEAR = 2100;

  // [day, month, year] of a date typed in numbers, or null
  function numbers(text) {
    var found = YEAR_FIRST.exec(text);
    if (found) { return [Number(found[3]), Number(found[2]), Number(found[1])]; }
    found = DAY_FIRST.exec(text);
    return found ? [Number(found[1]), Number(found[2]), Number(found[3])] : null;
  }
  // why a date typed in numbers cannot be read, or "" when it can
  function fault(day, month, year) {
    var date = new Date(Date.UTC(year, month - 1, day));
    if (month < 1 || month > 12 || date.getUTCDate() !== day) {
      return "no such day";
    }
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      return "outside " + FIRST_YEAR + " to " + LAST_YEAR;
    }
    return "";
  }
  function isField(element) {
    return element && FIELDS.indexOf(element.id) >= 0;
  }
  var typeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  function say(field, why) {
    var line = document.getElementById("date-range-fault");
    field.setAttribute("aria-invalid", why ? "true" : "false");
    if (!why) {
      if (line) { line.remove(); }
      return;
    }
    var wrapper = document.getElementById("date-range-wrapper");
    if (!line && wrapper && wrapper.parentNode) {
      line = document.createElement("div");
      line.id = "date-range-fault";
      line.className = "atlas-date-fault";
      line.setAttribute("role", "alert");
      wrapper.parentNode.insertBefore(line, wrapper.nextSibling);
    }
    if (line) { line.textContent = why; }
  }
  // whole: in words at once (after the picker has taken the keystroke)
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!isField(field)) { return; }
    var typed = field.value, parts = numbers(typed);
    say(field, "");
    if (!parts || fault(parts[0], parts[1], parts[2])) { return; }
    setTimeout(function () {
      if (field.value !== typed) { return; }  // typed on meanwhile
      typeValue.call(field, parts[0] + " " + MONTHS[parts[1] - 1] + " " + parts[2]);
      field.dispatchEvent(new Event("input", {bubbles: true}));
    }, 0);
  }, true);
  // not a day: held back from the picker, and said
  function holdBack(event) {
    var field = event.target;
    if (!isField(field)) { return; }
    var parts = numbers(field.value);
    var why = parts && fault(parts[0], parts[1], parts[2]);
    if (!why) { return; }
    event.stopPropagation();
    if (event.key === "Enter") { event.preventDefault(); }
    say(field, "'" + field.value.trim() + "': " + why + "; the window is unchanged");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === "Tab") { holdBack(event); }
  }, true);
  document.addEventListener("focusout", holdBack, true);
  // said until the field is typed in again, or a click elsewhere (a preset,
  // which writes the picker's dates anew)
  document.addEventListener("pointerdown", function (event) {
    if (!document.getElementById("date-range-fault") || isField(event.target)) { return; }
    // after the field's focusout, which says it again
    setTimeout(function () {
      FIELDS.forEach(function (id) {
        var field = document.getElementById(id);
        if (field) { say(field, ""); }
      });
    }, 0);
  }, true);
})();
