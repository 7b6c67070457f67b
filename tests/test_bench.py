"""The benchmark at 10k triples: a smoke test of correctness (same answers across engines), not of speed."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.bench import (TARGETS, bench_queries, evaluate_targets, format_size, parse_size, render_markdown,
                         run_benchmark, write_report)
from graph.cli import main
from graph.errors import KGError


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    # every rdflib query may run to the end (min cap = cap), so every answer of every engine is compared
    return run_benchmark([10_000], repeat=1, rdflib_cap=120, rdflib_min_cap=120, analysis_cap=60,
                         view_sizes=(150, 300), startup=False, work_dir=tmp_path_factory.mktemp("bench"))


def test_every_query_answers_on_synthetic_data(results):
    queries = results["sizes"]["10000"]["queries"]
    assert sorted(queries) == sorted(name for name, _, _ in bench_queries())
    empty = [name for name, q in queries.items() if q["rows"] == 0]
    assert empty == []


#: Named queries rdflib cannot finish within the cap on 10k synthetic triples, with what was measured;
#: their answers are compared with rdflib on the seed graph instead (below).
SLOW_IN_RDFLIB = {
    "planned-never-reported-again": "two grouped subqueries joined with GRAPH patterns: 184 s in rdflib on "
                                    "kjus synth 10k (111 rows, the same as pyoxigraph's), 0.04 s in pyoxigraph "
                                    "on 100k",
}


def test_all_three_engines_give_the_same_answers(results):
    queries = results["sizes"]["10000"]["queries"]
    assert [n for n, q in queries.items() if not q["agree_pyoxigraph"]] == []
    assert [n for n, q in queries.items() if q["agree_rdflib"] is False] == []
    assert [n for n, q in queries.items() if q["agree_rdflib"] is None and n not in SLOW_IN_RDFLIB] == []


@pytest.mark.parametrize("name", sorted(SLOW_IN_RDFLIB))
def test_queries_too_slow_for_rdflib_at_10k_agree_with_it_on_the_seed(name):
    from rdflib import Dataset

    from graph.paths import exports_dir
    from graph.prefixes import sparql_prologue
    from graph.query import load_store, resolve_query, run_query
    text = resolve_query(name)[1]
    ours = run_query(load_store(exports_dir() / "kjus.nq"), text).rows
    ds = Dataset(default_union=True)
    ds.parse(exports_dir() / "kjus.nq", format="nquads")
    theirs = list(ds.query(sparql_prologue() + text))
    assert len(ours) == len(theirs) > 0
    assert [[str(r[v]) for v in r] for r in ours] == [[str(x) for x in row] for row in theirs]


def test_every_stage_is_measured(results):
    r = results["sizes"]["10000"]
    assert r["triples"] >= 10_000
    for engine in ("project", "pyoxigraph", "rdflib"):
        assert r["load"][engine]["seconds"] > 0 and r["load"][engine]["peak_rss_mib"] > 10
        assert r["load"][engine]["quads"] == r["load"]["pyoxigraph"]["quads"]
    assert r["projection"]["nodes"] > 100 and r["projection"]["edge_list"] > 0
    assert r["analyses"]["nodes"] > 10 and r["analyses"]["pagerank"] is not None
    assert set(r["views"]) == {"150", "300"} and all(v["pyvis"] > 0 for v in r["views"].values())
    assert r["gexf"]["nodes"] == r["projection"]["nodes"] and r["gexf"]["write"] > 0


def test_targets_have_the_promised_shape(results):
    targets = results["targets"]
    assert {t["kind"] for t in targets} >= {"load", "peak_rss", "query_vs_pyoxigraph", "query_vs_rdflib",
                                            "projection", "view_linear", "view_vs_pyvis"}
    for t in targets:
        assert set(t) >= {"name", "ratio", "limit", "met"}
        assert t["limit"] == TARGETS[t["kind"]][0]
        assert t["met"] == (t["ratio"] <= t["limit"] if t["compare"] == "<=" else t["ratio"] >= t["limit"])


def test_report_files(results, tmp_path):
    json_path, md_path = write_report(results, tmp_path)
    assert json.loads(json_path.read_text(encoding="utf-8"))["targets"] == results["targets"]
    md = md_path.read_text(encoding="utf-8")
    assert "| load + index |" in md and "## Targets" in md and "`agreements`" in md
    assert md == render_markdown(results)


def test_targets_judge_the_largest_size_and_startup():
    results = {"sizes": {"1000000": {"load": {"project": {"seconds": 2.6, "peak_rss_mib": 900},
                                              "pyoxigraph": {"seconds": 2.0, "peak_rss_mib": 600}},
                                     "queries": {"q": {"project": 0.05, "pyoxigraph": 0.05, "rdflib": None,
                                                       "rdflib_cap": 2.0}}}},
               "startup": {"query": "q", "cold_query": {"kjus": 0.9, "minimal": 0.5},
                           "help": {"kjus": 0.05, "minimal": 0.05}},
               "wall_s": 600}
    by_kind = {t["kind"]: t for t in evaluate_targets(results)}
    assert by_kind["load"]["ratio"] == 1.3 and by_kind["load"]["met"]
    assert by_kind["peak_rss"]["ratio"] == 1.5 and by_kind["peak_rss"]["met"]
    assert by_kind["query_vs_rdflib"]["ratio"] == 40 and by_kind["query_vs_rdflib"]["ratio_is_lower_bound"]
    assert by_kind["cold_query"]["ratio"] == 1.8 and not by_kind["cold_query"]["met"]
    assert by_kind["wall_time"]["met"]


def test_sizes():
    assert [parse_size(s) for s in ("10k", "100K", "1M", "2500", "1_000")] == [10_000, 100_000, 1_000_000, 2500, 1000]
    assert [format_size(n) for n in (10_000, 1_000_000, 2500)] == ["10k", "1M", "2500"]
    with pytest.raises(KGError, match="not a number of triples"):
        parse_size("big")


def test_cli_bench_rejects_a_bad_size():
    result = CliRunner().invoke(main, ["bench", "--sizes", "10k,huge"])
    assert result.exit_code == 1 and "Error: size 'huge' is not a number of triples" in result.output
