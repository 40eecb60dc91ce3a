"""The words files: every language complete and consistent, titles single, subtitles
within limits, and a fourth language added from files alone.

These tests read the text files (``words/<lang>/*.toml``, ``docs/examples/words/``) and
the scene sources as text (``ast``), never the scene modules, so a translator's file is
checked as it is written.
"""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest

from engine.errors import ConfigError
from narration.marks import LINES, MAX_CUE_S, cue_lines, cues, names, phrases, strip

ROOT = Path(__file__).resolve().parents[2]
TABLE = tomllib.loads((ROOT / "words" / "languages.toml").read_text(encoding="utf-8"))
SHIPPED = tuple(TABLE)
# Where scene files keep their words: the lecture's, and the guide's example.
SOURCES = [(ROOT / "words", ROOT / "scenes"), (ROOT / "docs" / "examples" / "words",
                                               ROOT / "docs" / "examples")]


def flat(path: Path) -> dict[str, str]:
    """A words file's entries, dotted keys flattened (as a translator's tool sees them)."""
    out: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for k, v in node.items():
            if isinstance(v, dict):
                walk(f"{prefix}{k}.", v)
            else:
                out[f"{prefix}{k}"] = v

    walk("", tomllib.loads(path.read_text(encoding="utf-8")))
    return out


def topics() -> list[tuple[Path, Path, str]]:
    """(words folder, source folder, stem) of every words file set."""
    found = []
    for words, source in SOURCES:
        for path in sorted((words / "en").glob("*.toml")):
            found.append((words, source, path.stem))
    return found


def ids(items) -> list[str]:
    return [f"{w.parent.name}/{stem}" for w, _, stem in items]


TOPICS = topics()


def languages_of(words: Path) -> list[str]:
    """The shipped languages that have a folder there (all of them for the lecture)."""
    return [code for code in SHIPPED if (words / code).is_dir()]


def test_the_files_are_found():
    stems = {stem for _, _, stem in TOPICS}
    assert {"intro", "neuron", "network", "descent", "space", "warp", "depth", "deliver",
            "xor"} <= stems
    assert {"en", "zh"} <= set(SHIPPED)


@pytest.mark.parametrize("words, source, stem", TOPICS, ids=ids(TOPICS))
def test_every_shipped_language_has_every_key(words, source, stem):
    en = flat(words / "en" / f"{stem}.toml")
    assert all(isinstance(v, str) and v for v in en.values()), stem
    for code in languages_of(words):
        other = flat(words / code / f"{stem}.toml")
        assert set(other) == set(en), (code, sorted(set(other) ^ set(en)))


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


@pytest.mark.parametrize("words, source, stem", TOPICS, ids=ids(TOPICS))
def test_same_marks_in_the_same_order_and_same_fields(words, source, stem):
    en = flat(words / "en" / f"{stem}.toml")
    for code in languages_of(words):
        other = flat(words / code / f"{stem}.toml")
        for key, text in other.items():
            assert names(text) == names(en[key]), (code, key)
            assert fields(text) == fields(en[key]), (code, key)


def scene_titles(path: Path) -> dict[str, str | None]:
    """Each scene class in ``path`` (read as text) and its ``title`` attribute: a class
    that says what it shows (a ``title``) or that has a ``construct``."""
    out: dict[str, str | None] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ClassDef):
            continue
        title = next((s.value.value for s in node.body if isinstance(s, ast.Assign)
                      and any(getattr(t, "id", "") == "title" for t in s.targets)
                      and isinstance(s.value, ast.Constant)), None)
        constructs = any(isinstance(s, ast.FunctionDef) and s.name == "construct"
                         for s in node.body)
        if title is not None or constructs:
            out[node.name] = title
    return out


SCENE_TOPICS = [t for t in TOPICS if (t[1] / f"{t[2]}.py").is_file()]


@pytest.mark.parametrize("words, source, stem", SCENE_TOPICS, ids=ids(SCENE_TOPICS))
def test_one_title_per_scene(words, source, stem):
    classes = {k: v for k, v in scene_titles(source / f"{stem}.py").items() if v is not None}
    assert classes, stem
    for code in languages_of(words):
        text = flat(words / code / f"{stem}.toml")
        titles = {k.removeprefix("title."): v for k, v in text.items() if k.startswith("title.")}
        # Every titled scene class has its title in the words, and only those do.
        assert set(titles) == set(classes), (code, sorted(set(titles) ^ set(classes)))
        # No on-screen label holds a scene's title a second time (a heading that could
        # drift from it); a beat may be named like its scene.
        for key, value in text.items():
            if not key.startswith("title.") and not key.endswith((".name", ".say")):
                assert value not in titles.values(), (code, key, value)
        # Only title.<Scene> is called a title: no bare "title" key to confuse it with.
        assert "title" not in text, (code, stem)
    english = flat(words / "en" / f"{stem}.toml")
    for name, title in classes.items():
        # The class attribute is only the English fallback: the same words.
        assert english[f"title.{name}"] == title, name


def test_the_drifted_headings_are_gone():
    """GradientDescent, OptimizerRace and LossLandscapeSlice showed a heading whose
    Chinese differed from the chapter title; the scene reads its title now."""
    source = (ROOT / "scenes" / "descent.py").read_text(encoding="utf-8")
    for key in ("gd_title", "race_title", "slice_title", "fog_title"):
        assert key not in source
        assert key not in flat(ROOT / "words" / "zh" / "descent.toml")
    for scene in ("GradientDescent", "OptimizerRace", "LossLandscapeSlice"):
        assert f'TEXT["title.{scene}"]' in source


def filled(text: str) -> str:
    """``text`` with each field filled by a typical engine number."""
    return re.sub(r"\{[^{}]*\}", "0.97", text)


@pytest.mark.parametrize("words, source, stem", TOPICS, ids=ids(TOPICS))
def test_every_beats_subtitles_keep_the_limits(words, source, stem):
    from narration import WORDS_PER_SECOND, paced

    english = flat(words / "en" / f"{stem}.toml")
    for code in languages_of(words):
        width = int(TABLE[code]["line"])
        for key, text in flat(words / code / f"{stem}.toml").items():
            if not key.endswith(".say"):
                continue
            pieces = phrases(filled(text), code)
            for p in pieces:
                lines = cue_lines(p.text, code)
                assert len(lines) <= LINES and all(len(s) <= width for s in lines), \
                    (code, key, lines)
            # Timed as the silent lecture times them (the English words at reading pace,
            # shared by the phrases), every cue keeps the width and duration limits.
            seconds = len(strip(filled(english[key])).split()) / WORDS_PER_SECOND
            starts, ends = paced(pieces, seconds, code)
            timed = [(p.text, a, b) for p, a, b in zip(pieces, starts, ends, strict=True)
                     if p.text]
            for cue, a, b in cues(timed, code, seconds):
                assert 0 < b - a <= MAX_CUE_S + 1e-9, (code, key, cue, b - a)
                assert len(cue.split("\n")) <= LINES, (code, key, cue)
                assert all(len(s) <= width for s in cue.split("\n")), (code, key, cue)


def test_every_row_names_a_known_voice_engine_and_valid_fields():
    from narration import voices

    for code, row in TABLE.items():
        voices.engine(row["voice"]["engine"])
        assert isinstance(row.get("spaces", True), bool), code
        assert row.get("fallback", "") in ("", *SHIPPED), code
        assert (ROOT / "words" / code).is_dir(), code


# --- checks at load ------------------------------------------------------------------

def _words_folder(tmp_path: Path, code: str, edit, rows: str = "") -> Path:
    """A ``$DEEPWARP_WORDS`` folder: one row ``code`` and the intro words, edited."""
    root = tmp_path / "words"
    (root / code).mkdir(parents=True)
    (root / "languages.toml").write_text(
        f'[{code}]\nname = "Test"\nfont = "DejaVu Sans"\n'
        'voice = { engine = "kokoro", style = "af_heart", speed = 1.0 }\n'
        f'line = 42\nreading = "en"\nfallback = "en"\n{rows}', encoding="utf-8")
    text = (ROOT / "words" / "en" / "intro.toml").read_text(encoding="utf-8")
    (root / code / "intro.toml").write_text(edit(text), encoding="utf-8")
    return root


def _catalogue(root: Path, monkeypatch):
    from scenes.common.i18n import Catalogue

    monkeypatch.setenv("DEEPWARP_WORDS", str(root))
    return Catalogue.of(ROOT / "scenes" / "intro.py")


def test_a_translation_with_a_mark_out_of_order_is_one_line_naming_file_and_key(
        tmp_path, monkeypatch):
    def swap(text):
        return text.replace("mark='image'", "mark='tmp'").replace(
            "mark='pixels'", "mark='image'").replace("mark='tmp'", "mark='pixels'")

    cat = _catalogue(_words_folder(tmp_path, "qa", swap), monkeypatch)
    with pytest.raises(ConfigError, match=r"qa/intro\.toml: idea\.say has the marks pixels, "
                                          r"image, digit; allowed: .* image, pixels, digit"):
        cat.language("qa")


def test_a_translation_with_a_renamed_field_is_one_line_naming_file_and_key(
        tmp_path, monkeypatch):
    cat = _catalogue(_words_folder(tmp_path, "qb", lambda t: t.replace("{total}", "{all}")),
                     monkeypatch)
    with pytest.raises(ConfigError, match=r"qb/intro\.toml: \S+ has the fields all.*allowed: "
                                          r"the English fields .*total"):
        cat.language("qb")


def test_a_draft_translation_falls_back_with_one_line(tmp_path, monkeypatch, capsys):
    def draft(text):
        return "\n".join(line for line in text.splitlines()
                         if not line.startswith(("kept =", "wrong =")))

    cat = _catalogue(_words_folder(tmp_path, "qc", draft), monkeypatch)
    words = cat.language("qc")
    english = cat.language("en")
    assert words["kept"] == english["kept"] and words["wrong"] == english["wrong"]
    notice = capsys.readouterr().err.strip().splitlines()
    assert len(notice) == 1, notice
    total = len(english)
    assert f"{total - 2} translated, 2 missing, shown in en: kept, wrong" in notice[0]


def test_a_bad_row_is_one_line(tmp_path, monkeypatch):
    from narration import languages

    root = _words_folder(tmp_path, "qd", lambda t: t, rows='spaces = "no"\n')
    monkeypatch.setenv("DEEPWARP_WORDS", str(root))
    with pytest.raises(ConfigError, match=r"\[qd\] spaces = 'no'; allowed: true, false"):
        languages.table()


# --- a fourth language, from files alone ------------------------------------------------

def test_a_fourth_language_from_files_alone(tmp_path, monkeypatch):
    """A translator's folder — a row and copies of the English words, visibly changed —
    is all a new language needs: a real scene renders in it, words on screen and in the
    subtitles."""
    from tests.scenes.frames import render_last_frame, spy_on_text

    root = tmp_path / "mywords"
    (root / "xx").mkdir(parents=True)
    (root / "languages.toml").write_text(
        '[xx]\nname = "Xx"\nfont = "DejaVu Sans"\n'
        'voice = { engine = "kokoro", style = "af_heart", speed = 1.0 }\n'
        'line = 42\nreading = "en"\nspaces = true\nfallback = "en"\n', encoding="utf-8")
    for path in (ROOT / "words" / "en").glob("*.toml"):
        # Every entry's text gets a visible "Xx " in front of it.
        text = re.sub(r'^((?:"[^"]+"|[\w.]+) = ")', r"\1Xx ", path.read_text(encoding="utf-8"),
                      flags=re.M)
        (root / "xx" / path.name).write_text(text, encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "words").rglob("*")}
    monkeypatch.setenv("DEEPWARP_WORDS", str(root))
    monkeypatch.setenv("DEEPWARP_LANG", "xx")
    monkeypatch.setenv("DEEPWARP_NARRATION", "off")
    made = spy_on_text(monkeypatch)
    from scenes.intro import FindTheFunction

    scene, frame = render_last_frame(FindTheFunction, tmp_path / "media")
    shown = [text for text, _ in made]
    assert "Xx Machine learning = finding a function f" in shown
    assert all(font == "DejaVu Sans" for _, font in made)
    assert scene.cues and all(c.startswith("Xx ") for c, _, _ in scene.cues[:1])
    assert sum(c.replace("\n", " ").count("Xx ") for c, _, _ in scene.cues) == \
        sum(1 for k, v in flat(root / "xx" / "intro.toml").items() if k.endswith(".say"))
    assert frame[..., :3].max() > 200
    # No project file was touched.
    assert before == {p: p.stat().st_mtime_ns for p in (ROOT / "words").rglob("*")}
