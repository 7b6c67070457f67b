"""Counts that describe the graph: by class, by source document and by statement status.

Examples
--------
>>> from graph.load import load_dataset
>>> s = graph_stats(load_dataset())
>>> s["by_source"][0]["source"]
'src:000_76483b81068cf569'
"""
from __future__ import annotations

from collections import Counter

from rdflib import Dataset
from rdflib.namespace import PROV, RDF

from .infer import data_graph_names
from .vocab import KJ, curie

__all__ = ["graph_stats"]


def graph_stats(ds: Dataset) -> dict:
    """Return ``{"by_class": [...], "by_source": [...], "by_status": [...], "totals": {...}}``, sorted."""
    names = data_graph_names(ds)
    by_class: Counter = Counter()
    triples = 0
    for name in names:
        g = ds.graph(name)
        triples += len(g)
        by_class.update(curie(str(c)) for c in g.objects(None, RDF.type))
    by_source: dict[str, Counter] = {}
    by_status: Counter = Counter()
    for assertion in set(ds.subjects(RDF.type, KJ.Assertion)):
        doc = curie(str(ds.value(assertion, PROV.wasDerivedFrom)))
        counts = by_source.setdefault(doc, Counter())
        counts["graphs"] += 1
        counts["triples"] += len(ds.graph(assertion))
        by_status[curie(str(ds.value(assertion, KJ.status)))] += 1
    return {
        "totals": {"graphs": len(names), "triples": triples, "sources": len(by_source)},
        "by_class": [{"class": c, "count": n} for c, n in sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0]))],
        "by_source": [{"source": d, "assertions": c["graphs"], "triples": c["triples"]}
                      for d, c in sorted(by_source.items())],
        "by_status": [{"status": s, "assertions": n} for s, n in sorted(by_status.items(), key=lambda kv: (-kv[1], kv[0]))],
    }
