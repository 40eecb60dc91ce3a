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

__all__ = [
    "DeepWideConfig",
    "width_for_budget",
    "deep_versus_wide",
    "SharedFeaturesConfig",
    "attribute_points",
    "shared_features",
]


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


@dataclass(frozen=True)
class SharedFeaturesConfig:
    """Four classes made of two binary attributes, one combination rare.

    Input: four numbers, (u1, u2) and (v1, v2), uniform in [-1, 1]^2 plus
    Gaussian ``noise``. Attribute a is whether u1 and u2 have the same sign
    (an XOR: no single straight cut finds it), b the same for (v1, v2); the
    class is 2a + b. Class 3 (a and b) gets ``n_rare`` training points, the
    others ``n_common`` each; the test set has ``n_test`` of every class.
    """

    n_common: int = 100
    n_rare: int = 8
    n_test: int = 200
    noise: float = 0.03
    shared_hidden: tuple[int, int] = (8, 8)  # 4 -> 8 -> 8 -> 4: 148 parameters
    separate_hidden: int = 6  # four separate 4 -> 6 -> 1 nets: 4 * 37 = 148
    epochs: int = 1500
    lr: float = 0.03
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)

    def __post_init__(self) -> None:
        object.__setattr__(self, "seeds", tuple(self.seeds))
        object.__setattr__(self, "shared_hidden", tuple(self.shared_hidden))
        for name in ("n_common", "n_rare", "n_test", "separate_hidden", "epochs"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 1:
                raise ConfigError(f"{name}={v!r}; allowed: an integer >= 1")
        if len(self.shared_hidden) != 2 or any(
                not isinstance(w, int) or w < 1 for w in self.shared_hidden):
            raise ConfigError(f"shared_hidden={self.shared_hidden!r}; allowed: two widths >= 1")
        if not 0.0 <= self.noise <= 1.0:
            raise ConfigError(f"noise={self.noise!r}; allowed: 0 <= noise <= 1")
        if not self.seeds:
            raise ConfigError("seeds=(); allowed: at least one seed")


def attribute_points(counts: tuple[int, ...], noise: float, seed: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """``counts[c]`` points of each class c = 2a + b (see :class:`SharedFeaturesConfig`)."""
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for c, n in enumerate(counts):
        parts = []
        for bit in divmod(c, 2):  # (a, b)
            p = rng.uniform(-1.0, 1.0, (n, 2))
            # Same signs for bit 1, opposite signs for bit 0.
            p[:, 1] = np.abs(p[:, 1]) * np.sign(p[:, 0]) * (1.0 if bit else -1.0)
            parts.append(p)
        xs.append(np.hstack(parts) + noise * rng.normal(size=(n, 4)))
        ys.append(np.full(n, c, dtype=np.int64))
    return np.vstack(xs), np.concatenate(ys)


def shared_features(cfg: SharedFeaturesConfig = SharedFeaturesConfig()) -> dict[str, np.ndarray]:
    """Shared lower layers against one separate network per class, equal budgets (cached).

    Returns ``rare_accuracy`` and ``test_accuracy`` shaped (2, seeds): row 0 the
    shared network, row 1 the separate ones (share of class-3 test points called
    class 3; share of all test points right); ``n_params`` (2,); ``seeds``;
    ``n_train_per_class`` (4,). Seed s draws the training set and the initial
    weights; the test set is the same for every seed.
    """

    def compute() -> dict[str, np.ndarray]:
        import torch
        from torch import nn

        counts = (cfg.n_common,) * 3 + (cfg.n_rare,)
        x_te, y_te = attribute_points((cfg.n_test,) * 4, cfg.noise, seed=10_000)
        rare = np.zeros((2, len(cfg.seeds)))
        total = np.zeros_like(rare)
        sizes = []
        for j, seed in enumerate(cfg.seeds):
            x_tr, y_tr = attribute_points(counts, cfg.noise, seed)
            torch.manual_seed(seed)
            h1, h2 = cfg.shared_hidden
            shared = _tanh_mlp((4, h1, h2, 4))
            separate = _separate(cfg.separate_hidden)
            for i, model in enumerate((shared, separate)):
                if j == 0:
                    sizes.append(sum(p.numel() for p in model.parameters()))
                x = torch.as_tensor(x_tr)
                t = torch.as_tensor(y_tr)
                crit = nn.CrossEntropyLoss()
                adam_full_batch(model, lambda m, c=crit, x=x, t=t: c(m(x), t), cfg.epochs,
                                cfg.lr)
                with torch.no_grad():
                    pred = model(torch.as_tensor(x_te)).argmax(dim=1).numpy()
                rare[i, j] = np.mean(pred[y_te == 3] == 3)
                total[i, j] = np.mean(pred == y_te)
        return {
            "rare_accuracy": rare,
            "test_accuracy": total,
            "n_params": np.array(sizes),
            "seeds": np.array(cfg.seeds),
            "n_train_per_class": np.array(counts),
            "shared_widths": np.array((4, *cfg.shared_hidden, 4)),
            "separate_widths": np.array((4, cfg.separate_hidden, 1)),
            "n_test_per_class": np.array(cfg.n_test),
            "epochs": np.array(cfg.epochs),
        }

    return cached("shared_features", config_dict(cfg), compute)


def adam_full_batch(model, loss_of, epochs: int, lr: float) -> None:
    """``epochs`` full-batch Adam steps on ``loss_of(model)`` (a scalar tensor), in place."""
    import torch

    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(epochs):
        loss = loss_of(model)
        opt.zero_grad()
        loss.backward()
        opt.step()


def _tanh_mlp(widths: tuple[int, ...]):
    from torch import float64, nn

    layers: list = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1], dtype=float64))
        if i < len(widths) - 2:
            layers.append(nn.Tanh())
    return nn.Sequential(*layers)


def _separate(hidden: int):
    """One 4 -> hidden -> 1 tanh network per class, side by side: no layer is shared."""
    import torch
    from torch import nn

    class Separate(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.nets = nn.ModuleList(_tanh_mlp((4, hidden, 1)) for _ in range(4))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return torch.cat([n(x) for n in self.nets], dim=1)

    return Separate()
