"""The build: deterministic, parseable by two parsers, atomic, and the committed exports are fresh."""
from __future__ import annotations

import json

import pyoxigraph
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graph.build import build, export_dataset
from graph.load import load_sources
from graph.render.rdf import generate_nquads
from graph.errors import KGError, ValidationError
from graph.paths import ROOT

from .conftest import MINI_SOURCE, MINI_TEXTS

RDF_FILES = ["kjus.trig", "kjus.nq", "kjus.ttl", "kjus.jsonld"]


def assert_same_dataset(a: Dataset, b: Dataset) -> None:
    """Same named graphs, each isomorphic (blank nodes compared up to renaming)."""
    def graphs(ds):
        out = {}
        for s, p, o, g in ds.quads((None, None, None, None)):
            out.setdefault(str(g), Graph()).add((s, p, o))
        return out
    ga, gb = graphs(a), graphs(b)
    assert sorted(ga) == sorted(gb)
    for name in ga:
        assert isomorphic(ga[name], gb[name]), name


@pytest.fixture(scope="module")
def real_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    return build(out), out


def test_build_writes_every_rdf_export(real_build):
    result, out = real_build
    for name in RDF_FILES:
        assert name in result.files and (out / name).stat().st_size > 1000


def test_build_is_deterministic(real_build, tmp_path):
    _, out = real_build
    again = build(tmp_path)
    for name in again.files:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_committed_exports_are_fresh(real_build):
    """CI fails when a committed export is stale: run `kjus build` and commit exports/."""
    result, out = real_build
    # changes.* compare a build with the one before it, so they depend on history, not only on the sources
    # (tests/test_crosssource.py checks them); the manifest is compared without their digests
    history = ("changes.json", "changes.md", "manifest.json")
    stale = [n for n in result.files if n not in history and (not (ROOT / "exports" / n).is_file()
             or (ROOT / "exports" / n).read_bytes() != (out / n).read_bytes())]
    assert stale == [], f"stale exports (run `kjus build` and commit): {stale}"

    def manifest(folder):
        record = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return {**record, "files": {k: v for k, v in record["files"].items() if not k.startswith("changes.")}}
    assert manifest(ROOT / "exports") == manifest(out), "stale exports/manifest.json (run `kjus build` and commit)"
    assert {"changes.json", "changes.md"} <= set(result.files)


def test_exports_parse_in_rdflib_and_pyoxigraph_alike(real_build):
    _, out = real_build
    by_rdflib = Dataset().parse(out / "kjus.trig", format="trig")
    from_nq = Dataset().parse(out / "kjus.nq", format="nquads")
    assert_same_dataset(by_rdflib, from_nq)
    store = pyoxigraph.Store()
    store.bulk_load(path=str(out / "kjus.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(store) == len(list(from_nq.quads((None, None, None, None))))
    for name, fmt in (("kjus.trig", pyoxigraph.RdfFormat.TRIG), ("kjus.ttl", pyoxigraph.RdfFormat.TURTLE)):
        assert sum(1 for _ in pyoxigraph.parse(path=str(out / name), format=fmt)) > 1000


def test_the_build_writes_the_exported_dataset(real_build):
    """The build infers in a second process, from scratch files: the result is :func:`export_dataset`'s."""
    _, out = real_build
    assert (out / "kjus.nq").read_text(encoding="utf-8") == generate_nquads(export_dataset(load_sources().store))


def test_jsonld_has_inline_context_and_same_quads(real_build):
    _, out = real_build
    doc = json.loads((out / "kjus.jsonld").read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict) and doc["@context"]["kj"].startswith("https://w3id.org/kjus/")
    from_jsonld = Dataset().parse(out / "kjus.jsonld", format="json-ld")
    assert_same_dataset(from_jsonld, Dataset().parse(out / "kjus.nq", format="nquads"))
    by_oxigraph = set(pyoxigraph.parse(path=str(out / "kjus.jsonld"), format=pyoxigraph.RdfFormat.JSON_LD))
    assert by_oxigraph == set(pyoxigraph.parse(path=str(out / "kjus.nq"), format=pyoxigraph.RdfFormat.N_QUADS))


def test_turtle_is_the_union_graph(real_build):
    _, out = real_build
    union = Graph().parse(out / "kjus.ttl", format="turtle")
    from_nq = Graph()
    for s, p, o, _ in Dataset().parse(out / "kjus.nq", format="nquads").quads((None, None, None, None)):
        from_nq.add((s, p, o))
    assert isomorphic(union, from_nq)


@pytest.mark.hostile
def test_failed_build_leaves_previous_exports_untouched(mini_copy, tmp_path):
    source, texts = mini_copy
    out = tmp_path / "out"
    first = build(out, sources=[source], texts_dir=texts)
    before = {n: (out / n).read_bytes() for n in first.files}
    source.write_text(source.read_text(encoding="utf-8").replace("kj:start 11", "kj:start 12"), encoding="utf-8")
    with pytest.raises(ValidationError):
        build(out, sources=[source], texts_dir=texts)
    source.write_text("this is not TriG {", encoding="utf-8")
    with pytest.raises(KGError):
        build(out, sources=[source], texts_dir=texts)
    assert {n: (out / n).read_bytes() for n in first.files} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_failing_rdf_writer_fails_the_build_and_leaves_the_exports(mini_copy, tmp_path, monkeypatch):
    """The RDF files are written by a second process: its failure reaches the user as a clear error,
    the previous export set stays as it was, and no scratch or staging file is left."""
    import graph.build

    source, texts = mini_copy
    out = tmp_path / "out"
    first = build(out, sources=[source], texts_dir=texts)
    before = {n: (out / n).read_bytes() for n in first.files}

    def broken(store, fh, **_):
        raise OSError("No space left on device")
    monkeypatch.setattr(graph.build, "write_entailments", broken)
    with pytest.raises(KGError, match="the RDF writer failed: No space left on device"):
        build(out, sources=[source], texts_dir=texts)
    assert {n: (out / n).read_bytes() for n in first.files} == before
    assert not [p for p in tmp_path.rglob("*") if "staging" in p.name or p.name.endswith(".scratch")]


def test_mini_build_exports_inferred_standard_types(tmp_path):
    build(tmp_path, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    store = pyoxigraph.Store()
    store.bulk_load(path=str(tmp_path / "kjus.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    ask = "ASK { GRAPH <https://w3id.org/kjus/inferred> { <https://w3id.org/kjus/id/japan> a <https://schema.org/Country> } }"
    assert store.query(ask)
