"""On-screen words and narration, per language, from text files beside the scene file.

The words of a scene file ``dir/topic.py`` live in ``dir/words/<lang>/topic.toml`` (the
lecture's own in ``words/<lang>/``), one file per language, with the same stable keys in
each: ``<beat>.name``, ``<beat>.say``, ``title.<Scene>`` and the scene's labels. The
language comes from ``$DEEPWARP_LANG`` (``en`` by default), which ``make lecture
LECTURE_LANG=zh`` sets; the languages are the rows of ``words/languages.toml``
(:mod:`narration.languages`). Maths (``MathTex``) is never translated.

When a language's words load they are checked against the English ones (the reference):
no key English lacks; every line with the English line's marks, in the same order, and
its ``{fields}``; anything else is one :class:`~engine.errors.ConfigError` naming the file
and the key. A key a draft translation lacks is shown in the row's ``fallback`` language,
with a one-line notice listing what is missing (``docs/translating.md``).

Examples
--------
::

    TEXT = Catalogue.of(__file__)      # words/<lang>/<this file's stem>.toml
    TEXT["title.FindTheFunction"]      # in the current language
    TEXT.format("acc", acc=0.97)       # str.format with named fields

In tests, a catalogue can also be given inline::

    >>> TEXT = Catalogue(en={"hi": "Hello {who}"}, zh={"hi": "你好 {who}"})
    >>> TEXT.language("zh")["hi"].format(who="σ")
    '你好 σ'
"""

from __future__ import annotations

import os
import string
import sys
import tomllib
from pathlib import Path

from engine.errors import ConfigError
from narration import languages, marks

__all__ = ["LANGS", "lang", "langs", "Catalogue", "font", "row", "words_file", "read_words",
           "fields", "check_against"]

#: The shipped languages when this module was imported (see :func:`langs` for all).
LANGS = languages.codes()


def langs() -> tuple[str, ...]:
    """Every language of the table, the shipped ones and those ``$DEEPWARP_WORDS`` adds."""
    return languages.codes()


def lang() -> str:
    """The lecture language from ``$DEEPWARP_LANG``; a clear error for anything else."""
    value = os.environ.get("DEEPWARP_LANG", "en") or "en"
    if value not in langs():
        raise ConfigError(f"DEEPWARP_LANG={value!r}; allowed: {', '.join(langs())}")
    return value


def row() -> languages.Language:
    """The current language's row of the language table (font, line width, spaces …)."""
    return languages.language(lang())


def font() -> str:
    """The font for ``Text`` in the current language (a CJK font for Chinese)."""
    return row().font


def fields(text: str) -> set[str]:
    """The ``{fields}`` of ``text`` the scene fills in (``{{`` is a literal brace).

    >>> sorted(fields("{acc} of {n:d}, {{x}}"))
    ['acc', 'n']
    """
    try:
        return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(text)
                if f is not None}
    except ValueError as e:
        raise ConfigError(f"{text!r}: {e}; allowed: {{name}} fields, {{{{ for a brace}}") from None


def check_against(path: Path, words: dict[str, str], reference: dict[str, str]) -> None:
    """One clear error naming ``path`` and the key where a translation's marks (their
    order) or ``{fields}`` differ from the English ``reference``'s, or a mark is bad."""
    for key, text in words.items():
        if key not in reference:
            continue
        try:
            mine, theirs = marks.names(text), marks.names(reference[key])
            mine_f, theirs_f = fields(text), fields(reference[key])
        except ConfigError as e:
            raise ConfigError(f"{path}: {key}: {e}") from None
        if mine != theirs:
            raise ConfigError(f"{path}: {key} has the marks {', '.join(mine) or 'none'}; "
                              f"allowed: the English marks in their order: "
                              f"{', '.join(theirs) or 'none'}")
        if mine_f != theirs_f:
            raise ConfigError(f"{path}: {key} has the fields "
                              f"{', '.join(sorted(mine_f)) or 'none'}; allowed: the English "
                              f"fields {', '.join(sorted(theirs_f)) or 'none'}")


def words_file(source: str | Path, code: str) -> Path:
    """The text file of ``source``'s words in language ``code``: beside the source file
    (``words/<code>/<stem>.toml``) if there is one, else in the language's own folder."""
    source = Path(source)
    local = source.parent / "words" / code / f"{source.stem}.toml"
    if local.is_file():
        return local
    return languages.language(code).folder / f"{source.stem}.toml"


def read_words(path: Path) -> dict[str, str]:
    """One text file's entries (flat keys, strings only); a clear error naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML ({e}); allowed: key = \"text\" lines") from None
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for k, v in node.items():
            name = f"{prefix}{k}"
            if isinstance(v, dict):
                walk(f"{name}.", v)
            elif isinstance(v, str):
                flat[name] = v
            else:
                raise ConfigError(f"{path}: {name} = {v!r} is not text; allowed: a string")

    walk("", data)
    return flat


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when inside it (shorter notices)."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Catalogue:
    """All strings of one scene file, per language, with the same keys in each.

    English is the reference: every language has its keys. A language whose file lacks
    some (a draft translation) takes them from its ``fallback`` language, with a one-line
    notice listing what is missing.
    """

    def __init__(self, *, source: str | Path | None = None, **by_lang: dict[str, str]) -> None:
        if source is None and "en" not in by_lang:
            raise KeyError("a catalogue needs its English words (en=...)")
        if source is None:
            for code, words in by_lang.items():
                missing = set(by_lang["en"]) ^ set(words)
                if missing:
                    raise KeyError(f"catalogue keys not in both en and {code}: {sorted(missing)}")
        self.source = Path(source) if source is not None else None
        self._by_lang: dict[str, dict[str, str]] = dict(by_lang)

    @classmethod
    def of(cls, source: str | Path) -> Catalogue:
        """The catalogue of scene file ``source`` (pass ``__file__``), read from its text
        files as each language is first asked for."""
        return cls(source=source)

    def _load(self, code: str) -> dict[str, str]:
        if code in self._by_lang:
            return self._by_lang[code]
        if self.source is None:
            raise ConfigError(f"language {code!r} is not in this catalogue; "
                              f"allowed: {', '.join(self._by_lang)}")
        row = languages.language(code)
        path = words_file(self.source, code)
        words = read_words(path) if path.is_file() else {}
        if code == "en":
            if not words:
                raise ConfigError(f"{path}: no English words for {self.source.name}; allowed: "
                                  "a words/en/<stem>.toml beside the scene file")
            check_against(path, words, words)  # well-formed marks and fields
        else:
            reference = self._load("en")
            missing = [k for k in reference if k not in words]
            extra = sorted(set(words) - set(reference))
            if extra:
                raise ConfigError(f"{path}: keys not in the English words: {', '.join(extra)}; "
                                  f"allowed: the keys of {words_file(self.source, 'en')}")
            check_against(path, words, reference)
            if missing:
                fallback = self._load(row.fallback) if row.fallback else reference
                # One line, as msgfmt --statistics would give it.
                print(f"words: {_shown(path)}: {len(reference) - len(missing)} translated, "
                      f"{len(missing)} missing, shown in {row.fallback or 'en'}: "
                      f"{', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}",
                      file=sys.stderr)
                words = {k: words.get(k, fallback[k]) for k in reference}
            else:
                words = {k: words[k] for k in reference}
        words = {**words, **lecture_overrides(self.source, code, words)}
        self._by_lang[code] = words
        return words

    def __getitem__(self, key: str) -> str:
        return self._load(lang())[key]

    def format(self, key: str, **fields: object) -> str:
        return self[key].format(**fields)

    def keys(self) -> set[str]:
        return set(self._load("en"))

    def language(self, code: str) -> dict[str, str]:
        return dict(self._load(code))


# --- a lecture's rewordings: one more layer over the words files --------------------------

def lecture_overrides(source: Path, code: str, words: dict[str, str]) -> dict[str, str]:
    """The lecture's rewordings of ``source``'s words in ``code`` (they win over its file).

    ``deepwarp lecture`` (:mod:`delivery.lecturefile`) checks them and passes them to the
    render as a JSON file named by ``$DEEPWARP_OVERRIDES``:
    ``{"<scene file, resolved>": {"<lang>": {"<key>": "text"}}}``. Keys the words lack
    are ignored here (the lecture file's check names them).
    """
    path = os.environ.get("DEEPWARP_OVERRIDES")
    if not path:
        return {}
    import json

    try:
        table = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ConfigError(f"DEEPWARP_OVERRIDES={path!r} cannot be read ({e}); "
                          "allowed: the JSON file deepwarp lecture writes") from None
    mine = table.get(str(Path(source).resolve()), {}).get(code, {})
    return {k: v for k, v in mine.items() if k in words}
