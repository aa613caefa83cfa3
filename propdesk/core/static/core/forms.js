// Small behaviours that pages ask for with data attributes, instead of inline scripts (the pages'
// Content Security Policy allows scripts from this site only). Applied on load and to every piece
// of page htmx swaps in.
//   <form data-controls[="sm"]>        Bootstrap classes on the fields Django renders plain
//   <form data-focus="id_amount">      focus and select that field unless the form shows errors
//   <select data-submit-on-change>     submit the form when the choice changes
//   <button data-print>                print the page
//   <div data-reload-after="3000">     reload the page after that many milliseconds (progress)
//   <button data-fill="id_x" data-value="…">  put the value into that field
(function () {
  "use strict";

  function apply(root) {
    root.querySelectorAll("[data-controls]").forEach(function (form) {
      var small = form.dataset.controls === "sm";
      form.querySelectorAll("input, select, textarea").forEach(function (e) {
        if (["hidden", "checkbox", "radio", "submit", "button"].indexOf(e.type) >= 0) return;
        if (e.classList.contains("form-control") || e.classList.contains("form-select")) return;
        var select = e.tagName === "SELECT";
        e.classList.add(select ? "form-select" : "form-control");
        if (small) e.classList.add(select ? "form-select-sm" : "form-control-sm");
      });
    });
    root.querySelectorAll("form[data-focus]").forEach(function (form) {
      var field = document.getElementById(form.dataset.focus);
      if (field && !form.querySelector(".text-danger, .is-invalid")) { field.focus(); if (field.select) field.select(); }
    });
    root.querySelectorAll("[data-reload-after]").forEach(function (el) {
      setTimeout(function () { location.reload(); }, Number(el.dataset.reloadAfter) || 3000);
    });
  }

  document.addEventListener("change", function (event) {
    var el = event.target.closest && event.target.closest("[data-submit-on-change]");
    if (el && el.form) el.form.submit();
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) return;
    if (target.closest("[data-print]")) { window.print(); return; }
    var fill = target.closest("[data-fill]");
    if (fill) {
      var field = document.getElementById(fill.dataset.fill);
      if (field) { field.value = fill.dataset.value || ""; field.dispatchEvent(new Event("input", { bubbles: true })); }
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { apply(document); });
  else apply(document);
  document.addEventListener("htmx:load", function (event) { apply(event.target); });
})();
