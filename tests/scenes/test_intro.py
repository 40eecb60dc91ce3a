"""FindTheFunction: last frame, displayed values against the artefact, smoke render.

One played render (tests/scenes/frames.py: render_played) does all three.
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
def rendered(media):
    from scenes.intro import FindTheFunction

    return render_played(FindTheFunction, media)


@pytest.fixture(scope="module")
def skipped(media):
    """Rendered with the animations skipped: the clock moves by exact run times, not by
    whole frames of a 1 fps render, so a late mark is the scene's, not the test's."""
    from scenes.intro import FindTheFunction

    return render_last_frame(FindTheFunction, media / "skipped")[0]


@pytest.fixture(scope="module")
def artefact():
    from engine.artefacts.intro import find_the_function

    return find_the_function()


def test_find_the_function_last_frame(rendered, request):
    assert_frame_matches(rendered[1], "FindTheFunction", request)


def test_displayed_scores_and_guesses_are_the_artefacts(rendered, artefact):
    shown = rendered[0].displayed
    a = artefact
    for k, v in enumerate(a["train_accuracy"]):
        assert shown[f"score_f{k + 1}"] == float(v)
        assert shown[f"guesses_f{k + 1}"] == a["train_guesses"][k].tolist()
    best = int(a["best"])
    assert shown["best"] == best
    # The kept candidate really has the highest score on screen.
    scores = [shown[f"score_f{k + 1}"] for k in range(len(a["epochs"]))]
    assert scores[best] == max(scores)
    assert shown["train_accuracy"] == float(a["train_accuracy"][best])
    assert shown["test_accuracy"] == float(a["test_accuracy"][best])
    assert shown["test_guesses"] == a["test_guesses"][best].tolist()
    assert shown["train_labels"] == a["train_labels"].tolist()
    assert shown["n_train"] == int(a["n_train"]) and shown["n_test"] == int(a["n_test"])
    # The red frames sit exactly on the wrong guesses.
    wrong = np.flatnonzero(a["test_guesses"][best] != a["test_labels"]).tolist()
    assert shown["test_wrong_shown"] == wrong


def test_pixel_image_levels_are_the_ink():
    from scenes.common.mobjects import PixelImage

    img = np.array([[0.0, 1 / 16], [0.5, 1.0]])
    p = PixelImage.grey(img, 1.0)
    np.testing.assert_array_equal(p.levels, [[-1, 0], [7, 15]])
    s = PixelImage.signed(np.array([[2.0, -0.5], [0.0, -3.0]]), 1.0, steps=4)
    # Positive levels 0..3, negative 4..7, empty -1; |v| clipped at v_max.
    np.testing.assert_array_equal(s.levels, [[3, 5], [-1, 7]])


def test_find_the_function_waits_for_every_mark_on_time(skipped):
    assert assert_every_mark_waited_on_time(skipped, languages=("en", "zh"))


def test_find_the_function_played_every_beat(rendered):
    scene = rendered[0]
    assert scene.renderer.time > 45
    assert scene.beats_said == ["The idea", "Candidates", "Keep the best", "Testing"]
