"""Events and agreements named in a sentence: summits, talks, visits, launches, calls, listings.

:func:`find_event` returns the :class:`EventCue` of the sentence's event word
— its ``kj:`` class, the words as written and their span — or ``None``:

=====================  ==============================================  ==============================
class                  Korean                                          English / Japanese
=====================  ==============================================  ==============================
``Summit``             정상회담, 확대정상회담                            summit / 首脳会談
``Meeting``            회담, 회의, 회동, 면담, 간담회, 논의했다          talks, meeting, met / 会談, 会合
``Visit``              방문                                            visit(ed) / 訪問
``LaunchCeremony``     발족식, 출범식, 출범했다, 발족했다              launch ceremony, launched / 発足
``CallForProposals``   공모                                            call for proposals / 公募
``StockListing``       상장                                            IPO, listing / 上場
``SubsidiaryOpening``  법인 설립, 지사 설립                            subsidiary, office opening / 法人設立
``Announcement``       발표했다                                        announced / 発表
``LegislativeVote``    가결, 통과 (법안)                               passed (bill) / 可決
``Agreement``          협약, 양해각서, MOU, 협정, 합의                 memorandum, MOU, agreement / 覚書, 合意
=====================  ==============================================  ==============================

In Korean and Japanese the event word nearest the end of the sentence wins (it
is what the governing verb is about); in English the first.

Examples
--------
>>> e = find_event("이 대통령은 지난 23일 도쿄에서 한일정상회담을 가졌다", "ko")
>>> e.cls, e.words, e.phrase
('Summit', '정상회담', '한일정상회담')
>>> find_event("Seoul and Tokyo signed a memorandum of understanding on AI.", "en").cls
'Agreement'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["EventCue", "find_event", "find_events", "EVENT_CLASSES"]


@dataclass(frozen=True)
class EventCue:
    """The event word of a sentence: ``cls`` is a ``kj:`` class local name; ``phrase`` the whole word as written."""

    cls: str
    words: str
    start: int
    end: int
    phrase: str


_KO = [
    (r"(?:확대)?정상회담", "Summit"), (r"회담", "Meeting"), (r"회의(?!체|원|장)", "Meeting"), (r"회동", "Meeting"),
    (r"면담", "Meeting"), (r"간담회", "Meeting"), (r"참석(?=했|하|한)", "Meeting"),
    (r"(?<![가-힣])(?:만나(?=기로|고|서|ㄹ)|만날|만났)", "Meeting"), (r"논의(?=했|한\s?바|하고|를\s?가졌|를\s?진행)", "Meeting"),
    (r"방문", "Visit"), (r"발족식|출범식", "LaunchCeremony"), (r"(?:출범|발족)(?=했|하고|시켰|식)", "LaunchCeremony"),
    (r"공모", "CallForProposals"), (r"(?:증시|코스닥|코스피|거래소|나스닥)?\s?상장(?!사|기업|폐지)", "StockListing"),
    (r"(?:현지\s?)?(?:법인|지사|지점|사무소)(?:을|를)?\s?(?:설립|개설|세우)", "SubsidiaryOpening"),
    (r"발표(?=했|하며|하고|한\s?(?:후|뒤))", "Announcement"), (r"가결|(?<=법안이\s)통과|(?<=법률안이\s)통과", "LegislativeVote"),
    (r"업무협약|협약|양해각서|MOU|협정|합의문|합의", "Agreement"),
]
_EN = [
    (r"\bsummit\b", "Summit"), (r"\b(?:talks|meeting|met with|met|held talks|attended)\b", "Meeting"),
    (r"\bvisit(?:ed|s)?\b", "Visit"), (r"\blaunch ceremony\b|\blaunched\b|\binaugurat(?:ed|ion)\b", "LaunchCeremony"),
    (r"\bcall for (?:proposals|applications|projects)\b", "CallForProposals"),
    (r"\bIPO\b|\b(?:stock\s)?listing\b|\blist(?:ed)? (?:its|their) shares\b|\bgo public\b", "StockListing"),
    (r"\b(?:set up|opened|open|opens|establish(?:ed|es)?|launch(?:ed|es)?) (?:an?|its|their) (?:\w+ ){0,2}"
     r"(?:subsidiary|office|branch|unit)\b",
     "SubsidiaryOpening"),
    (r"\bannounced\b", "Announcement"), (r"\bpassed (?:the|a) (?:\w+ )?(?:bill|law|act)\b", "LegislativeVote"),
    (r"\bmemorandum(?: of understanding)?\b|\bMOU\b|\bMoU\b|\bagreement\b|\bpact\b|\bdeal\b|\baccord\b", "Agreement"),
]
_JA = [
    (r"首脳会談", "Summit"), (r"会談|会合|会議", "Meeting"), (r"訪問", "Visit"), (r"発足式|発足", "LaunchCeremony"),
    (r"公募", "CallForProposals"), (r"上場", "StockListing"), (r"法人(?:を)?設立", "SubsidiaryOpening"),
    (r"発表", "Announcement"), (r"可決", "LegislativeVote"), (r"覚書|協定|合意", "Agreement"),
]

#: Every class :func:`find_event` may return.
EVENT_CLASSES = tuple(sorted({c for table in (_KO, _EN, _JA) for _, c in table}))


def find_events(sentence: str, lang: str, *, offset: int = 0) -> list[EventCue]:
    """Every event word of the sentence, in text order (a word inside a longer one is left out).

    Examples
    --------
    >>> [e.cls for e in find_events("회담을 나눈 양국 정상은 협력을 추진키로 합의했다", "ko")]
    ['Meeting', 'Agreement']
    """
    table = {"ko": _KO, "ja": _JA}.get(lang, _EN)
    found = []
    for pattern, cls in table:
        for m in re.finditer(pattern, sentence, 0 if lang != "en" else re.I):
            s, e = m.span()
            while s < e and sentence[s].isspace():
                s += 1
            found.append((s, e, cls))
    found = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) > (f[1] - f[0])
                                         for o in found)]
    out = []
    for s, e, cls in sorted(set(found)):
        ws = s
        while ws > 0 and not sentence[ws - 1].isspace() and sentence[ws - 1] not in "'\"‘“(▲,":
            ws -= 1
        pair = re.search(r"(?:^|\s)((?:한|미|일|중|북|러)(?:·?(?:한|미|일|중|북|러)){1,2})\s$", sentence[:ws])
        if pair and lang == "ko":  # "한일 확대정상회담"
            ws = pair.start(1)
        phrase = sentence[ws:e] if lang == "ko" else sentence[s:e]  # Japanese has no blanks between words
        out.append(EventCue(cls, sentence[s:e], offset + s, offset + e, phrase))
    return out


def find_event(sentence: str, lang: str, *, offset: int = 0) -> EventCue | None:
    """The event word that the sentence is about, or ``None``.

    Examples
    --------
    >>> find_event("올거나이즈는 내년 1분기 일본 증시 상장을 추진한다", "ko").cls
    'StockListing'
    >>> find_event("이재명 대통령이 지난 4월 퓨리오사AI를 방문해 인사를 나눴다", "ko").cls
    'Visit'
    >>> find_event("올해 매출이 늘었다", "ko") is None
    True
    """
    found = find_events(sentence, lang, offset=offset)
    if not found:
        return None
    return max(found, key=lambda f: f.end) if lang in ("ko", "ja") else min(found, key=lambda f: f.start)
