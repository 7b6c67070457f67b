"""Gephi's spreadsheet import: ``gephi/nodes.csv`` and ``gephi/edges.csv``.

The node table starts ``Id,Label`` and the edge table ``Source,Target,Type,Id,Label,Weight``
(the columns Gephi's *Import spreadsheet* wizard recognises); every other column of
:func:`graph.render.flat.flatten` follows, numbers as numbers.  Files are UTF-8
without a byte-order mark, comma-separated, quoted only where needed, one line per row.

Text cells that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
get a leading apostrophe (``'``), so that a spreadsheet program that opens the
file reads them as text rather than run them as a formula (CSV injection).
Numeric cells are never changed, so ``-0.5`` stays a number.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_edge("a", "b", label="=HYPERLINK()")
>>> nodes, edges = generate_gephi_csv(G, metrics={}, positions={})
>>> nodes.splitlines()[0][:8], edges.splitlines()[1][:40]
('Id,Label', "a,b,Directed,a -> b,'=HYPERLINK(),1.0,,,")
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from ..files import write_atomic
from .flat import flatten

__all__ = ["NODES_CSV", "EDGES_CSV", "generate_gephi_csv", "write_gephi_csv", "csv_cell"]

NODES_CSV = "nodes.csv"
EDGES_CSV = "edges.csv"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def generate_gephi_csv(G: nx.Graph, *, lang: str = "en", metrics=None, positions=None,
                       seed: int = 42) -> tuple[str, str]:
    """Return the node table and the edge table of ``G`` as CSV text.

    Parameters
    ----------
    G : networkx graph
        A projection from :func:`graph.project.project_graph`.
    lang : {"en", "ko", "ja"}
        Language of the ``Label`` column.
    metrics, positions, seed
        As for :func:`graph.render.flat.flatten` (computed when not given).

    Returns
    -------
    (nodes, edges) : tuple of str
    """
    F = flatten(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    kind = "Directed" if F.is_directed() else "Undirected"
    node_rows = [{"Id": n, "Label": d["label"], **{k: v for k, v in d.items() if k != "label"}}
                 for n, d in F.nodes(data=True)]
    edge_rows = [{"Source": u, "Target": v, "Type": kind, "Id": d["id"], "Label": d["label"],
                  "Weight": d["weight"], **{k: x for k, x in d.items() if k not in ("id", "label", "weight")}}
                 for u, v, d in F.edges(data=True)]
    return (_table(node_rows, ["Id", "Label"]),
            _table(edge_rows, ["Source", "Target", "Type", "Id", "Label", "Weight"]))


def write_gephi_csv(G: nx.Graph, out_dir: str | Path, *, lang: str = "en", metrics=None, positions=None,
                    seed: int = 42) -> list[Path]:
    """Write :data:`NODES_CSV` and :data:`EDGES_CSV` into ``out_dir`` (atomically); return their paths.

    Parameters are those of :func:`generate_gephi_csv`.

    Examples
    --------
    >>> import networkx as nx, tempfile
    >>> [p.name for p in write_gephi_csv(nx.Graph([("a", "b")]), tempfile.mkdtemp(), metrics={}, positions={})]
    ['nodes.csv', 'edges.csv']
    """
    nodes, edges = generate_gephi_csv(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    out = Path(out_dir)
    return [write_atomic(out / NODES_CSV, nodes), write_atomic(out / EDGES_CSV, edges)]


def csv_cell(value) -> str:
    """One cell: numbers as written by Python, booleans ``true``/``false``, text defused.

    Examples
    --------
    >>> csv_cell(-0.5), csv_cell(True), csv_cell("-5%"), csv_cell("@user"), csv_cell("한국")
    ('-0.5', 'true', "'-5%", "'@user", '한국')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _table(rows: list[dict], first: list[str]) -> str:
    columns = list(dict.fromkeys([*first, *(k for row in rows for k in row)]))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(row[c]) if c in row else "" for c in columns] for row in rows)
    return buf.getvalue()
