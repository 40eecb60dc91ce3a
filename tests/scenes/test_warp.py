"""The warp scenes: last frames, displayed numbers against the artefacts, smoke renders,
the training view fitted to each snapshot, a lecturer's subclass reading a CSV file, the
Chinese catalogue and renders, and every mark of the narration waited for, on time (the
lecture's scenes and the lecturers' variants)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

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
def untangle_last(media):
    from scenes.warp import UntangleCurves

    return render_last_frame(UntangleCurves, media)


@pytest.fixture(scope="module")
def lift_last(media):
    from scenes.warp import LiftToThreeD

    return render_last_frame(LiftToThreeD, media)


@pytest.fixture(scope="module")
def training_last(media):
    from scenes.warp import WarpDuringTraining

    return render_last_frame(WarpDuringTraining, media)


@pytest.mark.parametrize("fixture", ["untangle_last", "lift_last", "training_last",
                                     "three_class_last", "projection_last"])
def test_every_mark_is_waited_for_on_time(fixture, request):
    assert_every_mark_waited_on_time(request.getfixturevalue(fixture)[0])


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


def test_untangle_smoke(media):
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


def test_lift_smoke(media):
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


@pytest.fixture
def training_at(training_last):
    """Move the rendered training scene to a fractional snapshot; put it back afterwards."""
    scene = training_last[0]
    shown, t = dict(scene.displayed), scene.t.get_value()

    def at(s: float):
        scene.t.set_value(s)
        scene.refresh()
        return scene

    yield at
    scene.t.set_value(t)
    scene.refresh()
    scene.displayed.clear()
    scene.displayed.update(shown)


def _lerp(states, s):
    """Linear interpolation at fractional index s, written out (not the scene's helper)."""
    i = min(int(s), len(states) - 2)
    f = s - i
    return (1 - f) * np.asarray(states[i], float) + f * np.asarray(states[i + 1], float)


@pytest.mark.parametrize("s", [0.0, 10.5, 20.25])
def test_training_hidden_view_fits_each_snapshot(training_at, s):
    """The hidden panel follows the data: everything inside, and filling the panel."""
    scene = training_at(s)
    a = scene.art
    m = scene.hidden_view.map
    pts = np.concatenate([_lerp(a["hidden_points"], s),
                          _lerp(a["hidden_grid"], s).reshape(-1, 2)])
    screen = m(pts)[:, :2]
    lo = np.array(scene.LEFT_CENTER[:2]) - np.array(scene.PANEL) / 2
    hi = np.array(scene.LEFT_CENTER[:2]) + np.array(scene.PANEL) / 2
    assert np.all(screen >= lo - 1e-9) and np.all(screen <= hi + 1e-9)
    # A fixed view over the whole run drew the untrained data at under a fifth of it.
    fill = (screen.max(axis=0) - screen.min(axis=0)) / (hi - lo)
    assert fill.max() > 0.85, fill


@pytest.mark.parametrize("s", [0.0, 3.0, 10.5, 20.25, 32.0])
def test_training_readout_line_is_the_readouts_zero_set_in_the_fitted_view(training_at, s):
    scene = training_at(s)
    a = scene.art
    w, b = _lerp(a["readout_w"], s), float(_lerp(a["readout_b"], s))
    lo, hi = scene.hidden_view.lo, scene.hidden_view.hi
    corners = np.array([[lo[0], lo[1]], [hi[0], lo[1]], [lo[0], hi[1]], [hi[0], hi[1]]])
    crosses = len(set(np.sign(corners @ w + b))) > 1
    drawn = scene.readout.points
    assert (len(drawn) > 0) == crosses
    # The "outside this view" note shows exactly when no line is drawn.
    assert (scene.away.get_fill_opacity() > 0) == (not crosses)
    if crosses:
        ends = scene.hidden_view.map.inverse(np.stack([drawn[0], drawn[-1]]))
        np.testing.assert_allclose(ends @ w + b, 0.0, atol=1e-9)
        on_edge = np.isclose(ends, lo, atol=1e-9) | np.isclose(ends, hi, atol=1e-9)
        assert on_edge.any(axis=1).all()


def test_training_tick_numbers_sit_at_their_values(training_at):
    """Each hidden-axis number is the value of the place it labels."""
    from scenes.warp import tick_label

    scene = training_at(0.0)
    ticks = scene.hidden_ticks
    lo, hi = scene.hidden_view.lo, scene.hidden_view.hi
    x0 = scene.LEFT_CENTER[0] - scene.PANEL[0] / 2
    y0 = scene.LEFT_CENTER[1] - scene.PANEL[1] / 2
    shown = {key: t for key, t in ticks._made.items() if t.get_fill_opacity() > 0}
    assert all(t.text == key[1] for key, t in shown.items())
    assert len(shown) >= 6  # at least three numbers on each axis
    for axis in (0, 1):
        for v in ticks.values[axis]:
            assert lo[axis] - 1e-9 <= v <= hi[axis] + 1e-9
            label = shown[(axis, tick_label(v, ticks.step))]
            at = (v - lo[axis]) / (hi[axis] - lo[axis]) * scene.PANEL[axis]
            if axis == 0:
                assert label.get_center()[0] == pytest.approx(x0 + at, abs=0.02)
            else:
                assert label.get_center()[1] == pytest.approx(y0 + at, abs=0.02)
    assert len(shown) == len(ticks.values[0]) + len(ticks.values[1])


def test_training_smoke(media):
    from scenes.warp import WarpDuringTraining

    scene = render_all_frames(WarpDuringTraining, media, frame_rate=2)
    assert scene.shown_k == len(scene.art["epochs"]) - 1


# --- a lecturer's subclass ------------------------------------------------------

def test_subclass_with_a_csv_file_renders(media, tmp_path):
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


# --- languages ----------------------------------------------------------------------

@pytest.mark.parametrize("fixture, name", [("untangle_last", "UntangleCurves"),
                                           ("lift_last", "LiftToThreeD"),
                                           ("training_last", "WarpDuringTraining")])
def test_chinese_last_frame_renders_with_the_same_numbers(fixture, name, media, request,
                                                          monkeypatch):
    import scenes.warp as sw

    english = request.getfixturevalue(fixture)[0]
    assert_chinese_render(getattr(sw, name), english, media, monkeypatch)


# --- any data, any network: three classes, a projection, measured units -------------

FLATS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "flats.csv"


def _three_class_relu():
    from scenes.warp import UntangleCurves

    class UntangleThreeClassRelu(UntangleCurves):
        # Width-2 ReLU layers often die (a unit stuck at 0): seed 0 keeps both alive.
        dataset, classes, n, noise = "spirals", 3, 150, 0.1
        hidden, activation = (8, 8, 2), "relu"
        epochs, lr, seed = 1000, 0.01, 0

    return UntangleThreeClassRelu


def _projection_width_eight():
    from scenes.warp import UntangleCurves

    class UntangleProjectionWidth8(UntangleCurves):
        dataset = f"csv:{FLATS}"  # two classes in measured units, with a BOM and semicolons
        hidden = (8,)
        epochs, lr, seed = 300, 0.03, 0

    return UntangleProjectionWidth8


def _training_three_class():
    from scenes.warp import WarpDuringTraining

    class TrainingThreeClassRelu(WarpDuringTraining):
        # Width-2 ReLU layers often die (a unit stuck at 0): seed 0 keeps both alive.
        dataset, classes, n, noise = "spirals", 3, 150, 0.1
        hidden, activation = (8, 8, 2), "relu"
        epochs, lr, seed = 1000, 0.01, 0
        n_snapshots = 6

    return TrainingThreeClassRelu


@pytest.fixture(scope="module")
def three_class_last(media):
    return render_last_frame(_three_class_relu(), media)


@pytest.fixture(scope="module")
def projection_last(media):
    return render_last_frame(_projection_width_eight(), media)


def _forward(art, x, act=lambda z: np.maximum(z, 0.0)):
    """The network's logits by plain numpy from the artefact's parameters (ReLU by default)."""
    n = len([k for k in art if k.startswith("param_W")])
    a = x
    for i in range(n - 1):
        a = act(a @ art[f"param_W{i}"].T + art[f"param_b{i}"])
    return a @ art[f"param_W{n - 1}"].T + art[f"param_b{n - 1}"]


def _inside(poly, p, tol=1e-9):
    """p inside the convex polygon (counter-clockwise or clockwise), edges included."""
    cross = [(q[0] - o[0]) * (p[1] - o[1]) - (q[1] - o[1]) * (p[0] - o[0])
             for o, q in zip(poly, np.roll(poly, -1, axis=0), strict=True)]
    return all(c >= -tol for c in cross) or all(c <= tol for c in cross)


def test_three_class_relu_last_frame(three_class_last, request):
    assert_frame_matches(three_class_last[1], "UntangleThreeClassRelu", request)


def test_each_point_is_drawn_in_the_region_of_the_class_the_network_predicts(three_class_last):
    scene = three_class_last[0]
    a = scene.art
    logits = _forward(a, a["points"])
    drawn = a["stage_points"][-1]
    regions = scene.regions
    assert len(regions) == 3
    for p, want in zip(drawn, logits.argmax(axis=1), strict=True):
        holding = [c for c, poly in enumerate(regions) if poly is not None and _inside(poly, p)]
        assert want in holding and len(holding) in (1, 2)  # 2 only on a border
    shown = scene.displayed
    assert shown["accuracy"] == float((logits.argmax(axis=1) == a["labels"]).mean())
    assert shown["correct"] == int((logits.argmax(axis=1) == a["labels"]).sum())
    assert "kept2" not in shown  # the width-2 layer is drawn as it is
    assert "kept0" in shown and "kept1" in shown  # the width-8 layers: projections, labelled


def test_projection_last_frame(projection_last, request):
    assert_frame_matches(projection_last[1], "UntangleProjectionWidth8", request)


def test_projection_shows_pcas_variance_share_and_no_readout(projection_last):
    scene = projection_last[0]
    a = scene.art
    from engine.datasets import load

    raw = load(dataclasses.replace(scene.data_config(), standardize=False))
    mean, std = raw.x_train.mean(axis=0), raw.x_train.std(axis=0)
    shown = scene.displayed
    np.testing.assert_allclose(shown["scale_mean"], mean, atol=1e-9)
    np.testing.assert_allclose(shown["scale_std"], std, atol=1e-9)
    assert shown["ticks_raw"][1].max() >= 1000  # the lecturer's units on the input's axes
    z = (a["points"] - mean) / std
    wa = z @ a["param_W0"].T
    stages = [wa, wa + a["param_b0"], np.tanh(wa + a["param_b0"])]
    spread = np.concatenate([s - s.mean(axis=0) for s in stages])
    vals = np.linalg.eigvalsh(spread.T @ spread)
    assert shown["kept0"] == pytest.approx(vals[-2:].sum() / vals.sum(), abs=1e-12)
    assert "readout_w" not in shown and "readout_W" not in shown
    logits = _forward(a, z, np.tanh)
    assert shown["accuracy"] == float(((logits[:, 0] > 0) == a["labels"]).mean()) > 0.9


def test_training_three_classes_last_frame_and_borders(media, request):
    from scenes.warp import class_regions, region_borders

    scene, frame = render_last_frame(_training_three_class(), media)
    assert_frame_matches(frame, "TrainingThreeClassRelu", request)
    a = scene.art
    k = len(a["epochs"]) - 1
    lo, hi = scene.hidden_view.lo, scene.hidden_view.hi
    want = region_borders(class_regions(a["readout_W"][k], a["readout_B"][k], lo, hi), lo, hi)
    drawn = scene.hidden_view.map.inverse(scene.readout.points.reshape(-1, 3))
    assert len(want) > 0 and len(drawn) > 0 and scene.away.get_fill_opacity() == 0
    # Every drawn point lies on a border: two logits tie there.
    logit = drawn @ a["readout_W"][k].T + a["readout_B"][k]
    top2 = np.sort(logit, axis=1)[:, -2:]
    np.testing.assert_allclose(top2[:, 1] - top2[:, 0], 0.0, atol=1e-6)
    assert scene.displayed["accuracy"] == float(a["history_train_accuracy"][-1])
