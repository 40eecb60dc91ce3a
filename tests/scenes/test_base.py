"""The shared lecture base: beats paced by their English narration, in every language."""

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
