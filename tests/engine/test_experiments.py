"""Deep versus wide: budgets respected, results equal independent training runs."""

import numpy as np
import pytest

from engine.config import DataConfig, ModelConfig, TrainConfig
from engine.datasets import load
from engine.errors import ConfigError
from engine.experiments import DeepWideConfig, _params, deep_versus_wide, width_for_budget
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
