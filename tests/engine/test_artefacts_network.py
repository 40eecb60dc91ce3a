"""The network artefacts against independent numpy computations.

Gradients against central finite differences of a numpy forward pass, the
chain rule against its own factors, the SGD step against a numpy update and
re-evaluation, softmax outputs against a manual forward pass of the cached
parameters, and the right/wrong digits against the labels.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from engine.artefacts import network as art
from engine.config import DataConfig
from engine.datasets import load
from engine.errors import ConfigError


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory):
    """One private cache for the module, so each network is trained once."""
    path = tmp_path_factory.mktemp("network-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEEPWARP_CACHE", str(path))
        yield path


@pytest.fixture(scope="module")
def bp(module_cache):
    return art.backprop_example()


@pytest.fixture(scope="module")
def fp(module_cache):
    return art.digit_forward_pass()


@pytest.fixture(scope="module")
def losses(module_cache):
    return art.digit_losses()


@pytest.fixture(scope="module")
def net(module_cache):
    return art.digits_network()


@pytest.fixture(scope="module")
def digits(module_cache):
    return load(art.DIGITS_DATA)


# --- independent numpy forward passes ----------------------------------------------

def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _forward(params, x, act, n_lin):
    """Every layer's activation; the last one is the logits."""
    acts = [np.asarray(x, dtype=np.float64)]
    for l in range(n_lin):
        z = acts[-1] @ params[f"W{l}"].T + params[f"b{l}"]
        acts.append(z if l == n_lin - 1 else act(z))
    return acts


def _bce(params, x, y):
    logit = _forward(params, x, np.tanh, 3)[-1][0]
    # −[y ln σ(z) + (1 − y) ln(1 − σ(z))], written in a stable form.
    return float(np.logaddexp(0.0, logit) - y * logit)


def _params(ex, suffix=""):
    return {f"{p}{l}": ex[f"{p}{l}{suffix}"] for l in range(3) for p in ("W", "b")}


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# --- backpropagation ---------------------------------------------------------------------

def test_autograd_gradients_equal_finite_differences(bp):
    params = _params(bp)
    x, y = bp["x"], int(bp["label"])
    assert float(bp["loss"]) == pytest.approx(_bce(params, x, y), abs=1e-12)
    h = 1e-6
    for name, p in params.items():
        fd = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[name][idx] += h
            minus[name][idx] -= h
            fd[idx] = (_bce(plus, x, y) - _bce(minus, x, y)) / (2 * h)
        np.testing.assert_allclose(bp[f"g{name}"], fd, atol=1e-8, err_msg=name)


def test_chain_rule_factors_multiply_to_the_gradient(bp):
    layer, j, i = (int(bp[k]) for k in ("chain_layer", "chain_j", "chain_i"))
    factors = [float(bp[k]) for k in ("chain_dL_da", "chain_da_dz", "chain_dz_dw")]
    grad = float(bp[f"gW{layer}"][j, i])
    assert float(bp["chain_grad"]) == grad
    assert np.prod(factors) == pytest.approx(grad, abs=1e-14)
    # Each factor by hand: ∂a/∂z = 1 − tanh²(z), ∂z/∂w = a_i, and ∂L/∂a by a
    # numpy backward pass from ∂L/∂logit = σ(logit) − y.
    acts = _forward(_params(bp), bp["x"], np.tanh, 3)
    z = bp[f"W{layer}"][j] @ acts[layer] + bp[f"b{layer}"][j]
    assert factors[1] == pytest.approx(1 - np.tanh(z) ** 2, abs=1e-14)
    assert factors[2] == acts[layer][i]
    delta = np.array([_sigmoid(acts[-1][0]) - int(bp["label"])])
    for l in range(2, layer, -1):  # back from the logit to layer + 1's output
        delta = bp[f"W{l}"].T @ delta  # ∂L/∂a of acts[l]
        if l - 1 > layer:
            delta = delta * (1 - acts[l] ** 2)  # through tanh, to ∂L/∂z
    assert factors[0] == pytest.approx(delta[j], abs=1e-14)
    # The weight is the layer's largest |∂L/∂w|.
    assert abs(grad) == np.abs(bp[f"gW{layer}"]).max()


def test_one_sgd_step_lowers_the_recomputed_loss(bp):
    lr = float(bp["lr"])
    params, after = _params(bp), _params(bp, "_after")
    for name in params:
        np.testing.assert_allclose(after[name], params[name] - lr * bp[f"g{name}"],
                                   atol=1e-15, err_msg=name)
    x, y = bp["x"], int(bp["label"])
    assert float(bp["loss_after"]) == pytest.approx(_bce(after, x, y), abs=1e-12)
    assert float(bp["loss_after"]) < float(bp["loss"])
    acts = _forward(after, x, np.tanh, 3)
    for l, a in enumerate(acts):
        np.testing.assert_allclose(bp[f"act{l}_after"], a, atol=1e-12)
    assert float(bp["y_hat_after"]) == pytest.approx(_sigmoid(acts[-1][0]), abs=1e-12)
    layer, j, i = (int(bp[k]) for k in ("chain_layer", "chain_j", "chain_i"))
    assert float(bp["chain_w_after"]) == after[f"W{layer}"][j, i]


def test_backprop_example_is_a_real_training_point_and_rounds_consistently(bp):
    data = load(art.BACKPROP_DATA)
    i = int(bp["index"])
    np.testing.assert_array_equal(bp["x"], data.x_train[i])
    assert int(bp["label"]) == data.y_train[i]
    acts = _forward(_params(bp), bp["x"], np.tanh, 3)
    for l, a in enumerate(acts):
        np.testing.assert_allclose(bp[f"act{l}"], a, atol=1e-12)
    assert float(bp["y_hat"]) == pytest.approx(_sigmoid(acts[-1][0]), abs=1e-12)
    # What the scene shows with 3 decimals adds up by hand.
    f = [round(float(bp[k]), 3) for k in ("chain_dL_da", "chain_da_dz", "chain_dz_dw")]
    assert round(f[0] * f[1] * f[2], 3) == round(float(bp["chain_grad"]), 3)
    w, g, lr = round(float(bp["chain_w"]), 3), round(float(bp["chain_grad"]), 3), float(bp["lr"])
    assert round(w - lr * g, 3) == round(float(bp["chain_w_after"]), 3)
    # So do the output lines (sigmoid of the shown logit, -ln of the shown ŷ) and 1 - a².
    y = int(bp["label"])
    for logit, y_hat, loss in ((bp["act3"][0], bp["y_hat"], bp["loss"]),
                               (bp["act3_after"][0], bp["y_hat_after"], bp["loss_after"])):
        shown = round(float(y_hat), 3)
        assert round(_sigmoid(round(float(logit), 3)), 3) == shown
        assert round(-np.log(shown if y == 1 else 1 - shown), 3) == round(float(loss), 3)
    a = round(float(bp["act2"][int(bp["chain_j"])]), 3)
    assert round(1 - a * a, 3) == round(float(bp["chain_da_dz"]), 3)
    assert art.lines_agree(bp, 3, "tanh")
    tampered = dict(bp, loss=np.array(float(bp["loss"]) + 0.01))
    assert not art.lines_agree(tampered, 3, "tanh")


# --- digits --------------------------------------------------------------------------------

def test_softmax_outputs_equal_a_manual_forward_pass(fp, digits):
    for part in ("right", "wrong"):
        i = int(fp[f"{part}_index"])
        image = digits.extras["images_test"][i]
        np.testing.assert_array_equal(fp[f"{part}_image"], image)
        np.testing.assert_array_equal(fp[f"{part}_act0"], image.reshape(-1))
        acts = _forward(fp, image.reshape(-1), _sigmoid, 3)
        for l, a in enumerate(acts):
            np.testing.assert_allclose(fp[f"{part}_act{l}"], a, atol=1e-12)
        np.testing.assert_allclose(fp[f"{part}_probs"], _softmax(acts[-1]), atol=1e-12)
        assert fp[f"{part}_probs"].sum() == pytest.approx(1.0, abs=1e-12)


def test_right_digit_is_right_and_wrong_digit_is_really_misclassified(fp, digits):
    pred = _forward(fp, digits.x_test, _sigmoid, 3)[-1].argmax(axis=1)
    correct = pred == digits.y_test
    for part, ok in (("right", True), ("wrong", False)):
        i = int(fp[f"{part}_index"])
        assert int(fp[f"{part}_label"]) == digits.y_test[i]
        assert int(fp[f"{part}_pred"]) == pred[i] == int(np.argmax(fp[f"{part}_probs"]))
        assert bool(pred[i] == digits.y_test[i]) is ok
        # Rank 0: the first such test image, no hand-picking.
        assert i == int(np.flatnonzero(correct == ok)[0])
    assert int(fp["n_wrong"]) == int((~correct).sum())
    assert float(fp["test_accuracy"]) == pytest.approx(correct.mean(), abs=1e-12)
    row = int(fp["drawn_row"])
    np.testing.assert_array_equal(fp["drawn_inputs"], np.arange(16 * row, 16 * row + 16))


def test_digits_network_is_the_trained_one(net, digits):
    assert net["widths"].tolist() == [256, 16, 16, 10]
    assert int(net["n_params"]) == sum(net[f"{p}{l}"].size for l in range(3) for p in "Wb")
    pred = _forward(net, digits.x_test, _sigmoid, 3)[-1].argmax(axis=1)
    assert float(net["test_accuracy"]) == pytest.approx((pred == digits.y_test).mean())
    assert float(net["test_accuracy"]) > 0.9  # it really learned
    assert net["loss"][-1] < 0.1 * net["loss"][0]


def test_losses_are_cross_entropy_and_squared_error_of_real_outputs(losses, digits, fp):
    y = losses["labels"]
    idx = losses["index"]
    np.testing.assert_array_equal(y, digits.y_train[idx])
    np.testing.assert_array_equal(losses["images"], digits.extras["images_train"][idx])
    # The last stage is the trained network: a manual forward pass gives its outputs.
    probs = _softmax(_forward(fp, digits.x_train, _sigmoid, 3)[-1])
    np.testing.assert_allclose(losses["probs"][-1], probs[idx], atol=1e-12)
    target = np.eye(10)[y]
    np.testing.assert_array_equal(losses["target"], target)
    for s in range(len(losses["stages"])):
        p = losses["probs"][s]
        np.testing.assert_allclose(losses["ce"][s], -np.log(p[np.arange(len(y)), y]), atol=1e-12)
        np.testing.assert_allclose(losses["se"][s], ((p - target) ** 2).sum(axis=1), atol=1e-12)
    # The mean over every training image is the loss the engine recorded while training.
    stages = losses["stages"]
    np.testing.assert_allclose(losses["mean_ce"], losses["loss"][stages], rtol=1e-10)
    ce_all = -np.log(probs[np.arange(len(digits.y_train)), digits.y_train])
    assert int(losses["hardest"]) == int(np.argmax(ce_all)) == int(idx[-1])
    assert stages.tolist() == [0, 1, art.DIGITS_TRAIN.epochs]


# --- errors and a warm read ---------------------------------------------------------------

def test_bad_arguments_name_the_value(module_cache):
    with pytest.raises(ConfigError, match="'circle'.*allowed: 'digits'"):
        art.digit_forward_pass(DataConfig("circle"))
    with pytest.raises(ConfigError, match="right_rank=-1"):
        art.digit_forward_pass(right_rank=-1)
    with pytest.raises(ConfigError, match="epoch=7"):
        art.backprop_example(epoch=7)
    with pytest.raises(ConfigError, match="layer=2"):
        art.backprop_example(layer=2)
    with pytest.raises(ConfigError, match="3 classes"):
        art.backprop_example(DataConfig("sign", n=40))


def test_warm_read_needs_no_torch(bp, fp, losses, net, module_cache):
    code = (
        "import sys\n"
        "from engine.artefacts import network as a\n"
        "a.digits_network(); a.digit_forward_pass(); a.digit_losses(); a.backprop_example()\n"
        "assert 'torch' not in sys.modules, 'a warm read imported torch'\n"
    )
    env = dict(os.environ, DEEPWARP_CACHE=str(module_cache))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
