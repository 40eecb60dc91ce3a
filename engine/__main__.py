"""Command line: ``python -m engine fit …`` and ``python -m engine cache ls|clear``.

Bad arguments give one line naming the value and what is allowed, exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import NoReturn

from engine.config import ACTIVATIONS, DATASETS, OPTIMIZERS, DataConfig, TrainConfig
from engine.errors import EngineError, os_error_line

__all__ = ["main", "ProgressBar", "columns_arg", "guarded"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"engine: error: {message}\n")


def _hidden(text: str) -> tuple[int, ...]:
    if text.strip() in ("", "none"):
        return ()
    try:
        return tuple(int(p) for p in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--hidden {text!r}; allowed: comma-separated integers >= 1, e.g. 2,2"
        ) from None


def columns_arg(text: str) -> tuple[str, ...]:
    """``--columns x,y,label``: three column names."""
    cols = tuple(c.strip() for c in text.split(","))
    if len(cols) != 3 or not all(cols):
        raise argparse.ArgumentTypeError(
            f"--columns {text!r}; allowed: three names x,y,label, e.g. x1,x2,label")
    return cols


def _parser() -> _Parser:
    p = _Parser(prog="python -m engine", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    f = sub.add_parser("fit", help="train a network (cached) and report its accuracy")
    f.add_argument("--dataset", default="circle",
                   help=f"one of {', '.join(DATASETS)}, or csv:PATH (columns x1,x2,label)")
    f.add_argument("--hidden", type=_hidden, default=(2, 2), help="widths, e.g. 2,2 (default 2,2)")
    f.add_argument("--activation", default="tanh", help=f"one of {', '.join(ACTIVATIONS)}")
    f.add_argument("--epochs", type=int, default=1000)
    f.add_argument("--lr", type=float, default=0.03, help="learning rate (default 0.03)")
    f.add_argument("--optimizer", default="adam", help=f"one of {', '.join(OPTIMIZERS)}")
    f.add_argument("--batch-size", type=int, default=None, help="default: full batch")
    f.add_argument("--n", type=int, default=500, help="number of points (default 500)")
    f.add_argument("--noise", type=float, default=0.0)
    f.add_argument("--classes", type=int, default=3, help="arms of 'spirals' (default 3)")
    f.add_argument("--columns", type=columns_arg, default=(),
                   help="CSV columns x,y,label by name (default x1,x2,label, else the first "
                        "three)")
    f.add_argument("--no-standardize", action="store_true",
                   help="train a CSV on its raw coordinates (default: rescaled to mean 0, "
                        "spread 1 per column, as the warp scenes do)")
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--json", action="store_true", help="print one JSON object")

    c = sub.add_parser("cache", help="list or clear the artefact cache")
    c.add_argument("action", choices=("ls", "clear"))
    return p


class ProgressBar:
    """A one-line progress bar on stderr for long runs."""

    def __init__(self, total: int) -> None:
        self.total, self.start, self.last = total, time.monotonic(), -1

    def __call__(self, epoch: int, loss: float) -> None:
        pct = epoch * 100 // self.total
        if pct == self.last:
            return
        self.last = pct
        filled = pct * 30 // 100
        bar = "#" * filled + "-" * (30 - filled)
        elapsed = time.monotonic() - self.start
        end = "\n" if epoch == self.total else ""
        sys.stderr.write(
            f"\r[{bar}] {pct:3d}%  epoch {epoch}/{self.total}  loss {loss:.4f}  {elapsed:.1f}s{end}"
        )
        sys.stderr.flush()


def _fit(args: argparse.Namespace) -> int:
    from engine.train import fit  # torch is imported only for commands that need it

    # A CSV holds data in its own units: trained rescaled, as the warp scenes do.
    standardize = args.dataset.startswith("csv:") and not args.no_standardize
    data_cfg = DataConfig(name=args.dataset, n=args.n, noise=args.noise, seed=args.seed,
                          classes=args.classes, columns=args.columns, standardize=standardize)
    train_cfg = TrainConfig(epochs=args.epochs, lr=args.lr, optimizer=args.optimizer,
                            batch_size=args.batch_size, seed=args.seed)
    progress = None if args.json or args.epochs < 200 else ProgressBar(args.epochs)
    result = fit(data_cfg, args.hidden, args.activation, train_cfg, progress=progress)
    h = result.history
    summary = {
        "dataset": args.dataset,
        "hidden": list(result.model_cfg.hidden),
        "activation": args.activation,
        "optimizer": args.optimizer,
        "lr": args.lr,
        "seed": args.seed,
        "epochs": args.epochs,
        "n_params": result.model_cfg.n_params,
        "final_loss": float(h.loss[-1]),
        "train_accuracy": float(h.train_accuracy[-1]),
        "test_accuracy": float(h.test_accuracy[-1]),
        "standardized": standardize,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        hidden = ",".join(map(str, summary["hidden"])) or "none"
        print(f"{args.dataset}: {args.activation} MLP, hidden {hidden} "
              f"({summary['n_params']} parameters), {args.optimizer} lr={args.lr}, "
              f"{args.epochs} epochs, seed {args.seed}")
        if standardize:
            print("  inputs          standardised (each column: minus its mean, divided by "
                  "its spread, on the training split)")
        print(f"  final loss      {summary['final_loss']:.4f}")
        print(f"  train accuracy  {summary['train_accuracy']:.1%}")
        print(f"  test accuracy   {summary['test_accuracy']:.1%}")
    return 0


def _cache(args: argparse.Namespace) -> int:
    from engine import cache

    if args.action == "clear":
        n = cache.clear()
        print(f"removed {n} cache entr{'y' if n == 1 else 'ies'} from {cache.cache_dir()}")
        return 0
    items = cache.entries()
    if not items:
        print(f"cache is empty ({cache.cache_dir()})")
        return 0
    for e in items:
        state = "ok" if e.ok else "DAMAGED (recomputed on next use)"
        print(f"{e.kind:<14} {e.size / 1024:9.1f} KiB  {e.path.name}  {state}")
    total = sum(e.size for e in items)
    print(f"{len(items)} entries, {total / 1024 / 1024:.2f} MiB in {cache.cache_dir()}")
    return 0


def guarded(prog: str, command: Callable[[], int], *, option: str = "$DEEPWARP_CACHE") -> int:
    """Run ``command``: an engine error is one line ``prog: error: …`` and exit code 2.

    So is an :class:`OSError` (:func:`~engine.errors.os_error_line`); ``option`` is how
    the user picks another output folder."""
    try:
        return command()
    except EngineError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # a full disk, an unwritable folder, a missing program
        print(f"{prog}: error: {os_error_line(e, option=option)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return guarded("engine", lambda: _fit(args) if args.command == "fit" else _cache(args))


if __name__ == "__main__":
    sys.exit(main())
