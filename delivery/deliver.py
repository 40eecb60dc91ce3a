"""Deliverables besides the lecture video: slides, clip presets and storyboards.

``make slides`` / ``make clip`` / ``make storyboard`` run::

    python -m delivery.deliver slides [--scene NAME ...] [--quality l] [--jobs N] [--lang en]
    python -m delivery.deliver clip --scene NAME [--format gif|webm|mov|png] [--gif-mb 8]
    python -m delivery.deliver storyboard [--scene NAME ...] [--jobs N] [--lang en]

* ``slides``: renders each scene's slide variant (``delivery/slides.py``, one slide
  per beat, narration as speaker notes) and converts them into one reveal.js deck,
  ``media/slides/lecture.html`` (``<Scene>.html`` for one scene), that loads
  reveal.js from files beside it;
* ``clip``: one scene as a GIF under a size cap, a transparent WebM or MOV, or a
  PNG of its last frame, in ``media/clips/``; WebM keeps the narration as Opus,
  MOV as PCM (GIF and PNG have no sound);
* ``storyboard``: a contact sheet per scene in ``media/storyboards/`` (one row per
  beat, a few frames each, with names and times), rendered at 320x180 and 5 fps,
  plus ``lecture.png`` for the whole lecture when no scene is named.

Each renders with ``manim render`` in its own process (logs in ``media/logs``),
narrated unless ``--narration off`` (``NARRATION=off``; ``$DEEPWARP_NARRATION``).
``--file FILE`` (``make slides FILE=yours.py SCENE=YourScene``) takes the scene from any
file instead of the lecture's list; for slides, the file needs no slide class of its
own (one is made for it). A whole lecture with its slides: ``deepwarp lecture``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from delivery.launch import (
    NARRATION,
    QUALITIES,
    manim_command,
    narration_setting,
    render_env,
    video_path,
)
from delivery.lecture import available, scene_title
from scenes.common.i18n import Catalogue, langs
from scenes.common.naming import output_name
from scenes.common.style import BG

__all__ = ["FORMATS", "GIF_MB", "Target", "main"]

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("gif", "webm", "mov", "png")
GIF_MB = 8.0  # default GIF cap, in MB (10**6 bytes): fits chat tools and issue trackers
STORYBOARD_FLAGS = ["-ql", "-r", "320,180", "--fps", "5", "--save_sections"]
STORYBOARD_DIR = "180p5"  # Manim's folder for that resolution and frame rate

TEXT = Catalogue.of(__file__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage block
        self.exit(2, f"{self.prog}: error: {message}\n")


def _fail(cmd: str, message: str, code: int = 2) -> NoReturn:
    print(f"{cmd}: error: {message}", file=sys.stderr)
    sys.exit(code)


@dataclass(frozen=True)
class Target:
    """A scene to render: the file that defines it, its class name and its title."""

    file: Path  # relative to ROOT for lecture scenes, so Manim names the module scenes.<m>
    scene: str
    title: str

    @property
    def stem(self) -> str:
        return self.file.stem


def _file_classes(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    pairs = re.findall(r"^(?:class (\w+)\b|(\w+) = slide_class\()", text, re.M)
    return [a or b for a, b in pairs]


def _file_title(path: Path, scene: str) -> str:
    """The class's ``title = "..."`` line, else its name split into words (no import)."""
    body = re.search(rf"^class {scene}\b.*?(?=^\S|\Z)", path.read_text(encoding="utf-8"),
                     re.M | re.S)
    found = body and re.search(r"^\s+title = [\"'](.+?)[\"']\s*$", body.group(0), re.M)
    return found.group(1) if found else re.sub(r"(?<=[a-z])(?=[A-Z])", " ", scene)


def _targets(cmd: str, names: list[str] | None, file: str | None,
             lang: str = "en") -> list[Target]:
    if file:
        path = Path(file)
        if not path.is_file():
            _fail(cmd, f"no scene file {file!r}")
        defined = _file_classes(path)
        allowed = [n for n in defined if not n.endswith("Slide")]
        if not names:
            _fail(cmd, f"name the scene to take from {file}; allowed: {', '.join(allowed)}")
        wrong = [n for n in names if n not in allowed]
        if wrong:
            _fail(cmd, f"unknown scene {', '.join(wrong)} in {file}; allowed: {', '.join(allowed)}")
        return [Target(path.resolve(), n, _file_title(path, n)) for n in names]
    entries = available()
    allowed = [e.scene for e in entries]
    if names is not None and not names:
        _fail(cmd, f"SCENE is required; allowed: {', '.join(allowed)}")
    if names:
        wrong = [n for n in names if n not in allowed]
        if wrong:
            _fail(cmd, f"unknown scene {', '.join(wrong)}; allowed: {', '.join(allowed)}")
        entries = [e for n in names for e in entries if e.scene == n]
    return [Target(e.path.relative_to(ROOT), e.scene, scene_title(e, lang)) for e in entries]


def _writable(cmd: str, folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        _fail(cmd, f"cannot write to the media folder {folder} ({exc.strerror or exc}); "
              "pass a writable one with --media (make: MEDIA=...)")
    return folder


def _render(file: Path, scene: str, flags: list[str], media: Path, lang: str, log: Path,
            narration: str = "on") -> bool:
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = manim_command(file, scene, media=media, quality=None, flags=flags, caches=True,
                        progress=False)
    env = render_env(lang, narration, media, option="MEDIA=")
    with log.open("w") as f:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, env=env)
    return proc.returncode == 0


def _show(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _digest(target: Target, flags: list[str], lang: str, narration: str = "on") -> str:
    """Hash of everything a render depends on (:mod:`delivery.depends`: the scene's file and
    what it imports, its words, the recordings and voice, the settings), so unchanged
    slides are not rendered again and changed ones always are."""
    from delivery.depends import digest

    return digest([ROOT / target.file, ROOT / "delivery" / "slides.py"], lang=lang,
                  quality=" ".join(flags), narration=narration, voice_scene=target.scene,
                  settings={"scene": target.scene})


def _parallel(cmd: str, targets: list[Target], jobs: int, work) -> list:
    total, done, start, lock = len(targets), 0, time.monotonic(), threading.Lock()

    def one(t: Target):
        nonlocal done
        result = work(t)
        with lock:
            done += 1
            state = "ok" if result else "FAILED"
            print(f"  [{done}/{total}] {time.monotonic() - start:5.0f} s  {t.scene} {state}",
                  flush=True)
        return result

    print(f"{cmd}: {total} scene(s), {jobs} at a time", flush=True)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, targets))


def _slide_file(t: Target, media: Path) -> Path:
    """A small file defining ``<Scene>Slide`` of a scene in another file (written when
    changed), so a lecturer's file needs no slide line of its own."""
    path = media / "slides" / "files" / f"{t.stem}_{t.scene}_slide.py"
    text = (f'"""Slides of {t.scene} in {t.file} (written by make slides)."""\n\n'
            "from delivery.slides import slide_of\n\n"
            f"{t.scene}Slide = slide_of({str(t.file)!r}, {t.scene!r}, __name__, "
            f"{t.scene + 'Slide'!r})\n")
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def _slides(args, media: Path) -> int:
    from delivery.deck import DeckError, convert_deck

    targets = _targets("slides", args.scene, args.file, args.lang)
    flags = [f"-q{args.quality}"]
    data = media / "slides" / ("data" if args.lang == "en" else f"data-{args.lang}")
    logs = media / "logs"

    def work(t: Target) -> bool:
        name = f"{t.scene}Slide"
        stamp = media / "slides" / ".stamps" / f"{t.scene}-{args.quality}-{args.lang}"
        digest = _digest(t, flags, args.lang, args.narration)
        if (data / f"{name}.json").exists() and stamp.exists() and stamp.read_text() == digest:
            return True
        file = _slide_file(t, media) if args.file else Path("delivery/slides.py")
        ok = _render(file, name, flags, media, args.lang, logs / f"{name}-{args.quality}.log",
                     args.narration)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        if ok:
            stamp.write_text(digest)
        else:
            stamp.unlink(missing_ok=True)
        return ok

    results = _parallel("slides", targets, args.jobs, work)
    good = [t for t, ok in zip(targets, results, strict=True) if ok]
    for t, ok in zip(targets, results, strict=True):
        if not ok:
            log = _show(logs / f"{t.scene}Slide-{args.quality}.log")
            print(f"slides: {t.scene} failed; see {log}", file=sys.stderr)
    if not good:
        return 1
    stem = "lecture" if not args.scene else (good[0].scene if len(targets) == 1 else "selection")
    out = media / "slides" / f"{output_name(stem, args.lang)}.html"
    try:
        os.environ["DEEPWARP_LANG"] = args.lang
        convert_deck([f"{t.scene}Slide" for t in good], data, out,
                     title=args.title or TEXT["deck_title"], background=BG)
    except DeckError as exc:
        _fail("slides", str(exc), 1)
    n = sum(1 for _ in re.finditer(r"<section", out.read_text(encoding="utf-8")))
    print(f"slides: {_show(out)} ({n} slides from {len(good)} scene(s)); open it in a browser "
          "(space/arrows: next slide, S: speaker notes, F: full screen)")
    return 0 if len(good) == len(targets) else 1


def _clip(args, media: Path) -> int:
    from delivery.contact import GifTooLarge, write_gif

    fmt = args.format
    if fmt not in FORMATS:
        _fail("clip", f"unknown FORMAT {fmt!r}; allowed: {', '.join(FORMATS)}")
    if args.gif_mb <= 0:
        _fail("clip", f"GIF_MB={args.gif_mb:g}; allowed: a number of MB > 0")
    (t,) = _targets("clip", [args.scene] if args.scene else [], args.file, args.lang)
    flags = [f"-q{args.quality}"] + {"gif": [], "png": ["-s"],
                                     "webm": ["-t", "--format", "webm"],
                                     "mov": ["-t", "--format", "mov"]}[fmt]
    log = media / "logs" / f"{t.scene}-clip-{fmt}.log"
    print(f"clip: rendering {t.scene} ({fmt}, {QUALITIES[args.quality]})", flush=True)
    if not _render(t.file, t.scene, flags, media, args.lang, log, args.narration):
        _fail("clip", f"rendering {t.scene} failed; see {_show(log)}", 1)
    out = media / "clips" / f"{output_name(t.scene, args.lang)}.{fmt}"
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "png":
        images = sorted((media / "images" / t.stem).glob(f"{t.scene}*.png"),
                        key=lambda p: p.stat().st_mtime)
        if not images:
            _fail("clip", f"Manim wrote no image for {t.scene}; see {_show(log)}", 1)
        src = images[-1]
    else:
        ext = "mp4" if fmt == "gif" else fmt
        src = video_path(media, t.file, t.scene, args.quality, args.lang, ext=ext)
    if fmt == "gif":
        try:
            width, fps, size = write_gif(src, out, int(args.gif_mb * 1e6))
        except GifTooLarge as exc:
            _fail("clip", f"{exc}; raise GIF_MB or use FORMAT=webm", 1)
        print(f"clip: {_show(out)} ({width} px wide, {fps:g} fps, {size / 1e6:.2f} MB, "
              f"cap {args.gif_mb:g} MB)")
        return 0
    tmp = out.with_name(f".{out.name}.partial")
    shutil.copyfile(src, tmp)
    os.replace(tmp, out)
    print(f"clip: {_show(out)} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


def _storyboard(args, media: Path) -> int:
    from delivery.contact import lecture_sheet, read_sections, storyboard_sheet

    targets = _targets("storyboard", args.scene, args.file, args.lang)
    logs, boards = media / "logs", {}
    folder = media / "storyboards"

    def work(t: Target) -> bool:
        log = logs / f"{t.scene}-storyboard.log"
        sections = (media / "videos" / t.stem / STORYBOARD_DIR / "sections"
                    / f"{output_name(t.scene, args.lang)}.json")
        # Rendered again exactly when what it depends on changed (as the slides).
        stamp = folder / ".stamps" / output_name(t.scene, args.lang)
        digest = _digest(t, STORYBOARD_FLAGS, args.lang, args.narration)
        if not (sections.is_file() and stamp.is_file() and stamp.read_text() == digest):
            stamp.unlink(missing_ok=True)
            if not _render(t.file, t.scene, STORYBOARD_FLAGS, media, args.lang, log,
                           args.narration):
                return False
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(digest)
        board = read_sections(sections, t.scene, t.title)
        out = folder / f"{output_name(t.scene, args.lang)}.png"
        storyboard_sheet(board, out, args.lang)
        out.with_suffix(".json").write_text(json.dumps(board.to_json(), indent=1))
        boards[t.scene] = board
        return True

    results = _parallel("storyboard", targets, args.jobs, work)
    for t, ok in zip(targets, results, strict=True):
        if ok:
            print(f"storyboard: {_show(folder / f'{output_name(t.scene, args.lang)}.png')} "
                  f"({len(boards[t.scene].beats)} beats)")
        else:
            print(f"storyboard: {t.scene} failed; see {_show(logs / f'{t.scene}-storyboard.log')}",
                  file=sys.stderr)
    if not args.scene and boards:
        out = lecture_sheet([boards[t.scene] for t in targets if t.scene in boards],
                            folder / f"{output_name('lecture', args.lang)}.png", args.lang)
        print(f"storyboard: {_show(out)} ({len(boards)} scenes)")
    return 0 if all(results) else 1


def main(argv: list[str] | None = None) -> int:
    p = _Parser(prog="python -m delivery.deliver", description=__doc__,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = _Parser(add_help=False)
    common.add_argument("--lang", default="en", help="en or zh")
    common.add_argument("--media", help="media folder (default: the project's media/)")
    common.add_argument("--file", help="take the scene from this file, not the lecture's list")
    common.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    common.add_argument("--quality", default="l", help="l, m, h, p or k (default l = 480p15)")
    common.add_argument("--narration", default=None,
                        help="on (default; $DEEPWARP_NARRATION) or off: silent, reading-speed")
    s = sub.add_parser("slides", parents=[common], help="reveal.js deck, one slide per beat")
    s.add_argument("--scene", nargs="*", help="only these scenes (default: all)")
    s.add_argument("--title", help="the deck's title (default: the lecture's)")
    c = sub.add_parser("clip", parents=[common], help="GIF, transparent WebM/MOV or last frame")
    c.add_argument("--scene", default="", help="the scene (required)")
    c.add_argument("--format", default="gif", help=f"{', '.join(FORMATS)} (default gif)")
    c.add_argument("--gif-mb", type=float, default=GIF_MB, help="GIF size cap in MB (10^6 B)")
    b = sub.add_parser("storyboard", parents=[common], help="contact sheets, one row per beat")
    b.add_argument("--scene", nargs="*", help="only these scenes (default: all + lecture.png)")
    args = p.parse_args(argv)
    cmd = args.command
    if args.lang not in langs():
        _fail(cmd, f"LECTURE_LANG={args.lang!r}; allowed: {', '.join(langs())}")
    if args.quality not in QUALITIES:
        _fail(cmd, f"QUALITY={args.quality!r}; allowed: {', '.join(QUALITIES)}")
    if args.jobs < 1:
        _fail(cmd, f"JOBS={args.jobs}; allowed: an integer >= 1")
    args.narration = narration_setting(args.narration)
    if args.narration not in NARRATION:
        _fail(cmd, f"NARRATION={args.narration!r}; allowed: {', '.join(NARRATION)}")
    if cmd == "clip" and args.format not in FORMATS:  # before any slow work
        _fail(cmd, f"unknown FORMAT {args.format!r}; allowed: {', '.join(FORMATS)}")
    media = ROOT / "media" if args.media is None else Path(args.media).resolve()
    handler = {"slides": _slides, "clip": _clip, "storyboard": _storyboard}[cmd]
    if cmd == "clip":
        _targets(cmd, [args.scene] if args.scene else [], args.file)  # names first, then disk
    return handler(args, _writable(cmd, media))


if __name__ == "__main__":
    sys.exit(main())
