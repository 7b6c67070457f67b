"""The endpoint under load, and after a crash: a real ``kjus serve`` process on 127.0.0.1.

* Load: 32 concurrent clients run the competency queries (graph/queries/*.rq) for 30 s;
  every answer must be a 200 that parses, and p50/p99 latencies are reported.
* Fault: the server's processes (front, Oxigraph engine, query checkers) are killed with
  SIGKILL while clients are querying; a restarted server gives the same answers, and the
  killed one's prepared store does not pile up in the temp folder.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from graph.paths import ROOT
from graph.query import list_queries

pytestmark = pytest.mark.server

DATA = ROOT / "exports" / "kjus.nq"
CLIENTS, SECONDS = 32, 30.0
ACCEPT = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
          "CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``kjus serve`` as a process group of its own, so that all its processes can be killed at once."""

    def __init__(self, port: int):
        self.port, self.url = port, f"http://127.0.0.1:{port}/query"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph", "serve", "--quiet", "--port", str(port), "--data", str(DATA)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.process.stdout:
            if line.startswith("SPARQL endpoint:"):
                return
        raise AssertionError("kjus serve did not start")

    def kill(self) -> None:
        """SIGKILL every process of the server (front, engine, checkers): a crash, no clean-up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process.stdout.close()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)
        self.process.stdout.close()


def _jobs():
    """(name, query, Accept) for every competency query."""
    from graph.query import check_query
    out = []
    for q in list_queries():
        text = q.path.read_text(encoding="utf-8")
        out.append((q.name, text, ACCEPT[check_query(text).form]))
    return out


def _answer(session, url, job) -> object:
    """The parsed answer to one query (raises on any non-200 or unparsable answer)."""
    name, text, accept = job
    reply = session.post(url, data={"query": text}, headers={"Accept": accept}, timeout=60)
    assert reply.status_code == 200, f"{name}: {reply.status_code} {reply.text[:200]}"
    if accept.endswith("json"):
        return json.loads(reply.content)
    return sorted(reply.text.splitlines())


def _hammer(url, jobs, seconds, clients, errors, latencies, stop=None):
    """``clients`` threads, each looping over ``jobs`` until ``seconds`` pass (or ``stop`` is set)."""
    deadline = time.monotonic() + seconds

    def client(offset):
        with requests.Session() as session:
            i = offset
            while time.monotonic() < deadline and not (stop and stop.is_set()):
                job = jobs[i % len(jobs)]
                started = time.monotonic()
                try:
                    _answer(session, url, job)
                    latencies.append(time.monotonic() - started)
                except (AssertionError, ValueError, requests.RequestException) as exc:
                    errors.append(f"{job[0]}: {exc}")
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    return threads


def test_32_clients_for_30_seconds_without_an_error(capsys, record_property):
    jobs = _jobs()
    server = Server(_free_port())
    try:
        with requests.Session() as session:
            expected = {job[0]: _answer(session, server.url, job) for job in jobs}
        errors, latencies = [], []
        started = time.monotonic()
        for t in _hammer(server.url, jobs, SECONDS, CLIENTS, errors, latencies):
            t.join()
        elapsed = time.monotonic() - started
        with requests.Session() as session:   # the same answers after the load
            assert {job[0]: _answer(session, server.url, job) for job in jobs} == expected
    finally:
        server.stop()
    assert errors == [], errors[:5]
    assert elapsed >= SECONDS and len(latencies) >= CLIENTS * len(jobs) // 4
    cuts = statistics.quantiles(latencies, n=100)
    p50, p99 = cuts[49] * 1000, cuts[98] * 1000
    report = (f"endpoint load: {CLIENTS} clients, {elapsed:.1f} s, {len(latencies)} queries "
              f"({len(latencies) / elapsed:.0f}/s) over {len(jobs)} competency queries, 0 errors; "
              f"p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    record_property("p50_ms", round(p50, 1))
    record_property("p99_ms", round(p99, 1))
    with capsys.disabled():
        print("\n" + report)


def test_killed_mid_load_and_restarted_the_server_gives_the_same_answers():
    jobs = _jobs()
    port = _free_port()
    before_dirs = set(Path(tempfile.gettempdir()).glob("kjus-serve-*"))
    server = Server(port)
    with requests.Session() as session:
        expected = {job[0]: _answer(session, server.url, job) for job in jobs}
    errors, latencies, stop = [], [], threading.Event()
    threads = _hammer(server.url, jobs, 60, 8, errors, latencies, stop)
    time.sleep(3)
    served_before_kill = len(latencies)
    server.kill()                                            # mid-load
    time.sleep(1)
    assert errors, "clients must have noticed the crash"
    stop.set()
    for t in threads:
        t.join()
    assert served_before_kill > 0
    server = Server(port)                                    # the same port, the same data
    try:
        with requests.Session() as session:
            assert {job[0]: _answer(session, server.url, job) for job in jobs} == expected
        survivors, more = [], []
        for t in _hammer(server.url, jobs, 3, 8, survivors, more):
            t.join()
        assert survivors == [] and more
    finally:
        server.stop()
    # the killed server's prepared store was removed by the restarted one, the restarted one's on exit
    assert set(Path(tempfile.gettempdir()).glob("kjus-serve-*")) <= before_dirs
