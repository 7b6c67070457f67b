"""The attribute table every Gephi format shares: one simple graph of scalar, typed values.

:func:`flat_table` turns a projection (:func:`graph.project.project_graph`) into
the rows that the GEXF, GraphML and CSV writers only have to serialise — a
:class:`FlatTable`, made once and shared by every file — and :func:`flatten` gives
the same rows as a :class:`networkx.DiGraph` (or :class:`~networkx.Graph`):

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

The writers stream their text (:class:`TextSink`): escaped as ElementTree
escapes it (:func:`xml_attr`, :func:`xml_text`), encoded block by block and
written to a temporary file that replaces the target when it is complete.

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

import contextlib
import datetime
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from numbers import Integral, Real
from pathlib import Path
from typing import NamedTuple

import networkx as nx

from ..errors import ExportError
from ..files import atomic_writer
from ..project import local_name
from ..vocab import KJ
from .palette import country_color

__all__ = ["LANGUAGES", "SEP", "EXTENT", "MIN_SIZE", "MAX_SIZE", "DIGITS", "FlatTable", "flatten", "flat_table",
           "metrics_and_layout", "clean_text", "iso_start", "column_types", "xml_attr", "xml_text", "escape_all",
           "TextSink"]

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
_UNCLEAN = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FOLD = re.compile("[ ]*[\t\n\r][\t\n\r ]*")
_INT = re.compile(r"[+-]?\d{1,18}")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ].*|Z|[+-]\d{2}:\d{2})?")


class FlatTable(NamedTuple):
    """The flattened graph every Gephi writer serialises (:func:`flat_table`).

    ``nodes`` are ``(id, row)`` pairs sorted by the original node; ``edges``
    ``(source id, target id, row)`` sorted by (source, target); ``times`` gives the
    ``start`` (and ``end``) ISO dates of dated nodes and edges — ``{("node", id): …,
    ("edge", source id, target id): …}`` — which only the timeline adds to a row.
    """

    directed: bool
    kind: str
    nodes: list
    edges: list
    times: dict

    def rows(self, dynamic: bool = False) -> tuple[list, list]:
        """``(nodes, edges)`` with ``start``/``end`` added to dated rows when ``dynamic``."""
        if not dynamic:
            return self.nodes, self.edges
        times = self.times
        return ([(n, {**row, **times[("node", n)]} if ("node", n) in times else row) for n, row in self.nodes],
                [(u, v, {**row, **times[("edge", u, v)]} if ("edge", u, v) in times else row)
                 for u, v, row in self.edges])


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
    table = flat_table(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    nodes, edges = table.rows(dynamic)
    F = nx.DiGraph() if table.directed else nx.Graph()
    F.add_nodes_from(nodes)
    F.add_edges_from(edges)
    return F


def flat_table(G: nx.Graph, *, lang: str = "en", metrics: Mapping | None = None,
               positions: Mapping | None = None, seed: int = 42) -> FlatTable:
    """The rows of :func:`flatten` as plain lists, computed once for every Gephi file.

    Parameters are those of :func:`flatten` (the timeline is in ``times``, see
    :class:`FlatTable`).  Node ids that clean to the same text are merged, as
    :func:`flatten`'s graph merges them.

    Examples
    --------
    >>> T = flat_table(nx.Graph([("b", "a")]), metrics={}, positions={})
    >>> [n for n, _ in T.nodes], [(u, v, d["id"], d["weight"]) for u, v, d in T.edges]
    (['a', 'b'], [('a', 'b', 'a -- b', 1.0)])
    """
    if lang not in LANGUAGES:
        raise ExportError(f"unknown label language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    metrics, positions = metrics_and_layout(G, metrics, positions, seed=seed)
    rows = _Rows(lang)
    times: dict = {}
    nodes = {}
    for n, d in G.nodes(data=True):
        nodes[n] = rows.node(n, d)
        interval = _interval(str(d.get("date") or ""), _end_fact(d.get("facts") or {}))
        if interval:
            times[n] = interval
    _add_drawing(nodes, metrics, positions)
    edges = rows.merged_edges(G)
    _unify_types(nodes.values())
    _unify_types(e[0] for e in edges.values())
    out_nodes: dict = {}
    out_times: dict = {}
    for n in sorted(nodes, key=str):
        key = _id(n)
        if key in out_nodes:
            out_nodes[key].update(nodes[n])
        else:
            out_nodes[key] = nodes[n]
        if n in times:
            out_times["node", key] = times[n]
    out_edges: dict = {}
    for (u, v), (row, interval) in sorted(edges.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        pair = (_id(u), _id(v))
        if not G.is_directed() and pair not in out_edges and pair[::-1] in out_edges:
            pair = pair[::-1]
        if pair in out_edges:
            out_edges[pair].update(row)
        else:
            out_edges[pair] = row
        if interval:
            out_times[("edge", *pair)] = interval
    return FlatTable(G.is_directed(), str(G.graph.get("kind", "graph")), list(out_nodes.items()),
                     [(u, v, row) for (u, v), row in out_edges.items()], out_times)


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
    simple = None
    if metrics is None or positions is None:
        from ..project import simple_graph
        simple = simple_graph(G)
    if metrics is None:
        from ..analyse import node_metrics
        metrics = node_metrics(G, simple=simple)
    if positions is None:
        from ..layout import layout
        positions = layout(G, seed=seed, simple=simple)
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
    if not _UNCLEAN.search(text) and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text.strip()   # most ids, labels, quotes and numbers: nothing to remove or compose
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


# --- writing ------------------------------------------------------------------------

def column_types(rows, skip=()) -> tuple[list, dict]:
    """The columns of ``rows`` in order of first appearance (less ``skip``) and the type of each.

    Examples
    --------
    >>> column_types([{"a": 1}, {"a": 2, "b": "x", "id": "e"}], skip=("id",))
    (['a', 'b'], {'a': <class 'int'>, 'b': <class 'str'>})
    """
    known: set = set()
    types: dict = {}
    for row in rows:
        if row.keys() <= known:
            continue
        for key, value in row.items():
            if key not in known:
                known.add(key)
                if key not in skip:
                    types[key] = type(value)
    return list(types), types


_ATTR_SPECIAL = re.compile('[&<>"\r\n\t]')


def xml_attr(text: str) -> str:
    """``text`` escaped for a double-quoted XML attribute, as ElementTree escapes it.

    Examples
    --------
    >>> xml_attr('a<b> & "c"')
    'a&lt;b&gt; &amp; &quot;c&quot;'
    """
    if not _ATTR_SPECIAL.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def xml_text(text: str) -> str:
    """``text`` escaped for XML character data, as ElementTree escapes it.

    Examples
    --------
    >>> xml_text("R&D <b>")
    'R&amp;D &lt;b&gt;'
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_all(texts: list[str], escape) -> list[str]:
    """``[escape(t) for t in texts]``, done as one pass over the texts joined (they never hold U+0000).

    Examples
    --------
    >>> escape_all(["a&b", "c", "<"], xml_text)
    ['a&amp;b', 'c', '&lt;']
    """
    joined = "\x00".join(texts)
    if escape(joined) is joined:   # nothing to escape (the escapes return their argument untouched)
        return texts
    if joined.count("\x00") != len(texts) - 1:   # a text holding U+0000 (never one of the table's): one by one
        return [escape(t) for t in texts]
    return escape(joined).split("\x00")


class TextSink:
    """Text written piece by piece into one or more files, each a path (written atomically) or an open binary file.

    A path is written through :func:`graph.files.atomic_writer`: a temporary file
    beside it replaces it only when the block ends without error (flushed to disk
    first, with the mode the umask gives a new file), so a reader never sees half a file; on error it is removed and the
    previous file is untouched.  Pieces are encoded as UTF-8 in blocks of about
    :data:`BLOCK` characters, so the text is never held whole in memory.

    Examples
    --------
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> with TextSink([target]) as sink:
    ...     sink.write(["한국"])
    >>> open(target, encoding="utf-8").read(), [p.name for p in sink.written]
    ('한국', ['a.txt'])
    """

    #: Characters gathered before a block is encoded and written.
    BLOCK = 1 << 20
    #: Characters :meth:`extend` counts for one string (it does not measure them).
    PIECE = 32

    def __init__(self, targets, *, errors: str = "strict") -> None:
        self.targets = list(targets)
        self.errors = errors
        self.written: list = []
        self._files: list = []
        self._pending: list[list[str]] = [[] for _ in self.targets]
        self._size = 0

    def __enter__(self) -> TextSink:
        self._stack = contextlib.ExitStack()
        try:
            for target in self.targets:
                if hasattr(target, "write"):
                    self._files.append((target, None))
                else:
                    self._files.append((self._stack.enter_context(atomic_writer(target)), Path(target)))
        except BaseException:
            self._stack.close()
            raise
        return self

    def write(self, pieces: list[str]) -> None:
        """Append ``pieces[i]`` to the i-th file."""
        for pending, piece in zip(self._pending, pieces):
            pending.append(piece)
        self._size += len(pieces[0])
        if self._size >= self.BLOCK:
            self._flush()

    def extend(self, parts: list[list[str]]) -> None:
        """Append the strings of ``parts[i]`` to the i-th file (no string is copied until a block is encoded)."""
        for pending, strings in zip(self._pending, parts):
            pending.extend(strings)
        self._size += len(parts[0]) * self.PIECE
        if self._size >= self.BLOCK:
            self._flush()

    def _flush(self) -> None:
        for (fh, path), pending in zip(self._files, self._pending):
            try:
                fh.write("".join(pending).encode("utf-8", self.errors))
            except OSError as exc:
                raise ExportError(f"{path or fh}: write failed ({exc.strerror}); the previous file is untouched") \
                    from None
            pending.clear()
        self._size = 0

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            try:
                self._flush()
            except BaseException as error:
                self._stack.__exit__(type(error), error, error.__traceback__)   # every temporary file goes
                raise
        self._stack.__exit__(kind, exc, tb)            # atomic_writer replaces each file, or removes it on error
        if kind is None:
            self.written.extend(path for _, path in self._files)


# --- nodes ----------------------------------------------------------------------------

def _id(node) -> str:
    return clean_text(node)


def _end_fact(facts: Mapping) -> str:
    return next((str(v) for k, v in facts.items() if k.replace(" ", "").lower() == _END_KEY), "")


def _interval(date: str, end: str) -> dict:
    """``{"start": …}`` (and ``"end"``) of a dated node or edge, as the timeline of GEXF wants it."""
    start = iso_start(date) if date else ""
    if not start:
        return {}
    stop = iso_start(end) if end else ""
    return {"start": start, "end": stop} if stop and stop >= start else {"start": start}


class _Texts(dict):
    """:func:`clean_text` of each distinct string, computed once (labels, IRIs and quotes repeat a lot)."""

    def __missing__(self, text):
        cleaned = self[text] = clean_text(text)
        return cleaned


class _Rows:
    """The node and edge rows of one table, with the cleaned texts and evidence they share.

    Every value goes through :func:`clean_text` once per distinct text; the
    common shapes (one relation per node pair, one evidence record) take short
    paths that give the same row as the general ones.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.texts = _Texts()
        self.records: dict = {}     # id(evidence record) -> (record, its fields as text)
        self.evidence: dict = {}    # ids of the evidence lists of merged relations -> (lists, columns)

    def clean(self, value) -> str:
        return self.texts[value] if type(value) is str else clean_text(value)

    def joined(self, texts) -> str:
        clean = self.clean
        return SEP.join(dict.fromkeys(t for t in map(clean, texts) if t))

    def aligned(self, values) -> str:
        """One entry per relation, in relation order (so ``predicate`` and ``status`` line up)."""
        return SEP.join(self.joined(v) if isinstance(v, (list, tuple)) else self.clean(v if v is not None else "")
                        for v in values)

    def put(self, row: dict, key: str, value) -> None:
        """Store ``value`` under ``key`` as a scalar: number, bool or cleaned text."""
        kind = type(value)
        if kind is str:   # the common cases first, without the checks against abstract classes below
            row[key] = self.texts[value]
            return
        if kind is list:
            row[key] = self.joined(value)
            return
        if kind is int:
            row[key] = value
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
            row[key] = self.joined(items)
        else:
            row[key] = clean_text(value)

    # --- nodes

    def node(self, n, d: Mapping) -> dict:
        clean = self.clean
        names = (d.get(f"label_{self.lang}"), d.get("label_en"), d.get("label"), n)
        row = {"label": next((t for t in (clean(x) for x in names if x) if t), "")}
        facts = d.get("facts") or {}
        put = self.put
        for key, value in d.items():
            if key in ("label", "facts", "evidence"):
                continue
            put(row, key, value)
        quote, evidence, graphs = self.evidence_columns(d.get("evidence") or ())
        row["quote"] = quote
        row["evidence"] = evidence
        if "graphs" not in row:
            row["graphs"] = graphs
        for key, value in sorted(facts.items()):
            name = clean(key)
            while name in row or name in _RESERVED or name in _METRICS:
                name = f"fact {name}"
            row[name] = _Fact(clean(value))
        return row

    # --- evidence

    def evidence_columns(self, records) -> tuple[str, str, str]:
        """``quote``, ``evidence`` (``source#char=start,end``) and ``graphs`` of evidence records."""
        seen = self.records
        fields = []
        for r in records:
            hit = seen.get(id(r))
            if hit is None:
                hit = seen[id(r)] = (r, (str(r.get("source", "")), str(r.get("start", "")), str(r.get("end", "")),
                                         str(r.get("quote", "")), str(r.get("graph", ""))))
            fields.append(hit[1])
        if len(fields) > 1:
            fields = sorted(set(fields), key=lambda r: (r[0], _int_key(r[1]), r[3], r[2], r[4]))
        clean = self.clean
        if len(fields) == 1:   # the same as the joins below on one record
            (s, a, b, q, g), = fields
            return (clean(q), clean(f"{s}#char={a},{b}" if a != "" and b != "" else s) if s else "", clean(g))
        return (self.joined(r[3] for r in fields),
                self.joined(f"{s}#char={a},{b}" if a != "" and b != "" else s for s, a, b, _q, _g in fields if s),
                self.joined(sorted({r[4] for r in fields if r[4]})))

    # --- edges

    def merged_edges(self, G: nx.Graph) -> dict:
        """(u, v) → (row, interval), one per node pair (ordered when ``G`` is directed)."""
        groups: dict = {}
        directed = G.is_directed()
        for u, v, d in G.edges(data=True):
            if not directed and str(v) < str(u):
                u, v = v, u
            group = groups.get((u, v))
            if group is None:
                groups[u, v] = [d]
            else:
                group.append(d)
        arrow = "->" if directed else "--"
        edge, single = self.edge, self.single_edge
        return {(u, v): (single(f"{_id(u)} {arrow} {_id(v)}", ds[0]) if len(ds) == 1 else
                         edge(f"{_id(u)} {arrow} {_id(v)}", sorted(ds, key=_relation_order)))
                for (u, v), ds in groups.items()}

    def single_edge(self, edge_id: str, r: Mapping) -> tuple[dict, dict]:
        """:meth:`edge` of one relation, on the short path."""
        clean = self.clean
        label = r.get(f"label_{self.lang}") or r.get("label")
        row: dict = {"id": edge_id, "label": self.joined(label) if isinstance(label, (list, tuple))
                     else clean(label if label is not None else "")}
        put = self.put
        for key, value in r.items():
            if key not in _EDGE_OWN:
                put(row, key, value)
        date = r.get("date")
        row["date"] = clean(str(date)) if date else ""
        graph = r.get("graph")
        row["graphs"] = clean(str(graph)) if graph else ""
        if "sources" in r:
            sources = sorted({str(s) for s in r["sources"] or ()})
            row["sources"] = self.joined(sources)
            row["corroboration"] = len(sources)
        if "reported" in r:
            reported = r["reported"]
            row["reported"] = clean(reported) if reported else ""
        quote, evidence, graphs = self.evidence_columns(r.get("evidence") or ())
        row["quote"] = quote
        row["evidence"] = evidence
        weight = _number(r.get("weight"))
        row["weight"] = float(weight) if weight is not None else 1.0
        return row, _interval(row["date"], "")

    def edge(self, edge_id: str, relations: list) -> tuple[dict, dict]:
        lang_key = f"label_{self.lang}"
        row: dict = {"id": edge_id, "label": self.aligned(r.get(lang_key) or r.get("label") for r in relations)}
        put = self.put
        for key in dict.fromkeys(k for r in relations for k in r):
            if key in _EDGE_OWN:
                continue
            values = [r[key] for r in relations if key in r]
            put(row, key, values[0] if len(values) == 1 else self.aligned(values))
        dates = sorted((iso_start(str(r.get("date") or "")), str(r["date"])) for r in relations if r.get("date"))
        dates = [d for d in dates if d[0]] or dates
        row["date"] = self.clean(dates[0][1]) if dates else ""
        put(row, "graphs", sorted({str(r["graph"]) for r in relations if r.get("graph")}))
        if any("sources" in r for r in relations):   # merged relations: the sources behind any of them
            sources = sorted({str(s) for r in relations for s in r.get("sources") or ()})
            put(row, "sources", sources)
            row["corroboration"] = len(sources)
        if any("reported" in r for r in relations):  # when it was first reported (``date``: when it happened)
            row["reported"] = min((self.clean(r["reported"]) for r in relations if r.get("reported")), default="")
        lists = [r.get("evidence") or [] for r in relations]
        key = tuple(map(id, lists))
        hit = self.evidence.get(key)
        if hit is None:   # relations of one assertion graph share its evidence list
            hit = self.evidence[key] = (lists, self.evidence_columns([e for records in lists for e in records]))
        quote, evidence, graphs = hit[1]
        row["quote"] = quote
        row["evidence"] = evidence
        if "graphs" not in row:
            row["graphs"] = graphs
        weights = [_number(r.get("weight")) for r in relations]
        row["weight"] = float(sum(w for w in weights if w is not None)) if any(w is not None for w in weights) \
            else float(len(relations))
        return row, _interval(row["date"], "")


_EDGE_OWN = frozenset({"label", "weight", "evidence", "date", "graph", "sources", "corroboration", "reported"})


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


def _relation_order(d: Mapping) -> tuple:
    return str(d.get("predicate", "")), str(d.get("graph", "")), str(d.get("label", ""))


# --- values ---------------------------------------------------------------------------

class _Fact(str):
    """A fact's text, typed later column by column (see :func:`_unify_types`)."""


def _number(value):
    kind = type(value)
    if kind is int:
        return value
    if kind is not float:
        if isinstance(value, bool) or not isinstance(value, (Integral, Real)):
            return None
        if isinstance(value, Integral):
            return int(value)
        value = float(value)
    return float(f"{value:.{DIGITS}g}") + 0.0 if math.isfinite(value) else None


def _int_key(text: str) -> tuple:
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _unify_types(rows) -> None:
    """Give each column one type: parse fact columns, widen int+float to float, else text."""
    rows = list(rows)
    pairs: set = set()
    for row in rows:   # (column, type) pairs, gathered in C
        pairs.update(zip(row, map(type, row.values())))
    columns: dict = defaultdict(set)
    for key, kind in pairs:
        columns[key].add(kind)
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
