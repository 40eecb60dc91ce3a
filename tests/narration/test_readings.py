"""How lines are read: numbers, symbols and terms as lecturers say them, and nothing dropped."""

from __future__ import annotations

import re
import string

import pytest

from engine.errors import ConfigError
from narration import kokoro
from narration.languages import WORDS
from narration.readings import LEXICON, number_en, number_es, number_zh, reading, spell_int_en
from scenes.common.i18n import read_words


@pytest.mark.parametrize("written, said", [
    ("93.5 %", "百分之九十三点五"), ("−0.42", "负零点四二"), ("-0.42", "负零点四二"),
    ("100.0 %", "百分之一百点零"), ("1797", "一千七百九十七"), ("105", "一百零五"),
    ("16", "十六"), ("20–72 %", "百分之二十 到 百分之七十二"), ("1 … 5", "一到五"),
    ("2-3-3-1", "二，三，三，一"), ("2011 年", "二零一一 年"), ("a1", "a 一"),
    ("σ(z)", "西格玛(z)"), ("x mod 2", "x 模 二"), ("z = w1 a1 + b", "z 等于 w 一 a 一 加 b"),
])
def test_chinese_readings(written, said):
    assert reading(written, "zh") == said


@pytest.mark.parametrize("written, said", [
    ("100.0 %", "one hundred point zero percent"), ("−0.42", "minus zero point four two"),
    ("93.5%", "ninety-three point five percent"), ("W1", "W one"), ("a1", "eh one"),
    ("x mod 2", "x mod two"), ("ReLU", "relu"), ("tanh of 0.90", "tan h of zero point nine zero"),
    ("1,797 images", "one thousand seven hundred ninety-seven images"),
    ("a 2-3-3-1 network", "a two, three, three, one network"),
    ("20–72 %", "twenty to seventy-two percent"),
])
def test_english_readings(written, said):
    assert reading(written, "en") == said


@pytest.mark.parametrize("written, said", [
    # the engine's numbers, as a Spanish screen shows them: point decimals, comma thousands
    ("93.5 %", "noventa y tres punto cinco por ciento"),
    ("−0.42", "menos cero punto cuatro dos"),
    ("-0.42", "menos cero punto cuatro dos"),
    ("0.05", "cero punto cero cinco"),
    ("1,797 imágenes", "mil setecientos noventa y siete imágenes"),
    ("4,610 pesos", "cuatro mil seiscientos diez pesos"),
    ("100.0%", "cien punto cero por ciento"),
    ("(0.42, -0.31)", "(cero punto cuatro dos, menos cero punto tres uno)"),
    # a decimal comma a translator writes
    ("93,5 %", "noventa y tres coma cinco por ciento"),
    ("0,761", "cero coma siete seis uno"),
    ("20–72 %", "veinte a setenta y dos por ciento"),
    ("1 … 5", "uno a cinco"),
    ("una red 64-16-16-10", "una red sesenta y cuatro, dieciséis, dieciséis, diez"),
    ("2011", "dos mil once"), ("105", "ciento cinco"), ("21", "veintiuno"),
    ("a1, a2 y a3", "a uno, a dos y a tres"), ("W1", "uve doble uno"), ("y1", "ye uno"),
    ("f3", "efe tres"), ("x mod 2", "equis módulo dos"), ("ReLU", "relu"),
    ("tanh de z", "tangente hiperbólica de zeta"), ("un sesgo b.", "un sesgo be."),
    ("σ(z)", "sigma de zeta"), ("a = σ(z)", "a igual a sigma de zeta"), ("a_i", "a_i"),
    ("SGD y Adam", "ese ge de y Adam"), ("en 2-D y en 3-D", "en dos de y en tres de"),
    ("2 × 3 ≈ 6", "dos por tres aproximadamente seis"), ("sigmoid", "sigmoide"),
    ("softmax", "soft max"), ("dL/dw", "de ele de uve doble"), ("η", "eta"),
    ("la salida a de L", "la salida a de ele"), ("y o u", "y o u"),
])
def test_spanish_readings(written, said):
    assert reading(written, "es") == said


_ES = {w: v for v, w in enumerate("cero uno dos tres cuatro cinco seis siete ocho nueve diez once "
                                  "doce trece catorce quince dieciséis diecisiete dieciocho "
                                  "diecinueve veinte".split())}
_ES |= {"veintiuno": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24,
        "veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28,
        "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
        "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
        "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500,
        "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
        "un": 1, "y": 0}


def _parse_es(words: str) -> float:
    """Spanish number words back to a number: an independent reader of what num2words wrote."""
    sign = -1 if words.startswith("menos ") else 1
    words = words.removeprefix("menos ")
    whole, _, frac = words.partition(" punto ")
    total = part = 0
    for w in whole.split():
        if w == "mil":
            total, part = total + max(part, 1) * 1000, 0
        else:
            part += _ES[w]
    value = total + part
    if frac:
        value += float("0." + "".join(str(_ES[w]) for w in frac.split()))
    return sign * value


def test_spanish_numbers_in_words_read_back_to_their_digits():
    for n in [*range(0, 2100, 7), 10_000, 12_345, 99_999, 123_456, 999_999]:
        assert _parse_es(number_es(str(n))) == n, (n, number_es(str(n)))
        assert _parse_es(number_es(f"{n:,}")) == n  # the engine's comma thousands
    for text in ("-0.42", "3.25", "-12.05", "7.01", "0.761"):
        assert _parse_es(number_es(text)) == pytest.approx(float(text))


def test_english_readings_stay_what_the_voice_cache_holds():
    # num2words now spells English integers; these are the hand-written speller's readings.
    assert spell_int_en(105) == "one hundred five"
    assert spell_int_en(2011) == "two thousand eleven"
    assert spell_int_en(1797) == "one thousand seven hundred ninety-seven"
    assert spell_int_en(4610) == "four thousand six hundred ten"
    assert spell_int_en(-40) == "minus forty"
    assert spell_int_en(1_234_567) == ("one million two hundred thirty-four thousand five "
                                       "hundred sixty-seven")


def test_numbers_in_words_agree_with_their_digits():
    # An independent check: rebuild the number from the words' digits.
    values = {w: i for i, w in enumerate("零一二三四五六七八九")}
    for text in ("0.5", "-3.25", "7.01"):
        zh = number_zh(text)
        frac = zh.split("点")[1]
        assert "".join(str(values[c]) for c in frac) == text.split(".")[1]
    assert spell_int_en(1000001) == "one million one"
    assert number_en("-12.05") == "minus twelve point zero five"


def test_an_unknown_language_is_refused():
    with pytest.raises(ConfigError, match="reading 'fr'; allowed: en, es, zh"):
        reading("1", "fr")
    with pytest.raises(ConfigError, match="allowed: en, es, zh"):
        kokoro.phonemes("un", "fr")


def test_spanish_letters_and_marks_reach_the_voice():
    ps = kokoro.phonemes(reading("¿Qué añade la neurona? Un sesgo, b: ¡pingüino!", "es"), "es")
    assert "ɲ" in ps and "bˈe" in ps and "?" in ps and "!" in ps  # ñ, the letter b, the tune
    assert "¿" not in ps and "¡" not in ps


def test_one_and_not_change_tone_before_a_fourth_tone():
    # 一步 is yí bù and 不对 bú duì (misaki's plain path reads yī bù).
    assert kokoro.phonemes("一步", "zh").startswith("i↗")
    assert kokoro.phonemes("不对", "zh").startswith("pu↗")
    assert kokoro.phonemes("一个", "zh").startswith("i↗")
    assert kokoro.phonemes("第一", "zh").endswith("i→")  # an ordinal keeps its first tone


def test_latin_terms_reach_the_chinese_voice_whole():
    # misaki alone turned "ReLU" into "e": every letter must become phonemes.
    ps = kokoro.phonemes(reading("ReLU 和 tanh", "zh"), "zh")
    assert "ɹ" in ps and "l" in ps and "ʧ" in ps


def _filled(text: str) -> str:
    """A catalogue line with every field filled by a number, as renders fill them."""
    names = [f[1] for f in string.Formatter().parse(text) if f[1]]
    return text.format(**{n.split(".")[0].split("[")[0]: "-0.42" for n in names})


def _lines(lang: str) -> list[str]:
    out = []
    for path in sorted((WORDS / lang).glob("*.toml")):  # the words files, not scene modules
        text = read_words(path)
        out += [_filled(v) for k, v in sorted(text.items()) if k.endswith(".say")]
    return out


@pytest.mark.parametrize("lang", ["en", "es", "zh"])
def test_every_narration_line_reaches_the_voice_without_a_dropped_symbol(lang):
    from narration import marks

    lines = _lines(lang)
    assert len(lines) > 80
    # Subtitle widths come from the language table once narration reads it; until then a
    # language without its own width is cut as English is (same 42 characters).
    cut_as = lang if lang in marks.LINE else "en"
    for line in lines:
        for phrase in marks.phrases(line, cut_as):
            kokoro.phonemes(reading(phrase.text, lang), lang)  # raises on a lost symbol


def test_a_symbol_the_voice_cannot_say_is_named():
    with pytest.raises(kokoro.UnreadableError, match="cannot say '¤'"):
        kokoro.phonemes("cost ¤5", "en")


def test_every_lexicon_symbol_reads_as_something_the_voice_can_say():
    frame = {"en": "{} 1", "es": "ver {} 1", "zh": "看 {} 一"}
    for lang, words in LEXICON.items():
        for term in words:
            text = reading(frame[lang].format(term), lang)
            assert term not in text or re.fullmatch(r"[A-Za-z ]+", term), (lang, term, text)
            kokoro.phonemes(text, lang)
