"""GEXF for Gephi and Gephi Lite: static (``kjus.gexf``) and with a timeline (``kjus-dynamic.gexf``).

The XML is written by NetworkX's GEXF writer, version :data:`VERSION`, from the
table of :func:`graph.render.flat.flatten`; this module only adds the drawing
(``viz:color`` by country, ``viz:size`` by PageRank, ``viz:position`` from the
shared layout) and tidies the document NetworkX builds:

* ``<graph name="">`` is dropped (no GEXF schema declares it) and
  ``lastmodifieddate`` too (it would change the file every day);
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

import io
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ElementTree, SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ..files import write_atomic
from ..project import _gc_paused
from .flat import flatten
from .palette import hex_to_rgb

__all__ = ["VERSION", "generate_gexf", "write_gexf"]

#: The GEXF version written (NetworkX's name for it).
VERSION = "1.2draft"
_DRAWING = ("x", "y", "size", "color")
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"   # what ElementTree writes for encoding="utf-8"


def generate_gexf(G: nx.Graph, *, lang: str = "en", dynamic: bool = False, metrics=None, positions=None,
                  seed: int = 42) -> str:
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

    Examples
    --------
    >>> import networkx as nx
    >>> xml = generate_gexf(nx.Graph([("a", "b")]), metrics={}, positions={})
    >>> xml.splitlines()[0]
    "<?xml version='1.0' encoding='utf-8'?>"
    """
    return _document(G, lang=lang, dynamic=dynamic, metrics=metrics, positions=positions,
                     seed=seed).decode("utf-8")


def write_gexf(G: nx.Graph, path: str | Path | BinaryIO, *, lang: str = "en", dynamic: bool = False,
               metrics=None, positions=None, seed: int = 42) -> Path | None:
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
    data = _document(G, lang=lang, dynamic=dynamic, metrics=metrics, positions=positions, seed=seed)
    if hasattr(path, "write"):
        path.write(data)
        return None
    return write_atomic(path, data)


def _document(G: nx.Graph, *, lang, dynamic, metrics, positions, seed) -> bytes:
    F = flatten(G, lang=lang, metrics=metrics, positions=positions, dynamic=dynamic, seed=seed)
    with _gc_paused():   # one element per node, edge and attribute value, none of them cyclic garbage
        return _serialise(G, F, lang=lang, dynamic=dynamic)


def _serialise(G: nx.Graph, F: nx.Graph, *, lang, dynamic) -> bytes:
    H = F.__class__()
    H.add_nodes_from((n, _with_viz(d)) for n, d in F.nodes(data=True))
    H.add_edges_from(F.edges(data=True))
    writer = GEXFWriter(version=VERSION, prettyprint=True)
    writer.add_graph(H)
    graph = writer.graph_element
    graph.attrib.pop("name", None)
    if dynamic:
        graph.set("mode", "dynamic")
        graph.set("timeformat", "date")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "KJUS Graph (NetworkX GEXF writer)"
    kind = G.graph.get("kind", "graph")
    SubElement(meta, "description").text = (f"KJUS Graph, {kind} projection; labels: {lang}; "
                                            f"{'dynamic (timeline)' if dynamic else 'static'}")
    writer.indent(writer.xml)
    buf = io.StringIO()   # text, encoded once: a BytesIO makes ElementTree encode every small write on its own
    buf.write(_DECLARATION)
    ElementTree(writer.xml).write(buf, encoding="unicode")
    return buf.getvalue().encode("utf-8", "xmlcharrefreplace") + b"\n"


def _with_viz(d: dict) -> dict:
    """Node attributes with the drawing moved from columns into GEXF's ``viz`` elements."""
    r, g, b = hex_to_rgb(d["color"])
    attrs = {k: v for k, v in d.items() if k not in _DRAWING}
    attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": d["size"],
                    "position": {"x": d["x"], "y": d["y"], "z": 0.0}}
    return attrs
