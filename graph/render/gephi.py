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

The metrics, the layout and the table of :func:`graph.render.flat.flat_table` are
computed once and shared by every file, so a node has the same size, colour and
place in each of them; the two GEXF files are written in one pass.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from .flat import FlatTable, flat_table, metrics_and_layout
from .gephi_csv import write_gephi_csv
from .gexf import write_gexf_files
from .graphml import write_graphml

__all__ = ["GEPHI_FILES", "write_gephi", "write_gephi_files"]

#: The files :func:`write_gephi` writes, relative to its output folder.
GEPHI_FILES = ("kjus.gexf", "kjus-dynamic.gexf", "kjus.graphml", "gephi/nodes.csv", "gephi/edges.csv")


def write_gephi(G: nx.Graph, out_dir: str | Path, *, lang: str = "en", metrics=None, positions=None,
                seed: int = 42, table: FlatTable | None = None) -> list[Path]:
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
    table : FlatTable, optional
        :func:`graph.render.flat.flat_table` of ``G`` with these options, if already
        computed (``lang``, ``metrics``, ``positions`` and ``seed`` are then not used).

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
    if table is None:
        metrics, positions = metrics_and_layout(G, metrics, positions, seed=seed)
        table = flat_table(G, lang=lang, metrics=metrics, positions=positions)
    return write_gephi_files(table, out_dir, lang=lang)


def write_gephi_files(table: FlatTable, out_dir: str | Path, *, lang: str = "en") -> list[Path]:
    """Write :data:`GEPHI_FILES` of a flattened graph into ``out_dir``; return their paths.

    What :func:`write_gephi` writes, from :func:`graph.render.flat.flat_table` of the
    graph: the graph itself is no longer needed (a build can let it go first).

    Parameters
    ----------
    table : FlatTable
    out_dir : folder to write into (created if missing).
    lang : str
        The label language of ``table``, as the GEXF description names it.

    Examples
    --------
    >>> import networkx as nx, tempfile
    >>> from graph.render.flat import flat_table
    >>> out = tempfile.mkdtemp()
    >>> paths = write_gephi_files(flat_table(nx.Graph([("a", "b")]), metrics={}, positions={}), out)
    >>> [p.relative_to(out).as_posix() for p in paths] == list(GEPHI_FILES)
    True
    """
    out = Path(out_dir)
    gexf = write_gexf_files(table, {False: out / GEPHI_FILES[0], True: out / GEPHI_FILES[1]}, lang=lang)
    return [gexf[False], gexf[True], write_graphml(None, out / GEPHI_FILES[2], table=table),
            *write_gephi_csv(None, out / Path(GEPHI_FILES[3]).parent, table=table)]
