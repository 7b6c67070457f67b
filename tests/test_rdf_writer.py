"""The build's streaming RDF writer against the writers of each format, and a second parser.

:func:`graph.render.rdf.write_rdf` writes all four files in one pass over the
graphs (a scratch file, a merge of its sorted blocks, TriG in a second
process).  It must give the bytes each format's own writer gives for the same
quads — including the graphs handed to it as files of N-Triples (the build's
inferred graph), with repeats and blank nodes shared with the store — and
rdflib must read back the same dataset.
"""
from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph.build import _add_transitions, export_dataset
from graph.infer import materialise, write_entailments
from graph.load import load_sources
from graph.project import project_graph
from graph.render import rdf
from graph.render.rdf import RDF_EXPORTS, write_rdf
from graph.vocab import INFERRED_GRAPH

_N, _B, _L = ox.NamedNode, ox.BlankNode, ox.Literal


def _tricky_store() -> ox.Store:
    """Quads whose lines sort close together: terms that are prefixes of others, one triple in several
    graphs, blank nodes shared across graphs, the default graph, a graph named by a blank node, and
    text that looks like syntax."""
    g1, g2, p, q = _N("urn:g:1"), _N("urn:g:2"), _N("urn:p"), _N("urn:q")
    shared, other = _B("shared"), _B("other")
    quads = [
        ox.Quad(_N("urn:a"), p, _L("a"), g1),
        ox.Quad(_N("urn:a"), p, _L("a", language="en"), g1),
        ox.Quad(_N("urn:a"), p, _L("a b <urn:g:1> ."), g2),
        ox.Quad(_N("urn:a"), p, _L("_:x is not a node"), g2),
        ox.Quad(_N("urn:a"), p, _L("a"), g2),                       # the same triple in two graphs
        ox.Quad(_N("urn:ab"), q, _N("urn:a"), g1),
        ox.Quad(_N("urn:a"), q, _N("urn:ab"), g2),
        ox.Quad(shared, p, _L("1", datatype=_N("http://www.w3.org/2001/XMLSchema#integer")), g1),
        ox.Quad(_N("urn:a"), q, shared, g2),
        ox.Quad(other, q, shared, g2),
        ox.Quad(_N("urn:d"), p, _L("in the default graph"), ox.DefaultGraph()),
        ox.Quad(_N("urn:a"), p, _L("a"), ox.DefaultGraph()),
        ox.Quad(_N("urn:e"), p, _L("한국어 \"인용\"\n두 줄", language="ko"), g1),
        ox.Quad(_N("urn:a"), q, _N("urn:ab"), _B("graph")),           # a graph named by a blank node
        ox.Quad(_N("urn:a"), p, _L("a"), _B("graph")),
    ]
    store = ox.Store()
    store.extend(quads)
    return store


def _extra_lines(store: ox.Store) -> bytes:
    """N-Triples of an extra graph: out of order, with repeats, one line about a blank node of ``store``."""
    shared = next(q.subject for q in store.quads_for_pattern(None, _N("urn:p"), None, _N("urn:g:1"))
                  if isinstance(q.subject, ox.BlankNode))
    triples = [ox.Triple(_N("urn:z"), _N("urn:p"), _L("z")),
               ox.Triple(shared, _N("urn:r"), _N("urn:a")),
               ox.Triple(_N("urn:a"), _N("urn:p"), _L("a")),
               ox.Triple(_N("urn:z"), _N("urn:p"), _L("z"))]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def _written(tmp_path, store, more=None):
    out = tmp_path / "out"
    out.mkdir()
    write_rdf(store, out, more=more)
    assert sorted(p.name for p in out.iterdir()) == sorted(RDF_EXPORTS), "scratch files left behind"
    return out


def test_write_rdf_gives_the_bytes_of_each_format_writer(tmp_path):
    store = _tricky_store()
    out = _written(tmp_path, store)
    for name, writer in RDF_EXPORTS.items():
        expected = io.BytesIO()
        writer(store, expected)
        assert (out / name).read_bytes() == expected.getvalue(), name


@pytest.mark.parametrize("run", [1 << 20, 200, 1], ids=["one-run", "many-runs", "every-block-apart"])
def test_graphs_given_as_files_are_written_as_if_they_were_stored(tmp_path, monkeypatch, run):
    """However the merge splits the blocks (one sorted run, many runs on disk, every block read in place)."""
    monkeypatch.setattr(rdf, "_RUN", run)
    store = _tricky_store()
    extra = _extra_lines(store)
    out = _written(tmp_path, store, more={"urn:g:extra": lambda fh: fh.write(extra)})
    whole = _tricky_store()        # parse keeps blank node labels (Store.load would make new ones)
    whole.extend(ox.Quad(t.subject, t.predicate, t.object, _N("urn:g:extra"))
                 for t in ox.parse(extra, format=ox.RdfFormat.N_TRIPLES))
    for name, writer in RDF_EXPORTS.items():
        expected = io.BytesIO()
        writer(whole, expected)
        assert (out / name).read_bytes() == expected.getvalue(), name
    lines = (out / "kjus.nq").read_bytes().splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines)) == len(whole)


def test_rdflib_reads_back_the_same_dataset(tmp_path):
    store = _tricky_store()
    out = _written(tmp_path, store, more={"urn:g:extra": lambda fh: fh.write(_extra_lines(store))})
    expected = ox.Dataset(ox.parse(path=str(out / "kjus.nq"), format=ox.RdfFormat.N_QUADS))
    expected.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    for name, fmt in (("kjus.trig", "trig"), ("kjus.jsonld", "json-ld")):
        by_rdflib = Dataset().parse(out / name, format=fmt).serialize(format="nquads").encode("utf-8")
        got = ox.Dataset(ox.parse(by_rdflib, format=ox.RdfFormat.N_QUADS))
        got.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        assert set(got) == set(expected), name


def test_an_empty_dataset_writes_empty_files(tmp_path):
    out = _written(tmp_path, ox.Store())
    assert (out / "kjus.nq").read_bytes() == b"" and (out / "kjus.ttl").read_bytes() == b""


def test_entailments_written_as_text_are_those_materialised():
    written = io.BytesIO()
    write_entailments(load_sources().store, written)
    store = load_sources().store
    added = materialise(store)
    stored = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=_N(str(INFERRED_GRAPH)))
    assert set(written.getvalue().splitlines()) == set(stored.splitlines())
    assert added > 100


@pytest.mark.parametrize("kind", ["full", "actors"])
def test_the_projection_reads_what_the_sources_say(kind):
    """The inferred graph repeats the sources in standard terms (``dcterms:abstract`` beside
    ``kj:summary``): a projection of the built dataset is that of its sources."""
    plain = load_sources().store
    _add_transitions(plain)
    built = export_dataset(load_sources().store)
    a, b = project_graph(plain, kind), project_graph(built, kind)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(data=True), key=repr) == sorted(b.edges(data=True), key=repr)
    if kind == "full":
        assert not any("abstract" in data.get("facts", {}) for _, data in b.nodes(data=True))
        assert any("summary" in data.get("facts", {}) for _, data in b.nodes(data=True))
