"""The opening scene's candidates against independent numpy and torch computations."""

from __future__ import annotations

import numpy as np
import pytest

from engine.artefacts import intro as art
from engine.config import TrainConfig
from engine.datasets import load
from engine.errors import ConfigError


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    """One private cache for the module, so the digits network is trained once."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEEPWARP_CACHE", str(tmp_path_factory.mktemp("intro-cache")))
        yield


@pytest.fixture(scope="module")
def artefact(module_cache):
    return art.find_the_function()


@pytest.fixture(scope="module")
def fitted(module_cache):
    return art.digits_fit()


def _tanh_net(p, x):
    """Manual forward pass: tanh hidden layers, raw logits out."""
    a = x
    n = len([k for k in p if k.startswith("W")])
    for l in range(n):
        z = a @ p[f"W{l}"].T + p[f"b{l}"]
        a = z if l == n - 1 else np.tanh(z)
    return a


def test_scores_are_accuracies_recomputed_from_each_snapshot(artefact, fitted):
    data = load(art.DIGITS_DATA)
    assert artefact["epochs"].tolist() == list(art.DIGITS_TRAIN.snapshot_epochs)
    for k, snap in enumerate(fitted.history.snapshots):
        guess_tr = _tanh_net(snap, data.x_train).argmax(axis=1)
        guess_te = _tanh_net(snap, data.x_test).argmax(axis=1)
        assert artefact["train_accuracy"][k] == pytest.approx(np.mean(guess_tr == data.y_train))
        assert artefact["test_accuracy"][k] == pytest.approx(np.mean(guess_te == data.y_test))
        n, m = len(artefact["train_labels"]), len(artefact["test_labels"])
        np.testing.assert_array_equal(artefact["train_guesses"][k], guess_tr[:n])
        np.testing.assert_array_equal(artefact["test_guesses"][k], guess_te[:m])


def test_last_snapshot_is_the_trained_network(fitted):
    final = fitted.history.snapshots[-1]
    for name, v in fitted.params.items():
        np.testing.assert_array_equal(final[name], v)


def test_best_is_highest_training_score_and_training_helped(artefact):
    acc = artefact["train_accuracy"]
    assert acc[int(artefact["best"])] == acc.max()
    assert acc[0] < 0.3  # untrained: about chance (10 classes)
    assert np.all(np.diff(acc) > 0)  # each candidate better than the one before
    assert artefact["test_accuracy"][int(artefact["best"])] > 0.9


def test_shown_images_are_the_first_of_each_split(artefact):
    data = load(art.DIGITS_DATA)
    n, m = len(artefact["train_labels"]), len(artefact["test_labels"])
    np.testing.assert_array_equal(artefact["train_images"].reshape(n, -1), data.x_train[:n])
    np.testing.assert_array_equal(artefact["test_images"].reshape(m, -1), data.x_test[:m])
    np.testing.assert_array_equal(artefact["test_labels"], data.y_test[:m])
    assert int(artefact["n_train"]) + int(artefact["n_test"]) == 1797


def test_forward_matches_torch(fitted):
    import torch

    x = load(art.DIGITS_DATA).x_test[:20]
    with torch.no_grad():
        ref = fitted.model()(torch.as_tensor(x)).numpy()
    np.testing.assert_allclose(art.forward(fitted.params, x)[-1], ref, atol=1e-12)


def test_bad_candidates_are_refused(module_cache):
    with pytest.raises(ConfigError, match="snapshot_epochs"):
        art.find_the_function(train_cfg=TrainConfig(epochs=5, snapshot_epochs=(5,)))
    with pytest.raises(ConfigError, match="n_test_shown"):
        art.find_the_function(n_test_shown=0)
    with pytest.raises(ConfigError, match="activation"):
        art.forward({}, np.zeros((1, 2)), "relu")
