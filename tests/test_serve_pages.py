"""Linked data from a real ``kjus serve``: content negotiation for every format, the site's pages, 404 and 406.

The server runs as the command a user types (``python -m graph serve --port 0``) over the
fixture of :mod:`tests.test_site`, written as N-Quads with its source text beside it.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest
import rdflib
import requests
from rdflib.compare import isomorphic

from graph.render.site import describe

from .system import kjus_serve
from .test_site import DOC, KJD, XSS_IMG, site_store, site_nquads

pytestmark = pytest.mark.server

#: Accept header → (extension of the document, its media type, rdflib parser or None for HTML).
FORMATS = {
    "text/html": ("html", "text/html", None),
    "text/turtle": ("ttl", "text/turtle", "turtle"),
    "application/n-triples": ("nt", "application/n-triples", "nt"),
    "application/ld+json": ("jsonld", "application/ld+json", "json-ld"),
    "application/rdf+xml": ("rdf", "application/rdf+xml", "xml"),
}
CHROME_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
                 "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``kjus serve`` over the fixture: its base URL (``http://127.0.0.1:PORT/``)."""
    with kjus_serve(site_nquads(tmp_path_factory.mktemp("served"))) as url:
        yield url


@pytest.fixture(scope="module")
def store():
    return site_store()


def _get(url, accept=None, **kw):
    return requests.get(url, headers={"Accept": accept} if accept else {}, allow_redirects=False, timeout=15, **kw)


@pytest.mark.parametrize("accept", list(FORMATS))
def test_an_entity_iri_answers_303_to_the_document_in_the_format_asked(server, store, accept):
    ext, media, parser = FORMATS[accept]
    answer = _get(server + "id/site-agreement", accept)
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/id/site-agreement.{ext}"
    assert answer.headers["Vary"] == "Accept"
    document = _get(server + answer.headers["Location"].lstrip("/"))
    assert document.status_code == 200 and document.headers["Content-Type"].startswith(media)
    if parser is None:
        assert "<h1>Korea–Japan AI agreement</h1>" in document.text and "한일 AI 협력 합의" in document.text
        return
    got = rdflib.Graph().parse(data=document.content, format=parser)
    expected = rdflib.Graph().parse(data=describe(store, KJD + "site-agreement", "nt"), format="nt")
    assert len(got) > 20 and isomorphic(got, expected)


@pytest.mark.parametrize("ext", ["html", "ttl", "nt", "jsonld", "rdf"])
def test_a_file_extension_gives_that_format_whatever_the_accept_header(server, ext):
    answer = _get(server + f"id/site-korea.{ext}", "application/rdf+xml" if ext == "html" else "text/html")
    media = {v[0]: v[1] for v in FORMATS.values()}[ext]
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(media)
    assert "South Korea" in answer.text


@pytest.mark.parametrize("accept,ext", [
    (CHROME_ACCEPT, "html"), (None, "html"), ("*/*", "html"),
    ("application/rdf+xml;q=0.5, text/turtle", "ttl"), ("text/html;q=0.1, application/ld+json", "jsonld"),
    ("text/*", "html"), ("application/n-triples, text/turtle;q=0.8", "nt")])
def test_accept_headers_are_weighed_by_their_q_values(server, accept, ext):
    answer = _get(server + "id/site-summit", accept)
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f".{ext}")


def test_no_acceptable_format_is_406(server):
    answer = _get(server + "id/site-summit", "image/png")
    assert answer.status_code == 406 and "text/turtle" in answer.text and answer.headers["Vary"] == "Accept"


@pytest.mark.parametrize("path,html_location,turtle_location", [
    ("source/site_0001", "/source/site_0001.html", "/source/site_0001.ttl"),
    ("source/site_0001/plan", "/source/site_0001.html#s-plan", "/source/site_0001/plan.ttl"),
    ("source/site_0001/concern-q1", "/source/site_0001.html#q-concern-q1", "/source/site_0001/concern-q1.ttl"),
    ("status/agreed", "/status/agreed.html", "/status/agreed.ttl"),
    ("topic/ai", "/topic/ai.html", "/topic/ai.ttl"),
    ("ontology", "/ontology.html", "/ontology.ttl"),
    (quote("id/한국-기관"), "/" + quote("id/한국-기관") + ".html", "/" + quote("id/한국-기관") + ".ttl"),
    ("id/a%2Fb", "/id/a%25252Fb.html", "/id/a%25252Fb.ttl"),
])
def test_sources_statements_statuses_topics_and_the_ontology_negotiate_too(server, path, html_location,
                                                                          turtle_location):
    page = _get(server + path, "text/html")
    assert page.status_code == 303 and page.headers["Location"] == html_location
    data = _get(server + path, "text/turtle")
    assert data.status_code == 303 and data.headers["Location"] == turtle_location
    document = _get(server + html_location.lstrip("/").split("#")[0])
    assert document.status_code == 200 and document.headers["Content-Type"].startswith("text/html")
    fragment = html_location.partition("#")[2]
    if fragment:
        assert f'id="{fragment}"' in document.text
    turtle = _get(server + turtle_location.lstrip("/"))
    assert turtle.status_code == 200 and len(rdflib.Graph().parse(data=turtle.content, format="turtle")) > 0


def test_the_ontology_document_holds_the_ontology(server):
    got = rdflib.Graph().parse(data=_get(server + "ontology.ttl").content, format="turtle")
    person = rdflib.URIRef("https://w3id.org/kjus/ontology#Person")
    assert (person, rdflib.RDF.type, rdflib.OWL.Class) in got
    page = _get(server + "ontology.html").text
    assert 'id="Person"' in page and "인물" in page


def test_an_unknown_iri_is_a_404_page_for_people_and_a_404_line_for_machines(server):
    page = _get(server + "id/nobody", CHROME_ACCEPT)
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html")
    assert "Not found" in page.text and "id/nobody" in page.text and 'href="../index.html"' in page.text
    data = _get(server + "id/nobody", "text/turtle")
    assert data.status_code == 404 and data.text == "nothing in the graph is called https://w3id.org/kjus/id/nobody\n"
    for path in ("id/nobody.html", "type/Nothing.html", "timeline/99.html", "source/site_0001/nothing"):
        assert _get(server + path, "text/html").status_code == 404, path
    assert _get(server + "nowhere").status_code == 404          # outside the site: the endpoint's own 404
    assert _get(server + "id/../query").status_code in (400, 404)


def test_pages_come_with_a_strict_content_security_policy_and_escaped_labels(server):
    answer = _get(server + "id/site-xss.html")
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "default-src 'none'" in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert XSS_IMG not in answer.text and "&lt;img src=x onerror=alert(1)&gt;" in answer.text


def test_the_site_is_served_whole(server):
    for path, needle in [("index.html", "By type"), ("timeline.html", "2030"), ("sources.html", "site_0001"),
                         ("type/Company.html", "A slash B Corp"), ("country/KR.html", "Korean agency"),
                         ("assets/site.js", "kjusSite"), ("assets/search-index.js", "KJUS_SEARCH"),
                         ("source/site_0001.html", "업계는 &lt;img")]:
        answer = _get(server + path)
        assert answer.status_code == 200 and needle in answer.text, path
    query_page = _get(server + "sparql.html")
    assert query_page.status_code == 200 and 'fetch("query"' in query_page.text
    assert 'get("query")' in query_page.text


def test_head_and_the_sparql_endpoint_are_unchanged(server):
    head = requests.head(server + "id/site-agreement", headers={"Accept": "text/turtle"}, timeout=15,
                         allow_redirects=False)
    assert head.status_code == 303 and head.headers["Location"] == "/id/site-agreement.ttl" and head.content == b""
    answer = requests.get(server + "query", params={"query": "ASK { kjd:site-agreement a kj:Agreement }"}, timeout=15)
    assert answer.json()["boolean"] is True
    assert requests.put(server + "id/site-agreement", data="", timeout=15).status_code == 405
    assert requests.post(server + "update", data={"update": "DROP ALL"}, timeout=15).status_code == 403
    assert _get(server + "source/" + DOC.rsplit("/", 1)[1]).status_code == 303
