"""The project's prefix table, as plain strings.

Kept free of rdflib so that code on the query path (``kjus query``, the endpoint)
starts without importing it; :mod:`graph.vocab` builds its namespaces from this
table.

Examples
--------
>>> PREFIXES["kjd"]
'https://w3id.org/kjus/id/'
"""
from __future__ import annotations

__all__ = ["PREFIXES", "XSD", "curie", "sparql_prologue"]

XSD = "http://www.w3.org/2001/XMLSchema#"

#: Prefixes bound in every graph we write and predeclared in every query.
PREFIXES: dict[str, str] = {
    "kj": "https://w3id.org/kjus/ontology#",
    "kjd": "https://w3id.org/kjus/id/",
    "kjt": "https://w3id.org/kjus/topic/",
    "kjs": "https://w3id.org/kjus/status/",
    "kjm": "https://w3id.org/kjus/measure/",
    "kju": "https://w3id.org/kjus/unit/",
    "src": "https://w3id.org/kjus/source/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def curie(iri: str) -> str:
    """Shorten ``iri`` with the first matching prefix of :data:`PREFIXES` (unchanged if none).

    Examples
    --------
    >>> curie("https://w3id.org/kjus/id/kosa")
    'kjd:kosa'
    >>> curie("urn:x")
    'urn:x'
    """
    iri = str(iri)
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def sparql_prologue() -> str:
    """Return the ``PREFIX`` lines predeclared in front of every user query.

    Examples
    --------
    >>> "PREFIX kj: <https://w3id.org/kjus/ontology#>" in sparql_prologue()
    True
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
