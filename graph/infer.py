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
from typing import BinaryIO

import pyoxigraph as ox

from .load import to_store
from .prefixes import PREFIXES
from .vocab import INFERRED_GRAPH, MODEL_GRAPHS, TRANSITIONS_GRAPH

__all__ = ["entailments", "materialise", "write_entailments", "hierarchy", "sub_terms", "data_graph_names", "DERIVED_GRAPHS"]

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
    supers_c, supers_p = hierarchy(store)
    derived = {ox.NamedNode(g) for g in DERIVED_GRAPHS}
    kj = PREFIXES["kj"]

    def keep(iri: str) -> bool:
        return not (external_only and iri.startswith(kj))

    rdf_type = ox.NamedNode(_RDF_TYPE)
    asserted: set[ox.Triple] = set()
    out: set[ox.Triple] = set()
    for q in store.quads_for_pattern(None, rdf_type, None):     # rdfs9, read from the type index only
        asserted.add(q.triple)
        if q.graph_name not in derived and not isinstance(q.graph_name, ox.DefaultGraph):
            out.update(ox.Triple(q.subject, rdf_type, ox.NamedNode(c))
                       for c in supers_c.get(q.object.value, ()) if keep(c))
    for p, sups in supers_p.items():                            # rdfs7, only for properties that have supers
        targets = [ox.NamedNode(sup) for sup in sups if keep(sup)]
        if not targets:
            continue
        for q in store.quads_for_pattern(None, ox.NamedNode(p), None):
            if q.graph_name not in derived and not isinstance(q.graph_name, ox.DefaultGraph):
                out.update(ox.Triple(q.subject, sup, q.object) for sup in targets)
    for sup in {t.predicate for t in out if t.predicate != rdf_type}:
        asserted.update(q.triple for q in store.quads_for_pattern(None, sup, None))
    return sorted(out - asserted, key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))


def materialise(store: ox.Store, *, external_only: bool = True) -> int:
    """Add the entailments of :func:`entailments` to ``store`` itself, in the graph ``INFERRED_GRAPH``.

    The rules run as two SPARQL updates inside Oxigraph (no Python object per
    triple), which keeps a million-triple build fast; the result is the same set
    of triples that :func:`entailments` lists.  Returns the number of triples added.

    Examples
    --------
    >>> from graph.load import load_sources
    >>> store = load_sources().store
    >>> added = materialise(store)
    >>> added == len(entailments(load_sources().store, external_only=True)) > 100
    True
    """
    inferred = f"<{INFERRED_GRAPH}>"
    count = f"SELECT (COUNT(*) AS ?n) {{ GRAPH {inferred} {{ ?s ?p ?o }} }}"
    before = int(next(iter(store.query(count)))["n"].value)
    for head, body in _rules(store, external_only):
        store.update(f"INSERT {{ GRAPH {inferred} {{ {head} }} }} WHERE {{ {body} }}")
    return int(next(iter(store.query(count)))["n"].value) - before


def write_entailments(store: ox.Store, fh: BinaryIO, *, external_only: bool = True) -> None:
    """Write the triples :func:`materialise` would add to ``store`` as N-Triples to ``fh``, leaving ``store`` as it is.

    The rules run as ``CONSTRUCT`` queries whose results Oxigraph serialises
    straight to ``fh``; a triple may be written more than once.  The build uses
    this to write its inferred graph without holding it (or writing to a store
    it shares with another process).

    Examples
    --------
    >>> import io
    >>> from graph.load import load_sources
    >>> out = io.BytesIO()
    >>> write_entailments(load_sources().store, out)
    >>> written = set(out.getvalue().splitlines())
    >>> store = load_sources().store
    >>> _ = materialise(store)
    >>> written == set(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(INFERRED_GRAPH))).splitlines())
    True
    """
    for head, body in _rules(store, external_only):
        store.query(f"CONSTRUCT {{ {head} }} WHERE {{ {body} }}").serialize(fh, ox.RdfFormat.N_TRIPLES)


def _rules(store: ox.Store, external_only: bool) -> list[tuple[str, str]]:
    """The entailment rules over ``store``'s model as SPARQL (template, pattern) pairs.

    A super-class or super-property triple is entailed where the sources say the
    narrower one and no graph but the inferred one says it already.
    """
    supers_c, supers_p = hierarchy(store)
    kj = PREFIXES["kj"]

    def pairs(supers: dict[str, set[str]]) -> str:
        return " ".join(f"(<{a}> <{b}>)" for a in sorted(supers) for b in sorted(supers[a])
                        if not (external_only and b.startswith(kj)))

    inferred = f"<{INFERRED_GRAPH}>"
    derived = ", ".join(f"<{g}>" for g in sorted(DERIVED_GRAPHS))
    return [(broad, f"VALUES (?narrow ?super) {{ {values} }} GRAPH ?g {{ {narrow} }} FILTER(?g NOT IN ({derived})) "
                    f"FILTER NOT EXISTS {{ GRAPH ?h {{ {broad} }} FILTER(?h != {inferred}) }}")
            for values, narrow, broad in ((pairs(supers_c), "?s a ?narrow", "?s a ?super"),
                                          (pairs(supers_p), "?s ?narrow ?o", "?s ?super ?o"))
            if values]


def hierarchy(store) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The model's class and property hierarchies: each class's and each property's strict ancestors.

    Examples
    --------
    >>> from graph.load import load_sources
    >>> classes, properties = hierarchy(load_sources().store)
    >>> PREFIXES["kj"] + "Actor" in classes[PREFIXES["kj"] + "Company"]
    True
    """
    store = to_store(store)
    model = [q for g in MODEL_GRAPHS.values()
             for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(g)))]
    return _closure(model, _SUBCLASS), _closure(model, _SUBPROPERTY)


def sub_terms(store) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The hierarchies inverted: each class mapped to all its sub-classes, each property to its sub-properties.

    Examples
    --------
    >>> from graph.load import load_sources
    >>> classes, properties = sub_terms(load_sources().store)
    >>> PREFIXES["kj"] + "Company" in classes[PREFIXES["kj"] + "Actor"]
    True
    """
    inverted = []
    for supers in hierarchy(store):
        subs: dict[str, set[str]] = defaultdict(set)
        for term, ancestors in supers.items():
            for ancestor in ancestors:
                subs[ancestor].add(term)
        inverted.append(dict(subs))
    return inverted[0], inverted[1]


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
