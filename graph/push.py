"""Copy the whole dataset, named graphs included, into a remote SPARQL 1.1 store.

Two standard ways in, both idempotent (pushing twice leaves one copy):

``"gsp"`` — SPARQL 1.1 Graph Store HTTP Protocol
    one ``PUT URL?graph=IRI`` per named graph (N-Triples body); ``PUT``
    replaces the graph.  URL is the store's graph-store service, e.g. Fuseki
    ``http://localhost:3030/ds/data``, GraphDB
    ``http://localhost:7200/repositories/REPO/rdf-graphs/service``, Oxigraph
    ``http://localhost:7878/store``, Virtuoso
    ``http://localhost:8890/sparql-graph-crud-auth``.
``"update"`` — SPARQL 1.1 Update
    per graph ``DROP SILENT GRAPH <IRI>`` then ``INSERT DATA`` in batches.  URL
    is the update endpoint, e.g. Fuseki ``http://localhost:3030/ds/update``,
    GraphDB ``http://localhost:7200/repositories/REPO/statements``, Oxigraph
    ``http://localhost:7878/update``, Virtuoso ``http://localhost:8890/sparql-auth``.
    Triples sharing a blank node always go in the same batch, so blank-node
    structures arrive whole.

The default graph is pushed only when it holds triples (a KJUS build keeps
everything in named graphs), so a push never empties a store's default graph.

Authentication answers the store's challenge: HTTP Basic or Digest (RFC 7616,
``qop=auth``, MD5 or SHA-256), whichever the store asks for.  The password is
never sent before the store has asked for it, and the challenge is reused for
the following requests, so each body travels once.

Virtuoso (recognised by its ``Server`` header, read from an ``OPTIONS``
request made before anything is written) needs four things other stores do
not, and gets them:

* it keeps no default graph of its own (its default graph is the union of all
  graphs), so a dataset whose default graph holds triples is refused up front;
* its SPARQL compiler refuses blank nodes in ``INSERT DATA`` and overflows on
  long requests, so batches with blank nodes go as ``INSERT { … } WHERE { }``
  (one solution: each blank node stays one node), with integral decimals written
  ``30000000.0`` (in a template it takes ``30000000`` for an xsd:integer), and
  batches are capped (:data:`VIRTUOSO_BATCH`, :data:`VIRTUOSO_BLANK_BATCH`);
* its parsers turn ``xsd:duration`` literals into a number of months or
  seconds (``"P3Y"`` reads back as ``"36"``; openlink/virtuoso-opensource
  issues 224 and 936), so those triples are written instead with Virtuoso's
  ``DB.DBA.RDF_QUAD_URI_L_TYPED``, called through its SPARQL endpoint
  (``/sparql-auth``; in Graph Store mode found beside ``/sparql-graph-crud-auth``),
  which stores the literal as it is.  The account needs ``EXECUTE`` on it
  (``dba`` has it);
* its errors come as HTML pages; the message keeps their text.
"""
from __future__ import annotations

import base64
import hashlib
import html
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from graph.errors import ExportError
from graph.query import load_store
from graph.vocab import XSD

__all__ = ["PushSummary", "push_dataset", "MODES", "VIRTUOSO_BATCH", "VIRTUOSO_BLANK_BATCH"]

MODES = ("gsp", "update")
NTRIPLES = "application/n-triples"

#: Most triples per ``INSERT DATA`` on Virtuoso: its SPARQL parser runs out of
#: stack at about 4,990 triples in one request.
VIRTUOSO_BATCH = 2000
#: Most triples per ``INSERT { … } WHERE { }`` on Virtuoso (batches with blank
#: nodes): above about 1,200 its generated SQL passes 10,000 lines.
VIRTUOSO_BLANK_BATCH = 500
#: Datatypes whose literals Virtuoso's parsers rewrite into numbers.
DURATIONS = frozenset(str(XSD[name]) for name in ("duration", "dayTimeDuration", "yearMonthDuration"))
DECIMAL = str(XSD.decimal)


class PushSummary(NamedTuple):
    """What was pushed: ``graphs`` is a sorted list of (graph IRI or ``"default"``, triples)."""

    url: str
    mode: str
    graphs: list[tuple[str, int]]

    @property
    def triples(self) -> int:
        """Total triples pushed."""
        return sum(n for _, n in self.graphs)


def push_dataset(store: ox.Store | str | Path | None, url: str, *, mode: str = "gsp",
                 user: str | None = None, password: str | None = None,
                 batch_size: int = 5000, timeout: float = 120.0,
                 progress: Callable[[str], None] | None = None) -> PushSummary:
    """Push every graph of ``store`` into the SPARQL 1.1 store at ``url``.

    Parameters
    ----------
    store : pyoxigraph.Store or path or None
        The dataset, or an RDF file/folder to load (default the build's
        ``exports/kjus.nq``).
    url : str
        Graph Store Protocol service URL (``mode="gsp"``) or update endpoint
        (``mode="update"``).
    mode : {"gsp", "update"}
    user, password : str, optional
        Credentials for HTTP Basic or Digest authentication, whichever the
        store asks for.
    batch_size : int
        Most triples per ``INSERT DATA`` request (update mode; Virtuoso caps it,
        see the module's notes).
    timeout : float
        Seconds to wait for each HTTP request.
    progress : callable, optional
        Called with one line per graph pushed.

    Returns
    -------
    PushSummary

    Raises
    ------
    ExportError
        The store cannot be reached or refuses a request (the message names the
        graph, the HTTP status and the store's answer), or it is Virtuoso and the
        data holds what Virtuoso cannot store as it is (a default graph, an
        ``xsd:duration`` on a blank node).

    Notes
    -----
    With Apache Jena Fuseki serving a dataset ``ds`` on its default port::

        summary = push_dataset(None, "http://localhost:3030/ds/data")
        print(summary.triples, summary.graphs[0])

    ``tests/test_push.py`` runs this against a real, writable Oxigraph server,
    ``tests/test_push_virtuoso.py`` against Virtuoso Open-Source 7.
    """
    if mode not in MODES:
        raise ExportError(f"unknown push mode {mode!r}; use 'gsp' or 'update'")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise ExportError(f"store URL {url!r} is not an http:// or https:// URL; "
                          "give the store's full URL, e.g. http://localhost:3030/ds/data")
    if not isinstance(store, ox.Store):
        store = load_store(store)
    say = progress or (lambda _line: None)
    graphs = [(g, g.value) for g in sorted(store.named_graphs(), key=lambda g: g.value)]
    if next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None:
        graphs.insert(0, (ox.DefaultGraph(), "default"))
    client = _Client(url, user, password, timeout)
    client.probe()
    sparql = url
    if client.virtuoso:
        _check_virtuoso(store, graphs, url)
        if mode == "gsp" and any(True for _ in _durations(store)):
            sparql = _virtuoso_sparql_url(url)
    done = []
    for number, (graph, label) in enumerate(graphs, 1):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        exact = [t for t in triples if _is_duration(t.object)] if client.virtuoso else []
        rest = [t for t in triples if not _is_duration(t.object)] if exact else triples
        if mode == "gsp":
            _put_graph(client, url, graph, rest)
        else:
            _update_graph(client, url, graph, rest, batch_size)
        if exact:
            _insert_as_is(client, sparql, graph, exact)
        say(f"[{number}/{len(graphs)}] {label}: {len(triples)} triples")
        done.append((label, len(triples)))
    return PushSummary(url, mode, done)


def _put_graph(client, url, graph, triples):
    query = "default" if isinstance(graph, ox.DefaultGraph) else urlencode({"graph": graph.value})
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    client.send("PUT", f"{url}{'&' if '?' in url else '?'}{query}", graph, body, NTRIPLES)


def _update_graph(client, url, graph, triples, batch_size):
    default = isinstance(graph, ox.DefaultGraph)
    target = "DEFAULT" if default else f"GRAPH <{graph.value}>"
    operations = [f"{'CLEAR' if default else 'DROP'} SILENT {target}"]
    if client.virtuoso:   # no blank nodes in INSERT DATA, and small requests (see the module's notes)
        blank = [t for t in triples if _blank_nodes(t)]
        plain = [t for t in triples if not _blank_nodes(t)]
        batches = [(b, False) for b in _batches(plain, min(batch_size, VIRTUOSO_BATCH))]
        batches += [(b, True) for b in _batches(blank, min(batch_size, VIRTUOSO_BLANK_BATCH))]
    else:
        batches = [(b, False) for b in _batches(triples, batch_size)]
    for batch, template in batches:
        if template:
            batch = [_with_decimal_point(t) for t in batch]
        data = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES).decode()
        block = data if default else f"GRAPH <{graph.value}> {{\n{data}}}"
        operations.append(f"INSERT {{ {block} }} WHERE {{ }}" if template else f"INSERT DATA {{ {block} }}")
    # the first request drops the graph and inserts the first batch atomically
    first, rest = " ;\n".join(operations[:2]), operations[2:]
    for update in [first, *rest]:
        client.send("POST", url, graph, update.encode(), "application/sparql-update")


def _with_decimal_point(triple):
    """``triple`` with an integral xsd:decimal object written ``30000000.0``.

    In an ``INSERT`` template Virtuoso reads ``"30000000"^^xsd:decimal`` as an
    xsd:integer; with a decimal point it stays a decimal (and reads back ``30000000``).

    >>> t = ox.Triple(ox.BlankNode("b"), ox.NamedNode("http://example.org/value"),
    ...               ox.Literal("30000000", datatype=ox.NamedNode(str(XSD.decimal))))
    >>> _with_decimal_point(t).object.value
    '30000000.0'
    """
    o = triple.object
    if isinstance(o, ox.Literal) and o.datatype.value == DECIMAL and "." not in o.value:
        return ox.Triple(triple.subject, triple.predicate, ox.Literal(f"{o.value}.0", datatype=o.datatype))
    return triple


def _insert_as_is(client, url, graph, triples, size=VIRTUOSO_BLANK_BATCH):
    """Add ``triples`` (IRI subjects, typed literal objects) with Virtuoso's RDF_QUAD_URI_L_TYPED.

    Virtuoso's SPARQL and Turtle parsers convert some typed literals on the way
    in; this procedure stores the lexical form and the datatype unchanged.
    ``?nolang`` is never bound: the procedure's language argument must be NULL.
    """
    for start in range(0, len(triples), size):
        rows = " ".join(f"({_string(t.subject.value)} {_string(t.predicate.value)} "
                        f"{_string(t.object.value)} {_string(t.object.datatype.value)})"
                        for t in triples[start:start + size])
        query = (f"SELECT (sql:RDF_QUAD_URI_L_TYPED({_string(graph.value)}, ?s, ?p, ?o, ?type, ?nolang) "
                 f"AS ?done) WHERE {{ VALUES (?s ?p ?o ?type) {{ {rows} }} }}")
        # form-encoded: Virtuoso 7.2 stalls on an application/sparql-query body behind Digest
        client.send("POST", url, graph, urlencode({"query": query}).encode(),
                    "application/x-www-form-urlencoded")


def _check_virtuoso(store, graphs, url):
    """Refuse, before anything is written, what Virtuoso cannot hold as it is."""
    if graphs and isinstance(graphs[0][0], ox.DefaultGraph):
        raise ExportError(f"{url} is Virtuoso, which keeps no default graph of its own (its default "
                          "graph is the union of all graphs): put the default graph's triples in a "
                          "named graph and push again")
    for quad in _durations(store):
        if isinstance(quad.subject, ox.BlankNode):
            raise ExportError(f"{url} is Virtuoso, which cannot store {quad.object} on a blank node "
                              f"as it is (it would become a number), in graph <{quad.graph_name.value}>: "
                              "give the node an IRI")


def _durations(store):
    return (q for q in store if _is_duration(q.object))


def _is_duration(term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in DURATIONS


def _virtuoso_sparql_url(url: str) -> str:
    """Virtuoso's authenticated SPARQL endpoint beside its Graph Store service.

    >>> _virtuoso_sparql_url("http://localhost:8890/sparql-graph-crud-auth")
    'http://localhost:8890/sparql-auth'
    """
    parts = urlsplit(url)
    if not parts.path.rstrip("/").endswith("/sparql-graph-crud-auth"):
        raise ExportError(f"{url} is Virtuoso, whose Graph Store turns xsd:duration literals into "
                          "numbers; kjus push writes them through the SPARQL endpoint beside "
                          "/sparql-graph-crud-auth, but this URL is not that service: push with --update "
                          "to Virtuoso's SPARQL endpoint (e.g. http://localhost:8890/sparql-auth)")
    path = parts.path.rstrip("/")[:-len("sparql-graph-crud-auth")] + "sparql-auth"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _string(text: str) -> str:
    """A SPARQL string literal.

    >>> _string('say "안녕"\\n')
    '"say \\\\"안녕\\\\"\\\\n"'
    """
    return str(ox.Literal(text))


def _blank_nodes(triple) -> list:
    return [x for x in (triple.subject, triple.object) if isinstance(x, ox.BlankNode)]


def _batches(triples, size):
    """Pack triples into batches of about ``size``, never splitting a blank-node component."""
    parent: dict = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for t in triples:
        blanks = _blank_nodes(t)
        for a, b in zip(blanks, blanks[1:]):
            parent[root(a)] = root(b)
    groups: dict = {}
    for i, t in enumerate(triples):
        blank = next(iter(_blank_nodes(t)), None)
        groups.setdefault(root(blank) if blank is not None else i, []).append(t)
    batch: list = []
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch


class _Client:
    """HTTP to one store: its timeout, its credentials, and what it told us about itself."""

    def __init__(self, url: str, user: str | None, password: str | None, timeout: float):
        self.url, self.user, self.password, self.timeout = url, user, password, timeout
        self.server = ""
        self.scheme: str | None = None       # "basic" or "digest", once the store has asked
        self.challenge: dict = {}
        self.count = 0                       # Digest nonce count

    @property
    def virtuoso(self) -> bool:
        return self.server.startswith("Virtuoso")

    def probe(self) -> None:
        """Learn the store's ``Server`` and authentication challenge; writes nothing."""
        try:
            status, _, headers, _ = self._open("OPTIONS", self.url, None, {})
        except OSError as exc:
            raise ExportError(f"cannot reach {self.url.split('?')[0]} ({getattr(exc, 'reason', exc)}); "
                              "is the store running and the URL right?") from None
        self.server = headers.get("Server") or ""
        if status == 401 and self.user is not None:
            self._learn(headers)

    def send(self, method: str, url: str, graph, body: bytes, kind: str) -> bytes:
        """Send one request, answering one authentication challenge; raise ExportError unless 2xx."""
        label = "the default graph" if isinstance(graph, ox.DefaultGraph) else f"graph <{graph.value}>"
        for attempt in (1, 2):
            headers = {"Content-Type": kind}
            if self.scheme:
                headers["Authorization"] = self._authorization(method, url)
            try:
                status, reason, answer, text = self._open(method, url, body, headers)
            except OSError as exc:
                raise ExportError(f"cannot reach {url.split('?')[0]} while pushing {label} "
                                  f"({getattr(exc, 'reason', exc)}); is the store running and the URL right?"
                                  ) from None
            if status == 401 and self.user is not None and attempt == 1:
                self._learn(answer)
                continue
            break
        if 200 <= status < 300:
            return text
        if status == 401 and self.user is not None:
            hint = f"; the store refused user {self.user!r}: check --user and --password"
        else:
            hint = {401: "; pass --user and --password", 403: "; the account may not write here",
                    404: "; check the store URL (see `kjus push --help`)"}.get(status, "")
        text = _plain(text.decode("utf-8", "replace"))[:300]
        raise ExportError(f"{url.split('?')[0]} refused {label}: HTTP {status} {reason}: {text}{hint}")

    def _open(self, method, url, body, headers):
        """``(status, reason, headers, body)`` of one request; HTTP errors are answers too."""
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return answer.status, answer.reason, answer.headers, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.reason, exc.headers, exc.read()

    def _learn(self, headers) -> None:
        challenges = _challenges(headers.get_all("WWW-Authenticate") or [])
        if "digest" in challenges:
            self.scheme, self.challenge, self.count = "digest", challenges["digest"], 0
        else:   # Basic, or a store that says 401 without saying how
            self.scheme = "basic"

    def _authorization(self, method: str, url: str) -> str:
        if self.scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            return f"Basic {token}"
        self.count += 1
        parts = urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        return _digest(self.challenge, self.user, self.password or "", method, uri, self.count,
                       os.urandom(8).hex())


def _challenges(values: list[str]) -> dict[str, dict[str, str]]:
    """Parse ``WWW-Authenticate`` header values into ``{scheme: {param: value}}``.

    >>> _challenges(['Digest realm="SPARQL", nonce="ab, c", qop="auth", Basic realm="x"'])
    {'digest': {'realm': 'SPARQL', 'nonce': 'ab, c', 'qop': 'auth'}, 'basic': {'realm': 'x'}}
    """
    found: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for value in values:
        for item in urllib.request.parse_http_list(value):
            first, _, rest = item.strip().partition(" ")
            if "=" not in first:           # a new challenge: "Scheme param=value"
                current = found.setdefault(first.lower(), {})
                item = rest
            key, sep, val = item.strip().partition("=")
            if sep:
                val = val.strip()
                if len(val) >= 2 and val[0] == val[-1] == '"':
                    val = re.sub(r"\\(.)", r"\1", val[1:-1])
                current[key.strip().lower()] = val
    return found


def _digest(challenge: dict[str, str], user: str, password: str, method: str, uri: str,
            count: int, cnonce: str) -> str:
    """The ``Authorization`` value answering a Digest ``challenge`` (RFC 7616, ``qop=auth``).

    The example is RFC 2617's own (section 3.5):

    >>> ch = {"realm": "testrealm@host.com", "qop": "auth,auth-int",
    ...       "nonce": "dcd98b7102dd2f0e8b11d0f600bfb0c093", "opaque": "5ccc069c403ebaf9f0171e9517f40e41"}
    >>> _digest(ch, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", 1, "0a4f113b")
    ... # doctest: +NORMALIZE_WHITESPACE
    'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
     uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001,
     cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41"'

    and RFC 7616's for SHA-256 (section 3.9.1):

    >>> ch = {"realm": "http-auth@example.org", "qop": "auth, auth-int", "algorithm": "SHA-256",
    ...       "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"}
    >>> 'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"' in _digest(
    ...     ch, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1, "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    True
    """
    algorithm = challenge.get("algorithm", "MD5")
    name = {"MD5": "md5", "MD5-SESS": "md5", "SHA-256": "sha256", "SHA-256-SESS": "sha256"}.get(algorithm.upper())
    if name is None:
        raise ExportError(f"the store asks for Digest authentication with algorithm {algorithm!r}; "
                          "kjus push speaks MD5 and SHA-256")

    def h(text: str) -> str:
        return hashlib.new(name, text.encode()).hexdigest()

    realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
    secret = h(f"{user}:{realm}:{password}")
    if algorithm.upper().endswith("-SESS"):
        secret = h(f"{secret}:{nonce}:{cnonce}")
    qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
    if qops and "auth" not in qops:
        raise ExportError(f"the store asks for Digest authentication with qop={','.join(qops)}; "
                          "kjus push speaks qop=auth")
    nc = f"{count:08x}"
    target = h(f"{method}:{uri}")
    response = h(f"{secret}:{nonce}:{nc}:{cnonce}:auth:{target}") if qops else h(f"{secret}:{nonce}:{target}")

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    fields = [f"username={quote(user)}", f"realm={quote(realm)}", f"nonce={quote(nonce)}",
              f"uri={quote(uri)}", f"response={quote(response)}"]
    if "algorithm" in challenge:
        fields.append(f"algorithm={algorithm}")
    if qops:
        fields += ["qop=auth", f"nc={nc}", f"cnonce={quote(cnonce)}"]
    if "opaque" in challenge:
        fields.append(f"opaque={quote(challenge['opaque'])}")
    return "Digest " + ", ".join(fields)


def _plain(text: str) -> str:
    """The words of an error page: tags dropped, entities decoded, spaces collapsed.

    >>> _plain("<html><h3>Error 22023</h3><xmp>no &quot;default&quot; graph</xmp></html>")
    'Error 22023 no "default" graph'
    """
    if "<" in text and re.search(r"<(html|body|h\d|p|xmp|title)\b", text, re.I):
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return " ".join(text.split())
