"""Stage 3 — validate: SHACL shapes and the provenance rules SHACL cannot state.

:func:`validate` returns a list of :class:`Problem` records (empty means the
graph is good); the CLI prints them and exits 1 if any is a violation.

Every check runs over a pyoxigraph store (an rdflib ``Dataset`` is taken
over first, for callers that have one).

Checks
------
* every shape in ``ontology/shapes.ttl`` (compiled to SPARQL and run in Oxigraph, then pySHACL for the
  messages), over the data under its RDFS type and property closure (:mod:`graph.infer`), so a shape on ``kj:Actor`` reaches a
  ``kj:Company``;
* every data graph is described as a ``kj:Assertion`` in a provenance graph,
  and every assertion names a graph that exists;
* every entity referred to is defined somewhere (has an ``rdf:type``);
* every quote stands verbatim at its offsets in its source text, and the text
  is the version the source was curated from (``kj:sha256``) — when the text is
  on this machine; otherwise one warning per document says the check was skipped.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import ValidationError
from .infer import data_graph_names, hierarchy, sub_terms
from .load import to_store
from .paths import SHAPES_FILE
from .prefixes import PREFIXES, curie
from .shacl import UnsupportedShape, compile_shapes, nonconforming
from .sources import read_source_text, sha256_text
from .vocab import MODEL_GRAPHS

__all__ = ["Problem", "validate", "check_shapes", "check_provenance", "check_references", "check_literals"]

_KJ, _KJD, _XSD = PREFIXES["kj"], PREFIXES["kjd"], PREFIXES["xsd"]
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_ASSERTION, _DOCUMENT, _EVIDENCE = (ox.NamedNode(_KJ + n) for n in ("Assertion", "SourceDocument", "Evidence"))
_SOURCE, _QUOTE, _START, _END, _FILE, _SHA = (ox.NamedNode(_KJ + n) for n in
                                              ("source", "quote", "start", "end", "fileName", "sha256"))

VIOLATION, WARNING = "violation", "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the graph.

    ``focus`` is the node at fault, ``path`` the property (``""`` if none),
    ``rule`` the shape or check that caught it.
    """

    severity: str
    focus: str
    path: str
    message: str
    rule: str

    def __str__(self) -> str:
        where = curie(self.focus) + (f" {curie(self.path)}" if self.path else "")
        return f"{self.severity}: {where}: {self.message} [{curie(self.rule)}]"


def validate(data, *, shapes: str | Path = SHAPES_FILE,
             texts_dir: str | Path | Iterable[str | Path] | None = None,
             graphs: Iterable[ox.NamedNode] | None = None) -> list[Problem]:
    """Run every check; return the problems found, sorted.

    ``graphs``, when given, limits the checks to what those graphs can affect
    (an incremental build passes the graphs of the source files that changed):
    the shapes of every node those graphs describe or point at and of every
    node that points at one of those, the quotes and literals in them.  The
    checks across sources (provenance of every graph, references to entities
    defined nowhere) always run over everything.

    Examples
    --------
    >>> from graph.load import load_sources
    >>> [p for p in validate(load_sources().store) if p.severity == "violation"]
    []
    """
    store = to_store(data)
    scope = None if graphs is None else sorted(set(graphs), key=str)
    by_shapes = check_shapes(store, shapes, focus=None if scope is None else _affected(scope))
    covered = {(p.focus, p.path) for p in by_shapes}
    problems = by_shapes + check_provenance(store, texts_dir, scope) + check_references(store) + [
        p for p in check_literals(store, scope) if (p.focus, p.path) not in covered]
    return sorted(set(problems))


def _affected(graphs: list[ox.NamedNode]) -> str:
    """A SPARQL pattern binding ``?focus`` to the nodes whose shapes ``graphs`` can change.

    Their subjects and objects, and every node that points at one of their subjects.
    """
    values = " ".join(f"<{g.value}>" for g in graphs if isinstance(g, ox.NamedNode))
    return (f"VALUES ?g {{ {values} }} {{ GRAPH ?g {{ ?focus ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?p ?focus }} }} "
            "UNION { GRAPH ?g { ?y ?p ?o } GRAPH ?h { ?focus ?q ?y } }")


def check_shapes(data, shapes: str | Path = SHAPES_FILE, focus: set | str | None = None) -> list[Problem]:
    """Validate the graphs (under their RDFS type and property closure) against the SHACL shapes.

    Two engines, each where it is best.  The shapes, compiled to SPARQL
    (:mod:`graph.shacl`), run in Oxigraph over the store as loaded and name the
    focus nodes that fail; nothing is copied, so a million triples take
    seconds.  pySHACL then validates only those nodes, with their
    neighbourhood, to report each problem with the shape's own ``sh:message``.
    A valid graph never reaches pySHACL.  ``focus`` limits the check to those nodes.
    """
    store = to_store(data)
    flagged = {node for node, _shape in nonconforming(store, _compiled(shapes, store), focus)}
    if not flagged:
        return []
    names = {_text(n) for n in flagged if isinstance(n, ox.NamedNode)}
    return [p for p in _pyshacl_problems(_neighbourhood(store, flagged), shapes)
            if p.focus in names or not p.focus.startswith(("http:", "https:", "urn:"))]


_COMPILED: dict = {}


def _compiled(shapes: str | Path, store: ox.Store) -> list:
    """The shapes compiled for this model's property hierarchy (cached per shapes file and hierarchy)."""
    classes, properties = sub_terms(store)
    key = (Path(shapes).read_text(encoding="utf-8"),
           *(tuple(sorted((t, tuple(sorted(s))) for t, s in m.items())) for m in (classes, properties)))
    if key not in _COMPILED:
        try:
            _COMPILED[key] = compile_shapes(Path(shapes), properties, classes)
        except UnsupportedShape as exc:
            raise ValidationError(f"{shapes}: {exc}", []) from None
    return _COMPILED[key]


def _neighbourhood(store: ox.Store, nodes: set) -> list[ox.Triple]:
    """The triples of ``nodes`` three hops out, their entailments and the model: enough for every shape."""
    keep: set[ox.Triple] = set()
    frontier, seen = set(nodes), set()
    for _hop in range(3):
        nxt = set()
        for node in frontier - seen:
            seen.add(node)
            if isinstance(node, ox.Literal):
                continue
            for q in store.quads_for_pattern(node, None, None):
                keep.add(q.triple)
                nxt.add(q.object)
        frontier = nxt
    for name in MODEL_GRAPHS.values():
        keep.update(q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))
    supers_c, supers_p = hierarchy(store)
    for t in list(keep):
        if t.predicate == _RDF_TYPE:
            keep.update(ox.Triple(t.subject, _RDF_TYPE, ox.NamedNode(c)) for c in supers_c.get(t.object.value, ()))
        else:
            keep.update(ox.Triple(t.subject, ox.NamedNode(p), t.object) for p in supers_p.get(t.predicate.value, ()))
    return list(keep)


def _pyshacl_problems(triples: list[ox.Triple], shapes: str | Path) -> list[Problem]:
    import pyshacl  # heavy import, only needed here
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, SH

    data = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    shapes_graph = Graph().parse(data=Path(shapes).read_text(encoding="utf-8"), format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", advanced=True,
                                    allow_warnings=True)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        message = report.value(result, SH.resultMessage) or "violates a shape"
        value = report.value(result, SH.value)
        if value is not None:
            message = f"{message} (value: {value})"
        shape = report.value(result, SH.sourceShape)
        rule = shape if isinstance(shape, URIRef) else report.value(result, SH.sourceConstraintComponent)
        problems.append(Problem(
            severity=VIOLATION if severity == SH.Violation else WARNING,
            focus=str(report.value(result, SH.focusNode)),
            path=str(report.value(result, SH.resultPath) or ""),
            message=str(message),
            rule=str(rule),
        ))
    return problems


def _value(store: ox.Store, subject, predicate):
    """One object of ``subject predicate ?o`` in any graph, or ``None``."""
    quad = next(iter(store.quads_for_pattern(subject, predicate, None)), None)
    return None if quad is None else quad.object


def _instances(store: ox.Store, cls: ox.NamedNode, graphs: Iterable[ox.NamedNode] | None = None) -> list:
    if graphs is None:
        return sorted({q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, cls)}, key=str)
    return sorted({q.subject for g in graphs for q in store.quads_for_pattern(None, _RDF_TYPE, cls, g)}, key=str)


def check_provenance(data, texts_dir: str | Path | Iterable[str | Path] | None = None,
                     graphs: Iterable[ox.NamedNode] | None = None) -> list[Problem]:
    """Every data graph has provenance, and every quote (in ``graphs``, default all) stands at its offsets."""
    store = to_store(data)
    problems: list[Problem] = []
    described = list(store.quads_for_pattern(None, _RDF_TYPE, _ASSERTION))
    assertions = {q.subject for q in described}
    provenance_graphs = {q.graph_name for q in described}
    for name in data_graph_names(store):
        if name not in assertions and name not in provenance_graphs:
            problems.append(Problem(VIOLATION, name.value, "", "named graph has no provenance: describe it as a "
                                    "kj:Assertion with kj:evidence in its source's provenance graph", "kj:Assertion"))
    for assertion in sorted(assertions, key=str):
        if not isinstance(assertion, ox.NamedNode) or \
                next(iter(store.quads_for_pattern(None, None, None, assertion)), None) is None:
            problems.append(Problem(VIOLATION, _text(assertion), "", "assertion names a graph that holds no triples",
                                    "kj:Assertion"))
    documents, evidences = _instances(store, _DOCUMENT, graphs), _instances(store, _EVIDENCE, graphs)
    if graphs is not None:      # the documents the evidence in these graphs quotes, wherever they are described
        documents = sorted(set(documents) | {d for e in evidences if (d := _value(store, e, _SOURCE)) is not None},
                           key=str)
    texts = {doc: _document_text(store, doc, texts_dir, problems) for doc in documents}
    for evidence in evidences:
        doc, quote = _value(store, evidence, _SOURCE), _value(store, evidence, _QUOTE)
        start, end = _integer(_value(store, evidence, _START)), _integer(_value(store, evidence, _END))
        text = texts.get(doc)
        if text is None or quote is None or start is None or end is None:
            continue  # missing text already reported; missing or ill-typed values are the shapes' job
        found = text[start:end]
        if found != quote.value:
            at = text.find(quote.value)
            hint = f"the quote is at {at}..{at + len(quote.value)}" if at >= 0 else "the quote is nowhere in the text"
            file_name = _value(store, doc, _FILE)
            problems.append(Problem(VIOLATION, _text(evidence), _QUOTE.value,
                                    f"quote not found at offsets {start}..{end} of "
                                    f"{file_name.value if file_name is not None else None} "
                                    f"(found {found[:40]!r}); {hint}", "kj:Evidence"))
    return problems


def check_references(data) -> list[Problem]:
    """Every entity (``kjd:`` IRI) that a data graph refers to is typed somewhere."""
    store = to_store(data)
    typed = {q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, None)}
    problems = []
    for name in data_graph_names(store):
        for q in store.quads_for_pattern(None, None, None, name):
            o = q.object
            if isinstance(o, ox.NamedNode) and o.value.startswith(_KJD) and o not in typed:
                problems.append(Problem(VIOLATION, _text(q.subject), q.predicate.value, f"refers to {curie(o.value)}, "
                                        "which is defined nowhere: give it an rdf:type and labels, or fix the IRI",
                                        "kj:reference"))
    return problems


def check_literals(data, graphs: Iterable[ox.NamedNode] | None = None) -> list[Problem]:
    """Every typed literal in a data graph (in ``graphs``, default all) is a valid value of its datatype.

    The shapes catch this for the properties they constrain; this check names
    every other ill-typed literal (``"abc"^^xsd:integer``) with its node.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:n"),
    ...                   ox.Literal("abc", datatype=ox.NamedNode(_XSD + "integer")), ox.NamedNode("urn:g")))
    >>> [p.message for p in check_literals(store)]
    ["'abc' is not a valid xsd:integer; write a value of that datatype or change the datatype"]
    """
    store = to_store(data)
    problems = []
    verdicts: dict = {}
    for name in data_graph_names(store) if graphs is None else graphs:
        for q in store.quads_for_pattern(None, None, None, name):
            o = q.object
            if isinstance(o, ox.Literal) and not o.language and o.datatype.value.startswith(_XSD):
                bad = verdicts.get(o)
                if bad is None:
                    bad = verdicts[o] = _ill_typed(o)
                if bad:
                    problems.append(Problem(VIOLATION, _text(q.subject), q.predicate.value, f"{o.value!r} is not a "
                                            f"valid {curie(o.datatype.value)}; write a value of that datatype or "
                                            "change the datatype", "kj:literal"))
    return problems


def _ill_typed(literal: ox.Literal) -> bool:
    """Whether an XSD-typed literal's text is no value of its datatype (rdflib's lexical-space check)."""
    from rdflib import Literal, URIRef
    return bool(Literal(literal.value, datatype=URIRef(literal.datatype.value)).ill_typed)


def _integer(term) -> int | None:
    if not isinstance(term, ox.Literal):
        return None
    try:
        return int(term.value)
    except ValueError:
        return None


def _text(term) -> str:
    """A term as the problem records name it: the IRI, or ``_:label``."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _document_text(store: ox.Store, doc, texts_dir, problems: list[Problem]) -> str | None:
    file_name = _value(store, doc, _FILE)
    text = read_source_text(file_name.value, texts_dir) if file_name is not None else None
    if text is None:
        problems.append(Problem(WARNING, _text(doc), _FILE.value, f"source text "
                                f"{file_name.value if file_name is not None else None} not found, so its quotes were "
                                "not checked; put it beside the source's TriG file (or set KJUS_SOURCE_DIR to the "
                                "folder that holds it)", "kj:Evidence"))
        return None
    recorded = _value(store, doc, _SHA)
    if recorded is not None and sha256_text(text) != recorded.value:
        problems.append(Problem(VIOLATION, _text(doc), _SHA.value, f"{file_name.value} is not the version this "
                                "source was curated from (SHA-256 differs); re-check the quotes and update kj:sha256",
                                "kj:SourceDocument"))
        return None
    return text
