"""Spoken narration for every beat: one offline neural voice, a lecturer's recordings, one loudness.

A beat's speech comes from, in this order:

1. a lecturer's recording at :func:`recording_path` (``media/voice/<lang>/<Scene>/<NN>-<beat>``
   with any audio extension a phone or laptop writes: ``.wav``, ``.m4a``, ``.mp3``,
   ``.flac``, ``.ogg`` …, decoded by PyAV and checked by content; ``make script`` lists them);
2. the language's voice (:data:`VOICES`): Kokoro-82M v1.0 (:mod:`narration.kokoro`),
   given the line's *reading* (:mod:`narration.readings`: numbers, symbols and terms as a
   lecturer says them). Nothing is downloaded: the set-up installs it.

A beat is spoken phrase by phrase (:mod:`narration.marks`): each phrase is synthesised
on its own and the pieces joined, so every phrase's start, and every mark's, is exact;
subtitles get one cue per phrase. A recording's phrases and marks are placed by the
share of the beat's text before them.

Every clip is normalised to −16 LUFS with its true peak at or below −1 dBTP
(:mod:`narration.loudness`). Clips are cached as ``media/cache/voice/voice-<hash>.npz``
through :func:`engine.cache.cached` (atomic writes, checksums, re-made when damaged);
the key holds the text, language, voice, speed and synthesiser version, or the
recording's own bytes, so a second render synthesises nothing.

``$DEEPWARP_NARRATION`` is ``on`` (default) or ``off``: off renders the silent
lecture with reading-speed timings, for a lecturer who talks over it.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.cache import cache_dir, cached
from engine.errors import ConfigError
from narration import kokoro, marks
from narration.loudness import CEILING_DBTP, RATE, TARGET_LUFS, finished, loudness, true_peak_db
from narration.readings import reading

__all__ = ["ENV", "VOICES", "TARGET_LUFS", "CEILING_DBTP", "RecordingError", "Speech",
           "Voice", "enabled", "recording_path", "recordings", "speech", "voice_dir",
           "true_peak_db", "loudness", "SYNTHESISED", "display_path",
           "fingerprint", "RATE", "paced", "AUDIO_SUFFIXES", "WORDS_PER_SECOND"]

ENV = "DEEPWARP_NARRATION"
# Bumped whenever making a clip changes its samples; part of every cache key.
PROCESSING = "4"
ROOT = Path(__file__).resolve().parents[1]
#: Reading pace with narration off (and for a text without speech): 150 English words a minute.
WORDS_PER_SECOND = 2.5
#: What a recorder writes; a file is still checked by its content, not by this name.
AUDIO_SUFFIXES = (".wav", ".m4a", ".aac", ".mp3", ".flac", ".ogg", ".oga", ".opus", ".webm",
                  ".mp4", ".caf", ".aiff", ".aif", ".wma", ".amr", ".3gp")

#: How many clips this process synthesised (not loaded from the cache): tests and
#: the benchmark read it.
SYNTHESISED = {"clips": 0}


@dataclass(frozen=True)
class Voice:
    """An offline voice: a Kokoro style and its speed (1 = the style's own pace)."""

    lang: str
    name: str
    speed: float = 1.0
    engine: str = "kokoro"

    def version(self) -> str:
        """The synthesiser's version, so an upgrade re-synthesises."""
        return kokoro.version()


# Chosen by ear (bench/voices.py, Whisper base on lecture lines; README "Narration").
VOICES = {
    "en": Voice("en", "af_heart"),
    "zh": Voice("zh", "zm_yunjian"),
}


class RecordingError(ConfigError):
    """A lecturer's recording cannot be used; the message names the file."""


@dataclass(frozen=True)
class Speech:
    """One beat's normalised speech: mono 16-bit samples, where they came from, and when
    each phrase (as written, marks removed) and each mark falls, in seconds from its start."""

    samples: np.ndarray  # int16, mono
    rate: int
    source: str  # "recording" or the voice's name
    phrases: tuple[tuple[str, float, float], ...] = ()
    marks: dict[str, float] = field(default_factory=dict)

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
    """``<voice_dir>/<lang>/<Scene>/<NN>-<beat>.wav``: beat ``number`` (from 1) of ``scene``
    (any suffix in :data:`AUDIO_SUFFIXES` will do in place of ``.wav``)."""
    slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in beat).strip("-") or "beat"
    return voice_dir() / lang / scene / f"{number:02d}-{slug}.wav"


def recordings(lang: str, scene: str, number: int, beat: str) -> list[Path]:
    """The files recorded for one beat: the script's path with whatever suffix it has."""
    wav = recording_path(lang, scene, number, beat)
    if not wav.parent.is_dir():
        return []
    return sorted(p for p in wav.parent.iterdir()
                  if p.stem == wav.stem and p.is_file() and not p.name.startswith("."))


def speech(text: str, lang: str, *, scene: str = "", number: int = 0, beat: str = "") -> Speech:
    """The normalised speech of one beat (marks allowed in ``text``): the lecturer's
    recording if there is one, else the language's voice."""
    pieces = marks.phrases(text, lang)
    if scene and number:
        found = recordings(lang, scene, number, beat)
        if len(found) > 1:
            raise RecordingError(
                f"beat {number} of {scene} has {len(found)} recordings "
                f"({', '.join(display_path(p) for p in found)}); keep one")
        if found:
            return _recorded(found[0], pieces)
        folder = recording_path(lang, scene, number, beat).parent
        if folder.is_dir():  # this scene is being recorded: say which beat is not
            wanted = display_path(recording_path(lang, scene, number, beat))
            print(f"narration: no recording {wanted}; using the {VOICES[lang].name} voice",
                  file=sys.stderr)
    if lang not in VOICES:
        raise ConfigError(f"narration language {lang!r}; allowed: {', '.join(VOICES)}")
    voice = VOICES[lang]
    key = {"text": text, "lang": lang, "voice": voice.name, "speed": voice.speed,
           "synthesiser": voice.version(), "processing": PROCESSING,
           "target": TARGET_LUFS, "ceiling": CEILING_DBTP}

    def compute() -> dict[str, np.ndarray]:
        SYNTHESISED["clips"] += 1
        return _spoken(voice, pieces)

    arrays = cached("voice", key, compute, directory=cache_dir() / "voice")
    return _speech(arrays, voice.name, pieces)


def _spoken(voice: Voice, pieces: list[marks.Phrase]) -> dict[str, np.ndarray]:
    """Synthesise phrase by phrase and join: exact starts for cues and marks."""
    chunks, starts, ends, at = [], [], [], 0
    for piece in pieces:
        said = (kokoro.synthesise(reading(piece.text, voice.lang), voice.lang, voice.name,
                                  voice.speed) if piece.text else np.zeros(0))
        starts.append(at)
        chunks.append(said)
        at += len(said)
        ends.append(at)
        gap = int(round(piece.pause * kokoro.RATE))
        chunks.append(np.zeros(gap))
        at += gap
    samples = np.concatenate(chunks) if chunks else np.zeros(0)
    arrays = finished(samples, kokoro.RATE)
    scale = 1.0 / kokoro.RATE
    arrays["starts"] = np.array(starts, np.float64) * scale
    arrays["ends"] = np.array(ends, np.float64) * scale
    return arrays


def _speech(arrays: dict[str, np.ndarray], source: str, pieces: list[marks.Phrase]) -> Speech:
    starts, ends = arrays["starts"], arrays["ends"]
    phrases = tuple((p.text, float(s), float(e))
                    for p, s, e in zip(pieces, starts, ends, strict=True) if p.text)
    at = {name: float(s) for p, s in zip(pieces, starts, strict=True) for name in p.marks}
    return Speech(arrays["samples"], int(arrays["rate"]), source, phrases, at)


def paced(pieces: list[marks.Phrase], seconds: float, lang: str
          ) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of ``pieces`` spread over ``seconds`` by their share of the text
    (words in English, characters in Chinese): a recording's phrases, or the silent
    lecture's."""
    def size(p: marks.Phrase) -> float:
        return float(len(p.text.split()) if lang == "en" else len(p.text.replace(" ", "")))

    sizes = np.array([size(p) for p in pieces], np.float64)
    total = sizes.sum()
    if total <= 0:
        return np.zeros(len(pieces)), np.zeros(len(pieces))
    cum = np.concatenate([[0.0], np.cumsum(sizes)]) / total * seconds
    return cum[:-1], cum[1:]


def fingerprint(lang: str, scene: str) -> str:
    """What a scene's sound depends on besides its sources: the switch, the voice and the
    scene's recordings (names and bytes), for a runner that skips unchanged scenes."""
    voice = VOICES.get(lang)
    h = hashlib.sha256(f"{enabled()} {lang} {PROCESSING} {voice}".encode())
    if enabled():
        h.update(kokoro.version().encode())
        folder = voice_dir() / lang / scene
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.is_file():
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


def _recorded(path: Path, pieces: list[marks.Phrase]) -> Speech:
    data = path.read_bytes()
    key = {"recording": hashlib.sha256(data).hexdigest(), "processing": PROCESSING,
           "target": TARGET_LUFS, "ceiling": CEILING_DBTP}

    def compute() -> dict[str, np.ndarray]:
        samples, rate = _decode(path, data)
        return finished(samples, rate)

    arrays = dict(cached("voice", key, compute, directory=cache_dir() / "voice"))
    seconds = len(arrays["samples"]) / int(arrays["rate"])
    arrays["starts"], arrays["ends"] = paced(pieces, seconds, _lang_of(pieces))
    return _speech(arrays, "recording", pieces)


def _lang_of(pieces: list[marks.Phrase]) -> str:
    text = "".join(p.text for p in pieces)
    return "zh" if any("\u3400" <= c <= "\u9fff" for c in text) else "en"


def _decode(path: Path, data: bytes) -> tuple[np.ndarray, int]:
    """A recording's samples, mixed to mono float, whatever its container and codec;
    anything that is not audio is a :class:`RecordingError` naming the file."""
    import av

    allowed = ("allowed: a recording with some sound (WAV, M4A/AAC, MP3, FLAC, OGG/Opus, "
               "any rate, mono or stereo)")
    try:
        with av.open(io.BytesIO(data)) as container:
            stream = container.streams.audio[0]
            rate = stream.codec_context.sample_rate
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            chunks = [f.to_ndarray()[0] for frame in container.decode(stream)
                      for f in resampler.resample(frame)]
            chunks += [f.to_ndarray()[0] for f in resampler.resample(None)]
    except (av.error.FFmpegError, IndexError, ValueError, TypeError) as e:
        reason = ("no audio in it" if isinstance(e, IndexError)
                  else getattr(e, "strerror", None) or str(e))
        raise RecordingError(
            f"recording {display_path(path)} cannot be read ({reason}); {allowed}") from None
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    if not rate or rate < 8000 or len(samples) < rate // 10 or not np.any(np.abs(samples) > 1e-4):
        raise RecordingError(f"recording {display_path(path)} is empty or silent; {allowed}")
    return samples.astype(np.float64), rate

