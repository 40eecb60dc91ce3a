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


# --- the timing API -------------------------------------------------------------------

MARKED = Catalogue(
    en={"walk.name": "Walk",
        # 10 words at 2.5 a second; the marks fall on words 3, 6 and 9.
        "walk.say": "one two <bookmark mark='a'/>three four five <bookmark mark='b'/>six "
                    "seven eight <bookmark mark='c'/>nine ten"},
    zh={"walk.name": "走", "walk.say": "一 <bookmark mark='a'/>二 <bookmark mark='b'/>三 "
                                      "<bookmark mark='c'/>四"},
)


def _timed_scene():
    from manim import Dot, FadeIn, ValueTracker

    from scenes.common.animations import sweep
    from scenes.common.base import LectureScene

    class Timed(LectureScene):
        TEXT = MARKED

        def construct(self):
            self.say("walk")
            at = {m: self.mark_time(m) for m in "abc"}
            self.seen = {"has": (self.has_mark("a"), self.has_mark("z")), "at": at,
                         "until": self.time_until("b", lead=0.2),
                         "floor": self.time_until("a", lead=5.0, at_least=0.3)}
            self.play(FadeIn(Dot()), run_time=self.seen["until"])
            self.seen["after_play"] = float(self.renderer.time)
            t = ValueTracker(0.0)
            starts = []
            # The sweep runs past mark c; c's animation starts on its word, beside it.
            sweep(self, t, 10.0, 3.0, cues=[
                ("b", lambda: starts.append(float(self.renderer.time)) or []),
                ("c", lambda: starts.append(float(self.renderer.time)) or
                 [FadeIn(Dot(), run_time=0.2)])])
            self.seen.update(starts=starts, end=float(self.renderer.time), value=t.get_value())

    return Timed


def test_time_until_ends_a_play_on_the_word(tmp_path, monkeypatch):
    """Marks at the reading pace: word k (from 0) starts at k / 2.5 s. time_until gives the
    run time to a mark less its lead, at least at_least; sweep starts each cue on its word
    and ends on time, at its end value."""
    monkeypatch.setenv("DEEPWARP_NARRATION", "off")
    scene, _ = render_last_frame(_timed_scene(), tmp_path)
    seen = scene.seen
    assert seen["has"] == (True, False)
    assert seen["at"] == pytest.approx({"a": 2 / 2.5, "b": 5 / 2.5, "c": 8 / 2.5})
    assert seen["until"] == pytest.approx(5 / 2.5 - 0.2)
    assert seen["floor"] == 0.3
    assert seen["after_play"] == pytest.approx(5 / 2.5 - 0.2)
    # On the word, or at most one frame (at the test's 6 fps) after it: a drawing render
    # advances its clock by whole frames.
    for start, word in zip(seen["starts"], (5 / 2.5, 8 / 2.5), strict=True):
        assert word - 1e-6 <= start <= word + 1 / 6 + 1e-6
    assert seen["end"] == pytest.approx(5 / 2.5 - 0.2 + 3.0, abs=1e-5)
    assert seen["value"] == 10.0
    assert [m for _, m in scene.marks_waited] == ["b", "c"]
    assert scene.late_marks == []


def test_an_unknown_mark_names_the_allowed_ones(tmp_path, monkeypatch):
    from engine.errors import ConfigError
    from scenes.common.base import LectureScene

    class Unknown(LectureScene):
        TEXT = MARKED

        def construct(self):
            self.say("walk")
            self.time_until("z")

    monkeypatch.setenv("DEEPWARP_NARRATION", "off")
    with pytest.raises(ConfigError, match="mark 'z' is not in the narration of beat 'Walk'; "
                                          "allowed: a, b, c"):
        render_last_frame(Unknown, tmp_path)
