"""Render the dataset as RDF: TriG, N-Quads, Turtle (union graph) and JSON-LD.

The writing runs on pyoxigraph, the project's RDF engine: the dataset is
dumped once as N-Quads lines with canonical blank node labels (W3C RDFC-1.0),
sorted graph first, and every format is written from them — pyoxigraph's TriG,
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
from ..load import to_store
from ..prefixes import PREFIXES

__all__ = ["RDF_EXPORTS", "generate_nquads", "generate_trig", "generate_turtle", "generate_jsonld", "write_rdf",
           "canonical_lines"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Lines(list):
    """Canonical quads as ``(graph, N-Triples line)`` byte pairs, sorted by graph, then by line.

    The graph is written as in N-Quads (``<iri>`` or ``_:label``; ``DEFAULT``
    for the default graph, which sorts last); each line ends with `` .``.
    ``prefixes`` are the prefixes to write TriG, Turtle and JSON-LD with.
    """

    prefixes: dict[str, str]


def canonical_lines(data, extra_prefixes: dict[str, str] | None = None) -> Lines:
    """Every quad of ``data``, blank nodes relabelled by RDFC-1.0, sorted by graph, subject, predicate, object.

    ``data`` is a pyoxigraph ``Store``, an rdflib ``Dataset``, an iterable of
    pyoxigraph quads, or the result of an earlier call (returned as it is).

    Each graph is written by Oxigraph's own N-Triples writer and its lines are
    sorted as bytes: a term never continues past the space after it, so the
    byte order of lines is the order of (subject, predicate, object) term by
    term.  RDFC-1.0 labels depend only on the quads that mention blank nodes,
    so only those are canonicalised, and only those pass through Python as
    objects: a million-quad dataset is sorted without a Python object per term.

    Examples
    --------
    >>> lines = canonical_lines([ox.Quad(ox.BlankNode("x"), ox.NamedNode("urn:p"), ox.Literal("1"),
    ...                                  ox.NamedNode("urn:g"))])
    >>> lines[0]
    (b'<urn:g>', b'_:c14n0 <urn:p> "1" .')
    """
    if isinstance(data, Lines):
        return data
    prefixes = dict(PREFIXES)
    if hasattr(data, "namespaces"):          # an rdflib Dataset: the prefixes its files declared
        known = set(prefixes.values())
        for prefix, ns in sorted(data.namespaces()):
            if prefix and str(ns) not in known and prefix not in prefixes:
                prefixes[prefix] = str(ns)
    for prefix, ns in (extra_prefixes or {}).items():
        prefixes.setdefault(prefix, ns)
    store = to_store(data if isinstance(data, ox.Store) or hasattr(data, "namespaces") else list(data))
    found, canonical = _blank_quads(store)
    drop = _lines_by_graph(found)
    pairs = []
    for graph in [*store.named_graphs(), ox.DefaultGraph()]:
        if isinstance(graph, ox.BlankNode):
            continue                      # all its quads are among the canonicalised ones
        key = _graph_key(graph)
        lines = set(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).split(b"\n"))
        lines -= drop.get(key, set())
        pairs.extend((key, line) for line in lines if line)
    for key, lines in _lines_by_graph(canonical).items():
        pairs.extend((key, line) for line in lines if line)
    out = Lines(sorted(set(pairs)))
    out.prefixes = dict(sorted(prefixes.items()))
    return out


def _graph_key(graph) -> bytes:
    return b"DEFAULT" if isinstance(graph, ox.DefaultGraph) else str(graph).encode("utf-8")


def _blank_quads(store: ox.Store) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The quads that mention a blank node, as stored and relabelled by RDFC-1.0."""
    found = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in store.query(
        "SELECT ?s ?p ?o ?g { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o) || isBlank(?g)) }")]
    found += [q for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
              if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
    if not found:
        return [], []
    dataset = ox.Dataset(found)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return found, list(dataset)


def _lines_by_graph(quads: list[ox.Quad]) -> dict[bytes, set[bytes]]:
    """Graph key → the N-Triples lines of the quads in it."""
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(_graph_key(q.graph_name), []).append(q.triple)
    return {key: set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).split(b"\n"))
            for key, triples in by_graph.items()}


def _triples(lines: Lines) -> list[bytes]:
    """The distinct triples of every graph as sorted N-Triples lines (the union graph)."""
    return sorted({line for _, line in lines})


def _nquads(lines: Lines) -> bytes:
    """The lines as N-Quads, in graph order (what the TriG and JSON-LD writers read)."""
    return b"\n".join(line if graph == b"DEFAULT" else line[:-1] + graph + b" ." for graph, line in lines)


def generate_nquads(data) -> str:
    """N-Quads, one line per quad, sorted (the canonical, diff-friendly export)."""
    lines = canonical_lines(data)
    return b"".join(sorted((line if graph == b"DEFAULT" else line[:-1] + graph + b" .") + b"\n"
                           for graph, line in lines)).decode("utf-8")


def generate_trig(data) -> str:
    """TriG with every named graph in sorted order, with the project's prefixes."""
    lines = canonical_lines(data)
    quads = ox.parse(_nquads(lines), format=ox.RdfFormat.N_QUADS)
    return _with_header(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=lines.prefixes), lines.prefixes)


def generate_turtle(data) -> str:
    """Turtle of the union of all graphs (provenance is lost: use TriG or N-Quads to keep it)."""
    lines = canonical_lines(data)
    triples = ox.parse(b"\n".join(_triples(lines)), format=ox.RdfFormat.N_TRIPLES)
    return _with_header(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=lines.prefixes), lines.prefixes)


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
    One node per line: diff-friendly, and each line is written by the C JSON encoder.
    """
    lines = canonical_lines(data)
    prefixes = lines.prefixes
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

    graphs: dict[str, list[str]] = {}
    current, nodes = None, {}
    for q in ox.parse(_nquads(lines), format=ox.RdfFormat.N_QUADS):
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else _node_id(q.graph_name, compact)
        if g != current:
            if current is not None:
                graphs[current] = _node_lines(nodes)
            current, nodes = g, {}
        node = nodes.setdefault(_node_id(q.subject, compact), {})
        if q.predicate.value == _RDF_TYPE and not isinstance(q.object, ox.Literal):
            node.setdefault("@type", []).append((_node_id(q.object, compact),))
        else:
            node.setdefault(compact(q.predicate.value), []).append(_value(q.object, compact))
    if current is not None:
        graphs[current] = _node_lines(nodes)
    used = {c.split(":", 1)[0] for c in cache.values() if c != "" and not c.startswith(("http", "urn", "_:"))}
    context = {p: ns for p, ns in prefixes.items() if p in used}
    out = ['{"@context": ' + json.dumps(context, ensure_ascii=False) + ',\n "@graph": [\n']
    blocks = []
    for g in sorted(graphs):
        if g == "":
            blocks.extend(graphs[g])
        else:
            blocks.append(f'  {{"@id": {json.dumps(g, ensure_ascii=False)}, "@graph": [\n   '
                          + ",\n   ".join(graphs[g]) + "\n  ]}")
    out.append(",\n".join(blocks))
    out.append("\n]}\n")
    return "".join(out)


def _node_lines(nodes: dict[str, dict[str, list]]) -> list[str]:
    """Each node of a graph as one line of compact JSON, nodes and values sorted."""
    out = []
    for s in sorted(nodes):
        node: dict = {"@id": s}
        for k, values in sorted(nodes[s].items()):
            node[k] = [v[0] for v in sorted(values)] if k == "@type" else [v[1] for v in sorted(values)]
        out.append(json.dumps(node, ensure_ascii=False))
    return out


#: Export file name -> the function that renders it.
RDF_EXPORTS = {"kjus.trig": generate_trig, "kjus.nq": generate_nquads,
               "kjus.ttl": generate_turtle, "kjus.jsonld": generate_jsonld}


def write_rdf(data, out_dir: str | Path, prefixes: dict[str, str] | None = None) -> list[Path]:
    """Write every file of :data:`RDF_EXPORTS` into ``out_dir`` atomically; return their paths.

    ``prefixes`` are added to the project's own (those the sources declared).
    """
    lines = canonical_lines(data, prefixes)
    return [write_atomic(Path(out_dir) / name, render(lines)) for name, render in RDF_EXPORTS.items()]


# --- helpers ----------------------------------------------------------------------

def _node_id(term, compact) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)


def _value(term, compact) -> tuple[tuple, dict]:
    """A JSON-LD value object, with its sort key first (node references, then by language, type and text)."""
    if not isinstance(term, ox.Literal):
        ref = _node_id(term, compact)
        return (0, ref), {"@id": ref}
    if term.language:
        return (1, term.language, term.value), {"@language": term.language, "@value": term.value}
    dt = term.datatype.value
    if dt in (_XSD_STRING, _LANG_STRING):
        return (3, "", term.value), {"@value": term.value}
    return (2, compact(dt), term.value), {"@type": compact(dt), "@value": term.value}
