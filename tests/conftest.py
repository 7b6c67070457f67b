"""Shared fixtures: paths of the test data and a helper to write broken sources."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
MINI_SOURCE = DATA / "sources" / "mini_0001.trig"
MINI_TEXTS = DATA / "texts"


@pytest.fixture
def mini_copy(tmp_path):
    """A writable copy of the mini source and its text: ``(source_path, texts_dir)``."""
    src = tmp_path / "sources"
    texts = tmp_path / "texts"
    src.mkdir()
    shutil.copytree(MINI_TEXTS, texts)
    shutil.copy(MINI_SOURCE, src / MINI_SOURCE.name)
    return src / MINI_SOURCE.name, texts


@pytest.fixture(autouse=True, scope="session")
def _quiet_rdflib_literal_warnings():
    """Ill-typed literals are tested on purpose; rdflib's logged traceback is noise."""
    import logging
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
