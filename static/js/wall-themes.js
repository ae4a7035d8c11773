/* "Highlight theme" on the facilitator's wall (templates/proposals/wall.html):
 * groups of the chosen main area get an outline, the others are dimmed.
 * Each group carries data-theme (its theme's pk, or "none"); the choice is
 * applied again after every swap of cells (live updates, the grid refetch).
 * Without JavaScript the control stays hidden; each cell still shows its
 * theme's label. */
(function () {
  "use strict";
  var choice = "";

  function apply() {
    document.querySelectorAll("#grid .group[data-theme]").forEach(function (group) {
      var match = choice !== "" && group.getAttribute("data-theme") === choice;
      group.classList.toggle("theme-match", match);
      group.classList.toggle("theme-dimmed", choice !== "" && !match);
    });
  }

  function init() {
    var control = document.getElementById("wall-theme-filter");
    var select = document.getElementById("wall-theme-select");
    if (!control || !select) { return; }
    control.hidden = false;
    select.addEventListener("change", function () { choice = select.value; apply(); });
    ["htmx:afterSettle", "htmx:oobAfterSwap", "htmx:wsAfterMessage"].forEach(function (name) {
      document.body.addEventListener(name, apply);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
