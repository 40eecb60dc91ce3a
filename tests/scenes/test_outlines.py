"""Text outlines read back from disk are exactly the outlines parsed from the SVG."""

import numpy as np
import pytest
from manim import MathTex, SVGMobject, Text, tempconfig

import scenes.common.base  # noqa: F401  (installs the outline store, as for every scene)
from scenes.common import outlines
from scenes.common.outlines import outline_file
from scenes.common.style import MUTED, YELLOW


def test_every_lecture_scene_keeps_outlines():
    assert Text.generate_mobject is outlines.generate_mobject
    assert MathTex.generate_mobject is outlines.generate_mobject


def _state(text: Text) -> list:
    """Everything a frame is drawn from: each family member's points and style."""
    return [(m.points, m.fill_rgbas, m.stroke_rgbas, m.background_stroke_rgbas,
             m.get_stroke_width(), m.get_stroke_width(background=True))
            for m in text.family_members_with_points()]


def _assert_same(a: Text, b: Text) -> None:
    sa, sb = _state(a), _state(b)
    assert len(sa) == len(sb) > 0
    for x, y in zip(sa, sb, strict=True):
        for u, v in zip(x, y, strict=True):
            np.testing.assert_array_equal(u, v)


@pytest.fixture
def text_dir(tmp_path):
    with tempconfig({"media_dir": str(tmp_path), "text_dir": str(tmp_path / "texts"),
                     "tex_dir": str(tmp_path / "Tex")}):
        yield tmp_path / "texts"


@pytest.fixture
def parse_counter(monkeypatch):
    calls = []
    real = SVGMobject.generate_mobject

    def counted(self):
        calls.append(self)
        return real(self)

    monkeypatch.setattr(SVGMobject, "generate_mobject", counted)
    return calls


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_outlines_from_disk_equal_a_fresh_parse(text_dir, parse_counter, monkeypatch, lang):
    monkeypatch.setenv("DEEPWARP_LANG", lang)
    from scenes.common.text import label

    for s, color, size in [("loss 0.1234", YELLOW, 28), ("训练准确率 98.5 %", MUTED, 22),
                           ("w₁ = −1.23   |∇L| = 0.044", YELLOW, 36)]:
        first = label(s, size, color)    # parsed, then kept
        assert outline_file(first).exists()
        second = label(s, size, color)   # read back
        _assert_same(first, second)
    assert len(parse_counter) == 3  # each SVG parsed once


def test_a_damaged_file_is_parsed_again_and_replaced(text_dir, parse_counter):
    first = Text("epoch 12")
    file = outline_file(first)
    file.write_bytes(file.read_bytes()[:40])  # truncated, as by a crash
    again = Text("epoch 12")
    _assert_same(first, again)
    assert len(parse_counter) == 2
    third = Text("epoch 12")  # the rewritten file is good
    _assert_same(first, third)
    assert len(parse_counter) == 2


def test_an_unwritable_folder_only_costs_a_parse(text_dir, parse_counter, monkeypatch):
    def full_disk(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outlines.np, "savez", full_disk)
    a, b = Text("L = 0.149"), Text("L = 0.149")
    _assert_same(a, b)
    assert len(parse_counter) == 2
    assert not list(text_dir.parent.glob("texts-outlines/*"))  # no half-written file left


def test_maths_keeps_its_parts(text_dir, parse_counter):
    from manim import MathTex

    from scenes.common.style import ORANGE

    def make():
        eq = MathTex("z", "=", r"w_1 a_1 + w_2 a_2", "+", "b", font_size=40)
        eq.set_color_by_tex("b", ORANGE)  # found through the SVG's groups
        return eq

    first, second = make(), make()
    _assert_same(first, second)
    assert [len(p) for p in first] == [len(p) for p in second]  # same parts, same glyphs
    assert len(parse_counter) == 1  # one SVG for the whole equation, parsed once
    # Manim's LaTeX folder holds SVGs and .tex files only (it deletes anything else).
    assert not [p for p in (text_dir.parent / "Tex").iterdir() if p.is_dir()]
