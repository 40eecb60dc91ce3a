"""The lecture's narration as a recording script: per scene, per beat, numbered.

``python -m delivery.script --lang en`` (what ``make script`` runs) writes
``media/voice/script-<lang>.md``. Each beat names the WAV a lecturer records for it,
``media/voice/<lang>/<Scene>/<NN>-<beat>.wav``; a render finds it there, speaks it
instead of the synthetic voice and times the beat to it.

Beats and their words (some hold trained numbers) come from running each scene's
``construct`` with animations skipped and narration off: nothing is drawn,
encoded or spoken, and the words are exactly those the render speaks.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from delivery.lecturefile import OURS, ROOT, scenes_of
from narration import display_path, recording_path, voice_dir
from narration.marks import MARK
from scenes.common.i18n import Catalogue

__all__ = ["Beat", "beats", "main", "write_beats", "write_script", "shown"]


#: The script's heading and the paragraph under it, per language: words/<lang>/script.toml.
TEXT = Catalogue.of(__file__)


def _head(lang: str) -> tuple[str, str]:
    words = TEXT.language(lang)
    return words["heading"], words["how"]


@dataclass(frozen=True)
class Beat:
    number: int  # from 1, within its scene
    key: str
    name: str
    text: str
    wav: Path


def beats(scene_cls: type, lang: str) -> list[Beat]:
    """The beats of ``scene_cls`` in ``lang``, from a run of ``construct`` that draws nothing."""
    from manim import tempconfig

    saved = {k: os.environ.get(k) for k in ("DEEPWARP_LANG", "DEEPWARP_NARRATION")}
    os.environ.update(DEEPWARP_LANG=lang, DEEPWARP_NARRATION="off")
    try:
        with tempfile.TemporaryDirectory() as tmp, tempconfig({
            "media_dir": tmp, "skip_animations": True, "write_to_movie": False,
            "save_last_frame": False, "disable_caching": True, "verbosity": "ERROR",
            "progress_bar": "none", "output_file": str(Path(tmp) / "scene"),
            # Formulas and texts compile once, into the project's own caches.
            "tex_dir": str(ROOT / "media" / "Tex"), "text_dir": str(ROOT / "media" / "texts"),
        }):
            scene = scene_cls()
            scene.render()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    owner = scene_cls.voice_scene()
    return [Beat(i, key, name, text, recording_path(lang, owner, i, key))
            for i, (key, name, text) in enumerate(scene.narrations, start=1)]


def shown(text: str) -> str:
    """A beat's text for the reader: each mark as **[▸ name]**, where the picture changes."""
    return MARK.sub(lambda m: f"**[▸ {m.group('name')}]** ", text).replace("  ", " ").strip()


def write_beats(chapters: list[tuple[str, dict]], lang: str, out: Path,
                heading: str = "") -> int:
    """Write the script of a rendered lecture: ``chapters`` are (title, the render's
    ``<Slide>.beats.json`` record: scene and beats); returns how many beats it lists."""
    title, how = _head(lang)
    lines = [f"# {title}" + (f": {heading}" if heading else ""), "", how, ""]
    count = 0
    for n, (title, record) in enumerate(chapters, start=1):
        lines += [f"## {n}. {title} ({record['scene']})", ""]
        for i, beat in enumerate(record["beats"], start=1):
            wav = recording_path(lang, record["scene"], i, beat["key"])
            lines += [f"### {i:02d} · {beat['name']}", "", f"`{display_path(wav)}`", "",
                      f"> {shown(beat['say'])}", ""]
            count += 1
    _write(out, lines)
    return count


def _write(out: Path, lines: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    os.replace(tmp, out)


def write_script(scenes: list[tuple[str, type]], lang: str, out: Path) -> int:
    """Write the script of ``scenes`` ((chapter title, scene class) in lecture order) to
    ``out``; returns how many beats it lists."""
    title, how = _head(lang)
    lines = [f"# {title}", "", how, ""]
    count = 0
    for n, (title, cls) in enumerate(scenes, start=1):
        lines += [f"## {n}. {title} ({cls.__name__})", ""]
        for beat in beats(cls, lang):
            lines += [f"### {beat.number:02d} · {beat.name}", "",
                      f"`{display_path(beat.wav)}`", "", f"> {shown(beat.text)}", ""]
            count += 1
    _write(out, lines)
    return count


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m delivery.script", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lang", default="en", help="en or zh")
    p.add_argument("--scene", nargs="*", help="only these scenes (default: the whole lecture)")
    p.add_argument("--out", help="where to write (default: media/voice/script-<lang>.md)")
    args = p.parse_args(argv)
    from scenes.common.i18n import langs

    if args.lang not in langs():
        p.exit(2, f"script: error: LECTURE_LANG={args.lang!r}; allowed: {', '.join(langs())}\n")
    known = {e.scene: e for e in scenes_of(OURS)}
    unknown = [name for name in args.scene or () if name not in known]
    if unknown:
        p.exit(2, f"script: error: unknown scene {', '.join(unknown)}; "
                  f"allowed: {', '.join(known)}\n")
    entries = [e for name, e in known.items() if not args.scene or name in args.scene]
    out = Path(args.out) if args.out else voice_dir() / f"script-{args.lang}.md"
    from delivery.lecture import scene_title

    scenes = [(scene_title(e, args.lang),
               getattr(importlib.import_module(f"scenes.{e.module}"), e.scene)) for e in entries]
    count = write_script(scenes, args.lang, out)
    print(f"script: {count} beats of {len(entries)} scenes -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
