"""Test sounds and how to hear them: tone bursts, speech-like noise, loudness, true peak.

Loudness is ITU-R BS.1770 integrated loudness as ``pyloudnorm`` measures it; the true
peak is the sample peak of the signal oversampled 4 times (BS.1770's annex 2).
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pyloudnorm

from delivery import assemble

__all__ = ["TARGET_LUFS", "CEILING_DBTP", "loudness", "onsets", "speechlike", "tone_bursts",
           "true_peak_db", "write_wav"]

TARGET_LUFS = -16.0
CEILING_DBTP = -1.0


def loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS) of (channels, n) or (n,) float samples."""
    data = samples.T if samples.ndim == 2 else samples
    return float(pyloudnorm.Meter(rate).integrated_loudness(np.asarray(data, np.float64)))


def true_peak_db(samples: np.ndarray, rate: int) -> float:
    """True peak in dBTP: the largest magnitude of the signal oversampled 4 times."""
    return assemble.true_peak_db(np.atleast_2d(samples).astype(np.float64))


def normalise(signal: np.ndarray, rate: int, lufs: float = TARGET_LUFS,
              ceiling: float = CEILING_DBTP - 1.0) -> np.ndarray:
    """``signal`` at ``lufs`` integrated, asserting it keeps under ``ceiling`` dBTP."""
    out = pyloudnorm.normalize.loudness(signal, loudness(signal, rate), lufs)
    assert true_peak_db(out, rate) <= ceiling, "test signal too peaky for its loudness"
    return out.astype(np.float32)


def tone_bursts(seconds: float, rate: int, at: list[float], length: float = 0.3,
                hz: float = 440.0) -> np.ndarray:
    """Silence with a ``length`` s sine burst starting at each time in ``at``."""
    out = np.zeros(int(round(seconds * rate)), np.float32)
    t = np.arange(int(length * rate)) / rate
    burst = (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    for start in at:
        i = int(round(start * rate))
        n = min(len(burst), len(out) - i)
        out[i:i + n] = burst[:n]
    return out


def speechlike(seconds: float, rate: int, seed: int = 0) -> np.ndarray:
    """Voiced syllables (a wandering pitch, rich in harmonics) with pauses, at -16 LUFS."""
    rng = np.random.default_rng(seed)
    n = int(round(seconds * rate))
    t = np.arange(n) / rate
    pitch = 140 + 20 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / rate
    # A softly squared wave: harmonics like a voice's, but a low crest factor, so
    # -16 LUFS keeps well under the -1 dBTP ceiling whatever the seed.
    voice = np.tanh(2.5 * np.sin(phase + rng.uniform(0, 2 * np.pi)))
    syllables = np.clip(np.sin(2 * np.pi * 4.0 * t), 0, None) ** 0.5  # 4 a second
    words = rng.random(n // rate * 3 + 3) > 0.25  # a third of a second each; some pauses
    words[0] = True  # the voice starts with its beat
    words = np.repeat(words, rate // 3 + 1)[:n]
    return normalise(voice * syllables * words, rate)


def onsets(samples: np.ndarray, rate: int, threshold: float = 0.1) -> list[float]:
    """Times (s) where the 5 ms RMS envelope rises through ``threshold``."""
    w = max(1, int(0.005 * rate))
    env = np.sqrt(np.convolve(np.asarray(samples, np.float64) ** 2, np.ones(w) / w, "same"))
    loud = env > threshold
    rises = np.flatnonzero(loud[1:] & ~loud[:-1]) + 1
    return ([0.0] if loud[0] else []) + [float(i / rate) for i in rises]


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """A 16-bit mono WAV with the standard library's ``wave``."""
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path
