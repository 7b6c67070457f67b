"""The SPARQL endpoint: a real Oxigraph server behind the front, queried with real clients."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import rdflib
import requests
from click.testing import CliRunner
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from graph.cli import main
from graph.paths import ROOT, exports_dir
from graph.query import list_queries, load_store, run_query
from graph.serve import start_endpoint
from graph.vocab import ONTOLOGY_GRAPH

from .system import chromium

pytestmark = pytest.mark.server

MINI = Path(__file__).parent / "data" / "sparql" / "mini.trig"
SUMMIT_GRAPH = "https://w3id.org/kjus/source/000_76483b81068cf569/summit"
PEOPLE = "SELECT ?who ?name WHERE { ?who a kj:Person ; rdfs:label ?name } ORDER BY ?who ?name"
LABELS = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }"
SR = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def endpoint():
    with start_endpoint(MINI, port=0, timeout=1, max_results=50) as running:
        yield running


@pytest.fixture(scope="module")
def store():
    return load_store(MINI)


def _wrapper(endpoint, query, fmt, method="GET"):
    client = SPARQLWrapper(endpoint.query_url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query()


def _api_rows(store, query):
    return [tuple(str(v) for v in row.values()) for row in run_query(store, query).rows]


# --------------------------------------------------------------------------- formats

@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json_agrees_with_the_python_api(endpoint, store, method):
    data = _wrapper(endpoint, PEOPLE, JSON, method).convert()
    got = [(b["who"]["value"], b["name"]["value"]) for b in data["results"]["bindings"]]
    assert got == _api_rows(store, PEOPLE) and len(got) == 5


def test_sparqlwrapper_xml_csv_tsv_agree_with_the_python_api(endpoint, store):
    expected = _api_rows(store, PEOPLE)
    doc = _wrapper(endpoint, PEOPLE, XML).convert()          # an xml.dom Document
    root = ET.fromstring(doc.toxml())
    rows = [tuple(b[0].text for b in r.findall(SR + "binding")) for r in root.iter(SR + "result")]
    assert rows == expected
    table = list(csv.reader(io.StringIO(_wrapper(endpoint, PEOPLE, CSV).convert().decode())))
    assert table[0] == ["who", "name"] and [tuple(r) for r in table[1:]] == expected
    tsv = list(csv.reader(io.StringIO(_wrapper(endpoint, PEOPLE, TSV).convert().decode()), delimiter="\t"))
    assert tsv[0] == ["?who", "?name"] and tsv[1][0] == f"<{expected[0][0]}>" and len(tsv) == 6


@pytest.mark.parametrize("accept,rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
    ("application/ld+json", "json-ld"), ("application/n-quads", "nquads"), ("application/trig", "trig")])
def test_construct_in_every_rdf_format_agrees_with_the_python_api(endpoint, store, accept, rdflib_format):
    answer = requests.post(endpoint.query_url, data=LABELS, timeout=10,
                           headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(accept)
    parsed = rdflib.Dataset() if rdflib_format in ("nquads", "trig") else rdflib.Graph()
    parsed.parse(data=answer.content, format=rdflib_format)
    got = rdflib.Graph()
    for item in (parsed.quads() if isinstance(parsed, rdflib.Dataset) else parsed):
        got.add(item[:3])
    expected = rdflib.Graph().parse(data=run_query(store, LABELS).serialize("ntriples"), format="nt")
    assert len(got) == len(expected) == 16 and isomorphic(got, expected)


def test_sparqlwrapper_construct_as_turtle(endpoint):
    graph = rdflib.Graph().parse(data=_wrapper(endpoint, LABELS, TURTLE).convert(), format="turtle")
    assert len(graph) == 16
    assert len(_wrapper(endpoint, LABELS, N3).convert()) > 0


def test_ask_and_form_post_and_default_accept(endpoint):
    answer = requests.post(endpoint.query_url, data={"query": "ASK { ?s a kj:Summit }"}, timeout=10)
    assert answer.status_code == 200 and answer.json() == {"head": {}, "boolean": True}
    answer = requests.get(endpoint.query_url, params={"query": "ASK { ?s a kj:Nothing }"},
                          headers={"Accept": "application/sparql-results+xml"}, timeout=10)
    assert ET.fromstring(answer.content).find(SR + "boolean").text == "false"


# --------------------------------------------------------------------------- datasets

def test_union_default_graph_named_graphs_from_and_protocol_graph_uris(endpoint):
    def count(query, **params):
        answer = requests.get(endpoint.query_url, params={"query": query, **params}, timeout=10)
        assert answer.status_code == 200, answer.text
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])

    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert count(everything) == 56
    assert count(f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}") == 9
    assert count(everything, **{"default-graph-uri": str(ONTOLOGY_GRAPH)}) == 9
    assert count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                 **{"named-graph-uri": SUMMIT_GRAPH}) == 16
    answer = requests.get(endpoint.query_url, timeout=10, params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { kjd:lee-jae-myung ?p ?o } }"})
    assert [b["g"]["value"] for b in answer.json()["results"]["bindings"]] == [SUMMIT_GRAPH]


# --------------------------------------------------------------------------- refusals and errors

@pytest.mark.hostile
def test_malformed_query_is_400_with_line_and_column(endpoint):
    answer = requests.get(endpoint.query_url, timeout=10,
                          params={"query": "SELECT ?s\nWHERE {\n  ?s ?p }"})
    assert answer.status_code == 400
    assert re.match(r"query: syntax error at line 3, column \d+", answer.text)
    with pytest.raises(QueryBadFormed):
        _wrapper(endpoint, "SELECT * WHERE { ?s ?p ", JSON)


@pytest.mark.hostile
def test_updates_are_refused_everywhere_and_change_nothing(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = requests.get(endpoint.query_url, params={"query": count}, timeout=10).json()
    attempts = [
        requests.post(endpoint.url + "update", data={"update": "DROP ALL"}, timeout=10),
        requests.post(endpoint.query_url, data={"update": "DROP ALL"}, timeout=10),
        requests.post(endpoint.query_url, data={"query": "DELETE WHERE { ?s ?p ?o }"}, timeout=10),
        requests.post(endpoint.query_url, data="INSERT DATA { kjd:x a kj:Person }", timeout=10,
                      headers={"Content-Type": "application/sparql-query"}),
        requests.put(endpoint.url + "store", data="", timeout=10),
    ]
    assert [a.status_code for a in attempts] == [403] * 5
    assert all("kjus is read-only" in a.text for a in attempts)
    client = SPARQLWrapper(endpoint.url + "update")
    client.setQuery("CLEAR ALL")
    client.setMethod("POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert requests.get(endpoint.query_url, params={"query": count}, timeout=10).json() == before


@pytest.mark.hostile
def test_service_is_refused_but_the_word_in_a_string_is_not(endpoint):
    refused = requests.get(endpoint.query_url, timeout=10, params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert refused.status_code == 403 and "--allow-service" in refused.text
    fine = requests.get(endpoint.query_url, timeout=10, params={
        "query": "SELECT ?s WHERE { ?s kj:summary ?t FILTER(CONTAINS(?t, 'SERVICE')) }"})
    assert fine.status_code == 200 and len(fine.json()["results"]["bindings"]) == 1


def test_service_works_when_explicitly_allowed(endpoint, store):
    query = (f"SELECT ?name WHERE {{ SERVICE <{endpoint.query_url}> "
             "{ kjd:lee-jae-myung rdfs:label ?name } } ORDER BY ?name")
    assert run_query(store, query, allow_service=True).rows == [{"name": "Lee Jae-myung"}, {"name": "이재명"}]


@pytest.mark.hostile
def test_result_cap_and_timeout(endpoint):
    over = requests.get(endpoint.query_url, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=10)
    assert over.status_code == 400 and "56 results, over the endpoint's cap of 50" in over.text
    over = requests.get(endpoint.query_url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                        headers={"Accept": "application/n-triples"}, timeout=10)
    assert over.status_code == 400 and "cap of 50" in over.text
    # 56**4 rows, hundreds of MiB of JSON: only the timeout can stop it before the byte cap (400)
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    answer = requests.get(endpoint.query_url, params={"query": slow}, timeout=30)
    assert answer.status_code == 503
    assert answer.text == ("the query ran longer than the endpoint's timeout of 1 s; add LIMIT or narrower "
                           "patterns, or restart kjus serve with a larger --timeout\n")
    # the endpoint and its engine are free again: the next query is answered
    fine = requests.get(endpoint.query_url, params={"query": "ASK { ?s a kj:Summit }"}, timeout=30,
                        headers={"Accept": "application/sparql-results+json"})
    assert fine.status_code == 200 and fine.json()["boolean"] is True


@pytest.mark.hostile
def test_protocol_errors(endpoint):
    wrong_type = requests.post(endpoint.query_url, data="ASK {}", timeout=10,
                               headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    huge = requests.post(endpoint.query_url, data="#" * (2 << 20), timeout=10,
                         headers={"Content-Type": "application/sparql-query"})
    assert huge.status_code == 413
    assert requests.get(endpoint.query_url, timeout=10).status_code == 400          # no query
    assert requests.get(endpoint.url + "nowhere", timeout=10).status_code == 404
    assert requests.delete(endpoint.query_url, timeout=10).status_code == 405
    two = requests.get(endpoint.query_url, params=[("query", "ASK {}"), ("query", "ASK {}")], timeout=10)
    assert two.status_code == 400


# --------------------------------------------------------------------------- the page

def test_query_page_is_offline_and_self_contained(endpoint):
    page = requests.get(endpoint.url, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert not re.search(r"(?:src|href)\s*=\s*[\"'](?:https?:)?//", page.text)
    assert not re.search(r"https?://", page.text)
    assert "<textarea" in page.text and 'fetch("query"' in page.text
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    listing = requests.get(endpoint.url + "queries", timeout=10).json()
    assert [q["name"] for q in listing] == [q.name for q in list_queries()]


@pytest.mark.browser
def test_query_page_runs_queries_in_a_real_browser_without_leaving_the_endpoint(endpoint):
    from playwright.sync_api import sync_playwright

    outside = []

    def route(request_route):
        if request_route.request.url.startswith(endpoint.url):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(),
                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.route("**/*", route)
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(endpoint.url)
            page.fill("#query", PEOPLE)
            page.click("#run")
            page.wait_for_selector("#result table")
            cells = page.locator("#result td").all_inner_texts()
            assert "石破茂 @ja" in cells and "이재명 @ko" in cells
            assert page.locator("#result tr").count() == 6
            page.fill("#query", "SELECT * WHERE {\n ?s ?p }")
            page.click("#run")
            page.wait_for_selector("#status:has-text('HTTP 400')")
            assert "syntax error at line 2" in page.inner_text("#error")
        finally:
            browser.close()
    assert outside == [] and errors == []


# --------------------------------------------------------------------------- kjus serve

def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_kjus_serve_prints_the_url_answers_and_stops_on_sigterm():
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", "0", "--data", str(MINI), "--quiet"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        first = process.stdout.readline()
        match = re.match(r"SPARQL endpoint: (http://127\.0\.0\.1:\d+/query)$", first.strip())
        assert match, first + process.stderr.read()
        engine = _children(process.pid)
        assert engine, "the Oxigraph server runs as a child process"
        answer = requests.get(match[1], params={"query": "ASK { ?s a kj:Summit }"}, timeout=10)
        assert answer.json()["boolean"] is True
        process.send_signal(signal.SIGTERM)
        assert process.wait(15) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in engine)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------- competency queries

@pytest.fixture(scope="module")
def built_nq(tmp_path_factory):
    """The build's N-Quads export (built into a temporary folder if exports/ has none)."""
    path = exports_dir() / "kjus.nq"
    if not path.exists():
        from graph.build import build
        out = tmp_path_factory.mktemp("exports")
        build(out)
        path = out / "kjus.nq"
    return path


def _canonical_rows(data: dict):
    if "boolean" in data:
        return data["boolean"]
    def term(t):
        return ("bnode",) if t["type"] == "bnode" else tuple(sorted(t.items()))
    return Counter(tuple(sorted((k, term(v)) for k, v in b.items())) for b in data["results"]["bindings"])


def test_every_competency_query_agrees_across_api_cli_and_endpoint(built_nq):
    queries = list_queries()
    assert queries, "graph/queries/ holds the competency queries"
    store = load_store(built_nq)
    runner = CliRunner()
    with start_endpoint(built_nq, port=0) as running:
        for named in queries:
            text = named.path.read_text(encoding="utf-8")
            api = run_query(store, text, name=named.name)
            cli = runner.invoke(main, ["query", named.name, "--format", "json", "--data", str(built_nq)])
            assert cli.exit_code == 0, f"{named.name}: {cli.output}"
            if api.form in ("SELECT", "ASK"):
                http = requests.post(running.query_url, data={"query": text}, timeout=60,
                                     headers={"Accept": "application/sparql-results+json"})
                assert http.status_code == 200, f"{named.name}: {http.text}"
                expected = _canonical_rows(json.loads(api.serialize("json")))
                assert _canonical_rows(json.loads(cli.stdout)) == expected, named.name
                assert _canonical_rows(http.json()) == expected, named.name
            else:
                http = requests.post(running.query_url, data={"query": text}, timeout=60,
                                     headers={"Accept": "application/n-triples"})
                assert http.status_code == 200, f"{named.name}: {http.text}"
                expected = rdflib.Graph().parse(data=api.serialize("ntriples"), format="nt")
                assert isomorphic(rdflib.Graph().parse(data=cli.stdout, format="json-ld"), expected), named.name
                assert isomorphic(rdflib.Graph().parse(data=http.text, format="nt"), expected), named.name
