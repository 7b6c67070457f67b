"""GraphML export: well-formed, typed, read back by NetworkX, with the keys Gephi maps, deterministic."""
from __future__ import annotations

import re

import networkx as nx
import pytest
from lxml import etree

from graph.render.flat import clean_text, flatten, metrics_and_layout
from graph.render.graphml import generate_graphml, write_graphml
from graph.render.palette import COUNTRY_COLORS, hex_to_rgb
from .gephi_fixtures import HOSTILE, LEE, ODD, SUMMIT, contract_graph, real_graph

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


@pytest.fixture(scope="module", params=["contract", "real-full", "real-countries"])
def exported(request, tmp_path_factory):
    G = contract_graph() if request.param == "contract" else real_graph(request.param.split("-")[1])
    metrics, positions = metrics_and_layout(G)
    path = write_graphml(G, tmp_path_factory.mktemp("graphml") / "kjus.graphml", lang="ko", metrics=metrics,
                         positions=positions)
    return G, flatten(G, lang="ko", metrics=metrics, positions=positions), path


def test_networkx_reads_back_counts_ids_and_typed_values(exported):
    G, F, path = exported
    H = nx.read_graphml(path)
    assert H.is_directed() == G.is_directed() and not H.is_multigraph()
    assert list(H) == list(F) and H.number_of_edges() == F.number_of_edges()
    for n, d in F.nodes(data=True):
        read = H.nodes[n]
        assert (read["r"], read["g"], read["b"]) == hex_to_rgb(d["color"])
        for key, value in d.items():
            if key != "color":
                assert read[key] == value and type(read[key]) is type(value), (n, key)
    for u, v, d in F.edges(data=True):
        assert H.edges[u, v] == d


def test_keys_are_declared_with_their_types_and_gephi_names(exported):
    _, _, path = exported
    root = etree.parse(str(path)).getroot()
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(f"{{{GRAPHML_NS}}}key")}
    for name, kind in [("label", "string"), ("x", "double"), ("y", "double"), ("size", "double"),
                       ("r", "long"), ("g", "long"), ("b", "long"), ("pagerank", "double"), ("degree", "long")]:
        assert keys[("node", name)] == kind, name
    assert keys[("edge", "weight")] == "double" and keys[("edge", "label")] == "string"
    edge_ids = [e.get("id") for e in root.iter(f"{{{GRAPHML_NS}}}edge")]
    assert all(edge_ids) and len(set(edge_ids)) == len(edge_ids)


def test_korean_labels_hostile_text_and_booleans(tmp_path):
    G = contract_graph()
    path = write_graphml(G, tmp_path / "k.graphml", lang="ko", metrics={}, positions={})
    data = path.read_bytes()
    etree.fromstring(data)  # strict XML 1.0 parser: raises on a forbidden character
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data)
    H = nx.read_graphml(path)
    assert H.nodes[LEE]["label"] == "이재명" and H.nodes[ODD]["label_en"] == clean_text(HOSTILE)
    assert H.edges[SUMMIT, LEE]["label"] == "주최자; 참가자" and H.edges[SUMMIT, LEE]["weight"] == 2.0
    assert b">true</data>" in data and b">True<" not in data  # xs:boolean spelling
    assert (H.nodes[LEE]["r"], H.nodes[LEE]["g"], H.nodes[LEE]["b"]) == hex_to_rgb(COUNTRY_COLORS["KR"])


def test_the_same_graph_gives_the_same_bytes():
    assert generate_graphml(contract_graph()) == generate_graphml(contract_graph())


def _networkx_graphml(G, **kw) -> str:
    """The document NetworkX's GraphML writer (its ElementTree one) makes of the same table."""
    import io

    from networkx.readwrite.graphml import GraphMLWriter

    F = flatten(G, **kw)
    for _, d in F.nodes(data=True):
        d["r"], d["g"], d["b"] = hex_to_rgb(d.pop("color"))
    writer = GraphMLWriter(F, encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
    booleans = {key.get("id") for key in writer.xml.iter("key") if key.get("attr.type") == "boolean"}
    for data in writer.xml.iter("data"):
        if data.get("key") in booleans:
            data.text = data.text.lower()
    buf = io.BytesIO()
    writer.dump(buf)
    return buf.getvalue().decode("utf-8") + "\n"


@pytest.mark.parametrize("name", ["contract", "real-full", "real-actors", "real-countries"])
def test_the_streamed_document_is_the_one_networkx_writes(name):
    G = contract_graph() if name == "contract" else real_graph(name.split("-")[1])
    metrics, positions = metrics_and_layout(G)
    for lang in ("en", "ko"):
        assert generate_graphml(G, lang=lang, metrics=metrics, positions=positions) \
            == _networkx_graphml(G, lang=lang, metrics=metrics, positions=positions)


def test_write_graphml_to_an_open_binary_file():
    import io

    buf = io.BytesIO()
    assert write_graphml(contract_graph(), buf, metrics={}, positions={}) is None
    assert buf.getvalue().decode("utf-8") == generate_graphml(contract_graph(), metrics={}, positions={})
    assert set(nx.read_graphml(io.BytesIO(buf.getvalue()))) == set(contract_graph())
