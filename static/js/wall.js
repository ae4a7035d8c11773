/* The facilitator's wall on a laptop or a tablet (templates/proposals/wall.html).
 * - Density ("Zoom": fit all rooms / comfortable / large): radio buttons in
 *   #wall-density, the choice a class on <body> (wall-density-<name>) and
 *   remembered in localStorage; "fit" computes --wall-col so every room is in
 *   the grid's box (again after each swap of #grid and on resize).
 * - While a topic or a group is dragged (mouse: HTML5 drag-and-drop, in
 *   arena.js; touch: pointer events here, after a long press), the grid's
 *   box scrolls when the pointer nears its edges (and the page, when the box
 *   reaches below the window).
 * - A touch drop posts to the same endpoint as a mouse drop (#grid's
 *   data-drop-url). Keyboard users have "Place in" / "Move to".
 * - "Edit wording" on a queue card opens the edit form in the card. */
(function () {
  "use strict";
  var KEY = "arena.wall.density";
  var NAMES = ["fit", "comfortable", "large"];
  var density = "comfortable";

  function box() { return document.querySelector("#grid .grid-wall"); }

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(name) {
    try { window.localStorage.setItem(KEY, name); } catch (e) { /* private mode */ }
  }

  function fit() {
    var body = document.body;
    body.classList.remove("wall-density-tiny");
    if (density !== "fit") { body.style.removeProperty("--wall-col"); return; }
    var b = box();
    if (!b) return;
    var heads = b.querySelectorAll("thead th");
    var rooms = heads.length - 1;
    if (rooms < 1) return;
    var head = heads[0].getBoundingClientRect().width;
    var col = Math.floor((b.clientWidth - head - 1) / rooms);
    if (col < 64) {  // codes only, and a narrower session column
      body.classList.add("wall-density-tiny");
      head = heads[0].getBoundingClientRect().width;
      col = Math.floor((b.clientWidth - head - 1) / rooms);
    }
    col = Math.max(col, 24);
    body.style.setProperty("--wall-col", col + "px");
    // Borders and rounding: shrink until the table fits (a few steps at most).
    var table = b.querySelector("table");
    for (var i = 0; i < 4 && table && table.scrollWidth > b.clientWidth && col > 24; i++) {
      col -= Math.max(1, Math.ceil((table.scrollWidth - b.clientWidth) / rooms));
      body.style.setProperty("--wall-col", Math.max(col, 24) + "px");
    }
  }

  function apply(name, remember) {
    if (NAMES.indexOf(name) < 0) name = "comfortable";
    density = name;
    NAMES.forEach(function (n) { document.body.classList.toggle("wall-density-" + n, n === name); });
    var radio = document.querySelector('#wall-density input[value="' + name + '"]');
    if (radio) radio.checked = true;
    if (remember) store(name);
    fit();
  }

  function init() {
    var control = document.getElementById("wall-density");
    if (!control) return;
    control.hidden = false;
    control.addEventListener("change", function (e) {
      if (e.target && e.target.name === "wall-density") apply(e.target.value, true);
    });
    apply(stored() || "comfortable", false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fit, 100);
  });
  document.addEventListener("htmx:afterSettle", function () { if (density === "fit") fit(); });
  document.addEventListener("htmx:oobAfterSwap", function (e) {
    if (density === "fit" && e.detail && e.detail.target && e.detail.target.id === "grid") fit();
  });

  // --- auto-scroll while dragging -------------------------------------------
  var EDGE = 56;     // px from an edge where scrolling starts
  var SPEED = 22;    // px per frame at the very edge
  var point = null;  // the pointer while something is dragged
  var frame = 0;

  function speed(distance) {  // distance into the edge zone → px per frame
    return Math.ceil(SPEED * Math.min(1, Math.max(0, distance) / EDGE));
  }
  function step() {
    frame = 0;
    var b = box();
    if (!point || !b) return;
    var r = b.getBoundingClientRect();
    var x = point.x;
    var y = point.y;
    if (x < r.left - EDGE || x > r.right + EDGE || y < r.top - EDGE || y > r.bottom + EDGE) {
      frame = requestAnimationFrame(step);  // outside the grid: wait
      return;
    }
    var head = b.querySelector("thead th");
    var headW = head ? head.getBoundingClientRect().width : 0;
    var headH = head ? head.getBoundingClientRect().height : 0;
    var left = r.left + headW;
    var top = Math.max(r.top + headH, 0);
    var bottom = Math.min(r.bottom, window.innerHeight);
    var dx = 0;
    var dy = 0;
    if (x > r.right - EDGE) dx = speed(x - (r.right - EDGE));
    else if (x < left + EDGE) dx = -speed(left + EDGE - x);
    if (y > bottom - EDGE) dy = speed(y - (bottom - EDGE));
    else if (y < top + EDGE) dy = -speed(top + EDGE - y);
    if (dx || dy) window.arenaWallAutoscrolled = (window.arenaWallAutoscrolled || 0) + 1;  // for tests
    if (dx) b.scrollLeft += dx;
    if (dy > 0 && r.bottom > window.innerHeight + 1) window.scrollBy(0, dy);
    else if (dy < 0 && r.top < -1 && b.scrollTop <= 0) window.scrollBy(0, dy);
    else if (dy) b.scrollTop += dy;
    frame = requestAnimationFrame(step);
  }
  function follow(x, y) {
    point = { x: x, y: y };
    if (!frame) frame = requestAnimationFrame(step);
  }
  function stop() {
    point = null;
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
  }
  var mouseDrag = false;
  document.addEventListener("dragstart", function (e) {
    if (e.target.closest && e.target.closest("[data-topic], [data-group]")) {
      mouseDrag = true;
      cancelTouch();
    }
  });
  document.addEventListener("dragover", function (e) { if (mouseDrag) follow(e.clientX, e.clientY); }, true);
  document.addEventListener("dragend", function () { mouseDrag = false; stop(); });
  document.addEventListener("drop", function () { mouseDrag = false; stop(); }, true);

  // --- touch: long press, then drag with the finger ------------------------
  var touch = null;  // {item, id, x0, y0, timer, active, ghost, over}
  var CONTROLS = "a, button, input, select, textarea, summary, label";

  function highlight(cell) {
    if (!touch || touch.over === cell) return;
    if (touch.over) touch.over.classList.remove("cell--dragover");
    touch.over = cell;
    if (cell) cell.classList.add("cell--dragover");
  }
  function cellAt(x, y) {
    var el = document.elementFromPoint(x, y);
    var cell = el && el.closest && el.closest("td.cell");
    var b = box();
    return cell && b && b.contains(cell) ? cell : null;
  }
  function cancelTouch() {
    if (!touch) return;
    clearTimeout(touch.timer);
    if (touch.ghost) touch.ghost.remove();
    if (touch.active) {
      touch.item.classList.remove("is-dragging");
      document.body.classList.remove("wall-dragging", "wall-touch-dragging");
    }
    highlight(null);
    touch = null;
    stop();
  }
  function moveGhost(x, y) {
    if (touch && touch.ghost) touch.ghost.style.transform = "translate(" + (x + 12) + "px," + (y + 12) + "px)";
  }
  document.addEventListener("pointerdown", function (e) {
    if (e.pointerType !== "touch" || touch) return;
    var item = e.target.closest && e.target.closest("[data-topic], [data-group]");
    if (!item || e.target.closest(CONTROLS)) return;
    var start = { item: item, id: e.pointerId, x0: e.clientX, y0: e.clientY, active: false, ghost: null, over: null };
    start.timer = setTimeout(function () {
      if (touch !== start) return;
      start.active = true;
      item.classList.add("is-dragging");
      document.body.classList.add("wall-dragging", "wall-touch-dragging");
      var ghost = document.createElement("div");
      ghost.className = "wall-ghost";
      var title = item.querySelector(".queue-title strong, .group-title");
      var code = item.querySelector(".group-code");
      ghost.textContent = (code ? code.textContent + " " : "") + (title ? title.textContent : "");
      document.body.appendChild(ghost);
      start.ghost = ghost;
      moveGhost(start.x0, start.y0);
      if (navigator.vibrate) { try { navigator.vibrate(15); } catch (err) { /* not allowed */ } }
    }, 350);
    touch = start;
  });
  document.addEventListener("pointermove", function (e) {
    if (!touch || e.pointerId !== touch.id) return;
    if (!touch.active) {
      if (Math.abs(e.clientX - touch.x0) > 10 || Math.abs(e.clientY - touch.y0) > 10) cancelTouch();  // a scroll
      return;
    }
    moveGhost(e.clientX, e.clientY);
    highlight(cellAt(e.clientX, e.clientY));
    follow(e.clientX, e.clientY);
  });
  document.addEventListener("pointerup", function (e) {
    if (!touch || e.pointerId !== touch.id) return;
    if (!touch.active) { cancelTouch(); return; }
    var cell = cellAt(e.clientX, e.clientY);
    var item = touch.item;
    var grid = document.getElementById("grid");
    cancelTouch();
    if (!cell || !grid || !window.htmx) return;
    var values = { cell: cell.getAttribute("data-session") + "-" + cell.getAttribute("data-space") };
    if (item.hasAttribute("data-topic")) values.topic = item.getAttribute("data-topic");
    else values.group = item.getAttribute("data-group");
    window.htmx.ajax("POST", grid.getAttribute("data-drop-url"), { values: values, target: "#feedback", swap: "outerHTML" });
  });
  document.addEventListener("pointercancel", function (e) {
    if (touch && e.pointerId === touch.id) cancelTouch();
  });
  // While a touch drag is on, the finger moves the topic, not the page.
  document.addEventListener("touchmove", function (e) {
    if (touch && touch.active) e.preventDefault();
  }, { passive: false });
  document.addEventListener("contextmenu", function (e) {
    if (touch) e.preventDefault();
  });

  // --- edit a topic's wording in its queue card ----------------------------
  // "Edit wording" fetches the form into #edit-slot-<pk>; saving empties the
  // slot (the queue's live refresh brings the new wording), an error comes
  // back in place with the text kept. #queue is swapped whole by live
  // updates: an open form (a live node, with what was typed) moves over.
  function slotOf(el) { return el && el.closest && el.closest("[data-edit-slot]"); }
  document.addEventListener("htmx:afterSwap", function (e) {
    var slot = e.detail && e.detail.target;
    if (!slot || !slot.hasAttribute || !slot.hasAttribute("data-edit-slot")) return;
    var pk = slot.getAttribute("data-edit-slot");
    var form = slot.querySelector("form");
    if (form) {
      var first = form.querySelector("[aria-invalid=true]") || form.querySelector("input:not([type=hidden]), textarea");
      if (first) first.focus();
    } else {
      var place = document.getElementById("place-" + pk);
      if (place) place.focus();
    }
  });
  document.addEventListener("click", function (e) {
    var cancel = e.target.closest && e.target.closest("[data-edit-cancel]");
    if (!cancel) return;
    var slot = slotOf(cancel);
    if (!slot) return;
    var pk = slot.getAttribute("data-edit-slot");
    slot.innerHTML = "";
    var link = document.getElementById("edit-link-" + pk);
    if (link) link.focus();
  });
  var openForms = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail && e.detail.target;
    if (!target || target.id !== "queue" || !e.detail.shouldSwap) return;
    var active = document.activeElement;
    openForms = [];
    Array.prototype.forEach.call(target.querySelectorAll("[data-edit-slot] > form"), function (form) {
      openForms.push({ pk: slotOf(form).getAttribute("data-edit-slot"), form: form, focus: form.contains(active) ? active : null });
    });
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var target = e.detail && e.detail.target;
    if (!openForms || !target || target.id !== "queue") return;
    var forms = openForms;
    openForms = null;
    forms.forEach(function (kept) {
      var slot = document.getElementById("edit-slot-" + kept.pk);
      if (!slot) return;  // the topic left the queue (placed, merged)
      slot.innerHTML = "";
      slot.appendChild(kept.form);
      if (window.htmx) window.htmx.process(kept.form);
      var more = document.getElementById("more-" + kept.pk);
      if (more) more.open = true;
      if (kept.focus) kept.focus.focus();
    });
  });
})();
