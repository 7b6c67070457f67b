"""How two entities are connected, and what surrounds one: paths and neighbours in the full graph.

Both work on the ``"full"`` projection seen as undirected, and explain each step
with the relation's English and Korean label, its direction, its status and the
evidence quote.  :func:`shortest_paths` first ignores ``kj:country`` edges, which
would connect any two actors of one country through the country node, and falls
back to them only when there is no other connection.
"""
from __future__ import annotations

from itertools import islice

import networkx as nx

from ..project import full_graph
from ..vocab import KJ
from .entities import describe, resolve_entity

__all__ = ["shortest_paths", "neighbors", "MAX_PATHS"]

#: Default number of shortest paths returned.
MAX_PATHS = 5
_PATH_CAP = 200  # shortest paths enumerated before sorting and cutting to max_paths
_WEAK = frozenset({str(KJ.country)})


def shortest_paths(G: nx.MultiDiGraph, a: str, b: str, max_paths: int = MAX_PATHS) -> dict:
    """The shortest connections between two entities, each step in words with its evidence.

    Parameters
    ----------
    G : the ``"full"`` projection (or a dataset)
    a, b : str
        Entities as IRI, CURIE (``kjd:lee-jae-myung``) or label in any language.
    max_paths : int
        How many of the shortest paths to return (ordered by their labels).

    Returns
    -------
    dict
        ``"source"``, ``"target"`` (:func:`~graph.analyse.entities.describe` records),
        ``"length"`` (edges; ``None`` if not connected), ``"via_country"`` (true when only
        ``kj:country`` links connect them) and ``"paths"``: ``[{"nodes", "steps"}]``, each step
        ``{"from", "to", "from_label", "to_label", "predicate", "relation", "relation_ko",
        "forward", "text", "text_ko", "status", "quote", "graph"}``.

    Raises
    ------
    graph.errors.UnknownEntityError
        ``a`` or ``b`` names no entity.

    Examples
    --------
    >>> from graph.project import _example_dataset, project_graph
    >>> r = shortest_paths(project_graph(_example_dataset()), "Lee Jae-myung", "이시바 시게루")
    >>> r["length"], [s["text"] for s in r["paths"][0]["steps"]]
    (2, ['Lee Jae-myung ←participant— Korea–Japan summit', 'Korea–Japan summit —participant→ Ishiba Shigeru'])
    >>> r["paths"][0]["steps"][0]["quote"]
    '이 대통령은 한일정상회담을 가졌다'
    """
    F = full_graph(G)
    source, target = resolve_entity(F, a), resolve_entity(F, b)
    result = {"source": describe(F, source), "target": describe(F, target), "length": None,
              "via_country": False, "paths": []}
    for skip in (_WEAK, frozenset()):
        H = _undirected(F, skip)
        if nx.has_path(H, source, target):
            found = list(islice(nx.all_shortest_paths(H, source, target), _PATH_CAP))
            found.sort(key=lambda p: ([describe(F, n)["label"] for n in p], p))
            result.update(length=len(found[0]) - 1, via_country=not skip,
                          paths=[{"nodes": p, "steps": [_step(F, u, v, skip) for u, v in zip(p, p[1:])]}
                                 for p in found[:max_paths]])
            break
    return result


def neighbors(G: nx.MultiDiGraph, entity: str, depth: int = 1) -> list[dict]:
    """Everything within ``depth`` relations of an entity, nearest first.

    Returns
    -------
    list of :func:`~graph.analyse.entities.describe` records plus ``"category"``,
    ``"distance"``, ``"through"`` (the node it is reached from) and ``"relations"``
    (the steps linking it to ``through``, as in :func:`shortest_paths`), ordered by
    distance, then label.

    Examples
    --------
    >>> from graph.project import _example_dataset, project_graph
    >>> G = project_graph(_example_dataset())
    >>> [(n["label"], n["distance"]) for n in neighbors(G, "kjd:lee")]
    [('Korea–Japan summit', 1), ('korea', 1)]
    >>> [n["relations"][0]["text_ko"] for n in neighbors(G, "kjd:lee")]
    ['이재명 ←참가자— Korea–Japan summit', '이재명 —국가→ korea']
    """
    F = full_graph(G)
    start = resolve_entity(F, entity)
    H = _undirected(F, frozenset())
    lengths = nx.single_source_shortest_path_length(H, start, cutoff=depth)
    out = []
    for n, dist in lengths.items():
        if n == start:
            continue
        parent = min((p for p in H[n] if lengths.get(p) == dist - 1), key=lambda p: (describe(F, p)["label"], p))
        out.append({**describe(F, n), "category": F.nodes[n]["category"], "distance": dist, "through": parent,
                    "relations": [_describe_edge(F, parent, n, k, fwd) for k, fwd in _edges_between(F, parent, n)]})
    return sorted(out, key=lambda r: (r["distance"], r["label"], r["node"]))


def _undirected(F: nx.MultiDiGraph, skip: frozenset) -> nx.Graph:
    H = nx.Graph()
    H.add_nodes_from(F)
    H.add_edges_from((u, v) for u, v, k in F.edges(keys=True) if k not in skip and u != v)
    return H


def _edges_between(F: nx.MultiDiGraph, u, v, skip: frozenset = frozenset()) -> list[tuple[str, bool]]:
    """``(predicate, forward)`` of every relation between ``u`` and ``v``, forward ones first."""
    forward = [(k, True) for k in sorted(F.get_edge_data(u, v, default={})) if k not in skip]
    backward = [(k, False) for k in sorted(F.get_edge_data(v, u, default={})) if k not in skip]
    return forward + backward


def _step(F: nx.MultiDiGraph, u, v, skip: frozenset) -> dict:
    predicate, forward = _edges_between(F, u, v, skip)[0]
    return _describe_edge(F, u, v, predicate, forward)


def _describe_edge(F: nx.MultiDiGraph, u, v, predicate: str, forward: bool) -> dict:
    e = F.edges[u, v, predicate] if forward else F.edges[v, u, predicate]
    lu, lv = describe(F, u), describe(F, v)
    ku, kv = lu["label_ko"] or lu["label"], lv["label_ko"] or lv["label"]
    relation_ko = e["label_ko"] or e["label"]
    return {
        "from": u, "to": v, "from_label": lu["label"], "to_label": lv["label"], "predicate": predicate,
        "relation": e["label"], "relation_ko": relation_ko, "forward": forward,
        "text": _arrow(lu["label"], e["label"], lv["label"], forward),
        "text_ko": _arrow(ku, relation_ko, kv, forward),
        "status": e["status"], "quote": e["evidence"][0]["quote"] if e["evidence"] else "", "graph": e["graph"],
    }


def _arrow(a: str, relation: str, b: str, forward: bool) -> str:
    return f"{a} —{relation}→ {b}" if forward else f"{a} ←{relation}— {b}"
