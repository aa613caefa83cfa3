// Live notifications on a phone page (the technician's orders): ask the server every few seconds
// whether a notification arrived; when one did, ring (a short tone and a vibration), show the count
// on the bell, say what it is, and bring the page's new cards in without disturbing a form being
// filled. The page asks for it with
//   <div data-live-notices data-poll-url="…" data-every="20" data-region="#orders"
//        data-sound-off-text="…"></div>
// Cards inside the region carry data-card="<id>"; elements with data-live-part="<id>" (deadlines)
// are refreshed in place every few polls so their colour follows the server's clock.
(function () {
  "use strict";

  var root = document.querySelector("[data-live-notices]");
  if (!root || !window.fetch) return;
  var every = Math.max(Number(root.dataset.every) || 20, 1) * 1000;
  var region = root.dataset.region ? document.querySelector(root.dataset.region) : null;
  var latest = null;
  var ticks = 0;
  var audio = null;

  function audioContext() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    if (!audio) audio = new Ctx();
    return audio;
  }

  function ring() {
    root.dataset.rings = String((Number(root.dataset.rings) || 0) + 1);
    if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    var ctx = audioContext();
    if (!ctx) return;
    if (ctx.state === "suspended") {
      // Phones allow sound only after a tap on the page: offer one.
      var button = document.querySelector("[data-sound-on]");
      if (button) button.classList.remove("d-none");
      ctx.resume();
    }
    [0, 0.25].forEach(function (offset) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.25, ctx.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + offset + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + offset);
      osc.stop(ctx.currentTime + offset + 0.2);
    });
  }

  function showCount(unread) {
    var bell = document.querySelector("[data-testid=bell]");
    if (!bell) return;
    var badge = bell.querySelector("[data-testid=bell-count]");
    if (!unread) { if (badge) badge.remove(); return; }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "position-absolute top-0 start-100 translate-middle badge rounded-pill bg-danger";
      badge.dataset.testid = "bell-count";
      bell.appendChild(badge);
    }
    badge.textContent = String(unread);
  }

  function announce(title) {
    var box = document.querySelector("[data-live-announce]");
    if (!box || !title) return;
    box.textContent = title;
    box.classList.remove("d-none");
  }

  function refreshRegion() {
    if (!region) return Promise.resolve();
    return fetch(location.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector(root.dataset.region);
        if (!fresh) return;
        // Deadlines (and other live parts) follow the server.
        fresh.querySelectorAll("[data-live-part]").forEach(function (part) {
          var here = region.querySelector('[data-live-part="' + part.dataset.livePart + '"]');
          if (here) here.outerHTML = part.outerHTML;
        });
        // New cards are added; cards being worked on are left alone.
        var empty = region.querySelector("[data-empty]");
        fresh.querySelectorAll("[data-card]").forEach(function (card) {
          if (region.querySelector('[data-card="' + card.dataset.card + '"]')) return;
          if (empty) { empty.remove(); empty = null; }
          region.appendChild(document.importNode(card, true));
        });
      });
  }

  function poll() {
    ticks += 1;
    fetch(root.dataset.pollUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        showCount(data.unread);
        var arrived = latest !== null && data.latest > latest;
        latest = Math.max(latest || 0, data.latest);
        if (arrived) {
          ring();
          announce(data.title);
          return refreshRegion();
        }
        if (ticks % 3 === 0) return refreshRegion();
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var button = event.target.closest("[data-sound-on]");
    if (!button) return;
    var ctx = audioContext();
    if (ctx) ctx.resume();
    button.classList.add("d-none");
  });

  poll();
  setInterval(poll, every);
})();
