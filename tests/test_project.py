"""The NetworkX projections (graph/project.py) and the shared layout (graph/layout.py).

Expected values are worked out by hand from tests/data/mini.trig (see its header).
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from graph import layout as layout_module
from graph.errors import KGError, ModelError
from graph.layout import layout
from graph.load import load_dataset
from graph.paths import SOURCES_DIR
from graph.project import project_graph, simple_graph
from graph.vocab import KJ, KJD

MINI = Path(__file__).parent / "data" / "mini.trig"
REAL = SOURCES_DIR / "000_76483b81068cf569.trig"
NODE_ATTRS = {"label": str, "label_en": str, "label_ko": str, "label_ja": str, "type": str, "category": str,
              "country": str, "status": str, "date": str, "topics": list, "facts": dict, "evidence": list}
EDGE_ATTRS = {"predicate": str, "label": str, "label_ko": str, "status": str, "date": str, "graph": str,
              "evidence": list}


def d(name: str) -> str:
    return str(KJD[name])


@pytest.fixture(scope="module")
def mini_ds():
    return load_dataset([MINI])


@pytest.fixture(scope="module")
def full(mini_ds):
    return project_graph(mini_ds, "full")


# --- full ------------------------------------------------------------------------

def test_full_nodes_are_resources_of_relations_not_values(full):
    assert isinstance(full, nx.MultiDiGraph)
    assert sorted(full) == sorted(d(n) for n in (
        "agreement", "alpha", "beta", "cho", "concern", "council", "gamma", "initiative", "ishiba-shigeru",
        "japan", "korea", "kosa", "lee-jae-myung", "official", "summit", "united-states", "visit"))


def test_full_node_attributes_follow_the_contract(full):
    for node, attrs in full.nodes(data=True):
        assert set(NODE_ATTRS) <= set(attrs), node
        for key, kind in NODE_ATTRS.items():
            assert isinstance(attrs[key], kind), (node, key, attrs[key])
    lee = full.nodes[d("lee-jae-myung")]
    assert (lee["label"], lee["label_ko"], lee["label_ja"]) == ("Lee Jae-myung", "이재명", "李在明")
    assert (lee["type"], lee["category"], lee["country"]) == ("Person", "Actor", "KR")
    assert lee["facts"] == {"also known as": "이 대통령"}
    assert [e["graph"].rsplit("/", 1)[1] for e in lee["evidence"]] == ["summit", "visit"]


def test_categories_types_countries_dates_and_statuses_come_from_the_model(full):
    got = {n.rsplit("/", 1)[1]: (a["type"], a["category"], a["country"], a["date"], a["status"])
           for n, a in full.nodes(data=True)}
    assert got["council"] == ("Council", "Council", "", "2025-08", "")
    assert got["initiative"] == ("Initiative", "Program", "", "2026", "expected")
    assert got["agreement"] == ("Agreement", "Agreement", "", "2025-08-23", "agreed")
    assert got["united-states"] == ("Country", "Place", "US", "", "")
    assert got["kosa"] == ("IndustryAssociation", "Actor", "KR", "", "")
    assert got["gamma"][2] == "JP" and got["official"][2] == ""
    assert full.nodes[d("agreement")]["topics"] == ["artificial intelligence", "hydrogen"]
    assert full.nodes[d("summit")]["facts"] == {"date wording (ko)": "지난 23일"}


def test_full_edges_carry_predicate_status_date_and_evidence(full):
    edge = full.edges[d("summit"), d("lee-jae-myung"), str(KJ.participant)]
    for key, kind in EDGE_ATTRS.items():
        assert isinstance(edge[key], kind), key
    assert edge["predicate"] == str(KJ.participant)
    assert (edge["label"], edge["status"], edge["date"]) == ("participant", "occurred", "2025-08-23")
    assert edge["label_ko"]
    assert edge["graph"].endswith("/mini/summit")
    assert edge["evidence"] == [{"quote": "이 대통령은 지난 23일 이시바 총리와 한일정상회담을 가졌다",
                                 "source": "https://w3id.org/kjus/source/mini", "start": 0, "end": 33,
                                 "graph": "https://w3id.org/kjus/source/mini/summit"}]
    assert full.edges[d("initiative"), d("korea"), str(KJ.party)]["status"] == "expected"
    # topics, statuses and evidence are attributes, never edges
    predicates = {k for _, _, k in full.edges(keys=True)}
    assert str(KJ.topic) not in predicates and str(KJ.status) not in predicates
    assert full.number_of_edges() == 24  # 7 kj:country + 17 between actors and contexts


def test_parallel_relations_are_kept():
    ds = project_graph(_tiny("""
        kjd:a a kj:Person ; kj:headOf kjd:b ; kj:affiliation kjd:b .
        kjd:b a kj:Organization ."""))
    assert sorted(k.rsplit("#")[1] for _, _, k in ds.edges(keys=True)) == ["affiliation", "headOf"]


def test_money_and_concepts_become_readable_facts():
    G = project_graph(_tiny("""
        kjd:fund a kj:Fund ; kj:amount [ a kj:MonetaryAmount ; kj:value 30000000.0 ; kj:currency "JPY" ;
                                         kj:approximate true ] ;
            kj:funder kjd:org .
        kjd:org a kj:Organization ."""))
    assert G.nodes[d("fund")]["facts"] == {"amount": "≈ 30,000,000 JPY"}
    assert sorted(G) == [d("fund"), d("org")]


# --- actors, countries, bipartite ------------------------------------------------

def test_actor_graph_links_actors_sharing_a_context(full):
    A = project_graph(full, "actors")
    assert isinstance(A, nx.Graph) and not A.is_directed()
    weights = {tuple(sorted((u.rsplit("/", 1)[1], v.rsplit("/", 1)[1]))): w for u, v, w in A.edges(data="weight")}
    assert weights == {
        ("ishiba-shigeru", "lee-jae-myung"): 1, ("japan", "korea"): 2, ("japan", "united-states"): 1,
        ("korea", "united-states"): 1, ("alpha", "beta"): 1, ("alpha", "gamma"): 1, ("alpha", "kosa"): 1,
        ("beta", "gamma"): 1, ("beta", "kosa"): 1, ("gamma", "kosa"): 1, ("alpha", "lee-jae-myung"): 1,
        ("cho", "kosa"): 1}
    tie = A.edges[d("japan"), d("korea")]
    assert tie["via"] == [d("agreement"), d("initiative")]
    assert tie["via_types"] == ["Agreement", "Initiative"]
    assert tie["topics"] == ["artificial intelligence", "hydrogen", "semiconductors"]
    assert A.edges[d("cho"), d("kosa")]["relations"] == [str(KJ.headOf)] and A.edges[d("cho"), d("kosa")]["via"] == []
    assert d("official") in A and A.degree(d("official")) == 0
    assert d("council") not in A  # a council is a context, not an actor
    assert A.nodes[d("kosa")]["label_ko"] == "한국인공지능·소프트웨어산업협회"


def test_country_graph_weights_and_ties(full):
    C = project_graph(full, "countries")
    assert sorted(C) == ["JP", "KR", "US"]
    assert {(u, v): (w["weight"], [t.rsplit("/", 1)[1] for t in w["ties"]]) for u, v, w in C.edges(data=True)} == {
        ("JP", "KR"): (4, ["agreement", "council", "initiative", "summit"]),
        ("JP", "US"): (1, ["initiative"]), ("KR", "US"): (1, ["initiative"])}
    assert (C.nodes["KR"]["label"], C.nodes["KR"]["label_ko"], C.nodes["JP"]["label_ja"]) == ("South Korea", "한국", "日本")


def test_bipartite_graph(full):
    B = project_graph(full, "bipartite")
    tops = {n for n, b in B.nodes(data="bipartite") if b == 1}
    assert {t.rsplit("/", 1)[1] for t in tops} == {"agreement", "concern", "council", "initiative", "summit", "visit"}
    assert nx.is_bipartite(B)
    assert sorted(n.rsplit("/", 1)[1] for n in B[d("council")]) == ["alpha", "beta", "gamma", "kosa"]
    assert B.edges[d("kosa"), d("council")]["label"] == "convened by"


def test_projections_from_dataset_and_from_full_graph_agree(mini_ds, full):
    for kind in ("actors", "countries", "bipartite"):
        a, b = project_graph(mini_ds, kind), project_graph(full, kind)
        assert list(a.nodes(data=True)) == list(b.nodes(data=True))
        assert list(a.edges(data=True)) == list(b.edges(data=True))


def test_projection_is_deterministic(mini_ds, full):
    again = project_graph(load_dataset([MINI]), "full")
    assert list(again.nodes(data=True)) == list(full.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(full.edges(keys=True, data=True))


def test_bad_input_raises_toolkit_errors(full):
    with pytest.raises(KGError, match="unknown projection 'actor'; choose one of full, actors"):
        project_graph(full, "actor")
    with pytest.raises(ModelError, match="no ontology"):
        project_graph(Dataset().parse(data="<urn:a> <urn:p> <urn:b> .", format="turtle"))
    with pytest.raises(KGError, match="cannot derive"):
        project_graph(project_graph(full, "actors"), "countries")


def test_simple_graph_sums_weights():
    M = nx.MultiGraph([(1, 2), (1, 2), (2, 3)])
    M.add_edge(2, 3, weight=5)
    assert sorted(simple_graph(M).edges(data="weight")) == [(1, 2, 2), (2, 3, 6)]


# --- the real graph ----------------------------------------------------------------

@pytest.fixture(scope="module")
def real_full():
    return project_graph(load_dataset([REAL]), "full")


def test_real_graph_projects_with_korea_japan_the_heaviest_pair(real_full):
    C = project_graph(real_full, "countries")
    heaviest = max(C.edges(data="weight"), key=lambda e: e[2])
    assert heaviest[:2] == ("JP", "KR") and heaviest[2] >= 10
    assert {"KR", "JP", "US"} <= set(C)
    A = project_graph(real_full, "actors")
    lee = d("lee-jae-myung")
    assert lee in A and A.nodes[lee]["country"] == "KR" and A.degree(lee) >= 3
    assert all(attrs["label"] for _, attrs in real_full.nodes(data=True))


# --- layout ------------------------------------------------------------------------

def test_layout_is_deterministic_and_bounded(full):
    pos = layout(full, seed=42)
    assert set(pos) == set(full)
    assert pos == layout(project_graph(load_dataset([MINI]), "full"), seed=42)
    assert all(-1.0 <= c <= 1.0 and round(c, 4) == c for xy in pos.values() for c in xy)
    assert pos != layout(full, seed=7)


def test_layout_methods_for_larger_graphs_are_deterministic(monkeypatch):
    G = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=1)
    monkeypatch.setattr(layout_module, "SPRING_MAX_NODES", 10)
    fa2 = layout(G)
    assert fa2 == layout(G) and len(fa2) == 60
    monkeypatch.setattr(layout_module, "FORCEATLAS2_MAX_NODES", 20)
    spectral = layout(G)
    assert spectral == layout(G) and spectral != fa2
    assert len({xy for xy in spectral.values()}) == 60  # no two nodes on one spot


def test_layout_of_tiny_graphs():
    assert layout(nx.Graph()) == {}
    assert layout(nx.empty_graph(["x"])) == {"x": (0.0, 0.0)}


def _tiny(turtle: str) -> Dataset:
    """The model plus one assertion graph holding ``turtle``."""
    import pyoxigraph as ox

    from graph.load import load_model
    store = load_model()
    body = ("@prefix kj: <https://w3id.org/kjus/ontology#> . @prefix kjd: <https://w3id.org/kjus/id/> .\n"
            f"<https://w3id.org/kjus/source/t/a> {{ {turtle} }}")
    store.extend(ox.parse(body.encode("utf-8"), format=ox.RdfFormat.TRIG))
    return store


# --- the fast readers: same projection from rdflib and from pyoxigraph ----------------

#: sha256 of the full projection of ``write_synth(…, 10_000, seed=42)`` (graph, nodes, edges with their
#: attributes, in iteration order), as the rdflib-term implementation produced it before the
#: projection read quads as plain strings.  Update it only for an intended change of the projection
#: or of graph/synth.py, after checking the new output by hand.  Issue 15 added ``sources``,
#: ``corroboration`` and ``reported`` to nodes and edges and ``weight`` to the graph; without them
#: the digest is the previous one, 9547282ad16474b73e4b3624ec7b422e4ac4922fafb24d92d1eecf9fb90f971e.
SYNTH_10K_DIGEST = "4571c1e35dd591fd299ba4aa424f1c05830deb50d658d406a0c9aa0a168b0775"


def _dump(G) -> list:
    return [G.graph, list(G.nodes(data=True)), list(G.edges(keys=True, data=True))]


def _digest(G) -> str:
    import hashlib
    import json
    return hashlib.sha256(json.dumps(_dump(G), ensure_ascii=False).encode()).hexdigest()


def _store_of(ds: Dataset):
    from graph.query import load_store_from_string
    return load_store_from_string(ds.serialize(format="nquads"), "nquads")


@pytest.fixture(scope="module")
def synth_ds(tmp_path_factory):
    from graph.synth import write_synth
    made = write_synth(tmp_path_factory.mktemp("synth") / "s.trig", 10_000, 42, write_texts=False)
    return load_dataset([made["path"]])


def test_projection_of_synthetic_graph_is_unchanged(synth_ds):
    G = project_graph(synth_ds, "full")
    assert (len(G), G.number_of_edges()) == (720, 1681)
    assert _digest(G) == SYNTH_10K_DIGEST


def test_pyoxigraph_store_projects_like_the_rdflib_dataset(synth_ds):
    assert _dump(project_graph(_store_of(synth_ds), "full")) == _dump(project_graph(synth_ds, "full"))


def test_pyoxigraph_store_projects_the_real_graph_like_rdflib():
    """Same nodes, edges and attributes; only facts may differ (Oxigraph writes ``7.0``^^xsd:decimal as ``7``)."""
    ds = load_dataset([REAL])
    ours, theirs = project_graph(_store_of(ds), "full"), project_graph(ds, "full")
    assert ours.graph == theirs.graph
    assert list(ours.edges(keys=True, data=True)) == list(theirs.edges(keys=True, data=True))
    strip = [[(n, {k: v for k, v in a.items() if k != "facts"}) for n, a in G.nodes(data=True)] for G in (ours, theirs)]
    assert strip[0] == strip[1]
    assert [sorted(a["facts"]) for _, a in ours.nodes(data=True)] == [sorted(a["facts"]) for _, a in theirs.nodes(data=True)]
    assert sorted(project_graph(_store_of(ds), "actors").edges) == sorted(project_graph(ds, "actors").edges)


def test_derived_projections_take_the_contexts_once_found(full):
    from graph.project import contexts

    members = contexts(full)
    for kind in ("actors", "countries", "bipartite"):
        given, found = project_graph(full, kind, members=members), project_graph(full, kind)
        assert list(given.nodes(data=True)) == list(found.nodes(data=True))
        assert list(given.edges(data=True)) == list(found.edges(data=True))
    # contexts of another graph are not used for a re-weighted copy: it finds its own
    A = project_graph(full, "actors", weight="corroboration", members={})
    assert A.number_of_edges() == project_graph(full, "actors", weight="corroboration").number_of_edges() > 0


def test_spectral_layout_that_does_not_converge_still_places_every_node(monkeypatch):
    import numpy as np
    from scipy.sparse import linalg

    calls = []

    def stuck(M, k, **kw):   # ARPACK running out of iterations with only the trivial vector found
        calls.append(kw["maxiter"])
        n = M.shape[0]
        raise linalg.ArpackNoConvergence("no convergence", np.array([2.0]), np.full((n, 1), n ** -0.5))

    monkeypatch.setattr(linalg, "eigsh", stuck)
    G = nx.barabasi_albert_graph(layout_module.FORCEATLAS2_MAX_NODES + 200, 2, seed=1)
    pos = layout(G)
    assert calls == [layout_module._MAX_ITER] and set(pos) == set(G) and pos == layout(G)
    assert all(-1 <= c <= 1 for xy in pos.values() for c in xy) and len(set(pos.values())) > len(G) // 2
