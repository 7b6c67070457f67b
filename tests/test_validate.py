"""Validation: SHACL shapes and provenance rules, on the mini source and the real graph."""
from __future__ import annotations

import pytest

from graph.load import load_dataset
from graph.validate import VIOLATION, WARNING, validate

from .conftest import MINI_SOURCE, MINI_TEXTS


def _violations(problems):
    return [p for p in problems if p.severity == VIOLATION]


def test_real_graph_is_valid():
    assert _violations(validate(load_dataset())) == []


def test_mini_source_is_valid_with_its_text():
    assert validate(load_dataset([MINI_SOURCE]), texts_dir=MINI_TEXTS) == []


def test_missing_text_is_a_warning_not_a_failure(tmp_path):
    problems = validate(load_dataset([MINI_SOURCE]), texts_dir=tmp_path)
    assert [p.severity for p in problems] == [WARNING]
    assert "KJUS_SOURCE_DIR" in problems[0].message


def _edit(mini_copy, old, new):
    source, texts = mini_copy
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    return _violations(validate(load_dataset([source]), texts_dir=texts))


@pytest.mark.hostile
def test_quote_not_at_its_offsets(mini_copy):
    problems = _edit(mini_copy, "kj:start 11 ; kj:end 41", "kj:start 12 ; kj:end 42")
    assert len(problems) == 1
    assert "agreement-q1" in problems[0].focus
    assert "the quote is at 11..41" in problems[0].message


@pytest.mark.hostile
def test_changed_source_text_is_caught(mini_copy):
    source, texts = mini_copy
    (texts / "mini_0001.txt").write_text("2025-09-01 다른 글.\n", encoding="utf-8")
    problems = _violations(validate(load_dataset([source]), texts_dir=texts))
    assert any("SHA-256 differs" in p.message for p in problems)


@pytest.mark.hostile
def test_impossible_date_is_a_violation(mini_copy):
    problems = _edit(mini_copy, '"2025-09-01"^^xsd:date ;\n        kj:dateWording',
                     '"2025-13-45"^^xsd:date ;\n        kj:dateWording')
    assert any(p.path.endswith("#date") and "mini-agreement" in p.focus for p in problems)


@pytest.mark.hostile
def test_missing_korean_label_is_a_violation(mini_copy):
    problems = _edit(mini_copy, ', "한일 AI 협력 합의"@ko ;\n        kj:party', ' ;\n        kj:party')
    assert any(p.path.endswith("rdf-schema#label") and "mini-agreement" in p.focus for p in problems)


@pytest.mark.hostile
def test_dangling_reference_is_a_violation(mini_copy):
    problems = _edit(mini_copy, "kj:party kjd:korea , kjd:japan", "kj:party kjd:korea , kjd:jappan")
    assert any("jappan" in p.message and "defined nowhere" in p.message for p in problems)


@pytest.mark.hostile
def test_graph_without_provenance_is_a_violation(mini_copy):
    problems = _edit(mini_copy, "m:provenance {", "m:orphan { kjd:korea kj:country kjd:korea . }\nm:provenance {")
    assert any(p.focus.endswith("mini_0001/orphan") and "no provenance" in p.message for p in problems)
