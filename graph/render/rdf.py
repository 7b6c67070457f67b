"""Render the dataset as RDF: TriG, N-Quads, Turtle (union graph) and JSON-LD.

The writing runs on pyoxigraph, the project's RDF engine: the dataset is
turned into one sorted list of quads with canonical blank node labels (W3C
RDFC-1.0) once, and every format is written from it — pyoxigraph's TriG,
N-Quads and Turtle serialisers, and a streaming compact JSON-LD writer with
its context inline (no remote context is ever fetched).  Output is
deterministic: the same quads give the same bytes.

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
import re
from pathlib import Path

import pyoxigraph as ox

from ..files import write_atomic
from ..load import ox_quads
from ..prefixes import PREFIXES

__all__ = ["RDF_EXPORTS", "generate_nquads", "generate_trig", "generate_turtle", "generate_jsonld", "write_rdf",
           "canonical_quads"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Quads(list):
    """Sorted quads with canonical blank nodes, and the prefixes to write them with."""

    prefixes: dict[str, str]


def canonical_quads(data, extra_prefixes: dict[str, str] | None = None) -> Quads:
    """Every quad of ``data``, blank nodes relabelled by RDFC-1.0, sorted by graph, subject, predicate, object.

    ``data`` is an rdflib ``Dataset``, a pyoxigraph ``Store`` or ``Dataset``, an
    iterable of pyoxigraph quads, or the result of an earlier call (returned as it is).

    Examples
    --------
    >>> q = canonical_quads([ox.Quad(ox.BlankNode("x"), ox.NamedNode("urn:p"), ox.Literal("1"),
    ...                              ox.NamedNode("urn:g"))])
    >>> str(q[0].subject)
    '_:c14n0'
    """
    if isinstance(data, Quads):
        return data
    prefixes = dict(PREFIXES)
    if hasattr(data, "namespaces"):          # an rdflib Dataset: the prefixes its files declared
        known = set(prefixes.values())
        for prefix, ns in sorted(data.namespaces()):
            if prefix and str(ns) not in known and prefix not in prefixes:
                prefixes[prefix] = str(ns)
    for prefix, ns in (extra_prefixes or {}).items():
        prefixes.setdefault(prefix, ns)
    quads = ox_quads(data)
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object, q.graph_name)):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    out = Quads(sorted(set(quads), key=_sort_key))
    out.prefixes = dict(sorted(prefixes.items()))
    return out


def generate_nquads(data) -> str:
    """N-Quads, one line per quad, sorted (the canonical, diff-friendly export)."""
    text = ox.serialize(canonical_quads(data), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    # split on "\n" only: literals may hold U+2028 and other characters str.splitlines() would cut at
    return "".join(line + "\n" for line in sorted(text.split("\n")) if line)


def generate_trig(data) -> str:
    """TriG with every named graph in sorted order, with the project's prefixes."""
    quads = canonical_quads(data)
    return _with_header(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=quads.prefixes), quads.prefixes)


def generate_turtle(data) -> str:
    """Turtle of the union of all graphs (provenance is lost: use TriG or N-Quads to keep it)."""
    quads = canonical_quads(data)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_sort_key)
    return _with_header(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=quads.prefixes), quads.prefixes)


def _with_header(data: bytes, prefixes: dict[str, str]) -> str:
    """Replace the serialiser's ``@prefix`` lines with the used ones, sorted by name."""
    text = data.decode("utf-8")
    body_at = 0
    while text.startswith("@prefix", body_at):
        body_at = text.index("\n", body_at) + 1
    body = text[body_at:]
    used = [p for p in prefixes if re.search(rf"(?<![\w.-]){re.escape(p)}:", body)]
    return "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in sorted(used)) + ("\n" if used else "") + body


def generate_jsonld(data) -> str:
    """JSON-LD of every named graph, compact, with an inline ``@context`` of the prefixes.

    One object per graph (``@id`` the graph name, ``@graph`` its nodes), nodes
    and values sorted; IRIs are written as compact IRIs (``kjd:korea``) where a
    prefix applies.  Every JSON-LD 1.1 processor expands it back to the same quads.
    """
    quads = canonical_quads(data)
    prefixes = quads.prefixes
    by_ns = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
    cache: dict[str, str] = {}

    def compact(iri: str) -> str:
        got = cache.get(iri)
        if got is None:
            got = iri
            for ns, prefix in by_ns:
                if iri.startswith(ns) and not iri[len(ns):].startswith("//"):
                    got = f"{prefix}:{iri[len(ns):]}"
                    break
            cache[iri] = got
        return got

    graphs: dict[str, dict[str, dict[str, list]]] = {}
    for q in quads:
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else _node_id(q.graph_name, compact)
        node = graphs.setdefault(g, {}).setdefault(_node_id(q.subject, compact), {})
        if q.predicate.value == _RDF_TYPE and not isinstance(q.object, ox.Literal):
            node.setdefault("@type", []).append(_node_id(q.object, compact))
        else:
            node.setdefault(compact(q.predicate.value), []).append(_value(q.object, compact))
    top = []
    for g in sorted(graphs):
        nodes = [{"@id": s, **{k: sorted(v, key=_json_key) for k, v in sorted(props.items())}}
                 for s, props in sorted(graphs[g].items())]
        top.extend(nodes if g == "" else [{"@id": g, "@graph": nodes}])
    used = {c.split(":", 1)[0] for c in cache.values() if c != "" and not c.startswith(("http", "urn", "_:"))}
    doc = {"@context": {p: ns for p, ns in prefixes.items() if p in used}, "@graph": top}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


#: Export file name -> the function that renders it.
RDF_EXPORTS = {"kjus.trig": generate_trig, "kjus.nq": generate_nquads,
               "kjus.ttl": generate_turtle, "kjus.jsonld": generate_jsonld}


def write_rdf(data, out_dir: str | Path) -> list[Path]:
    """Write every file of :data:`RDF_EXPORTS` into ``out_dir`` atomically; return their paths."""
    quads = canonical_quads(data)
    return [write_atomic(Path(out_dir) / name, render(quads)) for name, render in RDF_EXPORTS.items()]


# --- helpers ----------------------------------------------------------------------

def _sort_key(q) -> tuple:
    return tuple(str(t) for t in q)


def _node_id(term, compact) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)


def _value(term, compact) -> dict:
    if not isinstance(term, ox.Literal):
        return {"@id": _node_id(term, compact)}
    if term.language:
        return {"@language": term.language, "@value": term.value}
    dt = term.datatype.value
    return {"@value": term.value} if dt in (_XSD_STRING, _LANG_STRING) else {"@type": compact(dt), "@value": term.value}


def _json_key(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
