"""How lines are read: numbers, symbols and terms as lecturers say them, and nothing dropped."""

from __future__ import annotations

import importlib
import re
import string

import pytest

from narration import kokoro
from narration.readings import LEXICON, number_en, number_zh, reading, spell_int_en

SCENE_FILES = ["intro", "neuron", "network", "descent", "space", "warp", "depth"]


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
    with pytest.raises(ValueError, match="allowed: en, zh"):
        reading("1", "fr")


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
    for name in SCENE_FILES:
        text = importlib.import_module(f"scenes.{name}").TEXT.language(lang)
        out += [_filled(v) for k, v in sorted(text.items()) if k.endswith(".say")]
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_narration_line_reaches_the_voice_without_a_dropped_symbol(lang):
    from narration.marks import phrases

    lines = _lines(lang)
    assert len(lines) > 80
    for line in lines:
        for phrase in phrases(line, lang):
            kokoro.phonemes(reading(phrase.text, lang), lang)  # raises on a lost symbol


def test_a_symbol_the_voice_cannot_say_is_named():
    with pytest.raises(kokoro.UnreadableError, match="cannot say '¤'"):
        kokoro.phonemes("cost ¤5", "en")


def test_every_lexicon_symbol_reads_as_something_the_voice_can_say():
    for lang, words in LEXICON.items():
        for term in words:
            text = reading(f"{term} 1" if lang == "en" else f"看 {term} 一", lang)
            assert term not in text or re.fullmatch(r"[A-Za-z ]+", term), (lang, term, text)
            kokoro.phonemes(text, lang)
