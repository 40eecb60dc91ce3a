"""How the narration tests render the spoken test scene from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENE_FILE = Path(__file__).with_name("spoken_scene.py")


def env(tmp: Path, **extra: str) -> dict[str, str]:
    """A render's environment: its own cache and voice folder under ``tmp``, narration on."""
    return {**os.environ, "DEEPWARP_CACHE": str(tmp / "cache"), "DEEPWARP_LANG": "en",
            "DEEPWARP_NARRATION": "on", "DEEPWARP_VOICE_DIR": str(tmp / "voice"),
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **extra}


def render_cli(tmp: Path, *flags: str, **extra: str) -> subprocess.CompletedProcess:
    """``manim render -ql`` of the two-beat ``Spoken`` scene into ``tmp/media``."""
    return subprocess.run(
        [sys.executable, "-m", "manim", "render", "-ql", *flags, str(SCENE_FILE), "Spoken",
         "--media_dir", str(tmp / "media")],
        cwd=tmp, env=env(tmp, **extra), capture_output=True, text=True, timeout=300)
