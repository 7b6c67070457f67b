"""``kjus ingest``: drafts of articles written for these tests (tests/data/ingest/), none from the seed article.

The Korean article is dated 2026-01-05 and the English one 2026-01-02, so that
"지난달 30일", "지난 28일", "last month" and "December 29, 2025" cross a year
boundary.  Each article is drafted once per module against the real graph
(graph/sources/), into a temporary folder, and the written TriG is read back
with pyoxigraph: every test checks the file a curator would get.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.ingest import draft_assertions, ingest_article, review_source
from graph.ingest.dates import find_dates
from graph.ingest.modality import classify_status
from graph.ingest.quantities import find_quantities
from graph.ingest.text import analyse_text, split_english, split_japanese
from graph.paths import ROOT, SOURCES_DIR
from graph.vocab import KJ, KJD, KJS

DATA = Path(__file__).parent / "data" / "ingest"
CURATED = SOURCES_DIR / "000_76483b81068cf569.trig"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"


class Draft:
    """A written draft, parsed back: its quads, text and handy look-ups."""

    def __init__(self, trig: Path, article: Path):
        self.trig, self.article = trig, article
        self.text = (trig.parent / f"{trig.stem}.txt").read_text(encoding="utf-8")
        self.quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))

    def objects(self, s: str, p: str) -> list[str]:
        return [q.object.value for q in self.quads if getattr(q.subject, "value", "") == s and q.predicate.value == p]

    def subjects(self, p: str, o: str | None = None) -> list[str]:
        return [q.subject.value for q in self.quads if q.predicate.value == p and (o is None or q.object.value == o)]

    def typed(self, cls) -> list[str]:
        return sorted(set(self.subjects(RDF_TYPE, str(cls))))

    def by_label(self, label: str) -> str:
        found = {s for s in self.subjects(LABEL, label)}
        assert len(found) == 1, f"{label!r} labels {found}"
        return found.pop()

    def graph_of(self, fragment: str) -> str:
        """The assertion graph whose quote contains ``fragment``."""
        hits = [a for a in self.typed(KJ.Assertion)
                if any(fragment in self.objects(e, str(KJ.quote))[0] for e in self.objects(a, str(KJ.evidence)))]
        assert hits, f"no assertion quotes {fragment!r}"
        return hits[0]

    def in_graph(self, graph: str) -> list:
        return [q for q in self.quads if getattr(q.graph_name, "value", "") == graph]

    def values(self, graph: str, prop) -> list[tuple[str, str]]:
        """``(lexical, datatype local name)`` of ``prop`` in one assertion graph."""
        return sorted((q.object.value, q.object.datatype.value.rsplit("#", 1)[-1])
                      for q in self.in_graph(graph) if q.predicate.value == str(prop))

    def refs(self, graph: str) -> set[str]:
        return {t.value for q in self.in_graph(graph) for t in (q.subject, q.object) if hasattr(t, "value")}


@pytest.fixture(scope="module")
def ko(tmp_path_factory) -> Draft:
    out = tmp_path_factory.mktemp("ko") / "901_ko_robotics.trig"
    ingest_article(DATA / "ko_robotics.txt", "2026-01-05", out=out)
    return Draft(out, DATA / "ko_robotics.txt")


@pytest.fixture(scope="module")
def en(tmp_path_factory) -> Draft:
    out = tmp_path_factory.mktemp("en") / "902_en_safety.trig"
    ingest_article(DATA / "en_safety.txt", "2026-01-02", lang="en", out=out)
    return Draft(out, DATA / "en_safety.txt")


# --- the text and the offsets ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["ko", "en"])
def test_text_is_copied_beside_the_trig_with_its_hash(name, request):
    d = request.getfixturevalue(name)
    assert (d.trig.parent / f"{d.trig.stem}.txt").read_bytes() == d.article.read_bytes()
    doc = d.typed(KJ.SourceDocument)[0]
    assert d.objects(doc, str(KJ.fileName)) == [f"{d.trig.stem}.txt"]
    assert d.objects(doc, str(KJ.sha256)) == [hashlib.sha256(d.article.read_bytes()).hexdigest()]


@pytest.mark.parametrize("name", ["ko", "en"])
def test_every_quote_stands_at_its_offsets(name, request):
    d = request.getfixturevalue(name)
    evidence = d.typed(KJ.Evidence)
    assert len(evidence) >= 10
    for e in evidence:
        quote, = d.objects(e, str(KJ.quote))
        start, = d.objects(e, str(KJ.start))
        end, = d.objects(e, str(KJ.end))
        assert d.text[int(start):int(end)] == quote


def test_japanese_sentences_keep_their_offsets():
    text = (DATA / "ja_summit.txt").read_text(encoding="utf-8")
    sentences = analyse_text(text, "ja").sentences
    assert [s.text.split("、")[0][:5] for s in sentences] == ["石破茂首相", "両首脳はA", "日本貿易振", "経済産業省"]
    assert all(s.text.endswith("。") for s in sentences)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [s.text for s in split_japanese("「協力する。」と述べた。次だ")] == ["「協力する。」と述べた。", "次だ"]


def test_english_sentences_survive_abbreviations_initials_and_decimals():
    text = "Dr. J. Park of Acme Inc. met U.S. officials. Sales rose 4.5% in 2025. Next!"
    assert [s.text for s in split_english(text)] == [
        "Dr. J. Park of Acme Inc. met U.S. officials.", "Sales rose 4.5% in 2025.", "Next!"]


# --- entities ---------------------------------------------------------------------------------

def test_mentions_of_known_entities_link_whatever_particle_or_title_follows(ko):
    visit = ko.graph_of("퓨리오사AI와")            # "이재명 대통령은 … 퓨리오사AI와 리벨리온을 … 방문했다"
    assert {str(KJD["lee-jae-myung"]), str(KJD.furiosaai)} <= ko.refs(visit)
    research = ko.graph_of("한국연구재단(NRF)과")
    assert str(KJD.nrf) in ko.refs(research)
    for known in ("lee-jae-myung", "furiosaai", "nrf"):   # linked, never redefined
        assert ko.objects(str(KJD[known]), RDF_TYPE) == []


def test_abbreviations_in_parentheses_become_alternative_labels(ko, en):
    kar = ko.by_label("한국로봇산업협회")
    assert "KAR" in ko.objects(kar, ALT) + ko.objects(kar, LABEL)
    msit = ko.by_label("과학기술정보통신부")
    assert "과기정통부" in ko.objects(msit, ALT)
    headline = ko.graph_of("과기정통부, 美 상무부와")      # the short name alone links to the same IRI
    assert msit in ko.refs(headline)
    ministry = en.by_label("Ministry of Science and ICT")
    assert "MSIT" in en.objects(ministry, ALT)
    assert ministry in en.refs(en.graph_of("MSIT will also provide"))


def test_new_entities_are_proposed_with_a_class_from_the_words_around_them(ko, en):
    expected = {("김민수", KJ.Person), ("한국로봇산업협회", KJ.IndustryAssociation), ("오사카", KJ.City),
                ("미국 상무부", KJ.GovernmentBody), ("한국전자통신연구원", KJ.ResearchInstitute), ("딥노바", KJ.Company)}
    proposed = {q.object.value for q in ko.quads if q.predicate.value == str(KJ.proposedEntity)}
    for label, cls in expected:
        iri = ko.by_label(label)
        assert ko.objects(iri, RDF_TYPE) == [str(cls)], label
        assert iri in proposed, label
    minister = ko.by_label("김민수")
    assert ko.objects(minister, str(KJ.role)) == ["과기정통부 장관"]
    assert ko.objects(minister, str(KJ.headOf)) == [ko.by_label("과학기술정보통신부")]
    assert ko.objects(ko.by_label("오사카"), str(KJ.country)) == [str(KJD.japan)]
    for label, cls in (("Acme Robotics Inc.", KJ.Company), ("Kim Min-su", KJ.Person), ("Osaka", KJ.City),
                       ("Korea Robot Industry Association", KJ.IndustryAssociation)):
        assert en.objects(en.by_label(label), RDF_TYPE) == [str(cls)], label


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fragment, prop, lexical, wording", [
    ("지난달 30일 서울에서", KJ.date, "2025-12-30", "지난달 30일"),          # the month before, in the year before
    ("지난 28일 퓨리오사AI와", KJ.date, "2025-12-28", "지난 28일"),
    ("지난해 12월 도쿄에서", KJ.date, "2025-12", "지난해 12월"),
    ("2027년까지 총 45억 원", KJ.targetYear, "2027", "2027년까지"),
    ("내년 1분기 3국", KJ.startDate, "2027-01-01", "내년 1분기"),
    ("내년 1분기 3국", KJ.endDate, "2027-03-31", "내년 1분기"),
    ("내년 상반기 코스닥", KJ.endDate, "2027-06-30", "내년 상반기"),
    ("오는 10월 일본 오사카에서", KJ.date, "2026-10", "오는 10월"),
    ("작년 매출이", KJ.date, "2025", "작년"),
])
def test_korean_dates_resolve_against_the_article_date(ko, fragment, prop, lexical, wording):
    graph = ko.graph_of(fragment)
    assert lexical in [v for v, _ in ko.values(graph, prop)]
    assert wording in [v for v, _ in ko.values(graph, KJ.dateWording)]


@pytest.mark.parametrize("fragment, prop, lexical, datatype", [
    ("on December 29, 2025", KJ.date, "2025-12-29", "date"),
    ("the first quarter of next year", KJ.startDate, "2027-01-01", "date"),
    ("Seoul last month", KJ.date, "2025-12", "gYearMonth"),
    ("Tokyo Stock Exchange next year", KJ.targetYear, "2027", "gYear"),
    ("through 2030", KJ.targetYear, "2030", "gYear"),
    ("in Osaka in March", KJ.date, "2026-03", "gYearMonth"),
])
def test_english_dates_are_typed_with_the_precision_the_text_gives(en, fragment, prop, lexical, datatype):
    assert (lexical, datatype) in en.values(en.graph_of(fragment), prop)


def test_the_dates_of_the_issue():
    d = date(2025, 8, 25)
    got = {w: d_.literals for w in ("지난 23일", "지난달 30일", "오는 10월", "올해", "내년 1분기", "내년 상반기")
           for d_ in find_dates(w, d, "ko")}
    assert got == {"지난 23일": [("2025-08-23", "date")], "지난달 30일": [("2025-07-30", "date")],
                   "오는 10월": [("2025-10", "gYearMonth")], "올해": [("2025", "gYear")],
                   "내년 1분기": [("2026-01-01", "date"), ("2026-03-31", "date")],
                   "내년 상반기": [("2026-01-01", "date"), ("2026-06-30", "date")]}
    assert [x.literals for x in find_dates("They met on October 29, 2025 and will meet next year.", d, "en")] == [
        [("2025-10-29", "date")], [("2026", "gYear")]]
    # a date that only says when something was reported is not the event's date
    assert [x.reporting for x in find_dates("25일 업계에 따르면 지난 23일 회담했다", d, "ko")] == [True, False]


# --- quantities -------------------------------------------------------------------------------

def test_every_unit_of_the_issue_is_typed():
    cases = {"1조1천35억 엔": ("money", Decimal("1103500000000"), "JPY"), "3천만 엔": ("money", Decimal("30000000"), "JPY"),
             "45억 원": ("money", Decimal("4500000000"), "KRW"), "47.2%": ("percent", Decimal("47.2"), ""),
             "16개사": ("count", Decimal(16), ""), "회원사 12곳": ("count", Decimal(12), ""),
             "36개월": ("duration", Decimal(36), "")}
    for words, expected in cases.items():
        q, = find_quantities(words, "ko")
        assert (q.kind, q.value, q.currency) == expected, words
    q, = find_quantities("a $20 million fund", "en")
    assert (q.kind, q.value, q.currency) == ("money", Decimal("20000000"), "USD")
    assert find_quantities("36개월", "ko")[0].duration == "P36M"
    assert find_quantities("회원사 12곳", "ko")[0].counted == "members"


def test_amounts_percentages_counts_and_durations_in_the_drafts(ko, en):
    def money(d: Draft, fragment: str) -> set[tuple[str, str, str]]:
        g = d.graph_of(fragment)
        nodes = {q.subject.value for q in d.in_graph(g) if q.predicate.value == RDF_TYPE
                 and q.object.value == str(KJ.MonetaryAmount)}
        return {(p.rsplit("#", 1)[-1], Decimal(d.objects(n, p)[0]), d.objects(n, str(KJ.currency))[0])
                for n in nodes for p in (str(KJ.value), str(KJ.maxValue)) if d.objects(n, p)}

    assert money(ko, "2조3천50억 엔") == {("value", 2_305_000_000_000, "JPY"), ("maxValue", 50_000_000, "JPY")}
    assert money(ko, "45억 원") == {("value", 4_500_000_000, "KRW")}
    assert money(en, "$20 million") == {("value", 20_000_000, "USD")}
    assert money(en, "1.5 billion yen") == {("value", 1_500_000_000, "JPY"), ("value", 4_500_000_000, "KRW")}
    assert ("47.2", "decimal") in ko.values(ko.graph_of("47.2%"), KJ.value)
    assert ("12", "integer") in ko.values(ko.graph_of("회원사 12곳"), KJ.memberCount)
    assert ("P36M", "duration") in ko.values(ko.graph_of("36개월"), KJ.duration)
    assert ("12.5", "decimal") in en.values(en.graph_of("12.5 percent"), KJ.value)
    assert ("P3Y", "duration") in en.values(en.graph_of("three years"), KJ.duration)
    assert ("12", "integer") in en.values(en.graph_of("12 member companies"), KJ.memberCount)


# --- statuses and events ----------------------------------------------------------------------

@pytest.mark.parametrize("fragment, status", [
    ("양해각서 체결", "agreed"), ("MOU)를 체결했다고", "agreed"), ("공동 개발할 계획", "planned"),
    ("잇달아 방문했다", "occurred"), ("문을 열 것으로 기대했다", "expected"), ("코스닥 상장을 추진한다", "planned"),
    ("걸림돌이 될 수 있다고 우려했다", "concern"), ("적극 지원하겠다", "planned"), ("36개월 동안", "planned"),
])
def test_korean_statuses(ko, fragment, status):
    assert ko.objects(ko.graph_of(fragment), str(KJ.status)) == [str(KJS[status])]


@pytest.mark.parametrize("fragment, status", [
    ("sign memorandum", "agreed"), ("plan to invest", "planned"), ("forecast that", "forecast"),
    ("Analysts expect", "expected"), ("warned that", "concern"), ("visited Seoul", "occurred"),
])
def test_english_statuses(en, fragment, status):
    assert en.objects(en.graph_of(fragment), str(KJ.status)) == [str(KJS[status])]


@pytest.mark.parametrize("sentence, lang, numbers, status", [
    ("협의회는 발족식을 열었다.", "ko", False, "occurred"), ("대통령은 공장을 방문했다.", "ko", False, "occurred"),
    ("양국은 협력에 합의했다.", "ko", False, "agreed"), ("두 기관은 협약을 체결했다.", "ko", False, "agreed"),
    ("양측은 각서에 서명했다.", "ko", False, "agreed"), ("The firms signed a deal.", "en", False, "agreed"),
    ("회사는 상장할 계획이다.", "ko", False, "planned"), ("정부는 사업을 추진한다.", "ko", False, "planned"),
    ("회의는 다음 달 열릴 예정이다.", "ko", False, "planned"), ("2030년 매출 1조원을 목표로 삼았다.", "ko", True, "planned"),
    ("They plan to open an office.", "en", False, "planned"),
    ("시장은 연 10% 성장할 전망이다.", "ko", True, "forecast"), ("매출이 5% 늘 것으로 내다봤다.", "ko", True, "forecast"),
    ("규모는 3조원에 이를 것으로 예상된다.", "ko", True, "forecast"), ("Analysts forecast 5% growth.", "en", True, "forecast"),
    ("업계는 협력이 늘 것으로 기대했다.", "ko", False, "expected"),
    ("일각에선 규제를 우려했다.", "ko", False, "concern"), ("업계는 과열을 경계했다.", "ko", False, "concern"),
    ("전문가들은 경쟁력이 높다고 평가했다.", "ko", False, "assessment"),
])
def test_status_cues_of_the_issue(sentence, lang, numbers, status):
    assert classify_status(sentence, lang, has_numbers=numbers).status == status


def test_events_get_participants_places_and_dates(ko, en):
    visit = ko.graph_of("잇달아 방문했다")
    node, = [s for s in ko.typed(KJ.Visit) if s in {q.subject.value for q in ko.in_graph(visit)}]
    assert sorted(ko.objects(node, str(KJ.visited))) == [str(KJD.furiosaai), ko.by_label("리벨리온")]
    assert ko.objects(node, str(KJ.participant)) == [str(KJD["lee-jae-myung"])]
    listing, = ko.typed(KJ.StockListing)
    assert ko.objects(listing, str(KJ.lister)) == [ko.by_label("딥노바")]
    assert ko.objects(listing, str(KJ.exchange)) == [str(KJD.kosdaq)]
    seoul_visit, = en.typed(KJ.Visit)
    assert en.objects(seoul_visit, str(KJ.visited)) == [str(KJD.seoul)]
    assert sorted(en.objects(seoul_visit, str(KJ.participant))) == [str(KJD["ishiba-shigeru"]),
                                                                      str(KJD["lee-jae-myung"])]
    opening, = en.typed(KJ.SubsidiaryOpening)
    assert en.objects(opening, str(KJ.organizer)) == [en.by_label("Acme Robotics Inc.")]
    assert en.objects(opening, str(KJ.location)) == [en.by_label("Osaka")]
    agreement = [a for a in en.typed(KJ.Agreement) if "2025-12-29" in en.objects(a, str(KJ.date))]
    assert agreement and set(en.objects(agreement[0], str(KJ.party))) == {
        en.by_label("Ministry of Science and ICT"), en.by_label("U.S. Department of Commerce")}


# --- draft marks, validation, review ----------------------------------------------------------

@pytest.mark.parametrize("name", ["ko", "en"])
def test_every_statement_is_a_draft_with_its_cues(name, request):
    d = request.getfixturevalue(name)
    assertions = d.typed(KJ.Assertion)
    assert sorted(d.subjects(str(KJ.draft), "true")) == assertions
    for a in assertions:
        assert d.objects(a, str(KJ.cue)) or d.objects(a, str(KJ.machineNote)), a
        assert all(c in d.text for c in d.objects(a, str(KJ.cue))), a


@pytest.mark.parametrize("name", ["ko", "en"])
def test_the_draft_passes_validation_with_the_graph(name, request):
    from graph.load import load_dataset
    from graph.validate import VIOLATION, validate

    d = request.getfixturevalue(name)
    problems = validate(load_dataset([CURATED, d.trig]), texts_dir=[SOURCES_DIR, d.trig.parent])
    assert [str(p) for p in problems if p.severity == VIOLATION] == []


def test_draft_assertions_lists_drafts_until_the_mark_is_removed(ko, tmp_path):
    store = ox.Store()
    store.load(path=str(ko.trig), format=ox.RdfFormat.TRIG)
    drafts = draft_assertions(store)
    assert [d["assertion"] for d in drafts] == ko.typed(KJ.Assertion)
    assert all(ko.text.find(d["quotes"][0]) >= 0 for d in drafts)
    accepted = tmp_path / ko.trig.name
    accepted.write_text(ko.trig.read_text(encoding="utf-8").replace("        kj:draft true ;\n", ""), encoding="utf-8")
    store = ox.Store()
    store.load(path=str(accepted), format=ox.RdfFormat.TRIG)
    assert draft_assertions(store) == []
    from graph.load import load_dataset

    assert len(draft_assertions(load_dataset([ko.trig]))) == len(drafts)   # an rdflib Dataset works too


def test_review_shows_each_statement_beside_its_sentence(ko):
    review = review_source(ko.trig)
    assert review.drafts == len(review.items) == len(ko.typed(KJ.Assertion))
    assert all(item.quote_ok for item in review.items)
    item = next(i for i in review.items if "양해각서(MOU)" in i.quote)
    assert item.status == "agreed" and item.draft
    assert any("kj:party" in f for f in item.facts)
    assert any(e["label"] == "미국 상무부" for e in item.new_entities)
    guessed = [i for i in review.items if any("no class cue" in d for d in i.decisions)]
    assert guessed, "a guessed class asks for a decision"


def test_drafting_is_deterministic(tmp_path):
    outs = []
    for folder in ("a", "b"):
        out = tmp_path / folder / "905_en.trig"
        ingest_article(DATA / "en_safety.txt", "2026-01-02", out=out)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_importing_the_cli_does_not_load_kiwi():
    code = "import sys, graph.cli, graph.ingest; print('kiwipiepy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def _draft_of(folder: Path, text: str, day: str, lang: str) -> Draft:
    """Ingest one small article written for a test, with the curated source as the gazetteer."""
    article = folder / f"{lang}.txt"
    article.write_text(text, encoding="utf-8")
    out = folder / f"905_{lang}.trig"
    ingest_article(article, day, lang=lang, out=out, sources=[CURATED])
    return Draft(out, article)


def test_an_office_named_by_a_list_of_fields_stays_one_title(tmp_path):
    """'Minister of Economy, Trade and Industry Yoji Muto': one person with that role, not three organisations."""
    draft = _draft_of(tmp_path, "Japan's Minister of Economy, Trade and Industry Yoji Muto met officials of the "
                      "Ministry of Health, Labour and Welfare in Tokyo on Monday.\n", "2026-02-04", "en")
    muto = draft.by_label("Yoji Muto")
    assert draft.objects(muto, RDF_TYPE) == [str(KJ.Person)]
    assert draft.objects(muto, str(KJ.role)) == ["Minister of Economy, Trade and Industry"]
    ministry = draft.by_label("Ministry of Health, Labour and Welfare")
    assert draft.objects(ministry, RDF_TYPE) == [str(KJ.GovernmentBody)]
    for piece in ("Economy", "Trade", "Industry Yoji Muto", "Labour", "Welfare"):
        assert not draft.subjects(LABEL, piece), piece


def test_a_venue_name_is_one_place_not_parties_made_of_its_words(tmp_path):
    """'광화문 정부서울청사에서': one proposed venue; its words are not proposed apart, nor made parties."""
    draft = _draft_of(tmp_path, "과학기술정보통신부는 지난 28일 광화문 정부서울청사에서 일본 경제산업성과 "
                      "AI 반도체 공동연구 양해각서를 체결했다.\n", "2026-01-05", "ko")
    venue = draft.by_label("광화문 정부서울청사")
    assert draft.objects(venue, RDF_TYPE) == [str(KJ.Venue)]
    for word in ("광화문", "정부서울청사"):
        assert not draft.subjects(LABEL, word), word
    graph = draft.graph_of("양해각서를 체결했다")
    parties = {q.object.value for q in draft.in_graph(graph) if q.predicate.value == str(KJ.party)}
    assert parties == {draft.by_label("과학기술정보통신부"), draft.by_label("일본 경제산업성")}
    assert [q.object.value for q in draft.in_graph(graph) if q.predicate.value == str(KJ.date)] == ["2025-12-28"]
