"""SPARQL over pyoxigraph: the Python API and `kjus query`, on a small TriG dataset."""
from __future__ import annotations

import csv
import io
import json
import re
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph.cli import main
from graph.errors import QueryError
from graph.query import (
    QueryRefused, check_query, format_table, list_queries, load_store,
    load_store_from_string, resolve_query, run_query,
)
from graph.vocab import KJD, ONTOLOGY_GRAPH, sparql_prologue

MINI = Path(__file__).parent / "data" / "sparql" / "mini.trig"
SUMMIT_GRAPH = "https://w3id.org/kjus/source/000_76483b81068cf569/summit"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def store():
    return load_store(MINI)


def _count(store, where: str) -> int:
    return run_query(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows[0]["n"]


# --------------------------------------------------------------------------- answers

def test_default_graph_is_the_union_and_graph_reaches_named_graphs(store):
    ds = rdflib.Dataset()
    ds.parse(MINI, format="trig")
    assert _count(store, "?s ?p ?o") == len(ds) == 56
    rows = run_query(store, "SELECT ?g WHERE { GRAPH ?g { kjd:lee-jae-myung a kj:Person } }").rows
    assert rows == [{"g": SUMMIT_GRAPH}]


def test_from_gives_exactly_the_named_dataset(store):
    q = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert run_query(store, q).rows == [{"n": 9}]
    q = f"SELECT ?g FROM NAMED <{SUMMIT_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1"
    assert run_query(store, q).rows == [{"g": SUMMIT_GRAPH}]


def test_rows_are_plain_python_values(store):
    rows = run_query(store, """
        SELECT ?date ?n ?value ?missing WHERE {
          kjd:korea-japan-summit-2025 kj:date ?date .
          kjd:joint-ai-fund kj:numberOfProjects ?n ; kj:budget/kj:value ?value .
          OPTIONAL { kjd:joint-ai-fund kj:nothing ?missing } }""").rows
    import datetime
    from decimal import Decimal
    assert rows == [{"date": datetime.date(2025, 8, 23), "n": 3,
                     "value": Decimal("30000000"), "missing": None}]


def test_ask_construct_describe_and_limit(store):
    assert run_query(store, "ASK { ?x a kj:Summit }").boolean is True
    built = run_query(store, "CONSTRUCT { ?p a kj:Person } WHERE { ?e kj:participant ?p }")
    assert built.form == "CONSTRUCT" and len(built.triples) == 2
    described = run_query(store, "DESCRIBE kjd:joint-ai-fund")
    assert described.form == "DESCRIBE" and len(described.triples) >= 5
    limited = run_query(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", limit=4)
    assert len(limited.rows) == 4 and limited.truncated
    assert not run_query(store, "SELECT ?s WHERE { ?s a kj:Summit }", limit=4).truncated


def test_table_aligns_korean_and_japanese_as_double_width(store):
    from graph.query import _width
    table = format_table(run_query(store, "SELECT ?who ?name WHERE { ?who a kj:Person ; rdfs:label ?name } ORDER BY ?who ?name"))
    lines = table.splitlines()
    assert "石破茂@ja" in table and "이재명@ko" in table and lines[-1] == "(5 rows)"
    bars = {_width(line[:line.index("|")]) for line in lines[:-1] if "|" in line}
    assert len(bars) == 1, table           # every row's separator at the same screen column
    assert "kjd:lee-jae-myung" in table    # IRIs shortened with the project prefixes


# --------------------------------------------------------------------------- formats

def test_select_serializations_parse_with_real_parsers(store):
    result = run_query(store, "SELECT ?who ?name WHERE { ?who a kj:Person ; rdfs:label ?name } ORDER BY ?who ?name")
    expected = [(r["who"], r["name"]) for r in result.rows]
    data = json.loads(result.serialize("json"))
    assert [(b["who"]["value"], b["name"]["value"]) for b in data["results"]["bindings"]] == expected
    assert {b["name"].get("xml:lang") for b in data["results"]["bindings"]} == {"en", "ko", "ja"}
    root = ET.fromstring(result.serialize("xml"))
    names = [el.text for el in root.iter(SPARQL_RESULTS + "literal")]
    assert names == [n for _, n in expected]
    rows = list(csv.reader(io.StringIO(result.serialize("csv"))))
    assert rows[0] == ["who", "name"] and [tuple(r) for r in rows[1:]] == expected
    tsv = list(csv.reader(io.StringIO(result.serialize("tsv")), delimiter="\t"))
    assert tsv[0] == ["?who", "?name"] and tsv[1][0] == f"<{expected[0][0]}>"


def test_ask_serializes_to_the_boolean_formats(store):
    result = run_query(store, "ASK { ?x a kj:Summit }")
    assert json.loads(result.serialize("json"))["boolean"] is True
    assert ET.fromstring(result.serialize("xml")).find(SPARQL_RESULTS + "boolean").text == "true"


@pytest.mark.parametrize("fmt,rdflib_format", [
    ("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"), ("xml", "xml"), ("trig", "trig")])
def test_construct_serializations_round_trip_through_rdflib(store, fmt, rdflib_format):
    result = run_query(store, "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    expected = rdflib.Graph()
    for quad in rdflib.Dataset().parse(MINI, format="trig").quads():
        expected.add(quad[:3])
    parsed = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    parsed.parse(data=result.serialize(fmt), format=rdflib_format)
    got = rdflib.Graph()
    for triple in parsed.triples((None, None, None)) if fmt != "trig" else (q[:3] for q in parsed.quads()):
        got.add(triple)
    assert isomorphic(got, expected)


def test_turtle_output_is_deterministic_and_declares_only_used_prefixes(store):
    q = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kj:Person ; rdfs:label ?l }"
    first = run_query(store, q).serialize("turtle")
    assert first == run_query(load_store(MINI), q).serialize("turtle")
    assert re.findall(r"^@prefix (\w+):", first, re.M) == ["kjd", "rdfs"]


def test_unknown_format_names_the_choices(store):
    with pytest.raises(QueryError, match="use one of json, xml, csv, tsv"):
        run_query(store, "SELECT * WHERE { ?s ?p ?o }").serialize("turtle")


# --------------------------------------------------------------------------- read-only

@pytest.mark.hostile
@pytest.mark.parametrize("update", [
    "INSERT DATA { kjd:x a kj:Person }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/>\nDROP ALL",
    "# a comment\nCLEAR GRAPH <https://w3id.org/kjus/ontology>",
    "LOAD <http://example.org/data.ttl>",
    "WITH <https://w3id.org/kjus/ontology> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CREATE GRAPH <http://example.org/g> ; DROP GRAPH <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
    "SELECT * WHERE { ?s ?p ?o } ;\nDROP ALL",
])
def test_updates_are_refused_and_change_nothing(store, update):
    before = _count(store, "GRAPH ?g { ?s ?p ?o }")
    with pytest.raises(QueryRefused, match="updates are refused; kjus is read-only"):
        run_query(store, update)
    assert _count(store, "GRAPH ?g { ?s ?p ?o }") == before


@pytest.mark.hostile
def test_service_is_refused_unless_allowed():
    with pytest.raises(QueryRefused, match=r"SERVICE .* line 2, column 3 .* --allow-service"):
        check_query("SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryRefused):
        check_query("ask { service silent <http://example.org/sparql> { ?s ?p ?o } }")
    assert check_query("SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
                       allow_service=True).form == "SELECT"


@pytest.mark.hostile
@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s kj:summary ?text FILTER(CONTAINS(?text, 'SERVICE')) }",
    'SELECT * WHERE { ?s kj:summary """a long SERVICE\nstring""" }',
    "SELECT ?service WHERE { ?service ?p ?o } # SERVICE in a comment",
    "SELECT * WHERE { <http://example.org/SERVICE> ?p ?o }",
    "SELECT * WHERE { ?s kj:summary \"INSERT DATA { ?s ?p ?o }\" }",
])
def test_the_words_service_and_insert_inside_strings_iris_variables_and_comments_are_fine(store, query):
    assert check_query(query).form == "SELECT"
    run_query(store, query)


def test_a_literal_containing_service_is_found_not_refused(store):
    rows = run_query(store, "SELECT ?s WHERE { ?s kj:summary ?t FILTER(CONTAINS(?t, \"SERVICE\")) }").rows
    assert rows == [{"s": str(KJD["joint-ai-fund"])}]


# --------------------------------------------------------------------------- errors

@pytest.mark.hostile
def test_syntax_error_names_the_users_line_and_column_not_the_prologue():
    query = "SELECT ?s\nWHERE {\n  ?s kj:participant ?o .\n  FILTER(?o = ) }"
    with pytest.raises(QueryError) as info:
        check_query(query)
    message = str(info.value)
    assert message.startswith("query: syntax error at line 4, column ")
    assert "near" in message
    assert sparql_prologue().count("\n") > 4     # the prologue is not counted


@pytest.mark.hostile
def test_unknown_prefix_is_named():
    with pytest.raises(QueryError, match=r"line 2, .*unknown prefix 'foaff:'"):
        check_query("SELECT * WHERE {\n ?s foaff:name ?n }")


@pytest.mark.hostile
def test_unterminated_query_says_it_ends_too_early():
    with pytest.raises(QueryError, match="ends too early"):
        check_query("SELECT * WHERE { ?s ?p ?o ")


def test_timeout_stops_a_runaway_query():
    store = load_store_from_string("\n".join(f"kjd:n{i} kj:rank {i} ." for i in range(3000)), "ttl")
    runaway = "SELECT * WHERE { ?a kj:rank ?x . ?b kj:rank ?y }"      # 9,000,000 rows
    # the query itself is fine: with a limit it answers
    assert len(run_query(store, runaway, limit=5).rows) == 5
    # without the timeout it would end with "more than 1,000,000 results" once the worker had
    # collected a million rows; only a timeout that fires first gives this error
    with pytest.raises(QueryError) as info:
        run_query(store, runaway, timeout=0.3)
    assert type(info.value) is QueryError
    assert str(info.value) == ("query: timed out after 0.3 s; add LIMIT or narrower patterns, "
                               "or raise --timeout")
    # the cancelled worker stops, and the store answers the next query
    for worker in [t for t in threading.enumerate() if t.name == "kjus-query"]:
        worker.join()
    assert run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a kj:rank ?x }").rows == [{"n": 3000}]


def test_missing_export_says_to_build(tmp_path):
    with pytest.raises(QueryError, match="run `kjus build` first"):
        load_store(tmp_path / "kjus.nq")


def test_data_folder_loads_every_rdf_file_and_keeps_named_graphs(tmp_path):
    (tmp_path / "a.trig").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.ttl").write_text("<http://example.org/x> <http://example.org/y> 1 .")
    (tmp_path / "notes.txt").write_text("not RDF")
    store = load_store(tmp_path)
    assert _count(store, "?s ?p ?o") == 57
    assert run_query(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows == [{"n": 5}]


@pytest.mark.hostile
def test_broken_rdf_names_the_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/x> <http://example.org/y> .")
    with pytest.raises(QueryError.__mro__[1], match="bad.ttl"):
        load_store(bad)


def test_named_queries_list_their_question_and_unknown_names_get_suggestions(tmp_path):
    (tmp_path / "summit-participants.rq").write_text(
        "# Question: Who took part in the summit?\n# 누가 정상회담에 참석했나?\n"
        "SELECT ?who WHERE { ?e a kj:Summit ; kj:participant ?who }\n", encoding="utf-8")
    (tmp_path / "funds.rq").write_text("# Question: Which funds?\nSELECT * {}\n", encoding="utf-8")
    assert [(q.name, q.question) for q in list_queries(tmp_path)] == [
        ("funds", "Which funds?"),
        ("summit-participants", "Who took part in the summit? 누가 정상회담에 참석했나?")]
    label, text = resolve_query("summit-participants", tmp_path)
    assert label == "summit-participants" and "kj:Summit" in text
    with pytest.raises(QueryError, match="did you mean summit-participants"):
        resolve_query("summit-participant", tmp_path)


def test_to_dataframe_or_a_clear_message(store):
    result = run_query(store, "SELECT ?who WHERE { ?who a kj:Person } ORDER BY ?who")
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(QueryError, match="pip install pandas"):
            result.to_dataframe()
    else:
        frame = result.to_dataframe()
        assert list(frame.columns) == ["who"] and len(frame) == 2


# --------------------------------------------------------------------------- CLI

def _kjus(*args):
    return CliRunner().invoke(main, ["query", "--data", str(MINI), *args])


def test_cli_table_csv_and_construct():
    result = _kjus("SELECT ?who WHERE { ?e a kj:Summit ; kj:participant ?who } ORDER BY ?who")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2:4] == ["kjd:ishiba-shigeru", "kjd:lee-jae-myung"]
    result = _kjus("SELECT ?who WHERE { ?e a kj:Summit ; kj:participant ?who } ORDER BY ?who", "--format", "csv")
    assert list(csv.reader(io.StringIO(result.output)))[1] == [str(KJD["ishiba-shigeru"])]
    result = _kjus("CONSTRUCT WHERE { ?e a kj:Summit }", "--format", "ntriples")
    assert len(rdflib.Graph().parse(data=result.output, format="nt")) == 1


def test_cli_runs_a_query_file_and_limits(tmp_path):
    path = tmp_path / "people.rq"
    path.write_text("SELECT ?p WHERE { ?p a kj:Person }\n", encoding="utf-8")
    result = _kjus(str(path), "--format", "json", "--limit", "1")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["results"]["bindings"]) == 1


@pytest.mark.hostile
@pytest.mark.parametrize("query,message", [
    ("DROP ALL", "Error: query: updates are refused; kjus is read-only"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "Error: query: SERVICE (federated query)"),
    ("SELECT * WHERE {\n ?s ?p }", "Error: query: syntax error at line 2"),
    ("no-such-query", "Error: unknown query 'no-such-query'"),
])
def test_cli_errors_are_one_line_and_exit_1(query, message):
    result = _kjus(query)
    assert result.exit_code == 1
    assert result.output.startswith(message) and "Traceback" not in result.output


def test_cli_list_shows_names_and_questions():
    result = CliRunner().invoke(main, ["query", "--list", "--format", "json"])
    assert result.exit_code == 0
    assert [row["name"] for row in json.loads(result.output)] == [q.name for q in list_queries()]
