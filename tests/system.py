"""System programs some tests drive: Chromium (real-browser tests) and Node.js (the second GEXF reader).

A fresh machine may lack them.  On a Debian-like machine where the tests run as root,
they are installed from Debian's packages the first time a test needs them, so the
README's one test command works there as it is; elsewhere the test fails with the
command to run.  Nothing is skipped.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: Debian packages for each tool: the program and the fonts that draw Hangul and Japanese.
PACKAGES = {"chromium": ["chromium", "fonts-nanum", "fonts-ipafont-gothic"], "node": ["nodejs", "npm"]}
_tried: set[str] = set()


def _apt_install(packages: list[str]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True, env=env, timeout=600)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, capture_output=True, env=env,
                   timeout=1200)


def require(tool: str) -> str:
    """Path of ``tool`` (``"chromium"`` or ``"node"``), installing it with apt-get if we can; else fail clearly."""
    found = shutil.which(tool)
    if found:
        return found
    packages = PACKAGES[tool]
    can_install = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if can_install and tool not in _tried:
        _tried.add(tool)
        try:
            _apt_install(packages)
        except (subprocess.SubprocessError, OSError) as exc:
            pytest.fail(f"installing {' '.join(packages)} with apt-get failed ({exc}); install them and rerun")
        found = shutil.which(tool)
    if not found:
        pytest.fail(f"{tool} is needed by this test: run `apt-get install {' '.join(packages)}` "
                    "(as root) and rerun")
    return found


def chromium() -> str:
    """Chromium's executable, for Playwright's ``executable_path``."""
    return require("chromium")


def npm_ci(folder: Path) -> str:
    """``node``'s path, after ``npm ci`` in ``folder`` if its node_modules are missing."""
    node = require("node")
    if not (folder / "node_modules").is_dir():
        npm = shutil.which("npm") or pytest.fail("npm is missing: run `apt-get install npm`")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=folder, check=True, capture_output=True,
                       timeout=300)
    return node
