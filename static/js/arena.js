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
