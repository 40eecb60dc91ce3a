"""Reveal.js decks from manim-slides data, loading reveal.js from local files.

``manim-slides convert --to html`` writes a page that loads reveal.js from a CDN,
and its ``--offline`` option downloads from that CDN too. Only package registries
are reachable here, so reveal.js comes from the npm registry by name
(``npm pack reveal.js@<version>``, the version manim-slides' template expects),
is kept once under ``media/vendor``, and the page is converted with
``cdn_url`` set to a relative folder beside it that holds just the files it loads.

manim-slides' template mutes the first slide's video (so that it may autoplay
before anyone has touched the page); the deck speaks, so the mark is removed:
browsers allow sound once the presenter has pressed a key, which starting a
talk takes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

__all__ = ["DeckError", "REVEAL_VERSION", "fetch_reveal", "convert_deck", "deck_assets"]

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "media" / "vendor"
REVEAL_VERSION = "6.0.1"  # manim-slides 5.7.0's RevealJS.reveal_version; tests check they agree


class DeckError(RuntimeError):
    """A deck could not be built; the message says why and what to do."""


def _reveal_folder() -> str:
    return f"reveal.js-{REVEAL_VERSION}"


def fetch_reveal(vendor: Path = VENDOR) -> Path:
    """The unpacked reveal.js package (``<vendor>/reveal.js-<v>``), fetched once with npm.

    Only ``dist/`` is kept. Unpacked in a temporary folder and renamed, so an
    interrupted fetch never leaves a half package behind.
    """
    package = vendor / _reveal_folder()
    if (package / "dist" / "reveal.js").exists():
        return package
    npm = shutil.which("npm")
    if npm is None:
        raise DeckError("npm is missing; install it with "
                        "`apt-get install -y --no-install-recommends nodejs npm`")
    vendor.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=vendor, prefix=".fetch-") as tmp:
        proc = subprocess.run(
            [npm, "pack", f"reveal.js@{REVEAL_VERSION}", "--pack-destination", tmp, "--silent"],
            capture_output=True, text=True, timeout=300,
        )
        tarballs = list(Path(tmp).glob("reveal.js-*.tgz"))
        if proc.returncode != 0 or not tarballs:
            raise DeckError(f"npm pack reveal.js@{REVEAL_VERSION} failed: "
                            f"{(proc.stderr or proc.stdout).strip()[-300:]}")
        with tarfile.open(tarballs[0]) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith("package/dist/")]
            tar.extractall(Path(tmp) / "x", members=members, filter="data")
        try:
            os.replace(Path(tmp) / "x" / "package", package)
        except OSError:  # another process unpacked it first
            if not (package / "dist" / "reveal.js").exists():
                raise
    return package


def deck_assets(html: str) -> list[str]:
    """The reveal.js files (paths inside the package) that a converted page loads."""
    pattern = rf'(?:href|src)="{re.escape(_reveal_folder())}/([^"]+)"'
    return sorted(set(re.findall(pattern, html)))


def convert_deck(names: list[str], data: Path, out: Path, *, title: str, background: str,
                 vendor: Path = VENDOR) -> Path:
    """Write the deck ``out`` (HTML), ``<out stem>_assets/`` (videos) and local reveal.js.

    ``names`` are slide scene names whose JSON lies in ``data`` (manim-slides'
    ``--folder``), in deck order.
    """
    package = fetch_reveal(vendor)
    out.parent.mkdir(parents=True, exist_ok=True)
    assets = out.parent / f"{out.stem}_assets"
    if assets.exists():  # the converter only adds files; drop videos of older renders
        shutil.rmtree(assets)
    cmd = [sys.executable, "-m", "manim_slides", "convert", "--to", "html",
           "--folder", str(data), f"-ccdn_url={_reveal_folder()}", f"-ctitle={title}",
           f"-cbackground_color={background}", *names, str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not out.exists():
        raise DeckError(f"manim-slides convert failed: {(proc.stderr or proc.stdout)[-500:]}")
    html = out.read_text(encoding="utf-8")
    unmuted = re.sub(r"^\s*data-background-video-muted\s*\n", "", html, flags=re.M)
    if unmuted != html:
        tmp = out.with_name(f".{out.name}.partial")
        tmp.write_text(unmuted, encoding="utf-8")
        os.replace(tmp, out)
    for rel in deck_assets(unmuted):
        src, dst = package / rel, out.parent / _reveal_folder() / rel
        if not src.exists():
            raise DeckError(f"the deck loads {rel}, which reveal.js {REVEAL_VERSION} lacks")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    return out
