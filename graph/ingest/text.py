"""Sentences with exact offsets, and the Korean morphemes under them.

:func:`analyse_text` splits an article into :class:`Sentence` spans whose
``start``/``end`` are Python ``str`` indices into the article
(``text[s.start:s.end] == s.text``), in Korean, English or Japanese:

* Korean goes through Kiwi (``kiwipiepy``), loaded lazily on first use (only
  ``kjus ingest`` pays for it), which also gives the morphemes (proper nouns,
  particles, endings) the other stages read;
* English and Japanese are split by the rules of :func:`split_english` and
  :func:`split_japanese`: terminal punctuation, abbreviations, initials,
  decimals, brackets and quotes, and line breaks.

Examples
--------
>>> [s.text for s in split_english("Mr. Kim met Dr. Sato in the U.S. on Monday. They agreed.")]
['Mr. Kim met Dr. Sato in the U.S. on Monday.', 'They agreed.']
>>> [s.text for s in split_japanese("首相は「協力する。」と述べた。会談は2時間続いた。")]
['首相は「協力する。」と述べた。', '会談は2時間続いた。']
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Sentence", "Token", "Analysis", "analyse_text", "detect_language", "split_english",
           "split_japanese", "split_korean", "kiwi", "quote_span", "LANGUAGES"]

#: Languages ``kjus ingest`` reads.
LANGUAGES = ("ko", "en", "ja")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its number (from 1), its span in the article and its text."""

    number: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Token:
    """One Kiwi morpheme: surface ``form``, part-of-speech ``tag``, span in the article."""

    form: str
    tag: str
    start: int
    end: int


@dataclass
class Analysis:
    """An article split into sentences (and, for Korean, morphemes)."""

    text: str
    lang: str
    sentences: list[Sentence]
    tokens: list[Token] = field(default_factory=list)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The morphemes inside ``[start, end)``."""
        return [t for t in self.tokens if t.start >= start and t.end <= end]


_KIWI = None
_KIWI_LOCK = threading.Lock()


def kiwi():
    """The shared Kiwi analyser, created on first use (about a second)."""
    global _KIWI
    with _KIWI_LOCK:
        if _KIWI is None:
            from kiwipiepy import Kiwi  # heavy: only ingest needs it

            _KIWI = Kiwi()
        return _KIWI


def detect_language(text: str) -> str:
    """Guess ``"ko"``, ``"ja"`` or ``"en"`` from the scripts the text is written in.

    Examples
    --------
    >>> detect_language("한국과 일본은 합의했다"), detect_language("日本政府は発表した"), detect_language("Japan agreed")
    ('ko', 'ja', 'en')
    """
    hangul = kana = han = latin = 0
    for ch in text:
        o = ord(ch)
        if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            hangul += 1
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0x4E00 <= o <= 0x9FFF:
            han += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if hangul and hangul >= kana + han:
        return "ko"
    if kana or han > latin:
        return "ja"
    return "en"


def analyse_text(text: str, lang: str) -> Analysis:
    """Split ``text`` into sentences (and Korean morphemes).

    Examples
    --------
    >>> a = analyse_text("Japan agreed. Korea signed.", "en")
    >>> [(s.number, s.start, s.end) for s in a.sentences]
    [(1, 0, 13), (2, 14, 27)]
    """
    if lang == "ko":
        return split_korean(text)
    if lang == "ja":
        return Analysis(text, lang, split_japanese(text))
    return Analysis(text, lang, split_english(text))


# --- Korean -------------------------------------------------------------------------------------

def split_korean(text: str) -> Analysis:
    """Korean sentences and morphemes from one Kiwi pass; line breaks always end a sentence."""
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    for line_start, line in _lines(text):
        if not line.strip():
            continue
        by_sentence: dict[int, list[Token]] = {}
        for t in kiwi().tokenize(line):
            tok = Token(t.form, t.tag, line_start + t.start, line_start + t.start + t.len)
            tokens.append(tok)
            by_sentence.setdefault(t.sent_position, []).append(tok)
        for toks in by_sentence.values():
            start, end = toks[0].start, max(t.end for t in toks)
            start, end = _extend_closers(text, start, end)
            sentences.append(Sentence(0, start, end, text[start:end]))
    sentences = _renumber(_fix_overlaps(text, sentences))
    return Analysis(text, "ko", sentences, tokens)


_CLOSERS = "\"'”’」』)）]】"


def _extend_closers(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span over the closing quotes/brackets and terminal punctuation right after it."""
    while end < len(text) and (text[end] in _CLOSERS or text[end] in ".!?。！？") and _opens_before(text, start, end):
        end += 1
    return start, end


def _opens_before(text: str, start: int, end: int) -> bool:
    ch = text[end]
    if ch in ".!?。！？":
        return True
    pairs = {")": "(", "）": "（", "]": "[", "】": "【", "」": "「", "』": "『", "”": "“", "’": "‘"}
    inner = text[start:end]
    if ch in pairs:
        return inner.count(pairs[ch]) > inner.count(ch)
    return inner.count(ch) % 2 == 1  # straight quotes: one left open


def _fix_overlaps(text: str, sentences: list[Sentence]) -> list[Sentence]:
    out: list[Sentence] = []
    for s in sorted(sentences, key=lambda s: (s.start, s.end)):
        if out and s.start < out[-1].end:
            start = out[-1].end
            while start < s.end and text[start].isspace():
                start += 1
            if start >= s.end:
                continue
            s = Sentence(0, start, s.end, text[start:s.end])
        out.append(s)
    return out


def _renumber(sentences: list[Sentence]) -> list[Sentence]:
    return [Sentence(i, s.start, s.end, s.text) for i, s in enumerate(sentences, 1)]


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line.rstrip("\r\n")
        pos += len(line)


# --- English ------------------------------------------------------------------------------------

#: Words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt ft gen lt col capt cmdr sgt gov sen rep pres rev hon
inc corp ltd co bros llc plc no nos vs etc al approx est dept univ assn fig vol ed eds op
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
e.g i.e a.m p.m u.s u.k u.n e.u
""".split())

_EN_END = re.compile(r"[.!?]+[\"'”’)\]]*")


def split_english(text: str) -> list[Sentence]:
    """Split English text at terminal punctuation followed by a capital, a digit or a quote.

    Abbreviations (:data:`ABBREVIATIONS`), initials (``J. Smith``), dotted
    acronyms (``U.S.``) and decimals do not end a sentence; a line break does.

    Examples
    --------
    >>> [s.text for s in split_english("It grew 4.5% in 2025. Ms. Lee said: \\"We will.\\" Then J. Park left.")]
    ['It grew 4.5% in 2025.', 'Ms. Lee said: "We will."', 'Then J. Park left.']
    """
    spans: list[tuple[int, int]] = []
    for line_start, line in _lines(text):
        pos = 0
        for m in _EN_END.finditer(line):
            end = m.end()
            if end < len(line) and not line[end].isspace():
                continue
            nxt = line[end:].lstrip()
            if nxt and not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"'“‘(["
                            or not nxt[0].isascii()):
                continue
            if m.group().startswith(".") and len(m.group().rstrip("\"'”’)]")) == 1 and _abbreviation(line, m.start()):
                continue
            spans.append((line_start + pos, line_start + end))
            pos = end
        spans.append((line_start + pos, line_start + len(line)))
    return _renumber(_trimmed(text, spans))


def _abbreviation(line: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", line[:dot])
    if not word:
        return False
    w = word.group(1).lower()
    if w in ABBREVIATIONS or w.rstrip(".") in ABBREVIATIONS:
        return True
    if len(w) == 1 and word.group(1).isupper():  # an initial: "J. Smith"
        return True
    return "." in w and all(len(part) <= 2 for part in w.split("."))  # "u.s", "e.g"


def _trimmed(text: str, spans) -> list[Sentence]:
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(0, start, end, text[start:end]))
    return out


# --- Japanese -----------------------------------------------------------------------------------

_JA_OPEN, _JA_CLOSE = "「『（(【〔“", "」』）)】〕”"


def split_japanese(text: str) -> list[Sentence]:
    """Split Japanese text after 。！？ (and ! ?) outside brackets and quotes, and at line breaks.

    Examples
    --------
    >>> [s.text for s in split_japanese("8月23日に会談した。今後も協力！")]
    ['8月23日に会談した。', '今後も協力！']
    """
    spans = []
    for line_start, line in _lines(text):
        depth, pos, i = 0, 0, 0
        while i < len(line):
            ch = line[i]
            if ch in _JA_OPEN:
                depth += 1
            elif ch in _JA_CLOSE:
                depth = max(0, depth - 1)
            elif ch in "。！？!?" and depth == 0:
                j = i + 1
                while j < len(line) and line[j] in "。！？!?" + _JA_CLOSE:
                    j += 1
                spans.append((line_start + pos, line_start + j))
                pos, i = j, j
                continue
            i += 1
        spans.append((line_start + pos, line_start + len(line)))
    return _renumber(_trimmed(text, spans))


# --- quotes -------------------------------------------------------------------------------------

def quote_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span to quote for a sentence: without surrounding blanks and the final full stop.

    Examples
    --------
    >>> t = "  한국과 일본은 합의했다. "
    >>> s, e = quote_span(t, 0, len(t)); t[s:e]
    '한국과 일본은 합의했다'
    """
    while start < end and (text[start].isspace() or unicodedata.category(text[start]) == "Cf"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".。"):
        end -= 1
    return start, end
