"""One loudness for every clip: −16 LUFS integrated (ITU-R BS.1770), true peak ≤ −1 dBTP.

``pyloudnorm`` measures; FFmpeg's look-ahead limiter ``alimiter`` (through PyAV) holds
the peaks down, since synthetic speech has about 21 dB between its loudness and its
peaks and gain alone could not reach −16 LUFS under a −1 dBTP ceiling.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["TARGET_LUFS", "CEILING_DBTP", "RATE", "loudness", "true_peak_db", "finished"]

TARGET_LUFS = -16.0
CEILING_DBTP = -1.0
#: Every clip is stored at the rate Manim encodes its AAC at: the mix is then never
#: resampled, so its length in samples (and the track's in the MP4) is exact.
RATE = 48000

def loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, pyloudnorm) of mono samples or of
    (samples, channels); short clips are measured over one 400 ms block."""
    import pyloudnorm

    x = np.asarray(samples, np.float64)
    block = int(0.4 * rate) + 1
    if len(x) < block:
        x = np.pad(x, [(0, block - len(x))] + [(0, 0)] * (x.ndim - 1))
    return float(pyloudnorm.Meter(rate).integrated_loudness(x))


def true_peak_db(samples: np.ndarray, rate: int = 0) -> float:
    """True peak in dBTP: the largest magnitude of the signal oversampled 4× (BS.1770-4 Annex 2)."""
    from scipy.signal import resample_poly

    x = np.asarray(samples)
    x = x / 32768.0 if x.dtype.kind == "i" else x.astype(np.float64)
    peak = float(np.abs(resample_poly(x, 4, 1)).max()) if len(x) else 0.0
    return 20 * np.log10(max(peak, 1e-12))


def _normalise(samples: np.ndarray, rate: int) -> np.ndarray:
    """Gain to :data:`TARGET_LUFS`, peaks limited to the ceiling; a few rounds since the
    limiter takes back a little loudness each time."""
    x = np.asarray(samples, np.float64)
    for _ in range(4):
        now = loudness(x, rate)
        if not np.isfinite(now) or abs(now - TARGET_LUFS) < 0.2:
            break
        x = _limit(x * 10 ** ((TARGET_LUFS - now) / 20), rate)
    over = true_peak_db(x) - (CEILING_DBTP - 0.1)
    if over > 0:  # what the limiter let through between samples
        x = x * 10 ** (-over / 20)
    return x


def _limit(x: np.ndarray, rate: int) -> np.ndarray:
    """FFmpeg's look-ahead limiter (``alimiter``, through PyAV), sample peaks at −2 dBFS."""
    import av

    graph = av.filter.Graph()
    src = graph.add_abuffer(format="flt", sample_rate=rate, layout="mono",
                            time_base=Fraction(1, rate))
    limiter = graph.add("alimiter", "limit=0.79:attack=2:release=50:level=0:latency=1")
    sink = graph.add("abuffersink")
    src.link_to(limiter)
    limiter.link_to(sink)
    graph.configure()
    frame = av.AudioFrame.from_ndarray(x.astype(np.float32)[None, :], format="flt", layout="mono")
    frame.sample_rate, frame.pts, frame.time_base = rate, 0, Fraction(1, rate)
    graph.push(frame)
    graph.push(None)
    out = []
    while True:
        try:
            out.append(graph.pull().to_ndarray()[0])
        except (av.error.EOFError, av.error.BlockingIOError):
            break
    y = np.concatenate(out).astype(np.float64) if out else np.zeros(0)
    return y[: len(x)] if len(y) >= len(x) else np.pad(y, (0, len(x) - len(y)))


def finished(samples: np.ndarray, rate: int) -> dict[str, np.ndarray]:
    """Float samples at any rate → the stored clip: int16 at :data:`RATE`, normalised."""
    from scipy.signal import resample_poly

    if rate != RATE:
        g = np.gcd(rate, RATE)
        samples = resample_poly(samples, RATE // g, rate // g)
    return {"samples": _to_int16(_normalise(samples, RATE)), "rate": np.array(RATE)}


def _to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)
