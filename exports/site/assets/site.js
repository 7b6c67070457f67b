/* KJUS Graph site: search over labels, the source reader and the neighbourhood view.
   Data is written into the page with textContent only, never as HTML. */
"use strict";
(function () {
  const root = document.body.dataset.root || "";
  const $ = (id) => document.getElementById(id);
  const site = { ready: false, network: null };
  window.kjusSite = site;

  // --- search over every label (English, Korean, Japanese, other names) -------------------
  const box = $("search"), hits = $("hits");
  let entries = null, loading = false, waiting = [];
  const norm = (s) => (s || "").normalize("NFKC").toLowerCase();

  function prepare() {
    entries = (window.KJUS_SEARCH || []).map((e) => ({ e: e, keys: [e[1], e[2], e[3], e[4]].map(norm) }));
  }
  function load(then) {
    if (entries) { then(); return; }
    if (window.KJUS_SEARCH) { prepare(); then(); return; }
    waiting.push(then);
    if (loading) return;
    loading = true;
    const script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    script.onload = () => { prepare(); const todo = waiting; waiting = []; todo.forEach((f) => f()); };
    document.head.appendChild(script);
  }
  function show() {
    const q = norm(box.value.trim());
    hits.replaceChildren();
    if (!q) return;
    const found = [];
    for (const item of entries) {
      let best = -1;
      item.keys.forEach((k) => { if (k.startsWith(q)) best = Math.max(best, 2); else if (k.includes(q)) best = Math.max(best, 1); });
      if (best > 0) found.push([best, item.e]);
    }
    found.sort((a, b) => b[0] - a[0] || (a[1][1] || "").length - (b[1][1] || "").length);
    if (!found.length) {
      const miss = document.createElement("div");
      miss.className = "miss";
      miss.textContent = "no match · 결과 없음";
      hits.appendChild(miss);
      return;
    }
    for (const [, e] of found.slice(0, 20)) {
      const a = document.createElement("a");
      a.className = "hit";
      a.href = root + e[0];
      const name = document.createElement("span");
      name.textContent = e[1] || e[2] || e[3];
      a.appendChild(name);
      const others = [e[2], e[3]].filter((x) => x && x !== name.textContent).join(" · ");
      if (others) {
        const o = document.createElement("span");
        o.className = "ko";
        o.textContent = " " + others;
        a.appendChild(o);
      }
      const t = document.createElement("span");
      t.className = "type";
      t.textContent = " " + e[5];
      a.appendChild(t);
      hits.appendChild(a);
    }
  }
  if (box) {
    box.addEventListener("input", () => load(show));
    box.addEventListener("focus", () => load(() => {}));
    box.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { const first = hits.querySelector("a.hit"); if (first) first.click(); }
      if (e.key === "Escape") { box.value = ""; hits.replaceChildren(); }
    });
  }

  // --- the source reader: quoted spans and the statements they support ---------------------
  const text = $("text"), pop = $("popover");
  function cardsOf(span) {
    return (span.dataset.st || "").split(" ").filter(Boolean).map((id) => document.getElementById(id)).filter(Boolean);
  }
  function segmentsOf(evidenceId) {
    return Array.from(document.querySelectorAll("a.ev")).filter((a) => (a.dataset.ev || "").split(" ").includes(evidenceId));
  }
  function select(span) {
    document.querySelectorAll(".statement.active").forEach((c) => c.classList.remove("active"));
    document.querySelectorAll("a.ev.active").forEach((a) => a.classList.remove("active"));
    for (const card of cardsOf(span)) card.classList.add("active");
    for (const id of (span.dataset.ev || "").split(" ")) segmentsOf(id).forEach((a) => a.classList.add("active"));
  }
  function showPopover(span) {
    pop.replaceChildren();
    const head = document.createElement("div");
    head.className = "pop-head";
    head.textContent = "supports · 근거가 되는 진술";
    pop.appendChild(head);
    for (const card of cardsOf(span)) {
      const link = document.createElement("a");
      link.href = "#" + card.id;
      link.className = "pop-st";
      const badge = card.querySelector(".badge");
      const label = card.querySelector(".st-label");
      link.textContent = (badge ? badge.textContent + ": " : "") + (label ? label.textContent : card.id);
      pop.appendChild(link);
    }
    const r = span.getBoundingClientRect(), box = text.getBoundingClientRect();
    pop.style.left = Math.max(0, r.left - box.left) + "px";
    pop.style.top = (r.bottom - box.top + 4) + "px";
    pop.hidden = false;
  }
  let hideTimer = null;
  if (text && pop) {
    text.querySelectorAll("a.ev").forEach((a) => { a.dataset.title = a.title; a.removeAttribute("title"); });
    text.addEventListener("mouseover", (e) => {
      const span = e.target.closest("a.ev");
      if (!span) return;
      clearTimeout(hideTimer);
      showPopover(span);
    });
    text.addEventListener("mouseout", (e) => {
      if (e.target.closest("a.ev")) hideTimer = setTimeout(() => { pop.hidden = true; }, 600);
    });
    pop.addEventListener("mouseover", () => clearTimeout(hideTimer));
    pop.addEventListener("mouseleave", () => { hideTimer = setTimeout(() => { pop.hidden = true; }, 300); });
    text.addEventListener("click", (e) => {
      const span = e.target.closest("a.ev");
      if (span) select(span);
    });
  }
  function fromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    if (id.startsWith("q-")) {
      const segments = segmentsOf(id);
      if (segments.length) { select(segments[0]); segments[0].scrollIntoView({ block: "center" }); }
    } else if (id.startsWith("s-")) {
      const card = document.getElementById(id);
      if (card) {
        document.querySelectorAll(".statement.active").forEach((c) => c.classList.remove("active"));
        card.classList.add("active");
      }
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  // --- the neighbourhood view of an entity ---------------------------------------------------
  const data = $("nbhd-data"), holder = $("nbhd");
  if (data && holder && window.vis) {
    const d = JSON.parse(data.textContent);
    const byId = new Map(d.nodes.map((n) => [n.id, n]));
    const tip = (s) => { const el = document.createElement("div"); el.textContent = s; return el; };
    const face = getComputedStyle(document.body).fontFamily;
    const nodes = new vis.DataSet(d.nodes.map((n) => ({
      id: n.id, label: n.label, title: tip(n.title), shape: n.shape, color: n.color,
      size: n.center ? 20 : 11, borderWidth: n.center ? 3 : 1,
      font: { size: n.center ? 16 : 13, strokeWidth: 3, face: face },
    })));
    const edges = new vis.DataSet(d.edges.map((e, i) => ({
      id: "e" + i, from: e.from, to: e.to, label: e.label, dashes: e.dashes, arrows: "to",
      font: { size: 10, color: "#4b5563", strokeWidth: 3, align: "middle", face: face }, color: { color: "#8a94a3" },
    })));
    const network = new vis.Network(holder, { nodes: nodes, edges: edges }, {
      layout: { randomSeed: 42 },
      physics: { solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -60, springLength: 120 },
                 stabilization: { iterations: 200 } },
      interaction: { hover: true, tooltipDelay: 150, keyboard: false },
    });
    network.once("stabilizationIterationsDone", () => { network.setOptions({ physics: false }); site.stable = true; });
    network.on("click", (p) => {
      const n = p.nodes.length ? byId.get(p.nodes[0]) : null;
      if (n && n.href && !n.center) window.location.href = n.href;
    });
    if (d.total > d.shown) {
      const note = document.createElement("p");
      note.className = "more";
      note.textContent = "showing " + d.shown + " of " + d.total + " linked entities (most relations first)";
      holder.after(note);
    }
    site.network = network;
  }

  // --- the offline SPARQL page: show the query passed in the link ------------------------------
  const sparql = $("sparql-text");
  if (sparql) sparql.value = new URLSearchParams(location.search).get("query") || "";

  site.ready = true;
})();
