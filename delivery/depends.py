"""What a render depends on, as one digest: the runners' "is it still current?".

A chapter's video, slides and storyboard depend on exactly

* its scene file and every module of the project it imports, followed through the
  imports (:func:`sources`): our scene files import ``scenes/common``, the engine and
  the narration code, so those count, and another topic's scene file does not;
* the words files of those modules in the render's language
  (``words/<lang>/<topic>.toml``), and the English ones too where the render reads
  them: the silent lecture's timings come from the English narration, and a
  translation missing a key takes it from its fallback (:func:`words_files`);
  the language table (``words/languages.toml``);
* the lecture's rewordings, the data file, the lecturer's recordings and the voice
  (:func:`narration.fingerprint`), the quality, the language, Manim's version and
  ``manim.cfg``.

Nothing else: rewording a line of ``words/zh/neuron.toml`` makes only neuron's scenes
render again, and only in Chinese.

Examples
--------
>>> from delivery.lecturefile import ROOT
>>> names = {p.relative_to(ROOT).as_posix() for p in sources(ROOT / "scenes" / "neuron.py")}
>>> "engine/train.py" in names and "narration/marks.py" in names
True
>>> "scenes/warp.py" in names
False
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

__all__ = ["digest", "sources", "words_files"]

ROOT = Path(__file__).resolve().parents[1]
#: A module that reads words files: ``TEXT = Catalogue.of(__file__)``.
_READS_WORDS = re.compile(rb"^\w+\s*=\s*Catalogue\.of\(__file__\)", re.M)


# CPython 3.11's ast.parse is not safe from several threads at once: a lecture's thread
# pool failed with "AST constructor recursion depth mismatch". One parse at a time.
_PARSE = threading.Lock()


def parse(source: bytes, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse``, one thread at a time."""
    with _PARSE:
        return ast.parse(source, filename=filename)


@functools.lru_cache(maxsize=512)
def _imports(path: Path, mtime: int) -> tuple[str, ...]:
    """Module names ``path`` imports anywhere in it (functions too), absolute ones only."""
    tree = parse(path.read_bytes(), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]  # may be submodules
    return tuple(names)


def _module_files(name: str, roots: Iterable[Path]) -> list[Path]:
    """The files that importing ``name`` runs, from the first root that has it: the module
    and its packages' ``__init__.py``."""
    parts = name.split(".")
    for root in roots:
        if not (root / parts[0]).exists() and not (root / f"{parts[0]}.py").exists():
            continue
        found = []
        for i in range(1, len(parts) + 1):
            base = root.joinpath(*parts[:i])
            if (base / "__init__.py").is_file():
                found.append(base / "__init__.py")
            elif base.with_suffix(".py").is_file():
                found.append(base.with_suffix(".py"))
                break
            else:
                break
        return found
    return []


def sources(*files: Path) -> list[Path]:
    """``files`` and every project module they import, followed through the imports.

    A module is looked up beside the file that imports it (a lecturer's own helpers),
    then in the repository; third-party packages count through their version instead.
    """
    seen: dict[Path, None] = {}
    todo = [Path(f).resolve() for f in files]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen[path] = None
        roots = (path.parent, ROOT) if ROOT not in path.parents else (ROOT,)
        for name in _imports(path, path.stat().st_mtime_ns):
            todo += [p.resolve() for p in _module_files(name, roots)]
    return sorted(seen)


def _words_keys(path: Path) -> set[str]:
    from scenes.common.i18n import read_words

    return set(read_words(path)) if path.is_file() else set()


def words_files(modules: Iterable[Path], lang: str, narration: str) -> list[Path]:
    """The words files a render in ``lang`` reads for ``modules`` (see the module's doc),
    and the language tables."""
    from narration import languages
    from scenes.common.i18n import words_file

    out: list[Path] = [root / "languages.toml" for root in languages.words_roots()]
    for module in modules:
        if not _READS_WORDS.search(module.read_bytes()):
            continue
        mine = words_file(module, lang)
        out.append(mine)
        if lang == "en":
            continue
        english = words_file(module, "en")
        row = languages.language(lang)
        if narration == "off" or not _words_keys(english) <= _words_keys(mine):
            out.append(english)
            if row.fallback and row.fallback != "en":
                out.append(words_file(module, row.fallback))
    return out


def _versions() -> str:
    found = []
    for package in ("manim", "manim-slides", "av", "torch"):
        try:
            found.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package}=-")
    return " ".join(found)


def digest(files: Iterable[Path], *, lang: str, quality: str, narration: str,
           voice_scene: str, settings: Mapping[str, object] | None = None,
           data: Iterable[Path] = ()) -> str:
    """One hash of a render's inputs: ``files`` (followed through their imports, with their
    words), ``data`` files, ``settings`` (rewordings, options: JSON-able), the voice and
    recordings of ``voice_scene``, and the quality, language and narration switch."""
    import narration as voices

    modules = sources(*files, ROOT / "delivery" / "launch.py")
    h = hashlib.sha256()
    h.update(json.dumps({"lang": lang, "quality": quality, "narration": narration,
                         "settings": settings or {}, "versions": _versions()},
                        sort_keys=True, default=str).encode())
    saved = os.environ.get("DEEPWARP_NARRATION")
    os.environ["DEEPWARP_NARRATION"] = narration
    try:
        h.update(voices.fingerprint(lang, voice_scene).encode())
    finally:
        if saved is None:
            os.environ.pop("DEEPWARP_NARRATION", None)
        else:
            os.environ["DEEPWARP_NARRATION"] = saved
    for path in [*modules, *words_files(modules, lang, narration), ROOT / "manim.cfg",
                 *data]:
        h.update(str(path).encode())
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()
