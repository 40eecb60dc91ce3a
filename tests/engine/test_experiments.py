"""Deep versus wide: budgets respected, results equal independent training runs."""

import numpy as np
import pytest

from engine.config import DataConfig, ModelConfig, TrainConfig
from engine.datasets import load
from engine.errors import ConfigError
from engine.experiments import (
    DeepWideConfig,
    SharedFeaturesConfig,
    _params,
    attribute_points,
    deep_versus_wide,
    shared_features,
    width_for_budget,
)
from engine.train import train


def test_width_for_budget_is_closest_parameter_count():
    for depth in (1, 2, 3, 5):
        w = width_for_budget(depth, 150, 2, 1)
        gap = abs(_params(depth, w, 2, 1) - 150)
        assert all(abs(_params(depth, v, 2, 1) - 150) >= gap for v in range(1, 60))
    assert _params(2, 9, 2, 1) == ModelConfig(hidden=(9, 9)).n_params


def test_results_equal_independent_training():
    cfg = DeepWideConfig(data=DataConfig(name="xor", n=120), budget=40, depths=(1, 3),
                         epochs=40, seeds=(0, 1))
    r = deep_versus_wide(cfg)
    assert r["train_accuracy"].shape == (2, 2)
    assert np.all(np.abs(r["n_params"] - 40) <= 0.25 * 40)
    data = load(cfg.data)
    depth, width = int(r["depth"][1]), int(r["width"][1])
    _, h = train(ModelConfig(2, (width,) * depth, "tanh", 2),
                 TrainConfig(epochs=40, lr=cfg.lr, seed=1), data)
    assert r["test_accuracy"][1, 1] == h.test_accuracy[-1]


def test_bad_experiment_config():
    with pytest.raises(ConfigError, match="depths"):
        DeepWideConfig(depths=(0,))


# --- shared features --------------------------------------------------------------------

SMALL_SHARED = SharedFeaturesConfig(n_common=20, n_rare=3, n_test=30, epochs=30, seeds=(0, 1))


def test_attribute_points_follow_their_definition():
    x, y = attribute_points((50, 40, 30, 5), noise=0.0, seed=3)
    assert np.bincount(y).tolist() == [50, 40, 30, 5]
    a = (np.sign(x[:, 0]) == np.sign(x[:, 1])).astype(int)
    b = (np.sign(x[:, 2]) == np.sign(x[:, 3])).astype(int)
    np.testing.assert_array_equal(2 * a + b, y)


def test_shared_features_budgets_are_equal_and_results_independent():
    import torch
    from torch import nn

    r = shared_features(SMALL_SHARED)
    assert r["n_params"].tolist() == [148, 148]
    assert r["rare_accuracy"].shape == (2, 2)
    assert r["n_train_per_class"].tolist() == [20, 20, 20, 3]
    # Seed 1's shared network, built and trained here by hand.
    x_tr, y_tr = attribute_points((20, 20, 20, 3), SMALL_SHARED.noise, seed=1)
    x_te, y_te = attribute_points((30,) * 4, SMALL_SHARED.noise, seed=10_000)
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(4, 8, dtype=torch.float64), nn.Tanh(),
                        nn.Linear(8, 8, dtype=torch.float64), nn.Tanh(),
                        nn.Linear(8, 4, dtype=torch.float64))
    opt = torch.optim.Adam(net.parameters(), lr=SMALL_SHARED.lr)
    for _ in range(SMALL_SHARED.epochs):
        loss = nn.functional.cross_entropy(net(torch.as_tensor(x_tr)), torch.as_tensor(y_tr))
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        pred = net(torch.as_tensor(x_te)).argmax(dim=1).numpy()
    assert r["rare_accuracy"][0, 1] == np.mean(pred[y_te == 3] == 3)
    assert r["test_accuracy"][0, 1] == np.mean(pred == y_te)


def test_bad_shared_config():
    with pytest.raises(ConfigError, match="n_rare"):
        SharedFeaturesConfig(n_rare=0)
    with pytest.raises(ConfigError, match="shared_hidden"):
        SharedFeaturesConfig(shared_hidden=(8,))
