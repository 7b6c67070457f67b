"""What a build adds: the difference between two builds (or any two N-Quads files).

:func:`diff_builds` compares two datasets the way an analyst reads a weekly update:

* **sources** added, removed, or changed (another text — ``kj:sha256`` — or other facts);
* **entities** added or removed (IRIs typed in an assertion graph);
* **statements** added or removed: distinct triples of the assertion graphs (the
  same triple stated by one more source is not a new statement; it is corroboration);
* **status changes**: entities whose standing status differs — the status their story
  has reached (:func:`graph.analyse.history.status_story`) —, and **transitions** found or lost;
* **conflicts** new, gone, or newly resolved (:func:`graph.analyse.conflicts.conflicts`).

Counts are exact; the lists of statements stop at :data:`MAX_LISTED` each (``truncated``
says so).  The build writes the result as ``exports/changes.json`` and ``changes.md``
(:func:`graph.render.crosssource.write_changes`); ``kjus diff OLD NEW`` prints it.

Examples
--------
>>> from graph.analyse.statements import example_store
>>> d = diff_builds(None, example_store())
>>> [s["source"].rsplit("/", 1)[1] for s in d["sources"]["added"]], d["statements"]["added"]
(['a', 'b'], 9)
>>> diff_builds(example_store(), example_store())["statements"]["added"]
0
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from .analyse.conflicts import conflicts as find_conflicts
from .analyse.history import status_story
from .analyse.statements import StatementIndex, index_statements, statement_graphs
from .load import to_store
from .errors import ParseError, QueryError
from .vocab import INFERRED_GRAPH, curie

__all__ = ["MAX_LISTED", "diff_builds", "load_build"]

#: Most statements listed as added (and as removed); the counts stay exact.
MAX_LISTED = 2000


def load_build(path: str | Path) -> ox.Store:
    """The dataset of a build folder (its ``kjus.nq``) or of one RDF file.

    Raises
    ------
    QueryError
        No build there.

    Examples
    --------
    >>> load_build("/nonexistent/build")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: no graph at /nonexistent/build; run `kjus build` first or pass --data PATH
    """
    from .query import load_store
    path = Path(path)
    if path.is_dir():
        if not (path / "kjus.nq").is_file():
            raise QueryError(f"{path}: not a build folder (no kjus.nq in it); give the folder `kjus build --out` "
                             "wrote, or an N-Quads file")
        path = path / "kjus.nq"
    return load_store(path)


def diff_builds(old, new, *, shapes=None, index=None) -> dict:
    """What changed from ``old`` to ``new``.

    Parameters
    ----------
    old, new : pyoxigraph.Store, rdflib Dataset or None
        The two datasets (:func:`load_build`); ``old=None`` is the empty graph (a first build).
        ``old`` may also be the path of a build (or of its ``kjus.nq``): it is loaded without
        its inferred graph (nothing the comparison reads is inferred), read, and let go
        before ``new`` is read.
    shapes : path, optional
        SHACL shapes for the conflicts (default ``ontology/shapes.ttl``).
    index : StatementIndex, optional
        :func:`~graph.analyse.statements.index_statements` of ``new``, if the caller made it already.

    Returns
    -------
    dict
        ``{"sources": {"added", "removed", "changed"}, "entities": {"added", "removed"},
        "statements": {"added", "removed", "added_list", "removed_list", "truncated"},
        "status_changes", "transitions": {"added", "removed"},
        "conflicts": {"new", "gone", "resolved"}, "totals": {"old", "new"}}``; every
        list sorted, nothing dated by the run (the same two builds give the same bytes).
    """
    before = _Side(_load_asserted(old) if isinstance(old, (str, Path)) else old, shapes)
    before.settle()                 # what the diff needs of the old dataset, its store and index let go
    after = _Side(new, shapes, index=index)
    out: dict = {}
    out["sources"] = {
        "added": [after.doc_record(d) for d in sorted(after.docs.keys() - before.docs.keys())],
        "removed": [before.doc_record(d) for d in sorted(before.docs.keys() - after.docs.keys())],
        "changed": [after.doc_record(d) for d in sorted(after.docs.keys() & before.docs.keys())
                    if after.docs[d] != before.docs[d] or after.digest(d) != before.digest(d)],
    }
    out["entities"] = {
        "added": [after.entity_record(n) for n in sorted(after.entities - before.entities)],
        "removed": [before.entity_record(n) for n in sorted(before.entities - after.entities)],
    }
    added = after.triples.keys() - before.triples.keys()
    removed = before.triples.keys() - after.triples.keys()
    out["statements"] = {
        "added": len(added), "removed": len(removed),
        "added_list": after.listed(added), "removed_list": before.listed(removed),
        "truncated": len(added) > MAX_LISTED or len(removed) > MAX_LISTED,
    }
    out["status_changes"] = [
        {**after.entity_record(n), "old": before.latest[n][2], "new": after.latest[n][2],
         "source": after.latest[n][1], "reported": after.latest[n][0]}
        for n in sorted(before.latest.keys() & after.latest.keys()) if before.latest[n][2] != after.latest[n][2]]
    keys_before, keys_after = before.transition_keys(), after.transition_keys()
    out["transitions"] = {"added": [keys_after[k] for k in sorted(keys_after.keys() - keys_before.keys())],
                          "removed": [keys_before[k] for k in sorted(keys_before.keys() - keys_after.keys())]}
    c_before, c_after = before.conflicts(), after.conflicts()
    out["conflicts"] = {
        "new": [_conflict_summary(c_after[k]) for k in sorted(c_after.keys() - c_before.keys())],
        "gone": [_conflict_summary(c_before[k]) for k in sorted(c_before.keys() - c_after.keys())],
        "resolved": [_conflict_summary(c_after[k]) for k in sorted(c_after.keys() & c_before.keys())
                     if c_after[k]["state"] == "resolved" != c_before[k]["state"]],
    }
    out["totals"] = {"old": before.totals(), "new": after.totals()}
    return out


def _load_asserted(path: str | Path) -> ox.Store:
    """A build's dataset without the inferred graph: half the quads of a ``kjus.nq``, in half the memory."""
    path = Path(path)
    if path.is_dir() and (path / "kjus.nq").is_file():
        path = path / "kjus.nq"
    if path.suffix != ".nq" or not path.is_file():
        return load_build(path)
    inferred = ox.NamedNode(str(INFERRED_GRAPH))
    store = ox.Store()
    try:
        store.bulk_extend(q for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS) if q.graph_name != inferred)
    except SyntaxError as exc:
        raise ParseError(f"{path}: {exc}; fix the file or rebuild it with `kjus build`") from None
    return store


class _Side:
    """One of the two datasets, read once.

    Its statements (:attr:`triples`) are keyed by text
    (:func:`~graph.analyse.statements.statement_graphs`), which sorts the way they are listed.
    """

    def __init__(self, data, shapes, *, index=None) -> None:
        self.store = None if data is None else to_store(data)
        self.shapes = shapes
        if index is None:
            index = index_statements(self.store) if self.store is not None else StatementIndex()
        self.ix = ix = index
        self.entities = {n for n in ix.types if not n.startswith("_:")}
        self.triples = self._triples()
        self.docs = {d: info["sha256"] for d, info in ix.documents.items()}
        self._digests = None
        self.latest = {}
        self._stories = {}
        for n in sorted(ix.subject_of):
            if ix.tracked(n):
                story = self._stories[n] = status_story(ix, n)
                if story["standing"] is not None:
                    self.latest[n] = story["standing"]
        self._conflicts = None

    def settle(self) -> None:
        """Work out everything :func:`diff_builds` asks of this side's store, then let the store go."""
        self.conflicts()
        self.store = None

    def _triples(self) -> dict:
        """Statement (text triple) → the assertion graph stating it, or a list of them when several do."""
        return {} if self.store is None else statement_graphs(self.store, self.ix)

    def graphs(self, key) -> list[str]:
        graphs = self.triples[key]
        return [graphs] if isinstance(graphs, str) else graphs

    def digest(self, doc: str) -> int:
        """A digest of the statements a source document's assertion graphs hold (compared between two sides)."""
        if self._digests is None:
            by_source: dict = defaultdict(int)
            reports = self.ix.reports
            for key, graphs in self.triples.items():
                for g in ([graphs] if isinstance(graphs, str) else graphs):
                    source = reports[g].source
                    by_source[source] = (by_source[source] + hash((key, g))) & (2**64 - 1)
            self._digests = dict(by_source)
        return self._digests.get(doc, 0)

    def listed(self, keys) -> list[dict]:
        """The first :data:`MAX_LISTED` of ``keys`` in text order, each with the sources that state it."""
        return [{"subject": s, "predicate": p, "object": o, "sources": self.ix.sources_of(self.graphs((s, p, o)))}
                for s, p, o in heapq.nsmallest(MAX_LISTED, keys)]

    def doc_record(self, doc: str) -> dict:
        info = self.ix.documents[doc]
        return {"source": doc, "date": info["date"], "title": info["title"], "file": info["file"],
                "sha256": info["sha256"]}

    def entity_record(self, n: str) -> dict:
        types = sorted(self.ix.types.get(n, ()))
        return {"entity": n, "label": self.ix.label(n), "label_ko": self.ix.label(n, "ko"),
                "type": curie(types[0]) if types else ""}

    def transition_keys(self) -> dict:
        out = {}
        for n, story in self._stories.items():
            for t in story["transitions"]:
                out[n, t["from"], t["to"], t["from_graph"], t["to_graph"]] = t
        return out

    def conflicts(self) -> dict:
        if self._conflicts is None:
            options = {"shapes": self.shapes} if self.shapes else {}
            self._conflicts = {} if self.store is None else {
                c["id"]: c for c in find_conflicts(self.store, index=self.ix, **options)}
        return self._conflicts

    def totals(self) -> dict:
        return {"sources": len(self.docs), "entities": len(self.entities), "statements": len(self.triples),
                "conflicts": len(self.conflicts())}


def _conflict_summary(c: dict) -> dict:
    return {"id": c["id"], "kind": c["kind"], "subject": c["subject"], "subject_label": c["subject_label"],
            "property": c["property"], "state": c["state"],
            "readings": [{"value": r["value"], "sources": sorted({x["source"] for x in r["reports"]})}
                         for r in c["readings"]]}
