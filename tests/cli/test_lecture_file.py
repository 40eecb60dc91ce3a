"""`deepwarp lecture`: lecture files, one-line errors, incremental work and the outputs.

A lecturer's folder is made under tmp_path: a scene file of their own with its words
(``words/<lang>/mine.toml``), a helper module it imports, one it does not, a CSV, and
lecture files naming them. Whether a chapter would render again is checked through its
digest (what the stamp holds), without rendering; one test renders for real.
"""

import json
import textwrap

import pytest

from delivery import lecture
from delivery.lecturefile import load
from engine.errors import ConfigError

SCENE = '''\
from manim import Circle, Create, FadeIn, Square

from helper import RADIUS
from scenes.common.base import LectureScene
from scenes.common.i18n import Catalogue
from scenes.common.style import SKY, VERMILLION

TEXT = Catalogue.of(__file__)


class Shapes(LectureScene):
    TEXT = TEXT

    def construct(self):
        self.say("circle")
        self.wait_until("round")
        self.play(Create(Circle(radius=RADIUS, color=SKY)), run_time=0.4)
        self.hold(0.2)
        self.say("square")
        self.play(FadeIn(Square(color=VERMILLION)), run_time=0.4)
        self.hold(0.2)


class Broken(LectureScene):
    def construct(self):
        raise RuntimeError("broken on purpose")
'''

WORDS = {
    "en": '''title.Shapes = "Shapes"
circle.name = "Circle"
circle.say = "First a <bookmark mark='round'/>circle."
square.name = "Square"
square.say = "Then a square."
''',
    "zh": '''title.Shapes = "形状"
circle.name = "圆"
circle.say = "先画一个<bookmark mark='round'/>圆。"
square.name = "方"
square.say = "再画一个正方形。"
''',
}

LECTURE = '''\
title = { en = "Mine", zh = "我的" }
languages = ["en", "zh"]

[[chapter]]
file = "mine.py"
class = "Shapes"

[[chapter]]
scene = "NeuronEquation"

[[chapter]]
warp = "points.csv"
hidden = [4]
title = { en = "My points", zh = "我的点" }
'''


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A lecturer's folder; recordings in its own voice/ folder."""
    (tmp_path / "mine.py").write_text(SCENE)
    (tmp_path / "helper.py").write_text("RADIUS = 1.0\n")
    (tmp_path / "other.py").write_text("UNUSED = 1\n")
    for lang, text in WORDS.items():
        (tmp_path / "words" / lang).mkdir(parents=True)
        (tmp_path / "words" / lang / "mine.toml").write_text(text)
    rows = "x1,x2,label\n" + "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40))
    (tmp_path / "points.csv").write_text(rows)
    (tmp_path / "my.toml").write_text(LECTURE)
    monkeypatch.setenv("DEEPWARP_VOICE_DIR", str(tmp_path / "voice"))
    return tmp_path


def _digest(folder, chapter: int, lang: str, narration: str = "on", quality: str = "l",
            name: str = "my.toml") -> str:
    jobs = lecture.plan(load(folder / name), [lang], quality, narration, folder / "media")
    return jobs[chapter - 1].digest()


# --- the file ----------------------------------------------------------------------------

def test_a_lecture_file_names_its_chapters(folder):
    lec = load(folder / "my.toml")
    assert [c.kind for c in lec.chapters] == ["file", "scene", "warp"]
    mine, ours, warp = lec.chapters
    assert mine.file == folder / "mine.py" and mine.scene == "Shapes"
    assert mine.title("zh") == "形状" and ours.title("zh") == "一个神经元在计算什么"
    assert warp.title("zh") == "我的点" and warp.scene == "UntangleCurves"
    assert warp.warp["dataset"] == f"csv:{folder / 'points.csv'}"  # from anywhere
    assert warp.warp["hidden"] == (4,)
    assert lec.title("zh") == "我的" and lec.languages == ("en", "zh")
    (folder / "plain.toml").write_text('[[chapter]]\nwarp = "points.csv"\n')
    untitled = load(folder / "plain.toml")
    assert untitled.chapters[0].title("en") == "Points"  # the data's name, not the scene's
    assert untitled.languages == ("en",) and untitled.title("en") == "plain"


CHAPTER_ONE = '[[chapter]]\nfile = "mine.py"\nclass = "Shapes"\n'


@pytest.mark.parametrize("body, message", [
    ('[[chapter]]\nscene = "NoSuchScene"\n',
     "my.toml: chapter 1: unknown scene 'NoSuchScene'; allowed: one of ours (FindTheFunction"),
    ('[[chapter]]\nfile = "missing.py"\nclass = "A"\n',
     "my.toml: chapter 1: no file 'missing.py'"),
    ('[[chapter]]\nfile = "mine.py"\nclass = "Circles"\n',
     "my.toml: chapter 1: no class Circles in mine.py; allowed: Shapes, Broken"),
    (CHAPTER_ONE + 'colour = "red"\n',
     "my.toml: chapter 1: unknown key 'colour'; allowed: file, class, title, say, words"),
    ('[[chapter]]\nwarp = "points.csv"\nlayers = [2]\n',
     "my.toml: chapter 1: unknown key 'layers'; allowed: warp, columns, hidden"),
    ('[[chapter]]\nwarp = "points.csv"\nactivation = "swish"\n',
     "my.toml: chapter 1: activation = 'swish'; allowed: tanh, sigmoid, relu"),
    ('[[chapter]]\nwarp = "nowhere.csv"\n', "my.toml: chapter 1: warp = 'nowhere.csv': no such"),
    (CHAPTER_ONE + 'say.circle = { en = "First a circle." }\n',
     "my.toml: chapter 1: say.circle.en: marks none; allowed: the original's marks in order: "
     "<bookmark mark='round'/>"),
    (CHAPTER_ONE + 'say.triangle = { en = "A triangle." }\n',
     "my.toml: chapter 1: say.triangle: no such beat in mine.py's words; allowed: circle, "
     "square"),
    (CHAPTER_ONE + 'say.circle = { xx = "?" }\n',
     "my.toml: chapter 1: say.circle: unknown language 'xx'; allowed: en, zh"),
    ('languages = ["en", "xx"]\n' + CHAPTER_ONE,
     "my.toml: languages: unknown language 'xx'; allowed: en, zh"),
    ('chapters = []\n', "my.toml: unknown key 'chapters'; allowed: title, languages"),
    ("", "my.toml: no chapters"),
])
def test_a_bad_lecture_file_is_one_line_naming_the_place(folder, body, message, capsys):
    (folder / "my.toml").write_text(body)
    with pytest.raises(ConfigError, match="^" + __import__("re").escape(message)):
        load(folder / "my.toml")
    assert lecture.main([str(folder / "my.toml"), "--media", str(folder / "media")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"lecture: error: {message}")


def test_a_reworded_line_keeps_its_marks_and_wins_over_the_words(folder):
    (folder / "my.toml").write_text(LECTURE.replace(
        'class = "Shapes"\n',
        'class = "Shapes"\nsay.circle = { en = "Look: a <bookmark mark=\'round\'/>ring." }\n'
        'words."circle.name" = "Ring"\n'))
    mine = load(folder / "my.toml").chapters[0]
    assert mine.words == {"en": {"circle.say": "Look: a <bookmark mark='round'/>ring.",
                                 "circle.name": "Ring"},
                          "zh": {"circle.name": "Ring"}}


def test_the_render_reads_the_rewording_through_the_catalogue(folder, monkeypatch):
    """The layer the render process applies (scenes/common/i18n.lecture_overrides)."""
    from scenes.common.i18n import Catalogue

    table = {str((folder / "mine.py").resolve()): {"en": {"square.say": "Now a square."}}}
    (folder / "words.json").write_text(json.dumps(table))
    monkeypatch.setenv("DEEPWARP_OVERRIDES", str(folder / "words.json"))
    text = Catalogue.of(folder / "mine.py")
    assert text.language("en")["square.say"] == "Now a square."
    assert text.language("en")["circle.say"] == WORDS["en"].splitlines()[2].split(" = ")[1][1:-1]
    assert text.language("zh")["square.say"] == "再画一个正方形。"


# --- incremental work: what a chapter depends on, changed one at a time -----------------

def test_a_chapter_renders_again_exactly_when_an_input_changes(folder):
    base = {lang: _digest(folder, 1, lang) for lang in ("en", "zh")}

    def changed(lang: str = "en", **kw) -> bool:
        return _digest(folder, 1, lang, **kw) != base[lang]

    assert not changed() and not changed("zh")  # nothing changed: nothing renders
    (folder / "other.py").write_text("UNUSED = 2\n")  # not imported by the scene
    assert not changed()
    (folder / "words" / "zh" / "neuron.toml").parent.mkdir(exist_ok=True)
    assert changed(quality="m") and changed(narration="off")

    (folder / "helper.py").write_text("RADIUS = 1.5\n")  # a module the scene imports
    assert changed() and changed("zh")
    base = {lang: _digest(folder, 1, lang) for lang in ("en", "zh")}

    zh = folder / "words" / "zh" / "mine.toml"
    zh.write_text(zh.read_text().replace("再画一个正方形。", "然后是正方形。"))
    assert changed("zh") and not changed("en")  # only its language renders again
    base["zh"] = _digest(folder, 1, "zh")

    (folder / "mine.py").write_text(SCENE.replace("run_time=0.4", "run_time=0.5"))
    assert changed() and changed("zh")
    base = {lang: _digest(folder, 1, lang) for lang in ("en", "zh")}

    recording = folder / "voice" / "en" / "Shapes" / "01-circle.wav"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(b"RIFF a recording")
    assert changed() and not changed("zh")
    off = _digest(folder, 1, "en", narration="off")
    recording.write_bytes(b"RIFF another take")
    assert changed() and _digest(folder, 1, "en", narration="off") == off  # silent: no voice

    base = {lang: _digest(folder, 1, lang) for lang in ("en", "zh")}
    (folder / "my.toml").write_text(LECTURE.replace(
        'class = "Shapes"\n', 'class = "Shapes"\nsay.square = { zh = "最后是正方形。" }\n'))
    assert changed("zh") and not changed("en")


def test_the_silent_lecture_in_chinese_follows_the_english_words(folder):
    """Narration off, every language is timed by the English narration (base.py), so a
    reworded English line renders the Chinese chapter again too; narrated, it does not."""
    on, off = _digest(folder, 1, "zh"), _digest(folder, 1, "zh", narration="off")
    en = folder / "words" / "en" / "mine.toml"
    en.write_text(en.read_text().replace("Then a square.", "And then a square."))
    assert _digest(folder, 1, "zh") == on and _digest(folder, 1, "zh", narration="off") != off


def test_a_warp_chapter_renders_again_when_its_data_changes(folder):
    before = _digest(folder, 3, "en")
    with (folder / "points.csv").open("a") as f:
        f.write("9,9,1\n")
    assert _digest(folder, 3, "en") != before


def test_our_scenes_depend_on_their_own_words_only(folder):
    """A chapter of ours reads its topic's words: neuron's, not warp's."""
    from delivery.depends import sources, words_files
    from delivery.lecturefile import ROOT

    modules = sources(ROOT / "scenes" / "neuron.py")
    names = {p.relative_to(ROOT).as_posix() for p in modules}
    assert {"narration/marks.py", "narration/kokoro.py", "engine/train.py",
            "scenes/common/base.py"} <= names
    assert "scenes/warp.py" not in names and "engine/artefacts/warp.py" not in names
    words = {p.relative_to(ROOT).as_posix() for p in words_files(modules, "zh", "on")}
    assert "words/zh/neuron.toml" in words and "words/zh/warp.toml" not in words
    assert "words/en/neuron.toml" not in words  # narrated Chinese reads no English


# --- for real: one render, then nothing to do -------------------------------------------

def test_a_lecture_renders_its_outputs_then_keeps_them(folder, capsys):
    """A lecturer's chapter and a failing one, English only, narration off: the failing
    chapter is named with its log, the other is joined with slides, script and storyboard;
    a second run renders nothing; a reworded line renders that chapter again."""
    (folder / "my.toml").write_text(textwrap.dedent('''\
        title = "Mine"
        [[chapter]]
        file = "mine.py"
        class = "Shapes"
        [[chapter]]
        file = "mine.py"
        class = "Broken"
        '''))
    media = folder / "media"
    args = [str(folder / "my.toml"), "--media", str(media), "--narration", "off", "--jobs", "2"]
    assert lecture.main(args) == 1
    out, err = capsys.readouterr()
    assert "lecture: chapter 2 (Broken, en) failed; see " in err and "02-Broken.log" in err
    made = media / "lectures" / "my"
    for name in ("my.mp4", "my.srt", "slides/my.html", "script.md", "storyboard.png"):
        assert (made / name).is_file(), name
    import av

    with av.open(str(made / "my.mp4")) as c:
        assert [ch["metadata"]["title"] for ch in c.chapters()] == ["Shapes"]
    html = (made / "slides" / "my.html").read_text()
    assert html.count("<section") == 2 and "<title>Mine</title>" in html
    assert "### 01 · Circle" in (made / "script.md").read_text()
    assert not list(media.rglob("*.wav"))

    assert lecture.main(args) == 1
    out, _ = capsys.readouterr()
    assert "01-Shapes unchanged, kept" in out and "my.mp4 (unchanged)" in out

    en = folder / "words" / "en" / "mine.toml"
    en.write_text(en.read_text().replace("Then a square.", "And a square."))
    assert lecture.main([*args, "--dry-run"]) == 0
    out, _ = capsys.readouterr()
    assert "01-Shapes" in out.splitlines()[0] and "would render" in out.splitlines()[0]


def test_make_slides_and_storyboards_follow_what_the_scene_imports(folder):
    """`make slides`/`make storyboard` skip a scene only when nothing it depends on changed:
    a module the scene file imports counts, not just the file itself."""
    from delivery.deliver import STORYBOARD_FLAGS, Target, _digest

    t = Target(folder / "mine.py", "Shapes", "Shapes")
    slides, board = _digest(t, ["-ql"], "en"), _digest(t, STORYBOARD_FLAGS, "en")
    assert slides != board
    (folder / "other.py").write_text("UNUSED = 3\n")
    assert _digest(t, ["-ql"], "en") == slides
    (folder / "helper.py").write_text("RADIUS = 2.0\n")
    assert _digest(t, ["-ql"], "en") != slides
    assert _digest(t, STORYBOARD_FLAGS, "en") != board


def test_a_chapters_digest_is_the_same_in_every_process(folder):
    """The stamp is compared across runs: nothing in it may follow Python's per-process hash
    order (a warp chapter's options once did, and rendered again on every run)."""
    import os
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from delivery import lecture; "
            "from delivery.lecturefile import load; "
            "jobs = lecture.plan(load(sys.argv[1]), ['en'], 'l', 'on', Path(sys.argv[2])); "
            "print(' '.join(j.digest() for j in jobs))")
    (folder / "my.toml").write_text(LECTURE.replace(
        'hidden = [4]\n', 'hidden = [4]\nepochs = 50\nlr = 0.02\nactivation = "relu"\n'))
    seen = set()
    for seed in ("1", "2", "3"):
        r = subprocess.run([sys.executable, "-c", code, str(folder / "my.toml"),
                            str(folder / "media")], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, timeout=120)
        assert r.returncode == 0, r.stderr
        seen.add(r.stdout)
    assert len(seen) == 1
