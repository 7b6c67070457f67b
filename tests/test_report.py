"""The analysis report (graph/render/report.py) and the `kjus analyze | path | neighbors` commands."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analyse import country_matrix, node_metrics, timeline
from graph.cli import main
from graph.errors import ExportError
from graph.load import load_dataset
from graph.project import project_graph
from graph.render import report
from graph.render.report import analysis_data, generate_json, generate_markdown, write_analysis

MINI = Path(__file__).parent / "data" / "mini.trig"
FILES = ["analysis.json", "analysis.md", "plots/country-matrix.svg", "plots/top-actors.svg", "plots/timeline.svg"]


@pytest.fixture(scope="module")
def full():
    return project_graph(load_dataset([MINI]), "full")


@pytest.fixture(scope="module")
def written(full, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = write_analysis(full, out)
    return out, paths


def test_writes_json_markdown_and_plots(written):
    out, paths = written
    assert [p.relative_to(out).as_posix() for p in paths] == FILES
    assert not list(out.rglob("*.tmp"))


def test_json_holds_every_figure_sorted_and_equal_to_the_api(written, full):
    out, _ = written
    text = (out / "analysis.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert data["countries"] == json.loads(json.dumps(country_matrix(full)))
    assert data["timeline"] == json.loads(json.dumps(timeline(full)))
    A = project_graph(full, "actors")
    assert {n: {k: v for k, v in m.items() if k in ("degree", "pagerank", "betweenness", "eigenvector",
                                                        "community")} for n, m in data["metrics"].items()} \
        == json.loads(json.dumps(node_metrics(A)))
    assert data["graph"] == {"nodes": 17, "relations": 24, "actors": 11, "actor_ties": 12, "components": 3,
                             "largest_component": 7, "isolated_actors": 1}
    assert data["methods"]["betweenness"] == "exact"


def test_markdown_is_a_briefing_whose_numbers_are_in_the_json(written):
    out, _ = written
    md = (out / "analysis.md").read_text(encoding="utf-8")
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    lines = md.splitlines()
    assert lines[0] == "# Korea–Japan–US AI cooperation: network briefing"
    assert lines.index("## Key findings") < lines.index("## Who matters") < lines.index("## How the countries are tied")
    pair = next(line for line in lines if "most closely tied pair" in line)
    assert pair.startswith("- **Japan (일본) and South Korea (한국) are the most closely tied pair**: 4 shared contexts, "
                           "of which ")
    assert pair.endswith("(next: JP–US 1, KR–US 1).")
    by_status = data["countries"]["pairs"][0]["by_status"]
    assert sum(by_status.values()) == 4
    assert all(f"{n} {k}" in pair for k, n in by_status.items())
    assert "- **1 context(s) bring in all three of KR, JP, US**: Trilateral AI initiative (한미일 AI 이니셔티브)." in lines
    assert any(line.startswith("- **Single points of failure**: removing Alpha (알파) would cut off 2 actor(s)")
               for line in lines)
    for pair in data["countries"]["pairs"]:
        assert f"| {pair['pair']} | {pair['weight']} |" in md
    for row in data["timeline"]:
        assert f"| {row['period']} | {len(row['events'])} | {row['contexts']} | {row['ties']} |" in md
    top = data["centrality"]["pagerank"][0]
    assert f"| 1 | {top['label']} ({top['label_ko']}) | {top['country']} | {top['score']} |" in md
    for target in FILES[2:]:
        assert f"]({target})" in md and (out / target).is_file()


def test_plots_are_valid_svg_with_hangul_labels(written):
    out, _ = written
    for name in FILES[2:]:
        svg = (out / name).read_text(encoding="utf-8")
        ET.fromstring(svg.encode("utf-8"))
        assert "<dc:date>" not in svg
    if report.HANGUL_FONT.is_file():
        assert "<!-- Lee Jae-myung (이재명) -->" in (out / "plots/top-actors.svg").read_text(encoding="utf-8")


def test_plots_fall_back_to_english_without_a_hangul_font(full, monkeypatch, tmp_path):
    monkeypatch.setattr(report, "HANGUL_FONT", tmp_path / "missing.ttf")
    svgs = report.plot_svgs(analysis_data(full))
    assert "<!-- Lee Jae-myung -->" in svgs["actors"] and "이재명" not in svgs["actors"]


def test_output_is_byte_identical_run_to_run(written, full, tmp_path):
    out, _ = written
    write_analysis(load_dataset([MINI]), tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_string_twins_match_the_files(written, full):
    out, _ = written
    data = analysis_data(full)
    assert generate_json(data) == (out / "analysis.json").read_text(encoding="utf-8")
    assert generate_markdown(data) == (out / "analysis.md").read_text(encoding="utf-8")


def test_unwritable_target_raises_export_error(full, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write here"):
        write_analysis(full, blocker)


# --- command line ---------------------------------------------------------------------

def test_cli_analyze(tmp_path):
    result = CliRunner().invoke(main, ["analyze", "--out", str(tmp_path), "--sources", str(MINI)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [str(tmp_path / f) for f in FILES]
    assert json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))["countries"]["pairs"][0]["weight"] == 4


def test_cli_path_table_and_json():
    result = CliRunner().invoke(main, ["path", "이재명", "Gamma", "--sources", str(MINI)])
    assert result.exit_code == 0, result.output
    assert "Lee Jae-myung ←participant— Lee's visit to Alpha" in result.output
    assert "이 대통령은 4월 알파를 방문했다" in result.output
    result = CliRunner().invoke(main, ["path", "kjd:alpha", "kjd:gamma", "--format", "json", "--sources", str(MINI)])
    assert json.loads(result.output)["length"] == 2


def test_cli_neighbors_and_unknown_entity():
    result = CliRunner().invoke(main, ["neighbors", "KOSA", "--format", "json", "--sources", str(MINI)])
    assert result.exit_code == 0, result.output
    assert [n["label"] for n in json.loads(result.output)] == ["Cho Min", "Japan expansion council", "South Korea"]
    result = CliRunner().invoke(main, ["neighbors", "Lee Jaemyung", "--sources", str(MINI)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no entity named 'Lee Jaemyung'; did you mean: Lee Jae-myung")


# --- approximations and their error estimates -------------------------------------

def test_exact_measures_claim_no_error_estimate(written):
    out, _ = written
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert data["methods"]["betweenness"] == "exact" and "estimates" not in data["methods"]
    assert "How close the approximations are" not in (out / "analysis.md").read_text(encoding="utf-8")


def test_approximations_come_with_error_estimates_measured_on_a_sample(full, monkeypatch, tmp_path):
    from graph.analyse import centrality

    monkeypatch.setattr(centrality, "EXACT_MAX_NODES", 6)
    monkeypatch.setattr(centrality, "BETWEENNESS_BUDGET", 0)
    monkeypatch.setattr(centrality, "BETWEENNESS_MIN_SAMPLES", 3)
    write_analysis(full, tmp_path)
    data = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    m = data["methods"]
    assert m["betweenness"] == "approximate: 3 sampled sources, seeded"
    est = m["estimates"]
    assert est["sample"]["nodes"] == 6 and "breadth first" in est["sample"]["how"]
    b = est["betweenness"]
    assert b["sources"] == 3 and b["draws"] == centrality.DRAWS
    for key in ("spearman", "spearman_worst"):
        assert -1 <= b[key] <= 1
    for key in ("top_overlap", "top_overlap_worst", "max_abs_error"):
        assert 0 <= b[key] <= 1
    assert 0 <= est["community"]["rand_index"] <= 1 and 0 <= est["eigenvector"]["max_abs_error"] < 1e-4
    md = (tmp_path / "analysis.md").read_text(encoding="utf-8")
    assert "### How close the approximations are" in md and est["sample"]["how"] in md
    assert "| betweenness, 3 sampled sources (5 seeded draws) | exact betweenness | Spearman rank correlation" in md
