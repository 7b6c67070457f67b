"""Invariants of the model: ontology/kjus.ttl, ontology/shapes.ttl and graph/vocab.py agree.

The shapes are exercised with pySHACL the way ``graph/validate.py`` uses them:
the ontology joins the data graph and RDFS inference types subclass instances.
"""
from __future__ import annotations

import logging
import textwrap

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from graph.paths import ONTOLOGY_DIR
from graph.vocab import KJ, KJS, PREFIXES

KJUS_TTL = ONTOLOGY_DIR / "kjus.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
VOCABULARIES_TTL = ONTOLOGY_DIR / "vocabularies.ttl"
KJ_NS = str(KJ._NS)

#: The datatype properties named in the brief; every other property is an object property.
DATATYPE_PROPERTIES = {
    "date", "startDate", "endDate", "dateWording", "targetYear", "duration", "numberOfProjects",
    "memberCount", "value", "maxValue", "minValue", "currency", "approximate", "rank", "outOf",
    "summary", "role", "quote", "start", "end", "fileName", "sha256", "reason",
    "draft", "cue", "machineNote",  # machine-draft marks of kjus ingest
}
#: Predicates that align a kj term with another vocabulary.
ALIGNMENTS = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
              SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
STATUSES = ("occurred", "agreed", "planned", "forecast", "expected", "concern", "assessment", "cancelled", "delayed")

# An ill-typed literal ("2025-13-45"^^xsd:date) is the point of some tests; rdflib logs its
# failed conversion with a traceback that would only clutter the test output.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(KJUS_TTL)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL)


def _vocab_terms() -> set[URIRef]:
    return {KJ._NS[name] for name in KJ.__annotations__}


def _is_kj(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(KJ_NS)


def _declared(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, None) if _is_kj(s)}


def _classes(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects(RDF.type, OWL.Class) if _is_kj(s)}


def _turtle(body: str) -> Graph:
    prologue = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    return Graph().parse(data=prologue + textwrap.dedent(body), format="turtle")


def _validate(data: Graph, ontology: Graph, shapes: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                           inference="rdfs")
    return conforms, report


def _results(report: Graph) -> list[tuple]:
    """``(focus, path, message)`` of every result, sorted."""
    return sorted(
        (report.value(r, SH.focusNode), report.value(r, SH.resultPath), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    )


# --- the ontology ----------------------------------------------------------------------------

def test_ontology_header(ontology):
    onto = URIRef(KJ_NS.rstrip("#"))
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (URIRef("http://purl.org/dc/terms/title"), URIRef("http://purl.org/dc/terms/description")):
        assert {lit.language for lit in ontology.objects(onto, prop)} >= {"en", "ko"}
    assert ontology.value(onto, OWL.versionInfo) is not None
    assert ontology.value(onto, URIRef("http://purl.org/dc/terms/license")) is not None
    assert str(ontology.value(onto, URIRef("http://purl.org/dc/terms/created"))) == "2025-08-25"
    assert str(ontology.value(onto, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))) == "kj"


def test_ontology_declares_exactly_the_vocab_terms(ontology):
    declared = _declared(ontology)
    assert sorted(_vocab_terms() - declared) == [], "in graph/vocab.py but not declared in kjus.ttl"
    assert sorted(declared - _vocab_terms()) == [], "declared in kjus.ttl but missing from graph/vocab.py"


def test_every_term_has_the_right_owl_type(ontology):
    for term in _vocab_terms():
        types = set(ontology.objects(term, RDF.type)) & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
        name = term[len(KJ_NS):]
        if name[0].isupper():
            expected = OWL.Class
        elif name in DATATYPE_PROPERTIES:
            expected = OWL.DatatypeProperty
        else:
            expected = OWL.ObjectProperty
        assert types == {expected}, f"kj:{name} is typed {sorted(types)}, expected {expected}"


def test_every_term_has_english_and_korean_labels_and_an_english_comment(ontology):
    for term in sorted(_vocab_terms()):
        labels = [lit.language for lit in ontology.objects(term, RDFS.label)]
        assert sorted(set(labels)) == sorted(labels), f"{term}: two labels in one language"
        assert {"en", "ko"} <= set(labels), f"{term} needs rdfs:label @en and @ko"
        comments = {lit.language for lit in ontology.objects(term, RDFS.comment)}
        assert "en" in comments, f"{term} needs an English rdfs:comment"


def test_every_term_is_directly_aligned_to_another_vocabulary(ontology):
    for term in sorted(_vocab_terms()):
        targets = {o for p in ALIGNMENTS for o in ontology.objects(term, p)}
        outside = {o for o in targets if isinstance(o, URIRef) and not _is_kj(o)}
        assert outside, f"{term} is not aligned directly to a standard vocabulary term"


def test_class_hierarchy(ontology):
    expected = {
        "Person": "Actor", "Organization": "Actor", "AnonymousSource": "Actor",
        "GovernmentBody": "Organization", "Legislature": "GovernmentBody", "Company": "Organization",
        "Council": "Organization", "Country": "Place", "City": "Place", "Summit": "Meeting",
        "Meeting": "Event", "CallForProposals": "Event", "ResearchProgram": "Program", "Law": "Policy",
        "InvestmentPackage": "Policy", "Index": "Report", "Forecast": "Indicator", "Expectation": "Statement",
    }
    for child, parent in expected.items():
        assert (KJ[child], RDFS.subClassOf, KJ[parent]) in ontology, f"kj:{child} ⊑ kj:{parent}"
    assert (KJ.Country, RDFS.subClassOf, KJ.Actor) in ontology
    assert (KJ.AnonymousSource, RDFS.subClassOf, KJ.Organization) not in ontology
    assert (KJ.Person, OWL.disjointWith, KJ.Organization) in ontology
    assert (KJ.Expectation, OWL.disjointWith, KJ.Agreement) in ontology


def test_functional_properties(ontology):
    for prop in (KJ.status, KJ.start, KJ.end, KJ.sha256):
        assert (prop, RDF.type, OWL.FunctionalProperty) in ontology


def test_edge_properties_have_entity_ranges(ontology):
    """Projection treats object properties as edges unless their range is a concept, money or evidence."""
    non_edges = {p for p in ontology.subjects(RDF.type, OWL.ObjectProperty)
                 if ontology.value(p, RDFS.range) in (SKOS.Concept, KJ.MonetaryAmount, KJ.Evidence)}
    assert non_edges == {KJ.topic, KJ.status, KJ.measure, KJ.unit, KJ.budget, KJ.fundingPerTeam,
                         KJ.amount, KJ.approximateEquivalent, KJ.evidence,
                         KJ.fromStatus, KJ.toStatus, KJ.adoptedReading, KJ.rejectedReading}


def test_kj_references_resolve(ontology, shapes):
    declared = _declared(ontology) | {URIRef(KJ_NS.rstrip("#"))}
    for name, graph in (("kjus.ttl", ontology), ("shapes.ttl", shapes)):
        used = {node for triple in graph for node in triple if _is_kj(node)}
        assert sorted(used - declared) == [], f"{name} refers to undeclared kj: terms"


# --- the shapes ------------------------------------------------------------------------------

def test_every_class_has_a_node_shape(ontology, shapes):
    targeted = {c for s in shapes.subjects(RDF.type, SH.NodeShape) for c in shapes.objects(s, SH.targetClass)}
    assert sorted(_classes(ontology) - targeted) == []
    assert SKOS.Concept in targeted


def test_shapes_graph_is_valid_shacl(shapes):
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_speaks_english(shapes):
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        assert shapes.value(shape, SH.name) is not None, f"{shape} needs sh:name"
        for prop_shape in shapes.objects(shape, SH.property):
            assert shapes.value(prop_shape, SH.name) is not None, f"a property shape of {shape} needs sh:name"
            assert shapes.value(prop_shape, SH.message) is not None, f"a property shape of {shape} needs sh:message"


CONFORMING = """
kjd:korea a kj:Country ; rdfs:label "Republic of Korea"@en , "대한민국"@ko .
kjd:japan a kj:Country ; rdfs:label "Japan"@en , "일본"@ko , "日本"@ja .
kjd:tokyo a kj:City ; rdfs:label "Tokyo"@en , "도쿄"@ko , "東京"@ja ; kj:country kjd:japan .
kjd:lee a kj:Person ; rdfs:label "Lee Jae-myung"@en , "이재명"@ko ; kj:headOf kjd:korea .
kjd:ishiba a kj:Person ; rdfs:label "Ishiba Shigeru"@en , "이시바 시게루"@ko , "石破茂"@ja ; kj:headOf kjd:japan .
kjd:acme a kj:Company ; rdfs:label "Acme"@en , "애크미"@ko ; kj:country kjd:korea .
kjd:summit a kj:Summit ; rdfs:label "Korea–Japan summit"@en , "한일정상회담"@ko ;
    kj:participant kjd:lee , kjd:ishiba ; kj:location kjd:tokyo ;
    kj:date "2025-08-23"^^xsd:date ; kj:dateWording "지난 23일"@ko ; kj:duration "PT113M"^^xsd:duration .
kjd:deal a kj:Agreement ; rdfs:label "AI cooperation"@en , "AI 협력"@ko ;
    kj:party kjd:korea , kjd:japan ; kj:agreedAt kjd:summit ; kj:topic kjt:ai ; kj:status kjs:agreed .
kjd:listing a kj:StockListing ; rdfs:label "Acme listing"@en , "애크미 상장"@ko ; kj:lister kjd:acme ;
    kj:startDate "2026-01-01"^^xsd:date ; kj:endDate "2026-03-31"^^xsd:date .
kjd:fund a kj:InvestmentPackage ; rdfs:label "10 trillion yen"@en , "10조 엔"@ko ;
    kj:amount kjd:ten-trillion-yen ; kj:targetYear "2030"^^xsd:gYear .
kjd:ten-trillion-yen a kj:MonetaryAmount ; kj:value 10000000000000 ; kj:currency "JPY" ;
    kj:approximateEquivalent [ a kj:MonetaryAmount ; kj:value 95000000000000.0 ; kj:currency "KRW" ;
                               kj:approximate true ] .
kjd:rank a kj:Indicator ; rdfs:label "Japan's rank"@en , "일본 순위"@ko ; kj:measure kjm:rank ;
    kj:rank 9 ; kj:outOf 36 ; kj:unit kju:rank ; kj:refArea kjd:japan .
kjt:scheme a skos:ConceptScheme .
kjm:scheme a skos:ConceptScheme .
kju:scheme a skos:ConceptScheme .
kjs:scheme a skos:ConceptScheme .
kjt:ai a skos:Concept ; skos:prefLabel "AI"@en , "인공지능"@ko ; skos:definition "AI."@en ; skos:inScheme kjt:scheme .
kjm:rank a skos:Concept ; skos:prefLabel "rank"@en , "순위"@ko ; skos:definition "A rank."@en ; skos:inScheme kjm:scheme .
kju:rank a skos:Concept ; skos:prefLabel "rank"@en , "순위"@ko ; skos:definition "A rank."@en ; skos:inScheme kju:scheme .
kjs:agreed a skos:Concept ; skos:prefLabel "agreed"@en , "합의"@ko ; skos:definition "Agreed."@en ; skos:inScheme kjs:scheme .
src:doc a kj:SourceDocument ; dcterms:title "기사"@ko ; dcterms:date "2025-08-25"^^xsd:date ;
    kj:fileName "doc.txt" ; kj:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" .
src:doc-summit a kj:Assertion ; prov:wasDerivedFrom src:doc ; kj:status kjs:agreed ; kj:evidence src:doc-q1 .
src:doc-q1 a kj:Evidence ; kj:source src:doc ; kj:quote "합의했다"@ko ; kj:start 10 ; kj:end 14 .
"""


def test_conforming_data_passes(ontology, shapes):
    conforms, report = _validate(_turtle(CONFORMING), ontology, shapes)
    assert conforms, _results(report)


BROKEN = {
    "korean label missing": (
        'kjd:newco a kj:Company ; rdfs:label "New Co"@en .', RDFS.label, "Korean rdfs:label"),
    "two English labels": (
        'kjd:newco a kj:Company ; rdfs:label "New Co"@en , "NewCo"@en , "뉴코"@ko .', RDFS.label, "same language"),
    "impossible date": (
        'kjd:e a kj:Meeting ; kj:date "2025-13-45"^^xsd:date .', KJ.date, "kj:date"),
    "date out of range": (
        'kjd:e a kj:Meeting ; kj:date "1900-01-01"^^xsd:date .', KJ.date, "kj:date"),
    "month in startDate": (
        'kjd:e a kj:Meeting ; kj:startDate "2026-01"^^xsd:gYearMonth .', KJ.startDate, "kj:startDate"),
    "period backwards": (
        'kjd:e a kj:Meeting ; kj:startDate "2026-03-31"^^xsd:date ; kj:endDate "2026-01-01"^^xsd:date .',
        KJ.startDate, "after"),
    "two dates on an event": (
        'kjd:e a kj:Summit ; kj:date "2025-08-23"^^xsd:date , "2025-08-24"^^xsd:date .', KJ.date, "at most one"),
    "lower-case currency": (
        'kjd:m a kj:MonetaryAmount ; kj:value 3 ; kj:currency "jpy" .', KJ.currency, "ISO 4217"),
    "amount without number": (
        'kjd:m a kj:MonetaryAmount ; kj:currency "JPY" .', None, "needs a number"),
    "string as value": (
        'kjd:m a kj:MonetaryAmount ; kj:value "3" ; kj:currency "JPY" .', KJ.value, "xsd:decimal"),
    "unknown status": (
        'src:a a kj:Assertion ; kj:status kjs:rumoured .', KJ.status, "kj:status must be"),
    "assertion without evidence": (
        'src:a a kj:Assertion ; kj:status kjs:agreed .', KJ.evidence, "kj:evidence"),
    "expected agreement": (
        'kjd:x a kj:Agreement ; kj:status kjs:expected .', KJ.status, "kjs:agreed"),
    "expectation that is an agreement": (
        'kjd:x a kj:Expectation , kj:Agreement .', None, "never look like an agreement"),
    "person and organization": (
        'kjd:x a kj:Person , kj:Company .', None, "disjoint"),
    "negative offset": (
        'kjd:q a kj:Evidence ; kj:start -1 ; kj:end 4 .', KJ.start, "kj:start"),
    "end before start": (
        'kjd:q a kj:Evidence ; kj:start 9 ; kj:end 4 .', KJ.start, "smaller than kj:end"),
    "short hash": (
        'src:d a kj:SourceDocument ; kj:sha256 "abc" .', KJ.sha256, "64"),
    "rank beyond outOf": (
        'kjd:i a kj:Indicator ; kj:rank 40 ; kj:outOf 36 .', KJ.rank, "kj:outOf"),
    "topic from the wrong scheme": (
        'kjd:x kj:topic kjs:agreed .', KJ.topic, "kjt:scheme"),
    "literal participant": (
        'kjd:e a kj:Meeting ; kj:participant "Lee" .', KJ.participant, "actor"),
    "concept without Korean label": (
        'kjt:x a skos:Concept ; skos:prefLabel "x"@en ; skos:definition "x"@en ; skos:inScheme kjt:scheme .',
        SKOS.prefLabel, "Korean skos:prefLabel"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_data_is_caught(case, ontology, shapes):
    body, path, fragment = BROKEN[case]
    conforms, report = _validate(_turtle(CONFORMING + body), ontology, shapes)
    assert not conforms
    hits = [r for r in _results(report) if (path is None or r[1] == path) and fragment in r[2]]
    assert hits, f"{case}: expected a result on {path} mentioning {fragment!r}, got {_results(report)}"


def test_subclass_instance_is_targeted_once(ontology, shapes):
    """Inference makes a Company an Organization and an Actor; its missing label is still one problem."""
    data = _turtle(CONFORMING + 'kjd:acme2 a kj:Company ; rdfs:label "Acme Two"@en .')
    _, report = _validate(data, ontology, shapes)
    results = [r for r in _results(report) if r[0] == URIRef("https://w3id.org/kjus/id/acme2")]
    assert len(results) == 1 and results[0][1] == RDFS.label


def test_many_conforming_nodes_raise_no_false_alarm(ontology, shapes):
    """A few thousand triples of well-formed data give no violation (speed is the benchmark's job)."""
    body = CONFORMING + "".join(
        f'kjd:c{i} a kj:Company ; rdfs:label "C{i}"@en , "기업{i}"@ko ; kj:country kjd:korea .\n'
        f'kjd:m{i} a kj:Meeting ; rdfs:label "M{i}"@en , "회의{i}"@ko ; kj:participant kjd:c{i} , kjd:lee ;'
        f' kj:date "2025-08-{1 + i % 28:02d}"^^xsd:date ; kj:location kjd:tokyo .\n'
        for i in range(300)
    )
    data = _turtle(body)
    conforms, report = _validate(data, ontology, shapes)
    assert conforms, _results(report)[:5]


# --- the SKOS vocabularies (ontology/vocabularies.ttl, written alongside) -----------------------

@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    return Graph().parse(VOCABULARIES_TTL)


def test_vocabularies_pass_the_concept_shape(vocabularies, ontology, shapes):
    assert any(True for _ in vocabularies.subjects(RDF.type, SKOS.Concept))
    conforms, report = _validate(vocabularies, ontology, shapes)
    assert conforms, _results(report)


def test_vocabularies_define_the_statuses_the_shapes_allow(vocabularies, shapes):
    allowed = set()
    for lst in shapes.objects(None, SH["in"]):
        allowed |= {node for node in _rdf_list(shapes, lst) if str(node).startswith(str(KJS))}
    assert allowed == {KJS[s] for s in STATUSES}
    for status in sorted(allowed):
        assert (status, RDF.type, SKOS.Concept) in vocabularies, f"{status} is not defined"
        assert (status, SKOS.inScheme, KJS.scheme) in vocabularies


def _rdf_list(graph: Graph, head) -> list:
    items = []
    while head not in (None, RDF.nil):
        items.append(graph.value(head, RDF.first))
        head = graph.value(head, RDF.rest)
    return items

