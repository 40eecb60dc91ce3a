"""Which voice each language gets: Kokoro styles (and Piper for English) heard by Whisper base.

``python bench/voices.py [N] [--lang es ...] [--per-file K]`` synthesises the first N
lines with fixed fields of the lecture's words (K per scene file, 2 by default; a line a
translation has not reached yet, still the English stand-in, is skipped) with every
candidate voice and prints the recogniser's error (word error in English and Spanish;
character and toneless-pinyin error in Chinese) and the time per second of speech. The
results are in bench/RESULTS.md, "Voices"; Spanish in docs/narration.md.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DEEPWARP_NARRATION", "off")

from narration import ear, kokoro  # noqa: E402
from narration.readings import reading  # noqa: E402

FILES = ["intro", "neuron", "network", "descent", "space", "warp", "depth"]
CANDIDATES = {"zh": ["zf_xiaobei", "zm_yunjian", "zf_xiaoxiao"],
              "en": ["af_heart", "bf_emma", "am_michael", "piper"],
              "es": ["em_alex", "ef_dora", "em_santa"]}


def lines(lang: str, n: int, per_file: int = 2) -> list[str]:
    out = []
    for name in FILES:
        catalogue = importlib.import_module(f"scenes.{name}").TEXT
        text, english = catalogue.language(lang), catalogue.language("en")
        out += [v for k, v in sorted(text.items()) if k.endswith(".say") and "{" not in v
                and (lang == "en" or v != english[k])][:per_file]
    return out[:n]


def main(n: int, langs: list[str], per_file: int = 2) -> None:
    from narration.marks import strip

    for lang in langs:
        voices = CANDIDATES[lang]
        said = [strip(t) for t in lines(lang, n, per_file)]
        for voice in voices:
            errs, pys, speech, spent = [], [], 0.0, 0.0
            for text in said:
                t0 = time.process_time()
                if voice == "piper":  # the voice before Kokoro, where still installed
                    from bench.ear import _before

                    x, rate = _before(reading(text, lang), lang)
                else:
                    x, rate = kokoro.synthesise(reading(text, lang), lang, voice, 1.0), kokoro.RATE
                spent += time.process_time() - t0
                speech += len(x) / rate
                heard = ear.transcribe(x, rate, lang)
                ref, hyp = reading(text, lang), reading(heard, lang)
                if lang == "zh":
                    errs.append(ear.char_error(ref, hyp))
                    pys.append(ear.pinyin_error(ref, hyp))
                else:
                    errs.append(ear.word_error(ref, hyp, lang))
                print(f"  {voice}: {heard}", file=sys.stderr)
            extra = f" pinyin {sum(pys) / len(pys):.3f}" if pys else ""
            print(f"{lang} {voice}: error {sum(errs) / len(errs):.3f}{extra} over {len(said)} "
                  f"lines, {speech:.1f} s of speech, {spent / speech:.2f} s CPU per s",
                  flush=True)


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("n", nargs="?", type=int, default=10)
    p.add_argument("--lang", nargs="+", default=list(CANDIDATES), choices=list(CANDIDATES))
    p.add_argument("--per-file", type=int, default=2)
    args = p.parse_args()
    main(args.n, args.lang, args.per_file)
