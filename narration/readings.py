"""How a line of narration is read aloud: numbers, symbols and terms as a lecturer says them.

A voice is given the *reading* of a line, never the line itself: ``93.5 %`` is read
百分之九十三点五 in Chinese and "ninety-three point five percent" in English, ``−0.42``
负零点四二 / "minus zero point four two", ``σ`` 西格玛 / "sigma", ``x mod 2`` x 模 二 /
"x mod two", and the Latin terms of the lecture (ReLU, tanh, SGD, …) the way a
lecturer says them. Subtitles and the recording script keep the line as written.

Examples
--------
>>> reading("准确率 93.5 %，偏置 −0.42。", "zh")
'准确率 百分之九十三点五，偏置 负零点四二。'
>>> reading("tanh of 0.90 is 0.72", "en")
'tan h of zero point nine zero is zero point seven two'
"""

from __future__ import annotations

import re

__all__ = ["reading", "LEXICON", "spell_int_en", "number_zh", "number_en"]

MINUS = "-\u2212\u2013"  # hyphen, minus sign, en dash as written before a negative number

#: Latin terms as lecturers say them. English: a respelling the English phonemiser reads
#: right ("tanh" alone is read "tan"). Chinese: what a Chinese lecturer says — the English
#: term for names of functions and optimizers (read by the English phonemiser inside the
#: Chinese voice), Chinese for symbols.
LEXICON: dict[str, dict[str, str]] = {
    "en": {
        "ReLU": "relu", "ReLUs": "relus", "tanh": "tan h", "softplus": "soft plus",
        "softmax": "soft max", "SGD": "S G D", "MNIST": "em nist", "PCA": "P C A",
        "MLP": "M L P", "GPU": "G P U", "CPU": "C P U", "Olah": "Oh-lah",
        "σ": "sigma", "η": "eta", "α": "alpha", "β": "beta", "∂": "partial ", "∇": "grad ",
        "×": " times ", "·": " times ", "+": " plus ", "≈": " about ", "=": " equals ",
        "²": " squared",
        "→": " to ", "…": " ", "mod": "mod", "2-D": "two D", "3-D": "three D",
        "dL/dw": "d L by d w",
    },
    "zh": {
        "ReLU": "relu", "tanh": "tan h", "softplus": "soft plus", "softmax": "soft max",
        "sigmoid": "sigmoid", "SGD": "S G D", "Adam": "Adam", "MNIST": "em nist",
        "PCA": "P C A", "σ": "西格玛", "η": "伊塔", "α": "阿尔法", "β": "贝塔",
        "∂": "偏", "∇": "梯度", "×": "乘以", "·": "乘以", "≈": "约等于", "=": "等于",
        "+": "加", "²": "的平方", "→": "到", "mod": "模", "dL/dw": "d L d w",
        "2-D": "二维", "3-D": "三维", "Olah": "Olah",
    },
}

_DIGITS_ZH = "零一二三四五六七八九"
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def spell_int_en(n: int) -> str:
    """An integer in English words: ``spell_int_en(1797)`` → 'one thousand seven hundred
    ninety-seven'."""
    if n < 0:
        return "minus " + spell_int_en(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand"),
                       (100, "hundred")):
        if n >= size:
            rest = n % size
            return f"{spell_int_en(n // size)} {name}" + (f" {spell_int_en(rest)}" if rest else "")
    raise AssertionError(n)


def _int_zh(n: int) -> str:
    """A non-negative integer in Chinese numerals (十六, not 一十六; 两 is not used)."""
    if n < 10:
        return _DIGITS_ZH[n]
    units = [(10**8, "亿"), (10**4, "万"), (1000, "千"), (100, "百"), (10, "十")]
    for size, name in units:
        if n >= size:
            head, rest = divmod(n, size)
            text = ("" if (size == 10 and head == 1) else _int_zh(head)) + name
            if rest:
                # 一百零五, 一千零五十: a zero is spoken where a place is skipped
                text += ("零" if rest < size // 10 else "") + _int_zh(rest)
            return text
    raise AssertionError(n)


def number_zh(text: str) -> str:
    """A written number (``-0.42``, ``1797``, ``93.5``) in Chinese: 负零点四二."""
    sign = "负" if text[0] in MINUS else ""
    digits = text.lstrip(MINUS).replace(",", "")
    whole, _, frac = digits.partition(".")
    out = _int_zh(int(whole or "0"))
    if frac:
        out += "点" + "".join(_DIGITS_ZH[int(d)] for d in frac)
    return sign + out


def number_en(text: str) -> str:
    """A written number in English words: ``-0.42`` → 'minus zero point four two'."""
    sign = "minus " if text[0] in MINUS else ""
    digits = text.lstrip(MINUS).replace(",", "")
    whole, _, frac = digits.partition(".")
    out = spell_int_en(int(whole or "0"))
    if frac:
        out += " point " + " ".join(_ONES[int(d)] for d in frac)
    return sign + out


# A number: an optional minus sign not glued to a word before it, digits with optional
# thousands commas and decimals, an optional percent sign (spaced or not).
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.])(?P<num>[" + MINUS + r"]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[" + MINUS
    + r"]?\d+(?:\.\d+)?)(?P<pct>\s?%)?")
# Layer widths written 2-3-3-1: read as a list of numbers.
_ARCH = re.compile(r"\b\d+(?:-\d+){2,}\b")
# A range between two numbers: 20–72 %, 1 … 5.
_RANGE = re.compile(r"(?<=\d)(?:\s?[–~～]\s?|\s?…\s?)(?=[" + MINUS + r"]?\d)")
# A letter with an index: a1, w2, f4, x0 (read as letter + number).
# A range of percentages: 20–72 % is 20 % to 72 %.
_PCT_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s?[–~～]\s?(\d+(?:\.\d+)?)\s?%")
_INDEXED = re.compile(r"\b([A-Za-z])(\d)\b")
_YEAR_ZH = re.compile(r"(\d{4})(?=\s?年)")

_LETTER_EN = {"a": "eh", "A": "eh"}


def _lexicon(text: str, lang: str) -> str:
    words = LEXICON[lang]
    # Longest first, whole words for Latin terms; symbols anywhere.
    for term in sorted(words, key=len, reverse=True):
        if term[0].isalnum():
            text = re.sub(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])",
                          lambda _m, t=term: words[t], text)
        else:
            text = text.replace(term, words[term])
    return text


def reading(text: str, lang: str) -> str:
    """What the voice for ``lang`` (``en`` or ``zh``) is given to say for ``text``.

    Formulas are read as words, numbers as a lecturer reads them, Latin terms from
    :data:`LEXICON`; every other character is kept as written.
    """
    if lang not in LEXICON:
        raise ValueError(f"language {lang!r}; allowed: en, zh")
    for term in ("2-D", "3-D"):  # before the numbers take their digits
        text = text.replace(term, LEXICON[lang][term])
    if lang == "zh":
        text = _YEAR_ZH.sub(lambda m: "".join(_DIGITS_ZH[int(d)] for d in m.group(1)), text)
        text = _ARCH.sub(lambda m: "，".join(m.group(0).split("-")), text)
        text = _PCT_RANGE.sub(r"\1 % 到 \2 %", text)
        text = _RANGE.sub("到", text)
        text = _INDEXED.sub(lambda m: f"{m.group(1)} {_DIGITS_ZH[int(m.group(2))]}", text)
        text = _NUMBER.sub(lambda m: ("百分之" if m.group("pct") else "")
                           + number_zh(m.group("num")), text)
        text = _lexicon(text, "zh")
    else:
        text = _ARCH.sub(lambda m: ", ".join(m.group(0).split("-")), text)
        text = _PCT_RANGE.sub(r"\1 to \2 %", text)
        text = _RANGE.sub(" to ", text)
        text = _INDEXED.sub(lambda m: f"{_LETTER_EN.get(m.group(1), m.group(1))} "
                            f"{_ONES[int(m.group(2))]}", text)
        text = _NUMBER.sub(lambda m: number_en(m.group("num"))
                           + (" percent" if m.group("pct") else ""), text)
        text = _lexicon(text, "en")
    return re.sub(r" {2,}", " ", text).strip()
