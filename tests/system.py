"""System programs some tests drive: Chromium (real-browser tests), Node.js (the second GEXF reader)
and Virtuoso (the second real store for ``kjus push``).

A fresh machine may lack them.  On a Debian-like machine where the tests run as root,
they are installed from Debian's packages the first time a test needs them, so the
README's one test command works there as it is; elsewhere the test fails with the
command to run.  Nothing is skipped.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: Debian packages for each tool: the program and the fonts that draw Hangul and Japanese.
PACKAGES = {"chromium": ["chromium", "fonts-nanum", "fonts-ipafont-gothic"], "node": ["nodejs", "npm"],
            "virtuoso-t": ["virtuoso-opensource"]}
#: Debian's invoke-rc.d asks this script whether a package may start its service; exit 101 says no.
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")
_tried: set[str] = set()


def _apt_install(packages: list[str]) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True, env=env, timeout=600)
    # virtuoso-opensource's postinst would start a system-wide Virtuoso that nothing stops;
    # the tests start their own, so no package may start a service while we install
    guard = not POLICY_RC_D.exists()
    if guard:
        POLICY_RC_D.write_text("#!/bin/sh\nexit 101\n")
        POLICY_RC_D.chmod(0o755)
    try:
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, capture_output=True, env=env,
                       timeout=1200)
    finally:
        if guard:
            POLICY_RC_D.unlink()


def require(tool: str) -> str:
    """Path of ``tool``, installing it with apt-get if we can; else fail clearly.

    ``tool`` is ``"chromium"``, ``"node"`` or ``"virtuoso-t"`` (a key of :data:`PACKAGES`).
    """
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


#: Chromium's flags for tests: headless, and none of the background traffic a closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def launched_chromium():
    """A Playwright browser on Debian's Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def kjus_serve(data: Path):
    """``kjus serve`` over ``data`` as a real process on a free loopback port: its base URL."""
    import re
    import signal
    import sys
    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", "0", "--data", str(data), "--quiet"],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(root)})
    try:
        first = process.stdout.readline()
        match = re.match(r"SPARQL endpoint: (http://127\.0\.0\.1:\d+/)query$", first.strip())
        assert match, first + process.stderr.read()
        yield match[1]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class WatchedPage:
    """A browser page whose requests outside ``allowed`` are aborted and recorded, like dialogs and errors."""

    def __init__(self, browser, *, allowed: tuple[str, ...] = ("file:", "data:"), offline: bool = True,
                 viewport: tuple[int, int] = (1400, 1000)):
        self.allowed = allowed
        self.requests, self.dialogs, self.errors = [], [], []
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, offline=offline)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        if route.request.url.startswith(self.allowed):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)
