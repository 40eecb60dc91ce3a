"""The lecture runner: order, per-language outputs, argument errors, one failure among many."""

import subprocess
import sys

import pytest

from delivery import lecture
from delivery.lecture import LECTURE, Entry, Result, available, output_paths
from tests.cli.test_assemble import _clip

ARTICLE = ["intro", "neuron", "network", "descent", "network", "space", "warp", "depth"]


def test_scenes_follow_the_articles_order():
    modules = [e.module for e in LECTURE]
    collapsed = [m for i, m in enumerate(modules) if i == 0 or m != modules[i - 1]]
    assert collapsed == ARTICLE  # network twice: loss before descent, backprop after it
    assert [e.scene for e in LECTURE].index("LossFunction") < [e.scene for e in LECTURE].index(
        "GradientDescent") < [e.scene for e in LECTURE].index("Backpropagation")
    assert len(available()) == len(LECTURE)  # every scene of the lecture exists


def test_each_language_has_its_own_clip():
    e = Entry("warp", "UntangleCurves")
    en, zh = output_paths(e, "l", "en"), output_paths(e, "l", "zh")
    assert en[0].name == "UntangleCurves.mp4" and zh[0].name == "UntangleCurves_zh.mp4"
    assert zh[1].name == "UntangleCurves_zh.srt"


@pytest.mark.parametrize("args,message", [
    (["--quality", "x"], "QUALITY='x'; allowed: l, m, h, p, k"),
    (["--jobs", "0"], "JOBS=0; allowed"),
    (["--lang", "fr"], "LECTURE_LANG='fr'; allowed: en, zh"),
    (["--only", "Scene3"], "unknown scene Scene3; allowed: FindTheFunction"),
    (["--narration", "loud"], "NARRATION='loud'; allowed: on, off"),
])
def test_bad_arguments_give_one_line(args, message):
    r = subprocess.run([sys.executable, "-m", "delivery.lecture", *args], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr


def test_a_failing_scene_is_named_and_the_others_are_joined(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(lecture, "MEDIA", tmp_path / "media")
    monkeypatch.setattr(lecture, "ROOT", tmp_path)
    entries = [Entry("a", "First"), Entry("b", "Broken"), Entry("c", "Third")]
    monkeypatch.setattr(lecture, "available", lambda: entries)

    def fake_render(entry, quality, lang, extra, narration="on"):
        video = tmp_path / f"{entry.scene}.mp4"
        log = tmp_path / "media" / "logs" / f"{entry.scene}.log"
        if entry.scene == "Broken":
            return Result(entry, False, False, 0.1, video, video.with_suffix(".srt"), log)
        _clip(video, 15)
        return Result(entry, True, False, 0.1, video, video.with_suffix(".srt"), log)

    monkeypatch.setattr(lecture, "render_scene", fake_render)
    monkeypatch.setattr(lecture, "scene_title", lambda entry, lang="en": entry.scene)
    assert lecture.main(["--jobs", "2"]) == 1
    out, err = capsys.readouterr()
    assert "Broken failed; see media/logs/Broken.log" in err
    assert "LECTURE" in out and "First" in out and "Third" in out
    joined = tmp_path / "media" / "lecture" / "lecture.mp4"
    assert joined.exists()
    import av
    with av.open(str(joined)) as c:
        assert [ch["metadata"]["title"] for ch in c.chapters()] == ["First", "Third"]


def test_unwritable_media_folder_is_one_line(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(lecture, "MEDIA", blocker / "media")
    with pytest.raises(SystemExit) as exc:
        lecture.main([])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "is not writable" in err


def test_private_caches_stay_out_of_manims_own_folders(tmp_path):
    """A plain ``manim render`` after ``make lecture`` must not trip over the scenes' folders.

    After each LaTeX compile Manim unlinks everything in its ``tex_dir`` that is
    not an SVG; a folder there made it fail with ``IsADirectoryError``.
    """
    import configparser

    from manim import config, tempconfig
    from manim.utils.tex_file_writing import delete_nonsvg_files

    from delivery.lecture import private_caches

    media = tmp_path / "media"
    cfg = configparser.ConfigParser()
    cfg.read(private_caches(media, "UntangleCurves")[1])
    for key in ("tex_dir", "text_dir"):
        (tmp_path / cfg["CLI"][key]).mkdir(parents=True)  # as the scene's render makes them
    (media / "Tex").mkdir(exist_ok=True)
    (media / "Tex" / "left.aux").write_text("")
    with tempconfig({"media_dir": str(media), "tex_dir": str(media / "Tex")}):
        assert config.get_dir("tex_dir") == media / "Tex"
        delete_nonsvg_files()  # what a plain render does after compiling new LaTeX
    assert not (media / "Tex" / "left.aux").exists()
    assert cfg["CLI"]["max_inflight_encoders"] == "2"  # the project's manim.cfg is carried over


def test_a_silent_render_is_never_reused_for_a_narrated_one(tmp_path, monkeypatch):
    """The skip stamp holds the narration setting and the lecturer's recordings."""
    monkeypatch.setenv("DEEPWARP_VOICE_DIR", str(tmp_path / "voice"))
    e = Entry("warp", "UntangleCurves")
    on, off = (lecture._sources_hash(e, "l", "en", n) for n in ("on", "off"))
    assert on != off
    assert lecture._sources_hash(e, "l", "zh", "on") != on
    recording = tmp_path / "voice" / "en" / "UntangleCurves" / "01-Tangled.wav"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(b"RIFF")
    assert lecture._sources_hash(e, "l", "en", "on") != on  # a new recording: render again
    assert lecture._sources_hash(e, "l", "en", "off") == off  # the silent version ignores it
    assert lecture._sources_hash(e, "l", "zh", "on") == lecture._sources_hash(e, "l", "zh")


def test_narration_switch_reads_the_environment(monkeypatch):
    monkeypatch.delenv("DEEPWARP_NARRATION", raising=False)
    assert lecture.narration_setting() == "on"
    monkeypatch.setenv("DEEPWARP_NARRATION", "OFF")
    assert lecture.narration_setting() == "off"
    assert lecture.narration_setting("on") == "on"  # the flag wins


@pytest.fixture(scope="module")
def spoken_clip(tmp_path_factory):
    """The tiny scene rendered by Manim (as the lecture runs it) with its two beats' sound."""
    from tests.cli.deliver_helpers import ROOT, TINY

    media = tmp_path_factory.mktemp("spoken")
    proc = subprocess.run(
        [*lecture.MANIM, "render", "-ql", str(TINY), "TwoBeats",
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


def test_a_silent_scene_among_narrated_ones_is_named_and_silent(tmp_path, monkeypatch, capsys):
    import numpy as np

    from delivery.assemble import decode_audio, has_audio

    monkeypatch.setattr(lecture, "MEDIA", tmp_path / "media")
    monkeypatch.setattr(lecture, "ROOT", tmp_path)
    entries = [Entry("a", "Spoken"), Entry("b", "Mute")]
    monkeypatch.setattr(lecture, "available", lambda: entries)

    def fake_render(entry, quality, lang, extra, narration="on"):
        video = tmp_path / f"{entry.scene}.mp4"
        sound = np.full((1, 22050), 0.25, np.float32) if entry.scene == "Spoken" else None
        _clip(video, 15, audio=sound)
        return Result(entry, True, False, 0.1, video, video.with_suffix(".srt"), video)

    monkeypatch.setattr(lecture, "render_scene", fake_render)
    monkeypatch.setattr(lecture, "scene_title", lambda entry, lang="en": entry.scene)
    assert lecture.main([]) == 0
    out, err = capsys.readouterr()
    assert "lecture: no narration in Mute; silent in the lecture" in err
    joined = tmp_path / "media" / "lecture" / "lecture.mp4"
    assert has_audio(joined) and "one AAC track" in out
    samples, rate = decode_audio(joined)
    assert np.abs(samples[:, int(1.1 * rate):int(1.9 * rate)]).max() < 0.01  # Mute is silent
