"""SpaceTransformations and SeparateOnALine: last frames, displayed values, smoke renders,
and every mark of the narration waited for, on time.

One played render per scene (tests/scenes/frames.py: render_played) serves the first
three; the marks are checked on a render that skips the animations (render_last_frame),
whose clock runs them exactly (played at 1 fps, every animation lasts whole seconds).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.scenes.frames import (
    assert_every_mark_waited_on_time,
    assert_frame_matches,
    render_last_frame,
    render_played,
)


@pytest.fixture(scope="module")
def transformations(media):
    from scenes.space import SpaceTransformations

    return render_played(SpaceTransformations, media)


@pytest.fixture(scope="module")
def separate(media):
    from scenes.space import SeparateOnALine

    return render_played(SeparateOnALine, media)


@pytest.mark.parametrize("name", ["SpaceTransformations", "SeparateOnALine"])
def test_every_mark_is_waited_for_on_time(name, media):
    import scenes.space
    from narration.marks import names

    scene, _ = render_last_frame(getattr(scenes.space, name), media)
    assert_every_mark_waited_on_time(scene)
    assert sum(len(names(t)) for _, _, t in scene.narrations) > len(scene.narrations)


# --- SpaceTransformations ------------------------------------------------------------

def test_space_transformations_last_frame(transformations, request):
    assert_frame_matches(transformations[1], "SpaceTransformations", request)


def test_displayed_matrices_are_the_artefacts(transformations):
    from engine.artefacts.space import LAYER_DATA, LAYER_HIDDEN, LAYER_TRAIN, space_transformations
    from engine.train import fit

    shown = transformations[0].displayed
    s = space_transformations()
    for key in ("scale_W", "rotate_W", "lift_W", "lower_W", "translate_b", "tilt_W"):
        np.testing.assert_array_equal(shown[key], s[key])
    assert shown["rotate_degrees"] == 40
    # The composed layer's W and b are the trained network's first layer.
    f = fit(LAYER_DATA, LAYER_HIDDEN, "tanh", LAYER_TRAIN)
    np.testing.assert_array_equal(shown["layer_W"], f.params["W0"])
    np.testing.assert_array_equal(shown["layer_b"], f.params["b0"])
    assert shown["layer_test_accuracy"] == f.history.test_accuracy[-1]
    # The last view holds the bent layer: inside tanh's (-1, 1), padded.
    lo, hi = shown["layer_final_box"]
    assert np.all(lo > -1.2) and np.all(hi < 1.2)


def test_space_transformations_played_every_beat(transformations):
    scene = transformations[0]
    assert scene.beats_said == [
        "The plane", "W scales", "W rotates", "W raises the dimension",
        "W lowers the dimension", "b translates", "sigma bends", "One layer"]
    assert scene.renderer.time > 60


# --- SeparateOnALine -------------------------------------------------------------------


def test_separate_on_a_line_last_frame(separate, request):
    assert_frame_matches(separate[1], "SeparateOnALine", request)


def test_displayed_thresholds_separate(separate):
    shown = separate[0].displayed
    v = np.array(shown["sign_values"])
    np.testing.assert_array_equal(shown["sign_labels"], np.sign(v) + 1)  # independent
    t1, t2 = shown["sign_thresholds"]
    np.testing.assert_array_equal((v > t1).astype(int) + (v > t2), shown["sign_labels"])
    assert shown["sign_accuracy"] == 1.0
    p = np.array(shown["parity_values"])
    np.testing.assert_array_equal(shown["parity_labels"], np.mod(p, 2))
    np.testing.assert_array_equal(shown["mod_values"], np.mod(p, 2))
    assert shown["parity_best_accuracy"] == max(shown["parity_sweep_accuracy"]) < 0.6
    assert shown["mod_accuracy"] == 1.0 and 0 < shown["mod_threshold"] < 1


def test_displayed_network_is_the_artefacts(separate):
    from engine.artefacts.space import interval_networks

    shown = separate[0].displayed
    iv = interval_networks()
    np.testing.assert_array_equal(shown["unit_thresholds"], iv["unit_thresholds"])
    np.testing.assert_array_equal(shown["hidden_train"], iv["hidden_train"])
    assert shown["olah_train_accuracy"] == float(iv["train_accuracy"])
    assert shown["olah_test_accuracy"] == float(iv["test_accuracy"])
    assert shown["olah_best_threshold_accuracy"] == float(iv["best_threshold_accuracy"])
    w, b = shown["readout"]
    # The drawn readout line really separates the points in the hidden plane.
    side = shown["hidden_train"] @ w + b > 0
    assert np.all(side == (iv["y_train"] == 1))
    assert separate[0].beats_said[-1] == "The hidden plane"
