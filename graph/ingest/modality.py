"""What kind of statement a sentence makes, from its verbs and cue words.

:func:`classify_status` returns one of the project's statuses (``kjs:``):
``occurred``, ``agreed``, ``planned``, ``forecast``, ``expected``, ``concern``
or ``assessment``, with the cue words that decided it and why.

The rules follow how each language puts its weight:

* Korean and Japanese end a sentence with its governing predicate, so the cue
  nearest the end of the **last clause** decides (``…강조하며 … 합의했다`` is
  agreed, ``우려를 딛고 출범했다`` occurred).  A clause ends at a connective
  ending (``-며``, ``-고``, ``-지만``) followed by a blank.
* English puts the main verb first, so the first specific cue decides
  (``agreed to pursue`` beats the ``plan`` that follows).
* Reported speech (``…"고 말했다``, ``"…," he said``) takes the status of what
  was said: a plan (``…겠다``) is planned, a worry is a concern, an outlook
  expected; an opinion or analysis (``분석했다``, ``평가했다``) is an assessment.
* A forecast is a projection *with numbers*: ``전망``/``forecast`` with a
  percentage or an amount is ``forecast``, without one ``expected``.
* With no cue at all, a statement in the past or present tense ``occurred``.

Examples
--------
>>> classify_status("양국 정상은 협력 강화를 강조하며 수소 협력을 추진키로 합의했다.", "ko").status
'agreed'
>>> classify_status("업계에선 양국이 공동 연구 플랫폼을 설립할 것으로 예상했다.", "ko").status
'expected'
>>> classify_status("시장은 연평균 47.2% 성장할 것으로 전망됐다.", "ko", has_numbers=True).status
'forecast'
>>> classify_status("The two governments signed a memorandum on AI safety.", "en").status
'agreed'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["StatusGuess", "Segment", "classify_status", "segment_statuses", "STATUSES"]

#: The project's statement statuses (``kjs:`` local names).
STATUSES = ("occurred", "agreed", "planned", "forecast", "expected", "concern", "assessment")


@dataclass(frozen=True)
class StatusGuess:
    """The guessed status, the words that decided it and a one-line reason."""

    status: str
    cues: tuple[str, ...]
    reason: str
    speaker_verb: str = ""


def _rx(*parts: str) -> re.Pattern:
    return re.compile("|".join(parts))


# ---- Korean ------------------------------------------------------------------------------------
# (status, pattern); "forecast" cues become "expected" when the sentence has no number.
_KO_CUES: list[tuple[str, re.Pattern]] = [
    ("agreed", _rx(r"합의(?:했|하였|하고|하며|키로|해|에\s?이르|에\s?도달|를\s?이뤘|를\s?도출|안에\s?서명)",
                   r"체결(?:했|하였|하고|하며|해)", r"서명(?:했|하였|하고|하며|해)", r"의견을\s?모았", r"뜻을\s?(?:모았|같이)",
                   r"(?:MOU|양해각서|협약|협정|계약)(?:을|를)\s?(?:맺|체결|교환)", r"(?:합의|체결|서명)(?=[.\s]*$)", r"합의문")),
    ("planned", _rx(r"계획[\"”']?(?:이다|이며|이라|을\s?세우|을\s?밝혔|했다|하고\s?있|이었)",
                    r"예정[\"”']?(?:이다|이며|이라|으로|이었|된|이던)",
                    r"추진(?:한다|하고\s?있다|할|하기로|키로|\s?중|해\s?나갈|할\s?방침|하겠)", r"(?:키|기)로\s?했",
                    r"하기로", r"목표로", r"목표(?:다|이다|이며)", r"방침(?:이다|이며|을)", r"겠다", r"겠습니다",
                    r"구상(?:이다|하고)", r"준비\s?중", r"검토\s?중", r"착수할", r"계획된", r"나설\s?방침",
                    r"(?:설립|개최|출시|도입|시행|투입|지원)할\s?(?:계획|예정|방침)")),
    ("forecast", _rx(r"전망(?:이다|했다|됐다|된다|되고|치|하고)", r"내다(?:봤|보고|본다|봤다)", r"예측(?:했|된|한다|하고|치)",
                     r"추정(?:했|된|한다|치)", r"예상(?:된다|됐다|치)", r"(?:것으로|것이라고)\s?예상했",
                     r"관측(?:된다|됐다)")),
    ("expected", _rx(r"기대(?:감|된다|됐다|했다|하고|를|한다|하는|했|가|도)", r"(?:것으로|것이라고)\s?(?:예상|관측|전망)",
                     r"전망도\s?나왔", r"관측(?:된다|이다|도|이\s?나온)",
                     r"(?:될|할|있을|나설|높일|커질|늘어날|이어질|확대될|강화될)\s?것[\"”']?(?:으로|이란|이라는|이라고|이다|$)",
                     r"원했", r"바란다", r"바랐", r"희망(?:했|한다|하고)", r"눈치", r"해석도", r"점쳐", r"가능성이\s?제기")),
    ("concern", _rx(r"우려(?:했|된다|하고|가|를|의|도|한다|스럽|감|하는|했다|가\s?나)", r"걱정", r"경계(?:했|하고|한다|심|감|해야)",
                    r"걸림돌", r"위협", r"리스크", r"부작용", r"악영향", r"타격", r"(?<![가-힣])불안", r"비판(?:했|하고|이|의)",
                    r"반발", r"경고(?:했|하고|한)", r"(?<![가-힣])위기")),
    ("assessment", _rx(r"평가(?:되|받|했|한다|하고|됐|된다|다)", r"분석(?:했|이다|된다|하고)", r"보인다", r"보고\s?있다",
                       r"풀이된다", r"가능성이\s?(?:높|크|있)", r"매력적", r"강점", r"약점", r"뒤처", r"경쟁력이\s?(?:높|낮)",
                       r"지적(?:했|하고)", r"셈이다", r"주목된다", r"관심이\s?쏠린다", r"짚었", r"판단(?:했|된다|이다)",
                       r"여겨진다", r"꼽힌다", r"평이다", r"수\s?있다", r"필요(?:가|하다|성)", r"유리", r"불리")),
]
_KO_OCCURRED = re.compile(r"(?:[했였었았됐졌났왔갔섰웠켰렸쳤])다|가졌|열었|고\s?있다|한\s?바\s?있|(?:이|가)\s?있다|"
                          r"(?:했|였|었|았|됐)(?:으며|고|지만|는데)")
_KO_SPEECH = re.compile(r"(?:고|라고|라며|며)?\s?(?P<verb>말했|밝혔|강조했|덧붙였|전했|설명했|언급했|말한|밝힌|주장했|"
                        r"분석했|평가했|짚었|지적했|내다봤|전망했|우려했|예상했|기대했|설명한|답했)")
_KO_CONTENT_VERBS = {"분석했": "assessment", "평가했": "assessment", "짚었": "assessment", "지적했": "assessment",
                     "주장했": "assessment", "내다봤": "forecast", "전망했": "forecast", "우려했": "concern",
                     "예상했": "forecast", "기대했": "expected"}
# A clause ends at a connective ending followed by a blank (or a comma).
_KO_CLAUSE = re.compile(r"(?:하며|으며|이며|며|하고|고|지만|는데|면서|어서|아서|해서|한 후|한 뒤|한 데 이어|는 가운데|"
                        r"ㄴ 만큼|인 만큼|는 만큼|한편)[,\"”']*\s(?!있|싶|계시)")

# ---- English -----------------------------------------------------------------------------------
_EN_CUES: list[tuple[str, re.Pattern]] = [
    ("agreed", re.compile(r"\b(?:agreed|agree to|agreeing|signed|sign(?:ed)? an?|inked|concluded an? (?:agreement|deal)|"
                          r"(?:sign|signs|ink|inks)\s(?:an?\s)?(?:memorandum|MOU|MoU|agreement|deal|pact|accord)|"
                          r"reached an? (?:agreement|deal|consensus)|struck an? deal|entered into an? (?:agreement|pact)|"
                          r"pledged jointly)\b", re.I)),
    ("concern", re.compile(r"\b(?:concern(?:s|ed)?|worr(?:y|ied|ies)|fear(?:s|ed)?|warn(?:s|ed|ing)?|risks?|threat(?:s|en)?|"
                           r"caution(?:ed)?|alarm(?:ed)?|criticiz(?:e|ed)|criticis(?:e|ed)|obstacle|hinder)\b", re.I)),
    ("planned", re.compile(r"\b(?:plan(?:s|ned)? to|plans? for|aims? to|intends? to|is set to|are set to|scheduled|"
                           r"(?:(?:we|I|it|they|he|she|[A-Z][\w.&'-]*|company|companies|firms?|government|governments|"
                           r"ministry|agency|association|members?)(?:\s+also)?\s+)will (?!likely|probably|be able)|"
                           r"is to|are to|to be held|pledged|vowed|committed to|"
                           r"is preparing|are preparing|target(?:s|ing|ed)?|goal)\b", re.I)),
    ("forecast", re.compile(r"\b(?:forecasts?|forecasted|projected|projects|projection|predicts?|predicted|estimates?|"
                            r"estimated|expects? .{0,40}?to (?:grow|reach|rise|increase|expand|fall)|outlook)\b", re.I)),
    ("expected", re.compile(r"\b(?:expected to|expects?|hope(?:s|d)?|anticipat(?:e|es|ed)|likely to|could|may|might|will|"
                            r"is poised to|are poised to|hopes are|expectations?)\b", re.I)),
    ("assessment", re.compile(r"\b(?:assess(?:es|ed|ment)?|analy[sz](?:is|ed|es)|believes?|argued?|considered|rated|"
                              r"views?|seen as|is (?:strong|weak|competitive|attractive)|lags?|leads? the|"
                              r"strength|weakness|advantage)\b", re.I)),
]
_EN_OCCURRED = re.compile(r"\b(?:\w+ed|held|met|took|began|opened|launched|visited|announced|said|was|were|"
                          r"became|won|made|set up|spent|raised|hosted|joined|led|paid|sold|built|gave|saw|has|have)\b", re.I)
_EN_SPEECH = re.compile(r"\b(?P<verb>said|says|told|stated|noted|added|explained|according to)\b", re.I)

# ---- Japanese ----------------------------------------------------------------------------------
_JA_CUES: list[tuple[str, re.Pattern]] = [
    ("agreed", _rx(r"合意(?:した|し|する|に達|文)", r"締結(?:した|し)", r"署名(?:した|し)", r"覚書を交わ")),
    ("planned", _rx(r"予定(?:だ|です|である|で)", r"計画(?:だ|です|している|する)", r"方針(?:だ|です|を)", r"目指す", r"目指し",
                    r"する考え", r"目標", r"検討している", r"準備を進め")),
    ("forecast", _rx(r"見込み", r"見通し", r"予測(?:した|され|する)", r"予想(?:され|した)", r"推計")),
    ("expected", _rx(r"期待(?:され|する|が|を)", r"とみられ", r"見られ")),
    ("concern", _rx(r"懸念", r"警戒", r"不安", r"リスク", r"脅威", r"懸念を示し")),
    ("assessment", _rx(r"評価(?:され|した|する)", r"分析(?:した|する|して)", r"可能性が(?:高|ある)", r"強み", r"弱み", r"と指摘")),
]
_JA_OCCURRED = re.compile(r"(?:した|された|開いた|行った|だった|であった|している|ている|た)[。」]*$|た。")
_JA_SPEECH = re.compile(r"と(?P<verb>述べた|語った|話した|説明した|強調した|明らかにした|指摘した|分析した)")


def classify_status(sentence: str, lang: str, *, has_numbers: bool = False) -> StatusGuess:
    """Guess the status of ``sentence``; ``has_numbers`` says whether it holds a percentage or amount.

    Examples
    --------
    >>> g = classify_status('조 회장은 "지원을 아끼지 않겠다"고 말했다.', "ko")
    >>> g.status, g.cues
    ('planned', ('겠다', '말했'))
    >>> classify_status("KOSA는 최근 발족식을 열었다.", "ko").status
    'occurred'
    >>> classify_status("일각에선 걸림돌이 될 것으로 우려했다.", "ko").status
    'concern'
    >>> classify_status("Analysts said the market could double.", "en").status
    'expected'
    """
    if lang == "ko":
        guess = _final_clause_guess(sentence, _KO_CUES, _KO_OCCURRED, _KO_SPEECH, _KO_CLAUSE, has_numbers)
    elif lang == "ja":
        guess = _final_clause_guess(sentence, _JA_CUES, _JA_OCCURRED, _JA_SPEECH, re.compile(r"(?:し|て)、"),
                                    has_numbers)
    else:
        guess = _english(sentence, has_numbers)
    return guess


def _matches(text: str, cues, base: int = 0) -> list[tuple[int, int, str, str]]:
    out = []
    for status, rx in cues:
        for m in rx.finditer(text):
            out.append((base + m.start(), base + m.end(), status, m.group(0).strip()))
    return out


def _numbers_fix(status: str, has_numbers: bool) -> str:
    if status == "forecast" and not has_numbers:
        return "expected"
    return status


def _quoted(text: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for m in re.finditer(r"[\"“”「」『』]", text):
        ch = m.group()
        if ch in "“「『" or (ch == '"' and not stack):
            stack.append(m.start())
        elif stack:
            spans.append((stack.pop(), m.end()))
    return spans


def _final_clause_guess(sentence, cues, occurred_rx, speech_rx, clause_rx, has_numbers) -> StatusGuess:
    body = sentence.rstrip(" .。!?！？\"”'’)")
    found = _matches(body, cues)
    speech = None
    for m in speech_rx.finditer(body):
        speech = m  # the last speech verb
    quotes = _quoted(sentence)
    if speech is not None and body[speech.end():].strip(" .다") == "" or speech is not None and \
            len(body) - speech.end() <= 3:
        verb = speech.group("verb")
        own = _KO_CONTENT_VERBS.get(verb) or {"指摘した": "assessment", "分析した": "assessment"}.get(verb)
        inside = [f for f in found if any(qs <= f[0] < qe for qs, qe in quotes)]
        if own and own != "assessment":
            status = _numbers_fix(own, has_numbers)
            return StatusGuess(status, _cues(inside[-1:], verb), f"reported with '{verb}'", verb)
        if inside:
            last_quote = max(quotes, key=lambda q: q[1])
            in_last = [f for f in inside if last_quote[0] <= f[0] < last_quote[1]] or inside
            best = max(in_last, key=lambda f: (f[1], -_rank(f[2])))
            status = _numbers_fix(best[2], has_numbers)
            if status == "occurred":
                status = "assessment"
            return StatusGuess(status, _cues([best], verb), f"what was said ('{best[3]}'), reported with '{verb}'",
                               verb)
        if own:
            return StatusGuess(own, (verb,), f"an analysis reported with '{verb}'", verb)
        indirect = re.search(r"(?:다|라|이라)고\s*(?:\d+일\s*)?(?:[가-힣]+\s+)?$", body[:speech.start() + 1])
        if not quotes and indirect:  # "…체결했다고 밝혔다": what was reported
            content = [f for f in found if f[1] <= indirect.end()]
            if content:
                best = max(content, key=lambda f: (f[1], -_rank(f[2])))
                return StatusGuess(_numbers_fix(best[2], has_numbers), _cues([best], verb),
                                   f"what was reported ('{best[3]}'), with '{verb}'", verb)
            past = occurred_rx.search(body[:indirect.end()][-12:])
            if past:
                return StatusGuess("occurred", (past.group(0).strip(), verb), f"a reported fact, with '{verb}'", verb)
            future = re.search(r"(?:[가-힣]ㄴ|한|는|된|할)다고", body[:indirect.end()][-8:]) or \
                re.search(r"[가-힣](?:ㄴ|는)다고\s*$", body[:indirect.end()])
            if future or re.search(r"(?:한|는|된)다고\s*(?:\d+일\s*)?(?:[가-힣]+\s+)?$", body[:speech.start() + 1]):
                return StatusGuess("planned", (verb,), f"an announced present or future action, with '{verb}'", verb)
        if quotes:
            return StatusGuess("assessment", (verb,), f"a quoted view reported with '{verb}'", verb)
        return StatusGuess("occurred", (verb,), f"a statement made ('{verb}')", verb)
    # the last clause: after the last connective ending outside quotes
    start = 0
    for m in clause_rx.finditer(body):
        if not any(qs <= m.start() < qe for qs, qe in quotes):
            start = m.end()
    last = [f for f in found if f[1] > start]
    if last:
        best = max(last, key=lambda f: (f[1], -_rank(f[2])))
        status = _numbers_fix(best[2], has_numbers)
        return StatusGuess(status, _cues([best]), f"'{best[3]}' in the last clause")
    tail = body[start:]
    occurred = list(occurred_rx.finditer(tail))
    if occurred:
        return StatusGuess("occurred", (occurred[-1].group(0).strip(),),
                           f"past or ongoing action ('{occurred[-1].group(0).strip()}') and no other cue")
    if found:
        best = max(found, key=lambda f: (f[1], -_rank(f[2])))
        status = _numbers_fix(best[2], has_numbers)
        return StatusGuess(status, _cues([best]), f"'{best[3]}', the last cue of the sentence")
    return StatusGuess("occurred", (), "no cue: a plain statement of fact")


def _rank(status: str) -> int:
    return STATUSES.index(status)


def _cues(found, *extra: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys([f[3] for f in found] + [e for e in extra if e]))


def _english(sentence: str, has_numbers: bool) -> StatusGuess:
    found = sorted(_matches(sentence, _EN_CUES), key=lambda f: (f[0], _rank(f[2])))
    # "to be signed", "will sign" are not (yet) agreements
    found = [f for f in found if not (f[2] == "agreed" and re.search(r"(?:to be|will|would|could|may)\s+$",
                                                                      sentence[:f[0]]))]
    speech = _EN_SPEECH.search(sentence)
    if speech:
        quotes = _quoted(sentence)
        if quotes:
            inside = [f for f in found if any(qs <= f[0] < qe for qs, qe in quotes)]
        elif speech.start() > 0.6 * len(sentence):  # "…, analysts said."
            inside = [f for f in found if f[1] < speech.start()]
        else:  # "Analysts said (that) …"
            inside = [f for f in found if f[0] > speech.end()]
        inside = [f for f in inside if f[3].lower() not in ("said", "says")]
        if inside:
            best = inside[0]
            status = _numbers_fix(best[2], has_numbers)
            if status == "occurred":
                status = "assessment"
            return StatusGuess(status, _cues([best], speech.group("verb")),
                               f"what was said ('{best[3]}'), reported with '{speech.group('verb')}'",
                               speech.group("verb"))
        if quotes:
            return StatusGuess("assessment", (speech.group("verb"),),
                               f"a quoted view reported with '{speech.group('verb')}'", speech.group("verb"))
    specific = [f for f in found]
    if specific:
        best = specific[0]
        if best[2] in ("planned",) and best[3].lower().startswith("will") and has_numbers and \
                re.search(r"\b(?:grow|reach|rise|increase|expand|double|triple)\b", sentence, re.I):
            return StatusGuess("forecast", (best[3],), "a projected figure ('will … grow/reach')")
        status = _numbers_fix(best[2], has_numbers)
        return StatusGuess(status, _cues([best]), f"'{best[3]}', the first cue of the sentence")
    occurred = _EN_OCCURRED.search(sentence)
    if occurred:
        return StatusGuess("occurred", (occurred.group(0),), f"past-tense verb '{occurred.group(0)}' and no other cue")
    return StatusGuess("occurred", (), "no cue: a plain statement of fact")


# --- clauses ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A run of clauses of one sentence that state the same kind of thing (offsets into the sentence)."""

    start: int
    end: int
    guess: StatusGuess


_KO_PAST_LINK = re.compile(r"(?:한|된|던|했던)\s(?:후|뒤|데\s이어|다음)[,]?\s*$|(?:했|였|었|았|됐)(?:으며|고|지만|는데)[,\"”']*\s*$|"
                           r"한\s바\s있(?:으며|고)\s*$")
_KO_SAID_LINK = re.compile(r"(?:강조|언급|설명|확인|논의|지적|평가)(?:하며|하고|했으며|했고)[,]?\s*$")
_KO_PAST_END = re.compile(r"(?:[했였었았됐졌났왔갔섰웠켰렸쳤])다|고\s?있다|바\s?있다|(?:이|가)\s?있다|(?:했|였|었|았|됐)(?:다|고)")
_KO_REPORT_ONLY = re.compile(r"^\s*(?:\d+일\s*)?(?:[가-힣]+\s+)?(?:말했|밝혔|강조했|덧붙였|전했|설명했|언급했|우려했|기대했|"
                             r"예상했|분석했|평가했|지적했|짚었|내다봤|전망했|주장했|보고했|발표했)다[.\s\"”']*$")
_KO_PLAN_LINK = re.compile(r"(?:예정|계획|방침)(?:으로|이며|이고)[,]?\s")


def segment_statuses(sentence: str, lang: str, *, has_numbers=lambda start, end: False) -> list[Segment]:
    """Split a Korean sentence into clauses and group them by status; one segment for other languages.

    A clause ends at a connective ending outside quotes (``-며``, ``-고``, ``-지만``,
    ``-한 후``, ``-한 데 이어``, ``…예정으로,``).  Each clause takes its own cue;
    a clause without one takes the past of its connective (``발표한 후`` occurred)
    or else the status of the sentence; in reported speech each quoted clause
    takes what it says.  Neighbouring clauses with the same status are merged.

    Examples
    --------
    >>> s = "올거나이즈는 점유율 1위를 기록한 데 이어 내년 1분기 상장을 추진한다"
    >>> [(s[g.start:g.end], g.guess.status) for g in segment_statuses(s, "ko")]
    [('올거나이즈는 점유율 1위를 기록한 데 이어', 'occurred'), ('내년 1분기 상장을 추진한다', 'planned')]
    """
    whole = classify_status(sentence, lang, has_numbers=has_numbers(0, len(sentence)))
    if lang != "ko":
        return [Segment(0, len(sentence), whole)]
    body_end = len(sentence.rstrip(" .。!?！？"))
    quotes = _quoted(sentence)
    candidates = sorted({m.end() for rx in (_KO_CLAUSE, _KO_PLAN_LINK) for m in rx.finditer(sentence[:body_end])
                         if not any(qs <= m.start() < qe for qs, qe in quotes) and 0 < m.end() < body_end})
    cuts = [0]
    for c in candidates:
        if " " in sentence[cuts[-1]:c].strip():  # a one-word clause ("하지만 …") ends nothing
            cuts.append(c)
    cuts += [len(sentence)]
    while len(cuts) > 2 and _KO_REPORT_ONLY.match(sentence[cuts[-2]:]):
        del cuts[-2]  # "…될 수 있다고 | 우려했다": the last verb only reports the clause before
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:]) if sentence[a:b].strip()]
    if len(clauses) == 1:
        return [Segment(0, len(sentence), whole)]
    speech = bool(whole.speaker_verb)
    statuses: list[StatusGuess] = []
    for k, (a, b) in enumerate(clauses):
        text = sentence[a:b]
        last = k == len(clauses) - 1
        if last:
            guess = whole
            tail = text.rstrip(" .\"”'")
            if not guess.cues or guess.reason.startswith("past or ongoing") and not _KO_PAST_END.search(tail[-8:]):
                if statuses and statuses[-1].status != "occurred" and not _KO_PAST_END.search(tail[-8:]):
                    prev = statuses[-1]
                    guess = StatusGuess(prev.status, prev.cues, f"continues the clause before ({prev.reason})")
            statuses.append(guess)
            continue
        in_quotes = [q for q in quotes if a <= q[0] < b]
        if speech and in_quotes:
            own = _KO_CONTENT_VERBS.get(whole.speaker_verb)
            found = [f for f in _matches(sentence[a:b], _KO_CUES, a) if any(qs <= f[0] < qe for qs, qe in in_quotes)]
            if own and own != "assessment":
                statuses.append(StatusGuess(_numbers_fix(own, has_numbers(a, b)), (whole.speaker_verb,),
                                            f"a quote reported with '{whole.speaker_verb}'", whole.speaker_verb))
            elif found:
                best = max(found, key=lambda f: (f[1], -_rank(f[2])))
                status = _numbers_fix(best[2], has_numbers(a, b))
                statuses.append(StatusGuess("assessment" if status == "occurred" else status, (best[3],),
                                            f"what the quote says ('{best[3]}')", whole.speaker_verb))
            else:
                statuses.append(StatusGuess("assessment", (whole.speaker_verb,), "a quoted view", whole.speaker_verb))
            continue
        found = [f for f in _matches(text, _KO_CUES, a) if not any(qs <= f[0] < qe for qs, qe in quotes)]
        if found:
            best = max(found, key=lambda f: (f[1], -_rank(f[2])))
            statuses.append(StatusGuess(_numbers_fix(best[2], has_numbers(a, b)), (best[3],),
                                        f"'{best[3]}' in its clause"))
        elif _KO_PAST_LINK.search(text) or _KO_SAID_LINK.search(text):
            link = (_KO_PAST_LINK.search(text) or _KO_SAID_LINK.search(text)).group(0).strip(" ,")
            statuses.append(StatusGuess("occurred", (link,), f"a past action ('{link}')"))
        else:
            statuses.append(StatusGuess(whole.status, whole.cues, f"shares the sentence's status ({whole.reason})",
                                        whole.speaker_verb))
    segments: list[Segment] = []
    for (a, b), guess in zip(clauses, statuses):
        while b > a and sentence[b - 1] in " ,\t":
            b -= 1
        if segments and segments[-1].guess.status == guess.status:
            prev = segments[-1]
            merged = StatusGuess(guess.status, tuple(dict.fromkeys(prev.guess.cues + guess.cues)),
                                 prev.guess.reason if prev.guess.cues else guess.reason,
                                 prev.guess.speaker_verb or guess.speaker_verb)
            segments[-1] = Segment(prev.start, b, merged)
        else:
            segments.append(Segment(a, b, guess))
    return segments
