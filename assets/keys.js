// Escape clears the selection, as the "Clear selection" button does.
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    var button = document.getElementById("clear-selection");
    if (button) { button.click(); }
  }
});
