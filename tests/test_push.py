"""`kjus push` into a second, writable, real Oxigraph server; the data is read back and compared."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib
import requests
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph.cli import main
from graph.errors import ExportError
from graph.push import push_dataset
from graph.query import load_store

pytestmark = pytest.mark.server

MINI = Path(__file__).parent / "data" / "sparql" / "mini.trig"
OTHER = "http://example.org/users-own-graph"


@pytest.fixture(scope="module")
def remote(tmp_path_factory):
    """Base URL of a writable Oxigraph server on a free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    binary = Path(sys.executable).with_name("oxigraph")
    server = subprocess.Popen(
        [str(binary if binary.exists() else shutil.which("oxigraph")), "serve",
         "--location", str(tmp_path_factory.mktemp("remote-store")), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def empty_remote(remote):
    requests.post(remote + "/update", data={"update": "DROP ALL"}, timeout=10).raise_for_status()
    return remote


def _remote_dataset(base: str) -> rdflib.Dataset:
    """Everything the remote store holds, read back through its Graph Store Protocol."""
    dump = requests.get(base + "/store", headers={"Accept": "application/n-quads"}, timeout=30)
    dump.raise_for_status()
    return rdflib.Dataset().parse(data=dump.text, format="nquads")


def _assert_same_graphs(got: rdflib.Dataset, expected: rdflib.Dataset, extra=()):
    names = {str(g.identifier) for g in expected.graphs() if len(g)}
    assert {str(g.identifier) for g in got.graphs() if len(g)} == names | set(extra)
    for name in names:
        assert isomorphic(got.graph(rdflib.URIRef(name)), expected.graph(rdflib.URIRef(name))), name


@pytest.fixture(scope="module")
def expected():
    return rdflib.Dataset().parse(MINI, format="trig")


@pytest.mark.parametrize("mode,path,batch", [("gsp", "/store", 5000), ("update", "/update", 3)])
def test_push_twice_copies_every_named_graph_once(empty_remote, expected, mode, path, batch):
    requests.post(empty_remote + "/update", timeout=10, data={
        "update": f"INSERT DATA {{ GRAPH <{OTHER}> {{ <{OTHER}#a> <{OTHER}#b> 'kept' }} }}"}).raise_for_status()
    lines = []
    for _ in range(2):
        summary = push_dataset(MINI, empty_remote + path, mode=mode, batch_size=batch, progress=lines.append)
    assert summary.triples == 56 and len(summary.graphs) == 5
    assert lines[0].startswith("[1/5] https://w3id.org/kjus/ontology: 9 triples")
    got = _remote_dataset(empty_remote)
    _assert_same_graphs(got, expected, extra={OTHER})
    assert len(got.graph(rdflib.URIRef(OTHER))) == 1          # the store's other data untouched


def test_update_mode_keeps_blank_node_structures_whole_across_batches(empty_remote):
    push_dataset(MINI, empty_remote + "/update", mode="update", batch_size=1)
    answer = requests.get(empty_remote + "/query", timeout=10, params={"query": (
        "SELECT ?v ?c WHERE { GRAPH ?g { <https://w3id.org/kjus/id/joint-ai-fund> "
        "<https://w3id.org/kjus/ontology#budget> ?b . ?b <https://w3id.org/kjus/ontology#value> ?v ; "
        "<https://w3id.org/kjus/ontology#currency> ?c } }")})
    rows = answer.json()["results"]["bindings"]
    assert [(r["v"]["value"], r["c"]["value"]) for r in rows] == [("30000000", "JPY")]


def test_a_non_empty_default_graph_is_pushed_too(empty_remote, tmp_path):
    shutil.copy(MINI, tmp_path / "mini.trig")
    (tmp_path / "extra.ttl").write_text("<http://example.org/x> <http://example.org/y> 'z' .\n")
    for mode, path in (("gsp", "/store"), ("update", "/update")):
        summary = push_dataset(tmp_path, empty_remote + path, mode=mode)
        assert summary.graphs[0] == ("default", 1)
        answer = requests.get(empty_remote + "/query", timeout=10,
                              params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == "1"


def test_a_store_object_can_be_pushed(empty_remote, expected):
    push_dataset(load_store(MINI), empty_remote + "/store")
    _assert_same_graphs(_remote_dataset(empty_remote), expected)


@pytest.mark.hostile
def test_wrong_url_or_unreachable_store_is_one_clear_error(remote):
    with pytest.raises(ExportError, match=r"HTTP 404 .*check the store URL"):
        push_dataset(MINI, remote + "/no-such-service")
    with pytest.raises(ExportError, match=r"HTTP 415"):
        push_dataset(MINI, remote + "/query", mode="update")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    with pytest.raises(ExportError, match="cannot reach .* is the store running"):
        push_dataset(MINI, f"http://127.0.0.1:{closed}/store")


def test_cli_push_reports_progress_and_a_summary(empty_remote, expected):
    result = CliRunner().invoke(main, ["push", "--store", empty_remote + "/update", "--update",
                                       "--data", str(MINI), "--user", "kjus", "--password", "secret"])
    assert result.exit_code == 0, result.output
    assert "[5/5] https://w3id.org/kjus/topic/scheme: 7 triples" in result.stderr
    assert result.stdout.strip() == (f"pushed 56 triples in 5 graphs to {empty_remote}/update "
                                     "(SPARQL Update)")
    _assert_same_graphs(_remote_dataset(empty_remote), expected)
    failed = CliRunner().invoke(main, ["push", "--store", empty_remote + "/nowhere", "--data", str(MINI)])
    assert failed.exit_code == 1 and failed.output.startswith("Error: ") and "HTTP 404" in failed.output
