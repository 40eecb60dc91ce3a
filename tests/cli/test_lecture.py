"""Our lecture file, the narration of joined clips, and one manim render's file names.

The lecture command itself (lecture files, incremental work, outputs) is tested in
tests/cli/test_lecture_file.py.
"""

import subprocess

import pytest

from delivery.launch import MANIM
from delivery.lecturefile import OURS, load, scenes_of

ARTICLE = ["intro", "neuron", "network", "descent", "network", "space", "warp", "depth"]


def test_our_lecture_file_follows_the_articles_order():
    modules = [e.module for e in scenes_of(OURS)]
    collapsed = [m for i, m in enumerate(modules) if i == 0 or m != modules[i - 1]]
    assert collapsed == ARTICLE  # network twice: loss before descent, backprop after it
    scenes = [e.scene for e in scenes_of(OURS)]
    assert scenes.index("LossFunction") < scenes.index("GradientDescent") < scenes.index(
        "Backpropagation")
    for e in scenes_of(OURS):  # every scene of the lecture exists where the file says
        assert f"\nclass {e.scene}(" in e.path.read_text()
    from narration import languages

    assert set(load(OURS).languages) == set(languages.codes())  # every language we ship


@pytest.fixture(scope="module")
def spoken_clip(tmp_path_factory):
    """The tiny scene rendered by Manim (as the lecture runs it) with its two beats' sound."""
    from tests.cli.deliver_helpers import ROOT, TINY

    media = tmp_path_factory.mktemp("spoken")
    proc = subprocess.run(
        [*MANIM, "render", "-ql", str(TINY), "TwoBeats",
         "--media_dir", str(media), "--disable_caching", "--progress_bar", "none"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return media / "videos" / "tiny_scene" / "480p15" / "TwoBeats.mp4"


def test_lecture_of_spoken_scenes_speaks_where_its_subtitles_say(spoken_clip, tmp_path):
    """Two narrated scenes joined: one AAC track as long as the video, each beat's voice
    starting at its subtitle cue (within a frame, silence just before it), at -16 LUFS."""
    import numpy as np

    from delivery.assemble import (
        Part,
        audio_duration,
        decode_audio,
        join_subtitles,
        join_videos,
        shift_srt,
        video_duration,
    )
    from tests.cli.sound import loudness, onsets, true_peak_db

    frame = 1 / 15
    parts = [Part(spoken_clip, f"Scene {i}", spoken_clip.with_suffix(".srt")) for i in (1, 2)]
    out = tmp_path / "lecture.mp4"
    chapters = join_videos(parts, out)
    join_subtitles(parts, chapters, out.with_suffix(".srt"))
    import av
    with av.open(str(out)) as c:
        assert [s.codec_context.name for s in c.streams.audio] == ["aac"]
    assert audio_duration(out) == pytest.approx(video_duration(out), abs=frame)
    cues = [a for a, _, _ in shift_srt(out.with_suffix(".srt").read_text(), 0)]
    assert len(cues) == 4 and cues[2] == pytest.approx(chapters[1][1], abs=1e-3)
    samples, rate = decode_audio(out)
    voice = samples.mean(axis=0)
    heard = onsets(voice, rate, threshold=0.02)
    for cue in cues:
        assert min(abs(t - cue) for t in heard) <= frame, (cue, heard)
        if cue > 0:  # the beat before has fallen silent
            before = voice[int((cue - 0.2) * rate):int((cue - frame) * rate)]
            assert np.abs(before).max() < 0.01, cue
    assert loudness(samples, rate) == pytest.approx(-16, abs=1.0)
    assert true_peak_db(samples, rate) <= -1.0
    from delivery.assemble import _audio_format, _track

    packets, _, copied = _track(parts, [(a, b) for _, a, b in chapters], *_audio_format(parts))
    assert copied > 0.5 * len(packets)  # Manim's AAC is mostly copied, not encoded again


def test_a_render_names_its_language_and_leaves_no_wav(spoken_clip, tmp_path):
    """`manim render` with DEEPWARP_LANG=zh writes TwoBeats.zh.mp4/.srt beside the English
    TwoBeats.mp4/.srt (scenes/common/naming.py); no scene WAV is left beside either."""
    import os

    from tests.cli.deliver_helpers import ROOT, TINY

    media = spoken_clip.parents[3]
    proc = subprocess.run(
        [*MANIM, "render", "-ql", str(TINY), "TwoBeats", "--media_dir", str(media),
         "--disable_caching", "--progress_bar", "none"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "DEEPWARP_LANG": "zh"})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    folder = spoken_clip.parent
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert names == ["TwoBeats.mp4", "TwoBeats.srt", "TwoBeats.zh.mp4", "TwoBeats.zh.srt"]


def test_joined_audio_is_tagged_with_its_language(spoken_clip, tmp_path):
    import av

    from delivery.assemble import Part, iso639_2, join_videos

    out = tmp_path / "lecture.zh.mp4"
    join_videos([Part(spoken_clip, "One")], out, iso639_2("zh"))
    with av.open(str(out)) as c:
        assert c.streams.audio[0].metadata.get("language") == "zho"


@pytest.mark.parametrize("target", ["lecture", "slides", "clip", "storyboard", "warp", "bench"])
def test_media_reaches_every_make_target(target, tmp_path):
    """`make X MEDIA=dir` passes the folder on (make lecture once ignored it)."""
    import shutil

    from tests.cli.deliver_helpers import ROOT

    if shutil.which("make") is None:
        pytest.skip("no make on this machine")
    media = tmp_path / "elsewhere"
    r = subprocess.run(["make", "-n", target, f"MEDIA={media}", "DATA=x.csv", "SCENE=A"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    line = [x for x in r.stdout.splitlines() if "deepwarp" in x or "delivery." in x
            or "bench/run.py" in x][-1]
    assert f"--media {media}" in line
