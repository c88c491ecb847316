// policysite notice widget for a company's main website.
//
// Put these two lines where the banner should appear:
//   <div data-policysite-notice></div>
//   <script src="https://www.example.no/personvern/notice.js" defer></script>
// Optionally limit it to one document with data-document="personvern", or
// choose the language with data-lang="en" (default: the page's lang).
//
// The notices are written into this file by each daily build, so it makes
// no further request. It sets no cookies and sends nothing anywhere; when a
// visitor closes a notice, that choice is kept in this browser's
// localStorage so the same notice is not shown again.
(function () {
  "use strict";
  var data = /*@NOTICES@*/null;
  if (!data || !data.notices || !document.querySelector) return;

  function start() {
    var slots = document.querySelectorAll("[data-policysite-notice]");
    if (!slots.length) {
      var top = document.createElement("div");
      top.setAttribute("data-policysite-notice", "");
      document.body.insertBefore(top, document.body.firstChild);
      slots = [top];
    }
    for (var i = 0; i < slots.length; i++) fill(slots[i]);
  }

  function dismissed(id) {
    try { return window.localStorage.getItem("policysite-notice:" + id) === "closed"; } catch (e) { return false; }
  }

  function dismiss(id) {
    try { window.localStorage.setItem("policysite-notice:" + id, "closed"); } catch (e) { /* private mode */ }
  }

  function fill(slot) {
    var lang = slot.getAttribute("data-lang") || (document.documentElement.lang || "").slice(0, 2).toLowerCase();
    var doc = slot.getAttribute("data-document");
    var chosen = data.notices.filter(function (n) {
      return (!doc || n.document === doc) && !dismissed(n.id);
    });
    var inLang = chosen.filter(function (n) { return n.language === lang; });
    if (!inLang.length) inLang = chosen.filter(function (n) { return n.language === data.language; });
    inLang.forEach(function (n) { slot.appendChild(banner(n)); });
  }

  function banner(n) {
    var box = document.createElement("div");
    box.className = "policysite-notice policysite-notice-" + n.kind;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", n.label);
    box.setAttribute("lang", n.language);
    var s = box.style;
    s.border = "2px solid #8a5a00"; s.borderLeftWidth = "8px"; s.background = "#fff4d6"; s.color = "#1b1b1b";
    s.padding = "0.75rem 1rem"; s.margin = "0.5rem 0"; s.display = "flex"; s.flexWrap = "wrap";
    s.gap = "0.5rem 1rem"; s.alignItems = "baseline"; s.fontFamily = "inherit"; s.lineHeight = "1.5";

    var text = document.createElement("p");
    text.style.margin = "0"; text.style.flex = "1 1 20rem";
    var strong = document.createElement("strong");
    var at = n.title_language ? n.message.indexOf(n.title) : -1;
    if (at >= 0) {
      // The document has no page in the language: its title is the
      // original's, in the original's language.
      var title = document.createElement("span");
      title.setAttribute("lang", n.title_language);
      title.textContent = n.title;
      strong.appendChild(document.createTextNode(n.message.slice(0, at)));
      strong.appendChild(title);
      strong.appendChild(document.createTextNode(n.message.slice(at + n.title.length)));
    } else {
      strong.textContent = n.message;
    }
    text.appendChild(strong);
    if (n.summary_language) {
      // Not translated yet: the original's summary, in its language.
      text.appendChild(document.createTextNode(" " + n.summary_note + " "));
      var q = document.createElement("q");
      q.setAttribute("lang", n.summary_language);
      q.textContent = n.summary;
      text.appendChild(q);
      text.appendChild(document.createTextNode(" "));
    } else {
      text.appendChild(document.createTextNode(" " + n.summary + " "));
    }
    var link = document.createElement("a");
    link.href = n.diff_url;
    if (n.summary_language) link.setAttribute("hreflang", n.summary_language);
    link.textContent = n.link_text;
    link.style.color = "#0b57a4";
    text.appendChild(link);
    box.appendChild(text);

    var close = document.createElement("button");
    close.type = "button";
    close.textContent = n.close_text;
    close.setAttribute("aria-label", n.close_text + ": " + n.message);
    close.style.font = "inherit"; close.style.padding = "0.2rem 0.6rem"; close.style.cursor = "pointer";
    close.addEventListener("click", function () {
      dismiss(n.id);
      box.parentNode.removeChild(box);
    });
    box.appendChild(close);
    return box;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
