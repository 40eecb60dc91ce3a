"""Frozen configs: every artefact is a pure function of one of these plus a seed.

Configs validate themselves on construction, so a bad value fails here with a
message naming it, not deep inside torch.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from engine.errors import ConfigError

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "OPTIMIZERS",
    "MAX_CLASSES",
    "DataConfig",
    "ModelConfig",
    "TrainConfig",
    "config_dict",
]

DATASETS = (
    "circle", "xor", "gauss", "spiral", "disk_ring", "tangled_curves",
    "sign", "parity", "digits", "spirals",
)
ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu", "softplus", "linear")
OPTIMIZERS = ("sgd", "momentum", "adam")
#: Most classes a warp scene draws (one colour-blind-safe colour each).
MAX_CLASSES = 8


def _allowed(values: tuple[str, ...]) -> str:
    return ", ".join(values)


@dataclass(frozen=True)
class DataConfig:
    """Which dataset, how many points, how noisy, and how it is split.

    ``name`` is one of :data:`DATASETS` or ``"csv:PATH"``: by default columns
    x1,x2,label if the header has them, else the first three columns; ``columns``
    names two coordinate columns and a label column instead.
    ``standardize``: train on coordinates shifted and scaled to mean 0 and
    standard deviation 1 per column (fitted on the training split); the raw
    coordinates stay in ``extras`` for drawing.
    """

    name: str = "circle"
    n: int = 500  # total points (train + test); TF Playground's default
    noise: float = 0.0  # TF Playground's noise in [0, 0.5]
    test_fraction: float = 0.5  # TF Playground trains on half the data
    seed: int = 0
    # tangled_curves: how many half-turns the two curves wind round each other.
    entanglement: float = 1.0
    # digits: the article's input, 16x16 = 256 binary pixels, instead of 8x8 grey.
    binary: bool = False
    # spirals: how many arms (one class each).
    classes: int = 3
    # csv: (x column, y column, label column) by name; () = x1,x2,label or the first three.
    columns: tuple[str, ...] = ()
    standardize: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        if self.columns and (len(self.columns) != 3
                             or not all(isinstance(c, str) and c.strip() for c in self.columns)):
            raise ConfigError(
                f"columns={self.columns!r}; allowed: three column names (x, y, label), "
                "e.g. ('x1', 'x2', 'label')"
            )
        if not isinstance(self.classes, int) or not 2 <= self.classes <= MAX_CLASSES:
            raise ConfigError(
                f"classes={self.classes!r}; allowed: an integer in 2..{MAX_CLASSES}"
            )
        if not (self.name in DATASETS or self.name.startswith("csv:")):
            raise ConfigError(
                f"unknown dataset {self.name!r}; allowed: {_allowed(DATASETS)}, or csv:PATH"
            )
        if self.name == "csv:":
            raise ConfigError("dataset 'csv:' needs a path, e.g. csv:points.csv")
        if not isinstance(self.n, int) or self.n < 4:
            raise ConfigError(f"n={self.n!r} points is too few; allowed: an integer >= 4")
        if not 0.0 <= self.noise <= 0.5:
            raise ConfigError(f"noise={self.noise!r}; allowed: 0 <= noise <= 0.5")
        if not 0.0 < self.test_fraction < 1.0:
            raise ConfigError(
                f"test_fraction={self.test_fraction!r}; allowed: 0 < test_fraction < 1"
            )
        if not 0.0 <= self.entanglement <= 4.0:
            raise ConfigError(
                f"entanglement={self.entanglement!r}; allowed: 0 <= entanglement <= 4"
            )


@dataclass(frozen=True)
class ModelConfig:
    """An MLP: ``input_dim`` -> hidden widths -> output.

    Two classes give one logit (sigmoid + binary cross-entropy); k > 2 classes
    give k logits (softmax + cross-entropy).
    """

    input_dim: int = 2
    hidden: tuple[int, ...] = (2, 2)
    activation: str = "tanh"
    n_classes: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", tuple(self.hidden))
        if not isinstance(self.input_dim, int) or self.input_dim < 1:
            raise ConfigError(f"input_dim={self.input_dim!r}; allowed: an integer >= 1")
        for w in self.hidden:
            if not isinstance(w, int) or isinstance(w, bool) or w < 1:
                raise ConfigError(
                    f"hidden width {w!r} in hidden={self.hidden!r}; allowed: integers >= 1"
                )
        if self.activation not in ACTIVATIONS:
            raise ConfigError(
                f"unknown activation {self.activation!r}; allowed: {_allowed(ACTIVATIONS)}"
            )
        if not isinstance(self.n_classes, int) or self.n_classes < 2:
            raise ConfigError(f"n_classes={self.n_classes!r}; allowed: an integer >= 2")

    @property
    def n_outputs(self) -> int:
        return 1 if self.n_classes == 2 else self.n_classes

    @property
    def widths(self) -> tuple[int, ...]:
        """Every layer's width, input and output included."""
        return (self.input_dim, *self.hidden, self.n_outputs)

    @property
    def n_params(self) -> int:
        w = self.widths
        return sum(w[i] * w[i + 1] + w[i + 1] for i in range(len(w) - 1))


@dataclass(frozen=True)
class TrainConfig:
    """How to train: optimizer, learning rate, epochs, batches, snapshots."""

    epochs: int = 300
    lr: float = 0.03
    optimizer: str = "adam"
    batch_size: int | None = None  # None = full batch
    momentum: float = 0.9  # only for optimizer="momentum"
    seed: int = 0
    # Epochs at which the parameters are copied out (0 = before training), so a
    # scene can show the warp *during* training.
    snapshot_epochs: tuple[int, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "snapshot_epochs", tuple(self.snapshot_epochs))
        if not isinstance(self.epochs, int) or self.epochs < 1:
            raise ConfigError(f"epochs={self.epochs!r}; allowed: an integer >= 1")
        if not (isinstance(self.lr, (int, float)) and 0.0 < self.lr < float("inf")):
            raise ConfigError(f"learning rate lr={self.lr!r}; allowed: a number > 0")
        if self.optimizer not in OPTIMIZERS:
            raise ConfigError(
                f"unknown optimizer {self.optimizer!r}; allowed: {_allowed(OPTIMIZERS)}"
            )
        if self.batch_size is not None and (
            not isinstance(self.batch_size, int) or self.batch_size < 1
        ):
            raise ConfigError(
                f"batch_size={self.batch_size!r}; allowed: an integer >= 1, or None"
            )
        if not 0.0 <= self.momentum < 1.0:
            raise ConfigError(f"momentum={self.momentum!r}; allowed: 0 <= momentum < 1")
        for e in self.snapshot_epochs:
            if not isinstance(e, int) or not 0 <= e <= self.epochs:
                raise ConfigError(
                    f"snapshot epoch {e!r}; allowed: integers in 0..{self.epochs}"
                )


def config_dict(*configs: Any, **extra: Any) -> dict[str, Any]:
    """Plain dict of one or more config dataclasses (for cache keys and JSON)."""
    out: dict[str, Any] = {}
    for c in configs:
        out[type(c).__name__] = dataclasses.asdict(c)
    out.update(extra)
    return out
