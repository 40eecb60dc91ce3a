"""The shared lecture base: with narration off, beats paced by their English narration,
in every language (tests/narration covers beats timed by their speech)."""

from __future__ import annotations

import pytest

from scenes.common.i18n import Catalogue
from tests.scenes.frames import render_last_frame

WORDS = Catalogue(
    en={
        "one.name": "First",
        "one.say": "one two three four five six seven eight nine ten",  # 10 words: 4 s
        "two.name": "Second {n}",
        "two.say": "{n} words said here, then left unheld",  # 7 words: 2.8 s
        "three.name": "Third",
        "three.say": "short",  # 1 word: 0.4 s
    },
    zh={
        "one.name": "第一",
        "one.say": "一二三四五",
        "two.name": "第二 {n}",
        "two.say": "{n} 个字，然后不等",
        "three.name": "第三",
        "three.say": "短",
    },
)


def _paced_scene():
    from manim import Dot, FadeIn

    from scenes.common.base import LectureScene

    class Paced(LectureScene):
        TEXT = WORDS

        def construct(self):
            self.starts = []
            self.say("one")
            self.starts.append(self.renderer.time)
            self.play(FadeIn(Dot()), run_time=1.0)
            self.hold()  # the narration needs 4 s, 1 s has passed
            self.say("two", n=7)  # no hold: the next say pads it
            self.starts.append(self.renderer.time)
            self.play(FadeIn(Dot()), run_time=0.5)
            self.say("three")
            self.starts.append(self.renderer.time)
            self.hold(at_least=1.5)  # longer than the narration's 0.4 s
            self.hold(at_least=0.25)  # a second hold waits only at_least
            self.ended = self.renderer.time

    return Paced


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_beats_last_as_long_as_the_english_narration(lang, tmp_path, monkeypatch):
    monkeypatch.setenv("DEEPWARP_LANG", lang)
    monkeypatch.setenv("DEEPWARP_NARRATION", "off")  # the timings of the silent lecture
    scene, _ = render_last_frame(_paced_scene(), tmp_path)
    assert scene.starts == pytest.approx([0.0, 4.0, 4.0 + 7 / 2.5])
    assert scene.ended == pytest.approx(4.0 + 7 / 2.5 + 1.5 + 0.25)
    names = {"en": ["First", "Second 7", "Third"], "zh": ["第一", "第二 7", "第三"]}
    assert scene.beats_said == names[lang]


def test_say_without_a_catalogue_names_the_fix(tmp_path):
    from scenes.common.base import LectureScene

    class NoWords(LectureScene):
        def construct(self):
            self.say("one")

    with pytest.raises(TypeError, match="NoWords.TEXT is not set"):
        render_last_frame(NoWords, tmp_path)


# --- chapter titles -------------------------------------------------------------------

def _lecture_classes():
    import importlib

    from delivery.lecturefile import OURS, scenes_of

    return [getattr(importlib.import_module(f"scenes.{e.module}"), e.scene)
            for e in scenes_of(OURS)]


def test_every_lecture_scene_has_its_title_in_both_languages():
    from scenes.common.base import scene_title

    for cls in _lecture_classes():
        assert cls.TEXT.language("en")[f"title.{cls.__name__}"] == cls.title
        assert scene_title(cls, "en") == cls.title
        zh = scene_title(cls, "zh")
        assert zh != cls.title and any("\u4e00" <= ch <= "\u9fff" for ch in zh), cls


def test_a_subclass_keeps_its_parents_title_unless_it_sets_one():
    from engine.errors import ConfigError
    from scenes.common.base import scene_title
    from scenes.warp import TEXT, UntangleCurves

    class Same(UntangleCurves):
        pass

    class Own(UntangleCurves):
        title = "My own warp"

    assert scene_title(Same, "zh") == TEXT.language("zh")["title.UntangleCurves"]
    assert scene_title(Own, "zh") == "My own warp"
    with pytest.raises(ConfigError, match="'fr'; allowed: en, zh"):
        scene_title(Same, "fr")


def test_the_lecture_runner_names_chapters_in_the_lecture_language():
    from delivery.lecture import Entry, scene_title

    assert scene_title(Entry("network", "LossFunction"), "zh") == "损失函数"
    assert scene_title(Entry("network", "LossFunction")) == "The loss function"
    assert scene_title(Entry("network", "NoSuchScene"), "zh") == "No Such Scene"


def test_storyboards_and_slides_name_lecture_scenes_in_their_language():
    from delivery.deliver import _targets

    (t,) = _targets("storyboard", ["LearnedFeatures"], None, "zh")
    assert t.title == "学到的特征"
    (t,) = _targets("storyboard", ["LearnedFeatures"], None, "en")
    assert t.title == "Learned features"


# --- shared text helpers ----------------------------------------------------------------

def test_numbers_are_rounded_without_a_negative_zero():
    from scenes.common.text import fmt, minus, num, pct

    assert [fmt(-0.001), fmt(-0.006), fmt(1.23456, 3), fmt(2, 0)] == ["0.00", "-0.01", "1.235", "2"]
    assert minus(fmt(-1.5, 1)) == num(-1.5, 1) == "\u22121.5" and num(-0.001) == "0.00"
    assert pct(0.9062) == "90.6 %" and pct(1) == "100.0 %"


@pytest.mark.parametrize("lang, font", [("en", "DejaVu Sans"), ("zh", "Noto Sans CJK SC")])
def test_labels_use_the_lecture_languages_font(lang, font, monkeypatch):
    from scenes.common.text import label

    monkeypatch.setenv("DEEPWARP_LANG", lang)
    assert label("x").font == font


# --- every scene file's catalogue -------------------------------------------------------

def _scene_files() -> tuple[str, ...]:
    from delivery.lecturefile import OURS, scenes_of

    return tuple(dict.fromkeys(e.module for e in scenes_of(OURS)))


SCENE_FILES = _scene_files()  # the topics of our lecture file, lectures/deep-learning.toml


def _fields(s: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(s) if name is not None}


@pytest.mark.parametrize("module", SCENE_FILES)
def test_catalogue_is_complete_in_both_languages(module):
    import importlib

    text = importlib.import_module(f"scenes.{module}").TEXT
    en, zh = text.language("en"), text.language("zh")
    assert set(en) == set(zh)
    for key in en:
        assert en[key].strip() and zh[key].strip(), key
        assert _fields(en[key]) == _fields(zh[key]), key  # the same numbers in both
    # Every beat has a section name and a narration line.
    beats = {k.rsplit(".", 1)[0] for k in en if k.endswith((".name", ".say"))}
    assert beats and all(f"{b}.name" in en and f"{b}.say" in en for b in beats)
