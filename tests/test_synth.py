"""The synthetic dataset generator: deterministic, valid in the project's own model, streaming."""
from __future__ import annotations

import itertools
from collections import Counter

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal
from rdflib.namespace import RDF, RDFS

from graph.cli import main
from graph.errors import ExportError
from graph.load import load_dataset
from graph.synth import generate, generate_documents, write_synth
from graph.validate import validate
from graph.vocab import KJ, KJD


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A 5k-triple synthetic TriG with its texts, loaded by the project's loader."""
    out = write_synth(tmp_path_factory.mktemp("synth") / "s.trig", 5000, seed=11)
    return out, load_dataset([out["path"]])


def test_passes_the_projects_own_validation_with_quotes_checked(small):
    out, ds = small
    problems = validate(ds, texts_dir=out["texts_dir"])
    assert problems == []          # no violation, and no "text not found" warning: every quote was checked


def test_size_is_at_least_n_and_at_most_one_document_more(small):
    out, _ = small
    assert 5000 <= out["triples"] < 5000 + 1500
    assert out["documents"] == len(list(out["texts_dir"].iterdir()))


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    a = write_synth(tmp_path / "a.trig", 2000, seed=4)
    b = write_synth(tmp_path / "b.trig", 2000, seed=4, texts_dir=tmp_path / "b-texts")
    c = write_synth(tmp_path / "c.trig", 2000, seed=5)
    assert a["path"].read_bytes() == b["path"].read_bytes()
    assert sorted(p.read_bytes() for p in a["texts_dir"].iterdir()) == \
        sorted(p.read_bytes() for p in b["texts_dir"].iterdir())
    assert a["path"].read_bytes() != c["path"].read_bytes()


def test_trig_nquads_and_generate_hold_the_same_quads(tmp_path):
    trig = write_synth(tmp_path / "s.trig", 1500, seed=2, write_texts=False)["path"]
    nq = write_synth(tmp_path / "s.nq", 1500, seed=2, write_texts=False)["path"]
    from_trig = set(Dataset().parse(trig, format="trig").quads((None, None, None, None)))
    from_nq = set(Dataset().parse(nq, format="nquads").quads((None, None, None, None)))
    assert from_trig == from_nq == set(generate(1500, seed=2))
    assert not (tmp_path / "s-texts").exists()


def test_realistic_shape(small):
    _, ds = small
    classes = Counter(o for _, _, o, _ in ds.quads((None, RDF.type, None, None)))
    for cls in (KJ.Person, KJ.Company, KJ.GovernmentBody, KJ.Country, KJ.City, KJ.Agreement, KJ.Council,
                KJ.Initiative, KJ.MonetaryAmount, KJ.Indicator, KJ.Claim, KJ.Assertion, KJ.Evidence,
                KJ.SourceDocument, KJ.Product, KJ.StockListing, KJ.CallForProposals):
        assert classes[cls] > 0, cls
    assert classes[KJ.Summit] + classes[KJ.Meeting] > 0
    countries = {s for s, _, _, _ in ds.quads((None, RDF.type, KJ.Country, None))}
    assert {KJD.korea, KJD.japan, KJD["united-states"]} < countries and len(countries) > 5
    # every typed entity has an English and a Korean label, Japanese things a Japanese one too
    entities = {s for s, _, o, _ in ds.quads((None, RDF.type, None, None)) if str(s).startswith(str(KJD))}
    labels = {(s, o.language) for s, _, o, _ in ds.quads((None, RDFS.label, None, None)) if isinstance(o, Literal)}
    assert all((e, "en") in labels and (e, "ko") in labels for e in entities)
    assert (KJD.japan, "ja") in labels and (KJD.tokyo, "ja") in labels
    members = Counter(s for s, _, _, _ in ds.quads((None, KJ.member, None, None)))
    assert max(members.values()) >= 3


def test_generation_streams(tmp_path):
    # a billion-triple request yields its first document at once: nothing is materialised up front
    first = next(generate_documents(10 ** 9, seed=1))
    assert 0 < len(first) < 2000
    assert len(list(itertools.islice(generate(10 ** 9, seed=1), 3))) == 3


def test_unwritable_output_is_an_export_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write here"):
        write_synth(blocker / "s.trig", 100)


def test_cli_synth(tmp_path):
    out = tmp_path / "s.nq"
    result = CliRunner().invoke(main, ["synth", "--triples", "1k", "--seed", "3", "--out", str(out), "--no-texts"])
    assert result.exit_code == 0, result.output
    assert "triples in" in result.output and out.stat().st_size > 0
    assert sum(1 for _ in Dataset().parse(out, format="nquads").quads((None, None, None, None))) >= 1000
    bad = CliRunner().invoke(main, ["synth", "--triples", "lots", "--out", str(out)])
    assert bad.exit_code == 1 and "Error: size 'lots' is not a number of triples" in bad.output
