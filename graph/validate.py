"""Stage 3 — validate: SHACL shapes and the provenance rules SHACL cannot state.

:func:`validate` returns a list of :class:`Problem` records (empty means the
graph is good); the CLI prints them and exits 1 if any is a violation.

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

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from .infer import data_graph_names, entailments
from .paths import SHAPES_FILE
from .sources import read_source_text, sha256_text
from .vocab import KJ, KJD, MODEL_GRAPHS, curie

__all__ = ["Problem", "validate", "check_shapes", "check_provenance", "check_references", "check_literals"]

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


def validate(ds: Dataset, *, shapes: str | Path = SHAPES_FILE,
             texts_dir: str | Path | Iterable[str | Path] | None = None) -> list[Problem]:
    """Run every check; return the problems found, sorted.

    Examples
    --------
    >>> from graph.load import load_dataset
    >>> [p for p in validate(load_dataset()) if p.severity == "violation"]
    []
    """
    by_shapes = check_shapes(ds, shapes)
    covered = {(p.focus, p.path) for p in by_shapes}
    problems = by_shapes + check_provenance(ds, texts_dir) + check_references(ds) + [
        p for p in check_literals(ds) if (p.focus, p.path) not in covered]
    return sorted(set(problems))


def check_shapes(ds: Dataset, shapes: str | Path = SHAPES_FILE) -> list[Problem]:
    """Validate the data graphs (with their RDFS type closure) against the SHACL shapes.

    Two engines, each where it is best.  rudof's Rust SHACL engine
    (``pyrudof``) validates the whole graph — about twice as fast as pySHACL at
    100k source triples with the data handed over as N-Triples (9.5 s against
    19 s here), and lighter as the graph grows — and names the focus nodes at
    fault.  pySHACL then validates only those nodes, with their
    neighbourhood, to report each problem with the shape's own ``sh:message``
    (rudof does not pass on the messages of qualified value shapes).  A valid
    graph costs one rudof run; pySHACL sees nothing.
    """
    data = Graph()
    for name in data_graph_names(ds):
        data += ds.graph(name)
    for graph_iri in MODEL_GRAPHS.values():
        data += ds.graph(graph_iri)
    data += entailments(ds)
    flagged = _flagged_by_rudof(data, shapes)
    if flagged and any(n.startswith("_:") for n in flagged):
        flagged = None      # rudof's blank node labels are not ours: let pySHACL judge the whole graph
    if flagged is not None:
        if not flagged:
            return []
        data = _neighbourhood(data, flagged, ds)
    return [p for p in _pyshacl_problems(data, shapes) if flagged is None or p.focus in flagged]


def _flagged_by_rudof(data: Graph, shapes: str | Path) -> set[str] | None:
    """Focus nodes with any SHACL result according to rudof; ``None`` if rudof is not installed."""
    try:
        import pyrudof
    except ImportError:  # pragma: no cover - a declared dependency; pySHACL alone still gives the answer
        return None
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data.serialize(format="nt", encoding="utf-8").decode("utf-8"),
                    format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(Path(shapes).read_text(encoding="utf-8"))
    report = rudof.validate_shacl()
    return {str(result.focus_node) for result in report.violations}


def _neighbourhood(data: Graph, nodes: set[str], ds: Dataset) -> Graph:
    """The triples of ``nodes``, two hops out, and the model: enough for every shape to judge them."""
    sub = Graph()
    frontier = {URIRef(n) for n in nodes}
    seen: set = set()
    for _hop in range(3):
        nxt = set()
        for node in frontier - seen:
            seen.add(node)
            for triple in data.triples((node, None, None)):
                sub.add(triple)
                nxt.add(triple[2])
        frontier = nxt
    for graph_iri in MODEL_GRAPHS.values():
        sub += ds.graph(graph_iri)
    return sub


def _pyshacl_problems(data: Graph, shapes: str | Path) -> list[Problem]:
    import pyshacl  # heavy import, only needed here

    from .load import parse_file

    shapes_graph = Graph()
    for s, p, o, _ in parse_file(shapes, "turtle").quads((None, None, None, None)):
        shapes_graph.add((s, p, o))
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", advanced=True,
                                    allow_warnings=True)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        message = report.value(result, SH.resultMessage) or "violates a shape"
        value = report.value(result, SH.value)
        if value is not None:
            message = f"{message} (value: {value})"
        problems.append(Problem(
            severity=VIOLATION if severity == SH.Violation else WARNING,
            focus=str(report.value(result, SH.focusNode)),
            path=str(report.value(result, SH.resultPath) or ""),
            message=str(message),
            rule=str(_rule(report, result)),
        ))
    return problems


def _rule(report: Graph, result) -> URIRef:
    """The named shape that caught a result, or its constraint component if the shape is anonymous."""
    shape = report.value(result, SH.sourceShape)
    return shape if isinstance(shape, URIRef) else report.value(result, SH.sourceConstraintComponent)


def check_provenance(ds: Dataset, texts_dir: str | Path | Iterable[str | Path] | None = None) -> list[Problem]:
    """Every data graph has provenance, and every quote stands at its offsets in its text."""
    problems: list[Problem] = []
    assertions = set(ds.subjects(RDF.type, KJ.Assertion))
    provenance_graphs = {g for _, _, _, g in ds.quads((None, RDF.type, KJ.Assertion, None))}
    for name in data_graph_names(ds):
        if name not in assertions and name not in provenance_graphs:
            problems.append(Problem(VIOLATION, str(name), "", "named graph has no provenance: describe it as a "
                                    "kj:Assertion with kj:evidence in its source's provenance graph", "kj:Assertion"))
    for assertion in sorted(assertions):
        if not any(True for _ in ds.graph(assertion).triples((None, None, None))):
            problems.append(Problem(VIOLATION, str(assertion), "", "assertion names a graph that holds no triples",
                                    "kj:Assertion"))
    texts: dict[URIRef, str | None] = {}
    for doc in sorted(set(ds.subjects(RDF.type, KJ.SourceDocument))):
        texts[doc] = _document_text(ds, doc, texts_dir, problems)
    for evidence in sorted(set(ds.subjects(RDF.type, KJ.Evidence))):
        doc, quote = ds.value(evidence, KJ.source), ds.value(evidence, KJ.quote)
        start, end = ds.value(evidence, KJ.start), ds.value(evidence, KJ.end)
        text = texts.get(doc)
        if text is None or None in (quote, start, end) or start.ill_typed or end.ill_typed:
            continue  # missing text already reported; missing or ill-typed values are the shapes' job
        found = text[int(start):int(end)]
        if found != str(quote):
            at = text.find(str(quote))
            hint = f"the quote is at {at}..{at + len(str(quote))}" if at >= 0 else "the quote is nowhere in the text"
            problems.append(Problem(VIOLATION, str(evidence), str(KJ.quote),
                                    f"quote not found at offsets {start}..{end} of {ds.value(doc, KJ.fileName)} "
                                    f"(found {found[:40]!r}); {hint}", "kj:Evidence"))
    return problems


def check_references(ds: Dataset) -> list[Problem]:
    """Every entity (``kjd:`` IRI) that a data graph refers to is typed somewhere."""
    typed = set(ds.subjects(RDF.type, None))
    problems = []
    for name in data_graph_names(ds):
        for s, p, o in ds.graph(name):
            if isinstance(o, URIRef) and str(o).startswith(str(KJD)) and o not in typed:
                problems.append(Problem(VIOLATION, str(s), str(p), f"refers to {curie(str(o))}, which is defined "
                                        "nowhere: give it an rdf:type and labels, or fix the IRI", "kj:reference"))
    return problems


def check_literals(ds: Dataset) -> list[Problem]:
    """Every typed literal in a data graph is a valid value of its datatype.

    The shapes catch this for the properties they constrain; this check names
    every other ill-typed literal (``"abc"^^xsd:integer``) with its node.

    Examples
    --------
    >>> ds = Dataset()
    >>> _ = ds.parse(data='<urn:g> { <urn:a> <urn:n> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> . }',
    ...              format="trig")
    >>> [p.message for p in check_literals(ds)]
    ["'abc' is not a valid xsd:integer; write a value of that datatype or change the datatype"]
    """
    problems = []
    for name in data_graph_names(ds):
        for s, p, o in ds.graph(name):
            if isinstance(o, Literal) and o.ill_typed:
                problems.append(Problem(VIOLATION, str(s), str(p), f"{str(o)!r} is not a valid "
                                        f"{curie(str(o.datatype))}; write a value of that datatype or change "
                                        "the datatype", "kj:literal"))
    return problems


def _document_text(ds: Dataset, doc: URIRef, texts_dir, problems: list[Problem]) -> str | None:
    file_name = ds.value(doc, KJ.fileName)
    text = read_source_text(str(file_name), texts_dir) if file_name else None
    if text is None:
        problems.append(Problem(WARNING, str(doc), str(KJ.fileName), f"source text {file_name} not found, so its "
                                "quotes were not checked; put it beside the source's TriG file (or set "
                                "KJUS_SOURCE_DIR to the folder that holds it)", "kj:Evidence"))
        return None
    recorded = ds.value(doc, KJ.sha256)
    if recorded is not None and sha256_text(text) != str(recorded):
        problems.append(Problem(VIOLATION, str(doc), str(KJ.sha256), f"{file_name} is not the version this source "
                                "was curated from (SHA-256 differs); re-check the quotes and update kj:sha256",
                                "kj:SourceDocument"))
        return None
    return text
