"""NeuronEquation and ActivationFunctions: frames, displayed values, smoke renders.

Plus their English/Chinese catalogue and the diagram helpers they draw with
(scenes/common/diagram.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from tests.scenes.frames import (
    assert_chinese_render,
    assert_every_mark_waited_on_time,
    assert_frame_matches,
    render_all_frames,
    render_last_frame,
)


@pytest.fixture(scope="module")
def equation(media):
    from scenes.neuron import NeuronEquation

    return render_last_frame(NeuronEquation, media)


@pytest.fixture(scope="module")
def activations(media):
    from scenes.neuron import ActivationFunctions

    return render_last_frame(ActivationFunctions, media)


@pytest.fixture(scope="module")
def example():
    from engine.artefacts.neuron import neuron_example

    return neuron_example()


def hand(v: Decimal, places: int = 2) -> Decimal:
    """Rounded as a viewer with a calculator rounds: half up, on the decimal digits."""
    q = Decimal(1).scaleb(-places)
    out = Decimal(v).quantize(q, rounding=ROUND_HALF_UP)
    return out + 0 if out else abs(out)  # no "-0.00"


# --- NeuronEquation --------------------------------------------------------------

def test_neuron_equation_last_frame(equation, request):
    assert_frame_matches(equation[1], "NeuronEquation", request)


def test_displayed_z_and_sigma_are_the_engines(equation, example):
    shown = equation[0].displayed
    w, a, b = example["w"], example["a"], float(example["b"])
    # z on screen is w·a + b by numpy, and what the engine's forward hook recorded.
    assert shown["z"] == pytest.approx(float(np.dot(w, a) + b), abs=1e-12)
    assert shown["z"] == pytest.approx(float(example["z"]), abs=1e-12)
    # σ(z) on screen is tanh of that z, and the engine's recorded activation.
    assert shown["sigma_z"] == pytest.approx(np.tanh(shown["z"]), abs=1e-12)
    assert shown["sigma_z"] == float(example["sigma_z"])
    np.testing.assert_array_equal(shown["w"], w)
    np.testing.assert_array_equal(shown["a"], a)
    assert shown["b"] == b
    np.testing.assert_array_equal(shown["x"], example["x"])
    assert shown["test_accuracy"] == float(example["test_accuracy"])
    assert shown["widths"] == example["widths"].tolist()
    np.testing.assert_array_equal(shown["curve_sigma"], example["curve_sigma"])


def test_displayed_strings_are_the_values_rounded(equation, example):
    shown = equation[0].displayed
    w, a, b, z = example["w"], example["a"], float(example["b"]), float(example["z"])

    def two(v):
        return f"{v:.2f}"

    assert shown["w_text"] == [two(v) for v in w]
    assert shown["a_text"] == [two(v) for v in a]
    assert shown["b_text"] == two(b)
    assert shown["products_text"] == [two(v) for v in w * a]
    assert shown["z_text"] == two(z)
    assert shown["sigma_z_text"] == two(np.tanh(z))
    assert shown["x_text"] == [two(v) for v in example["x"]]


def test_displayed_arithmetic_adds_up_from_the_displayed_numbers(equation):
    """Every step, redone by hand from the rounded numbers on screen, gives the next one."""
    shown = equation[0].displayed
    products = [hand(Decimal(u) * Decimal(v)) for u, v in zip(shown["w_text"],
                                                               shown["a_text"], strict=True)]
    assert shown["products_text"] == [str(p) for p in products]
    total = hand(sum(products))
    assert shown["sum_products_text"] == str(total)
    assert shown["z_chain_text"] == str(hand(total + Decimal(shown["b_text"])))
    # The chosen point needs no "unrounded" note: the chain ends on the neuron's own z.
    assert shown["z_chain_text"] == shown["z_text"]
    assert shown["z_unrounded_shown"] is False
    assert str(hand(Decimal(np.tanh(float(shown["z_text"]))))) == shown["sigma_z_text"]


def test_neuron_equation_waits_for_every_mark_on_time(equation):
    """Rendered with the animations skipped, so the clock moves by exact run times."""
    assert assert_every_mark_waited_on_time(equation[0], languages=("en", "zh"))


def test_neuron_equation_smoke(media):
    from scenes.neuron import NeuronEquation

    scene = render_all_frames(NeuronEquation, media, frame_rate=1)
    assert scene.renderer.time > 30  # every beat played
    assert len(scene.displayed) > 10


# --- ActivationFunctions -----------------------------------------------------------

def test_activation_functions_last_frame(activations, request):
    assert_frame_matches(activations[1], "ActivationFunctions", request)


def test_displayed_curves_are_numpy_formulas(activations):
    shown = activations[0].displayed
    formulas = {
        "tanh": np.tanh,
        "sigmoid": lambda v: 1 / (1 + np.exp(-v)),
        "relu": lambda v: np.maximum(v, 0),
        "softplus": lambda v: np.log1p(np.exp(v)),
    }
    z = np.linspace(-4, 4, 161)
    x = shown["line_x"]
    np.testing.assert_allclose(x, np.linspace(-3, 3, 13))
    for name, f in formulas.items():
        np.testing.assert_allclose(shown[f"curve_{name}"], f(z), atol=1e-12, err_msg=name)
        np.testing.assert_allclose(shown[f"line_{name}"], f(x), atol=1e-12, err_msg=name)
        assert shown[f"span_{name}"] == pytest.approx(np.ptp(f(x)), abs=1e-12)
    assert shown["line_span"] == pytest.approx(6.0)
    assert shown["relu_zeros"] == int(np.sum(x <= 0))


def test_activation_functions_waits_for_every_mark_on_time(activations):
    assert assert_every_mark_waited_on_time(activations[0], languages=("en", "zh"))


def test_activation_functions_smoke(media):
    from scenes.neuron import ActivationFunctions

    scene = render_all_frames(ActivationFunctions, media, frame_rate=1)
    assert scene.renderer.time > 15
    assert "relu_zeros" in scene.displayed


# --- languages ----------------------------------------------------------------------

@pytest.mark.parametrize("name, fixture", [("NeuronEquation", "equation"),
                                           ("ActivationFunctions", "activations")])
def test_chinese_last_frame_renders_with_the_same_numbers(name, fixture, media, request,
                                                          monkeypatch):
    import scenes.neuron as sn

    english = request.getfixturevalue(fixture)[0]
    assert_chinese_render(getattr(sn, name), english, media, monkeypatch)


# --- the diagram helpers ----------------------------------------------------------

def test_weight_style_maps_sign_to_colour_and_size_to_width():
    from scenes.common import style
    from scenes.common.diagram import weight_style

    pos, neg = weight_style(2.0, 4.0, min_width=1, max_width=9), weight_style(-4.0, 4.0)
    assert pos.color == style.POSITIVE and pos.width == pytest.approx(5.0)
    assert neg.color == style.NEGATIVE and neg.width == pytest.approx(8.0)
    assert weight_style(-9.0, 4.0).width == pytest.approx(8.0)  # clipped at w_max
    with pytest.raises(ValueError, match="w_max=0"):
        weight_style(1.0, 0)


def test_network_diagram_draws_at_most_max_drawn_with_an_ellipsis():
    from scenes.common.diagram import NetworkDiagram

    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(16, 784)), rng.normal(size=(10, 16))]
    net = NetworkDiagram((784, 16, 10), weights=weights, max_drawn=16)
    assert [len(layer) for layer in net.layers] == [16, 16, 10]
    assert net.drawn[0].tolist() == [*range(8), *range(776, 784)]
    assert len(net.ellipses) == 1
    # Every drawn edge is one straight cubic (4 points) in one of the paths.
    n_points = sum(len(p.points) for p in net.edges)
    assert n_points == 4 * (16 * 16 + 16 * 10)
    assert net.neuron(0, 783) is net.layers[0][-1]
    with pytest.raises(IndexError, match="not drawn"):
        net.neuron(0, 100)
    with pytest.raises(ValueError, match="weight shapes"):
        NetworkDiagram((3, 2), weights=[np.zeros((3, 2))])


def test_neuron_fill_follows_activation_sign_and_size():
    from manim import ManimColor

    from scenes.common import style
    from scenes.common.diagram import Neuron, activation_fill

    assert activation_fill(1.5) == ManimColor(style.POSITIVE).to_hex()
    assert activation_fill(-1.0) == ManimColor(style.NEGATIVE).to_hex()
    assert activation_fill(0.0) == ManimColor(style.BG).to_hex()
    n = Neuron(activation=-0.5)
    assert n.get_fill_color().to_hex() == activation_fill(-0.5)


def test_a_chain_that_rounds_off_says_which_z_it_uses(media, example, monkeypatch):
    """A point whose rounded steps do not reach the rounded z (the lecture's earlier one:
    1.67 · (-0.44) shows as -0.73, the exact product rounds to -0.72) still adds up on
    screen, and the screen says that the unrounded z is used from there on."""
    import scenes.neuron as sn

    ex = dict(example)
    ex["w"] = np.array([1.66593357, 1.67163794, -2.11418333])
    ex["a"] = np.array([-0.43506211, -0.99996247, -0.43210366])
    ex["b"] = np.array(2.494164886703341)
    ex["z"] = np.array(float(ex["w"] @ ex["a"] + ex["b"]))
    ex["sigma_z"] = np.array(np.tanh(float(ex["z"])))
    monkeypatch.setattr(sn, "neuron_example", lambda: ex)
    scene, _ = render_last_frame(sn.NeuronEquation, media / "rounds-off")
    shown = scene.displayed
    assert shown["products_text"] == ["-0.73", "-1.67", "0.91"]
    assert shown["sum_products_text"] == "-1.49"
    assert shown["z_chain_text"] == "1.00" != shown["z_text"] == "1.01"
    assert shown["z_unrounded_shown"] is True
