"""Joining rendered clips into one lecture: video (no re-encoding), audio, chapters, subtitles.

Pure PyAV, numpy and text; no manim import, so it is quick to test on tiny clips.

The video packets are copied as they are. The audio is decoded and encoded again
as one AAC track: each clip's AAC carries its own encoder priming and a padded last
frame, which copied packets would add at every scene boundary (about 50 ms a
scene, so the voice would drift behind the pictures). Decoded, each scene's sound
is cut or padded to exactly its video's length and laid at its chapter's start,
counted in samples from the lecture's start, so nothing drifts however long the
lecture.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

__all__ = ["Part", "add_audio", "audio_duration", "decode_audio", "has_audio", "join_videos",
           "join_subtitles", "shift_srt", "video_duration"]

AUDIO_BITRATE = 128_000  # AAC: transparent for speech at any of the voices' rates


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


def has_audio(path: Path) -> bool:
    """Whether the clip has an audio stream."""
    with av.open(str(path)) as c:
        return bool(c.streams.audio)


def audio_duration(path: Path) -> float:
    """The audio stream's duration in seconds as the container states it (0 if none).

    Decoders return AAC's padded last frame whole; the container's duration
    (its edit list) is what players play.
    """
    with av.open(str(path)) as c:
        if not c.streams.audio:
            return 0.0
        s = c.streams.audio[0]
        if s.duration is not None and s.time_base is not None:
            return float(s.duration * s.time_base)
    samples, rate = decode_audio(path)
    return samples.shape[1] / rate


def decode_audio(path: Path, rate: int | None = None,
                 layout: str | None = None) -> tuple[np.ndarray, int]:
    """The first audio stream as float32 samples, shape (channels, n), and its rate.

    ``rate`` / ``layout`` resample and remix (default: the stream's own). Samples
    are placed by their timestamps, so a stream that starts late starts with
    silence. A clip without audio gives an empty array and rate 0.
    """
    with av.open(str(path)) as c:
        if not c.streams.audio:
            return np.zeros((1, 0), np.float32), 0
        s = c.streams.audio[0]
        rate = rate or s.codec_context.sample_rate
        layout = layout or s.codec_context.layout.name
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        chunks: list[np.ndarray] = []
        first: float | None = None
        for frame in c.decode(s):
            if first is None and frame.pts is not None and frame.time_base is not None:
                first = float(frame.pts * frame.time_base)
            chunks += [f.to_ndarray() for f in resampler.resample(frame)]
        chunks += [f.to_ndarray() for f in resampler.resample(None)]
    channels = av.AudioLayout(layout).nb_channels
    samples = (np.concatenate(chunks, axis=1) if chunks
               else np.zeros((channels, 0), np.float32)).astype(np.float32)
    lead = max(0, round((first or 0.0) * rate))
    if lead:
        samples = np.pad(samples, ((0, 0), (lead, 0)))
    return samples, rate


def _audio_format(parts: list[Part]) -> tuple[int, str] | None:
    """Rate and layout of the lecture's track: the highest rate and most channels any part
    has (no part loses quality), or None when no part has sound."""
    rate, channels = 0, 0
    for part in parts:
        with av.open(str(part.video)) as c:
            if c.streams.audio:
                ctx = c.streams.audio[0].codec_context
                rate = max(rate, ctx.sample_rate)
                channels = max(channels, ctx.layout.nb_channels)
    if not rate:
        return None
    return rate, "mono" if channels == 1 else "stereo"


class _AudioTrack:
    """One AAC stream fed in order; each part's sound fills exactly its video's span."""

    def __init__(self, dst: av.container.OutputContainer, rate: int, layout: str) -> None:
        self.rate, self.layout = rate, layout
        self.stream = dst.add_stream("aac", rate=rate, layout=layout)
        self.stream.bit_rate = AUDIO_BITRATE
        # FFmpeg's fast coder: a third quicker than its default (two-loop) search, which
        # matters for a whole lecture's sound; at 128 kb/s speech stays transparent.
        self.stream.options = {"aac_coder": "fast"}
        self.written = 0  # samples handed to the encoder so far

    def add(self, part: Path, end: float) -> list[av.Packet]:
        """Encode the part's sound up to ``end`` s of the lecture; returns the packets."""
        samples, _ = decode_audio(part, self.rate, self.layout)
        if samples.shape[1] == 0:  # a silent clip among sounding ones: silence
            samples = np.zeros((av.AudioLayout(self.layout).nb_channels, 0), np.float32)
        return self.add_samples(samples, end)

    def add_samples(self, samples: np.ndarray, end: float) -> list[av.Packet]:
        """Encode (channels, n) samples, cut or padded to end at ``end`` s of the track."""
        n = round(end * self.rate) - self.written  # from the track's start: no drift
        samples = samples[:, :n]
        if samples.shape[1] < n:
            samples = np.pad(samples, ((0, 0), (0, n - samples.shape[1])))
        return self._encode(samples) if n > 0 else []

    def _encode(self, samples: np.ndarray | None) -> list[av.Packet]:
        if samples is None:
            return list(self.stream.encode(None))
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format="fltp",
                                           layout=self.layout)
        frame.sample_rate = self.rate
        frame.pts = self.written
        frame.time_base = Fraction(1, self.rate)
        self.written += samples.shape[1]
        return list(self.stream.encode(frame))

    def flush(self) -> list[av.Packet]:
        return self._encode(None)


def add_audio(video: Path, samples: np.ndarray, rate: int) -> None:
    """Give ``video`` (an MP4 without sound) the sound ``samples`` (channels, n) at ``rate``,
    cut or padded to the video's length. The video packets are copied; the file is
    replaced only once complete."""
    layout = "mono" if samples.shape[0] == 1 else "stereo"
    tmp = video.with_name(f".{video.stem}.partial{video.suffix}")
    try:
        with av.open(str(video)) as src:
            template = src.streams.video[0]
            tb = template.time_base
            with av.open(str(tmp), "w", format="mp4") as dst:
                ostream = dst.add_stream_from_template(template)
                track = _AudioTrack(dst, rate, layout)
                end = max((p.pts + p.duration for p in _shifted(video, tb, 0)), default=0)
                audio = [*track.add_samples(samples.astype(np.float32), float(end * tb)),
                         *track.flush()]
                _interleave(dst, _shifted(video, tb, 0, ostream), audio)
        os.replace(tmp, video)
    finally:
        if tmp.exists():
            tmp.unlink()


def _time(packet: av.Packet) -> float:
    t = packet.dts if packet.dts is not None else packet.pts
    return float(t * packet.time_base) if t is not None and packet.time_base else 0.0


def join_videos(parts: list[Part], out: Path) -> list[tuple[str, float, float]]:
    """Concatenate the clips' video packets into ``out`` and mark one chapter per part.

    The parts must share codec, size and frame rate (one Manim quality), so packets
    are copied without re-encoding. When any part has sound, the lecture gets one
    AAC track (see the module's docstring) as long as its video, a silent part
    contributing silence; when none has, no audio track. Written to a temporary
    name and renamed, so an interrupted join never leaves a truncated lecture
    under the real name. Returns the chapters as (title, start s, end s).
    """
    if not parts:
        raise ValueError("no clips to join")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.partial{out.suffix}")
    chapters: list[tuple[str, float, float]] = []
    sound = _audio_format(parts)
    try:
        with av.open(str(tmp), "w", format="mp4") as dst:
            with av.open(str(parts[0].video)) as first:
                template = first.streams.video[0]
                ostream = dst.add_stream_from_template(template)
                tb = template.time_base
                size = (template.codec_context.width, template.codec_context.height)
                codec = template.codec_context.name
            track = _AudioTrack(dst, *sound) if sound else None
            offset = 0  # in tb units
            for part in parts:
                with av.open(str(part.video)) as src:
                    s = src.streams.video[0]
                    if ((s.codec_context.width, s.codec_context.height) != size
                            or s.codec_context.name != codec):
                        raise ValueError(
                            f"{part.video.name} does not match the first clip's format; "
                            "render all scenes at one quality"
                        )
                # Two passes over the packets: the first finds where the part ends,
                # which its sound must fill; the second muxes. No frames held.
                end = max((p.pts + p.duration for p in _shifted(part.video, tb, offset)),
                          default=offset)
                audio = track.add(part.video, float(end * tb)) if track else []
                _interleave(dst, _shifted(part.video, tb, offset, ostream), audio)
                chapters.append((part.title, float(offset * tb), float(end * tb)))
                offset = end
            if track:
                for packet in track.flush():
                    dst.mux(packet)
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


def _shifted(path: Path, tb: Fraction, offset: int, stream: av.VideoStream | None = None):
    """The clip's video packets in ``tb`` units, shifted by ``offset``, moved to ``stream``."""
    with av.open(str(path)) as src:
        s = src.streams.video[0]
        for packet in src.demux(s):
            if packet.dts is None:
                continue
            duration = _rescale(packet.duration or 0, s.time_base, tb)
            packet.pts = _rescale(packet.pts, s.time_base, tb) + offset
            packet.dts = _rescale(packet.dts, s.time_base, tb) + offset
            packet.time_base = tb
            packet.duration = duration
            if stream is not None:
                packet.stream = stream
            yield packet


def _interleave(dst: av.container.OutputContainer, video, audio: list[av.Packet]) -> None:
    """Mux both streams in time order, so players and seeking read the file evenly."""
    i = 0
    for packet in video:
        while i < len(audio) and _time(audio[i]) <= _time(packet):
            dst.mux(audio[i])
            i += 1
        dst.mux(packet)
    for packet in audio[i:]:
        dst.mux(packet)


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
