// Callback form: the owner's signature pad shows for a door visit only (seed 004: the owner signs
// the callback record); hidden, signature.js sends no signature.
document.querySelectorAll("form[data-callback-form]").forEach(function (form) {
  var method = form.querySelector("select[name=method]");
  var block = form.querySelector(".signature-block");
  if (!method || !block) return;
  function show() { block.hidden = method.value !== block.dataset.showFor; }
  method.addEventListener("change", show);
  show();
});
