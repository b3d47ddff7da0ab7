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
  // Where focus was before the overlay took it; it goes back there when the overlay closes.
  var focusBefore = null;

  function here() {
    return decodeURIComponent(location.pathname);
  }

  // The terminal's report (English, rustc's layout) cut into problems: the message, the
  // location, the source lines with their caret, the help. The overlay words its frame in
  // Italian and shows the source lines as they are.
  function parseProblems(text) {
    return text.split("\n\n").map(function (block) {
      var lines = block.split("\n").filter(function (line) { return line !== ""; });
      var first = lines.shift() || "";
      if (!/^error: /.test(first)) return null;
      var problem = { message: first.slice(7), file: "", line: "", column: "", source: [], help: [] };
      lines.forEach(function (line) {
        var at = /^\s*--> (.*?)(?::(\d+):(\d+))?$/.exec(line);
        var help = /^\s*= (?:help|note): (.*)$/.exec(line);
        if (at) {
          problem.file = at[1];
          problem.line = at[2] || "";
          problem.column = at[3] || "";
        } else if (help) {
          problem.help.push(help[1]);
        } else if (/^\s*\d*\s*\|/.test(line) && !/^\s*\|\s*$/.test(line)) {
          problem.source.push(line);
        }
      });
      return problem.file ? problem : null;
    }).filter(Boolean);
  }

  function element(tag, text, css) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    // The CSSOM, not a style attribute: a strict Content-Security-Policy allows it.
    if (css) node.style.cssText = css;
    return node;
  }

  function where(problem) {
    var text = "File " + problem.file;
    if (problem.line) text += ", riga " + problem.line + ", colonna " + problem.column;
    return text;
  }

  function english(label, text) {
    var paragraph = element("p", label + " ", "margin:.5rem 0");
    var original = element("span", text);
    original.lang = "en";
    paragraph.appendChild(original);
    return paragraph;
  }

  // The commonest diagnostics and help lines in Italian, by the English text the terminal
  // shows (`X` stands for a quoted value, kept as written). The rest shows in English, marked.
  var ITALIAN = [
    [/^unknown key (`[^`]*`)$/, "chiave sconosciuta $1"],
    [/^missing field (`[^`]*`)$/, "manca il campo $1"],
    [/^(`[^`]*`) is not a date$/, "$1 non è una data"],
    [/^(`[^`]*`) is not a web address$/, "$1 non è un indirizzo web"],
    [/^unknown sigla (`[^`]*`)$/, "sigla sconosciuta $1"],
    [/^unknown group (`[^`]*`)$/, "gruppo sconosciuto $1"],
    [/^unknown Province (`[^`]*`)$/, "Provincia sconosciuta $1"],
    [/^unknown step (`[^`]*`)$/, "tappa sconosciuta $1"],
    [/^unknown section (`[^`]*`)$/, "sezione sconosciuta $1"],
    [/^unknown licence (`[^`]*`)$/, "licenza sconosciuta $1"],
    [/^unknown taxonomy (`[^`]*`)$/, "tassonomia sconosciuta $1"],
    [/^unknown Comune code (`[^`]*`)$/, "codice di Comune sconosciuto $1"],
    [/^this text is required, but it is empty$/, "questo testo è obbligatorio, ma è vuoto"],
    [/^a tab is used for indentation$/, "il rientro usa un carattere di tabulazione"],
    [/^the key (`[^`]*`) appears twice in the same mapping$/, "la chiave $1 compare due volte nello stesso elenco"],
    [/^this page has no (`[^`]*`)$/, "questa pagina non ha $1"],
    [/^the event ends when it starts$/, "l'evento finisce quando comincia"],
    [/^expected a whole number \(0 or more\)$/, "serve un numero intero (0 o più)"],
    [/^expected a whole number$/, "serve un numero intero"],
    [/^broken link: (`[^`]*`) does not exist$/, "collegamento interrotto: $1 non esiste"],
    [/^broken link: nothing is published at (.*)$/, "collegamento interrotto: nulla è pubblicato all'indirizzo $1"],
    [/^broken anchor: (`[^`]*`) is not a heading of (.*)$/, "àncora interrotta: $1 non è un titolo di $2"],
    [/^(`[^`]*`) points outside the site$/, "$1 punta fuori dal sito"],
    [/^this file is missing$/, "questo file non c'è"],
    [/^(\S+) does not exist in Italy: the clocks jump forward that night$/,
      "$1 non esiste in Italia: quella notte gli orologi vanno avanti"],
    [/^(\S+) happens twice in Italy: the clocks go back that night$/,
      "$1 in Italia capita due volte: quella notte gli orologi tornano indietro"],
    [/^this file would replace the generated (.*)$/, "questo file prenderebbe il posto della pagina generata $1"],
    [/^two files claim the URL (.*)$/, "due file vogliono lo stesso indirizzo $1"],
    [/^trans: no string (`[^`]*`) in the (`[^`]*`) translations(.*)$/, "trans: nessun testo $1 nelle traduzioni $2$3"],
    [/^did you mean (`[^`]*`)\?$/, "intendevi $1?"],
    [/^\(did you mean (`[^`]*`)\?\)$/, "(intendevi $1?)"]
  ];

  function italian(text) {
    for (var i = 0; i < ITALIAN.length; i++) {
      if (ITALIAN[i][0].test(text)) return text.replace(ITALIAN[i][0], ITALIAN[i][1]);
    }
    return null;
  }

  // The Italian wording when there is one, with the terminal's English beside it.
  function explained(label, text) {
    var wording = italian(text);
    if (!wording) return english(label + " (testo tecnico in inglese):", text);
    var paragraph = element("p", label + ": " + wording, "margin:.5rem 0");
    var original = element("span", " (" + text + ")", "color:#bbb");
    original.lang = "en";
    paragraph.appendChild(original);
    return paragraph;
  }

  function renderProblem(problem) {
    var section = element("section", null, "margin:0 0 1.5rem");
    section.appendChild(element("h3", where(problem), "font:bold 16px sans-serif;margin:0 0 .5rem"));
    if (problem.source.length) {
      // white-space:pre never wraps a line, so the caret stays under its column; a narrow
      // window scrolls the block sideways instead. Focusable, so the keyboard can scroll it.
      var pre = element("pre", problem.source.join("\n"),
        "white-space:pre;overflow-x:auto;margin:0;padding:.5rem;background:#000;font:14px/1.5 monospace");
      pre.tabIndex = 0;
      pre.setAttribute("aria-label", "Righe del file, " + where(problem));
      section.appendChild(pre);
    }
    section.appendChild(explained("Errore", problem.message));
    problem.help.forEach(function (help) {
      section.appendChild(explained("Suggerimento", help));
    });
    return section;
  }

  function buildOverlay() {
    var overlay = element("div", null,
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#141414;" +
      "color:#fff;padding:1.5rem;font:16px/1.5 sans-serif;box-sizing:border-box");
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    overlay.setAttribute("aria-describedby", OVERLAY_ID + "-summary");
    overlay.tabIndex = -1;
    var close = element("button", "Chiudi",
      "float:right;font:bold 16px sans-serif;padding:.5rem 1rem;color:#141414;background:#fff;" +
      "border:2px solid #fff;border-radius:4px;cursor:pointer");
    close.type = "button";
    close.className = "portico-overlay-close";
    close.addEventListener("click", closeOverlay);
    var title = element("h2", "La build non è riuscita", "font:bold 20px sans-serif;color:#ffb3b3;margin:0 0 .5rem");
    title.id = OVERLAY_ID + "-title";
    var summary = element("p", "", "margin:0 0 1.5rem");
    summary.id = OVERLAY_ID + "-summary";
    var problems = element("div");
    problems.className = "portico-overlay-problems";
    overlay.appendChild(close);
    overlay.appendChild(title);
    overlay.appendChild(summary);
    overlay.appendChild(problems);
    overlay.addEventListener("keydown", trapKeys);
    return overlay;
  }

  // Escape closes; Tab stays inside the dialog, as a modal dialog's keyboard does.
  function trapKeys(event) {
    var overlay = event.currentTarget;
    if (event.key === "Escape") {
      event.preventDefault();
      closeOverlay();
    } else if (event.key === "Tab") {
      var stops = overlay.querySelectorAll("button, pre[tabindex]");
      var first = stops[0];
      var last = stops[stops.length - 1];
      if (event.shiftKey && (document.activeElement === first || document.activeElement === overlay)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  function showError(text) {
    var overlay = document.getElementById(OVERLAY_ID);
    if (!overlay) {
      focusBefore = document.activeElement;
      overlay = buildOverlay();
      document.body.appendChild(overlay);
    }
    var problems = parseProblems(text);
    var count = problems.length;
    overlay.querySelector("#" + OVERLAY_ID + "-summary").textContent =
      (count === 1 ? "C'è un problema" : "Ci sono " + count + " problemi") +
      " da correggere nei file del sito. La pagina mostra l'ultima versione corretta e si " +
      "aggiorna da sola quando i file sono corretti; il terminale riporta gli stessi errori.";
    var list = overlay.querySelector(".portico-overlay-problems");
    list.textContent = "";
    problems.forEach(function (problem) { list.appendChild(renderProblem(problem)); });
    if (!count) list.appendChild(element("pre", text, "white-space:pre;overflow-x:auto"));
    overlay.querySelector(".portico-overlay-close").focus();
  }

  function closeOverlay() {
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
    if (focusBefore && focusBefore.focus && document.contains(focusBefore)) {
      focusBefore.focus();
    }
    focusBefore = null;
    return Boolean(overlay);
  }

  function hideError() {
    return closeOverlay();
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
