"""Where the project's files live.

The toolkit runs from a checkout (``pip install -e .``): the ontology, the curated
sources and the exports sit beside the package.  Environment variables move the
two places a user may want elsewhere.

``KJUS_SOURCE_DIR``
    folder holding the source texts (default ``../shared/seed`` beside the checkout);
    needed only to check quotes against their offsets.
``KJUS_EXPORTS``
    folder the build writes to (default ``exports/`` in the checkout).
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ROOT", "ONTOLOGY_DIR", "SOURCES_DIR", "QUERIES_DIR", "exports_dir",
           "source_text_dir", "ONTOLOGY_FILES", "SHAPES_FILE"]

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
SOURCES_DIR = ROOT / "graph" / "sources"
QUERIES_DIR = ROOT / "graph" / "queries"
#: The model: the OWL ontology and the SKOS vocabularies (loaded with every build).
ONTOLOGY_FILES = (ONTOLOGY_DIR / "kjus.ttl", ONTOLOGY_DIR / "vocabularies.ttl")
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


def exports_dir() -> Path:
    """Folder the build writes to: ``$KJUS_EXPORTS`` or ``exports/`` in the checkout."""
    return Path(os.environ.get("KJUS_EXPORTS", ROOT / "exports"))


def source_text_dir() -> Path:
    """Folder holding source texts: ``$KJUS_SOURCE_DIR`` or ``../shared/seed``."""
    return Path(os.environ.get("KJUS_SOURCE_DIR", ROOT.parent / "shared" / "seed"))
