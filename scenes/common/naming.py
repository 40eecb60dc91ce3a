"""One way to name a render's language in its file names, wherever the render comes from.

A scene rendered in English is ``<Scene>.mp4`` (with ``<Scene>.srt``); in any other
language ``<Scene>.<lang>.mp4`` (``NeuronEquation.zh.mp4``, ``NeuronEquation.zh.srt``), so
a Chinese render never replaces the English one. ``manim render`` with
``$DEEPWARP_LANG``, ``deepwarp lecture`` and ``deepwarp warp`` all name files through
:func:`output_name`; a plain ``manim render`` gets it from :func:`name_output`, which
:class:`scenes.common.base.LectureMixin` calls before Manim names the files.

Examples
--------
>>> output_name("NeuronEquation", "en"), output_name("NeuronEquation", "zh")
('NeuronEquation', 'NeuronEquation.zh')
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["output_name", "name_output"]

#: Movie and image extensions: an ``output_file`` ending so was left by the previous scene
#: of the same ``manim render`` (Manim stores each finished file's path there).
_FINISHED = (".mp4", ".mov", ".webm", ".gif", ".png")


def output_name(name: str, lang: str) -> str:
    """``name`` with its language: as is for English (the reference), ``name.<lang>`` else."""
    return name if lang == "en" else f"{name}.{lang}"


def name_output(scene: str) -> None:
    """From the command line, give this scene's files their language (:func:`output_name`).

    An ``-o NAME`` the user gave gets the language appended unless it already ends
    with it; a render from Python (tests: no input file) is left as it is.
    """
    from manim import config

    from scenes.common.i18n import lang

    if not config.input_file:
        return
    code = lang()
    given = config.output_file
    if not given or Path(str(given)).suffix in _FINISHED:
        config.output_file = output_name(scene, code)
    elif code != "en" and not str(given).endswith(f".{code}"):
        config.output_file = f"{given}.{code}"
