/* The phone's programme (proposals/phone_wall.html). Pages work without it.
 * - "You're going ✓": the cards of the groups listed in #my-groups get the
 *   class mgroup--going (broadcast cards are the same for every phone, so the
 *   mark is put back after every live update);
 * - focus stays where the action was: after "I'm going" on "Cancel", after
 *   "Cancel" on "I'm going", and on the same control when a live update
 *   replaces the card it is in;
 * - a search in force (data-q on #phone-list) also hides cards that arrive
 *   live and do not match; reconnecting refetches the list as it is filtered;
 * - a choice made while offline is kept: the form is queued, a note says it
 *   will be sent, and it is sent when the network or the socket is back. */
(function () {
  "use strict";
  function markGoing() {
    var going = {};
    var listed = document.querySelectorAll("#my-groups [data-going-group]");
    for (var i = 0; i < listed.length; i++) going[listed[i].getAttribute("data-going-group")] = true;
    var cards = document.querySelectorAll("#phone-list .mgroup[data-group]");
    for (var j = 0; j < cards.length; j++) {
      cards[j].classList.toggle("mgroup--going", !!going[cards[j].getAttribute("data-group")]);
    }
  }
  function words(text) {
    return (text || "").toLocaleLowerCase().split(/\s+/).filter(Boolean);
  }
  function filterCards() {
    var list = document.getElementById("phone-list");
    var query = words(list && list.getAttribute("data-q"));
    if (!query.length) return;
    var cards = list.querySelectorAll(".mgroup[data-group]");
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i];
      if (card.hidden || !card.querySelector(".mgroup-head")) continue;
      var parts = card.querySelectorAll(".group-code, .mgroup-room, .mgroup-head, .group-merged");
      var hay = Array.prototype.map.call(parts, function (p) { return p.textContent; }).join(" ").toLocaleLowerCase();
      if (!query.every(function (w) { return hay.indexOf(w) >= 0; })) card.hidden = true;
    }
  }
  function syncRefreshUrl() {
    var list = document.getElementById("phone-list");
    var live = document.getElementById("live");
    if (list && live && list.getAttribute("data-url")) {
      live.setAttribute("data-refresh-url", list.getAttribute("data-url"));
    }
  }

  // Focus: which control of which card, kept across swaps by ids.
  var wanted = null;  // {card: id, control: "attend"|"cancel"}
  function focusWanted() {
    if (!wanted) return;
    var card = document.getElementById(wanted.card);
    var control = card && card.querySelector(wanted.control === "cancel" ? ".mgroup-cancel" : ".mgroup-attend button");
    wanted = null;
    if (control && control.offsetParent !== null) control.focus();
  }
  function controlOf(el) {
    if (!el || !el.closest) return null;
    var card = el.closest(".mgroup");
    if (!card || !card.id) return null;
    if (el.closest(".mgroup-attend")) return { card: card.id, control: "attend" };
    if (el.closest(".mgroup-going, .mgroup-leave")) return { card: card.id, control: "cancel" };
    return null;
  }
  // Live updates swap cards out of band (by the WebSocket extension, or by
  // htmx.swap in arena.js): put the marks, the search and focus back after.
  var pending = false;
  function afterLive() {
    pending = false;
    markGoing();
    filterCards();
    focusWanted();
  }
  document.addEventListener("htmx:oobBeforeSwap", function () {
    var at = controlOf(document.activeElement);
    if (at && !wanted) wanted = at;
  });
  document.addEventListener("htmx:oobAfterSwap", function () {
    if (pending) return;
    pending = true;
    setTimeout(afterLive, 0);
  });
  // Keep open folds (the next session) across a refetch of the list.
  var open = [];
  document.addEventListener("htmx:beforeSwap", function (e) {
    var t = e.detail && e.detail.target;
    if (!t || t.id !== "phone-list") return;
    open = Array.prototype.map.call(t.querySelectorAll("details[open][id]"), function (d) { return d.id; });
  });
  document.addEventListener("htmx:afterSwap", markGoing);
  // After "I'm going" (or "Cancel") the control pressed is hidden: focus the
  // other one of the same card; after a refusal (429) the same one.
  document.addEventListener("htmx:afterRequest", function (e) {
    var d = e.detail || {};
    var at = controlOf(d.elt);
    if (!at || !d.xhr || !d.xhr.status) return;
    markGoing();
    var ok = d.xhr.status < 300;
    wanted = { card: at.card, control: ok ? (at.control === "attend" ? "cancel" : "attend") : at.control };
    focusWanted();
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var t = e.detail && e.detail.target;
    if (!t || t.id !== "phone-list") return;
    var list = document.getElementById("phone-list");
    open.forEach(function (id) {
      var d = document.getElementById(id);
      if (d && list.contains(d)) d.open = true;
    });
    open = [];
    markGoing();
    filterCards();
    syncRefreshUrl();
  });
  // --- a choice made offline is kept and sent when the phone is back -------
  var queued = {};  // card id -> the form to send (the last choice wins)
  function offline() {
    var st = document.getElementById("connection-status");
    return !navigator.onLine || (st && st.getAttribute("data-state") === "offline");
  }
  function note(state) {
    var box = document.getElementById("offline-queue");
    if (!box) return;
    clearTimeout(note.timer);
    if (!state) { box.hidden = true; box.textContent = ""; return; }
    box.setAttribute("data-state", state);
    box.textContent = box.getAttribute(state === "queued" ? "data-queued" : "data-sent") || "";
    box.hidden = false;
    if (state === "sent") note.timer = setTimeout(function () { note(null); }, 6000);
  }
  function mark(form, on) {
    var card = form.closest(".mgroup");
    var parts = card ? card.querySelectorAll(".mgroup-attend, .mgroup-going") : [];
    for (var i = 0; i < parts.length; i++) parts[i].classList.toggle("is-queued", on);
  }
  function keep(form) {
    var card = form.closest(".mgroup");
    var key = (card && card.id) || form.getAttribute("hx-post");
    if (queued[key]) mark(queued[key], false);
    queued[key] = form.getAttribute("hx-post");
    mark(form, true);
    note("queued");
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-offline-queue]") || !offline()) return;
    e.preventDefault();
    e.stopPropagation();  // htmx (on the form) does not send it now
    keep(form);
  }, true);
  document.addEventListener("htmx:sendError", function (e) {
    var form = e.detail && e.detail.elt;
    if (form && form.matches && form.matches("form[data-offline-queue]")) keep(form);
  });
  function flush() {
    if (offline() || !window.htmx) return;
    var keys = Object.keys(queued);
    if (!keys.length) return;
    keys.forEach(function (key) {
      var url = queued[key];
      delete queued[key];
      var form = document.querySelector('form[hx-post="' + url + '"]');
      if (!form) return;  // the group is gone from the wall: nothing to send
      mark(form, false);
      window.htmx.ajax("POST", url, { source: form, target: "#my-groups", swap: "outerHTML" }).then(function () {
        if (!Object.keys(queued).length) note("sent");
      });
    });
  }
  document.addEventListener("htmx:wsOpen", function () { setTimeout(flush, 50); });
  window.addEventListener("online", function () { setTimeout(flush, 500); });

  document.addEventListener("DOMContentLoaded", function () {
    markGoing();
    syncRefreshUrl();
  });
})();
