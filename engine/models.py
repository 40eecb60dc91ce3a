"""The MLP: a stack of ``Linear`` layers with one activation between them.

Everything runs in float64 so that recorded activations, finite differences and
loss surfaces agree with independent computations to ~1e-12.
"""

from __future__ import annotations

import torch
from torch import nn

from engine.config import ModelConfig

__all__ = ["build_mlp", "activation_module", "apply_activation", "linear_layers", "LEAKY_SLOPE"]

LEAKY_SLOPE = 0.01  # nn.LeakyReLU's default negative slope

torch.set_default_dtype(torch.float64)
# These networks are tiny: thread start-up costs more than it gives, and one
# thread keeps results bit-identical run to run.
torch.set_num_threads(1)

_ACTIVATIONS: dict[str, type[nn.Module]] = {
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "relu": nn.ReLU,
    "leaky_relu": nn.LeakyReLU,  # slope 0.01 below zero, PyTorch's default
    "softplus": nn.Softplus,
    "linear": nn.Identity,
}


def activation_module(name: str) -> nn.Module:
    return _ACTIVATIONS[name]()


def apply_activation(name: str, z: torch.Tensor) -> torch.Tensor:
    """σ(z) written out by hand, independent of the nn modules (used by tests and paths)."""
    if name == "tanh":
        return torch.tanh(z)
    if name == "sigmoid":
        return 1.0 / (1.0 + torch.exp(-z))
    if name == "relu":
        return torch.clamp(z, min=0.0)
    if name == "leaky_relu":
        return torch.where(z >= 0, z, LEAKY_SLOPE * z)
    if name == "softplus":
        return torch.log1p(torch.exp(-torch.abs(z))) + torch.clamp(z, min=0.0)
    return z


def build_mlp(cfg: ModelConfig, seed: int = 0) -> nn.Sequential:
    """``Linear, σ, Linear, σ, …, Linear`` with PyTorch's default init, seeded.

    The last layer has no activation: it returns logits (1 for two classes).
    """
    gen_state = torch.random.get_rng_state()
    torch.manual_seed(seed)
    try:
        layers: list[nn.Module] = []
        w = cfg.widths
        for i in range(len(w) - 1):
            layers.append(nn.Linear(w[i], w[i + 1], dtype=torch.float64))
            if i < len(w) - 2:
                layers.append(activation_module(cfg.activation))
        return nn.Sequential(*layers)
    finally:
        torch.random.set_rng_state(gen_state)


def linear_layers(model: nn.Sequential) -> list[nn.Linear]:
    return [m for m in model if isinstance(m, nn.Linear)]
