"""GraphML (``kjus.graphml``) for Gephi, Cytoscape, yEd and any GraphML reader.

NetworkX's GraphML writer (its ElementTree one, so that the bytes do not depend on
whether lxml is installed) serialises the table of :func:`graph.render.flat.flatten`
with typed keys (``long``, ``double``, ``boolean`` written ``true``/``false``, ``string``).  The drawing uses
the key names Gephi's GraphML importer maps onto its own properties: ``label``,
``x``, ``y``, ``size``, ``r``/``g``/``b`` (the colour of :mod:`graph.render.palette`)
and, on edges, ``id``, ``label`` and ``weight``.

Examples
--------
>>> import networkx as nx
>>> text = generate_graphml(nx.Graph([("a", "b")]), metrics={}, positions={})
>>> '<key id="d0" for="node" attr.name="label" attr.type="string" />' in text
True
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from ..files import write_atomic
from .flat import flatten
from .palette import hex_to_rgb

__all__ = ["generate_graphml", "write_graphml"]


def generate_graphml(G: nx.Graph, *, lang: str = "en", metrics=None, positions=None, seed: int = 42) -> str:
    """Return ``G`` as a GraphML document (the text of :func:`write_graphml`).

    Parameters
    ----------
    G : networkx graph
        A projection from :func:`graph.project.project_graph`.
    lang : {"en", "ko", "ja"}
        Language of the ``label`` key.
    metrics, positions, seed
        As for :func:`graph.render.flat.flatten` (computed when not given).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b")])
    >>> H = nx.read_graphml(io.StringIO(generate_graphml(G, metrics={}, positions={})))
    >>> H.edges["a", "b"]["weight"], H.nodes["a"]["r"]
    (1.0, 153)
    """
    return _document(G, lang=lang, metrics=metrics, positions=positions, seed=seed).decode("utf-8")


def write_graphml(G: nx.Graph, path: str | Path | BinaryIO, *, lang: str = "en", metrics=None,
                  positions=None, seed: int = 42) -> Path | None:
    """Write ``G`` as GraphML to a path (atomically) or an open binary file; return the path.

    Parameters are those of :func:`generate_graphml`.
    """
    data = _document(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    if hasattr(path, "write"):
        path.write(data)
        return None
    return write_atomic(path, data)


def _document(G: nx.Graph, *, lang, metrics, positions, seed) -> bytes:
    F = flatten(G, lang=lang, metrics=metrics, positions=positions, seed=seed)
    for _, d in F.nodes(data=True):
        d["r"], d["g"], d["b"] = hex_to_rgb(d.pop("color"))
    writer = GraphMLWriter(F, encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
    booleans = {key.get("id") for key in writer.xml.iter("key")
                if key.get("attr.type") == "boolean"}
    for data in writer.xml.iter("data"):
        if data.get("key") in booleans:
            data.text = data.text.lower()  # xs:boolean is true/false; NetworkX writes True/False
    buf = io.BytesIO()
    writer.dump(buf)
    return buf.getvalue() + b"\n"
