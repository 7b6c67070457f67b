"""Which groups form: Louvain communities of the actor graph, described for a reader.

:func:`louvain` runs the Louvain method (Blondel et al. 2008) step for step as
NetworkX's ``louvain_communities`` does — the same seeded node order, gains,
tie-breaking, levels and stopping threshold — on plain lists instead of graph
objects, so that up to :data:`FULL_SWEEP_MAX_NODES` nodes its communities *are*
NetworkX's.  NetworkX sweeps over every node again until a sweep moves none:
more than a hundred sweeps on a graph of tens of thousands of nodes, most of
them moving a handful.  Above :data:`FULL_SWEEP_MAX_NODES` nodes the sweeps are
*pruned* (Ozaki, Tezuka and Inaba 2016, "A simple acceleration method for the
Louvain algorithm"): after the first sweep only the neighbours of a node that
moved, outside its new community, are visited again (first in, first out).
:func:`graph.analyse.approximation_errors` measures what pruning changes on a
sample of the same graph small enough for full sweeps.
"""
from __future__ import annotations

import random
from collections import Counter, deque

import networkx as nx

from ..project import project_graph, simple_graph
from .entities import describe

__all__ = ["FULL_SWEEP_MAX_NODES", "communities", "louvain", "modularity"]

#: Largest graph on which Louvain sweeps every node until none moves (as NetworkX); above, pruned sweeps.
FULL_SWEEP_MAX_NODES = 1000
#: NetworkX's default: a level that gains no more modularity than this ends the method.
_THRESHOLD = 1e-7


def communities(G: nx.Graph, seed: int = 42, metrics: dict | None = None, *, actors: nx.Graph | None = None,
                simple: nx.Graph | None = None) -> dict:
    """Louvain communities (weighted, seeded) with their members, dominant country and topic.

    Parameters
    ----------
    G : networkx graph
        The actor graph; a ``"full"`` projection is first projected to actors.
    seed : int
    metrics : dict, optional
        The result of :func:`graph.analyse.node_metrics` of the actor graph with the
        same ``seed``, if already computed: its ``community`` numbers are the groups
        (Louvain is not run again).
    actors : networkx graph, optional
        ``project_graph(G, "actors")`` if already computed (``G`` being the full projection).
    simple : networkx.Graph, optional
        ``simple_graph`` of the actor graph if already computed.

    Returns
    -------
    dict
        ``"modularity"`` (float, 6 decimals) and ``"communities"``: one record per
        community, numbered as in :func:`graph.analyse.node_metrics` — ``"id"``,
        ``"size"``, ``"members"`` (:func:`~graph.analyse.entities.describe` records by
        decreasing weighted degree), ``"countries"`` and ``"topics"`` (``{name: count}``;
        topics counted over the contexts inside the community), ``"dominant_country"``,
        ``"dominant_topic"`` (``""`` when there is none).

    Examples
    --------
    >>> two_cliques = nx.barbell_graph(3, 0)
    >>> c = communities(two_cliques)
    >>> [x["size"] for x in c["communities"]], c["modularity"]
    ([3, 3], 0.357143)
    >>> [m["node"] for m in c["communities"][0]["members"]]
    [2, 0, 1]
    """
    if G.graph.get("kind") == "full":
        A = actors if actors is not None else project_graph(G, "actors")
    else:
        A = G
    H = simple_graph(A) if simple is None else simple
    groups = _groups(metrics) if metrics is not None else louvain(H, seed)
    position = {n: i for i, n in enumerate(H)}
    records = []
    for i, members in enumerate(groups):
        inside = set(members)
        countries = Counter(A.nodes[n].get("country", "") for n in members) - Counter({"": len(members)})
        via = {c: A.edges[u, v].get("topics", []) for u, v in _edges_within(H, members, inside, position)
               for c in A.edges[u, v].get("via", [])}
        topics = Counter(t for ts in _context_topics(G, via).values() for t in ts)
        ordered = sorted(members, key=lambda n: (-H.degree(n, weight="weight"), describe(A, n)["label"], str(n)))
        records.append({
            "id": i, "size": len(members), "members": [describe(A, n) for n in ordered],
            "countries": dict(sorted(countries.items())), "dominant_country": _top(countries),
            "topics": dict(sorted(topics.items())), "dominant_topic": _top(topics),
        })
    return {"modularity": round(modularity(H, groups), 6), "communities": records}


def louvain(H: nx.Graph, seed: int = 42, *, prune: bool | None = None) -> list[list]:
    """Louvain communities of ``H``, each sorted, largest first (ties: smallest member first).

    Parameters
    ----------
    H : networkx.Graph
        Undirected; ``weight`` edge attributes (default 1) are the weights.
    seed : int
        Seed of the node order (as NetworkX's ``seed``).
    prune : bool, optional
        Pruned sweeps (see the module); default: when ``H`` has more than
        :data:`FULL_SWEEP_MAX_NODES` nodes.  ``False`` gives NetworkX's
        ``louvain_communities(H, weight="weight", seed=seed)``.

    Examples
    --------
    >>> louvain(nx.barbell_graph(3, 0))
    [[0, 1, 2], [3, 4, 5]]
    >>> louvain(nx.barbell_graph(3, 0), prune=True)
    [[0, 1, 2], [3, 4, 5]]
    """
    if prune is None:
        prune = len(H) > FULL_SWEEP_MAX_NODES
    nodes = list(H)
    found = [[nodes[i] for i in members] for members in _partition(H, nodes, seed, prune)]
    return sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))


def modularity(H: nx.Graph, groups) -> float:
    """Weighted modularity of a partition of ``H`` (NetworkX's, on plain lists; 0 without edges).

    Examples
    --------
    >>> round(modularity(nx.barbell_graph(3, 0), [[0, 1, 2], [3, 4, 5]]), 6)
    0.357143
    """
    index = {u: i for i, u in enumerate(H)}
    adj = _adjacency(H, index)
    return _modularity(adj, [[index[u] for u in group] for group in groups]) if H.number_of_edges() else 0.0


# --- the method on plain lists ------------------------------------------------------

def _groups(metrics: dict) -> list[list]:
    """The communities numbered in ``metrics`` (as :func:`louvain` orders them), members sorted."""
    by_number: dict = {}
    for n, m in metrics.items():
        by_number.setdefault(m["community"], []).append(n)
    return [sorted(by_number[i], key=str) for i in sorted(by_number)]


def _adjacency(H: nx.Graph, index: dict) -> list[dict]:
    """Node index → {neighbour index: weight}, in the order NetworkX's Louvain copies ``H``'s edges."""
    adj: list[dict] = [{} for _ in index]
    for u, v, w in H.edges(data="weight", default=1):
        i, j = index[u], index[v]
        adj[i][j] = w
        adj[j][i] = w
    return adj


def _partition(H: nx.Graph, nodes: list, seed: int, prune: bool) -> list[list[int]]:
    """NetworkX's ``louvain_partitions`` loop: the last partition of the original node indices."""
    if H.number_of_edges() == 0:
        return [[i] for i in range(len(nodes))]
    rng = random.Random(seed)
    adj = _adjacency(H, {u: i for i, u in enumerate(nodes)})
    m = sum(_degree(adj, u) for u in range(len(adj))) / 2
    mod = _modularity(adj, [[u] for u in range(len(adj))])
    members = [[u] for u in range(len(adj))]
    node2com, improvement = _one_level(adj, m, rng, prune)
    improvement = True
    partition = members
    while improvement:
        inner = _compact(node2com)
        partition = [[x for u in com for x in members[u]] for com in inner]
        new_mod = _modularity(adj, inner)
        if new_mod - mod <= _THRESHOLD:
            break
        mod = new_mod
        adj, members = _aggregate(adj, inner), partition
        node2com, improvement = _one_level(adj, m, rng, prune)
    return partition


def _degree(adj: list[dict], u: int):
    """Weighted degree as NetworkX counts it: a self-loop twice."""
    nbrs = adj[u]
    return sum(nbrs.values()) + (u in nbrs and nbrs[u])


def _one_level(adj: list[dict], m: float, rng: random.Random, prune: bool) -> tuple[list[int], bool]:
    """One level of local moves (NetworkX's ``_one_level``); node → community index, and whether any moved."""
    n = len(adj)
    node2com = list(range(n))
    degrees = [_degree(adj, u) for u in range(n)]
    stot = list(degrees)
    nbrs = [[(v, w) for v, w in adj[u].items() if v != u] for u in range(n)]
    order = list(range(n))
    rng.shuffle(order)
    two_m2 = 2 * m**2
    improvement = False

    def move(u: int) -> bool:
        """Move ``u`` to its best neighbouring community (NetworkX's gain, ties to the first found)."""
        own = node2com[u]
        weights: dict = {}
        for v, w in nbrs[u]:
            c = node2com[v]
            weights[c] = weights.get(c, 0.0) + w
        if own not in weights:
            weights[own] = 0.0
        degree = degrees[u]
        stot[own] -= degree
        remove_cost = -weights[own] / m + (stot[own] * degree) / two_m2
        best_mod, best = 0, own
        for c, w in weights.items():
            gain = remove_cost + w / m - (stot[c] * degree) / two_m2
            if gain > best_mod:
                best_mod, best = gain, c
        stot[best] += degree
        if best == own:
            return False
        node2com[u] = best
        return True

    if not prune:
        moves = 1
        while moves:
            moves = 0
            for u in order:
                if move(u):
                    moves += 1
                    improvement = True
        return node2com, improvement
    queue, queued = deque(order), [True] * n
    while queue:
        u = queue.popleft()
        queued[u] = False
        if move(u):
            improvement = True
            new = node2com[u]
            for v, _ in nbrs[u]:
                if not queued[v] and node2com[v] != new:
                    queued[v] = True
                    queue.append(v)
    return node2com, improvement


def _compact(node2com: list[int]) -> list[list[int]]:
    """The non-empty communities, in community-index order, members in node order."""
    groups: list[list[int]] = [[] for _ in node2com]
    for u, c in enumerate(node2com):
        groups[c].append(u)
    return [g for g in groups if g]


def _aggregate(adj: list[dict], inner: list[list[int]]) -> list[dict]:
    """The graph of communities (NetworkX's ``_gen_graph``): weights summed, internal ones as self-loops."""
    com_of = [0] * len(adj)
    for i, com in enumerate(inner):
        for u in com:
            com_of[u] = i
    new: list[dict] = [{} for _ in inner]
    for u, nbrs in enumerate(adj):
        cu = com_of[u]
        for v, w in nbrs.items():
            if v >= u:   # each edge once, as Graph.edges yields it
                cv = com_of[v]
                out = new[cu]
                weight = w + out[cv] if cv in out else w + 0
                out[cv] = weight
                new[cv][cu] = weight
    return new


def _modularity(adj: list[dict], groups: list[list[int]]) -> float:
    """NetworkX's ``modularity`` (resolution 1) of a partition of the plain graph ``adj``."""
    degrees = [_degree(adj, u) for u in range(len(adj))]
    deg_sum = sum(degrees)
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    total = 0
    for group in groups:
        inside = set(group)
        internal = 0
        for u in group:
            for v, w in adj[u].items():
                if v in inside and v >= u:
                    internal += w
        degree_sum = sum(degrees[u] for u in group)
        total += internal / m - degree_sum * degree_sum * norm
    return total


def _edges_within(H: nx.Graph, members: list, inside: set, position: dict) -> list[tuple]:
    """The edges of ``H`` among ``members``, in the order ``H.subgraph(members).edges`` lists them."""
    edges, seen = [], set()
    for u in sorted(members, key=position.__getitem__):
        edges.extend((u, v) for v in H[u] if v in inside and v not in seen)
        seen.add(u)
    return edges


def _context_topics(G: nx.Graph, via: dict) -> dict:
    """Each context's own topics when ``G`` is the full graph, else the topics its actor edges carry."""
    if G.graph.get("kind") == "full":
        return {c: G.nodes[c]["topics"] for c in via}
    return via


def _top(counter: Counter) -> str:
    return min(counter, key=lambda k: (-counter[k], k)) if counter else ""
