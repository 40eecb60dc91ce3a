"""Joining clips: packets copied in order, chapters per part, subtitles shifted, one
continuous audio track in step with the chapters."""

from fractions import Fraction

import av
import numpy as np
import pytest

from delivery.assemble import (
    Part,
    audio_duration,
    decode_audio,
    has_audio,
    join_subtitles,
    join_videos,
    shift_srt,
    video_duration,
)
from tests.cli.sound import loudness, onsets, speechlike, tone_bursts, true_peak_db


def _frame(audio, rate, layout):
    f = av.AudioFrame.from_ndarray(np.ascontiguousarray(audio, np.float32), format="fltp",
                                   layout=layout)
    f.sample_rate, f.pts, f.time_base = rate, 0, Fraction(1, rate)
    return f


def _clip(path, frames, fps=15, size=(64, 48), shade=0, audio=None, rate=22050, layout="mono",
          manim_like=False):
    """A tiny H.264 clip; ``audio`` (channels, n) float samples become its AAC track.

    ``manim_like``: the AAC goes through an ADTS file first, as Manim 0.21 does, so the
    MP4 has no edit list and its first packet (the encoder's priming) has pts 0.
    """
    adts = path.with_suffix(".aac")
    if audio is not None and manim_like:
        with av.open(str(adts), "w", format="adts") as raw:
            a = raw.add_stream("aac", rate=rate, layout=layout)
            for p in [*a.encode(_frame(audio, rate, layout)), *a.encode(None)]:
                raw.mux(p)
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=fps)
        s.width, s.height, s.pix_fmt = size[0], size[1], "yuv420p"
        if audio is not None and manim_like:
            raw = av.open(str(adts))
            a = c.add_stream_from_template(raw.streams.audio[0])
        elif audio is not None:
            a = c.add_stream("aac", rate=rate, layout=layout)
        for i in range(frames):
            img = np.full((size[1], size[0], 3), (shade + 10 * i) % 255, dtype=np.uint8)
            for p in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                c.mux(p)
        for p in s.encode():
            c.mux(p)
        if audio is not None and manim_like:
            for p in raw.demux(raw.streams.audio[0]):
                if p.dts is not None:
                    p.stream = a
                    c.mux(p)
            raw.close()
            adts.unlink()
        elif audio is not None:
            for p in [*a.encode(_frame(audio, rate, layout)), *a.encode(None)]:
                c.mux(p)


def test_join_copies_every_frame_and_marks_chapters(tmp_path):
    _clip(tmp_path / "a.mp4", 30)
    _clip(tmp_path / "b.mp4", 15, shade=100)
    (tmp_path / "a.srt").write_text("1\n00:00:00,000 --> 00:00:01,500\nfirst\n\n"
                                    "2\n00:00:01,500 --> 00:00:02,100\nlate\n")
    (tmp_path / "b.srt").write_text("1\n00:00:00,200 --> 00:00:00,900\nsecond\n")
    parts = [Part(tmp_path / "a.mp4", "Scene A", tmp_path / "a.srt"),
             Part(tmp_path / "b.mp4", "Scene B", tmp_path / "b.srt")]
    out = tmp_path / "lecture.mp4"
    chapters = join_videos(parts, out)
    assert [c[0] for c in chapters] == ["Scene A", "Scene B"]
    assert chapters[0][2] == pytest.approx(2.0, abs=0.07)
    assert chapters[1][1] == chapters[0][2]
    assert video_duration(out) == pytest.approx(3.0, abs=0.1)
    with av.open(str(out)) as c:
        assert sum(1 for _ in c.decode(video=0)) == 45
        titles = [ch["metadata"]["title"] for ch in c.chapters()]
    assert titles == ["Scene A", "Scene B"]
    srt = tmp_path / "lecture.srt"
    assert join_subtitles(parts, chapters, srt) == 3
    cues = shift_srt(srt.read_text(), 0)
    assert cues[2][2] == "second"
    assert cues[2][0] == pytest.approx(chapters[1][1] + 0.2, abs=1e-3)
    assert cues[1][1] <= chapters[0][2] + 1e-3  # clipped to its scene's end
    assert not list(tmp_path.glob(".*partial*"))


def test_mismatched_clips_are_refused_and_leave_nothing(tmp_path):
    _clip(tmp_path / "a.mp4", 5)
    _clip(tmp_path / "b.mp4", 5, size=(32, 24))
    with pytest.raises(ValueError, match="one quality"):
        join_videos([Part(tmp_path / "a.mp4", "A"), Part(tmp_path / "b.mp4", "B")],
                    tmp_path / "out.mp4")
    assert not (tmp_path / "out.mp4").exists()
    assert not list(tmp_path.glob(".*partial*"))


def test_shift_srt_parses_times():
    cues = shift_srt("1\n00:01:02,500 --> 00:01:03,000\nhello\nworld\n", 10)
    assert cues == [(72.5, 73.0, "hello\nworld")]


FPS = 15
FRAME = 1 / FPS


def test_joined_audio_is_one_track_in_step_with_the_chapters(tmp_path):
    """Bursts at each clip's start are heard at each chapter's start; no drift, no priming gaps.

    The clips differ on purpose: 22.05 kHz mono, 48 kHz stereo, sound shorter and
    longer than the picture, and a clip with no sound at all (silence is filled).
    """
    specs = [  # frames, seconds of sound, rate, layout
        (30, 2.0, 22050, "mono"),
        (17, 0.8, 48000, "stereo"),  # sound ends early: padded with silence
        (23, 2.5, 22050, "mono"),  # sound outlasts the picture: cut
        (13, None, 0, ""),  # no sound
        (20, 20 / FPS, 22050, "mono"),
    ]
    parts = []
    for i, (frames, seconds, rate, layout) in enumerate(specs):
        path = tmp_path / f"{i}.mp4"
        if seconds is None:
            _clip(path, frames)
        else:
            mono = tone_bursts(seconds, rate, at=[0.0])
            audio = np.stack([mono] * (2 if layout == "stereo" else 1))
            _clip(path, frames, audio=audio, rate=rate, layout=layout)
        parts.append(Part(path, f"S{i}"))
    out = tmp_path / "lecture.mp4"
    chapters = join_videos(parts, out)
    with av.open(str(out)) as c:
        assert len(c.streams.audio) == 1
        a = c.streams.audio[0]
        assert a.codec_context.name == "aac"
        assert (a.codec_context.sample_rate, a.codec_context.layout.name) == (48000, "stereo")
    assert audio_duration(out) == pytest.approx(video_duration(out), abs=FRAME)
    assert video_duration(out) == pytest.approx(sum(f for f, *_ in specs) / FPS, abs=1e-6)
    samples, rate = decode_audio(out)
    heard = onsets(samples[0], rate)
    starts = [start for (_, start, _), spec in zip(chapters, specs, strict=True) if spec[1]]
    assert len(heard) == len(starts), (heard, starts)
    for got, want in zip(heard, starts, strict=True):
        assert got == pytest.approx(want, abs=FRAME)
    # the silent clip is silent in the lecture, the padded end of clip 1 too
    silent = chapters[3]
    assert np.abs(samples[:, int(silent[1] * rate) + 100:int(silent[2] * rate) - 100]).max() < 0.01
    assert np.abs(samples[:, int((chapters[1][1] + 0.9) * rate):int(chapters[1][2] * rate)]
                  ).max() < 0.01


def test_no_sound_anywhere_gives_no_audio_track(tmp_path):
    _clip(tmp_path / "a.mp4", 10)
    _clip(tmp_path / "b.mp4", 10)
    join_videos([Part(tmp_path / "a.mp4", "A"), Part(tmp_path / "b.mp4", "B")],
                tmp_path / "out.mp4")
    assert not has_audio(tmp_path / "out.mp4")
    assert audio_duration(tmp_path / "out.mp4") == 0.0


def test_joined_loudness_stays_at_the_target_and_below_the_peak_ceiling(tmp_path):
    """Clips normalised to -16 LUFS / -1 dBTP (the narration's contract) join into a lecture
    within 1 LU of -16 LUFS whose true peak, after AAC twice, is still at most -1 dBTP."""
    rate, parts = 22050, []
    for i, seconds in enumerate([6.0, 4.0, 5.0]):
        voice = speechlike(seconds, rate, seed=i)
        _clip(tmp_path / f"{i}.mp4", int(seconds * FPS), audio=voice[None], rate=rate)
        parts.append(Part(tmp_path / f"{i}.mp4", f"S{i}"))
        got, _ = decode_audio(parts[-1].video)
        assert loudness(got, rate) == pytest.approx(-16, abs=0.5)  # the clips are as promised
    out = tmp_path / "lecture.mp4"
    join_videos(parts, out)
    samples, rate = decode_audio(out)
    assert loudness(samples, rate) == pytest.approx(-16, abs=1.0)
    assert true_peak_db(samples, rate) <= -1.0
    assert np.abs(samples).max() < 1.0  # no clipping


def test_manims_aac_is_copied_between_quiet_seams_and_stays_in_step(tmp_path):
    """Clips as Manim writes them (48 kHz AAC, no edit list) keep most of their packets;
    each part's opening is encoded again and laid at its chapter's exact start, the
    copied rest at most MAX_SHIFT off, and the seams (all in quiet) do not click."""
    from delivery.assemble import MAX_SHIFT, _track

    rate, frames = 48000, [31, 29, 37]  # starts off the 1024-sample grid
    parts = []
    for i, n in enumerate(frames):
        mono = tone_bursts(n / FPS, rate, at=[0.0, 1.0])
        path = tmp_path / f"{i}.mp4"
        _clip(path, n, audio=np.stack([mono, mono]), rate=rate, layout="stereo",
              manim_like=True)
        parts.append(Part(path, f"S{i}"))
    out = tmp_path / "lecture.mp4"
    chapters = join_videos(parts, out)
    packets, _, copied = _track(parts, [(a, b) for _, a, b in chapters], rate, "stereo")
    assert copied > 0.7 * len(packets)
    assert audio_duration(out) == pytest.approx(video_duration(out), abs=FRAME)
    samples, got_rate = decode_audio(out)
    assert got_rate == rate
    heard = onsets(samples[0], rate)
    assert len(heard) == 2 * len(parts), heard
    # Manim's clips start with the encoder's priming (1024 samples, 21 ms) in their
    # timeline; the join keeps what the clip plays.
    lag = 1024 / rate
    for k, (_, start, _) in enumerate(chapters):
        assert heard[2 * k] == pytest.approx(start + lag, abs=0.006)  # exact, but the 5 ms RMS
        assert heard[2 * k + 1] == pytest.approx(start + 1.0 + lag, abs=MAX_SHIFT + 0.006)
    # no clicks: away from the bursts the lecture is silent
    quiet = np.ones(samples.shape[1], bool)
    for t in heard:
        quiet[max(0, int((t - 0.02) * rate)):int((t + 0.33) * rate)] = False
    assert np.abs(samples[:, quiet]).max() < 0.01


def test_a_part_over_the_peak_ceiling_is_brought_under_it(tmp_path):
    """A clip whose true peak is over -1 dBTP (an encoder's overshoot) is encoded again a
    little quieter; the others keep their level and their copied packets."""
    from delivery.assemble import _track

    rate, parts, levels = 48000, [], [0.5, 0.97]  # the second peaks near 0 dBTP
    for i, level in enumerate(levels):
        mono = tone_bursts(2.0, rate, at=[0.0, 1.0]) * (level / 0.5)
        _clip(tmp_path / f"{i}.mp4", 30, audio=np.stack([mono, mono]), rate=rate,
              layout="stereo", manim_like=True)
        parts.append(Part(tmp_path / f"{i}.mp4", f"S{i}"))
    assert true_peak_db(decode_audio(parts[1].video)[0], rate) > -1.0
    out = tmp_path / "lecture.mp4"
    chapters = join_videos(parts, out)
    samples, _ = decode_audio(out)
    assert true_peak_db(samples, rate) <= -1.0
    first = samples[:, :int(chapters[0][2] * rate)]
    assert np.abs(first).max() == pytest.approx(0.5, abs=0.02)  # untouched
    _, _, copied = _track(parts, [(a, b) for _, a, b in chapters], rate, "stereo")
    assert copied > 0  # the first part is still copied
