"""How the countries are tied: the country-pair matrix, trilateral ties, topics by pair and by status.

Every function takes the ``"full"`` projection (:func:`graph.project.project_graph`) or the dataset,
because a tie is a *context* — an event, agreement, program, council, policy or
statement — whose actors come from both countries, and the context's topics,
status and date live on the full graph.
"""
from __future__ import annotations

from collections import Counter

import networkx as nx

from ..project import contexts, full_graph, project_graph
from .entities import describe

__all__ = ["TRILATERAL", "country_matrix", "trilateral_ties", "topics_by_country_pair", "topics_by_status",
           "context_record", "status_of"]

#: The three countries of the project, as ISO codes.
TRILATERAL = ("KR", "JP", "US")


def country_matrix(G: nx.MultiDiGraph, *, members: dict | None = None) -> dict:
    """The country-pair cooperation matrix and the ties behind each cell.

    Off the diagonal: contexts with actors from both countries (the ``weight`` of
    the ``"countries"`` projection).  On the diagonal: contexts whose actors all
    come from that one country.

    Parameters
    ----------
    G : the ``"full"`` projection (or the dataset)
    members : dict, optional
        :func:`graph.project.contexts` of ``G`` if already computed.

    Returns
    -------
    dict
        ``"countries"``: ``[{"code", "label", "label_ko", "total"}]`` ordered by total
        cross-border ties; ``"matrix"``: rows and columns in that order;
        ``"pairs"``: ``[{"pair", "countries", "weight", "by_status", "ties"}]``, heaviest
        first, each tie a :func:`context_record`; ``by_status`` counts the ties by what
        kind of truth they are (occurred, agreed, planned, expected, …), so a pair tied
        by hopes is never read as a pair tied by agreements.

    Examples
    --------
    >>> from graph.project import _example_dataset
    >>> m = country_matrix(project_graph(_example_dataset()))
    >>> [c["code"] for c in m["countries"]], m["matrix"]
    (['JP', 'KR'], [[0, 1], [1, 0]])
    >>> m["pairs"][0]["pair"], [t["label"] for t in m["pairs"][0]["ties"]], m["pairs"][0]["by_status"]
    ('JP–KR', ['Korea–Japan summit'], {'occurred': 1})
    """
    F = full_graph(G)
    members_of = contexts(F) if members is None else members
    C = project_graph(F, "countries", members=members_of)
    domestic = Counter()
    for members in members_of.values():
        present = {F.nodes[a]["country"] for a in members} - {""}
        if len(present) == 1:
            domestic[present.pop()] += 1
    codes = sorted(C, key=lambda c: (-C.degree(c, weight="weight"), c))
    matrix = [[C[a][b]["weight"] if C.has_edge(a, b) else (domestic[a] if a == b else 0) for b in codes]
              for a in codes]
    pairs = sorted(C.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    return {
        "countries": [{"code": c, "label": C.nodes[c]["label"], "label_ko": C.nodes[c]["label_ko"],
                       "total": C.degree(c, weight="weight")} for c in codes],
        "matrix": matrix,
        "pairs": [_pair_record(F, a, b, d, members_of) for a, b, d in pairs],
    }


def _pair_record(F: nx.MultiDiGraph, a: str, b: str, d: dict, members_of: dict) -> dict:
    ties = [context_record(F, c, members_of[c]) for c in d["ties"]]
    by_status = Counter(t["status"] or "unknown" for t in ties)
    return {"pair": _pair(a, b), "countries": [a, b], "weight": d["weight"],
            "by_status": dict(sorted(by_status.items(), key=lambda kv: (-kv[1], kv[0]))), "ties": ties}


def trilateral_ties(G: nx.MultiDiGraph, codes: tuple[str, ...] = TRILATERAL, *,
                    members: dict | None = None) -> list[dict]:
    """Contexts with actors from every one of ``codes`` (by default Korea, Japan and the US).

    ``members``: :func:`graph.project.contexts` of ``G`` if already computed.

    Examples
    --------
    >>> from graph.project import _example_dataset
    >>> trilateral_ties(project_graph(_example_dataset()))
    []
    >>> [t["label"] for t in trilateral_ties(project_graph(_example_dataset()), ("KR", "JP"))]
    ['Korea–Japan summit']
    """
    F = full_graph(G)
    wanted = set(codes)
    country = F.nodes(data="country")
    found = [context_record(F, c, actors) for c, actors in (contexts(F) if members is None else members).items()
             if wanted <= {country[a] for a in actors}]
    return sorted(found, key=lambda r: (r["date"], r["label"], r["node"]))


def topics_by_country_pair(G: nx.MultiDiGraph, *, matrix: dict | None = None) -> list[dict]:
    """For each country pair, how many of its ties deal with each topic.

    ``matrix``: :func:`country_matrix` of ``G`` if already computed.

    Returns
    -------
    list of ``{"pair", "countries", "weight", "topics": [{"topic", "count"}]}``, heaviest pair first,
    topics by decreasing count.

    Examples
    --------
    >>> from graph.project import _example_dataset
    >>> topics_by_country_pair(project_graph(_example_dataset()))[0]["topics"]
    [{'topic': 'AI', 'count': 1}]
    """
    pairs = (country_matrix(full_graph(G)) if matrix is None else matrix)["pairs"]
    return [{"pair": p["pair"], "countries": p["countries"], "weight": p["weight"],
             "topics": _ranked(Counter(t for tie in p["ties"] for t in tie["topics"]))}
            for p in pairs]


def topics_by_status(G: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Topics of the graph's nodes grouped by what kind of truth states them (agreed, expected, concern, …).

    A node's status is its own ``kj:status`` or else the most frequent status of
    the assertion graphs stating its relations (:func:`status_of`).

    Examples
    --------
    >>> from graph.project import _example_dataset
    >>> topics_by_status(project_graph(_example_dataset()))
    {'occurred': [{'topic': 'AI', 'count': 1}]}
    """
    F = full_graph(G)
    counts: dict[str, Counter] = {}
    for n, topics in F.nodes(data="topics"):
        if topics:
            counts.setdefault(status_of(F, n) or "unknown", Counter()).update(topics)
    return {status: _ranked(c) for status, c in sorted(counts.items())}


def status_of(G: nx.MultiDiGraph, node) -> str:
    """The node's ``status``, or else the most frequent status of its outgoing relations (ties: by name)."""
    own = G.nodes[node].get("status", "")
    if own:
        return own
    found = Counter(s for _, _, s in G.out_edges(node, data="status") if s)
    return min(found, key=lambda s: (-found[s], s)) if found else ""


def context_record(G: nx.MultiDiGraph, node, actors=()) -> dict:
    """A context as the reports list it: names, category, status, date, topics and its ``actors``' labels."""
    d = G.nodes[node]
    return {**describe(G, node), "category": d.get("category", ""), "status": status_of(G, node),
            "date": d.get("date", ""), "topics": list(d.get("topics", [])),
            "actors": sorted(G.nodes[a]["label"] for a in actors)}


def _pair(a: str, b: str) -> str:
    return f"{a}–{b}"


def _ranked(counter: Counter) -> list[dict]:
    return [{"topic": t, "count": n} for t, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]
