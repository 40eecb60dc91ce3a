"""Same seed, same numbers, same frames — across separate processes with cold caches."""

import hashlib
import os
import subprocess
import sys
import textwrap

ENGINE = textwrap.dedent("""
    import hashlib, numpy as np
    from engine.config import DataConfig, TrainConfig
    from engine.train import fit
    from engine.record import olah_path
    from engine.datasets import load, grid_lines
    f = fit(DataConfig(name="spiral", n=200, noise=0.1, seed=3), (4, 2), "tanh",
            TrainConfig(epochs=60, batch_size=16, seed=5, snapshot_epochs=(0, 30)))
    h = hashlib.sha256()
    for k in sorted(f.params):
        h.update(f.params[k].tobytes())
    h.update(f.history.loss.tobytes())
    for stage in olah_path(f.model(), grid_lines((-6, -6), (6, 6), 5, 9), "tanh"):
        h.update(stage.tobytes())
    print(h.hexdigest())
""")

FRAME = textwrap.dedent("""
    import hashlib, sys
    from pathlib import Path
    from scenes.neuron import ActivationFunctions
    from tests.scenes.frames import render_last_frame
    _, frame = render_last_frame(ActivationFunctions, Path(sys.argv[1]))
    print(hashlib.sha256(frame.tobytes()).hexdigest())
""")


def _run(code, tmp_path, name, *args):
    env = {**os.environ, "DEEPWARP_CACHE": str(tmp_path / f"cache-{name}")}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=env, timeout=300, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_engine_arrays_are_bit_identical_across_runs(tmp_path):
    assert _run(ENGINE, tmp_path, "a") == _run(ENGINE, tmp_path, "b")


def test_frames_are_identical_across_runs(tmp_path):
    first = _run(FRAME, tmp_path, "a", str(tmp_path / "media-a"))
    second = _run(FRAME, tmp_path, "b", str(tmp_path / "media-b"))
    assert first == second
    assert len(first) == len(hashlib.sha256().hexdigest())
