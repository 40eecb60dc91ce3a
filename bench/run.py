"""``make bench``: how fast each scene renders, as a ratio to the encoding floor.

For every scene and quality: render it (Manim's caching off, engine cache warm),
then a static scene of the same length at the same quality right after it (the
encoding floor); repeat; report medians and spreads of wall seconds, wall seconds
per video second and the ratio to the floor, plus peak memory. Also the engine's
cold and warm time for the whole lecture, and the fast warp against a naive one.

Writes bench/results.json (one row per scene and quality) and bench/RESULTS.md.
Not part of the test suite: timings belong here, not in tests.

``--narration`` (``make bench BENCH_ARGS=--narration``) times something else: the
whole lecture (``deepwarp lecture``: every scene rendered, then joined)
at 480p15 with narration against the silent render (``--narration off``), in the
same run, caches warm (one untimed narrated run first, so voices, LaTeX and text
are cached), the two alternating. It checks the narrated lecture's sound
(durations, loudness, true peak) and replaces only the "Narration" section of
RESULTS.md and the "narration" entry of results-extra.json.

``--listen`` (also run by a plain ``make bench`` after the speed table) reports what a
viewer sees and hears, per language: the narrated lecture's pacing (bench/pacing.py:
time in still runs of 3 s or more, longest run), the recogniser's error over one whole
scene (bench/ear.py: word error in English, character and toneless-pinyin error in
Chinese) and the whole narration's cold synthesis time (bench/narration_time.py). It
replaces the "Pacing" and "Voices" sections of RESULTS.md and the "listen" entry of
results-extra.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from delivery.assemble import video_duration  # noqa: E402
from delivery.launch import manim_command, render_env, video_path  # noqa: E402
from delivery.lecturefile import OURS, scenes_of  # noqa: E402
from scenes.common.naming import output_name  # noqa: E402

THREE_D = {"GradientDescent", "LiftToThreeD"}


def _render(
    file: str, scene: str, quality: str, media: Path, env: dict
) -> tuple[float, float, Path]:
    """Wall seconds, peak RSS in MiB, and the output video of one manim render."""
    cmd = manim_command(file, scene, media=media, quality=quality, flags=["-v", "ERROR"],
                        progress=False)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{scene} failed:\n{err[-2000:]}")
    video = video_path(media, file, scene, quality, env.get("DEEPWARP_LANG", "en"))
    return wall, usage.ru_maxrss / 1024, video


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def bench_scene(file: str, scene: str, quality: str, reps: int, media: Path) -> dict:
    env = render_env(os.environ.get("DEEPWARP_LANG") or "en",
                     os.environ.get("DEEPWARP_NARRATION") or "on", media)
    walls, floors, mems, video_s = [], [], [], 0.0
    for _ in range(reps):
        wall, mem, video = _render(file, scene, quality, media, env)
        video_s = video_duration(video)
        floor_env = {**env, "BENCH_SECONDS": f"{video_s:.3f}"}
        floor_wall, _, _ = _render("bench/floor.py", "EncodingFloor", quality, media, floor_env)
        walls.append(wall)
        floors.append(floor_wall)
        mems.append(mem)
    ratios = [w / f for w, f in zip(walls, floors, strict=True)]
    return {
        "scene": scene,
        "quality": quality,
        "three_d": scene in THREE_D,
        "video_s": round(video_s, 3),
        "wall_s": round(statistics.median(walls), 3),
        "wall_s_per_video_s": round(statistics.median(walls) / video_s, 3),
        "floor_s_per_video_s": round(statistics.median(floors) / video_s, 3),
        "floor_ratio": round(statistics.median(ratios), 3),
        "floor_ratio_spread": [round(min(ratios), 3), round(max(ratios), 3)],
        "peak_mem_mib": round(max(mems), 1),
        "reps": reps,
    }


def bench_engine(cache_dir: Path, scenes: list[str]) -> dict:
    env = {**os.environ, "DEEPWARP_CACHE": str(cache_dir)}
    out = {}
    for label in ("cold", "warm"):
        proc = subprocess.run([sys.executable, "bench/engine_time.py", *scenes], cwd=ROOT,
                              env=env, capture_output=True, text=True, check=True)
        out[label] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


NARRATION_TARGET = 1.15  # narrated lecture within 1.15x the silent one's time
NARRATION_SECTION = re.compile(r"^## Narration\n.*?(?=^## |\Z)", re.M | re.S)


def _work(args: argparse.Namespace, prefix: str) -> Path:
    """The run's media folder: ``--media`` (``make bench MEDIA=…``), else a temporary one."""
    if getattr(args, "media", None):
        path = Path(args.media).resolve() / prefix.strip("-")
        path.mkdir(parents=True, exist_ok=True)
        return path
    return Path(tempfile.mkdtemp(prefix=prefix))


def lecture_file(scenes: list[str], work: Path) -> Path:
    """Our lecture file, or one of just ``scenes`` (in our order) written into ``work``."""
    if not scenes:
        return OURS
    path = work / "bench-lecture.toml"
    path.write_text('title = "bench"\nlanguages = ["en", "zh"]\n' + "".join(
        f'\n[[chapter]]\nscene = "{e.scene}"\n' for e in scenes_of(OURS) if e.scene in scenes))
    return path


def bench_narration(scenes: list[str], reps: int, jobs: int, work: Path) -> dict:
    """Whole-lecture wall seconds at 480p15, narration on and off, plus the sound's checks."""
    from delivery.assemble import audio_duration, decode_audio
    from tests.cli.sound import loudness, true_peak_db

    # One media folder for both: the scenes' LaTeX and text caches are shared, and
    # every run renders every scene (stamps removed) into the same clip names.
    media = work / "lecture"
    file = lecture_file(scenes, work)

    def run(mode: str) -> float:
        shutil.rmtree(media / "lectures", ignore_errors=True)  # render all
        cmd = [sys.executable, "-m", "delivery.lecture", str(file), "--quality", "l",
               "--jobs", str(jobs), "--lang", "en", "--narration", mode, "--media", str(media)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "DEEPWARP_NARRATION": mode})
        if proc.returncode != 0:
            raise RuntimeError(f"lecture --narration {mode} failed:\n{proc.stderr[-2000:]}")
        return time.perf_counter() - start

    # Warm-up, untimed: voices synthesised and cached, LaTeX and text compiled once.
    print("bench: lecture, narrated, warm-up …", file=sys.stderr, flush=True)
    run("on")
    walls: dict[str, list[float]] = {"off": [], "on": []}
    out: dict = {"off": {}, "on": {}}
    lecture = media / "lectures" / file.stem / f"{file.stem}.mp4"
    for i in range(reps):
        for mode in ("off", "on") if i % 2 == 0 else ("on", "off"):
            walls[mode].append(run(mode))
            print(f"  narration {mode}: {walls[mode][-1]:.1f} s", file=sys.stderr, flush=True)
            # Both write the same lecture: read what this one wrote (untimed).
            out[mode]["video_s"] = round(video_duration(lecture), 3)
            out[mode]["audio_s"] = round(audio_duration(lecture), 3)
            if mode == "on" and "lufs" not in out["on"]:
                samples, rate = decode_audio(lecture)
                if rate:
                    out["on"]["lufs"] = round(loudness(samples, rate), 2)
                    out["on"]["true_peak_dbtp"] = round(true_peak_db(samples, rate), 2)
    for mode in ("off", "on"):
        out[mode]["wall_s"] = round(statistics.median(walls[mode]), 2)
        out[mode]["walls"] = [round(w, 2) for w in walls[mode]]
    out["ratio"] = round(out["on"]["wall_s"] / out["off"]["wall_s"], 3)
    out["scenes"] = scenes or "all"
    out["reps"], out["jobs"] = reps, jobs
    return out


def narration_markdown(n: dict, note: str) -> str:
    on, off = n["on"], n["off"]
    ok = "✓" if n["ratio"] <= NARRATION_TARGET else "✗"
    scenes = "the whole lecture" if n["scenes"] == "all" else ", ".join(n["scenes"])
    sound = f"{on['audio_s']:.1f}" if on["audio_s"] else "none: no narration in this build"
    lines = ["## Narration", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M')} (`make bench BENCH_ARGS=--narration`): "
             f"{scenes} at 480p15, rendered and joined by `deepwarp lecture "
             f"--jobs {n['jobs']}`, every scene rendered each time, caches warm (one untimed "
             f"narrated run first), narrated and silent runs alternating, median of "
             f"{n['reps']}. {note}".rstrip(), "",
             "| version | wall s (each run) | video s | audio s |",
             "|---|---|---|---|",
             f"| silent (`NARRATION=off`) | {off['wall_s']:.1f} "
             f"({', '.join(f'{w:.1f}' for w in off['walls'])}) | {off['video_s']:.1f} | none |",
             f"| narrated | {on['wall_s']:.1f} ({', '.join(f'{w:.1f}' for w in on['walls'])}) "
             f"| {on['video_s']:.1f} | {sound} |",
             "",
             f"Narrated / silent: **{n['ratio']:.2f}×** (target ≤ {NARRATION_TARGET} {ok}). "
             "The two differ in length: a narrated beat lasts as long as its speech."]
    if "lufs" in on:
        lines += ["", f"Narrated lecture's sound: {on['lufs']:.1f} LUFS integrated (target "
                  f"-16 ± 1), true peak {on['true_peak_dbtp']:.1f} dBTP (ceiling -1), audio "
                  f"and video durations differ by {abs(on['audio_s'] - on['video_s']) * 1000:.0f}"
                  " ms."]
    return "\n".join(lines) + "\n"


def replace_section(text: str, section: str, title: str = "Narration") -> str:
    """``text`` with its "## <title>" section replaced by ``section`` (appended if none)."""
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text,
                           count=1).rstrip("\n") + "\n"
    return text.rstrip("\n") + "\n\n" + section


PACING_TARGET, STILL_LIMIT_S = 0.20, 8.0


def bench_listen(jobs: int, work: Path, scene: str) -> dict:
    """Pacing of the narrated lecture, the ear over one scene and cold synthesis, per language."""
    from bench import ear, narration_time, pacing

    out: dict = {"scene": scene, "jobs": jobs}
    for lang in ("en", "zh"):
        print(f"bench: listen ({lang}): synthesis, cold …", file=sys.stderr, flush=True)
        synth = narration_time.main(["--lang", lang, "--jobs", str(jobs)])
        print(f"bench: listen ({lang}): the narrated lecture …", file=sys.stderr, flush=True)
        media = work / f"lecture-{lang}"
        proc = subprocess.run([sys.executable, "-m", "delivery.lecture", str(OURS), "--quality",
                               "l", "--jobs", str(jobs), "--lang", lang, "--narration", "on",
                               "--media", str(media)], cwd=ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"lecture ({lang}) failed:\n{proc.stderr[-2000:]}")
        name = f"{output_name(OURS.stem, lang)}.mp4"
        paced = asdict(pacing.pacing(media / "lectures" / OURS.stem / name))
        print(f"bench: listen ({lang}): the ear on {scene} …", file=sys.stderr, flush=True)
        heard = ear.measure(scene, lang, "current")
        out[lang] = {"synthesis": synth, "pacing": paced, "ear": heard}
    return out


def listen_markdown(r: dict, note: str) -> tuple[str, str]:
    when = time.strftime("%Y-%m-%d %H:%M")
    pace = ["## Pacing", "",
            f"Measured {when} (`make bench`, `--listen`): the narrated lecture at 480p15 from "
            "`deepwarp lecture`, read back frame by frame by `bench/pacing.py` (a frame "
            "is still when fewer than 6 of its 160×90 grey pixels change by more than 12 "
            f"levels). Target: at most {PACING_TARGET:.0%} of the lecture in still runs of 3 s "
            f"or more, none over {STILL_LIMIT_S:.0f} s. {note}".rstrip(), "",
            "| language | lecture s | still s (runs ≥ 3 s) | share | longest run | runs over 8 s |",
            "|---|---|---|---|---|---|"]
    for lang in ("en", "zh"):
        p = r[lang]["pacing"]
        ok = "✓" if p["share"] <= PACING_TARGET and p["over_8s"] == 0 else "✗"
        pace.append(f"| {lang} | {p['seconds']:.1f} | {p['still_s']:.1f} | {p['share']:.1%} {ok} "
                    f"| {p['longest_s']:.1f} s at {p['longest_at']:.1f} s ({p['longest_in']}) "
                    f"| {p['over_8s']} |")
    voices = ["## Voices", "",
              f"Measured {when} (`make bench`, `--listen`). The ear is Whisper base "
              "(faster-whisper, int8): the error of what it hears against what the voice was "
              f"asked to say, over every beat of {r['scene']}. Synthesis: the whole lecture's "
              f"narration with an empty voice cache, in {r['jobs']} processes (target: under "
              f"10 min). {note}".rstrip(), "",
              "| language | voice | recogniser's error over the scene | lecture's narration, "
              "cold |", "|---|---|---|---|"]
    for lang in ("en", "zh"):
        e, s = r[lang]["ear"], r[lang]["synthesis"]
        err = (f"word error {e['error']:.3f} ({e['units']} words)" if lang == "en" else
               f"character error {e['error']:.3f}, toneless pinyin {e['pinyin_error']:.3f} "
               f"({e['units']} characters)")
        voices.append(f"| {lang} | Kokoro `{e['voice_name']}` | {err} | {s['beats']} beats, "
                      f"{s['speech_s']:.0f} s of speech in {s['wall_s']:.0f} s wall "
                      f"({s['cpu_s']:.0f} s CPU) |")
    return "\n".join(pace) + "\n", "\n".join(voices) + "\n"


def main_listen(args: argparse.Namespace) -> int:
    work = _work(args, "deepwarp-bench-listen-")
    try:
        result = bench_listen(args.jobs, work, args.ear_scene)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    extra_path = out / "results-extra.json"
    extra = json.loads(extra_path.read_text()) if extra_path.exists() else {}
    extra["listen"] = result
    extra_path.write_text(json.dumps(extra, indent=1) + "\n")
    results = out / "RESULTS.md"
    text = results.read_text() if results.exists() else ""
    pace, voices = listen_markdown(result, args.note)
    text = replace_section(replace_section(text, pace, "Pacing"), voices, "Voices")
    results.write_text(text)
    print(pace + "\n" + voices)
    return 0


def target(row: dict) -> float:
    if row["three_d"]:
        return 5.0 if row["quality"] == "h" else 4.0
    return 3.0 if row["quality"] == "h" else 2.0


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import manim

    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python "
            f"{platform.python_version()}, Manim {manim.__version__}, {platform.platform()}")


def markdown(rows: list[dict], engine: dict | None, naive: list[dict], note: str) -> str:
    lines = ["# Benchmark results", "", f"Machine: {machine()}", "",
             f"Measured {time.strftime('%Y-%m-%d %H:%M')}. {note}", "",
             "| scene | q | 3-D | video s | wall s | wall s / video s | floor s / video s "
             "| ratio to floor (min–max) | target | peak MiB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lo, hi = r["floor_ratio_spread"]
        ok = "✓" if r["floor_ratio"] <= target(r) else "✗"
        lines.append(
            f"| {r['scene']} | {r['quality']} | {'yes' if r['three_d'] else ''} | "
            f"{r['video_s']:.1f} | {r['wall_s']:.1f} | {r['wall_s_per_video_s']:.2f} | "
            f"{r['floor_s_per_video_s']:.2f} | {r['floor_ratio']:.2f} ({lo:.2f}–{hi:.2f}) | "
            f"≤ {target(r):.0f} {ok} | {r['peak_mem_mib']:.0f} |")
    if naive:
        lines += ["", "## Fast warp against the naive way (same run, same data and timing)", "",
                  "| version | q | video s | wall s | ratio to floor | speed-up |",
                  "|---|---|---|---|---|---|"]
        for fast, slow in zip(naive[::2], naive[1::2], strict=True):
            for r in (fast, slow):
                speed = slow["wall_s"] / fast["wall_s"]
                lines.append(f"| {r['scene']} | {r['quality']} | {r['video_s']:.1f} | "
                             f"{r['wall_s']:.1f} | {r['floor_ratio']:.2f} | "
                             f"{f'{speed:.1f}×' if r is fast else ''} |")
    if engine:
        cold = sum(s["compute_s"] for s in engine["cold"]["scenes"])
        warm = sum(s["load_s"] + s["compute_s"] for s in engine["warm"]["scenes"])
        worst = max(engine["warm"]["scenes"], key=lambda s: s["import_s"] + s["load_s"])
        lines += ["", "## Engine", "",
                  f"- whole lecture, cold cache: {cold:.1f} s of engine work (target < 60 s)",
                  f"- whole lecture, warm cache: {warm:.2f} s loading (target < 1 s)",
                  f"- `import manim`: {engine['warm']['manim_import_s']:.2f} s; slowest scene "
                  f"import + cached data beyond it: {worst['scene']} "
                  f"{worst['import_s'] + worst['load_s']:.2f} s (target < 1 s)", "",
                  "| scene | cold compute s | warm load s | import s beyond manim |",
                  "|---|---|---|---|"]
        for c, w in zip(engine["cold"]["scenes"], engine["warm"]["scenes"], strict=True):
            lines.append(f"| {c['scene']} | {c['compute_s']:.2f} | {w['load_s']:.3f} | "
                         f"{w['import_s']:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--qualities", nargs="+", default=["l", "h"])
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--scenes", nargs="*", help="default: every lecture scene")
    p.add_argument("--no-engine", action="store_true")
    p.add_argument("--note", default="", help="a line for RESULTS.md (e.g. load on the machine)")
    p.add_argument("--out", default="bench")
    p.add_argument("--media", help="work folder (default: a temporary one)")
    p.add_argument("--narration", action="store_true",
                   help="time the whole lecture narrated against silent (see above)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="--narration/--listen: scenes rendered at once (default: cores)")
    p.add_argument("--listen", action="store_true",
                   help="only the pacing, ear and synthesis report (see above)")
    p.add_argument("--no-listen", action="store_true", help="only the speed table")
    p.add_argument("--ear-scene", default="NeuronEquation")
    args = p.parse_args(argv)
    if args.narration:
        return main_narration(args)
    if args.listen:
        return main_listen(args)
    entries = [e for e in scenes_of(OURS) if not args.scenes or e.scene in args.scenes]
    work = _work(args, "deepwarp-bench-")
    # Compiled LaTeX and rendered text are cached by Manim under media/, their parsed
    # outlines by us beside them (scenes/common/outlines.py); share the project's so a
    # scene is timed as a lecturer's second render is, not a first.
    for sub in ("Tex", "texts", "Tex-outlines", "texts-outlines"):
        (ROOT / "media" / sub).mkdir(parents=True, exist_ok=True)
        if not (work / sub).exists():
            (work / sub).symlink_to(ROOT / "media" / sub)
    engine = None if args.no_engine else bench_engine(work / "cache", [e.scene for e in entries])
    # Renders read the (now warm) project cache, as a lecturer's second render does.
    rows, naive = [], []
    for q in args.qualities:
        for e in entries:
            print(f"bench: {e.scene} -q{q} …", file=sys.stderr, flush=True)
            rows.append(bench_scene(f"scenes/{e.module}.py", e.scene, q, args.reps, work))
            print(f"  {rows[-1]['floor_ratio']:.2f}× floor", file=sys.stderr, flush=True)
        # Any data, any width: a 3-class 2-8-8-3 ReLU warp (bench/warp_k.py).
        if not args.scenes or "WarpThreeClassRelu" in args.scenes:
            rows.append(bench_scene("bench/warp_k.py", "WarpThreeClassRelu", q, args.reps, work))
        naive_file = ROOT / "bench" / "naive_warp.py"
        if naive_file.exists() and (not args.scenes or "UntangleCurves" in args.scenes):
            for name in ("FastWarp", "NaiveUntangleCurves"):
                naive.append(bench_scene("bench/naive_warp.py", name, q, args.reps, work))
    out = ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(rows, indent=1) + "\n")
    # A narration run's results are kept: they are measured separately (--narration).
    extra_path, results = out / "results-extra.json", out / "RESULTS.md"
    old = json.loads(extra_path.read_text()) if extra_path.exists() else {}
    extra = {"engine": engine, "naive": naive}
    if "narration" in old:
        extra["narration"] = old["narration"]
    extra_path.write_text(json.dumps(extra, indent=1) + "\n")
    text = markdown(rows, engine, naive, args.note)
    old_text = results.read_text() if results.exists() else ""
    kept = NARRATION_SECTION.search(old_text)
    for title in ("Pacing", "Voices"):  # measured by --listen; kept until it runs again
        section = re.search(rf"^## {title}\n.*?(?=^## |\Z)", old_text, re.M | re.S)
        if section:
            text = replace_section(text, section.group(0), title)
    results.write_text(replace_section(text, kept.group(0)) if kept else text)
    print((out / "RESULTS.md").read_text())
    return 0 if args.no_listen else main_listen(args)


def main_narration(args: argparse.Namespace) -> int:
    work = _work(args, "deepwarp-bench-narration-")
    try:
        result = bench_narration(args.scenes or [], max(1, args.reps), args.jobs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    extra_path = out / "results-extra.json"
    extra = json.loads(extra_path.read_text()) if extra_path.exists() else {}
    extra["narration"] = result
    extra_path.write_text(json.dumps(extra, indent=1) + "\n")
    results = out / "RESULTS.md"
    section = narration_markdown(result, args.note)
    results.write_text(replace_section(results.read_text() if results.exists() else "", section))
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
