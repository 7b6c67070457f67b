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

import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from .flat import FlatTable, TextSink, column_types, flat_table

__all__ = ["NODES_CSV", "EDGES_CSV", "generate_gephi_csv", "write_gephi_csv", "csv_cell"]

NODES_CSV = "nodes.csv"
EDGES_CSV = "edges.csv"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def generate_gephi_csv(G: nx.Graph, *, lang: str = "en", metrics=None, positions=None,
                       seed: int = 42, table: FlatTable | None = None) -> tuple[str, str]:
    """Return the node table and the edge table of ``G`` as CSV text.

    Parameters
    ----------
    G : networkx graph
        A projection from :func:`graph.project.project_graph`.
    lang : {"en", "ko", "ja"}
        Language of the ``Label`` column.
    metrics, positions, seed
        As for :func:`graph.render.flat.flatten` (computed when not given).
    table : FlatTable, optional
        :func:`graph.render.flat.flat_table` of ``G`` with these options, if already computed
        (``G`` and the options are then not read).

    Returns
    -------
    (nodes, edges) : tuple of str
    """
    table = table if table is not None else flat_table(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    return "".join(_node_table(table)), "".join(_edge_table(table))


def write_gephi_csv(G: nx.Graph, out_dir: str | Path, *, lang: str = "en", metrics=None, positions=None,
                    seed: int = 42, table: FlatTable | None = None) -> list[Path]:
    """Write :data:`NODES_CSV` and :data:`EDGES_CSV` into ``out_dir`` (atomically); return their paths.

    Parameters are those of :func:`generate_gephi_csv`.

    Examples
    --------
    >>> import networkx as nx, tempfile
    >>> [p.name for p in write_gephi_csv(nx.Graph([("a", "b")]), tempfile.mkdtemp(), metrics={}, positions={})]
    ['nodes.csv', 'edges.csv']
    """
    table = table if table is not None else flat_table(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    out = Path(out_dir)
    written = []
    for name, pieces in ((NODES_CSV, _node_table(table)), (EDGES_CSV, _edge_table(table))):
        with TextSink([out / name]) as sink:
            for piece in pieces:
                sink.write([piece])
        written.extend(sink.written)
    return written


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


#: Rows formatted per block of CSV text.
_BLOCK = 10_000


def _node_table(table: FlatTable) -> Iterator[str]:
    columns, types = column_types((row for _, row in table.nodes), skip=("label",))
    return _table(["Id", "Label", *columns], [str, str, *(types[c] for c in columns)],
                  [lambda block: [n for n, _ in block], lambda block: [row["label"] for _, row in block],
                   *(_getter(lambda item: item[1], c) for c in columns)], table.nodes)


def _edge_table(table: FlatTable) -> Iterator[str]:
    columns, types = column_types((row for _, _, row in table.edges), skip=("id", "label", "weight"))
    kind = "Directed" if table.directed else "Undirected"
    return _table(["Source", "Target", "Type", "Id", "Label", "Weight", *columns],
                  [str, str, str, str, str, float, *(types[c] for c in columns)],
                  [lambda block: [u for u, _, _ in block], lambda block: [v for _, v, _ in block],
                   lambda block: [kind] * len(block), lambda block: [row["id"] for _, _, row in block],
                   lambda block: [row["label"] for _, _, row in block],
                   lambda block: [row["weight"] for _, _, row in block],
                   *(_getter(lambda item: item[2], c) for c in columns)], table.edges)


def _getter(row_of, column: str):
    """The values of one column in a block of items (``None`` where a row lacks it)."""
    return lambda block: [row_of(item).get(column) for item in block]


def _table(header: list[str], types: list, columns: list, items: list) -> Iterator[str]:
    """CSV text in blocks of rows: the header, then each cell as :func:`csv_cell` writes it (a missing one empty).

    Every column holds one type (:func:`graph.render.flat.flat_table` sees to it), so
    the cells are formatted column by column; a column is searched once for text
    that needs quoting (a comma or a double quote: the table's text holds no line
    breaks) and only then cell by cell, quoted as the csv module quotes.
    """
    yield ",".join(_quoted(header)) + "\n"
    for start in range(0, len(items), _BLOCK):
        block = items[start:start + _BLOCK]
        cells = [_quoted(_cells(get(block), kind)) for get, kind in zip(columns, types)]
        yield "\n".join(map(",".join, zip(*cells))) + "\n"


_QUOTE = re.compile('[,"\r\n]')


def _quoted(cells: list[str]) -> list[str]:
    """Cells quoted where the csv module's minimal quoting would quote them."""
    if not _QUOTE.search("\x00".join(cells)):
        return cells
    return ['"' + c.replace('"', '""') + '"' if _QUOTE.search(c) else c for c in cells]


def _cells(values: list, kind: type) -> list[str]:
    formula = _FORMULA_START
    if kind is str:
        return ["" if v is None else ("'" + v if v.startswith(formula) else v) if type(v) is str else csv_cell(v)
                for v in values]
    if kind is int or kind is float:
        return ["" if v is None else repr(v) if type(v) is kind else csv_cell(v) for v in values]
    return ["" if v is None else csv_cell(v) for v in values]
