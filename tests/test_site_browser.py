"""The linked-data pages in a real headless Chromium with the network cut off.

Pages are opened from ``file://`` (the offline site) and through a running ``kjus serve``.
Every request outside the site is aborted and recorded; each test ends by asserting that
none was attempted, that no dialog opened and that no script error (or refused script or
style) was reported.  Needs Chromium and the Nanum fonts (:mod:`tests.system` installs
Debian's packages when it can) and the ``playwright`` Python package.

Run ``python -m tests.test_site_browser`` to refresh ``docs/img/site-entity.png`` and
``docs/img/site-reader.png`` (from the built graph).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from graph.paths import ROOT, exports_dir
from graph.query import load_store
from graph.render.site import SitePages, write_site

from .system import CHROMIUM_ARGS, WatchedPage, chromium, kjus_serve, launched_chromium
from .test_site import DATA, XSS_IMG, XSS_SCRIPT, site_store

pytestmark = pytest.mark.browser

SUMMIT = "id/korea-japan-summit-2025-08-23"
SOURCE = "source/000_76483b81068cf569"


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as b:
        yield b


class Page(WatchedPage):
    """A page of the site; requests outside ``allowed`` are aborted and recorded, like errors and dialogs."""

    def __init__(self, browser, url: str, allowed: tuple[str, ...] = ("file:",)):
        super().__init__(browser, allowed=allowed, offline=allowed == ("file:",))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.goto(url)

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_function("window.kjusSite && window.kjusSite.ready", timeout=20000)

    def close(self):
        assert self.requests == [], f"the page tried to reach the network: {self.requests}"
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"
        assert self.js("window.__pwned === undefined")
        self.context.close()


@pytest.fixture(scope="module")
def built_store():
    return load_store(exports_dir() / "kjus.nq")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory, built_store):
    out = tmp_path_factory.mktemp("real")
    write_site(built_store, out)
    return out / "site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    write_site(site_store(), out, texts=[DATA])
    return out / "site"


@pytest.fixture(scope="module")
def served():
    """``kjus serve`` over the build: its base URL."""
    with kjus_serve(exports_dir() / "kjus.nq") as url:
        yield url


def _quotes(store) -> dict[str, str]:
    """Anchor id (``q-…``) → quote of every evidence of the built source."""
    pages = SitePages(store)
    return {pages.path_of(ev).split("#")[1]: e["quote"] for ev, e in pages.index.evidence.items()}


def _network_drawn(p: Page) -> int:
    p.page.wait_for_function("window.kjusSite.network !== null", timeout=20000)
    p.page.wait_for_timeout(800)
    return p.js("""() => {
        const c = document.querySelector('#nbhd canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
        return n; }""")


def _node_xy(p: Page, node_id: str):
    xy = p.js("""id => { const n = kjusSite.network; const pos = n.getPositions([id])[id];
                         return n.canvasToDOM(pos); }""", node_id)
    box = p.page.locator("#nbhd canvas").bounding_box()
    return box["x"] + xy["x"], box["y"] + xy["y"]


# --------------------------------------------------------------------------- the checks, from file or server

def check_entity_page(p: Page, base: str) -> None:
    """The summit's page: labels, the network drawn, a click on a relation and on a node open the related entity."""
    assert p.page.locator("h1").inner_text() == "Korea–Japan summit, Tokyo, 23 August 2025"
    assert "한일정상회담" in p.page.locator("dl.labels").inner_text()
    assert _network_drawn(p) > 3000
    quote = p.page.locator(".statements blockquote.quote").first.inner_text()
    assert "한일정상회담을 가졌다" in quote and "characters 237–295" in quote
    with p.page.expect_navigation():
        p.page.locator(".statements a[title='kjd:lee-jae-myung']").first.click()
    p.ready()
    assert p.page.url == base + "id/lee-jae-myung.html"
    assert p.page.locator("h1").inner_text() == "Lee Jae-myung"
    assert _network_drawn(p) > 2000
    p.page.wait_for_function("window.kjusSite.stable === true", timeout=20000)
    with p.page.expect_navigation():
        p.page.mouse.click(*_node_xy(p, "https://w3id.org/kjus/id/korea"))
    p.ready()
    assert p.page.url == base + "id/korea.html" and "韓国" in p.page.locator("dl.labels").inner_text()


def check_reader(p: Page, quotes: dict[str, str]) -> None:
    """Every highlight's text is its quote; hover shows the statements; a click selects the statement."""
    got = p.js("""() => { const out = {};
        for (const a of document.querySelectorAll('#text a.ev'))
            for (const id of a.dataset.ev.split(' ')) out[id] = (out[id] || '') + a.textContent;
        return out; }""")
    assert len(got) == 64 and got == {k: v for k, v in quotes.items() if k in got}
    plain = p.js("""() => { let n = 0; for (const t of document.querySelector('#text').childNodes)
                                if (t.nodeType === 3 && t.textContent.trim()) n++; return n; }""")
    assert plain > 0, "sentences that support nothing are plain text"
    span = p.page.locator("#text a.ev[data-ev~='q-korea-japan-summit-q1']").first
    span.hover()
    popover = p.page.locator("#popover")
    popover.wait_for(state="visible", timeout=5000)
    assert "occurred: korea japan summit" in popover.inner_text()
    span.click()
    assert p.js("location.hash") == "#s-korea-japan-summit"
    card = p.page.locator("#s-korea-japan-summit")
    assert p.js("document.querySelector(':target').id") == "s-korea-japan-summit"
    assert "active" in card.get_attribute("class") and card.is_visible()
    assert "이 대통령은 지난 23일 일본 도쿄에서" in card.inner_text()
    assert p.page.locator("#text a.ev.active").count() >= 1
    # from a statement card back to its sentence
    card.locator("a.to-text").first.click()
    assert p.js("location.hash") == "#q-korea-japan-summit-q1"


def check_timeline(p: Page, base: str) -> None:
    svg = p.page.locator("svg.axis")
    assert svg.is_visible()
    years = p.js("Array.from(document.querySelectorAll('svg.axis text.year')).map(t => t.textContent)")
    assert years[:2] == ["2026", "2027"] and len(years) >= 4
    assert p.page.locator("svg.axis a.dot").count() == p.page.locator("ol.timeline li.item").count() > 10
    assert p.js("document.querySelector('svg.axis text.start').textContent") == "2025-03"
    dates = p.page.locator("ol.timeline li.item .date").all_inner_texts()
    assert "2025-08-23" in dates and dates == sorted(dates, key=lambda d: d.replace("target ", ""))
    first = p.page.locator("ol.timeline li.item").first
    assert first.is_visible() and re.match(r"\d{4}-\d{2}", first.locator(".date").inner_text())
    with p.page.expect_navigation():
        p.page.locator("ol.timeline li.item a", has_text="Korea–Japan summit, Tokyo").click()
    p.ready()
    assert p.page.url == base + SUMMIT + ".html"


# --------------------------------------------------------------------------- from file://

def test_entity_page_from_file(browser, real_site):
    p = Page(browser, (real_site / f"{SUMMIT}.html").as_uri())
    try:
        check_entity_page(p, real_site.as_uri() + "/")
    finally:
        p.close()


def test_source_reader_from_file(browser, real_site, built_store):
    p = Page(browser, (real_site / f"{SOURCE}.html").as_uri())
    try:
        check_reader(p, _quotes(built_store))
    finally:
        p.close()


def test_quote_on_an_entity_page_opens_its_sentence_in_the_reader(browser, real_site):
    p = Page(browser, (real_site / f"{SUMMIT}.html").as_uri())
    try:
        with p.page.expect_navigation():
            p.page.locator(".statements blockquote.quote a.q").first.click()
        p.ready()
        assert p.page.url.endswith(f"{SOURCE}.html#q-korea-japan-summit-q1")
        active = p.page.locator("#text a.ev.active")
        assert active.count() >= 1 and "한일정상회담을 가졌다" in "".join(active.all_inner_texts())
    finally:
        p.close()


def test_timeline_from_file(browser, real_site):
    p = Page(browser, (real_site / "timeline.html").as_uri())
    try:
        check_timeline(p, real_site.as_uri() + "/")
    finally:
        p.close()


def test_search_finds_labels_in_every_language(browser, real_site):
    p = Page(browser, (real_site / "index.html").as_uri())
    try:
        box = p.page.locator("#search")
        box.fill(unicodedata.normalize("NFD", "이재명"))
        hits = p.page.locator("#hits a.hit")
        hits.first.wait_for(timeout=5000)
        assert "Lee Jae-myung" in hits.all_inner_texts()[0]
        box.fill("石破")
        assert "Ishiba Shigeru" in p.page.locator("#hits a.hit").first.inner_text()
        box.fill("KOSA")
        with p.page.expect_navigation():
            p.page.locator("#hits a.hit").first.click()
        p.ready()
        assert "/id/" in p.page.url
        p.page.locator("#search").fill("없는 이름 zzz")
        p.page.locator("#hits .miss").wait_for(timeout=5000)
        assert p.page.locator("#hits").inner_text() == "no match · 결과 없음"
    finally:
        p.close()


def test_hostile_labels_show_as_text_and_run_nothing(browser, hostile_site):
    for rel in ("id/site-xss.html", "id/site-concern.html", "source/site_0001.html", "timeline.html",
                "type/Company.html", "index.html"):
        p = Page(browser, (hostile_site / rel).as_uri())
        try:
            assert p.js("document.querySelectorAll('img, iframe, object, embed').length") == 0, rel
            assert p.js("Array.from(document.querySelectorAll('svg')).every(s => s.classList.contains('axis'))")
            if rel == "id/site-xss.html":
                assert p.page.locator("h1").inner_text() == XSS_IMG
                assert XSS_SCRIPT in p.page.locator("dl.labels").inner_text()
                if p.js("document.getElementById('nbhd') !== null"):
                    _network_drawn(p)
            if rel == "source/site_0001.html":
                highlighted = p.js("""() => Array.from(document.querySelectorAll('#text a.ev'))
                                        .filter(a => a.dataset.ev.split(' ').includes('q-concern-q1'))
                                        .map(a => a.textContent).join('')""")
                assert highlighted == "업계는 <img src=x onerror=alert(1)> 같은 표현이 퍼질까 우려했다"
            p.page.locator("#search").fill("<img")
            p.page.locator("#hits a.hit").first.wait_for(timeout=5000)
            assert XSS_IMG in p.page.locator("#hits").inner_text()
            assert p.js("document.querySelectorAll('img').length") == 0
        finally:
            p.close()


# --------------------------------------------------------------------------- through kjus serve

def test_pages_through_kjus_serve(browser, served, built_store):
    p = Page(browser, served + SUMMIT, allowed=(served,))
    try:
        assert p.page.url == served + SUMMIT + ".html"      # 303 See Other to the HTML document
        check_entity_page(p, served)
        p.goto(served + SOURCE)
        assert p.page.url == served + SOURCE + ".html"
        check_reader(p, _quotes(built_store))
        p.goto(served + "timeline.html")
        check_timeline(p, served)
    finally:
        p.close()


def test_sparql_link_opens_the_query_page_with_the_query(browser, served):
    p = Page(browser, served + "id/lee-jae-myung.html", allowed=(served,))
    try:
        p.page.locator(".sparql a", has_text="Open in the query page").click()
        p.page.wait_for_selector("#run")
        assert p.page.url.startswith(served + "sparql.html?query=")
        assert "<https://w3id.org/kjus/id/lee-jae-myung>" in p.page.input_value("#query")
        p.page.click("#run")
        p.page.wait_for_selector("#result table")
        assert p.page.locator("#result tr").count() > 10
    finally:
        assert p.requests == [] and p.dialogs == [] and p.errors == []
        p.context.close()


# --------------------------------------------------------------------------- screenshots for the README

def screenshot_site(out_dir: Path = ROOT / "docs" / "img") -> list[Path]:
    """Write the site of the built graph and save an entity page and the source reader as PNG."""
    import tempfile

    from playwright.sync_api import sync_playwright

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        write_site(load_store(exports_dir() / "kjus.nq"), tmp)
        site = Path(tmp) / "site"
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            p = Page(b, (site / f"{SUMMIT}.html").as_uri())
            p.page.set_viewport_size({"width": 1400, "height": 1400})
            _network_drawn(p)
            p.page.wait_for_function("window.kjusSite.stable === true", timeout=20000)
            out_dir.mkdir(parents=True, exist_ok=True)
            p.page.screenshot(path=str(out_dir / "site-entity.png"))
            written.append(out_dir / "site-entity.png")
            p.page.set_viewport_size({"width": 1400, "height": 1000})
            p.goto((site / f"{SOURCE}.html").as_uri() + "#s-korea-japan-summit-agreement")
            span = p.page.locator("#text a.ev[data-st~='s-korea-japan-summit-agreement']").first
            span.scroll_into_view_if_needed()
            p.js("window.scrollBy(0, -250)")
            span.click()
            span.hover()
            p.page.locator("#popover").wait_for(state="visible", timeout=5000)
            p.page.screenshot(path=str(out_dir / "site-reader.png"))
            written.append(out_dir / "site-reader.png")
            p.close()
            b.close()
    return written


if __name__ == "__main__":
    for path in screenshot_site():
        print(path)
