"""Marks in the narration, and the phrases a beat is spoken and subtitled in.

A beat's narration may carry marks at the words an animation belongs to, written as
manim-voiceover writes its bookmarks::

    "Each edge carries a weight. <bookmark mark='bias'/>Then it adds a bias b."

A scene waits for a mark with ``self.wait_until("bias")``. Marks never reach the voice,
the subtitles or the recording script: :func:`strip` removes them.

A beat is spoken phrase by phrase (:func:`phrases`): it is cut at every mark, at every
sentence end, and, where a sentence would not fit one subtitle cue (two lines of 42
characters in English, of 16 in Chinese), at its clauses. Each phrase is synthesised
on its own and the pieces are joined, so a phrase's start — a mark's time, a cue's
start — is exact.

Examples
--------
>>> [p.text for p in phrases("One. <bookmark mark='b'/>Two, three.", "en")]
['One.', 'Two, three.']
>>> phrases("One. <bookmark mark='b'/>Two, three.", "en")[1].marks
('b',)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.errors import ConfigError

__all__ = ["MARK", "Phrase", "phrases", "strip", "names", "LINE", "LINES", "MAX_CUE_S", "cues",
           "cue_lines", "fits"]

MARK = re.compile(r"""<bookmark\s+mark\s*=\s*(['"])(?P<name>[^'"]*)\1\s*/>""")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: Characters per subtitle line (Netflix timed-text style: English 42, Simplified Chinese 16).
LINE = {"en": 42, "zh": 16, "es": 42}
LINES = 2
MAX_CUE_S = 7.0
#: Where a sentence ends, and where a clause may be cut.
# An ASCII stop ends a sentence only before a space or the end, so "0.761" and "1,000"
# stay whole; a full-width one ends it wherever it stands.
_SENTENCE = re.compile(r"(?<=[.!?;])(?=\s|$)\s*|(?<=[。！？；])\s*")
_CLAUSE = re.compile(r"(?<=[,:;])(?=\s|$)\s*|(?<=[，：；])\s*")
# Characters of one number ("89.8", "−0.42", "5%"): never cut between two of them.
_NUMERIC = set("0123456789.,%％")


def _inside_number(text: str, i: int) -> bool:
    """Whether cutting ``text`` before index ``i`` would split a number ("89.8", "5%",
    "50.5 %": a space before a percent sign belongs to its number)."""
    if 0 < i < len(text) - 1 and text[i] == " " and text[i + 1] in "%％" and \
            text[i - 1].isdigit():
        return True
    return 0 < i < len(text) and text[i - 1] in _NUMERIC and text[i] in _NUMERIC and \
        (text[i - 1].isdigit() or text[i].isdigit())


def _inside_word(text: str, i: int) -> bool:
    """Whether cutting ``text`` before index ``i`` would split a Latin word ("sigmoid"
    in a Chinese line): allowed only where no other break keeps the lines short."""
    return 0 < i < len(text) and all(c.isascii() and c.isalnum() for c in text[i - 1:i + 1])
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
    """Whether ``text`` fits one cue: :data:`LINES` lines of :data:`LINE` characters."""
    return all(_width(line) <= LINE[lang] for line in cue_lines(text, lang)) and \
        len(cue_lines(text, lang)) <= LINES


def _cut(text: str, lang: str) -> list[str]:
    """Cut ``text`` into pieces that each fit one cue: at clauses, then at words."""
    limit = LINE[lang] * LINES
    if _width(text) <= limit and fits(text, lang):
        return [text]
    out: list[str] = []
    cur = ""
    for clause in (c for c in _CLAUSE.split(text) if c):
        joiner = " " if (lang == "en" and cur) else ""
        if cur and not fits(cur + joiner + clause, lang):
            out.append(cur)
            cur = clause
        else:
            cur = cur + joiner + clause
    if cur:
        out.append(cur)
    final: list[str] = []
    for piece in out:
        while not fits(piece, lang):  # one clause too long for a cue: cut at a word
            if lang == "en":
                words = piece.split(" ")
                head = ""
                for k in range(1, len(words)):
                    if not fits(" ".join(words[:k + 1]), lang):
                        head = " ".join(words[:k])
                        break
                head = head or words[0]
                final.append(head)
                piece = piece[len(head):].strip()
            else:
                cut = LINE[lang] * LINES
                while cut > 1 and _inside_number(piece, cut):
                    cut -= 1
                final.append(piece[:cut])
                piece = piece[cut:]
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
    """``text`` broken into subtitle lines of at most :data:`LINE` characters, at a
    clause where one falls near the middle, else at the word (English) or character
    (Chinese) that balances the two lines."""
    limit = LINE[lang]
    text = text.strip()
    if _width(text) <= limit:
        return [text]
    best: tuple[float, int] | None = None
    for i in range(1, len(text)):
        if (lang == "en" and text[i] != " ") or _inside_number(text, i):
            continue
        left, right = text[:i].strip(), text[i:].strip()
        if _width(left) > limit or _width(right) > limit:
            continue
        clause = text[i - 1] in ",;:，：；"
        score = abs(_width(left) - _width(right)) - (limit / 2 if clause else 0) + \
            (2 * limit if _inside_word(text, i) else 0)
        if best is None or score < best[0]:
            best = (score, i)
    if best is None:  # no break keeps both lines short: cut hard
        cut = limit
        if lang == "en":
            cut = text.rfind(" ", 0, limit + 1)
            cut = cut if cut > 0 else limit
        while cut > 1 and _inside_number(text, cut):
            cut -= 1
        return [text[:cut].strip()] + cue_lines(text[cut:], lang)
    i = best[1]
    return [text[:i].strip(), text[i:].strip()]


MIN_CUE_S = 1.0
# A cue stays up a little after its phrase is spoken (if the next does not start first).
LINGER_S = 0.6


def _halves(text: str, lang: str) -> tuple[str, str]:
    """``text`` cut in two near its middle, at a clause or a word."""
    mid = len(text) // 2
    spots = [i for i in range(1, len(text)) if text[i - 1] in ",;:，：；、"
             and not _inside_number(text, i)] or \
        ([i for i in range(1, len(text)) if text[i] == " "] if lang == "en" else
         [i for i in range(1, len(text)) if not _inside_number(text, i)])
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
            joined = prev[0] + (" " if lang == "en" else "") + text
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
