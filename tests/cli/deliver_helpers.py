"""Running ``python -m delivery.deliver`` on the tiny two-beat scene, for the delivery tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "cli" / "tiny_scene.py"
SKY = (0x56, 0xB4, 0xE9)
VERMILLION = (0xD5, 0x5E, 0x00)


def deliver(*args: str, media: Path | None = None) -> subprocess.CompletedProcess:
    extra = ["--media", str(media)] if media is not None else []
    return subprocess.run([sys.executable, "-m", "delivery.deliver", *args, *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def tiny(command: str, media: Path, *args: str) -> subprocess.CompletedProcess:
    proc = deliver(command, "--file", str(TINY), "--scene", "TwoBeats", *args, media=media)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def colour_pixels(rgb, colour, tol: int = 40) -> int:
    """How many pixels of an (h, w, 3+) array are within ``tol`` of ``colour``."""
    import numpy as np

    diff = np.abs(rgb[..., :3].astype(int) - np.array(colour)).max(axis=-1)
    return int((diff <= tol).sum())


def warm_pixels(rgb) -> int:
    """Pixels clearly red-orange (vermillion), robust to small frames' chroma blur."""
    r, b = rgb[..., 0].astype(int), rgb[..., 2].astype(int)
    return int(((r - b) > 80).sum())


def cool_pixels(rgb) -> int:
    """Pixels clearly blue (sky)."""
    r, b = rgb[..., 0].astype(int), rgb[..., 2].astype(int)
    return int(((b - r) > 80).sum())
