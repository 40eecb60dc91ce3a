"""``deepwarp lecture FILE``: a lecture file (docs/lecture.md) made into its video, subtitles,
slides, recording script and storyboard, in each of its languages, with one command.

``make lecture`` runs it on our own lecture, ``lectures/deep-learning.toml``
(``make lecture LECTURE=my.toml`` on yours). It

* renders every chapter in every language of the file (``--lang zh en`` instead),
  ``--jobs`` at a time, each with ``manim render`` in its own process
  (:mod:`delivery.launch`) and its own log, once: that one render gives the chapter's
  video, subtitles, its slides (one per beat, with sound) and its beats;
* renders a chapter again exactly when something it depends on changed
  (:mod:`delivery.depends`: its file and what it imports, its words and this lecture's
  rewordings, its data, recordings, voice, quality, language), else keeps it;
* writes, into ``<media>/lectures/<file name>/``, per language (English without a
  suffix, another language ``.<lang>``, as every render is named:
  :mod:`scenes.common.naming`): ``<name>.mp4`` with one chapter per chapter and one AAC
  track tagged with its language, ``<name>.srt``, ``slides/<name>.html`` (reveal.js,
  local files), ``script.md`` (the recording script) and ``storyboard.png``;
* names a failing chapter with its log; the others still finish (exit code 1).
  A bad lecture file ends in one line naming the place in it (exit code 2); so does a
  full disk, an unwritable folder or a missing program.

``--dry-run`` prints what would render and why, and renders nothing.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from delivery.assemble import (
    Part,
    audio_duration,
    has_audio,
    iso639_2,
    join_subtitles,
    join_videos,
    video_duration,
)
from delivery.launch import (
    DRAFT,
    DRAFT_FOLDER,
    NARRATION,
    QUALITIES,
    manim_command,
    narration_setting,
    render_env,
    video_path,
)
from delivery.lecturefile import OURS, ROOT, Chapter, Entry, Lecture, load, scenes_of
from engine.errors import ConfigError, is_os_error_line, os_error_line
from scenes.common.naming import output_name

__all__ = ["LECTURE", "Entry", "Job", "Result", "available", "chapter_file", "lecture_folder",
           "main", "plan", "render_chapter", "scene_title"]

MEDIA = ROOT / "media"
#: Our scenes in the lecture's order, read from ``lectures/deep-learning.toml``.
LECTURE: tuple[Entry, ...] = tuple(scenes_of(OURS))


def available(entries: tuple[Entry, ...] = LECTURE) -> list[Entry]:
    """Our lecture's scenes (all of them: a lecture file names only scenes that exist)."""
    return list(entries)


def scene_title(entry: Entry, lang: str = "en") -> str:
    """The title of one of our scenes in ``lang`` (its words' ``title.<Scene>``)."""
    from delivery.lecturefile import _scene_title

    return _scene_title(entry.path, entry.scene, lang)


# --- one chapter in one language ----------------------------------------------------------

def slide_class_name(chapter: Chapter) -> str:
    return f"Ch{chapter.number:02d}{chapter.scene}Slide"


def _warp_class(chapter: Chapter) -> tuple[str, str]:
    """The generated class of a warp chapter and its body (the options as attributes)."""
    from delivery.warpcli import class_stem

    data = chapter.data.name if chapter.data else str(chapter.warp["dataset"])
    name = class_stem(data) + ("Training" if chapter.scene == "WarpDuringTraining"
                               else "Untangle")
    attrs = {k: v for k, v in chapter.warp.items() if k != "video"}
    if "title" in chapter.titles or "en" in chapter.titles:
        attrs["title"] = chapter.title("en")
    body = "".join(f"    {k} = {v!r}\n" for k, v in attrs.items())
    return name, f"class {name}({chapter.scene}):\n{body}"


def chapter_file(chapter: Chapter, lecture: Lecture, folder: Path) -> Path:
    """Write (when changed) the small scene file a chapter renders: its slide class."""
    name = slide_class_name(chapter)
    head = (f'"""Chapter {chapter.number} of {lecture.path.name}, one slide per beat '
            '(written by deepwarp lecture; edit the lecture file, not this)."""\n\n')
    if chapter.kind == "warp":
        cls, body = _warp_class(chapter)
        text = (f"{head}from delivery.slides import slide_class\n"
                f"from scenes.warp import {chapter.scene}\n\n\n{body}\n\n"
                f"{name} = slide_class({cls}, __name__, {name!r})\n")
    else:
        text = (f"{head}from delivery.slides import slide_of\n\n"
                f"{name} = slide_of({str(chapter.file)!r}, {chapter.scene!r}, __name__, "
                f"{name!r})\n")
    path = folder / f"chapter{chapter.number:02d}.py"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def _voice_scene(chapter: Chapter) -> str:
    """The scene a chapter's recordings are filed under: the class that writes ``construct``
    (a warp chapter: the warp scene it subclasses)."""
    if chapter.kind != "file":
        return chapter.scene
    import ast

    from delivery.depends import parse

    classes = {n.name: n for n in ast.walk(parse(chapter.file.read_bytes()))
               if isinstance(n, ast.ClassDef)}
    name = chapter.scene
    while name in classes:
        node = classes[name]
        if any(isinstance(f, ast.FunctionDef) and f.name == "construct" for f in node.body):
            return name
        bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
        if not bases or bases[0] == name:
            break
        name = bases[0]
    return name


@dataclass(frozen=True)
class Job:
    """One chapter in one language at one quality, and where it renders."""

    chapter: Chapter
    lang: str
    quality: str
    narration: str
    build: Path  # Manim's media folder for this lecture, quality and language
    file: Path  # the chapter's scene file (chapter_file)
    media: Path  # the media folder the user gave (the engine's cache lives there)
    draft: bool = False  # 320x180 at 5 fps (delivery.launch.DRAFT)

    @property
    def name(self) -> str:
        return output_name(self.chapter.name, self.lang)

    @property
    def video(self) -> Path:
        return video_path(self.build, self.file, slide_class_name(self.chapter), self.quality,
                          self.lang, output=self.chapter.name, draft=self.draft)

    @property
    def log(self) -> Path:
        return self.build / "logs" / f"{self.name}.log"

    @property
    def stamp(self) -> Path:
        return self.build / ".stamps" / self.name

    @property
    def words(self) -> Path:
        return self.build / f"chapter{self.chapter.number:02d}.words.json"

    @property
    def slides(self) -> Path:
        folder = "data" if self.lang == "en" else f"data-{self.lang}"
        return self.build / "slides" / folder / f"{slide_class_name(self.chapter)}.json"

    def digest(self) -> str:
        from delivery.depends import digest

        c = self.chapter
        read = {self.lang, "en"} if self.narration == "off" else {self.lang}
        settings = {"chapter": c.kind, "scene": c.scene, "warp": c.warp,
                    "words": {k: v for k, v in c.words.items() if k in read},
                    "file": self.file.read_text(encoding="utf-8")}
        return digest([c.file, ROOT / "delivery" / "slides.py"], lang=self.lang,
                      quality=self.quality + (" draft" if self.draft else ""),
                      narration=self.narration,
                      voice_scene=_voice_scene(c), settings=settings,
                      data=[c.data] if c.data else [])


@dataclass
class Result:
    job: Job
    ok: bool
    skipped: bool
    seconds: float
    error: str = ""
    digest: str = ""


def _state(path: Path) -> str:
    """Size and modification time: an output rewritten by another command is not trusted."""
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _current(job: Job, digest: str) -> bool:
    outputs = (job.video, job.slides)
    return (job.stamp.is_file() and all(p.is_file() for p in outputs)
            and job.stamp.read_text() == " ".join([digest, *map(_state, outputs)]))


def render_chapter(job: Job) -> Result:
    """Render ``job`` unless its stamp says its inputs and outputs are unchanged."""
    digest = job.digest()
    if _current(job, digest):
        return Result(job, True, True, 0.0, digest=digest)
    c = job.chapter
    job.words.parent.mkdir(parents=True, exist_ok=True)
    job.words.write_text(json.dumps({str(c.file.resolve()): c.words}, ensure_ascii=False),
                         encoding="utf-8")
    job.log.parent.mkdir(parents=True, exist_ok=True)
    cmd = manim_command(job.file, slide_class_name(c), media=job.build, quality=job.quality,
                        flags=[*(DRAFT if job.draft else ()), "-v", "WARNING"],
                        output=c.name, caches=True, progress=False)
    env = render_env(job.lang, job.narration, job.media, option="--media",
                     DEEPWARP_OVERRIDES=str(job.words))
    start = time.monotonic()
    with job.log.open("w") as f:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, env=env)
    ok = proc.returncode == 0 and job.video.is_file() and job.slides.is_file()
    job.stamp.parent.mkdir(parents=True, exist_ok=True)
    if ok:
        job.stamp.write_text(" ".join([digest, _state(job.video), _state(job.slides)]))
    else:
        job.stamp.unlink(missing_ok=True)
    return Result(job, ok, False, time.monotonic() - start,
                  "" if ok else _error_line(job.log), digest)


def _error_line(log: Path) -> str:
    """The last one-line error a render printed (``error: Scene: …``), without its prefix."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    found = [line for line in lines if line.startswith("error: ")]
    return found[-1].removeprefix("error: ") if found else ""


def plan(lecture: Lecture, langs: list[str], quality: str, narration: str,
         media: Path, draft: bool = False) -> list[Job]:
    """Every chapter in every language, with its scene file written (nothing rendered)."""
    # One Manim media folder per language: two renders of one chapter class at once (its
    # languages) would share Manim's partial-movie folder, named by the class.
    build = lecture_folder(media, lecture) / "build" / (DRAFT_FOLDER if draft
                                                        else QUALITIES[quality])
    files = {c.number: chapter_file(c, lecture, build / "chapters") for c in lecture.chapters}
    return [Job(c, lang, quality, narration, build / lang, files[c.number], media, draft)
            for lang in langs for c in lecture.chapters]


def lecture_folder(media: Path, lecture: Lecture) -> Path:
    """Where a lecture's outputs go: ``<media>/lectures/<lecture file's name>``."""
    return media / "lectures" / lecture.stem


# --- the lecture in one language ----------------------------------------------------------

def _final_stamp(folder: Path, lang: str) -> Path:
    return folder / ".stamps" / output_name("lecture", lang)


def _assemble(lecture: Lecture, lang: str, results: list[Result], folder: Path,
              narration: str) -> list[tuple[str, str, str]]:
    """Join one language's chapters; write its slides, script and storyboard. Rows of the
    table printed at the end. Skipped when nothing it is made of changed."""
    good = [r for r in results if r.ok]
    if not good:
        return []
    name = output_name(lecture.stem, lang)
    video, srt = folder / f"{name}.mp4", folder / f"{name}.srt"
    deck = folder / "slides" / f"{name}.html"
    script = folder / f"{output_name('script', lang)}.md"
    board = folder / f"{output_name('storyboard', lang)}.png"
    outputs = [video, srt, deck, script, board]
    key = hashlib.sha256(json.dumps(
        [lecture.title(lang), narration, [(r.job.chapter.name, r.job.chapter.title(lang),
                                           r.digest) for r in good]]).encode()).hexdigest()
    stamp = _final_stamp(folder, lang)
    if stamp.is_file() and stamp.read_text() == key and all(p.is_file() for p in outputs):
        return [(f"lecture ({lang})", f"{video_duration(video):6.1f} s",
                 f"{_show(video)} (unchanged)")]
    stamp.unlink(missing_ok=True)
    parts = [Part(r.job.video, r.job.chapter.title(lang), r.job.video.with_suffix(".srt"))
             for r in good]
    silent = [r.job.chapter.name for r in good if not has_audio(r.job.video)]
    if silent and len(silent) < len(good):
        print(f"lecture: no narration in {', '.join(silent)}; silent in the lecture",
              file=sys.stderr)
    chapters = join_videos(parts, video, iso639_2(lang))
    cues = join_subtitles(parts, chapters, srt)
    rows = [(f"lecture ({lang})", f"{chapters[-1][2]:6.1f} s", _show(video))]
    sound = audio_duration(video)
    rows.append(("  audio", f"{sound:6.1f} s" if sound else "    none",
                 f"AAC, language {iso639_2(lang)}" if sound else "narration off"))
    rows.append(("  subtitles", f"{cues:4d} cues", _show(srt)))
    slides_ok = _deck(lecture, lang, good, deck)
    rows.append(("  slides", "", _show(deck) if slides_ok else "FAILED (see above)"))
    n = _script(lecture, lang, good, script)
    rows.append(("  script", f"{n:4d} beats", _show(script)))
    _storyboard(lang, good, board)
    rows.append(("  storyboard", "", _show(board)))
    if slides_ok:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key)
    return rows


def _deck(lecture: Lecture, lang: str, good: list[Result], out: Path) -> bool:
    from delivery.deck import DeckError, convert_deck
    from scenes.common.style import BG

    try:
        convert_deck([slide_class_name(r.job.chapter) for r in good], good[0].job.slides.parent,
                     out, title=lecture.title(lang), background=BG)
    except DeckError as e:
        print(f"lecture: slides ({lang}): {e}", file=sys.stderr)
        return False
    return True


def _script(lecture: Lecture, lang: str, good: list[Result], out: Path) -> int:
    from delivery.script import write_beats

    chapters = []
    for r in good:
        beats = json.loads(r.job.slides.with_suffix(".beats.json").read_text(encoding="utf-8"))
        chapters.append((r.job.chapter.title(lang), beats))
    return write_beats(chapters, lang, out, heading=lecture.title(lang))


def _storyboard(lang: str, good: list[Result], out: Path) -> None:
    from delivery.contact import board_from_slides, lecture_sheet

    boards = [board_from_slides(r.job.slides, r.job.chapter.scene, r.job.chapter.title(lang))
              for r in good]
    lecture_sheet(boards, out, lang)


def _fit_notes(lecture: Lecture, results: list[Result]) -> None:
    """The maker's notes on each rendered warp chapter (its video speaks to the viewers):
    the accuracy reached and, for a poor fit, what helped on that data."""
    from delivery.warpcli import fit_note

    done = {r.job.chapter.number for r in results if r.ok and not r.skipped}  # once said
    for c in lecture.chapters:
        if c.kind == "warp" and c.number in done:
            attrs = {k: v for k, v in c.warp.items() if k != "video"}
            try:
                note = fit_note(attrs)
            except (ConfigError, OSError) as e:  # a note only: the chapter rendered
                note = f"no note ({e})"
            print(f"lecture: chapter {c.number} ({c.title('en')}): {note}")


# --- the command --------------------------------------------------------------------------

def _show(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="deepwarp lecture", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("lecture", nargs="?", default=str(OURS.relative_to(ROOT)),
                   help="the lecture file (default: ours, lectures/deep-learning.toml)")
    p.add_argument("--lang", nargs="+", help="these languages, not the file's (e.g. zh en)")
    p.add_argument("--quality", "-q", default="l",
                   help=f"{', '.join(QUALITIES)} (default l = 480p15)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="chapters rendered at a time (default: the CPU count)")
    p.add_argument("--narration", default=None,
                   help="on (default; $DEEPWARP_NARRATION) or off: the silent version")
    p.add_argument("--media", help="media folder (default: the project's media/); the lecture "
                   "goes to <media>/lectures/<name>/, the engine's cache to <media>/cache")
    p.add_argument("--draft", action="store_true",
                   help="320x180 at 5 fps: a quick look at the whole lecture")
    p.add_argument("--dry-run", action="store_true",
                   help="print what would render and why; render nothing")
    return p


def main(argv: list[str] | None = None) -> int:
    """``deepwarp lecture``; every refusal is one line, exit code 2."""
    global MEDIA
    saved = os.environ.get("DEEPWARP_CACHE")
    try:
        return _main(argv)
    except ConfigError as e:
        print(f"lecture: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"lecture: error: {os_error_line(e, MEDIA, option='--media')}", file=sys.stderr)
        return 2
    finally:  # _main points it at the media folder's cache for this run only
        if saved is None:
            os.environ.pop("DEEPWARP_CACHE", None)
        else:
            os.environ["DEEPWARP_CACHE"] = saved


def _fail(message: str) -> None:
    raise ConfigError(message)


def _main(argv: list[str] | None) -> int:
    global MEDIA
    args = _parser().parse_args(argv)
    if args.quality not in QUALITIES:
        _fail(f"QUALITY={args.quality!r}; allowed: {', '.join(QUALITIES)}")
    if args.jobs < 1:
        _fail(f"JOBS={args.jobs}; allowed: an integer >= 1")
    narration = narration_setting(args.narration)
    if narration not in NARRATION:
        _fail(f"NARRATION={narration!r}; allowed: {', '.join(NARRATION)}")
    lecture = load(Path(args.lecture))
    from narration import languages

    langs = list(dict.fromkeys(args.lang or lecture.languages))
    for code in langs:
        if code not in languages.codes():
            _fail(f"--lang {code!r}; allowed: {', '.join(languages.codes())}")
    MEDIA = Path(args.media).resolve() if args.media else ROOT / "media"
    folder = lecture_folder(MEDIA, lecture)
    from delivery.launch import cache_for

    # This process reads what the renders trained (the warp chapters' notes): one cache.
    os.environ["DEEPWARP_CACHE"] = str(cache_for(MEDIA))
    try:  # fail here, in one line, rather than in the middle of a render
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".writable"
        probe.write_text("")
        probe.unlink()
    except OSError as e:
        _fail(f"media folder {MEDIA} is not writable ({e.strerror}); allowed: a folder this "
              "user can write (--media, make: MEDIA=)")
    jobs = plan(lecture, langs, args.quality, narration, MEDIA, args.draft)
    if args.dry_run:
        for job in jobs:
            if _current(job, job.digest()):
                state = "unchanged"
            elif not job.stamp.is_file():
                state = "would render (not rendered yet)"
            else:
                state = "would render (an input or its output changed)"
            print(f"{job.name:<40} {state}")
        return 0

    total, done, lock, start = len(jobs), 0, threading.Lock(), time.monotonic()
    size = "320x180, 5 fps (draft)" if args.draft else QUALITIES[args.quality]
    print(f"lecture: {lecture.path.name}: {len(lecture.chapters)} chapters × "
          f"{len(langs)} language(s) ({', '.join(langs)}) at {size}, "
          f"{args.jobs} at a time, narration {narration}", flush=True)
    refused: list[str] = []  # a full disk, say: every later chapter would fail the same way

    def run(job: Job) -> Result:
        nonlocal done
        if refused:
            return Result(job, False, True, 0.0, refused[0])
        r = render_chapter(job)
        error = r.error
        if not r.ok and not error and _disk_full(job.build):
            error = os_error_line(OSError(errno.ENOSPC, "No space left on device"), MEDIA,
                                  option="--media")
        if not r.ok and is_os_error_line(error):
            refused.append(error)
            return r
        with lock:
            done += 1
            state = "unchanged, kept" if r.skipped else ("done" if r.ok else "FAILED")
            print(f"  [{done}/{total}] {_clock(time.monotonic() - start)}  {job.name} {state}"
                  + ("" if r.ok else f" (log: {_show(job.log)})"), flush=True)
        return r

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(run, jobs))
    if refused:
        print(f"lecture: error: {refused[0]}", file=sys.stderr)
        return 2
    rows = [(r.job.name, f"{video_duration(r.job.video):6.1f} s" if r.ok else "  failed",
             "unchanged" if r.skipped else ("rendered" if r.ok else _show(r.job.log)))
            for r in results]
    for lang in langs:
        rows += _assemble(lecture, lang, [r for r in results if r.job.lang == lang], folder,
                          narration)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'chapter':<{width}}  duration  output")
    for row in rows:
        print(f"{row[0]:<{width}}  {row[1]:>8}  {row[2]}")
    print(f"elapsed {_clock(time.monotonic() - start)}")
    _fit_notes(lecture, results)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"lecture: chapter {r.job.chapter.number} ({r.job.chapter.scene}, {r.job.lang}) "
              f"failed; see {_show(r.job.log)}", file=sys.stderr)
    return 1 if failed or any("FAILED" in row[2] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
