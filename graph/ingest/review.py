"""Review a draft source: each statement beside its sentence, what is new, what needs a decision.

:func:`review_source` reads a source file (TriG) and the article text beside it
and returns one :class:`ReviewItem` per assertion graph, drafts first — its
status and whether it is still a draft, the quote checked against its offsets,
the facts it states (with labels), the cue words and machine notes, the
entities it proposes, and the notes that ask for a decision (``decide: …``).
:func:`format_review` renders that for a terminal.

:func:`draft_assertions` lists the assertion graphs of a store or dataset that
are still machine drafts (``kj:draft true``); ``kjus build`` uses it to refuse
drafts unless asked to include them.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.load('''@prefix kj: <https://w3id.org/kjus/ontology#> .
... <urn:s/provenance> { <urn:s/a> kj:draft true ; kj:evidence <urn:s/a-q1> .
...                      <urn:s/a-q1> kj:quote "한국과 일본은 합의했다"@ko .
...                      <urn:s/b> kj:draft false ; kj:evidence <urn:s/b-q1> . }''', format=ox.RdfFormat.TRIG)
>>> draft_assertions(store)
[{'assertion': 'urn:s/a', 'quotes': ['한국과 일본은 합의했다']}]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from ..prefixes import PREFIXES, curie
from ..vocab import KJ

__all__ = ["ReviewItem", "Review", "review_source", "format_review", "draft_assertions", "drafts_message"]

_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABEL = PREFIXES["rdfs"] + "label"
_ALT = PREFIXES["skos"] + "altLabel"


@dataclass
class ReviewItem:
    """One assertion graph as a curator sees it."""

    assertion: str
    status: str
    draft: bool
    quote: str
    start: int
    end: int
    quote_ok: bool
    context: str
    facts: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    new_entities: list[dict] = field(default_factory=list)


@dataclass
class Review:
    """The review of one source file."""

    path: str
    document: str
    file_name: str
    date: str
    language: str
    items: list[ReviewItem]

    @property
    def drafts(self) -> int:
        return sum(i.draft for i in self.items)

    def as_dict(self) -> dict:
        return {"path": self.path, "document": self.document, "file_name": self.file_name, "date": self.date,
                "language": self.language, "drafts": self.drafts,
                "items": [i.__dict__ for i in self.items]}


def _is_true(term) -> bool:
    value = getattr(term, "value", term)
    return value is True or str(value).lower() in ("true", "1")


def draft_assertions(store_or_dataset) -> list[dict]:
    """The assertion graphs still marked ``kj:draft true``, with their quotes, sorted.

    Parameters
    ----------
    store_or_dataset : a ``pyoxigraph.Store`` or an ``rdflib.Dataset``.

    Returns
    -------
    list of ``{"assertion": IRI, "quotes": [quote, …]}``; empty when nothing is a draft.
    """
    draft, evidence, quote = str(KJ.draft), str(KJ.evidence), str(KJ.quote)
    if hasattr(store_or_dataset, "quads_for_pattern"):
        import pyoxigraph as ox

        def objects(s, p):
            return [q.object for q in store_or_dataset.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None,
                                                                         None)]
        marked = {q.subject.value for q in store_or_dataset.quads_for_pattern(None, ox.NamedNode(draft), None, None)
                  if _is_true(q.object) and hasattr(q.subject, "value")}
        value = lambda t: t.value  # noqa: E731
    else:
        from rdflib import URIRef

        ds = store_or_dataset

        def objects(s, p):
            return [o for _, _, o, _ in ds.quads((URIRef(s), URIRef(p), None, None))]
        marked = {str(s) for s, _, o, _ in ds.quads((None, URIRef(draft), None, None)) if _is_true(o)}
        value = str  # noqa: E731
    out = []
    for a in sorted(marked):
        quotes = sorted({value(q) for e in objects(a, evidence) if hasattr(e, "value") or not isinstance(e, str)
                         for q in objects(value(e), quote)})
        out.append({"assertion": a, "quotes": quotes})
    return out


def drafts_message(drafts: list[dict], *, limit: int = 10) -> str:
    """One message naming the statements that are still drafts (for ``kjus build``).

    Examples
    --------
    >>> print(drafts_message([{"assertion": "https://w3id.org/kjus/source/001_x/s03-summit",
    ...                        "quotes": ["이 대통령은 지난 23일 한일정상회담을 가졌다"]}]))
    1 statement is still a machine draft; review it (`kjus review FILE`), delete its `kj:draft true` line, or build with --drafts:
      src:001_x/s03-summit — “이 대통령은 지난 23일 한일정상회담을 가졌다”
    """
    n = len(drafts)
    lines = [f"{n} statement{'s are' if n != 1 else ' is'} still {'machine drafts' if n != 1 else 'a machine draft'}; "
             f"review {'them' if n != 1 else 'it'} (`kjus review FILE`), delete {'their' if n != 1 else 'its'} "
             "`kj:draft true` line, or build with --drafts:"]
    for d in drafts[:limit]:
        quote = d["quotes"][0] if d["quotes"] else ""
        quote = quote if len(quote) <= 60 else quote[:60] + "…"
        lines.append(f"  {_short(d['assertion'])} — “{quote}”")
    if n > limit:
        lines.append(f"  … and {n - limit} more")
    return "\n".join(lines)


def _short(iri: str) -> str:
    src = PREFIXES["src"]
    return "src:" + iri[len(src):] if iri.startswith(src) else curie(iri)


def review_source(path: str | Path, *, text_dir: str | Path | None = None) -> Review:
    """Read a source file and its text and describe every assertion graph for review.

    Parameters
    ----------
    path : the TriG (or N-Quads) source file.
    text_dir : where the article text is; default the folder of ``path``.

    Raises
    ------
    SourceError
        The file is missing or does not parse, or it describes no source document.
    """
    import pyoxigraph as ox

    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such source file")
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG
    try:
        quads = list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as exc:
        raise SourceError(f"{path}: does not parse: {exc}") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from None
    by_subject: dict[str, list] = {}
    graphs: dict[str, list] = {}
    for q in quads:
        if hasattr(q.subject, "value"):
            by_subject.setdefault(q.subject.value, []).append(q)
        if hasattr(q.graph_name, "value"):
            graphs.setdefault(q.graph_name.value, []).append(q)

    def objects(s: str, p: str) -> list:
        return [q.object for q in by_subject.get(s, []) if q.predicate.value == p]

    def one(s: str, p: str) -> str:
        vals = objects(s, p)
        return vals[0].value if vals else ""

    docs = [s for s, qs in by_subject.items() if any(q.predicate.value == _RDF_TYPE and
                                                     q.object.value == str(KJ.SourceDocument) for q in qs)]
    if not docs:
        raise SourceError(f"{path}: describes no kj:SourceDocument; is it a source file?")
    doc = sorted(docs)[0]
    file_name = one(doc, str(KJ.fileName))
    text = _read_text(path, file_name, text_dir)
    labels = {s: {q.object.language or "": q.object.value for q in qs if q.predicate.value == _LABEL}
              for s, qs in by_subject.items()}
    lang = one(doc, PREFIXES["dcterms"] + "language") or "en"
    assertions = [s for s, qs in by_subject.items() if any(q.predicate.value == _RDF_TYPE and
                                                           q.object.value == str(KJ.Assertion) for q in qs)]
    items = []
    for a in assertions:
        evidence = [e.value for e in objects(a, str(KJ.evidence))]
        quote, start, end = "", -1, -1
        if evidence:
            quote = one(evidence[0], str(KJ.quote))
            start, end = int(one(evidence[0], str(KJ.start)) or -1), int(one(evidence[0], str(KJ.end)) or -1)
        ok = text is not None and start >= 0 and text[start:end] == quote
        context = _sentence_around(text, start, end) if text is not None and start >= 0 else ""
        notes = [n.value for n in objects(a, str(KJ.machineNote))]
        item = ReviewItem(a, one(a, str(KJ.status)).rsplit("/", 1)[-1], any(_is_true(o) for o in objects(a, str(KJ.draft))),
                          quote, start, end, ok, context,
                          facts=_facts(graphs.get(a, []), labels, lang),
                          cues=sorted({c.value for c in objects(a, str(KJ.cue))}, key=lambda c: (quote.find(c), c)),
                          notes=[n for n in notes if not n.startswith("decide:")],
                          decisions=[n[len("decide:"):].strip() for n in notes if n.startswith("decide:")])
        for e in objects(a, str(KJ.proposedEntity)):
            types = [q.object.value.rsplit("#", 1)[-1] for q in by_subject.get(e.value, [])
                     if q.predicate.value == _RDF_TYPE]
            item.new_entities.append({"iri": e.value, "class": ", ".join(sorted(types)),
                                      "label": _label(labels, e.value, lang), "labels": labels.get(e.value, {})})
        items.append(item)
    items.sort(key=lambda i: (not i.draft, i.start, i.assertion))
    return Review(str(path), doc, file_name, one(doc, PREFIXES["dcterms"] + "date"), lang, items)


def _read_text(path: Path, file_name: str, text_dir) -> str | None:
    if not file_name:
        return None
    candidate = Path(text_dir or path.parent) / Path(file_name).name
    if not candidate.is_file():
        return None
    return candidate.read_bytes().decode("utf-8", errors="replace")


def _sentence_around(text: str, start: int, end: int) -> str:
    s = max(text.rfind("\n", 0, start) + 1, 0)
    e = text.find("\n", end)
    e = len(text) if e < 0 else e
    return text[s:e].strip()


def _label(labels: dict, iri: str, lang: str) -> str:
    ls = labels.get(iri, {})
    return ls.get(lang) or ls.get("en") or next(iter(ls.values()), "")


def _facts(quads: list, labels: dict, lang: str) -> list[str]:
    """The triples of one assertion graph as short lines: ``subject — predicate — object``."""
    def name(term) -> str:
        if hasattr(term, "language") or type(term).__name__ == "Literal":
            v = term.value
            tag = f"@{term.language}" if getattr(term, "language", None) else ""
            return f"“{v}”{tag}" if tag else v
        iri = term.value
        label = _label(labels, iri, lang)
        return f"{label} ({curie(iri)})" if label else curie(iri)

    order: dict[str, int] = {}
    rows = []
    for q in quads:
        s = q.subject.value if hasattr(q.subject, "value") else str(q.subject)
        order.setdefault(s, len(order))
        if q.predicate.value in (_LABEL, _ALT):
            continue
        p = curie(q.predicate.value)
        p = "a" if q.predicate.value == _RDF_TYPE else p
        o = curie(q.object.value) if q.predicate.value == _RDF_TYPE else name(q.object)
        rows.append((order[s], name(q.subject), p, o))
    rows.sort(key=lambda r: (r[0], r[2] != "a", r[2], r[3]))
    return [f"{s} — {p} — {o}" for _, s, p, o in rows]


def format_review(review: Review, *, width: int = 100) -> str:
    """The review as text for a terminal: each statement beside its sentence.

    Examples
    --------
    >>> r = Review("x.trig", "https://w3id.org/kjus/source/x", "x.txt", "2025-10-01", "ko", [ReviewItem(
    ...     "https://w3id.org/kjus/source/x/s01-agreement", "agreed", True, "한일 양국은 합의했다", 0, 10, True,
    ...     "한일 양국은 합의했다.", facts=["kjd:x — a — kj:Agreement"], cues=["합의했"],
    ...     decisions=["no party is named"])])
    >>> print(format_review(r))  # doctest: +NORMALIZE_WHITESPACE
    x.trig — source src:x (x.txt, 2025-10-01, ko): 1 assertion graph, 1 still a draft
    <BLANKLINE>
    [1] src:x/s01-agreement   agreed   DRAFT   text[0:10] ✓
        “한일 양국은 합의했다”
        states:  kjd:x — a — kj:Agreement
        cues:    합의했
        DECIDE:  no party is named
    <BLANKLINE>
    1 statement still a draft: check it, then delete its `kj:draft true` line (kjus build refuses drafts without --drafts).
    """
    n = len(review.items)
    lines = [f"{review.path} — source {_short(review.document)} ({review.file_name}, {review.date}, "
             f"{review.language}): {n} assertion graph{'s' if n != 1 else ''}, {review.drafts} still "
             f"{'a draft' if review.drafts == 1 else 'drafts'}", ""]
    new_all: dict[str, dict] = {}
    for k, item in enumerate(review.items, 1):
        check = "✓" if item.quote_ok else "✗ NOT AT ITS OFFSETS"
        lines.append(f"[{k}] {_short(item.assertion)}   {item.status}   {'DRAFT' if item.draft else 'reviewed'}   "
                     f"text[{item.start}:{item.end}] {check}")
        lines.append(f"    “{item.quote}”")
        if item.context and len(item.context) > len(item.quote) + 2 and len(item.context) <= 3 * len(item.quote) + 40:
            lines.append(f"    in: {item.context}")
        for i, fact in enumerate(item.facts):
            lines.append(f"    {'states: ' if i == 0 else '        '} {fact}")
        if item.cues:
            lines.append(f"    cues:    {' · '.join(item.cues)}")
        for note in item.notes:
            lines.append(f"    why:     {note}")
        for e in item.new_entities:
            lines.append(f"    NEW:     {curie(e['iri'])}  {e['class']}  “{e['label']}”")
            new_all[e["iri"]] = e
        for d in item.decisions:
            lines.append(f"    DECIDE:  {d}")
        lines.append("")
    if new_all:
        lines.append(f"New entities proposed ({len(new_all)}): keep, rename or merge each with an existing one:")
        for iri, e in sorted(new_all.items()):
            labels = ", ".join(f"“{v}”@{k}" for k, v in sorted(e["labels"].items()))
            lines.append(f"  {curie(iri)}  {e['class']}  {labels}")
        lines.append("")
    if review.drafts:
        lines.append(f"{review.drafts} statement{'s' if review.drafts != 1 else ''} still "
                     f"{'drafts' if review.drafts != 1 else 'a draft'}: check "
                     f"{'each' if review.drafts != 1 else 'it'}, then delete "
                     f"{'their' if review.drafts != 1 else 'its'} `kj:draft true` line (kjus build refuses drafts "
                     "without --drafts).")
    else:
        lines.append("No drafts left: the source is reviewed.")
    return "\n".join(_wrap(line, width) for line in lines)


def _wrap(line: str, width: int) -> str:
    return line if len(line) <= width * 2 else line[: width * 2 - 1] + "…"

