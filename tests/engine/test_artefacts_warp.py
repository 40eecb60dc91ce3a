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
    with pytest.raises(ConfigError, match=r"hidden width 0.*integers >= 1"):
        warp.untangle(SMALL_DATA, (2, 0), "tanh", SMALL_TRAIN)
    path.write_text("x1,x2,label\n" + "".join(f"{i},{i % 4},c{i % 9}\n" for i in range(27)))
    with pytest.raises(ConfigError, match=r"9 classes; allowed for UntangleCurves: 2\.\.8"):
        warp.untangle(DataConfig(f"csv:{path}"), (2,), "tanh", SMALL_TRAIN)
    with pytest.raises(ConfigError, match=r"3 classes; allowed for LiftToThreeD: 2 "):
        warp.lift(DataConfig("spirals", classes=3, n=30), (3,), "tanh", SMALL_TRAIN)
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


# --- k classes, any width, rescaled data, samples ------------------------------------

SPIRALS = DataConfig("spirals", classes=3, n=45, noise=0.1)


def manual_forward(params: dict[str, np.ndarray], x: np.ndarray, activation: str):
    """Hidden stages [W a, W a + b, σ(...)] per layer and the logits, by plain numpy."""
    act = {"relu": lambda z: np.maximum(z, 0.0), "tanh": np.tanh,
           "leaky_relu": lambda z: np.where(z >= 0, z, 0.01 * z)}[activation]
    n_hidden = len([k for k in params if k.startswith("W")]) - 1
    a, layers = x, []
    for i in range(n_hidden):
        wa = a @ params[f"W{i}"].T
        z = wa + params[f"b{i}"]
        a = act(z)
        layers.append((wa, z, a))
    return layers, a @ params[f"W{n_hidden}"].T + params[f"b{n_hidden}"]


def independent_pca_share(stages: list[np.ndarray]) -> tuple[float, np.ndarray]:
    """Share of the within-stage variance the top two components keep (numpy's eigh)."""
    spread = np.concatenate([s - s.mean(axis=0) for s in stages])
    vals, vecs = np.linalg.eigh(spread.T @ spread)
    return float(vals[-2:].sum() / vals.sum()), vecs[:, ::-1][:, :2].T


def test_three_classes_exact_last_layer_regions_are_the_argmax():
    a = warp.untangle(SPIRALS, (4, 2), "relu", SMALL_TRAIN, n_lines=3, n_points=5)
    layers, logits = manual_forward(params_of(a), a["points"], "relu")
    np.testing.assert_allclose(a["logits"], logits, atol=1e-12)
    np.testing.assert_array_equal(a["pred"], logits.argmax(axis=1))
    assert float(a["accuracy"]) == float((logits.argmax(axis=1) == a["labels"]).mean())
    assert int(a["correct"]) == int((logits.argmax(axis=1) == a["labels"]).sum())
    # The exact last layer is drawn as it is, and its readout is every class's logit there.
    np.testing.assert_array_equal(a["layer_kind"], [warp.PCA, warp.EXACT])
    np.testing.assert_allclose(a["stage_points"][-1], layers[-1][2], atol=1e-12)
    h = a["stage_points"][-1]
    np.testing.assert_allclose(h @ a["readout_W"].T + a["readout_B"], logits, atol=1e-12)
    assert "readout_w" not in a


def test_wide_layer_is_a_pca_projection_with_the_variance_share_it_keeps():
    a = warp.untangle(SPIRALS, (8,), "relu", SMALL_TRAIN, n_lines=3, n_points=5)
    (wa, z, s), = manual_forward(params_of(a), a["points"], "relu")[0]
    share, comps = independent_pca_share([wa, z, s])
    assert float(a["layer_kept"][0]) == pytest.approx(share, abs=1e-12)
    basis = a["l0_basis"]
    np.testing.assert_allclose(basis @ basis.T, np.eye(2), atol=1e-12)
    # Same plane as the independent PCA (up to the signs of the axes).
    np.testing.assert_allclose(np.abs(basis @ comps.T), np.eye(2), atol=1e-8)
    mean = np.concatenate([wa, z, s]).mean(axis=0)
    for k, stage in enumerate((wa, z, s), start=1):
        np.testing.assert_allclose(a["stage_points"][k], (stage - mean) @ basis.T, atol=1e-12)
    assert "readout_W" not in a and "readout_w" not in a  # not drawn in a projection


def test_width_three_is_exact_in_a_fixed_3d_view():
    a = warp.untangle(SPIRALS, (3,), "tanh", SMALL_TRAIN, n_lines=3, n_points=5)
    assert int(a["layer_kind"][0]) == warp.VIEW_3D and float(a["layer_kept"][0]) == 1.0
    (_, _, s), = manual_forward(params_of(a), a["points"], "tanh")[0]
    np.testing.assert_allclose(a["stage_points"][-1], s @ warp.view_3d_basis().T, atol=1e-12)


def test_measured_units_are_rescaled_in_a_stage_of_their_own(tmp_path):
    rng = np.random.default_rng(1)
    pts = rng.uniform((40.0, 100.0), (240.0, 1500.0), (80, 2))
    label = np.abs(pts[:, 1] - 6 * pts[:, 0]) < 250
    path = tmp_path / "m.csv"
    path.write_bytes(("\ufeffarea;price;verdict\n" + "".join(
        f"{x:.1f};{y:.0f};{'fair' if f else 'off'}\n" for (x, y), f in zip(pts, label, strict=True))
        ).encode("utf-8"))
    cfg = DataConfig(f"csv:{path}", standardize=True)
    a = warp.untangle(cfg, (8,), "tanh", TrainConfig(epochs=300, lr=0.03), n_lines=3,
                      n_points=4)
    np.testing.assert_array_equal(a["stage_step"], [0, 4, 1, 2, 3])
    x = a["points"]  # the lecturer's units
    assert x[:, 1].max() > 1000
    z = (x - a["scale_mean"]) / a["scale_std"]
    np.testing.assert_allclose(a["stage_points"][0], z, atol=1e-12)
    np.testing.assert_allclose(a["stage_points"][1], z, atol=1e-12)
    layers, logits = manual_forward(params_of(a), z, "tanh")
    np.testing.assert_allclose(a["hidden_last"], layers[-1][2], atol=1e-12)
    assert float(a["accuracy"]) == float(((logits[:, 0] > 0) == a["labels"]).mean())
    # Rescaled, a small tanh net fits measured units; fed as they are, it does not.
    raw = warp.untangle(DataConfig(f"csv:{path}"), (8,), "tanh",
                        TrainConfig(epochs=300, lr=0.03), n_lines=3, n_points=4)
    assert float(a["accuracy"]) > 0.9 > float(raw["accuracy"])


def test_large_datasets_train_on_all_rows_and_draw_a_seeded_sample(tmp_path):
    rng = np.random.default_rng(2)
    pts = rng.normal(0.0, 1.0, (3000, 2))
    path = tmp_path / "big.csv"
    path.write_text("x1,x2,label\n" + "".join(f"{x:.4f},{y:.4f},{int(x * y > 0)}\n"
                                                for x, y in pts))
    cfg = DataConfig(f"csv:{path}")
    a = warp.untangle(cfg, (4,), "tanh", TrainConfig(epochs=3), n_lines=3, n_points=3,
                      max_points=200)
    b = warp.untangle(cfg, (4,), "tanh", TrainConfig(epochs=3), n_lines=3, n_points=3,
                      max_points=200)
    assert int(a["n_total"]) == 3000 and len(a["points"]) == 200
    np.testing.assert_array_equal(a["points"], b["points"])  # seeded
    from engine.datasets import load

    d = load(cfg)
    assert len(d.x_train) + len(d.x_test) == 3000  # the network saw every row


def test_training_snapshots_with_three_classes_and_a_projection():
    a = warp.training_warp(SPIRALS, (6,), "relu", SMALL_TRAIN, n_snapshots=4, n_lines=3,
                           n_points=3, field_size=5)
    mesh = np.stack(np.meshgrid(a["field_x"], a["field_y"], indexing="ij"), axis=-1)
    assert a["field"].shape == (len(a["epochs"]), 5, 5, 3)
    hidden = []
    for k, e in enumerate(a["epochs"]):
        p = {n: a[f"e{e}_{n}"] for n in ("W0", "b0", "W1", "b1")}
        layers, logits = manual_forward(p, a["points"], "relu")
        _, field = manual_forward(p, mesh, "relu")
        np.testing.assert_allclose(a["field"][k], field, atol=1e-12)
        assert a["accuracy"][k] == pytest.approx((logits.argmax(1) == a["labels"]).mean())
        hidden.append(layers[-1][2])
    share, _ = independent_pca_share(hidden)
    assert int(a["hidden_kind"]) == warp.PCA
    assert float(a["hidden_kept"]) == pytest.approx(share, abs=1e-12)
