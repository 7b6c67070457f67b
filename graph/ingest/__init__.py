"""``kjus ingest``: turn a news article into a reviewable draft source.

The package is split by job:

========================  =======================================================================
module                    job
========================  =======================================================================
:mod:`.text`              sentences with exact offsets (Kiwi for Korean, rules for English/Japanese)
:mod:`.gazetteer`         the names the graph knows, found in a text whatever particle follows
:mod:`.entities`          proposed new entities and the class guessed from the words around them
:mod:`.dates`             dates resolved against the article's date, wording kept
:mod:`.quantities`        money, percentages, counts, ranks and durations, typed
:mod:`.modality`          the status of a statement from its verbs and cue words; clauses
:mod:`.events`            summits, talks, visits, launches, calls, listings, agreements
:mod:`.draft`             the assertion graphs of the draft, in the project's model
:mod:`.trig`              the draft as TriG, checked after writing
:mod:`.review`            a draft beside its sentences; the statements still drafts
:mod:`.evaluate`          the figures of issue 13 against the curated first article
:mod:`.bench`             speed (``python -m graph.ingest.bench``)
========================  =======================================================================

:func:`ingest_article` is what ``kjus ingest`` calls: it copies the article
text into the sources folder, drafts it against everything the graph already
knows, writes the TriG beside it and checks it.  Every statement is marked
``kj:draft true`` until a curator accepts it; :func:`draft_assertions` lists
those still marked (``kjus build`` refuses them unless asked).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import SourceError
from .review import draft_assertions, drafts_message, format_review, review_source

__all__ = ["IngestResult", "ingest_article", "draft_assertions", "drafts_message", "review_source", "format_review",
           "evaluate_ingest", "parse_date", "next_source_stem"]


@dataclass
class IngestResult:
    """What :func:`ingest_article` wrote and found."""

    trig: Path
    text: Path
    document: str
    language: str
    sentences: int
    assertions: int
    new_entities: list[str] = field(default_factory=list)
    linked_entities: list[str] = field(default_factory=list)
    decisions: int = 0
    seconds: float = 0.0


def parse_date(value: str | date) -> date:
    """The article's date from ``YYYY-MM-DD``, refused when it does not exist or lies outside 1945–2100.

    Examples
    --------
    >>> parse_date("2025-10-01")
    datetime.date(2025, 10, 1)
    >>> parse_date("2025-13-45")
    Traceback (most recent call last):
    ...
    graph.errors.SourceError: --date 2025-13-45 is not a date: write the article's publication date as YYYY-MM-DD, e.g. 2025-10-01
    """
    if isinstance(value, date):
        d = value
    else:
        try:
            d = date.fromisoformat(str(value).strip())
        except ValueError:
            raise SourceError(f"--date {value} is not a date: write the article's publication date as YYYY-MM-DD, "
                              "e.g. 2025-10-01") from None
    if not date(1945, 1, 1) <= d <= date(2100, 12, 31):
        raise SourceError(f"--date {d.isoformat()} is outside 1945–2100, the range the model accepts")
    return d


def next_source_stem(folder: str | Path, sha256: str) -> str:
    """``NNN_<first 16 hex of the SHA-256>``: the next free number among the sources of ``folder``.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "007_abc.trig").write_text("")
    >>> next_source_stem(d, "0123456789abcdef0123")
    '008_0123456789abcdef'
    """
    numbers = [int(m.group(1)) for p in Path(folder).glob("*") if (m := re.match(r"(\d{3,})_", p.name))]
    return f"{max(numbers, default=-1) + 1:03d}_{sha256[:16]}"


def ingest_article(article: str | Path, article_date: str | date, *, title: str | None = None, url: str = "",
                   lang: str | None = None, out: str | Path | None = None, force: bool = False,
                   sources: list[str | Path] | None = None) -> IngestResult:
    """Draft a source from an article: copy its text, write the TriG beside it, check both.

    Parameters
    ----------
    article : the article as a UTF-8 text file.
    article_date : its publication date (``YYYY-MM-DD``); relative dates count from it.
    title, url : the document's ``dcterms:title`` (default: its first line) and ``schema:url``.
    lang : ``ko``, ``en`` or ``ja``; guessed from the script when omitted.
    out : the TriG to write; default ``graph/sources/NNN_<sha256[:16]>.trig``. The text goes beside it.
    force : overwrite an existing source of that name.
    sources : source files or folders the gazetteer reads; default ``graph/sources/`` (and the folder of ``out``).

    Raises
    ------
    SourceError
        The article is missing, empty or not UTF-8; the date or URL is malformed; the target exists (without
        ``force``); the same text was already ingested.
    """
    from ..files import write_atomic
    from ..paths import SOURCES_DIR
    from ..sources import read_text, sha256_text
    from .draft import draft_article
    from .gazetteer import build_gazetteer
    from .text import LANGUAGES
    from .trig import check_trig, render_trig

    started = time.perf_counter()
    article = Path(article)
    if not article.is_file():
        raise SourceError(f"{article}: no such article file; give the path of a UTF-8 text file")
    d = parse_date(article_date)
    if lang is not None and lang not in LANGUAGES:
        raise SourceError(f"--lang {lang}: not a language kjus ingest reads; use one of {', '.join(LANGUAGES)}")
    if url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        raise SourceError(f"--url {url!r} is not an http(s) URL")
    text = read_text(article)
    if not text.strip():
        raise SourceError(f"{article}: the article is empty")
    sha = sha256_text(text)
    if out is None:
        folder = SOURCES_DIR
        stem = next_source_stem(folder, sha)
    else:
        out = Path(out)
        if out.suffix != ".trig":
            raise SourceError(f"--out {out}: a source file ends in .trig")
        folder, stem = out.parent, out.stem
    trig_path, text_path = folder / f"{stem}.trig", folder / f"{stem}.txt"
    if not force:
        for existing in (trig_path, text_path):
            if existing.exists() and not (existing == text_path and existing.read_bytes() == text.encode("utf-8")
                                          and not trig_path.exists()):
                raise SourceError(f"{existing}: already exists; choose another --out or pass --force to overwrite it")
        for other in sorted(folder.glob("*.trig")) if folder.is_dir() else []:
            if sha in other.read_text(encoding="utf-8", errors="replace"):
                raise SourceError(f"{article}: this text was already ingested as {other} (same SHA-256); "
                                  "pass --force to draft it again")
    roots = list(sources) if sources is not None else [SOURCES_DIR] + ([folder] if folder.resolve() !=
                                                                           SOURCES_DIR.resolve() and folder.is_dir()
                                                                           else [])
    gazetteer = build_gazetteer(roots, exclude=[trig_path] if trig_path.exists() else [])
    draft = draft_article(text, d, lang=lang, title=title, url=url, stem=stem, gazetteer=gazetteer)
    trig = render_trig(draft)
    check_trig(trig, text, where=str(trig_path))
    write_atomic(text_path, text)
    write_atomic(trig_path, trig)
    linked = sorted({iri for a in draft.assertions for _, _, _, iri, new in a.links if not new})
    return IngestResult(trig_path, text_path, draft.doc_iri, draft.lang, len(draft.sentences), len(draft.assertions),
                        [e.iri for e in draft.entities], linked,
                        sum(n.startswith("decide:") for a in draft.assertions for n in a.notes),
                        round(time.perf_counter() - started, 2))


def evaluate_ingest(*args, **kwargs):
    """See :func:`graph.ingest.evaluate.evaluate_ingest` (imported lazily)."""
    from .evaluate import evaluate_ingest as run

    return run(*args, **kwargs)
