"""Depth buys pieces: the constructed networks, the piece counter, and the cached artefact.

The piece counter is checked against pieces known independently: the tent map's
2^k, a one-layer network's distinct kinks read off its weights, and hand-made
piecewise-linear functions.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import construct as c
from engine.errors import ConfigError

FINE = np.linspace(0.0, 1.0, 2**14 + 1)


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6, 7])
def test_tent_network_computes_the_folded_tent_map(k):
    net = c.tent_network(k)
    np.testing.assert_allclose(c.relu_forward(net, FINE), c.tent(FINE, k), atol=1e-12)
    assert c.n_params(net) == 6 * k + 1
    assert c.count_pieces(FINE, c.relu_forward(net, FINE)) == 2**k


def test_tent_network_weights_follow_the_formula():
    net = c.tent_network(3)
    assert [w.shape for w, _ in net] == [(2, 1), (2, 2), (2, 2), (1, 2)]
    for w, b in net[1:-1]:
        np.testing.assert_array_equal(w, [[2.0, -4.0], [2.0, -4.0]])
        np.testing.assert_array_equal(b, [0.0, -0.5])
    np.testing.assert_array_equal(net[-1][0], [[2.0, -4.0]])


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_one_layer_of_the_same_size_has_at_most_units_plus_one_pieces(k):
    units = 2 * k
    net = c.one_layer_network(k, units)
    assert c.n_params(net) == c.n_params(c.tent_network(k))
    pieces = c.count_pieces(FINE, c.relu_forward(net, FINE))
    assert pieces <= units + 1
    # Least squares on evenly spaced knots uses every one: the bound is reached.
    assert pieces == units + 1


def _kinks_from_weights(net, lo=0.0, hi=1.0) -> int:
    """Distinct knots -b/w inside (lo, hi) where the output's slope really changes."""
    (w, b), (v, _) = net
    w, b, v = w[:, 0], b, v[0]
    knots = {}
    for wi, bi, vi in zip(w, b, v, strict=True):
        if wi == 0 or vi == 0:
            continue
        t = round(-bi / wi, 9)
        if lo < t < hi:
            knots[t] = knots.get(t, 0.0) + vi * abs(wi)  # slope change at t
    return sum(1 for d in knots.values() if abs(d) > 1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_counted_pieces_of_random_one_layer_nets_match_their_weights(seed):
    rng = np.random.default_rng(seed)
    h = int(rng.integers(1, 12))
    w = rng.normal(size=(h, 1))
    b = rng.uniform(-1, 1, h) * np.abs(w[:, 0])  # knots -b/w spread over [-1, 1]
    net = [(w, b), (rng.normal(size=(1, h)), rng.normal(size=1))]
    pieces = c.count_pieces(FINE, c.relu_forward(net, FINE))
    assert pieces == _kinks_from_weights(net) + 1
    assert pieces <= h + 1


def test_count_pieces_on_hand_made_functions():
    x = np.linspace(-1.0, 2.0, 3001)
    assert c.count_pieces(x, 3 * x + 1) == 1
    assert c.count_pieces(x, np.abs(x)) == 2
    assert c.count_pieces(x, np.abs(x) + np.abs(x - 1.0 / 3.0)) == 3  # kink off the grid
    # Float noise far below the slopes does not make pieces.
    noisy = np.abs(x) + 1e-13 * np.sin(1e4 * x)
    assert c.count_pieces(x, noisy) == 2


def test_count_pieces_bad_input():
    with pytest.raises(ConfigError, match="increase"):
        c.count_pieces(np.array([0.0, 2.0, 1.0]), np.zeros(3))
    with pytest.raises(ConfigError, match="shape"):
        c.count_pieces(np.zeros(4), np.zeros(3))
    with pytest.raises(ConfigError, match="k=0"):
        c.tent_network(0)
    with pytest.raises(ConfigError, match="grid"):
        c.FoldingConfig(k_max=5, grid=64)
    with pytest.raises(ConfigError, match="seeds"):
        c.FoldingConfig(seeds=())


SMALL = c.FoldingConfig(k_max=3, k_train=2, grid=2**12, n_draw=65, n_train=64, n_test=100,
                        epochs=40, lr=0.01, seeds=(0, 1))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEEPWARP_CACHE", str(tmp_path_factory.mktemp("construct-cache")))
        yield c.folding(SMALL)


def test_folding_counts_what_its_networks_compute(small):
    assert small["deep_pieces"].tolist() == [2, 4, 8]
    assert small["wide_units"].tolist() == [2, 4, 6]
    assert small["wide_pieces"].tolist() == [3, 5, 7]
    np.testing.assert_array_equal(small["deep_params"], small["wide_params"])
    for i, k in enumerate(small["k"]):
        net = [(small[f"deep{k}_W{j}"], small[f"deep{k}_b{j}"]) for j in range(k + 1)]
        np.testing.assert_allclose(small["deep_curve"][i],
                                   c.relu_forward(net, small["x_draw"]), atol=0)


def test_folding_training_equals_an_independent_run(small):
    import torch

    from engine.config import ModelConfig
    from engine.models import build_mlp

    k = int(small["k_train"])
    y = (c.tent(small["x_test"], k) > 0.5).astype(int)
    np.testing.assert_array_equal(small["y_test"], y)
    assert float(small["constructed_accuracy"]) == 1.0
    # Seed 1 of the wide shape, trained here by hand with plain Adam steps.
    model = build_mlp(ModelConfig(1, (2 * k,), "relu", 2), seed=1)
    opt = torch.optim.Adam(model.parameters(), lr=SMALL.lr)
    x = torch.as_tensor(small["x_train"][:, None])
    t = torch.as_tensor(small["y_train"], dtype=torch.float64)
    for _ in range(SMALL.epochs):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x)[:, 0], t)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        logits = model(torch.as_tensor(small["x_test"][:, None]))[:, 0].numpy()
    assert small["trained_wide_accuracy"][1] == np.mean((logits > 0) == y)
    with torch.no_grad():
        curve = model(torch.as_tensor(small["x_draw"][:, None]))[:, 0].numpy()
    np.testing.assert_allclose(small["trained_wide_curve"][1], curve, atol=1e-12)
