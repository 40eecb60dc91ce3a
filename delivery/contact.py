"""Pictures made from rendered clips: storyboard contact sheets and size-capped GIFs.

Pure PyAV and Pillow; no manim import, so it is quick to test on tiny clips.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import av
from PIL import Image, ImageDraw, ImageFont

__all__ = ["board_from_slides", "Beat", "Board", "read_sections", "storyboard_sheet",
           "lecture_sheet", "write_gif",
           "GifTooLarge", "clock", "THUMB", "LABEL_W", "HEADER_H", "ROW_H", "GAP",
           "FRAMES_PER_BEAT"]

THUMB = (320, 180)  # storyboard frame size (the storyboard render's resolution)
FRAMES_PER_BEAT = 4
LABEL_W = 260
HEADER_H = 48
GAP = 8
STAMP_H = 20  # the frame's time, under each thumbnail
ROW_H = THUMB[1] + STAMP_H + GAP
SMALL = (192, 108)  # thumbnails of the whole-lecture sheet
BG = (15, 17, 23)  # style.BG, as RGB
INK = (236, 238, 244)
DIM = (150, 156, 170)
EDGE = (52, 56, 68)  # thin frame around thumbnails on the dark sheet


@dataclass
class Beat:
    """One section of a render: its name, start and end in the scene (s) and sampled frames."""

    name: str
    start: float
    end: float
    times: list[float] = field(default_factory=list)
    frames: list[Image.Image] = field(default_factory=list, repr=False)


@dataclass
class Board:
    scene: str
    title: str
    beats: list[Beat]

    @property
    def duration(self) -> float:
        return self.beats[-1].end if self.beats else 0.0

    def to_json(self) -> dict:
        return {"scene": self.scene, "title": self.title, "duration": self.duration,
                "beats": [{"name": b.name, "start": b.start, "end": b.end, "frames": b.times}
                          for b in self.beats]}


def clock(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    return f"{int(m)}:{s:04.1f}"


def _decode(path: Path) -> tuple[list[Image.Image], float]:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        fps = float(s.average_rate or s.guessed_rate or 1)
        return [f.to_image() for f in c.decode(s)], fps


def read_sections(sections_json: Path, scene: str, title: str,
                  per_beat: int = FRAMES_PER_BEAT) -> Board:
    """Sample ``per_beat`` frames of every section listed in Manim's ``sections/<Scene>.json``.

    The frames sit at 1/k, 2/k, ..., k/k of each beat, so the last one shows where
    the beat ends up.
    """
    beats, t = [], 0.0
    for sec in json.loads(sections_json.read_text()):
        frames, fps = _decode(sections_json.parent / sec["video"])
        if not frames:
            continue
        n = len(frames)
        idx = sorted({min(n - 1, max(0, round(n * (j + 1) / per_beat) - 1))
                      for j in range(per_beat)})
        beat = Beat(sec["name"], t, t + n / fps)
        beat.times = [t + i / fps for i in idx]  # when each frame appears
        beat.frames = [frames[i] for i in idx]
        beats.append(beat)
        t = beat.end
    return Board(scene, title, beats)


def _sample(path: Path, per_beat: int) -> tuple[dict[int, Image.Image], float, int]:
    """Frames at 1/k … k/k of a video (as :func:`read_sections` picks them), only those made
    into pictures: a long lecture at 1080p has far too many frames to convert them all."""
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        fps = float(s.average_rate or s.guessed_rate or 1)
        n = s.frames or sum(1 for _ in c.demux(s) if _.size)
    if n <= 0:
        return {}, fps, 0
    idx = {min(n - 1, max(0, round(n * (j + 1) / per_beat) - 1)) for j in range(per_beat)}
    out: dict[int, Image.Image] = {}
    with av.open(str(path)) as c:
        last = None
        for i, frame in enumerate(c.decode(c.streams.video[0])):
            last = frame
            if i in idx:
                out[i] = frame.to_image()
        if last is not None and len(out) < len(idx):  # fewer frames than the header said
            out[max(idx)] = last.to_image()
    return out, fps, n


def board_from_slides(slides_json: Path, scene: str, title: str,
                      per_beat: int = FRAMES_PER_BEAT) -> Board:
    """The same from a slide render (manim-slides' ``<Slide>.json``: one video per beat, the
    beat's name in its notes' first line), so a lecture's storyboard needs no render of its
    own."""
    from manim_slides.config import PresentationConfig

    beats, t = [], 0.0
    for slide in PresentationConfig.from_file(slides_json).slides:
        frames, fps, n = _sample(Path(slide.file), per_beat)
        if not frames:
            continue
        name = (slide.notes or "").strip().splitlines()[0].strip("* ") if slide.notes else ""
        beat = Beat(name or f"{len(beats) + 1}", t, t + n / fps)
        beat.times = [t + i / fps for i in sorted(frames)]
        beat.frames = [frames[i] for i in sorted(frames)]
        beats.append(beat)
        t = beat.end
    return Board(scene, title, beats)


@cache
def _font_file(family: str) -> tuple[str, int] | None:
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", family],
                             capture_output=True, text=True, timeout=10).stdout
        path, _, index = out.rpartition(":")
        return (path, int(index or 0)) if path else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def _font(size: int, bold: bool = False, lang: str = "en") -> ImageFont.ImageFont:
    family = "Noto Sans CJK SC" if lang == "zh" else "DejaVu Sans"
    found = _font_file(family + (":bold" if bold else ""))
    if found is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(found[0], size, index=found[1])


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    # Chinese has no spaces: wrap by character when a word is wider than the column.
    words = text.split(" ") if " " in text else list(text)
    sep = " " if " " in text else ""
    lines, cur = [], ""
    for w in words:
        trial = f"{cur}{sep}{w}" if cur else w
        if draw.textlength(trial, font=font) <= width:
            cur = trial
        else:
            lines.append(cur)
            cur = w
    lines.append(cur)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    return [ln for ln in lines if ln]


def _fit(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    return img if img.size == size else img.resize(size, Image.Resampling.LANCZOS)


def storyboard_sheet(board: Board, out: Path, lang: str = "en") -> Path:
    """One row per beat: number, name and time span, then the beat's sampled frames."""
    per = max((len(b.frames) for b in board.beats), default=1)
    width = LABEL_W + per * (THUMB[0] + GAP) + GAP
    height = HEADER_H + len(board.beats) * ROW_H + GAP
    sheet = Image.new("RGB", (width, height), BG)
    d = ImageDraw.Draw(sheet)
    head, name_f, small = _font(24, True, lang), _font(17, True, lang), _font(14, lang=lang)
    d.text((GAP + 4, 10), f"{board.title}  ·  {board.scene}  ·  {clock(board.duration)}",
           font=head, fill=INK)
    for r, beat in enumerate(board.beats):
        y = HEADER_H + r * ROW_H
        lines = _wrap(d, f"{r + 1}. {beat.name}", name_f, LABEL_W - 2 * GAP, 5)
        for i, line in enumerate(lines):
            d.text((GAP + 4, y + 6 + 24 * i), line, font=name_f, fill=INK)
        d.text((GAP + 4, y + 12 + 24 * len(lines)), f"{clock(beat.start)} – {clock(beat.end)}",
               font=small, fill=DIM)
        for c, (frame, t) in enumerate(zip(beat.frames, beat.times, strict=True)):
            x = LABEL_W + c * (THUMB[0] + GAP)
            sheet.paste(_fit(frame.convert("RGB"), THUMB), (x, y))
            d.rectangle((x - 1, y - 1, x + THUMB[0], y + THUMB[1]), outline=EDGE)
            d.text((x + 2, y + THUMB[1] + 3), clock(t), font=small, fill=DIM)
    _save(sheet, out)
    return out


def lecture_sheet(boards: list[Board], out: Path, lang: str = "en") -> Path:
    """The whole lecture: one row per scene, one thumbnail per beat (where the beat ends)."""
    label_w, cap_h = 240, 34
    per = max((len(b.beats) for b in boards), default=1)
    width = label_w + per * (SMALL[0] + GAP) + GAP
    row_h = SMALL[1] + cap_h + GAP
    height = GAP + len(boards) * row_h
    sheet = Image.new("RGB", (width, height), BG)
    d = ImageDraw.Draw(sheet)
    name_f, small, tiny = _font(16, True, lang), _font(13, lang=lang), _font(12, lang=lang)
    t0 = 0.0
    for r, board in enumerate(boards):
        y = GAP + r * row_h
        lines = _wrap(d, f"{r + 1}. {board.title}", name_f, label_w - 2 * GAP, 4)
        for i, line in enumerate(lines):
            d.text((GAP + 4, y + 4 + 21 * i), line, font=name_f, fill=INK)
        d.text((GAP + 4, y + 10 + 21 * len(lines)),
               f"{clock(t0)} – {clock(t0 + board.duration)}", font=small, fill=DIM)
        for c, beat in enumerate(board.beats):
            x = label_w + c * (SMALL[0] + GAP)
            sheet.paste(_fit(beat.frames[-1].convert("RGB"), SMALL), (x, y))
            d.rectangle((x - 1, y - 1, x + SMALL[0], y + SMALL[1]), outline=EDGE)
            for i, line in enumerate(_wrap(d, beat.name, tiny, SMALL[0], 2)):
                d.text((x, y + SMALL[1] + 3 + 14 * i), line, font=tiny, fill=DIM)
        t0 += board.duration
    _save(sheet, out)
    return out


def _save(img: Image.Image, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.partial")
    img.save(tmp, format=out.suffix.lstrip(".").upper() or "PNG", optimize=True)
    os.replace(tmp, out)


class GifTooLarge(ValueError):
    """Even the smallest GIF preset is over the size cap."""


def _gif_attempt(src: Path, out: Path, width: int, fps: float, palette: Image.Image) -> int:
    frames: list[Image.Image] = []
    with av.open(str(src)) as c:
        s = c.streams.video[0]
        step, next_t = 1.0 / fps, 0.0
        for f in c.decode(s):
            t = float(f.pts * s.time_base) if f.pts is not None else next_t
            if t + 1e-6 < next_t:
                continue
            next_t += step
            img = f.to_image()
            h = round(img.height * width / img.width / 2) * 2
            img = img.resize((width, h), Image.Resampling.LANCZOS)
            # One palette for every frame: no flicker, and flat Manim colours need no dither.
            frames.append(img.quantize(palette=palette, dither=Image.Dither.NONE))
    if not frames:
        raise ValueError(f"{src} has no video frames")
    tmp = out.with_name(f".{out.name}.partial")
    frames[0].save(tmp, format="GIF", save_all=True, append_images=frames[1:],
                   duration=round(1000 / fps), loop=0, optimize=False, disposal=1)
    size = tmp.stat().st_size
    os.replace(tmp, out)
    return size


def _palette(src: Path, samples: int = 24) -> Image.Image:
    with av.open(str(src)) as c:
        s = c.streams.video[0]
        every = max(1, (s.frames or 0) // samples)
        pick = [f.to_image().convert("RGB").reduce(4)
                for i, f in enumerate(c.decode(s)) if i % every == 0]
    w, h = pick[0].size
    montage = Image.new("RGB", (w, h * len(pick)))
    for i, im in enumerate(pick):
        montage.paste(im, (0, i * h))
    return montage.quantize(colors=255, method=Image.Quantize.MEDIANCUT)


def write_gif(src: Path, out: Path, max_bytes: int, width: int = 640, fps: float = 10.0,
              min_width: int = 240, min_fps: float = 5.0) -> tuple[int, float, int]:
    """Convert a clip to a looping GIF no larger than ``max_bytes``.

    Starts at ``width`` px and ``fps``; while the file is over the cap, shrinks the
    frame (area in proportion to the overshoot) down to ``min_width``, then halves
    the frame rate down to ``min_fps``. Returns (width, fps, bytes); raises
    :class:`GifTooLarge` (leaving no file) when even the smallest preset is over.
    """
    with av.open(str(src)) as c:
        src_w = c.streams.video[0].codec_context.width
    width = min(width, src_w)
    palette = _palette(src)
    for _ in range(8):
        size = _gif_attempt(src, out, width, fps, palette)
        if size <= max_bytes:
            return width, fps, size
        shrink = (max_bytes / size) ** 0.5 * 0.95
        if width > min_width:
            width = max(min_width, int(width * shrink) // 2 * 2)
        elif fps > min_fps:
            fps = max(min_fps, fps / 2)
        else:
            break
    out.unlink(missing_ok=True)
    raise GifTooLarge(f"{out.name} is {size / 1e6:.1f} MB even at {width} px and {fps:g} fps, "
                      f"over the {max_bytes / 1e6:g} MB cap")
