"""GEXF for Gephi and Gephi Lite: static (``kjus.gexf``) and with a timeline (``kjus-dynamic.gexf``).

The document is the one NetworkX's GEXF writer (version :data:`VERSION`) makes
of the table of :func:`graph.render.flat.flat_table` — the same elements,
attributes, attribute ids and indentation — written as a stream of text
instead of an ElementTree, so that a graph of a million relations costs seconds
and no tree of tens of millions of elements.  The drawing is in the ``viz``
namespace (``viz:color`` by country, ``viz:size`` by PageRank, ``viz:position``
from the shared layout), and the document is tidied where NetworkX's is not:

* ``<graph>`` carries no ``name`` (no GEXF schema declares it) and ``<meta>`` no
  ``lastmodifieddate`` (it would change the file every day);
* the dynamic file declares ``mode="dynamic" timeformat="date"``; dated nodes and
  edges carry ``start`` (and ``end`` for a period), undated ones carry no time
  and so are shown over the whole timeline.  The timeline is when things
  *happened*; when they were *reported* is the attribute ``reported`` (the
  earliest ``dcterms:date`` of the sources behind a node or edge), with
  ``sources`` and ``corroboration`` (how many independent sources), so Gephi
  can filter or colour by it.

GEXF 1.2draft is the version every Gephi since 0.8, Gephi Lite (graphology-gexf)
and NetworkX read.  GEXF 1.3's only gain here would be the edge ``kind`` that
keeps parallel edges apart; parallel relations are merged into one weighted edge
instead (see :mod:`graph.render.flat`), so what Gephi shows is what the file says.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("https://w3id.org/kjus/id/lee", label_en="Lee Jae-myung", label_ko="이재명", country="KR")
>>> G.add_node("https://w3id.org/kjus/id/summit", label_en="Summit", date="2025-08-23")
>>> G.add_edge("https://w3id.org/kjus/id/summit", "https://w3id.org/kjus/id/lee", label="participant")
>>> xml = generate_gexf(G, lang="ko", metrics={}, positions={}, dynamic=True)
>>> 'label="이재명"' in xml, 'timeformat="date"' in xml, 'start="2025-08-23"' in xml
(True, True, True)
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from networkx.readwrite.gexf import GEXF

from .flat import FlatTable, TextSink, column_types, escape_all, flat_table, xml_attr, xml_text
from .palette import hex_to_rgb

__all__ = ["VERSION", "generate_gexf", "write_gexf", "write_gexf_files"]

#: The GEXF version written (NetworkX's name for it).
VERSION = "1.2draft"
_SPEC = GEXF.versions[VERSION]
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
#: Row keys that become XML attributes of ``<node>`` (as NetworkX pops them), and the drawing.
_NODE_OWN = ("id", "label", "pid", "start", "end")
_DRAWING = ("x", "y", "size", "color")
_EDGE_OWN = ("id", "label", "weight", "type", "start", "end")
#: GEXF attribute type of each Python type (NetworkX's table).
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def generate_gexf(G: nx.Graph, *, lang: str = "en", dynamic: bool = False, metrics=None, positions=None,
                  seed: int = 42, table: FlatTable | None = None) -> str:
    """Return ``G`` as a GEXF document (the text of :func:`write_gexf`).

    Parameters
    ----------
    G : networkx graph
        A projection from :func:`graph.project.project_graph`.
    lang : {"en", "ko", "ja"}
        Language of the node and edge labels.
    dynamic : bool
        Write the timeline: ``mode="dynamic"``, ``timeformat="date"``, ``start``/``end`` dates.
    metrics, positions, seed
        As for :func:`graph.render.flat.flatten` (computed when not given).
    table : FlatTable, optional
        :func:`graph.render.flat.flat_table` of ``G`` with these options, if already computed
        (``G`` and the options are then not read, but ``lang`` names the labels in the description).

    Examples
    --------
    >>> import networkx as nx
    >>> xml = generate_gexf(nx.Graph([("a", "b")]), metrics={}, positions={})
    >>> xml.splitlines()[0]
    "<?xml version='1.0' encoding='utf-8'?>"
    """
    table = _table(G, table, lang=lang, metrics=metrics, positions=positions, seed=seed)
    return "".join(_document(table, lang, dynamic))


def write_gexf(G: nx.Graph, path: str | Path | BinaryIO, *, lang: str = "en", dynamic: bool = False,
               metrics=None, positions=None, seed: int = 42, table: FlatTable | None = None) -> Path | None:
    """Write ``G`` as GEXF to a path (atomically) or an open binary file; return the path.

    Parameters are those of :func:`generate_gexf`.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> p = write_gexf(nx.Graph([("a", "b")]), os.path.join(tempfile.mkdtemp(), "g.gexf"),
    ...                metrics={}, positions={})
    >>> nx.read_gexf(p).number_of_edges()
    1
    """
    table = _table(G, table, lang=lang, metrics=metrics, positions=positions, seed=seed)
    return write_gexf_files(table, {dynamic: path}, lang=lang)[dynamic]


def write_gexf_files(table: FlatTable, paths: dict, *, lang: str = "en") -> dict:
    """Write the static (``paths[False]``) and dynamic (``paths[True]``) GEXF of one table in one pass.

    The two documents differ only in the graph's mode and the nodes' and edges'
    ``start``/``end``: each element's attribute values are formatted once for both.

    Parameters
    ----------
    table : FlatTable
        :func:`graph.render.flat.flat_table` of the graph.
    paths : dict
        ``{False: path or open binary file, True: …}``; either may be left out.
    lang : str
        Label language, as named in the description.

    Returns
    -------
    dict
        The same keys → the paths written (``None`` for an open file).

    Raises
    ------
    ExportError
        A file cannot be written (the previous file is then untouched).

    Examples
    --------
    >>> import tempfile, os
    >>> from graph.render.flat import flat_table
    >>> T = flat_table(nx.Graph([("a", "b")]), metrics={}, positions={})
    >>> out = tempfile.mkdtemp()
    >>> done = write_gexf_files(T, {False: os.path.join(out, "s.gexf"), True: os.path.join(out, "d.gexf")})
    >>> sorted(p.name for p in done.values())
    ['d.gexf', 's.gexf']
    """
    variants = sorted(paths)
    with TextSink([paths[v] for v in variants], errors="xmlcharrefreplace") as sink:
        for parts in _documents(table, lang, variants):
            sink.extend(parts)
    return dict(zip(variants, sink.written))


def _table(G, table, **options) -> FlatTable:
    return table if table is not None else flat_table(G, **options)


def _document(table: FlatTable, lang: str, dynamic: bool) -> Iterator[str]:
    for parts in _documents(table, lang, [dynamic]):
        yield from parts[0]


def _documents(table: FlatTable, lang: str, variants: list[bool]) -> Iterator[list[list[str]]]:
    """The text of each variant (static, dynamic), element by element: one list of strings per variant.

    The strings of a node's or an edge's attribute values are shared by both
    variants; only the opening tag (its ``start``/``end``) differs.
    """
    node_ids, node_types = column_types((row for _, row in table.nodes), (*_NODE_OWN, *_DRAWING))
    edge_ids, edge_types = column_types((row for _, _, row in table.edges), _EDGE_OWN)
    ids = {("node", k): str(i) for i, k in enumerate(node_ids)}
    ids.update({("edge", k): str(i) for i, k in enumerate(edge_ids, len(node_ids))})
    node_prefixes = _attvalue_prefixes(ids, "node", column_types(row for _, row in table.nodes)[0],
                                       (*_NODE_OWN, *_DRAWING))
    edge_prefixes = _attvalue_prefixes(ids, "edge", column_types(row for _, _, row in table.edges)[0], _EDGE_OWN)
    times = table.times
    viz = f' xmlns:viz="{_SPEC["NS_VIZ"]}"' if table.nodes else ""
    head = [_DECLARATION,
            f'<gexf{viz} xmlns="{_SPEC["NS_GEXF"]}" xmlns:xsi="{_SPEC["NS_XSI"]}" '
            f'xsi:schemaLocation="{_SPEC["SCHEMALOCATION"]}" version="{_SPEC["VERSION"]}">\n',
            "  <meta>\n    <creator>KJUS Graph</creator>\n"]
    yield [["".join(head) + f"    <description>{xml_text(_description(table, lang, dynamic))}</description>\n"
            "  </meta>\n" + _graph_tag(table, dynamic) + _declarations(edge_ids, edge_types, "edge", len(node_ids))
            + _declarations(node_ids, node_types, "node", 0)] for dynamic in variants]
    yield [["    <nodes>\n" if table.nodes else "    <nodes />\n"]] * len(variants)
    for n, row in table.nodes:
        own = {k: row[k] for k in _NODE_OWN if k in row}
        timed = {**own, **times[("node", n)]} if ("node", n) in times else own
        r, g, b = hex_to_rgb(row["color"])
        body = [f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0" />\n'
                f'        <viz:size value="{row["size"]}" />\n'
                f'        <viz:position x="{row["x"]}" y="{row["y"]}" z="0.0" />\n', *_attvalues(row, node_prefixes),
                "      </node>\n"]
        node_id = xml_attr(str(own.get("id", n)))
        label = xml_attr(str(own.get("label", n)))
        yield [[f'      <node id="{node_id}" label="{label}"{_times(timed if dynamic else own)}>\n', *body]
               for dynamic in variants]
    yield [[("    </nodes>\n    <edges>\n" if table.nodes else "    <edges>\n") if table.edges
            else ("    </nodes>\n    <edges />\n" if table.nodes else "    <edges />\n")]] * len(variants)
    for u, v, row in table.edges:
        own = {k: row[k] for k in _EDGE_OWN if k in row}
        timed = {**own, **times[("edge", u, v)]} if ("edge", u, v) in times else own
        values = _attvalues(row, edge_prefixes)
        head = f'      <edge source="{xml_attr(u)}" target="{xml_attr(v)}" id="{xml_attr(str(own["id"]))}"'
        if "label" in own:
            head += f' label="{xml_attr(str(own["label"]))}"'
        if "weight" in own:
            head += f' weight="{own["weight"]}"'
        if "type" in own:
            head += f' type="{xml_attr(str(own["type"]))}"'
        if values:
            yield [[head + _times(timed if dynamic else own) + ">\n", *values, "      </edge>\n"]
                   for dynamic in variants]
        else:
            yield [[head + _times(timed if dynamic else own) + " />\n"] for dynamic in variants]
    yield [[("    </edges>\n" if table.edges else "") + "  </graph>\n</gexf>\n\n"]] * len(variants)


def _description(table: FlatTable, lang: str, dynamic: bool) -> str:
    return f"KJUS Graph, {table.kind} projection; labels: {lang}; {'dynamic (timeline)' if dynamic else 'static'}"


def _graph_tag(table: FlatTable, dynamic: bool) -> str:
    """``<graph>`` with NetworkX's attributes: the mode and time format follow the times present."""
    kind = "directed" if table.directed else "undirected"
    timeformat = "date" if dynamic else _timeformat(table)
    extra = f' mode="dynamic" timeformat="{timeformat}"' if timeformat else ' mode="static"'
    return f'  <graph defaultedgetype="{kind}"{extra}>\n'


def _timeformat(table: FlatTable) -> str | None:
    """NetworkX's time format for rows that carry their own ``start``/``end`` (the last one read decides)."""
    found = None
    for row in chain((row for _, row in table.nodes), (row for _, _, row in table.edges)):
        if "start" in row or "end" in row:
            found = row.get("end", row.get("start"))
    if found is None:
        return None
    return "date" if isinstance(found, str) else "double" if isinstance(found, float) else "long"


def _declarations(keys: list, types: dict, kind: str, first: int) -> str:
    """``<attributes>`` of one class, ids numbered from ``first`` (NetworkX numbers nodes', then edges')."""
    if not keys:
        return ""
    return (f'    <attributes mode="static" class="{kind}">\n'
            + "".join(f'      <attribute id="{i}" title="{xml_attr(_title(k))}" type="{_TYPES[types[k]]}" />\n'
                      for i, k in enumerate(keys, first))
            + "    </attributes>\n")


def _title(key: str) -> str:
    return "networkx_key" if key == "key" else key


def _times(own: dict) -> str:
    out = ""
    if "start" in own:
        out += f' start="{xml_attr(str(own["start"]))}"'
    if "end" in own:
        out += f' end="{xml_attr(str(own["end"]))}"'
    return out


def _attvalue_prefixes(ids: dict, kind: str, keys, skip: tuple) -> dict:
    """Row key → the text of its ``<attvalue>`` up to the value (``None`` for keys that are not attvalues)."""
    return {k: None if k in skip else f'          <attvalue for="{ids[kind, k]}" value="' for k in keys}


def _attvalues(row: dict, prefixes: dict) -> list[str]:
    """The strings of a row's ``<attvalues>`` (none without values); its values are escaped together."""
    pairs = [(prefix, value) for key, value in row.items() if (prefix := prefixes[key]) is not None]
    if not pairs:
        return []
    texts = [value if type(value) is str else ("true" if value else "false") if type(value) is bool else str(value)
             for _, value in pairs]
    return ["        <attvalues>\n", *[piece for (prefix, _), text in zip(pairs, escape_all(texts, xml_attr))
                                       for piece in (prefix, text, '" />\n')], "        </attvalues>\n"]
