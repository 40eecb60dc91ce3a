"""Cold synthesis time of the whole lecture's narration (issue 10: under 60 s on 2 cores).

``python bench/narration_time.py [--lang en]``: first collects every beat's words
(each lecture scene's ``construct`` run with nothing drawn; not timed), then, in a
fresh process with an empty voice cache, times loading the voice, synthesising
and loudness-normalising every beat. Prints beats, seconds of speech, wall and CPU time
(the CPU time says what the wall time would be on an idle machine, single-threaded).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TIMED = """
import json, os, resource, sys, time
t0 = time.perf_counter()
import narration
texts = json.load(open(sys.argv[1]))
seconds = sum(narration.speech(t, sys.argv[2]).duration for t in texts)
print(json.dumps({"beats": len(texts), "speech_s": seconds,
                  "wall_s": time.perf_counter() - t0,
                  "cpu_s": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
                  "load": os.getloadavg()[0],
                  "synthesised": narration.SYNTHESISED["clips"]}))
"""


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--lang", default="en")
    args = p.parse_args()
    from delivery.lecture import LECTURE, available
    from delivery.script import beats

    texts = []
    for e in available(LECTURE):
        cls = getattr(importlib.import_module(f"scenes.{e.module}"), e.scene)
        texts += [b.text for b in beats(cls, args.lang)]
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "texts.json"
        listing.write_text(json.dumps(texts))
        env = {**os.environ, "DEEPWARP_CACHE": str(Path(tmp) / "cache"),
               "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", TIMED, str(listing), args.lang], env=env,
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    print(f"narration ({args.lang}), cold: {r['beats']} beats, {r['speech_s']:.0f} s of speech, "
          f"synthesised in {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU "
          f"({r['synthesised']} clips; load average {r['load']:.1f} on {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
