"""The figures of issue 13, measured on the first article against its curated source."""
from __future__ import annotations

import json

import pytest

from graph.ingest.evaluate import TARGETS, evaluate_ingest, render_markdown, write_evaluation


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate_ingest()


def test_every_target_of_the_issue_is_met(report):
    missed = {k: f for k, f in report["figures"].items() if not f["met"]}
    assert missed == {}, render_markdown(report)
    assert set(report["figures"]) == set(TARGETS)


def test_the_figures_count_something(report):
    figures = report["figures"]
    assert figures["entity_recall"]["of"] >= 50          # named curated entities
    assert figures["link_precision"]["of"] >= 100        # links to existing IRIs
    assert figures["dates"]["of"] >= 15 and figures["quantities"]["of"] >= 15
    assert report["matched_statements"] >= 55 and report["checked_values"] >= 60


def test_the_report_is_written_deterministically(report, tmp_path):
    first = [p.read_bytes() for p in write_evaluation(report, tmp_path / "a")]
    second = [p.read_bytes() for p in write_evaluation(evaluate_ingest(), tmp_path / "b")]
    assert first == second
    assert json.loads(first[0])["figures"]["quotes_off_offsets"]["value"] == 0
    assert "| invented values | 0 | == 0 | yes |" in first[1].decode("utf-8")


def test_the_committed_report_and_the_readme_show_todays_figures(report, tmp_path):
    """exports/ingest/ holds what `kjus ingest --evaluate` measures now, and the README's table repeats it."""
    from graph.paths import ROOT
    written = write_evaluation(report, tmp_path)
    for path in written:
        assert (ROOT / "exports" / "ingest" / path.name).read_bytes() == path.read_bytes(), \
            f"exports/ingest/{path.name} is stale: run `kjus ingest --evaluate` and commit it"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in ("entity_recall", "link_precision", "dates", "quantities", "status_agreement"):
        f = report["figures"][key]
        assert f"{f['value'] * 100:.1f}% ({f['found']}/{f['of']})" in readme, f"README's figure for {key} is stale"
