"""The linked-data pages and the offline site (:mod:`graph.render.site`), read back as HTML.

The fixture ``tests/data/site/site_0001.trig`` (with its text) has overlapping quotes, two
statements on one quote, every timeline kind, hostile labels, an IRI that needs escaping in a
file name, a Korean IRI, a ``javascript:`` IRI and a quote whose offsets are wrong.  Pages are
parsed with the standard library's HTML parser, the way a browser tokenises them.
"""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from graph.analyse.statements import index_statements
from graph.cli import main
from graph.paths import ONTOLOGY_FILES, exports_dir
from graph.query import load_store
from graph.render.site import PAGE_SIZE, SitePages, describe, render_page, write_site
from graph.vocab import MODEL_GRAPHS

DATA = Path(__file__).parent / "data" / "site"
FIXTURE = DATA / "site_0001.trig"
TEXT = (DATA / "site_0001.txt").read_text(encoding="utf-8")
KJD = "https://w3id.org/kjus/id/"
DOC = "https://w3id.org/kjus/source/site_0001"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>window.__pwned=1</script>"
#: Tags the pages may contain; anything else (img, svg from a label, iframe, …) means a label got through.
ALLOWED_TAGS = {"html", "head", "meta", "title", "link", "body", "header", "nav", "main", "footer", "div", "span",
                "a", "input", "h1", "h2", "h3", "p", "dl", "dt", "dd", "section", "article", "table", "thead",
                "tbody", "tr", "th", "td", "blockquote", "cite", "code", "pre", "ul", "ol", "li", "q", "br",
                "figure", "svg", "line", "text", "circle", "textarea", "script"}


def site_store(path: Path = FIXTURE) -> ox.Store:
    """The fixture (or another source) with the ontology and vocabularies in their named graphs, as a build has them."""
    store = load_store(path)
    for model in ONTOLOGY_FILES:
        store.bulk_load(path=str(model), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(MODEL_GRAPHS[model.name])))
    return store


def site_nquads(folder: Path) -> Path:
    """The fixture dataset as one N-Quads file in ``folder``, its text beside it (what ``kjus serve --data`` reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "site.nq"
    site_store().dump(str(target), format=ox.RdfFormat.N_QUADS)
    shutil.copy(DATA / "site_0001.txt", folder / "site_0001.txt")
    return target


class Parsed(HTMLParser):
    """Tags, attributes, ids, the text of ``#text`` and its highlighted segments with their code-point offsets."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.ids, self.links, self.text = [], set(), [], []
        self.segments = []          # (data-ev ids, data-st ids, href, start, end, text)
        self._in_text = 0
        self._open_ev = None
        self.data = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if key in a:
                self.links.append((tag, key, a[key]))
        if self._in_text:
            self._in_text += 1
            if tag == "a" and "ev" in (a.get("class") or "").split():
                self._open_ev = [a.get("data-ev", "").split(), a.get("data-st", "").split(), a.get("href"),
                                 len("".join(self.text)), None, ""]
        elif a.get("id") == "text":
            self._in_text = 1

    def handle_endtag(self, tag):
        if self._in_text:
            if tag == "a" and self._open_ev is not None:
                self._open_ev[4] = len("".join(self.text))
                self.segments.append(tuple(self._open_ev))
                self._open_ev = None
            self._in_text -= 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._in_text:
            self._in_text -= 1

    def handle_data(self, data):
        self.data.append(data)
        if self._in_text:
            self.text.append(data)
            if self._open_ev is not None:
                self._open_ev[5] += data

    @property
    def article(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def store():
    return site_store()


@pytest.fixture(scope="module")
def site(tmp_path_factory, store):
    out = tmp_path_factory.mktemp("site")
    files = write_site(store, out, texts=[DATA], rdf_formats=["ttl", "jsonld"])
    return out / "site", files


def _page(site, rel):
    return (site[0] / rel).read_text(encoding="utf-8")


def _html_files(root: Path):
    return sorted(p for p in root.rglob("*.html"))


# --------------------------------------------------------------------------- structure

def test_site_has_a_page_for_every_entity_source_concept_index_and_asset(site):
    root, files = site
    expected = ["index.html", "404.html", "sparql.html", "timeline.html", "sources.html", "ontology.html",
                "id/site-agreement.html", "id/site-agreement.ttl", "id/site-agreement.jsonld",
                "id/site-korea.html", "id/site-xss.html", "id/a%252Fb.html", "id/한국-기관.html",
                "source/site_0001.html", "type/Agreement.html", "type/Company.html", "country/KR.html",
                "status/agreed.html", "status/concern.html", "topic/ai.html",
                "assets/site.css", "assets/site.js", "assets/vis-network.min.js", "assets/search-index.js"]
    for rel in expected:
        assert (root / rel).is_file(), rel
        assert f"site/{rel}" in files
    assert sorted(files) == files and len(files) == sum(1 for p in root.rglob("*") if p.is_file())
    page = _page(site, "id/site-agreement.html")
    assert "Korea–Japan AI agreement" in page and "한일 AI 협력 합의" in page and "日韓AI協力合意" in page
    assert 'href="../country/KR.html"' not in _page(site, "id/site-agreement.html")   # an agreement has no country
    korea = _page(site, "id/site-korea.html")
    assert 'href="../country/KR.html"' in korea and "everything tied to this country" in korea
    assert not (root / "country" / "JP.html").exists()          # nothing has kj:country Japan
    assert "country/JP" not in _page(site, "id/site-japan.html")


def test_the_search_index_holds_every_page_in_every_language(site):
    script = _page(site, "assets/search-index.js")
    assert script.startswith("window.KJUS_SEARCH = ")
    for label in ("Korea–Japan AI agreement", "한일 AI 협력 합의", "日韓AI協力合意", "에이 슬래시 비", "한국 기관"):
        assert label in script, label
    assert "<" not in script and "\\u003cimg src=x onerror=alert(1)\\u003e" in script
    assert '"id/a%25252Fb.html"' in script and '"id/%ED%95%9C%EA%B5%AD-%EA%B8%B0%EA%B4%80.html"' in script


def test_hostile_labels_are_text_everywhere(site):
    root, _ = site
    xss = _page(site, "id/site-xss.html")
    assert "&lt;img src=x onerror=alert(1)&gt;" in xss and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in xss
    assert "&#34;&gt;&lt;svg onload=alert(2)&gt;" in xss
    for path in _html_files(root):
        parsed = Parsed(path.read_text(encoding="utf-8"))
        tags = {t for t, _ in parsed.tags}
        assert tags <= ALLOWED_TAGS, (path, tags - ALLOWED_TAGS)
        for tag, attrs in parsed.tags:
            assert not any(k.startswith("on") for k, _ in attrs), (path, tag, attrs)
            if tag == "script":
                a = dict(attrs)
                assert a.get("type") == "application/json" or (a.get("src") or "").endswith(".js"), (path, attrs)
        assert not any(v.lower().startswith("javascript:") for _, _, v in parsed.links), path
    # the javascript: IRI is shown as text, never as a link
    concern = _page(site, "id/site-concern.html")
    assert "javascript:alert(4)" in concern and 'href="javascript' not in concern


def test_relative_links_all_resolve(site):
    root, _ = site
    ids_of = {}
    for path in _html_files(root):
        parsed = Parsed(path.read_text(encoding="utf-8"))
        ids_of[path] = parsed.ids
    checked = 0
    for path in _html_files(root):
        for tag, key, value in Parsed(path.read_text(encoding="utf-8")).links:
            url = urlsplit(value)
            if url.scheme in ("http", "https"):
                assert key == "href" and not value.startswith("https://w3id.org/kjus/"), (path, value)
                continue
            assert not url.scheme and not url.netloc and not value.startswith("/"), (path, value)
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            assert target.is_file(), f"{path.relative_to(root)}: {value} → {target} is missing"
            assert root.resolve() in target.parents or target == root, value
            if url.fragment and target.suffix == ".html":
                assert unquote(url.fragment) in ids_of[target] or url.fragment in ids_of[target], \
                    f"{path.relative_to(root)}: no #{url.fragment} in {target.name}"
            checked += 1
    assert checked > 500


def test_every_highlight_is_its_quote_at_its_offsets(site, store):
    parsed = Parsed(_page(site, "source/site_0001.html"))
    assert parsed.article == TEXT, "the reader shows the source text, character for character"
    ix = SitePages(store).index
    quoted = {ev: e for ev, e in ix.evidence.items() if ev.startswith(DOC + "/")}
    by_id = {}
    for evs, _, _, start, end, text in parsed.segments:
        assert TEXT[start:end] == text
        for ev in evs:
            by_id.setdefault(ev, []).append((start, end, text))
    shown = {f"q-{ev[len(DOC) + 1:]}": e for ev, e in quoted.items() if ev != DOC + "/bad-q1"}
    assert set(by_id) == set(shown) and len(shown) == 5
    for anchor, e in shown.items():
        segs = by_id[anchor]
        assert "".join(t for *_, t in segs) == e["quote"] == TEXT[e["start"]:e["end"]]
        assert (segs[0][0], segs[-1][1]) == (e["start"], e["end"]) and anchor in parsed.ids
    # overlapping quotes are split into segments; the shared span supports two statements
    shared = [s for s in parsed.segments if "q-agreement-q1" in s[0]]
    assert any("q-plan-q1" in s[0] for s in shared)
    assert any(set(s[1]) == {"s-agreement", "s-summit"} for s in shared)
    # the misplaced quote is reported, not highlighted
    page = _page(site, "source/site_0001.html")
    assert "src:site_0001/bad-q1: the text at 3–13 is not the quote" in page
    assert "✓ matches the text" in page and "&lt;script&gt;alert(5)&lt;/script&gt;" in page


def test_the_real_source_reader_highlights_all_its_quotes(tmp_path):
    nq = exports_dir() / "kjus.nq"
    store = load_store(nq)
    pages = SitePages(store)
    doc = next(iter(pages.index.docs))
    text = (Path(__file__).parent.parent / "graph" / "sources" / pages.index.docs[doc]["file"]).read_text("utf-8")
    parsed = Parsed(pages.file(pages.path_of(doc))[0].decode())
    assert parsed.article == text
    evidence = {ev: e for ev, e in pages.index.evidence.items() if e.get("source") == doc}
    covered = {ev for evs, *_ in parsed.segments for ev in evs}
    assert len(evidence) == len(covered) == 64
    for ev, e in evidence.items():
        segs = [(s, t) for evs, _, _, s, _, t in parsed.segments if pages.path_of(ev).split("#")[1] in evs]
        assert "".join(t for _, t in segs) == e["quote"] and segs[0][0] == e["start"]


def test_entity_page_groups_facts_by_status_with_date_quote_and_source(site):
    page = _page(site, "id/site-agreement.html")
    order = [m for m in re.findall(r'<section class="group st-(\w+)"', page)]
    assert order == ["occurred", "agreed"]          # statuses in the order of docs/design.md
    agreed = page[page.index('id="status-agreed"'):]
    assert "2025-09-01" in agreed and "한국과 일본은 지난 1일 도쿄에서 AI 협력에 합의했다" in agreed
    assert 'href="../source/site_0001.html#s-agreement"' in agreed
    assert 'href="../source/site_0001.html#q-agreement-q1"' in agreed and "characters 35–65" in agreed
    assert 'href="../source/site_0001.html"' in agreed
    # incoming relations and the SPARQL link
    assert "Industry worries about &lt;img" in page and 'href="../id/site-concern.html"' in page
    assert 'href="../sparql.html?query=' in page and "GRAPH ?g { &lt;https://w3id.org/kjus/id/site-agreement&gt;" in page
    # the neighbourhood view: data as escaped JSON, links relative
    data = re.search(r'<script type="application/json" id="nbhd-data">(.*?)</script>', page, re.S)[1]
    assert "<" not in data and '"href":"../id/site-korea.html"' in data and "\\u003cimg" in data


def test_entity_page_lists_what_it_takes_part_in_by_date(site):
    page = _page(site, "id/site-korea.html")
    block = page[page.index('<section class="contexts">'):]
    block = block[:block.index("</section>")]
    names = re.findall(r'<a href="[^"]+" title="kjd:([^"]+)">', block)
    dates = re.findall(r'<span class="date">([^<]+)</span>', block)
    assert names == ["site-agreement", "site-summit", "site-lab"]
    assert dates == ["2025-09-01", "2025-09-01", "2026-01-01 – 2026-12-31"]


def test_timeline_puts_events_agreements_plans_and_forecasts_on_a_dated_axis(site):
    page = _page(site, "timeline.html")
    items = re.findall(r'<li class="item kind-(\w+)"><span class="dot"></span><span class="date">([^<]+)</span>.*?'
                       r'title="kjd:([^"]+)"', page)
    assert items == [("event", "2024-05", "site-bad"), ("agreement", "2025-09-01", "site-agreement"),
                     ("event", "2025-09-01", "site-summit"), ("plan", "2026-01-01 – 2026-12-31", "site-lab"),
                     ("forecast", "target 2030", "site-forecast")]
    svg = re.search(r"<svg class=\"axis\".*?</svg>", page, re.S)[0]
    years = re.findall(r'<text [^>]*class="year">(\d{4})</text>', svg)
    assert years == ["2025", "2026", "2027", "2028", "2029", "2030"]
    assert svg.count('<a href="id/') == 5 and "<title>2025-09-01 · agreement · Korea–Japan AI agreement</title>" in svg


def test_big_indexes_are_paged(tmp_path, store):
    files = write_site(store, tmp_path, texts=[DATA], page_size=2)
    assert {"site/timeline.html", "site/timeline/2.html", "site/timeline/3.html"} <= set(files)
    assert "site/timeline/4.html" not in files
    second = (tmp_path / "site" / "timeline" / "2.html").read_text(encoding="utf-8")
    assert second.count('<li class="item') == 2 and 'href="../timeline.html" rel="prev"' in second
    assert 'href="../timeline/3.html" rel="next"' in second and "page 2 of 3" in second
    write_site(store, tmp_path / "one", texts=[DATA], page_size=1)
    companies = (tmp_path / "one" / "site" / "type" / "Company.html").read_text(encoding="utf-8")
    assert companies.count("<tr><td>") == 1 and 'href="../type/Company/2.html" rel="next"' in companies
    last = (tmp_path / "one" / "site" / "type" / "Company" / "2.html").read_text(encoding="utf-8")
    assert last.count("<tr><td>") == 1 and 'href="../../type/Company.html" rel="prev"' in last
    assert not (tmp_path / "one" / "site" / "type" / "Company" / "3.html").exists()


def test_a_synthetic_graph_stays_browsable(tmp_path):
    from graph.synth import write_synth

    made = write_synth(tmp_path / "synth.trig", 10_000, 1)
    files = write_site(site_store(made["path"]), tmp_path / "out", texts=[made["texts_dir"]])
    root = tmp_path / "out" / "site"
    assert sum(f.startswith("site/id/") for f in files) > 500
    for path in _html_files(root):
        rows = path.read_text(encoding="utf-8").count("<tr><td>")
        assert rows <= PAGE_SIZE, path
        assert path.stat().st_size < 1_500_000, path
    assert (root / "type" / "Company.html").is_file() and (root / "timeline.html").is_file()


def test_write_site_is_deterministic_and_replaces_the_previous_site(tmp_path):
    first = write_site(site_store(), tmp_path / "a", texts=[DATA], rdf_formats=["ttl", "nt", "jsonld", "rdf"])
    (tmp_path / "b" / "site" / "id").mkdir(parents=True)
    (tmp_path / "b" / "site" / "id" / "gone.html").write_text("old")
    second = write_site(site_store(), tmp_path / "b", texts=[DATA], rdf_formats=["ttl", "nt", "jsonld", "rdf"])
    assert first == second and not (tmp_path / "b" / "site" / "id" / "gone.html").exists()
    for rel in first:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["site"]


def test_a_site_made_with_the_builds_statement_index_is_the_same(tmp_path, store):
    """build.py reads the statements once and hands them on; the pages do not change."""
    alone = write_site(store, tmp_path / "a", texts=[DATA])
    handed = write_site(store, tmp_path / "b", texts=[DATA], statements=index_statements(store))
    assert alone == handed
    for rel in alone:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                               ("rdf", "xml")])
def test_describe_gives_the_same_graph_in_every_format(store, fmt, rdflib_format):
    iri = KJD + "site-agreement"
    reference = rdflib.Graph().parse(data=describe(store, iri, "nt").decode(), format="nt")
    got = rdflib.Graph().parse(data=describe(store, iri, fmt).decode(), format=rdflib_format)
    assert isomorphic(got, reference)
    s = rdflib.URIRef(iri)
    assert (s, rdflib.URIRef("https://w3id.org/kjus/ontology#party"), rdflib.URIRef(KJD + "site-japan")) in got
    assert (rdflib.URIRef(KJD + "site-concern"), rdflib.URIRef("https://w3id.org/kjus/ontology#about"), s) in got
    assert (rdflib.URIRef(KJD + "site-japan"), rdflib.RDFS.label, rdflib.Literal("일본", lang="ko")) in got


def test_describe_an_assertion_graph_holds_its_triples(store):
    got = rdflib.Graph().parse(data=describe(store, DOC + "/plan", "nt").decode(), format="nt")
    lab = rdflib.URIRef(KJD + "site-lab")
    assert (lab, rdflib.URIRef("https://w3id.org/kjus/ontology#startDate"),
            rdflib.Literal("2026-01-01", datatype=rdflib.XSD.date)) in got
    assert (rdflib.URIRef(DOC + "/plan"), rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
            rdflib.URIRef(DOC)) in got


def test_pages_answer_by_path_and_refuse_what_is_not_theirs(store):
    pages = SitePages(store, texts=[DATA])
    assert pages.path_of(DOC + "/summit") == "source/site_0001.html#s-summit"
    assert pages.path_of(DOC + "/concern-q1") == "source/site_0001.html#q-concern-q1"
    assert pages.path_of("https://w3id.org/kjus/ontology#Person") == "ontology.html#Person"
    assert pages.rdf_path_of(DOC + "/summit", "ttl") == "source/site_0001/summit.ttl"
    assert pages.iri_of("id/a%252Fb") == KJD + "a%2Fb"
    for bad in ("../etc/passwd", "id/../index.html", "assets/evil.css", "id/site-korea.exe", "id/nobody.html",
                "type/Nothing.html", "timeline/99.html", "timeline/01.html", "id/site-korea/2.html"):
        assert pages.file(bad) is None, bad
    assert pages.file("source/site_0001/summit.ttl")[1].startswith("text/turtle")
    assert render_page(store, KJD + "nobody") is None
    assert "Korea–Japan talks in Tokyo" in render_page(store, KJD + "site-summit", texts=[DATA])


def test_kjus_site_command(tmp_path):
    nq = site_nquads(tmp_path / "data")
    result = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "out"), "--data", str(nq),
                                       "--texts", str(DATA), "--rdf", "ttl"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote ") and (tmp_path / "out" / "site" / "id" / "site-korea.ttl").is_file()
    parsed = Parsed((tmp_path / "out" / "site" / "source" / "site_0001.html").read_text(encoding="utf-8"))
    assert parsed.article == TEXT
    bad = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "out"), "--data", str(nq), "--rdf", "png"])
    assert bad.exit_code == 1 and "Error: unknown RDF format 'png'" in bad.output


def test_w3id_rules_for_a_static_host_lead_to_files_the_site_has(tmp_path):
    """Variant B of docs/w3id.htaccess, applied like mod_rewrite, to a site written with every RDF format."""
    write_site(site_store(), tmp_path, texts=[DATA], rdf_formats=["ttl", "nt", "jsonld", "rdf"])
    text = (Path(__file__).parent.parent / "docs" / "w3id.htaccess").read_text(encoding="utf-8")
    active = [line for line in text.splitlines() if line.startswith("RewriteRule")]
    assert active == ["RewriteRule ^(.*)$ https://kjus.example.org/$1 [R=303,L]"]
    rules, conditions = [], []
    for line in text.split("# Variant B", 1)[1].splitlines():
        line = line.lstrip("# ").strip()
        if line.startswith("RewriteCond"):
            conditions.append(line.split()[2])
        elif line.startswith("RewriteRule"):
            _, pattern, target, flags = line.split()
            assert "R=303" in flags
            rules.append((conditions, pattern, target))
            conditions = []

    def rewrite(path, accept):
        for conds, pattern, target in rules:
            if all(re.search(c, accept) for c in conds) and (m := re.match(pattern, path)):
                return re.sub(r"\$(\d)", lambda g: m[int(g[1])], target)
        raise AssertionError(f"no rule for {path}")

    expected = {"text/turtle": "ttl", "application/ld+json": "jsonld", "application/rdf+xml": "rdf",
                "application/n-triples": "nt", "text/html,application/xhtml+xml,*/*;q=0.8": "html", "": "html"}
    for path in ("id/site-agreement", "id/site-korea", "source/site_0001", "status/agreed", "topic/ai", "ontology"):
        for accept, ext in expected.items():
            url = rewrite(path, accept)
            assert url.startswith("https://kjus.example.org/") and url.endswith(f".{ext}"), (path, accept, url)
            assert (tmp_path / "site" / url.split("/", 3)[3]).is_file(), url
    statement = rewrite("source/site_0001/plan", "text/turtle")
    assert statement == "https://kjus.example.org/source/site_0001.html#s-plan"
    assert rewrite("", "text/html") == "https://kjus.example.org/index.html"


def test_names_that_look_like_page_numbers_or_need_escaping_get_their_own_pages(tmp_path):
    from graph.query import load_store_from_string

    store = load_store_from_string('src:g { kjd:2 a kj:Person ; rdfs:label "Two"@en . '
                                   'kjd:\\.hidden a kj:Person ; rdfs:label "Dot"@en . '
                                   '<https://w3id.org/kjus/id/q%3Fx> a kj:Person ; rdfs:label "Query"@en . }')
    pages = SitePages(store)
    assert [pages.path_of(KJD + n) for n in ("2", ".hidden", "q%3Fx")] == ["id/2.html", "id/%2Ehidden.html",
                                                                          "id/q%253Fx.html"]
    for name in ("Two", "Dot", "Query"):
        iri = next(i for i in pages.index.entities if pages.index.label(i) == name)
        assert f"<h1>{name}</h1>" in pages.file(pages.path_of(iri))[0].decode()
    files = write_site(store, tmp_path)
    assert {"site/id/2.html", "site/id/%2Ehidden.html", "site/id/q%253Fx.html"} <= set(files)
