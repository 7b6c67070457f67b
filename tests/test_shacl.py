"""The SPARQL-compiled shapes (graph.shacl) against two independent SHACL engines: pySHACL and rudof."""
from __future__ import annotations

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from graph.errors import ValidationError
from graph.infer import entailments, sub_terms
from graph.load import load_sources
from graph.paths import SHAPES_FILE
from graph.shacl import UnsupportedShape, compile_shapes, nonconforming
from graph.validate import check_shapes

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def flagged_by_compiled(data_ttl: str, shapes_ttl: str) -> set[str]:
    store = ox.Store()
    store.load(input=(PREFIXES + data_ttl).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:g"))
    subs: dict[str, dict[str, set[str]]] = {"subPropertyOf": {}, "subClassOf": {}}
    for relation, found in subs.items():
        for row in store.query(f"SELECT ?sub ?sup {{ ?sub <http://www.w3.org/2000/01/rdf-schema#{relation}>+ ?sup }}",
                               use_default_graph_as_union=True):
            found.setdefault(row["sup"].value, set()).add(row["sub"].value)
    walked = {f.value for f, _ in nonconforming(store, compile_shapes(PREFIXES + shapes_ttl, subs["subPropertyOf"]))}
    listed = {f.value for f, _ in nonconforming(store, compile_shapes(PREFIXES + shapes_ttl, subs["subPropertyOf"],
                                                                       subs["subClassOf"]))}
    assert walked == listed, "class membership by the subClassOf* path and by the listed sub-classes differ"
    return listed


def flagged_by_pyshacl(data_ttl: str, shapes_ttl: str) -> set[str]:
    data = Graph().parse(data=PREFIXES + data_ttl, format="turtle")
    shapes = Graph().parse(data=PREFIXES + shapes_ttl, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="rdfs")
    return {str(report.value(r, SH.focusNode)) for r in report.objects(None, SH.result)}   # top-level results


DATA = """
ex:C rdfs:subClassOf ex:Top . ex:D rdfs:subClassOf ex:Top .
ex:knows rdfs:subPropertyOf ex:related .
ex:a a ex:C ; ex:name "A"@en , "에이"@ko ; ex:age 30 ; ex:start "2020-01-01"^^xsd:date ;
     ex:end "2021-01-01"^^xsd:date ; ex:code "ABC" ; ex:knows ex:b ; ex:status ex:on ; ex:friend ex:b .
ex:b a ex:D ; ex:name "B"@en , "B2"@en ; ex:age "old" ; ex:start "2022-01-01"^^xsd:date ;
     ex:end "2021-01-01"^^xsd:date ; ex:code "abcd" ; ex:status ex:off ; ex:friend ex:a , ex:c ; ex:enemy ex:c .
ex:c a ex:C ; ex:age 200 ; ex:code "XYZ" ; ex:related ex:a ; ex:friend "text" ; ex:enemy ex:c .
ex:d a ex:Top ; ex:parent ex:a . ex:e ex:parent ex:d . ex:a ex:parent ex:e .
"""

CASES = {
    "class target through subclasses, minCount": "ex:S sh:targetClass ex:Top ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
    "minCount 2": "ex:S sh:targetClass ex:Top ; sh:property [ sh:path ex:name ; sh:minCount 2 ] .",
    "maxCount": "ex:S sh:targetClass ex:Top ; sh:property [ sh:path ex:friend ; sh:maxCount 1 ] .",
    "datatype": "ex:S sh:targetSubjectsOf ex:age ; sh:property [ sh:path ex:age ; sh:datatype xsd:integer ] .",
    "range": "ex:S sh:targetSubjectsOf ex:age ; sh:property [ sh:path ex:age ; sh:maxInclusive 150 ; "
             "sh:minExclusive 0 ] .",
    "pattern with flags": 'ex:S sh:targetSubjectsOf ex:code ; sh:property [ sh:path ex:code ; sh:pattern "^[a-z]{3}$" ; '
                          'sh:flags "i" ] .',
    "length": "ex:S sh:targetSubjectsOf ex:code ; sh:property [ sh:path ex:code ; sh:maxLength 3 ; sh:minLength 3 ] .",
    "languageIn": 'ex:S sh:targetSubjectsOf ex:name ; sh:property [ sh:path ex:name ; sh:languageIn ( "en" ) ] .',
    "uniqueLang": "ex:S sh:targetSubjectsOf ex:name ; sh:property [ sh:path ex:name ; sh:uniqueLang true ] .",
    "qualified": 'ex:S sh:targetClass ex:Top ; sh:property [ sh:path ex:name ; '
                 'sh:qualifiedValueShape [ sh:languageIn ( "ko" ) ] ; sh:qualifiedMinCount 1 ] .',
    "qualified max": 'ex:S sh:targetClass ex:Top ; sh:property [ sh:path ex:name ; '
                     'sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ; sh:qualifiedMaxCount 1 ] .',
    "in": "ex:S sh:targetSubjectsOf ex:status ; sh:property [ sh:path ex:status ; sh:in ( ex:on ex:maybe ) ] .",
    "hasValue on a property": "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:status ; sh:hasValue ex:on ] .",
    "class of values": "ex:S sh:targetSubjectsOf ex:friend ; sh:property [ sh:path ex:friend ; sh:class ex:C ] .",
    "nodeKind": "ex:S sh:targetSubjectsOf ex:friend ; sh:property [ sh:path ex:friend ; sh:nodeKind sh:IRI ] .",
    "lessThan": "ex:S sh:targetSubjectsOf ex:start ; sh:property [ sh:path ex:start ; sh:lessThan ex:end ] .",
    "lessThanOrEquals": "ex:S sh:targetSubjectsOf ex:start ; sh:property [ sh:path ex:start ; "
                        "sh:lessThanOrEquals ex:end ] .",
    "disjoint": "ex:S sh:targetSubjectsOf ex:enemy ; sh:property [ sh:path ex:enemy ; sh:disjoint ex:friend ] .",
    "equals": "ex:S sh:targetSubjectsOf ex:enemy ; sh:property [ sh:path ex:enemy ; sh:equals ex:friend ] .",
    "or of classes": "ex:S sh:targetSubjectsOf ex:friend ; sh:property [ sh:path ex:friend ; "
                     "sh:or ( [ sh:class ex:D ] [ sh:datatype xsd:string ] ) ] .",
    "xone": "ex:S sh:targetClass ex:Top ; sh:xone ( [ sh:class ex:C ] [ sh:property [ sh:path ex:age ; "
            "sh:minCount 1 ] ] ) .",
    "not": "ex:S sh:targetClass ex:Top ; sh:not [ sh:class ex:D ] .",
    "and with node": "ex:N sh:property [ sh:path ex:name ; sh:minCount 1 ] . "
                     "ex:S sh:targetClass ex:Top ; sh:and ( ex:N [ sh:property [ sh:path ex:age ; sh:minCount 1 ] ] ) .",
    "node on values": "ex:N sh:property [ sh:path ex:code ; sh:minCount 1 ] . "
                      "ex:S sh:targetSubjectsOf ex:friend ; sh:property [ sh:path ex:friend ; sh:node ex:N ] .",
    "sub-property counts for its super-property": "ex:S sh:targetClass ex:C ; "
                                                  "sh:property [ sh:path ex:related ; sh:minCount 1 ] .",
    "inverse path": "ex:S sh:targetClass ex:Top ; sh:property [ sh:path [ sh:inversePath ex:friend ] ; "
                    "sh:minCount 1 ] .",
    "sequence path": "ex:S sh:targetClass ex:Top ; sh:property [ sh:path ( ex:friend ex:friend ) ; sh:minCount 1 ] .",
    "alternative path": "ex:S sh:targetClass ex:Top ; sh:property [ sh:path [ sh:alternativePath "
                        "( ex:enemy ex:knows ) ] ; sh:minCount 1 ] .",
    "one or more": "ex:S sh:targetNode ex:d ; sh:property [ sh:path [ sh:oneOrMorePath ex:parent ] ; "
                   "sh:class ex:Top ] .",
    "targetObjectsOf": "ex:S sh:targetObjectsOf ex:friend ; sh:property [ sh:path ex:code ; sh:minCount 1 ] .",
    "implicit class target": "ex:C a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:code ; "
                             "sh:pattern \"^[A-Z]+$\" ] .",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_compiled_shapes_flag_what_pyshacl_flags(name):
    shapes = CASES[name]
    data = DATA
    expected = flagged_by_pyshacl(data, shapes)
    assert flagged_by_compiled(data, shapes) == expected


def test_the_cases_discriminate():
    """Most cases flag some nodes and leave others: a compiler answering "all" or "none" fails them."""
    mixed = [name for name, shapes in CASES.items() if 0 < len(flagged_by_pyshacl(DATA, shapes)) < 4]
    assert len(mixed) >= len(CASES) - 6


def test_unknown_construct_is_refused_with_the_shape_named():
    with pytest.raises(UnsupportedShape, match=r"urn:ex:S.*sh:closed"):
        compile_shapes(PREFIXES + "ex:S sh:targetClass ex:C ; sh:closed true .")


def test_validation_names_a_shapes_file_it_cannot_compile(tmp_path):
    bad = tmp_path / "shapes.ttl"
    bad.write_text(PREFIXES + "ex:S sh:targetClass ex:C ; sh:sparql [ sh:select \"SELECT $this {}\" ] .")
    with pytest.raises(ValidationError, match="shapes.ttl.*sh:sparql"):
        check_shapes(load_sources().store, bad)


# -- the project's own shapes on a corrupted copy of the curated graph ------------------------------------------

KJ, KJD, KJS = "https://w3id.org/kjus/ontology#", "https://w3id.org/kjus/id/", "https://w3id.org/kjus/status/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _corrupted():
    store = load_sources().store
    graph = next(q.graph_name for q in store.quads_for_pattern(ox.NamedNode(KJD + "korea"), None, None))
    n = ox.NamedNode
    broken = []

    def subject_of(cls):
        return sorted({q.subject for q in store.quads_for_pattern(None, n(PREFIXES_RDF + "type"), n(KJ + cls))},
                      key=str)[0]
    korean = [q for q in store.quads_for_pattern(n(KJD + "korea"), n(LABEL), None) if q.object.language == "ko"]
    for q in korean:
        store.remove(q)
    broken.append(KJD + "korea")
    agreement = subject_of("Agreement")
    store.add(ox.Quad(agreement, n(KJ + "status"), n(KJS + "nonsense"), graph))
    broken.append(agreement.value)
    company = subject_of("Company")
    store.add(ox.Quad(company, n(LABEL), ox.Literal("Second English", language="en"), graph))
    broken.append(company.value)
    thing = n(KJD + "test-event")
    store.add(ox.Quad(thing, n(PREFIXES_RDF + "type"), n(KJ + "Meeting"), graph))
    store.add(ox.Quad(thing, n(LABEL), ox.Literal("E", language="en"), graph))
    store.add(ox.Quad(thing, n(LABEL), ox.Literal("이", language="ko"), graph))
    store.add(ox.Quad(thing, n(KJ + "startDate"), ox.Literal("2024-05-02", datatype=n(XSD + "date")), graph))
    store.add(ox.Quad(thing, n(KJ + "endDate"), ox.Literal("2024-05-01", datatype=n(XSD + "date")), graph))
    store.add(ox.Quad(thing, n(KJ + "participant"), n(KJS + "agreed"), graph))
    broken.append(thing.value)
    return store, broken


PREFIXES_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _shape_data_nt(store) -> str:
    graphs = [g for g in store.named_graphs()]
    triples = {q.triple for g in graphs for q in store.quads_for_pattern(None, None, None, g)}
    triples.update(entailments(store))
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode()


def test_project_shapes_agree_with_pyshacl_and_rudof_on_a_corrupted_graph():
    store, broken = _corrupted()
    compiled = {f.value for f, _ in nonconforming(store, compile_shapes(SHAPES_FILE, *reversed(sub_terms(store))))}
    assert set(broken) <= compiled

    data = _shape_data_nt(store)
    _, report, _ = pyshacl.validate(Graph().parse(data=data, format="nt"),
                                    shacl_graph=Graph().parse(SHAPES_FILE, format="turtle"), inference="none")
    by_pyshacl = {str(report.value(r, SH.focusNode)) for r in report.objects(None, SH.result)
                  if isinstance(report.value(r, SH.focusNode), URIRef)}
    assert compiled == by_pyshacl

    import pyrudof  # a test dependency: the second SHACL engine
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data, format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(SHAPES_FILE.read_text(encoding="utf-8"))
    assert {str(r.focus_node).strip("<>") for r in rudof.validate_shacl().violations} <= compiled


def test_check_shapes_reports_messages_for_each_broken_node():
    store, broken = _corrupted()
    problems = check_shapes(store)
    assert {p.focus for p in problems} == set(broken)
    assert any("Korean" in p.message for p in problems if p.focus == KJD + "korea")
    assert any("startDate" in p.message for p in problems if p.focus == KJD + "test-event")
