"""Incremental builds: each source file is validated once per content; what changed is always caught."""
from __future__ import annotations

import shutil

import pytest

from graph.build import build
from graph.errors import ValidationError
from graph.paths import SOURCES_DIR

from .conftest import DATA

MULTI = DATA / "multisource"
FIRST = SOURCES_DIR / "000_76483b81068cf569.trig"


@pytest.fixture
def sources(tmp_path, monkeypatch):
    """The first article and the four multi-source fixtures, copied with their texts; a private cache."""
    folder = tmp_path / "sources"
    folder.mkdir()
    for path in [FIRST, FIRST.with_suffix(".txt"), *MULTI.iterdir()]:
        shutil.copy(path, folder / path.name)
    monkeypatch.delenv("KJUS_CACHE", raising=False)
    monkeypatch.delenv("KJUS_SOURCE_DIR", raising=False)
    return folder


def _build(folder, out, **kw):
    return build(out, sources=sorted(folder.glob("*.trig")), **kw)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_rebuild_reuses_every_check_and_writes_the_same_exports(sources, tmp_path):
    out = tmp_path / "exports"
    first = _build(sources, out)
    assert len(first.validated) == 5 and first.reused == []
    nq = (out / "kjus.nq").read_bytes()
    second = _build(sources, out)
    assert second.validated == [] and len(second.reused) == 5
    assert (out / "kjus.nq").read_bytes() == nq
    assert (tmp_path / ".kjus-cache" / "exports" / "validated.json").is_file()


def test_only_the_edited_file_is_validated_again(sources, tmp_path):
    out = tmp_path / "exports"
    _build(sources, out)
    edited = sources / "002_ai-fund-agreed.trig"
    _edit(edited, 'kj:party kjd:korea-government , kjd:japan-government ;',
          'kj:party kjd:korea-government , kjd:japan-government , kjd:korea ;')
    result = _build(sources, out)
    assert [p.name for p in result.validated] == [edited.name]
    assert len(result.reused) == 4
    assert b"<https://w3id.org/kjus/id/korea>" in (out / "kjus.nq").read_bytes()


def test_a_broken_quote_in_the_edited_file_is_caught_though_the_others_are_reused(sources, tmp_path):
    out = tmp_path / "exports"
    _build(sources, out)
    before = (out / "kjus.nq").read_bytes()
    text = (sources / "003_japan-entry-follow-ups.trig").read_text(encoding="utf-8")
    start = text.index("kj:start ") + len("kj:start ")
    number = text[start:text.index(" ", start)]
    _edit(sources / "003_japan-entry-follow-ups.trig", f"kj:start {number} ", f"kj:start {int(number) + 1} ")
    with pytest.raises(ValidationError, match="quote not found"):
        _build(sources, out)
    assert (out / "kjus.nq").read_bytes() == before          # nothing written


def test_a_change_in_one_file_that_breaks_a_node_of_another_is_caught(sources, tmp_path):
    """002's agreement names kjd:korea-government, defined in the first article, as a party:
    making it a report in the first article breaks 002's agreement, which did not change."""
    out = tmp_path / "exports"
    _build(sources, out)
    _edit(sources / FIRST.name, "kjd:korea-government a kj:GovernmentBody ;", "kjd:korea-government a kj:Report ;")
    with pytest.raises(ValidationError) as caught:
        _build(sources, out)
    assert any(p.focus.endswith("/korea-japan-ai-fund-agreement") and p.path.endswith("#party")
               for p in caught.value.problems)


def test_a_changed_text_is_checked_again(sources, tmp_path):
    out = tmp_path / "exports"
    _build(sources, out)
    text = sources / "004_curator-note.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="SHA-256 differs"):
        _build(sources, out)


def test_without_the_cache_everything_is_validated(sources, tmp_path):
    out = tmp_path / "exports"
    _build(sources, out)
    result = _build(sources, out, cache=False)
    assert len(result.validated) == 5 and result.reused == []
