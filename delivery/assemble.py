"""Joining rendered clips into one lecture: video (no re-encoding), chapters, subtitles.

Pure PyAV and text; no manim import, so it is quick to test on tiny clips.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

__all__ = ["Part", "join_videos", "join_subtitles", "shift_srt", "video_duration"]


@dataclass(frozen=True)
class Part:
    """One rendered scene: its clip, its subtitles (may be missing) and its chapter title."""

    video: Path
    title: str
    srt: Path | None = None


def video_duration(path: Path) -> float:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        if s.duration is not None and s.time_base is not None:
            return float(s.duration * s.time_base)
        return float(c.duration or 0) / av.time_base


def join_videos(parts: list[Part], out: Path) -> list[tuple[str, float, float]]:
    """Concatenate the clips' video packets into ``out`` and mark one chapter per part.

    The parts must share codec, size and frame rate (one Manim quality), so packets
    are copied without re-encoding. Written to a temporary name and renamed, so an
    interrupted join never leaves a truncated lecture under the real name.
    Returns the chapters as (title, start s, end s).
    """
    if not parts:
        raise ValueError("no clips to join")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.partial{out.suffix}")
    chapters: list[tuple[str, float, float]] = []
    try:
        with av.open(str(tmp), "w", format="mp4") as dst:
            first = av.open(str(parts[0].video))
            template = first.streams.video[0]
            ostream = dst.add_stream_from_template(template)
            first.close()
            tb = template.time_base
            offset = 0  # in tb units
            for part in parts:
                with av.open(str(part.video)) as src:
                    s = src.streams.video[0]
                    if (s.codec_context.width, s.codec_context.height) != (
                        template.codec_context.width, template.codec_context.height
                    ) or s.codec_context.name != template.codec_context.name:
                        raise ValueError(
                            f"{part.video.name} does not match the first clip's format; "
                            "render all scenes at one quality"
                        )
                    end = offset
                    for packet in src.demux(s):
                        if packet.dts is None:
                            continue
                        pts = _rescale(packet.pts, s.time_base, tb)
                        dts = _rescale(packet.dts, s.time_base, tb)
                        dur = _rescale(packet.duration or 0, s.time_base, tb)
                        packet.pts = pts + offset
                        packet.dts = dts + offset
                        packet.time_base = tb
                        packet.stream = ostream
                        end = max(end, packet.pts + dur)
                        dst.mux(packet)
                    chapters.append((part.title, float(offset * tb), float(end * tb)))
                    offset = end
            dst.set_chapters([
                {"id": i + 1, "start": int(round(s0 * 1000)), "end": int(round(s1 * 1000)),
                 "time_base": Fraction(1, 1000), "metadata": {"title": title}}
                for i, (title, s0, s1) in enumerate(chapters)
            ])
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return chapters


def _rescale(value: int, src: Fraction, dst: Fraction) -> int:
    return int(round(value * src / dst))


_TIME = re.compile(r"(\d+):(\d+):(\d+),(\d+)")


def _parse(ts: str) -> float:
    h, m, s, ms = map(int, _TIME.match(ts.strip()).groups())  # type: ignore[union-attr]
    return h * 3600 + m * 60 + s + ms / 1000


def _fmt(t: float) -> str:
    ms = int(round(t * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def shift_srt(text: str, offset: float) -> list[tuple[float, float, str]]:
    """Parse SRT text into (start, end, text) cues shifted by ``offset`` seconds."""
    cues = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        if len(lines) < 2 or "-->" not in lines[1]:
            continue
        a, b = lines[1].split("-->")
        cues.append((_parse(a) + offset, _parse(b) + offset, "\n".join(lines[2:])))
    return cues


def join_subtitles(parts: list[Part], chapters: list[tuple[str, float, float]], out: Path) -> int:
    """One SRT for the whole lecture, each part's cues shifted to its chapter start."""
    cues = []
    for part, (_, start, end) in zip(parts, chapters, strict=True):
        if part.srt is not None and part.srt.exists():
            # A scene's last cue may outlast its last frame by a rounding step; clip it.
            cues += [(a, min(b, end), t)
                     for a, b, t in shift_srt(part.srt.read_text(encoding="utf-8"), start)
                     if a < end]
    body = "".join(
        f"{i}\n{_fmt(a)} --> {_fmt(b)}\n{text}\n\n" for i, (a, b, text) in enumerate(cues, 1)
    )
    tmp = out.with_name(f".{out.name}.partial")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, out)
    return len(cues)
