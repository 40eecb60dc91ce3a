"""An ear: what a rendered scene says, as Whisper base hears it, against its narration.

Whisper base is an independent recogniser (not the voice's own phonemiser): a voice
that says the wrong words, drops a term or speaks another language fails here.
Thresholds (README, Narration): measured on the lecture's lines, Whisper base's own
errors are homophones in Chinese (character error 0.23, toneless pinyin 0.04) and a
few words in English (word error 0.05) and Spanish (word error 0.036 over the whole
of NeuronEquation, 0.088 over nine lecture lines: docs/narration.md, Spanish); a voice
reading pinyin tone digits with English rules, as espeak-ng's cmn did, scored above
1.0, and Spanish read by the English phonemiser scores 0.73 (a control below).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from narration import ear
from narration.readings import reading
from scenes.common.naming import output_name
from tests.narration.spoken_scene import TEXT

ROOT = Path(__file__).resolve().parents[2]
SCENE_FILE = Path(__file__).with_name("spoken_scene.py")
# Above Whisper base's own errors on good speech, far below an unintelligible voice's.
MAX_WORD_ERROR = 0.25
MAX_PINYIN_ERROR = 0.25
MAX_WORD_ERROR_ES = 0.25


def _render(tmp: Path, lang: str) -> Path:
    env = {**os.environ, "DEEPWARP_CACHE": str(tmp / "cache"), "DEEPWARP_LANG": lang,
           "DEEPWARP_NARRATION": "on", "DEEPWARP_VOICE_DIR": str(tmp / "voice"),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    r = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", str(SCENE_FILE), "Spoken",
                        "--media_dir", str(tmp / "media")], cwd=tmp, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    folder = tmp / "media" / "videos" / "spoken_scene" / "480p15"
    return folder / f"{output_name('Spoken', lang)}.mp4"


def _heard(mp4: Path, lang: str) -> str:
    import av

    with av.open(str(mp4)) as c:
        stream = c.streams.audio[0]
        rate = stream.codec_context.sample_rate
        x = np.concatenate([f.to_ndarray() for f in c.decode(stream)], axis=1).mean(axis=0)
    return ear.transcribe(x, rate, lang)


def _spoken(lang: str) -> None:
    import narration

    if lang not in narration.VOICES:
        # The voice of a language row is routed by the language table (narration/, the
        # table's owner); this branch brings the Spanish voice, words and readings.
        pytest.skip(f"no voice routed for {lang} yet")


@pytest.mark.parametrize("lang", ["en", "zh", "es"])
def test_the_rendered_narration_is_heard_as_written(lang, tmp_path):
    _spoken(lang)
    said = " ".join(TEXT.language(lang)[k] for k in ("one.say", "two.say"))
    heard = _heard(_render(tmp_path, lang), lang)
    if lang == "en":
        error = ear.word_error(reading(said, lang), reading(heard, lang))
        assert error <= MAX_WORD_ERROR, (heard, error)
    elif lang == "es":
        error = ear.word_error(reading(said, lang), reading(heard, lang), "es")
        assert error <= MAX_WORD_ERROR_ES, (heard, error)
    else:
        error = ear.pinyin_error(reading(said, lang), reading(heard, lang))
        assert error <= MAX_PINYIN_ERROR, (heard, error)
        assert any("\u4e00" <= c <= "\u9fff" for c in heard), heard  # Mandarin, not letters


def test_the_spanish_voice_speaks_spanish():
    # Control: the same Spanish sentence from the Spanish voice is heard; English words
    # pushed through the Spanish phonemiser, or Spanish through the English one, are not.
    from narration import kokoro

    said = "Cada arista lleva un peso y la neurona suma un sesgo."
    right = ear.transcribe(kokoro.synthesise(reading(said, "es"), "es", "em_alex", 1.0),
                           kokoro.RATE, "es")
    wrong = ear.transcribe(kokoro.synthesise(reading(said, "en"), "en", "em_alex", 1.0),
                           kokoro.RATE, "es")
    ok = ear.word_error(reading(said, "es"), reading(right, "es"), "es")
    bad = ear.word_error(reading(said, "es"), reading(wrong, "es"), "es")
    assert ok <= MAX_WORD_ERROR_ES < bad, (right, ok, wrong, bad)


def test_the_ear_tells_wrong_speech_from_right():
    # The measure itself: the other language's words, or another sentence, score far off.
    assert ear.pinyin_error("中间出现一个圆", "中间出现一个圆") == 0
    assert ear.pinyin_error("中间出现一个圆", "然后加入一个正方形") > 0.5
    assert ear.word_error("A circle appears in the middle.", "a circle appears in the middle") == 0
    assert ear.word_error("A circle appears in the middle.", "then a square joins it") > 0.5
    assert ear.word_error("Aparece un círculo.", "aparece un circulo", "es") == 0
    assert ear.word_error("Aparece un círculo.", "se le une un cuadrado", "es") > 0.5
