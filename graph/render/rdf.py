"""Render the dataset as RDF: TriG, N-Quads, Turtle (union graph) and JSON-LD.

Output is deterministic: graphs and triples are written in sorted order and
the JSON-LD carries its context inline (no remote context is ever fetched).

Examples
--------
>>> from rdflib import Dataset
>>> ds = Dataset()
>>> _ = ds.parse(data='<urn:g> { <urn:a> <urn:p> "한국"@ko . }', format="trig")
>>> print(generate_nquads(ds), end="")
<urn:a> <urn:p> "한국"@ko <urn:g> .
"""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Literal

from ..files import write_atomic
from ..vocab import PREFIXES

__all__ = ["RDF_EXPORTS", "generate_nquads", "generate_trig", "generate_turtle", "generate_jsonld", "write_rdf"]


def _nt_term(term) -> str:
    return _quoteLiteral(term) if isinstance(term, Literal) else term.n3()


def generate_nquads(ds: Dataset) -> str:
    """N-Quads, one line per quad, sorted (the canonical, diff-friendly export)."""
    lines = []
    for s, p, o, g in _canonical_quads(ds):
        graph = "" if g == DATASET_DEFAULT_GRAPH_ID else f" {g.n3()}"
        lines.append(f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)}{graph} .\n")
    return "".join(sorted(lines))


def generate_trig(ds: Dataset) -> str:
    """TriG with every named graph, in sorted order, with the project's prefixes.

    Each graph's body is rdflib's Turtle (subjects sorted); writing the graphs
    ourselves fixes their order, which rdflib's TriG writer leaves to the store.
    """
    by_graph: dict = {}
    for s, p, o, g in _canonical_quads(ds):
        by_graph.setdefault(g, _bind(Graph(), ds)).add((s, p, o))
    used = {}
    blocks = []
    for g, graph in by_graph.items():
        body = graph.serialize(format="turtle")
        # split on "\n" only: str.splitlines() would also cut literals at U+2028, \x0b, \x1c…
        head, rest = body.split("\n\n", 1) if body.startswith("@prefix") else ("", body)
        used.update((ln.split()[1], ln) for ln in head.split("\n") if ln.startswith("@prefix"))
        indent = "" if '"""' in rest else "    "   # indenting inside a multi-line literal would change it
        text = "\n".join(f"{indent}{ln}" if ln else "" for ln in rest.split("\n")).rstrip()
        blocks.append(f"{g.n3()} {{\n\n{text}\n}}\n" if head else f"{g.n3()} {{\n{text}\n}}\n")
    return "".join(used[k] + "\n" for k in sorted(used)) + "\n" + "\n".join(blocks)


def generate_turtle(ds: Dataset) -> str:
    """Turtle of the union of all graphs (provenance is lost: use TriG or N-Quads to keep it)."""
    union = _bind(Graph(), ds)
    for s, p, o in sorted({(s, p, o) for s, p, o, _ in _canonical_quads(ds)}):
        union.add((s, p, o))
    return union.serialize(format="turtle")


def generate_jsonld(ds: Dataset) -> str:
    """JSON-LD of every named graph, compacted with an inline ``@context`` of the project's prefixes."""
    text = _sorted_copy(ds).serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return json.dumps(_sort_arrays(json.loads(text)), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _sort_arrays(node, key=None):
    """Sort JSON arrays (unordered in JSON-LD except ``@list``) so the output is byte-stable."""
    if isinstance(node, dict):
        return {k: _sort_arrays(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sort_arrays(v) for v in node]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return node


#: Export file name -> the function that renders it.
RDF_EXPORTS = {"kjus.trig": generate_trig, "kjus.nq": generate_nquads,
               "kjus.ttl": generate_turtle, "kjus.jsonld": generate_jsonld}


def write_rdf(ds: Dataset, out_dir: str | Path) -> list[Path]:
    """Write every file of :data:`RDF_EXPORTS` into ``out_dir`` atomically; return their paths."""
    return [write_atomic(Path(out_dir) / name, render(ds)) for name, render in RDF_EXPORTS.items()]


def _bind(g, source=None):
    """Bind the project's prefixes, then any other prefix the loaded files declared (sorted)."""
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    if source is not None:
        known = set(PREFIXES.values())
        for prefix, ns in sorted(source.namespaces()):
            if str(ns) not in known and prefix:
                g.bind(prefix, ns, override=False)
    return g


def _sorted_copy(ds: Dataset) -> Dataset:
    out = _bind(Dataset(), ds)
    for s, p, o, g in _canonical_quads(ds):
        out.graph(URIRef(g)).add((s, p, o))
    return out


def _canonical_quads(ds: Dataset) -> list[tuple]:
    """Every quad, blank nodes relabelled canonically (RDFLib's ``to_canonical_graph``), sorted by graph."""
    by_graph: dict = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        by_graph.setdefault(g, []).append((s, p, o))
    quads = []
    for g, triples in sorted(by_graph.items(), key=lambda kv: str(kv[0])):
        if any(isinstance(t, BNode) for triple in triples for t in triple):
            graph = Graph()
            for triple in triples:
                graph.add(triple)
            triples = list(to_canonical_graph(graph))
        quads.extend((s, p, o, g) for s, p, o in sorted(triples))
    return quads
