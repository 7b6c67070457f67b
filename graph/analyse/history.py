"""History of a claim: what each source reported about an entity, in the order it was reported.

Every assertion graph that states something of an entity, or points at it, is a
statement about it, dated by its source (``dcterms:date``: when it was *reported*,
not when it happened).  :func:`history` lists them in that order with their kind
(``kj:status``), source and quote.

Across sources a story moves on: what commentators *expected* is later *agreed*, what
was *planned* later *occurred* — or a plan is later reported *cancelled* or *delayed*.
:func:`transitions` finds these moves from how each source reports an entity
(:meth:`~graph.analyse.statements.StatementIndex.reported_status`): a later report of
higher rank (:data:`~graph.analyse.statements.STATUS_RANK`) moves the story on, a
``cancelled`` or ``delayed`` report ends or puts back a plan.  A later report of
*lower* rank (agreed, then only expected) is no transition but a disagreement, which
:func:`graph.analyse.conflicts.conflicts` reports.  :func:`transition_quads` writes the
transitions as ``kj:StatusTransition`` nodes in the graph
``<https://w3id.org/kjus/transitions>`` so that SPARQL can ask for them (named queries
``expected-then-agreed`` and ``planned-never-reported-again``).

Examples
--------
>>> from graph.analyse.statements import example_store
>>> [(t["from"], t["to"], t["from_date"], t["to_date"]) for t in transitions(example_store())]
[('expected', 'agreed', '2025-08-25', '2025-09-15')]
"""
from __future__ import annotations

import pyoxigraph as ox

from ..vocab import KJ, KJS, RDF, TRANSITIONS_GRAPH
from .corroboration import evidence_records
from .entities import resolve_entity
from ..load import to_store
from .statements import STATUS_RANK, index_statements, names_graph, term_text

__all__ = ["history", "transitions", "status_story", "transition_quads"]


def history(store, entity: str) -> dict:
    """Every statement about ``entity``, in the order the sources reported it.

    Parameters
    ----------
    store : pyoxigraph.Store
        A build's dataset (:func:`graph.query.load_store`).
    entity : str
        An IRI, a CURIE (``kjd:korea-japan-ai-fund``) or a label in any language.

    Returns
    -------
    dict
        ``{"entity", "label", "label_ko", "statements", "transitions"}``.  Each statement
        is ``{"reported", "source", "title", "graph", "status", "role", "says",
        "evidence"}``: ``reported`` the source's date, ``status`` the kind of truth
        (the ``kj:status`` the graph gives the entity itself, else the graph's),
        ``role`` ``"subject"`` (it states something of the entity) or ``"object"``
        (it points at it), ``says`` the facts in words (``"party: korea"``,
        ``"outcome ← …"`` when another entity points at it), ``evidence`` the quotes.  Ordered by date, source, graph.

    Raises
    ------
    UnknownEntityError
        Nothing, or more than one entity, has that name.

    Examples
    --------
    >>> from graph.analyse.statements import example_store
    >>> h = history(example_store(), "한일 AI 펀드")
    >>> [(s["reported"], s["status"], s["says"]) for s in h["statements"]]
    [('2025-08-25', 'expected', ['party: korea']), ('2025-09-15', 'agreed', ['party: korea'])]
    >>> h["transitions"][0]["to"]
    'agreed'
    """
    store_ = to_store(store)
    ix = index_statements(store_)
    node = resolve_entity(names_graph(ix), entity)
    subject = ix.subject_of.get(node, set())
    graphs = subject | ix.object_of.get(node, set())
    rows = []
    term = ox.NamedNode(node)
    for g in graphs:
        report = ix.reports[g]
        says = []
        for _, p, o, _ in store_.quads_for_pattern(term, None, None, ox.NamedNode(g)):
            if p.value in ix.property_labels and p.value != str(KJ.status) and not _wording(o):
                says.append(f"{ix.property_label(p.value)}: {ix.value_text(o)}")
        for s, p, _, _ in store_.quads_for_pattern(None, None, term, ox.NamedNode(g)):
            if p.value in ix.property_labels:
                says.append(f"{ix.property_label(p.value)} ← {ix.label(term_text(s))}")
        rows.append({
            "reported": report.date, "source": report.source,
            "title": ix.documents.get(report.source, {}).get("title", ""), "graph": g,
            "status": ix.node_status.get((node, g)) or report.status,
            "role": "subject" if g in subject else "object", "says": sorted(set(says)),
            "evidence": [{k: r[k] for k in ("quote", "start", "end")} for r in evidence_records(ix, [g])],
        })
    rows.sort(key=lambda r: (r["reported"], r["source"], r["graph"]))
    return {"entity": node, "label": ix.label(node), "label_ko": ix.label(node, "ko"), "statements": rows,
            "transitions": [t for t in transitions(ix) if t["entity"] == node]}


def transitions(store) -> list[dict]:
    """Every status transition across sources, by entity and date.

    Returns
    -------
    list of dict
        ``{"entity", "label", "from", "to", "kind", "from_source", "from_date",
        "from_graph", "to_source", "to_date", "to_graph"}``; ``kind`` is ``"progressed"``
        (a higher rank), ``"cancelled"`` or ``"delayed"``.

    Examples
    --------
    >>> from graph.analyse.statements import example_store
    >>> [t["kind"] for t in transitions(example_store())]
    ['progressed']
    """
    ix = store if hasattr(store, "facts") else index_statements(store)
    out = []
    for node in ix.entities():
        if ix.tracked(node):
            out.extend(status_story(ix, node)["transitions"])
    return out


def status_story(ix, node: str) -> dict:
    """How the sources report ``node`` over time: its transitions and its status disagreements.

    Reports are walked in date order (then by source).  The story stands at the most
    recent report that moved it; a later report with another status either moves it
    on (a transition) or, when it says less than the story already had (agreed, then
    only expected) or comes the same day with another status, disagrees with it.

    Returns
    -------
    dict
        ``{"reports": [(date, source, status, graph)], "transitions": [...],
        "disagreements": [(earlier report, later report)], "latest", "standing"}``: ``latest``
        is the last report, ``standing`` the report the story stands at (the last one
        that moved it; a later report that disagrees does not move it), each a
        ``(date, source, status, graph)`` tuple or ``None``.
    """
    reports = sorted((ix.reports[g].date, source, status, g) for source, (status, g) in
                     ix.reported_status(node).items())
    moves, disagreements = [], []
    current = None
    for report in reports:
        if current is None:
            current = report
            continue
        date, _, status, _ = report
        if status == current[2]:
            current = report if date > current[0] else current
        elif date == current[0]:
            disagreements.append((current, report))
        elif status in ("cancelled", "delayed") or STATUS_RANK.get(status, 0) > STATUS_RANK.get(current[2], 0):
            moves.append(_transition(ix, node, current, report))
            current = report
        elif STATUS_RANK.get(status, 0) < STATUS_RANK.get(current[2], 0):
            disagreements.append((current, report))
    return {"reports": reports, "transitions": moves, "disagreements": disagreements,
            "latest": reports[-1] if reports else None, "standing": current}


def transition_quads(store) -> list[ox.Quad]:
    """The transitions as ``kj:StatusTransition`` quads in the graph ``<https://w3id.org/kjus/transitions>``.

    The build adds them to its export, beside the inferred graph.  A transition's IRI
    is the graph's IRI, the entity's local name and its number in the entity's story,
    so the same sources give the same quads.

    Examples
    --------
    >>> from graph.analyse.statements import example_store
    >>> quads = transition_quads(example_store())
    >>> sorted(q.predicate.value.rsplit("#", 1)[1] for q in quads)  # doctest: +NORMALIZE_WHITESPACE
    ['fromAssertion', 'fromStatus', 'toAssertion', 'toStatus', 'transitionOf', 'type']
    >>> quads[0].subject.value, quads[0].graph_name.value
    ('https://w3id.org/kjus/transitions/fund-1', 'https://w3id.org/kjus/transitions')
    """
    graph = ox.NamedNode(str(TRANSITIONS_GRAPH))
    quads, count = [], {}
    for t in transitions(store):
        local = t["entity"].rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        count[t["entity"]] = count.get(t["entity"], 0) + 1
        node = ox.NamedNode(f"{TRANSITIONS_GRAPH}/{local}-{count[t['entity']]}")
        for p, o in ((RDF.type, ox.NamedNode(str(KJ.StatusTransition))),
                     (KJ.transitionOf, ox.NamedNode(t["entity"])),
                     (KJ.fromStatus, ox.NamedNode(str(KJS[t["from"]]))),
                     (KJ.toStatus, ox.NamedNode(str(KJS[t["to"]]))),
                     (KJ.fromAssertion, ox.NamedNode(t["from_graph"])),
                     (KJ.toAssertion, ox.NamedNode(t["to_graph"]))):
            quads.append(ox.Quad(node, ox.NamedNode(str(p)), o, graph))
    return quads


def _transition(ix, node, before, after) -> dict:
    kind = after[2] if after[2] in ("cancelled", "delayed") else "progressed"
    return {"entity": node, "label": ix.label(node), "from": before[2], "to": after[2], "kind": kind,
            "from_source": before[1], "from_date": before[0], "from_graph": before[3],
            "to_source": after[1], "to_date": after[0], "to_graph": after[3]}


def _wording(term) -> bool:
    return isinstance(term, ox.Literal) and bool(term.language)
