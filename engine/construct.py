"""Depth buys pieces: ReLU networks built from a formula, and their pieces counted.

In one dimension a ReLU network computes a piecewise-linear function. One
hidden layer of H units has at most H + 1 linear pieces (each unit adds one
kink). A stack of k layers of two ReLU units can fold the interval [0, 1] onto
itself k times: the tent map ``T(x) = 2 relu(x) - 4 relu(x - 1/2)`` composed
with itself, ``T^k``, a sawtooth with 2^(k-1) teeth and 2^k pieces, from only
6k + 1 parameters. This module

* builds those networks from the formula (:func:`tent_network`), and the
  one-layer network of the same parameter count fitted to the same sawtooth
  by least squares (:func:`one_layer_network`, 2k units, at most 2k + 1
  pieces);
* evaluates any such network with its own weights (:func:`relu_forward`) and
  counts the linear pieces of what it actually computes on a fine grid
  (:func:`count_pieces`), never the formula's claim;
* trains both shapes, from scratch, on the sawtooth's labels (:func:`folding`,
  cached), and reports whatever training finds, seed by seed.

Networks are lists of ``(W, b)`` pairs, ``W`` shaped (out, in); ReLU after
every layer except the last.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.cache import cached
from engine.config import config_dict
from engine.errors import ConfigError

__all__ = [
    "Network",
    "tent",
    "tent_network",
    "one_layer_network",
    "relu_forward",
    "n_params",
    "count_pieces",
    "FoldingConfig",
    "folding",
]

Network = list[tuple[np.ndarray, np.ndarray]]


def tent(x: np.ndarray, k: int = 1) -> np.ndarray:
    """The tent map composed k times, straight from its definition (2x, then 2 - 2x)."""
    x = np.asarray(x, dtype=np.float64)
    for _ in range(k):
        x = np.where(x < 0.5, 2.0 * x, 2.0 - 2.0 * x)
    return x


def tent_network(k: int) -> Network:
    """k hidden layers of two ReLU units whose output is ``T^k(x)`` on [0, 1].

    Layer 1 computes relu(x) and relu(x - 1/2); every later layer reads the
    previous fold, 2 h1 - 4 h2, through the same two units; the output layer
    reads the last fold.
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise ConfigError(f"k={k!r} folds; allowed: an integer >= 1")
    read = np.array([[2.0, -4.0]])  # T(x) = 2 relu(x) - 4 relu(x - 1/2)
    bias = np.array([0.0, -0.5])
    net: Network = [(np.array([[1.0], [1.0]]), bias.copy())]
    for _ in range(k - 1):
        net.append((np.vstack([read, read]), bias.copy()))
    net.append((read.copy(), np.zeros(1)))
    return net


def one_layer_network(k: int, units: int, samples: int = 2049) -> Network:
    """One hidden layer of ``units`` ReLUs, fitted to T^k by least squares on [0, 1].

    The knots sit evenly at x_i = i / (H + 1), i = 1 … H: unit 1 is
    relu(x_1 - x) (it gives the first piece its slope), unit i > 1 is
    relu(x - x_i); the output weights and bias are the least-squares fit to
    T^k at ``samples`` evenly spaced points. So the network has at most
    H + 1 pieces, the most that one hidden layer of H units can have.
    """
    if not isinstance(units, int) or units < 1:
        raise ConfigError(f"units={units!r}; allowed: an integer >= 1")
    knots = np.arange(1, units + 1) / (units + 1)
    w = np.ones((units, 1))
    w[0, 0] = -1.0
    b = -knots.copy()
    b[0] = knots[0]
    xs = np.linspace(0.0, 1.0, samples)
    hidden = np.maximum(xs[:, None] @ w.T + b, 0.0)
    design = np.hstack([hidden, np.ones((samples, 1))])
    sol, *_ = np.linalg.lstsq(design, tent(xs, k), rcond=None)
    return [(w, b), (sol[None, :units], sol[units:])]


def relu_forward(net: Network, x: np.ndarray) -> np.ndarray:
    """The network's output at each x (shape (n,)), computed with its own weights."""
    a = np.asarray(x, dtype=np.float64).reshape(-1, 1)
    for i, (w, b) in enumerate(net):
        a = a @ np.asarray(w).T + np.asarray(b)
        if i < len(net) - 1:
            a = np.maximum(a, 0.0)
    return a[:, 0]


def n_params(net: Network) -> int:
    """Weights plus biases."""
    return int(sum(np.asarray(w).size + np.asarray(b).size for w, b in net))


def count_pieces(x: np.ndarray, y: np.ndarray, rtol: float = 1e-6) -> int:
    """Linear pieces of the sampled function y(x), from its slopes alone.

    Consecutive grid intervals with the same slope (within ``rtol`` of the
    largest slope) belong to one piece. An interval with a kink strictly inside
    has a slope in between, a run of one interval: it is a kink, not a piece. So
    a piece narrower than two grid steps is missed; the grid must be fine.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or len(x) < 3:
        raise ConfigError(f"samples of shape {x.shape} and {y.shape}; allowed: two equal "
                          "1-D arrays of at least 3 points")
    if not np.all(np.diff(x) > 0):
        raise ConfigError("sample points must increase strictly")
    s = np.diff(y) / np.diff(x)
    tol = rtol * max(1.0, float(np.abs(s).max()))
    new_run = np.abs(np.diff(s)) > tol
    run_id = np.concatenate([[0], np.cumsum(new_run)])
    lengths = np.bincount(run_id)
    return int(np.sum(lengths >= 2))


@dataclass(frozen=True)
class FoldingConfig:
    """The construction for 1 … ``k_max`` folds, and training at ``k_train`` folds."""

    k_max: int = 5  # constructed networks shown, one fold more each
    k_train: int = 4  # the sawtooth both shapes are trained on
    grid: int = 2**14  # intervals of the counting grid on [0, 1]
    n_draw: int = 513  # points per drawn curve
    n_train: int = 400  # training points, uniform on [0, 1]
    n_test: int = 1000
    epochs: int = 2000
    lr: float = 0.01
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    data_seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "seeds", tuple(self.seeds))
        for name in ("k_max", "k_train"):
            v = getattr(self, name)
            if not isinstance(v, int) or not 1 <= v <= 10:
                raise ConfigError(f"{name}={v!r}; allowed: an integer in 1..10")
        if not 2 ** (self.k_max + 4) <= self.grid <= 2**22:
            raise ConfigError(f"grid={self.grid!r}; allowed: 2^(k_max+4) .. 2^22 intervals, "
                              "so every piece spans many grid steps")
        if not self.seeds:
            raise ConfigError("seeds=(); allowed: at least one seed")
        for name in ("n_train", "n_test", "epochs"):
            v = getattr(self, name)
            if not isinstance(v, int) or v < 1:
                raise ConfigError(f"{name}={v!r}; allowed: an integer >= 1")


def _labels(x: np.ndarray, k: int) -> np.ndarray:
    return (tent(x, k) > 0.5).astype(np.int64)


def folding(cfg: FoldingConfig = FoldingConfig()) -> dict[str, np.ndarray]:
    """The construction counted, then both shapes trained on the sawtooth's labels.

    Returns arrays (k = 1 … k_max along the first axis where there is one):
    ``k``; ``deep_params``, ``deep_pieces`` (counted), ``deep_curve`` (k_max,
    n_draw); ``wide_units`` (2k: the widest one layer within the same budget),
    ``wide_params``, ``wide_pieces``, ``wide_curve``; ``x_draw``; for each
    constructed deep network its weights as ``deep{k}_W{i}``/``deep{k}_b{i}``;
    at ``k_train``: ``x_train``/``y_train``/``x_test``/``y_test``,
    ``constructed_accuracy`` and ``one_layer_accuracy`` (output > 1/2 on the
    test points), and per seed ``trained_deep_accuracy``,
    ``trained_wide_accuracy`` (test), ``trained_deep_pieces``,
    ``trained_wide_pieces`` and the trained logit curves ``trained_deep_curve``,
    ``trained_wide_curve`` (seeds, n_draw).
    """

    def compute() -> dict[str, np.ndarray]:
        fine = np.linspace(0.0, 1.0, cfg.grid + 1)
        x_draw = np.linspace(0.0, 1.0, cfg.n_draw)
        out: dict[str, np.ndarray] = {"k": np.arange(1, cfg.k_max + 1), "x_draw": x_draw}
        cols: dict[str, list] = {n: [] for n in (
            "deep_params", "deep_pieces", "deep_curve", "wide_units", "wide_params",
            "wide_pieces", "wide_curve")}
        for k in range(1, cfg.k_max + 1):
            deep = tent_network(k)
            p = n_params(deep)
            units = (p - 1) // 3  # 1 -> H -> 1 has 3H + 1 parameters
            wide = one_layer_network(k, units)
            for i, (w, b) in enumerate(deep):
                out[f"deep{k}_W{i}"], out[f"deep{k}_b{i}"] = w, b
            cols["deep_params"].append(p)
            cols["deep_pieces"].append(count_pieces(fine, relu_forward(deep, fine)))
            cols["deep_curve"].append(relu_forward(deep, x_draw))
            cols["wide_units"].append(units)
            cols["wide_params"].append(n_params(wide))
            cols["wide_pieces"].append(count_pieces(fine, relu_forward(wide, fine)))
            cols["wide_curve"].append(relu_forward(wide, x_draw))
        out.update({n: np.array(v) for n, v in cols.items()})
        out.update(_train_both(cfg, fine, x_draw))
        return out

    return cached("folding", config_dict(cfg), compute)


def _train_both(cfg: FoldingConfig, fine: np.ndarray, x_draw: np.ndarray
                ) -> dict[str, np.ndarray]:
    import torch

    from engine.config import ModelConfig
    from engine.experiments import adam_full_batch
    from engine.models import build_mlp

    k = cfg.k_train
    rng = np.random.default_rng(cfg.data_seed)
    x_tr = rng.uniform(0.0, 1.0, cfg.n_train)
    x_te = rng.uniform(0.0, 1.0, cfg.n_test)
    y_tr, y_te = _labels(x_tr, k), _labels(x_te, k)
    deep_net = tent_network(k)
    units = (n_params(deep_net) - 1) // 3
    out: dict[str, np.ndarray] = {
        "k_train": np.array(k), "x_train": x_tr, "y_train": y_tr, "x_test": x_te,
        "y_test": y_te, "epochs": np.array(cfg.epochs), "lr": np.array(cfg.lr),
        "seeds": np.array(cfg.seeds),
        "constructed_accuracy": np.array(np.mean((relu_forward(deep_net, x_te) > 0.5) == y_te)),
        "one_layer_accuracy": np.array(
            np.mean((relu_forward(one_layer_network(k, units), x_te) > 0.5) == y_te)),
    }
    shapes = {"deep": (2,) * k, "wide": (units,)}
    x = torch.as_tensor(x_tr[:, None])
    t = torch.as_tensor(y_tr, dtype=torch.float64)
    for name, hidden in shapes.items():
        acc, pieces, curves = [], [], []
        mcfg = ModelConfig(1, hidden, "relu", 2)
        for seed in cfg.seeds:
            model = build_mlp(mcfg, seed=seed)
            crit = torch.nn.BCEWithLogitsLoss()
            adam_full_batch(model, lambda m, c=crit: c(m(x)[:, 0], t), cfg.epochs, cfg.lr)
            net = [(m.weight.detach().numpy().copy(), m.bias.detach().numpy().copy())
                   for m in model if isinstance(m, torch.nn.Linear)]
            acc.append(np.mean((relu_forward(net, x_te) > 0.0) == y_te))
            pieces.append(count_pieces(fine, relu_forward(net, fine)))
            curves.append(relu_forward(net, x_draw))
        out[f"trained_{name}_accuracy"] = np.array(acc)
        out[f"trained_{name}_pieces"] = np.array(pieces)
        out[f"trained_{name}_curve"] = np.array(curves)
        out[f"trained_{name}_params"] = np.array(mcfg.n_params)
    return out
