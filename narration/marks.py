"""Marks in the narration, and the phrases a beat is spoken and subtitled in.

A beat's narration may carry marks at the words an animation belongs to, written as
manim-voiceover writes its bookmarks::

    "Each edge carries a weight. <bookmark mark='bias'/>Then it adds a bias b."

A scene waits for a mark with ``self.wait_until("bias")``. Marks never reach the voice,
the subtitles or the recording script: :func:`strip` removes them.

A beat is spoken phrase by phrase (:func:`phrases`): it is cut at every mark, at every
sentence end, and, where a sentence would not fit one subtitle cue (two lines of the
language's ``line`` characters: 42 in English, 16 in Chinese; ``words/languages.toml``),
at its clauses. Each phrase is synthesised on its own and the pieces are joined, so a
phrase's start — a mark's time, a cue's start — is exact.

Lines and phrases break only between words: at spaces where the language writes them
(the row's ``spaces``), else between the words jieba finds (Chinese); never inside a
number ("89.8%", "百分之八十九点八"), and never at the comma of a list of numbers ("the
point 1, 1").

Examples
--------
>>> [p.text for p in phrases("One. <bookmark mark='b'/>Two, three.", "en")]
['One.', 'Two, three.']
>>> phrases("One. <bookmark mark='b'/>Two, three.", "en")[1].marks
('b',)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from engine.errors import ConfigError
from narration import languages

__all__ = ["MARK", "Phrase", "phrases", "strip", "names", "LINE", "LINES", "MAX_CUE_S", "cues",
           "cue_lines", "fits", "breaks", "width"]

MARK = re.compile(r"""<bookmark\s+mark\s*=\s*(['"])(?P<name>[^'"]*)\1\s*/>""")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def width(lang: str) -> int:
    """Characters per subtitle line of ``lang``: its row's ``line`` (Netflix timed-text
    style: English 42, Simplified Chinese 16)."""
    return languages.language(lang).line


class _Lines(Mapping[str, int]):
    """Characters per subtitle line by language code, read from the language table."""

    def __getitem__(self, code: str) -> int:
        row = languages.table().get(code)
        if row is None:
            raise KeyError(code)
        return row.line

    def __iter__(self) -> Iterator[str]:
        return iter(languages.codes())

    def __len__(self) -> int:
        return len(languages.codes())


#: Characters per subtitle line by language (a view of the language table).
LINE: Mapping[str, int] = _Lines()
LINES = 2
MAX_CUE_S = 7.0
#: Where a sentence ends, and where a clause may be cut.
# An ASCII stop ends a sentence only before a space or the end, so "0.761" and "1,000"
# stay whole; a full-width one ends it wherever it stands.
_SENTENCE = re.compile(r"(?<=[.!?;])(?=\s|$)\s*|(?<=[。！？；])\s*")
_CLAUSE = re.compile(r"(?<=[,:;])(?=\s|$)\s*|(?<=[，：；])\s*")
# Characters of one number ("89.8", "−0.42", "5%"): never cut between two of them.
_NUMERIC = set("0123456789.,%％")
# Chinese numerals: "八十九点八" is one number, whatever words jieba finds inside it.
_HAN_NUMERAL = set("零〇一二三四五六七八九十百千万亿点两")
# No line starts with a closing mark, none ends with an opening one (kinsoku).
_CLOSING = set(",.;:!?)]}%，。、；：！？）」』”’》％")
_OPENING = set("([{（「『“‘《")


def _inside_number(text: str, i: int) -> bool:
    """Whether cutting ``text`` before index ``i`` would split a number ("89.8", "5%",
    "50.5 %": a space before a percent sign belongs to its number; "八十九")."""
    if 0 < i < len(text) - 1 and text[i] == " " and text[i + 1] in "%％" and \
            text[i - 1].isdigit():
        return True
    if 0 < i < len(text) and text[i - 1] in _HAN_NUMERAL and text[i] in _HAN_NUMERAL:
        return True
    return 0 < i < len(text) and text[i - 1] in _NUMERIC and text[i] in _NUMERIC and \
        (text[i - 1].isdigit() or text[i].isdigit())


def _in_number_list(text: str, i: int) -> bool:
    """Whether cutting ``text`` before index ``i`` falls at the comma of a list of numbers
    ("the point 1, 1", "(−0.5, 2)"): a comma after a digit, a number after it."""
    j = i
    while j > 0 and text[j - 1] == " ":
        j -= 1
    if j < 2 or text[j - 1] not in ",，、" or not text[j - 2].isdigit():
        return False
    k = i
    while k < len(text) and text[k] == " ":
        k += 1
    return k < len(text) and (text[k].isdigit() or (
        text[k] in "−-+" and k + 1 < len(text) and text[k + 1].isdigit()))


def _inside_word(text: str, i: int) -> bool:
    """Whether cutting ``text`` before index ``i`` would split a Latin word ("sigmoid"
    in a Chinese line)."""
    return 0 < i < len(text) and all(c.isascii() and c.isalnum() for c in text[i - 1:i + 1])


@functools.cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are not ours
    return jieba


def breaks(text: str, lang: str) -> frozenset[int]:
    """Where ``text`` may be broken between two lines or phrases: each index ``i`` means a
    cut before ``text[i]``. At spaces where the language writes them, else between the
    words jieba finds; never inside a number or at the comma of a list of numbers.

    >>> sorted(breaks("the point 1, 1 here", "en"))
    [3, 9, 14]
    >>> "".join("|" * (i in breaks("权重矩阵把平面旋转", "zh")) + c
    ...         for i, c in enumerate("权重矩阵把平面旋转"))
    '权重|矩阵|把|平面|旋转'
    """
    return _breaks(text, languages.language(lang).spaces)


@functools.lru_cache(maxsize=8192)
def _breaks(text: str, spaces: bool) -> frozenset[int]:
    if spaces:
        spots = (i for i in range(1, len(text)) if text[i] == " " and text[i - 1] != " ")
    else:
        ends, at = [], 0
        for word in _jieba().cut(text):
            at += len(word)
            ends.append(at)
        spots = (i for i in ends if 0 < i < len(text) and not _inside_word(text, i))
    return frozenset(i for i in spots
                     if not _inside_number(text, i) and not _in_number_list(text, i)
                     and text[i] not in _CLOSING and text[i - 1] not in _OPENING)


def _clauses(text: str) -> list[str]:
    """``text`` cut after each clause mark, except a comma inside a list of numbers."""
    out, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.end() < len(text) and not _in_number_list(text, m.end()):
            out.append(text[start:m.start()])
            start = m.end()
    out.append(text[start:])
    return [c for c in out if c]


# Silence between joined phrases: after a sentence, after a clause, at a bare mark.
PAUSE_SENTENCE, PAUSE_CLAUSE, PAUSE_MARK = 0.3, 0.15, 0.05


@dataclass(frozen=True)
class Phrase:
    """One piece of a beat: its text as written, the marks at its start, the pause after."""

    text: str
    marks: tuple[str, ...] = ()
    pause: float = 0.0


def strip(text: str) -> str:
    """``text`` without its marks (what subtitles, the script and the voice get)."""
    return re.sub(r"[ \t]{2,}", " ", MARK.sub("", text)).strip()


def names(text: str) -> list[str]:
    """The marks of ``text`` in order; a malformed or repeated mark is a clear error."""
    found = [m.group("name") for m in MARK.finditer(text)]
    for name in found:
        if not _NAME.fullmatch(name):
            raise ConfigError(f"mark {name!r} in {text!r}; allowed: letters, digits, _ and -, "
                              "starting with a letter")
    repeated = sorted({n for n in found if found.count(n) > 1})
    if repeated:
        raise ConfigError(f"mark {repeated[0]!r} appears twice in {text!r}; each mark once")
    if "<bookmark" in MARK.sub("", text):
        raise ConfigError(f"a malformed mark in {text!r}; write <bookmark mark='name'/>")
    return found


def _width(text: str) -> int:
    return len(text)


def fits(text: str, lang: str) -> bool:
    """Whether ``text`` fits one cue: :data:`LINES` lines of the language's width."""
    lines = cue_lines(text, lang)
    return len(lines) <= LINES and all(_width(line) <= width(lang) for line in lines)


def _joiner(lang: str) -> str:
    """What joins two phrases: a space where the language writes spaces."""
    return " " if languages.language(lang).spaces else ""


def _cut(text: str, lang: str) -> list[str]:
    """Cut ``text`` into pieces that each fit one cue: at clauses, then between words."""
    if _width(text) <= width(lang) * LINES and fits(text, lang):
        return [text]
    out: list[str] = []
    cur = ""
    for clause in _clauses(text):
        joiner = _joiner(lang) if cur else ""
        if cur and not fits(cur + joiner + clause, lang):
            out.append(cur)
            cur = clause
        else:
            cur = cur + joiner + clause
    if cur:
        out.append(cur)
    final: list[str] = []
    for piece in out:
        while not fits(piece, lang):  # one clause too long for a cue: cut between words
            spots = sorted(breaks(piece, lang))
            head = [k for k in spots if fits(piece[:k].strip(), lang)]
            if head:
                cut = head[-1]
            elif spots:  # a first word longer than a cue: it goes alone
                cut = spots[0]
            else:  # no break at all: cut hard, outside a number
                cut = width(lang) * LINES
                while cut > 1 and _inside_number(piece, cut):
                    cut -= 1
            final.append(piece[:cut].strip())
            piece = piece[cut:].strip()
        if piece:
            final.append(piece)
    return final


def phrases(text: str, lang: str) -> list[Phrase]:
    """The phrases ``text`` is spoken and subtitled in (see the module's description)."""
    names(text)
    out: list[Phrase] = []
    pending: list[str] = []
    pieces = MARK.split(text)  # text, quote, name, text, quote, name, …
    chunks = [(pieces[0], None)] + [(pieces[i + 2], pieces[i + 1])
                                    for i in range(1, len(pieces) - 1, 3)]
    for chunk, mark in chunks:
        if mark is not None:
            pending.append(mark)
        for sentence in (s for s in _SENTENCE.split(chunk) if s.strip()):
            cut = _cut(sentence.strip(), lang)
            for piece in cut:
                pause = (PAUSE_SENTENCE if re.search(r"[.!?。！？；;]$", piece) else
                         PAUSE_CLAUSE if re.search(r"[,:，：、]$", piece) else PAUSE_MARK)
                out.append(Phrase(piece, tuple(pending), pause))
                pending = []
    if pending:  # a mark after the last word: it falls at the end of the speech
        out.append(Phrase("", tuple(pending), 0.0))
    if out:
        last = out[-1]
        out[-1] = Phrase(last.text, last.marks, 0.0)
    return out


def cue_lines(text: str, lang: str) -> list[str]:
    """``text`` broken into subtitle lines of at most the language's width, between words
    (:func:`breaks`): at a clause where one falls near the middle, else where the two
    lines balance.

    >>> cue_lines("一个只有两个权重 w1、w2 的神经元对真实数据做分类", "zh")
    ['一个只有两个权重 w1、w2', '的神经元对真实数据做分类']
    """
    limit = width(lang)
    text = text.strip()
    if _width(text) <= limit:
        return [text]
    spots = sorted(breaks(text, lang))
    best: tuple[float, int] | None = None
    for i in spots:
        left, right = text[:i].strip(), text[i:].strip()
        if _width(left) > limit or _width(right) > limit:
            continue
        clause = text[i - 1] in ",;:，：；"
        score = abs(_width(left) - _width(right)) - (limit / 2 if clause else 0)
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:  # no break keeps both lines short: the last word that fits, or hard
        fitting = [i for i in spots if _width(text[:i].strip()) <= limit]
        cut = fitting[-1] if fitting else limit
        while not fitting and cut > 1 and _inside_number(text, cut):
            cut -= 1
        return [text[:cut].strip()] + cue_lines(text[cut:], lang)
    i = best[1]
    return [text[:i].strip(), text[i:].strip()]


MIN_CUE_S = 1.0
# A cue stays up a little after its phrase is spoken (if the next does not start first).
LINGER_S = 0.6


def _halves(text: str, lang: str) -> tuple[str, str]:
    """``text`` cut in two near its middle, at a clause or between words."""
    mid = len(text) // 2
    spots = [i for i in range(1, len(text)) if text[i - 1] in ",;:，：；、"
             and not _inside_number(text, i) and not _in_number_list(text, i)] or \
        sorted(breaks(text, lang))
    i = min(spots, key=lambda k: abs(k - mid)) if spots else mid
    return text[:i].strip(), text[i:].strip()


def cues(phrases: list[tuple[str, float, float]], lang: str, end: float
         ) -> list[tuple[str, float, float]]:
    """Subtitle cues ``(text with line breaks, start, end)`` for a beat's timed phrases.

    One cue per phrase, starting as it is spoken; it stays until the next phrase starts
    or :data:`LINGER_S` after it is spoken, at least :data:`MIN_CUE_S` and at most
    :data:`MAX_CUE_S`; a phrase spoken for longer is cut in two, timed by its share of
    the text; a phrase too short to read is joined to the next where both fit one cue.
    """
    timed: list[tuple[str, float, float]] = []
    for text, a, b in phrases:
        if b - a > MAX_CUE_S - LINGER_S and len(text) > 1:
            head, tail = _halves(text, lang)
            cut = a + (b - a) * len(head) / max(len(head) + len(tail), 1)
            timed += [(head, a, cut), (tail, cut, b)]
        else:
            timed.append((text, a, b))
    merged: list[list] = []
    for text, a, b in timed:
        if merged:
            prev = merged[-1]
            joined = prev[0] + _joiner(lang) + text
            if a - prev[1] < MIN_CUE_S and fits(joined, lang) and b - prev[1] <= MAX_CUE_S:
                merged[-1] = [joined, prev[1], b]
                continue
        merged.append([text, a, b])
    out = []
    for i, (text, a, b) in enumerate(merged):
        limit = merged[i + 1][1] if i + 1 < len(merged) else end
        stop = min(limit, max(b + LINGER_S, a + MIN_CUE_S), a + MAX_CUE_S)
        out.append(("\n".join(cue_lines(text, lang)), a, max(stop, min(b, limit))))
    return out
