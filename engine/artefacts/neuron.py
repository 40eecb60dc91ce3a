"""Artefacts for the neuron lecture: one real neuron, and the activation functions.

:func:`neuron_example` trains a small network (2 → 3 → 3 → 1, tanh, on TF
Playground's circle data) and takes one neuron of its *second* hidden layer,
whose three inputs are the first layer's activations of one real test point:
few enough to draw every weight, and every number is the network's own.

:func:`activation_curves` evaluates the engine's activation functions on a
grid (for plots) and on a line of evenly spaced inputs (to show what each one
does to a line).

Torch-using engine modules are imported inside the compute functions, so a
render with a warm cache never imports torch.

Examples
--------
>>> ex = neuron_example()                                      # doctest: +SKIP
>>> float(ex["w"] @ ex["a"] + ex["b"]) == float(ex["z"])       # doctest: +SKIP
True
"""

from __future__ import annotations

import numpy as np

from engine.cache import cached
from engine.config import ACTIVATIONS, DataConfig, TrainConfig, config_dict
from engine.datasets import load
from engine.errors import ConfigError

__all__ = [
    "NEURON_DATA",
    "NEURON_HIDDEN",
    "NEURON_ACTIVATION",
    "NEURON_TRAIN",
    "CURVE_ACTIVATIONS",
    "neuron_example",
    "pick_neuron",
    "pick_point",
    "rounding_agrees",
    "activation_curves",
]

# TF Playground's circle data and its default 500 points; a 3-unit first layer
# is the smallest that can cut a disk out of the plane (a triangle of lines).
NEURON_DATA = DataConfig(name="circle", n=500, noise=0.0, seed=0)
NEURON_HIDDEN = (3, 3)
NEURON_ACTIVATION = "tanh"
NEURON_TRAIN = TrainConfig(epochs=300, lr=0.03, optimizer="adam", seed=0)
CURVE_ACTIVATIONS = ("tanh", "sigmoid", "relu", "softplus")


def pick_neuron(W: np.ndarray) -> int:
    """The neuron to show: weights of both signs, then the widest spread of ``|w|``.

    Both signs let the picture show both edge colours; a spread of sizes shows
    thin and thick edges. Rows of ``W`` (out × in) are neurons.
    """
    W = np.asarray(W, dtype=np.float64)
    mixed = (W > 0).any(axis=1) & (W < 0).any(axis=1)
    spread = np.abs(W).max(axis=1) - np.abs(W).min(axis=1)
    # Mixed-sign rows first (True sorts after False), then spread; ties -> lowest index.
    order = np.lexsort((-np.arange(len(W)), spread, mixed))
    return int(order[-1])


def pick_point(z: np.ndarray, target: float, allowed: np.ndarray | None = None) -> int:
    """Index of the point whose pre-activation ``z`` lies nearest ``target`` (first on ties).

    ``allowed`` (boolean, same length) restricts the choice; if it allows no
    point, every point is a candidate.
    """
    z = np.asarray(z, dtype=np.float64)
    dist = np.abs(z - target)
    if allowed is not None and np.any(allowed):
        dist = np.where(allowed, dist, np.inf)
    return int(np.argmin(dist))


def rounding_agrees(
    w: np.ndarray, a: np.ndarray, b: float, z: np.ndarray, sigma_z: np.ndarray,
    sigma_of_rounded_z: np.ndarray, decimals: int,
) -> np.ndarray:
    """Per point: do the rounded numbers on screen add up to the rounded z and σ(z)?

    With ``a`` of shape (points, n_in): each product of the rounded weight and
    rounded input, rounded, must equal the rounded exact product (1.67 · (-0.44)
    is -0.73, so an exact -0.7248 would not do); those must add up to the rounded
    sum of products, that plus the rounded bias to the rounded z, and σ of the
    rounded z must round like σ(z), so a viewer checking by hand agrees.
    """
    r = np.round
    products = w * a
    from_shown = r(r(w, decimals) * r(a, decimals), decimals)
    shown_sum = r(from_shown.sum(axis=-1), decimals)
    total = r(shown_sum + r(b, decimals), decimals)
    return (
        np.all(from_shown == r(products, decimals), axis=-1)
        & (shown_sum == r(products.sum(axis=-1), decimals))
        & (total == r(z, decimals))
        & (r(sigma_of_rounded_z, decimals) == r(sigma_z, decimals))
    )


def neuron_example(
    data_cfg: DataConfig = NEURON_DATA,
    hidden: tuple[int, ...] = NEURON_HIDDEN,
    activation: str = NEURON_ACTIVATION,
    train_cfg: TrainConfig = NEURON_TRAIN,
    *,
    layer: int = 1,
    neuron: int | None = None,
    target_z: float = 1.0,
    decimals: int | None = 2,
    curve_lo: float = -4.0,
    curve_hi: float = 4.0,
    curve_n: int = 161,
) -> dict[str, np.ndarray]:
    """One neuron of a trained network, fed one real test point.

    Parameters
    ----------
    data_cfg, hidden, activation, train_cfg
        The network, trained with :func:`engine.train.fit` (cached).
    layer
        Which hidden layer (0-based ``Linear`` index, ``1..len(hidden)-1``) holds
        the neuron; its inputs are the activations of hidden layer ``layer - 1``.
    neuron
        Which neuron of that layer; ``None`` picks one with :func:`pick_neuron`.
    target_z
        The test point shown is the one whose ``z`` for this neuron lies nearest
        ``target_z`` (1.0: where tanh and sigmoid bend, so σ visibly acts).
    decimals
        The scene shows numbers rounded to this many decimals; the point is
        chosen among those whose rounded sum agrees with the rounded z (see
        :func:`rounding_agrees`), so the arithmetic on screen checks out.
        ``None``: no such restriction.
    curve_lo, curve_hi, curve_n
        The grid of z on which σ is evaluated for the plot.

    Returns
    -------
    dict of numpy arrays
        ``w`` (n_in,), ``b``, ``a`` (n_in,) the inputs, ``z``, ``sigma_z``;
        ``x`` the data point, ``label``, ``point`` (index into the test set),
        ``layer``, ``neuron``, ``activation`` (a string array); ``widths`` of
        the whole network, its parameters ``W0, b0, …`` and the point's
        activations ``act0`` (the input) … ``act{L}`` (the output logit);
        ``train_accuracy``, ``test_accuracy``, ``epochs``; ``curve_z``,
        ``curve_sigma`` (σ on the grid).
    """
    if activation not in ACTIVATIONS or activation == "linear":
        allowed = ", ".join(a for a in ACTIVATIONS if a != "linear")
        raise ConfigError(f"activation {activation!r} for a neuron; allowed: {allowed}")
    if not isinstance(layer, int) or not 1 <= layer <= len(hidden) - 1:
        raise ConfigError(
            f"layer={layer!r}; allowed: a hidden layer with a hidden layer before it, "
            f"1..{len(hidden) - 1} for hidden={tuple(hidden)!r}"
        )
    if decimals is not None and (not isinstance(decimals, int) or not 0 <= decimals <= 6):
        raise ConfigError(f"decimals={decimals!r}; allowed: None or an integer in 0..6")
    if neuron is not None and (not isinstance(neuron, int) or not 0 <= neuron < hidden[layer]):
        raise ConfigError(f"neuron={neuron!r}; allowed: None or 0..{hidden[layer] - 1}")
    _check_grid(curve_lo, curve_hi, curve_n, "curve")
    data = load(data_cfg)

    def compute() -> dict[str, np.ndarray]:
        import torch

        from engine.models import apply_activation
        from engine.record import record
        from engine.train import fit

        f = fit(data_cfg, tuple(hidden), activation, train_cfg)
        rec = record(f.model(), data.x_test)
        W, b = f.params[f"W{layer}"], f.params[f"b{layer}"]
        j = pick_neuron(W) if neuron is None else neuron
        zs, a_in = rec.z[layer][:, j], rec.a[layer - 1]
        ok = None
        if decimals is not None:
            sig_r = apply_activation(activation, torch.as_tensor(np.round(zs, decimals))).numpy()
            ok = rounding_agrees(W[j], a_in, b[j], zs, rec.a[layer][:, j], sig_r, decimals)
        i = pick_point(zs, target_z, ok)
        grid = np.linspace(curve_lo, curve_hi, curve_n)
        out = {
            "w": W[j].copy(),
            "b": np.array(b[j]),
            "a": rec.a[layer - 1][i].copy(),
            "z": np.array(rec.z[layer][i, j]),
            "sigma_z": np.array(rec.a[layer][i, j]),
            "x": data.x_test[i].copy(),
            "label": np.array(data.y_test[i], dtype=np.int64),
            "point": np.array(i, dtype=np.int64),
            "layer": np.array(layer, dtype=np.int64),
            "neuron": np.array(j, dtype=np.int64),
            "activation": np.array(activation),
            "widths": np.array(f.model_cfg.widths, dtype=np.int64),
            "train_accuracy": np.array(f.history.train_accuracy[-1]),
            "test_accuracy": np.array(f.history.test_accuracy[-1]),
            "epochs": np.array(train_cfg.epochs, dtype=np.int64),
            "act0": data.x_test[i].copy(),
            "curve_z": grid,
            "curve_sigma": apply_activation(activation, torch.as_tensor(grid)).numpy(),
        }
        out.update({k: v.copy() for k, v in f.params.items()})
        for l, act in enumerate(rec.a):
            out[f"act{l + 1}"] = act[i].copy()
        return out

    key = config_dict(
        data_cfg,
        train_cfg,
        hidden=tuple(hidden),
        activation=activation,
        layer=layer,
        neuron=neuron,
        target_z=float(target_z),
        decimals=decimals,
        rounding="products of the shown factors",  # the rule rounding_agrees checks
        curve=(float(curve_lo), float(curve_hi), int(curve_n)),
        data_hash=data.fingerprint,
    )
    return cached("neuron_example", key, compute)


def _check_grid(lo: float, hi: float, n: int, what: str) -> None:
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ConfigError(f"{what} range [{lo!r}, {hi!r}]; allowed: finite numbers with lo < hi")
    if not isinstance(n, int) or n < 2:
        raise ConfigError(f"{what} points n={n!r}; allowed: an integer >= 2")


def activation_curves(
    names: tuple[str, ...] = CURVE_ACTIVATIONS,
    *,
    lo: float = -4.0,
    hi: float = 4.0,
    n: int = 161,
    line_lo: float = -3.0,
    line_hi: float = 3.0,
    line_n: int = 13,
) -> dict[str, np.ndarray]:
    """Each activation on a grid of z, and on a line of evenly spaced inputs.

    Returns
    -------
    dict of numpy arrays
        ``z`` (n,), ``line_x`` (line_n,), and per name ``{name}`` = σ(z) and
        ``line_{name}`` = σ(line_x), all from :func:`engine.models.apply_activation`.

    Examples
    --------
    >>> c = activation_curves(("relu",), n=3, lo=-1.0, hi=1.0)       # doctest: +SKIP
    >>> c["relu"].tolist()                                           # doctest: +SKIP
    [0.0, 0.0, 1.0]
    """
    names = tuple(names)
    for name in names:
        if name not in ACTIVATIONS:
            raise ConfigError(
                f"unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}"
            )
    if not names:
        raise ConfigError(f"names={names!r}; allowed: one or more of {', '.join(ACTIVATIONS)}")
    _check_grid(lo, hi, n, "curve")
    _check_grid(line_lo, line_hi, line_n, "line")

    def compute() -> dict[str, np.ndarray]:
        import torch

        from engine.models import apply_activation

        z = np.linspace(lo, hi, n)
        line = np.linspace(line_lo, line_hi, line_n)
        out = {"z": z, "line_x": line}
        for name in names:
            out[name] = apply_activation(name, torch.as_tensor(z)).numpy()
            out[f"line_{name}"] = apply_activation(name, torch.as_tensor(line)).numpy()
        return out

    key = {
        "names": list(names),
        "grid": (float(lo), float(hi), int(n)),
        "line": (float(line_lo), float(line_hi), int(line_n)),
    }
    return cached("activation_curves", key, compute)
