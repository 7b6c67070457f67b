"""What a build wrote and what it was built from: ``manifest.json`` in the export set.

The manifest lists every file of the export set with its SHA-256 (``files``)
and every input of the build — model files and source files — with theirs
(``inputs``).  Two uses:

* the next build knows which files of the old set were its own (and may go)
  and which are someone else's (and are kept);
* every command that reads the build can tell when an input changed since:
  :func:`stale_inputs` names the files, and the CLI says so in one line.

Inputs inside the checkout or package are recorded relative to its root, so
the manifest of a default build is the same on every machine.

Examples
--------
>>> import tempfile, pathlib
>>> folder, sources = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
>>> src = sources / "a.trig"; _ = src.write_text("x")
>>> _ = (folder / "kjus.nq").write_text("")
>>> write_manifest(folder, inputs=[src])
['kjus.nq', 'manifest.json']
>>> stale_inputs(folder / "kjus.nq")
[]
>>> _ = src.write_text("changed")
>>> _ = (sources / "b.trig").write_text("new")
>>> [p.name for p in stale_inputs(folder / "kjus.nq")]
['a.trig', 'b.trig']
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .files import write_atomic
from .paths import ONTOLOGY_DIR, ROOT
from .sources import SOURCE_SUFFIXES

__all__ = ["MANIFEST", "write_manifest", "read_manifest", "stale_inputs", "sha256_file"]

#: The manifest's file name, inside the export set.
MANIFEST = "manifest.json"


def sha256_file(path: str | Path) -> str:
    """SHA-256 (hex) of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _label(path: Path) -> str:
    path = path.absolute()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def _resolve(label: str) -> Path:
    path = Path(label)
    return path if path.is_absolute() else ROOT / path


def write_manifest(folder: str | Path, *, inputs: Iterable[str | Path] = ()) -> list[str]:
    """Write ``folder/manifest.json`` for the files in ``folder``; return every file's relative path."""
    folder = Path(folder)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
                   and p.name != MANIFEST)
    record = {"files": {f: sha256_file(folder / f) for f in files},
              "inputs": {_label(Path(p)): sha256_file(p) for p in sorted(set(map(Path, inputs)))}}
    write_atomic(folder / MANIFEST, json.dumps(record, indent=1, sort_keys=True) + "\n")
    return sorted([*files, MANIFEST])


def read_manifest(folder: str | Path) -> dict | None:
    """The manifest of the export set in ``folder``, or ``None`` if it has none (or an unreadable one)."""
    try:
        record = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("files"), dict) else None


def stale_inputs(data: str | Path) -> list[Path]:
    """Inputs changed, removed or added since the build that wrote ``data``; ``[]`` if fresh or unknown.

    ``data`` is a file of an export set (``exports/kjus.nq``).  A file with no
    manifest beside it (any RDF file a user passes) is taken as it is.  New
    source files count when the build read the folder they appear in.
    """
    record = read_manifest(Path(data).parent)
    if record is None or not isinstance(record.get("inputs"), dict):
        return []
    changed = []
    folders = set()
    for label, digest in record["inputs"].items():
        path = _resolve(label)
        folders.add(path.parent)
        if not path.is_file() or sha256_file(path) != digest:
            changed.append(path)
    known = {_resolve(label) for label in record["inputs"]}
    for folder in sorted(f for f in folders if f != ONTOLOGY_DIR):     # a new source in a folder the build read
        if folder.is_dir():
            changed += [p for p in sorted(folder.iterdir())
                        if p.suffix in SOURCE_SUFFIXES and p.is_file() and p not in known]
    return sorted(set(changed))
