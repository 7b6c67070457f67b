"""Stage 4 — infer: RDFS entailments from the ontology's class and property hierarchy.

Only two rules are needed, and they are cheap: rdfs9 (an instance of a class is
an instance of its superclasses) and rdfs7 (a triple with a property holds for
its superproperties).  Validation uses the full closure so that shapes on
``kj:Actor`` reach every ``kj:Company``; the build exports only the entailments
into *standard* vocabularies, in their own named graph, so that a user who knows
schema.org, PROV-O, FOAF or W3C ORG can query without learning ``kj:``.

The rules run over a pyoxigraph store (an rdflib ``Dataset`` is taken over
first, for callers that have one).

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
>>> sorted(t.object.value for t in entailments(ds))
['https://schema.org/Organization', 'https://w3id.org/kjus/ontology#Organization']
>>> sorted(t.object.value for t in entailments(ds, external_only=True))
['https://schema.org/Organization']
"""
from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from .load import to_store
from .prefixes import PREFIXES
from .vocab import INFERRED_GRAPH, MODEL_GRAPHS, TRANSITIONS_GRAPH

__all__ = ["entailments", "data_graph_names", "DERIVED_GRAPHS"]

_RDF_TYPE = PREFIXES["rdf"] + "type"
_SUBCLASS, _SUBPROPERTY = PREFIXES["rdfs"] + "subClassOf", PREFIXES["rdfs"] + "subPropertyOf"
#: Graphs that hold no curated data: the model, the entailments, the derived transitions.
DERIVED_GRAPHS = frozenset(str(g) for g in (*MODEL_GRAPHS.values(), INFERRED_GRAPH, TRANSITIONS_GRAPH))


def data_graph_names(store) -> list[ox.NamedNode]:
    """Names of the graphs that hold data (not the model, not entailments or derived transitions), sorted.

    Examples
    --------
    >>> from graph.load import load_sources
    >>> names = data_graph_names(load_sources().store)
    >>> len(names) > 50 and all(n.value.startswith("https://w3id.org/kjus/source/") for n in names)
    True
    """
    store = to_store(store)
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in DERIVED_GRAPHS),
                  key=lambda g: g.value)


def entailments(store, *, external_only: bool = False) -> list[ox.Triple]:
    """Return the rdfs7/rdfs9 entailments of the data graphs that are not already asserted, sorted.

    Parameters
    ----------
    store : a pyoxigraph Store from :func:`graph.load.load_sources` (model graphs included),
        or an rdflib ``Dataset``.
    external_only : keep only entailed types and properties outside the ``kj:`` namespace.
    """
    store = to_store(store)
    model = [q for g in MODEL_GRAPHS.values()
             for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(g)))]
    supers_c = _closure(model, _SUBCLASS)
    supers_p = _closure(model, _SUBPROPERTY)
    kj = PREFIXES["kj"]
    out: set[ox.Triple] = set()
    for name in data_graph_names(store):
        for q in store.quads_for_pattern(None, None, None, name):
            p = q.predicate.value
            if p == _RDF_TYPE:
                for c in supers_c.get(q.object.value, ()):
                    if not (external_only and c.startswith(kj)):
                        out.add(ox.Triple(q.subject, q.predicate, ox.NamedNode(c)))
            else:
                for sup in supers_p.get(p, ()):
                    if not (external_only and sup.startswith(kj)):
                        out.add(ox.Triple(q.subject, ox.NamedNode(sup), q.object))
    new = [t for t in out if next(iter(store.quads_for_pattern(t.subject, t.predicate, t.object)), None) is None]
    return sorted(new, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _closure(model: list[ox.Quad], relation: str) -> dict[str, set[str]]:
    """Map each term to all its (strict) ancestors along ``relation``."""
    parents: dict[str, set[str]] = defaultdict(set)
    for q in model:
        if q.predicate.value == relation and isinstance(q.object, ox.NamedNode) and q.subject != q.object:
            parents[q.subject.value].add(q.object.value)
    result: dict[str, set[str]] = {}
    for term in list(parents):
        seen: set[str] = set()
        stack = list(parents[term])
        while stack:
            t = stack.pop()
            if t not in seen:
                seen.add(t)
                stack.extend(parents.get(t, ()))
        result[term] = seen
    return result
