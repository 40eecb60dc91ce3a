"""Loss surfaces: a real two-weight neuron, and 2-D slices through a trained MLP.

Two pictures of the same idea, "training walks downhill on a surface":

* :func:`neuron_surface` and :func:`descend` — one neuron ``p = σ(w1 x1 + w2 x2)``
  (no bias, so it has exactly two parameters) on a real 2-D dataset, with the
  mean binary cross-entropy ``L(w1, w2)`` on a grid and the exact full-batch
  paths of SGD, momentum and Adam from one start;
* :func:`filter_normalized_slice` and :func:`pca_trajectory` — Li et al. (2018),
  "Visualizing the Loss Landscape of Neural Nets": ``L(θ* + α d1 + β d2)`` for
  filter-normalised random directions, and the training trajectory on the plane
  of the first two PCA components of ``θ_epoch − θ_final``, with the loss on
  that same plane so the path lies in the picture it is drawn on.

:func:`contour_segments` turns any grid into contour line segments (marching
squares), so a scene can draw all of them as one path.

Torch is imported inside the functions that train or run a network, so the
configs and :func:`contour_segments` stay importable without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from engine.config import OPTIMIZERS, DataConfig, ModelConfig
from engine.datasets import Dataset, load
from engine.errors import ConfigError

if TYPE_CHECKING:
    import torch

__all__ = [
    "SurfaceConfig",
    "DescentConfig",
    "Surface",
    "Trajectory",
    "neuron_loss",
    "neuron_surface",
    "descend",
    "contour_segments",
    "flatten_params",
    "filter_normalized_direction",
    "batched_mlp_loss",
    "Slice",
    "filter_normalized_slice",
    "PcaPath",
    "pca_trajectory",
]


def _check_range(name: str, r: tuple[float, float]) -> tuple[float, float]:
    vals = tuple(float(v) for v in r)
    if len(vals) != 2 or not np.all(np.isfinite(vals)) or not vals[0] < vals[1]:
        raise ConfigError(f"{name}={vals!r}; allowed: (lo, hi) with finite lo < hi")
    return vals[0], vals[1]


def _check_grid(grid: object) -> None:
    if not isinstance(grid, int) or isinstance(grid, bool) or grid < 2:
        raise ConfigError(f"grid size grid={grid!r}; allowed: an integer >= 2 (points per axis)")


# --- the two-weight neuron -----------------------------------------------------


@dataclass(frozen=True)
class SurfaceConfig:
    """The neuron's data and the window of weight space to evaluate.

    The default gauss set with noise 0.3 overlaps, so the loss has a finite
    minimum (on separable data the weights would grow for ever).
    """

    data: DataConfig = field(default_factory=lambda: DataConfig("gauss", n=200, noise=0.3))
    w1_range: tuple[float, float] = (-2.0, 4.0)
    w2_range: tuple[float, float] = (-2.0, 4.0)
    grid: int = 121  # points per axis

    def __post_init__(self) -> None:
        object.__setattr__(self, "w1_range", _check_range("w1_range", self.w1_range))
        object.__setattr__(self, "w2_range", _check_range("w2_range", self.w2_range))
        _check_grid(self.grid)


@dataclass(frozen=True)
class DescentConfig:
    """One full-batch optimizer run on the neuron from ``start``.

    ``momentum`` is β of the "momentum" optimizer; ``betas``/``eps`` are Adam's.
    """

    optimizer: str = "sgd"
    lr: float = 2.0
    steps: int = 40
    start: tuple[float, float] = (-1.5, 3.5)
    momentum: float = 0.9
    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", tuple(float(v) for v in self.start))
        object.__setattr__(self, "betas", tuple(float(v) for v in self.betas))
        if self.optimizer not in OPTIMIZERS:
            raise ConfigError(
                f"unknown optimizer {self.optimizer!r}; allowed: {', '.join(OPTIMIZERS)}"
            )
        if not (isinstance(self.lr, (int, float)) and 0.0 < self.lr < float("inf")):
            raise ConfigError(f"learning rate lr={self.lr!r}; allowed: a number > 0")
        if not isinstance(self.steps, int) or isinstance(self.steps, bool) or self.steps < 1:
            raise ConfigError(f"steps={self.steps!r}; allowed: an integer >= 1")
        if len(self.start) != 2 or not np.all(np.isfinite(self.start)):
            raise ConfigError(f"start={self.start!r}; allowed: two finite numbers (w1, w2)")
        if not 0.0 <= self.momentum < 1.0:
            raise ConfigError(f"momentum={self.momentum!r}; allowed: 0 <= momentum < 1")
        if len(self.betas) != 2 or not all(0.0 <= b < 1.0 for b in self.betas):
            raise ConfigError(f"betas={self.betas!r}; allowed: two numbers in [0, 1)")
        if not self.eps > 0.0:
            raise ConfigError(f"eps={self.eps!r}; allowed: a number > 0")


@dataclass(frozen=True, eq=False)
class Surface:
    """``loss[i, j] = L(w1[i], w2[j])`` (note: first index is w1)."""

    w1: np.ndarray  # (n,)
    w2: np.ndarray  # (n,)
    loss: np.ndarray  # (n, n)
    x: np.ndarray  # the training points the loss averages over, (N, 2)
    y: np.ndarray  # their 0/1 labels, (N,)

    @property
    def argmin(self) -> tuple[float, float, float]:
        """``(w1, w2, L)`` of the lowest grid point."""
        i, j = np.unravel_index(np.argmin(self.loss), self.loss.shape)
        return float(self.w1[i]), float(self.w2[j]), float(self.loss[i, j])


@dataclass(frozen=True, eq=False)
class Trajectory:
    """Weights, loss and gradient at steps 0..K (step 0 = the start)."""

    w: np.ndarray  # (K + 1, 2)
    loss: np.ndarray  # (K + 1,)
    grad: np.ndarray  # (K + 1, 2): ∇L at w[k], the gradient step k+1 uses


def _neuron_data(data: DataConfig) -> Dataset:
    ds = load(data)
    if ds.x_train.shape[1] != 2 or ds.n_classes != 2:
        raise ConfigError(
            f"dataset {data.name!r} has {ds.x_train.shape[1]} inputs and {ds.n_classes} "
            "classes; allowed: a 2-D two-class dataset for the two-weight neuron"
        )
    return ds


def neuron_loss(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean binary cross-entropy of ``σ(w · x)`` for every weight vector in ``w``.

    ``w`` has shape ``(..., 2)``; all weight vectors are broadcast against all
    points in one pass: ``ℓ = log(1 + e^z) − y z`` with ``z = w · x``.

    >>> float(neuron_loss(np.zeros(2), np.ones((3, 2)), np.array([0, 1, 1])))  # log 2
    0.6931471805599453
    """
    w = np.asarray(w, dtype=np.float64)
    z = w @ np.asarray(x, dtype=np.float64).T  # (..., N)
    return np.mean(np.logaddexp(0.0, z) - y * z, axis=-1)


def neuron_surface(cfg: SurfaceConfig) -> Surface:
    """``L(w1, w2)`` on ``cfg.grid × cfg.grid`` points of the window, vectorised."""
    ds = _neuron_data(cfg.data)
    w1 = np.linspace(*cfg.w1_range, cfg.grid)
    w2 = np.linspace(*cfg.w2_range, cfg.grid)
    grid = np.stack(np.meshgrid(w1, w2, indexing="ij"), axis=-1)  # (n, n, 2)
    loss = neuron_loss(grid, ds.x_train, ds.y_train)
    return Surface(w1, w2, loss, ds.x_train, ds.y_train.astype(np.float64))


def _optimizer(param: torch.Tensor, cfg: DescentConfig) -> torch.optim.Optimizer:
    import torch

    if cfg.optimizer == "sgd":
        return torch.optim.SGD([param], lr=cfg.lr)
    if cfg.optimizer == "momentum":
        # torch: buf ← β buf + g; w ← w − α buf — Distill's z ← βz + ∇f; w ← w − αz.
        return torch.optim.SGD([param], lr=cfg.lr, momentum=cfg.momentum)
    return torch.optim.Adam([param], lr=cfg.lr, betas=cfg.betas, eps=cfg.eps)


def descend(surface_cfg: SurfaceConfig, cfg: DescentConfig) -> Trajectory:
    """Run ``cfg.optimizer`` full-batch on the neuron with ``torch.optim``.

    Records the weights, the loss and the autograd gradient before every step.
    The window of ``surface_cfg`` only picks the data; the path may leave it.
    """
    import torch

    ds = _neuron_data(surface_cfg.data)
    x = torch.as_tensor(ds.x_train, dtype=torch.float64)
    y = torch.as_tensor(ds.y_train, dtype=torch.float64)
    w = torch.nn.Parameter(torch.tensor(cfg.start, dtype=torch.float64))
    opt = _optimizer(w, cfg)
    ws, losses, grads = [], [], []
    for k in range(cfg.steps + 1):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x @ w, y)
        loss.backward()
        ws.append(w.detach().numpy().copy())
        losses.append(float(loss.detach()))
        grads.append(w.grad.detach().numpy().copy())  # type: ignore[union-attr]
        if k < cfg.steps:
            opt.step()
    return Trajectory(np.array(ws), np.array(losses), np.array(grads))


# --- contour lines ---------------------------------------------------------------


def contour_segments(
    values: np.ndarray, xs: np.ndarray, ys: np.ndarray, levels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Marching squares: every contour line piece of ``values[i, j] = f(xs[i], ys[j])``.

    Returns ``(segments, level_index)``: segments of shape ``(M, 2, 2)`` (two end
    points ``(x, y)`` each) and which level each belongs to. End points lie on
    grid edges where linear interpolation along the edge equals the level.
    Saddle cells are split by the cell's mean value.
    """
    v = np.asarray(values, dtype=np.float64)
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    if v.shape != (len(xs), len(ys)):
        raise ConfigError(f"values of shape {v.shape}; allowed: ({len(xs)}, {len(ys)})")
    c00, c10, c01, c11 = v[:-1, :-1], v[1:, :-1], v[:-1, 1:], v[1:, 1:]
    x0, x1 = xs[:-1, None], xs[1:, None]
    y0, y1 = ys[None, :-1], ys[None, 1:]
    segs, which = [], []
    for li, level in enumerate(np.asarray(levels, dtype=np.float64)):

        def cross(a, b, pa, pb, level=level):
            # Where the line a→b (values) crosses the level, and whether it does.
            hit = (a >= level) != (b >= level)
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.where(hit, (level - a) / (b - a), 0.0)
            return hit, (pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1]))

        shape = c00.shape
        bx0, by0 = np.broadcast_to(x0, shape), np.broadcast_to(y0, shape)
        bx1, by1 = np.broadcast_to(x1, shape), np.broadcast_to(y1, shape)
        # Edges counter-clockwise: bottom (y0), right (x1), top (y1), left (x0).
        edges = [
            cross(c00, c10, (bx0, by0), (bx1, by0)),
            cross(c10, c11, (bx1, by0), (bx1, by1)),
            cross(c01, c11, (bx0, by1), (bx1, by1)),
            cross(c00, c01, (bx0, by0), (bx0, by1)),
        ]
        hits = np.stack([e[0] for e in edges])  # (4, ...)
        pts = np.stack([np.stack(e[1], axis=-1) for e in edges])  # (4, ..., 2)
        count = hits.sum(axis=0)
        # Two crossings: one segment between them.
        two = count == 2
        if two.any():
            idx = np.argsort(~hits[:, two], axis=0, kind="stable")[:2]  # the two hit edges
            p = pts[:, two]  # (4, m, 2)
            m = np.arange(p.shape[1])
            segs.append(np.stack([p[idx[0], m], p[idx[1], m]], axis=1))
            which.append(np.full(p.shape[1], li))
        # Four crossings (a saddle): cut off the two corners on the other side of the centre.
        four = count == 4
        if four.any():
            centre_up = ((c00 + c10 + c01 + c11) / 4.0 >= level)[four]
            c00_up = (c00 >= level)[four]
            p = pts[:, four]
            same = c00_up == centre_up  # c00 joined to the centre: cut c10 and c01
            a = np.where(same[:, None], p[0], p[3])
            b = np.where(same[:, None], p[1], p[0])
            c = np.where(same[:, None], p[2], p[1])
            d = np.where(same[:, None], p[3], p[2])
            segs.append(np.concatenate([np.stack([a, b], 1), np.stack([c, d], 1)]))
            which.append(np.full(2 * p.shape[1], li))
    if not segs:
        return np.zeros((0, 2, 2)), np.zeros(0, dtype=np.int64)
    return np.concatenate(segs), np.concatenate(which).astype(np.int64)


# --- slices through a trained MLP (Li et al. 2018) -------------------------------


def _layer_names(params: dict[str, np.ndarray]) -> list[str]:
    n = len([k for k in params if k.startswith("W")])
    return [f"{p}{i}" for i in range(n) for p in ("W", "b")]


def flatten_params(params: dict[str, np.ndarray]) -> np.ndarray:
    """All parameters in the order W0, b0, W1, b1, … as one vector."""
    return np.concatenate([np.asarray(params[k]).ravel() for k in _layer_names(params)])


def _unflatten(vec: np.ndarray, like: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out, at = {}, 0
    for k in _layer_names(like):
        shape = like[k].shape
        size = int(np.prod(shape))
        out[k] = vec[..., at : at + size].reshape(*vec.shape[:-1], *shape)
        at += size
    return out


def filter_normalized_direction(
    params: dict[str, np.ndarray], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """A Gaussian random direction, each filter rescaled to the norm of θ*'s filter.

    For a dense layer a filter is one neuron's incoming weights (a row of W).
    Bias directions are zero, as in Li et al.'s ``ignore='biasbn'``.
    """
    out = {}
    for k in _layer_names(params):
        p = np.asarray(params[k], dtype=np.float64)
        if k.startswith("b"):
            out[k] = np.zeros_like(p)
            continue
        d = rng.standard_normal(p.shape)
        norm_d = np.linalg.norm(d, axis=1, keepdims=True)
        out[k] = d / norm_d * np.linalg.norm(p, axis=1, keepdims=True)
    return out


def batched_mlp_loss(
    model_cfg: ModelConfig, params: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray
) -> np.ndarray:
    """The training loss for a batch of parameter sets in one pass.

    ``params[name]`` has shape ``(G, *shape)``; returns ``(G,)`` losses, with the
    same criterion training uses (BCE with logits for two classes, else CE).
    """
    import torch

    from engine.models import apply_activation

    h = torch.as_tensor(np.asarray(x, dtype=np.float64))[None]  # (1, N, d)
    n_lin = len(model_cfg.widths) - 1
    with torch.no_grad():
        for i in range(n_lin):
            W = torch.as_tensor(params[f"W{i}"])  # (G, out, in)
            b = torch.as_tensor(params[f"b{i}"])  # (G, out)
            h = torch.einsum("gni,goi->gno", h.expand(W.shape[0], -1, -1), W) + b[:, None, :]
            if i < n_lin - 1:
                h = apply_activation(model_cfg.activation, h)
        if model_cfg.n_classes == 2:
            t = torch.as_tensor(y, dtype=torch.float64)[None].expand(h.shape[0], -1)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                h[..., 0], t, reduction="none"
            ).mean(dim=1)
        else:
            t = torch.as_tensor(y, dtype=torch.int64)
            logp = torch.log_softmax(h, dim=-1)
            loss = -logp[:, torch.arange(len(t)), t].mean(dim=1)
    return loss.numpy()


def _plane_losses(
    model_cfg: ModelConfig,
    theta: np.ndarray,
    d1: np.ndarray,
    d2: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    like: dict[str, np.ndarray],
    data: Dataset,
    chunk: int = 512,
) -> np.ndarray:
    """``L(θ + a_i d1 + b_j d2)`` for every i, j; chunked to bound memory."""
    A, B = np.meshgrid(a, b, indexing="ij")
    pts = theta + A.reshape(-1, 1) * d1 + B.reshape(-1, 1) * d2  # (G, P)
    out = np.empty(len(pts))
    for s in range(0, len(pts), chunk):
        batch = _unflatten(pts[s : s + chunk], like)
        out[s : s + chunk] = batched_mlp_loss(model_cfg, batch, data.x_train, data.y_train)
    return out.reshape(len(a), len(b))


@dataclass(frozen=True, eq=False)
class Slice:
    """``loss[i, j] = L(θ* + alpha[i] d1 + beta[j] d2)`` (flattened directions)."""

    alpha: np.ndarray
    beta: np.ndarray
    loss: np.ndarray
    d1: np.ndarray
    d2: np.ndarray
    theta: np.ndarray


def filter_normalized_slice(
    fit, *, grid: int = 41, span: float = 1.0, seed: int = 0
) -> Slice:
    """Li et al.'s 2-D slice around a trained network (an :class:`engine.train.Fit`).

    Two seeded filter-normalised Gaussian directions; the grid covers
    ``[-span, span]²``.
    """
    _check_grid(grid)
    if not (isinstance(span, (int, float)) and 0.0 < span < float("inf")):
        raise ConfigError(f"span={span!r}; allowed: a number > 0")
    rng = np.random.default_rng(seed)
    d1 = flatten_params(filter_normalized_direction(fit.params, rng))
    d2 = flatten_params(filter_normalized_direction(fit.params, rng))
    theta = flatten_params(fit.params)
    a = np.linspace(-span, span, grid)
    loss = _plane_losses(fit.model_cfg, theta, d1, d2, a, a, fit.params, load(fit.data_cfg))
    return Slice(a, a.copy(), loss, d1, d2, theta)


@dataclass(frozen=True, eq=False)
class PcaPath:
    """The training path on the PCA plane of ``θ_e − θ_final``, and the loss on that plane.

    ``coords[k]`` is snapshot k projected (θ_final at the origin); ``path_loss``
    is the true loss of the snapshot, ``plane_path_loss`` the loss at its
    projection (they differ by what the plane leaves out); ``explained`` is the
    fraction of the path's variance each component keeps.
    """

    epochs: np.ndarray
    coords: np.ndarray  # (K, 2)
    path_loss: np.ndarray  # (K,)
    plane_path_loss: np.ndarray  # (K,)
    explained: np.ndarray  # (2,)
    u: np.ndarray  # (G,) grid along component 1
    v: np.ndarray  # (G,) grid along component 2
    loss: np.ndarray  # (G, G): loss[i, j] = L(θ_final + u[i] c1 + v[j] c2)
    components: np.ndarray  # (2, P)


def pca_trajectory(fit, *, grid: int = 41, margin: float = 0.25) -> PcaPath:
    """Project ``fit``'s snapshots onto the first two PCA components of ``θ_e − θ_final``.

    The components come from centred PCA of those differences (as Li et al.'s
    code does); the differences themselves are projected uncentred, so the
    final weights sit at (0, 0). The loss grid covers the path plus ``margin``
    of its extent on every side, with equal extent on both axes.
    """
    from engine.record import pca_projection

    _check_grid(grid)
    epochs = np.array(fit.history.snapshot_epochs, dtype=np.int64)
    if len(epochs) < 3:
        raise ConfigError(
            f"snapshot_epochs={tuple(epochs)!r}; allowed: at least 3 snapshots for a PCA path"
        )
    final = flatten_params(fit.params)
    snaps = np.stack([flatten_params(s) for s in fit.history.snapshots])
    diffs = snaps - final
    proj = pca_projection(diffs, 2)
    comps = proj.components
    coords = diffs @ comps.T
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    centre = (lo + hi) / 2
    half = (hi - lo).max() / 2 * (1 + 2 * margin)
    u = np.linspace(centre[0] - half, centre[0] + half, grid)
    v = np.linspace(centre[1] - half, centre[1] + half, grid)
    data = load(fit.data_cfg)
    loss = _plane_losses(fit.model_cfg, final, comps[0], comps[1], u, v, fit.params, data)
    batch = _unflatten(snaps, fit.params)
    path_loss = batched_mlp_loss(fit.model_cfg, batch, data.x_train, data.y_train)
    on_plane = _unflatten(final + coords @ comps, fit.params)
    plane_loss = batched_mlp_loss(fit.model_cfg, on_plane, data.x_train, data.y_train)
    return PcaPath(
        epochs, coords, path_loss, plane_loss, proj.explained, u, v, loss, comps
    )
