"""The README's two examples as subclasses: the same videos as the one-line commands

    deepwarp warp spirals --classes 3 --hidden 8,8 --activation relu
    deepwarp warp docs/examples/flats.csv --hidden 16 --columns area_m2,price_keur,verdict

Render: ``manim render -ql docs/examples/mywarp.py SpiralWarp`` (from the project folder).
"""

from scenes.warp import UntangleCurves, WarpDuringTraining


class SpiralWarp(UntangleCurves):
    dataset, classes, n, noise = "spirals", 3, 300, 0.2  # CS231n's three-arm spiral
    hidden, activation = (8, 8), "relu"  # 2-8-8-3: width 8 is drawn as a PCA projection
    epochs, lr, seed = 1000, 0.01, 0


class SpiralTraining(WarpDuringTraining):
    dataset, classes, n, noise = "spirals", 3, 300, 0.2
    hidden, activation = (8, 8), "relu"
    epochs, lr, seed = 1000, 0.01, 0


class FlatsWarp(UntangleCurves):
    # Measured units (m², k€), a byte-order mark, semicolons: read as they are, and
    # trained on rescaled coordinates (shown as a "rescale" step before layer 1).
    dataset = "csv:docs/examples/flats.csv"
    columns = ("area_m2", "price_keur", "verdict")  # the default would take the first three
    hidden, activation = (16,), "relu"
    epochs, lr, seed = 1000, 0.01, 0


class FlatsTraining(WarpDuringTraining):
    dataset = "csv:docs/examples/flats.csv"
    columns = ("area_m2", "price_keur", "verdict")
    hidden, activation = (16,), "relu"
    epochs, lr, seed = 1000, 0.01, 0
