"""The one render launcher: every ``manim render`` the project starts goes through here.

``deepwarp lecture``, ``make lecture``, ``deepwarp warp``, ``make slides/clip/storyboard``
and ``bench/run.py`` build their command with :func:`manim_command` and their environment
with :func:`render_env`, so each render

* runs ``python -m delivery.launch render …``: Manim with the project's patches
  (:func:`scenes.common.manim_compat.fast_aac`) and PyAV's FFmpeg kept quiet (its
  "Some options were not used" line after every scene);
* has one quality table (:data:`QUALITIES`);
* keeps Manim's own cache off (it hashes mobjects, not the arrays our updaters read,
  so it can replay stale clips; the runners' stamps skip unchanged scenes instead);
* writes no progress bar unless a person watches a terminal (piped, a bar becomes
  one huge line in a log);
* keeps the engine's cache in the media folder (``<media>/cache``) unless
  ``$DEEPWARP_CACHE`` names one: one cache location, that follows ``--media``.

Examples
--------
>>> manim_command("scenes/neuron.py", "NeuronEquation", quality="l",
...               media="m")[3:7]
['render', '-ql', 'scenes/neuron.py', 'NeuronEquation']
>>> video_path(Path("m"), "scenes/neuron.py", "NeuronEquation", "l", "zh").as_posix()
'm/videos/neuron/480p15/NeuronEquation.zh.mp4'
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from scenes.common.naming import output_name

__all__ = ["DRAFT", "DRAFT_FOLDER", "MANIM", "NARRATION", "QUALITIES", "ROOT", "cache_for",
           "manim_command", "narration_setting", "private_caches", "render_env", "run_manim",
           "video_path"]

ROOT = Path(__file__).resolve().parents[1]

#: Manim's quality flags and the folder names its outputs land in.
QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "p": "1440p60", "k": "2160p60"}
#: A draft: 320×180 at 5 fps (``-ql`` with these flags), in Manim's folder ``180p5``; for a
#: quick look at a lecture, and for the tests.
DRAFT = ("-r", "320,180", "--fps", "5")
DRAFT_FOLDER = "180p5"
#: The narration switch, passed to every render as ``DEEPWARP_NARRATION``.
NARRATION = ("on", "off")
#: ``manim`` with the project's patches: what every render runs.
MANIM = [sys.executable, "-m", "delivery.launch"]


def run_manim(argv: Sequence[str] | None = None) -> None:
    """Manim's command line, with :func:`~scenes.common.manim_compat.fast_aac` in place."""
    import av
    from manim.__main__ import main as manim_main

    from scenes.common.manim_compat import fast_aac

    fast_aac()
    av.logging.set_level(av.logging.ERROR)  # not "Some options were not used" per scene
    manim_main(args=list(sys.argv[1:] if argv is None else argv), prog_name="manim")


def narration_setting(value: str | None = None) -> str:
    """``value``, else ``$DEEPWARP_NARRATION``, else ``on``; lower case, not yet checked."""
    if value is None:
        value = os.environ.get("DEEPWARP_NARRATION") or "on"
    return value.strip().lower()


def cache_for(media: Path | str | None) -> Path:
    """The engine's cache for renders into ``media``: ``$DEEPWARP_CACHE``, else
    ``<media>/cache`` (``<repo>/media/cache`` without a media folder)."""
    env = os.environ.get("DEEPWARP_CACHE")
    if env:
        return Path(env)
    return Path(media or ROOT / "media").resolve() / "cache"


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


def manim_command(file: str | Path, scene: str, *, media: str | Path, quality: str | None = "l",
                  flags: Sequence[str] = (), output: str | None = None,
                  caches: bool = False, progress: bool | None = None) -> list[str]:
    """The ``manim render`` command for ``scene`` of ``file`` into ``media``.

    ``quality``: a key of :data:`QUALITIES` (None: ``flags`` say it); ``output``: the
    file name (``-o``; the language is added by :mod:`scenes.common.naming`);
    ``caches``: a private LaTeX/text folder for this scene (parallel renders);
    ``progress``: Manim's bar (default: only on a terminal).
    """
    if progress is None:
        progress = sys.stderr.isatty()
    cmd = [*MANIM, "render", *([f"-q{quality}"] if quality else []), str(file), scene,
           "--media_dir", str(media), "--disable_caching", *flags]
    if not progress:
        cmd += ["--progress_bar", "none"]
    if caches:
        cmd += private_caches(Path(media), scene)
    if output:
        cmd += ["-o", output]
    return cmd


def render_env(lang: str, narration: str, media: str | Path | None, *,
               option: str = "--media", **extra: str) -> dict[str, str]:
    """The environment of one render: language, narration, cache, the project importable,
    and ``option``, the runner's name for the media folder (what a one-line error tells
    the user to set, e.g. ``MEDIA=``)."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "DEEPWARP_LANG": lang, "DEEPWARP_NARRATION": narration,
            "DEEPWARP_CACHE": str(cache_for(media)), "DEEPWARP_MEDIA_OPTION": option,
            "PYTHONPATH": path, **extra}


def video_path(media: Path, file: str | Path, scene: str, quality: str, lang: str,
               output: str | None = None, ext: str = "mp4", draft: bool = False) -> Path:
    """Where Manim writes the movie of ``scene`` rendered by :func:`manim_command`
    (``draft``: with :data:`DRAFT`'s flags)."""
    name = output_name(output or scene, lang)
    folder = DRAFT_FOLDER if draft else QUALITIES[quality]
    return Path(media) / "videos" / Path(file).stem / folder / f"{name}.{ext}"


if __name__ == "__main__":
    run_manim()
