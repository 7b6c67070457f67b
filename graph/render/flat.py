"""The attribute table every Gephi format shares: one simple graph of scalar, typed values.

:func:`flatten` turns a projection (:func:`graph.project.project_graph`) into a
:class:`networkx.DiGraph` (or :class:`~networkx.Graph`) that the GEXF, GraphML and
CSV writers only have to serialise:

* **nodes** keep their id (the IRI, or the ISO code in the countries graph) and
  get ``label`` in the chosen language, ``label_en``/``label_ko``/``label_ja``,
  ``type``, ``category``, ``country``, ``status``, ``date``, one column per fact
  (typed: a fact column whose every value is a number becomes ``int`` or
  ``float``, ``true``/``false`` becomes ``bool``), ``topics``, the evidence
  (``quote``, ``evidence`` — ``source#char=start,end`` references after RFC 5147 —
  and ``graphs``), the metrics of :func:`graph.analyse.node_metrics`
  (``degree``, ``pagerank``, ``betweenness``, ``eigenvector``, ``community``) and
  the drawing: ``x``/``y`` from :func:`graph.layout.layout` scaled to
  ±:data:`EXTENT`, ``size`` from PageRank and ``color`` from
  :mod:`graph.render.palette`;
* **parallel relations are merged**: one edge per (source, target) — per ordered
  pair in a directed graph — whose ``weight`` is the number of relations (or the
  projection's own ``weight``), ``label`` lists their labels, ``predicate`` their
  IRIs, ``date`` is the earliest one, ``sources`` the source documents behind any
  of them, ``corroboration`` how many and ``reported`` the earliest source date
  (``date`` is when it happened, ``reported`` when it was first reported).  Gephi would otherwise merge them itself and
  keep only the first label;
* lists become strings joined with :data:`SEP`; numbers stay numbers (rounded to
  :data:`DIGITS` significant digits, never NaN or infinite); text is NFC, with
  the characters XML 1.0 forbids removed and runs of tabs and newlines folded into
  one space.

With ``dynamic=True`` every dated node and edge also gets ``start`` (and ``end``
for a period) as an ISO date, the time attributes of GEXF: ``2025-08`` starts on
``2025-08-01``, ``2025`` on ``2025-01-01``.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", label="A", label_ko="가", facts={"rank": "3"})
>>> G.add_node("b", label="B", date="2025-08")
>>> _ = G.add_edge("a", "b", "p", predicate="p", label="met", date="2025-08")
>>> _ = G.add_edge("a", "b", "q", predicate="q", label="signed")
>>> F = flatten(G, lang="ko", metrics={}, positions={"a": (0, 1), "b": (1, 0)}, dynamic=True)
>>> F.nodes["a"]["label"], F.nodes["a"]["rank"], F.nodes["a"]["y"], F.nodes["b"]["start"]
('가', 3, 1000.0, '2025-08-01')
>>> e = F.edges["a", "b"]
>>> e["id"], e["label"], e["weight"], e["predicate"], e["start"]
('a -> b', 'met; signed', 2.0, 'p; q', '2025-08-01')
"""
from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from numbers import Integral, Real

import networkx as nx

from ..errors import ExportError
from ..project import local_name
from ..vocab import KJ
from .palette import country_color

__all__ = ["LANGUAGES", "SEP", "EXTENT", "MIN_SIZE", "MAX_SIZE", "DIGITS", "flatten", "metrics_and_layout",
           "clean_text", "iso_start"]

#: Label languages a caller may choose.
LANGUAGES = ("en", "ko", "ja")
#: Separator of joined lists (the same as the projection's multi-valued facts).
SEP = "; "
#: Positions are scaled into ``[-EXTENT, EXTENT]`` (Gephi's default node size is 10).
EXTENT = 1000.0
#: Node sizes run from MIN_SIZE (PageRank 0) to MAX_SIZE (the highest PageRank).
MIN_SIZE, MAX_SIZE = 5.0, 40.0
#: Significant digits kept in metrics.
DIGITS = 6

#: Attribute names the writers give a meaning of their own: facts with these names are renamed.
_RESERVED = {"id", "label", "pid", "start", "end", "spells", "slices", "parents", "viz", "weight", "type",
             "key", "networkx_key", "source", "target", "x", "y", "size", "color"}
_METRICS = ("degree", "pagerank", "betweenness", "eigenvector", "community")
_END_KEY = local_name(KJ.endDate).lower()
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FOLD = re.compile("[ ]*[\t\n\r][\t\n\r ]*")
_INT = re.compile(r"[+-]?\d{1,18}")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ].*|Z|[+-]\d{2}:\d{2})?")


def flatten(G: nx.Graph, *, lang: str = "en", metrics: Mapping | None = None,
            positions: Mapping | None = None, dynamic: bool = False, seed: int = 42) -> nx.Graph:
    """Return a simple graph of ``G`` whose attributes are scalars ready for Gephi.

    Parameters
    ----------
    G : networkx graph
        A projection (any kind); a multigraph's parallel edges are merged.
    lang : {"en", "ko", "ja"}
        Language of ``label``; a missing label falls back to English, then to the id.
    metrics : mapping, optional
        node → ``{"degree", "pagerank", "betweenness", "eigenvector", "community"}``;
        default :func:`graph.analyse.node_metrics` of ``G``.
    positions : mapping, optional
        node → ``(x, y)``; default :func:`graph.layout.layout` of ``G`` with ``seed``.
    dynamic : bool
        Add ``start``/``end`` ISO dates to dated nodes and edges.
    seed : int
        Seed of the default layout.

    Returns
    -------
    networkx.DiGraph if ``G`` is directed, else networkx.Graph; nodes sorted by id,
    edges by (source, target).

    Raises
    ------
    ExportError
        Unknown ``lang``.
    """
    if lang not in LANGUAGES:
        raise ExportError(f"unknown label language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    metrics, positions = metrics_and_layout(G, metrics, positions, seed=seed)
    nodes = {n: _node_row(n, d, lang, dynamic) for n, d in G.nodes(data=True)}
    _add_drawing(nodes, metrics, positions)
    edges = _merged_edges(G, lang, dynamic)
    _unify_types(nodes.values())
    _unify_types(edges.values())
    F = nx.DiGraph() if G.is_directed() else nx.Graph()
    F.add_nodes_from((_id(n), nodes[n]) for n in sorted(nodes, key=str))
    F.add_edges_from((_id(u), _id(v), d)
                     for (u, v), d in sorted(edges.items(), key=lambda kv: tuple(map(str, kv[0]))))
    return F


def metrics_and_layout(G: nx.Graph, metrics: Mapping | None = None, positions: Mapping | None = None, *,
                       seed: int = 42) -> tuple[Mapping, Mapping]:
    """``(metrics, positions)`` for ``G``: the ones given, else computed.

    Metrics come from :func:`graph.analyse.node_metrics`, positions from
    :func:`graph.layout.layout` with ``seed``.  Call it once to share both between writers.

    Examples
    --------
    >>> metrics_and_layout(nx.Graph(), {}, {})
    ({}, {})
    """
    if metrics is None:
        from ..analyse import node_metrics
        metrics = node_metrics(G)
    if positions is None:
        from ..layout import layout
        positions = layout(G, seed=seed)
    return metrics, positions


def clean_text(value: object) -> str:
    """``value`` as text that any XML 1.0 or CSV reader accepts: NFC, no forbidden characters.

    C0 control characters other than tab and newline are removed, lone surrogates
    become U+FFFD, and runs of tabs, newlines and carriage returns become one space.

    Examples
    --------
    >>> clean_text("a\\x00<b> &\\n\\tc 🇰🇷")
    'a<b> & c 🇰🇷'
    >>> clean_text("\\u1100\\u1161") == "\\uac00"  # decomposed jamo → precomposed 가
    True
    """
    text = str(value)
    if text.isascii() and not _CONTROL.search(text):   # most ids, labels and numbers: nothing to remove
        return text.strip()
    text = _SURROGATE.sub("\ufffd", text)
    text = _FORBIDDEN.sub("", unicodedata.normalize("NFC", text))
    return _FOLD.sub(" ", text).strip()


def iso_start(date: str) -> str:
    """The first day of an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` lexical form; ``""`` if none.

    Examples
    --------
    >>> iso_start("2025-08-23"), iso_start("2025-08"), iso_start("2026"), iso_start("soon"), iso_start("2025-02-30")
    ('2025-08-23', '2025-08-01', '2026-01-01', '', '')
    """
    m = _DATE.fullmatch(date.strip())
    if not m:
        return ""
    iso = f"{m[1]}-{m[2] or '01'}-{m[3] or '01'}"
    try:
        return datetime.date.fromisoformat(iso).isoformat()
    except ValueError:  # 2025-13 or 2025-02-30: not a date Gephi could place
        return ""


# --- nodes ----------------------------------------------------------------------------

def _id(node) -> str:
    return clean_text(node)


def _node_row(n, d: Mapping, lang: str, dynamic: bool) -> dict:
    names = (d.get(f"label_{lang}"), d.get("label_en"), d.get("label"), n)
    row = {"label": next((t for t in (clean_text(x) for x in names if x) if t), "")}
    facts = d.get("facts") or {}
    for key, value in d.items():
        if key in ("label", "facts", "evidence"):
            continue
        _put(row, key, value)
    _put_evidence(row, d.get("evidence") or [])
    for key, value in sorted(facts.items()):
        name = clean_text(key)
        while name in row or name in _RESERVED or name in _METRICS:
            name = f"fact {name}"
        row[name] = _Fact(clean_text(value))
    if dynamic:
        _put_interval(row, str(d.get("date") or ""), _end_fact(facts))
    return row


def _end_fact(facts: Mapping) -> str:
    return next((str(v) for k, v in facts.items() if k.replace(" ", "").lower() == _END_KEY), "")


def _add_drawing(nodes: dict, metrics: Mapping, positions: Mapping) -> None:
    for n, row in nodes.items():
        for name in _METRICS:
            value = _number((metrics.get(n) or {}).get(name))
            if value is not None:
                row[name] = value
    top = max((row.get("pagerank", 0.0) for row in nodes.values()), default=0.0)
    coords = [abs(float(c)) for xy in positions.values() for c in xy[:2]]
    scale = EXTENT / max(coords) if coords and max(coords) > 0 else 1.0
    for n, row in nodes.items():
        x, y = positions.get(n, (0.0, 0.0))[:2]
        row["x"], row["y"] = round(float(x) * scale, 2), round(float(y) * scale, 2)
        share = row.get("pagerank", 0.0) / top if top > 0 else 0.0
        row["size"] = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(share, 0.0)), 2)
        row["color"] = country_color(row.get("country", ""))


# --- edges ----------------------------------------------------------------------------

def _merged_edges(G: nx.Graph, lang: str, dynamic: bool) -> dict:
    """(u, v) → row, one per node pair (ordered when ``G`` is directed)."""
    groups: dict = defaultdict(list)
    for u, v, d in G.edges(data=True):
        if not G.is_directed() and str(v) < str(u):
            u, v = v, u
        groups[u, v].append(d)
    arrow = "->" if G.is_directed() else "--"
    return {(u, v): _edge_row(f"{_id(u)} {arrow} {_id(v)}", sorted(ds, key=_relation_order), lang, dynamic)
            for (u, v), ds in groups.items()}


def _relation_order(d: Mapping) -> tuple:
    return str(d.get("predicate", "")), str(d.get("graph", "")), str(d.get("label", ""))


def _edge_row(edge_id: str, relations: list, lang: str, dynamic: bool) -> dict:
    row: dict = {"id": edge_id, "label": _aligned(r.get(f"label_{lang}") or r.get("label") for r in relations)}
    for key in dict.fromkeys(k for r in relations for k in r):
        if key in ("label", "weight", "evidence", "date", "graph", "sources", "corroboration", "reported"):
            continue
        values = [r[key] for r in relations if key in r]
        _put(row, key, values[0] if len(values) == 1 else _aligned(values))
    dates = sorted((iso_start(str(r.get("date") or "")), str(r["date"])) for r in relations if r.get("date"))
    dates = [d for d in dates if d[0]] or dates
    row["date"] = clean_text(dates[0][1]) if dates else ""
    _put(row, "graphs", sorted({str(r["graph"]) for r in relations if r.get("graph")}))
    if any("sources" in r for r in relations):   # merged relations: the sources behind any of them
        sources = sorted({str(s) for r in relations for s in r.get("sources") or ()})
        _put(row, "sources", sources)
        row["corroboration"] = len(sources)
    if any("reported" in r for r in relations):  # when it was first reported (``date``: when it happened)
        row["reported"] = min((clean_text(r["reported"]) for r in relations if r.get("reported")), default="")
    _put_evidence(row, [e for r in relations for e in r.get("evidence") or []])
    weights = [_number(r.get("weight")) for r in relations]
    row["weight"] = float(sum(w for w in weights if w is not None)) if any(w is not None for w in weights) \
        else float(len(relations))
    if dynamic:
        _put_interval(row, row["date"], "")
    return row


def _joined(texts) -> str:
    return SEP.join(dict.fromkeys(t for t in (clean_text(x) for x in texts) if t))


def _aligned(values) -> str:
    """One entry per relation, in relation order (so ``predicate`` and ``status`` line up)."""
    return SEP.join(_joined(v) if isinstance(v, (list, tuple)) else clean_text(v if v is not None else "")
                    for v in values)


# --- values ---------------------------------------------------------------------------

class _Fact(str):
    """A fact's text, typed later column by column (see :func:`_unify_types`)."""


def _put(row: dict, key: str, value) -> None:
    """Store ``value`` under ``key`` as a scalar: number, bool or cleaned text."""
    if type(value) is str:   # the common case, without the checks against abstract classes below
        row[key] = clean_text(value)
        return
    if value is None or isinstance(value, Mapping):
        return
    if isinstance(value, bool):
        row[key] = value
    elif isinstance(value, (Integral, Real)):
        number = _number(value)
        if number is not None:
            row[key] = number
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        row[key] = _joined(items)
    else:
        row[key] = clean_text(value)


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (Integral, Real)):
        return None
    if isinstance(value, Integral):
        return int(value)
    value = float(value)
    return float(f"{value:.{DIGITS}g}") + 0.0 if math.isfinite(value) else None


def _put_evidence(row: dict, records: list) -> None:
    records = sorted({(str(r.get("source", "")), str(r.get("start", "")), str(r.get("end", "")),
                       str(r.get("quote", "")), str(r.get("graph", ""))) for r in records},
                     key=lambda r: (r[0], _int_key(r[1]), r[3], r[2], r[4]))
    row["quote"] = _joined(r[3] for r in records)
    row["evidence"] = _joined(f"{s}#char={a},{b}" if a != "" and b != "" else s for s, a, b, _q, _g in records if s)
    if "graphs" not in row:
        row["graphs"] = _joined(sorted({r[4] for r in records if r[4]}))


def _int_key(text: str) -> tuple:
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _put_interval(row: dict, date: str, end: str) -> None:
    start = iso_start(date)
    if start:
        row["start"] = start
        stop = iso_start(end)
        if stop and stop >= start:
            row["end"] = stop


def _unify_types(rows) -> None:
    """Give each column one type: parse fact columns, widen int+float to float, else text."""
    rows = list(rows)
    columns: dict = defaultdict(set)
    for row in rows:
        for key, value in row.items():
            columns[key].add(type(value))
    for key, types in columns.items():
        if types == {_Fact}:
            kind = _fact_type([row[key] for row in rows if key in row])
            convert = kind
        elif types <= {int, float} and len(types) == 2:
            convert = float
        elif len(types) > 1:
            convert = str
        else:
            continue
        for row in rows:
            if key in row:
                row[key] = convert(row[key])


def _fact_type(values: list):
    """The narrowest of int, float, bool and str that every value of a fact column parses as."""
    if all(_INT.fullmatch(v) for v in values):
        return int
    if all(_FLOAT.fullmatch(v) and math.isfinite(float(v)) for v in values):
        return lambda v: _number(float(v))
    if all(v in ("true", "false") for v in values):
        return lambda v: v == "true"
    return str
