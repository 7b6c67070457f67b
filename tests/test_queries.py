"""Competency queries: every ``graph/queries/*.rq`` answers exactly as reviewed.

Each query runs over the seed source plus the ontology and vocabularies in a
pyoxigraph store (default graph = union of all graphs), with the prologue of
:func:`graph.vocab.sparql_prologue`.  Its answer is compared with the reviewed
ground truth in ``tests/data/expected/<name>.json``: ``{"vars", "rows"}`` for
SELECT, ``{"boolean"}`` for ASK, ``{"triples"}`` (sorted) for CONSTRUCT.
Terms are written as CURIEs (IRIs), ``text@lang`` or ``value^^xsd:type``.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.paths import ONTOLOGY_FILES, QUERIES_DIR, SOURCES_DIR
from graph.vocab import curie, sparql_prologue

EXPECTED = Path(__file__).parent / "data" / "expected"
QUERIES = sorted(QUERIES_DIR.glob("*.rq"))
PLAIN_STRING = "http://www.w3.org/2001/XMLSchema#string"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(SOURCES_DIR / "000_76483b81068cf569.trig"), format=ox.RdfFormat.TRIG)
    for path in ONTOLOGY_FILES:
        s.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(path.resolve().as_uri()))
    return s


def term_text(term) -> str | None:
    """A readable, exact text for an RDF term (``None`` when unbound)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        if term.datatype.value == PLAIN_STRING:
            return term.value
        return f"{term.value}^^{curie(term.datatype.value)}"
    raise AssertionError(f"unexpected term {term!r}: the data has no blank nodes")


def answer(store: ox.Store, query: str) -> dict:
    """Run ``query`` (without prologue) and return its answer as plain JSON data."""
    result = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return {"boolean": bool(result)}
    if isinstance(result, ox.QueryTriples):
        return {"triples": sorted([term_text(t.subject), term_text(t.predicate), term_text(t.object)]
                                  for t in result)}
    names = [v.value for v in result.variables]
    return {"vars": names, "rows": [[term_text(row[n]) for n in names] for row in result]}


def test_there_are_enough_competency_queries():
    assert len(QUERIES) >= 28
    for path in QUERIES:
        assert path.read_text(encoding="utf-8").startswith("# Question: "), f"{path.name}: first line must be '# Question: …'"


def test_no_query_declares_its_own_prefixes():
    for path in QUERIES:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
        assert not any(ln.lstrip().upper().startswith("PREFIX") for ln in lines), path.name


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_query_answers_as_reviewed(store, path):
    expected_file = EXPECTED / f"{path.stem}.json"
    assert expected_file.is_file(), f"{expected_file} is missing: review the answer by hand and store it there"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    got = answer(store, path.read_text(encoding="utf-8"))
    assert got == expected
    assert "boolean" in got or got.get("rows") or got.get("triples"), f"{path.name} answers nothing"
