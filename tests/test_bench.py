"""The benchmark at 10k triples: a smoke test of correctness (same answers across engines), not of speed.

The fairness of the comparison is tested on its own, on tiny graphs: both engines timed from one thread,
first runs beside warm medians, rdflib's cap never read as a met target, the machine recorded.  No test
asserts a timing.
"""
from __future__ import annotations

import json
import re
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.bench import (PACKAGES, TARGETS, _capped_runs, _machine, _version, bench_queries, evaluate_targets,
                         format_size, parse_size, query_answers, render_markdown, run_benchmark, time_query,
                         write_report)
from graph.cli import main
from graph.errors import KGError


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    # every rdflib query but those of SLOW_IN_RDFLIB (stopped, and compared on the seed instead) ends well within
    # the cap, so every answer of every engine is compared
    return run_benchmark([10_000], repeat=1, rdflib_cap=30, analysis_cap=60,
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
    "facts-by-sources": "125 s in rdflib on kjus synth 10k (20 rows) on the 2-core machine; 16 ms in "
                        "pyoxigraph",
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
    ours = run_query(load_store(exports_dir() / "kjus.nq"), text)
    ds = Dataset(default_union=True)
    ds.parse(exports_dir() / "kjus.nq", format="nquads")
    theirs = ds.query(sparql_prologue() + text)
    # terms compared as the benchmark compares them (a boolean is "true" to rdflib, True to `.rows`)
    assert query_answers(ours) == query_answers(theirs) and query_answers(ours)[0] > 0


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


def test_every_query_has_first_runs_and_medians_of_each_engine(results):
    for name, q in results["sizes"]["10000"]["queries"].items():
        for key in ("project_first_s", "project", "pyoxigraph_first_s", "pyoxigraph", "project_cli_s"):
            assert q[key] > 0, (name, key)
        assert q["runs"] >= 1 and q["rdflib_cap"] == 30
        if q["rdflib_capped"]:
            assert q["rdflib"] is None and q["agree_rdflib"] is None
        else:
            assert q["rdflib_first_s"] > 0 and q["rdflib"] > 0 and q["rdflib_runs"] >= 1


VERDICTS = {"met", "met (lower bound)", "met (at most 1 ms added)", "missed", "undecided (capped)", "not measured"}


def test_targets_have_the_promised_shape(results):
    targets = results["targets"]
    assert {t["kind"] for t in targets} >= {"load", "peak_rss", "query_vs_pyoxigraph", "query_vs_rdflib",
                                            "projection", "view_linear", "view_vs_pyvis"}
    for t in targets:
        assert set(t) >= {"name", "ratio", "limit", "met", "verdict"}
        assert t["limit"] == TARGETS[t["kind"]][0] and t["verdict"] in VERDICTS
        assert (t["met"] is True) == t["verdict"].startswith("met")


def test_the_machine_is_recorded_with_the_results(results):
    m = results["machine"]
    assert m["packages"]["pyoxigraph"] != "not installed" and results["rdflib_cap"] == 30


def test_report_files(results, tmp_path):
    json_path, md_path = write_report(results, tmp_path)
    assert json.loads(json_path.read_text(encoding="utf-8"))["targets"] == results["targets"]
    md = md_path.read_text(encoding="utf-8")
    assert "| load + index |" in md and "## Targets" in md and "`agreements`" in md
    assert md == render_markdown(results)


def _query(project, pyoxigraph, rdflib=0.5, capped=False, cap=60.0):
    return {"project": project, "pyoxigraph": pyoxigraph, "rdflib": None if capped else rdflib,
            "rdflib_capped": capped, "rdflib_cap": cap}


def test_targets_judge_the_largest_size_and_startup():
    results = {"sizes": {"1000000": {"load": {"project": {"seconds": 2.6, "peak_rss_mib": 900},
                                              "pyoxigraph": {"seconds": 2.0, "peak_rss_mib": 600}},
                                     "queries": {"q": _query(0.05, 0.05, capped=True, cap=2.0)}}},
               "startup": {"query": "q", "cold_query": {"kjus": 0.9, "minimal": 0.5},
                           "help": {"kjus": 0.05, "minimal": 0.05}},
               "wall_s": 600}
    by_kind = {t["kind"]: t for t in evaluate_targets(results)}
    assert by_kind["load"]["ratio"] == 1.3 and by_kind["load"]["met"]
    assert by_kind["peak_rss"]["ratio"] == 1.5 and by_kind["peak_rss"]["met"]
    assert by_kind["query_vs_rdflib"]["ratio"] == 40 and by_kind["query_vs_rdflib"]["ratio_is_lower_bound"]
    assert by_kind["query_vs_rdflib"]["verdict"] == "met (lower bound)"
    assert by_kind["cold_query"]["ratio"] == 1.8 and not by_kind["cold_query"]["met"]
    assert by_kind["wall_time"]["met"]


def _query_targets(**queries) -> dict:
    targets = evaluate_targets({"sizes": {"10000": {"queries": queries}}})
    return {(t["name"].split()[1], t["kind"]): t for t in targets}


def test_a_capped_rdflib_run_is_met_only_when_its_lower_bound_clears_the_target():
    targets = _query_targets(slow=_query(5.0, 5.0, capped=True, cap=60.0),       # > 60 s / 5 s: ≥ 12×
                             fast=_query(1.0, 1.0, capped=True, cap=60.0),       # > 60 s / 1 s: ≥ 60×
                             done=_query(1.0, 1.0, rdflib=12.0))                 # 12×, measured
    slow, fast, done = (targets[name, "query_vs_rdflib"] for name in ("slow", "fast", "done"))
    assert slow["met"] is None and slow["verdict"] == "undecided (capped)" and slow["ratio"] == 12
    assert fast["met"] is True and fast["verdict"] == "met (lower bound)" and fast["ratio_is_lower_bound"]
    assert done["met"] is False and done["verdict"] == "missed"
    md = render_markdown({"sizes": {}, "targets": list(targets.values()), "rdflib_cap": 60.0})
    assert "| query slow at 10k: rdflib / project | ≥ 12.00× | ≥ 20× | undecided (capped) |" in md
    assert "| query fast at 10k: rdflib / project | ≥ 60.00× | ≥ 20× | met (lower bound) |" in md


@pytest.mark.parametrize("raw,project,met", [(0.0005, 0.0014, True),    # 2.8×, but only 0.9 ms added
                                             (0.0005, 0.0016, False),   # 3.2× and 1.1 ms added
                                             (0.010, 0.0119, True),     # 1.19×
                                             (0.010, 0.013, False)])    # 1.3× and 3 ms added
def test_a_query_meets_its_target_against_pyoxigraph_at_1_2x_or_1_ms_added(raw, project, met):
    t = _query_targets(q=_query(project, raw))["q", "query_vs_pyoxigraph"]
    assert t["met"] is met and t["allowance_s"] == 0.001
    assert "or at most 1 ms added" in render_markdown({"sizes": {}, "targets": [t]})


def test_the_report_states_the_rules_and_shows_first_runs_beside_medians():
    q = {**_query(0.004, 0.003, capped=True, cap=60.0), "project_first_s": 0.009, "pyoxigraph_first_s": 0.007,
         "project_cli_s": 0.0042, "rdflib_first_s": None, "runs": 20, "rows": 3, "rewritten": False,
         "agree_pyoxigraph": True, "agree_rdflib": None}
    md = render_markdown({"sizes": {"10000": {"triples": 10012, "documents": 33, "generate_s": 0.1,
                                              "queries": {"q": q}}}, "targets": [], "rdflib_cap": 60.0})
    assert ("| `q` (3 rows) | 9.0 ms | 4.0 ms | 7.0 ms | 3.0 ms | 1.33× | 4.2 ms | > 60 s | > 60 s | ≥ 15000.00× |"
            in md)
    assert "same thread" in md and "at most 1 ms" in md and "undecided (capped)" in md


class _Recording:
    """A store that records the thread of every query it evaluates."""

    def __init__(self, store):
        self.store, self.threads = store, []

    def query(self, *args, **kwargs):
        self.threads.append(threading.current_thread())
        return self.store.query(*args, **kwargs)


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory):
    from graph.bench import _with_model
    from graph.query import load_store
    from graph.synth import write_synth

    work = tmp_path_factory.mktemp("tiny")
    made = write_synth(work / "data.nq", 2000, 1, write_texts=False)
    _with_model(made["path"], work / "tiny.nq")
    return load_store(work / "tiny.nq")


@pytest.mark.parametrize("name", ["ask-korea-japan-hydrogen-agreed", "construct-korea-japan-summit", "agreements"])
def test_project_and_raw_are_timed_from_the_same_thread_first_runs_apart(tiny_store, name):
    from graph.query import check_query

    text = f"# {name}, timed by tests/test_bench.py\n" + dict((n, t) for n, t, _ in bench_queries())[name]
    store = _Recording(tiny_store)
    checks = check_query.cache_info().misses
    t = time_query(store, text, name=name, repeat=1, index=1)
    assert check_query.cache_info().misses == checks + 1           # one cold check: the project's first run
    for key in ("project_first_s", "project", "pyoxigraph_first_s", "pyoxigraph", "project_cli_s"):
        assert isinstance(t[key], float) and t[key] > 0
    assert t["digest"] == t["pyoxigraph_digest"]
    here = [th for th in store.threads if th is threading.current_thread()]
    elsewhere = [th for th in store.threads if th is not threading.current_thread()]
    assert len(here) == 2 + 2 * t["runs"]                    # both first runs, then both engines in every round
    assert len(elsewhere) == t["runs"] and {th.name for th in elsewhere} == {"kjus-query"}   # the CLI path only


def test_rdflib_gets_a_warm_up_before_its_timed_runs():
    calls = []
    got = _capped_runs(lambda: calls.append(1) or len(calls), cap=30.0, repeat=3)
    assert got["answer"] == 1 and not got["capped"]                     # the warm-up's answer
    assert len(calls) == 1 + got["runs"] and got["runs"] >= 3
    assert got["first_s"] is not None and got["seconds"] is not None


def test_a_warm_up_that_reaches_the_cap_is_reported_capped_without_timed_runs():
    calls = []

    def slow():
        calls.append(1)
        time.sleep(30)

    got = _capped_runs(slow, cap=0.05, repeat=3)
    assert got == {"first_s": None, "seconds": None, "runs": 0, "capped": True, "answer": None}
    assert len(calls) == 1


def test_a_timed_run_that_reaches_the_cap_makes_the_query_capped():
    calls = []

    def slower_the_second_time():
        calls.append(1)
        if len(calls) > 1:
            time.sleep(30)
        return "answer"

    got = _capped_runs(slower_the_second_time, cap=0.05, repeat=3)
    assert got["capped"] and got["seconds"] is None and got["first_s"] is not None and len(calls) == 2


@pytest.mark.skipif(not Path("/proc/meminfo").is_file(), reason="reads Linux /proc")
def test_the_machine_record_has_cpu_ram_system_commit_and_every_package():
    import rdflib

    m = _machine()
    assert isinstance(m["cpu_model"], str) and m["cpu_model"].strip() and m["cpus"] >= 1
    assert m["ram_mib"] > 100 and m["kernel"] and m["os"] and m["python"]
    assert datetime.fromisoformat(m["date"]).utcoffset() == timezone.utc.utcoffset(None)
    assert m["commit"] is None or re.fullmatch(r"[0-9a-f]{40}", m["commit"])
    assert tuple(m["packages"]) == PACKAGES and m["packages"]["rdflib"] == rdflib.__version__
    assert _version("no-such-package-kjus") == "not installed"


def test_sizes():
    assert [parse_size(s) for s in ("10k", "100K", "1M", "2500", "1_000")] == [10_000, 100_000, 1_000_000, 2500, 1000]
    assert [format_size(n) for n in (10_000, 1_000_000, 2500)] == ["10k", "1M", "2500"]
    with pytest.raises(KGError, match="not a number of triples"):
        parse_size("big")


def test_cli_bench_rejects_a_bad_size():
    result = CliRunner().invoke(main, ["bench", "--sizes", "10k,huge"])
    assert result.exit_code == 1 and "Error: size 'huge' is not a number of triples" in result.output
