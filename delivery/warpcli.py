"""``deepwarp warp DATA``: your data, your network, as warp videos, without writing Python.

(``deepwarp lecture FILE`` makes a whole lecture from a lecture file: :mod:`delivery.lecture`.)

Trains once (cached, with a progress bar), writes a small scene file that
subclasses :class:`scenes.warp.UntangleCurves` and
:class:`scenes.warp.WarpDuringTraining` with your settings as class attributes
(the same file a lecturer would write by hand), then runs ``manim render`` on
it, once per video, and prints where the videos are.

Examples
--------
::

    deepwarp warp points.csv --hidden 8,8 --activation relu -qh
    deepwarp warp spirals --classes 3 --hidden 8,8 --activation relu
    deepwarp warp flats.csv --columns area,price,verdict --hidden 16

Bad input (a missing file, one class, more than eight, an unknown column,
non-numeric coordinates, a bad width) ends in one line naming it, exit code 2,
before anything is written.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

from delivery.launch import QUALITIES, manim_command, render_env, video_path
from engine.__main__ import columns_arg, guarded

__all__ = ["main", "fit_note", "poor_fit_advice", "remedies", "scene_source", "class_stem",
           "SCENES"]

ROOT = Path(__file__).resolve().parents[1]
#: What ``--only`` picks, and which lecture scene each video subclasses.
SCENES = {"untangle": ("UntangleCurves", "Untangle"),
          "training": ("WarpDuringTraining", "DuringTraining")}
QUALITY_DIRS = QUALITIES  # the launcher's one table
# Defaults that fit ordinary 2-D data (measured: a 3-arm spiral with 2-8-8-3 ReLU
# reaches 100 % train accuracy, a two-class CSV in measured units with hidden 16
# reaches 100 %; both in about a second on one core).
DEFAULTS = {"hidden": "8,8", "activation": "relu", "epochs": 1000, "lr": 0.01,
            "optimizer": "adam", "seed": 0, "n": 300}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"deepwarp: error: {message}\n")


def _widths(text: str) -> tuple[int, ...]:
    try:
        widths = tuple(int(p) for p in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--hidden {text!r}; allowed: comma-separated integers >= 1, e.g. 8,8") from None
    return widths


def _parser() -> _Parser:
    from engine.config import ACTIVATIONS, DATASETS, OPTIMIZERS

    p = _Parser(prog="deepwarp", description=__doc__,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("lecture", add_help=False,
                   help="make a lecture from a lecture file: deepwarp lecture my.toml "
                        "(deepwarp lecture --help)")
    sub.add_parser("course", add_help=False,
                   help="several lecture files × languages, here or on a Dask cluster: "
                        "deepwarp course a.toml b.toml (deepwarp course --help)")
    w = sub.add_parser("warp", help="render the untangling and the during-training videos")
    w.add_argument("data", help=f"a CSV file, or a dataset: {', '.join(DATASETS)}")
    w.add_argument("--columns", type=columns_arg, default=(),
                   help="CSV columns x,y,label by name (default: x1,x2,label, "
                        "else the first three)")
    w.add_argument("--classes", type=int, default=3, help="arms of 'spirals' (default 3)")
    w.add_argument("--n", type=int, default=DEFAULTS["n"],
                   help=f"points of a built-in dataset (default {DEFAULTS['n']})")
    w.add_argument("--noise", type=float, default=None,
                   help="noise of a built-in dataset (default 0.2 for spirals, else 0)")
    w.add_argument("--hidden", type=_widths, default=_widths(DEFAULTS["hidden"]),
                   help=f"hidden widths (default {DEFAULTS['hidden']})")
    w.add_argument("--activation", default=DEFAULTS["activation"],
                   help=f"one of {', '.join(ACTIVATIONS)} (default {DEFAULTS['activation']})")
    w.add_argument("--epochs", type=int, default=DEFAULTS["epochs"])
    w.add_argument("--lr", type=float, default=DEFAULTS["lr"],
                   help=f"learning rate (default {DEFAULTS['lr']})")
    w.add_argument("--optimizer", default=DEFAULTS["optimizer"],
                   help=f"one of {', '.join(OPTIMIZERS)} (default {DEFAULTS['optimizer']})")
    w.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    w.add_argument("--no-standardize", action="store_true",
                   help="train on the raw coordinates (default: a CSV is rescaled first)")
    w.add_argument("--only", choices=tuple(SCENES), default=None,
                   help="render one of the two videos only")
    for q in QUALITY_DIRS:
        w.add_argument(f"-q{q}", dest="quality", action="store_const", const=q,
                       help=f"quality {QUALITY_DIRS[q]}" + (" (default)" if q == "l" else ""))
    w.add_argument("--media", default="media", help="output folder (default media)")
    w.add_argument("--lang", default="en", help="the language of the words (default en)")
    w.add_argument("--dry-run", action="store_true",
                   help="train and write the scene file, but do not render")
    w.set_defaults(quality="l")
    return p


def class_stem(data: str) -> str:
    """``"my-points.csv"`` → ``"MyPoints"``: a class-name prefix from the data's name."""
    words = re.findall(r"[A-Za-z0-9]+", Path(data).stem) or ["Data"]
    stem = "".join(w[:1].upper() + w[1:] for w in words)
    return stem if stem[0].isalpha() else f"Data{stem}"


def settings(args: argparse.Namespace) -> dict[str, object]:
    """The class attributes the command line's options stand for."""
    from engine.config import DATASETS

    if args.data in DATASETS:
        dataset = args.data
    elif Path(args.data).is_file() or args.data.lower().endswith((".csv", ".tsv", ".txt")):
        # Absolute: the written scene file renders from any folder.
        dataset = f"csv:{Path(args.data).resolve()}"
    else:
        from engine.errors import ConfigError

        raise ConfigError(f"data {args.data!r}: no such file and no such dataset; allowed: a "
                          f"CSV file, or one of {', '.join(DATASETS)}")
    out: dict[str, object] = {"dataset": dataset}
    if not dataset.startswith("csv:"):
        noise = args.noise if args.noise is not None else (0.2 if dataset == "spirals" else 0.0)
        out.update(n=args.n, noise=noise, data_seed=args.seed)
        if dataset == "spirals":
            out["classes"] = args.classes
    if args.columns:
        out["columns"] = tuple(args.columns)
    if args.no_standardize:
        out["standardize"] = False
    out.update(hidden=tuple(args.hidden), activation=args.activation, epochs=args.epochs,
               lr=args.lr, optimizer=args.optimizer, seed=args.seed)
    return out


def scene_source(attrs: dict[str, object], stem: str, command: str, path: Path) -> str:
    """A scene file subclassing the warp scenes with ``attrs`` as class attributes."""
    body = "".join(f"    {k} = {v!r}\n" for k, v in attrs.items())
    classes = "\n\n".join(f"class {stem}{suffix}({base}):\n{body}"
                          for base, suffix in SCENES.values())
    bases = ", ".join(base for base, _ in SCENES.values())
    return (f'"""Written by `{command}`: the same settings as class attributes.\n\n'
            f"Render one: manim render -ql {path} {stem}Untangle\n"
            f'"""\n\nfrom scenes.warp import {bases}\n\n\n{classes}')


def _train(attrs: dict[str, object]) -> dict[str, float]:
    """Train (or read from the cache) both networks the videos use, with a progress bar."""
    from engine.__main__ import ProgressBar
    from engine.artefacts.warp import check_planar, training_warp, untangle
    from engine.datasets import load
    from engine.train import fit, model_for
    from scenes.warp import WarpSettings

    s = type("Settings", (WarpSettings,), dict(attrs))()
    data_cfg, train_cfg = s.data_config(), s.train_config()
    # Every check before the first epoch: bad input costs nothing and writes nothing.
    data = load(data_cfg)
    check_planar(data, tuple(s.hidden), None, "deepwarp warp")
    model_for(data, tuple(s.hidden), s.activation)
    # One run serves both videos (the settings ask for the snapshots the second needs).
    print("[train] the network both videos show", file=sys.stderr, flush=True)
    hidden = tuple(s.hidden)
    # A bar redraws one line; piped into a log it would become one huge line.
    bar = ProgressBar(train_cfg.epochs) if sys.stderr.isatty() else None
    fit(data_cfg, hidden, s.activation, train_cfg, progress=bar)
    art = untangle(data_cfg, hidden, s.activation, train_cfg)
    training_warp(data_cfg, hidden, s.activation, train_cfg,
                  n_snapshots=s.n_snapshots)
    return {"train": float(art["train_accuracy"]), "test": float(art["test_accuracy"]),
            "drawn": float(art["accuracy"]), "standardized": float("scale_mean" in art),
            "n_total": float(art["n_total"]), "n_drawn": float(len(art["labels"]))}


#: Rows above which the remedies are suggested without trying each (each try trains again).
TRY_ROWS = 20_000


def remedies(attrs: dict[str, object]) -> dict[str, dict[str, object]]:
    """The usual remedies for a poor fit, as options and the settings they change: a higher
    learning rate, wider layers, one more layer, three times the epochs."""
    hidden = tuple(int(w) for w in attrs["hidden"])  # type: ignore[union-attr]
    lr, epochs = float(attrs["lr"]), int(attrs["epochs"])  # type: ignore[arg-type]
    wider = tuple(2 * w for w in hidden)
    deeper = (*hidden, hidden[-1])
    return {f"--lr {lr * 3:g}": {"lr": lr * 3},
            f"--hidden {','.join(map(str, wider))}": {"hidden": wider},
            f"--hidden {','.join(map(str, deeper))}": {"hidden": deeper},
            f"--epochs {epochs * 3}": {"epochs": epochs * 3}}


def poor_fit_advice(attrs: dict[str, object], reached: float, rows: float) -> str:
    """What to try after a poor fit, each remedy tried on this data first (trained and cached
    as the first run was), best first; the untried list for large files."""
    options = remedies(attrs)
    if rows > TRY_ROWS:
        return (f"poor fit ({reached:.1%}): try {', '.join(options)} "
                f"(not tried: {int(rows):,} rows)")
    from engine.config import TrainConfig
    from engine.train import fit
    from scenes.warp import WarpSettings

    print(f"poor fit ({reached:.1%}): trying {len(options)} remedies on this data …",
          file=sys.stderr, flush=True)
    tried = []
    for option, change in options.items():
        s = type("Try", (WarpSettings,), {**attrs, **change})()
        train = TrainConfig(epochs=s.epochs, lr=s.lr, optimizer=s.optimizer, seed=s.seed)
        history = fit(s.data_config(), tuple(s.hidden), s.activation, train).history
        tried.append((float(history.train_accuracy[-1]), option))
    tried.sort(key=lambda t: -t[0])
    best, option = tried[0]
    measured = ", ".join(f"{o}: {a:.1%}" for a, o in tried)
    if best <= reached + 0.01:
        return (f"poor fit ({reached:.1%}); tried on this data, none helped ({measured}): "
                "try another --activation or more data")
    return f"poor fit ({reached:.1%}); tried on this data: {measured}. Best: {option}"


def fit_note(attrs: dict[str, object]) -> str:
    """For the maker's terminal: the accuracy the warp's network reached (read from the
    cache the render filled) and, for a poor fit, what helped on this data."""
    from engine.artefacts.warp import POOR_FIT
    from engine.train import fit
    from scenes.warp import WarpSettings

    s = type("Settings", (WarpSettings,), dict(attrs))()
    history = fit(s.data_config(), tuple(s.hidden), s.activation, s.train_config()).history
    reached = float(history.train_accuracy[-1])
    if reached >= POOR_FIT:
        return f"train accuracy {reached:.1%}"
    from engine.datasets import load

    return poor_fit_advice(attrs, reached, len(load(s.data_config()).x_train))


def _render(scene_file: Path, cls: str, args: argparse.Namespace) -> Path | int:
    """Render one scene; its video, or manim's exit code (2: it said why in one line)."""
    media = Path(args.media)
    cmd = manim_command(scene_file, cls, media=media, quality=args.quality,
                        flags=["--config_file", str(ROOT / "manim.cfg"), "-v", "WARNING",
                               "--silent"])
    env = render_env(args.lang, os.environ.get("DEEPWARP_NARRATION") or "on", media)
    proc = subprocess.run(cmd, env=env)
    if proc.returncode != 0:
        return proc.returncode
    video = video_path(media, scene_file, cls, args.quality, args.lang)
    return video if video.exists() else 1


def run(args: argparse.Namespace, argv: list[str]) -> int:
    from delivery.launch import cache_for

    # Train into the cache the renders read: <media>/cache (unless $DEEPWARP_CACHE says).
    os.environ["DEEPWARP_CACHE"] = str(cache_for(args.media))
    attrs = settings(args)
    stem = class_stem(args.data)
    start = time.monotonic()
    acc = _train(attrs)
    rows = f"{int(acc['n_total']):,} rows" + (
        f", {int(acc['n_drawn']):,} drawn (seeded sample)" if acc["n_drawn"] < acc["n_total"]
        else "")
    scaled = "standardised coordinates" if acc["standardized"] else "raw coordinates"
    print(f"trained on {scaled} ({rows}): train accuracy {acc['train']:.1%}, "
          f"test {acc['test']:.1%}")
    from engine.artefacts.warp import POOR_FIT

    if acc["train"] < POOR_FIT:
        print(poor_fit_advice(attrs, acc["train"], acc["n_total"]), flush=True)
    scene_file = Path(args.media) / "warp" / f"{stem}_warp.py"
    scene_file.parent.mkdir(parents=True, exist_ok=True)
    command = "deepwarp " + " ".join(argv)
    tmp = scene_file.with_suffix(".tmp")
    try:
        tmp.write_text(scene_source(attrs, stem, command, scene_file))
        os.replace(tmp, scene_file)
    finally:  # a full disk: no half-written scene file, under either name
        tmp.unlink(missing_ok=True)
    print(f"scene file: {scene_file}")
    if args.dry_run:
        return 0
    names = [args.only] if args.only else list(SCENES)
    videos = []
    for i, name in enumerate(names, start=1):
        cls = stem + SCENES[name][1]
        print(f"[render {i}/{len(names)}] {cls} (manim render -q{args.quality})", flush=True)
        video = _render(scene_file, cls, args)
        if video == 2:  # manim said what went wrong in one line (a full disk, say)
            return 2
        if not isinstance(video, Path):
            print(f"deepwarp: error: manim render failed for {cls}; its output is above",
                  file=sys.stderr)
            return 1
        videos.append(video)
    print(f"done in {time.monotonic() - start:.0f} s:")
    for v in videos:
        print(f"  {v}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["lecture"]:
        from delivery.lecture import main as lecture

        return lecture(argv[1:])
    if argv[:1] == ["course"]:
        from delivery.course import main as course

        return course(argv[1:])
    args = _parser().parse_args(argv)
    from scenes.common.i18n import langs

    if args.lang not in langs():
        _parser().error(f"--lang {args.lang!r}; allowed: {', '.join(langs())}")
    saved = os.environ.get("DEEPWARP_CACHE")
    try:
        return guarded("deepwarp", lambda: run(args, argv), option="--media")
    finally:  # run() points it at the media folder's cache for this run only
        if saved is None:
            os.environ.pop("DEEPWARP_CACHE", None)
        else:
            os.environ["DEEPWARP_CACHE"] = saved


if __name__ == "__main__":
    sys.exit(main())
