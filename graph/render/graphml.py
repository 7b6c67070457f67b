"""GraphML (``kjus.graphml``) for Gephi, Cytoscape, yEd and any GraphML reader.

The document is the one NetworkX's GraphML writer (its ElementTree one, so that
the bytes never depended on whether lxml is installed) makes of the table of
:func:`graph.render.flat.flat_table` — the same keys, ids, order and indentation
— written as a stream of text.  Keys are typed (``long``, ``double``,
``boolean`` written ``true``/``false``, ``string``).  The drawing uses the key
names Gephi's GraphML importer maps onto its own properties: ``label``, ``x``,
``y``, ``size``, ``r``/``g``/``b`` (the colour of :mod:`graph.render.palette`)
and, on edges, ``id``, ``label`` and ``weight``.

Examples
--------
>>> import networkx as nx
>>> text = generate_graphml(nx.Graph([("a", "b")]), metrics={}, positions={})
>>> '<key id="d0" for="node" attr.name="label" attr.type="string" />' in text
True
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from networkx.readwrite.graphml import GraphML

from .flat import FlatTable, TextSink, column_types, flat_table, xml_attr, xml_text
from .palette import hex_to_rgb

__all__ = ["generate_graphml", "write_graphml"]

_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
#: GraphML ``attr.type`` of each Python type (NetworkX's table).
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_RGB = ("r", "g", "b")


def generate_graphml(G: nx.Graph, *, lang: str = "en", metrics=None, positions=None, seed: int = 42,
                     table: FlatTable | None = None) -> str:
    """Return ``G`` as a GraphML document (the text of :func:`write_graphml`).

    Parameters
    ----------
    G : networkx graph
        A projection from :func:`graph.project.project_graph`.
    lang : {"en", "ko", "ja"}
        Language of the ``label`` key.
    metrics, positions, seed
        As for :func:`graph.render.flat.flatten` (computed when not given).
    table : FlatTable, optional
        :func:`graph.render.flat.flat_table` of ``G`` with these options, if already computed
        (``G`` and the options are then not read).

    Examples
    --------
    >>> import io, networkx as nx
    >>> G = nx.DiGraph([("a", "b")])
    >>> H = nx.read_graphml(io.StringIO(generate_graphml(G, metrics={}, positions={})))
    >>> H.edges["a", "b"]["weight"], H.nodes["a"]["r"]
    (1.0, 153)
    """
    table = table if table is not None else flat_table(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    return "".join(_document(table))


def write_graphml(G: nx.Graph, path: str | Path | BinaryIO, *, lang: str = "en", metrics=None,
                  positions=None, seed: int = 42, table: FlatTable | None = None) -> Path | None:
    """Write ``G`` as GraphML to a path (atomically) or an open binary file; return the path.

    Parameters are those of :func:`generate_graphml`.
    """
    table = table if table is not None else flat_table(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    with TextSink([path], errors="xmlcharrefreplace") as sink:
        for piece in _document(table):
            sink.write([piece])
    return sink.written[0]


def _document(table: FlatTable) -> Iterator[str]:
    """The document piece by piece: keys (last declared first, as NetworkX inserts them), nodes, edges."""
    node_keys, node_types = column_types(_with_rgb(row, (0, 0, 0)) for _, row in table.nodes)
    edge_keys, edge_types = column_types(row for _, _, row in table.edges)
    ids = {("node", k): f"d{i}" for i, k in enumerate(node_keys)}
    ids.update({("edge", k): f"d{i}" for i, k in enumerate(edge_keys, len(node_keys))})
    declared = [("node", k, node_types[k]) for k in node_keys] + [("edge", k, edge_types[k]) for k in edge_keys]
    yield (_DECLARATION + f'<graphml xmlns="{GraphML.NS_GRAPHML}" xmlns:xsi="{GraphML.NS_XSI}" '
           f'xsi:schemaLocation="{GraphML.SCHEMALOCATION}">\n'
           + "".join(f'  <key id="{ids[scope, k]}" for="{scope}" attr.name="{xml_attr(k)}" '
                     f'attr.type="{_TYPES[kind]}" />\n' for scope, k, kind in reversed(declared)))
    kind = "directed" if table.directed else "undirected"
    if not table.nodes and not table.edges:
        yield f'  <graph edgedefault="{kind}" />\n</graphml>\n\n'
        return
    yield f'  <graph edgedefault="{kind}">\n'
    for n, row in table.nodes:
        data = _data(_with_rgb(row, hex_to_rgb(row["color"])), ids, "node")
        yield f'    <node id="{xml_attr(n)}">\n{data}    </node>\n'
    for u, v, row in table.edges:
        data = _data(row, ids, "edge")
        edge_id = f' id="{xml_attr(str(row["id"]))}"' if "id" in row else ""
        head = f'    <edge source="{xml_attr(u)}" target="{xml_attr(v)}"{edge_id}'
        yield f"{head}>\n{data}    </edge>\n" if data else f"{head} />\n"
    yield "  </graph>\n</graphml>\n\n"   # NetworkX ends the root with a newline, the old writer added one more


def _with_rgb(row: dict, rgb: tuple) -> dict:
    """The node's data: the colour as ``r``, ``g``, ``b`` (replacing, in place, any column of those names)."""
    data = {k: v for k, v in row.items() if k != "color"}
    data.update(zip(_RGB, rgb))
    return data


def _data(row: dict, ids: dict, scope: str) -> str:
    parts = []
    for key, value in row.items():
        if value is True or value is False:
            text = "true" if value else "false"
        elif type(value) is str:
            text = xml_text(value)
        else:
            text = str(value)
        parts.append(f'      <data key="{ids[scope, key]}">{text}</data>\n' if text
                     else f'      <data key="{ids[scope, key]}" />\n')
    return "".join(parts)
