"""The HTML views in a real headless Chromium with the network cut off.

Every request that is not a local file is aborted and recorded; each test ends by
asserting that none was attempted.  Needs Chromium and the Nanum fonts (:mod:`tests.system` installs Debian's packages
when it can) and the ``playwright`` Python package.

Run ``python -m tests.test_views_browser`` to refresh ``docs/img/view.png``
(the actor network of the built graph).
"""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from graph.render.html import write_html

from .system import CHROMIUM_ARGS, WatchedPage, chromium, launched_chromium
from .test_html import QUOTE, XSS_IMG, XSS_SCRIPT, _big_graph, contract_graph

pytestmark = pytest.mark.browser

LEE = "https://w3id.org/kjus/id/lee-jae-myung"
XSS = "https://w3id.org/kjus/id/xss"


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as b:
        yield b


class Page(WatchedPage):
    """A loaded view with every non-file request aborted and recorded."""

    def __init__(self, browser, path: Path):
        super().__init__(browser, viewport=(1400, 900))
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kjus && window.kjus.state.drawn", timeout=20000)

    def node_xy(self, node_id):
        """Page coordinates of a node's centre."""
        xy = self.js("""id => { const p = kjus.network.getPositions([id])[id];
                                 return kjus.network.canvasToDOM(p); }""", node_id)
        box = self.page.locator("#graph canvas").bounding_box()
        return box["x"] + xy["x"], box["y"] + xy["y"]

    def close(self):
        assert self.requests == [], f"the page tried to reach the network: {self.requests}"
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"
        assert self.js("window.__pwned === undefined")
        self.context.close()


@pytest.fixture(scope="module")
def view_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    cwd = os.getcwd()
    os.chdir(out)
    try:
        path = write_html(contract_graph(), out / "v" / "view.html", title="KJUS test")
    finally:
        os.chdir(cwd)
    assert sorted(os.listdir(out)) == ["v"], "writing a view created files next to it (lib/?)"
    return path


@pytest.fixture
def view(browser, view_file):
    p = Page(browser, view_file)
    yield p
    p.close()


def _inked(view):
    """Number of non-white pixels on the network canvas."""
    return view.js("""() => {
        const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
        return n; }""")


def _settle(view):
    view.page.wait_for_function("kjus.state.stable", timeout=20000)
    view.page.wait_for_timeout(300)


def test_renders_every_node_and_edge_on_a_non_blank_canvas(view, tmp_path):
    G = contract_graph()
    counts = view.js("[kjus.nodes.length, kjus.edges.length, kjus.nodesView.length, kjus.edgesView.length]")
    assert counts == [G.number_of_nodes(), G.number_of_edges()] * 2
    _settle(view)
    inked = _inked(view)
    assert inked > 2000, f"only {inked} coloured pixels on the canvas"
    shot = tmp_path / "view.png"
    view.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20000


def test_hover_and_click_show_korean_label_and_evidence(view):
    _settle(view)
    x, y = view.node_xy(LEE)
    view.page.mouse.move(x, y)
    tooltip = view.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert "이재명" in text and QUOTE in text and "src:000_test" in text
    view.page.mouse.move(5, 5)
    view.page.mouse.click(x, y)
    info = view.page.locator("#info").inner_text()
    assert "Lee Jae-myung" in info and "이재명" in info and QUOTE in info
    assert "KR" in info and "Person" in info


def test_edge_panel_shows_relation_in_both_languages(view):
    edge = view.js("kjus.edges.get({filter: e => e.k.predicate === 'kj:agreedAt'})[0].id")
    view.js("id => kjus.network.emit('click', {nodes: [], edges: [id]})", edge)
    info = view.page.locator("#info").inner_text()
    assert "agreed at" in info and "합의 장소" in info and "agreed" in info


def test_search_finds_a_korean_label_typed_in_any_normal_form(view):
    box = view.page.locator("#search")
    box.fill(unicodedata.normalize("NFD", "한일정상"))
    hit = view.page.locator("#results .hit")
    assert hit.count() == 1 and hit.inner_text() == "Korea–Japan summit"
    hit.click()
    assert "한일정상회담" in view.page.locator("#info").inner_text()
    assert view.js("kjus.network.getSelectedNodes()") == ["https://w3id.org/kjus/id/summit"]
    box.fill("ISHIBA")
    assert view.page.locator("#results .hit").inner_text() == "Ishiba Shigeru"
    box.fill("石破")
    assert view.page.locator("#results .hit").count() == 1
    box.fill("없는 이름")
    assert view.page.locator("#results").inner_text() == "no match · 결과 없음"


def test_filters_hide_and_show_nodes_and_edges(view):
    def visible():
        return view.js("[kjus.nodesView.length, kjus.edgesView.length]")

    G = contract_graph()
    assert visible() == [G.number_of_nodes(), G.number_of_edges()]
    kr = view.page.locator("#filter-country input[value='KR']")
    kr.uncheck()
    kr_nodes = {n for n, c in G.nodes(data="country") if c == "KR"}
    edges_left = sum(1 for u, v in G.edges() if u not in kr_nodes and v not in kr_nodes)
    assert visible() == [G.number_of_nodes() - len(kr_nodes), edges_left]
    assert view.page.locator("#counts").inner_text() == f"{len(G) - len(kr_nodes)} nodes, {edges_left} edges shown"
    kr.check()
    view.page.locator("#filter-status input[value='planned']").uncheck()
    planned = {n for n, s in G.nodes(data="status") if s == "planned"}
    edges_left = sum(1 for u, v, s in G.edges(data="status") if s != "planned" and not {u, v} & planned)
    assert visible() == [len(G) - len(planned), edges_left]
    view.page.locator("#filter-status input[value='planned']").check()
    view.page.locator("#filter-category input[value='Actor']").uncheck()
    assert visible()[0] == len(G) - sum(1 for _, c in G.nodes(data="category") if c == "Actor")


def test_language_switch_relabels_nodes_and_edges(view):
    view.page.select_option("#lang", "ko")
    assert view.js(f"kjus.nodes.get('{LEE}').label") == "이재명"
    assert "참가자" in view.js("kjus.edges.map(e => e.label)")
    view.page.select_option("#lang", "ja")
    assert view.js("kjus.nodes.get('https://w3id.org/kjus/id/ishiba').label") == "石破茂"
    assert view.js(f"kjus.nodes.get('{LEE}').label") == "Lee Jae-myung"


def test_hostile_labels_show_as_text_and_run_nothing(view):
    assert view.js(f"kjus.nodes.get('{XSS}').label") == XSS_IMG
    _settle(view)
    x, y = view.node_xy(XSS)
    view.page.mouse.move(x, y)
    tooltip = view.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    assert XSS_IMG in tooltip.inner_text() and XSS_SCRIPT in tooltip.inner_text()
    view.page.mouse.click(x, y)
    assert XSS_SCRIPT in view.page.locator("#info").inner_text()
    view.page.locator("#search").fill("<img")
    assert view.page.locator("#results .hit").inner_text() == XSS_IMG
    view.page.select_option("#lang", "ko")
    view.page.wait_for_timeout(300)
    assert view.js("document.querySelectorAll('img').length") == 0
    assert view.js("document.scripts.length") == 3
    assert view.js("window.__pwned === undefined")
    # view.close() (fixture teardown) asserts that no dialog opened and nothing was requested


def test_large_view_is_reduced_with_a_note_and_drawn_without_physics(browser, tmp_path):
    G = _big_graph(1500, 3000)
    path = write_html(G, tmp_path / "big.html", max_nodes=1200)
    p = Page(browser, path)
    try:
        assert p.js("[kjus.nodes.length, kjus.state.physics]") == [1200, False]
        note = p.page.locator("#note").inner_text()
        assert note.startswith("showing 1,200 of 1,500 nodes (top by PageRank, then degree); left out: 300 nodes")
    finally:
        p.close()


def test_real_actor_view_in_korean(browser, tmp_path):
    from graph.load import load_dataset
    from graph.render.html import write_views

    write_views(load_dataset(), tmp_path, lang="ko")
    p = Page(browser, tmp_path / "views" / "actors.html")
    try:
        _settle(p)
        assert _inked(p) > 5000
        labels = p.js("kjus.nodes.map(n => n.label)")
        assert "이재명" in labels and sum(any("\uac00" <= c <= "\ud7a3" for c in lab) for lab in labels) > 30
        p.page.locator("#search").fill("퓨리오사")
        p.page.locator("#results .hit").first.click()
        info = p.page.locator("#info").inner_text()
        assert "FuriosaAI" in info and "src:000_76483b81068cf569" in info
    finally:
        p.close()


def screenshot_actor_view(out: Path = Path(__file__).parent.parent / "docs" / "img" / "view.png") -> Path:
    """Write the actor network of the built graph (Korean labels) and save its screenshot to ``out``.

    The most central actor is hovered, so the picture shows a tooltip with its evidence.
    """
    import tempfile

    from playwright.sync_api import sync_playwright

    from graph.load import load_dataset
    from graph.render.html import write_views

    with tempfile.TemporaryDirectory() as tmp:
        write_views(load_dataset(), tmp, lang="ko")
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
            p = Page(b, Path(tmp) / "views" / "actors.html")
            _settle(p)
            top = p.js("""kjus.nodes.get({filter: n => n.k.category === 'Actor' && n.k.evidence.length})
                          .sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : 1))[0].id""")
            p.page.mouse.move(*p.node_xy(top))
            p.page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5000)
            out.parent.mkdir(parents=True, exist_ok=True)
            p.page.screenshot(path=str(out))
            p.close()
            b.close()
    return out


if __name__ == "__main__":
    print(screenshot_actor_view())
