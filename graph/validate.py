"""Stage 3 — validate: SHACL shapes and the provenance rules SHACL cannot state.

:func:`validate` returns a list of :class:`Problem` records (empty means the
graph is good); the CLI prints them and exits 1 if any is a violation.

Every check runs over a pyoxigraph store (an rdflib ``Dataset`` is taken
over first, for callers that have one).

Checks
------
* every shape in ``ontology/shapes.ttl`` (rudof, then pySHACL for the messages), over the data plus its
  RDFS type closure (:mod:`graph.infer`), so a shape on ``kj:Actor`` reaches a
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

from .infer import data_graph_names, entailments
from .load import to_store
from .paths import SHAPES_FILE
from .prefixes import PREFIXES, curie
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
             texts_dir: str | Path | Iterable[str | Path] | None = None) -> list[Problem]:
    """Run every check; return the problems found, sorted.

    Examples
    --------
    >>> from graph.load import load_sources
    >>> [p for p in validate(load_sources().store) if p.severity == "violation"]
    []
    """
    store = to_store(data)
    by_shapes = check_shapes(store, shapes)
    covered = {(p.focus, p.path) for p in by_shapes}
    problems = by_shapes + check_provenance(store, texts_dir) + check_references(store) + [
        p for p in check_literals(store) if (p.focus, p.path) not in covered]
    return sorted(set(problems))


def check_shapes(data, shapes: str | Path = SHAPES_FILE) -> list[Problem]:
    """Validate the data graphs (with their RDFS type closure) against the SHACL shapes.

    Two engines, each where it is best.  rudof's Rust SHACL engine
    (``pyrudof``) validates the whole graph, handed over as N-Triples written
    by pyoxigraph, and names the focus nodes at fault.  pySHACL then validates
    only those nodes, with their neighbourhood, to report each problem with
    the shape's own ``sh:message`` (rudof does not pass on the messages of
    qualified value shapes).  A valid graph never reaches pySHACL.
    """
    store = to_store(data)
    triples = _shape_data(store)
    flagged = _flagged_by_rudof(triples, shapes)
    if flagged and any(n.startswith("_:") for n in flagged):
        flagged = None      # rudof's blank node labels are not ours: let pySHACL judge the whole graph
    if flagged is not None:
        if not flagged:
            return []
        triples = _neighbourhood(triples, flagged)
    return [p for p in _pyshacl_problems(triples, shapes) if flagged is None or p.focus in flagged]


def _shape_data(store: ox.Store) -> list[ox.Triple]:
    """What the shapes see: the data graphs, the model graphs and the entailments, as one graph."""
    graphs = [*data_graph_names(store), *(ox.NamedNode(str(g)) for g in MODEL_GRAPHS.values())]
    triples = {q.triple for g in graphs for q in store.quads_for_pattern(None, None, None, g)}
    triples.update(entailments(store))
    return list(triples)


def _flagged_by_rudof(triples: list[ox.Triple], shapes: str | Path) -> set[str] | None:
    """Focus nodes with any SHACL result according to rudof; ``None`` if rudof is not installed."""
    try:
        import pyrudof
    except ImportError:  # pragma: no cover - a declared dependency; pySHACL alone still gives the answer
        return None
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"),
                    format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(Path(shapes).read_text(encoding="utf-8"))
    report = rudof.validate_shacl()
    return {str(result.focus_node) for result in report.violations}


def _neighbourhood(triples: list[ox.Triple], nodes: set[str]) -> list[ox.Triple]:
    """The triples of ``nodes`` three hops out, and those about the model's terms: enough for every shape."""
    by_subject: dict = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    frontier, seen, keep = {ox.NamedNode(n) for n in nodes}, set(), set()
    for _hop in range(3):
        nxt = set()
        for node in frontier - seen:
            seen.add(node)
            for t in by_subject.get(node, ()):
                keep.add(t)
                nxt.add(t.object)
        frontier = nxt
    kj_terms = (PREFIXES["kj"], PREFIXES["kjs"], PREFIXES["kjt"], PREFIXES["kjm"], PREFIXES["kju"])
    keep.update(t for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(kj_terms))
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


def _instances(store: ox.Store, cls: ox.NamedNode) -> list:
    return sorted({q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, cls)}, key=str)


def check_provenance(data, texts_dir: str | Path | Iterable[str | Path] | None = None) -> list[Problem]:
    """Every data graph has provenance, and every quote stands at its offsets in its text."""
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
    texts = {doc: _document_text(store, doc, texts_dir, problems) for doc in _instances(store, _DOCUMENT)}
    for evidence in _instances(store, _EVIDENCE):
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


def check_literals(data) -> list[Problem]:
    """Every typed literal in a data graph is a valid value of its datatype.

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
    for name in data_graph_names(store):
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
