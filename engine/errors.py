"""Errors the engine raises on purpose: each names the bad value and what is allowed.

:func:`os_error_line` does the same for what the machine refuses — a full disk, a folder
that cannot be written, a missing program — so that every command line ends such a run
in one line that names the folder or the program and what to do, not a traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

__all__ = ["EngineError", "ConfigError", "DivergenceError", "os_error_line", "is_os_error_line",
           "written_folder"]


class EngineError(Exception):
    """Base class; the CLI turns these into a one-line message and exit code 2."""


class ConfigError(EngineError, ValueError):
    """A config field or an input file holds a value the engine cannot use."""


class DivergenceError(EngineError, ArithmeticError):
    """Training produced a NaN or infinite loss."""


# What each kind of line says, so a runner (delivery/lecture.py) can tell a machine's
# refusal, which every later scene would meet too, from one scene's own failure.
_FULL = "no space left on device"
_DENIED = "cannot write"
_MISSING = "not found: run make setup"
_NO_WRITE = (errno.EACCES, errno.EPERM, errno.EROFS)


def written_folder(path: str | os.PathLike[str] | None) -> str | None:
    """The folder a failed write was aimed at: ``path`` itself if it is a folder (or has
    no suffix, as a folder being made does), else the folder that holds it."""
    if path is None or isinstance(path, int):
        return None
    p = Path(os.fsdecode(path))
    return str(p if p.is_dir() or not p.suffix else p.parent)


def _is_program(e: OSError) -> str | None:
    """The program's name when ``e`` is a program that is not on ``PATH``."""
    name = e.filename
    if not isinstance(e, FileNotFoundError) or not isinstance(name, str) or not name:
        return None
    return name if os.sep not in name and not Path(name).suffix else None


def os_error_line(e: OSError, folder: str | os.PathLike[str] | None = None, *,
                  option: str = "--media_dir") -> str:
    """One line for an :class:`OSError` a run cannot get past, naming what and what to do.

    Parameters
    ----------
    e
        The error. Its ``filename``, when set, names the file or folder; a write through
        an open file (a WAV, a movie) often has none, hence ``folder``.
    folder
        Where the run was writing, for an error without a file name.
    option
        How the user chooses another output folder (``--media_dir`` for ``manim
        render``, ``--media`` for ``deepwarp warp``, ``MEDIA=`` for ``make lecture``).

    Examples
    --------
    >>> import errno
    >>> os_error_line(OSError(errno.ENOSPC, "No space left on device"), "/mnt/small/media")
    'no space left on device writing /mnt/small/media: free space or choose another --media_dir'
    >>> os_error_line(FileNotFoundError(errno.ENOENT, "No such file or directory", "latex"))
    'latex not found: run make setup (it installs the programs a render needs)'
    """
    program = _is_program(e)
    if program:
        return f"{program} {_MISSING} (it installs the programs a render needs)"
    where = written_folder(e.filename) or (os.fspath(folder) if folder is not None else None)
    at = f" {where}" if where else ""
    if e.errno == errno.ENOSPC:
        return f"{_FULL} writing{at}: free space or choose another {option}"
    if e.errno in _NO_WRITE:
        reason = (e.strerror or "permission denied").lower()
        return (f"{_DENIED}{at} ({reason}): make it writable by this user or choose "
                f"another {option}")
    if e.errno == errno.EDQUOT:
        return f"disk quota exceeded writing{at}: free space or choose another {option}"
    reason = e.strerror or str(e) or type(e).__name__
    name = f" {os.fsdecode(e.filename)}" if isinstance(e.filename, (str, bytes)) else at
    return f"{reason.lower()}:{name}"


def is_os_error_line(line: str) -> bool:
    """Whether ``line`` is one :func:`os_error_line` wrote for a full disk, an unwritable
    folder or a missing program: what would stop every later run too."""
    return any(mark in line for mark in (_FULL, _DENIED, _MISSING, "disk quota exceeded"))
