"""Joining clips: packets copied in order, chapters per part, subtitles shifted."""


import av
import numpy as np
import pytest

from delivery.assemble import Part, join_subtitles, join_videos, shift_srt, video_duration


def _clip(path, frames, fps=15, size=(64, 48), shade=0):
    with av.open(str(path), "w") as c:
        s = c.add_stream("libx264", rate=fps)
        s.width, s.height, s.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(frames):
            img = np.full((size[1], size[0], 3), (shade + 10 * i) % 255, dtype=np.uint8)
            for p in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                c.mux(p)
        for p in s.encode():
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
