/* Arena: tiny progressive enhancement. Pages work without it.
 * - When an htmx request fails (bad venue network, server error), show a
 *   polite message in #messages instead of failing silently. Texts come from
 *   data-error-network / data-error-server on #messages (translated server-side).
 * - After a boosted/htmx page swap of #main, move focus to it.
 * - A 429 answer (a limit reached) is swapped in: it says why and keeps the state.
 * - A 422 answer (a form sent with errors) is swapped in like a 200: it is
 *   the form again with its messages (htmx's responseHandling). */
(function () {
  "use strict";
  if (window.htmx && window.htmx.config.responseHandling) {
    window.htmx.config.responseHandling.unshift({ code: "422", swap: true, error: false });
  }
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
  // A 429 (too many changes in a short time) carries its own answer: the
  // part's current state with a message saying what to do. Swap it like a 200.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var d = e.detail;
    if (d && d.xhr && d.xhr.status === 429 && d.serverResponse) {
      d.shouldSwap = true;
      d.isError = false;
    }
  });
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

/* Live screens (an element #live with ws-connect):
 * - swap broadcasts that carry <template>-wrapped elements (table cells)
 *   with htmx.swap: the WebSocket extension (2.0.4) only swaps a message's
 *   top-level elements, so it would skip every grid cell;
 * - say whether the screen is live or offline (#connection-status gets
 *   data-state="online|offline" and the class connection--offline);
 * - when the network goes away (the "offline" event), drop the socket at
 *   once instead of waiting for TCP to notice; when it is back ("online"),
 *   or the page becomes visible again with a dead socket, reconnect;
 * - when the socket opens again after a drop, fetch the current state of
 *   every [data-refresh-url] part into its data-refresh-target (the
 *   WebSocket extension reconnects but does not replay what was missed);
 * - the facilitator's group panel (#panel) follows the wall while open:
 *   fetched again after each wall broadcast, emptied when its group is gone;
 *   opening it moves focus to its heading, "Close" moves focus back;
 * - drag-and-drop on the facilitator's wall (keyboard users have the
 *   "Place in" / "Move to" forms). */
(function () {
  "use strict";
  var socket = null;   // the current WebSocket
  var wrapper = null;  // the ws extension's wrapper: reconnect()
  var opened = false;  // has been open once: a later open is a re-open

  // Keep hold of the socket the extension makes (it reconnects through this).
  if (window.htmx) {
    var make = window.htmx.createWebSocket;
    window.htmx.createWebSocket = function (url) {
      socket = make ? make(url) : new WebSocket(url);
      return socket;
    };
  }

  function status(online) {
    var el = document.getElementById("connection-status");
    if (!el) return;
    var text = el.getAttribute(online ? "data-online" : "data-offline") || "";
    if (el.textContent !== text) el.textContent = text;
    el.setAttribute("data-state", online ? "online" : "offline");
    el.classList.toggle("connection--offline", !online);
  }
  // Each [data-refresh-url] names what to fetch and where it goes:
  // data-refresh-target (swapped outerHTML), optionally data-refresh-select
  // (the part of the response to take) and data-refresh-oob (more ids to take
  // from the same response, e.g. "#queue,#announcement").
  function refresh() {
    if (!window.htmx) return;
    var parts = document.querySelectorAll("[data-refresh-url]");
    for (var i = 0; i < parts.length; i++) {
      var url = parts[i].getAttribute("data-refresh-url");
      var target = parts[i].getAttribute("data-refresh-target");
      if (!url || !target || !document.querySelector(target)) continue;
      var options = { target: target, swap: "outerHTML" };
      var select = parts[i].getAttribute("data-refresh-select");
      var oob = parts[i].getAttribute("data-refresh-oob");
      if (select) options.select = select;
      if (oob) {
        options.selectOOB = oob.split(",").filter(function (id) {
          return document.querySelector(id.trim());
        }).join(",");
      }
      window.htmx.ajax("GET", url, options);
    }
  }
  // Out-of-band elements inside <template> (grid cells): htmx.swap with
  // swap style "none" does every out-of-band swap of the message, those in
  // <template>s included, and leaves #live itself alone.
  document.addEventListener("htmx:wsBeforeMessage", function (e) {
    var message = e.detail && e.detail.message;
    if (!window.htmx || typeof message !== "string" || message.indexOf("<template") < 0) return;
    e.preventDefault();
    window.htmx.swap(e.target, message, { swapStyle: "none" });
    wallMessage(message);
  });

  // The group panel: re-fetched (quietly, focus kept by id) while open.
  var panelTimer = null;
  function refreshPanel() {
    var box = document.querySelector("#panel [data-panel-url]");
    if (!box || !window.htmx) return;
    window.htmx.ajax("GET", box.getAttribute("data-panel-url"), { source: "#panel", target: "#panel", swap: "morph:innerHTML" });
  }
  function wallMessage(message) {
    if (typeof message !== "string" || message.indexOf('id="wall-version"') < 0) return;
    if (!document.querySelector("#panel [data-panel-url]")) return;
    clearTimeout(panelTimer);
    panelTimer = setTimeout(refreshPanel, 150);
  }
  document.addEventListener("htmx:wsAfterMessage", function (e) {
    wallMessage(e.detail && e.detail.message);
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    var d = e.detail;
    if (d && d.target && d.target.id === "panel" && d.xhr && d.xhr.status === 404) {
      d.shouldSwap = true;  // its group is gone (taken off the wall, merged): close it
      d.isError = false;
      d.serverResponse = "";
    }
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    var d = e.detail;
    if (d && d.xhr && d.xhr.status === 409) {
      d.shouldSwap = true;  // a lost race on the wall: its message and the current wall
      d.isError = false;
    }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var d = e.detail;
    if (!d || !d.target || d.target.id !== "panel") return;
    var opener = d.elt && d.elt.closest && d.elt.closest("#grid");
    var heading = document.getElementById("panel-heading");
    if (opener && heading) heading.focus();
  });
  document.addEventListener("click", function (e) {
    var close = e.target.closest && e.target.closest("#panel [data-panel-close]");
    if (!close) return;
    var box = close.closest("[data-panel-group]");
    var pk = box && box.getAttribute("data-panel-group");
    document.getElementById("panel").innerHTML = "";
    var back = pk && document.querySelector('#grid [data-group="' + pk + '"] .wall-control');
    if (back) back.focus();
  });

  // Announcements carry their end time (data-expires): take them down then.
  setInterval(function () {
    var shown = document.querySelectorAll(".announcement[data-expires]");
    for (var i = 0; i < shown.length; i++) {
      var ends = Date.parse(shown[i].getAttribute("data-expires"));
      if (ends && ends <= Date.now()) shown[i].remove();
    }
  }, 15000);

  // #queue, #panel, the grid's cells and the phones' list items are morphed
  // (idiomorph: hx-swap="morph", hx-swap-oob="morph") while people work in
  // them (a phone posts a topic, another facilitator changes the wall): the
  // elements stay, so keyboard focus stays; open <details> stay open and what
  // was picked or typed stays (hidden fields are the server's and follow it).
  function keepWork(name, el, how) {
    if (name === "open" && how === "remove" && el.tagName === "DETAILS") return false;
    if (name === "selected" && el.tagName === "OPTION") return false;
    if (name === "value" && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "hidden"))) return false;
    return true;
  }
  function morphKeepsWork() {
    var morph = window.Idiomorph;
    if (!morph || morph.defaults.callbacks.beforeAttributeUpdated === keepWork) return;
    morph.defaults.callbacks.beforeAttributeUpdated = keepWork;
  }
  document.addEventListener("DOMContentLoaded", morphKeepsWork);
  document.addEventListener("htmx:beforeSwap", morphKeepsWork);
  // When the focused queue row left the queue (placed, merged), focus goes to
  // the row now in its place, so a keyboard user goes on with the next topic.
  var queueFocus = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail && e.detail.target;
    if (!target || target.id !== "queue" || !e.detail.shouldSwap) return;
    var active = document.activeElement;
    var items = Array.prototype.slice.call(target.querySelectorAll(".queue-item"));
    var item = active && target.contains(active) && active.closest(".queue-item");
    queueFocus = target.contains(active) ? { index: items.indexOf(item) } : null;
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (!queueFocus || !e.detail || !e.detail.target || e.detail.target.id !== "queue") return;
    var state = queueFocus;
    queueFocus = null;
    var box = document.getElementById("queue");
    var active = document.activeElement;
    if (!box || (active && active !== document.body)) return;
    var items = box.querySelectorAll(".queue-item");
    var item = items[Math.min(Math.max(state.index, 0), items.length - 1)];
    var to = (item && item.querySelector("input[list], select")) || document.getElementById("queue-heading");
    if (to) to.focus();
  });
  // A form that adds something (data-reset-on-success) is emptied once it
  // worked: a 2xx answer (a 422 is the form's errors: what was typed stays).
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail && e.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-reset-on-success]") || !e.detail.xhr) return;
    if (e.detail.xhr.status >= 200 && e.detail.xhr.status < 300) form.reset();
  });

  function reconnect() {
    if (wrapper && !(socket && socket.readyState <= 1)) wrapper.reconnect();
  }

  document.addEventListener("htmx:wsOpen", function (e) {
    if (e.detail && e.detail.socketWrapper) wrapper = e.detail.socketWrapper;
    status(true);
    if (opened) {
      refresh();
      refreshPanel();
    }
    opened = true;
  });
  function closed(e) {
    // A socket the extension has already replaced may close late: ignore it.
    var ws = e.detail && e.detail.event && e.detail.event.target;
    if (ws && socket && ws !== socket) return;
    status(false);
  }
  document.addEventListener("htmx:wsClose", closed);
  document.addEventListener("htmx:wsError", closed);
  window.addEventListener("offline", function () {
    status(false);
    if (socket && socket.readyState <= 1) socket.close();
  });
  window.addEventListener("online", reconnect);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && navigator.onLine) reconnect();
  });

  // Drag-and-drop of topics (queue) and groups (cells) onto wall cells.
  var dragged = null;
  var over = null;
  function highlight(cell) {
    if (over === cell) return;
    if (over) over.classList.remove("cell--dragover");
    over = cell;
    if (over) over.classList.add("cell--dragover");
  }
  document.addEventListener("dragstart", function (e) {
    var item = e.target.closest && e.target.closest("[data-topic], [data-group]");
    if (!item) return;
    dragged = item;
    item.classList.add("is-dragging");
    document.body.classList.add("wall-dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", item.id || "");
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    document.body.classList.remove("wall-dragging");
    highlight(null);
    dragged = null;
  });
  function dragOver(e) {
    if (!dragged) return;
    var cell = e.target.closest && e.target.closest("td.cell");
    highlight(cell || null);
    if (cell) {
      e.preventDefault();  // a cell is a drop target
      e.dataTransfer.dropEffect = "move";
    }
  }
  document.addEventListener("dragenter", dragOver);
  document.addEventListener("dragover", dragOver);
  document.addEventListener("drop", function (e) {
    var cell = e.target.closest && e.target.closest("td.cell");
    var grid = document.getElementById("grid");
    highlight(null);
    if (!dragged || !cell || !grid || !window.htmx) return;
    e.preventDefault();
    var values = { cell: cell.getAttribute("data-session") + "-" + cell.getAttribute("data-space") };
    if (dragged.hasAttribute("data-topic")) values.topic = dragged.getAttribute("data-topic");
    else values.group = dragged.getAttribute("data-group");
    window.htmx.ajax("POST", grid.getAttribute("data-drop-url"), { values: values, target: "#feedback", swap: "outerHTML" });
    dragged.classList.remove("is-dragging");
    document.body.classList.remove("wall-dragging");
    dragged = null;
  });
})();

/* No silent truncation: a browser's maxlength cuts pasted text without a
 * word. Fields keep their limit as data-maxlength instead, and one over it
 * says so (the form does not submit; the text stays as typed). The server
 * refuses the same with the same message. */
(function () {
  "use strict";
  function soften(root) {
    if (!root || !root.querySelectorAll) return;
    var fields = root.querySelectorAll("input[maxlength], textarea[maxlength]");
    for (var i = 0; i < fields.length; i++) {
      fields[i].setAttribute("data-maxlength", fields[i].getAttribute("maxlength"));
      fields[i].removeAttribute("maxlength");
    }
  }
  function check(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!limit || typeof field.setCustomValidity !== "function") return;
    var length = field.value.length;
    var text = "";
    if (length > limit) {
      text = (document.body.getAttribute("data-too-long") || "> {limit}")
        .replace("{limit}", limit)
        .replace("{count}", length);
    }
    field.setCustomValidity(text);
    if (text) field.reportValidity();
  }
  document.addEventListener("DOMContentLoaded", function () { soften(document); });
  document.addEventListener("htmx:load", function (e) { soften(e.target); });
  document.addEventListener("input", function (e) {
    if (e.target && e.target.hasAttribute && e.target.hasAttribute("data-maxlength")) check(e.target);
  });
})();
