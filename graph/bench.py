"""The scale benchmark: every stage on synthetic graphs of 10k, 100k and 1M triples.

``python -m graph.bench`` (or ``kjus bench``) generates synthetic datasets
(:mod:`graph.synth`) and measures, side by side, medians over ``repeat`` runs:

* **load + index** — the project's path (:func:`graph.query.load_store`, what
  ``kjus query`` opens) against raw ``pyoxigraph.Store.bulk_load`` (the
  practical limit) and plain rdflib ``Dataset.parse``; each run in a fresh
  process, with its peak RSS;
* **queries** — every query of ``graph/queries/`` (or its rewrite for
  synthetic data in ``graph/bench_queries/``): :func:`graph.query.run_query`
  against raw ``Store.query`` and rdflib's ``Dataset.query``.  rdflib runs are
  capped (``cap = clamp(25 × the project's median, 1 s, 60 s)``) and a
  capped run is reported as ``> cap``: enough to decide the 20× target, and the
  1M run stays within its time budget.  The answers of the three engines are
  compared;
* **projection** — :func:`graph.project.project_graph` against building the
  same ``MultiDiGraph`` from a plain node and edge list: of the rdflib Dataset
  every ``kjus`` graph command loads (the target), and of the pyoxigraph Store
  ``kjus query`` opens (its own row);
* **analyses** on the actor graph — PageRank, betweenness exact (capped) and
  sampled, Louvain communities;
* **views** — :func:`graph.render.html.write_html` of 1,000, 2,500 and 5,000
  nodes against pyvis's ``Network.from_nx`` + ``write_html``; for graphs above
  300 nodes also the default view (``max_nodes=300``, what ``kjus view`` writes),
  reported on its own row and not a target;
* **GEXF** — :func:`graph.render.gexf.write_gexf` of the full projection;
* **start-up** — a cold ``kjus query NAME`` on the real graph against a minimal
  script that loads the export into pyoxigraph and runs the same query, and
  ``kjus --help`` against a bare click program.

The figures go to ``exports/bench/bench.json`` (with the top-level ``targets``
list) and ``exports/bench/bench.md``.  Timings are in seconds, memory in MiB.

Examples
--------
>>> parse_size("100k"), parse_size("1M"), parse_size("2500")
(100000, 1000000, 2500)
>>> format_size(1_000_000)
'1M'
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import KGError
from .files import write_atomic
from .paths import QUERIES_DIR, ROOT, exports_dir

__all__ = ["SIZES", "TARGETS", "BENCH_QUERIES_DIR", "parse_size", "format_size", "bench_queries",
           "query_answers", "run_benchmark", "evaluate_targets", "render_markdown", "write_report", "main"]

#: Default dataset sizes (triples).
SIZES = (10_000, 100_000, 1_000_000)
#: Rewrites of competency queries for synthetic data (same file name as in ``graph/queries/``).
BENCH_QUERIES_DIR = ROOT / "graph" / "bench_queries"
#: Target name -> (limit, comparison): ``"<="`` means the ratio must not exceed the limit.
TARGETS = {
    "load": (1.3, "<="), "query_vs_pyoxigraph": (1.2, "<="), "query_vs_rdflib": (20.0, ">="),
    "peak_rss": (1.5, "<="), "projection": (2.0, "<="), "view_linear": (1.5, "<="),
    "view_vs_pyvis": (10.0, ">="), "cold_query": (1.5, "<="), "help": (1.5, "<="), "wall_time": (1.0, "<="),
    # issue 12: the whole build against pyoxigraph reading and writing the same file
    "build_vs_load_dump": (30.0, "<="), "build_rss": (4.0, "<="), "build_budget": (1.0, "<="),
    "seed_build": (1.0, "<="),
}
#: Seconds a 1M-triple build may take, and the seed build (issue 12).
BUILD_BUDGET_S, SEED_BUILD_S = 180.0, 3.0
#: Node counts of the view benchmark (linearity is judged between the first and the last).
VIEW_SIZES = (1000, 2500, 5000)
#: Seconds the whole 1M benchmark may take.
WALL_BUDGET_S = 900.0
_RDFLIB_CAP_FACTOR = 25.0
_SLOW_S = 20.0   # a measurement this slow is not repeated
_STORE_PROJECTION = "(projection from the store)"   # not a query name: kept beside the query timings


def parse_size(text: str) -> int:
    """``"10k"`` → 10000, ``"1M"`` → 1000000 (plain integers too)."""
    t = str(text).strip().replace("_", "").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(t[-1:].lower(), 1)
    try:
        n = int(float(t[:-1] if scale != 1 else t) * scale)
    except ValueError:
        n = 0
    if n < 1:
        raise KGError(f"size {text!r} is not a number of triples; write e.g. 10k, 100k or 1M")
    return n


def format_size(n: int) -> str:
    """The short form of a size: 10000 → ``10k``."""
    for unit, div in (("M", 1_000_000), ("k", 1_000)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return str(n)


def bench_queries(queries_dir: str | Path = QUERIES_DIR,
                  rewrites_dir: str | Path = BENCH_QUERIES_DIR) -> list[tuple[str, str, bool]]:
    """The benchmark's queries: ``(name, text, rewritten)`` for every ``.rq`` of ``queries_dir``.

    A file of the same name in ``rewrites_dir`` replaces the original (it asks
    the same kind of question of synthetic data, where the seed's entities do
    not exist).

    Examples
    --------
    >>> names = [n for n, _, _ in bench_queries()]
    >>> names == sorted(names) and len(names) > 0
    True
    """
    out = []
    for path in sorted(Path(queries_dir).glob("*.rq")):
        rewrite = Path(rewrites_dir) / path.name
        chosen = rewrite if rewrite.is_file() else path
        out.append((path.stem, chosen.read_text(encoding="utf-8"), chosen is rewrite))
    return out


# --------------------------------------------------------------------------- answers

def _term_key(term) -> str:
    """One engine-neutral string per RDF term (blank nodes collapse: their labels are arbitrary)."""
    if term is None:
        return ""
    kind = type(term).__name__
    if kind in ("BlankNode", "BNode"):
        return "_:b"
    if kind in ("NamedNode", "URIRef"):
        return f"<{term.value if kind == 'NamedNode' else term}>"
    if kind == "Literal" and hasattr(term, "toPython"):           # rdflib
        dt = str(term.datatype) if term.datatype else ""
        return _literal_key(str(term), term.language or "", dt)
    if kind == "Literal":                                          # pyoxigraph
        return _literal_key(term.value, term.language or "", term.datatype.value)
    return str(term)


_NUMERIC = ("integer", "decimal", "double", "float", "long", "int")


def _literal_key(value: str, lang: str, datatype: str) -> str:
    """Engines agree on a value, not always on its spelling.

    Numbers compare by value (``"1.0E0"`` and ``"1"``; type promotion differs).
    Strings compare by their words in sorted order and without language tag:
    ``GROUP_CONCAT`` joins in an order SPARQL leaves open, and Oxigraph keeps a
    shared language tag on the result where rdflib drops it.
    """
    local = datatype.rsplit("#", 1)[-1]
    if lang or local in ("string", "langString", ""):
        return '"' + " ".join(sorted(value.split())) + '"'
    if local in _NUMERIC:
        try:
            return f'"{float(value):.9g}"^^number'
        except ValueError:
            pass
    return f'"{value}"^^<{datatype}>'


def query_answers(result) -> tuple[int, str]:
    """``(number of rows or triples, digest of the sorted answer)`` of a query result of any engine.

    Accepts a pyoxigraph result, a :class:`graph.query.QueryResult` or an rdflib
    ``Result``; two engines agree when the digests are equal.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1", datatype=ox.NamedNode(
    ...     "http://www.w3.org/2001/XMLSchema#integer"))))
    >>> from rdflib import Graph
    >>> g = Graph().parse(data="<urn:a> <urn:p> 1 .", format="turtle")
    >>> q = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    >>> query_answers(s.query(q)) == query_answers(g.query(q))
    True
    """
    rows = _rows(result)
    if isinstance(rows, bool):
        return 1, hashlib.sha256(str(rows).encode()).hexdigest()[:16]
    keys = sorted("\t".join(_term_key(t) for t in row) for row in rows)
    return len(keys), hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]


def _rows(result):
    kind = type(result).__name__
    if kind == "QueryResult" and hasattr(result, "bindings"):          # graph.query
        if result.form == "ASK":
            return bool(result.boolean)
        if result.form == "SELECT":
            return result.bindings
        return [(t.subject, t.predicate, t.object) for t in result.triples]
    if kind == "QueryBoolean":
        return bool(result)
    if kind == "QuerySolutions":
        names = [v.value for v in result.variables]
        return [tuple(sol[v] for v in names) for sol in result]
    if kind == "QueryTriples":
        return [(t.subject, t.predicate, t.object) for t in result]
    if getattr(result, "type", None) == "ASK":                          # rdflib
        return bool(result.askAnswer)
    if getattr(result, "type", None) == "SELECT":
        return [tuple(row) for row in result]
    return [tuple(t) for t in result]


# --------------------------------------------------------------------------- workers (fresh processes)

def _peak_rss_mib() -> float:
    """Peak resident set size of this process (VmHWM), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class _Capped(Exception):
    """A measurement ran past its cap."""


def _capped(seconds: float, fn: Callable):
    """Run ``fn()``; return ``(elapsed, value)``, or ``(None, None)`` if it ran longer than ``seconds``.

    Uses SIGALRM, which interrupts pure-Python work (rdflib, NetworkX) between bytecodes.
    """
    def alarm(_signum, _frame):
        raise _Capped()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        value = fn()
        return time.perf_counter() - start, value
    except _Capped:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _oxigraph_format(path: str):
    import pyoxigraph as ox

    return ox.RdfFormat.N_QUADS if path.endswith(".nq") else ox.RdfFormat.TRIG


def _worker_load(spec: dict) -> dict:
    """Load ``spec["path"]`` with one engine; report time, size and peak RSS."""
    path, engine = spec["path"], spec["engine"]
    if engine == "project":
        from .query import load_store

        start = time.perf_counter()
        size = len(load_store(path))
    elif engine == "pyoxigraph":
        import pyoxigraph as ox

        start = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=path, format=_oxigraph_format(path))
        size = len(store)
    else:
        from rdflib import Dataset

        start = time.perf_counter()
        ds = Dataset()
        ds.parse(path, format="nquads" if path.endswith(".nq") else "trig")
        size = len(ds)
    return {"seconds": time.perf_counter() - start, "quads": size, "peak_rss_mib": _peak_rss_mib()}


def _worker_oxigraph_queries(spec: dict, save: Callable[[dict], None]) -> dict:
    """Every query on the project's store and on a raw store, interleaved; medians and answers.

    Each engine runs a query once to warm up; then :func:`_runs` says how often it is timed.
    """
    import pyoxigraph as ox

    from .query import load_store, run_query
    from .vocab import PREFIXES

    path, repeat = spec["path"], spec["repeat"]
    project = load_store(path)
    raw = ox.Store()
    raw.bulk_load(path=path, format=_oxigraph_format(path))

    def run_raw(text):
        answer = raw.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            return [tuple(sol[v] for v in names) for sol in answer]
        return answer if isinstance(answer, ox.QueryBoolean) else list(answer)

    out = {}
    for name, text in spec["queries"]:
        run_project = lambda: run_query(project, text, timeout=60.0, name=name)  # noqa: E731 (the CLI's default)
        times = {"project": [], "pyoxigraph": []}
        start = time.perf_counter()
        first = run_project()
        took = time.perf_counter() - start
        run_raw(text)
        for _ in range(_runs(took, repeat)):
            for engine, fn in (("project", run_project), ("pyoxigraph", lambda: run_raw(text))):
                start = time.perf_counter()
                fn()
                times[engine].append(time.perf_counter() - start)
        rows, digest = query_answers(first)
        raw_rows, raw_digest = query_answers(raw.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))
        out[name] = {"project": statistics.median(times["project"]),
                     "pyoxigraph": statistics.median(times["pyoxigraph"]),
                     "rows": rows, "digest": digest, "pyoxigraph_digest": raw_digest}
        save(out)
    if spec.get("stages"):   # the projection read straight from the store `kjus query` opens
        from .project import project_graph

        times, _ = _timed(repeat, lambda: project_graph(project, "full"))
        out[_STORE_PROJECTION] = statistics.median(times)
        save(out)
    return out


def _runs(took: float, repeat: int) -> int:
    """Timed runs of a query whose warm-up took ``took`` s: once if slow (over 5 s), ``repeat`` times,
    or more for a query of a few milliseconds, until about 0.2 s are spent (at most 50 runs), so that
    one stray scheduling delay cannot move the median.

    Examples
    --------
    >>> _runs(10.0, 3), _runs(0.5, 3), _runs(0.01, 3), _runs(0.0001, 3)
    (1, 3, 20, 50)
    """
    if took > _SLOW_S / 4:
        return 1
    return max(repeat, min(50, int(0.2 / max(took, 1e-9))))


def _worker_rdflib(spec: dict, save: Callable[[dict], None]) -> dict:
    """rdflib: load once, run every query (capped), then the graph stages on the loaded dataset."""
    from rdflib import Dataset

    from .vocab import PREFIXES

    path = spec["path"]
    result: dict = {}
    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(path, format="nquads" if path.endswith(".nq") else "trig")
    result["load"] = {"seconds": time.perf_counter() - start, "quads": len(ds), "peak_rss_mib": _peak_rss_mib()}
    save(result)
    result["queries"] = {}
    for name, text, cap in spec["queries"]:
        elapsed, answer = _capped(cap, lambda: _materialise_rdflib(ds.query(text, initNs=PREFIXES)))
        entry = {"seconds": elapsed, "cap": cap}
        if answer is not None:
            entry["rows"], entry["digest"] = query_answers(answer)
        result["queries"][name] = entry
        save(result)
    if spec.get("stages"):
        G = _projection(ds, spec, result, save)
        del ds               # as in `kjus view` or `kjus export gephi`: the dataset is garbage once projected
        gc.collect()
        _graph_stages(G, spec, result, save)
    return result


def _materialise_rdflib(result):
    if result.type == "ASK":
        return result
    rows = [tuple(r) for r in result]
    return _Listed(result.type, rows)


class _Listed(list):
    """A materialised rdflib result that :func:`query_answers` reads like the original."""

    def __init__(self, kind: str, rows):
        super().__init__(rows)
        self.type = kind


def _projection(ds, spec: dict, result: dict, save: Callable[[dict], None]):
    """``project_graph(ds, "full")`` against a ``MultiDiGraph`` built from its node and edge lists; return it."""
    import networkx as nx

    from .project import project_graph

    repeat = spec["repeat"]
    times, G = _timed(repeat, lambda: project_graph(ds, "full"))
    nodes = list(G.nodes(data=True))
    edges = list(G.edges(keys=True, data=True))

    def from_lists():
        H = nx.MultiDiGraph(**G.graph)
        H.add_nodes_from(nodes)
        H.add_edges_from(edges)
        return H

    base, _ = _timed(repeat, from_lists)
    result["projection"] = {"project": statistics.median(times), "edge_list": statistics.median(base),
                            "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                            "peak_rss_mib": _peak_rss_mib()}
    save(result)
    return G


def _graph_stages(G, spec: dict, result: dict, save: Callable[[dict], None]) -> None:
    """Actor projection, analyses, views and GEXF, from the full projection."""
    from .project import project_graph, simple_graph

    actors_t, A = _timed(spec["repeat"], lambda: project_graph(G, "actors"))
    H = simple_graph(A)
    result["analyses"] = {"actors_projection": statistics.median(actors_t), "nodes": H.number_of_nodes(),
                          "edges": H.number_of_edges()}
    save(result)
    _analyses(H, spec, result["analyses"], save, result)
    _views(G, spec, result, save)
    _gexf(G, spec, result, save)


def _timed(repeat: int, fn: Callable) -> tuple[list[float], object]:
    """Run ``fn`` up to ``repeat`` times (once if the first run is slow); return the times and the last value."""
    times, value = [], None
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
        if times[0] > _SLOW_S:
            break
    return times, value


def _analyses(H, spec: dict, out: dict, save, result) -> None:
    import networkx as nx

    from .analyse.centrality import betweenness_samples, louvain

    cap = spec["analysis_cap"]
    k = out["betweenness_samples"] = min(len(H), betweenness_samples(len(H), H.number_of_edges()))
    plans = {
        "pagerank": (cap, lambda: nx.pagerank(H, weight="weight")),
        "betweenness_exact": (cap / 4, lambda: nx.betweenness_centrality(H)),   # O(n·m): capped early
        "betweenness_sampled": (cap, lambda: nx.betweenness_centrality(H, k=k, seed=42)),
        "louvain": (cap, lambda: louvain(H, seed=42)),
    }
    for name, (limit, fn) in plans.items():
        elapsed, _ = _capped(limit, fn)
        out[name] = elapsed
        out[f"{name}_cap"] = limit
        save(result)
    out["peak_rss_mib"] = _peak_rss_mib()


def _view_graph(G, n: int):
    """The ``n`` best-connected nodes of ``G`` (ties by IRI) and the relations among them."""
    chosen = sorted(G.nodes, key=lambda v: (-G.degree(v), str(v)))[:n]
    return G.subgraph(chosen).copy()


def _views(G, spec: dict, result: dict, save) -> None:
    from .render.html import MAX_NODES, write_html

    out = result["views"] = {}
    work = Path(spec["work_dir"])
    for n in spec["view_sizes"]:
        if len(G) < n:
            continue
        H = _view_graph(G, n)
        ours, _ = _timed(spec["repeat"], lambda: write_html(H, work / f"view-{n}.html", max_nodes=n))
        copies = [H.copy() for _ in range(max(1, spec["repeat"]))]   # from_nx changes attributes: one copy a run
        theirs, _ = _timed(spec["repeat"], lambda: _pyvis(copies.pop(), work))
        out[str(n)] = {"project": statistics.median(ours), "pyvis": statistics.median(theirs),
                       "nodes": H.number_of_nodes(), "edges": H.number_of_edges()}
        if n > MAX_NODES:   # what `kjus view` writes for this graph: the top MAX_NODES nodes
            default, _ = _timed(spec["repeat"], lambda: write_html(H, work / f"view-{n}-default.html"))
            out[str(n)].update(default_view=statistics.median(default), default_nodes=MAX_NODES)
        save(result)


def _pyvis(H, work: Path) -> None:
    """pyvis's own path: ``Network.from_nx`` + ``write_html``, in a temp dir (pyvis writes ``lib/`` into the cwd)."""
    from pyvis.network import Network

    here = os.getcwd()
    cwd = tempfile.mkdtemp(dir=work)
    try:
        os.chdir(cwd)
        net = Network(directed=True)
        net.from_nx(H)
        net.write_html("pyvis.html", notebook=False)
    finally:
        os.chdir(here)
        shutil.rmtree(cwd, ignore_errors=True)


def _gexf(G, spec: dict, result: dict, save) -> None:
    """GEXF of the full projection: the metrics and layout it draws with, then the writing itself."""
    from .render.flat import metrics_and_layout
    from .render.gexf import write_gexf

    cap = spec["analysis_cap"] * 1.5
    elapsed, drawing = _capped(cap, lambda: metrics_and_layout(G))
    metrics, positions = drawing or ({}, {})
    times, _ = _timed(spec["repeat"], lambda: write_gexf(G, Path(spec["work_dir"]) / "full.gexf",
                                                          metrics=metrics, positions=positions))
    result["gexf"] = {"metrics_and_layout": elapsed, "cap": cap, "write": statistics.median(times),
                      "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "peak_rss_mib": _peak_rss_mib()}
    save(result)


def _worker_main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    out = Path(spec["out"])

    def save(result):
        out.write_text(json.dumps(result), encoding="utf-8")

    task = spec["task"]
    if task == "load":
        save(_worker_load(spec))
    elif task == "oxigraph_queries":
        save(_worker_oxigraph_queries(spec, save))
    elif task == "rdflib":
        save(_worker_rdflib(spec, save))
    else:
        raise KGError(f"unknown benchmark task {task!r}")


def _spawn(task: str, work: Path, timeout: float, **spec) -> dict:
    """Run a worker in a fresh interpreter; return what it saved (partial if it was stopped)."""
    fd, spec_path = tempfile.mkstemp(prefix=f"{task}-", suffix=".json", dir=work)
    os.close(fd)
    out = Path(spec_path).with_suffix(".out.json")
    Path(spec_path).write_text(json.dumps({"task": task, "out": str(out), **spec}), encoding="utf-8")
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env = {**os.environ, "PYTHONPATH": path}
    try:
        proc = subprocess.run([sys.executable, "-m", "graph.bench", "--worker", spec_path], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=timeout)
        failed = proc.returncode != 0 and (proc.stderr.strip().splitlines() or ["exit status %d" % proc.returncode])[-1]
    except subprocess.TimeoutExpired:
        failed = f"stopped after {timeout:.0f} s"
    result = json.loads(out.read_text(encoding="utf-8")) if out.is_file() and out.stat().st_size else {}
    if failed:
        result["error"] = failed
    return result


# --------------------------------------------------------------------------- one size

def _bench_size(n: int, *, seed: int, repeat: int, work: Path, rdflib_cap: float, rdflib_min_cap: float,
                analysis_cap: float,
                stages: bool, view_sizes: tuple[int, ...], say: Callable[[str], None]) -> dict:
    from .synth import write_synth

    data = work / f"synth-{format_size(n)}.nq"
    start = time.perf_counter()
    made = write_synth(work / f"synth-{format_size(n)}-data.nq", n, seed, write_texts=False)
    _with_model(made["path"], data)
    res: dict = {"triples": made["triples"], "documents": made["documents"],
                 "generate_s": time.perf_counter() - start, "file_mib": round(data.stat().st_size / 2 ** 20, 1)}
    say(f"{format_size(n)}: generated {made['triples']} triples in {res['generate_s']:.1f} s")
    runs: dict[str, list[dict]] = {"project": [], "pyoxigraph": []}
    for _ in range(max(1, repeat)):          # interleaved, so that a busy moment hits both engines
        for engine, done in runs.items():
            done.append(_spawn("load", work, 600, engine=engine, path=str(data)))
    res["load"] = {engine: _summarise(done) for engine, done in runs.items()}
    for engine, got in res["load"].items():
        say(f"{format_size(n)}: load {engine} {got.get('seconds', float('nan')):.2f} s, "
            f"{got.get('peak_rss_mib')} MiB")
    queries = bench_queries()
    ox_q = _spawn("oxigraph_queries", work, 1800, path=str(data), repeat=max(1, repeat), stages=stages,
                  queries=[(name, text) for name, text, _ in queries])
    if "error" in ox_q:
        raise KGError(f"{format_size(n)}: the pyoxigraph query run failed: {ox_q['error']}")
    caps = {name: min(rdflib_cap, max(rdflib_min_cap, _RDFLIB_CAP_FACTOR * ox_q[name]["project"]))
            for name, _, _ in queries}
    say(f"{format_size(n)}: {len(queries)} queries on pyoxigraph done; rdflib next (capped)")
    budget = 600 + sum(caps.values()) + (1800 if stages else 0)
    rd = _spawn("rdflib", work, budget, path=str(data), repeat=max(1, repeat), stages=stages,
                analysis_cap=analysis_cap, work_dir=str(work), view_sizes=list(view_sizes),
                queries=[(name, text, caps[name]) for name, text, _ in queries])
    res["load"]["rdflib"] = {**rd.get("load", {}), "runs": 1} if "load" in rd else {"error": rd.get("error")}
    res["queries"] = {}
    for name, _, rewritten in queries:
        q = ox_q[name]
        r = rd.get("queries", {}).get(name, {})
        res["queries"][name] = {
            "rewritten": rewritten, "rows": q["rows"], "project": q["project"], "pyoxigraph": q["pyoxigraph"],
            "rdflib": r.get("seconds"), "rdflib_cap": r.get("cap", caps[name]),
            "agree_pyoxigraph": q["digest"] == q["pyoxigraph_digest"],
            "agree_rdflib": (r.get("digest") == q["digest"]) if r.get("digest") else None,
        }
    for key in ("projection", "analyses", "views", "gexf"):
        if key in rd:
            res[key] = rd[key]
    if "projection" in res and _STORE_PROJECTION in ox_q:
        res["projection"]["project_store"] = ox_q[_STORE_PROJECTION]
    if "error" in rd:
        res["rdflib_error"] = rd["error"]
    say(f"{format_size(n)}: rdflib and graph stages done")
    return res


def _with_model(data: Path, out: Path) -> None:
    """``out`` = the ontology and vocabularies (as in ``exports/kjus.nq``) followed by ``data``; ``data`` is removed."""
    from .load import load_model
    from .render.rdf import generate_nquads

    with open(out, "w", encoding="utf-8") as fh, open(data, encoding="utf-8") as body:
        fh.write(generate_nquads(load_model()))
        shutil.copyfileobj(body, fh, 1 << 20)
    data.unlink()


def _summarise(runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[0].get("error", "failed"), "runs": 0}
    return {"seconds": statistics.median(r["seconds"] for r in ok),
            "peak_rss_mib": statistics.median(r["peak_rss_mib"] for r in ok),
            "quads": ok[0]["quads"], "runs": len(ok)}


# --------------------------------------------------------------------------- start-up (real graph)

def _hyperfine(commands: dict[str, list[str]], runs: int, env: dict) -> dict[str, float]:
    """Median wall time of each command, runs interleaved after one warm-up each."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    for i in range(runs + 1):
        for name, cmd in commands.items():
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                raise KGError(f"{' '.join(cmd[:4])} …: {proc.stderr.strip().splitlines()[-1:]}")
            if i:
                times[name].append(elapsed)
    return {k: statistics.median(v) for k, v in times.items()}


_MINIMAL_QUERY = """\
import sys, pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
prefixes = dict(line.split(" ", 1) for line in sys.argv[3].splitlines())
for row in store.query(open(sys.argv[2], encoding="utf-8").read(), prefixes=prefixes,
                       use_default_graph_as_union=True):
    print(row)
"""
_MINIMAL_CLICK = """\
import click
@click.group()
def main():
    "A minimal click program."
main()
"""


def _startup(work: Path, runs: int, say: Callable[[str], None]) -> dict:
    """Cold ``kjus query NAME`` vs a minimal pyoxigraph script, and ``kjus --help`` vs a bare click program."""
    from .vocab import PREFIXES

    export = exports_dir() / "kjus.nq"
    if not export.is_file():
        from .build import build

        say("no exports/kjus.nq: building the real graph into the work folder")
        export = build(work / "real").out_dir / "kjus.nq"
    name = "agreements" if (QUERIES_DIR / "agreements.rq").is_file() else sorted(QUERIES_DIR.glob("*.rq"))[0].stem
    query_file = QUERIES_DIR / f"{name}.rq"
    script = work / "minimal_query.py"
    script.write_text(_MINIMAL_QUERY, encoding="utf-8")
    click_script = work / "minimal_click.py"
    click_script.write_text(_MINIMAL_CLICK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    prefixes = "\n".join(f"{p} {iri}" for p, iri in PREFIXES.items())
    cold = _hyperfine({
        "kjus": [sys.executable, "-m", "graph", "query", name, "--data", str(export), "--format", "tsv"],
        "minimal": [sys.executable, str(script), str(export), str(query_file), prefixes],
    }, runs, env)
    helps = _hyperfine({"kjus": [sys.executable, "-m", "graph", "--help"],
                        "minimal": [sys.executable, str(click_script), "--help"]}, runs, env)
    say(f"start-up: kjus query {name} {cold['kjus']:.3f} s vs minimal {cold['minimal']:.3f} s; "
        f"kjus --help {helps['kjus']:.3f} s")
    shown = export.relative_to(ROOT).as_posix() if export.is_relative_to(ROOT) else str(export)
    return {"query": name, "export": shown, "cold_query": cold, "help": helps, "runs": runs}


# --------------------------------------------------------------------------- targets and report

def _target(name: str, kind: str, ratio: float | None, note: str = "", lower_bound: bool = False) -> dict:
    limit, compare = TARGETS[kind]
    if ratio is None:
        met = None
    elif compare == "<=":
        met = ratio <= limit
    else:
        met = ratio >= limit
    out = {"name": name, "kind": kind, "ratio": None if ratio is None else round(ratio, 3), "limit": limit,
           "compare": compare, "met": met}
    if lower_bound:
        out["ratio_is_lower_bound"] = True
    if note:
        out["note"] = note
    return out


def evaluate_targets(results: dict) -> list[dict]:
    """The targets of issue 7, judged on the largest size measured (and the start-up figures).

    Examples
    --------
    >>> evaluate_targets({"sizes": {}, "startup": {}})
    []
    """
    targets = []
    if results.get("sizes"):
        key = max(results["sizes"], key=int)
        r, label = results["sizes"][key], format_size(int(key))
        load = r.get("load", {})
        p, raw = load.get("project", {}), load.get("pyoxigraph", {})
        if "seconds" in p and "seconds" in raw:
            targets.append(_target(f"load+index at {label}: project / pyoxigraph", "load",
                                   p["seconds"] / raw["seconds"]))
            targets.append(_target(f"peak RSS of load at {label}: project / pyoxigraph", "peak_rss",
                                   p["peak_rss_mib"] / raw["peak_rss_mib"]))
        for name, q in sorted(r.get("queries", {}).items()):
            targets.append(_target(f"query {name} at {label}: project / pyoxigraph", "query_vs_pyoxigraph",
                                   q["project"] / q["pyoxigraph"] if q["pyoxigraph"] else None))
            rd = q["rdflib"] if q["rdflib"] is not None else q["rdflib_cap"]
            targets.append(_target(f"query {name} at {label}: rdflib / project", "query_vs_rdflib",
                                   rd / q["project"] if q["project"] else None, lower_bound=q["rdflib"] is None,
                                   note=f"rdflib stopped at the {q['rdflib_cap']:.1f} s cap"
                                   if q["rdflib"] is None else ""))
        proj = r.get("projection")
        if proj:
            targets.append(_target(f"projection at {label}: project_graph / MultiDiGraph from edge list",
                                   "projection", proj["project"] / proj["edge_list"]))
        views = {int(k): v for k, v in r.get("views", {}).items()}
        if len(views) >= 2:
            lo, hi = min(views), max(views)
            per_node = (views[hi]["project"] / hi) / (views[lo]["project"] / lo)
            targets.append(_target(f"view time per node, {hi} vs {lo} nodes (linear = 1)", "view_linear", per_node))
        if views:
            hi = max(views)
            targets.append(_target(f"view of {hi} nodes: pyvis from_nx+write_html / project", "view_vs_pyvis",
                                   views[hi]["pyvis"] / views[hi]["project"]))
    s = results.get("startup") or {}
    if "cold_query" in s:
        c, h = s["cold_query"], s["help"]
        targets.append(_target(f"cold `kjus query {s['query']}` / minimal pyoxigraph script", "cold_query",
                               c["kjus"] / c["minimal"]))
        targets.append(_target("`kjus --help` / bare click program", "help", h["kjus"] / h["minimal"],
                               note=f"{h['kjus'] * 1000:.0f} ms"))
    build = results.get("build") or {}
    if build:
        key = max(build, key=int)
        b, label = build[key], format_size(int(key))
        targets.append(_target(f"`kjus build` at {label}: build / pyoxigraph load + TriG dump", "build_vs_load_dump",
                               b["ratio_time"], note=f"{b['build_s']:.1f} s vs {b['baseline_s']:.2f} s"))
        targets.append(_target(f"`kjus build` at {label}: peak RSS / pyoxigraph's loading the same file", "build_rss",
                               b["ratio_rss"], note=f"{b['build_peak_rss_mib']:.0f} MiB"))
        if int(key) >= 1_000_000:
            targets.append(_target(f"`kjus build` at {label} / {BUILD_BUDGET_S:.0f} s", "build_budget",
                                   b["build_s"] / BUILD_BUDGET_S))
    seed = results.get("seed_build")
    if seed:
        targets.append(_target(f"`kjus build` of the curated sources / {SEED_BUILD_S:.0f} s", "seed_build",
                               seed["seconds"] / SEED_BUILD_S, note=f"{seed['seconds']:.2f} s"))
    if results.get("wall_s") and results.get("sizes") and max(map(int, results["sizes"])) >= 1_000_000:
        targets.append(_target("whole benchmark wall time / 15 minutes", "wall_time",
                               results["wall_s"] / WALL_BUDGET_S, note=f"{results['wall_s']:.0f} s"))
    return targets


def run_benchmark(sizes: Iterable[int] = SIZES, *, repeat: int = 3, seed: int = 1, rdflib_cap: float = 60.0,
                  rdflib_min_cap: float = 1.0, analysis_cap: float = 60.0, stages: bool = True, startup: bool = True,
                  view_sizes: Iterable[int] = VIEW_SIZES, build_sizes: Iterable[int] = (),
                  work_dir: str | Path | None = None, progress: Callable[[str], None] = lambda _m: None) -> dict:
    """Run the benchmark; return every figure and the targets (nothing is written).

    Parameters
    ----------
    sizes : dataset sizes in triples.
    repeat : runs per measurement (the median is kept; runs slower than 20 s are not repeated).
    seed : seed of the synthetic data.
    rdflib_cap : longest an rdflib query may run (seconds); the cap of each query is
        ``clamp(25 × the project's median, rdflib_min_cap, rdflib_cap)``.
    rdflib_min_cap : the smallest cap (raise it to ``rdflib_cap`` to get every rdflib answer).
    analysis_cap : longest an analysis may run (exact betweenness: a quarter of it; GEXF export: 1.5 times).
    stages : also measure projection, analyses, views and GEXF.
    view_sizes : node counts of the view benchmark (sizes larger than the graph are skipped).
    startup : also measure the cold ``kjus query`` and ``kjus --help`` on the real graph.
    build_sizes : sizes at which to time ``kjus build`` end to end against pyoxigraph load + dump
        (:mod:`graph.bench_build`), and the build of the curated sources.
    work_dir : folder for the generated data (default: a temporary folder, removed afterwards).
    progress : called with one line per step.
    """
    began = time.perf_counter()
    own = work_dir is None
    work = Path(tempfile.mkdtemp(prefix="kjus-bench-")) if own else Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": _machine(), "repeat": repeat, "seed": seed, "sizes": {}}
    try:
        for n in sorted(set(sizes)):
            results["sizes"][str(n)] = _bench_size(n, seed=seed, repeat=repeat, work=work, rdflib_cap=rdflib_cap,
                                                   rdflib_min_cap=rdflib_min_cap,
                                                   analysis_cap=analysis_cap, stages=stages,
                                                   view_sizes=tuple(view_sizes), say=progress)
        if startup:
            results["startup"] = _startup(work, max(5, repeat * 3), progress)
        if build_sizes:
            from .bench_build import bench_build, bench_seed_build
            results["build"] = bench_build(build_sizes, seed=seed, work=work, progress=progress)
            results["seed_build"] = bench_seed_build(work, repeat=max(1, repeat))
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    results["wall_s"] = time.perf_counter() - began
    results["targets"] = evaluate_targets(results)
    return results


def _machine() -> dict:
    import networkx
    import pyoxigraph
    import rdflib

    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__, "networkx": networkx.__version__}


def _s(x) -> str:
    if x is None:
        return "–"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def _ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a is not None and b else "–"


def render_markdown(results: dict) -> str:
    """The benchmark as Markdown tables: one section per size, then the targets.

    Examples
    --------
    >>> print(render_markdown({"sizes": {}, "targets": [], "machine": {}}).splitlines()[0])
    # KJUS Graph benchmark
    """
    m = results.get("machine", {})
    lines = ["# KJUS Graph benchmark", "",
             f"Medians of {results.get('repeat', '?')} runs on {m.get('cpus', '?')} CPUs, "
             f"Python {m.get('python', '?')}, pyoxigraph {m.get('pyoxigraph', '?')}, "
             f"rdflib {m.get('rdflib', '?')}, networkx {m.get('networkx', '?')}. "
             "Produced by `python -m graph.bench`; see docs/benchmark.md.", ""]
    for key, r in sorted(results.get("sizes", {}).items(), key=lambda kv: int(kv[0])):
        load = r.get("load", {})
        lines += [f"## {format_size(int(key))} triples ({r['triples']} triples, {r['documents']} documents, "
                  f"generated in {_s(r['generate_s'])})", "",
                  "| stage | project | pyoxigraph | rdflib | project / pyoxigraph | rdflib / project |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        p, o, d = (load.get(e, {}) for e in ("project", "pyoxigraph", "rdflib"))
        lines.append(f"| load + index | {_s(p.get('seconds'))} | {_s(o.get('seconds'))} | {_s(d.get('seconds'))} | "
                     f"{_ratio(p.get('seconds'), o.get('seconds'))} | {_ratio(d.get('seconds'), p.get('seconds'))} |")
        lines.append(f"| peak RSS of load (MiB) | {p.get('peak_rss_mib', '–')} | {o.get('peak_rss_mib', '–')} | "
                     f"{d.get('peak_rss_mib', '–')} | {_ratio(p.get('peak_rss_mib'), o.get('peak_rss_mib'))} | "
                     f"{_ratio(d.get('peak_rss_mib'), p.get('peak_rss_mib'))} |")
        for name, q in sorted(r.get("queries", {}).items()):
            capped = q["rdflib"] is None
            rd = f"> {q['rdflib_cap']:.1f} s" if capped else _s(q["rdflib"])
            speed = ("> " if capped else "") + _ratio(q["rdflib"] if not capped else q["rdflib_cap"], q["project"])
            agree = "" if q["agree_pyoxigraph"] and q["agree_rdflib"] in (True, None) else " ≠"
            lines.append(f"| query `{name}`{'*' if q['rewritten'] else ''} ({q['rows']} rows){agree} | "
                         f"{_s(q['project'])} | {_s(q['pyoxigraph'])} | {rd} | "
                         f"{_ratio(q['project'], q['pyoxigraph'])} | {speed} |")
        lines.append("")
        extra = _stage_rows(r)
        if extra:
            lines += ["| graph stage | project | baseline | ratio | size |",
                      "| --- | ---: | ---: | ---: | --- |", *extra, ""]
    if results.get("build"):
        from .bench_build import build_rows, stage_rows
        lines += ["## `kjus build` end to end", "",
                  "Each size is one synthetic source with its texts; `kjus build` and pyoxigraph's `bulk_load` + "
                  "TriG `dump` of the same file run as separate processes, peak RSS is each process's own.", "",
                  *build_rows(results["build"]), "", "Where the build's time goes:", "",
                  *stage_rows(results["build"]), ""]
        if results.get("seed_build"):
            lines += [f"The curated sources build in {results['seed_build']['seconds']:.2f} s "
                      f"(median of {results['seed_build']['runs']}).", ""]
    lines += ["`*` rewritten for synthetic data (graph/bench_queries/); `≠` the engines' answers differ.", "",
              "## Targets", "", "| target | ratio | limit | met |", "| --- | ---: | ---: | :---: |"]
    for t in results.get("targets", []):
        ratio = "–" if t["ratio"] is None else ("> " if t.get("ratio_is_lower_bound") else "") + f"{t['ratio']:.2f}×"
        met = {True: "yes", False: "**no**", None: "–"}[t["met"]]
        lines.append(f"| {t['name']} | {ratio} | {t['compare']} {t['limit']}× | {met} |")
    s = results.get("startup")
    if s and "cold_query" in s:
        lines += ["", f"Start-up on the real graph ({s['runs']} runs): cold `kjus query {s['query']}` "
                  f"{_s(s['cold_query']['kjus'])} vs minimal script {_s(s['cold_query']['minimal'])}; "
                  f"`kjus --help` {_s(s['help']['kjus'])} vs bare click {_s(s['help']['minimal'])}."]
    if results.get("wall_s"):
        lines += ["", f"Whole run: {results['wall_s']:.0f} s."]
    return "\n".join(lines) + "\n"


def _stage_rows(r: dict) -> list[str]:
    rows = []
    proj = r.get("projection")
    if proj:
        rows.append(f"| projection (full) vs MultiDiGraph from edge list | {_s(proj['project'])} | "
                    f"{_s(proj['edge_list'])} | {_ratio(proj['project'], proj['edge_list'])} | "
                    f"{proj['nodes']} nodes, {proj['edges']} edges |")
        if "project_store" in proj:
            rows.append(f"| projection (full) from a pyoxigraph Store (`graph.query.load_store`) vs the same | "
                        f"{_s(proj['project_store'])} | {_s(proj['edge_list'])} | "
                        f"{_ratio(proj['project_store'], proj['edge_list'])} | same graph |")
    a = r.get("analyses")
    if a:
        size = f"{a['nodes']} actors, {a['edges']} ties"
        rows.append(f"| actor projection | {_s(a['actors_projection'])} | | | {size} |")
        for name in ("pagerank", "betweenness_exact", "betweenness_sampled", "louvain"):
            if name in a:
                shown = f"> {a[name + '_cap']:.0f} s" if a[name] is None else _s(a[name])
                what = name.replace("_", " ") + (f" ({a['betweenness_samples']} sources)"
                                                 if name == "betweenness_sampled" else "")
                rows.append(f"| {what} | {shown} | | | {size} |")
    for n, v in sorted(r.get("views", {}).items(), key=lambda kv: int(kv[0])):
        rows.append(f"| view of {n} nodes vs pyvis from_nx | {_s(v['project'])} | {_s(v['pyvis'])} | "
                    f"{_ratio(v['pyvis'], v['project'])} faster | {v['edges']} edges |")
        if "default_view" in v:
            rows.append(f"| default view of the {n}-node graph (top {v['default_nodes']} shown, as `kjus view` "
                        f"writes it) vs pyvis from_nx of all {n} | {_s(v['default_view'])} | {_s(v['pyvis'])} | "
                        f"{_ratio(v['pyvis'], v['default_view'])} faster | {v['edges']} edges |")
    g = r.get("gexf")
    if g:
        shown = f"> {g['cap']:.0f} s" if g["metrics_and_layout"] is None else _s(g["metrics_and_layout"])
        rows.append(f"| GEXF: node metrics and layout of the full graph | {shown} | | | {g['nodes']} nodes |")
        rows.append(f"| GEXF: writing the file (full graph) | {_s(g['write'])} | | | {g['edges']} edges |")
    return rows


def write_report(results: dict, out_dir: str | Path | None = None, *,
                 docs: Iterable[str | Path] | None = None) -> list[Path]:
    """Write ``bench.json`` and ``bench.md`` into ``out_dir`` (default ``exports/bench``) atomically.

    The figures of the docs are generated from the same results
    (:func:`graph.bench_docs.update_docs`): those of ``docs`` when given, else, when
    writing to the default folder, those of ``docs/benchmark.md`` and ``README.md``.
    Returns every file written.
    """
    from .bench_docs import update_docs

    out = Path(out_dir) if out_dir is not None else exports_dir() / "bench"
    text = json.dumps(results, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    written = [write_atomic(out / "bench.json", text), write_atomic(out / "bench.md", render_markdown(results))]
    if docs is not None or out_dir is None or Path(out_dir).resolve() == (exports_dir() / "bench").resolve():
        written += update_docs(results, docs)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m graph.bench [--sizes 10k,100k,1M] [--repeat 3] [--out exports/bench]``."""
    import argparse

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--worker"]:
        _worker_main(args[1])
        return 0
    parser = argparse.ArgumentParser(prog="python -m graph.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated sizes (default 10k,100k,1M)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median kept)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data")
    parser.add_argument("--out", default=None, help="output folder (default exports/bench)")
    parser.add_argument("--rdflib-cap", type=float, default=60.0, help="longest rdflib query run, seconds")
    ns = parser.parse_args(args)
    results = run_benchmark([parse_size(s) for s in ns.sizes.split(",")], repeat=ns.repeat, seed=ns.seed,
                            rdflib_cap=ns.rdflib_cap, progress=lambda m: print(f"· {m}", file=sys.stderr))
    for path in write_report(results, ns.out):
        print(path, file=sys.stderr)
    print(render_markdown(results))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
