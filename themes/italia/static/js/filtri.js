// List filters in place, without loading a page (calendar and archive). Every filter link also
// works without JavaScript: it leads to a static page listing only the matching items.
(function () {
  "use strict";
  var list = document.querySelector("[data-filter-list]");
  if (!list) return; // a filtered page already shows only its items
  var status = document.getElementById("filtro-stato");
  var noun = list.dataset.noun || "";
  var items = list.querySelectorAll("[data-filterable]");

  function apply(dimension, value, label) {
    var shown = 0;
    items.forEach(function (item) {
      // An event of several groups lists them all, space-separated: any one matches.
      var match = !dimension || (item.dataset[dimension] || "").split(" ").indexOf(value) >= 0;
      item.hidden = !match;
      if (match) shown += 1;
    });
    list.querySelectorAll("[data-group-of-items]").forEach(function (block) {
      block.hidden = !block.querySelector("[data-filterable]:not([hidden])");
    });
    if (status) status.textContent = dimension ? label + ": " + shown + " " + noun : "";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-filter]");
    if (!link) return;
    event.preventDefault();
    var parts = link.dataset.filter.split(":");
    var label = link.textContent.trim();
    apply(parts[0], parts[1], label);
    history.pushState({ filter: link.dataset.filter, label: label }, "", link.href);
  });

  window.addEventListener("popstate", function (event) {
    var state = event.state;
    if (state && state.filter) {
      var parts = state.filter.split(":");
      apply(parts[0], parts[1], state.label);
    } else {
      apply(null, null, "");
    }
  });
})();
