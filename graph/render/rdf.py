"""Render the dataset as RDF: TriG, N-Quads, Turtle (union graph) and JSON-LD.

The writing runs on pyoxigraph, the project's RDF engine: the dataset is
dumped once as N-Quads lines with canonical blank node labels (W3C RDFC-1.0),
sorted graph first, and every format is written from them — pyoxigraph's TriG,
N-Quads and Turtle serialisers, and a streaming compact JSON-LD writer with
its context inline (no remote context is ever fetched).  Output is
deterministic: the same quads give the same bytes.

Examples
--------
>>> from rdflib import Dataset
>>> ds = Dataset()
>>> _ = ds.parse(data='<urn:g> { <urn:a> <urn:p> "한국"@ko . }', format="trig")
>>> print(generate_nquads(ds), end="")
<urn:a> <urn:p> "한국"@ko <urn:g> .
"""
from __future__ import annotations

import array
import contextlib
import heapq
import io
import json
import mmap
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import BinaryIO
from pathlib import Path

import pyoxigraph as ox

from ..files import atomic_writer
from ..load import to_store
from ..prefixes import PREFIXES

__all__ = ["RDF_EXPORTS", "RdfFiles", "generate_nquads", "generate_trig", "generate_turtle", "generate_jsonld",
           "write_rdf", "canonical_lines"]

_RDF_TYPE_NT = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class Lines(list):
    """Canonical quads as ``(graph, [N-Triples line, …])`` blocks of bytes, sorted by graph, lines sorted.

    The graph is written as in N-Quads (``<iri>`` or ``_:label``; ``DEFAULT``
    for the default graph, which sorts last); each line ends with `` .``.
    ``prefixes`` are the prefixes to write TriG, Turtle and JSON-LD with.
    """

    prefixes: dict[str, str]


def canonical_lines(data, extra_prefixes: dict[str, str] | None = None) -> Lines:
    """Every quad of ``data``, blank nodes relabelled by RDFC-1.0, sorted by graph, subject, predicate, object.

    ``data`` is a pyoxigraph ``Store``, an rdflib ``Dataset``, an iterable of
    pyoxigraph quads, or the result of an earlier call (returned as it is).

    Each graph is written by Oxigraph's own N-Triples writer and its lines are
    sorted as bytes: a term never continues past the space after it, so the
    byte order of lines is the order of (subject, predicate, object) term by
    term.  RDFC-1.0 labels depend only on the quads that mention blank nodes,
    so only those are canonicalised, and only those pass through Python as
    objects: a million-quad dataset is sorted without a Python object per term.

    Examples
    --------
    >>> lines = canonical_lines([ox.Quad(ox.BlankNode("x"), ox.NamedNode("urn:p"), ox.Literal("1"),
    ...                                  ox.NamedNode("urn:g"))])
    >>> lines[0]
    (b'<urn:g>', [b'_:c14n0 <urn:p> "1" .'])
    """
    if isinstance(data, Lines):
        return data
    out = Lines(_canonical_blocks(_as_store(data)))
    out.prefixes = _prefixes(data, extra_prefixes)
    return out


def _prefixes(data, extra_prefixes: dict[str, str] | None) -> dict[str, str]:
    """The project's prefixes, those an rdflib ``data`` declared and ``extra_prefixes``, sorted."""
    prefixes = dict(PREFIXES)
    if hasattr(data, "namespaces"):          # an rdflib Dataset: the prefixes its files declared
        known = set(prefixes.values())
        for prefix, ns in sorted(data.namespaces()):
            if prefix and str(ns) not in known and prefix not in prefixes:
                prefixes[prefix] = str(ns)
    for prefix, ns in (extra_prefixes or {}).items():
        prefixes.setdefault(prefix, ns)
    return dict(sorted(prefixes.items()))


def _as_store(data) -> ox.Store:
    return to_store(data if isinstance(data, ox.Store) or hasattr(data, "namespaces") else list(data))


def _canonical_blocks(store: ox.Store, more: Mapping[str, BinaryIO] | None = None
                      ) -> Iterator[tuple[bytes, list[bytes]]]:
    """The ``(graph, sorted lines)`` blocks of :func:`canonical_lines`, one graph at a time.

    Only the block being yielded is held: a large store is written in the
    memory of its largest graph, not of all of them.  ``more`` maps the IRI of
    a further named graph, not in ``store``, to a file of its N-Triples (in any
    order, repeats allowed); it is written as if it were in ``store``.
    """
    extra = {f"<{iri}>".encode("utf-8"): fh for iri, fh in (more or {}).items()}
    found, canonical = _blank_quads(store, more or {})
    drop, add = _lines_by_graph(found), _lines_by_graph(canonical)
    graphs = {_graph_key(g): g for g in [*store.named_graphs(), ox.DefaultGraph()] if not isinstance(g, ox.BlankNode)}
    for key in sorted(graphs.keys() | add.keys() | extra.keys()):   # blank graph names: all canonicalised
        if key in extra:
            lines: Iterable[bytes] = _distinct_lines(extra[key])
        else:
            lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graphs[key]).split(b"\n") \
                if key in graphs else [b""]
            lines.pop()                                   # the text after the last line's newline
        if key in drop or key in add:
            lines = (set(lines) - drop.get(key, set())) | add.get(key, set())
            lines.discard(b"")
        if lines:
            lines = list(lines) if isinstance(lines, set) else lines
            lines.sort()
            yield key, lines


def _distinct_lines(fh: BinaryIO) -> set[bytes]:
    """The distinct lines of an N-Triples file, without their newlines."""
    fh.seek(0)
    return {line.rstrip(b"\r\n") for line in fh if line.strip()}


def _graph_key(graph) -> bytes:
    return b"DEFAULT" if isinstance(graph, ox.DefaultGraph) else str(graph).encode("utf-8")


def _blank_quads(store: ox.Store, more: Mapping[str, BinaryIO]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The quads that mention a blank node, as stored and relabelled by RDFC-1.0.

    The quads of the ``more`` graphs (see :func:`_canonical_blocks`) are among them.
    """
    found = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in store.query(
        "SELECT ?s ?p ?o ?g { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?s) || isBlank(?o) || isBlank(?g)) }")]
    found += [q for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
              if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
    for iri, fh in more.items():
        fh.seek(0)
        maybe = b"".join(line for line in fh if b"_:" in line)     # a blank node, or "_:" in a literal or IRI
        found += {ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
                  for t in ox.parse(maybe, format=ox.RdfFormat.N_TRIPLES)
                  if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)}
    if not found:
        return [], []
    dataset = ox.Dataset(found)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return found, list(dataset)


def _lines_by_graph(quads: list[ox.Quad]) -> dict[bytes, set[bytes]]:
    """Graph key → the N-Triples lines of the quads in it."""
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(_graph_key(q.graph_name), []).append(q.triple)
    return {key: set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).split(b"\n"))
            for key, triples in by_graph.items()}


def _triples(lines: Lines) -> list[bytes]:
    """The distinct triples of every graph as sorted N-Triples lines (the union graph)."""
    return sorted({line for _, block in lines for line in block})


def _nquads(lines: Lines) -> Iterator[bytes]:
    """The lines as N-Quads, in graph order (what the TriG and JSON-LD writers read)."""
    for graph, block in lines:
        if graph == b"DEFAULT":
            yield from (line + b"\n" for line in block)
        else:
            tail = b" " + graph + b" .\n"
            yield from (line[:-2] + tail for line in block)


class _Input:
    """N-Quads or N-Triples chunks made parseable: in memory, or in a scratch file when one is given."""

    def __init__(self, chunks: Iterable[bytes], scratch: Path | None):
        self.scratch = scratch
        if scratch is None:
            self.data = b"".join(chunks)
        else:
            with open(scratch, "wb") as fh:
                fh.writelines(chunks)
            self.data = None

    def parse(self, format):
        return ox.parse(self.data, format=format) if self.scratch is None else \
            ox.parse(path=str(self.scratch), format=format)

    def close(self) -> None:
        if self.scratch is not None:
            self.scratch.unlink(missing_ok=True)


def write_nquads(data, fh: BinaryIO, scratch: Path | None = None) -> None:
    """Write N-Quads, one line per quad, sorted (the canonical, diff-friendly export), to ``fh``."""
    fh.writelines(sorted(_nquads(canonical_lines(data))))


def write_trig(data, fh: BinaryIO, scratch: Path | None = None) -> None:
    """Write TriG with every named graph once, in sorted order, with the used prefixes, to ``fh``."""
    lines = canonical_lines(data)
    source = _Input(_nquads(lines), scratch)
    try:
        _serialize_with_header(source.parse(ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG, lines.prefixes, fh, scratch)
    finally:
        source.close()


def write_turtle(data, fh: BinaryIO, scratch: Path | None = None) -> None:
    """Write Turtle of the union of all graphs (provenance is lost: use TriG or N-Quads to keep it), to ``fh``."""
    lines = canonical_lines(data)
    source = _Input((t + b"\n" for t in _triples(lines)), scratch)
    try:
        _serialize_with_header(source.parse(ox.RdfFormat.N_TRIPLES), ox.RdfFormat.TURTLE, lines.prefixes, fh,
                               scratch)
    finally:
        source.close()


def _serialize_with_header(items, format, prefixes: dict[str, str], fh: BinaryIO, scratch: Path | None) -> None:
    """Serialise with every prefix, then write only the ``@prefix`` lines the body uses, sorted, and the body."""
    if scratch is None:
        buffer = io.BytesIO()
        ox.serialize(items, output=buffer, format=format, prefixes=prefixes)
        _write_with_header(buffer.getvalue(), prefixes, fh)
        return
    body = scratch.with_name(scratch.name + ".body")
    try:
        ox.serialize(items, output=str(body), format=format, prefixes=prefixes)
        with open(body, "rb") as handle:
            if not body.stat().st_size:
                return
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
                _write_with_header(view, prefixes, fh)
    finally:
        body.unlink(missing_ok=True)


def _write_with_header(view, prefixes: dict[str, str], fh: BinaryIO) -> None:
    start = 0
    while view[start:start + 7] == b"@prefix":
        start = view.find(b"\n", start) + 1
    used = [p for p in sorted(prefixes) if _uses_prefix(view, start, p.encode())]
    fh.write("".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in used).encode() + (b"\n" if used else b""))
    fh.write(memoryview(view)[start:])


def _uses_prefix(view, start: int, prefix: bytes) -> bool:
    """Whether the serialised body from ``start`` writes a name with ``prefix`` (as a term, not inside one)."""
    if view[start:start + len(prefix) + 1] == prefix + b":":
        return True
    return any(view.find(before + prefix + b":", start) >= 0 for before in (b" ", b"\t", b"\n", b"^^", b"("))


def generate_nquads(data) -> str:
    """N-Quads, one line per quad, sorted (the canonical, diff-friendly export)."""
    return _to_text(write_nquads, data)


def generate_trig(data) -> str:
    """TriG with every named graph once, in sorted order, with the project's prefixes."""
    return _to_text(write_trig, data)


def generate_turtle(data) -> str:
    """Turtle of the union of all graphs (provenance is lost: use TriG or N-Quads to keep it)."""
    return _to_text(write_turtle, data)


def generate_jsonld(data) -> str:
    """JSON-LD of every named graph, compact, with an inline ``@context`` of the prefixes."""
    return _to_text(write_jsonld, data)


def _to_text(writer, data) -> str:
    out = io.BytesIO()
    writer(data, out)
    return out.getvalue().decode("utf-8")


def write_jsonld(data, fh: BinaryIO, scratch: Path | None = None) -> None:
    """Write JSON-LD of every named graph, compact, with an inline ``@context`` of the prefixes, to ``fh``.

    One object per graph (``@id`` the graph name, ``@graph`` its nodes), in the
    order of the other exports; one node per line, its values in N-Triples
    order; IRIs are written as compact IRIs (``kjd:korea``) where a prefix
    applies, and the context holds the prefixes used.  Every JSON-LD 1.1
    processor expands it back to the same quads.

    The JSON is written from the canonical N-Triples lines without parsing them
    into objects: Oxigraph writes a literal's body with the escapes JSON uses
    (``\\"``, ``\\\\``, ``\\n``, ``\\u0000``…), so it is a JSON string as it stands.
    """
    lines = canonical_lines(data)
    body = io.BytesIO() if scratch is None else open(scratch, "w+b")
    try:
        writer = _JsonLd(lines.prefixes, body)
        for graph, block in lines:
            writer.add(graph, block)
        writer.finish(fh)
    finally:
        body.close()
        if scratch is not None:
            scratch.unlink(missing_ok=True)


class _JsonLd:
    """The JSON-LD writer, fed one graph block at a time: the body goes to ``body``, then :meth:`finish`
    writes the context of the prefixes used, and the body, to the output."""

    def __init__(self, prefixes: dict[str, str], body: BinaryIO):
        self.prefixes, self.body, self.first = prefixes, body, True
        self.by_ns = sorted(((ns, p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self.used: set[str] = set()
        self.cache: dict[bytes, bytes] = {}

    def ref(self, term: bytes) -> bytes:
        """An IRI (``<…>``) or blank node (``_:…``) as a JSON string, compacted where a prefix applies."""
        got = self.cache.get(term)
        if got is None:
            text = term.decode("utf-8")
            if text.startswith("<"):
                text = text[1:-1]
                for ns, prefix in self.by_ns:
                    if text.startswith(ns) and not text[len(ns):].startswith("//"):
                        text = f"{prefix}:{text[len(ns):]}"
                        self.used.add(prefix)
                        break
            got = self.cache[term] = json.dumps(text, ensure_ascii=False).encode("utf-8")
        return got

    def add(self, graph: bytes, block: Iterable[bytes]) -> None:
        """Write one graph, from its sorted N-Triples lines (read as they come: a large graph is not held)."""
        write, named = self.body.write, graph != b"DEFAULT"
        write(b"" if self.first else b",\n")
        if named:
            write(b'  {"@id": ' + self.ref(graph) + b', "@graph": [\n   ')
        between = b""
        for node in _jsonld_nodes(block, self.ref):
            write(between + node)
            between = b",\n   "
        if named:
            write(b"\n  ]}")
        self.first = False

    def finish(self, fh: BinaryIO) -> None:
        context = {p: self.prefixes[p] for p in sorted(self.used)}
        fh.write(b'{"@context": ' + json.dumps(context, ensure_ascii=False).encode("utf-8") + b',\n "@graph": [\n')
        self.body.seek(0)
        shutil.copyfileobj(self.body, fh)
        fh.write(b"\n]}\n")


def _jsonld_nodes(block: Iterable[bytes], ref) -> Iterator[bytes]:
    """The nodes of one graph's sorted N-Triples lines, one compact JSON object each."""
    subject, types, props = None, [], []
    for line in block:
        s, p, rest = line.split(b" ", 2)
        o = rest[:-2]
        if s != subject:
            if subject is not None:
                yield _jsonld_node(ref(subject), types, props, ref)
            subject, types, props = s, [], []
        if p == _RDF_TYPE_NT and o[:1] != b'"':
            types.append(ref(o))
            continue
        value = _jsonld_value(o, ref)
        if props and props[-1][0] == p:
            props[-1][1].append(value)
        else:
            props.append((p, [value]))
    if subject is not None:
        yield _jsonld_node(ref(subject), types, props, ref)


def _jsonld_node(node_id: bytes, types: list[bytes], props: list, ref) -> bytes:
    parts = [b'{"@id": ' + node_id]
    if types:
        parts.append(b'"@type": [' + b", ".join(types) + b"]")
    parts.extend(ref(p) + b": [" + b", ".join(values) + b"]" for p, values in props)
    return b", ".join(parts) + b"}"


def _jsonld_value(o: bytes, ref) -> bytes:
    """One N-Triples object as a JSON-LD value object."""
    if o[:1] != b'"':
        return b'{"@id": ' + ref(o) + b"}"
    end = o.rfind(b'"')
    text, suffix = o[:end + 1], o[end + 1:]
    if not suffix:
        return b'{"@value": ' + text + b"}"
    if suffix[:1] == b"@":
        return b'{"@language": "' + suffix[1:] + b'", "@value": ' + text + b"}"
    return b'{"@type": ' + ref(suffix[2:]) + b', "@value": ' + text + b"}"


#: Export file name -> the function that renders it.
RDF_EXPORTS = {"kjus.trig": write_trig, "kjus.nq": write_nquads, "kjus.ttl": write_turtle,
               "kjus.jsonld": write_jsonld}


def write_rdf(data, out_dir: str | Path, prefixes: dict[str, str] | None = None, *,
              more: Mapping[str, Callable[[BinaryIO], object]] | None = None) -> list[Path]:
    """Write every file of :data:`RDF_EXPORTS` into ``out_dir`` atomically; return their paths.

    ``prefixes`` are added to the project's own (those the sources declared).
    ``more`` maps the IRIs of further named graphs to functions that write
    their N-Triples (in any order, repeats allowed) into the file they are
    given; those graphs are written as if they were in ``data``.  The build
    writes its inferred graph so, without ever holding it in a store.

    The files are the bytes the writers of :data:`RDF_EXPORTS` give, written in
    the memory of the largest graph rather than of the dataset (see
    :class:`RdfFiles`, whose steps the build shares between two processes).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"), ox.NamedNode("urn:g")))
    >>> paths = write_rdf(store, out, more={"urn:h": lambda fh: fh.write(b'<urn:b> <urn:p> "2" .\\n')})
    >>> print((out / "kjus.nq").read_text(), end="")
    <urn:a> <urn:p> "1" <urn:g> .
    <urn:b> <urn:p> "2" <urn:h> .
    """
    files = RdfFiles(data, out_dir, prefixes, more=more)
    try:
        files.write_graphs()
        files.write_jsonld()
        files.write_trig()
        files.write_sorted()
    finally:
        files.close()
    return [Path(out_dir) / name for name in RDF_EXPORTS]


class RdfFiles:
    """The RDF files of a dataset, written in steps from one scratch file of its graphs.

    :meth:`write_graphs` reads the graphs one at a time (:func:`canonical_lines`'
    blocks) and appends each to a scratch N-Quads file in graph order; then, in
    any order or at once (from two processes sharing the folder):
    :meth:`write_jsonld` (graph by graph, streamed from the file),
    :meth:`write_trig` (Oxigraph's TriG serialisation of the file) and
    :meth:`write_sorted` (``kjus.nq`` and the Turtle union, distinct triples,
    from one merge of its blocks, each sorted already).
    :meth:`close` removes the scratch files.  Nothing is held as one string.
    """

    def __init__(self, data, out_dir: str | Path, prefixes: dict[str, str] | None = None, *,
                 more: Mapping[str, Callable[[BinaryIO], object]] | None = None):
        self.data, self.out, self.more = data, Path(out_dir), more or {}
        self.names = _prefixes(data, prefixes)
        self.quads, self.body, self.union, self.where = (self.out / f".kjus.{kind}.scratch"
                                                         for kind in ("nq", "jsonld", "ttl", "blocks"))
        self.ranges: list[tuple[int, int, int]] = []     # each graph's bytes in the scratch, and its name's length

    def write_graphs(self) -> None:
        with contextlib.ExitStack() as files:
            extra = {}
            for iri, make in self.more.items():
                extra[iri] = files.enter_context(tempfile.TemporaryFile(dir=self.out))
                make(extra[iri])
                extra[iri].flush()
            with open(self.quads, "wb") as nq:
                for key, block in _canonical_blocks(_as_store(self.data), extra):
                    start = nq.tell()
                    nq.writelines(_nquads([(key, block)]))
                    self.ranges.append((start, nq.tell(), 0 if key == b"DEFAULT" else len(key) + 1))
        self.where.write_bytes(array.array("q", [n for r in self.ranges for n in r]).tobytes())

    def _blocks(self) -> list[tuple[int, int, int]]:
        """Where each graph's block lies in the scratch file (kept beside it by :meth:`write_graphs`)."""
        if not self.ranges:
            flat = array.array("q", self.where.read_bytes())
            self.ranges = [tuple(flat[i:i + 3]) for i in range(0, len(flat), 3)]
        return self.ranges

    def write_jsonld(self) -> None:
        """Write ``kjus.jsonld`` from the scratch file, graph by graph, each streamed from the file."""
        with open(self.quads, "rb") as fh, open(self.body, "w+b") as body:
            writer = _JsonLd(self.names, body)
            size = os.fstat(fh.fileno()).st_size
            with contextlib.ExitStack() as mapped:
                view = mapped.enter_context(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)) if size else b""
                for start, end, cut in self._blocks():
                    lines = _lines(view, start, end)
                    if cut:
                        graph = view[end - cut - 2:end - 3]          # `` <graph> .\n`` ends every line of a block
                        writer.add(graph, (line[:-cut - 3] + b" ." for line in lines))
                    else:
                        writer.add(b"DEFAULT", (line[:-1] for line in lines))
            with atomic_writer(self.out / "kjus.jsonld") as out:
                writer.finish(out)

    def write_trig(self) -> None:
        with atomic_writer(self.out / "kjus.trig") as fh:
            _serialize_with_header(ox.parse(path=str(self.quads), format=ox.RdfFormat.N_QUADS), ox.RdfFormat.TRIG,
                                   self.names, fh, self.out / ".kjus.trig.scratch")

    def write_sorted(self) -> int:
        """Write ``kjus.nq`` and ``kjus.ttl``; return the number of quads written."""
        with atomic_writer(self.out / "kjus.nq") as fh, open(self.union, "wb") as triples:
            written = _merge_blocks(self.quads, self._blocks(), fh, triples, self.out)
        with atomic_writer(self.out / "kjus.ttl") as fh:
            _serialize_with_header(ox.parse(path=str(self.union), format=ox.RdfFormat.N_TRIPLES),
                                   ox.RdfFormat.TURTLE, self.names, fh, self.out / ".kjus.ttl.body.scratch")
        self.union.unlink(missing_ok=True)
        return written

    def close(self) -> None:
        for scratch in (self.quads, self.body, self.union, self.where):
            scratch.unlink(missing_ok=True)


def _merge_blocks(path: Path, ranges: list[tuple[int, int, int]], nquads: BinaryIO, triples: BinaryIO,
                  scratch: Path) -> int:
    """Merge the sorted graph blocks of the N-Quads file ``path`` into sorted N-Quads and sorted distinct triples.

    A block's lines are sorted as triples, and so as quads: the graph name
    follows the object, so two lines of one graph compare where their triples
    differ.  Merging the blocks therefore sorts every quad; and since a triple
    is three whole terms, the copies of one triple in several graphs come out
    next to each other, so the union is written by dropping repeats.

    Blocks of at least :data:`_RUN` bytes are merged as they lie in the file;
    the many small ones are read and sorted together first, in runs of about
    32 MiB kept in scratch files in the folder ``scratch``, so the merge has a
    few inputs, not one per graph, and holds one run at a time.  Returns the
    number of quads written.
    """
    if not ranges:
        return 0
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
        with contextlib.ExitStack() as files:
            runs = [_lines(view, start, end, forget=True) for start, end, _ in ranges if end - start >= _RUN]
            small, size = [], 0
            for start, end, _ in [*(r for r in ranges if r[1] - r[0] < _RUN), (0, 0, 0)]:
                small += view[start:end].splitlines(keepends=True)
                size += end - start
                if small and (size >= _RUN * 32 or end == 0):       # a sorted run of about 32 MiB, on disk
                    small.sort()
                    run = files.enter_context(tempfile.TemporaryFile(dir=scratch))
                    run.writelines(small)
                    run.seek(0)
                    runs.append(iter(run))
                    small, size = [], 0
            default = {line for start, end, cut in ranges if not cut for line in view[start:end].splitlines(True)}
            last, written = b"", 0
            write_quad, write_triple = nquads.write, triples.write
            for line in heapq.merge(*runs) if len(runs) > 1 else runs[0]:
                write_quad(line)
                written += 1
                triple = line if default and line in default else _without_graph(line)  # a default-graph line is one
                if triple != last:
                    write_triple(triple)
                    last = triple
    return written


#: Graph blocks of at least this many bytes are merged where they lie; smaller ones are sorted together.
_RUN = 1 << 20


def _lines(view: mmap.mmap, start: int, end: int, *, forget: bool = False) -> Iterator[bytes]:
    """The lines (with their newlines) of ``view[start:end]``, one at a time.

    With ``forget``, the pages read are let go as the lines are (``MADV_DONTNEED``;
    a page read again comes back from the file), so that a long block read
    beside many others does not stay mapped whole.
    """
    find, page = view.find, mmap.PAGESIZE
    forget = forget and hasattr(mmap, "MADV_DONTNEED") and hasattr(view, "madvise")
    read = start - start % page                        # pages before ``read`` are done with
    while start < end:
        stop = find(b"\n", start, end) + 1
        yield view[start:stop]
        start = stop
        if forget and start - read >= 16 * page:
            done = start - start % page
            view.madvise(mmap.MADV_DONTNEED, read, done - read)
            read = done
    if forget and end > read:
        view.madvise(mmap.MADV_DONTNEED, read, end - read)


def _without_graph(line: bytes) -> bytes:
    """The triple of an N-Quads line of a named graph: its last term (an IRI, or a blank node) cut off."""
    at = line.rfind(b" <") if line[-4] == 62 else line.rfind(b" _:")      # 62: ">", the end of an IRI
    return line[:at] + b" .\n"
