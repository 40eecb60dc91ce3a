"""Models and training against independent computations."""

import numpy as np
import pytest
import torch

from engine.config import DataConfig, ModelConfig, TrainConfig
from engine.datasets import load
from engine.errors import ConfigError, DivergenceError
from engine.models import apply_activation, build_mlp, linear_layers
from engine.train import fit, loss_fn, make_optimizer, train


def test_model_shape_and_parameter_count():
    cfg = ModelConfig(input_dim=2, hidden=(4, 3), activation="relu", n_classes=5)
    m = build_mlp(cfg)
    n = sum(p.numel() for p in m.parameters())
    assert n == cfg.n_params == 2 * 4 + 4 + 4 * 3 + 3 + 3 * 5 + 5
    assert m(torch.zeros(7, 2)).shape == (7, 5)
    assert build_mlp(ModelConfig()).__getitem__(-1).out_features == 1  # two classes: one logit


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "softplus", "linear"])
def test_handwritten_activations_match_torch(act):
    z = torch.linspace(-30, 30, 301)
    ref = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
           "softplus": torch.nn.functional.softplus, "linear": lambda t: t}[act](z)
    torch.testing.assert_close(apply_activation(act, z), ref)


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "softplus"])
def test_autograd_matches_finite_differences(act):
    data = load(DataConfig(name="circle", n=40, seed=1))
    cfg = ModelConfig(hidden=(3, 2), activation=act)
    model = build_mlp(cfg, seed=2)
    x = torch.as_tensor(data.x_train)
    t = torch.as_tensor(data.y_train).double()
    crit = loss_fn(2)
    loss = crit(model(x)[:, 0], t)
    loss.backward()
    eps = 1e-6
    for p in model.parameters():
        flat = p.data.view(-1)
        for i in range(flat.numel()):
            old = flat[i].item()
            with torch.no_grad():
                flat[i] = old + eps
                up = crit(model(x)[:, 0], t).item()
                flat[i] = old - eps
                down = crit(model(x)[:, 0], t).item()
                flat[i] = old
            assert abs((up - down) / (2 * eps) - p.grad.view(-1)[i].item()) < 1e-6


def test_training_is_deterministic_and_records_history():
    data = load(DataConfig(name="xor", n=200))
    cfg = ModelConfig(hidden=(4,))
    tcfg = TrainConfig(epochs=30, batch_size=10, snapshot_epochs=(0, 10, 30))
    m1, h1 = train(cfg, tcfg, data)
    m2, h2 = train(cfg, tcfg, data)
    np.testing.assert_array_equal(h1.loss, h2.loss)
    for a, b in zip(m1.parameters(), m2.parameters(), strict=True):
        assert torch.equal(a, b)
    assert len(h1.loss) == 31 and h1.loss[-1] < h1.loss[0]
    assert h1.snapshot_epochs == (0, 10, 30) and len(h1.snapshots) == 3
    final = linear_layers(m1)[0].weight.detach().numpy()
    np.testing.assert_array_equal(h1.snapshots[-1]["W0"], final)
    # Snapshot 0 is the untrained initialisation.
    np.testing.assert_array_equal(
        h1.snapshots[0]["W0"], linear_layers(build_mlp(cfg, seed=0))[0].weight.detach().numpy()
    )


@pytest.mark.parametrize("name,momentum", [("sgd", 0.0), ("momentum", 0.9)])
def test_sgd_steps_match_the_update_rule(name, momentum):
    """w ← w − α z with z ← β z + ∇f (Distill), computed by hand."""
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    opt = make_optimizer([w], TrainConfig(optimizer=name, lr=0.1, momentum=0.9))
    ref = w.detach().clone()
    z = torch.zeros(2)
    for _ in range(5):
        opt.zero_grad()
        (w**2).sum().backward()
        opt.step()
        z = momentum * z + 2 * ref
        ref = ref - 0.1 * z
        torch.testing.assert_close(w.detach(), ref)


def test_divergence_names_the_learning_rate():
    data = load(DataConfig(name="circle", n=100))
    with pytest.raises(DivergenceError, match=r"learning rate lr=1000000000.0"):
        train(ModelConfig(), TrainConfig(epochs=20, lr=1e9, optimizer="sgd"), data)


def test_config_errors():
    with pytest.raises(ConfigError, match="hidden width 0"):
        ModelConfig(hidden=(2, 0))
    with pytest.raises(ConfigError, match="hidden width -3"):
        ModelConfig(hidden=(-3,))
    with pytest.raises(ConfigError, match="unknown activation 'gelu'"):
        ModelConfig(activation="gelu")
    with pytest.raises(ConfigError, match="lr=0"):
        TrainConfig(lr=0)
    with pytest.raises(ConfigError, match="snapshot epoch 99"):
        TrainConfig(epochs=10, snapshot_epochs=(99,))


def test_digits_mlp_reaches_95_percent():
    f = fit(DataConfig(name="digits"), (32,), "tanh", TrainConfig(epochs=150, lr=0.01))
    assert f.history.test_accuracy[-1] >= 0.95


def test_olah_disk_ring_width_two_never_separates_width_three_does():
    """Olah 2014: width-2 layers cannot pull the disk out of the ring; width 3 can.

    Protocol of the independent check in shared/reference: tanh, Adam lr 0.03,
    2000 full-batch steps, 1000 points.
    """
    for seed in (0, 1):
        data = DataConfig(name="disk_ring", n=1000, seed=seed)
        tcfg = TrainConfig(epochs=2000, lr=0.03, seed=seed)
        f3 = fit(data, (3,), "tanh", tcfg)
        assert f3.history.train_accuracy[-1] == 1.0
        for hidden in ((2,), (2, 2), (2, 2, 2), (2, 2, 2, 2)):
            f2 = fit(data, hidden, "tanh", tcfg)
            assert f2.history.train_accuracy[-1] < 1.0, (hidden, seed)


def test_fit_is_cached_and_identical():
    args = (DataConfig(name="gauss", n=100), (2,), "tanh", TrainConfig(epochs=20))
    a, b = fit(*args), fit(*args)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    np.testing.assert_array_equal(a.history.loss, b.history.loss)
    model = a.model()
    for i, lin in enumerate(linear_layers(model)):
        np.testing.assert_array_equal(lin.weight.detach().numpy(), a.params[f"W{i}"])
