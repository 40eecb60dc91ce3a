"""engine.surface against independent computations: per-point loops, hand-written
update rules, finite differences, a model rebuilt from arrays."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from engine.config import DataConfig, ModelConfig, TrainConfig
from engine.datasets import load
from engine.errors import ConfigError
from engine.surface import (
    DescentConfig,
    SurfaceConfig,
    batched_mlp_loss,
    contour_segments,
    descend,
    filter_normalized_direction,
    filter_normalized_slice,
    flatten_params,
    neuron_loss,
    neuron_surface,
    pca_trajectory,
)
from engine.train import Fit, arrays_to_model, loss_fn, model_for, params_to_arrays, train

SMALL = SurfaceConfig(DataConfig("gauss", n=60, noise=0.3), (-2.0, 4.0), (-1.0, 3.0), 13)


def _direct_loss(w1: float, w2: float, x: np.ndarray, y: np.ndarray) -> float:
    """BCE of σ(w·x), one point at a time, from the definition."""
    total = 0.0
    for (a, b), t in zip(x, y, strict=True):
        p = 1.0 / (1.0 + math.exp(-(w1 * a + w2 * b)))
        total -= t * math.log(p) + (1 - t) * math.log(1 - p)
    return total / len(x)


def _grad(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∇L = mean((σ(w·x) − y) x), written out."""
    p = 1.0 / (1.0 + np.exp(-(x @ w)))
    return ((p - y)[:, None] * x).mean(axis=0)


def test_surface_equals_direct_evaluation():
    s = neuron_surface(SMALL)
    assert s.loss.shape == (13, 13)
    for i, j in [(0, 0), (3, 7), (12, 12), (6, 0), (11, 4)]:
        assert s.loss[i, j] == pytest.approx(_direct_loss(s.w1[i], s.w2[j], s.x, s.y), rel=1e-12)
    w1, w2, low = s.argmin
    assert low == s.loss.min() and s.loss[list(s.w1).index(w1), list(s.w2).index(w2)] == low


def _by_hand(cfg: DescentConfig, x, y) -> np.ndarray:
    w = np.array(cfg.start)
    z = np.zeros(2)  # momentum's z, Adam's m
    v = np.zeros(2)
    out = [w.copy()]
    b1, b2 = cfg.betas
    for t in range(1, cfg.steps + 1):
        g = _grad(w, x, y)
        if cfg.optimizer == "sgd":
            w = w - cfg.lr * g
        elif cfg.optimizer == "momentum":  # Distill: z ← βz + ∇f; w ← w − αz
            z = cfg.momentum * z + g
            w = w - cfg.lr * z
        else:  # Kingma & Ba, with bias correction
            z = b1 * z + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            m_hat, v_hat = z / (1 - b1**t), v / (1 - b2**t)
            w = w - cfg.lr * m_hat / (np.sqrt(v_hat) + cfg.eps)
        out.append(w.copy())
    return np.array(out)


@pytest.mark.parametrize(
    "cfg",
    [
        DescentConfig("sgd", 1.0, 25, (-1.5, 2.5)),
        DescentConfig("momentum", 0.3, 25, (3.0, -0.5), momentum=0.8),
        DescentConfig("adam", 0.2, 25, (3.5, 3.0), betas=(0.8, 0.99)),
    ],
    ids=lambda c: c.optimizer,
)
def test_trajectory_equals_hand_written_update_rule(cfg):
    traj = descend(SMALL, cfg)
    ds = load(SMALL.data)
    x, y = ds.x_train, ds.y_train.astype(float)
    np.testing.assert_allclose(traj.w, _by_hand(cfg, x, y), rtol=0, atol=1e-10)
    np.testing.assert_allclose(traj.loss, neuron_loss(traj.w, x, y), rtol=1e-12)
    np.testing.assert_allclose(traj.grad, [_grad(w, x, y) for w in traj.w], atol=1e-12)
    assert traj.loss[-1] < traj.loss[0]


def test_autograd_gradient_equals_finite_differences():
    traj = descend(SMALL, DescentConfig("adam", 0.3, 8, (-1.0, 2.0)))
    ds = load(SMALL.data)
    h = 1e-6
    for w, g in zip(traj.w, traj.grad, strict=True):
        fd = [
            (neuron_loss(w + h * e, ds.x_train, ds.y_train)
             - neuron_loss(w - h * e, ds.x_train, ds.y_train)) / (2 * h)
            for e in np.eye(2)
        ]
        np.testing.assert_allclose(g, fd, atol=1e-8)


@pytest.mark.parametrize(
    "make, text",
    [
        (lambda: DescentConfig(optimizer="rmsprop"), "'rmsprop'"),
        (lambda: DescentConfig(lr=0.0), "lr=0.0"),
        (lambda: DescentConfig(lr=-1.0), "lr=-1.0"),
        (lambda: DescentConfig(steps=0), "steps=0"),
        (lambda: SurfaceConfig(grid=0), "grid=0"),
        (lambda: SurfaceConfig(grid=-5), "grid=-5"),
        (lambda: SurfaceConfig(w1_range=(2.0, 1.0)), "w1_range"),
    ],
)
def test_bad_config_names_value_and_allowed(make, text):
    with pytest.raises(ConfigError, match="allowed") as err:
        make()
    assert text in str(err.value)


def test_neuron_needs_2d_two_class_data():
    with pytest.raises(ConfigError, match="'sign'"):
        neuron_surface(SurfaceConfig(DataConfig("sign", n=40)))


# --- contour lines ---------------------------------------------------------------


def test_contours_of_a_cone_are_circles():
    xs = np.linspace(-2, 2, 41)
    ys = np.linspace(-2, 2, 37)
    r = np.hypot(*np.meshgrid(xs, ys, indexing="ij"))
    segs, which = contour_segments(r, xs, ys, [0.5, 1.5])
    radius = np.hypot(segs[..., 0], segs[..., 1])
    np.testing.assert_allclose(radius[which == 0], 0.5, atol=0.01)
    np.testing.assert_allclose(radius[which == 1], 1.5, atol=0.01)
    # A closed curve: every end point is shared by exactly two segments.
    pts = np.round(segs[which == 1].reshape(-1, 2), 9)
    _, counts = np.unique(pts, axis=0, return_counts=True)
    assert set(counts) == {2}


def test_contour_end_points_interpolate_to_the_level():
    s = neuron_surface(SMALL)
    level = float(np.median(s.loss))
    segs, _ = contour_segments(s.loss, s.w1, s.w2, [level])
    assert len(segs) > 5
    for p in segs.reshape(-1, 2):
        on_w1 = np.isclose(s.w1, p[0], atol=1e-12)
        if on_w1.any():  # on a vertical edge: interpolate along w2
            col = s.loss[np.argmax(on_w1)]
            assert np.interp(p[1], s.w2, col) == pytest.approx(level, rel=1e-9)
        else:
            row = s.loss[:, np.argmax(np.isclose(s.w2, p[1], atol=1e-12))]
            assert np.interp(p[0], s.w1, row) == pytest.approx(level, rel=1e-9)


def test_saddle_cell_gives_two_segments():
    v = np.array([[1.0, 0.0], [0.0, 1.0]])  # corners 00, 11 above 0.5; centre exactly 0.5
    segs, _ = contour_segments(v, np.array([0.0, 1.0]), np.array([0.0, 1.0]), [0.4])
    assert segs.shape == (2, 2, 2)


# --- Li et al. slices -------------------------------------------------------------


@pytest.fixture(scope="module")
def small_fit() -> Fit:
    """A tiny spiral network trained directly (no cache), with snapshots."""
    dcfg = DataConfig("spiral", n=120)
    data = load(dcfg)
    mcfg = model_for(data, (6, 5), "tanh")
    tcfg = TrainConfig(epochs=40, lr=0.05, optimizer="adam", snapshot_epochs=tuple(range(0, 41, 5)))
    model, history = train(mcfg, tcfg, data)
    return Fit(dcfg, mcfg, tcfg, params_to_arrays(model), history)


def test_filter_normalisation(small_fit):
    d = filter_normalized_direction(small_fit.params, np.random.default_rng(3))
    for k, p in small_fit.params.items():
        if k.startswith("b"):
            assert not d[k].any()
        else:
            np.testing.assert_allclose(
                np.linalg.norm(d[k], axis=1), np.linalg.norm(p, axis=1), rtol=1e-12
            )
    again = filter_normalized_direction(small_fit.params, np.random.default_rng(3))
    other = filter_normalized_direction(small_fit.params, np.random.default_rng(4))
    assert all(np.array_equal(d[k], again[k]) for k in d)
    assert not np.allclose(d["W0"], other["W0"])


def _model_loss(fit: Fit, params: dict) -> float:
    data = load(fit.data_cfg)
    model = arrays_to_model(fit.model_cfg, params)
    with torch.no_grad():
        out = model(torch.as_tensor(data.x_train))
        return float(loss_fn(2)(out[:, 0], torch.as_tensor(data.y_train, dtype=torch.float64)))


def test_slice_centre_is_trained_loss_and_points_match_the_model(small_fit):
    s = filter_normalized_slice(small_fit, grid=9, seed=1)
    assert s.loss[4, 4] == pytest.approx(small_fit.history.loss[-1], rel=1e-12)
    names = list(small_fit.params)
    for i, j in [(0, 0), (2, 7), (8, 3)]:
        theta = s.theta + s.alpha[i] * s.d1 + s.beta[j] * s.d2
        at, params = 0, {}
        for k in names:
            size = small_fit.params[k].size
            params[k] = theta[at : at + size].reshape(small_fit.params[k].shape)
            at += size
        assert s.loss[i, j] == pytest.approx(_model_loss(small_fit, params), rel=1e-10)
    with pytest.raises(ConfigError, match="grid=0"):
        filter_normalized_slice(small_fit, grid=0)


def test_pca_path(small_fit):
    p = pca_trajectory(small_fit, grid=7)
    h = small_fit.history
    np.testing.assert_allclose(p.coords[-1], 0.0, atol=1e-12)  # θ_final at the origin
    np.testing.assert_allclose(p.components @ p.components.T, np.eye(2), atol=1e-12)
    # The true loss along the path is the loss training recorded at those epochs.
    np.testing.assert_allclose(p.path_loss, h.loss[list(h.snapshot_epochs)], rtol=1e-10)
    assert p.plane_path_loss[-1] == pytest.approx(h.loss[-1], rel=1e-12)
    assert 0 < p.explained.sum() <= 1 + 1e-12 and p.explained[0] >= p.explained[1]
    # Every snapshot's projection lies inside the loss grid.
    assert (p.coords[:, 0] > p.u[0]).all() and (p.coords[:, 0] < p.u[-1]).all()
    assert (p.coords[:, 1] > p.v[0]).all() and (p.coords[:, 1] < p.v[-1]).all()
    # The coordinates reproduce the snapshot's in-plane part.
    diff = flatten_params(h.snapshots[0]) - flatten_params(small_fit.params)
    np.testing.assert_allclose(p.coords[0], p.components @ diff, atol=1e-12)


def test_batched_loss_many_classes_matches_model():
    cfg = ModelConfig(input_dim=2, hidden=(4,), activation="relu", n_classes=3)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 2))
    y = rng.integers(0, 3, 30)
    sets = [
        {k: rng.normal(size=s) for k, s in
         {"W0": (4, 2), "b0": (4,), "W1": (3, 4), "b1": (3,)}.items()}
        for _ in range(3)
    ]
    batch = {k: np.stack([s[k] for s in sets]) for k in sets[0]}
    got = batched_mlp_loss(cfg, batch, x, y)
    for g, params in zip(got, sets, strict=True):
        with torch.no_grad():
            out = arrays_to_model(cfg, params)(torch.as_tensor(x))
            want = float(loss_fn(3)(out, torch.as_tensor(y)))
        assert g == pytest.approx(want, rel=1e-12)
