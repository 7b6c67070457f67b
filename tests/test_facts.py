"""The facts of the seed article, checked one by one as a reader would check them.

Source: ``000_76483b81068cf569.txt`` (Korean news, 2025-08-25) and its curation
``graph/sources/000_76483b81068cf569.trig``.  Every check is a small SPARQL query over
the source plus the ontology and vocabularies (the store of :mod:`tests.test_queries`,
default graph = union of all graphs).  ``FACTS`` are ASK queries that must be true,
each named after the sentence it checks; the other tests compare exact answers
(members, participants, areas) or state what must never be in the graph (invented
dates, expectations dressed as agreements).  Relative dates resolve against the
article's date, 2025-08-25, and keep the article's wording in ``kj:dateWording``.
"""
from __future__ import annotations

import pytest

from tests.test_queries import answer, store  # noqa: F401  (``store`` is the shared pyoxigraph fixture)

#: (name, ASK query) — each states one sentence's facts; all must hold.
FACTS = [
    ("korea-japan-summit-tokyo-2025-08-23-113-minutes", """ASK {
        GRAPH ?g { kjd:korea-japan-summit-2025-08-23 a kj:Summit ; kj:location kjd:tokyo ;
                   kj:date "2025-08-23"^^xsd:date ; kj:dateWording "지난 23일"@ko ;
                   kj:participant kjd:lee-jae-myung , kjd:ishiba-shigeru }
        ?g kj:status kjs:occurred .
        GRAPH ?h { kjd:korea-japan-summit-2025-08-23 kj:duration "PT113M"^^xsd:duration }
        ?h kj:status kjs:occurred .
        kjd:tokyo rdfs:label "Tokyo"@en , "도쿄"@ko , "東京"@ja ; kj:country kjd:japan . }"""),
    ("leaders-are-lee-president-and-ishiba-prime-minister", """ASK {
        kjd:lee-jae-myung a kj:Person ; rdfs:label "Lee Jae-myung"@en , "이재명"@ko ;
            kj:role "대통령"@ko ; kj:country kjd:korea .
        kjd:ishiba-shigeru a kj:Person ; rdfs:label "Ishiba Shigeru"@en , "이시바 시게루"@ko , "石破茂"@ja ;
            kj:role "일본 총리"@ko ; kj:country kjd:japan . }"""),
    ("summit-emphasised-japan-korea-us-cooperation", """ASK {
        GRAPH ?g { ?st a kj:Statement ; kj:voicedBy kjd:lee-jae-myung , kjd:ishiba-shigeru ; kj:about ?coop .
                   ?coop kj:party kjd:korea , kjd:japan , kjd:united-states }
        ?g kj:status kjs:occurred . }"""),
    ("hydrogen-ammonia-ai-agreement-is-agreed-at-the-summit", """ASK {
        GRAPH ?g { kjd:korea-japan-hydrogen-ammonia-ai-agreement a kj:Agreement ;
                   kj:party kjd:lee-jae-myung , kjd:ishiba-shigeru ;
                   kj:agreedAt kjd:korea-japan-summit-2025-08-23 ;
                   kj:topic kjt:hydrogen , kjt:ammonia , kjt:ai ; kj:status kjs:agreed }
        ?g kj:status kjs:agreed . }"""),
    ("consultative-body-launch-is-agreed-not-launched", """ASK {
        GRAPH ?g { ?a a kj:Agreement ; kj:agreedAt kjd:korea-japan-summit-2025-08-23 ; kj:status kjs:agreed ;
                   kj:outcome ?body .
                   ?body a kj:Council ; kj:status kjs:agreed ;
                   kj:member kjd:korea-government , kjd:japan-government ; kj:summary ?s }
        ?g kj:status kjs:agreed .
        FILTER (CONTAINS(?s, "정책 경험을 공유")) }"""),
    ("caption-handshake-before-expanded-summit-at-official-residence", """ASK {
        GRAPH ?g { kjd:korea-japan-expanded-summit-2025-08-23 a kj:Summit ;
                   kj:subEventOf kjd:korea-japan-summit-2025-08-23 ;
                   kj:location kjd:japan-pm-official-residence ; kj:date "2025-08-23"^^xsd:date ;
                   kj:dateWording "지난 23일(현지시간)"@ko .
                   ?handshake a kj:Event ; kj:participant kjd:lee-jae-myung , kjd:ishiba-shigeru ;
                   kj:location kjd:japan-pm-official-residence ; kj:date "2025-08-23"^^xsd:date .
                   kjd:japan-pm-official-residence kj:location kjd:tokyo ; rdfs:label "総理大臣官邸"@ja }
        ?g kj:status kjs:occurred . }"""),
    ("japan-ranks-9th-of-36-in-the-stanford-hai-index", """ASK {
        ?i a kj:Indicator ; kj:refArea kjd:japan ; kj:rank ?rank ; kj:outOf ?of ; kj:unit kju:rank ;
           kj:reportedIn/kj:publisher/kj:subsidiaryOf kjd:stanford-university .
        FILTER (?rank = 9 && ?of = 36 && datatype(?rank) = xsd:integer && datatype(?of) = xsd:integer) }"""),
    ("japan-not-rated-highly-few-models-low-private-investment", """ASK {
        GRAPH ?g { ?c a kj:Claim ; kj:about kjd:japan ; kj:topic kjt:ai-investment ; kj:summary ?s }
        ?g kj:status kjs:assessment .
        FILTER (CONTAINS(?s, "민간 투자액")) }"""),
    ("japan-10-trillion-yen-public-funds-by-2030", """ASK {
        GRAPH ?g { kjd:japan-semiconductor-ai-public-funds a kj:InvestmentPackage ;
                   kj:funder kjd:japan-government ; kj:topic kjt:semiconductors , kjt:ai ;
                   kj:endDate "2030-12-31"^^xsd:date ; kj:targetYear "2030"^^xsd:gYear ;
                   kj:dateWording "오는 2030년까지"@ko ; kj:status kjs:planned ;
                   kj:amount ?yen .
                   ?yen kj:value ?jpy ; kj:currency "JPY" ; kj:approximateEquivalent ?won .
                   ?won kj:value ?krw ; kj:currency "KRW" ; kj:approximate true }
        ?g kj:status kjs:planned .
        FILTER (?jpy = 10000000000000 && ?krw = 95000000000000)
        FILTER NOT EXISTS { ?yen kj:approximate true } }"""),
    ("public-funds-announced-recently-then-talent-and-gpus", """ASK {
        GRAPH ?g { ?ann a kj:Announcement ; kj:organizer kjd:japan-government ;
                   kj:outcome kjd:japan-semiconductor-ai-public-funds ; kj:dateWording "최근"@ko }
        ?g kj:status kjs:occurred .
        ?talent a kj:Initiative ; kj:topic kjt:ai-talent ; kj:country kjd:japan ; kj:status kjs:occurred .
        ?gpu a kj:Initiative ; kj:topic kjt:gpu ; kj:convenedBy kjd:japan-government ; kj:status kjs:occurred . }"""),
    ("ai-bill-passed-house-of-councillors-end-of-may-2025", """ASK {
        GRAPH ?g { ?vote a kj:LegislativeVote ; kj:organizer kjd:house-of-councillors ;
                   kj:outcome ?bill ; kj:date "2025-05"^^xsd:gYearMonth ; kj:dateWording "올해 5월 말"@ko .
                   ?bill a kj:Law ; rdfs:label "AI 관련 기술 연구개발 및 활용 추진에 대한 법률안"@ko }
        ?g kj:status kjs:occurred .
        kjd:house-of-councillors rdfs:label "参議院"@ja ; kj:country kjd:japan . }"""),
    ("japan-rd-budget-6th-to-7th-relative-to-gdp", """ASK {
        ?i a kj:Indicator ; kj:measure kjm:rd-budget-to-gdp-rank ; kj:refArea kjd:japan ;
           kj:minValue ?low ; kj:maxValue ?high ; kj:unit kju:rank .
        FILTER (?low = 6 && ?high = 7) }"""),
    ("jetro-forecasts-23-2-percent-growth-and-1-1035-trillion-yen-in-2027", """ASK {
        GRAPH ?g { ?growth a kj:Forecast ; kj:measuredBy kjd:jetro ; kj:refArea kjd:japan ;
                   kj:value 23.2 ; kj:unit kju:percent ; kj:targetYear "2027"^^xsd:gYear ; kj:status kjs:forecast .
                   ?size a kj:Forecast ; kj:measuredBy kjd:jetro ; kj:measure kjm:ai-market-size ;
                   kj:targetYear "2027"^^xsd:gYear ; kj:dateWording "오는 2027년"@ko ; kj:amount ?m .
                   ?m kj:value ?v ; kj:currency "JPY" ; kj:approximate true }
        ?g kj:status kjs:forecast .
        FILTER (?v = 1103500000000)
        kjd:jetro rdfs:label "日本貿易振興機構"@ja ; skos:altLabel "JETRO"@en . }"""),
    ("generative-ai-market-47-2-percent-a-year-to-about-1-7774-trillion-yen-by-2030", """ASK {
        GRAPH ?g { ?cagr a kj:Forecast ; kj:measure kjm:generative-ai-market-cagr ; kj:value 47.2 ;
                   kj:unit kju:percent ; kj:targetYear "2030"^^xsd:gYear ; kj:status kjs:forecast .
                   ?size a kj:Forecast ; kj:measure kjm:generative-ai-market-size ; kj:amount ?m ;
                   kj:targetYear "2030"^^xsd:gYear .
                   ?m kj:value ?v ; kj:currency "JPY" ; kj:approximate true }
        ?g kj:status kjs:forecast .
        FILTER (?v = 1777400000000) }"""),
    ("insider-japan-behind-in-consumer-software-strong-in-infrastructure", """ASK {
        GRAPH ?g { ?c a kj:Claim ; kj:voicedBy kjd:industry-insiders ; kj:about kjd:japan ;
                   kj:topic kjt:consumer-ai-software , kjt:ai-infrastructure }
        ?g kj:status kjs:assessment .
        ?strengths a kj:Claim ; kj:voicedBy kjd:industry-insiders ; kj:about kjd:openai . }"""),
    ("sicorp-physical-ai-call-by-nrf-and-jst-april-2025", """ASK {
        GRAPH ?g { kjd:nrf-jst-physical-ai-call a kj:CallForProposals ; kj:organizer kjd:nrf , kjd:jst ;
                   kj:partOfProgram kjd:sicorp ; kj:topic kjt:physical-ai ;
                   kj:date "2025-04"^^xsd:gYearMonth ; kj:dateWording "지난 4월"@ko ;
                   skos:altLabel "AI in the Physical World"@en }
        ?g kj:status kjs:occurred .
        kjd:sicorp skos:altLabel "SICORP"@en ; rdfs:label "전략적 국제 공동연구 프로그램"@ko .
        kjd:nrf rdfs:label "한국연구재단"@ko ; kj:country kjd:korea .
        kjd:jst rdfs:label "Japan Science and Technology Agency (JST)"@en ; kj:country kjd:japan . }"""),
    ("sicorp-call-3-projects-up-to-30-million-yen-per-japanese-team-36-months", """ASK {
        GRAPH ?g { kjd:nrf-jst-physical-ai-call kj:funder kjd:nrf , kjd:jst ; kj:numberOfProjects 3 ;
                   kj:duration "P36M"^^xsd:duration ; kj:fundingPerTeam ?m .
                   ?m kj:maxValue ?max ; kj:currency "JPY" }
        ?g kj:status kjs:planned .
        FILTER (?max = 30000000)
        FILTER NOT EXISTS { ?m kj:value ?exact } }"""),
    ("allganize-alli-first-in-japan-and-listing-in-q1-2026", """ASK {
        kjd:alli a kj:Product ; kj:developer kjd:allganize ; rdfs:label "Alli"@en , "알리"@ko .
        ?share a kj:Indicator ; kj:about kjd:alli ; kj:refArea kjd:japan ; kj:rank 1 .
        GRAPH ?g { ?l a kj:StockListing ; kj:lister kjd:allganize ; kj:exchange/kj:country kjd:japan ;
                   kj:startDate "2026-01-01"^^xsd:date ; kj:endDate "2026-03-31"^^xsd:date ;
                   kj:dateWording "내년 1분기"@ko ; kj:status kjs:planned }
        ?g kj:status kjs:planned . }"""),
    ("upstage-japanese-subsidiary-march-2025-and-hiring", """ASK {
        GRAPH ?g { ?o a kj:SubsidiaryOpening ; kj:organizer kjd:upstage ; kj:location kjd:japan ;
                   kj:outcome ?sub ; kj:date "2025-03"^^xsd:gYearMonth ; kj:dateWording "지난 3월"@ko .
                   ?sub kj:subsidiaryOf kjd:upstage ; kj:country kjd:japan .
                   ?hiring a kj:Initiative ; kj:convenedBy kjd:upstage ; kj:topic kjt:ai-talent }
        ?g kj:status kjs:occurred . }"""),
    ("muhayu-kosdaq-listing-h1-2026-and-japanese-subsidiary-h2-2025", """ASK {
        GRAPH ?g { ?l a kj:StockListing ; kj:lister kjd:muhayu ; kj:exchange kjd:kosdaq ;
                   kj:startDate "2026-01-01"^^xsd:date ; kj:endDate "2026-06-30"^^xsd:date ;
                   kj:dateWording "내년 상반기"@ko ; kj:status kjs:planned }
        ?g kj:status kjs:planned .
        GRAPH ?h { ?o a kj:SubsidiaryOpening ; kj:organizer kjd:muhayu ; kj:location kjd:japan ;
                   kj:startDate "2025-07-01"^^xsd:date ; kj:endDate "2025-12-31"^^xsd:date ;
                   kj:dateWording "올해 하반기"@ko ; kj:status kjs:planned }
        ?h kj:status kjs:planned . }"""),
    ("kosa-launched-its-japan-expansion-council-recently", """ASK {
        GRAPH ?g { kjd:kosa-japan-expansion-council a kj:Council ; kj:convenedBy kjd:kosa ;
                   kj:launchedAt ?ceremony ; kj:topic kjt:overseas-expansion .
                   ?ceremony a kj:LaunchCeremony ; kj:organizer kjd:kosa ; kj:dateWording "최근"@ko .
                   kjd:kosa rdfs:label "한국인공지능·소프트웨어산업협회"@ko ; skos:altLabel "KOSA"@en }
        ?g kj:status kjs:occurred .
        kjd:kosa-japan-expansion-council rdfs:label "일본 진출 협의회"@ko ; kj:memberCount 16 . }"""),
    ("jo-jun-hee-is-kosa-chairman-sees-opportunity-and-pledges-support", """ASK {
        kjd:jo-jun-hee a kj:Person ; rdfs:label "조준희"@ko ; kj:role "KOSA 회장"@ko ; kj:headOf kjd:kosa .
        GRAPH ?g { ?claim a kj:Claim ; kj:voicedBy kjd:jo-jun-hee ; kj:about kjd:japan }
        ?g kj:status kjs:assessment .
        GRAPH ?h { ?pledge a kj:Statement ; kj:voicedBy kjd:jo-jun-hee ; kj:about kjd:kosa-japan-expansion-council }
        ?h kj:status kjs:planned . }"""),
    ("caption-lee-visited-furiosaai-in-april-and-greeted-ceo-baek", """ASK {
        GRAPH ?g { ?v a kj:Visit ; kj:visited kjd:furiosaai ; kj:participant kjd:lee-jae-myung , kjd:baek-jun-ho ;
                   kj:date "2025-04"^^xsd:gYearMonth ; kj:dateWording "지난 4월"@ko .
                   kjd:baek-jun-ho rdfs:label "백준호"@ko ; kj:role "퓨리오사AI 대표"@ko ; kj:headOf kjd:furiosaai }
        ?g kj:status kjs:occurred .
        kjd:furiosaai rdfs:label "FuriosaAI"@en , "퓨리오사에이아이"@ko ; skos:altLabel "퓨리오사AI"@ko . }"""),
    ("industry-expects-research-platform-infrastructure-and-chip-cooperation", """ASK {
        GRAPH ?g { ?e a kj:Expectation ; kj:voicedBy kjd:industry-insiders ; kj:status kjs:expected ;
                   kj:about kjd:korea-japan-summit-2025-08-23 , ?platform , ?chips .
                   ?platform a kj:Initiative ; kj:topic kjt:research-and-development ; kj:status kjs:expected .
                   ?chips a kj:Initiative ; kj:topic kjt:semiconductors ; kj:status kjs:expected }
        ?g kj:status kjs:expected . }"""),
    ("industry-expects-an-ai-fund-and-a-joint-voice-on-norms", """ASK {
        GRAPH ?g { ?e a kj:Expectation ; kj:voicedBy kjd:industry-insiders ; kj:about ?fund , ?voice .
                   ?fund a kj:Fund ; kj:party kjd:korea , kjd:japan ; kj:status kjs:expected .
                   ?voice a kj:Initiative ; kj:topic kjt:ai-governance-norms ; kj:status kjs:expected }
        ?g kj:status kjs:expected .
        FILTER NOT EXISTS { ?fund a kj:Agreement } }"""),
    ("insider-short-term-korea-mid-long-term-japan", """ASK {
        ?short a kj:Claim ; kj:voicedBy kjd:industry-insiders ; kj:about kjd:korea ;
               kj:topic kjt:commercialization , kjt:data-utilization ; kj:status kjs:assessment .
        ?long a kj:Claim ; kj:voicedBy kjd:industry-insiders ; kj:about kjd:japan ;
              kj:topic kjt:robotics , kjt:ai-safety-ethics , kjt:standardization ; kj:status kjs:assessment . }"""),
    ("korea-us-summit-planned-in-washington-26-august-kst-25-local", """ASK {
        GRAPH ?g { kjd:korea-us-summit-2025-08-25 a kj:Summit ; kj:location kjd:washington-dc ;
                   kj:participant kjd:lee-jae-myung , kjd:donald-trump ; kj:date "2025-08-25"^^xsd:date ;
                   kj:dateWording "오는 26일 새벽(현지시간 25일)"@ko ; kj:status kjs:planned }
        ?g kj:status kjs:planned .
        kjd:donald-trump kj:role "미국 대통령"@ko ; kj:country kjd:united-states .
        kjd:washington-dc kj:country kjd:united-states . }"""),
    ("trilateral-ai-cooperation-expectations-grow", """ASK {
        GRAPH ?g { ?e a kj:Expectation ; kj:about kjd:korea-us-summit-2025-08-25 , ?coop .
                   ?coop kj:party kjd:korea , kjd:japan , kjd:united-states ; kj:topic kjt:ai ; kj:status kjs:expected }
        ?g kj:status kjs:expected . }"""),
    ("early-august-st-talks-attended-by-ha-and-kratsios", """ASK {
        GRAPH ?g { ?t a kj:Meeting ; kj:date "2025-08"^^xsd:gYearMonth ; kj:dateWording "이달 초"@ko ;
                   kj:topic kjt:ai , kjt:science-technology }
        ?g kj:status kjs:occurred .
        ?t kj:participant kjd:ha-jung-woo , kjd:michael-kratsios . }"""),
    ("ha-jung-woo-and-kratsios-titles", """ASK {
        kjd:ha-jung-woo rdfs:label "하정우"@ko ; kj:role "대통령실 AI미래기획수석"@ko ;
            kj:memberOfGovernment kjd:korea-presidential-office ; skos:altLabel "AI미래기획수석"@ko .
        kjd:korea-presidential-office rdfs:label "대통령실"@ko .
        kjd:michael-kratsios rdfs:label "Michael Kratsios"@en , "마이클 크라치오스"@ko ;
            kj:role "백악관 과학기술정책실(OSTP) 실장"@ko ; kj:headOf kjd:ostp .
        kjd:ostp skos:altLabel "OSTP"@en ; rdfs:label "백악관 과학기술정책실"@ko . }"""),
    ("korea-confirmed-the-meaning-of-full-stack-ai-export", """ASK {
        GRAPH ?g { ?st a kj:Statement ; kj:voicedBy kjd:korea-government ; kj:about kjd:us-ai-action-plan ;
                   kj:topic kjt:full-stack-ai-export ; kj:summary ?s }
        ?g kj:status kjs:occurred .
        kjt:full-stack-ai-export skos:definition ?d .
        FILTER (CONTAINS(?s, "하드웨어와 소프트웨어를 아우르는 총체적 시스템"))
        FILTER (lang(?d) = "en" && CONTAINS(?d, "hardware and software")) }"""),
    ("ai-action-plan-recently-announced-by-the-us", """ASK {
        GRAPH ?g { kjd:us-ai-action-plan a kj:Policy ; kj:issuedBy kjd:us-government ;
                   kj:dateWording "최근"@ko ; rdfs:label "AI 액션플랜"@ko }
        ?g kj:status kjs:occurred . }"""),
    ("some-call-the-action-plan-an-executive-order-to-keep-us-dominance", """ASK {
        GRAPH ?g { kjd:us-ai-action-plan a kj:ExecutiveOrder .
                   ?c a kj:Claim ; kj:voicedBy kjd:some-observers ; kj:about kjd:us-ai-action-plan ; kj:summary ?s }
        ?g kj:status kjs:assessment .
        kjd:some-observers rdfs:label "일각"@ko .
        FILTER (CONTAINS(?s, "행정명령"))
        FILTER NOT EXISTS { GRAPH ?h { kjd:us-ai-action-plan a kj:ExecutiveOrder } ?h kj:status kjs:occurred } }"""),
    ("some-worry-it-obstructs-the-ai-sovereign-strategy", """ASK {
        GRAPH ?g { ?c a kj:Concern ; kj:voicedBy kjd:some-observers ; kj:about kjd:us-ai-action-plan ;
                   kj:concerns ?strategy ; kj:status kjs:concern .
                   ?strategy a kj:Strategy ; kj:topic kjt:ai-sovereignty ; skos:altLabel "AI 소버린 전략"@ko }
        ?g kj:status kjs:concern . }"""),
    ("kosa-report-of-25-july-2025-and-its-two-concerns", """ASK {
        GRAPH ?g { ?r a kj:Report ; kj:publisher kjd:kosa ; kj:date "2025-07-25"^^xsd:date ;
                   kj:dateWording "지난 달 25일"@ko ; dcterms:title "미국 AI 행동 계획에 따른 우리나라 영향"@ko ;
                   kj:about kjd:us-ai-action-plan }
        ?g kj:status kjs:occurred .
        ?self a kj:Concern ; kj:voicedBy kjd:kosa ; kj:reportedIn ?r ; kj:summary ?s1 .
        ?down a kj:Concern ; kj:voicedBy kjd:kosa ; kj:reportedIn ?r ; kj:summary ?s2 .
        FILTER (CONTAINS(?s1, "AI 자립") && CONTAINS(?s2, "하위 공급자")) }"""),
    ("us-moves-may-create-opportunities-open-source-and-ally-preference", """ASK {
        GRAPH ?g { ?e a kj:Expectation ; kj:about kjd:us-ai-action-plan ; kj:topic kjt:open-source-ai , kjt:startups }
        ?g kj:status kjs:expected .
        GRAPH ?h { ?f a kj:Expectation ; kj:about ?policy . ?policy a kj:Policy ; kj:issuedBy kjd:donald-trump ;
                   rdfs:label "트럼프의 동맹국 우대 정책"@ko }
        ?h kj:status kjs:expected . }"""),
    ("some-hope-for-a-trilateral-research-hub-and-joint-projects", """ASK {
        GRAPH ?g { ?e a kj:Expectation ; kj:voicedBy kjd:some-observers ;
                   kj:about ?hub , kjd:korea-japan-summit-2025-08-23 , kjd:korea-us-summit-2025-08-25 .
                   ?hub a kj:Initiative ; kj:party kjd:korea , kjd:japan , kjd:united-states ; kj:status kjs:expected }
        ?g kj:status kjs:expected .
        ?projects a kj:Initiative ; kj:location kjd:seoul , kjd:tokyo , kjd:silicon-valley ; kj:status kjs:expected . }"""),
    ("data-centre-race-is-happening-and-us-cloud-cooperation-is-hoped-for", """ASK {
        GRAPH ?g { ?race a kj:Initiative ; kj:party kjd:korea , kjd:japan ; kj:topic kjt:ai-data-centers ;
                   kj:dateWording "최근"@ko ; kj:status kjs:occurred }
        ?g kj:status kjs:occurred .
        GRAPH ?h { ?e a kj:Expectation ; kj:about ?race , ?rd , ?talent .
                   ?rd kj:party kjd:us-cloud-companies ; kj:topic kjt:ai-chips .
                   ?talent kj:party kjd:us-cloud-companies ; kj:topic kjt:talent-exchange }
        ?h kj:status kjs:expected . }"""),
    ("insider-korea-core-partner-against-china-and-summit-turning-point", """ASK {
        GRAPH ?g { ?c a kj:Claim ; kj:voicedBy kjd:industry-insiders ; kj:about kjd:us-ai-action-plan , kjd:china }
        ?g kj:status kjs:assessment .
        ?t a kj:Claim ; kj:voicedBy kjd:industry-insiders ; kj:about kjd:korea-us-summit-2025-08-25 ;
           kj:topic kjt:semiconductors . }"""),
    ("insider-tension-easing-and-trilateral-voice-in-apec-ipef-g7", """ASK {
        ?c a kj:Claim ; kj:voicedBy kjd:industry-insiders ; kj:topic kjt:trade-tensions ; kj:status kjs:assessment .
        GRAPH ?g { ?e a kj:Expectation ; kj:voicedBy kjd:industry-insiders ; kj:about kjd:apec , kjd:ipef , kjd:g7 }
        ?g kj:status kjs:expected .
        kjd:apec a kj:InternationalForum . kjd:ipef a kj:InternationalForum . kjd:g7 a kj:InternationalForum . }"""),
    ("korea-aims-to-be-a-top-3-ai-power", """ASK {
        GRAPH ?g { ?s a kj:Strategy ; kj:country kjd:korea ; kj:topic kjt:ai ; kj:summary ?text }
        ?g kj:status kjs:planned .
        FILTER (CONTAINS(?text, "3대 강국")) }"""),
]


@pytest.mark.parametrize("query", [q for _, q in FACTS], ids=[name for name, _ in FACTS])
def test_fact(store, query):
    assert answer(store, query) == {"boolean": True}


def test_there_are_at_least_forty_facts():
    assert len(FACTS) >= 40 and len({name for name, _ in FACTS}) == len(FACTS)


def _values(store, query: str) -> list:
    return [row[0] if len(row) == 1 else tuple(row) for row in answer(store, query)["rows"]]


def test_summit_participants_are_exactly_lee_and_ishiba(store):
    assert _values(store, """SELECT ?name WHERE { kjd:korea-japan-summit-2025-08-23 kj:participant/rdfs:label ?name
                                                 FILTER (lang(?name) = "en") } ORDER BY ?name""") == [
        "Ishiba Shigeru@en", "Lee Jae-myung@en"]


def test_council_has_exactly_these_sixteen_members(store):
    members = _values(store, """SELECT ?ko WHERE { kjd:kosa-japan-expansion-council kj:member ?m .
                                   ?m a kj:Company ; kj:country kjd:korea ; rdfs:label ?ko FILTER (lang(?ko) = "ko") }""")
    assert sorted(members) == sorted(f"{name}@ko" for name in (
        "에브리존", "블루문소프트", "이지테이크", "사이버다임", "메가커리어랩", "크라우드웍스", "퓨리오사에이아이",
        "올에이아이", "동서정보시스템", "유라클", "아이티엔비즈", "세르딕", "코라이퍼스택", "모빌테크", "딥인사이트",
        "윈스테크넷"))


def test_four_cooperation_areas_stressed_with_the_us(store):
    areas = _values(store, """SELECT ?ko WHERE { ?st a kj:Statement ; kj:voicedBy kjd:korea-government ;
                                 kj:about kjd:korea-us-st-ai-talks-2025-08 ; kj:topic ?t .
                                 ?t skos:prefLabel ?ko FILTER (lang(?ko) = "ko") FILTER (?t != kjt:full-stack-ai-export) }
                              ORDER BY ?ko""")
    assert areas == ["AI데이터센터 및 에너지@ko", "과학 AI@ko", "오픈소스 AI@ko", "제조 AI@ko"]


def test_countries_carry_iso_codes(store):
    assert _values(store, "SELECT ?c ?code WHERE { ?c a kj:Country ; skos:notation ?code } ORDER BY ?code") == [
        ("kjd:china", "CN"), ("kjd:japan", "JP"), ("kjd:korea", "KR"), ("kjd:united-states", "US")]


def test_recent_events_get_no_invented_date(store):
    recent = _values(store, """SELECT ?n WHERE { ?n kj:dateWording "최근"@ko } ORDER BY ?n""")
    assert recent == ["kjd:japan-public-funds-announcement", "kjd:korea-japan-data-center-race",
                      "kjd:kosa-japan-council-launch-ceremony", "kjd:us-ai-action-plan"]
    assert answer(store, """ASK { ?n kj:dateWording "최근"@ko ;
                                 kj:date|kj:startDate|kj:endDate|kj:targetYear ?d }""") == {"boolean": False}


def test_every_other_date_wording_is_resolved(store):
    unresolved = _values(store, """SELECT ?n WHERE { ?n kj:dateWording ?w FILTER (str(?w) != "최근")
        FILTER NOT EXISTS { ?n kj:date|kj:startDate|kj:endDate|kj:targetYear ?d } }""")
    assert unresolved == []


def test_money_always_has_a_currency_and_an_amount(store):
    bad = _values(store, """SELECT ?m WHERE { ?m a kj:MonetaryAmount .
        FILTER NOT EXISTS { ?m kj:currency ?c ; kj:value|kj:maxValue ?v } }""")
    assert bad == []


def test_expectations_never_look_like_agreements(store):
    assert answer(store, "ASK { ?e a kj:Expectation , kj:Agreement }") == {"boolean": False}
    assert answer(store, """ASK { ?a a kj:Agreement . FILTER NOT EXISTS { ?a kj:status kjs:agreed } }""") == {
        "boolean": False}
    assert answer(store, """ASK { GRAPH ?g { ?n a ?cls ; kj:status ?s } ?g kj:status kjs:expected .
        VALUES ?cls { kj:Initiative kj:Fund } FILTER (?s != kjs:expected) }""") == {"boolean": False}
    assert answer(store, """ASK { GRAPH ?g { ?n a kj:Expectation } ?g kj:status ?s
        VALUES ?s { kjs:occurred kjs:agreed } }""") == {"boolean": False}


def test_japanese_actors_and_places_have_japanese_labels(store):
    missing = _values(store, """SELECT ?e WHERE {
        VALUES ?e { kjd:japan kjd:tokyo kjd:ishiba-shigeru kjd:japan-government kjd:jetro kjd:jst kjd:sicorp
                    kjd:house-of-councillors kjd:japan-pm-official-residence kjd:upstage-japan
                    kjd:japanese-stock-market }
        FILTER NOT EXISTS { ?e rdfs:label ?l FILTER (lang(?l) = "ja") } }""")
    assert missing == []


def test_companies_use_their_own_english_names(store):
    names = dict(_values(store, """SELECT ?c ?en WHERE {
        VALUES ?c { kjd:furiosaai kjd:crowdworks kjd:upstage kjd:allganize kjd:muhayu kjd:uracle kjd:mobiltech }
        ?c rdfs:label ?en FILTER (lang(?en) = "en") }"""))
    assert names == {"kjd:furiosaai": "FuriosaAI@en", "kjd:crowdworks": "Crowdworks@en", "kjd:upstage": "Upstage@en",
                     "kjd:allganize": "Allganize@en", "kjd:muhayu": "Muhayu@en", "kjd:uracle": "Uracle@en",
                     "kjd:mobiltech": "Mobiltech@en"}
