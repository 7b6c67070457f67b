"""How fast ``kjus ingest`` drafts: ``python -m graph.ingest.bench``.

Two measurements, printed beside the targets of issue 13:

* **one article, cold**: a fresh Python process imports the package, loads the
  gazetteer and Kiwi, and drafts a 3,000-character Korean article (TriG
  rendered and checked) — target ≤ 5 s;
* **100 articles, warm**: one process drafts 100 different 3,000-character
  articles (Korean and English, made by rotating the sentences of the
  articles the package ships and tests) — target ≤ 60 s.

Nothing is written to disk.  Timings depend on the machine; they are not part
of the committed evaluation (``kjus ingest --evaluate``), which stays deterministic.
"""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import date
from pathlib import Path

__all__ = ["make_articles", "time_one", "time_many", "main"]

_ROOT = Path(__file__).resolve().parents[2]
_TEXTS = [_ROOT / "graph" / "sources" / "000_76483b81068cf569.txt", _ROOT / "tests" / "data" / "ingest" / "ko_robotics.txt",
          _ROOT / "tests" / "data" / "ingest" / "en_safety.txt"]


def make_articles(n: int = 100, size: int = 3000) -> list[tuple[str, str]]:
    """``n`` articles of about ``size`` characters: ``(language, text)``, each a different rotation of sentences.

    Examples
    --------
    >>> arts = make_articles(3, 1000)
    >>> [lang for lang, _ in arts], all(900 <= len(t) <= 1400 for _, t in arts)
    (['ko', 'ko', 'en'], True)
    """
    from .text import analyse_text, detect_language

    pools = {}
    for path in _TEXTS:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            lang = detect_language(text)
            pools.setdefault(lang, []).extend(s.text for s in analyse_text(text, lang).sentences)
    langs = sorted(pools, key=lambda lg: lg != "ko")
    out = []
    for i in range(n):
        lang = "en" if "en" in pools and i % 3 == 2 else langs[0]
        pool = pools[lang]
        k, parts = i * 7, []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(pool[k % len(pool)])
            k += 1
        out.append((lang, "\n".join(parts)))
    return out


def time_one(size: int = 3000) -> float:
    """Seconds a fresh process takes to import, load the analyser and draft one article of ``size`` characters."""
    code = ("import time; t = time.perf_counter(); from graph.ingest.bench import _draft_one; _draft_one(%d); "
            "print(time.perf_counter() - t)" % size)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=_ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def _draft_one(size: int) -> None:
    from .draft import draft_article
    from .trig import check_trig, render_trig

    lang, text = make_articles(1, size)[0]
    check_trig(render_trig(draft_article(text, date(2025, 10, 1), lang=lang, stem="999_bench")), text)


def time_many(n: int = 100, size: int = 3000) -> tuple[float, int]:
    """Seconds one process takes to draft ``n`` articles (analyser and gazetteer loaded once); and the statements drafted."""
    from .draft import draft_article
    from .gazetteer import build_gazetteer
    from .text import kiwi
    from .trig import check_trig, render_trig

    articles = make_articles(n, size)
    started = time.perf_counter()
    kiwi()
    gazetteer = build_gazetteer()
    statements = 0
    for i, (lang, text) in enumerate(articles):
        draft = draft_article(text, date(2025, 10, 1), lang=lang, stem=f"{i:03d}_bench", gazetteer=gazetteer)
        check_trig(render_trig(draft), text)
        statements += len(draft.assertions)
    return time.perf_counter() - started, statements


def main() -> None:  # pragma: no cover - a benchmark, run by hand
    one = time_one()
    many, statements = time_many()
    print("| measurement | seconds | target | met |")
    print("| --- | --- | --- | --- |")
    print(f"| one 3,000-character article, fresh process (imports, Kiwi, gazetteer) | {one:.2f} | ≤ 5 | "
          f"{'yes' if one <= 5 else 'no'} |")
    print(f"| 100 articles of 3,000 characters, one process ({statements} statements) | {many:.2f} | ≤ 60 | "
          f"{'yes' if many <= 60 else 'no'} |")


if __name__ == "__main__":  # pragma: no cover
    main()
