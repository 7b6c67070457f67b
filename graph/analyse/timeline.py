"""How it unfolds in time: events and ties per month."""
from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx

from ..project import contexts, full_graph
from .entities import describe

__all__ = ["period_of", "timeline"]

_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?")


def period_of(date: str) -> str:
    """The month (``YYYY-MM``) of an ``xsd:date`` or ``xsd:gYearMonth``, the year of an ``xsd:gYear``.

    Examples
    --------
    >>> period_of("2025-08-23"), period_of("2025-08"), period_of("2026"), period_of("")
    ('2025-08', '2025-08', '2026', '')
    """
    m = _DATE.match(date or "")
    if not m:
        return ""
    return f"{m[1]}-{m[2]}" if m[2] else m[1]


def timeline(G: nx.MultiDiGraph, *, members: dict | None = None) -> list[dict]:
    """Events and ties per period, from ``kj:date`` (or ``kj:startDate``) of the full graph's nodes.

    A *tie* is a pair of actors brought together by a dated context; a context
    dated only by year (``xsd:gYear``) is counted under the year, which sorts
    before that year's months.

    Returns
    -------
    list of ``{"period", "events", "contexts", "ties"}`` in time order: ``events``
    lists the events of the period (:func:`~graph.analyse.entities.describe` records
    with ``"date"`` — when it happened —, ``"reported"`` — the earliest date of the
    sources that report it — and ``"category"``), ``contexts`` counts every dated context,
    ``ties`` the actor pairs they link.  ``members``: :func:`graph.project.contexts` of ``G``
    if already computed.

    Examples
    --------
    >>> from graph.project import _example_dataset, project_graph
    >>> t = timeline(project_graph(_example_dataset()))
    >>> [(p["period"], [e["label"] for e in p["events"]], p["contexts"], p["ties"]) for p in t]
    [('2025-08', ['Korea–Japan summit'], 1, 1)]
    >>> t[0]["events"][0]["date"], t[0]["events"][0]["reported"]
    ('2025-08-23', '')
    """
    F = full_graph(G)
    periods: dict[str, dict] = defaultdict(lambda: {"events": [], "contexts": 0, "ties": 0})
    for n, d in F.nodes(data=True):
        if d["category"] == "Event" and period_of(d["date"]):
            periods[period_of(d["date"])]["events"].append({**describe(F, n), "date": d["date"],
                                                             "reported": d.get("reported", ""),
                                                             "category": d["category"]})
    for c, actors in (contexts(F) if members is None else members).items():
        period = period_of(F.nodes[c]["date"])
        if period:
            periods[period]["contexts"] += 1
            periods[period]["ties"] += len(actors) * (len(actors) - 1) // 2
    return [{"period": p, "events": sorted(v["events"], key=lambda e: (e["date"], e["label"], e["node"])),
             "contexts": v["contexts"], "ties": v["ties"]} for p, v in sorted(periods.items())]
