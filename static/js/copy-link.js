/* "Copy the link" beside a read-only link field (proposals/challenge_owner.html):
 * <button data-copy="field-id" data-copied="…" hidden>. The button shows only
 * when this script runs; a click copies the field's value and says so in the
 * field's status line (data-copy-status). Without the clipboard API (an
 * insecure origin) the field's text is selected for the phone's own copy. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      var status = document.getElementById(button.dataset.copyStatus);
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var say = function () { if (status) status.textContent = button.dataset.copied; };
        field.focus();
        field.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(say, function () {});
        } else if (document.execCommand && document.execCommand("copy")) {
          say();
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
