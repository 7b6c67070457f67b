"""Tests of graph/render/html.py without a browser: page structure, escaping, scale, choice of nodes.

The browser half is tests/test_views_browser.py; both use :func:`contract_graph`, a
hand-made full projection that follows the contract of docs/design.md.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest
import pyvis

from graph.errors import ExportError, KGError, QueryError
from graph.render.html import (
    PHYSICS_MAX_NODES, focus_graph, query_graph, render_html, write_html, write_views,
)
from graph.vocab import KJ, KJD, SRC

VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>window.__pwned=1;alert(1)</script>"
QUOTE = "이 대통령은 지난 23일 일본 도쿄에서 이시바 총리와 한일정상회담을 가졌다"
DOC = str(SRC["000_test"])


def _ev(quote, start=0):
    return [{"quote": quote, "source": DOC, "start": start, "end": start + len(quote), "graph": DOC + "/g"}]


def _node(G, name, **attrs):
    base = dict(label="", label_en="", label_ko="", label_ja="", type="", category="Other", country="",
                status="", date="", facts={}, evidence=[], topics=[])
    base.update(attrs)
    base["label_en"] = base["label_en"] or base["label"]
    G.add_node(str(KJD[name]), **base)


def _edge(G, s, o, prop, label, label_ko, status="occurred", evidence=()):
    p = str(KJ[prop])
    G.add_edge(str(KJD[s]), str(KJD[o]), key=p, predicate=p, label=label, label_ko=label_ko, status=status,
               date="", graph="", evidence=list(evidence))


def contract_graph() -> nx.MultiDiGraph:
    """A small full projection: a summit, a council, an agreement, actors of three countries, XSS labels."""
    G = nx.MultiDiGraph(kind="full", actor_types=["Person", "Company", "IndustryAssociation", "Council"],
                        actor_predicates=[str(KJ[p]) for p in ("participant", "party", "member", "convenedBy")])
    _node(G, "korea", label="South Korea", label_ko="대한민국", type="Country", category="Place", country="KR")
    _node(G, "usa", label="United States", label_ko="미국", type="Country", category="Place", country="US")
    _node(G, "lee-jae-myung", label="Lee Jae-myung", label_ko="이재명", type="Person", category="Actor",
          country="KR", evidence=_ev(QUOTE, 12))
    _node(G, "ishiba", label="Ishiba Shigeru", label_ko="이시바 시게루", label_ja="石破茂", type="Person",
          category="Actor", country="JP")
    _node(G, "trump", label="Donald Trump", label_ko="도널드 트럼프", type="Person", category="Actor", country="US")
    _node(G, "kosa", label="Korea Software Industry Association", label_ko="한국소프트웨어산업협회",
          type="IndustryAssociation", category="Actor", country="KR")
    _node(G, "nvidia", label="Nvidia", label_ko="엔비디아", type="Company", category="Actor", country="US")
    _node(G, "summit", label="Korea–Japan summit", label_ko="한일정상회담", type="Summit", category="Event",
          status="occurred", date="2025-08-23", facts={"duration": "PT113M"}, evidence=_ev(QUOTE, 12))
    _node(G, "us-summit", label="Korea–US summit", label_ko="한미정상회담", type="Summit", category="Event",
          status="planned", date="2025-08-25")
    _node(G, "ai-agreement", label="AI cooperation agreement", label_ko="AI 협력 합의", type="Agreement",
          category="Agreement", status="agreed", date="2025-08-24", facts={"amount": "30000000 JPY"})
    _node(G, "kosa-japan-council", label="KOSA Japan expansion council", label_ko="KOSA 일본 진출 협의회",
          type="Council", category="Council", country="KR", status="planned")
    _node(G, "xss", label=XSS_IMG, label_ko=XSS_SCRIPT, label_ja="&amp;\u2028", type="Company", category="Actor",
          country="US", evidence=_ev(XSS_SCRIPT))
    _edge(G, "lee-jae-myung", "korea", "country", "country", "국가")
    _edge(G, "trump", "usa", "country", "country", "국가")
    _edge(G, "summit", "lee-jae-myung", "participant", "participant", "참가자", evidence=_ev(QUOTE, 12))
    _edge(G, "summit", "ishiba", "participant", "participant", "참가자")
    _edge(G, "us-summit", "lee-jae-myung", "participant", "participant", "참가자", status="planned")
    _edge(G, "us-summit", "trump", "participant", "participant", "참가자", status="planned")
    _edge(G, "ai-agreement", "lee-jae-myung", "party", "party", "당사자", status="agreed")
    _edge(G, "ai-agreement", "ishiba", "party", "party", "당사자", status="agreed")
    _edge(G, "ai-agreement", "summit", "agreedAt", "agreed at", "합의 장소", status="agreed")
    _edge(G, "kosa-japan-council", "kosa", "convenedBy", "convened by", "소집", status="planned")
    _edge(G, "kosa-japan-council", "nvidia", "member", "member", "회원", status="planned")
    _edge(G, "kosa-japan-council", "xss", "member", "member", "회원", status="planned")
    # two relations between the same two nodes, one of them reversed
    _edge(G, "lee-jae-myung", "ishiba", "visited", "visited", "방문")
    _edge(G, "lee-jae-myung", "ishiba", "about", "about", "관련", status="assessment")
    _edge(G, "ishiba", "lee-jae-myung", "about", "about", "관련", status="assessment")
    _edge(G, "xss", "summit", "participant", XSS_IMG, XSS_SCRIPT, evidence=_ev(XSS_SCRIPT))
    return G


def page_data(page: str) -> dict:
    """The JSON data block of a rendered page."""
    m = re.search(r'<script type="application/json" id="kjus-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def _big_graph(n, m, seed=1):
    R = nx.gnm_random_graph(n, m, seed=seed, directed=True)
    G = nx.MultiDiGraph()
    for i in R:
        G.add_node(str(KJD[f"n{i:05d}"]), label=f"node {i}", label_ko=f"노드 {i}", category="Actor",
                   country=("KR", "JP", "US", "")[i % 4], evidence=_ev("가졌다"))
    for u, v in R.edges():
        G.add_edge(str(KJD[f"n{u:05d}"]), str(KJD[f"n{v:05d}"]), key=str(KJ.participant), label="participant",
                   label_ko="참가자", status="occurred")
    return G


# --- self-contained and safe --------------------------------------------------------

def test_page_loads_nothing_from_outside():
    page = render_html(contract_graph())
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I), "a <script src> would load a file"
    assert not re.search(r"<link\b", page, re.I), "a <link> would load a file"
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    # outside the data block and the inlined vis-network (whose licence comment and SVG
    # namespace name web addresses), the page names no http(s) address at all
    own = re.sub(r'<script type="application/json" id="kjus-data">.*?</script>', "", page, flags=re.S)
    for asset in ("vis-network.min.js", "vis-network.css"):
        text = (VIS_DIR / asset).read_text(encoding="utf-8")
        assert text in own
        own = own.replace(text, "")
    assert not re.findall(r"https?://", own)
    assert "vis-network" in page and "@license" in page, "vis-network and its licence are inlined"


def test_data_block_is_escaped_and_round_trips():
    page = render_html(contract_graph())
    block = re.search(r'id="kjus-data">(.*?)</script>', page, re.S).group(1)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in block
    assert page.count("</script>") == 3, "the data cannot close its script element"
    data = page_data(page)
    xss = next(n for n in data["nodes"] if n["id"] == str(KJD.xss))
    assert xss["label"] == XSS_IMG
    assert (xss["k"]["ko"], xss["k"]["ja"]) == (XSS_SCRIPT, "&amp;\u2028")
    assert xss["k"]["evidence"][0]["quote"] == XSS_SCRIPT
    assert "<img" not in page.replace(XSS_IMG, "")  # no raw markup anywhere
    assert XSS_IMG not in page


def test_title_is_escaped():
    page = render_html(contract_graph(), title="<b>KJUS</b> & co")
    assert "<title>&lt;b&gt;KJUS&lt;/b&gt; &amp; co</title>" in page


def test_korean_and_japanese_labels_reach_the_page_as_text():
    G = contract_graph()
    data = page_data(render_html(G, lang="ko"))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id[str(KJD["lee-jae-myung"])]["label"] == "이재명"
    assert by_id[str(KJD.ishiba)]["k"]["ja"] == "石破茂"
    assert by_id[str(KJD.nvidia)]["label"] == "엔비디아"
    ja = {n["id"]: n["label"] for n in page_data(render_html(G, lang="ja"))["nodes"]}
    assert ja[str(KJD.ishiba)] == "石破茂" and ja[str(KJD.trump)] == "Donald Trump"  # fallback to English
    summit = by_id[str(KJD.summit)]["k"]
    assert summit["evidence"] == [{"quote": QUOTE, "source": "src:000_test", "start": 12, "end": 12 + len(QUOTE)}]
    assert summit["facts"] == {"duration": "PT113M"} and summit["date"] == "2025-08-23"


def test_every_node_and_edge_is_in_the_page_with_parallel_edges_apart():
    G = contract_graph()
    data = page_data(render_html(G))
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    lee, ishiba = str(KJD["lee-jae-myung"]), str(KJD.ishiba)
    pair = [e for e in data["edges"] if {e["from"], e["to"]} == {lee, ishiba}]
    assert sorted(e["label"] for e in pair) == ["about", "about", "visited"]
    # each edge bends to its own side or by its own amount, seen from the same node
    sides = {(e["smooth"]["type"] if e["from"] == lee else
              {"curvedCW": "curvedCCW", "curvedCCW": "curvedCW"}[e["smooth"]["type"]], e["smooth"]["roundness"])
             for e in pair}
    assert len(sides) == 3
    dashed = {e["k"]["predicate"]: e.get("dashes", False) for e in pair}
    assert dashed == {"kj:about": True, "kj:visited": False}


def test_colour_shape_size_and_legend():
    G = contract_graph()
    data = page_data(render_html(G, color_by="country", size_by="degree"))
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id[str(KJD["lee-jae-myung"])]["color"] == "#0072B2"
    assert by_id[str(KJD.ishiba)]["color"] == "#D55E00"
    assert by_id[str(KJD.trump)]["color"] == "#009E73"
    assert by_id[str(KJD.summit)]["shape"] == "diamond"
    assert by_id[str(KJD["kosa-japan-council"])]["shape"] == "star"
    assert by_id[str(KJD["lee-jae-myung"])]["value"] == G.degree(str(KJD["lee-jae-myung"]))
    legend = {g["title"]: [i["label"] for i in g["items"]] for g in data["legend"]}
    assert legend["Colour: country"] == ["JP", "KR", "US", "(none)"]
    assert "Council" in legend["Shape: category"]
    status = page_data(render_html(G, color_by="status"))
    assert {n["color"] for n in status["nodes"] if n["k"]["status"] == "planned"} == {"#56B4E9"}
    for color_by in ("type", "community"):
        nodes = page_data(render_html(G, color_by=color_by, size_by="betweenness"))["nodes"]
        assert len({n["color"] for n in nodes}) > 1


def test_filters_list_every_value_with_counts():
    data = page_data(render_html(contract_graph()))
    filters = {f["field"]: {v["value"]: v["count"] for v in f["values"]} for f in data["filters"]}
    assert filters["country"] == {"JP": 1, "KR": 4, "US": 4, "": 3}
    assert filters["category"]["Actor"] == 6
    assert filters["status"]["assessment"] == 2  # edges count too: an edge status must be filterable


@pytest.mark.parametrize("kw, message", [
    ({"lang": "fr"}, "unknown lang 'fr'; choose one of en, ko, ja"),
    ({"size_by": "eigen"}, "unknown size_by 'eigen'"),
    ({"max_nodes": 0}, "max_nodes must be at least 1"),
])
def test_bad_options_are_errors(kw, message):
    with pytest.raises(KGError, match=re.escape(message)):
        render_html(contract_graph(), **kw)


def test_output_is_deterministic():
    G = contract_graph()
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    assert render_html(G) == render_html(G) == render_html(H)
    big = _big_graph(1200, 2400)
    assert render_html(big, max_nodes=2000) == render_html(big, max_nodes=2000)


def test_a_reduced_undirected_view_does_not_depend_on_the_hash_seed(tmp_path):
    """The nodes kept form a set; the page must not follow that set's order (from or to of an edge)."""
    import subprocess
    import sys

    from graph.paths import ROOT

    script = ("import hashlib, networkx as nx; from graph.render.html import render_html; "
              "G = nx.relabel_nodes(nx.barabasi_albert_graph(300, 3, seed=1), lambda i: f'urn:x:{i:03d}'); "
              "print(hashlib.sha256(render_html(G, max_nodes=40).encode()).hexdigest())")
    pages = {subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, capture_output=True, text=True,
                            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}).stdout
             for seed in ("1", "2", "3")}
    assert len(pages) == 1
    G = nx.relabel_nodes(nx.barabasi_albert_graph(300, 3, seed=1), lambda i: f"urn:x:{i:03d}")
    assert all(e["from"] < e["to"] for e in page_data(render_html(G, max_nodes=40))["edges"])


# --- scale -------------------------------------------------------------------------

def test_large_graph_keeps_top_ranked_nodes_and_says_what_was_left_out():
    G = _big_graph(400, 600)
    hub = str(KJD["n00007"])
    for i in range(50, 110):
        G.add_edge(str(KJD[f"n{i:05d}"]), hub, key=str(KJ.member))
    page = render_html(G, max_nodes=100)
    data = page_data(page)
    assert len(data["nodes"]) == 100
    assert hub in {n["id"] for n in data["nodes"]}
    kept = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in kept and e["to"] in kept for e in data["edges"])
    left_edges = sum(1 for u, v in G.edges() if u not in kept or v not in kept)
    assert (f'<span id="note">showing 100 of 400 nodes (top by PageRank, then degree); '
            f"left out: 300 nodes (300 Actor) and {left_edges:,} edges</span>") in page


def test_physics_off_and_positions_precomputed_above_the_limit():
    G = _big_graph(PHYSICS_MAX_NODES + 50, 2000)
    data = page_data(render_html(G, max_nodes=5000))
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    small = page_data(render_html(contract_graph()))
    assert small["options"]["physics"]["enabled"] is True
    assert small["options"]["layout"]["randomSeed"] == 42


def test_write_html_writes_one_file_and_no_lib_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = write_html(contract_graph(), tmp_path / "out" / "view.html", lang="ko")
    assert out == tmp_path / "out" / "view.html"
    assert sorted(os.listdir(tmp_path)) == ["out"] and os.listdir(tmp_path / "out") == ["view.html"]
    assert "이재명" in out.read_text(encoding="utf-8")


def test_write_html_to_an_impossible_path_is_an_export_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="cannot write here"):
        write_html(contract_graph(), tmp_path / "file" / "view.html")


def test_write_views_writes_the_whole_graph_and_curated_views(tmp_path):
    files = write_views(contract_graph(), tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in files)
    assert names == ["kjus.html", "views/actors.html", "views/events.html",
                     "views/korea-us.html", "views/kosa-japan-council.html"]
    ids = {p.stem: {n["id"] for n in page_data(p.read_text(encoding="utf-8"))["nodes"]} for p in files}
    curie = {stem: {i.rsplit("/", 1)[1] for i in v} for stem, v in ids.items()}
    assert curie["kosa-japan-council"] == {"kosa-japan-council", "kosa", "nvidia", "xss"}
    assert {"summit", "us-summit", "ai-agreement", "lee-jae-myung", "ishiba", "trump", "xss"} == curie["events"]
    assert {"us-summit", "lee-jae-myung", "trump"} <= curie["korea-us"]
    assert "ishiba" not in curie["korea-us"] and "korea" not in curie["korea-us"]
    assert "summit" not in curie["actors"] and {"lee-jae-myung", "ishiba", "trump"} <= curie["actors"]
    events = page_data((tmp_path / "views" / "events.html").read_text(encoding="utf-8"))
    timeline = sorted((n["x"], n["k"]["date"]) for n in events["nodes"] if n.get("fixed"))
    assert [d for _, d in timeline] == ["2025-08-23", "2025-08-24", "2025-08-25"]
    actors = page_data((tmp_path / "views" / "actors.html").read_text(encoding="utf-8"))
    via = {tuple(sorted((e["from"], e["to"]))): e["k"]["via"] for e in actors["edges"]}
    assert "Korea–Japan summit" in via[tuple(sorted((str(KJD["lee-jae-myung"]), str(KJD.ishiba))))]


# --- focus and query ---------------------------------------------------------------

@pytest.mark.parametrize("name", [str(KJD["kosa-japan-council"]), "kjd:kosa-japan-council",
                                  "KOSA 일본 진출 협의회", "kosa japan expansion council"])
def test_focus_graph_finds_an_entity_by_any_name(name):
    H = focus_graph(contract_graph(), name)
    assert {n.rsplit("/", 1)[1] for n in H} == {"kosa-japan-council", "kosa", "nvidia", "xss"}
    assert H.number_of_edges() == 3


def test_focus_graph_depth_and_errors():
    G = contract_graph()
    assert len(focus_graph(G, "이시바 시게루", depth=0)) == 1
    assert str(KJD.nvidia) in focus_graph(G, "kjd:xss", depth=2)
    with pytest.raises(KGError, match="no entity named 'Ishiba Shigeru-san'; did you mean: Ishiba Shigeru"):
        focus_graph(G, "Ishiba Shigeru-san")
    G.nodes[str(KJD.trump)]["label_ko"] = "이재명"
    with pytest.raises(KGError, match="'이재명' names 2 entities"):
        focus_graph(G, "이재명")
    with pytest.raises(QueryError, match="depth must be 0 or more"):
        focus_graph(G, "kjd:xss", depth=-1)


TRIG = """
@prefix kj: <https://w3id.org/kjus/ontology#> .
@prefix kjd: <https://w3id.org/kjus/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kjus/ontology> {
  kj:participant a owl:ObjectProperty ; rdfs:label "participant"@en , "참가자"@ko .
  kj:Summit a owl:Class ; rdfs:subClassOf kj:Event . kj:Event a owl:Class .
  kj:Person a owl:Class ; rdfs:subClassOf kj:Actor . kj:Actor a owl:Class .
}
<https://w3id.org/kjus/source/t/g1> {
  kjd:summit a kj:Summit ; rdfs:label "Summit"@en , "정상회담"@ko ; kj:participant kjd:lee , kjd:ishiba .
  kjd:lee a kj:Person ; rdfs:label "Lee"@en , "이재명"@ko .
  kjd:ishiba a kj:Person ; rdfs:label "Ishiba"@en , "이시바"@ko .
}
"""


@pytest.fixture
def tiny_ds():
    from rdflib import Dataset

    return Dataset().parse(data=TRIG, format="trig")


def test_query_graph_construct_and_select(tiny_ds):
    Q = query_graph(tiny_ds, "CONSTRUCT { ?e kj:participant ?a } WHERE { ?e kj:participant ?a }")
    assert sorted(Q.edges(keys=True)) == sorted([(str(KJD.summit), str(KJD.lee), str(KJ.participant)),
                                                 (str(KJD.summit), str(KJD.ishiba), str(KJ.participant))])
    assert Q.nodes[str(KJD.lee)]["label_ko"] == "이재명"
    S = query_graph(tiny_ds, "SELECT ?source ?target WHERE { ?source kj:participant ?target }")
    assert sorted(S.edges()) == sorted(Q.edges())
    data = page_data(render_html(S, lang="ko"))
    assert {n["label"] for n in data["nodes"]} == {"정상회담", "이재명", "이시바"}


@pytest.mark.parametrize("sparql, message", [
    ("SELECT ?x WHERE { ?x ?y ?z }", "needs ?s ?p ?o or ?source ?target"),
    ("ASK { ?x ?y ?z }", "needs a CONSTRUCT or a SELECT"),
    ("SELECT WHERE {", "syntax error at line 1"),
])
def test_query_graph_errors(tiny_ds, sparql, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        query_graph(tiny_ds, sparql)


# --- the command line ---------------------------------------------------------------

MINI = str(Path(__file__).parent / "data" / "sources" / "mini_0001.trig")


def _cli(*args):
    from click.testing import CliRunner

    from graph.cli import main

    return CliRunner().invoke(main, ["view", "--sources", MINI, *args])


def test_cli_view_focus_writes_one_view(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _cli("--focus", "도쿄", "--lang", "ja", "--color-by", "type", "--out", "v/tokyo.html")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("v/tokyo.html (2 nodes, 1 edges)")
    assert sorted(os.listdir(tmp_path)) == ["v"]
    data = page_data((tmp_path / "v" / "tokyo.html").read_text(encoding="utf-8"))
    assert sorted(n["label"] for n in data["nodes"]) == ["日本", "東京"]


def test_cli_view_query_and_whole_graph(tmp_path):
    out = tmp_path / "q.html"
    result = _cli("--query", "SELECT ?s ?p ?o WHERE { ?s kj:party ?o BIND(kj:party AS ?p) }", "--out", str(out))
    assert result.exit_code == 0, result.output
    edges = page_data(out.read_text(encoding="utf-8"))["edges"]
    assert sorted(e["to"].rsplit("/", 1)[1] for e in edges) == ["japan", "korea"]
    assert _cli("--out", str(tmp_path / "all.html"), "--max-nodes", "2").exit_code == 0
    assert "showing 2 of 4 nodes" in (tmp_path / "all.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, error", [
    (["--focus", "Osaka"], "Error: no entity named 'Osaka'"),
    (["--focus", "도쿄", "--query", "x.rq"], "Error: give --focus or --query, not both"),
    (["--query", "DROP ALL"], "Error: query: updates are refused"),
    (["--lang", "fr"], "Error: Invalid value for '--lang'"),
])
def test_cli_view_errors(tmp_path, args, error):
    result = _cli(*args, "--out", str(tmp_path / "x.html"))
    assert result.exit_code != 0 and error in result.output
    assert not (tmp_path / "x.html").exists()


def test_curated_views_of_the_real_graph(tmp_path):
    from graph.load import load_dataset
    from graph.project import project_graph

    ds = load_dataset()
    full = project_graph(ds, "full")
    write_views(ds, tmp_path)
    pages = {p.stem: page_data(p.read_text(encoding="utf-8")) for p in (tmp_path / "views").glob("*.html")}
    council = pages["kosa-japan-council"]
    councils = [n for n in council["nodes"] if n["k"]["category"] == "Council"]
    assert len(councils) == 1 and "KOSA" in councils[0]["k"]["en"]
    cid = councils[0]["id"]
    members = {v for _, v, k in full.out_edges(cid, keys=True) if k == str(KJ.member)}
    assert len(members) >= 10 and members <= {n["id"] for n in council["nodes"]}
    assert any(e["k"]["predicate"] == "kj:convenedBy" for e in council["edges"])
    events = pages["events"]
    pinned = sorted((n["x"], n["k"]["date"] or "9999") for n in events["nodes"] if n.get("fixed"))
    assert len(pinned) >= 5 and [d for _, d in pinned] == sorted(d for _, d in pinned)
    assert {n["k"]["category"] for n in events["nodes"]} <= {"Event", "Agreement", "Actor", "Council"}
    korea_us = pages["korea-us"]
    ids = {n["id"] for n in korea_us["nodes"]}
    for n in korea_us["nodes"]:
        around = {full.nodes[m]["country"] for m in (n["id"], *nx.all_neighbors(full, n["id"]))}
        assert {"KR", "US"} <= around or n["k"]["country"] in ("KR", "US"), n["k"]["en"]
    assert all(e["from"] in ids and e["to"] in ids for e in korea_us["edges"])
    assert {n["k"]["category"] for n in pages["actors"]["nodes"]} <= {"Actor", "Council", "Place"}
