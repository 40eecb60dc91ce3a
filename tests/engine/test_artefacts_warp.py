"""The warp artefacts against a manual numpy forward pass, and Olah's disk/ring claim."""

from __future__ import annotations

import numpy as np
import pytest

from engine.artefacts import warp
from engine.config import DataConfig, TrainConfig
from engine.errors import ConfigError

# Small runs for the exactness checks (any trained parameters will do).
SMALL_DATA = DataConfig("tangled_curves", n=60, entanglement=0.7)
SMALL_TRAIN = TrainConfig(epochs=20, lr=0.05)


def manual_path(params: dict[str, np.ndarray], x: np.ndarray, n_hidden: int):
    """Olah's stages by plain numpy matmuls: [x, W a, W a + b, tanh(...)] per layer."""
    stages, a = [x], x
    for i in range(n_hidden):
        wa = np.einsum("oi,...i->...o", params[f"W{i}"], a)
        z = wa + params[f"b{i}"]
        a = np.tanh(z)
        stages += [wa, z, a]
    logit = np.einsum("oi,...i->...o", params[f"W{n_hidden}"], a)[..., 0] + params[
        f"b{n_hidden}"][0]
    return stages, logit


def params_of(art: dict, prefix: str = "param_") -> dict[str, np.ndarray]:
    return {k[len(prefix):]: v for k, v in art.items() if k.startswith(prefix)}


def test_untangle_stages_equal_a_manual_forward_pass():
    a = warp.untangle(SMALL_DATA, (2, 2), "tanh", SMALL_TRAIN, n_lines=5, n_points=7)
    p = params_of(a)
    pts, logit = manual_path(p, a["points"], 2)
    grid, _ = manual_path(p, a["grid"], 2)
    assert a["stage_points"].shape == (7, 60, 2)
    for s in range(7):
        np.testing.assert_allclose(a["stage_points"][s], pts[s], rtol=0, atol=1e-12)
        np.testing.assert_allclose(a["stage_grid"][s], grid[s], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(a["stage_layer"], [0, 1, 1, 1, 2, 2, 2])
    np.testing.assert_array_equal(a["stage_step"], [0, 1, 2, 3, 1, 2, 3])
    np.testing.assert_allclose(a["logit"], logit, rtol=0, atol=1e-12)
    # The grid spans the data with a margin on every side.
    assert np.all(a["grid"].min(axis=(0, 1)) < a["points"].min(axis=0))
    assert np.all(a["grid"].max(axis=(0, 1)) > a["points"].max(axis=0))


def test_default_readout_line_separates_the_curves_as_the_accuracy_says():
    a = warp.untangle()
    last = a["stage_points"][-1]
    side = last @ a["readout_w"] + float(a["readout_b"]) > 0  # which side of the line
    assert float(a["accuracy"]) == pytest.approx(float((side == (a["labels"] == 1)).mean()))
    # The defaults are chosen so the untangling works; the history agrees.
    assert float(a["accuracy"]) == 1.0
    assert float(a["train_accuracy"]) == 1.0 and float(a["test_accuracy"]) == 1.0
    assert bool(a["ordered"])
    # Curve points come in order: neighbours are close along each curve.
    steps = np.linalg.norm(np.diff(a["points"][a["labels"] == 0], axis=0), axis=1)
    assert steps.max() < 0.05


def test_training_snapshots_equal_a_manual_forward_pass():
    a = warp.training_warp(SMALL_DATA, (2, 2), "tanh", SMALL_TRAIN, n_snapshots=5,
                           n_lines=3, n_points=5, field_size=6)
    ep = a["epochs"]
    assert ep[0] == 0 and ep[-1] == SMALL_TRAIN.epochs
    mesh = np.stack(np.meshgrid(a["field_x"], a["field_y"], indexing="ij"), axis=-1)
    for k, e in enumerate(ep):
        p = {n: a[f"e{e}_{n}"] for n in ("W0", "b0", "W1", "b1", "W2", "b2")}
        pts, logit = manual_path(p, a["points"], 2)
        grid, _ = manual_path(p, a["grid"], 2)
        _, field = manual_path(p, mesh, 2)
        np.testing.assert_allclose(a["hidden_points"][k], pts[-1], atol=1e-12)
        np.testing.assert_allclose(a["hidden_grid"][k], grid[-1], atol=1e-12)
        np.testing.assert_allclose(a["field"][k], field, atol=1e-12)
        side = a["hidden_points"][k] @ a["readout_w"][k] + a["readout_b"][k]
        np.testing.assert_allclose(side, logit, atol=1e-12)
        assert a["accuracy"][k] == pytest.approx(((logit > 0) == (a["labels"] == 1)).mean())
    np.testing.assert_array_equal(a["loss"], a["history_loss"][ep])
    np.testing.assert_array_equal(a["train_accuracy"], a["history_train_accuracy"][ep])


def test_lift_width_three_separates_disk_and_ring_width_two_does_not():
    # Olah: one layer of 3 units separates them; layers of width 2 cannot.
    a = warp.lift()
    assert a["stage_points"].shape[-1] == 3
    assert np.all(a["stage_points"][0][:, 2] == 0)  # the input lies in the plane z = 0
    side = a["stage_points"][-1] @ a["readout_w"] + float(a["readout_b"]) > 0
    assert float(a["accuracy"]) == pytest.approx(float((side == (a["labels"] == 1)).mean()))
    assert float(a["accuracy"]) == 1.0
    assert float(a["cmp_accuracy"]) < 1.0
    p = params_of(a, "cmp_param_")
    _, logit = manual_path(p, a["points"], len(warp.LIFT_COMPARE_HIDDEN))
    assert float(a["cmp_accuracy"]) == pytest.approx(((logit > 0) == (a["labels"] == 1)).mean())
    # However deep: stacks of width 2 stay below 100 % too.
    for hidden in ((2, 2), (2, 2, 2)):
        deeper = warp.lift(compare_hidden=hidden, n_lines=3, n_points=3)
        assert float(deeper["cmp_accuracy"]) < 1.0 and float(deeper["accuracy"]) == 1.0


def test_cache_hit_returns_identical_arrays_without_training(monkeypatch):
    first = warp.untangle(SMALL_DATA, (2,), "tanh", SMALL_TRAIN, n_lines=3, n_points=5)

    def no_training(*_a, **_k):
        raise AssertionError("trained again on a cache hit")

    import engine.train

    monkeypatch.setattr(engine.train, "fit", no_training)
    again = warp.untangle(SMALL_DATA, (2,), "tanh", SMALL_TRAIN, n_lines=3, n_points=5)
    assert set(first) == set(again)
    for k in first:
        np.testing.assert_array_equal(first[k], again[k])
        assert first[k].dtype == again[k].dtype


def test_csv_points_are_unordered_and_bad_settings_are_named(tmp_path):
    rows = ["x1,x2,label"] + [f"{i / 10},{(i % 3) / 3},{'a' if i < 5 else 'b'}"
                              for i in range(10)]
    path = tmp_path / "pts.csv"
    path.write_text("\n".join(rows) + "\n")
    a = warp.untangle(DataConfig(f"csv:{path}"), (2,), "tanh", SMALL_TRAIN, n_lines=3,
                      n_points=4)
    assert not bool(a["ordered"]) and list(a["class_names"]) == ["a", "b"]
    with pytest.raises(ConfigError, match=r"hidden width 3.*1\.\.2"):
        warp.untangle(SMALL_DATA, (2, 3), "tanh", SMALL_TRAIN)
    path.write_text("x1,x2,label\n0,0,a\n1,0,b\n0,1,c\n1,1,a\n")
    with pytest.raises(ConfigError, match="3 classes"):
        warp.untangle(DataConfig(f"csv:{path}"), (2,), "tanh", SMALL_TRAIN)
    with pytest.raises(ConfigError, match="n_snapshots"):
        warp.snapshot_schedule(10, 1)


def test_warm_read_and_scene_import_need_no_torch():
    import os
    import subprocess
    import sys
    from pathlib import Path

    warp.training_warp(SMALL_DATA, (2,), "tanh", SMALL_TRAIN, n_snapshots=3, n_lines=3,
                       n_points=3, field_size=4)
    code = (
        "import sys\n"
        "import scenes.warp\n"
        "from engine.artefacts import warp\n"
        "from engine.config import DataConfig, TrainConfig\n"
        "warp.training_warp(DataConfig('tangled_curves', n=60, entanglement=0.7), (2,), 'tanh',"
        " TrainConfig(epochs=20, lr=0.05), n_snapshots=3, n_lines=3, n_points=3, field_size=4)\n"
        "assert 'torch' not in sys.modules, 'a warm read imported torch'\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, env=dict(os.environ), cwd=root)
