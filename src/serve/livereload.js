// portico serve: reloads this tab when its page changes, swaps stylesheets when only CSS
// changed, and shows build errors over the page until they are fixed. Injected by the preview
// server only; never part of a built site.
(function () {
  "use strict";
  var OVERLAY_ID = "portico-error-overlay";

  function here() {
    var path = decodeURIComponent(location.pathname);
    return path.endsWith("/") ? path : path;
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

  var source = new EventSource("/__portico/events");
  source.onmessage = function (event) {
    var message = JSON.parse(event.data);
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
  };
})();
