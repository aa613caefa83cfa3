// Arrow keys move through the live results, Enter opens the highlighted one.
(function () {
  if (window.propdeskSearch) return;
  window.propdeskSearch = true;
  document.addEventListener("keydown", function (ev) {
    var input = document.getElementById("registry-q");
    if (!input) return;
    var box = document.getElementById("search-results");
    var hits = Array.prototype.slice.call(box.querySelectorAll(".search-hit"));
    if (!hits.length) return;
    var inBox = ev.target === input || box.contains(ev.target);
    if (!inBox) return;
    var current = hits.findIndex(function (h) { return h.classList.contains("active"); });
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      var next = ev.key === "ArrowDown" ? Math.min(current + 1, hits.length - 1) : Math.max(current - 1, 0);
      hits.forEach(function (h) { h.classList.remove("active"); h.setAttribute("aria-selected", "false"); });
      hits[next].classList.add("active");
      hits[next].setAttribute("aria-selected", "true");
      hits[next].scrollIntoView({ block: "nearest" });
    } else if (ev.key === "Enter" && ev.target === input) {
      ev.preventDefault();
      window.location.href = hits[current >= 0 ? current : 0].href;
    }
  });
})();
