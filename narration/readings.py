"""How a line of narration is read aloud: numbers, symbols and terms as a lecturer says them.

A voice is given the *reading* of a line, never the line itself: ``93.5 %`` is read
百分之九十三点五 in Chinese, "ninety-three point five percent" in English and "noventa y
tres punto cinco por ciento" in Spanish, ``−0.42`` 负零点四二 / "minus zero point four two"
/ "menos cero punto cuatro dos", ``σ`` 西格玛 / "sigma" / "sigma", ``x mod 2`` x 模 二 /
"x mod two" / "x módulo dos", and the Latin terms of the lecture (ReLU, tanh, SGD, …)
the way a lecturer says them. Subtitles and the recording script keep the line as written.

Integers are spelled by ``num2words`` in English and Spanish (normalised in English to
the lecture's American "one hundred five": the voice cache keys on the written text, so
a reading must not change under it) and by hand in Chinese.

Spanish decimals: the numbers on a Spanish screen are the engine's, written with a point
(``0.761``, ``4,610``), so the point is read "punto" as Latin American lecturers read it
(and as ``num2words`` does); a decimal comma a translator writes (``93,5 %``) is read
"coma". A comma followed by exactly three digits after a non-zero head groups thousands.

Examples
--------
>>> reading("准确率 93.5 %，偏置 −0.42。", "zh")
'准确率 百分之九十三点五，偏置 负零点四二。'
>>> reading("tanh of 0.90 is 0.72", "en")
'tan h of zero point nine zero is zero point seven two'
>>> reading("La tanh de 0.90 es −0.72; 93,5 % de 1,797", "es")
'La tangente hiperbólica de cero punto nueve cero es menos cero punto siete dos; \
noventa y tres coma cinco por ciento de mil setecientos noventa y siete'
>>> reading("a = σ(z) + b", "es")
'a igual a sigma de zeta más be'
"""

from __future__ import annotations

import re

from num2words import num2words

from engine.errors import ConfigError

__all__ = ["reading", "READERS", "LEXICON", "spell_int_en", "number_zh", "number_en",
           "number_es"]

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
    # Spanish: what a Spanish-speaking lecturer says. eSpeak's ``es`` voice already names
    # single letters (b → "be", x → "equis", W → "uve doble"); English terms are respelled
    # so Spanish letter-to-sound rules land on the lecturer's pronunciation.
    "es": {
        "ReLU": "relu", "ReLUs": "relus", "tanh": "tangente hiperbólica",
        "softplus": "soft plus", "softmax": "soft max", "Softmax": "Soft max",
        "Softplus": "Soft plus", "sigmoid": "sigmoide", "SGD": "ese ge de", "Adam": "Adam",
        "MNIST": "eme nist", "PCA": "pe ce a",
        "MLP": "eme ele pe", "GPU": "ge pe u", "CPU": "ce pe u", "XOR": "equis or",
        "Olah": "Ola", "σ": "sigma", "η": "eta", "α": "alfa", "β": "beta",
        "∂": "parcial de ", "∇": "gradiente de ", "×": " por ", "·": " por ", "+": " más ",
        "≈": " aproximadamente ", "=": " igual a ", "²": " al cuadrado", "→": " a ",
        "…": " ", "mod": "módulo", "2-D": "dos de", "3-D": "tres de", "2D": "dos de",
        "3D": "tres de", "dL/dw": "de L de w",
        "σ(z)": "sigma de z", "σ(x)": "sigma de x",
    },
}

_DIGITS_ZH = "零一二三四五六七八九"
_ONES = "zero one two three four five six seven eight nine".split()
_DIGITS_ES = "cero uno dos tres cuatro cinco seis siete ocho nueve".split()


def spell_int_en(n: int) -> str:
    """An integer in English words, as the lecture's voice has always said it.

    ``num2words`` writes British "one thousand, seven hundred and ninety-seven"; the
    commas and "and" go, so every reading (and the voice cache, keyed on the written
    text) stays what it was.

    >>> spell_int_en(1797)
    'one thousand seven hundred ninety-seven'
    """
    return re.sub(r",| and\b", "", num2words(n, lang="en"))


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


def number_es(text: str) -> str:
    """A written number in Spanish words: the point read "punto", a decimal comma "coma".

    >>> number_es("-0.42")
    'menos cero punto cuatro dos'
    >>> number_es("93,5")
    'noventa y tres coma cinco'
    """
    sign = "menos " if text[0] in MINUS else ""
    digits = text.lstrip(MINUS)
    if _THOUSANDS_ES.fullmatch(digits):
        digits = digits.replace(",", "")
    whole, sep, frac = re.fullmatch(r"(\d*)([.,]?)(\d*)", digits).groups()
    out = num2words(int(whole or "0"), lang="es")
    if frac:
        out += (" punto " if sep == "." else " coma ") + " ".join(
            _DIGITS_ES[int(d)] for d in frac)
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
# Spanish: thousands grouped by commas as the engine's numbers are written (4,610), never
# after a lone zero (0,761 is a decimal comma).
_THOUSANDS_ES = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_NUMBER_ES = re.compile(
    r"(?<![A-Za-z0-9_.,])(?P<num>[" + MINUS + r"]?(?:[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?"
    r"|\d+(?:[.,]\d+)?))(?![\d])(?P<pct>\s?%)?")
# Letters that are Spanish words when alone (y "and", o "or"): named when indexed (y1).
_LETTER_ES = {"y": "ye", "Y": "ye"}
# A symbol letter standing alone (z, b, W, dL) is said by its Spanish name, as eSpeak's
# ``es`` voice says it anyway; written out, the reading of what the ear hears ("zeta")
# and of what was written ("z") agree. Vowels and y are words (a, e, o, u, y): kept.
_NAMES_ES = dict(zip("bcdfghjklmnpqrstvwxz", (
    "be ce de efe ge hache jota ka ele eme ene pe cu erre ese te uve uve_doble equis "
    "zeta").split(), strict=True))
_SYMBOL_LETTER_ES = re.compile(r"(?<![\w'’])([B-DF-HJ-NP-TV-XZb-df-hj-np-tv-xz])(?![\w'’])")


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


def _read_zh(text: str) -> str:
    text = text.replace("2-D", LEXICON["zh"]["2-D"]).replace("3-D", LEXICON["zh"]["3-D"])
    text = _YEAR_ZH.sub(lambda m: "".join(_DIGITS_ZH[int(d)] for d in m.group(1)), text)
    text = _ARCH.sub(lambda m: "，".join(m.group(0).split("-")), text)
    text = _PCT_RANGE.sub(r"\1 % 到 \2 %", text)
    text = _RANGE.sub("到", text)
    text = _INDEXED.sub(lambda m: f"{m.group(1)} {_DIGITS_ZH[int(m.group(2))]}", text)
    text = _NUMBER.sub(lambda m: ("百分之" if m.group("pct") else "")
                       + number_zh(m.group("num")), text)
    return _lexicon(text, "zh")


def _read_en(text: str) -> str:
    text = text.replace("2-D", LEXICON["en"]["2-D"]).replace("3-D", LEXICON["en"]["3-D"])
    text = _ARCH.sub(lambda m: ", ".join(m.group(0).split("-")), text)
    text = _PCT_RANGE.sub(r"\1 to \2 %", text)
    text = _RANGE.sub(" to ", text)
    text = _INDEXED.sub(lambda m: f"{_LETTER_EN.get(m.group(1), m.group(1))} "
                        f"{_ONES[int(m.group(2))]}", text)
    text = _NUMBER.sub(lambda m: number_en(m.group("num"))
                       + (" percent" if m.group("pct") else ""), text)
    return _lexicon(text, "en")


def _read_es(text: str) -> str:
    for term in ("2-D", "3-D", "2D", "3D"):  # before the numbers take their digits
        text = re.sub(rf"(?<![\w-]){term}(?!\w)", LEXICON["es"][term], text)
    text = _ARCH.sub(lambda m: ", ".join(m.group(0).split("-")), text)
    text = _PCT_RANGE.sub(r"\1 a \2 %", text)
    text = _RANGE.sub(" a ", text)
    text = _INDEXED.sub(lambda m: f"{_LETTER_ES.get(m.group(1), m.group(1))} "
                        f"{_DIGITS_ES[int(m.group(2))]}", text)
    text = _NUMBER_ES.sub(lambda m: number_es(m.group("num"))
                          + (" por ciento" if m.group("pct") else ""), text)
    text = _lexicon(text, "es")
    return _SYMBOL_LETTER_ES.sub(
        lambda m: _NAMES_ES[m.group(1).lower()].replace("_", " "), text)


#: One reader per reading code (a language row's ``reading``; by default its code).
READERS = {"en": _read_en, "es": _read_es, "zh": _read_zh}


def reading(text: str, lang: str) -> str:
    """What the voice reading ``lang`` (``en``, ``es`` or ``zh``) is given to say for ``text``.

    Formulas are read as words, numbers as a lecturer reads them, Latin terms from
    :data:`LEXICON`; every other character is kept as written. ``lang`` is a reading
    code (:data:`READERS`): a language row names the one its voice uses.
    """
    reader = READERS.get(lang)
    if reader is None:
        raise ConfigError(f"reading {lang!r}; allowed: {', '.join(READERS)}")
    return re.sub(r" {2,}", " ", reader(text)).strip()
