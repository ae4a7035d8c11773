/* The group report editor: work is never lost.
 *
 * - Every keystroke stores a draft on the device (localStorage, key
 *   "arena-report-<report pk>-<base revision>", or "arena-report-g<group
 *   pk>-…" before the report's first save), then, 1.5 s after the last one,
 *   the form is sent to data-autosave-url with the revision it started from.
 * - The server answers with what it stored ("saved", per field). The draft
 *   is dropped only when that is exactly what was typed (compared the way
 *   the server cleans text: trimmed, a list's empty lines left out);
 *   otherwise the draft stays and #save-error says so. A refusal (400: too
 *   long, …) keeps the text and the draft and shows the server's message.
 * - Offline (or the server unreachable) the draft stays; it is sent when the
 *   "online" event fires, and retried every few seconds meanwhile.
 * - If the server answers 409 (someone else saved in between), the form is
 *   posted to the editor page itself, which answers with the merge view:
 *   both versions per section, this person's text kept in the form.
 * - On load, a draft left on the device is put back into the form and sent
 *   (a draft from an older revision leads to the merge view the same way).
 * - A heartbeat every 20 s tells the server this person is editing and shows
 *   who else is (#presence).
 * Without JavaScript the form is an ordinary form with a Save button.
 */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !window.fetch || !window.FormData) return;

  var DELAY = 1500;
  var RETRY = 4000;
  var HEARTBEAT = 20000;
  var prefix = "arena-report-" + form.getAttribute("data-report") + "-";
  // Drafts typed before the report existed (keyed by the group).
  var alias = "arena-report-" + (form.getAttribute("data-draft-alias") || form.getAttribute("data-report")) + "-";
  var base = form.querySelector("input[name=base_revision]");
  var statusBox = document.getElementById("save-status");
  var errorBox = document.getElementById("save-error");
  var presenceBox = document.getElementById("presence");
  var timer = null;
  var retryTimer = null;
  var saving = false;
  var dirty = false;      // changed since the last successful save
  var leaving = false;    // the form is being posted the ordinary way

  // The visible status follows every step ("Not saved yet…", "Saving…");
  // a screen reader hears only what matters (#save-spoken): "saved" once
  // per pause in the typing, and any trouble. Typing is never interrupted by
  // a sentence per keystroke.
  var SPOKEN = { saved: true, offline: true, error: true, conflict: true };
  var spokenBox = document.getElementById("save-spoken");
  var lastSpoken = "";

  function say(state) {
    if (!statusBox) return;
    statusBox.setAttribute("data-state", state);
    var text = form.getAttribute("data-msg-" + state) || "";
    statusBox.textContent = text;
    if (!spokenBox) return;
    if (SPOKEN[state] && state !== lastSpoken) {
      spokenBox.textContent = text;
      lastSpoken = state;
    } else if (state === "unsaved" && lastSpoken === "saved") {
      lastSpoken = "";  // the next "saved" is news again
    }
  }

  function showError(text) {
    if (!errorBox) return;
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
  }

  function ours(key) {
    return key && (key.indexOf(prefix) === 0 || key.indexOf(alias) === 0);
  }

  function revisionOf(key) {
    return parseInt(key.slice(key.indexOf(prefix) === 0 ? prefix.length : alias.length), 10);
  }

  // A field's value the way the server stores it (reports.documentation.services.clean_content).
  function cleaned(name, value) {
    var text = String(value || "").replace(/\r\n?/g, "\n");
    var el = form.elements.namedItem(name);
    if (el && el.getAttribute && el.getAttribute("data-kind") === "list") {
      return text.split("\n").map(function (line) { return line.trim(); })
        .filter(function (line) { return line; }).join("\n");
    }
    return text.trim();
  }

  // Did the server store exactly what was sent?
  function confirmed(sent, saved) {
    if (!saved) return false;
    var names = Object.keys(sent);
    for (var i = 0; i < names.length; i++) {
      if (cleaned(names[i], sent[names[i]]) !== cleaned(names[i], saved[names[i]])) return false;
    }
    return true;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function values() {
    var data = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "base_revision") continue;
      data[el.name] = el.value;
    }
    return data;
  }

  function same(a, b) {
    var keys = Object.keys(a).concat(Object.keys(b));
    for (var i = 0; i < keys.length; i++) {
      if ((a[keys[i]] || "") !== (b[keys[i]] || "")) return false;
    }
    return true;
  }

  function store() {
    var s = storage();
    if (!s) return;
    try {
      s.setItem(prefix + base.value, JSON.stringify({ values: values(), at: Date.now() }));
    } catch (e) { /* storage full: the server copy is all there is */ }
  }

  function drop(revision) {
    var s = storage();
    if (!s) return;
    s.removeItem(prefix + revision);
    s.removeItem(alias + revision);
  }

  function dropAll() {
    var s = storage();
    if (!s) return;
    for (var i = s.length - 1; i >= 0; i--) {
      var key = s.key(i);
      if (ours(key)) s.removeItem(key);
    }
  }

  function fill(data) {
    Object.keys(data).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && typeof el.value === "string") el.value = data[name];
    });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(save, delay === undefined ? DELAY : delay);
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { if (dirty) save(); }, RETRY);
  }

  function toMergeView() {
    // Post the form itself: the editor answers with both versions.
    leaving = true;
    say("conflict");
    HTMLFormElement.prototype.submit.call(form);
  }

  function save() {
    clearTimeout(timer);
    if (leaving || !dirty) return;
    if (saving) { schedule(); return; }
    if (navigator.onLine === false) { say("offline"); return; }
    saving = true;
    var sentBase = base.value;
    var sent = values();
    say("saving");
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      })
      .then(function (result) {
        saving = false;
        if (result.status === 200) {
          if (result.data.report && prefix === alias) {
            // The first save made the report: drafts are keyed by it from now on.
            form.setAttribute("data-report", result.data.report);
            prefix = "arena-report-" + result.data.report + "-";
          }
          base.value = result.data.revision;
          if (!confirmed(sent, result.data.saved)) {
            // Stored, but not what was typed: keep the draft, say so.
            store();
            say("error");
            showError(form.getAttribute("data-msg-mismatch"));
            return;
          }
          drop(sentBase);
          showError("");
          if (same(sent, values())) {
            dirty = false;
            say("saved");
          } else {
            store();
            schedule();
          }
        } else if (result.status === 409) {
          toMergeView();
        } else {
          // Refused (too long, …): the text and the draft stay; the reason shows.
          say("error");
          showError(result.data && result.data.error);
        }
      })
      .catch(function () {
        saving = false;
        say(navigator.onLine === false ? "offline" : "error");
        retryLater();
      });
  }

  function restoreDraft() {
    var s = storage();
    if (!s) return;
    var current = values();
    var found = null;
    for (var i = 0; i < s.length; i++) {
      var key = s.key(i);
      if (!ours(key)) continue;
      var revision = revisionOf(key);
      var draft;
      try { draft = JSON.parse(s.getItem(key)); } catch (e) { draft = null; }
      if (!draft || !draft.values || isNaN(revision)) continue;
      if (same(draft.values, current)) continue;
      if (!found || draft.at > found.draft.at) found = { revision: revision, draft: draft, key: key };
    }
    // Drafts equal to what the server has are done with.
    for (var j = s.length - 1; j >= 0; j--) {
      var k = s.key(j);
      if (ours(k) && (!found || k !== found.key)) s.removeItem(k);
    }
    if (!found) return;
    fill(found.draft.values);
    if (found.revision < parseInt(base.value, 10)) base.value = found.revision;
    dirty = true;
    schedule(0);
  }

  form.addEventListener("input", function () {
    if (form.hasAttribute("data-conflict") && !dirty) drop(form.getAttribute("data-conflict"));
    dirty = true;
    store();
    say(navigator.onLine === false ? "offline" : "unsaved");
    schedule();
  });
  form.addEventListener("submit", function () {
    leaving = true;
    clearTimeout(timer);
    store();
  });
  window.addEventListener("online", function () { if (dirty) save(); });
  window.addEventListener("offline", function () { if (dirty) say("offline"); });
  window.addEventListener("pagehide", function () { if (dirty) store(); });

  function heartbeat() {
    if (navigator.onLine === false || leaving) return;
    var body = new FormData();
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) body.append("csrfmiddlewaretoken", token.value);
    fetch(form.getAttribute("data-presence-url"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!presenceBox) return;
        var text = data.editing || "";
        if (!dirty && !saving && data.revision > parseInt(base.value, 10)) {
          text = (text ? text + " " : "") + (form.getAttribute("data-msg-newer") || "");
        }
        if (presenceBox.textContent !== text) presenceBox.textContent = text;
      })
      .catch(function () { /* offline: the next beat tries again */ });
  }
  setInterval(heartbeat, HEARTBEAT);
  heartbeat();  // at once: opening the page (a GET) records nothing

  if (form.hasAttribute("data-conflict")) {
    // The merge view: this person's text is in the form now. Until they
    // touch it, keep it as a draft of the revision they started from, so a
    // reload brings the merge view back instead of overwriting the other text.
    var started = form.getAttribute("data-conflict");
    dropAll();
    var s = storage();
    if (s) {
      try { s.setItem(prefix + started, JSON.stringify({ values: values(), at: Date.now() })); } catch (e) { /* full */ }
    }
  } else {
    restoreDraft();
  }
})();
