/* Arena: tiny progressive enhancement. Pages work without it.
 * - When an htmx request fails (bad venue network, server error), show a
 *   polite message in #messages instead of failing silently. Texts come from
 *   data-error-network / data-error-server on #messages (translated server-side).
 * - After a boosted/htmx page swap of #main, move focus to it. */
(function () {
  "use strict";
  function say(kind) {
    var box = document.getElementById("messages");
    if (!box) return;
    var text = box.getAttribute("data-error-" + kind);
    if (!text || box.querySelector("[data-arena-error='" + kind + "']")) return;
    var alert = document.createElement("div");
    alert.className = "ds-alert";
    alert.setAttribute("data-color", "danger");
    alert.setAttribute("data-size", "sm");
    alert.setAttribute("data-arena-error", kind);
    var p = document.createElement("p");
    p.textContent = text;
    alert.appendChild(p);
    box.appendChild(alert);
  }
  function clear() {
    var old = document.querySelectorAll("#messages [data-arena-error]");
    for (var i = 0; i < old.length; i++) old[i].remove();
  }
  document.addEventListener("htmx:sendError", function () { say("network"); });
  document.addEventListener("htmx:timeout", function () { say("network"); });
  document.addEventListener("htmx:responseError", function () { say("server"); });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail && e.detail.successful) clear();
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail && e.detail.target && e.detail.target.id === "main") e.detail.target.focus();
  });
})();

/* Live screens (elements with ws-connect):
 * - show whether the screen is live or offline (#connection-status);
 * - when the socket opens again after a drop, fetch the current state
 *   (the WebSocket extension reconnects but does not replay what was missed);
 * - drag-and-drop on the facilitator's wall (keyboard users have the
 *   "Place in" / "Move to" forms). */
(function () {
  "use strict";
  var opened = false;
  function status(online) {
    var el = document.getElementById("connection-status");
    if (!el) return;
    el.textContent = el.getAttribute(online ? "data-online" : "data-offline");
    el.classList.toggle("connection--offline", !online);
  }
  function refresh() {
    var live = document.getElementById("live");
    if (!live || !window.htmx) return;
    var url = live.getAttribute("data-refresh-url");
    var target = live.getAttribute("data-refresh-target");
    if (url && target) htmx.ajax("GET", url, { target: target, swap: "outerHTML" });
  }
  document.addEventListener("htmx:wsOpen", function () {
    status(true);
    if (opened) refresh();
    opened = true;
  });
  document.addEventListener("htmx:wsClose", function () { status(false); });
  document.addEventListener("htmx:wsError", function () { status(false); });
  window.addEventListener("offline", function () { status(false); });

  // Drag-and-drop of topics (queue) and groups (cells) onto wall cells.
  var dragged = null;
  document.addEventListener("dragstart", function (e) {
    var item = e.target.closest && e.target.closest("[data-topic], [data-group]");
    if (!item) return;
    dragged = item;
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", item.id || "");
  });
  document.addEventListener("dragover", function (e) {
    if (dragged && e.target.closest && e.target.closest("td.cell")) e.preventDefault();
  });
  document.addEventListener("drop", function (e) {
    var cell = e.target.closest && e.target.closest("td.cell");
    var grid = document.getElementById("grid");
    if (!dragged || !cell || !grid || !window.htmx) return;
    e.preventDefault();
    var values = { cell: cell.getAttribute("data-session") + "-" + cell.getAttribute("data-space") };
    if (dragged.hasAttribute("data-topic")) values.topic = dragged.getAttribute("data-topic");
    else values.group = dragged.getAttribute("data-group");
    htmx.ajax("POST", grid.getAttribute("data-drop-url"), { values: values, target: "#feedback", swap: "outerHTML" });
    dragged = null;
  });
})();
