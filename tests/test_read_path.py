"""One read path: every graph command reads the build, and says when its inputs changed since."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from graph.build import build
from graph.cli import main
from tests.conftest import MINI_SOURCE, MINI_TEXTS

COMMANDS = [
    ["neighbors", "Japan", "--format", "json"],
    ["path", "kjd:korea", "kjd:japan", "--format", "json"],
    ["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--format", "json"],
]


@pytest.fixture
def built(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    source = folder / MINI_SOURCE.name
    shutil.copy(MINI_SOURCE, source)
    shutil.copy(MINI_TEXTS / "mini_0001.txt", folder)
    out = tmp_path / "out"
    build(out, sources=[source])
    return source, out


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: a[0])
def test_commands_answer_from_the_build_and_warn_when_it_is_stale(built, args):
    source, out = built
    runner = CliRunner()
    fresh = runner.invoke(main, [*args, "--data", str(out / "kjus.nq")])
    assert fresh.exit_code == 0, fresh.output
    assert "changed since the build" not in fresh.stderr
    source.write_text(source.read_text(encoding="utf-8").replace('"Japan"@en', '"Nippon"@en'), encoding="utf-8")
    stale = runner.invoke(main, [*args, "--data", str(out / "kjus.nq")])
    assert stale.exit_code == 0, stale.output
    assert "1 input(s) changed since the build" in stale.stderr and "mini_0001.trig" in stale.stderr
    assert "kjus build" in stale.stderr
    assert json.loads(stale.stdout) == json.loads(fresh.stdout)      # answers come from the build, not the sources
    assert "Nippon" not in stale.stdout


def test_a_new_source_beside_the_built_ones_makes_the_build_stale(built):
    source, out = built
    shutil.copy(source, source.with_name("mini_0002.trig"))
    result = CliRunner().invoke(main, ["neighbors", "Japan", "--data", str(out / "kjus.nq")])
    assert "mini_0002.trig" in result.stderr


def test_no_build_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KJUS_EXPORTS", str(tmp_path / "nothing"))
    result = CliRunner().invoke(main, ["neighbors", "Japan"])
    assert result.exit_code == 1
    assert "no build here; run `kjus build` first" in result.output
