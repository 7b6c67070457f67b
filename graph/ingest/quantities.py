"""Money, percentages, counts, ranks and durations in a sentence, typed.

:func:`find_quantities` returns :class:`Quantity` records with the words as
written and their value:

* money with its ISO 4217 currency, in whole units, from Korean
  (``1조1천35억 엔``, ``3천만 엔``, ``45억 원``, ``약 95조원``), English (``$20 million``,
  ``1.5 billion yen``, ``KRW 4.5 billion``) and Japanese (``1兆1035億円``) wording;
  ``약``/``about`` makes it approximate, ``최대``/``up to`` an upper bound,
  ``최소``/``이상``/``at least`` a lower bound, and an amount in parentheses right
  after another (``10조 엔(약 95조원)``) is its equivalent;
* percentages (``47.2%``, ``23.2 percent``);
* counts with what they count (``16개사``, ``회원사 12곳``, ``3개 과제``, ``12 companies``);
* ranks (``9위``, ``36개국 중 9위`` → rank 9 out of 36, ``6~7위권`` → 6 to 7);
* durations as ``xsd:duration`` (``36개월`` → ``P36M``, ``113분간`` → ``PT113M``, ``two years`` → ``P2Y``).

Examples
--------
>>> [(q.kind, q.value, q.currency, q.approximate) for q in find_quantities("약 1조1천35억 엔에 도달", "ko")]
[('money', Decimal('1103500000000'), 'JPY', True)]
>>> [(q.kind, q.value, q.bound) for q in find_quantities("최대 3천만 엔이 36개월 동안", "ko")]
[('money', Decimal('30000000'), 'max'), ('duration', Decimal('36'), None)]
>>> [(q.kind, str(q.value), q.currency) for q in find_quantities("a $20 million fund", "en")]
[('money', '20000000', 'USD')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .gazetteer import KOREAN_PARTICLES

__all__ = ["Quantity", "find_quantities", "korean_number", "CURRENCIES"]


@dataclass(frozen=True)
class Quantity:
    """A number with what it measures.

    ``kind`` is ``money``, ``percent``, ``count``, ``rank``, ``duration``;
    ``counted`` says what a count counts (``companies``, ``countries``,
    ``projects``, ``members``, ``people`` or ``things``); ``duration`` holds the
    ``xsd:duration`` lexical form; ``out_of`` the size of a ranking;
    ``equivalent_of`` the index (in the returned list) of the amount this one converts.
    """

    start: int
    end: int
    wording: str
    kind: str
    value: Decimal
    currency: str = ""
    approximate: bool = False
    bound: str | None = None
    counted: str = ""
    duration: str = ""
    out_of: int | None = None
    max_value: Decimal | None = None
    equivalent_of: int | None = None
    cues: tuple[str, ...] = field(default_factory=tuple)


#: Currency words and signs → ISO 4217.
CURRENCIES = {
    "원": "KRW", "won": "KRW", "₩": "KRW", "KRW": "KRW",
    "엔": "JPY", "yen": "JPY", "円": "JPY", "¥": "JPY", "JPY": "JPY", "엔화": "JPY",
    "달러": "USD", "dollar": "USD", "dollars": "USD", "$": "USD", "USD": "USD", "US$": "USD", "ドル": "USD",
    "미국 달러": "USD", "미화": "USD",
    "유로": "EUR", "euro": "EUR", "euros": "EUR", "€": "EUR", "EUR": "EUR", "ユーロ": "EUR",
    "위안": "CNY", "yuan": "CNY", "元": "CNY", "CNY": "CNY", "RMB": "CNY", "인민폐": "CNY",
    "파운드": "GBP", "pound": "GBP", "pounds": "GBP", "£": "GBP", "GBP": "GBP",
}

_KO_BIG = {"조": Decimal(10) ** 12, "억": Decimal(10) ** 8, "만": Decimal(10) ** 4}
_KO_SMALL = {"천": Decimal(1000), "백": Decimal(100), "십": Decimal(10)}
_JA_BIG = {"兆": "조", "億": "억", "万": "만", "千": "천", "百": "백"}
_EN_SCALE = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
             "trillion": Decimal(10) ** 12, "mn": Decimal(10) ** 6, "m": Decimal(10) ** 6, "bn": Decimal(10) ** 9,
             "b": Decimal(10) ** 9, "tn": Decimal(10) ** 12, "k": Decimal(10) ** 3}
_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a dozen": 12, "dozen": 12})
_ORDINALS = {w: i for i, w in enumerate("zeroth first second third fourth fifth sixth seventh eighth ninth tenth "
                                        "eleventh twelfth".split())}

_NUM = r"\d[\d,]*(?:\.\d+)?"
_KO_NUM = rf"(?:{_NUM}\s?(?:[조억만천백]{{1,2}})?\s?)+"


def korean_number(words: str) -> Decimal | None:
    """The value of a number written with Korean (or Japanese) units.

    Examples
    --------
    >>> korean_number("1조1천35억"), korean_number("3천만"), korean_number("45억"), korean_number("95조")
    (Decimal('1103500000000'), Decimal('30000000'), Decimal('4500000000'), Decimal('95000000000000'))
    >>> korean_number("1兆1035億"), korean_number("4.5억")
    (Decimal('1103500000000'), Decimal('450000000.0'))
    """
    for ja, ko in _JA_BIG.items():
        words = words.replace(ja, ko)
    parts = re.findall(r"(\d[\d,]*(?:\.\d+)?)|([조억만천백십])", words.replace(" ", ""))
    if not parts:
        return None
    total, group, num = Decimal(0), Decimal(0), None
    for digits, unit in parts:
        if digits:
            if num is not None:
                return None
            num = Decimal(digits.replace(",", ""))
        elif unit in _KO_SMALL:
            group += (num if num is not None else Decimal(1)) * _KO_SMALL[unit]
            num = None
        else:
            group += num if num is not None else Decimal(0)
            if group == 0:
                return None
            total += group * _KO_BIG[unit]
            group, num = Decimal(0), None
    total += group + (num if num is not None else Decimal(0))
    return total


_KO_CUR = r"(?P<cur>미국\s?달러|달러|엔화|엔|원|유로|위안|파운드)"
_KO_MONEY = re.compile(r"(?P<pre>(?:약|최대|최소|총|무려|연간|매년)\s?)?(?:(?P<sign>\$|US\$|₩|¥|€|£)\s?)?(?P<num>"
                       + _KO_NUM + r")" + _KO_CUR + r"?(?P<post>\s?(?:이상|이하|가량|규모|안팎|정도|상당|내외))?")
_EN_MONEY = re.compile(
    r"(?P<pre>(?:about|around|approximately|roughly|nearly|almost|some|up to|at least|more than|over|"
    r"as much as|as many as)\s+)?"
    r"(?:(?P<sign>US\$|\$|₩|¥|€|£)\s?|(?P<code>USD|KRW|JPY|EUR|CNY|GBP|RMB)\s?)"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<scale>thousand|million|billion|trillion|mn|bn|tn|[mbk])\b)?"
    r"|(?P<pre2>(?:about|around|approximately|roughly|nearly|up to|at least|more than|over)\s+)?"
    r"(?P<num2>\d[\d,]*(?:\.\d+)?)\s?(?P<scale2>thousand|million|billion|trillion)?\s"
    r"(?P<cur2>yen|won|dollars|dollar|euros|euro|yuan|pounds)\b", re.I)
_JA_MONEY = re.compile(r"(?P<pre>約|最大|最低|総額)?(?P<num>(?:\d[\d,]*(?:\.\d+)?[兆億万千]?)+)(?P<cur>円|ドル|ユーロ|元)"
                       r"(?P<post>以上|規模|程度)?")
_PERCENT = re.compile(r"(?P<pre>(?:약|about|around|nearly|approximately|약\s)\s?)?(?P<num>\d+(?:\.\d+)?)"
                      r"\s?(?P<sign>%p|%포인트|퍼센트포인트|percentage points?|%|％|퍼센트|percent|per cent|パーセント)",
                      re.I)
_KO_COUNT = re.compile(
    r"(?:(?P<pre>회원사|회원국|참여사|기업|업체|국가|과제|팀|기관|사|개국|명)\s?)?(?P<num>\d[\d,]*)\s?"
    r"(?P<unit>개사|개 ?기업|개 ?업체|개 ?기관|개 ?과제|개 ?팀|개국|개 ?국가|개 ?대학|개 ?사|곳|개|명|건|개소|社|か国|カ国|社)"
    r"(?![가-힣]*월)")
_KO_RANK = re.compile(r"(?:(?P<of>\d+)\s?(?:개국|개 ?국가|개 ?기업|개사|개|곳|명)\s?(?:중|가운데)\s?)?"
                      r"(?P<num>\d+)(?:\s?[~\-–]\s?(?P<num2>\d+))?\s?(?:위|位)(?P<kwon>권)?")
_KO_DURATION = re.compile(r"(?P<num>\d[\d,]*)\s?(?P<unit>개월|년간|년 ?동안|일간|일 ?동안|시간|분간|분 ?동안|주간|주 ?동안|"
                          r"か月|ヶ月|カ月|年間|日間|時間|分間|週間)")
_EN_COUNT = re.compile(r"\b(?P<num>\d[\d,]*|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
                       + r")\s(?:(?:member|partner|participating|Korean|Japanese|American|US|local|foreign|"
                         r"domestic|tech|AI|startup|other)\s)?(?P<what>companies|firms|startups|businesses|members|"
                         r"countries|nations|projects|teams|organizations|organisations|institutions|universities|"
                         r"people|participants|agencies)\b", re.I)
_EN_DURATION = re.compile(r"\b(?P<num>\d[\d,]*|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
                          + r")[\s-](?P<unit>years?|months?|weeks?|days?|hours?|minutes?)(?:-long)?\b", re.I)
_EN_RANK = re.compile(r"\b(?:ranked|ranks|ranking|placed|came|is|was)\s+(?:No\.\s?(?P<no>\d+)|(?P<ord>\d+)(?:st|nd|rd|th)"
                      r"|(?P<word>" + "|".join(k for k in _ORDINALS if k != "zeroth") + r"))"
                      r"(?:\s+(?:out\s+)?of\s+(?P<of>\d+))?", re.I)

_COUNTED = {"개사": "companies", "기업": "companies", "업체": "companies", "社": "companies", "곳": "organisations",
            "개국": "countries", "국가": "countries", "か国": "countries", "カ国": "countries", "과제": "projects",
            "팀": "teams", "기관": "organisations", "대학": "organisations", "명": "people", "사": "companies"}
_PRE_COUNTED = {"회원사": "members", "회원국": "members", "참여사": "members", "기업": "companies", "업체": "companies",
                "국가": "countries", "과제": "projects", "팀": "teams", "기관": "organisations"}
_DURATION_UNITS = {"개월": "M", "か月": "M", "ヶ月": "M", "カ月": "M", "년간": "Y", "년동안": "Y", "年間": "Y",
                   "일간": "D", "일동안": "D", "日間": "D", "주간": "W", "주동안": "W", "週間": "W",
                   "시간": "H", "時間": "H", "분간": "MIN", "분동안": "MIN", "分間": "MIN"}
_EN_DURATION_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "MIN"}


_AFTER = re.compile("^(?:규모|가량|어치|씩|대|선|수준|상당)?(?:" + "|".join(KOREAN_PARTICLES) + ")?(?:"
                    + "|".join(KOREAN_PARTICLES) + ")?$")


def _word_ends(sentence: str, end: int) -> bool:
    """Only particles (or 규모, 가량, 씩 …) may follow a Korean amount or count in its word."""
    rest = re.match(r"[가-힣]*", sentence[end:]).group()
    return not rest or bool(_AFTER.match(rest))


def _dec(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _iso_duration(n: Decimal, unit: str) -> str:
    n = int(n)
    if unit == "H":
        return f"PT{n}H"
    if unit == "MIN":
        return f"PT{n}M"
    if unit == "W":
        return f"P{n * 7}D"
    return f"P{n}{unit}"


def _overlaps(spans, s, e) -> bool:
    return any(s < te and ts < e for ts, te in spans)


def find_quantities(sentence: str, lang: str, *, offset: int = 0) -> list[Quantity]:
    """Every quantity in ``sentence``, in text order (spans shifted by ``offset``).

    Examples
    --------
    >>> [(q.kind, int(q.value), q.counted) for q in find_quantities("회원사 12곳과 16개사가 참여했다", "ko")]
    [('count', 12, 'members'), ('count', 16, 'companies')]
    >>> [(q.kind, int(q.value), q.out_of) for q in find_quantities("36개국 중 9위로", "ko")]
    [('rank', 9, 36)]
    >>> [(q.kind, q.duration) for q in find_quantities("113분간 회담", "ko")]
    [('duration', 'PT113M')]
    """
    found: list[Quantity] = []
    spans: list[tuple[int, int]] = []

    def add(q: Quantity) -> None:
        s, e = q.start - offset, q.end - offset
        if not _overlaps(spans, s, e):
            spans.append((s, e))
            found.append(q)

    for q in _money(sentence, lang, offset):
        add(q)
    for m in _PERCENT.finditer(sentence):
        if m.group("sign").lower().startswith(("%p", "%포", "퍼센트포", "percentage")):
            continue  # percentage points are a difference, not a percentage
        add(Quantity(offset + m.start(), offset + m.end(), m.group(0).strip(), "percent", _dec(m.group("num")),
                     approximate=bool(m.group("pre"))))
    if lang in ("ko", "ja"):
        for m in _KO_RANK.finditer(sentence):
            num2 = m.group("num2")
            add(Quantity(offset + m.start(), offset + m.end(), m.group(0), "rank", _dec(m.group("num")),
                         out_of=int(m.group("of")) if m.group("of") else None,
                         max_value=_dec(num2) if num2 else None))
        for m in _KO_DURATION.finditer(sentence):
            unit = _DURATION_UNITS[m.group("unit").replace(" ", "")]
            n = _dec(m.group("num"))
            add(Quantity(offset + m.start(), offset + m.end(), m.group(0), "duration", n,
                         duration=_iso_duration(n, unit)))
        for m in _KO_COUNT.finditer(sentence):
            if re.match(r"\s?(?:위|월|일|년|분기|시)", sentence[m.end():]) or not _word_ends(sentence, m.end()):
                continue
            unit = m.group("unit").replace(" ", "")
            counted = _PRE_COUNTED.get(m.group("pre") or "") or _COUNTED.get(unit.removeprefix("개"), "things")
            if unit == "곳" and m.group("pre") in ("회원사", "참여사"):
                counted = "members"
            s = m.start() if m.group("pre") else m.start("num")
            add(Quantity(offset + s, offset + m.end(), sentence[s:m.end()], "count", _dec(m.group("num")),
                         counted=counted))
    else:
        for m in _EN_RANK.finditer(sentence):
            n = m.group("no") or m.group("ord") or _ORDINALS[m.group("word").lower()]
            s = m.start("no") if m.group("no") else m.start("ord") if m.group("ord") else m.start("word")
            s = s - 4 if m.group("no") else s
            add(Quantity(offset + s, offset + m.end(), sentence[s:m.end()], "rank", Decimal(n),
                         out_of=int(m.group("of")) if m.group("of") else None))
        for m in _EN_DURATION.finditer(sentence):
            word = m.group("num").lower()
            n = Decimal(_WORD_NUMBERS[word]) if word in _WORD_NUMBERS else _dec(word)
            unit = _EN_DURATION_UNITS[m.group("unit").lower().rstrip("s")]
            add(Quantity(offset + m.start(), offset + m.end(), m.group(0), "duration", n,
                         duration=_iso_duration(n, unit)))
        for m in _EN_COUNT.finditer(sentence):
            word = m.group("num").lower()
            n = Decimal(_WORD_NUMBERS[word]) if word in _WORD_NUMBERS else _dec(word)
            what = m.group("what").lower()
            counted = {"firms": "companies", "startups": "companies", "businesses": "companies",
                       "nations": "countries", "organisations": "organisations", "organizations": "organisations",
                       "institutions": "organisations", "universities": "organisations", "agencies": "organisations",
                       "participants": "people"}.get(what, what)
            if "member" in m.group(0).lower():
                counted = "members"
            add(Quantity(offset + m.start(), offset + m.end(), m.group(0), "count", n, counted=counted))
    found.sort(key=lambda q: q.start)
    return _link_equivalents(sentence, found, offset)


def _money(sentence: str, lang: str, offset: int) -> list[Quantity]:
    out = []
    if lang == "ko":
        for m in _KO_MONEY.finditer(sentence):
            cur = m.group("cur") or ""
            sign = m.group("sign") or ""
            if not cur and not sign:
                continue
            value = korean_number(m.group("num"))
            if value is None or value == 0 or not _word_ends(sentence, m.end()):
                continue
            code = CURRENCIES.get(sign) or CURRENCIES.get(re.sub(r"\s", " ", cur))
            pre, post = (m.group("pre") or "").strip(), (m.group("post") or "").strip()
            s, e = m.start(), m.end()
            if post in ("규모",):  # "약 1조 엔 규모": the size word is not part of the amount
                e = m.end("cur") if m.group("cur") else m.end("num")
            if pre in ("연간", "매년", "총", "무려"):
                s = m.start("num") if not m.group("sign") else m.start("sign")
            out.append(Quantity(offset + s, offset + e, sentence[s:e].strip(), "money", value, code,
                                approximate=pre == "약" or post in ("가량", "안팎", "정도", "내외"),
                                bound="max" if pre == "최대" or post == "이하" else
                                "min" if pre == "최소" or post == "이상" else None))
    elif lang == "ja":
        for m in _JA_MONEY.finditer(sentence):
            value = korean_number(m.group("num"))
            if not value:
                continue
            pre, post = m.group("pre") or "", m.group("post") or ""
            e = m.end("cur")
            out.append(Quantity(offset + m.start(), offset + e, sentence[m.start():e], "money", value,
                                CURRENCIES[m.group("cur")], approximate=pre == "約" or post == "程度",
                                bound="max" if pre == "最大" else "min" if pre == "最低" or post == "以上" else None))
    else:
        for m in _EN_MONEY.finditer(sentence):
            if m.group("num"):
                pre, num, scale = (m.group("pre") or "").strip().lower(), m.group("num"), m.group("scale")
                code = CURRENCIES.get(m.group("sign") or "") or CURRENCIES.get(m.group("code") or "")
            else:
                pre, num, scale = (m.group("pre2") or "").strip().lower(), m.group("num2"), m.group("scale2")
                code = CURRENCIES.get(m.group("cur2").lower())
            value = _dec(num) * (_EN_SCALE.get(scale.lower(), Decimal(1)) if scale else Decimal(1))
            s = m.start()
            if pre in ("some", "over", "more than", "as much as", "as many as"):
                s = m.start("sign") if m.group("sign") else m.start("code") if m.group("code") else m.start("num2")
            out.append(Quantity(offset + s, offset + m.end(), sentence[s:m.end()], "money", _normal(value), code,
                                approximate=pre in ("about", "around", "approximately", "roughly", "nearly", "almost"),
                                bound="max" if pre == "up to" else "min" if pre == "at least" else None))
    return out


def _normal(d: Decimal) -> Decimal:
    """``20.0E6`` → ``20000000``: whole numbers without exponent or trailing zeros."""
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def _link_equivalents(sentence: str, found: list[Quantity], offset: int) -> list[Quantity]:
    """Mark an amount in parentheses right after another amount as its equivalent."""
    out = list(found)
    for i, q in enumerate(found):
        if q.kind != "money" or i == 0:
            continue
        prev = found[i - 1]
        between = sentence[prev.end - offset:q.start - offset]
        if prev.kind == "money" and re.fullmatch(r"\s*[(（]\s*(?:약\s*|about\s*|approx\.\s*|約)?", between) \
                and prev.currency != q.currency:
            out[i] = Quantity(q.start, q.end, q.wording, q.kind, q.value, q.currency, q.approximate or
                              bool(re.search(r"약|about|approx|約", between + q.wording)), q.bound, q.counted,
                              q.duration, q.out_of, q.max_value, i - 1, q.cues)
    return out
