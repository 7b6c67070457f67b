"""Interactive HTML views: one self-contained file per view, opened offline.

A view is a single HTML file: vis-network (read from the installed pyvis package),
the page script and the data are inlined; nothing is fetched from the network and
nothing is written next to the file (pyvis's ``lib/`` folder never appears).
pyvis supplies the vis-network options; the node and edge JSON is built here in
one linear pass, because ``Network.from_nx`` is quadratic.

All data reaches the page as JSON in a ``<script type="application/json">``
block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script
writes it into the DOM with ``textContent`` only: a label such as
``<img src=x onerror=alert(1)>`` is shown as text.

What a view shows
-----------------
* Colour by ``country`` (palette of :mod:`graph.render.palette`), ``type``,
  ``community`` or ``status`` (:data:`STATUS_COLORS`); shape by category
  (:data:`CATEGORY_SHAPES`, dashed border for the second group of categories);
  size by ``degree``, ``pagerank`` or ``betweenness``.
* Edges with a status other than occurred or agreed are dashed; two relations
  between the same two nodes are two curved edges with their own labels.
* Hover or click: labels in English, Korean and Japanese, type, country,
  status, date, facts and the Korean evidence quotes with source and offsets.
* Search by any label (NFC, case-insensitive), filters by country, category and
  status, a language switch (en, ko, ja; missing labels fall back to English).

Scale
-----
Above ``max_nodes`` nodes (default 300) the view keeps the top-ranked nodes —
PageRank (α = 0.85) descending, then degree descending, then IRI — and the page
says how many nodes and edges were left out, by category.  Above
:data:`PHYSICS_MAX_NODES` nodes shown, the browser does no layout: positions come
from :func:`graph.layout.layout` (seed 42) and physics is off.  Output is
byte-identical for the same input.
"""
from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from operator import itemgetter
from pathlib import Path

import networkx as nx

from ..errors import ExportError, KGError, QueryError
from ..files import write_atomic
from ..vocab import KJ, curie
from .palette import COUNTRY_COLORS, NO_COUNTRY_COLOR, OTHER_COUNTRY_COLOR, country_color

__all__ = [
    "render_html", "write_html", "write_views", "focus_graph", "query_graph",
    "COLOR_BY", "SIZE_BY", "LANGS", "STATUS_COLORS", "CATEGORY_SHAPES", "PHYSICS_MAX_NODES",
    "MAX_NODES", "VIEWS",
]

#: Node attributes a view can be coloured by.
COLOR_BY = ("country", "type", "community", "status")
#: Node metrics a view can be sized by.
SIZE_BY = ("degree", "pagerank", "betweenness")
#: Label languages.
LANGS = ("en", "ko", "ja")
#: Default number of nodes shown.
MAX_NODES = 300
#: Largest view laid out by the browser; larger ones get precomputed positions.
PHYSICS_MAX_NODES = 1000
#: Seed of the precomputed layout and of vis-network's initial positions.
SEED = 42

#: Colour of each statement status (``kjs:`` local name; ``""`` = none).
STATUS_COLORS: dict[str, str] = {
    "occurred": "#0072B2", "agreed": "#009E73", "planned": "#56B4E9", "forecast": "#E69F00",
    "expected": "#F0E442", "concern": "#D55E00", "assessment": "#CC79A7", "cancelled": "#882255",
    "delayed": "#999933", "": NO_COUNTRY_COLOR,
}
#: Colours given in turn to types and communities (sorted values).
CYCLE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442",
         "#882255", "#44AA99", "#999933", "#AA4499", "#332288")
#: Category → (vis-network shape, dashed border).
CATEGORY_SHAPES: dict[str, tuple[str, bool]] = {
    "Actor": ("dot", False), "Council": ("star", False), "Place": ("triangle", False),
    "Event": ("diamond", False), "Agreement": ("square", False), "Program": ("hexagon", False),
    "Policy": ("triangleDown", False), "Report": ("square", True), "Product": ("diamond", True),
    "Indicator": ("triangle", True), "Statement": ("star", True), "Concept": ("hexagon", True),
    "Source": ("triangleDown", True), "Other": ("dot", True),
}
_GLYPHS = {"dot": "●○", "star": "★☆", "triangle": "▲△", "diamond": "◆◇", "square": "■□",
           "hexagon": "⬢⬡", "triangleDown": "▼▽"}
_SOLID_STATUSES = ("", "occurred", "agreed")
_EDGE_COLOR = "#8a94a3"
_FONT = ("NanumGothic, 'Noto Sans CJK KR', 'Malgun Gothic', 'Apple SD Gothic Neo', 'Noto Sans CJK JP', "
         "'Hiragino Sans', 'Yu Gothic', Meiryo, IPAPGothic, 'DejaVu Sans', sans-serif")
_TEMPLATES = Path(__file__).parent / "templates"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}

#: Curated views: file stem → page title.
VIEWS: dict[str, str] = {
    "actors": "Actor network · 행위자 네트워크",
    "events": "Events and agreements · 사건과 합의",
    "kosa-japan-council": "KOSA Japan expansion council · KOSA 일본 진출 협의회",
    "korea-us": "Korea–US track · 한미 협력",
}

_STRINGS = {
    "search": "Search · 검색", "search_hint": "label in any language · 이름 검색",
    "country": "Country · 국가", "category": "Category · 분류", "status": "Status · 상태",
    "details": "Details · 상세", "legend": "Legend · 범례", "language": "Labels · 언어",
    "hint": "Hover or click a node or an edge. · 노드나 관계를 클릭하세요.",
    "type": "type", "k_country": "country", "k_status": "status", "date": "date", "id": "id", "from": "from", "to": "to", "via": "via",
    "weight": "weight", "predicate": "relation", "link": "link", "none": "(none)",
    "sources": "sources · 출처 수", "reported": "first reported · 첫 보도",
    "more": "… {n} more quotes: click for all", "nomatch": "no match · 결과 없음", "visible": "{n} nodes, {m} edges shown",
}


def render_html(G: nx.Graph, *, lang: str = "en", color_by: str = "country", size_by: str = "pagerank",
                title: str = "KJUS Graph", max_nodes: int = MAX_NODES, names: Mapping[str, str] | None = None,
                positions: Mapping | None = None, pinned: Mapping | None = None) -> str:
    """Return a self-contained interactive HTML view of ``G``.

    Parameters
    ----------
    G : networkx graph following the projection contract (``docs/design.md``).
    lang : {"en", "ko", "ja"}
        Language of the node labels drawn (the page can switch; fallback English).
    color_by : {"country", "type", "community", "status"}
    size_by : {"degree", "pagerank", "betweenness"}
    title : page title and heading.
    max_nodes : int
        Most nodes shown; the rest are left out by rank and the page says so.
    names : mapping, optional
        IRI → label for the ``via`` contexts of projected edges (actor network).
    positions : mapping, optional
        node → ``(x, y)`` in ``[-1, 1]``, as returned by :func:`graph.layout.layout`; used
        (physics off) when more than :data:`PHYSICS_MAX_NODES` nodes are shown, and
        computed with seed 42 if not given.
    pinned : mapping, optional
        node → ``(x, y)`` in pixels of nodes held in place (the timeline of the events view).

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    KGError
        An unknown option value, or ``max_nodes`` below 1.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("https://w3id.org/kjus/id/lee", label="Lee Jae-myung", label_ko="이재명",
    ...            category="Actor", country="KR")
    >>> G.add_edge("https://w3id.org/kjus/id/lee", "https://w3id.org/kjus/id/korea",
    ...            key="https://w3id.org/kjus/ontology#country", label="country", label_ko="국가")
    'https://w3id.org/kjus/ontology#country'
    >>> page = render_html(G, lang="ko")
    >>> "이재명" in page, "https://cdn" in page, "<img" in render_html(nx.Graph([("<img>", "b")]))
    (True, False, False)
    >>> render_html(G, color_by="size")
    Traceback (most recent call last):
    ...
    graph.errors.KGError: unknown color_by 'size'; choose one of country, type, community, status
    """
    _check(lang, LANGS, "lang")
    _check(color_by, COLOR_BY, "color_by")
    _check(size_by, SIZE_BY, "size_by")
    if max_nodes < 1:
        raise KGError(f"max_nodes must be at least 1, not {max_nodes}")
    from ..runtime import gc_paused

    with gc_paused():   # tens of thousands of small dicts: no collections over a large graph meanwhile
        H, note = _reduce(G, max_nodes)
        metric = _metric(H, size_by)
        community = _communities(H) if color_by == "community" else {}
        physics = len(H) <= PHYSICS_MAX_NODES
        positions = {} if physics else _scaled(H, positions)
        evidence = _Evidence()
        nodes, colors = _nodes(H, lang, color_by, metric, community, positions, pinned or {}, evidence)
        payload = {
            "lang": lang,
            "nodes": nodes,
            "edges": _edges(H, lang, names or {}, evidence),
            "filters": _filters(H),
            "legend": _legend(H, color_by, colors),
            "options": _options(H, physics),
            "strings": _STRINGS,
        }
        data = _json_for_html(payload)
    return _template().render(
        lang=lang, title=title, note=note, strings=_STRINGS, data=data,
        vis_js=_asset("vis-network.min.js"), vis_css=_asset("vis-network.css"),
        view_js=_own("view.js"), view_css=_own("view.css"))


def write_html(G: nx.Graph, path: str | Path, **kw) -> Path:
    """Write :func:`render_html` of ``G`` to ``path`` atomically; return the path.

    Nothing else is written: no ``lib/`` folder, no temporary file left behind.

    Examples
    --------
    >>> import tempfile, os
    >>> out = write_html(nx.MultiDiGraph([("a", "b")]), os.path.join(tempfile.mkdtemp(), "v.html"))
    >>> sorted(os.listdir(out.parent))
    ['v.html']
    """
    return write_atomic(path, render_html(G, **kw))


def write_views(ds_or_graph, out_dir: str | Path, *, actors: nx.Graph | None = None, **kw) -> list[Path]:
    """Write the whole-graph view and the curated views; return the paths written.

    ``out_dir/kjus.html`` shows the whole graph; ``out_dir/views/`` holds one
    file per entry of :data:`VIEWS`: the actor network (the ``"actors"``
    projection), events and agreements with their participants and parties on
    a timeline (left to right by date, in three lanes), the councils convened
    by an organisation (KOSA's Japan expansion council) with their convener,
    members and launch, and the Korea–US track (nodes tied to both Korea and
    the US, with their Korean and US neighbours).  Nodes are chosen by their
    attributes (category, type, country, relations), not by name.

    Parameters
    ----------
    ds_or_graph : rdflib.Dataset or the ``"full"`` projection.
    out_dir : folder written to (created if missing).
    actors : networkx.Graph, optional
        ``project_graph(full, "actors")`` if already computed.
    **kw : passed to :func:`render_html` (``lang``, ``color_by``, ...).
    """
    from ..project import project_graph

    full = project_graph(ds_or_graph, "full")
    out = Path(out_dir)
    names = {n: a.get("label") or a.get("label_ko") or curie(n) for n, a in full.nodes(data=True)}
    written = [write_html(full, out / "kjus.html", title="KJUS Graph · 한일미 AI 협력", **kw)]
    events, timeline = _events_view(full)
    views = {
        "actors": (project_graph(full, "actors") if actors is None else actors, {"names": names}),
        "events": (events, {"pinned": timeline}),
        "kosa-japan-council": (_council_view(full), {}),
        "korea-us": (_korea_us_view(full), {}),
    }
    for stem, (H, extra) in views.items():
        written.append(write_html(H, out / "views" / f"{stem}.html", title=VIEWS[stem], **extra, **kw))
    return written


def focus_graph(G: nx.Graph, entity: str, depth: int = 1) -> nx.Graph:
    """The ego graph of ``entity`` (IRI, CURIE or any label) up to ``depth`` hops, both directions.

    Raises
    ------
    graph.errors.UnknownEntityError
        No node has that name, or several do (the message lists them).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("https://w3id.org/kjus/id/a", "https://w3id.org/kjus/id/b"),
    ...                      ("https://w3id.org/kjus/id/b", "https://w3id.org/kjus/id/c")])
    >>> G.nodes["https://w3id.org/kjus/id/a"]["label_ko"] = "에이"
    >>> sorted(curie(n) for n in focus_graph(G, "에이"))
    ['kjd:a', 'kjd:b']
    >>> len(focus_graph(G, "kjd:b", depth=1)), len(focus_graph(G, "kjd:a", depth=2))
    (3, 3)
    """
    from ..analyse.entities import resolve_entity

    if depth < 0:
        raise QueryError(f"depth must be 0 or more, not {depth}")
    node = resolve_entity(G, entity)
    return _induced(G, set(nx.ego_graph(G, node, radius=depth, undirected=True)))


def query_graph(store_or_ds, sparql: str, *, full: nx.Graph | None = None) -> nx.MultiDiGraph:
    """The graph of a SPARQL result: a CONSTRUCT, or a SELECT whose rows are edges.

    The query runs read-only through :func:`graph.query.run_query` (updates and
    ``SERVICE`` are refused).  A SELECT binds ``?s ?o`` or ``?source ?target``,
    and optionally ``?p`` (or ``?predicate``); without it a row stands for every
    relation between the two nodes.  Rows or triples with a literal end are
    skipped.  Nodes and edges take their labels, type, status and evidence from
    ``full`` (default: the full projection of ``store_or_ds`` when it is an
    rdflib Dataset).

    Parameters
    ----------
    store_or_ds : rdflib.Dataset or pyoxigraph.Store
    sparql : str
        The query; the project prefixes are predeclared.
    full : networkx.MultiDiGraph, optional
        The ``"full"`` projection to take attributes from.

    Raises
    ------
    QueryError
        The query does not parse, is refused, or is not a CONSTRUCT or an edge-shaped SELECT.

    Examples
    --------
    >>> from graph.query import load_store_from_string
    >>> store = load_store_from_string("<https://w3id.org/kjus/source/d/g> { kjd:a kj:member kjd:b . }")
    >>> Q = query_graph(store, "SELECT ?s ?p ?o WHERE { ?s kj:member ?o BIND(kj:member AS ?p) }")
    >>> [(curie(u), curie(v), Q.edges[u, v, k]["label"]) for u, v, k in Q.edges(keys=True)]
    [('kjd:a', 'kjd:b', 'member')]
    """
    from ..project import local_name, project_graph

    store = store_or_ds
    if not _is_oxigraph(store_or_ds):
        full = project_graph(store_or_ds, "full") if full is None else full
        store = _to_store(store_or_ds)
    full = full if full is not None else nx.MultiDiGraph()
    Q = nx.MultiDiGraph()
    for s, p, o in _edge_rows(store, sparql):
        for n in (s, o):
            Q.add_node(n, **(full.nodes[n] if n in full else {"label": local_name(n)}))
        known = full.get_edge_data(s, o) or {}
        if p is None:
            keys = sorted(known) or [""]
        else:
            keys = [p]
        for key in keys:
            Q.add_edge(s, o, key=key, **known.get(key, {"predicate": key, "label": local_name(key) if key else ""}))
    return Q


# --- building the page ------------------------------------------------------------

def _check(value, allowed, name):
    if value not in allowed:
        raise KGError(f"unknown {name} {value!r}; choose one of {', '.join(allowed)}")


def _reduce(G, max_nodes):
    """The graph shown (the top ``max_nodes`` nodes by rank) and the note about the rest."""
    if len(G) <= max_nodes:
        return G, ""
    rank = nx.pagerank(G)
    degree = dict(G.degree())
    order = sorted(G, key=lambda n: (-rank[n], -degree[n], str(n)))
    kept, left = order[:max_nodes], order[max_nodes:]
    keep = set(kept)
    edges_left = sum(1 for u, v in G.edges() if u not in keep or v not in keep)
    by_cat = Counter(G.nodes[n].get("category") or "Other" for n in left)
    detail = ", ".join(f"{c:,} {cat}" for cat, c in sorted(by_cat.items(), key=lambda x: (-x[1], x[0])))
    note = (f"showing {len(kept):,} of {len(G):,} nodes (top by PageRank, then degree); "
            f"left out: {len(left):,} nodes ({detail}) and {edges_left:,} edges")
    return _induced(G, keep), note


def _induced(G, keep: set):
    """The subgraph of ``G`` on ``keep`` as a new graph, nodes and edges in ``G``'s order.

    (``G.subgraph(keep).copy()`` lists a small subgraph in the order of the set
    ``keep``, which changes with the hash seed: edges of an undirected view would
    then be drawn from one end or the other from run to run.)
    """
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in keep)
    if G.is_multigraph():
        H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in keep and v in keep)
    else:
        H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in keep and v in keep)
    return H


def _metric(H, size_by):
    if size_by == "degree":
        return dict(H.degree())
    if size_by == "pagerank":
        return nx.pagerank(H) if len(H) else {}
    k = None if len(H) <= 500 else 200
    return nx.betweenness_centrality(nx.Graph(H), k=k, seed=SEED)


def _communities(H):
    """Louvain community number of each node, as in the analysis report."""
    from ..analyse.centrality import louvain
    from ..project import simple_graph

    return {n: i for i, members in enumerate(louvain(simple_graph(H), SEED)) for n in members}


def _scaled(H, positions):
    """Pixel positions of the nodes of ``H``: the given layout, else :func:`graph.layout.layout`."""
    if positions is None:
        from ..layout import layout

        positions = layout(H, seed=SEED)
    scale = 40 * math.sqrt(len(H))
    return {n: (round(float(positions[n][0]) * scale, 1), round(float(positions[n][1]) * scale, 1)) for n in H}


def _label(a, lang):
    return a.get(f"label_{lang}") or a.get("label") or a.get("label_en") or a.get("label_ko") or a.get("label_ja")


def _nodes(H, lang, color_by, metric, community, positions, pinned, evidence):
    """vis-network node items in IRI order, and the colour of each value shown."""
    values = {"country": lambda a, n: a.get("country") or "",
              "type": lambda a, n: a.get("type") or "",
              "status": lambda a, n: a.get("status") or "",
              "community": lambda a, n: community.get(n, "")}[color_by]
    keyed = {n: values(a, n) for n, a in H.nodes(data=True)}
    colors = _palette(color_by, keyed.values())
    items = []
    for n in sorted(H, key=str):
        a = H.nodes[n]
        iri = str(n)
        category = a.get("category") or "Other"
        shape, dashed = CATEGORY_SHAPES.get(category, CATEGORY_SHAPES["Other"])
        short = _curie(iri)
        item = {"id": iri, "label": _label(a, lang) or short, "shape": shape,
                "color": colors[keyed[n]], "value": round(float(metric.get(n, 0)), 6)}
        if dashed:
            item["shapeProperties"] = {"borderDashes": [4, 3]}
        xy = pinned.get(n) or positions.get(n)
        if xy:
            item["x"], item["y"] = xy
        if n in pinned:
            item["fixed"] = True
        item["k"] = {
            "en": a.get("label_en") or a.get("label") or "", "ko": a.get("label_ko") or "",
            "ja": a.get("label_ja") or "", "curie": short, "type": a.get("type") or "",
            "category": category, "country": a.get("country") or "", "status": a.get("status") or "",
            "date": a.get("date") or "", "facts": {str(k): str(v) for k, v in sorted((a.get("facts") or {}).items())},
            "sources": a.get("corroboration") or "", "reported": a.get("reported") or "",
            "evidence": evidence(a.get("evidence")),
        }
        items.append(item)
    return items, colors


def _palette(color_by, values):
    present = sorted(set(values), key=lambda v: (v == "", str(v)))
    if color_by == "country":
        return {v: country_color(v) for v in present}
    if color_by == "status":
        return {v: STATUS_COLORS.get(v, OTHER_COUNTRY_COLOR) for v in present}
    return {v: (CYCLE[i % len(CYCLE)] if v != "" else NO_COUNTRY_COLOR) for i, v in enumerate(present)}


class _Evidence:
    """Evidence records as the page shows them, each built once per page (hubs share hundreds)."""

    def __init__(self) -> None:
        self._seen: dict = {}   # id(record) -> (record, item): the record is kept so that its id stays its own

    def __call__(self, records) -> list[dict]:
        out = []
        for e in records or ():
            hit = self._seen.get(id(e))
            if hit is None:
                hit = self._seen[id(e)] = (e, {"quote": str(e.get("quote", "")),
                                               "source": _curie(str(e.get("source", ""))),
                                               "start": e.get("start", ""), "end": e.get("end", "")})
            out.append(hit[1])
        return out


def _edges(H, lang, names, evidence):
    """vis-network edge items, in (source, target, predicate) order; parallel edges curve apart."""
    if H.is_multigraph():
        rows = [(str(u), str(v), str(k), a) for u, v, k, a in H.edges(keys=True, data=True)]
    else:
        rows = [(str(u), str(v), "", a) for u, v, a in H.edges(data=True)]
    rows.sort(key=itemgetter(0, 1, 2))
    rank = Counter()  # how many edges of the same node pair came before
    sizes = Counter((u, v) if u <= v else (v, u) for u, v, _, _ in rows)
    items = []
    for i, (u, v, key, a) in enumerate(rows):
        pair = (u, v) if u <= v else (v, u)
        label = (a.get("label_ko") if lang == "ko" else "") or a.get("label") or ""
        item = {"id": f"e{i}", "from": u, "to": v}
        if label:
            item["label"] = label
        if a.get("status", "") not in _SOLID_STATUSES:
            item["dashes"] = True
        if a.get("weight"):
            item["width"] = min(1 + math.log2(float(a["weight"])), 6)
        if sizes[pair] > 1:
            j = rank[pair]
            rank[pair] += 1
            clockwise = (j % 2 == 0) == (u <= v)
            item["smooth"] = {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW",
                              "roundness": round(0.15 + 0.15 * (j // 2), 2)}
        predicate = a.get("predicate") or key
        item["k"] = {
            "en": a.get("label") or "", "ko": a.get("label_ko") or "",
            "predicate": _curie(predicate) if predicate else "", "status": a.get("status") or "",
            "date": a.get("date") or "", "weight": a.get("weight", ""),
            "sources": a.get("corroboration") or "", "reported": a.get("reported") or "",
            "via": [names.get(c) or _curie(c) for c in a.get("via") or ()],
            "evidence": evidence(a.get("evidence")),
        }
        items.append(item)
    return items


def _filters(H):
    """Filter menus: each value present with its count (status counts nodes and edges)."""
    out = []
    for field in ("country", "category", "status"):
        counts = Counter(H.nodes[n].get(field) or ("Other" if field == "category" else "") for n in H)
        if field == "status":
            counts.update(a.get("status") or "" for *_, a in H.edges(data=True))
        values = []
        for value in sorted(counts, key=lambda v: (v == "", v)):
            entry = {"value": value, "label": value, "count": counts[value]}
            if field == "country":
                entry["swatch"] = country_color(value)
            elif field == "category":
                shape, dashed = CATEGORY_SHAPES.get(value, CATEGORY_SHAPES["Other"])
                entry.update(swatch="#4b5563", glyph=_GLYPHS[shape][dashed])
            else:
                entry["swatch"] = STATUS_COLORS.get(value, OTHER_COUNTRY_COLOR)
            values.append(entry)
        out.append({"field": field, "values": values})
    return out


def _legend(H, color_by, colors):
    def name(v):
        if v == "":
            return "(none)"
        if color_by == "country" and v not in COUNTRY_COLORS:
            return f"{v} (other)"
        return f"community {v}" if color_by == "community" else str(v)

    color_items = [{"glyph": "●", "color": c, "label": name(v)} for v, c in colors.items()]
    cats = sorted({H.nodes[n].get("category") or "Other" for n in H})
    shapes = []
    for cat in cats:
        shape, dashed = CATEGORY_SHAPES.get(cat, CATEGORY_SHAPES["Other"])
        shapes.append({"glyph": _GLYPHS[shape][dashed], "color": "#4b5563", "label": cat})
    edges = [{"glyph": "—", "color": _EDGE_COLOR, "label": "occurred / agreed"},
             {"glyph": "┄", "color": _EDGE_COLOR, "label": "planned, expected, forecast, …"}]
    return [{"title": f"Colour: {color_by}", "items": color_items},
            {"title": "Shape: category", "items": shapes},
            {"title": "Edges: status", "items": edges}]


def _options(H, physics):
    """vis-network options: pyvis's defaults for the solver, ours for the look."""
    opts = json.loads(_pyvis_options(H.is_directed(), physics))
    opts["physics"]["stabilization"].update(iterations=300, updateInterval=100)
    opts["configure"] = {"enabled": False}
    opts["edges"].update(
        color={"color": _EDGE_COLOR, "highlight": "#1f2937", "hover": "#1f2937", "inherit": False},
        arrows={"to": {"enabled": H.is_directed(), "scaleFactor": 0.5}},
        font={"size": 10, "face": _FONT, "color": "#4b5563", "strokeWidth": 3, "align": "middle"},
        width=1)
    opts["nodes"] = {"font": {"size": 14, "face": _FONT, "color": "#111827", "strokeWidth": 3},
                     "borderWidth": 1, "scaling": {"min": 8, "max": 36}}
    opts["interaction"].update(hover=True, tooltipDelay=200, hideEdgesOnDrag=len(H) > 300, keyboard=False)
    opts["layout"] = {"randomSeed": SEED, "improvedLayout": len(H) <= 200}
    return opts


@functools.cache
def _pyvis_options(directed: bool, physics: bool) -> str:
    """pyvis's options for a network like ours, as JSON (read once per process: importing pyvis is slow)."""
    from pyvis.network import Network

    net = Network(directed=directed, cdn_resources="in_line")
    net.force_atlas_2based(gravity=-60, spring_length=110, overlap=0.2)
    net.toggle_physics(physics)
    net.set_edge_smooth("continuous" if physics else "straightCross")
    return net.options.to_json()


def _json_for_html(payload):
    """JSON safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028 or U+2029."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return text


_curie = functools.lru_cache(maxsize=1 << 16)(curie)


@functools.cache
def _template():
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, keep_trailing_newline=True)
    return env.get_template("view.html")


@functools.cache
def _asset(name: str) -> str:
    """vis-network from the installed pyvis package, made safe to inline."""
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"{path}: cannot read vis-network from the pyvis package ({exc.strerror}); "
                          "reinstall it with `pip install --force-reinstall pyvis==0.3.2`") from None
    return re.sub(r"</(?=(script|style))", r"<\\/", text, flags=re.IGNORECASE)


@functools.cache
def _own(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


# --- choosing nodes -----------------------------------------------------------------

def _is_oxigraph(store):
    import pyoxigraph

    return isinstance(store, pyoxigraph.Store)


def _to_store(ds):
    """An in-memory pyoxigraph copy of an rdflib Dataset (named graphs kept)."""
    from ..query import load_store_from_string

    return load_store_from_string(ds.serialize(format="nquads"), "nquads")


def _edge_rows(store, sparql):
    """Sorted ``(s, p or None, o)`` IRI strings of a CONSTRUCT or an edge-shaped SELECT."""
    import pyoxigraph

    from ..query import run_query

    result = run_query(store, sparql)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        rows = [(t.subject, t.predicate, t.object) for t in result.triples]
    elif result.form == "SELECT":
        names = list(result.variables)
        ends = next((e for e in (("s", "o"), ("source", "target"), ("subject", "object"))
                     if set(e) <= set(names)), None)
        if ends is None:
            raise QueryError(f"a SELECT view needs ?s ?p ?o or ?source ?target columns, not ?{' ?'.join(names)}")
        pred = next((v for v in ("p", "predicate") if v in names), None)
        col = {v: i for i, v in enumerate(names)}
        rows = [(b[col[ends[0]]], b[col[pred]] if pred else None, b[col[ends[1]]]) for b in result.bindings]
    else:
        raise QueryError(f"a view needs a CONSTRUCT or a SELECT, not an {result.form} query")
    iri = pyoxigraph.NamedNode
    return sorted({(s.value, p.value if isinstance(p, iri) else None, o.value) for s, p, o in rows
                   if isinstance(s, iri) and isinstance(o, iri)}, key=lambda r: (r[0], r[1] or "", r[2]))


def _events_view(full):
    """Events and agreements with their actors; events pinned left to right by date."""
    contexts = [n for n, a in full.nodes(data=True) if a.get("category") in ("Event", "Agreement")]
    keep = set(contexts)
    for n in contexts:
        keep.update(m for m in nx.all_neighbors(full, n)
                    if full.nodes[m].get("category") in ("Actor", "Council"))
    ordered = sorted(contexts, key=lambda n: (full.nodes[n].get("date") or "9999", str(n)))
    timeline = {n: (i * 120, ((i % 3) - 1) * 160) for i, n in enumerate(ordered)}
    return _induced(full, keep), timeline


def _council_view(full):
    """The councils convened by an organisation (KOSA's Japan expansion council), with their neighbours.

    Falls back to every council when none has a convener.
    """
    councils = [n for n, a in full.nodes(data=True) if a.get("category") == "Council" or a.get("type") == "Council"]
    convened = [n for n in councils if any(k == str(KJ.convenedBy) for _, _, k in full.out_edges(n, keys=True))]
    councils = convened or councils
    keep = set(councils)
    for n in councils:
        keep.update(nx.all_neighbors(full, n))
    return _induced(full, keep)


def _korea_us_view(full):
    """Nodes tied to both KR and US (by their own country or a neighbour's), with their KR/US neighbours.

    Places are never the tie themselves, but Korean and US places (the two
    countries, Seoul, Washington) are shown as neighbours.
    """
    def countries(n):
        return {full.nodes[m].get("country") for m in (n, *nx.all_neighbors(full, n))}

    core = {n for n, a in full.nodes(data=True) if a.get("category") != "Place" and {"KR", "US"} <= countries(n)}
    keep = set(core)
    for n in core:
        keep.update(m for m in nx.all_neighbors(full, n) if full.nodes[m].get("country") in ("KR", "US"))
    return _induced(full, keep)
