"""The endpoint under load, and after a crash: a real ``kjus serve`` process on 127.0.0.1.

* Load: 32 concurrent clients each run every competency query (graph/queries/*.rq)
  ROUNDS times; every answer must be a 200 that parses and equals the answer given
  without load, and p50/p99 latencies are reported (measured, never asserted: time
  belongs to the benchmark).
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
CLIENTS, ROUNDS = 32, 8      # about as many queries as 30 s of load on 2 cores
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


def _hammer(url, jobs, rounds, clients, errors, latencies, expected=None, after_answer=None):
    """``clients`` threads, each running every job ``rounds`` times (each client from its own offset).

    An answer that differs from ``expected[name]`` is an error; ``after_answer(n)`` is called
    with the number of answers so far after each one.
    """
    lock = threading.Lock()

    def client(offset):
        with requests.Session() as session:
            for i in range(offset, offset + rounds * len(jobs)):
                job = jobs[i % len(jobs)]
                started = time.monotonic()
                try:
                    answer = _answer(session, url, job)
                    if expected is not None and answer != expected[job[0]]:
                        raise ValueError("a different answer under load")
                    with lock:
                        latencies.append(time.monotonic() - started)
                        served = len(latencies)
                    if after_answer:
                        after_answer(served)
                except (AssertionError, ValueError, requests.RequestException) as exc:
                    errors.append(f"{job[0]}: {exc}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    return threads


def test_32_clients_run_every_query_without_an_error(capsys, record_property):
    jobs = _jobs()
    server = Server(_free_port())
    try:
        with requests.Session() as session:
            expected = {job[0]: _answer(session, server.url, job) for job in jobs}
        errors, latencies = [], []
        started = time.monotonic()
        for t in _hammer(server.url, jobs, ROUNDS, CLIENTS, errors, latencies, expected):
            t.join()
        elapsed = time.monotonic() - started      # reported below, not asserted
        with requests.Session() as session:   # the same answers after the load
            assert {job[0]: _answer(session, server.url, job) for job in jobs} == expected
    finally:
        server.stop()
    assert errors == [], errors[:5]
    assert len(latencies) == CLIENTS * ROUNDS * len(jobs)      # every query of every client answered
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
    errors, latencies, killed_after = [], [], []

    def kill_mid_load(served):
        """The client that gets the 16th answer kills the server, while most queries are still to come."""
        if served == 16:
            killed_after.append(served)
            server.kill()

    threads = _hammer(server.url, jobs, 2, 8, errors, latencies, expected, after_answer=kill_mid_load)
    for t in threads:
        t.join()
    assert killed_after == [16]
    assert len(latencies) < 8 * 2 * len(jobs) and errors, "clients must have noticed the crash"
    server = Server(port)                                    # the same port, the same data
    try:
        with requests.Session() as session:
            assert {job[0]: _answer(session, server.url, job) for job in jobs} == expected
        survivors, more = [], []
        for t in _hammer(server.url, jobs, 1, 8, survivors, more, expected):
            t.join()
        assert survivors == [] and len(more) == 8 * len(jobs)
    finally:
        server.stop()
    # the killed server's prepared store was removed by the restarted one, the restarted one's on exit
    assert set(Path(tempfile.gettempdir()).glob("kjus-serve-*")) <= before_dirs
