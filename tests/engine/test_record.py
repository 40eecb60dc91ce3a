"""Recorded activations and Olah paths against a manual numpy forward pass."""

import numpy as np
import pytest

from engine.config import DataConfig, ModelConfig
from engine.datasets import grid_lines, load
from engine.models import build_mlp
from engine.record import embed, olah_path, pca_projection, record
from engine.train import params_to_arrays

SIGMA = {"tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
         "relu": lambda z: np.maximum(z, 0), "softplus": lambda z: np.log1p(np.exp(z)),
         "leaky_relu": lambda z: np.where(z >= 0, z, 0.01 * z),
         "linear": lambda z: z}


def manual_forward(params, x, act, n_layers):
    zs, as_ = [], []
    a = x
    for i in range(n_layers):
        z = a @ params[f"W{i}"].T + params[f"b{i}"]
        a = z if i == n_layers - 1 else SIGMA[act](z)
        zs.append(z)
        as_.append(a)
    return zs, as_


@pytest.mark.parametrize("act", list(SIGMA))
def test_recording_equals_manual_forward_pass(act):
    cfg = ModelConfig(hidden=(3, 5, 2), activation=act, n_classes=3)
    model = build_mlp(cfg, seed=4)
    x = load(DataConfig(name="spiral", n=60)).x
    rec = record(model, x)
    zs, as_ = manual_forward(params_to_arrays(model), x, act, 4)
    assert rec.n_layers == 4
    for l in range(4):
        np.testing.assert_allclose(rec.z[l], zs[l], rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(rec.a[l], as_[l], rtol=1e-12, atol=1e-12)


def test_recording_keeps_grid_shape_and_restores_training_flag():
    model = build_mlp(ModelConfig(hidden=(2,)))
    model.train()
    g = grid_lines((-1, -1), (1, 1), 4, 9)
    rec = record(model, g)
    assert rec.z[0].shape == (8, 9, 2) and rec.a[-1].shape == (8, 9, 1)
    assert model.training
    assert not model[0]._forward_hooks  # hooks removed


def test_olah_path_stages():
    cfg = ModelConfig(hidden=(3, 2), activation="tanh")
    model = build_mlp(cfg, seed=1)
    p = params_to_arrays(model)
    x = load(DataConfig(name="circle", n=20)).x
    path = olah_path(model, x, "tanh")
    assert [s.shape for s in path] == [(4, 20, 3), (4, 20, 3), (4, 20, 2)]
    first = path[0]
    np.testing.assert_allclose(first[0], embed(x, 3))
    np.testing.assert_allclose(first[1], x @ p["W0"].T)
    np.testing.assert_allclose(first[2], x @ p["W0"].T + p["b0"])
    np.testing.assert_allclose(first[3], np.tanh(x @ p["W0"].T + p["b0"]))
    # Layer 2 maps 3 -> 2: its output is embedded in 3-D with a zero third axis.
    np.testing.assert_allclose(path[1][0], first[3])
    np.testing.assert_array_equal(path[1][3][:, 2], 0.0)
    zs, _ = manual_forward(p, x, "tanh", 3)
    np.testing.assert_allclose(path[2][3][:, 0], zs[2][:, 0])  # readout: no σ


def test_pca_projection_is_labelled_and_keeps_variance_order():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 6)) * [5, 3, 1, 0.1, 0.1, 0.1]
    proj = pca_projection(x, 2)
    assert proj.label == "PCA projection"
    assert proj.coords.shape == (500, 2)
    assert proj.explained[0] > proj.explained[1] > 0
    np.testing.assert_allclose(proj.components @ proj.components.T, np.eye(2), atol=1e-12)
    with pytest.raises(ValueError, match="k=4"):
        pca_projection(x, 4)


@pytest.mark.parametrize("act", list(SIGMA))
def test_olah_paths_hand_written_sigma_equals_the_modules(act):
    """The warp scenes' stages use apply_activation; the network uses nn modules."""
    model = build_mlp(ModelConfig(hidden=(4,), activation=act), seed=2)
    x = load(DataConfig(name="circle", n=20)).x
    np.testing.assert_allclose(olah_path(model, x, act)[0][3][:, :4], record(model, x).a[0],
                               atol=1e-12)
