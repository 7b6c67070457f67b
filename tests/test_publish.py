"""The export set changes whole (graph/files.py, graph/build.py): permissions, faults, stale files."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from graph import files
from graph.build import MANIFEST, build
from graph.errors import ExportError
from tests.conftest import MINI_SOURCE, MINI_TEXTS


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_exports_are_readable_by_group_and_others(tmp_path, umask_022):
    out = tmp_path / "out"
    result = build(out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    for name in result.files:
        mode = stat.S_IMODE((out / name).stat().st_mode)
        assert mode == 0o644, f"{name} has mode {oct(mode)}"
    for folder in [out, *(p for p in out.rglob("*") if p.is_dir())]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder


def test_a_stricter_umask_is_respected(tmp_path):
    old = os.umask(0o077)
    try:
        path = files.write_atomic(tmp_path / "private.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


class Boom(RuntimeError):
    pass


def test_failure_after_the_first_file_is_placed_leaves_the_folder_byte_identical(tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    (out / "notes.txt").write_text("a user's file", encoding="utf-8")
    (out / "kjus.ttl").write_bytes(b"an older export")     # so that old and new differ
    before = snapshot(out)
    placed = []
    real_link = os.link

    def link_then_fail(src, dst, *a, **kw):                # the first file goes in, then the disk "fails"
        if placed:
            raise OSError(28, "No space left on device")
        placed.append(dst)
        return real_link(src, dst, *a, **kw)

    monkeypatch.setattr(files.shutil, "copy2", lambda *a, **kw: (_ for _ in ()).throw(OSError(28, "full")))
    monkeypatch.setattr(files.os, "link", link_then_fail)
    (out / "bench").mkdir()
    (out / "bench" / "bench.json").write_text("{}", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(ExportError, match="previous exports are untouched"):
        build(out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    assert placed, "the fault was never reached"
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != ".kjus-cache"] == []


def test_failure_just_before_the_swap_leaves_the_folder_byte_identical(tmp_path):
    out = tmp_path / "out"
    build(out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    (out / "kjus.ttl").write_bytes(b"an older export")
    before = snapshot(out)

    def fail():
        raise Boom("killed just before the exchange")

    with pytest.raises(Boom):
        build(out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS, _before_swap=fail)
    assert snapshot(out) == before


def test_a_successful_build_holds_exactly_the_new_set(tmp_path):
    out = tmp_path / "out"
    first = build(out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    # a file an older build wrote (listed in its manifest) that this build no longer writes
    (out / "views" / "retired.html").write_text("old view", encoding="utf-8")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["views/retired.html"] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (out / "bench").mkdir()
    (out / "bench" / "bench.json").write_text('{"kept": true}', encoding="utf-8")   # not the build's
    second = build(out, sources=[MINI_SOURCE], texts_dir=MINI_TEXTS)
    assert second.files == first.files
    assert sorted(snapshot(out)) == sorted([*second.files, "bench/bench.json"])
    assert (out / "bench" / "bench.json").read_text(encoding="utf-8") == '{"kept": true}'
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    import hashlib
    assert {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in listed} == listed


def test_a_half_done_two_rename_publish_is_repaired(tmp_path):
    target = tmp_path / "out"
    backup = tmp_path / ".out.previous"          # what a crash between the two renames leaves
    backup.mkdir()
    (backup / "kjus.nq").write_text("previous", encoding="utf-8")
    staging = tmp_path / ".new"
    staging.mkdir()
    (staging / "kjus.nq").write_text("new", encoding="utf-8")
    files.recover_folder(target)
    assert (target / "kjus.nq").read_text(encoding="utf-8") == "previous" and not backup.exists()
    files.publish_folder(staging, target)
    assert (target / "kjus.nq").read_text(encoding="utf-8") == "new"
