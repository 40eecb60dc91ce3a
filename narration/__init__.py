"""Spoken narration for every beat: speech plug-ins, a lecturer's recordings, one loudness.

A beat's speech comes from, in this order:

1. a lecturer's recording at :func:`recording_path` (``media/voice/<lang>/<Scene>/<NN>-<beat>``
   with any audio extension a phone or laptop writes: ``.wav``, ``.m4a``, ``.mp3``,
   ``.flac``, ``.ogg`` …, decoded by PyAV and checked by content; ``make script`` lists them;
   :mod:`narration.voices_recorded`);
2. the language's voice, a row of the language table ``words/languages.toml``
   (:mod:`narration.languages`): its ``voice.engine`` picks the speech plug-in
   (:mod:`narration.voices`), today Kokoro-82M v1.0 (:mod:`narration.kokoro`), given the
   line's *reading* (:mod:`narration.readings`: numbers, symbols and terms as a lecturer
   says them, by the row's ``reading``). Nothing is downloaded: the set-up installs it.

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

Examples
--------
>>> VOICES["zh"].name, voice("en").engine
('zm_yunjian', 'kokoro')
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

import numpy as np

from engine.errors import ConfigError
from narration import kokoro, languages, marks, voices, voices_recorded
from narration.loudness import CEILING_DBTP, RATE, TARGET_LUFS, loudness, true_peak_db
from narration.voices import PROCESSING, SYNTHESISED, VOICES, Beat, Voice, engine
from narration.voices_recorded import (
    AUDIO_SUFFIXES,
    RecordingError,
    display_path,
    paced,
    recording_path,
    recordings,
    voice_dir,
)

__all__ = ["ENV", "VOICES", "TARGET_LUFS", "CEILING_DBTP", "RecordingError", "Speech",
           "Voice", "enabled", "recording_path", "recordings", "speech", "voice_dir",
           "true_peak_db", "loudness", "SYNTHESISED", "display_path",
           "fingerprint", "RATE", "paced", "AUDIO_SUFFIXES", "WORDS_PER_SECOND", "voice",
           "PROCESSING"]

ENV = "DEEPWARP_NARRATION"
#: Reading pace with narration off (and for a text without speech): 150 English words a minute.
WORDS_PER_SECOND = 2.5

voices.register(voices_recorded.Recordings())


def voice(lang: str) -> Voice:
    """The voice of language ``lang``, from its row of the language table."""
    return voices.voice_of(languages.language(lang))


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


def speech(text: str, lang: str, *, scene: str = "", number: int = 0, beat: str = "") -> Speech:
    """The normalised speech of one beat (marks allowed in ``text``): the lecturer's
    recording if there is one, else the language's voice plug-in."""
    if lang not in languages.table():
        raise ConfigError(f"narration language {lang!r}; allowed: {', '.join(languages.codes())}")
    row = languages.language(lang)
    plugin = engine(row.voice_engine)  # an unknown engine fails before any work
    pieces = marks.phrases(text, lang)
    where = Beat(scene, number, beat) if scene and number else None
    recorded = voices.engine("recordings")
    take = recorded.synthesise(text, pieces, row, where)
    if take is None:
        take = plugin.synthesise(text, pieces, row, where) if plugin is not recorded else None
    if take is None:
        raise RecordingError(f"the {lang} voice is recordings only and {scene or 'this line'} "
                             "has no beat to look one up by; record it")
    return _speech(take.arrays, take.source, pieces)


def _speech(arrays, source: str, pieces: list[marks.Phrase]) -> Speech:
    starts, ends = arrays["starts"], arrays["ends"]
    phrases = tuple((p.text, float(s), float(e))
                    for p, s, e in zip(pieces, starts, ends, strict=True) if p.text)
    at = {name: float(s) for p, s in zip(pieces, starts, strict=True) for name in p.marks}
    return Speech(arrays["samples"], int(arrays["rate"]), source, phrases, at)


def fingerprint(lang: str, scene: str) -> str:
    """What a scene's sound depends on besides its sources: the switch, the voice and the
    scene's recordings (names and bytes), for a runner that skips unchanged scenes."""
    row = languages.table().get(lang)
    said = voices.voice_of(row) if row else None
    h = hashlib.sha256(f"{enabled()} {lang} {PROCESSING} {said}".encode())
    if enabled():
        h.update((engine(said.engine).version() if said else kokoro.version()).encode())
        folder = voice_dir() / lang / scene
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.is_file():
                h.update(path.name.encode())
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


