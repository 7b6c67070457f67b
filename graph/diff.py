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

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from .analyse.conflicts import conflicts as find_conflicts
from .analyse.history import status_story
from .analyse.statements import StatementIndex, index_statements, term_text
from .load import to_store
from .errors import QueryError
from .vocab import curie

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


def diff_builds(old, new, *, shapes=None) -> dict:
    """What changed from ``old`` to ``new``.

    Parameters
    ----------
    old, new : pyoxigraph.Store, rdflib Dataset or None
        The two datasets (:func:`load_build`); ``old=None`` is the empty graph (a first build).
    shapes : path, optional
        SHACL shapes for the conflicts (default ``ontology/shapes.ttl``).

    Returns
    -------
    dict
        ``{"sources": {"added", "removed", "changed"}, "entities": {"added", "removed"},
        "statements": {"added", "removed", "added_list", "removed_list", "truncated"},
        "status_changes", "transitions": {"added", "removed"},
        "conflicts": {"new", "gone", "resolved"}, "totals": {"old", "new"}}``; every
        list sorted, nothing dated by the run (the same two builds give the same bytes).
    """
    sides = [_Side(x, shapes) for x in (old, new)]
    before, after = sides
    out: dict = {}
    out["sources"] = {
        "added": [after.doc_record(d) for d in sorted(after.docs.keys() - before.docs.keys())],
        "removed": [before.doc_record(d) for d in sorted(before.docs.keys() - after.docs.keys())],
        "changed": [after.doc_record(d) for d in sorted(after.docs.keys() & before.docs.keys())
                    if after.docs[d] != before.docs[d]],
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


class _Side:
    """One of the two datasets, read once."""

    def __init__(self, data, shapes) -> None:
        self.store = None if data is None else to_store(data)
        self.shapes = shapes
        self.ix = index_statements(self.store) if self.store is not None else StatementIndex()
        ix = self.ix
        self.entities = {n for n in ix.types if not n.startswith("_:")}
        self.triples = self._triples()
        by_source: dict = defaultdict(int)
        for key, graphs in self.triples.items():
            for g in graphs:
                by_source[ix.reports[g].source] = (by_source[ix.reports[g].source] + hash((key, g))) & (2**64 - 1)
        self.docs = {d: (info["sha256"], by_source.get(d, 0)) for d, info in ix.documents.items()}
        self.latest = {}
        self._stories = {}
        for n in sorted(ix.subject_of):
            if ix.tracked(n):
                story = self._stories[n] = status_story(ix, n)
                if story["standing"] is not None:
                    self.latest[n] = story["standing"]
        self._conflicts = None

    def _triples(self) -> dict:
        """Triple term → assertion graphs stating it (keys are the terms, compared exactly)."""
        found: dict = defaultdict(list)
        if self.store is None:
            return found
        graphs = {ox.NamedNode(g) for g in self.ix.reports}
        for s, p, o, g in self.store.quads_for_pattern(None, None, None, None):
            if g in graphs:
                found[s, p, o].append(g.value)
        return found

    def listed(self, keys) -> list[dict]:
        """The first :data:`MAX_LISTED` of ``keys`` in text order, each with the sources that state it."""
        rows = sorted(((term_text(s), term_text(p), _literal_text(o)), (s, p, o)) for s, p, o in keys)
        return [{"subject": s, "predicate": p, "object": o, "sources": self.ix.sources_of(self.triples[key])}
                for (s, p, o), key in rows[:MAX_LISTED]]

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


def _literal_text(term) -> str:
    """A literal as N-Triples would show it (``"…"@ko``, ``"…"^^<…>``); IRIs as they are."""
    if isinstance(term, ox.Literal):
        return str(term)
    return term_text(term)
