"""Artefacts for the "space" scenes: what W, b and σ do to space, and separating on a line.

* :func:`space_transformations`: a grid and a few points under the article's
  five transformations — W scales, rotates, raises (2-D → 3-D) and lowers
  (2-D → 1-D) dimension, b translates, σ bends — each on its own with an
  illustrative parameter (:data:`ILLUSTRATIVE`), then one real layer composed:
  the first layer (W, b, tanh) of a trained width-2 tanh network.
* :func:`sign_line`: negative / zero / positive integers separated by two
  thresholds (midpoints between the classes).
* :func:`parity_line`: odd / even integers: every single threshold's accuracy
  (none separates them), then ``x mod 2`` where one threshold does.
* :func:`interval_networks`: Olah's 1-D example, A = [-1/3, 1/3] against
  B = [-1, -2/3] ∪ [2/3, 1] (:func:`olah_intervals`), learned by a 1 → 2 → 1
  tanh network (each hidden unit a soft threshold), against the best any
  single threshold can do.

All coordinates are computed here in numpy; torch-using modules are imported
inside the compute functions, so a warm-cache render never imports torch.

Examples
--------
>>> s = space_transformations()                    # doctest: +SKIP
>>> s["lift_grid"].shape                           # (lines, points, 3)  # doctest: +SKIP
(26, 61, 3)
"""

from __future__ import annotations

import numpy as np

from engine.cache import cached
from engine.config import DataConfig, TrainConfig, config_dict
from engine.datasets import Dataset, grid_lines, load
from engine.errors import ConfigError

__all__ = [
    "ILLUSTRATIVE",
    "TRANSFORM_NAMES",
    "LAYER_DATA",
    "LAYER_HIDDEN",
    "LAYER_TRAIN",
    "SIGN_DATA",
    "PARITY_DATA",
    "INTERVAL_TRAIN",
    "space_transformations",
    "threshold_sweep",
    "sign_line",
    "parity_line",
    "olah_intervals",
    "interval_networks",
]

# Illustrative parameters: each shows one kind of motion clearly. They stand
# for no learned value; the composed layer at the end is a trained one.
_ANGLE = np.deg2rad(40.0)
ILLUSTRATIVE: dict[str, np.ndarray] = {
    "scale": np.array([[1.6, 0.0], [0.0, 0.5]]),
    "rotate": np.array([[np.cos(_ANGLE), -np.sin(_ANGLE)], [np.sin(_ANGLE), np.cos(_ANGLE)]]),
    "lift": np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]]),  # 2-D → 3-D: a tilted plane
    "lower": np.array([[0.8, 0.6]]),  # 2-D → 1-D: everything onto a line
    "translate": np.array([0.7, -0.4]),  # b
    # σ acts on each coordinate, so it maps an axis-parallel grid to an
    # axis-parallel grid (only the spacing changes). A tilted, enlarged grid
    # first shows the bending.
    "tilt": 1.6 * np.array([[np.cos(_ANGLE), -np.sin(_ANGLE)],
                            [np.sin(_ANGLE), np.cos(_ANGLE)]]),
}
#: The transformations in the order the scene shows them (σ = tanh last).
TRANSFORM_NAMES = ("scale", "rotate", "lift", "lower", "translate", "bend")

# The real layer: the first layer of the width-2 tanh network that untangles
# Olah-style tangled curves (the same data and training as the warp scenes).
LAYER_DATA = DataConfig("tangled_curves", n=400, entanglement=0.7, seed=0)
LAYER_HIDDEN = (2, 2, 2)
LAYER_TRAIN = TrainConfig(epochs=300, lr=0.03, optimizer="adam", seed=6)

SIGN_DATA = DataConfig("sign", n=200, seed=0)
PARITY_DATA = DataConfig("parity", n=200, seed=0)
# 1 → 2 → 1 tanh reaches 100 % with this seed (seed 1 stalls at 78 %).
INTERVAL_TRAIN = TrainConfig(epochs=300, lr=0.05, optimizer="adam", seed=0)


def _apply(W: np.ndarray | None, b: np.ndarray | None, x: np.ndarray) -> np.ndarray:
    out = x if W is None else x @ W.T
    return out if b is None else out + b


def space_transformations(
    lo: float = -1.5,
    hi: float = 1.5,
    n_lines: int = 13,
    n_points: int = 61,
    n_marked: int = 6,
    data_cfg: DataConfig = LAYER_DATA,
    hidden: tuple[int, ...] = LAYER_HIDDEN,
    train_cfg: TrainConfig = LAYER_TRAIN,
) -> dict[str, np.ndarray]:
    """A grid and a few marked points under each transformation, and one real layer.

    Returns
    -------
    dict of numpy arrays
        ``grid`` (L, P, 2), ``points`` (M, 2) with ``point_labels``, and
        ``basis`` (2, 21, 2): the unit segments 0 → e1 and 0 → e2; per name in
        :data:`TRANSFORM_NAMES`: ``{name}_grid``, ``{name}_points`` and
        ``{name}_basis``, the transformed coordinates (3 columns for
        ``lift``, 1 for ``lower``, 2 otherwise), and ``{name}_W`` / ``{name}_b``
        where they apply; ``bend`` is tanh of ``tilt_*`` (the grid under
        ``tilt_W``), since tanh keeps an axis-parallel grid axis-parallel.
        For the trained layer: ``W``, ``b``; ``curve0``, ``curve1`` (the
        data's two curves); ``layer_grid`` (4, L, P, 2) and
        ``layer_curve0`` / ``layer_curve1`` (4, N, 2): the stages x, W x,
        W x + b, tanh(W x + b); ``layer_train_accuracy`` / ``layer_test_accuracy``.
    """
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ConfigError(f"grid range [{lo!r}, {hi!r}]; allowed: finite numbers with lo < hi")
    for name, v, least in (("n_lines", n_lines, 2), ("n_points", n_points, 2),
                           ("n_marked", n_marked, 1)):
        if not isinstance(v, int) or v < least:
            raise ConfigError(f"{name}={v!r}; allowed: an integer >= {least}")
    if data_cfg.name != "tangled_curves" or hidden[0] != 2:
        raise ConfigError(
            f"dataset {data_cfg.name!r} with hidden={tuple(hidden)!r}; allowed: "
            "'tangled_curves' and a first hidden layer of width 2 (a plane to draw)"
        )

    def compute() -> dict[str, np.ndarray]:
        from engine.train import fit

        data = load(data_cfg)
        c0, c1 = data.extras["curve0"], data.extras["curve1"]
        grid = grid_lines((lo, lo), (hi, hi), n_lines, n_points)
        # A few points evenly along each curve (inside the grid), to follow by eye.
        idx = np.linspace(0, len(c0) - 1, n_marked + 2)[1:-1].round().astype(int)
        points = np.concatenate([c0[idx], c1[idx]])
        labels = np.repeat(np.array([0, 1], dtype=np.int64), len(idx))
        # The unit segments 0 → e1 and 0 → e2, whose images show what W does to the axes.
        t = np.linspace(0.0, 1.0, 21)[:, None]
        basis = np.stack([t * np.array([1.0, 0.0]), t * np.array([0.0, 1.0])])
        out: dict[str, np.ndarray] = {"grid": grid, "points": points, "point_labels": labels,
                                      "basis": basis}
        out["tilt_W"] = ILLUSTRATIVE["tilt"].copy()
        for name in TRANSFORM_NAMES:
            if name == "bend":
                W = b = None
            elif name == "translate":
                W, b = None, ILLUSTRATIVE["translate"]
            else:
                W, b = ILLUSTRATIVE[name], None
            for what, x in (("grid", grid), ("points", points), ("basis", basis)):
                if name == "bend":
                    tilted = _apply(ILLUSTRATIVE["tilt"], None, x)
                    out[f"tilt_{what}"] = tilted
                    out[f"bend_{what}"] = np.tanh(tilted)
                else:
                    out[f"{name}_{what}"] = _apply(W, b, x)
            if W is not None:
                out[f"{name}_W"] = W.copy()
            if b is not None:
                out[f"{name}_b"] = b.copy()
        f = fit(data_cfg, tuple(hidden), "tanh", train_cfg)
        W, b = f.params["W0"], f.params["b0"]
        dlo = min(c0.min(), c1.min()) * 1.1
        dhi = max(c0.max(), c1.max()) * 1.1
        lgrid = grid_lines((dlo, dlo), (dhi, dhi), n_lines, n_points)

        def stages(x: np.ndarray) -> np.ndarray:
            wx = x @ W.T
            return np.stack([x, wx, wx + b, np.tanh(wx + b)])

        out.update(
            W=W.copy(), b=b.copy(), curve0=c0.copy(), curve1=c1.copy(),
            layer_grid=stages(lgrid), layer_curve0=stages(c0), layer_curve1=stages(c1),
            layer_train_accuracy=np.array(f.history.train_accuracy[-1]),
            layer_test_accuracy=np.array(f.history.test_accuracy[-1]),
        )
        return out

    key = config_dict(
        data_cfg, train_cfg, hidden=tuple(hidden), grid=(float(lo), float(hi), n_lines, n_points),
        n_marked=n_marked, illustrative={k: v.tolist() for k, v in ILLUSTRATIVE.items()},
    )
    return cached("space_transformations", key, compute)


def threshold_sweep(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every distinct single threshold on a line and its accuracy on two classes.

    Candidates are the midpoints between neighbouring distinct values plus one
    below and one above all of them; each is scored with the better of its two
    orientations (class 1 above, or class 1 below).

    Returns
    -------
    (thresholds, accuracies), both shaped (K,).

    Examples
    --------
    >>> t, acc = threshold_sweep(np.array([0., 1, 2, 3]), np.array([0, 1, 0, 1]))
    >>> float(acc.max())
    0.75
    """
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y).reshape(-1)
    if len(x) != len(y) or len(x) == 0:
        raise ConfigError(f"{len(x)} values and {len(y)} labels; allowed: equal, non-zero")
    if not set(np.unique(y).tolist()) <= {0, 1}:
        raise ConfigError(f"labels {sorted(set(np.unique(y).tolist()))}; allowed: 0 and 1")
    u = np.unique(x)
    t = np.concatenate([[u[0] - 0.5], (u[:-1] + u[1:]) / 2, [u[-1] + 0.5]])
    above = (x[None, :] > t[:, None]).astype(np.int64)
    acc_up = (above == y[None, :]).mean(axis=1)
    return t, np.maximum(acc_up, 1.0 - acc_up)


def sign_line(data_cfg: DataConfig = SIGN_DATA) -> dict[str, np.ndarray]:
    """Negative / zero / positive: two thresholds, midway between neighbouring classes.

    Returns ``values`` (distinct x), ``value_labels``, ``thresholds`` (2,),
    ``accuracy`` of ``class = (x > t1) + (x > t2)`` over every point,
    ``n_points``.
    """
    if data_cfg.name != "sign":
        raise ConfigError(f"dataset {data_cfg.name!r}; allowed here: 'sign'")

    def compute() -> dict[str, np.ndarray]:
        data = load(data_cfg)
        x, y = data.x[:, 0], data.y
        t = np.array([(x[y == k].max() + x[y == k + 1].min()) / 2 for k in (0, 1)])
        pred = (x > t[0]).astype(np.int64) + (x > t[1])
        values = np.unique(x)
        labels = np.array([y[x == v][0] for v in values], dtype=np.int64)
        return {"values": values, "value_labels": labels, "thresholds": t,
                "accuracy": np.array((pred == y).mean()), "n_points": np.array(len(x))}

    return cached("sign_line", config_dict(data_cfg), compute)


def parity_line(data_cfg: DataConfig = PARITY_DATA) -> dict[str, np.ndarray]:
    """Odd / even: no single threshold separates them; after ``x mod 2`` one does.

    Returns ``values``, ``value_labels``, ``sweep_thresholds`` and
    ``sweep_accuracy`` (every threshold, :func:`threshold_sweep`),
    ``best_accuracy``; ``mod_values`` (distinct x mod 2 of each value, from the
    dataset's ``x_mod2`` extras), ``mod_threshold`` and ``mod_accuracy`` over
    every point; ``n_points``.
    """
    if data_cfg.name != "parity":
        raise ConfigError(f"dataset {data_cfg.name!r}; allowed here: 'parity'")

    def compute() -> dict[str, np.ndarray]:
        data = load(data_cfg)
        x, y = data.x[:, 0], data.y
        xm = np.concatenate([data.extras["x_mod2_train"], data.extras["x_mod2_test"]])[:, 0]
        t, acc = threshold_sweep(x, y)
        values = np.unique(x)
        labels = np.array([y[x == v][0] for v in values], dtype=np.int64)
        mod_values = np.array([xm[x == v][0] for v in values])
        tm, accm = threshold_sweep(xm, y)
        k = int(np.argmax(accm))
        return {"values": values, "value_labels": labels, "sweep_thresholds": t,
                "sweep_accuracy": acc, "best_accuracy": np.array(acc.max()),
                "mod_values": mod_values, "mod_threshold": np.array(tm[k]),
                "mod_accuracy": np.array(accm[k]), "n_points": np.array(len(x))}

    return cached("parity_line", config_dict(data_cfg), compute)


def olah_intervals(n: int = 300, seed: int = 0, test_fraction: float = 0.5) -> Dataset:
    """Olah's 1-D set: class 1 (A) uniform on [-1/3, 1/3], class 0 (B) on [-1, -2/3] ∪ [2/3, 1].

    Half the points in each class; a seeded split like the engine's datasets.

    Examples
    --------
    >>> d = olah_intervals(40)
    >>> bool(np.all(np.abs(d.x_train[d.y_train == 1]) <= 1 / 3))
    True
    """
    if not isinstance(n, int) or n < 4:
        raise ConfigError(f"n={n!r} points; allowed: an integer >= 4")
    if not 0.0 < test_fraction < 1.0:
        raise ConfigError(f"test_fraction={test_fraction!r}; allowed: 0 < test_fraction < 1")
    rng = np.random.default_rng(seed)
    half = n // 2
    a = rng.uniform(-1 / 3, 1 / 3, half)
    b = rng.uniform(2 / 3, 1.0, n - half) * rng.choice([-1.0, 1.0], n - half)
    x = np.concatenate([a, b])[:, None]
    y = np.concatenate([np.ones(half), np.zeros(n - half)]).astype(np.int64)
    perm = np.random.default_rng([seed, 1]).permutation(n)
    n_test = max(1, min(n - 1, int(round(n * test_fraction))))
    te, tr = perm[:n_test], perm[n_test:]
    return Dataset("olah_intervals", x[tr], y[tr], x[te], y[te], 2, ("B", "A"))


def interval_networks(
    n: int = 300,
    seed: int = 0,
    train_cfg: TrainConfig = INTERVAL_TRAIN,
    n_curve: int = 201,
) -> dict[str, np.ndarray]:
    """A 1 → 2 → 1 tanh network trained on :func:`olah_intervals`.

    Returns
    -------
    dict of numpy arrays
        The data (``x_train``, ``y_train``, ``x_test``, ``y_test``, 1-D);
        the 2-unit network's ``W0`` (2, 1), ``b0``, ``W1`` (1, 2), ``b1``;
        ``unit_thresholds`` (2,) where each unit's ``W0 x + b0`` is 0;
        ``curve_x`` (n_curve,), ``curve_hidden`` (n_curve, 2) = tanh(W0 x + b0),
        ``curve_logit``; ``hidden_train`` (n_train, 2) each training point in
        the hidden plane; ``train_accuracy``, ``test_accuracy``;
        ``best_threshold_accuracy``: the best single threshold on the raw line
        (all points), the most a 1 → 1 → 1 network can reach, since its output
        is monotone in x.
    """
    if not isinstance(n_curve, int) or n_curve < 2:
        raise ConfigError(f"n_curve={n_curve!r}; allowed: an integer >= 2")
    data = olah_intervals(n, seed)

    def compute() -> dict[str, np.ndarray]:
        from engine.config import ModelConfig
        from engine.train import params_to_arrays, train

        out: dict[str, np.ndarray] = {
            "x_train": data.x_train[:, 0].copy(), "y_train": data.y_train.copy(),
            "x_test": data.x_test[:, 0].copy(), "y_test": data.y_test.copy(),
        }
        model, h = train(ModelConfig(1, (2,), "tanh", 2), train_cfg, data)
        p = params_to_arrays(model)
        out.update(p)
        out["unit_thresholds"] = -p["b0"] / p["W0"][:, 0]
        cx = np.linspace(-1.1, 1.1, n_curve)
        ch = np.tanh(cx[:, None] @ p["W0"].T + p["b0"])
        out.update(curve_x=cx, curve_hidden=ch, curve_logit=(ch @ p["W1"].T + p["b1"])[:, 0])
        out["hidden_train"] = np.tanh(data.x_train @ p["W0"].T + p["b0"])
        out["train_accuracy"] = np.array(h.train_accuracy[-1])
        out["test_accuracy"] = np.array(h.test_accuracy[-1])
        _, acc = threshold_sweep(data.x[:, 0], data.y)
        out["best_threshold_accuracy"] = np.array(acc.max())
        return out

    key = config_dict(train_cfg, n=n, seed=seed, n_curve=n_curve, data_hash=data.fingerprint)
    return cached("interval_networks", key, compute)
