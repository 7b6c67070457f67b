"""`kjus push` into a real Virtuoso Open-Source 7 (Debian's ``virtuoso-opensource``), read back and compared.

The fixture starts Virtuoso on loopback in a temporary folder with its own
``virtuoso.ini`` (free HTTP and ISQL ports, small memory), sets the ``dba``
password with ``isql-vt``, and stops it (SIGTERM: Virtuoso's quick shutdown) at
the end.  Pushes go through Virtuoso's authenticated endpoints with HTTP Digest:
the Graph Store at ``/sparql-graph-crud-auth`` and SPARQL Update at ``/sparql-auth``.
Every named graph is read back with ``CONSTRUCT`` on the anonymous ``/sparql`` and
compared, blank nodes included (RDFC-1.0 canonical form), with what was pushed.  Numbers
are compared by value: Virtuoso writes ``"6.0"^^xsd:decimal`` back as ``"6"``
(see README, "Pushing to Virtuoso"); everything else must come back term for term.
"""
from __future__ import annotations

import secrets
import shutil
import signal
import socket
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from requests.auth import HTTPDigestAuth

from graph.cli import main
from graph.errors import ExportError
from graph.push import VIRTUOSO_BATCH, VIRTUOSO_BLANK_BATCH, push_dataset
from graph.vocab import XSD
from . import system

pytestmark = [pytest.mark.virtuoso, pytest.mark.server]

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "exports" / "kjus.nq"
DATA = Path(__file__).parent / "data" / "virtuoso"
EDGE = DATA / "edge.trig"
OTHER = "http://example.org/users-own-graph"
GSP, UPDATE = "/sparql-graph-crud-auth", "/sparql-auth"
DECIMAL, INTEGER, BOOLEAN = (ox.NamedNode(str(XSD[name])) for name in ("decimal", "integer", "boolean"))

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort          = 127.0.0.1:{isql}
DisableUnixSocket   = 1
CheckpointInterval  = 0
CaseMode            = 2
DirsAllowed         = {dir}
NumberOfBuffers     = 2000
MaxDirtyBuffers     = 1200
MaxQueryMem         = 64M
ThreadsPerQuery     = 1
AsyncQueueMaxThreads = 2
MaxClientConnections = 8

[HTTPServer]
ServerPort           = 127.0.0.1:{http}
ServerRoot           = {dir}
ServerThreads        = 8
MaxClientConnections = 8
Charset              = UTF-8
EnabledDavVSP        = 0

[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 120
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Virtuoso:
    """A running Virtuoso: its base URL, the dba password and a few helpers over HTTP."""

    def __init__(self, base: str, password: str, folder: Path):
        self.base, self.password, self.folder = base, password, folder
        self.auth = HTTPDigestAuth("dba", password)

    def graphs(self) -> dict[str, int]:
        """Every graph the store holds, with its triple count (Virtuoso's own system graphs too)."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}

    def graph(self, name: str) -> list:
        """One named graph's triples, read back with CONSTRUCT on the anonymous endpoint."""
        answer = requests.post(self.base + "/sparql", timeout=60, headers={"Accept": "application/n-triples"},
                               data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"})
        answer.raise_for_status()
        return list(ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES))

    def select(self, query: str) -> list[dict]:
        answer = requests.post(self.base + "/sparql", data={"query": query}, timeout=60,
                               headers={"Accept": "application/sparql-results+json"})
        answer.raise_for_status()
        return answer.json()["results"]["bindings"]

    def update(self, update: str) -> None:
        requests.post(self.base + UPDATE, data=update.encode(), auth=self.auth, timeout=60,
                      headers={"Content-Type": "application/sparql-update"}).raise_for_status()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso on free loopback ports; stopped and its folder removed afterwards."""
    binary = system.require("virtuoso-t")
    isql = shutil.which("isql-vt") or pytest.fail("isql-vt is missing: run `apt-get install virtuoso-opensource`")
    folder = tmp_path_factory.mktemp("virtuoso")
    http, isql_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, http=http, isql=isql_port))
    log = (folder / "stdout.log").open("wb")
    server = subprocess.Popen([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                              cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        for _ in range(600):   # a fresh database takes a few seconds to create
            if server.poll() is not None:
                pytest.fail(f"Virtuoso exited with {server.returncode}: "
                            f"{(folder / 'stdout.log').read_text(errors='replace')[-2000:]}")
            try:
                if requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("Virtuoso did not answer on HTTP within two minutes")
        # SET PASSWORD old new (an SQL name: a letter first); the checkpoint writes it into
        # the database file, not only into the transaction log
        password = "kjus" + secrets.token_hex(12)
        done = subprocess.run([isql, str(isql_port), "dba", "dba", f"EXEC=set password dba {password}; checkpoint;"],
                              capture_output=True, text=True, timeout=60)
        if done.returncode or "Error" in done.stdout + done.stderr:
            pytest.fail(f"setting the dba password with isql-vt failed: {done.stdout}{done.stderr}")
        yield Virtuoso(base, password, folder)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def system_graphs(virtuoso):
    """The graphs a fresh Virtuoso holds before anything is pushed (its own schemas)."""
    return virtuoso.graphs()


@pytest.fixture
def store(virtuoso, system_graphs):
    """The Virtuoso, emptied of everything but its own graphs, with one graph of the user's own."""
    for name in set(virtuoso.graphs()) - set(system_graphs):
        virtuoso.update(f"DROP SILENT GRAPH <{name}>")
    virtuoso.update(f"INSERT DATA {{ GRAPH <{OTHER}> {{ <{OTHER}#a> <{OTHER}#b> 'kept' }} }}")
    return virtuoso


def _canonical(triples) -> set[str]:
    """One graph as RDFC-1.0 canonical N-Triples lines, numbers written by value.

    Blank nodes get their canonical labels, so equal sets mean isomorphic graphs
    (rdflib's ``isomorphic`` needs minutes for a thousand blank nodes).  Virtuoso
    stores xsd:decimal, xsd:integer and xsd:boolean as numbers and writes them in
    its own form (``6.0`` as ``6``), so those are compared by value; language tags
    (case-insensitive) and ``^^xsd:string`` are already normalised by the parser.
    """
    dataset = ox.Dataset()
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and o.datatype == DECIMAL:
            o = ox.Literal(format(Decimal(o.value).normalize(), "f"), datatype=DECIMAL)
        elif isinstance(o, ox.Literal) and o.datatype == INTEGER:
            o = ox.Literal(str(int(o.value)), datatype=INTEGER)
        elif isinstance(o, ox.Literal) and o.datatype == BOOLEAN:
            o = ox.Literal({"1": "true", "0": "false"}.get(o.value, o.value), datatype=BOOLEAN)
        dataset.add(ox.Quad(t.subject, t.predicate, o))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {f"{q.subject} {q.predicate} {q.object} ." for q in dataset}


def _expected(path: Path) -> dict[str, list]:
    """The named graphs of an RDF file: ``{graph IRI: [triples]}``."""
    graphs: dict[str, list] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])):
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    return graphs


def _assert_round_trip(virtuoso: Virtuoso, expected: dict[str, list], system_graphs: dict):
    held = virtuoso.graphs()
    assert set(held) == set(system_graphs) | set(expected) | {OTHER}
    assert held[OTHER] == 1                                      # the user's own graph untouched
    for name, triples in expected.items():
        assert held[name] == len(triples), f"{name}: {held[name]} triples in Virtuoso, {len(triples)} pushed"
        got, pushed = _canonical(virtuoso.graph(name)), _canonical(triples)
        assert got == pushed, (f"{name} differs: only in Virtuoso {sorted(got - pushed)[:3]}, "
                               f"only pushed {sorted(pushed - got)[:3]}")


@pytest.mark.parametrize("mode,path", [("gsp", GSP), ("update", UPDATE)])
def test_the_build_arrives_whole_and_twice_is_once(store, system_graphs, mode, path):
    lines = []
    for _ in range(2):
        summary = push_dataset(BUILD, store.base + path, mode=mode, user="dba", password=store.password,
                               progress=lines.append)
    expected = _expected(BUILD)
    assert summary.triples == sum(len(g) for g in expected.values())
    assert len(summary.graphs) == len(expected) and len(lines) == 2 * len(expected)
    _assert_round_trip(store, expected, system_graphs)


@pytest.mark.parametrize("mode,path", [("gsp", GSP), ("update", UPDATE)])
def test_durations_blank_nodes_long_literals_and_big_batches_survive(store, system_graphs, tmp_path, mode, path):
    # beyond the fixture: a 100,000-character literal, and one graph past both of Virtuoso's
    # request limits (about 4,990 triples per INSERT DATA, 1,200 per INSERT with blank nodes)
    shutil.copy(EDGE, tmp_path / EDGE.name)
    big = "https://w3id.org/kjus/test/virtuoso/big"
    long_text = ("한국과 일본은 \"AI\" 협력에 합의했다.\n" * 4000)[:100_000] + "😀"
    with (tmp_path / "big.nq").open("w", encoding="utf-8") as out:
        out.write(f'<{big}#long> <{big}#text> {ox.Literal(long_text, language="ko")} <{big}> .\n')
        for i in range(2 * VIRTUOSO_BATCH + 1000):
            out.write(f'<{big}#s{i}> <{big}#p> "{i}"^^<{XSD.integer}> <{big}> .\n')
        for i in range(3 * VIRTUOSO_BLANK_BATCH):
            out.write(f"_:b{i} <{big}#p> _:c{i} <{big}> .\n_:c{i} <{big}#q> \"{i}\" <{big}> .\n")
    for _ in range(2):
        push_dataset(tmp_path, store.base + path, mode=mode, user="dba", password=store.password)
    expected = _expected(tmp_path / EDGE.name) | _expected(tmp_path / "big.nq")
    _assert_round_trip(store, expected, system_graphs)
    durations = store.select("SELECT ?d WHERE { GRAPH ?g { <https://w3id.org/kjus/id/nrf-jst-physical-ai-call> "
                             "<https://w3id.org/kjus/ontology#duration> ?d } }")
    assert [(r["d"]["value"], r["d"]["datatype"]) for r in durations] == [("P3Y", str(XSD.duration))]


def test_virtuosos_own_parser_turns_a_duration_into_a_number(store):
    """Why push writes durations through RDF_QUAD_URI_L_TYPED: a plain Graph Store PUT loses them."""
    name = "https://w3id.org/kjus/test/virtuoso/plain-put"
    body = f'<{name}#x> <{name}#d> "P3Y"^^<{XSD.duration}> .\n'.encode()
    requests.put(store.base + GSP, params={"graph": name}, data=body, auth=store.auth, timeout=30,
                 headers={"Content-Type": "application/n-triples"}).raise_for_status()
    assert [t.object.value for t in store.graph(name)] == ["36"], (
        "Virtuoso now keeps xsd:duration as it is: graph/push.py's RDF_QUAD_URI_L_TYPED detour can go")


def test_virtuosos_default_graph_is_the_union_of_all_graphs(store):
    push_dataset(BUILD, store.base + GSP, user="dba", password=store.password)
    ask = ('ASK { <https://w3id.org/kjus/id/lee-jae-myung> '
           '<http://www.w3.org/2000/01/rdf-schema#label> "이재명"@ko }')
    answer = requests.get(store.base + "/sparql", params={"query": ask}, timeout=30,
                          headers={"Accept": "application/sparql-results+json"})
    assert answer.json()["boolean"] is True                       # no GRAPH, no FROM: every graph
    total = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"]
    assert int(total) > sum(len(g) for g in _expected(BUILD).values())   # Virtuoso's own graphs too


@pytest.mark.hostile
def test_digest_authentication_is_required_and_checked(store):
    before = store.graphs()
    with pytest.raises(ExportError, match=r"HTTP 401 .*pass --user and --password"):
        push_dataset(EDGE, store.base + GSP)
    with pytest.raises(ExportError, match=r"HTTP 401 .*refused user 'dba': check --user and --password"):
        push_dataset(EDGE, store.base + UPDATE, mode="update", user="dba", password="wrong")
    assert store.graphs() == before


@pytest.mark.hostile
def test_what_virtuoso_cannot_hold_is_refused_before_anything_is_written(store, tmp_path):
    before = store.graphs()
    shutil.copy(EDGE, tmp_path / EDGE.name)
    (tmp_path / "default.ttl").write_text("<http://example.org/x> <http://example.org/y> 'z' .\n")
    with pytest.raises(ExportError, match="keeps no default graph of its own"):
        push_dataset(tmp_path, store.base + GSP, user="dba", password=store.password)
    with pytest.raises(ExportError, match=r"cannot store \"P3Y\".* on a blank node .*blank-duration>"):
        push_dataset(DATA / "blank-duration.trig", store.base + UPDATE, mode="update",
                     user="dba", password=store.password)
    with pytest.raises(ExportError, match="push with --update"):   # not the -auth Graph Store
        push_dataset(EDGE, store.base + "/sparql-graph-crud", user="dba", password=store.password)
    assert store.graphs() == before


def test_cli_pushes_to_virtuoso_with_the_password_from_the_environment(store, system_graphs):
    result = CliRunner().invoke(main, ["push", "--store", store.base + GSP, "--user", "dba", "--data", str(EDGE)],
                                env={"KJUS_STORE_PASSWORD": store.password})
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (f"pushed 50 triples in 3 graphs to {store.base}{GSP} (Graph Store Protocol)")
    assert "[3/3] https://w3id.org/kjus/test/virtuoso/literals: " in result.stderr
    _assert_round_trip(store, _expected(EDGE), system_graphs)
    failed = CliRunner().invoke(main, ["push", "--store", store.base + UPDATE, "--update", "--data", str(EDGE)],
                                env={"KJUS_STORE_PASSWORD": ""})
    assert failed.exit_code == 1 and failed.output.startswith("Error: ") and "HTTP 401" in failed.output
