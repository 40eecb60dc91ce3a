"""Cached artefacts of the warp scenes (``scenes/warp.py``): what each layer does to the plane.

Three artefacts, each a plain dict of numpy arrays keyed by every parameter:

* :func:`untangle`: a trained network's data points *and* input grid lines
  through every layer's three steps (Olah's ``W a``, ``+ b``, ``σ``), the final
  readout (the set where the logit is 0, a line or plane in the last hidden
  space) and the accuracy;
* :func:`lift`: the same for disk/ring through a width-3 layer (3-D hidden
  space, separating plane), plus a width-2 stack for comparison;
* :func:`training_warp`: per parameter snapshot, the last hidden space (grid +
  points + readout line), the logit over the input plane (for the decision
  boundary) and the history's loss and accuracy.

Torch-using modules are imported inside the compute functions, so a warm-cache
render never imports torch.

Examples
--------
>>> from engine.artefacts.warp import untangle
>>> a = untangle()  # doctest: +SKIP
>>> a["stage_points"].shape  # (1 + 3 · hidden layers, points, 2)  # doctest: +SKIP
(10, 400, 2)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from engine.cache import cached
from engine.config import DataConfig, TrainConfig, config_dict
from engine.datasets import Dataset, grid_lines, load
from engine.errors import ConfigError

__all__ = [
    "UNTANGLE_DATA",
    "UNTANGLE_HIDDEN",
    "UNTANGLE_TRAIN",
    "LIFT_DATA",
    "LIFT_HIDDEN",
    "LIFT_COMPARE_HIDDEN",
    "LIFT_TRAIN",
    "STEP_NAMES",
    "untangle",
    "lift",
    "training_warp",
    "snapshot_schedule",
    "data_domain",
    "ordered_points",
]

# Each arm sweeps 0.7 turns: past 0.6 no straight line separates the curves in
# the plane, yet a 2-2-2 tanh net can still untangle them (Olah: "slightly
# entangled"). Adam at lr 0.03 with seed 6 reaches 100 % by epoch 150; at epoch
# 300 only about a tenth of the points sit in tanh's saturated corners, so the
# curves stay visible in the last hidden space. Many seeds stall at 80-90 %
# (a local minimum), so the seed is part of the default.
UNTANGLE_DATA = DataConfig("tangled_curves", n=400, entanglement=0.7, seed=0)
UNTANGLE_HIDDEN = (2, 2, 2)
UNTANGLE_TRAIN = TrainConfig(epochs=300, lr=0.03, optimizer="adam", seed=6)

# Olah's disk inside a ring. One tanh layer of width 3 separates it (100 % with
# seed 0 from epoch 100 on; at 200 few points are saturated yet); width-2 stacks
# stay below 100 % whatever their depth (86 % for one layer, 89-91 % for two or
# three). The comparison shows one width-2 layer: deeper stacks squash the data
# onto a curve where the picture shows less; a subclass can set compare_hidden.
LIFT_DATA = DataConfig("disk_ring", n=500, seed=0)
LIFT_HIDDEN = (3,)
LIFT_COMPARE_HIDDEN = (2,)
LIFT_TRAIN = TrainConfig(epochs=200, lr=0.03, optimizer="adam", seed=0)

#: Names of the stages inside one layer, in order (stage 0 of the whole path is the input).
STEP_NAMES = ("linear map W", "shift b", "bend σ")


def data_domain(x: np.ndarray, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """``(lo, hi)`` of the points' bounding box widened by ``margin`` × its size each side."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    pad = np.maximum(hi - lo, 1e-9) * margin
    return lo - pad, hi + pad


def ordered_points(data: Dataset) -> tuple[np.ndarray, np.ndarray, bool]:
    """All points, their labels, and whether each class is one ordered curve.

    For ``tangled_curves`` the points come curve by curve in order along each
    curve (so a scene can draw them as lines); otherwise train then test points.
    """
    if "curve0" in data.extras and "curve1" in data.extras:
        a, b = data.extras["curve0"], data.extras["curve1"]
        x = np.concatenate([a, b])
        y = np.concatenate([np.zeros(len(a)), np.ones(len(b))]).astype(np.int64)
        return x, y, True
    return data.x, data.y, False


def _check_planar(data: Dataset, hidden: Sequence[int], max_width: int, scene: str) -> None:
    if data.x_train.shape[1] != 2:
        raise ConfigError(
            f"dataset {data.name!r} has {data.x_train.shape[1]} input columns; "
            f"allowed for {scene}: 2 (a plane)"
        )
    if data.n_classes != 2:
        raise ConfigError(
            f"dataset {data.name!r} has {data.n_classes} classes; allowed for {scene}: 2 "
            "(one readout line)"
        )
    for w in hidden:
        if not isinstance(w, int) or not 1 <= w <= max_width:
            raise ConfigError(
                f"hidden width {w!r} in hidden={tuple(hidden)!r}; allowed for {scene}: "
                f"1..{max_width} (every hidden space is drawn)"
            )


def _hidden_steps(params: dict[str, np.ndarray], activation: str, x: np.ndarray):
    """Per hidden layer, ``(W a, W a + b, σ(W a + b))`` for inputs ``x`` (any leading shape)."""
    import torch

    from engine.models import apply_activation

    n_hidden = len([k for k in params if k.startswith("W")]) - 1
    a, out = x, []
    for i in range(n_hidden):
        wa = a @ params[f"W{i}"].T
        z = wa + params[f"b{i}"]
        a = apply_activation(activation, torch.as_tensor(z)).numpy()
        out.append((wa, z, a))
    return out


def _stages(params: dict[str, np.ndarray], activation: str, x: np.ndarray, dim: int):
    """Olah's path through the hidden layers, all stages embedded in ``dim`` dimensions.

    Returns ``(stages, layer, step)``: ``stages`` has shape ``(1 + 3 H, ..., dim)``
    (input, then per hidden layer ``W a``, ``W a + b``, ``σ(W a + b)``); ``layer``
    and ``step`` say which layer (1-based, 0 for the input) and which step
    (0 input, 1 W, 2 b, 3 σ) each stage is.
    """
    from engine.record import embed

    out = [embed(x, dim)]
    layer, step = [0], [0]
    for i, steps in enumerate(_hidden_steps(params, activation, x)):
        out += [embed(s, dim) for s in steps]
        layer += [i + 1] * 3
        step += [1, 2, 3]
    return np.stack(out), np.array(layer, dtype=np.int64), np.array(step, dtype=np.int64)


def _last_hidden(params: dict[str, np.ndarray], activation: str, x: np.ndarray, dim: int):
    from engine.record import embed

    return embed(_hidden_steps(params, activation, x)[-1][2], dim)


def _readout(params: dict[str, np.ndarray], dim: int) -> tuple[np.ndarray, float]:
    """The last layer's weights padded to ``dim``, and its bias: logit = w · h + b."""
    last = len([k for k in params if k.startswith("W")]) - 1
    w = params[f"W{last}"][0]
    return np.concatenate([w, np.zeros(dim - len(w))]), float(params[f"b{last}"][0])


def _warp_arrays(fit, activation: str, x: np.ndarray, y: np.ndarray, grid: np.ndarray, dim: int,
                 prefix: str = "") -> dict[str, np.ndarray]:
    from engine.record import olah_path

    model = fit.model()
    sp, layer, step = _stages(fit.params, activation, x, dim)
    sg, _, _ = _stages(fit.params, activation, grid, dim)
    w, b = _readout(fit.params, dim)
    logit = sp[-1] @ w + b
    # The readout's own logits, from torch: the picture and the network must agree.
    net_logit = olah_path(model, x, activation)[-1][-1][..., 0]
    if not np.allclose(logit, net_logit, atol=1e-9):
        raise AssertionError("readout of the recorded stages disagrees with the network")
    accuracy = float(((logit > 0).astype(np.int64) == y).mean())
    h = fit.history
    out = {
        "stage_points": sp,
        "stage_grid": sg,
        "stage_layer": layer,
        "stage_step": step,
        "readout_w": w,
        "readout_b": np.array(b),
        "logit": logit,
        "accuracy": np.array(accuracy),
        "train_accuracy": np.array(h.train_accuracy[-1]),
        "test_accuracy": np.array(h.test_accuracy[-1]),
        "loss": np.array(h.loss[-1]),
    }
    out.update({f"param_{k}": v for k, v in fit.params.items()})
    return {prefix + k: v for k, v in out.items()}


def _key(data_cfg: DataConfig, data: Dataset, hidden, activation, train_cfg, **extra):
    return config_dict(data_cfg, train_cfg, hidden=list(hidden), activation=activation,
                       data_hash=data.fingerprint, **extra)


def untangle(
    data_cfg: DataConfig = UNTANGLE_DATA,
    hidden: Sequence[int] = UNTANGLE_HIDDEN,
    activation: str = "tanh",
    train_cfg: TrainConfig = UNTANGLE_TRAIN,
    *,
    n_lines: int = 15,
    n_points: int = 61,
    margin: float = 0.15,
) -> dict[str, np.ndarray]:
    """Data points and input grid lines through every hidden layer's three steps.

    Hidden widths must be 1 or 2 (every hidden space is drawn as a plane).

    Returns
    -------
    dict with ``points (N, 2)``, ``labels (N,)``, ``ordered ()`` (1 if each class
    is one curve, in order), ``grid (L, P, 2)``, ``stage_points (S, N, 2)``,
    ``stage_grid (S, L, P, 2)``, ``stage_layer (S,)``, ``stage_step (S,)``,
    ``readout_w (2,)``, ``readout_b ()`` (logit = w · h + b in the last hidden
    space), ``logit (N,)``, ``accuracy ()`` (of the readout on all N points),
    ``train_accuracy``, ``test_accuracy``, ``loss`` (final, from the history),
    ``param_W0 …`` and ``domain_lo/domain_hi``.

    Examples
    --------
    >>> a = untangle()  # doctest: +SKIP
    >>> float(a["accuracy"])  # doctest: +SKIP
    1.0
    """
    data = load(data_cfg)
    _check_planar(data, hidden, 2, "UntangleCurves")

    def compute():
        from engine.train import fit

        x, y, ordered = ordered_points(data)
        lo, hi = data_domain(x, margin)
        grid = grid_lines(tuple(lo), tuple(hi), n_lines, n_points)
        f = fit(data_cfg, tuple(hidden), activation, train_cfg)
        out = _warp_arrays(f, activation, x, y, grid, 2)
        out.update(points=x, labels=y, ordered=np.array(int(ordered)), grid=grid,
                   class_names=np.array(data.class_names),
                   domain_lo=lo, domain_hi=hi)
        return out

    key = _key(data_cfg, data, hidden, activation, train_cfg,
               n_lines=n_lines, n_points=n_points, margin=margin)
    return cached("warp_untangle", key, compute)


def lift(
    data_cfg: DataConfig = LIFT_DATA,
    hidden: Sequence[int] = LIFT_HIDDEN,
    activation: str = "tanh",
    train_cfg: TrainConfig = LIFT_TRAIN,
    compare_hidden: Sequence[int] = LIFT_COMPARE_HIDDEN,
    *,
    n_lines: int = 11,
    n_points: int = 41,
    margin: float = 0.1,
) -> dict[str, np.ndarray]:
    """Disk/ring (by default) through a width-3 layer, and through a width-2 stack.

    Hidden widths of the main network: 1..3 (its spaces are embedded in 3-D);
    of ``compare_hidden``: 1 or 2. Keys as in :func:`untangle` for the main
    network (``stage_points (S, N, 3)``, ``readout_w (3,)``: the separating plane
    w · h + b = 0), and the same with the prefix ``cmp_`` for the comparison.

    Examples
    --------
    >>> a = lift()  # doctest: +SKIP
    >>> float(a["accuracy"]), float(a["cmp_accuracy"]) < 1.0  # doctest: +SKIP
    (1.0, True)
    """
    data = load(data_cfg)
    _check_planar(data, hidden, 3, "LiftToThreeD")
    _check_planar(data, compare_hidden, 2, "LiftToThreeD's comparison")

    def compute():
        from engine.train import fit

        x, y, ordered = ordered_points(data)
        lo, hi = data_domain(x, margin)
        grid = grid_lines(tuple(lo), tuple(hi), n_lines, n_points)
        out = _warp_arrays(fit(data_cfg, tuple(hidden), activation, train_cfg),
                           activation, x, y, grid, 3)
        out.update(_warp_arrays(fit(data_cfg, tuple(compare_hidden), activation, train_cfg),
                                activation, x, y, grid, 2, prefix="cmp_"))
        out.update(points=x, labels=y, ordered=np.array(int(ordered)), grid=grid,
                   class_names=np.array(data.class_names),
                   domain_lo=lo, domain_hi=hi)
        return out

    key = _key(data_cfg, data, hidden, activation, train_cfg, compare_hidden=list(compare_hidden),
               n_lines=n_lines, n_points=n_points, margin=margin)
    return cached("warp_lift", key, compute)


def snapshot_schedule(epochs: int, n: int) -> tuple[int, ...]:
    """About ``n`` epochs from 0 to ``epochs``, log-spaced: training changes most early on."""
    if n < 2:
        raise ConfigError(f"n_snapshots={n!r}; allowed: an integer >= 2")
    e = np.unique(np.round(np.geomspace(1, epochs, n - 1)).astype(int))
    return (0, *(int(v) for v in e))


def training_warp(
    data_cfg: DataConfig = UNTANGLE_DATA,
    hidden: Sequence[int] = UNTANGLE_HIDDEN,
    activation: str = "tanh",
    train_cfg: TrainConfig = UNTANGLE_TRAIN,
    *,
    n_snapshots: int = 40,
    n_lines: int = 15,
    n_points: int = 61,
    field_size: int = 81,
    margin: float = 0.15,
) -> dict[str, np.ndarray]:
    """The last hidden space and the input-space logit at every parameter snapshot.

    ``train_cfg.snapshot_epochs`` is replaced by :func:`snapshot_schedule`
    (``n_snapshots`` epochs, log-spaced). The last hidden width must be 1 or 2.

    Returns
    -------
    dict with ``epochs (K,)``, ``hidden_points (K, N, 2)``, ``hidden_grid (K, L, P, 2)``,
    ``readout_w (K, 2)``, ``readout_b (K,)``, ``field_x (F,)``, ``field_y (F,)``,
    ``field (K, F, F)`` (the logit, ``field[k, i, j]`` at ``(field_x[i], field_y[j])``),
    ``loss``, ``test_loss``, ``train_accuracy``, ``test_accuracy`` at the snapshots
    (from the history), ``accuracy (K,)`` (of the readout on all N points),
    ``points``, ``labels``, ``ordered``, ``grid``, and the full ``history_*`` curves.

    Examples
    --------
    >>> a = training_warp(n_snapshots=10)  # doctest: +SKIP
    >>> a["epochs"][0], a["hidden_points"].shape[0]  # doctest: +SKIP
    (0, 10)
    """
    data = load(data_cfg)
    _check_planar(data, hidden[-1:], 2, "WarpDuringTraining")
    schedule = snapshot_schedule(train_cfg.epochs, n_snapshots)
    tcfg = TrainConfig(**{**config_dict(train_cfg)["TrainConfig"], "snapshot_epochs": schedule})

    def compute():
        from engine.train import fit

        x, y, ordered = ordered_points(data)
        lo, hi = data_domain(x, margin)
        grid = grid_lines(tuple(lo), tuple(hi), n_lines, n_points)
        fx = np.linspace(lo[0], hi[0], field_size)
        fy = np.linspace(lo[1], hi[1], field_size)
        mesh = np.stack(np.meshgrid(fx, fy, indexing="ij"), axis=-1)  # (F, F, 2)
        f = fit(data_cfg, tuple(hidden), activation, tcfg)
        h = f.history
        rows: dict[str, list[np.ndarray]] = {k: [] for k in (
            "hidden_points", "hidden_grid", "readout_w", "readout_b", "field", "accuracy")}
        for snap in h.snapshots:
            hp = _last_hidden(snap, activation, x, 2)
            w, b = _readout(snap, 2)
            logit = hp @ w + b
            rows["hidden_points"].append(hp)
            rows["hidden_grid"].append(_last_hidden(snap, activation, grid, 2))
            rows["readout_w"].append(w)
            rows["readout_b"].append(np.array(b))
            rows["field"].append(_last_hidden(snap, activation, mesh, 2) @ w + b)
            rows["accuracy"].append(np.array(((logit > 0).astype(np.int64) == y).mean()))
        ep = np.array(h.snapshot_epochs, dtype=np.int64)
        out = {k: np.stack(v) for k, v in rows.items()}
        out.update(
            epochs=ep, loss=h.loss[ep], test_loss=h.test_loss[ep],
            train_accuracy=h.train_accuracy[ep], test_accuracy=h.test_accuracy[ep],
            history_loss=h.loss, history_test_loss=h.test_loss,
            history_train_accuracy=h.train_accuracy, history_test_accuracy=h.test_accuracy,
            points=x, labels=y, ordered=np.array(int(ordered)), grid=grid,
            class_names=np.array(data.class_names),
            field_x=fx, field_y=fy, domain_lo=lo, domain_hi=hi,
        )
        for e, snap in zip(ep, h.snapshots, strict=True):
            out.update({f"e{e}_{k}": v for k, v in snap.items()})
        return out

    key = _key(data_cfg, data, hidden, activation, tcfg, n_lines=n_lines, n_points=n_points,
               field_size=field_size, margin=margin)
    return cached("warp_training", key, compute)
