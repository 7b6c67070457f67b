"""The gazetteer: every name the graph already knows, and where those names occur in a text.

:func:`build_gazetteer` reads the ontology, the SKOS vocabularies and the
source files with pyoxigraph and collects, for every entity (``kjd:``) and
topic (``kjt:``), its ``rdfs:label``, ``skos:prefLabel`` and ``skos:altLabel``
in every language, plus forms derived from them:

* the abbreviation in parentheses and the name without it
  (``"Japan External Trade Organization (JETRO)"`` → ``JETRO`` and the long name);
* a Korean name without its spaces (``스탠포드 대학교`` → ``스탠포드대학교``);
* a person's family name with the title of their role (``조준희`` with the role
  ``KOSA 회장`` → ``조 회장``), dropped when two people would share it;
* the initials of a lower-case English topic label (``artificial intelligence`` → ``AI``).

:func:`find_mentions` finds those names in a text whatever particle or title
follows (``이재명 대통령은``, ``퓨리오사AI와``, ``한국연구재단(NRF)과``), at word
boundaries, longest name first.

Only things with names are linked: actors, places, programs, policies, reports,
products and funds; events, agreements, statements, figures and money are specific to
their source and are never linked by label.

Examples
--------
>>> g = Gazetteer.from_records([("https://w3id.org/kjus/id/kosa", "KOSA", "en", "label",
...                              ("https://w3id.org/kjus/ontology#IndustryAssociation",))])
>>> [(m.start, m.end, m.iri.rsplit("/", 1)[1]) for m in find_mentions("앞서 KOSA는 보고서를 냈다", g, "ko")]
[(3, 7, 'kosa')]
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..prefixes import PREFIXES
from ..vocab import KJ

__all__ = ["Entry", "Mention", "Gazetteer", "build_gazetteer", "find_mentions", "KOREAN_PARTICLES",
           "KOREAN_TITLES", "ENGLISH_TITLES", "normalise"]

_RDFS, _SKOS, _RDF = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["rdf"]
_LABEL, _PREF, _ALT = _RDFS + "label", _SKOS + "prefLabel", _SKOS + "altLabel"
_TYPE, _SUBCLASS = _RDF + "type", _RDFS + "subClassOf"
_KJD, _KJT = PREFIXES["kjd"], PREFIXES["kjt"]

#: Classes whose instances are linked by name (with their subclasses).
LINKABLE = tuple(str(c) for c in (KJ.Actor, KJ.Place, KJ.Program, KJ.Policy, KJ.Report, KJ.Product, KJ.Fund))

#: Korean particles (josa) and their usual combinations, longest first in the pattern.
KOREAN_PARTICLES = tuple(sorted(set("""
은 는 이 가 을 를 의 에 에서 에게 께 께서 와 과 도 만 로 으로 로서 으로서 로써 으로써 부터 까지 보다 처럼 같이
마저 조차 밖에 이나 나 이랑 랑 하고 한테 에게서 한테서 라고 이라고 라는 이라는 란 이란 며 이며 고 이고 다 이다
인 이었다 였다 라며 이라며 에도 에서도 에서는 에는 에게는 와의 과의 와는 과는 과도 와도 로는 으로는 로도 으로도
까지는 부터는 만의 만은 만이 에선 에서의 으로부터 로부터 와도 과도 이든 든 야 이야 요 이요 에의 으로의 로의 만큼
뿐 뿐만 뿐만이 마다 께서는 야말로 이야말로 으로선 로선 에게도 에서만 까지도 부터도 만으로 만을 나마 이나마 처럼
""".split()), key=lambda p: (-len(p), p)))

#: Korean titles that may follow a name (``이재명 대통령``).
KOREAN_TITLES = tuple(sorted(set("""
대통령 총리 수상 장관 차관 대표 대표이사 회장 부회장 사장 부사장 의장 부의장 위원장 원장 청장 처장 실장 수석 비서관
대사 교수 박사 의원 지사 시장 국장 본부장 센터장 소장 전무 상무 이사 이사장 총장 부총리 국무장관 대변인 최고경영자
CEO CTO 씨 님 기자 특파원 연구원 책임 팀장 부장 과장 단장 회장님 주석 국왕 왕세자
외무상 방위상 재무상 경제산업상 문부과학상 총무상 후생노동상 농림수산상 국토교통상 환경상 법무상 디지털상
경제재생상 경제안보상 관방장관 부대신 정무관
""".split()), key=lambda p: (-len(p), p)))   # the last two lines: Japanese cabinet titles as Korean writes them

#: English titles that may precede a name (``President Lee``).
ENGLISH_TITLES = ("Prime Minister", "Vice President", "President", "Chief Executive", "Minister", "Secretary",
                  "Chairman", "Chairwoman", "Chair", "CEO", "Director", "Governor", "Mayor", "Ambassador",
                  "Professor", "Dr.", "Mr.", "Ms.", "Mrs.", "Senator", "Representative", "Premier",
                  "Chancellor", "Commissioner", "Deputy Minister", "Vice Minister", "Chief")

_SUFFIX_RE = re.compile("^(?:들|측|씨|님|사|등)?(?:" + "|".join(KOREAN_PARTICLES) + ")?(?:" + "|".join(KOREAN_PARTICLES)
                        + ")?$")
_TITLE_RE = re.compile("^(?:" + "|".join(re.escape(t) for t in KOREAN_TITLES) + ")(?:"
                       + "|".join(KOREAN_PARTICLES) + ")?$")


@dataclass(frozen=True)
class Entry:
    """One name of one thing: ``kind`` is ``label``, ``alt``, ``abbr`` or ``derived``."""

    iri: str
    text: str
    lang: str
    kind: str
    classes: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """A name found in a text: its span, the thing it names and the entry that matched."""

    start: int
    end: int
    text: str
    iri: str
    entry: Entry


@dataclass
class Gazetteer:
    """The names the graph knows; built by :func:`build_gazetteer`."""

    entries: list[Entry]
    #: every IRI the graph uses (so that new IRIs never collide)
    iris: set[str] = field(default_factory=set)
    #: class IRI -> its superclasses (reflexive), from the ontology
    supers: dict[str, set[str]] = field(default_factory=dict)
    #: IRI -> {lang: label}
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: IRI -> set of class IRIs
    types: dict[str, set[str]] = field(default_factory=dict)
    #: class IRI -> {lang: label}, for naming classes in drafts
    class_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: concept IRI -> (scheme IRI, {lang: label}) for measures and units
    concepts: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    _by_text: dict[str, list[Entry]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_records(cls, records: Iterable[tuple[str, str, str, str, tuple[str, ...]]]) -> Gazetteer:
        """A gazetteer from ``(iri, text, lang, kind, classes)`` records (for tests and examples)."""
        entries = [Entry(*r) for r in records]
        g = cls(entries, iris={e.iri for e in entries})
        for e in entries:
            g.types.setdefault(e.iri, set()).update(e.classes)
            if e.kind == "label":
                g.labels.setdefault(e.iri, {}).setdefault(e.lang, e.text)
        g.index()
        return g

    def index(self) -> None:
        """(Re)build the lookup by name; call after changing :attr:`entries`."""
        by_text: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries:
            by_text[e.text].append(e)
        self._by_text = dict(by_text)

    def names(self) -> dict[str, list[Entry]]:
        """Name -> the entries that have it."""
        return self._by_text

    def is_a(self, iri: str, cls: str) -> bool:
        """True when ``iri`` has a type that is ``cls`` or one of its subclasses."""
        return any(cls in self.supers.get(t, {t}) for t in self.types.get(iri, ()))

    def label(self, iri: str, lang: str) -> str:
        """The label of ``iri`` in ``lang`` (else English, else any, else ``""``)."""
        labels = self.labels.get(iri, {})
        return labels.get(lang) or labels.get("en") or next(iter(sorted(labels.values())), "")


def build_gazetteer(source_paths: Iterable[str | Path] | None = None, *, exclude: Iterable[str | Path] = (),
                    model_files: Iterable[str | Path] | None = None) -> Gazetteer:
    """Collect the names of the model and the sources into a :class:`Gazetteer`.

    Parameters
    ----------
    source_paths : TriG/N-Quads source files or folders; default every source in ``graph/sources/``.
    exclude : source files to leave out (e.g. the article's own source, to measure recall honestly).
    model_files : the ontology and vocabularies; default :data:`graph.paths.ONTOLOGY_FILES`.

    Examples
    --------
    >>> g = build_gazetteer()
    >>> sorted({e.iri.rsplit("/", 1)[1] for e in g.names()["한국연구재단"]})
    ['nrf']
    >>> sorted({e.text for e in g.entries if e.iri.endswith("/jetro")})  # doctest: +NORMALIZE_WHITESPACE
    ['JETRO', 'Japan External Trade Organization', 'Japan External Trade Organization (JETRO)',
     'ジェトロ', '日本貿易振興機構', '일본무역진흥기구']
    """
    import pyoxigraph as ox

    from ..paths import ONTOLOGY_FILES, SOURCES_DIR
    from ..errors import ParseError

    store = ox.Store()
    for path in model_files or ONTOLOGY_FILES:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(Path(path).resolve().as_uri()))
        except (SyntaxError, OSError) as exc:
            raise ParseError(f"{path}: {exc}") from None
    skip = {Path(p).resolve() for p in exclude}
    for path in _source_files(source_paths if source_paths is not None else [SOURCES_DIR]):
        if path.resolve() in skip:
            continue
        fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG
        try:
            store.bulk_load(path=str(path), format=fmt)
        except (SyntaxError, OSError) as exc:
            raise ParseError(f"{path}: {exc}; fix it (see `kjus validate`) before ingesting") from None
    return gazetteer_from_store(store)


def _source_files(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.suffix in (".trig", ".nq") and f.is_file()))
        elif p.is_file():
            files.append(p)
    return files


def gazetteer_from_store(store) -> Gazetteer:
    """Build a :class:`Gazetteer` from a pyoxigraph store holding the model and sources."""
    supers = _superclasses(store)
    types: dict[str, set[str]] = defaultdict(set)
    iris: set[str] = set()
    for q in store.quads_for_pattern(None, None, None, None):
        for term in (q.subject, q.object):
            if type(term).__name__ == "NamedNode":
                iris.add(term.value)
        if q.predicate.value == _TYPE and type(q.object).__name__ == "NamedNode":
            types[q.subject.value].add(q.object.value)
    raw: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for pred, kind in ((_LABEL, "label"), (_PREF, "label"), (_ALT, "alt")):
        for q in store.quads_for_pattern(None, _nn(pred), None, None):
            if type(q.object).__name__ != "Literal" or type(q.subject).__name__ != "NamedNode":
                continue
            lang = q.object.language or ""
            raw[q.subject.value].append((q.object.value, lang, kind))
            if kind == "label":
                labels[q.subject.value].setdefault(lang, q.object.value)
    roles: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for q in store.quads_for_pattern(None, _nn(str(KJ.role)), None, None):
        if type(q.object).__name__ == "Literal":
            roles[q.subject.value].append((q.object.value, q.object.language or ""))

    linkable = set(LINKABLE)
    entries: list[Entry] = []
    for iri in sorted(raw):
        classes = tuple(sorted(types.get(iri, ())))
        is_topic = iri.startswith(_KJT)
        if not is_topic and not (iri.startswith(_KJD) and any(supers.get(c, {c}) & linkable for c in classes)):
            continue
        seen: set[tuple[str, str]] = set()
        for text, lang, kind in sorted(raw[iri]):
            for form, form_kind in _forms(text, lang, kind, is_topic):
                if (form, lang) not in seen and _usable(form):
                    seen.add((form, lang))
                    entries.append(Entry(iri, form, lang, form_kind, classes))
    entries.extend(_title_forms(entries, roles, types, supers))
    class_labels = {c: labels.get(c, {}) for c in supers}
    concepts = _concepts(store, labels)
    g = Gazetteer(entries, iris=iris, supers={c: set(s) for c, s in supers.items()}, labels=dict(labels),
                  types=dict(types), class_labels=class_labels, concepts=concepts)
    g.index()
    return g


def _nn(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def _superclasses(store) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for q in store.quads_for_pattern(None, _nn(_SUBCLASS), None, None):
        if type(q.object).__name__ == "NamedNode":
            parents[q.subject.value].add(q.object.value)
    out: dict[str, set[str]] = {}

    def walk(c: str, seen: set[str]) -> set[str]:
        if c in out:
            return out[c]
        acc = {c}
        for p in parents.get(c, ()):
            if p not in seen:
                acc |= walk(p, seen | {c})
        out[c] = acc
        return acc

    for c in list(parents):
        walk(c, set())
    return out


def _concepts(store, labels) -> dict[str, tuple[str, dict[str, str]]]:
    out = {}
    for q in store.quads_for_pattern(None, _nn(_SKOS + "inScheme"), None, None):
        out[q.subject.value] = (q.object.value, labels.get(q.subject.value, {}))
    return out


_PAREN = re.compile(r"^(.*?)\s*[(（]([^()（）]+)[)）]\s*$")


def _forms(text: str, lang: str, kind: str, is_topic: bool) -> list[tuple[str, str]]:
    forms = [(text, kind)]
    m = _PAREN.match(text)
    if m:
        outer, inner = m.group(1).strip(), m.group(2).strip()
        if outer:
            forms.append((outer, "derived"))
        if _is_abbreviation(inner):
            forms.append((inner, "abbr"))
    if lang == "ko" and " " in text and not m:
        forms.append((text.replace(" ", ""), "derived"))
    if is_topic and lang == "en" and re.fullmatch(r"[a-z]+(?: [a-z]+)+", text):
        forms.append(("".join(w[0] for w in text.split()).upper(), "abbr"))
    return forms


def _is_abbreviation(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9&.\-]*[A-Z0-9]", s)) and sum(c.isupper() for c in s) >= 2


def _usable(form: str) -> bool:
    """Refuse names too short to find safely: one Hangul syllable, one or two Latin letters."""
    if not form.strip():
        return False
    letters = [c for c in form if c.isalnum()]
    if len(letters) <= 1:
        return False
    if all(c.isascii() for c in letters) and len(letters) < 2:
        return False
    return True


def _title_forms(entries, roles, types, supers) -> list[Entry]:
    """``이 대통령``/``President Lee``-style forms of people, unless two people would share one."""
    person = str(KJ.Person)
    candidates: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_iri: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_iri[e.iri].append(e)
    for iri, es in by_iri.items():
        if not any(person in supers.get(c, {c}) for c in types.get(iri, ())):
            continue
        for role, role_lang in roles.get(iri, ()):
            for e in es:
                if e.kind != "label" or e.lang != role_lang:
                    continue
                if role_lang == "ko" and re.fullmatch(r"[가-힣]{2,4}", e.text):
                    title = next((t for t in KOREAN_TITLES if role.endswith(t)), None)
                    if title:
                        candidates[(f"{e.text[0]} {title}", "ko")].add(iri)
                elif role_lang == "en":
                    title = next((t for t in ENGLISH_TITLES if role.startswith(t + " ") or role == t), None)
                    if title and " " in e.text:
                        for name in {e.text.split()[0], e.text.split()[-1]}:
                            candidates[(f"{title} {name}", "en")].add(iri)
    out = []
    for (text, lang), iris in sorted(candidates.items()):
        if len(iris) == 1:
            iri = next(iter(iris))
            if not any(e.text == text for e in by_iri[iri]):
                out.append(Entry(iri, text, lang, "derived", by_iri[iri][0].classes))
    return out


# --- finding names in a text --------------------------------------------------------------------

def _script(ch: str) -> str:
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7A3:
        return "hangul"
    if 0x30A0 <= o <= 0x30FF:
        return "katakana"
    if 0x3040 <= o <= 0x309F:
        return "hiragana"
    if 0x4E00 <= o <= 0x9FFF:
        return "han"
    if ch.isascii() and ch.isalnum():
        return "latin"
    if ch.isalnum():
        return "other"
    return ""


def _word_end(text: str, i: int) -> int:
    """End of the word (eojeol) that contains position ``i``: the next blank or punctuation."""
    while i < len(text) and _script(text[i]):
        i += 1
    return i


def _boundary_ok(text: str, start: int, end: int, lang: str) -> bool:
    """True when ``text[start:end]`` is a whole name, not a piece of a longer word."""
    first, last = _script(text[start]), _script(text[end - 1])
    before = _script(text[start - 1]) if start > 0 else ""
    after = _script(text[end]) if end < len(text) else ""
    if lang == "ja":
        # no spaces in Japanese: only refuse to cut a run of katakana or Latin letters
        if before and before == first and first in ("katakana", "latin"):
            return False
        return not (after and after == last and last in ("katakana", "latin"))
    if before:
        return False
    if not after:
        return True
    if after == "hangul":
        rest = text[end:_word_end(text, end)]
        return bool(_SUFFIX_RE.match(rest) or _TITLE_RE.match(rest))
    return False


def find_mentions(text: str, gazetteer: Gazetteer, lang: str, *, start: int = 0,
                  end: int | None = None) -> list[Mention]:
    """Every known name in ``text[start:end]``, longest first, none overlapping.

    A name that belongs to two different things at the same place is left out
    (it needs a person to decide).

    Examples
    --------
    >>> g = Gazetteer.from_records([
    ...     ("https://w3id.org/kjus/id/korea", "한국", "ko", "label", ()),
    ...     ("https://w3id.org/kjus/id/nrf", "한국연구재단", "ko", "label", ()),
    ...     ("https://w3id.org/kjus/id/nrf", "NRF", "ko", "abbr", ())])
    >>> [m.text for m in find_mentions("한국연구재단(NRF)과 한국은 한국어로", g, "ko")]
    ['한국연구재단', 'NRF', '한국']
    """
    end = len(text) if end is None else end
    window = text[start:end]
    found: list[tuple[int, int, list[Entry]]] = []
    for name, entries in gazetteer.names().items():
        pos = window.find(name)
        while pos >= 0:
            s, e = start + pos, start + pos + len(name)
            if _boundary_ok(text, s, e, lang):
                found.append((s, e, entries))
            pos = window.find(name, pos + 1)
    # longest first; a name of the graph beats a derived form ("President Lee") that overlaps it
    found.sort(key=lambda f: (all(x.kind == "derived" for x in f[2]), -(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for s, e, entries in found:
        iris = sorted({x.iri for x in entries})
        same = [m for m in out if m.start < e and s < m.end and [m.iri] == iris]
        if same and not any(s < te and ts < e for ts, te in taken if (ts, te) not in [(m.start, m.end) for m in same]):
            # two names of one thing that overlap ("President Lee" + "Lee Jae-myung"): one mention of both
            m = same[0]
            ns, ne = min(s, m.start), max(e, m.end)
            out[out.index(m)] = Mention(ns, ne, text[ns:ne], m.iri, m.entry)
            taken[taken.index((m.start, m.end))] = (ns, ne)
            continue
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        if len(iris) != 1:
            continue
        best = min(entries, key=lambda x: ("label", "alt", "abbr", "derived").index(x.kind))
        out.append(Mention(s, e, text[s:e], iris[0], best))
    return sorted(out, key=lambda m: m.start)


def normalise(name: str) -> str:
    """A name folded for comparison: no blanks, dots, dashes or quotes; case-folded.

    Examples
    --------
    >>> normalise("한국인공지능·소프트웨어산업협회") == normalise("한국인공지능 소프트웨어산업협회")
    True
    """
    return re.sub(r"[\s·・.\-–—'\"‘’“”()（）,]", "", name).casefold()
