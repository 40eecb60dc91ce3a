"""The neuron artefacts against independent numpy computations."""

from __future__ import annotations

import numpy as np
import pytest

from engine.artefacts import neuron as art
from engine.datasets import load
from engine.errors import ConfigError


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    """One private cache for the module, so the network is trained once."""
    return tmp_path_factory.mktemp("neuron-cache")


@pytest.fixture(scope="module")
def example(module_cache):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEEPWARP_CACHE", str(module_cache))
        yield art.neuron_example()


def _tanh_forward(ex, x):
    """Manual forward pass of the cached parameters: every layer's activation."""
    acts = [x]
    n_lin = len(ex["widths"]) - 1
    for l in range(n_lin):
        z = ex[f"W{l}"] @ acts[-1] + ex[f"b{l}"]
        acts.append(z if l == n_lin - 1 else np.tanh(z))
    return acts


def test_z_is_weighted_sum_plus_bias(example):
    ex = example
    assert ex["z"] == pytest.approx(float(np.dot(ex["w"], ex["a"]) + ex["b"]), abs=1e-12)
    assert ex["sigma_z"] == pytest.approx(np.tanh(float(ex["z"])), abs=1e-12)


def test_inputs_are_the_recorded_activations_of_a_real_test_point(example):
    ex = example
    data = load(art.NEURON_DATA)
    x = data.x_test[int(ex["point"])]
    np.testing.assert_array_equal(ex["x"], x)
    assert int(ex["label"]) == data.y_test[int(ex["point"])]
    acts = _tanh_forward(ex, x)
    layer, j = int(ex["layer"]), int(ex["neuron"])
    np.testing.assert_allclose(ex["a"], acts[layer], atol=1e-12)
    np.testing.assert_allclose(ex["w"], ex[f"W{layer}"][j], atol=0)
    assert float(ex["b"]) == float(ex[f"b{layer}"][j])
    assert float(ex["sigma_z"]) == pytest.approx(acts[layer + 1][j], abs=1e-12)
    for l in range(len(acts)):
        np.testing.assert_allclose(ex[f"act{l}"], acts[l], atol=1e-12)


def test_network_was_trained(example):
    assert float(example["train_accuracy"]) >= 0.97
    assert float(example["test_accuracy"]) >= 0.97
    assert str(example["activation"]) == "tanh"
    assert example["widths"].tolist() == [2, 3, 3, 1]


def test_point_is_nearest_target_among_points_whose_rounding_adds_up(example):
    ex = example
    data = load(art.NEURON_DATA)
    layer = int(ex["layer"])
    a_in = np.stack([_tanh_forward(ex, x)[layer] for x in data.x_test])
    zs = a_in @ ex["w"] + ex["b"]
    r = np.round
    # What a viewer multiplies: the weights and inputs as shown, 2 decimals each.
    shown_products = r(r(ex["w"], 2) * r(a_in, 2), 2)
    ok = (
        np.all(shown_products == r(ex["w"] * a_in, 2), axis=1)
        & (r(shown_products.sum(axis=1), 2) == r((ex["w"] * a_in).sum(axis=1), 2))
        & (r(r(shown_products.sum(axis=1), 2) + r(ex["b"], 2), 2) == r(zs, 2))
        & (r(np.tanh(r(zs, 2)), 2) == r(np.tanh(zs), 2))
    )
    assert ok[int(ex["point"])]
    dist = np.where(ok, np.abs(zs - 1.0), np.inf)
    assert int(ex["point"]) == int(np.argmin(dist))


def test_pick_neuron_prefers_mixed_signs_then_spread():
    W = np.array([[1.0, 5.0, 0.1], [1.0, -1.0, 0.5], [-3.0, 0.1, 2.0]])
    assert art.pick_neuron(W) == 2  # rows 1 and 2 are mixed; row 2 spreads wider
    assert art.pick_neuron(np.abs(W)) == 0  # no mixed rows: the widest spread (4.9)
    assert art.pick_neuron(np.ones((3, 2))) == 0  # a tie goes to the first


def test_pick_point_falls_back_when_nothing_is_allowed():
    z = np.array([3.0, 1.2, 0.9])
    assert art.pick_point(z, 1.0) == 2
    assert art.pick_point(z, 1.0, np.array([True, True, False])) == 1
    assert art.pick_point(z, 1.0, np.zeros(3, bool)) == 2


def test_curves_equal_numpy_formulas():
    c = art.activation_curves()
    z, x = c["z"], c["line_x"]
    np.testing.assert_allclose(z, np.linspace(-4, 4, 161))
    np.testing.assert_allclose(x, np.linspace(-3, 3, 13))
    formulas = {
        "tanh": np.tanh,
        "sigmoid": lambda v: 1 / (1 + np.exp(-v)),
        "relu": lambda v: np.maximum(v, 0),
        "softplus": lambda v: np.log1p(np.exp(v)),
    }
    for name, f in formulas.items():
        np.testing.assert_allclose(c[name], f(z), atol=1e-12, err_msg=name)
        np.testing.assert_allclose(c[f"line_{name}"], f(x), atol=1e-12, err_msg=name)


def test_example_curve_is_the_networks_activation(example):
    np.testing.assert_allclose(example["curve_sigma"], np.tanh(example["curve_z"]), atol=1e-12)


def test_warm_cache_does_not_train_again(example, module_cache, monkeypatch):
    import engine.train

    def boom(*_a, **_k):
        raise AssertionError("trained again on a warm cache")

    monkeypatch.setattr(engine.train, "fit", boom)
    monkeypatch.setenv("DEEPWARP_CACHE", str(module_cache))
    again = art.neuron_example()
    for k, v in example.items():
        np.testing.assert_array_equal(again[k], v, err_msg=k)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"layer": 0}, "layer=0"),
        ({"layer": 2}, "layer=2"),
        ({"neuron": 3}, "neuron=3"),
        ({"activation": "linear"}, "linear"),
        ({"decimals": -1}, "decimals=-1"),
        ({"curve_lo": 1.0, "curve_hi": 0.0}, "curve range"),
    ],
)
def test_bad_example_arguments_name_the_value(kwargs, words):
    with pytest.raises(ConfigError, match=words):
        art.neuron_example(**kwargs)


def test_bad_curve_arguments_name_the_value():
    with pytest.raises(ConfigError, match="'gelu'"):
        art.activation_curves(("tanh", "gelu"))
    with pytest.raises(ConfigError, match="line points"):
        art.activation_curves(line_n=1)
