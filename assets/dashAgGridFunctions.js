// Functions the AG Grid tables name in their column definitions.
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// The date filter compares the picked day with a cell's ISO date text.
dagfuncs.isoDateComparator = function (filterDate, cellValue) {
  if (!cellValue) { return -1; }
  var parts = cellValue.split("-").map(Number);
  var cellDate = new Date(parts[0], parts[1] - 1, parts[2]);
  if (cellDate < filterDate) { return -1; }
  if (cellDate > filterDate) { return 1; }
  return 0;
};
