"""What every source reports, read once: the index behind the analyses across sources.

Every assertion graph is a *report*: one source (``prov:wasDerivedFrom``), that
source's date (``dcterms:date``, the day it was reported), a status (``kj:status``:
what kind of truth it states) and the quotes that back it (``kj:evidence``).
:func:`index_statements` reads a pyoxigraph store (:func:`graph.query.load_store`)
once and groups what the analyses need:

* ``facts`` — ``(subject, predicate) → object term → assertion graphs``.  A *fact* is
  a triple of an assertion graph whose predicate the ontology declares
  (``owl:ObjectProperty`` or ``owl:DatatypeProperty``), except ``kj:status`` (the
  kind of truth, not a fact) and wordings (language-tagged values such as
  ``kj:summary`` or ``kj:dateWording``, which differ between sources that agree);
* ``subject_of`` / ``object_of`` — entity → the assertion graphs that state
  something of it, or point at it;
* ``node_status`` — the ``kj:status`` an assertion graph gives a node itself;
* names and types of entities, the ontology's class hierarchy and property labels.

Independent sources are distinct source documents (``kj:SourceDocument``).  Nothing
is read from the build's inferred graph (``<https://w3id.org/kjus/inferred>``): the
index holds what the sources say.  It is linear in the number of quads: a few indexed
pattern lookups for the provenance, then one pass over the quads of the assertion
graphs (graph by graph).

Examples
--------
>>> ix = index_statements(example_store())
>>> sorted(r.source.rsplit("/", 1)[1] for r in ix.reports.values())
['a', 'b']
>>> [len(graphs) for (s, p), objects in ix.facts.items() if p.endswith("#date") for graphs in objects.values()]
[1, 1]
>>> ix.reported_status("https://w3id.org/kjus/id/fund")  # doctest: +NORMALIZE_WHITESPACE
{'https://w3id.org/kjus/source/a': ('expected', 'https://w3id.org/kjus/source/a-g1'),
 'https://w3id.org/kjus/source/b': ('agreed', 'https://w3id.org/kjus/source/b-g1')}
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from ..errors import ModelError
from ..load import to_store
from ..project import local_name
from ..runtime import gc_paused
from ..vocab import DCTERMS, INFERRED_GRAPH, KJ, ONTOLOGY_GRAPH, OWL, PROV, RDF, RDFS, SKOS, VOCABULARY_GRAPH

__all__ = ["STATUS_PRECEDENCE", "STATUS_RANK", "Report", "StatementIndex", "index_statements",
           "statement_graphs", "term_text", "names_graph", "example_store"]

#: When one source gives an entity several statuses, the one it is reported with: the last word
#: (a plan called off or put back), then the most definite.
STATUS_PRECEDENCE = ("cancelled", "delayed", "occurred", "agreed", "planned", "forecast", "expected",
                     "concern", "assessment")
#: How far a story has come: a later report with a higher rank moves it on (expected → agreed),
#: one with a lower rank contradicts the earlier report.  ``cancelled`` and ``delayed`` end or
#: put back a plan, whatever came before.
STATUS_RANK = {"assessment": 0, "concern": 0, "expected": 0, "forecast": 0, "planned": 1, "delayed": 1,
               "agreed": 2, "occurred": 3, "cancelled": -1}

_N = ox.NamedNode
_TYPE, _LABEL, _ALT, _STATUS = _N(str(RDF.type)), _N(str(RDFS.label)), _N(str(SKOS.altLabel)), _N(str(KJ.status))
_SUBCLASS = _N(str(RDFS.subClassOf))
_INFERRED = _N(str(INFERRED_GRAPH))
_DECLARED = (_N(str(OWL.ObjectProperty)), _N(str(OWL.DatatypeProperty)))
_NOT_TRACKED = frozenset(map(str, (KJ.Actor, KJ.Place, KJ.MonetaryAmount, SKOS.Concept, KJ.Resolution,
                                   KJ.Evidence, KJ.Assertion, KJ.SourceDocument)))


@dataclass(frozen=True)
class Report:
    """One assertion graph as a report: who reported it, when, as what kind of truth, quoting what."""

    graph: str
    source: str
    date: str
    status: str
    evidence: tuple = ()   #: ``{"evidence", "quote", "start", "end", "source"}`` dicts, in text order


@dataclass
class StatementIndex:
    """Everything the analyses across sources need, grouped once (see the module docstring)."""

    reports: dict = field(default_factory=dict)        # assertion graph -> Report
    documents: dict = field(default_factory=dict)      # source document -> {"source", "date", "title", "label", "file", "sha256"}
    facts: dict = field(default_factory=lambda: defaultdict(dict))   # (s, p) -> {object term: [graphs]}
    subject_of: dict = field(default_factory=lambda: defaultdict(set))
    object_of: dict = field(default_factory=lambda: defaultdict(set))
    node_status: dict = field(default_factory=dict)    # (node, graph) -> status local name
    types: dict = field(default_factory=lambda: defaultdict(set))
    names: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))  # node -> lang -> labels
    aliases: dict = field(default_factory=lambda: defaultdict(list))
    parents: dict = field(default_factory=lambda: defaultdict(set))  # class -> superclasses
    property_labels: dict = field(default_factory=dict)  # property -> (en, ko)
    evidence_graph: dict = field(default_factory=dict)   # evidence node -> assertion graph
    _ancestors: dict = field(default_factory=dict, repr=False)

    # --- names -------------------------------------------------------------------------

    def label(self, node: str, lang: str = "en") -> str:
        """The node's label in ``lang`` (English, then any, then the local name when missing)."""
        names = self.names.get(node) or {}
        for key in (lang, "en", ""):
            if names.get(key):
                return min(names[key])
        return min((min(v) for v in names.values() if v), default="") or local_name(node)

    def property_label(self, prop: str, lang: str = "en") -> str:
        en, ko = self.property_labels.get(prop, ("", ""))
        return (ko if lang == "ko" else en) or en or local_name(prop)

    def value_text(self, term) -> str:
        """A readable value: a label for an entity, ``≈ 30,000,000 JPY`` for money, the lexical form else."""
        if not isinstance(term, ox.NamedNode):
            return term_text(term)
        if self.is_a(term.value, str(KJ.MonetaryAmount)):
            return self.money_text(term.value)
        return self.label(term.value)

    def money_text(self, node: str) -> str:
        """``≈ 95,000,000,000,000 KRW`` / ``up to 30,000,000 JPY`` from the amount's facts."""
        def first(prop):
            objects = self.facts.get((node, str(prop)))
            return min((term_text(o) for o in objects), default="") if objects else ""
        amount = first(KJ.value) or (first(KJ.maxValue) and "up to " + _grouped(first(KJ.maxValue))) \
            or first(KJ.minValue)
        amount = _grouped(amount) if amount and not amount.startswith("up to") else amount
        approx = "≈ " if first(KJ.approximate) in ("true", "1") else ""
        return " ".join(x for x in (approx + amount, first(KJ.currency)) if x) or self.label(node)

    def money_key(self, node: str) -> tuple:
        """What two amounts must share to be the same reading: number and currency (not "about")."""
        return tuple(min((term_text(o) for o in self.facts.get((node, str(p)), {})), default="")
                     for p in (KJ.value, KJ.maxValue, KJ.minValue, KJ.currency))

    # --- classes -----------------------------------------------------------------------

    def ancestors(self, cls: str) -> set:
        """``cls`` and all its superclasses in the ontology."""
        found = self._ancestors.get(cls)
        if found is None:
            found, stack = {cls}, [cls]
            while stack:
                for parent in self.parents.get(stack.pop(), ()):
                    if parent not in found:
                        found.add(parent)
                        stack.append(parent)
            self._ancestors[cls] = found
        return found

    def classes(self, node: str) -> set:
        """Every class ``node`` is an instance of, superclasses included."""
        return set().union(*(self.ancestors(t) for t in self.types.get(node, ())))

    def is_a(self, node: str, cls: str) -> bool:
        return any(cls in self.ancestors(t) for t in self.types.get(node, ()))

    def tracked(self, node: str) -> bool:
        """Whether a node has a story of statuses: an event, agreement, plan, fund, statement …

        Actors, places, money, concepts and provenance do not: the status of the graph
        that introduces a company says nothing about the company.
        """
        return bool(self.types.get(node)) and not (self.classes(node) & _NOT_TRACKED)

    # --- reports -----------------------------------------------------------------------

    def sources_of(self, graphs) -> list[str]:
        """The distinct source documents of assertion graphs, sorted."""
        return sorted({self.reports[g].source for g in graphs if g in self.reports})

    def reported_status(self, node: str) -> dict[str, tuple[str, str]]:
        """Source → ``(status, assertion graph)``: how each source reports ``node``.

        The status a source gives the node itself (``kj:status`` on the node) if it gives
        one, else the status of the assertion graphs in which the node is a subject;
        several statuses from one source: the first in :data:`STATUS_PRECEDENCE`.  A
        source that only points at the node reports no status of it.
        """
        per_source: dict = defaultdict(lambda: ([], []))
        for g in self.subject_of.get(node, ()):
            report = self.reports[g]
            own = self.node_status.get((node, g))
            if own:
                per_source[report.source][0].append((own, g))
            elif report.status:
                per_source[report.source][1].append((report.status, g))
        out = {}
        for source, (own, by_graph) in sorted(per_source.items()):
            candidates = own or by_graph
            if candidates:
                out[source] = min(candidates, key=lambda sg: (_precedence(sg[0]), sg[1]))
        return out

    def entities(self) -> list[str]:
        """Every IRI a report states something of, sorted."""
        return sorted(n for n in self.subject_of if not n.startswith("_:"))


def index_statements(store) -> StatementIndex:
    """Read ``store`` once into a :class:`StatementIndex`.

    Parameters
    ----------
    store : pyoxigraph.Store
        A build's dataset (:func:`graph.query.load_store`), or an rdflib Dataset
        (taken over with :func:`graph.load.to_store`).

    Raises
    ------
    ModelError
        The store holds no ontology (no declared property).

    Examples
    --------
    >>> ix = index_statements(example_store())
    >>> ix.documents["https://w3id.org/kjus/source/b"]["date"], ix.label("https://w3id.org/kjus/id/fund", "ko")
    ('2025-09-15', '한일 AI 펀드')
    """
    store = to_store(store)
    with gc_paused():
        return _index(store)


def _index(store) -> StatementIndex:
    ix = StatementIndex()
    text = _Strings()
    declared = {text(s) for kind in _DECLARED for s, _, _, _ in store.quads_for_pattern(None, _TYPE, kind, None)}
    if not declared:
        raise ModelError("the store holds no ontology (no owl:ObjectProperty or owl:DatatypeProperty); "
                         "load the build's exports/kjus.nq, which carries it")
    facts_about = declared - {str(KJ.status)}
    for s, _, o, _ in store.quads_for_pattern(None, _SUBCLASS, None, None):
        if isinstance(o, ox.NamedNode):
            ix.parents[text(s)].add(o.value)
    for prop in declared:
        labels = {q.object.language: q.object.value for q in store.quads_for_pattern(_N(prop), _LABEL, None, None)}
        ix.property_labels[prop] = (labels.get("en", ""), labels.get("ko", ""))
    for graph in (ONTOLOGY_GRAPH, VOCABULARY_GRAPH):   # names of classes and concepts (topics, statuses)
        for s, _, o, _ in store.quads_for_pattern(None, _LABEL, None, _N(str(graph))):
            if isinstance(o, ox.Literal):
                ix.names[text(s)][o.language or ""].append(o.value)
    _read_provenance(store, ix, text)
    facts, subject_of, object_of, types = ix.facts, ix.subject_of, ix.object_of, ix.types
    names, aliases, node_status = ix.names, ix.aliases, ix.node_status
    label, alt, type_, status = _LABEL.value, _ALT.value, _TYPE.value, _STATUS.value
    literal, named = ox.Literal, ox.NamedNode
    for g_ in sorted(ix.reports):      # graph by graph, in IRI order: the assertion graphs only
        for s, p, o, _ in store.quads_for_pattern(None, None, None, _N(g_)):
            s_, p_ = text(s), text(p)
            if p_ == label or p_ == alt:
                if isinstance(o, literal):
                    (names[s_][o.language or ""] if p_ == label else aliases[s_]).append(o.value)
                continue
            subject_of[s_].add(g_)
            if p_ == type_:
                types[s_].add(text(o))
                continue
            if p_ == status:
                node_status[s_, g_] = local_name(o.value)
                continue
            if isinstance(o, named):
                object_of[o.value].add(g_)
            if p_ in facts_about and not (isinstance(o, literal) and o.language):
                facts[s_, p_].setdefault(o, []).append(g_)
    for objects in facts.values():
        for graphs_ in objects.values():
            graphs_.sort()
    return ix


def statement_graphs(store, ix: StatementIndex) -> dict:
    """Every distinct statement of the assertion graphs → the graph that states it, or the list of those that do.

    A statement is keyed by text: ``(subject, predicate, object)`` as :func:`term_text`
    gives them, a literal object in its N-Triples form (``"…"@ko``, ``"…"^^<…>``), which
    tells every two terms apart and sorts subject first.  The same triple in the graphs of
    several sources is one statement (:func:`graph.diff.diff_builds` counts them so).

    Examples
    --------
    >>> store = example_store()
    >>> found = statement_graphs(store, index_statements(store))
    >>> found["https://w3id.org/kjus/id/fund", "https://w3id.org/kjus/ontology#party", "https://w3id.org/kjus/id/korea"]
    ['https://w3id.org/kjus/source/a-g1', 'https://w3id.org/kjus/source/b-g1']
    """
    store = to_store(store)
    found: dict = {}
    text, literal, get = _Strings(), ox.Literal, found.get
    with gc_paused():
        for g in sorted(ix.reports):
            for s, p, o, _ in store.quads_for_pattern(None, None, None, _N(g)):
                key = (text(s), text(p), str(o) if isinstance(o, literal) else text(o))
                graphs = get(key)
                if graphs is None:
                    found[key] = g
                elif isinstance(graphs, str):
                    found[key] = [graphs, g]
                else:
                    graphs.append(g)
    return found


def term_text(term) -> str:
    """An RDF term as plain text: the IRI, ``_:id`` or a literal's lexical form.

    Examples
    --------
    >>> term_text(ox.Literal("2025-08-23", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    '2025-08-23'
    """
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def example_store() -> ox.Store:
    """The running example of the docstrings: a fund expected by source *a*, agreed by source *b*."""
    from ..query import load_store_from_string
    return load_store_from_string('''
<https://w3id.org/kjus/ontology> {
  kj:Fund rdfs:subClassOf kj:Program . kj:Summit rdfs:subClassOf kj:Event .
  kj:party a owl:ObjectProperty ; rdfs:label "party"@en , "당사자"@ko .
  kj:date a owl:DatatypeProperty ; rdfs:label "date"@en , "날짜"@ko .
  kj:status a owl:ObjectProperty . }
src:a-g1 { kjd:fund a kj:Fund ; rdfs:label "Korea–Japan AI fund"@en , "한일 AI 펀드"@ko ;
             kj:party kjd:korea ; kj:status kjs:expected .
           kjd:summit a kj:Summit ; kj:date "2025-08-23"^^xsd:date ; kj:status kjs:occurred . }
src:b-g1 { kjd:fund kj:party kjd:korea . kjd:summit kj:date "2025-08-24"^^xsd:date ; kj:status kjs:occurred . }
src:a-prov { src:a a kj:SourceDocument ; dcterms:date "2025-08-25"^^xsd:date ; dcterms:title "A"@ko .
  src:a-g1 a kj:Assertion ; prov:wasDerivedFrom src:a ; kj:status kjs:expected ; kj:evidence src:a-q1 .
  src:a-q1 kj:source src:a ; kj:quote "펀드를 기대했다"@ko ; kj:start 0 ; kj:end 8 . }
src:b-prov { src:b a kj:SourceDocument ; dcterms:date "2025-09-15"^^xsd:date ; dcterms:title "B"@ko .
  src:b-g1 a kj:Assertion ; prov:wasDerivedFrom src:b ; kj:status kjs:agreed ; kj:evidence src:b-q1 .
  src:b-q1 kj:source src:b ; kj:quote "펀드에 합의했다"@ko ; kj:start 3 ; kj:end 11 . }
''')


# --- helpers ----------------------------------------------------------------------------

class _Strings(dict):
    """Term → text, each distinct term converted once."""

    def __call__(self, term) -> str:
        found = self.get(term)
        if found is None:
            found = self[term] = term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"
        return found


def _read_provenance(store, ix: StatementIndex, text: _Strings) -> None:
    """Assertion graphs, their sources, statuses and evidence; the source documents."""
    def by_subject(prop) -> dict:
        out: dict = defaultdict(list)
        for s, _, o, g in store.quads_for_pattern(None, _N(str(prop)), None, None):
            if g != _INFERRED:          # what the sources say, not what the build inferred from it
                out[text(s)].append(o)
        return out

    assertions = {text(s) for s, _, _, _ in store.quads_for_pattern(None, _TYPE, _N(str(KJ.Assertion)), None)}
    derived, status, evidence = by_subject(PROV.wasDerivedFrom), by_subject(KJ.status), by_subject(KJ.evidence)
    fields = {name: by_subject(prop) for name, prop in
              (("quote", KJ.quote), ("start", KJ.start), ("end", KJ.end), ("source", KJ.source))}
    docs = {text(s) for s, _, _, _ in store.quads_for_pattern(None, _TYPE, _N(str(KJ.SourceDocument)), None)}
    dates, titles = by_subject(DCTERMS.date), by_subject(DCTERMS.title)
    files, digests = by_subject(KJ.fileName), by_subject(KJ.sha256)
    labels = {doc: [o for _, _, o, g in store.quads_for_pattern(_N(doc), _LABEL, None, None) if g != _INFERRED]
              for doc in docs if not doc.startswith("_:")}
    for doc in sorted(docs):
        ix.documents[doc] = {
            "source": doc, "date": min((o.value for o in dates.get(doc, ())), default=""),
            "title": _pick(titles.get(doc, ())), "label": _pick(labels.get(doc, ())),
            "file": min((o.value for o in files.get(doc, ())), default=""),
            "sha256": min((o.value for o in digests.get(doc, ())), default=""),
        }
    for g in sorted(assertions):
        source = min((text(o) for o in derived.get(g, ())), default="")
        records = []
        for ev in evidence.get(g, ()):
            e = text(ev)
            ix.evidence_graph[e] = g
            f = {k: min((o.value for o in v.get(e, ())), default="") for k, v in fields.items()}
            records.append({"evidence": e, "quote": f["quote"], "start": _int(f["start"]), "end": _int(f["end"]),
                            "source": f["source"] or source})
        records.sort(key=lambda r: (r["source"], r["start"] if isinstance(r["start"], int) else -1, r["evidence"]))
        ix.reports[g] = Report(graph=g, source=source, date=ix.documents.get(source, {}).get("date", ""),
                               status=min((local_name(o.value) for o in status.get(g, ())), default=""),
                               evidence=tuple(records))


def _pick(literals) -> str:
    """A document's title or label: Korean, then English, then any."""
    by_lang = {}
    for lit in literals:
        by_lang.setdefault(lit.language or "", []).append(lit.value)
    for lang in ("ko", "en", ""):
        if by_lang.get(lang):
            return min(by_lang[lang])
    return min((min(v) for v in by_lang.values()), default="")


def _int(text: str):
    return int(text) if text.lstrip("-").isdigit() else text


def _precedence(status: str) -> int:
    return STATUS_PRECEDENCE.index(status) if status in STATUS_PRECEDENCE else len(STATUS_PRECEDENCE)


def _grouped(number: str) -> str:
    """``10000000000000.0`` → ``10,000,000,000,000``; anything else unchanged."""
    from decimal import Decimal, InvalidOperation
    try:
        text = f"{Decimal(number):,f}"
    except (InvalidOperation, ValueError):
        return number
    return text.rstrip("0").rstrip(".") if "." in text else text


def names_graph(ix: StatementIndex) -> nx.Graph:
    """Entities as nodes carrying their names, for :func:`graph.analyse.resolve_entity`."""
    G = nx.Graph()
    for n in ix.entities():
        names = ix.names.get(n) or {}
        G.add_node(n, label=ix.label(n), label_en=min(names.get("en", [""])), label_ko=min(names.get("ko", [""])),
                   label_ja=min(names.get("ja", [""])), facts={"also known as": "; ".join(sorted(ix.aliases.get(n, [])))})
    return G
