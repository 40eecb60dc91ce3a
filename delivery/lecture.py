"""Render the whole lecture in the article's order and join it into one video.

``python -m delivery.lecture --quality l --jobs 2`` (what ``make lecture`` runs):

* renders every scene of :data:`LECTURE` that exists, ``--jobs`` at a time, each
  with ``manim render`` in its own process and its own log under ``media/logs``;
* skips a scene whose sources, engine and settings have not changed since its
  last successful render (a stamp per scene);
* joins the clips into ``media/lecture/lecture.mp4`` (video not re-encoded) with
  one chapter per scene, one continuous AAC track of the scenes' narration
  (``delivery/assemble.py``), and ``lecture.srt`` with each scene's subtitles shifted;
* ``--narration off`` (``make lecture NARRATION=off``) renders the silent version:
  no audio, the reading-speed timings, for a lecturer who talks over the video;
* shows progress, and ends with a table of scene, duration and output path;
* a failing scene is named with its log; the others still finish. A full disk, an
  unwritable folder or a missing program (which every later scene would meet too) ends
  the run in one line naming the folder or program and what to do, exit code 2, without
  starting more scenes or joining; the joined files are written under temporary names
  and renamed when finished (``delivery/assemble.py``), so a failed join leaves no
  half-written lecture.
"""

from __future__ import annotations

import argparse
import configparser
import errno
import hashlib
import importlib
import os
import re
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
    join_subtitles,
    join_videos,
    video_duration,
)
from engine.errors import is_os_error_line, os_error_line

__all__ = ["LECTURE", "MANIM", "Entry", "NARRATION", "QUALITIES", "main", "narration_setting",
           "private_caches", "render_scene", "run_manim", "scene_title"]

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "media"

# Manim's quality flags and the folder names its outputs land in.
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}
# The narration switch, passed to every render as DEEPWARP_NARRATION.
NARRATION = ("on", "off")


SOUND_RATE = 48000  # what Manim's AAC has; the lecture copies packets at this rate


def _convert_audio(input_path, output_path, codec_name: str) -> None:
    """Manim's ``convert_audio`` (its scene WAV to the movie's audio codec), for AAC made to
    fit: FFmpeg's fast coder and the WAV's own channels, not Manim's default two-loop
    search on a stereo copy of a mono voice. A scene's sound encodes twice as fast (50 s
    of voice: 0.53 s, not 1.02 s), at 48 kHz as before. (A WebM's Opus comes from
    :func:`narration.opus_for_webm`.)
    """
    import av
    from manim.scene import scene_file_writer

    if codec_name != "aac":
        return scene_file_writer._deepwarp_convert_audio(input_path, output_path, codec_name)
    with av.open(str(input_path)) as src, av.open(str(output_path), "w", format="adts") as dst:
        stream = src.streams.audio[0]
        layout = "mono" if stream.codec_context.layout.nb_channels == 1 else "stereo"
        out = dst.add_stream("aac", rate=SOUND_RATE, layout=layout)
        out.bit_rate, out.options = 128_000, {"aac_coder": "fast"}
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SOUND_RATE)
        for frame in [*src.decode(stream), None]:
            for piece in resampler.resample(frame):
                dst.mux(out.encode(piece))
        dst.mux(out.encode(None))


def run_manim(argv: list[str] | None = None) -> None:
    """``manim`` with :func:`_convert_audio` in place: what every render here runs."""
    from manim.__main__ import main as manim_main
    from manim.scene import scene_file_writer

    if not hasattr(scene_file_writer, "_deepwarp_convert_audio"):
        scene_file_writer._deepwarp_convert_audio = scene_file_writer.convert_audio
        scene_file_writer.convert_audio = _convert_audio
    manim_main(args=sys.argv[1:] if argv is None else argv, prog_name="manim")


MANIM = [sys.executable, "-c", "from delivery.lecture import run_manim; run_manim()"]


def narration_setting(value: str | None = None) -> str:
    """``value``, else ``$DEEPWARP_NARRATION``, else ``on``; lower case, not yet checked."""
    if value is None:
        value = os.environ.get("DEEPWARP_NARRATION") or "on"
    return value.strip().lower()


def voice_state(scene: str, lang: str) -> str:
    """Names, sizes and times of the lecturer's recordings for ``scene``.

    They live in ``$DEEPWARP_VOICE_DIR``, else ``<repo>/media/voice``, as
    ``<lang>/<Scene>/<NN>-<beat>.wav`` (``make script`` lists them). A recording
    added, replaced or removed changes the scene's sound and timing, so it is part
    of what decides whether a render is still current.
    """
    root = Path(os.environ.get("DEEPWARP_VOICE_DIR") or ROOT / "media" / "voice")
    folder = root / lang / scene
    if not folder.is_dir():
        return ""
    return ";".join(f"{f.name}:{f.stat().st_size}:{f.stat().st_mtime_ns}"
                    for f in sorted(folder.iterdir()) if f.is_file())


@dataclass(frozen=True)
class Entry:
    module: str  # file scenes/<module>.py
    scene: str

    @property
    def path(self) -> Path:
        return ROOT / "scenes" / f"{self.module}.py"


# The article's order: intro → neuron → network → loss → descent → backprop → space → warp → depth.
LECTURE: tuple[Entry, ...] = (
    Entry("intro", "FindTheFunction"),
    Entry("neuron", "NeuronEquation"),
    Entry("neuron", "ActivationFunctions"),
    Entry("network", "FeedForwardNetwork"),
    Entry("network", "DigitForwardPass"),
    Entry("network", "LossFunction"),
    Entry("descent", "GradientDescent"),
    Entry("descent", "GradientDescentFog"),
    Entry("descent", "OptimizerRace"),
    Entry("descent", "LossLandscapeSlice"),
    Entry("network", "Backpropagation"),
    Entry("space", "SpaceTransformations"),
    Entry("space", "SeparateOnALine"),
    Entry("warp", "UntangleCurves"),
    Entry("warp", "LiftToThreeD"),
    Entry("warp", "WarpDuringTraining"),
    Entry("depth", "FoldingBuysPieces"),
    Entry("depth", "SharedFeaturesFewExamples"),
    Entry("depth", "DeepVersusWide"),
    Entry("depth", "LearnedFeatures"),
)


def available(entries: tuple[Entry, ...] = LECTURE) -> list[Entry]:
    """The entries whose file exists and defines the scene class (found by text, no import)."""
    out = []
    for e in entries:
        if e.path.exists() and re.search(rf"^class {e.scene}\b", e.path.read_text(), re.M):
            out.append(e)
    return out


def scene_title(entry: Entry, lang: str = "en") -> str:
    """The scene's title in ``lang`` (:func:`scenes.common.base.scene_title`),
    else its class name split into words."""
    try:
        from scenes.common.base import scene_title as class_title

        cls = getattr(importlib.import_module(f"scenes.{entry.module}"), entry.scene)
        title = class_title(cls, lang)
        if title:
            return title
    except Exception:  # a broken module still gets a chapter name; its render will report
        pass
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", entry.scene)


def _sources_hash(entry: Entry, quality: str, lang: str, narration: str = "on") -> str:
    h = hashlib.sha256(f"{entry.scene}|{quality}|{lang}|narration={narration}".encode())
    if narration == "on":
        h.update(voice_state(entry.scene, lang).encode())
    files = [f for top in ("engine", "scenes", "delivery")
             for f in sorted((ROOT / top).rglob("*.py"))]
    files.append(ROOT / "manim.cfg")
    for f in files:
        if f.exists():
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def output_name(entry: Entry, lang: str) -> str:
    """The clip's file name: one per language, so a zh render never replaces the English clip."""
    return entry.scene if lang == "en" else f"{entry.scene}_{lang}"


def output_paths(entry: Entry, quality: str, lang: str = "en") -> tuple[Path, Path]:
    folder = MEDIA / "videos" / entry.module / QUALITIES[quality]
    name = output_name(entry, lang)
    return folder / f"{name}.mp4", folder / f"{name}.srt"


def _video_state(video: Path) -> str:
    """Size and modification time: a clip rewritten by another command is not trusted."""
    st = video.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def private_caches(media: Path, scene: str) -> list[str]:
    """``manim render`` flags giving one render its own LaTeX and text folders.

    Manim writes a fixed-name temporary file (``<hash>_.svg``) beside each cached
    SVG and deletes it after parsing, so two processes rendering the same text at
    once delete each other's file and one crashes. A folder per scene keeps
    parallel renders apart and still cached from one run to the next. The project's
    ``manim.cfg`` is copied in, since a ``--config_file`` replaces it. The folders
    sit outside Manim's own ``media/Tex`` and ``media/texts``: Manim empties its
    LaTeX folder of everything but SVGs after a compile and fails on a folder
    there (``IsADirectoryError`` in a later plain ``manim render``).
    """
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "manim.cfg")
    if not cfg.has_section("CLI"):
        cfg.add_section("CLI")
    cfg["CLI"]["tex_dir"] = str(media / "scene-caches" / scene / "Tex")
    cfg["CLI"]["text_dir"] = str(media / "scene-caches" / scene / "texts")
    path = media / "logs" / f"{scene}.cfg"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as f:
        cfg.write(f)
    return ["--config_file", str(path)]


@dataclass
class Result:
    entry: Entry
    ok: bool
    skipped: bool
    seconds: float
    video: Path
    srt: Path
    log: Path
    #: The render's one-line error (``error: …`` in its log), if it ended with one.
    error: str = ""


def render_scene(entry: Entry, quality: str, lang: str, extra: list[str],
                 narration: str = "on") -> Result:
    video, srt = output_paths(entry, quality, lang)
    log = MEDIA / "logs" / f"{entry.scene}-{quality}.log"
    stamp = MEDIA / "lecture" / ".stamps" / f"{entry.scene}-{quality}-{lang}"
    # One stamp per clip, holding the narration setting among the rest: a silent
    # render is never kept for a narrated lecture, nor the other way round.
    digest = _sources_hash(entry, quality, lang, narration)
    if video.exists() and stamp.exists() and stamp.read_text() == f"{digest} {_video_state(video)}":
        return Result(entry, True, True, 0.0, video, srt, log)
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [*MANIM, "render", f"-q{quality}",
           str(entry.path.relative_to(ROOT)), entry.scene,
           "--media_dir", _show(MEDIA), "--progress_bar", "none",
           # Manim's own cache hashes mobjects, not the arrays our updaters read, so
           # it can replay stale clips; the stamp above already skips unchanged scenes.
           "--disable_caching", *private_caches(Path(_show(MEDIA)), entry.scene),
           "-o", output_name(entry, lang), *extra]
    env = {**os.environ, "DEEPWARP_LANG": lang, "DEEPWARP_NARRATION": narration,
           "DEEPWARP_MEDIA_OPTION": "MEDIA="}  # what a one-line error tells the user to set
    start = time.monotonic()
    with log.open("w") as f:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, env=env)
    ok = proc.returncode == 0 and video.exists()
    if ok:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(f"{digest} {_video_state(video)}")
    elif stamp.exists():
        stamp.unlink()
    return Result(entry, ok, False, time.monotonic() - start, video, srt, log,
                  "" if ok else _error_line(log))


def _disk_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` has (next to) no room left."""
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def _error_line(log: Path) -> str:
    """The last one-line error a render printed (``error: Scene: …``), without its prefix."""
    try:
        lines = log.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    found = [line for line in lines if line.startswith("error: ")]
    return found[-1].removeprefix("error: ") if found else ""



def _show(path: Path) -> str:
    """A path relative to the project when inside it (as Manim and the user see it)."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


def main(argv: list[str] | None = None) -> int:
    """``make lecture``; a full disk or an unwritable folder ends in one line, exit code 2."""
    try:
        return _main(argv)
    except OSError as e:
        print(f"lecture: error: {os_error_line(e, MEDIA, option='MEDIA=')}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m delivery.lecture", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quality", default="l", help="l, m, h, p or k (default l = 480p15)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--lang", default="en", help="en or zh (on-screen words and subtitles)")
    p.add_argument("--narration", default=None,
                   help="on (default; $DEEPWARP_NARRATION) or off: the silent version")
    p.add_argument("--only", nargs="*", help="render only these scene names")
    p.add_argument("--media", help="media folder (default: the project's media/)")
    p.add_argument("--no-join", action="store_true", help="render the clips only")
    args = p.parse_args(argv)
    if args.media:
        global MEDIA
        MEDIA = Path(args.media).resolve()
    if args.quality not in QUALITIES:
        p.exit(2, f"lecture: error: QUALITY={args.quality!r}; allowed: {', '.join(QUALITIES)}\n")
    if args.jobs < 1:
        p.exit(2, f"lecture: error: JOBS={args.jobs}; allowed: an integer >= 1\n")
    if args.lang not in ("en", "zh"):
        p.exit(2, f"lecture: error: LECTURE_LANG={args.lang!r}; allowed: en, zh\n")
    narration = narration_setting(args.narration)
    if narration not in NARRATION:
        p.exit(2, f"lecture: error: NARRATION={narration!r}; allowed: {', '.join(NARRATION)}\n")

    try:  # fail here, in one line, rather than in the middle of a render
        (MEDIA / "logs").mkdir(parents=True, exist_ok=True)
        probe = MEDIA / "logs" / ".writable"
        probe.write_text("")
        probe.unlink()
    except OSError as e:
        p.exit(2, f"lecture: error: media folder {MEDIA} is not writable ({e.strerror}); "
                  "allowed: a folder this user can write\n")
    entries = available()
    if args.only:
        unknown = sorted(set(args.only) - {e.scene for e in entries})
        if unknown:
            names = ", ".join(e.scene for e in entries)
            p.exit(2, f"lecture: error: unknown scene {', '.join(unknown)}; allowed: {names}\n")
        entries = [e for e in entries if e.scene in args.only]
    if not entries:
        print("lecture: no scenes exist yet; nothing to render")
        return 0

    extra: list[str] = []
    total, done, lock, start = len(entries), 0, threading.Lock(), time.monotonic()
    print(f"lecture: {total} scenes at {QUALITIES[args.quality]}, {args.jobs} at a time, "
          f"narration {narration}")

    refused: list[str] = []  # a full disk, say: every later scene would fail the same way

    def run(entry: Entry) -> Result:
        nonlocal done
        if refused:
            video, srt = output_paths(entry, args.quality, args.lang)
            return Result(entry, False, True, 0.0, video, srt, MEDIA / "logs", refused[0])
        with lock:
            print(f"  [{done}/{total}] {_clock(time.monotonic() - start)}  rendering {entry.scene}",
                  flush=True)
        r = render_scene(entry, args.quality, args.lang, extra, narration)
        error = r.error
        if not r.ok and not error and _disk_full(MEDIA):  # the log itself found no room
            error = os_error_line(OSError(errno.ENOSPC, "No space left on device"), MEDIA,
                                  option="MEDIA=")
        if not r.ok and is_os_error_line(error):
            refused.append(error)
            return r
        with lock:
            done += 1
            state = "unchanged, kept" if r.skipped else ("done" if r.ok else "FAILED")
            print(f"  [{done}/{total}] {_clock(time.monotonic() - start)}  {entry.scene} {state}"
                  + ("" if r.ok else f" (log: {_show(r.log)})"), flush=True)
        return r

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(run, entries))

    if refused:
        # One line: what the machine refused and what to do; nothing is joined.
        print(f"lecture: error: {refused[0]}", file=sys.stderr)
        return 2
    good = [r for r in results if r.ok]
    rows = []
    for r in results:
        dur = video_duration(r.video) if r.ok else 0.0
        rows.append((r.entry.scene, f"{dur:6.1f} s" if r.ok else "  failed",
                     _show(r.video if r.ok else r.log)))
    if good and not args.no_join:
        name = "lecture.mp4" if args.lang == "en" else f"lecture-{args.lang}.mp4"
        out = MEDIA / "lecture" / name
        parts = [Part(r.video, scene_title(r.entry, args.lang), r.srt) for r in good]
        silent = [r.entry.scene for r in good if not has_audio(r.video)]
        if silent and len(silent) < len(good):  # the others speak: these get silence
            print(f"lecture: no narration in {', '.join(silent)}; silent in the lecture",
                  file=sys.stderr)
        chapters = join_videos(parts, out)  # both written under a temporary name, then renamed
        n_cues = join_subtitles(parts, chapters, out.with_suffix(".srt"))
        rows.append(("LECTURE", f"{chapters[-1][2]:6.1f} s", _show(out)))
        sound = audio_duration(out)
        rows.append(("audio", f"{sound:6.1f} s" if sound else "    none",
                     "one AAC track" if sound else "narration off"))
        srt = out.with_suffix(".srt")
        rows.append(("subtitles", f"{n_cues:4d} cues", _show(srt)))
    width = max(len(r[0]) for r in rows)
    print(f"\n{'scene':<{width}}  duration  output")
    for name, dur, path in rows:
        print(f"{name:<{width}}  {dur}  {path}")
    print(f"elapsed {_clock(time.monotonic() - start)}")
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"lecture: {r.entry.scene} failed; see {_show(r.log)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
