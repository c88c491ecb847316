// policysite: which version of a document applied on a day.
//
// An enhancement of the page of the version at a date (<doc>/at/), whose
// list of periods answers without it: its date field finds the period that
// holds the day, by the rule the page states. A version applies from the
// day it takes effect (data-from) up to and including data-last, the day
// before the next one takes effect; the newest has no end. Nothing is sent
// anywhere and nothing is stored.
(function () {
  "use strict";

  // find is the index of the period, of a list of {from, last} (dates as
  // YYYY-MM-DD, last "" for the newest), that holds day; -1 for a day
  // before the first, or a day that is not a date.
  function find(periods, day) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day || "")) return -1;
    for (var i = 0; i < periods.length; i++) {
      var p = periods[i];
      if (p.from <= day && (!p.last || day <= p.last)) return i;
    }
    return -1;
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { find: find }; // for at_test.js
    return;
  }
  var form = document.getElementById("at-form");
  var result = document.getElementById("at-result");
  if (!form || !result) return;
  var items = Array.prototype.slice.call(document.querySelectorAll("li.period[data-from]"));
  var periods = items.map(function (li) {
    return { from: li.getAttribute("data-from"), last: li.getAttribute("data-last") || "" };
  });
  form.hidden = false;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var day = form.elements.date.value;
    var i = find(periods, day);
    result.textContent = "";
    items.forEach(function (li, j) { li.classList.toggle("period-found", j === i); });
    if (i < 0) {
      if (day) result.textContent = form.getAttribute("data-none");
      return;
    }
    var p = document.createElement("p");
    p.appendChild(document.createTextNode(form.getAttribute("data-answer") + " "));
    p.appendChild(items[i].querySelector("a").cloneNode(true));
    result.appendChild(p);
  });
})();
