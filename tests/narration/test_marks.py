"""Marks and phrases: where a beat is cut, and cues a viewer can read."""

from __future__ import annotations

import re

import pytest

from engine.errors import ConfigError
from narration.marks import (
    LINE,
    MAX_CUE_S,
    MIN_CUE_S,
    _halves,
    cue_lines,
    cues,
    phrases,
    strip,
)

EN = ("Each edge carries a weight. The neuron multiplies every input by its weight, "
      "<bookmark mark='sum'/>adds the products, and adds a bias b. The result is called z.")
ZH = ("每条边带有一个权重。神经元把每个输入乘以它的权重，<bookmark mark='sum'/>"
      "把这些乘积相加，再加上偏置 b，结果记作 z。")


def test_marks_never_reach_the_text():
    assert "bookmark" not in strip(EN) and "sum" not in strip(EN)
    assert strip(ZH).startswith("每条边") and "<" not in strip(ZH)
    for p in phrases(EN, "en") + phrases(ZH, "zh"):
        assert "<" not in p.text and "mark" not in p.text


@pytest.mark.parametrize("text, lang", [(EN, "en"), (ZH, "zh")])
def test_a_mark_starts_its_phrase(text, lang):
    ps = phrases(text, lang)
    (marked,) = [p for p in ps if p.marks]
    assert marked.marks == ("sum",)
    assert marked.text.startswith("adds" if lang == "en" else "把这些")
    # Nothing is lost or reordered.
    joined = (" " if lang == "en" else "").join(p.text for p in ps)
    assert joined.replace(" ", "") == strip(text).replace(" ", "")


def test_bad_marks_are_one_clear_line():
    with pytest.raises(ConfigError, match="appears twice"):
        phrases("<bookmark mark='a'/>x <bookmark mark='a'/>y", "en")
    with pytest.raises(ConfigError, match="allowed: letters"):
        phrases("<bookmark mark='1 a'/>x", "en")
    with pytest.raises(ConfigError, match="malformed mark"):
        phrases("<bookmark name='a'/>x", "en")


# Every beat of every words file fitting its cues, and keeping the same marks in every
# language: tests/narration/test_words.py (it reads the text files, not the scenes).


def test_cues_start_on_their_phrase_and_keep_the_limits():
    timed = [("One short.", 0.0, 0.4), ("Then a much longer phrase follows it here,", 0.7, 3.0),
             ("and a last one that is spoken for a very long time indeed.", 3.2, 11.0)]
    out = cues(timed, "en", 12.0)
    # The first is too short to read alone: joined to the next, which fits with it.
    assert out[0][0].replace("\n", " ") == "One short. Then a much longer phrase follows it here,"
    assert out[0][1] == 0.0
    for text, a, b in out:
        assert MIN_CUE_S <= b - a <= MAX_CUE_S
        assert all(len(s) <= LINE["en"] for s in text.split("\n"))
    # A phrase spoken for 7.8 s is cut in two; the first half starts with its speech.
    assert out[1][1] == 3.2 and len(out) == 3


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("narrated", ["on", "off"])
def test_an_animation_starts_on_the_word_its_mark_names(lang, narrated, tmp_path, monkeypatch):
    import narration
    from tests.narration.spoken_scene import MARKED, Marked
    from tests.scenes.frames import render_last_frame

    monkeypatch.setenv("DEEPWARP_LANG", lang)
    monkeypatch.setenv("DEEPWARP_NARRATION", narrated)
    monkeypatch.setenv("DEEPWARP_VOICE_DIR", str(tmp_path / "voice"))
    scene, _ = render_last_frame(Marked, tmp_path / "media")
    text = MARKED.language(lang)["both.say"]
    if narrated == "on":
        said = narration.speech(text, lang)
        start = scene.spoken[0][0]
        word = start + said.marks["square"]
        # The second phrase's speech starts where the mark is (phrases are joined exactly).
        assert said.phrases[1][1] == pytest.approx(said.marks["square"])
    else:  # reading pace: the English words before the mark, 2.5 a second
        word = 6 / 2.5
    assert abs(scene.square_at - word) <= 1 / 15  # within one frame at -ql
    assert scene.late_marks == []
    # Subtitles: one cue per phrase, no mark syntax, the second cue starting on its words.
    assert len(scene.cues) == 2
    assert all("bookmark" not in c and "square'" not in c for c, _, _ in scene.cues)
    assert scene.cues[1][1] == pytest.approx(word, abs=1 / 15)


def test_waiting_for_a_mark_the_beat_does_not_have_is_one_line(tmp_path, monkeypatch):
    from tests.narration.spoken_scene import Marked
    from tests.scenes.frames import render_last_frame

    class Wrong(Marked):
        def construct(self):
            self.say("both")
            self.wait_until("circle")

    monkeypatch.setenv("DEEPWARP_NARRATION", "off")
    with pytest.raises(ConfigError, match="mark 'circle' is not in the narration of beat "
                                          "'Circle and square'; allowed: square"):
        render_last_frame(Wrong, tmp_path / "media")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rendered_scenes_subtitles_keep_broadcast_limits(lang, tmp_path, monkeypatch):
    import srt as srtlib

    from scenes.common.naming import output_name
    from tests.narration.render import render_cli as _render_cli

    out = _render_cli(tmp_path, DEEPWARP_LANG=lang)
    assert out.returncode == 0, out.stderr
    srt = next((tmp_path / "media").rglob(f"{output_name('Spoken', lang)}.srt"))
    cues = list(srtlib.parse(srt.read_text()))
    assert len(cues) >= 2
    for cue in cues:
        lines = cue.content.split("\n")
        seconds = (cue.end - cue.start).total_seconds()
        assert len(lines) <= 2 and all(len(s) <= LINE[lang] for s in lines), cue.content
        assert MIN_CUE_S - 1e-3 <= seconds <= MAX_CUE_S + 1e-3, (cue.content, seconds)


def test_the_script_shows_where_each_mark_falls(tmp_path):
    from delivery.script import write_script
    from tests.narration.spoken_scene import Marked

    out = tmp_path / "script.md"
    write_script([("Marked", Marked)], "zh", out)
    text = out.read_text(encoding="utf-8")
    assert "中间出现一个圆。**[▸ square]** 然后加入一个正方形。" in text
    assert "<bookmark" not in text


def test_a_decimal_point_or_thousands_comma_does_not_end_a_phrase():
    texts = [p.text for p in phrases("The loss is 0.761 after 1,000 steps. Then it falls.", "en")]
    assert texts == ["The loss is 0.761 after 1,000 steps.", "Then it falls."]
    texts = [p.text for p in phrases("The loss is 0.42. Then", "en")]
    assert texts == ["The loss is 0.42.", "Then"]


def test_chinese_cues_never_split_a_number():
    text = "测试集上的准确率是百分之八十九点八，也就是89.8%，而训练集上的准确率达到了99.25%以上"
    for piece in [p.text for p in phrases(text, "zh")]:
        for line in cue_lines(piece, "zh"):
            assert len(line) <= 16
        joined = "".join(cue_lines(piece, "zh"))
        assert joined == piece
    lines = [line for p in phrases(text, "zh") for line in cue_lines(p.text, "zh")]
    for number in ("89.8%", "99.25%"):
        assert any(number in line for line in lines), (number, lines)
    timed = cues([(text, 0.0, 12.0)], "zh", 12.0)
    shown = [line for cue, _, _ in timed for line in cue.split("\n")]
    assert all(len(line) <= 16 for line in shown)
    assert "".join(shown) == text
    for number in ("89.8%", "99.25%"):
        assert any(number in line for line in shown), (number, shown)


def test_chinese_cue_lines_never_break_inside_a_latin_word():
    for text in ("tanh 和 sigmoid 两条曲线都很平滑", "softplus 是平滑版本的 ReLU 函数啊"):
        lines = cue_lines(text, "zh")
        assert all(len(line) <= LINE["zh"] for line in lines), lines
        words = [w for w in text.replace("和", " ").replace("是", " ").split() if w.isascii()]
        for word in words:
            assert any(word in line for line in lines), (word, lines)


def test_a_percent_sign_stays_with_its_number():
    text = "Over ten seeds it reached 50.5 % on average and more on some"
    lines = cue_lines(text, "en")
    assert all(not line.startswith("%") for line in lines), lines
    assert any("50.5 %" in line for line in lines), lines


# --- lines and phrases break between words --------------------------------------------
# Each case below was cut inside a word before lines broke at jieba's words (issue 22:
# a four-chapter Chinese lecture showed 6 of 23 two-line cues split so).

@pytest.mark.parametrize("text, word", [
    ("第 1 层，第一个动作：<bookmark mark='move'/>权重矩阵 W1 把平面旋转、缩放、错切。", "平面"),
    ("现在看一个真实的神经元：<bookmark mark='net'/>在圆形数据上训练的小型 tanh 网络中，"
     "<bookmark mark='ring'/>第 1 个隐藏层的第 3 个神经元。", "小型"),
    ("一个只有两个权重<bookmark mark='weights'/> w1、w2 的神经元对真实数据做分类；", "神经元"),
], ids=["W1-plane", "small-tanh", "w1-w2-neuron"])
def test_chinese_cue_lines_never_break_inside_a_word(text, word):
    lines = [line for p in phrases(text, "zh") for line in cue_lines(p.text, "zh")]
    assert all(len(line) <= LINE["zh"] for line in lines), lines
    assert any(word in line for line in lines), (word, lines)
    assert "".join(lines).replace(" ", "") == strip(text).replace(" ", "")


def test_chinese_cues_never_split_a_number_written_in_characters():
    text = "准确率是百分之八十九点八五，训练集上更高"
    lines = cue_lines(text, "zh")  # it was 准确率是百分之八十九 | 点八五，训练集上更高
    assert any("八十九点八五" in line for line in lines), lines
    timed = cues([(text, 0.0, 9.0)], "zh", 9.0)
    shown = [line for cue, _, _ in timed for line in cue.split("\n")]
    assert any("八十九点八五" in line for line in shown), shown


def test_a_list_of_numbers_is_not_cut_at_its_comma():
    # One cue of two short phrases: the line broke after "(1," for the clause bonus.
    lines = cue_lines("Feed it the test point (1, 1). The weights, the bias", "en")
    assert any("(1, 1)" in line for line in lines), lines
    assert all(len(line) <= LINE["en"] for line in lines)
    # A sentence too long for one cue is cut at its clauses, not inside "1, 1" or "−0.5, 2".
    text = ("The network sends the point 1, 1 to the far corner of the plane on the right, "
            "and the point −0.5, 2 to the middle of it, which is what we wanted.")
    pieces = [p.text for p in phrases(text, "en")]
    assert len(pieces) >= 2, pieces
    assert any("1, 1" in p for p in pieces) and any("−0.5, 2" in p for p in pieces), pieces
    for p in pieces:
        lines = cue_lines(p, "en")
        assert len(lines) <= 2 and all(len(line) <= LINE["en"] for line in lines), lines
        assert not any(re.search(r"\d,$", line) for line in lines), lines
    head, tail = _halves("the point 1, 1 and then the point 2, 2 on it", "en")
    assert not re.search(r"\d,$", head), (head, tail)


def test_no_chinese_line_starts_with_a_closing_mark():
    text = "一个只有两个权重 w1、w2 的神经元对真实数据做分类，每一对权重都有一个高度"
    for p in phrases(text, "zh"):
        for line in cue_lines(p.text, "zh"):
            assert line[0] not in "，。、；：！？）", line


def test_line_widths_and_spaces_come_from_the_language_table(tmp_path, monkeypatch):
    from narration import languages

    (tmp_path / "yy").mkdir()
    (tmp_path / "languages.toml").write_text(
        '[yy]\nname = "Yy"\nfont = "DejaVu Sans"\nline = 20\nspaces = false\n',
        encoding="utf-8")
    monkeypatch.setenv("DEEPWARP_WORDS", str(tmp_path))
    assert languages.language("yy").line == LINE["yy"] == 20
    lines = cue_lines("权重矩阵把平面旋转缩放错切，网格线仍然是直的，而且保持平行", "yy")
    assert all(len(line) <= 20 for line in lines) and len(lines) == 2, lines
    # Written without spaces: two short phrases join into one cue without a space.
    assert cues([("一。", 0.0, 0.2), ("二。", 0.3, 0.5)], "yy", 2.0)[0][0] == "一。二。"
    assert cues([("One.", 0.0, 0.2), ("Two.", 0.3, 0.5)], "en", 2.0)[0][0] == "One. Two."
