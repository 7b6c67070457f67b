"""An ingested article goes through the whole pipeline: refused while a draft, built when reviewed."""
from __future__ import annotations

import re
import shutil

import pytest

from graph.build import build
from graph.errors import ValidationError
from graph.ingest import ingest_article
from graph.paths import SOURCES_DIR
from graph.query import load_store

from .conftest import DATA

SEED = SOURCES_DIR / "000_76483b81068cf569"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    for suffix in (".trig", ".txt"):
        shutil.copy(SEED.with_suffix(suffix), folder)
    result = ingest_article(DATA / "ingest" / "en_safety.txt", "2026-01-02", out=folder / "001_en_safety.trig",
                            sources=[folder])
    return folder, folder / "001_en_safety.trig", result


def test_a_build_with_drafts_is_refused_and_names_them(drafted, tmp_path):
    folder, draft, _ = drafted
    out = tmp_path / "out"
    with pytest.raises(ValidationError) as info:
        build(out, sources=[SEED.with_suffix(".trig"), draft])
    assert "still machine drafts" in str(info.value) and "src:001_en_safety" in str(info.value)
    assert not out.exists()


def test_drafts_build_on_request_and_show_up_everywhere(drafted, tmp_path):
    folder, draft, _ = drafted
    out = tmp_path / "out"
    result = build(out, sources=[SEED.with_suffix(".trig"), draft], drafts=True)
    store = load_store(out / "kjus.nq")
    graphs = {g.value for g in store.named_graphs()}
    assert any(g.startswith("https://w3id.org/kjus/source/001_en_safety/") for g in graphs)
    assert "site/source/001_en_safety.html" in result.files
    page = (out / "site" / "source" / "001_en_safety.html").read_text(encoding="utf-8")
    assert "memorandum of understanding" in page


def test_a_reviewed_draft_builds_like_a_curated_source(drafted, tmp_path):
    folder, draft, _ = drafted
    reviewed = tmp_path / "001_en_safety.trig"
    text = draft.read_text(encoding="utf-8")
    accepted = re.sub(r"\n\s*kj:draft true ;", "", re.sub(r" ;\n(\s*)kj:draft true \.", " .", text))
    assert not re.search(r"^\s*kj:draft true", accepted, re.M)
    reviewed.write_text(accepted, encoding="utf-8")
    shutil.copy(folder / "001_en_safety.txt", tmp_path)
    out = tmp_path / "out"
    result = build(out, sources=[SEED.with_suffix(".trig"), reviewed])
    assert not [p for p in result.warnings if "not found" in p.message]
    store = load_store(out / "kjus.nq")
    ask = ("ASK { GRAPH ?g { ?x <https://w3id.org/kjus/ontology#status> ?s } "
           "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/kjus/source/001_en_safety/')) }")
    assert store.query(ask)
