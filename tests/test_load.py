"""The loader refuses broken sources with the file, the line and what to do."""
from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.errors import ModelError, ParseError, SourceError
from graph.load import load_dataset, load_model
from graph.vocab import KJ, KJD, MODEL_GRAPHS, ONTOLOGY_GRAPH, VOCABULARY_GRAPH

from .conftest import MINI_SOURCE


def test_real_sources_load_into_named_graphs():
    ds = load_dataset()
    names = {g for *_, g in ds.quads((None, None, None, None))}
    assert ONTOLOGY_GRAPH in names and VOCABULARY_GRAPH in names
    assert any(str(n).startswith("https://w3id.org/kjus/source/000_76483b81068cf569/") for n in names)
    assert (KJD["lee-jae-myung"], None, None) in ds


def test_model_graphs_hold_only_their_files():
    import pyoxigraph as ox
    model = load_model()
    company = ox.NamedNode(str(KJ.Company))
    assert any(q.graph_name.value == str(ONTOLOGY_GRAPH) for q in model.quads_for_pattern(company, None, None))
    assert {str(g) for g in MODEL_GRAPHS.values()} == {q.graph_name.value for q in model}


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    # (what, old text, new text, error class, expected message fragment)
    ("syntax error", "kj:party kjd:korea , kjd:japan ;", "kj:party kjd:korea , ;", ParseError, "line 19"),
    ("unknown prefix", "kj:topic kjt:ai ;", "kj:topic foo:ai ;", ParseError, "prefix foo: has not been declared"),
    ("typo in a property", "kj:party kjd:korea", "kj:particpant kjd:korea", ModelError, "ontology#particpant"),
    ("typo in a class", "a kj:Agreement", "a kj:Agreemnt", ModelError, "ontology#Agreemnt"),
    ("unknown concept", "kj:topic kjt:ai ;", "kj:topic kjt:artificial-intel ;", ModelError, "topic/artificial-intel"),
    ("two labels in one language", '"Japan"@en ,', '"Japan"@en , "Nippon"@en ,', ModelError, "two"),
    ("triple outside a named graph", "m:provenance {", "kjd:korea kj:country kjd:korea .\nm:provenance {",
     SourceError, "outside a named graph"),
]


@pytest.mark.hostile
@pytest.mark.parametrize("what,old,new,error,fragment", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_source_names_file_and_problem(mini_copy, what, old, new, error, fragment):
    source, _ = mini_copy
    _replace(source, old, new)
    with pytest.raises(error) as info:
        load_dataset([source])
    message = str(info.value)
    assert str(source) in message and "line" in message
    assert fragment in message or fragment.replace("two", "labelled") in message


@pytest.mark.hostile
def test_byte_order_mark_is_refused(mini_copy):
    source, _ = mini_copy
    source.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    with pytest.raises(SourceError, match="byte-order mark"):
        load_dataset([source])


@pytest.mark.hostile
def test_latin1_file_is_refused_with_its_line(mini_copy):
    source, _ = mini_copy
    source.write_bytes(source.read_bytes().replace("도쿄".encode(), "Tôkyô".encode("latin-1")))
    with pytest.raises(SourceError, match=r"line \d+: not valid UTF-8"):
        load_dataset([source])


@pytest.mark.hostile
def test_same_iri_labelled_differently_in_two_sources(mini_copy, tmp_path):
    source, _ = mini_copy
    other = tmp_path / "sources" / "mini_0002.trig"
    other.write_text(source.read_text(encoding="utf-8").replace('"Japan"@en', '"Nippon"@en')
                     .replace("mini_0001", "mini_0002"), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_dataset([source, other])
    assert "Nippon" in str(info.value) and "mini_0001.trig" in str(info.value)


def test_second_source_is_just_another_file(mini_copy):
    source, _ = mini_copy
    ds = load_dataset([MINI_SOURCE])
    assert (KJD["mini-agreement"], KJ.party, KJD.japan) in ds
    assert URIRef("https://w3id.org/kjus/source/mini_0001/agreement") in {g for *_, g in ds.quads()}
