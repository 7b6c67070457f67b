"""Who matters and who brokers: centralities, rankings, articulation points, bridges.

Every function accepts any NetworkX graph and works on its undirected simple
projection (:func:`graph.project.simple_graph`; parallel edges add up to the
``weight``).  Exact betweenness and power-iteration eigenvector centrality are
used up to :data:`EXACT_MAX_NODES` nodes.  Above it betweenness is estimated
from seeded sample sources — as many as fit :data:`BETWEENNESS_BUDGET` node and
edge visits, at least :data:`BETWEENNESS_MIN_SAMPLES` (:func:`betweenness_samples`)
— and eigenvector centrality is computed with ARPACK from a fixed start vector.
:func:`methods` says which was used, so that the report can tell the reader.
"""
from __future__ import annotations

import networkx as nx

from ..project import simple_graph
from .entities import describe

__all__ = ["EXACT_MAX_NODES", "BETWEENNESS_BUDGET", "BETWEENNESS_MIN_SAMPLES", "DIGITS", "methods",
           "betweenness_samples", "node_metrics", "louvain",
           "centrality_rankings", "brokers"]

#: Largest graph on which betweenness and eigenvector centrality are computed exactly.
EXACT_MAX_NODES = 1000
#: Node and edge visits spent on sampled betweenness (about 10 s of pure-Python BFS).
BETWEENNESS_BUDGET = 3_000_000
#: Fewest sample sources for betweenness, however large the graph.
BETWEENNESS_MIN_SAMPLES = 50
#: Decimals kept in every score (keeps JSON output byte-stable).
DIGITS = 6
_MEASURES = ("degree", "pagerank", "betweenness", "eigenvector")


def methods(G: nx.Graph) -> dict[str, str]:
    """How each measure is computed for a graph of this size.

    Examples
    --------
    >>> methods(nx.path_graph(3))["betweenness"]
    'exact'
    """
    exact = len(G) <= EXACT_MAX_NODES
    k = betweenness_samples(len(G), G.number_of_edges())
    return {
        "degree": "exact", "pagerank": "exact (weighted, damping 0.85)",
        "betweenness": "exact" if exact else f"approximate: {k} sampled sources, seeded",
        "eigenvector": "exact (power iteration)" if exact
        else "approximate (ARPACK from a fixed start, tolerance 1e-6)",
        "community": "Louvain (weighted, seeded)",
    }


def betweenness_samples(n: int, m: int) -> int:
    """Sample sources for betweenness on a graph of ``n`` nodes and ``m`` edges above :data:`EXACT_MAX_NODES`.

    Examples
    --------
    >>> betweenness_samples(5_000, 10_000), betweenness_samples(10**6, 4 * 10**6)
    (200, 50)
    """
    return min(n, max(BETWEENNESS_MIN_SAMPLES, BETWEENNESS_BUDGET // max(n + m, 1)))


def node_metrics(G: nx.Graph, seed: int = 42) -> dict:
    """Degree, PageRank, betweenness, eigenvector centrality and community of every node.

    Parameters
    ----------
    G : networkx graph
        Usually the actor graph; a full (multi, directed) graph is first made
        simple and undirected.
    seed : int
        Seed of the Louvain method and of betweenness sampling.

    Returns
    -------
    dict
        node → ``{"degree": int, "pagerank": float, "betweenness": float,
        "eigenvector": float, "community": int}``.  Scores are rounded to
        :data:`DIGITS` decimals; betweenness is normalised; communities are
        numbered from 0 by decreasing size (ties: smallest member first).

    Examples
    --------
    >>> m = node_metrics(nx.star_graph(3))
    >>> m[0]
    {'degree': 3, 'pagerank': 0.479731, 'betweenness': 1.0, 'eigenvector': 0.707107, 'community': 0}
    >>> m[1]["pagerank"] < m[0]["pagerank"]
    True
    """
    H = simple_graph(G)
    if len(H) == 0:
        return {}
    pagerank = nx.pagerank(H, weight="weight") if H.number_of_edges() else {n: 1 / len(H) for n in H}
    if len(H) <= EXACT_MAX_NODES:
        betweenness = nx.betweenness_centrality(H)
    else:
        k = betweenness_samples(len(H), H.number_of_edges())
        betweenness = nx.betweenness_centrality(H, k=k, seed=seed)
    eigenvector = _eigenvector(H)
    community = {n: i for i, members in enumerate(louvain(H, seed)) for n in members}
    return {n: {"degree": H.degree(n), "pagerank": round(pagerank[n], DIGITS),
                "betweenness": round(betweenness[n], DIGITS), "eigenvector": round(eigenvector[n], DIGITS),
                "community": community[n]} for n in H}


def centrality_rankings(G: nx.Graph, top: int = 10, metrics: dict | None = None) -> dict[str, list[dict]]:
    """The ``top`` nodes by each centrality, with their names in English and Korean.

    Parameters
    ----------
    G : networkx graph (node attributes ``label``/``label_ko`` used when present)
    top : int
    metrics : dict, optional
        The result of :func:`node_metrics` if already computed.

    Returns
    -------
    dict
        measure → list of :func:`~graph.analyse.entities.describe` records plus ``"score"``, best first
        (ties broken by label, then node id); nodes scoring 0 are left out.

    Examples
    --------
    >>> r = centrality_rankings(nx.path_graph(["a", "b", "c"]), top=2)
    >>> [(x["node"], x["score"]) for x in r["betweenness"]]
    [('b', 1.0)]
    >>> [x["node"] for x in r["degree"]]
    ['b', 'a']
    """
    metrics = node_metrics(G) if metrics is None else metrics
    out = {}
    for measure in _MEASURES:
        ranked = sorted((n for n in metrics if metrics[n][measure] > 0),
                        key=lambda n: (-metrics[n][measure], _label(G, n), str(n)))
        out[measure] = [{**describe(G, n), "score": metrics[n][measure]} for n in ranked[:top]]
    return out


def brokers(G: nx.Graph, top: int = 10, metrics: dict | None = None) -> dict[str, list]:
    """Actors whose removal would cut the graph apart, and those on many shortest paths.

    Parameters
    ----------
    G : networkx graph
    top : int
        How many high-betweenness nodes to list.
    metrics : dict, optional
        The result of :func:`node_metrics` if already computed.

    Returns
    -------
    dict
        ``"articulation_points"``: :func:`~graph.analyse.entities.describe` records plus ``"separates"``
        sorted by how many nodes would be cut off from the largest remaining part;
        ``"bridges"``: ``{"source", "target", "source_label", "target_label"}``;
        ``"high_betweenness"``: as in :func:`centrality_rankings`.

    Examples
    --------
    >>> b = brokers(nx.path_graph(["a", "b", "c", "d"]))
    >>> [(x["node"], x["separates"]) for x in b["articulation_points"]]
    [('b', 1), ('c', 1)]
    >>> [(x["source"], x["target"]) for x in b["bridges"]]
    [('a', 'b'), ('b', 'c'), ('c', 'd')]
    """
    H = simple_graph(G)
    points = [{**describe(G, n), "separates": cut} for n, cut in _cut_off(H).items()]
    points.sort(key=lambda x: (-x["separates"], x["label"], str(x["node"])))
    bridges = sorted(tuple(sorted((u, v), key=str)) for u, v in nx.bridges(H))
    return {
        "articulation_points": points,
        "bridges": [{"source": u, "target": v, "source_label": _label(G, u), "target_label": _label(G, v)}
                    for u, v in sorted(bridges, key=lambda e: (str(e[0]), str(e[1])))],
        "high_betweenness": centrality_rankings(G, top, metrics)["betweenness"],
    }


def louvain(H: nx.Graph, seed: int = 42) -> list[list]:
    """Louvain communities of ``H``, each sorted, largest first (ties: smallest member first).

    Examples
    --------
    >>> louvain(nx.barbell_graph(3, 0))
    [[0, 1, 2], [3, 4, 5]]
    """
    found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    return sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))


def _cut_off(H: nx.Graph) -> dict:
    """Articulation point → nodes cut off from the largest remaining part of its component.

    One iterative depth-first search (Hopcroft–Tarjan low points with subtree sizes), linear in the graph.
    """
    disc, low, size, out = {}, {}, {}, {}
    for root in H:
        if root in disc:
            continue
        disc[root] = low[root] = 0
        size[root] = 1
        parts: dict = {root: []}
        stack = [(root, None, iter(H[root]))]
        while stack:
            v, parent, children = stack[-1]
            for w in children:
                if w not in disc:
                    disc[w] = low[w] = len(disc)
                    size[w] = 1
                    parts[w] = []
                    stack.append((w, v, iter(H[w])))
                    break
                if w != parent:
                    low[v] = min(low[v], disc[w])
            else:
                stack.pop()
                if parent is not None:
                    size[parent] += size[v]
                    low[parent] = min(low[parent], low[v])
                    if low[v] >= disc[parent]:
                        parts[parent].append(size[v])
        total = size[root]
        for v, cut in parts.items():
            pieces = cut + ([total - 1 - sum(cut)] if v != root else [])
            pieces = [p for p in pieces if p]
            if len(pieces) > 1:
                out[v] = sum(pieces) - max(pieces)
    return out


def _eigenvector(H: nx.Graph) -> dict:
    """Eigenvector centrality (unit length, as NetworkX); zeros where it is undefined (no edges)."""
    if H.number_of_edges() == 0:
        return {n: 0.0 for n in H}
    if len(H) <= EXACT_MAX_NODES:
        try:
            return nx.eigenvector_centrality(H, max_iter=2000, tol=1e-9, weight="weight")
        except nx.PowerIterationFailedConvergence:
            pass
    return _eigenvector_arpack(H)


def _eigenvector_arpack(H: nx.Graph) -> dict:
    """Leading eigenvector by ARPACK from a fixed start vector, so that results repeat exactly."""
    import numpy as np
    from scipy.sparse.linalg import eigsh

    nodes = list(H)
    A = nx.to_scipy_sparse_array(H, nodelist=nodes, weight="weight", dtype=float, format="csr")
    _, vectors = eigsh(A, k=1, which="LA", v0=np.ones(len(nodes)), tol=1e-6, maxiter=10 * len(nodes))
    v = np.abs(vectors[:, 0])
    return dict(zip(nodes, (v / (np.linalg.norm(v) or 1.0)).tolist()))


def _label(G: nx.Graph, n) -> str:
    return describe(G, n)["label"]
