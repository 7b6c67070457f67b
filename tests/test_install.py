"""The wheel works for a user who has no checkout: build it, install it into a fresh venv, use it elsewhere.

This is the test of ``pip install .`` (not editable): the ontology, vocabularies,
shapes, named queries, curated sources and their texts must travel inside the
package, and every command must work from any working directory.  It installs
the wheel with its dependencies (from pip's cache after the test extras were
installed), so it takes a minute or two.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.install


def run(cmd, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1200, **kw)
    assert done.returncode == 0, f"{cmd} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the project's wheel installed, and an empty folder to work in."""
    base = tmp_path_factory.mktemp("wheel")
    clone = base / "clone"                      # build from the committed files only, not the work tree's litter
    shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(".venv", ".git", "exports", "tests", "node_modules",
                                                               "*.egg-info", "build", "__pycache__"))
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), str(clone)])
    wheel = next((base / "dist").glob("kjus_graph-*.whl"))
    venv = base / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)])
    work = base / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("KJUS_SOURCE_DIR", "KJUS_EXPORTS", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return venv, work, env


def kjus(installed, *args, **kw):
    venv, work, env = installed
    return run([str(venv / "bin" / "kjus"), *args], cwd=work, env=env, **kw)


def test_the_package_is_imported_from_the_venv_not_the_checkout(installed):
    venv, work, env = installed
    where = run([str(venv / "bin" / "python"), "-c", "import graph, graph.paths as p; print(graph.__file__);"
                 "print(p.ONTOLOGY_DIR); print(p.CHECKOUT)"], cwd=work, env=env).stdout.split()
    assert all(Path(w).is_relative_to(venv) for w in where[:2]), where
    assert where[2] == "False"


def test_build_query_validate_from_an_empty_folder(installed):
    venv, work, env = installed
    kjus(installed, "build", "--out", "OUT", "--quiet")
    out = work / "OUT"
    assert (out / "kjus.nq").stat().st_size > 100_000 and (out / "analysis.md").is_file()
    rows = json.loads(kjus(installed, "query", "agreements", "--data", "OUT/kjus.nq", "--format", "json").stdout)
    assert len(rows["results"]["bindings"]) >= 2
    listed = kjus(installed, "query", "--list").stdout
    assert "agreements" in listed and "(no rows)" not in listed
    checked = kjus(installed, "validate")
    assert "not found" not in checked.stdout + checked.stderr and "valid" in checked.stdout
    kjus(installed, "build", "--quiet")                          # default: ./exports in the working folder
    assert (work / "exports" / "kjus.nq").is_file()
    again = json.loads(kjus(installed, "query", "agreements", "--format", "json").stdout)
    assert again == rows


def test_serve_answers_a_query(installed):
    venv, work, env = installed
    if not (work / "OUT" / "kjus.nq").is_file():
        kjus(installed, "build", "--out", "OUT", "--quiet")
    proc = subprocess.Popen([str(venv / "bin" / "kjus"), "serve", "--port", "0", "--data", "OUT/kjus.nq", "--quiet"],
                            cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 120
        while "SPARQL endpoint:" not in line:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            line = proc.stdout.readline()
        url = re.search(r"(http://\S+)", line).group(1)
        query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            n = int(json.load(response)["results"]["bindings"][0]["n"]["value"])
        assert n > 5000
    finally:
        proc.terminate()
        proc.wait(timeout=30)
