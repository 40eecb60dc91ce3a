"""Dataset generators against their definitions (TF Playground, Olah, sklearn digits)."""

import numpy as np
import pytest

from engine.config import DataConfig
from engine.datasets import grid_lines, load, tangled_curve_points, upsample_binary
from engine.errors import ConfigError


def _all(name, **kw):
    d = load(DataConfig(name=name, **kw))
    return d.x, d.y, d


@pytest.mark.parametrize("name", ["circle", "xor", "gauss", "spiral", "disk_ring",
                                  "tangled_curves", "sign", "parity", "spirals"])
def test_deterministic_per_seed_and_split(name):
    a = load(DataConfig(name=name, seed=3))
    b = load(DataConfig(name=name, seed=3))
    c = load(DataConfig(name=name, seed=4))
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert len(a.x_train) + len(a.x_test) == 500
    assert len(a.x_test) == 250  # TF Playground trains on half
    # Fixed curves (spirals without noise too): only the split moves.
    if name not in ("spiral", "tangled_curves", "spirals"):
        assert not np.array_equal(a.x, c.x)
    assert not np.array_equal(a.x_train, c.x_train)


def test_circle_radii_and_labels_without_noise():
    x, y, _ = _all("circle")
    r = np.linalg.norm(x, axis=1)
    assert np.all(r[y == 1] <= 2.5) and np.all((r[y == 0] >= 3.5) & (r[y == 0] <= 5))
    assert (y == 1).sum() == 250


def test_circle_noise_flips_labels_near_the_boundary_only():
    x, y, _ = _all("circle", noise=0.5)
    r = np.linalg.norm(x, axis=1)
    inner_label = r < 2.5
    assert (inner_label != y.astype(bool)).any()  # noise changes some labels
    assert np.all(np.abs(x) <= 5)


def test_xor_padding_and_labels():
    x, y, _ = _all("xor")
    assert np.all(np.abs(x) >= 0.3) and np.all(np.abs(x) <= 5.3)
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(int))


def test_gauss_variance_follows_noise():
    for noise, var in ((0.0, 0.5), (0.5, 4.0)):
        x, y, _ = _all("gauss", noise=noise, n=20000)
        pos = x[y == 1]
        np.testing.assert_allclose(pos.mean(axis=0), [2, 2], atol=0.1)
        np.testing.assert_allclose(pos.var(axis=0), [var, var], rtol=0.05)


def test_spiral_formula():
    x, y, _ = _all("spiral", n=200)
    pos = x[y == 1]
    # r = 5 i / n, t = 1.75 · 2π i / n: radii of positive points are 5 i / 100
    radii = np.sort(np.linalg.norm(pos, axis=1))
    np.testing.assert_allclose(radii, 5 * np.arange(100) / 100, atol=1e-12)
    i = 37
    t = 1.75 * i / 100 * 2 * np.pi
    r = 5 * i / 100
    assert np.min(np.linalg.norm(pos - [r * np.sin(t), r * np.cos(t)], axis=1)) < 1e-12


def test_disk_ring_radii():
    x, y, _ = _all("disk_ring")
    r = np.linalg.norm(x, axis=1)
    assert np.all(r[y == 1] < 1 / 3)
    assert np.all((r[y == 0] > 2 / 3) & (r[y == 0] < 1))


def test_tangled_curves_are_ordered_continuous_and_not_linearly_separable():
    _, _, d = _all("tangled_curves", entanglement=1.0)
    for k in ("curve0", "curve1"):
        steps = np.linalg.norm(np.diff(d.extras[k], axis=0), axis=1)
        assert steps.max() < 0.05  # consecutive points are neighbours on the curve
    # No line separates them: a least-squares linear classifier must err.
    x, y = d.x, d.y
    a = np.c_[x, np.ones(len(x))]
    w, *_ = np.linalg.lstsq(a, 2 * y - 1.0, rcond=None)
    assert ((a @ w > 0) != y.astype(bool)).any()
    # Entanglement 0: two opposite radial segments, separated by a line.
    a0, b0 = tangled_curve_points(0.0, 50)
    assert np.all(a0[:, 0] > 0) and np.all(b0[:, 0] < 0)


def test_sign_and_parity():
    x, y, d = _all("sign")
    np.testing.assert_array_equal(y, np.sign(x[:, 0]).astype(int) + 1)
    assert d.n_classes == 3 and set(y) == {0, 1, 2}
    x, y, d = _all("parity")
    np.testing.assert_array_equal(y, np.mod(x[:, 0], 2).astype(int))
    np.testing.assert_array_equal(d.extras["x_mod2_train"][:, 0], y[: len(d.x_train)])


def test_digits_and_the_articles_256_binary_pixels():
    d = load(DataConfig(name="digits"))
    assert d.x.shape == (1797, 64) and d.n_classes == 10
    assert d.x.min() == 0 and d.x.max() == 1
    b = load(DataConfig(name="digits", binary=True))
    assert b.x.shape == (1797, 256)
    assert set(np.unique(b.x)) == {0.0, 1.0}
    np.testing.assert_array_equal(b.y_test, d.y_test)  # same split
    # A block of ink upsamples to ink; blank stays blank.
    img = np.zeros((1, 8, 8))
    img[0, 2:6, 3:5] = 1.0
    up = upsample_binary(img)[0]
    assert up[4:12, 6:10].all() and up[:3].sum() == 0


def test_csv_loads_and_rejects_bad_files(tmp_path):
    good = tmp_path / "p.csv"
    good.write_text("x1,x2,label\n" + "".join(f"{i},{-i},{i % 2}\n" for i in range(10)))
    d = load(DataConfig(name=f"csv:{good}"))
    assert d.n_classes == 2 and len(d.x) == 10
    cases = {
        "missing.csv": ("x1,label\n1,0\n", r"2 column\(s\) \(x1,label\)"),
        "text.csv": ("x1,x2,label\n1,a,0\n2,3,1\n1,1,0\n2,2,1\n", "non-numeric"),
        "one.csv": ("x1,x2,label\n1,2,0\n2,3,0\n3,3,0\n4,4,0\n", "one class only"),
        "empty.csv": ("", "empty"),
    }
    for fname, (text, message) in cases.items():
        p = tmp_path / fname
        p.write_text(text)
        with pytest.raises(ConfigError, match=message):
            load(DataConfig(name=f"csv:{p}"))
    with pytest.raises(ConfigError, match="no such file"):
        load(DataConfig(name=f"csv:{tmp_path / 'nope.csv'}"))


def test_bad_config_values_name_themselves():
    with pytest.raises(ConfigError, match="unknown dataset 'moons'"):
        DataConfig(name="moons")
    with pytest.raises(ConfigError, match="noise=0.9"):
        DataConfig(noise=0.9)


def test_grid_lines_shape_and_extent():
    g = grid_lines((-1, -2), (1, 2), n_lines=5, n_points=7)
    assert g.shape == (10, 7, 2)
    np.testing.assert_array_equal(g[0, :, 0], -1)  # first vertical line at x = -1
    np.testing.assert_array_equal(g[5, :, 1], -2)  # first horizontal line at y = -2


# --- k-arm spirals -----------------------------------------------------------------

@pytest.mark.parametrize("k", [2, 3, 5, 8])
def test_k_arm_spirals_follow_their_definition(k):
    """Arm j: radius 0..1 while the angle runs 4j..4(j+1) (CS231n), noise 0 = on the arm."""
    d = load(DataConfig("spirals", classes=k, n=10 * k + 1))
    x, y = d.x, d.y
    assert d.n_classes == k and sorted(set(y.tolist())) == list(range(k))
    assert len(x) == 10 * k + 1
    for j in range(k):
        arm = x[y == j]
        r = np.linalg.norm(arm, axis=1)
        t = np.arctan2(arm[:, 0], arm[:, 1])  # x = r sin t, y = r cos t
        order = np.argsort(r)
        want = np.linspace(4.0 * j, 4.0 * (j + 1), len(arm))
        want_r = np.linspace(0.0, 1.0, len(arm))
        np.testing.assert_allclose(r[order], want_r, atol=1e-12)
        keep = want_r > 0  # the angle of the centre is undefined
        diff = np.angle(np.exp(1j * (t[order][keep] - want[keep])))
        np.testing.assert_allclose(diff, 0.0, atol=1e-9)


def test_spirals_classes_out_of_range_are_named():
    with pytest.raises(ConfigError, match=r"classes=9; allowed: an integer in 2\.\.8"):
        DataConfig("spirals", classes=9)


# --- CSV as spreadsheets write it -------------------------------------------------------

def _write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return f"csv:{path}"


def test_csv_with_bom_semicolons_decimal_commas_and_string_labels(tmp_path):
    rows = "".join(f"{100 + i},5;{2000 + 10 * i};{'fair' if i % 3 else 'off'}\n"
                   for i in range(12))
    name = _write(tmp_path / "s.csv", "X1;X2;Label\n" + rows, "utf-8-sig")
    d = load(DataConfig(name))
    assert d.class_names == ("fair", "off")
    x = np.concatenate([d.x_train, d.x_test])
    assert sorted(x[:, 0].tolist()) == [100.5 + i for i in range(12)]
    assert sorted(x[:, 1].tolist()) == [2000.0 + 10 * i for i in range(12)]


def test_csv_tabs_named_columns_first_three_and_no_header(tmp_path):
    body = "".join(f"{i}\t{-i}\t{i % 2}\t{i * 10}\n" for i in range(8))
    named = _write(tmp_path / "t.tsv", "a\tb\tc\td\n" + body)
    d = load(DataConfig(named, columns=("d", "a", "c")))
    np.testing.assert_array_equal(np.sort(d.x[:, 0]), np.arange(8) * 10.0)
    first3 = load(DataConfig(named))  # no x1,x2,label: the first three columns
    np.testing.assert_array_equal(np.sort(first3.x[:, 1]), -np.arange(8)[::-1] * 1.0)
    bare = load(DataConfig(_write(tmp_path / "n.csv", body.replace("\t", ","))))
    assert len(bare.x) == 8  # the first line is data, not a header
    with pytest.raises(ConfigError, match=r"unknown column\(s\) 'zz'.*a\tb\tc\td"):
        load(DataConfig(named, columns=("a", "zz", "c")))
    with pytest.raises(ConfigError, match="three column names"):
        DataConfig(named, columns=("a", "b"))


def test_csv_integer_labels_sort_as_numbers(tmp_path):
    body = "".join(f"{i},{i % 5},{(i % 3) * 5}\n" for i in range(12))
    d = load(DataConfig(_write(tmp_path / "i.csv", "x1,x2,label\n" + body)))
    assert d.class_names == ("0", "5", "10")


def test_standardize_rescales_on_the_training_split_and_keeps_the_raw_points(tmp_path):
    rng = np.random.default_rng(0)
    pts = rng.normal((500.0, 3000.0), (80.0, 900.0), (40, 2))
    body = "".join(f"{a:.3f},{b:.3f},{int(a > 500)}\n" for a, b in pts)
    name = _write(tmp_path / "m.csv", "x1,x2,label\n" + body)
    raw, d = load(DataConfig(name)), load(DataConfig(name, standardize=True))
    mean, std = raw.x_train.mean(axis=0), raw.x_train.std(axis=0)
    np.testing.assert_allclose(d.x_train, (raw.x_train - mean) / std, atol=1e-12)
    np.testing.assert_allclose(d.x_test, (raw.x_test - mean) / std, atol=1e-12)
    np.testing.assert_array_equal(d.extras["raw_train"], raw.x_train)
    np.testing.assert_allclose(d.extras["scale_mean"], mean, atol=1e-12)
    np.testing.assert_allclose(d.x_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(d.x_train.std(axis=0), 1.0, atol=1e-12)
    assert d.fingerprint != raw.fingerprint  # a different training input, a different cache key
