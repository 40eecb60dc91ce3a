"""FeedForwardNetwork, DigitForwardPass, LossFunction, Backpropagation.

Per scene: the last frame against committed control data, the displayed values
against the engine's artefact, and one smoke render of every animation.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from tests.scenes.frames import (
    assert_every_mark_waited_on_time,
    assert_frame_matches,
    render_all_frames,
    render_last_frame,
)

SCENES = ("FeedForwardNetwork", "DigitForwardPass", "LossFunction", "Backpropagation")


@pytest.fixture(scope="module")
def rendered(media):
    """Scene name -> (scene, last frame), each rendered once with animations skipped."""
    import scenes.network as mod

    return {name: render_last_frame(getattr(mod, name), media) for name in SCENES}


@pytest.fixture(scope="module")
def artefacts():
    from engine.artefacts import network as art

    return {
        "net": art.digits_network(),
        "fp": art.digit_forward_pass(),
        "loss": art.digit_losses(),
        "bp": art.backprop_example(),
    }


@pytest.mark.parametrize("name", SCENES)
def test_last_frame(rendered, name, request):
    assert_frame_matches(rendered[name][1], name, request)


@pytest.mark.parametrize("name", SCENES)
def test_every_mark_is_waited_for_on_time(rendered, name):
    """Each beat waits for every mark of its narration, in order, and none is late (at the
    reading pace: the animations before a mark fit in the words before it)."""
    scene = rendered[name][0]
    assert assert_every_mark_waited_on_time(scene), "no marks in this scene's narration"


def test_feed_forward_shows_the_trained_network(rendered, artefacts):
    shown, net = rendered["FeedForwardNetwork"][0].displayed, artefacts["net"]
    assert shown["widths"] == net["widths"].tolist() == [256, 16, 16, 10]
    assert shown["n_params"] == int(net["n_params"]) == 4554
    assert shown["n_hidden"] == 2
    assert shown["drawn_inputs"] == [*range(8), *range(248, 256)]
    drawn = [np.array(shown["drawn_inputs"]), np.arange(16), np.arange(16), np.arange(10)]
    w_max = max(np.abs(net[f"W{l}"][np.ix_(drawn[l + 1], drawn[l])]).max() for l in range(3))
    assert shown["w_max"] == w_max


def test_digit_forward_pass_values_are_the_engines(rendered, artefacts):
    shown, fp = rendered["DigitForwardPass"][0].displayed, artefacts["fp"]
    for part in ("right", "wrong"):
        for key in ("index", "label", "pred"):
            assert shown[f"{part}_{key}"] == int(fp[f"{part}_{key}"])
        np.testing.assert_array_equal(shown[f"{part}_image"], fp[f"{part}_image"])
        np.testing.assert_array_equal(shown[f"{part}_probs"], fp[f"{part}_probs"])
        for l in range(4):
            np.testing.assert_array_equal(shown[f"{part}_act{l}"], fp[f"{part}_act{l}"])
        pred = int(fp[f"{part}_pred"])
        assert shown[f"{part}_conf_text"] == f"{100 * fp[f'{part}_probs'][pred]:.1f} %"
    assert shown["right_pred"] == shown["right_label"]
    assert shown["wrong_pred"] != shown["wrong_label"]
    y = int(fp["wrong_label"])
    assert shown["wrong_true_text"] == f"{100 * fp['wrong_probs'][y]:.1f} %"
    assert shown["drawn_inputs"] == fp["drawn_inputs"].tolist()
    assert shown["drawn_row"] == int(fp["drawn_row"])
    assert shown["test_accuracy"] == float(fp["test_accuracy"])
    assert shown["test_accuracy_text"] == f"{100 * float(fp['test_accuracy']):.1f} %"
    assert shown["n_wrong"] == int(fp["n_wrong"]) and shown["n_test"] == int(fp["n_test"])


def test_loss_function_values_are_the_engines(rendered, artefacts):
    shown, ls = rendered["LossFunction"][0].displayed, artefacts["loss"]
    last = len(ls["stages"]) - 1
    np.testing.assert_array_equal(shown["probs_before"], ls["probs"][0, 0])
    np.testing.assert_array_equal(shown["probs_after"], ls["probs"][last, 0])
    np.testing.assert_array_equal(shown["target"], np.eye(10)[int(ls["labels"][0])])
    for stage in (0, last):
        p = ls["probs"][stage, 0]
        y = shown["label"]
        assert shown[f"ce_{stage}"] == pytest.approx(-np.log(p[y]), abs=1e-12)
        assert shown[f"se_{stage}"] == pytest.approx(((p - shown["target"]) ** 2).sum(), abs=1e-12)
        assert shown[f"ce_{stage}_text"] == f"{shown[f'ce_{stage}']:.3f}"
    np.testing.assert_array_equal(shown["table_ce"], ls["ce"][[0, last]])
    np.testing.assert_array_equal(shown["table_se"], ls["se"][[0, last]])
    assert shown["hardest"] == int(ls["hardest"]) == shown["table_index"][-1]
    np.testing.assert_array_equal(shown["loss"], ls["loss"])
    np.testing.assert_array_equal(shown["test_loss"], ls["test_loss"])
    assert shown["loss_text"] == [f"{ls['loss'][0]:.3f}", f"{ls['loss'][-1]:.3f}"]


def test_backpropagation_values_are_the_engines(rendered, artefacts):
    shown, bp = rendered["Backpropagation"][0].displayed, artefacts["bp"]
    for l in range(3):
        np.testing.assert_array_equal(shown[f"gW{l}"], bp[f"gW{l}"])
        np.testing.assert_array_equal(shown[f"W{l}_after"], bp[f"W{l}_after"])
        np.testing.assert_array_equal(shown["weights"][l], bp[f"W{l}"])
    for l in range(4):
        np.testing.assert_array_equal(shown[f"act{l}"], bp[f"act{l}"])
        np.testing.assert_array_equal(shown[f"act{l}_after"], bp[f"act{l}_after"])
    factors = [float(bp[k]) for k in ("chain_dL_da", "chain_da_dz", "chain_dz_dw")]
    assert shown["chain_factors"] == factors
    assert shown["chain_grad"] == float(bp["chain_grad"])
    assert shown["chain_texts"] == [f"{v:.3f}" for v in [*factors, float(bp["chain_grad"])]]
    assert shown["loss"] == float(bp["loss"]) and shown["loss_after"] == float(bp["loss_after"])
    assert shown["loss_after"] < shown["loss"]
    assert shown["lr"] == float(bp["lr"])
    assert shown["step_texts"][1] == f"{float(bp['chain_w_after']):.3f}"


def hand(v, places: int = 3) -> str:
    """``v`` rounded as a viewer with a calculator rounds it: half up, no "-0.000"."""
    out = Decimal(v).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(out if out else abs(out))


def test_backpropagation_arithmetic_adds_up_from_the_displayed_numbers(rendered):
    """Each line, redone from the rounded numbers it shows, gives the number it shows next."""
    shown = rendered["Backpropagation"][0].displayed
    dl_da, da_dz, dz_dw, grad = (Decimal(t) for t in shown["chain_texts"])
    assert hand(dl_da * da_dz * dz_dw) == shown["chain_texts"][3]
    a = Decimal(shown["chain_a_text"])
    assert hand(1 - a * a) == shown["chain_texts"][1]  # 1 - a^2, tanh's derivative
    w0, w1 = (Decimal(t) for t in shown["step_texts"][:2])
    assert hand(w0 - Decimal(shown["lr_text"]) * grad) == shown["step_texts"][1]
    assert w1 == Decimal(shown["step_texts"][1])
    for key in ("before", "after"):
        logit, y_hat, loss = shown[f"output_lines_{key}"]
        assert hand(1 / (1 + np.exp(-float(logit)))) == y_hat
        p = float(y_hat) if shown["label"] == 1 else 1 - float(y_hat)
        assert hand(-np.log(p)) == loss
    assert shown["output_lines_before"][2] == shown["step_texts"][2]
    assert shown["output_lines_after"][2] == shown["step_texts"][3]


def test_loss_function_arithmetic_adds_up_from_the_displayed_numbers(rendered):
    """-ln of the p shown gives the loss shown; the squared error is either the sum of the
    rounded column or says on screen that it was summed from the unrounded p."""
    shown = rendered["LossFunction"][0].displayed
    y = shown["label"]
    for stage, probs in ((0, shown["probs_before"]), (len(shown["stages"]) - 1,
                                                      shown["probs_after"])):
        assert hand(-np.log(float(shown[f"p_label_{stage}_text"]))) == shown[f"ce_{stage}_text"]
        assert float(shown[f"p_label_{stage}_text"]) == pytest.approx(probs[y], abs=5e-3)
        column = [Decimal(hand(v, 2)) for v in probs]
        target = np.eye(10)[y]
        by_hand = hand(sum((c - Decimal(int(t))) ** 2 for c, t in zip(column, target,
                                                                      strict=True)))
        assert shown[f"se_{stage}_unrounded_note"] == (by_hand != shown[f"se_{stage}_text"])


@pytest.mark.parametrize("name", SCENES)
def test_smoke_render(name, media):
    import scenes.network as mod

    scene = render_all_frames(getattr(mod, name), media, frame_rate=1)
    assert scene.renderer.time > 30  # every beat played, at narration pace
    assert len(scene.displayed) >= 4
