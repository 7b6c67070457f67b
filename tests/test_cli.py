"""The CLI: every command explains itself, is documented, and fails with one clear line."""
from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.paths import ROOT

from .conftest import MINI_SOURCE


def _commands(group=main, prefix=""):
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", cmd


@pytest.mark.parametrize("name,cmd", list(_commands()), ids=[n for n, _ in _commands()])
def test_every_command_has_help_with_an_example_and_a_readme_section(name, cmd):
    assert cmd.help and "Example" in cmd.help, f"kjus {name} needs a docstring with an Example"
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"kjus {name}" in readme, f"README.md has no example of `kjus {name}`"


def test_python_dash_m_graph_works():
    out = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "kjus" in out.stdout


def test_stats_counts_classes_sources_and_statuses():
    result = CliRunner().invoke(main, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["by_source"][0]["source"] == "src:000_76483b81068cf569"
    statuses = {row["status"] for row in data["by_status"]}
    assert {"kjs:occurred", "kjs:agreed", "kjs:expected", "kjs:concern"} <= statuses


def test_validate_passes_on_the_real_graph():
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output


@pytest.mark.hostile
def test_broken_source_gives_one_error_line_and_exit_1(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text(MINI_SOURCE.read_text(encoding="utf-8").replace("kj:party", "kj:particpant"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--sources", str(bad)])
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: ") and "particpant" in last
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "kjus.trig").exists()


@pytest.mark.hostile
@pytest.mark.parametrize("args", [["build", "--sources", "/no/such/dir"], ["stats", "--format", "yaml"],
                                  ["nosuchcommand"], ["validate", "--sources"]])
def test_wrong_arguments_exit_non_zero_with_a_reason(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "Error:" in result.output and "Traceback" not in result.output
