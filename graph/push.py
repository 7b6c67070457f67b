"""Copy the whole dataset, named graphs included, into a remote SPARQL 1.1 store.

Two standard ways in, both idempotent (pushing twice leaves one copy):

``"gsp"`` — SPARQL 1.1 Graph Store HTTP Protocol
    one ``PUT URL?graph=IRI`` per named graph (N-Triples body); ``PUT``
    replaces the graph.  URL is the store's graph-store service, e.g. Fuseki
    ``http://localhost:3030/ds/data``, GraphDB
    ``http://localhost:7200/repositories/REPO/rdf-graphs/service``, Oxigraph
    ``http://localhost:7878/store``.
``"update"`` — SPARQL 1.1 Update
    per graph ``DROP SILENT GRAPH <IRI>`` then ``INSERT DATA`` in batches.  URL
    is the update endpoint, e.g. Fuseki ``http://localhost:3030/ds/update``,
    GraphDB ``http://localhost:7200/repositories/REPO/statements``, Oxigraph
    ``http://localhost:7878/update``.  Triples sharing a blank node always go in
    the same batch, so blank-node structures arrive whole.

The default graph is pushed only when it holds triples (a KJUS build keeps
everything in named graphs), so a push never empties a store's default graph.
"""
from __future__ import annotations

import base64
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from typing import NamedTuple

import pyoxigraph as ox

from graph.errors import ExportError
from graph.query import load_store

__all__ = ["PushSummary", "push_dataset", "MODES"]

MODES = ("gsp", "update")
NTRIPLES = "application/n-triples"


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
        HTTP basic authentication.
    batch_size : int
        Most triples per ``INSERT DATA`` request (update mode).
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
        The store cannot be reached or refuses a request; the message names the
        graph, the HTTP status and the store's answer.

    Notes
    -----
    With Apache Jena Fuseki serving a dataset ``ds`` on its default port::

        summary = push_dataset(None, "http://localhost:3030/ds/data")
        print(summary.triples, summary.graphs[0])

    ``tests/test_push.py`` runs this against a real, writable Oxigraph server.
    """
    if mode not in MODES:
        raise ExportError(f"unknown push mode {mode!r}; use 'gsp' or 'update'")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise ExportError(f"store URL {url!r} is not an http:// or https:// URL; "
                          "give the store's full URL, e.g. http://localhost:3030/ds/data")
    if not isinstance(store, ox.Store):
        store = load_store(store)
    session = {"timeout": timeout, "headers": {}}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        session["headers"]["Authorization"] = f"Basic {token}"
    say = progress or (lambda _line: None)
    graphs = [(g, g.value) for g in sorted(store.named_graphs(), key=lambda g: g.value)]
    if next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None:
        graphs.insert(0, (ox.DefaultGraph(), "default"))
    done = []
    for number, (graph, label) in enumerate(graphs, 1):
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        if mode == "gsp":
            _put_graph(session, url, graph, triples)
        else:
            _update_graph(session, url, graph, triples, batch_size)
        say(f"[{number}/{len(graphs)}] {label}: {len(triples)} triples")
        done.append((label, len(triples)))
    return PushSummary(url, mode, done)


def _put_graph(session, url, graph, triples):
    query = "default" if isinstance(graph, ox.DefaultGraph) else urlencode({"graph": graph.value})
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    _send(session, "PUT", f"{url}{'&' if '?' in url else '?'}{query}", graph, body, NTRIPLES)


def _update_graph(session, url, graph, triples, batch_size):
    default = isinstance(graph, ox.DefaultGraph)
    target = "DEFAULT" if default else f"GRAPH <{graph.value}>"
    operations = [f"{'CLEAR' if default else 'DROP'} SILENT {target}"]
    for batch in _batches(triples, batch_size):
        data = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES).decode()
        operations.append(f"INSERT DATA {{ {data} }}" if default
                          else f"INSERT DATA {{ GRAPH <{graph.value}> {{\n{data}}} }}")
    # the first request drops the graph and inserts the first batch atomically
    first, rest = " ;\n".join(operations[:2]), operations[2:]
    for update in [first, *rest]:
        _send(session, "POST", url, graph, update.encode(), "application/sparql-update")


def _batches(triples, size):
    """Pack triples into batches of about ``size``, never splitting a blank-node component."""
    parent: dict = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for t in triples:
        blanks = [x for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)]
        for a, b in zip(blanks, blanks[1:]):
            parent[root(a)] = root(b)
    groups: dict = {}
    for i, t in enumerate(triples):
        blank = next((x for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)), None)
        groups.setdefault(root(blank) if blank is not None else i, []).append(t)
    batch: list = []
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch


def _send(session, method, url, graph, body: bytes, kind: str) -> None:
    label = "the default graph" if isinstance(graph, ox.DefaultGraph) else f"graph <{graph.value}>"
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={**session["headers"], "Content-Type": kind})
    try:
        with urllib.request.urlopen(request, timeout=session["timeout"]) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        hint = {401: "; pass --user and --password", 403: "; the account may not write here",
                404: "; check the store URL (see `kjus push --help`)"}.get(exc.code, "")
        text = exc.read().decode("utf-8", "replace").strip()[:300]
        raise ExportError(f"{url.split('?')[0]} refused {label}: HTTP {exc.code} {exc.reason}: "
                          f"{text}{hint}") from None
    except OSError as exc:
        reason = getattr(exc, "reason", exc)
        raise ExportError(f"cannot reach {url.split('?')[0]} while pushing {label} ({reason}); "
                          "is the store running and the URL right?") from None
