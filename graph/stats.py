"""Counts that describe the graph: by class, by source document and by statement status.

Examples
--------
>>> from graph.load import load_sources
>>> s = graph_stats(load_sources().store)
>>> s["by_source"][0]["source"]
'src:000_76483b81068cf569'
"""
from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from .infer import data_graph_names
from .load import to_store
from .prefixes import PREFIXES, curie

__all__ = ["graph_stats"]

_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_ASSERTION = ox.NamedNode(PREFIXES["kj"] + "Assertion")
_DERIVED_FROM = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
_STATUS = ox.NamedNode(PREFIXES["kj"] + "status")


def graph_stats(data) -> dict:
    """Return ``{"by_class": [...], "by_source": [...], "by_status": [...], "totals": {...}}``, sorted.

    ``data`` is a pyoxigraph store (:func:`graph.load.load_sources`) or an rdflib ``Dataset``.
    """
    store = to_store(data)
    names = data_graph_names(store)
    by_class: Counter = Counter()
    size: Counter = Counter()
    for name in names:
        for q in store.quads_for_pattern(None, None, None, name):
            size[name] += 1
            if q.predicate == _RDF_TYPE:
                by_class[curie(q.object.value)] += 1
    by_source: dict[str, Counter] = {}
    by_status: Counter = Counter()
    for assertion in {q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, _ASSERTION)}:
        doc = next(iter(store.quads_for_pattern(assertion, _DERIVED_FROM, None)), None)
        status = next(iter(store.quads_for_pattern(assertion, _STATUS, None)), None)
        counts = by_source.setdefault(curie(doc.object.value) if doc else "None", Counter())
        counts["graphs"] += 1
        counts["triples"] += size.get(assertion, 0)
        by_status[curie(status.object.value) if status else "None"] += 1
    return {
        "totals": {"graphs": len(names), "triples": sum(size.values()), "sources": len(by_source)},
        "by_class": [{"class": c, "count": n} for c, n in sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0]))],
        "by_source": [{"source": d, "assertions": c["graphs"], "triples": c["triples"]}
                      for d, c in sorted(by_source.items())],
        "by_status": [{"status": s, "assertions": n} for s, n in sorted(by_status.items(), key=lambda kv: (-kv[1], kv[0]))],
    }
