/* Projector screens: page what does not fit, follow the wall live.
 *
 * - [data-paged] is a multi-column flow of fixed height in a window that
 *   clips it (static/css/projector.css): columns that do not fit overflow to
 *   the right. It is shifted one window width at a time ("pages");
 *   [data-pager] says "2 / 3" and the page turns every 15 s (without the
 *   fade when reduced motion is asked for). The flow
 *   carries data-page / data-pages. ?page=N shows page N and stops turning
 *   (a screen kept on one page; the layout tests).
 * - The wall projector (#board[data-live-board]) gets the changed sessions
 *   in the broadcast (out-of-band sections, the same for both modes) and
 *   re-pages the flow after the swap. It fetches its board again
 *   (hx-trigger "projector:refresh") instead when the message does not fit
 *   the page (a session without its place, another number of sessions,
 *   an older version, another language), after the swap when the sessions are out of order
 *   (renumbered), and a moment after the facilitator's mode switch (its
 *   signal).
 */
(function () {
  "use strict";
  var INTERVAL = 15000;
  var FADE = 260;
  var pinned = parseInt(new URLSearchParams(window.location.search).get("page"), 10);
  pinned = pinned > 0 ? pinned : 0;
  var page = pinned ? pinned - 1 : 0;
  var pages = 1;
  var frame = 0;
  var observed = null;
  var observer = window.ResizeObserver ? new ResizeObserver(schedule) : null;
  var reduce = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;

  function flow() { return document.querySelector("[data-paged]"); }

  function layout() {
    frame = 0;
    var box = flow();
    if (!box) return;
    var frameBox = box.parentNode;
    if (observer && observed !== frameBox) {
      if (observed) observer.unobserve(observed);
      observer.observe(frameBox);
      observed = frameBox;
    }
    var gap = parseFloat(window.getComputedStyle(box).columnGap) || 0;
    var step = box.clientWidth + gap;
    // Balanced on one page and still no column beyond the window (after a
    // swap, say): it still fits, one layout only. Otherwise measure the
    // columns filled one after the other.
    if (box.classList.contains("pj-flow--balanced") && box.scrollWidth <= box.clientWidth + 1) {
      pages = 1;
    } else {
      box.classList.remove("pj-flow--balanced");
      pages = step > 0 ? Math.max(1, Math.ceil((box.scrollWidth + gap) / step - 0.01)) : 1;
    }
    if (page >= pages) page = pinned ? pages - 1 : 0;
    // Everything fits: spread it over the columns instead of filling the first.
    if (pages === 1) box.classList.add("pj-flow--balanced");
    box.style.setProperty("--pj-shift", (-page * step) + "px");
    box.setAttribute("data-page", String(page + 1));
    box.setAttribute("data-pages", String(pages));
    var pager = document.querySelector("[data-pager]");
    if (pager) {
      pager.hidden = pages < 2;
      var text = pager.querySelector("[data-pager-text]") || pager;
      text.textContent = (page + 1) + " / " + pages;
      var note = pager.querySelector("[data-pager-continued]");
      if (note) {
        var name = pages > 1 ? continued(box) : "";
        note.textContent = name ? name + " (" + pager.getAttribute("data-continued") + ") · " : "";
      }
    }
  }
  // The name of the session (or perspective) that this page starts in the
  // middle of, its heading left on an earlier page; "" when the page starts
  // with a heading. A section split over columns has a box per column.
  function continued(box) {
    var win = box.parentNode.getBoundingClientRect();
    var sections = box.querySelectorAll(".pj-session, .pj-perspective");
    var first = null;
    var top = Infinity;
    for (var i = 0; i < sections.length; i++) {
      var rects = sections[i].getClientRects();  // none while hidden
      for (var j = 0; j < rects.length; j++) {
        var r = rects[j];
        if (r.width && r.left >= win.left - 2 && r.left < win.left + 8 && r.top < top) {
          first = sections[i];
          top = r.top;
        }
      }
    }
    var head = first && first.querySelector("h2");
    if (!head || head.getBoundingClientRect().left >= win.left - 2) return "";
    var name = head.querySelector(".pj-session__name, .pj-perspective__label") || head;
    return name.textContent.trim();
  }
  function schedule() {
    if (!frame) frame = window.requestAnimationFrame(layout);
  }

  function turn() {
    if (pinned || pages < 2) {
      schedule();  // content may have grown since (an out-of-band swap)
      return;
    }
    var box = flow();
    if (!box) return;
    page = (page + 1) % pages;
    if (reduce && reduce.matches) {
      layout();
      return;
    }
    box.classList.add("pj-flow--turning");
    window.setTimeout(function () {
      layout();
      var now = flow();
      if (now) now.classList.remove("pj-flow--turning");
    }, FADE);
  }

  // A refetch asked for while one is on its way runs after it lands: the
  // change may have been committed after the first one was answered.
  var refreshTimer = null;
  var pending = false;
  function liveBoard() { return document.querySelector("#board[data-live-board]"); }
  function refreshBoard() {
    var board = liveBoard();
    if (!board || !window.htmx) return;
    if (board.classList.contains("htmx-request")) {
      pending = true;
      return;
    }
    window.htmx.trigger(board, "projector:refresh");
  }
  function refreshSoon(ms) {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(refreshBoard, ms);
  }
  // The sessions a broadcast carries: swapped in place (proposals.live), or,
  // when one has no place on this page, the page has another number of
  // sessions than the wall (one added or removed), the message is older
  // than the page's wall or in another language, the whole board fetched
  // instead.
  var SESSION = /<section\b[^>]*\bid="pj-session-(\d+)"[^>]*\bdata-lang="([^"]*)"/g;
  var COUNT = /id="wall-version"[^>]*\bdata-sessions="(\d+)"/;
  var VERSION = /id="wall-version"[^>]*\bdata-version="(\d+)"/;
  function takesSessions(message) {
    var lang = document.documentElement.lang;
    var count = COUNT.exec(message);
    var version = VERSION.exec(message);
    var shown = document.getElementById("wall-version");
    var box = flow();
    if (!box || (count && box.querySelectorAll(".pj-session").length !== Number(count[1]))) return false;
    // Rendered before the wall this page shows (messages of two workers, a
    // late head-count): never older over newer.
    if (version && shown && Number(version[1]) < Number(shown.getAttribute("data-version"))) return false;
    var any = false;
    var match;
    SESSION.lastIndex = 0;
    while ((match = SESSION.exec(message))) {
      if (!document.getElementById("pj-session-" + match[1]) || match[2] !== lang) return false;
      any = true;
    }
    return any;
  }
  // Sessions in page order, or the board again (renumbered sessions).
  function inOrder() {
    var box = flow();
    var last = -Infinity;
    var sessions = box ? box.querySelectorAll(".pj-session[data-number]") : [];
    for (var i = 0; i < sessions.length; i++) {
      var n = Number(sessions[i].getAttribute("data-number"));
      if (n < last) return false;
      last = n;
    }
    return true;
  }
  var swapped = false;
  document.addEventListener("htmx:wsBeforeMessage", function (e) {
    var message = e.detail && e.detail.message;
    if (typeof message !== "string" || !liveBoard()) return;
    if (message.indexOf('id="pj-session-') >= 0) {
      if (takesSessions(message)) {
        swapped = true;
        // A board on its way may have been rendered before this change.
        if (liveBoard().classList.contains("htmx-request")) pending = true;
        return;
      }
      e.preventDefault();
      refreshSoon(0);
      return;
    }
    // The facilitator's mode switch (or a version without sessions): fetch
    // the board a moment later, once for a burst.
    if (message.indexOf('id="wall-version"') < 0 && message.indexOf('id="projector-mode-switch"') < 0) return;
    refreshSoon(150);
  });
  document.addEventListener("htmx:wsAfterMessage", function () {
    if (!swapped) return;
    swapped = false;
    if (!inOrder()) refreshSoon(0);
    schedule();  // re-page before the frame that paints the change
  });
  document.addEventListener("htmx:afterSettle", function () {
    schedule();
    if (pending) {
      pending = false;
      refreshBoard();
    }
  });

  function start() {
    layout();
    window.addEventListener("resize", schedule);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(schedule);
    window.setInterval(turn, INTERVAL);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
