"""Speech plug-ins: where a beat's voice comes from, behind one small interface.

A plug-in (an *engine*) has a ``name``, a :meth:`~Engine.version` that is part of every
cache key (an upgrade re-synthesises) and a :meth:`~Engine.synthesise` that turns one
beat into a :class:`Take`, or ``None`` when it has nothing for that beat. The language
table's ``voice.engine`` picks the plug-in (``words/languages.toml``):

* ``kokoro`` — :class:`Kokoro`: the offline Kokoro-82M voice, phrase by phrase, given the
  line's *reading* (:mod:`narration.readings`, routed by the row's ``reading``);
* ``recordings`` — :class:`~narration.voices_recorded.Recordings`: a lecturer's recorded
  beats. Whatever a row's engine, a beat with a recording is spoken by it; a row whose
  engine is ``recordings`` has no synthetic voice at all, so a missing beat is an error.

A lecturer may add an engine with :func:`register`; anything else in a row is one clear
error naming the allowed engines.

Every take is normalised to −16 LUFS with its true peak at or below −1 dBTP
(:mod:`narration.loudness`) and cached through :func:`engine.cache.cached` by
:func:`finished_take`.

Examples
--------
>>> sorted(ENGINES)
['kokoro', 'recordings']
>>> engine("espeak")
Traceback (most recent call last):
...
engine.errors.ConfigError: voice engine 'espeak'; allowed: kokoro, recordings
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from engine.cache import cache_dir, cached
from engine.errors import ConfigError
from narration import kokoro, languages, marks
from narration.languages import Language
from narration.loudness import CEILING_DBTP, TARGET_LUFS, finished
from narration.readings import reading

__all__ = ["Beat", "ENGINES", "Engine", "Kokoro", "PROCESSING", "SYNTHESISED", "Take", "VOICES",
           "Voice", "engine", "finished_take", "register", "voice_of"]

# Bumped whenever making a clip changes its samples; part of every cache key.
PROCESSING = "4"
#: How many clips this process synthesised (not loaded from the cache): tests and
#: the benchmark read it.
SYNTHESISED = {"clips": 0}


@dataclass(frozen=True)
class Voice:
    """A language's voice: its engine, the engine's style and speed (1 = the style's pace)."""

    lang: str
    name: str
    speed: float = 1.0
    engine: str = "kokoro"

    def version(self) -> str:
        """The engine's version, so an upgrade re-synthesises."""
        return engine(self.engine).version()


@dataclass(frozen=True)
class Beat:
    """Which beat is spoken: scene class name, number (from 1) and beat name; a
    recording is looked up by these."""

    scene: str
    number: int
    name: str


@dataclass(frozen=True)
class Take:
    """One beat's finished sound: ``arrays`` holds ``samples`` (int16), ``rate`` and, when
    the engine knows them, each phrase's ``starts``/``ends`` in seconds; ``source`` is
    "recording" or the voice's name."""

    arrays: Mapping[str, np.ndarray]
    source: str


class Engine(Protocol):
    """What a speech plug-in provides."""

    name: str

    def version(self) -> str:
        """Part of every cache key: a new version re-makes the clips."""
        ...

    def synthesise(self, text: str, pieces: list[marks.Phrase], language: Language,
                   beat: Beat | None) -> Take | None:
        """The beat's sound (``text`` with its marks, already cut into ``pieces``), or
        ``None`` when this engine has nothing for it."""
        ...


def voice_of(language: Language) -> Voice:
    """The voice a row of the language table names."""
    return Voice(language.code, language.voice_style, language.voice_speed,
                 language.voice_engine)


class _Voices(Mapping[str, Voice]):
    """Every language's voice, read from the language table (never a list of its own)."""

    def __getitem__(self, code: str) -> Voice:
        found = languages.table().get(code)
        if found is None:
            raise KeyError(code)
        return voice_of(found)

    def __iter__(self) -> Iterator[str]:
        return iter(languages.codes())

    def __len__(self) -> int:
        return len(languages.codes())


#: The voices of the language table by code (chosen by ear: bench/voices.py, README "Narration").
VOICES: Mapping[str, Voice] = _Voices()


def finished_take(key: dict, compute: Callable[[], tuple[np.ndarray, int, dict]],
                  source: str) -> Take:
    """``compute()``'s samples normalised and cached under ``key`` (plus the processing
    version and loudness targets); ``compute`` returns (float samples, rate, extra arrays)."""
    key = {**key, "processing": PROCESSING, "target": TARGET_LUFS, "ceiling": CEILING_DBTP}

    def make() -> dict[str, np.ndarray]:
        samples, rate, extra = compute()
        return {**finished(samples, rate), **extra}

    return Take(cached("voice", key, make, directory=cache_dir() / "voice"), source)


class Kokoro:
    """Kokoro-82M v1.0 (:mod:`narration.kokoro`): each phrase synthesised on its own and
    the pieces joined, so every phrase's start, and every mark's, is exact."""

    name = "kokoro"

    def version(self) -> str:
        return kokoro.version()

    def synthesise(self, text: str, pieces: list[marks.Phrase], language: Language,
                   beat: Beat | None) -> Take:
        voice = voice_of(language)
        if voice.name not in kokoro.STYLE_SHA256:
            raise ConfigError(f"languages.toml: [{language.code}] voice.style = {voice.name!r}; "
                              f"allowed: {', '.join(sorted(kokoro.STYLE_SHA256))}")
        # The same key as before plug-ins, so the voice cache stays valid.
        key = {"text": text, "lang": language.code, "voice": voice.name, "speed": voice.speed,
               "synthesiser": self.version()}

        def compute() -> tuple[np.ndarray, int, dict]:
            SYNTHESISED["clips"] += 1
            chunks, starts, ends, at = [], [], [], 0
            for piece in pieces:
                said = (kokoro.synthesise(reading(piece.text, language.reader), language.reader,
                                          voice.name, voice.speed)
                        if piece.text else np.zeros(0))
                starts.append(at)
                chunks.append(said)
                at += len(said)
                ends.append(at)
                gap = int(round(piece.pause * kokoro.RATE))
                chunks.append(np.zeros(gap))
                at += gap
            samples = np.concatenate(chunks) if chunks else np.zeros(0)
            scale = 1.0 / kokoro.RATE
            return samples, kokoro.RATE, {"starts": np.array(starts, np.float64) * scale,
                                          "ends": np.array(ends, np.float64) * scale}

        return finished_take(key, compute, voice.name)


#: The plug-ins by name (``narration`` registers the recordings one on import).
ENGINES: dict[str, Engine] = {"kokoro": Kokoro()}


def register(plugin: Engine) -> None:
    """Add a speech plug-in under its ``name`` (a row's ``voice.engine`` may then name it)."""
    if not str(getattr(plugin, "name", "")).isidentifier():
        raise ConfigError(f"speech plug-in name {getattr(plugin, 'name', None)!r}; "
                          "allowed: a Python identifier")
    ENGINES[plugin.name] = plugin


def engine(name: str) -> Engine:
    """The plug-in called ``name``; one clear error naming the allowed engines otherwise."""
    found = ENGINES.get(name)
    if found is None:
        raise ConfigError(f"voice engine {name!r}; allowed: {', '.join(sorted(ENGINES))}")
    return found

