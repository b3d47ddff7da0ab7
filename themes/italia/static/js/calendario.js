// Calendar filters in place, without loading a page. Every filter link also works without
// JavaScript: it leads to a static page listing only the matching events.
(function () {
  "use strict";
  var all = document.querySelector("[data-calendar-all]");
  if (!all) return; // a filtered page already shows only its events
  var status = document.getElementById("filtro-stato");
  var items = all.querySelectorAll("li.event");

  function apply(dimension, value, label) {
    var shown = 0;
    items.forEach(function (item) {
      var match = !dimension || item.dataset[dimension] === value;
      item.hidden = !match;
      if (match) shown += 1;
    });
    all.querySelectorAll("[data-month]").forEach(function (month) {
      var visible = month.querySelector("li.event:not([hidden])");
      month.hidden = !visible;
    });
    if (status) status.textContent = dimension ? label + ": " + shown + " eventi" : "";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-filter]");
    if (!link) return;
    event.preventDefault();
    var parts = link.dataset.filter.split(":");
    apply(parts[0], parts[1], link.textContent.trim());
    history.pushState({ filter: link.dataset.filter, label: link.textContent.trim() }, "", link.href);
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
