// The console's small script: no framework, no inline handlers (the pages' CSP forbids inline
// script). Each feature switches on by markup: .autosubmit selects, [data-queue] keyboard
// shortcuts, [data-viewer] scan thumbnails that open large with zoom and rotate.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("autosubmit") && target.form) {
      target.form.submit();
    }
  });

  function typing(event) {
    var tag = (event.target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable;
  }

  // Queue: j / ArrowDown next, k / ArrowUp previous, Enter or o opens, / focuses the search.
  function setupQueue() {
    var table = document.querySelector("[data-queue]");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
    var index = -1;
    function select(i) {
      if (!rows.length) return;
      index = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (row, n) { row.classList.toggle("selected", n === index); });
      rows[index].scrollIntoView({ block: "nearest" });
      var link = rows[index].querySelector("a");
      if (link) link.focus({ preventScroll: true });
    }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "/" && !typing(event)) {
        var search = document.getElementById("q");
        if (search) { event.preventDefault(); search.focus(); }
        return;
      }
      if (typing(event)) return;
      if (event.key === "j" || event.key === "ArrowDown") { event.preventDefault(); select(index + 1); }
      else if (event.key === "k" || event.key === "ArrowUp") { event.preventDefault(); select(index - 1); }
      else if ((event.key === "Enter" || event.key === "o") && index >= 0) {
        event.preventDefault(); window.location = rows[index].getAttribute("data-href");
      }
    });
  }

  // Detail page: n next / p previous registration of the queue, d focuses the decision,
  // 1/2/3 pick verified / needs fix / rejected.
  function setupDetail() {
    var detail = document.querySelector("[data-detail]");
    if (!detail) return;
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event)) return;
      var viewer = document.querySelector(".viewer.open");
      if (viewer) return;
      var link = null;
      if (event.key === "n") link = document.getElementById("next-registration");
      if (event.key === "p") link = document.getElementById("previous-registration");
      if (link) { event.preventDefault(); window.location = link.getAttribute("href"); return; }
      var choice = { "1": "status-verified", "2": "status-needs_fix", "3": "status-rejected" }[event.key];
      if (choice && document.getElementById(choice)) {
        event.preventDefault();
        document.getElementById(choice).checked = true;
        var reason = document.getElementById("reason");
        if (reason) reason.focus();
      }
      if (event.key === "d") {
        var first = document.getElementById("status-verified");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
  }

  // Scans: a thumbnail opens the page large; + / - zoom, r rotates, Escape closes.
  function setupViewer() {
    var box = document.querySelector("[data-viewer]");
    if (!box) return;
    var image = box.querySelector("img");
    var zoom = 1, angle = 0;
    function apply() { image.style.transform = "rotate(" + angle + "deg) scale(" + zoom + ")"; }
    function open(src, alt) {
      zoom = 1; angle = 0; apply();
      image.src = src; image.alt = alt || "";
      box.classList.add("open");
      box.querySelector("[data-act=close]").focus();
    }
    function close() { box.classList.remove("open"); image.removeAttribute("src"); }
    document.addEventListener("click", function (event) {
      var thumb = event.target.closest ? event.target.closest("[data-large]") : null;
      if (thumb) { event.preventDefault(); open(thumb.getAttribute("data-large"), thumb.getAttribute("aria-label")); return; }
      var act = event.target.getAttribute && event.target.getAttribute("data-act");
      if (!act || !box.contains(event.target)) return;
      if (act === "in") zoom = Math.min(8, zoom * 1.25);
      if (act === "out") zoom = Math.max(0.2, zoom / 1.25);
      if (act === "rotate") angle = (angle + 90) % 360;
      if (act === "reset") { zoom = 1; angle = 0; }
      if (act === "close") { close(); return; }
      apply();
    });
    document.addEventListener("keydown", function (event) {
      if (!box.classList.contains("open")) return;
      if (event.key === "Escape") close();
      else if (event.key === "+" || event.key === "=") { zoom = Math.min(8, zoom * 1.25); apply(); }
      else if (event.key === "-") { zoom = Math.max(0.2, zoom / 1.25); apply(); }
      else if (event.key === "r") { angle = (angle + 90) % 360; apply(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupQueue();
    setupDetail();
    setupViewer();
  });
})();
