"""What an incremental build remembers: which source files passed validation, keyed by their content.

Each source file's checks are worth doing once per content.  After a build, the
cache records for every source file the key it was validated under — the
SHA-256 of the file, of the texts its quotes come from, and of the model (the
ontology, vocabularies, shapes and the validating code) — and the warnings it
gave.  The next build validates only the files whose key changed; the checks
across sources (provenance of every graph, references to entities defined
nowhere, one IRI labelled two ways) run every time.

The cache is a folder beside the export folder (``.kjus-cache/<name>/``, or
``$KJUS_CACHE``); deleting it, or ``kjus build --no-cache``, makes the next
build check everything.  It is written only after a build has published its
exports, so a failed build never records a file as checked.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> cache = ValidationCache(folder, "model-1")
>>> cache.fresh(Path("a.trig"), "k1")
False
>>> cache.record(Path("a.trig"), "k1", []); cache.save()
>>> ValidationCache(folder, "model-1").fresh(Path("a.trig"), "k1")
True
>>> ValidationCache(folder, "model-2").fresh(Path("a.trig"), "k1")   # the model changed: check again
False
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .files import write_atomic
from .paths import ONTOLOGY_FILES, SHAPES_FILE
from .prefixes import PREFIXES
from .sources import read_source_text
from .validate import Problem

__all__ = ["ValidationCache", "cache_dir", "model_key", "file_key"]

CACHE_FILE = "validated.json"
_FILE_NAME = ox.NamedNode(PREFIXES["kj"] + "fileName")
#: The code whose verdicts the cache keeps: a change to any of these checks everything again.
_CODE = ("load.py", "validate.py", "shacl.py", "infer.py", "sources.py")


def cache_dir(out_dir: str | Path) -> Path:
    """Where the build of ``out_dir`` keeps its cache: ``$KJUS_CACHE``, else ``.kjus-cache/<name>`` beside it.

    Examples
    --------
    >>> cache_dir("/tmp/x/exports").as_posix() if "KJUS_CACHE" not in os.environ else "/tmp/x/.kjus-cache/exports"
    '/tmp/x/.kjus-cache/exports'
    """
    if os.environ.get("KJUS_CACHE"):
        return Path(os.environ["KJUS_CACHE"])
    out = Path(out_dir).absolute()
    return out.parent / ".kjus-cache" / out.name


def model_key() -> str:
    """SHA-256 over the model files, the shapes and the validating code."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [*ONTOLOGY_FILES, SHAPES_FILE, *(here / name for name in _CODE)]:
        digest.update(Path(path).name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


def file_key(store: ox.Store, sha256: str, graphs: Iterable, texts_dir) -> str:
    """The key a source file is checked under: its own SHA-256 and that of every text it quotes."""
    digest = hashlib.sha256(sha256.encode())
    names = sorted({q.object.value for g in graphs for q in store.quads_for_pattern(None, _FILE_NAME, None, g)})
    for name in names:
        text = read_source_text(name, texts_dir)
        digest.update(name.encode() + b"\0" + (b"missing" if text is None else text.encode("utf-8")) + b"\0")
    return digest.hexdigest()


class ValidationCache:
    """The validation verdicts of one export folder's builds (see the module docstring)."""

    def __init__(self, folder: str | Path, model: str):
        self.path = Path(folder) / CACHE_FILE
        self.model = model
        self.entries: dict[str, dict] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict) and data.get("model") == model and isinstance(data.get("files"), dict):
            self.entries = data["files"]

    def fresh(self, path: Path, key: str) -> bool:
        """Whether ``path`` passed validation under ``key`` before."""
        entry = self.entries.get(str(Path(path).absolute()))
        return entry is not None and entry.get("key") == key

    def warnings(self, path: Path) -> list[Problem]:
        """The warnings ``path`` gave when it was checked."""
        entry = self.entries.get(str(Path(path).absolute()), {})
        return [Problem(**w) for w in entry.get("warnings", [])]

    def record(self, path: Path, key: str, warnings: list[Problem]) -> None:
        self.entries[str(Path(path).absolute())] = {"key": key, "warnings": [vars(w) for w in warnings]}

    def keep_only(self, paths: Iterable[Path]) -> None:
        """Forget files that are no longer sources."""
        wanted = {str(Path(p).absolute()) for p in paths}
        self.entries = {k: v for k, v in self.entries.items() if k in wanted}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {"model": self.model, "files": dict(sorted(self.entries.items()))}
        write_atomic(self.path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
