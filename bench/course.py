"""What a course costs: the runner's overhead, measured, and a course's wall time, projected.

``python bench/course.py`` (needs the ``cluster`` extra) measures, on this machine:

* the small course of tests/cli/test_course.py (two lecture files × en, zh, narration on,
  320x180 at 5 fps: 4 renders, 2 shared chapters copied, 4 joins) run by ``deepwarp
  course`` here (``--jobs 2``) and on a local Dask cluster of two worker processes (one
  thread each), fresh media folder each run, the two alternating; median of ``--reps``;
  the cluster's start-up separately;
* Dask's cost per task (``--tasks`` empty tasks through the same cluster);
* the size Dask and its dependencies recorded at install;
* with ``--four-k SCENE``: that scene at 1080p60 and at 2160p60 (narration off), wall
  and CPU seconds; the ratio of CPU seconds (the work, which other loads on a shared
  machine move much less than wall time) gives 4K's cost from the 1080p60 figures.

Then it projects a course of ``--lectures`` lectures like ours × ``--langs`` languages
at 1080p60 and 4K on 1, 8 and 32 workers: each chapter's cost is its 1080p60 render in
bench/results.json (one render at a time on this 2-core machine; a scene missing there
costs the mean), its 4K cost that times the measured ratio; the chapters are scheduled
longest first onto the workers (what a queue of equal workers does at best), so the wall
time is the larger of the work spread over the workers and the longest chapter (the
critical path). Prints a JSON object (``--json FILE`` also writes it); the lead copies the
numbers into bench/RESULTS.md, the method is in docs/speed.md.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from delivery import course  # noqa: E402
from delivery.lecturefile import OURS, scenes_of  # noqa: E402
from tests.cli.deliver_helpers import TINY  # noqa: E402

AGAIN = ("from tests.cli.tiny_scene import TwoBeats\n\n\n"
         "class Again(TwoBeats):\n    title = 'Again'\n")


def _lecture(title: str, *chapters: tuple[str, str]) -> str:
    body = "".join(f'[[chapter]]\nfile = "{f}"\nclass = "{c}"\n' for f, c in chapters)
    return f'title = "{title}"\nlanguages = ["en", "zh"]\n{body}'


def small_course(work: Path) -> list[Path]:
    (work / "again.py").write_text(AGAIN)
    (work / "a.toml").write_text(_lecture("A", (str(TINY), "TwoBeats")))
    (work / "b.toml").write_text(_lecture("B", ("again.py", "Again"), (str(TINY), "TwoBeats")))
    return [work / "a.toml", work / "b.toml"]


def _run(files: list[Path], media: Path, client=None) -> float:
    args = [*map(str, files), "--media", str(media), "--draft", "--narration", "on",
            "--jobs", "2"]
    start = time.perf_counter()
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        rc = course.main(args, client=client)
    if rc != 0:
        raise SystemExit(f"bench/course.py: the course failed (exit {rc})")
    return time.perf_counter() - start


def _noop(i: int) -> int:
    return i


def dask_size() -> float:
    """MiB that dask[distributed] and the dependencies it adds to ours recorded at install
    (their RECORD files: sources, without the bytecode Python compiles later)."""
    names = ["dask", "distributed", "toolz", "partd", "locket", "cloudpickle", "msgpack",
             "tornado", "zict", "tblib", "sortedcontainers", "psutil", "fsspec"]
    total = 0
    for name in names:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            continue
        total += sum(f.size or 0 for f in files)
    return total / 2**20


def measure_overhead(reps: int, tasks: int) -> dict:
    import distributed

    work = Path(tempfile.mkdtemp(prefix="deepwarp-bench-course-"))
    files = small_course(work)
    _run(files, work / "warm")  # untimed: LaTeX/text caches, imports
    t0 = time.perf_counter()
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, local_directory=str(work))
    client = distributed.Client(cluster)
    startup = time.perf_counter() - t0
    local, dask = [], []
    try:
        for i in range(reps):
            local.append(_run(files, work / f"local{i}"))
            dask.append(_run(files, work / f"dask{i}", client))
        t0 = time.perf_counter()
        client.gather(client.map(_noop, range(tasks), pure=False))
        per_task = (time.perf_counter() - t0) / tasks
        import psutil

        pids = client.run(os.getpid).values()  # {worker address: its pid}
        rss = sum(psutil.Process(pid).memory_info().rss for pid in pids)
    finally:
        client.close()
        cluster.close()
    lm, dm = statistics.median(local), statistics.median(dask)
    return {"renders": 4, "copies": 2, "joins": 4, "local_s": local, "dask_s": dask,
            "local_median_s": round(lm, 2), "dask_median_s": round(dm, 2),
            "ratio": round(dm / lm, 3), "cluster_startup_s": round(startup, 2),
            "per_task_ms": round(per_task * 1000, 2), "worker_rss_mib": round(rss / 2**20),
            "dask_record_mib": round(dask_size(), 1)}


def measure_4k(scene: str) -> dict:
    from delivery.launch import manim_command, render_env
    from delivery.lecturefile import our_scenes

    file = our_scenes()[scene]
    import resource

    out, cpu = {}, {}
    for q in ("h", "k"):
        media = Path(tempfile.mkdtemp(prefix=f"deepwarp-bench-4k-{q}-"))
        cmd = manim_command(file, scene, media=media, quality=q, flags=["-v", "ERROR"],
                            progress=False)
        start = time.perf_counter()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, cwd=ROOT, check=True, env=render_env("en", "off", media),
                       stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out[q] = round(time.perf_counter() - start, 1)
        # CPU seconds: the work itself, much less moved by other loads than wall time.
        cpu[q] = round(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime, 1)
    return {"scene": scene, "h_s": out["h"], "k_s": out["k"], "h_cpu_s": cpu["h"],
            "k_cpu_s": cpu["k"], "wall_ratio": round(out["k"] / out["h"], 2),
            "ratio": round(cpu["k"] / cpu["h"], 2)}


def chapter_costs() -> tuple[dict[str, float], list[str]]:
    """Each of our chapters' 1080p60 render seconds (bench/results.json); the mean for a
    scene not measured there (named in the second value)."""
    rows = json.loads((ROOT / "bench" / "results.json").read_text())
    h = {r["scene"]: r["wall_s"] for r in rows if r["quality"] == "h"}
    scenes = [e.scene for e in scenes_of(OURS)]
    mean = statistics.mean(h[s] for s in scenes if s in h)
    return {s: h.get(s, mean) for s in scenes}, [s for s in scenes if s not in h]


def makespan(durations: list[float], workers: int) -> float:
    """Longest first onto the least loaded worker: when the last chapter ends."""
    loads = [0.0] * workers
    for d in sorted(durations, reverse=True):
        heapq.heapreplace(loads, loads[0] + d)
    return max(loads)


def project(lectures: int, langs: int, k_ratio: float, workers: tuple[int, ...]) -> dict:
    costs, estimated = chapter_costs()
    out: dict = {"lectures": lectures, "languages": langs, "chapters_per_lecture": len(costs),
                 "estimated_as_mean": estimated, "k_ratio": k_ratio}
    longest = max(costs, key=costs.get)
    for q, scale in (("1080p60", 1.0), ("2160p60", k_ratio)):
        tasks = [c * scale for c in costs.values()] * (lectures * langs)
        row = {"tasks": len(tasks), "work_h": round(sum(tasks) / 3600, 2),
               "critical_path": f"{longest} ({costs[longest] * scale:.0f} s)"}
        for n in workers:
            row[f"{n}_workers_h"] = round(makespan(tasks, n) / 3600, 2)
        out[q] = row
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reps", type=int, default=2)
    p.add_argument("--tasks", type=int, default=500)
    p.add_argument("--four-k", metavar="SCENE", help="measure 4K against 1080p60 on SCENE")
    p.add_argument("--k-ratio", type=float, default=None,
                   help="4K's cost over 1080p60's, when not measured (default: pixels, 4)")
    p.add_argument("--lectures", type=int, default=12)
    p.add_argument("--langs", type=int, default=3)
    p.add_argument("--skip-overhead", action="store_true")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    result: dict = {}
    if not args.skip_overhead:
        result["overhead"] = measure_overhead(args.reps, args.tasks)
        print(json.dumps(result["overhead"]), flush=True)
    if args.four_k:
        result["four_k"] = measure_4k(args.four_k)
        print(json.dumps(result["four_k"]), flush=True)
    ratio = args.k_ratio or (result["four_k"]["ratio"] if args.four_k else 4.0)
    result["projection"] = project(args.lectures, args.langs, ratio, (1, 8, 32))
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
