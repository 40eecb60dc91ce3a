"""The gradient-descent scenes: last frames, displayed numbers, smoke renders, languages."""

from __future__ import annotations

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
def art():
    from engine.artefacts import descent

    return descent


def _last(name, media):
    """The scene's last frame, rendered with the animations skipped."""
    import scenes.descent as sd

    return render_last_frame(getattr(sd, name), media)


@pytest.fixture(scope="module")
def gd(media):
    return _last("GradientDescent", media)


@pytest.fixture(scope="module")
def fog(media):
    return _last("GradientDescentFog", media)


@pytest.fixture(scope="module")
def race(media):
    return _last("OptimizerRace", media)


@pytest.fixture(scope="module")
def landscape(media):
    return _last("LossLandscapeSlice", media)


@pytest.mark.parametrize(
    "fixture, name",
    [("gd", "GradientDescent"), ("fog", "GradientDescentFog"), ("race", "OptimizerRace"),
     ("landscape", "LossLandscapeSlice")],
)
def test_last_frame(fixture, name, request):
    _, frame = request.getfixturevalue(fixture)
    assert_frame_matches(frame, name, request)


@pytest.mark.parametrize("fixture", ["gd", "fog", "race", "landscape"])
def test_every_mark_is_waited_for_in_order_and_on_time(fixture, request):
    """Each beat's animations start on the words that name them: every mark of every beat
    said is waited for, once, in speaking order, and none is reached after its word."""
    scene = request.getfixturevalue(fixture)[0]
    assert assert_every_mark_waited_on_time(scene, languages=("en", "zh")), "the beats carry marks"


@pytest.mark.parametrize("fixture", ["gd", "fog"])
def test_final_weights_and_loss_are_the_recorded_sgd_path(fixture, request, art):
    shown = request.getfixturevalue(fixture)[0].displayed
    path = art.neuron_path()
    k = len(path["loss"]) - 1
    assert shown["final_step"] == k
    assert shown["final_w1"] == path["w"][k, 0]
    assert shown["final_w2"] == path["w"][k, 1]
    assert shown["final_loss"] == path["loss"][k]
    assert shown["start_w1"] == art.GD_RUN.start[0] and shown["start_w2"] == art.GD_RUN.start[1]
    assert shown["grid_min_loss"] == art.neuron_surface()["argmin"][2]
    # The walk really went downhill to near the grid's minimum.
    assert shown["final_loss"] < 1.1 * shown["grid_min_loss"]


def test_gradient_descent_shows_the_whole_loss_path(gd, art):
    shown = gd[0].displayed
    np.testing.assert_array_equal(shown["path_loss"], art.neuron_path()["loss"])
    assert shown["lr"] == art.GD_RUN.lr


def test_fog_reveals_only_a_little(fog):
    shown = fog[0].displayed
    assert 0 < shown["hud_seen"] < 0.2


def test_race_losses_are_each_optimizers(race, art):
    shown = race[0].displayed
    for run in art.RACE:
        path = art.neuron_path(run)
        k = len(path["loss"]) - 1
        assert shown[f"{run.optimizer}_final_loss"] == path["loss"][k]
        assert shown[f"{run.optimizer}_loss"] == path["loss"][k]  # the legend's last value
        assert shown[f"{run.optimizer}_final_w1"] == path["w"][k, 0]
        assert shown[f"{run.optimizer}_final_w2"] == path["w"][k, 1]
        np.testing.assert_array_equal(path["w"][0], art.RACE[0].start)
    assert shown["step"] == k


def test_landscape_numbers_are_the_fits(landscape, art):
    shown = landscape[0].displayed
    sl, pp = art.landscape_slice(), art.landscape_path()
    assert shown["trained_loss"] == sl["trained_loss"]
    c = len(sl["alpha"]) // 2
    assert sl["loss"][c, c] == pytest.approx(shown["trained_loss"], rel=1e-12)
    np.testing.assert_array_equal(shown["path_loss"], pp["path_loss"])
    np.testing.assert_array_equal(shown["explained"], pp["explained"])
    assert shown["end_epoch_loss"] == pytest.approx(shown["trained_loss"], rel=1e-12)
    assert shown["n_params"] == 105  # 2-8-8-1: 24 + 72 + 9


def _few_steps(name: str, **attrs):
    import scenes.descent as sd

    return type(f"Few{name}", (getattr(sd, name),), attrs)


@pytest.mark.parametrize(
    "name, attrs",
    [
        ("GradientDescent", {"steps": 3, "slow_steps": 1}),
        ("GradientDescentFog", {"steps": 3, "slow_steps": 1}),
        ("OptimizerRace", {"steps": 6, "SECONDS": 1.0}),
        ("LossLandscapeSlice", {"SECONDS": 1.0}),
    ],
)
def test_smoke_render_every_animation(name, attrs, media):
    scene = render_all_frames(_few_steps(name, **attrs), media, frame_rate=2)
    assert scene.displayed


# --- languages ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "fixture, name",
    [("gd", "GradientDescent"), ("fog", "GradientDescentFog"), ("race", "OptimizerRace"),
     ("landscape", "LossLandscapeSlice")],
)
def test_chinese_last_frame_renders_with_the_same_numbers(fixture, name, media, request,
                                                          monkeypatch):
    import scenes.descent as sd

    english = request.getfixturevalue(fixture)[0]
    assert_chinese_render(getattr(sd, name), english, media, monkeypatch)
