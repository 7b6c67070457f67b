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

Safety: the pages are put together from strings, and every text that comes from
the data goes through :func:`_e` (``& < > ' "`` escaped, as Jinja2's autoescaping
does) or, in the reader's text and the timeline, :func:`html.escape`; data for
scripts is JSON with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped
(:func:`graph.render.html._json_for_html`); the page script writes only with
``textContent``; links to IRIs outside the site are made only for ``http(s)``
IRIs.  A label such as ``<img src=x onerror=alert(1)>`` shows as text.

Cost: one pass over a handful of predicates (labels, types, dates, statuses,
provenance) builds the index; each page then looks up its own quads by subject,
object or graph, so writing the whole site is linear in the graph.  What many
pages repeat is made once and kept in the index: the HTML of a link to a node,
a node of the neighbourhood views, the head of a row of facts.  The pages are
written with plain ``open``/``write`` into a fresh folder that is published
whole (:func:`graph.files.publish_folder`).

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
import os
import re
import shutil
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote

import pyoxigraph as ox

from ..errors import ExportError, KGError, SourceError
from ..prefixes import PREFIXES, XSD, curie
from ..runtime import gc_paused
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
_NAMES = frozenset({_TYPE, _LABEL, _PREF, _ALT})     # left out of the facts shown
_SCHEMA_GRAPHS = frozenset({_ONTOLOGY, str(VOCABULARY_GRAPH)})
_WORDING = str(KJ.dateWording)

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
_URL_SAFE = re.compile(r"[A-Za-z0-9/\-._~!$&'()*+,;=:@]*")   # what :func:`_href_path` leaves as it is


# --------------------------------------------------------------------------- public API

def write_site(store: ox.Store, out_dir: str | Path, *, texts: Iterable[str | Path] | None = None,
               rdf_formats: Iterable[str] = (), page_size: int = PAGE_SIZE,
               progress=None, statements=None) -> list[str]:
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
    statements : StatementIndex, optional
        :func:`graph.analyse.statements.index_statements` of ``store``, if the caller made it
        already (the stories of statuses across sources are read from it).

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
    pages = SitePages(store, texts=texts, rdf_formats=rdf_formats, page_size=page_size, statements=statements)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = make_work_dir(out, ".site.staging")
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the site here ({exc.strerror}); choose another --out") from None
    written, folders = [], set()
    try:
        for i, (rel, data) in enumerate(pages.files()):
            try:
                folder = rel.rpartition("/")[0]
                if folder not in folders:
                    os.makedirs(staging / folder, exist_ok=True)
                    folders.add(folder)
                _write_new(staging / rel, data)
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
    statements : :func:`graph.analyse.statements.index_statements` of ``store``, if made already.

    The index (labels, types, dates, statuses, provenance) is built on first
    use, in one pass over those predicates, and kept: the store must not change
    meanwhile.  Safe to use from several threads.
    """

    def __init__(self, store: ox.Store, *, texts: Iterable[str | Path] | None = None,
                 rdf_formats: Iterable[str] = tuple(RDF_FORMATS), page_size: int = PAGE_SIZE, statements=None):
        self.store = store
        self.statements = statements
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
                with gc_paused():
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
                    found = transitions(self.statements if self.statements is not None else self.store)
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
        root = "../" * rel_path.count("/")
        main = ('<h1>Not found · 찾을 수 없음</h1>\n<p class="lead">Nothing in the graph has the address <code>'
                f'{_e(rel_path)}</code>. Search for a name above, or start from the <a href="{_e(root)}index.html">'
                "home page</a>.</p>\n")
        return _layout(root, "Not found · 찾을 수 없음", (), main).encode("utf-8")

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
        if stem == "index":
            return self._home()
        if stem == "sparql":
            return _layout("", "SPARQL", (), _SPARQL_MAIN)
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
        """Links from the page ``stem`` to the RDF beside it: ``(media type, href, format name)``."""
        name = stem.rsplit("/", 1)[-1]
        return [(MEDIA_TYPES[f].split(";")[0], _href_path(f"{name}.{f}"), _FORMAT_NAMES[f]) for f in self.rdf_formats]

    # --- home ---------------------------------------------------------------------------

    def _home(self) -> str:
        ix = self.index
        ln = self._links("index")
        h = [f'<h1>{_e(_HOME_TITLE)}</h1>\n<p class="lead">A knowledge graph of Korea–Japan–US cooperation on AI: '
             f'{len(ix.entities)} entities, {len(ix.assertions)} statements from {len(ix.docs)} source(s), '
             f'{len(self._timeline_rows())} dated events, agreements, plans and forecasts. Every fact links to the '
             'sentence of its source that states it.</p>\n<ul class="ways">\n'
             '  <li><a href="timeline.html">Timeline · 연표</a> — events, agreements, plans and forecasts on a date axis</li>\n'
             '  <li><a href="sources.html">Sources · 출처</a> — read each article with its quoted sentences highlighted</li>\n'
             '  <li><a href="ontology.html">Ontology · 온톨로지</a> — every class and property</li>\n</ul>\n'
             '<section id="types"><h2>By type · 유형별</h2>\n<ul class="columns">']
        for name, members in sorted(ix.by_type.items()):
            h.append("<li>" + _a({"text": name, "href": ln.rel(f"type/{_file_name(name)}.html")})
                     + _ko(ix.label(_KJ + name, "ko", fallback=False)) + f' <span class="count">{len(members)}</span></li>')
        h.append('</ul>\n</section>\n<section id="countries"><h2>By country · 국가별</h2>\n<ul class="columns">')
        for code, members in sorted(ix.by_country.items()):
            h.append("<li>" + _a({"text": ix.country_name(code), "href": ln.rel(f"country/{_file_name(code)}.html")})
                     + _ko(ix.label(ix.country_iri.get(code, ""), "ko", fallback=False))
                     + f' <span class="code">{_e(code)}</span> <span class="count">{len(members)}</span></li>')
        h.append('</ul>\n</section>\n<section id="statuses"><h2>By statement status · 진술 상태별</h2>\n<ul class="columns">')
        for s, n in ix.status_counts():
            h.append("<li>" + ln.a(s) + _ko(ix.label(s, "ko", fallback=False)) + f' <span class="count">{n}</span></li>')
        h.append("</ul>\n</section>\n")
        for d in sorted(_CONCEPT_DIRS):
            concepts = [iri for iri in ix.concepts if iri.startswith(_CONCEPT_DIRS[d])]
            if concepts:
                h.append(f'<section id="scheme-{_e(d)}"><h2>{_e(d.capitalize())}s</h2>\n<ul class="columns">')
                h.extend(f"<li>{ln.a(c)}</li>" for c in sorted(concepts, key=ix.sort_key))
                h.append("</ul>\n</section>\n")
        h.append('<section id="sources"><h2>Sources · 출처</h2>\n<ul>')
        h.extend(f"<li>{ln.a(d)}</li>" for d in sorted(ix.docs, key=ix.doc_sort_key)[:20])
        h.append("</ul>\n")
        if len(ix.docs) > 20:
            h.append(f'<p class="more"><a href="sources.html">… all sources ({len(ix.docs) - 20} more)</a></p>')
        h.append("</section>\n")
        return _layout("", _HOME_TITLE, (), "".join(h))

    # --- entity -------------------------------------------------------------------------

    def _entity(self, iri: str) -> str:
        ix, store = self.index, self.store
        stem = ix.document_of(iri)
        ln = self._links(stem)
        a = ln.a
        node = ox.NamedNode(iri)
        # what the entity says, (predicate, object, graph), and what points at it, (subject, predicate, graph)
        out_quads = [(p.value, o, g) for _, p, o, g in store.quads_for_pattern(node, None, None, None)
                     for g in (_term_key(g),) if g != _INFERRED]
        in_quads = [(s, p.value, g) for s, p, _, g in store.quads_for_pattern(None, None, node, None)
                    for g in (_term_key(g),) if g != _INFERRED]
        title = ix.label(iri)
        category = ix.category(iri)
        h = [f'<article class="entity" data-iri="{_e(iri)}">\n<h1>{_e(title)}</h1>\n<p class="iri"><code>{_e(iri)}'
             f'</code> <span class="curie">{_e(curie(iri))}</span></p>\n<section class="summary">\n'
             f'{_labels_table(ix.labels_by_lang(iri))}\n<dl class="facts">\n']
        types = ix.kj_types(iri)
        if types:
            h.append(f'<dt>type · 유형</dt><dd>{", ".join(a(_KJ + t) for t in types)} <span class="cat">'
                     f'({_e(category)})</span></dd>')
        countries = ix.countries.get(iri, ())
        if countries:
            h.append(f'<dt>country · 국가</dt><dd>{", ".join(a(c) for c in countries)}</dd>')
        code = ix.country_code.get(iri)
        if code and code in ix.by_country and category == "Place":
            h.append(f'<dt>entities · 개체</dt><dd><a href="{_e(ln.rel(f"country/{_file_name(code)}.html"))}">'
                     'everything tied to this country</a></dd>')
        status = ix.own_status(iri)
        if status:
            h.append(f"<dt>status · 상태</dt><dd>{a(status)}</dd>")
        date = ix.date_text(iri)
        if date:
            h.append(f'<dt>date · 날짜</dt><dd class="date">{_e(date)}')
            h.extend(f' <span class="wording" lang="ko">“{_e(w)}”</span>'
                     for w in ix.dates.get(iri, {}).get("wording", []))
            h.append("</dd>")
        alt = ix.alt_labels(iri)
        if alt:
            h.append("<dt>also · 별칭</dt><dd>" + " · ".join(f'<span lang="{_e(lang)}">{_e(text)}</span>'
                                                           for lang, text in alt) + "</dd>")
        h.append("</dl>\n")
        h.extend(f'<p class="abstract" lang="{_e(lang)}">{_e(text)}</p>'
                 for lang, text in ix.literals_by_lang(iri, _SUMMARY))
        h.append("</section>\n\n")
        network = self._network(iri, out_quads, in_quads, ln)
        if network:
            h.append('<section class="network">\n<h2>Neighbourhood · 주변 관계</h2>\n<div id="nbhd" class="nbhd" '
                     'aria-label="network of the entity and its neighbours"></div>\n<p class="hint">Drag to move, '
                     'scroll to zoom; click a node to open its page. · 노드를 클릭하면 해당 페이지로 이동합니다.</p>\n'
                     f'<script type="application/json" id="nbhd-data">{network}</script>\n</section>\n')
        h.append('\n<section class="statements">\n<h2>What the sources say · 출처가 말하는 것</h2>\n')
        self._statement_groups(iri, out_quads, ln, h)
        h.append("</section>\n\n")
        story = self.stories.get(iri, ())
        if story:
            h.append("<section class=\"story\">\n<h2>How the sources' reports moved on · 보도에 따른 상태 변화</h2>\n"
                     '<ol class="dated">\n')
            for t in story:
                h.append(f'<li><a href="{_x(ln.href(t["from_graph"]))}">{_x(t["from"])}</a> <span class="date">reported '
                         f'{_x(t["from_date"])}</span>\n ({_source_link(ln.link(t["from_source"]))})\n → '
                         f'<a href="{_x(ln.href(t["to_graph"]))}">{_x(t["to"])}</a> <span class="date">reported '
                         f'{_x(t["to_date"])}</span>\n ({_source_link(ln.link(t["to_source"]))})\n '
                         f'<span class="kind">{_x(t["kind"])}</span></li>\n')
            h.append("</ol>\n</section>\n")
        self._incoming(iri, in_quads, ln, h)
        sparql = _entity_sparql(iri)
        h.append(f'\n<section class="sparql">\n<h2>SPARQL</h2>\n<pre class="query">{_e(sparql)}</pre>\n<p><a href="'
                 f'{_e(ln.rel("sparql.html") + "?" + _entity_sparql_query(iri))}">Open in the query page · 쿼리 '
                 '페이지에서 열기</a> (with <code>kjus serve</code>) or run <code>kjus query</code> with this text.</p>\n'
                 "</section>\n</article>\n")
        scripts = f'<script src="{_e(ln.rel("assets/vis-network.min.js"))}"></script>' if network else ""
        return _layout(ln.root, title, self._rdf(stem), "".join(h), scripts)

    def _statement_groups(self, iri, out_quads, ln, h) -> None:
        """The entity's statements, grouped by status, as HTML appended to ``h``."""
        ix = self.index
        by_graph: dict[str, list] = defaultdict(list)
        for p, o, g in out_quads:
            if p not in _NAMES:
                by_graph[g].append((p, o))
        groups: dict[str, list] = defaultdict(list)
        for g, quads in by_graph.items():
            if g in _SCHEMA_GRAPHS:
                continue
            quads.sort(key=_fact_key)
            info = ix.assertions.get(g)
            own_date = next((_literal_text(o) for p, o in quads if p in _DATE_FIELDS and p != _WORDING), "")
            groups[info["status"] if info else ""].append(((own_date or ix.graph_date.get(g, "") or "9999", g),
                                                           own_date, quads, info))
        if not groups:
            h.append('<p class="none">No statement has this entity as its subject.</p>')
        for status in sorted(groups, key=_status_sort):
            items = sorted(groups[status], key=lambda item: item[0])
            key, title, href = _e(_local(status) or "other"), _e(ix.status_title(status)), ln.href(status) if status else None
            h.append(f'<section class="group st-{key}" id="status-{key}">\n<h3>'
                     + (f'<a href="{_e(href)}">{title}</a>' if href else title)
                     + f' <span class="count">{len(items)}</span></h3>\n')
            for (_, g), own_date, quads, info in items[:MAX_LIST]:
                head, graph_date, middle, quotes = self._statement_parts(g, info, ln)
                h.append(head)
                h.append(f'<span class="date">{_e(own_date)}</span>' if own_date else graph_date)
                h.append(middle)
                self._facts(quads, ln, h, ko=True)
                h.append("  </table>\n")
                h.append(quotes)
            if len(items) > MAX_LIST:
                h.append(f'<p class="more">… and {len(items) - MAX_LIST} more statements; the SPARQL below lists '
                         "them all.</p>")
            h.append("</section>\n")

    def _statement_parts(self, g: str, info: dict | None, ln) -> tuple[str, str, str, str]:
        """What a statement shows on the page of each of its subjects, made once: its head (link to it), its date
        (when the subject's facts give none), its source, and its quotes."""
        ix = self.index
        found = ix.statement_parts.get((g, ln.root))
        if found is None:
            href = ln.href(g)
            name = _e(ix.assertion_title(g))
            head = ('<div class="statement">\n  <div class="head">\n'
                    + (f'<a class="st-link" href="{_e(href)}">{name}</a>' if href else f"<span>{name}</span>"))
            date = ix.graph_date.get(g, "")
            reported = ix.docs.get(info["source"], {}).get("date", "") if info else ""
            graph_date = (f'<span class="date">{_e(date)}</span>' if date else
                          f'<span class="date reported">reported {_e(reported)}</span>' if reported else "")
            middle = (f'<span class="from">— {ln.a(info["source"])}</span>' if info and info["source"] else "") \
                + '  </div>\n  <table class="kv">\n'
            quotes = []
            for ev in info["evidence"] if info else ():
                e = ix.evidence.get(ev, {})
                source = e.get("source")
                quotes.append(f'  <blockquote class="quote" lang="ko"><a class="q" href="{_x(ln.href(ev))}">'
                              f'{_e(e.get("quote", ""))}</a><cite>{ln.a(source) + ", " if source else ""}characters '
                              f'{_x(e.get("start", ""))}–{_x(e.get("end", ""))}</cite></blockquote>\n')
            found = ix.statement_parts[g, ln.root] = (head, graph_date, middle, "".join(quotes) + "</div>\n")
        return found

    def _incoming(self, iri, in_quads, ln, h) -> None:
        """What points at the entity (events it takes part in, then relations by property), as HTML appended to ``h``."""
        ix = self.index
        incoming: dict[str, list] = defaultdict(list)
        contexts, seen_context = [], set()
        for s, p, g in sorted(in_quads, key=lambda t: (t[1], str(t[0]), t[2])):
            if not isinstance(s, ox.NamedNode) or g in _MODEL_GRAPHS:
                continue
            s = s.value
            if s in ix.assertions or s in ix.evidence:   # provenance about a graph named like it
                continue
            incoming[p].append((s, g))
            if s not in seen_context and ix.category(s) in CONTEXT_CATEGORIES:
                seen_context.add(s)
                contexts.append(((ix.date_key(s), ix.sort_key(s)), s, p))
        a = ln.a
        if contexts:
            contexts.sort(key=lambda c: c[0])
            shown, more = contexts[:MAX_LIST], max(0, len(contexts) - MAX_LIST)
            h.append('<section class="contexts">\n<h2>Events, agreements and programs, by date · 관련 사건·합의·프로그램 ('
                     f'{len(shown)}{f" of {len(contexts)}" if more else ""})</h2>\n<ol class="dated">\n')
            for _, s, p in shown:
                h.append(f'  <li><span class="date">{_e(ix.date_text(s) or "undated")}</span> {a(s)} <span class="type">'
                         f'{_e(ix.type_name(s))}</span> <span class="via">via {_e(ix.label(p))}</span> '
                         f'{_badge(_local(ix.own_status(s)))}</li>\n')
            h.append("</ol>\n")
            if more:
                h.append(f'<p class="more">… and {more} more.</p>')
            h.append("</section>\n")
        h.append("\n")
        if not incoming:
            return
        h.append('<section class="incoming">\n<h2>Relations to it · 이 개체를 가리키는 관계</h2>\n')
        for p in sorted(incoming, key=lambda p: (ix.label(p), p)):
            rows = incoming[p]
            href = ln.href(p)
            h.append("<h3>" + (f'<a href="{_e(href)}">{_e(ix.label(p))}</a>' if href else _e(ix.label(p)))
                     + _ko(ix.label(p, "ko", fallback=False))
                     + f' <span class="count">{len(rows)}</span></h3>\n<ul class="incoming-list">\n')
            for s, g in rows[:MAX_LIST]:
                info = ix.assertions.get(g)
                date = ix.date_text(s)
                h.append(f'  <li>{a(s)} <span class="type">{_e(ix.type_name(s))}</span>'
                         + (f' <span class="date">{_e(date)}</span>' if date else "")
                         + " " + (_badge(_local(info["status"])) if info else ""))
                statement = ln.href(g) if info else None
                if statement:
                    h.append(f' <a class="st-link small" href="{_e(statement)}">statement</a>')
                h.append("</li>\n")
            h.append("</ul>\n")
            if len(rows) > MAX_LIST:
                h.append(f'<p class="more">… and {len(rows) - MAX_LIST} more')
                if p == _COUNTRY and ix.country_code.get(iri) in ix.by_country:
                    h.append(f' — <a href="{_e(ln.rel(f"country/{_file_name(ix.country_code[iri])}.html"))}">'
                             "see the full list</a>")
                h.append(".</p>")
        h.append("</section>\n")

    def _facts(self, facts, ln, h, ko: bool) -> None:
        """Facts of one statement about a subject, as table rows appended to ``h``: predicate → values, in a fixed order.

        ``facts`` are ``(predicate, object)``, sorted by :func:`_fact_key`.
        """
        ix = self.index
        by_pred: dict[str, list] = defaultdict(list)
        for p, o in facts:
            by_pred[p].append(o)
        for p in sorted(by_pred, key=lambda p: (ix.label(p), p)):
            h.append(ix.fact_head(p, ln.root, ko) + "<br>".join(self._value(o, ln) for o in by_pred[p]) + "</td></tr>\n")

    def _value(self, term, ln) -> str:
        """An RDF term as HTML: a literal with its language, a blank node as text, an IRI as a link."""
        if isinstance(term, ox.Literal):
            lang = term.language
            text = _e(_literal_text(term))
            return (f'<span lang="{_e(lang)}">{text}</span> <span class="lang">{_e(lang)}</span>' if lang
                    else f'<span class="plain">{text}</span>')
        if isinstance(term, ox.BlankNode):
            return f'<span class="plain">{_e(self._blank_text(term))}</span>'
        return ln.a(term.value)

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

    def _network(self, iri, out_quads, in_quads, ln) -> str | None:
        """JSON for the neighbourhood view: the entity, its linked entities and the relations between them."""
        ix = self.index
        edges, weight = {}, defaultdict(int)
        named = ox.NamedNode
        for key, g in [((iri, p, o.value), g) for p, o, g in out_quads if isinstance(o, named)] + \
                      [((s.value, p, iri), g) for s, p, g in in_quads if isinstance(s, named)]:
            if g in _MODEL_GRAPHS:
                continue
            other = key[2] if key[0] == iri else key[0]
            if other == iri or ix.kind_of(other) != "entity":
                continue
            if key not in edges:
                edges[key] = ix.assertions.get(g, {}).get("status", "")
                weight[other] += 1
        if not edges:
            return None
        shown = sorted(weight, key=lambda n: (-weight[n], ix.sort_key(n)))[:MAX_NEIGHBOURS]
        keep = {iri, *shown}
        def node(n):
            return ix.node_json(n, ln.root, lambda: self._node(n, ln))
        nodes = [node(iri).removesuffix('"center":false}') + '"center":true}']     # the one key that differs
        nodes += [node(n) for n in sorted(shown, key=ix.sort_key)]
        j = ix.json_text
        links = [f'{{"from":{j(s)},"to":{j(o)},"label":{j(ix.label(p))},"dashes":'
                 f'{"false" if _local(st) in ("", "occurred", "agreed") else "true"}}}'
                 for (s, p, o), st in sorted(edges.items()) if s in keep and o in keep]
        # what _json_for_html({"nodes": …, "edges": …, "total": …, "shown": …}) writes, made of parts made once
        return f'{{"nodes":[{",".join(nodes)}],"edges":[{",".join(links)}],"total":{len(weight)},"shown":{len(shown)}}}'

    def _node(self, n, ln) -> dict:
        """A node of the neighbourhood view (``"center"`` last: the entity of the page sets it)."""
        ix = self.index
        label = ix.label(n)
        return {"id": n, "label": label, "title": f"{label} · {ix.type_name(n)}", "href": ln.href(n),
                "color": country_color(ix.country_code_of(n)),
                "shape": CATEGORY_SHAPES.get(ix.category(n), CATEGORY_SHAPES["Other"])[0], "center": False}

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
        shown = {ev for _, _, ev, _ in spans}
        digest = None
        if text is not None:
            from ..sources import sha256_text

            digest = sha256_text(text)
        title = ix.label(doc)
        h = [f'<article class="source" data-iri="{_e(doc)}">\n<h1>{_e(title)}</h1>\n<p class="iri"><code>{_e(doc)}'
             f'</code> <span class="curie">{_e(curie(doc))}</span></p>\n<section class="meta">\n'
             f'{_labels_table(ix.labels_by_lang(doc))}\n<dl class="facts">\n']
        for key, name, before, after in (("title", "title · 제목", ' lang="ko">', ""), ("date", "date · 날짜", ' class="date">', ""),
                                         ("language", "language · 언어", ">", ""), ("file", "file · 파일", "><code>", "</code>")):
            if meta.get(key):
                h.append(f"<dt>{name}</dt><dd{before}{_e(meta[key])}{after}</dd>")
        h.append(f'  <dt>SHA-256</dt><dd><code class="sha">{_e(meta.get("sha256") or "(not recorded)")}</code>\n')
        if digest and meta.get("sha256"):
            h.append('<span class="ok">✓ matches the text · 본문과 일치</span>' if digest == meta["sha256"] else
                     f'<span class="bad">✗ the text here has SHA-256 <code>{_e(digest)}</code></span>')
        h.append(f"</dd>\n  <dt>statements · 진술</dt><dd>{len(graphs)} ({len(spans)} quotes shown in the text)</dd>\n"
                 "</dl>\n")
        if meta.get("description"):
            h.append(f'<p class="abstract">{_e(meta["description"])}</p>')
        h.append("</section>\n")
        if problems:
            h.append('<section class="problems"><h2>Problems · 문제</h2><ul>' + "".join(f"<li>{_e(p)}</li>" for p in problems)
                     + "</ul></section>\n")
        h.append('<div class="reader">\n<section class="text">\n<h2>Text · 본문</h2>\n<p class="hint">Highlighted spans '
                 "are quoted as evidence; hover or click one to see its statements. Plain text supports no statement. "
                 "· 강조된 부분은 근거 인용입니다.</p>\n")
        if text is not None:
            h.append(f'<div id="text" class="article" lang="{_x(meta.get("language", "ko"))}">'
                     f"{_highlight(text, spans, ix, ln)}</div>\n")
        else:
            h.append(f'<p class="missing">{_e(text_problem)}</p>\n')
        h.append('<div id="popover" class="popover" hidden></div>\n</section>\n<section class="statements-list">\n'
                 f"<h2>Statements · 진술 ({len(graphs)})</h2>\n")
        for g in graphs:
            info = ix.assertions[g]
            key = _local(info["status"])
            title_ko = ix.label(g, "ko", fallback=False)
            h.append(f'<article class="statement card st-{_e(key or "other")}" id="{_e(ln.anchor(g))}">\n  <div class="head">'
                     f'<span class="st-label">{_e(ix.assertion_title(g))}</span>{_ko(title_ko)} ')
            if info["status"]:
                h.append(f'<a class="badge st-{_e(key)}" href="{_x(ln.link(info["status"])["href"])}">{_e(key)}</a>')
            date = ix.graph_date.get(g, "")
            if date:
                h.append(f' <span class="date">{_e(date)}</span>')
            h.append("</div>\n")
            for ev in info["evidence"]:
                e = ix.evidence.get(ev, {})
                anchor, quote_text = _e(ln.anchor(ev)), _e(e.get("quote", ""))
                h.append(f'  <blockquote class="quote" lang="ko"><a href="#{anchor}" class="to-text">{quote_text}</a>'
                         if ev in shown else f'  <blockquote class="quote" lang="ko" id="{anchor}">{quote_text}')
                h.append(f'<cite>characters {_x(e.get("start", ""))}–{_x(e.get("end", ""))}</cite></blockquote>\n')
            # the graph's triples in the order of _quad_key (a graph holds a triple once: the terms are never compared)
            triples = sorted((p.value, str(s), str(o), s, o)
                             for s, p, o, _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
            self._graph_subjects(triples, ln, h)
            h.append(f'  <p class="graph"><code>{_e(curie(g))}</code></p>\n</article>\n')
        h.append("</section>\n</div>\n</article>\n")
        return _layout(ln.root, title, self._rdf(stem), "".join(h))

    def _graph_subjects(self, triples, ln, h) -> None:
        """The triples of one statement, by subject, as HTML appended to ``h``: each subject with its type and facts
        (labels left out).  ``triples`` are ``(predicate, subject text, object text, subject, object)``, sorted."""
        ix = self.index
        by_subject: dict = defaultdict(list)
        for p, _, _, s, o in triples:
            if p not in _NAMES:
                by_subject[s].append((p, o))
            else:
                by_subject.setdefault(s, [])
        for subject in sorted(by_subject, key=lambda t: (isinstance(t, ox.BlankNode),) + ix.sort_key(t.value)):
            kind = ix.type_name(subject.value) if isinstance(subject, ox.NamedNode) else ""
            h.append(f'  <div class="subject">{self._value(subject, ln)}'
                     + (f' <span class="type">{_e(kind)}</span>' if kind else ""))
            if by_subject[subject]:
                h.append('  <table class="kv">\n')
                self._facts(by_subject[subject], ln, h, ko=False)
                h.append("  </table>\n")
            h.append("  </div>\n")

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
            a = ln.a
            title = ix.label(iri)
            h = [f'<article class="concept" data-iri="{_e(iri)}">\n<h1>{_e(title)}</h1>\n<p class="iri"><code>{_e(iri)}'
                 f'</code> <span class="curie">{_e(curie(iri))}</span></p>\n{_labels_table(ix.labels_by_lang(iri))}\n']
            h.extend(f'<p class="abstract" lang="{_e(lang)}">{_e(text)}</p>'
                     for lang, text in ix.literals_by_lang(iri, _DEFINITION))
            h.append('<dl class="facts">\n')
            for name, values in (("scheme · 체계", ix.concept_schemes.get(iri, ())),
                                 ("broader · 상위", ix.broader.get(iri, ())),
                                 ("narrower · 하위", sorted(ix.narrower.get(iri, ()), key=ix.sort_key))):
                if values:
                    h.append(f"<dt>{name}</dt><dd>{', '.join(a(v) for v in values)}</dd>")
            h.append("</dl>\n<h2>Used by · 사용처</h2>\n")
            if rows:
                nav = _pager_nav(pager)
                h.append(f"{nav}\n{self._rows_table([(r['iri'], r['pred']) for r in rows], ln)}\n{nav}\n")
            else:
                h.append('<p class="none">Nothing in the graph uses this concept.</p>')
            h.append("</article>\n")
            return _layout(ln.root, title, self._rdf(path) if path == ix.document_of(iri) else (), "".join(h))
        return render

    def _rows_table(self, rows, ln) -> str:
        """An index as an HTML table: one row per ``(IRI, predicate that led to it or None)``."""
        ix, a = self.index, ln.a
        h = ['<table class="rows">\n<thead><tr><th>name · 이름</th><th>한국어</th><th>日本語</th><th>type</th>'
             "<th>country</th><th>date</th><th>status</th></tr></thead>\n<tbody>\n"]
        for iri, pred in rows:
            h.append("<tr><td>" + a(iri))
            via = ix.label(pred) if pred and pred != _TYPE else ""
            if via:
                h.append(f' <span class="via">({_e(via)})</span>')
            kind, status, date = ix.row_fields(iri)
            info = ix.assertions.get(iri)
            if info is not None:
                quote_text = next((ix.evidence.get(e, {}).get("quote", "") for e in info["evidence"]), "")
                if quote_text:
                    h.append(f'<q lang="ko">{_e(quote_text)}</q>')
                if info["source"]:
                    h.append(f' <span class="from">— {a(info["source"])}</span>')
            country = ", ".join(ix.country_code_of(c) or ix.label(c) for c in ix.countries.get(iri, ()))
            h.append(f'</td>\n<td lang="ko">{_e(ix.label(iri, "ko", fallback=False))}</td><td lang="ja">'
                     f'{_e(ix.label(iri, "ja", fallback=False))}</td><td>{_e(kind)}</td><td>{_e(country)}</td>'
                     f'<td class="date">{_e(date)}</td><td>{_badge(status)}</td></tr>\n')
        h.append("</tbody>\n</table>")
        return "".join(h)

    def _ontology(self) -> str:
        ix = self.index
        ln = self._links(_ONTOLOGY_PAGE)
        terms = {"class": [], "object property": [], "datatype property": []}
        for term in sorted(ix.terms, key=lambda t: t.lower()):
            terms[ix.terms[term]].append(term)
        sections = (("Classes · 클래스", terms["class"]), ("Object properties · 관계 속성", terms["object property"]),
                    ("Datatype properties · 값 속성", terms["datatype property"]))
        title = "Ontology · 온톨로지"
        h = [f'<h1>{_e(title)}</h1>\n<p class="iri"><code>{_e(_ONTOLOGY)}</code></p>\n'
             f"{_labels_table(ix.labels_by_lang(_ONTOLOGY))}\n"]
        h.extend(f'<p class="abstract" lang="{_e(lang)}">{_e(text)}</p>'
                 for lang, text in ix.literals_by_lang(_ONTOLOGY, _COMMENT))
        h.append('<nav class="toc">' + " · ".join(f'<a href="#sec-{i}">{_e(name)} ({len(members)})</a>'
                                                  for i, (name, members) in enumerate(sections, 1)) + "</nav>\n")
        for i, (name, members) in enumerate(sections, 1):
            h.append(f'<section id="sec-{i}">\n<h2>{_e(name)}</h2>\n')
            for term in members:
                iri = _KJ + term
                anchor = _e(ln.anchor(iri))
                h.append(f'<div class="term" id="{anchor}">\n  <h3><a class="self" href="#{anchor}">kj:{_e(term)}</a>')
                h.extend(f' <span lang="{_e(lang)}" class="tl">{" · ".join(_e(v) for v in values)}</span>'
                         for lang, _, values in ix.labels_by_lang(iri))
                h.append("</h3>\n")
                h.extend(f'<p lang="{_e(lang)}">{_e(text)}</p>'
                         for lang, text in ix.literals_by_lang(iri, _COMMENT) or ix.literals_by_lang(iri, _DEFINITION))
                facts = []
                for label, prop in (("subclass of", _SUBCLASS), ("subproperty of", _SUBPROP),
                                    ("domain", _DOMAIN), ("range", _RANGE)):
                    values = [ln.a(v) if not v.startswith("_:") else _a({"text": ix.union_text(v)})
                              for v in ix.term_links.get(iri, {}).get(prop, ())]
                    if values:
                        facts.append(f"<dt>{label}</dt><dd>{', '.join(values)}</dd>")
                if facts:
                    h.append(f'<dl class="facts">{"".join(facts)}</dl>')
                count = len(ix.by_type.get(term, ()))
                if count:
                    h.append(f'<p><a href="{_e(ln.rel(f"type/{_file_name(term)}.html"))}">{count} instance(s)</a></p>')
                h.append("</div>\n")
            h.append("</section>\n")
        return _layout(ln.root, title, self._rdf(_ONTOLOGY_PAGE), "".join(h))

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
            h = [f"<h1>{_e(title)}</h1>\n"]
            if intro:
                h.append(f'<p class="lead">{_e(intro)}</p>')
            if term:
                h.append(f'<p class="lead">About: {ln.a(term)}</p>')
            nav = _pager_nav(pager)
            h.append(f"{nav}\n{self._rows_table([(r, None) for r in rows], ln)}\n{nav}\n")
            return _layout(ln.root, title, (), "".join(h))
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
        title = "Timeline · 연표"
        h = [f'<h1>{_e(title)}</h1>\n<p class="lead">Events, agreements, plans and forecasts by date. · 사건, 합의, 계획, '
             '전망을 날짜순으로.</p>\n<p class="legend">'
             + "".join(f'<span class="key kind-{_e(kind)}"><span class="dot"></span>{_e(kind)}</span> '
                       for kind in _KIND_COLORS) + "</p>\n"]
        years = self._timeline_years()
        if len(years) > 1:
            h.append('<nav class="years" aria-label="years">')
            for year, count, n in years:
                href = ln.rel("timeline.html" if n == 1 else f"timeline/{n}.html")
                h.append(f'<a href="{_e(href)}">{_e(year)} <span class="count">{count}</span></a>')
            h.append("</nav>\n")
        nav = _pager_nav(pager)
        h.append(nav + "\n")
        svg = _timeline_svg(rows, ix, ln)
        h.append(f'<figure class="axis">{svg}</figure>' if svg else '<p class="none">Nothing in the graph is dated.</p>')
        h.append('<ol class="timeline">\n')
        month = None
        for r in rows:
            if r["key"][:7] != month:
                if month is not None:
                    h.append("  </ol></li>\n")
                month = r["key"][:7]
                h.append(f'  <li class="month"><h2 class="date">{_e(month)}</h2>\n  <ol>\n')
            n, kind = r["iri"], _e(r["kind"])
            type_name, status, date = ix.row_fields(n)
            h.append(f'    <li class="item kind-{kind}"><span class="dot"></span><span class="date">{_e(date)}'
                     f'</span> <span class="kind">{kind}</span> {ln.a(n)}{_ko(ix.label(n, "ko", fallback=False))} '
                     f'<span class="type">{_e(type_name)}</span> {_badge(status)}</li>\n')
        if month is not None:
            h.append("  </ol></li>\n")
        h.append(f"</ol>\n{nav}\n")
        return _layout(ln.root, title, (), "".join(h))

    def _timeline_years(self) -> list[tuple]:
        """``(year, items, page where the year starts)`` over the whole timeline, made once."""
        ix = self.index
        if ix.timeline_years is None:
            years: dict[str, list] = {}
            for i, r in enumerate(self._timeline_rows()):
                year = r["key"][:4].lstrip("-") if not r["key"].startswith("-") else r["key"][:5]
                entry = years.setdefault(year, [year, 0, i // self.page_size + 1])
                entry[1] += 1
            ix.timeline_years = [tuple(entry) for entry in years.values()]
        return ix.timeline_years

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
        self.timeline_years = None
        self._category: dict = {}
        self._href_tail: dict[str, str | None] = {}
        self._link_html: dict[str, tuple] = {}
        self._node_json: dict[tuple, str] = {}
        self._json_text: dict[str, str] = {}
        self._type_name: dict[str, str] = {}
        self._label_en: dict[str, str] = {}
        self._label_other: dict[tuple, str] = {}
        self._sort_key: dict[str, tuple] = {}
        self._fact_head: dict[tuple, str] = {}
        self._date_text: dict[str, str] = {}
        self.statement_parts: dict[tuple, tuple] = {}     # (assertion graph, root) → SitePages._statement_parts
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
            for code in dict.fromkeys(self.country_code[c] for c in self.countries.get(n, ())):
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

    def href_tail(self, iri: str) -> str | None:
        """The link to the page showing ``iri`` from the site's root (:meth:`page_of`, URL-quoted), or ``None``."""
        try:
            return self._href_tail[iri]
        except KeyError:
            page = self.page_of(iri)
            if page is None:
                tail = None
            else:
                path, _, frag = page.partition("#")
                tail = _href_path(path) + (f"#{frag}" if frag else "")
            self._href_tail[iri] = tail
            return tail

    def link_parts(self, iri: str) -> tuple[str, str | None, str | None, str]:
        """``(text, link from the root or None, outside link or None, CURIE)`` of a link to ``iri``."""
        text = self.label(iri) if (iri in self.labels or self.kind_of(iri)) else curie(iri)
        tail = self.href_tail(iri)
        outside = iri if tail is None and iri.startswith(("http://", "https://")) and not iri.startswith(BASE) else None
        return text, tail, outside, curie(iri)

    def link_html(self, iri: str) -> tuple[str, str | None]:
        """A link to ``iri`` as HTML, made once: ``(html, None)``, or ``(head, tail)`` to join with the page's root."""
        found = self._link_html.get(iri)
        if found is None:
            if not iri:
                found = ('<span class="plain"></span>', None)
            else:
                text, tail, outside, title = self.link_parts(iri)
                rest = (f' title="{_e(title)}"' if title else "") + f">{_e(text)}"
                if tail is not None:
                    found = ('<a href="', f'{_e(tail)}"{rest}</a>')
                elif outside is not None:
                    found = (f'<a href="{_e(outside)}"{rest}</a>', None)
                else:
                    found = (f'<span class="plain"{rest}</span>', None)
            self._link_html[iri] = found
        return found

    def node_json(self, n: str, root: str, make) -> str:
        """``_json_for_html(make())``, the JSON of a node of a neighbourhood view, made once for pages ``root`` deep."""
        found = self._node_json.get((n, root))
        if found is None:
            found = self._node_json[n, root] = _json_for_html(make())
        return found

    def json_text(self, text: str) -> str:
        """``text`` as a JSON string safe in HTML (:func:`graph.render.html._json_for_html`), made once."""
        found = self._json_text.get(text)
        if found is None:
            found = self._json_text[text] = _json_for_html(text)
        return found

    def fact_head(self, p: str, root: str, ko: bool) -> str:
        """The start of the row of a fact table for property ``p``: its link and label (and Korean label)."""
        key = (p, root, ko)
        found = self._fact_head.get(key)
        if found is None:
            tail = self.href_tail(p)
            label = _e(self.label(p))
            found = self._fact_head[key] = (
                "    <tr><th>" + (f'<a href="{root}{_e(tail)}">{label}</a>' if tail is not None else label)
                + (_ko(self.label(p, "ko", fallback=False)) if ko else "") + "</th>\n        <td>")
        return found

    def row_fields(self, iri: str) -> tuple[str, str, str]:
        """``(type, status, date)`` of a row of an index: a statement's from its provenance, a node's own."""
        info = self.assertions.get(iri)
        if info is not None:
            return "statement", _local(info["status"]), self.graph_date.get(iri, "")
        return self.type_name(iri), _local(self.own_status(iri)), self.date_text(iri)

    def label(self, iri: str, lang: str = "en", fallback: bool = True) -> str:
        """The node's label in ``lang``; with ``fallback``, in another language or its local name when it has none."""
        if fallback and lang == "en":
            found = self._label_en.get(iri)
            if found is None:
                found = self._label_en[iri] = self._label(iri, lang, fallback)
            return found
        key = (iri, lang, fallback)
        found = self._label_other.get(key)
        if found is None:
            found = self._label_other[key] = self._label(iri, lang, fallback)
        return found

    def _label(self, iri: str, lang: str, fallback: bool) -> str:
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

    def labels_by_lang(self, iri: str) -> list[tuple[str, str, list]]:
        """``(language tag, language name, labels)``: English, Korean, Japanese, then the others by tag."""
        by_lang = self.labels.get(iri, {})
        out = [(lang, _LANG_NAMES[lang], by_lang[lang]) for lang in _LANGS if by_lang.get(lang)]
        out += [(lang, lang or "—", vals) for lang, vals in sorted(by_lang.items()) if lang not in _LANGS and vals]
        return out

    def alt_labels(self, iri: str) -> list[tuple[str, str]]:
        """``(language tag, text)`` of the other names (``skos:altLabel``), sorted."""
        return sorted(set(self.alt.get(iri, ())))

    def literals_by_lang(self, iri: str, prop: str) -> list[tuple[str, str]]:
        """``(language tag, text)`` of the values of ``prop`` (English, Korean, Japanese, then the others)."""
        by_lang = self.literals.get(iri, {}).get(prop, {})
        order = {lang: i for i, lang in enumerate(_LANGS)}
        return [(lang, text) for lang in sorted(by_lang, key=lambda l: (order.get(l, 9), l))
                for text in sorted(by_lang[lang])]

    def sort_key(self, iri: str) -> tuple:
        found = self._sort_key.get(iri)
        if found is None:
            found = self._sort_key[iri] = (self.label(iri).casefold(), iri)
        return found

    def doc_sort_key(self, iri: str) -> tuple:
        date = self.docs.get(iri, {}).get("date", "")
        return (_invert(date), iri)

    def kj_types(self, iri: str) -> list[str]:
        return sorted(t[len(_KJ):] for t in self.types.get(iri, ()) if t.startswith(_KJ) and len(t) > len(_KJ))

    def type_name(self, iri: str) -> str:
        found = self._type_name.get(iri)
        if found is None:
            if iri in self.assertions:
                found = "statement"
            else:
                specific = self._specific(iri)
                found = specific[len(_KJ):] if specific else ""
            self._type_name[iri] = found
        return found

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
        found = self._date_text.get(iri)
        if found is None:
            found = self._date_text[iri] = self._make_date_text(iri)
        return found

    def _make_date_text(self, iri: str) -> str:
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
        tail = self.ix.href_tail(iri)
        return None if tail is None else self.root + tail

    def link(self, iri: str) -> dict:
        """``{"text", "href", "title"}`` for an IRI: a relative link to its page, an outside link, or text."""
        if not iri:
            return {"text": ""}
        text, tail, outside, title = self.ix.link_parts(iri)
        return {"text": text, "href": self.root + tail if tail is not None else outside, "title": title}

    def a(self, iri: str) -> str:
        """:meth:`link` as HTML: ``<a href="…" title="CURIE">label</a>``, or ``<span class="plain">`` without a link."""
        head, tail = self.ix.link_html(iri)
        return head if tail is None else head + self.root + tail

    def anchor(self, iri: str) -> str:
        """The ``#anchor`` (without ``#``) of ``iri`` on the page that shows it, or ``""``."""
        tail = self.ix.href_tail(iri)
        return tail.partition("#")[2] if tail else ""


# --------------------------------------------------------------------------- helpers

def _graph_key(q) -> str:
    g = q.graph_name
    return g.value if isinstance(g, ox.NamedNode) else ("_:" + g.value if isinstance(g, ox.BlankNode) else _DEFAULT)


def _quad_key(q) -> tuple:
    return (q.predicate.value, str(q.subject), str(q.object), _graph_key(q))


def _fact_key(fact: tuple) -> tuple:
    """The order of ``(predicate, object)`` facts of one subject in one graph (that of :func:`_quad_key`)."""
    return fact[0], str(fact[1])


def _term_key(g) -> str:
    """A graph name as the index names it (:func:`_graph_key`)."""
    return g.value if isinstance(g, ox.NamedNode) else ("_:" + g.value if isinstance(g, ox.BlankNode) else _DEFAULT)


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
    return path if _URL_SAFE.fullmatch(path) else quote(path, safe="/-._~!$&'()*+,;=:@")


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


_SPARQL = ("# every triple about <", ">, with the graph that states it\nSELECT ?g ?p ?o WHERE {\n  GRAPH ?g { <",
           f"> ?p ?o }}\n  FILTER(?g != <{_INFERRED}>)\n}} ORDER BY ?g ?p ?o")
_SPARQL_QUOTED = tuple(quote_plus(part) for part in _SPARQL)


def _entity_sparql(iri: str) -> str:
    """The SPARQL that lists every triple about an entity (the IRI twice in :data:`_SPARQL`)."""
    return iri.join(_SPARQL)


def _entity_sparql_query(iri: str) -> str:
    """``urlencode({"query": _entity_sparql(iri)})``, quoting only the IRI (the rest is quoted once)."""
    return "query=" + quote_plus(iri).join(_SPARQL_QUOTED)


def _highlight(text: str, spans: list, ix: _Index, ln: _Links) -> str:
    """The text as HTML: every quoted span a link to its statement, overlaps split into segments."""
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
    return "".join(parts)


def _timeline_svg(rows: list[dict], ix: _Index, ln: _Links) -> str | None:
    """An SVG date axis for ``rows``: year and month ticks with their dates, one dot (or bar) per item."""
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
    return "".join(out)


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


# --------------------------------------------------------------------------- HTML

def _e(text: str) -> str:
    """``text`` escaped for HTML text and attribute values (``& < > ' "``, as markupsafe escapes them).

    Examples
    --------
    >>> print(_e('<img src=x onerror="alert(1)"> & it' + "'s"))
    &lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; it&#39;s
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace(
        '"', "&#34;")


def _x(value) -> str:
    """Any value as escaped HTML text (a number as its digits, ``None`` as ``None``)."""
    return _e(value if isinstance(value, str) else str(value))


def _a(link: dict) -> str:
    """A ``{"text", "href", "title"}`` link as HTML: an ``<a>``, or a ``<span class="plain">`` without ``href``."""
    title = link.get("title")
    rest = (f' title="{_x(title)}"' if title else "") + f'>{_x(link["text"])}'
    return f'<a href="{_x(link["href"])}"{rest}</a>' if link.get("href") else f'<span class="plain"{rest}</span>'


def _source_link(link: dict) -> str:
    """A link to a source in a story of statuses: always an ``<a>`` with its title."""
    return f'<a href="{_x(link.get("href"))}" title="{_x(link.get("title"))}">{_x(link["text"])}</a>'


def _ko(text: str) -> str:
    return f' <span lang="ko" class="ko">{_e(text)}</span>' if text else ""


def _badge(status: str) -> str:
    return f'<span class="badge st-{_e(status)}">{_e(status)}</span>' if status else ""


def _labels_table(labels: list[tuple]) -> str:
    """Labels by language (:meth:`_Index.labels_by_lang`) as a ``<dl>``, or ``""``."""
    if not labels:
        return ""
    return ('<dl class="labels">\n' + "".join(f'  <dt>{_e(name)}</dt><dd lang="{_e(lang)}">'
                                             f'{" · ".join(_e(v) for v in values)}</dd>\n' for lang, name, values in labels)
            + "</dl>\n")


def _pager_nav(pager: dict | None) -> str:
    """The links between the pages of a paged list (:func:`_pager`), or ``""``."""
    if not pager:
        return ""
    h = ['<nav class="pager" aria-label="pages">\n']
    if pager["prev"]:
        h.append(f'<a href="{_e(pager["prev"])}" rel="prev">← previous · 이전</a>')
    for item in pager["pages"]:
        if item.get("gap"):
            h.append('<span class="gap">…</span>')
        elif item["current"]:
            h.append(f'<span class="current">{item["n"]}</span>')
        else:
            h.append(f'<a href="{_e(item["href"])}">{item["n"]}</a>')
    if pager["next"]:
        h.append(f'<a href="{_e(pager["next"])}" rel="next">next · 다음 →</a>')
    h.append(f'  <span class="count">page {pager["n"]} of {pager["total"]}</span>\n</nav>\n')
    return "".join(h)


def _layout(root: str, title: str, rdf, main: str, scripts: str = "") -> str:
    """A whole page: head, the header with navigation and search, ``main``, the footer and the scripts.

    ``root`` leads from the page to the site's root (``"../"``); ``rdf`` lists ``(media type, href, name)``
    of the RDF documents beside the page.
    """
    root = _e(root)
    h = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" '
         'content="width=device-width, initial-scale=1">\n<meta name="generator" content="KJUS Graph">\n<title>',
         _e(title), f' · KJUS Graph</title>\n<link rel="stylesheet" href="{root}assets/site.css">\n']
    h.extend(f'<link rel="alternate" type="{_e(kind)}" href="{_e(href)}">\n' for kind, href, _ in rdf)
    h.append(_header(root))
    h.append(main)
    h.append("</main>\n<footer>\n")
    if rdf:
        h.append('<p class="formats">This page as data · 데이터:\n'
                 + " · ".join(f'<a href="{_e(href)}" type="{_e(kind)}">{_e(name)}</a>' for kind, href, name in rdf)
                 + "</p>\n")
    h.append("<p>KJUS Graph — a knowledge graph of Korea–Japan–US cooperation on AI. Every fact links to the sentence "
             f'that states it.</p>\n</footer>\n{scripts}<script src="{root}assets/site.js"></script>\n</body>\n</html>\n')
    return "".join(h)


@functools.lru_cache(maxsize=64)
def _header(root: str) -> str:
    """The end of ``<head>`` and the page header, for pages ``root`` below the site's root."""
    return (f'</head>\n<body data-root="{root}">\n<header class="top">\n  <a class="brand" href="{root}index.html">'
            f'KJUS Graph</a>\n  <nav>\n    <a href="{root}index.html#types">Types · 유형</a>\n    <a href="{root}'
            f'index.html#countries">Countries · 국가</a>\n    <a href="{root}index.html#statuses">Statuses · 상태</a>\n'
            f'    <a href="{root}timeline.html">Timeline · 연표</a>\n    <a href="{root}sources.html">Sources · 출처</a>\n'
            f'    <a href="{root}ontology.html">Ontology · 온톨로지</a>\n    <a href="{root}sparql.html">SPARQL</a>\n'
            '  </nav>\n  <div class="search">\n    <input id="search" type="search" placeholder="Search · 검색 · 検索 '
            '(any label)" autocomplete="off" aria-label="search labels in any language">\n    <div id="hits" '
            'role="listbox"></div>\n  </div>\n</header>\n<main>\n')


_HOME_TITLE = "KJUS Graph · 한일미 AI 협력"
_SPARQL_MAIN = (
    '<h1>SPARQL</h1>\n<p class="lead">The query below comes from the link you followed. This offline copy of the '
    "site cannot run it: start <code>kjus serve</code> and open this page there "
    "(<code>http://127.0.0.1:7878/sparql.html</code>) to run it in the query page, or run it with "
    '<code>kjus query</code>.</p>\n<textarea id="sparql-text" rows="10" cols="100" readonly aria-label="the query">'
    '</textarea>\n<pre class="query">kjus query "$(cat query.rq)"</pre>\n')


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


def _write_new(path: Path, data: bytes) -> None:
    """Write a file of the site into the fresh staging folder (published as a whole, so no file needs replacing
    atomically on its own)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _serialize(triples: list, fmt: str) -> bytes:
    prefixes = dict(sorted(PREFIXES.items())) if fmt in ("ttl", "rdf") else None
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes)
