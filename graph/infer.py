"""Stage 4 — infer: RDFS entailments from the ontology's class and property hierarchy.

Only two rules are needed, and they are cheap: rdfs9 (an instance of a class is
an instance of its superclasses) and rdfs7 (a triple with a property holds for
its superproperties).  Validation uses the full closure so that shapes on
``kj:Actor`` reach every ``kj:Company``; the build exports only the entailments
into *standard* vocabularies, in their own named graph, so that a user who knows
schema.org, PROV-O, FOAF or W3C ORG can query without learning ``kj:``.

Examples
--------
>>> from rdflib import Dataset, URIRef
>>> ds = Dataset()
>>> _ = ds.parse(data='''
... @prefix kj: <https://w3id.org/kjus/ontology#> .
... @prefix schema: <https://schema.org/> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <https://w3id.org/kjus/ontology> { kj:Company rdfs:subClassOf kj:Organization .
...                                   kj:Organization rdfs:subClassOf schema:Organization . }
... <urn:g> { <urn:x> a kj:Company . }''', format="trig")
>>> sorted(str(o) for _, _, o in entailments(ds))
['https://schema.org/Organization', 'https://w3id.org/kjus/ontology#Organization']
>>> sorted(str(o) for _, _, o in entailments(ds, external_only=True))
['https://schema.org/Organization']
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from .vocab import INFERRED_GRAPH, KJ, MODEL_GRAPHS, TRANSITIONS_GRAPH

__all__ = ["entailments", "data_graph_names"]


def data_graph_names(ds: Dataset) -> list[URIRef]:
    """Names of the graphs that hold data (not the model, not entailments or derived transitions), sorted."""
    model = set(MODEL_GRAPHS.values()) | {INFERRED_GRAPH, TRANSITIONS_GRAPH}
    names = {g for _, _, _, g in ds.quads((None, None, None, None))}
    return sorted(n for n in names if n not in model and isinstance(n, URIRef))


def entailments(ds: Dataset, *, external_only: bool = False) -> Graph:
    """Return the rdfs7/rdfs9 entailments of the data graphs that are not already asserted.

    Parameters
    ----------
    ds : a Dataset from :func:`graph.load.load_dataset` (model graphs included).
    external_only : keep only entailed types and properties outside the ``kj:`` namespace.
    """
    model = Graph()
    for graph_iri in MODEL_GRAPHS.values():
        model += ds.graph(graph_iri)
    supers_c = _closure(model, RDFS.subClassOf)
    supers_p = _closure(model, RDFS.subPropertyOf)
    kj = str(KJ._NS)
    out = Graph()
    for name in data_graph_names(ds):
        for s, p, o in ds.graph(name):
            if p == RDF.type:
                new = ((s, RDF.type, c) for c in supers_c.get(o, ()))
            else:
                new = ((s, q, o) for q in supers_p.get(p, ()))
            for triple in new:
                if not (external_only and str(triple[1] if p != RDF.type else triple[2]).startswith(kj)):
                    out.add(triple)
    return out - _asserted(ds, out)


def _asserted(ds: Dataset, candidates: Graph) -> Graph:
    g = Graph()
    for triple in candidates:
        if any(True for _ in ds.quads(triple)):
            g.add(triple)
    return g


def _closure(model: Graph, relation: URIRef) -> dict[URIRef, set[URIRef]]:
    """Map each term to all its (strict) ancestors along ``relation``."""
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for child, parent in model.subject_objects(relation):
        if isinstance(parent, URIRef) and child != parent:
            parents[child].add(parent)
    result: dict[URIRef, set[URIRef]] = {}
    for term in list(parents):
        seen: set[URIRef] = set()
        stack = list(parents[term])
        while stack:
            t = stack.pop()
            if t not in seen:
                seen.add(t)
                stack.extend(parents.get(t, ()))
        result[term] = seen
    return result
