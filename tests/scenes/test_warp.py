"""The warp scenes: last frames, displayed numbers against the artefacts, smoke renders,
and a lecturer's subclass reading a CSV file."""

from __future__ import annotations

import numpy as np
import pytest

from tests.scenes.frames import assert_frame_matches, render_all_frames, render_last_frame


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """One media folder for the module, so each formula is compiled by LaTeX once."""
    return tmp_path_factory.mktemp("warp-media")


@pytest.fixture(scope="module")
def scene_cache(tmp_path_factory):
    # The session's shared scene cache (tests/conftest.py sets it per test; module
    # fixtures run before that).
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DEEPWARP_CACHE", str(tmp_path_factory.getbasetemp() / "scene-cache"))
        yield


@pytest.fixture(scope="module")
def untangle_last(media, scene_cache):
    from scenes.warp import UntangleCurves

    return render_last_frame(UntangleCurves, media)


@pytest.fixture(scope="module")
def lift_last(media, scene_cache):
    from scenes.warp import LiftToThreeD

    return render_last_frame(LiftToThreeD, media)


@pytest.fixture(scope="module")
def training_last(media, scene_cache):
    from scenes.warp import WarpDuringTraining

    return render_last_frame(WarpDuringTraining, media)


# --- UntangleCurves ---------------------------------------------------------------

def test_untangle_last_frame(untangle_last, request):
    assert_frame_matches(untangle_last[1], "UntangleCurves", request)


def test_untangle_shows_the_artefacts_accuracy_and_parameters(untangle_last):
    from engine.artefacts.warp import untangle

    shown = untangle_last[0].displayed
    a = untangle()
    assert shown["accuracy"] == float(a["accuracy"]) == 1.0
    assert shown["correct"] == len(a["labels"])
    np.testing.assert_array_equal(shown["readout_w"], a["readout_w"])
    for i in range(3):
        np.testing.assert_array_equal(shown[f"W{i}"], a[f"param_W{i}"])
        np.testing.assert_array_equal(shown[f"b{i}"], a[f"param_b{i}"])


def test_untangle_smoke(media, scene_cache):
    from scenes.warp import UntangleCurves

    scene = render_all_frames(UntangleCurves, media, frame_rate=1)
    assert_shows_last_stage(scene)


def assert_shows_last_stage(scene):
    """The tracker ended on the last recorded stage, the drawn data sit there, in frame."""
    assert scene.stage.get_value() == pytest.approx(len(scene.sp) - 1)
    last = scene.view.map(scene.sp[-1])
    assert np.all(np.abs(last[:, 0]) < 7.2) and np.all(np.abs(last[:, 1]) < 4.0)
    view = scene.view
    if view.ordered:  # each curve's first Bézier anchor is its first point
        first = [np.flatnonzero(view.labels == c)[0] for c in view.classes]
        drawn = np.array([c.points[0] for c in view.curves])
    else:  # each group's first marker (a dot, or a cross's first stroke) centres on its point
        first = [view.order[idx[0]] for idx, _ in view.cloud._groups]
        drawn = np.array([(m.points[0] + m.points[3]) / 2 for m in view.cloud.submobjects])
    np.testing.assert_allclose(drawn, last[first], atol=1e-3)


# --- LiftToThreeD ---------------------------------------------------------------

def test_lift_last_frame(lift_last, request):
    assert_frame_matches(lift_last[1], "LiftToThreeD", request)


def test_lift_shows_the_artefacts_accuracies(lift_last):
    from engine.artefacts.warp import lift

    shown = lift_last[0].displayed
    a = lift()
    assert shown["accuracy"] == float(a["accuracy"]) == 1.0
    assert shown["cmp_accuracy"] == float(a["cmp_accuracy"]) < 1.0
    np.testing.assert_array_equal(shown["plane_w"], a["readout_w"])


def test_lift_smoke(media, scene_cache):
    from scenes.warp import LiftToThreeD

    render_all_frames(LiftToThreeD, media, frame_rate=1)


# --- WarpDuringTraining ---------------------------------------------------------

def test_training_last_frame(training_last, request):
    assert_frame_matches(training_last[1], "WarpDuringTraining", request)


def test_training_shows_the_histories_last_snapshot(training_last):
    from engine.artefacts.warp import training_warp

    shown = training_last[0].displayed
    a = training_warp()
    assert shown["epoch"] == int(a["epochs"][-1])
    assert shown["loss"] == float(a["history_loss"][-1])
    assert shown["accuracy"] == float(a["history_train_accuracy"][-1])
    assert shown["test_accuracy"] == float(a["history_test_accuracy"][-1])


def test_training_smoke(media, scene_cache):
    from scenes.warp import WarpDuringTraining

    scene = render_all_frames(WarpDuringTraining, media, frame_rate=2)
    assert scene.shown_k == len(scene.art["epochs"]) - 1


# --- a lecturer's subclass ------------------------------------------------------

def test_subclass_with_a_csv_file_renders(media, scene_cache, tmp_path):
    from engine.artefacts.warp import untangle
    from scenes.warp import UntangleCurves

    rng = np.random.default_rng(0)
    a = rng.normal((-1.0, -0.5), 0.4, (30, 2))
    b = rng.normal((1.0, 0.5), 0.4, (30, 2))
    rows = ["x1,x2,label"] + [f"{x:.4f},{y:.4f},left" for x, y in a] + [
        f"{x:.4f},{y:.4f},right" for x, y in b]
    path = tmp_path / "points.csv"
    path.write_text("\n".join(rows) + "\n")

    class MyWarp(UntangleCurves):
        dataset = f"csv:{path}"
        hidden = (2, 2)
        epochs = 80
        seed = 0

    scene = render_all_frames(MyWarp, media, frame_rate=1)
    art = untangle(scene.data_config(), (2, 2), "tanh", scene.train_config())
    assert not scene.view.ordered and scene.view.cloud is not None  # points, not curves
    assert scene.names == ["left", "right"]
    assert scene.displayed["accuracy"] == float(art["accuracy"])
    assert_shows_last_stage(scene)
