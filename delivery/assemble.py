"""Joining rendered clips into one lecture: video (no re-encoding), audio, chapters, subtitles.

Pure PyAV, numpy and text; no manim import, so it is quick to test on tiny clips.

The video packets are copied as they are. The sound becomes one AAC track on one
grid of 1024-sample frames, counted from the lecture's start, so nothing drifts
however long the lecture: copying each clip's AAC packets end to end would add the
encoder's priming and padding at every scene boundary (about 50 ms a scene, the
voice drifting behind the pictures). So each scene's sound is decoded, cut or
padded to exactly its video's length, and laid at its chapter's start; where a
clip's AAC matches the track's (Manim's 48 kHz AAC does), the packets between its
first and last quiet moments are copied onto the grid (at most 11 ms off) and only
the rest, the scene's opening and its ends, is encoded again, with the seams in
quiet so they do not click (a whole lecture's sound: about 3 s instead of 10).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

__all__ = ["Part", "add_audio", "iso639_2", "audio_duration", "decode_audio", "has_audio",
           "join_videos",
           "join_subtitles", "shift_srt", "true_peak_db", "video_duration"]

#: ISO 639-1 (the language table's codes) to ISO 639-2/T, as MP4 audio tracks name them.
_ISO639_2 = {"en": "eng", "zh": "zho", "es": "spa", "fr": "fra", "de": "deu", "ja": "jpn",
             "ko": "kor", "pt": "por", "it": "ita", "ru": "rus", "ar": "ara", "hi": "hin",
             "nl": "nld", "pl": "pol", "tr": "tur", "vi": "vie", "id": "ind", "uk": "ukr"}


def iso639_2(code: str) -> str:
    """The three-letter tag of a language code (``und`` when unknown).

    >>> iso639_2("zh"), iso639_2("es"), iso639_2("xx")
    ('zho', 'spa', 'und')
    """
    return _ISO639_2.get(code.split("-")[0].lower(), "und")


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


def _loud_true_peak(samples: np.ndarray, reach: int = 128) -> float:
    """True peak (dBTP) where it can come near the ceiling: only around samples above
    ``_PEAK_CHECK`` (an inter-sample peak is at most a few dB above its samples), so a
    scene's check takes milliseconds, not a second. -99 when nothing is that loud."""
    loud = np.flatnonzero(np.abs(samples).max(axis=0, initial=0) > _PEAK_CHECK)
    if loud.size == 0:
        return -99.0
    breaks = np.flatnonzero(np.diff(loud) > 2 * reach)
    firsts, lasts = loud[np.r_[0, breaks + 1]], loud[np.r_[breaks, loud.size - 1]]
    gap = np.zeros((samples.shape[0], reach), samples.dtype)  # keeps the stretches apart
    stretches = [samples[:, max(0, a - reach):b + reach] for a, b in zip(firsts, lasts,
                                                                          strict=True)]
    return true_peak_db(np.concatenate([x for s in stretches for x in (s, gap)], axis=1))


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


FRAME = 1024  # samples in an AAC-LC frame: the grid every packet of the track sits on
CONTEXT = 2 * FRAME  # what an encoder is fed beyond the packets kept, and the quiet a splice needs
QUIET = 1e-3  # below this (-60 dBFS) a stretch counts as silence
MAX_SHIFT = 0.0125  # s: copied packets may sit this far off (half a frame at 40 fps)
CHUNK = 1 << 19  # samples fed to an encoder at once: memory stays small for any length
CEILING_DBTP = -1.0  # the narration's true-peak ceiling, which the lecture keeps
HEADROOM = 0.5  # dB below the ceiling for a part brought down: AAC may overshoot again
_PEAK_CHECK = 10 ** ((CEILING_DBTP - 1.0) / 20)  # sample peaks below this need no true peak


def true_peak_db(samples: np.ndarray) -> float:
    """True peak (dBTP) of (channels, n) samples: their peak oversampled 4 times (BS.1770)."""
    from scipy.signal import resample_poly

    peak = max((float(np.abs(resample_poly(ch, 4, 1)).max(initial=0)) for ch in samples),
               default=0.0)
    return 20 * np.log10(max(peak, 1e-12))


def _encoder(rate: int, layout: str) -> av.CodecContext:
    ctx = av.CodecContext.create("aac", "w")
    ctx.sample_rate, ctx.layout, ctx.format = rate, layout, "fltp"
    ctx.time_base = Fraction(1, rate)
    ctx.bit_rate = AUDIO_BITRATE
    # FFmpeg's fast coder: a third quicker than its default (two-loop) search; at
    # 128 kb/s speech stays transparent.
    ctx.options = {"aac_coder": "fast"}
    return ctx


def _extradata(rate: int, layout: str) -> bytes:
    """The AudioSpecificConfig our encoder writes: packets with the same one can be mixed."""
    ctx = _encoder(rate, layout)
    ctx.open()
    return bytes(ctx.extradata or b"")


def _encode(signal, first: int, last: int, total: int, rate: int, layout: str
            ) -> list[av.Packet]:
    """AAC packets for samples [first, last) of the track, ``signal(a, b)`` giving samples.

    The encoder is fed ``CONTEXT`` samples more on both sides and only the packets
    inside are kept, so they join the packets around them without a seam; the
    track's first run keeps the encoder's priming packet (the MP4's edit list skips
    it), its last run ends on the track's last sample.
    """
    ctx = _encoder(rate, layout)
    a, b = max(0, first - CONTEXT), min(total, last + CONTEXT)
    packets = []
    for lo in range(a, b, CHUNK):
        hi = min(b, lo + CHUNK)
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(signal(lo, hi)),
                                           format="fltp", layout=layout)
        frame.sample_rate, frame.pts, frame.time_base = rate, lo, Fraction(1, rate)
        packets += ctx.encode(frame)
    packets += ctx.encode(None)
    for p in packets:
        p.time_base = Fraction(1, rate)
    return [p for p in packets if first <= p.pts < last or (first == 0 and p.pts < 0)]


@dataclass
class _Placed:
    """One part's sound in the track: pieces (track start, part start, part end) in samples,
    and the run of the part's own AAC packets copied as they are (track pts)."""

    path: Path
    pieces: list[tuple[int, int, int]]
    copied: list[av.Packet]
    gain: float = 1.0


def _place(path: Path, start: int, end: int, next_start: int, rate: int, layout: str,
           extradata: bytes, samples: np.ndarray) -> _Placed:
    """Where the part's sound goes, and which of its packets can be copied.

    Packets sit on the track's 1024-sample grid, a part's start seldom does: a part's
    packets can only be copied shifted to the grid (by at most 512 samples, 11 ms at
    48 kHz, less than a frame at 60 fps). So its opening (up to its first quiet
    moment) is encoded again, laid exactly at its chapter's start, and the copied run
    starts and ends in quiet, where the shift is inaudible and the seam is clean
    (encoders that disagree on transients would leave a click mid-word).
    """
    length = min(end - start, samples.shape[1])
    whole = _Placed(path, [(start, 0, end - start)], [])
    if samples.shape[1] == 0:
        return whole
    with av.open(str(path)) as c:
        a = c.streams.audio[0]
        ctx = a.codec_context
        if (ctx.name != "aac" or ctx.sample_rate != rate or ctx.layout.name != layout
                # the AudioSpecificConfig's core (object type, rate, channels) must agree;
                # our encoder adds an explicit no-SBR extension, Manim's file has none
                or bytes(ctx.extradata or b"")[:2] != extradata[:2]
                or FRAME / 2 / rate > MAX_SHIFT):
            return whole
        packets = [p for p in c.demux(a) if p.dts is not None and p.pts is not None]
    if not packets or packets[0].pts != 0:
        return whole
    grid = start + (-start) % FRAME if start % FRAME > FRAME // 2 else start - start % FRAME
    limit = min(length, next_start - grid, len(packets) * FRAME) - CONTEXT
    peak = np.abs(samples[:, :length]).max(axis=0)
    quiet = [r for r in range(CONTEXT, limit + 1, FRAME)
             if peak[r - CONTEXT:r + CONTEXT].max(initial=0) < QUIET]
    if len(quiet) < 2:
        return whole
    c0, c1 = quiet[0], quiet[-1]
    copied = [p for p in packets if c0 <= p.pts < c1]
    for p in copied:
        p.pts = p.dts = grid + p.pts
        p.time_base = Fraction(1, rate)
    cut = c0 - CONTEXT  # inside the quiet stretch: where the opening hands over
    return _Placed(path, [(start, 0, cut), (grid + cut, cut, end - start + start - grid)],
                   copied)


class _Signal:
    """The track's samples, from the parts' decoded sound as placed; two parts decoded at once."""

    def __init__(self, placed: list[_Placed], rate: int, layout: str) -> None:
        self.placed, self.rate, self.layout = placed, rate, layout
        self.channels = av.AudioLayout(layout).nb_channels
        self.decoded: dict[int, np.ndarray] = {}

    def samples(self, k: int) -> np.ndarray:
        if k not in self.decoded:
            if len(self.decoded) >= 2:
                self.decoded.pop(min(self.decoded))
            x, _ = decode_audio(self.placed[k].path, self.rate, self.layout)
            self.decoded[k] = x if x.shape[1] else np.zeros((self.channels, 0), np.float32)
        return self.decoded[k]

    def __call__(self, a: int, b: int) -> np.ndarray:
        out = np.zeros((self.channels, b - a), np.float32)
        for k, part in enumerate(self.placed):
            for at, lo, hi in part.pieces:
                s0, s1 = max(a, at), min(b, at + hi - lo)
                if s1 <= s0:
                    continue
                x = self.samples(k)[:, lo + s0 - at:lo + s1 - at]
                out[:, s0 - a:s0 - a + x.shape[1]] = x * part.gain
        return out


def _track(parts: list[Part], bounds: list[tuple[float, float]], rate: int, layout: str
           ) -> tuple[list[av.Packet], bytes, int]:
    """The lecture's AAC packets (track pts, time order), their extradata, and how many
    were copied from the parts rather than encoded again."""
    extradata = _extradata(rate, layout)
    starts = [round(a * rate) for a, _ in bounds]
    total = round(bounds[-1][1] * rate)
    placed = []
    for k, part in enumerate(parts):
        end = round(bounds[k][1] * rate)
        nxt = starts[k + 1] if k + 1 < len(parts) else total
        samples, _ = decode_audio(part.video, rate, layout)
        peak = _loud_true_peak(samples)
        if peak > CEILING_DBTP:
            # Over the ceiling (an encoder's overshoot): this part is encoded again, a
            # little quieter, rather than copied.
            placed.append(_Placed(part.video, [(starts[k], 0, end - starts[k])], [],
                                  10 ** ((CEILING_DBTP - HEADROOM - peak) / 20)))
        else:
            placed.append(_place(part.video, starts[k], end, nxt, rate, layout, extradata,
                                 samples))
    signal = _Signal(placed, rate, layout)
    packets: list[av.Packet] = []
    at = 0
    for run in [p.copied for p in placed if p.copied] + [[]]:
        upto = run[0].pts if run else total
        if upto > at or at == 0:
            packets += _encode(signal, at, upto, total, rate, layout)
        packets += run
        at = run[-1].pts + FRAME if run else total
    copied = sum(len(p.copied) for p in placed)
    return packets, extradata, copied


def add_audio(video: Path, samples: np.ndarray, rate: int, language: str = "und") -> None:
    """Give ``video`` (an MP4 without sound) the sound ``samples`` (channels, n) at ``rate``,
    cut or padded to the video's length, tagged ``language`` (ISO 639-2). The video
    packets are copied; the file is replaced only once complete."""
    layout = "mono" if samples.shape[0] == 1 else "stereo"
    samples = samples.astype(np.float32)
    tmp = video.with_name(f".{video.stem}.partial{video.suffix}")
    try:
        with av.open(str(video)) as src:
            template = src.streams.video[0]
            tb = template.time_base
            with av.open(str(tmp), "w", format="mp4") as dst:
                ostream = dst.add_stream_from_template(template)
                astream = dst.add_stream("aac", rate=rate, layout=layout)
                astream.metadata["language"] = language
                end = max((p.pts + p.duration for p in _shifted(video, tb, 0)), default=0)
                total = round(float(end * tb) * rate)

                def signal(a: int, b: int) -> np.ndarray:
                    x = samples[:, a:b]
                    return np.pad(x, ((0, 0), (0, b - a - x.shape[1])))

                audio = _encode(signal, 0, total, total, rate, layout)
                astream.codec_context.extradata = _extradata(rate, layout)
                for p in audio:
                    p.stream = astream
                _interleave(dst, _shifted(video, tb, 0, ostream), audio)
        os.replace(tmp, video)
    finally:
        if tmp.exists():
            tmp.unlink()


def _time(packet: av.Packet) -> float:
    t = packet.dts if packet.dts is not None else packet.pts
    return float(t * packet.time_base) if t is not None and packet.time_base else 0.0


def join_videos(parts: list[Part], out: Path, language: str = "und"
                ) -> list[tuple[str, float, float]]:
    """Concatenate the clips' video packets into ``out`` and mark one chapter per part.

    The parts must share codec, size and frame rate (one Manim quality), so packets
    are copied without re-encoding. When any part has sound, the lecture gets one
    AAC track (see the module's docstring) as long as its video, a silent part
    contributing silence; when none has, no audio track. Written to a temporary
    name and renamed, so an interrupted join never leaves a truncated lecture
    under the real name. ``language``: the audio track's ISO 639-2 tag (``zho``, see
    :func:`iso639_2`). Returns the chapters as (title, start s, end s).
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
            offsets = [0]  # in tb units
            for part in parts:
                with av.open(str(part.video)) as src:
                    s = src.streams.video[0]
                    if ((s.codec_context.width, s.codec_context.height) != size
                            or s.codec_context.name != codec):
                        raise ValueError(
                            f"{part.video.name} does not match the first clip's format; "
                            "render all scenes at one quality"
                        )
                # Two passes over the packets: this one finds where each part ends,
                # which its sound must fill; the second muxes. No frames held.
                offsets.append(max((p.pts + p.duration
                                    for p in _shifted(part.video, tb, offsets[-1])),
                                   default=offsets[-1]))
            bounds = [(float(a * tb), float(b * tb))
                      for a, b in zip(offsets, offsets[1:], strict=False)]
            audio: list[av.Packet] = []
            if sound:
                astream = dst.add_stream("aac", rate=sound[0], layout=sound[1])
                astream.metadata["language"] = language
                audio, extradata, _ = _track(parts, bounds, *sound)
                astream.codec_context.extradata = extradata
                for p in audio:
                    p.stream = astream
            i = 0
            for part, offset, (t0, t1) in zip(parts, offsets, bounds, strict=False):
                j = i
                while j < len(audio) and _time(audio[j]) < t1:
                    j += 1
                _interleave(dst, _shifted(part.video, tb, offset, ostream), audio[i:j])
                i = j
                chapters.append((part.title, t0, t1))
            for packet in audio[i:]:
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
    try:
        tmp.write_text(body, encoding="utf-8")
        os.replace(tmp, out)
    finally:  # a full disk: no half-written subtitles, neither here nor under out
        tmp.unlink(missing_ok=True)
    return len(cues)
