"""Gephi spreadsheet CSV: the columns Gephi's importer expects, one row per node/edge, numbers as
numbers, formula injection defused, Korean intact, deterministic."""
from __future__ import annotations

import csv
import io

import pytest

from graph.render.flat import clean_text, flatten, metrics_and_layout
from graph.render.gephi_csv import EDGES_CSV, NODES_CSV, csv_cell, generate_gephi_csv, write_gephi_csv
from .gephi_fixtures import HOSTILE, LEE, ODD, SUMMIT, contract_graph, real_graph


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module", params=["contract", "real-full", "real-actors"])
def tables(request):
    G = contract_graph() if request.param == "contract" else real_graph(request.param.split("-")[1])
    metrics, positions = metrics_and_layout(G)
    nodes, edges = generate_gephi_csv(G, lang="ko", metrics=metrics, positions=positions)
    return G, flatten(G, lang="ko", metrics=metrics, positions=positions), nodes, edges


def test_headers_start_with_the_columns_gephi_recognises(tables):
    _, _, nodes, edges = tables
    assert nodes.splitlines()[0].startswith("Id,Label,")
    assert edges.splitlines()[0].startswith("Source,Target,Type,Id,Label,Weight,")
    assert not nodes.startswith("\ufeff") and "\r" not in nodes + edges


def test_one_row_per_node_and_edge_with_the_flattened_values(tables):
    G, F, nodes, edges = tables
    node_rows, edge_rows = _rows(nodes), _rows(edges)
    assert [r["Id"] for r in node_rows] == list(F)
    assert len(edge_rows) == F.number_of_edges()
    kind = "Directed" if G.is_directed() else "Undirected"
    for row, (u, v, d) in zip(edge_rows, F.edges(data=True)):
        assert (row["Source"], row["Target"], row["Type"], row["Id"]) == (u, v, kind, d["id"])
        assert float(row["Weight"]) == d["weight"]
    for row, (n, d) in zip(node_rows, F.nodes(data=True)):
        assert row["Label"] == csv_cell(d["label"])
        for key in ("pagerank", "x", "y", "size", "degree"):
            assert type(d[key])(row[key]) == d[key]  # numbers are written plainly, even negative ones


def test_formula_cells_are_defused_and_korean_kept():
    nodes, edges = generate_gephi_csv(contract_graph(), lang="ko", metrics={}, positions={})
    rows = {r["Id"]: r for r in _rows(nodes)}
    assert rows[LEE]["Label"] == "이재명"
    odd = rows[ODD]
    assert odd["fact quote"] == "'" + clean_text("-1 @ " + HOSTILE)
    assert odd["quote"] == "'=cmd|' /C calc'!A0"
    assert odd["label_en"] == clean_text(HOSTILE)  # starts with "<": harmless, unchanged
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or _is_number(cell)
               for r in _rows(nodes) + _rows(edges) for cell in r.values())
    edge = {r["Id"]: r for r in _rows(edges)}[f"{SUMMIT} -> {LEE}"]
    assert (edge["Label"], edge["Weight"]) == ("주최자; 참가자", "2.0")


def test_write_puts_both_tables_in_the_folder_and_is_deterministic(tmp_path):
    G = contract_graph()
    first = write_gephi_csv(G, tmp_path / "a")
    second = write_gephi_csv(contract_graph(), tmp_path / "b")
    assert [p.name for p in first] == [NODES_CSV, EDGES_CSV]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [EDGES_CSV, NODES_CSV]  # no temp file left


def _dict_writer_tables(G, **kw) -> tuple[str, str]:
    """The tables written row by row with csv.DictWriter from the flattened graph (every cell through csv_cell)."""
    F = flatten(G, **kw)
    kind = "Directed" if F.is_directed() else "Undirected"
    nodes = [{"Id": n, "Label": d["label"], **{k: v for k, v in d.items() if k != "label"}}
             for n, d in F.nodes(data=True)]
    edges = [{"Source": u, "Target": v, "Type": kind, "Id": d["id"], "Label": d["label"], "Weight": d["weight"],
              **{k: x for k, x in d.items() if k not in ("id", "label", "weight")}} for u, v, d in F.edges(data=True)]

    def table(rows, first):
        columns = list(dict.fromkeys([*first, *(k for row in rows for k in row)]))
        buf = io.StringIO()
        writer = csv.DictWriter(buf, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
        return buf.getvalue()

    return table(nodes, ["Id", "Label"]), table(edges, ["Source", "Target", "Type", "Id", "Label", "Weight"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_tables_are_what_a_dict_writer_makes_of_the_flattened_graph(tables, lang):
    G = tables[0]
    metrics, positions = metrics_and_layout(G)
    assert generate_gephi_csv(G, lang=lang, metrics=metrics, positions=positions) \
        == _dict_writer_tables(G, lang=lang, metrics=metrics, positions=positions)
