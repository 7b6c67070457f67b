/* KJUS Graph view: builds the vis-network from the JSON data block.
 * Data never reaches innerHTML: every text goes through textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kjus-data").textContent);
  var T = data.strings;
  var LANGS = ["en", "ko", "ja"];
  var TIP_QUOTES = 3;  /* quotes in a tooltip; the side panel shows them all */
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function pick(k, lang) {
    return k[lang] || k.en || k.ko || k.ja || k.curie;
  }
  function row(box, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    var r = el("div", "kv");
    r.appendChild(el("span", "k", key));
    r.appendChild(el("span", "v", value));
    box.appendChild(r);
  }
  function evidence(box, list, limit) {
    list = list || [];
    list.slice(0, limit || list.length).forEach(function (ev) {
      var q = el("blockquote", "quote");
      q.lang = "ko";
      q.appendChild(el("span", "qt", ev.quote));
      var where = ev.source + " [" + ev.start + ":" + ev.end + "]";
      q.appendChild(el("cite", null, where));
      box.appendChild(q);
    });
    if (limit && list.length > limit) {
      box.appendChild(el("div", "more", T.more.replace("{n}", list.length - limit)));
    }
  }
  function nodeCard(n, limit) {
    var k = n.k, box = el("div", "card");
    box.appendChild(el("div", "title", k.en || k.ko || k.ja || k.curie));
    if (k.ko) { var ko = el("div", "sub", k.ko); ko.lang = "ko"; box.appendChild(ko); }
    if (k.ja) { var ja = el("div", "sub", k.ja); ja.lang = "ja"; box.appendChild(ja); }
    row(box, T.type, k.category && k.type !== k.category ? k.type + " (" + k.category + ")" : k.type);
    row(box, T.k_country, k.country);
    row(box, T.k_status, k.status);
    row(box, T.date, k.date);
    row(box, T.reported, k.reported);
    row(box, T.sources, k.sources);
    Object.keys(k.facts || {}).forEach(function (f) { row(box, f, k.facts[f]); });
    row(box, T.id, k.curie);
    evidence(box, k.evidence, limit);
    return box;
  }
  function edgeCard(e, limit) {
    var k = e.k, box = el("div", "card");
    var a = byId.get(e.from), b = byId.get(e.to);
    box.appendChild(el("div", "title", k.en || k.ko || T.link));
    if (k.ko) { var ko = el("div", "sub", k.ko); ko.lang = "ko"; box.appendChild(ko); }
    row(box, T.from, a ? pick(a.k, "en") : e.from);
    row(box, T.to, b ? pick(b.k, "en") : e.to);
    row(box, T.k_status, k.status);
    row(box, T.date, k.date);
    row(box, T.reported, k.reported);
    row(box, T.sources, k.sources);
    row(box, T.weight, k.weight);
    if (k.via && k.via.length) { row(box, T.via, k.via.join("; ")); }
    row(box, T.predicate, k.predicate);
    evidence(box, k.evidence, limit);
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = Object.assign({}, n);
    item.title = nodeCard(n, TIP_QUOTES);
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = Object.assign({}, e);
    item.title = edgeCard(e, TIP_QUOTES);
    return item;
  }));

  /* ---- filters --------------------------------------------------------- */
  var active = {};
  var visible = new Set();
  function passes(k) {
    return ["country", "category", "status"].every(function (f) {
      return active[f].has(k[f] || "");
    });
  }
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return visible.has(n.id); } });
  var edgesView = new vis.DataView(edges, {
    filter: function (e) {
      return visible.has(e.from) && visible.has(e.to) &&
        active.status.has(e.k.status || "");
    }
  });
  var counts = document.getElementById("counts");
  function applyFilters() {
    visible = new Set();
    data.nodes.forEach(function (n) { if (passes(n.k)) { visible.add(n.id); } });
    nodesView.refresh();
    edgesView.refresh();
    counts.textContent = T.visible.replace("{n}", nodesView.length).replace("{m}", edgesView.length);
  }
  data.filters.forEach(function (f) {
    active[f.field] = new Set(f.values.map(function (v) { return v.value; }));
    var box = document.getElementById("filter-" + f.field);
    f.values.forEach(function (v) {
      var lab = el("label", "chk");
      var cb = el("input");
      cb.type = "checkbox";
      cb.checked = true;
      cb.value = v.value;
      cb.addEventListener("change", function () {
        if (cb.checked) { active[f.field].add(v.value); } else { active[f.field].delete(v.value); }
        applyFilters();
      });
      lab.appendChild(cb);
      if (v.swatch) {
        var sw = el("span", "swatch", v.glyph || "\u25CF");
        sw.style.color = v.swatch;
        lab.appendChild(sw);
      }
      lab.appendChild(el("span", null, (v.label || T.none) + " (" + v.count + ")"));
      box.appendChild(lab);
    });
  });

  /* ---- legend ---------------------------------------------------------- */
  var legend = document.getElementById("legend");
  data.legend.forEach(function (group) {
    legend.appendChild(el("div", "lhead", group.title));
    group.items.forEach(function (it) {
      var r = el("div", "litem");
      var sw = el("span", "swatch", it.glyph);
      sw.style.color = it.color;
      r.appendChild(sw);
      r.appendChild(el("span", null, it.label));
      legend.appendChild(r);
    });
  });

  /* ---- network --------------------------------------------------------- */
  applyFilters();
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, data.options);
  var info = document.getElementById("info");
  function show(card) {
    info.replaceChildren(card);
  }
  function showNode(id) {
    var n = byId.get(id);
    if (n) { show(nodeCard(n)); }
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showNode(p.nodes[0]); }
    else if (p.edges.length) { show(edgeCard(edges.get(p.edges[0]))); }
  });
  network.on("hoverNode", function (p) { showNode(p.node); });
  network.on("hoverEdge", function (p) { show(edgeCard(edges.get(p.edge))); });
  var state = { drawn: false, stable: !data.options.physics.enabled || !data.nodes.length,
                physics: data.options.physics.enabled };
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    state.stable = true;
  });
  network.on("afterDrawing", function () { state.drawn = true; });

  /* ---- language -------------------------------------------------------- */
  function setLang(lang) {
    if (LANGS.indexOf(lang) < 0) { lang = "en"; }
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: pick(n.k, lang) }; }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, label: (lang === "ko" ? e.k.ko || e.k.en : e.k.en || e.k.ko) || undefined };
    }));
    document.documentElement.lang = lang;
  }
  var langSel = document.getElementById("lang");
  langSel.value = data.lang;
  langSel.addEventListener("change", function () { setLang(langSel.value); });

  /* ---- search ---------------------------------------------------------- */
  function norm(s) { return String(s || "").normalize("NFC").toLocaleLowerCase(); }
  var haystack = data.nodes.map(function (n) {
    return [n.id, [n.k.en, n.k.ko, n.k.ja, n.k.curie].map(norm).join("\n")];
  });
  function search(q) {
    q = norm(q).trim();
    if (!q) { return []; }
    return haystack.filter(function (h) { return h[1].indexOf(q) >= 0; })
      .map(function (h) { return h[0]; });
  }
  function focusNode(id) {
    if (visible.has(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: 1.2, animation: false });
    }
    showNode(id);
  }
  var box = document.getElementById("search");
  var results = document.getElementById("results");
  function runSearch() {
    var hits = search(box.value);
    var items = hits.slice(0, 20).map(function (id) {
      var b = el("button", "hit", pick(byId.get(id).k, langSel.value));
      b.type = "button";
      b.addEventListener("click", function () { focusNode(id); });
      return b;
    });
    if (box.value.trim() && !hits.length) { items = [el("div", "miss", T.nomatch)]; }
    results.replaceChildren.apply(results, items);
    return hits;
  }
  box.addEventListener("input", runSearch);
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var hits = runSearch();
      if (hits.length) { focusNode(hits[0]); }
    }
  });

  window.kjus = {
    network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    search: search, focusNode: focusNode, setLang: setLang, applyFilters: applyFilters, state: state
  };
})();
