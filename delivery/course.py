"""``deepwarp course A.toml B.toml``: several lecture files in several languages as one
piece of work, on this machine or on a Dask cluster (docs/course.md).

``make course COURSE="a.toml b.toml"`` runs it (``CLUSTER=tcp://host:8786`` for a
cluster). In three stages:

1. **engine artefacts**: every distinct warp chapter's network is trained into the
   media folder's cache once, however many lectures and languages show it (our own
   scenes' artefacts are computed once by the cache's per-key lock: a second render
   waits for the first one's result);
2. **chapters**: every chapter × language, each once: a chapter two lectures share
   (the same scene, words and settings) renders once and the other lecture takes a copy
   of its outputs; a chapter whose stamp says it is current is kept
   (:func:`delivery.lecture.render_chapter`'s stamps);
3. **lectures**: each lecture's joins, subtitles, slides, script and storyboard per
   language (:mod:`delivery.lecture`'s assembly, skipped when unchanged).

Stages 1 and 2 are tasks run by ``--jobs`` threads here, or, with ``--cluster ADDRESS``,
by the workers of a running Dask scheduler (``pip install .[cluster]``). Every worker
must see the project, the lecture files and the media folder at the same paths (one
checkout of the same commit; the media folder on a shared mount). A render writes into
a private folder and is moved into place when complete, its stamp last, so a killed
worker leaves nothing half-written where the next run or the assembly would read it;
Dask runs a lost worker's task again elsewhere. A chapter failing for its own reason
is named with its log and the rest finish (exit code 1); running again finishes.

Examples
--------
>>> from delivery.lecturefile import OURS
>>> course = plan_course([OURS, OURS], None, "l", "off", Path("/tmp/m"), write=False)
>>> ours = course.lectures[0][0]
>>> len(course.lectures), len(course.jobs) == len(ours.languages) * len(ours.chapters)
(1, True)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from delivery.launch import NARRATION, QUALITIES, cache_for, narration_setting
from delivery.lecture import (
    Job,
    Result,
    _assemble,
    _clock,
    _current,
    _show,
    _state,
    lecture_folder,
    plan,
    render_chapter,
    slide_class_name,
)
from delivery.lecturefile import Lecture, load
from engine.errors import ConfigError, os_error_line

__all__ = ["Course", "copy_chapter", "main", "plan_course", "render_atomic", "run_tasks",
           "settings", "share_key", "train_warp"]

#: Where a render writes before its outputs are complete: beside its final place (one
#: file system, so the move is a rename), never read by the assembly or the stamps.
PARTIAL = ".partial"


@dataclass(frozen=True)
class Course:
    """What a course does: its lectures with their languages, every chapter job, the jobs
    that render (one per distinct chapter), the rest as copies of one that renders, and
    the distinct warp trainings (their options)."""

    lectures: tuple[tuple[Lecture, tuple[str, ...]], ...]
    jobs: tuple[Job, ...]
    renders: tuple[Job, ...]
    copies: tuple[tuple[Job, int], ...]  # (this job, the index in renders it copies)
    trainings: tuple[dict[str, Any], ...]


def share_key(job: Job) -> str:
    """What makes two lectures' chapters the same render: the scene and its file, the
    words read, the warp options and title (a warp chapter's title is drawn), language,
    quality, narration, size, media folder. Not the lecture, not the chapter's place."""
    c = job.chapter
    read = {job.lang, "en"} if job.narration == "off" else {job.lang}
    return json.dumps({
        "kind": c.kind, "file": str(c.file), "scene": c.scene, "warp": c.warp,
        "title": c.title("en") if c.kind == "warp" else "",
        "words": {k: v for k, v in sorted(c.words.items()) if k in read},
        "data": str(c.data or ""), "lang": job.lang, "quality": job.quality,
        "narration": job.narration, "draft": job.draft, "media": str(job.media),
    }, sort_keys=True, default=str)


def _warp_options(lecture: Lecture) -> Iterator[dict[str, Any]]:
    for c in lecture.chapters:
        if c.kind == "warp":
            yield {k: v for k, v in c.warp.items() if k not in ("video", "title")}


def plan_course(files: Iterable[Path], langs: list[str] | None, quality: str, narration: str,
                media: Path, draft: bool = False, write: bool = True) -> Course:
    """Load every lecture file and plan its chapters (``langs``: instead of each file's);
    ``write=False`` plans without writing the chapters' scene files (a dry look)."""
    lectures, jobs = [], []
    for file in files:
        lecture = load(Path(file))
        codes = tuple(dict.fromkeys(langs or lecture.languages))
        if any(lec.path.resolve() == lecture.path.resolve() for lec, _ in lectures):
            continue  # the same file twice is one lecture
        lectures.append((lecture, codes))
        if write:
            jobs += plan(lecture, list(codes), quality, narration, media, draft)
        else:
            jobs += [Job(c, lang, quality, narration, media, Path(c.file), media, draft)
                     for lang in codes for c in lecture.chapters]
    stems = [lec.stem for lec, _ in lectures]
    clash = sorted({s for s in stems if stems.count(s) > 1})
    if clash:
        raise ConfigError(f"two lecture files named {clash[0]}.toml (their outputs would share "
                          f"<media>/lectures/{clash[0]}/); allowed: lecture files with "
                          "different names")
    first: dict[str, int] = {}
    renders: list[Job] = []
    copies: list[tuple[Job, int]] = []
    for job in jobs:
        key = share_key(job)
        if key in first:
            copies.append((job, first[key]))
        else:
            first[key] = len(renders)
            renders.append(job)
    trainings = {json.dumps(o, sort_keys=True, default=str): o
                 for lec, _ in lectures for o in _warp_options(lec)}
    return Course(tuple(lectures), tuple(jobs), tuple(renders), tuple(copies),
                  tuple(trainings.values()))


# --- the tasks: plain functions of picklable arguments, run here or on a worker -------------

def settings() -> dict[str, str]:
    """The command's ``DEEPWARP_*`` environment (the cache, recordings, extra languages,
    voice settings): what every task runs with, wherever it runs."""
    return {k: v for k, v in os.environ.items() if k.startswith("DEEPWARP_")}


def _use(env: dict[str, str]) -> None:
    # A worker outlives a run and was started with its own environment: each task brings
    # the command's (a worker runs one task at a time: --nthreads 1).
    for k in [k for k in os.environ if k.startswith("DEEPWARP_") and k not in env]:
        del os.environ[k]
    os.environ.update(env)


def train_warp(options: dict[str, Any], env: dict[str, str]) -> str:
    """Train a warp chapter's network into the cache (or find it there); one line."""
    import contextlib
    import io

    from delivery.warpcli import _train

    _use(env)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            reached = _train(dict(options))
    except (ConfigError, OSError, ValueError) as e:  # its chapters' renders will say it
        return f"{options.get('dataset')}: not trained ({e})"
    return f"{options.get('dataset')}: train accuracy {reached['train']:.1%}"


def _move_into_place(tmp: Job, job: Job) -> None:
    """The outputs of ``tmp``'s render into ``job``'s places, each by a rename; the slides'
    paths rewritten to their new place. The caller writes the stamp after."""
    old, new = str(tmp.build), str(job.build)
    pairs = [(tmp.video, job.video), (tmp.video.with_suffix(".srt"), job.video.with_suffix(".srt")),
             (tmp.slides.with_suffix(".beats.json"), job.slides.with_suffix(".beats.json")),
             (tmp.slides.parent / "files" / tmp.slides.stem,
              job.slides.parent / "files" / job.slides.stem)]
    for src, dst in pairs:
        if not src.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.is_dir():
            shutil.rmtree(dst)
        os.replace(src, dst)
    data = json.loads(tmp.slides.read_text(encoding="utf-8"))
    for slide in data.get("slides", []):
        for k in ("file", "rev_file"):
            if isinstance(slide.get(k), str):
                slide[k] = slide[k].replace(old, new, 1)
    job.slides.parent.mkdir(parents=True, exist_ok=True)
    part = job.slides.with_name(job.slides.name + ".part")
    part.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.replace(part, job.slides)


def render_atomic(job: Job, env: dict[str, str]) -> Result:
    """:func:`~delivery.lecture.render_chapter` into a private folder, moved into place
    only when complete, stamp last: what a killed worker leaves is never read."""
    _use(env)
    digest = job.digest()
    if _current(job, digest):
        return Result(job, True, True, 0.0, digest=digest)
    job.stamp.unlink(missing_ok=True)
    scratch = job.build / PARTIAL / f"{job.name}-{uuid.uuid4().hex[:12]}"
    scratch.mkdir(parents=True)
    (scratch / "worker.pid").write_text(str(os.getpid()))
    # Every attempt, for a post-mortem: a task whose worker died shows two lines.
    job.log.parent.mkdir(parents=True, exist_ok=True)
    with job.log.with_suffix(".attempts").open("a") as f:
        f.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {socket.gethostname()} pid "
                f"{os.getpid()} {scratch.name}\n")
    tmp = dataclasses.replace(job, build=scratch)
    # The chapter's own LaTeX and text caches (delivery.launch.private_caches) go with it
    # and come back after, so a render again compiles nothing twice; a killed render's
    # never come back.
    caches = Path("scene-caches") / slide_class_name(job.chapter)
    _move_dir(job.build / caches, scratch / caches)
    try:
        r = render_chapter(tmp)
        _move_dir(scratch / caches, job.build / caches)
        if tmp.log.is_file():
            shutil.copyfile(tmp.log, job.log)
        if not r.ok:
            return Result(job, False, False, r.seconds, r.error, r.digest)
        _move_into_place(tmp, job)
        job.stamp.parent.mkdir(parents=True, exist_ok=True)
        _write_stamp(job, r.digest)
        return Result(job, True, False, r.seconds, "", r.digest)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _move_dir(src: Path, dst: Path) -> None:
    if src.is_dir():
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(dst, ignore_errors=True)
        os.replace(src, dst)


def _write_stamp(job: Job, digest: str) -> None:
    part = job.stamp.with_name(job.stamp.name + ".part")
    part.write_text(" ".join([digest, _state(job.video), _state(job.slides)]))
    os.replace(part, job.stamp)


def copy_chapter(job: Job, source: Result) -> Result:
    """``job`` as a copy of the render of the same chapter in another lecture (its outputs
    copied, renamed to this lecture's names), unless current."""
    digest = job.digest()
    if _current(job, digest):
        return Result(job, True, True, 0.0, digest=digest)
    if not source.ok:
        return Result(job, False, True, 0.0, f"as {source.job.name} of "
                      f"{source.job.build.parents[2].name}: {source.error or 'failed'}", digest)
    job.stamp.unlink(missing_ok=True)
    src = source.job
    scratch = job.build / PARTIAL / f"{job.name}-{uuid.uuid4().hex[:12]}"
    tmp = dataclasses.replace(job, build=scratch)
    try:
        pairs = [(src.video, tmp.video), (src.video.with_suffix(".srt"),
                                          tmp.video.with_suffix(".srt")),
                 (src.slides, tmp.slides),
                 (src.slides.with_suffix(".beats.json"), tmp.slides.with_suffix(".beats.json"))]
        for a, b in pairs:
            if a.is_file():
                b.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(a, b)
        files = src.slides.parent / "files" / src.slides.stem
        if files.is_dir():
            shutil.copytree(files, tmp.slides.parent / "files" / tmp.slides.stem)
        # The copied slides point at the source's files: point them at the copy first.
        text = tmp.slides.read_text(encoding="utf-8").replace(
            str(files), str(tmp.slides.parent / "files" / tmp.slides.stem))
        tmp.slides.write_text(text, encoding="utf-8")
        _move_into_place(tmp, job)
        job.stamp.parent.mkdir(parents=True, exist_ok=True)
        _write_stamp(job, digest)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return Result(job, True, False, 0.0, "", digest)


# --- running tasks: here, or on a Dask cluster ----------------------------------------------

def run_tasks(fn: Callable[..., Any], items: list[tuple[Any, ...]], *, jobs: int = 1,
              cluster: Any = None, done: Callable[[int, Any], None] | None = None,
              failed: Callable[[tuple[Any, ...], Exception], Any] | None = None) -> list[Any]:
    """``fn(*item)`` for every item, results in order; ``done(i, result)`` as each ends.

    Local: ``jobs`` threads (each render is its own process). ``cluster``: a Dask
    scheduler's address (or a ``distributed.Client``); a task whose worker dies runs
    again on another (Dask's ``allowed-failures``, 3), one that raises runs once more.
    ``failed(item, error)``: the result of a task that still failed (its worker died each
    time, or it raised), so the others finish; an ``OSError`` (a full disk) or a
    :class:`ConfigError` ends the run instead.
    """

    def outcome(i: int, future: Any) -> None:
        try:
            results[i] = future.result()
        except (OSError, ConfigError):
            raise
        except Exception as e:  # noqa: BLE001 - named in the result, the rest go on
            if failed is None:
                raise
            results[i] = failed(items[i], e)
        if done:
            done(i, results[i])

    results: list[Any] = [None] * len(items)
    if not items:
        return results
    if cluster is None:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(fn, *item): i for i, item in enumerate(items)}
            for f in as_completed(futures):
                outcome(futures[f], f)
        return results
    from distributed import Client
    from distributed import as_completed as dask_completed

    client = cluster if isinstance(cluster, Client) else Client(cluster, timeout="30s")
    try:
        futures = [client.submit(fn, *item, pure=False, retries=1, key=f"{fn.__name__}-{i}-"
                                 f"{uuid.uuid4().hex[:8]}") for i, item in enumerate(items)]
        index = {f.key: i for i, f in enumerate(futures)}
        for f in dask_completed(futures):
            outcome(index[f.key], f)
    finally:
        if client is not cluster:
            client.close()
    return results


def _cluster_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise ConfigError(f"--cluster {address}: Dask is not installed; allowed: install the "
                          "cluster extra (pip install '.[cluster]'), or leave --cluster out "
                          "to run here") from None
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as e:
        raise ConfigError(f"--cluster {address}: no Dask scheduler answers ({e}); allowed: "
                          "the address of a running `dask scheduler`, e.g. "
                          "tcp://host:8786") from None


# --- the command ------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="deepwarp course", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("lectures", nargs="+", help="the course's lecture files")
    p.add_argument("--lang", nargs="+", help="these languages, not each file's (e.g. zh en)")
    p.add_argument("--quality", "-q", default="l",
                   help=f"{', '.join(QUALITIES)} (default l = 480p15)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="local: chapters rendered at a time (default: the CPU count)")
    p.add_argument("--cluster", help="a Dask scheduler's address (tcp://host:8786): its "
                   "workers render; they must see the project and the media folder at the "
                   "same paths (docs/course.md)")
    p.add_argument("--narration", default=None, help="on (default) or off")
    p.add_argument("--media", help="media folder (default: the project's media/), shared "
                   "with the workers")
    p.add_argument("--draft", action="store_true", help="320x180 at 5 fps")
    p.add_argument("--dry-run", action="store_true",
                   help="print what would render, be copied or kept; render nothing")
    return p


def main(argv: list[str] | None = None, *, client: Any = None) -> int:
    """``deepwarp course``; a bad argument is one line, exit code 2. ``client``: a Dask
    ``Client`` to run on (the tests' local cluster), instead of ``--cluster``."""
    from delivery.launch import ROOT

    saved = os.environ.get("DEEPWARP_CACHE")
    media = ROOT / "media"
    try:
        args = _parser().parse_args(argv)
        media = Path(args.media).resolve() if args.media else media
        return _main(args, media, client)
    except ConfigError as e:
        print(f"course: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"course: error: {os_error_line(e, media, option='--media')}", file=sys.stderr)
        return 2
    finally:
        if saved is None:
            os.environ.pop("DEEPWARP_CACHE", None)
        else:
            os.environ["DEEPWARP_CACHE"] = saved


def _main(args: argparse.Namespace, media: Path, client: Any) -> int:
    if args.quality not in QUALITIES:
        raise ConfigError(f"QUALITY={args.quality!r}; allowed: {', '.join(QUALITIES)}")
    if args.jobs < 1:
        raise ConfigError(f"JOBS={args.jobs}; allowed: an integer >= 1")
    narration = narration_setting(args.narration)
    if narration not in NARRATION:
        raise ConfigError(f"NARRATION={narration!r}; allowed: {', '.join(NARRATION)}")
    from narration import languages

    for code in args.lang or ():
        if code not in languages.codes():
            raise ConfigError(f"--lang {code!r}; allowed: {', '.join(languages.codes())}")
    os.environ["DEEPWARP_CACHE"] = str(cache_for(media))
    env = settings()
    media.mkdir(parents=True, exist_ok=True)
    own_client = bool(args.cluster and client is None and not args.dry_run)
    if own_client:  # before anything is written: a scheduler that does not answer is one line
        client = _cluster_client(args.cluster)
    try:
        return _run(args, media, client, env, narration)
    finally:
        if own_client:
            client.close()


def _run(args: argparse.Namespace, media: Path, client: Any, env: dict[str, str],
         narration: str) -> int:
    course = plan_course([Path(f) for f in args.lectures], args.lang, args.quality,
                         narration, media, args.draft)
    if args.dry_run:
        for job in course.renders:
            state = "unchanged" if _current(job, job.digest()) else "would render"
            print(f"{job.build.parents[2].name}/{job.name:<36} {state}")
        for job, i in course.copies:
            src = course.renders[i]
            state = ("unchanged" if _current(job, job.digest())
                     else f"copy of {src.build.parents[2].name}/{src.name}")
            print(f"{job.build.parents[2].name}/{job.name:<36} {state}")
        return 0

    start = time.monotonic()
    address = getattr(getattr(client, "scheduler", None), "address", "")
    where = (f"on the Dask cluster {address}"
             if client is not None else f"here, {args.jobs} at a time")
    langs = sorted({lang for _, codes in course.lectures for lang in codes})
    print(f"course: {len(course.lectures)} lecture(s), {len(course.jobs)} chapter(s) × "
          f"language: {len(course.renders)} to render or keep, {len(course.copies)} shared "
          f"({', '.join(langs)}), {len(course.trainings)} network(s) to train, {where}",
          flush=True)
    run = dict(jobs=args.jobs, cluster=client)
    for line in run_tasks(train_warp, [(o, env) for o in course.trainings], **run):
        print(f"  trained: {line}", flush=True)
    total = len(course.renders)
    count = [0]

    def done(i: int, r: Result) -> None:
        count[0] += 1
        state = "unchanged, kept" if r.skipped else ("done" if r.ok else "FAILED")
        print(f"  [{count[0]}/{total}] {_clock(time.monotonic() - start)}  "
              f"{r.job.build.parents[2].name}/{r.job.name} {state}"
              + ("" if r.ok else f" (log: {_show(r.job.log)})"), flush=True)

    def lost(item: tuple[Job, dict[str, str]], e: Exception) -> Result:
        return Result(item[0], False, False, 0.0, f"{type(e).__name__}: {e}")

    rendered = run_tasks(render_atomic, [(j, env) for j in course.renders], done=done,
                         failed=lost, **run)
    results = list(rendered) + [copy_chapter(job, rendered[i]) for job, i in course.copies]
    rows: list[tuple[str, str, str]] = []
    for lecture, codes in course.lectures:
        folder = lecture_folder(media, lecture)
        for lang in codes:
            # In the lecture's order (plan's), whichever stage made each chapter.
            mine = sorted((r for r in results
                           if r.job.lang == lang and r.job.build.parents[2] == folder),
                          key=lambda r: r.job.chapter.number)
            rows += [(f"{lecture.stem}: {a}", b, c)
                     for a, b, c in _assemble(lecture, lang, mine, folder, narration)]
    _sweep(course)
    width = max((len(r[0]) for r in rows), default=10)
    print(f"\n{'lecture':<{width}}  duration  output")
    for row in rows:
        print(f"{row[0]:<{width}}  {row[1]:>8}  {row[2]}")
    print(f"elapsed {_clock(time.monotonic() - start)}")
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"course: {r.job.build.parents[2].name}: chapter {r.job.chapter.number} "
              f"({r.job.chapter.scene}, {r.job.lang}) failed"
              + (f": {r.error}" if r.error else "") + f"; see {_show(r.job.log)}",
              file=sys.stderr)
    return 1 if failed or any("FAILED" in row[2] for row in rows) else 0


def _sweep(course: Course) -> None:
    """Remove the private folders of renders whose worker was killed (their task ran
    again elsewhere); every task has ended when this runs."""
    for build in {j.build for j in course.jobs}:
        shutil.rmtree(build / PARTIAL, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
