"""Datasets, each a pure function of a :class:`DataConfig` (seed included).

Two-class labels are 0/1 (TF Playground's -1 → 0, +1 → 1). The train/test
split is part of the dataset and seeded.

TF Playground's sets follow its ``dataset.ts``: the plane spans [-6, 6]; noise
perturbs the point used for the *label* (circle, xor) or the point itself
(spiral), or widens the blobs (gauss).
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.config import DataConfig
from engine.errors import ConfigError

__all__ = ["Dataset", "load", "grid_lines", "PARITY_RANGE", "SIGN_RANGE", "DEFAULT_COLUMNS"]

SIGN_RANGE = 9  # sign and parity use the integers -9..9
PARITY_RANGE = 9


@dataclass(frozen=True, eq=False)
class Dataset:
    """Split data plus whatever a scene needs to draw it (``extras``)."""

    name: str
    x_train: np.ndarray  # (n_train, d) float64
    y_train: np.ndarray  # (n_train,) int64 in 0..n_classes-1
    x_test: np.ndarray
    y_test: np.ndarray
    n_classes: int
    class_names: tuple[str, ...]
    extras: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def x(self) -> np.ndarray:
        return np.concatenate([self.x_train, self.x_test])

    @property
    def y(self) -> np.ndarray:
        return np.concatenate([self.y_train, self.y_test])

    @property
    def fingerprint(self) -> str:
        """Hash of the data itself, so a changed CSV file changes every cache key."""
        h = hashlib.sha256()
        for a in (self.x_train, self.y_train, self.x_test, self.y_test):
            h.update(np.ascontiguousarray(a).tobytes())
        return h.hexdigest()[:16]


def _split(
    cfg: DataConfig, x: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, ...]:
    n = len(x)
    perm = rng.permutation(n)
    n_test = max(1, min(n - 1, int(round(n * cfg.test_fraction))))
    te, tr = perm[:n_test], perm[n_test:]
    return x[tr], y[tr], x[te], y[te]


# --- TensorFlow Playground ---------------------------------------------------

def _circle(cfg: DataConfig, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    radius = 5.0
    half = cfg.n // 2
    r = np.concatenate(
        [rng.uniform(0, radius * 0.5, half), rng.uniform(radius * 0.7, radius, cfg.n - half)]
    )
    angle = rng.uniform(0, 2 * np.pi, cfg.n)
    x = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
    shift = rng.uniform(-radius, radius, (cfg.n, 2)) * cfg.noise
    label = (np.linalg.norm(x + shift, axis=1) < radius * 0.5).astype(np.int64)
    return x, label


def _xor(cfg: DataConfig, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    padding = 0.3
    x = rng.uniform(-5, 5, (cfg.n, 2))
    x = x + np.where(x > 0, padding, -padding)
    shift = rng.uniform(-5, 5, (cfg.n, 2)) * cfg.noise
    p = x + shift
    label = (p[:, 0] * p[:, 1] >= 0).astype(np.int64)
    return x, label


def _gauss(cfg: DataConfig, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    variance = 0.5 + (4.0 - 0.5) * (cfg.noise / 0.5)
    half = cfg.n // 2
    std = np.sqrt(variance)
    pos = rng.normal((2.0, 2.0), std, (half, 2))
    neg = rng.normal((-2.0, -2.0), std, (cfg.n - half, 2))
    x = np.concatenate([pos, neg])
    label = np.concatenate([np.ones(half), np.zeros(cfg.n - half)]).astype(np.int64)
    return x, label


def _spiral(cfg: DataConfig, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for delta_t, label, count in ((0.0, 1, cfg.n // 2), (np.pi, 0, cfg.n - cfg.n // 2)):
        i = np.arange(count)
        r = i / count * 5
        t = 1.75 * i / count * 2 * np.pi + delta_t
        pts = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
        pts += rng.uniform(-1, 1, (count, 2)) * cfg.noise
        xs.append(pts)
        ys.append(np.full(count, label))
    return np.concatenate(xs), np.concatenate(ys).astype(np.int64)


def _spirals(cfg: DataConfig, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The classic k-arm spiral (as in CS231n's notes): arm j sweeps angles 4j..4(j+1)
    radians while its radius grows from 0 to 1; ``noise`` is the angle's standard
    deviation (CS231n uses 0.2)."""
    k = cfg.classes
    counts = [cfg.n // k + (1 if j < cfg.n % k else 0) for j in range(k)]
    xs, ys = [], []
    for j, count in enumerate(counts):
        r = np.linspace(0.0, 1.0, count)
        t = np.linspace(4.0 * j, 4.0 * (j + 1), count) + rng.normal(0.0, 1.0, count) * cfg.noise
        xs.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
        ys.append(np.full(count, j))
    return np.concatenate(xs), np.concatenate(ys).astype(np.int64)


# --- Olah's sets ---------------------------------------------------------------

def _disk_ring(cfg: DataConfig, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Class 1 (disk): r < 1/3; class 0 (ring): 2/3 < r < 1; uniform by area."""
    half = cfg.n // 2
    r = np.concatenate([
        np.sqrt(rng.uniform(0, (1 / 3) ** 2, half)),
        np.sqrt(rng.uniform((2 / 3) ** 2, 1.0, cfg.n - half)),
    ])
    angle = rng.uniform(0, 2 * np.pi, cfg.n)
    x = np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)
    label = np.concatenate([np.ones(half), np.zeros(cfg.n - half)]).astype(np.int64)
    return x, label


def tangled_curve_points(entanglement: float, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms, ordered along each arm.

    Arm k sweeps ``2π · entanglement`` radians from angle ``πk`` while its
    radius grows from 0.15 to 1: at entanglement 0 they are two opposite
    radial segments (separable by a line); from about 0.6 on, each arm wraps
    round the other and no straight line separates them.
    """
    s = np.linspace(0.0, 1.0, count)
    r = 0.15 + 0.85 * s
    arms = []
    for k in (0, 1):
        t = np.pi * k + 2 * np.pi * entanglement * s
        arms.append(np.stack([r * np.cos(t), r * np.sin(t)], axis=1))
    return arms[0], arms[1]


def _tangled(cfg: DataConfig, rng: np.random.Generator):
    half = cfg.n // 2
    a, b = tangled_curve_points(cfg.entanglement, half)
    if cfg.noise:
        # Noise jitters points across the curve, scaled so 0.5 stays readable.
        a = a + rng.normal(0, 0.04 * cfg.noise, a.shape)
        b = b + rng.normal(0, 0.04 * cfg.noise, b.shape)
    x = np.concatenate([a, b])
    label = np.concatenate([np.zeros(half), np.ones(half)]).astype(np.int64)
    return x, label, {"curve0": a, "curve1": b}


# --- 1-D sets ------------------------------------------------------------------

def _sign(cfg: DataConfig, rng: np.random.Generator):
    """Integers in -9..9: class 0 negative, 1 zero, 2 positive."""
    v = rng.integers(-SIGN_RANGE, SIGN_RANGE + 1, cfg.n)
    # Make sure "zero" is present in quantity, not one point in nineteen.
    v[: cfg.n // 6] = 0
    v = rng.permutation(v)
    return v[:, None].astype(np.float64), (np.sign(v) + 1).astype(np.int64)


def _parity(cfg: DataConfig, rng: np.random.Generator):
    """Integers in -9..9: class 1 odd, 0 even; extras hold the x mod 2 view."""
    v = rng.integers(-PARITY_RANGE, PARITY_RANGE + 1, cfg.n)
    return v[:, None].astype(np.float64), np.mod(v, 2).astype(np.int64)


# --- digits ------------------------------------------------------------------

def _digits(cfg: DataConfig):
    from sklearn.datasets import load_digits  # bundled with scikit-learn, no download

    d = load_digits()
    images = d.images.astype(np.float64) / 16.0  # (1797, 8, 8) in [0, 1]
    if cfg.binary:
        images = upsample_binary(images)
    return images.reshape(len(images), -1), d.target.astype(np.int64), images


def upsample_binary(images: np.ndarray) -> np.ndarray:
    """8×8 grey → 16×16 binary (1 = ink), the article's 256-pixel input.

    Bilinear upsampling first, then a threshold at half intensity, so strokes
    come out smoother than a plain 2×2 block copy.
    """
    n, h, w = images.shape
    src_r = (np.arange(2 * h) + 0.5) / 2 - 0.5
    src_c = (np.arange(2 * w) + 0.5) / 2 - 0.5
    r0 = np.clip(np.floor(src_r).astype(int), 0, h - 1)
    c0 = np.clip(np.floor(src_c).astype(int), 0, w - 1)
    r1 = np.clip(r0 + 1, 0, h - 1)
    c1 = np.clip(c0 + 1, 0, w - 1)
    fr = np.clip(src_r - r0, 0, 1)[None, :, None]
    fc = np.clip(src_c - c0, 0, 1)[None, None, :]
    top = images[:, r0][:, :, c0] * (1 - fc) + images[:, r0][:, :, c1] * fc
    bot = images[:, r1][:, :, c0] * (1 - fc) + images[:, r1][:, :, c1] * fc
    up = top * (1 - fr) + bot * fr
    return (up >= 0.5).astype(np.float64)


# --- CSV -----------------------------------------------------------------------

DEFAULT_COLUMNS = ("x1", "x2", "label")
_DELIMITERS = (",", ";", "\t")


def _number(text: str, delimiter: str) -> float:
    """A coordinate; with ``;`` or tab as separator a decimal comma (``1234,5``) is read too."""
    try:
        return float(text)
    except ValueError:
        if delimiter != "," and text.count(",") == 1 and "." not in text:
            return float(text.replace(",", "."))
        raise


def _is_number(text: str, delimiter: str) -> bool:
    try:
        _number(text.strip(), delimiter)
    except ValueError:
        return False
    return True


def _csv(path_text: str, columns: tuple[str, ...] = ()):
    """Read a CSV as spreadsheets write it.

    UTF-8 with or without a byte-order mark; comma, semicolon or tab separated
    (whichever the first line holds most of); a header (columns named by
    ``columns``, else x1,x2,label, else the first three) or none (the first
    three columns); labels are any strings, sorted numerically if all numbers.
    """
    where = f"dataset csv:{path_text}"
    path = Path(path_text)
    if not path.is_file():
        raise ConfigError(f"{where}: no such file; allowed: a CSV file with columns x1,x2,label")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # older spreadsheets; every byte decodes
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise ConfigError(f"{where} is empty; allowed: a header x1,x2,label and rows")
    delimiter = max(_DELIMITERS, key=lines[0].count)
    rows = [r for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
    first = [c.strip() for c in rows[0]]
    has_header = not (len(first) >= 2 and _is_number(first[0], delimiter)
                      and _is_number(first[1], delimiter))
    header = [c.lower() for c in first] if has_header else []
    shown = delimiter.join(first) if has_header else "none"
    if columns:
        wanted = [c.strip().lower() for c in columns]
        missing = [c for c in wanted if c not in header]
        if missing:
            raise ConfigError(
                f"{where}: unknown column(s) {', '.join(repr(c) for c in missing)}; "
                f"allowed: the header's columns ({shown})"
            )
        cols = [header.index(c) for c in wanted]
    elif all(c in header for c in DEFAULT_COLUMNS):
        cols = [header.index(c) for c in DEFAULT_COLUMNS]
    elif len(first) >= 3:
        cols = [0, 1, 2]
    else:
        raise ConfigError(
            f"{where}: {len(first)} column(s) ({shown}); allowed: x, y and label columns, "
            "by default x1,x2,label or the first three"
        )
    xs, labels = [], []
    for line_no, row in enumerate(rows[1:] if has_header else rows, start=2 if has_header else 1):
        try:
            vals = [row[i].strip() for i in cols]
        except IndexError:
            raise ConfigError(
                f"{where} line {line_no}: {len(row)} field(s); allowed: at least "
                f"{max(cols) + 1}, as in the first line"
            ) from None
        try:
            x = (_number(vals[0], delimiter), _number(vals[1], delimiter))
        except ValueError:
            raise ConfigError(
                f"{where} line {line_no}: non-numeric coordinates {vals[0]!r}, {vals[1]!r}; "
                "allowed: numbers"
            ) from None
        if not all(np.isfinite(x)):
            raise ConfigError(f"{where} line {line_no}: x1,x2 = {x}; allowed: finite numbers")
        if not vals[2]:
            raise ConfigError(f"{where} line {line_no}: empty label; allowed: any text or number")
        xs.append(x)
        labels.append(vals[2])
    if len(xs) < 4:
        raise ConfigError(f"{where} has {len(xs)} data rows; allowed: at least 4")
    classes = sorted(set(labels), key=_label_order)
    if len(classes) < 2:
        raise ConfigError(
            f"{where} has one class only ({classes[0]!r}); allowed: 2 or more labels"
        )
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[v] for v in labels], dtype=np.int64)
    return np.array(xs, dtype=np.float64), y, tuple(classes)


def _label_order(v: str) -> tuple[int, float, str]:
    try:
        return (0, float(v), v)
    except ValueError:
        return (1, 0.0, v)


# --- entry point ---------------------------------------------------------------

def load(cfg: DataConfig) -> Dataset:
    """Build the dataset ``cfg`` describes (deterministic in ``cfg.seed``)."""
    rng = np.random.default_rng(cfg.seed)
    extras: dict[str, np.ndarray] = {}
    names: tuple[str, ...] = ("negative", "positive")
    n_classes = 2
    if cfg.name.startswith("csv:"):
        x, y, names = _csv(cfg.name[4:], cfg.columns)
        n_classes = len(names)
    elif cfg.name == "spirals":
        x, y = _spirals(cfg, rng)
        n_classes, names = cfg.classes, tuple(f"arm {j + 1}" for j in range(cfg.classes))
    elif cfg.name == "digits":
        x, y, images = _digits(cfg)
        n_classes, names = 10, tuple(str(i) for i in range(10))
        extras["images"] = images
    elif cfg.name in ("circle", "xor", "gauss", "spiral"):
        x, y = {"circle": _circle, "xor": _xor, "gauss": _gauss, "spiral": _spiral}[cfg.name](
            cfg, rng
        )
    elif cfg.name == "disk_ring":
        x, y = _disk_ring(cfg, rng)
        names = ("ring", "disk")
    elif cfg.name == "tangled_curves":
        x, y, extras = _tangled(cfg, rng)
        names = ("curve A", "curve B")
    elif cfg.name == "sign":
        x, y = _sign(cfg, rng)
        n_classes, names = 3, ("negative", "zero", "positive")
    else:  # parity
        x, y = _parity(cfg, rng)
        names = ("even", "odd")
    # Split with its own stream so the split does not shift the points.
    split_rng = np.random.default_rng([cfg.seed, 1])
    if cfg.name == "digits":
        idx = np.arange(len(x))
        tr_i, _, te_i, _ = _split(cfg, idx, idx, split_rng)
        extras["images_train"] = extras["images"][tr_i]
        extras["images_test"] = extras.pop("images")[te_i]
        x_tr, y_tr, x_te, y_te = x[tr_i], y[tr_i], x[te_i], y[te_i]
    else:
        x_tr, y_tr, x_te, y_te = _split(cfg, x, y, split_rng)
    if cfg.standardize:
        x_tr, x_te = _standardize(x_tr, x_te, extras)
    if cfg.name == "parity":
        extras["x_mod2_train"] = np.mod(x_tr, 2.0)
        extras["x_mod2_test"] = np.mod(x_te, 2.0)
    return Dataset(cfg.name, x_tr, y_tr, x_te, y_te, n_classes, names, extras)


def _standardize(x_tr: np.ndarray, x_te: np.ndarray, extras: dict[str, np.ndarray]):
    """Shift and scale every column to mean 0, standard deviation 1 on the training split.

    Inputs in the hundreds or thousands saturate tanh at once (every point lands in
    one corner) and make Adam's steps tiny against them; on this scale the default
    learning rates work. The raw coordinates and the map stay in ``extras``.
    """
    mean = x_tr.mean(axis=0)
    std = x_tr.std(axis=0)
    std = np.where(std > 0, std, 1.0)  # a constant column stays as it is, shifted to 0
    extras.update(raw_train=x_tr, raw_test=x_te, scale_mean=mean, scale_std=std)
    return (x_tr - mean) / std, (x_te - mean) / std


def grid_lines(
    lo: tuple[float, float], hi: tuple[float, float], n_lines: int = 21, n_points: int = 101
) -> np.ndarray:
    """The lines of a square grid over [lo, hi]: shape (2 · n_lines, n_points, 2).

    The first ``n_lines`` are vertical (constant x), the rest horizontal.
    """
    xs = np.linspace(lo[0], hi[0], n_lines)
    ys = np.linspace(lo[1], hi[1], n_lines)
    tx = np.linspace(lo[0], hi[0], n_points)
    ty = np.linspace(lo[1], hi[1], n_points)
    vertical = np.stack([np.broadcast_to(xs[:, None], (n_lines, n_points)),
                         np.broadcast_to(ty[None, :], (n_lines, n_points))], axis=2)
    horizontal = np.stack([np.broadcast_to(tx[None, :], (n_lines, n_points)),
                           np.broadcast_to(ys[:, None], (n_lines, n_points))], axis=2)
    return np.concatenate([vertical, horizontal]).astype(np.float64)
