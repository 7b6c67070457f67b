"""The curated seed source: quotes, offsets, provenance, labels — checked with two parsers.

The TriG file ``graph/sources/000_76483b81068cf569.trig`` is hand-curated; these
tests hold it to the contract of ``docs/design.md``: every quote stands verbatim at
its offsets in the source text (read with rdflib *and* pyoxigraph), every named
graph is described in the provenance graph, nothing is a blank node, and every
entity is typed and labelled in English and Korean.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib import namespace as rdf_namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from graph.paths import SOURCES_DIR
from graph.vocab import KJ, KJD, KJS, SRC

DOC = "000_76483b81068cf569"
TRIG = SOURCES_DIR / f"{DOC}.trig"
DOC_IRI = SRC[DOC]
PROVENANCE = URIRef(f"{DOC_IRI}/provenance")
INTEGER, DATE = rdf_namespace.XSD.integer, rdf_namespace.XSD.date
STATUSES = {KJS[s] for s in ("occurred", "agreed", "planned", "forecast", "expected", "concern", "assessment")}


@pytest.fixture(scope="module")
def text_bytes() -> bytes:
    path = SOURCES_DIR / f"{DOC}.txt"     # the text is part of the repository, beside its TriG file
    assert path.is_file(), f"{path} is missing: the source text belongs beside {TRIG.name}"
    return path.read_bytes()


@pytest.fixture(scope="module")
def text(text_bytes) -> str:
    return text_bytes.decode("utf-8")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    d = Dataset(default_union=True)
    d.parse(TRIG, format="trig")
    return d


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    s = pyoxigraph.Store()
    s.load(path=str(TRIG), format=pyoxigraph.RdfFormat.TRIG)
    return s


def _evidence_rdflib(ds: Dataset) -> set[tuple[str, str, int, int]]:
    return {(str(ev), str(ds.value(ev, KJ.quote)), ds.value(ev, KJ.start).toPython(), ds.value(ev, KJ.end).toPython())
            for ev in ds.subjects(RDF.type, KJ.Evidence)}


def _evidence_oxigraph(store: pyoxigraph.Store) -> set[tuple[str, str, int, int]]:
    query = (f"SELECT ?ev ?q ?s ?e WHERE {{ GRAPH <{PROVENANCE}> {{ ?ev a <{KJ.Evidence}> ; <{KJ.quote}> ?q ; "
             f"<{KJ.start}> ?s ; <{KJ.end}> ?e }} }}")
    return {(row["ev"].value, row["q"].value, int(row["s"].value), int(row["e"].value)) for row in store.query(query)}


def test_both_parsers_read_the_same_quads(ds, store):
    graphs = {str(g) for _, _, _, g in ds.quads((None, None, None, None))}
    assert len(store) == len(list(ds.quads((None, None, None, None))))
    assert {g.value for g in store.named_graphs()} == graphs


def test_every_quote_stands_at_its_offsets(ds, store, text):
    evidence = _evidence_rdflib(ds)
    assert evidence == _evidence_oxigraph(store)
    assert len(evidence) >= 60
    for ev, quote, start, end in sorted(evidence):
        assert text[start:end] == quote, f"{ev}: text[{start}:{end}] is {text[start:end]!r}, not {quote!r}"
        assert 0 < len(quote) <= 200, f"{ev}: quote should be a clause or sentence, not a paragraph"


def test_quotes_are_korean_and_offsets_integers(ds):
    for ev in ds.subjects(RDF.type, KJ.Evidence):
        assert ds.value(ev, KJ.quote).language == "ko"
        assert ds.value(ev, KJ.start).datatype == INTEGER
        assert ds.value(ev, KJ.end).datatype == INTEGER
        assert ds.value(ev, KJ.source) == DOC_IRI


def test_source_document_is_described(ds, text_bytes):
    prov = ds.graph(PROVENANCE)
    assert (DOC_IRI, RDF.type, KJ.SourceDocument) in prov
    assert prov.value(DOC_IRI, KJ.sha256) == Literal(hashlib.sha256(text_bytes).hexdigest())
    assert prov.value(DOC_IRI, KJ.fileName) == Literal(f"{DOC}.txt")
    assert prov.value(DOC_IRI, DCTERMS.date) == Literal("2025-08-25", datatype=DATE)
    assert prov.value(DOC_IRI, DCTERMS.language) == Literal("ko")
    assert prov.value(DOC_IRI, DCTERMS.title).language == "ko"
    assert prov.value(DOC_IRI, DCTERMS.description).language == "en"


def test_every_named_graph_with_data_has_provenance(ds):
    prov = ds.graph(PROVENANCE)
    data_graphs = {g for _, _, _, g in ds.quads((None, None, None, None))} - {PROVENANCE}
    described = set(prov.subjects(RDF.type, KJ.Assertion))
    assert data_graphs == described, f"undescribed: {data_graphs - described}; empty: {described - data_graphs}"
    for graph_name in sorted(described):
        assert prov.value(graph_name, PROV.wasDerivedFrom) == DOC_IRI
        statuses = set(prov.objects(graph_name, KJ.status))
        assert len(statuses) == 1 and statuses <= STATUSES, f"{graph_name}: needs exactly one kj:status"
        evidence = set(prov.objects(graph_name, KJ.evidence))
        assert evidence and all((ev, RDF.type, KJ.Evidence) in prov for ev in evidence), graph_name


def test_no_blank_nodes(ds):
    for quad in ds.quads((None, None, None, None)):
        assert not any(isinstance(term, BNode) for term in quad), quad


def test_every_entity_is_typed_and_labelled_in_english_and_korean(ds):
    entities = set()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        entities.update(t for t in (s, o) if isinstance(t, URIRef) and t.startswith(str(KJD)))
    labels = defaultdict(set)
    for s, o in ds.subject_objects(RDFS.label):
        labels[s].add(o.language)
    for entity in sorted(entities):
        assert ds.value(entity, RDF.type) is not None, f"{entity} has no rdf:type"
        assert {"en", "ko"} <= labels[entity], f"{entity} needs rdfs:label @en and @ko"


def test_each_entity_has_one_label_per_language(ds):
    seen = defaultdict(set)
    for s, o in ds.subject_objects(RDFS.label):
        seen[(s, o.language)].add(str(o))
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def test_expectations_never_look_like_agreements(ds):
    prov = ds.graph(PROVENANCE)
    for graph_name in prov.subjects(KJ.status, KJS.expected):
        graph = ds.graph(graph_name)
        assert not set(graph.subjects(RDF.type, KJ.Agreement)), graph_name
        for cls in (KJ.Initiative, KJ.Fund):
            for node in graph.subjects(RDF.type, cls):
                assert graph.value(node, KJ.status) == KJS.expected, node
    for agreement in ds.subjects(RDF.type, KJ.Agreement):
        assert ds.value(agreement, KJ.status) == KJS.agreed, agreement


def test_council_lists_its_sixteen_members(ds):
    council = KJD["kosa-japan-expansion-council"]
    members = set(ds.objects(council, KJ.member))
    assert len(members) == ds.value(council, KJ.memberCount).toPython() == 16
    assert KJD.furiosaai in members and (KJD.furiosaai, KJ.visited, None) not in ds
    assert (KJD["lee-visit-furiosaai-2025-04"], KJ.visited, KJD.furiosaai) in ds


def test_a_plain_clone_checks_every_quote_without_anything_beside_it(tmp_path):
    """A copy of the repository with nothing beside it (no ../shared) validates every quote."""
    import os
    import shutil
    import subprocess
    import sys
    from graph.paths import ROOT
    clone = tmp_path / "nowhere" / "clone"
    for part in ("graph", "ontology"):
        shutil.copytree(ROOT / part, clone / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", clone)
    env = {k: v for k, v in os.environ.items() if k not in ("KJUS_SOURCE_DIR", "PYTHONPATH")}
    code = f"import sys; sys.path.insert(0, {str(clone)!r}); from graph.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code, "validate", "--format", "json"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    problems = json.loads(done.stdout)
    assert [p for p in problems if "not found" in p["message"]] == []
    check = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import graph.paths as p;"
                            " print(p.SOURCES_DIR)", str(clone)], env=env, capture_output=True, text=True)
    assert check.stdout.strip() == str(clone / "graph" / "sources")
