"""Where the project's files live, in a checkout and in an installed wheel.

Everything the toolkit needs to build the graph travels with the package: the
model (``ontology/`` at the top of a checkout, ``graph/ontology/`` inside a
wheel), the curated sources and their texts (``graph/sources/``) and the named
queries (``graph/queries/``).  So ``kjus build --out DIR`` works from any
working directory, whether the toolkit runs from a checkout
(``pip install -e .``) or from an installed wheel.

Environment variables move the places a user may want elsewhere.

``KJUS_EXPORTS``
    folder the build writes to and the graph commands read from; default
    ``exports/`` in a checkout, ``./exports`` (in the working directory) otherwise.
``KJUS_SOURCE_DIR``
    a folder searched first for source texts (the texts normally sit beside
    their TriG files, see :func:`source_text_dirs`).

Examples
--------
>>> [p.name for p in ONTOLOGY_FILES]
['kjus.ttl', 'vocabularies.ttl']
>>> (SOURCES_DIR / "000_76483b81068cf569.txt").is_file()
True
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["PACKAGE_DIR", "ROOT", "CHECKOUT", "ONTOLOGY_DIR", "SOURCES_DIR", "QUERIES_DIR", "exports_dir",
           "source_text_dirs", "ONTOLOGY_FILES", "SHAPES_FILE"]

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
#: True when running from a source checkout (the ontology sits beside the package).
CHECKOUT = (ROOT / "pyproject.toml").is_file() and (ROOT / "ontology" / "kjus.ttl").is_file()
#: The model folder: ``ontology/`` in a checkout, ``graph/ontology/`` in an installed wheel.
ONTOLOGY_DIR = ROOT / "ontology" if CHECKOUT else PACKAGE_DIR / "ontology"
SOURCES_DIR = PACKAGE_DIR / "sources"
QUERIES_DIR = PACKAGE_DIR / "queries"
#: The model: the OWL ontology and the SKOS vocabularies (loaded with every build).
ONTOLOGY_FILES = (ONTOLOGY_DIR / "kjus.ttl", ONTOLOGY_DIR / "vocabularies.ttl")
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


def exports_dir() -> Path:
    """Folder the build writes to: ``$KJUS_EXPORTS``, ``exports/`` in a checkout, else ``./exports``."""
    if os.environ.get("KJUS_EXPORTS"):
        return Path(os.environ["KJUS_EXPORTS"])
    return ROOT / "exports" if CHECKOUT else Path.cwd() / "exports"


def source_text_dirs(source_paths: Iterable[str | Path] | None = None) -> list[Path]:
    """Folders searched, in order, for the texts of sources.

    ``$KJUS_SOURCE_DIR`` when set, then the folder of each source file (a
    source's text sits beside its TriG file), then ``graph/sources/``.

    Examples
    --------
    >>> source_text_dirs(["/data/news/001_x.trig"])[-2:] == [Path("/data/news"), SOURCES_DIR]
    True
    """
    dirs: list[Path] = []
    if os.environ.get("KJUS_SOURCE_DIR"):
        dirs.append(Path(os.environ["KJUS_SOURCE_DIR"]))
    for path in source_paths or ():
        dirs.append(Path(path).parent)
    dirs.append(SOURCES_DIR)
    return list(dict.fromkeys(dirs))
