"""Linked-data pages: a page for every entity, source, concept and ontology term.

The same pages make the offline site (:func:`write_site`, ``exports/site/``) and
the pages :mod:`graph.serve` answers with content negotiation
(:class:`SitePages`, :func:`render_page`, :func:`describe`).

What the site holds, relative to its root (every link between pages is
relative, so it works from ``file://`` and from any static host):

``index.html``
    counts and the ways in: types, countries, statuses, topics, sources, timeline.
``id/NAME.html``
    an entity (``kjd:NAME``): labels in English, Korean and Japanese, type and
    country; its facts grouped by statement status, each with its date, quote
    and source; incoming relations; the events, agreements and programs it
    takes part in, in date order; a small network of its neighbourhood; and the
    SPARQL that lists its triples.
``source/DOC.html``
    the reader: the source's text with every quoted span highlighted and linked
    to the statements (assertion graphs) it supports, the metadata and SHA-256
    of the document, and every statement with its triples.  A statement's IRI
    ``src:DOC/NAME`` is the anchor ``#s-NAME``, an evidence's the anchor ``#q-NAME``.
``status/``, ``topic/``, ``measure/``, ``unit/`` ``NAME.html``
    SKOS concepts with what uses them (the status pages are the index by status).
``type/TYPE.html``, ``country/CODE.html``, ``sources.html``, ``timeline.html``
    the indexes; above :data:`PAGE_SIZE` rows they continue on ``…/2.html``, ``…/3.html``.
``ontology.html``
    every class and property of ``kj:``, one anchor per term (``#Person``).
``assets/``
    the style sheet, the page script, vis-network (once, for the neighbourhood
    views) and the search index (labels in every language).

With ``rdf_formats`` the site also holds each entity, source, concept and the
ontology as RDF beside its page (``id/NAME.ttl``, ``.nt``, ``.jsonld``, ``.rdf``),
so that a static host plus the redirect rules of ``docs/w3id.htaccess`` serve
linked data without a server.

Safety: every text is escaped by Jinja2's autoescaping; data for scripts is
JSON with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped
(:func:`graph.render.html._json_for_html`); the page script writes only with
``textContent``; links to IRIs outside the site are made only for ``http(s)``
IRIs.  A label such as ``<img src=x onerror=alert(1)>`` shows as text.

Cost: one pass over a handful of predicates (labels, types, dates, statuses,
provenance) builds the index; each page then looks up its own quads by subject,
object or graph, so writing the whole site is linear in the graph.

Examples
--------
>>> from graph.query import load_store_from_string
>>> g = "<https://w3id.org/kjus/source/d/g>"
>>> store = load_store_from_string(g + ''' {
...     kjd:lee a kj:Person ; rdfs:label "Lee"@en , "이재명"@ko ; kj:country kjd:kr .
...     kjd:kr a kj:Country ; rdfs:label "Korea"@en ; skos:notation "KR" . }
...   src:provenance { src:d a kj:SourceDocument ; dcterms:title "기사"@ko .
...     ''' + g + ''' a kj:Assertion ; prov:wasDerivedFrom src:d ; kj:status kjs:occurred . }''')
>>> pages = SitePages(store)
>>> pages.path_of("https://w3id.org/kjus/id/lee")
'id/lee.html'
>>> page = render_page(store, "https://w3id.org/kjus/id/lee")
>>> "이재명" in page and 'href="../id/kr.html"' in page
True
>>> print(describe(store, "https://w3id.org/kjus/id/kr", "nt").decode().splitlines()[0])
<https://w3id.org/kjus/id/kr> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kjus/ontology#Country> .
"""
from __future__ import annotations

import functools
import hashlib
import html
import re
import shutil
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

import pyoxigraph as ox

from ..errors import ExportError, KGError, SourceError
from ..prefixes import PREFIXES, XSD, curie
from ..vocab import INFERRED_GRAPH, KJ, ONTOLOGY_GRAPH, VOCABULARY_GRAPH
from .html import CATEGORY_SHAPES, STATUS_COLORS, _asset, _json_for_html
from .palette import country_color, hex_to_rgb

__all__ = ["SitePages", "write_site", "render_page", "describe", "RDF_FORMATS", "MEDIA_TYPES",
           "PAGE_SIZE", "BASE", "SITE_DIRS"]

#: Rows on one page of an index; longer indexes continue on ``…/2.html``.
PAGE_SIZE = 200
#: Most items of one list on an entity page (incoming relations of one kind, events taken part in).
MAX_LIST = 100
#: Most neighbours drawn in an entity's network view.
MAX_NEIGHBOURS = 40
#: RDF formats: file extension → pyoxigraph format.
RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdf": ox.RdfFormat.RDF_XML}
#: File extension → media type of every file the site serves.
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
               "js": "text/javascript; charset=utf-8", "ttl": "text/turtle; charset=utf-8",
               "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdf": "application/rdf+xml"}

#: The common base of the project's IRIs (``https://w3id.org/kjus/``).
BASE = PREFIXES["kjd"].rsplit("id/", 1)[0]
#: Site folder → namespace of the IRIs whose pages it holds.
SITE_DIRS = {PREFIXES[p][len(BASE):].strip("/"): PREFIXES[p] for p in ("kjd", "src", "kjs", "kjt", "kjm", "kju")}
_ID_DIR, _SOURCE_DIR = (PREFIXES[p][len(BASE):].strip("/") for p in ("kjd", "src"))
_CONCEPT_DIRS = {d: ns for d, ns in SITE_DIRS.items() if d not in (_ID_DIR, _SOURCE_DIR)}
_ONTOLOGY = str(ONTOLOGY_GRAPH)
_ONTOLOGY_PAGE = _ONTOLOGY[len(BASE):]
_KJ = PREFIXES["kj"]

_RDF, _RDFS, _SKOS, _DCT, _PROV, _OWL = (PREFIXES[p] for p in ("rdf", "rdfs", "skos", "dcterms", "prov", "owl"))
_TYPE, _LABEL, _COMMENT = _RDF + "type", _RDFS + "label", _RDFS + "comment"
_PREF, _ALT, _NOTATION, _DEFINITION = (_SKOS + t for t in ("prefLabel", "altLabel", "notation", "definition"))
_IN_SCHEME, _BROADER = _SKOS + "inScheme", _SKOS + "broader"
_SUBCLASS, _DOMAIN, _RANGE, _SUBPROP = _RDFS + "subClassOf", _RDFS + "domain", _RDFS + "range", _RDFS + "subPropertyOf"
_DERIVED = _PROV + "wasDerivedFrom"
_DOC_FIELDS = {_DCT + "title": "title", _DCT + "date": "date", _DCT + "language": "language",
               _DCT + "description": "description", str(KJ.fileName): "file", str(KJ.sha256): "sha256"}
_EVIDENCE_FIELDS = {str(KJ.quote): "quote", str(KJ.start): "start", str(KJ.end): "end", str(KJ.source): "source"}
_DATE_FIELDS = {str(KJ.date): "date", str(KJ.startDate): "start", str(KJ.endDate): "end",
                str(KJ.targetYear): "target", str(KJ.dateWording): "wording"}
_STATUS, _EVIDENCE, _COUNTRY, _SUMMARY = str(KJ.status), str(KJ.evidence), str(KJ.country), str(KJ.summary)
_ASSERTION, _SOURCE_DOC, _COUNTRY_CLASS = str(KJ.Assertion), str(KJ.SourceDocument), str(KJ.Country)
_CURRENCY, _VALUE, _MAX, _MIN, _APPROX = (str(t) for t in (KJ.currency, KJ.value, KJ.maxValue, KJ.minValue,
                                                            KJ.approximate))
_TERM_KINDS = {_OWL + "Class": "class", _OWL + "ObjectProperty": "object property",
               _OWL + "DatatypeProperty": "datatype property"}
_CONCEPT_TYPES = (_SKOS + "Concept", _SKOS + "ConceptScheme")
_MODEL_GRAPHS = frozenset({_ONTOLOGY, str(VOCABULARY_GRAPH), str(INFERRED_GRAPH)})
_INFERRED = str(INFERRED_GRAPH)
_DEFAULT = ""   # the store's default graph, as the index names it

#: Order of the statement statuses on a page (``kjs:`` local names; others follow by name).
STATUS_ORDER = ("occurred", "agreed", "planned", "forecast", "expected", "concern", "assessment")
#: Categories whose members an entity "takes part in" (listed in date order on its page).
CONTEXT_CATEGORIES = ("Event", "Agreement", "Program", "Council", "Policy")
#: Timeline kinds: by category, then by status.
TIMELINE_KINDS = {"Event": "event", "Agreement": "agreement", "planned": "plan", "forecast": "forecast"}
_KIND_COLORS = {"event": "#0072B2", "agreement": "#009E73", "plan": "#56B4E9", "forecast": "#E69F00"}
_FORMAT_NAMES = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdf": "RDF/XML"}
_LANGS = ("en", "ko", "ja")
_LANG_NAMES = {"en": "English", "ko": "한국어", "ja": "日本語"}
_TEMPLATES = Path(__file__).parent / "templates"
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f%/\\:*?"<>|#]|^\.')
_MAX_NAME = 150
_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


# --------------------------------------------------------------------------- public API

def write_site(store: ox.Store, out_dir: str | Path, *, texts: Iterable[str | Path] | None = None,
               rdf_formats: Iterable[str] = (), page_size: int = PAGE_SIZE,
               progress=None) -> list[str]:
    """Write the static site into ``out_dir/site/``; return the paths written, relative to ``out_dir``.

    The site is assembled in a folder beside ``out_dir/site`` and put in its
    place in one step (:func:`graph.files.publish_folder`): files of a previous
    site that the new one no longer has are gone, and a failed write leaves
    the previous site as it was.  Output is byte-identical for the same store.

    Parameters
    ----------
    store : pyoxigraph.Store
        The built dataset (:func:`graph.query.load_store`), ontology and vocabularies included.
    out_dir : folder that receives ``site/``.
    texts : folders searched in order for the source texts (by ``kj:fileName``);
        default :func:`graph.paths.source_text_dirs`.
    rdf_formats : extensions of :data:`RDF_FORMATS` written beside each page (default none: the
        pages only; ``kjus serve`` answers RDF itself).
    page_size : rows per index page.
    progress : callable, optional
        Called with a line of text now and then.

    Examples
    --------
    >>> import tempfile
    >>> from graph.query import load_store_from_string
    >>> store = load_store_from_string('src:g { kjd:a a kj:Person ; rdfs:label "A"@en . }')
    >>> files = write_site(store, tempfile.mkdtemp(), rdf_formats=["ttl"])
    >>> [f for f in files if f.startswith("site/id/")]
    ['site/id/a.html', 'site/id/a.ttl']
    """
    from ..files import make_work_dir, publish_folder

    out = Path(out_dir)
    pages = SitePages(store, texts=texts, rdf_formats=rdf_formats, page_size=page_size)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = make_work_dir(out, ".site.staging")
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the site here ({exc.strerror}); choose another --out") from None
    written = []
    try:
        for i, (rel, data) in enumerate(pages.files()):
            path = staging / rel
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            except OSError as exc:
                raise ExportError(f"{out / 'site' / rel}: cannot write ({exc.strerror}); "
                                  "the previous site is untouched") from None
            written.append("site/" + rel)
            if progress is not None and i and i % 5000 == 0:
                progress(f"site: {i} files")
        publish_folder(staging, out / "site")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(written)


def render_page(store: ox.Store, iri: str, *, texts: Iterable[str | Path] | None = None) -> str | None:
    """The HTML page of one IRI (entity, source, concept or the ontology), or ``None`` if it has none.

    Builds the index of the whole store first; to render many pages, keep one
    :class:`SitePages` instead.
    """
    pages = SitePages(store, texts=texts)
    path = pages.path_of(iri)
    if path is None:
        return None
    found = pages.file(path.split("#", 1)[0])
    return found[0].decode("utf-8") if found else None


def describe(store: ox.Store, iri: str, fmt: str = "ttl") -> bytes:
    """RDF about ``iri`` in ``fmt`` (an extension of :data:`RDF_FORMATS`).

    The description holds every triple whose subject is ``iri`` (with the
    blank nodes it reaches), every triple whose object is ``iri``, the triples
    of the graph ``iri`` names if it is a named graph (an assertion graph, the
    ontology), and the ``rdfs:label`` of every other IRI it mentions.  Triples
    are sorted; blank nodes are labelled by their content, so the output is the
    same for the same data.

    Raises
    ------
    KGError
        Unknown format.

    Examples
    --------
    >>> from graph.query import load_store_from_string
    >>> store = load_store_from_string('src:g { kjd:a kj:member kjd:b . kjd:b rdfs:label "B"@en . }')
    >>> print(describe(store, "https://w3id.org/kjus/id/a").decode().splitlines()[-1])
    kjd:b rdfs:label "B"@en .
    """
    if fmt not in RDF_FORMATS:
        raise KGError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    return _serialize(_description(store, iri), fmt)


class SitePages:
    """Every file of the site, rendered on demand from a store.

    Parameters
    ----------
    store : pyoxigraph.Store
    texts : folders searched for source texts; default :func:`graph.paths.source_text_dirs`.
    rdf_formats : RDF files the site holds beside its pages (and links to).
    page_size : rows per index page.

    The index (labels, types, dates, statuses, provenance) is built on first
    use, in one pass over those predicates, and kept: the store must not change
    meanwhile.  Safe to use from several threads.
    """

    def __init__(self, store: ox.Store, *, texts: Iterable[str | Path] | None = None,
                 rdf_formats: Iterable[str] = tuple(RDF_FORMATS), page_size: int = PAGE_SIZE):
        self.store = store
        self.rdf_formats = tuple(f for f in RDF_FORMATS if f in set(rdf_formats))
        unknown = set(rdf_formats) - set(RDF_FORMATS)
        if unknown:
            raise KGError(f"unknown RDF format {sorted(unknown)[0]!r}; choose from {', '.join(RDF_FORMATS)}")
        if page_size < 1:
            raise KGError(f"page_size must be at least 1, not {page_size}")
        self.page_size = page_size
        self._texts = None if texts is None else [Path(t) for t in texts]
        self._index: _Index | None = None
        self._stories: dict[str, list[dict]] | None = None
        self._lock = threading.Lock()

    @property
    def index(self) -> _Index:
        with self._lock:
            if self._index is None:
                self._index = _Index(self.store)
            return self._index

    @property
    def stories(self) -> dict[str, list[dict]]:
        """Status transitions across sources, by entity (:func:`graph.analyse.history.transitions`), made once."""
        with self._lock:
            if self._stories is None:
                from ..analyse.history import transitions
                stories: dict[str, list[dict]] = defaultdict(list)
                try:
                    found = transitions(self.store)
                except KGError:      # no ontology in the store: nothing tells what a status is
                    found = []
                for t in found:
                    stories[t["entity"]].append(t)
                self._stories = dict(stories)
            return self._stories

    # --- addressing ---------------------------------------------------------------

    def path_of(self, iri: str) -> str | None:
        """Site path of the page showing ``iri`` (with ``#anchor`` for statements, evidence and terms), or ``None``.

        Examples
        --------
        >>> from graph.query import load_store_from_string
        >>> pages = SitePages(load_store_from_string('src:g { kjd:a a kj:Person . }'))
        >>> pages.path_of("https://w3id.org/kjus/id/a"), pages.path_of("https://w3id.org/kjus/id/zzz")
        ('id/a.html', None)
        """
        return self.index.page_of(iri)

    def rdf_path_of(self, iri: str, fmt: str) -> str | None:
        """Site path of the RDF document about ``iri`` in ``fmt`` (served by ``kjus serve``), or ``None``."""
        doc = self.index.document_of(iri)
        return None if doc is None else f"{doc}.{fmt}"

    def iri_of(self, rel_path: str) -> str | None:
        """The IRI a site path without extension stands for (``"id/lee"`` → ``kjd:lee``), or ``None``."""
        return self.index.iri_of(rel_path)

    # --- content --------------------------------------------------------------------

    def file(self, rel_path: str) -> tuple[bytes, str] | None:
        """Content and media type of the site file ``rel_path`` (``"id/lee.html"``), or ``None`` if there is none."""
        stem, dot, ext = rel_path.rpartition(".")
        if not dot or ext not in MEDIA_TYPES or not stem:
            return None
        if stem.startswith("assets/"):
            data = self._asset(rel_path[len("assets/"):])
            return None if data is None else (data, MEDIA_TYPES[ext])
        if ext in RDF_FORMATS:
            if ext not in self.rdf_formats:
                return None
            iri = self.index.iri_of(stem) or self.index.subresource(stem)
            if iri is None:
                return None
            return describe(self.store, iri, ext), MEDIA_TYPES[ext]
        if ext != "html":
            return None
        page = self._page(stem)
        return None if page is None else (page.encode("utf-8"), MEDIA_TYPES["html"])

    def not_found(self, rel_path: str) -> bytes:
        """The 404 page for ``rel_path``, with links that work from where it is served."""
        depth = rel_path.count("/")
        return _render("site_404.html", root="../" * depth, title="Not found · 찾을 수 없음",
                       path=rel_path, rdf=()).encode("utf-8")

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file of the site as ``(path, content)``, in a fixed order."""
        ix = self.index
        for name in ("site.css", "site.js", "vis-network.min.js", "search-index.js"):
            yield f"assets/{name}", self._asset(name)
        yield "index.html", self._page("index").encode()
        yield "sparql.html", self._page("sparql").encode()
        yield "404.html", self.not_found("404.html")
        for stem, page in self._paged("timeline", self._timeline_rows(), self._timeline_page):
            yield f"{stem}.html", page
        for stem, page in self._paged("sources", self._source_rows(), self._list_page(
                "Sources · 출처", "Every source document of the graph, newest first.")):
            yield f"{stem}.html", page
        yield f"{_ONTOLOGY_PAGE}.html", self._page(_ONTOLOGY_PAGE).encode()
        for fmt in self.rdf_formats:
            yield f"{_ONTOLOGY_PAGE}.{fmt}", describe(self.store, _ONTOLOGY, fmt)
        for name in sorted(ix.by_type):
            for stem, page in self._paged(f"type/{_file_name(name)}", self._type_rows(name),
                                          self._type_page(name)):
                yield f"{stem}.html", page
        for code in sorted(ix.by_country):
            for stem, page in self._paged(f"country/{_file_name(code)}", self._country_rows(code),
                                          self._country_page(code)):
                yield f"{stem}.html", page
        for stem, iri in sorted(ix.pages.items()):
            kind = ix.kind_of(iri)
            if kind == "concept":
                for path, page in self._paged(stem, self._concept_rows(iri), self._concept_page(iri)):
                    yield f"{path}.html", page
            else:
                yield f"{stem}.html", self._page(stem).encode()
            for fmt in self.rdf_formats:
                yield f"{stem}.{fmt}", describe(self.store, iri, fmt)

    # --- pages ------------------------------------------------------------------------

    def _page(self, stem: str) -> str | None:
        ix = self.index
        if stem == "index":
            return self._home()
        if stem == "sparql":
            return _render("site_sparql.html", root="", title="SPARQL", rdf=())
        if stem == _ONTOLOGY_PAGE:
            return self._ontology()
        for base, number in dict.fromkeys([(stem, 1), _split_page(stem)]):
            page = self._numbered(base, number)
            if page is not None:
                return page
        return None

    def _numbered(self, base: str, number: int) -> str | None:
        """Page ``number`` of the list or resource ``base`` (``"type/Company"``, ``"id/lee"``), or ``None``."""
        ix = self.index
        if base == "timeline":
            return self._one_page(base, number, self._timeline_rows(), self._timeline_page)
        if base == "sources":
            return self._one_page(base, number, self._source_rows(),
                                  self._list_page("Sources · 출처", "Every source document of the graph, newest first."))
        head, _, name = base.partition("/")
        if head == "type":
            type_name = ix.type_file.get(name)
            return None if type_name is None else self._one_page(
                base, number, self._type_rows(type_name), self._type_page(type_name))
        if head == "country":
            code = ix.country_file.get(name)
            return None if code is None else self._one_page(
                base, number, self._country_rows(code), self._country_page(code))
        iri = ix.pages.get(base)
        if iri is None:
            return None
        kind = ix.kind_of(iri)
        if kind == "concept":
            return self._one_page(base, number, self._concept_rows(iri), self._concept_page(iri))
        if number != 1:
            return None
        return self._entity(iri) if kind == "entity" else self._source(iri)

    def _paged(self, stem, rows, render):
        """``(path stem, page bytes)`` of every page of a paged list."""
        total = max(1, -(-len(rows) // self.page_size))
        for n in range(1, total + 1):
            path = stem if n == 1 else f"{stem}/{n}"
            yield path, render(path, rows[(n - 1) * self.page_size:n * self.page_size],
                               _pager(stem, n, total)).encode()

    def _one_page(self, stem, number, rows, render):
        total = max(1, -(-len(rows) // self.page_size))
        if not 1 <= number <= total:
            return None
        path = stem if number == 1 else f"{stem}/{number}"
        return render(path, rows[(number - 1) * self.page_size:number * self.page_size], _pager(stem, number, total))

    def _links(self, path):
        return _Links(self.index, path.count("/"))

    def _rdf(self, stem):
        """Links from the page ``stem`` to the RDF beside it."""
        name = stem.rsplit("/", 1)[-1]
        return [{"fmt": f, "href": _href_path(f"{name}.{f}"), "type": MEDIA_TYPES[f].split(";")[0],
                 "name": _FORMAT_NAMES[f]} for f in self.rdf_formats]

    # --- home ---------------------------------------------------------------------------

    def _home(self) -> str:
        ix = self.index
        ln = self._links("index")
        types = [{"link": {"text": name, "href": ln.rel(f"type/{_file_name(name)}.html")},
                  "ko": ix.label(_KJ + name, "ko", fallback=False), "count": len(members)}
                 for name, members in sorted(ix.by_type.items())]
        countries = [{"link": {"text": ix.country_name(code), "href": ln.rel(f"country/{_file_name(code)}.html")},
                      "ko": ix.label(ix.country_iri.get(code, ""), "ko", fallback=False),
                      "code": code, "count": len(members)}
                     for code, members in sorted(ix.by_country.items())]
        statuses = [{"link": ln.link(s), "ko": ix.label(s, "ko", fallback=False), "count": n}
                    for s, n in ix.status_counts()]
        schemes = []
        for d in sorted(_CONCEPT_DIRS):
            concepts = [iri for iri in ix.concepts if iri.startswith(_CONCEPT_DIRS[d])]
            if concepts:
                schemes.append({"dir": d, "items": [ln.link(c) for c in sorted(concepts, key=ix.sort_key)]})
        return _render("site_home.html", root="", title="KJUS Graph · 한일미 AI 협력", rdf=(),
                       counts={"entities": len(ix.entities), "sources": len(ix.docs),
                               "statements": len(ix.assertions), "dated": len(self._timeline_rows())},
                       types=types, countries=countries, statuses=statuses, schemes=schemes,
                       sources=[ln.link(d) for d in sorted(ix.docs, key=ix.doc_sort_key)[:20]],
                       more_sources=max(0, len(ix.docs) - 20))

    # --- entity -------------------------------------------------------------------------

    def _entity(self, iri: str) -> str:
        ix, store = self.index, self.store
        stem = ix.document_of(iri)
        ln = self._links(stem)
        node = ox.NamedNode(iri)
        out_quads = [q for q in store.quads_for_pattern(node, None, None, None) if _graph_key(q) != _INFERRED]
        in_quads = [q for q in store.quads_for_pattern(None, None, node, None) if _graph_key(q) != _INFERRED]

        by_graph: dict[str, list] = defaultdict(list)
        for q in out_quads:
            if q.predicate.value in (_TYPE, _LABEL, _PREF, _ALT):
                continue
            by_graph[_graph_key(q)].append(q)
        groups: dict[str, list] = defaultdict(list)
        for g, quads in by_graph.items():
            if g in (_ONTOLOGY, str(VOCABULARY_GRAPH)):
                continue
            info = ix.assertions.get(g)
            status = info["status"] if info else ""
            own_date = next((_literal_text(q.object) for q in sorted(quads, key=_quad_key)
                             if q.predicate.value in _DATE_FIELDS and q.predicate.value != str(KJ.dateWording)), "")
            groups[status].append({
                "title": ix.assertion_title(g), "href": ln.href(g), "graph": curie(g) if g else "(default graph)",
                "date": own_date or ix.graph_date.get(g, ""),
                "reported": ix.docs.get(info["source"], {}).get("date", "") if info else "",
                "facts": self._facts(quads, ln),
                "quotes": [self._quote(e, ln) for e in info["evidence"]] if info else [],
                "source": ln.link(info["source"]) if info and info["source"] else None,
                "sort": (own_date or ix.graph_date.get(g, "") or "9999", g)})
        status_groups = []
        for status in sorted(groups, key=_status_sort):
            items = sorted(groups[status], key=lambda s: s["sort"])
            status_groups.append({"key": _local(status) or "other", "title": ix.status_title(status),
                                  "href": ln.href(status) if status else None, "items": items[:MAX_LIST],
                                  "more": max(0, len(items) - MAX_LIST)})

        incoming: dict[str, list] = defaultdict(list)
        contexts, seen_context = [], set()
        for q in sorted(in_quads, key=_quad_key):
            s, p, g = q.subject, q.predicate.value, _graph_key(q)
            if not isinstance(s, ox.NamedNode) or g in _MODEL_GRAPHS:
                continue
            if s.value in ix.assertions or s.value in ix.evidence:   # provenance about a graph named like it
                continue
            info = ix.assertions.get(g)
            incoming[p].append({"subject": ln.link(s.value), "type": ix.type_name(s.value),
                                "status": _local(info["status"]) if info else "",
                                "date": ix.date_text(s.value), "statement": ln.href(g) if info else None})
            if ix.category(s.value) in CONTEXT_CATEGORIES and s.value not in seen_context:
                seen_context.add(s.value)
                contexts.append({"link": ln.link(s.value), "type": ix.type_name(s.value),
                                 "role": ix.label(p), "date": ix.date_text(s.value),
                                 "status": _local(ix.own_status(s.value)),
                                 "sort": (ix.date_key(s.value), ix.sort_key(s.value))})
        incoming_groups = []
        for p in sorted(incoming, key=lambda p: (ix.label(p), p)):
            rows = incoming[p]
            more = max(0, len(rows) - MAX_LIST)
            more_href = None
            if more and p == _COUNTRY and ix.country_code.get(iri) in ix.by_country:
                more_href = ln.rel(f"country/{_file_name(ix.country_code[iri])}.html")
            incoming_groups.append({"pred": ix.label(p), "pred_ko": ix.label(p, "ko", fallback=False),
                                    "pred_href": ln.href(p), "rows": rows[:MAX_LIST],
                                    "more": more, "more_href": more_href})
        contexts.sort(key=lambda c: c["sort"])

        code = ix.country_code.get(iri)
        code = code if code in ix.by_country else None
        return _render(
            "site_entity.html", root=ln.root, title=ix.label(iri), rdf=self._rdf(stem),
            iri=iri, short=curie(iri), labels=ix.labels_by_lang(iri), alt=ix.alt_labels(iri),
            types=[ln.link(_KJ + t) for t in ix.kj_types(iri)], category=ix.category(iri),
            countries=[ln.link(c) for c in ix.countries.get(iri, ())],
            country_index=ln.rel(f"country/{_file_name(code)}.html") if code else None,
            status=ln.link(ix.own_status(iri)) if ix.own_status(iri) else None,
            summary=ix.literals_by_lang(iri, _SUMMARY), date=ix.date_text(iri),
            wording=ix.dates.get(iri, {}).get("wording", []),
            groups=status_groups, incoming=incoming_groups,
            story=[{"from": t["from"], "to": t["to"], "kind": t["kind"],
                    "from_date": t["from_date"], "to_date": t["to_date"],
                    "from_source": ln.link(t["from_source"]), "to_source": ln.link(t["to_source"]),
                    "from_href": ln.href(t["from_graph"]), "to_href": ln.href(t["to_graph"])}
                   for t in self.stories.get(iri, ())],
            contexts=contexts[:MAX_LIST], contexts_more=max(0, len(contexts) - MAX_LIST),
            network=self._network(iri, out_quads, in_quads, ln),
            sparql=_entity_sparql(iri), sparql_href=ln.rel("sparql.html") + "?" + urlencode(
                {"query": _entity_sparql(iri)}),
            vis=ln.rel("assets/vis-network.min.js"))

    def _facts(self, quads, ln):
        """Facts of one statement about the page's entity: predicate → values, in a fixed order."""
        ix = self.index
        by_pred: dict[str, list] = defaultdict(list)
        for q in sorted(quads, key=_quad_key):
            by_pred[q.predicate.value].append(self._value(q.object, ln))
        return [{"pred": ix.label(p), "pred_ko": ix.label(p, "ko", fallback=False), "pred_href": ln.href(p),
                 "values": vals} for p, vals in sorted(by_pred.items(), key=lambda kv: (ix.label(kv[0]), kv[0]))]

    def _value(self, term, ln) -> dict:
        if isinstance(term, ox.Literal):
            return {"text": _literal_text(term), "lang": term.language or ""}
        if isinstance(term, ox.BlankNode):
            return {"text": self._blank_text(term)}
        return ln.link(term.value)

    def _blank_text(self, node: ox.BlankNode) -> str:
        """A blank node as a short text: an amount of money, or its properties."""
        ix = self.index
        fields = {}
        for q in sorted(self.store.quads_for_pattern(node, None, None, None), key=_quad_key):
            if q.predicate.value == _TYPE:
                continue
            value = _literal_text(q.object) if isinstance(q.object, ox.Literal) else (
                "…" if isinstance(q.object, ox.BlankNode) else ix.label(q.object.value))
            fields.setdefault(q.predicate.value, value)
        return _money(fields) or "; ".join(f"{ix.label(p)}: {v}" for p, v in fields.items()) or "(blank node)"

    def _quote(self, ev: str, ln) -> dict:
        ix = self.index
        e = ix.evidence.get(ev, {})
        return {"text": e.get("quote", ""), "href": ln.href(ev), "start": e.get("start", ""),
                "end": e.get("end", ""), "source": ln.link(e["source"]) if e.get("source") else None}

    def _network(self, iri, out_quads, in_quads, ln) -> str | None:
        """JSON for the neighbourhood view: the entity, its linked entities and the relations between them."""
        ix = self.index
        edges, weight = {}, defaultdict(int)
        for q in out_quads + in_quads:
            s, o = q.subject, q.object
            if not (isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)) or _graph_key(q) in _MODEL_GRAPHS:
                continue
            other = o.value if s.value == iri else s.value
            if other == iri or ix.kind_of(other) != "entity":
                continue
            key = (s.value, q.predicate.value, o.value)
            if key not in edges:
                edges[key] = ix.assertions.get(_graph_key(q), {}).get("status", "")
                weight[other] += 1
        if not edges:
            return None
        shown = sorted(weight, key=lambda n: (-weight[n], ix.sort_key(n)))[:MAX_NEIGHBOURS]
        keep = {iri, *shown}
        nodes = []
        for n in [iri, *sorted(shown, key=ix.sort_key)]:
            shape = CATEGORY_SHAPES.get(ix.category(n), CATEGORY_SHAPES["Other"])[0]
            nodes.append({"id": n, "label": ix.label(n), "title": f"{ix.label(n)} · {ix.type_name(n)}",
                          "href": ln.href(n), "color": country_color(ix.country_code_of(n)),
                          "shape": shape, "center": n == iri})
        links = [{"from": s, "to": o, "label": ix.label(p), "dashes": _local(st) not in ("", "occurred", "agreed")}
                 for (s, p, o), st in sorted(edges.items()) if s in keep and o in keep]
        return _json_for_html({"nodes": nodes, "edges": links, "total": len(weight), "shown": len(shown)})

    # --- source reader -------------------------------------------------------------------

    def _source(self, doc: str) -> str:
        ix, store = self.index, self.store
        stem = ix.document_of(doc)
        ln = self._links(stem)
        meta = ix.docs.get(doc, {})
        text, text_problem = self._text(meta.get("file", ""))
        graphs = sorted(ix.graphs_of.get(doc, ()), key=lambda g: (ix.first_offset(g), g))
        problems, spans = [], []
        for g in graphs:
            for ev in ix.assertions[g]["evidence"]:
                e = ix.evidence.get(ev, {})
                start, end, quote_text = e.get("start"), e.get("end"), e.get("quote", "")
                if text is None:
                    continue
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
                    problems.append(f"{curie(ev)}: offsets {start}–{end} are outside the text "
                                    f"({len(text)} characters)")
                elif text[start:end] != quote_text:
                    problems.append(f"{curie(ev)}: the text at {start}–{end} is not the quote")
                else:
                    spans.append((start, end, ev, g))
        text_html = _highlight(text, spans, ix, ln) if text is not None else None
        statements = []
        for g in graphs:
            info = ix.assertions[g]
            triples = sorted(store.quads_for_pattern(None, None, None, ox.NamedNode(g)), key=_quad_key)
            statements.append({
                "id": ln.anchor(g), "title": ix.assertion_title(g), "title_ko": ix.label(g, "ko", fallback=False),
                "status": ln.link(info["status"]) if info["status"] else None, "status_key": _local(info["status"]),
                "date": ix.graph_date.get(g, ""), "graph": curie(g),
                "quotes": [{"id": ln.anchor(ev), "text": ix.evidence.get(ev, {}).get("quote", ""),
                            "start": ix.evidence.get(ev, {}).get("start", ""),
                            "end": ix.evidence.get(ev, {}).get("end", ""),
                            "shown": any(s[2] == ev for s in spans)} for ev in info["evidence"]],
                "subjects": self._graph_subjects(triples, ln)})
        digest = None
        if text is not None:
            from ..sources import sha256_text

            digest = sha256_text(text)
        return _render(
            "site_source.html", root=ln.root, title=ix.label(doc), rdf=self._rdf(stem),
            iri=doc, short=curie(doc), labels=ix.labels_by_lang(doc), meta=meta,
            digest=digest, digest_ok=(digest == meta.get("sha256")) if digest and meta.get("sha256") else None,
            text_html=text_html, text_problem=text_problem, problems=problems, statements=statements,
            plain=bool(text) and not spans, evidence_count=len(spans))

    def _graph_subjects(self, quads, ln) -> list[dict]:
        """The triples of one statement, by subject: each subject with its type and facts (labels left out)."""
        ix = self.index
        by_subject: dict = defaultdict(list)
        for q in quads:
            if q.predicate.value not in (_TYPE, _LABEL, _PREF, _ALT):
                by_subject[q.subject].append(q)
            else:
                by_subject.setdefault(q.subject, [])
        out = []
        for subject in sorted(by_subject, key=lambda t: (isinstance(t, ox.BlankNode),) + ix.sort_key(t.value)):
            out.append({"subject": self._value(subject, ln),
                        "type": ix.type_name(subject.value) if isinstance(subject, ox.NamedNode) else "",
                        "facts": self._facts(by_subject[subject], ln)})
        return out

    def _text(self, file_name: str) -> tuple[str | None, str]:
        """The source text and, when it cannot be shown, why."""
        from ..paths import source_text_dirs
        from ..sources import read_source_text

        if not file_name:
            return None, "this source names no text file (kj:fileName)"
        for folder in self._texts if self._texts is not None else source_text_dirs():
            try:
                text = read_source_text(file_name, folder)
            except SourceError as exc:
                return None, str(exc)
            if text is not None:
                return text, ""
        return None, f"the text {file_name} is not on this machine"

    # --- concepts, ontology -----------------------------------------------------------

    def _concept_rows(self, iri: str) -> list[dict]:
        """What uses a concept: entities and statements that point to it (statements by status), sorted."""
        ix = self.index
        rows, seen = [], set()
        for q in self.store.quads_for_pattern(None, None, ox.NamedNode(iri), None):
            s, g = q.subject, _graph_key(q)
            if not isinstance(s, ox.NamedNode) or g == _INFERRED or s.value in seen:
                continue
            seen.add(s.value)
            rows.append({"iri": s.value, "pred": q.predicate.value,
                         "sort": (ix.date_key(s.value) if s.value not in ix.assertions else
                                  ix.graph_date.get(s.value, "") or "9999", ix.sort_key(s.value))})
        rows.sort(key=lambda r: r["sort"])
        return rows

    def _concept_page(self, iri: str):
        ix = self.index

        def render(path, rows, pager):
            ln = self._links(path)
            scheme = [ln.link(s) for s in ix.concept_schemes.get(iri, ())]
            broader = [ln.link(b) for b in ix.broader.get(iri, ())]
            narrower = [ln.link(n) for n in sorted(ix.narrower.get(iri, ()), key=ix.sort_key)]
            items = [self._row(r["iri"], ln, pred=r["pred"]) for r in rows]
            return _render("site_concept.html", root=ln.root, title=ix.label(iri), rdf=self._rdf(path) if
                           path == ix.document_of(iri) else (), iri=iri, short=curie(iri),
                           labels=ix.labels_by_lang(iri), definition=ix.literals_by_lang(iri, _DEFINITION),
                           scheme=scheme, broader=broader, narrower=narrower, rows=items, pager=pager)
        return render

    def _row(self, iri: str, ln, pred: str | None = None) -> dict:
        """One row of an index: a link and what identifies it (labels, type, country, date, status, quote)."""
        ix = self.index
        row = {"link": ln.link(iri), "ko": ix.label(iri, "ko", fallback=False), "ja": ix.label(iri, "ja", fallback=False),
               "type": ix.type_name(iri), "country": ", ".join(ix.country_code_of(c) or ix.label(c)
                                                              for c in ix.countries.get(iri, ())),
               "date": ix.date_text(iri), "status": _local(ix.own_status(iri)), "quote": "",
               "via": ix.label(pred) if pred and pred not in (_TYPE,) else ""}
        if iri in ix.assertions:
            info = ix.assertions[iri]
            row.update(type="statement", status=_local(info["status"]), date=ix.graph_date.get(iri, ""),
                       quote=next((ix.evidence.get(e, {}).get("quote", "") for e in info["evidence"]), ""),
                       source=ln.link(info["source"]) if info["source"] else None)
        return row

    def _ontology(self) -> str:
        ix = self.index
        ln = self._links(_ONTOLOGY_PAGE)
        terms = {"class": [], "object property": [], "datatype property": []}
        for term in sorted(ix.terms, key=lambda t: t.lower()):
            iri = _KJ + term
            kind = ix.terms[term]
            facts = []
            for label, prop in (("subclass of", _SUBCLASS), ("subproperty of", _SUBPROP),
                                ("domain", _DOMAIN), ("range", _RANGE)):
                values = [ln.link(v) if not v.startswith("_:") else {"text": ix.union_text(v)}
                          for v in ix.term_links.get(iri, {}).get(prop, ())]
                if values:
                    facts.append({"label": label, "values": values})
            count = len(ix.by_type.get(term, ()))
            terms[kind].append({"id": ln.anchor(iri), "name": term, "labels": ix.labels_by_lang(iri),
                                "comment": ix.literals_by_lang(iri, _COMMENT) or ix.literals_by_lang(iri, _DEFINITION),
                                "facts": facts, "count": count,
                                "index": ln.rel(f"type/{_file_name(term)}.html") if count else None})
        return _render("site_ontology.html", root=ln.root, title="Ontology · 온톨로지", rdf=self._rdf(_ONTOLOGY_PAGE),
                       iri=_ONTOLOGY, labels=ix.labels_by_lang(_ONTOLOGY),
                       comment=ix.literals_by_lang(_ONTOLOGY, _COMMENT), sections=[
                           {"title": "Classes · 클래스", "terms": terms["class"]},
                           {"title": "Object properties · 관계 속성", "terms": terms["object property"]},
                           {"title": "Datatype properties · 값 속성", "terms": terms["datatype property"]}])

    # --- indexes ---------------------------------------------------------------------

    def _type_rows(self, name):
        ix = self.index
        return sorted(ix.by_type[name], key=ix.sort_key)

    def _type_page(self, name):
        ix = self.index
        return self._list_page(f"{name} · {ix.label(_KJ + name, 'ko', fallback=False) or name}",
                               None, term=_KJ + name)

    def _country_rows(self, code):
        ix = self.index
        return sorted(ix.by_country[code], key=lambda n: (ix.category(n), ix.sort_key(n)))

    def _country_page(self, code):
        ix = self.index
        return self._list_page(f"{ix.country_name(code)} ({code})", None, term=ix.country_iri.get(code))

    def _source_rows(self):
        ix = self.index
        return sorted(ix.docs, key=ix.doc_sort_key)

    def _list_page(self, title, intro, term=None):
        def render(path, rows, pager):
            ln = self._links(path)
            return _render("site_list.html", root=ln.root, title=title, intro=intro, rdf=(),
                           about=ln.link(term) if term else None,
                           rows=[self._row(r, ln) for r in rows], pager=pager)
        return render

    # --- timeline -------------------------------------------------------------------------

    def _timeline_rows(self) -> list[dict]:
        ix = self.index
        if ix.timeline is None:
            rows = []
            for n in ix.entities:
                key = ix.date_key(n)
                if key == "9999":
                    continue
                kind = TIMELINE_KINDS.get(ix.category(n)) or TIMELINE_KINDS.get(_local(ix.status_of_date(n)))
                if kind:
                    rows.append({"iri": n, "kind": kind, "key": key, "end": ix.end_key(n), "sort": (key, ix.sort_key(n))})
            rows.sort(key=lambda r: r["sort"])
            ix.timeline = rows
        return ix.timeline

    def _timeline_page(self, path, rows, pager) -> str:
        ix = self.index
        ln = self._links(path)
        months: dict[str, list] = {}
        for r in rows:
            item = self._row(r["iri"], ln)
            item.update(kind=r["kind"], anchor=f"t{len(months)}-{sum(len(v) for v in months.values())}")
            months.setdefault(r["key"][:7], []).append(item)
        svg = _timeline_svg(rows, ix, ln)
        years = self._timeline_years(ln)
        return _render("site_timeline.html", root=ln.root, title="Timeline · 연표", rdf=(), svg=svg,
                       months=[{"month": m, "items": items} for m, items in months.items()],
                       pager=pager, years=years, kinds=_KIND_COLORS)

    def _timeline_years(self, ln) -> list[dict]:
        """Items per year over the whole timeline, each linked to the page where the year starts."""
        rows = self._timeline_rows()
        years: dict[str, dict] = {}
        for i, r in enumerate(rows):
            year = r["key"][:4].lstrip("-") if not r["key"].startswith("-") else r["key"][:5]
            entry = years.setdefault(year, {"year": year, "count": 0, "page": i // self.page_size + 1})
            entry["count"] += 1
        out = []
        for entry in years.values():
            n = entry["page"]
            entry["href"] = ln.rel("timeline.html" if n == 1 else f"timeline/{n}.html")
            out.append(entry)
        return out

    # --- assets --------------------------------------------------------------------------

    def _asset(self, name: str) -> bytes | None:
        if name == "site.css":
            return (_own("site.css") + _status_css()).encode("utf-8")
        if name == "site.js":
            return _own("site.js").encode("utf-8")
        if name == "vis-network.min.js":
            return _asset("vis-network.min.js").encode("utf-8")
        if name == "search-index.js":
            return ("window.KJUS_SEARCH = " + _json_for_html(self.index.search_entries()) + ";\n").encode("utf-8")
        return None


# --------------------------------------------------------------------------- the index

class _Index:
    """Labels, types, dates, statuses and provenance of every node, from one pass over those predicates."""

    def __init__(self, store: ox.Store):
        self.labels: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.alt: dict[str, list] = defaultdict(list)
        self.types: dict[str, set] = defaultdict(set)
        self.dates: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.date_graph: dict[str, str] = {}
        self.graph_date: dict[str, str] = {}
        self.status: dict[str, str] = {}            # node -> its own kj:status (outside provenance)
        self.graph_status: dict[str, str] = {}      # assertion graph -> status (provenance)
        self.countries: dict[str, list] = defaultdict(list)
        self.notation: dict[str, str] = {}
        self.docs: dict[str, dict] = {}
        self.evidence: dict[str, dict] = defaultdict(dict)
        self.assertions: dict[str, dict] = {}
        self.graphs_of: dict[str, list] = defaultdict(list)
        self.subclass: dict[str, set] = defaultdict(set)
        self.term_links: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.union: dict[str, list] = {}
        self.concept_schemes: dict[str, list] = defaultdict(list)
        self.broader: dict[str, list] = defaultdict(list)
        self.narrower: dict[str, list] = defaultdict(list)
        self.literals: dict[str, dict[str, dict[str, list]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        self.timeline = None
        self._category: dict = {}
        self._ancestry: dict = {}
        self._read(store)
        self._derive()

    # --- reading ----------------------------------------------------------------------

    def _scan(self, store, predicate):
        for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
            g = _graph_key(q)
            if g != _INFERRED:
                yield q.subject, q.object, g

    def _read(self, store) -> None:
        evidence_of: dict[str, list] = defaultdict(list)
        derived: dict[str, str] = {}
        assertion_types = set()
        for s, o, g in self._scan(store, _TYPE):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                self.types[s.value].add(o.value)
                if o.value == _ASSERTION:
                    assertion_types.add(s.value)
            elif isinstance(s, ox.BlankNode) and isinstance(o, ox.NamedNode):
                self.types["_:" + s.value].add(o.value)
        for prop in (_LABEL, _PREF):
            for s, o, g in self._scan(store, prop):
                if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                    self.labels[s.value][o.language or ""].append(o.value)
        for s, o, g in self._scan(store, _ALT):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                self.alt[s.value].append((o.language or "", o.value))
        for prop in (_SUMMARY, _COMMENT, _DEFINITION):
            for s, o, g in self._scan(store, prop):
                if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                    self.literals[s.value][prop][o.language or ""].append(o.value)
        for prop, field in _DATE_FIELDS.items():
            for s, o, g in self._scan(store, prop):
                if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                    self.dates[s.value][field].append(o.value)
                    if field != "wording":
                        self.date_graph.setdefault(s.value, g)
                        if field in ("date", "start", "target") and g:
                            old = self.graph_date.get(g)
                            self.graph_date[g] = o.value if old is None else min(old, o.value, key=_date_key)
        for s, o, g in self._scan(store, _STATUS):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                if s.value in assertion_types:
                    self.graph_status[s.value] = o.value
                else:
                    self.status.setdefault(s.value, o.value)
        for s, o, g in self._scan(store, _COUNTRY):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) and o.value not in self.countries[s.value]:
                self.countries[s.value].append(o.value)
        for s, o, g in self._scan(store, _NOTATION):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                self.notation.setdefault(s.value, o.value)
        for s, o, g in self._scan(store, _EVIDENCE):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                evidence_of[s.value].append(o.value)
        for prop, field in _EVIDENCE_FIELDS.items():
            for s, o, g in self._scan(store, prop):
                if not isinstance(s, ox.NamedNode):
                    continue
                if field in ("start", "end"):
                    value = _int(o)
                else:
                    value = o.value
                self.evidence[s.value].setdefault(field, value)
        for s, o, g in self._scan(store, _DERIVED):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                derived.setdefault(s.value, o.value)
        docs = {n for n, ts in self.types.items() if _SOURCE_DOC in ts}
        for prop, field in _DOC_FIELDS.items():
            for s, o, g in self._scan(store, prop):
                if isinstance(s, ox.NamedNode) and s.value in docs:
                    self.docs.setdefault(s.value, {}).setdefault(field, o.value)
        for d in docs:
            self.docs.setdefault(d, {})
        for prop in (_SUBCLASS, _SUBPROP, _DOMAIN, _RANGE):
            for s, o, g in self._scan(store, prop):
                if isinstance(s, ox.NamedNode):
                    value = o.value if isinstance(o, ox.NamedNode) else "_:" + o.value
                    if prop == _SUBCLASS and isinstance(o, ox.NamedNode):
                        self.subclass[s.value].add(o.value)
                    if value not in self.term_links[s.value][prop]:
                        self.term_links[s.value][prop].append(value)
        self._read_unions(store)
        for s, o, g in self._scan(store, _IN_SCHEME):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                self.concept_schemes[s.value].append(o.value)
        for s, o, g in self._scan(store, _BROADER):
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                self.broader[s.value].append(o.value)
                self.narrower[o.value].append(s.value)
        evidence_set = {e for evs in evidence_of.values() for e in evs}
        self.evidence = {e: f for e, f in self.evidence.items() if e in evidence_set or _KJ + "Evidence" in self.types.get(e, ())}
        for g in sorted(assertion_types | set(evidence_of)):
            source = derived.get(g) or next((self.evidence.get(e, {}).get("source") for e in evidence_of.get(g, ())), "")
            evs = sorted(evidence_of.get(g, ()), key=lambda e: (_int_or(self.evidence.get(e, {}).get("start")), e))
            self.assertions[g] = {"status": self.graph_status.get(g, ""), "source": source or "", "evidence": evs}
            if source:
                self.graphs_of[source].append(g)

    def _read_unions(self, store) -> None:
        """``owl:unionOf`` lists of blank nodes (ranges such as "Person or Organization")."""
        first, rest, union = ox.NamedNode(_RDF + "first"), ox.NamedNode(_RDF + "rest"), ox.NamedNode(_OWL + "unionOf")
        firsts = {q.subject.value: q.object for q in store.quads_for_pattern(None, first, None, None)
                  if isinstance(q.subject, ox.BlankNode)}
        rests = {q.subject.value: q.object for q in store.quads_for_pattern(None, rest, None, None)
                 if isinstance(q.subject, ox.BlankNode)}
        for q in store.quads_for_pattern(None, union, None, None):
            if not isinstance(q.subject, ox.BlankNode):
                continue
            items, item, guard = [], q.object, 0
            while isinstance(item, ox.BlankNode) and item.value in firsts and guard < 1000:
                head = firsts[item.value]
                if isinstance(head, ox.NamedNode):
                    items.append(head.value)
                item, guard = rests.get(item.value), guard + 1
            self.union["_:" + q.subject.value] = items

    def _derive(self) -> None:
        for node in self.labels:
            for lang in self.labels[node]:
                self.labels[node][lang].sort()
        data_nodes = set()
        for n in set(self.types) | set(self.labels):
            if n.startswith(PREFIXES["kjd"]) and len(n) > len(PREFIXES["kjd"]):
                data_nodes.add(n)
        self.entities = sorted(data_nodes)
        self.concepts = sorted(n for n, ts in self.types.items()
                               if any(t in _CONCEPT_TYPES for t in ts) and _concept_dir(n) is not None)
        self.terms = {n[len(_KJ):]: kind for n, ts in self.types.items() if n.startswith(_KJ) and len(n) > len(_KJ)
                      for kind in [next((_TERM_KINDS[t] for t in sorted(ts) if t in _TERM_KINDS), None)] if kind}
        self.evidence_graph = {e: g for g, info in self.assertions.items() for e in info["evidence"]}
        # site paths of the pages, both ways
        self.pages: dict[str, str] = {}
        self.page_kind: dict[str, str] = {}
        used: set[str] = set()
        for kind, iris in (("entity", self.entities), ("source", sorted(self.docs)), ("concept", self.concepts)):
            for iri in iris:
                stem = _stem(iri)
                if stem is None or stem in used:
                    continue
                used.add(stem)
                self.pages[stem] = iri
                self.page_kind[iri] = kind
        self.stem_of = {iri: stem for stem, iri in self.pages.items()}
        # country codes
        # a country's code: its skos:notation (ISO 3166), else its local name
        self.country_code: dict[str, str] = {}
        for n in sorted({n for n, ts in self.types.items() if _COUNTRY_CLASS in ts} |
                        {c for cs in self.countries.values() for c in cs}):
            self.country_code[n] = self.notation.get(n) or _local(n)
        self.country_iri = {}
        for iri, code in sorted(self.country_code.items()):
            self.country_iri.setdefault(code, iri)
        self.by_country: dict[str, list] = defaultdict(list)
        for n in self.entities:
            for c in self.countries.get(n, ()):
                code = self.country_code[c]
                if n not in self.by_country[code]:
                    self.by_country[code].append(n)
        self.by_type: dict[str, list] = defaultdict(list)
        for n in self.entities:
            for t in self.kj_types(n):
                self.by_type[t].append(n)
        self.type_file = {_file_name(t): t for t in self.by_type}
        self.country_file = {_file_name(c): c for c in self.by_country}

    # --- questions --------------------------------------------------------------------

    def kind_of(self, iri: str) -> str | None:
        return self.page_kind.get(iri)

    def document_of(self, iri: str) -> str | None:
        """Site path (no extension) of the document about ``iri``, pages and statements alike."""
        if iri in self.stem_of:
            return self.stem_of[iri]
        if iri == _ONTOLOGY:
            return _ONTOLOGY_PAGE
        if iri in self.assertions or iri in self.evidence:
            return _stem(iri)
        return None

    def iri_of(self, stem: str) -> str | None:
        if stem == _ONTOLOGY_PAGE:
            return _ONTOLOGY
        return self.pages.get(stem)

    def subresource(self, stem: str) -> str | None:
        """The statement or evidence IRI whose RDF document is ``stem`` (``source/DOC/NAME``)."""
        head, _, rest = stem.partition("/")
        if head != _SOURCE_DIR or "/" not in rest:
            return None
        doc, sub = rest.split("/", 1)
        iri = SITE_DIRS[_SOURCE_DIR] + unquote(doc) + "/" + unquote(sub)
        return iri if iri in self.assertions or iri in self.evidence else None

    def page_of(self, iri: str) -> str | None:
        """Site path of the HTML showing ``iri``, with an anchor for statements, evidence and terms."""
        if iri in self.stem_of:
            return self.stem_of[iri] + ".html"
        if iri == _ONTOLOGY:
            return _ONTOLOGY_PAGE + ".html"
        if iri.startswith(_KJ) and iri[len(_KJ):] in self.terms:
            return f"{_ONTOLOGY_PAGE}.html#{_anchor_id(iri[len(_KJ):])}"
        holder = self.assertions.get(iri, {}).get("source") or self.assertions.get(
            self.evidence_graph.get(iri, ""), {}).get("source")
        if holder and holder in self.stem_of:
            prefix = "s-" if iri in self.assertions else "q-"
            return f"{self.stem_of[holder]}.html#{prefix}{_anchor_id(_sub_name(iri, holder))}"
        return None

    def label(self, iri: str, lang: str = "en", fallback: bool = True) -> str:
        by_lang = self.labels.get(iri)
        if by_lang:
            for candidate in ((lang,) if not fallback else (lang, "en", "", "ko", "ja")):
                if by_lang.get(candidate):
                    return by_lang[candidate][0]
            if fallback:
                return min(v[0] for v in by_lang.values() if v)
        if not fallback:
            return ""
        return _local(iri) or curie(iri)

    def labels_by_lang(self, iri: str) -> list[dict]:
        by_lang = self.labels.get(iri, {})
        out = [{"lang": lang, "name": _LANG_NAMES[lang], "values": by_lang[lang]} for lang in _LANGS if by_lang.get(lang)]
        out += [{"lang": lang, "name": lang or "—", "values": vals} for lang, vals in sorted(by_lang.items())
                if lang not in _LANGS and vals]
        return out

    def alt_labels(self, iri: str) -> list[dict]:
        return [{"lang": lang, "text": text} for lang, text in sorted(set(self.alt.get(iri, ())))]

    def literals_by_lang(self, iri: str, prop: str) -> list[dict]:
        by_lang = self.literals.get(iri, {}).get(prop, {})
        order = {lang: i for i, lang in enumerate(_LANGS)}
        return [{"lang": lang, "text": text} for lang in sorted(by_lang, key=lambda l: (order.get(l, 9), l))
                for text in sorted(by_lang[lang])]

    def sort_key(self, iri: str) -> tuple:
        return (self.label(iri).casefold(), iri)

    def doc_sort_key(self, iri: str) -> tuple:
        date = self.docs.get(iri, {}).get("date", "")
        return (_invert(date), iri)

    def kj_types(self, iri: str) -> list[str]:
        return sorted(t[len(_KJ):] for t in self.types.get(iri, ()) if t.startswith(_KJ) and len(t) > len(_KJ))

    def type_name(self, iri: str) -> str:
        if iri in self.assertions:
            return "statement"
        specific = self._specific(iri)
        return specific[len(_KJ):] if specific else ""

    def _specific(self, iri: str) -> str | None:
        kj = [t for t in self.types.get(iri, ()) if t.startswith(_KJ)]
        return max(kj, key=lambda t: (len(self._ancestors(t)), t), default=None)

    def _ancestors(self, cls: str) -> tuple:
        """``cls`` and its superclasses, nearest first (breadth-first, ties by IRI)."""
        if cls not in self._ancestry:
            order, seen, frontier = [], {cls}, [cls]
            while frontier:
                order.extend(frontier)
                nxt = sorted({p for c in frontier for p in self.subclass.get(c, ()) if p not in seen})
                seen.update(nxt)
                frontier = nxt
            self._ancestry[cls] = tuple(order)
        return self._ancestry[cls]

    def category(self, iri: str) -> str:
        types = frozenset(self.types.get(iri, ()))
        if types not in self._category:
            from ..project import CATEGORIES

            names = {str(c): name for c, name in CATEGORIES.items()}
            specific = self._specific(iri)
            candidates = [specific] if specific else sorted(types)
            self._category[types] = next((names[c] for t in candidates for c in self._ancestors(t) if c in names),
                                         "Other")
        return self._category[types]

    def own_status(self, iri: str) -> str:
        return self.status.get(iri, "")

    def status_of_date(self, iri: str) -> str:
        """The node's own status, else the status of the statement that dates it."""
        return self.own_status(iri) or self.graph_status.get(self.date_graph.get(iri, ""), "")

    def status_title(self, status: str) -> str:
        if not status:
            return "Other facts · 기타"
        ko = self.label(status, "ko", fallback=False)
        return f"{self.label(status)} · {ko}" if ko else self.label(status)

    def status_counts(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for info in self.assertions.values():
            if info["status"]:
                counts[info["status"]] += 1
        return sorted(counts.items(), key=lambda kv: _status_sort(kv[0]))

    def assertion_title(self, g: str) -> str:
        if not g:
            return "(default graph)"
        if self.labels.get(g):
            return self.label(g)
        info = self.assertions.get(g)
        return _local(g).replace("-", " ") if info else curie(g)

    def first_offset(self, g: str) -> int:
        evs = self.assertions.get(g, {}).get("evidence", ())
        return min((_int_or(self.evidence.get(e, {}).get("start")) for e in evs), default=1 << 62)

    def date_key(self, iri: str) -> str:
        d = self.dates.get(iri)
        if not d:
            return "9999"
        values = d.get("date") or d.get("start") or d.get("target") or d.get("end")
        return min(values, key=_date_key) if values else "9999"

    def end_key(self, iri: str) -> str:
        ends = self.dates.get(iri, {}).get("end")
        return max(ends, key=_date_key) if ends else ""

    def date_text(self, iri: str) -> str:
        d = self.dates.get(iri)
        if not d:
            return ""
        if d.get("date"):
            return " / ".join(sorted(set(d["date"]), key=_date_key))
        start, end = min(d.get("start") or [""], key=_date_key), max(d.get("end") or [""], key=_date_key)
        if start or end:
            return f"{start} – {end}".strip(" –") if start != end else start
        if d.get("target"):
            return "target " + min(d["target"], key=_date_key)
        return ""

    def country_code_of(self, iri: str) -> str:
        if iri in self.country_code and _COUNTRY_CLASS in self.types.get(iri, ()):
            return self.country_code[iri]
        cs = self.countries.get(iri)
        return self.country_code.get(cs[0], "") if cs else ""

    def country_name(self, code: str) -> str:
        iri = self.country_iri.get(code)
        return self.label(iri) if iri else code

    def union_text(self, blank: str) -> str:
        items = self.union.get(blank)
        return " or ".join(self.label(i) for i in items) if items else "(an anonymous class)"

    def search_entries(self) -> list[list[str]]:
        """``[path, English, Korean, Japanese, other names, type]`` of every page, sorted by path."""
        out = []
        for stem, iri in sorted(self.pages.items()):
            alt = " · ".join(sorted({t for _, t in self.alt.get(iri, ())} |
                                    {v for lang, vals in self.labels.get(iri, {}).items()
                                     if lang not in _LANGS for v in vals}))
            out.append([_href_path(stem + ".html"), self.label(iri, "en", fallback=False) or self.label(iri),
                        self.label(iri, "ko", fallback=False), self.label(iri, "ja", fallback=False), alt,
                        self.type_name(iri) or self.page_kind[iri]])
        return out


# --------------------------------------------------------------------------- links

class _Links:
    """Relative links from one page of the site (``depth`` folders below the root)."""

    def __init__(self, index: _Index, depth: int):
        self.ix, self.root = index, "../" * depth

    def rel(self, site_path: str) -> str:
        path, _, frag = site_path.partition("#")
        return self.root + _href_path(path) + (f"#{frag}" if frag else "")

    def href(self, iri: str) -> str | None:
        page = self.ix.page_of(iri)
        return self.rel(page) if page else None

    def link(self, iri: str) -> dict:
        """``{"text", "href", "title"}`` for an IRI: a relative link to its page, an outside link, or text."""
        if not iri:
            return {"text": ""}
        text = self.ix.label(iri) if (iri in self.ix.labels or self.ix.kind_of(iri)) else curie(iri)
        href = self.href(iri)
        if href is None and iri.startswith(("http://", "https://")) and not iri.startswith(BASE):
            href = iri
        return {"text": text, "href": href, "title": curie(iri)}

    def anchor(self, iri: str) -> str:
        page = self.ix.page_of(iri) or ""
        return page.partition("#")[2]


# --------------------------------------------------------------------------- helpers

def _graph_key(q) -> str:
    g = q.graph_name
    return g.value if isinstance(g, ox.NamedNode) else ("_:" + g.value if isinstance(g, ox.BlankNode) else _DEFAULT)


def _quad_key(q) -> tuple:
    return (q.predicate.value, str(q.subject), str(q.object), _graph_key(q))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else ""


def _int(term) -> int | str:
    try:
        return int(term.value)
    except (ValueError, AttributeError):
        return term.value if hasattr(term, "value") else ""


def _int_or(value, default: int = 1 << 62) -> int:
    return value if isinstance(value, int) else default


def _invert(text: str) -> str:
    """A key that sorts strings of digits in reverse (newest date first), empty last."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text) if text else "\U0010ffff"


def _date_key(text: str) -> tuple:
    m = _DATE.match(text or "")
    if not m:
        return (99999, 99, 99, text)
    return (int(m[1]), int(m[2] or 0), int(m[3] or 0), text)


def _status_sort(status: str) -> tuple:
    name = _local(status)
    return (STATUS_ORDER.index(name) if name in STATUS_ORDER else len(STATUS_ORDER) + (0 if name else 1), name)


def _literal_text(term) -> str:
    if not isinstance(term, ox.Literal):
        return str(getattr(term, "value", term))
    if term.datatype.value in (XSD + "decimal", XSD + "integer") and not term.language:
        try:
            from decimal import Decimal

            value = Decimal(term.value)
            return f"{value:,}" if abs(value) >= 10000 else term.value
        except ArithmeticError:
            return term.value
    return term.value


def _money(fields: dict) -> str:
    """``≈ 30,000,000 JPY``-style text of an amount, or ``""`` when the fields are not money."""
    currency = fields.get(_CURRENCY)
    amount = fields.get(_VALUE) or fields.get(_MAX) or fields.get(_MIN)
    if not currency or not amount:
        return ""
    prefix = "up to " if _VALUE not in fields and _MAX in fields else ("at least " if _VALUE not in fields else "")
    approx = "≈ " if fields.get(_APPROX) == "true" else ""
    return f"{approx}{prefix}{amount} {currency}"


def _file_name(name: str) -> str:
    """A name made safe as one file name: unsafe characters as ``%XX``, long names hashed.

    Examples
    --------
    >>> _file_name("lee-jae-myung"), _file_name("a/b"), _file_name(".."), _file_name("한국")
    ('lee-jae-myung', 'a%2Fb', '%2E.', '한국')
    """
    safe = _UNSAFE_NAME.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode("utf-8")), name)
    if len(safe.encode("utf-8")) > _MAX_NAME:
        return "_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:32]
    return safe


def _href_path(path: str) -> str:
    """A site path as a relative URL (each file-name character that URLs reserve percent-encoded)."""
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def _anchor_id(name: str) -> str:
    return re.sub(r"[\s#%\"'<>&]", lambda m: f"%{ord(m[0]):02X}", name)


def _sub_name(iri: str, doc: str) -> str:
    return iri[len(doc) + 1:] if iri.startswith(doc + "/") else iri


def _concept_dir(iri: str) -> str | None:
    for d, ns in _CONCEPT_DIRS.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return d
    return None


def _stem(iri: str) -> str | None:
    """Site path without extension of the page (or RDF document) of an IRI in one of :data:`SITE_DIRS`."""
    for d, ns in SITE_DIRS.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            rest = iri[len(ns):]
            if d == _SOURCE_DIR and "/" in rest:
                doc, sub = rest.split("/", 1)
                return f"{d}/{_file_name(doc)}/{_file_name(sub)}"
            return f"{d}/{_file_name(rest)}"
    return None


def _split_page(stem: str) -> tuple[str, int]:
    """``("type/Company", 3)`` for ``type/Company/3``; page 1 otherwise."""
    head, _, last = stem.rpartition("/")
    if head and last.isdigit() and not last.startswith("0") and int(last) >= 2:
        return head, int(last)
    return stem, 1


def _pager(stem: str, n: int, total: int) -> dict | None:
    """Links between the pages of a paged list, relative to page ``n``."""
    if total <= 1:
        return None
    depth = (stem if n == 1 else f"{stem}/{n}").count("/")
    root = "../" * depth

    def href(k):
        return root + _href_path(f"{stem}.html" if k == 1 else f"{stem}/{k}.html")

    shown = sorted({1, total, *range(max(1, n - 3), min(total, n + 3) + 1)})
    pages, last = [], 0
    for k in shown:
        if k - last > 1:
            pages.append({"gap": True})
        pages.append({"n": k, "href": href(k), "current": k == n})
        last = k
    return {"n": n, "total": total, "pages": pages,
            "prev": href(n - 1) if n > 1 else None, "next": href(n + 1) if n < total else None}


def _entity_sparql(iri: str) -> str:
    return (f"# every triple about <{iri}>, with the graph that states it\n"
            f"SELECT ?g ?p ?o WHERE {{\n  GRAPH ?g {{ <{iri}> ?p ?o }}\n"
            f"  FILTER(?g != <{_INFERRED}>)\n}} ORDER BY ?g ?p ?o")


def _highlight(text: str, spans: list, ix: _Index, ln: _Links):
    """The text as HTML: every quoted span a link to its statement, overlaps split into segments."""
    from markupsafe import Markup

    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    starts: dict[int, list] = defaultdict(list)
    for start, end, ev, g in spans:
        starts[start].append(ev)
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        for ev in sorted(starts.get(a, ())):
            parts.append(f'<span class="anchor" id="{html.escape(ln.anchor(ev))}"></span>')
        if a == b:
            continue
        covering = sorted(((s, e, ev, g) for s, e, ev, g in spans if s <= a and b <= e),
                          key=lambda x: (_status_sort(ix.assertions[x[3]]["status"]), x[0], x[2]))
        segment = html.escape(text[a:b])
        if not covering:
            parts.append(segment)
            continue
        graphs = list(dict.fromkeys(g for *_, g in covering))
        evs = list(dict.fromkeys(ev for _, _, ev, _ in covering))
        status = _local(ix.assertions[graphs[0]]["status"]) or "other"
        titles = "\n".join(f"{ix.status_title(ix.assertions[g]['status']).split(' · ')[0]}: {ix.assertion_title(g)}"
                           for g in graphs)
        parts.append(
            f'<a class="ev st-{html.escape(status)}" href="#{html.escape(ln.anchor(graphs[0]))}" '
            f'data-ev="{html.escape(" ".join(ln.anchor(e) for e in evs))}" '
            f'data-st="{html.escape(" ".join(ln.anchor(g) for g in graphs))}" '
            f'title="{html.escape(titles)}">{segment}</a>')
    for ev in sorted(starts.get(len(text), ())):
        parts.append(f'<span class="anchor" id="{html.escape(ln.anchor(ev))}"></span>')
    return Markup("".join(parts))


def _timeline_svg(rows: list[dict], ix: _Index, ln: _Links):
    """An SVG date axis for ``rows``: year and month ticks with their dates, one dot (or bar) per item."""
    from markupsafe import Markup

    if not rows:
        return None

    def months(key):
        y, m, d, _ = _date_key(key)
        return y * 12 + max(m, 1) - 1 + (max(d, 1) - 1) / 31

    lo = min(months(r["key"]) for r in rows)
    hi = max(max(months(r["key"]), months(r["end"]) if r["end"] else 0) for r in rows)
    lo, hi = int(lo), int(hi) + 1
    span = max(hi - lo, 1)
    width, left, right = 1100, 40, 50
    scale = (width - left - right) / span
    lanes: dict[int, int] = defaultdict(int)
    dots = []
    for r in rows:
        x0 = left + (months(r["key"]) - lo) * scale
        x1 = left + (months(r["end"]) - lo) * scale if r["end"] else x0
        bucket = int(x0 // 14)
        lane = lanes[bucket]
        lanes[bucket] += 1
        dots.append((r, x0, x1, lane))
    depth = max(lanes.values(), default=1)
    axis_y = 36
    height = axis_y + 24 + min(depth, 40) * 14
    out = [f'<svg class="axis" viewBox="0 0 {width} {height}" width="100%" role="img" '
           f'aria-label="timeline from {_month_text(lo)} to {_month_text(hi)}">',
           f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" class="base"/>']
    step = 1 if span <= 18 else 3 if span <= 48 else 12
    out.append(f'<text x="{left - 4}" y="{axis_y + 14}" class="start">{_month_text(lo)}</text>')
    for m in range(lo, hi + 1):
        x = left + (m - lo) * scale
        if m % 12 == 0:
            out.append(f'<line x1="{x:.1f}" y1="{axis_y - 10}" x2="{x:.1f}" y2="{height}" class="year"/>'
                       f'<text x="{x + 3:.1f}" y="{axis_y - 14}" class="year">{m // 12}</text>')
        elif step == 12 and m % 3 == 0:
            out.append(f'<line x1="{x:.1f}" y1="{axis_y - 3}" x2="{x:.1f}" y2="{axis_y + 3}" class="month"/>')
        elif (m % 12) % step == 0:
            out.append(f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}" class="month"/>'
                       f'<text x="{x:.1f}" y="{axis_y - 6}" class="month">{m % 12 + 1:02d}</text>')
    for i, (r, x0, x1, lane) in enumerate(dots):
        y = axis_y + 16 + min(lane, 39) * 14
        color = _KIND_COLORS[r["kind"]]
        title = html.escape(f"{ix.date_text(r['iri'])} · {r['kind']} · {ix.label(r['iri'])}")
        href = html.escape(ln.href(r["iri"]) or "")
        shape = (f'<line x1="{x0:.1f}" y1="{y}" x2="{x1:.1f}" y2="{y}" stroke="{color}" stroke-width="6" '
                 f'stroke-linecap="round"/>' if x1 - x0 > 2 else
                 f'<circle cx="{x0:.1f}" cy="{y}" r="5" fill="{color}"/>')
        out.append(f'<a href="{href}" class="dot"><title>{title}</title>{shape}</a>')
    out.append("</svg>")
    return Markup("".join(out))


def _month_text(m: int) -> str:
    return f"{m // 12}-{m % 12 + 1:02d}"


def _status_css() -> str:
    """Highlight colours of the statuses, from :data:`graph.render.html.STATUS_COLORS`."""
    lines = ["\n/* statement statuses (graph.render.html.STATUS_COLORS) */"]
    for status, color in STATUS_COLORS.items():
        r, g, b = hex_to_rgb(color)
        name = status or "other"
        lines.append(f".st-{name} {{ --st: {color}; --st-bg: rgba({r}, {g}, {b}, 0.22); }}")
    for kind, color in _KIND_COLORS.items():
        lines.append(f".kind-{kind} {{ --kind: {color}; }}")
    return "\n".join(lines) + "\n"


@functools.cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    return env


def _render(template: str, **context) -> str:
    context.setdefault("pager", None)
    return _environment().get_template(template).render(**context)


@functools.cache
def _own(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- RDF

def _description(store: ox.Store, iri: str) -> list:
    node = ox.NamedNode(iri)
    triples = set()
    blanks, seen_blank = [], set()

    def add(q):
        triples.add((q.subject, q.predicate, q.object))
        if isinstance(q.object, ox.BlankNode) and q.object not in seen_blank:
            seen_blank.add(q.object)
            blanks.append(q.object)

    for q in store.quads_for_pattern(node, None, None, None):
        add(q)
    for q in store.quads_for_pattern(None, None, node, None):
        triples.add((q.subject, q.predicate, q.object))
    if store.contains_named_graph(node):
        for q in store.quads_for_pattern(None, None, None, node):
            add(q)
            if isinstance(q.subject, ox.BlankNode) and q.subject not in seen_blank:
                seen_blank.add(q.subject)
    while blanks:
        for q in store.quads_for_pattern(blanks.pop(), None, None, None):
            add(q)
    label = ox.NamedNode(_LABEL)
    mentioned = {t for s, _, o in list(triples) for t in (s, o) if isinstance(t, ox.NamedNode) and t != node}
    for other in mentioned:
        for q in store.quads_for_pattern(other, label, None, None):
            triples.add((q.subject, q.predicate, q.object))
    return _canonical_blanks(triples)


def _canonical_blanks(triples: set) -> list:
    """Sorted triples with blank nodes relabelled by a digest of what they hold (stable across loads)."""
    out_of: dict = defaultdict(list)
    for s, p, o in triples:
        if isinstance(s, ox.BlankNode):
            out_of[s].append((p, o))
    names: dict = {}

    def name(b, stack=()):
        if b in names:
            return names[b]
        if b in stack:
            return "cycle"
        lines = sorted(f"{p} {name(o, (*stack, b)) if isinstance(o, ox.BlankNode) else o}" for p, o in out_of.get(b, ()))
        digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]
        names[b] = digest
        return digest

    def term(t):
        return ox.BlankNode("b" + name(t)) if isinstance(t, ox.BlankNode) else t

    relabelled = {(term(s), p, term(o)) for s, p, o in triples}
    return [ox.Triple(s, p, o) for s, p, o in sorted(relabelled, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))]


def _serialize(triples: list, fmt: str) -> bytes:
    prefixes = dict(sorted(PREFIXES.items())) if fmt in ("ttl", "rdf") else None
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes)
