"""What the machine refuses ends a run in one line: a full disk, an unwritable folder, a
missing program.

A render into a full disk used to end in a 277-line traceback from inside the WAV writer.
Each test here runs the real command line (``manim render``, ``deepwarp warp``) or the
lecture runner and checks: exit code 2, one ``error:`` line naming the folder or program
and what to do, no ``Traceback``, no half-written output where a finished one belongs, and
(for the full disk) that the next run, once there is room, finishes.

The full disk is made two ways: a write that raises ``ENOSPC`` after writing half its
bytes (everywhere), and a real 512 KB tmpfs (only where this user may mount one: root).
An unwritable folder is a read-only tmpfs for root (who ignores file modes), a folder
without write permission for anyone else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.errors import is_os_error_line, os_error_line

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "cli" / "tiny_scene.py"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# ``manim render`` with the WAV writer failing half-way, as a full disk makes it fail.
FULL_AT_WAV = """
import errno, sys
from pydub import AudioSegment

def export(self, out_f=None, *args, **kwargs):
    with open(out_f, "wb") as f:          # half a WAV, then no room
        f.write(b"RIFF" + bytes(1000))
    raise OSError(errno.ENOSPC, "No space left on device")

AudioSegment.export = export
from manim.__main__ import main
main(args=sys.argv[1:], prog_name="manim")
"""


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DEEPWARP_CACHE": str(tmp / "cache"), "DEEPWARP_LANG": "en",
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **extra}


def _manim(tmp: Path, media: Path, *, code: str | None = None, scene_file: Path = TINY,
           scene: str = "TwoBeats", env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    head = [sys.executable, "-c", code] if code else [sys.executable, "-m", "manim"]
    return subprocess.run([*head, "render", "-ql", str(scene_file), scene, "--media_dir",
                           str(media), "--progress_bar", "none"], cwd=tmp,
                          env=env or _env(tmp), capture_output=True, text=True, timeout=300)


def _one_line(r: subprocess.CompletedProcess[str], *wanted: str) -> str:
    out = r.stdout + r.stderr
    assert r.returncode == 2, out
    assert "Traceback" not in out, out
    errors = [line for line in out.splitlines() if "error:" in line]
    assert len(errors) == 1, out
    assert all(w in errors[0] for w in wanted), errors[0]
    return errors[0]


def _finished_outputs(media: Path) -> list[Path]:
    """The scene's outputs under media/videos (movie, sound, subtitles), finished or not."""
    folder = media / "videos" / "tiny_scene" / "480p15"
    return sorted(p for p in folder.glob("TwoBeats*") if p.is_file()) if folder.is_dir() else []


@contextlib.contextmanager
def _tmpfs(path: Path, options: str):
    """A tmpfs at ``path`` for the test (root only: skips where mounting is not allowed)."""
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], capture_output=True)


@contextlib.contextmanager
def _unwritable(tmp: Path):
    """A folder this user cannot write: read-only tmpfs for root, mode 0o555 otherwise."""
    folder = tmp / "locked"
    if IS_ROOT:
        with _tmpfs(folder, "ro,size=64k"):
            yield folder
    else:
        folder.mkdir()
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


# --- the message itself ----------------------------------------------------------------

def test_each_refusal_reads_as_one_line_naming_what_and_what_to_do(tmp_path):
    full = os_error_line(OSError(errno.ENOSPC, "No space left on device"), tmp_path / "media")
    assert full == (f"no space left on device writing {tmp_path / 'media'}: free space or "
                    "choose another --media_dir")
    target = tmp_path / "out.mp4"
    assert os_error_line(PermissionError(errno.EACCES, "Permission denied", str(target)),
                         option="--media").startswith(f"cannot write {tmp_path} (permission")
    assert "choose another --media" in os_error_line(
        OSError(errno.EROFS, "Read-only file system", str(tmp_path)), option="--media")
    assert os_error_line(FileNotFoundError(errno.ENOENT, "No such file", "dvisvgm")) \
        .startswith("dvisvgm not found: run make setup")
    # A missing data file is not a missing program.
    missing = os_error_line(FileNotFoundError(errno.ENOENT, "No such file", "data/x.csv"))
    assert "make setup" not in missing and "data/x.csv" in missing
    for line in (full, os_error_line(FileNotFoundError(errno.ENOENT, "x", "latex"))):
        assert is_os_error_line(line) and "\n" not in line


# --- manim render ----------------------------------------------------------------------

def test_full_disk_at_the_wav_writer_ends_in_one_line_and_the_next_run_finishes(tmp_path):
    media = tmp_path / "media"
    r = _manim(tmp_path, media, code=FULL_AT_WAV)
    _one_line(r, "TwoBeats", "no space left on device writing", str(media),
              "free space or choose another --media_dir")
    assert _finished_outputs(media) == []  # no half WAV, no movie without its sound
    partial = media / "videos" / "tiny_scene" / "480p15" / "partial_movie_files" / "TwoBeats"
    assert not partial.is_dir() or not any(partial.iterdir())
    again = _manim(tmp_path, media)  # room again: the next run finishes
    assert again.returncode == 0, again.stderr
    assert (media / "videos" / "tiny_scene" / "480p15" / "TwoBeats.mp4").stat().st_size > 0


def test_a_real_full_disk_ends_in_one_line_and_the_next_run_finishes(tmp_path):
    if not IS_ROOT:
        pytest.skip("mounting a small tmpfs needs root")
    with _tmpfs(tmp_path / "small", "size=512k") as small:
        media = small / "media"
        r = _manim(tmp_path, media)
        _one_line(r, "TwoBeats", "no space left on device writing", str(small),
                  "free space or choose another --media_dir")
        movie = media / "videos" / "tiny_scene" / "480p15" / "TwoBeats.mp4"
        assert not movie.exists()
        subprocess.run(["mount", "-o", "remount,size=64m", str(small)], check=True)
        again = _manim(tmp_path, media)
        assert again.returncode == 0, again.stdout + again.stderr
        assert movie.stat().st_size > 0


def test_an_unwritable_media_folder_ends_in_one_line(tmp_path):
    with _unwritable(tmp_path) as locked:
        r = _manim(tmp_path, locked / "media")
        _one_line(r, "TwoBeats", "cannot write", str(locked), "--media_dir")


def test_a_missing_program_ends_in_one_line(tmp_path):
    scene = tmp_path / "formula.py"
    scene.write_text("from manim import MathTex, Write\n"
                     "from scenes.common.base import LectureScene\n\n"
                     "class Formula(LectureScene):\n"
                     "    def construct(self):\n"
                     "        self.play(Write(MathTex('x^2')), run_time=0.2)\n")
    env = _env(tmp_path, PATH=str(tmp_path / "empty"))  # no latex, no dvisvgm
    r = _manim(tmp_path, tmp_path / "media", scene_file=scene, scene="Formula", env=env)
    _one_line(r, "Formula", "latex not found: run make setup")


# --- deepwarp warp and make lecture ----------------------------------------------------

def test_deepwarp_warp_into_an_unwritable_folder_ends_in_one_line(tmp_path):
    with _unwritable(tmp_path) as locked:
        r = subprocess.run([sys.executable, "-m", "delivery.warpcli", "warp", "xor", "--hidden",
                            "2", "--epochs", "3", "--media", str(locked / "media"), "--dry-run"],
                           cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True,
                           timeout=300)
        _one_line(r, "deepwarp: error: cannot write", str(locked), "--media")


def _two_chapters(tmp_path: Path) -> Path:
    path = tmp_path / "two.toml"
    path.write_text('[[chapter]]\nscene = "NeuronEquation"\n\n[[chapter]]\n'
                    'scene = "ActivationFunctions"\n')
    return path


def test_the_lecture_stops_in_one_line_when_a_scene_finds_the_disk_full(tmp_path, monkeypatch,
                                                                          capsys):
    from delivery import lecture

    monkeypatch.setattr(lecture, "MEDIA", lecture.MEDIA)  # main() sets it from --media
    line = os_error_line(OSError(errno.ENOSPC, "No space left on device"), tmp_path,
                         option="--media")
    rendered = []

    def render_chapter(job):
        rendered.append(job.chapter.scene)
        return lecture.Result(job, False, False, 0.0, line)

    monkeypatch.setattr(lecture, "render_chapter", render_chapter)
    monkeypatch.setattr(lecture, "join_videos", lambda *a: pytest.fail("joined"))
    code = lecture.main([str(_two_chapters(tmp_path)), "--jobs", "1", "--lang", "en",
                         "--media", str(tmp_path / "media")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"lecture: error: {line}"
    assert len(rendered) == 1  # no more chapters started once the disk was full


def test_the_lecture_join_into_a_full_disk_leaves_no_half_lecture(tmp_path, monkeypatch,
                                                                   capsys):
    from delivery import assemble, lecture

    monkeypatch.setattr(lecture, "MEDIA", lecture.MEDIA)  # main() sets it from --media
    media = tmp_path / "media"

    def render_chapter(job):
        return lecture.Result(job, True, True, 0.0)

    def join_videos(parts, out, language="und"):
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.stem}.partial{out.suffix}")
        tmp.write_bytes(b"half a lecture")  # what assemble writes before the rename
        tmp.unlink()  # …and removes on failure (assemble.join_videos' finally)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lecture, "render_chapter", render_chapter)
    monkeypatch.setattr(lecture, "video_duration", lambda path: 1.0)
    monkeypatch.setattr(lecture, "has_audio", lambda path: False)
    monkeypatch.setattr(lecture, "join_videos", join_videos)
    code = lecture.main([str(_two_chapters(tmp_path)), "--jobs", "1", "--lang", "en",
                         "--media", str(media)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == (f"lecture: error: no space left on device writing {media}: "
                           "free space or choose another --media")
    made = media / "lectures" / "two"
    assert not (made / "two.mp4").exists()
    assert not list(made.glob(".*partial*"))
    # The subtitles' own writer leaves nothing behind on a full disk either.
    out = tmp_path / "subtitles" / "lecture.srt"
    out.parent.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(Path, "write_text", _full_after_half)
    with pytest.raises(OSError):
        assemble.join_subtitles([], [], out)
    monkeypatch.undo()
    assert list(out.parent.iterdir()) == []


def _full_after_half(self: Path, text: str, *args, **kwargs):
    with open(self, "w", encoding="utf-8") as f:
        f.write(text[: len(text) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")
