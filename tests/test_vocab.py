"""The rdflib-free prefix table agrees with rdflib's namespaces and ours."""
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, XSD

from graph.prefixes import PREFIXES
from graph.vocab import KJ, KJD, KJM, KJS, KJT, KJU, OA, SRC


def test_prefix_table_matches_the_namespaces():
    expected = {"kj": KJ._NS, "kjd": KJD, "kjt": KJT, "kjs": KJS, "kjm": KJM, "kju": KJU, "src": SRC,
                "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS, "prov": PROV,
                "schema": SDO, "foaf": FOAF, "org": ORG, "time": TIME, "oa": OA, "sh": SH}
    assert PREFIXES == {k: str(v) for k, v in expected.items()}


def test_query_path_does_not_import_rdflib():
    import subprocess
    import sys
    code = "import sys, graph.query; print('rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
