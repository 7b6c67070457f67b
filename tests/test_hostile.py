"""Hostile and broken input (issue 8), table-driven: one case per attack or breakage.

Every case asserts the exact error class (or HTTP status), that the message names the
file, line or node at fault, that nothing was written or changed (a previous build's
exports, byte for byte; the endpoint's store, by a count) and that no socket connected
anywhere but loopback.  Cases the module tests already hold (tests/test_load.py,
test_validate.py, test_build.py, test_cli.py, test_query.py, test_serve.py, test_html.py,
test_gexf.py) are not repeated here.  ``pytest -m hostile`` runs them all.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from graph.build import build
from graph.errors import ExportError, KGError, ModelError, ParseError, QueryError, SourceError, ValidationError
from graph.paths import ROOT
from graph.load import load_dataset
from graph.project import project_graph
from graph.query import QueryRefused, load_store, load_store_from_string, run_query
from graph.render.gephi import write_gephi
from graph.render.html import write_html
from graph.render.report import write_analysis
from graph.serve import start_endpoint

from .conftest import DATA, MINI_SOURCE, MINI_TEXTS

pytestmark = pytest.mark.hostile

HOSTILE = DATA / "hostile"
MINI = MINI_SOURCE.read_text(encoding="utf-8")
SPARQL_MINI = DATA / "sparql" / "mini.trig"
G = "<https://w3id.org/kjus/source/mini_0002/g>"
KJD, KJ = "https://w3id.org/kjus/id/", "https://w3id.org/kjus/ontology#"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
KJUS = [sys.executable, "-m", "graph"]


# --------------------------------------------------------------------------- helpers

def _kjus(args, cwd=ROOT, **env) -> subprocess.CompletedProcess:
    """Run ``kjus ARGS`` as a real process."""
    return subprocess.run([*KJUS, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (dot files included) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else str(address)
    return host in ("127.0.0.1", "::1", "localhost") or not isinstance(address, tuple)


@pytest.fixture
def no_network(monkeypatch):
    """Every connect() this process attempts; those to another host are refused, not made."""
    attempts: list = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def guard(real):
        def connect(sock, address):
            attempts.append(address)
            if not _loopback(address):
                raise OSError("network access blocked by tests/test_hostile.py")
            return real(sock, address)
        return connect

    monkeypatch.setattr(socket.socket, "connect", guard(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guard(real_connect_ex))
    return attempts


_OPENING: list[list[Path]] = []     # the lists of the _opened_files() blocks now running


def _audit_open(event: str, args: tuple) -> None:
    if event == "open" and _OPENING and isinstance(args[0], (str, bytes, os.PathLike)):
        for opened in _OPENING:
            opened.append(Path(os.fsdecode(args[0])))


@contextlib.contextmanager
def _opened_files():
    """Every file Python's ``open()`` (and ``io.open``, ``os.open``) opens inside the block.

    Observed through the interpreter's ``open`` audit event; the hook is added once per process.
    """
    if not getattr(_audit_open, "added", False):
        sys.addaudithook(_audit_open)
        _audit_open.added = True
    opened: list[Path] = []
    _OPENING.append(opened)
    try:
        yield opened
    finally:
        del _OPENING[next(i for i, o in enumerate(_OPENING) if o is opened)]


def _external(attempts) -> list:
    return [a for a in attempts if not _loopback(a)]


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """Exports of a good build of the mini source: what every failed build must leave as it was."""
    out = tmp_path_factory.mktemp("previous")
    build(out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    return out, snapshot(out)


def sub(old: str, new: str, text: str = MINI):
    """The mini source with ``old`` replaced by ``new`` (once); ``old`` must be there."""
    assert old in text, old
    return text.replace(old, new, 1)


def nquad(s: str, p: str, o: str, g: str = G) -> str:
    return f"<{KJD}{s}> {p} {o} {g} .\n"


# --------------------------------------------------------------------------- sources

#: (id, {file name: content (str, or bytes written as they are)}, error class, fragments of the message)
SOURCE_CASES = [
    ("nq-unclosed-string", {"x.nq": f'<{KJD}a> {LABEL} "Korea <{KJD}g> .\n'},
     ParseError, ["x.nq, line 1", "unclosed string"]),
    ("nq-missing-object", {"x.nq": nquad("korea", LABEL, '"Korea"@en') + f"<{KJD}a> {LABEL} .\n"},
     ParseError, ["x.nq, line 2", "<s> <p> <o> <g>"]),
    ("nq-outside-named-graph", {"x.nq": f'<{KJD}korea> {LABEL} "Korea"@en .\n'},
     SourceError, ["x.nq, line 1", "outside a named graph"]),
    ("nq-undefined-property", {"x.nq": nquad("korea", f"<{KJ}particpant>", f"<{KJD}japan>")},
     ModelError, ["x.nq, line 1", "particpant", "not defined by the ontology"]),
    ("nq-byte-order-mark", {"x.nq": b"\xef\xbb\xbf" + nquad("korea", LABEL, '"Korea"@en').encode()},
     SourceError, ["x.nq, line 1", "byte-order mark"]),
    ("trig-unclosed-graph", {"x.trig": MINI.rstrip().removesuffix("}")},
     ParseError, ["x.trig, line"]),
    ("trig-unterminated-string", {"x.trig": sub('"Japan"@en', '"Japan@en')},
     ParseError, ["x.trig, line"]),
    ("trig-iri-with-space", {"x.trig": sub("kjd:tokyo a kj:City", "<http://example.org/to kyo> a kj:City")},
     ParseError, ["x.trig, line 16", "not a valid IRI"]),
    ("trig-binary-garbage", {"x.trig": b"\x00\x01\x02\x03 {"},
     ParseError, ["x.trig, line 1"]),
    ("utf-16", {"x.trig": MINI.encode("utf-16")},
     SourceError, ["x.trig, line 1", "not valid UTF-8", "save the file as UTF-8"]),
    ("euc-kr", {"x.trig": MINI.encode("euc-kr", errors="replace")},
     SourceError, ["x.trig, line 14", "not valid UTF-8"]),
    ("unknown-prefix-in-graph-name", {"x.trig": sub("m:agreement {", "zz:agreement {")},
     ParseError, ["prefix zz: has not been declared", "@prefix"]),
    ("unknown-prefix-in-datatype", {"x.trig": sub('"2025-09-01"^^xsd:date ;\n        kj:dateWording',
                                                 '"2025-09-01"^^xsdd:date ;\n        kj:dateWording')},
     ParseError, ["prefix xsdd: has not been declared"]),
    ("undefined-status-concept", {"x.trig": sub("kj:status kjs:agreed ;\n        kj:date",
                                               "kj:status kjs:agred ;\n        kj:date")},
     ModelError, ["x.trig, line", "status/agred", "vocabularies.ttl"]),
    ("undefined-property-in-provenance", {"x.trig": sub("kj:evidence m:agreement-q1", "kj:evidense m:agreement-q1")},
     ModelError, ["x.trig, line 38", "evidense"]),
    ("ill-typed-integer-offset", {"x.trig": sub("kj:start 11", 'kj:start "abc"^^xsd:integer')},
     ValidationError, ["agreement-q1", "kj:start", "abc", "nothing was written"]),
    ("ill-typed-integer-unconstrained", {"x.trig": sub('rdfs:label "South Korea"@en',
                                                      'rdfs:comment "abc"^^xsd:integer ; rdfs:label "South Korea"@en')},
     ValidationError, ["kjd:korea", "'abc' is not a valid xsd:integer"]),
    ("ill-typed-decimal", {"x.trig": sub('kj:dateWording "지난 1일"@ko .',
                                        'kj:dateWording "지난 1일"@ko ; kj:numberOfProjects "many"^^xsd:integer .')},
     ValidationError, ["kjd:mini-agreement", "many"]),
    ("impossible-date-feb-30", {"x.trig": sub('"2025-09-01"^^xsd:date ;\n        kj:dateWording',
                                             '"2025-02-30"^^xsd:date ;\n        kj:dateWording')},
     ValidationError, ["kjd:mini-agreement", "2025-02-30"]),
    ("dangling-reference-country", {"x.trig": sub("kj:country kjd:japan", "kj:country kjd:japon")},
     ValidationError, ["kjd:tokyo", "kjd:japon", "defined nowhere"]),
    ("conflicting-label-same-file", {"x.trig": sub("m:provenance {",
                                                  'm:extra { kjd:korea rdfs:label "대한민국"@ko . }\nm:provenance {')},
     ModelError, ["x.trig, line 14", "id/korea", "대한민국", "한국", "elsewhere in this file"]),
    ("conflicting-label-trig-vs-nq", {"a.trig": MINI, "b.nq": nquad("korea", LABEL, '"Corea"@en')},
     ModelError, ["b.nq", "Corea", "South Korea", "a.trig"]),
    ("quote-text-altered", {"x.trig": sub("AI 협력에 합의했다\"@ko", "AI 협력에 합의했음\"@ko")},
     ValidationError, ["agreement-q1", "the quote is nowhere in the text"]),
    ("quote-offsets-past-the-end", {"x.trig": sub("kj:start 11 ; kj:end 41", "kj:start 1000 ; kj:end 1030")},
     ValidationError, ["agreement-q1", "quote not found at offsets 1000..1030", "the quote is at 11..41"]),
    ("lone-surrogate-escape", {"x.trig": sub('"Japan"@en', '"Japan \\uDC00"@en')},
     ParseError, ["x.trig, line 15", "lone UTF-16 surrogate"]),
    ("nul-in-label", {"x.trig": sub('"Japan"@en', '"Ja\\u0000pan"@en')},
     ParseError, ["x.trig, line 15", "id/japan", "rdf-schema#label", "control character U+0000"]),
    ("vertical-tab-in-label", {"x.trig": sub('"일본"@ko', '"일\\u000B본"@ko')},
     ParseError, ["x.trig, line 15", "id/japan", "control character U+000B"]),
    ("c1-control-in-quote", {"x.trig": sub("AI 협력에 합의했다\"@ko", "AI 협력에 합의했다\\u0085\"@ko")},
     ParseError, ["x.trig, line", "agreement-q1", "control character U+0085"]),
    ("file-name-path-traversal", {"x.trig": sub('kj:fileName "mini_0001.txt"', 'kj:fileName "../../../etc/passwd"')},
     SourceError, ["../../../etc/passwd", "bare file name"]),
    ("turtle-file-has-no-graphs", {"x.ttl": f'<{KJD}korea> {LABEL} "Korea"@en .\n'},
     SourceError, ["x.ttl, line 1", "outside a named graph"]),
    ("jsonld-is-not-a-source-format", {"x.jsonld": (HOSTILE / "remote-context.jsonld").read_text()},
     SourceError, ["x.jsonld", "unknown RDF file type", ".trig"]),
    ("rdfxml-is-not-a-source-format", {"x.rdf": (HOSTILE / "xxe.rdf").read_text()},
     SourceError, ["x.rdf", "unknown RDF file type"]),
]


@pytest.mark.parametrize("files,error,fragments", [c[1:] for c in SOURCE_CASES], ids=[c[0] for c in SOURCE_CASES])
def test_broken_source_is_refused_and_the_previous_build_stays(tmp_path, previous, no_network, files, error,
                                                               fragments):
    out, before = previous
    paths = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        paths.append(path)
    with pytest.raises(KGError) as info:
        build(out, sources=paths, texts_dir=MINI_TEXTS)
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    for fragment in fragments:
        assert fragment in str(info.value), (fragment, str(info.value))
    assert snapshot(out) == before
    assert no_network == []


def test_enormous_source_is_refused_before_it_is_read(tmp_path, previous):
    out, before = previous
    huge = tmp_path / "huge.trig"
    with open(huge, "wb") as fh:     # sparse: 201 MiB long, next to nothing on disk
        fh.write(b"\xff")           # not UTF-8: a reader that decoded or parsed it first would say so
        fh.truncate(201 << 20)
    with _opened_files() as opened:
        with pytest.raises(SourceError) as info:
            build(out, sources=[huge], texts_dir=MINI_TEXTS)
    assert type(info.value) is SourceError
    assert "201 MiB is over the limit of 200 MiB" in str(info.value) and "KJUS_MAX_SOURCE_MB" in str(info.value)
    assert [p for p in opened if p.name == huge.name] == []      # refused from its size, never opened
    assert snapshot(out) == before


def test_source_size_limit_is_configurable(tmp_path, previous, monkeypatch):
    out, before = previous
    padded = tmp_path / "padded.trig"
    padded.write_text(MINI + "#" * (1 << 20) + "\n", encoding="utf-8")
    monkeypatch.setenv("KJUS_MAX_SOURCE_MB", "1")
    with pytest.raises(SourceError, match=r"padded.trig: 1.002 MiB is over the limit of 1 MiB"):
        build(out, sources=[padded], texts_dir=MINI_TEXTS)
    assert snapshot(out) == before


def test_a_folder_without_sources_is_refused_not_built_empty(tmp_path, previous):
    out, before = previous
    (tmp_path / "empty").mkdir()
    from graph.cli import _source_paths
    with pytest.raises(SourceError, match="no source files"):
        build(out, sources=_source_paths([str(tmp_path / "empty")]), texts_dir=MINI_TEXTS)
    assert snapshot(out) == before


# --------------------------------------------------------------------------- RDF given with --data

#: (fixture file, error class, fragment): what load_store (kjus query/serve --data) does with it.
DATA_CASES = [
    ("xxe.rdf", ParseError, "external, parameter or nested entity"),
    ("billion-laughs.rdf", ParseError, "external, parameter or nested entity"),
    ("parameter-entity.rdf", ParseError, "external, parameter or nested entity"),
    ("charref-nested.rdf", ParseError, "external, parameter or nested entity"),
    ("remote-context.jsonld", ParseError, "remote contexts"),
    ("import-context.jsonld", ParseError, "remote contexts"),
    ("remote-base.jsonld", ParseError, "remote contexts"),
    ("truncated.jsonld", ParseError, "line 1"),
]


@pytest.mark.parametrize("name,error,fragment", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_hostile_rdf_data_is_refused_without_network_or_expansion(no_network, name, error, fragment):
    with pytest.raises(KGError) as info:
        load_store(HOSTILE / name)
    # the fragments are the messages of the checks made before any parsing: nothing was expanded
    assert type(info.value) is error and fragment in str(info.value) and name in str(info.value)
    assert no_network == []


def test_plain_internal_entities_and_an_unfetched_dtd_still_load(no_network):
    for name in ("internal-entity.rdf", "external-dtd.rdf"):
        store = load_store(HOSTILE / name)
        assert [q.subject.value for q in store] == ["http://example.org/a"]
    assert no_network == []


def test_inline_rdfxml_is_checked_too(no_network):
    with pytest.raises(ParseError, match="inline xml: the XML declares"):
        load_store_from_string((HOSTILE / "billion-laughs.rdf").read_text(), "xml")
    assert no_network == []


@pytest.mark.parametrize("make,error", [
    (lambda d: (d / "broken.trig").write_text("<urn:g> { <urn:a> <urn:b> ", encoding="utf-8"), ParseError),
    (lambda d: (d / "notes.txt").write_text("not RDF", encoding="utf-8"), QueryError),
], ids=["broken-trig-in-folder", "folder-without-rdf"])
def test_data_folder_errors(tmp_path, make, error):
    make(tmp_path)
    with pytest.raises(KGError) as info:
        load_store(tmp_path)
    assert type(info.value) is error and str(tmp_path) in str(info.value)


def test_serving_hostile_data_fails_cleanly_and_leaves_no_prepared_store(no_network):
    before = set(Path(tempfile.gettempdir()).glob("kjus-serve-*"))
    with pytest.raises(ParseError, match="billion-laughs.rdf"):
        start_endpoint(HOSTILE / "billion-laughs.rdf", port=0)
    assert set(Path(tempfile.gettempdir()).glob("kjus-serve-*")) == before
    assert no_network == []


# --------------------------------------------------------------------------- queries (Python API, kjus query)

@pytest.fixture(scope="module")
def store():
    return load_store(SPARQL_MINI)


@pytest.fixture(scope="module")
def listener():
    """A loopback socket SERVICE calls point at: it must never be connected to."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    yield sock, f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    sock.close()


def _connections(sock) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


SERVICE_QUERIES = [
    ("lower-case", "select * where { service <URL> { ?s ?p ?o } }"),
    ("mixed-case", "SELECT * WHERE { SeRvIcE <URL> { ?s ?p ?o } }"),
    ("silent-in-sub-select", "SELECT * { { SELECT ?s WHERE { SERVICE SILENT <URL> { ?s ?p ?o } } } }"),
    ("variable-endpoint", "SELECT * { VALUES ?e { <URL> } SERVICE ?e { ?s ?p ?o } }"),
    ("in-optional", "SELECT * { ?s ?p ?o OPTIONAL { SERVICE <URL> { ?s ?q ?r } } }"),
    ("in-minus", "SELECT * { ?s ?p ?o MINUS { SERVICE <URL> { ?s ?p ?o } } }"),
    ("in-filter-exists", "SELECT * { ?s ?p ?o FILTER NOT EXISTS { SERVICE <URL> { ?s ?p ?o } } }"),
    ("in-union", "SELECT * { { ?s ?p ?o } UNION { SERVICE <URL> { ?s ?p ?o } } }"),
    ("no-whitespace", "SELECT*{SERVICE<URL>{?s ?p ?o}}"),
    ("after-a-number", "SELECT * { ?s ?p 1.SERVICE <URL> { ?s ?p ?o } }"),
    ("in-construct", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <URL> { ?s ?p ?o } }"),
    ("in-ask", "ASK { SERVICE <URL> { ?s ?p ?o } }"),
    ("in-describe", "DESCRIBE ?s WHERE { SERVICE <URL> { ?s ?p ?o } }"),
    ("after-a-comment-line", "# SERVICE is not allowed\nSELECT * {\n  SERVICE <URL> { ?s ?p ?o } }"),
]


@pytest.mark.parametrize("query", [q for _, q in SERVICE_QUERIES], ids=[i for i, _ in SERVICE_QUERIES])
def test_service_is_refused_in_every_position(store, listener, no_network, query):
    sock, url = listener
    before = run_query(store, COUNT_ALL).rows
    with pytest.raises(QueryRefused, match=r"SERVICE \(federated query\) at line \d+, column \d+ is refused"):
        run_query(store, query.replace("URL", url), timeout=5)
    assert run_query(store, COUNT_ALL).rows == before
    assert _connections(sock) == 0 and no_network == []


UPDATES = [
    ("delete-data", "DELETE DATA { kjd:lee-jae-myung a kj:Person }"),
    ("insert-where", "INSERT { ?s a kj:Person } WHERE { ?s ?p ?o }"),
    ("delete-insert-using", "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } USING <urn:g> WHERE { ?s ?p ?o }"),
    ("move", "MOVE <https://w3id.org/kjus/ontology> TO <urn:x>"),
    ("copy", "COPY DEFAULT TO <urn:x>"),
    ("clear-default", "CLEAR DEFAULT"),
    ("drop-silent-named", "DROP SILENT NAMED"),
    ("lower-case-insert", "insert data { kjd:x a kj:Person }"),
    ("base-then-load-into", "BASE <http://example.org/>\nLOAD SILENT <data.ttl> INTO GRAPH <g>"),
]


@pytest.mark.parametrize("update", [u for _, u in UPDATES], ids=[i for i, _ in UPDATES])
def test_every_update_form_is_refused(store, no_network, update):
    before = run_query(store, COUNT_ALL).rows
    with pytest.raises(QueryRefused, match="updates are refused; kjus is read-only"):
        run_query(store, update)
    assert run_query(store, COUNT_ALL).rows == before and no_network == []


MALFORMED = [
    ("empty", "", "syntax error"),
    ("only-a-comment", "# nothing here", "syntax error"),
    ("nul-character", "SELECT * WHERE { ?s ?p \x00 }", "syntax error"),
    ("unbalanced-parenthesis", "SELECT * WHERE { FILTER(1 = 1)) }", "syntax error at line 1"),
    ("unicode-escaped-keyword", "SELECT * { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "syntax error"),
    ("update-separator-after-query", "SELECT * { ?s ?p ?o } ;", "syntax error"),
    ("deep-nesting-crashes-the-parser", "SELECT * {" + "{" * 20000 + "}" * 20000 + "}", "nested more than 32"),
    ("operator-chain-overflows-the-parser", "SELECT * { FILTER(" + "+".join(["1"] * 20000) + ") }", "4000 tokens"),
]


@pytest.mark.parametrize("query", ["SELECT * { ?a ?b ?c . ?d ?e ?f }",
                                   "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }"],
                         ids=["select-cross-product", "construct-cross-product"])
def test_an_answer_too_big_for_memory_is_refused_unless_limited(store, monkeypatch, query):
    import graph.query
    monkeypatch.setattr(graph.query, "MAX_ROWS", 1000)        # 1 000 000 in real use
    with pytest.raises(QueryError, match="more than 1,000 results; add LIMIT"):
        run_query(store, query, timeout=30)
    limited = run_query(store, query, limit=2000, timeout=30)
    assert limited.truncated and len(limited.rows or limited.triples) == 2000


@pytest.mark.parametrize("query,fragment", [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_queries_are_query_errors_not_crashes(store, query, fragment):
    with pytest.raises(QueryError) as info:
        run_query(store, query, timeout=5)
    # a syntax error, or one of the limits (depth, tokens) that keep the parser from crashing
    assert type(info.value) is QueryError and fragment in str(info.value)
    assert run_query(store, COUNT_ALL).rows      # and the store still answers


# --------------------------------------------------------------------------- the endpoint (HTTP)

@pytest.fixture(scope="module")
def endpoint():
    with start_endpoint(SPARQL_MINI, port=0, timeout=2, max_results=50) as running:
        yield running


def _raw(endpoint, request: bytes) -> int:
    """Send raw bytes to the front; return the HTTP status it answers (also in an HTTP/0.9 error page)."""
    import re
    host, port = endpoint.url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        answer = sock.recv(4096).decode("latin-1")
    return int(re.match(r"HTTP/\S+ (\d+)", answer)[1] if answer.startswith("HTTP/")
               else re.search(r"Error code: (\d+)", answer)[1])


def _outside_connections(pid: int) -> list[str]:
    """Remote addresses, other than loopback, of the TCP sockets process ``pid`` holds (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:          # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            remote, inode = fields[2], fields[9]
            host = remote.split(":")[0]
            loop = host in ("00000000", "0100007F") or host.endswith("0100007F") or \
                host in ("00000000000000000000000000000000", "00000000000000000000000001000000")
            if inode in inodes and not loop:
                found.append(remote)
    return found


def _count(endpoint) -> str:
    import requests
    return requests.get(endpoint.query_url, params={"query": COUNT_ALL}, timeout=10).text


HEAVY_LIST = "SELECT * { ?s ?p (" + " ".join(["1"] * 300) + ") }"       # minutes in the parser
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SPARQL = {"Content-Type": "application/sparql-query"}

#: (id, method, path, request keyword arguments, expected status, fragment of the answer)
HTTP_CASES = [
    ("service-lower-case", "GET", "query", {"params": {"query": "select * { service <URL> { ?s ?p ?o } }"}},
     403, "--allow-service"),
    ("service-in-sub-select", "POST", "query",
     {"data": {"query": "SELECT * { { SELECT * { SERVICE SILENT <URL> { ?s ?p ?o } } } }"}}, 403, "SERVICE"),
    ("service-variable", "POST", "query",
     {"data": "SELECT * { BIND(<URL> AS ?e) SERVICE ?e { ?s ?p ?o } }", "headers": SPARQL}, 403, "SERVICE"),
    ("service-to-another-host", "GET", "query",
     {"params": {"query": "SELECT * { SERVICE <http://10.255.255.1/sparql> { ?s ?p ?o } }"}}, 403, "SERVICE"),
    ("service-in-an-ask-form-post", "POST", "query",
     {"data": {"query": "ASK { SERVICE SILENT <http://10.255.255.1:80/> { ?s ?p ?o } }"}}, 403, "SERVICE"),
    ("delete-data-as-query", "POST", "query",
     {"data": "DELETE DATA { kjd:lee-jae-myung a kj:Person }", "headers": SPARQL}, 403, "read-only"),
    ("update-parameter-on-get", "GET", "query", {"params": {"update": "CLEAR ALL"}}, 403, "read-only"),
    ("post-to-store", "POST", "store", {"data": "<urn:a> <urn:b> <urn:c> ."}, 403, "read-only"),
    ("put-query", "PUT", "query", {"data": "x"}, 405, "GET or POST"),
    ("patch-query", "PATCH", "query", {"data": "x"}, 405, "GET or POST"),
    ("json-body", "POST", "query", {"json": {"query": "ASK {}"}}, 415, "not accepted"),
    ("turtle-body", "POST", "query", {"data": "<urn:a> <urn:b> <urn:c> .",
                                      "headers": {"Content-Type": "text/turtle"}}, 415, "not accepted"),
    ("multipart-body", "POST", "query", {"files": {"query": ("q.rq", b"ASK {}")}}, 415, "not accepted"),
    ("sparql-update-body", "POST", "query", {"data": "DROP ALL",
                                             "headers": {"Content-Type": "application/sparql-update"}}, 415, ""),
    ("body-not-utf8", "POST", "query", {"data": "ASK { ?s ?p '\xff' }".encode("latin-1"), "headers": SPARQL},
     400, "not UTF-8"),
    ("huge-form-body", "POST", "query", {"data": "query=" + "%23" * (1 << 19), "headers": FORM}, 413, "over"),
    ("huge-url", "GET", "query", {"params": {"query": "#" * 70000}}, 414, ""),
    ("parser-stalling-query", "POST", "query", {"data": HEAVY_LIST, "headers": SPARQL}, 400, "too complex"),
    ("parser-crashing-query", "POST", "query",
     {"data": "SELECT * {" + "{" * 50000 + "}" * 50000 + "}", "headers": SPARQL}, 400, "nested more than 32"),
    ("describe-over-the-cap", "GET", "query", {"params": {"query": "DESCRIBE ?s WHERE { ?s ?p ?o }"},
                                               "headers": {"Accept": "application/n-triples"}}, 400, "cap of 50"),
    ("csv-over-the-cap", "GET", "query", {"params": {"query": "SELECT * { ?s ?p ?o }"},
                                          "headers": {"Accept": "text/csv"}}, 400, "cap of 50"),
    ("tsv-over-the-cap", "GET", "query", {"params": {"query": "SELECT * { ?s ?p ?o }"},
                                          "headers": {"Accept": "text/tab-separated-values"}}, 400, "cap of 50"),
    ("jsonld-construct-over-the-cap", "GET", "query", {"params": {"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                                                       "headers": {"Accept": "application/ld+json"}}, 400, "cap"),
    ("runaway-as-xml", "GET", "query",
     {"params": {"query": "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"},
      "headers": {"Accept": "application/sparql-results+xml"}}, 503, "timeout of 2 s"),
]


@pytest.mark.server
@pytest.mark.parametrize("method,path,kwargs,status,fragment", [c[1:] for c in HTTP_CASES],
                         ids=[c[0] for c in HTTP_CASES])
def test_endpoint_answers_hostile_requests_with_the_right_status(endpoint, listener, no_network, method, path,
                                                                  kwargs, status, fragment):
    import json

    import requests
    sock, url = listener
    before = _count(endpoint)
    kwargs = json.loads(json.dumps(kwargs, default=repr).replace("URL", url)) if "files" not in kwargs \
        and not isinstance(kwargs.get("data"), bytes) else kwargs
    answer = requests.request(method, endpoint.url + path, timeout=30, **kwargs)
    assert answer.status_code == status, answer.text[:300]
    assert fragment in answer.text
    assert _count(endpoint) == before                       # alive, and nothing changed
    assert _connections(sock) == 0                          # nothing reached the SERVICE target
    assert _external(no_network) == []                      # the front connected only to its engine
    assert _outside_connections(endpoint._engine.pid) == [] # and the engine to no other host


@pytest.mark.server
@pytest.mark.parametrize("request_bytes,status", [
    (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n\r\nASK {}", 411),
    (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nASK {}", 411),
    (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nASK {}", 411),
    (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", 413),
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET /query?query=ASK%20%7B%7D HTTP/9.9\r\n\r\n", 505),
], ids=["no-content-length", "content-length-not-a-number", "negative-content-length",
        "content-length-far-over-the-limit", "not-http", "unknown-http-version"])
def test_endpoint_survives_malformed_http(endpoint, request_bytes, status):
    before = _count(endpoint)
    assert _raw(endpoint, request_bytes) == status
    assert _count(endpoint) == before


@pytest.mark.server
def test_concurrent_hostile_and_honest_clients(endpoint, listener):
    """24 clients at once, half of them hostile: each gets its own answer, the rest keep working."""
    from concurrent.futures import ThreadPoolExecutor

    import requests
    sock, url = listener
    honest = ("SELECT ?who ?name WHERE { ?who a kj:Person ; rdfs:label ?name } ORDER BY ?who ?name", 200)
    hostile = [(f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", 403), ("DROP ALL", 403),
               ("SELECT * {", 400), (HEAVY_LIST, 400), ("SELECT * { ?s ?p ?o }", 400)]
    jobs = [honest if i % 2 else hostile[i // 2 % len(hostile)] for i in range(48)]
    expected = requests.post(endpoint.query_url, data={"query": honest[0]}, timeout=10).text
    before = _count(endpoint)

    def ask(job):
        answer = requests.post(endpoint.query_url, data={"query": job[0]}, timeout=60)
        return answer.status_code, answer.text

    with ThreadPoolExecutor(24) as pool:
        answers = list(pool.map(ask, jobs))
    assert [a[0] for a in answers] == [j[1] for j in jobs]
    assert all(text == expected for (status, text), job in zip(answers, jobs) if job is honest)
    assert _count(endpoint) == before and _connections(sock) == 0


# --------------------------------------------------------------------------- outputs

EVIL_EN = (r"=HYPERLINK(\"http://127.0.0.1:9/x\") </script><script>alert(1)</script> ]]> &amp; "
           r"| `code` *bold* [link](javascript:alert(3)) \t ../../../../evil")
EVIL_KO = r"@SUM(1+1) 한국 <img src=x onerror=alert(2)> | /etc/passwd"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """A build of the mini source whose labels are markup, formulas, control characters and paths."""
    root = tmp_path_factory.mktemp("hostile-build")
    source = root / "mini_0001.trig"
    source.write_text(sub('"한국"@ko', f'"{EVIL_KO}"@ko', sub('"South Korea"@en', f'"{EVIL_EN}"@en')),
                      encoding="utf-8")
    out = root / "out"
    result = build(out, sources=[source], texts_dir=MINI_TEXTS)
    return root, out, result


def test_names_derived_from_data_never_leave_the_output_folder(hostile_build, previous):
    root, out, result = hostile_build
    good_out, _ = previous
    assert sorted(result.files) == sorted(snapshot(good_out))          # the same fixed names, whatever the labels
    assert sorted(p.name for p in root.iterdir()) == [".kjus-cache", "mini_0001.trig", "out"]
    assert [p.name for p in (root / ".kjus-cache").rglob("*")] == ["out", "validated.json"]  # the build's cache only
    assert all(Path(out, name).resolve().is_relative_to(out.resolve()) for name in result.files)


def test_hostile_labels_leave_every_export_parseable(hostile_build):
    import csv
    import json

    import pyoxigraph as ox
    from lxml import etree
    _, out, result = hostile_build
    for name, fmt in (("kjus.trig", ox.RdfFormat.TRIG), ("kjus.nq", ox.RdfFormat.N_QUADS),
                      ("kjus.ttl", ox.RdfFormat.TURTLE), ("kjus.jsonld", ox.RdfFormat.JSON_LD)):
        labels = {q.object.value for q in ox.parse(path=str(out / name), format=fmt)
                  if q.subject.value == KJD + "korea" and isinstance(q.object, ox.Literal)}
        assert any("</script>" in v and "\t" in v for v in labels), name
    strict = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    for name in [n for n in result.files if n.endswith((".gexf", ".graphml", ".svg"))]:
        etree.parse(str(out / name), strict)
    for name in ("gephi/nodes.csv", "gephi/edges.csv"):
        for row in csv.reader(io.StringIO((out / name).read_text(encoding="utf-8"))):
            assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row), row
    json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    for name in [n for n in result.files if n.endswith(".html")]:
        page = (out / name).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in page and "<img src=x" not in page, name


def test_hostile_labels_stay_text_in_the_markdown_briefing(hostile_build):
    """analysis.md rendered by a real CommonMark parser: no live HTML, no broken table, no code or link."""
    from markdown_it import MarkdownIt
    from lxml import html as lxml_html
    _, out, _ = hostile_build
    md = (out / "analysis.md").read_text(encoding="utf-8")
    assert "\x00" not in md
    page = MarkdownIt("commonmark").enable("table").render(md)
    tree = lxml_html.fromstring(f"<div>{page}</div>")
    assert tree.xpath("//script") == [] and tree.xpath("//img[@onerror]") == []
    assert not [a for a in tree.xpath("//a/@href") if a.startswith("javascript")]
    assert not [c for c in tree.xpath("//code") if "code" == c.text_content()]
    text = tree.text_content()
    assert "<img src=x onerror=alert(2)>" in text and "`code`" in text and "*bold*" in text
    for table in tree.xpath("//table"):
        header = len(table.xpath(".//thead/tr/th"))
        assert all(len(row.xpath("./td")) == header for row in table.xpath(".//tbody/tr"))
    assert any("<img src=x onerror=alert(2)> | /etc/passwd" in cell.text_content()
               for cell in tree.xpath("//td")), "the hostile Korean label should sit whole in one table cell"


@pytest.mark.parametrize("call", [
    lambda f: build(f, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS),
    lambda f: build(Path("/proc/1/kjus-out"), sources=[MINI_SOURCE], texts_dir=MINI_TEXTS),
    lambda f: write_gephi(_mini_graph(), f),
    lambda f: write_html(_mini_graph(), f / "view.html"),
    lambda f: write_analysis(_mini_graph(), f),
], ids=["build-out-is-a-file", "build-out-unwritable", "gephi-out-is-a-file", "view-in-a-file",
        "analysis-out-is-a-file"])
def test_output_path_that_cannot_be_written_is_an_export_error(tmp_path, call):
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"keep me")
    with pytest.raises(ExportError) as info:
        call(blocker)
    assert type(info.value) is ExportError and ("blocker" in str(info.value) or "/proc/1" in str(info.value))
    assert "choose another" in str(info.value) or "cannot" in str(info.value)
    assert blocker.read_bytes() == b"keep me" and sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def _mini_graph():
    return project_graph(load_dataset([MINI_SOURCE]), "full")


def test_an_explicit_out_path_is_written_exactly_where_asked(tmp_path):
    """Policy: writing where the user explicitly asks (even ../) is allowed, and nothing else is written."""
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    done = _kjus(["view", "--out", "../../x.html", "--sources", str(MINI_SOURCE)], cwd=work)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "x.html"] and list(work.iterdir()) == []


def test_build_killed_at_random_points_leaves_whole_files_and_no_litter(tmp_path):
    """kill -9 `kjus build` at random points of its writing phase, again and again: the export folder
    is always the whole old set or the whole new set; the next build succeeds and leaves no litter."""
    import random
    import signal
    old_out, new_out, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    changed = tmp_path / "src" / "mini_0001.trig"
    changed.parent.mkdir()
    changed.write_text(sub('"Japan"@en', '"Japan (Nippon)"@en'), encoding="utf-8")
    build(old_out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    env = {**os.environ, "KJUS_SOURCE_DIR": str(MINI_TEXTS), "PYTHONPATH": str(ROOT)}

    def start(target):
        process = subprocess.Popen([*KJUS, "build", "--out", str(target), "--sources", str(changed)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in process.stderr:                 # wait until it starts writing
            if "writing RDF" in line:
                return process, time.monotonic()
        raise AssertionError("the build never reached its writing phase")

    process, writing = start(new_out)
    assert process.wait(120) == 0
    span = time.monotonic() - writing               # roughly how long the writing phase lasts
    history = ("changes.json", "changes.md", "manifest.json")   # compare a build with the one before it

    def whole(folder):
        return {k: v for k, v in snapshot(folder).items() if k not in history}
    old, new = whole(old_out), whole(new_out)
    assert old.keys() == new.keys() and old != new
    shutil.copytree(old_out, out)
    rng, interrupted = random.Random(8), 0         # kills that caught the build with its staging folder
    for attempt in range(6):
        process, _ = start(out)
        if attempt % 2:                             # every other kill lands at once, inside the writing phase
            time.sleep(rng.uniform(0, span))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stderr.close()
        interrupted += any(tmp_path.glob(".out.staging-*"))
        now = whole(out)
        assert now == old or now == new, sorted(k for k in now if now.get(k) not in (old.get(k), new.get(k)))
    assert interrupted >= 3, "no kill caught the build while it was writing"
    finished = _kjus(["build", "--quiet", "--out", str(out), "--sources", str(changed)],
                     KJUS_SOURCE_DIR=str(MINI_TEXTS))
    assert finished.returncode == 0, finished.stderr
    assert whole(out) == new
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".kjus-cache"]  # no staging left


# --------------------------------------------------------------------------- the CLI, as a real process

#: (id, arguments (BAD = a broken source, FILE = an existing file, EMPTY = an empty folder), exit status,
#:  fragment of the last stderr line)
CLI_CASES = [
    ("build-out-is-a-file", ["build", "--out", "FILE"], 2, "is a file"),
    ("build-out-unwritable", ["build", "--out", "/proc/1/kjus-out", "--sources", str(MINI_SOURCE)], 1,
     "cannot create a staging folder beside the output folder"),
    ("build-empty-sources-folder", ["build", "--out", "OUT", "--sources", "EMPTY"], 1, "no source files"),
    ("build-broken-nq", ["build", "--out", "OUT", "--sources", "BADNQ"], 1, "line 1"),
    ("validate-rdfxml-source", ["validate", "--sources", str(HOSTILE / "xxe.rdf")], 1, "unknown RDF file type"),
    ("validate-ill-typed", ["validate", "--sources", "BAD"], 1, "violation(s) found"),
    ("validate-no-such-source", ["validate", "--sources", "/no/such/source.trig"], 2, "does not exist"),
    ("stats-broken-source", ["stats", "--sources", "BADNQ"], 1, "line 1"),
    ("query-nothing", ["query"], 2, "give a QUERY"),
    ("query-billion-laughs", ["query", "ASK {}", "--data", str(HOSTILE / "billion-laughs.rdf")], 1,
     "external, parameter or nested entity"),
    ("query-remote-jsonld", ["query", "ASK {}", "--data", str(HOSTILE / "remote-context.jsonld")], 1,
     "remote contexts"),
    ("query-deep-nesting", ["query", "SELECT * {" + "{" * 5000 + "}" * 5000 + "}"], 1, "nested more than 32"),
    ("query-service-lower-case", ["query", "select * { service <http://127.0.0.1:9/> { ?s ?p ?o } }"], 1,
     "--allow-service"),
    ("query-negative-limit", ["query", "ASK {}", "--limit", "-1"], 2, "--limit"),
    ("query-data-not-rdf", ["query", "ASK {}", "--data", "FILE"], 1, "not an RDF file extension"),
    ("serve-port-out-of-range", ["serve", "--port", "70000"], 2, "--port"),
    ("serve-hostile-data", ["serve", "--port", "0", "--data", str(HOSTILE / "xxe.rdf")], 1,
     "external, parameter or nested entity"),
    ("serve-zero-timeout", ["serve", "--timeout", "0"], 2, "--timeout"),
    ("push-no-store", ["push"], 2, "--store"),
    ("push-not-a-url", ["push", "--store", "notaurl", "--data", str(SPARQL_MINI)], 1, "not an http:// or https://"),
    ("push-file-url", ["push", "--store", "file:///etc/passwd", "--data", str(SPARQL_MINI)], 1,
     "not an http:// or https://"),
    ("push-zero-batch", ["push", "--store", "http://127.0.0.1:9/", "--update", "--batch-size", "0"], 2,
     "--batch-size"),
    ("export-unknown-format", ["export", "graphviz"], 2, "No such command"),
    ("export-gephi-bad-graph", ["export", "gephi", "--graph", "everything"], 2, "--graph"),
    ("export-gephi-out-is-a-file", ["export", "gephi", "--out", "FILE"], 2, "is a file"),
    ("view-focus-and-query", ["view", "--focus", "a", "--query", "b", "--out", "OUT/v.html"], 2, "not both"),
    ("view-unknown-entity", ["view", "--focus", "nobody", "--out", "OUT/v.html", "--sources", str(MINI_SOURCE)],
     1, "no entity named 'nobody'"),
    ("view-update-query", ["view", "--query", "DROP ALL", "--out", "OUT/v.html", "--sources", str(MINI_SOURCE)],
     1, "read-only"),
    ("view-out-is-a-folder", ["view", "--out", "OUT"], 2, "is a directory"),
    ("analyze-out-is-a-file", ["analyze", "--out", "FILE"], 2, "is a file"),
    ("path-missing-argument", ["path", "kjd:korea"], 2, "Missing argument 'B'"),
    ("path-unknown-entity", ["path", "nobody", "kjd:japan", "--sources", str(MINI_SOURCE)], 1,
     "no entity named 'nobody'"),
    ("neighbors-zero-depth", ["neighbors", "kjd:korea", "--depth", "0"], 2, "--depth"),
    ("synth-no-out", ["synth"], 2, "--out"),
    ("synth-bad-size", ["synth", "--out", "OUT/s.trig", "--triples", "lots"], 1, "not a number of triples"),
    ("bench-bad-size", ["bench", "--sizes", "lots"], 1, "not a number of triples"),
    ("bench-zero-repeat", ["bench", "--repeat", "0"], 2, "--repeat"),
    ("unknown-command", ["drop"], 2, "No such command 'drop'"),
]


def _arguments(args, tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text(sub("kj:start 11", 'kj:start "abc"^^xsd:integer'), encoding="utf-8")
    (tmp_path / "bad.nq").write_text(f'<{KJD}a> {LABEL} "unclosed <{KJD}g> .\n', encoding="utf-8")
    (tmp_path / "file").write_bytes(b"keep me")
    (tmp_path / "empty").mkdir()
    (tmp_path / "out").mkdir()
    names = {"BAD": bad, "BADNQ": tmp_path / "bad.nq", "FILE": tmp_path / "file", "EMPTY": tmp_path / "empty",
             "OUT": tmp_path / "out"}
    return [str(names[a]) if a in names else a.replace("OUT/", str(tmp_path / "out") + "/") for a in args]


@pytest.mark.parametrize("args,status,fragment", [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES])
def test_cli_refuses_with_one_line_and_a_hint(tmp_path, args, status, fragment):
    done = _kjus(_arguments(args, tmp_path), cwd=tmp_path, KJUS_SOURCE_DIR=str(MINI_TEXTS),
                 KJUS_EXPORTS=str(tmp_path / "exports"))
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: ") and fragment in last, done.stderr
    assert "Try 'kjus" in done.stderr if status == 2 else (";" in last or "`kjus" in last or "--" in last), last
    assert (tmp_path / "file").read_bytes() == b"keep me" and list((tmp_path / "out").iterdir()) == []
    assert not (tmp_path / "exports").exists()


def test_debug_shows_the_traceback_the_plain_cli_hides(tmp_path):
    args = _arguments(["validate", "--sources", "BADNQ"], tmp_path)
    plain, debug = _kjus(args, cwd=tmp_path), _kjus(["--debug", *args], cwd=tmp_path)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "graph.errors.ParseError" in debug.stderr
