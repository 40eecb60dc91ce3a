"""Bad input and a failing disk end a scene's render in one line, and leave nothing half-written.

:class:`OneLineErrors` is a mixin for a Manim ``Scene`` (every lecture scene has it
through :class:`scenes.common.base.LectureMixin`). Rendered from the command line
(``manim render …``, ``make lecture``), an :class:`engine.errors.EngineError` (a bad
setting, a bad data file) or an ``OSError`` (a full disk, an output folder this user
cannot write, a program that is not installed, such as ``latex``) ends in one line
naming the scene and what to do, exit code 2, and no traceback; after an ``OSError``,
what this run wrote where a finished output belongs is deleted
(:meth:`OneLineErrors.remove_unfinished`), so that the next run, once there is room,
finishes. Rendered from Python (tests, notebooks), errors propagate as they are.

Examples
--------
>>> import errno
>>> class NotStarted(OneLineErrors):  # no renderer yet: the error came before any output
...     pass
>>> NotStarted().remove_unfinished(OSError(errno.ENOSPC, "No space left on device"))
[]
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from manim import config

from engine.errors import EngineError, os_error_line

__all__ = ["OneLineErrors"]


class OneLineErrors:
    """Mixin: a command-line render ends in one line on bad input or a failing disk."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        #: When this scene started writing: files changed since then are this run's.
        self._started = time.time()
        with self._one_line_errors():  # Manim makes its output folders here
            super().__init__(*args, **kwargs)

    def render(self, *args: Any, **kwargs: Any) -> Any:
        """Render; from the command line, bad input ends in one line, not a traceback.

        So do a full disk, an output folder this user cannot write and a program that
        is not installed (``latex``, ``dvisvgm``): one line naming the folder or the
        program and what to do, exit code 2, and no half-written output left where a
        finished one belongs (see :meth:`remove_unfinished`), so that the next run,
        once there is room, finishes.
        """
        with self._one_line_errors():
            return super().render(*args, **kwargs)  # type: ignore[misc]

    @contextlib.contextmanager
    def _one_line_errors(self) -> Iterator[None]:
        try:
            yield
        except EngineError as e:
            if not config.input_file:  # rendered from Python (tests): let it propagate
                raise
            print(f"error: {type(self).__name__}: {e}", file=sys.stderr)
            raise SystemExit(2) from None
        except OSError as e:
            if not config.input_file:
                raise
            self.remove_unfinished(e)
            # A runner names its own option for the output folder (make lecture: MEDIA=).
            option = os.environ.get("DEEPWARP_MEDIA_OPTION") or "--media_dir"
            line = os_error_line(e, config.media_dir, option=option)
            print(f"error: {type(self).__name__}: {line}", file=sys.stderr)
            raise SystemExit(2) from None

    def remove_unfinished(self, e: OSError) -> list[Path]:
        """Delete what this run wrote under this scene's output names and what it may
        have cut short: its movie (and Manim's ``_temp`` copy, its WAV, AAC or OGG sound,
        its subtitles, its last frame) and its partial movies, which Manim would
        otherwise reuse by hash on the next run. After a full disk (``e``), also the text
        and LaTeX caches' files written since the start (one may be cut short). A file
        from before this run, finished then, is kept. Returns what was deleted."""
        writer = getattr(getattr(self, "renderer", None), "file_writer", None)
        if writer is None:  # the error came before Manim wrote anything
            return []
        since = getattr(self, "_started", 0.0) - 0.01
        candidates: list[Path] = []
        for attr in ("movie_file_path", "gif_file_path", "image_file_path"):
            path = getattr(writer, attr, None)
            if path:
                path = Path(path)
                candidates += [path, path.with_name(f"{path.stem}_temp{path.suffix}"),
                               *(path.with_suffix(s) for s in (".wav", ".aac", ".ogg", ".srt"))]
        folders = [getattr(writer, "partial_movie_directory", None)]
        if e.errno == errno.ENOSPC:
            folders += [config.get_dir("text_dir"), config.get_dir("tex_dir")]
        for folder in folders:
            if folder and Path(folder).is_dir():
                candidates += [p for p in Path(folder).iterdir() if p.is_file()]
        removed = []
        for path in candidates:
            try:
                if path.is_file() and path.stat().st_mtime >= since:
                    path.unlink()
                    removed.append(path)
            except OSError:
                pass  # a folder we cannot write: nothing of ours got into it either
        return removed
