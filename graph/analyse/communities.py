"""Which groups form: Louvain communities of the actor graph, described for a reader."""
from __future__ import annotations

from collections import Counter

import networkx as nx

from ..project import project_graph, simple_graph
from .centrality import louvain
from .entities import describe

__all__ = ["communities"]


def communities(G: nx.Graph, seed: int = 42) -> dict:
    """Louvain communities (weighted, seeded) with their members, dominant country and topic.

    Parameters
    ----------
    G : networkx graph
        The actor graph; a ``"full"`` projection is first projected to actors.
    seed : int

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
    A = project_graph(G, "actors") if G.graph.get("kind") == "full" else G
    H = simple_graph(A)
    groups = louvain(H, seed)
    modularity = nx.community.modularity(H, groups, weight="weight") if H.number_of_edges() else 0.0
    records = []
    for i, members in enumerate(groups):
        inside = set(members)
        countries = Counter(A.nodes[n].get("country", "") for n in members) - Counter({"": len(members)})
        via = {c: A.edges[u, v].get("topics", []) for u, v in H.subgraph(inside).edges
               for c in A.edges[u, v].get("via", [])}
        topics = Counter(t for ts in _context_topics(G, via).values() for t in ts)
        ordered = sorted(members, key=lambda n: (-H.degree(n, weight="weight"), describe(A, n)["label"], str(n)))
        records.append({
            "id": i, "size": len(members), "members": [describe(A, n) for n in ordered],
            "countries": dict(sorted(countries.items())), "dominant_country": _top(countries),
            "topics": dict(sorted(topics.items())), "dominant_topic": _top(topics),
        })
    return {"modularity": round(modularity, 6), "communities": records}


def _context_topics(G: nx.Graph, via: dict) -> dict:
    """Each context's own topics when ``G`` is the full graph, else the topics its actor edges carry."""
    if G.graph.get("kind") == "full":
        return {c: G.nodes[c]["topics"] for c in via}
    return via


def _top(counter: Counter) -> str:
    return min(counter, key=lambda k: (-counter[k], k)) if counter else ""
