// policysite: compare any two versions of a document.
//
// An enhancement: without JavaScript the history page explains how to read
// the changes with the diff pages it links to, and the compare page says
// that it needs JavaScript. With it, the form on the history page opens the
// site's own diff page when there is one for the chosen pair, and otherwise
// the document's compare page, the pair in its address
// (compare/#2020-09-01..2024-05-01), which can be shared. The compare page
// fetches the two versions' text.json from this site and compares them with
// compare.wasm: the Go that makes the site's diff pages, built for the
// browser, so that the result reads as they do. Nothing is sent anywhere
// and nothing is stored.
(function () {
  "use strict";
  var datePair = /^#?(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

  // pair reads the pair of versions from an address's fragment, older
  // first: "#2020-09-01..2024-05-01"; null if it names none.
  function pair(hash) {
    var m = datePair.exec(hash || "");
    if (!m || m[1] === m[2]) return null;
    return m[1] < m[2] ? { from: m[1], to: m[2] } : { from: m[2], to: m[1] };
  }

  // target is where the history page's form leads for two versions (their
  // options' data, older first): the site's own diff page where there is
  // one, else the compare page with the pair in its fragment.
  function target(a, b, comparePage) {
    if (b.prev === a.value && b.diff) return b.diff;
    if (b.current === "true" && a.toCurrent) return a.toCurrent;
    if (a.current === "true" && b.toCurrent) return b.toCurrent;
    return comparePage + "#" + a.value + ".." + b.value;
  }

  // fill puts %s (or %d, a number) in a word, one argument after the
  // other.
  function fill(word) {
    var args = Array.prototype.slice.call(arguments, 1);
    return word.replace(/%[sd]/g, function () { return String(args.shift()); });
  }

  // between is which versions, by their place in the list of all, oldest
  // first, a comparison of the versions at places i and j shows the
  // changes of, as the pages comparing with the version in force list
  // them: every one after the older up to the newer, [start, end); null
  // for neighbours, whose diff is one version's.
  function between(i, j) {
    var lo = Math.min(i, j), hi = Math.max(i, j);
    return hi - lo < 2 ? null : { start: lo + 1, end: hi + 1 };
  }

  // shown gives the places of the lines that list r, between's, as the
  // static pages list them, ends being how many they show at each end of
  // a longer list (the form's data-between-ends, pages.BetweenEnds): all
  // where there are at most 2 × ends + 1, else the first and the last ends
  // (head and tail) and, between them, a line that counts the rest
  // (hidden).
  function shown(r, ends) {
    if (r.end - r.start <= 2 * ends + 1) return { head: r };
    return {
      head: { start: r.start, end: r.start + ends },
      hidden: r.end - r.start - 2 * ends,
      tail: { start: r.end - ends, end: r.end },
    };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { pair: pair, target: target, fill: fill, between: between, shown: shown }; // for compare_test.js
    return;
  }
  var form = document.getElementById("compare-form");
  if (!form || !window.fetch) return;
  form.hidden = false;
  var noscript = document.getElementById("compare-noscript");
  if (noscript) noscript.hidden = true;
  var from = form.elements.from, to = form.elements.to;

  function chosen() {
    var a = from.options[from.selectedIndex], b = to.options[to.selectedIndex];
    return a.value > b.value ? [b, a] : [a, b];
  }

  if (!form.dataset.wasm) { // the history page
    var out = document.getElementById("compare-result");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var ab = chosen();
      if (ab[0].value === ab[1].value) {
        out.hidden = false;
        out.textContent = "";
        var p = document.createElement("p");
        p.setAttribute("role", "status");
        p.textContent = form.dataset.same;
        out.appendChild(p);
        return;
      }
      location.href = target(
        { value: ab[0].value, toCurrent: ab[0].dataset.toCurrent, current: ab[0].dataset.current },
        { value: ab[1].value, prev: ab[1].dataset.prev, diff: ab[1].dataset.diff, current: ab[1].dataset.current, toCurrent: ab[1].dataset.toCurrent },
        form.dataset.compare);
    });
    return;
  }

  // The compare page.
  var status = document.getElementById("compare-status");
  var result = document.getElementById("compare-result");
  var ready = null; // the diff, once compare.wasm runs

  function say(text) { status.textContent = text; }

  function start() {
    if (!window.WebAssembly || !window.Go) return Promise.reject(new Error("no WebAssembly"));
    var go = new window.Go();
    return fetch(form.dataset.wasm, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.arrayBuffer();
    }).then(function (bytes) {
      return WebAssembly.instantiate(bytes, go.importObject);
    }).then(function (w) {
      go.run(w.instance); // sets policysiteDiff and waits for calls
      return window.policysiteDiff;
    });
  }

  function text(option) {
    return fetch(option.dataset.text, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    });
  }

  function option(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) return select.options[i];
    }
    return null;
  }

  function run() {
    var p = pair(location.hash);
    result.hidden = true;
    if (!p) { say(form.dataset.choose); return; }
    var a = option(from, p.from), b = option(to, p.to);
    if (!a || !b) { say(form.dataset.choose); return; }
    from.value = a.value;
    to.value = b.value;
    say(form.dataset.working);
    ready = ready || start();
    Promise.all([ready, text(a), text(b)]).then(function (got) {
      var res = got[0](got[1], got[2], form.dataset.words);
      if (res instanceof Error) throw res;
      show(a, b, JSON.parse(res));
    }).catch(function () { ready = null; say(form.dataset.failed); });
  }

  // show fills the page's diff, the markup of the site's diff pages, with
  // what compare.wasm made of it.
  function show(a, b, d) {
    var q = function (sel) { return result.querySelector(sel); };
    q(".diff-versions").textContent = fill(form.dataset.intro, a.textContent, b.textContent);
    q(".notice-rewritten").hidden = !d.rewritten;
    var readNew = q(".read-new");
    readNew.href = b.dataset.page;
    readNew.textContent = fill(form.dataset.readNew, b.textContent);
    var older = q(".diff-old"), newer = q(".diff-new");
    older.href = a.dataset.page;
    newer.href = b.dataset.page;
    older.textContent = older.textContent.replace(/ \(.*\)$/, "") + " (" + a.textContent + ")";
    newer.textContent = newer.textContent.replace(/ \(.*\)$/, "") + " (" + b.textContent + ")";
    showBetween(q(".between-list"), a.index, b.index);
    q(".notice-degraded").hidden = !d.degraded;
    q(".diff-changes").hidden = !d.any;
    q(".no-changes").hidden = d.any;
    q(".counts").textContent = d.total + ".\n" + d.sections;
    // The HTML below is compare.wasm's, written as the diff pages' is:
    // every text in it escaped by the same Go.
    q(".diff-toc").innerHTML = d.toc;
    q("[data-diff-body]").innerHTML = d.body;
    say("");
    result.hidden = false;
    var h = document.getElementById("diff-summary-heading");
    h.focus();
  }

  // showBetween lists the versions whose changes the pair at places i and
  // j shows, each as the page writes it in its template #compare-between
  // (the markup and words of the pages comparing with the version in
  // force), under the words that count them; nothing for neighbours.
  function showBetween(list, i, j) {
    var items = document.getElementById("compare-between");
    if (!list || !items || !items.content) return;
    var ol = list.querySelector("ol"), r = between(i, j), all = items.content.children;
    ol.textContent = "";
    list.hidden = !r || r.end > all.length;
    if (list.hidden) return;
    var s = shown(r, Number(form.dataset.betweenEnds)), more = document.getElementById("compare-between-more");
    for (var k = s.head.start; k < s.head.end; k++) ol.appendChild(all[k].cloneNode(true));
    if (s.tail && more && more.content) {
      var line = more.content.firstElementChild.cloneNode(true), a = line.querySelector("a");
      a.textContent = fill(a.textContent, s.hidden);
      ol.appendChild(line);
      for (k = s.tail.start; k < s.tail.end; k++) {
        var li = all[k].cloneNode(true);
        if (k === s.tail.start) li.value = k - r.start + 1;
        ol.appendChild(li);
      }
    }
    list.querySelector("p").textContent = fill(form.dataset.between, r.end - r.start);
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var ab = chosen();
    if (ab[0].value === ab[1].value) { say(form.dataset.same); return; }
    var hash = "#" + ab[0].value + ".." + ab[1].value;
    if (location.hash === hash) run(); else location.hash = hash;
  });
  window.addEventListener("hashchange", run);
  run();
})();
