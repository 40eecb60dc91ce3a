"""A lecture file: a lecture's title, languages and chapters, in TOML (docs/lecture.md).

::

    title = { en = "My first deep-learning lecture", zh = "我的第一堂深度学习课" }
    languages = ["zh", "en"]

    [[chapter]]
    scene = "NeuronEquation"            # one of ours, by class name

    [[chapter]]
    scene = "GradientDescent"
    say.descent = { en = "…", zh = "……" }   # a beat reworded for this lecture (marks kept)
    words."title.GradientDescent" = { en = "Downhill" }   # any on-screen word, by key

    [[chapter]]
    file = "myscene.py"                 # the lecturer's own, relative to this file
    class = "AndNeuron"

    [[chapter]]
    warp = "moons.csv"                  # a CSV (relative to this file), deepwarp warp's options
    hidden = [2, 2, 2]
    activation = "tanh"
    title = { en = "Two half-moons", zh = "两个半月" }

Any chapter may have a ``title`` (a string, or one per language). :func:`load` reads and
checks it all without rendering or importing a scene: every mistake is one
:class:`~engine.errors.ConfigError` line naming the place, e.g.
``my.toml: chapter 3: no class AndNeuron in myscene.py; allowed: OrNeuron``.

Examples
--------
>>> lecture = load(OURS)
>>> lecture.chapters[1].scene, lecture.chapters[1].file.name
('NeuronEquation', 'neuron.py')
>>> [e.scene for e in scenes_of(OURS)][:2]
['FindTheFunction', 'NeuronEquation']
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import ConfigError
from narration import languages
from narration.marks import names as mark_names

__all__ = ["Chapter", "Entry", "Lecture", "OURS", "WARP_OPTIONS", "load", "our_scenes",
           "scenes_of"]

ROOT = Path(__file__).resolve().parents[1]
#: Our own lecture: the one list of our scenes, in the article's order.
OURS = ROOT / "lectures" / "deep-learning.toml"

#: ``deepwarp warp``'s options a warp chapter takes, with the type each must have.
WARP_OPTIONS: dict[str, tuple[type, ...]] = {
    "columns": (list,), "hidden": (list,), "activation": (str,), "epochs": (int,),
    "lr": (float, int), "optimizer": (str,), "seed": (int,), "standardize": (bool,),
    "n": (int,), "noise": (float, int), "classes": (int,), "video": (str,),
}
#: The two warp videos a warp chapter can be (``video = …``), and the scene each subclasses.
WARP_VIDEOS = {"untangle": "UntangleCurves", "training": "WarpDuringTraining"}
_KINDS = ("scene", "file", "warp")
_COMMON = ("title", "say", "words")


@dataclass(frozen=True)
class Entry:
    """One of our scenes: its file ``scenes/<module>.py`` and its class."""

    module: str
    scene: str

    @property
    def path(self) -> Path:
        return ROOT / "scenes" / f"{self.module}.py"


@dataclass(frozen=True)
class Chapter:
    """One chapter, checked. ``file`` defines ``scene`` (for a warp: ``scenes/warp.py``,
    subclassed with ``warp``'s options); ``words``: per language, the keys this lecture
    rewords (``<beat>.say`` for ``say.<beat>``)."""

    number: int
    kind: str  # "scene", "file" or "warp"
    file: Path
    scene: str
    titles: dict[str, str] = field(default_factory=dict)
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    warp: dict[str, Any] = field(default_factory=dict)
    data: Path | None = None  # a warp's CSV, absolute

    @property
    def name(self) -> str:
        """A name unique in the lecture: ``03-AndNeuron``."""
        return f"{self.number:02d}-{self.scene}"

    def title(self, lang: str) -> str:
        """The chapter's title in ``lang``: the lecture file's, else the scene's own."""
        if lang in self.titles or "*" in self.titles:
            return self.titles.get(lang) or self.titles["*"]
        own = self.words.get(lang, {}).get(f"title.{self.scene}")
        if not own and self.kind == "warp" and self.data is not None:
            return re.sub(r"[-_ ]+", " ", self.data.stem).strip().capitalize()  # "my-moons"
        return own or _scene_title(self.file, self.scene, lang)


@dataclass(frozen=True)
class Lecture:
    path: Path
    titles: dict[str, str]
    languages: tuple[str, ...]
    chapters: tuple[Chapter, ...]

    @property
    def stem(self) -> str:
        return self.path.stem

    def title(self, lang: str) -> str:
        """The lecture's title in ``lang`` (else in English, else the file's name)."""
        return (self.titles.get(lang) or self.titles.get("*") or self.titles.get("en")
                or self.stem)


@functools.cache
def our_scenes() -> dict[str, Path]:
    """Every scene class defined in ``scenes/*.py`` (found by text, no import)."""
    found: dict[str, Path] = {}
    for path in sorted((ROOT / "scenes").glob("*.py")):
        for name in re.findall(r"^class (\w+)\b", path.read_text(encoding="utf-8"), re.M):
            found.setdefault(name, path)
    return found


def _classes(path: Path) -> list[str]:
    return re.findall(r"^class (\w+)\b", path.read_text(encoding="utf-8"), re.M)


def _scene_title(file: Path, scene: str, lang: str) -> str:
    """``title.<Scene>`` from the file's words, else its ``title = "…"`` line, else its
    name split into words; no import."""
    from scenes.common.i18n import Catalogue

    try:
        title = Catalogue.of(file).language(lang).get(f"title.{scene}")
        if title:
            return title
    except ConfigError:
        pass
    body = re.search(rf"^class {scene}\b.*?(?=^\S|\Z)", file.read_text(encoding="utf-8"),
                     re.M | re.S)
    found = body and re.search(r"^\s+title = [\"'](.+?)[\"']\s*$", body.group(0), re.M)
    return found.group(1) if found else re.sub(r"(?<=[a-z])(?=[A-Z])", " ", scene)


def _per_language(where: str, value: Any, codes: tuple[str, ...]) -> dict[str, str]:
    """A text given once (for every language: key ``*``, or each of ``codes`` when given)
    or per language ``{en = "…", zh = "…"}``."""
    if isinstance(value, str):
        return dict.fromkeys(codes or ("*",), value)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ConfigError(f"{where} = {value!r}; allowed: a text, or one per language "
                          f'{{ en = "…", zh = "…" }}')
    unknown = [c for c in value if c not in languages.codes()]
    if unknown:
        raise ConfigError(f"{where}: unknown language {unknown[0]!r}; allowed: "
                          f"{', '.join(languages.codes())}")
    return dict(value)


def _catalogue_words(file: Path, code: str) -> dict[str, str]:
    from scenes.common.i18n import Catalogue

    return Catalogue.of(file).language(code)


def _leaves(prefix: str, node: dict[str, Any]) -> dict[str, Any]:
    """Dotted keys to their texts; a table of texts (one per language) is a leaf."""
    flat: dict[str, Any] = {}
    for k, v in node.items():
        if isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
            flat.update(_leaves(f"{prefix}{k}.", v))
        else:
            flat[f"{prefix}{k}"] = v
    return flat


def _rewordings(where: str, raw: dict[str, Any], file: Path,
                codes: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``say.<beat>`` and ``words.<key>`` of one chapter, per language, checked against the
    scene file's own words: the key exists, and a reworded line keeps its marks."""
    out: dict[str, dict[str, str]] = {}
    for table in ("say", "words"):
        given = raw.get(table, {})
        if not isinstance(given, dict):
            raise ConfigError(f"{where}: {table} = {given!r}; allowed: {table}.<"
                              f"{'beat' if table == 'say' else 'key'}> = {{ en = \"…\" }}")
        for name, value in _leaves("", given).items():
            key = f"{name}.say" if table == "say" else name
            place = f"{where}: {table}.{name}"
            texts = _per_language(place, value, codes)
            try:
                reference = _catalogue_words(file, "en")
            except ConfigError as e:
                raise ConfigError(f"{place}: {e}") from None
            if key not in reference:
                near = sorted(k.removesuffix(".say") for k in reference
                              if (k.endswith(".say") if table == "say" else True))
                raise ConfigError(f"{place}: no such {'beat' if table == 'say' else 'key'} "
                                  f"in {file.name}'s words; allowed: {', '.join(near[:12])}"
                                  f"{' …' if len(near) > 12 else ''}")
            for code, text in texts.items():
                original = _catalogue_words(file, code)[key]
                try:
                    want, got = mark_names(original), mark_names(text)
                except ConfigError as e:
                    raise ConfigError(f"{place}.{code}: {e}") from None
                if want != got:
                    raise ConfigError(
                        f"{place}.{code}: marks {', '.join(got) or 'none'}; allowed: the "
                        f"original's marks in order: "
                        + " ".join(f"<bookmark mark='{m}'/>" for m in want))
                out.setdefault(code, {})[key] = text
    return out


def _warp_options(where: str, raw: dict[str, Any], base: Path
                  ) -> tuple[dict[str, Any], Path | None]:
    from engine.config import ACTIVATIONS, DATASETS, OPTIMIZERS

    data = raw["warp"]
    if not isinstance(data, str):
        raise ConfigError(f"{where}: warp = {data!r}; allowed: a CSV file or a dataset name")
    path: Path | None = None
    opts: dict[str, Any] = {}
    if data in DATASETS:
        opts["dataset"] = data
    else:
        path = (base / data).resolve()
        if not path.is_file():
            raise ConfigError(f"{where}: warp = {data!r}: no such file {path}; allowed: a CSV "
                              f"file (relative to the lecture file) or one of "
                              f"{', '.join(DATASETS)}")
        opts["dataset"] = f"csv:{path}"
    for key in [k for k in raw if k not in ("warp", *_COMMON)]:  # file order: stable
        value = raw[key]
        kinds = WARP_OPTIONS[key]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise ConfigError(f"{where}: {key} = {value!r}; allowed: "
                              f"{' or '.join(k.__name__ for k in kinds)}")
        if key == "hidden" and not (value and all(isinstance(w, int) and w >= 1
                                                  for w in value)):
            raise ConfigError(f"{where}: hidden = {value!r}; allowed: widths >= 1, e.g. [8, 8]")
        if key == "columns" and not (len(value) == 3 and all(isinstance(c, str) for c in value)):
            raise ConfigError(f"{where}: columns = {value!r}; allowed: three column names "
                              '["x", "y", "label"]')
        choices = {"activation": ACTIVATIONS, "optimizer": OPTIMIZERS, "video": WARP_VIDEOS}
        if key in choices and value not in choices[key]:
            raise ConfigError(f"{where}: {key} = {value!r}; allowed: {', '.join(choices[key])}")
        opts[key] = tuple(value) if isinstance(value, list) else value
    return opts, path


def _chapter(n: int, raw: Any, lecture: Path, codes: tuple[str, ...]) -> Chapter:
    where = f"{lecture.name}: chapter {n}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: not a table; allowed: [[chapter]] with scene, file or warp")
    kinds = [k for k in _KINDS if k in raw]
    if len(kinds) != 1:
        raise ConfigError(f"{where}: {'both ' + ' and '.join(kinds) if kinds else 'no scene'}; "
                          "allowed: one of scene = \"Name\", file = \"x.py\" (with class), "
                          "warp = \"data.csv\"")
    kind = kinds[0]
    allowed = {"scene": ("scene",), "file": ("file", "class"),
               "warp": ("warp", *WARP_OPTIONS)}[kind] + _COMMON
    unknown = [k for k in raw if k not in allowed]
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(allowed)}")
    warp: dict[str, Any] = {}
    data = None
    if kind == "scene":
        scene = raw["scene"]
        ours = our_scenes()
        if scene not in ours:
            raise ConfigError(f"{where}: unknown scene {scene!r}; allowed: one of ours "
                              f"({', '.join(e.scene for e in scenes_of(OURS))}), or "
                              "file = \"yours.py\" with class = \"Name\"")
        file = ours[scene]
    elif kind == "file":
        file = (lecture.parent / str(raw["file"])).resolve()
        if not file.is_file():
            raise ConfigError(f"{where}: no file {raw['file']!r} ({file}); allowed: a scene "
                              "file, relative to the lecture file")
        scene = raw.get("class")
        defined = _classes(file)
        if not isinstance(scene, str) or scene not in defined:
            said = f"no class {scene}" if scene else "no class given"
            raise ConfigError(f"{where}: {said} in {raw['file']}; allowed: "
                              f"{', '.join(defined) or 'none (the file defines no class)'}")
    else:
        warp, data = _warp_options(where, raw, lecture.parent)
        file = ROOT / "scenes" / "warp.py"
        scene = WARP_VIDEOS[warp.get("video", "untangle")]
    titles = _per_language(f"{where}: title", raw["title"], ()) if "title" in raw else {}
    words = _rewordings(where, raw, file, codes)
    return Chapter(n, kind, file, scene, titles, words, warp, data)


def load(path: str | Path) -> Lecture:
    """Read and check a lecture file; any mistake is one line naming its place."""
    path = Path(path).resolve()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no lecture file {path}; allowed: a .toml file "
                          "(docs/lecture.md)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path.name}: not valid TOML ({e})") from None
    unknown = [k for k in raw if k not in ("title", "languages", "chapter")]
    if unknown:
        raise ConfigError(f"{path.name}: unknown key {unknown[0]!r}; allowed: title, "
                          "languages, [[chapter]]")
    codes = raw.get("languages", ["en"])
    if (not isinstance(codes, list) or not codes
            or not all(isinstance(c, str) for c in codes)):
        raise ConfigError(f"{path.name}: languages = {codes!r}; allowed: a list like "
                          '["en", "zh"]')
    for code in codes:
        if code not in languages.codes():
            raise ConfigError(f"{path.name}: languages: unknown language {code!r}; allowed: "
                              f"{', '.join(languages.codes())}")
    codes = tuple(dict.fromkeys(codes))
    titles = _per_language(f"{path.name}: title", raw.get("title", path.stem), ())
    chapters = raw.get("chapter", [])
    if not isinstance(chapters, list) or not chapters:
        raise ConfigError(f"{path.name}: no chapters; allowed: one [[chapter]] table or more")
    return Lecture(path, titles, codes, tuple(_chapter(n, c, path, codes)
                                              for n, c in enumerate(chapters, start=1)))


def scenes_of(path: str | Path = OURS) -> list[Entry]:
    """The scenes of ours that a lecture file names, in its order (``OURS``: the whole
    lecture), for code and tests that walk our scenes."""
    return [Entry(c.file.stem, c.scene) for c in load(path).chapters if c.kind == "scene"]
