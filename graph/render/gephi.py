"""Every Gephi-ready file of one projection in one call: :func:`write_gephi`.

========================  =====================================================
file                      what it is for
========================  =====================================================
``kjus.gexf``             Gephi / Gephi Lite: typed attributes, colours, sizes, layout
``kjus-dynamic.gexf``     the same with a timeline (``timeformat="date"``)
``kjus.graphml``          Gephi, Cytoscape, yEd
``gephi/nodes.csv``       Gephi's *Import spreadsheet* (nodes table)
``gephi/edges.csv``       Gephi's *Import spreadsheet* (edges table)
========================  =====================================================

The metrics and the layout are computed once and shared by every file, so a node
has the same size, colour and place in each of them.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from .flat import metrics_and_layout
from .gephi_csv import write_gephi_csv
from .gexf import write_gexf
from .graphml import write_graphml

__all__ = ["GEPHI_FILES", "write_gephi"]

#: The files :func:`write_gephi` writes, relative to its output folder.
GEPHI_FILES = ("kjus.gexf", "kjus-dynamic.gexf", "kjus.graphml", "gephi/nodes.csv", "gephi/edges.csv")


def write_gephi(G: nx.Graph, out_dir: str | Path, *, lang: str = "en", metrics=None, positions=None,
                seed: int = 42) -> list[Path]:
    """Write :data:`GEPHI_FILES` for ``G`` into ``out_dir``, each atomically; return their paths.

    Parameters
    ----------
    G : networkx graph
        A projection from :func:`graph.project.project_graph` (``"full"``,
        ``"actors"`` or ``"countries"``).
    out_dir : folder to write into (created if missing).
    lang : {"en", "ko", "ja"}
        Language of the labels Gephi shows; the others stay as attributes.
    metrics : mapping, optional
        node → metrics; default :func:`graph.analyse.node_metrics` of ``G``.
    positions : mapping, optional
        node → ``(x, y)``; default :func:`graph.layout.layout` of ``G`` with ``seed``.
    seed : int
        Seed of the default layout.

    Raises
    ------
    ExportError
        Unknown ``lang``, or a file cannot be written.

    Examples
    --------
    >>> import networkx as nx, tempfile
    >>> out = tempfile.mkdtemp()
    >>> paths = write_gephi(nx.Graph([("a", "b")]), out, metrics={}, positions={})
    >>> [p.relative_to(out).as_posix() for p in paths] == list(GEPHI_FILES)
    True
    """
    metrics, positions = metrics_and_layout(G, metrics, positions, seed=seed)
    out = Path(out_dir)
    static, dynamic, graphml, csv_dir = (out / GEPHI_FILES[0], out / GEPHI_FILES[1], out / GEPHI_FILES[2],
                                         out / Path(GEPHI_FILES[3]).parent)
    shared = {"lang": lang, "metrics": metrics, "positions": positions}
    return [write_gexf(G, static, **shared), write_gexf(G, dynamic, dynamic=True, **shared),
            write_graphml(G, graphml, **shared), *write_gephi_csv(G, csv_dir, **shared)]
