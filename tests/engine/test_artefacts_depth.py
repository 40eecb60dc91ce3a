"""The depth artefacts against independent training runs and manual forward passes."""

from __future__ import annotations

import numpy as np
import pytest

from engine.artefacts import depth as art
from engine.config import DataConfig, ModelConfig, TrainConfig
from engine.datasets import load
from engine.errors import ConfigError
from engine.experiments import DeepWideConfig

# A small version of the experiment, so the test trains in a second or two.
SMALL = DeepWideConfig(data=DataConfig(name="xor", n=120), budget=40, depths=(1, 2),
                       epochs=30, lr=0.02, seeds=(0, 1))


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEEPWARP_CACHE", str(tmp_path_factory.mktemp("depth-cache")))
        yield


@pytest.fixture(scope="module")
def feats(module_cache):
    return art.learned_features()


def test_summary_is_mean_min_max_over_seeds(module_cache):
    r = art.deep_wide(SMALL)
    for split in ("train", "test"):
        acc = r[f"{split}_accuracy"]
        assert acc.shape == (2, 2)
        np.testing.assert_allclose(r[f"{split}_mean"], [np.mean(row) for row in acc])
        np.testing.assert_allclose(r[f"{split}_min"], [min(row) for row in acc])
        np.testing.assert_allclose(r[f"{split}_max"], [max(row) for row in acc])
    np.testing.assert_array_equal(r["x"], load(SMALL.data).x)


def test_an_entry_equals_an_independent_training_run(module_cache):
    from engine.train import train

    r = art.deep_wide(SMALL)
    data = load(SMALL.data)
    depth, width = int(r["depth"][1]), int(r["width"][1])
    _, h = train(ModelConfig(2, (width,) * depth, "tanh", 2),
                 TrainConfig(epochs=SMALL.epochs, lr=SMALL.lr, seed=1), data)
    assert r["test_accuracy"][1, 1] == h.test_accuracy[-1]


def test_default_experiment_has_equal_budgets():
    from engine.experiments import width_for_budget

    cfg = art.DEEP_WIDE
    for d in cfg.depths:
        w = width_for_budget(d, cfg.budget, 2, 1)
        n = ModelConfig(2, (w,) * d, cfg.activation, 2).n_params
        assert abs(n - cfg.budget) <= 0.07 * cfg.budget


def test_features_are_rows_of_w0(feats):
    np.testing.assert_array_equal(feats["features"].reshape(16, 64), feats["W0"])


def test_activations_are_a_manual_forward_pass(feats):
    data = load(art.DIGITS_DATA)
    x = data.x_test[0]
    np.testing.assert_array_equal(feats["image"].reshape(-1), x)
    assert int(feats["label"]) == data.y_test[0]
    a1 = np.tanh(feats["W0"] @ x + feats["b0"])
    a2 = np.tanh(feats["W1"] @ a1 + feats["b1"])
    logits = feats["W2"] @ a2 + feats["b2"]
    np.testing.assert_allclose(feats["a1"], a1, atol=1e-12)
    np.testing.assert_allclose(feats["z1"], feats["W0"] @ x + feats["b0"], atol=1e-12)
    np.testing.assert_allclose(feats["a2"], a2, atol=1e-12)
    np.testing.assert_allclose(feats["logits"], logits, atol=1e-12)
    p = np.exp(logits) / np.exp(logits).sum()
    np.testing.assert_allclose(feats["probs"], p, atol=1e-12)
    assert int(feats["prediction"]) == int(np.argmax(p))


def test_test_accuracy_recomputed_from_cached_params(feats):
    data = load(art.DIGITS_DATA)
    a = np.tanh(data.x_test @ feats["W0"].T + feats["b0"])
    a = np.tanh(a @ feats["W1"].T + feats["b1"])
    pred = (a @ feats["W2"].T + feats["b2"]).argmax(axis=1)
    assert float(feats["test_accuracy"]) == pytest.approx(np.mean(pred == data.y_test))
    assert int(feats["n_test"]) == len(data.y_test)


def test_bad_inputs(module_cache):
    with pytest.raises(ConfigError, match="index"):
        art.learned_features(index=-1)
    with pytest.raises(ConfigError, match="architectures"):
        art.summarize(np.zeros(3))


def test_folds_summary_is_over_the_trained_seeds(module_cache):
    from engine.construct import FoldingConfig

    cfg = FoldingConfig(k_max=2, k_train=2, grid=2**10, n_draw=33, n_train=32, n_test=50,
                        epochs=20, seeds=(0, 1, 2))
    r = art.folds(cfg)
    for name in ("deep", "wide"):
        acc = r[f"trained_{name}_accuracy"]
        assert acc.shape == (3,)
        assert float(r[f"trained_{name}_mean"]) == pytest.approx(np.mean(acc))
        assert float(r[f"trained_{name}_min"]) == acc.min()
        assert float(r[f"trained_{name}_max"]) == acc.max()
    assert r["deep_pieces"].tolist() == [2, 4]


def test_shared_summary_is_mean_min_max_per_network(module_cache):
    from engine.experiments import SharedFeaturesConfig

    r = art.shared(SharedFeaturesConfig(n_common=10, n_rare=2, n_test=10, epochs=10,
                                        seeds=(0, 1)))
    for split in ("rare", "test"):
        acc = r[f"{split}_accuracy"]
        np.testing.assert_allclose(r[f"{split}_mean"], acc.mean(axis=1))
        np.testing.assert_array_equal(r[f"{split}_min"], acc.min(axis=1))
        np.testing.assert_array_equal(r[f"{split}_max"], acc.max(axis=1))

