// Etalase preview only (never in `etalase build` output): reload on rebuild, swap CSS in place,
// and show build problems over the page until they are fixed.
(function () {
  "use strict";
  var OVERLAY = "etalase-problems";

  function showProblems(errors) {
    var box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#3b0d0c;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:16px;border-top:4px solid #e5484d";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "The shop does not build: fix this and save (the last good version is shown)";
    box.appendChild(title);
    errors.forEach(function (line) {
      var item = document.createElement("pre");
      item.style.cssText = "margin:8px 0 0;white-space:pre-wrap";
      item.textContent = line;
      box.appendChild(item);
    });
  }

  function swapStylesheets() {
    fetch(location.href, { cache: "no-store" }).then(function (response) { return response.text(); }).then(function (text) {
      var fresh = new DOMParser().parseFromString(text, "text/html").querySelectorAll('link[rel="stylesheet"]');
      var current = document.querySelectorAll('link[rel="stylesheet"]');
      for (var i = 0; i < current.length && i < fresh.length; i++) {
        if (current[i].getAttribute("href") !== fresh[i].getAttribute("href")) {
          current[i].setAttribute("href", fresh[i].getAttribute("href"));
        }
      }
    });
  }

  var hadErrors = false;
  fetch("/__etalase__/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (status) {
    if (status.errors.length) { hadErrors = true; showProblems(status.errors); }
  });

  // The page this document is (a missing address shows the 404 page: the server says so).
  var script = document.currentScript;
  var here = (script && script.getAttribute("data-page")) || location.pathname.replace(/index\.html$/, "");

  var events = new EventSource("/__etalase__/events");
  events.onmessage = function (message) {
    var data = JSON.parse(message.data);
    if (data.kind === "error") { hadErrors = true; showProblems(data.errors); return; }
    if (data.kind === "css" && !hadErrors) { swapStylesheets(); return; }
    // `pages` lists the pages that changed; another page's edit leaves this one alone.
    if (!hadErrors && data.pages && data.pages.indexOf(here) < 0) { return; }
    location.reload();
  };
})();
