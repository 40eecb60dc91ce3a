"""A three-class warp, 2-8-8-3 ReLU on the 3-arm spiral: ``make bench`` times it against
the encoding floor (target: 3× at 1080p60), beside the lecture's scenes.

``python bench/warp_k.py [-q h] [--reps 1]`` times it alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from scenes.warp import UntangleCurves

ROOT = Path(__file__).resolve().parents[1]


class WarpThreeClassRelu(UntangleCurves):
    """The issue's case: 3 classes, two width-8 ReLU layers (PCA views), softmax readout."""

    dataset, classes, n, noise = "spirals", 3, 300, 0.2
    hidden, activation = (8, 8), "relu"
    epochs, lr, seed = 1000, 0.01, 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("-q", dest="quality", default="h")
    p.add_argument("--reps", type=int, default=1)
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.run import bench_scene

    s = WarpThreeClassRelu()
    from engine.artefacts.warp import untangle

    untangle(s.data_config(), s.hidden, s.activation, s.train_config())  # warm the cache
    work = Path(tempfile.mkdtemp(prefix="deepwarp-bench-"))
    for sub in ("Tex", "texts", "Tex-outlines", "texts-outlines"):
        (ROOT / "media" / sub).mkdir(parents=True, exist_ok=True)
        (work / sub).symlink_to(ROOT / "media" / sub)
    row = bench_scene("bench/warp_k.py", "WarpThreeClassRelu", args.quality, args.reps, work)
    print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
