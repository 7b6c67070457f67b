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

from rdflib import Dataset, Graph, URIRef
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
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = "" if g == DATASET_DEFAULT_GRAPH_ID else f" {g.n3()}"
        lines.append(f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)}{graph} .\n")
    return "".join(sorted(lines))


def generate_trig(ds: Dataset) -> str:
    """TriG with every named graph, in sorted order, with the project's prefixes."""
    return _sorted_copy(ds).serialize(format="trig")


def generate_turtle(ds: Dataset) -> str:
    """Turtle of the union of all graphs (provenance is lost: use TriG or N-Quads to keep it)."""
    union = _bind(Graph())
    for s, p, o in sorted({(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}):
        union.add((s, p, o))
    return union.serialize(format="turtle")


def generate_jsonld(ds: Dataset) -> str:
    """JSON-LD of every named graph, compacted with an inline ``@context`` of the project's prefixes."""
    text = _sorted_copy(ds).serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


#: Export file name -> the function that renders it.
RDF_EXPORTS = {"kjus.trig": generate_trig, "kjus.nq": generate_nquads,
               "kjus.ttl": generate_turtle, "kjus.jsonld": generate_jsonld}


def write_rdf(ds: Dataset, out_dir: str | Path) -> list[Path]:
    """Write every file of :data:`RDF_EXPORTS` into ``out_dir`` atomically; return their paths."""
    return [write_atomic(Path(out_dir) / name, render(ds)) for name, render in RDF_EXPORTS.items()]


def _bind(g):
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _sorted_copy(ds: Dataset) -> Dataset:
    out = _bind(Dataset())
    quads = sorted(ds.quads((None, None, None, None)), key=lambda q: (str(q[3]), q[0], q[1], q[2]))
    for s, p, o, g in quads:
        out.graph(URIRef(g)).add((s, p, o))
    return out
