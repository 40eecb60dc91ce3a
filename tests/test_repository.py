"""The repository holds sources, not render outputs.

A render run from the repository root once left its subtitles there and they were
committed (``BP_last.srt`` and three more). These tests fail on any tracked render
output and check that ``.gitignore`` keeps the next one out.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Paths a render writes, as a lecturer's run would leave them.
RENDER_OUTPUTS = [
    "BP_last.srt", "NE_zh.srt", "scenes/Lecture.srt", "UntangleCurves.mp4",
    "narration.wav", "voice/01-intro.wav", "UntangleCurves.png", "scenes/frame.png",
    "media/videos/warp/480p15/UntangleCurves.mp4", "media/cache/fit-abc.npz",
    "media/voice/en/NeuronEquation/01-idea.m4a", "media/slides/lecture.html",
    "tests/cli/last.png",
]
#: Paths that must stay trackable.
SOURCES = [
    "docs/stills/UntangleCurves.png", "docs/storyboard.png", "docs/examples/xor.py",
    "tests/scenes/control_data/UntangleCurves.npz", "scenes/warp.py", "README.md",
]


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def _in_checkout() -> bool:
    return shutil.which("git") is not None and \
        _git("rev-parse", "--is-inside-work-tree").stdout.strip() == "true"


pytestmark = pytest.mark.skipif(not _in_checkout(), reason="not a git checkout")


def render_outputs(paths: list[str]) -> list[str]:
    """The ``paths`` that are render outputs: subtitles, videos, sound, anything under
    ``media/``, and pictures outside ``docs/`` and the scene tests' control data."""
    bad = []
    for path in paths:
        name = path.rsplit("/", 1)[-1]
        if path.startswith("media/") or "/media/" in path or \
                any(fnmatch.fnmatch(name, p) for p in ("*.srt", "*.mp4", "*.wav")):
            bad.append(path)
        elif name.endswith(".png") and not path.startswith(
                ("docs/", "tests/scenes/control_data/")):
            bad.append(path)
    return bad


def test_no_render_output_is_tracked():
    tracked = _git("ls-files").stdout.splitlines()
    assert tracked, "git ls-files listed nothing"
    assert render_outputs(tracked) == []


def test_the_check_itself_finds_render_outputs():
    assert render_outputs(RENDER_OUTPUTS) == RENDER_OUTPUTS
    assert render_outputs(SOURCES) == []


def test_gitignore_keeps_render_outputs_out():
    # --no-index: judge the patterns alone, whether or not such a file is tracked.
    r = _git("check-ignore", "--no-index", *RENDER_OUTPUTS)
    ignored = set(r.stdout.splitlines())
    assert ignored == set(RENDER_OUTPUTS), sorted(set(RENDER_OUTPUTS) - ignored)


def test_gitignore_keeps_sources_in():
    r = _git("check-ignore", "--no-index", *SOURCES)
    assert r.stdout.splitlines() == []
