"""write_gephi and `kjus export gephi`: every file, atomically, consistent with each other."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import networkx as nx
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import ExportError
from graph.paths import ROOT
from graph.render.gephi import GEPHI_FILES, write_gephi
from .gephi_fixtures import LEE, contract_graph, gexf_problems, real_graph


def test_write_gephi_writes_every_file_with_the_same_nodes_sizes_and_places(tmp_path):
    G = contract_graph()
    paths = write_gephi(G, tmp_path, lang="ko")
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == list(GEPHI_FILES)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) \
        == sorted(GEPHI_FILES)  # no temporary file left behind
    gexf = nx.read_gexf(tmp_path / "kjus.gexf")
    graphml = nx.read_graphml(tmp_path / "kjus.graphml")
    rows = {r["Id"]: r for r in csv.DictReader(io.StringIO((tmp_path / "gephi/nodes.csv").read_text("utf-8")))}
    assert set(gexf) == set(graphml) == set(rows) == set(G)
    viz = gexf.nodes[LEE]["viz"]
    assert viz["size"] == graphml.nodes[LEE]["size"] == float(rows[LEE]["size"])
    assert viz["position"]["x"] == graphml.nodes[LEE]["x"] == float(rows[LEE]["x"])
    assert gexf.nodes[LEE]["label"] == graphml.nodes[LEE]["label"] == rows[LEE]["Label"] == "이재명"


def test_write_gephi_twice_gives_identical_files(tmp_path):
    write_gephi(contract_graph(), tmp_path / "a")
    write_gephi(contract_graph(), tmp_path / "b")
    for name in GEPHI_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_real_graph_files_do_not_depend_on_the_process_hash_seed(tmp_path):
    """Committed exports must not change from one build to the next: no set order may leak out."""
    script = ("import sys; from graph.load import load_dataset; from graph.project import project_graph; "
              "from graph.render.gephi import write_gephi; "
              "write_gephi(project_graph(load_dataset(), 'full'), sys.argv[1])")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(tmp_path / seed)], cwd=ROOT, check=True, timeout=300,
                       env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)})
    for name in GEPHI_FILES:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_an_unwritable_folder_is_an_export_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="cannot write here"):
        write_gephi(contract_graph(), tmp_path / "file" / "sub", metrics={}, positions={})


def test_cli_exports_a_chosen_projection_in_a_chosen_language(tmp_path):
    result = CliRunner().invoke(main, ["export", "gephi", "--graph", "countries", "--lang", "ko",
                                       "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [str(tmp_path / name) for name in GEPHI_FILES]
    assert gexf_problems((tmp_path / "kjus-dynamic.gexf").read_bytes()) == []
    H = nx.read_gexf(tmp_path / "kjus.gexf")
    C = real_graph("countries")
    assert set(H) == set(C) and {"KR", "JP"} <= set(H)
    assert H.nodes["KR"]["label"] == C.nodes["KR"]["label_ko"] != C.nodes["KR"]["label_en"]
    assert not H.is_directed()


def test_cli_reports_a_bad_output_folder_in_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["export", "gephi", "--out", str(tmp_path / "file" / "sub")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "cannot write here" in result.output
    assert "Traceback" not in result.output


def test_write_gephi_files_from_a_table_writes_what_write_gephi_writes(tmp_path):
    from graph.render.flat import flat_table, metrics_and_layout
    from graph.render.gephi import write_gephi_files

    G = contract_graph()
    metrics, positions = metrics_and_layout(G)
    write_gephi(G, tmp_path / "a", lang="ko", metrics=metrics, positions=positions)
    paths = write_gephi_files(flat_table(G, lang="ko", metrics=metrics, positions=positions), tmp_path / "b",
                              lang="ko")
    assert [p.relative_to(tmp_path / "b").as_posix() for p in paths] == list(GEPHI_FILES)
    for name in GEPHI_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
