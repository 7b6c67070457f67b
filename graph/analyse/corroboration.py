"""Corroboration: one fact from many sources, counted once, with every source and quote behind it.

A fact is a triple of an assertion graph (same subject, relation and object, or the
same literal value; see :mod:`.statements`); the same fact in the assertion graphs of
several source documents is one fact with several independent sources.  The SPARQL
twin is the named query ``facts-by-sources`` (``kjus query facts-by-sources``).

Examples
--------
>>> from graph.analyse.statements import example_store
>>> [(f["predicate_label"], f["object_label"], f["sources"]) for f in corroboration(example_store())]
[('party', 'korea', 2), ('date', '2025-08-23', 1), ('date', '2025-08-24', 1)]
"""
from __future__ import annotations

from .statements import index_statements, term_text

__all__ = ["corroboration"]


def corroboration(store, *, min_sources: int = 1) -> list[dict]:
    """Every fact with the number of independent sources that state it, most corroborated first.

    Parameters
    ----------
    store : pyoxigraph.Store
        A build's dataset (:func:`graph.query.load_store`), or a
        :class:`~graph.analyse.statements.StatementIndex` already made of it.
    min_sources : int
        Keep facts stated by at least this many sources.

    Returns
    -------
    list of dict
        ``{"subject", "subject_label", "predicate", "predicate_label", "object",
        "object_label", "sources", "documents", "evidence"}``: ``sources`` is the number
        of distinct source documents, ``documents`` their IRIs, ``evidence`` one record
        per assertion graph (``{"source", "date", "graph", "status", "quote", "start",
        "end"}``, in report order).  Sorted by decreasing ``sources``, then subject,
        predicate and object.

    Examples
    --------
    >>> from graph.analyse.statements import example_store
    >>> (top,) = corroboration(example_store(), min_sources=2)
    >>> top["subject_label"], top["documents"]
    ('Korea–Japan AI fund', ['https://w3id.org/kjus/source/a', 'https://w3id.org/kjus/source/b'])
    >>> [(e["date"], e["status"], e["quote"]) for e in top["evidence"]]
    [('2025-08-25', 'expected', '펀드를 기대했다'), ('2025-09-15', 'agreed', '펀드에 합의했다')]
    """
    ix = store if hasattr(store, "facts") else index_statements(store)
    out = []
    for (s, p), objects in ix.facts.items():
        for o, graphs in objects.items():
            documents = ix.sources_of(graphs)
            if len(documents) < min_sources:
                continue
            out.append({
                "subject": s, "subject_label": ix.label(s), "predicate": p,
                "predicate_label": ix.property_label(p), "object": term_text(o), "object_label": ix.value_text(o),
                "sources": len(documents), "documents": documents, "evidence": evidence_records(ix, graphs),
            })
    out.sort(key=lambda f: (-f["sources"], f["subject"], f["predicate"], f["object"]))
    return out


def evidence_records(ix, graphs) -> list[dict]:
    """One record per assertion graph, earliest report first: source, date, status, quote, offsets."""
    records = []
    for g in graphs:
        report = ix.reports[g]
        quotes = report.evidence or ({"quote": "", "start": "", "end": ""},)
        for q in quotes:
            records.append({"source": report.source, "date": report.date, "graph": g, "status": report.status,
                            "quote": q["quote"], "start": q["start"], "end": q["end"]})
    records.sort(key=lambda r: (r["date"], r["source"], r["graph"], str(r["start"])))
    return records
