"""Network analyses (graph/analyse/): exact values on graphs whose answers are known by hand.

Small textbook graphs test the measures; tests/data/mini.trig (see its header) tests
the KJUS-specific figures; the curated source tests the expected top results.
"""
from __future__ import annotations

import importlib
import random
import unicodedata
from pathlib import Path

import networkx as nx
import pytest

from graph.analyse import (
    UnknownEntityError, brokers, centrality, centrality_rankings, communities, country_matrix, louvain, methods,
    neighbors, node_metrics, resolve_entity, shortest_paths, timeline, topics_by_country_pair, topics_by_status,
    trilateral_ties,
)
from graph.analyse.centrality import approximation_errors
from graph.errors import KGError
from graph.load import load_dataset
from graph.paths import SOURCES_DIR
from graph.project import project_graph
from graph.vocab import KJD

communities_module = importlib.import_module("graph.analyse.communities")
MINI = Path(__file__).parent / "data" / "mini.trig"
REAL = SOURCES_DIR / "000_76483b81068cf569.trig"


def d(name: str) -> str:
    return str(KJD[name])


@pytest.fixture(scope="module")
def full():
    return project_graph(load_dataset([MINI]), "full")


# --- measures on textbook graphs -------------------------------------------------

def test_star_pagerank_and_betweenness():
    m = node_metrics(nx.star_graph(4))
    # centre: c = 0.15/5 + 0.85 * 4 * leaf, leaf = 0.15/5 + 0.85 * c / 4
    assert m[0]["pagerank"] == pytest.approx(0.03 * (1 + 0.85 * 4) / (1 - 0.85 ** 2), abs=1e-5)
    assert len({m[i]["pagerank"] for i in range(1, 5)}) == 1 and m[1]["pagerank"] < m[0]["pagerank"]
    assert (m[0]["betweenness"], m[1]["betweenness"], m[0]["degree"], m[1]["degree"]) == (1.0, 0.0, 4, 1)
    assert sum(x["pagerank"] for x in m.values()) == pytest.approx(1.0, abs=1e-5)


def test_path_graph_brokers():
    b = brokers(nx.path_graph(["a", "b", "c", "d", "e"]))
    assert [(x["node"], x["separates"]) for x in b["articulation_points"]] == [("c", 2), ("b", 1), ("d", 1)]
    assert [(x["source"], x["target"]) for x in b["bridges"]] == [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")]
    assert [x["node"] for x in b["high_betweenness"]] == ["c", "b", "d"]


def test_cut_off_counts_match_removing_the_node():
    G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3), (3, 6), (6, 7), (8, 9)])
    G.add_node(10)
    expected = {}
    for n in nx.articulation_points(G):
        comp = nx.node_connected_component(G, n) - {n}
        parts = sorted((len(c) for c in nx.connected_components(G.subgraph(comp))), reverse=True)
        expected[n] = sum(parts[1:])
    got = {x["node"]: x["separates"] for x in brokers(G)["articulation_points"]}
    assert got == expected == {2: 2, 3: 4, 6: 1}


def test_cycle_has_no_brokers():
    b = brokers(nx.cycle_graph(5))
    assert b["articulation_points"] == [] and b["bridges"] == []


def test_two_cliques_split_into_two_communities():
    G = nx.barbell_graph(4, 0)  # two K4 joined by one edge
    c = communities(G)
    assert [sorted(m["node"] for m in x["members"]) for x in c["communities"]] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    m = G.number_of_edges()
    assert c["modularity"] == round(2 * (6 / m - (13 / (2 * m)) ** 2), 6)
    metrics = node_metrics(G)
    assert {metrics[n]["community"] for n in range(4)} == {0} and {metrics[n]["community"] for n in range(4, 8)} == {1}


def test_eigenvector_is_zero_where_undefined_and_symmetric_on_a_cycle():
    assert {x["eigenvector"] for x in node_metrics(nx.empty_graph(3)).values()} == {0.0}
    assert len({x["eigenvector"] for x in node_metrics(nx.cycle_graph(6)).values()}) == 1


def test_multigraph_is_measured_as_simple_weighted_graph():
    M = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "b"), ("b", "c")])
    m = node_metrics(M)
    assert (m["a"]["degree"], m["b"]["degree"]) == (1, 2)
    assert m["a"]["pagerank"] > m["c"]["pagerank"]  # a–b weighs 3, b–c 1


def test_large_graphs_switch_to_sampling(monkeypatch):
    G = nx.connected_watts_strogatz_graph(40, 4, 0.3, seed=3)
    exact = node_metrics(G)
    monkeypatch.setattr(centrality, "EXACT_MAX_NODES", 10)
    monkeypatch.setattr(centrality, "BETWEENNESS_BUDGET", 0)
    monkeypatch.setattr(centrality, "BETWEENNESS_MIN_SAMPLES", 8)
    assert methods(G)["betweenness"].startswith("approximate: 8 sampled")
    assert methods(G)["eigenvector"].startswith("approximate")
    sampled = node_metrics(G, seed=1)
    assert sampled == node_metrics(G, seed=1)
    assert [sampled[n]["betweenness"] for n in G] != [exact[n]["betweenness"] for n in G]
    assert [sampled[n]["pagerank"] for n in G] == [exact[n]["pagerank"] for n in G]


def test_rankings_carry_names_and_skip_zero_scores(full):
    A = project_graph(full, "actors")
    r = centrality_rankings(A, top=3)
    assert [x["label"] for x in r["betweenness"]] == ["Alpha", "KOSA", "Lee Jae-myung"]  # tie broken by label
    assert r["betweenness"][0]["label_ko"] == "알파" and r["betweenness"][0]["country"] == "KR"
    assert all(x["score"] > 0 for xs in r.values() for x in xs)


def test_node_metrics_on_the_full_graph(full):
    m = node_metrics(full)
    assert set(m) == set(full)
    assert m[d("council")]["degree"] == 4  # kosa (convener), alpha, beta, gamma (members)
    assert max(m, key=lambda n: (m[n]["degree"], n)) == d("korea")


# --- the KJUS figures on the mini fixture ----------------------------------------

def test_mini_brokers(full):
    b = brokers(project_graph(full, "actors"))
    assert [(x["label"], x["separates"]) for x in b["articulation_points"]] == [
        ("Alpha", 2), ("KOSA", 1), ("Lee Jae-myung", 1)]
    assert [(x["source_label"], x["target_label"]) for x in b["bridges"]] == [
        ("Alpha", "Lee Jae-myung"), ("Cho Min", "KOSA"), ("Ishiba Shigeru", "Lee Jae-myung")]


def test_mini_country_matrix(full):
    m = country_matrix(full)
    assert [(c["code"], c["total"]) for c in m["countries"]] == [("JP", 5), ("KR", 5), ("US", 2)]
    assert m["matrix"] == [[0, 4, 1], [4, 1, 1], [1, 1, 0]]
    assert [(p["pair"], p["weight"]) for p in m["pairs"]] == [("JP–KR", 4), ("JP–US", 1), ("KR–US", 1)]
    council = next(t for t in m["pairs"][0]["ties"] if t["node"] == d("council"))
    assert council["actors"] == ["Alpha", "Beta", "Gamma", "KOSA"]
    assert (council["status"], council["date"], council["topics"]) == ("occurred", "2025-08", ["software"])


def test_mini_trilateral_ties(full):
    assert [t["node"] for t in trilateral_ties(full)] == [d("initiative")]
    assert [t["node"] for t in trilateral_ties(full, ("KR", "JP"))] == [
        d("council"), d("agreement"), d("summit"), d("initiative")]  # "2025-08" sorts before "2025-08-23"


def test_mini_topics_by_pair_and_status(full):
    by_pair = {p["pair"]: [(t["topic"], t["count"]) for t in p["topics"]] for p in topics_by_country_pair(full)}
    assert by_pair["JP–KR"] == [("artificial intelligence", 3), ("hydrogen", 1), ("semiconductors", 1),
                                ("software", 1)]
    assert by_pair["KR–US"] == [("artificial intelligence", 1), ("semiconductors", 1)]
    by_status = {s: [(t["topic"], t["count"]) for t in v] for s, v in topics_by_status(full).items()}
    assert by_status == {
        "agreed": [("artificial intelligence", 1), ("hydrogen", 1)],
        "concern": [("trade tensions", 1)],
        "expected": [("artificial intelligence", 1), ("semiconductors", 1)],
        "occurred": [("artificial intelligence", 1), ("software", 1), ("start-ups", 1)],
    }


def test_mini_timeline_handles_dates_months_and_years(full):
    t = timeline(full)
    assert [(p["period"], [e["label"] for e in p["events"]], p["contexts"], p["ties"]) for p in t] == [
        ("2025-04", ["Lee's visit to Alpha"], 1, 1),
        ("2025-08", ["Korea–Japan summit"], 3, 8),
        ("2026", [], 1, 3),
    ]


def test_mini_communities_are_described(full):
    c = communities(full)
    groups = {tuple(sorted(m["label"] for m in g["members"])): g for g in c["communities"]}
    council = groups[("Alpha", "Beta", "Cho Min", "Gamma", "KOSA")]
    assert (council["dominant_country"], council["countries"]) == ("KR", {"JP": 1, "KR": 4})
    assert (council["dominant_topic"], council["topics"]) == ("software", {"software": 1})
    assert 0 < c["modularity"] < 1


# --- paths, neighbours and names ---------------------------------------------------

def test_shortest_path_explains_each_step(full):
    r = shortest_paths(full, "이재명", "Gamma")
    assert r["length"] == 4 and not r["via_country"] and len(r["paths"]) == 1
    steps = r["paths"][0]["steps"]
    assert [s["text"] for s in steps] == [
        "Lee Jae-myung ←participant— Lee's visit to Alpha", "Lee's visit to Alpha —visited→ Alpha",
        "Alpha ←member— Japan expansion council", "Japan expansion council —member→ Gamma"]
    assert steps[0]["text_ko"].startswith("이재명 ←") and steps[0]["relation_ko"] != steps[0]["relation"]
    assert [s["quote"] for s in steps[1:3]] == ["이 대통령은 4월 알파를 방문했다", "KOSA는 알파, 베타, 감마와 일본 진출 협의회를 꾸렸다"]
    assert [s["status"] for s in steps] == ["occurred"] * 4


def test_shortest_paths_are_all_listed_and_capped(full):
    r = shortest_paths(full, "kjd:alpha", "kjd:gamma")
    assert r["length"] == 2 and [p["nodes"][1] for p in r["paths"]] == [d("council")]
    assert shortest_paths(full, "Alpha", "Alpha")["length"] == 0
    r = shortest_paths(full, "Korea", "Japan", max_paths=1)
    assert r["length"] == 2 and len(r["paths"]) == 1


def test_neighbors(full):
    assert [(n["label"], n["distance"]) for n in neighbors(full, "kjd:kosa")] == [
        ("Cho Min", 1), ("Japan expansion council", 1), ("South Korea", 1)]
    deeper = neighbors(full, "KOSA", depth=2)
    assert {n["label"] for n in deeper if n["distance"] == 2} >= {"Alpha", "Beta", "Gamma"}
    council = next(n for n in deeper if n["label"] == "Japan expansion council")
    assert council["relations"][0]["text"] == "KOSA ←convened by— Japan expansion council"


@pytest.mark.parametrize("given", [
    "https://w3id.org/kjus/id/lee-jae-myung", "kjd:lee-jae-myung", "Lee Jae-myung", "lee jae-myung",
    "  LEE   Jae-Myung ", "이재명", unicodedata.normalize("NFD", "이재명"), "李在明", "이 대통령", "lee-jae-myung",
])
def test_resolve_entity_by_iri_curie_or_any_label(full, given):
    assert resolve_entity(full, given) == d("lee-jae-myung")


def test_unknown_entity_lists_close_matches(full):
    with pytest.raises(UnknownEntityError, match=r"no entity named 'Lee Jaemyung'; did you mean: "
                                                 r"Lee Jae-myung \(kjd:lee-jae-myung\)"):
        resolve_entity(full, "Lee Jaemyung")
    with pytest.raises(KGError, match="check the spelling"):
        shortest_paths(full, "zzz-nobody", "KOSA")


def test_ambiguous_label_asks_for_the_iri():
    G = nx.Graph()
    G.add_node("https://w3id.org/kjus/id/a", label="Seoul")
    G.add_node("https://w3id.org/kjus/id/b", label="seoul")
    with pytest.raises(UnknownEntityError, match=r"'Seoul' names 2 entities: Seoul \(kjd:a\), seoul \(kjd:b\)"):
        resolve_entity(G, "Seoul")


def test_analyses_needing_contexts_refuse_other_projections(full):
    with pytest.raises(KGError, match="needs the 'full' projection"):
        country_matrix(project_graph(full, "actors"))


# --- the real graph ----------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    return project_graph(load_dataset([REAL]), "full")


def test_real_graph_top_results(real):
    A = project_graph(real, "actors")
    metrics = node_metrics(A)
    r = centrality_rankings(A, top=5, metrics=metrics)
    assert r["betweenness"][0]["node"] == d("lee-jae-myung")
    assert d("lee-jae-myung") in [x["node"] for x in r["pagerank"]]
    b = brokers(A, metrics=metrics)
    assert d("kosa") in [x["node"] for x in b["articulation_points"]]
    assert d("lee-jae-myung") in [x["node"] for x in b["articulation_points"]]
    kosa_group = metrics[d("kosa")]["community"]
    council = {n for n in real.successors(d("kosa-japan-expansion-council")) if n in A} - {d("korea")}
    together = sum(metrics[n]["community"] == kosa_group for n in council)
    assert len(council) >= 10 and together >= len(council) - 2


def test_real_graph_countries_and_trilateral(real):
    m = country_matrix(real)
    assert m["pairs"][0]["countries"] == ["JP", "KR"]
    assert m["pairs"][0]["weight"] > max(p["weight"] for p in m["pairs"][1:])
    tri = trilateral_ties(real)
    assert tri and all({"KR", "JP", "US"} <= {real.nodes[a]["country"] for a in real.successors(t["node"])}
                       for t in tri)
    assert any(p["period"] == "2025-08" and p["events"] for p in timeline(real))


# --- the engines, checked against NetworkX ----------------------------------------

def _weighted(G, seed):
    rng = random.Random(seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.choice([1, 1, 2, 3])
    return G


def _nx_louvain(G, seed):
    found = nx.community.louvain_communities(G, weight="weight", seed=seed)
    return sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))


@pytest.mark.parametrize("case", range(9))
def test_louvain_with_full_sweeps_is_networkx_louvain(case):
    G = [nx.gnm_random_graph(70, 160, seed=case), nx.barabasi_albert_graph(70, 2, seed=case),
         nx.relabel_nodes(nx.connected_watts_strogatz_graph(70, 4, 0.2, seed=case), lambda i: f"n{(i * 37) % 70}")
         ][case % 3]
    _weighted(G, case)
    assert louvain(G, seed=case, prune=False) == _nx_louvain(G, case)


def test_louvain_prunes_its_sweeps_only_above_the_threshold(monkeypatch):
    G = _weighted(nx.planted_partition_graph(6, 30, 0.4, 0.01, seed=2), 2)
    assert louvain(G, seed=5) == _nx_louvain(G, 5)  # 180 nodes: full sweeps, NetworkX's communities
    monkeypatch.setattr(communities_module, "FULL_SWEEP_MAX_NODES", 100)
    pruned = louvain(G, seed=5)
    assert sorted(len(c) for c in pruned) == [30] * 6  # the planted groups, found all the same
    assert {frozenset(c) for c in pruned} == {frozenset(range(i * 30, i * 30 + 30)) for i in range(6)}
    assert "revisited" in methods(G)["community"] and "revisited" not in methods(nx.path_graph(50))["community"]


def test_louvain_on_a_graph_without_edges_gives_singletons():
    assert louvain(nx.empty_graph(3)) == [[0], [1], [2]]


@pytest.mark.parametrize("case", range(6))
def test_betweenness_is_networkx_betweenness(case):
    G = [nx.gnm_random_graph(50, 90, seed=case), nx.barabasi_albert_graph(60, 2, seed=case)][case % 2]
    G.add_edge(0, 0)  # a self-loop counts for nothing
    G.add_nodes_from(["lonely", "pair-a", "pair-b"])
    G.add_edge("pair-a", "pair-b")
    for k in (None, 7):
        expected = nx.betweenness_centrality(G, k=k, seed=case)
        got = centrality.betweenness(G, k=k, seed=case)
        assert list(got) == list(G) and max(abs(got[n] - expected[n]) for n in G) < 1e-12


def test_metrics_pagerank_is_networkx_pagerank_to_the_last_digit():
    G = _weighted(nx.barabasi_albert_graph(80, 3, seed=4), 4)
    expected = nx.pagerank(G, weight="weight")
    assert {n: m["pagerank"] for n, m in node_metrics(G).items()} == {n: round(x, 6) for n, x in expected.items()}


def test_bridges_are_networkx_bridges():
    for case in range(20):
        G = nx.gnm_random_graph(40, 45, seed=case)
        got = [(x["source"], x["target"]) for x in brokers(G)["bridges"]]
        assert got == sorted((tuple(sorted(e, key=str)) for e in nx.bridges(G)), key=lambda e: (str(e[0]), str(e[1])))


# --- error estimates of the approximations ----------------------------------------

def test_a_small_graph_is_measured_exactly_and_claims_no_estimate():
    G = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=1)
    assert methods(G)["betweenness"] == "exact" and approximation_errors(G) == {}


def test_error_estimates_match_networkx_on_the_documented_sample(monkeypatch):
    """The figures of approximation_errors, recomputed here with NetworkX and SciPy on the same sample."""
    from scipy.stats import spearmanr

    monkeypatch.setattr(centrality, "EXACT_MAX_NODES", 80)
    monkeypatch.setattr(centrality, "BETWEENNESS_BUDGET", 0)
    monkeypatch.setattr(centrality, "BETWEENNESS_MIN_SAMPLES", 12)
    G = _weighted(nx.relabel_nodes(nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=5), lambda i: f"v{i:03d}"), 5)
    G.add_edges_from([("x1", "x2"), ("x2", "x3")])  # a second, smaller part: never sampled
    seed = 7
    est = approximation_errors(G, seed=seed)

    # the sample, as the docstring defines it: the 80 nodes nearest a seeded random node of the largest part
    largest = max(nx.connected_components(G), key=len)
    start = random.Random(seed).choice([n for n in G if n in largest])
    order = [start] + [v for _, v in nx.bfs_edges(G, start)]
    near = set(order[:80])
    S = nx.Graph()
    S.add_nodes_from(n for n in G if n in near)
    S.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in near and v in near)
    assert est["sample"]["nodes"] == 80 == S.number_of_nodes() and est["sample"]["edges"] == S.number_of_edges()
    assert nx.is_connected(S) and "seed 7" in est["sample"]["how"]

    exact = nx.betweenness_centrality(S)
    draws = [nx.betweenness_centrality(S, k=12, seed=seed + i) for i in range(5)]
    rho = [spearmanr([exact[n] for n in S], [d[n] for n in S]).statistic for d in draws]
    rank = {n: i for i, n in enumerate(S)}

    def top(scores):
        return set(sorted(S, key=lambda n: (-scores[n], rank[n]))[:10])

    overlap = [len(top(exact) & top(d)) / 10 for d in draws]
    b = est["betweenness"]
    assert (b["sources"], b["draws"], b["top"]) == (12, 5, 10)
    assert b["spearman"] == pytest.approx(sum(rho) / 5, abs=2e-6)
    assert b["spearman_worst"] == pytest.approx(min(rho), abs=2e-6)
    assert b["top_overlap"] == pytest.approx(sum(overlap) / 5, abs=1e-9)
    assert b["top_overlap_worst"] == min(overlap)
    assert b["max_abs_error"] == pytest.approx(max(abs(exact[n] - d[n]) for d in draws for n in S), abs=2e-6)
    assert 0 <= b["top_overlap_worst"] <= b["top_overlap"] <= 1 and -1 <= b["spearman_worst"] <= b["spearman"] <= 1

    power = nx.eigenvector_centrality(S, max_iter=2000, tol=1e-9, weight="weight")
    assert 0 <= est["eigenvector"]["max_abs_error"] < 1e-4 and max(power.values()) > 0
    c = est["community"]
    full = nx.community.louvain_communities(S, weight="weight", seed=seed)
    assert c["modularity_full"] == round(nx.community.modularity(S, full, weight="weight"), 6)
    assert c["communities_full"] == len(full) and 0 <= c["rand_index"] <= 1
    assert abs(c["modularity_pruned"] - c["modularity_full"]) < 0.05
