"""Stage 2 — load: parse the model and the sources into one rdflib ``Dataset``.

Each model file (ontology, vocabularies) becomes its own named graph; each
source file contributes its assertion graphs and its provenance graph as they
are written.  Loading refuses, with the file and line at fault:

* a file that is not UTF-8 or does not parse (unknown prefixes included),
  or is larger than :data:`graph.sources.MAX_SOURCE_MB`;
* an IRI with characters IRIs cannot hold (spaces, quotes, ``<>{}|^`\\``),
  or a literal holding a lone surrogate (``"\\uD800"``: not a character);
* triples outside a named graph (every fact needs provenance);
* a term in one of our namespaces that the model does not define
  (``kj:particpant`` is a typo, not a new property);
* one IRI given different labels in one language by two source files.

Examples
--------
>>> ds = load_dataset()
>>> from graph.vocab import ONTOLOGY_GRAPH
>>> len(ds.graph(ONTOLOGY_GRAPH)) > 100
True
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS

from .errors import ModelError, ParseError, SourceError
from .paths import ONTOLOGY_FILES
from .sources import SOURCE_SUFFIXES, find_sources, read_text
from .vocab import KJ, KJM, KJS, KJT, KJU, MODEL_GRAPHS

__all__ = ["parse_file", "load_model", "load_dataset", "defined_terms"]

#: Namespaces whose every term must be defined by the model.
_CLOSED_NAMESPACES = (str(KJ._NS), str(KJT), str(KJS), str(KJM), str(KJU))


def parse_file(path: str | Path, format: str | None = None) -> Dataset:
    """Parse one RDF file into a new ``Dataset``, turning syntax errors into :class:`ParseError`.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.trig")
    >>> _ = open(p, "w").write("@prefix ex: <http://e/> .\\nex:g { ex:a ex:b nope:c . }\\n")
    >>> parse_file(p)
    Traceback (most recent call last):
    ...
    graph.errors.ParseError: ...x.trig, line 2: Prefix "nope:" not bound; declare it with @prefix or fix the typo
    """
    path = Path(path)
    fmt = format or SOURCE_SUFFIXES.get(path.suffix) or {".ttl": "turtle", ".nt": "nt"}.get(path.suffix)
    if fmt is None:
        raise SourceError(f"{path}: unknown RDF file type {path.suffix!r}; use .trig for sources")
    text = read_text(path)
    ds = Dataset()
    try:
        ds.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except SyntaxError as exc:  # rdflib's BadSyntax and the N-Quads parser's errors
        raise ParseError(f"{path}, line {_line_of(exc)}: {_reason(exc)}") from None
    except ParserError as exc:  # the N-Quads parser: "Invalid line (why):\n'the line'"
        line, why = _nquads_error(text, exc)
        raise ParseError(f"{path}, line {line}: {why}; each line must be <s> <p> <o> <g> .") from None
    except (ValueError, TypeError) as exc:
        raise ParseError(f"{path}: {exc}") from None
    return ds


def load_model(files: Iterable[str | Path] = ONTOLOGY_FILES) -> Dataset:
    """Load the ontology and the SKOS vocabularies, each into its named graph.

    The returned ``Dataset`` reads as the union of its graphs (``default_union``),
    so ``ds.value(...)`` and ``(s, p, o) in ds`` see every graph.
    """
    ds = Dataset(default_union=True)
    for path in files:
        graph_iri = MODEL_GRAPHS.get(Path(path).name)
        if graph_iri is None:
            raise ModelError(f"{path}: not a model file (expected one of {sorted(MODEL_GRAPHS)})")
        if not Path(path).is_file():
            raise ModelError(f"{path}: model file missing; restore it from the repository")
        parsed = parse_file(path, "turtle")
        for prefix, ns in parsed.namespaces():  # keep the model's prefixes for readable exports
            ds.bind(prefix, ns, override=False)
        target = ds.graph(URIRef(graph_iri))
        for s, p, o, _ in parsed.quads((None, None, None, None)):
            target.add((s, p, o))
    return ds


def defined_terms(model: Dataset) -> set[URIRef]:
    """IRIs the model defines: every subject in the model graphs.

    Examples
    --------
    >>> KJ.participant in defined_terms(load_model())
    True
    """
    return {s for s in model.subjects() if isinstance(s, URIRef)}


def load_dataset(source_paths: Iterable[str | Path] | None = None,
                 model_files: Iterable[str | Path] = ONTOLOGY_FILES) -> Dataset:
    """Load the model and the source files into one ``Dataset``.

    Parameters
    ----------
    source_paths : source files; default every file from :func:`graph.sources.find_sources`.
    model_files : the ontology and vocabulary files.

    Returns
    -------
    rdflib.Dataset with one named graph per model file, assertion and provenance graph.
    """
    ds = load_model(model_files)
    defined = defined_terms(ds)
    labels: dict[tuple[URIRef, str], tuple[Literal, Path]] = {}
    paths = find_sources() if source_paths is None else [Path(p) for p in source_paths]
    for path in paths:
        parsed = parse_file(path)
        _check_source(parsed, path, defined, labels)
        for s, p, o, g in parsed.quads((None, None, None, None)):
            ds.graph(g).add((s, p, o))
    return ds


def _check_source(parsed: Dataset, path: Path, defined: set[URIRef],
                  labels: dict[tuple[URIRef, str], tuple[Literal, Path]]) -> None:
    for s, p, o, g in parsed.quads((None, None, None, None)):
        for term in (s, p, o, g):
            if isinstance(term, URIRef) and _BAD_IRI.search(term):
                raise ParseError(f"{path}, line {_line_mentioning(path, term)}: <{term}> is not a valid IRI "
                                 "(spaces, quotes and <>{}|^`\\ are not allowed); percent-encode or fix it")
        if isinstance(o, Literal) and (bad := _CONTROL.search(o)):
            raise ParseError(f"{path}, line {_line_mentioning(path, s)}: a literal of <{s}> (property <{p}>) holds "
                             f"the control character U+{ord(bad.group()):04X}, which no text should carry (only tab "
                             "and newline are allowed); remove it or write the character it stands for")
        if isinstance(o, Literal) and _SURROGATE.search(o):
            raise ParseError(f"{path}, line {_line_mentioning(path, s)}: a literal of <{s}> holds a lone UTF-16 "
                             "surrogate (an escape such as \\uD800), which is not a character; fix the escape")
        if g == DATASET_DEFAULT_GRAPH_ID:
            raise SourceError(f"{path}, line {_line_mentioning(path, s)}: triple about <{s}> is outside a named graph; "
                              "put every fact in an assertion graph with provenance")
        for term in (p, o if p == RDF.type else None):
            if isinstance(term, URIRef) and str(term).startswith(_CLOSED_NAMESPACES) and term not in defined:
                raise ModelError(f"{path}, line {_line_mentioning(path, term)}: <{term}> is not defined by the "
                                 "ontology or vocabularies; check the spelling or add the term to ontology/")
        if isinstance(o, URIRef) and str(o).startswith(_CLOSED_NAMESPACES[1:]) and o not in defined:
            raise ModelError(f"{path}, line {_line_mentioning(path, o)}: concept <{o}> is not in "
                             "ontology/vocabularies.ttl; check the spelling or add the concept there")
        if p == RDFS.label and isinstance(o, Literal):
            key = (s, o.language or "")
            first, first_path = labels.setdefault(key, (o, path))
            if first != o:
                where = "elsewhere in this file" if first_path == path else f"in {first_path}"
                raise ModelError(f"{path}, line {_line_mentioning(path, s)}: <{s}> is labelled {str(o)!r}@{key[1]} "
                                 f"here but {str(first)!r}@{key[1]} {where}; one IRI is one thing — keep one "
                                 "label (other spellings as skos:altLabel) or use a different IRI")


def _line_mentioning(path: Path, term: URIRef) -> int:
    """Best line for an error about ``term``: where its IRI, or its local name, first appears."""
    text = read_text(path)
    iri = str(term)
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    for needle in (iri, ":" + local):
        at = text.find(needle)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return 1


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\ud800-\udfff]')
_SURROGATE = re.compile("[\ud800-\udfff]")
#: C0 and C1 control characters and DEL, except tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _nquads_error(text: str, exc: ParserError) -> tuple[int, str]:
    """Line number and reason of an N-Quads parser error (it quotes the line, not its number)."""
    m = re.match(r"Invalid line \((.*?)\):\n'(.*)'$", str(exc), re.DOTALL)
    if not m:
        return 1, str(exc)
    why = "a term is malformed (unclosed string or IRI?)" if m[1].startswith("Failed to eat") else m[1]
    bad = m[2].strip()
    return next((n for n, ln in enumerate(text.splitlines(), 1) if ln.strip() == bad), 1), why


def _line_of(exc: SyntaxError) -> int:
    lines = getattr(exc, "lines", None)  # rdflib BadSyntax: 0-based line
    if isinstance(lines, int):
        return lines + 1
    return exc.lineno or 1


def _reason(exc: SyntaxError) -> str:
    why = getattr(exc, "_why", None) or exc.msg or str(exc)
    if "not bound" in why:
        why += "; declare it with @prefix or fix the typo"
    return why
