// 缴费: the total follows the chosen bills; nothing chosen, nothing to pay.
document.querySelectorAll("form[data-testid=unit-bills]").forEach(function (form) {
  var total = form.querySelector("[data-total]");
  var button = form.querySelector("button[data-testid=pay]");
  if (!total || !button) return;
  function update() {
    var fen = 0;
    form.querySelectorAll("input[name=bills]:checked").forEach(function (box) {
      fen += Math.round(parseFloat(box.dataset.amount) * 100);
    });
    total.textContent = "¥" + (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    button.disabled = fen === 0;
  }
  form.addEventListener("change", update);
});
