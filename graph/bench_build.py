"""The benchmark's end-to-end stage: ``kjus build`` on synthetic sources against pyoxigraph load + dump.

Each size gets one synthetic source (:func:`graph.synth.write_synth`, texts
beside it so every quote is checked) and two separate processes, run the same
way so that neither is favoured: ``kjus build`` of that source into a fresh
folder, and pyoxigraph's ``bulk_load`` of the same file followed by a TriG
``dump`` — what the fastest engine needs to read and write the data at all.
Wall time is measured from outside; peak RSS is each process's own
(``ru_maxrss`` of the finished child).  The build's own progress lines,
time-stamped as they arrive, give the time of each stage.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["bench_build", "bench_seed_build", "build_rows", "stage_rows", "stage_name"]

_BASELINE = """
import sys, pyoxigraph as ox
store = ox.Store()
for path in sys.argv[2:]:
    store.bulk_load(path=path, format=ox.RdfFormat.TRIG)
with open(sys.argv[1], "wb") as fh:
    store.dump(fh, format=ox.RdfFormat.TRIG)
"""
#: Source files the synthetic data is split into: an incremental build changes one of them.
FILES = 100


def _run(cmd: list[str], env: dict) -> dict:
    """Wall time, peak memory (MiB) and the time-stamped stderr lines of one child process.

    The child is reaped with ``os.wait4``, whose resource usage is that child's
    alone, so the two processes of a size are measured independently.  A
    process that forks helpers (``kjus build`` writes RDF in a second process)
    would hide their memory in ``ru_maxrss`` (the largest process, not the
    sum), so the tree's memory is also sampled every 50 ms as the sum of each
    process's proportional set size (PSS: pages shared copy-on-write are split
    between the processes, not counted twice); the peak reported is the larger
    of the two figures.
    """
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = _TreeMemory(proc.pid)
    lines = [(time.perf_counter() - began, line.rstrip("\n")) for line in proc.stderr]
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - began
    tree_peak = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}…: exit {proc.returncode}: " + " / ".join(t for _, t in lines[-3:]))
    return {"seconds": took, "peak_rss_mib": max(usage.ru_maxrss / 1024, tree_peak), "lines": lines,
            "tree_peak_pss_mib": tree_peak}


class _TreeMemory:
    """Sample the summed PSS (MiB) of a process and its descendants in a thread, keeping the peak."""

    def __init__(self, pid: int, every: float = 0.05):
        self.pid, self.every, self.peak = pid, every, 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.done.wait(self.every):
            self.peak = max(self.peak, sum(_pss_mib(p) for p in _tree(self.pid)))

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return self.peak


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from ``/proc/*/task/*/children``."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for children in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo.extend(int(c) for c in children.read_text().split())
            except OSError:
                pass
    return out


def _pss_mib(pid: int) -> float:
    """The proportional set size of one process in MiB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def stage_name(text: str) -> str:
    """A progress line of the build as a stage name that is the same at every size.

    Examples
    --------
    >>> stage_name("loaded 12027 quads in 433 graphs; validating")
    'validating'
    >>> stage_name("analysing 709 nodes, 1749 edges")
    'analysing N nodes, N edges'
    >>> stage_name("wrote 944 files to /tmp/out")
    'publishing the export set'
    >>> stage_name("validating 1 changed source file(s); reused the checks of 99 unchanged one(s)")
    'validating'
    """
    if text.startswith(("validating", "reused the checks of")):   # "validating 1 changed …; reused the checks …"
        return "validating"
    text = text.split(";", 1)[1].strip() if ";" in text else text.split(" (")[0]
    if text.startswith("validating"):       # "loaded … quads in … graphs; validating all 100 source file(s)"
        return "validating"
    if text.startswith("the RDF files took"):   # the line that closes the wait: no time of its own
        return "waiting for the RDF files"
    text = re.sub(r"\s+to\s+/\S*$", "", text)
    text = re.sub(r"\d[\d,.]*", "N", text)
    if text.startswith("wrote N files"):
        return "publishing the export set"
    if re.fullmatch(r"loaded N quads in N graphs", text):      # the line that announces validation
        return "validating"
    return text


def _stages(lines: list[tuple[float, str]], total: float) -> list[dict]:
    """Seconds between one progress line of the build and the next: the stage each line announced."""
    steps = [(t, text.lstrip("· ")) for t, text in lines if text.startswith("·")]
    out = []
    for (t, text), (t_next, _) in zip(steps, [*steps[1:], (total, "")]):
        out.append({"stage": stage_name(text), "seconds": round(t_next - t, 3)})
    return out


def bench_build(sizes: Iterable[int], *, seed: int, work: Path,
                progress: Callable[[str], None] = lambda _m: None) -> dict:
    """Measure ``kjus build`` and the pyoxigraph baseline at each size; return the figures by size."""
    from .synth import split_trig, write_synth

    results = {}
    env = {k: v for k, v in os.environ.items() if k not in ("KJUS_EXPORTS", "KJUS_CACHE")}
    for n in sorted(set(sizes)):
        folder = work / f"build-{n}"
        folder.mkdir(parents=True, exist_ok=True)
        made = write_synth(folder / f"synth-{n}.trig", n, seed)
        parts = split_trig(made["path"], FILES, folder / "sources")
        made["path"].unlink()
        progress(f"build stage, {n} triples in {len(parts)} files: kjus build")
        run_env = {**env, "KJUS_SOURCE_DIR": str(made["texts_dir"])}
        command = [sys.executable, "-m", "graph", "build", "--out", str(folder / "out"),
                   "--sources", str(folder / "sources")]
        build = _run(command, run_env)
        progress(f"build stage, {n} triples: pyoxigraph bulk_load + TriG dump")
        base = _run([sys.executable, "-c", _BASELINE, str(folder / "dump.trig"), *map(str, parts)], env)
        progress(f"build stage, {n} triples: kjus build again after changing one of {len(parts)} files")
        _touch(parts[len(parts) // 2])
        again = _run(command, run_env)
        results[str(n)] = {
            "triples": made["triples"], "documents": made["documents"], "files": len(parts),
            "incremental_s": round(again["seconds"], 3),
            "incremental_peak_rss_mib": round(again["peak_rss_mib"], 1),
            "ratio_incremental": round(again["seconds"] / build["seconds"], 3),
            "incremental_stages": _stages(again["lines"], again["seconds"]),
            "incremental_rdf_process_s": _rdf_seconds(again["lines"]),
            "build_s": round(build["seconds"], 3), "build_peak_rss_mib": round(build["peak_rss_mib"], 1),
            "baseline_s": round(base["seconds"], 3),
            "baseline_peak_rss_mib": round(base["peak_rss_mib"], 1),
            "ratio_time": round(build["seconds"] / base["seconds"], 2),
            "ratio_rss": round(build["peak_rss_mib"] / base["peak_rss_mib"], 2),
            "stages": _stages(build["lines"], build["seconds"]),
            "tree_peak_pss_mib": round(build["tree_peak_pss_mib"], 1),
            "rdf_process_s": _rdf_seconds(build["lines"]),
        }
    return results


def _rdf_seconds(lines: list[tuple[float, str]]) -> float | None:
    """The seconds the build's second process spent writing the RDF files, as the build reported them."""
    for _, text in lines:
        found = re.search(r"the RDF files took ([\d.]+) s", text)
        if found:
            return float(found.group(1))
    return None


def _touch(path: Path) -> None:
    """Change one source file the way a curator would: reword one statement's summary."""
    text = path.read_text(encoding="utf-8")
    at = text.index('kj:summary "') + len('kj:summary "')
    path.write_text(text[:at] + "(revised) " + text[at:], encoding="utf-8")


def bench_seed_build(work: Path, *, repeat: int = 3) -> dict:
    """Median wall time of ``kjus build`` of the curated sources, each run a fresh process."""
    import statistics
    env = {k: v for k, v in os.environ.items() if k not in ("KJUS_EXPORTS", "KJUS_SOURCE_DIR")}
    runs = [_run([sys.executable, "-m", "graph", "build", "--out", str(work / f"seed-{i}")], env)["seconds"]
            for i in range(repeat)]
    return {"seconds": round(statistics.median(runs), 3), "runs": repeat}


def build_rows(build: dict) -> list[str]:
    """Markdown rows of the build stage, figures and ratios side by side."""
    rows = ["| triples | documents | files | `kjus build` | pyoxigraph load + dump | ratio | build peak RSS | "
            "pyoxigraph peak RSS | ratio | rebuild after changing one file | of the full build |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for _, r in sorted(build.items(), key=lambda kv: int(kv[0])):
        again = (f"{r['incremental_s']:.1f} s | {100 * r['ratio_incremental']:.0f}%" if "incremental_s" in r
                 else "– | –")
        rows.append(f"| {r['triples']} | {r['documents']} | {r.get('files', 1)} | {r['build_s']:.1f} s | "
                    f"{r['baseline_s']:.2f} s | {r['ratio_time']:.0f}× | {r['build_peak_rss_mib']:.0f} MiB | "
                    f"{r['baseline_peak_rss_mib']:.0f} MiB | {r['ratio_rss']:.1f}× | {again} |")
    return rows


def stage_rows(build: dict) -> list[str]:
    """Markdown rows: where the build's time goes, stage by stage, at each size, and in the rebuild.

    The rebuild after changing one source file gets its own column at each size that has one.
    """
    sizes = sorted(build, key=int)
    columns = [(f"{int(n):,} triples", build[n]["stages"], build[n].get("rdf_process_s")) for n in sizes]
    columns += [(f"{int(n):,}, rebuilt after one file changed", build[n]["incremental_stages"],
                 build[n].get("incremental_rdf_process_s")) for n in sizes if build[n].get("incremental_stages")]
    names = list(dict.fromkeys(stage_name(s["stage"]) for _, stages, _ in columns for s in stages))
    rows = ["| stage | " + " | ".join(title for title, _, _ in columns) + " |",
            "| --- |" + " ---: |" * len(columns)]
    for name in names:
        cells = []
        for _, stages, _ in columns:
            took = [s["seconds"] for s in stages if stage_name(s["stage"]) == name]
            cells.append(f"{sum(took):.2f} s" if took else "–")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    if any(rdf is not None for _, _, rdf in columns):
        rows.append("| RDF files, in a second process beside validating, indexing and the conflicts | " +
                    " | ".join(f"{rdf:.2f} s" if rdf is not None else "–" for _, _, rdf in columns) + " |")
    return rows
