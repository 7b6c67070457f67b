"""A read-only SPARQL 1.1 Protocol endpoint over the built graph.

Two processes, both on loopback by default:

* **the engine** — Oxigraph's own server (``oxigraph serve-read-only`` from the
  ``oxigraph`` PyPI package) over an on-disk store this module prepares in a
  temporary folder, named graphs kept.  Every query is evaluated there.
* **the front** — a small :class:`http.server.ThreadingHTTPServer` on the
  public port.  It serves an offline query page at ``/``, checks each query
  with the engine's parser (:func:`graph.query.check_query`: updates and, unless
  allowed, ``SERVICE`` are refused; syntax errors get ``400`` with line and
  column; the parsing happens in a small pool of worker processes, so a query
  that would crash or stall the parser costs one worker, never the front),
  predeclares the project prefixes, forwards the query with the
  client's ``Accept`` header and the ``default-graph-uri`` / ``named-graph-uri``
  parameters to the engine, and enforces the timeout and the result-size cap by
  parsing the engine's answer with the engine's own result parsers before
  passing it on.  It evaluates nothing itself.

The front also answers for the graph's own IRIs, as linked data
(:mod:`graph.render.site`): ``GET /id/NAME`` (and ``/source/…``, ``/status/…``,
``/topic/…``, ``/measure/…``, ``/unit/…``, ``/ontology``) answers ``303 See Other``
with ``Vary: Accept`` to the document in the format the ``Accept`` header
prefers — ``/id/NAME.html`` for a browser, ``.ttl``, ``.nt``, ``.jsonld`` or
``.rdf`` for Turtle, N-Triples, JSON-LD or RDF/XML — and serves those documents
and the rest of the site (``/index.html``, ``/timeline.html``, …; the query page
also at ``/sparql.html``) from a read-only view of the same store.  An unknown
IRI is ``404`` with a page; no acceptable format is ``406``.

Status codes: ``400`` malformed query, missing parameter or result over the
cap; ``403`` update or refused ``SERVICE``; ``404`` unknown path; ``405`` wrong
method; ``411``/``413`` missing or oversized request body; ``415`` wrong
content type; ``503`` query timeout; other engine errors are passed through.

Examples
--------
>>> from graph.paths import ROOT
>>> import urllib.request, urllib.parse
>>> with start_endpoint(ROOT / "tests/data/sparql/mini.trig", port=0) as endpoint:
...     url = endpoint.query_url + "?" + urllib.parse.urlencode({"query": "ASK { ?s a kj:Summit }"})
...     print(urllib.request.urlopen(url).read().decode())
{"head":{},"boolean":true}
"""
from __future__ import annotations

import csv
import io
import json
import math
import queue
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import pyoxigraph as ox

from graph.errors import KGError, QueryError
from graph.files import make_work_dir
from graph.paths import ROOT
from graph.prefixes import sparql_prologue   # not graph.vocab: the query path stays free of rdflib
from graph.query import QueryInfo, QueryRefused, list_queries, load_store

__all__ = ["Endpoint", "start_endpoint", "serve",
           "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_MAX_RESULTS"]

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10_000
MAX_REQUEST_BYTES = 1 << 20
MAX_RESPONSE_BYTES = 256 << 20
PAGE = Path(__file__).with_name("static") / "index.html"
READ_ONLY = "updates are refused; kjus is read-only"
#: Content-Security-Policy of the linked-data pages: their scripts and styles come from the site only.
PAGES_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: What a client may ask for by ``Accept``, in the server's order of preference: extension → media types.
NEGOTIATED = {"html": ("text/html", "application/xhtml+xml"), "ttl": ("text/turtle", "application/x-turtle"),
              "jsonld": ("application/ld+json",), "rdf": ("application/rdf+xml",),
              "nt": ("application/n-triples",)}


class Endpoint:
    """A running endpoint: the Oxigraph engine plus the front.  Use as a context manager.

    ``url`` is the front's base URL; ``query_url`` the SPARQL endpoint (``url + "query"``).
    """

    def __init__(self, front: ThreadingHTTPServer, engine: subprocess.Popen, folder: Path):
        self._front, self._engine, self._folder = front, engine, folder
        host, port = front.server_address[:2]
        self.url = f"http://{_url_host(host)}:{port}/"
        self.query_url = self.url + "query"
        self._thread = threading.Thread(target=front.serve_forever, args=(0.1,),
                                        name="kjus-front", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop the front and the engine and delete the prepared store."""
        self._front.shutdown()
        self._front.server_close()
        self._front.RequestHandlerClass.config["checkers"].close()
        self._front.RequestHandlerClass.config["pages"] = None   # the read-only view of the store
        _stop(self._engine)
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def start_endpoint(data: str | Path | None = None, *, host: str = "127.0.0.1",
                   port: int = DEFAULT_PORT, timeout: float = DEFAULT_TIMEOUT,
                   max_results: int = DEFAULT_MAX_RESULTS, allow_service: bool = False,
                   log=None) -> Endpoint:
    """Prepare a store from ``data`` and start the engine and the front.

    Parameters
    ----------
    data : path, optional
        RDF file or folder (see :func:`graph.query.load_store`); default the
        build's ``exports/kjus.nq``.
    host, port : str, int
        Where the front listens (``port=0`` picks a free port).
    timeout : float
        Seconds a query may run.
    max_results : int
        Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) an answer may hold.
    allow_service : bool
        Permit ``SERVICE`` (federated) queries.
    log : callable, optional
        Called with one line per request.

    Returns
    -------
    Endpoint
        Already answering; call :meth:`Endpoint.close` (or use ``with``).

    Raises
    ------
    KGError
        No engine binary, the engine did not start, or the port is taken.
    """
    folder = make_work_dir(tempfile.gettempdir(), "kjus-serve")   # and delete those of killed servers
    engine = checkers = None
    try:
        load_store(data, location=folder / "store")  # dropped at once: closed for the engine
        engine_port = _free_port()
        engine = _start_engine(folder, engine_port, timeout)
        checkers = _Checkers(CHECKERS, min(timeout, MAX_CHECK_SECONDS))
        config = dict(engine=f"http://127.0.0.1:{engine_port}/query", timeout=timeout,
                      max_results=max_results, allow_service=allow_service, log=log,
                      page=PAGE.read_bytes(), checkers=checkers, pages=_pages(folder / "store", data))
        handler = type("Handler", (_Front,), {"config": config})
        try:
            front = _FrontServer((host, port), handler)
        except OSError as exc:
            raise KGError(f"cannot listen on {host}:{port}: {exc.strerror}; "
                          "choose another --port or stop the program using it") from None
        front.daemon_threads = True
        return Endpoint(front, engine, folder)
    except BaseException:
        if engine is not None:
            _stop(engine)
        if checkers is not None:
            checkers.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise


def serve(data: str | Path | None = None, *, on_ready=None, **options) -> None:
    """Run the endpoint until SIGINT or SIGTERM (the ``kjus serve`` command).

    ``on_ready`` is called with the query URL once the endpoint answers;
    ``options`` are those of :func:`start_endpoint`.  Both processes are
    stopped and the prepared store deleted on the way out.
    """
    stop = threading.Event()
    handlers = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with start_endpoint(data, **options) as endpoint:
            if on_ready is not None:
                on_ready(endpoint.query_url)
            stop.wait()
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


# --------------------------------------------------------------------------- engine

def _engine_binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise KGError("the Oxigraph server binary is missing; install it with `pip install oxigraph`")
    return found


def _die_with_parent() -> None:
    """In a child process: ask Linux to send SIGTERM when the front dies, even by ``kill -9``.

    Without it a killed front leaves the engine running on its port.  (Linux sends the signal
    when the *thread* that started the child ends, so only children started by the serving
    thread use it; the query checkers, which handler threads may restart, exit on EOF instead.)
    Elsewhere than Linux this does nothing.
    """
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _start_engine(folder: Path, port: int, timeout: float) -> subprocess.Popen:
    log = open(folder / "engine.log", "wb")
    engine = subprocess.Popen(
        [_engine_binary(), "serve-read-only", "--location", str(folder / "store"),
         "--bind", f"127.0.0.1:{port}", "--timeout-s", str(max(1, math.ceil(timeout)))],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    log.close()
    probe = f"http://127.0.0.1:{port}/query?" + urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if engine.poll() is not None:
            break
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return engine
        except OSError:
            time.sleep(0.05)
    _stop(engine)
    tail = (folder / "engine.log").read_text(errors="replace")[-500:].strip()
    raise KGError(f"the Oxigraph server did not start: {tail or 'no output'}")


def _stop(process: subprocess.Popen, kill: bool = False) -> None:
    if process.poll() is None and kill:
        process.kill()
        process.wait()
    elif process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


#: Worker processes that parse queries for the front, and the longest a parse may take.
CHECKERS = 2
MAX_CHECK_SECONDS = 5.0
_CHECK_WORKER = """
import json, sys
from graph.errors import KGError
from graph.query import QueryRefused, check_query
print("ready", flush=True)
for line in sys.stdin:
    job = json.loads(line)
    try:
        info = check_query(job["query"], allow_service=job["allow_service"])
        answer = {"form": info.form, "has_dataset": info.has_dataset}
    except QueryRefused as exc:
        answer = {"refused": str(exc)}
    except KGError as exc:
        answer = {"error": str(exc)}
    print(json.dumps(answer), flush=True)
"""


class _Checkers:
    """Worker processes running :func:`graph.query.check_query` for the front.

    The SPARQL parser is native code: some queries of a few kilobytes take it
    minutes, and very deep ones overflow its stack.  A worker that takes longer
    than ``seconds`` or dies is killed and replaced, and the query is refused.
    """

    def __init__(self, size: int, seconds: float):
        self._seconds = seconds
        self._idle: queue.Queue = queue.Queue()
        for _ in range(size):
            self._idle.put(self._spawn())

    @staticmethod
    def _spawn() -> subprocess.Popen:
        worker = subprocess.Popen([sys.executable, "-c", _CHECK_WORKER], cwd=ROOT, text=True, encoding="utf-8",
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if select.select([worker.stdout], [], [], 60)[0] and worker.stdout.readline() == "ready\n":
            return worker
        _stop(worker)
        raise KGError("the query checker did not start; run `python -c 'import graph.query'` to see why")

    def check(self, query: str, allow_service: bool) -> QueryInfo:
        """Check ``query`` like :func:`graph.query.check_query`, in a worker."""
        worker = self._idle.get()
        try:
            worker.stdin.write(json.dumps({"query": query, "allow_service": allow_service}) + "\n")
            worker.stdin.flush()
            line = worker.stdout.readline() if select.select([worker.stdout], [], [], self._seconds)[0] else ""
        except OSError:
            line = ""
        if not line:
            _stop(worker, kill=True)
            worker = self._spawn()
        self._idle.put(worker)
        if not line:
            raise QueryError(f"query: too complex to parse within {self._seconds:g} s; "
                             "use fewer patterns, shorter paths or lists, or less nesting")
        answer = json.loads(line)
        if "refused" in answer:
            raise QueryRefused(answer["refused"])
        if "error" in answer:
            raise QueryError(answer["error"])
        return QueryInfo(answer["form"], answer["has_dataset"])

    def close(self) -> None:
        """Stop every idle worker (the front has stopped, so all are idle)."""
        while not self._idle.empty():
            _stop(self._idle.get(), kill=True)


def _pages(location: Path, data) -> object:
    """The linked-data pages over a read-only view of the engine's store; the index is built in the background."""
    from graph.paths import source_text_dirs
    from graph.render.site import SitePages

    texts = []
    if data is not None:
        texts.append(Path(data) if Path(data).is_dir() else Path(data).parent)
    pages = SitePages(ox.Store.read_only(str(location)), texts=[*texts, *source_text_dirs()])
    threading.Thread(target=lambda: pages.index, name="kjus-pages-index", daemon=True).start()
    return pages


def _uri_to_iri(path: str) -> str:
    """A request path as the IRI part it stands for: percent-encoded UTF-8 beyond ASCII decoded, the rest kept (RFC 3987).

    Examples
    --------
    >>> _uri_to_iri("id/%ED%95%9C%EA%B5%AD-x"), _uri_to_iri("id/a%2Fb")
    ('id/한국-x', 'id/a%2Fb')
    """
    def decode(match):
        raw = bytes.fromhex(match[0].replace("%", ""))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return match[0]
    return re.sub(r"(?:%[89A-Fa-f][0-9A-Fa-f])+", decode, path)


def _preferred(accept: str | None) -> str | None:
    """The extension of :data:`NEGOTIATED` an ``Accept`` header prefers (HTML on a tie), ``None`` if none is acceptable.

    Examples
    --------
    >>> _preferred("text/turtle;q=0.9, application/ld+json"), _preferred(None), _preferred("*/*")
    ('jsonld', 'html', 'html')
    >>> _preferred("application/rdf+xml, text/html;q=0.5"), _preferred("image/png")
    ('rdf', None)
    """
    ranges = []
    for part in (accept or "*/*").split(","):
        kind, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if kind:
            ranges.append((kind.lower(), q))
    best, best_q = None, 0.0
    for ext, types in NEGOTIATED.items():
        q = 0.0
        for media in types:
            matches = [(3 if r == media else 2 if r == media.split("/")[0] + "/*" else 1 if r == "*/*" else 0, rq)
                       for r, rq in ranges]
            specific = max((m for m in matches if m[0]), default=None)
            if specific:
                q = max(q, specific[1])
        if q > best_q:
            best, best_q = ext, q
    return best


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


# --------------------------------------------------------------------------- front

class _FrontServer(ThreadingHTTPServer):
    """The front's server: a thread per connection and a listen backlog for many clients at once
    (the default of 5 makes the kernel reset connections under load)."""

    request_queue_size = 256
    daemon_threads = True


class _Front(BaseHTTPRequestHandler):
    """The public side: page, checks, caps; queries are forwarded to the engine."""

    config: dict = {}
    server_version = "kjus-sparql"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a connection may sit idle or trickle a request before it is dropped

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/":
            self._send(200, self.config["page"], "text/html; charset=utf-8")
        elif url.path == "/queries":
            listing = [{"name": q.name, "question": q.question,
                        "query": q.path.read_text(encoding="utf-8")} for q in list_queries()]
            self._send(200, json.dumps(listing, ensure_ascii=False).encode(), "application/json")
        elif url.path == "/query":
            self._query(parse_qs(url.query, keep_blank_values=True))
        elif url.path == "/sparql.html":
            self._send(200, self.config["page"], "text/html; charset=utf-8")
        elif not self._linked_data(url.path):
            self._elsewhere(url.path)

    def _linked_data(self, path: str) -> bool:
        """Answer for a page of the site or an IRI of the graph; ``False`` when the path is neither."""
        from graph.render.site import BASE, MEDIA_TYPES, SITE_DIRS

        pages = self.config.get("pages")
        rel = unquote(path[1:])
        if pages is None or not rel or any(part in ("", ".", "..") for part in rel.split("/")):
            return False
        found = pages.file(rel)
        if found is not None:
            self._send(200, found[0], found[1], {"X-Content-Type-Options": "nosniff"}, csp=PAGES_CSP)
            return True
        head = rel.split("/", 1)[0]
        known = head in SITE_DIRS or rel == "ontology"
        if not known and not rel.endswith(".html") and head not in ("type", "country", "timeline", "sources",
                                                                     "assets"):
            return False
        ext = _preferred(self.headers.get("Accept"))
        iri = BASE + _uri_to_iri(path[1:])
        if known:
            if ext is None:
                self._error(406, "no acceptable format; ask for one of " +
                            ", ".join(t for types in NEGOTIATED.values() for t in types), {"Vary": "Accept"})
                return True
            target = pages.path_of(iri) if ext == "html" else pages.rdf_path_of(iri, ext)
            if target is not None:
                doc, _, fragment = target.partition("#")
                location = "/" + quote(doc, safe="/-._~!$&'()*+,;=:@") + (f"#{fragment}" if fragment else "")
                self._send(303, f"See Other: {location}\n".encode(), "text/plain; charset=utf-8",
                           {"Location": location, "Vary": "Accept"})
                return True
        if ext == "html" or rel.endswith(".html"):
            self._send(404, pages.not_found(rel), MEDIA_TYPES["html"], {"Vary": "Accept"}, csp=PAGES_CSP)
        else:
            self._error(404, f"nothing in the graph is called {iri}", {"Vary": "Accept"})
        return True

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path != "/query":
            return self._elsewhere(url.path)
        params = parse_qs(url.query, keep_blank_values=True)
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            return self._error(411, "send the query with a Content-Length header")
        if int(length) > MAX_REQUEST_BYTES:
            self.close_connection = True
            return self._error(413, f"request body over {MAX_REQUEST_BYTES} bytes")
        body = self.rfile.read(int(length))
        kind = self.headers.get_content_type()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(400, "the request body is not UTF-8")
        if kind == "application/sparql-query":
            params.setdefault("query", []).append(text)
        elif kind == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            return self._error(415, f"content type {kind} is not accepted; POST "
                                    "application/sparql-query or application/x-www-form-urlencoded")
        self._query(params)

    def do_PUT(self):
        self._elsewhere(urlsplit(self.path).path, method_ok=False)

    do_DELETE = do_PATCH = do_PUT
    do_HEAD = do_GET

    def _elsewhere(self, path: str, method_ok: bool = True):
        if path.rstrip("/") in ("/update", "/store"):
            self._error(403, READ_ONLY)
        elif path == "/query" or not method_ok:
            self.close_connection = True
            self._error(405, "use GET or POST on /query", {"Allow": "GET, POST"})
        else:
            self._error(404, f"nothing at {path}; the SPARQL endpoint is /query, the query page is /")

    def _query(self, params: dict):
        cfg = self.config
        if "update" in params:
            return self._error(403, READ_ONLY)
        queries = params.get("query", [])
        if len(queries) != 1:
            return self._error(400, "give exactly one 'query' parameter")
        try:
            info = cfg["checkers"].check(queries[0], cfg["allow_service"])
        except QueryRefused as exc:
            return self._error(403, str(exc))
        except QueryError as exc:
            return self._error(400, str(exc))
        form = {"query": sparql_prologue() + queries[0]}
        dataset = {k: params[k] for k in ("default-graph-uri", "named-graph-uri") if k in params}
        form.update(dataset)
        if not info.has_dataset and not dataset:
            form["union-default-graph"] = ""
        request = urllib.request.Request(
            cfg["engine"], data=urlencode(form, doseq=True).encode(), method="POST",
            headers={"Accept": self.headers.get("Accept") or "*/*",
                     "Content-Type": "application/x-www-form-urlencoded"})
        try:
            kind, body = _fetch(request, cfg["timeout"])
        except urllib.error.HTTPError as exc:
            return self._send(exc.code, exc.read(), exc.headers.get("Content-Type", "text/plain"))
        except TimeoutError:
            return self._error(503, _timed_out(cfg["timeout"]))
        except OSError as exc:
            return self._error(502, f"the SPARQL engine did not answer: {exc}")
        if body is None:
            return self._error(400, _too_many(f"more than {MAX_RESPONSE_BYTES} bytes", cfg))
        try:
            size = _count(body, kind, info.form)
        except (SyntaxError, ValueError, csv.Error):
            tail = body[-300:].decode("utf-8", "replace")
            if "cancelled" in tail:
                return self._error(503, _timed_out(cfg["timeout"]))
            return self._error(500, "the engine failed while answering: " + tail.rsplit("}", 1)[-1].strip())
        if size > cfg["max_results"]:
            return self._error(400, _too_many(f"{size} results", cfg))
        self._send(200, body, kind, {"Vary": "Accept"})

    def _error(self, status: int, message: str, headers: dict | None = None):
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8", headers)

    def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None, csp: str | None = None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy",
                         csp or "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        if self.config.get("log"):
            self.config["log"](f"{self.address_string()} {format % args}")


def _fetch(request: urllib.request.Request, timeout: float) -> tuple[str, bytes | None]:
    """Content type and body of the engine's answer; ``None`` body when over the byte cap.

    Raises :class:`TimeoutError` when the whole answer takes longer than
    ``timeout`` (the engine checks its own timeout only now and then); closing
    the connection stops the engine's streaming.
    """
    deadline = time.monotonic() + timeout
    with urllib.request.urlopen(request, timeout=timeout + 1) as answer:
        kind = answer.headers.get("Content-Type", "application/octet-stream")
        chunks, size = [], 0
        while chunk := answer.read1(1 << 16):
            chunks.append(chunk)
            size += len(chunk)
            if time.monotonic() > deadline:
                raise TimeoutError
            if size > MAX_RESPONSE_BYTES:
                return kind, None
    return kind, b"".join(chunks)


def _count(body: bytes, kind: str, form: str) -> int:
    """Rows or triples in an engine answer, parsed with the engine's own parsers."""
    media = kind.split(";")[0].strip().lower()
    if form == "ASK":
        return 1
    if form == "SELECT":
        if media == "text/csv":
            return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1)
        fmt = ox.QueryResultsFormat.from_media_type(media)
        return sum(1 for _ in ox.parse_query_results(body, format=fmt)) if fmt else 0
    fmt = ox.RdfFormat.from_media_type(media)
    return sum(1 for _ in ox.parse(body, format=fmt)) if fmt else 0


def _timed_out(timeout: float) -> str:
    return (f"the query ran longer than the endpoint's timeout of {timeout:g} s; "
            "add LIMIT or narrower patterns, or restart kjus serve with a larger --timeout")


def _too_many(what: str, cfg: dict) -> str:
    return (f"the answer has {what}, over the endpoint's cap of {cfg['max_results']}; "
            "add LIMIT to the query or restart kjus serve with a larger --max-results")
