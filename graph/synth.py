"""Synthetic KJUS datasets of any size, for the benchmark and for scale tests.

:func:`generate` makes a dataset in the project's own model (``docs/design.md``):
one *source document* after another, each a news item of a dozen sentences on
Korea–Japan–US AI cooperation.  Every sentence becomes an assertion graph
(summits with participants, agreements with parties, topics and statuses,
programs with budgets, councils with members, indicators and forecasts, claims,
expectations and concerns, visits, listings, policies) and the document's
provenance graph describes every assertion with its status and its evidence:
the Korean sentence, quoted at its code-point offsets in the document's text.
Actors (people, companies, ministries, institutes, associations, funders) are
drawn with a heavy tail from pools that grow with the size, across Korea,
Japan, the United States and a dozen other countries, and are typed and
labelled (English, Korean, and Japanese for Japanese things) in the first
graph that mentions them.

The output is deterministic for a seed: documents come in order, each
document's graphs and triples sorted, so the same ``(n_triples, seed)`` gives
byte-identical files.  Generation streams one document at a time, so memory
stays flat whatever the size.  It stops at the first whole document that
reaches ``n_triples`` (a document is a few hundred triples).

:func:`write_synth` writes TriG or N-Quads, and next to it the documents'
texts (``<stem>-texts/``), so that :func:`graph.validate.validate` with
``texts_dir`` checks every quote at its offsets.

Examples
--------
>>> quads = list(generate(300, seed=1))
>>> len(quads) >= 300
True
>>> quads == list(generate(300, seed=1))
True
>>> from graph.vocab import KJ
>>> sum(1 for _, p, o, _ in quads if o == KJ.Assertion) > 5
True
"""
from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.util import from_n3

from .errors import ExportError
from .files import file_mode, folder_mode
from .vocab import KJ, KJD, KJM, KJS, KJT, KJU, PREFIXES, SRC

__all__ = ["SynthDocument", "generate", "generate_documents", "write_synth", "split_trig", "FORMATS"]

#: ``--format`` name -> file suffix.
FORMATS = {"trig": ".trig", "nq": ".nq"}

# --------------------------------------------------------------------------- terms
# Terms are kept as N-Triples strings: they sort, they are written as they are,
# and :func:`generate` turns them into rdflib terms.  Synthetic text never holds
# a quote, a backslash or a line break, so literals need no escaping.


def _iri(iri) -> str:
    return f"<{iri}>"


def _lit(text: str, lang: str) -> str:
    return f'"{text}"@{lang}'


def _typed(value, datatype) -> str:
    return f'"{value}"^^<{datatype}>'


A, LABEL, ALT = _iri(RDF.type), _iri(RDFS.label), _iri(SKOS.altLabel)
P = {name: _iri(KJ[name]) for name in (
    "country", "location", "participant", "organizer", "visited", "party", "topic", "agreedAt", "outcome",
    "funder", "member", "convenedBy", "launchedAt", "issuedBy", "publisher", "affiliation", "headOf",
    "memberOfGovernment", "lister", "exchange", "budget", "amount", "measure", "unit", "refArea",
    "measuredBy", "reportedIn", "voicedBy", "about", "concerns", "status", "evidence", "source", "date",
    "startDate", "endDate", "dateWording", "targetYear", "duration", "memberCount", "value", "currency",
    "approximate", "rank", "outOf", "summary", "role", "quote", "start", "end", "fileName", "sha256",
    "subEventOf", "partOfProgram", "developer", "subsidiaryOf", "numberOfProjects", "fundingPerTeam",
    "maxValue")}
C = {name: _iri(KJ[name]) for name in (
    "Person", "Company", "GovernmentBody", "Legislature", "IndustryAssociation", "ResearchFunder",
    "ResearchInstitute", "University", "AnonymousSource", "Country", "City", "Summit", "Meeting", "Visit",
    "LaunchCeremony", "Announcement", "StockListing", "SubsidiaryOpening", "CallForProposals", "Agreement",
    "ResearchProgram", "Initiative", "Fund", "Policy", "Law", "Strategy", "InvestmentPackage", "Report",
    "Index", "Product", "MonetaryAmount", "Indicator", "Forecast", "Statement", "Claim", "Expectation",
    "Concern", "SourceDocument", "Assertion", "Evidence", "Council", "Organization")}
STATUS = {name: _iri(KJS[name]) for name in
          ("occurred", "agreed", "planned", "forecast", "expected", "concern", "assessment")}

# --------------------------------------------------------------------------- the world

#: (key, ISO code, English, Korean, Japanese, currency, weight)
COUNTRIES = [
    ("korea", "KR", "South Korea", "한국", "韓国", "KRW", 38),
    ("japan", "JP", "Japan", "일본", "日本", "JPY", 27),
    ("united-states", "US", "United States", "미국", "アメリカ", "USD", 22),
    ("china", "CN", "China", "중국", "中国", "CNY", 3),
    ("taiwan", "TW", "Taiwan", "대만", "台湾", "TWD", 1),
    ("india", "IN", "India", "인도", "インド", "INR", 1),
    ("united-kingdom", "GB", "United Kingdom", "영국", "イギリス", "GBP", 1),
    ("france", "FR", "France", "프랑스", "フランス", "EUR", 1),
    ("germany", "DE", "Germany", "독일", "ドイツ", "EUR", 1),
    ("canada", "CA", "Canada", "캐나다", "カナダ", "CAD", 1),
    ("australia", "AU", "Australia", "호주", "オーストラリア", "AUD", 1),
    ("singapore", "SG", "Singapore", "싱가포르", "シンガポール", "SGD", 1),
    ("vietnam", "VN", "Vietnam", "베트남", "ベトナム", "VND", 1),
    ("israel", "IL", "Israel", "이스라엘", "イスラエル", "ILS", 1),
    ("united-arab-emirates", "AE", "United Arab Emirates", "아랍에미리트", "アラブ首長国連邦", "AED", 1),
]
#: Cities by country key: (key, English, Korean, Japanese).
CITIES = {
    "korea": [("seoul", "Seoul", "서울", "ソウル"), ("busan", "Busan", "부산", "釜山"),
              ("daejeon", "Daejeon", "대전", "大田"), ("pangyo", "Pangyo", "판교", "板橋")],
    "japan": [("tokyo", "Tokyo", "도쿄", "東京"), ("osaka", "Osaka", "오사카", "大阪"),
              ("fukuoka", "Fukuoka", "후쿠오카", "福岡"), ("nagoya", "Nagoya", "나고야", "名古屋")],
    "united-states": [("washington", "Washington", "워싱턴", "ワシントン"),
                      ("san-francisco", "San Francisco", "샌프란시스코", "サンフランシスコ"),
                      ("new-york", "New York", "뉴욕", "ニューヨーク"), ("seattle", "Seattle", "시애틀", "シアトル")],
}
# Name parts: (English, Korean, Japanese).
_KR_SURNAMES = [("Kim", "김", "金"), ("Lee", "이", "李"), ("Park", "박", "朴"), ("Choi", "최", "崔"),
                ("Jung", "정", "鄭"), ("Kang", "강", "姜"), ("Cho", "조", "趙"), ("Yoon", "윤", "尹"),
                ("Jang", "장", "張"), ("Lim", "임", "林"), ("Han", "한", "韓"), ("Oh", "오", "呉"),
                ("Seo", "서", "徐"), ("Shin", "신", "申"), ("Kwon", "권", "権"), ("Hwang", "황", "黄")]
_KR_SYLLABLES = [("Min", "민"), ("Seo", "서"), ("Ji", "지"), ("Hyun", "현"), ("Woo", "우"), ("Jun", "준"),
                 ("Soo", "수"), ("Young", "영"), ("Eun", "은"), ("Ha", "하"), ("Yeon", "연"), ("Jin", "진"),
                 ("Hoon", "훈"), ("Sung", "성"), ("Hye", "혜"), ("Won", "원"), ("Tae", "태"), ("Dong", "동"),
                 ("Kyung", "경"), ("Na", "나")]
_JP_SURNAMES = [("Sato", "사토", "佐藤"), ("Suzuki", "스즈키", "鈴木"), ("Takahashi", "다카하시", "高橋"),
                ("Tanaka", "다나카", "田中"), ("Watanabe", "와타나베", "渡辺"), ("Ito", "이토", "伊藤"),
                ("Yamamoto", "야마모토", "山本"), ("Nakamura", "나카무라", "中村"), ("Kobayashi", "고바야시", "小林"),
                ("Kato", "가토", "加藤"), ("Yoshida", "요시다", "吉田"), ("Yamada", "야마다", "山田"),
                ("Sasaki", "사사키", "佐々木"), ("Matsumoto", "마쓰모토", "松本"), ("Inoue", "이노우에", "井上"),
                ("Kimura", "기무라", "木村")]
_JP_GIVEN = [("Hiroshi", "히로시", "博"), ("Takeshi", "다케시", "武"), ("Yuki", "유키", "由紀"),
             ("Kenji", "겐지", "健二"), ("Akiko", "아키코", "明子"), ("Naoki", "나오키", "直樹"),
             ("Haruka", "하루카", "遥"), ("Daisuke", "다이스케", "大輔"), ("Emi", "에미", "恵美"),
             ("Satoshi", "사토시", "聡"), ("Mika", "미카", "美香"), ("Ryo", "료", "涼"),
             ("Kazuo", "가즈오", "和夫"), ("Aya", "아야", "綾"), ("Shun", "슌", "俊"), ("Noriko", "노리코", "典子")]
_EN_GIVEN = [("James", "제임스", "ジェームズ"), ("Mary", "메리", "メアリー"), ("John", "존", "ジョン"),
             ("Linda", "린다", "リンダ"), ("Robert", "로버트", "ロバート"), ("Susan", "수전", "スーザン"),
             ("David", "데이비드", "デビッド"), ("Karen", "캐런", "カレン"), ("Michael", "마이클", "マイケル"),
             ("Laura", "로라", "ローラ"), ("Daniel", "대니얼", "ダニエル"), ("Emma", "에마", "エマ"),
             ("Thomas", "토머스", "トーマス"), ("Anna", "애나", "アンナ"), ("Paul", "폴", "ポール"),
             ("Grace", "그레이스", "グレース")]
_EN_SURNAMES = [("Smith", "스미스", "スミス"), ("Johnson", "존슨", "ジョンソン"), ("Brown", "브라운", "ブラウン"),
                ("Miller", "밀러", "ミラー"), ("Davis", "데이비스", "デイビス"), ("Wilson", "윌슨", "ウィルソン"),
                ("Moore", "무어", "ムーア"), ("Taylor", "테일러", "テイラー"), ("Clark", "클라크", "クラーク"),
                ("Lewis", "루이스", "ルイス"), ("Walker", "워커", "ウォーカー"), ("Hall", "홀", "ホール"),
                ("Young", "영", "ヤング"), ("Allen", "앨런", "アレン"), ("King", "킹", "キング"),
                ("Wright", "라이트", "ライト")]
_BRAND = [("Hanbit", "한빛", "ハンビット"), ("Nuri", "누리", "ヌリ"), ("Sora", "소라", "ソラ"),
          ("Baram", "바람", "バラム"), ("Gaon", "가온", "ガオン"), ("Mirae", "미래", "ミレ"),
          ("Sakura", "사쿠라", "サクラ"), ("Hikari", "히카리", "ヒカリ"), ("Aurora", "오로라", "オーロラ"),
          ("Nova", "노바", "ノバ"), ("Vertex", "버텍스", "バーテックス"), ("Cobalt", "코발트", "コバルト"),
          ("Orbit", "오빗", "オービット"), ("Pixel", "픽셀", "ピクセル"), ("Quanta", "콴타", "クオンタ"),
          ("Delta", "델타", "デルタ"), ("Aster", "아스터", "アスター"), ("Mosaic", "모자이크", "モザイク"),
          ("Sigma", "시그마", "シグマ"), ("Lumen", "루멘", "ルーメン")]
_FIELD = [("AI", "AI", "AI"), ("Data", "데이터", "データ"), ("Robotics", "로보틱스", "ロボティクス"),
          ("Vision", "비전", "ビジョン"), ("Cloud", "클라우드", "クラウド"), ("Chip", "칩", "チップ"),
          ("Bio", "바이오", "バイオ"), ("Mobility", "모빌리티", "モビリティ"), ("Neuro", "뉴로", "ニューロ"),
          ("Quantum", "퀀텀", "クオンタム"), ("Speech", "스피치", "スピーチ"), ("Edge", "엣지", "エッジ")]
_SUFFIX = [("Labs", "랩스", "ラボ"), ("Systems", "시스템즈", "システムズ"), ("Works", "웍스", "ワークス"),
           ("Technologies", "테크놀로지", "テクノロジーズ"), ("Networks", "네트웍스", "ネットワークス"),
           ("Solutions", "솔루션즈", "ソリューションズ"), ("Dynamics", "다이내믹스", "ダイナミクス"),
           ("Partners", "파트너스", "パートナーズ")]
#: Organisation kinds: (class, English pattern, Korean pattern, Japanese pattern).
_ORG_KINDS = [
    ("GovernmentBody", "Ministry of {f} of {c}", "{c} {f}부", "{c}{f}省"),
    ("ResearchInstitute", "{c} Institute of {f}", "{c} {f} 연구원", "{c}{f}研究所"),
    ("University", "{c} University of {f}", "{c} {f} 대학교", "{c}{f}大学"),
    ("IndustryAssociation", "{c} {f} Industry Association", "{c} {f} 산업협회", "{c}{f}産業協会"),
    ("ResearchFunder", "{c} {f} Research Foundation", "{c} {f} 연구재단", "{c}{f}研究財団"),
]
_ORG_FIELDS = [("Science and ICT", "과학기술정보통신", "科学技術情報通信"), ("Digital Affairs", "디지털", "デジタル"),
               ("Industry", "산업", "産業"), ("Advanced Technology", "첨단기술", "先端技術"),
               ("Semiconductors", "반도체", "半導体"), ("Data Science", "데이터과학", "データ科学"),
               ("Robotics", "로봇", "ロボット"), ("Energy", "에너지", "エネルギー")]
_ROLES = [("CEO", "대표", "代表"), ("Chief Technology Officer", "최고기술책임자", "最高技術責任者"),
          ("Director", "원장", "所長"), ("Minister", "장관", "大臣"), ("Researcher", "연구원", "研究員"),
          ("Professor", "교수", "教授"), ("Chair", "회장", "会長")]
#: Stock markets by country key: (key, English, Korean, Japanese).
_EXCHANGES = {"korea": ("kosdaq", "KOSDAQ", "코스닥", "KOSDAQ"),
              "japan": ("tokyo-stock-exchange", "Tokyo Stock Exchange", "도쿄증권거래소", "東京証券取引所"),
              "united-states": ("nasdaq", "NASDAQ", "나스닥", "ナスダック")}
_ANONYMOUS = [("industry-insiders", "industry insiders (unnamed)", "업계 관계자"),
              ("some-observers", "some observers (unnamed)", "일각"),
              ("market-analysts", "market analysts (unnamed)", "시장 분석가들")]
_TOPICS = [KJT[t] for t in (
    "ai", "ai-chips", "ai-data-centers", "ai-governance-norms", "ai-infrastructure", "ai-investment",
    "ai-legislation", "ai-regulation", "ai-safety-ethics", "ai-sovereignty", "ai-talent", "ai-transformation",
    "cloud", "data-utilization", "economic-security", "enterprise-ai", "generative-ai", "gpu", "llm",
    "manufacturing-ai", "open-source-ai", "overseas-expansion", "physical-ai", "research-and-development",
    "robotics", "semiconductors", "software", "standardization", "startups", "talent-exchange")]
#: Topic key -> (English, Korean) words used in labels and sentences.
_TOPIC_WORDS = {
    "ai": ("AI", "AI"), "ai-chips": ("AI chips", "AI 반도체"), "ai-data-centers": ("AI data centres", "AI 데이터센터"),
    "ai-governance-norms": ("AI governance norms", "AI 규범"), "ai-infrastructure": ("AI infrastructure", "AI 인프라"),
    "ai-investment": ("AI investment", "AI 투자"), "ai-legislation": ("AI legislation", "AI 법제화"),
    "ai-regulation": ("AI regulation", "AI 규제"), "ai-safety-ethics": ("AI safety", "AI 안전"),
    "ai-sovereignty": ("AI sovereignty", "AI 주권"), "ai-talent": ("AI talent", "AI 인재"),
    "ai-transformation": ("AI transformation", "AI 전환"), "cloud": ("cloud", "클라우드"),
    "data-utilization": ("data use", "데이터 활용"), "economic-security": ("economic security", "경제안보"),
    "enterprise-ai": ("enterprise AI", "기업용 AI"), "generative-ai": ("generative AI", "생성형 AI"),
    "gpu": ("GPUs", "GPU"), "llm": ("large language models", "거대언어모델"),
    "manufacturing-ai": ("manufacturing AI", "제조 AI"), "open-source-ai": ("open-source AI", "오픈소스 AI"),
    "overseas-expansion": ("overseas expansion", "해외 진출"), "physical-ai": ("physical AI", "피지컬 AI"),
    "research-and-development": ("R&D", "연구개발"), "robotics": ("robotics", "로봇"),
    "semiconductors": ("semiconductors", "반도체"), "software": ("software", "소프트웨어"),
    "standardization": ("standards", "표준화"), "startups": ("start-ups", "스타트업"),
    "talent-exchange": ("talent exchange", "인재 교류")}
#: Measure key -> (unit key or None for money, English, Korean).
_MEASURES = [("ai-market-size", None, "AI market size", "AI 시장 규모"),
             ("ai-market-annual-growth", "percent", "AI market growth", "AI 시장 성장률"),
             ("generative-ai-market-cagr", "percent", "generative AI market growth", "생성형 AI 시장 성장률"),
             ("generative-ai-market-size", None, "generative AI market size", "생성형 AI 시장 규모"),
             ("ai-competitiveness-rank", "rank", "AI competitiveness rank", "AI 경쟁력 순위"),
             ("market-share-rank", "rank", "market-share rank", "시장 점유율 순위"),
             ("rd-budget-to-gdp-rank", "rank", "R&D budget to GDP rank", "GDP 대비 R&D 예산 순위")]


@dataclass(frozen=True)
class _Entity:
    iri: str                      # N-Triples form
    cls: str                      # N-Triples form of the class
    en: str
    ko: str
    ja: str = ""
    country: str | None = None    # country key
    extra: tuple = ()             # further (predicate, object) pairs stated on introduction
    needs: tuple = ()             # entities to introduce with this one


@dataclass
class SynthDocument:
    """One synthetic source document: its text and its graphs, sorted.

    ``graphs`` is a list of ``(graph, triples)`` with terms in N-Triples syntax.
    """

    name: str
    text: str
    graphs: list[tuple[str, list[tuple[str, str, str]]]] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        """The ``kj:fileName`` of the document's text."""
        return f"{self.name}.txt"

    def __len__(self) -> int:
        return sum(len(triples) for _, triples in self.graphs)


class _World:
    """The pools of actors, sized for ``n_triples``, and which of them are already introduced."""

    def __init__(self, rng: random.Random, n_triples: int):
        self.rng = rng
        self.countries = {key: _Entity(_iri(KJD[key]), C["Country"], en, ko, ja)
                          for key, _, en, ko, ja, _, _ in COUNTRIES}
        self.currency = {c[0]: c[5] for c in COUNTRIES}
        self.country_keys = [c[0] for c in COUNTRIES]
        self.country_weights = [c[6] for c in COUNTRIES]
        self.cities = {key: [self._place(key, *city) for city in cities] for key, cities in CITIES.items()}
        self.sizes = {"person": max(60, n_triples // 90), "company": max(60, n_triples // 110),
                      "org": max(40, n_triples // 500), "program": max(6, n_triples // 20000)}
        self.introduced: set[str] = set()
        self._made: dict[tuple[str, int], _Entity] = {}
        self.anonymous = [_Entity(_iri(KJD[key]), C["AnonymousSource"], en, ko) for key, en, ko in _ANONYMOUS]

    def _place(self, country, key, en, ko, ja):
        return _Entity(_iri(KJD[key]), C["City"], en, ko, ja if country == "japan" else "", country,
                       ((P["country"], self.countries[country].iri),), (self.countries[country],))

    def _pick_index(self, kind: str) -> int:
        """A heavy-tailed pick: low indexes (the well-known actors) come up far more often."""
        return int(self.sizes[kind] * self.rng.random() ** 2.5)

    def country(self) -> str:
        """A country key, weighted: mostly Korea, Japan and the United States."""
        return self.rng.choices(self.country_keys, self.country_weights)[0]

    def person(self) -> _Entity:
        return self._entity("person", self._pick_index("person"))

    def company(self) -> _Entity:
        return self._entity("company", self._pick_index("company"))

    def org(self, cls: str) -> _Entity:
        """An organisation of class ``cls`` (indexes cycle through :data:`_ORG_KINDS`)."""
        kind = [k[0] for k in _ORG_KINDS].index(cls)
        return self._entity("org", self._pick_index("org") // len(_ORG_KINDS) * len(_ORG_KINDS) + kind)

    def actor(self) -> _Entity:
        kind = self.rng.choices(("person", "company", "org"), (4, 4, 2))[0]
        return self._entity(kind, self._pick_index(kind))

    def exchange(self, country: str) -> _Entity:
        """The stock market of ``country``."""
        key, en, ko, ja = _EXCHANGES[country]
        c = self.countries[country]
        return _Entity(_iri(KJD[key]), C["Organization"], en, ko, ja if country == "japan" else "", country,
                       ((P["country"], c.iri),), (c,))

    def program(self) -> _Entity:
        """A long-running international research programme (a few, shared by many calls)."""
        i = self._pick_index("program")
        c = self.countries[self.country_keys[i % 3]]
        en = f"{c.en} International Joint Research Program {_roman(i // 3 + 1)}"
        return _Entity(_iri(KJD[_slug(en)]), C["ResearchProgram"], en,
                       f"{c.ko} 국제 공동연구 프로그램 {_roman(i // 3 + 1)}",
                       f"{c.ja}国際共同研究プログラム {_roman(i // 3 + 1)}" if i % 3 == 1 else "")

    def distinct(self, draw, k: int) -> list[_Entity]:
        """``k`` different entities from ``draw``, in the order drawn."""
        out: list[_Entity] = []
        while len(out) < k:
            e = draw()
            if e not in out:
                out.append(e)
        return out

    def city(self, country: str) -> _Entity:
        return self.rng.choice(self.cities.get(country) or self.cities["korea"])

    def _entity(self, kind: str, i: int) -> _Entity:
        key = (kind, i)
        if key not in self._made:
            self._made[key] = getattr(self, f"_make_{kind}")(i, random.Random(f"{kind}-{i}"))
        return self._made[key]

    def _make_person(self, i: int, r: random.Random) -> _Entity:
        country = r.choices(self.country_keys, self.country_weights)[0]
        if country == "korea":
            sur = _KR_SURNAMES[i % len(_KR_SURNAMES)]
            a, b = _KR_SYLLABLES[(i // 16) % 20], _KR_SYLLABLES[(i // 320) % 20]
            en, ko, ja = f"{sur[0]} {a[0]}-{b[0].lower()}", f"{sur[1]}{a[1]}{b[1]}", ""
        elif country == "japan":
            sur, given = _JP_SURNAMES[i % 16], _JP_GIVEN[(i // 16) % 16]
            en, ko, ja = f"{sur[0]} {given[0]}", f"{sur[1]} {given[1]}", f"{sur[2]}{given[2]}"
        else:
            given, sur = _EN_GIVEN[i % 16], _EN_SURNAMES[(i // 16) % 16]
            en, ko, ja = f"{given[0]} {sur[0]}", f"{given[1]} {sur[1]}", ""
        serial = i // 256 if country != "korea" else i // 6400
        if serial:
            en, ko = f"{en} {_roman(serial + 1)}", f"{ko} {_roman(serial + 1)}"
            ja = f"{ja} {_roman(serial + 1)}" if ja else ""
        employer = self._entity("company", r.randrange(self.sizes["company"])) if r.random() < 0.6 \
            else self._entity("org", r.randrange(self.sizes["org"]))
        role = r.choice(_ROLES)
        extra = [(P["country"], self.countries[country].iri), (P["role"], _lit(role[0], "en")),
                 (P["role"], _lit(role[1], "ko"))]
        if role[0] in ("CEO", "Director", "Chair"):
            extra.append((P["headOf"], employer.iri))
        else:
            extra.append((P["affiliation"], employer.iri))
        return _Entity(_iri(KJD[f"{_slug(en)}-{country}"]), C["Person"], en, ko, ja, country,
                       tuple(extra), (self.countries[country], employer))

    def _make_company(self, i: int, r: random.Random) -> _Entity:
        country = r.choices(self.country_keys, self.country_weights)[0]
        n_b, n_f, n_s = len(_BRAND), len(_FIELD), len(_SUFFIX)
        b, f, s = _BRAND[i % n_b], _FIELD[(i // n_b) % n_f], _SUFFIX[(i // (n_b * n_f)) % n_s]
        en, ko, ja = f"{b[0]} {f[0]} {s[0]}", f"{b[1]}{f[1]}{s[1]}", f"{b[2]}{f[2]}{s[2]}"
        serial = i // (n_b * n_f * n_s)
        if serial:
            en, ko, ja = (f"{x} {_roman(serial + 1)}" for x in (en, ko, ja))
        return _Entity(_iri(KJD[_slug(en)]), C["Company"], en, ko, ja if country == "japan" else "", country,
                       ((P["country"], self.countries[country].iri),), (self.countries[country],))

    def _make_org(self, i: int, r: random.Random) -> _Entity:
        cls, en_p, ko_p, ja_p = _ORG_KINDS[i % len(_ORG_KINDS)]
        country = r.choices(self.country_keys, self.country_weights)[0]
        c = self.countries[country]
        f = _ORG_FIELDS[(i // (len(_ORG_KINDS) * 3)) % len(_ORG_FIELDS)]
        en, ko, ja = en_p.format(c=c.en, f=f[0]), ko_p.format(c=c.ko, f=f[1]), ja_p.format(c=c.ja, f=f[2])
        serial = i // (len(_ORG_KINDS) * 3 * len(_ORG_FIELDS))
        if serial:
            en, ko, ja = (f"{x} {_roman(serial + 1)}" for x in (en, ko, ja))
        acronym = "".join(w[0] for w in en.split() if w[0].isupper()) + (f"-{i}" if i >= len(_ORG_KINDS) else "")
        return _Entity(_iri(KJD[f"{_slug(en)}-{i}"]), C[cls], en, ko, ja if country == "japan" else "", country,
                       ((P["country"], c.iri), (ALT, _lit(acronym, "en"))), (c,))


def _roman(n: int) -> str:
    """Serial numbers that keep names readable: ``2`` → ``II`` (up to 3999, then digits)."""
    if n >= 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _has_batchim(word: str) -> bool:
    """Whether a Korean word ends in a consonant (picks 은/는, 이/가, 과/와, 을/를)."""
    last = word.rstrip()[-1:]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last in "013678LMNRlmnr"


def _topic(word: str) -> str:
    return word + ("은" if _has_batchim(word) else "는")


def _and(a: str, b: str) -> str:
    return f"{a}{'과' if _has_batchim(a) else '와'} {b}"


def _obj(word: str) -> str:
    return word + ("을" if _has_batchim(word) else "를")


# --------------------------------------------------------------------------- documents

class _DocumentBuilder:
    """Builds one document: sentences (its text) and the assertion graph each one states."""

    def __init__(self, world: _World, rng: random.Random, name: str, day: date):
        self.world, self.rng, self.name, self.day = world, rng, name, day
        self.ns = f"{SRC}{name}/"
        self.doc = _iri(SRC[name])
        self.sentences: list[str] = []
        self.graphs: dict[str, set] = {}
        self.assertions: list[tuple[str, str, str]] = []   # (graph, status, quote)
        self.events: list[str] = []

    # --- statements into the current graph
    def add(self, g: str, s: str, p: str, o: str) -> None:
        self.graphs[g].add((s, p, o))

    def introduce(self, g: str, e: _Entity) -> str:
        """State ``e``'s type and labels in ``g`` unless some earlier graph already did; return its IRI."""
        if e.iri in self.world.introduced:
            return e.iri
        self.world.introduced.add(e.iri)
        triples = self.graphs[g]
        triples.add((e.iri, A, e.cls))
        triples.add((e.iri, LABEL, _lit(e.en, "en")))
        triples.add((e.iri, LABEL, _lit(e.ko, "ko")))
        if e.ja:
            triples.add((e.iri, LABEL, _lit(e.ja, "ja")))
        triples.update((e.iri, p, o) for p, o in e.extra)
        for other in e.needs:
            self.introduce(g, other)
        return e.iri

    def node(self, g: str, local: str, cls: str, en: str, ko: str, ja: str = "",
             summary: tuple[str, str] | None = None) -> str:
        """A new node of this document (an event, agreement, statement …) with its labels."""
        iri = _iri(KJD[f"{self.name}-{local}"])
        self.world.introduced.add(iri)
        self.add(g, iri, A, C[cls])
        self.add(g, iri, LABEL, _lit(en, "en"))
        self.add(g, iri, LABEL, _lit(ko, "ko"))
        if ja:
            self.add(g, iri, LABEL, _lit(ja, "ja"))
        if summary:
            self.add(g, iri, P["summary"], _lit(summary[0], "en"))
            self.add(g, iri, P["summary"], _lit(summary[1], "ko"))
        return iri

    def assertion(self, local: str, status: str, sentence: str) -> str:
        g = _iri(f"{self.ns}{local}")
        self.graphs[g] = set()
        self.assertions.append((g, status, sentence))
        self.sentences.append(sentence)
        return g

    def pick_topics(self, k: int) -> tuple[list[str], tuple[str, str]]:
        """``k`` topic IRIs and the (English, Korean) words of the first; ``kjt:ai`` comes up most (an AI corpus)."""
        keys = self.rng.sample(range(len(_TOPICS)), k)
        if self.rng.random() < 0.4 and 0 not in keys:
            keys[0] = 0
        return [_iri(_TOPICS[i]) for i in keys], _TOPIC_WORDS[str(_TOPICS[keys[0]]).rsplit("/", 1)[1]]

    def topics(self, g: str, s: str, topics: list[str]) -> None:
        for t in topics:
            self.add(g, s, P["topic"], t)

    def event_day(self) -> tuple[date, str]:
        back = self.rng.randint(1, 20)
        day = self.day - timedelta(days=back)
        return day, f"지난 {day.day}일"

    # --- kinds of sentence
    def summit(self, k: int) -> None:
        world = self.world
        people = world.distinct(world.person, self.rng.randint(2, 4))
        host = people[0].country or "korea"
        city = world.city(host)
        day, wording = self.event_day()
        names_ko = ", ".join(p.ko for p in people[:-1])
        sentence = f"{_and(names_ko, people[-1].ko)}{'은' if _has_batchim(people[-1].ko) else '는'} " \
                   f"{wording} {city.ko}에서 회담을 갖고 AI 협력 방안을 논의했다"
        g = self.assertion(f"meeting-{k}", "occurred", sentence)
        cls = "Summit" if self.rng.random() < 0.4 else "Meeting"
        ev = self.node(g, f"meeting-{k}", cls, f"Meeting of {', '.join(p.en for p in people)} in {city.en}, "
                       f"{day.isoformat()}", f"{names_ko}·{people[-1].ko} 회담 ({city.ko}, {day.isoformat()})",
                       summary=(f"{' and '.join(p.en for p in people)} met in {city.en} to discuss AI cooperation.",
                                sentence + "."))
        for p in people:
            self.add(g, ev, P["participant"], self.introduce(g, p))
        self.add(g, ev, P["location"], self.introduce(g, city))
        self.add(g, ev, P["date"], _typed(day.isoformat(), XSD.date))
        self.add(g, ev, P["dateWording"], _lit(wording, "ko"))
        self.events.append(ev)

    def agreement(self, k: int) -> None:
        world = self.world
        parties = world.distinct(world.actor, self.rng.randint(2, 3))
        g_local = f"agreement-{k}"
        topics, words = self.pick_topics(self.rng.randint(1, 3))
        sentence = f"{_and(parties[0].ko, parties[-1].ko)}{'은' if _has_batchim(parties[-1].ko) else '는'} " \
                   f"{words[1]} 분야 협력을 추진키로 합의했다"
        g = self.assertion(g_local, "agreed", sentence)
        ag = self.node(g, g_local, "Agreement", f"Agreement between {parties[0].en} and {parties[-1].en} on "
                       f"{words[0]}", f"{parties[0].ko}·{parties[-1].ko} {words[1]} 협력 합의",
                       summary=(f"{parties[0].en} and {parties[-1].en} agreed to cooperate on {words[0]}.",
                                sentence + "."))
        for p in parties:
            self.add(g, ag, P["party"], self.introduce(g, p))
        self.topics(g, ag, topics)
        self.add(g, ag, P["status"], STATUS["agreed"])
        if self.events:
            self.add(g, ag, P["agreedAt"], self.rng.choice(self.events))

    def program(self, k: int) -> None:
        world = self.world
        funder = world.org("ResearchFunder") if self.rng.random() < 0.5 else world.org("GovernmentBody")
        partners = world.distinct(world.actor, self.rng.randint(1, 3))
        cls = self.rng.choice(("ResearchProgram", "Initiative", "Fund"))
        country = funder.country or "korea"
        currency = world.currency[country]
        value = self.rng.randint(1, 900) * 10 ** self.rng.randint(6, 10)
        sentence = f"{_topic(funder.ko)} {value:,} {currency} 규모의 AI 공동 연구 사업을 추진한다"
        g = self.assertion(f"program-{k}", "planned", sentence)
        pr = self.node(g, f"program-{k}", cls, f"{funder.en} joint AI research programme {k}",
                       f"{funder.ko} AI 공동 연구 사업 {k}",
                       summary=(f"{funder.en} will run a joint AI research programme worth {value:,} {currency}.",
                                sentence + "."))
        self.add(g, pr, P["funder" if cls != "Initiative" else "party"], self.introduce(g, funder))
        for p in partners:
            self.add(g, pr, P["party"], self.introduce(g, p))
        self.topics(g, pr, self.pick_topics(self.rng.randint(1, 2))[0])
        self.add(g, pr, P["status"], STATUS["planned"])
        budget = self.money(g, f"program-{k}-budget", value, currency)
        self.add(g, pr, P["amount" if cls == "Fund" else "budget"], budget)
        self.add(g, pr, P["startDate"], _typed(date(self.day.year + 1, 1, 1).isoformat(), XSD.date))
        self.add(g, pr, P["endDate"], _typed(date(self.day.year + 3, 12, 31).isoformat(), XSD.date))

    def council(self, k: int) -> None:
        world = self.world
        convener = world.org("IndustryAssociation")
        members = world.distinct(world.company, self.rng.randint(3, 9))
        sentence = f"{_topic(convener.ko)} 최근 {len(members)}개 기업이 참여하는 AI 협의회를 발족했다"
        g = self.assertion(f"council-{k}", "occurred", sentence)
        co = self.node(g, f"council-{k}", "Council", f"{convener.en} AI council {k}", f"{convener.ko} AI 협의회 {k}",
                       summary=(f"{convener.en} launched an AI council of {len(members)} companies.", sentence + "."))
        self.add(g, co, P["convenedBy"], self.introduce(g, convener))
        for m in members:
            self.add(g, co, P["member"], self.introduce(g, m))
        self.add(g, co, P["memberCount"], _typed(len(members), XSD.integer))
        self.topics(g, co, self.pick_topics(1)[0])
        self.add(g, co, P["status"], STATUS["occurred"])
        ceremony = self.node(g, f"council-{k}-launch", "LaunchCeremony", f"Launch of {convener.en} AI council {k}",
                             f"{convener.ko} AI 협의회 {k} 발족식")
        self.add(g, ceremony, P["organizer"], convener.iri)
        self.add(g, ceremony, P["dateWording"], _lit("최근", "ko"))
        self.add(g, co, P["launchedAt"], ceremony)
        self.events.append(ceremony)

    def indicator(self, k: int) -> None:
        world = self.world
        measure, unit, measure_en, measure_ko = self.rng.choice(_MEASURES)
        key = self.rng.choice(("korea", "japan", "united-states")) if self.rng.random() < 0.9 else world.country()
        area, currency = world.countries[key], world.currency[key]
        source = world.org("ResearchInstitute")
        year = self.day.year + self.rng.randint(1, 5)
        forecast = unit != "rank"
        if unit == "rank":
            value = self.rng.randint(1, 30)
            figure_ko, verb = f"{value}위", "를 기록했다고 밝혔다"
        elif unit == "percent":
            value = round(self.rng.uniform(2, 60), 1)
            figure_ko, verb = f"연 {value}%", " 성장할 것으로 전망했다"
        else:
            value = self.rng.randint(1, 999) * 10 ** 9
            figure_ko, verb = f"{value:,} {currency}", "에 이를 것으로 전망했다"
        sentence = f"{_topic(source.ko)} {area.ko}의 {measure_ko}{'이' if _has_batchim(measure_ko) else '가'} " \
                   f"{year}년 {figure_ko}{verb}"
        g = self.assertion(f"indicator-{k}", "forecast" if forecast else "occurred", sentence)
        ind = self.node(g, f"indicator-{k}", "Forecast" if forecast else "Indicator",
                        f"{area.en}: {measure_en} {year} ({source.en})",
                        f"{area.ko}: {measure_ko} {year} ({source.ko})",
                        summary=(f"{source.en} reports {area.en}'s {measure_en} for {year}.", sentence + "."))
        self.add(g, ind, P["measure"], _iri(KJM[measure]))
        self.add(g, ind, P["refArea"], self.introduce(g, area))
        self.add(g, ind, P["measuredBy"], self.introduce(g, source))
        self.add(g, ind, P["targetYear"], _typed(year, XSD.gYear))
        if unit == "rank":
            self.add(g, ind, P["rank"], _typed(value, XSD.integer))
            self.add(g, ind, P["outOf"], _typed(40, XSD.integer))
            self.add(g, ind, P["unit"], _iri(KJU.rank))
        elif unit == "percent":
            self.add(g, ind, P["value"], _typed(value, XSD.decimal))
            self.add(g, ind, P["unit"], _iri(KJU.percent))
        else:
            self.add(g, ind, P["amount"], self.money(g, f"indicator-{k}-amount", value, currency, approximate=True))
        report = self.node(g, f"indicator-{k}-report", "Report", f"{source.en} AI market report {year}",
                           f"{source.ko} AI 시장 보고서 {year}")
        self.add(g, report, P["publisher"], source.iri)
        self.add(g, report, P["date"], _typed(f"{self.day.year}-{self.day.month:02d}", XSD.gYearMonth))
        self.add(g, report, P["dateWording"], _lit(f"{self.day.month}월", "ko"))
        self.add(g, ind, P["reportedIn"], report)
        self.topics(g, ind, self.pick_topics(1)[0])
        if forecast:
            self.add(g, ind, P["status"], STATUS["forecast"])

    def money(self, g: str, local: str, value: int, currency: str, approximate: bool = False) -> str:
        """A new ``kj:MonetaryAmount`` node of ``value`` units of ``currency``."""
        money = self.node(g, local, "MonetaryAmount", f"{value:,} {currency}", f"{value:,} {currency}")
        self.add(g, money, P["value"], _typed(f"{value}.0", XSD.decimal))
        self.add(g, money, P["currency"], _typed(currency, XSD.string))
        if approximate:
            self.add(g, money, P["approximate"], _typed("true", XSD.boolean))
        return money

    def statement(self, k: int) -> None:
        world = self.world
        cls, status, verb_ko, verb_en = self.rng.choice((
            ("Claim", "assessment", "평가했다", "assessed"),
            ("Expectation", "expected", "기대했다", "expects"),
            ("Concern", "concern", "우려했다", "is concerned"),
            ("Statement", "planned", "밝혔다", "said")))
        speaker = self.rng.choice(world.anonymous) if self.rng.random() < 0.3 else world.person()
        about = world.distinct(world.actor, self.rng.randint(1, 3))
        topics, words = self.pick_topics(self.rng.randint(1, 2))
        sentence = f"{_topic(speaker.ko)} {_obj(about[0].ko)} 중심으로 {words[1]} 협력이 강화될 것이라고 {verb_ko}"
        g = self.assertion(f"statement-{k}", status, sentence)
        st = self.node(g, f"statement-{k}", cls, f"{speaker.en} {verb_en}: {about[0].en} and {words[0]}",
                       f"{speaker.ko}: {about[0].ko} 중심 {words[1]} 협력",
                       summary=(f"{speaker.en} {verb_en} that cooperation on {words[0]} will grow around "
                                f"{about[0].en}.", sentence + "."))
        self.add(g, st, P["voicedBy"], self.introduce(g, speaker))
        for a in about:
            self.add(g, st, P["about"], self.introduce(g, a))
        if cls == "Concern":
            self.add(g, st, P["concerns"], self.introduce(g, world.countries[world.country()]))
        self.topics(g, st, topics)
        self.add(g, st, P["status"], STATUS[status])

    def expansion(self, k: int) -> None:
        world = self.world
        company = world.company()
        key = self.rng.choice([c for c in ("japan", "united-states", "korea") if c != company.country])
        target = world.countries[key]
        sentence = f"{_topic(company.ko)} 올해 하반기 {target.ko} 법인을 설립키로 했다"
        g = self.assertion(f"expansion-{k}", "planned", sentence)
        ev = self.node(g, f"expansion-{k}", "SubsidiaryOpening", f"{company.en} sets up a subsidiary in {target.en}",
                       f"{company.ko} {target.ko} 법인 설립")
        branch = self.node(g, f"expansion-{k}-subsidiary", "Company", f"{company.en} {target.en}",
                           f"{company.ko} {target.ko} 법인", f"{company.ja or company.en} {target.ja}法人"
                           if key == "japan" else "")
        self.add(g, branch, P["subsidiaryOf"], self.introduce(g, company))
        self.add(g, branch, P["country"], self.introduce(g, target))
        self.add(g, ev, P["organizer"], company.iri)
        self.add(g, ev, P["outcome"], branch)
        self.add(g, ev, P["location"], target.iri)
        self.add(g, ev, P["startDate"], _typed(date(self.day.year, 7, 1).isoformat(), XSD.date))
        self.add(g, ev, P["endDate"], _typed(date(self.day.year, 12, 31).isoformat(), XSD.date))
        self.add(g, ev, P["dateWording"], _lit("올해 하반기", "ko"))
        self.add(g, ev, P["topic"], _iri(KJT["overseas-expansion"]))
        self.add(g, ev, P["status"], STATUS["planned"])

    def visit(self, k: int) -> None:
        world = self.world
        visitor, met = world.distinct(world.person, 2)
        host = world.company()
        day, wording = self.event_day()
        sentence = f"{_topic(visitor.ko)} {wording} {_obj(host.ko)} 방문해 {_and(met.ko, 'AI')} 협력 방안을 논의했다"
        g = self.assertion(f"visit-{k}", "occurred", sentence)
        ev = self.node(g, f"visit-{k}", "Visit", f"{visitor.en} visits {host.en}, {day.isoformat()}",
                       f"{visitor.ko} {host.ko} 방문 ({day.isoformat()})")
        self.add(g, ev, P["participant"], self.introduce(g, visitor))
        self.add(g, ev, P["participant"], self.introduce(g, met))
        self.add(g, ev, P["visited"], self.introduce(g, host))
        self.add(g, ev, P["date"], _typed(day.isoformat(), XSD.date))
        self.add(g, ev, P["dateWording"], _lit(wording, "ko"))
        self.events.append(ev)

    def policy(self, k: int) -> None:
        world = self.world
        issuer = world.org("GovernmentBody")
        cls = self.rng.choice(("Policy", "Law", "Strategy"))
        topics, words = self.pick_topics(self.rng.randint(1, 2))
        sentence = f"{_topic(issuer.ko)} {words[1]} 육성을 위한 새 정책을 내년부터 시행할 계획이다"
        g = self.assertion(f"policy-{k}", "planned", sentence)
        po = self.node(g, f"policy-{k}", cls, f"{issuer.en} policy on {words[0]} ({k})",
                       f"{issuer.ko} {words[1]} 정책 ({k})")
        self.add(g, po, P["issuedBy"], self.introduce(g, issuer))
        if issuer.country:
            self.add(g, po, P["country"], self.introduce(g, world.countries[issuer.country]))
        self.topics(g, po, topics[:1])
        self.add(g, po, P["status"], STATUS["planned"])
        self.add(g, po, P["startDate"], _typed(date(self.day.year + 1, 1, 1).isoformat(), XSD.date))

    def cooperation(self, k: int) -> None:
        world = self.world
        keys = self.rng.choice((("korea", "japan"), ("korea", "united-states"), ("japan", "united-states"),
                                ("korea", "japan", "united-states"), ("korea", "japan", "united-states")))
        countries = [world.countries[c] for c in keys]
        status = self.rng.choice(("occurred", "expected", "planned", "agreed"))
        cls = "Fund" if self.rng.random() < 0.3 else "Initiative"
        topics, words = self.pick_topics(self.rng.randint(1, 2))
        names_ko = "·".join(c.ko for c in countries)
        verb = {"occurred": "이어왔다", "expected": "강화할 것으로 기대된다", "planned": "추진하기로 했다",
                "agreed": "추진하기로 합의했다"}[status]
        what = "공동 펀드 조성" if cls == "Fund" else "협력"
        sentence = f"{names_ko} {len(countries)}국은 {words[1]} 분야 {_obj(what)} {verb}"
        g = self.assertion(f"cooperation-{k}", status, sentence)
        what_en, what_ja = ("fund", "ファンド") if cls == "Fund" else ("cooperation", "協力")
        co = self.node(g, f"cooperation-{k}", cls, f"{'–'.join(c.en for c in countries)} {what_en} on "
                       f"{words[0]} ({self.name}-{k})", f"{names_ko} {words[1]} {what} ({k})",
                       "".join(c.ja for c in countries) + f"{words[0]}{what_ja}（{k}）" if "japan" in keys else "")
        for c in countries:
            self.add(g, co, P["party"], self.introduce(g, c))
        if self.rng.random() < 0.5:
            self.add(g, co, P["location"], self.introduce(g, world.city(keys[0])))
        self.topics(g, co, topics)
        self.add(g, co, P["status"], STATUS[status])

    def product(self, k: int) -> None:
        world = self.world
        company = world.company()
        topics, words = self.pick_topics(self.rng.randint(1, 2))
        brand = self.rng.choice(_BRAND)
        sentence = f"{_topic(company.ko)} {words[1]} 솔루션 {_obj(brand[1] + ' ' + str(k))} 출시했다"
        g = self.assertion(f"product-{k}", "occurred", sentence)
        pr = self.node(g, f"product-{k}", "Product", f"{brand[0]} {k} ({company.en})", f"{brand[1]} {k} ({company.ko})",
                       summary=(f"{words[0].capitalize()} solution launched by {company.en}.", sentence + "."))
        self.add(g, pr, P["developer"], self.introduce(g, company))
        self.topics(g, pr, topics)

    def listing(self, k: int) -> None:
        world = self.world
        company = world.company()
        market = world.exchange(self.rng.choice(("korea", "japan", "united-states")))
        year = self.day.year + 1
        half = self.rng.choice(((1, 1, 6, 30, "상반기"), (7, 1, 12, 31, "하반기")))
        sentence = f"{_topic(company.ko)} 내년 {half[4]} {market.ko} 상장을 추진한다"
        g = self.assertion(f"listing-{k}", "planned", sentence)
        ev = self.node(g, f"listing-{k}", "StockListing", f"{company.en} listing on {market.en}",
                       f"{company.ko} {market.ko} 상장")
        self.add(g, ev, P["lister"], self.introduce(g, company))
        self.add(g, ev, P["exchange"], self.introduce(g, market))
        self.add(g, ev, P["startDate"], _typed(date(year, half[0], half[1]).isoformat(), XSD.date))
        self.add(g, ev, P["endDate"], _typed(date(year, half[2], half[3]).isoformat(), XSD.date))
        self.add(g, ev, P["dateWording"], _lit(f"내년 {half[4]}", "ko"))
        self.add(g, ev, P["topic"], _iri(KJT["capital-markets"]))
        self.add(g, ev, P["status"], STATUS["planned"])

    def call(self, k: int) -> None:
        world = self.world
        funders = world.distinct(lambda: world.org("ResearchFunder"), 2)
        program = world.program()
        topics, words = self.pick_topics(self.rng.randint(1, 2))
        projects, months = self.rng.randint(2, 12), self.rng.choice((12, 24, 36))
        day = date(self.day.year, self.rng.randint(1, self.day.month), 1)
        sentence = f"{'·'.join(f.ko for f in funders)}은 {day.month}월 {words[1]} 분야 공동 연구 과제 " \
                   f"{projects}건을 공모했다"
        g = self.assertion(f"call-{k}", "occurred", sentence)
        ca = self.node(g, f"call-{k}", "CallForProposals", f"Joint call on {words[0]} ({self.name}-{k})",
                       f"{words[1]} 공동 연구 과제 공모 ({k})")
        for f in funders:
            self.add(g, ca, P["organizer"], self.introduce(g, f))
        self.add(g, ca, P["partOfProgram"], self.introduce(g, program))
        self.add(g, ca, P["date"], _typed(f"{day.year}-{day.month:02d}", XSD.gYearMonth))
        self.add(g, ca, P["dateWording"], _lit(f"{day.month}월", "ko"))
        self.add(g, ca, P["numberOfProjects"], _typed(projects, XSD.integer))
        self.add(g, ca, P["duration"], _typed(f"P{months}M", XSD.duration))
        self.topics(g, ca, topics[:1])
        currency = world.currency[funders[0].country or "korea"]
        money = self.node(g, f"call-{k}-funding", "MonetaryAmount",
                          f"up to {projects * 10},000,000 {currency} per team",
                          f"팀당 최대 {projects * 10},000,000 {currency}")
        self.add(g, money, P["maxValue"], _typed(f"{projects * 10_000_000}.0", XSD.decimal))
        self.add(g, money, P["currency"], _typed(currency, XSD.string))
        self.add(g, ca, P["fundingPerTeam"], money)

    _KINDS = ("summit", "agreement", "program", "council", "indicator", "statement", "statement",
              "expansion", "visit", "policy", "agreement", "summit", "cooperation", "product", "listing", "call")

    def build(self) -> SynthDocument:
        n = self.rng.randint(8, 16)
        kinds = ["summit"] + [self.rng.choice(self._KINDS) for _ in range(n - 1)]
        for k, kind in enumerate(kinds, 1):
            getattr(self, kind)(k)
        title = f"한·미·일 AI 협력 동향 ({self.day.isoformat()}, 합성 기사 {self.name})"
        text, offsets = f"{title}\n", []
        for sentence in self.sentences:
            offsets.append(len(text))
            text += sentence + ". "
        text = text.rstrip() + "\n"
        prov = _iri(f"{self.ns}provenance")
        triples = {(self.doc, A, C["SourceDocument"]),
                   (self.doc, LABEL, _lit(f"Synthetic news item {self.name} ({self.day.isoformat()})", "en")),
                   (self.doc, LABEL, _lit(f"합성 기사 {self.name}", "ko")),
                   (self.doc, _iri(DCTERMS.title), _lit(title, "ko")),
                   (self.doc, _iri(DCTERMS.date), _typed(self.day.isoformat(), XSD.date)),
                   (self.doc, _iri(DCTERMS.language), _typed("ko", XSD.string)),
                   (self.doc, P["fileName"], _typed(f"{self.name}.txt", XSD.string)),
                   (self.doc, P["sha256"], _typed(hashlib.sha256(text.encode()).hexdigest(), XSD.string))}
        for (g, status, quote), start in zip(self.assertions, offsets):
            ev = _iri(g[1:-1] + "-q1")
            triples.update({(g, A, C["Assertion"]), (g, _iri(PROV.wasDerivedFrom), self.doc),
                            (g, P["status"], STATUS[status]), (g, P["evidence"], ev),
                            (ev, A, C["Evidence"]), (ev, P["source"], self.doc), (ev, P["quote"], _lit(quote, "ko")),
                            (ev, P["start"], _typed(start, XSD.integer)),
                            (ev, P["end"], _typed(start + len(quote), XSD.integer))})
        self.graphs[prov] = triples
        return SynthDocument(self.name, text, [(g, sorted(t)) for g, t in sorted(self.graphs.items())])


def generate_documents(n_triples: int, seed: int = 0) -> Iterator[SynthDocument]:
    """Yield synthetic documents until they hold at least ``n_triples`` triples.

    Examples
    --------
    >>> docs = list(generate_documents(500, seed=7))
    >>> sum(len(d) for d in docs) >= 500, docs[0].file_name
    (True, 'synth-7-000001.txt')
    """
    rng = random.Random(seed)
    world = _World(rng, n_triples)
    total, i = 0, 0
    while total < n_triples:
        i += 1
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(1277))
        doc = _DocumentBuilder(world, rng, f"synth-{seed}-{i:06d}", day).build()
        total += len(doc)
        yield doc


def generate(n_triples: int, seed: int = 0) -> Iterator[tuple]:
    """Yield the quads ``(s, p, o, g)`` (rdflib terms) of a synthetic dataset.

    Examples
    --------
    >>> s, p, o, g = next(generate(100, seed=3))
    >>> str(g).startswith("https://w3id.org/kjus/source/synth-3-000001/")
    True
    """
    for doc in generate_documents(n_triples, seed):
        for g, triples in doc.graphs:
            graph = from_n3(g)
            for s, p, o in triples:
                yield from_n3(s), from_n3(p), from_n3(o), graph


# --------------------------------------------------------------------------- writing

_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")


class _Compactor:
    """Turns N-Triples IRIs into prefixed names where the local part is a plain Turtle name."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {}

    def __call__(self, term: str) -> str:
        if term[0] == '"':
            head, sep, dt = term.rpartition("^^")
            return f"{head}^^{self(dt)}" if sep else term
        if term == A:
            return "a"
        out = self.cache.get(term)
        if out is None:
            out = term
            iri = term[1:-1]
            for prefix, ns in self.prefixes:
                if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
                    out = f"{prefix}:{iri[len(ns):]}"
                    break
            self.cache[term] = out
        return out


def _trig_lines(docs: Iterator[SynthDocument]) -> Iterator[str]:
    yield "# Synthetic KJUS dataset (graph/synth.py): realistic shape, invented facts.\n"
    yield "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items())
    compact = _Compactor(PREFIXES)
    for doc in docs:
        local = _Compactor({"d": f"{SRC}{doc.name}/"})
        yield f"\n@prefix d: <{SRC}{doc.name}/> .\n"
        for g, triples in doc.graphs:
            out = [f"\n{local(g)} {{\n"]
            subject = None
            for s, p, o in triples:
                if s != subject:
                    out.append(" .\n" if subject is not None else "")
                    out.append(f"    {compact(local(s))} {compact(p)} {compact(local(o))}")
                    subject, predicate = s, p
                elif p != predicate:
                    out.append(f" ;\n        {compact(p)} {compact(local(o))}")
                    predicate = p
                else:
                    out.append(f" , {compact(local(o))}")
            out.append(" .\n}\n")
            yield "".join(out)


def _nquads_lines(docs: Iterator[SynthDocument]) -> Iterator[str]:
    for doc in docs:
        yield "".join(f"{s} {p} {o} {g} .\n" for g, triples in doc.graphs for s, p, o in triples)


def write_synth(path: str | Path, n_triples: int, seed: int = 0, *, format: str | None = None,
                texts_dir: str | Path | None = None, write_texts: bool = True) -> dict:
    """Write a synthetic dataset to ``path`` (TriG or N-Quads) and the texts its quotes come from.

    Parameters
    ----------
    path : output file; ``.nq`` means N-Quads unless ``format`` says otherwise.
    n_triples : at least this many triples (whole documents).
    seed : the random seed; the same seed gives the same bytes.
    format : ``"trig"`` or ``"nq"``; default from the suffix of ``path``.
    texts_dir : where to write the documents' texts; default ``<stem>-texts/`` beside ``path``.
    write_texts : write the texts at all (needed only for the quote check).

    Returns
    -------
    dict with ``path``, ``texts_dir`` (``None`` if not written), ``triples``, ``documents``.

    Examples
    --------
    >>> import tempfile, os
    >>> out = write_synth(os.path.join(tempfile.mkdtemp(), "s.trig"), 200, seed=5)
    >>> out["triples"] >= 200, sorted(os.listdir(out["texts_dir"]))[0]
    (True, 'synth-5-000001.txt')
    """
    path = Path(path)
    fmt = format or ("nq" if path.suffix == ".nq" else "trig")
    if fmt not in FORMATS:
        raise ExportError(f"unknown synthetic format {fmt!r}; use one of {sorted(FORMATS)}")
    texts = Path(texts_dir) if texts_dir is not None else path.parent / f"{path.stem}-texts"
    stats = {"path": path, "texts_dir": texts if write_texts else None, "triples": 0, "documents": 0}

    def counted(docs):
        for doc in docs:
            stats["triples"] += len(doc)
            stats["documents"] += 1
            if write_texts:
                (staging / doc.file_name).write_text(doc.text, encoding="utf-8")
            yield doc

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        staging = Path(tempfile.mkdtemp(prefix=f".{texts.name}.", dir=path.parent)) if write_texts else None
    except OSError as exc:
        raise ExportError(f"{path}: cannot write here ({exc.strerror}); choose another output path") from None
    lines = (_nquads_lines if fmt == "nq" else _trig_lines)(counted(generate_documents(n_triples, seed)))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(lines)
            os.fchmod(fh.fileno(), file_mode())      # mkstemp makes 0600; a dataset is for others to read too
        if write_texts:
            os.chmod(staging, folder_mode())
            shutil.rmtree(texts, ignore_errors=True)
            os.replace(staging, texts)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: write failed ({exc.strerror})") from None
        raise
    return stats


def split_trig(path: str | Path, parts: int, out_dir: str | Path) -> list[Path]:
    """Split a synthetic TriG file (:func:`write_synth`) into ``parts`` source files, whole documents each.

    Every part repeats the file's prefix lines, so each parses on its own; an
    incremental build of many sources is measured on them.

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> made = write_synth(os.path.join(folder, "s.trig"), 2000, seed=5)
    >>> files = split_trig(made["path"], 2, os.path.join(folder, "parts"))
    >>> len(files), all(f.read_text().startswith("# Synthetic") for f in files)
    (2, True)
    """
    text = Path(path).read_text(encoding="utf-8")
    marker = "\n@prefix d: "
    first = text.find(marker)
    if first < 0:
        raise ExportError(f"{path}: not a synthetic TriG file (no document prefix)")
    header, body = text[:first + 1], text[first + 1:]
    docs = ["@prefix d: " + d for d in body.split(marker[1:]) if d.strip()]
    parts = max(1, min(parts, len(docs)))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(parts):
        target = out / f"{Path(path).stem}-{i + 1:03d}.trig"
        target.write_text(header + "".join(docs[i * len(docs) // parts:(i + 1) * len(docs) // parts]),
                          encoding="utf-8")
        written.append(target)
    return written
