"""On-screen words and narration in English and Chinese, one catalogue per scene file.

The language comes from ``$DEEPWARP_LANG`` (``en`` by default, or ``zh``), which
``make lecture LECTURE_LANG=zh`` sets. Maths (``MathTex``) is never translated.

Examples
--------
::

    TEXT = Catalogue(
        en={"title": "One neuron", "intro": "A neuron adds its weighted inputs."},
        zh={"title": "一个神经元", "intro": "神经元把加权输入相加。"},
    )
    TEXT["title"]                      # in the current language
    TEXT.format("acc", acc=0.97)       # str.format with named fields
"""

from __future__ import annotations

import os

from engine.errors import ConfigError

__all__ = ["LANGS", "lang", "Catalogue", "font"]

LANGS = ("en", "zh")
_FONTS = {"en": "DejaVu Sans", "zh": "Noto Sans CJK SC"}


def lang() -> str:
    """The lecture language from ``$DEEPWARP_LANG``; a clear error for anything else."""
    value = os.environ.get("DEEPWARP_LANG", "en") or "en"
    if value not in LANGS:
        raise ConfigError(f"DEEPWARP_LANG={value!r}; allowed: {', '.join(LANGS)}")
    return value


def font() -> str:
    """The font for ``Text`` in the current language (a CJK font for Chinese)."""
    return _FONTS[lang()]


class Catalogue:
    """All strings of one scene file, per language, with the same keys in each."""

    def __init__(self, *, en: dict[str, str], zh: dict[str, str]) -> None:
        missing = set(en) ^ set(zh)
        if missing:
            raise KeyError(f"catalogue keys not in both languages: {sorted(missing)}")
        self._by_lang = {"en": en, "zh": zh}

    def __getitem__(self, key: str) -> str:
        return self._by_lang[lang()][key]

    def format(self, key: str, **fields: object) -> str:
        return self[key].format(**fields)

    def keys(self) -> set[str]:
        return set(self._by_lang["en"])

    def language(self, code: str) -> dict[str, str]:
        return dict(self._by_lang[code])
