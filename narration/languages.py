"""The one table of the lecture's languages: ``words/languages.toml``, one row a language.

A language is a row of that table plus a folder ``words/<code>/`` of text files. A
translator's own languages may live elsewhere: ``$DEEPWARP_WORDS`` names more folders
(separated by ``:``), each laid out the same way (``languages.toml`` and ``<code>/``);
their rows are added to, or replace, the shipped ones.

Examples
--------
>>> language("zh").font
'Noto Sans CJK SC'
>>> codes()[:2]
('en', 'zh')
>>> language("zh").spaces, language("en").reader
(False, 'en')
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from engine.errors import ConfigError

__all__ = ["Language", "WORDS", "codes", "language", "roots", "words_roots"]

ROOT = Path(__file__).resolve().parents[1]
#: The shipped words: the language table and one folder per language.
WORDS = ROOT / "words"


@dataclass(frozen=True)
class Language:
    """One row of the language table."""

    code: str
    name: str
    font: str
    voice_engine: str = "kokoro"
    voice_style: str = ""
    voice_speed: float = 1.0
    line: int = 42
    fallback: str = ""
    root: Path = WORDS  # the folder holding this language's words/<code>/
    #: How numbers, symbols and terms are read aloud (:mod:`narration.readings`), and the
    #: phonemiser the voice uses: a reader's code ("en", "zh", …); empty: the language's code.
    reading: str = ""
    #: Whether words are written with spaces between them (English, Spanish) or not
    #: (Chinese): how a subtitle line is broken, phrases joined and text paced.
    spaces: bool = True

    @property
    def folder(self) -> Path:
        return self.root / self.code

    @property
    def reader(self) -> str:
        """The reader of numbers and terms: ``reading``, else the language's own code."""
        return self.reading or self.code


def words_roots() -> tuple[Path, ...]:
    """The shipped words folder, then those named by ``$DEEPWARP_WORDS`` (later wins)."""
    extra = [Path(p) for p in os.environ.get("DEEPWARP_WORDS", "").split(os.pathsep) if p]
    return (WORDS, *extra)


roots = words_roots


@functools.cache
def _table(roots: tuple[Path, ...]) -> dict[str, Language]:
    table: dict[str, Language] = {}
    for root in roots:
        path = root / "languages.toml"
        if not path.is_file():
            if root != WORDS:
                raise ConfigError(f"DEEPWARP_WORDS: {path} not found; allowed: a folder "
                                  "holding languages.toml and one folder per language")
            continue
        try:
            rows = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{path}: not valid TOML ({e})") from None
        for code, row in rows.items():
            if not isinstance(row, dict):
                raise ConfigError(f"{path}: [{code}] is not a table; allowed: a [code] "
                                  "table with name, font, voice, line, fallback")
            voice = row.get("voice", {})
            if not isinstance(voice, dict):
                raise ConfigError(f"{path}: [{code}] voice = {voice!r}; allowed: a table "
                                  "{ engine = \"kokoro\", style = \"…\", speed = 1.0 }")
            spaces = row.get("spaces", True)
            if not isinstance(spaces, bool):
                raise ConfigError(f"{path}: [{code}] spaces = {spaces!r}; allowed: true, false")
            try:
                table[code] = Language(
                    code=code, name=str(row.get("name", code)), font=str(row["font"]),
                    voice_engine=str(voice.get("engine", "kokoro")),
                    voice_style=str(voice.get("style", "")),
                    voice_speed=float(voice.get("speed", 1.0)), line=int(row.get("line", 42)),
                    fallback=str(row.get("fallback", "")), root=root,
                    reading=str(row.get("reading", "")), spaces=spaces)
            except KeyError as e:
                raise ConfigError(f"{path}: [{code}] has no {e.args[0]}") from None
            except (TypeError, ValueError) as e:
                raise ConfigError(f"{path}: [{code}] has a bad value ({e}); allowed: line an "
                                  "integer, voice.speed a number") from None
    for code, row in table.items():
        if row.line < 8:
            raise ConfigError(f"languages.toml: [{code}] line = {row.line}; allowed: 8 or more "
                              "characters per subtitle line")
        if row.fallback and (row.fallback not in table or row.fallback == code):
            raise ConfigError(f"languages.toml: [{code}] fallback = {row.fallback!r}; allowed: "
                              f"{', '.join(c for c in table if c != code)} or \"\"")
    return table


def table() -> dict[str, Language]:
    """Every language, shipped and added, by code."""
    return _table(words_roots())


def codes() -> tuple[str, ...]:
    """The language codes, shipped first."""
    return tuple(table())


def language(code: str) -> Language:
    """One row; a clear error naming the allowed codes for anything else."""
    found = table().get(code)
    if found is None:
        raise ConfigError(f"language {code!r}; allowed: {', '.join(codes())}")
    return found
