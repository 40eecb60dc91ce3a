"""Cold synthesis time of the whole lecture's narration (issue 15: under 10 min on 2 cores).

``python bench/narration_time.py [--lang en] [--jobs 2]``: first collects every beat's
words (each lecture scene's ``construct`` run with nothing drawn; not timed), then, in
``--jobs`` fresh processes sharing an empty voice cache (as ``make lecture`` renders
``JOBS`` scenes at once, each with one ONNX thread), times loading the voice,
synthesising and loudness-normalising every beat. Prints beats, seconds of speech, wall
and CPU time (CPU time is what one idle core would take).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
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


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--lang", default="en")
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args(argv)
    from delivery.lecture import LECTURE, available
    from delivery.script import beats

    texts = []
    for e in available(LECTURE):
        cls = getattr(importlib.import_module(f"scenes.{e.module}"), e.scene)
        texts += [b.text for b in beats(cls, args.lang)]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DEEPWARP_CACHE": str(Path(tmp) / "cache"),
               "PYTHONPATH": str(ROOT)}
        procs, start = [], time.perf_counter()
        for j in range(args.jobs):
            listing = Path(tmp) / f"texts-{j}.json"
            listing.write_text(json.dumps(texts[j::args.jobs]))
            procs.append(subprocess.Popen([sys.executable, "-c", TIMED, str(listing), args.lang],
                                          env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True))
        parts = [json.loads(proc.communicate()[0].strip().splitlines()[-1]) for proc in procs]
        wall = time.perf_counter() - start
    r = {"lang": args.lang, "jobs": args.jobs, "beats": sum(x["beats"] for x in parts),
         "speech_s": round(sum(x["speech_s"] for x in parts), 1), "wall_s": round(wall, 1),
         "cpu_s": round(sum(x["cpu_s"] for x in parts), 1),
         "load": round(os.getloadavg()[0], 1),
         "synthesised": sum(x["synthesised"] for x in parts)}
    print(f"narration ({args.lang}), cold: {r['beats']} beats, {r['speech_s']:.0f} s of speech, "
          f"synthesised in {r['wall_s']:.1f} s wall with {args.jobs} processes, "
          f"{r['cpu_s']:.1f} s CPU ({r['synthesised']} clips; load average {r['load']:.1f} on "
          f"{os.cpu_count()} cores)")
    return r


if __name__ == "__main__":
    main()
