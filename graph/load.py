"""Stage 2 — load: parse the model and the sources into one pyoxigraph store.

Parsing runs on pyoxigraph (Oxigraph's Rust parsers): each model file
(ontology, vocabularies) becomes its own named graph; each source file
contributes its assertion graphs and its provenance graph as they are written.
Loading refuses, with the file and line at fault:

* a file that is not UTF-8 or does not parse (unknown prefixes and IRIs with
  characters IRIs cannot hold included), or is larger than
  :data:`graph.sources.MAX_SOURCE_MB`;
* a literal holding a control character other than tab and newline
  (``"\\u0000"``), or an escape that is no character (``"\\uD800"``);
* triples outside a named graph (every fact needs provenance);
* a term in one of our namespaces that the model does not define
  (``kj:particpant`` is a typo, not a new property);
* one IRI given different labels in one language by two source files.

:func:`load_sources` returns the store every later stage of the build reads;
:func:`load_dataset` gives the same quads as an rdflib ``Dataset``, for code
that wants rdflib's API (it is not on the build's path).

Examples
--------
>>> loaded = load_sources()
>>> from graph.vocab import ONTOLOGY_GRAPH
>>> len(loaded.store) > 3000, loaded.prefixes["kjd"]
(True, 'https://w3id.org/kjus/id/')
"""
from __future__ import annotations

import hashlib

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from .errors import KGError, ModelError, ParseError, SourceError
from .paths import ONTOLOGY_FILES
from .prefixes import PREFIXES
from .sources import find_sources, read_text
from .vocab import MODEL_GRAPHS

__all__ = ["Loaded", "parse_file", "load_sources", "load_model", "load_dataset", "defined_terms", "to_rdflib",
           "to_store", "ox_quads"]

_KJ, _KJD = PREFIXES["kj"], PREFIXES["kjd"]
#: Namespaces whose every term must be defined by the model.
_CLOSED_NAMESPACES = (_KJ, PREFIXES["kjt"], PREFIXES["kjs"], PREFIXES["kjm"], PREFIXES["kju"])
_RDF_TYPE = PREFIXES["rdf"] + "type"
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
            ".nt": ox.RdfFormat.N_TRIPLES}
#: C0 and C1 control characters and DEL, except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Loaded(NamedTuple):
    """What the load stage hands on: the store, the prefixes the files declared, and what came from which file.

    ``files`` maps each source file to the SHA-256 of its bytes and the names
    of the graphs it holds (what an incremental build needs to know what changed).
    """

    store: ox.Store
    prefixes: dict[str, str]
    files: dict[Path, "SourceFile"] = {}


class SourceFile(NamedTuple):
    """One loaded source file: the SHA-256 of its bytes and the graphs it holds."""

    sha256: str
    graphs: frozenset


def parse_file(path: str | Path, format: str | None = None, *, prefixes: dict | None = None) -> list[ox.Quad]:
    """Parse one RDF file into a list of quads, turning syntax errors into :class:`ParseError`.

    ``format`` is ``"trig"``, ``"nquads"``, ``"turtle"`` or ``"nt"``; default from
    the suffix.  ``prefixes``, when given, receives the prefixes the file declares.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.trig")
    >>> _ = open(p, "w").write("@prefix ex: <http://e/> .\\nex:g { ex:a ex:b nope:c . }\\n")
    >>> parse_file(p)
    Traceback (most recent call last):
    ...
    graph.errors.ParseError: ...x.trig, line 2: the prefix nope: has not been declared; declare it with @prefix or fix the typo
    """
    path = Path(path)
    named = {"trig": ".trig", "nquads": ".nq", "turtle": ".ttl", "nt": ".nt"}
    fmt = _FORMATS.get(named.get(format, "") if format else path.suffix)
    if fmt is None:
        raise SourceError(f"{path}: unknown RDF file type {path.suffix!r}; use .trig for sources")
    text = read_text(path)
    parser = ox.parse(text.encode("utf-8"), format=fmt, base_iri=path.resolve().as_uri())
    try:
        quads = list(parser)
    except SyntaxError as exc:
        raise ParseError(f"{path}, line {exc.lineno or 1}: {_reason(str(exc), fmt)}") from None
    if prefixes is not None:
        prefixes.update(parser.prefixes)
    return quads


def load_model(files: Iterable[str | Path] = ONTOLOGY_FILES, *, prefixes: dict | None = None) -> ox.Store:
    """Load the ontology and the SKOS vocabularies, each into its named graph.

    Examples
    --------
    >>> from graph.vocab import ONTOLOGY_GRAPH
    >>> ox.NamedNode(str(ONTOLOGY_GRAPH)) in set(load_model().named_graphs())
    True
    """
    store = ox.Store()
    for path in files:
        graph_iri = MODEL_GRAPHS.get(Path(path).name)
        if graph_iri is None:
            raise ModelError(f"{path}: not a model file (expected one of {sorted(MODEL_GRAPHS)})")
        if not Path(path).is_file():
            raise ModelError(f"{path}: model file missing; restore it from the repository")
        graph = ox.NamedNode(str(graph_iri))
        store.extend(ox.Quad(q.subject, q.predicate, q.object, graph)
                     for q in parse_file(path, "turtle", prefixes=prefixes))
    return store


def defined_terms(model: ox.Store) -> set[str]:
    """IRIs the model defines: every subject in the model graphs.

    Examples
    --------
    >>> _KJ + "participant" in defined_terms(load_model())
    True
    """
    return {q.subject.value for q in model if isinstance(q.subject, ox.NamedNode)}


def load_sources(source_paths: Iterable[str | Path] | None = None,
                 model_files: Iterable[str | Path] = ONTOLOGY_FILES) -> Loaded:
    """Load the model and the source files into one pyoxigraph store.

    Parameters
    ----------
    source_paths : source files; default every file from :func:`graph.sources.find_sources`.
    model_files : the ontology and vocabulary files.

    Returns
    -------
    Loaded
        ``store``: one named graph per model file, assertion and provenance graph;
        ``prefixes``: what the files declared (the project's own first).
    """
    declared: dict[str, str] = {}
    store = load_model(model_files, prefixes=declared)
    defined = defined_terms(store)
    labels: dict[tuple[str, str], tuple[str, Path]] = {}
    paths = find_sources() if source_paths is None else [Path(p) for p in source_paths]
    files = {}
    for path in paths:
        quads = parse_file(path, prefixes=declared)
        _check_source(quads, path, defined, labels)
        store.bulk_extend(quads)
        files[path] = SourceFile(hashlib.sha256(path.read_bytes()).hexdigest(), frozenset(q.graph_name for q in quads))
    prefixes = dict(PREFIXES)
    for prefix, ns in sorted(declared.items()):
        if prefix and prefix not in prefixes and ns not in prefixes.values():
            prefixes[prefix] = ns
    return Loaded(store, prefixes, files)


def load_dataset(source_paths: Iterable[str | Path] | None = None,
                 model_files: Iterable[str | Path] = ONTOLOGY_FILES):
    """The loaded model and sources as an rdflib ``Dataset`` (union default graph), for rdflib's API.

    The same quads as :func:`load_sources`, which the build uses; this copy is
    for code and notebooks that want rdflib (``ds.value``, ``ds.graph(name)``).

    Examples
    --------
    >>> ds = load_dataset()
    >>> from graph.vocab import KJD, RDFS
    >>> str(ds.value(KJD["lee-jae-myung"], RDFS.label))[:3] in ("Lee", "이재명", "李在明")
    True
    """
    loaded = load_sources(source_paths, model_files)
    return to_rdflib(loaded.store, loaded.prefixes)


def to_rdflib(store: ox.Store, prefixes: dict[str, str] | None = None):
    """Copy a pyoxigraph store into an rdflib ``Dataset`` (union default graph), prefixes bound."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    for prefix, ns in (prefixes or PREFIXES).items():
        ds.bind(prefix, ns, override=True, replace=True)
    convert = _to_rdflib_term()
    graphs: dict = {}
    for q in store:
        g = q.graph_name
        target = graphs.get(g)
        if target is None:
            target = graphs[g] = ds.graph(convert(g)) if not isinstance(g, ox.DefaultGraph) else ds.default_context
        target.add((convert(q.subject), convert(q.predicate), convert(q.object)))
    return ds


def to_store(data) -> ox.Store:
    """``data`` as a pyoxigraph store: a store as it is; an rdflib ``Dataset`` (or quads) copied in.

    Examples
    --------
    >>> from rdflib import Dataset
    >>> ds = Dataset(); _ = ds.parse(data='<urn:g> { <urn:a> <urn:p> "한국"@ko . }', format="trig")
    >>> [str(q.object) for q in to_store(ds)]
    ['"한국"@ko']
    """
    if isinstance(data, ox.Store):
        return data
    if not (hasattr(data, "quads") or isinstance(data, (ox.Dataset, list, tuple))):
        raise KGError(f"cannot read RDF from a {type(data).__name__}; pass a pyoxigraph Store "
                      "(graph.load.load_sources, graph.query.load_store) or an rdflib Dataset")
    store = ox.Store()
    store.extend(ox_quads(data))
    return store


def ox_quads(data) -> list[ox.Quad]:
    """The quads of an rdflib ``Dataset`` or ``Graph``, a pyoxigraph store, or an iterable of quads."""
    if isinstance(data, (ox.Store, ox.Dataset)):
        return list(data)
    if hasattr(data, "quads") and hasattr(data, "namespaces"):      # rdflib
        from rdflib import URIRef
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
        convert = _to_ox_term()
        out = []
        for s, p, o, g in data.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            graph = convert(name) if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID \
                else ox.DefaultGraph()
            out.append(ox.Quad(convert(s), convert(p), convert(o), graph))
        return out
    return list(data)


def _to_ox_term():
    from rdflib import BNode, Literal, URIRef
    cache: dict = {}
    xsd_string = PREFIXES["xsd"] + "string"

    def convert(term):
        got = cache.get(term)
        if got is None:
            if isinstance(term, URIRef):
                got = ox.NamedNode(str(term))
            elif isinstance(term, BNode):
                got = ox.BlankNode(str(term))
            elif isinstance(term, Literal):
                if term.language:
                    got = ox.Literal(str(term), language=term.language)
                elif term.datatype is not None and str(term.datatype) != xsd_string:
                    got = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
                else:
                    got = ox.Literal(str(term))
            else:
                raise TypeError(f"not an RDF term: {term!r}")
            cache[term] = got
        return got
    return convert


def _to_rdflib_term():
    from rdflib import BNode, Literal, URIRef
    cache: dict = {}

    def convert(term):
        got = cache.get(term)
        if got is None:
            if isinstance(term, ox.NamedNode):
                got = URIRef(term.value)
            elif isinstance(term, ox.BlankNode):
                got = BNode(term.value)
            elif term.language:
                got = Literal(term.value, lang=term.language)
            elif term.datatype.value == PREFIXES["xsd"] + "string":
                got = Literal(term.value)
            else:
                got = Literal(term.value, datatype=URIRef(term.datatype.value))
            cache[term] = got
        return got
    return convert


def _check_source(quads: list[ox.Quad], path: Path, defined: set[str],
                  labels: dict[tuple[str, str], tuple[str, Path]]) -> None:
    closed_concepts = _CLOSED_NAMESPACES[1:]
    for q in quads:
        s, p, o = q.subject, q.predicate.value, q.object
        if isinstance(q.graph_name, ox.DefaultGraph):
            raise SourceError(f"{path}, line {_line_mentioning(path, s.value)}: triple about <{s.value}> is outside "
                              "a named graph; put every fact in an assertion graph with provenance")
        typed = o.value if p == _RDF_TYPE and isinstance(o, ox.NamedNode) else None
        for term in (p, typed):
            if term is not None and term.startswith(_CLOSED_NAMESPACES) and term not in defined:
                raise ModelError(f"{path}, line {_line_mentioning(path, term)}: <{term}> is not defined by the "
                                 "ontology or vocabularies; check the spelling or add the term to ontology/")
        if isinstance(o, ox.NamedNode):
            if o.value.startswith(closed_concepts) and o.value not in defined:
                raise ModelError(f"{path}, line {_line_mentioning(path, o.value)}: concept <{o.value}> is not in "
                                 "ontology/vocabularies.ttl; check the spelling or add the concept there")
        elif isinstance(o, ox.Literal):
            bad = _CONTROL.search(o.value)
            if bad:
                raise ParseError(f"{path}, line {_line_mentioning(path, s.value)}: a literal of <{s.value}> (property "
                                 f"<{p}>) holds the control character U+{ord(bad.group()):04X}, which no text should "
                                 "carry (only tab and newline are allowed); remove it or write the character it "
                                 "stands for")
            if p == _RDFS_LABEL:
                key = (s.value, o.language or "")
                first, first_path = labels.setdefault(key, (o.value, path))
                if first != o.value:
                    where = "elsewhere in this file" if first_path == path else f"in {first_path}"
                    raise ModelError(f"{path}, line {_line_mentioning(path, s.value)}: <{s.value}> is labelled "
                                     f"{o.value!r}@{key[1]} here but {first!r}@{key[1]} {where}; one IRI is one "
                                     "thing — keep one label (other spellings as skos:altLabel) or use a different IRI")


def _line_mentioning(path: Path, iri: str) -> int:
    """Best line for an error about ``iri``: where it, or its local name, first appears."""
    text = read_text(path)
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    for needle in (iri, ":" + local):
        at = text.find(needle)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return 1


_POSITION = re.compile(r"^Parser error (?:at|between) line \d+[^:]*: ")


def _reason(message: str, fmt) -> str:
    """Oxigraph's parser message without its position (we give the line), with what to do."""
    why = _POSITION.sub("", message)
    why = re.sub(r" \(line \d+\)$", "", why)
    why = why[:1].lower() + why[1:]
    if "has not been declared" in why:
        why += "; declare it with @prefix or fix the typo"
    elif "IRI" in why:
        why += " — not a valid IRI (spaces, quotes and <>{}|^`\\ are not allowed); percent-encode or fix it"
    elif why.startswith("unexpected end"):
        why += " (an unclosed string, IRI or graph?)"
    elif "not a valid unicode character" in why:
        why += " — a lone UTF-16 surrogate is not a character; fix the escape"
    if fmt == ox.RdfFormat.N_QUADS:
        why += "; each line must be <s> <p> <o> <g> ."
    return why
