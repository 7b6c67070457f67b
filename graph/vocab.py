"""Every vocabulary the toolkit speaks, in one place.

``KJ`` is the project ontology as a closed :class:`rdflib.namespace.DefinedNamespace`:
a misspelt term (``KJ.particpant``) raises ``AttributeError`` at import time of the
calling code instead of silently minting a new IRI.  ``tests/test_model.py`` checks
that this class and ``ontology/kjus.ttl`` declare exactly the same terms.

Examples
--------
>>> from graph.vocab import KJ, KJD
>>> KJ.participant
rdflib.term.URIRef('https://w3id.org/kjus/ontology#participant')
>>> KJD["lee-jae-myung"]
rdflib.term.URIRef('https://w3id.org/kjus/id/lee-jae-myung')
"""
from __future__ import annotations

from rdflib import Namespace, URIRef

from .prefixes import PREFIXES, curie, sparql_prologue
from rdflib.namespace import (
    DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, XSD,
    DefinedNamespace,
)

__all__ = [
    "KJ", "KJD", "KJT", "KJS", "KJM", "KJU", "SRC", "OA", "SCHEMA",
    "ONTOLOGY_GRAPH", "VOCABULARY_GRAPH", "INFERRED_GRAPH", "TRANSITIONS_GRAPH", "MODEL_GRAPHS", "PREFIXES", "curie", "sparql_prologue",
]

ONTOLOGY_IRI = "https://w3id.org/kjus/ontology"


class KJ(DefinedNamespace):
    """The KJUS ontology (``ontology/kjus.ttl``)."""

    _NS = Namespace(PREFIXES["kj"])
    _fail = True

    # --- actors -----------------------------------------------------------
    Actor: URIRef
    Person: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    Legislature: URIRef
    Company: URIRef
    IndustryAssociation: URIRef
    ResearchFunder: URIRef
    ResearchInstitute: URIRef
    University: URIRef
    InternationalForum: URIRef
    Council: URIRef
    AnonymousSource: URIRef
    # --- places -----------------------------------------------------------
    Place: URIRef
    Country: URIRef
    City: URIRef
    Region: URIRef
    Venue: URIRef
    # --- events -----------------------------------------------------------
    Event: URIRef
    Meeting: URIRef
    Summit: URIRef
    Visit: URIRef
    LaunchCeremony: URIRef
    LegislativeVote: URIRef
    Announcement: URIRef
    StockListing: URIRef
    SubsidiaryOpening: URIRef
    CallForProposals: URIRef
    # --- agreements, programs, policies, documents -------------------------
    Agreement: URIRef
    Program: URIRef
    ResearchProgram: URIRef
    Initiative: URIRef
    Fund: URIRef
    Policy: URIRef
    Law: URIRef
    Strategy: URIRef
    ExecutiveOrder: URIRef
    InvestmentPackage: URIRef
    Report: URIRef
    Index: URIRef
    Product: URIRef
    MonetaryAmount: URIRef
    # --- figures and statements ---------------------------------------------
    Indicator: URIRef
    Forecast: URIRef
    Statement: URIRef
    Claim: URIRef
    Expectation: URIRef
    Concern: URIRef
    # --- provenance ---------------------------------------------------------
    SourceDocument: URIRef
    Assertion: URIRef
    Evidence: URIRef
    # --- across sources: curated resolutions, derived status transitions -----
    Resolution: URIRef
    StatusTransition: URIRef

    # --- object properties --------------------------------------------------
    country: URIRef
    location: URIRef
    participant: URIRef
    organizer: URIRef
    visited: URIRef
    subEventOf: URIRef
    party: URIRef
    topic: URIRef
    agreedAt: URIRef
    outcome: URIRef
    funder: URIRef
    partOfProgram: URIRef
    member: URIRef
    convenedBy: URIRef
    launchedAt: URIRef
    issuedBy: URIRef
    publisher: URIRef
    developer: URIRef
    subsidiaryOf: URIRef
    headOf: URIRef
    memberOfGovernment: URIRef
    affiliation: URIRef
    lister: URIRef
    exchange: URIRef
    budget: URIRef
    fundingPerTeam: URIRef
    recipient: URIRef
    amount: URIRef
    approximateEquivalent: URIRef
    measure: URIRef
    unit: URIRef
    refArea: URIRef
    measuredBy: URIRef
    reportedIn: URIRef
    voicedBy: URIRef
    about: URIRef
    concerns: URIRef
    status: URIRef
    evidence: URIRef
    source: URIRef
    resolves: URIRef
    disputedProperty: URIRef
    adoptedReading: URIRef
    rejectedReading: URIRef
    transitionOf: URIRef
    fromStatus: URIRef
    toStatus: URIRef
    fromAssertion: URIRef
    toAssertion: URIRef
    # --- datatype properties ------------------------------------------------
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    dateWording: URIRef
    targetYear: URIRef
    duration: URIRef
    numberOfProjects: URIRef
    memberCount: URIRef
    value: URIRef
    maxValue: URIRef
    minValue: URIRef
    currency: URIRef
    approximate: URIRef
    rank: URIRef
    outOf: URIRef
    summary: URIRef
    role: URIRef
    quote: URIRef
    start: URIRef
    end: URIRef
    fileName: URIRef
    sha256: URIRef
    reason: URIRef
    # --- machine drafts (kjus ingest) ----------------------------------------
    draft: URIRef
    cue: URIRef
    machineNote: URIRef
    proposedEntity: URIRef


KJD = Namespace(PREFIXES["kjd"])
KJT = Namespace(PREFIXES["kjt"])
KJS = Namespace(PREFIXES["kjs"])
KJM = Namespace(PREFIXES["kjm"])
KJU = Namespace(PREFIXES["kju"])
SRC = Namespace(PREFIXES["src"])
OA = Namespace(PREFIXES["oa"])
SCHEMA = SDO

ONTOLOGY_GRAPH = URIRef(ONTOLOGY_IRI)
VOCABULARY_GRAPH = URIRef("https://w3id.org/kjus/vocabularies")
#: Where the build exports the RDFS entailments into standard vocabularies.
INFERRED_GRAPH = URIRef("https://w3id.org/kjus/inferred")
#: Where the build puts the status transitions it derives across sources (``kj:StatusTransition``).
TRANSITIONS_GRAPH = URIRef("https://w3id.org/kjus/transitions")
#: Model file name -> the named graph it is loaded into.
MODEL_GRAPHS = {"kjus.ttl": ONTOLOGY_GRAPH, "vocabularies.ttl": VOCABULARY_GRAPH}

# The prefix table itself lives in graph.prefixes (no rdflib import, so `kjus query` starts
# fast); tests/test_vocab.py keeps it equal to rdflib's namespaces.
