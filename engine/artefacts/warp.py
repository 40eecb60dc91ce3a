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

:func:`untangle` and :func:`training_warp` take any 2-D dataset with 2-8 classes
and any widths: each hidden layer is put on screen by :func:`display_basis`
(exact for widths 1-3, a PCA projection beyond, with the share of variance it
keeps); k > 2 classes keep every class's logit (a softmax readout); data loaded
with ``standardize`` get a rescale stage before layer 1; more than
:data:`MAX_DRAWN` points are drawn as a seeded sample (training uses them all).

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
from engine.config import MAX_CLASSES, DataConfig, TrainConfig, config_dict
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
    "drawn_points",
    "check_planar",
    "network_inputs",
    "display_basis",
    "view_3d_basis",
    "EXACT",
    "VIEW_3D",
    "PCA",
    "MAX_DRAWN",
    "POOR_FIT",
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


def check_planar(data: Dataset, hidden: Sequence[int], max_width: int | None, scene: str,
                 max_classes: int = MAX_CLASSES) -> None:
    """Raise :class:`ConfigError` unless a warp scene can draw ``data`` through ``hidden``."""
    if data.x_train.shape[1] != 2:
        raise ConfigError(
            f"dataset {data.name!r} has {data.x_train.shape[1]} input columns; "
            f"allowed for {scene}: 2 (a plane)"
        )
    if not 2 <= data.n_classes <= max_classes:
        allowed = "2 (one readout line)" if max_classes == 2 else f"2..{max_classes}"
        raise ConfigError(
            f"dataset {data.name!r} has {data.n_classes} classes; allowed for {scene}: "
            f"{allowed}"
        )
    if not hidden:
        raise ConfigError(f"hidden={tuple(hidden)!r}; allowed for {scene}: one or more widths")
    for w in hidden:
        if (not isinstance(w, int) or isinstance(w, bool) or w < 1
                or (max_width is not None and w > max_width)):
            allowed = "integers >= 1" if max_width is None else f"1..{max_width}"
            raise ConfigError(
                f"hidden width {w!r} in hidden={tuple(hidden)!r}; allowed for {scene}: "
                f"{allowed} (every hidden space is drawn)"
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


#: How each hidden layer is drawn (``layer_kind``): its own plane, a fixed 3-D view, or PCA.
EXACT, VIEW_3D, PCA = 0, 1, 2
#: Most points drawn; larger datasets train on every row and draw a seeded sample.
MAX_DRAWN = 2000
#: Below this accuracy the scenes and the command say the fit is poor, and what to try.
POOR_FIT = 0.9


def view_3d_basis(phi_deg: float = 62.0, theta_deg: float = -55.0) -> np.ndarray:
    """The screen's right and up axes ``(2, 3)`` for an orthographic camera at ``(phi, theta)``.

    A width-3 layer is drawn exactly, as a 3-D object seen from this fixed camera
    (manim's angles: ``phi`` from +z, ``theta`` about z), not flattened by PCA.
    """
    phi, theta = np.radians(phi_deg), np.radians(theta_deg)
    d = np.array([np.sin(phi) * np.cos(theta), np.sin(phi) * np.sin(theta), np.cos(phi)])
    right = np.cross([0.0, 0.0, 1.0], d)
    right /= np.linalg.norm(right)
    return np.stack([right, np.cross(d, right)])


def display_basis(acts: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, float]:
    """How one hidden layer is drawn in 2-D: ``(mean (d,), basis (2, d), kind, kept)``.

    ``acts`` holds every activation to be drawn in this layer (``(..., d)``, e.g. its
    three stages stacked), so one view serves the whole layer and the motion
    between its steps is continuous. Width 1-2: the exact plane (width 1 on the
    x-axis); width 3: :func:`view_3d_basis` (exact); wider: the top two principal
    components of ``acts`` with each stage (first axis) centred on its own mean,
    ``kept`` the share of that variance they keep.
    A point goes on screen at ``(h - mean) @ basis.T``.
    """
    d = acts.shape[-1]
    if d <= 2:
        return np.zeros(d), np.eye(2)[:, :d].copy(), EXACT, 1.0
    if d == 3:
        return np.zeros(3), view_3d_basis(), VIEW_3D, 1.0
    from engine.record import pca_projection

    # Components of the spread *within* each stage: fitted on the stages as they are,
    # the shift b (one translation in d dimensions) would take a component of its
    # own and flatten the data onto a line. The shift still shows, as motion.
    flat = acts.reshape(len(acts), -1, d)
    spread = flat - flat.mean(axis=1, keepdims=True)
    proj = pca_projection(spread.reshape(-1, d), 2)
    return flat.reshape(-1, d).mean(axis=0), proj.components, PCA, float(proj.explained.sum())


def _to_screen(h: np.ndarray, mean: np.ndarray, basis: np.ndarray) -> np.ndarray:
    return (h - mean) @ basis.T


def network_inputs(data: Dataset, x: np.ndarray) -> np.ndarray:
    """Raw coordinates (the lecturer's units) → what the network reads (standardised if so)."""
    if "scale_mean" in data.extras:
        return (x - data.extras["scale_mean"]) / data.extras["scale_std"]
    return x


def drawn_points(data: Dataset, seed: int, max_points: int = MAX_DRAWN):
    """The points a scene draws, in raw coordinates: ``(x, y, ordered, n_total)``.

    At most ``max_points``: a larger dataset is drawn as a sample seeded by ``seed``
    (the network still trains on every row).
    """
    if "raw_train" in data.extras:
        x = np.concatenate([data.extras["raw_train"], data.extras["raw_test"]])
        y, ordered = data.y, False
        if "curve0" in data.extras:  # standardised curves: the extras are raw already
            x, y, ordered = ordered_points(data)
    else:
        x, y, ordered = ordered_points(data)
    n_total = len(x)
    if n_total > max_points:
        pick = np.sort(np.random.default_rng([seed, 2]).choice(n_total, max_points,
                                                                replace=False))
        x, y, ordered = x[pick], y[pick], False
    return x, y, ordered, n_total


def _readout_of(params: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    last = len([k for k in params if k.startswith("W")]) - 1
    return params[f"W{last}"], params[f"b{last}"]


def _predict(logits: np.ndarray) -> np.ndarray:
    return (logits[..., 0] > 0).astype(np.int64) if logits.shape[-1] == 1 else logits.argmax(-1)


def _exact_readout(W: np.ndarray, b: np.ndarray, d: int) -> dict[str, np.ndarray]:
    """The readout in an exact last hidden space (width <= 2), padded to the plane.

    Two classes: one line ``readout_w · h + readout_b = 0``; k classes: every
    class's logit ``readout_W[c] · h + readout_B[c]`` (its region is where it is largest).
    """
    Wp = np.concatenate([W, np.zeros((W.shape[0], 2 - d))], axis=1)
    if W.shape[0] == 1:
        return {"readout_w": Wp[0], "readout_b": np.array(float(b[0]))}
    return {"readout_W": Wp, "readout_B": b.copy()}


def _check_network(fit, x_net: np.ndarray, logits: np.ndarray) -> None:
    """The picture's logits must be the network's own (from torch)."""
    import torch

    with torch.no_grad():
        net = fit.model()(torch.as_tensor(x_net)).numpy()
    if not np.allclose(logits, net, atol=1e-9):
        raise AssertionError("readout of the recorded stages disagrees with the network")


def untangle(
    data_cfg: DataConfig = UNTANGLE_DATA,
    hidden: Sequence[int] = UNTANGLE_HIDDEN,
    activation: str = "tanh",
    train_cfg: TrainConfig = UNTANGLE_TRAIN,
    *,
    n_lines: int = 15,
    n_points: int = 61,
    margin: float = 0.15,
    max_points: int = MAX_DRAWN,
) -> dict[str, np.ndarray]:
    """Data points and input grid lines through every hidden layer's three steps.

    Any hidden widths and 2..8 classes. Each hidden layer is drawn in 2-D by
    :func:`display_basis` (exact for widths 1-3, PCA beyond), chosen once per
    layer. With ``data_cfg.standardize`` the input is first shown in its own
    units, then rescaled (a stage with ``stage_step`` 4) before layer 1.

    Returns
    -------
    dict with ``points (N, 2)`` (raw units), ``labels (N,)``, ``ordered ()`` (1 if
    each class is one curve, in order), ``n_total ()`` (rows in the dataset; N is
    a seeded sample if fewer), ``grid (L, P, 2)``, ``stage_points (S, N, 2)`` and
    ``stage_grid (S, L, P, 2)`` (screen-plane coordinates of every stage; if
    standardised, the input is drawn in the rescaled frame, labelled in raw units),
    ``stage_layer (S,)`` (0 = input), ``stage_step (S,)`` (0 input, 1 W, 2 b, 3 σ,
    4 rescale), ``layer_kind (H,)`` (:data:`EXACT`, :data:`VIEW_3D`, :data:`PCA`),
    ``layer_kept (H,)`` (share of variance a PCA view keeps; 1 if exact),
    ``layer_mean``/``layer_basis`` per layer (``l{i}_mean``, ``l{i}_basis``),
    ``hidden_last (N, d)`` (exact last hidden activations), ``logits (N, k_out)``,
    ``pred (N,)``, ``accuracy ()`` (of the network on the N drawn points),
    ``correct ()``, the readout in the plane if the last layer is exact
    (``readout_w``, ``readout_b`` for two classes, ``readout_W``, ``readout_B``
    for k), ``logit (N,)`` (two classes), ``scale_mean``, ``scale_std`` (if
    standardised), ``train_accuracy``, ``test_accuracy``, ``loss`` (final, from
    the history, on all rows), ``param_W0 …`` and ``domain_lo/domain_hi``.

    Examples
    --------
    >>> a = untangle()  # doctest: +SKIP
    >>> float(a["accuracy"])  # doctest: +SKIP
    1.0
    """
    data = load(data_cfg)
    check_planar(data, hidden, None, "UntangleCurves")

    def compute():
        from engine.train import fit

        x, y, ordered, n_total = drawn_points(data, data_cfg.seed, max_points)
        lo, hi = data_domain(x, margin)
        grid = grid_lines(tuple(lo), tuple(hi), n_lines, n_points)
        f = fit(data_cfg, tuple(hidden), activation, train_cfg)
        xn, gn = network_inputs(data, x), network_inputs(data, grid)
        sp, sg, layer, step = [x], [grid], [0], [0]
        out: dict[str, np.ndarray] = {}
        if "scale_mean" in data.extras:
            # Rescaling each axis does not change the picture of the input drawn to fit
            # its box; only the axes' numbers change. So the input stage is drawn in
            # rescaled coordinates (its ticks in raw units), and the rescale stage is the
            # same picture with rescaled numbers and the axes through the new origin.
            sp, sg = [xn], [gn]
            sp.append(xn)
            sg.append(gn)
            layer.append(0)
            step.append(4)
            out.update(scale_mean=data.extras["scale_mean"], scale_std=data.extras["scale_std"])
        kinds, kept = [], []
        steps_p = _hidden_steps(f.params, activation, xn)
        steps_g = _hidden_steps(f.params, activation, gn)
        for i, (tp, tg) in enumerate(zip(steps_p, steps_g, strict=True)):
            mean, basis, kind, share = display_basis(np.stack(tp))
            sp += [_to_screen(t, mean, basis) for t in tp]
            sg += [_to_screen(t, mean, basis) for t in tg]
            layer += [i + 1] * 3
            step += [1, 2, 3]
            kinds.append(kind)
            kept.append(share)
            out[f"l{i}_mean"], out[f"l{i}_basis"] = mean, basis
        h = steps_p[-1][2]
        W, b = _readout_of(f.params)
        logits = h @ W.T + b
        _check_network(f, xn, logits)
        pred = _predict(logits)
        if h.shape[1] <= 2:
            out.update(_exact_readout(W, b, h.shape[1]))
        if logits.shape[1] == 1:
            out["logit"] = logits[:, 0]
        hist = f.history
        out.update(
            stage_points=np.stack(sp), stage_grid=np.stack(sg),
            stage_layer=np.array(layer, dtype=np.int64), stage_step=np.array(step, dtype=np.int64),
            layer_kind=np.array(kinds, dtype=np.int64), layer_kept=np.array(kept),
            hidden_last=h, logits=logits, pred=pred,
            accuracy=np.array(float((pred == y).mean())), correct=np.array(int((pred == y).sum())),
            train_accuracy=np.array(hist.train_accuracy[-1]),
            test_accuracy=np.array(hist.test_accuracy[-1]), loss=np.array(hist.loss[-1]),
            points=x, labels=y, ordered=np.array(int(ordered)), n_total=np.array(n_total),
            grid=grid, class_names=np.array(data.class_names), domain_lo=lo, domain_hi=hi,
        )
        out.update({f"param_{k}": v for k, v in f.params.items()})
        return out

    key = _key(data_cfg, data, hidden, activation, train_cfg,
               n_lines=n_lines, n_points=n_points, margin=margin, max_points=max_points)
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
    check_planar(data, hidden, 3, "LiftToThreeD", max_classes=2)
    check_planar(data, compare_hidden, 2, "LiftToThreeD's comparison", max_classes=2)

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
    max_points: int = MAX_DRAWN,
) -> dict[str, np.ndarray]:
    """The last hidden space and the input-space logits at every parameter snapshot.

    ``train_cfg.snapshot_epochs`` is replaced by :func:`snapshot_schedule`
    (``n_snapshots`` epochs, log-spaced). Any widths, 2..8 classes; the last
    hidden layer is drawn by :func:`display_basis` fitted once on all snapshots.

    Returns
    -------
    dict with ``epochs (K,)``, ``hidden_points (K, N, 2)``, ``hidden_grid (K, L, P, 2)``
    (screen-plane coordinates), ``hidden_kind ()``, ``hidden_kept ()``, the
    readout per snapshot if exact (``readout_w (K, 2)``, ``readout_b (K,)`` for two
    classes; ``readout_W (K, k, 2)``, ``readout_B (K, k)`` for k), ``field_x (F,)``,
    ``field_y (F,)`` (raw units), ``field`` (two classes: the logit ``(K, F, F)``,
    ``field[k, i, j]`` at ``(field_x[i], field_y[j])``; k classes: ``(K, F, F, k)``),
    ``loss``, ``test_loss``, ``train_accuracy``, ``test_accuracy`` at the snapshots
    (from the history), ``accuracy (K,)`` (of the network on the N drawn points),
    ``points``, ``labels``, ``ordered``, ``n_total``, ``grid``, and the full ``history_*`` curves.

    Examples
    --------
    >>> a = training_warp(n_snapshots=10)  # doctest: +SKIP
    >>> a["epochs"][0], a["hidden_points"].shape[0]  # doctest: +SKIP
    (0, 10)
    """
    data = load(data_cfg)
    check_planar(data, hidden, None, "WarpDuringTraining")
    schedule = snapshot_schedule(train_cfg.epochs, n_snapshots)
    tcfg = TrainConfig(**{**config_dict(train_cfg)["TrainConfig"], "snapshot_epochs": schedule})

    def compute():
        from engine.train import fit

        x, y, ordered, n_total = drawn_points(data, data_cfg.seed, max_points)
        lo, hi = data_domain(x, margin)
        grid = grid_lines(tuple(lo), tuple(hi), n_lines, n_points)
        fx = np.linspace(lo[0], hi[0], field_size)
        fy = np.linspace(lo[1], hi[1], field_size)
        mesh = np.stack(np.meshgrid(fx, fy, indexing="ij"), axis=-1)  # (F, F, 2)
        xn, gn, mn = (network_inputs(data, v) for v in (x, grid, mesh))
        f = fit(data_cfg, tuple(hidden), activation, tcfg)
        h = f.history
        hp = [_hidden_steps(s, activation, xn)[-1][2] for s in h.snapshots]
        hg = [_hidden_steps(s, activation, gn)[-1][2] for s in h.snapshots]
        mean, basis, kind, kept = display_basis(np.stack(hp))
        rows: dict[str, list[np.ndarray]] = {k: [] for k in ("field", "accuracy")}
        for snap, p in zip(h.snapshots, hp, strict=True):
            W, b = _readout_of(snap)
            if p.shape[1] <= 2:
                for k, v in _exact_readout(W, b, p.shape[1]).items():
                    rows.setdefault(k, []).append(v)
            field = _hidden_steps(snap, activation, mn)[-1][2] @ W.T + b
            rows["field"].append(field[..., 0] if W.shape[0] == 1 else field)
            acc = (_predict(p @ W.T + b) == y).mean()
            rows["accuracy"].append(np.array(acc))
        ep = np.array(h.snapshot_epochs, dtype=np.int64)
        out = {k: np.stack(v) for k, v in rows.items()}
        out.update(
            hidden_points=np.stack([_to_screen(p, mean, basis) for p in hp]),
            hidden_grid=np.stack([_to_screen(g, mean, basis) for g in hg]),
            hidden_kind=np.array(kind), hidden_kept=np.array(kept),
            hidden_mean=mean, hidden_basis=basis,
            epochs=ep, loss=h.loss[ep], test_loss=h.test_loss[ep],
            train_accuracy=h.train_accuracy[ep], test_accuracy=h.test_accuracy[ep],
            history_loss=h.loss, history_test_loss=h.test_loss,
            history_train_accuracy=h.train_accuracy, history_test_accuracy=h.test_accuracy,
            points=x, labels=y, ordered=np.array(int(ordered)), n_total=np.array(n_total),
            grid=grid, class_names=np.array(data.class_names),
            field_x=fx, field_y=fy, domain_lo=lo, domain_hi=hi,
        )
        if "scale_mean" in data.extras:
            out.update(scale_mean=data.extras["scale_mean"], scale_std=data.extras["scale_std"])
        for e, snap in zip(ep, h.snapshots, strict=True):
            out.update({f"e{e}_{k}": v for k, v in snap.items()})
        return out

    key = _key(data_cfg, data, hidden, activation, tcfg, n_lines=n_lines, n_points=n_points,
               field_size=field_size, margin=margin, max_points=max_points)
    return cached("warp_training", key, compute)
