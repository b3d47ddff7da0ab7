// The portal's search: the index is built by portico (src/render/search.rs) with the same
// accent folding, stop words and light Italian stemmer used here for the query.
(function () {
  "use strict";
  var form = document.getElementById("cerca-form");
  var input = document.getElementById("cerca-testo");
  var results = document.getElementById("cerca-risultati");
  var status = document.getElementById("cerca-stato");
  if (!form || !input || !results) return;

  var STOP = new Set(("a ad al alla alle agli ai all anche che chi ci con col da dal dalla dalle dai " +
    "dagli del della delle dei degli dell di e ed gli i il in la le lo l ma ne nel nella nelle nei " +
    "negli nell non o per piu si su sul sulla sulle sui tra fra un una uno sono come questo questa ogni").split(" "));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Savoy's light Italian stemmer, as in src/render/search.rs.
  function stem(word) {
    var len = word.length;
    if (len < 6) return word;
    var last = word[len - 1], before = word[len - 2];
    if (last === "e" && (before === "i" || before === "h")) return word.slice(0, len - 2);
    if (last === "i" && (before === "i" || before === "h")) return word.slice(0, len - 2);
    if ((last === "a" || last === "o") && before === "i") return word.slice(0, len - 2);
    if ("eiao".indexOf(last) !== -1) return word.slice(0, len - 1);
    return word;
  }

  function terms(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(function (w) {
      return w.length > 1 && !STOP.has(w);
    }).map(stem);
  }

  var index = null;
  function load() {
    if (index) return Promise.resolve(index);
    return fetch(form.dataset.index).then(function (r) { return r.json(); }).then(function (json) {
      index = json;
      index.keys = Object.keys(json.terms);
      return index;
    });
  }

  // Documents holding every term; the last term may be the start of a word.
  function search(query) {
    var wanted = terms(query);
    if (!wanted.length) return [];
    var found = null;
    wanted.forEach(function (term, position) {
      var ids = new Set(index.terms[term] || []);
      if (position === wanted.length - 1) {
        index.keys.forEach(function (key) {
          if (key.indexOf(term) === 0) (index.terms[key] || []).forEach(function (id) { ids.add(id); });
        });
      }
      found = found === null ? ids : new Set(Array.from(found).filter(function (id) { return ids.has(id); }));
    });
    return Array.from(found || []);
  }

  function show(query) {
    load().then(function () {
      var ids = search(query);
      results.textContent = "";
      ids.slice(0, 50).forEach(function (id) {
        var doc = index.documents[id];
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = doc[0];
        link.textContent = doc[1] || doc[0];
        var snippet = document.createElement("p");
        snippet.textContent = doc[2];
        item.appendChild(link);
        item.appendChild(snippet);
        results.appendChild(item);
      });
      status.textContent = query ? ids.length + " risultati per «" + query + "»" : "";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    show(query);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    show(initial);
  }
})();
