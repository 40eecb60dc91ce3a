"""Recording what each layer does to a set of inputs.

For every ``Linear`` layer l: the pre-activation ``z_l = W_l a_{l-1} + b_l`` and
the post-activation ``a_l = σ(z_l)`` (the last layer has no σ: ``a = z``),
captured with forward hooks (removed in ``finally``; the model's training flag
restored), detached to numpy at once.

:func:`olah_path` gives Olah's three-step motion per layer — the linear part
``W a``, then ``+ b``, then ``σ`` — as arrays a scene interpolates between.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from engine.models import linear_layers

__all__ = ["Recording", "record", "olah_path", "Projection", "pca_projection", "embed"]


@dataclass(frozen=True, eq=False)
class Recording:
    """``z[l]`` and ``a[l]`` for every layer l, each shaped ``inputs.shape[:-1] + (width_l,)``."""

    inputs: np.ndarray
    z: tuple[np.ndarray, ...]
    a: tuple[np.ndarray, ...]

    @property
    def n_layers(self) -> int:
        return len(self.z)


@contextlib.contextmanager
def _hooks(model: nn.Sequential, store: list[tuple[str, torch.Tensor]]) -> Iterator[None]:
    handles = []
    was_training = model.training
    try:
        for m in model:
            kind = "z" if isinstance(m, nn.Linear) else "a"

            def hook(_m, _inp, out, kind=kind):
                store.append((kind, out.detach().clone()))

            handles.append(m.register_forward_hook(hook))
        model.eval()
        yield
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)


def record(model: nn.Sequential, inputs: np.ndarray) -> Recording:
    """Run ``inputs`` (shape ``(..., d)``) through ``model``, keeping every layer.

    Any leading shape is kept: the lines of a grid, shape (L, P, 2), come back
    as (L, P, width) per layer.
    """
    inputs = np.asarray(inputs, dtype=np.float64)
    lead = inputs.shape[:-1]
    flat = torch.as_tensor(inputs.reshape(-1, inputs.shape[-1]))
    store: list[tuple[str, torch.Tensor]] = []
    with _hooks(model, store), torch.no_grad():
        model(flat)
    z: list[np.ndarray] = []
    a: list[np.ndarray] = []
    for kind, t in store:
        arr = t.numpy().reshape(*lead, t.shape[-1])
        if kind == "z":
            z.append(arr)
        else:
            a.append(arr)
    if len(a) == len(z) - 1:  # the readout layer has no activation module
        a.append(z[-1])
    return Recording(inputs, tuple(z), tuple(a))


def embed(x: np.ndarray, dim: int) -> np.ndarray:
    """Pad the last axis with zeros up to ``dim`` (a smaller space inside a larger one)."""
    pad = dim - x.shape[-1]
    if pad <= 0:
        return x
    return np.concatenate([x, np.zeros((*x.shape[:-1], pad))], axis=-1)


def olah_path(model: nn.Sequential, inputs: np.ndarray, activation: str) -> list[np.ndarray]:
    """Per layer, the stages ``[a_prev, W a_prev, W a_prev + b, σ(W a_prev + b)]``.

    Each layer's array has shape ``(4, ..., D)`` with ``D = max(width_in, width_out)``:
    both spaces are embedded in the larger one so a scene can interpolate
    stage to stage. The readout layer has no σ, so its last two stages are equal.
    ``activation`` names σ for the hidden layers.
    """
    from engine.models import apply_activation

    inputs = np.asarray(inputs, dtype=np.float64)
    a = inputs
    lins = linear_layers(model)
    out = []
    for i, lin in enumerate(lins):
        W = lin.weight.detach().numpy()
        b = lin.bias.detach().numpy()
        D = max(W.shape[0], W.shape[1])
        wa = a @ W.T
        z = wa + b
        last = i == len(lins) - 1
        s = z if last else apply_activation(activation, torch.as_tensor(z)).numpy()
        out.append(np.stack([embed(a, D), embed(wa, D), embed(z, D), embed(s, D)]))
        a = s
    return out


@dataclass(frozen=True, eq=False)
class Projection:
    """A PCA projection of a wide layer: always label it as a projection on screen."""

    coords: np.ndarray  # (..., k)
    mean: np.ndarray  # (D,)
    components: np.ndarray  # (k, D), orthonormal rows
    explained: np.ndarray  # (k,) fraction of variance each component keeps
    label: str = "PCA projection"


def pca_projection(x: np.ndarray, k: int = 2, *, basis_of: np.ndarray | None = None) -> Projection:
    """Project the last axis of ``x`` onto its top ``k`` principal components.

    ``basis_of``: fit the components on these points instead (e.g. the data),
    then apply them to ``x`` (e.g. the grid), so both share one view.
    """
    if k not in (2, 3):
        raise ValueError(f"projection to k={k} dimensions; allowed: 2 or 3")
    x = np.asarray(x, dtype=np.float64)
    fit = (x if basis_of is None else np.asarray(basis_of)).reshape(-1, x.shape[-1])
    mean = fit.mean(axis=0)
    _, s, vt = np.linalg.svd(fit - mean, full_matrices=False)
    comps = vt[:k]
    # Fix each component's sign so the projection is deterministic.
    signs = np.sign(comps[np.arange(len(comps)), np.abs(comps).argmax(axis=1)])
    comps = comps * signs[:, None]
    var = s**2
    explained = var[:k] / var.sum() if var.sum() > 0 else np.zeros(k)
    if comps.shape[0] < k:  # fewer dimensions than k: pad with zero axes
        comps = np.vstack([comps, np.zeros((k - comps.shape[0], x.shape[-1]))])
        explained = np.concatenate([explained, np.zeros(k - len(explained))])
    return Projection((x - mean) @ comps.T, mean, comps, explained)
