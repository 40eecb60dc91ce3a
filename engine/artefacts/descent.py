"""Cached artefacts of the gradient-descent scenes (``scenes/descent.py``).

The two-weight neuron's loss surface, its contour lines and the optimizer paths
on it; and, for a trained spiral MLP, Li et al.'s filter-normalised slice and
the PCA-plane training path. Torch-using modules are imported inside the
compute functions, so a warm-cache render never imports torch.
"""

from __future__ import annotations

import numpy as np

from engine.cache import cached
from engine.config import DataConfig, TrainConfig, config_dict
from engine.surface import DescentConfig, SurfaceConfig

__all__ = [
    "NEURON",
    "GD_RUN",
    "RACE",
    "SPIRAL_DATA",
    "SPIRAL_HIDDEN",
    "SPIRAL_ACTIVATION",
    "SPIRAL_TRAIN",
    "neuron_surface",
    "neuron_contours",
    "neuron_path",
    "landscape_slice",
    "landscape_path",
    "log_levels",
]


# The neuron's data and window: engine.surface.SurfaceConfig's defaults.
NEURON = SurfaceConfig()
# One SGD run for the 3-D and fog scenes: a start on the slope, a small step.
GD_RUN = DescentConfig(optimizer="sgd", lr=0.5, steps=30, start=(-1.8, 2.0))
# The race: one start in the long flat valley; each optimizer with a learning
# rate of its usual size (momentum's effective step is lr / (1 − β)).
RACE = (
    DescentConfig(optimizer="sgd", lr=1.0, steps=60, start=(3.8, 3.0)),
    DescentConfig(optimizer="momentum", lr=0.5, steps=60, start=(3.8, 3.0)),
    DescentConfig(optimizer="adam", lr=0.1, steps=60, start=(3.8, 3.0)),
)
SPIRAL_DATA = DataConfig("spiral", n=500)
SPIRAL_HIDDEN = (8, 8)
SPIRAL_ACTIVATION = "tanh"
SPIRAL_TRAIN = TrainConfig(
    epochs=300, lr=0.03, optimizer="adam", snapshot_epochs=tuple(range(0, 301, 10))
)


def neuron_surface(neuron: SurfaceConfig = NEURON) -> dict[str, np.ndarray]:
    """``w1 (n,), w2 (n,), loss (n, n)`` with ``loss[i, j] = L(w1[i], w2[j])``,
    the training points ``x, y``, and the grid minimum ``argmin = (w1, w2, L)``."""

    def compute():
        from engine.surface import neuron_surface as surf

        s = surf(neuron)
        return {"w1": s.w1, "w2": s.w2, "loss": s.loss, "x": s.x, "y": s.y,
                "argmin": np.array(s.argmin)}

    return cached("neuron_surface", config_dict(neuron), compute)


def log_levels(lo: float, hi: float, n: int) -> np.ndarray:
    """``n`` contour levels spaced evenly in log(loss) strictly inside (lo, hi)."""
    return np.exp(np.linspace(np.log(lo), np.log(hi), n + 2)[1:-1])


def neuron_contours(neuron: SurfaceConfig = NEURON, n_levels: int = 10) -> dict[str, np.ndarray]:
    """Contour segments ``(M, 2, 2)`` of the neuron's surface, their ``level_index``
    and the ``levels`` (log-spaced between the grid's minimum and maximum)."""

    def compute():
        from engine.surface import contour_segments

        s = neuron_surface(neuron)
        levels = log_levels(float(s["loss"].min()), float(s["loss"].max()), n_levels)
        segs, which = contour_segments(s["loss"], s["w1"], s["w2"], levels)
        return {"segments": segs, "level_index": which, "levels": levels}

    return cached("neuron_contours", config_dict(neuron, n_levels=n_levels), compute)


def neuron_path(
    run: DescentConfig = GD_RUN, neuron: SurfaceConfig = NEURON
) -> dict[str, np.ndarray]:
    """One optimizer's full-batch path: ``w (K+1, 2)``, ``loss (K+1,)``, ``grad (K+1, 2)``."""

    def compute():
        from engine.surface import descend

        t = descend(neuron, run)
        return {"w": t.w, "loss": t.loss, "grad": t.grad}

    return cached("neuron_path", config_dict(neuron, run), compute)


def _fit(data: DataConfig, hidden, activation: str, train: TrainConfig):
    from engine.train import fit

    return fit(data, tuple(hidden), activation, train)


def _mlp_key(data, hidden, activation, train, **extra) -> dict:
    from engine.datasets import load

    return config_dict(data, train, hidden=list(hidden), activation=activation,
                       data_hash=load(data).fingerprint, **extra)


def landscape_slice(
    data: DataConfig = SPIRAL_DATA,
    hidden: tuple[int, ...] = SPIRAL_HIDDEN,
    activation: str = SPIRAL_ACTIVATION,
    train: TrainConfig = SPIRAL_TRAIN,
    *,
    grid: int = 41,
    span: float = 1.0,
    seed: int = 0,
    n_levels: int = 12,
) -> dict[str, np.ndarray]:
    """Li et al.'s filter-normalised slice: ``alpha, beta, loss (grid, grid)``,
    ``trained_loss`` (the fit's final training loss), ``train_accuracy`` and
    contour ``segments / level_index / levels``."""

    def compute():
        from engine.surface import contour_segments, filter_normalized_slice

        f = _fit(data, hidden, activation, train)
        s = filter_normalized_slice(f, grid=grid, span=span, seed=seed)
        levels = log_levels(float(s.loss.min()), float(s.loss.max()), n_levels)
        segs, which = contour_segments(s.loss, s.alpha, s.beta, levels)
        return {"alpha": s.alpha, "beta": s.beta, "loss": s.loss,
                "trained_loss": np.array(f.history.loss[-1]),
                "train_accuracy": np.array(f.history.train_accuracy[-1]),
                "segments": segs, "level_index": which, "levels": levels}

    key = _mlp_key(data, hidden, activation, train, grid=grid, span=span, seed=seed,
                   n_levels=n_levels)
    return cached("landscape_slice", key, compute)


def landscape_path(
    data: DataConfig = SPIRAL_DATA,
    hidden: tuple[int, ...] = SPIRAL_HIDDEN,
    activation: str = SPIRAL_ACTIVATION,
    train: TrainConfig = SPIRAL_TRAIN,
    *,
    grid: int = 41,
    n_levels: int = 12,
) -> dict[str, np.ndarray]:
    """The training path on its PCA plane (see :class:`engine.surface.PcaPath`) plus
    contour ``segments / level_index / levels`` of the loss on that plane."""

    def compute():
        from engine.surface import contour_segments, pca_trajectory

        f = _fit(data, hidden, activation, train)
        p = pca_trajectory(f, grid=grid)
        levels = log_levels(float(p.loss.min()), float(p.loss.max()), n_levels)
        segs, which = contour_segments(p.loss, p.u, p.v, levels)
        return {"epochs": p.epochs, "coords": p.coords, "path_loss": p.path_loss,
                "plane_path_loss": p.plane_path_loss, "explained": p.explained,
                "u": p.u, "v": p.v, "loss": p.loss,
                "segments": segs, "level_index": which, "levels": levels}

    key = _mlp_key(data, hidden, activation, train, grid=grid, n_levels=n_levels)
    return cached("landscape_path", key, compute)
