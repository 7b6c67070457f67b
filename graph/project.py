"""Stage 5 — project: the RDF dataset as NetworkX graphs.

One module turns the dataset into the four graphs every later stage reuses
(see ``docs/design.md``, "NetworkX projection contract"):

``"full"``
    :class:`networkx.MultiDiGraph`; node id = IRI string; every IRI resource
    that is the subject or object of a relation is a node, literals are node
    attributes; edge key = predicate IRI, parallel relations kept.
``"actors"``
    :class:`networkx.Graph`; actors linked when they take part in the same
    *context* (event, agreement, program, council, policy, statement) or are
    directly related (``kj:headOf``, ``kj:subsidiaryOf``, ``kj:member`` of a forum, …);
    ``weight`` (int: contexts + direct relations), ``via`` (sorted context IRIs),
    ``via_types``, ``relations`` (sorted direct-relation predicate IRIs) and
    ``topics`` (English labels of the contexts' topics).
``"countries"``
    :class:`networkx.Graph` on ISO 3166 alpha-2 codes; ``weight`` and
    ``ties`` (sorted context IRIs that involve actors of both countries).
``"bipartite"``
    :class:`networkx.Graph`; actors (``bipartite=0``) and contexts (``bipartite=1``).

The model is read from the data, not from lists in this file:

* a *relation* (edge) is an ``owl:ObjectProperty`` whose object is an IRI that is
  not a value node.  Value nodes are instances (by ``rdfs:subClassOf*``) of
  ``skos:Concept``, ``kj:MonetaryAmount``, ``kj:Evidence``, ``kj:Assertion`` and
  ``kj:SourceDocument``, or objects of a property whose ``rdfs:range`` is one of
  them; they become attributes (``status``, ``topics``, ``facts``) or are skipped;
* the *type* is the most specific ``kj:`` class, the *category* its nearest
  ancestor among :data:`CATEGORIES`;
* an *actor property* is one whose ``rdfs:range`` includes ``kj:Actor`` or a subclass
  that is not a ``kj:Place`` (so ``kj:participant`` and ``kj:party`` are, ``kj:country`` is not);
  a *context* is a node that is not an actor and has an actor property;
  its *actors* are the objects of those properties;
* status, evidence and the graph of an edge come from the provenance of the
  assertion graph that states it; its date is the date of its subject (or object);
* what the sources say is read, not what a build inferred from it: the graph
  ``<https://w3id.org/kjus/inferred>`` (standard-vocabulary types and
  super-properties, such as ``dcterms:abstract`` beside every ``kj:summary``) is
  skipped, so a projection of the build's N-Quads is the projection of its sources.

Beyond the contract every node also has ``topics`` (sorted English labels of its
``kj:topic`` concepts), and the full graph keeps the actor properties and the
local names of the actor classes in ``G.graph["actor_predicates"]`` and
``G.graph["actor_types"]``, so that :func:`project_graph` derives the other three
kinds from a full graph as well as from a dataset.  A country's ISO code is its
``skos:notation`` (or ``dcterms:identifier``) when it has one, else looked up by
English name in :data:`ISO_CODES`.  The full projection reads every quad once,
as plain strings (rdflib terms hash and compare in Python), and runs with the
garbage collector paused; iterating the quads is the largest part of its cost.

Examples
--------
>>> G = project_graph(_example_dataset(), "full")
>>> sorted(G.nodes)  # doctest: +NORMALIZE_WHITESPACE
['https://w3id.org/kjus/id/ishiba', 'https://w3id.org/kjus/id/japan',
 'https://w3id.org/kjus/id/korea', 'https://w3id.org/kjus/id/lee', 'https://w3id.org/kjus/id/summit']
>>> G.nodes["https://w3id.org/kjus/id/lee"]["label_ko"], G.nodes["https://w3id.org/kjus/id/lee"]["country"]
('이재명', 'KR')
>>> e = G.edges["https://w3id.org/kjus/id/summit", "https://w3id.org/kjus/id/lee", str(KJ.participant)]
>>> e["label"], e["status"], e["date"], e["evidence"][0]["quote"]
('participant', 'occurred', '2025-08-23', '이 대통령은 한일정상회담을 가졌다')
>>> A = project_graph(G, "actors")
>>> A.edges["https://w3id.org/kjus/id/ishiba", "https://w3id.org/kjus/id/lee"]["via"]
['https://w3id.org/kjus/id/summit']
>>> C = project_graph(G, "countries")
>>> list(C.edges(data="weight"))
[('JP', 'KR', 1)]
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .errors import KGError, ModelError
from .runtime import gc_paused
from .vocab import INFERRED_GRAPH, KJ

__all__ = ["KINDS", "WEIGHTS", "CATEGORIES", "ISO_CODES", "project_graph", "full_graph", "contexts", "simple_graph",
           "local_name"]

#: The projections :func:`project_graph` builds.
KINDS = ("full", "actors", "countries", "bipartite")

#: Top-level class → category name; a node's category is its nearest listed ancestor.
CATEGORIES: dict[URIRef, str] = {
    KJ.Council: "Council", KJ.Actor: "Actor", KJ.Country: "Place", KJ.Place: "Place",
    KJ.Event: "Event", KJ.Agreement: "Agreement", KJ.Program: "Program", KJ.Initiative: "Program",
    KJ.Fund: "Program",
    KJ.Policy: "Policy", KJ.Report: "Report", KJ.Product: "Product",
    KJ.Indicator: "Indicator", KJ.Statement: "Statement", SKOS.Concept: "Concept",
    KJ.SourceDocument: "Source",
}
_ACTOR_CATEGORY = "Actor"

# The scan keys everything by plain ``str`` (IRIs), :class:`_Blank` (blank nodes) and
# literals: rdflib terms hash and compare in Python, plain strings in C.
_CATEGORY_OF = {str(c): name for c, name in CATEGORIES.items()}
#: Classes whose instances are values or provenance, never nodes.
_VALUE_CLASSES = tuple(map(str, (SKOS.Concept, KJ.MonetaryAmount, KJ.Evidence, KJ.Assertion, KJ.SourceDocument,
                                  KJ.Resolution, KJ.StatusTransition)))
_SOURCE_DATE = str(DCTERMS.date)
#: Edge weights :func:`project_graph` can give: ``"count"`` (relations, shared contexts) or
#: ``"corroboration"`` (independent sources behind each relation).
WEIGHTS = ("count", "corroboration")
_LABEL_PROPS = (str(RDFS.label), str(SKOS.prefLabel))
_ALIAS_PROPS = (str(SKOS.altLabel),)
_CODE_PROPS = (str(SKOS.notation), str(DCTERMS.identifier))
_DATE_PROPS = (str(KJ.date), str(KJ.startDate))
_EVIDENCE_FIELDS = {str(KJ.quote): "quote", str(KJ.start): "start", str(KJ.end): "end", str(KJ.source): "source"}
_UNION_OF, _FIRST, _REST, _NIL = str(OWL.unionOf), str(RDF.first), str(RDF.rest), str(RDF.nil)
_OBJECT_PROPERTY = str(OWL.ObjectProperty)
#: How :meth:`_Scan.read` files each predicate (``None``: a literal or a link).
_PREDICATE_KIND = {
    str(RDF.type): "type", str(RDFS.subClassOf): "subclass", str(RDFS.range): "range",
    _UNION_OF: "list", _FIRST: "list", _REST: "list",
    str(KJ.status): "status", str(KJ.evidence): "evidence", **_EVIDENCE_FIELDS,
    **{p: "label" for p in _LABEL_PROPS},
}
_KJ_PREFIX = str(KJ._NS)
_TOPIC, _STATUS, _COUNTRY, _DATE = str(KJ.topic), str(KJ.status), str(KJ.country), str(KJ.date)
_ACTOR, _PLACE, _COUNTRY_CLASS = str(KJ.Actor), str(KJ.Place), str(KJ.Country)
_ASSERTION, _MONEY = frozenset({str(KJ.Assertion)}), frozenset({str(KJ.MonetaryAmount)})
_APPROXIMATE, _VALUE, _MAX_VALUE, _MIN_VALUE, _CURRENCY = map(
    str, (KJ.approximate, KJ.value, KJ.maxValue, KJ.minValue, KJ.currency))
_PROVENANCE_CLASSES = frozenset(map(str, (KJ.Evidence, KJ.Assertion, KJ.SourceDocument)))
_STRING_TYPES = frozenset(map(str, (XSD.string, RDF.langString)))
_INTEGER = str(XSD.integer)
_DEFAULT = str(DATASET_DEFAULT_GRAPH_ID)   # the default graph, named as rdflib names it
_ALIAS_KEY = "also known as"

#: ISO 3166 alpha-2 codes by English country name, used when a ``kj:Country`` carries
#: no ``skos:notation``/``dcterms:identifier`` code (add one to the data to extend it).
ISO_CODES = {
    "south korea": "KR", "korea": "KR", "republic of korea": "KR", "north korea": "KP",
    "japan": "JP", "united states": "US", "united states of america": "US", "us": "US", "usa": "US",
    "china": "CN", "taiwan": "TW", "india": "IN", "united kingdom": "GB", "uk": "GB", "france": "FR",
    "germany": "DE", "canada": "CA", "australia": "AU", "singapore": "SG", "vietnam": "VN",
    "russia": "RU", "european union": "EU", "israel": "IL", "united arab emirates": "AE",
    "saudi arabia": "SA", "indonesia": "ID", "philippines": "PH", "italy": "IT",
}


def project_graph(ds, kind: str = "full", *, weight: str | None = None, members: dict | None = None) -> nx.Graph:
    """Project the dataset (or a full projection) onto a NetworkX graph.

    Parameters
    ----------
    ds : rdflib.Dataset, rdflib.Graph, pyoxigraph.Store or networkx.MultiDiGraph
        The loaded dataset (:func:`graph.load.load_dataset`), with the ontology
        and vocabularies in it; or a store holding the same quads
        (:func:`graph.query.load_store` of ``exports/kjus.nq``), read about a third
        faster — its numbers are in Oxigraph's canonical form (the ``xsd:decimal`` ``7.0``
        is ``7``), everything else is identical; or a graph returned by
        ``project_graph(ds, "full")``.
    kind : {"full", "actors", "countries", "bipartite"}
    weight : {"count", "corroboration"}, optional
        ``"corroboration"``: every relation of the full graph gets ``weight`` = its
        ``corroboration`` (the number of independent sources that state it), an actor
        tie the sum over its contexts of the sources behind the two memberships (plus
        its direct relations' corroboration), a country pair the sum of its contexts'
        sources; ``G.graph["weight"]`` records the choice and derived projections
        follow it.  Default: what ``ds`` records, else ``"count"`` (no ``weight`` on
        full-graph edges; actor and country ties count contexts).
    members : dict, optional
        :func:`contexts` of the full graph if already computed (``ds`` being that
        full graph, with no other ``weight``), so that deriving several projections
        from one full graph finds the contexts once.

    Returns
    -------
    networkx.MultiDiGraph for ``"full"``, networkx.Graph otherwise; nodes and
    edges are inserted in sorted order so that iteration is deterministic.  Nodes and
    edges carry ``sources`` (sorted IRIs of the source documents behind them),
    ``corroboration`` (how many) and ``reported`` (the earliest source date).

    Raises
    ------
    KGError
        Unknown ``kind``.
    ModelError
        The dataset has no ontology (no ``owl:ObjectProperty``).

    Examples
    --------
    >>> B = project_graph(_example_dataset(), "bipartite")
    >>> sorted((n, d["bipartite"]) for n, d in B.nodes(data=True))[-1]
    ('https://w3id.org/kjus/id/summit', 1)
    >>> project_graph(B, "nodes")
    Traceback (most recent call last):
    ...
    graph.errors.KGError: unknown projection 'nodes'; choose one of full, actors, countries, bipartite
    """
    if kind not in KINDS:
        raise KGError(f"unknown projection {kind!r}; choose one of {', '.join(KINDS)}")
    if weight is not None and weight not in WEIGHTS:
        raise KGError(f"unknown weight {weight!r}; choose one of {', '.join(WEIGHTS)}")
    if isinstance(ds, nx.Graph):
        full = ds
        if weight is not None and weight != full.graph.get("weight", "count") and full.graph.get("kind") == "full":
            full = _weighted(full.copy(), weight)
    else:
        with gc_paused():
            full = _weighted(_project_full(ds), weight or "count")
    if kind == "full":
        return full
    if full.graph.get("kind") != "full":
        raise KGError(f"cannot derive the {kind!r} projection from a {full.graph.get('kind', 'plain')!r} graph; "
                      "pass the dataset or project_graph(ds, 'full')")
    if members is None or full is not ds:
        members = contexts(full)
    if kind == "actors":
        return _actor_graph(full, members)
    if kind == "countries":
        return _country_graph(full, members)
    return _bipartite_graph(full, members)


def _weighted(full: nx.MultiDiGraph, weight: str) -> nx.MultiDiGraph:
    """Record the weight choice; with ``"corroboration"`` give every relation its number of sources."""
    full.graph["weight"] = weight
    for _, _, d in full.edges(data=True):
        if weight == "corroboration":
            d["weight"] = d.get("corroboration") or 1
        else:
            d.pop("weight", None)
    return full


def full_graph(G_or_ds) -> nx.MultiDiGraph:
    """The ``"full"`` projection of a dataset, or ``G`` itself if it already is one.

    Raises
    ------
    KGError
        ``G`` is another projection, which lacks the contexts' topics, dates and statuses.

    Examples
    --------
    >>> full_graph(nx.Graph())
    Traceback (most recent call last):
    ...
    graph.errors.KGError: this analysis needs the 'full' projection, not a 'plain' graph; use project_graph(ds, 'full')
    """
    if not isinstance(G_or_ds, nx.Graph):
        return project_graph(G_or_ds, "full")
    if G_or_ds.graph.get("kind") != "full":
        raise KGError(f"this analysis needs the 'full' projection, not a {G_or_ds.graph.get('kind', 'plain')!r} "
                      "graph; use project_graph(ds, 'full')")
    return G_or_ds


def simple_graph(G: nx.Graph) -> nx.Graph:
    """Undirected simple graph on the same nodes, in the same order, without self-loops.

    Parallel and opposite edges merge; their ``weight`` (1 when missing or not a
    number) is summed.  Node attributes are not copied.

    Examples
    --------
    >>> M = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "b"), ("a", "a")])
    >>> H = simple_graph(M)
    >>> list(H.edges(data="weight")), list(H)
    ([('a', 'b', 3)], ['a', 'b'])
    """
    H = nx.Graph()
    H.add_nodes_from(G)
    for u, v, w in G.edges(data="weight", default=1):
        if u != v:
            w = w if isinstance(w, (int, float)) and not isinstance(w, bool) else 1
            H.add_edge(u, v, weight=H[u][v]["weight"] + w if H.has_edge(u, v) else w)
    return H


def local_name(iri: str) -> str:
    """The part of an IRI after the last ``#`` or ``/``.

    Examples
    --------
    >>> local_name("https://w3id.org/kjus/ontology#Company")
    'Company'
    """
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# --- reading the dataset ---------------------------------------------------------

class _Scan:
    """Everything the projection needs, gathered in one pass over the quads."""

    def __init__(self) -> None:
        self.parents: dict[str, set] = defaultdict(set)
        self.object_props: set[str] = set()
        self.ranges: dict[str, set] = defaultdict(set)
        self.lists: dict = {}                      # owl:unionOf / rdf:first / rdf:rest, by (node, property)
        self.types: dict = defaultdict(set)
        self.labels: dict = defaultdict(dict)      # node -> lang -> sorted labels
        self.literals: dict = defaultdict(list)    # node -> [(p, literal)]
        self.links: list = []                      # (s, p, o, g) with an IRI/bnode object
        self.status: dict = {}                     # node or assertion graph -> status concept
        self.evidence_of: dict = defaultdict(list)  # assertion graph -> evidence nodes
        self.evidence_fields: dict = defaultdict(dict)
        self.mentions: dict = defaultdict(set)     # node -> graphs mentioning it
        self._ancestors: dict = {}
        self._classified: dict = {}

    def read(self, quads: Iterable) -> _Scan:
        kind_of = _PREDICATE_KIND
        mentions, types, links, literals, labels = self.mentions, self.types, self.links, self.literals, self.labels
        last_s = last_g = None
        for s, p, o, g in quads:
            if s != last_s or g != last_g:  # sources list a subject's triples together
                mentions[s].add(g)
                last_s, last_g = s, g
            kind = kind_of.get(p)
            if kind is None:
                if type(o) is str or type(o) is _Blank:
                    mentions[o].add(g)
                    links.append((s, p, o, g))
                else:
                    literals[s].append((p, o))
            elif kind == "type":
                types[s].add(o)
                if o == _OBJECT_PROPERTY:
                    self.object_props.add(s)
            elif kind == "label":
                if type(o) is not str and type(o) is not _Blank:
                    labels[s].setdefault(o.language or "", []).append(str(o))
            elif kind == "subclass":
                self.parents[s].add(o)
            elif kind == "range":
                self.ranges[s].add(o)
            elif kind == "list":
                self.lists[s, p] = o
            elif kind == "status":
                self.status[s] = o
            elif kind == "evidence":
                self.evidence_of[s].append(o)
            else:
                self.evidence_fields[s][kind] = o
        if not self.object_props:
            raise ModelError("the dataset holds no ontology (no owl:ObjectProperty); "
                             "load it with graph.load.load_dataset() or add ontology/kjus.ttl")
        return self

    def ancestors(self, cls) -> tuple:
        """``cls`` and its superclasses, nearest first (breadth-first, ties by IRI)."""
        if cls not in self._ancestors:
            order, seen, frontier = [], {cls}, [cls]
            while frontier:
                order.extend(frontier)
                nxt = sorted({p for c in frontier for p in self.parents.get(c, ()) if p not in seen})
                seen.update(nxt)
                frontier = nxt
            self._ancestors[cls] = tuple(order)
        return self._ancestors[cls]

    def range_classes(self, prop) -> set:
        """Classes in the ``rdfs:range`` of ``prop``, ``owl:unionOf`` lists expanded."""
        out = set()
        for r in self.ranges.get(prop, ()):
            item = self.lists.get((r, _UNION_OF))
            if item is None:
                out.add(r)
            while item is not None and item != _NIL:
                out.add(self.lists.get((item, _FIRST)))
                item = self.lists.get((item, _REST))
        return out - {None}

    def classify(self, node) -> tuple[str, str, bool]:
        """``(type, category, is_country)`` of a node, computed once per distinct set of types."""
        types = frozenset(self.types.get(node, ()))
        if types not in self._classified:
            kj_types = [t for t in types if t.startswith(_KJ_PREFIX)]
            specific = max(kj_types, key=lambda t: (len(self.ancestors(t)), t), default=None)
            category = next((_CATEGORY_OF[c] for t in ([specific] if specific else sorted(types))
                             for c in self.ancestors(t) if c in _CATEGORY_OF), "Other")
            is_country = any(_COUNTRY_CLASS in self.ancestors(t) for t in types)
            self._classified[types] = (local_name(specific) if specific is not None else "", category, is_country)
        return self._classified[types]

    def is_a(self, node, classes) -> bool:
        return any(c in classes for t in self.types.get(node, ()) for c in self.ancestors(t))

    def label(self, node, lang: str) -> str:
        return min(self.labels.get(node, {}).get(lang, [""]))


class _Blank(str):
    """A blank node of the scan: its id, told apart from an IRI by its type."""

    __slots__ = ()


class _Lit:
    """A literal read from pyoxigraph, lexical form as rdflib gives it (rdflib literals are used as they are)."""

    __slots__ = ("lexical", "language", "datatype")

    def __init__(self, lexical: str, language: str | None, datatype: str | None) -> None:
        self.lexical, self.language, self.datatype = lexical, language, datatype

    def __str__(self) -> str:
        return self.lexical

    def toPython(self):  # noqa: N802 - the rdflib.Literal method it stands in for
        if self.datatype == _INTEGER and self.lexical.isdecimal():
            return int(self.lexical)
        return Literal(self.lexical, lang=self.language,
                       datatype=URIRef(self.datatype) if self.datatype else None).toPython()


def _quads(ds) -> Iterable:
    """Quads as plain keys: IRI → ``str``, blank node → :class:`_Blank`, literal → ``Literal``/:class:`_Lit`."""
    if hasattr(ds, "quads_for_pattern"):
        return _oxigraph_quads(ds)
    if hasattr(ds, "contexts"):   # a Dataset: graph by graph is a third faster than ds.quads()
        graphs = ds.graphs() if hasattr(ds, "graphs") else ds.contexts()
        return _rdflib_quads((s, p, o, g.identifier) for g in graphs for s, p, o in g)
    if isinstance(ds, Graph):
        return _rdflib_quads((s, p, o, ds.identifier) for s, p, o in ds)
    raise KGError(f"cannot project a {type(ds).__name__}; pass an rdflib Dataset from graph.load.load_dataset() "
                  "or a pyoxigraph Store from graph.query.load_store()")


def _rdflib_quads(quads: Iterable) -> Iterable:
    blank, iri, inferred = _Blank, URIRef, str(INFERRED_GRAPH)
    last_g = key_g = None
    for s, p, o, g in quads:
        if g is not last_g:
            last_g, key_g = g, (str(g) if type(g) is iri else blank(g))
        if key_g == inferred:
            continue
        yield (str(s) if type(s) is iri else blank(s), str(p),
               str(o) if type(o) is iri else (blank(o) if type(o) is BNode else o), key_g)


def _oxigraph_quads(store) -> Iterable:
    """The quads of a ``pyoxigraph.Store``, typed literals in rdflib's normalised lexical form."""
    import pyoxigraph as ox

    named, blank, literal, lit, strings = ox.NamedNode, ox.BlankNode, ox.Literal, _Lit, _STRING_TYPES
    canonical: dict = {}
    shared: dict[str, str] = {}     # one str per IRI or language tag: the scan holds each many times
    known, keep = shared.get, shared.setdefault
    last_g = key_g = None
    inferred, skip = str(INFERRED_GRAPH), False
    for s, p, o, g in store.quads_for_pattern(None, None, None, None):
        if g != last_g:
            last_g, key_g = g, (g.value if type(g) is named else (_Blank(g.value) if type(g) is blank else _DEFAULT))
            skip = key_g == inferred
        if skip:
            continue
        ts, to = type(s), type(o)
        if to is literal:
            lang = o.language
            if lang:
                o = lit(o.value, known(lang) or keep(lang, lang), None)
            else:
                dt = o.datatype.value
                if dt in strings:
                    o = lit(o.value, None, None)
                else:
                    key = (o.value, dt)
                    text = canonical.get(key)
                    if text is None:
                        text = canonical[key] = str(Literal(o.value, datatype=URIRef(dt)))
                    o = lit(text, None, dt)
        elif to is named:
            o = o.value
            o = known(o) or keep(o, o)
        else:
            o = _Blank(o.value)
        p = p.value
        if ts is named:
            s = s.value
            s = known(s) or keep(s, s)
        else:
            s = _Blank(s.value)
        yield s, known(p) or keep(p, p), o, key_g


def _project_full(ds) -> nx.MultiDiGraph:
    scan = _Scan().read(_quads(ds))
    value_classes = set(_VALUE_CLASSES)
    value_props = {p for p in scan.object_props
                   if any(c in value_classes for r in scan.range_classes(p) for c in scan.ancestors(r))}
    actor_props = {p for p in scan.object_props - value_props
                   if any(_ACTOR in scan.ancestors(r) and _PLACE not in scan.ancestors(r)
                          for r in scan.range_classes(p))}
    classes = set(scan.parents).union(*scan.types.values())
    actor_types = sorted({local_name(c) for c in classes if _ACTOR in scan.ancestors(c)})
    value_types = {c for c in classes if not value_classes.isdisjoint(scan.ancestors(c))}
    value_nodes = {n for n, ts in scan.types.items() if not value_types.isdisjoint(ts)}
    assertion_graphs = {g for g in scan.evidence_of} | {g for g in scan.status if scan.is_a(g, _ASSERTION)}

    nodes: set = set()
    relations: dict = {}
    values: dict = defaultdict(list)   # node -> [(p, value node)]
    object_props = scan.object_props
    for s, p, o, g in scan.links:
        if p not in object_props or s in value_nodes or type(s) is _Blank:
            continue
        if p in value_props or o in value_nodes or type(o) is _Blank:
            values[s].append((p, o))
            nodes.add(s)
            continue
        nodes.update((s, o))
        relations.setdefault((s, o, p), set()).add(g)

    evidence = _evidence_records(scan, assertion_graphs)
    prop_label = _memo(lambda p: (scan.label(p, "en") or local_name(p), scan.label(p, "ko")))
    text = _Texts(
        fact_key=_memo(lambda key: _fact_key(key[0], key[1], prop_label)),
        topic=_memo(lambda o: scan.label(o, "en") or local_name(o)),
        value=_memo(lambda o: None if scan.is_a(o, _PROVENANCE_CLASSES) else _value_text(scan, o)),
        reported=_memo(lambda doc: min((str(lit) for p, lit in scan.literals.get(doc, ()) if p == _SOURCE_DATE),
                                       default="")))
    attrs = {n: _node_attrs(scan, n, values.get(n, ()), evidence, prop_label, text) for n in nodes}
    graph_info = _memo(lambda g: (local_name(scan.status[g]) if g in scan.status else "", str(g),
                                  evidence.get(g, [])))

    for s, o, _ in sorted(k for k in relations if k[2] == _COUNTRY):
        if not attrs[s]["country"]:
            attrs[s]["country"] = attrs[o]["country"]
    G = nx.MultiDiGraph(kind="full", actor_predicates=sorted(actor_props), actor_types=actor_types)
    G.add_nodes_from((n, attrs[n]) for n in sorted(nodes))
    G.add_edges_from(_edge(s, o, p, graphs, attrs, graph_info, prop_label, text.reported)
                     for (s, o, p), graphs in sorted(relations.items(), key=itemgetter(0)))
    return G


def _memo(fn):
    cache: dict = {}

    def wrapper(x):
        if x not in cache:
            cache[x] = fn(x)
        return cache[x]
    return wrapper


def _evidence_records(scan: _Scan, assertion_graphs: set) -> dict:
    out = {}
    for g in assertion_graphs:
        records = []
        for ev in scan.evidence_of.get(g, ()):
            f = scan.evidence_fields.get(ev, {})
            records.append({"quote": str(f.get("quote", "")), "source": str(f.get("source", "")),
                            "start": _int_or_blank(f.get("start")), "end": _int_or_blank(f.get("end")),
                            "graph": str(g)})
        out[g] = sorted(records, key=_evidence_order)
    return out


def _evidence_order(record: dict) -> tuple:
    start = record["start"]
    return record["source"], start if isinstance(start, int) else -1, record["graph"], record["quote"]


def _int_or_blank(lit):
    if lit is None:
        return ""
    value = lit.toPython() if isinstance(lit, (Literal, _Lit)) else lit
    return value if isinstance(value, int) else str(lit)


def _edge(s, o, p, graphs, attrs, graph_info, prop_label, reported):
    """One relation: ``(s, o, key, attrs)``; stated in several graphs, the first (by IRI) gives status and graph."""
    if len(graphs) == 1:
        status, graph, records = graph_info(next(iter(graphs)))
    else:
        ordered = sorted(graphs, key=str)
        status, graph, _ = graph_info(ordered[0])
        records = [r for g in ordered for r in graph_info(g)[2]]
    label, label_ko = prop_label(p)
    predicate = str(p)
    return (str(s), str(o), predicate, {
        "predicate": predicate, "label": label, "label_ko": label_ko, "status": status,
        "date": attrs[s]["date"] or attrs[o]["date"], "graph": graph, "evidence": list(records),
        **_corroboration(records, reported),
    })


def _corroboration(records, reported) -> dict:
    """``sources`` (the documents the evidence quotes), ``corroboration`` (how many), ``reported`` (earliest date)."""
    sources = sorted({r["source"] for r in records if r["source"]})
    return {"sources": sources, "corroboration": len(sources),
            "reported": min((d for d in map(reported, sources) if d), default="")}


class _Texts(NamedTuple):
    """Texts computed once per distinct input: fact keys by (predicate, language), topic and value labels."""

    fact_key: Callable
    topic: Callable
    value: Callable
    reported: Callable   # source document -> its dcterms:date


def _node_attrs(scan: _Scan, n, values, evidence, prop_label, text: _Texts) -> dict:
    type_name, category, is_country = scan.classify(n)
    labels = scan.labels.get(n) or {}
    en, ko, ja = (min(labels[lang]) if lang in labels else "" for lang in ("en", "ko", "ja"))
    facts: dict[str, list[str]] = defaultdict(list)
    topics, date, status = [], "", scan.status.get(n)
    for p, lit in scan.literals.get(n, ()):
        if p in _DATE_PROPS and (p == _DATE or not date):
            date = str(lit)
        if p != _DATE:
            facts[text.fact_key((p, lit.language))].append(str(lit))
    for lang, names in labels.items():
        chosen = {"en": en, "ko": ko, "ja": ja}.get(lang)
        extra = [x for x in names if x != chosen]
        if extra:
            facts[_ALIAS_KEY].extend(extra)
    for p, o in values:
        if p == _TOPIC:
            topics.append(text.topic(o))
        elif p == _STATUS:
            status = o
        else:
            value = text.value(o)
            if value is not None:
                facts[prop_label(p)[0]].append(value)
    return {
        "label": en or ko or ja or scan.label(n, "") or local_name(n),
        "label_en": en, "label_ko": ko, "label_ja": ja,
        "type": type_name,
        "category": category,
        "country": _country_code(scan, n) if is_country else "",
        "status": local_name(status) if status is not None else "",
        "date": date,
        "topics": sorted(set(topics)),
        "facts": {k: "; ".join(sorted(set(v))) for k, v in sorted(facts.items()) if v},
        "evidence": (records := _node_evidence(scan.mentions.get(n, ()), evidence)),
        **_corroboration(records, text.reported),
    }


def _node_evidence(graphs, evidence: dict) -> list[dict]:
    found = [r for g in graphs if g in evidence for r in evidence[g]]
    return sorted(found, key=_evidence_order) if len(found) > 1 else found


def _fact_key(p, language, prop_label) -> str:
    """``summary``; ``summary (ko)`` for a literal in another language than English; aliases together."""
    if p in _ALIAS_PROPS:
        return _ALIAS_KEY
    key = prop_label(p)[0]
    return f"{key} ({language})" if language and language != "en" else key


def _value_text(scan: _Scan, o) -> str:
    """A concept's label, or a money amount in words (``≈ 30000000 JPY``)."""
    if not scan.is_a(o, _MONEY) and type(o) is not _Blank:
        return scan.label(o, "en") or scan.label(o, "") or local_name(o)
    lits = {p: _number_text(lit) for p, lit in scan.literals.get(o, ())}
    approx = "≈ " if lits.get(_APPROXIMATE, "").lower() in ("true", "1") else ""
    if _VALUE in lits:
        amount = lits[_VALUE]
    elif _MAX_VALUE in lits:
        amount = "up to " + lits[_MAX_VALUE]
    else:
        amount = lits.get(_MIN_VALUE, "")
    return " ".join(x for x in (approx + amount, lits.get(_CURRENCY, "")) if x) or local_name(o)


def _number_text(lit) -> str:
    """``30000000.0`` → ``30,000,000``; other literals unchanged."""
    value = lit.toPython()
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        text = f"{Decimal(str(value)):,f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(lit)


def _country_code(scan: _Scan, country) -> str:
    """ISO alpha-2 code: a two-letter code literal, else by English name, else the local name."""
    names = [str(lit) for p, lit in scan.literals.get(country, ()) if p in _CODE_PROPS and len(str(lit)) == 2]
    if names:
        return min(names).upper()
    names = scan.labels.get(country, {}).get("en", []) + [
        str(lit) for p, lit in scan.literals.get(country, ()) if p in _ALIAS_PROPS and lit.language in (None, "en")]
    codes = sorted({ISO_CODES[n.casefold()] for n in names if n.casefold() in ISO_CODES})
    return codes[0] if codes else local_name(country).upper()


# --- projections derived from the full graph --------------------------------------

def contexts(G: nx.MultiDiGraph) -> dict[str, dict[str, list[str]]]:
    """Context → actor → sorted actor properties linking them, from a full projection.

    A context is a node outside the ``Actor`` category with an actor property
    (``kj:participant``, ``kj:party``, ``kj:member``, …) pointing at an actor.

    Examples
    --------
    >>> G = project_graph(_example_dataset())
    >>> contexts(G)["https://w3id.org/kjus/id/summit"]["https://w3id.org/kjus/id/lee"]
    ['https://w3id.org/kjus/ontology#participant']
    """
    actor_predicates = set(G.graph.get("actor_predicates", ()))
    actor_types = set(G.graph.get("actor_types", ()))
    is_actor = {n for n, t in G.nodes(data="type") if t in actor_types}
    out: dict = {}
    for u, category in G.nodes(data="category"):
        if category == _ACTOR_CATEGORY:
            continue
        for v, keys in G.succ[u].items():
            if v in is_actor:
                found = [k for k in keys if k in actor_predicates]
                if found:
                    out.setdefault(u, {}).setdefault(v, set()).update(found)
    return {c: {a: sorted(ps) for a, ps in sorted(actors.items())} for c, actors in sorted(out.items())}


def _actor_nodes(G: nx.MultiDiGraph, contexts: dict) -> list[str]:
    """Actors: instances of ``kj:Actor`` subclasses that are not only contexts (a council), and context members."""
    actor_types = set(G.graph.get("actor_types", ()))
    actors = {n for n, t in G.nodes(data="type") if t in actor_types and n not in contexts}
    actors.update(a for members in contexts.values() for a in members)
    return sorted(actors)


def _actor_graph(G: nx.MultiDiGraph, contexts: dict) -> nx.Graph:
    ties: dict = defaultdict(list)
    for c, members in contexts.items():
        actors = list(members)
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                ties[a, b].append(c)
    relations: dict = defaultdict(set)
    actor_predicates = set(G.graph.get("actor_predicates", ()))
    actor_types = set(G.graph.get("actor_types", ()))
    for u, v, k in G.edges(keys=True):
        if k in actor_predicates and u != v and G.nodes[u]["category"] == _ACTOR_CATEGORY \
                and G.nodes[v]["type"] in actor_types:
            relations[min(u, v), max(u, v)].add(k)
    A = nx.Graph(kind="actors", weight=G.graph.get("weight", "count"))
    A.add_nodes_from((n, G.nodes[n]) for n in _actor_nodes(G, contexts))
    by_sources = A.graph["weight"] == "corroboration"
    for a, b in sorted(set(ties) | set(relations)):
        via = ties.get((a, b), [])
        if by_sources:
            weight = sum(len(_member_sources(G, c, a, contexts) | _member_sources(G, c, b, contexts)) or 1
                         for c in via) + sum(_relation_sources(G, a, b, k) for k in relations.get((a, b), ()))
        else:
            weight = len(via) + len(relations.get((a, b), ()))
        A.add_edge(a, b, weight=weight, via=via,
                   via_types=sorted({G.nodes[c]["type"] for c in via}),
                   relations=sorted(relations.get((a, b), ())),
                   topics=sorted({t for c in via for t in G.nodes[c]["topics"]}))
    return A


def _member_sources(G: nx.MultiDiGraph, c, a, contexts: dict) -> set:
    """The sources that state that actor ``a`` takes part in context ``c``."""
    return {s for p in contexts[c][a] for s in G.edges[c, a, p].get("sources", ())}


def _relation_sources(G: nx.MultiDiGraph, a, b, p) -> int:
    """Corroboration of a direct relation between two actors, in whichever direction it points."""
    d = G.get_edge_data(a, b, p) or G.get_edge_data(b, a, p) or {}
    return d.get("corroboration") or 1


def _country_graph(G: nx.MultiDiGraph, contexts: dict) -> nx.Graph:
    country_node = {}
    for n, d in sorted(G.nodes(data=True)):
        if d["type"] == local_name(KJ.Country) and d["country"]:
            country_node.setdefault(d["country"], d)
    ties: dict = defaultdict(list)
    codes = {G.nodes[a]["country"] for a in _actor_nodes(G, contexts)} - {""}
    for c, members in contexts.items():
        present = sorted({G.nodes[a]["country"] for a in members} - {""})
        for i, x in enumerate(present):
            for y in present[i + 1:]:
                ties[x, y].append(c)
    C = nx.Graph(kind="countries", weight=G.graph.get("weight", "count"))
    for code in sorted(codes):
        labels = {k: country_node.get(code, {}).get(k, "") for k in ("label_en", "label_ko", "label_ja")}
        C.add_node(code, label=labels["label_en"] or code, **labels, type=local_name(KJ.Country),
                   category="Place", country=code, status="", date="", topics=[], facts={}, evidence=[])
    if C.graph["weight"] == "corroboration":
        C.add_edges_from((x, y, {"weight": sum(G.nodes[c].get("corroboration") or 1 for c in via), "ties": via})
                         for (x, y), via in sorted(ties.items()))
    else:
        C.add_edges_from((x, y, {"weight": len(via), "ties": via}) for (x, y), via in sorted(ties.items()))
    return C


def _bipartite_graph(G: nx.MultiDiGraph, contexts: dict) -> nx.Graph:
    B = nx.Graph(kind="bipartite")
    actors = _actor_nodes(G, contexts)
    B.add_nodes_from((n, {**G.nodes[n], "bipartite": 0}) for n in actors)
    B.add_nodes_from((c, {**G.nodes[c], "bipartite": 1}) for c in contexts if c not in B)
    for c, members in contexts.items():
        for a, predicates in members.items():
            if B.nodes[c]["bipartite"] == 1:
                B.add_edge(a, c, predicates=predicates,
                           label=", ".join(G.edges[c, a, p]["label"] for p in predicates))
    return B



def _example_dataset():
    """The running example of the docstrings: a two-leader summit with its ontology."""
    from rdflib import Dataset
    return Dataset().parse(format="trig", data="""
@prefix kj: <https://w3id.org/kjus/ontology#> . @prefix kjd: <https://w3id.org/kjus/id/> .
@prefix kjs: <https://w3id.org/kjus/status/> . @prefix kjt: <https://w3id.org/kjus/topic/> .
@prefix s: <https://w3id.org/kjus/source/x/> . @prefix src: <https://w3id.org/kjus/source/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/kjus/ontology> {
  kj:Person rdfs:subClassOf kj:Actor . kj:Country rdfs:subClassOf kj:Place . kj:Summit rdfs:subClassOf kj:Event .
  kj:participant a owl:ObjectProperty ; rdfs:range kj:Actor ; rdfs:label "participant"@en, "참가자"@ko .
  kj:country a owl:ObjectProperty ; rdfs:range kj:Country ; rdfs:label "country"@en, "국가"@ko .
  kj:topic a owl:ObjectProperty ; rdfs:range skos:Concept ; rdfs:label "topic"@en, "주제"@ko . }
<https://w3id.org/kjus/vocabularies> { kjt:ai a skos:Concept ; skos:prefLabel "AI"@en . }
s:summit {
  kjd:summit a kj:Summit ; rdfs:label "Korea–Japan summit"@en ; kj:date "2025-08-23"^^xsd:date ;
      kj:participant kjd:lee, kjd:ishiba ; kj:topic kjt:ai .
  kjd:lee a kj:Person ; rdfs:label "Lee Jae-myung"@en, "이재명"@ko ; kj:country kjd:korea .
  kjd:ishiba a kj:Person ; rdfs:label "Ishiba Shigeru"@en, "이시바 시게루"@ko ; kj:country kjd:japan .
  kjd:korea a kj:Country ; skos:notation "KR" . kjd:japan a kj:Country ; skos:notation "JP" . }
s:provenance { s:summit a kj:Assertion ; kj:status kjs:occurred ; kj:evidence s:q1 .
  s:q1 a kj:Evidence ; kj:source src:x ; kj:quote "이 대통령은 한일정상회담을 가졌다"@ko ; kj:start 0 ; kj:end 19 . }
""")
