"""Deep versus wide: equal parameter budgets, different depths ("tall, not fat").

For each depth d, the width w is the largest that keeps the MLP's parameter
count within the budget, so architectures differ in shape, not in size. Each is
trained on the same data over several seeds; accuracies are reported as they
come out, whatever they show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.cache import cached
from engine.config import DataConfig, ModelConfig, TrainConfig, config_dict
from engine.errors import ConfigError

__all__ = ["DeepWideConfig", "width_for_budget", "deep_versus_wide"]


@dataclass(frozen=True)
class DeepWideConfig:
    data: DataConfig = DataConfig(name="spiral", n=600, noise=0.2)
    budget: int = 150  # parameters per architecture (weights + biases)
    depths: tuple[int, ...] = (1, 2, 3, 4, 5)
    activation: str = "tanh"
    epochs: int = 1000
    lr: float = 0.02
    seeds: tuple[int, ...] = (0, 1, 2)

    def __post_init__(self) -> None:
        object.__setattr__(self, "depths", tuple(self.depths))
        object.__setattr__(self, "seeds", tuple(self.seeds))
        if not self.depths or any(not isinstance(d, int) or d < 1 for d in self.depths):
            raise ConfigError(f"depths={self.depths!r}; allowed: integers >= 1")
        if not self.seeds:
            raise ConfigError("seeds=(); allowed: at least one seed")
        if self.budget < 10:
            raise ConfigError(f"budget={self.budget!r} parameters; allowed: >= 10")


def width_for_budget(depth: int, budget: int, input_dim: int, n_outputs: int) -> int:
    """The width w whose parameter count (input → w × depth → output) is closest to budget."""
    best = 1
    for w in range(1, budget + 1):
        if abs(_params(depth, w, input_dim, n_outputs) - budget) < abs(
            _params(depth, best, input_dim, n_outputs) - budget
        ):
            best = w
        if _params(depth, w, input_dim, n_outputs) > budget:
            break
    return best


def _params(depth: int, w: int, d_in: int, d_out: int) -> int:
    widths = (d_in, *([w] * depth), d_out)
    return sum(widths[i] * widths[i + 1] + widths[i + 1] for i in range(len(widths) - 1))


def deep_versus_wide(cfg: DeepWideConfig = DeepWideConfig()) -> dict[str, np.ndarray]:
    """Train every architecture on every seed (cached).

    Returns arrays: ``depth``, ``width``, ``n_params`` (one per architecture),
    ``train_accuracy`` and ``test_accuracy`` shaped (architectures, seeds), and
    ``seeds``.
    """

    def compute() -> dict[str, np.ndarray]:
        from engine.datasets import load
        from engine.train import train

        data = load(cfg.data)
        n_out = 1 if data.n_classes == 2 else data.n_classes
        d_in = data.x_train.shape[1]
        widths = [width_for_budget(d, cfg.budget, d_in, n_out) for d in cfg.depths]
        tr = np.zeros((len(cfg.depths), len(cfg.seeds)))
        te = np.zeros_like(tr)
        n_params = []
        for i, (depth, w) in enumerate(zip(cfg.depths, widths, strict=True)):
            mcfg = ModelConfig(d_in, (w,) * depth, cfg.activation, data.n_classes)
            n_params.append(mcfg.n_params)
            for j, seed in enumerate(cfg.seeds):
                tcfg = TrainConfig(epochs=cfg.epochs, lr=cfg.lr, optimizer="adam", seed=seed)
                _, h = train(mcfg, tcfg, data)
                tr[i, j] = h.train_accuracy[-1]
                te[i, j] = h.test_accuracy[-1]
        return {
            "depth": np.array(cfg.depths),
            "width": np.array(widths),
            "n_params": np.array(n_params),
            "seeds": np.array(cfg.seeds),
            "train_accuracy": tr,
            "test_accuracy": te,
        }

    return cached("deep_wide", config_dict(cfg), compute)
