"""Proposed new entities: names the graph does not know yet, with a class guessed from the words around them.

:func:`propose_entities` reads an article (sentences, and for Korean the Kiwi
morphemes) and returns a :class:`NewEntity` for every name that is not already
a known mention, with the label as written, the cue words and a class guess:

* an organisation by its last word: ``…협회`` → industry association,
  ``…재단``/``…기구``/``…부``/``…청``/``…실`` → funder, organisation or government body,
  ``…대학교`` → university, ``…Inc.``/``…Corp.``/``…Ministry``/``…Agency`` in English;
* a person by the title that follows (``대통령``, ``총리``, ``장관``, ``대표``, ``회장``)
  or precedes (``President``, ``CEO``) the name, with the role as written
  (``KOSA 회장``), and ``이 대통령``-style short forms of the same person;
* a place from the built-in list of countries and cities (``places.tsv``);
* ``X 정부`` → the government of country X; ``업계 관계자``/``일각``/``analysts`` →
  an anonymous source;
* a quoted name by the noun next to it (``기업 '무하유'`` → company,
  ``'…' 보고서`` → report, ``'… 협의회'`` → council, ``솔루션 '알리(Alli)'`` → product);
* the items of a ``▲A ▲B 등 16개사`` list → companies;
* any other proper noun (Kiwi's ``NNP``, a capitalised English name) → an
  organisation, marked as a guess without a cue.

An abbreviation or Latin name in parentheses right after a name
(``한국연구재단(NRF)``) becomes its alternative label, so later mentions
(``NRF는``) are found too.

Examples
--------
>>> from graph.ingest.text import analyse_text
>>> from graph.ingest.gazetteer import build_gazetteer
>>> a = analyse_text("Jane Park, CEO of Acme Robotics Inc., visited the Korea Robot Industry Association.", "en")
>>> [(e.label, e.cls.rsplit("#", 1)[1]) for e in propose_entities(a, build_gazetteer([]), [])]
[('Jane Park', 'Person'), ('Acme Robotics Inc.', 'Company'), ('Korea Robot Industry Association', 'IndustryAssociation')]
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..prefixes import PREFIXES
from ..vocab import KJ
from .gazetteer import ENGLISH_TITLES, KOREAN_TITLES, Gazetteer, Mention, normalise
from .dates import _DATELINE
from .text import Analysis, Sentence, Token

__all__ = ["NewEntity", "Place", "propose_entities", "load_places", "slugify", "romanise", "HEAD_TITLES"]

_KJD = PREFIXES["kjd"]

#: Titles that make a person the head of the organisation or country named in their role.
HEAD_TITLES = ("대통령", "총리", "수상", "회장", "대표", "대표이사", "사장", "의장", "위원장", "원장", "청장", "처장", "총장",
               "이사장", "장관", "주석", "CEO", "President", "Prime Minister", "Chairman", "Chairwoman", "Chair",
               "Chief Executive", "Minister", "Premier", "Director", "Governor", "Mayor", "首相", "大統領", "社長",
               "会長", "大臣", "理事長", "代表")


@dataclass
class NewEntity:
    """A thing the graph lacks, proposed by the machine; ``guessed`` is True when no word gave its class."""

    label: str
    lang: str
    cls: str
    cues: list[str]
    note: str
    start: int
    end: int
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: list[tuple[str, str]] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    role: tuple[str, str] | None = None
    role_span: tuple[int, int] | None = None
    title: str = ""
    country_slug: str = ""
    notation: str = ""
    slug: str = ""
    guessed: bool = False
    iri: str = ""
    #: True for a place of the built-in list that the graph already has (its names give a link)
    known: bool = False


@dataclass(frozen=True)
class Place:
    """One row of ``places.tsv``."""

    slug: str
    cls: str
    code: str
    names: dict[str, str]
    aliases: tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=1)
def load_places() -> tuple[Place, ...]:
    """The countries, regions and cities of ``graph/ingest/places.tsv``.

    Examples
    --------
    >>> next(p for p in load_places() if p.slug == "tokyo").names["ko"]
    '도쿄'
    """
    rows = []
    for line in (Path(__file__).parent / "places.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        slug, cls, code, en, ko, ja = parts[:6]
        aliases = tuple(tuple(a.split(":", 1)) for a in parts[6].split("|")) if len(parts) > 6 and parts[6] else ()
        rows.append(Place(slug, str(KJ[cls]), code, {"en": en, "ko": ko, "ja": ja}, aliases))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _place_names() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for p in load_places():
        for name in [*p.names.values(), *(a[1] for a in p.aliases)]:
            out.setdefault(name, p)
    return out


# --- romanisation and IRIs ----------------------------------------------------------------------

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_MEDIALS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
            "eu", "ui", "i"]
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng",
           "t", "t", "k", "t", "p", "t"]
_KANA = dict(zip(
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでど"
    "ばびぶべぼぱぴぷぺぽぁぃぅぇぉゃゅょっー",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu yo "
    "ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po a i u e o ya yu "
    "yo".split() + ["", ""]))


def romanise(text: str) -> str:
    """Latin letters for Hangul (Revised Romanization, letter by letter) and kana.

    Examples
    --------
    >>> romanise("올거나이즈"), romanise("이재명"), romanise("アップステージ")
    ('olgeonaijeu', 'ijaemyeong', 'apusuteji')
    """
    out = []
    for ch in text:
        o = ord(ch)
        if 0xAC00 <= o <= 0xD7A3:
            n = o - 0xAC00
            out.append(_INITIALS[n // 588] + _MEDIALS[(n % 588) // 28] + _FINALS[n % 28])
        elif 0x30A1 <= o <= 0x30F6:  # katakana -> hiragana
            out.append(_KANA.get(chr(o - 0x60), ""))
        elif ch in _KANA:
            out.append(_KANA[ch])
        else:
            out.append(ch)
    return "".join(out)


def slugify(text: str) -> str:
    """A kebab-case local name for a new IRI: romanised, ASCII, at most 60 characters.

    Examples
    --------
    >>> slugify("Korea Robot Industry Association (KRIA)"), slugify("한국연구재단"), slugify("日本政府")
    ('korea-robot-industry-association-kria', 'hangukyeongujaedan', 'x-dc5ebca5')
    """
    latin = unicodedata.normalize("NFKD", romanise(text)).encode("ascii", "ignore").decode().lower()
    latin = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")
    if len(latin.replace("-", "")) < 2 or not re.search(r"[a-z]", latin):
        return "x-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return latin[:60].strip("-")


# --- Korean -------------------------------------------------------------------------------------

_KO_SUFFIX_CLASS = [  # (ending of the name, class, extra condition)
    ("연구재단", "ResearchFunder"), ("재단", "Organization"), ("총연합회", "IndustryAssociation"),
    ("연합회", "IndustryAssociation"), ("협회", "IndustryAssociation"), ("연맹", "IndustryAssociation"),
    ("협의회", "Council"), ("협의체", "Council"), ("위원회", "GovernmentBody"), ("포럼", "InternationalForum"),
    ("연구소", "ResearchInstitute"), ("연구원", "ResearchInstitute"), ("진흥원", "GovernmentBody"),
    ("기술원", "ResearchInstitute"), ("과학원", "ResearchInstitute"), ("연구센터", "ResearchInstitute"),
    ("대학교", "University"), ("대학원", "University"), ("대학", "University"), ("기구", "Organization"),
    ("공단", "GovernmentBody"), ("공사", "Company"), ("은행", "Company"), ("그룹", "Company"), ("전자", "Company"),
    ("증권", "Company"), ("텔레콤", "Company"), ("거래소", "Organization"), ("의회", "Legislature"),
    ("국회", "Legislature"), ("참의원", "Legislature"), ("중의원", "Legislature"), ("상원", "Legislature"),
    ("하원", "Legislature"), ("대사관", "GovernmentBody"), ("정책실", "GovernmentBody"), ("비서실", "GovernmentBody"),
    ("대통령실", "GovernmentBody"), ("백악관", "GovernmentBody"), ("부처", ""), ("정부", "GovernmentBody"),
    ("부", "GovernmentBody"), ("청", "GovernmentBody"), ("처", "GovernmentBody"), ("실", "GovernmentBody"),
    ("센터", "Organization"), ("보고서", "Report"), ("백서", "Report"), ("지수", "Index"), ("프로그램", "Program"),
    ("사업단", "Organization"), ("전략", "Strategy"), ("법안", "Law"), ("법률안", "Law"), ("법", "Law"),
    ("행정명령", "ExecutiveOrder"), ("정책", "Policy"), ("플랜", "Policy"), ("계획", "Policy"), ("펀드", "Fund"),
    ("주", "Region"), ("현", "Region"), ("시", "City"),
]
#: Words that look like names of organisations but are ordinary nouns.
_KO_NOT_NAMES = frozenset("""
정부 일부 내부 외부 전부 본부 세부 간부 이부 학부 부처 당국 업계 업체 기업 정책 전략 계획 사업 조직 기관 협회 재단 기구 위원회
협의회 협의체 대학 연구소 연구원 센터 실 청 처 부 법 지수 보고서 국회 의회 은행 그룹 펀드 포럼 플랜 공사 공단 해당 관련 산업
이번 이날 한일 한미 한중 미일 미중 한미일 북미 남북 국내 해외 글로벌 양국 양측 세계 현지 정상 총리실 관계자 일각 업계
""".split())
#: Abbreviations of pairs and groups of countries (한일 = Korea–Japan), never one entity.
_PAIRS = frozenset("한일 한미 한중 미일 미중 한미일 한중일 북미 남북 북중 중일 일한 한러 한일중 한미중 "
                   "대일 대미 대중 대북 대러 방일 방미 방한 방중 친일 반일 친미 반미 주일 주미 주한".split())
_KO_NOT_NAME_PREFIX = ("이번", "해당", "관련", "각국", "양국", "국내", "해외", "이같은", "이러한")
#: Generic Latin acronyms that are never names.
_ACRONYMS = frozenset("""
AI IT SW HW GPU GPUs CPU NPU TPU LLM LLMs R&D GDP CEO CTO CFO COO MOU MoU IPO ICT IoT AR VR XR MR 5G 6G API APIs
SaaS OS PC TV ESG EV UAM B2B B2C DX AX KPI ROI FTA VC M&A HBM DRAM NAND PCB EUV AGI SLM SMR GPT ChatGPT
""".split())
_KO_CONTEXT_CLASS = {"기업": "Company", "업체": "Company", "스타트업": "Company", "회사": "Company", "법인": "Company",
                     "기업인": "Company", "기업들": "Company", "솔루션": "Product", "서비스": "Product", "플랫폼": "Product",
                     "모델": "Product", "앱": "Product", "제품": "Product", "브랜드": "Product", "대학": "University",
                     "협회": "IndustryAssociation", "기관": "Organization", "단체": "Organization"}
_KO_ANONYMOUS = ("업계 관계자", "정부 관계자", "업계 전문가", "관계자", "일각", "업계", "전문가", "전문가들", "소식통",
                 "관측통", "애널리스트", "시장 전문가", "외신", "증권가")
_KO_EVENT_WORDS = ("회담", "회의", "회동", "면담", "방문", "공모", "발족식", "출범식", "상장", "협약", "합의", "설립",
                   "체결", "서명", "행사", "포럼 개최", "간담회", "세미나", "컨퍼런스", "박람회", "전시회", "기념식", "착공식")
_NOMINAL = {"NNP", "NNG", "SL", "SN", "SH", "XSN", "XPN", "W_SERIAL", "NR"}
_PHOTO = re.compile(r"[(（]\s*(?:사진|자료|그래픽|영상|출처)\s*[=:：]\s*[^)）]*[)）]")


@dataclass
class _Word:
    start: int
    end: int
    core_start: int
    core_end: int
    core: str
    tags: list[str]
    has_nnp: bool
    paren: tuple[int, int, str] | None
    rest: str
    lead: str


def _korean_words(text: str, sentence: Sentence, tokens: list[Token]) -> list[_Word]:
    words = []
    for m in re.finditer(r"\S+", sentence.text):
        ws, we = sentence.start + m.start(), sentence.start + m.end()
        # a proper noun across a blank ("스탠포드 대학교") is split at the blank, one piece per word
        toks = [t if t.start >= ws and t.end <= we else Token(text[max(t.start, ws):min(t.end, we)], t.tag,
                                                              max(t.start, ws), min(t.end, we))
                for t in tokens if t.start < we and t.end > ws and text[max(t.start, ws):min(t.end, we)].strip()]
        i = 0
        while i < len(toks) and (toks[i].tag.startswith("S") and toks[i].tag not in ("SL", "SN", "SH")):
            i += 1
        lead = text[ws:toks[i].start] if i < len(toks) else ""
        j = i
        while j < len(toks) and (toks[j].tag in _NOMINAL or (toks[j].tag == "SP" and toks[j].form in "·・&"
                                                                and j + 1 < len(toks) and toks[j + 1].tag in _NOMINAL)):
            j += 1
        while j > i and toks[j - 1].tag in ("SP", "XSN") and toks[j - 1].form in ("·", "들"):
            j -= 1
        if j == i:
            words.append(_Word(ws, we, ws, ws, "", [], False, None, text[ws:we], lead))
            continue
        cs, ce = toks[i].start, toks[j - 1].end
        paren = None
        if j < len(toks) and toks[j].form in "(（":
            close = text.find(")", ce, we + 40) if "(" == toks[j].form else text.find("）", ce, we + 40)
            if close > ce:
                paren = (ce + 1, close, text[ce + 1:close])
        rest = text[(paren[1] + 1 if paren else ce):we]
        words.append(_Word(ws, we, cs, ce, text[cs:ce], [t.tag for t in toks[i:j]],
                           any(t.tag == "NNP" for t in toks[i:j]), paren, rest, lead))
    return words


#: Organisations named by one common word.
_KO_ORG_WORDS = {"백악관": "GovernmentBody", "대통령실": "GovernmentBody", "청와대": "GovernmentBody",
                 "총리실": "GovernmentBody", "국회": "Legislature", "참의원": "Legislature", "중의원": "Legislature",
                 "내각": "GovernmentBody", "코스닥": "Organization", "코스피": "Organization", "유엔": "InternationalForum",
                 "나토": "InternationalForum"}
#: Endings too common in ordinary nouns to name an organisation without a proper noun in the word.
_WEAK_SUFFIXES = frozenset({"센터", "실", "부", "청", "처", "그룹", "공사", "전자", "증권", "텔레콤", "포럼", "법", "정책",
                            "계획", "전략", "플랜", "펀드", "프로그램", "정부", "기구", "의회", "지수", "보고서", "백서",
                            "주", "현", "시"})


def _suffix_class(core: str, strong_only: bool = False) -> tuple[str, str] | None:
    if core in _KO_ORG_WORDS:
        return _KO_ORG_WORDS[core], core
    for suffix, cls in _KO_SUFFIX_CLASS:
        if core.endswith(suffix) and cls and len(core) > len(suffix) + (1 if len(suffix) == 1 else 0):
            if strong_only and suffix in _WEAK_SUFFIXES:
                return None
            return cls, suffix
    return None


def _is_title_word(core: str) -> str:
    for t in KOREAN_TITLES:
        if core.endswith(t) and t not in ("씨", "님"):
            return t
    return ""


def _covered(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(ts <= s and e <= te for ts, te in spans)


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < te and ts < e for ts, te in spans)


def _korean(analysis: Analysis, known: list[Mention], gazetteer: Gazetteer) -> list[NewEntity]:
    text = analysis.text
    known_spans = [(m.start, m.end) for m in known]
    photo = [m.span() for m in _PHOTO.finditer(text)]
    out: list[NewEntity] = []
    taken: list[tuple[int, int]] = []

    nested_spans: list[tuple[int, int]] = []

    def add(ent: NewEntity, nested: bool = False) -> None:
        if _overlaps(photo, ent.start, ent.end) or _covered(known_spans, ent.start, ent.end):
            return
        spans = nested_spans if nested else taken
        if _overlaps(spans, ent.start, ent.end):
            return
        spans.append((ent.start, ent.end))
        out.append(ent)

    for sentence in analysis.sentences:
        words = _korean_words(text, sentence, analysis.tokens_in(sentence.start, sentence.end))
        _korean_phrases(text, sentence, words, known, gazetteer, add)
        _korean_lists(text, sentence, words, add)
        _korean_quoted(text, sentence, words, add)
        parens = [(sentence.start + m.start(), sentence.start + m.end())
                  for m in re.finditer(r"[(（][^)）]*[)）]", sentence.text)]
        _korean_spaced_names(text, sentence, analysis.tokens_in(sentence.start, sentence.end), add)
        for i, w in enumerate(words):
            if len(w.core) < 2 or _overlaps(photo, w.core_start, w.core_end) or \
                    _covered(parens, w.core_start, w.core_end):
                continue
            if re.fullmatch(r"[a-z][a-z\-]*", w.core) or w.core.replace("·", "") in _PAIRS:
                continue
            if "·" in w.core and all(re.fullmatch(r"[A-Z][A-Za-z0-9&\-]*", p) for p in w.core.split("·")):
                pos = w.core_start
                for part in w.core.split("·"):  # "APEC·IPEF·G7": three names
                    if part not in _ACRONYMS:
                        add(NewEntity(part, "ko", str(KJ.Organization), [], "a name in a list joined by '·' with no "
                                      "class cue: guessed an organisation", pos, pos + len(part), guessed=True))
                    pos += len(part) + 1
                continue
            person = _korean_person(text, words, i, known_spans, {normalise(e.label) for e in out})
            if person:
                add(person)
                continue
            if _covered(known_spans, w.core_start, w.core_end):
                # "일본 정부": a known country followed by 정부 is that country's government
                nxt = words[i + 1] if i + 1 < len(words) else None
                if nxt and nxt.core == "정부" and not w.rest and _place_names().get(w.core, None) and \
                        _place_names()[w.core].cls == str(KJ.Country):
                    add(_government(text, w, nxt))
                elif nxt and not w.rest and _ministry(nxt.core) and any(
                        gazetteer.is_a(m.iri, str(KJ.Country)) for m in known if m.start == w.core_start):
                    add(_ministry_entity(text, w, nxt), nested=True)
                elif nxt and nxt.core in ("증시", "증권거래소") and not w.rest and any(
                        gazetteer.is_a(m.iri, str(KJ.Country)) for m in known if m.start == w.core_start):
                    add(NewEntity(text[w.core_start:nxt.core_end], "ko", str(KJ.Organization), [nxt.core],
                                  f"a country followed by '{nxt.core}'", w.core_start, nxt.core_end), nested=True)
                continue
            place = _place_names().get(w.core)
            if place:
                nxt = words[i + 1] if i + 1 < len(words) else None
                if nxt and nxt.core == "정부" and place.cls == str(KJ.Country) and not w.rest:
                    add(_government(text, w, nxt))
                elif nxt and place.cls == str(KJ.Country) and not w.rest and _ministry(nxt.core):
                    add(_ministry_entity(text, w, nxt), nested=True)
                elif nxt and nxt.core in ("증시", "증권거래소") and place.cls == str(KJ.Country) and not w.rest:
                    label = text[w.core_start:nxt.core_end]
                    add(NewEntity(label, "ko", str(KJ.Organization), [nxt.core], f"a country followed by '{nxt.core}'",
                                  w.core_start, nxt.core_end), nested=True)
                add(_place_entity(place, w.core, "ko", w.core_start, w.core_end))
                continue
            anon = next((a for a in _KO_ANONYMOUS if w.core == a or w.core == a.replace(" ", "")), None)
            if i + 1 < len(words) and f"{w.core} {words[i + 1].core}" in _KO_ANONYMOUS and not w.rest:
                nxt = words[i + 1]
                add(NewEntity(text[w.core_start:nxt.core_end], "ko", str(KJ.AnonymousSource),
                              [text[w.core_start:nxt.core_end]], "an unnamed source", w.core_start, nxt.core_end))
                continue
            if anon is not None:
                if re.match(r"^(?:은|는|이|가|에선|에서는|들은|들이|도|의)$", w.rest) or \
                        (w.rest == "에" and i + 1 < len(words)
                         and text[words[i + 1].start:words[i + 1].end].startswith("따르")):
                    add(NewEntity(w.core, "ko", str(KJ.AnonymousSource), [w.core], "an unnamed source",
                                  w.core_start, w.core_end))
                continue
            if w.core in _KO_NOT_NAMES or w.core.startswith(_KO_NOT_NAME_PREFIX) or \
                    any(w.core == suffix for suffix, _ in _KO_SUFFIX_CLASS) and w.core not in _KO_ORG_WORDS:
                continue
            if any(w.core.endswith(ev) for ev in _KO_EVENT_WORDS):
                continue
            suffix = _suffix_class(w.core)
            latin = re.fullmatch(r"[A-Za-z][A-Za-z0-9&.\-]*", w.core)
            if latin and (w.core in _ACRONYMS or len(w.core) < 3 and not w.core.isupper()):
                continue
            if suffix and suffix[0] in ("Report", "Index", "Strategy", "Law", "Policy", "ExecutiveOrder", "Fund",
                                        "Program") and not w.has_nnp:
                continue  # "보고서", "AI 전략": a named document needs a proper noun or quotes
            if suffix and not w.has_nnp and w.core not in _KO_ORG_WORDS and (
                    len(w.core) - len(suffix[1]) < 2 or suffix[1] in _WEAK_SUFFIXES and len(w.core) - len(suffix[1]) < 4):
                continue
            if suffix:
                cls, cue = suffix
                if cue == "기구" and any(w.core.startswith(p.names["ko"]) for p in load_places()
                                        if p.cls == str(KJ.Country)):
                    cls = "GovernmentBody"
                ent = NewEntity(w.core, "ko", str(KJ[cls]), [cue], f"class from the ending '{cue}'",
                                w.core_start, w.core_end)
            elif w.has_nnp or latin:
                prev = words[i - 1].core if i > 0 else ""
                ctx = _KO_CONTEXT_CLASS.get(prev) or next((c for k, c in _KO_CONTEXT_CLASS.items()
                                                           if prev.endswith(k) and len(prev) > len(k)), None)
                if ctx:
                    ent = NewEntity(w.core, "ko", str(KJ[ctx]), [prev], f"class from '{prev}' before the name",
                                    w.core_start, w.core_end)
                else:
                    ent = NewEntity(w.core, "ko", str(KJ.Organization), [], "a proper noun with no class cue: "
                                    "guessed an organisation", w.core_start, w.core_end, guessed=True)
            else:
                continue
            _paren_names(ent, w)
            add(ent)
    return out


#: Class nouns that end a name of several words (``AI 관련 … 추진에 대한 법률안``, ``한·일 AI 펀드``).
_KO_PHRASE_CLASS = [("법률안", "Law"), ("법안", "Law"), ("특별법", "Law"), ("기본법", "Law"), ("진흥법", "Law"),
                    ("촉진법", "Law"), ("펀드", "Fund"), ("기금", "Fund"), ("지수", "Index"), ("관저", "Venue"),
                    ("청사", "Venue")]
_KO_CONNECTORS = ("대한", "관한", "위한", "및", "등", "·")


def _korean_phrases(text: str, sentence: Sentence, words: list[_Word], known: list[Mention], gazetteer, add) -> None:
    """Names of several words that end with a class noun; they may hold other names (``스탠포드 대학교 HAI 지수``)."""
    places = [(m.start, m.end) for m in known if gazetteer.is_a(m.iri, str(KJ.Place))]
    for i, w in enumerate(words):
        hit = next(((n, c) for n, c in _KO_PHRASE_CLASS if w.core.endswith(n)), None)
        if not hit or i == 0:
            continue
        j = i
        while j > 0:
            prev = words[j - 1]
            raw = text[prev.start:prev.end]
            joins = not prev.rest and not prev.paren and prev.core or raw in _KO_CONNECTORS or \
                (prev.rest == "에" and text[words[j].start:words[j].end] in ("대한", "관한")) or \
                (prev.rest in ("을", "를") and text[words[j].start:words[j].end] == "위한")
            is_place = _overlaps(places, prev.start, prev.end) or prev.core in _place_names()
            if not joins or re.search(r"[\d'\"‘“]", raw) or is_place and hit[1] != "Index":
                break
            j -= 1
        if j == i:
            continue
        first = words[j]
        if text[first.start:first.end] in _KO_CONNECTORS:
            continue
        start, end = first.start if not first.lead else first.start + len(first.lead), w.core_end
        label = text[start:end]
        cue_ok = any(words[k].has_nnp or re.search(r"[A-Z]", words[k].core) and words[k].core not in _ACRONYMS or
                     words[k].core.replace("·", "") in _PAIRS for k in range(j, i + 1)) or i - j >= 3
        if hit[1] == "Venue" and i - j == 1 and _is_title_word(words[j].core):
            cue_ok = True  # "총리 관저"
        if not cue_ok:
            continue
        add(NewEntity(label, "ko", str(KJ[hit[1]]), [hit[0]], f"a name of several words ending with '{hit[0]}'",
                      start, end), nested=True)


def _korean_spaced_names(text: str, sentence: Sentence, tokens: list[Token], add) -> None:
    """Kiwi's proper nouns that span a blank (``스탠포드 대학교``)."""
    for t in tokens:
        if t.tag != "NNP" or " " not in text[t.start:t.end]:
            continue
        name = text[t.start:t.end]
        suffix = _suffix_class(name.replace(" ", "")) or _suffix_class(name.rsplit(" ", 1)[-1])
        if suffix:
            add(NewEntity(name, "ko", str(KJ[suffix[0]]), [suffix[1]], f"class from the ending '{suffix[1]}'",
                          t.start, t.end))
        else:
            add(NewEntity(name, "ko", str(KJ.Organization), [], "a proper noun with no class cue: guessed an "
                          "organisation", t.start, t.end, guessed=True))


def _paren_names(ent: NewEntity, w: _Word) -> None:
    if not w.paren:
        return
    inner = w.paren[2].strip()
    if re.fullmatch(r"[가-힣]{2,8}", inner) and len(inner) < len(ent.label):  # 과학기술정보통신부(과기정통부)
        ent.alt_labels.append((inner, "ko"))
        return
    if re.fullmatch(r"[A-Z][A-Za-z0-9&.\-]*", inner) and sum(c.isupper() for c in inner) >= 2:
        ent.alt_labels.append((inner, "en"))
        ent.alt_labels.append((inner, ent.lang))
        ent.labels.setdefault("en", inner)
    elif re.fullmatch(r"[A-Za-z][A-Za-z0-9 .&'\-]*", inner):
        ent.labels["en"] = inner
        ent.alt_labels.append((inner, ent.lang))


def _ministry(core: str) -> bool:
    """A government body named after its country: ``상무부``, ``경제산업성``, ``국무부``, ``특허청``."""
    return bool(re.fullmatch(r"[가-힣]{1,10}(?:부|성|청|처|위원회|실)", core)) and len(core) >= 3 and \
        core not in _KO_NOT_NAMES and not core.endswith(("가능성", "필요성", "중요성", "정부"))


def _ministry_entity(text: str, w: _Word, nxt: _Word) -> NewEntity:
    return NewEntity(text[w.core_start:nxt.core_end], "ko", str(KJ.GovernmentBody), [nxt.core],
                     f"a country followed by the government body '{nxt.core}'", w.core_start, nxt.core_end)


def _government(text: str, w: _Word, nxt: _Word) -> NewEntity:
    label = text[w.core_start:nxt.core_end]
    place = _place_names()[w.core]
    ent = NewEntity(label, "ko", str(KJ.GovernmentBody), ["정부"], "a country followed by '정부'",
                    w.core_start, nxt.core_end, country_slug=place.slug)
    ent.labels["en"] = f"Government of {place.names['en']}"
    ent.note += "; English label from the built-in place list"
    return ent


def _place_entity(place: Place, text: str, lang: str, start: int, end: int) -> NewEntity:
    ent = NewEntity(text, lang, place.cls, [text], "a place in the built-in list (places.tsv)", start, end,
                    labels=dict(place.names), slug=place.slug)
    ent.alt_labels = [(a[1], a[0]) for a in place.aliases]
    if place.cls == str(KJ.Country):
        ent.notation = place.code
    else:
        ent.country_slug = place.code
    ent.note += "; labels in other languages from that list"
    return ent


def _korean_person(text: str, words: list[_Word], i: int, known: list[tuple[int, int]],
                   named: set[str] = frozenset()) -> NewEntity | None:
    w = words[i]
    if not (w.has_nnp and re.fullmatch(r"[가-힣]{2,6}", w.core)) or w.core in _KO_NOT_NAMES \
            or w.core in _KO_ORG_WORDS or _suffix_class(w.core):
        return None
    if _covered(known, w.core_start, w.core_end) or _place_names().get(w.core):
        return None
    run = [w]
    k = i + 1
    while not run[-1].rest and not run[-1].paren and k < len(words) and len(run) < 3:
        nw = words[k]
        if nw.has_nnp and re.fullmatch(r"[가-힣]{2,5}", nw.core) and not _place_names().get(nw.core) \
                and not _is_title_word(nw.core) and not _covered(known, nw.core_start, nw.core_end) \
                and normalise(nw.core) not in named \
                and not _suffix_class(nw.core) and nw.core not in _KO_ORG_WORDS:
            run.append(nw)
            k += 1
        else:
            break
    # the role: up to three more words, ending with a title
    role_words = []
    j = k
    if not run[-1].rest or _is_title_word(run[-1].rest):
        while j < len(words) and len(role_words) < 4:
            rw = words[j]
            role_words.append(rw)
            if _is_title_word(rw.core):
                break
            if rw.rest and not rw.paren:
                role_words = []
                break
            j += 1
        else:
            role_words = []
    if not role_words or not _is_title_word(role_words[-1].core):
        return None
    title = _is_title_word(role_words[-1].core)
    name = text[run[0].core_start:run[-1].core_end]
    role_start, role_end = role_words[0].core_start, role_words[-1].core_end
    ent = NewEntity(name, "ko", str(KJ.Person), [title], f"a name followed by the title '{title}'",
                    run[0].core_start, run[-1].core_end, role=(text[role_start:role_end], "ko"),
                    role_span=(role_start, role_end), title=title)
    parts = name.split()
    if len(parts) == 1 and len(name) in (3, 4):
        ent.aliases.append((f"{name[0]} {title}", "ko"))
    elif len(parts) > 1:
        for part in {parts[0], parts[-1]}:
            ent.aliases.append((f"{part} {title}", "ko"))
            if len(part) >= 2:
                ent.aliases.append((part, "ko"))
    return ent


def _korean_quoted(text: str, sentence: Sentence, words: list[_Word], add) -> None:
    for m in re.finditer(r"['‘](?P<q>[^'‘’\n]{2,40})['’]", sentence.text):
        inner = m.group("q").strip()
        qs = sentence.start + m.start("q")
        label = re.sub(r"\s*[(（][^)）]*[)）]\s*$", "", inner)
        paren = re.search(r"[(（]([^)）]+)[)）]\s*$", inner)
        after = re.match(r"\s*([가-힣]+)(?:\s+([가-힣]+))?", sentence.text[m.end():])
        after_word = after.group(1) if after else ""
        after_words = [w for w in (after.groups() if after else ()) if w]
        before = re.search(r"([가-힣A-Za-z]+)\s*$", sentence.text[:m.start()])
        before_word = before.group(1) if before else ""
        cls, cue = None, ""
        own = _suffix_class(label)
        if own and own[0] not in ("GovernmentBody",):
            cls, cue = own
        else:
            for word in after_words:
                for suffix, c in _KO_SUFFIX_CLASS:
                    if word.startswith(suffix) and c in ("Report", "Strategy", "Policy", "Council", "Program",
                                                          "Fund", "Law", "Index"):
                        cls, cue = c, suffix
                        break
                if cls:
                    break
            if not cls:
                ctx = _KO_CONTEXT_CLASS.get(before_word) or next(
                    (c for k, c in _KO_CONTEXT_CLASS.items() if before_word.endswith(k)), None)
                if ctx:
                    cls, cue = ctx, before_word
        if not cls or after_word.startswith(("분야", "정신", "개념")):
            continue
        if cls == "Program" and "연구" in label:
            cls = "ResearchProgram"
        ent = NewEntity(label, "ko", str(KJ[cls]), [cue], f"a quoted name; class from '{cue}'", qs,
                        qs + len(label))
        if after_words and after_words[0] == cue and not label.endswith(cue):
            ent.alt_labels.append((f"{label} {cue}", "ko"))  # "'AI 소버린' 전략" → "AI 소버린 전략"
        if paren:
            inner_p = paren.group(1).strip()
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9 .&'\-]*", inner_p):
                ent.labels["en"] = inner_p
                ent.alt_labels.append((inner_p, "en"))
                ent.alt_labels.append((inner_p, "ko"))
        add(ent)


def _korean_lists(text: str, sentence: Sentence, words: list[_Word], add) -> None:
    """``▲A ▲B … 등 16개사``: the items are companies (or organisations for ``곳``)."""
    s = sentence.text
    if s.count("▲") < 2:
        return
    tail = re.search(r"등\s*(\d+)\s*(개사|개 ?기업|개 ?업체|곳|개 ?기관)", s)
    if not tail:
        return
    cls = "Company" if "기관" not in tail.group(2) and tail.group(2) != "곳" else "Organization"
    items = list(re.finditer(r"▲\s*([^▲]+?)(?=\s*▲|\s+등\s*\d)", s[:tail.end()]))
    for m in items:
        item = m.group(1).strip().rstrip(",")
        if not item or len(item) > 30:
            continue
        start = sentence.start + m.start(1)
        add(NewEntity(item, "ko", str(KJ[cls]), [tail.group(0)], f"an item of a list of '{tail.group(0)}'",
                      start, start + len(item)))


# --- English ------------------------------------------------------------------------------------

_EN_SUFFIX_CLASS = [
    (r"(?:Research|Science) Foundation", "ResearchFunder"), (r"Foundation", "Organization"),
    (r"Association|Federation|Chamber of Commerce(?: and Industry)?|Chamber", "IndustryAssociation"),
    (r"Institute|Laboratory|Laboratories|Research Center|Research Centre", "ResearchInstitute"),
    (r"University|College", "University"),
    (r"Ministry(?: of [A-Z][\w,&' ]+)?|Department(?: of [A-Z][\w&' ]+)?|Agency|Office|Administration|Bureau|"
     r"Commission|Authority|Government|Cabinet|Embassy", "GovernmentBody"),
    (r"Council|Committee", "Council"), (r"Forum", "InternationalForum"),
    (r"Parliament|Congress|Senate|National Assembly|Diet|House of [A-Z]\w+", "Legislature"),
    (r"Inc\.?|Corp\.?|Corporation|Ltd\.?|Co\.|Company|Group|Holdings|Technologies|Technology|Electronics|Labs|"
     r"Systems|Bank|Motors|Semiconductor|Telecom|AI|Robotics|Software|Networks", "Company"),
    (r"Research Program(?:me)?|Program(?:me)?|Initiative", "Program"),
    (r"Act|Law|Bill", "Law"), (r"Executive Order", "ExecutiveOrder"), (r"Strategy", "Strategy"),
    (r"Action Plan|Plan|Policy", "Policy"), (r"Report|White Paper", "Report"), (r"Index", "Index"),
    (r"Fund", "Fund"), (r"Exchange", "Organization"),
]
_EN_STOP = frozenset("""
The A An In On At For But And Or It Its This That These Those He She They We You I His Her Their Our
Meanwhile However Also After Before While When Where Why How What Which Who Since As By From With Under Over
Earlier Later Last Next This Mr Ms Mrs Dr According Some Many Most Other Such Both Each Every Yet Still Then
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec If Although Because
Several Two Three Four Five One Korean Japanese American Chinese Asian European Global National International
""".split())
_EN_ANON = re.compile(r"\b(?P<a>(?:industry|government|company|market|tech|AI|some)\s+(?:officials?|insiders|sources|"
                      r"experts|analysts|observers|watchers)|analysts|observers|experts|critics|industry insiders|"
                      r"an official|officials|sources familiar with the matter|some observers)\b", re.I)
_EN_NAME = re.compile(r"(?<![\w])(?:[A-Z][\w&'.\-]*|[A-Z]{2,}\w*)(?:(?:\s+(?:of|for|and|the|&|on|de)\s+|\s+)"
                      r"(?:[A-Z][\w&'.\-]*|[A-Z]{2,}\w*))*")
_EN_TITLE_RX = re.compile(r"\b(?P<title>" + "|".join(sorted((re.escape(t) for t in ENGLISH_TITLES), key=len,
                                                            reverse=True)) + r")\s+$")


#: "Minister of Economy, Trade and Industry Yoji Muto", "the Ministry of Science and ICT": an office or a
#: body named by a list of fields — the commas would otherwise cut it into pieces that look like names.
_EN_OF_LIST = re.compile(
    r"\b(?P<head>(?:(?:Deputy|Vice|First)\s+)?(?:Prime\s+)?(?:Minister|Secretary|Ministry|Department))\s+(?:of|for)\s+"
    r"(?:the\s+)?(?P<fields>[A-Z][\w&\-]*(?:,\s+[A-Z][\w&\-]*)+,?\s+and\s+[A-Z][\w&\-]*)"
    r"(?P<name>(?:\s+[A-Z][a-z'’\-]+){2,3}\b)?")
_EN_TOKEN = r"(?:[A-Z][A-Za-z0-9&'’.\-]*[A-Za-z0-9.]|[A-Z])"
_EN_RUN = re.compile(rf"(?<![\w]){_EN_TOKEN}(?:(?:\s+(?:of|for|and|the|&|de|on)\s+|\s+){_EN_TOKEN})*")
_EN_MONTHS_DAYS = frozenset(m for m in _EN_STOP if m[:3] in {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"})
_CURRENCY_CODES = frozenset("USD KRW JPY EUR CNY GBP RMB".split())


def _english_pieces(s: str, m: re.Match, known: list[tuple[int, int]], off: int,
                    places: list[tuple[int, int]] = ()) -> list[tuple[int, str, str]]:
    """The names inside one capitalised run: ``(start, name, title)``; titles, months, possessives cut away."""
    tokens = [(t.start() + m.start(), t.group()) for t in re.finditer(r"\S+", m.group(0))]
    pieces: list[list[tuple[int, str]]] = [[]]
    has_of = False
    for pos, tok in tokens:
        bare = tok.rstrip(".,;:")
        if bare in ("of", "for", "the", "&", "de", "on"):
            has_of = has_of or bare == "of"
            if bare == "on" or not pieces[-1]:
                pieces.append([])
                continue
            pieces[-1].append((pos, tok))
            continue
        if bare == "and" and not has_of:
            pieces.append([])
            continue
        if bare in _EN_MONTHS_DAYS or bare.rstrip(".") in _EN_MONTHS_DAYS:
            pieces.append([])
            continue
        poss = re.match(r"(.+?)['’]s$", tok)
        based = re.match(r"(.+?)-(?:based|headquartered|born|led|made)$", tok)
        if poss or based:
            pieces[-1].append((pos, (poss or based).group(1)))
            pieces.append([])
            continue
        pieces[-1].append((pos, tok))
    out = []
    for piece in pieces:
        while piece and piece[-1][1].rstrip(".,") in ("of", "for", "the", "&", "de", "and"):
            piece.pop()
        title = ""
        while piece:
            head = piece[0][1].rstrip(".,")
            if title and head in ("of", "for", "the", "at", "&", "de", "and"):
                piece = piece[1:]  # "CEO of Acme": the title's complement, not the name
                continue
            two = f"{head} {piece[1][1]}" if len(piece) > 1 else ""
            three = f"{two} {piece[2][1]}" if len(piece) > 2 else ""
            if two in ENGLISH_TITLES:
                title, piece = two, piece[2:]
            elif len(piece) > 2 and piece[1][1] in ("Minister", "Secretary", "Director", "Ambassador", "Governor"):
                title, piece = two, piece[2:]          # "Science Minister Bae Kyung-hoon"
            elif three.endswith(" Minister") and len(piece) > 3:
                title, piece = three, piece[3:]        # "Deputy Prime Minister …"
            elif head in ENGLISH_TITLES or head + "." in ENGLISH_TITLES:
                title, piece = head, piece[1:]
            elif head in _EN_STOP:
                piece = piece[1:]
            else:
                break
        if not piece:
            continue
        start = piece[0][0]
        end = piece[-1][0] + len(piece[-1][1])
        name = s[start:end]
        if not re.search(r"(?:Inc|Corp|Ltd|Co|Jr|Sr|D\.C|U\.S|U\.K)\.$", name):
            name = name.rstrip(".,'’")
        # cut around names the graph already knows, but keep a place that opens an organisation's name
        org_name = any(re.search(r"(?:^|\s)(?:" + rx + r")$", name) for rx, _ in _EN_SUFFIX_CLASS) or bool(
            re.search(r"\b(?:Association|Chamber|Ministry|Department|Institute|University|Council|Agency|Federation|"
                      r"Bank|Organi[sz]ation|Foundation|Office|Commission|Bureau|Committee|Forum) of\b", name))
        cursor = start
        for ks, ke in sorted(k for k in known if off + start < k[1] and k[0] < off + start + len(name)
                             and not (org_name and k in places and k[1] < off + start + len(name))):
            ks, ke = ks - off, ke - off
            if ks - cursor > 1:
                out.append((cursor, s[cursor:ks].strip(" ,'’s"), title))
            cursor, title = ke, ""
        rest = s[cursor:start + len(name)].strip(" ,")
        if rest and cursor > start:
            rest_start = s.index(rest, cursor)
            out.append((rest_start, rest, title))
        elif cursor == start:
            out.append((start, name, title))
    return [(st, n, t) for st, n, t in out if n and re.match(r"[A-Z]", n)]


class _Proposals:
    """New entities found so far: one per span, none inside a known mention."""

    def __init__(self, known: list[Mention]):
        self.known_spans = [(m.start, m.end) for m in known]
        self.out: list[NewEntity] = []
        self.taken: list[tuple[int, int]] = []

    def add(self, ent: NewEntity) -> None:
        if _overlaps(self.taken, ent.start, ent.end) or _covered(self.known_spans, ent.start, ent.end):
            return
        self.taken.append((ent.start, ent.end))
        self.out.append(ent)


def _english(analysis: Analysis, known: list[Mention], gazetteer: Gazetteer) -> list[NewEntity]:
    found = _Proposals(known)
    known_spans, out, taken, add = found.known_spans, found.out, found.taken, found.add
    place_spans = [(m.start, m.end) for m in known if gazetteer.is_a(m.iri, str(KJ.Place))]

    for sentence in analysis.sentences:
        s, off = sentence.text, sentence.start
        for m in _EN_ANON.finditer(s):
            if re.match(r"\s+(?:said|say|says|expect|expected|believe|warn|warned|told|noted|predict|see|fear)",
                        s[m.end():]) or re.search(r"according to\s+$", s[:m.start()]):
                add(NewEntity(m.group("a"), "en", str(KJ.AnonymousSource), [m.group("a")], "an unnamed source",
                              off + m.start(), off + m.end()))
        dateline = _DATELINE.match(s)  # "SEOUL, Jan. 2 (Newswire) --": the place and the agency of the report
        for m in _EN_OF_LIST.finditer(s):
            office = s[m.start("head"):m.end("fields")]
            if m.group("head").endswith(("Ministry", "Department")):
                if not _covered(known_spans, off + m.start("head"), off + m.end("fields")):
                    add(NewEntity(office, "en", str(KJ.GovernmentBody), [m.group("head").split()[-1]],
                                  f"class from the word '{m.group('head').split()[-1]}'",
                                  off + m.start("head"), off + m.end("fields")))
                else:
                    taken.append((off + m.start("head"), off + m.end("fields")))
            elif m.group("name"):
                name = m.group("name").strip()
                start = off + m.start("name") + (len(m.group("name")) - len(m.group("name").lstrip()))
                ent = NewEntity(name, "en", str(KJ.Person), [m.group("head")],
                                f"a name after the title '{office}'", start, start + len(name),
                                role=(office, "en"), role_span=(off + m.start("head"), off + m.end("fields")),
                                title=m.group("head").split()[-1])
                _english_aliases(ent)
                taken.append((off + m.start("head"), off + m.end("fields")))   # the office is no organisation
                add(ent)
        for m in _EN_RUN.finditer(s):
            if dateline and m.start() < dateline.end():
                continue
            for name_s, name, title in _english_pieces(s, m, known_spans, off, place_spans):
                start, end = off + name_s, off + name_s + len(name)
                if name in _ACRONYMS or name in _CURRENCY_CODES or len(name) < 2 or name in _EN_STOP:
                    continue
                place = _place_names().get(name) or (_place_names().get(name.title()) if name.isupper() else None)
                if place:
                    add(_place_entity(place, name, "en", start, end))
                    continue
                if _covered(known_spans, start, end):
                    continue
                after = s[name_s + len(name):]
                ent = _english_entity(name, title, after, start, end, sentence_start=name_s == 0,
                                      title_span=(off + s.rfind(title, 0, name_s), off + s.rfind(title, 0, name_s)
                                                  + len(title)) if title else None)
                if ent is None:
                    continue
                paren = re.match(r"\s*\((?P<abbr>[A-Z][A-Za-z0-9&.\-]*)\)", after)
                if paren and sum(c.isupper() for c in paren.group("abbr")) >= 2:
                    ent.alt_labels.append((paren.group("abbr"), "en"))
                add(ent)
    return out


def _english_entity(name: str, title: str, after: str, start: int, end: int, *, sentence_start: bool,
                    title_span) -> NewEntity | None:
    for rx, c in _EN_SUFFIX_CLASS:
        found = re.search(r"(?:^|\s)(?:" + rx + r")$", name)
        if found:
            cue = found.group(0).strip()
            if c == "Program" and "Research" in name:
                c = "ResearchProgram"
            return NewEntity(name, "en", str(KJ[c]), [cue], f"class from the word '{cue}'", start, end)
    if title:
        ent = NewEntity(name, "en", str(KJ.Person), [title], f"a name after the title '{title}'", start, end,
                        role=(title, "en"), role_span=title_span, title=title)
        _english_aliases(ent)
        return ent
    role = re.match(r",\s+(?:the\s+|a\s+)?(?P<role>(?:" + "|".join(re.escape(t) for t in ENGLISH_TITLES)
                    + r")(?:\s+(?:of|at)\s+(?:the\s+)?[A-Z][\w&.'\-]*(?:\s+[A-Z][\w&.'\-]*)*)?)", after)
    person_like = re.fullmatch(r"[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){1,2}", name)
    if role and person_like:
        text = role.group("role").rstrip(".,")
        rs = end + role.start("role")
        ent = NewEntity(name, "en", str(KJ.Person), [text.split()[0]], "a name followed by a title", start, end,
                        role=(text, "en"), role_span=(rs, rs + len(text)),
                        title=next(t for t in ENGLISH_TITLES if text.startswith(t)))
        _english_aliases(ent)
        return ent
    if person_like and re.match(r"\s+(?:said|says|told|added|noted)\b", after):
        ent = NewEntity(name, "en", str(KJ.Person), [re.match(r"\s+(\w+)", after).group(1)],
                        "a two- or three-word name that speaks: guessed a person", start, end, guessed=True)
        _english_aliases(ent)
        return ent
    if sentence_start and " " not in name and not name.isupper():
        return None  # a capitalised first word is no evidence of a name
    if re.fullmatch(r"[A-Z][a-z]+", name) and name.lower() in _COMMON_CAPITALISED:
        return None
    return NewEntity(name, "en", str(KJ.Organization), [], "a capitalised name with no class cue: guessed an "
                     "organisation", start, end, guessed=True)


#: Capitalised words that are not names (sentence starts, headlines).
_COMMON_CAPITALISED = frozenset("""
under according minister president prime analysts industry officials experts observers sources startups
companies government governments agreement memorandum summit research market markets ai
""".split())


def _english_aliases(ent: NewEntity) -> None:
    parts = ent.label.split()
    if len(parts) >= 2:
        for part in {parts[0], parts[-1]}:
            if ent.title:
                ent.aliases.append((f"{ent.title} {part}", "en"))
        ent.aliases.append((parts[-1], "en"))


# --- Japanese -----------------------------------------------------------------------------------

_JA_SUFFIX_CLASS = [("機構", "Organization"), ("協会", "IndustryAssociation"), ("財団", "Organization"),
                    ("研究所", "ResearchInstitute"), ("大学", "University"), ("省", "GovernmentBody"),
                    ("庁", "GovernmentBody"), ("政府", "GovernmentBody"), ("委員会", "GovernmentBody"),
                    ("協議会", "Council"), ("株式会社", "Company"), ("銀行", "Company"), ("グループ", "Company"),
                    ("参議院", "Legislature"), ("衆議院", "Legislature"), ("国会", "Legislature")]
_JA_TITLES = ("首相", "大統領", "社長", "会長", "大臣", "長官", "代表", "理事長", "氏", "総理")


def _japanese(analysis: Analysis, known: list[Mention]) -> list[NewEntity]:
    found = _Proposals(known)
    out, add = found.out, found.add

    name_rx = re.compile(r"[\u30A0-\u30FF\u4E00-\u9FFFA-Za-z0-9・]{2,}")
    for sentence in analysis.sentences:
        for m in name_rx.finditer(sentence.text):
            word = m.group(0)
            start = sentence.start + m.start()
            for place_name, place in sorted(_place_names().items(), key=lambda kv: -len(kv[0])):
                if word == place_name:
                    add(_place_entity(place, word, "ja", start, start + len(word)))
                    break
            else:
                suffix = next(((s, c) for s, c in _JA_SUFFIX_CLASS if word.endswith(s) and len(word) > len(s)), None)
                title = next((t for t in _JA_TITLES if word.endswith(t) and len(word) > len(t) + 1), None)
                if suffix:
                    add(NewEntity(word, "ja", str(KJ[suffix[1]]), [suffix[0]], f"class from the ending '{suffix[0]}'",
                                  start, start + len(word)))
                elif title:
                    name = word[:-len(title)]
                    add(NewEntity(name, "ja", str(KJ.Person), [title], f"a name followed by the title '{title}'",
                                  start, start + len(name), role=(title, "ja"),
                                  role_span=(start + len(name), start + len(word)), title=title))
                elif re.fullmatch(r"[\u30A0-\u30FF・]{3,}", word):
                    add(NewEntity(word, "ja", str(KJ.Organization), [], "a katakana name with no class cue: "
                                  "guessed an organisation", start, start + len(word), guessed=True))
    return out


# --- all languages ------------------------------------------------------------------------------

def propose_entities(analysis: Analysis, gazetteer: Gazetteer, known: list[Mention]) -> list[NewEntity]:
    """New entities named in the article, merged by name, each with a fresh IRI.

    Parameters
    ----------
    analysis : the article from :func:`graph.ingest.text.analyse_text`.
    gazetteer : what the graph already knows (IRIs to avoid, labels).
    known : the mentions of known entities (:func:`graph.ingest.gazetteer.find_mentions`).
    """
    if analysis.lang == "ko":
        found = _korean(analysis, known, gazetteer)
    elif analysis.lang == "ja":
        found = _japanese(analysis, known)
    else:
        found = _english(analysis, known, gazetteer)
    # "광화문 정부서울청사" (a venue, from '청사') subsumes the words inside it that had no class cue
    cued = [(e.start, e.end) for e in found if not e.guessed]
    found = [e for e in found if not (e.guessed and any(s <= e.start and e.end <= t and (s, t) != (e.start, e.end)
                                                         for s, t in cued))]
    merged: dict[str, NewEntity] = {}
    names: dict[str, str] = {}  # every name and alias -> key of the entity that has it
    for ent in found:
        key = normalise(ent.label)
        if ent.slug:
            key = "place:" + ent.slug
        elif ent.cls == str(KJ.GovernmentBody) and ent.country_slug:
            key = "government:" + ent.country_slug
        if key not in merged:
            for name in [ent.label, *(a for a, _ in ent.alt_labels)]:
                if normalise(name) in names:
                    key = names[normalise(name)]
                    break
        if key in merged:
            first = merged[key]
            if first.guessed and not ent.guessed:
                ent.start, ent.end = first.start, first.end
                merged[key] = ent
            for alt in ent.alt_labels:
                if alt not in merged[key].alt_labels:
                    merged[key].alt_labels.append(alt)
            continue
        merged[key] = ent
        for name in [ent.label, *(a for a, _ in ent.alt_labels), *(a for a, _ in ent.aliases)]:
            names.setdefault(normalise(name), key)
    used = set(gazetteer.iris)
    out = []
    for ent in sorted(merged.values(), key=lambda e: e.start):
        if ent.slug and _KJD + ent.slug in gazetteer.iris and gazetteer.is_a(_KJD + ent.slug, ent.cls):
            ent.iri, ent.known = _KJD + ent.slug, True  # a listed place the graph has: a link, not a proposal
            out.append(ent)
            continue
        ent.labels.setdefault(ent.lang, ent.label)
        if ent.lang != "en":
            ent.labels.setdefault("en", ent.label)
        if ent.lang != "ko":
            ent.labels.setdefault("ko", ent.label)
        base = ent.slug or slugify(ent.labels.get("en") if ent.labels.get("en") != ent.label or ent.lang == "en"
                                   else ent.label)
        slug, n = base, 2
        while _KJD + slug in used:
            slug, n = f"{base}-{n}", n + 1
        ent.iri = _KJD + slug
        used.add(ent.iri)
        out.append(ent)
    return out
