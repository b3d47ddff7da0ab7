// portico serve: reloads this tab when its page changes, swaps stylesheets when only CSS
// changed, and shows build errors over the page until they are fixed. Injected by the preview
// server only; never part of a built site.
//
// One event stream per browser, however many tabs: over HTTP/1.1 a browser opens at most six
// connections per host, so one EventSource per tab would starve the seventh tab. The same file
// runs as a SharedWorker that holds the one EventSource and hands every message to each tab;
// where SharedWorker is missing (Chrome on Android) the tab falls back to its own EventSource.
(function () {
  "use strict";
  var SCRIPT_URL = "/__portico/livereload.js";
  var EVENTS_URL = "/__portico/events";

  if (typeof document === "undefined") {
    shareOneStream(self);
    return;
  }

  // The worker side: one EventSource, every open tab's port.
  function shareOneStream(scope) {
    var ports = [];
    // A tab opened while the build is broken must show the error at once: the server sends it
    // only when the stream opens, so the worker remembers it for later tabs.
    var lastError = null;
    var source = new EventSource(EVENTS_URL);
    source.onmessage = function (event) {
      var message = JSON.parse(event.data);
      lastError = message.kind === "error" ? message : null;
      ports.forEach(function (port) { port.postMessage(message); });
    };
    scope.onconnect = function (connection) {
      var port = connection.ports[0];
      ports.push(port);
      port.onmessage = function (event) {
        // A tab going away (closed, reloading, navigating) says so; its port is dropped. A tab
        // restored from the back-forward cache says hello again.
        ports = ports.filter(function (p) { return p !== port; });
        if (event.data === "hello") ports.push(port);
      };
      port.start();
      if (lastError) port.postMessage(lastError);
    };
  }

  // The tab side.
  var OVERLAY_ID = "portico-error-overlay";

  function here() {
    return decodeURIComponent(location.pathname);
  }

  function showError(text) {
    var overlay = document.getElementById(OVERLAY_ID);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = OVERLAY_ID;
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "Errore di build");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);" +
        "color:#fff;padding:2rem;font:14px/1.5 monospace";
      var title = document.createElement("h2");
      title.textContent = "La build non è riuscita: la pagina mostra l'ultima versione corretta";
      title.style.cssText = "font:bold 18px sans-serif;color:#ffb3b3;margin:0 0 1rem";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }

  function hideError() {
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
    return Boolean(overlay);
  }

  function swapStylesheets() {
    var stamp = Date.now();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("portico-reload", stamp);
      link.href = url.toString();
    });
  }

  function onMessage(message) {
    if (message.kind === "error") {
      showError(message.text);
    } else if (message.kind === "ok") {
      if (hideError()) location.reload();
    } else if (message.kind === "changed") {
      var hadOverlay = hideError();
      var paths = message.paths || [];
      if (hadOverlay || paths.indexOf(here()) !== -1) {
        location.reload();
      } else if (paths.some(function (p) { return p.endsWith(".css"); })) {
        swapStylesheets();
      }
    }
  }

  if (typeof SharedWorker === "function") {
    var worker = new SharedWorker(SCRIPT_URL, { name: "portico-livereload" });
    worker.port.onmessage = function (event) { onMessage(event.data); };
    worker.port.start();
    window.addEventListener("pagehide", function () { worker.port.postMessage("bye"); });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) worker.port.postMessage("hello");
    });
  } else {
    new EventSource(EVENTS_URL).onmessage = function (event) {
      onMessage(JSON.parse(event.data));
    };
  }
})();
