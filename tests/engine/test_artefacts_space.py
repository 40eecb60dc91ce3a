"""The space artefacts against independent formulas, brute force and manual forward passes."""

from __future__ import annotations

import numpy as np
import pytest

from engine.artefacts import space as art
from engine.datasets import load
from engine.errors import ConfigError


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEEPWARP_CACHE", str(tmp_path_factory.mktemp("space-cache")))
        yield


@pytest.fixture(scope="module")
def st(module_cache):
    return art.space_transformations()


@pytest.fixture(scope="module")
def iv(module_cache):
    return art.interval_networks()


# --- the five transformations -------------------------------------------------------

def test_each_transformation_is_its_formula(st):
    g = st["grid"]
    x, y = g[..., 0], g[..., 1]
    np.testing.assert_allclose(st["scale_grid"], np.stack([1.6 * x, 0.5 * y], -1), atol=1e-12)
    c, s = np.cos(np.deg2rad(40)), np.sin(np.deg2rad(40))
    np.testing.assert_allclose(st["rotate_grid"], np.stack([c * x - s * y, s * x + c * y], -1),
                               atol=1e-12)
    np.testing.assert_allclose(st["lift_grid"], np.stack([x, y, 0.6 * x + 0.6 * y], -1),
                               atol=1e-12)
    np.testing.assert_allclose(st["lower_grid"][..., 0], 0.8 * x + 0.6 * y, atol=1e-12)
    np.testing.assert_allclose(st["translate_grid"], np.stack([x + 0.7, y - 0.4], -1),
                               atol=1e-12)
    tilt = np.stack([1.6 * (c * x - s * y), 1.6 * (s * x + c * y)], -1)
    np.testing.assert_allclose(st["tilt_grid"], tilt, atol=1e-12)
    np.testing.assert_allclose(st["bend_grid"], np.tanh(tilt), atol=1e-12)


def test_rotation_keeps_distances_and_lower_loses_information(st):
    p, r = st["points"], st["rotate_points"]
    d = np.linalg.norm(p[:, None] - p[None], axis=-1)
    np.testing.assert_allclose(np.linalg.norm(r[:, None] - r[None], axis=-1), d, atol=1e-12)
    # Two different points along the kernel of [0.8, 0.6] land on the same spot.
    q = np.array([[0.0, 0.0], [0.6, -0.8]])
    assert np.allclose(q @ st["lower_W"].T, 0.0)


def test_points_and_axes_follow_the_grid(st):
    data = load(art.LAYER_DATA)
    for p in st["points"]:
        assert np.min(np.linalg.norm(data.x - p, axis=1)) < 1e-12  # real data points
    for name in ("scale", "rotate", "lift", "lower"):
        W = st[f"{name}_W"]
        np.testing.assert_allclose(st[f"{name}_points"], st["points"] @ W.T, atol=1e-12)
        # The image of the unit segment 0 → e1 ends at W's first column.
        np.testing.assert_allclose(st[f"{name}_basis"][0, -1], W[:, 0], atol=1e-12)


def test_layer_stages_are_the_trained_first_layer(st, module_cache):
    import torch

    from engine.train import fit

    f = fit(art.LAYER_DATA, art.LAYER_HIDDEN, "tanh", art.LAYER_TRAIN)
    model = f.model()
    c0 = st["curve0"]
    with torch.no_grad():
        z = model[0](torch.as_tensor(c0)).numpy()
        a = model[1](torch.as_tensor(z)).numpy()
    stages = st["layer_curve0"]
    np.testing.assert_array_equal(stages[0], c0)
    np.testing.assert_allclose(stages[2], z, atol=1e-12)
    np.testing.assert_allclose(stages[3], a, atol=1e-12)
    np.testing.assert_allclose(stages[2] - stages[1], np.broadcast_to(st["b"], z.shape),
                               atol=1e-12)
    assert float(st["layer_test_accuracy"]) == f.history.test_accuracy[-1]


# --- thresholds on a line ----------------------------------------------------------

def test_sign_thresholds_really_separate(module_cache):
    a = art.sign_line()
    data = load(art.SIGN_DATA)
    t1, t2 = a["thresholds"]
    for x, y in zip(data.x[:, 0], data.y, strict=True):
        assert (0 if x < t1 else 1 if x < t2 else 2) == y
    assert float(a["accuracy"]) == 1.0


def test_no_single_threshold_separates_parity(module_cache):
    a = art.parity_line()
    data = load(art.PARITY_DATA)
    x, y = data.x[:, 0], data.y
    # Brute force over a fine grid of thresholds, both orientations.
    best = 0.0
    for t in np.arange(-10.0, 10.0, 0.05):
        up = np.mean((x > t) == y)
        best = max(best, up, 1 - up)
    assert float(a["best_accuracy"]) == pytest.approx(best)
    assert best < 0.6
    np.testing.assert_array_equal(a["mod_values"], np.mod(a["values"], 2))  # independent


def test_x_mod_2_makes_one_threshold_enough(module_cache):
    a = art.parity_line()
    data = load(art.PARITY_DATA)
    t = float(a["mod_threshold"])
    assert np.all((np.mod(data.x[:, 0], 2) > t) == (data.y == 1))
    assert float(a["mod_accuracy"]) == 1.0


def test_threshold_sweep_small_example():
    t, acc = art.threshold_sweep(np.array([0.0, 1.0, 2.0]), np.array([0, 0, 1]))
    np.testing.assert_allclose(t, [-0.5, 0.5, 1.5, 2.5])
    np.testing.assert_allclose(acc, [2 / 3, 2 / 3, 1.0, 2 / 3])
    with pytest.raises(ConfigError, match="labels"):
        art.threshold_sweep(np.zeros(2), np.array([0, 2]))


# --- Olah's intervals ----------------------------------------------------------------

def test_olah_intervals_are_where_they_should_be():
    d = art.olah_intervals(200, seed=3)
    x, y = d.x[:, 0], d.y
    assert np.all(np.abs(x[y == 1]) <= 1 / 3)
    assert np.all((np.abs(x[y == 0]) >= 2 / 3) & (np.abs(x[y == 0]) <= 1))
    assert (x[y == 0] < 0).any() and (x[y == 0] > 0).any()
    with pytest.raises(ConfigError, match="n=2"):
        art.olah_intervals(2)


def test_two_hidden_units_separate_the_intervals(iv):
    W0, b0, W1, b1 = iv["W0"], iv["b0"], iv["W1"], iv["b1"]
    for split in ("train", "test"):
        x, y = iv[f"x_{split}"], iv[f"y_{split}"]
        h = np.tanh(np.outer(x, W0[:, 0]) + b0)  # manual forward pass
        pred = (h @ W1[0] + b1[0] > 0).astype(int)
        assert float(iv[f"{split}_accuracy"]) == pytest.approx(np.mean(pred == y))
    assert float(iv["test_accuracy"]) == 1.0
    np.testing.assert_allclose(iv["hidden_train"],
                               np.tanh(np.outer(iv["x_train"], W0[:, 0]) + b0), atol=1e-12)


def test_each_unit_switches_between_a_and_b(iv):
    t = iv["unit_thresholds"]
    z = iv["W0"][:, 0] * t + iv["b0"]
    np.testing.assert_allclose(z, 0.0, atol=1e-12)  # tanh(w t + b) = 0 there
    assert np.all((np.abs(t) > 1 / 3) & (np.abs(t) < 2 / 3))
    assert t.min() < 0 < t.max()  # one switch on each side of A


def test_one_threshold_is_not_enough(iv):
    x = np.concatenate([iv["x_train"], iv["x_test"]])
    y = np.concatenate([iv["y_train"], iv["y_test"]])
    best = max(max(np.mean((x > t) == y), np.mean((x <= t) == y))
               for t in np.linspace(-1.2, 1.2, 2401))
    assert float(iv["best_threshold_accuracy"]) == pytest.approx(best)
    assert best < 0.8
