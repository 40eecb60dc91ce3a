"""Artefacts for the lecture's opening: machine learning as the search for a function f.

:func:`find_the_function` trains one small network on the handwritten digits
and keeps copies of its parameters at a few epochs. Each copy is a candidate
function f1, f2, … — untrained, partly trained, trained — whose guesses and
scores (training accuracy) are real; the candidate with the best score is
"kept" and then tested on images it never saw (test accuracy).

The same network (:data:`DIGITS_DATA`, :data:`DIGITS_HIDDEN`,
:data:`DIGITS_TRAIN`) is the one whose features ``engine.artefacts.depth``
shows, so the lecture talks about one network from start to end.

Torch-using engine modules are imported inside the compute functions, so a
render with a warm cache never imports torch.

Examples
--------
>>> a = find_the_function()                         # doctest: +SKIP
>>> a["epochs"].tolist(), int(a["best"])            # doctest: +SKIP
([0, 5, 20, 150], 3)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine.cache import cached
from engine.config import DataConfig, TrainConfig, config_dict
from engine.errors import ConfigError

__all__ = [
    "DIGITS_DATA",
    "DIGITS_HIDDEN",
    "DIGITS_ACTIVATION",
    "DIGITS_TRAIN",
    "digits_fit",
    "forward",
    "find_the_function",
]

# scikit-learn's bundled 8×8 digits (1,797 images, nothing downloaded), half for
# training, half for testing. ``n`` is not used by this dataset.
DIGITS_DATA = DataConfig(name="digits", test_fraction=0.5, seed=0)
# 64 → 16 → 16 → 10, as 3Blue1Brown's 784 → 16 → 16 → 10 but for 8×8 images.
DIGITS_HIDDEN = (16, 16)
DIGITS_ACTIVATION = "tanh"
# Full-batch Adam: training accuracy 11 % → 49 % (epoch 5) → 84 % (epoch 20) →
# 100 % (epoch 150), test accuracy 95 %. The snapshots are the candidates.
DIGITS_TRAIN = TrainConfig(
    epochs=150, lr=0.01, optimizer="adam", seed=0, snapshot_epochs=(0, 5, 20, 150)
)


def digits_fit(data_cfg: DataConfig = DIGITS_DATA, hidden: tuple[int, ...] = DIGITS_HIDDEN,
               activation: str = DIGITS_ACTIVATION, train_cfg: TrainConfig = DIGITS_TRAIN):
    """The cached digits network (:class:`engine.train.Fit`), trained on first use."""
    from engine.train import fit

    if not data_cfg.name == "digits":
        raise ConfigError(f"dataset {data_cfg.name!r}; allowed here: 'digits'")
    return fit(data_cfg, tuple(hidden), activation, train_cfg)


def forward(params: dict[str, np.ndarray], x: np.ndarray, activation: str = "tanh"):
    """Every layer's activation for inputs ``x`` (n, d), in plain numpy.

    Returns a list ``[x, a1, …, logits]``; hidden layers use ``activation``
    (tanh or linear here), the last layer is the raw logits.
    """
    funcs: dict[str, Callable[[np.ndarray], np.ndarray]] = {
        "tanh": np.tanh, "linear": lambda z: z}
    if activation not in funcs:
        raise ConfigError(f"activation {activation!r}; allowed here: {', '.join(funcs)}")
    n_lin = len([k for k in params if k.startswith("W")])
    acts = [np.asarray(x, dtype=np.float64)]
    for l in range(n_lin):
        z = acts[-1] @ params[f"W{l}"].T + params[f"b{l}"]
        acts.append(z if l == n_lin - 1 else funcs[activation](z))
    return acts


def find_the_function(
    data_cfg: DataConfig = DIGITS_DATA,
    hidden: tuple[int, ...] = DIGITS_HIDDEN,
    train_cfg: TrainConfig = DIGITS_TRAIN,
    *,
    n_train_shown: int = 10,
    n_test_shown: int = 48,
) -> dict[str, np.ndarray]:
    """Candidates f1, f2, … (parameter snapshots), their guesses and scores.

    Parameters
    ----------
    data_cfg, hidden, train_cfg
        The digits network; each of ``train_cfg.snapshot_epochs`` is one
        candidate (at least two, in increasing order).
    n_train_shown, n_test_shown
        How many training / test images the scene shows (the first ones of
        each split, not chosen by result).

    Returns
    -------
    dict of numpy arrays
        ``epochs`` (K,) the candidates' epochs; ``train_accuracy`` and
        ``test_accuracy`` (K,) over the whole splits; ``best`` the index of the
        highest training accuracy (the last one on ties); ``train_images``
        (n, 8, 8) in [0, 1], ``train_labels``, ``train_guesses`` (K, n);
        ``test_images``, ``test_labels``, ``test_guesses`` (K, m);
        ``n_train``, ``n_test`` the split sizes.
    """
    epochs = tuple(train_cfg.snapshot_epochs)
    if len(epochs) < 2 or list(epochs) != sorted(set(epochs)):
        raise ConfigError(
            f"snapshot_epochs={epochs!r}; allowed: two or more increasing epochs "
            "(one per candidate function)"
        )
    for name, v in (("n_train_shown", n_train_shown), ("n_test_shown", n_test_shown)):
        if not isinstance(v, int) or v < 1:
            raise ConfigError(f"{name}={v!r}; allowed: an integer >= 1")

    def compute() -> dict[str, np.ndarray]:
        from engine.datasets import load

        f = digits_fit(data_cfg, hidden, DIGITS_ACTIVATION, train_cfg)
        data = load(data_cfg)
        h = f.history
        tr_x, te_x = data.x_train[:n_train_shown], data.x_test[:n_test_shown]
        tr_g, te_g = [], []
        for snap in h.snapshots:
            tr_g.append(forward(snap, tr_x)[-1].argmax(axis=1))
            te_g.append(forward(snap, te_x)[-1].argmax(axis=1))
        tr_acc = h.train_accuracy[list(epochs)]
        best = len(tr_acc) - 1 - int(np.argmax(tr_acc[::-1]))
        return {
            "epochs": np.array(epochs, dtype=np.int64),
            "train_accuracy": tr_acc.copy(),
            "test_accuracy": h.test_accuracy[list(epochs)].copy(),
            "best": np.array(best, dtype=np.int64),
            "train_images": data.extras["images_train"][:n_train_shown].copy(),
            "train_labels": data.y_train[:n_train_shown].copy(),
            "train_guesses": np.array(tr_g, dtype=np.int64),
            "test_images": data.extras["images_test"][:n_test_shown].copy(),
            "test_labels": data.y_test[:n_test_shown].copy(),
            "test_guesses": np.array(te_g, dtype=np.int64),
            "n_train": np.array(len(data.y_train), dtype=np.int64),
            "n_test": np.array(len(data.y_test), dtype=np.int64),
        }

    key = config_dict(data_cfg, train_cfg, hidden=tuple(hidden), activation=DIGITS_ACTIVATION,
                      shown=(n_train_shown, n_test_shown))
    return cached("find_the_function", key, compute)
