/* Draw a persona picture with a finger or a mouse. When the form is sent and
 * no photo was chosen, the drawing goes in as a PNG through the same upload
 * field, so the server treats it like any picture (Pillow: made small,
 * metadata stripped). Drawing is optional; a photo or no picture works too. */
(function () {
  "use strict";
  var canvas = document.getElementById("persona-canvas");
  if (!canvas || !window.DataTransfer) return;
  var form = canvas.closest("form");
  var input = form && form.querySelector('input[type="file"][name="picture_upload"]');
  if (!input) return;
  var ctx = canvas.getContext("2d");
  var drawn = false, down = false, last = null;
  function blank() {
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    drawn = false;
  }
  function point(e) {
    var r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }
  blank();
  ctx.lineWidth = 6; ctx.lineCap = "round"; ctx.strokeStyle = "#1e2b3c";
  canvas.addEventListener("pointerdown", function (e) { down = true; last = point(e); canvas.setPointerCapture(e.pointerId); e.preventDefault(); });
  canvas.addEventListener("pointermove", function (e) {
    if (!down) return;
    var p = point(e);
    ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
    last = p; drawn = true;
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (t) { canvas.addEventListener(t, function () { down = false; }); });
  var clear = document.getElementById("persona-canvas-clear");
  if (clear) clear.addEventListener("click", blank);
  form.addEventListener("submit", function (e) {
    if (!drawn || (input.files && input.files.length)) return;
    e.preventDefault();
    canvas.toBlob(function (blob) {
      var transfer = new DataTransfer();
      transfer.items.add(new File([blob], "drawing.png", { type: "image/png" }));
      input.files = transfer.files;
      drawn = false;
      form.submit();
    }, "image/png");
  });
})();
