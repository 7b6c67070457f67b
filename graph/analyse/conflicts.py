"""Disagreement: facts on which sources disagree, each with both sources and both quotes.

Two kinds of disagreement are found:

* **values** — sources give different values of a property the model says has one
  value (``sh:maxCount 1`` in ``ontology/shapes.ttl``, for the subject's class or for
  every subject of the property): another date for a summit, another amount for a
  fund, another count, another place for a meeting.  Values that do not contradict
  each other are not a conflict: a month and a day in it (``2025-08`` and
  ``2025-08-23``), a city and the country it lies in, two amounts with the same number
  and currency (one "about");
* **status** — sources disagree on the kind of truth: one reports an entity agreed (or
  occurred) and a later one only expected or planned, or two sources of the same day
  give different statuses (see :func:`graph.analyse.history.status_story`).

Nothing picks a winner.  A curator records which reading the graph adopts, and why, as
a ``kj:Resolution`` in a source (``kj:resolves`` the entity, ``kj:disputedProperty``,
``kj:adoptedReading`` the evidence followed, ``kj:reason``); the conflict is still
reported, marked ``"resolved"`` with that record.

Examples
--------
>>> from graph.analyse.statements import example_store
>>> [(c["id"], c["kind"], [r["value"] for r in c["readings"]]) for c in conflicts(example_store())]
[('kjd:summit kj:date', 'date', ['2025-08-23', '2025-08-24'])]
"""
from __future__ import annotations

import datetime
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from ..errors import ModelError
from ..paths import SHAPES_FILE
from ..vocab import KJ, XSD, curie
from .corroboration import evidence_records
from .history import status_story
from ..load import to_store
from .statements import index_statements, term_text

__all__ = ["conflicts", "single_valued", "resolutions"]

_DATES = {str(XSD.date), str(XSD.gYearMonth), str(XSD.gYear)}
_INTEGERS = {str(XSD.integer), str(XSD.int), str(XSD.long), str(XSD.nonNegativeInteger), str(XSD.positiveInteger)}
_NUMBERS = _INTEGERS | {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_CONTAINERS = (str(KJ.location), str(KJ.country))
_DATE = re.compile(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_SINGLE_VALUED = """
SELECT DISTINCT ?how ?target ?path WHERE {
  ?shape sh:property ?ps . ?ps sh:path ?path ; sh:maxCount 1 .
  FILTER(isIRI(?path))
  { ?shape sh:targetClass ?target BIND("class" AS ?how) }
  UNION { ?shape sh:targetSubjectsOf ?target BIND("subjects" AS ?how) }
}"""


def conflicts(store, *, shapes: str | Path = SHAPES_FILE, index=None) -> list[dict]:
    """Every fact on which sources disagree, sorted by id.

    Parameters
    ----------
    store : pyoxigraph.Store
        A build's dataset (:func:`graph.query.load_store`).
    shapes : path
        The SHACL shapes that say which properties have one value.
    index : StatementIndex, optional
        :func:`~graph.analyse.statements.index_statements` of ``store``, when the caller has it.

    Returns
    -------
    list of dict
        ``{"id", "kind", "subject", "subject_label", "subject_label_ko", "property",
        "property_label", "readings", "state", "resolution"}``: ``id`` is
        ``"CURIE-of-subject CURIE-of-property"``, ``kind`` one of ``date``, ``amount``,
        ``count``, ``place``, ``value``, ``status``; each reading is ``{"value",
        "reports"}`` with one report per assertion graph (``{"source", "date",
        "title", "graph", "status", "quotes"}``); ``state`` is ``"resolved"`` when a
        ``kj:Resolution`` adopts one of the readings (``resolution`` then holds it),
        else ``"open"``.

    Examples
    --------
    >>> from graph.analyse.statements import example_store
    >>> (c,) = conflicts(example_store())
    >>> [(r["value"], r["reports"][0]["date"], r["reports"][0]["quotes"][0]["quote"]) for r in c["readings"]]
    [('2025-08-23', '2025-08-25', '펀드를 기대했다'), ('2025-08-24', '2025-09-15', '펀드에 합의했다')]
    >>> c["state"]
    'open'
    """
    store = to_store(store)
    ix = index if index is not None else index_statements(store)
    by_class, by_subjects = single_valued(shapes)
    settled = resolutions(store, ix)
    found = []
    for (s, p), objects in ix.facts.items():
        if len(objects) < 2 or not _one_value(ix, s, p, by_class, by_subjects):
            continue
        readings = _readings(ix, objects)
        if _disagree(ix, readings):
            found.append(_record(ix, s, p, _kind(ix, readings), readings, settled.get((s, p))))
    for node in ix.entities():
        if not ix.tracked(node):
            continue
        pairs = status_story(ix, node)["disagreements"]
        if pairs:
            graphs: dict = defaultdict(list)
            for report in sorted({r for pair in pairs for r in pair}):
                graphs[report[2]].append(report[3])
            readings = [{"key": status, "value": status, "graphs": gs} for status, gs in graphs.items()]
            found.append(_record(ix, node, str(KJ.status), "status", readings, settled.get((node, str(KJ.status)))))
    return sorted(found, key=lambda c: c["id"])


def single_valued(shapes: str | Path = SHAPES_FILE) -> tuple[dict, list]:
    """Properties the shapes allow one value: ``({class: {property}}, [(targets, property)])``.

    The second part comes from shapes that target the subjects of some properties
    (``sh:targetSubjectsOf``): the property has one value on any subject of a target.

    Raises
    ------
    ModelError
        The shapes file cannot be read.

    Examples
    --------
    >>> by_class, by_subjects = single_valued()
    >>> str(KJ.date) in by_class[str(KJ.Event)], any(p == str(KJ.currency) for _, p in by_subjects)
    (True, True)
    """
    store = ox.Store()
    try:
        store.load(path=str(shapes), format=ox.RdfFormat.TURTLE)
    except (OSError, SyntaxError) as exc:
        raise ModelError(f"{shapes}: cannot read the shapes ({exc})") from None
    from ..query import run_query
    by_class: dict = defaultdict(set)
    by_subjects: dict = defaultdict(set)
    for row in run_query(store, _SINGLE_VALUED).rows:
        if row["how"] == "class":
            by_class[row["target"]].add(row["path"])
        else:
            by_subjects[row["path"]].add(row["target"])
    return dict(by_class), sorted((frozenset(t), p) for p, t in by_subjects.items())


def resolutions(store, ix=None) -> dict:
    """Curators' resolutions: ``(entity, property) → record`` of each ``kj:Resolution``.

    A record is ``{"resolution", "label", "adopted_evidence", "adopted_graph",
    "rejected_evidence", "reason", "source", "date"}``; ``reason`` maps languages to text.
    """
    store = to_store(store)
    ix = ix or index_statements(store)
    out = {}
    resolves, prop = str(KJ.resolves), str(KJ.disputedProperty)
    for (r, p), objects in ix.facts.items():
        if p != resolves or not ix.is_a(r, str(KJ.Resolution)):
            continue
        entity = min(term_text(o) for o in objects)
        disputed = min((term_text(o) for o in ix.facts.get((r, prop), {})), default="")
        adopted = min((term_text(o) for o in ix.facts.get((r, str(KJ.adoptedReading)), {})), default="")
        rejected = sorted(term_text(o) for o in ix.facts.get((r, str(KJ.rejectedReading)), {}))
        reason = {q.object.language or "": q.object.value
                  for q in store.quads_for_pattern(ox.NamedNode(r), ox.NamedNode(str(KJ.reason)), None, None)}
        graphs = sorted(g for gs in objects.values() for g in gs)
        report = ix.reports[graphs[0]]
        out[entity, disputed] = {
            "resolution": r, "label": ix.label(r), "adopted_evidence": adopted,
            "adopted_graph": ix.evidence_graph.get(adopted, ""), "rejected_evidence": rejected,
            "reason": dict(sorted(reason.items())), "source": report.source, "date": report.date}
    return out


# --- helpers ----------------------------------------------------------------------------

def _one_value(ix, s, p, by_class, by_subjects) -> bool:
    if any(p in by_class.get(c, ()) for c in ix.classes(s)):
        return True
    return any(prop == p and any((s, t) in ix.facts for t in targets) for targets, prop in by_subjects)


def _readings(ix, objects: dict) -> list[dict]:
    """Objects grouped by what they mean: ``{"key", "value", "graphs"}``, in key order."""
    grouped: dict = {}
    for o, graphs in objects.items():
        key = _key(ix, o)
        entry = grouped.setdefault(key, {"key": key, "value": ix.value_text(o), "graphs": []})
        entry["graphs"] = sorted(set(entry["graphs"]) | set(graphs))
    return [grouped[k] for k in sorted(grouped, key=repr)]


def _key(ix, term) -> tuple:
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in _NUMBERS:
            try:
                return ("number", Decimal(term.value), dt in _INTEGERS)
            except InvalidOperation:
                pass
        if dt in _DATES:
            return ("date", term.value)
        return ("text", term.value, dt)
    value = term_text(term)
    if ix.is_a(value, str(KJ.MonetaryAmount)):
        return ("money", ix.money_key(value))
    return ("iri", value)


def _disagree(ix, readings: list[dict]) -> bool:
    """Some two readings contradict each other and come from at least two sources."""
    for i, a in enumerate(readings):
        for b in readings[i + 1:]:
            if len(set(ix.sources_of(a["graphs"])) | set(ix.sources_of(b["graphs"]))) >= 2 \
                    and not _compatible(ix, a["key"], b["key"]):
                return True
    return False


def _compatible(ix, a: tuple, b: tuple) -> bool:
    if a[0] == b[0] == "date":
        (a0, a1), (b0, b1) = _interval(a[1]), _interval(b[1])
        return a0 is not None and b0 is not None and ((a0 <= b0 and b1 <= a1) or (b0 <= a0 and a1 <= b1))
    if a[0] == b[0] == "iri":
        return a[1] in _containers(ix, b[1]) or b[1] in _containers(ix, a[1])
    return a == b


def _interval(text: str):
    """First and last day of an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``."""
    m = _DATE.fullmatch(text)
    if not m:
        return None, None
    try:
        year = int(m[1])
        if m[3]:
            day = datetime.date(year, int(m[2]), int(m[3]))
            return day, day
        if m[2]:
            first = datetime.date(year, int(m[2]), 1)
            last = datetime.date(year + (first.month == 12), first.month % 12 + 1, 1) - datetime.timedelta(days=1)
            return first, last
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except ValueError:
        return None, None


def _containers(ix, node: str, depth: int = 4) -> set:
    """Places that contain ``node`` (its ``kj:location`` and ``kj:country``, transitively)."""
    found, frontier = set(), [node]
    for _ in range(depth):
        nxt = []
        for n in frontier:
            for p in _CONTAINERS:
                for o in ix.facts.get((n, p), {}):
                    v = term_text(o)
                    if v not in found:
                        found.add(v)
                        nxt.append(v)
        frontier = nxt
    return found


def _kind(ix, readings: list[dict]) -> str:
    kinds = {r["key"][0] for r in readings}
    if kinds == {"date"}:
        return "date"
    if kinds == {"money"}:
        return "amount"
    if kinds == {"number"}:
        return "count" if all(r["key"][2] for r in readings) else "value"
    if kinds == {"iri"} and all(ix.is_a(r["key"][1], str(KJ.Place)) for r in readings):
        return "place"
    return "value"


def _record(ix, s, p, kind, readings, resolution) -> dict:
    out_readings = []
    for r in readings:
        reports = []
        for g in r["graphs"]:
            report = ix.reports[g]
            reports.append({"source": report.source, "date": report.date,
                            "title": ix.documents.get(report.source, {}).get("title", ""), "graph": g,
                            "status": ix.node_status.get((s, g)) or report.status,
                            "quotes": [{k: e[k] for k in ("quote", "start", "end")}
                                       for e in evidence_records(ix, [g])]})
        reports.sort(key=lambda x: (x["date"], x["source"], x["graph"]))
        out_readings.append({"value": r["value"], "reports": reports})
    out_readings.sort(key=lambda r: (r["reports"][0]["date"] if r["reports"] else "", r["value"]))
    state = "open"
    if resolution is not None:
        adopted = next((r for r in readings if resolution["adopted_graph"] in r["graphs"]), None)
        if adopted is not None:
            resolution = {**resolution, "adopted": adopted["value"]}
            state = "resolved"
        else:
            resolution = {**resolution, "adopted": ""}
    return {"id": f"{curie(s)} {curie(p)}", "kind": kind, "subject": s, "subject_label": ix.label(s),
            "subject_label_ko": ix.label(s, "ko"), "property": p, "property_label": ix.property_label(p),
            "readings": out_readings, "state": state, "resolution": resolution}
