/* The site's search: no server, no network, works from file:// as from any static host.
   The index (search-index.js, written by `ctt site`) is a script that assigns one global; it
   is loaded with a <script> element the first time the search box is used (fetch() is
   blocked on file://). Report text is put into the page as text, never as markup. */
(function () {
  "use strict";
  var KIND_LABEL = { report: "Report", economy: "Economy", section: "Section", item: "Item", doc: "Documentation" };
  var KIND_WEIGHT = { report: 40, economy: 40, section: 30, doc: 30, item: 10 };
  var DROPDOWN_RESULTS = 8;
  var PLACES_SHOWN = 3;
  var state = { loading: false, ready: false, entries: null, waiting: [] };

  function normalise(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function wordsOf(text) {
    return normalise(text).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }
  function unspaced(term) { return /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(term); }

  function load(input, then) {
    if (state.ready) { then(); return; }
    state.waiting.push(then);
    if (state.loading) { return; }
    state.loading = true;
    var script = document.createElement("script");
    script.src = input.getAttribute("data-index");
    script.onload = function () {
      var index = window.CTT_SEARCH_INDEX || { pages: [], places: [], entries: [] };
      state.index = index;
      state.entries = index.entries.map(function (e) {
        var norm = normalise(e[1]);
        return { kind: e[0], text: e[1], where: e[2], spaced: " " + norm.replace(/[^\p{L}\p{N}]+/gu, " ") + " ", norm: norm };
      });
      state.ready = true;
      state.waiting.splice(0).forEach(function (f) { f(); });
    };
    script.onerror = function () { state.loading = false; };
    document.head.appendChild(script);
  }

  function search(query) {
    var terms = wordsOf(query);
    if (!terms.length || !state.ready) { return { terms: terms, hits: [] }; }
    var hits = [];
    state.entries.forEach(function (entry) {
      var score = KIND_WEIGHT[entry.kind] || 0;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i];
        if (unspaced(t)) {
          if (entry.norm.indexOf(t) < 0) { return; }
        } else if (entry.spaced.indexOf(" " + t) < 0) {
          return;
        } else if (entry.spaced.indexOf(" " + t + " ") >= 0) {
          score += 5;
        }
      }
      hits.push({ entry: entry, score: score - Math.min(entry.text.length, 400) / 100 });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return { terms: terms, hits: hits };
  }

  function snippet(text, terms) {
    if (text.length <= 220) { return text; }
    var norm = normalise(text);
    var at = norm.indexOf(terms[0]);
    var start = Math.max(0, at - 80);
    return (start > 0 ? "… " : "") + text.slice(start, start + 200) + (start + 200 < text.length ? " …" : "");
  }

  function marked(text, terms) {
    /* The text as nodes, each term found (ignoring case and accents) in a <mark>. */
    var fragment = document.createDocumentFragment();
    var norm = normalise(text);
    if (norm.length !== text.length) { fragment.appendChild(document.createTextNode(text)); return fragment; }
    var spans = [];
    terms.forEach(function (t) {
      var at = norm.indexOf(t);
      while (at >= 0) { spans.push([at, at + t.length]); at = norm.indexOf(t, at + t.length); }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var done = 0;
    spans.forEach(function (s) {
      if (s[0] < done) { return; }
      fragment.appendChild(document.createTextNode(text.slice(done, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      fragment.appendChild(mark);
      done = s[1];
    });
    fragment.appendChild(document.createTextNode(text.slice(done)));
    return fragment;
  }

  function placeLink(root, pair) {
    var page = state.index.pages[pair[0]];
    var place = pair[1] >= 0 ? state.index.places[pair[1]] : null;
    var link = document.createElement("a");
    link.href = root + page[0] + (place ? "#" + place[0] : "");
    link.textContent = page[1] + (place && place[1] !== page[1] ? " · " + place[1] : "");
    return link;
  }

  function resultItem(root, hit, terms, places) {
    var entry = hit.entry;
    var li = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = KIND_LABEL[entry.kind] || entry.kind;
    li.appendChild(kind);
    var pairs = [];
    for (var i = 0; i + 1 < entry.where.length; i += 2) { pairs.push([entry.where[i], entry.where[i + 1]]); }
    var first = placeLink(root, pairs[0]);
    first.textContent = "";
    first.className = "result-text";
    first.appendChild(marked(snippet(entry.text, terms), terms));
    li.appendChild(first);
    var where = document.createElement("span");
    where.className = "result-where";
    pairs.slice(0, places).forEach(function (pair, n) {
      if (n) { where.appendChild(document.createTextNode("; ")); }
      where.appendChild(placeLink(root, pair));
    });
    if (pairs.length > places) {
      where.appendChild(document.createTextNode("; and " + (pairs.length - places) + " more"));
    }
    li.appendChild(where);
    return li;
  }

  function countLine(found, query) {
    var n = found.hits.length;
    if (!found.terms.length) { return "Type a word to search."; }
    return n === 0 ? "Nothing found for “" + query + "”." : n + (n === 1 ? " result" : " results") + " for “" + query + "”.";
  }

  function showDropdown(input, box, searchHref) {
    var query = input.value.trim();
    box.textContent = "";
    if (!query) { box.hidden = true; return; }
    var found = search(query);
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.textContent = state.ready ? countLine(found, query) : "Loading the search index…";
    box.appendChild(status);
    var root = input.getAttribute("data-root") || "";
    if (found.hits.length) {
      var list = document.createElement("ol");
      found.hits.slice(0, DROPDOWN_RESULTS).forEach(function (hit) {
        list.appendChild(resultItem(root, hit, found.terms, PLACES_SHOWN));
      });
      box.appendChild(list);
      if (found.hits.length > DROPDOWN_RESULTS) {
        var more = document.createElement("p");
        var all = document.createElement("a");
        all.href = searchHref + "?q=" + encodeURIComponent(query);
        all.textContent = "All " + found.hits.length + " results";
        more.appendChild(all);
        box.appendChild(more);
      }
    }
    box.hidden = false;
  }

  function showPage(input, list, status) {
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    if (!query.trim()) { return; }
    status.textContent = "Loading the search index…";
    load(input, function () {
      var found = search(query);
      status.textContent = countLine(found, query.trim());
      var root = input.getAttribute("data-root") || "";
      found.hits.slice(0, 500).forEach(function (hit) { list.appendChild(resultItem(root, hit, found.terms, 50)); });
    });
  }

  function start() {
    var input = document.getElementById("site-search");
    var box = document.getElementById("site-search-results");
    if (!input || !box) { return; }
    var form = input.form;
    var searchHref = form.getAttribute("action");
    var timer = null;
    function update() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var show = function () { showDropdown(input, box, searchHref); };
        if (!state.ready) { show(); }  /* "Loading the search index…" until it is there */
        load(input, show);
      }, 80);
    }
    input.addEventListener("focus", function () { load(input, function () {}); });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { box.hidden = true; }
      if (event.key === "ArrowDown") {
        var first = box.querySelector("a");
        if (first && !box.hidden) { event.preventDefault(); first.focus(); }
      }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { box.hidden = true; input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { box.hidden = true; }
    });
    var list = document.getElementById("search-page-results");
    var status = document.getElementById("search-status");
    if (list && status) { showPage(input, list, status); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
