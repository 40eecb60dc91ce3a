"""The descent artefacts are the engine's numbers, and a warm read needs no torch."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from engine.artefacts import descent as art
from engine.config import DataConfig, TrainConfig
from engine.surface import DescentConfig, SurfaceConfig, descend, neuron_surface

NEURON = SurfaceConfig(DataConfig("gauss", n=60, noise=0.3), grid=21)
RUN = DescentConfig("momentum", 0.4, 12, (-1.0, 3.0))
TRAIN = TrainConfig(epochs=30, lr=0.05, optimizer="adam", snapshot_epochs=tuple(range(0, 31, 5)))
DATA = DataConfig("spiral", n=100)


def test_neuron_artefacts_equal_engine():
    s = art.neuron_surface(NEURON)
    direct = neuron_surface(NEURON)
    np.testing.assert_array_equal(s["loss"], direct.loss)
    np.testing.assert_array_equal(s["argmin"], direct.argmin)
    p = art.neuron_path(RUN, NEURON)
    t = descend(NEURON, RUN)
    for k in ("w", "loss", "grad"):
        np.testing.assert_array_equal(p[k], getattr(t, k))
    c = art.neuron_contours(NEURON, n_levels=5)
    assert len(c["levels"]) == 5 and s["loss"].min() < c["levels"].min()
    assert c["levels"].max() < s["loss"].max()
    steps = np.diff(np.log(c["levels"]))
    np.testing.assert_allclose(steps, steps[0])
    assert set(np.unique(c["level_index"])) <= set(range(5)) and len(c["segments"]) > 0


def test_scene_defaults_reach_the_minimum():
    # The shipped runs: SGD on the slope, and the race from the valley.
    low = art.neuron_surface()["argmin"][2]
    assert art.neuron_path()["loss"][-1] < 1.1 * low
    for run in art.RACE:
        path = art.neuron_path(run)
        assert path["loss"][-1] < path["loss"][0]


def test_landscape_artefacts_and_warm_read_without_torch(tmp_path):
    s = art.landscape_slice(DATA, (5,), "tanh", TRAIN, grid=9, n_levels=4)
    c = len(s["alpha"]) // 2
    assert s["loss"][c, c] == pytest.approx(float(s["trained_loss"]), rel=1e-12)
    p = art.landscape_path(DATA, (5,), "tanh", TRAIN, grid=9, n_levels=4)
    np.testing.assert_array_equal(p["epochs"], np.arange(0, 31, 5))
    np.testing.assert_allclose(p["coords"][-1], 0.0, atol=1e-12)
    code = (
        "import sys\n"
        "from engine.artefacts import descent as a\n"
        "from engine.config import DataConfig, TrainConfig\n"
        "t = TrainConfig(epochs=30, lr=0.05, optimizer='adam', "
        "snapshot_epochs=tuple(range(0, 31, 5)))\n"
        "a.landscape_slice(DataConfig('spiral', n=100), (5,), 'tanh', t, grid=9, n_levels=4)\n"
        "a.landscape_path(DataConfig('spiral', n=100), (5,), 'tanh', t, grid=9, n_levels=4)\n"
        "assert 'torch' not in sys.modules, 'a warm read imported torch'\n"
    )
    env = dict(os.environ)
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path.parent)
