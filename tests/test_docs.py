"""The docs say what the code and the data say.

* Every figure of the benchmark in ``docs/benchmark.md`` and the README is the one
  ``exports/bench/bench.json`` gives (:mod:`graph.bench_docs`), and the prose around
  those figures carries no measurements of its own.
* Every ``graph/…`` path, ``graph.module.name`` and ``kjus COMMAND --option`` that
  README.md, SECURITY.md and docs/*.md mention exists.
* The stage table of docs/design.md names real modules, functions and parameters.
* ``graph.prefixes`` claims that the query path starts without rdflib: it does.
"""
from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from graph.bench import TARGETS
from graph.bench_docs import DOC_FILES, block_names, fill_blocks, read_results
from graph.cli import main
from graph.paths import ROOT

BENCH_JSON = ROOT / "exports" / "bench" / "bench.json"
DOCS = [ROOT / "README.md", ROOT / "SECURITY.md", *sorted((ROOT / "docs").glob("*.md"))]
#: Paths a walkthrough asks the reader to create (README, "Adding a source").
#: Paths the docs give as examples of what a user's own commands write (not files of the repository);
#: ``NNN`` in a path is a placeholder too.
EXAMPLE_PATHS = {"graph/sources/001_example.trig", "graph/sources/001_f726fe28482c807b.trig"}
_BLOCK = re.compile(r"^<!-- bench:([\w-]+) begin.*?^<!-- bench:\1 end -->$", re.M | re.S)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _section(text: str, heading: str) -> str:
    """The Markdown section under ``heading`` (up to the next heading of the same or a higher level)."""
    level = heading.split(" ")[0]
    start = text.index(heading + "\n")
    end = re.compile(rf"^#{{1,{len(level)}}} ", re.M).search(text, start + len(heading))
    return text[start:end.start() if end else len(text)]


# --------------------------------------------------------------------------- the benchmark's figures

@pytest.mark.parametrize("doc", DOC_FILES, ids=_rel)
def test_benchmark_figures_are_those_of_bench_json(doc):
    text = doc.read_text(encoding="utf-8")
    assert block_names(text, _rel(doc)), f"{_rel(doc)} has no <!-- bench:… --> block"
    assert text == fill_blocks(text, read_results(BENCH_JSON), _rel(doc)), (
        f"{_rel(doc)}: the benchmark figures differ from exports/bench/bench.json; regenerate them with "
        "python -c 'from graph.bench_docs import *; update_docs(read_results(\"exports/bench/bench.json\"))'")


def test_benchmark_page_has_every_block():
    text = (ROOT / "docs" / "benchmark.md").read_text(encoding="utf-8")
    assert block_names(text) == ["targets", "summary", "misses", "stages", "build"]


#: A measurement written as prose: a time, a memory size, a ratio (other than a target's limit), a count of
#: targets met.
_MEASUREMENT = re.compile(r"\d[\d,.]*\s?(?:ms|MiB|GiB|s\b|min\b|minutes)|\d[\d.]*\s?(?:–\s?\d[\d.]*\s?)?×"
                          r"|≈ ?\d|\d+ of \d+")


@pytest.mark.parametrize("doc,heading", [(ROOT / "docs" / "benchmark.md", "## Why some targets are missed"),
                                         (ROOT / "README.md", "## Scale: synthetic data and the benchmark")],
                         ids=["benchmark.md", "README.md"])
def test_prose_around_the_figures_carries_no_measurement(doc, heading):
    prose = _BLOCK.sub("", _section(doc.read_text(encoding="utf-8"), heading))
    limits = {f"{limit:g}×" for limit, _ in TARGETS.values()}
    found = [m[0] for m in _MEASUREMENT.finditer(prose) if m[0].replace(" ", "") not in limits]
    assert found == [], f"{_rel(doc)}, {heading}: figures outside the generated blocks: {found}"


# --------------------------------------------------------------------------- names the docs mention

def _mentions(pattern: re.Pattern) -> list:
    """``(doc, text)`` for every match of ``pattern`` in the docs, as pytest parameters with short ids."""
    found = sorted({(_rel(doc), m[0]) for doc in DOCS for m in pattern.finditer(doc.read_text(encoding="utf-8"))})
    return [pytest.param(doc, text, id=f"{doc}:{' '.join(text.split('#')[0].split()[:3])}") for doc, text in found]


_PATH = re.compile(r"(?<![\w/.-])graph/[\w.*/-]*[\w*/]")


@pytest.mark.parametrize("doc,path", _mentions(_PATH))
def test_every_graph_path_the_docs_mention_exists(doc, path):
    if path in EXAMPLE_PATHS or "NNN" in path:
        return
    matches = list(ROOT.glob(path.rstrip("/"))) if "*" in path else [ROOT / path]
    assert matches and all(m.exists() for m in matches), f"{doc} mentions {path}, which does not exist"


_DOTTED = re.compile(r"(?<![\w./-])graph(?:\.[A-Za-z_]\w*)+")


@pytest.mark.parametrize("doc,name", _mentions(_DOTTED))
def test_every_python_name_the_docs_mention_exists(doc, name):
    parts = name.split(".")
    for i in range(len(parts), 0, -1):       # the longest importable module, then attributes
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            assert hasattr(obj, attr), f"{doc} mentions {name}: {'.'.join(parts[:i])} has no {attr}"
            obj = getattr(obj, attr)
        return
    pytest.fail(f"{doc} mentions {name}, which is no module")


_COMMAND = re.compile(r"(?:^|(?<=[\s`$(]))kjus ([a-z][a-z-]*)([^`\n]*)", re.M)


def _options(command: click.Command) -> set[str]:
    return {o for p in command.params for o in (*p.opts, *p.secondary_opts)} | {"--help"}


@pytest.mark.parametrize("doc,line", _mentions(_COMMAND))
def test_every_kjus_command_and_option_the_docs_mention_exists(doc, line):
    m = _COMMAND.match(line) or _COMMAND.search(line)
    name, rest = m[1], re.split(r"\s#|\bkjus ", m[2])[0]
    assert name in main.commands, f"{doc} mentions `kjus {name}`, which is no command"
    command = main.commands[name]
    if isinstance(command, click.Group):
        sub = rest.split()[0] if rest.split() else ""
        assert sub in command.commands, f"{doc} mentions `kjus {name} {sub}`, which is no command"
        command = command.commands[sub]
    unknown = [o for o in re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest) if o not in _options(command)]
    assert unknown == [], f"{doc}: `kjus {name}` has no option {', '.join(unknown)} ({line.strip()})"


# --------------------------------------------------------------------------- docs/design.md

def _stage_table() -> list[list[str]]:
    """The rows of the first table under "## Stage interfaces (Python)": (stage, module, functions)."""
    text = _section((ROOT / "docs" / "design.md").read_text(encoding="utf-8"), "## Stage interfaces (Python)")
    table = re.search(r"^\| stage \|.*\n\|[- |]+\|\n((?:\|.*\n)+)", text, re.M)
    assert table, "docs/design.md: no stage table under '## Stage interfaces (Python)'"
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in table[1].splitlines()]


def test_design_pipeline_names_every_stage_of_its_table():
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    pipeline = next(line for line in text.splitlines() if line.startswith("sources ") and "→" in line)
    stages = [s for part in pipeline.split("→") for s in part.split("(")[0].strip().split(" / ")]
    assert stages == ["sources", "load", "validate", "infer", "query", "project", "analyse", "render"]
    assert [row[0] for row in _stage_table()][:len(stages)] == stages


@pytest.mark.parametrize("row", _stage_table(), ids=lambda row: row[0])
def test_design_stage_table_names_real_modules_functions_and_parameters(row):
    _, module_cell, functions = row
    path = module_cell.strip("`")
    matches = list(ROOT.glob(path)) if "*" in path else [ROOT / path]
    assert matches and all(m.exists() for m in matches), f"docs/design.md: no {path}"
    if "*" in path:                                    # graph/render/*.py: the files listed exist
        for name in re.findall(r"`(\w+\.py)`", functions):
            assert (ROOT / path).parent.joinpath(name).is_file(), f"docs/design.md: no {path} named {name}"
        return
    module = importlib.import_module(path.removesuffix(".py").rstrip("/").replace("/", "."))
    for name, params in re.findall(r"`(\w+)\(([^)]*)\)", functions):
        assert hasattr(module, name), f"docs/design.md: {module.__name__} has no {name}"
        signature = inspect.signature(getattr(module, name))
        for param in re.findall(r"(\w+)(?:=[^,]*)?(?:,|$)", params.replace(" ", "")):
            assert param in signature.parameters, f"docs/design.md: {module.__name__}.{name} has no {param}"


def test_design_names_where_the_source_texts_are():
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    assert "../shared/seed" not in text
    named = re.search(r"`(graph/sources/[\w.]+\.txt)`", text)
    assert named and (ROOT / named[1]).is_file()


# --------------------------------------------------------------------------- what graph/prefixes.py claims

@pytest.mark.parametrize("code", [
    "import graph.serve, graph.query, sys; print('rdflib' in sys.modules)",
    "import sys; from graph.cli import main\n"
    "main(['query', '--list'], standalone_mode=False)\nprint('rdflib' in sys.modules)",
], ids=["import-serve-and-query", "kjus-query-list"])
def test_the_query_path_starts_without_rdflib(code):
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False"

