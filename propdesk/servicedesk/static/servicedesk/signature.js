// Signature pad: draw with finger or mouse; the form sends the drawing as a PNG data URL.
// A pad inside a hidden block (the callback form for a phone callback) is not asked for.
document.querySelectorAll("canvas.signature-pad").forEach(function (canvas) {
  var form = canvas.closest("form");
  var input = form.querySelector("input[name=signature]");
  var ctx = canvas.getContext("2d");
  var drawing = false, drawn = false;
  function fit() {
    var ratio = window.devicePixelRatio || 1;
    canvas.width = canvas.clientWidth * ratio;
    canvas.height = 160 * ratio;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.strokeStyle = "#111";
  }
  fit();
  // A pad shown later (it was hidden when the page loaded) gets its size then.
  if (window.ResizeObserver) {
    new ResizeObserver(function () { if (!drawn && canvas.clientWidth) fit(); }).observe(canvas);
  }
  function point(e) {
    var r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }
  canvas.addEventListener("pointerdown", function (e) { drawing = true; var p = point(e); ctx.beginPath(); ctx.moveTo(p.x, p.y); canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener("pointermove", function (e) { if (!drawing) return; var p = point(e); ctx.lineTo(p.x, p.y); ctx.stroke(); drawn = true; });
  canvas.addEventListener("pointerup", function () { drawing = false; });
  canvas.style.touchAction = "none";
  form.querySelector(".signature-clear").addEventListener("click", function () { ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; });
  form.addEventListener("submit", function (e) {
    if (canvas.closest("[hidden]")) { input.value = ""; return; }
    if (!drawn) { e.preventDefault(); alert(canvas.dataset.empty || "请业主签字"); return; }
    input.value = canvas.toDataURL("image/png");
  });
});
