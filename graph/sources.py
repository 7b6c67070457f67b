"""Stage 1 — sources: find the curated source files and the texts they quote.

A *source file* is one TriG file per source document under ``graph/sources/``;
adding an article means adding a file (see the README, "Adding a source").
The *source text* is the document itself, kept beside its TriG file under the
name its ``kj:fileName`` gives (``graph/sources/000_76483b81068cf569.txt``);
validation reads it to check that every quote stands at its offsets.  Where
each text came from and on what terms it is kept is in
``graph/sources/README.md``.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from .errors import SourceError
from .paths import SOURCES_DIR, source_text_dirs

__all__ = ["SOURCE_SUFFIXES", "MAX_SOURCE_MB", "find_sources", "read_text", "read_source_text", "sha256_text"]

#: File name endings the loader accepts, with their rdflib format names.
SOURCE_SUFFIXES = {".trig": "trig", ".nq": "nquads"}
#: Largest file :func:`read_text` reads, in MiB; ``$KJUS_MAX_SOURCE_MB`` overrides it.
MAX_SOURCE_MB = 200


def find_sources(directory: str | Path = SOURCES_DIR) -> list[Path]:
    """Return the source files in ``directory``, sorted by name; refuse a folder without any.

    Examples
    --------
    >>> [p.name for p in find_sources()][:1]
    ['000_76483b81068cf569.trig']
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise SourceError(f"{directory}: no such folder of sources")
    found = sorted(p for p in directory.iterdir() if p.suffix in SOURCE_SUFFIXES and p.is_file())
    if not found:  # building from nothing would replace every export with an empty graph
        raise SourceError(f"{directory}: no source files ({', '.join(SOURCE_SUFFIXES)}) in this folder; "
                          "check the path")
    return found


def read_text(path: str | Path) -> str:
    """Read a UTF-8 file strictly, naming the line of the first bad byte.

    A byte-order mark is refused rather than silently dropped: TriG is UTF-8
    without one, and a BOM usually means the file went through an editor that
    may have changed more.  A file larger than :data:`MAX_SOURCE_MB` MiB (or
    ``$KJUS_MAX_SOURCE_MB``) is refused before it is read: split it into
    several sources.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "bad.trig")
    >>> _ = open(p, "wb").write(b"ok\\n\\xff\\n")
    >>> read_text(p)
    Traceback (most recent call last):
    ...
    graph.errors.SourceError: ...bad.trig, line 2: not valid UTF-8 (byte 0xff); save the file as UTF-8
    """
    path = Path(path)
    limit = float(os.environ.get("KJUS_MAX_SOURCE_MB") or MAX_SOURCE_MB)
    try:
        size = path.stat().st_size
        if size > limit * (1 << 20):
            raise SourceError(f"{path}: {size / (1 << 20):.4g} MiB is over the limit of {limit:g} MiB per "
                              "source file; split it into several sources or raise $KJUS_MAX_SOURCE_MB")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise SourceError(f"{path}, line 1: starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"{path}, line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None


def read_source_text(file_name: str, directory: str | Path | Iterable[str | Path] | None = None) -> str | None:
    """Return the text of a source document, or ``None`` when no folder searched holds it.

    Parameters
    ----------
    file_name : the document's ``kj:fileName``.
    directory : a folder, or folders searched in order; default
        :func:`graph.paths.source_text_dirs` (``$KJUS_SOURCE_DIR``, then ``graph/sources/``).

    Examples
    --------
    >>> read_source_text("000_76483b81068cf569.txt")[:16]
    ' date 2025-08-25'
    """
    if Path(file_name).name != file_name or file_name in ("", ".", ".."):
        raise SourceError(f"kj:fileName {file_name!r} must be a bare file name, not a path")
    if directory is None:
        folders = source_text_dirs()
    elif isinstance(directory, (str, Path)):
        folders = [Path(directory)]
    else:
        folders = [Path(d) for d in directory]
    for folder in folders:
        path = folder / file_name
        if path.is_file():
            return read_text(path)
    return None


def sha256_text(text: str) -> str:
    """SHA-256 (hex) of a text's UTF-8 bytes — what ``kj:sha256`` records.

    Examples
    --------
    >>> sha256_text("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
