// policysite: compare any two versions of a document, on its history page.
//
// An enhancement: without JavaScript the page explains how to read the
// changes with the diff pages it links to. With it, the form below the
// history opens the site's own diff page when there is one for the chosen
// pair, and otherwise fetches the two versions from this site, compares
// their words and shows the result on the page. Nothing is sent anywhere
// and nothing is stored.
(function () {
  "use strict";
  var blockTags = /^(P|H[1-6]|LI|TD|TH|DT|DD|PRE|BLOCKQUOTE|CAPTION|FIGCAPTION|DIV|UL|OL|TABLE|TR|SECTION)$/;
  var tokenRE = /[\p{L}\p{N}\p{Mn}]+|\s+|[^]/gu;
  if (typeof module === "object" && module.exports) {
    module.exports = { diff: diff, compare: compare, tokens: tokens }; // for compare_test.js
    return;
  }
  var form = document.getElementById("compare-form");
  if (!form || !window.fetch || !window.DOMParser) return;
  var out = document.getElementById("compare-result");
  form.hidden = false;
  var noscript = document.getElementById("compare-noscript");
  if (noscript) noscript.hidden = true;

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var from = form.elements.from, to = form.elements.to;
    var a = from.options[from.selectedIndex], b = to.options[to.selectedIndex];
    if (a.value === b.value) { say(form.dataset.same); return; }
    if (a.value > b.value) { var t = a; a = b; b = t; }
    // The site's own diff pages, where they exist, say more than this page can.
    if (b.dataset.prev === a.value && b.dataset.diff) { location.href = b.dataset.diff; return; }
    if (b.dataset.current === "true" && a.dataset.toCurrent) { location.href = a.dataset.toCurrent; return; }
    if (a.dataset.current === "true" && b.dataset.toCurrent) { location.href = b.dataset.toCurrent; return; }
    say(form.dataset.working);
    Promise.all([load(a.dataset.page), load(b.dataset.page)]).then(function (docs) {
      show(a, b, compare(docs[0], docs[1]));
    }).catch(function () { say(form.dataset.failed); });
  });

  function say(text) {
    out.hidden = false;
    out.textContent = "";
    var p = document.createElement("p");
    p.setAttribute("role", "status");
    p.textContent = text;
    out.appendChild(p);
  }

  // load fetches a version's page from this site and returns its blocks.
  function load(url) {
    return fetch(url, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var body = doc.querySelector("[data-policy-body]");
      if (!body) throw new Error("no policy");
      return blocks(body);
    });
  }

  // blocks splits an element into runs of text, one per leaf block.
  function blocks(root) {
    var list = [], cur = null;
    function walk(node, tag) {
      for (var n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) {
          if (!cur) { cur = { tag: tag, text: "" }; list.push(cur); }
          cur.text += n.nodeValue;
        } else if (n.nodeType === 1) {
          if (n.tagName === "BR") { if (cur) cur.text += " "; continue; }
          if (blockTags.test(n.tagName)) { cur = null; walk(n, n.tagName.toLowerCase()); cur = null; }
          else walk(n, tag);
        }
      }
    }
    walk(root, "p");
    return list.map(function (b) { return { tag: b.tag, text: b.text.replace(/\s+/g, " ").trim() }; })
      .filter(function (b) { return b.text !== ""; });
  }

  // diff returns the edit script between two arrays of strings as
  // [op, item] pairs, op being "=", "-" or "+" (Myers' O(ND) algorithm), or
  // null when the arrays differ too much to compare quickly.
  function diff(a, b, limit) {
    var n = a.length, m = b.length, max = n + m, v = { 1: 0 }, trace = [];
    for (var d = 0; d <= max; d++) {
      if (d > limit) return null;
      var snap = {};
      for (var k = -d; k <= d; k += 2) {
        var x = (k === -d || (k !== d && v[k - 1] < v[k + 1])) ? v[k + 1] : v[k - 1] + 1;
        var y = x - k;
        while (x < n && y < m && a[x] === b[y]) { x++; y++; }
        v[k] = x; snap[k] = x;
        if (x >= n && y >= m) {
          trace.push(snap);
          return backtrack(trace, a, b);
        }
      }
      trace.push(snap);
    }
    return null;
  }

  function backtrack(trace, a, b) {
    var x = a.length, y = b.length, ops = [];
    for (var d = trace.length - 1; d >= 0; d--) {
      var k = x - y, prev = d > 0 ? trace[d - 1] : { 1: 0 };
      var pk = (k === -d || (k !== d && prev[k - 1] < prev[k + 1])) ? k + 1 : k - 1;
      var px = d > 0 ? prev[pk] : 0, py = px - pk;
      while (x > px && y > py) { x--; y--; ops.push(["=", b[y]]); }
      if (d > 0) {
        if (x === px) { y--; ops.push(["+", b[y]]); } else { x--; ops.push(["-", a[x]]); }
      }
    }
    return ops.reverse();
  }

  function tokens(s) { return s.match(tokenRE) || []; }

  // compare matches whole blocks first, then diffs the words of the
  // stretches that changed, as the site's own diff pages do.
  function compare(older, newer) {
    var key = function (bl) { return bl.tag + "\u0000" + bl.text; };
    var ops = diff(older.map(key), newer.map(key), 4000) || [];
    var lines = [], dels = [], inss = [], oi = 0, ni = 0;
    function flush() {
      if (!dels.length && !inss.length) return;
      var a = [], b = [];
      dels.forEach(function (bl) { a.push("\u0000" + bl.tag); a.push.apply(a, tokens(bl.text)); });
      inss.forEach(function (bl) { b.push("\u0000" + bl.tag); b.push.apply(b, tokens(bl.text)); });
      var words = diff(a, b, 3000);
      if (!words) {
        words = a.map(function (t) { return ["-", t]; }).concat(b.map(function (t) { return ["+", t]; }));
      }
      var line = null;
      words.forEach(function (w) {
        if (w[1].charAt(0) === "\u0000") { line = { tag: w[1].slice(1), runs: [] }; lines.push(line); return; }
        line.runs.push(w);
      });
      dels = []; inss = [];
    }
    ops.forEach(function (op) {
      if (op[0] === "=") { flush(); lines.push({ tag: newer[ni].tag, runs: [["=", newer[ni].text]] }); oi++; ni++; }
      else if (op[0] === "-") { dels.push(older[oi++]); }
      else { inss.push(newer[ni++]); }
    });
    flush();
    return lines;
  }

  function show(a, b, lines) {
    out.hidden = false;
    out.textContent = "";
    var h = document.createElement("h2");
    h.textContent = form.dataset.heading.replace("%s", a.textContent).replace("%s", b.textContent);
    out.appendChild(h);
    var body = document.createElement("div");
    body.className = "diff-body";
    body.setAttribute("data-diff-body", "");
    var level = 2;
    lines.forEach(function (line) {
      var el;
      if (/^h[1-6]$/.test(line.tag)) {
        level = Math.min(Math.max(+line.tag.charAt(1), 3), level + 1);
        el = document.createElement("h" + level);
      } else {
        el = document.createElement("p");
        el.className = "d-" + line.tag;
      }
      var run = null, runOp = "=";
      line.runs.forEach(function (r) {
        if (r[0] === "=") { el.appendChild(document.createTextNode(r[1])); run = null; runOp = "="; return; }
        if (!run || runOp !== r[0]) {
          run = document.createElement(r[0] === "+" ? "ins" : "del");
          runOp = r[0];
          el.appendChild(run);
        }
        run.appendChild(document.createTextNode(r[1]));
      });
      body.appendChild(el);
    });
    out.appendChild(body);
    h.tabIndex = -1;
    h.focus();
  }
})();
