"""The lecturer's recordings as a speech plug-in.

A beat's recording lives at :func:`recording_path`
(``media/voice/<lang>/<Scene>/<NN>-<beat>``) with any audio extension a phone or laptop
writes (``.wav``, ``.m4a``, ``.mp3``, ``.flac``, ``.ogg`` …), decoded by PyAV and checked
by content; ``make script`` lists them. Its phrases and marks are placed by the share of
the beat's text before them (:func:`paced`): words where the language writes spaces,
characters where it does not. The cache key is the recording's own bytes.

Examples
--------
>>> recording_path("en", "NeuronEquation", 2, "The sum").name
'02-The-sum.wav'
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from pathlib import Path

import numpy as np

from engine.errors import ConfigError
from narration import languages, marks
from narration.languages import Language
from narration.voices import Beat, Take, finished_take

__all__ = ["AUDIO_SUFFIXES", "RecordingError", "Recordings", "display_path", "paced",
           "recording_path", "recordings", "voice_dir"]

ROOT = Path(__file__).resolve().parents[1]
#: What a recorder writes; a file is still checked by its content, not by this name.
AUDIO_SUFFIXES = (".wav", ".m4a", ".aac", ".mp3", ".flac", ".ogg", ".oga", ".opus", ".webm",
                  ".mp4", ".caf", ".aiff", ".aif", ".wma", ".amr", ".3gp")


class RecordingError(ConfigError):
    """A lecturer's recording cannot be used; the message names the file."""


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


def display_path(path: Path) -> str:
    """``path`` relative to the repository when inside it (as messages and the script show it)."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def paced(pieces: list[marks.Phrase], seconds: float, lang: str
          ) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of ``pieces`` spread over ``seconds`` by their share of the text
    (words where the language writes spaces, else characters): a recording's phrases,
    or the silent lecture's."""
    spaces = languages.language(lang).spaces

    def size(p: marks.Phrase) -> float:
        return float(len(p.text.split()) if spaces else len(p.text.replace(" ", "")))

    sizes = np.array([size(p) for p in pieces], np.float64)
    total = sizes.sum()
    if total <= 0:
        return np.zeros(len(pieces)), np.zeros(len(pieces))
    cum = np.concatenate([[0.0], np.cumsum(sizes)]) / total * seconds
    return cum[:-1], cum[1:]


class Recordings:
    """A lecturer's recording of the beat, if there is one (``None`` otherwise)."""

    name = "recordings"

    def version(self) -> str:
        return "1"  # a recording's key is its own bytes

    def synthesise(self, text: str, pieces: list[marks.Phrase], language: Language,
                   beat: Beat | None) -> Take | None:
        if beat is None:
            return None
        lang = language.code
        found = recordings(lang, beat.scene, beat.number, beat.name)
        if len(found) > 1:
            raise RecordingError(
                f"beat {beat.number} of {beat.scene} has {len(found)} recordings "
                f"({', '.join(display_path(p) for p in found)}); keep one")
        wanted = recording_path(lang, beat.scene, beat.number, beat.name)
        if not found:
            if language.voice_engine == self.name:
                raise RecordingError(f"no recording {display_path(wanted)}; the {lang} voice is "
                                     "recordings only: record the beat (make script lists them)")
            if wanted.parent.is_dir():  # this scene is being recorded: say which beat is not
                print(f"narration: no recording {display_path(wanted)}; using the "
                      f"{language.voice_style} voice", file=sys.stderr)
            return None
        path = found[0]
        data = path.read_bytes()

        def compute() -> tuple[np.ndarray, int, dict]:
            samples, rate = _decode(path, data)
            return samples, rate, {}

        take = finished_take({"recording": hashlib.sha256(data).hexdigest()}, compute,
                             "recording")
        arrays = dict(take.arrays)
        seconds = len(arrays["samples"]) / int(arrays["rate"])
        arrays["starts"], arrays["ends"] = paced(pieces, seconds, lang)
        return Take(arrays, "recording")


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
