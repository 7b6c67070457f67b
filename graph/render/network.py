"""The network part of a build in one call: project once, analyse once, write every network file.

:func:`render_network` reads the store once into the ``"full"`` projection and
hands what it derives down to every writer, so that nothing is projected,
measured or flattened twice:

======================  ==========================================================
computed once           used by
======================  ==========================================================
``"full"`` projection   the report, the views, the Gephi files
contexts, ``"actors"``  the report (figures, communities), the actor view
actor metrics           the report's rankings, brokers and communities
full-graph metrics,     every Gephi file (:func:`graph.render.flat.flat_table`
layout, flat table      is built once; both GEXF files are written in one pass)
======================  ==========================================================

It writes, byte for byte, what calling :func:`~graph.render.report.write_analysis`,
:func:`~graph.render.html.write_views` and :func:`~graph.render.gephi.write_gephi`
one after the other on the projection writes; :func:`graph.build.build` calls it.

Memory: the projection is let go as soon as the Gephi table is made from it,
before the largest files are written, and the files are streamed (never held
whole).  Time: the cyclic garbage collector is paused meanwhile — the projection
holds millions of small objects, none of them garbage, that every full
collection would walk again (about 15 s of 60 at a million triples) — and run
once before the Gephi stage, to free the graphs of the report and the views
(a NetworkX graph refers to itself through its views, so only the collector
frees it).
"""
from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from ..project import contexts, project_graph
from ..runtime import gc_paused

__all__ = ["render_network"]


def render_network(store, out_dir: str | Path, progress: Callable[[str], None] = lambda message: None) -> None:
    """Project ``store`` and write the analysis report, the HTML views and the Gephi files into ``out_dir``.

    Parameters
    ----------
    store : pyoxigraph.Store or rdflib.Dataset
        The built dataset (after inference), as :func:`graph.project.project_graph` reads it.
    out_dir : str or Path
        The folder written into: ``analysis.json``, ``analysis.md``, ``plots/``,
        ``kjus.html``, ``views/``, ``kjus.gexf``, ``kjus-dynamic.gexf``,
        ``kjus.graphml`` and ``gephi/``.
    progress : callable, optional
        Called with one line before each stage: ``"projecting to NetworkX"``,
        ``"analysing N nodes, M edges"``, ``"writing HTML views"``, ``"writing Gephi files"``.

    Raises
    ------
    ExportError
        A file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from graph.project import _example_dataset
    >>> out = Path(tempfile.mkdtemp())
    >>> render_network(_example_dataset(), out, print)
    projecting to NetworkX
    analysing 5 nodes, 4 edges
    writing HTML views
    writing Gephi files
    >>> sorted(p.name for p in out.iterdir() if p.is_file())  # doctest: +NORMALIZE_WHITESPACE
    ['analysis.json', 'analysis.md', 'kjus-dynamic.gexf', 'kjus.gexf', 'kjus.graphml', 'kjus.html']
    """
    from .flat import flat_table, metrics_and_layout
    from .gephi import write_gephi_files
    from .html import write_views
    from .report import analysis_data, write_analysis

    out = Path(out_dir)
    with gc_paused():
        progress("projecting to NetworkX")
        full = project_graph(store, "full")
        progress(f"analysing {full.number_of_nodes()} nodes, {full.number_of_edges()} edges")
        members = contexts(full)
        actors = project_graph(full, "actors", members=members)
        write_analysis(full, out, data=analysis_data(full, actors=actors, members=members))
        progress("writing HTML views")
        write_views(full, out, actors=actors)
        progress("writing Gephi files")
        del actors, members
        gc.collect()   # the graphs of the report and the views: NetworkX graphs are reference cycles
        metrics, positions = metrics_and_layout(full)
        table = flat_table(full, metrics=metrics, positions=positions)
        del full, metrics, positions   # the table is all the files need: the projection's memory goes first
        write_gephi_files(table, out)
