/* The phone's programme (proposals/phone_wall.html). Pages work without it.
 * - "You're going ✓": the cards of the groups listed in #my-groups get the
 *   class mgroup--going and "You're going ✓ Cancel" (a copy of
 *   template#going-part): broadcast cards are the same for every phone and
 *   carry neither, so both are put into a card as it arrives;
 * - the cards' buttons submit the page's one form #go to their formaction:
 *   sent here with htmx, from the button (so that focus and the offline
 *   queue know the card); without this script the browser posts the form;
 * - focus stays where the action was: after "I'm going" on "Cancel", after
 *   "Cancel" on "I'm going", and on the same control when a live update
 *   replaces the card it is in;
 * - a search in force (data-q on #phone-list) also hides cards that arrive
 *   live and do not match; reconnecting refetches the list as it is filtered;
 * - a choice made while offline is kept: it is queued, a note says it will
 *   be sent, and it is sent when the network or the socket is back;
 * - "Pause" stops live updates of the programme (a note says so) and, pressed
 *   again, fetches the list as it is now. */
(function () {
  "use strict";
  function goingGroups() {
    var going = {};
    var listed = document.querySelectorAll("#my-groups [data-going-group]");
    for (var i = 0; i < listed.length; i++) going[listed[i].getAttribute("data-going-group")] = true;
    return going;
  }
  // A card of a group the phone goes to: the class, and "You're going ✓"
  // with "Cancel" (its formaction: the card's "I'm going" one, with leave/
  // for attend/, the two URLs of proposals/phone_urls.py).
  function setGoing(card, on) {
    card.classList.toggle("mgroup--going", on);
    var attend = card.querySelector(".mgroup-attend");
    var part = document.getElementById("going-part");
    if (!on || !attend || !part || card.querySelector(".mgroup-going")) return;
    var copy = part.content.firstElementChild.cloneNode(true);
    var cancel = copy.querySelector(".mgroup-cancel");
    cancel.setAttribute("formaction", attend.getAttribute("formaction").replace(/attend\/$/, "leave/"));
    cancel.setAttribute("aria-describedby", attend.getAttribute("aria-describedby") || "");
    attend.parentNode.appendChild(copy);
  }
  function markGoing(root, going) {
    going = going || goingGroups();
    var cards = (root || document.getElementById("phone-list") || document).querySelectorAll(".mgroup[data-group]");
    for (var j = 0; j < cards.length; j++) setGoing(cards[j], !!going[cards[j].getAttribute("data-group")]);
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
    var control = card && card.querySelector(wanted.control === "cancel" ? ".mgroup-cancel" : ".mgroup-attend");
    wanted = null;
    if (control && control.offsetParent !== null) control.focus();
  }
  function controlOf(el) {
    if (!el || !el.closest) return null;
    var card = el.closest(".mgroup");
    if (!card || !card.id) return null;
    if (el.closest(".mgroup-attend")) return { card: card.id, control: "attend" };
    if (el.closest(".mgroup-going")) return { card: card.id, control: "cancel" };
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
  // One polite sentence per burst of changes, from a region that stays in
  // place (#wall-news): "New on the wall: 2.16 Title; 2.17 …", said once the
  // wall has been still for a moment; a group that was already on the list
  // (moved, a new head-count) is not news. Nothing else of a live update is
  // spoken: the list changes quietly under the reader.
  var NEWS_QUIET = 2000;
  var news = [];
  var newsTimer = null;
  function onTheList(pk) {
    return !!document.querySelector('#phone-list li.mgroup[data-group="' + pk + '"]');
  }
  function noteNews(card) {
    var pk = card && card.getAttribute("data-group");
    if (!pk || card.hidden || onTheList(pk)) return;
    var code = card.querySelector(".group-code");
    var title = card.querySelector(".group-title");
    news.push(((code ? code.textContent : "") + " " + (title ? title.textContent : "")).trim());
    clearTimeout(newsTimer);
    newsTimer = setTimeout(sayNews, NEWS_QUIET);
  }
  function sayNews() {
    var box = document.getElementById("wall-news");
    if (!box || !news.length) return;
    var shown = news.slice(0, 3).join("; ");
    var more = news.length > 3 ? " (+" + (news.length - 3) + ")" : "";
    box.textContent = (box.getAttribute("data-text") || "") + " " + shown + more;
    news = [];
  }
  document.addEventListener("htmx:oobBeforeSwap", function (e) {
    var at = controlOf(document.activeElement);
    if (at && !wanted) wanted = at;
    var fragment = e.detail && e.detail.fragment;
    if (!fragment || !fragment.querySelectorAll) return;
    noteNews(fragment.matches && fragment.matches("li.mgroup") ? fragment
      : fragment.querySelector("li.mgroup"));
    // A card arrives marked already: the morph then keeps "Cancel" (and focus).
    markGoing(fragment);
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
  document.addEventListener("htmx:afterSwap", function () { markGoing(); });
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
  function mark(button, on) {
    var card = button.closest(".mgroup");
    var parts = card ? card.querySelectorAll(".mgroup-attend, .mgroup-going") : [];
    for (var i = 0; i < parts.length; i++) parts[i].classList.toggle("is-queued", on);
  }
  function keep(button) {
    var card = button.closest(".mgroup");
    var url = button.getAttribute("formaction");
    var key = (card && card.id) || url;
    var before = queued[key] && document.querySelector('[formaction="' + queued[key] + '"]');
    if (before) mark(before, false);
    queued[key] = url;
    mark(button, true);
    note("queued");
  }
  function send(button) {
    return window.htmx.ajax("POST", button.getAttribute("formaction"), {
      source: button, target: "#my-groups", swap: "outerHTML",
    });
  }
  // A card's button submits #go: send it from the button (or keep it offline).
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var button = e.submitter;
    if (!form.matches || !form.matches("form[data-offline-queue]") || !window.htmx) return;
    if (!button || !button.getAttribute("formaction") || !button.closest(".mgroup")) return;
    e.preventDefault();
    if (offline()) keep(button);
    else send(button);
  }, true);
  document.addEventListener("htmx:sendError", function (e) {
    var button = e.detail && e.detail.elt;
    if (button && button.closest && button.closest(".mgroup") && button.getAttribute("formaction")) keep(button);
  });
  function flush() {
    if (offline() || !window.htmx) return;
    var keys = Object.keys(queued);
    if (!keys.length) return;
    keys.forEach(function (key) {
      var url = queued[key];
      delete queued[key];
      var button = document.querySelector('.mgroup [formaction="' + url + '"]');
      if (!button) return;  // the group is gone from the wall: nothing to send
      mark(button, false);
      send(button).then(function () {
        if (!Object.keys(queued).length) note("sent");
      });
    });
  }
  document.addEventListener("htmx:wsOpen", function () { setTimeout(flush, 50); });
  window.addEventListener("online", function () { setTimeout(flush, 500); });

  // --- "Pause": live updates of the programme stop being swapped in -------
  // (announcements still come); a note says so; pressed again, the list and
  // "Where I'm going" are fetched as they are now. Kept for the tab's session.
  var paused = false;
  var missed = false;
  function setPaused(on) {
    var button = document.getElementById("live-pause");
    var box = document.getElementById("live-paused");
    paused = on;
    if (button) button.setAttribute("aria-pressed", on ? "true" : "false");
    if (box) box.textContent = on ? box.getAttribute("data-text") || "" : "";
    try {
      if (on) sessionStorage.setItem("arena-phone-paused", "1");
      else sessionStorage.removeItem("arena-phone-paused");
    } catch (err) { /* storage off: the pause lasts for this page */ }
    if (!on && missed) refetch();
    missed = false;
  }
  function refetch() {
    var live = document.getElementById("live");
    var url = live && live.getAttribute("data-refresh-url");
    if (!url || !window.htmx || !document.getElementById("phone-list")) return;
    window.htmx.ajax("GET", url, {
      target: "#phone-list", swap: "outerHTML", select: "#phone-list", selectOOB: "#my-groups",
    });
  }
  // Capture, on document: before the WebSocket extension swaps the message
  // and before arena.js looks at it.
  document.addEventListener("htmx:wsBeforeMessage", function (e) {
    var message = e.detail && e.detail.message;
    if (!paused || typeof message !== "string" || message.indexOf('id="announcement"') >= 0) return;
    e.preventDefault();
    e.stopPropagation();
    missed = true;
  }, true);
  // Nor does the refetch after a reconnect (arena.js; from no element, so
  // not a tab or the search, which the phone asked for) swap while paused.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var d = e.detail || {};
    if (!paused || d.elt !== document.body || !d.target || d.target.id !== "phone-list") return;
    e.preventDefault();
    missed = true;
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("#live-pause");
    if (button) setPaused(!paused);
  });

  document.addEventListener("DOMContentLoaded", function () {
    markGoing();
    syncRefreshUrl();
    var button = document.getElementById("live-pause");
    if (button) button.hidden = false;
    var kept = false;
    try { kept = sessionStorage.getItem("arena-phone-paused") === "1"; } catch (err) { kept = false; }
    if (kept) {
      setPaused(true);
      missed = true;  // what came before this page is in it; resuming fetches anyway
    }
  });
})();
