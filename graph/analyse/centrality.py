"""Who matters and who brokers: centralities, rankings, articulation points, bridges.

Every function accepts any NetworkX graph and works on its undirected simple
projection (:func:`graph.project.simple_graph`; parallel edges add up to the
``weight``).  Exact betweenness and power-iteration eigenvector centrality are
used up to :data:`EXACT_MAX_NODES` nodes.  Above it betweenness is estimated
from seeded sample sources — as many as fit :data:`BETWEENNESS_BUDGET` node and
edge visits, at least :data:`BETWEENNESS_MIN_SAMPLES` (:func:`betweenness_samples`)
— and eigenvector centrality is computed with ARPACK from a fixed start vector.
:func:`methods` says which was used, so that the report can tell the reader, and
:func:`approximation_errors` measures how far each approximation is from the
exact value on a sample of the same graph small enough to compute both.

Betweenness is Brandes' algorithm (2001) — the one NetworkX runs, with the
sources NetworkX would sample for the same seed and its normalisation — run for
a batch of sources at once: one breadth-first level of every source is one
sparse matrix product (SciPy), so that the Python loop runs once per level
instead of once per node and edge.
"""
from __future__ import annotations

import random
from itertools import chain, islice

import networkx as nx

from ..project import simple_graph
from .communities import louvain, modularity
from .entities import describe

__all__ = ["EXACT_MAX_NODES", "BETWEENNESS_BUDGET", "BETWEENNESS_MIN_SAMPLES", "DIGITS", "DRAWS", "TOP",
           "methods", "betweenness_samples", "betweenness", "node_metrics", "approximation_errors", "louvain",
           "centrality_rankings", "brokers"]

#: Largest graph on which betweenness and eigenvector centrality are computed exactly.
EXACT_MAX_NODES = 1000
#: Node and edge visits spent on sampled betweenness (about 10 s of pure-Python BFS).
BETWEENNESS_BUDGET = 3_000_000
#: Fewest sample sources for betweenness, however large the graph.
BETWEENNESS_MIN_SAMPLES = 50
#: Decimals kept in every score (keeps JSON output byte-stable).
DIGITS = 6
#: Seeded draws of sample sources over which :func:`approximation_errors` measures sampled betweenness.
DRAWS = 5
#: Length of the top list whose overlap :func:`approximation_errors` reports.
TOP = 10
#: (node, source) cells of one batch of :func:`betweenness` (8 bytes each, a few arrays of them).
_CELLS = 1 << 21
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
        "betweenness": "exact" if exact or k >= len(G) else f"approximate: {k} sampled sources, seeded",
        "eigenvector": "exact (power iteration)" if exact
        else "approximate (ARPACK from a fixed start, tolerance 1e-6)",
        "community": "Louvain (weighted, seeded)" if len(G) <= _louvain_module().FULL_SWEEP_MAX_NODES
        else "Louvain (weighted, seeded; after the first sweep only neighbours of moved nodes are revisited, "
             "Ozaki et al. 2016)",
    }


def _louvain_module():
    """:mod:`graph.analyse.communities` (the package exports a function of that name)."""
    import importlib

    return importlib.import_module(".communities", __package__)


def betweenness_samples(n: int, m: int) -> int:
    """Sample sources for betweenness on a graph of ``n`` nodes and ``m`` edges above :data:`EXACT_MAX_NODES`.

    Examples
    --------
    >>> betweenness_samples(5_000, 10_000), betweenness_samples(10**6, 4 * 10**6)
    (200, 50)
    """
    return min(n, max(BETWEENNESS_MIN_SAMPLES, BETWEENNESS_BUDGET // max(n + m, 1)))


def node_metrics(G: nx.Graph, seed: int = 42, *, simple: nx.Graph | None = None) -> dict:
    """Degree, PageRank, betweenness, eigenvector centrality and community of every node.

    Parameters
    ----------
    G : networkx graph
        Usually the actor graph; a full (multi, directed) graph is first made
        simple and undirected.
    seed : int
        Seed of the Louvain method and of betweenness sampling.
    simple : networkx.Graph, optional
        ``simple_graph(G)`` if already computed.

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
    H = simple_graph(G) if simple is None else simple
    if len(H) == 0:
        return {}
    nodes = list(H)
    W = _weights(H, nodes) if H.number_of_edges() else None   # one matrix for PageRank, betweenness and ARPACK
    pagerank = _pagerank(W, nodes) if W is not None else {n: 1 / len(H) for n in H}
    k = None if len(H) <= EXACT_MAX_NODES else betweenness_samples(len(H), H.number_of_edges())
    between = _betweenness(nodes, W, k, seed)
    eigenvector = _eigenvector(H, W)
    community = {n: i for i, members in enumerate(louvain(H, seed)) for n in members}
    return {n: {"degree": d, "pagerank": round(pagerank[n], DIGITS),
                "betweenness": round(between[n], DIGITS), "eigenvector": round(eigenvector[n], DIGITS),
                "community": community[n]} for n, d in H.degree()}


def betweenness(G: nx.Graph, k: int | None = None, seed: int = 42) -> dict:
    """Normalised betweenness centrality of the undirected, unweighted ``G``: NetworkX's, batched.

    The value of ``nx.betweenness_centrality(G, k=k, seed=seed)`` (``normalized=True``,
    ``endpoints=False``, sampled sources rescaled as NetworkX does) to within
    floating-point rounding, computed with sparse matrix products.

    Parameters
    ----------
    G : networkx.Graph
        Undirected; weights, directions and self-loops are ignored.
    k : int, optional
        Number of sample sources (``random.Random(seed).sample(list(G), k)``); all when
        ``None`` or at least the number of nodes.
    seed : int

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> b = betweenness(nx.karate_club_graph(), k=10, seed=1)
    >>> c = nx.betweenness_centrality(nx.karate_club_graph(), k=10, seed=1)
    >>> max(abs(b[n] - c[n]) for n in b) < 1e-12
    True
    """
    nodes = list(G)
    return _betweenness(nodes, _weights(G, nodes) if G.number_of_edges() else None, k, seed)


def approximation_errors(G: nx.Graph, seed: int = 42, *, simple: nx.Graph | None = None) -> dict:
    """How far :func:`node_metrics`' approximations are from exact values, measured on a smaller graph.

    Above :data:`EXACT_MAX_NODES` nodes betweenness is sampled, eigenvector
    centrality comes from ARPACK and Louvain's sweeps are pruned.  The exact
    values cannot be had on the graph itself, so they are measured on a sample
    of it: the :data:`EXACT_MAX_NODES` nodes nearest (breadth first) to a seeded
    random node of the largest connected part of ``G``, with the ties among
    them — a connected graph on which every measure is computed both ways.

    Parameters
    ----------
    G : networkx graph (made simple and undirected as in :func:`node_metrics`)
    seed : int
        Seed of :func:`node_metrics`; the sample and the draws derive from it.
    simple : networkx.Graph, optional
        ``simple_graph(G)`` if already computed.

    Returns
    -------
    dict
        ``{}`` when ``G`` has at most :data:`EXACT_MAX_NODES` nodes (every measure
        exact: nothing to estimate).  Otherwise ``"sample"`` (``nodes``, ``edges``,
        ``how``); ``"betweenness"`` (when it was sampled): the same number of sample sources as on ``G``
        (``sources``; the error of source sampling depends on how many sources are
        drawn, not on what share of the nodes they are), drawn :data:`DRAWS` times
        (seeds ``seed``, ``seed + 1``, …) — ``spearman`` (rank correlation with the
        exact values over all nodes of the sample, mean over the draws) and
        ``spearman_worst``, ``top_overlap`` (share of the exact top :data:`TOP`
        found in the sampled top :data:`TOP`, mean) and ``top_overlap_worst``,
        ``max_abs_error`` (largest difference of a normalised score, any draw);
        ``"eigenvector"``: ``max_abs_error`` of ARPACK against power iteration to
        1e-9; ``"community"``: ``modularity_pruned`` and ``modularity_full`` (full
        sweeps, as NetworkX) and ``rand_index`` (share of node pairs both put in the
        same or in different communities).

    Examples
    --------
    >>> approximation_errors(nx.path_graph(5))
    {}
    """
    H = simple_graph(G) if simple is None else simple
    if len(H) <= EXACT_MAX_NODES:
        return {}
    S = _sample(H, seed)
    k = betweenness_samples(len(H), H.number_of_edges())
    out: dict = {"sample": {"nodes": S.number_of_nodes(), "edges": S.number_of_edges(),
                            "how": f"the {S.number_of_nodes()} nodes nearest (breadth first) to a random node "
                                   f"(seed {seed}) of the largest connected part, and the ties among them"}}
    if k < len(H):   # else betweenness was exact after all
        exact = _scores(betweenness(S), S)
        draws = [_scores(betweenness(S, k=k, seed=seed + i), S) for i in range(DRAWS)]
        rho = [_spearman(exact, d) for d in draws]
        top = [_top_overlap(exact, d) for d in draws]
        out["betweenness"] = {"sources": min(k, len(S)), "draws": DRAWS,
                              "spearman": _round(sum(rho) / len(rho)), "spearman_worst": _round(min(rho)),
                              "top": TOP, "top_overlap": _round(sum(top) / len(top)),
                              "top_overlap_worst": _round(min(top)),
                              "max_abs_error": _round(max(float(abs(exact - d).max()) for d in draws))}
    try:
        power = nx.eigenvector_centrality(S, max_iter=2000, tol=1e-9, weight="weight")
        eigen = {"max_abs_error": _round(max(abs(power[n] - x) for n, x in _eigenvector_arpack(S).items()))}
    except nx.PowerIterationFailedConvergence:
        eigen = {"max_abs_error": None, "note": "power iteration did not converge on the sample"}
    full, pruned = louvain(S, seed, prune=False), louvain(S, seed, prune=True)
    out["eigenvector"] = eigen
    out["community"] = {"modularity_pruned": _round(modularity(S, pruned)),
                        "modularity_full": _round(modularity(S, full)),
                        "communities_pruned": len(pruned), "communities_full": len(full),
                        "rand_index": _round(_rand_index(S, full, pruned))}
    return out


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


def brokers(G: nx.Graph, top: int = 10, metrics: dict | None = None, *,
            simple: nx.Graph | None = None) -> dict[str, list]:
    """Actors whose removal would cut the graph apart, and those on many shortest paths.

    Parameters
    ----------
    G : networkx graph
    top : int
        How many high-betweenness nodes to list.
    metrics : dict, optional
        The result of :func:`node_metrics` if already computed.
    simple : networkx.Graph, optional
        ``simple_graph(G)`` if already computed.

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
    H = simple_graph(G) if simple is None else simple
    cut_off, found = _cut_off(H)
    points = [{**describe(G, n), "separates": cut} for n, cut in cut_off.items()]
    points.sort(key=lambda x: (-x["separates"], x["label"], str(x["node"])))
    bridges = sorted(tuple(sorted((u, v), key=str)) for u, v in found)
    return {
        "articulation_points": points,
        "bridges": [{"source": u, "target": v, "source_label": _label(G, u), "target_label": _label(G, v)}
                    for u, v in sorted(bridges, key=lambda e: (str(e[0]), str(e[1])))],
        "high_betweenness": centrality_rankings(G, top, metrics)["betweenness"],
    }


def _cut_off(H: nx.Graph) -> tuple[dict, list]:
    """Articulation point → nodes cut off from the largest remaining part of its component; and the bridges.

    One iterative depth-first search (Hopcroft–Tarjan low points with subtree sizes), linear in the graph:
    a tree edge (parent, v) is a bridge when nothing below v reaches back above it (``low[v] > disc[parent]``).
    """
    disc, low, size, out, bridges = {}, {}, {}, {}, []
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
                    if low[v] > disc[parent]:
                        bridges.append((parent, v))
        total = size[root]
        for v, cut in parts.items():
            pieces = cut + ([total - 1 - sum(cut)] if v != root else [])
            pieces = [p for p in pieces if p]
            if len(pieces) > 1:
                out[v] = sum(pieces) - max(pieces)
    return out, bridges


def _eigenvector(H: nx.Graph, W=None) -> dict:
    """Eigenvector centrality (unit length, as NetworkX); zeros where it is undefined (no edges)."""
    if H.number_of_edges() == 0:
        return {n: 0.0 for n in H}
    if len(H) <= EXACT_MAX_NODES:
        try:
            return nx.eigenvector_centrality(H, max_iter=2000, tol=1e-9, weight="weight")
        except nx.PowerIterationFailedConvergence:
            pass
    return _eigenvector_arpack(H, W)


def _eigenvector_arpack(H: nx.Graph, W=None) -> dict:
    """Leading eigenvector by ARPACK from a fixed start vector, so that results repeat exactly."""
    import numpy as np
    from scipy.sparse.linalg import eigsh

    nodes = list(H)
    A = _weights(H, nodes) if W is None else W
    _, vectors = eigsh(A, k=1, which="LA", v0=np.ones(len(nodes)), tol=1e-6, maxiter=10 * len(nodes))
    v = np.abs(vectors[:, 0])
    return dict(zip(nodes, (v / (np.linalg.norm(v) or 1.0)).tolist()))


def _label(G: nx.Graph, n) -> str:
    return describe(G, n)["label"]


# --- one sparse matrix --------------------------------------------------------------

def _weights(G: nx.Graph, nodes: list):
    """The weighted adjacency matrix of ``G`` (CSR, float) in ``nodes`` order, as NetworkX's PageRank builds it."""
    return nx.to_scipy_sparse_array(G, nodelist=nodes, weight="weight", dtype=float, format="csr")


def _pagerank(W, nodes: list, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> dict:
    """``nx.pagerank(G, weight="weight")`` on its own matrix ``W`` — NetworkX's SciPy iteration, step for step."""
    import numpy as np
    import scipy as sp

    N = len(nodes)
    S = W.sum(axis=1)
    S[S != 0] = 1.0 / S[S != 0]
    Q = sp.sparse.dia_array((S.T, 0), shape=W.shape).tocsr()
    A = Q @ W
    x = np.repeat(1.0 / N, N)
    p = np.repeat(1.0 / N, N)
    dangling_weights = p
    is_dangling = np.where(S == 0)[0]
    for _ in range(max_iter):
        xlast = x
        x = alpha * (x @ A + sum(x[is_dangling]) * dangling_weights) + (1 - alpha) * p
        err = np.absolute(x - xlast).sum()
        if err < N * tol:
            return dict(zip(nodes, map(float, x)))
    raise nx.PowerIterationFailedConvergence(max_iter)


# --- batched Brandes ------------------------------------------------------------------

def _betweenness(nodes: list, W, k: int | None, seed: int) -> dict:
    """:func:`betweenness` of the graph whose weighted matrix is ``W`` (``None``: no edges)."""
    import numpy as np

    n = len(nodes)
    if k is not None and k >= n:
        k = None
    if k is None:
        sources, sampled = list(range(n)), None
    else:
        index = {u: i for i, u in enumerate(nodes)}
        sampled = [index[u] for u in random.Random(seed).sample(nodes, k)]
        sources = sampled
    total = _dependencies(_pattern(W), sources) if n > 2 and W is not None else np.zeros(n)
    pairs = n - 2   # NetworkX's N - 1 with N = n - 1 possible targets (endpoints excluded)
    if pairs < 1:
        return dict(zip(nodes, total.tolist()))
    if sampled is None:
        total *= 1 / ((n - 1) * pairs)
    else:
        scale = np.full(n, 1 / (k * pairs))
        scale[sampled] = 1 / ((k - 1) * pairs) if k > 1 else np.nan
        total *= scale
    return dict(zip(nodes, total.tolist()))


def _pattern(W):
    """The 0/1 adjacency matrix (CSR, float) of a weighted one, without self-loops."""
    A = W.copy()
    A.data[:] = 1.0
    A.setdiag(0)
    A.eliminate_zeros()
    return A


def _dependencies(A, sources: list[int]):
    """Sum over ``sources`` s of Brandes' dependency δ_s(v) of every node v ≠ s.

    For a batch of sources the (node × source) tables of path counts σ, depths
    and dependencies are dense arrays; one breadth-first level of all of them is
    ``A @ frontier``, and the accumulation walks the levels back with
    δ(v) += σ(v) · Σ_w (1 + δ(w)) / σ(w) over the neighbours w one level deeper.
    """
    import numpy as np

    n = A.shape[0]
    total = np.zeros(n)
    batch_size = max(1, min(len(sources), _CELLS // max(n, 1)))
    for start in range(0, len(sources), batch_size):
        batch = np.asarray(sources[start:start + batch_size], dtype=np.int64)
        cols = np.arange(len(batch))
        sigma = np.zeros((n, len(batch)))
        sigma[batch, cols] = 1.0
        seen = sigma > 0
        frontier = sigma.copy()
        levels = [np.flatnonzero(seen)]          # flat (node, source) cells, one array per depth
        while True:
            reached = A @ frontier
            new = reached > 0
            new &= ~seen
            cells = np.flatnonzero(new)
            if cells.size == 0:
                break
            seen.flat[cells] = True
            counts = reached.flat[cells]
            frontier = np.zeros_like(sigma)
            frontier.flat[cells] = counts
            sigma.flat[cells] = counts
            levels.append(cells)
        delta = np.zeros_like(sigma)
        coef = np.zeros_like(sigma)
        for depth in range(len(levels) - 1, 0, -1):
            cells, parents = levels[depth], levels[depth - 1]
            coef.flat[cells] = (1.0 + delta.flat[cells]) / sigma.flat[cells]
            pulled = A @ coef
            coef.flat[cells] = 0.0
            delta.flat[parents] += sigma.flat[parents] * pulled.flat[parents]
        delta[batch, cols] = 0.0
        total += delta.sum(axis=1)
    return total


# --- error estimates ------------------------------------------------------------------

def _sample(H: nx.Graph, seed: int) -> nx.Graph:
    """The :data:`EXACT_MAX_NODES` nodes nearest a seeded random node of the largest component, induced."""
    largest = max(nx.connected_components(H), key=len)
    start = random.Random(seed).choice([n for n in H if n in largest])
    near = set(islice(chain([start], (v for _, v in nx.bfs_edges(H, start))), EXACT_MAX_NODES))
    S = nx.Graph()   # in H's order (a subgraph view of a small set would follow the set's, hash-seeded, order)
    S.add_nodes_from(n for n in H if n in near)
    S.add_edges_from((u, v, d) for u in S for v, d in H[u].items() if v in near)
    return S


def _scores(scores: dict, S: nx.Graph):
    import numpy as np

    return np.array([scores[n] for n in S], dtype=float)


def _spearman(a, b) -> float:
    """Spearman's rank correlation (average ranks for ties); 1 when both are constant and equal."""
    import numpy as np

    ra, rb = _ranks(a), _ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 1.0 if np.array_equal(a, b) else 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def _ranks(a):
    """Ranks from 1, ties given the average of the ranks they span (``scipy.stats.rankdata``)."""
    import numpy as np

    order = np.argsort(a, kind="mergesort")
    ordered = a[order]
    bounds = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1], [True])))
    ranks = np.empty(len(a))
    ranks[order] = np.repeat((bounds[:-1] + bounds[1:] + 1) / 2, np.diff(bounds))
    return ranks


def _top_overlap(exact, approx) -> float:
    """Share of the exact top :data:`TOP` nodes (ties: node order) that the approximate top holds."""
    import numpy as np

    top = min(TOP, len(exact))
    first = set(np.lexsort((np.arange(len(exact)), -exact))[:top].tolist())
    second = set(np.lexsort((np.arange(len(approx)), -approx))[:top].tolist())
    return len(first & second) / top if top else 1.0


def _rand_index(S: nx.Graph, first: list[list], second: list[list]) -> float:
    """Share of node pairs that two partitions both put together or both put apart."""
    from collections import Counter
    from math import comb

    a = {n: i for i, group in enumerate(first) for n in group}
    b = {n: i for i, group in enumerate(second) for n in group}
    n = len(S)
    pairs = comb(n, 2)
    if not pairs:
        return 1.0
    together_a = sum(comb(c, 2) for c in Counter(a.values()).values())
    together_b = sum(comb(c, 2) for c in Counter(b.values()).values())
    together_both = sum(comb(c, 2) for c in Counter((a[x], b[x]) for x in S).values())
    return (pairs + 2 * together_both - together_a - together_b) / pairs


def _round(x: float) -> float:
    return round(float(x), DIGITS)
