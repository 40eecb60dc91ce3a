"""Engine time for the lecture's scenes, in one process: construct every scene with
animations skipped (as ``-s`` does) and read the cache's counters.

Prints one JSON object: per scene, import seconds beyond ``import manim``, cache
load and compute seconds. Run it twice on the same ``$DEEPWARP_CACHE``: the first
run is cold (computes), the second warm (loads).
"""

import importlib
import json
import sys
import tempfile
import time
from pathlib import Path

t0 = time.perf_counter()
import manim  # noqa: E402

MANIM_IMPORT_S = time.perf_counter() - t0

from delivery.lecture import available  # noqa: E402
from engine import cache  # noqa: E402

rows = []
tmp = Path(tempfile.mkdtemp(prefix="bench-engine-"))
only = set(sys.argv[1:])
for entry in available():
    if only and entry.scene not in only:
        continue
    t0 = time.perf_counter()
    module = importlib.import_module(f"scenes.{entry.module}")
    import_s = time.perf_counter() - t0
    before = dict(cache.STATS)
    with manim.tempconfig({"pixel_width": 160, "pixel_height": 90, "save_last_frame": True,
                           "write_to_movie": False, "media_dir": str(tmp), "verbosity": "ERROR",
                           "progress_bar": "none", "output_file": str(tmp / entry.scene),
                           "disable_caching": True}):
        t0 = time.perf_counter()
        getattr(module, entry.scene)().render()
        construct_s = time.perf_counter() - t0
    rows.append({
        "scene": entry.scene,
        "import_s": import_s,
        "construct_s": construct_s,
        "load_s": cache.STATS["load_s"] - before["load_s"],
        "compute_s": cache.STATS["compute_s"] - before["compute_s"],
        "misses": cache.STATS["misses"] - before["misses"],
    })
print(json.dumps({"manim_import_s": MANIM_IMPORT_S, "scenes": rows}))
