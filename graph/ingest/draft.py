"""Assemble a draft source: one assertion graph per sentence that states something.

:func:`draft_article` runs the stages of the package over one article and
returns a :class:`Draft` in the project's model, mirroring the curated source:

* known entities are referred to by their IRIs; new ones are defined (class,
  labels, role) in the first assertion graph that mentions them and listed as
  ``kj:proposedEntity`` of that assertion;
* each sentence's *main node* depends on what it states: an event
  (``kj:Summit``, ``kj:Visit``, ``kj:StockListing`` …) with its participants,
  place and date; an ``kj:Agreement`` with its parties (and the meeting it was
  agreed at); a ``kj:Forecast`` per projected figure (with the ``kjm:`` measure
  whose label fits the sentence); a ``kj:Claim``, ``kj:Expectation``,
  ``kj:Concern`` or ``kj:Statement`` voiced by the speaker; or a
  ``kj:Initiative`` for other plans and activities;
* money becomes a ``kj:MonetaryAmount`` (value, currency, approximate, bounds,
  equivalent), percentages ``kj:value`` + ``kju:percent``, ranks ``kj:rank``/``kj:outOf``,
  counts ``kj:memberCount``/``kj:numberOfProjects``, durations ``kj:duration``;
* every value keeps the words it came from (``kj:dateWording``, the amount's
  label as written, the cue words), and every guess is explained in
  ``kj:machineNote``; notes that start with ``decide:`` need a curator's decision.

Nothing is added that the text (or the article's date) does not say: when a
shape of the model cannot be met from the text — a summit with one named
participant, a visit without what was visited — the node falls back to a more
general class instead of inventing the missing part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..prefixes import PREFIXES
from ..vocab import KJ, KJM, KJS, KJU
from .dates import DateMention, find_dates
from .entities import HEAD_TITLES, NewEntity, propose_entities
from .events import EventCue, find_events
from .gazetteer import KOREAN_TITLES, Entry, Gazetteer, Mention, find_mentions
from .modality import StatusGuess, segment_statuses
from .quantities import Quantity, find_quantities
from .text import Analysis, Sentence, analyse_text, detect_language, quote_span

__all__ = ["Iri", "Lit", "Node", "ValueTrace", "DraftAssertion", "Draft", "draft_article"]

_RDFS, _SKOS, _XSD = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["xsd"]
_LABEL, _ALT, _NOTATION = _RDFS + "label", _SKOS + "altLabel", _SKOS + "notation"
_KJD, _KJT = PREFIXES["kjd"], PREFIXES["kjt"]
_XSD_DATE = {"date": _XSD + "date", "gYearMonth": _XSD + "gYearMonth", "gYear": _XSD + "gYear"}


@dataclass(frozen=True)
class Iri:
    """An IRI object of a triple."""

    value: str


@dataclass(frozen=True)
class Lit:
    """A literal: a language-tagged string, or a lexical form with its datatype IRI."""

    lexical: str
    lang: str = ""
    datatype: str = ""


@dataclass
class Node:
    """A subject and its properties in one assertion graph; ``new`` marks a proposed entity."""

    iri: str
    types: list[str] = field(default_factory=list)
    props: list[tuple[str, Iri | Lit]] = field(default_factory=list)
    new: bool = False
    comment: str = ""

    def add(self, predicate: str, obj: Iri | Lit) -> None:
        if (predicate, obj) not in self.props:
            self.props.append((predicate, obj))

    def values(self, predicate: str) -> list:
        return [o for p, o in self.props if p == predicate]


@dataclass(frozen=True)
class ValueTrace:
    """A value the machine wrote and the words of the quote it came from."""

    node: str
    predicate: str
    value: str
    wording: str


@dataclass
class DraftAssertion:
    """One drafted assertion graph: the sentence, its status, the nodes it states and why."""

    name: str
    sentence: int
    start: int
    end: int
    quote: str
    status: str
    main: str
    nodes: list[Node] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    traces: list[ValueTrace] = field(default_factory=list)
    links: list[tuple[int, int, str, str, bool]] = field(default_factory=list)

    def node(self, iri: str) -> Node:
        for n in self.nodes:
            if n.iri == iri:
                return n
        n = Node(iri)
        self.nodes.append(n)
        return n


@dataclass
class Draft:
    """A whole draft source, ready for :func:`graph.ingest.trig.render_trig`."""

    stem: str
    text: str
    date: date
    lang: str
    title: str
    url: str
    file_name: str
    sha256: str
    assertions: list[DraftAssertion]
    entities: list[NewEntity]
    mentions: list[Mention]
    skipped: list[Sentence]
    sentences: list[Sentence]

    @property
    def doc_iri(self) -> str:
        return PREFIXES["src"] + self.stem

    @property
    def graph_base(self) -> str:
        return self.doc_iri + "/"


# ------------------------------------------------------------------------------------------------

def draft_article(text: str, article_date: date, *, lang: str | None = None, title: str | None = None,
                  url: str = "", stem: str = "draft", gazetteer: Gazetteer | None = None,
                  analysis: Analysis | None = None) -> Draft:
    """Draft the source of one article.

    Parameters
    ----------
    text : the article, exactly as it will be stored (offsets index it).
    article_date : its publication date: relative dates count from it.
    lang : ``"ko"``, ``"en"`` or ``"ja"``; guessed from the script when omitted.
    title : ``dcterms:title``; the first line of the text when omitted.
    url : where the article was published (``schema:url``).
    stem : the source's name: document ``src:<stem>``, text ``<stem>.txt``.
    gazetteer : what the graph knows (:func:`graph.ingest.gazetteer.build_gazetteer`); default every source.

    Examples
    --------
    >>> from datetime import date
    >>> from graph.ingest.gazetteer import build_gazetteer
    >>> model_only = build_gazetteer([])  # the ontology and vocabularies, no source
    >>> d = draft_article("Japan and Korea signed a memorandum on AI safety in Tokyo on Monday.",
    ...                   date(2025, 10, 1), lang="en", gazetteer=model_only)
    >>> [(a.name, a.status, a.quote) for a in d.assertions]
    [('s01-agreement', 'agreed', 'Japan and Korea signed a memorandum on AI safety in Tokyo on Monday')]
    >>> sorted(e.label for e in d.entities)
    ['Japan', 'Korea', 'Tokyo']
    """
    from .gazetteer import build_gazetteer

    import hashlib

    lang = lang or detect_language(text)
    gaz = gazetteer if gazetteer is not None else build_gazetteer()
    analysis = analysis or analyse_text(text, lang)
    known = find_mentions(text, gaz, lang)
    proposed = propose_entities(analysis, gaz, known)
    new = [e for e in proposed if not e.known]
    combined = _combined(gaz, proposed)
    mentions = _all_mentions(text, combined, lang, new)
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    ctx = _Context(text, article_date, lang, combined, {e.iri: e for e in new}, mentions, stem,
                   tokens=analysis.tokens)
    assertions, skipped = [], []
    for sentence in analysis.sentences:
        drafted = _draft_sentence(ctx, sentence)
        if not drafted:
            skipped.append(sentence)
        assertions.extend(drafted)
    return Draft(stem, text, article_date, lang, title or first_line[:200], url, f"{stem}.txt",
                 hashlib.sha256(text.encode("utf-8")).hexdigest(), assertions,
                 [e for e in new if e.iri in ctx.defined], mentions, skipped, analysis.sentences)


def _combined(gaz: Gazetteer, new: list[NewEntity]) -> Gazetteer:
    entries = list(gaz.entries)
    types = dict(gaz.types)
    labels = dict(gaz.labels)
    for ent in new:
        if not ent.known:
            types[ent.iri] = {ent.cls}
            labels[ent.iri] = dict(ent.labels)
        names = [(ent.label, ent.lang, "label"), *[(t, lg, "label") for lg, t in ent.labels.items()],
                 *[(t, lg, "alt") for t, lg in ent.alt_labels], *[(t, lg, "derived") for t, lg in ent.aliases]]
        seen = set()
        for text, lg, kind in names:
            if (text, lg) in seen or len(text.strip()) < 2:
                continue
            seen.add((text, lg))
            entries.append(Entry(ent.iri, text, lg, kind, (ent.cls,)))
    g = Gazetteer(entries, iris=set(gaz.iris) | {e.iri for e in new}, supers=gaz.supers, labels=labels,
                  types=types, class_labels=gaz.class_labels, concepts=gaz.concepts)
    g.index()
    return g


def _all_mentions(text: str, gaz: Gazetteer, lang: str, new: list[NewEntity]) -> list[Mention]:
    found = find_mentions(text, gaz, lang)
    spans = [(m.start, m.end) for m in found]
    for ent in (e for e in new if not e.known):
        # a proposal the matcher did not find again (an unusual boundary, a name inside or around a known one)
        if not any(ent.start < e and s < ent.end and not (s <= ent.start and ent.end <= e or
                                                           ent.start <= s and e <= ent.end) for s, e in spans) \
                and not any(m.start == ent.start and m.end == ent.end for m in found):
            found.append(Mention(ent.start, ent.end, text[ent.start:ent.end], ent.iri,
                                 Entry(ent.iri, ent.label, ent.lang, "label", (ent.cls,))))
    return sorted(found, key=lambda m: m.start)


@dataclass
class _Context:
    text: str
    date: date
    lang: str
    gaz: Gazetteer
    new: dict[str, NewEntity]
    mentions: list[Mention]
    stem: str
    defined: set[str] = field(default_factory=set)
    events: list[tuple[int, str, str]] = field(default_factory=list)  # (sentence, class, iri)
    event_people: dict[str, list] = field(default_factory=dict)
    forecaster: tuple[int, str] | None = None
    tokens: list = field(default_factory=list)

    def is_a(self, iri: str, cls) -> bool:
        return self.gaz.is_a(iri, str(cls))

    def cls_label(self, cls: str, lang: str) -> str:
        labels = self.gaz.class_labels.get(cls, {})
        return labels.get(lang) or labels.get("en") or cls.rsplit("#", 1)[-1]


# --- one sentence -------------------------------------------------------------------------------

_ROLE_AFTER = re.compile(r"(?:\s+[^\s\"“]+?){0,3}?\s*[^\s\"“]*?(?:" + "|".join(KOREAN_TITLES) + r")(?P<p>[가-힣]*)(?=[\s,.\"”]|$)")
#: Past (or perfect) tense anywhere in a clause: it reports what happened.
_PAST = re.compile(r"(?:[했였었았됐졌났왔갔섰웠켰렸쳤])(?:다|고|으며|지만|는데)|한\s?바|\b(?:\w+ed|held|met|took|began|was|were|"
                   r"had|did|made|won|gave|saw|sold|built|led|paid|spent|raised|set up)\b|した|された|だった", re.I)


def _date_key(d: DateMention) -> str:
    return d.start_date or (d.value[0] if d.value else "") or d.target_year or ""


_SUBJECT = re.compile(r"^(?:은|는|이|가|께서|에선|에서는|측은|측이|도|들은|들이|만|으로서는|로서는)$")


def _particle(text: str, m: Mention) -> str:
    """The particle after a Korean mention, past an abbreviation in parentheses: ``(JETRO)에서`` → ``에서``."""
    pos = m.end
    paren = re.match(r"\s?[(（][^)）]{1,40}[)）]", text[pos:])
    if paren:
        pos += paren.end()
    return re.match(r"[가-힣]*", text[pos:]).group()


def _draft_sentence(ctx: _Context, sentence: Sentence) -> list[DraftAssertion]:
    """The assertion graphs of one sentence: one per run of clauses that state the same kind of thing."""
    text, lang = ctx.text, ctx.lang
    qs, qe = quote_span(text, sentence.start, sentence.end)
    if qe <= qs:
        return []
    quote = text[qs:qe]
    all_quantities = find_quantities(quote, lang, offset=qs)

    def has_numbers(a: int, b: int) -> bool:
        return any(q.kind in ("money", "percent") and qs + a <= q.start < qs + b for q in all_quantities)

    segments = segment_statuses(quote, lang, has_numbers=has_numbers)
    out: list[DraftAssertion] = []
    carried: list[str] = []
    for k, seg in enumerate(segments):
        s0, s1 = qs + seg.start, qs + seg.end
        while s0 < s1 and text[s0].isspace():
            s0 += 1
        part = "abcdefghij"[k] if len(segments) > 1 else ""
        mentions = [m for m in ctx.mentions if s0 <= m.start and m.end <= s1]
        topics = [m for m in mentions if m.iri.startswith(_KJT)]
        ents = [m for m in mentions if not m.iri.startswith(_KJT)]
        seg_text = text[s0:s1]
        dates = find_dates(seg_text, ctx.date, lang, offset=s0)
        quantities = [q for q in all_quantities if s0 <= q.start and q.end <= s1]
        events = find_events(seg_text, lang, offset=s0)
        if not (ents or quantities or events or topics or seg.guess.cues and seg.guess.status != "occurred"):
            continue
        b = _Builder(ctx, sentence, s0, s1, seg_text, ents, topics, dates, quantities, events, seg.guess,
                     part=part, carried=carried)
        out.append(b.build())
        carried = b.subjects() or carried
    return out


class _Builder:
    """Builds one assertion graph; split into steps so each rule reads on its own."""

    def __init__(self, ctx: _Context, sentence: Sentence, qs: int, qe: int, quote: str, ents: list[Mention],
                 topics: list[Mention], dates: list[DateMention], quantities: list[Quantity],
                 events: list[EventCue], guess: StatusGuess, *, part: str = "", carried: list[str] = ()):
        self.ctx, self.sentence, self.qs, self.qe, self.quote = ctx, sentence, qs, qe, quote
        self.part, self.carried = part, list(carried)
        self.ents, self.topics, self.dates, self.quantities, self.events = ents, topics, dates, quantities, events
        self.guess = guess
        self.status = guess.status
        future = [d for d in dates if not d.reporting and _date_key(d) > ctx.date.isoformat()[:len(_date_key(d))]]
        if guess.status == "occurred" and future and not _PAST.search(quote):
            self.status = "planned"
            self.guess = StatusGuess("planned", (future[0].wording,), f"a present-tense statement about a future "
                                     f"date ('{future[0].wording}')", guess.speaker_verb)
        self.a: DraftAssertion | None = None
        self.used_dates: set[int] = set()
        self.used_quantities: set[int] = set()

    # -- who is who in the sentence ----------------------------------------------------------
    def is_actor(self, m: Mention) -> bool:
        return self.ctx.is_a(m.iri, KJ.Actor)

    def is_place(self, m: Mention) -> bool:
        return self.ctx.is_a(m.iri, KJ.Place) and not self.ctx.is_a(m.iri, KJ.Actor) or \
            self.ctx.is_a(m.iri, KJ.Country) and self.locative(m)

    def is_anonymous(self, m: Mention) -> bool:
        return self.ctx.is_a(m.iri, KJ.AnonymousSource)

    def role_modifier(self, m: Mention) -> bool:
        """``일본`` in ``이시바 시게루 일본 총리``: a country or organisation that only qualifies a title."""
        if self.ctx.is_a(m.iri, KJ.Person):
            return False
        after = self.ctx.text[m.end:m.end + 30]
        if self.ctx.lang == "ko":
            paren = re.match(r"\s?[(（][^)）]{1,40}[)）]", after)
            rest = after[paren.end():] if paren else after
            if re.match(r"\s?(?:[가-힣A-Za-z]+\s)?(?:" + "|".join(KOREAN_TITLES) + r")(?![가-힣])", rest) and \
                    not _particle(self.ctx.text, m):
                return True
        for ent in self.ctx.new.values():
            if ent.role_span and ent.role_span[0] <= m.start and m.end <= ent.role_span[1]:
                return True
        return False

    def locative(self, m: Mention) -> bool:
        if self.ctx.lang == "ko":
            p = _particle(self.ctx.text, m)
            return p.startswith("에서") or p == "서" or p == "에" and self.ctx.is_a(m.iri, KJ.Place) and \
                not re.match(r"(?:[(（][^)）]*[)）])?에\s*(?:따르면|대한|관한|대해)", self.ctx.text[m.end:m.end + 40])
        if self.ctx.lang == "ja":
            return self.ctx.text[m.end:m.end + 1] == "で"
        return bool(re.search(r"\b(?:in|at)\s+(?:the\s+)?$", self.ctx.text[max(0, m.start - 12):m.start]))

    def place_modifier(self, m: Mention) -> bool:
        """``일본`` in ``일본 도쿄에서``: a country right before a place inside it."""
        nxt = next((o for o in self.ents if o.start > m.end), None)
        return bool(nxt and self.ctx.is_a(m.iri, KJ.Country) and self.ctx.is_a(nxt.iri, KJ.Place)
                    and not self.ctx.is_a(nxt.iri, KJ.Country)
                    and self.ctx.text[m.end:nxt.start].strip() == "" and not _particle(self.ctx.text, m))

    def noun_modifier(self, m: Mention) -> bool:
        """``일본`` in ``일본 소프트뱅크``/``한국 스타트업``: a country right before a noun, with no particle."""
        if self.ctx.lang != "ko" or _particle(self.ctx.text, m):
            return False
        nxt = re.match(r"\s([가-힣A-Za-z]+)", self.ctx.text[m.end:m.end + 30])
        return bool(nxt) and not re.match(r"(?:등|및|과|와)$", nxt.group(1))

    def speaker(self) -> Mention | None:
        ctx = self.ctx
        anon = [m for m in self.ents if self.is_anonymous(m)]
        if ctx.lang == "en":
            for m in self.ents:
                after, before = ctx.text[m.end:m.end + 40], ctx.text[max(0, m.start - 40):m.start]
                if re.match(r",?\s+(?:\w+\s+){0,2}(?:said|says|told|expects?|expected|warned|noted|added|believes?|"
                            r"predicted|forecast|estimated|argued|fears?)\b", after) or \
                        re.search(r"(?:according to|said)\s+(?:the\s+)?$", before):
                    if self.is_actor(m) and not self.ctx.is_a(m.iri, KJ.Country) or self.is_anonymous(m):
                        return m
            if re.search(r"\b(?:it|he|she|they)\s+(?:said|says|added|noted|told)\b", self.quote):
                first = next((m for m in self.ents if self.is_actor(m) and not self.ctx.is_a(m.iri, KJ.Country)), None)
                if first is not None:
                    return first
            return anon[0] if anon else None
        if ctx.lang == "ja":  # the topic or subject: "日本貿易振興機構（JETRO）は"
            marked = [m for m in self.ents if self.is_actor(m) and not self.ctx.is_a(m.iri, KJ.Country) and
                      re.match(r"(?:[（(][^）)]{1,40}[）)])?[はが]", ctx.text[m.end:m.end + 45])]
            return (anon or marked or [None])[0]
        quotes = _quoted_spans(ctx.text, self.qs, self.qe)
        outside = [m for m in self.ents if not any(s <= m.start < e for s, e in quotes)]
        anon = [m for m in anon if m in outside]
        if anon:
            return anon[0]
        subjects = [m for m in outside if self.is_actor(m) and not self.role_modifier(m)
                    and _SUBJECT.match(self.particle(m) or "-")]
        late = [m for m in outside if self.is_actor(m) and self.particle(m) in ("에서", "측은")
                and m.start > self.qs + 0.6 * (self.qe - self.qs)]
        if self.guess.speaker_verb and subjects:
            return subjects[0]
        source = [m for m in outside if self.is_actor(m) and self.according_to(m)]
        if source:
            return source[0]
        if self.guess.speaker_verb and not subjects and self.carried:
            iri = self.carried[0]
            return Mention(self.qs, self.qs, "", iri, Entry(iri, "", "", "label", ()))
        if late:
            return late[-1]
        return subjects[0] if subjects and self.guess.speaker_verb else None

    def particle(self, m: Mention) -> str:
        """The particle after a mention, or after the title that follows a person (``조준희 KOSA 회장은``)."""
        ent = self.ctx.new.get(m.iri)
        if ent and ent.role_span and 0 <= ent.role_span[0] - m.end <= 2:
            return _particle(self.ctx.text, Mention(m.start, ent.role_span[1], "", m.iri, m.entry))
        if self.ctx.lang == "ko" and self.ctx.is_a(m.iri, KJ.Person):
            role = _ROLE_AFTER.match(self.ctx.text, m.end)
            if role:
                return role.group("p")
        return _particle(self.ctx.text, m)

    def organisations_first(self, actors: list[str]) -> list[str]:
        """Organisations that act (subject first), else the other actors; exchanges and launched councils left out."""
        ctx = self.ctx
        orgs = [i for i in actors if ctx.is_a(i, KJ.Organization) and not _is_exchange(ctx, i)
                and not ctx.is_a(i, KJ.Council)]
        subject = [m.iri for m in self.ents if m.iri in orgs and _SUBJECT.match(self.particle(m) or "-")]
        ordered = list(dict.fromkeys(subject + orgs))
        return ordered or [i for i in actors if not ctx.is_a(i, KJ.Country)] or actors

    def subjects(self) -> list[str]:
        """The actors this part of the sentence is about (topic- or subject-marked), for the next clause."""
        if self.ctx.lang != "ko":
            return []
        quotes = _quoted_spans(self.ctx.text, self.qs, self.qe)
        return [m.iri for m in self.ents if self.is_actor(m) and not self.role_modifier(m)
                and not any(s <= m.start < e for s, e in quotes)
                and re.match(r"^(?:은|는|이|가|께서|도|측은)$", self.particle(m) or "-")]

    def has_own_subject(self) -> bool:
        """A Korean clause with its own subject or topic (``양국은``) does not take the one before."""
        quotes = _quoted_spans(self.ctx.text, self.qs, self.qe)
        return any(t.tag in ("JX", "JKS") and t.form in ("은", "는", "이", "가") and self.qs <= t.start < self.qe
                   and not any(s <= t.start < e for s, e in quotes) for t in self.ctx.tokens)

    def according_to(self, m: Mention) -> bool:
        """``산업통상자원부에 따르면``/``according to X``: the source of the statement, not one of its actors."""
        if self.ctx.lang == "ko":
            return self.particle(m) in ("에", "의") and self.ctx.text[m.end:m.end + 30].split(None, 1)[-1:] != [] and \
                bool(re.match(r"(?:[(（][^)）]*[)）])?(?:에|의)\s*따르면", self.ctx.text[m.end:m.end + 50]))
        return bool(re.search(r"according to\s+(?:the\s+)?$", self.ctx.text[max(0, m.start - 20):m.start]))

    def actors(self, exclude: set[str] = frozenset()) -> list[str]:
        found = self._actors(exclude)
        if not found and self.carried and not self.has_own_subject():
            self.note("the actor is the subject of the clause before")
            return [i for i in self.carried if i not in exclude]
        return found

    def _actors(self, exclude: set[str] = frozenset()) -> list[str]:
        out = []
        for m in self.ents:
            if m.iri in exclude or self.is_anonymous(m) or not self.is_actor(m) or self.role_modifier(m) \
                    or self.according_to(m):
                continue
            if self.ctx.is_a(m.iri, KJ.Country) and (self.locative(m) or self.place_modifier(m) or
                                                     self.noun_modifier(m)):
                continue
            if m.iri not in out:
                out.append(m.iri)
        return out

    def places(self) -> list[str]:
        out = []
        for m in self.ents:
            if self.ctx.is_a(m.iri, KJ.Place) and self.locative(m) and m.iri not in out:
                out.append(m.iri)
        specific = [p for p in out if not self.ctx.is_a(p, KJ.Country)]
        return specific or out

    # -- building ----------------------------------------------------------------------------
    def build(self) -> DraftAssertion:
        ctx = self.ctx
        g = self.guess
        event = self._event()
        kind = self._main_kind(event)
        name = f"s{self.sentence.number:02d}{self.part}-{_kebab(kind)}"
        main_iri = _KJD + f"{_stem_slug(ctx.stem)}-{name}"
        self.a = DraftAssertion(name, self.sentence.number, self.qs, self.qe, self.quote, self.status, main_iri)
        self.cue(*g.cues)
        self.note(f"status {self.status}: {g.reason}")
        self._define_new_entities()
        if kind == "Forecast":
            self._forecasts()
        elif kind == "Agreement":
            self._agreement(event)
        elif kind in _EVENT_KINDS:
            self._event_node(event, kind)
        else:
            self._statement(kind)
        self._extra_quantities()
        self._extra_dates()
        for m in self.ents:
            self.a.links.append((m.start, m.end, m.text, m.iri, m.iri in ctx.new))
        if not [n for n in self.a.nodes if n.iri == self.a.main]:
            self.a.main = self.a.nodes[0].iri if self.a.nodes else main_iri
        return self.a

    def cue(self, *words: str) -> None:
        for w in words:
            if w and w not in self.a.cues:
                self.a.cues.append(w)

    def note(self, text: str) -> None:
        if text not in self.a.notes:
            self.a.notes.append(text)

    def trace(self, node: str, predicate: str, value: str, wording: str) -> None:
        self.a.traces.append(ValueTrace(node, predicate, value, wording))

    def _event(self) -> EventCue | None:
        evs = self.events
        if not evs:
            return None
        best = max(evs, key=lambda e: e.end) if self.ctx.lang in ("ko", "ja") else min(evs, key=lambda e: e.start)
        return best

    def _main_kind(self, event: EventCue | None) -> str:
        status = self.status
        if status == "agreed":
            return "Agreement"
        if status == "forecast" and any(q.kind in ("money", "percent") for q in self.quantities):
            return "Forecast"
        if event and event.cls != "Agreement" and status in ("occurred", "planned"):
            return event.cls
        if event and event.cls != "Agreement" and status in ("expected",) and not self.guess.speaker_verb \
                and not any(self.is_anonymous(m) for m in self.ents):
            return event.cls
        money = [q for q in self.quantities if q.kind == "money" and q.equivalent_of is None]
        if status == "planned" and len(money) == 1 and not self.guess.speaker_verb and \
                re.search(r"투입|투자|출자|invest|投資|投入", self.quote):
            return "InvestmentPackage"
        return {"forecast": "Claim", "expected": "Expectation", "concern": "Concern", "assessment": "Claim",
                "planned": "Statement" if self.guess.speaker_verb else "Initiative",
                "occurred": "Statement" if self.guess.speaker_verb else "Initiative"}[status]

    # -- new entities ------------------------------------------------------------------------
    def _define_new_entities(self) -> None:
        ctx = self.ctx
        for m in self.ents:
            ent = ctx.new.get(m.iri)
            if ent is None or ent.iri in ctx.defined:
                continue
            ctx.defined.add(ent.iri)
            node = Node(ent.iri, [ent.cls], new=True, comment=f"NEW {ent.cls.rsplit('#', 1)[-1]}: {ent.note}")
            for lg in ("en", "ko", "ja"):
                if ent.labels.get(lg):
                    node.add(_LABEL, Lit(ent.labels[lg], lg))
            for alt, lg in ent.alt_labels:
                if ent.labels.get(lg) != alt:
                    node.add(_ALT, Lit(alt, lg))
            if ent.notation:
                node.add(_NOTATION, Lit(ent.notation))
            if ent.role:
                node.add(str(KJ.role), Lit(ent.role[0], ent.role[1]))
                self._role_links(node, ent)
            if ent.country_slug:
                country = _KJD + ent.country_slug
                if country in ctx.gaz.iris or country in ctx.new and ctx.is_a(country, KJ.Country):
                    if ctx.is_a(country, KJ.Country) and not ctx.is_a(ent.iri, KJ.Country):
                        node.add(str(KJ.country), Iri(country))
            self.a.nodes.append(node)
            self.a.proposed.append(ent.iri)
            self.cue(*ent.cues)
            labels_note = "" if ent.lang == "en" and ent.labels.get("ko") != ent.label or \
                ent.lang != "en" and ent.labels.get("en") != ent.label else \
                f"; its {'Korean' if ent.lang == 'en' else 'English'} label is copied as written: translate it"
            text = f"new {ent.cls.rsplit('#', 1)[-1]} '{ent.label}': {ent.note}{labels_note}"
            self.note(("decide: " + text) if ent.guessed else text)

    def _role_links(self, node: Node, ent: NewEntity) -> None:
        ctx = self.ctx
        s, e = ent.role_span
        inside = [m for m in ctx.mentions if s <= m.start and m.end <= e and m.iri != ent.iri
                  and (ctx.is_a(m.iri, KJ.Organization) or ctx.is_a(m.iri, KJ.Country))]
        if not inside:
            return
        target = inside[-1]
        head = any(ent.title == t or ent.title.endswith(t) for t in HEAD_TITLES)
        if head:
            node.add(str(KJ.headOf), Iri(target.iri))
            self.note(f"decide: '{ent.label}' heads '{target.text}' (title '{ent.title}' in the role '{ent.role[0]}')")
        elif ctx.is_a(target.iri, KJ.GovernmentBody) or ctx.is_a(target.iri, KJ.Country):
            node.add(str(KJ.memberOfGovernment), Iri(target.iri))
            self.note(f"'{ent.label}' serves in '{target.text}' (the role '{ent.role[0]}')")
        else:
            node.add(str(KJ.affiliation), Iri(target.iri))
            self.note(f"'{ent.label}' works for '{target.text}' (the role '{ent.role[0]}')")

    # -- the main node, by kind --------------------------------------------------------------
    def _main_node(self, kind: str) -> Node:
        node = self.a.node(self.a.main)
        node.types = [str(KJ[kind])]
        self._labels(node, kind)
        return node

    def _labels(self, node: Node, kind: str, phrase: str = "", when: str = "") -> None:
        ctx = self.ctx
        excerpt = _excerpt(self.quote)
        cls = str(KJ[kind])
        suffix = f" ({when})" if when else ""
        for lg in ("en", "ko") + (("ja",) if ctx.lang == "ja" else ()):
            if phrase and lg == ctx.lang:
                label = f"{phrase}{suffix}"
            elif lg == ctx.lang:
                label = excerpt
            else:
                label = f"{ctx.cls_label(cls, lg)}{suffix}: {excerpt}" if not phrase else \
                    f"{ctx.cls_label(cls, lg)}{suffix}: {phrase}"
            node.add(_LABEL, Lit(label, lg))

    def _topics(self, node: Node) -> None:
        for m in self.topics:
            node.add(str(KJ.topic), Iri(m.iri))
            self.cue(m.text)

    def _status_on(self, node: Node) -> None:
        node.add(str(KJ.status), Iri(str(KJS[self.status])))

    def _event_node(self, event: EventCue, kind: str) -> None:
        ctx = self.ctx
        date_m = self._primary_date(before=event.start)
        reuse = self._recent_event(kind) if date_m is None else None
        if reuse:
            self.a.main = reuse
            node = self.a.node(reuse)
            self.note(f"the {kind} is the one drafted a few sentences before (no new date; '{event.words}')")
            self.cue(event.words)
            if kind in ("Meeting", "Summit"):
                for i in self._actors():
                    if ctx.is_a(i, KJ.Person):
                        node.add(str(KJ.participant), Iri(i))
            self._durations(node)
            self._topics(node)
            return
        visited = self._visited(event) if kind == "Visit" else []
        people = [i for i in self.actors(set(visited)) if ctx.is_a(i, KJ.Person)]
        actors = self.actors(set(visited))
        final = kind
        if kind == "Summit" and len(people) < 2:
            final = "Meeting" if len(actors) >= 1 else "Event"
        if final == "Meeting" and not actors:
            final = "Event"
        if kind == "Visit" and not visited:
            final = "Event"
        lister = exchange = None
        if kind == "StockListing":
            exchange = next((i for i in actors if ctx.is_a(i, KJ.Organization) and _is_exchange(ctx, i)), None)
            lister = next((i for i in self.organisations_first(actors) if ctx.is_a(i, KJ.Organization)), None)
            if lister is None:
                final = "Event"
        if final != kind:
            self.note(f"decide: '{event.words}' suggests kj:{kind}, but the sentence does not name what that needs; "
                      f"drafted as kj:{final}")
        node = self._main_node(final)
        when = self._date_text(date_m)
        node.props = [p for p in node.props if p[0] != _LABEL]
        self._labels(node, final, phrase=event.phrase, when=when)
        node.add(_ALT, Lit(event.phrase, ctx.lang))
        self.cue(event.words)
        self.note(f"class kj:{final} from '{event.words}'")
        if final == "Summit":
            for p in people:
                node.add(str(KJ.participant), Iri(p))
        elif final == "StockListing":
            node.add(str(KJ.lister), Iri(lister))
            if exchange:
                node.add(str(KJ.exchange), Iri(exchange))
        elif final in ("LaunchCeremony", "Announcement", "CallForProposals", "SubsidiaryOpening", "LegislativeVote"):
            for i in (actors if final == "LegislativeVote" else self.organisations_first(actors)):
                if final == "LegislativeVote" and not ctx.is_a(i, KJ.Legislature):
                    continue
                node.add(str(KJ.organizer), Iri(i))
            if final == "CallForProposals":
                for m in self.ents:
                    if ctx.is_a(m.iri, KJ.Program):
                        node.add(str(KJ.partOfProgram), Iri(m.iri))
                        break
            if final == "LaunchCeremony":
                councils = [m.iri for m in self.ents if ctx.is_a(m.iri, KJ.Council) and m.iri in ctx.new]
                if len(councils) == 1:
                    council = self.a.node(councils[0])
                    council.add(str(KJ.launchedAt), Iri(node.iri))
        else:
            for i in actors:
                node.add(str(KJ.participant), Iri(i))
        for v in visited:
            node.add(str(KJ.visited), Iri(v))
        for p in self.places():
            node.add(str(KJ.location), Iri(p))
        if final == "SubsidiaryOpening" and not self.places():
            countries = [m.iri for m in self.ents if ctx.is_a(m.iri, KJ.Country) and not self.role_modifier(m)]
            if countries:
                node.add(str(KJ.location), Iri(countries[-1]))
        if self.status in ("planned", "expected"):
            self._status_on(node)
        self._date_on(node, date_m)
        self._durations(node)
        self._topics(node)
        self._money_on(node)
        self._counts_on(node)
        ctx.events.append((self.sentence.number, kind, node.iri))
        if final != kind:
            ctx.events.append((self.sentence.number, final, node.iri))
        ctx.event_people[node.iri] = [i for i in node.values(str(KJ.participant))
                                      if ctx.is_a(i.value, KJ.Person)]
        self._secondary_events(event, node)

    def _secondary_events(self, main: EventCue, main_node: Node) -> None:
        """Another dated event of a different kind in the same clause (``상장을 추진 중인 … 법인을 설립키로``)."""
        ctx = self.ctx
        for ev in self.events:
            if ev.start == main.start or ev.cls not in ("StockListing", "SubsidiaryOpening", "CallForProposals",
                                                        "LaunchCeremony", "Visit") or ev.cls == main.cls:
                continue
            free = [(i, d) for i, d in enumerate(self.dates) if i not in self.used_dates and not d.reporting
                    and d.end <= ev.start]
            if not free:
                continue
            i, d = max(free, key=lambda x: x[1].end)
            actors = self.organisations_first(self.actors())
            lister = next((a for a in actors if ctx.is_a(a, KJ.Organization)), None)
            if ev.cls == "StockListing" and lister is None or ev.cls == "Visit":
                continue
            self.used_dates.add(i)
            iri = f"{self.a.main}-{_kebab(ev.cls)}"
            node = self.a.node(iri)
            node.types = [str(KJ[ev.cls])]
            self._labels(node, ev.cls, phrase=ev.phrase, when=self._date_text(d))
            node.add(_ALT, Lit(ev.phrase, ctx.lang))
            if ev.cls == "StockListing":
                node.add(str(KJ.lister), Iri(lister))
                exchange = next((m.iri for m in self.ents if _is_exchange(ctx, m.iri)), None)
                if exchange:
                    node.add(str(KJ.exchange), Iri(exchange))
            else:
                for a in actors[:1]:
                    node.add(str(KJ.organizer), Iri(a))
            if self.status in ("planned", "expected"):
                self._status_on(node)
            self._date_on(node, d)
            self.cue(ev.words)
            self.note(f"a second event in the clause: kj:{ev.cls} from '{ev.words}'")

    def _recent_event(self, kind: str) -> str | None:
        for number, k, iri in reversed(self.ctx.events):
            if self.sentence.number - number <= 3 and (k == kind or kind == "Meeting" and k == "Summit"):
                return iri
        return None

    def _visited(self, event: EventCue) -> list[str]:
        ctx = self.ctx
        before = [m for m in self.ents if m.end <= event.start and not self.is_anonymous(m)]
        if ctx.lang == "ko":
            for k in range(len(before) - 1, -1, -1):
                m = before[k]
                if _particle(ctx.text, m) in ("을", "를") and (ctx.is_a(m.iri, KJ.Organization) or
                                                              ctx.is_a(m.iri, KJ.Place)):
                    out = [m.iri]
                    while k > 0 and (_particle(ctx.text, before[k - 1]) in ("와", "과", "및") or
                                     ctx.text[before[k - 1].end:before[k].start].strip() in (",", "·", "및")):
                        k -= 1  # "퓨리오사AI와 리벨리온을 방문": both were visited
                        out.insert(0, before[k].iri)
                    return out
        if ctx.lang == "en":
            after = [m for m in self.ents if m.start >= event.end]
            for m in after[:1]:
                if re.fullmatch(r"\s*(?:to\s+)?(?:the\s+)?", ctx.text[event.end:m.start]) and \
                        (ctx.is_a(m.iri, KJ.Organization) or ctx.is_a(m.iri, KJ.Place)):
                    return [m.iri]
        if ctx.lang == "ja":
            for m in reversed(before):
                if ctx.text[m.end:m.end + 1] in ("を",):
                    return [m.iri]
        return []

    def _agreement(self, event: EventCue | None) -> None:
        ctx = self.ctx
        parties = self.actors()
        people = [p for p in parties if ctx.is_a(p, KJ.Person)]
        leaders = re.search(r"양국\s?정상|두\s?정상|양\s?정상|정상들|the two leaders|both leaders|the leaders|両首脳",
                            ctx.text[self.sentence.start:self.sentence.end])
        if leaders and len(people) < 2:
            recent = next((ctx.event_people[i] for n, _, i in reversed(ctx.events)
                           if self.sentence.number - n <= 3 and len(ctx.event_people.get(i, [])) >= 2), None)
            if recent:
                parties = [p.value for p in recent]
                people = parties
                self.cue(leaders.group(0))
                self.note(f"decide: the parties are '{leaders.group(0)}', taken as the people of the meeting "
                          "drafted a few sentences before")
        if not parties:
            self.note("decide: an agreement, but no party is named in the sentence; drafted as kj:Statement")
            self.a.main = self.a.main.replace("-agreement", "-statement")
            self.a.name = self.a.name.replace("-agreement", "-statement")
            self._statement("Statement")
            return
        node = self._main_node("Agreement")
        for p in (people if len(people) >= 2 else parties):
            node.add(str(KJ.party), Iri(p))
        self._status_on(node)
        meeting = next((e for e in self.events if e.cls in ("Summit", "Meeting")), None)
        if meeting:
            reuse = self._recent_event(meeting.cls)
            if reuse:
                node.add(str(KJ.agreedAt), Iri(reuse))
                self.note(f"agreed at the {meeting.cls} drafted a few sentences before ('{meeting.words}')")
                self.cue(meeting.words)
                self._durations(self.a.node(reuse))
        agreement_word = next((e.words for e in self.events if e.cls == "Agreement"), "")
        self.cue(agreement_word)
        self.note("class kj:Agreement from the agreed status" + (f" and '{agreement_word}'" if agreement_word else ""))
        self._date_on(node, self._primary_date())
        self._topics(node)
        self._money_on(node)

    def _statement(self, kind: str) -> None:
        node = self._main_node(kind)
        speaker = self.speaker() if kind in ("Claim", "Expectation", "Concern", "Statement") else None
        if speaker:
            node.add(str(KJ.voicedBy), Iri(speaker.iri))
            self.note(f"voiced by '{speaker.text}'")
        elif kind in ("Claim", "Expectation", "Concern", "Statement"):
            self.note("decide: no speaker named in the sentence (the article's own voice?); add kj:voicedBy")
        self._status_on(node)
        if kind == "InvestmentPackage":
            for i in self.actors():
                node.add(str(KJ.issuedBy), Iri(i))
            for p in self.places():
                node.add(str(KJ.location), Iri(p))
            self.cue(re.search(r"투입|투자|출자|invest\w*|投資|投入", self.quote).group(0))
        elif kind == "Initiative":
            for i in self.actors():
                node.add(str(KJ.party), Iri(i))
            for p in self.places():
                node.add(str(KJ.location), Iri(p))
        else:
            for m in self.ents:
                if speaker and m.iri == speaker.iri or self.role_modifier(m) or self.is_anonymous(m):
                    continue
                node.add(str(KJ.about), Iri(m.iri))
        self.note(f"class kj:{kind} from the {self.status} status" +
                  (" and reported speech" if self.guess.speaker_verb else ""))
        date_m = self._primary_date()
        self._date_on(node, date_m)
        self._topics(node)
        self._indicators()
        self._money_on(node)
        self._counts_on(node)
        self._percent_on(node)
        self._durations(node)

    def _forecasts(self) -> None:
        ctx = self.ctx
        speaker = self.speaker()
        if speaker is None and ctx.forecaster and self.sentence.number - ctx.forecaster[0] <= 1:
            iri = ctx.forecaster[1]
            speaker = Mention(self.qs, self.qs, ctx.gaz.label(iri, ctx.lang), iri, Entry(iri, "", "", "label", ()))
            self.note("decide: no forecaster in the sentence; taken from the forecast of the sentence before")
        figures = [(i, q) for i, q in enumerate(self.quantities) if q.kind in ("money", "percent")
                   and q.equivalent_of is None]
        area = next((m.iri for m in self.ents if ctx.is_a(m.iri, KJ.Country) and not self.role_modifier(m)
                     and (speaker is None or m.iri != speaker.iri)), None)
        date_m = self._primary_date()
        made = []
        for n, (i, q) in enumerate(figures, 1):
            measure = _measure(ctx, self.quote, q)
            if measure is None or speaker is None:
                continue
            iri = f"{self.a.main}-{n}" if len(figures) > 1 else self.a.main
            node = self.a.node(iri)
            node.types = [str(KJ.Forecast)]
            self._labels(node, "Forecast", phrase="", when="")
            node.props = [p for p in node.props if p[0] != _LABEL]
            mlabel = ctx.gaz.concepts[measure][1]
            for lg in ("en", "ko"):
                node.add(_LABEL, Lit(f"{mlabel.get(lg, mlabel.get('en', ''))}: {q.wording}", lg))
            node.add(str(KJ.measure), Iri(measure))
            node.add(str(KJ.measuredBy), Iri(speaker.iri))
            if area:
                node.add(str(KJ.refArea), Iri(area))
            self._figure(node, i, q)
            self._status_on(node)
            self._date_on(node, date_m, target=True)
            self._topics(node)
            made.append(iri)
            self.note(f"forecast of {q.wording}: measure {measure.rsplit('/', 1)[-1]} from the words of its label, "
                      f"forecaster '{speaker.text}'")
        if made:
            ctx.forecaster = (self.sentence.number, speaker.iri)
        if not made:
            self.note("decide: a forecast, but no measure of kjm: fits or no forecaster is named; drafted as kj:Claim")
            self.a.main = self.a.main.replace("-forecast", "-claim")
            self.a.name = self.a.name.replace("-forecast", "-claim")
            self._statement("Claim")
            return
        self.a.main = made[0]

    # -- values ------------------------------------------------------------------------------
    def _primary_date(self, before: int | None = None) -> DateMention | None:
        """The date of the sentence: the first one, or the one nearest before an event word."""
        usable = [(i, d) for i, d in enumerate(self.dates) if not d.reporting]
        if not usable:
            return None
        if before is not None and any(d.end <= before for _, d in usable):
            i, d = max(((i, d) for i, d in usable if d.end <= before), key=lambda x: x[1].end)
        else:
            i, d = usable[0]
        self.used_dates.add(i)
        return d

    def _date_text(self, d: DateMention | None) -> str:
        if d is None:
            return ""
        if d.value:
            return d.value[0]
        if d.start_date:
            return f"{d.start_date}/{d.end_date}"
        return d.target_year or ""

    def _date_on(self, node: Node, d: DateMention | None, target: bool = False) -> None:
        if d is None:
            return
        iri = node.iri
        lang = self.ctx.lang
        future = target or self.status in ("planned", "expected", "forecast")
        if d.value:
            lexical, dtype = d.value
            if dtype == "gYear" and future:
                node.add(str(KJ.targetYear), Lit(lexical, datatype=_XSD_DATE["gYear"]))
                self.trace(iri, str(KJ.targetYear), lexical, d.wording)
            elif not target:
                node.add(str(KJ.date), Lit(lexical, datatype=_XSD_DATE[dtype]))
                self.trace(iri, str(KJ.date), lexical, d.wording)
            else:
                return
        if d.start_date and not target:
            node.add(str(KJ.startDate), Lit(d.start_date, datatype=_XSD_DATE["date"]))
            node.add(str(KJ.endDate), Lit(d.end_date, datatype=_XSD_DATE["date"]))
            self.trace(iri, str(KJ.startDate), d.start_date, d.wording)
            self.trace(iri, str(KJ.endDate), d.end_date, d.wording)
        if d.target_year:
            node.add(str(KJ.targetYear), Lit(d.target_year, datatype=_XSD_DATE["gYear"]))
            self.trace(iri, str(KJ.targetYear), d.target_year, d.wording)
            if not target and d.end_date and not d.start_date:
                node.add(str(KJ.endDate), Lit(d.end_date, datatype=_XSD_DATE["date"]))
                self.trace(iri, str(KJ.endDate), d.end_date, d.wording)
        node.add(str(KJ.dateWording), Lit(d.wording, lang))
        self.cue(d.wording)
        what = d.value[0] if d.value else f"{d.start_date} … {d.end_date}" if d.start_date else d.target_year
        note = f"date {what} from '{d.wording}' and the article date {self.ctx.date.isoformat()}"
        if d.note:
            note += f" ({d.note})"
        self.note(("decide: " + note) if "nearest" in d.note else note)

    def _extra_dates(self) -> None:
        others = [d for i, d in enumerate(self.dates) if i not in self.used_dates]
        for d in others:
            if d.reporting:
                self.note(f"'{d.wording}' dates the report, not the event; not used")
            else:
                self.note(f"decide: another date in the sentence, '{d.wording}', was not used")

    def _figure(self, node: Node, i: int, q: Quantity) -> None:
        self.used_quantities.add(i)
        if q.kind == "percent":
            node.add(str(KJ.value), Lit(_decimal(q.value), datatype=_XSD + "decimal"))
            node.add(str(KJ.unit), Iri(str(KJU.percent)))
            self.trace(node.iri, str(KJ.value), _decimal(q.value), q.wording)
        elif q.kind == "money":
            node.add(str(KJ.amount), Iri(self._money_node(i, q)))
        self.cue(q.wording)

    def _money_node(self, i: int, q: Quantity) -> str:
        ctx = self.ctx
        value = _decimal(q.value)
        iri = _KJD + f"{_stem_slug(ctx.stem)}-amount-{q.currency.lower()}-{value.replace('.', '-')}" + \
            (f"-{q.bound}" if q.bound else "")
        node = self.a.node(iri)
        if node.types:
            return iri
        node.types = [str(KJ.MonetaryAmount)]
        prop = {"max": KJ.maxValue, "min": KJ.minValue}.get(q.bound or "", KJ.value)
        node.add(str(prop), Lit(value, datatype=_XSD + "decimal"))
        node.add(str(KJ.currency), Lit(q.currency))
        if q.approximate:
            node.add(str(KJ.approximate), Lit("true", datatype=_XSD + "boolean"))
        bound = {"max": "up to ", "min": "at least "}.get(q.bound or "", "")
        node.add(_LABEL, Lit(f"{'≈ ' if q.approximate else ''}{bound}{_grouped(q.value)} {q.currency}", "en"))
        if ctx.lang != "en":
            node.add(_LABEL, Lit(q.wording, ctx.lang))
        else:
            node.props[-1] = (_LABEL, Lit(q.wording, "en"))
        self.trace(iri, str(prop), value, q.wording)
        self.trace(iri, str(KJ.currency), q.currency, q.wording)
        self.note(f"amount {value} {q.currency} from '{q.wording}'" + (" (approximate)" if q.approximate else "")
                  + (f" ({q.bound}imum)" if q.bound else ""))
        self.used_quantities.add(i)
        for j, other in enumerate(self.quantities):
            if other.equivalent_of == i:
                eq = self._money_node(j, other)
                node.add(str(KJ.approximateEquivalent), Iri(eq))
        return iri

    def _money_on(self, node: Node) -> None:
        for i, q in enumerate(self.quantities):
            if q.kind != "money" or i in self.used_quantities or q.equivalent_of is not None:
                continue
            before = self.ctx.text[max(self.qs, q.start - 12):q.start]
            if re.search(r"팀(?:에|당)|per (?:team|project)|각 (?:팀|과제)", before):
                prop = KJ.fundingPerTeam
            elif re.search(r"예산|budget", before + self.ctx.text[q.end:q.end + 10]):
                prop = KJ.budget
            else:
                prop = KJ.amount
            if prop == KJ.fundingPerTeam and node.values(str(prop)):
                continue
            node.add(str(prop), Iri(self._money_node(i, q)))
            self.cue(q.wording)

    def _counts_on(self, node: Node) -> None:
        member_cue = re.search(r"참여|회원|가입|구성|소속|member|join|participat|参加|加盟", self.quote, re.I)
        for i, q in enumerate(self.quantities):
            if q.kind != "count" or i in self.used_quantities:
                continue
            if q.counted == "projects" and not node.values(str(KJ.numberOfProjects)):
                prop = KJ.numberOfProjects
            elif q.counted in ("members", "companies", "organisations") and member_cue and \
                    not node.values(str(KJ.memberCount)):
                prop = KJ.memberCount
            else:
                continue
            node.add(str(prop), Lit(str(int(q.value)), datatype=_XSD + "integer"))
            self.trace(node.iri, str(prop), str(int(q.value)), q.wording)
            self.used_quantities.add(i)
            self.cue(q.wording)
            self.note(f"{prop.rsplit('#', 1)[-1]} {int(q.value)} from '{q.wording}'")

    def _percent_on(self, node: Node) -> None:
        if node.values(str(KJ.value)):
            return
        for i, q in enumerate(self.quantities):
            if q.kind == "percent" and i not in self.used_quantities:
                self._figure(node, i, q)
                self.note(f"percentage {_decimal(q.value)} from '{q.wording}' (no kjm: measure fits)")
                return

    def _durations(self, node: Node) -> None:
        for i, q in enumerate(self.quantities):
            if q.kind == "duration" and i not in self.used_quantities and not node.values(str(KJ.duration)):
                node.add(str(KJ.duration), Lit(q.duration, datatype=_XSD + "duration"))
                self.trace(node.iri, str(KJ.duration), q.duration, q.wording)
                self.used_quantities.add(i)
                self.cue(q.wording)
                self.note(f"duration {q.duration} from '{q.wording}'")

    def _indicators(self) -> None:
        """A rank or percentage whose ``kjm:`` measure fits the sentence becomes its own indicator."""
        ctx = self.ctx
        area = next((m.iri for m in self.ents if ctx.is_a(m.iri, KJ.Country) and not self.role_modifier(m)), None)
        n = 0
        for i, q in enumerate(self.quantities):
            if q.kind not in ("rank", "percent") or i in self.used_quantities:
                continue
            measure = _measure(ctx, self.quote, q)
            if measure is None:
                continue
            n += 1
            iri = f"{self.a.main}-indicator-{n}"
            node = self.a.node(iri)
            node.types = [str(KJ.Indicator)]
            mlabel = ctx.gaz.concepts[measure][1]
            for lg in ("en", "ko"):
                node.add(_LABEL, Lit(f"{mlabel.get(lg, mlabel.get('en', ''))}: {q.wording}", lg))
            node.add(str(KJ.measure), Iri(measure))
            if area:
                node.add(str(KJ.refArea), Iri(area))
            if q.kind == "rank":
                if q.max_value is not None:
                    node.add(str(KJ.minValue), Lit(_decimal(q.value), datatype=_XSD + "decimal"))
                    node.add(str(KJ.maxValue), Lit(_decimal(q.max_value), datatype=_XSD + "decimal"))
                    self.trace(iri, str(KJ.minValue), _decimal(q.value), q.wording)
                    self.trace(iri, str(KJ.maxValue), _decimal(q.max_value), q.wording)
                else:
                    node.add(str(KJ.rank), Lit(str(int(q.value)), datatype=_XSD + "integer"))
                    self.trace(iri, str(KJ.rank), str(int(q.value)), q.wording)
                    if q.out_of and q.out_of >= q.value:
                        node.add(str(KJ.outOf), Lit(str(q.out_of), datatype=_XSD + "integer"))
                        self.trace(iri, str(KJ.outOf), str(q.out_of), q.wording)
                node.add(str(KJ.unit), Iri(str(KJU.rank)))
                self.used_quantities.add(i)
            else:
                self._figure(node, i, q)
            self.cue(q.wording)
            self.note(f"indicator {q.wording}: measure {measure.rsplit('/', 1)[-1]} from the words of its label")

    def _extra_quantities(self) -> None:
        main = self.a.node(self.a.main) if any(n.iri == self.a.main for n in self.a.nodes) else None
        for i, q in enumerate(self.quantities):
            if i in self.used_quantities or q.equivalent_of is not None and q.equivalent_of in self.used_quantities:
                continue
            if q.kind == "rank" and main is not None and not main.values(str(KJ.rank)) and \
                    not main.types == [str(KJ.MonetaryAmount)] and q.max_value is None:
                main.add(str(KJ.rank), Lit(str(int(q.value)), datatype=_XSD + "integer"))
                self.trace(main.iri, str(KJ.rank), str(int(q.value)), q.wording)
                if q.out_of and q.out_of >= q.value:
                    main.add(str(KJ.outOf), Lit(str(q.out_of), datatype=_XSD + "integer"))
                    self.trace(main.iri, str(KJ.outOf), str(q.out_of), q.wording)
                self.cue(q.wording)
                self.note(f"rank {int(q.value)} from '{q.wording}' (no kjm: measure fits)")
                continue
            self.note(f"decide: '{q.wording}' ({q.kind}) is not modelled in this draft")


_EVENT_KINDS = {"Summit", "Meeting", "Visit", "LaunchCeremony", "CallForProposals", "StockListing",
                "SubsidiaryOpening", "Announcement", "LegislativeVote", "Event"}
_EXCHANGE_WORDS = re.compile(r"증시|거래소|코스닥|코스피|KOSDAQ|KOSPI|Exchange|Nasdaq|NASDAQ|NYSE|証券取引所|東証", re.I)


def _quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quoted speech (double quotes) inside ``text[start:end]``."""
    return [(start + m.start(), start + m.end()) for m in re.finditer(r'["“][^"”]*["”]', text[start:end])]


def _is_exchange(ctx: _Context, iri: str) -> bool:
    return any(_EXCHANGE_WORDS.search(v) for v in ctx.gaz.labels.get(iri, {}).values())


def _measure(ctx: _Context, sentence: str, q: Quantity) -> str | None:
    """The ``kjm:`` measure whose label best fits the sentence and the kind of figure, if any fits well."""
    kinds = {"rank": ("rank",), "money": ("size",), "percent": ("growth", "cagr", "rate", "share")}.get(q.kind)
    if not kinds:
        return None
    flat = re.sub(r"\s", "", sentence).lower()
    best, best_score = None, 0.5
    for iri, (scheme, labels) in sorted(ctx.gaz.concepts.items()):
        if scheme != str(KJM.scheme):
            continue
        en = labels.get("en", "").lower()
        if not any(k in en for k in kinds):
            continue
        label = labels.get(ctx.lang) or labels.get("en", "")
        label = re.sub(r"\s*[(（][^)）]*[)）]", "", label)
        grams = _bigrams(re.sub(r"\s", "", label).lower())
        if not grams:
            continue
        score = sum(g in flat for g in grams) / len(grams)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = iri, score
    return best


def _bigrams(s: str) -> list[str]:
    return [s[i:i + 2] for i in range(len(s) - 1)] if len(s) > 1 else [s]


def _decimal(d: Decimal) -> str:
    """A decimal's lexical form without exponent: ``Decimal('1.1035E12')`` → ``'1103500000000'``."""
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _grouped(d: Decimal) -> str:
    s = _decimal(d)
    whole, _, frac = s.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _stem_slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "draft"


def _excerpt(text: str, n: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[:n].rstrip() + "…"

