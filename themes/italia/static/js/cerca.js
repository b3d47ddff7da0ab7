// The portal's search over the chunked index that portico writes under /cerca/ (format in
// docs/templates.md, builder in src/render/search/). A query fetches the small manifest, the
// chunk of each of its words and the entries of the results it shows, nothing else. The index
// gives the Snowball stem of every word form it holds, so this script never stems: it folds
// and splits the query as src/render/search/text.rs does, and looks the words up.
// The engine has no DOM: tests and the benchmark run it in node (module.exports below).
(function () {
  "use strict";

  var STOP = new Set(("a ad agli ai al all alla alle anche che chi ci col come con da dagli dai " +
    "dal dalla dalle degli dei del dell della delle di e ed fra gli i il in l la le lo ma ne negli " +
    "nei nel nell nella nelle non o ogni per piu questa questo si sono su sui sul sulla sulle tra " +
    "un una uno").split(" "));
  var COMPOUND = /[a-z0-9]+(?:[.\-][a-z0-9]+)*/g;
  var TEXT_COMPOUND = /[\p{L}\p{N}]+(?:[.\-][\p{L}\p{N}]+)*/gu;
  // A word typed last may be unfinished: forms it begins count, for less than whole words.
  var PREFIX_FACTOR = 0.6;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The forms a compound ("pi.co.", "kick-off") is indexed under: its parts and the parts
  // written together.
  function forms(compound) {
    var parts = compound.split(/[.\-]/).filter(Boolean);
    return parts.length > 1 ? parts.concat([parts.join("")]) : parts;
  }

  // Query words: a compound is looked up written together, as people mean it.
  function queryWords(query) {
    var seen = new Set();
    (fold(query).match(COMPOUND) || []).forEach(function (compound) {
      seen.add(forms(compound).pop());
    });
    return Array.from(seen);
  }

  // A word followed by a number or a single letter ("fase 4", "intermedia a") is also looked up
  // written together: the index holds such pairs (src/render/search/index.rs, `pairs`).
  function queryPairs(words) {
    var pairs = [];
    for (var i = 0; i + 1 < words.length; i++) {
      var first = words[i], second = words[i + 1];
      if (!STOP.has(first) && !/^[0-9]+$/.test(first) &&
        (/^[0-9]{1,4}$/.test(second) || /^[a-z]$/.test(second))) pairs.push(first + second);
    }
    return pairs;
  }

  function createEngine(manifestUrl, fetchJson) {
    var base = manifestUrl.slice(0, manifestUrl.lastIndexOf("/") + 1);
    var cache = new Map();
    function get(path) {
      if (!cache.has(path)) cache.set(path, fetchJson(base + path));
      return cache.get(path);
    }
    function manifest() { return get("indice.json"); }

    // The chunk that holds `word`: the longest key that begins it.
    function chunkKey(keys, word) {
      var best = null;
      keys.forEach(function (key) {
        if (word.indexOf(key) === 0 && (best === null || key.length > best.length)) best = key;
      });
      return best;
    }

    function stemIn(chunk, form) {
      if (Object.prototype.hasOwnProperty.call(chunk.forms, form)) return chunk.forms[form];
      return Object.prototype.hasOwnProperty.call(chunk.stems, form) ? form : null;
    }

    // A word the index does not hold ("rischio" when only "rischi" is written) belongs to the
    // longest stem it begins with, when at most three letters are left over.
    function nearestStem(chunk, word) {
      var best = null;
      Object.keys(chunk.stems).forEach(function (stem) {
        if (stem.length >= 3 && word.indexOf(stem) === 0 && word.length - stem.length <= 3 &&
          (best === null || stem.length > best.length)) best = stem;
      });
      return best;
    }

    // The stems a query word stands for, each with its factor, and the chunks read.
    // The last word, when the index does not hold it, may be unfinished ("prov"): the forms
    // it begins stand for it.
    function resolve(meta, word, last, pair) {
      var own = chunkKey(meta.chunks, word);
      var first = own === null ? Promise.resolve(null) : get("t/" + own + ".json");
      return first.then(function (chunk) {
        var exact = chunk && stemIn(chunk, word);
        var expand = !exact && !pair && last && word.length >= 3 && !/[0-9]/.test(word);
        var keys = !expand ? [] : meta.chunks.filter(function (key) {
          return key !== own && key.indexOf(word) === 0;
        });
        if (!exact && !pair && chunk) exact = nearestStem(chunk, word);
        return Promise.all(keys.map(function (key) { return get("t/" + key + ".json"); }))
          .then(function (more) { return [chunk, exact, expand, more]; });
      }).then(function (found) {
          var chunk = found[0], exact = found[1], expand = found[2];
          var chunks = chunk ? [chunk].concat(found[3]) : found[3];
          var stems = new Map();
          if (exact) stems.set(exact, { factor: 1, chunk: chunk });
          if (expand) {
            chunks.forEach(function (c) {
              Object.keys(c.forms).concat(Object.keys(c.stems)).forEach(function (form) {
                var stem = stemIn(c, form);
                if (form.indexOf(word) === 0 && !stems.has(stem)) {
                  stems.set(stem, { factor: PREFIX_FACTOR, chunk: c });
                }
              });
            });
          }
          return { word: word, stop: pair || STOP.has(word), stems: stems, chunks: chunks };
        });
    }

    // Document → score for one query word: BM25 weights from the index times the stem's idf.
    function scores(meta, term) {
      var found = new Map();
      term.stems.forEach(function (how, stem) {
        var flat = how.chunk.stems[stem];
        var df = flat.length / 2;
        var idf = Math.log(1 + (meta.documents - df + 0.5) / (df + 0.5));
        var id = 0;
        for (var i = 0; i < flat.length; i += 2) {
          id += flat[i];
          var score = how.factor * idf * flat[i + 1] / 100;
          if (!(found.get(id) >= score)) found.set(id, score);
        }
      });
      return found;
    }

    function allowed(meta, filters) {
      filters = filters || {};
      var range = filters.kind ? meta.kinds[filters.kind] || [0, 0] : null;
      var province = filters.province && Object.prototype.hasOwnProperty.call(meta.provinces, filters.province)
        ? get("p/" + filters.province + ".json") : Promise.resolve(filters.province ? [] : null);
      return province.then(function (ids) {
        var set = ids && new Set(ids);
        return function (id) {
          return (!range || (id >= range[0] && id < range[1])) && (!set || set.has(id));
        };
      });
    }

    // Every document holding each word of the query (stop words only raise the score), best
    // first; ties keep the index's order (Provinces, works, events, pages).
    function search(query, filters) {
      var words = queryWords(query);
      if (!words.length) return Promise.resolve({ ids: [], terms: [] });
      return manifest().then(function (meta) {
        // Stop words only raise the score of pages that hold the other words: when there are
        // other words, their chunks (postings of nearly every page) are not worth fetching.
        var content = words.filter(function (word) { return !STOP.has(word); });
        var looked = content.length ? content : words;
        var lookups = looked.map(function (word, at) {
          return resolve(meta, word, at === looked.length - 1, false);
        }).concat(queryPairs(words).map(function (pair) {
          return resolve(meta, pair, false, true);
        }));
        return Promise.all(lookups).then(function (terms) {
          return allowed(meta, filters).then(function (keep) {
            return { ids: rank(meta, terms, keep), terms: terms };
          });
        });
      });
    }

    function rank(meta, terms, keep) {
      var required = terms.filter(function (t) { return !t.stop; });
      if (!required.length) required = terms;
      var total = null;
      required.forEach(function (term) {
        var found = scores(meta, term);
        var next = new Map();
        found.forEach(function (score, id) {
          if (total === null || total.has(id)) next.set(id, (total ? total.get(id) : 0) + score);
        });
        total = next;
      });
      terms.forEach(function (term) {
        if (required.indexOf(term) !== -1) return;
        scores(meta, term).forEach(function (score, id) {
          if (total.has(id)) total.set(id, total.get(id) + score);
        });
      });
      return Array.from(total.keys()).filter(keep).sort(function (a, b) {
        return total.get(b) - total.get(a) || a - b;
      });
    }

    function entry(id) { return get("d/" + id + ".json"); }

    return { search: search, entry: entry, manifest: manifest, excerpt: excerpt };
  }

  // About `size` words of `text` around its first matched word, as segments to show, the
  // matched words marked.
  function excerpt(text, terms, size) {
    var matched = new Set();
    terms.forEach(function (t) { t.stems.forEach(function (_, stem) { matched.add(stem); }); });
    var chunks = [];
    terms.forEach(function (t) { chunks = chunks.concat(t.chunks); });
    function isMatch(token) {
      return forms(fold(token)).some(function (form) {
        return chunks.some(function (c) {
          var stem = Object.prototype.hasOwnProperty.call(c.forms, form) ? c.forms[form]
            : Object.prototype.hasOwnProperty.call(c.stems, form) ? form : null;
          return stem !== null && matched.has(stem);
        });
      });
    }
    var tokens = [];
    var match;
    TEXT_COMPOUND.lastIndex = 0;
    while ((match = TEXT_COMPOUND.exec(text)) !== null) {
      tokens.push({ start: match.index, end: match.index + match[0].length, mark: isMatch(match[0]) });
    }
    var first = tokens.findIndex(function (t) { return t.mark; });
    var from = Math.max(0, first - Math.floor(size / 3));
    var to = Math.min(tokens.length, from + size);
    var segments = [];
    if (!tokens.length) return segments;
    var at = tokens[from].start;
    if (from > 0) segments.push({ text: "… ", mark: false });
    for (var i = from; i < to; i++) {
      var t = tokens[i];
      if (t.start > at) segments.push({ text: text.slice(at, t.start), mark: false });
      segments.push({ text: text.slice(t.start, t.end), mark: t.mark });
      at = t.end;
    }
    if (to < tokens.length) segments.push({ text: " …", mark: false });
    return segments;
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { createEngine: createEngine, queryWords: queryWords, excerpt: excerpt };
    return;
  }
  startPage(createEngine);

  // The search page: the form submits as a plain GET without JavaScript (see search.html).
  function startPage(create) {
    var form = document.getElementById("cerca-form");
    var input = document.getElementById("cerca-testo");
    var kind = document.getElementById("cerca-tipo");
    var province = document.getElementById("cerca-provincia");
    var results = document.getElementById("cerca-risultati");
    var status = document.getElementById("cerca-stato");
    var more = document.getElementById("cerca-altri");
    if (!form || !input || !kind || !province || !results || !status || !more) return;
    var PAGE = 10;
    var engine = create(form.dataset.index, function (url) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    });
    var current = null;
    var field = document.getElementById("cerca-provincia-campo");

    // The Province filter lists the Provinces the index knows, by name.
    function fillProvinces(meta) {
      var chosen = province.value;
      Object.keys(meta.provinces).map(function (sigla) { return [meta.provinces[sigla], sigla]; })
        .sort(function (a, b) { return a[0].localeCompare(b[0], "it"); })
        .forEach(function (pair) {
          var option = document.createElement("option");
          option.value = pair[1];
          option.textContent = pair[0];
          province.appendChild(option);
        });
      province.value = chosen;
      field.hidden = province.options.length < 2;
    }

    function labelOf(select, value) {
      var option = select && Array.from(select.options).find(function (o) { return o.value === value; });
      return option ? option.textContent : "";
    }

    function say(template, values) {
      return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
    }

    function item(entry, terms) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title || entry.url;
      var meta = document.createElement("p");
      meta.className = "search-kind";
      // `note` marks demonstration data (src/render/search/index.rs).
      meta.textContent = [labelOf(kind, entry.kind), labelOf(province, entry.province), entry.note]
        .filter(Boolean).join(" · ");
      var text = document.createElement("p");
      excerpt(entry.text, terms, 30).forEach(function (segment) {
        var node = segment.mark ? document.createElement("mark") : document.createTextNode(segment.text);
        if (segment.mark) node.textContent = segment.text;
        text.appendChild(node);
      });
      li.appendChild(link);
      li.appendChild(meta);
      li.appendChild(text);
      return li;
    }

    function showPage(focusFirst) {
      var page = current.ids.slice(current.shown, current.shown + PAGE);
      return Promise.all(page.map(engine.entry)).then(function (entries) {
        var items = entries.map(function (entry) { return item(entry, current.terms); });
        items.forEach(function (li) { results.appendChild(li); });
        current.shown += page.length;
        more.hidden = current.shown >= current.ids.length;
        if (focusFirst && items.length) items[0].querySelector("a").focus();
        status.textContent = current.ids.length
          ? say(form.dataset[current.ids.length === 1 ? "one" : "many"], {
            n: current.ids.length, q: current.query, shown: current.shown,
          })
          : say(form.dataset.none, { q: current.query });
      });
    }

    function run(query) {
      var filters = { kind: kind.value, province: province.value };
      results.textContent = "";
      more.hidden = true;
      if (!query) {
        status.textContent = "";
        return;
      }
      engine.search(query, filters).then(function (found) {
        current = { query: query, ids: found.ids, terms: found.terms, shown: 0 };
        return showPage(false);
      }).catch(function () {
        status.textContent = form.dataset.failed;
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      var params = new URLSearchParams(new FormData(form));
      history.replaceState(null, "", "?" + params.toString());
      run(query);
    });
    more.addEventListener("click", function () { showPage(true); });
    var initial = new URLSearchParams(location.search);
    engine.manifest().then(function (meta) {
      if (field) fillProvinces(meta);
      if (initial.get("provincia")) province.value = initial.get("provincia");
      if (initial.get("tipo")) kind.value = initial.get("tipo");
      if (initial.get("q")) {
        input.value = initial.get("q");
        run(input.value.trim());
      }
    }).catch(function () { status.textContent = form.dataset.failed; });
  }
})();
