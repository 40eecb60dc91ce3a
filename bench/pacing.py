"""Pacing: how long a rendered video shows a picture that does not change.

``python bench/pacing.py VIDEO [VIDEO …]`` reads each video's own frames (scaled to
160 × 90, grey) and calls a frame *still* when fewer than :data:`PIXELS` pixels moved by
more than :data:`LEVEL` grey levels since the frame before. It reports the time spent
in still runs of :data:`RUN_S` seconds or more, its share of the video, and the longest
run with where it starts (and in which chapter, for the joined lecture).

Target (issue 16): at most 20 % of the lecture in still runs of 3 s or more, and no run
over 8 s. ``make bench`` runs it on the narrated lecture in both languages.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

__all__ = ["Pacing", "pacing", "still_runs"]

#: A frame is still when fewer than this many of its 160 × 90 pixels changed …
PIXELS = 6
#: … by more than this many grey levels (of 255): encoder noise stays below it.
LEVEL = 12
RUN_S = 3.0
SIZE = (160, 90)


@dataclass(frozen=True)
class Pacing:
    video: str
    seconds: float
    still_s: float  # in still runs of RUN_S or more
    share: float
    longest_s: float
    longest_at: float
    longest_in: str  # chapter title, for a lecture with chapters
    runs: int
    over_8s: int


def _frames(path: Path):
    import av

    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        stream.thread_type = "AUTO"
        rate = float(stream.average_rate)
        for frame in c.decode(stream):
            img = frame.reformat(width=SIZE[0], height=SIZE[1], format="gray").to_ndarray()
            yield float(frame.pts * stream.time_base), img.astype(np.int16), rate


def still_runs(path: Path) -> tuple[list[tuple[float, float]], float]:
    """(start, length) of every still run of at least :data:`RUN_S`, and the video's length."""
    runs, prev, start, t, rate = [], None, None, 0.0, 15.0
    for t, img, rate in _frames(path):
        still = prev is not None and int((np.abs(img - prev) > LEVEL).sum()) < PIXELS
        if still and start is None:
            start = t - 1 / rate  # the run begins with the frame before the first still one
        elif not still and start is not None:
            runs.append((start, t - start))
            start = None
        prev = img
    end = t + 1 / rate
    if start is not None:
        runs.append((start, end - start))
    return [(a, d) for a, d in runs if d >= RUN_S - 1e-6], end


def _chapters(path: Path) -> list[tuple[float, str]]:
    import av

    with av.open(str(path)) as c:
        return [(float(ch["start"] * ch["time_base"]), ch["metadata"].get("title", ""))
                for ch in c.chapters()]


def pacing(path: Path) -> Pacing:
    runs, seconds = still_runs(path)
    still = sum(d for _, d in runs)
    at, longest = max(runs, key=lambda r: r[1]) if runs else (0.0, 0.0)
    where = ""
    for start, title in _chapters(path):
        if start <= at + 1e-6:
            where = title
    return Pacing(str(path), round(seconds, 2), round(still, 2), round(still / seconds, 4),
                  round(longest, 2), round(at, 2), where, len(runs),
                  sum(1 for _, d in runs if d > 8.0))


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for name in argv:
        path = Path(name)
        if not path.is_file():
            print(f"pacing: no video {path}", file=sys.stderr)
            return 2
        p = pacing(path)
        print(f"{p.video}: {p.still_s:.1f} s of {p.seconds:.1f} s still in runs >= {RUN_S:g} s "
              f"({p.share:.1%}), longest {p.longest_s:.1f} s at {p.longest_at:.1f} s"
              f"{' (' + p.longest_in + ')' if p.longest_in else ''}, {p.over_8s} over 8 s")
        print(json.dumps(asdict(p)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
