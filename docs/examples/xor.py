"""A scene of your own, start to finish: a 2-3-1 network's decision boundary on XOR as it trains.

The worked example of ``docs/writing-a-scene.md``. Two halves, as in the lecture:

* :func:`xor_boundary`, the **artefact**: trains the network once through the engine
  (:func:`engine.train.fit`, cached) and computes everything the scene draws — the
  network's prediction on a grid over the plane at every snapshot, the loss curve,
  the accuracies — as numpy arrays, cached again under ``media/cache/``. In the
  lecture this function would live in ``engine/artefacts/<topic>.py``; it is here so
  that the example is one file. It never imports manim; torch only on a cold cache.
* :class:`XorBoundary`, the **scene**: three beats (``self.say`` / ``self.hold``)
  narrated from :data:`TEXT` in English and Chinese, a mark the animation waits for
  (``self.wait_until``), and every value it puts on screen recorded with
  ``self.shows`` for the truth test (``tests/docs/test_examples.py``).

Render (from the repository root)::

    .venv/bin/manim render -ql docs/examples/xor.py XorBoundary
    DEEPWARP_LANG=zh .venv/bin/manim render -ql docs/examples/xor.py XorBoundary

Nothing in ``engine/`` or ``scenes/`` imports this file: arrows point down.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, Line, Rectangle, ValueTracker, VGroup, linear

from engine.cache import cached
from engine.config import DataConfig, TrainConfig, config_dict
from scenes.common import style
from scenes.common.base import LectureScene
from scenes.common.i18n import Catalogue
from scenes.common.mobjects import CellShading, LineBundle, PointCloud, ScreenMap
from scenes.common.text import LiveText, label, pct

__all__ = ["DATA", "HIDDEN", "ACTIVATION", "TRAIN", "GRID", "BOX", "xor_boundary",
           "predict", "TEXT", "XorBoundary"]

# --- the artefact: engine side, no manim ------------------------------------------------

#: TensorFlow Playground's XOR: 200 points on [-6, 6]², half of them for training.
DATA = DataConfig("xor", n=200, seed=0)
HIDDEN, ACTIVATION = (3,), "tanh"
#: Adam at 0.05 for 400 epochs reaches 97 % on both halves; a snapshot every 10 epochs
#: is what the scene animates (41 states of the boundary).
TRAIN = TrainConfig(epochs=400, lr=0.05, optimizer="adam", seed=0,
                    snapshot_epochs=tuple(range(0, 401, 10)))
#: Cells of the prediction grid per side: fine enough for a smooth boundary at 1080p,
#: few enough that repainting them every frame costs nothing (one path per class).
GRID = 60
#: The plane the grid covers (the dataset's own range).
BOX = (-6.0, 6.0)


def _centres() -> np.ndarray:
    """The grid's cell centres, ``(GRID, GRID, 2)``: cell (i, j) is i-th from the left,
    j-th from the bottom, as :class:`~scenes.common.mobjects.CellShading` numbers them."""
    edges = np.linspace(*BOX, GRID + 1)
    mid = (edges[:-1] + edges[1:]) / 2
    return np.stack(np.meshgrid(mid, mid, indexing="ij"), axis=-1)


def predict(x: np.ndarray, W0, b0, W1, b1) -> np.ndarray:
    """Class 0/1 of each row of ``x`` for a 2-3-1 tanh net (one logit; class 1 when > 0).

    Written with numpy from the recorded weights: the truth test uses it to recompute,
    independently of torch, what the engine computed.
    """
    logit = np.tanh(x @ W0.T + b0) @ W1.T + b1
    return (logit[..., 0] > 0).astype(np.int64)


def xor_boundary() -> dict[str, np.ndarray]:
    """Everything :class:`XorBoundary` draws, cached under ``media/cache/xor_boundary-*.npz``.

    Returns
    -------
    dict of numpy arrays
        ``x``, ``y``: the training points and labels (1 = both coordinates of one sign);
        ``epochs``: the snapshot epochs; ``W0``, ``b0``, ``W1``, ``b1``: the weights at
        each snapshot, stacked; ``cells``: ``(snapshots, GRID, GRID)`` predicted class of
        every grid cell, from the engine's torch model; ``accuracy``: train accuracy at
        each snapshot; ``loss``: the training loss after every epoch (0 = untrained).
    """
    # The key holds every setting the arrays depend on: change one and the artefact
    # (and the training under it) is made afresh; the engine version is added by cache.
    key = config_dict(DATA, TRAIN, hidden=HIDDEN, activation=ACTIVATION, grid=GRID, box=BOX)

    def compute() -> dict[str, np.ndarray]:
        import torch  # only on a cold cache: a warm render never imports torch

        from engine.datasets import load
        from engine.train import fit

        trained = fit(DATA, HIDDEN, ACTIVATION, TRAIN)  # itself cached ("fit-*.npz")
        data = load(DATA)
        grid = torch.as_tensor(_centres().reshape(-1, 2))
        cells = []
        for e in TRAIN.snapshot_epochs:
            with torch.no_grad():
                logit = trained.snapshot_model(e)(grid)[:, 0].numpy()
            cells.append((logit > 0).reshape(GRID, GRID))
        snaps = trained.history.snapshots
        epochs = np.array(TRAIN.snapshot_epochs, np.int64)
        return {
            "x": data.x_train, "y": data.y_train, "epochs": epochs,
            **{name: np.stack([s[name] for s in snaps]) for name in ("W0", "b0", "W1", "b1")},
            "cells": np.array(cells, np.int64),
            "accuracy": trained.history.train_accuracy[epochs],
            "loss": trained.history.loss,
        }

    return cached("xor_boundary", key, compute)


# --- the scene: manim side, engine results only --------------------------------------------

# Every word on screen and every word spoken lives in text files beside this one, one per
# language with the same keys: words/en/xor.toml, words/zh/xor.toml (docs/translating.md).
# ``<key>.name`` names a beat's section (and slide); ``<key>.say`` is what the voice says.
# A mark (<bookmark mark='…'/>) sits before the word an animation waits for; it is never
# spoken or subtitled. Each beat has the same marks, in the same order, in every language.
TEXT = Catalogue.of(__file__)

PLANE = ScreenMap.fit((BOX[0], BOX[0]), (BOX[1], BOX[1]), center=(-3.3, -0.45, 0), size=(5.9, 5.9))
CLASS_STYLE = {0: (style.SKY, "dot"), 1: (style.VERMILLION, "cross")}


class XorBoundary(LectureScene):
    """The decision boundary of a 2-3-1 tanh network on XOR, snapshot by snapshot."""

    title = "Learning XOR"
    TEXT = TEXT  # set on the class, so a subclass in another file keeps these words

    def construct(self):
        art = xor_boundary()  # cached: the first render trains (seconds), later ones load
        heading = label(TEXT["heading"], style.CAPTION_SIZE).to_edge(UP, buff=0.35)
        self.add(heading)

        # Beat 1: the data. One PointCloud for 100 points (two mobjects, not 100).
        self.say("data")
        lo, hi = PLANE(np.array([[BOX[0]] * 2, [BOX[1]] * 2]))
        frame = Rectangle(width=hi[0] - lo[0], height=hi[1] - lo[1], color=style.GRID,
                          stroke_width=2).move_to((lo + hi) / 2)
        axes = VGroup(Line(PLANE(np.array([BOX[0], 0.0])), PLANE(np.array([BOX[1], 0.0]))),
                      Line(PLANE(np.array([0.0, BOX[0]])), PLANE(np.array([0.0, BOX[1]]))))
        axes.set_stroke(style.GRID, 1.5)
        y = art["y"]
        points = PointCloud(PLANE(art["x"]), colors=[CLASS_STYLE[int(c)][0] for c in y],
                            markers=[CLASS_STYLE[int(c)][1] for c in y], radius=0.05)
        legend = VGroup(*(VGroup(PointCloud(np.zeros((1, 2)), colors=CLASS_STYLE[c][0],
                                            markers=CLASS_STYLE[c][1], radius=0.06),
                                 label(TEXT[key], style.SMALL_SIZE))
                          .arrange(RIGHT, buff=0.2)
                          for c, key in ((1, "same"), (0, "opposite"))))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(frame, RIGHT, buff=0.6)
        legend.align_to(frame, DOWN)
        self.shows("points", (art["x"], y))
        self.play(FadeIn(frame, axes), run_time=0.5)
        self.play(FadeIn(points, legend), run_time=1.0)
        # Whatever is faded in later, the points and axes stay on top of it.
        self.add_foreground_mobjects(frame, axes, points)
        self.hold()

        # Beat 2: training. CellShading repaints 60×60 cells from one integer array;
        # LineBundle redraws the loss curve from a numpy array; LiveText swaps digits only.
        self.say("train")
        shade = CellShading(lo, hi, (GRID, GRID),
                            [(CLASS_STYLE[0][0], 0.28), (CLASS_STYLE[1][0], 0.28)])
        loss_box = ScreenMap.fit((0.0, 0.0), (float(TRAIN.epochs), float(art["loss"].max())),
                                 center=(3.75, 1.0, 0), size=(4.6, 2.2), keep_aspect=False)
        l0, l1 = loss_box(np.array([[0.0, 0.0], [TRAIN.epochs, art["loss"].max()]]))
        loss_axes = VGroup(Line(l0, [l1[0], l0[1], 0]), Line(l0, [l0[0], l1[1], 0]))
        loss_axes.set_stroke(style.MUTED, 2)
        loss_title = label(TEXT["loss"], style.SMALL_SIZE, style.MUTED)
        loss_title.next_to(loss_axes, UP, buff=0.15).align_to(loss_axes, LEFT)
        curve_xy = np.stack([np.arange(len(art["loss"]), dtype=np.float64), art["loss"]], 1)
        curve = LineBundle(loss_box(curve_xy[None, :2]), color=style.YELLOW, stroke_width=3)
        epoch = LiveText(TEXT.format("epoch", epoch=0), style.LABEL_SIZE)
        acc = LiveText(TEXT.format("accuracy", acc=pct(art["accuracy"][0])), style.LABEL_SIZE)
        readout = VGroup(epoch, acc).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        readout.next_to(loss_axes, DOWN, buff=0.5).align_to(loss_axes, LEFT)
        # What the readout will show at each snapshot, recorded for the truth test.
        self.shows("epochs", art["epochs"].tolist())
        self.shows("accuracy", [pct(a) for a in art["accuracy"]])
        self.shows("cells", art["cells"])

        k = ValueTracker(0)  # snapshot index; one updater reads it and sets every picture

        def at_snapshot(_):
            i = int(round(k.get_value()))
            shade.set_cells(art["cells"][i])
            e = int(art["epochs"][i])
            curve.set_positions(loss_box(curve_xy[None, :max(e, 1) + 1]))
            epoch.set_text(TEXT.format("epoch", epoch=e))
            acc.set_text(TEXT.format("accuracy", acc=pct(art["accuracy"][i])))

        self.wait_until("boundary")  # the tint appears as the voice names it
        at_snapshot(None)
        self.play(FadeIn(shade, loss_axes, loss_title, curve, readout), run_time=0.8)
        self.wait_until("bends")
        shade.add_updater(at_snapshot)
        self.play(k.animate.set_value(len(art["epochs"]) - 1), run_time=6.0, rate_func=linear)
        shade.clear_updaters()
        self.hold()

        # Beat 3: the result, with the numbers the voice says.
        right = int(round(float(art["accuracy"][-1]) * len(y)))
        self.shows("right", (right, len(y)))
        self.say("done", epochs=TRAIN.epochs, right=right, n=len(y))
        result = label(TEXT.format("result", right=right, n=len(y)), style.LABEL_SIZE,
                       style.YELLOW)
        result.next_to(readout, DOWN, buff=0.45).align_to(readout, LEFT)
        self.play(FadeIn(result), run_time=0.6)
        self.hold(at_least=1.5)
