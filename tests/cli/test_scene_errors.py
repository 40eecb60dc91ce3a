"""A lecturer's bad scene settings end in one clear line from ``manim render``, exit code 2."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SUBCLASSES = '''
from scenes.warp import UntangleCurves

class ZeroWidth(UntangleCurves):
    hidden = (0,)

class MissingFile(UntangleCurves):
    dataset = "csv:nope.csv"

class UnknownActivation(UntangleCurves):
    activation = "gelu"
'''


@pytest.mark.parametrize("scene,message", [
    ("ZeroWidth", "hidden width 0"),
    ("MissingFile", "csv:nope.csv: no such file"),
    ("UnknownActivation", "unknown activation 'gelu'"),
])
def test_bad_subclass_settings_give_one_line(tmp_path, scene, message):
    (tmp_path / "mywarp.py").write_text(SUBCLASSES)
    env = {**os.environ, "DEEPWARP_CACHE": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    r = subprocess.run([sys.executable, "-m", "manim", "render", "-ql", "mywarp.py", scene,
                        "--media_dir", str(tmp_path / "media")],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert r.returncode == 2
    out = r.stdout + r.stderr
    assert "Traceback" not in out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0] and scene in errors[0], out
