"""Measure ``kjus ingest`` against the curated source of the first article.

:func:`evaluate_ingest` drafts the first article twice and compares the
drafts, as written in TriG and parsed back, with the hand-curated
``graph/sources/000_76483b81068cf569.trig``:

1. with a gazetteer of the ontology, the vocabularies and every *other*
   source (the article's own source left out), for entity recall, dates,
   amounts, statuses, offsets and invented values;
2. with the whole graph as gazetteer, for the precision of links to existing IRIs.

The figures and how each is counted
----------------------------------
entity recall
    Curated entities named in the text — actors, places, events, agreements,
    programs, initiatives, funds, policies, reports and products one of whose
    labels (``rdfs:label``/``skos:altLabel``, the name outside parentheses or
    the abbreviation inside them) occurs in the article — that the draft links
    or proposes under one of those names (compared without blanks, dots and
    case).
link precision
    Links of the second draft to IRIs the graph already had, confirmed when a
    curated assertion graph whose quote overlaps the draft's quote mentions that IRI.
dates, amounts/percentages/counts
    Values of ``kj:date``/``kj:startDate``/``kj:endDate``/``kj:targetYear``, and of
    ``kj:value``/``kj:minValue``/``kj:maxValue``/``kj:rank``/``kj:outOf``/
    ``kj:memberCount``/``kj:numberOfProjects``/``kj:duration`` (money with its
    currency) in curated assertion graphs, found with the same typed value in
    a draft assertion graph whose quote overlaps.
status agreement
    Curated assertion graphs matched to the draft graph whose quote overlaps
    theirs most; the share with the same ``kj:status``.
quotes off offsets
    Draft quotes with ``text[start:end] != quote``.
invented values
    Draft values that no words of their quote give: a date without its
    ``kj:dateWording`` in the quote (or whose wording does not resolve to it),
    an amount whose wording is not in the quote or does not read as it, a
    number whose digits are not in the quote.

The report is deterministic (no timings; see :mod:`graph.ingest.bench` for speed).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..paths import SOURCES_DIR
from ..prefixes import PREFIXES
from ..vocab import KJ

__all__ = ["CURATED", "TARGETS", "evaluate_ingest", "evaluate_and_write", "render_markdown", "write_evaluation"]

#: The curated source of the first article.
CURATED = SOURCES_DIR / "000_76483b81068cf569.trig"
#: The targets of issue 13: figure -> (comparison, threshold).
TARGETS = {
    "entity_recall": (">=", 0.85), "link_precision": (">=", 0.95), "dates": (">=", 0.90),
    "quantities": (">=", 0.90), "status_agreement": (">=", 0.75), "quotes_off_offsets": ("==", 0),
    "invented_values": ("==", 0),
}
_NAMES = {"entity_recall": "entity recall (gazetteer without the article's source)",
          "link_precision": "precision of links to existing IRIs (whole graph as gazetteer)",
          "dates": "curated dates found with the same value",
          "quantities": "curated amounts, percentages and counts found with the same value",
          "status_agreement": "status agreeing with the curated status (matched statements)",
          "quotes_off_offsets": "quotes off their offsets", "invented_values": "invented values"}

_RDF_TYPE, _LABEL, _ALT = PREFIXES["rdf"] + "type", PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel"
_KJD = PREFIXES["kjd"]
_DATE_PROPS = {str(KJ.date), str(KJ.startDate), str(KJ.endDate), str(KJ.targetYear)}
_NUMBER_PROPS = {str(KJ.value), str(KJ.minValue), str(KJ.maxValue), str(KJ.rank), str(KJ.outOf),
                 str(KJ.memberCount), str(KJ.numberOfProjects)}
_NAMED = tuple(str(c) for c in (KJ.Actor, KJ.Place, KJ.Event, KJ.Agreement, KJ.Program, KJ.Initiative, KJ.Fund,
                                KJ.Policy, KJ.Report, KJ.Product))


class _Source:
    """A source file parsed with pyoxigraph: its graphs, assertions and evidence spans."""

    def __init__(self, quads: list):
        self.quads = quads
        self.by_graph: dict[str, list] = defaultdict(list)
        self.by_subject: dict[str, list] = defaultdict(list)
        for q in quads:
            self.by_graph[getattr(q.graph_name, "value", "")].append(q)
            if hasattr(q.subject, "value"):
                self.by_subject[q.subject.value].append(q)

    def objects(self, s: str, p: str) -> list:
        return [q.object for q in self.by_subject.get(s, []) if q.predicate.value == p]

    def one(self, s: str, p: str) -> str:
        o = self.objects(s, p)
        return o[0].value if o else ""

    def typed(self, cls: str) -> list[str]:
        return sorted(s for s, qs in self.by_subject.items()
                      if any(q.predicate.value == _RDF_TYPE and q.object.value == cls for q in qs))

    def assertions(self) -> dict[str, dict]:
        out = {}
        for a in self.typed(str(KJ.Assertion)):
            spans, quotes = [], []
            for e in self.objects(a, str(KJ.evidence)):
                start, end = self.one(e.value, str(KJ.start)), self.one(e.value, str(KJ.end))
                if start and end:
                    spans.append((int(start), int(end)))
                    quotes.append((self.one(e.value, str(KJ.quote)), int(start), int(end)))
            out[a] = {"status": self.one(a, str(KJ.status)).rsplit("/", 1)[-1], "spans": spans, "quotes": quotes}
        return out

    def names(self, iri: str) -> set[str]:
        from .gazetteer import normalise

        out = set()
        for q in self.by_subject.get(iri, []):
            if q.predicate.value in (_LABEL, _ALT):
                out |= {normalise(n) for n in _name_forms(q.object.value)}
        return {n for n in out if len(n) >= 2}


def _name_forms(name: str) -> list[str]:
    """A name, and for ``Long Name (ABBR)`` the long name and the abbreviation."""
    forms = [name]
    m = re.match(r"^(.*?)\s*[(（]([^()（）]+)[)）]\s*$", name)
    if m:
        forms.append(m.group(1))
        if re.fullmatch(r"[A-Z][A-Za-z0-9&.\-]*", m.group(2).strip()):
            forms.append(m.group(2))
    return forms


def _parse(trig: str | Path) -> _Source:
    import pyoxigraph as ox

    if isinstance(trig, Path):
        return _Source(list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)))
    return _Source(list(ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)))


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def evaluate_ingest(curated: str | Path = CURATED, *, sources: list[str | Path] | None = None) -> dict:
    """Draft the curated article and compare; return every figure, its target and the misses.

    Parameters
    ----------
    curated : the curated source file (its text must sit beside it).
    sources : the folders or files of the graph; default ``graph/sources/``.
    """
    from .draft import draft_article
    from .gazetteer import build_gazetteer, normalise
    from .text import analyse_text
    from .trig import render_trig

    curated = Path(curated)
    cur = _parse(curated)
    doc = cur.typed(str(KJ.SourceDocument))[0]
    file_name = cur.one(doc, str(KJ.fileName))
    text = (curated.parent / file_name).read_bytes().decode("utf-8")
    article_date = date.fromisoformat(cur.one(doc, PREFIXES["dcterms"] + "date"))
    lang = cur.one(doc, PREFIXES["dcterms"] + "language") or "ko"
    sources = sources or [SOURCES_DIR]
    analysis = analyse_text(text, lang)

    gaz_without = build_gazetteer(sources, exclude=[curated])
    draft_a = draft_article(text, article_date, lang=lang, stem="evaluation", gazetteer=gaz_without,
                            analysis=analysis)
    a = _parse(render_trig(draft_a))
    gaz_full = build_gazetteer(sources)
    draft_b = draft_article(text, article_date, lang=lang, stem="evaluation", gazetteer=gaz_full, analysis=analysis)
    b = _parse(render_trig(draft_b))

    cur_assertions = cur.assertions()
    a_assertions = a.assertions()
    report: dict = {"article": file_name, "date": article_date.isoformat(), "language": lang,
                    "sentences": len(analysis.sentences), "drafted_statements": len(a_assertions),
                    "curated_statements": len(cur_assertions), "figures": {}, "misses": {}}

    # 1. entity recall -----------------------------------------------------------------------
    flat_text = normalise(text)
    draft_names: dict[str, set[str]] = {}
    for s in a.by_subject:
        if s.startswith(_KJD):
            draft_names[s] = a.names(s)
    all_draft_names = set().union(*draft_names.values()) if draft_names else set()
    supers = gaz_without.supers
    named, found, missed = [], [], []
    for e in sorted({q.subject.value for g, qs in cur.by_graph.items() for q in qs
                     if q.predicate.value == _RDF_TYPE and q.subject.value.startswith(_KJD)}):
        classes = {q.object.value for q in cur.by_subject[e] if q.predicate.value == _RDF_TYPE}
        if not any(set(supers.get(c, {c})) & set(_NAMED) for c in classes):
            continue
        names = {n for n in cur.names(e) if n in flat_text}
        if not names:
            continue
        named.append(e)
        if names & all_draft_names:
            found.append(e)
        else:
            missed.append(f"{e.rsplit('/', 1)[-1]} ({', '.join(sorted(names))})")
    report["figures"]["entity_recall"] = _ratio(len(found), len(named))
    report["misses"]["entity_recall"] = missed

    # 2. link precision ----------------------------------------------------------------------
    # A link is confirmed when a curated statement overlapping its sentence refers to that IRI, or when
    # the curated source names that IRI with exactly the linked words and those words are not part of a
    # longer curated name of something else at that place.
    mentioned_by: dict[str, set[str]] = defaultdict(set)
    for g, qs in cur.by_graph.items():
        for q in qs:
            for t in (q.subject, q.object):
                if getattr(t, "value", "").startswith(_KJD):
                    mentioned_by[g].add(t.value)
    occurrences = _name_occurrences(cur, text, gaz_full.supers)
    links, confirmed, by_statement, unconfirmed = 0, 0, 0, []
    for da in draft_b.assertions:
        spans = [(da.start, da.end)]
        over = {cg for cg, ci in cur_assertions.items() if _overlap(spans, ci["spans"])}
        ok_iris = set().union(*(mentioned_by[cg] for cg in over)) if over else set()
        for start, end, words, iri, new in sorted(set(da.links)):
            if new or not iri.startswith(_KJD):
                continue
            links += 1
            named = normalise(words) in cur.names(iri) and not any(
                s <= start and end <= e and (e - s) > (end - start) and other != iri
                for s, e, other in occurrences)
            if iri in ok_iris:
                by_statement += 1
            if iri in ok_iris or named:
                confirmed += 1
            else:
                unconfirmed.append(f"{da.name}: '{words}' → {iri.rsplit('/', 1)[-1]}")
    report["figures"]["link_precision"] = _ratio(confirmed, links)
    report["link_precision_by_statement_only"] = _ratio(by_statement, links)
    report["misses"]["link_precision"] = unconfirmed

    # 3 and 4. dates and quantities -------------------------------------------------------------
    def values(src: _Source, graph: str, kind: str) -> set:
        out = set()
        for q in src.by_graph.get(graph, []):
            p = q.predicate.value
            if kind == "dates" and p in _DATE_PROPS:
                out.add((q.object.value, q.object.datatype.value.rsplit("#", 1)[-1]))
            elif kind == "quantities" and p in _NUMBER_PROPS:
                currency = src.one(q.subject.value, str(KJ.currency))
                out.add((_number(q.object.value), currency))
            elif kind == "quantities" and p == str(KJ.duration):
                out.add((q.object.value, "duration"))
        return out

    for kind in ("dates", "quantities"):
        total, hit, miss = 0, 0, []
        for g, info in sorted(cur_assertions.items()):
            wanted = values(cur, g, kind)
            if not wanted:
                continue
            over = [dg for dg, di in a_assertions.items() if _overlap(info["spans"], di["spans"])]
            have = set().union(*(values(a, dg, kind) for dg in over)) if over else set()
            for v in sorted(wanted, key=str):
                total += 1
                if v in have:
                    hit += 1
                else:
                    miss.append(f"{g.rsplit('/', 1)[-1]}: {v[0]}" + (f" {v[1]}" if v[1] else ""))
        report["figures"][kind] = _ratio(hit, total)
        report["misses"][kind] = miss

    # 5. status agreement ----------------------------------------------------------------------
    matched, agree, disagree = 0, 0, []
    for g, info in sorted(cur_assertions.items()):
        best = max(a_assertions.items(), key=lambda kv: (_overlap(info["spans"], kv[1]["spans"]), -len(kv[0])),
                   default=None)
        if best is None or _overlap(info["spans"], best[1]["spans"]) == 0:
            disagree.append(f"{g.rsplit('/', 1)[-1]}: not matched")
            continue
        matched += 1
        if best[1]["status"] == info["status"]:
            agree += 1
        else:
            disagree.append(f"{g.rsplit('/', 1)[-1]}: curated {info['status']}, draft {best[1]['status']} "
                            f"({best[0].rsplit('/', 1)[-1]})")
    report["figures"]["status_agreement"] = _ratio(agree, matched)
    report["matched_statements"] = matched
    report["misses"]["status_agreement"] = disagree

    # 6 and 7. offsets and invented values ------------------------------------------------------
    off, invented = [], []
    for src in (a, b):
        for g, info in src.assertions().items():
            for quote, s, e in info["quotes"]:
                if text[s:e] != quote:
                    off.append(f"{g.rsplit('/', 1)[-1]} [{s}, {e})")
            invented += _invented(src, g, info, text, article_date, lang)
    report["figures"]["quotes_off_offsets"] = {"value": len(off)}
    report["figures"]["invented_values"] = {"value": len(invented)}
    report["misses"]["quotes_off_offsets"] = sorted(set(off))
    report["misses"]["invented_values"] = sorted(set(invented))
    report["checked_values"] = sum(1 for src in (a, b) for qs in src.by_graph.values() for q in qs
                                   if q.predicate.value in _DATE_PROPS | _NUMBER_PROPS | {str(KJ.duration)})
    for key, (op, target) in TARGETS.items():
        fig = report["figures"][key]
        fig["target"] = f"{op} {target:.0%}" if isinstance(target, float) else f"{op} {target}"
        fig["met"] = fig["value"] >= target if op == ">=" else fig["value"] == target
    return report


def _name_occurrences(cur: _Source, text: str, supers: dict) -> list[tuple[int, int, str]]:
    """Where the curated names of curated named entities occur in the text: ``(start, end, IRI)``."""
    out = []
    for iri, qs in cur.by_subject.items():
        classes = {q.object.value for q in qs if q.predicate.value == _RDF_TYPE}
        if not iri.startswith(_KJD) or not any(set(supers.get(c, {c})) & set(_NAMED) for c in classes):
            continue
        for q in qs:
            if q.predicate.value not in (_LABEL, _ALT):
                continue
            for name in _name_forms(q.object.value):
                if len(name) < 2:
                    continue
                pos = text.find(name)
                while pos >= 0:
                    out.append((pos, pos + len(name), iri))
                    pos = text.find(name, pos + 1)
    return out


def _number(lexical: str) -> str:
    try:
        d = Decimal(lexical)
    except InvalidOperation:
        return lexical
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def _ratio(n: int, d: int) -> dict:
    return {"value": round(n / d, 4) if d else 0.0, "found": n, "of": d}


def _invented(src: _Source, graph: str, info: dict, text: str, article_date: date, lang: str) -> list[str]:
    """Values of one draft graph that no words of its quote give."""
    from .dates import find_dates
    from .quantities import find_quantities

    quote = " ".join(q for q, _, _ in info["quotes"])
    name = graph.rsplit("/", 1)[-1]
    out = []
    for q in src.by_graph.get(graph, []):
        p, s, o = q.predicate.value, q.subject.value, q.object
        if p in _DATE_PROPS:
            wordings = [w.value for w in src.objects(s, str(KJ.dateWording)) if w.value in quote]
            resolved = {lit for w in wordings for d in find_dates(w, article_date, lang) for lit in d.literals}
            if not any(o.value == v for v, _ in resolved):
                out.append(f"{name}: {p.rsplit('#', 1)[-1]} {o.value}")
        elif p in _NUMBER_PROPS or p == str(KJ.duration):
            if src.one(s, _RDF_TYPE) == str(KJ.MonetaryAmount):
                wordings = [lab.value for lab in src.objects(s, _LABEL) if lab.value in quote]
                read = {(_number(str(x.value)), x.currency) for w in wordings for x in find_quantities(w, lang)}
                if (_number(o.value), src.one(s, str(KJ.currency))) not in read:
                    out.append(f"{name}: {p.rsplit('#', 1)[-1]} {o.value}")
                continue
            digits = re.sub(r"^P(?:T)?|[A-Z]$", "", o.value) if p == str(KJ.duration) else _number(o.value)
            if not re.search(rf"(?<![\d.]){re.escape(digits)}(?![\d]|\.\d)", quote):
                out.append(f"{name}: {p.rsplit('#', 1)[-1]} {o.value}")
    return out


def render_markdown(report: dict) -> str:
    """The evaluation as a Markdown page: the figures beside their targets, then what was missed."""
    lines = [f"# `kjus ingest` evaluation — {report['article']} ({report['language']}, {report['date']})", "",
             "Written by `kjus ingest --evaluate` (`graph.ingest.evaluate.evaluate_ingest`); how each figure is "
             "counted is in that module's docstring.", "",
             f"{report['sentences']} sentences; {report['drafted_statements']} drafted statements; "
             f"{report['curated_statements']} curated statements, {report['matched_statements']} matched.", "",
             "| figure | value | target | met |", "| --- | --- | --- | --- |"]
    for key, fig in report["figures"].items():
        if "of" in fig:
            value = f"{fig['value']:.1%} ({fig['found']}/{fig['of']})"
        else:
            value = str(fig["value"])
        lines.append(f"| {_NAMES[key]} | {value} | {fig['target']} | {'yes' if fig['met'] else '**no**'} |")
    strict = report["link_precision_by_statement_only"]
    lines += ["", f"{report['checked_values']} date and number values were checked for invention. Of the links to "
              f"existing IRIs, {strict['value']:.1%} ({strict['found']}/{strict['of']}) are confirmed by an "
              "overlapping curated statement alone; the others by the curated source naming that IRI with "
              "exactly the linked words (the curator did not model every mention as a fact).", ""]
    for key, misses in report["misses"].items():
        if not misses:
            continue
        lines.append(f"## Misses: {_NAMES[key]}")
        lines.append("")
        lines += [f"- {m}" for m in misses]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_evaluation(report: dict, out_dir: str | Path | None = None) -> list[Path]:
    """Write ``evaluation.json`` and ``evaluation.md`` (default ``exports/ingest/``); return their paths."""
    from ..files import write_atomic
    from ..paths import exports_dir

    out = Path(out_dir) if out_dir is not None else exports_dir() / "ingest"
    paths = [write_atomic(out / "evaluation.json", json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True)
                          + "\n"),
             write_atomic(out / "evaluation.md", render_markdown(report))]
    return paths


def evaluate_and_write(out_dir: str | Path | None = None) -> tuple[dict, list[Path]]:
    """Run :func:`evaluate_ingest` and write its report (what ``kjus ingest --evaluate`` does)."""
    report = evaluate_ingest()
    return report, write_evaluation(report, out_dir)
