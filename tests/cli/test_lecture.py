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

    def fake_render(entry, quality, lang, extra):
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
