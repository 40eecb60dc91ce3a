"""Training: full-batch or mini-batch SGD / momentum / Adam, with a history.

:func:`train` is pure (config in, model and history out); :func:`fit` is the
cached version scenes and the CLI use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from engine.cache import cached
from engine.config import DataConfig, ModelConfig, TrainConfig, config_dict
from engine.datasets import Dataset, load
from engine.errors import ConfigError, DivergenceError
from engine.models import build_mlp, linear_layers

__all__ = [
    "History",
    "Fit",
    "train",
    "fit",
    "loss_fn",
    "accuracy",
    "model_for",
    "params_to_arrays",
    "arrays_to_model",
]


@dataclass(frozen=True, eq=False)
class History:
    """Per-epoch curves (index 0 = before training) and parameter snapshots."""

    loss: np.ndarray  # full training loss after each epoch, shape (epochs + 1,)
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    snapshot_epochs: tuple[int, ...] = ()
    snapshots: tuple[dict[str, np.ndarray], ...] = field(default=())


def loss_fn(n_classes: int) -> nn.Module:
    return nn.BCEWithLogitsLoss() if n_classes == 2 else nn.CrossEntropyLoss()


def _targets(y: np.ndarray, n_classes: int) -> torch.Tensor:
    t = torch.as_tensor(y)
    return t.double() if n_classes == 2 else t.long()


def predict(logits: torch.Tensor, n_classes: int) -> torch.Tensor:
    if n_classes == 2:
        return (logits[:, 0] > 0).long()
    return logits.argmax(dim=1)


def accuracy(model: nn.Module, x: np.ndarray, y: np.ndarray, n_classes: int) -> float:
    with torch.no_grad():
        logits = model(torch.as_tensor(x, dtype=torch.float64))
    return float((predict(logits, n_classes).numpy() == y).mean())


def _full_loss(model: nn.Module, x: torch.Tensor, t: torch.Tensor, n_classes: int) -> float:
    with torch.no_grad():
        out = model(x)
        return float(loss_fn(n_classes)(out[:, 0] if n_classes == 2 else out, t))


def make_optimizer(params, cfg: TrainConfig) -> torch.optim.Optimizer:
    if cfg.optimizer == "sgd":
        return torch.optim.SGD(params, lr=cfg.lr)
    if cfg.optimizer == "momentum":
        return torch.optim.SGD(params, lr=cfg.lr, momentum=cfg.momentum)
    return torch.optim.Adam(params, lr=cfg.lr)


def params_to_arrays(model: nn.Sequential, prefix: str = "") -> dict[str, np.ndarray]:
    """``{prefix}W0, {prefix}b0, …`` as float64 numpy arrays (W is out × in)."""
    out = {}
    for i, lin in enumerate(linear_layers(model)):
        out[f"{prefix}W{i}"] = lin.weight.detach().numpy().copy()
        out[f"{prefix}b{i}"] = lin.bias.detach().numpy().copy()
    return out


def arrays_to_model(cfg: ModelConfig, arrays: dict[str, np.ndarray], prefix: str = ""):
    """Rebuild an MLP from :func:`params_to_arrays` output (no training)."""
    model = build_mlp(cfg)
    with torch.no_grad():
        for i, lin in enumerate(linear_layers(model)):
            lin.weight.copy_(torch.as_tensor(arrays[f"{prefix}W{i}"]))
            lin.bias.copy_(torch.as_tensor(arrays[f"{prefix}b{i}"]))
    model.eval()
    return model


def model_for(data: Dataset, hidden: tuple[int, ...], activation: str) -> ModelConfig:
    return ModelConfig(
        input_dim=data.x_train.shape[1],
        hidden=tuple(hidden),
        activation=activation,
        n_classes=data.n_classes,
    )


def train(
    model_cfg: ModelConfig,
    train_cfg: TrainConfig,
    data: Dataset,
    *,
    progress=None,
) -> tuple[nn.Sequential, History]:
    """Train a fresh MLP (seeded by ``train_cfg.seed``) on ``data``.

    ``progress``, if given, is called as ``progress(epoch, loss)`` after every epoch.
    Raises :class:`DivergenceError` naming the learning rate if the loss
    becomes NaN or infinite.
    """
    if data.x_train.shape[1] != model_cfg.input_dim:
        raise ConfigError(
            f"input_dim={model_cfg.input_dim} but dataset {data.name!r} has "
            f"{data.x_train.shape[1]} input columns"
        )
    if data.n_classes != model_cfg.n_classes:
        raise ConfigError(
            f"n_classes={model_cfg.n_classes} but dataset {data.name!r} has {data.n_classes}"
        )
    model = build_mlp(model_cfg, seed=train_cfg.seed)
    k = model_cfg.n_classes
    x = torch.as_tensor(data.x_train, dtype=torch.float64)
    t = _targets(data.y_train, k)
    xt = torch.as_tensor(data.x_test, dtype=torch.float64)
    tt = _targets(data.y_test, k)
    crit = loss_fn(k)
    opt = make_optimizer(model.parameters(), train_cfg)
    gen = torch.Generator().manual_seed(train_cfg.seed)
    n = x.shape[0]
    bs = n if train_cfg.batch_size is None else min(train_cfg.batch_size, n)

    losses, test_losses, tr_acc, te_acc = [], [], [], []
    snaps: list[dict[str, np.ndarray]] = []

    def record_epoch(epoch: int) -> None:
        losses.append(_full_loss(model, x, t, k))
        test_losses.append(_full_loss(model, xt, tt, k))
        tr_acc.append(accuracy(model, data.x_train, data.y_train, k))
        te_acc.append(accuracy(model, data.x_test, data.y_test, k))
        if epoch in train_cfg.snapshot_epochs:
            snaps.append(params_to_arrays(model))

    model.train()
    record_epoch(0)
    for epoch in range(1, train_cfg.epochs + 1):
        order = torch.randperm(n, generator=gen) if bs < n else torch.arange(n)
        for start in range(0, n, bs):
            idx = order[start : start + bs]
            out = model(x[idx])
            loss = crit(out[:, 0] if k == 2 else out, t[idx])
            if not torch.isfinite(loss):
                raise DivergenceError(_diverged(train_cfg, epoch, float(loss)))
            opt.zero_grad()
            loss.backward()
            opt.step()
        record_epoch(epoch)
        # Logit losses grow linearly as weights blow up and may stay finite for
        # a long time, so a loss far above where training started also counts.
        if not np.isfinite(losses[-1]) or losses[-1] > _DIVERGED * max(losses[0], 1.0):
            raise DivergenceError(_diverged(train_cfg, epoch, losses[-1]))
        if progress is not None:
            progress(epoch, losses[-1])
    model.eval()
    history = History(
        loss=np.array(losses),
        test_loss=np.array(test_losses),
        train_accuracy=np.array(tr_acc),
        test_accuracy=np.array(te_acc),
        snapshot_epochs=tuple(sorted(set(train_cfg.snapshot_epochs))),
        snapshots=tuple(snaps),
    )
    return model, history


_DIVERGED = 1e3  # loss this many times above the initial loss = diverged


def _diverged(cfg: TrainConfig, epoch: int, loss: float) -> str:
    return (
        f"training diverged at epoch {epoch} (loss = {loss}) with learning rate "
        f"lr={cfg.lr} and optimizer {cfg.optimizer!r}; allowed: a smaller lr, "
        f"e.g. lr={cfg.lr / 10:g}"
    )


@dataclass(frozen=True, eq=False)
class Fit:
    """A trained model as cached arrays: configs, parameters and history."""

    data_cfg: DataConfig
    model_cfg: ModelConfig
    train_cfg: TrainConfig
    params: dict[str, np.ndarray]
    history: History

    def model(self) -> nn.Sequential:
        return arrays_to_model(self.model_cfg, self.params)

    def snapshot_model(self, epoch: int) -> nn.Sequential:
        i = self.history.snapshot_epochs.index(epoch)
        return arrays_to_model(self.model_cfg, self.history.snapshots[i])


def fit(
    data_cfg: DataConfig,
    hidden: tuple[int, ...],
    activation: str,
    train_cfg: TrainConfig,
    *,
    progress=None,
) -> Fit:
    """Train (or load from the cache) a network on ``data_cfg``'s dataset."""
    data = load(data_cfg)
    model_cfg = model_for(data, hidden, activation)

    def compute() -> dict[str, np.ndarray]:
        model, h = train(model_cfg, train_cfg, data, progress=progress)
        arrays = params_to_arrays(model)
        arrays.update(
            loss=h.loss,
            test_loss=h.test_loss,
            train_accuracy=h.train_accuracy,
            test_accuracy=h.test_accuracy,
            snapshot_epochs=np.array(h.snapshot_epochs, dtype=np.int64),
        )
        for e, snap in zip(h.snapshot_epochs, h.snapshots, strict=True):
            arrays.update({f"e{e}_{k}": v for k, v in snap.items()})
        return arrays

    key = config_dict(data_cfg, model_cfg, train_cfg, data_hash=data.fingerprint)
    arrays = cached("fit", key, compute)
    n_lin = len(model_cfg.widths) - 1
    names = [f"{p}{i}" for i in range(n_lin) for p in ("W", "b")]
    epochs = tuple(int(e) for e in arrays["snapshot_epochs"])
    history = History(
        loss=arrays["loss"],
        test_loss=arrays["test_loss"],
        train_accuracy=arrays["train_accuracy"],
        test_accuracy=arrays["test_accuracy"],
        snapshot_epochs=epochs,
        snapshots=tuple({n: arrays[f"e{e}_{n}"] for n in names} for e in epochs),
    )
    return Fit(data_cfg, model_cfg, train_cfg, {n: arrays[n] for n in names}, history)
