"""Recordings as lecturers make them: phone and laptop formats, checked by content."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import narration
from tests.narration.spoken_scene import Spoken
from tests.scenes.frames import render_last_frame

# (suffix, container format, codec, sample format, rate): what recorders write.
FORMATS = [
    (".m4a", "mp4", "aac", "fltp", 44100),     # a phone's voice memo
    (".mp3", "mp3", "libmp3lame", "s16p", 44100),
    (".flac", "flac", "flac", "s16", 48000),
    (".ogg", "ogg", "libopus", "s16", 48000),  # a browser or Android recorder
]


def _tone(seconds: float, rate: int) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * 220 * t) * np.sin(np.pi * t / seconds) ** 2).astype(np.float32)


def _encode(path: Path, container: str, codec: str, fmt: str, rate: int, seconds: float) -> None:
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    x = _tone(seconds, rate)
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        planar = fmt.endswith("p")
        samples = (x * 32767).astype(np.int16) if fmt.startswith("s16") else x
        frame_size = 1024
        for i in range(0, len(samples), frame_size):
            chunk = samples[i:i + frame_size]
            frame = av.AudioFrame.from_ndarray(chunk[None, :] if planar else chunk[None, :],
                                               format=fmt, layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = rate, i, Fraction(1, rate)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


@pytest.fixture
def voices(tmp_path, monkeypatch):
    monkeypatch.setenv("DEEPWARP_NARRATION", "on")
    monkeypatch.setenv("DEEPWARP_LANG", "en")
    monkeypatch.setenv("DEEPWARP_VOICE_DIR", str(tmp_path / "voice"))
    return tmp_path / "voice" / "en" / "Spoken"


@pytest.mark.parametrize("suffix, container, codec, fmt, rate", FORMATS)
def test_a_recording_in_a_recorders_format_replaces_the_voice(voices, tmp_path, suffix,
                                                              container, codec, fmt, rate):
    _encode(voices / f"01-one{suffix}", container, codec, fmt, rate, 3.0)
    scene, _ = render_last_frame(Spoken, tmp_path / "media")
    (s1, d1), (s2, _) = scene.spoken
    # Lossy coders add a little silence (priming, padding): within 60 ms of the 3 s said.
    assert d1 == pytest.approx(3.0, abs=0.06)
    assert s2 == pytest.approx(d1 + Spoken.BREATH)
    said = narration.speech("x", "en", scene="Spoken", number=1, beat="one")
    assert said.source == "recording"
    assert narration.loudness(said.samples / 32768, said.rate) == pytest.approx(-16, abs=0.6)


def test_content_decides_not_the_name(voices):
    # FLAC bytes under an .m4a name still play; a text file under .m4a is refused.
    _encode(voices / "01-one.m4a", "flac", "flac", "s16", 48000, 2.0)
    assert narration.speech("x", "en", scene="Spoken", number=1, beat="one").duration == \
        pytest.approx(2.0, abs=0.02)
    (voices / "01-one.m4a").write_text("my notes for this beat")
    with pytest.raises(narration.RecordingError, match=r"01-one\.m4a cannot be read"):
        narration.speech("x", "en", scene="Spoken", number=1, beat="one")


def test_two_recordings_for_one_beat_is_one_line(voices):
    _encode(voices / "01-one.mp3", "mp3", "libmp3lame", "s16p", 44100, 1.0)
    _encode(voices / "01-one.flac", "flac", "flac", "s16", 48000, 1.0)
    with pytest.raises(narration.RecordingError,
                       match=r"beat 1 of Spoken has 2 recordings .*01-one\.flac.*"
                             r"01-one\.mp3.*keep one"):
        narration.speech("x", "en", scene="Spoken", number=1, beat="one")


def test_a_recordings_marks_fall_by_the_share_of_text_before_them(voices):
    _encode(voices / "01-one.flac", "flac", "flac", "s16", 48000, 4.0)
    text = "One two three. <bookmark mark='half'/>Four five six."
    said = narration.speech(text, "en", scene="Spoken", number=1, beat="one")
    assert said.marks["half"] == pytest.approx(said.duration / 2, abs=0.01)
    assert [p[0] for p in said.phrases] == ["One two three.", "Four five six."]
