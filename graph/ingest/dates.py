"""Dates in a sentence, resolved against the article's date, with their wording kept.

:func:`find_dates` returns :class:`DateMention` records: the words as written,
their span, and the typed value with the precision the words give:

* a day (``xsd:date``): ``지난 23일``, ``지난달 30일``, ``on October 29, 2025``, ``8月23日``;
* a month (``xsd:gYearMonth``): ``지난 4월``, ``오는 10월``, ``올해 5월 말``, ``in October``;
* a quarter or a half year, as a period of two ``xsd:date`` bounds:
  ``내년 1분기`` → 2026-01-01 … 2026-03-31, ``내년 상반기``, ``the first half of 2026``;
* a year (``xsd:gYear``): ``올해``, ``내년``, ``next year``, ``2027년``;
* a target year (``kj:targetYear``, with the last day of the year as the end of the period)
  for ``2030년까지``, ``by 2030``, ``2030年までに``.

Relative words count from the article's date, across month and year
boundaries: on 2025-01-10, ``지난달 30일`` is 2024-12-30 and ``지난 23일`` is
2024-12-23.  A date that only says when something was *reported*
(``25일 업계에 따르면``) is flagged ``reporting``.  Nothing is guessed beyond the
words: ``최근`` (recently) gives no date.

Examples
--------
>>> from datetime import date

from .gazetteer import KOREAN_PARTICLES
>>> [(d.wording, d.value) for d in find_dates("이 대통령은 지난 23일 도쿄에서 회담을 가졌다", date(2025, 8, 25), "ko")]
[('지난 23일', ('2025-08-23', 'date'))]
>>> [(d.wording, d.start_date, d.end_date) for d in find_dates("내년 1분기 상장", date(2025, 8, 25), "ko")]
[('내년 1분기', '2026-01-01', '2026-03-31')]
>>> [(d.wording, d.value) for d in find_dates("지난달 30일 발표했다", date(2025, 1, 10), "ko")]
[('지난달 30일', ('2024-12-30', 'date'))]
>>> [(d.wording, d.value) for d in find_dates("They met on October 29, 2025 and plan more next year.",
...                                           date(2025, 11, 2), "en")]
[('October 29, 2025', ('2025-10-29', 'date')), ('next year', ('2026', 'gYear'))]
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .gazetteer import KOREAN_PARTICLES

__all__ = ["DateMention", "find_dates", "MONTHS"]


@dataclass(frozen=True)
class DateMention:
    """A date expression: ``value`` is ``(lexical, "date"|"gYearMonth"|"gYear")`` or ``None``;
    a period has ``start_date``/``end_date``; a target year has ``target_year``."""

    start: int
    end: int
    wording: str
    value: tuple[str, str] | None = None
    start_date: str | None = None
    end_date: str | None = None
    target_year: str | None = None
    reporting: bool = False
    local_time: bool = False
    note: str = ""

    @property
    def literals(self) -> list[tuple[str, str]]:
        """Every typed value this mention gives: ``(lexical, datatype local name)``."""
        out = [self.value] if self.value else []
        out += [(d, "date") for d in (self.start_date, self.end_date) if d]
        if self.target_year:
            out.append((self.target_year, "gYear"))
        return out


MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9

_QUARTER = {"1": (1, 3), "2": (4, 6), "3": (7, 9), "4": (10, 12)}
_ORDINAL = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2", "3rd": "3",
            "4th": "4"}


def _month_end(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _day(y: int, m: int, d: int) -> tuple[str, str] | None:
    try:
        return date(y, m, d).isoformat(), "date"
    except ValueError:
        return None


def _month(y: int, m: int) -> tuple[str, str] | None:
    return (f"{y:04d}-{m:02d}", "gYearMonth") if 1 <= m <= 12 else None


def _period(y: int, m1: int, m2: int) -> tuple[str, str]:
    return date(y, m1, 1).isoformat(), date(y, m2, _month_end(y, m2)).isoformat()


def _past_day(ref: date, d: int) -> tuple[str, str] | None:
    """The latest day numbered ``d`` on or before the article date (지난 23일)."""
    y, m = ref.year, ref.month
    for k in range(0, 3):
        yy, mm = _shift_month(y, m, -k)
        if d <= _month_end(yy, mm) and date(yy, mm, d) <= ref:
            return date(yy, mm, d).isoformat(), "date"
    return None


def _future_day(ref: date, d: int) -> tuple[str, str] | None:
    """The first day numbered ``d`` on or after the article date (오는 26일)."""
    for k in range(0, 3):
        yy, mm = _shift_month(ref.year, ref.month, k)
        if d <= _month_end(yy, mm) and date(yy, mm, d) >= ref:
            return date(yy, mm, d).isoformat(), "date"
    return None


def _nearest_day(ref: date, d: int) -> tuple[str, str] | None:
    options = []
    for k in (-1, 0, 1):
        yy, mm = _shift_month(ref.year, ref.month, k)
        if d <= _month_end(yy, mm):
            options.append((abs((date(yy, mm, d) - ref).days), k, date(yy, mm, d)))
    return (min(options)[2].isoformat(), "date") if options else None


def _past_month(ref: date, m: int) -> int:
    return ref.year if m < ref.month else ref.year - 1


def _future_month(ref: date, m: int) -> int:
    return ref.year if m > ref.month else ref.year + 1


def _nearest_year(ref: date, m: int, d: int | None = None) -> int:
    best = min((abs((date(y, m, min(d or 1, _month_end(y, m))) - ref).days), y)
               for y in (ref.year - 1, ref.year, ref.year + 1))
    return best[1]


# --- Korean -------------------------------------------------------------------------------------

_KO_REL_YEAR = {"올해": 0, "금년": 0, "올": 0, "내년": 1, "명년": 1, "내후년": 2, "작년": -1, "지난해": -1,
                "지난 해": -1, "재작년": -2}
_KO_REL_MONTH = {"이달": 0, "이번 달": 0, "이번달": 0, "지난달": -1, "지난 달": -1, "전달": -1, "다음 달": 1,
                 "다음달": 1, "내달": 1}
_KO_YEAR_WORDS = "|".join(sorted(map(re.escape, _KO_REL_YEAR), key=len, reverse=True))
_KO_MONTH_WORDS = "|".join(sorted(map(re.escape, _KO_REL_MONTH), key=len, reverse=True))
_NB = r"(?<![0-9])"

_KO_PATTERNS = [
    # 2025년 8월 23일, 2025.8.23
    ("ymd", re.compile(_NB + r"(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일")),
    ("ymd", re.compile(_NB + r"(?P<y>\d{4})\.\s?(?P<m>\d{1,2})\.\s?(?P<d>\d{1,2})(?![0-9])")),
    ("yq", re.compile(_NB + r"(?P<y>\d{4})\s*년\s*(?P<q>[1-4])\s*분기")),
    ("yh", re.compile(_NB + r"(?P<y>\d{4})\s*년\s*(?P<h>상반기|하반기)")),
    ("ym", re.compile(_NB + r"(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월(?:\s*(?:초|중순|말))?")),
    ("y_until", re.compile(r"(?:오는\s*)?" + _NB + r"(?P<y>\d{4})\s*년\s*까지")),
    ("y", re.compile(r"(?:(?P<dir>오는|지난)\s*)?" + _NB + r"(?P<y>\d{4})\s*년(?!\s*\d)")),
    # 올해 5월 말, 내년 1분기, 내년 상반기, 내년 3월 2일, 올해
    ("ry", re.compile(r"(?<![가-힣])(?P<ry>" + _KO_YEAR_WORDS + r")(?:\s*(?:(?P<q>[1-4])\s*분기|(?P<h>상반기|하반기)"
                      r"|(?P<m>\d{1,2})\s*월(?:\s*(?P<d>\d{1,2})\s*일)?(?:\s*(?:초|중순|말))?"
                      r"|(?P<part>초|말)))?(?:\s*까지)?")),
    # 지난달 30일, 이달 초
    ("rm", re.compile(r"(?<![가-힣])(?P<rm>" + _KO_MONTH_WORDS + r")(?:\s*(?P<d>\d{1,2})\s*일|\s*(?:초|중순|말))?")),
    # 지난 4월, 오는 10월 1일, 지난 23일
    ("dir_md", re.compile(r"(?<![가-힣])(?P<dir>지난|오는)\s*(?P<m>\d{1,2})\s*월(?:\s*(?P<d>\d{1,2})\s*일)?")),
    ("dir_d", re.compile(r"(?<![가-힣])(?P<dir>지난|오는)\s*(?P<d>\d{1,2})\s*일")),
    ("md", re.compile(_NB + r"(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일")),
    ("m", re.compile(_NB + r"(?P<m>\d{1,2})\s*월(?!\s*\d)")),
    ("d", re.compile(_NB + r"(?P<d>\d{1,2})\s*일(?![가-힣])|" + _NB + r"(?P<d2>\d{1,2})\s*일(?=[(]|에|부터|까지|께|자)")),
]

_LOCAL_AFTER = re.compile(r"\s*\(\s*현지\s*시간\s*(?:(?P<d>\d{1,2})\s*일)?[^)]*\)")
_REPORTING = re.compile(r"^\s*(?:[가-힣A-Za-z0-9·]+\s*){0,3}(?:에|의)?\s*따르면|"
                        r"^\s*(?:[가-힣]+\s+)?(?:밝혔|말했|발표했|전했|설명했|공개했|알렸)다")


_AFTER_DATE = re.compile(r"^(?:초|말|중순|께|경|쯤|새벽|오전|오후|밤|중)?(?:" + "|".join(KOREAN_PARTICLES) + ")?(?:"
                         + "|".join(KOREAN_PARTICLES) + ")?$")


def _word_ends(sentence: str, end: int) -> bool:
    """A Korean date ends its word, or only particles (에는, 까지) and time words (초, 말) follow."""
    rest = re.match(r"[가-힣]*", sentence[end:]).group()
    return not rest or bool(_AFTER_DATE.match(rest))


def _korean(sentence: str, offset: int, ref: date) -> list[DateMention]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _KO_PATTERNS:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken) or not _word_ends(sentence, e):
                continue
            if kind == "ry" and m.group("ry") == "올" and not (m.group("q") or m.group("h") or m.group("m")):
                continue  # "올" is a year only in "올 상반기", "올 5월"
            mention = _korean_value(kind, m, ref)
            if mention is None:
                continue
            local = _LOCAL_AFTER.match(sentence, e)
            note = ""
            wording_end = e
            if local:
                wording_end = local.end()
                if local.group("d"):  # 26일 새벽(현지시간 25일): the event's own (local) date
                    local_day = _nearest_day(date.fromisoformat(mention.value[0]) if mention.value
                                             and mention.value[1] == "date" else ref, int(local.group("d")))
                    if local_day:
                        note = f"local date {local_day[0]} from '{local.group(0).strip()}'"
                        mention = DateMention(0, 0, "", value=local_day)
            # "오는 26일 새벽(현지시간 25일)": keep the words between the date and the parenthesis
            between = re.match(r"\s*(?:새벽|오전|오후|밤|저녁|아침)\s*(?=\()", sentence[e:])
            if between and _LOCAL_AFTER.match(sentence, e + between.end()):
                local = _LOCAL_AFTER.match(sentence, e + between.end())
                wording_end = local.end()
                if local.group("d"):
                    base = date.fromisoformat(mention.value[0]) if mention.value and mention.value[1] == "date" else ref
                    local_day = _nearest_day(base, int(local.group("d")))
                    if local_day:
                        note = f"local date {local_day[0]} from '{local.group(0).strip()}'"
                        mention = DateMention(0, 0, "", value=local_day)
            reporting = bool(_REPORTING.match(sentence[e:])) and kind in ("d", "md", "dir_d", "ymd")
            taken.append((s, wording_end))
            found.append(DateMention(offset + s, offset + wording_end, sentence[s:wording_end], mention.value,
                                     mention.start_date, mention.end_date, mention.target_year, reporting,
                                     bool(local), note or mention.note))
    return sorted(found, key=lambda d: d.start)


def _korean_value(kind: str, m: re.Match, ref: date) -> DateMention | None:
    g = m.groupdict()
    mk = lambda **kw: DateMention(0, 0, "", **kw)  # noqa: E731
    if kind == "ymd":
        v = _day(int(g["y"]), int(g["m"]), int(g["d"]))
        return mk(value=v) if v else None
    if kind == "yq":
        s, e = _period(int(g["y"]), *_QUARTER[g["q"]])
        return mk(start_date=s, end_date=e)
    if kind == "yh":
        s, e = _period(int(g["y"]), *((1, 6) if g["h"] == "상반기" else (7, 12)))
        return mk(start_date=s, end_date=e)
    if kind == "ym":
        v = _month(int(g["y"]), int(g["m"]))
        return mk(value=v) if v else None
    if kind == "y_until":
        y = int(g["y"])
        return mk(target_year=f"{y:04d}", end_date=date(y, 12, 31).isoformat())
    if kind == "y":
        return mk(value=(f"{int(g['y']):04d}", "gYear"))
    if kind == "ry":
        y = ref.year + _KO_REL_YEAR[g["ry"]]
        until = m.group(0).rstrip().endswith("까지")
        if g["q"]:
            s, e = _period(y, *_QUARTER[g["q"]])
            return mk(start_date=s, end_date=e)
        if g["h"]:
            s, e = _period(y, *((1, 6) if g["h"] == "상반기" else (7, 12)))
            return mk(start_date=s, end_date=e)
        if g["m"]:
            if g["d"]:
                v = _day(y, int(g["m"]), int(g["d"]))
            else:
                v = _month(y, int(g["m"]))
            return mk(value=v) if v else None
        if until:
            return mk(target_year=f"{y:04d}", end_date=date(y, 12, 31).isoformat())
        return mk(value=(f"{y:04d}", "gYear"))
    if kind == "rm":
        y, mo = _shift_month(ref.year, ref.month, _KO_REL_MONTH[g["rm"]])
        if g["d"]:
            v = _day(y, mo, int(g["d"]))
            return mk(value=v) if v else None
        return mk(value=_month(y, mo))
    if kind == "dir_md":
        mo = int(g["m"])
        if not 1 <= mo <= 12:
            return None
        y = _past_month(ref, mo) if g["dir"] == "지난" else _future_month(ref, mo)
        if g["d"]:
            v = _day(y, mo, int(g["d"]))
            return mk(value=v) if v else None
        return mk(value=_month(y, mo))
    if kind == "dir_d":
        d = int(g["d"])
        v = _past_day(ref, d) if g["dir"] == "지난" else _future_day(ref, d)
        return mk(value=v) if v else None
    if kind == "md":
        mo, d = int(g["m"]), int(g["d"])
        if not 1 <= mo <= 12:
            return None
        v = _day(_nearest_year(ref, mo, d), mo, d)
        return mk(value=v, note="year taken as the one nearest the article date") if v else None
    if kind == "m":
        mo = int(g["m"])
        if not 1 <= mo <= 12:
            return None
        return mk(value=_month(_nearest_year(ref, mo), mo), note="year taken as the one nearest the article date")
    if kind == "d":
        d = int(g["d"] or g["d2"])
        v = _nearest_day(ref, d)
        return mk(value=v, note="month taken as the one nearest the article date") if v else None
    return None


# --- English ------------------------------------------------------------------------------------

_MONTH_RX = r"(?P<mon>" + "|".join(sorted((re.escape(k.capitalize()) for k in MONTHS), key=len, reverse=True)) + r")\.?"
_EN_REL_YEAR = {"this year": 0, "next year": 1, "last year": -1, "the following year": 1, "the year after next": 2,
                "the previous year": -1, "later this year": 0, "earlier this year": 0}
_EN_REL_MONTH = {"this month": 0, "next month": 1, "last month": -1, "earlier this month": 0, "later this month": 0}
_REL_YEAR_RX = "|".join(sorted(map(re.escape, _EN_REL_YEAR), key=len, reverse=True))
_REL_MONTH_RX = "|".join(sorted(map(re.escape, _EN_REL_MONTH), key=len, reverse=True))
_PART = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|(?P<h>first|second)\s+half"

_EN_PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("mdy", re.compile(r"\b" + _MONTH_RX + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b")),
    ("dmy", re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RX + r",?\s+(?P<y>\d{4})\b")),
    ("qy", re.compile(r"\b(?:the\s+)?(?:" + _PART + r")\s+of\s+(?:(?P<y>\d{4})|(?P<ry>" + _REL_YEAR_RX + r"))\b",
                      re.I)),
    ("qy", re.compile(r"\bQ(?P<qn>[1-4])\s+(?P<y>\d{4})\b|\bH(?P<hn>[12])\s+(?P<y2>\d{4})\b")),
    ("my", re.compile(r"\b" + _MONTH_RX + r",?\s+(?P<y>\d{4})\b")),
    ("md", re.compile(r"\b" + _MONTH_RX + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})")),
    ("until", re.compile(r"\b(?:by|until|through|till)\s+(?:the\s+end\s+of\s+)?(?P<y>\d{4})\b", re.I)),
    ("ry", re.compile(r"\b(?P<ry>" + _REL_YEAR_RX + r")\b", re.I)),
    ("rm", re.compile(r"\b(?P<rm>" + _REL_MONTH_RX + r")\b", re.I)),
    ("m", re.compile(r"\b(?:in|since|from|until|by)\s+(?:early\s+|mid-?|late\s+)?" + _MONTH_RX + r"(?!\s*\d)")),
    ("y", re.compile(r"\b(?:in|since|from|of|for|during)\s+(?P<y>(?:19|20)\d{2})\b(?!-)")),
]


_DATELINE = re.compile(r"^[A-Z][A-Z .,'\-]+,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?\s*(?:\([^)]*\))?\s*(?:--|—|–)")


def _english(sentence: str, offset: int, ref: date) -> list[DateMention]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    dateline = _DATELINE.match(sentence)
    for kind, rx in _EN_PATTERNS:
        for m in rx.finditer(sentence):
            s, e = m.span()
            g = m.groupdict()
            if kind in ("m", "y", "until"):  # keep only the date words, not the preposition
                s = m.start("mon") if kind == "m" else m.start("y")
                if kind == "until":
                    s = m.start()
            if any(s < te and ts < e for ts, te in taken):
                continue
            mention = _english_value(kind, g, ref)
            if mention is None:
                continue
            taken.append((s, e))
            reporting = bool(dateline and e <= dateline.end()) or \
                bool(re.match(r"\s*,?\s*(?:the\s+\w+\s+|it\s+|he\s+|she\s+|they\s+)?(?:said|announced|reported)\b",
                              sentence[e:]) and kind in ("md", "mdy", "dmy", "iso"))
            found.append(DateMention(offset + s, offset + e, sentence[s:e], mention.value, mention.start_date,
                                     mention.end_date, mention.target_year, reporting=reporting, note=mention.note))
    return sorted(found, key=lambda d: d.start)


def _english_value(kind: str, g: dict, ref: date) -> DateMention | None:
    mk = lambda **kw: DateMention(0, 0, "", **kw)  # noqa: E731
    mon = MONTHS.get((g.get("mon") or "").lower().rstrip("."))
    if kind == "iso":
        v = _day(int(g["y"]), int(g["m"]), int(g["d"]))
        return mk(value=v) if v else None
    if kind in ("mdy", "dmy"):
        v = _day(int(g["y"]), mon, int(g["d"]))
        return mk(value=v) if v else None
    if kind == "qy":
        if g.get("qn") or g.get("hn"):
            y = int(g.get("y") or g.get("y2"))
            months = _QUARTER[g["qn"]] if g.get("qn") else ((1, 6) if g["hn"] == "1" else (7, 12))
        else:
            y = int(g["y"]) if g.get("y") else ref.year + _EN_REL_YEAR[g["ry"].lower()]
            if g.get("q"):
                months = _QUARTER[_ORDINAL[g["q"].lower()]]
            else:
                months = (1, 6) if g["h"].lower() == "first" else (7, 12)
        s, e = _period(y, *months)
        return mk(start_date=s, end_date=e)
    if kind == "my":
        return mk(value=_month(int(g["y"]), mon))
    if kind == "md":
        v = _day(_nearest_year(ref, mon, int(g["d"])), mon, int(g["d"]))
        return mk(value=v, note="year taken as the one nearest the article date") if v else None
    if kind == "until":
        y = int(g["y"])
        return mk(target_year=f"{y:04d}", end_date=date(y, 12, 31).isoformat())
    if kind == "ry":
        return mk(value=(f"{ref.year + _EN_REL_YEAR[g['ry'].lower()]:04d}", "gYear"))
    if kind == "rm":
        y, mo = _shift_month(ref.year, ref.month, _EN_REL_MONTH[g["rm"].lower()])
        return mk(value=_month(y, mo))
    if kind == "m":
        return mk(value=_month(_nearest_year(ref, mon), mon), note="year taken as the one nearest the article date")
    if kind == "y":
        return mk(value=(g["y"], "gYear"))
    return None


# --- Japanese -----------------------------------------------------------------------------------

_JA_REL_YEAR = {"今年": 0, "本年": 0, "来年": 1, "翌年": 1, "昨年": -1, "去年": -1, "再来年": 2}
_JA_REL_MONTH = {"今月": 0, "来月": 1, "先月": -1}
_JA_PATTERNS = [
    ("ymd", re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")),
    ("yq", re.compile(r"(?P<y>\d{4})年(?:度)?(?:の)?第?(?P<q>[1-4])四半期")),
    ("yh", re.compile(r"(?P<y>\d{4})年(?:度)?(?:の)?(?P<h>上半期|下半期|前半|後半)")),
    ("ym", re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月")),
    ("y_until", re.compile(r"(?P<y>\d{4})年(?:度)?まで(?:に)?")),
    ("y", re.compile(r"(?P<y>\d{4})年(?!\d)")),
    ("ry", re.compile(r"(?P<ry>再来年|今年|本年|来年|翌年|昨年|去年)(?:の)?(?:第?(?P<q>[1-4])四半期|(?P<h>上半期|下半期)"
                      r"|(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?")),
    ("rm", re.compile(r"(?P<rm>今月|来月|先月)(?:(?P<d>\d{1,2})日)?")),
    ("md", re.compile(r"(?<!\d)(?P<m>\d{1,2})月(?P<d>\d{1,2})日")),
    ("m", re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?!\d)")),
    ("d", re.compile(r"(?<![\d月])(?P<d>\d{1,2})日")),
]


def _japanese(sentence: str, offset: int, ref: date) -> list[DateMention]:
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _JA_PATTERNS:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = m.groupdict()
            if kind == "ry":
                g = dict(g, ry={"今年": "올해", "本年": "올해", "来年": "내년", "翌年": "내년", "昨年": "작년",
                                "去年": "작년", "再来年": "내후년"}[g["ry"]])
                g["h"] = {"上半期": "상반기", "下半期": "하반기"}.get(g.get("h") or "", None)
            elif kind == "rm":
                g = dict(g, rm={"今月": "이달", "来月": "다음 달", "先月": "지난달"}[g["rm"]])
            elif kind == "yh":
                g = dict(g, h="상반기" if g["h"] in ("上半期", "前半") else "하반기")
            fake = _FakeMatch(g, m.group(0).replace("まで", "까지"))
            mention = _korean_value(kind, fake, ref)
            if mention is None:
                continue
            taken.append((s, e))
            found.append(DateMention(offset + s, offset + e, sentence[s:e], mention.value, mention.start_date,
                                     mention.end_date, mention.target_year, note=mention.note))
    return sorted(found, key=lambda d: d.start)


class _FakeMatch:
    """Lets the Japanese patterns reuse the Korean resolution."""

    def __init__(self, groups: dict, text: str):
        self._g, self._t = groups, text

    def groupdict(self) -> dict:
        return self._g

    def group(self, _=0) -> str:
        return self._t


def find_dates(sentence: str, ref: date, lang: str, *, offset: int = 0) -> list[DateMention]:
    """The dates in ``sentence`` resolved against the article date ``ref``.

    Parameters
    ----------
    sentence : the text to read.
    ref : the article's date (``dcterms:date`` of the source).
    lang : ``"ko"``, ``"en"`` or ``"ja"``.
    offset : added to every span (the sentence's start in the article).
    """
    if lang == "ko":
        return _korean(sentence, offset, ref)
    if lang == "ja":
        return _japanese(sentence, offset, ref)
    return _english(sentence, offset, ref)
