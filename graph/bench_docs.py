"""The benchmark's figures in the docs, generated from ``exports/bench/bench.json``.

Figures copied into prose by hand drift from the run that produced them, so
``docs/benchmark.md`` and the README carry none: each figure sits in a block
between two marker comments and is rendered from ``bench.json``::

    <!-- bench:summary begin (generated from exports/bench/bench.json by graph.bench_docs; do not edit) -->
    …
    <!-- bench:summary end -->

Blocks (:data:`BLOCKS`):

``summary``
    the machine, the sizes, how many targets were met and how long the run took;
``targets``
    every target with its limit and how the last run did against it;
``misses``
    each missed target with its ratio, its limit and the measurements behind it;
``stages``
    the slow stages without a target (GEXF, exact and sampled betweenness) at the largest size;
``build``
    ``kjus build`` end to end beside pyoxigraph load + dump at each build size, and where its time goes.

:func:`render_block` renders one block, :func:`fill_blocks` every block of a
Markdown text, and :func:`update_docs` rewrites the files whose blocks changed.
:func:`graph.bench.write_report` calls :func:`update_docs` when it writes the
committed ``exports/bench/bench.json``; ``tests/test_docs.py`` fails when the
committed docs differ from what ``bench.json`` gives.

Examples
--------
>>> results = {"machine": {"cpus": 2}, "repeat": 3, "wall_s": 61.2, "sizes": {"10000": {}},
...            "targets": [{"name": "load+index at 10k: project / pyoxigraph", "kind": "load",
...                         "ratio": 1.1, "limit": 1.3, "compare": "<=", "met": True}]}
>>> text = "Prose.\\n<!-- bench:summary begin -->\\nold figures\\n<!-- bench:summary end -->\\nMore prose.\\n"
>>> print(fill_blocks(text, results), end="")
Prose.
<!-- bench:summary begin -->
The last run (medians of 3 runs on 2 CPUs, Python ?, pyoxigraph ?, rdflib ?, networkx ?; synthetic graphs of 10k triples) met **1 of 1** targets, judged at 10k; the whole run took 61 s.
<!-- bench:summary end -->
More prose.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from .errors import ExportError, SourceError
from .files import write_atomic
from .paths import CHECKOUT, ROOT

__all__ = ["BLOCKS", "KINDS", "DOC_FILES", "render_block", "fill_blocks", "block_names", "update_docs",
           "read_results"]

#: What each target kind measures; ``{size}`` is the largest size of the run (``1M``).
KINDS = {
    "load": "load + index at {size}, project / raw pyoxigraph",
    "peak_rss": "peak RSS of that load, project / raw pyoxigraph",
    "query_vs_pyoxigraph": "each competency query at {size}, project / raw pyoxigraph",
    "query_vs_rdflib": "each competency query at {size}, rdflib / project",
    "projection": "projection at {size}, `project_graph` / `MultiDiGraph` from the edge list",
    "view_linear": "view generation linear (time per node at the largest view / at the smallest)",
    "view_vs_pyvis": "view of the largest graph, pyvis / project",
    "cold_query": "cold `kjus query NAME` / minimal pyoxigraph script",
    "help": "`kjus --help` / bare click program",
    "wall_time": "whole benchmark at 1M / 15 minutes",
    "build_vs_load_dump": "`kjus build` at the largest build size / pyoxigraph load + TriG dump of the same file",
    "build_rss": "peak RSS of that build / pyoxigraph's loading the same file",
    "build_budget": "`kjus build` at 1M / 180 s",
    "seed_build": "`kjus build` of the curated sources / 3 s",
    "incremental_build": "`kjus build` at 1M again after changing one of 100 source files / the full build",
}
#: The Markdown files that hold blocks (in a checkout; an installed wheel has none).
DOC_FILES = (ROOT / "docs" / "benchmark.md", ROOT / "README.md")
_BLOCK = re.compile(r"^<!-- bench:(?P<name>[\w-]+) begin\b[^\n]*-->\n(?P<body>.*?)^<!-- bench:(?P=name) end -->$",
                    re.M | re.S)
_MARKER = re.compile(r"^<!-- bench:(?P<name>[\w-]+) (?P<edge>begin|end)\b", re.M)


def read_results(path: str | Path) -> dict:
    """Read a ``bench.json``; a missing or broken file is a :class:`~graph.errors.SourceError`.

    Examples
    --------
    >>> read_results("no/such/bench.json")
    Traceback (most recent call last):
    ...
    graph.errors.SourceError: no/such/bench.json: cannot read (No such file or directory); run `kjus bench` first
    """
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror}); run `kjus bench` first") from None
    except ValueError as exc:
        raise SourceError(f"{path}: not a benchmark result ({exc})") from None


def render_block(results: dict, name: str) -> str:
    """The text of block ``name`` (one of :data:`BLOCKS`) for ``results``, ending with a newline.

    Examples
    --------
    >>> results = {"sizes": {"1000000": {"queries": {"ask-x": {"project": 0.0003, "pyoxigraph": 0.00015}}}},
    ...            "targets": [{"name": "query ask-x at 1M: project / pyoxigraph", "kind": "query_vs_pyoxigraph",
    ...                         "ratio": 2.0, "limit": 1.2, "compare": "<=", "met": False}]}
    >>> print(render_block(results, "misses"), end="")
    | missed target | ratio | limit | measured |
    | --- | ---: | ---: | --- |
    | query ask-x at 1M: project / pyoxigraph | 2.00× | ≤ 1.2× | project 0.3 ms, raw pyoxigraph 0.1 ms |
    >>> render_block(results, "nonsense")
    Traceback (most recent call last):
    ...
    graph.errors.ExportError: unknown benchmark block 'nonsense'; known: summary, targets, misses, stages, build
    """
    if name not in BLOCKS:
        raise ExportError(f"unknown benchmark block {name!r}; known: {', '.join(BLOCKS)}")
    return BLOCKS[name](results)


def block_names(text: str, label: str = "text") -> list[str]:
    """Names of the blocks in ``text``, in order; a marker without its pair is an error naming its line.

    Examples
    --------
    >>> block_names("<!-- bench:summary begin -->\\nx\\n<!-- bench:summary end -->\\n")
    ['summary']
    >>> block_names("a\\n<!-- bench:misses begin -->\\nx\\n", "README.md")
    Traceback (most recent call last):
    ...
    graph.errors.ExportError: README.md, line 2: <!-- bench:misses begin --> has no matching <!-- bench:misses end -->
    """
    names, covered = [], []
    for m in _BLOCK.finditer(text):
        names.append(m["name"])
        covered.append((m.start(), m.end()))
    for m in _MARKER.finditer(text):
        if not any(start <= m.start() < end for start, end in covered):
            other = "end" if m["edge"] == "begin" else "begin"
            line = text.count("\n", 0, m.start()) + 1
            raise ExportError(f"{label}, line {line}: <!-- bench:{m['name']} {m['edge']} --> has no matching "
                              f"<!-- bench:{m['name']} {other} -->")
    return names


def fill_blocks(text: str, results: dict, label: str = "text") -> str:
    """``text`` with the body of every block replaced by :func:`render_block`; the rest is kept as it is.

    Examples
    --------
    >>> fill_blocks("no blocks here\\n", {})
    'no blocks here\\n'
    """
    block_names(text, label)
    return _BLOCK.sub(lambda m: m.group(0)[: m.start("body") - m.start()] + render_block(results, m["name"])
                      + f"<!-- bench:{m['name']} end -->", text)


def update_docs(results: dict, paths: Iterable[str | Path] | None = None) -> list[Path]:
    """Re-render the blocks of ``paths`` (default :data:`DOC_FILES` in a checkout); return the files changed.

    Files that do not exist are skipped; a file is written (atomically) only when its text changes.

    Examples
    --------
    >>> import tempfile, os
    >>> doc = os.path.join(tempfile.mkdtemp(), "doc.md")
    >>> _ = open(doc, "w", encoding="utf-8").write("<!-- bench:summary begin -->\\n<!-- bench:summary end -->\\n")
    >>> [p.name for p in update_docs({"sizes": {}, "targets": []}, [doc])]
    ['doc.md']
    >>> update_docs({"sizes": {}, "targets": []}, [doc])
    []
    """
    if paths is None:
        paths = DOC_FILES if CHECKOUT else ()
    changed = []
    for path in map(Path, paths):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        new = fill_blocks(text, results, str(path))
        if new != text:
            changed.append(write_atomic(path, new))
    return changed


# --------------------------------------------------------------------------- the blocks

def _summary(results: dict) -> str:
    from .bench import _packages, _s, format_size

    m, targets = results.get("machine", {}), results.get("targets", [])
    packages = _packages(m)
    sizes = sorted(map(int, results.get("sizes", {})))
    shown = " and ".join(filter(None, [", ".join(map(format_size, sizes[:-1])),
                                       format_size(sizes[-1]) if sizes else ""])) or "no"
    judged = [t for t in targets if t["met"] is not None]
    text = (f"The last run (medians of {results.get('repeat', '?')} runs on {m.get('cpus', '?')} CPUs{_hardware(m)}, "
            f"Python {m.get('python', '?')}, pyoxigraph {packages.get('pyoxigraph', '?')}, "
            f"rdflib {packages.get('rdflib', '?')}, networkx {packages.get('networkx', '?')}; "
            f"synthetic graphs of {shown} triples) met **{sum(t['met'] is True for t in judged)} of {len(judged)}** "
            "targets")
    undecided = _undecided(targets)
    if undecided:
        text += f" ({len(undecided)} more undecided: rdflib stopped at its cap)"
    if sizes:
        text += f", judged at {format_size(sizes[-1])}"
    if results.get("wall_s"):
        text += f"; the whole run took {results['wall_s']:.0f} s"
    text += "."
    if m.get("date"):
        text += f" Measured {m['date']} at commit {m.get('commit') or '?'}."
    load = results["sizes"][str(sizes[-1])].get("load", {}) if sizes else {}
    engines = [(name, load[key]) for key, name in (("project", "the project"), ("pyoxigraph", "raw pyoxigraph"),
                                                     ("rdflib", "rdflib")) if "seconds" in load.get(key, {})]
    if engines:
        text += (f" Loading and indexing {format_size(sizes[-1])} triples took "
                 + ", ".join(f"{name} {_s(e['seconds'])} and {e['peak_rss_mib']} MiB" for name, e in engines) + ".")
    return text + "\n"


def _hardware(m: dict) -> str:
    """`` of CPU model, RAM, system`` when the machine record has them (a bench.json before it does not)."""
    if not m.get("cpu_model"):
        return ""
    ram = f", {m['ram_mib'] / 1024:.0f} GiB RAM" if m.get("ram_mib") else ""
    return f" of {m['cpu_model']}{ram}, {m.get('os', '?')}"


def _undecided(targets: list[dict]) -> list[dict]:
    """Targets a stopped run could not decide (their ``met`` is None, their ratio a lower bound)."""
    return [t for t in targets if t["met"] is None and t.get("ratio_is_lower_bound") and t["ratio"] is not None]


def _targets(results: dict) -> str:
    from .bench import TARGETS, _limit_text, _shown_verdict, _target_ratio, format_size

    sizes = sorted(map(int, results.get("sizes", {})))
    size = format_size(sizes[-1]) if sizes else "the largest size"
    lines = ["| target | limit | the last run |", "| --- | ---: | --- |"]
    for kind, what in KINDS.items():
        limit, compare = TARGETS[kind]
        kin = [t for t in results.get("targets", []) if t["kind"] == kind]
        mine = [t for t in kin if t["met"] is not None]
        if not mine:
            verdict = "not measured"
        elif len(mine) == 1:
            verdict = _shown_verdict(mine[0]) + f": {_target_ratio(mine[0])}"
        else:
            worst = max(mine, key=lambda t: t["ratio"]) if compare == "<=" else min(mine, key=lambda t: t["ratio"])
            verdict = f"{sum(t['met'] for t in mine)} of {len(mine)} met; worst {_target_ratio(worst)}"
        undecided = _undecided(kin)
        if undecided:
            verdict += f"; {len(undecided)} undecided (rdflib stopped at its cap)"
        shown = _limit_text({"limit": limit, "compare": compare,
                             "allowance_s": next((t.get("allowance_s") for t in kin), None)})
        lines.append(f"| {what.format(size=size)} | {shown} | {verdict} |")
    return "\n".join(lines) + "\n"


def _misses(results: dict) -> str:
    from .bench import _limit_text, _target_ratio

    lines = ["| missed target | ratio | limit | measured |", "| --- | ---: | ---: | --- |"]
    missed = [t for t in results.get("targets", []) if t["met"] is False]
    for t in missed:
        lines.append(f"| {t['name']} | {_target_ratio(t)} | {_limit_text(t)} | {_measured(results, t)} |")
    if not missed:
        lines.append("| (none) | | | |")
    undecided = _undecided(results.get("targets", []))
    if undecided:
        lines += ["", "Undecided, because rdflib stopped at its cap before the lower bound cleared the limit: "
                  + "; ".join(f"{t['name']} {_target_ratio(t)} ({_measured(results, t)})" for t in undecided) + "."]
    return "\n".join(lines) + "\n"


def _stages(results: dict) -> str:
    from .bench import _s, format_size

    sizes = results.get("sizes", {})
    if not sizes:
        return "(not measured)\n"
    key = max(sizes, key=int)
    r, lines = sizes[key], []
    g, a = r.get("gexf"), r.get("analyses")
    if g:
        layout = f"over {g['cap']:.0f} s (stopped)" if g["metrics_and_layout"] is None else _s(g["metrics_and_layout"])
        lines.append(f"* GEXF of the full graph at {format_size(int(key))} ({g['nodes']} nodes, {g['edges']} edges): "
                     f"node metrics and layout {layout}, writing the file {_s(g['write'])}.")
    if a and "betweenness_exact" in a:
        exact = (f"over {a['betweenness_exact_cap']:.0f} s (stopped)" if a["betweenness_exact"] is None
                 else _s(a["betweenness_exact"]))
        sampled = ""
        if a.get("betweenness_sampled") is not None:
            sampled = f"; sampled from {a['betweenness_samples']} sources {_s(a['betweenness_sampled'])}"
        lines.append(f"* Betweenness of the actor graph at {format_size(int(key))} ({a['nodes']} actors, "
                     f"{a['edges']} ties): exact {exact}{sampled}.")
    return "\n".join(lines or ["(not measured)"]) + "\n"


def _build(results: dict) -> str:
    from .bench_build import build_rows, stage_rows

    build = results.get("build")
    if not build:
        return "(not measured)\n"
    lines = [*build_rows(build), "", *stage_rows(build)]
    if results.get("seed_build"):
        lines += ["", f"The curated sources build in {results['seed_build']['seconds']:.2f} s "
                      f"(median of {results['seed_build']['runs']} runs)."]
    return "\n".join(lines) + "\n"


#: Block name -> renderer.
BLOCKS = {"summary": _summary, "targets": _targets, "misses": _misses, "stages": _stages, "build": _build}


def _measured(results: dict, t: dict) -> str:
    """The measurements behind target ``t``, in words."""
    from .bench import _s

    sizes = results.get("sizes", {})
    r = sizes[max(sizes, key=int)] if sizes else {}
    kind = t["kind"]
    if kind in ("load", "peak_rss"):
        load = r.get("load", {})
        p, raw = load.get("project", {}), load.get("pyoxigraph", {})
        if kind == "load":
            return f"project {_s(p.get('seconds'))}, raw pyoxigraph {_s(raw.get('seconds'))}"
        return f"project {p.get('peak_rss_mib')} MiB, raw pyoxigraph {raw.get('peak_rss_mib')} MiB"
    if kind.startswith("query_"):
        m = re.match(r"query (\S+) at ", t["name"])
        q = r.get("queries", {}).get(m[1] if m else "", {})
        if kind == "query_vs_pyoxigraph":
            text = f"project {_s(q.get('project'))}, raw pyoxigraph {_s(q.get('pyoxigraph'))}"
            if "project_first_s" in q:     # a bench.json before first runs has none
                text += (f" (first runs: project {_s(q['project_first_s'])}, "
                         f"raw pyoxigraph {_s(q['pyoxigraph_first_s'])})")
            return text
        rdflib = f"> {q['rdflib_cap']:.1f} s (stopped)" if q.get("rdflib") is None else _s(q["rdflib"])
        return f"rdflib {rdflib}, project {_s(q.get('project'))}"
    if kind == "projection":
        p = r.get("projection", {})
        text = f"`project_graph` {_s(p.get('project'))}, edge list {_s(p.get('edge_list'))}"
        if "project_store" in p:
            text += f"; from a pyoxigraph Store {_s(p['project_store'])}"
        return text + f" ({p.get('nodes')} nodes, {p.get('edges')} edges)"
    if kind in ("view_linear", "view_vs_pyvis"):
        views = {int(k): v for k, v in r.get("views", {}).items()}
        if not views:
            return "–"
        if kind == "view_linear":
            return ", ".join(f"{n} nodes {_s(views[n]['project'])}" for n in sorted(views))
        n = max(views)
        v = views[n]
        text = f"{n} nodes: pyvis {_s(v['pyvis'])}, project {_s(v['project'])}"
        if "default_view" in v:
            text += (f"; the default view (top {v['default_nodes']} shown, what `kjus view` writes) "
                     f"{_s(v['default_view'])}, {v['pyvis'] / v['default_view']:.2f}× faster than pyvis")
        return text
    s = results.get("startup", {})
    if kind == "cold_query" and "cold_query" in s:
        return (f"cold `kjus query {s['query']}` {_s(s['cold_query']['kjus'])}, minimal script "
                f"{_s(s['cold_query']['minimal'])} ({s['runs']} runs)")
    if kind == "help" and "help" in s:
        return f"`kjus --help` {_s(s['help']['kjus'])}, bare click {_s(s['help']['minimal'])} ({s['runs']} runs)"
    if kind == "wall_time" and results.get("wall_s"):
        return f"{results['wall_s']:.0f} s"
    build = results.get("build") or {}
    if kind in ("build_vs_load_dump", "build_rss", "build_budget") and build:
        b = build[max(build, key=int)]
        if kind == "build_rss":
            return f"build {b['build_peak_rss_mib']:.0f} MiB, pyoxigraph {b['baseline_peak_rss_mib']:.0f} MiB"
        return f"build {b['build_s']:.1f} s, pyoxigraph load + dump {b['baseline_s']:.2f} s ({b['triples']} triples)"
    if kind == "seed_build" and results.get("seed_build"):
        return f"{results['seed_build']['seconds']:.2f} s"
    if kind == "incremental_build" and build and "incremental_s" in build[max(build, key=int)]:
        b = build[max(build, key=int)]
        return f"rebuild {b['incremental_s']:.1f} s, full build {b['build_s']:.1f} s ({b['files']} files)"
    return "–"
