"""Cached artefacts of the network scenes (``scenes/network.py``).

* :func:`digits_network`: the article's example, a 256-16-16-10 sigmoid
  network trained on scikit-learn's digits shown as 16×16 binary images
  (3Blue1Brown's 784-16-16-10 shape, scaled to 256 pixels): its parameters,
  accuracies and loss history.
* :func:`digit_forward_pass`: one test digit it gets right and one it gets
  wrong, with every layer's recorded activation and the softmax outputs.
* :func:`digit_losses`: cross-entropy and squared error of the outputs for a
  few training images, before, during and after training.
* :func:`backprop_example`: a 2-3-2-1 tanh network part-way through training on
  the circle data and one training example: the forward pass, every ∂L/∂w from
  torch autograd, the chain-rule factors for one weight, and the loss before
  and after one SGD step on that example.

Torch-using engine modules are imported inside the compute functions, so a
render with a warm cache never imports torch.

Examples
--------
>>> ex = digit_forward_pass()                                    # doctest: +SKIP
>>> int(ex["right_pred"]) == int(ex["right_label"])              # doctest: +SKIP
True
"""

from __future__ import annotations

import numpy as np

from engine.cache import cached
from engine.config import DataConfig, TrainConfig, config_dict
from engine.datasets import load
from engine.errors import ConfigError

__all__ = [
    "DIGITS_DATA",
    "DIGITS_HIDDEN",
    "DIGITS_ACTIVATION",
    "DIGITS_TRAIN",
    "BACKPROP_DATA",
    "BACKPROP_HIDDEN",
    "BACKPROP_ACTIVATION",
    "BACKPROP_TRAIN",
    "BACKPROP_EPOCH",
    "softmax",
    "digits_network",
    "digit_forward_pass",
    "digit_losses",
    "backprop_example",
    "rounding_agrees",
    "lines_agree",
]

# The article's input: 16×16 = 256 binary pixels. Half the 1,797 images train.
DIGITS_DATA = DataConfig(name="digits", binary=True, seed=0)
DIGITS_HIDDEN = (16, 16)
DIGITS_ACTIVATION = "sigmoid"
# 3Blue1Brown's recipe (plain SGD, mini-batches of 10) with lr 1.0 instead of
# 3.0: on these 899 training images lr 3.0 oscillates (89 % test accuracy),
# lr 1.0 reaches 94 %. Snapshots: before training and after the first epoch.
DIGITS_TRAIN = TrainConfig(
    epochs=30, lr=1.0, optimizer="sgd", batch_size=10, seed=0, snapshot_epochs=(0, 1)
)

# Backpropagation: a network small enough to draw every weight; TF Playground's
# circle data, which needs three units in the first layer.
BACKPROP_DATA = DataConfig(name="circle", n=200, noise=0.0, seed=0)
BACKPROP_HIDDEN = (3, 2)
BACKPROP_ACTIVATION = "tanh"
BACKPROP_TRAIN = TrainConfig(epochs=300, lr=0.03, optimizer="adam", seed=0,
                             snapshot_epochs=(20,))
# Part-way through training, so the example's gradient is not yet tiny.
BACKPROP_EPOCH = 20
# Bumped whenever an artefact below gains, loses or changes an array (part of each key).
_SCHEMA = 3


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, shifted by the maximum so it never overflows.

    Examples
    --------
    >>> softmax(np.array([0.0, 0.0])).tolist()
    [0.5, 0.5]
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _check_digits(data_cfg: DataConfig) -> None:
    if data_cfg.name != "digits":
        raise ConfigError(f"dataset {data_cfg.name!r} for the digit scenes; allowed: 'digits'")


def _fit(data_cfg, hidden, activation, train_cfg):
    from engine.train import fit

    return fit(data_cfg, tuple(hidden), activation, train_cfg)


def digits_network(
    data_cfg: DataConfig = DIGITS_DATA,
    hidden: tuple[int, ...] = DIGITS_HIDDEN,
    activation: str = DIGITS_ACTIVATION,
    train_cfg: TrainConfig = DIGITS_TRAIN,
) -> dict[str, np.ndarray]:
    """The trained digits network.

    Returns
    -------
    dict of numpy arrays
        ``W0, b0, …`` (W is out × in), ``widths``, ``n_params``, ``activation``
        (a string array), ``epochs``, ``lr``, ``batch_size``, ``n_train``,
        ``n_test``, ``train_accuracy`` and ``test_accuracy`` after training, and
        the per-epoch history ``loss``, ``test_loss``, ``train_accuracy_curve``,
        ``test_accuracy_curve`` (index 0 = before training).
    """
    _check_digits(data_cfg)
    data = load(data_cfg)

    def compute() -> dict[str, np.ndarray]:
        f = _fit(data_cfg, hidden, activation, train_cfg)
        h = f.history
        out = {k: v.copy() for k, v in f.params.items()}
        out.update(
            widths=np.array(f.model_cfg.widths, dtype=np.int64),
            n_params=np.array(f.model_cfg.n_params, dtype=np.int64),
            activation=np.array(activation),
            epochs=np.array(train_cfg.epochs, dtype=np.int64),
            lr=np.array(float(train_cfg.lr)),
            batch_size=np.array(train_cfg.batch_size or len(data.x_train), dtype=np.int64),
            n_train=np.array(len(data.x_train), dtype=np.int64),
            n_test=np.array(len(data.x_test), dtype=np.int64),
            train_accuracy=np.array(h.train_accuracy[-1]),
            test_accuracy=np.array(h.test_accuracy[-1]),
            loss=h.loss.copy(),
            test_loss=h.test_loss.copy(),
            train_accuracy_curve=h.train_accuracy.copy(),
            test_accuracy_curve=h.test_accuracy.copy(),
        )
        return out

    key = config_dict(data_cfg, train_cfg, hidden=tuple(hidden), activation=activation,
                      data_hash=data.fingerprint, schema=_SCHEMA)
    return cached("digits_network", key, compute)


def digit_forward_pass(
    data_cfg: DataConfig = DIGITS_DATA,
    hidden: tuple[int, ...] = DIGITS_HIDDEN,
    activation: str = DIGITS_ACTIVATION,
    train_cfg: TrainConfig = DIGITS_TRAIN,
    *,
    right_rank: int = 0,
    wrong_rank: int = 0,
) -> dict[str, np.ndarray]:
    """Two test digits through the trained network: one right, one wrong.

    Parameters
    ----------
    right_rank, wrong_rank
        Which correctly (wrongly) classified test image to take, counting in
        test-set order from 0: no hand-picking beyond this rule.

    Returns
    -------
    dict of numpy arrays
        For ``p`` in ``("right", "wrong")``: ``{p}_index`` into the test set,
        ``{p}_image`` (16, 16), ``{p}_label``, ``{p}_pred``, ``{p}_act0`` (the
        flattened image) … ``{p}_act3`` (the logits, recorded by
        :func:`engine.record.record`), ``{p}_probs`` (softmax of the logits).
        ``drawn_row``: the image row whose 16 pixels the scene draws as input
        neurons (the row with the most ink in the two images; first on ties),
        ``drawn_inputs`` their indices in the input vector. ``n_wrong`` and
        ``n_test``, ``test_accuracy``; ``widths`` and ``W0, b0, …``.
    """
    _check_digits(data_cfg)
    for name, v in (("right_rank", right_rank), ("wrong_rank", wrong_rank)):
        if not isinstance(v, int) or v < 0:
            raise ConfigError(f"{name}={v!r}; allowed: an integer >= 0")
    data = load(data_cfg)

    def compute() -> dict[str, np.ndarray]:
        from engine.record import record

        f = _fit(data_cfg, hidden, activation, train_cfg)
        rec = record(f.model(), data.x_test)
        pred = rec.z[-1].argmax(axis=1)
        correct = pred == data.y_test
        picks = {}
        for part, pool, rank in (("right", correct, right_rank), ("wrong", ~correct, wrong_rank)):
            idx = np.flatnonzero(pool)
            if rank >= len(idx):
                raise ConfigError(
                    f"{part}_rank={rank}; allowed: 0..{len(idx) - 1} "
                    f"({len(idx)} {part} test images)"
                )
            picks[part] = int(idx[rank])
        side = int(data.extras["images_test"].shape[-1])
        out: dict[str, np.ndarray] = {k: v.copy() for k, v in f.params.items()}
        ink = np.zeros(side)
        for part, i in picks.items():
            image = data.extras["images_test"][i]
            ink += image.sum(axis=1)
            out[f"{part}_index"] = np.array(i, dtype=np.int64)
            out[f"{part}_image"] = image.copy()
            out[f"{part}_label"] = np.array(data.y_test[i], dtype=np.int64)
            out[f"{part}_pred"] = np.array(pred[i], dtype=np.int64)
            out[f"{part}_act0"] = data.x_test[i].copy()
            for l, a in enumerate(rec.a):
                out[f"{part}_act{l + 1}"] = a[i].copy()
            out[f"{part}_probs"] = softmax(rec.z[-1][i])
        row = int(np.argmax(ink))
        out.update(
            drawn_row=np.array(row, dtype=np.int64),
            drawn_inputs=np.arange(row * side, (row + 1) * side, dtype=np.int64),
            n_wrong=np.array(int((~correct).sum()), dtype=np.int64),
            n_test=np.array(len(data.y_test), dtype=np.int64),
            test_accuracy=np.array(f.history.test_accuracy[-1]),
            widths=np.array(f.model_cfg.widths, dtype=np.int64),
            activation=np.array(activation),
        )
        return out

    key = config_dict(data_cfg, train_cfg, hidden=tuple(hidden), activation=activation,
                      right_rank=right_rank, wrong_rank=wrong_rank,
                      data_hash=data.fingerprint, schema=_SCHEMA)
    return cached("digit_forward_pass", key, compute)


def digit_losses(
    data_cfg: DataConfig = DIGITS_DATA,
    hidden: tuple[int, ...] = DIGITS_HIDDEN,
    activation: str = DIGITS_ACTIVATION,
    train_cfg: TrainConfig = DIGITS_TRAIN,
    *,
    n_first: int = 3,
) -> dict[str, np.ndarray]:
    """Per-image losses of a few training images, and the whole loss history.

    The images are the first ``n_first`` training images plus the one with the
    largest loss after training (the hardest; shown as such), so the table is
    not all near-zero by construction.

    Returns
    -------
    dict of numpy arrays
        ``index`` (k,) into the training set, ``images`` (k, 16, 16), ``labels``
        (k,), ``stages`` (s,) the epochs compared (the snapshots and the last
        epoch), ``probs`` (s, k, 10) softmax outputs, ``target`` (k, 10) one-hot,
        ``ce`` (s, k) = −ln p[label], ``se`` (s, k) = Σ (p − target)²;
        ``mean_ce`` (s,) over every training image (equal to the recorded
        ``loss`` at those epochs); ``loss`` and ``test_loss`` (epochs + 1,) the
        recorded :class:`engine.train.History`; ``n_train``, ``hardest``.
    """
    _check_digits(data_cfg)
    if not isinstance(n_first, int) or n_first < 1:
        raise ConfigError(f"n_first={n_first!r}; allowed: an integer >= 1")
    if not train_cfg.snapshot_epochs:
        raise ConfigError(
            f"snapshot_epochs={train_cfg.snapshot_epochs!r}; allowed: at least one epoch "
            "to compare with the end of training, e.g. (0,)"
        )
    data = load(data_cfg)

    def compute() -> dict[str, np.ndarray]:
        from engine.record import record

        f = _fit(data_cfg, hidden, activation, train_cfg)
        stages = [e for e in f.history.snapshot_epochs if e != train_cfg.epochs]
        models = [f.snapshot_model(e) for e in stages] + [f.model()]
        stages.append(train_cfg.epochs)
        k = data.n_classes
        target_all = np.eye(k)[data.y_train]
        probs_all = np.stack([softmax(record(m, data.x_train).z[-1]) for m in models])
        ce_all = -np.log(probs_all[:, np.arange(len(data.y_train)), data.y_train])
        hardest = int(np.argmax(ce_all[-1]))
        first = list(range(min(n_first, len(data.y_train))))
        index = np.array(first + ([] if hardest in first else [hardest]), dtype=np.int64)
        probs = probs_all[:, index]
        target = target_all[index]
        return {
            "index": index,
            "images": data.extras["images_train"][index].copy(),
            "labels": data.y_train[index].copy(),
            "stages": np.array(stages, dtype=np.int64),
            "probs": probs,
            "target": target,
            "ce": ce_all[:, index],
            "se": ((probs - target[None]) ** 2).sum(axis=-1),
            "mean_ce": ce_all.mean(axis=1),
            "loss": f.history.loss.copy(),
            "test_loss": f.history.test_loss.copy(),
            "n_train": np.array(len(data.y_train), dtype=np.int64),
            "hardest": np.array(hardest, dtype=np.int64),
        }

    key = config_dict(data_cfg, train_cfg, hidden=tuple(hidden), activation=activation,
                      n_first=n_first, data_hash=data.fingerprint, schema=_SCHEMA)
    return cached("digit_losses", key, compute)


def rounding_agrees(factors: np.ndarray, grad: float, w: float, lr: float,
                    decimals: int) -> bool:
    """Do the rounded numbers of the chain rule and the update add up on screen?

    The product of the rounded factors must round to the rounded gradient, and
    the rounded weight minus η times the rounded gradient must round to the
    rounded new weight, so a viewer checking by hand agrees.
    """
    r = np.round
    g_new = w - lr * grad
    return bool(
        r(np.prod(r(np.asarray(factors), decimals)), decimals) == r(grad, decimals)
        and r(r(w, decimals) - lr * r(grad, decimals), decimals) == r(g_new, decimals)
    )


def lines_agree(ex: dict[str, np.ndarray], decimals: int, activation: str) -> bool:
    """Do the scene's other rounded lines add up from the numbers they show?

    ŷ = sigmoid(logit) and L = −ln ŷ (or −ln(1 − ŷ)), before and after the step,
    each computed from the rounded number shown before it; and, for tanh,
    ∂a/∂z = 1 − a² from the rounded a.
    """
    r = np.round
    y = int(ex["label"])
    n_lin = sum(1 for k in ex if k.startswith("gW"))
    for logit, y_hat, loss in ((ex[f"act{n_lin}"][0], ex["y_hat"], ex["loss"]),
                               (ex[f"act{n_lin}_after"][0], ex["y_hat_after"],
                                ex["loss_after"])):
        yh = r(float(y_hat), decimals)
        if r(1.0 / (1.0 + np.exp(-r(float(logit), decimals))), decimals) != yh:
            return False
        if r(-np.log(yh if y == 1 else 1.0 - yh), decimals) != r(float(loss), decimals):
            return False
    if activation == "tanh":
        layer, j = int(ex["chain_layer"]), int(ex["chain_j"])
        a = r(float(ex[f"act{layer + 1}"][j]), decimals)
        if r(1.0 - a * a, decimals) != r(float(ex["chain_da_dz"]), decimals):
            return False
    return True


def backprop_example(
    data_cfg: DataConfig = BACKPROP_DATA,
    hidden: tuple[int, ...] = BACKPROP_HIDDEN,
    activation: str = BACKPROP_ACTIVATION,
    train_cfg: TrainConfig = BACKPROP_TRAIN,
    *,
    epoch: int = BACKPROP_EPOCH,
    target_loss: float = 1.0,
    lr: float = 0.5,
    layer: int = 1,
    decimals: int = 3,
) -> dict[str, np.ndarray]:
    """One training example through a small two-class network, forwards and backwards.

    Parameters
    ----------
    epoch
        The training snapshot used (one of ``train_cfg.snapshot_epochs``).
    target_loss
        The example is the training point whose loss lies nearest this value
        (1.0: misclassified, but not an outlier), among those for which the
        rounded chain rule and update add up (:func:`rounding_agrees`) and one
        SGD step lowers the loss.
    lr
        η of the one SGD step ``w ← w − η ∂L/∂w`` (applied to every parameter).
    layer
        The ``Linear`` layer (0-based) of the weight whose chain rule is written
        out; its weight with the largest ``|∂L/∂w|`` is taken. Must be a hidden
        layer's (``< len(hidden)``) so ``a = σ(z)`` has a σ.
    decimals
        Decimals the scene shows.

    Returns
    -------
    dict of numpy arrays
        ``W0, b0, …`` (the snapshot), ``gW0, gb0, …`` (∂L/∂W from autograd),
        ``W0_after, …`` (after the step) and the example's activations
        ``act0_after`` … under them, ``widths``; the example's ``x``,
        ``label``, ``index``; ``act0`` … ``act{L}`` (activations, the last is the
        logit), ``z1`` … ``z{L}``; ``dL_da1`` … ``dL_da{L}`` (autograd, the last is
        ∂L/∂logit); ``y_hat`` = sigmoid(logit); ``loss`` and ``loss_after``, ``y_hat_after``
        (the recomputed forward pass after the step); the chain rule ``chain_layer``,
        ``chain_j``, ``chain_i``, ``chain_w``, ``chain_dL_da``, ``chain_da_dz``,
        ``chain_dz_dw``, ``chain_grad``, ``chain_w_after``; ``lr``, ``epoch``,
        ``epochs``, ``snapshot_accuracy``; the training data ``x_train``,
        ``y_train`` (for a scatter), ``activation`` (a string array).
    """
    if epoch not in train_cfg.snapshot_epochs:
        raise ConfigError(
            f"epoch={epoch!r}; allowed: one of the snapshot epochs {train_cfg.snapshot_epochs}"
        )
    if not isinstance(layer, int) or not 0 <= layer < len(hidden):
        raise ConfigError(f"layer={layer!r}; allowed: a hidden layer, 0..{len(hidden) - 1}")
    if not (np.isfinite(lr) and lr > 0):
        raise ConfigError(f"lr={lr!r}; allowed: a number > 0")
    if not isinstance(decimals, int) or not 1 <= decimals <= 6:
        raise ConfigError(f"decimals={decimals!r}; allowed: an integer in 1..6")
    data = load(data_cfg)
    if data.n_classes != 2:
        raise ConfigError(
            f"dataset {data_cfg.name!r} has {data.n_classes} classes; allowed: a two-class set"
        )

    def compute() -> dict[str, np.ndarray]:
        import torch

        from engine.train import accuracy, params_to_arrays

        f = _fit(data_cfg, hidden, activation, train_cfg)
        model = f.snapshot_model(epoch)
        params = params_to_arrays(model)
        with torch.no_grad():
            logits = model(torch.as_tensor(data.x_train))[:, 0]
            losses = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, torch.as_tensor(data.y_train, dtype=torch.float64), reduction="none"
            ).numpy()
        order = np.argsort(np.abs(losses - target_loss), kind="stable")
        for i in order:
            ex = _one_example(model, params, data.x_train[i], int(data.y_train[i]),
                              activation, lr, layer)
            factors = [ex["chain_dL_da"], ex["chain_da_dz"], ex["chain_dz_dw"]]
            if ex["loss_after"] < ex["loss"] and rounding_agrees(
                np.array(factors), float(ex["chain_grad"]), float(ex["chain_w"]), lr, decimals
            ) and lines_agree(ex, decimals, activation):
                break
        else:
            raise ConfigError(
                f"no training example of {data_cfg.name!r} gives a chain rule that adds up "
                f"when rounded to {decimals} decimals; allowed: another decimals or lr"
            )
        ex.update(params)
        ex.update(
            index=np.array(int(i), dtype=np.int64),
            widths=np.array(f.model_cfg.widths, dtype=np.int64),
            activation=np.array(activation),
            lr=np.array(float(lr)),
            epoch=np.array(epoch, dtype=np.int64),
            epochs=np.array(train_cfg.epochs, dtype=np.int64),
            snapshot_accuracy=np.array(
                accuracy(model, data.x_train, data.y_train, data.n_classes)
            ),
            x_train=data.x_train.copy(),
            y_train=data.y_train.copy(),
        )
        return ex

    key = config_dict(data_cfg, train_cfg, hidden=tuple(hidden), activation=activation,
                      epoch=epoch, target_loss=float(target_loss), lr=float(lr), layer=layer,
                      decimals=decimals, data_hash=data.fingerprint, schema=_SCHEMA)
    return cached("backprop_example", key, compute)


def _one_example(model, params, x, label, activation, lr, layer) -> dict[str, np.ndarray]:
    """Forward, autograd backward, chain rule and one SGD step for one example."""
    import copy

    import torch

    from engine.models import apply_activation, linear_layers
    from engine.record import record

    lins = linear_layers(model)
    a = torch.as_tensor(x).reshape(1, -1)
    acts, zs = [a], []
    for l, lin in enumerate(lins):
        z = lin(a)
        a = z if l == len(lins) - 1 else apply_activation(activation, z)
        z.retain_grad()
        a.retain_grad()
        zs.append(z)
        acts.append(a)
    t = torch.tensor([float(label)])
    loss = torch.nn.functional.binary_cross_entropy_with_logits(acts[-1][:, 0], t)
    model.zero_grad()
    loss.backward()
    out: dict[str, np.ndarray] = {
        "x": np.asarray(x, dtype=np.float64).copy(),
        "label": np.array(label, dtype=np.int64),
        "loss": np.array(loss.item()),
        "y_hat": np.array(float(torch.sigmoid(acts[-1][0, 0].detach()))),
    }
    for l, a_l in enumerate(acts):
        out[f"act{l}"] = a_l.detach().numpy()[0].copy()
    for l, (z, a_l) in enumerate(zip(zs, acts[1:], strict=True)):
        out[f"z{l + 1}"] = z.detach().numpy()[0].copy()
        out[f"dL_da{l + 1}"] = _grad(a_l)[0].copy()
    for l, lin in enumerate(lins):
        out[f"gW{l}"] = _grad(lin.weight).copy()
        out[f"gb{l}"] = _grad(lin.bias).copy()
    # The chain rule for the weight of `layer` with the largest |∂L/∂w|:
    # z_j = Σ_i w_ji a_i + b_j, a_j = σ(z_j), so ∂L/∂w_ji = ∂L/∂a_j · σ'(z_j) · a_i.
    g = out[f"gW{layer}"]
    j, i = np.unravel_index(int(np.argmax(np.abs(g))), g.shape)
    z_j = zs[layer][0, j].detach().clone().requires_grad_(True)
    apply_activation(activation, z_j).backward()
    out.update(
        chain_layer=np.array(layer, dtype=np.int64),
        chain_j=np.array(int(j), dtype=np.int64),
        chain_i=np.array(int(i), dtype=np.int64),
        chain_w=np.array(float(params[f"W{layer}"][j, i])),
        chain_dL_da=np.array(float(out[f"dL_da{layer + 1}"][j])),
        chain_da_dz=np.array(float(z_j.grad)),
        chain_dz_dw=np.array(float(out[f"act{layer}"][i])),
        chain_grad=np.array(float(g[j, i])),
    )
    # One SGD step on this example, then the loss recomputed by a forward pass.
    stepped = copy.deepcopy(model)
    opt = torch.optim.SGD(stepped.parameters(), lr=lr)
    opt.zero_grad()
    xt = torch.as_tensor(x).reshape(1, -1)
    torch.nn.functional.binary_cross_entropy_with_logits(stepped(xt)[:, 0], t).backward()
    opt.step()
    with torch.no_grad():
        after_logit = stepped(xt)[0, 0]
        after = torch.nn.functional.binary_cross_entropy_with_logits(after_logit[None], t)
    rec = record(stepped, np.asarray(x, dtype=np.float64))
    out["act0_after"] = np.asarray(x, dtype=np.float64).copy()
    for l, act_l in enumerate(rec.a):
        out[f"act{l + 1}_after"] = act_l.copy()
    for l, lin in enumerate(linear_layers(stepped)):
        out[f"W{l}_after"] = lin.weight.detach().numpy().copy()
        out[f"b{l}_after"] = lin.bias.detach().numpy().copy()
    out["loss_after"] = np.array(float(after))
    out["y_hat_after"] = np.array(float(torch.sigmoid(after_logit)))
    out["chain_w_after"] = np.array(float(out[f"W{layer}_after"][j, i]))
    return out


def _grad(t) -> np.ndarray:
    """A tensor's gradient as numpy; an error if backward never reached it."""
    if t.grad is None:
        raise RuntimeError("no gradient: the tensor is not on the loss's graph")
    return t.grad.numpy()
