"""render_network (graph/render/network.py): the network part of a build, in one call."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.load import load_dataset
from graph.project import project_graph
from graph.render.gephi import write_gephi
from graph.render.html import write_views
from graph.render.network import render_network
from graph.render.report import write_analysis

MINI = Path(__file__).parent / "data" / "mini.trig"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset([MINI])


@pytest.fixture(scope="module")
def rendered(dataset, tmp_path_factory):
    out = tmp_path_factory.mktemp("network")
    lines: list[str] = []
    render_network(dataset, out, lines.append)
    return out, lines


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_progress_lines_are_the_ones_the_benchmark_reads(rendered, dataset):
    _, lines = rendered
    full = project_graph(dataset, "full")
    assert lines == ["projecting to NetworkX",
                     f"analysing {full.number_of_nodes()} nodes, {full.number_of_edges()} edges",
                     "writing HTML views", "writing Gephi files"]


def test_writes_what_the_three_writers_write_one_after_the_other(rendered, dataset, tmp_path):
    out, _ = rendered
    full = project_graph(dataset, "full")
    write_analysis(full, tmp_path)
    write_views(full, tmp_path)
    write_gephi(full, tmp_path)
    assert _files(out) == _files(tmp_path)
    assert {"analysis.json", "analysis.md", "kjus.html", "views/actors.html", "kjus.gexf", "kjus-dynamic.gexf",
            "kjus.graphml", "gephi/nodes.csv", "gephi/edges.csv"} <= set(_files(out))


def test_the_same_store_gives_the_same_bytes(rendered, dataset, tmp_path):
    """From a pyoxigraph store (what a build hands over), twice: the same files, and the same set as above."""
    import pyoxigraph

    out, _ = rendered
    store = pyoxigraph.Store()
    store.load(dataset.serialize(format="nquads", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    first, second = tmp_path / "a", tmp_path / "b"
    render_network(store, first)
    render_network(store, second)
    assert _files(first) == _files(second)
    assert set(_files(first)) == set(_files(out))
