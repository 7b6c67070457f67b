"""Read-only SPARQL 1.1 over the built graph, on pyoxigraph.

Load the dataset once with :func:`load_store`, then run queries with
:func:`run_query`.  Every query gets the project prefixes predeclared
(:data:`graph.vocab.PREFIXES`), so ``kj:``, ``kjd:``, ``skos:`` … work without
``PREFIX`` lines.

Dataset semantics: a query without ``FROM``/``FROM NAMED`` sees the **union of
all graphs** as its default graph, and every named graph through ``GRAPH``.  A
query with ``FROM`` or ``FROM NAMED`` gets exactly the dataset it names (the
store's own default graph is empty in a KJUS build).

Queries are read-only: updates are refused, and ``SERVICE`` (federated
queries, which would reach the network) is refused unless
``allow_service=True``.

Examples
--------
>>> store = load_store_from_string('''
...     @prefix kjd: <https://w3id.org/kjus/id/> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     <https://w3id.org/kjus/source/doc/a> {
...         kjd:lee-jae-myung rdfs:label "이재명"@ko , "Lee Jae-myung"@en . }
... ''')
>>> result = run_query(store, 'SELECT ?name WHERE { kjd:lee-jae-myung rdfs:label ?name } ORDER BY ?name')
>>> result.rows
[{'name': 'Lee Jae-myung'}, {'name': '이재명'}]
"""
from __future__ import annotations

import datetime as _dt
import difflib
import functools
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from graph.errors import ParseError, QueryError
from graph.paths import QUERIES_DIR, exports_dir
from graph.prefixes import PREFIXES, XSD

__all__ = [
    "QueryRefused", "QueryInfo", "QueryResult", "NamedQuery",
    "load_store", "load_store_from_string", "check_query", "run_query",
    "list_queries", "resolve_query", "format_table",
    "RESULT_FORMATS", "GRAPH_FORMATS", "RDF_EXTENSIONS", "MAX_QUERY_DEPTH", "MAX_QUERY_TOKENS", "MAX_ROWS",
]

#: ``--format`` names for SELECT/ASK results (W3C SPARQL 1.1 results formats).
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: ``--format`` names for CONSTRUCT/DESCRIBE results.
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_UPDATE_KEYWORDS = frozenset(
    "INSERT DELETE LOAD CLEAR CREATE DROP COPY MOVE ADD WITH".split())
#: File extensions read as RDF (by ``--data`` folders and files).
RDF_EXTENSIONS = {
    "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES, "n3": ox.RdfFormat.N3, "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
}


#: Deepest nesting of ``{ ( [`` a query may have: deeper ones overflow the parser's stack.
MAX_QUERY_DEPTH = 32
#: Most tokens a query may have: longer operator chains overflow the parser's stack.
MAX_QUERY_TOKENS = 4000
#: Most rows or triples :func:`run_query` collects when no ``limit`` is given (a cross
#: product of the graph with itself would fill the memory within seconds).
MAX_ROWS = 1_000_000


class QueryRefused(QueryError):
    """A well-formed request kjus will not run: an update, or SERVICE when not allowed."""


class QueryInfo(NamedTuple):
    """What :func:`check_query` learnt about a query."""

    form: str          #: ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``
    has_dataset: bool  #: the query names its own dataset (``FROM`` / ``FROM NAMED``)


class NamedQuery(NamedTuple):
    """A competency query from ``graph/queries/NAME.rq``."""

    name: str
    question: str
    path: Path


# --------------------------------------------------------------------------- loading

def load_store(data: str | Path | None = None, *, location: str | Path | None = None) -> ox.Store:
    """Load RDF files into a pyoxigraph store, named graphs kept.

    Parameters
    ----------
    data : path, optional
        An RDF file (TriG, N-Quads, Turtle, N-Triples, RDF/XML, JSON-LD, N3) or a
        folder searched recursively for such files.  Default: the build's
        ``exports/kjus.nq``.  Triples from graph formats go to the default graph.
    location : path, optional
        Folder for an on-disk store (used by ``kjus serve``); in memory if omitted.

    Returns
    -------
    pyoxigraph.Store

    Raises
    ------
    QueryError
        No data where expected.
    ParseError
        A file does not parse; the message names the file and position; or an
        RDF/XML file declares external, parameter or nested XML entities (XXE,
        "billion laughs"), which are refused unread.  JSON-LD remote contexts are
        never fetched (the parser has no loader), so such a file is a ParseError too.

    Examples
    --------
    >>> from graph.paths import ROOT
    >>> len(load_store(ROOT / "tests" / "data" / "sparql" / "mini.trig")) > 0
    True
    """
    files = _rdf_files(Path(data) if data is not None else exports_dir() / "kjus.nq")
    store = ox.Store(str(location)) if location is not None else ox.Store()
    for path, fmt in files:
        if fmt == ox.RdfFormat.RDF_XML:
            with open(path, "rb") as fh:
                _check_xml_entities(fh.read(_XML_PROLOG_BYTES), str(path))
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise ParseError(f"{path}: {exc}; fix the file or rebuild it with `kjus build`") from None
    if location is not None:
        store.flush()
    return store


def load_store_from_string(text: str, format: str = "trig") -> ox.Store:
    """Load an RDF string (TriG by default) into an in-memory store.

    For Turtle, TriG and N3 the project prefixes (``kj:``, ``kjd:``, …) are
    predeclared.

    Examples
    --------
    >>> len(load_store_from_string('<http://example.org/a> <http://example.org/b> "c" .', "nt"))
    1
    """
    fmt = GRAPH_FORMATS.get(format) or RDF_EXTENSIONS[format]
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
        text = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()) + text
    if fmt == ox.RdfFormat.RDF_XML:
        _check_xml_entities(text.encode(), f"inline {format}")
    store = ox.Store()
    try:
        store.bulk_load(text.encode(), format=fmt)
    except SyntaxError as exc:
        raise ParseError(f"inline {format}: {exc}") from None
    return store


_XML_PROLOG_BYTES = 1 << 20
_ENTITY = re.compile(rb"<!ENTITY\s+(%?)\s*[^\s\"']*\s*(?:(SYSTEM|PUBLIC)\b|\"([^\"]*)\"|'([^']*)')")


def _check_xml_entities(head: bytes, label: str) -> None:
    """Refuse XML entity declarations that reach outside or expand: external, parameter or nested.

    Plain internal entities (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``,
    common in OWL files) stay allowed: their expansion is bounded by the file size.

    Examples
    --------
    >>> _check_xml_entities(b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "x.rdf")
    Traceback (most recent call last):
    ...
    graph.errors.ParseError: x.rdf: the XML declares an external, parameter or nested entity ...
    """
    doctype = head.find(b"<!DOCTYPE")
    if doctype < 0:
        return
    for m in re.finditer(rb"<!ENTITY", head[doctype:]):
        decl = _ENTITY.match(head, doctype + m.start())
        value = decl and (decl[3] if decl[3] is not None else decl[4])
        if (value is None or decl[1] or decl[2] or b"&" in value or b"%" in value or b"<" in value
                or len(value) > 200):
            raise ParseError(f"{label}: the XML declares an external, parameter or nested entity "
                             "(XXE / entity expansion), which kjus refuses; expand the entities yourself "
                             "or convert the file to Turtle or N-Quads")
    if head.find(b"]>", doctype) < 0 and head.find(b"[", doctype, doctype + 200) >= 0:
        raise ParseError(f"{label}: the XML document type declaration is over "
                         f"{_XML_PROLOG_BYTES >> 20} MiB; convert the file to Turtle or N-Quads")


def _rdf_files(path: Path) -> list[tuple[Path, ox.RdfFormat]]:
    if path.is_dir():
        found = [(p, _format_of(p)) for p in sorted(path.rglob("*")) if p.is_file()]
        found = [(p, f) for p, f in found if f is not None]
        if not found:
            raise QueryError(f"no RDF files ({', '.join('.' + e for e in RDF_EXTENSIONS)}) in {path}")
        return found
    if not path.exists():
        raise QueryError(f"no graph at {path}; run `kjus build` first or pass --data PATH")
    fmt = _format_of(path)
    if fmt is None:
        raise QueryError(f"{path}: not an RDF file extension; use one of "
                         + ", ".join("." + e for e in RDF_EXTENSIONS))
    return [(path, fmt)]


def _format_of(path: Path) -> ox.RdfFormat | None:
    return RDF_EXTENSIONS.get(path.suffix.lstrip(".").lower())


# --------------------------------------------------------------------------- checking

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<name>(?:[^\W\d]|_)[\w.\-\u00B7]*(?::[\w.\-:%\\]*)?|:[\w.\-:%\\]*)
  | (?P<punct>.)
""", re.VERBOSE | re.DOTALL)


def _keywords(query: str, label: str = "query") -> list[tuple[str, int]]:
    """Bare keywords of ``query`` (upper-cased) with their offsets.

    Strings, comments, IRIs, variables and prefixed names are skipped, so a
    literal ``"SERVICE"`` or a variable ``?service`` is not a keyword.  ``;`` is
    kept as a separator between update operations.  A query nested deeper than
    :data:`MAX_QUERY_DEPTH` or longer than :data:`MAX_QUERY_TOKENS` tokens is
    refused with :class:`QueryError` before the engine's parser could crash on it.
    """
    found, depth, tokens = [], 0, 0
    for m in _TOKEN.finditer(query):
        kind, text = m.lastgroup, m.group()
        tokens += kind not in ("space", "comment")
        if kind == "name" and ":" not in text:
            found.append((text.upper(), m.start()))
        elif kind == "punct" and text == ";":
            found.append((";", m.start()))
        elif kind == "punct" and text in "{([":
            depth += 1
            if depth > MAX_QUERY_DEPTH:
                line, col = _line_col(query, m.start())
                raise QueryError(f"{label}: nested more than {MAX_QUERY_DEPTH} levels deep at line {line}, "
                                 f"column {col}; flatten the query")
        elif kind == "punct" and text in "})]":
            depth = max(0, depth - 1)
        if tokens > MAX_QUERY_TOKENS:
            raise QueryError(f"{label}: longer than {MAX_QUERY_TOKENS} tokens; split it into smaller queries")
    return found


def _is_update(keywords: list[tuple[str, int]]) -> bool:
    """True if an operation starts with an update keyword (after BASE/PREFIX)."""
    expect_operation = True
    for word, _ in keywords:
        if word == ";":
            expect_operation = True
        elif expect_operation and word not in ("BASE", "PREFIX"):
            if word in _UPDATE_KEYWORDS:
                return True
            expect_operation = False
    return False


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _syntax_message(query: str, exc: SyntaxError) -> str:
    """Turn pyoxigraph's ``error at L:C: expected …`` into a readable sentence.

    The position is where the parser gave up; the message quotes the word there
    and keeps only the keywords of the parser's "expected" list.
    """
    m = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.DOTALL)
    if not m:
        return f"syntax error: {exc}"
    line, col, problem = int(m[1]), int(m[2]), m[3]
    lines = query.splitlines() or [""]
    text = lines[min(line, len(lines)) - 1]
    cut = min(col - 1, len(text))
    left = re.search(r"\S*$", text[:cut]).group()
    word = left + re.match(r"\S*", text[cut:]).group() if left else re.match(r"\S*", text[cut:]).group()
    if not word and not query[sum(len(t) + 1 for t in lines[:line - 1]) + cut:].strip():
        return (f"syntax error at line {line}, column {col}: the query ends too early; "
                "look for an unclosed {, ( or string")
    near = f' near "{word[:40]}"' if word else " at the end of the line"
    if "Prefix not found" in problem:
        prefix = re.search(r"([^\s:{}()<>]*):[^\s:]*$", left)
        name = prefix.group(1) if prefix else ""
        return (f"syntax error at line {line}, column {col}{near}: unknown prefix '{name}:'; "
                f"declare it with PREFIX or use one of {', '.join(PREFIXES)}")
    expected = [w for w in re.findall(r"[^,]+", problem.removeprefix("expected one of ")
                                      .removeprefix("expected "))
                if re.fullmatch(r"[A-Za-z_]+", w.strip()) and w.strip() != "_"]
    hint = "unexpected input" + (
        f" (the parser expected one of {', '.join(w.strip() for w in expected[:8])})" if expected else "")
    return f"syntax error at line {line}, column {col}{near}: {hint}"


_CHECKER = ox.Store()


@functools.lru_cache(maxsize=256)  # the same text is checked again by every run of a named query
def check_query(query: str, *, allow_service: bool = False, name: str | None = None) -> QueryInfo:
    """Check that ``query`` is a well-formed, read-only SPARQL query.

    Parsing uses pyoxigraph's own parser with the project prefixes predeclared,
    so line and column numbers are those of ``query`` itself.  Nothing is
    evaluated against data and nothing reaches the network.

    Parameters
    ----------
    query : str
        SPARQL 1.1 query text.
    allow_service : bool
        Accept ``SERVICE`` (federated) calls.
    name : str, optional
        Label for messages (file or query name).

    Returns
    -------
    QueryInfo

    Raises
    ------
    QueryRefused
        ``query`` is an update, or uses ``SERVICE`` while not allowed.
    QueryError
        Syntax error; the message names line, column and problem.

    Examples
    --------
    >>> check_query("SELECT ?s WHERE { ?s a kj:Summit }")
    QueryInfo(form='SELECT', has_dataset=False)
    >>> check_query("ASK FROM <https://w3id.org/kjus/ontology> { ?s ?p 'SERVICE' }")
    QueryInfo(form='ASK', has_dataset=True)
    >>> check_query("DROP ALL")
    Traceback (most recent call last):
    ...
    graph.query.QueryRefused: query: updates are refused; kjus is read-only
    >>> check_query("SELECT * WHERE {\\n  ?s ?p }")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: query: syntax error at line 2, column 10 near "}": unexpected input (the parser expected one of LATERAL, SERVICE)
    """
    label = name or "query"
    keywords = _keywords(query, label)
    words = {word for word, _ in keywords}
    if "SERVICE" in words and not allow_service:
        offset = next(pos for word, pos in keywords if word == "SERVICE")
        line, col = _line_col(query, offset)
        raise QueryRefused(
            f"{label}: SERVICE (federated query) at line {line}, column {col} is refused "
            "because it would reach the network; pass --allow-service to permit it")
    try:
        _CHECKER.query(query, prefixes=PREFIXES)   # parses; evaluates only ASK, on an empty store
    except SyntaxError as exc:
        if _is_update(keywords):
            raise QueryRefused(f"{label}: updates are refused; kjus is read-only") from None
        raise QueryError(f"{label}: {_syntax_message(query, exc)}") from None
    except (OSError, RuntimeError):
        pass  # it parsed; only an allowed SERVICE call of an ASK failed on the empty store
    form = next(word for word, _ in keywords if word in _FORMS)
    return QueryInfo(form, "FROM" in words)


# --------------------------------------------------------------------------- running

@dataclass(frozen=True)
class QueryResult:
    """The answer to one query.

    ``form`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.  SELECT
    results have ``variables`` and ``bindings`` (pyoxigraph terms, ``None`` when
    unbound); ASK has ``boolean``; CONSTRUCT/DESCRIBE have ``triples``.
    ``truncated`` is true when ``limit`` cut the answer short.
    """

    form: str
    variables: tuple[str, ...] = ()
    bindings: tuple[tuple, ...] = ()
    boolean: bool | None = None
    triples: tuple = ()
    truncated: bool = False

    @property
    def rows(self) -> list[dict]:
        """SELECT rows as dicts of plain Python values.

        IRIs and blank nodes become ``str``; literals become ``int``,
        ``Decimal``, ``float``, ``bool``, ``datetime.date`` or ``str`` (the
        lexical form, language tag dropped); unbound variables are ``None``.

        Examples
        --------
        >>> store = load_store_from_string("kjd:a kj:numberOfProjects 3 .", "ttl")
        >>> run_query(store, "SELECT ?s ?n ?missing WHERE { ?s ?p ?n }").rows
        [{'s': 'https://w3id.org/kjus/id/a', 'n': 3, 'missing': None}]
        """
        return [dict(zip(self.variables, map(_python_value, row))) for row in self.bindings]

    def to_dataframe(self):
        """The SELECT rows as a :class:`pandas.DataFrame` (needs ``pandas``).

        Raises
        ------
        QueryError
            pandas is not installed.
        """
        try:
            import pandas as pd
        except ImportError:
            raise QueryError("to_dataframe() needs pandas: pip install pandas") from None
        return pd.DataFrame(self.rows, columns=list(self.variables))

    def serialize(self, format: str = "json") -> str:
        """Serialize in a standard format.

        SELECT/ASK: ``json``, ``xml``, ``csv``, ``tsv`` (W3C SPARQL 1.1 results
        formats).  CONSTRUCT/DESCRIBE: ``turtle``, ``ntriples``, ``nquads``,
        ``trig``, ``jsonld`` (or ``json``), ``xml`` (RDF/XML).

        Examples
        --------
        >>> store = load_store_from_string("kjd:a kj:numberOfProjects 3 .", "ttl")
        >>> print(run_query(store, "SELECT ?n WHERE { ?s ?p ?n }").serialize("csv"), end="")
        n
        3
        >>> print(run_query(store, "CONSTRUCT WHERE { ?s ?p ?n }").serialize("turtle"), end="")
        @prefix kj: <https://w3id.org/kjus/ontology#> .
        @prefix kjd: <https://w3id.org/kjus/id/> .
        kjd:a kj:numberOfProjects 3 .
        """
        if self.form in ("SELECT", "ASK"):
            fmt = RESULT_FORMATS.get(format)
            if fmt is None:
                raise QueryError(f"unknown results format {format!r}; use one of "
                                 + ", ".join(RESULT_FORMATS))
            data = _results_json(self).encode()
            if fmt != ox.QueryResultsFormat.JSON:
                data = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=fmt)
            return data.decode().replace("\r\n", "\n")
        fmt = GRAPH_FORMATS.get(format)
        if fmt is None:
            raise QueryError(f"unknown RDF format {format!r}; use one of " + ", ".join(GRAPH_FORMATS))
        items = self.triples
        if fmt.supports_datasets:
            items = [ox.Quad(t.subject, t.predicate, t.object) for t in items]
        text = ox.serialize(items, format=fmt, prefixes=PREFIXES).decode()
        return _tidy_prefixes(text)


def _tidy_prefixes(text: str) -> str:
    """Keep only the ``@prefix`` lines a Turtle/TriG text uses, sorted (pyoxigraph's order varies)."""
    lines = text.splitlines(keepends=True)
    head = [ln for ln in lines if ln.startswith("@prefix ")]
    body = "".join(lines[len(head):])
    used = [ln for ln in head if re.search(r"(?<![\w.-])" + re.escape(ln.split()[1]), body)]
    return "".join(sorted(used)) + body


def run_query(store: ox.Store, query: str, *, allow_service: bool = False,
              limit: int | None = None, timeout: float | None = None,
              name: str | None = None) -> QueryResult:
    """Run a read-only SPARQL query over ``store``.

    Parameters
    ----------
    store : pyoxigraph.Store
        From :func:`load_store`.
    query : str
        SPARQL 1.1 query; the project prefixes are predeclared.
    allow_service : bool
        Permit ``SERVICE`` calls (they reach the network).
    limit : int, optional
        Keep at most this many rows/triples (``truncated`` tells if more existed).
        Without it, an answer of more than :data:`MAX_ROWS` is a :class:`~graph.errors.QueryError`.
    timeout : float, optional
        Seconds; a longer query raises :class:`~graph.errors.QueryError`.  The
        query then runs in a worker thread that stops at its next solution.
    name : str, optional
        Label for error messages.

    Returns
    -------
    QueryResult

    Examples
    --------
    >>> store = load_store_from_string('''
    ...     <https://w3id.org/kjus/source/d/g1> { kjd:a a kj:Person . kjd:b a kj:Person . }
    ...     <https://w3id.org/kjus/source/d/g2> { kjd:c a kj:Summit . }
    ... ''')
    >>> run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?x a kj:Person }").rows
    [{'n': 2}]
    >>> run_query(store, "SELECT ?g WHERE { GRAPH ?g { ?x a kj:Summit } }").rows
    [{'g': 'https://w3id.org/kjus/source/d/g2'}]
    >>> run_query(store, "ASK { kjd:c a kj:Person }").boolean
    False
    >>> r = run_query(store, "SELECT ?x WHERE { ?x a ?t } ORDER BY ?x", limit=1)
    >>> (r.rows, r.truncated)
    ([{'x': 'https://w3id.org/kjus/id/a'}], True)
    """
    info = check_query(query, allow_service=allow_service, name=name)
    if timeout is None:
        return _evaluate(store, query, info, limit, threading.Event())
    cancel, box = threading.Event(), {}

    def work():
        try:
            box["result"] = _evaluate(store, query, info, limit, cancel)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=work, daemon=True, name="kjus-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        cancel.set()
        raise QueryError(f"{name or 'query'}: timed out after {timeout:g} s; "
                         "add LIMIT or narrower patterns, or raise --timeout")
    if "error" in box:
        raise box["error"]
    return box["result"]


def _evaluate(store, query, info, limit, cancel) -> QueryResult:
    try:
        answer = store.query(query, prefixes=PREFIXES,
                             use_default_graph_as_union=not info.has_dataset)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(answer))
        items, truncated, cap = [], False, MAX_ROWS if limit is None else limit
        solutions = isinstance(answer, ox.QuerySolutions)
        keep = items.append
        for n, item in enumerate(answer):
            if n >= cap:
                truncated = True
                break
            if not n & 1023 and cancel.is_set():        # a timed-out query stops within 1,024 rows
                break
            keep(tuple(item) if solutions else item)     # a solution's values, in the order of its variables
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    if truncated and limit is None:
        del answer, items  # pyoxigraph's iterators must not be freed by the thread that gets the error
        raise QueryError(f"query: more than {MAX_ROWS:,} results; add LIMIT to the query, "
                         "or pass --limit N to get the first N")
    if solutions:
        return QueryResult("SELECT", variables=tuple(v.value for v in answer.variables), bindings=tuple(items),
                           truncated=truncated)
    triples = tuple(sorted(items, key=lambda t: (str(t.subject), str(t.predicate), str(t.object))))
    return QueryResult(info.form, triples=triples, truncated=truncated)


# --------------------------------------------------------------------------- values

_XSD = str(XSD)
_INTEGERS = {_XSD + t for t in (
    "integer long int short byte nonNegativeInteger positiveInteger nonPositiveInteger "
    "negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte").split()}


def _python_value(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    dt, text = term.datatype.value, term.value
    try:
        if dt in _INTEGERS:
            return int(text)
        if dt == _XSD + "decimal":
            return Decimal(text)
        if dt in (_XSD + "double", _XSD + "float"):
            return float(text)
        if dt == _XSD + "boolean":
            return text in ("true", "1")
        if dt == _XSD + "date":
            return _dt.date.fromisoformat(text)
    except (ValueError, InvalidOperation):
        return text
    return text


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {
        "subject": _term_json(term.subject), "predicate": _term_json(term.predicate),
        "object": _term_json(term.object)}}


def _results_json(result: QueryResult) -> str:
    """The W3C SPARQL 1.1 Query Results JSON document of a SELECT/ASK result."""
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{v: _term_json(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.bindings]
    return json.dumps({"head": {"vars": list(result.variables)},
                       "results": {"bindings": bindings}}, ensure_ascii=False)


# --------------------------------------------------------------------------- table

_SHORT = sorted(((iri, p) for p, iri in PREFIXES.items()), key=lambda x: -len(x[0]))


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for iri, prefix in _SHORT:
            if term.value.startswith(iri):
                return f"{prefix}:{term.value[len(iri):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        text = " ".join(term.value.split())
        return f"{text}@{term.language}" if term.language else text
    return str(term)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _clip(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def format_table(result: QueryResult, *, max_width: int = 60) -> str:
    """A readable, aligned text table of a SELECT/ASK result.

    IRIs are shortened with the project prefixes; Korean and Japanese text
    counts as double width so columns line up in a terminal.

    Examples
    --------
    >>> store = load_store_from_string('kjd:lee-jae-myung rdfs:label "이재명"@ko .', "ttl")
    >>> print(format_table(run_query(store, "SELECT ?who ?name WHERE { ?who rdfs:label ?name }")))
    who               | name
    ------------------+----------
    kjd:lee-jae-myung | 이재명@ko
    (1 row)
    """
    if result.form == "ASK":
        return "true" if result.boolean else "false"
    if result.form != "SELECT":
        return result.serialize("turtle")
    header = list(result.variables)
    body = [[_clip(_cell(t), max_width) for t in row] for row in result.bindings]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells):
        return " | ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    n = len(body)
    footer = f"({n} row{'s' if n != 1 else ''}{', truncated' if result.truncated else ''})"
    return "\n".join([line(header), "-+-".join("-" * w for w in widths)]
                     + [line(r) for r in body] + [footer])


# --------------------------------------------------------------------------- named queries

def list_queries(folder: str | Path = QUERIES_DIR) -> list[NamedQuery]:
    """The competency queries in ``folder`` (``NAME.rq``), sorted by name.

    The question is the text of the leading ``# Question:`` comment lines.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "who.rq").write_text("# Question: Who met?\\n#   (both sides)\\nSELECT * {}\\n")
    >>> [(q.name, q.question) for q in list_queries(d)]
    [('who', 'Who met? (both sides)')]
    """
    return [NamedQuery(p.stem, _question(p.read_text(encoding="utf-8")), p)
            for p in sorted(Path(folder).glob("*.rq"))]


def _question(text: str) -> str:
    parts, inside = [], False
    for raw in text.splitlines():
        if not raw.startswith("#"):
            break
        body = raw.lstrip("#").strip()
        if body.lower().startswith("question:"):
            inside, body = True, body[len("question:"):].strip()
        elif inside and re.match(r"[A-Za-z-]+:\s", body):
            break
        if inside and body:
            parts.append(body)
    return " ".join(parts)


def resolve_query(spec: str, folder: str | Path = QUERIES_DIR) -> tuple[str, str]:
    """Turn what a user typed into ``(label, query text)``.

    ``spec`` is inline SPARQL, a path to a ``.rq`` file, or the NAME of a query
    in ``graph/queries/``.

    Raises
    ------
    QueryError
        Unknown name (the message lists close names) or unreadable file.

    Examples
    --------
    >>> resolve_query("ASK { ?s ?p ?o }")
    ('query', 'ASK { ?s ?p ?o }')
    >>> resolve_query("no-such-query-name")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: unknown query 'no-such-query-name'; `kjus query --list` shows the available names
    """
    if re.search(r"[\s{}]", spec):
        return "query", spec
    path = Path(spec)
    if path.suffix in (".rq", ".sparql") or path.is_file():
        try:
            return str(path), path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"cannot read query file {path}: {exc.strerror}") from None
    known = {q.name: q for q in list_queries(folder)}
    if spec in known:
        return spec, known[spec].path.read_text(encoding="utf-8")
    close = difflib.get_close_matches(spec, known, n=5, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise QueryError(f"unknown query {spec!r}; {hint}`kjus query --list` shows the available names")
