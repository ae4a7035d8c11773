/* Projector screens: page what does not fit, follow the wall live.
 *
 * - [data-paged] is a multi-column flow of fixed height in a window that
 *   clips it (static/css/projector.css): columns that do not fit overflow to
 *   the right. It is shifted one window width at a time ("pages");
 *   [data-pager] says "2 / 3" and the page turns every 15 s (without the
 *   fade when reduced motion is asked for). The flow
 *   carries data-page / data-pages. ?page=N shows page N and stops turning
 *   (a screen kept on one page; the layout tests).
 * - The wall projector (#board[data-live-board]) fetches its board again
 *   (hx-trigger "projector:refresh") a moment after a broadcast that changed
 *   the wall (it carries #wall-version) or the facilitator's mode switch.
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
    box.classList.remove("pj-flow--balanced");
    var gap = parseFloat(window.getComputedStyle(box).columnGap) || 0;
    var step = box.clientWidth + gap;
    pages = step > 0 ? Math.max(1, Math.ceil((box.scrollWidth + gap) / step - 0.01)) : 1;
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
    }
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
  function refreshBoard() {
    var board = document.querySelector("#board[data-live-board]");
    if (!board || !window.htmx) return;
    if (board.classList.contains("htmx-request")) {
      pending = true;
      return;
    }
    window.htmx.trigger(board, "projector:refresh");
  }
  document.addEventListener("htmx:wsBeforeMessage", function (e) {
    var message = e.detail && e.detail.message;
    if (typeof message !== "string") return;
    if (message.indexOf('id="wall-version"') < 0 && message.indexOf('id="projector-mode-switch"') < 0) return;
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(refreshBoard, 150);
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
