"""GEXF export: valid against the official XSD, read back by NetworkX and by graphology-gexf,
typed, coloured, laid out, with a timeline, parallel relations merged, hostile text defused, deterministic."""
from __future__ import annotations

import io
import re
import unicodedata

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from graph.errors import ExportError
from graph.project import project_graph
from graph.render.flat import MAX_SIZE, clean_text, flat_table, flatten, iso_start, metrics_and_layout
from graph.render.gexf import generate_gexf, write_gexf, write_gexf_files
from graph.render.palette import COUNTRY_COLORS, hex_to_rgb
from .gephi_fixtures import (GEXF_NS, HOSTILE, ISHIBA, LEE, ODD, PROGRAM, SUMMIT, VIZ_NS, contract_graph,
                                  gexf_problems, graphology, real_graph)

GRAPHS = ["contract-full", "contract-actors", "real-full", "real-actors", "real-countries"]


def _graph(name: str) -> nx.Graph:
    origin, kind = name.split("-")
    return real_graph(kind) if origin == "real" else project_graph(contract_graph(), kind)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """name → (G, flat graph, static path, dynamic path), metrics and layout computed once per graph."""
    out = tmp_path_factory.mktemp("gexf")
    cache = {}

    def get(name):
        if name not in cache:
            G = _graph(name)
            metrics, positions = metrics_and_layout(G)
            static = write_gexf(G, out / f"{name}.gexf", metrics=metrics, positions=positions)
            dynamic = write_gexf(G, out / f"{name}-dynamic.gexf", dynamic=True, metrics=metrics,
                                 positions=positions)
            cache[name] = G, flatten(G, metrics=metrics, positions=positions), static, dynamic
        return cache[name]
    return get


def _xml(path):
    return etree.parse(str(path)).getroot()


# --- the schema ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", GRAPHS)
def test_static_and_dynamic_files_validate_against_the_gexf_xsd(exported, name):
    _, _, static, dynamic = exported(name)
    assert gexf_problems(static.read_bytes()) == []
    assert gexf_problems(dynamic.read_bytes()) == []


def test_validation_catches_what_the_schema_forbids(exported):
    """The checker is not a rubber stamp: each of these breaks the file for a strict reader."""
    data = exported("contract-full")[2].read_bytes()
    assert gexf_problems(data.replace(b'<graph ', b'<graph name="" ', 1))
    assert gexf_problems(data.replace(b'z="0.0"', b"", 1))
    assert gexf_problems(data.replace(b"<viz:color ", b"<color ", 1).replace(b"/viz:color", b"/color", 1))
    assert gexf_problems(re.sub(rb'weight="[^"]*"', b'weight="heavy"', data, count=1))


def test_drawing_is_in_the_viz_namespace_with_palette_colour_pagerank_size_and_layout(exported):
    G, F, static, _ = exported("contract-full")
    root = _xml(static)
    assert root.get("version") == "1.2" and root.nsmap[None] == GEXF_NS and root.nsmap["viz"] == VIZ_NS
    node = root.find(f".//{{{GEXF_NS}}}node[@id='{LEE}']")
    color = node.find(f"{{{VIZ_NS}}}color")
    assert tuple(int(color.get(c)) for c in "rgb") == hex_to_rgb(COUNTRY_COLORS["KR"])
    position = node.find(f"{{{VIZ_NS}}}position")
    assert (float(position.get("x")), float(position.get("y"))) == (F.nodes[LEE]["x"], F.nodes[LEE]["y"])
    sizes = {n.get("id"): float(n.find(f"{{{VIZ_NS}}}size").get("value")) for n in root.iter(f"{{{GEXF_NS}}}node")}
    top = max(F.nodes, key=lambda n: F.nodes[n]["pagerank"])
    assert sizes[top] == MAX_SIZE == max(sizes.values()) and min(sizes.values()) < MAX_SIZE
    extent = max(abs(float(p.get(c))) for p in root.iter(f"{{{VIZ_NS}}}position") for c in "xy")
    assert extent == 1000.0  # spread out enough for Gephi's default node sizes


# --- NetworkX round trip ------------------------------------------------------------------

@pytest.mark.parametrize("name", GRAPHS)
def test_networkx_reads_back_every_node_edge_and_typed_attribute(exported, name):
    G, F, static, _ = exported(name)
    H = nx.read_gexf(static)
    assert not H.is_multigraph() and H.is_directed() == G.is_directed()
    assert set(H) == {str(n) for n in G} == set(F)
    assert H.number_of_edges() == F.number_of_edges() == len({frozenset((u, v)) if not G.is_directed()
                                                             else (u, v) for u, v in G.edges()})
    for n, d in F.nodes(data=True):
        read = H.nodes[n]
        for key, value in d.items():
            if key in ("x", "y", "size", "color"):
                continue
            assert read[key] == value and type(read[key]) is type(value), (n, key, read.get(key), value)
    for u, v, d in F.edges(data=True):
        read = H.edges[u, v]
        for key, value in d.items():
            assert read[key] == value and type(read[key]) is type(value), (u, v, key)
        assert isinstance(read["weight"], float)


def test_metrics_and_facts_are_numbers_not_strings(exported):
    root = _xml(exported("contract-full")[2])
    declared = {a.get("title"): a.get("type") for a in root.iter(f"{{{GEXF_NS}}}attribute")
                if a.getparent().get("class") == "node"}
    assert {declared[m] for m in ("pagerank", "betweenness", "eigenvector")} == {"double"}
    assert declared["degree"] == declared["community"] == declared["number of projects"] == "long"
    assert declared["approximate"] == "boolean" and declared["label_ko"] == "string"
    assert declared["value"] == "double"  # 23.2 and 1.5e3
    assert declared["budget"] == "string"  # "≈ 30000000 JPY" is text


# --- the second reader: graphology-gexf (Gephi Lite) ------------------------------------------

@pytest.mark.parametrize("name", ["contract-full", "real-full", "real-actors"])
def test_graphology_reads_the_same_graph_with_the_same_types(exported, name):
    G, F, static, dynamic = exported(name)
    for path in (static, dynamic):
        summary = graphology(path)
        assert (summary["order"], summary["size"]) == (F.number_of_nodes(), F.number_of_edges())
        assert summary["type"] == ("directed" if G.is_directed() else "undirected")
        assert summary["multi"] is False  # nothing for Gephi Lite (or Gephi) to merge
        js_type = {bool: "boolean", int: "number", float: "number", str: "string"}
        for key in {k for _, d in F.nodes(data=True) for k in d} - {"label", "color"}:
            expected = {js_type[type(d[key])] for _, d in F.nodes(data=True) if key in d}
            assert set(summary["types"]["node"][key]) == expected, key
        for n, d in F.nodes(data=True):
            js = summary["nodes"][n]
            assert js.get("label", "") == d["label"]
            assert (js["x"], js["y"], js["size"]) == (d["x"], d["y"], d["size"])
            assert js["color"] == "rgba({},{},{},1.0)".format(*hex_to_rgb(d["color"]))
        for u, v, d in F.edges(data=True):
            js = summary["edges"][d["id"]]
            assert (js["source"], js["target"]) == (u, v) and js["attributes"]["weight"] == d["weight"]


def test_graphology_keeps_korean_and_hostile_labels(tmp_path):
    G = contract_graph()
    path = write_gexf(G, tmp_path / "ko.gexf", lang="ko", **_fixed(G))
    nodes = graphology(path)["nodes"]
    assert nodes[LEE]["label"] == "이재명" and nodes[ISHIBA]["label_ja"] == "石破茂"
    assert nodes[ODD]["label_en"] == clean_text(HOSTILE) and "🇰🇷🤖" in nodes[ODD]["label_en"]


# --- labels, text and ids --------------------------------------------------------------------

def _fixed(G):
    metrics, positions = metrics_and_layout(G)
    return {"metrics": metrics, "positions": positions}


def test_labels_follow_the_language_and_korean_survives_byte_exact(tmp_path):
    G = contract_graph()
    ko = write_gexf(G, tmp_path / "ko.gexf", lang="ko", **_fixed(G)).read_bytes()
    ja = write_gexf(G, tmp_path / "ja.gexf", lang="ja", **_fixed(G)).read_bytes()
    assert 'label="이재명"'.encode() in ko and 'label="한일정상회담"'.encode() in ko
    assert 'label="李在明"'.encode() in ja and 'label="Korea–Japan summit"'.encode() in ja  # no ja label: English
    H = nx.read_gexf(tmp_path / "ko.gexf")
    assert H.nodes[LEE]["label"] == "이재명" and H.edges[SUMMIT, LEE]["label"] == "주최자; 참가자"
    # decomposed jamo (NFD) are written precomposed (NFC), and nothing else is touched
    assert H.nodes[ODD]["label"] == "한국" == unicodedata.normalize("NFC", G.nodes[ODD]["label_ko"])
    assert "\u1112".encode() not in ko


def test_hostile_text_gives_valid_xml_and_reads_back_cleaned(tmp_path):
    G = contract_graph()
    data = write_gexf(G, tmp_path / "odd.gexf", **_fixed(G)).read_bytes()
    assert gexf_problems(data) == []
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data)
    H = nx.read_gexf(tmp_path / "odd.gexf")
    cleaned = clean_text(HOSTILE)
    assert H.nodes[ODD]["label"] == cleaned
    assert "<b>R&D</b>" in cleaned and "🇰🇷🤖" in cleaned and "\ufffd" in cleaned and "\x1b" not in cleaned
    assert H.edges[ODD, next(iter(H.successors(ODD)))]["label"] == "about <&>"


def test_ids_are_the_iris_and_edge_ids_are_stable(exported):
    G, _, static, _ = exported("contract-full")
    root = _xml(static)
    assert [n.get("id") for n in root.iter(f"{{{GEXF_NS}}}node")] == sorted(map(str, G))
    edge_ids = [e.get("id") for e in root.iter(f"{{{GEXF_NS}}}edge")]
    assert len(set(edge_ids)) == len(edge_ids) and f"{SUMMIT} -> {LEE}" in edge_ids


def test_unknown_language_is_an_export_error():
    with pytest.raises(ExportError, match="unknown label language 'fr'; choose one of en, ko, ja"):
        generate_gexf(contract_graph(), lang="fr", metrics={}, positions={})


# --- parallel relations -------------------------------------------------------------------

def test_parallel_relations_become_one_weighted_edge_that_gephi_will_not_merge(exported):
    G, F, static, _ = exported("contract-full")
    edges = [e for e in _xml(static).iter(f"{{{GEXF_NS}}}edge")]
    pairs = [(e.get("source"), e.get("target")) for e in edges]
    assert len(pairs) == len(set(pairs))  # Gephi merges same source/target/direction: nothing to merge
    (both,) = [e for e in edges if (e.get("source"), e.get("target")) == (SUMMIT, LEE)]
    assert both.get("weight") == "2.0" and both.get("label") == "organizer; participant"
    summary = graphology(static)
    assert summary["edges"][f"{SUMMIT} -> {LEE}"]["attributes"]["predicate"].count("; ") == 1


def test_real_graph_edge_weights_count_its_relations(exported):
    G, F, _, _ = exported("real-full")
    counts: dict = {}
    for u, v in G.edges():
        counts[u, v] = counts.get((u, v), 0) + 1
    assert {(u, v): d["weight"] for u, v, d in F.edges(data=True)} == {k: float(c) for k, c in counts.items()}
    merged = [(u, v) for (u, v), c in counts.items() if c > 1]
    for u, v in merged:
        assert F.edges[u, v]["label"].count("; ") >= 1


# --- the timeline ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["contract-full", "real-full"])
def test_dynamic_file_puts_every_dated_node_and_edge_on_a_date_timeline(exported, name):
    G, F, static, dynamic = exported(name)
    graph = _xml(dynamic).find(f"{{{GEXF_NS}}}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    nodes = {n.get("id"): n for n in graph.iter(f"{{{GEXF_NS}}}node")}
    dated = 0
    for n, d in F.nodes(data=True):
        start = iso_start(d.get("date", ""))
        assert nodes[n].get("start") == (start or None), n
        dated += bool(start)
    assert dated > 0
    for e in graph.iter(f"{{{GEXF_NS}}}edge"):
        d = F.edges[e.get("source"), e.get("target")]
        assert e.get("start") == (iso_start(d["date"]) or None)
    for el in graph.iter():
        for attr in ("start", "end"):
            if el.get(attr) is not None:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", el.get(attr))
    static_graph = _xml(static).find(f"{{{GEXF_NS}}}graph")
    assert static_graph.get("mode") == "static" and static_graph.get("timeformat") is None
    assert not any(el.get("start") for el in static_graph.iter())


def test_month_year_and_period_dates_start_where_they_begin(exported):
    graph = _xml(exported("contract-full")[3]).find(f"{{{GEXF_NS}}}graph")
    nodes = {n.get("id"): n for n in graph.iter(f"{{{GEXF_NS}}}node")}
    assert nodes[ODD].get("start") == "2025-08-01"  # gYearMonth
    assert (nodes[PROGRAM].get("start"), nodes[PROGRAM].get("end")) == ("2026-01-01", "2026-03-31")  # period
    assert nodes[SUMMIT].get("start") == "2025-08-23" and nodes[SUMMIT].get("end") is None
    assert nodes[LEE].get("start") is None  # undated: on screen over the whole timeline
    H = nx.read_gexf(exported("contract-full")[3])
    assert H.graph["mode"] == "dynamic" and H.nodes[PROGRAM]["end"] == "2026-03-31"


# --- determinism ------------------------------------------------------------------------------

def test_the_same_graph_gives_the_same_bytes(tmp_path):
    G = contract_graph()
    first = write_gexf(G, tmp_path / "a.gexf", dynamic=True).read_bytes()
    second = write_gexf(contract_graph(), tmp_path / "b.gexf", dynamic=True).read_bytes()
    assert first == second
    assert generate_gexf(G, dynamic=True).encode("utf-8") == first


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=40))
def test_any_label_gives_valid_gexf_and_reads_back_as_its_cleaned_self(label):
    G = nx.DiGraph()
    G.add_node("urn:x:a", label_en=label, facts={label or "empty": label})
    G.add_edge("urn:x:a", "urn:x:b", label=label)
    data = generate_gexf(G, metrics={}, positions={}).encode("utf-8")
    assert gexf_problems(data) == []
    H = nx.read_gexf(io.BytesIO(data))
    assert H.nodes["urn:x:a"]["label"] == (clean_text(label) or "urn:x:a")
    assert H.nodes["urn:x:a"]["label_en"] == clean_text(label)


# --- the streamed writer is NetworkX's document -------------------------------------------------

def _networkx_gexf(G, *, lang, dynamic, metrics, positions) -> str:
    """The document NetworkX's GEXF writer (an ElementTree) makes of the same table, tidied as ours is."""
    from xml.etree.ElementTree import ElementTree, SubElement

    from networkx.readwrite.gexf import GEXFWriter

    F = flatten(G, lang=lang, metrics=metrics, positions=positions, dynamic=dynamic)
    H = F.__class__()
    for n, d in F.nodes(data=True):
        r, g, b = hex_to_rgb(d["color"])
        attrs = {k: v for k, v in d.items() if k not in ("x", "y", "size", "color")}
        attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": d["size"],
                        "position": {"x": d["x"], "y": d["y"], "z": 0.0}}
        H.add_node(n, **attrs)
    H.add_edges_from(F.edges(data=True))
    writer = GEXFWriter(version="1.2draft", prettyprint=True)
    writer.add_graph(H)
    writer.graph_element.attrib.pop("name", None)
    if dynamic:
        writer.graph_element.set("mode", "dynamic")
        writer.graph_element.set("timeformat", "date")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "KJUS Graph"
    SubElement(meta, "description").text = (f"KJUS Graph, {G.graph.get('kind', 'graph')} projection; labels: {lang}; "
                                            f"{'dynamic (timeline)' if dynamic else 'static'}")
    writer.indent(writer.xml)
    buf = io.StringIO()
    ElementTree(writer.xml).write(buf, encoding="unicode")
    return "<?xml version='1.0' encoding='utf-8'?>\n" + buf.getvalue() + "\n"


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_streamed_document_is_the_one_networkx_writes(name, lang):
    G = _graph(name)
    metrics, positions = metrics_and_layout(G)
    for dynamic in (False, True):
        ours = generate_gexf(G, lang=lang, dynamic=dynamic, metrics=metrics, positions=positions)
        assert ours == _networkx_gexf(G, lang=lang, dynamic=dynamic, metrics=metrics, positions=positions)


def test_both_files_written_in_one_pass_are_the_two_documents(tmp_path):
    G = contract_graph()
    fixed = _fixed(G)
    table = flat_table(G, lang="ko", **fixed)
    done = write_gexf_files(table, {False: tmp_path / "s.gexf", True: tmp_path / "d.gexf"}, lang="ko")
    assert done == {False: tmp_path / "s.gexf", True: tmp_path / "d.gexf"}
    for dynamic, path in done.items():
        assert path.read_text(encoding="utf-8") == generate_gexf(G, lang="ko", dynamic=dynamic, **fixed)
        assert generate_gexf(G, lang="ko", dynamic=dynamic, table=table) == path.read_text(encoding="utf-8")


def test_write_gexf_to_an_open_binary_file_round_trips():
    G = contract_graph()
    buf = io.BytesIO()
    assert write_gexf(G, buf, metrics={}, positions={}) is None
    H = nx.read_gexf(io.BytesIO(buf.getvalue()))
    assert set(H) == set(G) and buf.getvalue().decode("utf-8") == generate_gexf(G, metrics={}, positions={})


def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(tmp_path, monkeypatch):
    from graph.render import gexf

    target = write_gexf(contract_graph(), tmp_path / "g.gexf", metrics={}, positions={})
    before = target.read_bytes()

    def broken(table, lang, variants):
        yield [["<gexf>"] for _ in variants]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(gexf, "_documents", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_gexf(nx.Graph([("x", "y")]), target, metrics={}, positions={})
    assert target.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["g.gexf"]
