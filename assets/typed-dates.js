// Dates typed by hand in numbers, read as the page writes dates: day first.
// The picker reads what its own format ("5 Dec 2025") cannot through the
// browser's Date, month first: "05/12/2025" became 12 May, "1.12.2025"
// 12 Jan, and "2025-11-31" rolled over to 1 Dec; a day that does not exist
// or lies outside the days a window may hold emptied the field unsaid.
//
// A date typed in numbers (day/month/year with "/", "." or "-", or
// year-month-day) is written in words as soon as it is whole and no digit
// more can follow ("2025-11-2" waits for Enter: it may become 20), so that the
// reader sees how it is read; one that names no such day, or is numbers but
// not a whole date, is not read at all (Enter, Tab and leaving the field are
// held back from the picker) and a line under the picker says why. It is written in words before the picker
// reads it too (Enter, Tab, leaving the field): a date pasted and entered at
// once was read month first before the words came.
//
// The window's two fields and "Change before / after" alike; each field: the
// picker's wrapper, which the line goes under, and what stays when refused.
(function () {
  var FIELDS = {
    "date-range": ["date-range-wrapper", "the window is unchanged"],
    "date-range-end-date": ["date-range-wrapper", "the window is unchanged"],
    "compare-date": ["compare-date-wrapper", "the split is unchanged"]
  };
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var DAY_FIRST = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$/;
  var YEAR_FIRST = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;
  // numbers that are not a whole date ("12/2025"): the picker emptied the
  // field unsaid, and then waited for its start while end dates were typed
  var PARTLY = /^\s*\d[\d\s./-]*$/;
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
    return Boolean(element && FIELDS.hasOwnProperty(element.id));
  }
  function lineId(field) {
    return FIELDS[field.id][0].replace(/-wrapper$/, "-fault");
  }
  var typeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  function say(field, why) {
    var line = document.getElementById(lineId(field));
    field.setAttribute("aria-invalid", why ? "true" : "false");
    if (!why) {
      if (line) { line.remove(); }
      return;
    }
    var wrapper = document.getElementById(FIELDS[field.id][0]);
    if (!line && wrapper && wrapper.parentNode) {
      line = document.createElement("div");
      line.id = lineId(field);
      line.className = "atlas-date-fault";
      line.setAttribute("role", "alert");
      wrapper.parentNode.insertBefore(line, wrapper.nextSibling);
    }
    if (line) { line.textContent = why; }
  }
  // a whole date in numbers written in words, the picker told as if typed
  function inWords(field, parts) {
    typeValue.call(field, parts[0] + " " + MONTHS[parts[1] - 1] + " " + parts[2]);
    field.dispatchEvent(new Event("input", {bubbles: true}));
  }
  // a year-first date whose day is one digit that a second may follow
  // ("2025-11-2" of "2025-11-20"): written in words at once, the next key
  // made "2 Nov 20250", emptied at Enter
  function mayGrow(text) {
    var found = YEAR_FIRST.exec(text);
    return Boolean(found && found[3].length === 1 && Number(found[3]) <= 3);
  }
  // whole: in words at once (after the picker has taken the keystroke)
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!isField(field)) { return; }
    var typed = field.value, parts = numbers(typed);
    say(field, "");
    if (!parts || fault(parts[0], parts[1], parts[2]) || mayGrow(typed)) { return; }
    setTimeout(function () {
      if (field.value !== typed) { return; }  // typed on meanwhile, or read
      inWords(field, parts);
    }, 0);
  }, true);
  // read now: a day in words first; not a day, held back and said
  function holdBack(event) {
    var field = event.target;
    if (!isField(field)) { return; }
    var parts = numbers(field.value), why;
    if (parts) {
      why = fault(parts[0], parts[1], parts[2]);
      if (!why) { inWords(field, parts); return; }
    } else if (PARTLY.test(field.value)) {
      why = "not a whole date: give day, month and year, as 5/12/2025";
    } else {
      return;
    }
    event.stopPropagation();
    if (event.key === "Enter") { event.preventDefault(); }
    say(field, "'" + field.value.trim() + "': " + why + "; " + FIELDS[field.id][1]);
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === "Tab") { holdBack(event); }
  }, true);
  document.addEventListener("focusout", holdBack, true);
  // said until the field is typed in again, or a click elsewhere (a preset,
  // which writes the picker's dates anew)
  document.addEventListener("pointerdown", function (event) {
    if (!document.querySelector(".atlas-date-fault") || isField(event.target)) { return; }
    // after the field's focusout, which says it again
    setTimeout(function () {
      Object.keys(FIELDS).forEach(function (id) {
        var field = document.getElementById(id);
        if (field) { say(field, ""); }
      });
    }, 0);
  }, true);
})();
